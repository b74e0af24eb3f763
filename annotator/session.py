"""One open document: its files, what it was read from, its lock and its unsaved state.

A ``DocumentSession`` is what a window shows and what the command line works on;
``annotator.files`` opens files into sessions, and a session saves and exports
itself through ``annotator.files``. No Qt here: the undo stack stays in the GUI,
which tells the session whether its edits are saved (``note_edits_saved``).
A corpus holds many sessions.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.errors import Problem
from annotator.filenames import shown_name
from annotator.locking import DocumentLock
from annotator.model import AnnotatedDocument

if TYPE_CHECKING:  # (lxml is imported only when a TEI file is read)
    from annotator.corpus.folder import CorpusMember
    from annotator.files import SaveResult
    from annotator.progress import Progress
    from annotator.tei.source import TeiSource


@dataclass(frozen=True, eq=False)
class TeiOrigin:
    """A TEI document Annotator did not write, as it was read: saves and the inline
    export write the annotations into its own bytes, which are otherwise kept."""

    source: TeiSource

    @property
    def original_readings(self) -> bool:
        """Whether its choices show the original readings (sic, orig, abbr)."""
        return bool(self.source.prefer_original)


@dataclass(eq=False)
class DocumentSession:
    """A document and the files it belongs to, while it is open."""

    document: AnnotatedDocument
    tei_path: Path | None  # where Save writes; None: Save As asks (plain text, example)
    source_path: Path | None = None  # the file opened, TEI or text
    notes: list[str] = field(default_factory=list)  # things the user should know
    digest: str | None = None  # of tei_path's bytes as opened or last saved
    # A TEI document Annotator did not write: saves splice into it.
    origin: TeiOrigin | None = None
    # What is wrong in the file although it opened: to be shown before any work is
    # done (bytes that contradict the declared encoding, annotations no longer on the
    # text they were made on). ``annotator validate`` fails on them.
    warnings: list[Problem] = field(default_factory=list)
    # Work with no undo history behind it (restored after a crash): unsaved although
    # the undo stack is clean.
    modified_outside_undo: bool = False
    # Restored work whose file was changed by somebody else after the crash: the
    # digest of the file as it is now (``digest`` stays the one the work is based on).
    changed_since_base: str | None = None
    lock: DocumentLock | None = field(default=None, repr=False)
    # A document of a corpus (``tei_path`` is the annotator's own annotation file):
    # saving there writes that file only, the text stays as it is (docs/corpus.md).
    member: CorpusMember | None = field(default=None, repr=False)
    _edits_saved: bool = field(default=True, repr=False)

    # -- what it is ----------------------------------------------------------------------
    @property
    def original_readings(self) -> bool:
        """Whether the text shows the original readings of the file's choices."""
        return self.origin is not None and self.origin.original_readings

    @property
    def path(self) -> Path | None:
        """The file the document is named after: the TEI file, else the file opened."""
        return self.tei_path or self.source_path

    def display_name(self) -> str:
        if self.member is not None:  # a corpus document: its title, not its file's name
            return self.document.document.metadata.title or self.member.doc_id
        return shown_name(self.path) if self.path is not None else "Untitled"

    @property
    def is_modified(self) -> bool:
        """Whether there is work that no file holds."""
        return self.modified_outside_undo or not self._edits_saved

    def note_edits_saved(self, saved: bool) -> None:
        """What the undo stack says: whether its edits are all in the file (its clean state)."""
        self._edits_saved = saved

    def brought_own_tagset(self) -> bool:
        """Whether the document came with a tagset of its own; a text file, or a TEI
        file nobody annotated yet, did not and starts with the user's default tagset."""
        from annotator.model import default_tagset

        if self.tei_path is None and self.origin is None:
            return False
        return not (self.origin is not None and len(self.document.annotations) == 0
                    and self.document.tagset == default_tagset())

    def annotator_id(self, name: str) -> str:
        """The id of the annotator called ``name``, added to the document's header if
        new. The header's list of annotators records who worked on the document and
        is no part of undo: an undone edit's author stays listed, as a revision does."""
        return self.document.annotator_for(name).id

    # -- its file and lock ---------------------------------------------------------------
    def is_at(self, path: Path) -> bool:
        """Whether ``path`` is the file Save writes."""
        return self.tei_path is not None and path.resolve() == self.tei_path.resolve()

    def take_lock(self, claimed: DocumentLock | None = None) -> bool:
        """Hold the lock of ``tei_path`` unless held already: ``claimed``, a lock taken
        for the file beforehand, if it is that file's, else a new one. Returns whether
        ``claimed`` was used (the caller then no longer owns it)."""
        if self.tei_path is None or self.lock is not None:
            return False
        if claimed is not None and claimed.document == self.tei_path:
            self.lock = claimed
            return True
        self.lock = DocumentLock(self.tei_path)
        self.lock.acquire()  # a read-only folder cannot be locked, nor saved to
        return False

    def move_to(self, tei_path: Path | None, digest: str | None,
                claimed: DocumentLock | None = None) -> bool:
        """Point Save at ``tei_path`` (with the digest of its bytes), holding its lock
        (see ``take_lock``) and no other."""
        used = False
        if tei_path is None or not self.is_at(tei_path):
            self.release()
            self.tei_path = tei_path
            used = self.take_lock(claimed)
        self.tei_path = tei_path
        self.digest = digest
        return used

    def release(self) -> None:
        """Let go of the file's lock (the document is closed or moves elsewhere)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # -- operations ----------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], progress: Progress | None = None, *,
             prefer_original: bool = False) -> DocumentSession:
        """Open a TEI or text file (``files.open_document``)."""
        from annotator.files import open_document

        return open_document(path, progress, prefer_original=prefer_original)

    def reopened(self, progress: Progress | None = None) -> DocumentSession:
        """The file as it is on disk now, read as this one was (its reading of choices)."""
        if self.tei_path is None:
            raise ValueError("a document without a TEI file cannot be reloaded")
        if self.member is not None:
            return self.member.reopened(progress)
        return DocumentSession.open(self.tei_path, progress,
                                    prefer_original=self.original_readings)

    def write(self, path: Path, annotator: str, *, backup: bool = False,
              check_disk: bool = True, progress: Progress | None = None,
              before_replace: Callable[[Path, str], None] | None = None) -> SaveResult:
        """Write the document to ``path`` as TEI (``files.save_document``), without
        changing where the session points; ``saved_to`` does that afterwards.

        ``check_disk``: refuse (``ChangedOnDiskError``) to replace the session's own
        file if somebody changed it since it was opened or saved.
        """
        from annotator.files import save_document

        expected = self.digest if check_disk and self.is_at(path) else None
        if self.member is not None and self.is_at(path):
            return self.member.save(self.document, path, annotator, expected_digest=expected,
                                    progress=progress, before_replace=before_replace)
        # A new file is no more readable than the one the document came from.
        return save_document(self.document, path, annotator, backup=backup,
                             expected_digest=expected, origin=self.origin,
                             progress=progress, like=self.path,
                             before_replace=before_replace)

    def saved_to(self, path: Path, digest: str, claimed: DocumentLock | None = None) -> bool:
        """After ``write``: the document is ``path``'s now, and nothing is unsaved.
        Returns whether ``claimed`` (see ``move_to``) was used."""
        used = self.move_to(path, digest, claimed)
        self.modified_outside_undo = False
        return used

    def export(self, path: str | os.PathLike[str], fmt: str,
               progress: Progress | None = None) -> None:
        """Write the document in one of ``files.EXPORT_FORMATS``, named after its file."""
        from annotator.files import export_document

        # An export is no more readable than the document's file.
        export_document(self.document, path, fmt, self.path or "", progress, self.origin,
                        self.path)
