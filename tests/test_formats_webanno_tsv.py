"""WebAnno TSV 3.3: UTF-16 offsets, stacked and multi-token spans, sub-tokens, slots,
relations, chains, escaping."""

from __future__ import annotations

import pytest
from formats_helpers import canonical, documents, spans_match_text
from hypothesis import given, settings
from test_cli import annotator, assert_no_traceback

from annotator.errors import ReadError
from annotator.files import export_foreign, import_foreign, write_files
from annotator.formats import foreign, webanno_tsv

# "😊" takes two UTF-16 units: every offset after it is one more than in code points.
TSV = """#FORMAT=WebAnno TSV 3.3
#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value
#T_SP=webanno.custom.Frame|ROLE_webanno.custom.Frame:Roles_webanno.custom.FrameRolesLink|webanno.custom.Lu|sense
#T_CH=de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink|referenceType|referenceRelation
#T_RL=webanno.custom.Rel|value|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity


#Text=Ms. Haag 😊 sold a\\|b .
1-1\t0-3\tMs.\t*[1]\tPER[1]\t_\t_\t_\tpr[1]\tcoref->1-1\t_\t_\t
1-2\t4-8\tHaag\t*[1]|http://www.wikidata.org/entity/Q42[2]\tPER[1]|PERpart[2]\t_\t_\t_\tpr[1]\tcoref->1-1\t_\t_\t
1-3\t9-11\t😊\t_\t_\t_\t_\t_\t_\t_\t_\t_\t
1-4\t12-16\tsold\t_\t_\tseller;goods[3]\t1-1[1];1-5[4]\ttrade\\_x[3]\t_\t_\t_\t_\t
1-5\t17-20\ta|b\t*\tOBJ[4]\t_\t_\t_\tpr[2]\t*->2-1\tsold\t1-1[1_4]\t
1-5.1\t17-18\ta\t*\tLOC\t_\t_\t_\t_\t_\t_\t_\t
1-6\t21-22\t.\t_\t_\t_\t_\t_\t_\t_\t_\t_\t
"""
TEXT = "Ms. Haag 😊 sold a|b ."


def write(folder, text=TSV, name="doc.tsv"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def found(doc) -> dict[tuple[str, str], object]:
    return {(doc.tagset[a.tag].label, doc.document.text[a.start:a.end]): a
            for a in doc.annotations}


def test_read(tmp_path):
    imported = import_foreign(write(tmp_path), "webanno-tsv")
    doc = imported.document
    assert doc.document.text == TEXT
    spans_match_text(doc)
    spans = found(doc)
    assert {("PER", "Ms. Haag"), ("PERpart", "Haag"), ("OBJ", "a|b"), ("LOC", "a"),
            ("Frame", "sold")} <= set(spans)
    haag = spans["PERpart", "Haag"]
    assert doc.annotations.entity(haag.entity).identifier("wikidata") == "Q42"
    frame = spans["Frame", "sold"]
    assert frame.attribute("sense") == "trade_x"  # unescaped
    assert frame.attribute("seller") == spans["PER", "Ms. Haag"].id
    assert frame.attribute("goods") == spans["OBJ", "a|b"].id
    # the relation: from the governor (1-1's annotation 1) to the dependent (1-5's 4)
    assert spans["PER", "Ms. Haag"].attribute("sold") == spans["OBJ", "a|b"].id
    # the chain: its mentions are one entity
    chain = [a for a in doc.annotations if doc.tagset[a.tag].label == "pr"]
    assert len(chain) == 2 and len({a.entity for a in chain}) == 2


def test_round_trip(tmp_path):
    first = import_foreign(write(tmp_path), "webanno-tsv").document
    files, _notes = export_foreign(first, "webanno-tsv", tmp_path / "out.tsv")
    write_files(files)
    written = (tmp_path / "out.tsv").read_text("utf-8")
    assert written.startswith("#FORMAT=WebAnno TSV 3.3\n#T_SP=" + webanno_tsv.NAMED_ENTITY)
    assert "\t12-16\tsold\t" in written  # UTF-16 offsets after the emoji
    assert "\t\\|b\t" in written  # "a|b" cut where the annotation on "a" ends; escaped
    second = import_foreign(tmp_path / "out.tsv", "webanno-tsv").document
    assert second.document.text == first.document.text
    assert canonical(second) == canonical(first)


@pytest.mark.parametrize(("change", "line", "message"), [
    (("#FORMAT=WebAnno TSV 3.3", "#FORMAT=WebAnno TSV 2"), 1, "not a WebAnno TSV 3 file"),
    (("1-3\t9-11", "1-3\t9-x"), 11, "is not 'begin-end'"),
    (("1-6\t21-22\t.\t_\t_", "1-6\t21-22\t.\t_"), 15, "annotation columns"),
    (("1-4\t12-16\tsold\t_", "1-4\t12-160\tsold\t_"), 12, "not inside its sentence"),
    (("1-3\t9-11", "1-3\t10-11"), 11, "inside the character"),
])
def test_bad_input(tmp_path, change, line, message):
    path = write(tmp_path, TSV.replace(*change))
    with pytest.raises(ReadError) as caught:
        import_foreign(path, "webanno-tsv")
    assert caught.value.line == line and message in caught.value.message
    result = annotator("import", str(path), "--format", "webanno-tsv", "-o",
                       str(tmp_path / "o.xml"))
    assert result.returncode == 1 and f"doc.tsv:{line}: " in result.stderr
    assert_no_traceback(result)


def test_escaping():
    value = "a\\b[1]|c_d->e;f\tg\nh*"
    assert webanno_tsv.unescape_value(webanno_tsv.escape_value(value)) == value
    text = "tab\there\\ and \r"
    assert webanno_tsv.unescape_text(webanno_tsv.escape_text(text)) == text


@settings(max_examples=40)
@given(documents())
def test_round_trip_of_any_document(doc):
    spans, _notes = foreign.from_annotated(doc)
    data, notes = webanno_tsv.write(spans)
    again = foreign.to_annotated(webanno_tsv.read(data.encode(), "x.tsv"),
                                 doc.tagset).document
    spans_match_text(again)
    # What TSV holds: every annotation on the same text (the text between sentences is
    # not in the format, so compare texts, not offsets; nor are the white space at an
    # annotation's ends, which no token holds).
    held = sorted((a.tag, doc.document.text[a.start:a.end].strip()) for a in doc.annotations
                  if doc.document.text[a.start:a.end].strip())
    assert sorted((a.tag, again.document.text[a.start:a.end])
                  for a in again.annotations) == held
    edged = sum(doc.document.text[a.start:a.end].strip() not in
                ("", doc.document.text[a.start:a.end]) for a in doc.annotations)
    assert any("white space at their ends" in n for n in notes) == bool(edged)
