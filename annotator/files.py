"""Opening, saving and exporting documents: the one door between files and the model.

The GUI and the CLI call only these functions; neither knows any file format.
Every failure is an ``AnnotatorError`` with a message for the user.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import AnnotatorError, ChangedOnDiskError, ReadError, WriteError
from annotator.model import AnnotatedDocument
from annotator.progress import Progress

# Formats ``export`` writes, with the file suffix a save dialog proposes.
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "tei-inline": ("TEI with inline annotations", ".xml"),
    "csv": ("Annotation table (CSV)", ".csv"),
    "jsonl": ("Annotation table (JSON Lines)", ".jsonl"),
    "txt": ("Plain text", ".txt"),
}

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass
class OpenedDocument:
    """What opening a file gave: the document, and where it should be saved."""

    document: AnnotatedDocument
    tei_path: Path | None  # None: opened from plain text, needs Save As
    notes: list[str] = field(default_factory=list)  # things the user should know
    digest: str | None = None  # of the TEI file's bytes: tells later whether it changed


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
            raise ReadError(f"is {_file_kind(mode)}, not a regular file; "
                            "only ordinary files can be opened", str(p))
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(p, flags)
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise ReadError("is a folder, not a file", str(p))
            if not stat.S_ISREG(info.st_mode):
                raise ReadError(f"is {_file_kind(info.st_mode)}, not a regular file; "
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


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


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


def open_document(path: str | os.PathLike[str],
                  progress: Progress | None = None) -> OpenedDocument:
    """Open a TEI file (native or inline) or a plain-text article.

    ``progress`` receives the phases and may cancel between them (``Cancelled``).
    """
    progress = progress or Progress()
    p = Path(path)
    progress.step(f"Reading {p.name}…")
    data = read_bytes(p)
    if looks_like_xml(data):
        from annotator.tei.reader import parse_tei

        progress.step("Checking the TEI and building the annotations…")
        annotated = parse_tei(data, str(p))
        progress.check()
        return OpenedDocument(annotated, p, [], digest_bytes(data))
    from annotator.formats.plaintext import document_from_text_bytes

    progress.step("Reading the text…")
    document, notes = document_from_text_bytes(data, str(p))
    progress.check()
    return OpenedDocument(AnnotatedDocument.create(document), None, notes)


def write_atomically(path: str | os.PathLike[str], data: bytes, backup: bool = False,
                     progress: Progress | None = None) -> list[str]:
    """Write ``data`` to ``path`` so that ``path`` is either the old or the new file.

    A temporary file in the same folder is written, flushed and fsynced, then
    renamed over the target. Any failure leaves the old file untouched. With
    ``backup`` the old file is first kept as ``backup_path(path)``. A cancel
    through ``progress`` is honoured up to the rename and refused after it.
    Returns notes for the user (a backup that could not be kept).
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError("the folder does not exist (was it moved or deleted?); "
                         "nothing was written", str(target))
    notes: list[str] = []
    fd, tmp = None, None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            fd = None
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        existed = target.exists()
        if existed:
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        if progress is not None:
            progress.commit()
        if backup and existed:
            if not _keep_backup(target):
                notes.append(f"the previous version could not be kept as "
                             f"{backup_path(target).name}")
        os.replace(tmp, target)
        tmp = None
        fsync_folder(folder)
    except OSError as exc:
        raise WriteError(_write_failure(exc, target), str(target)) from None
    finally:
        if fd is not None:
            os.close(fd)
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


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
    possible (some network and FAT file systems) the file is copied.
    """
    backup = backup_path(target)
    tmp = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        try:
            os.link(target, tmp)
        except OSError:
            shutil.copy2(target, tmp)
        os.replace(tmp, backup)
        return True
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_document(doc: AnnotatedDocument, path: str | os.PathLike[str], annotator: str,
                  description: str = "Annotations saved", *, backup: bool = False,
                  expected_digest: str | None = None,
                  progress: Progress | None = None) -> SaveResult:
    """Record a revision by ``annotator`` (a name), validate, and write the TEI file.

    The file is never written invalid; on any failure the revision is taken
    back and the document is as it was, still unsaved. With ``expected_digest``
    (the digest of the file as opened or last saved) a file that somebody else
    changed meanwhile is not overwritten: ``ChangedOnDiskError`` is raised.
    """
    from annotator.tei.writer import TeiWriter

    progress = progress or Progress()
    who = doc.annotator_for(annotator)
    revision = doc.record_revision(who.id, description)
    try:
        progress.step("Writing and validating the TEI…")
        data = TeiWriter(doc).to_bytes(validate=True)
        progress.step(f"Saving {Path(path).name}…")
        if expected_digest is not None:
            current = file_digest(path)
            if current is not None and current != expected_digest:
                raise ChangedOnDiskError(
                    "the file was changed on disk by another program since it was "
                    "opened or last saved; nothing was written", str(path))
        notes = write_atomically(path, data, backup=backup, progress=progress)
    except BaseException:
        doc.revisions.remove(revision)
        raise
    return SaveResult(digest_bytes(data), notes)


def export_document(doc: AnnotatedDocument, path: str | os.PathLike[str], fmt: str,
                    source: str = "", progress: Progress | None = None) -> None:
    """Write ``doc`` in one of ``EXPORT_FORMATS`` to ``path``."""
    progress = progress or Progress()
    progress.step(f"Writing {EXPORT_FORMATS.get(fmt, (fmt,))[0]}…")
    data = export_bytes(doc, fmt, source)
    progress.step(f"Saving {Path(path).name}…")
    write_atomically(path, data, progress=progress)


def export_bytes(doc: AnnotatedDocument, fmt: str, source: str = "") -> bytes:
    if fmt == "tei-inline":
        from annotator.tei.inline import InlineTeiWriter

        return InlineTeiWriter(doc).to_bytes(validate=True)
    if fmt in ("csv", "jsonl"):
        from annotator.formats import table

        rows = table.to_csv(doc, source) if fmt == "csv" else table.to_jsonl(doc, source)
        return rows.encode("utf-8")
    if fmt == "txt":
        return doc.document.text.encode("utf-8")
    raise AnnotatorError(f"unknown export format {fmt!r}; choose one of "
                         + ", ".join(EXPORT_FORMATS))
