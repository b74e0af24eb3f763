"""The real sample article: annotate, save, validate with TEI All, read back."""

from __future__ import annotations

from lxml import etree

from annotator.model import AnnotatedDocument, Document, split_paragraphs
from annotator.model.edits import add
from annotator.tei.inline import InlineTeiWriter
from annotator.tei.reader import parse_tei
from annotator.tei.writer import TeiWriter


def annotated(sample_text: str) -> AnnotatedDocument:
    doc = AnnotatedDocument.create(Document.from_paragraphs(split_paragraphs(sample_text)))
    text = doc.document.text
    who = doc.annotator_for("Ana Lyst")
    start = text.index("Pete Hegseth")
    weapon = text.index("Patriot-Raketensystemen")
    second = doc.document.paragraphs[1]  # commitment from mid p2 to mid p3
    spans = [(start, start + 12, "actor"), (weapon, weapon + 23, "weapon"),
             (second.end - 20, doc.document.paragraphs[2].start + 10, "commitment")]
    add(doc.annotations, spans, who.id).apply(doc.annotations)
    doc.record_revision(who.id)
    return doc


def test_sample_saves_validates_and_reads_back(sample_text: str, tei_all_schema) -> None:
    doc = annotated(sample_text)
    for writer in (TeiWriter, InlineTeiWriter):
        data = writer(doc).to_bytes(validate=True)
        assert tei_all_schema.validate(etree.fromstring(data)), tei_all_schema.error_log
        back = parse_tei(data, "patriot.xml")
        assert back.snapshot() == doc.snapshot()
        texts = {back.annotations.text_of(a) for a in back.annotations}
        assert {"Pete Hegseth", "Patriot-Raketensystemen"} <= texts


def test_sample_cross_paragraph_commitment(sample_text: str) -> None:
    doc = annotated(sample_text)
    data = TeiWriter(doc).to_bytes()
    (target,) = etree.fromstring(data).xpath(
        "//tei:annotation[@ana='#cat-commitment']/@target",
        namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    first, second = target.split()
    assert first.startswith("#string-range(p2,") and second == "#string-range(p3,0,10)"
