"""CoNLL-2003, IOB1, IOBES and GermEval's two nested columns, in and out."""

from __future__ import annotations

import pytest
from formats_helpers import documents, spans_match_text
from hypothesis import given, settings
from test_cli import annotator, assert_no_traceback

from annotator.errors import ReadError
from annotator.files import export_foreign, import_foreign, write_files
from annotator.formats import conll, foreign

CONLL_2003 = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O
. . O O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER
"""

GERMEVAL = ("# http://de.wikipedia.org/wiki/Manfred_Korfmann [2009-10-17]\n"
            "1\tAufgrund\tO\tO\n2\tder\tO\tO\n3\tUniversität\tB-ORG\tO\n"
            "4\tTübingen\tI-ORG\tB-LOC\n5\t😀\tO\tO\n\n"
            "1\tDeutschlands\tB-LOCderiv\tO\n")


def spans(doc) -> list[tuple[str, str]]:
    return sorted((doc.tagset[a.tag].label, doc.document.text[a.start:a.end])
                  for a in doc.annotations)


def test_conll_2003(tmp_path):
    path = tmp_path / "eng.conll"
    path.write_text(CONLL_2003, encoding="utf-8")
    doc = import_foreign(path, "conll").document
    assert doc.document.text == "EU rejects German call .\nPeter Blackburn"
    assert spans(doc) == [("MISC", "German"), ("ORG", "EU"), ("PER", "Peter Blackburn")]
    spans_match_text(doc)


@pytest.mark.parametrize("tags", [
    ["B-PER", "I-PER", "O", "B-LOC", "B-LOC"],  # IOB2
    ["I-PER", "I-PER", "O", "I-LOC", "B-LOC"],  # IOB1: B- only between two of a type
    ["B-PER", "E-PER", "O", "S-LOC", "S-LOC"],  # IOBES
])
def test_iob_schemes(tmp_path, tags):
    words = ["Ana", "Lima", "in", "Rio", "Paris"]
    path = tmp_path / "x.conll"
    path.write_text("".join(f"{w} {t}\n" for w, t in zip(words, tags, strict=True)), "utf-8")
    doc = import_foreign(path, "conll").document
    assert spans(doc) == [("LOC", "Paris"), ("LOC", "Rio"), ("PER", "Ana Lima")]


def test_germeval_nesting_and_non_bmp(tmp_path):
    path = tmp_path / "germeval.tsv"
    path.write_text(GERMEVAL, encoding="utf-8")
    imported = import_foreign(path, "conll")
    doc = imported.document
    assert doc.document.text == "Aufgrund der Universität Tübingen 😀\nDeutschlands"
    assert spans(doc) == [("LOC", "Tübingen"), ("LOCderiv", "Deutschlands"),
                          ("ORG", "Universität Tübingen")]


def test_export_then_import_is_the_identity(tmp_path):
    path = tmp_path / "eng.conll"
    path.write_text(CONLL_2003, encoding="utf-8")
    first = import_foreign(path, "conll").document
    files, notes = export_foreign(first, "conll", tmp_path / "out.conll")
    write_files(files)
    assert not notes
    written = (tmp_path / "out.conll").read_text("utf-8")
    assert "EU -X- _ B-ORG\n" in written and "Blackburn -X- _ I-PER\n" in written
    second = import_foreign(tmp_path / "out.conll", "conll").document
    assert second.document.text == first.document.text and spans(second) == spans(first)


def test_export_splits_tokens_at_annotations_and_lists_nesting(tmp_path):
    path = tmp_path / "germeval.tsv"
    path.write_text(GERMEVAL, encoding="utf-8")
    doc = import_foreign(path, "conll").document
    _files, notes = export_foreign(doc, "conll", tmp_path / "out.conll")
    assert any("Tübingen" in n and "CoNLL cannot hold it" in n for n in notes)
    spans_out, _lost = conll.write(foreign.ForeignDocument(
        "US-Patriot-Systeme, bitte.",
        [foreign.ForeignSpan("a", "WEAPON", [(3, 10)])]))
    rows = [line.split()[0] + " " + line.split()[-1] for line in spans_out.splitlines()[2:]
            if line]
    assert rows == ["US- O", "Patriot B-WEAPON", "-Systeme, O", "bitte. O"]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("EU B-ORG\nrejects\n", 2, "a token without a tag"),
    ("EU B-ORG\nrejects X-Y\n", 2, "is not an IOB tag"),
    ("1\tEU\tB-ORG\tO\nrejects\tO\tO\n", 2, "expected 'number token tag"),
])
def test_bad_input(tmp_path, text, line, message):
    path = tmp_path / "bad.conll"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        import_foreign(path, "conll")
    assert caught.value.line == line and message in caught.value.message
    result = annotator("import", str(path), "--format", "conll", "-o", str(tmp_path / "o.xml"))
    assert result.returncode == 1 and f"bad.conll:{line}: " in result.stderr
    assert_no_traceback(result)


@settings(max_examples=40)
@given(documents(nested=False))
def test_round_trip_of_any_document(doc):
    """What CoNLL can hold: the labels of the tokens; exporting what was imported
    gives the same file again."""
    spans_in, _notes = foreign.from_annotated(doc)
    first, lost = conll.write(spans_in)
    again = foreign.to_annotated(conll.read(first.encode(), "x.conll"), doc.tagset).document
    spans_match_text(again)
    held = [a for a in doc.annotations if doc.document.text[a.start:a.end].split()]
    assert len(lost) == len(doc.annotations) - len(held)  # only white space: listed
    assert sorted((a.tag, doc.document.text[a.start:a.end].split()) for a in held) \
        == sorted((a.tag, again.document.text[a.start:a.end].split())
                  for a in again.annotations)
    second, _lost = conll.write(foreign.from_annotated(again)[0])
    assert second == first
