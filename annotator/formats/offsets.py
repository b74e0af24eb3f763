"""The one place where the other tools' offsets become the model's and back.

The model counts Unicode code points (as Python and the W3C model do). Java and
JavaScript tools (INCEpTION, WebAnno, UIMA, Label Studio, CATMA, Recogito)
count UTF-16 code units: every character outside the Basic Multilingual Plane
(emoji, 𝔘) is one code point but two units, and shifts every offset after it.
Every format that meets such offsets converts them here, with ``Utf16Offsets``.

``SourceText`` covers the other difference between a tool's text and the
model's: line ends. A tool counts the ``\\r`` of ``\\r\\n`` (and a byte-order mark
at the start, when it kept one) as characters; the model's text has LF line
ends only (as every plain-text import: ``formats.plaintext``), so offsets past
them move back. Both classes convert in O(log n) with a bisection over the
places where the two counts differ.
"""

from __future__ import annotations

import bisect
import re

_WIDE = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Offsets:
    """Code-point offsets of ``text`` to UTF-16 code units and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Code-point offsets of the characters that take two units.
        self._wide = [m.start() for m in _WIDE.finditer(text)] if not text.isascii() else []
        # The unit offset of each of them.
        self._wide_units = [offset + index for index, offset in enumerate(self._wide)]

    @property
    def length(self) -> int:
        """The text's length in UTF-16 units."""
        return len(self.text) + len(self._wide)

    def to_units(self, offset: int) -> int:
        """The UTF-16 offset of code-point ``offset`` (0 … ``len(text)``)."""
        return offset + bisect.bisect_left(self._wide, offset)

    def to_code_points(self, units: int) -> int:
        """The code-point offset of UTF-16 offset ``units``; ``ValueError`` if it falls
        between the two halves of a character (no tool should write one)."""
        before = bisect.bisect_left(self._wide_units, units)
        if before < len(self._wide_units) and self._wide_units[before] == units - 1:
            raise ValueError(f"UTF-16 offset {units} falls inside the character "
                             f"U+{ord(self.text[self._wide[before]]):04X}")
        if before and self._wide_units[before - 1] == units - 1:
            raise ValueError(f"UTF-16 offset {units} falls inside the character "
                             f"U+{ord(self.text[self._wide[before - 1]]):04X}")
        return units - before


def utf16_length(text: str) -> int:
    """How many UTF-16 units ``text`` takes."""
    return len(text) + (0 if text.isascii() else len(_WIDE.findall(text)))


class SourceText:
    """A tool's text, the model's text made of it, and the tool's offsets converted.

    ``original`` is the text as the tool has it; ``text`` is the same without a
    leading byte-order mark and with ``\r\n`` and lone ``\r`` as ``\n``. The tool's
    offsets count into ``original``: in UTF-16 units if ``utf16`` (else code
    points), with the mark as a character if ``bom_counted``, and each ``\r\n`` as
    two characters if ``crlf_counted`` (else as one, as a tool that read the file
    with line ends converted).
    """

    def __init__(self, original: str, *, utf16: bool = False, bom_counted: bool = True,
                 crlf_counted: bool = True) -> None:
        self.original = original
        self.utf16 = utf16
        self.bom_counted = bom_counted
        self.crlf_counted = crlf_counted
        has_bom = original.startswith("\ufeff")
        self._skip = 1 if has_bom and bom_counted else 0
        body = original[1:] if has_bom else original
        # Offsets (in ``body``) of the characters the model's text leaves out: the
        # "\r" of each "\r\n" (a lone "\r" becomes "\n" and keeps its place).
        self._dropped = ([m.start() for m in re.finditer("\r\n", body)]
                         if crlf_counted else [])
        self.text = body.replace("\r\n", "\n").replace("\r", "\n")
        self.converted_line_ends = "\r" in body
        # The text the tool's offsets count in, as code points.
        counted = original if bom_counted else body
        if not crlf_counted:
            counted = counted.replace("\r\n", "\n")
        self._units = Utf16Offsets(counted) if utf16 else None

    def to_model(self, offset: int) -> int:
        """The model's offset of the tool's ``offset``; ``ValueError`` if it falls inside
        a character (half of a UTF-16 pair)."""
        if self._units is not None:
            offset = self._units.to_code_points(offset)
        offset = max(0, offset - self._skip)
        # A "\r" of "\r\n" dropped before the offset moves it back; the offset of the
        # "\r" itself becomes the offset of the "\n" that stays.
        return offset - bisect.bisect_left(self._dropped, offset)

    def to_original(self, offset: int) -> int:
        """The tool's offset of the model's ``offset``."""
        # The k-th dropped "\r" sits at model offset dropped[k] - k.
        low, high = 0, len(self._dropped)
        while low < high:
            middle = (low + high) // 2
            if self._dropped[middle] - middle < offset:
                low = middle + 1
            else:
                high = middle
        offset += low + self._skip
        return self._units.to_units(offset) if self._units is not None else offset

    def describe(self) -> str:
        """How this counts, for the import summary ("" for code points, all counted)."""
        parts = []
        if self.utf16:
            parts.append("offsets count UTF-16 units (as Java and JavaScript do)")
        if not self.crlf_counted and "\r\n" in self.original:
            parts.append("a CRLF line end counts as one character")
        if not self.bom_counted and self.original.startswith("\ufeff"):
            parts.append("offsets count from after the byte-order mark")
        return "; ".join(parts)


def countings(original: str, utf16: bool) -> list[SourceText]:
    """The ways a tool may count offsets into ``original``, the likeliest first: as
    the tool is documented to (``utf16``), then the other unit, then with line
    ends converted and without the byte-order mark."""
    found = []
    for crlf in (True, False) if "\r\n" in original else (True,):
        for bom in (True, False) if original.startswith("\ufeff") else (True,):
            for units in (utf16, not utf16) if not original.isascii() else (utf16,):
                found.append(SourceText(original, utf16=units, bom_counted=bom,
                                        crlf_counted=crlf))
    return found


Quote = tuple[int, int, str]  # a tool's [start, end) and the text it says is there


def mismatches(counting: SourceText, quotes: list[Quote]) -> list[int]:
    """The indexes of the ``quotes`` whose text is not the text at their offsets under
    ``counting`` (white space compared loosely: tools write line breaks as spaces)."""
    found = []
    text = counting.text
    for index, (start, end, quoted) in enumerate(quotes):
        try:
            shown = text[counting.to_model(start):counting.to_model(end)]
        except ValueError:
            found.append(index)
            continue
        if shown.split() != quoted.split():
            found.append(index)
    return found


def choose_counting(original: str, quotes: list[Quote], utf16: bool = False
                    ) -> tuple[SourceText, list[int]]:
    """The counting (``countings``) under which most ``quotes`` match, the likeliest
    on a tie, and the indexes of the quotes that do not match under it."""
    best: tuple[SourceText, list[int]] | None = None
    for counting in countings(original, utf16):
        misses = mismatches(counting, quotes)
        if best is None or len(misses) < len(best[1]):
            best = (counting, misses)
        if not misses:
            break
    assert best is not None
    return best
