"""The native and inline writers: exact structure, determinism, TEI validity."""

from __future__ import annotations

import pytest
from lxml import etree

import annotator
from annotator.errors import AnnotationError, ValidationError, WriteError
from annotator.model import (
    AnnotatedDocument,
    Annotation,
    Annotator,
    Document,
    Metadata,
    Revision,
)
from annotator.tei import NSMAP, RNG_URI, SCH_URI
from annotator.tei.inline import InlineTeiWriter
from annotator.tei.reader import parse_tei
from annotator.tei.validation import validate_bytes
from annotator.tei.writer import TeiWriter

TEXTS = ["Pete Hegseth met\r\tBoris\u00a0Pistorius.", "Patriot \U0001f680 systems e\u0301 &<>"]


def make_doc() -> AnnotatedDocument:
    document = Document.from_paragraphs(TEXTS, metadata=Metadata("Patriot", "dw.com", "de"))
    return AnnotatedDocument.create(
        document,
        annotators=[Annotator("ann-b", "Bea"), Annotator("ann-a", "Ana")],
        revisions=[Revision("2025-07-16T10:00:00Z", "ann-a", "Annotations saved")],
        annotations=[
            Annotation("a3", "commitment", 17, 50, "ann-b"),  # crosses into p2
            Annotation("a1", "actor", 0, 12, "ann-a"),
            Annotation("a2", "actor", 23, 38),
            Annotation("a4", "weapon", 23, 38, "ann-a"),  # same span, other tag
        ])


def xp(data: bytes, path: str) -> list:
    return etree.fromstring(data).xpath(path, namespaces=NSMAP)


def test_prologue_and_root() -> None:
    data = TeiWriter(make_doc()).to_bytes()
    lines = data.decode().split("\n")
    assert lines[0] == '<?xml version="1.0" encoding="UTF-8"?>'
    assert RNG_URI in lines[1] and "http://relaxng.org/ns/structure/1.0" in lines[1]
    assert SCH_URI in lines[2] and "http://purl.oclc.org/dsdl/schematron" in lines[2]
    assert lines[3] == '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="de">'


def test_writing_is_deterministic() -> None:
    assert TeiWriter(make_doc()).to_bytes() == TeiWriter(make_doc()).to_bytes()
    assert InlineTeiWriter(make_doc()).to_bytes() == InlineTeiWriter(make_doc()).to_bytes()


def test_header() -> None:
    data = TeiWriter(make_doc()).to_bytes()
    assert xp(data, "string(//tei:titleStmt/tei:title)") == "Patriot"
    assert xp(data, "//tei:respStmt/@xml:id") == ["ann-a", "ann-b"]  # sorted by id
    assert xp(data, "//tei:respStmt/tei:resp/text()") == ["Annotation", "Annotation"]
    assert xp(data, "//tei:respStmt/tei:name/text()") == ["Ana", "Bea"]
    assert xp(data, "string(//tei:sourceDesc/tei:p)") == "dw.com"
    app = xp(data, "//tei:appInfo/tei:application")[0]
    assert (app.get("ident"), app.get("version")) == ("annotator", annotator.__version__)
    assert xp(data, "//tei:taxonomy[@xml:id='tagset']/tei:category/@xml:id") == [
        "cat-actor", "cat-weapon", "cat-commitment"]
    actor = xp(data, "//tei:category[@xml:id='cat-actor']")[0]
    assert actor.get("n") == "1"
    assert actor.xpath("string(tei:catDesc/tei:term)", namespaces=NSMAP) == "Actor"
    assert actor.xpath("string(tei:catDesc/tei:ident[@type='colour'])",
                       namespaces=NSMAP) == "#f4a261"
    assert actor.xpath("string(tei:catDesc/tei:gi)", namespaces=NSMAP) == "rs"
    change = xp(data, "//tei:revisionDesc/tei:change")[0]
    assert (change.get("when"), change.get("who"), change.text) == (
        "2025-07-16T10:00:00Z", "#ann-a", "Annotations saved")


def test_paragraph_text_is_exact() -> None:
    data = TeiWriter(make_doc()).to_bytes()
    assert b"&#13;" in data  # a raw CR would be normalised away by any parser
    assert [p.xpath("string(.)") for p in xp(data, "//tei:body/tei:p")] == TEXTS
    assert xp(data, "//tei:body/tei:p/@xml:id") == ["p1", "p2"]


def test_standoff_annotations_in_document_order() -> None:
    data = TeiWriter(make_doc()).to_bytes()
    anns = xp(data, "//tei:standOff/tei:listAnnotation/tei:annotation")
    assert [a.get("{http://www.w3.org/XML/1998/namespace}id") for a in anns] == [
        "a1", "a3", "a2", "a4"]
    assert list(anns[0].attrib) == [
        "{http://www.w3.org/XML/1998/namespace}id", "target", "ana", "resp"]
    assert anns[0].get("target") == "#string-range(p1,0,12)"
    assert anns[1].get("target") == "#string-range(p1,17,17) #string-range(p2,0,15)"
    assert anns[1].get("ana") == "#cat-commitment" and anns[1].get("resp") == "#ann-b"
    assert anns[2].get("resp") is None


def test_no_annotations_no_standoff_no_revisions() -> None:
    doc = AnnotatedDocument.create(Document.from_paragraphs(["Text"]))
    data = TeiWriter(doc).to_bytes()
    assert not xp(data, "//tei:standOff") and not xp(data, "//tei:revisionDesc")
    assert xp(data, "@xml:lang") == []
    assert parse_tei(data).snapshot() == doc.snapshot()


def test_empty_document(tei_all_schema) -> None:
    doc = AnnotatedDocument.create(Document.from_paragraphs([]))
    for writer in (TeiWriter, InlineTeiWriter):
        data = writer(doc).to_bytes()
        assert tei_all_schema.validate(etree.fromstring(data)), tei_all_schema.error_log
        assert parse_tei(data).snapshot() == doc.snapshot()


def test_files_validate_against_tei_all(tei_all_schema) -> None:
    for writer in (TeiWriter, InlineTeiWriter):
        data = writer(make_doc()).to_bytes()
        assert validate_bytes(data) == []
        assert tei_all_schema.validate(etree.fromstring(data)), tei_all_schema.error_log


def test_inline_structure() -> None:
    data = InlineTeiWriter(make_doc()).to_bytes()
    assert not xp(data, "//tei:standOff")
    assert [p.xpath("string(.)") for p in xp(data, "//tei:body/tei:p")] == TEXTS
    a1 = xp(data, "//*[@xml:id='a1']")[0]
    assert etree.QName(a1).localname == "rs" and a1.get("type") == "actor"
    assert a1.get("ana") == "#cat-actor" and a1.get("resp") == "#ann-a"
    # the commitment crosses paragraphs: two linked <seg> fragments
    first, second = xp(data, "//tei:seg[@ana='#cat-commitment']")
    assert first.get("{http://www.w3.org/XML/1998/namespace}id") == "a3"
    assert first.get("next") == "#a3.2" and second.get("prev") == "#a3"
    # identical spans nest rather than being dropped
    assert xp(data, "string(//*[@xml:id='a2'])") == TEXTS[0][23:38]
    assert xp(data, "string(//*[@xml:id='a4'])") == TEXTS[0][23:38]


def test_inline_crossing_spans_are_split() -> None:
    doc = AnnotatedDocument.create(Document.from_paragraphs(["abcdefgh"]), annotations=[
        Annotation("x", "actor", 0, 5), Annotation("y", "weapon", 3, 8)])
    data = InlineTeiWriter(doc).to_bytes()
    assert b'<rs xml:id="x" type="actor" ana="#cat-actor">abc<rs xml:id="y" type="weapon" ' \
           b'ana="#cat-weapon" next="#y.2">de</rs></rs><rs xml:id="y.2" type="weapon" ' \
           b'ana="#cat-weapon" prev="#y">fgh</rs>' in data
    assert parse_tei(data).snapshot() == doc.snapshot()


def test_span_starting_in_a_separator_never_reaches_the_writer() -> None:
    # The separator belongs to no <p>, so no pointer could name it: the model refuses it.
    with pytest.raises(AnnotationError, match="paragraph break"):
        AnnotatedDocument.create(Document.from_paragraphs(["ab", "cd"]),
                                 annotations=[Annotation("a1", "actor", 2, 4)])


def test_invalid_model_is_refused_not_written() -> None:
    doc = make_doc()
    doc.revisions.append(Revision("2025-07-16T11:00:00Z", "ann-nobody", "x"))
    with pytest.raises(ValidationError) as info:
        TeiWriter(doc).to_bytes(validate=True)
    assert any("ann-nobody" in p.message for p in info.value.problems)
    bad = make_doc()
    bad.document.metadata.title = "bell \x07"
    with pytest.raises(WriteError):
        TeiWriter(bad).to_bytes()
