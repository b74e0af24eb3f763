"""Qt objects live and die on the GUI thread, whatever the file workers do.

The crash these guard against: a window opening the ELTeC novel on its worker thread
while Qt objects waited in garbage cycles (a closed window, a timer, a failed task's
event loop). Python's collector runs on whichever thread allocates, so the worker
collected them, deleting Qt objects on its own thread, and the GUI thread died in Qt
("Garbage-collecting" in its faulthandler report, as the collection was still going
on in the worker). And a process that copied text segfaulted when it exited, on
platforms whose clipboard outlives Python.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import reference
from gui_helpers import SAMPLE_TXT, make_window, shift_select
from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken

from annotator import collector
from annotator.gui import tasks
from annotator.gui.mainwindow import MainWindow
from annotator.progress import Cancelled, Progress

NOVEL = "eltec-deu-DEU001.xml"


def copy_novel(tmp_path: Path) -> Path:
    target = tmp_path / NOVEL
    shutil.copyfile(reference.path("samples", NOVEL), target)
    return target


class Recorder:
    """Which threads run collections, and on which thread each garbage cycle it made
    was collected."""

    def __init__(self) -> None:
        self.collected_on: list[str] = []
        self.collections: list[str] = []

    def garbage_cycle(self) -> None:
        """A reference cycle holding a Qt object, left for the collector."""
        holder = _Collected(self.collected_on)
        holder.me = holder
        holder.timer = QTimer()

    def note(self, phase: str, _info: dict) -> None:
        if phase == "start":
            self.collections.append(threading.current_thread().name)


class _Collected:
    def __init__(self, record: list[str]) -> None:
        self.record = record

    def __del__(self) -> None:
        self.record.append(threading.current_thread().name)


def test_no_worker_thread_collects_garbage_while_a_window_exists(qtbot, dialogs, tmp_path):
    """Opening and saving the novel run on worker threads: every collection meanwhile
    runs on the GUI thread, and garbage made meanwhile is collected all the same."""
    path = copy_novel(tmp_path)
    # An open that an earlier test cancelled may still be reading on its worker, with
    # the collector paused until it is done (as in the app after Cancel).
    qtbot.waitUntil(lambda: not collector.is_paused(), timeout=60_000)
    window = make_window(qtbot)
    recorder = Recorder()
    thresholds = gc.get_threshold()
    # A pass of the young generation after every 50 new objects: any thread that does
    # real work would run one. The older generations are passed often too: a cycle
    # that a pass met while it was still being made (a pass can start inside
    # garbage_cycle) moves up a generation, and is collected only at that
    # generation's next pass (seen: the third cycle left in generation 1 for good).
    gc.set_threshold(50, 2, 2)
    gc.callbacks.append(recorder.note)
    try:
        recorder.garbage_cycle()
        assert window.files.open_path(path, ask=False)
        recorder.garbage_cycle()
        text = window.annotated.document.text
        shift_select(qtbot, window, text.index("Niederlausitz"), len("Niederlausitz"))
        qtbot.keyClick(window.view, "1")
        assert window.files.save()
        recorder.garbage_cycle()
        # A pass is due once more objects were made than freed since the last one: the
        # window goes on making some, as a user's work would (a cycle moved up to an
        # older generation waits for that generation's pass, after more young ones).
        made: list[list] = []

        def collected() -> bool:
            made.append([[] for _ in range(2 * gc.get_threshold()[0])])
            return len(recorder.collected_on) == 3

        qtbot.waitUntil(collected, timeout=30_000)
        made.clear()
    finally:
        gc.callbacks.remove(recorder.note)
        gc.set_threshold(*thresholds)
    assert recorder.collections and set(recorder.collections) == {"MainThread"}
    assert recorder.collected_on == ["MainThread"] * 3
    assert dialogs.errors == []


def test_the_collector_is_automatic_again_once_the_windows_are_gone(qtbot):
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # earlier tests' windows
    was_enabled = gc.isenabled()
    window = MainWindow()
    assert not gc.isenabled()
    with collector.paused():  # a document read meanwhile does not switch it back on early
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not Shiboken.isValid(window)
        assert not gc.isenabled()
    assert gc.isenabled() == was_enabled


def test_a_failed_open_leaves_no_qt_object_for_the_collector(qtbot, dialogs, tmp_path):
    """The error's traceback held the worker's frame, which held the error: a cycle
    that kept the task's event loop and timer for the collector."""
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", encoding="utf-8")
    window = make_window(qtbot)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a pass finds is kept in gc.garbage, to look at
    try:
        assert not window.files.open_path(bad, ask=False)
        gc.collect()
        found = [type(o).__name__ for o in gc.garbage if isinstance(o, Shiboken.Object)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert found == []
    assert len(dialogs.errors) == 1


def test_an_abandoned_task_leaves_its_event_loop_to_the_gui_thread(qtbot, monkeypatch):
    """Cancel of an open returns at once; the worker finishes later. It held the task's
    event loop and, being the last to let go of it, deleted it on its own thread."""
    deleted_on: list[str] = []

    class Loop(QEventLoop):
        def __init__(self) -> None:
            super().__init__()
            self.destroyed.connect(lambda: deleted_on.append(threading.current_thread().name),
                                   Qt.ConnectionType.DirectConnection)

    monkeypatch.setattr(tasks, "QEventLoop", Loop)
    monkeypatch.setattr(tasks, "DIALOG_DELAY_S", 0.0)
    parent = make_window(qtbot)
    release = threading.Event()
    progress = Progress()
    progress.cancel()  # Cancel, as soon as the dialog shows
    with pytest.raises(Cancelled):
        tasks.run_task(parent, "Abandoned", lambda _progress: release.wait(10),
                       progress=progress, abandon_on_cancel=True)
    [worker] = [t for t in threading.enumerate() if t.name == "annotator: Abandoned"]
    release.set()
    worker.join(10)
    qtbot.waitUntil(lambda: bool(deleted_on), timeout=3000)
    assert deleted_on == ["MainThread"]


# -- in processes of their own: a crash must not take the test run with it -------------
STRESS = r"""
import gc, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from annotator.gui.mainwindow import MainWindow

app = QApplication([])
window = MainWindow()
window.show()

class Holder:
    pass

def leave_garbage():
    # Qt objects in a reference cycle, as a closed window or a test's timer leaves them:
    # a running timer, deleted on another thread, crashed the GUI thread.
    holder = Holder()
    holder.me = holder
    holder.timer = QTimer()
    holder.timer.start(5)

making = QTimer()
making.timeout.connect(leave_garbage)
making.start(2)
forcing = QTimer()  # the GUI thread forces full collections too, now and then
forcing.timeout.connect(gc.collect)
forcing.start(700)
end = time.monotonic() + float(sys.argv[2])
opened = 0
while time.monotonic() < end or not opened:
    assert window.files.open_path(sys.argv[1], ask=False)
    opened += 1
window.setWindowModified(False)
window.close()
print("opened", opened)
"""


def offscreen(home: Path) -> dict[str, str]:
    """The environment of a program run offscreen, with ``home`` as its home folder."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1",
            "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share")}


def stress(tmp_path: Path, seconds: float) -> None:
    path = copy_novel(tmp_path)
    done = subprocess.run([sys.executable, "-c", STRESS, str(path), str(seconds)],
                          env=offscreen(tmp_path), capture_output=True, text=True,
                          timeout=seconds + 300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "opened" in done.stdout
    assert "another thread" not in done.stderr, done.stderr[-3000:]


def test_opening_the_novel_while_qt_objects_wait_in_garbage_cycles(tmp_path):
    stress(tmp_path, 3)


@pytest.mark.slow
def test_opening_the_novel_while_qt_objects_wait_in_garbage_cycles_for_a_minute(tmp_path):
    stress(tmp_path, 60)


COPY_THEN_QUIT = r"""
import sys
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from annotator.gui import create_application, open_main_window

app = create_application()
window = open_main_window(sys.argv[1], ask_name=False)
view = window.view
cursor = view.textCursor()
cursor.setPosition(view.positions.to_qt(0))
cursor.setPosition(view.positions.to_qt(11), cursor.MoveMode.KeepAnchor)
view.setTextCursor(cursor)
QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
print(QApplication.clipboard().text())
window.close()
"""


def test_the_program_exits_cleanly_after_copying_text(tmp_path):
    """The copy was a QMimeData made in Python; the offscreen and minimal platforms keep
    the clipboard's data in a global of Qt that is deleted after Python has gone, and
    deleting an object Python made then was a segmentation fault at every exit."""
    done = subprocess.run([sys.executable, "-c", COPY_THEN_QUIT, str(SAMPLE_TXT)],
                          env=offscreen(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == SAMPLE_TXT.read_text(encoding="utf-8")[:11]
    assert done.returncode == 0, (done.returncode, done.stderr[-3000:])
