"""The curated layer's file, ``documents/ID/curated.xml`` (docs/corpus.md, docs/team.md).

It is an annotator's file in every part Annotator reads (header, entities,
annotations, events, values), so it is written by taking the annotation file
``tei_files.annotation_bytes`` makes and read by handing ``tei_files.read_annotations``
one: the corpus keeps one reader and one writer of annotations. What differs: it
sits beside ``text.xml``, so its pointers name ``text.xml``; and its ``standOff``
ends with the decisions in force (``listChange type="curation"``, one ``change``
each: who, when, what it made, which annotators' annotations it settled). Both are
in ``schemas/corpus.rng`` (``corpus.curated``).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from annotator.corpus.layout import ANNOTATIONS, TEXT_FILE, TEXT_POINTER
from annotator.corpus.tei_files import (
    _checked,
    _serialised,
    annotation_bytes,
    read_annotations,
    schema_problems,
)
from annotator.errors import Problem, ValidationError
from annotator.model import AnnotatedDocument
from annotator.model.tagset import Tagset
from annotator.tei import XML_ID, tei
from annotator.tei.parsing import parse_xml
from annotator.tei.writer import tei_element

CURATED_NOTE = "The curated annotations of text.xml, made with Annotator; not published."
CURATED_POINTER = TEXT_FILE + "#"  # the file sits beside text.xml
_RANGE = "string-range("
DECISION_KINDS = ("agreed", "take", "edit", "reject")


@dataclass(frozen=True)
class Settled:
    """An annotator's annotation a decision settled, as it was then."""

    file: str  # the annotator's file name in annotations/ ("ana.xml")
    id: str  # the annotation's id in that file
    fingerprint: str  # ``curation.fingerprint`` of it: span(s), tag, values, link
    taken: bool = False  # the decision took this one


@dataclass(frozen=True)
class Decision:
    """One decision in force: ``kind`` (agreed, take, edit, reject), by ``who`` (an
    annotator id of the curated file's header) at ``when``; the curated annotations
    it made (``results``) and the annotators' annotations it settled."""

    id: str
    kind: str
    who: str
    when: str
    description: str
    results: tuple[str, ...] = ()
    settled: tuple[Settled, ...] = ()


def curated_bytes(doc: AnnotatedDocument, decisions: list[Decision], status: str) -> bytes:
    """``curated.xml`` for the curated layer ``doc`` and its decisions, validated."""
    data = annotation_bytes(doc, status)
    root = parse_xml(data)[0].getroot()
    file_desc = root.find(f"{tei('teiHeader')}/{tei('fileDesc')}")
    file_desc.find(f"{tei('publicationStmt')}/{tei('p')}").text = CURATED_NOTE
    file_desc.find(f"{tei('sourceDesc')}/{tei('p')}").text = TEXT_FILE
    ours, theirs = CURATED_POINTER + _RANGE, TEXT_POINTER + _RANGE
    for annotation in root.iter(tei("annotation")):
        annotation.set("target", annotation.get("target").replace(theirs, ours))
    if decisions:
        stand_off = root.find(tei("standOff"))
        changes = tei_element("listChange", {"type": "curation"}, parent=stand_off)
        for decision in decisions:
            attrs = {XML_ID: decision.id, "type": decision.kind, "when": decision.when,
                     "who": "#" + decision.who}
            if decision.results:
                attrs["target"] = " ".join("#" + r for r in decision.results)
            change = tei_element("change", attrs, decision.description, parent=changes)
            for settled in decision.settled:
                tei_element("ptr", {"type": "taken" if settled.taken else "candidate",
                                    "target": f"{ANNOTATIONS}/{settled.file}#{settled.id}",
                                    "n": settled.fingerprint}, parent=change)
        etree.indent(changes, space="  ", level=2)
        changes.tail = "\n  "
        if len(stand_off) > 1:
            stand_off[-2].tail = "\n    "
    data = _serialised(root)
    problems = schema_problems(parse_xml(data, "curated")[0], "curated")
    if problems:
        raise ValidationError(f"the curated layer cannot be saved as valid TEI: "
                              f"{problems[0].message}", None, problems[0].line, problems)
    return data


def read_curated(text_data: bytes, data: bytes, text_path: str, path: str, tagset: Tagset
                 ) -> tuple[AnnotatedDocument, list[Decision]]:
    """The curated layer and its decisions, from ``curated.xml`` and its ``text.xml``
    (every rule of an annotation file applies; each decision's results must be
    annotations of the file, and its author a person of its header)."""
    root = _checked(data, path).getroot()
    stand_off = root.find(tei("standOff"))
    decisions: list[Decision] = []
    changes = stand_off.find(tei("listChange"))
    if changes is not None:
        for change in changes.iter(tei("change")):
            settled = []
            for ptr in change.iter(tei("ptr")):
                where, _hash, ann_id = ptr.get("target").partition("#")
                settled.append(Settled(where.removeprefix(ANNOTATIONS + "/"), ann_id,
                                       ptr.get("n"), ptr.get("type") == "taken"))
            decisions.append(Decision(
                change.get(XML_ID), change.get("type"), change.get("who")[1:],
                change.get("when"), (change.text or "").strip(),
                tuple(t[1:] for t in (change.get("target") or "").split()), tuple(settled)))
        stand_off.remove(changes)
    root.find(f".//{tei('sourceDesc')}/{tei('p')}").text = TEXT_POINTER.rstrip("#")
    ours, theirs = CURATED_POINTER + _RANGE, TEXT_POINTER + _RANGE
    for annotation in stand_off.iter(tei("annotation")):
        annotation.set("target", annotation.get("target").replace(ours, theirs))
    as_annotations = _serialised(root)
    doc, _status = read_annotations(text_data, as_annotations, text_path, path, tagset)
    problems = []
    for decision in decisions:
        if decision.who not in doc.annotators:
            problems.append(Problem(f"decision {decision.id} names #{decision.who}, who is "
                                    "not in the header", path))
        problems.extend(Problem(f"decision {decision.id} names #{r}, which is no annotation "
                                "of the file", path)
                        for r in decision.results if r not in doc.annotations)
    if problems:
        raise ValidationError(problems[0].message, path, None, problems)
    return doc, decisions


def status_of_curated(data: bytes, path: str) -> str:
    """``revisionDesc/@status`` of a curated file: ``done`` when no disagreement was
    left open at its last save."""
    root = _checked(data, path).getroot()
    revisions = root.find(f"{tei('teiHeader')}/{tei('revisionDesc')}")
    return "new" if revisions is None else revisions.get("status", "inProgress")
