"""The offset map of a TEI file Annotator did not write: from its reading text to
the string values ``string-range`` pointers count in, and back.

The walk (``annotator.tei.walk``) makes one ``BlockMap`` per block of the reading text:
run-length *segments* that map the block's characters to (anchor element, offset in
the anchor's string value), resolved with bisect. ``TeiSource``
(``annotator.tei.source``) answers the document-wide questions with them
(``to_source``, ``to_text`` ...).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

# -- the result --------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One block of the reading text: a paragraph of the model's document."""

    kind: str
    anchor: int  # index into ``TeiSource.anchors``
    start: int  # [start, end) in the document text
    end: int


@dataclass(frozen=True)
class Anchor:
    """An element string-range pointers are relative to.

    ``id`` is its ``xml:id`` or, when the original has none (``original_id``
    False), the one saving gives it.
    """

    id: str
    original_id: bool
    element: etree._Element


@dataclass(frozen=True)
class SourceRange:
    """A piece of an annotation: [start, end) in the string value of an anchor."""

    anchor: int
    start: int
    end: int


# A segment maps a run of block characters to the anchor's string value:
# (block offset, anchor offset, length in the block, length in the anchor, raw).
# raw is None when the run maps one to one (alen == rlen), or the source text whose
# whitespace runs were collapsed (a str, or its UTF-8 from the compiled walk; the fine
# map is worked out on demand);
# alen == 0 marks the synthetic space of an <lb/>. A block keeps its segments
# flat, SEG_FIELDS values each, in one list (a tuple once the block is complete):
# segment n is segs[n * SEG_FIELDS + field]. One object per block instead of one per
# segment keeps the garbage collector out of the way on large files.
SEG_BLOCK_OFFSET, SEG_ANCHOR_OFFSET, SEG_BLOCK_LENGTH, SEG_ANCHOR_LENGTH, SEG_RAW = range(5)
SEG_FIELDS = 5


class BlockMap:
    """A block while it is being built, then its part of the offset map."""

    __slots__ = ("_aoffs", "_rstarts", "anchor", "kind", "length", "markers", "parts",
                 "pending", "scripts", "segs", "start", "synthetic")

    def __init__(self, anchor: int, kind: str, markers: list[tuple[int, str, str]] | None,
                 segs: list | tuple) -> None:
        self.anchor = anchor
        self.kind = kind
        # The reading text while it is being built: its first piece, then a list of them.
        self.parts: str | list[str] | None = None
        self.length = 0
        self.segs = segs
        # A space still to be written before the next character, as 2 * anchor offset
        # + 1 if it stands for source whitespace (real) or + 0 for an <lb/>; NO_SPACE
        # if none. Written lazily so that runs of whitespace collapse and block ends
        # are trimmed.
        self.pending = NO_SPACE
        self.markers = markers  # (offset, kind, label), or None
        self.start = 0
        self.synthetic = False  # has an <lb/> space
        self.scripts: list[tuple[int, int, str]] | None = None  # (start, end, "sub"/"sup")
        self._rstarts: Sequence[int] | None = None
        self._aoffs: tuple[list[int], list[int]] | None = None

    def rstarts(self) -> Sequence[int]:
        if self._rstarts is None:
            self._rstarts = self.segs[SEG_BLOCK_OFFSET::SEG_FIELDS]
        return self._rstarts

    def aoffs(self) -> tuple[list[int], list[int]]:
        """Anchor offsets of the real segments, and their indexes (ascending)."""
        if self._aoffs is None:
            segs = self.segs
            real = [n for n, alen in enumerate(segs[SEG_ANCHOR_LENGTH::SEG_FIELDS]) if alen]
            self._aoffs = ([segs[n * SEG_FIELDS + SEG_ANCHOR_OFFSET] for n in real], real)
        return self._aoffs

    def seg(self, index: int) -> list:
        """Segment ``index`` as [r, a, rlen, alen, raw]."""
        base = index * SEG_FIELDS
        return self.segs[base:base + SEG_FIELDS]

    def count(self) -> int:
        return len(self.segs) // SEG_FIELDS

    def real_char(self, lo: int, hi: int, first: bool) -> int | None:
        """The first (or last) block offset in [lo, hi) that is a real character."""
        segs, rstarts = self.segs, self.rstarts()
        if first:
            index = bisect_right(rstarts, lo) - 1
            while index < len(rstarts):
                base = index * SEG_FIELDS
                if segs[base + SEG_BLOCK_OFFSET] >= hi:
                    return None
                if segs[base + SEG_ANCHOR_LENGTH]:
                    return max(lo, segs[base + SEG_BLOCK_OFFSET])
                index += 1
            return None
        index = bisect_right(rstarts, hi - 1) - 1
        while index >= 0:
            base = index * SEG_FIELDS
            if segs[base + SEG_BLOCK_OFFSET] + segs[base + SEG_BLOCK_LENGTH] <= lo:
                return None
            if segs[base + SEG_ANCHOR_LENGTH]:
                return min(hi - 1,
                           segs[base + SEG_BLOCK_OFFSET] + segs[base + SEG_BLOCK_LENGTH] - 1)
            index -= 1
        return None

    def anchor_offset(self, local: int) -> int:
        """The anchor offset of the real character at block offset ``local``."""
        r, a, _, _, raw = self.seg(bisect_right(self.rstarts(), local) - 1)
        if raw is None:
            return a + local - r
        return a + raw_offset(decoded(raw), local - r)

    def block_offset(self, offset: int, after: bool) -> int | None:
        """The block offset of the first real character at anchor offset >= ``offset``
        (``after``), or of the last one at <= ``offset``; None if there is none."""
        offsets, indexes = self.aoffs()
        k = bisect_right(offsets, offset) - 1
        if k >= 0:
            r, a, rlen, alen, raw = self.seg(indexes[k])
            if offset < a + alen:
                if raw is None:
                    return r + offset - a
                return r + reading_offset(decoded(raw), offset - a, after)
        if after:
            if k + 1 >= len(indexes):
                return None
            return self.segs[indexes[k + 1] * SEG_FIELDS + SEG_BLOCK_OFFSET]
        if k < 0:
            return None
        r, _, rlen, _, _ = self.seg(indexes[k])
        return r + rlen - 1


WS_CHANGE = re.compile(r"[\t\r\n][ \t\r\n]*| [ \t\r\n]+")  # whitespace that is not " "

NO_SPACE = -2  # BlockMap.pending when no space is pending (even, like an <lb/>'s)


def decoded(raw: str | bytes) -> str:
    # The compiled walk keeps the source text as UTF-8: a copy, not a decoding, for
    # the many runs whose fine map is never asked for.
    return raw if isinstance(raw, str) else raw.decode("utf-8")


def raw_offset(raw: str, k: int) -> int:
    """Offset in ``raw`` of character ``k`` of its collapsed form."""
    shift = 0
    for match in WS_CHANGE.finditer(raw):
        space = match.start() - shift
        if k <= space:
            return k + shift
        shift += match.end() - match.start() - 1
    return k + shift


def reading_offset(raw: str, p: int, after: bool) -> int:
    """Collapsed offset of ``raw[p]``; inside a collapsed run (not on its first
    character) the character after the run's space (``after``) or the space."""
    shift = 0
    for match in WS_CHANGE.finditer(raw):
        if p < match.start():
            break
        if p < match.end():
            space = match.start() - shift
            return space + 1 if after and p > match.start() else space
        shift += match.end() - match.start() - 1
    return p - shift


