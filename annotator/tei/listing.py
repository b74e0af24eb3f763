"""A native file's ``<listAnnotation>`` read from the bytes, without an element per annotation.

In a file Annotator wrote, ``<listAnnotation>`` is one line per annotation, all of one
form. Parsed by lxml it is most of the tree (a 16 MB file with 100,000 annotations
parses in ~130 ms, ~20 ms without them), and reading four attributes of each
element back costs the reader another ~2.5 µs per annotation in Python. So the
reader parses the file with that element cut out and an empty placeholder in its
place, and one regular expression reads the part cut out: ~0.7 µs per annotation,
in C, into columns (``ListingRows``).

This is exact, not a guess at the file's layout:

* The cut begins at the first ``<listAnnotation>`` of the bytes. The placeholder
  carries a random marker, and the cut is used only if the parsed tree has that
  placeholder, empty, as the ``listAnnotation`` of the ``standOff``. A parser's state
  at a point depends only on the bytes before it, so the cut then began at markup,
  not inside a comment, a CDATA section or an attribute value.
* From markup, the expression accepts only annotation tags of the form the writer
  writes (attribute values without ``&``, ``<``, tabs or line breaks, so their parsed
  values are exactly the bytes; at most a ``ref`` and a ``note`` without markup or
  references in the body) and white space, up to the first ``</listAnnotation>``:
  nothing it accepts can open a comment, CDATA section or processing instruction,
  so every tag it reads is an element, and that end tag closes ``listAnnotation``.
  Anything else in it (another form of tag, a reference, a comment) and the file
  is read the usual way.
* What it accepts is well-formed and valid by construction, so RELAX NG's worker
  need not parse the part cut out (10 of the 16 MB of a file with 100,000
  annotations) and checks ``ListingCut.stand_in`` instead: the file with one
  annotation of the accepted form in the listing's place. The argument, part by part
  of what the expression accepts:

  - Tags: only ``annotation`` (``xml:id``, ``target``, ``ana``, maybe ``resp``, in
    that order, each once), empty or holding white space, maybe one ``ref`` with a
    ``target`` and then maybe one ``note``: ``annotation.body`` of annotator.rng.
    Every start tag has its end tag; the listing holds at least one annotation.
  - ``xml:id``: an NCName (what the schema checks on opening; the reader checks
    that ids are unique). ``target``, ``ana``, ``resp``: any text on opening
    (``validation.RELAXED_ON_OPEN``; the reader checks them).
    ``ref/@target``: ``#`` and a name, which is annotator.rng's ``localPointer``.
  - Characters: the text is valid UTF-8 (so it has no surrogates), and no character
    class lets through one XML forbids (C0 controls but tab, line feed and carriage
    return, U+FFFE, U+FFFF); none lets ``<`` or ``&`` into text or values, nor ``"``
    into values.
  - ``]]>``, which XML forbids in text, is looked for in the notes (``rows``).
  - Lengths: nothing cut out runs for ``LONGEST_RUN`` bytes (1 MB) without a ``<``,
    so no text, white space or value comes near the 10 MB libxml2 allows a text
    (``parsing.MAX_TEXT_BYTES``); a file with one that long is read by the parser,
    which applies its limits exactly.

  The stand-in also tells whether the file around the cut is valid; if it is not,
  or the cut is not used, ``annotator.tei.reader`` reads the usual way and RELAX NG
  checks the whole file.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from annotator.tei import NSMAP

try:  # the compiled scanner (annotator/tei/_rows.pyx), if it was built
    from annotator.tei._rows import scan as _scan
except ImportError:  # pragma: no cover - without a C compiler
    _scan = None

# No text, white space or value cut out may be this long (see the argument above).
LONGEST_RUN = 1_000_000
_START = b"<listAnnotation>"
_END = b"</listAnnotation>"
_NAME = r"[A-Za-z_][A-Za-z0-9_.\-]*"
# Parsed as written: no reference, no white space to normalise, nothing XML forbids.
_VALUE = r'[^"<&\x00-\x1f\ufffe\uffff]'
_TEXT = r"[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"  # a note's: line breaks may stay
# XML's white space (re's \s would take U+00A0 too), never given back: what follows
# it is always a "<", so backtracking into it could only cost time.
_SPACE = r"[ \t\r\n]*+"
# One annotation per match: id, the first range's paragraph, offset and length (up to
# nine digits: int() of them is exact and cheap), the rest of @target, @ana, @resp,
# the <ref> and the <note> as written (whether they are there counts, not just their
# values); or, in the last group, everything from the first character that could not
# be read (one last match, however long the rest: there is nothing more to find).
_ROW = re.compile(
    rf'{_SPACE}(?:<annotation xml:id="({_NAME})" '
    rf'target="#string-range\(({_NAME}),(0|[1-9][0-9]{{0,8}}),([1-9][0-9]{{0,8}})\)'
    rf'({_VALUE}*)" ana="({_VALUE}*)"(?: resp="({_VALUE}+)")?'
    rf'(?:/>|>{_SPACE}(?:(<ref target="#{_NAME}"/>){_SPACE})?'
    rf"(?:(<note>{_TEXT}*</note>){_SPACE})?</annotation>)"
    r"|([^ \t\r\n][\s\S]*))")


@dataclass(frozen=True)
class ListingCut:
    """The bytes to parse instead of the file, and the part cut out of them."""

    spliced: bytes
    region: bytes
    marker: str
    # For RELAX NG: the file with one annotation of the accepted form in the listing
    # (the same lines: line breaks stand in for the rest).
    stand_in: bytes

    @classmethod
    def find(cls, data: bytes) -> ListingCut | None:
        """The cut for ``data``, or None if it has no ``<listAnnotation>`` to cut out."""
        begin = data.find(_START)
        end = data.find(_END, begin) if begin >= 0 else -1
        if end < 0:
            return None
        marker = "cut-" + secrets.token_hex(8)
        # The line breaks stay, so that every line after the cut keeps its number.
        placeholder = (f'<listAnnotation n="{marker}"'.encode()
                       + b"\n" * data.count(b"\n", begin, end) + b"/>")
        whole = memoryview(data)  # joined from views: one copy of the 10 MB before the cut
        before, after = whole[:begin], whole[end + len(_END):]
        row = (f'<listAnnotation><annotation xml:id="{marker}" target="" ana=""/>'.encode()
               + b"\n" * data.count(b"\n", begin, end) + _END)
        return cls(b"".join((before, placeholder, after)), data[begin + len(_START):end],
                   marker, b"".join((before, row, after)))

    def rows(self, root: etree._Element) -> ListingRows | None:
        """The annotations cut out, if ``root`` (parsed from ``spliced``) shows the cut
        began at markup and everything cut out is of the accepted form; else None."""
        found = root.xpath("tei:standOff/tei:listAnnotation", namespaces=NSMAP)
        if (len(found) != 1 or len(found[0]) or found[0].text is not None
                or found[0].get("n") != self.marker or len(found[0].attrib) != 1
                or (root.getroottree().docinfo.encoding or "").upper() not in ("UTF-8", "UTF8")):
            return None
        if _scan is not None:
            scanned = _scan(self.region, LONGEST_RUN)
            if scanned is None:
                return None
            *columns, highest = scanned
            if "]]>" in "".join(columns[-1]):  # (the notes, tags and all)
                return None
            return ListingRows(*columns, numeric=True, highest_generated=highest)
        return rows_by_expression(self.region)


def rows_by_expression(region: bytes) -> ListingRows | None:
    """``ListingCut.rows`` by the regular expression (without the compiled scanner)."""
    if max(map(len, region.split(b"<"))) >= LONGEST_RUN:
        return None
    try:
        text = region.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # (Without white space at the end, every position matches one way or the other.)
    matches = _ROW.findall(text.rstrip(" \t\r\n"))
    if not matches:
        return None
    *columns, unread = zip(*matches, strict=True)
    if any(unread) or "]]>" in "".join(columns[-1]):  # (the notes, tags and all)
        return None
    return ListingRows(*columns, matches=matches)


@dataclass(frozen=True)
class ListingRows:
    """The annotations of a ``listAnnotation`` as columns of the strings written (""
    where an optional part is absent). ``ref`` and ``note`` are whole elements."""

    id: Sequence[str]
    paragraph: Sequence[str]
    offset: Sequence[str] | Sequence[int]  # ints when ``numeric``
    length: Sequence[str] | Sequence[int]
    more_ranges: Sequence[str]
    ana: Sequence[str]
    resp: Sequence[str]
    ref: Sequence[str]
    note: Sequence[str]
    # The compiled scanner's columns: offsets and lengths are ints, every repeated
    # value is one str, and the ids were made side by side (see cut_annotations).
    numeric: bool = False
    # The highest number of an id of the form "a17", if the scanner found it.
    highest_generated: int | None = None
    # The matches the columns came from, freed with them and not before: memory
    # freed early, in the middle of the strings, would be taken by objects the
    # document keeps, and these would then hold all of it (tens of MB) for good.
    matches: list[tuple[str, ...]] = field(repr=False, default_factory=list)

    def __len__(self) -> int:
        return len(self.id)

    def target(self, row: int) -> str:
        """@target of ``row`` as written."""
        return (f"#string-range({self.paragraph[row]},{self.offset[row]},"
                f"{self.length[row]}){self.more_ranges[row]}")


def ref_target(ref: str) -> str:
    """The @target of a ``<ref target="..."/>`` as ``ListingRows.ref`` holds it."""
    return ref[len('<ref target="'):-len('"/>')]


def note_text(note: str) -> str:
    """The text of a ``<note>...</note>`` as ``ListingRows.note`` holds it."""
    return note[len("<note>"):-len("</note>")]
