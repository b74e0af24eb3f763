"""CSV and JSON Lines tables: offsets into the plain text, robust quoting."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.table import COLUMNS, to_csv, to_jsonl
from annotator.model import AnnotatedDocument, Annotation, Annotator, Document


def make_doc(texts: list[str] | None = None) -> AnnotatedDocument:
    texts = texts or ['He said "yes, sir",\nthen left.', "Patriot; systems\ttoo"]
    return AnnotatedDocument.create(
        Document.from_paragraphs(texts), annotators=[Annotator("ann-a", "Ana, \"A\"")],
        annotations=[Annotation("a2", "weapon", 32, 39, "ann-a"),
                     Annotation("a1", "actor", 0, 19),
                     Annotation("a3", "commitment", 20, 34, "ann-a")])


def test_csv_rows() -> None:
    doc = make_doc()
    rows = list(csv.DictReader(io.StringIO(to_csv(doc, "article.txt"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert [r["id"] for r in rows] == ["a1", "a3", "a2"]  # document order
    assert rows[0]["text"] == 'He said "yes, sir",'
    assert rows[1]["paragraph"] == "p1 p2"  # crosses paragraphs
    assert rows[1]["annotator"] == 'Ana, "A"' and rows[0]["annotator"] == ""
    assert rows[2]["source"] == "article.txt"
    text = doc.document.text
    for row in rows:
        assert text[int(row["start"]):int(row["end"])] == row["text"]


def test_csv_line_ends_and_header() -> None:
    out = to_csv(make_doc())
    assert out.startswith('"id","tag","start","end","text","paragraph","annotator","source"\n')
    assert "\r\n" not in out


def test_jsonl_rows() -> None:
    doc = make_doc()
    lines = to_jsonl(doc, "a.txt").split("\n")
    assert lines[-1] == ""
    rows = [json.loads(line) for line in lines[:-1]]
    assert [r["id"] for r in rows] == ["a1", "a3", "a2"]
    assert rows[1] == {"id": "a3", "tag": "commitment", "start": 20, "end": 34,
                       "text": doc.document.text[20:34], "paragraph": "p1 p2",
                       "annotator": 'Ana, "A"', "source": "a.txt"}


def test_empty_table() -> None:
    doc = AnnotatedDocument.create(Document.from_paragraphs(["x"]))
    assert to_csv(doc) == ",".join(f'"{c}"' for c in COLUMNS) + "\n"
    assert to_jsonl(doc) == ""


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(exclude_categories=("Cs",)).filter(
    lambda c: c not in "\x00\x0b\x0c" and not ("\x00" <= c < "\x09")
    and not ("\x0e" <= c < "\x20") and c not in "\ufffe\uffff"), min_size=1), min_size=1,
    max_size=3), st.data())
def test_tables_survive_any_text(texts: list[str], data: st.DataObject) -> None:
    document = Document.from_paragraphs(texts)
    start = data.draw(st.integers(0, len(document.text) - 1))
    end = data.draw(st.integers(start + 1, len(document.text)))
    start, end = document.trim_to_paragraphs(start, end)
    if start == end:
        return
    doc = AnnotatedDocument.create(document, annotations=[Annotation("a1", "actor", start, end)])
    (row,) = csv.DictReader(io.StringIO(to_csv(doc, "s,\"\n"), newline=""))
    assert row["text"] == document.text[start:end] and row["source"] == "s,\"\n"
    (line,) = to_jsonl(doc).split("\n")[:-1]
    assert json.loads(line)["text"] == document.text[start:end]
