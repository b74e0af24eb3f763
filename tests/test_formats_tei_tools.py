"""CATMA's and Recogito's TEI files (import)."""
# ruff: noqa: E501  (the files are written as the tools write them: long lines)

from __future__ import annotations

from formats_helpers import spans_match_text
from test_cli import annotator, assert_no_traceback

from annotator.files import import_foreign
from annotator.formats.offsets import Utf16Offsets

TEXT = "Ana 😀 met 𝔘lf in Zürich."

CATMA_HEAD = """<?xml version='1.0' encoding='utf-8'?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
<teiHeader><fileDesc><titleStmt><title>Meeting</title><author>ana</author></titleStmt>
<publicationStmt><publisher>ana</publisher></publicationStmt>
<sourceDesc><p>Meeting</p><ab><fs xml:id="CATMA_TECH_DESC"><f name="version"><string>5</string></f></fs></ab></sourceDesc></fileDesc>
<encodingDesc><fsdDecl xml:id="CATMA_TS1" n="People 2024">
<fsDecl xml:id="CATMA_PERSON" n="2024" type="CATMA_PERSON"><fsDescr>Person</fsDescr>
<fDecl xml:id="CATMA_P1" name="catma_displaycolor"><vRange><vColl><string>-123</string></vColl></vRange></fDecl></fsDecl>
<fsDecl xml:id="CATMA_EVENT" n="2024" type="CATMA_EVENT"><fsDescr>Event</fsDescr></fsDecl>
</fsdDecl></encodingDesc></teiHeader>
<text><body><ab type="catma">
"""
CATMA_TAIL = """</ab></body>
<fs xml:id="CATMA_A1" type="CATMA_PERSON"><f name="catma_markupauthor"><string>ana</string></f><f name="role"><string>host</string></f></fs>
<fs xml:id="CATMA_A2" type="CATMA_PERSON"><f name="catma_markupauthor"><string>ana</string></f></fs>
<fs xml:id="CATMA_A3" type="CATMA_EVENT"><f name="place"><string>Zürich</string><string>CH</string></f></fs>
</text></TEI>
"""


def catma_pointers() -> str:
    """Segments that point into the text by UTF-16 offsets; A3 ("met … Zürich") is cut
    where A2 ("𝔘lf") lies on it and has a second, separate range."""
    units = Utf16Offsets(TEXT)

    def seg(start: int, end: int, ana: str = "") -> str:
        ptr = (f'<ptr target="catma://CATMA_DOC#char={units.to_units(start)},'
               f'{units.to_units(end)}" type="inclusion"/>')
        return f'<seg ana="{ana}">{ptr}</seg>\n' if ana else ptr + "\n"

    met, ulf, zurich = TEXT.index("met"), TEXT.index("𝔘lf"), TEXT.index("Zürich")
    return (seg(0, 3, "#CATMA_A1") + seg(3, met) + seg(met, ulf, "#CATMA_A3")
            + seg(ulf, ulf + 3, "#CATMA_A3 #CATMA_A2") + seg(ulf + 3, zurich)
            + seg(zurich, zurich + 6, "#CATMA_A3") + seg(zurich + 6, len(TEXT)))


def catma_inline() -> str:
    met, ulf = TEXT.index("met"), TEXT.index("𝔘lf")
    return (f'<seg ana="#CATMA_A1">Ana</seg>{TEXT[3:met]}<seg ana="#CATMA_A3">met </seg>'
            f'<seg ana="#CATMA_A3 #CATMA_A2">𝔘lf</seg>{TEXT[ulf + 3:]}')


def by_text(doc) -> dict:
    return {(doc.tagset[a.tag].label, doc.document.text[a.start:a.end]): a
            for a in doc.annotations}


def test_catma_with_pointers(tmp_path):
    path = tmp_path / "collection.xml"
    path.write_text(CATMA_HEAD + catma_pointers() + CATMA_TAIL, encoding="utf-8")
    (tmp_path / "text.txt").write_text(TEXT, encoding="utf-8")
    result = annotator("import", str(path), "--format", "catma-tei", "-o",
                       str(tmp_path / "o.xml"))
    assert result.returncode == 1 and "give the text file with --text" in result.stderr
    assert_no_traceback(result)
    imported = import_foreign(path, "catma-tei", text=tmp_path / "text.txt")
    doc = imported.document
    spans_match_text(doc)
    found = by_text(doc)
    assert ("Person", "Ana") in found and ("Person", "𝔘lf") in found
    assert found["Person", "Ana"].attribute("role") == "host"
    # A3: "met 𝔘lf" (two adjacent segments joined) and "Zürich": one annotation of two
    # ranges, and said
    event = found["Event", "met 𝔘lf"]
    assert [doc.document.text[s:e] for s, e in event.ranges] == ["met 𝔘lf", "Zürich"]
    assert event.attribute("place") == "Zürich; CH"
    assert any("discontinuous" in line for line in imported.summary)


def test_catma_with_the_text_inside(tmp_path):
    path = tmp_path / "collection.xml"
    # (no line break after <ab>: in this form every character of the ab is text)
    path.write_text(CATMA_HEAD.rstrip("\n") + catma_inline() + CATMA_TAIL, encoding="utf-8")
    doc = import_foreign(path, "catma-tei").document
    assert doc.document.text == TEXT
    assert {("Person", "Ana"), ("Person", "𝔘lf"), ("Event", "met 𝔘lf")} <= set(by_text(doc))


RECOGITO = """<TEI xmlns="http://www.tei-c.org/ns/1.0">
<teiHeader><fileDesc><titleStmt><title>Ana: Travels</title></titleStmt><publicationStmt><p/></publicationStmt>
<sourceDesc><p><link target="https://recogito.example/document/abc"/></p>
<ab><listRelation><relation name="met_in" active="recogito-1" passive="recogito-3"/></listRelation></ab>
</sourceDesc></fileDesc></teiHeader>
<text><body><div><p><persName xml:id="recogito-1" ana="traveller">Ana</persName> 😀 met <span xml:id="recogito-2" ana="myth,deity" lang="de">𝔘lf</span> in <placeName ref="http://www.wikidata.org/entity/Q72" xml:id="recogito-3" cert="high">Zürich</placeName>.</p></div>
<div><p>Second <rs xml:id="recogito-4" type="event">part</rs>.</p></div></body></text></TEI>
"""


def test_recogito(tmp_path):
    path = tmp_path / "recogito.tei.xml"
    path.write_text(RECOGITO, encoding="utf-8")
    imported = import_foreign(path, "recogito-tei")
    doc = imported.document
    assert doc.document.text == TEXT + "\nSecond part."
    spans_match_text(doc)
    found = by_text(doc)
    assert {("PERSON", "Ana"), ("traveller", "Ana"), ("myth", "𝔘lf"), ("deity", "𝔘lf"),
            ("PLACE", "Zürich"), ("EVENT", "part")} <= set(found)
    zurich = found["PLACE", "Zürich"]
    assert doc.annotations.entity(zurich.entity).identifier("wikidata") == "Q72"
    assert zurich.attribute("cert") == "high"
    assert found["myth", "𝔘lf"].attribute("lang") == "de"
    assert found["PERSON", "Ana"].attribute("met_in") == zurich.id


def test_not_tei(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text("<html>\n<body/></html>", encoding="utf-8")
    for fmt in ("recogito-tei", "catma-tei"):
        result = annotator("import", str(path), "--format", fmt, "-o", str(tmp_path / "o.xml"))
        assert result.returncode == 1 and "x.xml:1: not a TEI document" in result.stderr
        assert_no_traceback(result)
