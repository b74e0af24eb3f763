"""The native TEI file: the text in ``<p>``s, annotations in ``<standOff>``.

Output is deterministic: the same model always gives the same bytes (fixed
element and attribute order, annotations in document order, annotators by
id, no timestamps except the model's own revisions).

This module is the one builder of the TEI elements that carry Annotator's content
(the taxonomy, the feature declarations, an annotator's ``respStmt``, the
``application``, a revision's ``change``, an ``annotation`` with its body, the
entity lists, events and feature structures): the native file, the inline export
(``annotator.tei.inline``) and the splice into another TEI file
(``annotator.tei.splice``) all take them from here, as lxml elements.
"""

from __future__ import annotations

import re

from lxml import etree

import annotator
from annotator.errors import ValidationError, WriteError
from annotator.model import AnnotatedDocument, Annotation, Annotator, Revision, Tag
from annotator.model.attributes import AttributeDef
from annotator.model.entities import Entity
from annotator.tei import RNG_URI, SCH_URI, TEI_NS, XML_ID, XML_LANG, tei

# Elements that hold only other elements: the only ones indented. Everything
# else (notably <p>) keeps its content byte for byte.
_CONTAINERS = frozenset(tei(n) for n in (
    "TEI", "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt", "sourceDesc",
    "encodingDesc", "appInfo", "application", "classDecl", "taxonomy", "category",
    "revisionDesc", "text", "body", "standOff", "listAnnotation",
    "fsdDecl", "fsDecl", "fDecl", "vRange", "vAlt", "listPerson", "listOrg", "listPlace",
    "listObject", "person", "org", "place", "object", "objectIdentifier", "listEvent",
    "event", "fs", "annotation",
))

_ANNOTATION = tei("annotation")
# The TEI list, entry and name element of each entity kind.
ENTITY_ELEMENTS = {
    "person": ("listPerson", "person", "persName"),
    "org": ("listOrg", "org", "orgName"),
    "place": ("listPlace", "place", "placeName"),
    "object": ("listObject", "object", "objectName"),
}
# idno/@type of each identifier scheme.
IDNO_TYPES = {"wikidata": "wikidata", "iso3166": "ISO3166", "uri": "URI"}

_PROLOGUE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<?xml-model href="{RNG_URI}" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    f'<?xml-model href="{SCH_URI}" type="application/xml" '
    'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
).encode()

# TEI's pattern for application/@version; anything else would make the file invalid.
_TEI_VERSION = re.compile(r"[0-9]+[a-z]*[0-9]*(\.[0-9]+[a-z]*[0-9]*){0,3}")

PUBLICATION_NOTE = "Annotated with Annotator; not published."
# application/@ident of Annotator's entry in appInfo (in another file, its registry).
APP_IDENT = "annotator"
EMPTY_TAXONOMY = "No categories are defined."


def app_version() -> str:
    """``annotator.__version__`` cut to what TEI accepts (``1.2.0.dev3`` gives ``1.2.0``)."""
    match = _TEI_VERSION.match(annotator.__version__)
    return match.group(0) if match else "0"


def string_range(pid: str, offset: int, length: int) -> str:
    return f"#string-range({pid},{offset},{length})"


def ana_value(tag: str, fs_id: str | None = None) -> str:
    """An annotation's ``@ana``: ``#cat-TAG``, and ``#FS`` when it has attribute
    values (``fs_id``, from ``derived_ids``)."""
    return f"#cat-{tag} #{fs_id}" if fs_id else f"#cat-{tag}"


class TeiWriter:
    """Serialises an ``AnnotatedDocument`` as the native (stand-off) TEI file."""

    def __init__(self, doc: AnnotatedDocument) -> None:
        self.doc = doc
        self._extra_ids: set[str] = set()  # ids the inline export adds (fragments)
        self._fs_ids: dict[str, str] = {}  # annotation id -> its fs's id
        self._event_ids: dict[str, str] = {}

    # -- public ---------------------------------------------------------------
    def to_element(self) -> etree._Element:
        """The ``<TEI>`` element, indented, without the XML prologue."""
        try:
            self._fs_ids, self._event_ids = derived_ids(self.doc, self._extra_ids)
            root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
            language = self.doc.document.metadata.language
            if language:
                root.set(XML_LANG, language)
            self._header(etree.SubElement(root, tei("teiHeader")))
            self._text(etree.SubElement(root, tei("text")))
            self._after_text(root)
        except ValueError as exc:  # lxml refuses strings XML cannot carry
            raise WriteError(f"cannot write TEI: {exc}") from None
        _indent(root, 0)
        return root

    def to_bytes(self, validate: bool = True) -> bytes:
        """The whole file. With ``validate``, raise ``ValidationError`` rather
        than return bytes that break the project schema."""
        data = _PROLOGUE + etree.tostring(self.to_element(), encoding="UTF-8",
                                          xml_declaration=False) + b"\n"
        if validate:
            # Validate the bytes themselves, not the tree: that checks exactly what
            # reaches the disk (escaping included) and gives line numbers of the file.
            # The re-parse costs a small part of a save (docs/performance.md).
            from annotator.tei.validation import validate_bytes

            problems = validate_bytes(data, None)
            if problems:
                raise ValidationError(
                    f"the document cannot be saved as valid TEI: {problems[0].message}",
                    None, problems[0].line, problems)
        return data

    # -- parts ----------------------------------------------------------------
    def _header(self, header: etree._Element) -> None:
        doc = self.doc
        meta = doc.document.metadata
        file_desc = _sub(header, "fileDesc")
        title_stmt = _sub(file_desc, "titleStmt")
        _sub(title_stmt, "title", text=meta.title)
        for person in sorted(doc.annotators.values(), key=lambda a: a.id):
            build_resp_stmt(person, title_stmt)
        _sub(_sub(file_desc, "publicationStmt"), "p", text=PUBLICATION_NOTE)
        # An empty <p/> stands for "no source recorded": a default sentence
        # would read back as a source the user never gave.
        _sub(_sub(file_desc, "sourceDesc"), "p", text=meta.source)

        encoding = _sub(header, "encodingDesc")
        build_application(parent=_sub(encoding, "appInfo"))
        build_taxonomy(doc, parent=_sub(encoding, "classDecl"))
        fsd_decl = build_fsd_decl(doc)
        if fsd_decl is not None:
            encoding.append(fsd_decl)

        if doc.revisions:
            revision_desc = _sub(header, "revisionDesc")
            for revision in doc.revisions:
                build_change(revision, parent=revision_desc)

    def _text(self, text: etree._Element) -> None:
        body = _sub(text, "body")
        document = self.doc.document
        paragraphs = document.paragraphs
        if not paragraphs:
            _sub(body, "ab", {"type": "empty"})
        # From the paragraphs' columns (no Paragraph object made for each).
        whole = document.text
        for pid, start, end in zip(paragraphs.ids(), paragraphs.starts, paragraphs.ends,
                                   strict=True):
            self._paragraph(_sub(body, "p", {XML_ID: pid}), pid, whole[start:end])

    def _paragraph(self, p: etree._Element, pid: str, text: str) -> None:
        """Fill ``p``, the paragraph ``pid`` whose text is ``text``."""
        p.text = text

    def _after_text(self, root: etree._Element) -> None:
        annotations = list(self.doc.annotations)
        before, after = build_standoff_parts(self.doc, self._fs_ids, self._event_ids)
        if not annotations and not before and not after:
            return  # an empty <listAnnotation> is not valid TEI
        stand_off = _sub(root, "standOff")
        stand_off.extend(before)
        if annotations:
            listing = _sub(stand_off, "listAnnotation")
            fragments = self.doc.document.fragments
            fs_ids = self._fs_ids
            for ann in annotations:  # (once per annotation: no more calls than needed)
                if ann.more:  # one pointer per paragraph fragment of each range
                    target = " ".join([string_range(f.paragraph.id, f.offset, f.length)
                                       for start, end in ann.ranges
                                       for f in fragments(start, end)])
                else:
                    target = " ".join([string_range(f.paragraph.id, f.offset, f.length)
                                       for f in fragments(ann.start, ann.end)])
                fs_id = fs_ids.get(ann.id)
                build_annotation(ann, target, ana_value(ann.tag, fs_id) if fs_id else
                                 f"#cat-{ann.tag}", listing)
        stand_off.extend(after)

    def ana(self, ann: Annotation) -> str:
        """``#cat-TAG``, and ``#FS`` when the annotation has attribute values."""
        return ana_value(ann.tag, self._fs_ids.get(ann.id))


def derived_ids(doc: AnnotatedDocument, extra_used: set[str] = frozenset()  # type: ignore[assignment]
                ) -> tuple[dict[str, str], dict[str, str]]:
    """The ids of the ``fs`` (``fs-ID``) and ``event`` (``ev-ID``) written for each
    annotation that has attribute values (and, for the event, is of an event tag),
    clear of every other id."""
    store = doc.annotations
    used = set(extra_used) | set(doc.annotators) | {f"cat-{t.id}" for t in doc.tagset}
    used |= {"tagset"} | set(doc.entities)
    fs_ids: dict[str, str] = {}
    event_ids: dict[str, str] = {}
    events = {t.id for t in doc.tagset if t.event}

    def fresh(candidate: str) -> str:
        while candidate in used or store.id_taken(candidate):
            candidate += "_"
        used.add(candidate)
        return candidate

    for ann in sorted((a for a in store.by_id.values() if a.attributes or a.tag in events),
                      key=Annotation.sort_key):
        if ann.attributes:
            fs_ids[ann.id] = fresh(f"fs-{ann.id}")
        if ann.tag in events and ann.attributes:  # an event says something: a value
            event_ids[ann.id] = fresh(f"ev-{ann.id}")
    return fs_ids, event_ids


def tei_element(name: str, attrs: dict[str, str] | None = None, text: str | None = None,
            children: list[etree._Element] = (),  # type: ignore[assignment]
            parent: etree._Element | None = None) -> etree._Element:
    """A TEI element (``name`` without namespace), its attributes in the order given,
    its ``text`` (none if empty) and ``children``; appended to ``parent`` if given."""
    made = _sub(parent, name, attrs, text) if parent is not None else _new(name, attrs, text)
    made.extend(children)
    return made


def build_resp_stmt(person: Annotator, parent: etree._Element | None = None
                    ) -> etree._Element:
    """An annotator's ``<respStmt xml:id>`` with ``resp`` and ``name``."""
    resp_stmt = tei_element("respStmt", {XML_ID: person.id}, parent=parent)
    _sub(resp_stmt, "resp", text="Annotation")
    _sub(resp_stmt, "name", text=person.name)
    return resp_stmt


def build_application(xml_id: str | None = None, parent: etree._Element | None = None
                      ) -> etree._Element:
    """``<application ident="annotator" version>`` with its ``label`` (and ``xml_id``
    first, where another file's header needs one)."""
    attrs = {XML_ID: xml_id} if xml_id else {}
    attrs.update({"ident": APP_IDENT, "version": app_version()})
    application = tei_element("application", attrs, parent=parent)
    _sub(application, "label", text=annotator.APP_NAME)
    return application


def build_taxonomy(doc: AnnotatedDocument, taxonomy_id: str = "tagset",
                   parent: etree._Element | None = None) -> etree._Element:
    """The tagset as ``<taxonomy>``: one ``category`` per tag (``cat-TAG``, key as
    ``@n``) whose ``catDesc`` holds label, description, colour, entity kind, event
    flag and inline element on one line; ``desc`` when there are no tags."""
    taxonomy = tei_element("taxonomy", {XML_ID: taxonomy_id}, parent=parent)
    for tag in doc.tagset:
        attrs = {XML_ID: f"cat-{tag.id}"}
        if tag.key:
            attrs["n"] = tag.key
        cat_desc = _sub(_sub(taxonomy, "category", attrs), "catDesc")
        _sub(cat_desc, "term", text=tag.label).tail = " "
        if tag.description:
            _sub(cat_desc, "gloss", text=tag.description).tail = " "
        _sub(cat_desc, "ident", {"type": "colour"}, text=tag.color).tail = " "
        if tag.entity:
            _sub(cat_desc, "ident", {"type": "entity"}, text=tag.entity).tail = " "
        if tag.event:
            _sub(cat_desc, "ident", {"type": "event"}, text="true").tail = " "
        _sub(cat_desc, "gi", text=tag.element)
    if not len(doc.tagset):
        _sub(taxonomy, "desc", text=EMPTY_TAXONOMY)
    return taxonomy


def build_change(revision: Revision, xml_id: str | None = None,
                 parent: etree._Element | None = None) -> etree._Element:
    """A revision's ``<change when who>`` (``xml_id`` first, if given)."""
    attrs = {XML_ID: xml_id} if xml_id else {}
    attrs["when"] = revision.when
    if revision.who:
        attrs["who"] = f"#{revision.who}"
    return tei_element("change", attrs, revision.description, parent=parent)


def build_annotation(ann: Annotation, target: str, ana: str,
                     parent: etree._Element | None = None, n: str | None = None
                     ) -> etree._Element:
    """A stand-off ``<annotation xml:id target ana resp n>`` with its body
    (``annotation_children``); ``n`` is the text a splice's annotation is on."""
    made = (etree.SubElement(parent, _ANNOTATION) if parent is not None
            else etree.Element(_ANNOTATION))
    made.set(XML_ID, ann.id)  # one by one: the order is the output order
    made.set("target", target)
    made.set("ana", ana)
    if ann.resp:
        made.set("resp", f"#{ann.resp}")
    if n is not None:
        made.set("n", n)
    if ann.entity or ann.note:
        made.extend(annotation_children(ann))
    return made


def build_fsd_decl(doc: AnnotatedDocument) -> etree._Element | None:
    """``<fsdDecl>``: one ``fsDecl type=TAG`` per tag with attributes (None if none has)."""
    tags = [t for t in doc.tagset if t.attributes]
    if not tags:
        return None
    fsd_decl = etree.Element(tei("fsdDecl"))
    for tag in tags:
        fs_decl = _sub(fsd_decl, "fsDecl", {"type": tag.id})
        for definition in tag.attributes:
            _fdecl(_sub(fs_decl, "fDecl", {"name": definition.name}), definition)
    return fsd_decl


def _fdecl(f_decl: etree._Element, definition: AttributeDef) -> None:
    descr = _sub(f_decl, "fDescr")
    _sub(descr, "term", text=definition.label).tail = " "
    _sub(descr, "ident", {"type": "kind"}, text=definition.kind)
    for target in definition.targets:
        descr[-1].tail = " "
        _sub(descr, "ident", {"type": "target"}, text=target)
    if definition.description:
        descr[-1].tail = " "
        _sub(descr, "gloss", text=definition.description)
    v_range = _sub(f_decl, "vRange")
    kind = definition.kind
    if kind == "number":
        _sub(v_range, "numeric", {"value": "-INF", "max": "INF"})
    elif kind == "boolean":
        alternatives = _sub(v_range, "vAlt")
        _sub(alternatives, "binary", {"value": "true"})
        _sub(alternatives, "binary", {"value": "false"})
    elif kind == "choice":
        holder = _sub(v_range, "vAlt") if len(definition.choices) > 1 else v_range
        for symbol, label in zip(definition.choices, definition.labels(), strict=True):
            _sub(holder, "symbol", {"value": symbol, "n": label})
    else:  # text, date, reference (the value of a reference is f/@fVal)
        _sub(v_range, "string")


def build_entity_lists(doc: AnnotatedDocument) -> list[etree._Element]:
    """``listPerson``, ``listOrg``, ``listPlace``, ``listObject`` (those not empty),
    entries sorted by id."""
    lists = []
    by_kind: dict[str, list[Entity]] = {}
    for entity in sorted(doc.entities.values(), key=lambda e: e.id):
        by_kind.setdefault(entity.kind, []).append(entity)
    for kind, (list_name, entry_name, name_name) in ENTITY_ELEMENTS.items():
        if kind not in by_kind:
            continue
        listing = etree.Element(tei(list_name))
        for entity in by_kind[kind]:
            attrs = {XML_ID: entity.id}
            if entity.type:
                attrs["role" if kind == "person" else "type"] = entity.type
            entry = _sub(listing, entry_name, attrs)
            holder = _sub(entry, "objectIdentifier") if kind == "object" else entry
            _sub(holder, name_name, text=entity.name)
            for scheme, value in entity.identifiers:
                _sub(holder, "idno", {"type": IDNO_TYPES[scheme]}, text=value)
        lists.append(listing)
    return lists


def build_events(doc: AnnotatedDocument, fs_ids: dict[str, str], event_ids: dict[str, str]
                 ) -> etree._Element | None:
    """``<listEvent>``: one ``event`` per annotation of an event tag that has
    attribute values, with a ``ptr``
    per reference attribute (to the entity the referenced mention is linked to, else
    to the annotation) and ``ptr type="evidence"`` to the annotation. Derived data:
    the reader takes the values from the annotation's ``fs``."""
    store = doc.annotations
    anns = sorted((store.get(i) for i in event_ids), key=Annotation.sort_key)
    if not anns:
        return None
    listing = etree.Element(tei("listEvent"))
    for ann in anns:
        tag: Tag = doc.tagset[ann.tag]
        attrs = {XML_ID: event_ids[ann.id], "type": ann.tag}
        when = next((v for n, v in ann.attributes
                     if (d := tag.attribute(n)) is not None and d.kind == "date"), "")
        if when:
            attrs["when"] = when
        if ann.id in fs_ids:
            attrs["ana"] = f"#{fs_ids[ann.id]}"
        if ann.resp:
            attrs["resp"] = f"#{ann.resp}"
        event = _sub(listing, "event", attrs)
        _sub(event, "label", text=" ".join(store.text_of(ann).split()))
        for name, value in ann.attributes:
            definition = tag.attribute(name)
            if definition is None or definition.kind != "reference":
                continue
            target = store.get(value).entity or value if value in store else value
            _sub(event, "ptr", {"type": name, "target": f"#{target}"})
        _sub(event, "ptr", {"type": "evidence", "target": f"#{ann.id}"})
    return listing


def build_feature_structures(doc: AnnotatedDocument, fs_ids: dict[str, str]
                             ) -> list[etree._Element]:
    """One ``<fs xml:id type=TAG>`` per annotation with attribute values, in document
    order: ``f`` with ``string``, ``numeric``, ``symbol`` or ``binary``, or
    ``@fVal`` for a reference."""
    store = doc.annotations
    found = []
    for ann in sorted((store.get(i) for i in fs_ids), key=Annotation.sort_key):
        tag = doc.tagset[ann.tag]
        fs = etree.Element(tei("fs"))
        fs.set(XML_ID, fs_ids[ann.id])
        fs.set("type", ann.tag)
        for name, value in ann.attributes:
            definition = tag.attribute(name)
            kind = definition.kind if definition is not None else "text"
            if kind == "reference":
                _sub(fs, "f", {"name": name, "fVal": f"#{value}"})
                continue
            f = _sub(fs, "f", {"name": name})
            if kind == "number":
                _sub(f, "numeric", {"value": value})
            elif kind == "choice":
                _sub(f, "symbol", {"value": value})
            elif kind == "boolean":
                _sub(f, "binary", {"value": value})
            else:
                _sub(f, "string", text=value)
        found.append(fs)
    return found


def build_standoff_parts(doc: AnnotatedDocument, fs_ids: dict[str, str] | None = None,
                         event_ids: dict[str, str] | None = None
                         ) -> tuple[list[etree._Element], list[etree._Element]]:
    """What ``<standOff>`` holds besides ``listAnnotation``, as new (not indented)
    lxml elements: (the entity lists, to go before it; ``listEvent`` and the
    ``fs`` elements, to go after it). Both empty if the document has none."""
    if fs_ids is None or event_ids is None:
        fs_ids, event_ids = derived_ids(doc)
    after: list[etree._Element] = []
    events = build_events(doc, fs_ids, event_ids)
    if events is not None:
        after.append(events)
    after += build_feature_structures(doc, fs_ids)
    return build_entity_lists(doc), after


def standoff_extras(doc: AnnotatedDocument) -> tuple[etree._Element | None,
                                                     list[etree._Element],
                                                     list[etree._Element],
                                                     dict[str, str]]:
    """For writers that place Annotator's content into another TEI file (splice):
    ``(fsdDecl or None, elements to put before listAnnotation (entity lists),
    elements to put after it (listEvent, fs ...), {annotation id: its @ana})``.

    The ``fsdDecl`` goes at the end of ``encodingDesc`` (after ``classDecl``).
    Annotations not in the dict keep ``@ana="#cat-TAG"``. The body of each
    ``annotation`` (entity link, note) is ``annotation_children(ann)``.
    """
    fs_ids, event_ids = derived_ids(doc)
    before, after = build_standoff_parts(doc, fs_ids, event_ids)
    ana = {a: ana_value(doc.annotations.get(a).tag, f) for a, f in fs_ids.items()}
    return build_fsd_decl(doc), before, after, ana


def annotation_children(ann: Annotation) -> list[etree._Element]:
    """The body of a stand-off ``annotation``: ``ref`` to its entity, ``note``."""
    children = []
    if ann.entity:
        ref = etree.Element(tei("ref"))
        ref.set("target", f"#{ann.entity}")
        children.append(ref)
    if ann.note:
        note = etree.Element(tei("note"))
        note.text = ann.note
        children.append(note)
    return children


def _sub(parent: etree._Element, name: str, attrs: dict[str, str] | None = None,
         text: str | None = None) -> etree._Element:
    made = etree.SubElement(parent, tei(name))
    for key, value in (attrs or {}).items():  # set one by one: the order is the output order
        made.set(key, value)
    if text:
        made.text = text
    return made


def _new(name: str, attrs: dict[str, str] | None = None, text: str | None = None
         ) -> etree._Element:
    """``_sub`` without a parent."""
    made = etree.Element(tei(name))
    for key, value in (attrs or {}).items():
        made.set(key, value)
    if text:
        made.text = text
    return made


def _indent(element: etree._Element, level: int) -> None:
    if element.tag not in _CONTAINERS or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level
