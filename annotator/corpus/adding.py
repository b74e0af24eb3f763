"""Annotate all without reading and writing each document whole (docs/corpus.md).

Annotate all adds a few annotations to many annotators' files. Reading each file
into the full model with every check and writing it anew through the native writer
cost about ten times what the addition needs, so for a file the corpus index knows
to have passed every check of the reader (its verdict, ``index.checked``, kept by
the digests of the file and of its text), this module

1. reads from the file only what tagging needs: its tagset, annotators and entities
   as the reader reads them (``reader.header_parts``) and each annotation's id, tag,
   range, annotator and entity, into a model with the same text;
2. tags the hits on that model with the edit the window uses (``edits.add_missing``:
   spans already annotated skipped, mentions linked to entities of the file and of
   the corpus's register, new ids clear of every id of the file);
3. puts what the edit made into the file's parsed tree, where the native writer would
   have written it, by the writer's own functions (the annotations in document
   order, new entities in their lists by id, a ``respStmt`` for a new annotator, the
   revision as a ``change``, ``revisionDesc/@status``), indented as the writer indents;
4. checks the file made against ``corpus.rng`` as every write of an annotation file is.

The result reads back as the full path's does (tests/test_corpus_adding.py holds
both paths to that). A file without a verdict, or with what the light reading does
not read (an annotation of several ranges), is read with every check first
(``tei_files.read_annotations``) and then written the same way. A file whose
entities the register merged or gave identifiers since it was written raises
``NeedsFullModel``: the caller tags it through the full model. A document the
annotator has no file of yet gets one made from the corpus's empty annotation file
(``tag_new_file``), the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from annotator.corpus.layout import TEXT_POINTER, DocumentInfo
from annotator.corpus.tei_files import (
    _NATIVE_POINTER,
    CORPUS_RNG,
    FileSummary,
    _document_of,
    _serialised,
    annotation_bytes,
    read_annotations,
    read_text,
    schema_problems,
)
from annotator.errors import Problem, ValidationError
from annotator.model import AnnotatedDocument, Annotation, Annotator, Revision
from annotator.model.document import Document
from annotator.model.edits import Edit, add_missing
from annotator.model.entities import Entity
from annotator.model.tagset import Tagset
from annotator.resources import schema_path
from annotator.tei import XML_ID, XML_LANG, pointers, tei
from annotator.tei.parsing import parse_again

# annotator.rng's patterns and XML's white space, as the reader checks them on opening.
from annotator.tei.reader import (
    _ANA,
    _LOCAL_POINTER,
    _XML_SPACE,
    _XML_SPACES,
    header_parts,
)
from annotator.tei.writer import (
    ENTITY_ELEMENTS,
    build_annotation,
    build_change,
    build_entity_lists,
    build_resp_stmt,
    string_range,
)

_TEXT_RANGE = re.compile(re.escape(TEXT_POINTER) + pointers.string_range().pattern[1:])
_ANNOTATION = tei("annotation")
_REF = tei("ref")
_LIST_ANNOTATION = tei("listAnnotation")
_ENTITY_LISTS = [tei(names[0]) for names in ENTITY_ELEMENTS.values()]
_NO_INFO = DocumentInfo("")
_RNG = "http://relaxng.org/ns/structure/1.0"


@dataclass
class Tagged:
    """One annotator's file with the hits tagged: its new bytes (None when nothing
    was new), what the index keeps of it, the annotations added and the hits skipped
    as annotated already, and the document's entities (for the corpus's register)."""

    data: bytes | None
    summary: FileSummary | None
    added: int
    skipped: int
    entities: dict[str, Entity]


class NeedsFullModel(Exception):
    """The file holds something the light reading does not read (the caller tags
    the document through the full model)."""


def tag_file(text_data: bytes, own_data: bytes, text_path: str, own_path: str,
             tagset: Tagset, spans: list[tuple[int, int]], tag: str, annotator: str,
             describe: Callable[[str], str], *, checked: bool,
             with_register: Callable[[AnnotatedDocument], None]) -> Tagged:
    """Tag ``spans`` with ``tag`` in the annotator's file ``own_data`` of the text
    ``text_data`` (see the module). ``checked``: the pair passed every check of the
    reader before (else it is read with them now; ``tagset`` as the reader takes it).
    ``with_register(doc)`` brings a document just read up to the corpus's register
    (``Corpus._with_register``); ``describe`` names the revision after the edit's
    description. Raises ``NeedsFullModel`` for what the full model must do,
    ``AnnotatorError`` for a file that cannot be read or written."""
    light = None
    if checked:
        try:
            light = _light_read(text_data, own_data, text_path, own_path)
        except Exception:  # (anything unexpected: the full reading says what it is)
            light = None
    if light is not None:
        doc, tree, old_status = light
    else:
        doc, old_status = read_annotations(text_data, own_data, text_path, own_path, tagset)
        tree = parse_again(own_data, own_path)[0]  # (read_annotations parsed it)
    return _tagged(doc, tree, old_status, own_path, spans, tag, annotator, describe,
                   with_register)


def tag_new_file(text_data: bytes, text_path: str, own_path: str, tagset: Tagset,
                 empty: bytes, spans: list[tuple[int, int]], tag: str, annotator: str,
                 describe: Callable[[str], str], *,
                 with_register: Callable[[AnnotatedDocument], None]) -> Tagged:
    """``tag_file`` for a document the annotator has no file of yet: the text read
    with its checks, ``tagset`` the corpus's, the file made from ``empty``
    (``empty_file``: the corpus's annotation file with nothing in it) with the
    document's title and language, as the native writer writes a new one."""
    info, document = read_text(text_data, text_path)
    doc = AnnotatedDocument.create(document, tagset)
    tree = parse_again(empty)[0]
    root = tree.getroot()
    if info.language:
        root.set(XML_LANG, info.language)
    title = root.find(f"{tei('teiHeader')}/{tei('fileDesc')}/{tei('titleStmt')}/{tei('title')}")
    title.text = info.title or None
    return _tagged(doc, tree, "new", own_path, spans, tag, annotator, describe, with_register)


def empty_file(tagset: Tagset) -> bytes:
    """An annotation file with nothing in it, of ``tagset`` (no title, no language):
    what ``tag_new_file`` begins from."""
    return annotation_bytes(AnnotatedDocument.create(Document.from_paragraphs([]), tagset))


def _tagged(doc: AnnotatedDocument, tree: etree._ElementTree, old_status: str,
            own_path: str, spans: list[tuple[int, int]], tag: str, annotator: str,
            describe: Callable[[str], str],
            with_register: Callable[[AnnotatedDocument], None]) -> Tagged:
    entities_before = doc.entities
    with_register(doc)
    if doc.entities != entities_before:
        raise NeedsFullModel  # (the register changed entities the file has: all rewritten)
    annotators_before = set(doc.annotators)
    who = doc.annotator_for(annotator)
    edit, skipped = add_missing(doc, spans, tag, who.id)
    if edit is None:
        return Tagged(None, None, 0, skipped, doc.entities)
    edit.apply(doc)
    revision = doc.record_revision(who.id, describe(edit.description))
    root = tree.getroot()
    header = root.find(tei("teiHeader"))
    if who.id not in annotators_before:
        _add_resp_stmt(header, who)
    # (as a save from the window: begun work is in progress)
    _add_revision(header, revision, "inProgress" if old_status == "new" else old_status)
    _add_to_stand_off(root, doc, edit)
    data = _serialised(root)
    problems = _problems(data, [a.id for a in edit.after], own_path)
    if problems:
        raise ValidationError(f"the annotations cannot be saved as valid TEI: "
                              f"{problems[0].message}", own_path, problems[0].line, problems)
    store = doc.annotations
    summary = FileSummary(revisions_status(root),
                          {t: n for t, n in store.counts().items() if n},
                          {e: n for e, n in store.mention_counts().items() if n})
    return Tagged(data, summary, len(edit.after), skipped, doc.entities)


def _problems(data: bytes, new_ids: list[str], path: str) -> list[Problem]:
    """What ``corpus.rng`` finds wrong in the file made (``data``), the annotations of
    ``new_ids`` its only new ones.

    The annotations the file had were checked against ``corpus.rng`` when it was read
    (its verdict). The patterns of an annotation's ``target``, ``ana`` and ``resp``,
    which are most of what RELAX NG spends on a file, are checked here for the new
    ones only, in Python (``attribute_problem``), and the whole file against
    ``corpus.rng`` with those three left out (``_schema_for_additions``;
    tests/test_corpus_adding.py holds the two to the whole schema). The bytes are
    parsed for it, as they reach the disk: the parser is what refuses an id used twice
    (RELAX NG does not, on a tree changed in memory)."""
    tree, problems = parse_again(data, path)
    if problems:
        return problems
    schema = _schema_for_additions()
    if schema.validate(tree):
        new = set(new_ids)
        listing = tree.getroot().find(f"{tei('standOff')}/{tei('listAnnotation')}")
        for element in listing.iterchildren(_ANNOTATION):
            if element.get(XML_ID) in new:
                for name in _LEFT_OUT:
                    problem = attribute_problem(name, element.get(name))
                    if problem:
                        return [Problem(problem, path, element.sourceline)]
        return []
    return schema_problems(tree, path)


def attribute_problem(name: str, value: str | None) -> str | None:
    """What ``corpus.rng`` says of ``value`` as an annotation file's
    ``annotation/@target``, ``@ana`` or ``@resp`` (None: it takes it), as written:
    ``target`` a list (XML white space between) of one or more
    ``../text.xml#string-range(ID,OFFSET,LENGTH)``, ``ana`` "#cat-TAG" or "#cat-TAG
    #FS", ``resp`` a local pointer (libxml2 matches both patterns against the value
    as written, white space included)."""
    if value is None:
        return None if name == "resp" else f"annotation has no @{name}"
    if name == "target":
        # (XSD's list: the value split on XML white space, none at either end)
        tokens = _XML_SPACES.split(value.strip(_XML_SPACE))
        if all(map(_TEXT_RANGE.fullmatch, tokens)):
            return None
        return (f'@target="{value}" is not a pointer into ../text.xml of the form '
                "string-range(paragraph,offset,length) that corpus.rng allows")
    if name == "ana":
        if _ANA.fullmatch(value):
            return None
        return f'@ana="{value}" is not a category pointer (#cat-name) that corpus.rng allows'
    if _LOCAL_POINTER.fullmatch(value):
        return None
    return f'@resp="{value}" is not a local pointer (#id) that corpus.rng allows'


_LEFT_OUT = ("target", "ana", "resp")


@functools.cache
def _schema_for_additions() -> etree.RelaxNG:
    """``corpus.rng`` with the patterns of an annotation file's annotations' ``target``,
    ``ana`` and ``resp`` left out (any text is taken there): see ``_problems``."""
    return etree.RelaxNG(_without_patterns(etree.parse(str(schema_path(CORPUS_RNG)))))


def _without_patterns(grammar: etree._ElementTree) -> etree._ElementTree:
    """``grammar`` (corpus.rng), changed in place: see ``_schema_for_additions``."""
    for define in grammar.getroot().iterfind(f"{{{_RNG}}}define"):
        if define.get("name") not in ("corpus.annotations", "corpus.annotationRest"):
            continue
        for attribute in define.iter(f"{{{_RNG}}}attribute"):
            if attribute.get("name") in _LEFT_OUT:
                for child in list(attribute):
                    attribute.remove(child)
                etree.SubElement(attribute, f"{{{_RNG}}}text")
    return grammar


def revisions_status(root: etree._Element) -> str:
    revisions = root.find(f"{tei('teiHeader')}/{tei('revisionDesc')}")
    return "new" if revisions is None else revisions.get("status", "inProgress")


def _light_read(text_data: bytes, own_data: bytes, text_path: str, own_path: str
                ) -> tuple[AnnotatedDocument, etree._ElementTree, str]:
    """The model tagging needs of a file that passed every check before, the file's
    tree (untouched) and its status."""
    # (The verdict covers the text too: read_annotations checked it against corpus.rng.)
    text_root = parse_again(text_data, text_path)[0].getroot()
    document = _document_of(text_root, _NO_INFO)  # (the title is not written here)
    tree = parse_again(own_data, own_path)[0]
    root = tree.getroot()
    file_tagset, annotators, entities = header_parts(root, own_path)
    status = revisions_status(root)
    starts = {p.id: p.start for p in document.paragraphs}
    annotations = []
    stand_off = root.find(tei("standOff"))
    listing = stand_off.find(_LIST_ANNOTATION) if stand_off is not None else None
    for element in listing.iterchildren(_ANNOTATION) if listing is not None else ():
        match = _TEXT_RANGE.fullmatch(element.get("target", ""))
        if match is None:
            raise NeedsFullModel  # (several ranges: read as the reader reads them)
        start = starts[match[1]] + int(match[2])
        ref = element.find(_REF)
        annotations.append(Annotation(
            element.get(XML_ID), element.get("ana", "").split(" ")[0][len("#cat-"):],
            start, start + int(match[3]), element.get("resp", "")[1:],
            entity=ref.get("target", "")[1:] if ref is not None else ""))
    doc = AnnotatedDocument.create(document, file_tagset, annotators)
    doc.annotations.load(annotations, ranges_checked=True, entities=entities,
                         links_checked=True)
    return doc, tree, status


# -- putting the edit into the tree, as the native writer places and indents it -----------
def _insert(parent: etree._Element, index: int, element: etree._Element, level: int) -> None:
    """Put ``element`` at ``index`` among ``parent``'s children, indented as the writer
    indents an element at ``level`` (two spaces a level)."""
    etree.indent(element, space="  ", level=level)
    inner = "\n" + "  " * level
    if not len(parent):
        parent.text = inner
        element.tail = "\n" + "  " * (level - 1)
    elif index >= len(parent):
        element.tail = parent[-1].tail
        parent[-1].tail = inner
    else:
        element.tail = inner
    parent.insert(index, element)


def _add_resp_stmt(header: etree._Element, who: Annotator) -> None:
    """A new annotator's ``respStmt``, among the others by id (as the writer orders them)."""
    title_stmt = header.find(f"{tei('fileDesc')}/{tei('titleStmt')}")
    index = 0
    for number, child in enumerate(title_stmt):
        if child.tag == tei("title") or (child.tag == tei("respStmt")
                                         and (child.get(XML_ID) or "") < who.id):
            index = number + 1
    _insert(title_stmt, index, build_resp_stmt(who), 4)


def _add_revision(header: etree._Element, revision: Revision, status: str) -> None:
    revisions = header.find(tei("revisionDesc"))
    if revisions is None:
        revisions = etree.Element(tei("revisionDesc"))
        _insert(header, len(header), revisions, 2)
    revisions.set("status", status)
    _insert(revisions, len(revisions), build_change(revision), 3)


def _add_to_stand_off(root: etree._Element, doc: AnnotatedDocument, edit: Edit) -> None:
    stand_off = root.find(tei("standOff"))
    for entity in sorted(edit.entities_after, key=lambda e: e.id):
        holder = AnnotatedDocument.create(doc.document, doc.tagset, entities=[entity])
        made = build_entity_lists(holder)[0]
        listing = stand_off.find(made.tag)
        if listing is None:
            listing = etree.Element(made.tag)
            rank = _ENTITY_LISTS.index(made.tag)
            index = next((n for n, child in enumerate(stand_off)
                          if child.tag not in _ENTITY_LISTS
                          or _ENTITY_LISTS.index(child.tag) > rank), len(stand_off))
            _insert(stand_off, index, listing, 2)
        entry = made[0]
        index = next((n for n, child in enumerate(listing)
                      if (child.get(XML_ID) or "") > entity.id), len(listing))
        _insert(listing, index, entry, 3)
    listing = stand_off.find(_LIST_ANNOTATION)
    if listing is None:
        listing = etree.Element(_LIST_ANNOTATION)
        index = next((n for n, child in enumerate(stand_off)
                      if child.tag not in _ENTITY_LISTS), len(stand_off))
        _insert(stand_off, index, listing, 2)
    for child in list(listing):
        if child.tag != _ANNOTATION:  # (the note of a file with nothing annotated)
            listing.remove(child)
    if not len(listing):
        listing.text = None
    existing = {child.get(XML_ID): child for child in listing}
    new = {a.id: a for a in edit.after}
    order = [a.id for a in doc.annotations]
    fragments = doc.document.fragments
    following: etree._Element | None = None
    for ann_id in reversed(order):  # each new one before the next one already written
        if ann_id in existing:
            following = existing[ann_id]
            continue
        ann = new.get(ann_id)
        if ann is None:
            continue
        target = " ".join(string_range(f.paragraph.id, f.offset, f.length)
                          for f in fragments(ann.start, ann.end))
        element = build_annotation(ann, target.replace(
            _NATIVE_POINTER, TEXT_POINTER + _NATIVE_POINTER[1:]), f"#cat-{ann.tag}")
        index = listing.index(following) if following is not None else len(listing)
        _insert(listing, index, element, 3)
        following = element

