"""The one place where model offsets and Qt positions are converted.

The model counts Unicode code points; Qt counts UTF-16 code units, so every
character outside the Basic Multilingual Plane (emoji, 𝔘) is one model offset
but two Qt positions. The view also shows paragraphs that the model separates
by a single line break with a blank line between them (QPlainTextEdit ignores
block margins), so the Qt text has one extra line break there (not between the
lines of a verse and the like: ``JOINED_KINDS``). And where the source leaves text
out (a TEI ``<gap/>``, which has no characters in the model) the view shows the sign
``GAP_SIGN``, "[…]", in the text.

A paragraph that is to read right to left though its first letter is Latin (in a
right-to-left document, "(CNN) قال ...") starts with an invisible RIGHT-TO-LEFT MARK,
U+200F, in the Qt text: it is no character of the model either, never part of a
pointer, an export or a copy.

These differences are "extra Qt units"; we keep their places in sorted lists
and convert with bisect in O(log n) either way.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import sys
from array import array
from operator import itemgetter

from annotator.gui.bidi import RLM, paragraphs_to_mark_right_to_left
from annotator.model.document import Document

_WIDE = re.compile("[\U00010000-\U0010FFFF]")


def _has_wide_by_size(text: str) -> bool:
    # CPython stores a str in 1, 2 or 4 bytes a character, the fewest its widest
    # character needs: 4 exactly when it has a non-BMP one. The size tells which,
    # without a pass over the text (a regular expression's scan or an encoding to
    # UTF-16, each milliseconds on a long text). A cached UTF-8 copy counts in the
    # size too: then the answer may be yes for a text without one (the scan finds none), never no
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
# items of a list, the lines of a page. Everything else is set apart like a paragraph.
# (A "line", the second or a later line of an <ab> or a line of a page, always follows
# on the next line.)
JOINED_KINDS = frozenset({
    ("verse", "verse"), ("speaker", "verse"), ("speaker", "paragraph"),
    ("speaker", "stage"), ("stage", "verse"), ("item", "item"), ("cell", "cell"),
    ("line", "line"),  # the lines of a page (<sourceDoc>)
})
# The kinds without which no block follows the one before without a blank line.
_KINDS_JOINED_OR_LINES = frozenset({first for first, _ in JOINED_KINDS} | {"line"})


# What the view shows where the source leaves text out (``Marker`` of kind "gap").
GAP_SIGN = "[…]"


def gap_sign(text: str, offset: int) -> str:
    """The sign shown for a gap before ``text[offset]``: "[…]", and a space after it
    when the gap stands between words (the reader's white space around a ``<gap/>``
    collapses to the one before it: "sie mussten [gap]gefahren")."""
    before = text[offset - 1] if offset > 0 else "\n"
    after = text[offset] if offset < len(text) else "\n"
    return GAP_SIGN + " " if before.isspace() and after.isalnum() else GAP_SIGN


class PositionMap:
    """Converts between model offsets (code points) and Qt positions (UTF-16 units)."""

    def __init__(self, document: Document) -> None:
        text = document.text
        # Model offsets of non-BMP characters: each takes two Qt units.
        self._wide = [m.start() for m in _WIDE.finditer(text)] if _has_wide(text) else []
        # Model offsets of paragraph starts before which the view inserts a blank line.
        self._inserts = _blank_lines_before(document)
        # Model offsets of gaps (one sign for gaps at one offset) and of paragraphs to be
        # read right to left whatever their first letter (a RIGHT-TO-LEFT MARK before
        # them: Qt takes a block's direction from its first strong character); the
        # signs shown at each (the mark before a gap's sign), the length of the gap's
        # part, and the Qt units of the signs before the i-th.
        gaps = {m.offset for m in document.markers if m.kind == "gap"}
        marks = set(paragraphs_to_mark_right_to_left(document))
        self._gaps = sorted(gaps | marks)
        self.marked_right_to_left = len(marks)
        self._marks = marks
        signs = {offset: gap_sign(text, offset) for offset in sorted(gaps)}
        self._gap_part = {offset: len(sign) for offset, sign in signs.items()}
        self._gap_signs = ([RLM * (offset in marks) + signs.get(offset, "")
                            for offset in self._gaps] if marks else list(signs.values()))
        self._gap_units = [0, *itertools.accumulate(map(len, self._gap_signs))]
        # Qt positions of every extra unit, for the way back.
        if self._wide or self._gaps:
            self._extra = self._extra_units()
        else:  # the i-th inserted line break stands i places further on (8,000 paragraphs)
            self._extra = array("q", map(operator.add, self._inserts, itertools.count()))
        self._qt_text: str | None = self._build_qt_text(text)
        self.model_length = len(text)
        self.qt_length = self.to_qt(len(text))

    def _extra_units(self) -> array:
        """The Qt position of every unit the model does not have, in order. At one model
        offset the Qt text has: the inserted line break, the gap's sign, the character."""
        events = sorted([(m, 0, 1) for m in self._inserts]
                        + [(m, 1, len(sign)) for m, sign in zip(self._gaps, self._gap_signs,
                                                                strict=True)]
                        + [(m, 2, 1) for m in self._wide])
        extra = array("q")
        shift = 0
        for offset, kind, units in events:
            start = offset + shift + (kind == 2)  # a wide character's second unit
            extra.extend(range(start, start + units))
            shift += units
        return extra

    def _build_qt_text(self, text: str) -> str:
        if not self._inserts and not self._gaps:
            return text
        if len(self._inserts) == text.count("\n") and not self._gaps:
            # Every line break is a paragraph break that gets its blank line (the
            # usual case): one replace at C speed instead of 8,000 slices joined.
            return text.replace("\n", "\n\n")
        added = sorted([(m, 0, "\n") for m in self._inserts]
                       + [(m, 1, sign) for m, sign in zip(self._gaps, self._gap_signs,
                                                          strict=True)])
        pieces, last = [], 0
        for offset, _, piece in added:
            pieces.append(text[last:offset])
            pieces.append(piece)
            last = offset
        pieces.append(text[last:])
        return "".join(pieces)

    def gap_signs(self) -> list[tuple[int, int, int]]:
        """(model offset, Qt start, Qt end) of each gap's sign."""
        return [(offset, self.to_qt(offset) - self._gap_part[offset], self.to_qt(offset))
                for offset in self._gaps if offset in self._gap_part]

    def mark_at(self, position: int) -> bool:
        """Whether Qt position ``position`` stands right before the right-to-left mark
        that begins a paragraph (the same model offset as right after it)."""
        if not self._marks:
            return False
        offset = self.to_model(position)
        if offset not in self._marks:
            return False
        i = bisect.bisect_left(self._gaps, offset)
        return self.to_qt(offset) - len(self._gap_signs[i]) == position

    def gap_at(self, position: int) -> int | None:
        """The model offset of the gap whose sign holds Qt position ``position``, or None."""
        sign = self._sign_holding(position)
        return sign[0] if sign is not None else None

    def gap_sign_around(self, position: int) -> tuple[int, int] | None:
        """(Qt start, Qt end) of the gap's sign that Qt position ``position`` stands
        inside, between two of its characters; None elsewhere (its two ends included,
        which are both the gap's model offset)."""
        sign = self._sign_holding(position)
        if sign is None or position == sign[1]:
            return None
        return sign[1], sign[2]

    def _sign_holding(self, position: int) -> tuple[int, int, int] | None:
        """(model offset, Qt start, Qt end) of the gap whose sign holds Qt position
        ``position`` (start <= position < end), or None."""
        if not self._gaps:
            return None
        offset = self.to_model(position)
        i = bisect.bisect_left(self._gaps, offset)
        if i < len(self._gaps) and self._gaps[i] == offset and offset in self._gap_part:
            end = self.to_qt(offset)
            start = end - self._gap_part[offset]
            if start <= position < end:
                return offset, start, end
        return None

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
        """Qt position of model offset ``offset`` (before the character at ``offset``,
        after a gap's sign there)."""
        position = (offset + bisect.bisect_left(self._wide, offset)
                    + bisect.bisect_right(self._inserts, offset))
        if self._gaps:
            position += self._gap_units[bisect.bisect_right(self._gaps, offset)]
        return position

    def end_to_qt(self, offset: int) -> int:
        """Qt position of ``offset`` as the end of a range: before a gap's sign there (a
        span that ends where a gap begins does not take in its sign), and before the
        right-to-left mark of the paragraph that begins there."""
        position = self.to_qt(offset)
        if self._gaps:
            i = bisect.bisect_left(self._gaps, offset)
            if i < len(self._gaps) and self._gaps[i] == offset:
                position -= len(self._gap_signs[i])
        return position

    def to_model(self, position: int) -> int:
        """Model offset of Qt position ``position``; an inserted blank line maps to the
        start of the following paragraph, the middle of a surrogate pair to the next
        character."""
        offset = position - bisect.bisect_left(self._extra, position)
        return max(0, min(offset, self.model_length))

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        q_start = self.to_qt(start)
        return q_start, max(q_start, self.end_to_qt(end))

    def range_to_model(self, start: int, end: int) -> tuple[int, int]:
        return self.to_model(start), self.to_model(end)



def _blank_lines_before(document: Document) -> array:
    """Model offsets of the paragraph starts before which the view inserts a blank line:
    those one line break after the paragraph before (the model separates paragraphs
    with line breaks only), unless the two are joined (their kinds, a line of verse, a
    paragraph continuing the one before). From the paragraphs' columns, no Paragraph
    object each; an array (one per paragraph in a text of many short ones)."""
    text = document.text
    paragraphs = document.paragraphs
    starts, ends = paragraphs.starts, paragraphs.ends
    if len(starts) < 2:
        return array("q")
    followers = starts[1:]
    if not document.continuing and not any(
            paragraphs.has_kind(kind) for kind in _KINDS_JOINED_OR_LINES):
        # Every pair may have its blank line: looked at together at C speed (a novel's
        # 5,500 paragraphs), one by one only if some pair is not one line break apart.
        if list(map(operator.sub, followers, ends)).count(1) == len(followers):
            separators = itemgetter(*ends[:-1])(text) if len(ends) > 2 else text[ends[0]]
            if "".join(separators) == "\n" * len(followers):
                return followers
    return array("q", (
        start for end, start, kinds in zip(ends, followers,
                                           itertools.pairwise(paragraphs.kinds()),
                                           strict=False)
        if start - end == 1 and text[end] == "\n"
        and kinds not in JOINED_KINDS and kinds[1] != "line"
        and start not in document.continuing))
