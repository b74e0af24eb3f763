"""Crash recovery in the window: journal every change, offer the journals of crashed runs.

The journal itself (format, locking, replay) is ``annotator.recovery``, plain
Python. This module decides where journals live (the user's data directory,
never beside the document), keeps one journal per window in step with the
window's document, syncs it to disk from a timer, and asks at start-up what to
do with the unsaved work of a process that died.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QDate, QDateTime, QLocale, QObject, QStandardPaths, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import __version__
from annotator.filenames import shown_path
from annotator.gui import dialogs
from annotator.gui.i18n import tr
from annotator.gui.mainwindow import MainWindow
from annotator.model import AnnotatedDocument, StoreChange
from annotator.recovery import Orphan, RecoveryJournal, find_orphans
from annotator.session import DocumentSession

T = TypeVar("T")

# Changes are written to the journal (the kernel has them) as they happen; this
# is how long they may then wait for fsync. With the timer's own latency the
# journal is on disk within two seconds of any change, as the requirement asks.
SYNC_DELAY_MS = 1000
RESTORED_STATUS_MS = 30000
# One step of writing a large base snapshot: a key pressed meanwhile waits no longer.
BASE_STEP_SECONDS = 0.004


def recovery_folder() -> Path:
    """Where journals live: ``<AppDataLocation>/recovery`` (on Linux
    ``~/.local/share/Annotator/Annotator/recovery``).

    Not beside the document: its folder may be read-only, shared or synced to
    other machines, and a journal there would leak unsaved work or clutter it.
    """
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) / "recovery"


class RecoveryController(QObject):
    """Keeps a recovery journal of its window's document while the window lives.

    Listens to the window only through its signals and the store's
    ``subscribe``; the window knows nothing of it.
    """

    def __init__(self, window: MainWindow, folder: str | Path | None = None) -> None:
        super().__init__(window)
        self.setObjectName("recoveryController")
        self.window = window
        self.folder = Path(folder) if folder is not None else recovery_folder()
        self.journal: RecoveryJournal | None = None
        self.error: str | None = None  # why the current document is not journaled
        self._annotated: AnnotatedDocument | None = None
        self._stack = None
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(SYNC_DELAY_MS)
        self._sync_timer.timeout.connect(self.sync)
        # A large document's base snapshot is written a few milliseconds at a time
        # whenever the event loop is idle (RecoveryJournal.write_base).
        self._base_timer = QTimer(self)
        self._base_timer.setInterval(0)
        self._base_timer.timeout.connect(self._write_base_step)
        window.files.sessionReplaced.connect(self._attach)
        window.files.saving.connect(self._on_saving)
        window.files.saved.connect(self._on_saved)
        window.windowClosing.connect(self._on_closing)
        self._attach(window.session)

    @staticmethod
    def of(window: QWidget) -> RecoveryController | None:
        return window.findChild(RecoveryController, "recoveryController")

    # -- following the window ----------------------------------------------------------
    def _attach(self, session: DocumentSession | None) -> None:
        # The window replaces a document only after its Save/Discard question
        # (or when it had none), so the old journal's work is saved or discarded.
        self._detach(clean=True)
        if session is None:
            return
        annotated = self._annotated = session.document
        self.journal = RecoveryJournal(self.folder, annotated, session.tei_path,
                                       session.source_path, __version__,
                                       digest=session.digest)
        annotated.annotations.subscribe(self._on_change)
        self._stack = self.window.undo_stack
        if self._stack is not None:
            self._stack.cleanChanged.connect(self._on_clean_changed)

    def _detach(self, clean: bool) -> None:
        self._sync_timer.stop()
        self._base_timer.stop()
        if self._annotated is not None:
            self._annotated.annotations.unsubscribe(self._on_change)
            self._annotated = None
        if self._stack is not None:
            try:
                self._stack.cleanChanged.disconnect(self._on_clean_changed)
            except (RuntimeError, TypeError):  # the stack is already gone
                pass
            self._stack = None
        journal, self.journal = self.journal, None
        self.error = None
        if journal is not None:
            try:
                journal.close(clean)
            except OSError as error:  # too late to warn about: the document is gone
                sys.stderr.write(f"annotator: could not close a recovery journal: {error}\n")

    def _on_change(self, change: StoreChange) -> None:
        if self.journal is not None and self.error is None:
            self._guard(lambda: self.journal.record(change))
            self._schedule_sync()
            if self.journal.writing and not self._base_timer.isActive():
                self._base_timer.start()

    def _write_base_step(self) -> None:
        journal = self.journal
        if journal is None or self.error is not None or not self._guard(
                lambda: journal.write_base(BASE_STEP_SECONDS)):
            self._base_timer.stop()

    def _on_clean_changed(self, _clean: bool) -> None:
        # is_modified, not the stack's flag: restored work is unsaved even when
        # its (empty) undo stack is clean.
        if self.journal is not None and self.error is None and not self.window.is_modified:
            self._guard(self.journal.mark_clean)
            self._schedule_sync()

    def _on_saving(self, path: object, digest: str) -> None:
        if self.journal is not None and self.error is None:
            self._guard(lambda: self.journal.mark_saving(Path(str(path)), digest))

    def _on_saved(self, path: object) -> None:
        if self.journal is not None and self.error is None:
            digest = self.window.session.digest
            self._guard(lambda: self.journal.mark_saved(Path(str(path)), digest))
            self._schedule_sync()

    def _on_closing(self) -> None:
        self._detach(clean=True)

    def _schedule_sync(self) -> None:
        if not self._sync_timer.isActive():
            self._sync_timer.start()

    def sync(self) -> None:
        """fsync what the journal has written (the timer calls this)."""
        if self.journal is not None and self.error is None:
            self._guard(self.journal.sync)
            # A large base snapshot still being written: look again (its thread
            # syncs what it writes; changes made meanwhile are synced here).
            if self.error is None and self.journal is not None and self.journal.pending:
                self._schedule_sync()

    def _guard(self, action: Callable[[], T]) -> T | None:
        """Run a journal action and return what it returns (None if it failed); a
        failure (disk full...) must never stop annotating."""
        try:
            return action()
        except Exception as error:
            self.error = f"{type(error).__name__}: {error}"
            sys.stderr.write(f"annotator: crash recovery stopped: {self.error}\n")
            message = tr("Crash recovery is off for this document ({error}); save often").format(
                error=error)
            # Deferred: the action that failed (tagging...) shows its own message next.
            QTimer.singleShot(0, self, lambda: self.window.statusBar().showMessage(
                message, RESTORED_STATUS_MS))

    # -- restoring ------------------------------------------------------------------------
    def restore(self, orphan: Orphan) -> None:
        """Show ``orphan``'s document in the window, unsaved, journaled anew.

        The old journal is deleted only once the new one is on disk; if the new
        one cannot be written, the old one stays for the next start.
        """
        recovered = orphan.restore()
        self.window.files.show_restored(recovered.annotated, recovered.tei_path,
                                        recovered.source_path, recovered.digest)
        # The restored work is unsaved from the start: journal it now, and durably,
        # before the old journal is deleted, so a second crash loses nothing either.
        journal = self.journal
        if journal is not None:
            def write_now() -> None:
                journal.start(changes=max(orphan.changes, 1))
                journal.sync()

            self._guard(write_now)
        if self.journal is None or self.error is not None or not self.journal.started:
            orphan.release()  # keep the old journal: it is the only copy on disk
        else:
            orphan.discard()
        count = len(recovered.annotated.annotations)
        # Short enough to fit beside the counts in the status bar of a normal window.
        message = (tr("Restored “{name}”: ").format(name=orphan.name)
                   + tr("%Ln annotation(s), ", "", count)
                   + tr("%Ln unsaved change(s); Ctrl+S keeps them", "", orphan.changes))
        if orphan.damaged:
            message += tr(" The very last changes could not be read.")
        self.window.statusBar().showMessage(message, RESTORED_STATUS_MS)

    def abandon(self) -> None:
        """Stop following the window and let go of the journal as a crash would.

        For tests that simulate a crash in one process: the journal stays on
        disk, unlocked, and the next ``offer_recovery`` finds it.
        """
        self._sync_timer.stop()
        self._base_timer.stop()
        if self._annotated is not None:
            self._annotated.annotations.unsubscribe(self._on_change)
        for signal, slot in ((self.window.files.sessionReplaced, self._attach),
                             (self.window.files.saving, self._on_saving),
                             (self.window.files.saved, self._on_saved),
                             (self.window.windowClosing, self._on_closing)):
            signal.disconnect(slot)
        if self._stack is not None:
            try:
                self._stack.cleanChanged.disconnect(self._on_clean_changed)
            except (RuntimeError, TypeError):  # the stack is already gone
                pass
        if self.journal is not None:
            self.journal.abandon()
        self.journal = None
        self._annotated = self._stack = None


# -- the start-up question ------------------------------------------------------------------
class RecoveryDialog(QMessageBox):
    """Lists the unsaved documents of a crashed run: Restore (default), Discard, Later."""

    def __init__(self, parent: QWidget | None, orphans: list[Orphan]) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(tr("Restore unsaved work"))
        many = len(orphans) > 1
        self.setText(tr("<b>Annotator stopped without saving your work.</b><br>"
                        "Unsaved changes to %n document(s) can be restored:", "", len(orphans)))
        items = "".join(_describe(o) for o in orphans)
        self.setInformativeText(
            items + (tr("<p><b>Restore</b> opens them as before, not yet saved. "
                        "<b>Later</b> keeps them for the next start.</p>") if many else
                     tr("<p><b>Restore</b> opens it as before, not yet saved. "
                        "<b>Later</b> keeps it for the next start.</p>")))
        self.restore_button = self.addButton(tr("&Restore"), QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = self.addButton(tr("&Discard"),
                                             QMessageBox.ButtonRole.DestructiveRole)
        self.later_button = self.addButton(tr("&Later"), QMessageBox.ButtonRole.RejectRole)
        # Enter restores: after a crash the safe answer must be the easy one.
        self.setDefaultButton(self.restore_button)
        self.setEscapeButton(self.later_button)

    def choose(self) -> str:
        """Show the dialog; "restore", "discard" or "later"."""
        self.exec()
        clicked = self.clickedButton()
        if clicked is self.restore_button:
            return "restore"
        if clicked is self.discard_button:
            return "discard"
        return "later"


def _describe(orphan: Orphan) -> str:
    changes = tr("%Ln unsaved change(s)", "", orphan.changes)
    path = orphan.document_path
    # A document with no TEI file yet is named by its text file, or (the annotated
    # example's copy) by the name Save proposes, where no file is.
    never_saved = path is None or (orphan.recovered.tei_path is None and not _is_there(path))
    where = tr("never saved") if never_saved else tr("in {folder}").format(
        folder=html.escape(shown_folder(path)))
    note = tr(" (the very last ones are damaged)") if orphan.damaged else ""
    return (f"<p style='margin-bottom: 6px'><b>{html.escape(shown_path(orphan.name))}</b><br>"
            f"{changes}{note}, "
            + tr("last changed {when}").format(when=html.escape(_when(orphan.last_change)))
            + "<br>"
            + f"<span style='color: palette(mid)'>{where}</span></p>")


def _is_there(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a folder we may not look into: it was there to open
        return True


def shown_folder(path: Path) -> str:
    """The folder of ``path`` as a person reads it: absolute, the home folder as ~."""
    folder = path.parent
    home = Path.home()
    if folder == home or home in folder.parents:
        return shown_path(Path("~") / folder.relative_to(home))
    return shown_path(folder)


def _when(seconds: float) -> str:
    """"today at 14:03", or the date and time in the user's locale."""
    moment = QDateTime.fromSecsSinceEpoch(int(seconds))
    locale = QLocale()
    time = locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    if moment.date() == QDate.currentDate():
        return tr("today at {time}").format(time=time)
    return tr("on {date} at {time}").format(
        date=locale.toString(moment.date(), QLocale.FormatType.ShortFormat), time=time)


def offer_recovery(window: MainWindow, folder: str | Path | None = None,
                   new_window: Callable[[], MainWindow] | None = None) -> list[MainWindow]:
    """If a crashed run left unsaved work, ask what to do; the windows restored into.

    The first document goes into ``window`` when it is empty, the others into
    windows made by ``new_window`` (each with its own controller).
    """
    folder = Path(folder) if folder is not None else recovery_folder()
    try:
        orphans = find_orphans(folder)
    except OSError as error:  # an unreadable data directory must not stop the start
        sys.stderr.write(f"annotator: cannot look for unsaved work in {folder}: {error}\n")
        return []
    if not orphans:
        return []
    while True:
        dialog = RecoveryDialog(window, orphans)
        answer = dialog.choose()
        dialog.deleteLater()
        if answer != "discard" or _confirm_discard(window, len(orphans)):
            break
    if answer == "later":
        for orphan in orphans:
            orphan.release()
        window.statusBar().showMessage(
            tr("Unsaved work from before kept: it will be offered again at the next start"),
            RESTORED_STATUS_MS)
        return []
    if answer == "discard":
        for orphan in orphans:
            orphan.discard()
        return []
    if new_window is None:
        from annotator.gui import create_window

        def new_window() -> MainWindow:
            return create_window(folder)

    restored: list[MainWindow] = []
    for orphan in orphans:
        try:
            target = window if window.annotated is None and not restored else new_window()
            controller = RecoveryController.of(target) or RecoveryController(target, folder)
            controller.restore(orphan)
        except Exception as error:
            # A bug must not make every start fail: keep the journal, say where it is.
            orphan.release()
            dialogs.show_error(window, tr("Could not restore {name}").format(name=orphan.name),
                               f"{type(error).__name__}: {error}\n\n"
                               + tr("The unsaved work is kept in {path}.").format(
                                   path=orphan.path))
            continue
        restored.append(target)
    return restored


def _confirm_discard(parent: QWidget, count: int) -> bool:
    question = (tr("Delete these changes for good?") if count == 1
                else tr("Delete the changes to %Ln documents for good?", "", count))
    return dialogs.ask(
        parent, tr("Discard unsaved work"), question,
        tr("They cannot be restored afterwards."),
        [(tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole),
         (tr("Cancel"), QMessageBox.ButtonRole.RejectRole)], default=1, escape=1) == 0
