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
* Whether the part cut out is well-formed is still checked: RELAX NG's worker
  parses the whole file (``annotator.tei.reader`` reads the usual way if it cannot).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from lxml import etree

from annotator.tei import NSMAP

_START = b"<listAnnotation>"
_END = b"</listAnnotation>"
_NAME = r"[A-Za-z_][A-Za-z0-9_.\-]*"
_VALUE = r'[^"<&\t\n\r]'  # parsed as written: no reference, no white space to normalise
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
    rf'(?:/>|>{_SPACE}(?:(<ref target="{_VALUE}*"/>){_SPACE})?'
    rf"(?:(<note>[^<&\r]*</note>){_SPACE})?</annotation>)"
    r"|([^ \t\r\n][\s\S]*))")


@dataclass(frozen=True)
class ListingCut:
    """The bytes to parse instead of the file, and the part cut out of them."""

    spliced: bytes
    region: bytes
    marker: str

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
        return cls(b"".join((whole[:begin], placeholder, whole[end + len(_END):])),
                   data[begin + len(_START):end], marker)

    def rows(self, root: etree._Element) -> ListingRows | None:
        """The annotations cut out, if ``root`` (parsed from ``spliced``) shows the cut
        began at markup and everything cut out is of the accepted form; else None."""
        found = root.xpath("tei:standOff/tei:listAnnotation", namespaces=NSMAP)
        if (len(found) != 1 or len(found[0]) or found[0].text is not None
                or found[0].get("n") != self.marker or len(found[0].attrib) != 1
                or (root.getroottree().docinfo.encoding or "").upper() not in ("UTF-8", "UTF8")):
            return None
        try:
            text = self.region.decode("utf-8")
        except UnicodeDecodeError:
            return None
        # (Without white space at the end, every position matches one way or the other.)
        matches = _ROW.findall(text.rstrip(" \t\r\n"))
        if not matches:
            return None
        *columns, unread = zip(*matches, strict=True)
        return None if any(unread) else ListingRows(*columns, matches)


@dataclass(frozen=True)
class ListingRows:
    """The annotations of a ``listAnnotation`` as columns of the strings written (""
    where an optional part is absent). ``ref`` and ``note`` are whole elements."""

    id: tuple[str, ...]
    paragraph: tuple[str, ...]
    offset: tuple[str, ...]
    length: tuple[str, ...]
    more_ranges: tuple[str, ...]
    ana: tuple[str, ...]
    resp: tuple[str, ...]
    ref: tuple[str, ...]
    note: tuple[str, ...]
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
