"""A native file's ``<listAnnotation>`` read from the bytes, without an element per annotation.

In a file Annotator wrote, ``<listAnnotation>`` is one line per annotation, all of one
form: the *row format*, written down in docs/tei-format.md ("The annotation rows").
Parsed by lxml that listing is most of the tree, and reading the attributes of each
element back in Python costs the reader more than parsing them (docs/performance.md,
"Figures behind choices in the code"). So the reader parses the file with the listing
taken out and an empty placeholder in its place, and the compiled scanner
(``annotator.tei._rows``) reads the rows from the bytes taken out, into columns
(``ListingRows``). Without the compiled scanner (no C compiler at install) the file is
read the usual way, as a tree, by ``annotator.tei.reader``: that reading is the
scanner's test oracle (``tests/test_tei_listing.py``).

This is exact, not a guess at the file's layout:

* The listing taken out begins at the first ``<listAnnotation>`` of the bytes. The
  placeholder carries a random marker, and the rows are used only if the parsed tree
  has that placeholder, empty, as the ``listAnnotation`` of the ``standOff``. A
  parser's state at a point depends only on the bytes before it, so the listing then
  began at markup, not inside a comment, a CDATA section or an attribute value.
* From markup, the scanner accepts only rows of the row format (attribute values
  without ``&``, ``<``, tabs or line breaks, so their parsed values are exactly the
  bytes; at most a ``ref`` and a ``note`` without markup or references in the body)
  and white space, up to the first ``</listAnnotation>``: nothing it accepts can open
  a comment, CDATA section or processing instruction, so every tag it reads is an
  element, and that end tag closes ``listAnnotation``. Anything else in it (another
  form of tag, a reference, a comment) and the file is read the usual way.
* What it accepts is well-formed and valid by construction, so RELAX NG's worker
  need not parse the listing (most of the bytes of a file with many annotations) and
  checks ``ListingSplit.for_validation`` instead: the file with one row in the
  listing's place. The argument, part by part of the row format:

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
  - Lengths: nothing taken out runs for ``LONGEST_RUN`` bytes (1 MB) without a
    ``<``, so no text, white space or value comes near the 10 MB libxml2 allows a
    text (``parsing.MAX_TEXT_BYTES``); a file with one that long is read by the
    parser, which applies its limits exactly.

  The file for validation also tells whether the file around the listing is valid;
  if it is not, or the rows are not used, ``annotator.tei.reader`` reads the usual
  way and RELAX NG checks the whole file.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from annotator.tei import NSMAP

try:  # the compiled scanner (annotator/tei/_rows.pyx), if it was built
    from annotator.tei._rows import scan as _scan
except ImportError:  # pragma: no cover - without a C compiler
    _scan = None

# No text, white space or value taken out may be this long (see the argument above).
LONGEST_RUN = 1_000_000
_START = b"<listAnnotation>"
_END = b"</listAnnotation>"


def scanner_built() -> bool:
    """Whether the compiled row scanner is there (else files are read as a tree)."""
    return _scan is not None


@dataclass(frozen=True)
class ListingSplit:
    """A native file split around its ``<listAnnotation>``: the bytes to parse, and
    the rows taken out of them."""

    # The file with an empty, marked ``<listAnnotation n="MARKER"/>`` in the
    # listing's place (the same lines: line breaks stand in for the rows).
    without_listing: bytes
    # What lay between ``<listAnnotation>`` and ``</listAnnotation>``.
    listing: bytes
    marker: str
    # For RELAX NG: the file with one row of the row format in the listing's place
    # (the same lines again).
    for_validation: bytes

    @classmethod
    def find(cls, data: bytes) -> ListingSplit | None:
        """``data`` split around its listing; None if it has no ``<listAnnotation>``
        to take out, or if there is no compiled scanner to read the rows."""
        if _scan is None:
            return None
        begin = data.find(_START)
        end = data.find(_END, begin) if begin >= 0 else -1
        if end < 0:
            return None
        marker = "split-" + secrets.token_hex(8)
        # The line breaks stay, so that every line after the listing keeps its number.
        line_breaks = b"\n" * data.count(b"\n", begin, end)
        placeholder = f'<listAnnotation n="{marker}"'.encode() + line_breaks + b"/>"
        whole = memoryview(data)  # joined from views: one copy of the bytes before it
        before, after = whole[:begin], whole[end + len(_END):]
        row = (f'<listAnnotation><annotation xml:id="{marker}" target="" ana=""/>'.encode()
               + line_breaks + _END)
        return cls(b"".join((before, placeholder, after)), data[begin + len(_START):end],
                   marker, b"".join((before, row, after)))

    def rows(self, root: etree._Element) -> ListingRows | None:
        """The rows taken out, if ``root`` (parsed from ``without_listing``) shows the
        listing began at markup and every row is of the row format; else None."""
        found = root.xpath("tei:standOff/tei:listAnnotation", namespaces=NSMAP)
        if (len(found) != 1 or len(found[0]) or found[0].text is not None
                or found[0].get("n") != self.marker or len(found[0].attrib) != 1
                or (root.getroottree().docinfo.encoding or "").upper() not in ("UTF-8", "UTF8")
                or _scan is None):
            return None
        scanned = _scan(self.listing, LONGEST_RUN)
        if scanned is None:
            return None
        *columns, highest = scanned
        if "]]>" in "".join(columns[-1]):  # (the notes, tags and all)
            return None
        return ListingRows(*columns, highest_generated=highest)


@dataclass(frozen=True)
class ListingRows:
    """The rows of a ``listAnnotation`` as columns of the strings written (""
    where an optional part is absent), offsets and lengths as ints. ``ref`` and
    ``note`` are whole elements. Every repeated value is one str."""

    id: Sequence[str]
    paragraph: Sequence[str]
    offset: Sequence[int]
    length: Sequence[int]
    more_ranges: Sequence[str]
    ana: Sequence[str]
    resp: Sequence[str]
    ref: Sequence[str]
    note: Sequence[str]
    # The highest number of an id of the form "a17" (0 if none).
    highest_generated: int | None = None

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
