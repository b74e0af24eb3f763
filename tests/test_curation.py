"""Curation (annotator/team/curation.py): the annotators' files of a corpus document
merged into a curated layer, decisions recorded in documents/ID/curated.xml and kept
when annotators change their work afterwards (the INCEpTION failure). Real corpus
folders made through the Corpus API, real files, lxml validation (corpus.rng and
tei_all), the CLI as a real process."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_cli import annotator, assert_no_traceback

from annotator.corpus import Corpus, layout
from annotator.corpus.tables import export_table
from annotator.corpus.tei_files import corpus_schema
from annotator.errors import AnnotatorError, ChangedOnDiskError, ValidationError
from annotator.model import edits
from annotator.team.curation import Curation

TEI = "{http://www.tei-c.org/ns/1.0}"
TEXT = ("Deutschland bezahlt zwei Patriot-Systeme für die Ukraine.\n\n"
        "Norwegen liefert ein weiteres System, sagte Støre in Oslo.\n")


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return Corpus.create(tmp_path / "corpus", "Lieferungen")


def new_document(corpus: Corpus, tmp_path: Path, text: str = TEXT) -> str:
    path = tmp_path / "bericht.txt"
    path.write_text(text, encoding="utf-8")
    report = corpus.add([path])
    assert report.failed == [], report.failed
    return report.added[0][1]


def annotate(corpus: Corpus, doc_id: str, name: str, spans: list[tuple[str, str]],
             remove: tuple[str, ...] = ()) -> dict[str, str]:
    """``name`` tags each (phrase, tag) and deletes the annotations of ``remove``
    (phrases) and saves, as the window would; returns phrase -> annotation id."""
    session = corpus.open_document(doc_id, name)
    doc = session.document
    text = doc.document.text
    who = doc.annotator_for(name).id
    for phrase in remove:
        start = text.index(phrase)
        gone = [a.id for a in doc.annotations if a.start == start
                and a.end == start + len(phrase)]
        edits.remove(doc, gone).apply(doc)
    ids = {}
    for phrase, tag in spans:
        start = text.index(phrase)
        edit = edits.add_linked(doc, [(start, start + len(phrase), tag)], who)
        edit.apply(doc)
        ids[phrase] = next(a.id for a in edit.after if a.tag == tag)
    session.write(session.tei_path, name)
    return ids


def valid(path: Path, tei_all_schema) -> etree._ElementTree:
    tree = etree.parse(str(path))
    assert corpus_schema().validate(tree), corpus_schema().error_log
    assert tei_all_schema.validate(tree), tei_all_schema.error_log
    return tree


def layer_spans(curation: Curation) -> list[tuple[str, str]]:
    text = curation.layer.document.text
    return sorted((text[a.start:a.end], a.tag) for a in curation.layer.annotations)


def two_annotators(corpus: Corpus, tmp_path: Path) -> str:
    doc_id = new_document(corpus, tmp_path)
    annotate(corpus, doc_id, "Ana", [("Deutschland", "actor"), ("Patriot-Systeme", "weapon"),
                                     ("Ukraine", "actor"), ("Oslo", "actor")])
    annotate(corpus, doc_id, "Bo", [("Deutschland", "actor"), ("zwei Patriot-Systeme", "weapon"),
                                    ("Norwegen", "actor"), ("Oslo", "actor")])
    return doc_id


def test_what_all_agree_on_is_taken_and_the_rest_are_disagreements_by_overlap(
        corpus, tmp_path, tei_all_schema):
    doc_id = two_annotators(corpus, tmp_path)
    folder = layout.document_folder(corpus.root, doc_id)
    theirs = {p: p.read_bytes() for p in [*folder.rglob("*.xml"), corpus.root / "entities.xml"]}
    curation = Curation.open(corpus, doc_id, "Cora")
    assert [s.name for s in curation.sources] == ["Ana", "Bo"]
    assert layer_spans(curation) == [("Deutschland", "actor"), ("Oslo", "actor")]
    groups = [sorted((c.source.name, c.text) for c in g.candidates)
              for g in curation.disagreements]
    assert groups == [[("Ana", "Patriot-Systeme"), ("Bo", "zwei Patriot-Systeme")],
                      [("Ana", "Ukraine")], [("Bo", "Norwegen")]]
    assert not curation.path.exists()  # opening writes nothing
    curation.save()
    tree = valid(curation.path, tei_all_schema)
    targets = [a.get("target") for a in tree.iter(f"{TEI}annotation")]
    assert all(t.startswith("text.xml#string-range(") for t in targets), targets
    changes = tree.findall(f".//{TEI}listChange[@type='curation']/{TEI}change")
    assert [c.get("type") for c in changes] == ["agreed", "agreed"]
    assert all(c.get("who") == "#ann-cora" and c.get("when") for c in changes)
    # Each agreement names both annotators' annotations it stands for.
    assert {p.get("target").split("#")[0] for p in changes[0].iter(f"{TEI}ptr")} == {
        "annotations/ana.xml", "annotations/bo.xml"}
    # The annotators' files (and the text, and the register) are untouched; nothing in
    # annotations/ is the curated file.
    assert {p: p.read_bytes() for p in theirs} == theirs
    assert sorted(p.name for p in corpus.annotators_of(doc_id)) == ["ana.xml", "bo.xml"]


def test_take_edit_and_reject_are_recorded_and_read_back(corpus, tmp_path, tei_all_schema):
    doc_id = two_annotators(corpus, tmp_path)
    curation = Curation.open(corpus, doc_id, "Cora")
    patriot, ukraine, norwegen = curation.disagreements
    bo = curation.sources[1]
    curation.apply(curation.take(patriot, bo))
    text = curation.layer.document.text
    start = text.index("Ukraine")
    [base] = ukraine.candidates
    curation.apply(curation.edit(ukraine, base, "actor", start - 4, start + len("Ukraine")))
    curation.apply(curation.reject(norwegen))
    assert curation.disagreements == []
    assert curation.status == "done"
    curation.save()
    tree = valid(curation.path, tei_all_schema)
    kinds = [c.get("type") for c in tree.iter(f"{TEI}change") if c.get("type")]
    assert kinds == ["agreed", "agreed", "take", "edit", "reject"]
    assert tree.find(f".//{TEI}revisionDesc").get("status") == "done"
    again = Curation.open(corpus, doc_id, "Cora")
    assert again.disagreements == []
    assert layer_spans(again) == [("Deutschland", "actor"), ("Oslo", "actor"),
                                  ("die Ukraine", "actor"), ("zwei Patriot-Systeme", "weapon")]
    assert [d.kind for d in again.decided()] == ["take", "edit", "reject"]
    assert again.decided()[0].description.startswith("Took Bo's Weapon")
    assert {a.resp for a in again.layer.annotations} == {"ann-cora"}


def test_the_inception_failure_a_decision_survives_the_annotator_changing_their_work(
        corpus, tmp_path):
    """INCEpTION's curators lost decisions when an annotator edited their document and
    the curation was merged again. Here: Cora decides, Ana edits the very annotations
    that disagreement was about, the document is merged again, the decision stands,
    and Ana's changed annotation comes up as a new disagreement."""
    doc_id = two_annotators(corpus, tmp_path)
    curation = Curation.open(corpus, doc_id, "Cora")
    patriot = curation.disagreements[0]
    curation.apply(curation.take(patriot, curation.sources[1]))  # Bo's "zwei Patriot-Systeme"
    curation.apply(curation.reject(curation.disagreements[0]))  # Ana's "Ukraine"
    curation.save()
    decided_before = curation.decided()
    # Ana changes her work: her weapon becomes "Patriot", her "Ukraine" goes and comes
    # back as a weapon (a changed annotation), and she adds "Støre".
    annotate(corpus, doc_id, "Ana", [("Patriot", "weapon"), ("Ukraine", "weapon"),
                                     ("Støre", "actor")],
             remove=("Patriot-Systeme", "Ukraine"))
    again = Curation.open(corpus, doc_id, "Cora")
    assert again.decided() == decided_before  # the decisions, as they were
    assert ("zwei Patriot-Systeme", "weapon") in layer_spans(again)
    assert ("Ukraine", "actor") not in layer_spans(again)
    groups = [sorted((c.source.name, c.text, c.annotation.tag) for c in g.candidates)
              for g in again.disagreements]
    # New and changed annotations are new disagreements; Bo's "Norwegen" still waits.
    assert groups == [[("Ana", "Patriot", "weapon")], [("Ana", "Ukraine", "weapon")],
                      [("Bo", "Norwegen", "actor")], [("Ana", "Støre", "actor")]]
    again.save()
    third = Curation.open(corpus, doc_id, "Cora")
    assert third.decided() == decided_before
    assert [g.id for g in third.disagreements] == [g.id for g in again.disagreements]


def test_an_agreement_that_no_longer_holds_leaves_the_layer_and_is_a_disagreement(
        corpus, tmp_path):
    doc_id = two_annotators(corpus, tmp_path)
    curation = Curation.open(corpus, doc_id, "Cora")
    curation.save()
    annotate(corpus, doc_id, "Bo", [], remove=("Oslo",))
    again = Curation.open(corpus, doc_id, "Cora")
    assert ("Oslo", "actor") not in layer_spans(again)
    assert len(again.merged.removed) == 1
    assert [[(c.source.name, c.text) for c in g.candidates] for g in again.disagreements][-1] \
        == [("Ana", "Oslo")]


def test_agreement_needs_every_annotator(corpus, tmp_path):
    doc_id = two_annotators(corpus, tmp_path)
    annotate(corpus, doc_id, "Cy", [("Deutschland", "actor")])
    curation = Curation.open(corpus, doc_id, "Cora")
    assert [s.name for s in curation.sources] == ["Ana", "Bo", "Cy"]
    assert layer_spans(curation) == [("Deutschland", "actor")]
    oslo = curation.disagreements[-1]
    assert sorted(c.source.name for c in oslo.candidates) == ["Ana", "Bo"]
    # Taking Cy's (nothing there) settles both as not taken.
    curation.apply(curation.take(oslo, curation.sources[2]))
    assert ("Oslo", "actor") not in layer_spans(curation)
    assert curation.decided()[-1].description == "Took Cy's nothing here"


def test_undo_and_redo_of_each_step_and_reopening_a_decision_of_an_earlier_session(
        corpus, tmp_path):
    doc_id = two_annotators(corpus, tmp_path)
    curation = Curation.open(corpus, doc_id, "Cora")
    before = (curation.layer.snapshot(), list(curation.decisions),
              [g.id for g in curation.disagreements])
    step = curation.take(curation.disagreements[0], curation.sources[0])
    curation.apply(step)
    after = (curation.layer.snapshot(), list(curation.decisions))
    curation.revert(step)
    assert (curation.layer.snapshot(), list(curation.decisions),
            [g.id for g in curation.disagreements]) == before
    curation.apply(step)
    assert (curation.layer.snapshot(), list(curation.decisions)) == after
    curation.save()
    later = Curation.open(corpus, doc_id, "Dana")
    [decision] = later.decided()
    later.apply(later.reopen(decision))
    assert later.decided() == []
    assert ("Patriot-Systeme", "weapon") not in layer_spans(later)
    assert len(later.disagreements) == 3
    later.save("Reopened")
    tree = etree.parse(str(later.path))
    names = [n.text for n in tree.iter(f"{TEI}name")]
    assert names == ["Cora", "Dana"]  # who did what stays in the header and revisions
    assert [c.get("who") for c in tree.find(f".//{TEI}revisionDesc")] == [
        "#ann-cora", "#ann-dana"]


def test_commitments_agree_through_their_references_and_bring_their_mentions(
        corpus, tmp_path, tei_all_schema):
    doc_id = new_document(corpus, tmp_path)
    for name, donor in (("Ana", "Deutschland"), ("Bo", "Deutschland"), ("Cy", "Ukraine")):
        session = corpus.open_document(doc_id, name)
        doc = session.document
        text = doc.document.text
        who = doc.annotator_for(name).id
        spans = [(text.index(w), text.index(w) + len(w), "actor") for w in (donor,)]
        edits.add_linked(doc, spans, who).apply(doc)
        whole = text.index("Deutschland bezahlt")
        edits.add(doc, [(whole, whole + len("Deutschland bezahlt zwei Patriot-Systeme"),
                         "commitment")], who).apply(doc)
        mention = next(a for a in doc.annotations if a.tag == "actor")
        commitment = next(a for a in doc.annotations if a.tag == "commitment")
        edits.set_attributes(doc, commitment.id, {"donor": mention.id,
                                                  "stage": "pledged"}).apply(doc)
        session.write(session.tei_path, name)
    curation = Curation.open(corpus, doc_id, "Cora")
    assert curation.layer.annotations.__len__() == 0  # Cy's donor differs: nothing agreed
    group, ukraine = curation.disagreements  # what overlaps the commitment; Cy's donor
    assert len(group.candidates) == 5 and len(ukraine.candidates) == 1
    curation.apply(curation.take(group, curation.sources[2]))  # Cy's: donor "Ukraine"
    commitment = next(a for a in curation.layer.annotations if a.tag == "commitment")
    donor = curation.layer.annotations.get(commitment.attribute("donor"))
    assert curation.layer.document.text[donor.start:donor.end] == "Ukraine"
    assert curation.layer.entities[donor.entity].name == "Ukraine"
    # Cy's mention came with the commitment; taking it again adds nothing twice.
    curation.apply(curation.take(ukraine, curation.sources[2]))
    assert sum(a.tag == "actor" for a in curation.layer.annotations) == 1
    curation.save()
    valid(curation.path, tei_all_schema)
    # Ana and Bo agreeing (Cy's file gone) agree on the commitment with its donor.
    (layout.document_folder(corpus.root, doc_id) / "annotations" / "cy.xml").unlink()
    layout.curated_path(corpus.root, doc_id).unlink()
    agreed = Curation.open(corpus, doc_id, "Cora")
    assert agreed.disagreements == []
    commitment = next(a for a in agreed.layer.annotations if a.tag == "commitment")
    donor = agreed.layer.annotations.get(commitment.attribute("donor"))
    assert agreed.layer.document.text[donor.start:donor.end] == "Deutschland"
    assert commitment.attribute("stage") == "pledged"


def test_bad_requests_are_clear_errors(corpus, tmp_path):
    with pytest.raises(AnnotatorError, match="no document 'nix'"):
        Curation.open(corpus, "nix", "Cora")
    doc_id = new_document(corpus, tmp_path)
    with pytest.raises(AnnotatorError,
                       match="0 annotation files; curation needs the files of at least two"):
        Curation.open(corpus, doc_id, "Cora")
    annotate(corpus, doc_id, "Ana", [("Oslo", "actor")])
    with pytest.raises(AnnotatorError, match=r"1 annotation file \(ana.xml\)"):
        Curation.open(corpus, doc_id, "Cora")
    # A broken annotator's file is named, with what is wrong with it.
    broken = layout.document_folder(corpus.root, doc_id) / "annotations" / "bo.xml"
    broken.write_text("<TEI><teiHeader>", encoding="utf-8")
    with pytest.raises(AnnotatorError) as failure:
        Curation.open(corpus, doc_id, "Cora")
    assert failure.value.problems[0].path == str(broken)


def test_a_curated_file_changed_by_hand_is_refused_with_its_reason(corpus, tmp_path):
    doc_id = two_annotators(corpus, tmp_path)
    curation = Curation.open(corpus, doc_id, "Cora")
    curation.apply(curation.take(curation.disagreements[0], curation.sources[0]))
    curation.save()
    path = curation.path
    good = path.read_bytes()
    path.write_bytes(good.replace(b'target="#a3"', b'target="#a99"'))
    with pytest.raises(ValidationError, match="names #a99, which is no annotation"):
        Curation.open(corpus, doc_id, "Cora")
    assert any("a99" in p.message for p in corpus.check())
    path.write_bytes(good.replace(b'type="take"', b'type="guess"'))
    with pytest.raises(ValidationError):
        Curation.open(corpus, doc_id, "Cora")
    path.write_bytes(good)
    assert corpus.check() == []


def test_a_second_curator_saving_meanwhile_is_not_overwritten(corpus, tmp_path):
    doc_id = two_annotators(corpus, tmp_path)
    first = Curation.open(corpus, doc_id, "Cora")
    second = Curation.open(corpus, doc_id, "Dana")
    second.save()
    theirs = first.path.read_bytes()
    first.apply(first.reject(first.disagreements[0]))
    with pytest.raises(ChangedOnDiskError):
        first.save()
    assert first.path.read_bytes() == theirs


def test_the_corpus_tables_use_the_curated_layer_once_there_is_one(corpus, tmp_path):
    doc_id = two_annotators(corpus, tmp_path)

    def rows() -> list[dict]:
        data, problems = export_table(corpus, "annotations-csv")
        assert problems == []
        return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))

    assert sorted({r["annotator"] for r in rows()}) == ["Ana", "Bo"]
    assert len(rows()) == 8
    curation = Curation.open(corpus, doc_id, "Cora")
    curation.apply(curation.take(curation.disagreements[0], curation.sources[1]))
    curation.save()
    curated = rows()
    assert {r["annotator"] for r in curated} == {"Cora"}
    assert sorted(r["text"] for r in curated) == ["Deutschland", "Oslo", "zwei Patriot-Systeme"]
    assert all(r["document"] == doc_id for r in curated)


def test_curate_on_the_command_line(corpus, tmp_path, tei_all_schema):
    doc_id = two_annotators(corpus, tmp_path)
    root = str(corpus.root)
    report = annotator("corpus", "curate", root, doc_id)
    assert report.returncode == 0, report.stderr
    assert "2 agreed (2 new), 3 disagreements open, 0 decided; nothing written" in report.stdout
    assert "Ana: Weapon “Patriot-Systeme” | Bo: Weapon “zwei Patriot-Systeme”" in report.stdout
    assert not layout.curated_path(corpus.root, doc_id).exists()
    written = annotator("corpus", "curate", root, doc_id, "--take-agreed", "--annotator", "Cora")
    assert written.returncode == 0, written.stderr
    assert "written to documents/" in written.stdout
    tree = valid(layout.curated_path(corpus.root, doc_id), tei_all_schema)
    assert [n.text for n in tree.iter(f"{TEI}name")] == ["Cora"]
    again = annotator("corpus", "curate", root, doc_id, "--take-agreed")
    assert again.returncode == 0 and "is up to date" in again.stdout
    for args, message in ((("nix",), "no document 'nix'"),
                          (("Nix!",), "is not a document id")):
        failed = annotator("corpus", "curate", root, *args, "--take-agreed")
        assert failed.returncode == 1 and message in failed.stderr, failed.stderr
        assert_no_traceback(failed)
    # Nothing agreed: no curated file (the tables would take the document from it).
    other = new_document(corpus, tmp_path, "Norwegen liefert.\n")
    annotate(corpus, other, "Ana", [("Norwegen", "actor")])
    annotate(corpus, other, "Bo", [("liefert", "commitment")])
    nothing = annotator("corpus", "curate", root, other, "--take-agreed")
    assert nothing.returncode == 0 and "nothing agreed, so no documents/" in nothing.stdout
    assert not layout.curated_path(corpus.root, other).exists()
    lonely = new_document(corpus, tmp_path, "Ein anderer Text.\n")
    failed = annotator("corpus", "curate", root, lonely)
    assert failed.returncode == 1 and "curation needs the files of at least two" in failed.stderr
    assert failed.stderr.startswith(str(corpus.root)), failed.stderr
    assert_no_traceback(failed)
    assert annotator("corpus", "curate", "--help").returncode == 0


def test_a_layer_with_nothing_in_it_but_decisions_is_valid(corpus, tmp_path, tei_all_schema):
    doc_id = new_document(corpus, tmp_path)
    annotate(corpus, doc_id, "Ana", [("Oslo", "actor")])
    annotate(corpus, doc_id, "Bo", [("Oslo", "weapon")])
    curation = Curation.open(corpus, doc_id, "Cora")
    [only] = curation.disagreements
    curation.apply(curation.reject(only))
    curation.save()
    tree = valid(curation.path, tei_all_schema)
    assert tree.find(f".//{TEI}listAnnotation/{TEI}note").get("type") == "empty"
    again = Curation.open(corpus, doc_id, "Cora")
    assert len(again.layer.annotations) == 0 and again.disagreements == []
    assert [d.kind for d in again.decided()] == ["reject"]


WORDS = ["Deutschland", "zwei Patriot-Systeme", "Patriot-Systeme", "Ukraine", "Norwegen",
         "liefert", "System", "Støre", "Oslo", "weiteres System"]


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(readings=st.lists(st.sets(st.tuples(st.sampled_from(WORDS),
                                           st.sampled_from(["actor", "weapon"])),
                                 max_size=6), min_size=2, max_size=3),
       choices=st.lists(st.integers(0, 4), max_size=12))
def test_generated_readings_merge_decide_and_merge_again(tmp_path_factory, readings, choices):
    """Whatever the annotators marked: every annotation is agreed or in exactly one
    disagreement; deciding them all leaves none; the file is valid and a new merge
    finds the same layer and no disagreement."""
    tmp = tmp_path_factory.mktemp("generated")
    corpus = Corpus.create(tmp / "corpus")
    doc_id = new_document(corpus, tmp)
    for number, reading in enumerate(readings):
        annotate(corpus, doc_id, f"Person {number}", sorted(reading))
    curation = Curation.open(corpus, doc_id, "Cora")
    agreed = {(s.file, s.fingerprint) for d in curation.agreed() for s in d.settled}
    listed = [(c.source.file, c.fingerprint) for g in curation.disagreements
              for c in g.candidates]
    every = [(c.source.file, c.fingerprint) for c in curation.candidates()]
    assert set(listed) | agreed == set(every) and not set(listed) & agreed
    assert len(listed) == len(set(listed))
    choices = iter(choices)
    while curation.disagreements:
        group = curation.disagreements[0]
        choice = next(choices, 0)
        if choice < len(curation.sources):
            curation.apply(curation.take(group, curation.sources[choice]))
        else:
            curation.apply(curation.reject(group))
    curation.save()
    assert corpus_schema().validate(etree.parse(str(curation.path)))
    again = Curation.open(corpus, doc_id, "Cora")
    assert again.disagreements == []
    assert layer_spans(again) == layer_spans(curation)


def test_an_entity_merged_across_the_corpus_later_leaves_decisions_holding(corpus, tmp_path):
    """Merging two entities of the register rewrites Ana's file (her links get the kept
    entity's id) and has Bo's read through the register: the annotations the curator
    decided on, and those all agreed on, are still settled, not new disagreements."""
    doc_id = new_document(corpus, tmp_path)
    annotate(corpus, doc_id, "Ana", [("Deutschland", "actor"), ("Norwegen", "actor"),
                                     ("Oslo", "actor")])
    annotate(corpus, doc_id, "Bo", [("Norwegen", "actor"), ("Oslo", "actor")])
    curation = Curation.open(corpus, doc_id, "Cora")
    assert layer_spans(curation) == [("Norwegen", "actor"), ("Oslo", "actor")]
    [deutschland] = curation.disagreements
    curation.apply(curation.take(deutschland, curation.sources[0]))
    curation.save()
    decided = curation.decided()
    entities = corpus.entities()
    kept = next(e for e in entities.values() if e.name == "Norwegen")
    gone = next(e for e in entities.values() if e.name == "Deutschland")
    corpus.merge_entities(kept.id, [gone.id], "Ana")
    again = Curation.open(corpus, doc_id, "Cora")
    assert again.disagreements == []
    assert again.decided() == decided
    assert again.merged.added == () and again.merged.removed == ()
    deutschland = next(a for a in again.layer.annotations
                       if again.layer.annotations.text_of(a) == "Deutschland")
    assert deutschland.entity == kept.id


def test_agreement_is_measured_on_the_annotators_files_also_after_curation(corpus, tmp_path):
    from annotator.team.agreement import corpus_agreement

    doc_id = two_annotators(corpus, tmp_path)
    before = corpus_agreement(corpus).as_json()
    curation = Curation.open(corpus, doc_id, "Cora")
    curation.apply(curation.take(curation.disagreements[0], curation.sources[1]))
    curation.save()
    assert corpus_agreement(corpus).as_json() == before
