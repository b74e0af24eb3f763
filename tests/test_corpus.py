"""The corpus (annotator/corpus): its files, import, opening and saving a document,
the index and search, annotate all occurrences, tables, check. Real files, real
lxml validation (tei_all too), no mocks."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from lxml import etree

from annotator.corpus import Corpus, DocumentInfo, layout
from annotator.corpus.search import parse_query
from annotator.corpus.tables import corpus_rows, export_table
from annotator.corpus.tei_files import corpus_schema
from annotator.errors import AnnotatorError, ChangedOnDiskError, ReadError
from annotator.model import edits
from annotator.progress import Progress
from annotator.tei.validation import validate_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
ANNOTATED = SAMPLES / "patriot-de.annotated.xml"
ARTICLE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Deutschland zahlt | Tagesblatt</title>
<meta property="og:site_name" content="Tagesblatt">
<meta property="og:title" content="Deutschland zahlt zwei Patriot-Systeme">
<meta name="author" content="Anna Schmidt">
<meta property="article:published_time" content="2025-07-10T08:00:00+02:00">
<link rel="canonical" href="https://tagesblatt.example/politik/patriot">
</head><body><nav>Start Politik Wirtschaft</nav><article>
<h1>Deutschland zahlt zwei Patriot-Systeme</h1>
<p>Berlin. Deutschland wird für zwei Patriot-Systeme für die Ukraine aufkommen, sagte
Verteidigungsminister Boris Pistorius am Donnerstag in Washington.</p>
<p>Norwegen liefert ein weiteres System. Die USA verkaufen Waffen an NATO-Mitglieder,
die diese an die Ukraine weitergeben.</p>
<p>Der Ukraine-Krieg dauert an; die Luftverteidigung der Ukraines Städte bleibt schwach.</p>
</article><footer>Impressum</footer></body></html>
"""
TEXT = "Die Ukraine erhält Patriot-Raketen.\n\nDer Ukraine-Krieg geht weiter; Ukraines Städte.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return Corpus.create(tmp_path / "corpus", "Waffenlieferungen")


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bericht.txt").write_text(TEXT, encoding="utf-8")
    (folder / "artikel.html").write_text(ARTICLE, encoding="utf-8")
    shutil.copy(ANNOTATED, folder / "patriot.xml")
    return folder


def every_file(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.xml") if layout.CACHE not in p.parts)


def test_a_new_corpus_has_its_file_its_documents_folder_and_an_ignored_cache(corpus):
    assert (corpus.root / "corpus.xml").is_file()
    assert (corpus.root / "documents").is_dir()
    assert (corpus.root / ".annotator-cache" / ".gitignore").read_text() == "*\n"
    ignored = (corpus.root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {".annotator-cache/", "*.annotator-lock", "documents/.adding-*"} <= set(ignored)
    again = Corpus.open(corpus.root)
    assert again.title == "Waffenlieferungen"
    assert [t.id for t in again.tagset] == ["actor", "weapon", "commitment"]
    assert validate_bytes((corpus.root / "corpus.xml").read_bytes(), "corpus.xml") == []


def test_a_corpus_is_made_only_in_a_new_or_empty_folder(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("x")
    with pytest.raises(AnnotatorError, match="files in it"):
        Corpus.create(tmp_path / "full")
    Corpus.create(tmp_path / "c")
    with pytest.raises(AnnotatorError, match="a corpus already"):
        Corpus.create(tmp_path / "c")
    with pytest.raises(ReadError, match="not a corpus"):
        Corpus.open(tmp_path / "full")


def test_import_of_text_tei_and_html(corpus, sources, tei_all_schema):
    report = corpus.add([sources], "Ana")
    assert report.failed == [] and report.duplicates == []
    ids = {Path(path).name: doc_id for path, doc_id in report.added}
    assert set(ids) == {"bericht.txt", "artikel.html", "patriot.xml"}
    html = corpus.info(ids["artikel.html"])
    assert (html.title, html.outlet, html.date, html.author, html.url, html.language) == (
        "Deutschland zahlt zwei Patriot-Systeme", "Tagesblatt", "2025-07-10", "Anna Schmidt",
        "https://tagesblatt.example/politik/patriot", "de")
    # The TEI file is kept as it was beside the base; its annotations are Ana's now.
    folder = corpus.root / "documents" / ids["patriot.xml"]
    assert (folder / "original.xml").read_bytes() == ANNOTATED.read_bytes()
    assert (folder / "annotations" / "ana.xml").is_file()
    schema = corpus_schema()
    for path in every_file(corpus.root):
        tree = etree.parse(str(path))
        assert tei_all_schema.validate(tree), (path, tei_all_schema.error_log)
        if path.name == "corpus.xml":
            assert validate_bytes(path.read_bytes(), str(path)) == []
        elif path.name != "original.xml":
            assert schema.validate(tree), (path, schema.error_log)
    assert corpus.check() == []


def test_every_path_inside_the_corpus_is_relative(corpus, sources):
    corpus.add([sources], "Ana")
    for path in every_file(corpus.root):
        data = path.read_bytes()
        assert str(corpus.root).encode() not in data
        assert str(sources).encode() not in data


def test_duplicates_are_recognised_in_the_corpus_and_in_one_batch(corpus, tmp_path):
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(TEXT, encoding="utf-8")
    two.write_text(TEXT, encoding="utf-8")
    report = corpus.add([one, two])
    assert len(report.added) == 1
    assert report.duplicates == [(str(two), report.added[0][1])]
    again = corpus.add([one])
    assert again.added == [] and again.duplicates == [(str(one), report.added[0][1])]


HOSTILE = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&lol2;</p></body></text></TEI>"""


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary"),
    ("broken.xml", b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", "not well-formed"),
    ("hostile.xml", HOSTILE, "DOCTYPE"),
    ("front-page.html", b"<html><body><nav><a href='/'>Start</a></nav></body></html>",
     "without an article"),
    ("empty.txt", b"", "empty"),
    ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("not-tei.xml", b"<html><p>x</p></html>", ""),
])
def test_a_bad_file_is_reported_and_skipped_and_the_rest_imports(corpus, tmp_path, name, data,
                                                                  reason):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    report = corpus.add([folder])
    assert [Path(p).name for p, _ in report.added] == ["good.txt"]
    assert len(report.failed) == 1 and report.failed[0].path == str(folder / name)
    assert reason.lower() in report.failed[0].message.lower()
    assert corpus.document_ids() == [report.added[0][1]]
    assert corpus.check() == []


def test_a_missing_path_is_reported(corpus, tmp_path):
    report = corpus.add([tmp_path / "nothing-here"])
    assert report.added == [] and "no such file" in report.failed[0].message


def test_cancel_stops_between_files_keeping_those_imported(corpus, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.txt").write_text(f"Bericht Nummer {n}: Deutschland liefert.",
                                         encoding="utf-8")

    class CancelAfterTwo(Progress):
        def step(self, label, fraction=None):
            if label.startswith("Importing 2.txt"):
                self.cancel()
            super().step(label, fraction)

    report = corpus.add([folder], progress=CancelAfterTwo())
    assert report.cancelled and len(report.added) == 2
    assert len(corpus.document_ids()) == 2
    assert not [p for p in (corpus.root / "documents").iterdir() if p.name.startswith(".")]


# -- opening and saving ---------------------------------------------------------------------
def imported(corpus: Corpus, tmp_path: Path, text: str = TEXT, name: str = "a.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = corpus.add([path])
    assert report.failed == [], report.failed
    return report.added[0][1]


def test_saving_writes_only_the_annotators_file_and_the_text_stays_byte_for_byte(
        corpus, tmp_path, tei_all_schema):
    doc_id = imported(corpus, tmp_path)
    text_file = layout.text_path(corpus.root, doc_id)
    base = text_file.read_bytes()
    session = corpus.open_document(doc_id, "Ana")
    doc = session.document
    start = doc.document.text.index("Ukraine")
    edits.add_linked(doc, [(start, start + 7, "actor")], doc.annotator_for("Ana").id).apply(doc)
    result = session.write(session.tei_path, "Ana")
    session.saved_to(session.tei_path, result.digest)
    own = corpus.root / "documents" / doc_id / "annotations" / "ana.xml"
    assert session.tei_path == own and own.is_file()
    assert text_file.read_bytes() == base
    tree = etree.parse(str(own))
    assert tei_all_schema.validate(tree), tei_all_schema.error_log
    targets = [a.get("target") for a in tree.iter("{http://www.tei-c.org/ns/1.0}annotation")]
    assert targets == ["../text.xml#string-range(p1,4,7)"]
    # Bo sees the text without Ana's work, and his save leaves her file alone.
    ana_bytes = own.read_bytes()
    bo = corpus.open_document(doc_id, "Bo")
    assert len(bo.document.annotations) == 0
    bo.write(bo.tei_path, "Bo")
    assert own.read_bytes() == ana_bytes
    reopened = corpus.open_document(doc_id, "Ana")
    [ann] = reopened.document.annotations
    assert reopened.document.document.text[ann.start:ann.end] == "Ukraine"
    assert reopened.document.entities[ann.entity].name == "Ukraine"
    assert "place-ukraine" in corpus.entities()


def test_a_save_refuses_to_replace_a_file_changed_since_it_was_opened(corpus, tmp_path):
    doc_id = imported(corpus, tmp_path)
    first = corpus.open_document(doc_id, "Ana")
    first.saved_to(first.tei_path, first.write(first.tei_path, "Ana").digest)
    second = corpus.open_document(doc_id, "Ana")
    second.saved_to(second.tei_path, second.write(second.tei_path, "Ana").digest)
    before = first.tei_path.read_bytes()
    revisions = len(first.document.revisions)
    with pytest.raises(ChangedOnDiskError):
        first.write(first.tei_path, "Ana")
    assert first.tei_path.read_bytes() == before
    assert len(first.document.revisions) == revisions


def test_metadata_edits_rewrite_the_header_only(corpus, tmp_path):
    doc_id = imported(corpus, tmp_path)
    path = layout.text_path(corpus.root, doc_id)
    before = path.read_bytes()
    body = before[before.index(b"</teiHeader>"):]
    info = corpus.info(doc_id).edited(title="Neu & <anders>", outlet="Der Spiegel",
                                      date="2025-07-10", url="https://example.org/a?b=1&c=2",
                                      author="Ana", language="de")
    corpus.set_info(info)
    after = path.read_bytes()
    assert after[after.index(b"</teiHeader>"):] == body
    assert corpus.info(doc_id) == info
    listed = {e.info.id: e for e in corpus.documents()[0]}
    assert listed[doc_id].info.outlet == "Der Spiegel"
    with pytest.raises(AnnotatorError):
        corpus.set_info(info.edited(language="not a language!"))
    assert path.read_bytes() == after


def test_status_lives_in_the_annotators_file(corpus, tmp_path, tei_all_schema):
    doc_id = imported(corpus, tmp_path)
    assert corpus.documents()[0][0].status == "new"
    corpus.set_status(doc_id, "Ana", "done")
    # Nothing annotated: still a valid TEI file (a note where the annotations would be).
    own = etree.parse(str(layout.annotations_path(corpus.root, doc_id, "Ana")))
    assert tei_all_schema.validate(own), tei_all_schema.error_log
    assert corpus_schema().validate(own), corpus_schema().error_log
    assert corpus.open_document(doc_id, "Ana").member.status == "done"
    [entry] = corpus.documents()[0]
    assert entry.status == "done" and entry.statuses == {"ana": "done"}
    with pytest.raises(AnnotatorError):
        corpus.set_status(doc_id, "Ana", "finished")


# -- index and search -------------------------------------------------------------------------
def test_search_whole_words_case_insensitive_phrases_and_prefixes(corpus, tmp_path):
    doc_id = imported(corpus, tmp_path)
    text = corpus.open_document(doc_id, "Ana").document.document.text
    hits = corpus.search("ukraine")
    assert [h.text for h in hits] == ["Ukraine", "Ukraine"]  # not "Ukraines"
    assert all(text[h.start:h.end] == h.text for h in hits)
    assert "[Ukraine]-Krieg" in hits[1].context
    assert [h.text for h in corpus.search("Patriot*")] == ["Patriot"]
    assert [h.text for h in corpus.search('"ukraine krieg"')] == ["Ukraine-Krieg"]
    assert corpus.search("Ukrain") == []
    assert [h.text for h in corpus.search("Ukrain*")] == ["Ukraine", "Ukraine", "Ukraines"]
    with pytest.raises(AnnotatorError, match="no word"):
        corpus.search('" * "')


def test_a_match_inside_a_word_does_not_hide_the_next_one():
    from annotator.corpus.search import hits_in

    assert [(h.start, h.end) for h in hits_in("d", "ba a a", parse_query("a a"))] == [(3, 6)]
    # An underscore separates words, as in the index's tokenizer.
    assert [h.start for h in hits_in("d", "xUkraine Ukraine_ ukraine", parse_query("Ukraine"))
            ] == [9, 18]


def test_query_parsing():
    query = parse_query('"Patriot* Systeme"')
    assert query.words == ("Patriot", "Systeme") and query.prefix == (True, False)
    assert query.fts() == '"Patriot"* AND "Systeme"'


def test_the_index_follows_the_files_and_is_rebuilt_when_missing_or_broken(corpus, tmp_path):
    doc_id = imported(corpus, tmp_path)
    assert len(corpus.search("Ukraine")) == 2
    shutil.rmtree(corpus.root / ".annotator-cache")
    assert len(corpus.search("Ukraine")) == 2
    (corpus.root / ".annotator-cache" / "index.sqlite").write_bytes(b"not a database" * 100)
    assert len(corpus.search("Ukraine")) == 2
    shutil.rmtree(corpus.root / "documents" / doc_id)  # deleted by hand
    assert corpus.search("Ukraine") == []
    assert corpus.documents()[0] == []


def test_a_saved_document_is_current_in_the_index_at_once(corpus, tmp_path):
    doc_id = imported(corpus, tmp_path)
    corpus.documents()
    session = corpus.open_document(doc_id, "Ana")
    doc = session.document
    edits.add(doc, [(4, 11, "actor")]).apply(doc)
    session.write(session.tei_path, "Ana")
    listed = corpus.index.documents()  # no refresh
    assert listed[0].counts == {"actor": 1}
    assert corpus.refresh().read == 0  # nothing left to read


def test_a_broken_file_is_reported_and_the_rest_opens(corpus, tmp_path):
    good = imported(corpus, tmp_path)
    bad = imported(corpus, tmp_path, "Ein anderer Bericht über Norwegen.", "b.txt")
    layout.text_path(corpus.root, bad).write_bytes(b"<TEI><broken")
    (corpus.root / "documents" / "stray-folder").mkdir()
    listed, refreshed = corpus.documents()
    assert [e.info.id for e in listed] == [good]
    assert [p.path for p in refreshed.problems] == [str(layout.text_path(corpus.root, bad))]
    problems = corpus.check()
    assert {Path(p.path).name for p in problems} == {"text.xml", "stray-folder"}
    assert all(p.line is not None for p in problems if Path(p.path).name == "text.xml")


def test_an_annotation_file_pointing_past_the_text_is_a_problem(corpus, tmp_path):
    doc_id = imported(corpus, tmp_path)
    session = corpus.open_document(doc_id, "Ana")
    doc = session.document
    edits.add(doc, [(4, 11, "actor")]).apply(doc)
    session.write(session.tei_path, "Ana")
    own = session.tei_path
    own.write_bytes(own.read_bytes().replace(b"string-range(p1,4,7)", b"string-range(p1,4,700)"))
    problems = corpus.check()
    assert len(problems) == 1 and problems[0].path == str(own)
    assert "past the end" in problems[0].message
    with pytest.raises(AnnotatorError):
        corpus.open_document(doc_id, "Ana")


# -- annotate all ---------------------------------------------------------------------------
def test_annotate_all_occurrences_across_the_corpus_skipping_those_done(corpus, tmp_path):
    first = imported(corpus, tmp_path)
    second = imported(corpus, tmp_path, "Die Ukraine und die USA.", "b.txt")
    report = corpus.tag_all("Ukraine", "actor", "Ana")
    assert (report.added, report.skipped, sorted(report.documents)) == (3, 0,
                                                                         sorted([first, second]))
    again = corpus.tag_all("Ukraine", "actor", "Ana")
    assert (again.added, again.skipped) == (0, 3)
    doc = corpus.open_document(first, "Ana").document
    assert [doc.document.text[a.start:a.end] for a in doc.annotations] == ["Ukraine", "Ukraine"]
    # Both mentions name one entity, in both documents.
    entity = {a.entity for a in doc.annotations}
    assert entity == {a.entity for a in corpus.open_document(second, "Ana").document.annotations}
    assert corpus.tag_all("Ukraine", "actor", "Ana", doc_id=second).added == 0
    with pytest.raises(AnnotatorError, match="no tag"):
        corpus.tag_all("Ukraine", "nonsense", "Ana")


def test_annotate_all_in_one_document_is_one_undoable_edit(corpus, tmp_path):
    doc_id = imported(corpus, tmp_path)
    session = corpus.open_document(doc_id, "Ana")
    doc = session.document
    edits.add(doc, [(4, 11, "actor")]).apply(doc)
    hits = corpus.search("Ukraine", doc_id)
    edit, skipped = edits.add_missing(doc, [(h.start, h.end) for h in hits], "actor")
    assert skipped == 1 and len(edit.after) == 1
    before = doc.snapshot()
    edit.apply(doc)
    assert len(doc.annotations) == 2
    edit.revert(doc)
    assert doc.snapshot() == before


# -- tables ---------------------------------------------------------------------------------
def test_corpus_tables_lead_each_row_with_the_document(corpus, sources):
    report = corpus.add([sources], "Ana")
    ids = {Path(path).name: doc_id for path, doc_id in report.added}
    corpus.tag_all("Ukraine", "actor", "Ana")
    columns, rows, problems = corpus_rows(corpus, "annotations")
    assert problems == []
    assert columns[:5] == ["document", "title", "outlet", "published", "url"]
    html_rows = [r for r in rows if r["document"] == ids["artikel.html"]]
    assert html_rows and all(r["outlet"] == "Tagesblatt" and r["published"] == "2025-07-10"
                             for r in html_rows)
    texts = {d: corpus.open_document(d, "Ana").document.document.text for d in ids.values()}
    assert all(texts[r["document"]][r["start"]:r["end"]] == r["text"] for r in rows)
    data, _ = export_table(corpus, "commitments-csv")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert len(table) == 5 and {r["document"] for r in table} == {ids["patriot.xml"]}
    assert {r["date"] for r in table} >= {"2025-07-14"}  # the commitment's own date
    lines = export_table(corpus, "entities-jsonl")[0].decode("utf-8").splitlines()
    assert any(json.loads(line)["name"] == "Ukraine" for line in lines)
    columns, deals, _ = corpus_rows(corpus, "deals")
    assert deals and all(d["documents"] == ids["patriot.xml"] for d in deals)


def test_the_corpus_survives_being_moved(corpus, sources, tmp_path):
    corpus.add([sources], "Ana")
    corpus.tag_all("Ukraine", "actor", "Ana")
    hits = corpus.search("Ukraine")
    rows = corpus_rows(corpus, "annotations")[1]
    moved = tmp_path / "elsewhere" / "moved"
    moved.parent.mkdir()
    shutil.copytree(corpus.root, moved, ignore=shutil.ignore_patterns(".annotator-cache"))
    again = Corpus.open(moved)
    assert again.check() == []
    assert again.search("Ukraine") == hits
    assert corpus_rows(again, "annotations")[1] == rows


def test_document_info_round_trips_odd_values(corpus, tmp_path):
    doc_id = imported(corpus, tmp_path)
    info = DocumentInfo(doc_id, title="𝔗itel\u00a0mit „Zeichen“", author="", outlet="taz",
                        date="10. Juli 2025", url="", language="", imported="a.txt")
    corpus.set_info(info)
    assert corpus.info(doc_id) == info
    assert corpus.check() == []


def test_a_read_only_corpus_reports_a_failed_save(corpus, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    doc_id = imported(corpus, tmp_path)
    session = corpus.open_document(doc_id, "Ana")
    folder = session.tei_path.parent
    folder.chmod(0o500)
    try:
        with pytest.raises(AnnotatorError):
            session.write(session.tei_path, "Ana")
    finally:
        folder.chmod(0o700)


def test_work_restored_after_a_crash_is_saved_into_the_annotators_file(corpus, tmp_path):
    from annotator.files import open_document, restore_session

    doc_id = imported(corpus, tmp_path)
    session = corpus.open_document(doc_id, "Ana")
    doc = session.document
    edits.add(doc, [(4, 11, "actor")], doc.annotator_for("Ana").id).apply(doc)
    base = layout.text_path(corpus.root, doc_id).read_bytes()
    restored = restore_session(doc, session.tei_path, session.source_path)
    assert restored.member is not None and restored.member.annotator == "Ana"
    assert restored.is_modified
    restored.write(restored.tei_path, "Ana")
    assert layout.text_path(corpus.root, doc_id).read_bytes() == base
    assert corpus.check() == []
    # Opened by its path, the annotator's file is the same session again.
    reopened = open_document(session.tei_path)
    assert reopened.member is not None and reopened.member.doc_id == doc_id
    assert [(a.start, a.end) for a in reopened.document.annotations] == [(4, 11)]
    # Restored work whose text no longer matches is not put back on the file.
    layout.text_path(corpus.root, doc_id).write_bytes(base.replace(b"Ukraine", b"Ukrainx"))
    lost = restore_session(doc, session.tei_path, session.source_path)
    assert lost.tei_path is None and lost.notes


def test_an_identifier_given_once_reaches_every_document_and_is_never_lost(corpus, tmp_path):
    first = imported(corpus, tmp_path)
    second = imported(corpus, tmp_path, "Deutschland hilft der Ukraine.", "b.txt")
    corpus.tag_all("Ukraine", "actor", "Ana")
    stale = corpus.open_document(second, "Cy")  # opened before the identifier is given
    session = corpus.open_document(first, "Ana")
    doc = session.document
    entity = next(iter(doc.entities))
    edits.set_identifiers(doc, entity, {"wikidata": "Q212"}).apply(doc)
    session.write(session.tei_path, "Ana")
    assert corpus.entities()[entity].identifier("wikidata") == "Q212"
    # The other document shows it when opened, and so does Bo's new work.
    other = corpus.open_document(second, "Ana").document
    assert other.entities[entity].identifier("wikidata") == "Q212"
    corpus.tag_all("Ukraine", "actor", "Bo")
    bo = corpus.open_document(second, "Bo").document
    assert bo.entities[entity].identifier("wikidata") == "Q212"
    # A document saved without it (opened before it was given) does not take it away.
    start = stale.document.document.text.index("Ukraine")
    edits.add_linked(stale.document, [(start, start + 7, "actor")]).apply(stale.document)
    stale.write(stale.tei_path, "Cy")
    assert not stale.document.entities[entity].identifiers
    assert corpus.entities()[entity].identifier("wikidata") == "Q212"
    assert corpus.check() == []


def test_files_changed_by_hand_are_read_again(corpus, tmp_path):
    doc_id = imported(corpus, tmp_path)
    corpus.tag_all("Ukraine", "actor", "Ana")
    corpus.tag_all("Patriot*", "weapon", "Bo")
    assert corpus.documents()[0][0].counts == {"actor": 2, "weapon": 1}
    folder = corpus.root / "documents" / doc_id / "annotations"
    ana, bo = folder / "ana.xml", folder / "bo.xml"
    shutil.copy(bo, ana)  # e.g. a version control checkout: same size or not, new bytes
    os.utime(ana, ns=(1, 1))
    assert corpus.documents()[0][0].counts == {"weapon": 2}
    bo.unlink()
    assert corpus.documents()[0][0].counts == {"weapon": 1}


def test_a_broken_corpus_file_is_said_with_its_line(corpus):
    path = corpus.root / "corpus.xml"
    path.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<oops',
                    encoding="utf-8")
    with pytest.raises(AnnotatorError) as caught:
        Corpus.open(corpus.root)
    assert caught.value.problems[0].path == str(path)
    assert caught.value.problems[0].line == 3


def test_another_corpus_added_brings_its_texts_once(corpus, sources, tmp_path):
    corpus.add([sources], "Ana")
    other = Corpus.create(tmp_path / "other")
    report = other.add([corpus.root], "Bo")
    # Each text once (an annotator's file, or the TEI file kept beside a text, is the same
    # text again); corpus.xml has no text, the register is no document.
    assert len(report.added) == 3 and len(other.document_ids()) == 3
    assert len(report.duplicates) == 2
    assert {Path(p.path).name for p in report.failed} == {"corpus.xml", "entities.xml"}
    assert any(p.message == "has no text to annotate" for p in report.failed)
    assert other.check() == []


def test_a_search_with_a_limit_reads_only_the_first_documents(corpus, tmp_path):
    for number in range(4):
        imported(corpus, tmp_path, f"Text {number}: Ukraine, Ukraine.\n", f"t{number}.txt")
    everything = corpus.search("Ukraine")
    assert len(everything) == 8
    # Whole documents: the limit is reached within the second one, which is read whole.
    first = corpus.search("Ukraine", limit=3)
    assert first == everything[:4]
    assert corpus.search("Ukraine", limit=100) == everything
    assert corpus.search("Ukraine", limit=1, refresh=False) == everything[:2]
