"""Qt objects live and die where Qt allows, whatever the threads and the exit do.

A process that copied text segfaulted when it exited, on platforms whose clipboard
outlives Python.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gui_helpers import SAMPLE_TXT


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
