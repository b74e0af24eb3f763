"""Annotation tables: CSV and JSON Lines, one row per annotation in document order.

Columns: ``id, tag, start, end, text, paragraph, annotator, source``.
``start``/``end`` are code-point offsets into exactly the plain-text export
(``doc.document.text``), so ``text == txt[start:end]``. ``paragraph`` holds
the ids of the paragraphs the span touches, space-separated, first fragment
first (``p2 p3`` for a span crossing from p2 into p3); the text of such a
span includes the paragraph separator, as in the plain-text export.
``annotator`` is the annotator's name (the id if the header does not name it).
A discontinuous annotation (several separate ranges) has a row per range, each
with the annotation's id, in text order.
"""

from __future__ import annotations

import csv
import io
import json

from annotator.model import AnnotatedDocument

COLUMNS = ("id", "tag", "start", "end", "text", "paragraph", "annotator", "source")


def rows(doc: AnnotatedDocument, source: str = "") -> list[dict[str, str | int]]:
    """The table as dicts, in document order (start, longer spans first, id)."""
    document = doc.document
    result: list[dict[str, str | int]] = []
    for ann in doc.annotations:
        person = doc.annotators.get(ann.resp)
        for start, end in ann.ranges:
            paragraphs = " ".join(f.paragraph.id for f in document.fragments(start, end))
            result.append({
                "id": ann.id,
                "tag": ann.tag,
                "start": start,
                "end": end,
                "text": document.text[start:end],
                "paragraph": paragraphs,
                "annotator": person.name if person else ann.resp,
                "source": source,
            })
    return result


def to_csv(doc: AnnotatedDocument, source: str = "") -> str:
    """CSV with a header row, ``\\n`` line ends; text fields always quoted, numbers bare."""
    buffer = io.StringIO(newline="")
    # Every text field quoted: unquoted, a lone "\r" in a text would end the row for a reader.
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n",
                            quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    writer.writerows(rows(doc, source))
    return buffer.getvalue()


def to_jsonl(doc: AnnotatedDocument, source: str = "") -> str:
    """One JSON object per line; non-ASCII kept as is (the file is UTF-8)."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows(doc, source))
