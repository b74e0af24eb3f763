"""Saving annotations into a foreign TEI file by splicing bytes, nothing else changed.

A TEI file somebody else made (indentation, entities written as characters or
references, attribute quotes, comments, line ends, encoding) must come back
exactly as it was, plus Annotator's additions. Serialising an lxml tree would
re-encode and re-format it, so this module works on the original bytes:

1. ``scan`` finds the byte offsets of every start and end tag (skipping
   comments, processing instructions, CDATA and the DOCTYPE; ``>`` inside
   attribute values is handled) and ``_match`` pairs them with lxml's elements
   in document order, refusing if the two disagree.
2. ``splice`` inserts, at exact byte positions and nowhere else:
   an ``xml:id`` into the start tag of every block a pointer needs that has none;
   one ``respStmt`` per annotator at the end of ``titleStmt``;
   ``appInfo/application[@ident="annotator"]`` and ``classDecl/taxonomy`` in
   ``encodingDesc`` (creating what is missing, right after ``fileDesc``);
   one ``change`` per revision in ``revisionDesc`` (created at the end of the
   header if missing; newest first when the file lists changes that way);
   ``fsdDecl`` (the tags' attributes) at the end of ``encodingDesc``;
   ``standOff`` as the last child of ``<TEI>`` (TEI allows ``standOff`` after
   ``text``), holding what the native format's ``standOff`` holds, built by the
   same functions of ``writer``: the entity lists (``listPerson``, ``listOrg`` ...),
   ``listAnnotation`` (each ``annotation`` with its ``ref`` to an entity and its
   ``note``; ``@ana`` names its ``fs``), ``listEvent`` and the ``fs`` elements.
   Every id in it must be free in the file (``WriteError`` naming it otherwise;
   the model already keeps new ids clear of the file's, see ``reserved_ids``).
   Inserted lines use the file's line ends, indentation and encoding.
3. The ``application`` entry is a registry: ``ptr[@type="added"]`` lists the
   elements Annotator inserted, ``ptr[@type="ids"]`` the ids it gave. Saving
   again first takes all of that out (``strip_additions``), which gives back the
   original bytes exactly, and splices afresh: nothing is ever added twice.

See ``docs/tei-import.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from lxml import etree

from annotator.errors import AnnotatorError, WriteError
from annotator.model import AnnotatedDocument, Annotation
from annotator.model.document import forbidden_xml_char
from annotator.tei import XML_ID, encoding, tei
from annotator.tei.additions import ADDED_ELEMENTS, ADDED_IDS, Registry, listed
from annotator.tei.inline import Piece, nest, render_pieces
from annotator.tei.parsing import is_ncname, parse_xml, require_tei
from annotator.tei.source import TeiSource
from annotator.tei.walk import walked_elements
from annotator.tei.writer import (
    ana_value,
    build_annotation,
    build_application,
    build_change,
    build_fsd_decl,
    build_resp_stmt,
    build_standoff_parts,
    build_taxonomy,
    derived_ids,
    string_range,
    tei_element,
)

# -- finding tags in the bytes -------------------------------------------------------

_TOKEN = re.compile(
    rb"<!--.*?-->"
    rb"|<\?.*?\?>"
    rb"|<!\[CDATA\[.*?\]\]>"
    rb"|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    rb"|</(?P<end>[^\s>]+)\s*>"
    rb"|<(?P<start>[^\s/>!?]+)(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(?P<empty>/?)>",
    re.S)


@dataclass
class TagSpan:
    """Where one element is in the bytes: its start tag and its end tag.

    For an empty-element tag (``<pb/>``) the end tag is the start tag itself.
    """

    name: bytes  # as written, prefix included
    start: int  # offset of "<"
    start_end: int  # offset after the start tag's ">"
    end: int = -1  # offset of "</", or ``start`` for an empty-element tag
    end_end: int = -1  # offset after the end tag's ">"

    @property
    def empty(self) -> bool:
        return self.end == self.start


def scan(data: bytes) -> list[TagSpan]:
    """Every element's tags, in document order (the order of their start tags).

    The data must be well-formed (parse it first): the scanner trusts that.
    """
    spans: list[TagSpan] = []
    stack: list[TagSpan] = []
    for match in _TOKEN.finditer(data):
        name = match.group("start")
        if name is not None:
            span = TagSpan(name, match.start(), match.end())
            spans.append(span)
            if match.group("empty"):
                span.end, span.end_end = match.start(), match.end()
            else:
                stack.append(span)
        elif match.group("end") is not None:
            if not stack or stack[-1].name != match.group("end"):
                raise WriteError("the file's tags could not be matched up byte by byte; "
                                 "nothing was written")
            span = stack.pop()
            span.end, span.end_end = match.start(), match.end()
    if stack:
        raise WriteError("the file's tags could not be matched up byte by byte; "
                         "nothing was written")
    return spans


def _match(root: etree._Element, data: bytes) -> tuple[list[etree._Element], list[TagSpan]]:
    """lxml's elements and the scanned tags, paired by position; refuse if they differ."""
    elements = list(root.iter(etree.Element))
    spans = scan(data)
    if len(elements) != len(spans) or any(
            span.name.rpartition(b":")[2].decode("utf-8", "replace")
            != etree.QName(element).localname for element, span in zip(elements, spans,
                                                                       strict=True)):
        raise WriteError("the file's markup could not be located byte by byte (found "
                         f"{len(spans)} tags for {len(elements)} elements); nothing was "
                         "written, to be sure nothing else is changed")
    return elements, spans


# -- the file's conventions ---------------------------------------------------------------

@dataclass(frozen=True)
class FileBytes:
    """How the splicer reads and writes a file's bytes.

    The scanner looks for markup in bytes, which works where ASCII characters are
    single bytes of their own (UTF-8, ISO-8859-1, windows-1252 …): the bytes are
    worked on as they are. A file in another encoding the splicer can write (UTF-16,
    UTF-32, with or without a byte-order mark) is *transcoded*: worked on as UTF-8
    and each piece between insertions written back in the file's encoding, which
    gives back exactly its bytes, so the file stays byte for byte what it was
    around the insertions, and in its own encoding.
    """

    codec: str  # the encoding insertions are written in (Python's name)
    mark: bytes = b""  # a byte-order mark, kept as it is (transcoded files only)
    transcoded: bool = False

    def working(self, data: bytes) -> bytes:
        """The bytes to scan and splice: ``data`` itself, or as UTF-8."""
        if not self.transcoded:
            return data
        return data[len(self.mark):].decode(self.codec).encode("utf-8")

    def written(self, piece: bytes) -> bytes:
        """A piece of the working bytes as the file has it."""
        return piece.decode("utf-8").encode(self.codec) if self.transcoded else piece


_DECLARED = re.compile(
    rb"^(?:\xef\xbb\xbf)?<\?xml\s[^>]*?encoding\s*=\s*[\"']([A-Za-z][A-Za-z0-9._\-]*)[\"']")


def file_encoding(data: bytes) -> FileBytes:
    """How to splice into the file ``data``; ``WriteError`` if it cannot be done exactly."""
    found = encoding.detect(data)
    name = found.declared or found.codec or "UTF-8"
    if found.codec is None:
        raise WriteError(f"the file declares the encoding {name!r}, which Annotator does not "
                         "know; it cannot add annotations to it")
    if found.ascii_markup:
        return FileBytes(found.codec)
    spliced = FileBytes(found.codec, found.mark, transcoded=True)
    try:
        exact = found.mark + spliced.written(spliced.working(data)) == data
    except UnicodeError:
        exact = False
    if not exact or found.codec == "utf-7":
        # (UTF-7 writes the same text in more than one way: what Annotator adds could
        # come out in a form the file does not use.)
        raise WriteError(f"the file is in {name}, which Annotator cannot write back exactly; "
                         "it can add annotations only to files in UTF-8, UTF-16, UTF-32 or "
                         "an 8-bit encoding such as ISO-8859-1")
    return spliced


def _line_end(data: bytes) -> str:
    return "\r\n" if data.count(b"\r\n") * 2 > data.count(b"\n") else "\n"


# -- what is inserted ------------------------------------------------------------------
# The elements inserted are built by ``annotator.tei.writer`` as lxml elements, and
# rendered here by hand (``_Splicer.render``), so that the bytes are exactly ours, in the
# file's line ends, indentation and encoding.


_NEEDS_ESCAPING = re.compile(r'[&<>"\t\n\r]')


def _escape(text: str, attribute: bool = False) -> str:
    if _NEEDS_ESCAPING.search(text) is None:
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        text = (text.replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")
                .replace("\r", "&#13;"))
    else:
        text = text.replace("\r", "&#13;")
    return text


@dataclass
class SpliceResult:
    """The new file, and what was inserted where (for tests and for the curious)."""

    data: bytes
    base: bytes  # the original without any earlier Annotator additions
    insertions: list[tuple[int, bytes]]  # (offset in ``base``, bytes), in order
    notes: list[str] = field(default_factory=list)  # things the user should know


class _Splicer:
    def __init__(self, data: bytes, root: etree._Element) -> None:
        self.file = file_encoding(data)
        self.data = data = self.file.working(data)
        self.root = root
        self.encoding = self.file.codec
        self.nl = _line_end(data)
        elements, spans = _match(root, data)
        self.spans = dict(zip(elements, spans, strict=True))
        # (offset, order, text): rendered only in ``result``, when the registry is complete
        self.insertions: list[tuple[int, int, Callable[[], str]]] = []
        self.unit = self._unit()

    # -- layout ----------------------------------------------------------------
    def indent_of(self, element: etree._Element) -> str | None:
        """The whitespace before ``element`` on its line; None if something else is there."""
        data = self.data
        start = i = self.spans[element].start
        while i > 0 and data[i - 1] in b" \t":
            i -= 1
        if i == 0 or data[i - 1] in b"\r\n":
            return data[i:start].decode("ascii")
        return None

    def _unit(self) -> str:
        outer = self.indent_of(self.root) or ""
        for child in self.root.iterchildren(etree.Element):
            inner = self.indent_of(child)
            if inner is not None and len(inner) > len(outer) and inner.startswith(outer):
                return inner[len(outer):]
        return "  "

    def child_indent(self, parent: etree._Element) -> str:
        for child in parent.iterchildren(etree.Element):
            inner = self.indent_of(child)
            if inner is not None:
                return inner
        outer = self.indent_of(parent)
        if outer is None:
            outer = self.unit * sum(1 for _ in parent.iterancestors())
        return outer + self.unit

    def render(self, element: etree._Element, indent: str, prefix: str) -> str:
        """``element`` as markup: its children each on a line of their own, one
        ``unit`` further in; on one line with it if it has mixed content (text
        between its children, as in a ``catDesc``), which is kept as it is."""
        tag = prefix + element.tag.rpartition("}")[2]
        attrs = "".join(f' {"xml:id" if k == XML_ID else k}="{_escape(v, True)}"'
                        for k, v in element.attrib.items())
        children = list(element) if len(element) else ()
        text = element.text or ""
        if not children and not text:
            return f"<{tag}{attrs}/>"
        if not children or text or any(c.tail for c in children):
            inner = _escape(text) + "".join(
                self.render(c, "", prefix) + _escape(c.tail or "") for c in children)
            return f"<{tag}{attrs}>{inner}</{tag}>"
        inner = "".join(self.nl + indent + self.unit + self.render(c, indent + self.unit, prefix)
                        for c in children)
        return f"<{tag}{attrs}>{inner}{self.nl}{indent}</{tag}>"

    def _bytes(self, text: str) -> bytes:
        return text.encode(self.encoding, "xmlcharrefreplace")

    def _insert(self, position: int, text: Callable[[], str]) -> None:
        self.insertions.append((position, len(self.insertions), text))

    @staticmethod
    def _prefix(parent: etree._Element) -> str:
        # Our elements take the TEI prefix the parent is written with (usually none).
        return f"{parent.prefix}:" if parent.prefix else ""

    # -- insertions ---------------------------------------------------------------
    def append(self, parent: etree._Element, e: etree._Element) -> None:
        """Insert ``e`` as the last element child of ``parent``, on a line of its own."""
        span = self.spans[parent]
        if span.empty:
            raise WriteError(f"<{etree.QName(parent).localname}> is written as an empty "
                             "element; Annotator cannot add to it without rewriting it")
        indent = self.child_indent(parent)
        children = list(parent.iterchildren(etree.Element))
        position = self.spans[children[-1]].end_end if children else span.start_end
        prefix = self._prefix(parent)
        self._insert(position, lambda: self.nl + indent + self.render(e, indent, prefix))

    def after(self, sibling: etree._Element, e: etree._Element) -> None:
        """Insert ``e`` right after ``sibling``, on a line of its own."""
        parent = sibling.getparent()
        indent = self.indent_of(sibling)
        if indent is None:
            indent = self.child_indent(parent)
        prefix = self._prefix(parent)
        self._insert(self.spans[sibling].end_end,
                     lambda: self.nl + indent + self.render(e, indent, prefix))

    def before(self, sibling: etree._Element, e: etree._Element) -> None:
        """Insert ``e`` on a line of its own before ``sibling`` (which starts a line)."""
        indent = self.indent_of(sibling)
        if indent is None:
            self.after(sibling, e)
            return
        prefix = self._prefix(sibling.getparent())
        self._insert(self.spans[sibling].start - len(indent),
                     lambda: indent + self.render(e, indent, prefix) + self.nl)

    def give_id(self, element: etree._Element, value: str) -> None:
        span = self.spans[element]
        text = f' xml:id="{_escape(value, True)}"'
        self._insert(span.start + 1 + len(span.name), lambda: text)

    def result(self) -> tuple[bytes, list[tuple[int, bytes]]]:
        """The spliced file, and each insertion (offset in the original bytes, bytes)."""
        written = self.file.written
        pieces, ordered = [self.file.mark], []
        previous, offset = 0, len(self.file.mark)
        for position, _, text in sorted(self.insertions, key=lambda i: i[:2]):
            kept, chunk = written(self.data[previous:position]), self._bytes(text())
            offset += len(kept)
            pieces += [kept, chunk]
            ordered.append((offset, chunk))
            previous = position
        pieces.append(written(self.data[previous:]))
        return b"".join(pieces), ordered


# -- public -----------------------------------------------------------------------------


def strip_additions(data: bytes, path: str | None = None) -> bytes:
    """``data`` without anything an earlier save by Annotator added: the original bytes."""
    tree, _ = parse_xml(data, path)
    root = require_tei(tree, path)
    registry = Registry.find(root)
    if registry is None:
        return data
    file = file_encoding(data)
    data = file.working(data)
    elements, spans = _match(root, data)
    where = dict(zip(elements, spans, strict=True))
    removed = registry.elements(root)
    if not any(registry.application is e or registry.application in e.iterdescendants()
               for e in removed):
        removed.append(registry.application)
    cuts = []
    for element in removed:
        span = where[element]
        start = span.start
        # Take the line break and indentation it was inserted with.
        while start > 0 and data[start - 1] in b" \t":
            start -= 1
        if start > 0 and data[start - 1:start] == b"\n":
            start -= 1
            if start > 0 and data[start - 1:start] == b"\r":
                start -= 1
        cuts.append((start, span.end_end))
    for element in root.iter(etree.Element):
        value = element.get(XML_ID)
        if value is None or value not in registry.ids:
            continue
        span = where[element]
        attribute = re.compile(rb"\s+xml:id\s*=\s*(?:\"" + re.escape(value.encode()) +
                               rb"\"|'" + re.escape(value.encode()) + rb"')")
        found = attribute.search(data, span.start, span.start_end)
        if found is not None:
            cuts.append((found.start(), found.end()))
    pieces, previous = [file.mark], 0
    for start, end in sorted(cuts):
        if start < previous:  # inside something already cut
            continue
        pieces.append(file.written(data[previous:start]))
        previous = end
    pieces.append(file.written(data[previous:]))
    return b"".join(pieces)


def splice(source: TeiSource, doc: AnnotatedDocument, *, verify: bool = True) -> SpliceResult:
    """The bytes of ``source``'s file with ``doc``'s annotations, tagset, annotators and
    revisions added, and nothing else changed.

    ``doc`` must be the document ``source`` was read into (``source.annotated``,
    edited). With ``verify`` the result is read back and compared with ``doc``
    (text and every annotation); a difference is a ``WriteError``, nothing is
    returned. Raises ``WriteError`` for files that cannot be spliced safely.
    """
    result, records, _ = _splice(source, doc, standoff=True)
    if verify:
        _verify(source, doc, result.data, records)
    return result


def _splice(source: TeiSource, doc: AnnotatedDocument, *, standoff: bool,
            inline: bool = False) -> tuple[SpliceResult, list, dict[str, str]]:
    """Splice the header additions, and with ``standoff`` the annotations and the
    registry, into the original bytes.

    With ``inline`` (for ``export_inline``) the ``standOff`` holds what the native
    inline export's does: the entity lists, events and feature structures, without
    ``listAnnotation`` and without an id; no block gets an id and the registry lists
    no additions. Returns the result, the saved annotations with their ranges and
    {annotation id: id of its ``fs``}."""
    if doc.document is not source.document:
        raise WriteError("the annotations belong to another document than this TEI source")
    try:
        return _Splice(source, doc, standoff=standoff, inline=inline).run()
    except ValueError as exc:  # lxml refuses strings XML cannot carry
        raise _unstorable(doc, exc) from None


@dataclass
class _Saved:
    """The annotations a splice saves and what they need from the file."""

    # Each annotation with its ranges in the source (those with none are not saved).
    records: list[tuple[Annotation, list]]
    # The anchors (by index) that need an xml:id for a pointer, with the id.
    needed: dict[int, str]
    # Inline: the annotations that have characters the reader sees.
    wrapped: set[str]
    fs_ids: dict[str, str]
    event_ids: dict[str, str]
    # What the standOff holds besides listAnnotation (entity lists; events and fs).
    before: list[etree._Element]
    after: list[etree._Element]


class _Splice:
    """One splice of ``doc``'s additions into ``source``'s bytes, step by step (``run``)."""

    def __init__(self, source: TeiSource, doc: AnnotatedDocument, *, standoff: bool,
                 inline: bool) -> None:
        self.source = source
        self.doc = doc
        self.standoff = standoff
        self.inline = inline
        self.base = strip_additions(source.data, source.path) if source.registry else \
            source.data
        if self.base is source.data:
            self.root = source.tree.getroot()
            self.element_of = {i: a.element for i, a in enumerate(source.anchors)}
        else:
            tree, _ = parse_xml(self.base, source.path)
            self.root = tree.getroot()
            self.element_of = _corresponding(source, self.root)
        self.splicer = _Splicer(self.base, self.root)
        self.notes: list[str] = []
        self.taken: set[str] = {v for v in self.root.xpath("//@xml:id")}
        # The ids of the elements added, for the registry (in the order added).
        self.added: list[str] = []

    def fresh(self, value: str) -> str:
        """``value``, or ``value-2``, ``value-3`` …: the first id free in the file."""
        candidate, n = value, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{value}-{n}"
        self.taken.add(candidate)
        return candidate

    def run(self) -> tuple[SpliceResult, list, dict[str, str]]:
        saved = self.saved_annotations()
        self.check_ids(saved)
        title_stmt = self.header_part("titleStmt")
        for person in sorted(self.doc.annotators.values(), key=lambda a: a.id):
            self.splicer.append(title_stmt, build_resp_stmt(person))
            self.added.append(person.id)
        application = self.add_encoding_desc()
        self.add_revisions()
        self.add_standoff(saved)
        for index in sorted(saved.needed):
            self.splicer.give_id(self.element_of[index], saved.needed[index])
        self.add_registry(application, saved.needed)
        data, insertions = self.splicer.result()
        return SpliceResult(data, self.base, insertions, self.notes), saved.records, \
            saved.fs_ids

    # -- the steps -------------------------------------------------------------------
    def saved_annotations(self) -> _Saved:
        """The annotations to save with their ranges, the blocks that need an id,
        and what the standOff holds besides them, built as the native writer builds
        it (entity lists before listAnnotation; listEvent and fs after it)."""
        source, doc = self.source, self.doc
        records = []
        needed: dict[int, str] = {}
        for ann in doc.annotations if self.standoff else ():
            # Every range's pointers (a discontinuous annotation: several ranges).
            ranges = [r for start, end in ann.ranges for r in source.to_source(start, end)]
            if not ranges:
                self.notes.append(
                    f"annotation {ann.id} ({source.document.text[ann.start:ann.end]!r}) "
                    "covers only line-break spaces, which the file has no characters for; "
                    "it was not saved")
                continue
            for r in ranges:
                anchor = source.anchors[r.anchor]
                if not anchor.original_id:
                    needed[r.anchor] = anchor.id
                else:
                    _check_anchor_id(ann, anchor, source)
            records.append((ann, ranges))
        # Inline, an annotation is written where it has characters the reader sees.
        wrapped = ({ann.id for ann in doc.annotations
                    if any(source.to_source_runs(start, end) for start, end in ann.ranges)}
                   if self.inline else set())
        fs_ids: dict[str, str] = {}
        event_ids: dict[str, str] = {}
        before: list[etree._Element] = []
        after: list[etree._Element] = []
        if self.standoff or self.inline:
            fs_ids, event_ids = derived_ids(doc)
            kept = wrapped if self.inline else {ann.id for ann, _ in records}
            _check_dropped(doc, kept)
            fs_ids = {a: f for a, f in fs_ids.items() if a in kept}
            event_ids = {a: e for a, e in event_ids.items() if a in kept}
            before, after = build_standoff_parts(doc, fs_ids, event_ids)
        return _Saved(records, needed, wrapped, fs_ids, event_ids, before, after)

    def check_ids(self, saved: _Saved) -> None:
        """Refuse if an id Annotator needs (for a block, an annotation, an annotator, a
        tag, an entity, an fs or an event) is taken in the file; reserve them."""
        for index in sorted(saved.needed):
            if saved.needed[index] in self.taken:
                raise WriteError(f"the id {saved.needed[index]!r} Annotator needs for a block "
                                 "is already used in the file; nothing was written")
            self.taken.add(saved.needed[index])
        doc = self.doc
        model_ids = {ann.id: "an annotation" for ann, _ in saved.records}
        model_ids.update((i, "an annotation") for i in sorted(saved.wrapped))
        model_ids.update((i, "an annotator") for i in doc.annotators)
        model_ids.update((f"cat-{tag.id}", "a tag") for tag in doc.tagset)
        if self.standoff or self.inline:
            model_ids.update((e.id, f"the entity “{e.name}”") for e in doc.entities.values())
            model_ids.update((i, "a feature structure") for i in saved.fs_ids.values())
            model_ids.update((i, "an event") for i in saved.event_ids.values())
        clashes = sorted(i for i in model_ids if i in self.taken)
        if clashes:
            raise WriteError(f"the file already uses the id {clashes[0]!r}, which Annotator "
                             f"needs for {model_ids[clashes[0]]}; nothing was written")
        self.taken.update(model_ids)

    def header_part(self, name: str) -> etree._Element:
        """``teiHeader`` (``name`` "teiHeader"), ``fileDesc`` or ``titleStmt`` of the
        file: refused if the file lacks any of them."""
        header = self.root.find(tei("teiHeader"))
        file_desc = header.find(tei("fileDesc")) if header is not None else None
        title_stmt = file_desc.find(tei("titleStmt")) if file_desc is not None else None
        if title_stmt is None:
            raise WriteError("the file has no teiHeader/fileDesc/titleStmt; it is not TEI "
                             "that Annotator can add to")
        return {"teiHeader": header, "fileDesc": file_desc, "titleStmt": title_stmt}[name]

    def add_encoding_desc(self) -> etree._Element:
        """The registry (``application``) and the tagset (``taxonomy``, ``fsdDecl``) into
        the file's ``encodingDesc``, or into one of ours right after ``fileDesc``;
        returns the ``application``, which the registry's pointers go into last."""
        header = self.header_part("teiHeader")
        taxonomy_id = self.fresh("tagset")
        taxonomy = build_taxonomy(self.doc, taxonomy_id)
        application_id = self.fresh("annotator-app")
        application = build_application(application_id)
        # The tags' attributes, declared as the native format declares them.
        fsd_decl = build_fsd_decl(self.doc)
        fsd_id = ""
        if fsd_decl is not None:
            fsd_id = self.fresh("annotator-fsdDecl")
            fsd_decl.set(XML_ID, fsd_id)
        encoding_desc = header.find(tei("encodingDesc"))
        if encoding_desc is None:
            container = self.fresh("annotator-encodingDesc")
            self.splicer.after(self.header_part("fileDesc"), tei_element(
                "encodingDesc", {XML_ID: container}, children=[
                    tei_element("appInfo", children=[application]),
                    tei_element("classDecl", children=[taxonomy]),
                    *([fsd_decl] if fsd_decl is not None else [])]))
            self.added.append(container)
            return application
        self.put_into(encoding_desc, "appInfo", application, application_id)
        self.put_into(encoding_desc, "classDecl", taxonomy, taxonomy_id)
        if fsd_decl is not None:
            self.splicer.append(encoding_desc, fsd_decl)
            self.added.append(fsd_id)
        return application

    def put_into(self, encoding_desc: etree._Element, container: str,
                 child: etree._Element, child_id: str) -> None:
        """``child`` into the file's own ``container`` if it has one, else into one of
        ours at the end of ``encodingDesc``."""
        holder = encoding_desc.find(tei(container))
        if holder is None:
            ours = self.fresh(f"annotator-{container}")
            self.splicer.append(encoding_desc, tei_element(container, {XML_ID: ours},
                                                       children=[child]))
            self.added.append(ours)
        else:
            self.splicer.append(holder, child)
            self.added.append(child_id)

    def add_revisions(self) -> None:
        """One ``change`` per revision in ``revisionDesc`` (ours at the end of the header
        if the file has none; newest first when the file lists changes that way)."""
        doc = self.doc
        if not doc.revisions:
            return
        header = self.header_part("teiHeader")
        revision_desc = header.find(tei("revisionDesc"))
        if revision_desc is None:
            container = self.fresh("annotator-revisionDesc")
            self.splicer.append(header, tei_element("revisionDesc", {XML_ID: container}, children=[
                build_change(r) for r in doc.revisions]))
            self.added.append(container)
            return
        lists = revision_desc.findall(tei("listChange"))
        holder = lists[-1] if lists else revision_desc
        changes = holder.findall(tei("change"))
        if not changes and not lists:
            self.notes.append("the file's revisionDesc is a list, not changes; the save was "
                              "not recorded there")
            return
        newest_first = (len(changes) > 1 and
                        changes[0].get("when", "") > changes[-1].get("when", ""))
        for revision in (reversed(doc.revisions) if newest_first else doc.revisions):
            change_id = self.fresh("annotator-change")
            change = build_change(revision, change_id)
            if newest_first:
                self.splicer.before(changes[0], change)
            else:
                self.splicer.append(holder, change)
            self.added.append(change_id)

    def add_standoff(self, saved: _Saved) -> None:
        """``standOff`` as the last child of ``<TEI>``: the entity lists,
        ``listAnnotation`` (not inline: the annotations are then in the text), events
        and feature structures."""
        before, after = saved.before, saved.after
        if self.inline:
            if before or after:
                # The annotations are in the text; what the native inline export puts in
                # its standOff follows, where a save puts it.
                self.splicer.append(self.root, tei_element("standOff", children=before + after))
            return
        if not (saved.records or before or after):
            return
        standoff_id = self.fresh("annotator-standoff")
        parts = list(before)
        if saved.records:
            listing = tei_element("listAnnotation")
            anchors = self.source.anchors
            for ann, ranges in saved.records:
                target = " ".join(string_range(anchors[r.anchor].id, r.start, r.end - r.start)
                                  for r in ranges)
                # @n: the text it is on; reading tells from it if the pointers still give it.
                build_annotation(ann, target, ana_value(ann.tag, saved.fs_ids.get(ann.id)),
                                 listing, n=self.source.quoted(ranges))
            parts.append(listing)
        parts += after
        self.splicer.append(self.root, tei_element("standOff", {XML_ID: standoff_id},
                                               children=parts))
        self.added.append(standoff_id)

    def add_registry(self, application: etree._Element, needed: dict[int, str]) -> None:
        """The registry, last, now that every addition is known: ``ptr type="added"``
        lists the elements added, ``ptr type="ids"`` the ids given to the file's own."""
        if self.standoff:
            tei_element("ptr", {"type": ADDED_ELEMENTS, "target": " ".join(
                f"#{i}" for i in self.added)}, parent=application)
        if needed:
            tei_element("ptr", {"type": ADDED_IDS, "target": " ".join(
                f"#{needed[i]}" for i in sorted(needed))}, parent=application)


def _check_anchor_id(ann: Annotation, anchor, source: TeiSource) -> None:
    """Refuse an annotation in a block whose own id no pointer can name alone."""
    if anchor.id in source.repeated_ids:
        lines = listed(source.repeated_ids[anchor.id])
        raise WriteError(
            f"annotation {ann.id} lies in an element whose id {anchor.id!r} other "
            f"elements have too (lines {lines}): a pointer to it would name them all; "
            "give those elements different ids. Nothing was written")
    if not is_ncname(anchor.id):  # kept as it is: it is the file's, not ours
        raise WriteError(
            f"annotation {ann.id} lies in an element (line "
            f"{anchor.element.sourceline}) whose xml:id {anchor.id!r} is not an XML "
            "name: no pointer can name it, so the annotation cannot be saved into "
            "this file; give the element an id without ':' or spaces, or remove the "
            "annotation. Nothing was written")


def _unstorable(doc: AnnotatedDocument, exc: ValueError) -> WriteError:
    """The error for a string of ``doc`` that XML cannot store (lxml refused it),
    naming the first in the order of the file (annotators, tags, revisions)."""
    texts = [a.name for a in sorted(doc.annotators.values(), key=lambda a: a.id)]
    texts += [value for tag in doc.tagset for value in (tag.key, tag.label, tag.description)]
    texts += [r.description for r in doc.revisions]
    for text in texts:
        bad = forbidden_xml_char(text)
        if bad is not None:
            return WriteError(f"U+{ord(text[bad]):04X} cannot be stored in XML: {text!r}")
    return WriteError(f"cannot write TEI: {exc}")


def _check_dropped(doc: AnnotatedDocument, kept: set[str]) -> None:
    """Refuse if an annotation that is saved refers to one that cannot be."""
    store = doc.annotations
    if len(kept) == len(store):
        return
    for ann in store:
        if ann.id not in kept or not ann.attributes:
            continue
        tag = doc.tagset[ann.tag]
        for name, value in ann.attributes:
            definition = tag.attribute(name)
            if (definition is not None and definition.kind == "reference"
                    and value in store and value not in kept):
                raise WriteError(f"{ann.id}'s {definition.label} refers to annotation "
                                 f"{value}, which covers only line-break spaces and cannot be "
                                 "saved in this file; nothing was written")


def _corresponding(source: TeiSource, root: etree._Element) -> dict[int, etree._Element]:
    """The anchors' elements in another parse of the same text (the base bytes).

    Annotator adds nothing inside the elements read (``<text>``, the pages of a
    ``<sourceDoc>``), so the n-th element of the m-th of them is the same element in
    both.
    """
    old_texts = walked_elements(source.tree.getroot())
    new_texts = walked_elements(root)
    if len(old_texts) != len(new_texts):
        raise WriteError("the file's text could not be matched; nothing was written")
    position = {}
    for number, text in enumerate(old_texts):
        for ordinal, element in enumerate(text.iter(etree.Element)):
            position[element] = (number, ordinal)
    new_elements = [list(text.iter(etree.Element)) for text in new_texts]
    found = {}
    for index, anchor in enumerate(source.anchors):
        number, ordinal = position[anchor.element]
        element = new_elements[number][ordinal]
        if element.tag != anchor.element.tag:
            raise WriteError("the file's text could not be matched; nothing was written")
        found[index] = element
    return found


def _verify(source: TeiSource, doc: AnnotatedDocument, data: bytes, records: list) -> None:
    """Read ``data`` back; refuse unless it gives the same text and the same annotations."""
    try:
        again = TeiSource.from_bytes(data, source.path, prefer_original=source.prefer_original)
    except AnnotatorError as exc:
        raise WriteError(f"the spliced file does not read back ({exc.message}); nothing was "
                         "written") from None
    if again.document.text != source.document.text:
        raise WriteError("the spliced file reads back with a different text; nothing was "
                         "written")
    expected = sorted((ann.id, ann.tag, *source.trim(ann.start, ann.end), ann.resp,
                       ann.attributes, ann.note, ann.entity,
                       tuple(source.trim(start, end) for start, end in ann.more))
                      for ann, _ in records)
    found = sorted((a.id, a.tag, a.start, a.end, a.resp, a.attributes, a.note, a.entity, a.more)
                   for a in again.annotated.annotations)
    if again.annotated.tagset != doc.tagset:
        raise WriteError("the spliced file reads back with a different tagset; nothing was "
                         "written")
    if expected != found:
        raise WriteError("the spliced file reads back with different annotations; nothing "
                         "was written")
    if again.annotated.entities != doc.entities:
        raise WriteError("the spliced file reads back with different entities; nothing was "
                         "written")
    if again.warnings:
        raise WriteError(f"the spliced file reads back with a warning ({again.warnings[0].message}"
                         "); nothing was written")


# -- the inline export ------------------------------------------------------------------


def export_inline(source: TeiSource, doc: AnnotatedDocument) -> bytes:
    """The foreign document with its annotations written into the text.

    Each annotation becomes ``<rs>``/``<seg>`` (its tag's element) around the
    characters the reader sees, split wherever an element begins or ends (and
    where annotations cross) into fragments linked by ``@next``/``@prev``, as in
    Annotator's own inline export; what the reader does not see (notes, the other
    reading of a choice, running heads) is never wrapped. As there, every fragment
    carries ``@ana`` (``#cat-TAG``, plus ``#fs-ID`` when the annotation has attribute
    values) and ``@ref="#ENTITY"`` when it is linked, and the entity lists, events
    and feature structures follow the text in a ``<standOff>`` (without
    ``listAnnotation`` or an id), the last child of ``<TEI>`` where a save puts its
    own; annotation notes are not exported inline. The header gets the same
    additions as a save (tagset with ``fsdDecl``, annotators, revisions,
    ``appInfo``, without the registry of additions). Every id written (annotations,
    fragments, ``fs-``, ``ev-``, entities) is clear of the file's own (``WriteError``
    naming a clash, as for a save); an annotation that covers only characters the
    file does not have is left out, and one whose value refers to it is refused.
    The text content is the original's. Unlike a save the file is serialised again
    by lxml, so it is equal to the original in content (C14N), not byte for byte.
    """
    result, _, fs_ids = _splice(source, doc, standoff=False, inline=True)
    tree, _ = parse_xml(result.data, source.path)
    root = tree.getroot()
    element_of = _corresponding(source, root)
    nodes, spans_of = _text_nodes(root)
    taken = {v for v in root.xpath("//@xml:id")}
    taken |= {a.id for a in doc.annotations}
    per_node: dict[int, list[tuple[int, int, Annotation]]] = {}
    for ann in doc.annotations:
        for run in (run for start, end in ann.ranges
                    for run in source.to_source_runs(start, end)):
            first, last = spans_of[element_of[run.anchor]]
            position = 0
            for number in range(first, last):
                length = len(nodes[number][2])
                lo, hi = max(run.start, position), min(run.end, position + length)
                if lo < hi:
                    per_node.setdefault(number, []).append((lo - position, hi - position, ann))
                position += length
                if position >= run.end:
                    break
    forests = {number: nest(spans) for number, spans in sorted(per_node.items())}
    chains: dict[str, list[Piece]] = {}
    for number in sorted(forests):
        for piece in _pieces(forests[number]):
            piece.paragraph = number
            chains.setdefault(piece.ann.id, []).append(piece)
    for ann_id, chain in chains.items():
        chain.sort(key=lambda p: (p.paragraph, p.start))
        chain[0].id = ann_id
        for number, piece in enumerate(chain[1:], 2):
            candidate = f"{ann_id}.{number}"
            while candidate in taken:
                candidate += "_"
            taken.add(candidate)
            piece.id = candidate
        for before, after in pairwise(chain):
            before.next, after.prev = f"#{after.id}", f"#{before.id}"
    elements = {tag.id: tag.element for tag in doc.tagset}
    ana = {ann_id: ana_value(doc.annotations.get(ann_id).tag, fs_id)
           for ann_id, fs_id in fs_ids.items()}
    for number, forest in forests.items():
        owner, is_tail, text = nodes[number]
        holder = etree.Element("holder")
        render_pieces(holder, forest, text, 0, len(text), elements, ana=ana, links=True)
        holding = owner.getparent() if is_tail else owner
        if holding.tag == _LINE or next(holding.iterancestors(_LINE), None) is not None:
            # A <line> of a page takes <seg>, not <rs>, and a <seg> no @ref: the
            # entity it mentions goes into @corresp.
            for wrapper in holder.iter(_RS, _SEG_TAG):
                wrapper.tag = _SEG_TAG
                entity = wrapper.attrib.pop("ref", None)
                if entity is not None:
                    wrapper.set("corresp", entity)
        if is_tail:
            owner.tail = holder.text
            parent = owner.getparent()
            at = parent.index(owner) + 1
        else:
            owner.text = holder.text
            parent, at = owner, 0
        for offset, child in enumerate(list(holder)):
            parent.insert(at + offset, child)
    return _serialised(tree, result.data)


_LINE, _RS, _SEG_TAG = tei("line"), tei("rs"), tei("seg")


def _serialised(tree: etree._ElementTree, original: bytes) -> bytes:
    """``tree`` in the encoding of ``original`` (the file it was read from), named as
    its declaration names it, ending in a line break if that file does."""
    file = file_encoding(original)
    ends = original.endswith(file.written(b"\n"))
    if not file.transcoded:
        match = _DECLARED.match(original)
        name = match.group(1).decode("ascii") if match else "UTF-8"
        data = etree.tostring(tree, encoding=name, xml_declaration=True)
        return data + b"\n" if ends else data
    # UTF-16 or UTF-32: written by Python's codec, in the byte order of the file
    # (lxml would choose the machine's), with its byte-order mark if it has one.
    name = encoding.detect(original).declared or file.codec.upper()
    text = (f"<?xml version='1.0' encoding='{name}'?>\n"
            + etree.tostring(tree, encoding="unicode") + ("\n" if ends else ""))
    return file.mark + text.encode(file.codec)


def _text_nodes(root: etree._Element) -> tuple[list[tuple[etree._Element, bool, str]],
                                                 dict[etree._Element, tuple[int, int]]]:
    """The text nodes of every element read (``<text>``, the pages of a
    ``<sourceDoc>``) in document order: (owner, is tail, text), and for every element
    the slice of them its string value is made of."""
    nodes: list[tuple[etree._Element, bool, str]] = []
    spans: dict[etree._Element, tuple[int, int]] = {}

    def walk(element: etree._Element) -> None:
        first = len(nodes)
        if element.text:
            nodes.append((element, False, element.text))
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                nodes.append((child, True, child.tail))
        spans[element] = (first, len(nodes))

    for text in walked_elements(root):
        walk(text)
    return nodes, spans


def _pieces(forest: list[Piece]) -> list[Piece]:
    found = []
    for piece in forest:
        found.append(piece)
        found += _pieces(piece.children)
    return found


__all__ = ["FileBytes", "SpliceResult", "TagSpan", "export_inline", "file_encoding", "scan",
           "splice", "strip_additions"]
