"""Opening, saving and exporting documents: the one door between files and the model.

The GUI and the CLI call only these functions; neither knows any file format.
Every failure is an ``AnnotatorError`` with a message for the user.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import AnnotatorError, ChangedOnDiskError, Problem, ReadError, WriteError
from annotator.filenames import displayable
from annotator.formats.commitments import FORMATS as COMMITMENT_FORMATS
from annotator.model import AnnotatedDocument
from annotator.model.tagset import Tagset
from annotator.progress import Progress
from annotator.safe_files import (
    create_temporary,
    file_kind,
    followed_target,
    is_write_through,
    keep_copy,
    locked_target,
    new_file_mode,
    permissions_of,
    refuse_unless_replaceable,
    remove_leftover_temporaries,
    remove_quietly,
    write_through,
)
from annotator.session import DocumentSession, TeiOrigin
from annotator.threads import Meanwhile, in_background

# Formats ``export`` writes, with the file suffix a save dialog proposes.
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "tei-inline": ("TEI with inline annotations", ".xml"),
    "csv": ("Annotation table (CSV)", ".csv"),
    "jsonl": ("Annotation table (JSON Lines)", ".jsonl"),
    "txt": ("Plain text", ".txt"),
    # Commitments as data: one row per commitment, or per entity.
    **COMMITMENT_FORMATS,
}

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass
class SaveResult:
    digest: str  # of the bytes now on disk
    notes: list[str] = field(default_factory=list)  # e.g. the backup could not be kept


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str | os.PathLike[str]) -> str | None:
    """The SHA-256 of the file's bytes, or None if there is no such file."""
    h = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            # A FIFO or device put where the document was: never open it (it could hang).
            raise ReadError("is not a regular file", str(path))
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                h.update(chunk)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ReadError("is a folder, not a file", str(path)) from None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    return h.hexdigest()


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where the previous version goes when a save replaces a file."""
    p = Path(path)
    return p.with_name(p.name + ".bak")


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a regular file whole, turning every OS failure into a ``ReadError``.

    Only regular files are read: a FIFO, socket or device (``/dev/zero``) is
    refused without being opened (opening some devices has effects), since
    reading it may never end. The file is then opened without blocking (a FIFO
    swapped in meanwhile would otherwise wait for a writer), checked again on
    the open descriptor, and read at most ``MAX_FILE_BYTES`` + 1 bytes, so a
    file that grows while it is read is refused, not read forever.
    """
    p = Path(path)
    limit_mb = MAX_FILE_BYTES // (1024 * 1024)
    try:
        mode = p.stat().st_mode
        if stat.S_ISDIR(mode):
            raise ReadError("is a folder, not a file", str(p))
        if not stat.S_ISREG(mode):
            raise ReadError(f"is {file_kind(mode)}, not a regular file; "
                            "only ordinary files can be opened", str(p))
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(p, flags)
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise ReadError("is a folder, not a file", str(p))
            if not stat.S_ISREG(info.st_mode):
                raise ReadError(f"is {file_kind(info.st_mode)}, not a regular file; "
                                "only ordinary files can be opened", str(p))
            if info.st_size > MAX_FILE_BYTES:
                raise ReadError(f"is {info.st_size // (1024 * 1024)} MB; files over "
                                f"{limit_mb} MB are not supported", str(p))
            chunks: list[bytes] = []
            total = 0
            want = info.st_size + 1  # one read for an ordinary file; more if it grows
            while chunk := os.read(fd, max(1, min(want, MAX_FILE_BYTES + 1 - total))):
                want = 1 << 24
                chunks.append(chunk)
                total += len(chunk)
                if total > MAX_FILE_BYTES:
                    raise ReadError(f"grew past {limit_mb} MB while being read; files over "
                                    f"{limit_mb} MB are not supported", str(p))
            return b"".join(chunks)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise ReadError("no such file", str(p)) from None
    except PermissionError:
        raise ReadError("permission denied: cannot read this file", str(p)) from None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", str(p)) from None


# What '<' looks like at the start of a file: after a byte-order mark, or in
# UTF-16/32 without one. (Longer signatures first: UTF-32 LE begins like UTF-16 LE.)
_XML_STARTS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)


def looks_like_xml(data: bytes) -> bool:
    """True if the first non-blank character is ``<``, in whatever encoding the file uses."""
    head = data[:1024]
    for bom, codec in _XML_STARTS:
        if head.startswith(bom):
            text = head[len(bom):].decode(codec, errors="ignore")
            break
    else:
        if head.startswith((b"<\x00", b"\x00<", b"\x00\x00\x00<")):
            return True  # UTF-16 or UTF-32 without a byte-order mark
        text = head.decode("latin-1")
    return text.lstrip(" \t\r\n").startswith("<")


def open_document(path: str | os.PathLike[str], progress: Progress | None = None, *,
                  prefer_original: bool = False) -> DocumentSession:
    """Open a TEI file (Annotator's own, its inline export, or any other TEI document)
    or a plain-text article, as a session whose ``source_path`` is ``path``.

    ``progress`` receives the phases and may cancel between them (``Cancelled``).
    A TEI document Annotator did not write comes with an ``origin``: the session's
    ``write`` and ``export`` (or ``save_document`` and ``export_document`` given it)
    write into that file without changing anything else in it (``docs/tei-import.md``);
    ``prefer_original`` shows its ``choice``s' original readings (sic, orig, abbr).
    """
    progress = progress or Progress()
    p = Path(path)
    from annotator.corpus.layout import corpus_file

    if corpus_file(p) is not None:  # a corpus's text or annotator's file (docs/corpus.md)
        from annotator.corpus.folder import open_corpus_file

        return open_corpus_file(p, progress)
    progress.step(f"Reading {p.name}…")
    data = read_bytes(p)
    if looks_like_xml(data):
        from annotator.model.legacy import upgrade

        progress.step("Checking the TEI and building the annotations…")
        opened = _open_tei(data, p, prefer_original)
        opened.source_path = p
        opened.warnings[:0] = _encoding_warnings(data, p)
        opened.notes.extend(upgrade(opened.document))
        progress.check()
        return opened
    from annotator.formats.plaintext import document_from_text_bytes

    progress.step("Reading the text…")
    document, notes = document_from_text_bytes(data, str(p))
    progress.check()
    return DocumentSession(AnnotatedDocument.create(document), None, p, notes)


def _open_tei(data: bytes, path: Path, prefer_original: bool = False) -> DocumentSession:
    from annotator.errors import ValidationError
    from annotator.tei.additions import is_native
    from annotator.tei.reader import parse_tei

    digest = _digest_meanwhile(data)
    if _looks_native(data):
        try:
            return DocumentSession(parse_tei(data, str(path)), path, digest=digest())
        except ValidationError as failure:
            # Annotator's mark in a file it did not write (copied in by hand,
            # or a look-alike): read it as the TEI document it is, if it is one.
            try:
                source, notes = _read_source(data, path, prefer_original)
            except AnnotatorError:
                raise failure from None
            if is_native(source.tree.getroot()):
                raise
    else:
        source, notes = _read_source(data, path, prefer_original)
        if is_native(source.tree.getroot()):
            return DocumentSession(parse_tei(data, str(path)), path, digest=digest())
    return DocumentSession(source.annotated, path, notes=notes + _unsaveable(data)
                           + list(source.notes), digest=digest(), origin=TeiOrigin(source),
                           warnings=list(source.warnings))


def _unsaveable(data: bytes) -> list[str]:
    """A note, said on opening (before any work), if annotations cannot be saved into
    this file because of its encoding."""
    from annotator.tei.splice import file_encoding

    try:
        file_encoding(data)
    except WriteError as refusal:
        return [f"{refusal.message}: export your annotations (File ▸ Export) to keep them"]
    return []


def _encoding_warnings(data: bytes, path: Path) -> list[Problem]:
    """A warning if the bytes contradict the encoding the file declares."""
    from annotator.tei.encoding import contradiction, detect

    found = contradiction(data)
    if found is None:
        return []
    line, meant, read = found
    declared = detect(data).declared
    return [Problem(f'the file declares encoding="{declared}", but its bytes are UTF-8: '
                    f"“{meant}” reads as “{read}”; Annotator reads the file as declared, so "
                    "every character outside ASCII comes out garbled. Correct the "
                    'declaration to encoding="UTF-8" in another editor and open the file '
                    "again",
                    str(path), line)]


# Below this the digest is taken at once: a thread costs more than it saves.
_DIGEST_BESIDE_FROM = 1 << 20


def _digest_meanwhile(data: bytes) -> Callable[[], str]:
    """Start taking ``data``'s digest; the returned call waits for it.

    A large file's digest is taken on another thread while the caller parses:
    hashlib and libxml2 both let go of the GIL, so the two run at once on two
    cores.
    """
    if len(data) < _DIGEST_BESIDE_FROM:
        digest = digest_bytes(data)
        return lambda: digest
    return Meanwhile(lambda: digest_bytes(data)).result


def _read_source(data: bytes, path: Path, prefer_original: bool):  # -> (TeiSource, notes)
    from annotator.errors import ValidationError
    from annotator.tei.source import TeiSource

    try:
        source = TeiSource.from_bytes(data, str(path), prefer_original=prefer_original)
        if not source.ends_off_reading:
            return source, []
        # Some pointers begin or end on text this reading does not show: if the other
        # reading shows them exactly, they were made on it (saved with it shown).
        try:
            other = TeiSource.from_bytes(data, str(path), prefer_original=not prefer_original)
        except AnnotatorError:
            return source, []
        if other.ends_off_reading:
            return source, []
        source = other
    except ValidationError as failure:
        # Annotations made on one reading of the document's choices lie on text the
        # other reading does not show: show the reading they were made on.
        try:
            source = TeiSource.from_bytes(data, str(path), prefer_original=not prefer_original)
        except AnnotatorError:
            raise failure from None
    which = ("original spellings (sic, orig, abbr)" if source.prefer_original
             else "edited readings (corr, reg, expan)")
    return source, [f"shown with the {which} of its choices, on which its annotations lie"]


# Annotator's own files name it in the header and lack the registry of additions
# that marks a foreign file it saved into. A look at the header's bytes says which
# reader to use without parsing twice; ``is_native`` on the tree decides in doubt.
_NATIVE_MARK = b'<application ident="annotator"'
_FOREIGN_MARK = b'<ptr type="added"'


def _looks_native(data: bytes) -> bool:
    end = data.find(b"teiHeader>", data.find(b"teiHeader") + 1)
    header = data[:end] if end >= 0 else data[:1 << 16]
    return _NATIVE_MARK in header and _FOREIGN_MARK not in header


def restore_session(annotated: AnnotatedDocument, tei_path: Path | None,
                    source_path: Path | None = None, *, base_digest: str | None = None,
                    prefer_original: bool = False) -> DocumentSession:
    """Put work restored after a crash back on the TEI document it belongs to: an
    unsaved session (``modified_outside_undo``).

    Crash recovery keeps text and annotations, not the encoding of somebody
    else's TEI file; saving without it would write Annotator's own format over
    that file. So the file is read again: if it still gives the same text, the
    annotations go onto it and the session's ``origin`` lets saves splice into it.
    If it changed (or cannot be read), the work comes back with no ``tei_path``,
    to be saved under a new name, and a note says why. Native files and plain
    text need nothing.

    ``base_digest`` is the digest of the file the work was based on (opened from or
    last saved to). If the file differs now, somebody changed it after the crash:
    the session's ``digest`` stays the base (so Save asks before replacing their
    changes) and ``changed_since_base`` is the file's digest now.
    """
    session = _reattached(annotated, tei_path, prefer_original)
    session.source_path = source_path
    session.modified_outside_undo = True
    current = None
    if session.tei_path is not None:
        try:
            current = file_digest(session.tei_path)
        except AnnotatorError:
            current = None
    # A journal of an earlier version knows no base: the file as it is now is then
    # what Save replaces.
    changed = base_digest is not None and current is not None and current != base_digest
    session.digest = base_digest if changed else current
    session.changed_since_base = current if changed else None
    return session


def _reattached(annotated: AnnotatedDocument, tei_path: Path | None,
                prefer_original: bool) -> DocumentSession:
    if tei_path is None:
        return DocumentSession(annotated, None)
    from annotator.corpus.folder import restored_corpus_session

    in_corpus = restored_corpus_session(annotated, tei_path)
    if in_corpus is not None:  # an annotator's file of a corpus: saves go back to it
        return in_corpus
    try:
        data = read_bytes(tei_path)
    except AnnotatorError:
        return DocumentSession(annotated, tei_path)  # gone: Save writes it again
    if not looks_like_xml(data) or _looks_native(data):
        return DocumentSession(annotated, tei_path)
    from annotator.tei.additions import is_native
    from annotator.tei.source import TeiSource

    text = annotated.document.text
    try:
        source = TeiSource.from_bytes(data, str(tei_path), prefer_original=prefer_original)
        if is_native(source.tree.getroot()):
            return DocumentSession(annotated, tei_path)
        if source.document.text != text:  # the other reading of its choices, maybe
            source = TeiSource.from_bytes(data, str(tei_path),
                                          prefer_original=not prefer_original)
    except AnnotatorError:
        source = None
    if source is None or source.document.text != text:
        return DocumentSession(annotated, None, notes=[
            f"{tei_path.name} no longer has the text you were annotating; save the "
            "restored work under a new name"])
    rebuilt = AnnotatedDocument.create(source.document, annotated.tagset,
                                       annotated.annotators.values(), annotated.revisions,
                                       list(annotated.annotations),
                                       annotated.entities.values())
    return DocumentSession(rebuilt, tei_path, origin=TeiOrigin(source))


def _write_target(shown: Path) -> tuple[Path, Path, int]:
    """The file a write of ``shown`` replaces (``_replaceable``), its folder, and the mode
    the new file gets (the old one's, else a new file's); ``WriteError`` when the folder
    is gone."""
    target, existing = _replaceable(shown)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError("the folder does not exist (was it moved or deleted?); "
                         "nothing was written", str(shown))
    return target, folder, (existing.st_mode & 0o777 if existing is not None
                            else new_file_mode())


def write_atomically(path: str | os.PathLike[str], data: bytes, backup: bool = False,
                     progress: Progress | None = None, *, expected_digest: str | None = None,
                     like: str | os.PathLike[str] | None = None,
                     before_replace: Callable[[Path], None] | None = None) -> list[str]:
    """Write ``data`` to ``path`` so that ``path`` is either the old or the new file.

    A temporary file in the same folder is written, flushed and fsynced, then
    renamed over the target. Any failure leaves the old file untouched. With
    ``backup`` the old file is first kept as ``backup_path(path)``. A cancel
    through ``progress`` is honoured up to the rename and refused after it.
    Returns notes for the user (a backup that could not be kept).

    What is replaced (``annotator.safe_files``): a symbolic link of the user's
    own is followed and the file it names is saved, the link kept (the backup
    goes beside that file); a read-only file, another user's file or link, and
    anything but a regular file are refused (``ProtectedFileError``). With
    ``expected_digest`` the file must still have those bytes right before the
    rename (else ``ChangedOnDiskError``): every Annotator compares and renames
    under a lock on the file, so of two saves at once exactly one wins. A new
    file gets no wider permissions than the document ``like`` it comes from.
    ``before_replace(file)`` runs right before the rename. Temporary files that
    an earlier save of the same file left when it was killed are removed.
    """
    shown = Path(path)
    target, folder, mode = _write_target(shown)
    if like is not None:
        mode &= permissions_of(like) or 0o777  # (no wider than the document)
    notes: list[str] = []
    fd, tmp = None, None
    try:
        fd, tmp = create_temporary(target, "save", mode)
        _write_all(fd, data)
        os.fsync(fd)
        if progress is not None:
            progress.commit()
        with locked_target(target) as locked:
            now = _lstat(target)
            if now is not None:
                refuse_unless_replaceable(target, now, shown)
                if expected_digest is not None and _digest_now(target, locked) != expected_digest:
                    raise _changed_on_disk(shown)
                if backup and not _keep_backup(target):
                    notes.append(f"the previous version could not be kept as "
                                 f"{backup_path(target).name}")
            if before_replace is not None:
                before_replace(target)
            os.replace(tmp, target)
            tmp = None
        fsync_folder(folder)
    except OSError as exc:
        raise WriteError(_write_failure(exc, target), str(shown)) from None
    finally:
        if fd is not None:
            os.close(fd)  # (it held the temporary file's lock until the rename)
        if tmp is not None:
            remove_quietly(tmp)
    remove_leftover_temporaries(target)
    return notes


class AtomicBatch:
    """Atomic writes of many files, made durable together: what ``write_atomically``
    guarantees of each file (the old file or the new one, never a mix; the checks of
    what is replaced; ``expected_digest``), with the flushes to disk shared.

    ``add`` writes a file's new bytes into a temporary file beside it (locked, as
    ``write_atomically``'s are); ``commit`` flushes every temporary file to disk, then
    renames each over its target, then flushes the folders; it returns only once all
    of that is on disk. A crash before a file's rename leaves that file as it was (and
    a temporary file the next save of it removes); after it, the new file, whole, as
    its bytes were on disk before the rename. On Linux both flushes are one
    ``syncfs`` of the file system each (one flush rather than two ``fsync`` calls
    per file); elsewhere each file and folder is fsynced."""

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path, int, Path, str | None]] = []

    def __len__(self) -> int:
        return len(self._pending)

    def add(self, path: str | os.PathLike[str], data: bytes, *,
            expected_digest: str | None = None) -> None:
        """Write ``data`` for ``path`` into a temporary file beside it; ``WriteError``
        (nothing else written) if that cannot be done."""
        shown = Path(path)
        target, _folder, mode = _write_target(shown)
        fd, tmp = None, None
        try:
            fd, tmp = create_temporary(target, "save", mode)
            _write_all(fd, data)
        except OSError as exc:
            if fd is not None:
                os.close(fd)
            if tmp is not None:
                remove_quietly(tmp)
            raise WriteError(_write_failure(exc, target), str(shown)) from None
        self._pending.append((shown, target, fd, tmp, expected_digest))

    def commit(self) -> list[tuple[Path, AnnotatorError | None]]:
        """Flush, rename and flush again (see the class); each file added with what
        went wrong with it (None: written). A file that fails is left as it was."""
        pending, self._pending = self._pending, []
        outcomes: list[tuple[Path, AnnotatorError | None]] = []
        renamed: set[Path] = set()
        replaced: list[int] = []  # the locks, on the files renamed over (closed later)
        try:
            try:
                _flush([fd for _shown, _target, fd, _tmp, _expected in pending])
            except OSError as exc:
                return [(shown, WriteError(_write_failure(exc, target), str(shown)))
                        for shown, target, _fd, _tmp, _expected in pending]
            for shown, target, _fd, tmp, expected in pending:
                try:
                    with locked_target(target, release=replaced.append) as locked:
                        now = _lstat(target)
                        if now is not None:
                            refuse_unless_replaceable(target, now, shown)
                            if expected is not None and _digest_now(target, locked) != expected:
                                raise _changed_on_disk(shown)
                        os.replace(tmp, target)
                    renamed.add(tmp)
                    outcomes.append((shown, None))
                except OSError as exc:
                    outcomes.append((shown, WriteError(_write_failure(exc, target),
                                                       str(shown))))
                except AnnotatorError as exc:
                    outcomes.append((shown, exc))
            _flush_folders(list(dict.fromkeys(
                target.parent for (_s, target, _fd, _t, _e), (_, failure)
                in zip(pending, outcomes, strict=True) if failure is None)))
        finally:
            for _shown, _target, fd, tmp, _expected in pending:
                os.close(fd)  # (it held the temporary file's lock until the rename)
                if tmp not in renamed:
                    remove_quietly(tmp)
            _close_later(replaced)
        for _shown, target, _fd, _tmp, _expected in pending:
            remove_leftover_temporaries(target)
        return outcomes

    def abandon(self) -> None:
        """Forget what was added: nothing is replaced, the temporary files go."""
        pending, self._pending = self._pending, []
        for _shown, _target, fd, tmp, _expected in pending:
            os.close(fd)
            remove_quietly(tmp)


def _close_later(fds: list[int]) -> None:
    """Close ``fds`` on a thread of its own. Closing the last descriptor of a file that
    a rename replaced frees its blocks, which the file system may take its time over
    when the disk is busy; nothing needs to wait for it (each held a lock on a file no
    longer at its path). On this thread if no thread can be started."""
    if not fds:
        return

    def close_all() -> None:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)

    if not in_background(close_all):
        close_all()


def _syncfs() -> Callable[[int], int] | None:
    """libc's ``syncfs`` (Linux), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None


def _flush(fds: list[int]) -> None:
    """Put the files open as ``fds`` on disk: one ``syncfs`` per file system, else an
    ``fsync`` each. An ``OSError`` if that fails (nothing is renamed then)."""
    syncfs = _syncfs()
    if syncfs is not None:
        done: set[int] = set()
        for fd in fds:
            device = os.fstat(fd).st_dev
            if device not in done:
                if syncfs(fd) != 0:
                    import ctypes

                    error = ctypes.get_errno()
                    raise OSError(error, os.strerror(error))
                done.add(device)
        return
    for fd in fds:
        os.fsync(fd)


def _flush_folders(folders: list[Path]) -> None:
    """Make the renames into ``folders`` durable (best effort, as ``fsync_folder``)."""
    if not folders:
        return
    if _syncfs() is not None:
        fds = []
        try:
            for folder in folders:
                with contextlib.suppress(OSError):
                    fds.append(os.open(folder, os.O_RDONLY))
            with contextlib.suppress(OSError):
                _flush(fds)
        finally:
            for fd in fds:
                os.close(fd)
        return
    for folder in folders:
        fsync_folder(folder)


def _replaceable(shown: Path) -> tuple[Path, os.stat_result | None]:
    """The file a write of ``shown`` replaces (its links followed) and what is there
    now (None: nothing); ``ProtectedFileError`` unless it may be replaced."""
    target = followed_target(shown)
    existing = _lstat(target)
    if existing is not None:
        refuse_unless_replaceable(target, existing, shown)
    return target, existing


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteError(f"cannot be written: {exc.strerror or exc}", str(path)) from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _digest_now(target: Path, locked: int | None) -> str | None:
    """The digest of the file at ``target``, read from the locked fd when there is
    one (the very file the rename is about to replace)."""
    if locked is None:
        return file_digest(target)
    h = hashlib.sha256()
    while chunk := os.read(locked, 1 << 20):
        h.update(chunk)
    return h.hexdigest()


def _changed_on_disk(path: Path) -> ChangedOnDiskError:
    return ChangedOnDiskError("the file was changed on disk by another program since it was "
                              "opened or last saved; nothing was written", str(path))


def _write_failure(exc: OSError, target: Path) -> str:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "your disk quota is used up",
        errno.EFBIG: "the file would be larger than this system allows",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied: cannot write in this folder",
        errno.EPERM: "permission denied: cannot write in this folder",
        errno.ENOENT: "the folder no longer exists",
    }
    reason = reasons.get(exc.errno or 0, f"cannot write: {exc.strerror or exc}")
    if target.exists():
        return f"{reason}; the file on disk is unchanged"
    return f"{reason}; nothing was written"


def _keep_backup(target: Path) -> bool:
    """Make ``backup_path(target)`` the current version of ``target``; False on failure.

    A hard link costs nothing and cannot be half-written; where links are not
    possible (some network and FAT file systems) the file is copied. Either is
    made under a random name created exclusively and then renamed to the
    backup's name, so nothing planted at any name is ever written through.
    """
    try:
        keep_copy(target, backup_path(target))
        return True
    except OSError:
        return False


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not possible on every platform, so best effort."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def save_document(doc: AnnotatedDocument, path: str | os.PathLike[str], annotator: str,
                  description: str = "Annotations saved", *, backup: bool = False,
                  expected_digest: str | None = None, origin: TeiOrigin | None = None,
                  progress: Progress | None = None, like: str | os.PathLike[str] | None = None,
                  before_replace: Callable[[Path, str], None] | None = None) -> SaveResult:
    """Record a revision by ``annotator`` (a name), validate, and write the TEI file.

    The file is never written invalid; on any failure the revision is taken
    back and the document is as it was, still unsaved. With ``expected_digest``
    (the digest of the file as opened or last saved) a file that somebody else
    changed meanwhile is not overwritten: ``ChangedOnDiskError`` is raised.
    With ``origin`` (from ``open_document``) the annotations are spliced into
    that TEI document's own bytes, which are otherwise kept exactly.
    ``like`` and what is replaced: see ``write_atomically``;
    ``before_replace(file, digest of the new bytes)`` runs right before the rename.
    """
    progress = progress or Progress()
    _replaceable(Path(path))  # (refused before the work of writing, not after)
    # The revision, and the saver in the header if new, are taken back on failure:
    # a save that did not happen leaves no trace in the document.
    known = set(doc.annotators)
    who = doc.annotator_for(annotator)
    revision = doc.record_revision(who.id, description)
    try:
        progress.step("Writing and validating the TEI…")
        data, notes = _tei_bytes(doc, origin)
        digest = digest_bytes(data)
        progress.step(f"Saving {Path(path).name}…")
        if expected_digest is not None:
            # Early, so that a changed file costs no long write; compared again
            # right before the rename, where it counts.
            current = file_digest(path)
            if current is not None and current != expected_digest:
                raise _changed_on_disk(Path(path))
        announce = None if before_replace is None else lambda file: before_replace(file, digest)
        notes += write_atomically(path, data, backup=backup, progress=progress,
                                  expected_digest=expected_digest, like=like,
                                  before_replace=announce)
    except BaseException:
        doc.revisions.remove(revision)
        if who.id not in known:
            del doc.annotators[who.id]
        raise
    return SaveResult(digest, notes)


def tei_bytes(doc: AnnotatedDocument, annotator: str, description: str) -> bytes:
    """The TEI file ``save_document`` would write for ``doc`` (a revision by
    ``annotator`` recorded), for writing where no file is replaced (``import -o -``)."""
    doc.record_revision(doc.annotator_for(annotator).id, description)
    return _tei_bytes(doc, None)[0]


def _tei_bytes(doc: AnnotatedDocument, origin: TeiOrigin | None) -> tuple[bytes, list[str]]:
    if origin is None:
        from annotator.tei.writer import TeiWriter

        return TeiWriter(doc).to_bytes(validate=True), []
    from annotator.tei.splice import splice

    result = splice(origin.source, doc)
    return result.data, list(result.notes)


def document_name(path: str | os.PathLike[str]) -> str:
    """How shared data (the ``source`` of table rows) names a document: its file name.

    A path would say where the file lay on one person's machine (``../work/x.xml``,
    ``/home/ana/x.xml``) and would name one document differently depending on how
    it was opened.
    """
    # A file name's bytes that are not UTF-8 are written as U+FFFD.
    return displayable(Path(path).name)


def export_document(doc: AnnotatedDocument, path: str | os.PathLike[str], fmt: str,
                    source: str | os.PathLike[str] = "", progress: Progress | None = None,
                    origin: TeiOrigin | None = None,
                    like: str | os.PathLike[str] | None = None) -> None:
    """Write ``doc`` in one of ``EXPORT_FORMATS`` to ``path``, no more readable
    than the document file ``like``; ``source`` is the document's file (see
    ``export_bytes``)."""
    progress = progress or Progress()
    progress.step(f"Writing {EXPORT_FORMATS.get(fmt, (fmt,))[0]}…")
    data = export_bytes(doc, fmt, source, origin)
    progress.step(f"Saving {Path(path).name}…")
    write_atomically(path, data, progress=progress, like=like)


def write_output(path: str, data: bytes, like: str | os.PathLike[str] | None = None) -> None:
    """Write what a command made to ``path`` (its ``-o PATH``).

    ``-``, or the file standard output already is (``/dev/stdout``), is standard
    output; a named pipe, a terminal or the null device is written into, never
    replaced; anything else is saved as ``write_atomically`` saves (a link of
    the user's own followed to its file, read-only and other users' files refused).
    """
    if _is_standard_output(path):
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except OSError as exc:
            raise WriteError(f"writing stopped: {exc.strerror or exc}",
                             "<standard output>" if path == "-" else path) from None
    elif is_write_through(path):
        write_through(path, data)
    else:
        write_atomically(path, data, like=like)


def replaces_a_file(path: str) -> bool:
    """Whether ``write_output`` replaces a file at ``path``; False when it writes
    into standard output, a pipe, a terminal or the null device."""
    return not (_is_standard_output(path) or is_write_through(path))


def _is_standard_output(path: str) -> bool:
    if path == "-":
        return True
    try:
        return os.path.samestat(os.stat(path), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError):  # no such file; no real stdout
        return False


def export_bytes(doc: AnnotatedDocument, fmt: str, source: str | os.PathLike[str] = "",
                 origin: TeiOrigin | None = None) -> bytes:
    """``doc`` in the export format ``fmt``.

    ``source`` is the document's file, however it was given (relative, absolute);
    tables name it by ``document_name``, never by a path.
    """
    source = document_name(source)
    if fmt == "tei-inline":
        if origin is not None:
            from annotator.tei.splice import export_inline

            return export_inline(origin.source, doc)
        from annotator.tei.inline import InlineTeiWriter

        return InlineTeiWriter(doc).to_bytes(validate=True)
    if fmt in ("csv", "jsonl"):
        from annotator.formats import table

        rows = table.to_csv(doc, source) if fmt == "csv" else table.to_jsonl(doc, source)
        return rows.encode("utf-8")
    if fmt == "txt":
        return doc.document.text.encode("utf-8")
    if fmt in COMMITMENT_FORMATS:
        from annotator.formats import commitments

        return commitments.export_text(doc, fmt, source).encode("utf-8")
    raise AnnotatorError(f"unknown export format {fmt!r}; choose one of "
                         + ", ".join(EXPORT_FORMATS))


# -- other tools' formats (docs/formats.md) ------------------------------------------
# Formats ``import_foreign`` reads: name -> (description, the suffixes of its files).
IMPORT_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "brat": ("brat standoff (.ann and .txt)", (".ann", ".txt")),
    "webanno-tsv": ("WebAnno TSV 3.3 (INCEpTION, WebAnno)", (".tsv",)),
    "uima-xmi": ("UIMA CAS XMI, DKPro Core types (INCEpTION)", (".xmi", ".zip")),
    "w3c": ("W3C Web Annotation (JSON-LD)", (".jsonld", ".json")),
    "conll": ("CoNLL-2003 / IOB2, IOB1, GermEval", (".conll", ".tsv", ".txt", ".iob")),
    "labelstudio": ("Label Studio JSON", (".json",)),
    "doccano": ("doccano JSONL", (".jsonl",)),
    "catma-tei": ("CATMA TEI", (".xml",)),
    "recogito-tei": ("Recogito TEI", (".xml", ".tei")),
}
# Formats ``export_foreign`` writes: name -> (description, file suffix).
FOREIGN_EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "brat": ("brat standoff (.ann and .txt)", ".ann"),
    "webanno-tsv": ("WebAnno TSV 3.3 (INCEpTION, WebAnno)", ".tsv"),
    "uima-xmi": ("UIMA CAS XMI, DKPro Core types (INCEpTION)", ".xmi"),
    "w3c": ("W3C Web Annotation (JSON-LD)", ".jsonld"),
    "conll": ("CoNLL-2003 (IOB2)", ".conll"),
    "labelstudio": ("Label Studio predictions (JSON)", ".json"),
}


def import_foreign(path: str | os.PathLike[str], fmt: str, *,
                   mapping: dict[str, str] | None = None, tagset: Tagset | None = None,
                   annotator: str = "", text: str | os.PathLike[str] | None = None,
                   item: int = 1):
    """Read another tool's file (``IMPORT_FORMATS``) into a new document.

    Labels go to tags as ``mapping`` (label -> tag id or label) says, else to the tag
    of that id or label in ``tagset`` (default: the default tagset), else to a new
    tag; ``annotator`` is recorded as the annotations' author; ``text`` is the
    document's text file for formats whose files hold none (W3C Web Annotation);
    ``item`` which document of a file that holds several (Label Studio's tasks,
    doccano's lines), from 1.
    Returns ``foreign.Imported``: the document and the summary of what was done
    and of what could not be carried. ``ReadError`` (``file:line: message``) for
    anything that cannot be read.
    """
    foreign_document = read_foreign(path, fmt, text=text, item=item)
    return imported_document(foreign_document, path, fmt, mapping=mapping, tagset=tagset,
                             annotator=annotator)


def read_foreign(path: str | os.PathLike[str], fmt: str, *,
                 text: str | os.PathLike[str] | None = None, item: int = 1):
    """The first step of ``import_foreign``: what another tool's file says, its labels
    not yet mapped (``foreign.ForeignDocument``; ``foreign.label_uses`` lists them).
    ``TextNeeded`` when the file holds no text and none lies beside it."""
    if fmt not in IMPORT_FORMATS:
        raise AnnotatorError(f"unknown import format {fmt!r}; choose one of "
                             + ", ".join(IMPORT_FORMATS))
    return _read_foreign(Path(path), fmt, None if text is None else Path(text), item)


def imported_document(foreign_document, path: str | os.PathLike[str], fmt: str, *,
                      mapping: dict[str, str] | None = None, tagset: Tagset | None = None,
                      annotator: str = ""):
    """The second step of ``import_foreign``: the document of what ``read_foreign`` read
    from ``path``, its labels mapped onto tags (``foreign.Imported``)."""
    from annotator.formats import foreign
    from annotator.model import default_tagset

    p = Path(path)
    return foreign.to_annotated(foreign_document, tagset or default_tagset(), mapping or {},
                                annotator, str(p), f"Imported from {document_name(p)} "
                                f"({IMPORT_FORMATS[fmt][0]})")


def label_uses(foreign_document, tagset: Tagset):  # -> list[foreign.LabelUse]
    """The labels of an imported file with the tag each would go to (``read_foreign``)."""
    from annotator.formats import foreign

    return foreign.label_uses(foreign_document, tagset)


def _read_foreign(path: Path, fmt: str, text: Path | None, item: int
                  ):  # -> foreign.ForeignDocument
    if fmt == "brat":
        from annotator.formats import brat

        ann, txt = brat_pair(path)
        return brat.read(read_bytes(ann), read_bytes(txt), str(ann), str(txt))
    data = read_bytes(path)
    if fmt == "conll":
        from annotator.formats import conll

        return conll.read(data, str(path))
    if fmt == "w3c":
        from annotator.formats import w3c
        from annotator.formats.plaintext import decode_original

        text_path = text or _source_beside(path, w3c.sources(data, str(path)))
        original, _notes = decode_original(read_bytes(text_path), str(text_path))
        return w3c.read(data, str(path), original)
    if fmt == "webanno-tsv":
        from annotator.formats import webanno_tsv

        return webanno_tsv.read(data, str(path))
    if fmt == "uima-xmi":
        from annotator.formats import uima_xmi

        beside = {name: read_bytes(path.with_name(name)) for name in uima_xmi.TYPE_SYSTEM_NAMES
                  if path.with_name(name).is_file()}
        xmi, type_system = uima_xmi.unpack(data, str(path), beside)
        return uima_xmi.read(xmi, str(path), type_system)
    if fmt in ("catma-tei", "recogito-tei"):
        from annotator.formats import tei_tools
        from annotator.formats.plaintext import decode_original

        if fmt == "recogito-tei":
            return tei_tools.read_recogito(data, str(path))
        original = decode_original(read_bytes(text), str(text))[0] if text else None
        return tei_tools.read_catma(data, str(path), original)
    if fmt in ("labelstudio", "doccano"):
        from annotator.formats import labelstudio

        read = labelstudio.read_labelstudio if fmt == "labelstudio" else labelstudio.read_doccano
        return read(data, str(path), item)
    raise AnnotatorError(f"unknown import format {fmt!r}")


class TextNeeded(ReadError):
    """The annotations of a file that holds no text, with no text file beside them: the
    window asks for one, the command line says to give ``--text``."""


def _source_beside(path: Path, sources: list[str]) -> Path:
    """The text file a Web Annotation's target names, if it lies beside the file (by
    its name, or as a file: URI), else the ``.txt`` of the same name beside it (as
    Annotator's export writes it); else ``ReadError`` asking for ``--text``."""
    from urllib.parse import unquote, urlparse

    for source in sources:
        parsed = urlparse(source)
        name = unquote(parsed.path) if parsed.scheme in ("", "file") else ""
        for candidate in (Path(name), path.parent / Path(name).name) if name else ():
            if candidate.is_file():
                return candidate
    if path.with_suffix(".txt").is_file():
        return path.with_suffix(".txt")
    named = f" (the annotations name {sources[0]})" if sources else ""
    raise TextNeeded(f"needs the document's text{named}: give the text file with --text",
                     str(path))


def brat_pair(path: Path) -> tuple[Path, Path]:
    """The ``.ann`` and ``.txt`` of a brat document named by either file (or the stem)."""
    if path.suffix in (".ann", ".txt"):
        return path.with_suffix(".ann"), path.with_suffix(".txt")
    return path.with_name(path.name + ".ann"), path.with_name(path.name + ".txt")


def export_foreign(doc: AnnotatedDocument, fmt: str, path: str | os.PathLike[str]
                   ) -> tuple[list[tuple[Path, bytes]], list[str]]:
    """``doc`` in another tool's format (``FOREIGN_EXPORT_FORMATS``): the files to
    write (a brat document is two, ``OUT.ann`` and ``OUT.txt``) and notes on what
    the format could not carry. Nothing is written: ``write_files`` does that."""
    from annotator.formats import foreign

    if fmt not in FOREIGN_EXPORT_FORMATS:
        raise AnnotatorError(f"unknown export format {fmt!r}; choose one of "
                             + ", ".join(FOREIGN_EXPORT_FORMATS))
    p = Path(path)
    # brat ("0 5;10 15") and W3C (several targets) have discontinuous spans.
    spans, notes = foreign.from_annotated(doc, discontinuous=fmt in ("brat", "w3c"))
    if fmt == "brat":
        from annotator.formats import brat

        ann, txt = brat_pair(p)
        ann_text, txt_text, more = brat.write(spans)
        return [(ann, ann_text.encode("utf-8")), (txt, txt_text.encode("utf-8"))], notes + more
    if fmt == "conll":
        from annotator.formats import conll

        rows, lost = conll.write(spans)
        return [(p, rows.encode("utf-8"))], notes + _lost_lines(lost, spans, "CoNLL")
    if fmt == "w3c":
        from annotator.formats import w3c

        source = doc.document.metadata.source
        text_name = p.with_suffix(".txt").name
        data = w3c.write(spans, text_name).encode("utf-8")
        return ([(p, data), (p.with_suffix(".txt"), doc.document.text.encode("utf-8"))],
                notes + _lost_lines([], spans, "W3C") + (
                    [f"the annotations' target is {text_name}, written beside them (the "
                     f"document came from {source})"] if source else []))
    if fmt == "webanno-tsv":
        from annotator.formats import webanno_tsv

        rows, more = webanno_tsv.write(spans)
        return [(p, rows.encode("utf-8"))], notes + more
    if fmt == "uima-xmi":
        from annotator.formats import uima_xmi

        xmi, type_system, more = uima_xmi.write(spans, doc.document.metadata.title)
        if p.suffix.lower() == ".zip":
            return [(p, uima_xmi.zipped(xmi, type_system, p.stem))], notes + more
        return [(p, xmi), (p.with_name("TypeSystem.xml"), type_system)], notes + more
    if fmt == "labelstudio":
        from annotator.formats import labelstudio

        task, more = labelstudio.write_predictions(spans)
        return [(p, task.encode("utf-8"))], notes + more
    raise AnnotatorError(f"unknown export format {fmt!r}")


def _lost_lines(lost: list[Problem], spans, fmt: str) -> list[str]:  # spans: ForeignDocument
    """What an export could not write, as notes; and, for formats that hold nothing
    but labels, how many values, links, notes and entity links stay behind."""
    notes = [problem.message for problem in lost]
    values = sum(bool(s.features) for s in spans.spans)
    links = sum(len(s.links) for s in spans.spans)
    remarks = sum(bool(s.note) for s in spans.spans)
    linked = sum(bool(s.identifiers or s.group) for s in spans.spans)
    left = [f"{n} {what}" for n, what in ((values, "annotations' attribute values"),
                                          (links, "links between annotations"),
                                          (remarks, "notes"),
                                          (linked, "links to entities")) if n]
    if left and fmt == "CoNLL":
        notes.append(f"{fmt} holds only labels: not written: " + ", ".join(left))
    grouped = sum(bool(s.group) and not s.identifiers for s in spans.spans)
    events = sum(s.event for s in spans.spans)
    if fmt == "W3C" and (grouped or events):
        notes.append("Web Annotation has no coreference and no events: "
                     f"{grouped} mentions of entities without identifiers written without "
                     f"their entity, {events} events written as tagged spans")
    return notes


def write_files(files: list[tuple[Path, bytes]], like: str | os.PathLike[str] | None = None
                ) -> None:
    """Write each of ``files`` (path, bytes) as ``write_atomically`` does."""
    for target, data in files:
        write_atomically(target, data, like=like)


# -- tagsets (the tagset editor's "Load from File…" and "Export…") -------------------


def load_tagset(path: str | os.PathLike[str]) -> Tagset:
    """The tagset of a file: a TEI file Annotator wrote (or saved annotations into),
    or a JSON tagset as ``save_tagset`` writes it (a list of tags, or an object with
    a ``tags`` list). Raises ``ReadError`` or ``ValidationError`` (``file:line:
    message``) for anything else.
    """
    import json

    from annotator.errors import AnnotationError

    p = Path(path)
    data = read_bytes(p)
    if not data or data.isspace():
        raise ReadError("the file is empty", str(p), 1)
    from annotator.model.legacy import without_actor_kind

    if looks_like_xml(data):
        return without_actor_kind(_tei_tagset(data, p))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"is neither a TEI file nor a JSON tagset (byte {exc.start} is not "
                        "UTF-8)", str(p)) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"is neither a TEI file nor a JSON tagset: {exc.msg} (column "
                        f"{exc.colno})", str(p), exc.lineno) from None
    except RecursionError:
        raise ReadError("is not a JSON tagset: it nests too deeply", str(p)) from None
    if isinstance(value, dict) and "tags" in value:
        value = value["tags"]
    try:
        tagset = Tagset.from_json(value)
    except AnnotationError as exc:
        raise ReadError(f"is not a usable tagset: {exc.message}", str(p)) from None
    except (TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise ReadError(f"is not a usable tagset: {exc}", str(p)) from None
    if not len(tagset):
        raise ReadError("is a tagset without tags", str(p))
    return without_actor_kind(tagset)


def _tei_tagset(data: bytes, path: Path) -> Tagset:
    from annotator.tei.parsing import parse_xml, require_tei
    from annotator.tei.reader import read_tagset

    if _looks_native(data):
        return read_tagset(data, str(path))
    if _FOREIGN_MARK in data[:1 << 20]:
        # A TEI document Annotator saved annotations into: its tagset is among the
        # elements it added, read (as are the annotations) by opening the document.
        source, _ = _read_source(data, path, False)
        if source.registry is not None:
            return source.annotated.tagset
    else:
        tree, _ = parse_xml(data, str(path))
        require_tei(tree, str(path))  # else: "not a TEI document: the root element is …"
    raise ReadError(f"{path.name} has no Annotator tagset: it is a TEI document that "
                    "Annotator did not write", str(path))


def save_tagset(tagset: Tagset, path: str | os.PathLike[str]) -> None:
    """Write ``tagset`` as JSON (``load_tagset`` reads it back), replacing ``path``
    in one step; ``WriteError`` if that is not possible."""
    import json

    text = json.dumps({"annotator-tagset": 1, "tags": tagset.to_json()},
                      ensure_ascii=False, indent=2)
    write_atomically(path, (text + "\n").encode("utf-8"))
