"""Qt objects live and die on the GUI thread, whatever the file workers do.

A task's worker held the task's event loop (and deleted it on its own thread when it
finished after the task had returned), and a failed task left its event loop and timer
in a reference cycle, for whichever thread next ran the garbage collector. And a
process that copied text segfaulted when it exited, on platforms whose clipboard
outlives Python.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from gui_helpers import SAMPLE_TXT, make_window
from PySide6.QtCore import QEventLoop, Qt
from shiboken6 import Shiboken

from annotator.gui import tasks
from annotator.progress import Cancelled, Progress


def test_a_failed_open_leaves_no_qt_object_for_the_collector(qtbot, dialogs, tmp_path):
    """The error's traceback held the worker's frame, which held the error: a cycle
    that kept the task's event loop and timer for the collector."""
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", encoding="utf-8")
    window = make_window(qtbot)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a pass finds is kept in gc.garbage, to look at
    try:
        assert not window.open_path(bad, ask=False)
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
def offscreen(home: Path) -> dict[str, str]:
    """The environment of a program run offscreen, with ``home`` as its home folder."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1",
            "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share")}


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
