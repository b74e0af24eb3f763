"""The walk over a TEI file's ``<text>``: the reading text, block by block.

``Extractor`` (or the same walk compiled, ``annotator.tei._extractor``, where it may
run: ``new_extractor``) reads ``<text>`` (or the pages of ``<sourceDoc>``, see
``elements_to_read``) into blocks with their offset maps (``annotator.tei.offsets``),
markers and markup. ``annotator.tei.source.TeiSource`` puts the result together.
The rules are listed in ``docs/tei-import.md``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from lxml import etree

from annotator.errors import ReadError
from annotator.tei import TEI_NS, XML_ID, XML_LANG, tei
from annotator.tei.offsets import NO_SPACE, WS_CHANGE, BlockMap

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
# text of its own, see ``elements_to_read``): its pages and zones hold lines, each a block.
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


def _links_parts(element: etree._Element) -> bool:
    """Whether ``element`` has ``@prev``, ``@next`` or ``@part`` (``Extractor.linked``)."""
    return (element.get("prev") is not None or element.get("next") is not None
            or element.get("part") is not None)


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


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def string_length(element: etree._Element) -> int:
    if not len(element):  # most skipped elements are empty (pb, lb, graphic)
        return len(element.text or "")
    return int(_STRING_LENGTH(element))


def normalise(text: str) -> str:
    return " ".join(text.split())


def _fw_label(element: etree._Element) -> str:
    """A running head (``<fw>``) as the margin shows it."""
    return normalise(element.xpath("string(.)"))


def person_name(element: etree._Element) -> str:
    """A name as people write it: forename before surname, identifiers left out."""
    name = element.find(tei("persName"))
    if name is not None:
        element = name
    forename, surname = element.find(tei("forename")), element.find(tei("surname"))
    if forename is not None and surname is not None:
        return normalise(f"{forename.xpath('string(.)')} {surname.xpath('string(.)')}")
    return normalise("".join(element.xpath(".//text()[not(ancestor::tei:idno)]",
                                            namespaces={"tei": TEI_NS})))


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
        core = WS_CHANGE.sub(" ", core)
    return core


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
        self.block: BlockMap | None = None
        # Note blocks waiting for the block they interrupt (None: none yet).
        self.notes: list[BlockMap] | None = None


# BlockMap.pending in a word divided at a line or page break: no space, and the white
# space until the word goes on is the layout of the file.
_JOIN = -4
# (for the assembly of the blocks: a block that ends so ends in a divided word)
DIVIDED = _JOIN
HYPHENS = _HYPHENS


def _lost_before(block: BlockMap) -> bool:
    """Whether the block ends in a gap after a space still to be written ("τοῦ <gap/>"):
    a word divided at the next break has its first part in the gap (EpiDoc: "τοῦ [gap]
    ⏎<lb break="no"/>ου"), and the space before the gap stays."""
    if block.pending < 0 or not block.markers:
        return False
    at, kind, _ = block.markers[-1]
    return kind == "gap" and at == block.length + 1


def _drop_space(block: BlockMap) -> None:
    """No space where one is pending: markers that were to follow it stand at the end."""
    if block.pending >= 0:
        if block.markers:
            length = block.length
            block.markers = [(min(at, length), k, v) for at, k, v in block.markers]
        block.pending = NO_SPACE


class Extractor:
    """One walk over ``<text>`` in document order, counting every character."""

    def __init__(self, prefer_original: bool) -> None:
        self.readings = _ORIGINAL + _EDITED if prefer_original else _EDITED + _ORIGINAL
        self.gpos = 0  # position in the string value of all <text>s together
        self.anchors: list[etree._Element] = []
        self.out: list[BlockMap] = []
        self.loose_markers: list[tuple[str, str]] = []
        self.ctx: _Context | None = None
        self.in_note = 0
        self.markup: list[tuple[int, int, int, str, tuple[tuple[str, str], ...]]] = []
        # Paragraphs the source may divide in two (``continuing_starts``): the anchors
        # with ``@prev``, ``@next`` or ``@part``, and the blocks' anchors that begin with
        # a line break dividing a word.
        self.linked: list[int] = []
        self.divided_starts: list[int] = []
        # The language (``xml:lang``) of each anchor, and of the element being read.
        self.anchor_langs: list[str] = []
        self.lang = ""
        self.roles = dict(_ROLES)  # and the roles of other elements met, once looked up
        # The last token read: its block, that block's length after it (nothing read
        # since while it is still the length) and its sides (``token_sides``).
        self.token_block: BlockMap | None = None
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
        self.anchor_langs.append(self.lang)
        if _links_parts(element):
            self.linked.append(len(anchors) - 1)
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
                        own = child.get(XML_LANG)
                        if own is None:
                            self.children(child)
                        else:
                            outer, self.lang = self.lang, own
                            self.children(child)
                            self.lang = outer
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
                    own = child.get(XML_LANG)
                    self.anchor_langs.append(self.lang if own is None else own)
                    if _links_parts(child):
                        self.linked.append(len(anchors) - 1)
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
        """Read ``element`` as its role says, in its own language if it names one."""
        own = element.get(XML_LANG)
        if own is None:
            self._element(element, tag, role)
            return
        outer, self.lang = self.lang, own
        try:
            self._element(element, tag, role)
        finally:
            self.lang = outer

    def _element(self, element: etree._Element, tag: str | None = None,
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
            self.gpos += string_length(element)
            self.page_break(ctx, element)
        elif role == _FW:
            self.marker(ctx, "fw", _fw_label(element))
            self.gpos += string_length(element)
        elif role == _GAP:
            self.marker(ctx, "gap", element.get("reason", ""))
            self.gpos += string_length(element)
        elif role == _NOTE:
            self.note(ctx, element)
        elif role == _CHOICE:
            self.choice(element)
        else:  # _SKIPPED
            self.gpos += string_length(element)

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
                self.gpos += string_length(child)
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
        self.gpos += string_length(element)
        block = ctx.block
        divided = element.get("break") == "no"
        if divided and not self.breaks_shifted and block is not None and block.length:
            self.breaks += 1
            if block.parts[-1][-1] in ".,;:!?":  # type: ignore[index]
                self.breaks_after_stop += 1
        if self.breaks_shifted:
            divided, self.divide_next = self.divide_next, divided
        if block is None or not block.length:
            if divided and not self.breaks_shifted and block is None and ctx.is_block:
                self.divided_starts.append(ctx.anchor)  # it goes on with the one before
            return
        if self.in_word or divided or _says_hyphen(element) or (
                element.get("break") != "yes"
                and block.parts[-1][-1] in _HYPHENS):  # type: ignore[index]
            # A word divided at the line end: join the halves, over the white space
            # around the break and any page break or running head between them.
            if _lost_before(block):
                return
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
            if _lost_before(block):
                return
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
                elif block.pending == NO_SPACE and (
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
        if block is not None and block.length and block.pending == NO_SPACE:
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
            block = ctx.block = BlockMap(ctx.anchor, ctx.kind, markers, [])
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
        block.pending = NO_SPACE
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
        block = BlockMap(anchor, kind, markers,
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
            block = ctx.block = BlockMap(ctx.anchor, ctx.kind, markers,
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
            block.pending = NO_SPACE
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
             _MARK, _FW, _GAP, _NOTE, _CHOICE, _NAMED, _TOKEN, _LIST, _MATH, NO_SPACE, _JOIN,
             (_W, _PC, _C, _ITEM),
             (_JOIN_LEFT, _JOIN_RIGHT, _APART_LEFT, _APART_RIGHT, _SPACED_RIGHT, _WORDLIKE))
    if walk.ROLES != roles:
        return "its roles differ from annotator/tei/walk.py's (it needs rebuilding)"
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


def new_extractor(prefer_original: bool, compiled: bool = True) -> Extractor:
    """A walker for ``<text>``: the compiled one if there is one (and ``compiled``)."""
    if compiled and COMPILED_WALK is not None:
        return COMPILED_WALK.CompiledExtractor(  # type: ignore[no-any-return]
            prefer_original, _ROLES, _KIND_OF, _EDITED, _ORIGINAL, _HYPHENS, _fw_label,
            _NAMING_ATTRIBUTES, (_OPENING, _JOINING, _CLOSING, _ELIDING), elides,
            (_RELATIONS, tex_pieces))
    return Extractor(prefer_original)


class CompiledBlocks(Sequence[BlockMap]):
    """The compiled walk's blocks, each made a ``BlockMap`` when first asked for: most
    are never needed (only those that annotations and markup lie in)."""

    def __init__(self, made: list) -> None:
        self._made = made
        self._blocks: list[BlockMap | None] = [None] * len(made)

    def __len__(self) -> int:
        return len(self._made)

    def anchors(self) -> list[int]:
        """Each block's anchor, without making the blocks."""
        return [made.anchor for made in self._made]

    def __getitem__(self, index: int) -> BlockMap:  # type: ignore[override]
        block = self._blocks[index]
        if block is None:
            made = self._made[index]
            block = self._blocks[index] = BlockMap(made.anchor, made.kind, None,
                                                   tuple(made.segs))
            block.start, block.length, block.synthetic = made.start, made.length, made.synthetic
        return block


# -- paragraphs the source divides in two ---------------------------------------------
# A paragraph that goes on in another element: its second part names the first
# (``@prev``, or the first names it with ``@next``: the DTA closes a footnote at the
# page's end and goes on with it in a note of the next page), both are parts of one
# (``@part`` "I", "M", "F"), or a word divided at the seam says so (the first ends in a
# hyphen and the second begins with a small letter: "Zu-" | "kunft"; the first ends in
# a line, column or page break marked ``@break="no"``; or the second begins with
# ``<lb break="no"/>``, as EpiDoc writes a word going on in the next column). Either
# walk notes the candidates as it goes (``Extractor.linked``, ``divided_starts``, the
# assembly's seams); the rules are applied to them here, in one place.
_NOTE_TAG = tei("note")
_VERSE_TAG = tei("l")
_FRAGMENT_FIRST = frozenset({"I", "M"})
_FRAGMENT_LATER = frozenset({"M", "F"})


def _note_of(element: etree._Element) -> etree._Element | None:
    if element.tag == _NOTE_TAG:
        return element
    return next(element.iterancestors(_NOTE_TAG), None)


def _target(element: etree._Element, attribute: str) -> str:
    """The id ``attribute`` (``prev``, ``next``) names: "#a1" -> "a1"."""
    return (element.get(attribute) or "").strip().removeprefix("#")


def _linked(first: etree._Element, second: etree._Element, notes: bool) -> bool:
    """Whether ``second``'s element says it goes on with ``first``'s: ``@prev``/``@next``
    (on themselves, or with ``notes`` on the notes they are in), or parts of one
    (``@part``)."""
    if first.get("part") in _FRAGMENT_FIRST and second.get("part") in _FRAGMENT_LATER \
            and first.tag == second.tag:
        return True
    pairs = [(first, second)]
    if notes:
        pairs.append((_note_of(first), _note_of(second)))
    for one, other in pairs:
        if one is None or other is None or one is other:
            continue
        if (other.get("prev") is not None and _target(other, "prev") == one.get(XML_ID)) or (
                one.get("next") is not None and _target(one, "next") == other.get(XML_ID)):
            return True
    return False


def place_continued_notes(out: list, anchors: list[etree._Element]) -> None:
    """Read a note that continues an earlier one (its ``@prev`` names it, or that one's
    ``@next`` names it) right after that one, not after the paragraph it stands in:
    ``out`` (the walk's blocks, ``BlockMap``s or compiled ones) is reordered so."""
    groups: list[list] = []  # [note element or None, its consecutive blocks]
    for block in out:
        note = _note_of(anchors[block.anchor]) if block.kind == "note" else None
        if note is not None and groups and groups[-1][0] is note:
            groups[-1][1].append(block)
        else:
            groups.append([note, [block]])
    notes = [group for group in groups if group[0] is not None]
    by_id = {group[0].get(XML_ID): group for group in notes if group[0].get(XML_ID)}
    follows = {}
    for group in notes:
        following = by_id.get(_target(group[0], "next"))
        if following is not None:
            follows[id(following)] = group
    moved = False
    for group in notes:
        first = by_id.get(_target(group[0], "prev")) or follows.get(id(group))
        if first is None or first is group:
            continue
        at, here = groups.index(first), groups.index(group)
        if at > here:
            continue
        del groups[here]
        groups.insert(at + 1, group)
        moved = True
    if moved:
        out[:] = [block for group in groups for block in group[1]]


def continuing_starts(text: str, paragraphs: Sequence, seams: tuple[list[int], list[int]],
                      anchor_blocks: dict[int, int | list[int]],
                      anchors_of_blocks: Callable[[], Sequence[int]],
                      anchors: list[etree._Element], linked: list[int],
                      divided_starts: list[int]) -> frozenset[int]:
    """Starts of the paragraphs that continue the one before them (see above), from
    the candidates the walk and the assembly noted: ``seams`` (paragraphs ending in a
    hyphen, and in a break dividing a word), ``linked`` and ``divided_starts``
    (anchors). ``anchor_blocks`` gives an anchor's paragraph(s), ``anchors_of_blocks``
    each paragraph's anchor (asked only if there is a candidate)."""
    hyphen_ends, joined_ends = seams
    if not (hyphen_ends or joined_ends or linked or divided_starts):
        return frozenset()
    block_anchors = anchors_of_blocks()
    last = len(paragraphs) - 1
    pairs = set()  # (n - 1, n): paragraph n may continue paragraph n - 1
    pairs.update((n, n + 1) for n in joined_ends if n < last)
    pairs.update((n, n + 1) for n in hyphen_ends
                 if n < last and text[paragraphs[n + 1].start].islower())
    divided = set()
    for anchor in divided_starts:
        numbers = anchor_blocks.get(anchor)
        if numbers is not None:
            first = numbers if isinstance(numbers, int) else numbers[0]
            if first > 0:
                pairs.add((first - 1, first))
                divided.add(first)
    found = {paragraphs[n].start for one, n in pairs
             if block_anchors[one] != block_anchors[n]}
    notes = any(anchors[anchor].tag == _NOTE_TAG for anchor in linked)
    for anchor in linked:
        element = anchors[anchor]
        if element.tag == _VERSE_TAG and element.get("prev") is None \
                and element.get("next") is None:
            continue  # a verse line shared by speakers (@part): no paragraph divided
        numbers = anchor_blocks.get(anchor)
        if numbers is None:  # a note of paragraphs: theirs (the anchors after it in it)
            inner = []
            for later in range(anchor + 1, len(anchors)):
                if element not in anchors[later].iterancestors():
                    break
                more = anchor_blocks.get(later)
                if more is not None:
                    inner += [more] if isinstance(more, int) else more
            if not inner:
                continue
            first, end = min(inner), max(inner)
        else:
            first, end = (numbers, numbers) if isinstance(numbers, int) else (
                numbers[0], numbers[-1])
        for one, n in ((first - 1, first), (end, end + 1)):
            if 0 <= one and n <= last and block_anchors[one] != block_anchors[n] \
                    and _linked(anchors[block_anchors[one]], anchors[block_anchors[n]], notes):
                found.add(paragraphs[n].start)
    return frozenset(found)


def _language_attribute(element: etree._Element) -> str | None:
    return element.get(XML_LANG)


def walk_text(walked: list[etree._Element], prefer_original: bool, breaks_shifted: bool,
              path: str | None) -> Extractor:
    """Read ``walked`` (``elements_to_read``: the ``<text>``s, or the pages of a
    ``<sourceDoc>``)."""
    extractor = new_extractor(prefer_original)
    extractor.breaks_shifted = breaks_shifted
    try:
        for element in walked:
            # the language it is in: its own, or the one of the nearest element around it
            extractor.lang = next((own for own in map(_language_attribute,
                                                      element.iterancestors())
                                   if own is not None), "") \
                if element.get(XML_LANG) is None else element.get(XML_LANG)
            if element.tag == _SURFACE and _has_text(element):
                # a page of <sourceDoc>: marked in the margin (a blank one is not)
                extractor.loose_markers.append(("pb", element.get("n", "")))
            extractor.text_element(element)
    except RecursionError:
        raise ReadError("the document nests elements too deeply to be read", path) from None
    return extractor


_SURFACE = tei("surface")
_SOURCE_DOC = tei("sourceDoc")
_BODY_HAS_TEXT = etree.XPath("boolean(.//t:body//text()[normalize-space()])",
                             namespaces={"t": TEI_NS})
_LINES = etree.XPath(".//t:line[normalize-space()]", namespaces={"t": TEI_NS})


def elements_to_read(root: etree._Element) -> tuple[list[etree._Element], list[str]]:
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
        characters = sum(len(normalise(line.xpath("string(.)"))) for line in lines)
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
    and the pages of a ``<sourceDoc>`` when they are read (``elements_to_read``)."""
    return elements_to_read(root)[0]


def _surfaces(element: etree._Element) -> list[etree._Element]:
    """The outermost ``surface``s in ``element`` (a ``sourceDoc`` or ``surfaceGrp``)."""
    found = []
    for child in element.iterchildren(_SURFACE, tei("surfaceGrp")):
        found += [child] if child.tag == _SURFACE else _surfaces(child)
    return found


