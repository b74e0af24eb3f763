"""The corpus tables: annotations, commitments, entities and deals over all documents,
each row led by the document's id, title, outlet, date and URL (what a citation needs;
a deal's row names its documents instead). CSV, JSON Lines and Parquet.

The rows of one document are those of ``formats.table`` and ``formats.commitments``
for each annotator's file (the ``annotator`` column says whose), or, once the
document is curated (``documents/ID/curated.xml``, docs/team.md), those of the
curated layer alone (the ``annotator`` column names the curator); an entity's
identifiers come from the corpus register when it has them. Offsets count code
points of the document's text as ``annotator export --format txt`` writes it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.corpus import layout
from annotator.corpus.index import file_digest
from annotator.errors import AnnotatorError, Problem
from annotator.progress import Progress

if TYPE_CHECKING:
    from annotator.corpus.folder import Corpus
    from annotator.model import AnnotatedDocument

DOCUMENT_COLUMNS = ("document", "title", "outlet", "published", "url")
# Export name -> (table, file format, description, suffix). "parquet" alone is the
# commitments table, the one the command line names so.
EXPORTS: dict[str, tuple[str, str, str, str]] = {
    "annotations-csv": ("annotations", "csv", "Annotations of all documents (CSV)", ".csv"),
    "annotations-jsonl": ("annotations", "jsonl", "Annotations of all documents (JSON Lines)",
                          ".jsonl"),
    "commitments-csv": ("commitments", "csv", "Commitments of all documents (CSV)", ".csv"),
    "commitments-jsonl": ("commitments", "jsonl", "Commitments of all documents (JSON Lines)",
                          ".jsonl"),
    "entities-csv": ("entities", "csv", "Entities per document (CSV)", ".csv"),
    "entities-jsonl": ("entities", "jsonl", "Entities per document (JSON Lines)", ".jsonl"),
    "deals-csv": ("deals", "csv", "Deals across all documents (CSV)", ".csv"),
    "deals-jsonl": ("deals", "jsonl", "Deals across all documents (JSON Lines)", ".jsonl"),
    "annotations-parquet": ("annotations", "parquet",
                            "Annotations of all documents (Parquet)", ".parquet"),
    "commitments-parquet": ("commitments", "parquet",
                            "Commitments of all documents (Parquet)", ".parquet"),
    "entities-parquet": ("entities", "parquet", "Entities per document (Parquet)", ".parquet"),
    "deals-parquet": ("deals", "parquet", "Deals across all documents (Parquet)", ".parquet"),
    "parquet": ("commitments", "parquet", "Commitments of all documents (Parquet)",
                ".parquet"),
}
Row = dict[str, object]


def corpus_rows(corpus: Corpus, table: str, progress: Progress | None = None
                ) -> tuple[list[str], list[Row], list[Problem]]:
    """(columns, rows, problems) of the table ``table`` (annotations, commitments,
    entities, deals) over every document; a document that cannot be read is a problem,
    and its rows are missing. A deal groups the commitments given the same Deal across
    documents (``formats.commitments.deals_rows``)."""
    from annotator.formats import commitments

    if table == "deals":
        _columns, reports, problems = corpus_rows(corpus, "commitments", progress)
        return list(commitments.DEAL_COLUMNS), commitments.deals_rows(reports), problems
    if table not in ("annotations", "commitments", "entities"):
        raise AnnotatorError(f"unknown table {table!r}")
    progress = progress or Progress()
    listed, refreshed = corpus.documents(progress)
    problems = list(refreshed.problems)
    register = corpus.entities()
    merged = corpus.merges()
    events = {t.id for t in corpus.tagset if t.event}
    columns: list[str] = list(DOCUMENT_COLUMNS)
    rows: list[Row] = []
    kept = KeptRows(corpus, table)
    for number, entry in enumerate(listed):
        if number % 20 == 0:
            progress.step(f"Reading {entry.info.id} ({number + 1:,} of {len(listed):,})…",
                          number / max(1, len(listed)))
        if not entry.statuses:
            continue  # nothing annotated: no file to read
        if table == "commitments" and not any(entry.counts.get(t, 0) for t in events):
            continue  # (the index counts each file's annotations per tag)
        try:
            versions = kept.rows_of(entry.info.id)
        except AnnotatorError as exc:
            problems.extend(exc.problems)
            continue
        lead = {"document": entry.info.id, "title": entry.info.title,
                "outlet": entry.info.outlet, "published": entry.info.date, "url": entry.info.url}
        for found in versions:
            if table == "entities":
                for row in found:
                    if str(row["id"]) in merged:  # (a file not rewritten since the merge)
                        row["id"] = merged[str(row["id"])]
                        if row["id"] in register:
                            row["name"] = register[row["id"]].name
                    known = register.get(str(row["id"]))
                    if known is not None:
                        row["wikidata"] = known.identifier("wikidata") or row["wikidata"]
                        row["iso3166"] = known.identifier("iso3166") or row["iso3166"]
                        row["uri"] = known.identifier("uri") or row["uri"]
            for row in found:
                for column in row:
                    if column not in columns:
                        columns.append(column)
                rows.append({**lead, **row})
    kept.save()
    return columns, rows, problems


def _file_rows(doc: AnnotatedDocument, doc_id: str, table: str) -> list[Row]:
    """The rows of ``table`` that one annotator's file of ``doc_id`` gives (the register's
    identifiers are not in them: the register changes apart from the file)."""
    from annotator.formats import commitments
    from annotator.formats import table as annotation_table

    if table == "annotations":
        found: list[Row] = list(annotation_table.rows(doc, doc_id))
    elif table == "commitments":
        found = commitments.commitments_rows(doc, doc_id)
    elif table == "entities":
        return commitments.entities_rows(doc)
    else:
        raise AnnotatorError(f"unknown table {table!r}")
    for row in found:
        row.pop("source", None)
    return found


@functools.cache
def _rows_version() -> str:
    """What the kept rows were made with: Annotator's version and the code that makes
    rows (a kept row made by other code is made again)."""
    from annotator import __version__
    from annotator.formats import commitments
    from annotator.formats import table as annotation_table

    made_by = hashlib.sha256(__version__.encode())
    for module in (commitments, annotation_table, sys.modules[__name__]):
        made_by.update(Path(str(module.__file__)).read_bytes())
    return made_by.hexdigest()[:16]


class KeptRows:
    """The rows each annotation file gives, kept in the index (``table_rows``) under a
    key of the digests of the file and of its document's text: an export reads only
    the files whose key changed since (edited in the window or by hand, new), and keeps
    their rows for the next. The digests are those the index's refresh just took;
    a file read here is keyed by the digests of the bytes read. ``file_rows`` makes
    the rows of one file for another table than the exports' (``team.agreement``'s
    units), ``made_by`` names the code that makes them."""

    def __init__(self, corpus: Corpus, table: str,
                 file_rows: Callable[[AnnotatedDocument, str], list[Row]] | None = None,
                 made_by: str = "") -> None:
        self.corpus = corpus
        self.table = table
        self.file_rows = file_rows or (lambda doc, doc_id: _file_rows(doc, doc_id, table))
        self.made_by = made_by
        self.digests = corpus.index.file_digests()
        self.kept = corpus.index.kept_rows(table)
        self.fresh: list[tuple[str, str, str]] = []
        # The files read with every check (their verdicts, for annotate all).
        self.checked: list[tuple[str, str]] = []

    def rows_of(self, doc_id: str) -> list[list[Row]]:
        """The rows of each annotation file of ``doc_id``, in file name order (as
        ``Corpus.read_all`` reads them); of its curated layer alone when it has one."""
        curated = layout.curated_path(self.corpus.root, doc_id)
        if curated.exists():
            return [self._curated_rows(doc_id, curated)]
        return [rows for _name, rows in self.named_rows_of(doc_id)]

    def named_rows_of(self, doc_id: str) -> list[tuple[str, list[Row]]]:
        """(file name without ``.xml``, its rows) of each annotation file of ``doc_id``
        (the annotators' files, curated or not)."""
        from annotator.corpus.tei_files import read_annotations, read_verdict
        from annotator.files import read_bytes

        base = f"{layout.DOCUMENTS}/{doc_id}/"
        text_digest = self.digests.get(base + layout.TEXT_FILE)
        folder = os.path.join(self.corpus.root, base, layout.ANNOTATIONS)
        try:
            names = sorted(name for name in os.listdir(folder)
                           if name.endswith(".xml") and not name.startswith("."))
        except FileNotFoundError:
            names = []
        result: list[list[Row] | None] = []
        missing: list[tuple[int, str]] = []
        for name in names:
            relative = f"{base}{layout.ANNOTATIONS}/{name}"
            digest = self.digests.get(relative)
            kept = self.kept.get(relative)
            if (text_digest is None or digest is None or kept is None
                    or kept[0] != self._key(text_digest, digest)):
                missing.append((len(result), relative))
                result.append(None)
            else:
                result.append(json.loads(kept[1]))
        if missing:
            text_file = self.corpus._text_path(doc_id)
            text_data = read_bytes(text_file)
            for slot, relative in missing:
                path = self.corpus.root / relative
                data = read_bytes(path)
                doc, _status = read_annotations(text_data, data, str(text_file), str(path),
                                                self.corpus.tagset)
                found = self.file_rows(doc, doc_id)
                text_digest, digest = file_digest(text_data), file_digest(data)
                self.fresh.append((relative, self._key(text_digest, digest),
                                   json.dumps(found)))
                self.checked.append((relative, read_verdict(text_digest, digest)))
                result[slot] = found
        return [(name[:-len(".xml")], found)
                for name, found in zip(names, result, strict=True) if found is not None]

    def _curated_rows(self, doc_id: str, path: Path) -> list[Row]:
        """The rows of a document's curated layer (read at each export: the index
        keeps rows of the annotators' files only)."""
        from annotator.files import read_bytes
        from annotator.team.curated_file import read_curated

        text_file = self.corpus._text_path(doc_id)
        doc, _decisions = read_curated(read_bytes(text_file), read_bytes(path),
                                       str(text_file), str(path), self.corpus.tagset)
        return self.file_rows(doc, doc_id)

    def _key(self, text_digest: str, file_digest: str) -> str:
        return f"{_rows_version()}{self.made_by} {text_digest} {file_digest}"

    def save(self) -> None:
        self.corpus.index.keep_rows(self.table, self.fresh)
        self.corpus.index.note_checked(self.checked)


def table_bytes(columns: list[str], rows: list[Row], fmt: str) -> bytes:
    """The rows as CSV, JSON Lines or Parquet (``formats.parquet``: typed columns; it
    needs pyarrow, and says so without it)."""
    if fmt == "parquet":
        from annotator.formats.parquet import table_bytes as parquet_bytes

        return parquet_bytes(columns, rows)
    return table_text(columns, rows, fmt).encode("utf-8")


def table_text(columns: list[str], rows: list[Row], fmt: str) -> str:
    """The rows as CSV (header row, text quoted, ``\\n`` line ends) or JSON Lines."""
    if fmt == "jsonl":
        return "".join(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n"
                       for row in rows)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n",
                            quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    writer.writerows({c: ("" if row.get(c) is None else row.get(c, "")) for c in columns}
                     for row in rows)
    return buffer.getvalue()


def export_table(corpus: Corpus, export: str, progress: Progress | None = None
                 ) -> tuple[bytes, list[Problem]]:
    """The export ``export`` (one of ``EXPORTS``) as bytes, and what could not be read."""
    if export not in EXPORTS:
        raise AnnotatorError(f"unknown corpus export {export!r}; choose one of "
                             + ", ".join(EXPORTS))
    table, fmt, _description, _suffix = EXPORTS[export]
    if fmt == "parquet":
        from annotator.formats.parquet import INSTALL_HINT, ParquetUnavailable, available

        if not available():  # (said before the work of reading every document)
            raise ParquetUnavailable(INSTALL_HINT)
    columns, rows, problems = corpus_rows(corpus, table, progress)
    return table_bytes(columns, rows, fmt), problems
