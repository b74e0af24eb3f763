"""The document text, split into paragraphs.

The model's text is one Python string; offsets everywhere in the model count
Unicode code points into it. Paragraphs are consecutive regions of that text,
separated by a fixed separator that belongs to no paragraph. A paragraph maps
to one TEI ``<p xml:id>`` whose text content is exactly the region's text.
"""

from __future__ import annotations

import bisect
import operator
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, count

from annotator.errors import AnnotationError, ReadError
from annotator.model.paragraphs import Paragraph, Paragraphs

__all__ = ["Document", "Fragment", "Marker", "Markup", "Metadata", "Paragraph", "Paragraphs",
           "forbidden_xml_char", "is_ncname", "paragraph_separator", "split_paragraphs"]

# Characters XML 1.0 cannot carry at all, not even as character references.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def forbidden_xml_char(text: str) -> int | None:
    """Offset of the first character XML 1.0 forbids, or None."""
    match = _XML_FORBIDDEN.search(text)
    return match.start() if match else None


def is_ncname(value: str) -> bool:
    """True for the ASCII subset of XML NCNames we use for ids."""
    return bool(_NCNAME.match(value))


@dataclass(frozen=True)
class Fragment:
    """The part of a document range that falls inside one paragraph."""

    paragraph: Paragraph
    offset: int  # code points from the start of the paragraph
    length: int

    @property
    def start(self) -> int:
        return self.paragraph.start + self.offset

    @property
    def end(self) -> int:
        return self.start + self.length


@dataclass(frozen=True)
class Marker:
    """Something in the source at a point of the text that is not text itself.

    A page or column break or another milestone (``kind`` "pb", "cb", "gb",
    "milestone"), a running head or page number printed on the page ("fw"), an
    editorial gap ("gap") or the place of a note whose text is a paragraph of its
    own ("note"). ``offset`` is the position in the document text it stands
    before; ``label`` is what to show (the page number, the running head, the
    note's number), maybe "".
    """

    offset: int
    kind: str
    label: str = ""


@dataclass(frozen=True)
class Markup:
    """A span the source document already marks up as a name, a place, a date ...

    Read-only: it is not an annotation, but the user may turn such spans into
    annotations. ``element`` is the TEI element name (``persName``, ``rs`` ...),
    ``attributes`` its naming attributes (``type``, ``ref``, ``key`` ...) as
    (name, value) pairs, [start, end) its extent in the document text.
    """

    element: str
    start: int
    end: int
    attributes: tuple[tuple[str, str], ...] = ()

    def attribute(self, name: str) -> str:
        return next((value for key, value in self.attributes if key == name), "")


@dataclass
class Metadata:
    """What the TEI header says about the document itself."""

    title: str = "Untitled"
    source: str = ""
    language: str = ""
    author: str = ""  # foreign TEI documents: titleStmt/author, shown, never written
    licence: str = ""  # foreign TEI documents: publicationStmt//licence, shown, never written


@dataclass
class Document:
    """Immutable text in paragraphs. Annotations live elsewhere.

    A document read from a foreign TEI file (``annotator.tei.source``) also has
    ``markers`` (page breaks and the like, in text order), ``markup`` (names the
    source already marks, in text order), ``reserved_ids``: the ``xml:id``s the
    file already uses, which no new annotation or annotator may take, and
    ``synthetic``: offsets of characters the source does not have (the space a
    ``<lb/>`` stands for), on which no annotation may begin or end.
    """

    text: str
    # Given as any sequence of Paragraph, kept as Paragraphs (columns: annotator.model.
    # paragraphs).
    paragraphs: Paragraphs
    metadata: Metadata = field(default_factory=Metadata)
    markers: tuple[Marker, ...] = ()
    markup: tuple[Markup, ...] = ()
    reserved_ids: frozenset[str] = frozenset()
    synthetic: frozenset[int] = frozenset()
    # Spans [start, end) the view sets lower or higher: ("sub" or "sup"), the sub- and
    # superscripts of a formula.
    scripts: tuple[tuple[int, int, str], ...] = ()
    # Each paragraph's language where the source says it otherwise than the document's
    # (``xml:lang`` on a paragraph or an element around it; "" for the document's), in
    # paragraph order; empty when it never does. The view lays paragraphs out by it.
    languages: tuple[str, ...] = ()
    # Starts of the paragraphs that continue the paragraph before them: the source
    # divides one paragraph in two, a word across the seam ("Zu-" | "kunft"). The
    # view sets them on the next line, as the lines of one paragraph.
    continuing: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if not isinstance(self.paragraphs, Paragraphs):
            self.paragraphs = Paragraphs.of(self.paragraphs)

    def language_of(self, index: int) -> str:
        """The language of paragraph ``index``: its own, else the document's."""
        if self.languages and self.languages[index]:
            return self.languages[index]
        return self.metadata.language

    # -- construction -----------------------------------------------------
    @classmethod
    def from_paragraphs(cls, texts: Sequence[str], ids: Sequence[str] | None = None,
                        metadata: Metadata | None = None, *,
                        xml_chars_checked: bool = False) -> Document:
        """Build a document from paragraph texts, in order.

        Paragraphs are joined by ``"\\n"``, or by ``"\\n\\n"`` when any paragraph
        itself contains a line break, so that paragraph boundaries stay visible.
        ``xml_chars_checked`` skips the scan for characters XML cannot store, for
        texts an XML parser has produced (it refuses them), where it would only cost time
        (``docs/performance.md``, figures behind the code).
        """
        texts = list(texts)
        ids = _checked_ids(ids, len(texts))
        if not xml_chars_checked:
            for number, text in enumerate(texts, 1):
                bad = forbidden_xml_char(text)
                if bad is not None:
                    raise ReadError(
                        f"paragraph {number} contains U+{ord(text[bad]):04X}, "
                        "a control character that XML cannot store")
        separator = paragraph_separator(texts)
        return cls._of_lengths(separator.join(texts), list(map(len, texts)), len(separator),
                               ids, metadata)

    @classmethod
    def from_joined(cls, text: str, lengths: Sequence[int], ids: Sequence[str] | None = None,
                    metadata: Metadata | None = None) -> Document:
        """``from_paragraphs`` of paragraphs already joined by ``"\\n"`` into ``text``
        (``lengths``: each one's; none may hold a line break), which an XML parser has
        produced: a file of many paragraphs need not make a string of each."""
        if len(text) != sum(lengths) + max(len(lengths) - 1, 0):
            raise ValueError("the lengths do not add up to the text")
        return cls._of_lengths(text, lengths, 1, _checked_ids(ids, len(lengths)), metadata)

    @classmethod
    def _of_lengths(cls, text: str, lengths: Sequence[int], separator: int,
                    ids: list[str] | None, metadata: Metadata | None) -> Document:
        starts = array("q", accumulate(map(separator.__add__, lengths[:-1]), initial=0)
                       if len(lengths) else ())
        ends = array("q", map(operator.add, starts, lengths))
        return cls(text, Paragraphs(starts, ends, ids), metadata or Metadata())

    # -- queries ----------------------------------------------------------
    def __len__(self) -> int:
        return len(self.text)

    def paragraph(self, pid: str) -> Paragraph:
        index = self.paragraphs.index_of(pid)
        if index is None:
            raise KeyError(pid)
        return self.paragraphs[index]

    def has_paragraph(self, pid: str) -> bool:
        """True if ``pid`` is taken in the document's XML id space.

        That is a paragraph's id or one of ``reserved_ids``: callers use this
        to keep new annotation and annotator ids clear of every existing id.
        """
        return self.paragraphs.index_of(pid) is not None or pid in self.reserved_ids

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start:paragraph.end]

    def paragraph_index_at(self, offset: int) -> int:
        """Index of the paragraph containing ``offset``, or the one before a gap."""
        return max(0, bisect.bisect_right(self.paragraphs.starts, offset) - 1)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        if not self.paragraphs:
            return None
        para = self.paragraphs[self.paragraph_index_at(offset)]
        return para if para.start <= offset < para.end else None

    def fragments(self, start: int, end: int) -> list[Fragment]:
        """Split the document range [start, end) into per-paragraph pieces.

        Separators between paragraphs are in no paragraph and are skipped.
        """
        pieces: list[Fragment] = []
        if start >= end or not self.paragraphs:
            return pieces
        index = self.paragraph_index_at(start)
        while index < len(self.paragraphs):
            para = self.paragraphs[index]
            if para.start >= end:
                break
            lo, hi = max(start, para.start), min(end, para.end)
            if lo < hi:
                pieces.append(Fragment(para, lo - para.start, hi - lo))
            index += 1
        return pieces

    def trim_to_paragraphs(self, start: int, end: int) -> tuple[int, int]:
        """Shrink [start, end) so both ends lie in paragraph text, not on separators.

        Separators belong to no paragraph, so no TEI pointer can name them; a
        selection that begins or ends on one is trimmed to the text around it.
        The same holds for ``synthetic`` characters (foreign TEI only).
        Returns (start, start) when the range holds no paragraph text at all.
        """
        pieces = self.fragments(start, end)
        if not pieces:
            return start, start
        start, end = pieces[0].start, pieces[-1].end
        if self.synthetic:  # ends on characters the source does not have move inward
            while start < end and start in self.synthetic:
                start += 1
            while end > start and end - 1 in self.synthetic:
                end -= 1
        return start, end

    def check_range(self, start: int, end: int) -> None:
        """Raise ``AnnotationError`` unless both ends of [start, end) lie in paragraph text
        (and on characters that are not ``synthetic``)."""
        if not (0 <= start < end <= len(self.text)):
            raise AnnotationError(f"range {start}-{end} is outside the text (0-{len(self.text)})")
        if self.trim_to_paragraphs(start, end) != (start, end):
            if self.fragments(start, end) and (start in self.synthetic
                                               or end - 1 in self.synthetic):
                raise AnnotationError("an annotation cannot begin or end on the space that "
                                      "stands for a line break in the source")
            raise AnnotationError("an annotation must begin and end inside paragraph text, "
                                  "not on a paragraph break")


def paragraph_separator(texts: Iterable[str]) -> str:
    return "\n\n" if any("\n" in t for t in texts) else "\n"


def _checked_ids(ids: Sequence[str] | None, count_: int) -> list[str] | None:
    """``ids`` as paragraph ids of ``count_`` paragraphs (unique XML names), or None for
    the ids Annotator gives ("p" and the number), which need not be kept."""
    if ids is None:
        return None
    if len(ids) != count_:
        raise ValueError("one id per paragraph")
    if all(map(operator.eq, ids, map("p{}".format, count(1)))):
        return None
    if len(set(ids)) != len(ids):
        raise ReadError("paragraph ids are not unique")
    for pid in ids:
        if not is_ncname(pid):
            raise ReadError(f"paragraph id {pid!r} is not a valid XML name")
    return list(ids)


# A blank line (empty, or spaces and tabs only) with a line after it.
_BLANK_LINE_BEFORE_ANOTHER = re.compile(r"^[ \t]*\n", re.MULTILINE)
_NEWLINE = re.compile("\n")


def line_paragraphs(text: str) -> tuple[str, Paragraphs] | None:
    """What ``Document.from_paragraphs(split_paragraphs(text))`` makes of a text whose
    every line is a paragraph (no blank line but maybe the last), without a string
    per line: its text and paragraphs. None for any other text, which goes through
    ``split_paragraphs``. (A text of a million short lines made a million strings.)"""
    if _BLANK_LINE_BEFORE_ANOTHER.search(text) is not None:
        return None
    breaks = array("q", map(operator.methodcaller("start"), _NEWLINE.finditer(text)))
    last = text[breaks[-1] + 1:] if breaks else text
    if not last.strip(" \t"):  # a blank last line is no paragraph
        if not breaks:
            return None  # (nothing but blank: no paragraph at all)
        end = breaks.pop()
    else:
        end = len(text)
    starts = array("q", [0])
    starts.extend(map((1).__add__, breaks))
    breaks.append(end)
    return text[:end], Paragraphs(starts, breaks)


def split_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs without changing a character inside them.

    If the text has blank lines, paragraphs are the blocks between them (line
    breaks inside a block are kept); otherwise every line is a paragraph.
    Blank means empty or only spaces and tabs.
    """
    lines = text.split("\n")

    def blank(line: str) -> bool:
        return line.strip(" \t") == ""

    if not any(blank(line) for line in lines[:-1] if lines) or all(blank(x) for x in lines):
        return [line for line in lines if not blank(line)]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in lines:
        if blank(line):
            if block:
                paragraphs.append("\n".join(block))
                block = []
        else:
            block.append(line)
    if block:
        paragraphs.append("\n".join(block))
    return paragraphs
