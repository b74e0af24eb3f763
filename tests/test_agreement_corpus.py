"""Agreement on a real corpus folder (annotations saved by two annotators through the
corpus's own sessions) and ``annotator corpus agreement`` as a real process."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_cli import annotator, assert_no_traceback

from annotator.corpus import Corpus
from annotator.errors import AnnotatorError
from annotator.model import edits
from annotator.team.agreement import corpus_agreement, corpus_units

ARTICLE = ("Deutschland liefert zwei Patriot-Systeme an die Ukraine.\n\n"
           "Norwegen schickt Drohnen; Boris Pistorius sprach von einem Signal.\n")
SECOND = "Frankreich liefert Artilleriegeschosse an die Ukraine.\n"


def _annotate(corpus: Corpus, doc_id: str, who: str,
              spans: list[tuple[str, str]], commitment: dict[str, str] | None = None) -> None:
    """Annotate ``spans`` ((phrase, tag), the first occurrence) as ``who`` and save."""
    session = corpus.open_document(doc_id, who)
    doc = session.document
    text = doc.document.text
    person = doc.annotator_for(who).id
    made: dict[str, str] = {}
    for phrase, tag in spans:
        start = text.index(phrase)
        edit = edits.add_linked(doc, [(start, start + len(phrase), tag)], person)
        edit.apply(doc)
        made[phrase] = edit.after[0].id
    if commitment is not None:
        phrase = commitment.pop("span")
        start = text.index(phrase)
        edit = edits.add(doc, [(start, start + len(phrase), "commitment")], person)
        edit.apply(doc)
        values = {k: made.get(v, v) for k, v in commitment.items()}
        edits.set_attributes(doc, edit.after[0].id, values).apply(doc)
    result = session.write(session.tei_path, who)
    session.saved_to(session.tei_path, result.digest)


def two_annotator_corpus(root: Path) -> Path:
    """A corpus of two articles annotated by Ana and Bo (saved as the window saves):
    they agree on most spans, differ on a weapon's extent, one actor, and a
    commitment's item; a third document only Ana annotated."""
    corpus = Corpus.create(root / "corpus")
    sources = root / "in"
    sources.mkdir()
    (sources / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (sources / "b.txt").write_text(SECOND, encoding="utf-8")
    (sources / "c.txt").write_text("Polen prüft weitere Lieferungen.\n", encoding="utf-8")
    report = corpus.add([sources / "a.txt", sources / "b.txt", sources / "c.txt"], "Ana")
    first, second, third = (doc_id for _path, doc_id in report.added)
    pledge = "Deutschland liefert zwei Patriot-Systeme an die Ukraine"
    _annotate(corpus, first, "Ana",
              [("Deutschland", "actor"), ("Patriot-Systeme", "weapon"), ("Ukraine", "actor"),
               ("Norwegen", "actor"), ("Boris Pistorius", "actor")],
              {"span": pledge, "donor": "Deutschland", "recipient": "Ukraine",
               "item": "Patriot-Systeme", "quantity": "2", "stage": "announced"})
    _annotate(corpus, first, "Bo",
              [("Deutschland", "actor"), ("zwei Patriot-Systeme", "weapon"),
               ("Ukraine", "actor"), ("Norwegen", "actor"), ("Drohnen", "weapon")],
              {"span": pledge, "donor": "Deutschland", "recipient": "Ukraine",
               "item": "zwei Patriot-Systeme", "quantity": "2", "stage": "announced"})
    _annotate(corpus, second, "Ana", [("Frankreich", "actor"), ("Ukraine", "actor")])
    _annotate(corpus, second, "Bo", [("Frankreich", "actor"), ("Ukraine", "actor")])
    _annotate(corpus, third, "Ana", [("Polen", "actor")])
    return corpus.root


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return two_annotator_corpus(tmp_path)


def test_units_come_from_every_annotators_file_and_are_kept_in_the_index(folder):
    corpus = Corpus.open(folder)
    documents, names, problems = corpus_units(corpus)
    assert problems == []
    assert names == ["ana", "bo"]
    by_id = {d.doc_id: d for d in documents}
    first = next(d for d in documents if len(d.units.get("bo", [])) == 6)
    texts = {u.text for u in first.units["bo"]}
    assert {"zwei Patriot-Systeme", "Drohnen"} <= texts
    [pledge] = [u for u in first.units["ana"] if u.tag == "commitment"]
    fields = dict(pledge.fields)
    assert fields["donor"] == "Deutschland" and fields["item"] == "Patriot-Systeme"
    assert fields["quantity"] == "2" and fields["stage"] == "announced"
    assert len(by_id) == 3
    # the second run reads the units kept in the index: the same units
    kept = corpus.index.kept_rows("agreement-units")
    assert len(kept) == 5 and all(p.endswith(("/ana.xml", "/bo.xml")) for p in kept)
    assert corpus_units(Corpus.open(folder))[0] == documents
    # a file saved since is read again, the others come from the index
    _annotate(corpus, first.doc_id, "Bo", [("Signal", "weapon")])
    again = {d.doc_id: d for d in corpus_units(Corpus.open(folder))[0]}
    assert len(again[first.doc_id].units["bo"]) == 7
    assert again[first.doc_id].units["ana"] == first.units["ana"]


def test_corpus_agreement_counts_documents_both_annotated(folder):
    report = corpus_agreement(Corpus.open(folder))
    assert report.annotators == ["ana", "bo"]
    assert len(report.documents) == 2 and len(report.skipped) == 1
    assert report.per_tag["weapon"].f1_exact == 0 and report.per_tag["weapon"].f1_relaxed == 2 / 3
    assert report.per_tag["actor"].f1_exact == pytest.approx(10 / 11)
    assert report.commitment_pairs == 1
    assert report.commitments["item"].agreement == 0
    assert report.commitments["donor"].agreement == 1
    assert 0 < report.overall.gamma < 1 and 0 < report.overall.alpha_u < 1
    texts = {d.text for d in report.disagreements}
    assert "Drohnen" in texts and "Boris Pistorius" in texts


def test_bad_requests_say_what_is_wrong(folder, tmp_path):
    corpus = Corpus.open(folder)
    with pytest.raises(AnnotatorError, match="no annotation files of 'cy'"):
        corpus_agreement(corpus, ["ana", "cy"])
    with pytest.raises(AnnotatorError, match="two or more annotators"):
        corpus_agreement(corpus, ["ana"])
    with pytest.raises(AnnotatorError, match="no tag 'nonsense'"):
        corpus_agreement(corpus, tag="nonsense")
    empty = Corpus.create(tmp_path / "empty")
    with pytest.raises(AnnotatorError, match="files of nobody"):
        corpus_agreement(empty)


def test_cli_json_has_every_measure_overall_and_per_tag(folder):
    result = annotator("corpus", "agreement", str(folder), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for name in ("gamma", "alpha_u", "f1_exact", "f1_relaxed"):
        assert set(data[name]) == {"overall", "per_tag"}
        assert {"actor", "weapon", "commitment"} <= set(data[name]["per_tag"])
    assert data["f1_relaxed"]["per_tag"]["weapon"] == pytest.approx(0.6667, abs=1e-4)
    assert data["commitments"]["alpha"].keys() >= {"donor", "recipient", "item", "quantity",
                                                   "stage"}
    assert data["commitments"]["agreement"]["item"] == 0
    assert data["annotators"] == ["ana", "bo"] and len(data["skipped"]) == 1


def test_cli_table_csv_tag_and_annotators(folder):
    table = annotator("corpus", "agreement", str(folder), "--annotators", "Ana, Bo")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].startswith("annotators: ana, bo; 2 documents, 1 skipped")
    assert any(line.startswith("(all)\t") for line in lines)
    assert any(line.startswith("item\t") for line in lines)
    weapon = annotator("corpus", "agreement", str(folder), "--tag", "weapon", "-f", "csv")
    assert weapon.returncode == 0, weapon.stderr
    rows = list(csv.DictReader(io.StringIO(weapon.stdout)))
    corpus_rows = [r for r in rows if r["scope"] == "corpus"]
    assert [r["tag"] for r in corpus_rows] == ["", "weapon"]
    assert corpus_rows[0]["f1_exact"] == "0.0"


@pytest.mark.parametrize(("args", "message"), [
    (["--annotators", "ana,cy"], "no annotation files of 'cy' in the corpus"),
    (["--annotators", "ana"], "agreement needs two or more annotators"),
    (["--annotators", ","], "--annotators: name two or more annotators"),
    (["--tag", "nonsense"], "the corpus has no tag 'nonsense'"),
    (["--annotators", "ana,Ana"], "an annotator is named twice"),
])
def test_cli_bad_input_is_a_message_and_exit_1(folder, args, message):
    result = annotator("corpus", "agreement", str(folder), *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert_no_traceback(result)


@pytest.mark.parametrize("broken", [b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>",
                                    b"\xff\xfe not XML at all"])
def test_a_file_that_cannot_be_read_leaves_its_document_out_and_says_so(folder, broken):
    corpus = Corpus.open(folder)
    first = next(d for d in corpus_units(corpus)[0] if len(d.units.get("bo", [])) == 6)
    bad = folder / "documents" / first.doc_id / "annotations" / "bo.xml"
    bad.write_bytes(broken)
    report = corpus_agreement(Corpus.open(folder))
    assert first.doc_id not in report.documents and len(report.documents) == 1
    assert report.problems and all(p.path and p.path.endswith("bo.xml")
                                   for p in report.problems)
    result = annotator("corpus", "agreement", str(folder), "-f", "json")
    assert result.returncode == 0, result.stderr
    assert "bo.xml" in result.stderr and "warning: left out:" in result.stderr
    assert json.loads(result.stdout)["left_out"]
    assert_no_traceback(result)


def test_cli_help():
    result = annotator("corpus", "agreement", "--help")
    assert result.returncode == 0 and "usage: annotator corpus agreement" in result.stdout
    assert "--annotators" in result.stdout and "--tag" in result.stdout
    assert annotator("corpus", "agreement", "x", "--format", "xml").returncode == 2


def test_cli_on_a_folder_that_is_no_corpus(tmp_path):
    result = annotator("corpus", "agreement", str(tmp_path))
    assert result.returncode == 1 and "is not a corpus" in result.stderr
    assert_no_traceback(result)
