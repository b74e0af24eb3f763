"""The native TEI file: the text in ``<p>``s, annotations in ``<standOff>``.

Output is deterministic: the same model always gives the same bytes (fixed
element and attribute order, annotations in document order, annotators by
id, no timestamps except the model's own revisions).
"""

from __future__ import annotations

import re

from lxml import etree

import annotator
from annotator.errors import ValidationError, WriteError
from annotator.model import AnnotatedDocument, Annotation
from annotator.tei import RNG_URI, SCH_URI, TEI_NS, XML_ID, XML_LANG, tei

# Elements that hold only other elements: the only ones indented. Everything
# else (notably <p>) keeps its content byte for byte.
_CONTAINERS = frozenset(tei(n) for n in (
    "TEI", "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt", "sourceDesc",
    "encodingDesc", "appInfo", "application", "classDecl", "taxonomy", "category",
    "revisionDesc", "text", "body", "standOff", "listAnnotation",
))

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
EMPTY_TAXONOMY = "No categories are defined."


def app_version() -> str:
    """``annotator.__version__`` cut to what TEI accepts (``1.2.0.dev3`` gives ``1.2.0``)."""
    match = _TEI_VERSION.match(annotator.__version__)
    return match.group(0) if match else "0"


def string_range(pid: str, offset: int, length: int) -> str:
    return f"#string-range({pid},{offset},{length})"


class TeiWriter:
    """Serialises an ``AnnotatedDocument`` as the native (stand-off) TEI file."""

    def __init__(self, doc: AnnotatedDocument) -> None:
        self.doc = doc

    # -- public ---------------------------------------------------------------
    def to_element(self) -> etree._Element:
        """The ``<TEI>`` element, indented, without the XML prologue."""
        try:
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
            # The re-parse costs ~5% of a save (docs/performance.md).
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
            resp_stmt = _sub(title_stmt, "respStmt", {XML_ID: person.id})
            _sub(resp_stmt, "resp", text="Annotation")
            _sub(resp_stmt, "name", text=person.name)
        _sub(_sub(file_desc, "publicationStmt"), "p", text=PUBLICATION_NOTE)
        # An empty <p/> stands for "no source recorded": a default sentence
        # would read back as a source the user never gave.
        _sub(_sub(file_desc, "sourceDesc"), "p", text=meta.source)

        encoding = _sub(header, "encodingDesc")
        application = _sub(_sub(encoding, "appInfo"), "application",
                           {"ident": "annotator", "version": app_version()})
        _sub(application, "label", text=annotator.APP_NAME)
        taxonomy = _sub(_sub(encoding, "classDecl"), "taxonomy", {XML_ID: "tagset"})
        for tag in doc.tagset:
            attrs = {XML_ID: f"cat-{tag.id}"}
            if tag.key:
                attrs["n"] = tag.key
            cat_desc = _sub(_sub(taxonomy, "category", attrs), "catDesc")
            _sub(cat_desc, "term", text=tag.label).tail = " "
            if tag.description:
                _sub(cat_desc, "gloss", text=tag.description).tail = " "
            _sub(cat_desc, "ident", {"type": "colour"}, text=tag.color).tail = " "
            _sub(cat_desc, "gi", text=tag.element)
        if not len(doc.tagset):
            _sub(taxonomy, "desc", text=EMPTY_TAXONOMY)

        if doc.revisions:
            revision_desc = _sub(header, "revisionDesc")
            for revision in doc.revisions:
                attrs = {"when": revision.when}
                if revision.who:
                    attrs["who"] = f"#{revision.who}"
                _sub(revision_desc, "change", attrs, text=revision.description)

    def _text(self, text: etree._Element) -> None:
        body = _sub(text, "body")
        document = self.doc.document
        if not document.paragraphs:
            _sub(body, "ab", {"type": "empty"})
        for paragraph in document.paragraphs:
            self._paragraph(_sub(body, "p", {XML_ID: paragraph.id}), paragraph)

    def _paragraph(self, p: etree._Element, paragraph) -> None:
        p.text = self.doc.document.paragraph_text(paragraph)

    def _after_text(self, root: etree._Element) -> None:
        annotations = list(self.doc.annotations)
        if not annotations:
            return  # an empty <listAnnotation> is not valid TEI
        listing = _sub(_sub(root, "standOff"), "listAnnotation")
        for ann in annotations:
            _sub(listing, "annotation", self._annotation_attributes(ann))

    def _annotation_attributes(self, ann: Annotation) -> dict[str, str]:
        ranges = [string_range(f.paragraph.id, f.offset, f.length)
                  for f in self.doc.document.fragments(ann.start, ann.end)]
        attrs = {XML_ID: ann.id, "target": " ".join(ranges), "ana": f"#cat-{ann.tag}"}
        if ann.resp:
            attrs["resp"] = f"#{ann.resp}"
        return attrs


def _sub(parent: etree._Element, name: str, attrs: dict[str, str] | None = None,
         text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, tei(name))
    for key, value in (attrs or {}).items():  # set one by one: the order is the output order
        element.set(key, value)
    if text:
        element.text = text
    return element


def _indent(element: etree._Element, level: int) -> None:
    if element.tag not in _CONTAINERS or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level
