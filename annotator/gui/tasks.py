"""Running file work off the GUI thread, with a progress dialog and Cancel.

``run_task`` returns only when the work is done, like a plain call, so the
window code reads top to bottom; meanwhile the event loop keeps running, so
the window repaints and the dialog's Cancel works. Only the worker touches
the document while it runs: input to the window is held back until the
dialog (which is window-modal) appears, and the dialog blocks it after that.

Qt objects are made, used and deleted on the GUI thread only: the worker holds
none (it wakes the GUI thread through a signal of an object that lives as long
as the application), a failed task leaves no reference cycle through them, and
while a window exists Python's cyclic garbage collector runs on the GUI thread
only (``collect_on_gui_thread``; ``annotator.collector`` says why).
"""

from __future__ import annotations

import gc
import re
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator import collector
from annotator.gui.i18n import format_label, tr
from annotator.progress import Cancelled, Progress

T = TypeVar("T")

# Work that finishes sooner never shows a dialog: flashing one is worse than none.
DIALOG_DELAY_S = 0.4
# How often the GUI thread looks at the worker's progress (and Cancel). It does not
# wait for a look to learn that the work is done: the worker wakes it. Between
# looks it sleeps in the event loop without the GIL; each look takes the GIL from
# the worker, so looking every few milliseconds would slow the work itself.
LOOK_S = 0.05
# How often the GUI thread looks whether the collector is due (it then collects the
# generation that Python's own thresholds say, as an automatic pass would).
COLLECT_EVERY_MS = 100


# The steps ``annotator.files`` reports (in English, below the window) as the window
# says them; a step not listed is shown as it came.
_STEPS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Reading the text…"), lambda m: tr("Reading the text…")),
    (re.compile(r"Reading (.+)…"), lambda m: tr("Reading {name}…").format(name=m[1])),
    (re.compile(r"Checking the TEI and building the annotations…"),
     lambda m: tr("Checking the TEI and building the annotations…")),
    (re.compile(r"Writing and validating the TEI…"),
     lambda m: tr("Writing and validating the TEI…")),
    (re.compile(r"Saving (.+)…"), lambda m: tr("Saving {name}…").format(name=m[1])),
    (re.compile(r"Writing (.+)…"),
     lambda m: tr("Writing {format}…").format(format=format_label(m[1]))),
    # (annotator.team.agreement)
    (re.compile(r"Aligning (.+)…"), lambda m: tr("Aligning {name}…").format(name=m[1])),
    (re.compile(r"Estimating chance disorder \(all tags\)…"),
     lambda m: tr("Estimating the chance disorder (all tags)…")),
    (re.compile(r"Estimating chance disorder \((.+)\)…"),
     lambda m: tr("Estimating the chance disorder ({tag})…").format(tag=m[1])),
    (re.compile(r"Unitizing α and span F1…"), lambda m: tr("Unitizing α and span F1…")),
    (re.compile(r"Commitments and disagreements…"),
     lambda m: tr("Commitments and disagreements…")),
]


def step_text(step: str) -> str:
    """A step of file work as the progress dialog shows it."""
    for pattern, say in _STEPS:
        match = pattern.fullmatch(step)
        if match:
            return say(match)
    return step


class TaskDialog(QProgressDialog):
    """The window-modal progress dialog shown for slow work."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("taskDialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setRange(0, 0)  # busy until the worker gives an estimate
        self.setMinimumWidth(420)
        self.setCancelButtonText(tr("Cancel"))

    def show_progress(self, label: str, fraction: float | None) -> None:
        if label and step_text(label) != self.labelText():
            self.setLabelText(step_text(label))
        if fraction is None:
            if self.maximum() != 0:
                self.setRange(0, 0)
        else:
            if self.maximum() != 1000:
                self.setRange(0, 1000)
            self.setValue(int(max(0.0, min(1.0, fraction)) * 1000))


def run_task(parent: QWidget | None, title: str, work: Callable[[Progress], T],
             progress: Progress | None = None, abandon_on_cancel: bool = False) -> T:
    """Run ``work(progress)`` on a worker thread; return its result or raise its error.

    Raises ``Cancelled`` when the user cancelled. Work that reads the open
    document (saving, exporting) is waited for until it stops at its next
    step, so it never runs beside the user's next edit; with
    ``abandon_on_cancel`` (opening, which builds a new document of its own)
    control returns at once and the worker's result is dropped when it comes.
    For work with a point of no return (``Progress.commit``), a Cancel that
    comes after it is ignored and the result is returned as usual, so the
    caller never loses track of a file that was in fact written.
    """
    progress = progress or Progress()
    outcome: dict[str, object] = {}
    done = threading.Event()
    loop = QEventLoop()
    # The worker wakes this wait through an object that outlives it: holding the loop
    # itself, it would drop the last reference to it, and so delete it, on its own
    # thread whenever this call has returned first (always, after Cancel of an open).
    waker = _waker()
    waker.woke.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def worker() -> None:
        try:
            outcome["result"] = work(progress)
        except BaseException as error:  # handed to the GUI thread, re-raised there
            outcome["error"] = error
        finally:
            done.set()
            # A queued signal is thread-safe: it ends the GUI thread's wait now.
            waker.woke.emit()

    thread = threading.Thread(target=worker, name=f"annotator: {title}", daemon=True)
    started = time.monotonic()
    dialog: TaskDialog | None = None
    # Each look ends the loop's exec() below; so does the worker, when it is done.
    looks = QTimer()
    looks.setInterval(round(LOOK_S * 1000))
    looks.timeout.connect(loop.quit)
    looks.start()
    thread.start()
    try:
        while not done.is_set():
            if dialog is None and time.monotonic() - started >= DIALOG_DELAY_S:
                dialog = TaskDialog(title, parent)
                dialog.canceled.connect(progress.cancel)
                dialog.show()
            if dialog is not None:
                if dialog.wasCanceled():  # Esc or closing the dialog, as well as the button
                    progress.cancel()
                if progress.cancelled and not progress.committed:
                    if abandon_on_cancel:
                        # The worker may sit inside a long library call; do not make
                        # the user wait for it. Its result, when it comes, is dropped.
                        raise Cancelled()
                    if dialog.labelText() != tr("Cancelling…"):
                        dialog.setLabelText(tr("Cancelling…"))
                        dialog.setCancelButton(None)
                else:
                    dialog.show_progress(*progress.snapshot())
                if not done.is_set():
                    loop.exec(QEventLoop.ProcessEventsFlag.AllEvents)
            elif not done.is_set():
                loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    finally:
        looks.stop()
        waker.woke.disconnect(loop.quit)
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()
            if parent is not None and parent.isVisible():
                # Give keyboard shortcuts back to the window the dialog covered.
                parent.window().activateWindow()
    if "error" in outcome:
        # Taken out, not looked up: the error's traceback holds the worker's frame,
        # which holds ``outcome``; left in it, the two would make a reference cycle
        # that keeps this call's frame (its event loop, timer and dialog) for the
        # garbage collector.
        raise outcome.pop("error")  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


class _Waker(QObject):
    """Lives on the GUI thread as long as the application; workers emit ``woke``."""

    woke = Signal()


_the_waker: _Waker | None = None


def _waker() -> _Waker:
    global _the_waker
    if _the_waker is None:
        _the_waker = _Waker(QCoreApplication.instance())
    return _the_waker


class GuiThreadCollector(QObject):
    """Python's cyclic garbage collector, run by the GUI thread on a timer while
    windows exist (``collect_on_gui_thread``), with Python's own thresholds."""

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(COLLECT_EVERY_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        """Collect as an automatic pass would have by now: the oldest generation whose
        count is over its threshold, once the youngest's is. Not while a document is
        built (``annotator.collector.paused``)."""
        if collector.is_paused():
            return
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if thresholds[0] == 0 or counts[0] <= thresholds[0]:
            return
        for generation in (2, 1, 0):
            if generation == 0 or counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return


_the_collector: GuiThreadCollector | None = None


def collect_on_gui_thread(window: QWidget) -> None:
    """While ``window`` exists, the cyclic garbage collector makes no automatic
    passes (which run on whatever thread allocates: mostly a file worker here);
    the GUI thread collects instead."""
    global _the_collector
    if _the_collector is None:
        _the_collector = GuiThreadCollector(QCoreApplication.instance())
    collector.gui_thread_collects()
    window.destroyed.connect(collector.gui_thread_done)


__all__ = ["COLLECT_EVERY_MS", "DIALOG_DELAY_S", "GuiThreadCollector", "TaskDialog",
           "collect_on_gui_thread", "run_task"]
