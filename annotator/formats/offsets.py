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
    """A tool's text and the model's text made of it, with offsets between them.

    ``original`` is the text as the tool has it; ``text`` is the same without a
    leading byte-order mark and with ``\r\n`` and lone ``\r`` as ``\n``. The tool's
    offsets count into ``original`` with the mark as a character if
    ``bom_counted``, and each ``\r\n`` as two characters if ``crlf_counted``
    (else as one, as a tool that read the file with line ends converted).
    """

    def __init__(self, original: str, bom_counted: bool = True,
                 crlf_counted: bool = True) -> None:
        self.original = original
        has_bom = original.startswith("\ufeff")
        self._skip = 1 if has_bom and bom_counted else 0
        body = original[1:] if has_bom else original
        # Offsets (in ``body``) of the characters the model's text leaves out: the
        # "\r" of each "\r\n" (a lone "\r" becomes "\n" and keeps its place).
        self._dropped = ([m.start() for m in re.finditer("\r\n", body)]
                         if crlf_counted else [])
        self.text = body.replace("\r\n", "\n").replace("\r", "\n")
        self.converted_line_ends = "\r" in body

    def to_model(self, offset: int) -> int:
        """The model's offset of the tool's ``offset``."""
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
        return offset + low + self._skip
