"""The one place where model offsets and Qt positions are converted.

The model counts Unicode code points; Qt counts UTF-16 code units, so every
character outside the Basic Multilingual Plane (emoji, 𝔘) is one model offset
but two Qt positions. The view also shows paragraphs that the model separates
by a single line break with a blank line between them (QPlainTextEdit ignores
block margins), so the Qt text has one extra line break there (not between the
lines of a verse and the like: ``JOINED_KINDS``).

Both differences are "extra Qt units"; we keep their places in sorted lists
and convert with bisect in O(log n) either way.
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys

from annotator.model.document import Document

_WIDE = re.compile("[\U00010000-\U0010FFFF]")


def _has_wide_by_size(text: str) -> bool:
    # CPython stores a str in 1, 2 or 4 bytes a character, the fewest its widest
    # character needs: 4 exactly when it has a non-BMP one. The size tells which,
    # without a pass over the text (a regex scan of 5 MB takes 11 ms, encoding it
    # to UTF-16 up to 7). A cached UTF-8 copy counts in the size too: then the
    # answer may be yes for a text without one (the scan finds none), never no
    # for a text with one.
    return not text.isascii() and (
        sys.getsizeof(text) - _NON_ASCII_HEADER >= 4 * (len(text) + 1))


def _has_wide_by_encoding(text: str) -> bool:
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


# The size of a non-ASCII str's header: its size less 1 byte each for "é" and the
# terminating NUL. The size rule is used only where it answers these right.
_NON_ASCII_HEADER = sys.getsizeof("\u00e9") - 2
_has_wide = (_has_wide_by_size
             if all(_has_wide_by_size(s) == _has_wide_by_encoding(s)
                    for s in ("a", "ab\u00e9", "\u0100x", "x\U0001d518", "\U0001f600" * 9,
                              "\u00e9" * 1000, "\uffff" * 1000 + "\U00010000"))
             else _has_wide_by_encoding)

# Blocks of these kinds (``Paragraph.kind``) follow the one before on the next line,
# without a blank line between: the lines of a verse, a speech after its speaker, the
# items of a list. Everything else is set apart like a paragraph.
JOINED_KINDS = frozenset({
    ("verse", "verse"), ("speaker", "verse"), ("speaker", "paragraph"),
    ("speaker", "stage"), ("stage", "verse"), ("item", "item"), ("cell", "cell"),
})


class PositionMap:
    """Converts between model offsets (code points) and Qt positions (UTF-16 units)."""

    def __init__(self, document: Document) -> None:
        text = document.text
        # Model offsets of non-BMP characters: each takes two Qt units.
        self._wide = [m.start() for m in _WIDE.finditer(text)] if _has_wide(text) else []
        # Model offsets of paragraph starts before which the view inserts a blank line.
        # (Paragraphs one character apart have a line break between them: the model
        # separates paragraphs with line breaks only.)
        paragraphs = document.paragraphs
        self._inserts: list[int] = [
            after.start for before, after in itertools.pairwise(paragraphs)
            if after.start - before.end == 1 and text[before.end] == "\n"
            and (before.kind, after.kind) not in JOINED_KINDS]
        # Qt positions of every extra unit, for the way back.
        extra = [self.to_qt(m) + 1 for m in self._wide]
        if self._wide:
            extra += [self.to_qt(m) - 1 for m in self._inserts]
        else:  # the i-th inserted line break stands i places further on (8,000 paragraphs)
            extra += [m + i for i, m in enumerate(self._inserts)]
        self._extra = sorted(extra)
        self._qt_text: str | None = self._build_qt_text(text)
        self.model_length = len(text)
        self.qt_length = self.to_qt(len(text))

    def _build_qt_text(self, text: str) -> str:
        if not self._inserts:
            return text
        if len(self._inserts) == text.count("\n"):
            # Every line break is a paragraph break that gets its blank line (the
            # usual case): one replace at C speed instead of 8,000 slices joined.
            return text.replace("\n", "\n\n")
        pieces, last = [], 0
        for offset in self._inserts:
            pieces.append(text[last:offset])
            pieces.append("\n")
            last = offset
        pieces.append(text[last:])
        return "".join(pieces)

    @property
    def qt_text(self) -> str:
        """The text to give the QPlainTextEdit (a Python str; Qt stores it as UTF-16)."""
        if self._qt_text is None:
            raise RuntimeError("the Qt text was released (release_text)")
        return self._qt_text

    def release_text(self) -> None:
        """Drop ``qt_text`` once the widget has its copy: it is as large as the document."""
        self._qt_text = None

    def to_qt(self, offset: int) -> int:
        """Qt position of model offset ``offset`` (before the character at ``offset``)."""
        return (offset + bisect.bisect_left(self._wide, offset)
                + bisect.bisect_right(self._inserts, offset))

    def to_model(self, position: int) -> int:
        """Model offset of Qt position ``position``; an inserted blank line maps to the
        start of the following paragraph, the middle of a surrogate pair to the next
        character."""
        offset = position - bisect.bisect_left(self._extra, position)
        return max(0, min(offset, self.model_length))

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def range_to_model(self, start: int, end: int) -> tuple[int, int]:
        return self.to_model(start), self.to_model(end)

