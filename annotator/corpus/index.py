"""The corpus's cache: an SQLite database with an FTS5 full-text index, in
``.annotator-cache/index.sqlite``.

Nothing here is the truth: the files are. Every file the index was made from is
recorded with its size, modification time and digest; ``refresh`` reads again
exactly the files that differ (a file whose time changed but whose bytes did not
is only noted), forgets documents that are gone, and rebuilds everything when the
database is missing, of another version or unreadable.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.corpus import layout
from annotator.corpus.layout import DocumentInfo
from annotator.corpus.search import Hit, Query, hits_in
from annotator.errors import AnnotatorError, Problem, ReadError
from annotator.progress import Progress

if TYPE_CHECKING:
    from annotator.corpus.tei_files import FileSummary

# Raised when the tables change; a database of another version is rebuilt.
VERSION = "5"
_SCHEMA = """
create table meta(key text primary key, value text);
create table files(path text primary key, size integer, mtime_ns integer, digest text);
create table documents(num integer primary key, id text unique, title text, author text,
    outlet text, date text, url text, language text, imported text, text_digest text,
    length integer);
create virtual table texts using fts5(body, tokenize = "unicode61 remove_diacritics 0");
create table annotations(doc_id text, annotator text, status text, counts text,
    primary key (doc_id, annotator));
create table mentions(doc_id text, annotator text, entity text, count integer);
create index mentions_of on mentions(entity);
-- (a file's mentions are replaced at every save and refresh of it)
create index mentions_in on mentions(doc_id, annotator);
create table table_rows(path text, tbl text, key text, rows text, primary key (path, tbl));
-- annotation files known to pass every check of the reader (tei_files.read_verdict)
create table checked(path text primary key, key text);
"""
INFO_COLUMNS = ("id", "title", "author", "outlet", "date", "url", "language", "imported")


@dataclass
class Listed:
    """A document as the list shows it: its metadata, each annotator's status and
    counts per tag."""

    info: DocumentInfo
    length: int
    statuses: dict[str, str] = field(default_factory=dict)  # annotator file stem -> status
    counts: dict[str, int] = field(default_factory=dict)  # tag -> annotations (all files)
    # annotator file stem -> tag -> annotations (a blind annotator sees only their own)
    counts_by: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """The furthest any annotator got: done, inProgress, new."""
        for status in ("done", "inProgress"):
            if status in self.statuses.values():
                return status
        return "new"


@dataclass
class Refreshed:
    """What ``refresh`` did: documents read again, forgotten, and files it could not read."""

    read: int = 0
    forgotten: int = 0
    problems: list[Problem] = field(default_factory=list)


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class CorpusIndex:
    """The index of the corpus at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / layout.CACHE
        self.path = self.folder / layout.INDEX_FILE

    # -- the database ----------------------------------------------------------------------
    def _prepare_folder(self) -> None:
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
        except OSError as exc:
            raise AnnotatorError(f"cannot make the cache folder: {exc.strerror or exc}",
                                 str(self.folder)) from None

    @contextlib.contextmanager
    def _database(self) -> Iterator[sqlite3.Connection]:
        self._prepare_folder()
        db = self._connect()
        try:
            with db:
                yield db
        finally:
            db.close()

    def _connect(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=30)
            version = _version(db)
            if version == VERSION:
                return db
            db.close()
        except sqlite3.DatabaseError:
            pass  # not a database (any more): made anew
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.executescript(_SCHEMA)
            db.execute("insert into meta values ('version', ?)", (VERSION,))
            db.commit()
        except sqlite3.DatabaseError as exc:
            db.close()
            raise AnnotatorError(f"cannot make the search index: {exc}", str(self.path)) \
                from None
        return db

    # -- keeping it current ----------------------------------------------------------------
    def refresh(self, progress: Progress | None = None) -> Refreshed:
        """Bring the index up to the files: read what changed, forget what is gone."""
        from annotator.corpus.tei_files import read_text, status_of

        progress = progress or Progress()
        progress.step("Looking for changed files…")
        report = Refreshed()
        on_disk = _files_on_disk(self.root)
        with self._database() as db:
            known = {row[0]: (row[1], row[2], row[3])
                     for row in db.execute("select path, size, mtime_ns, digest from files")}
            changed = [path for path, stat in on_disk.items()
                       if known.get(path, (None, None))[:2] != stat]
            gone = [path for path in known if path not in on_disk]
            for number, relative in enumerate(changed):
                if number % 50 == 0:
                    progress.step(f"Indexing {number:,} of {len(changed):,} files…",
                                  number / len(changed))
                path = self.root / relative
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    report.problems.append(Problem(f"cannot read: {exc.strerror or exc}",
                                                   str(path)))
                    continue
                digest = file_digest(data)
                size, mtime = on_disk[relative]
                if known.get(relative, (None, None, None))[2] == digest:
                    db.execute("update files set size=?, mtime_ns=? where path=?",
                               (size, mtime, relative))
                    continue
                doc_id, kind, annotator = _what(relative)
                try:
                    if kind == "text":
                        info, document = read_text(data, str(path))
                        self._put_document(db, info.edited(id=doc_id), document.text)
                    else:
                        _put_annotations(db, doc_id, annotator, status_of(data, str(path)))
                except AnnotatorError as exc:
                    report.problems.extend(exc.problems)
                    _forget_file(db, relative)
                    continue
                db.execute("insert or replace into files values (?, ?, ?, ?)",
                           (relative, size, mtime, digest))
                report.read += 1
            for relative in gone:
                _forget_file(db, relative)
                report.forgotten += 1
        return report

    def _put_document(self, db: sqlite3.Connection, info: DocumentInfo, text: str) -> None:
        row = db.execute("select num from documents where id=?", (info.id,)).fetchone()
        if row is not None:
            db.execute("delete from texts where rowid=?", (row[0],))
            db.execute("delete from documents where num=?", (row[0],))
        values = tuple(getattr(info, c) for c in INFO_COLUMNS)
        cursor = db.execute(
            "insert into documents (id, title, author, outlet, date, url, language, imported, "
            "text_digest, length) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, file_digest(text.encode("utf-8", "surrogatepass")), len(text)))
        db.execute("insert into texts (rowid, body) values (?, ?)", (cursor.lastrowid, text))

    def note_saved(self, doc_id: str, annotator_file: Path, data: bytes,
                   summary: FileSummary, verdict: str | None = None) -> None:
        """One annotation file was just written: put it in the index (only if the index
        exists; otherwise the next refresh makes it); ``verdict``: it passes every
        check of the reader (``tei_files.read_verdict``)."""
        if not self.path.exists():
            return
        relative = annotator_file.relative_to(self.root).as_posix()
        try:
            stat = annotator_file.stat()
        except OSError:
            return
        with self._database() as db:
            _put_annotations(db, doc_id, annotator_file.stem, summary)
            db.execute("insert or replace into files values (?, ?, ?, ?)",
                       (relative, stat.st_size, stat.st_mtime_ns, file_digest(data)))
            if verdict is not None:
                db.execute("insert or replace into checked values (?, ?)", (relative, verdict))

    def note_saved_many(self, saved: list[tuple[str, Path, bytes, FileSummary, str | None]]
                        ) -> None:
        """``note_saved`` for many files at once: (document id, annotation file, its
        bytes, what it holds, its verdict or None) each, in one transaction."""
        if not saved or not self.path.exists():
            return
        with self._database() as db:
            for doc_id, annotator_file, data, summary, verdict in saved:
                try:
                    stat = annotator_file.stat()
                except OSError:
                    continue
                relative = annotator_file.relative_to(self.root).as_posix()
                _put_annotations(db, doc_id, annotator_file.stem, summary)
                db.execute("insert or replace into files values (?, ?, ?, ?)",
                           (relative, stat.st_size, stat.st_mtime_ns, file_digest(data)))
                if verdict is not None:
                    db.execute("insert or replace into checked values (?, ?)",
                               (relative, verdict))

    # -- verdicts of the reader, kept per annotation file -------------------------------------
    def checked(self) -> dict[str, str]:
        """The verdict kept for each annotation file (path relative to the corpus ->
        ``tei_files.read_verdict`` of the bytes that passed every check of the reader)."""
        if not self.path.exists():
            return {}
        with self._database() as db:
            return dict(db.execute("select path, key from checked"))

    def note_checked(self, verdicts: list[tuple[str, str]]) -> None:
        """Keep verdicts: (path relative to the corpus, ``read_verdict``) each."""
        if not verdicts or not self.path.exists():
            return
        with self._database() as db:
            db.executemany("insert or replace into checked values (?, ?)", verdicts)

    # -- the corpus tables' rows, kept per annotation file ------------------------------------
    def file_digests(self) -> dict[str, str]:
        """The digest of every indexed file as the last refresh or save found it, by path
        relative to the corpus."""
        with self._database() as db:
            return dict(db.execute("select path, digest from files"))

    def kept_rows(self, table: str) -> dict[str, tuple[str, str]]:
        """The rows of ``table`` kept for each annotation file: path -> (key, rows as
        JSON). A kept entry counts only while its key is that of the files now."""
        if not self.path.exists():
            return {}
        with self._database() as db:
            return {path: (key, rows) for path, key, rows in db.execute(
                "select path, key, rows from table_rows where tbl=?", (table,))}

    def keep_rows(self, table: str, entries: list[tuple[str, str, str]]) -> None:
        """Keep rows of ``table``: (path, key, rows as JSON) for each annotation file,
        replacing what was kept for it. Only for files the index knows (a file forgotten
        takes its rows with it)."""
        if not entries:
            return
        with self._database() as db:
            known = {row[0] for row in db.execute("select path from files")}
            db.executemany("insert or replace into table_rows values (?, ?, ?, ?)",
                           [(path, table, key, rows) for path, key, rows in entries
                            if path in known])

    # -- asking it ---------------------------------------------------------------------------
    def documents(self) -> list[Listed]:
        """Every indexed document, by id."""
        with self._database() as db:
            listed: dict[str, Listed] = {}
            for row in db.execute(f"select {', '.join(INFO_COLUMNS)}, length from documents "
                                  "order by id"):
                listed[row[0]] = Listed(DocumentInfo(*row[:len(INFO_COLUMNS)]), row[-1])
            for doc_id, annotator, status, counts in db.execute(
                    "select doc_id, annotator, status, counts from annotations"):
                entry = listed.get(doc_id)
                if entry is None:
                    continue
                entry.statuses[annotator] = status
                entry.counts_by[annotator] = json.loads(counts)
                for tag, n in entry.counts_by[annotator].items():
                    entry.counts[tag] = entry.counts.get(tag, 0) + n
        return list(listed.values())

    def mentions(self, entity_id: str) -> list[tuple[str, str, int]]:
        """Where ``entity_id`` is mentioned: (document id, annotator file stem, number of
        mentions), by document id then annotator."""
        if not self.path.exists():
            return []
        with self._database() as db:
            return [(d, a, n) for d, a, n in db.execute(
                "select doc_id, annotator, count from mentions where entity=? "
                "order by doc_id, annotator", (entity_id,))]

    def mention_totals(self) -> dict[str, tuple[int, int]]:
        """Every mentioned entity id -> (mentions, documents mentioning it)."""
        if not self.path.exists():
            return {}
        with self._database() as db:
            return {e: (n, d) for e, n, d in db.execute(
                "select entity, sum(count), count(distinct doc_id) from mentions "
                "group by entity")}

    def text_digests(self) -> dict[str, str]:
        """Document id by the digest of its text (to recognise duplicates)."""
        with self._database() as db:
            return {digest: doc_id for doc_id, digest in
                    db.execute("select id, text_digest from documents order by id desc")}

    def search(self, query: Query, doc_id: str | None = None,
               progress: Progress | None = None, limit: int | None = None) -> list[Hit]:
        """Every hit of ``query``, by document id then offset; with ``limit``, those of
        the first documents until at least ``limit`` hits are found (the window's first
        page: a word in every document would otherwise read every text)."""
        progress = progress or Progress()
        sql = ("select d.id, t.rowid from texts t join documents d on d.num = t.rowid "
               "where texts match ?")
        params: list[str] = [query.fts()]
        if doc_id is not None:
            sql += " and d.id = ?"
            params.append(doc_id)
        hits: list[Hit] = []
        with self._database() as db:
            try:
                # The documents first, without their texts (sorting the texts with them
                # would read every text before the first hit), then the texts a few at
                # a time, in the order of the documents' ids.
                found = sorted(db.execute(sql, params))
                for first in range(0, len(found), _TEXTS_AT_ONCE):
                    progress.check()
                    some = found[first:first + _TEXTS_AT_ONCE]
                    bodies = dict(db.execute(
                        f"select rowid, body from texts where rowid in "
                        f"({', '.join('?' * len(some))})", [rowid for _id, rowid in some]))
                    for found_id, rowid in some:
                        hits.extend(hits_in(found_id, bodies[rowid], query))
                        if limit is not None and len(hits) >= limit:
                            return hits
            except sqlite3.OperationalError as exc:
                raise AnnotatorError(f"the query {query.text!r} cannot be searched: {exc}") \
                    from None
        return hits


# Texts read from the index at once by a search: few, so a first page reads little more
# than it shows, and a word in every document never holds all texts at once.
_TEXTS_AT_ONCE = 20


def _version(db: sqlite3.Connection) -> str | None:
    try:
        row = db.execute("select value from meta where key='version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _files_on_disk(root: Path) -> dict[str, tuple[int, int]]:
    """Every text and annotation file of the corpus: relative path -> (size, mtime_ns)."""
    found: dict[str, tuple[int, int]] = {}
    documents = root / layout.DOCUMENTS
    try:
        folders = sorted(os.scandir(documents), key=lambda e: e.name)
    except FileNotFoundError:
        return found
    except OSError as exc:
        raise ReadError(f"cannot read the documents folder: {exc.strerror or exc}",
                        str(documents)) from None
    for entry in folders:
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue
        base = f"{layout.DOCUMENTS}/{entry.name}/"
        with contextlib.suppress(OSError):
            stat = os.stat(Path(entry.path) / layout.TEXT_FILE)
            found[base + layout.TEXT_FILE] = (stat.st_size, stat.st_mtime_ns)
        with contextlib.suppress(OSError):
            for item in os.scandir(Path(entry.path) / layout.ANNOTATIONS):
                if item.name.endswith(".xml") and not item.name.startswith(".") \
                        and item.is_file(follow_symlinks=False):
                    stat = item.stat()
                    found[base + f"{layout.ANNOTATIONS}/{item.name}"] = (stat.st_size,
                                                                         stat.st_mtime_ns)
    return found


def _what(relative: str) -> tuple[str, str, str]:
    """(document id, "text" or "annotations", annotator file stem) of a corpus path."""
    parts = relative.split("/")
    if len(parts) == 3:
        return parts[1], "text", ""
    return parts[1], "annotations", parts[3].removesuffix(".xml")


def _forget_file(db: sqlite3.Connection, relative: str) -> None:
    db.execute("delete from files where path=?", (relative,))
    db.execute("delete from table_rows where path=?", (relative,))
    db.execute("delete from checked where path=?", (relative,))
    doc_id, kind, annotator = _what(relative)
    if kind == "text":
        row = db.execute("select num from documents where id=?", (doc_id,)).fetchone()
        if row is not None:
            db.execute("delete from texts where rowid=?", (row[0],))
            db.execute("delete from documents where num=?", (row[0],))
    else:
        db.execute("delete from annotations where doc_id=? and annotator=?", (doc_id, annotator))
        db.execute("delete from mentions where doc_id=? and annotator=?", (doc_id, annotator))


def _put_annotations(db: sqlite3.Connection, doc_id: str, annotator: str,
                     summary: FileSummary) -> None:
    """Put (or replace) what an annotation file holds into the index."""
    db.execute("insert or replace into annotations values (?, ?, ?, ?)",
               (doc_id, annotator, summary.status, json.dumps(summary.counts)))
    db.execute("delete from mentions where doc_id=? and annotator=?", (doc_id, annotator))
    db.executemany("insert into mentions values (?, ?, ?, ?)",
                   [(doc_id, annotator, entity, n) for entity, n in summary.mentions.items()])
