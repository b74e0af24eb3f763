"""UIMA CAS XMI with the DKPro Core types, through dkpro-cassis: INCEpTION's layers,
slots, relations and chains; UTF-16 offsets in the file, code points in the model."""

from __future__ import annotations

import re
import zipfile

import cassis
import pytest
from formats_helpers import canonical, documents, through
from hypothesis import given, settings
from test_cli import annotator, assert_no_traceback

from annotator.errors import ReadError
from annotator.files import export_foreign, import_foreign, write_files
from annotator.formats import uima_xmi

TEXT = "Ana 😀 met 𝔘lf in Zürich."
NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
POS = "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS"
DEPENDENCY = "de.tudarmstadt.ukp.dkpro.core.api.syntax.type.dependency.Dependency"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"


def inception_like_cas(folder):
    """An XMI and TypeSystem.xml as INCEpTION writes them: named entities (one linked to
    Wikidata), a custom layer with a feature and slots, a dependency, tokens."""
    ts = cassis.load_dkpro_core_typesystem()
    event = ts.create_type("webanno.custom.Meeting", "uima.tcas.Annotation")
    ts.create_feature(event, "certainty", "uima.cas.String")
    link = ts.create_type("webanno.custom.MeetingRolesLink", "uima.cas.TOP")
    ts.create_feature(link, "role", "uima.cas.String")
    ts.create_feature(link, "target", "uima.tcas.Annotation")
    ts.create_feature(event, "roles", "uima.cas.FSArray", elementType=link)
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = TEXT

    def at(word):
        start = TEXT.index(word)
        return {"begin": start, "end": start + len(word)}

    NamedEntity = ts.get_type(NE)
    ana = NamedEntity(value="PER", **at("Ana"))
    ulf = NamedEntity(value="PER", identifier="http://www.wikidata.org/entity/Q42", **at("𝔘lf"))
    zurich = NamedEntity(value="LOC", **at("Zürich"))
    for fs in (ana, ulf, zurich):
        cas.add(fs)
    Link = ts.get_type("webanno.custom.MeetingRolesLink")
    links = [Link(role="who", target=ana), Link(role="who", target=ulf),
             Link(role="where", target=zurich)]
    for fs in links:
        cas.add(fs)
    roles = ts.get_type("uima.cas.FSArray")(elements=links)
    cas.add(roles)
    cas.add(ts.get_type("webanno.custom.Meeting")(certainty="high", roles=roles, **at("met")))
    Token, Pos = ts.get_type(TOKEN), ts.get_type(POS)
    met_pos, ulf_pos = Pos(PosValue="VERB", **at("met")), Pos(PosValue="PROPN", **at("𝔘lf"))
    for fs in (met_pos, ulf_pos, Token(**at("met")), Token(**at("𝔘lf"))):
        cas.add(fs)
    cas.add(ts.get_type(DEPENDENCY)(Governor=met_pos, Dependent=ulf_pos,
                                    DependencyType="obj", **at("𝔘lf")))
    (folder / "doc.xmi").write_text(cas.to_xmi(), encoding="utf-8")
    (folder / "TypeSystem.xml").write_text(ts.to_xml(), encoding="utf-8")
    return folder / "doc.xmi"


def found(doc) -> dict:
    return {(doc.tagset[a.tag].label, doc.document.text[a.start:a.end]): a
            for a in doc.annotations}


def test_the_file_counts_utf16_units(tmp_path):
    xmi = inception_like_cas(tmp_path).read_text("utf-8")
    start = TEXT.index("met")
    assert f'begin="{start + 1}"' in xmi  # after the emoji: one more unit than code points


def test_read(tmp_path):
    imported = import_foreign(inception_like_cas(tmp_path), "uima-xmi")
    doc = imported.document
    assert doc.document.text == TEXT
    spans = found(doc)
    assert {("PER", "Ana"), ("PER", "𝔘lf"), ("LOC", "Zürich"), ("Meeting", "met"),
            ("VERB", "met"), ("PROPN", "𝔘lf")} <= set(spans)
    meeting = spans["Meeting", "met"]
    assert meeting.attribute("certainty") == "high"
    assert meeting.attribute("who") == spans["PER", "Ana"].id
    assert meeting.attribute("who2") == spans["PER", "𝔘lf"].id
    assert meeting.attribute("where") == spans["LOC", "Zürich"].id
    assert spans["VERB", "met"].attribute("obj") == spans["PROPN", "𝔘lf"].id
    entity = doc.annotations.entity(spans["PER", "𝔘lf"].entity)
    assert entity.identifier("wikidata") == "Q42"
    assert any("Token" in line for line in imported.summary)  # the structure is said


@pytest.mark.parametrize("name", ["out.xmi", "out.zip"])
def test_round_trip(tmp_path, name):
    first = import_foreign(inception_like_cas(tmp_path), "uima-xmi").document
    (tmp_path / "back").mkdir()
    files, _notes = export_foreign(first, "uima-xmi", tmp_path / "back" / name)
    write_files(files)
    if name.endswith(".zip"):
        with zipfile.ZipFile(tmp_path / "back" / name) as archive:
            assert sorted(archive.namelist()) == ["TypeSystem.xml", "out.xmi"]
    else:
        assert (tmp_path / "back" / "TypeSystem.xml").is_file()
    second = import_foreign(tmp_path / "back" / name, "uima-xmi").document
    assert second.document.text == first.document.text
    assert canonical(second) == canonical(first)


def test_without_a_type_system(tmp_path):
    """DKPro Core's own types are known without one; custom ones are not."""
    path = inception_like_cas(tmp_path)
    (tmp_path / "TypeSystem.xml").unlink()
    with pytest.raises(ReadError, match=r"put TypeSystem\.xml beside it"):
        import_foreign(path, "uima-xmi")
    ts = cassis.load_dkpro_core_typesystem()
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = TEXT
    cas.add(ts.get_type(NE)(value="PER", begin=0, end=3))
    path.write_text(cas.to_xmi(), encoding="utf-8")
    imported = import_foreign(path, "uima-xmi")
    assert any("no type system" in line for line in imported.summary)
    assert ("PER", "Ana") in found(imported.document)


def test_bad_files(tmp_path):
    path = tmp_path / "bad.xmi"
    path.write_text("<xmi:XMI xmlns:xmi='http://www.omg.org/XMI'>\n<oops", encoding="utf-8")
    result = annotator("import", str(path), "--format", "uima-xmi", "-o", str(tmp_path / "o.xml"))
    assert result.returncode == 1 and "bad.xmi:2: not well-formed XML" in result.stderr
    assert_no_traceback(result)
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("a.xmi", "<x/>")
        out.writestr("b.xmi", "<x/>")
    with pytest.raises(ReadError, match=r"2 \.xmi files"):
        import_foreign(archive, "uima-xmi")


@settings(max_examples=25)
@given(documents())
def test_round_trip_of_any_document(doc):
    def write(spans):
        xmi, type_system, _notes = uima_xmi.write(spans, "doc")
        write.type_system = type_system
        return xmi.decode("utf-8")

    again = through(doc, write, lambda data: uima_xmi.read(data, "x.xmi", write.type_system))
    assert canonical(again) == canonical(doc)
    assert re.sub(r"\s", "", again.document.text) == re.sub(r"\s", "", doc.document.text)


def test_entities_are_refused_before_cassis_reads(tmp_path):
    """The hardened parser sees the bytes first: no entity is ever expanded."""
    path = tmp_path / "bomb.xmi"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>\n'
                    '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI">&a;</xmi:XMI>\n',
                    encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        import_foreign(path, "uima-xmi")
    assert "bomb.xmi" in str(caught.value)
