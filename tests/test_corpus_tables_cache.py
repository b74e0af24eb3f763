"""The corpus tables' rows kept in the index (``annotator.corpus.tables``): an export
reads only the annotation files that changed since the last one, and what it gives is
always what reading every file would give: after a save, a file edited by hand, a file
deleted or broken, the cache deleted. Real files, real SQLite, no mocks."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.corpus import Corpus, layout
from annotator.corpus.tables import _file_rows, corpus_rows, export_table

ROOT = Path(__file__).resolve().parent.parent
ANNOTATED = ROOT / "resources" / "samples" / "patriot-de.annotated.xml"
TEXT = "Die Ukraine erhält Patriot-Raketen.\n\nDer Ukraine-Krieg geht weiter; Ukraines Städte.\n"
TABLES = ("annotations", "commitments", "entities", "deals")


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    made = Corpus.create(tmp_path / "corpus", "Waffenlieferungen")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bericht.txt").write_text(TEXT, encoding="utf-8")
    shutil.copy(ANNOTATED, folder / "patriot.xml")
    made.add([folder], "Ana")
    made.tag_all("Ukraine", "actor", "Ana")
    made.tag_all("Ukraine", "actor", "Bo")  # a second annotator's files
    return made


def read_afresh(corpus: Corpus, table: str) -> list[dict]:
    """The rows of ``table`` made by reading every annotation file, nothing kept."""
    from annotator.formats import commitments

    if table == "deals":
        return commitments.deals_rows(read_afresh(corpus, "commitments"))
    rows = []
    for entry in corpus.index.documents():
        lead = {"document": entry.info.id, "title": entry.info.title,
                "outlet": entry.info.outlet, "published": entry.info.date,
                "url": entry.info.url}
        for doc in corpus.read_all(entry.info.id):
            rows += [{**lead, **row} for row in _file_rows(doc, entry.info.id, table)]
    if table == "entities":
        register = corpus.entities()
        for row in rows:
            known = register.get(str(row["id"]))
            if known is not None:
                row["wikidata"] = known.identifier("wikidata") or row["wikidata"]
                row["iso3166"] = known.identifier("iso3166") or row["iso3166"]
                row["uri"] = known.identifier("uri") or row["uri"]
    return rows


def kept_paths(corpus: Corpus, table: str) -> set[str]:
    with sqlite3.connect(corpus.index.path) as db:
        return {row[0] for row in db.execute("select path from table_rows where tbl=?",
                                             (table,))}


def annotation_files(corpus: Corpus) -> list[Path]:
    return sorted((corpus.root / layout.DOCUMENTS).glob("*/annotations/*.xml"))


def test_kept_rows_are_the_rows_reading_every_file_gives(corpus):
    for table in TABLES:
        first = corpus_rows(corpus, table)
        again = corpus_rows(corpus, table)  # from what the first kept
        assert first == again
        assert first[2] == []
        assert first[1] and first[1] == read_afresh(corpus, table)
    relative = {p.relative_to(corpus.root).as_posix() for p in annotation_files(corpus)}
    assert kept_paths(corpus, "annotations") == relative
    assert export_table(corpus, "commitments-csv") == export_table(corpus, "commitments-csv")


def test_a_file_edited_by_hand_gives_its_new_rows(corpus):
    before = corpus_rows(corpus, "commitments")[1]
    assert any(row["date"] == "2025-07-14" for row in before)
    edited = next(p for p in annotation_files(corpus) if b"2025-07-14" in p.read_bytes())
    edited.write_bytes(edited.read_bytes().replace(b"2025-07-14", b"2025-07-21"))
    after = corpus_rows(corpus, "commitments")[1]
    assert after == read_afresh(corpus, "commitments")
    assert any(row["date"] == "2025-07-21" for row in after)
    assert not any(row["date"] == "2025-07-14" and row["annotator"] == "Ana"
                   for row in after if row["document"] == edited.parts[-3])


def test_a_document_saved_in_the_window_gives_its_new_rows(corpus):
    before = corpus_rows(corpus, "annotations")[1]
    doc_id = corpus.index.documents()[0].info.id
    session = corpus.open_document(doc_id, "Ana")
    doc = session.document
    from annotator.model import edits

    edits.add(doc, [(0, 3, "weapon")]).apply(doc)
    session.write(session.tei_path, "Ana")
    after = corpus_rows(corpus, "annotations")[1]
    assert len(after) == len(before) + 1
    assert after == read_afresh(corpus, "annotations")


def test_a_deleted_file_takes_its_rows_with_it(corpus):
    corpus_rows(corpus, "annotations")
    gone = next(p for p in annotation_files(corpus) if p.stem == "bo")
    gone.unlink()
    rows = corpus_rows(corpus, "annotations")[1]
    assert not any(row["annotator"] == "Bo" and row["document"] == gone.parts[-3]
                   for row in rows)
    assert rows == read_afresh(corpus, "annotations")
    assert gone.relative_to(corpus.root).as_posix() not in kept_paths(corpus, "annotations")


def test_a_file_broken_by_hand_is_a_problem_and_not_its_kept_rows(corpus):
    corpus_rows(corpus, "annotations")
    broken = annotation_files(corpus)[0]
    broken.write_bytes(broken.read_bytes()[:200])
    _columns, rows, problems = corpus_rows(corpus, "annotations")
    assert problems and any(str(broken) == p.path for p in problems)
    assert not any(row["document"] == broken.parts[-3] for row in rows)


def test_the_cache_deleted_or_broken_gives_the_same_rows(corpus):
    first = {table: corpus_rows(corpus, table) for table in TABLES}
    shutil.rmtree(corpus.root / layout.CACHE)
    assert {table: corpus_rows(corpus, table) for table in TABLES} == first
    corpus.index.path.write_bytes(b"not a database")
    assert {table: corpus_rows(corpus, table) for table in TABLES} == first


def test_a_kept_row_that_does_not_match_its_files_is_made_again(corpus):
    """A row kept under another key (other files, or other code that made rows) is not
    used: the key is checked, not only the path."""
    corpus_rows(corpus, "annotations")
    with sqlite3.connect(corpus.index.path) as db:
        db.execute("update table_rows set key = 'other ' || key, rows = '[]'")
    assert corpus_rows(corpus, "annotations")[1] == read_afresh(corpus, "annotations")
