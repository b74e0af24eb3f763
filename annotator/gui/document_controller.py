"""A window's open document and its file: opening, saving, exporting, the lock on
the file, and watching it for changes made by other programs.

The ``DocumentSession`` (Qt-free) holds the document and its files; this
controller adds what needs Qt and the user: the undo stack, file dialogs,
questions, the file watcher, and running file work on a worker thread.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QEvent,
    QFileSystemWatcher,
    QObject,
    QStandardPaths,
    Qt,
    QThread,
    QTimer,
    Signal,
)
from PySide6.QtGui import QUndoGroup, QUndoStack
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from annotator.errors import (
    AnnotatorError,
    ChangedOnDiskError,
    ProtectedFileError,
    is_out_of_memory,
    out_of_memory,
)
from annotator.filenames import shown_name
from annotator.files import EXPORT_FORMATS, backup_path, file_digest, restore_session
from annotator.gui import dialogs, names, settings
from annotator.gui.i18n import format_label, tr
from annotator.gui.model_texts import note_text
from annotator.gui.tasks import run_task
from annotator.locking import DocumentLock, LockOwner, read_lock
from annotator.model import AnnotatedDocument
from annotator.progress import Cancelled, Progress
from annotator.resources import example_path, is_shipped
from annotator.session import DocumentSession

TEI_FILTER = QT_TRANSLATE_NOOP("", "TEI documents (*.xml *.tei);;Text files (*.txt);;All files (*)")
TEXT_FILTER = QT_TRANSLATE_NOOP("", "Text files (*.txt *.text *.md);;All files (*)")
EXPORT_NAME_ENDINGS = {"tei-inline": "-inline", "commitments-csv": "-commitments",
                       "commitments-jsonl": "-commitments", "deals-csv": "-deals",
                       "entities-csv": "-entities"}
# Editors that save by writing a new file and renaming it trigger several change
# notifications; look once things have settled.
DISK_CHECK_DELAY_MS = 300
# A file up to this size is read on the GUI thread: it takes less than the progress
# dialog's delay, and starting a worker and handing its result back cost more than the
# reading of a news article itself (docs/performance.md, "Small files").
INLINE_OPEN_BYTES = 1024 * 1024
# What waits for the first paint of an opened document runs after this long if the
# document is not painted (a hidden window).
AFTER_PAINT_FALLBACK_MS = 1000
STATUS_TIMEOUT_MS = 6000
LONG_STATUS_MS = 20000
Role = QMessageBox.ButtonRole
T = TypeVar("T")


class DocumentController(QObject):
    """The document a window shows (``session``) and everything done to its file."""

    # After another document (or none) became the window's: the new session or None.
    sessionReplaced = Signal(object)
    # Whether there is unsaved work may have changed (an edit, undo, a save).
    modifiedChanged = Signal()
    # A message for the status bar, and how long it shows (ms). (An object, not a str:
    # a file name's undecodable bytes, kept as surrogates, would be dropped on the way.)
    statusMessage = Signal(object, int)
    # After a successful save, with the path written.
    saved = Signal(object)
    # On the GUI thread right before a save's rename puts the new file in place (the
    # document's path, the SHA-256 of the new bytes), while the save waits: the
    # recovery journal notes it, so that a crash in the instant after the rename is
    # known to be its own save, not somebody else's change.
    saving = Signal(object, str)
    # The same, from the worker thread that saves (relayed, see _before_replace).
    _savingFromWorker = Signal(object, str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("documentController")
        self.window = window
        self.session: DocumentSession | None = None
        self.undo_group = QUndoGroup(self)
        self.undo_stack: QUndoStack | None = None
        # The lock taken by _claim for a file about to become the document; the
        # session holds it then, or it is let go if opening or saving fails.
        self._claimed: DocumentLock | None = None
        self._open_anyway: Path | None = None  # the user said so when _may_take asked
        self._savingFromWorker.connect(self.saving, Qt.ConnectionType.BlockingQueuedConnection)
        self._busy = False  # file work running: disk checks wait for it
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_file_changed)
        self._disk_check_timer = QTimer(self)
        self._disk_check_timer.setSingleShot(True)
        self._disk_check_timer.setInterval(DISK_CHECK_DELAY_MS)
        self._disk_check_timer.timeout.connect(self.check_disk)
        self._disk_asked: str | None = None  # digest the user was already asked about
        # The widget that shows an opened document (the window sets it): the recent
        # files are written once it has painted it (``_after_first_paint``).
        self.first_screen: QWidget | None = None

    # -- what is open --------------------------------------------------------------------
    @property
    def is_modified(self) -> bool:
        return self.session is not None and self.session.is_modified

    def display_name(self) -> str:
        return self.session.display_name() if self.session is not None else tr("Untitled")

    def status(self, message: str, timeout: int = STATUS_TIMEOUT_MS) -> None:
        self.statusMessage.emit(message, timeout)

    def replace(self, session: DocumentSession | None) -> None:
        """Make ``session`` the window's document, with an undo stack of its own
        (undoing never reaches into another file); the old one's file is let go
        unless it is the same file."""
        old, old_stack = self.session, self.undo_stack
        same_file = (old is not None and session is not None and session.tei_path is not None
                     and old.is_at(session.tei_path))
        if same_file:
            session.lock, old.lock = old.lock, None  # reloaded: the lock and watch stay
        elif old is not None:
            old.release()
        self.session = session
        if session is not None and session.take_lock(self._claimed):
            self._claimed = None
        if same_file:
            self._disk_asked = None
            self._watch()
        else:
            self._watch_anew()
        self.undo_stack = QUndoStack(self.undo_group)
        self.undo_group.addStack(self.undo_stack)
        self.undo_group.setActiveStack(self.undo_stack)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        if old_stack is not None:
            self.undo_group.removeStack(old_stack)
            old_stack.deleteLater()
        self.sessionReplaced.emit(session)

    def close_document(self) -> None:
        """The window closes: let go of the file (its lock, the watch, a disk check
        due)."""
        self._disk_check_timer.stop()
        if self.session is not None:
            self.session.move_to(None, None)
        self._watch_anew()

    def _on_clean_changed(self, clean: bool) -> None:
        if self.session is not None:
            self.session.note_edits_saved(clean)
        self.modifiedChanged.emit()

    def _watch_anew(self) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self._disk_asked = None
        self._watch()

    def _watch(self) -> None:
        # Replacing a file by rename drops it from the watch: add it again.
        path = self.session.tei_path if self.session is not None else None
        if path is not None and path.exists() and str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))

    # -- opening ---------------------------------------------------------------------------
    def start_folder(self) -> str:
        """Where file dialogs start: the document's folder, else the folder of the file
        last opened or saved, else the user's Documents, else home. Never Annotator's
        own folders (the sample article's, which ``make run`` opens)."""
        path = self.session.path if self.session is not None else None
        candidates = [path.parent] if path is not None else []
        candidates += [Path(recent).parent for recent in settings.recent_files()]
        for folder in candidates:
            if folder.is_dir() and not is_shipped(folder):
                return str(folder)
        documents = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        return str(documents if documents.is_dir() else Path.home())

    def new_from_text(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, tr("New from Text"), self.start_folder(),
                                              tr(TEXT_FILTER))
        if path:
            self.open_path(path, ask=False)

    def open_file(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Open"), self.start_folder(),
                                              tr(TEI_FILTER))
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open ``path`` in this window; on failure the current document stays."""
        if ask and not self.maybe_save():
            return False
        # Absolute: the path outlives the working directory (recent files, the crash
        # journal another process reads).
        path = Path(os.path.abspath(path))
        if not self._may_take(path):
            return False
        try:
            return self._open_taken(path)
        finally:
            self._release_claim()  # (if the file did not become the document)

    def _open_taken(self, path: Path) -> bool:
        original = bool(settings.get("prefer_original"))
        try:
            opened = self.run(tr("Opening {name}").format(name=path.name),
                              lambda progress: DocumentSession.open(
                                  path, progress, prefer_original=original),
                              abandon_on_cancel=True, inline=_is_small(path))
        except Cancelled:
            self.status(tr("Opening {name} cancelled").format(name=path.name))
            return False
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not open {name}").format(name=path.name),
                               error)
            return False
        except Exception as error:  # a bug, or the memory ran out: still keep the document
            failure = _failure(error, path, "open it")  # (the model's English sentence)
        else:
            failure = None
        if failure is not None:  # (shown once the exception has let go of what it held)
            dialogs.show_error(self.window, tr("Could not open {name}").format(name=path.name),
                               failure)
            return False
        if opened.tei_path is not None and not self._claim(opened.tei_path):
            self.status(tr("{name} was not opened").format(name=path.name))
            return False
        if not opened.brought_own_tagset():
            opened.document.use_tagset(settings.default_tagset())
        self.replace(opened)
        # Writing the settings file may wait for the disk: not before the user sees
        # the document.
        recent = str(path.resolve())
        self._after_first_paint(lambda: settings.add_recent_file(recent))
        count = len(opened.document.annotations)
        message = tr("Opened {name}").format(name=path.name)
        if count:
            message += tr(" with %Ln annotation(s)", "", count)
        if opened.notes:
            message += " — " + "; ".join(map(note_text, opened.notes))
            self.status(message, LONG_STATUS_MS)
        else:
            self.status(message)
        if opened.warnings:  # before any work is done on it
            dialogs.show_warnings(
                self.window, tr("{name} is not what it seems").format(name=shown_name(path)),
                tr("It was opened as it is. Check these places before you work on it: "
                   "a save keeps what is shown now."), opened.warnings)
        return True

    def _after_first_paint(self, action: Callable[[], object]) -> None:
        """Run ``action`` in the event loop's pass after ``first_screen`` next paints
        (at once without one; after a second if it is not painted, when hidden)."""
        if self.first_screen is None:
            action()
            return
        _AfterPaint(self.first_screen, action)

    def adopt(self, session: DocumentSession) -> bool:
        """Make ``session``, opened elsewhere (a corpus document), the window's document,
        after taking its file's lock as opening a file does."""
        path = session.tei_path
        if path is None:
            self.replace(session)
            return True
        path = Path(os.path.abspath(path))
        if not self._may_take(path):
            return False
        try:
            if not self._claim(path):
                return False
            self.replace(session)
            return True
        finally:
            self._release_claim()

    def open_example(self) -> bool:
        """Open the shipped annotated example as an unsaved copy: Save asks where to
        put it, so the example itself is never overwritten (it may be read-only)."""
        path = example_path()
        if not self.maybe_save():
            return False
        try:
            opened = DocumentSession.open(path)
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not open the annotated example"), error)
            return False
        opened.tei_path, opened.digest = None, None
        opened.source_path = Path(self.start_folder()) / path.name
        self.replace(opened)
        count = len(opened.document.annotations)
        self.status(tr("Opened the annotated example: %Ln annotation(s). Click a "
                        "commitment to see its fields and links; Save keeps your own copy.",
                        "", count))
        return True

    def show_restored(self, annotated: AnnotatedDocument, tei_path: Path | None,
                      source_path: Path | None, base_digest: str | None = None) -> None:
        """Show recovered work: it differs from any file, so it starts out unsaved.

        ``base_digest`` is the digest of the file the work was based on (opened from
        or last saved to). If the file differs now, somebody changed it after the
        crash: the user is told, and Save asks before replacing their changes.
        """
        session = restore_session(annotated, tei_path, source_path, base_digest=base_digest,
                                  prefer_original=bool(settings.get("prefer_original")))
        self.replace(session)
        self.modifiedChanged.emit()
        if session.notes:
            dialogs.show_error(self.window, tr("Restored work needs a new name"),
                               "; ".join(map(note_text, session.notes)))
        elif session.changed_since_base is not None:
            assert session.tei_path is not None
            self._disk_asked = session.changed_since_base  # answered here, not again
            choice = dialogs.ask(
                self.window, tr("File changed since the crash"),
                tr("“{name}” was changed by another program after Annotator stopped. Your "
                   "restored work is based on the version before that.").format(
                    name=session.tei_path.name),
                tr("Keep working: when you save, you will be asked before their changes are "
                   "overwritten. Or save your restored work under another name now, so that "
                   "both are kept."),
                [(tr("Keep Working"), Role.AcceptRole), (tr("Save As…"), Role.ActionRole)],
                default=0, escape=0, icon=QMessageBox.Icon.Warning)
            if choice == 1:
                self.save_as()

    def set_prefer_original(self, original: bool) -> bool:
        """Switch which reading of a ``choice`` the text shows, reopening a TEI document
        Annotator did not write; returns the reading shown now (a document keeps the
        one its annotations were made on)."""
        settings.put("prefer_original", bool(original))
        which = tr("original spellings") if original else tr("edited readings")
        session = self.session
        if session is None or session.origin is None or session.tei_path is None:
            self.status(tr("TEI documents will show their {which}").format(which=which))
            return original
        if not self.maybe_save():
            self.status(tr("TEI documents will show their {which} when opened again")
                        .format(which=which))
            return original
        path = session.tei_path
        if self.open_path(path, ask=False) and self.session.original_readings != bool(original):
            # Its annotations lie on the other reading: it stays as it was.
            settings.put("prefer_original", self.session.original_readings)
            self.status(tr("{name} keeps showing the reading its annotations were made on")
                        .format(name=path.name), LONG_STATUS_MS)
            return self.session.original_readings
        if self.session is not None and self.session.tei_path is not None:
            self.status(tr("Showing the {which} of {name}").format(
                which=which, name=self.session.tei_path.name))
        return original

    def run(self, title: str, work: Callable[[Progress], T],
             abandon_on_cancel: bool = False, inline: bool = False) -> T:
        """File work on a worker thread (``tasks.run_task``), or ``inline`` on this one
        (work too short for a progress dialog), with disk checks held off."""
        self._busy = True
        try:
            if inline:
                return work(Progress())
            return run_task(self.window, title, work, abandon_on_cancel=abandon_on_cancel)
        finally:
            self._busy = False

    # -- other windows and programs: locks -----------------------------------------------
    def _is_ours(self, path: Path) -> bool:
        return self.session is not None and self.session.is_at(path)

    def _may_take(self, path: Path) -> bool:
        """Warn before opening or saving over a file another window or program holds.

        A first look, before the file is read; ``_claim`` takes the lock once it is
        known to become the document."""
        self._open_anyway = None
        if self._is_ours(path):
            return True
        owner = read_lock(path)
        if owner is None or owner.is_stale:
            return True
        if owner.is_this_process:
            other = _window_showing(path, self.window)
            if other is not None:
                other.showNormal()
                other.raise_()
                other.activateWindow()
                self.status(tr("{name} is already open in another window").format(
                    name=path.name))
                return False
        elif not self._ask_open_anyway(path, owner):
            return False
        # Asked, or held by a window of ours that has since closed: take it over.
        self._open_anyway = path
        return True

    def _claim(self, path: Path) -> bool:
        """Take the lock of ``path``, which is about to become the document (opened as
        a TEI file, or saved to). Atomic: of two Annotators opening the same file at
        the same moment, exactly one gets it and the other asks here. The session
        takes the claim (``_claimed``) when it moves to the file; callers release
        it otherwise."""
        self._release_claim()
        if self._is_ours(path):
            return True  # held already
        lock = DocumentLock(path, like=self.session.path if self.session is not None else None)
        if self._open_anyway == path:
            lock.acquire()
        else:
            owner = lock.claim()
            if owner is not None and not owner.is_stale:
                if not owner.is_this_process and not self._ask_open_anyway(path, owner):
                    return False
                lock.acquire()
        self._claimed = lock
        return True

    def _ask_open_anyway(self, path: Path, owner: LockOwner) -> bool:
        choice = dialogs.ask(
            self.window, tr("Document in use"),
            tr("“{name}” is already open in another Annotator.").format(name=path.name),
            tr("Opened by {owner}.\n\nIf you both save, one of you will "
               "overwrite the other's work. Open it only if that Annotator has been closed "
               "or you will not save there.").format(owner=owner.describe()),
            [(tr("Open Anyway"), Role.AcceptRole), (tr("Cancel"), Role.RejectRole)],
            default=1, escape=1)
        return choice == 0

    def _release_claim(self) -> None:
        """Let go of the lock ``_claim`` took for a file that did not become the
        document (opening or saving it failed, or was cancelled)."""
        claimed, self._claimed = self._claimed, None
        if claimed is not None:
            claimed.release()

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> bool:
        session = self.session
        if session is None:
            return False
        if session.tei_path is None:
            return self.save_as()
        if not session.is_modified and session.tei_path.exists():
            # Rewriting an unchanged document would only add a revision and
            # disturb others watching the file.
            self.status(tr("No changes to save"))
            return True
        return self.save_to(session.tei_path)

    def default_save_path(self) -> Path:
        """What Save As and Export propose: the document's name in ``start_folder``."""
        session = self.session
        if session is not None and session.tei_path is not None:
            name = session.tei_path.name
        elif session is not None and session.source_path is not None:
            name = session.source_path.with_suffix(".xml").name
        else:
            name = "untitled.xml"
        return Path(self.start_folder()) / name

    def save_as(self) -> bool:
        if self.session is None:
            return False
        offer = self.default_save_path()
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Save As"), names.offered(offer),
                                              tr("TEI documents (*.xml)"))
        if not path:
            return False
        target = names.chosen(path, offer)
        if not target.suffix:
            target = target.with_suffix(".xml")
        return self.save_to(target)

    def save_to(self, path: Path, check_disk: bool = True) -> bool:
        """Save to ``path``; never over a file changed by somebody else without asking."""
        path = Path(os.path.abspath(path))
        if not self._is_ours(path) and not (self._may_take(path) and self._claim(path)):
            return False
        try:
            return self._save_taken(path, check_disk)
        finally:
            self._release_claim()  # (if the file did not become the document)

    def _save_taken(self, path: Path, check_disk: bool) -> bool:
        session = self.session
        backup = bool(settings.get("keep_backup"))
        name = settings.annotator_name()
        try:
            saving = tr("Saving {name}").format(name=path.name)
            result = self.run(saving, lambda progress: session.write(
                path, name, backup=backup, check_disk=check_disk, progress=progress,
                before_replace=lambda _file, digest: self._before_replace(path, digest)))
        except Cancelled:
            self.status(tr("Save cancelled; {name} was not written").format(name=path.name))
            return False
        except ChangedOnDiskError:
            return self._save_conflict(path)
        except ProtectedFileError as error:
            return self._save_refused(path, error)
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not save {name}").format(name=path.name),
                               error)
            return False
        except Exception as error:  # keep the document open whatever happened
            failure = _failure(error, path, "save it; nothing was written")
        else:
            failure = None
        if failure is not None:
            dialogs.show_error(self.window, tr("Could not save {name}").format(name=path.name),
                               failure)
            return False
        moved = not session.is_at(path)
        if session.saved_to(path, result.digest, self._claimed):
            self._claimed = None
        if moved:
            self._watch_anew()
        else:
            self._disk_asked = None
            self._watch()
        self.undo_stack.setClean()
        settings.add_recent_file(str(path.resolve()))
        self.modifiedChanged.emit()
        message = tr("Saved {name}").format(name=path.name)
        if result.notes:
            message += " — " + "; ".join(map(note_text, result.notes))
        self.status(message)
        self.saved.emit(path)
        return True

    def _before_replace(self, path: Path, digest: str) -> None:
        """Announce ``saving`` on the GUI thread, however the save runs; the save goes
        on once its slots have run."""
        if QThread.currentThread() == self.thread():
            self.saving.emit(path, digest)
        else:
            self._savingFromWorker.emit(path, digest)  # (a blocking queued connection)

    def _save_refused(self, path: Path, error: ProtectedFileError) -> bool:
        """The file is not the user's to replace (read-only, another user's): say so
        and offer to save the work under another name."""
        choice = dialogs.ask(
            self.window, tr("Cannot Save"),
            tr("“{name}” {reason}, so Annotator does not save over it.").format(
                name=path.name, reason=error.reason),
            tr("Your annotations are kept, not yet saved. Save As… writes them to a file "
               "of your own."),
            [(tr("Save As…"), Role.AcceptRole), (tr("Cancel"), Role.RejectRole)], default=0,
            escape=1)
        if choice == 0:
            return self.save_as()
        self.status(tr("Not saved; {name} was left as it is").format(name=path.name))
        return False

    def _save_conflict(self, path: Path) -> bool:
        kept = (tr(" Your version replaces it; theirs is kept as {name}.").format(
                    name=backup_path(path).name) if settings.get("keep_backup") else "")
        choice = dialogs.ask(
            self.window, tr("File changed on disk"),
            tr("“{name}” was changed by another program since you opened it.").format(
                name=path.name),
            tr("Saving here would overwrite those changes.") + kept
            + "\n\n" + tr("You can also save your version under another name."),
            [(tr("Overwrite"), Role.DestructiveRole), (tr("Save As…"), Role.ActionRole),
             (tr("Cancel"), Role.RejectRole)], default=2, escape=2)
        if choice == 0:
            return self.save_to(path, check_disk=False)
        if choice == 1:
            return self.save_as()
        self.status(tr("Not saved; {name} keeps the other program's changes").format(
            name=path.name))
        return False

    def maybe_save(self) -> bool:
        """True if the current document may be replaced or closed."""
        if not self.is_modified:
            return True
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.question(
            self.window, tr("Unsaved changes"),
            tr("“{name}” has unsaved annotations. Save them first?").format(
                name=self.display_name()),
            buttons, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # -- exporting ---------------------------------------------------------------------------
    def export(self, fmt: str) -> None:
        session = self.session
        if session is None:
            return
        label, suffix = EXPORT_FORMATS[fmt]
        label = format_label(label)
        base = self.default_save_path()
        # Each table its own name: the commitments CSV must not offer to overwrite the
        # annotations CSV exported a moment before.
        default = base.with_name(base.stem + EXPORT_NAME_ENDINGS.get(fmt, "") + suffix)
        chosen = names.ask_export_path(self.window, label, default, suffix)
        if chosen is None:
            return
        path = str(chosen)
        try:
            self.run(tr("Exporting {name}").format(name=Path(path).name),
                      lambda progress: session.export(path, fmt, progress))
        except Cancelled:
            self.status(tr("Export cancelled; {name} was not written").format(
                name=Path(path).name))
            return
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not export"), error)
            return
        except Exception as error:
            failure = _failure(error, Path(path), "export the document; nothing was written")
        else:
            failure = None
        if failure is not None:
            dialogs.show_error(self.window, tr("Could not export"), failure)
            return
        self.status(tr("Exported {name}").format(name=Path(path).name))

    # -- the file on disk ------------------------------------------------------------------
    def _on_file_changed(self, _path: str) -> None:
        self._disk_check_timer.start()

    def check_disk(self) -> None:
        """Compare the file with what was opened or saved, and ask if somebody changed it."""
        if self._busy or QApplication.activeModalWidget() is not None:
            self._disk_check_timer.start()  # ask when the user is free to answer
            return
        session = self.session
        path = session.tei_path if session is not None else None
        if path is None or session.digest is None:
            return
        try:
            current = file_digest(path)
        except AnnotatorError:
            current = "unreadable"
        self._watch()
        if current == session.digest or current == self._disk_asked:
            return
        self._disk_asked = current
        if current is None:
            self.status(
                tr("{name} was deleted or moved by another program; Save writes it again")
                .format(name=path.name),
                LONG_STATUS_MS)
            return
        if session.is_modified:
            text = tr("“{name}” was changed by another program, and you have unsaved "
                      "changes.").format(name=path.name)
            informative = tr("Reload shows the file as it is now and discards your changes. "
                             "Keep My Version leaves your work as it is; when you save you "
                             "will be asked before anything is overwritten.")
            default = 1
        else:
            text = tr("“{name}” was changed by another program.").format(name=path.name)
            informative = tr("Reload it to see the changes?")
            default = 0
        choice = dialogs.ask(self.window, tr("File changed on disk"), text, informative,
                             [(tr("Reload"), Role.AcceptRole),
                              (tr("Keep My Version"), Role.RejectRole)],
                             default=default, escape=1, icon=QMessageBox.Icon.Question)
        if choice == 0:
            session.modified_outside_undo = False
            if self.undo_stack is not None:
                self.undo_stack.setClean()
            self.open_path(path, ask=False)


def _window_showing(path: Path, besides: QWidget) -> QWidget | None:
    """Another visible window of this process whose document's file is ``path``."""
    target = path.resolve()
    for widget in QApplication.topLevelWidgets():
        if widget is besides or not widget.isVisible():
            continue
        controller = widget.findChild(DocumentController, "documentController",
                                      Qt.FindChildOption.FindDirectChildrenOnly)
        if controller is not None and controller._is_ours(target):
            return widget
    return None


def _is_small(path: Path) -> bool:
    """A regular file of at most ``INLINE_OPEN_BYTES`` (anything else, or a file that
    cannot be looked at, is read on a worker, which also reports why it cannot)."""
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= INLINE_OPEN_BYTES


def _failure(error: Exception, path: Path, doing: str) -> str:
    """What the dialog says of an error that is not bad input: the memory running out
    in a sentence (the document stays open, nothing of it is lost), a bug as it is."""
    if is_out_of_memory(error):
        problem = out_of_memory(str(path), doing)
        return (f"{shown_name(path)}: {problem.message[0].upper()}{problem.message[1:]}. "
                + tr("The document that was open stays open, with all its changes."))
    return repr(error)


class _AfterPaint(QObject):
    """Runs an action once, in the event loop's pass after ``widget``'s next paint (so
    the paint is on screen first), or after ``AFTER_PAINT_FALLBACK_MS`` if none comes."""

    def __init__(self, widget: QWidget, action: Callable[[], object]) -> None:
        super().__init__(widget)
        self._action: Callable[[], object] | None = action
        widget.installEventFilter(self)
        QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Posted while the paint's pass runs: delivered in the next pass.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        action, self._action = self._action, None
        if action is not None:
            self.parent().removeEventFilter(self)
            self.deleteLater()
            action()
