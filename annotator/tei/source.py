"""Any TEI document as text to annotate: its reading text and an exact offset map.

``TeiSource.from_bytes(data, path)`` reads a TEI file that Annotator did not
write (a DTA letter, a DraCor play, an ELTeC novel ...) and derives the text a
reader sees from ``<text>`` (or from the pages of ``<sourceDoc>``, see ``_walked``):
headings, paragraphs, verse lines, speakers, notes ... become *blocks* (the
model's paragraphs, with a ``kind``); page breaks, running heads and gaps become
*markers*; names the file already marks up (``persName`` ...) become a read-only
*markup* layer. The rules are listed in ``docs/tei-import.md``.

Annotations on that text are stored as TEI ``string-range(ID,OFFSET,LENGTH)``
pointers. TEI counts OFFSET in the *string value* of the element with that id
(all its descendant text: whitespace, notes, both readings of a ``choice``),
not in what the reader sees, so every block keeps run-length *segments* that
map its characters back to (anchor element, offset in the anchor's string
value). The anchor of a block is the block element itself; it is given an
``xml:id`` on saving if it has none (``annotator.tei.splice``). Segments are
resolved with bisect: no per-character objects, so the 2.4 MB ELTeC novel is
read in a fraction of a second.

A block character is *real* (it is one character of the source: a letter, or
the first of a run of XML whitespace shown as one space) or *synthetic* (the
space a ``<lb/>`` stands for, the space between two tokens the file writes side
by side, a formula's fraction bar). Synthetic characters have no position in the
source, so no pointer can start or end on one: ``trim`` moves such ends inward.
White space of the source may also be left out (between tokens, around the break
in a divided word): it lies inside a pointer whose ends are around it.

Annotations saved earlier by Annotator (its ``standOff``, recognised through
the registry in ``appInfo``, see ``splice``) are read back at exactly the same
characters.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType

from lxml import etree

from annotator import collector
from annotator.errors import AnnotationError, Problem, ReadError, ValidationError, shortened
from annotator.model import (
    AnnotatedDocument,
    Annotation,
    Annotator,
    Revision,
    default_tagset,
)
from annotator.model.document import Document, Marker, Markup, Metadata, Paragraph
from annotator.tei import TEI_NS, XML_ID, XML_LANG, pointers, tei
from annotator.tei.parsing import is_ncname, parse_xml, require_tei
from annotator.tei.writer import APP_IDENT

# -- what each TEI element becomes -------------------------------------------------

# Structural containers: their own text is only indentation, their children are
# blocks. Loose text in them (rare) still becomes a block anchored on them.
_CONTAINERS = frozenset({
    "text", "front", "body", "back", "group", "div", "div1", "div2", "div3", "div4", "div5",
    "div6", "div7", "lg", "sp", "spGrp", "row", "figure",
    "floatingText", "titlePage", "docTitle", "castList", "castGroup",
})
# Lists and tables: containers between blocks, read inline inside one (a list of
# works in the middle of a sentence, "see <listBibl>...</listBibl> and ..."): their
# items, entries and cells are then phrases, set apart by a space.
_LISTS = frozenset({
    "list", "listBibl", "table", "listWit", "listPlace", "listOrg", "listEvent",
    "listObject", "listNym",
})
# Blocks that always stand on their own, even inside another block (a list in a
# paragraph splits the paragraph around it).
_BLOCKS = frozenset({
    "p", "ab", "l", "head", "item", "cell", "speaker", "titlePart", "castItem", "u",
    "opener", "closer", "epigraph", "argument", "postscript",
})
# Phrase-level elements: always part of the surrounding text. Any other element
# of another namespace is too; any other TEI element is treated as _BLOCKABLE.
_INLINE = frozenset({
    "hi", "emph", "foreign", "term", "title", "name", "persName", "placeName", "orgName",
    "geogName", "roleName", "forename", "surname", "addName", "genName", "nameLink",
    "objectName", "rs", "date", "time", "num", "measure", "measureGrp", "ref", "ptr", "seg",
    "g", "unclear", "supplied", "add", "del", "corr", "sic", "reg", "orig",
    "abbr", "expan", "ex", "am", "damage", "surplus", "mentioned", "soCalled", "gloss",
    "distinct", "address", "addrLine", "email", "idno", "stamp", "metamark", "handShift",
    "space", "anchor", "lem", "rdg", "subst", "restore", "secl", "mod", "redo", "retrace",
    "affiliation", "country", "region", "settlement", "bloc", "district", "offset", "geo",
    "street", "postCode", "lang", "formula", "listPerson", "person", "desc", "author",
    "editor", "publisher", "pubPlace", "biblScope", "edition", "imprint",
})
# Elements that stand on their own between blocks but are phrases inside one
# (a stage direction between speeches, or inside a verse line).
_BLOCKABLE = frozenset({
    "stage", "label", "dateline", "salute", "signed", "byline", "docAuthor", "docDate",
    "docEdition", "docImprint", "bibl", "trailer", "role", "roleDesc", "set", "quote",
    "q", "cit", "said",
})
# No reading text at all (their characters still count in the anchor's string value).
_SKIP = frozenset({
    "figDesc", "graphic", "binaryObject", "interp", "interpGrp", "join", "joinGrp", "link",
    "linkGrp", "span", "spanGrp", "certainty", "precision", "respons", "index", "alt",
    "altGrp", "timeline", "fs", "fLib", "fvLib", "media", "teiHeader", "facsimile",
    "sourceDoc", "standOff", "divGen",
})
# A documentary transcription (``<sourceDoc>``, read when the file's ``<text>`` gives no
# text of its own, see ``_walked``): its pages and zones hold lines, each a block.
_SOURCE_DOC_CONTAINERS = frozenset({"surfaceGrp", "surface", "zone"})
_SOURCE_DOC_BLOCKS = frozenset({"line"})
_MARKERS = frozenset({"pb", "cb", "milestone", "gb"})
_NAMING = frozenset({"persName", "placeName", "orgName", "rs", "name", "objectName", "date"})
_NAMING_ATTRIBUTES = ("type", "subtype", "ref", "key", "role", "when")

_KINDS = {
    "head": "heading", "p": "paragraph", "ab": "paragraph", "l": "verse",
    "speaker": "speaker", "stage": "stage", "item": "item", "castItem": "item",
    "roleDesc": "item", "role": "item", "label": "label", "cell": "cell", "note": "note",
    "titlePart": "title", "docTitle": "title", "docAuthor": "title", "docImprint": "title",
    "docDate": "title", "docEdition": "title", "byline": "title", "quote": "quote",
    "q": "quote", "cit": "quote", "epigraph": "quote", "said": "quote",
}
_KINDS["line"] = "line"  # a line of a page (<sourceDoc>)
# Preferred reading of a <choice>: the edited one by default, the source's on request.
_EDITED = ("reg", "expan", "corr", "lem")
_ORIGINAL = ("orig", "abbr", "sic", "rdg")
# Marks a word divided at a line end in the source: <lb/> right after them joins.
_HYPHENS = frozenset("-\u2e17\u00ac\u00ad")

_KIND_CONTAINER, _KIND_BLOCK, _KIND_BLOCKABLE, _KIND_INLINE = range(4)
_SKIPPED, _LB, _MARK, _FW, _GAP, _NOTE, _CHOICE, _NAMED, _TOKEN, _LIST, _MATH = range(4, 15)

# -- formulas ----------------------------------------------------------------------
# MathML is read in a linear form a reader can follow: sub- and superscripts set lower
# and higher (``Document.scripts``), a fraction as "numerator/denominator" with
# parentheses around a part of several terms, a root as "√(…)", space around a
# relation. The "/", the parentheses, "√" and those spaces are the view's (synthetic);
# white space between MathML elements is layout and is not shown.
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_MATH_PARTS = ("math", "mfrac", "msub", "msup", "msubsup", "msqrt", "mroot", "mo",
               "munder", "mover", "munderover")
_RELATIONS = frozenset("=≠<>≤≥≈≡∼≃≅∝→←↔⇒⇐⇔∈∉⊂⊃⊆⊇")
# A TeX formula (``<formula notation="TeX">``): fractions and scripts, the rest as
# written ("\nicefrac {7}{1}" reads "7/1", its numerator raised, its denominator
# lowered, as \nicefrac sets it).
_TEX = re.compile(r"\\(?P<frac>nicefrac|frac|dfrac|tfrac)\s*\{(?P<num>[^{}]*)\}\s*"
                  r"\{(?P<den>[^{}]*)\}|(?P<mark>[_^])(?:\{(?P<group>[^{}]*)\}|(?P<one>\w))")


def tex_pieces(text: str) -> list[tuple[str, int, int]]:
    """How a TeX formula ``text`` is read: ("text", start, end) read as text, ("skip",
    start, end) not shown, ("sub"/"sup", start, end) read as a sub-/superscript,
    ("/", 0, 0) a synthetic fraction bar."""
    pieces: list[tuple[str, int, int]] = []
    at = 0
    for match in _TEX.finditer(text):
        if match.start() > at:
            pieces.append(("text", at, match.start()))
        if match.group("frac"):
            nice = match.group("frac") == "nicefrac"
            pieces += [("skip", match.start(), match.start("num")),
                       ("sup" if nice else "text", *match.span("num")),
                       ("skip", match.end("num"), match.start("den")), ("/", 0, 0),
                       ("sub" if nice else "text", *match.span("den")),
                       ("skip", match.end("den"), match.end())]
        else:
            kind = "sub" if match.group("mark") == "_" else "sup"
            name = "group" if match.group("group") is not None else "one"
            pieces += [("skip", match.start(), match.start(name)),
                       (kind, *match.span(name)), ("skip", match.end(name), match.end())]
        at = match.end()
    if at < len(text):
        pieces.append(("text", at, len(text)))
    return [p for p in pieces if p[0] == "/" or p[2] > p[1]]


# -- tokens ------------------------------------------------------------------------
# A token (<w>, <pc>, <c>, or an item of a list read inline) has two sides. The white
# space between two tokens is the encoder's layout (one token a line), not the text's:
# what stands between them is decided by the tokens (TEI's @join, the punctuation).
_JOIN_LEFT, _JOIN_RIGHT, _APART_LEFT, _APART_RIGHT, _SPACED_RIGHT, _WORDLIKE = (
    1, 2, 4, 8, 16, 32)
_W, _PC, _C, _ITEM = range(4)
# Punctuation that has no space before it, and that which has none after it. Quotation
# marks that open in one language and close in another (“ ‘ ") are neither: the space
# of the source decides.
_CLOSING = frozenset(",.;:!?)]}…»›”%")
_OPENING = frozenset("([{¿¡„‚«‹")
# Hyphens and apostrophes as punctuation tokens join both sides ("Michaeler=haus", "l'").
_JOINING = frozenset("-\u2010\u2011=\u2e17'\u2019\u02bc")
# A word ending in an apostrophe is elided onto the next in these languages ("qu'en").
_ELIDING = frozenset("'\u2019\u02bc")
_ELIDING_LANGUAGES = frozenset({"fr", "fro", "frm", "it", "ca", "oc", "pro", "co"})
_JOINS = {"left": _JOIN_LEFT, "right": _JOIN_RIGHT, "both": _JOIN_LEFT | _JOIN_RIGHT,
          "overlap": _JOIN_LEFT | _JOIN_RIGHT, "no": _APART_LEFT | _APART_RIGHT}
_LANGUAGE = etree.XPath("string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)")


def token_sides(element: etree._Element, kind: int) -> int:
    """How token ``element`` (``_W``, ``_PC`` …) meets its neighbours: ``_JOIN_*`` bits.

    ``@join`` says it for any token; without it a closing punctuation mark joins the
    token before it, an opening one the token after it, a hyphen or an apostrophe
    both, and a word beginning with a hyphen ("-mêmes") the one before it.
    """
    sides = _WORDLIKE | _SPACED_RIGHT if kind == _W else 0
    if kind == _PC:
        mark = (element.text or "").lstrip(_XML_WS)[:1]
        if element.get("pre") == "true" or mark in _OPENING:
            sides = _JOIN_RIGHT
        elif mark and mark in _JOINING:
            sides = _JOIN_LEFT | _JOIN_RIGHT
        elif mark and mark in _CLOSING:
            sides = _JOIN_LEFT | _SPACED_RIGHT
    elif kind == _W:
        text = element.text
        if text and text[0] in "-\u2010":
            sides |= _JOIN_LEFT
    join = element.get("join")
    if join is not None:
        sides |= _JOINS.get(join, 0)
        if sides & _JOIN_RIGHT:
            sides &= ~_SPACED_RIGHT
    return sides


def _says_hyphen(element: etree._Element) -> bool:
    """Whether a line break's ``@rend`` or ``@rendition`` names a hyphen (the word goes
    on: ``rendition="#hyphen"``)."""
    return "hyphen" in (element.get("rend") or "") or "hyphen" in (
        element.get("rendition") or "")


def elides(element: etree._Element) -> bool:
    """Whether ``element`` is in a language that elides a word ending in an apostrophe
    onto the next ("qu'", "l'", "dell'")."""
    return _LANGUAGE(element).partition("-")[0].lower() in _ELIDING_LANGUAGES


def _roles() -> dict[str, int]:
    """Clark name -> role, for every TEI element with a rule of its own."""
    roles: dict[str, int] = {}
    for names, role in ((_INLINE, _KIND_INLINE), (_BLOCKABLE, _KIND_BLOCKABLE),
                        (_BLOCKS, _KIND_BLOCK), (_CONTAINERS, _KIND_CONTAINER),
                        (_SKIP, _SKIPPED), (_MARKERS, _MARK),
                        (_SOURCE_DOC_CONTAINERS, _KIND_CONTAINER),
                        (_SOURCE_DOC_BLOCKS, _KIND_BLOCK)):
        for name in names:
            roles[tei(name)] = role
    roles.update({tei("lb"): _LB, tei("fw"): _FW, tei("gap"): _GAP, tei("note"): _NOTE,
                  tei("choice"): _CHOICE, tei("app"): _CHOICE})
    roles.update({tei(name): _NAMED for name in _NAMING})  # phrases, kept as markup
    roles.update({tei(name): _TOKEN for name in ("w", "pc", "c")})
    roles.update({tei(name): _LIST for name in _LISTS})
    roles.update({f"{{{MATHML_NS}}}{name}": _MATH for name in _MATH_PARTS})
    roles[tei("formula")] = _MATH
    return roles


_TOKEN_KINDS = {tei("w"): _W, tei("pc"): _PC, tei("c"): _C}
_AB = tei("ab")


_ROLES = _roles()
_KIND_OF = {tei(name): kind for name, kind in _KINDS.items()}
_TEI_PREFIX = f"{{{TEI_NS}}}"
_XML_WS = " \t\r\n"
_STRING_LENGTH = etree.XPath("string-length(.)")
# Elements with an xml:id, and those of other namespaces (TEI schemas do not know them).
# Plain paths instead of one with a two-part predicate per element ("//*[@xml:id or
# not(self::t:*)]"): ~2 ms less on the Dingler volume and the novel (5.6 instead of
# 7.6 ms, 3.7 instead of 5.8); the foreign elements are only looked for when the
# counts show there are some.
_WITH_ID = etree.XPath("//@xml:id/..")
_ELEMENT_COUNT = etree.XPath("count(//*)")
_TEI_ELEMENT_COUNT = etree.XPath("count(//t:*)", namespaces={"t": TEI_NS})
_FOREIGN = etree.XPath("//*[not(self::t:*)]", namespaces={"t": TEI_NS})
# The pointers Annotator writes into such a file: the ids are the file's own (any
# NCName), the numbers as in its own files (``pointers``).
_RANGE = pointers.string_range(r"[^,()\s]+")

# The registry Annotator writes into a foreign file (see splice.py).
ADDED_ELEMENTS = "added"  # ptr/@type: elements Annotator added (removed whole on re-save)
ADDED_IDS = "ids"  # ptr/@type: xml:ids Annotator gave to existing elements
ANCHOR_ID_PREFIX = "ann-b"


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _string_length(element: etree._Element) -> int:
    if not len(element):  # most skipped elements are empty (pb, lb, graphic)
        return len(element.text or "")
    return int(_STRING_LENGTH(element))


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _fw_label(element: etree._Element) -> str:
    """A running head (``<fw>``) as the margin shows it."""
    return _normalise(element.xpath("string(.)"))


def _person(element: etree._Element) -> str:
    """A name as people write it: forename before surname, identifiers left out."""
    name = element.find(tei("persName"))
    if name is not None:
        element = name
    forename, surname = element.find(tei("forename")), element.find(tei("surname"))
    if forename is not None and surname is not None:
        return _normalise(f"{forename.xpath('string(.)')} {surname.xpath('string(.)')}")
    return _normalise("".join(element.xpath(".//text()[not(ancestor::tei:idno)]",
                                            namespaces={"tei": TEI_NS})))


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
# flat, _SEG values each, in one list (a tuple once the block is complete):
# segment n is segs[n * _SEG + field]. One object per block instead of one per
# segment keeps the garbage collector out of the way on large files.
_R, _A, _RL, _AL, _RAW = range(5)
_SEG = 5


class _Block:
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
        # + 1 if it stands for source whitespace (real) or + 0 for an <lb/>; _NO_SPACE
        # if none. Written lazily so that runs of whitespace collapse and block ends
        # are trimmed.
        self.pending = _NO_SPACE
        self.markers = markers  # (offset, kind, label), or None
        self.start = 0
        self.synthetic = False  # has an <lb/> space
        self.scripts: list[tuple[int, int, str]] | None = None  # (start, end, "sub"/"sup")
        self._rstarts: Sequence[int] | None = None
        self._aoffs: tuple[list[int], list[int]] | None = None

    def rstarts(self) -> Sequence[int]:
        if self._rstarts is None:
            self._rstarts = self.segs[_R::_SEG]
        return self._rstarts

    def aoffs(self) -> tuple[list[int], list[int]]:
        """Anchor offsets of the real segments, and their indexes (ascending)."""
        if self._aoffs is None:
            segs = self.segs
            real = [n for n, alen in enumerate(segs[_AL::_SEG]) if alen]
            self._aoffs = ([segs[n * _SEG + _A] for n in real], real)
        return self._aoffs

    def seg(self, index: int) -> list:
        """Segment ``index`` as [r, a, rlen, alen, raw]."""
        base = index * _SEG
        return self.segs[base:base + _SEG]

    def count(self) -> int:
        return len(self.segs) // _SEG

    def real_char(self, lo: int, hi: int, first: bool) -> int | None:
        """The first (or last) block offset in [lo, hi) that is a real character."""
        segs, rstarts = self.segs, self.rstarts()
        if first:
            index = bisect_right(rstarts, lo) - 1
            while index < len(rstarts):
                base = index * _SEG
                if segs[base + _R] >= hi:
                    return None
                if segs[base + _AL]:
                    return max(lo, segs[base + _R])
                index += 1
            return None
        index = bisect_right(rstarts, hi - 1) - 1
        while index >= 0:
            base = index * _SEG
            if segs[base + _R] + segs[base + _RL] <= lo:
                return None
            if segs[base + _AL]:
                return min(hi - 1, segs[base + _R] + segs[base + _RL] - 1)
            index -= 1
        return None

    def anchor_offset(self, local: int) -> int:
        """The anchor offset of the real character at block offset ``local``."""
        r, a, _, _, raw = self.seg(bisect_right(self.rstarts(), local) - 1)
        if raw is None:
            return a + local - r
        return a + _raw_offset(_decoded(raw), local - r)

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
                return r + _reading_offset(_decoded(raw), offset - a, after)
        if after:
            return self.segs[indexes[k + 1] * _SEG + _R] if k + 1 < len(indexes) else None
        if k < 0:
            return None
        r, _, rlen, _, _ = self.seg(indexes[k])
        return r + rlen - 1


_WS_CHANGE = re.compile(r"[\t\r\n][ \t\r\n]*| [ \t\r\n]+")  # whitespace that is not " "
_NEWLINE = re.compile("\n *")


def _collapse(core: str) -> str:
    """``core`` (no whitespace at either end) with every run of XML whitespace as one space.

    Replacing a newline and the indentation after it first (a literal-prefix
    search) is twice as fast as the general expression alone on indented files,
    where almost every run is exactly that; collapsing is idempotent, so the
    general expression then tidies whatever is left.
    """
    if "\n" in core:
        core = _NEWLINE.sub(" ", core)
    if "  " in core or "\t" in core or "\r" in core or "\n" in core:
        core = _WS_CHANGE.sub(" ", core)
    return core


def _decoded(raw: str | bytes) -> str:
    # The compiled walk keeps the source text as UTF-8: a copy, not a decoding, for
    # the many runs whose fine map is never asked for.
    return raw if isinstance(raw, str) else raw.decode("utf-8")


def _raw_offset(raw: str, k: int) -> int:
    """Offset in ``raw`` of character ``k`` of its collapsed form."""
    shift = 0
    for match in _WS_CHANGE.finditer(raw):
        space = match.start() - shift
        if k <= space:
            return k + shift
        shift += match.end() - match.start() - 1
    return k + shift


def _reading_offset(raw: str, p: int, after: bool) -> int:
    """Collapsed offset of ``raw[p]``; inside a collapsed run (not on its first
    character) the character after the run's space (``after``) or the space."""
    shift = 0
    for match in _WS_CHANGE.finditer(raw):
        if p < match.start():
            break
        if p < match.end():
            space = match.start() - shift
            return space + 1 if after and p > match.start() else space
        shift += match.end() - match.start() - 1
    return p - shift


class _Context:
    """The element whose text is being read: the anchor of the blocks it makes."""

    __slots__ = ("anchor", "base", "block", "is_block", "kind", "lines", "notes")

    def __init__(self, anchor: int, base: int, kind: str, is_block: bool,
                 lines: bool = False) -> None:
        self.anchor = anchor
        self.base = base  # string-value position of the element's start
        self.kind = kind
        self.is_block = is_block
        # An <ab>: its <lb/>s begin lines (verse in a play, the lines of an inscription).
        self.lines = lines
        self.block: _Block | None = None
        # Note blocks waiting for the block they interrupt (None: none yet).
        self.notes: list[_Block] | None = None


_NO_SPACE = -2  # _Block.pending when no space is pending (even, like an <lb/>'s)
# _Block.pending in a word divided at a line or page break: no space, and the white
# space until the word goes on is the layout of the file.
_JOIN = -4


def _drop_space(block: _Block) -> None:
    """No space where one is pending: markers that were to follow it stand at the end."""
    if block.pending >= 0:
        if block.markers:
            length = block.length
            block.markers = [(min(at, length), k, v) for at, k, v in block.markers]
        block.pending = _NO_SPACE


class _Extractor:
    """One walk over ``<text>`` in document order, counting every character."""

    def __init__(self, prefer_original: bool) -> None:
        self.readings = _ORIGINAL + _EDITED if prefer_original else _EDITED + _ORIGINAL
        self.gpos = 0  # position in the string value of all <text>s together
        self.anchors: list[etree._Element] = []
        self.out: list[_Block] = []
        self.loose_markers: list[tuple[str, str]] = []
        self.ctx: _Context | None = None
        self.in_note = 0
        self.markup: list[tuple[int, int, int, str, tuple[tuple[str, str], ...]]] = []
        self.roles = dict(_ROLES)  # and the roles of other elements met, once looked up
        # The last token read: its block, that block's length after it (nothing read
        # since while it is still the length) and its sides (``token_sides``).
        self.token_block: _Block | None = None
        self.token_end = -1
        self.token_sides = 0
        self.in_word = 0  # inside a <w>: a line break in it does not part the word
        self.flat = 0  # inside a list read inline
        self.in_math = 0  # inside MathML: white space between its elements is not shown
        # Divided words marked on the line break before the line they end
        # (``TeiSource._read``): each ``@break="no"`` then applies to the next break.
        self.breaks_shifted = False
        self.breaks = 0  # line breaks marked break="no" in a block
        self.breaks_after_stop = 0  # of them, those after a full stop, comma …
        self.divide_next = False

    # -- walking ----------------------------------------------------------------
    def text_element(self, element: etree._Element) -> None:
        self.context(element, "paragraph", is_block=False)

    def context(self, element: etree._Element, kind: str, is_block: bool,
                split: bool = True) -> None:
        """Read ``element`` as the anchor of its own blocks.

        With ``split`` the block being built around it ends here (a list inside
        a paragraph); a note does not end it (``note`` places it afterwards).
        """
        outer = self.ctx
        if outer is not None and split and (outer.block is not None or outer.notes):
            self.flush(outer)
        anchors = self.anchors
        anchors.append(element)
        if not len(element):  # only text (most paragraphs): the fast path
            text = element.text
            if text:
                self.leaf(text, len(anchors) - 1, "note" if self.in_note else kind)
            return
        ctx = _Context(len(anchors) - 1, self.gpos, "note" if self.in_note else kind, is_block,
                       element.tag == _AB)
        self.ctx = ctx
        self.children(element)
        if ctx.block is not None or ctx.notes:
            self.flush(ctx)
        self.ctx = outer

    def children(self, element: etree._Element) -> None:
        feed = self.feed
        text = element.text
        if text:
            feed(text)
        roles = self.roles
        for child in element:
            tag = child.tag
            if isinstance(tag, str):
                role = roles.get(tag)
                if role is None:  # unknown: a block between blocks (TEI), a phrase otherwise
                    role = roles[tag] = (_KIND_BLOCKABLE if tag.startswith(_TEI_PREFIX)
                                         else _KIND_INLINE)
                # The common cases first: what ``element`` would do, without the calls.
                if role == _KIND_INLINE:
                    if len(child):
                        self.children(child)
                    else:
                        text = child.text
                        if text:
                            feed(text)
                elif role == _KIND_BLOCK and not len(child) and not self.flat:
                    # a paragraph of text only
                    ctx = self.ctx
                    if ctx.block is not None or ctx.notes:  # type: ignore[union-attr]
                        self.flush(ctx)  # type: ignore[arg-type]
                    anchors = self.anchors
                    anchors.append(child)
                    text = child.text
                    if text:
                        self.leaf(text, len(anchors) - 1,
                                  "note" if self.in_note else _KIND_OF.get(tag, "paragraph"))
                else:
                    self.element(child, tag, role)
            # Comments and processing instructions are not in the string value;
            # the text after them is.
            tail = child.tail
            if tail:
                if self.ctx.block is None and not tail.strip(_XML_WS):  # type: ignore[union-attr]
                    self.gpos += len(tail)  # indentation between blocks: the common case
                else:
                    feed(tail)

    def element(self, element: etree._Element, tag: str | None = None,
                role: int | None = None) -> None:
        if tag is None:
            tag = element.tag
            role = self.roles.get(tag)
            if role is None:
                role = _KIND_BLOCKABLE if tag.startswith(_TEI_PREFIX) else _KIND_INLINE
        ctx = self.ctx
        assert ctx is not None
        if self.flat and role <= _KIND_BLOCKABLE:  # type: ignore[operator]
            self.token(element, _ITEM)  # an item of a list read inline
        elif role == _KIND_INLINE or (role == _KIND_BLOCKABLE and ctx.is_block):
            self.children(element)
        elif role == _TOKEN:
            self.token(element, _TOKEN_KINDS[tag])
        elif role == _MATH:
            self.math(element, tag[tag.find("}") + 1:])
        elif role == _LIST:
            # In a paragraph read inline; a list in a list's item or a table's cell is
            # a list of its own (an outline).
            if (ctx.is_block and ctx.kind not in ("item", "cell")) or self.flat:
                self.token(element, _ITEM)
            else:
                self.context(element, "paragraph", False)
        elif role == _NAMED:
            start = self.gpos
            self.children(element)
            attrs = tuple((a, element.get(a)) for a in _NAMING_ATTRIBUTES
                          if element.get(a) is not None)
            self.markup.append((ctx.anchor, start - ctx.base, self.gpos - ctx.base,
                                tag[tag.find("}") + 1:], attrs))
        elif role <= _KIND_BLOCKABLE:  # type: ignore[operator]
            self.context(element, _KIND_OF.get(tag, "paragraph"), role != _KIND_CONTAINER)
        elif role == _LB:
            self.line_break(ctx, element)
        elif role == _MARK:
            self.marker(ctx, local_name(element), element.get("n", ""))
            self.gpos += _string_length(element)
            self.page_break(ctx, element)
        elif role == _FW:
            self.marker(ctx, "fw", _fw_label(element))
            self.gpos += _string_length(element)
        elif role == _GAP:
            self.marker(ctx, "gap", element.get("reason", ""))
            self.gpos += _string_length(element)
        elif role == _NOTE:
            self.note(ctx, element)
        elif role == _CHOICE:
            self.choice(element)
        else:  # _SKIPPED
            self.gpos += _string_length(element)

    def choice(self, element: etree._Element) -> None:
        """Read one child of ``<choice>``/``<app>``; count the others' characters only."""
        chosen = None
        for name in self.readings:
            chosen = element.find(tei(name))
            if chosen is not None:
                break
        if chosen is None:
            chosen = next(element.iterchildren(etree.Element), None)
        # Text directly in a choice is indentation (its content model is elements only).
        self.gpos += len(element.text or "")
        for child in element:
            if child is chosen:
                self.element(child)
            elif isinstance(child.tag, str):
                self.gpos += _string_length(child)
            self.gpos += len(child.tail or "")

    def note(self, ctx: _Context, element: etree._Element) -> None:
        """A note is its own block(s), placed after the block it interrupts."""
        self.marker(ctx, "note", element.get("n", ""))
        out, loose = self.out, self.loose_markers
        self.out, self.loose_markers = [], []
        self.in_note += 1
        tokens = self.token_block, self.token_end, self.token_sides, self.flat
        self.flat = 0
        self.context(element, "note", is_block=True, split=False)
        self.token_block, self.token_end, self.token_sides, self.flat = tokens
        self.in_note -= 1
        blocks = self.out
        self.out, self.loose_markers = out, loose
        # Inside a block (or a run of loose text) the note waits for that block's end.
        if ctx.is_block or ctx.block is not None:
            if ctx.notes is None:
                ctx.notes = blocks
            else:
                ctx.notes += blocks
        else:
            out += blocks

    def line_break(self, ctx: _Context, element: etree._Element) -> None:
        self.gpos += _string_length(element)
        block = ctx.block
        divided = element.get("break") == "no"
        if divided and not self.breaks_shifted and block is not None and block.length:
            self.breaks += 1
            if block.parts[-1][-1] in ".,;:!?":  # type: ignore[index]
                self.breaks_after_stop += 1
        if self.breaks_shifted:
            divided, self.divide_next = self.divide_next, divided
        if block is None or not block.length:
            return
        if self.in_word or divided or _says_hyphen(element) or (
                element.get("break") != "yes"
                and block.parts[-1][-1] in _HYPHENS):  # type: ignore[index]
            # A word divided at the line end: join the halves, over the white space
            # around the break and any page break or running head between them.
            _drop_space(block)
            block.pending = _JOIN
        elif block.pending == _JOIN:
            return
        elif ctx.lines and not self.flat and not self.in_note and element.get("ed") is None \
                and element.get("edRef") is None:
            self.flush(ctx)  # a line of its own
            ctx.kind = "line"
        elif block.pending < 0:
            block.pending = 2 * (self.gpos - ctx.base)

    def page_break(self, ctx: _Context, element: etree._Element) -> None:
        """A page or column break inside a word (``@break="no"``, or after a hyphen)
        joins its halves as a line break does."""
        block = ctx.block
        if block is None or not block.length or block.pending == _JOIN:
            return
        divided = element.get("break")
        if divided == "no" or (divided != "yes" and local_name(element) in ("pb", "cb")
                               and block.parts[-1][-1] in _HYPHENS):  # type: ignore[index]
            _drop_space(block)
            block.pending = _JOIN

    def token(self, element: etree._Element, kind: int) -> None:
        """A token: the space before it as its sides and its neighbour's say, then its
        text (``token_sides``)."""
        if self.in_word:  # a part of a word (<pc>=</pc> in <w>buch=druckerey</w>)
            self.children(element)
            return
        ctx: _Context = self.ctx  # type: ignore[assignment]
        sides = token_sides(element, kind) if kind != _ITEM else _WORDLIKE | _SPACED_RIGHT
        block = ctx.block
        length = -1
        if block is not None:
            length = block.length
            if block is self.token_block and length == self.token_end:
                # Only white space, line breaks or markers since the token before.
                before = self.token_sides
                if sides & _JOIN_LEFT or before & _JOIN_RIGHT:
                    _drop_space(block)
                elif block.pending == _NO_SPACE and (
                        sides & _APART_LEFT or before & _APART_RIGHT
                        or (sides & _WORDLIKE and before & _SPACED_RIGHT)):
                    block.pending = 2 * (self.gpos - ctx.base)  # a space the source has not
        if kind == _W:
            self.in_word += 1
            self.children(element)
            self.in_word -= 1
        elif kind == _ITEM:
            self.flat += 1
            self.children(element)
            self.flat -= 1
        else:
            self.children(element)
        before_block, block = block, ctx.block
        if block is None:
            self.token_block = None
            return
        if kind == _W and not sides & _JOIN_RIGHT and (block is not before_block
                                                        or block.length != length):
            parts = block.parts
            if (parts if isinstance(parts, str) else parts[-1])[-1] in _ELIDING \
                    and elides(element):
                sides = (sides | _JOIN_RIGHT) & ~_SPACED_RIGHT
        self.token_block = block
        self.token_end = block.length
        self.token_sides = sides

    # -- formulas ---------------------------------------------------------------
    def math(self, element: etree._Element, name: str) -> None:
        """A formula in the linear form of ``MATHML_NS``'s comment."""
        ctx: _Context = self.ctx  # type: ignore[assignment]
        if name == "formula":
            notation = (element.get("notation") or "").lower()
            if "tex" in notation and not len(element):
                self.tex(ctx, element.text or "")
            else:
                self.children(element)
            return
        self.in_math += 1
        if name == "mo":
            relation = (element.text or "").strip(_XML_WS) in _RELATIONS and not len(element)
            if relation:
                self.math_space(ctx)
            self.children(element)
            if relation:
                self.math_space(ctx)
        elif name == "mfrac":
            self.math_parts(element, ("part", "/", "part"))
        elif name in ("msub", "munder"):
            self.math_parts(element, ("base", "sub"))
        elif name in ("msup", "mover"):
            self.math_parts(element, ("base", "sup"))
        elif name in ("msubsup", "munderover"):
            self.math_parts(element, ("base", "sub", "sup"))
        elif name == "msqrt":
            self.add_synthetic(ctx, "√(")
            self.children(element)
            self.add_synthetic(ctx, ")")
        elif name == "mroot":
            self.math_parts(element, ("√(", "base", ")", "sup"))  # the index last: "√(x)³"
        else:  # math
            self.children(element)
        self.in_math -= 1

    def math_parts(self, element: etree._Element, how: tuple[str, ...]) -> None:
        """Read the element children of ``element`` in turn as ``how`` says: "base" as
        it is, "part" in parentheses if it has several terms, "sub"/"sup" as a script;
        other entries are synthetic text written before the next child."""
        ctx: _Context = self.ctx  # type: ignore[assignment]
        text = element.text
        if text:
            self.feed(text)
        steps = iter(how)
        for child in element:
            if isinstance(child.tag, str):
                step = next(steps, "base")
                while step not in ("base", "part", "sub", "sup"):
                    self.add_synthetic(ctx, step)
                    step = next(steps, "base")
                if step == "part" and local_name(child) in ("mrow", "mfrac") \
                        and len(child) > 1:
                    self.add_synthetic(ctx, "(")
                    self.element(child)
                    self.add_synthetic(ctx, ")")
                elif step in ("sub", "sup"):
                    self.script(ctx, child, step)
                else:
                    self.element(child)
            tail = child.tail
            if tail:
                self.feed(tail)
        for step in steps:  # synthetic text after the last child ("√(x)")
            if step not in ("base", "part", "sub", "sup"):
                self.add_synthetic(ctx, step)

    def script(self, ctx: _Context, child: etree._Element | None, kind: str,
               text: str | None = None) -> None:
        """Read ``child`` (or feed ``text``) as a sub- or superscript."""
        block = ctx.block
        # after the space still to be written before it, if any
        start = block.length + (block.pending >= 0) if block is not None else 0
        if child is not None:
            self.element(child)
        else:
            self.feed(text)  # type: ignore[arg-type]
        after = ctx.block
        if after is not None and (after is block or block is None) and after.length > start:
            if after.scripts is None:
                after.scripts = []
            after.scripts.append((start, after.length, kind))

    def tex(self, ctx: _Context, text: str) -> None:
        """A TeX formula (``tex_pieces``)."""
        for kind, start, end in tex_pieces(text):
            if kind == "text":
                self.feed(text[start:end])
            elif kind == "skip":
                self.gpos += end - start
            elif kind == "/":
                self.add_synthetic(ctx, "/")
            else:
                self.script(ctx, None, kind, text[start:end])

    def math_space(self, ctx: _Context) -> None:
        """A synthetic space around a relation, unless one is there."""
        block = ctx.block
        if block is not None and block.length and block.pending == _NO_SPACE:
            block.pending = 2 * (self.gpos - ctx.base)

    def add_synthetic(self, ctx: _Context, chars: str) -> None:
        """Write ``chars`` that the source has not (after a pending space)."""
        at = self.gpos - ctx.base
        block = ctx.block
        if block is None:
            loose = self.loose_markers
            markers = None
            if loose:
                markers = [(0, k, v) for k, v in loose]
                self.loose_markers = []
            block = ctx.block = _Block(ctx.anchor, ctx.kind, markers, [])
            block.parts = []
        parts = block.parts
        if isinstance(parts, str):
            parts = block.parts = [parts]
        segs = block.segs
        length = block.length
        pending = block.pending
        if pending >= 0:
            space = pending >> 1
            if pending & 1 and segs[-1] is None and segs[-2] and segs[-4] + segs[-2] == space:
                segs[-3] += 1
                segs[-2] += 1
            else:
                segs += (length, space, 1, pending & 1, None)
            parts.append(" ")  # type: ignore[union-attr]
            length += 1
        for char in chars:
            segs += (length, at, 1, 0, None)
            parts.append(char)  # type: ignore[union-attr]
            length += 1
        block.length = length
        block.pending = _NO_SPACE
        block.synthetic = True

    def marker(self, ctx: _Context, kind: str, label: str) -> None:
        block = ctx.block
        if block is not None:
            # After whitespace already read (the space is written before the next word),
            # the marker belongs after that space; clamped to the block's end later.
            at = block.length + (block.pending >= 0 and block.length > 0)
            if block.markers is None:
                block.markers = [(at, kind, label)]
            else:
                block.markers.append((at, kind, label))
        else:
            self.loose_markers.append((kind, label))

    # -- blocks -----------------------------------------------------------------
    def flush(self, ctx: _Context) -> None:
        block = ctx.block
        if block is not None:
            block.segs = tuple(block.segs)  # complete (see ``leaf``)
            self.out.append(block)
            ctx.block = None
        if ctx.notes:
            self.out += ctx.notes
            ctx.notes = None

    def leaf(self, text: str, anchor: int, kind: str) -> None:
        """The text of an element without children that is read as a context: what
        ``context``, ``feed`` and ``flush`` do for it, in one go."""
        gpos = self.gpos
        self.gpos = gpos + len(text)
        core = text.strip(_XML_WS)
        if not core:
            return
        size = clen = len(core)
        reading = core
        if "\n" in core or "  " in core or "\t" in core or "\r" in core:
            reading = _collapse(core)
            size = len(reading)
        loose = self.loose_markers
        markers = None
        if loose:
            markers = [(0, k, v) for k, v in loose]
            self.loose_markers = []
        # A tuple: it is never extended, and the garbage collector soon stops tracking it.
        block = _Block(anchor, kind, markers,
                       (0, 0 if text[0] not in _XML_WS else text.find(core[0]), size, clen,
                        None if size == clen else core))
        block.parts = reading
        block.length = size
        self.out.append(block)

    def feed(self, text: str) -> None:
        """Add a text node: collapse its whitespace, record where it came from."""
        ctx: _Context = self.ctx  # type: ignore[assignment]
        gpos = self.gpos
        offset = gpos - ctx.base
        self.gpos = gpos + len(text)
        core = text.strip(_XML_WS)
        block = ctx.block
        if not core:  # whitespace only: at most a space before what follows
            if block is not None and not block.pending & 1 and block.pending != _JOIN \
                    and not self.in_math:
                block.pending = 2 * offset + 1
            return
        # Where the visible text starts: core[0] is the first non-space character.
        where = offset if text[0] not in _XML_WS else offset + text.find(core[0])
        size = clen = len(core)
        reading = core
        if "\n" in core or "  " in core or "\t" in core or "\r" in core:
            reading = _collapse(core)
            size = len(reading)
        if block is None:  # the first text of a block: no space to write before it
            loose = self.loose_markers
            markers = None
            if loose:
                markers = [(0, k, v) for k, v in loose]
                self.loose_markers = []
            block = ctx.block = _Block(ctx.anchor, ctx.kind, markers,
                                       [0, where, size, clen, None if size == clen else core])
            block.parts = reading
            block.length = size
        else:
            segs = block.segs
            parts = block.parts
            if isinstance(parts, str):
                parts = block.parts = [parts]
            length = block.length
            pending = block.pending
            if where > offset and not pending & 1 and pending != _JOIN:
                pending = 2 * offset + 1
            if pending >= 0:
                # Never at a block's start (length 0): blocks are trimmed.
                at = pending >> 1
                if pending & 1 and segs[-1] is None and segs[-2] and segs[-4] + segs[-2] == at:
                    segs[-3] += 1
                    segs[-2] += 1
                elif pending & 1:
                    segs += (length, at, 1, 1, None)
                else:
                    segs += (length, at, 1, 0, None)
                    block.synthetic = True
                parts.append(" ")  # type: ignore[union-attr]
                length += 1
            block.pending = _NO_SPACE
            if size != clen:
                segs += (length, where, size, clen, core)
            elif segs[-1] is None and segs[-2] and segs[-4] + segs[-2] == where \
                    and segs[-5] + segs[-3] == length:
                segs[-3] += size
                segs[-2] += size
            else:
                segs += (length, where, size, size, None)
            parts.append(reading)  # type: ignore[union-attr]
            block.length = length + size
        if text[-1] in _XML_WS:
            block.pending = 2 * (where + clen) + 1


# The lxml and libxml2 running here, as the compiled walk records those it was built with.
RUNNING_LXML = (etree.__version__, ".".join(str(n) for n in etree.LIBXML_VERSION))


def compiled_walk_refusal(walk: ModuleType, running: tuple[str, str]) -> str | None:
    """Why the compiled walk ``walk`` must not read beside ``running`` (the versions of
    lxml and libxml2, as ``RUNNING_LXML``), or None when it may.

    It reads libxml2's nodes and calls lxml's C API as their headers laid them out
    when it was compiled, so it runs only with that same lxml and libxml2 (a wheel
    built against one lxml may be installed beside another); and only with this
    module's roles.
    """
    built = getattr(walk, "BUILT_WITH", None)
    if built != running:
        return (f"it was built against lxml {built[0]} with libxml2 {built[1]}, and lxml "
                f"{running[0]} with libxml2 {running[1]} runs" if built else
                "it does not say which lxml it was built against")
    roles = (_KIND_CONTAINER, _KIND_BLOCK, _KIND_BLOCKABLE, _KIND_INLINE, _SKIPPED, _LB,
             _MARK, _FW, _GAP, _NOTE, _CHOICE, _NAMED, _TOKEN, _LIST, _MATH, _NO_SPACE, _JOIN,
             (_W, _PC, _C, _ITEM),
             (_JOIN_LEFT, _JOIN_RIGHT, _APART_LEFT, _APART_RIGHT, _SPACED_RIGHT, _WORDLIKE))
    if walk.ROLES != roles:
        return "its roles differ from annotator/tei/source.py's (it needs rebuilding)"
    return None


def _compiled_walk() -> ModuleType | None:
    """``annotator.tei._extractor`` (the same walk compiled), if it was built and may
    read here (``compiled_walk_refusal``); else None, and the Python walk reads.
    Why it is not used is said on stderr under ANNOTATOR_DEBUG."""
    if os.environ.get("ANNOTATOR_PYTHON_WALK"):
        return None
    try:
        import annotator.tei._extractor as _extractor
    except ModuleNotFoundError as error:
        if error.name == "annotator.tei._extractor":  # not built (no C compiler)
            return None
        _debug_note(f"it does not load: {error}")
        return None
    # Cython checks the sizes of lxml's types on import (a ValueError when they
    # changed), and lxml's C API may lack a function: both mean another lxml runs.
    except (ImportError, ValueError) as error:
        _debug_note(f"it does not load: {type(error).__name__}: {error}")
        return None
    refusal = compiled_walk_refusal(_extractor, RUNNING_LXML)
    if refusal:
        _debug_note(refusal)
        return None
    return _extractor


def _debug_note(reason: str) -> None:
    if os.environ.get("ANNOTATOR_DEBUG"):
        print(f"annotator: the compiled TEI walk is not used, the Python walk reads: "
              f"{reason}", file=sys.stderr)


COMPILED_WALK = _compiled_walk()


def new_extractor(prefer_original: bool, compiled: bool = True) -> _Extractor:
    """A walker for ``<text>``: the compiled one if there is one (and ``compiled``)."""
    if compiled and COMPILED_WALK is not None:
        return COMPILED_WALK.CompiledExtractor(  # type: ignore[no-any-return]
            prefer_original, _ROLES, _KIND_OF, _EDITED, _ORIGINAL, _HYPHENS, _fw_label,
            _NAMING_ATTRIBUTES, (_OPENING, _JOINING, _CLOSING, _ELIDING), elides,
            (_RELATIONS, tex_pieces))
    return _Extractor(prefer_original)


class _CompiledBlocks(Sequence[_Block]):
    """The compiled walk's blocks, each made a ``_Block`` when first asked for: most
    are never needed (only those that annotations and markup lie in)."""

    def __init__(self, made: list) -> None:
        self._made = made
        self._blocks: list[_Block | None] = [None] * len(made)

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, index: int) -> _Block:  # type: ignore[override]
        block = self._blocks[index]
        if block is None:
            made = self._made[index]
            block = self._blocks[index] = _Block(made.anchor, made.kind, None, tuple(made.segs))
            block.start, block.length, block.synthetic = made.start, made.length, made.synthetic
        return block


def _walk(walked: list[etree._Element], prefer_original: bool, breaks_shifted: bool,
          path: str | None) -> _Extractor:
    """Read ``walked`` (``_walked``: the ``<text>``s, or the pages of a ``<sourceDoc>``)."""
    extractor = new_extractor(prefer_original)
    extractor.breaks_shifted = breaks_shifted
    try:
        for element in walked:
            if element.tag == _SURFACE and _has_text(element):
                # a page of <sourceDoc>: marked in the margin (a blank one is not)
                extractor.loose_markers.append(("pb", element.get("n", "")))
            extractor.text_element(element)
    except RecursionError:
        raise ReadError("the document nests elements too deeply to be read", path) from None
    return extractor


# -- the source ----------------------------------------------------------------------


class TeiSource:
    """A foreign TEI document: its bytes, its reading text and the offset map."""

    def __init__(self) -> None:  # use from_bytes
        self.path: str | None = None
        self.data = b""
        self.tree: etree._ElementTree
        self._anchors: tuple[Anchor, ...] | None = None
        self._anchor_elements: list[etree._Element] = []
        self._anchor_id_list: list[str] = []
        self._anchor_original: list[bool] = []
        self.document: Document
        self.annotated: AnnotatedDocument
        self.notes: list[str] = []
        self.problems: list[Problem] = []
        self.prefer_original = False
        self.registry: Registry | None = None
        self._blocks: list[_Block] = []  # the non-empty ones, one per paragraph
        # anchor -> the number of its only block, or the numbers of its blocks
        self._anchor_blocks: dict[int, int | list[int]] = {}
        self._foreign: list[etree._Element] = []  # elements of other namespaces
        # xml:ids more than one element has, with those elements' lines (a file Annotator
        # can show, but cannot point into there)
        self.repeated_ids: dict[str, list[int]] = {}
        # Annotations whose pointers no longer give the text they were made on.
        self.warnings: list[Problem] = []
        # Annotations whose pointers begin or end on text this reading does not show
        # (the other reading of a choice): made on the other reading (``files``).
        self.ends_off_reading = 0
        self._string_values: dict[int, str] = {}  # anchor -> its string value, once asked
        # The file marks divided words on the line break before the line they end.
        self.shifted_breaks = False

    # -- reading ----------------------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes, path: str | None = None, *,
                   prefer_original: bool = False) -> TeiSource:
        """Read a TEI document; raise ``ReadError`` if it is not TEI or not XML.

        ``prefer_original`` shows the source's reading of every ``choice``
        (``orig``, ``abbr``, ``sic``) instead of the edited one.
        """
        # The walk makes ~25,000 small objects on a 2.4 MB novel; a full collection
        # set off among them would walk every object of the program for no garbage.
        with collector.paused():
            return cls._read(data, path, prefer_original)

    @classmethod
    def _read(cls, data: bytes, path: str | None, prefer_original: bool) -> TeiSource:
        self = cls()
        self.path, self.data, self.prefer_original = path, data, prefer_original
        tree, problems = parse_xml(data, path)
        root = require_tei(tree, path)
        self.tree = tree
        self.problems = list(problems)
        self.registry = Registry.find(root)
        walked, told = _walked(root)
        if not walked:
            raise ReadError("the TEI document has no <text>", path, root.sourceline)
        extractor = _walk(walked, prefer_original, False, path)
        if extractor.breaks >= 4 and extractor.breaks_after_stop * 5 >= extractor.breaks:
            # A word is never divided after a full stop or a comma: this file marks
            # divided words on the line break that begins the line they end (as the
            # e-ditiones corpus does), and is read so.
            extractor = _walk(walked, prefer_original, True, path)
            self.shifted_breaks = True
        self._assemble(root, extractor)
        self.annotated = self._annotated(root)
        self.notes = self._notes(root) + told
        self._foreign = []
        return self

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The blocks of the reading text, one per paragraph of ``document``."""
        return tuple(Block(b.kind, b.anchor, b.start, b.start + b.length)
                     for b in self._blocks)

    def _assemble(self, root: etree._Element, extractor: _Extractor) -> None:
        reserved, with_id = self._reserved_ids(root)
        self._anchor_elements = extractor.anchors
        ids = self._anchor_id_list = self._anchor_ids(extractor, reserved, with_id)
        del with_id
        if self.problems:  # ids the parser complained of: some may not be names
            ids = [anchor_id if is_ncname(anchor_id) else f"{ANCHOR_ID_PREFIX}{n}-id"
                   for n, anchor_id in enumerate(ids, 1)]  # (for the paragraphs only)
        if isinstance(extractor, _Extractor):
            text, paragraphs, markers, synthetic = self._assemble_blocks(extractor, ids)
            scripts = self._scripts
        else:  # the compiled walk does the same in one pass
            (text, paragraphs, markers, synthetic, self._anchor_blocks,
             made, scripts) = extractor.assemble(ids, Paragraph, Marker)
            self._blocks = _CompiledBlocks(made)  # type: ignore[assignment]
        self.document = Document(text, tuple(paragraphs), self._metadata(root),
                                 markers=tuple(markers), reserved_ids=reserved,
                                 synthetic=frozenset(synthetic), scripts=tuple(scripts))
        markup = []
        for anchor, start, end, name, attrs in extractor.markup:
            span = self.to_text(anchor, start, end)
            if span is not None:
                first, last = span
                while first < last and text[first] == " ":
                    first += 1
                while last > first and text[last - 1] == " ":
                    last -= 1
                if first < last:
                    markup.append(Markup(name, first, last, attrs))
        markup.sort(key=lambda m: (m.start, -m.end))
        self.document.markup = tuple(markup)

    def _assemble_blocks(self, extractor: _Extractor, ids: list[str]
                         ) -> tuple[str, list[Paragraph], list[Marker], list[int]]:
        """The text, paragraphs, markers and synthetic positions of the blocks walked;
        fills ``_blocks`` and ``_anchor_blocks``."""
        used: dict[str, int] = {}
        parts: list[str] = []
        paragraphs: list[Paragraph] = []
        blocks = self._blocks
        anchor_blocks = self._anchor_blocks
        markers: list[Marker] = []
        synthetic: list[int] = []
        scripts: list[tuple[int, int, str]] = []
        self._scripts = scripts
        carried: list[tuple[str, str]] = []
        position = -1  # before the "\n" between paragraphs
        for block in extractor.out:
            length = block.length
            if not length:  # nothing to read: its markers go to the next block
                carried += [(k, v) for _, k, v in block.markers or ()]
                continue
            position += 1  # the "\n" between paragraphs (or the text's start)
            if carried:
                markers += [Marker(position, k, v) for k, v in carried]
                carried = []
            if block.markers is not None:
                markers += [Marker(position + min(at, length), k, v)
                            for at, k, v in block.markers]
                block.markers = None
            block_parts = block.parts
            parts.append(block_parts if isinstance(block_parts, str)
                         else "".join(block_parts))  # type: ignore[arg-type]
            block.parts = None
            block.start = position
            if block.synthetic:
                segs = block.segs
                synthetic += [position + segs[n - _AL + _R]
                              for n in range(_AL, len(segs), _SEG) if not segs[n]]
            if block.scripts is not None:
                scripts += [(position + s, position + e, k) for s, e, k in block.scripts]
            anchor = block.anchor
            anchor_id = ids[anchor]
            if anchor_id in used:
                # A block split by a nested one (a list in a paragraph) shares its anchor;
                # the model wants unique paragraph ids, "~" keeps them out of the XML id
                # space.
                count = used[anchor_id] = used[anchor_id] + 1
                pid = f"{anchor_id}~{count}"
            else:
                used[anchor_id] = 1
                pid = anchor_id
            paragraphs.append(Paragraph(pid, position, position + length, block.kind))
            numbers = anchor_blocks.get(anchor)
            if numbers is None:
                anchor_blocks[anchor] = len(blocks)
            elif isinstance(numbers, int):
                anchor_blocks[anchor] = [numbers, len(blocks)]
            else:
                numbers.append(len(blocks))
            blocks.append(block)
            position += length
        position = max(position, 0)
        markers += [Marker(position, k, v) for k, v in carried + extractor.loose_markers]
        return "\n".join(parts), paragraphs, markers, synthetic

    def _anchor_ids(self, extractor: _Extractor, reserved: frozenset[str],
                    with_id: dict[etree._Element, str]) -> list[str]:
        """The id of every anchor: its own, or the one saving will give it.

        ``with_id`` maps every element with an ``xml:id`` to it.
        """
        anchors = extractor.anchors
        if with_id.keys().isdisjoint(anchors):  # the common case: none has an id yet
            # numbered in document order, so the same file gives the same ids
            ids = list(map(f"{ANCHOR_ID_PREFIX}{{}}".format, range(1, len(anchors) + 1)))
            if reserved.isdisjoint(ids):
                self._anchor_original = [False] * len(ids)
                return ids
        ours = self.registry.ids if self.registry else frozenset()
        taken = set(reserved)
        ids = []
        original = self._anchor_original = []
        count = 0
        for element in anchors:
            existing = with_id.get(element)
            if existing is not None and existing not in ours:
                ids.append(existing)
                original.append(True)
                continue
            count += 1  # numbered in document order, so the same file gives the same ids
            if existing is None:
                existing = f"{ANCHOR_ID_PREFIX}{count}"
                suffix = 1
                while existing in taken:
                    suffix += 1
                    existing = f"{ANCHOR_ID_PREFIX}{count}-{suffix}"
                taken.add(existing)
            ids.append(existing)
            original.append(False)
        return ids

    @property
    def anchors(self) -> tuple[Anchor, ...]:
        """Every element that may anchor a pointer, in document order (built on first use)."""
        if self._anchors is None:
            self._anchors = tuple(Anchor(*fields) for fields in zip(
                self._anchor_id_list, self._anchor_original, self._anchor_elements,
                strict=True))
        return self._anchors

    def _reserved_ids(self, root: etree._Element
                      ) -> tuple[frozenset[str], dict[etree._Element, str]]:
        """Every xml:id of the file except those of Annotator's own header and standOff;
        and every element with an xml:id, mapped to it."""
        if COMPILED_WALK is not None:
            with_id, self._foreign = COMPILED_WALK.scan_ids(root)
        else:
            with_id = {element: element.get(XML_ID) for element in _WITH_ID(root)}
            self._foreign = (_FOREIGN(root) if _ELEMENT_COUNT(root) != _TEI_ELEMENT_COUNT(root)
                             else [])
        if self.problems:  # the parser found an xml:id used twice (its only problem)
            self.repeated_ids = _repeated(with_id)
        if self.registry is None:
            return frozenset(with_id.values()), with_id
        ours = set()
        for element in self.registry.elements(root):
            ours.update(element.xpath(".//@xml:id"))
        return frozenset(v for v in with_id.values() if v not in ours), with_id

    def _metadata(self, root: etree._Element) -> Metadata:
        ns = {"t": TEI_NS}

        def first(path: str) -> str:
            found = root.find(path, ns)
            return _normalise(found.xpath("string(.)")) if found is not None else ""

        title = first("t:teiHeader/t:fileDesc/t:titleStmt/t:title") or "Untitled"
        authors = [_person(a) for a in root.iterfind(
            "t:teiHeader/t:fileDesc/t:titleStmt/t:author", ns)]
        source_desc = root.find("t:teiHeader/t:fileDesc/t:sourceDesc", ns)
        source = ""
        if source_desc is not None:
            first_part = next(source_desc.iterchildren(etree.Element), None)
            source = _normalise((first_part if first_part is not None else source_desc)
                                .xpath("string(.)"))
        licence_element = root.find("t:teiHeader/t:fileDesc/t:publicationStmt//t:licence", ns)
        licence = ""
        if licence_element is not None:
            licence = (_normalise(licence_element.xpath("string(.)"))
                       or licence_element.get("target", ""))
        language = root.get(XML_LANG) or ""
        return Metadata(title, source, language, "; ".join(a for a in authors if a), licence)

    def _notes(self, root: etree._Element) -> list[str]:
        notes = [str(p) for p in self.problems]
        if self.shifted_breaks:
            notes.append('the file marks a word divided at a line end (<lb break="no"/>) on '
                         "the line break that begins the word's line, not on the one inside "
                         "the word: Annotator joins the word at the next line break")
        foreign: dict[str, set[str]] = {}
        for element in self._foreign:
            qname = etree.QName(element)
            foreign.setdefault(qname.namespace or "(no namespace)", set()).add(qname.localname)
        for namespace, names in sorted(foreign.items()):
            notes.append(f"the file uses elements of another vocabulary ({namespace}: "
                         f"{', '.join(sorted(names))}); TEI schemas do not know them, "
                         "Annotator keeps them unchanged")
        return notes

    # -- the offset map ---------------------------------------------------------
    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Shrink [start, end) so both ends are real characters of the source.

        Paragraph separators and the spaces ``<lb/>`` stands for have no place
        in the source a pointer could name. (start, start) if nothing is left.
        The model does the same (``Document.trim_to_paragraphs`` knows the
        ``synthetic`` offsets), so every edit is trimmed this way.
        """
        return self.document.trim_to_paragraphs(start, end)

    def to_source(self, start: int, end: int) -> list[SourceRange]:
        """The pointer ranges for text [start, end): one per block it touches, in order.

        Ends on synthetic characters are left out (see ``trim``).
        """
        ranges: list[SourceRange] = []
        for fragment in self.document.fragments(start, end):
            block = self._blocks[self.document.paragraph_index_at(fragment.start)]
            lo, hi = fragment.start - block.start, fragment.end - block.start
            first = block.real_char(lo, hi, True)
            if first is None:
                continue
            last = block.real_char(first, hi, False)
            assert last is not None
            ranges.append(SourceRange(block.anchor, block.anchor_offset(first),
                                      block.anchor_offset(last) + 1))
        return ranges

    def to_source_runs(self, start: int, end: int) -> list[SourceRange]:
        """Like ``to_source``, without what the reader does not see between the ends.

        One range per run of consecutive real characters: a note, the other
        reading of a choice or a running head inside the span is left out, and so
        is the space of an ``<lb/>``. The inline export wraps exactly these.
        """
        runs: list[SourceRange] = []
        for fragment in self.document.fragments(start, end):
            block = self._blocks[self.document.paragraph_index_at(fragment.start)]
            lo, hi = fragment.start - block.start, fragment.end - block.start
            index = bisect_right(block.rstarts(), lo) - 1
            count = block.count()
            while index < count:
                r, _, rlen, alen, _ = block.seg(index)
                if r >= hi:
                    break
                index += 1
                if not alen:
                    continue
                first, last = max(lo, r), min(hi, r + rlen) - 1
                run = SourceRange(block.anchor, block.anchor_offset(first),
                                  block.anchor_offset(last) + 1)
                if runs and runs[-1].anchor == run.anchor and runs[-1].end == run.start:
                    run = SourceRange(run.anchor, runs[-1].start, run.end)
                    runs.pop()
                runs.append(run)
        return runs

    def to_text(self, anchor: int, start: int, end: int) -> tuple[int, int] | None:
        """The text span of the real characters in [start, end) of ``anchor``'s string value."""
        numbers = self._anchor_blocks.get(anchor)
        if numbers is None or start >= end:
            return None
        if isinstance(numbers, int):
            numbers = [numbers]
        first = last = None
        for number in numbers:
            block = self._blocks[number]
            local = block.block_offset(start, after=True)
            if local is not None:
                first = block.start + local
                break
        for number in reversed(numbers):
            block = self._blocks[number]
            local = block.block_offset(end - 1, after=False)
            if local is not None:
                last = block.start + local
                break
        if first is None or last is None or first > last:
            return None
        return first, last + 1

    def anchor_length(self, anchor: int) -> int:
        """Code points in the string value of anchor ``anchor``."""
        return _string_length(self._anchor_elements[anchor])

    def quoted(self, ranges: Iterable[SourceRange], line_breaks: bool = True) -> str:
        """The text ``ranges`` of the source cover, as an annotation's ``@n`` keeps it
        (``quoted_text``): what tells on reading whether a pointer still gives it.

        With ``line_breaks`` each ``<lb/>`` inside a range that the reading text shows
        as a space (one the string value lacks: ``טלא<lb/>שור``) is that space, so
        ``@n`` says what the annotation list and the exports say; without, the string
        value alone (as files saved before 2026-12 kept it).
        """
        values = self._string_values
        pieces = []
        for r in ranges:
            value = values.get(r.anchor)
            if value is None:
                value = values[r.anchor] = self._anchor_elements[r.anchor].xpath("string(.)")
            piece = value[r.start:r.end]
            if line_breaks:
                cut = [at - r.start for at in self._line_break_spaces(r.anchor)
                       if r.start < at < r.end]
                if cut:
                    piece = " ".join(piece[i:j] for i, j in zip([0, *cut], [*cut, None],
                                                                  strict=True))
            pieces.append(piece)
        return quoted_text(" ".join(pieces))

    def _line_break_spaces(self, anchor: int) -> list[int]:
        """The offsets in ``anchor``'s string value where the reading text has the space
        of an ``<lb/>`` (its synthetic segments), ascending."""
        numbers = self._anchor_blocks.get(anchor)
        if numbers is None:
            return []
        offsets = []
        for number in [numbers] if isinstance(numbers, int) else numbers:
            block = self._blocks[number]
            if block.synthetic:
                segs = block.segs
                offsets += [segs[n - _AL + _A] for n in range(_AL, len(segs), _SEG)
                            if not segs[n]]
        return offsets

    def targets(self, start: int, end: int) -> str:
        """The ``@target`` value for text [start, end): ``#string-range(...)`` pointers."""
        return " ".join(f"#string-range({self._anchor_id_list[r.anchor]},{r.start},"
                        f"{r.end - r.start})" for r in self.to_source(start, end))

    # -- annotations saved earlier ----------------------------------------------------
    def _annotated(self, root: etree._Element) -> AnnotatedDocument:
        document = self.document
        registry = self.registry
        if registry is None:
            return AnnotatedDocument.create(document)
        ours = registry.elements(root)
        tagset, annotators, revisions = default_tagset(), [], []
        problems: list[Problem] = []
        taxonomy = _first_of(ours, "taxonomy")
        if taxonomy is not None:
            from annotator.tei.reader import tagset_from_elements

            tagset, tagset_problems = tagset_from_elements(
                taxonomy, _first_of(ours, "fsdDecl"), self.path)
            problems += tagset_problems
        for element in _all_of(ours, "respStmt"):
            annotators.append(Annotator(element.get(XML_ID, ""),
                                        _normalise(element.findtext(tei("name")) or "")))
        changes = _all_of(ours, "change")
        if changes:
            # The file may list changes newest first (the splice follows its order);
            # read them oldest first, keeping saves within the same second in order.
            siblings = changes[0].getparent().findall(tei("change"))
            if (len(siblings) > 1
                    and siblings[0].get("when", "") > siblings[-1].get("when", "")):
                changes = list(reversed(changes))
        for element in changes:
            revisions.append(Revision(element.get("when", ""),
                                      element.get("who", "").removeprefix("#"),
                                      element.xpath("string(.)")))
        revisions.sort(key=lambda r: r.when)
        by_id = {anchor_id: n for n, anchor_id in enumerate(self._anchor_id_list)}
        annotations = []
        for element in _all_of(ours, "annotation"):
            annotation = self._annotation(element, by_id, {a.id for a in annotators},
                                          problems)
            if annotation is not None:
                annotations.append((annotation, element.sourceline))
        entities: list = []
        standoff = _first_of(ours, "standOff")
        if standoff is not None and not problems:
            annotations, entities = self._values(
                (taxonomy, _first_of(ours, "fsdDecl")), standoff, annotations, problems)
        if problems:
            raise _invalid(problems, self.path)
        try:
            return AnnotatedDocument.create(document, tagset, annotators, revisions,
                                            [a for a, _ in annotations], entities)
        except AnnotationError as exc:
            line = next((ln for a, ln in annotations if a.id in exc.message), None)
            raise ValidationError(exc.message, self.path, line) from None

    def _annotation(self, element: etree._Element, by_id: dict[str, int], people: set[str],
                    problems: list[Problem]) -> Annotation | None:
        ann_id = element.get(XML_ID, "")
        spans = []
        ranges = []
        for token in element.get("target", "").split():
            match = _RANGE.fullmatch(token)
            if match is None:
                problems.append(Problem(f"annotation {ann_id!r}: @target {token!r} is not of "
                                        "the form #string-range(ID,OFFSET,LENGTH) (numbers "
                                        "in ASCII digits, a length of at least 1)", self.path,
                                        element.sourceline))
                return None
            lines = self.repeated_ids.get(match.group(1))
            if lines is not None:
                problems.append(Problem(
                    f"annotation {ann_id!r}: @target {token!r} names the id "
                    f"{match.group(1)!r}, which {len(lines)} elements have (lines "
                    f"{listed(lines)}); an id may be used once, so it cannot be told "
                    "which text the annotation is on: give those elements different ids",
                    self.path, element.sourceline))
                return None
            anchor = by_id.get(match.group(1))
            if anchor is None:
                problems.append(Problem(f"annotation {ann_id!r}: @target {token!r} does not "
                                        "name a block of the text", self.path,
                                        element.sourceline))
                return None
            offset, length = pointers.number(match.group(2)), pointers.number(match.group(3))
            if offset + length > self.anchor_length(anchor):
                problems.append(Problem(f"annotation {ann_id!r}: {token} is outside the text "
                                        "of its element (was the file edited?)", self.path,
                                        element.sourceline))
                return None
            ranges.append(SourceRange(anchor, offset, offset + length))
            span = self.to_text(anchor, offset, offset + length)
            if span is None:
                problems.append(Problem(f"annotation {ann_id!r}: {token} lies wholly on text "
                                        "that is not shown (the other reading of a choice, a "
                                        "running head); open the file with the other reading",
                                        self.path, element.sourceline))
                return None
            shown = self.to_source(*span)
            if not shown or (shown[0].anchor, shown[0].start, shown[-1].end) != (
                    anchor, offset, offset + length):
                self.ends_off_reading += 1
            spans.append(span)
        if not spans:
            problems.append(Problem(f"annotation {ann_id!r} has no @target", self.path,
                                    element.sourceline))
            return None
        made_on = element.get("n")
        if made_on is not None and (now := self.quoted(ranges)) != made_on \
                and self.quoted(ranges, line_breaks=False) != made_on:
            # Pointers name elements by id: an id renamed (or given to another element),
            # or text edited, and the same numbers name other words, still in range.
            self.warnings.append(Problem(
                f"annotation {ann_id!r} was made on “{made_on}”, but its @target now gives "
                f"“{now}” (an element's id renamed, or its text edited, since Annotator saved "
                "it?)", self.path, element.sourceline))
        # "#cat-TAG", or "#cat-TAG #FS" with attribute values (read in ``_values``)
        ana = element.get("ana", "").split()
        tag = ana[0].removeprefix("#").removeprefix("cat-") if ana else ""
        resp = element.get("resp")
        if resp is not None and (not resp.startswith("#") or resp[1:] not in people):
            problems.append(Problem(f"annotation {ann_id!r}: @resp {resp!r} does not point to "
                                    "an annotator (a respStmt Annotator added)", self.path,
                                    element.sourceline))
            return None
        return Annotation(ann_id, tag, spans[0][0], spans[-1][1],
                          resp.removeprefix("#") if resp else "")

    def _values(self, tagset_elements: tuple[etree._Element | None, etree._Element | None],
                standoff: etree._Element, annotations: list[tuple[Annotation, int | None]],
                problems: list[Problem]) -> tuple[list[tuple[Annotation, int | None]], list]:
        """The annotations with their attribute values, notes and entity links, and the
        entities: what the standOff holds besides ``listAnnotation``, read (and checked)
        as in Annotator's own files. Problems are added to ``problems``."""
        if not any(child.tag != _LIST_ANNOTATION for child in standoff.iterchildren(
                etree.Element)) and not any(len(a) for a in standoff.iter(_ANNOTATION_TAG)):
            return annotations, []  # nothing but bare annotations: nothing to read
        from annotator.tei.reader import values_from_elements

        found, entities, more = values_from_elements(
            tagset_elements, standoff, [a for a, _ in annotations], self.path)
        problems += more
        lines = {a.id: line for a, line in annotations}
        return [(a, lines[a.id]) for a in found], entities


_SURFACE = tei("surface")
_SOURCE_DOC = tei("sourceDoc")
_BODY_HAS_TEXT = etree.XPath("boolean(.//t:body//text()[normalize-space()])",
                             namespaces={"t": TEI_NS})
_LINES = etree.XPath(".//t:line[normalize-space()]", namespaces={"t": TEI_NS})


def _walked(root: etree._Element) -> tuple[list[etree._Element], list[str]]:
    """The elements whose text is read, in document order, and notes on what is not.

    ``<text>`` is read. So is the transcription of the pages in ``<sourceDoc>`` (its
    ``surface``s, one after another, ``line``s as blocks), when there is no ``<text>``
    or none with text in its ``body``: otherwise it is mostly the same text again, and
    a note says how much of it is not shown.
    """
    texts = list(root.iterchildren(tei("text")))
    documents = [d for d in root.iterchildren(_SOURCE_DOC) if _has_text(d)]
    if not documents:
        return texts, []
    if any(_BODY_HAS_TEXT(text) for text in texts):
        lines = [line for d in documents for line in _LINES(d)]
        characters = sum(len(_normalise(line.xpath("string(.)"))) for line in lines)
        return texts, [f"the file's <sourceDoc> (line {documents[0].sourceline}) "
                       f"transcribes its pages in {len(lines):,} lines ({characters:,} "
                       "characters) that are not shown: Annotator shows its <text>"]
    walked = []
    for child in root.iterchildren(tei("text"), _SOURCE_DOC):
        if child.tag != _SOURCE_DOC:
            walked.append(child)
        elif child in documents:
            walked += _surfaces(child)
    return walked, []


def _has_text(element: etree._Element) -> bool:
    # (the first words end the search: an XPath would collect every text node first)
    return any(not text.isspace() for text in element.itertext())


def walked_elements(root: etree._Element) -> list[etree._Element]:
    """The elements whose text ``TeiSource`` reads, in document order: the ``<text>``s,
    and the pages of a ``<sourceDoc>`` when they are read (``_walked``)."""
    return _walked(root)[0]


def _surfaces(element: etree._Element) -> list[etree._Element]:
    """The outermost ``surface``s in ``element`` (a ``sourceDoc`` or ``surfaceGrp``)."""
    found = []
    for child in element.iterchildren(_SURFACE, tei("surfaceGrp")):
        found += [child] if child.tag == _SURFACE else _surfaces(child)
    return found


_LIST_ANNOTATION = tei("listAnnotation")
_TEXT = tei("text")
_ANNOTATION_TAG = tei("annotation")


def is_native(root: etree._Element) -> bool:
    """True for a file in Annotator's own format (``tei-format.md``), to be read by
    ``reader.parse_tei``; False for any other TEI, to be read by ``TeiSource``.

    Annotator's own files name it in ``appInfo`` without the registry pointers
    that mark additions to somebody else's document.
    """
    for application in root.iterfind(
            "t:teiHeader/t:encodingDesc/t:appInfo/t:application", {"t": TEI_NS}):
        if application.get("ident") == APP_IDENT:
            return not any(p.get("type") == ADDED_ELEMENTS
                           for p in application.iterchildren(tei("ptr")))
    return False


# -- Annotator's registry in a foreign file ------------------------------------------


@dataclass(frozen=True)
class Registry:
    """What Annotator added to a foreign file, as its ``appInfo`` entry lists it.

    ``<application ident="annotator">`` in ``encodingDesc/appInfo`` holds
    ``<ptr type="added">`` (ids of the elements it inserted: standOff, respStmts,
    changes, taxonomy, or the containers it had to create) and ``<ptr type="ids">``
    (the ``xml:id``s it gave to elements of the text).
    """

    application: etree._Element
    added: tuple[str, ...]
    ids: frozenset[str]

    @classmethod
    def find(cls, root: etree._Element) -> Registry | None:
        for application in root.iterfind(
                "t:teiHeader/t:encodingDesc/t:appInfo/t:application", {"t": TEI_NS}):
            if application.get("ident") != APP_IDENT:
                continue
            added: list[str] = []
            ids: list[str] = []
            for ptr in application.iterchildren(tei("ptr")):
                values = [v.removeprefix("#") for v in ptr.get("target", "").split()]
                if ptr.get("type") == ADDED_ELEMENTS:
                    added += values
                elif ptr.get("type") == ADDED_IDS:
                    ids += values
            if added:
                return cls(application, tuple(added), frozenset(ids))
        return None

    def elements(self, root: etree._Element) -> list[etree._Element]:
        """The elements Annotator added, outermost only, in document order.

        Annotator adds nothing to ``<text>`` or ``<sourceDoc>``: an element there that
        the registry names (a file edited by hand, or made to look so) is the
        document's own.
        """
        wanted = set(self.added)
        found = [e for e in root.iter(etree.Element) if e.get(XML_ID) in wanted]
        texts = set(root.iter(_TEXT, _SOURCE_DOC))
        return [e for e in found if e not in texts and not any(
            a in found or a in texts for a in e.iterancestors())]


# An annotation's @n holds the text it was made on, cut to this length.
QUOTE_CHARS = 200


def quoted_text(text: str) -> str:
    """``text`` with its white space normalised, and its middle left out if it is
    longer than ``QUOTE_CHARS``: enough to tell whether a pointer still gives it."""
    text = _normalise(text)
    if len(text) <= QUOTE_CHARS:
        return text
    half = QUOTE_CHARS // 2
    return f"{text[:half]}…{text[-(half - 1):]}"


def _repeated(with_id: dict[etree._Element, str]) -> dict[str, list[int]]:
    """The xml:ids that more than one element has, each with those elements' lines."""
    lines: dict[str, list[int]] = {}
    for element, value in with_id.items():
        lines.setdefault(value, []).append(element.sourceline or 0)
    return {value: found for value, found in lines.items() if len(found) > 1}


def listed(numbers: list[int]) -> str:
    """``[3, 9, 12]`` as "3, 9 and 12"."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _all_of(elements: Iterable[etree._Element], name: str) -> list[etree._Element]:
    found = []
    for element in elements:
        found += list(element.iter(tei(name)))
    return found


def _first_of(elements: Iterable[etree._Element], name: str) -> etree._Element | None:
    found = _all_of(elements, name)
    return found[0] if found else None


def _invalid(problems: list[Problem], path: str | None) -> ValidationError:
    problems = [shortened(p) for p in problems]
    count = len(problems)
    summary = (f"Annotator's annotations in this file cannot be read ({count} "
               f"problem{'s' * (count != 1)}): ")
    return ValidationError(summary + problems[0].message, path, problems[0].line, problems)
