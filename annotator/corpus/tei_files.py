"""The corpus's files as TEI (docs/corpus.md): the base text, an annotator's
stand-off annotations, the entity register, the corpus file.

An annotation file is read by putting it together with its base into the native
file Annotator already reads (``parse_tei``: every check of ``annotator.rng`` and
``annotator.sch`` applies), and written by taking the native file ``TeiWriter``
makes apart: the text goes, the pointers name ``../text.xml``. So the corpus has
no reader or writer of annotations of its own, and a document of a corpus is the
same ``AnnotatedDocument`` as any other.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from annotator.corpus.layout import STATUSES, TEXT_FILE, TEXT_POINTER, DocumentInfo
from annotator.errors import Problem, ReadError, ValidationError, WriteError
from annotator.model import AnnotatedDocument
from annotator.model.document import Document, Metadata
from annotator.model.entities import Entity
from annotator.model.tagset import Tagset
from annotator.resources import schema_path
from annotator.tei import SCHEMA_URI_BASE, TEI_NS, XML_ID, XML_LANG, tei
from annotator.tei.parsing import parse_xml, require_tei
from annotator.tei.writer import build_application, tei_element

CORPUS_RNG = "corpus.rng"
CORPUS_RNG_URI = SCHEMA_URI_BASE + CORPUS_RNG
_PROLOGUE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<?xml-model href="{CORPUS_RNG_URI}" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
).encode()
TEXT_NOTE = "Part of an Annotator corpus; the text is never changed after import."
ANNOTATIONS_NOTE = "Annotations of ../text.xml, made with Annotator; not published."
NOTHING_NOTE = "Nothing annotated."
REGISTER_NOTE = "The entity register of an Annotator corpus."
CORPUS_SOURCE = "Annotator corpus"
_ISO_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_NATIVE_POINTER = "#string-range("


@functools.cache
def corpus_schema() -> etree.RelaxNG:
    """The compiled ``schemas/corpus.rng``."""
    return etree.RelaxNG(etree.parse(str(schema_path(CORPUS_RNG))))


def schema_problems(tree: etree._ElementTree, path: str) -> list[Problem]:
    """What ``corpus.rng`` finds wrong in a corpus file (text, annotations, register)."""
    schema = corpus_schema()
    if schema.validate(tree):
        return []
    return [Problem(_tidy(entry.message), path, entry.line or None)
            for entry in schema.error_log]


def _tidy(message: str) -> str:
    return message.replace(f"{{{TEI_NS}}}", "")


def _parsed(data: bytes, path: str) -> etree._ElementTree:
    tree, problems = parse_xml(data, path)
    if problems:
        raise ValidationError(problems[0].message, path, problems[0].line, problems)
    require_tei(tree, path)
    return tree


def _checked(data: bytes, path: str) -> etree._ElementTree:
    tree = _parsed(data, path)
    # The same bytes get the same verdict: a text read for each of its annotators, a
    # document opened again, are checked once (only valid files are remembered).
    digest = hashlib.sha256(data).digest()
    if digest in _VALID:
        return tree
    problems = schema_problems(tree, path)
    if problems:
        raise ValidationError(f"not a valid corpus file: {problems[0].message}", path,
                              problems[0].line, problems)
    if len(_VALID) >= _VALID_KEPT:
        _VALID.pop(next(iter(_VALID)))
    _VALID[digest] = None
    return tree


def read_verdict(text_digest: str, file_digest: str) -> str:
    """The key under which the corpus index keeps that an annotation file of these
    bytes, with a text of these bytes, passed every check of ``read_annotations``
    (``CorpusIndex.checked``): the digests and the code that checks."""
    return f"{_checks_version()} {text_digest} {file_digest}"


@functools.cache
def _checks_version() -> str:
    """Annotator's version and the code and schemas that check a file read: a verdict
    of other code is no verdict."""
    import sys

    from annotator import __version__
    from annotator.model import store
    from annotator.tei import reader, validation

    made_by = hashlib.sha256(__version__.encode())
    for module in (reader, validation, store, sys.modules[__name__]):
        made_by.update(Path(str(module.__file__)).read_bytes())
    for name in (CORPUS_RNG, "annotator.rng", "annotator.sch"):
        made_by.update(Path(schema_path(name)).read_bytes())
    return made_by.hexdigest()[:16]


# Digests of files found valid against corpus.rng (in the order found; the oldest go).
_VALID: dict[bytes, None] = {}
_VALID_KEPT = 20_000


def _sub(parent: etree._Element, name: str, attrs: dict[str, str] | None = None,
         text: str = "") -> etree._Element:
    # writer.py builds every TEI element; this module arranges the corpus's files of them.
    return tei_element(name, attrs, text or None, parent=parent)


def _application(parent: etree._Element) -> None:
    build_application(parent=_sub(parent, "appInfo"))


def _indent(root: etree._Element) -> None:
    """Indent the header only: text in ``<p>`` is kept byte for byte."""
    for element in root.iter(tei("teiHeader")):
        etree.indent(element, space="  ", level=1)


def _serialised(root: etree._Element) -> bytes:
    try:
        return _PROLOGUE + etree.tostring(root, encoding="UTF-8", xml_declaration=False) + b"\n"
    except ValueError as exc:  # lxml refuses strings XML cannot carry
        raise WriteError(f"cannot write TEI: {exc}") from None


# -- the base text -------------------------------------------------------------------------
def _header_for(info: DocumentInfo) -> etree._Element:
    header = etree.Element(tei("teiHeader"))
    file_desc = _sub(header, "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", text=info.title)
    _sub(_sub(file_desc, "publicationStmt"), "p", text=TEXT_NOTE)
    bibl = _sub(_sub(file_desc, "sourceDesc"), "bibl")
    _sub(bibl, "title", {"level": "a"}, text=info.title)
    if info.author:
        _sub(bibl, "author", text=info.author)
    if info.outlet:
        _sub(bibl, "title", {"level": "j"}, text=info.outlet)
    if info.date:
        _sub(bibl, "date", {"when": info.date} if _ISO_DATE.match(info.date) else {},
             text=info.date)
    if info.url:
        _sub(bibl, "idno", {"type": "URI"}, text=info.url)
    if info.imported:
        _sub(bibl, "note", {"type": "imported"}, text=info.imported)
    _application(_sub(header, "encodingDesc"))
    return header


def text_bytes(document: Document, info: DocumentInfo) -> bytes:
    """The base file ``text.xml`` of ``document`` (its paragraphs as native ``<p>``s)."""
    from annotator.tei.writer import TeiWriter

    written = TeiWriter(AnnotatedDocument.create(document, Tagset([]))).to_element()
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    if info.language:
        root.set(XML_LANG, info.language)
    root.append(_header_for(info))
    root.append(written.find(tei("text")))
    _indent(root)
    root.text = "\n  "
    root[0].tail = "\n  "
    root[1].tail = "\n"
    data = _serialised(root)
    problems = schema_problems(parse_xml(data, TEXT_FILE)[0], TEXT_FILE)
    if problems:
        raise ValidationError(f"the text cannot be saved as valid TEI: {problems[0].message}",
                              None, problems[0].line, problems)
    return data


def with_info(data: bytes, info: DocumentInfo, path: str) -> bytes:
    """``text.xml`` with its header (and language) made from ``info``; everything from
    ``</teiHeader>`` on stays byte for byte."""
    end = data.find(b"</teiHeader>")
    start = data.find(b"<TEI")
    if start < 0 or end < 0:
        raise ReadError("not a corpus text: no TEI header", path)
    tail = data[end + len(b"</teiHeader>"):]
    fresh = text_bytes(Document.from_paragraphs([]), info)
    fresh_end = fresh.find(b"</teiHeader>") + len(b"</teiHeader>")
    result = fresh[:fresh_end] + tail
    _checked(result, path)
    return result


def read_text(data: bytes, path: str) -> tuple[DocumentInfo, Document]:
    """The metadata and text of a base file (``doc_id`` is left to the caller)."""
    root = _checked(data, path).getroot()
    info = info_of(root)
    return info, _document_of(root, info)


def _document_of(root: etree._Element, info: DocumentInfo) -> Document:
    texts, ids = [], []
    for p in root.iterfind(f"{tei('text')}/{tei('body')}/{tei('p')}"):
        texts.append(p.text or "")
        ids.append(p.get(XML_ID))
    metadata = Metadata(title=info.title, source=info.url or info.imported,
                        language=info.language)
    return Document.from_paragraphs(texts, ids, metadata, xml_chars_checked=True)


def info_of(root: etree._Element, doc_id: str = "") -> DocumentInfo:
    bibl = root.find(f"{tei('teiHeader')}/{tei('fileDesc')}/{tei('sourceDesc')}/{tei('bibl')}")

    def text(xpath: str) -> str:
        found = bibl.find(xpath) if bibl is not None else None
        return (found.text or "") if found is not None else ""

    return DocumentInfo(id=doc_id, title=text(f"{tei('title')}[@level='a']"),
                        author=text(tei("author")), outlet=text(f"{tei('title')}[@level='j']"),
                        date=text(tei("date")), url=text(f"{tei('idno')}[@type='URI']"),
                        language=root.get(XML_LANG, ""),
                        imported=text(f"{tei('note')}[@type='imported']"))


# -- an annotator's annotations ------------------------------------------------------------
def annotation_bytes(doc: AnnotatedDocument, status: str = "inProgress", *,
                     added_only: bool = False) -> bytes:
    """The annotation file of ``doc``: its header and ``standOff`` as the native file
    has them, the pointers into ``../text.xml``, ``revisionDesc/@status`` = ``status``.
    The native file is validated first (``TeiWriter``: ``annotator.rng`` and
    ``annotator.sch``), so what is written is what Annotator reads back; the file
    written is always validated (``corpus.rng``).

    ``added_only`` says that ``doc`` was read from its files (every rule checked) and
    changed since only by what annotate all does: the annotations (and the entities
    they link to) ``edits.add_missing`` made of a tag of its tagset, the identifiers
    the register (read from a checked ``entities.xml``) gives its entities, a revision.
    The native file's validation is then left out, as the model's rules give what it
    checks (tests/test_corpus_batch_writes.py: generated texts and spans, and the
    annotated sample with its entities, give the same bytes either way)."""
    from annotator.tei.writer import TeiWriter

    if status not in STATUSES:
        raise WriteError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    native = TeiWriter(doc).to_bytes(validate=not added_only)
    root = parse_xml(native)[0].getroot()
    text = root.find(tei("text"))
    root.remove(text)
    header = root.find(tei("teiHeader"))
    file_desc = header.find(tei("fileDesc"))
    file_desc.find(f"{tei('titleStmt')}/{tei('title')}").text = doc.document.metadata.title
    file_desc.find(f"{tei('publicationStmt')}/{tei('p')}").text = ANNOTATIONS_NOTE
    file_desc.find(f"{tei('sourceDesc')}/{tei('p')}").text = TEXT_POINTER.rstrip("#")
    revisions = header.find(tei("revisionDesc"))
    if revisions is not None:
        revisions.set("status", status)
    for annotation in root.iter(tei("annotation")):
        annotation.set("target", annotation.get("target").replace(
            _NATIVE_POINTER, TEXT_POINTER + _NATIVE_POINTER[1:]))
    stand_off = root.find(tei("standOff"))
    if stand_off is None:  # nothing annotated yet: TEI needs a resource beside the header
        stand_off = _sub(root, "standOff")
        _sub(_sub(stand_off, "listAnnotation"), "note", {"type": "empty"}, text=NOTHING_NOTE)
        etree.indent(stand_off, space="  ", level=1)
        stand_off.tail = "\n"
        root[0].tail = "\n  "
    data = _serialised(root)
    problems = schema_problems(parse_xml(data, "annotations")[0], "annotations")
    if problems:
        raise ValidationError(f"the annotations cannot be saved as valid TEI: "
                              f"{problems[0].message}", None, problems[0].line, problems)
    return data


def read_annotations(text_data: bytes, annotation_data: bytes | None, text_path: str,
                     annotation_path: str, tagset: Tagset) -> tuple[AnnotatedDocument, str]:
    """The document a base and an annotator's file make (no file: the text with
    ``tagset`` and nothing annotated), and the annotator's status."""
    from annotator.tei.reader import parse_tei
    from annotator.tei.writer import PUBLICATION_NOTE

    text_tree = _checked(text_data, text_path)
    info = info_of(text_tree.getroot())
    if annotation_data is None:
        return AnnotatedDocument.create(_document_of(text_tree.getroot(), info), tagset), "new"
    tree = _checked(annotation_data, annotation_path)
    root = tree.getroot()
    header = root.find(tei("teiHeader"))
    revisions = header.find(tei("revisionDesc"))
    status = "new"
    if revisions is not None:
        status = revisions.get("status", "inProgress")
        del revisions.attrib["status"]
    file_desc = header.find(tei("fileDesc"))
    file_desc.find(f"{tei('titleStmt')}/{tei('title')}").text = info.title
    file_desc.find(f"{tei('sourceDesc')}/{tei('p')}").text = info.url or info.imported
    file_desc.find(f"{tei('publicationStmt')}/{tei('p')}").text = PUBLICATION_NOTE
    if info.language:
        root.set(XML_LANG, info.language)
    elif XML_LANG in root.attrib:
        del root.attrib[XML_LANG]
    stand_off = root.find(tei("standOff"))
    nothing = stand_off.find(f"{tei('listAnnotation')}/{tei('note')}[@type='empty']")
    if nothing is not None:
        stand_off.remove(nothing.getparent())
    prefix = TEXT_POINTER + _NATIVE_POINTER[1:]
    for annotation in stand_off.iter(tei("annotation")):
        target = annotation.get("target")
        annotation.set("target", target.replace(prefix, _NATIVE_POINTER))
    text = text_tree.getroot().find(tei("text"))
    root.insert(root.index(stand_off), text)
    if not len(stand_off):
        root.remove(stand_off)
    composed = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    try:
        doc = parse_tei(composed, annotation_path)
    except ValidationError as failure:
        # Lines are those of the document put together: say which file, not where.
        problems = [Problem(p.message, annotation_path, None) for p in failure.problems]
        raise ValidationError(failure.message, annotation_path, None, problems) from None
    return doc, status


class FileSummary(NamedTuple):
    """What the index keeps of an annotation file: its status, its annotations per
    tag and its mentions per entity id."""

    status: str
    counts: dict[str, int]
    mentions: dict[str, int]


def status_of(data: bytes, path: str) -> FileSummary:
    """An annotation file's status, its annotations per tag and its mentions per
    entity, read without the text (for the index)."""
    return summary_of(_parsed(data, path).getroot())


def summary_of(root: etree._Element) -> FileSummary:
    """``status_of`` of a parsed annotation file."""
    revisions = root.find(f"{tei('teiHeader')}/{tei('revisionDesc')}")
    status = "new" if revisions is None else revisions.get("status", "inProgress")
    counts: dict[str, int] = {}
    mentions: dict[str, int] = {}
    for annotation in root.iter(tei("annotation")):
        tag = (annotation.get("ana") or "").split(" ")[0].removeprefix("#cat-")
        counts[tag] = counts.get(tag, 0) + 1
        ref = annotation.find(tei("ref"))
        if ref is not None and (ref.get("target") or "").startswith("#"):
            entity = ref.get("target", "")[1:]
            mentions[entity] = mentions.get(entity, 0) + 1
    return FileSummary(status, counts, mentions)


# -- the entity register -------------------------------------------------------------------
def register_bytes(entities: list[Entity], merged: dict[str, str] | None = None
                   ) -> bytes | None:
    """``entities.xml``: the entities as the native file lists them, then the ids merged
    into others (``merged``: old id -> the id it became) as ``<relation name="sameAs"
    active="#old" passive="#kept"/>``; None when there is neither (a TEI ``standOff``
    cannot be empty)."""
    from annotator.model.document import Document as _Document
    from annotator.tei.writer import build_entity_lists

    merged = merged or {}
    if not entities and not merged:
        return None
    holder = AnnotatedDocument.create(_Document.from_paragraphs([]), Tagset([]),
                                      entities=entities)
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    header = _sub(root, "teiHeader")
    file_desc = _sub(header, "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", text="Entities")
    _sub(_sub(file_desc, "publicationStmt"), "p", text=REGISTER_NOTE)
    _sub(_sub(file_desc, "sourceDesc"), "p", text=CORPUS_SOURCE)
    _application(_sub(header, "encodingDesc"))
    stand_off = _sub(root, "standOff")
    stand_off.extend(build_entity_lists(holder))
    if merged:
        relations = _sub(stand_off, "listRelation", {"type": "merged"})
        for old, kept in sorted(merged.items()):
            _sub(relations, "relation", {"name": "sameAs", "active": f"#{old}",
                                         "passive": f"#{kept}"})
    etree.indent(root, space="  ")
    return _serialised(root)


def read_merges(data: bytes, path: str) -> dict[str, str]:
    """The ids ``entities.xml`` records as merged: old id -> the id it became."""
    root = _checked(data, path).getroot()
    return {relation.get("active", "")[1:]: relation.get("passive", "")[1:]
            for relation in root.iter(tei("relation"))
            if relation.get("name") == "sameAs"}


def read_register(data: bytes, path: str) -> list[Entity]:
    """The entities of ``entities.xml``."""
    from annotator.tei.reader import parse_tei

    tree = _checked(data, path)
    root = tree.getroot()
    # The native reader knows the lists: give it a document that has them.
    holder = AnnotatedDocument.create(Document.from_paragraphs([]), Tagset([]))
    from annotator.tei.writer import TeiWriter

    native = parse_xml(TeiWriter(holder).to_bytes(validate=False))[0].getroot()
    stand_off = root.find(tei("standOff"))
    for relations in stand_off.findall(tei("listRelation")):
        stand_off.remove(relations)  # (read by ``read_merges``)
    if not len(stand_off):
        return []
    native.append(stand_off)
    # Entities nothing names are kept by the reader as the file has them.
    data = etree.tostring(native, encoding="UTF-8", xml_declaration=True)
    try:
        return list(parse_tei(data, path).entities.values())
    except ValidationError as failure:
        problems = [Problem(p.message, path, None) for p in failure.problems]
        raise ValidationError(failure.message, path, None, problems) from None


# -- the corpus file -----------------------------------------------------------------------
def corpus_bytes(title: str, tagset: Tagset) -> bytes:
    """``corpus.xml``: a native file with no text, holding the corpus's title and its
    tagset (so ``files.load_tagset`` reads it like any saved document)."""
    from annotator.tei.writer import TeiWriter

    document = Document.from_paragraphs([], metadata=Metadata(title=title,
                                                              source=CORPUS_SOURCE))
    return TeiWriter(AnnotatedDocument.create(document, tagset)).to_bytes(validate=True)


def read_corpus_file(data: bytes, path: str) -> tuple[str, Tagset]:
    """The title and tagset of ``corpus.xml``."""
    from annotator.model.legacy import without_actor_kind
    from annotator.tei.reader import parse_tei

    doc = parse_tei(data, path)
    if doc.document.metadata.source != CORPUS_SOURCE:
        raise ReadError("not a corpus file: its sourceDesc does not say "
                        f"“{CORPUS_SOURCE}”", path)
    return doc.document.metadata.title, without_actor_kind(doc.tagset)
