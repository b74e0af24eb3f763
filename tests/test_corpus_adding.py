"""Annotate all tags each annotator's file without reading and writing the document
whole (``corpus.adding``): the result, read back through the normal reader, is what
the full model's way writes (each document read with every check, tagged, written
anew), on generated texts and spans, on the annotated sample with the register's
identifiers, after a merge, with a discontinuous annotation; with and without the
reader's verdict kept in the index. Bad input midway (a broken, hand-edited or
unreadable file) is reported with its file and leaves the others tagged right.
Real corpus folders, real files, no mocks."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_corpus_properties import texts

from annotator.corpus import Corpus, layout
from annotator.corpus.adding import _schema_for_additions, attribute_problem
from annotator.corpus.search import Hit
from annotator.corpus.tei_files import corpus_schema, read_annotations, read_verdict
from annotator.errors import AnnotationError
from annotator.files import digest_bytes
from annotator.model.edits import add_missing, add_range

ROOT = Path(__file__).resolve().parent.parent
ANNOTATED = ROOT / "resources" / "samples" / "patriot-de.annotated.xml"
_WHEN = re.compile(rb'when="[^"]*"')


def _hits(doc_id: str, spans: list[tuple[int, int]]) -> list[Hit]:
    return [Hit(doc_id, start, end, "", "", "") for start, end in spans]


def through_model(corpus: Corpus, hits: list[Hit], tag: str, annotator: str, query: str
                  ) -> int:
    """What annotate all did before ``corpus.adding``, one document at a time: read
    whole with every check, tagged by the same edit, written whole (``added_only``)."""
    added = 0
    by_document: dict[str, list[tuple[int, int]]] = {}
    for hit in hits:
        by_document.setdefault(hit.document, []).append((hit.start, hit.end))
    for doc_id, spans in by_document.items():
        session = corpus.open_document(doc_id, annotator)
        doc = session.document
        edit, _skipped = add_missing(doc, spans, tag, doc.annotator_for(annotator).id)
        if edit is None:
            continue
        edit.apply(doc)
        status = session.member.status if session.member is not None else "new"
        corpus.save_annotations(doc_id, doc, annotator, path=session.tei_path,
                                status="inProgress" if status == "new" else status,
                                description=f"{edit.description} (“{query}”)",
                                expected_digest=session.digest, share=False,
                                added_only=True)
        added += len(edit.after)
    return added


def read_back(root: Path, doc_id: str, name: str = "Ana") -> tuple:
    """The annotator's file as the normal reader reads it with its text (the times of
    the revisions left out: the two ways run seconds apart)."""
    corpus = Corpus.open(root)
    text_file = layout.text_path(root, doc_id)
    own = layout.annotations_path(root, doc_id, name)
    doc, status = read_annotations(text_file.read_bytes(), own.read_bytes(), str(text_file),
                                   str(own), corpus.tagset)
    snapshot = list(doc.snapshot())
    snapshot[5] = tuple((r.who, r.description) for r in doc.revisions)
    return status, tuple(snapshot)


def both_ways(folder: Path, doc_ids: list[str], spans: list[tuple[int, int]], tag: str, *,
              verdicts: bool = True, annotator: str = "Ana") -> tuple[Path, Path, int, int]:
    """Tag copies of the corpus in ``folder`` both ways; the two copies, and how many
    annotations each added."""
    fast, full = folder.parent / f"{folder.name}-fast", folder.parent / f"{folder.name}-full"
    for copy in (fast, full):
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(folder, copy)
    if not verdicts:  # an index made anew: no file is known to pass every check
        shutil.rmtree(fast / layout.CACHE)
    hits = [hit for doc_id in doc_ids for hit in _hits(doc_id, spans)]
    report = Corpus.open(fast).tag_all("Q", tag, annotator, hits=hits)
    try:
        added = through_model(Corpus.open(full), hits, tag, annotator, "Q")
    except AnnotationError as refused:  # (by the edit itself: no name to link, ...)
        assert [p.message for p in report.failed] == [refused.message]
        for doc_id in doc_ids:  # nothing written
            own = layout.annotations_path(fast, doc_id, annotator)
            was = layout.annotations_path(folder, doc_id, annotator)
            assert (own.read_bytes() if own.exists() else None) == (
                was.read_bytes() if was.exists() else None)
        raise
    assert not report.failed, report.failed
    return fast, full, report.added, added


def assert_same(fast: Path, full: Path, doc_ids: list[str], annotator: str = "Ana") -> None:
    for doc_id in doc_ids:
        # (Nothing added to a document the annotator has no file of: neither way makes one.)
        exists = [layout.annotations_path(copy, doc_id, annotator).exists()
                  for copy in (fast, full)]
        assert exists[0] == exists[1], (doc_id, exists)
        if not exists[0]:
            continue
        assert read_back(fast, doc_id, annotator) == read_back(full, doc_id, annotator)
        own_fast = layout.annotations_path(fast, doc_id, annotator).read_bytes()
        own_full = layout.annotations_path(full, doc_id, annotator).read_bytes()
        # Each file was last written by Annotator's writer: the same bytes, but for the
        # time of the new revision.
        assert _WHEN.sub(b"", own_fast) == _WHEN.sub(b"", own_full)


# -- the two ways agree ---------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
# A hit on the line break between paragraphs, in a document the annotator has no file of.
@example(text="000\r\n0", before=[], picks=[(163, 1)], tag="actor", verdicts=False,
         saved=False)
@given(text=texts,
       before=st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 12),
                                 st.sampled_from(["actor", "weapon", "commitment"])),
                       max_size=4),
       picks=st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 12)), min_size=1,
                      max_size=5),
       tag=st.sampled_from(["actor", "weapon", "commitment"]), verdicts=st.booleans(),
       saved=st.booleans())
def test_annotate_all_reads_back_as_the_full_model_writes_it(text, before, picks, tag,
                                                            verdicts, saved):
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        (root / "a.txt").write_text(text, encoding="utf-8", newline="")
        corpus = Corpus.create(root / "corpus")
        [(_path, doc_id)] = corpus.add([root / "a.txt"], "Ana").added
        session = corpus.open_document(doc_id, "Ana")
        doc = session.document
        length = len(doc.document.text)
        for start, size, earlier_tag in before:  # annotations saved earlier (or none)
            try:
                edit, _ = add_missing(doc, [(start % length, start % length + size)],
                                      earlier_tag, doc.annotator_for("Ana").id)
            except AnnotationError:
                continue
            if edit is not None:
                edit.apply(doc)
        if saved:  # (with nothing annotated, too; else the annotator has no file yet)
            session.write(session.tei_path, "Ana")
        spans = [(s % length, s % length + n) for s, n in picks]
        try:
            fast, full, added_fast, added_full = both_ways(root / "corpus", [doc_id], spans,
                                                           tag, verdicts=verdicts)
        except AnnotationError:  # refused by the edit itself (nothing to link a name to)
            return
        assert added_fast == added_full
        assert_same(fast, full, [doc_id])


@pytest.fixture
def sample_corpus(tmp_path: Path) -> tuple[Path, str]:
    corpus = Corpus.create(tmp_path / "corpus")
    shutil.copy(ANNOTATED, tmp_path / "patriot.xml")
    [(_path, doc_id)] = corpus.add([tmp_path / "patriot.xml"], "Ana").added
    return tmp_path / "corpus", doc_id


@pytest.mark.parametrize("tag", ["actor", "weapon", "commitment"])
@pytest.mark.parametrize("verdicts", [True, False])
def test_the_annotated_sample_with_the_registers_identifiers(sample_corpus, tag, verdicts):
    root, doc_id = sample_corpus
    assert any(e.identifiers for e in Corpus.open(root).entities().values())
    spans = [(h.start, h.end) for h in Corpus.open(root).search("Ukraine")]
    spans += [(h.start, h.end) for h in Corpus.open(root).search("Norwegen")]
    fast, full, added_fast, added_full = both_ways(root, [doc_id], spans, tag,
                                                   verdicts=verdicts)
    assert added_fast == added_full > 0
    assert_same(fast, full, [doc_id])
    # The register has every entity of the file (those annotate all made too).
    assert {e.id for e in read_back(fast, doc_id)[1][7]} <= set(Corpus.open(fast).entities())


def test_a_new_annotator_of_a_file_gets_a_resp_stmt(sample_corpus):
    """A file named by the annotator's id whose header names them otherwise (a name
    changed since): the tagging annotator enters its header, as a save does."""
    root, doc_id = sample_corpus
    spans = [(h.start, h.end) for h in Corpus.open(root).search("Ukraine")]
    fast = root.parent / "renamed"
    shutil.copytree(root, fast)
    report = Corpus.open(fast).tag_all("Ukraine", "weapon", "Ana Lima", hits=_hits(doc_id, spans),
                                       file_id="ana")
    assert report.added and not report.failed
    status, snapshot = read_back(fast, doc_id)
    assert status == "inProgress"
    names = {a.name for a in snapshot[4]}
    assert {"Ana", "Ana Lima"} <= names


def test_after_a_merge_in_the_register(sample_corpus):
    """Entities the register merged since the file was written: the file is written
    anew through the full model (the merge reaches it), the same both ways."""
    root, doc_id = sample_corpus
    corpus = Corpus.open(root)
    register = corpus.entities()
    places = sorted(e.id for e in register.values() if e.kind == "place")
    assert len(places) >= 2
    # Bo merges two places: Ana's file still names the merged one.
    corpus.merge_entities(places[0], [places[1]], "Bo")
    spans = [(h.start, h.end) for h in corpus.search("Ukraine")]
    fast, full, added_fast, added_full = both_ways(root, [doc_id], spans, "weapon")
    assert added_fast == added_full > 0
    assert_same(fast, full, [doc_id])
    assert places[1] not in {e.id for e in read_back(fast, doc_id)[1][7]}


def test_a_discontinuous_annotation_in_the_file(sample_corpus):
    root, doc_id = sample_corpus
    corpus = Corpus.open(root)
    session = corpus.open_document(doc_id, "Ana")
    doc = session.document
    first = next(iter(doc.annotations))
    later = next(h for h in corpus.search("Ukraine") if h.start > first.end + 5)
    add_range(doc, first.id, later.start, later.end).apply(doc)
    session.write(session.tei_path, "Ana")
    spans = [(h.start, h.end) for h in corpus.search("Norwegen")]
    for verdicts in (True, False):
        fast, full, added_fast, added_full = both_ways(root, [doc_id], spans, "weapon",
                                                       verdicts=verdicts)
        assert added_fast == added_full > 0
        assert_same(fast, full, [doc_id])


GOOD_TARGET = "../text.xml#string-range(p1,0,3)"
LEFT_OUT = {
    "target": [GOOD_TARGET, f"  {GOOD_TARGET}\t{GOOD_TARGET}\n",
               f"{GOOD_TARGET} ../text.xml#string-range(p_2.a-b,12,1)", "", " ",
               "../text.xml#string-range(pä,0,3)", "../text.xml#string-range(p1,01,3)",
               "../text.xml#string-range(p1,0,0)", f"{GOOD_TARGET}\u00a0{GOOD_TARGET}",
               "../text.xml#string-range(1p,0,3)", f"{GOOD_TARGET}x",
               "../text.xml#string-range(p1,0,3", "../text.xml#string-range(p1,-1,3)",
               "../text.xml#string-range(p1,0,٣)", "../text.xml#string-range(p1,0,３)"],
    "ana": ["#cat-actor", "#cat-a-b_9", "#cat-actor #fs-a1", " #cat-actor", "#cat-actor ",
            "#cat-actor  #fs-a1", "#cat-9", "#cat-", "#actor", "#cat-äctor", "",
            "#cat-actor\t#fs-a1", "#cat-actor #9"],
    "resp": ["#ann-ana", " #ann-ana\n", "#ann ana", "ann-ana", "#9", "#", "#ann-änä", "",
             "#ann-ana\u00a0"],
}


@pytest.mark.parametrize("name", sorted(LEFT_OUT))
def test_the_checks_of_a_new_annotation_are_the_schemas(tmp_path, name):
    """The patterns ``corpus.rng`` gives an annotation's target, ana and resp, checked
    in Python for the new annotations, take exactly what the schema takes of values
    of the form annotate all makes (pointers into ../text.xml), and nothing the
    schema refuses. (The schema takes pointers into text.xml too, in a file that is
    then a curated layer.)"""
    sample = tmp_path / "corpus"
    corpus = Corpus.create(sample)
    (tmp_path / "a.txt").write_text("Die Ukraine erhält Hilfe.\n", encoding="utf-8")
    [(_p, doc_id)] = corpus.add([tmp_path / "a.txt"], "Ana").added
    corpus.tag_all("Ukraine", "actor", "Ana")
    tree = etree.parse(str(layout.annotations_path(sample, doc_id, "Ana")))
    annotation = tree.getroot().find(".//{http://www.tei-c.org/ns/1.0}annotation")
    values = [*LEFT_OUT[name], "#string-range(p1,0,3)", "text.xml#string-range(p1,0,3)"]
    for value in values:
        annotation.set(name, value)
        assert _schema_for_additions().validate(tree)
        takes = attribute_problem(name, value) is None
        if name != "target" or value.strip().startswith("../text.xml#") or not value.strip():
            assert takes == corpus_schema().validate(tree), value
        else:
            assert not takes, value


# -- the index keeps the verdicts --------------------------------------------------------------
def test_files_written_or_read_in_full_have_their_verdict(sample_corpus):
    root, doc_id = sample_corpus
    corpus = Corpus.open(root)
    corpus.refresh()
    relative = layout.annotations_path(root, doc_id, "Ana").relative_to(root).as_posix()
    text = layout.text_path(root, doc_id).read_bytes()

    def verdict_holds() -> bool:
        own = (root / relative).read_bytes()
        return corpus.index.checked().get(relative) == read_verdict(digest_bytes(text),
                                                                    digest_bytes(own))

    session = corpus.open_document(doc_id, "Ana")  # a save from the window
    session.write(session.tei_path, "Ana")
    assert verdict_holds()
    corpus.tag_all("Norwegen", "weapon", "Ana")  # annotate all
    assert verdict_holds()
    (root / layout.CACHE / layout.INDEX_FILE).unlink()  # an index made anew: none
    corpus.refresh()
    assert not verdict_holds()
    from annotator.corpus.tables import export_table

    export_table(corpus, "annotations-csv")  # an export reads every file with its checks
    assert verdict_holds()


# -- bad input ---------------------------------------------------------------------------------
@pytest.fixture
def three(tmp_path: Path) -> tuple[Corpus, list[str]]:
    corpus = Corpus.create(tmp_path / "corpus")
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(3):
        (folder / f"b{number}.txt").write_text(
            f"Bericht {number}\n\nDeutschland liefert der Ukraine Hilfe; die Ukraine dankt.\n",
            encoding="utf-8")
    doc_ids = sorted(doc_id for _p, doc_id in corpus.add([folder], "Ana").added)
    corpus.tag_all("Deutschland", "actor", "Ana")  # files, with verdicts
    return corpus, doc_ids


def _others_tagged(corpus: Corpus, doc_ids: list[str], bad: str) -> None:
    for doc_id in doc_ids:
        if doc_id == bad:
            continue
        doc = corpus.open_document(doc_id, "Ana").document
        assert sum(a.tag == "weapon" for a in doc.annotations) == 2


@pytest.mark.parametrize("damage", ["broken XML", "not the schema", "a dangling link",
                                    "a folder"])
def test_a_bad_file_midway_is_reported_and_the_others_are_tagged(three, damage):
    corpus, doc_ids = three
    bad = doc_ids[1]
    own = layout.annotations_path(corpus.root, bad, "Ana")
    data = own.read_bytes()
    if damage == "broken XML":
        own.write_bytes(data.replace(b"</standOff>", b"</standOf>"))
    elif damage == "not the schema":
        own.write_bytes(data.replace(b"<listAnnotation>", b"<listAnnotation><wrong/>"))
    elif damage == "a dangling link":  # valid for corpus.rng; the reader refuses it
        own.write_bytes(re.sub(rb'<ref target="#[^"]*"', b'<ref target="#place-nirgendwo"',
                               data, count=1))
    else:
        own.unlink()
        own.mkdir()
    before = own.read_bytes() if own.is_file() else None
    report = corpus.tag_all("Ukraine", "weapon", "Ana")
    assert [p.path for p in report.failed] and all(str(own) == p.path or str(own) in p.path
                                                   for p in report.failed)
    assert report.failed[0].message
    assert sorted(report.documents) == [doc_ids[0], doc_ids[2]]
    assert report.added == 4
    if before is not None:
        assert own.read_bytes() == before  # left as it was
    _others_tagged(corpus, doc_ids, bad)


def test_a_text_edited_by_hand_after_the_search_is_refused_with_a_message(three):
    """Hits found before a document's text.xml was changed by hand (a paragraph id no
    pointer may name): that document is refused with the file and the reason, nothing
    of it written; the others are tagged."""
    corpus, doc_ids = three
    hits = corpus.search("Ukraine")
    bad = doc_ids[2]
    text_file = layout.text_path(corpus.root, bad)
    text_file.write_bytes(text_file.read_bytes().replace(b'xml:id="p2"', b'xml:id="p\xc3\xa42"'))
    own = layout.annotations_path(corpus.root, bad, "Ana")
    before = own.read_bytes()
    report = corpus.tag_all("Ukraine", "weapon", "Ana", hits=hits)
    assert report.failed
    assert {p.path for p in report.failed} == {str(text_file)}
    assert report.failed[0].message and report.failed[0].line
    assert own.read_bytes() == before
    assert sorted(report.documents) == doc_ids[:2]
    _others_tagged(corpus, doc_ids, bad)


def test_a_new_id_the_header_uses_already_is_refused(three):
    """A file whose annotator's respStmt was given, by hand, the id the next annotation
    would get: the model does not see header ids; the file made would use the id twice,
    which the check of its bytes refuses. Reported, nothing written, the others tagged."""
    corpus, doc_ids = three
    bad = doc_ids[0]
    own = layout.annotations_path(corpus.root, bad, "Ana")
    data = own.read_bytes()
    assert b'xml:id="a1"' in data and b'xml:id="a2"' not in data
    own.write_bytes(data.replace(b'xml:id="ann-ana"', b'xml:id="a2"').replace(b'"#ann-ana"',
                                                                              b'"#a2"'))
    before = own.read_bytes()
    report = corpus.tag_all("Ukraine", "weapon", "Ana")
    assert {p.path for p in report.failed} == {str(own)}
    assert "a2" in report.failed[0].message
    assert own.read_bytes() == before
    assert sorted(report.documents) == doc_ids[1:]
    _others_tagged(corpus, doc_ids, bad)


def test_cancel_stops_between_documents_and_writes_those_done(three):
    """Cancel during annotate all: the documents done before are written (the batch
    begun is committed) and known to the index with their verdicts; the rest are as
    they were."""
    from annotator.progress import Cancelled, Progress

    corpus, doc_ids = three
    last = layout.annotations_path(corpus.root, doc_ids[2], "Ana")
    before = last.read_bytes()

    class CancelAtTheThird(Progress):
        seen = 0

        def step(self, label: str, fraction: float | None = None) -> None:
            if label.startswith("Annotating"):
                self.seen += 1
                if self.seen == 3:
                    self.cancel()
            super().step(label, fraction)

    with pytest.raises(Cancelled):
        corpus.tag_all("Ukraine", "weapon", "Ana", progress=CancelAtTheThird())
    assert last.read_bytes() == before
    verdicts = corpus.index.checked()
    for doc_id in doc_ids[:2]:
        doc = corpus.open_document(doc_id, "Ana").document
        assert sum(a.tag == "weapon" for a in doc.annotations) == 2
        own = layout.annotations_path(corpus.root, doc_id, "Ana")
        text = layout.text_path(corpus.root, doc_id).read_bytes()
        assert verdicts[own.relative_to(corpus.root).as_posix()] == read_verdict(
            digest_bytes(text), digest_bytes(own.read_bytes()))
    assert corpus.refresh().read == 0  # (the index knows the files written)


@pytest.mark.parametrize("tag", ["actor", "weapon"])
def test_an_annotator_without_a_file_yet(sample_corpus, tag):
    """Bo has no file of the document: it is made from the corpus's empty annotation
    file, the same as the native writer makes it (the register's entities, with their
    identifiers, linked to)."""
    root, doc_id = sample_corpus
    assert not layout.annotations_path(root, doc_id, "Bo").exists()
    spans = [(h.start, h.end) for h in Corpus.open(root).search("Ukraine")]
    spans += [(h.start, h.end) for h in Corpus.open(root).search("Deutschland")]
    fast, full, added_fast, added_full = both_ways(root, [doc_id], spans, tag, annotator="Bo")
    assert added_fast == added_full > 0
    assert_same(fast, full, [doc_id], "Bo")
    status, snapshot = read_back(fast, doc_id, "Bo")
    assert status == "inProgress"
    assert any(e.identifiers for e in snapshot[7]) == (tag == "actor")  # (places, orgs)
    # Its verdict is kept: the next annotate all reads it the light way.
    corpus = Corpus.open(fast)
    own = layout.annotations_path(fast, doc_id, "Bo")
    text = layout.text_path(fast, doc_id).read_bytes()
    assert corpus.index.checked()[own.relative_to(fast).as_posix()] == read_verdict(
        digest_bytes(text), digest_bytes(own.read_bytes()))
