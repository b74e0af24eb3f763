"""Opening, saving and exporting documents: the one door between files and the model.

The GUI and the CLI call only these functions; neither knows any file format.
Every failure is an ``AnnotatorError`` with a message for the user.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import AnnotatorError, ReadError, WriteError
from annotator.model import AnnotatedDocument

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


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a file whole, turning every OS failure into a ``ReadError``."""
    p = Path(path)
    try:
        if p.is_dir():
            raise ReadError("is a folder, not a file", str(p))
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(f"is {size // (1024 * 1024)} MB; files over "
                            f"{MAX_FILE_BYTES // (1024 * 1024)} MB are not supported", str(p))
        return p.read_bytes()
    except FileNotFoundError:
        raise ReadError("no such file", str(p)) from None
    except PermissionError:
        raise ReadError("permission denied: cannot read this file", str(p)) from None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", str(p)) from None


def looks_like_xml(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def open_document(path: str | os.PathLike[str]) -> OpenedDocument:
    """Open a TEI file (native or inline) or a plain-text article."""
    p = Path(path)
    data = read_bytes(p)
    if looks_like_xml(data):
        from annotator.tei.reader import parse_tei

        return OpenedDocument(parse_tei(data, str(p)), p, [])
    from annotator.formats.plaintext import document_from_text_bytes

    document, notes = document_from_text_bytes(data, str(p))
    return OpenedDocument(AnnotatedDocument.create(document), None, notes)


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either the old or the new file.

    A temporary file in the same folder is written, flushed and fsynced, then
    renamed over the target. Any failure leaves the old file untouched.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError("the folder does not exist", str(target))
    fd, tmp = None, None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            fd = None
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
        tmp = None
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
    except PermissionError:
        raise WriteError("permission denied: cannot write here", str(target)) from None
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", str(target)) from None
    finally:
        if fd is not None:
            os.close(fd)
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_document(doc: AnnotatedDocument, path: str | os.PathLike[str], annotator: str,
                  description: str = "Annotations saved") -> None:
    """Record a revision by ``annotator`` (a name), validate, and write the TEI file.

    The file is never written invalid; on any failure the revision is taken
    back and the document is as it was, still unsaved.
    """
    from annotator.tei.writer import TeiWriter

    who = doc.annotator_for(annotator)
    revision = doc.record_revision(who.id, description)
    try:
        data = TeiWriter(doc).to_bytes(validate=True)
        write_atomically(path, data)
    except BaseException:
        doc.revisions.remove(revision)
        raise


def export_document(doc: AnnotatedDocument, path: str | os.PathLike[str], fmt: str,
                    source: str = "") -> None:
    """Write ``doc`` in one of ``EXPORT_FORMATS`` to ``path``."""
    data = export_bytes(doc, fmt, source)
    write_atomically(path, data)


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
