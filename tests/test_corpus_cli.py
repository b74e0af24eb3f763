"""``annotator corpus …`` run as real processes on real folders."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from test_cli import annotator, assert_no_traceback
from test_corpus import ANNOTATED, ARTICLE, TEXT

VERBS = ("init", "add", "list", "search", "tag", "export", "check", "assign", "sync",
         "resolve", "curate")


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A corpus with a text, an HTML page and an annotated TEI file."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bericht.txt").write_text(TEXT, encoding="utf-8")
    (folder / "artikel.html").write_text(ARTICLE, encoding="utf-8")
    shutil.copy(ANNOTATED, folder / "patriot.xml")
    corpus = tmp_path / "corpus"
    assert annotator("corpus", "init", str(corpus)).returncode == 0
    result = annotator("corpus", "add", str(corpus), str(folder))
    assert result.returncode == 0, result.stderr
    return corpus


@pytest.mark.parametrize("verb", VERBS)
def test_help_on_every_corpus_verb(verb):
    result = annotator("corpus", verb, "--help")
    assert result.returncode == 0 and "usage: annotator corpus " + verb in result.stdout


def test_usage_errors_exit_2(tmp_path):
    assert annotator("corpus").returncode == 2
    assert annotator("corpus", "tag", str(tmp_path), "x").returncode == 2  # no --tag
    assert annotator("corpus", "export", str(tmp_path), "-f", "nonsense", "-o", "-"
                     ).returncode == 2


def test_init_add_list_search_tag_export_check(filled, tmp_path):
    listing = annotator("corpus", "list", str(filled), "--format", "jsonl")
    assert listing.returncode == 0, listing.stderr
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    assert len(rows) == 3
    html = next(r for r in rows if r["outlet"] == "Tagesblatt")
    assert html["date"] == "2025-07-10" and html["status"] == "new"
    search = annotator("corpus", "search", str(filled), "Ukraine", "--format", "csv")
    assert search.returncode == 0, search.stderr
    hits = list(csv.DictReader(io.StringIO(search.stdout)))
    assert hits and all(h["text"].casefold() == "ukraine" for h in hits)
    assert "Ukraines" not in {h["text"] for h in hits}
    table = annotator("corpus", "search", str(filled), "Ukraine")
    assert table.stdout.count("\n") == len(hits)
    first = table.stdout.splitlines()[0].split("\t")
    assert first[:3] == [hits[0]["document"], hits[0]["start"], hits[0]["end"]]
    tagged = annotator("corpus", "tag", str(filled), "Ukraine", "--tag", "actor",
                       "--annotator", "Bo")
    assert tagged.returncode == 0, tagged.stderr
    assert tagged.stdout.startswith(f"{len(hits)} annotations added in ")
    again = annotator("corpus", "tag", str(filled), "Ukraine", "--tag", "actor",
                      "--annotator", "Bo")
    assert again.stdout.startswith("0 annotations added")
    out = tmp_path / "annotations.jsonl"
    exported = annotator("corpus", "export", str(filled), "-f", "annotations-jsonl", "-o",
                         str(out))
    assert exported.returncode == 0, exported.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    bo = [r for r in rows if r["annotator"] == "Bo"]
    assert len(bo) == len(hits)
    # Offsets count code points of the text as `annotator export --format txt` writes it.
    single = tmp_path / "bericht.xml"
    assert annotator("import", str(tmp_path / "in" / "bericht.txt"), "-o", str(single)
                     ).returncode == 0
    txt = annotator("export", str(single), "--format", "txt", "-o", "-").stdout
    report = next(r for r in json.loads("[" + ",".join(listing.stdout.splitlines()) + "]")
                  if r["title"] == "Die Ukraine erhält Patriot-Raketen.")  # its first line
    mine = [r for r in bo if r["document"] == report["id"]]
    assert len(mine) == 2 and all(txt[r["start"]:r["end"]] == r["text"] for r in mine)
    refused = annotator("corpus", "export", str(filled), "-f", "annotations-jsonl", "-o",
                        str(out))
    assert refused.returncode == 1 and "already exists" in refused.stderr
    check = annotator("corpus", "check", str(filled))
    assert check.returncode == 0 and "3 documents, every file valid" in check.stdout


def test_errors_are_file_line_message_and_exit_1(filled, tmp_path):
    missing = annotator("corpus", "list", str(tmp_path / "nothing"))
    assert missing.returncode == 1
    assert missing.stderr.startswith(f"{tmp_path / 'nothing'}: no such folder")
    broken = next((filled / "documents").iterdir()) / "text.xml"
    broken.write_text("<TEI>\n<oops", encoding="utf-8")
    check = annotator("corpus", "check", str(filled))
    assert check.returncode == 1
    assert check.stdout.startswith(f"{broken}:2: ")
    listing = annotator("corpus", "list", str(filled))
    assert listing.returncode == 0 and listing.stdout.count("\n") == 2
    assert f"{broken}:2: warning" in listing.stderr
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"\x00\x01binary")
    added = annotator("corpus", "add", str(filled), str(bad))
    assert added.returncode == 1 and f"{bad}: not imported: a binary file" in added.stderr
    for result in (missing, check, listing, added):
        assert_no_traceback(result)


def test_a_corpus_file_opens_validates_and_exports_by_its_path(filled, tmp_path):
    tagged = annotator("corpus", "tag", str(filled), "Ukraine", "--tag", "actor",
                       "--annotator", "Bo")
    assert tagged.returncode == 0, tagged.stderr
    folder = next(p for p in (filled / "documents").iterdir()
                  if (p / "annotations" / "bo.xml").exists())
    own, text = folder / "annotations" / "bo.xml", folder / "text.xml"
    result = annotator("validate", str(own), str(text))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [f"{own}: valid", f"{text}: valid"]
    inside = annotator("validate", "bo.xml", cwd=own.parent)  # a relative path
    assert inside.stdout == "bo.xml: valid\n", inside.stdout + inside.stderr
    txt = annotator("export", str(text), "--format", "txt", "-o", "-").stdout
    table = annotator("export", str(own), "--format", "jsonl", "-o", "-")
    assert table.returncode == 0, table.stderr
    rows = [json.loads(line) for line in table.stdout.splitlines()]
    assert rows and all(txt[r["start"]:r["end"]] == r["text"] == "Ukraine" for r in rows)
    own.write_text(own.read_text(encoding="utf-8").replace("string-range(p", "string-range(q"),
                   encoding="utf-8")
    broken = annotator("validate", str(own))
    assert broken.returncode == 1 and broken.stdout.startswith(f"{own}: ")
    assert_no_traceback(broken)


def test_init_takes_the_tagset_of_another_corpus_or_a_file(filled, tmp_path):
    second = tmp_path / "second"
    result = annotator("corpus", "init", str(second), "--tagset", str(filled / "corpus.xml"),
                       "--title", "Zweiter Korpus")
    assert result.returncode == 0, result.stderr
    assert "“Zweiter Korpus” (3 tags)" in result.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    refused = annotator("corpus", "init", str(tmp_path / "third"), "--tagset", str(bad))
    assert refused.returncode == 1 and refused.stderr.startswith(f"{bad}:1: ")
    assert not (tmp_path / "third").exists()
    again = annotator("corpus", "init", str(second))
    assert again.returncode == 1 and "is a corpus already" in again.stderr


def test_deals_and_parquet_over_the_corpus(filled, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    deals = annotator("corpus", "export", str(filled), "-f", "deals-csv", "-o", "-")
    assert deals.returncode == 0, deals.stderr
    rows = list(csv.DictReader(io.StringIO(deals.stdout)))
    assert rows and all(r["deal"] and r["documents"] == "patriot-de" for r in rows)
    out = tmp_path / "commitments.parquet"
    result = annotator("corpus", "export", str(filled), "-f", "parquet", "-o", str(out))
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out)
    assert table.column_names[:5] == ["document", "title", "outlet", "published", "url"]
    assert set(table.column("document").to_pylist()) == {"patriot-de"}
    assert table.num_rows == 5
