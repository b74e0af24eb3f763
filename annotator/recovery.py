"""Crash recovery: a journal on disk of every unsaved change, replayed after a crash.

Plain Python (no Qt, no XML), so it is tested without widgets and the GUI only
decides *where* journals live and *when* to sync them.

One journal file per open, modified document, in a folder of the user's data
directory (never beside the document: the document's folder may be read-only,
shared or synced, and the journal holds unsaved work). The file is JSON Lines:

* line 1, ``"t": "base"``: a full snapshot of the document (text, paragraphs,
  metadata, tagset with its attribute definitions, annotators, revisions,
  entities, annotations with their attribute values, notes and entity links,
  and its paths), written
  when the document first becomes modified;
* then one line per change: ``"op"`` (what one store change added, removed and
  updated), ``"clean"`` (the document is back to its saved state, e.g. undo to
  the save point), ``"saving"`` (a save is about to rename its new file, with
  that file's digest, into place) and ``"saved"`` (saved, possibly under a new
  path). Any line
  may also carry the header parts that changed since the last line (annotators,
  revisions, paths...), so replaying gives exactly the state before the crash.

Each line is written with one ``os.write`` as the change happens: the bytes
are then the kernel's, and survive the process being killed (even ``kill -9``).
``sync()`` (the GUI calls it from a timer, at most a second after a change)
fsyncs them, so that a power cut loses at most the last couple of seconds.

The base snapshot of a large document (a book, 100,000 annotations) takes longer
to write than a user waits for a tag to appear (0.1 s at 5 MB of text, 1.3 s at
50 MB). Its first change therefore only takes the snapshot (references to the
immutable text and annotations) and the caller writes it in steps of a few
milliseconds (``write_base``: the GUI does so when idle, so no key press waits
for more than one step); changes made meanwhile wait in memory and follow it, and
it is fsynced on a thread. Until it is written the journal is a ``.partial`` file
that no later start offers: a crash then loses those changes, as a power cut would.
(A thread instead of steps would fight the GUI thread for the GIL: tagging then
took several times as long.)

While its document is open, the journal file is held under an exclusive
``flock``. A journal whose lock can be taken therefore belongs to a process
that has died: an orphan, offered for restore at the next start. Where
``fcntl`` is missing, the process id in the file name is checked instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.files import file_digest, fsync_folder
from annotator.model import (
    AnnotatedDocument,
    Annotation,
    Annotator,
    Document,
    Entity,
    Metadata,
    Paragraph,
    Revision,
    StoreChange,
    Tag,
    Tagset,
)

try:
    import fcntl
except ImportError:  # Windows: fall back to checking whether the writer's pid is alive
    fcntl = None  # type: ignore[assignment]

# 2: attributes, notes, entities, tags as objects; 3: the further ranges of
# discontinuous annotations
FORMAT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
SUFFIX = ".jsonl"
# A document whose base snapshot costs more than this (characters of text, and 50
# for each annotation: a few milliseconds, one step's worth) gets it written in steps.
BASE_IN_STEPS_FROM = 200_000
# Pieces of the base snapshot: each is made by one C call of a few milliseconds.
_PIECE_CHARS = 1 << 18
_PIECE_ROWS = 5_000
PARTIAL_SUFFIX = ".jsonl.partial"  # a journal being created: never an orphan
CORRUPT_SUFFIX = ".jsonl.corrupt"  # kept for a person to look at, never offered again


class RecoveryError(Exception):
    """A journal cannot be read or replayed."""


@dataclass
class RecoveredDocument:
    """What a journal replays to: the document and the paths it had."""

    annotated: AnnotatedDocument
    tei_path: Path | None
    source_path: Path | None
    # SHA-256 of tei_path's bytes as the work was opened from or last saved to it
    # (None in journals of earlier versions): a file that differs now was changed
    # by somebody else after the crash, and Save must ask before replacing it.
    digest: str | None = None


# -- encoding ----------------------------------------------------------------------------
def _ann(a: Annotation) -> list:
    if a.attributes or a.note or a.entity or a.more:
        return [a.id, a.tag, a.start, a.end, a.resp, *_extras(a)]
    return [a.id, a.tag, a.start, a.end, a.resp]


def _extras(a: Annotation) -> list:
    """Values, note, link and, for a discontinuous annotation, its further ranges."""
    extras = [[list(p) for p in a.attributes], a.note, a.entity]
    if a.more:
        extras.append([list(r) for r in a.more])
    return extras


def _tag(t: Tag) -> dict[str, object]:
    return t.to_json()


def _entity(e: Entity) -> list:
    return [e.id, e.kind, e.name, e.type, [list(i) for i in e.identifiers]]


def _dumps(value: Any) -> str:
    # ensure_ascii=False: a German or Arabic text stays one byte-ish per character
    # instead of six, which halves the cost of the base snapshot. JSON escapes
    # control characters, so a record never contains a raw newline.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _utf8(json_text: str) -> bytes:
    """JSON text as bytes, also when it holds a file name's byte that is not UTF-8
    (a lone surrogate, ``os.fsdecode``): that is written as the JSON escape
    ``\\udcff``, which reads back as the same surrogate, so the path round-trips."""
    return json_text.encode("utf-8", "backslashreplace")


def _array_pieces(items: Sequence[Any], row: Callable[[Any], Any]) -> Iterator[bytes]:
    """A JSON array of ``items`` (each made by ``row``), ``_PIECE_ROWS`` at a time."""
    yield b"["
    for at in range(0, len(items), _PIECE_ROWS):
        inner = _dumps(list(map(row, items[at:at + _PIECE_ROWS])))[1:-1]
        yield (inner if at == 0 else "," + inner).encode("utf-8")
    yield b"]"


def _text_pieces(text: str) -> Iterator[bytes]:
    """A JSON string of ``text``, ``_PIECE_CHARS`` at a time (escaping is per
    character, and a str slice never splits one)."""
    yield b'"'
    for at in range(0, len(text), _PIECE_CHARS):
        yield _dumps(text[at:at + _PIECE_CHARS])[1:-1].encode("utf-8")
    yield b'"'


@dataclass(frozen=True)
class _BaseParts:
    """What a base snapshot holds, taken at one moment on the GUI thread: small
    parts as JSON values, the large ones as references to immutable objects (the
    text, the paragraphs, the annotations as they were; later changes replace
    annotations in the store, they never change one)."""

    head: dict[str, Any]
    paragraphs: Sequence[Paragraph]
    text: str
    annotations: list[Annotation]

    def pieces(self) -> Iterator[bytes]:
        """The base record's line, in pieces."""
        anns = self.annotations
        yield _utf8(_dumps(self.head)[:-1])  # (without its closing brace)
        yield b',"paras":'
        yield from _array_pieces(self.paragraphs, lambda p: [p.id, p.start, p.end])
        yield b',"text":'
        yield from _text_pieces(self.text)
        # All annotations as five parallel lists: one small list per annotation costs
        # ~5x more to build and to encode (and wakes the garbage collector). Store
        # order, not document order: the replay does not care about the order.
        yield b',"anns":{'
        for key in ("id", "tag", "start", "end", "resp"):
            yield (b"" if key == "id" else b",") + b'"%s":' % key.encode()
            yield from _array_pieces(anns, attrgetter(key))
        # Values, notes and links of the (few) annotations that have any.
        yield b',"x":{'
        first = True
        for at in range(0, len(anns), _PIECE_ROWS):
            extras = {a.id: _extras(a) for a in anns[at:at + _PIECE_ROWS]
                      if a.attributes or a.note or a.entity or a.more}
            if extras:
                inner = _dumps(extras)[1:-1]
                yield (inner if first else "," + inner).encode("utf-8")
                first = False
            else:
                yield b""
        yield b"}}}\n"


def _path(p: Path | str | None) -> str | None:
    # Absolute: the journal is read by another process, started in another folder.
    return None if p is None else os.path.abspath(p)


def _encode(record: dict[str, Any]) -> bytes:
    return _utf8(_dumps(record)) + b"\n"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class _Header:
    """The parts of a document besides its annotations, as last written to the journal."""

    def __init__(self, doc: AnnotatedDocument, tei_path: Path | None,
                 source_path: Path | None, digest: str | None) -> None:
        self.values = self.current(doc, tei_path, source_path, digest)

    @staticmethod
    def current(doc: AnnotatedDocument, tei_path: Path | None,
                source_path: Path | None, digest: str | None) -> dict[str, Any]:
        # Cheap to build (a handful of short tuples), so it is compared on every
        # change: a new annotator (made when someone first tags), a revision (made
        # by a save) or a new path never depends on a separate notification.
        meta = doc.document.metadata
        return {
            "tei": _path(tei_path),
            "dig": digest,
            "src": _path(source_path),
            "meta": (meta.title, meta.source, meta.language),
            "tags": tuple(doc.tagset),
            "who": tuple(doc.annotators.values()),
            "rev": tuple(doc.revisions),
            "ents": tuple(sorted(doc.annotations.register.values(), key=lambda e: e.id)),
        }

    def delta(self, doc: AnnotatedDocument, tei_path: Path | None,
              source_path: Path | None, digest: str | None) -> dict[str, Any]:
        now = self.current(doc, tei_path, source_path, digest)
        changed = {k: v for k, v in now.items() if self.values[k] != v}
        self.values = now
        return {k: _header_json(k, v) for k, v in changed.items()}


def _header_json(key: str, value: Any) -> Any:
    if key == "tags":
        return [_tag(t) for t in value]
    if key == "who":
        return [[a.id, a.name] for a in value]
    if key == "rev":
        return [[r.when, r.who, r.description] for r in value]
    if key == "meta":
        return list(value)
    if key == "ents":
        return [_entity(e) for e in value]
    return value


# -- the journal of one open document ------------------------------------------------------
class RecoveryJournal:
    """The recovery journal of one open document, kept in ``folder``.

    Nothing is written until ``start()`` or the first ``record()``: a document
    that is only read leaves no trace. Not thread-safe; the GUI calls it from
    its own thread only (a thread of the journal's own only fsyncs a large base
    snapshot).
    """

    def __init__(self, folder: str | os.PathLike[str], annotated: AnnotatedDocument,
                 tei_path: Path | None = None, source_path: Path | None = None,
                 app_version: str = "", digest: str | None = None) -> None:
        self.folder = Path(folder)
        self.annotated = annotated
        self.tei_path = tei_path
        self.digest = digest  # of tei_path's bytes as opened or last saved
        self.source_path = source_path
        self.app_version = app_version
        self.path: Path | None = None  # the journal file, once started
        self.changes = 0  # changes since the document was last clean
        self._fd: int | None = None
        self._header: _Header | None = None
        self._unsynced = False  # bytes written but not yet fsynced
        self._folder_unsynced = False  # a new file name not yet fsynced in its folder
        self._closed = False
        # While a base snapshot is written in steps: the steps left, and the lines
        # that wait for it (None once lines go straight to the file). Then the
        # thread that makes it durable.
        self._steps: Iterator[None] | None = None
        self._queued: list[bytes] | None = None
        self._syncing: threading.Thread | None = None
        self._sync_failure: OSError | None = None

    # -- state -----------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self._fd is not None

    @property
    def pending(self) -> bool:
        """True while written bytes wait for ``sync()``, or a base snapshot is still
        being written or made durable."""
        return (self._unsynced or self._folder_unsynced or self.writing
                or (self._syncing is not None and self._syncing.is_alive())
                or self._sync_failure is not None)  # (for sync() to report)

    @property
    def writing(self) -> bool:
        """True while a base snapshot waits for ``write_base`` to write it."""
        return self._steps is not None

    # -- writing ---------------------------------------------------------------------
    def start(self, changes: int = 1) -> None:
        """Write the base snapshot of the document as it is now (if not yet written),
        before returning.

        ``changes`` is how many unsaved changes that state holds (shown when
        offering to restore); a restored document passes on its own count.
        """
        if self._fd is not None or self._closed:
            return
        self._begin(changes, beside=False)
        self.write_base()

    def _begin(self, changes: int, beside: bool) -> None:
        """Take the base snapshot and open its file; ``write_base`` writes it. With
        ``beside`` (a large document's first change) it is then made durable on a
        thread; otherwise ``sync()`` does that."""
        self.changes = changes
        fd, target, final = self._create()
        try:
            parts = self._base_parts()
        except BaseException:
            self._remove(fd, target)
            raise
        self._fd = fd
        self.path = target
        self._header = _Header(self.annotated, self.tei_path, self.source_path, self.digest)
        self._queued = []
        self._steps = self._base_steps(fd, parts, target, final, beside)

    def _base_steps(self, fd: int, parts: _BaseParts, target: Path, final: Path,
                    beside: bool) -> Iterator[None]:
        for piece in parts.pieces():
            _write_all(fd, piece)
            yield
        queued, self._queued = self._queued or [], None  # lines go to the file from now
        _write_all(fd, b"".join(queued))
        if target != final:
            os.replace(target, final)
            self.path = final
        if not beside:
            self._unsynced = self._folder_unsynced = True
            return
        # Durable on a thread: fsync of megabytes may take a while, and it holds no GIL.
        self._syncing = threading.Thread(target=self._make_durable, args=(fd,),
                                         name="annotator: journal fsync", daemon=True)
        self._syncing.start()

    def _make_durable(self, fd: int) -> None:
        try:
            os.fsync(fd)
            fsync_folder(self.folder)
        except OSError as error:  # raised by the next sync(), on the GUI thread
            self._sync_failure = error

    def write_base(self, seconds: float | None = None) -> bool:
        """Write the base snapshot for about ``seconds`` (all of it with None); True
        while some of it is left. A failure removes the file and stops the journal."""
        steps = self._steps
        if steps is None:
            return False
        deadline = None if seconds is None else time.perf_counter() + seconds
        try:
            for _ in steps:
                if deadline is not None and time.perf_counter() >= deadline:
                    return True
        except BaseException:
            # A journal without its base is of no use: gone, and nothing more written.
            self._steps = self._queued = None
            self._closed = True
            fd, self._fd = self._fd, None
            if fd is not None and self.path is not None:
                self._remove(fd, self.path)
            raise
        self._steps = None
        return False

    def _create(self) -> tuple[int, Path, Path]:
        """The journal file, open and locked: (fd, the name to write it under, its
        final name)."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # The pid in the name lets the fallback without fcntl tell live journals apart.
        stem = f"{os.getpid()}-{time.time_ns() // 1_000_000}-{uuid.uuid4().hex[:8]}"
        final = self.folder / (stem + SUFFIX)
        # Written under a name no scanner looks at, locked, then renamed: another
        # instance starting up can never see a half-written base and take it for
        # a dead journal.
        target = self.folder / (stem + PARTIAL_SUFFIX) if fcntl is not None else final
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_BINARY", 0), 0o600)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BaseException:
                self._remove(fd, target)
                raise
        return fd, target, final

    @staticmethod
    def _remove(fd: int, path: Path) -> None:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)

    def _base_parts(self) -> _BaseParts:
        doc = self.annotated
        meta = doc.document.metadata
        head = {
            "t": "base",
            "v": FORMAT_VERSION,
            "app": self.app_version,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "tei": _path(self.tei_path),
            "dig": self.digest,
            "src": _path(self.source_path),
            "changes": self.changes,
            "meta": [meta.title, meta.source, meta.language],
            "tags": [_tag(t) for t in doc.tagset],
            "who": [[a.id, a.name] for a in doc.annotators.values()],
            "rev": [[r.when, r.who, r.description] for r in doc.revisions],
            "ents": [_entity(e) for e in sorted(doc.annotations.register.values(),
                                                key=lambda e: e.id)],
        }
        return _BaseParts(head, doc.document.paragraphs, doc.document.text,
                          list(doc.annotations.by_id.values()))

    def record(self, change: StoreChange) -> None:
        """Journal one store change (the store's ``subscribe`` callback).

        The first change of a clean document writes the base snapshot instead,
        which already holds the change.
        """
        if self._closed:
            return
        if self._fd is None:
            doc = self.annotated
            # (Without fcntl the file is written under its final name, as an open file
            # cannot be renamed there: a base half written would look like a journal.)
            if (fcntl is not None
                    and len(doc.document.text) + 50 * len(doc.annotations) >= BASE_IN_STEPS_FROM):
                self._begin(1, beside=True)
            else:
                self.start()
            return
        record: dict[str, Any] = {"t": "op"}
        if change.removed:
            record["del"] = [a.id for a in change.removed]
        if change.updated:
            record["upd"] = [_ann(new) for _old, new in change.updated]
        if change.added:
            record["add"] = [_ann(a) for a in change.added]
        self.changes += 1
        self._append(record)

    def mark_clean(self) -> None:
        """The document equals its saved file again (saved, or undone to the save point)."""
        if self._fd is not None and not self._closed:
            self.changes = 0
            self._append({"t": "clean"})

    def mark_saving(self, tei_path: Path, digest: str) -> None:
        """A save to ``tei_path`` is about to rename its new file (whose bytes have
        ``digest``) into place. Should the process die before ``mark_saved``, the
        next start finds that file and knows it for this save, not for a change
        by another program. Made durable at once, as the rename will be."""
        if self._fd is not None and not self._closed:
            self._append({"t": "saving", "to": str(tei_path), "new": digest})
            self.sync()

    def mark_saved(self, tei_path: Path, digest: str | None = None) -> None:
        """The document was saved to ``tei_path`` (whose bytes now have ``digest``):
        later changes belong to that file."""
        self.tei_path = tei_path
        self.digest = digest
        if self._fd is not None and not self._closed:
            self.changes = 0
            self._append({"t": "saved"})

    def _append(self, record: dict[str, Any]) -> None:
        assert self._fd is not None and self._header is not None
        record.update(self._header.delta(self.annotated, self.tei_path, self.source_path,
                                         self.digest))
        line = _encode(record)
        if self._queued is not None:  # the base snapshot is still being written
            self._queued.append(line)
            return
        _write_all(self._fd, line)
        self._unsynced = True

    def sync(self) -> None:
        """Make written changes durable (fsync); cheap when there is nothing to do.
        (A base snapshot written in steps is made durable on a thread.)"""
        if self._sync_failure is not None:
            failure, self._sync_failure = self._sync_failure, None
            raise failure
        if self._fd is None or self.writing:
            return
        if self._unsynced:
            self._unsynced = False
            os.fsync(self._fd)
        if self._folder_unsynced:
            self._folder_unsynced = False
            fsync_folder(self.folder)

    def _finish_base(self, write: bool) -> None:
        """Before the file is closed: the base snapshot written (or dropped), and
        made durable."""
        if write:
            self.write_base()
        self._steps = self._queued = None
        if self._syncing is not None:
            self._syncing.join()
            self._syncing = None

    def close(self, clean: bool) -> None:
        """Stop journaling. ``clean``: the work is saved or discarded, delete the journal.

        Otherwise the journal is made durable and kept: the next start offers it.
        """
        if self._closed:
            return
        self._closed = True
        try:
            # Work saved or discarded needs no base snapshot; work kept for the next
            # start does.
            self._finish_base(write=not clean)
        finally:
            fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if clean:
                # Deleted while still locked, so no other instance can take it for
                # an orphan between the unlink and the close.
                assert self.path is not None
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path)
            else:
                os.fsync(fd)
        finally:
            os.close(fd)

    def abandon(self) -> None:
        """Let go of the file as a crash would: unlocked, not deleted, no final sync.

        For tests that simulate a crash inside one process; the next
        ``find_orphans`` offers the journal. (A base snapshot still being written is
        finished first: a crash after the journal's writes reached the kernel.)
        """
        self._finish_base(write=True)
        self._closed = True
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


# -- reading journals back -----------------------------------------------------------------
@dataclass
class Replay:
    """A journal read back: the document state at its last complete line."""

    recovered: RecoveredDocument
    changes: int  # unsaved changes since the last clean state
    clean: bool  # the final state equals the saved file: nothing to restore
    damaged: bool  # a bad line stopped the replay before the end of the file
    created: str = ""
    app_version: str = ""
    pid: int = 0
    host: str = ""
    # A save that was about to rename its file when the journal ends (no "saved"
    # line followed): (its path, the digest of its new file, changes after it).
    unconfirmed_save: tuple[Path, str, int] | None = None


def _annotation(row: list | tuple, extras: list | None = None) -> Annotation:
    if len(row) in (8, 9):
        ann_id, tag, start, end, resp, *extras = row
    else:
        ann_id, tag, start, end, resp = row
    if not (isinstance(ann_id, str) and isinstance(tag, str) and isinstance(resp, str)
            and type(start) is int and type(end) is int):
        raise RecoveryError(f"bad annotation {row!r}")
    if not extras:
        return Annotation(ann_id, tag, start, end, resp)
    if len(extras) not in (3, 4):
        raise RecoveryError(f"bad annotation {row!r}")
    attributes, note, entity, *more = extras
    ranges = more[0] if more else []
    if not (isinstance(note, str) and isinstance(entity, str) and all(
            isinstance(n, str) and isinstance(v, str) for n, v in attributes)
            and isinstance(ranges, list) and all(
            isinstance(r, list) and len(r) == 2 and all(type(x) is int for x in r)
            for r in ranges)):
        raise RecoveryError(f"bad annotation {row!r}")
    return Annotation(ann_id, tag, start, end, resp, tuple((n, v) for n, v in attributes),
                      note, entity, tuple(map(tuple, ranges)))


def _read_tag(row: list | dict) -> Tag:
    return Tag.from_json(row) if isinstance(row, dict) else Tag(*row)


class _State:
    """Header parts and annotations while replaying; the document is built once at the end."""

    def __init__(self, base: dict[str, Any]) -> None:
        if base.get("t") != "base":
            raise RecoveryError("the first line is not a base snapshot")
        version = base.get("v")
        if version not in READABLE_VERSIONS:
            raise _UnknownVersion(f"journal format {version!r}, this version reads "
                                  f"{', '.join(map(str, READABLE_VERSIONS))}")
        self.text: str = base["text"]
        if not isinstance(self.text, str):
            raise RecoveryError("the text is not a string")
        self.paragraphs = tuple(Paragraph(str(i), int(s), int(e)) for i, s, e in base["paras"])
        self.header: dict[str, Any] = {}
        self.apply_header(base)
        self.annotations: dict[str, Annotation] = {}
        columns = base["anns"]
        rows = zip(columns["id"], columns["tag"], columns["start"], columns["end"],
                   columns["resp"], strict=True)
        extras = columns.get("x", {})
        for row in rows:
            ann = _annotation(row, extras.get(row[0]))
            if ann.id in self.annotations:
                raise RecoveryError(f"annotation {ann.id!r} twice in the base")
            self.annotations[ann.id] = ann
        self.changes = int(base.get("changes", 1))
        self.clean = False
        self.unconfirmed_save: tuple[Path, str, int] | None = None

    def apply_header(self, record: dict[str, Any]) -> None:
        for key in ("tei", "dig", "src", "meta", "tags", "who", "rev", "ents"):
            if key in record:
                self.header[key] = record[key]

    def apply(self, record: dict[str, Any]) -> None:
        kind = record.get("t")
        if kind == "op":
            anns = self.annotations
            for ann_id in record.get("del", ()):
                if anns.pop(ann_id, None) is None:
                    raise RecoveryError(f"deletes unknown annotation {ann_id!r}")
            for row in record.get("upd", ()):
                ann = _annotation(row)
                if ann.id not in anns:
                    raise RecoveryError(f"updates unknown annotation {ann.id!r}")
                anns[ann.id] = ann
            for row in record.get("add", ()):
                ann = _annotation(row)
                if ann.id in anns:
                    raise RecoveryError(f"adds annotation {ann.id!r} twice")
                anns[ann.id] = ann
            self.changes += 1
            self.clean = False
            if self.unconfirmed_save is not None:
                path, digest, after = self.unconfirmed_save
                self.unconfirmed_save = (path, digest, after + 1)
        elif kind in ("clean", "saved"):
            self.changes = 0
            self.clean = True
            self.unconfirmed_save = None
        elif kind == "saving":
            path, digest = record["to"], record["new"]
            if not (isinstance(path, str) and path and isinstance(digest, str) and digest):
                raise RecoveryError(f"bad save record {record!r}")
            self.unconfirmed_save = (Path(path), digest, 0)
        else:
            raise RecoveryError(f"unknown record {kind!r}")
        self.apply_header(record)

    def build(self) -> RecoveredDocument:
        h = self.header
        title, source, language = h["meta"]
        document = Document(self.text, self.paragraphs, Metadata(title, source, language))
        tagset = Tagset(_read_tag(row) for row in h["tags"])
        entities = [Entity(i, k, n, t, tuple((s, v) for s, v in ids))
                    for i, k, n, t, ids in h.get("ents", ())]
        # create() validates every annotation against the text, the tagset and the
        # entities, so a journal that disagrees with itself is refused here, not in the GUI.
        annotated = AnnotatedDocument.create(
            document, tagset,
            annotators=[Annotator(i, n) for i, n in h["who"]],
            revisions=[Revision(w, who, d) for w, who, d in h["rev"]],
            annotations=self.annotations.values(), entities=entities)
        tei, src, digest = h.get("tei"), h.get("src"), h.get("dig")
        return RecoveredDocument(annotated, Path(tei) if tei else None,
                                 Path(src) if src else None,
                                 digest if isinstance(digest, str) and digest else None)


class _UnknownVersion(RecoveryError):
    """Written by another version of the application: leave it alone."""


def replay_bytes(data: bytes) -> Replay:
    """Replay a journal's bytes up to its last complete, readable line.

    A final line without its newline is what a crash in the middle of a write
    leaves: it is ignored. A bad line stops the replay there (``damaged``);
    a bad base snapshot raises ``RecoveryError``.
    """
    lines = data.split(b"\n")
    lines.pop()  # after the last newline: empty, or a line the crash cut short
    if not lines:
        raise RecoveryError("the journal is empty")
    try:
        base = json.loads(lines[0])
        state = _State(base)
    except RecoveryError:
        raise
    except Exception as error:
        raise RecoveryError(f"unreadable base snapshot: {error}") from error
    damaged = False
    for line in lines[1:]:
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise RecoveryError("not a record")
            state.apply(record)
        except Exception:
            # A torn or zero-filled line (power cut) or a bug: keep what came before.
            damaged = True
            break
    try:
        recovered = state.build()
    except Exception as error:
        raise RecoveryError(f"the journal does not replay to a valid document: {error}") \
            from error
    return Replay(recovered, state.changes, state.clean, damaged, str(base.get("created", "")),
                  str(base.get("app", "")), int(base.get("pid", 0) or 0),
                  str(base.get("host", "")), state.unconfirmed_save)


def _settle_unconfirmed_save(replay: Replay) -> None:
    """A process that died between a save's rename and its "saved" line: if the file
    is that save's (its digest), the save happened; the journal then goes on from
    it, and is clean if nothing was changed after it."""
    if replay.unconfirmed_save is None:
        return
    path, digest, changes_after = replay.unconfirmed_save
    try:
        if file_digest(path) != digest:
            return  # the save failed, or the file was changed since
    except AnnotatorError:
        return
    replay.recovered.tei_path = path
    replay.recovered.digest = digest
    replay.changes = changes_after
    replay.clean = changes_after == 0
    replay.unconfirmed_save = None


def replay_file(path: str | os.PathLike[str]) -> Replay:
    return replay_bytes(Path(path).read_bytes())


# -- finding the journals of dead processes ---------------------------------------------------
@dataclass
class Orphan:
    """The journal of a process that died with unsaved work.

    Holds the journal's lock until ``discard()`` or ``release()``, so that a
    second instance starting at the same time does not offer it too.
    """

    path: Path
    replay: Replay
    last_change: float  # seconds since the epoch: the journal's last write
    _fd: int | None = field(default=None, repr=False)

    @property
    def recovered(self) -> RecoveredDocument:
        return self.replay.recovered

    @property
    def changes(self) -> int:
        return self.replay.changes

    @property
    def damaged(self) -> bool:
        return self.replay.damaged

    @property
    def document_path(self) -> Path | None:
        return self.recovered.tei_path or self.recovered.source_path

    @property
    def name(self) -> str:
        path = self.document_path
        return path.name if path is not None else "Untitled"

    def restore(self) -> RecoveredDocument:
        """The document as it was before the crash. The journal stays until ``discard()``:

        call that once the restored work is safe elsewhere (in a new journal).
        """
        return self.recovered

    def discard(self) -> None:
        """Delete the journal (after restoring it, or because the user said so)."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        self.release()

    def release(self) -> None:
        """Keep the journal for a later start, and let go of its lock."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _take(path: Path) -> int | None:
    """Open and lock a journal nobody else holds; None if a live process holds it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    if fcntl is None:
        pid = path.name.split("-", 1)[0]
        if pid.isdigit() and _pid_alive(int(pid)):
            os.close(fd)
            return None
        return fd
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # The owner deletes its journal while still holding the lock, so a lock
        # taken on a file that is gone by now is not an orphan.
        if os.fstat(fd).st_nlink == 0:
            raise FileNotFoundError(path)
    except OSError:
        os.close(fd)
        return None
    return fd


def _read_fd(fd: int) -> bytes:
    chunks = []
    os.lseek(fd, 0, os.SEEK_SET)
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def find_orphans(folder: str | os.PathLike[str]) -> list[Orphan]:
    """Journals of dead processes with unsaved work, oldest first.

    Journals still locked by a running instance are skipped; journals whose
    final state is clean are deleted (nothing was lost); journals that cannot
    be replayed are renamed to ``*.jsonl.corrupt`` and skipped, never raised;
    journals of another format version are left for that version. Each
    returned orphan holds its journal's lock: ``discard()`` or ``release()`` it.
    """
    root = Path(folder)
    if not root.is_dir():
        return []
    orphans: list[Orphan] = []
    for partial in root.glob("*" + PARTIAL_SUFFIX):
        # A crash in the middle of writing a base snapshot: incomplete by definition,
        # and it held a single change (the document's first). Nothing to replay.
        fd = _take(partial)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            os.close(fd)
    for path in sorted(root.glob("*" + SUFFIX)):
        fd = _take(path)
        if fd is None:
            continue
        try:
            last_change = os.fstat(fd).st_mtime
            replay = replay_bytes(_read_fd(fd))
            _settle_unconfirmed_save(replay)
        except _UnknownVersion as error:
            _note(f"recovery: skipping {path.name}: {error}")
            os.close(fd)
            continue
        except Exception as error:  # never let a bad journal stop the application
            _note(f"recovery: {path.name} cannot be restored ({error}); kept as "
                  f"{path.name.removesuffix(SUFFIX) + CORRUPT_SUFFIX}")
            with contextlib.suppress(OSError):
                os.replace(path, path.with_name(path.name.removesuffix(SUFFIX)
                                                + CORRUPT_SUFFIX))
            os.close(fd)
            continue
        if replay.clean:
            with contextlib.suppress(OSError):
                os.unlink(path)
            os.close(fd)
            continue
        orphans.append(Orphan(path, replay, last_change, fd))
    orphans.sort(key=lambda o: o.last_change)
    return orphans


def _note(message: str) -> None:
    print(message, file=sys.stderr)
