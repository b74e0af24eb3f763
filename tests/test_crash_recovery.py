"""Crash recovery, for real: annotate in the application, kill it with SIGKILL, restart.

The first run is a separate process started through the application's own
start-up code (``create_application`` + ``open_main_window``) and driven with
key presses; it is killed with SIGKILL, which no code can intercept. The
restart runs in this process, through the same start-up code, and answers
the recovery question with Enter.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from gui_helpers import started_application
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.files import open_document
from annotator.gui import create_application, open_main_window
from annotator.gui.recovery import RecoveryDialog, recovery_folder
from annotator.tei.validation import validate_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "resources" / "samples" / "patriot-de.txt"
READY_TIMEOUT_S = 60  # a cold start of Qt on a busy CI machine can take a while

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

# The first run: the real start-up, then a person's key presses. Prints
# "READY <json>" with the annotations it made, then keeps the event loop going
# (the journal's sync timer runs in it) until it is killed.
DRIVER = r'''
import json, sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from annotator.gui import create_application, open_main_window

app = create_application()
window = open_main_window(sys.argv[1])
window.activateWindow()
if not QTest.qWaitForWindowActive(window, 20000):
    print("FAILED the window never became active", flush=True)
    sys.exit(1)
view = window.view
text = window.annotated.document.text

def key(k, mod=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(view, k, mod)

def select(phrase):
    start = text.index(phrase)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(start))
    view.setTextCursor(cursor)
    for _ in range(len(phrase)):
        key(Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)

select("Pete Hegseth"); key(Qt.Key.Key_1)
select("US-Patriot-Raketensystemen"); key(Qt.Key.Key_2)
select("Boris Pistorius"); key(Qt.Key.Key_3); key(Qt.Key.Key_1)  # tag, then retag
select("Mark Rutte"); key(Qt.Key.Key_1); key(Qt.Key.Key_Delete)
key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the delete
select("Wladimir Putin"); key(Qt.Key.Key_2); key(Qt.Key.Key_Delete)  # gone for good
select("Weißen Haus"); key(Qt.Key.Key_2)
store = window.annotated.annotations
made = [[store.text_of(a), a.tag, a.start, a.end, a.id, a.resp] for a in store]
print("READY " + json.dumps(made, ensure_ascii=False), flush=True)
sys.exit(app.exec())
'''

EXPECTED = [("Pete Hegseth", "actor"), ("Boris Pistorius", "actor"),
            ("US-Patriot-Raketensystemen", "weapon"), ("Mark Rutte", "actor"),
            ("Weißen Haus", "weapon")]


@pytest.fixture
def app_identity(qapp, monkeypatch):
    """Let the start-up code name the application, and put everything back afterwards.

    A dialog nobody answers would hang the run: a watchdog closes any modal
    dialog left open for 5 s, and the test fails.
    """
    with started_application(qapp, monkeypatch, start=False) as started:
        yield started


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _wait_ready(process: subprocess.Popen, lines: queue.Queue, log: Path) -> list:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while True:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            line = None
        if line is None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            pytest.fail(f"the application never said READY; its stderr:\n"
                        f"{log.read_text(errors='replace')[-4000:]}")
        if line.startswith("READY "):
            return json.loads(line[len("READY "):])
        if line.startswith("FAILED"):
            pytest.fail(line)


def press_enter_on_recovery_dialog(answered: list[str]) -> QTimer:
    """Answer the start-up question as a person in a hurry would: Enter."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, RecoveryDialog) and not answered:  # once: a second ask is a bug
            answered.append(box.text() + "\n" + box.informativeText())
            QTest.keyClick(box, Qt.Key.Key_Return)

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    return timer


def test_kill_9_then_restart_restores_the_annotations(qtbot, app_identity, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    article = articles / "patriot-de.txt"
    shutil.copy(SAMPLE_TXT, article)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    # The test's own isolated HOME and XDG folders (conftest), so both runs share
    # one data directory and neither touches the developer's.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    log = tmp_path / "first-run.stderr"
    with open(log, "wb") as stderr:
        process = subprocess.Popen([sys.executable, str(driver), str(article)], cwd=tmp_path,
                                   env=env, stdout=subprocess.PIPE, stderr=stderr, text=True,
                                   encoding="utf-8")
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    made = _wait_ready(process, lines, log)
    assert [(text, tag) for text, tag, *_ in made] == EXPECTED

    time.sleep(2)  # the guarantee under test: every change is in the journal within 2 s
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL

    # The journal is in the user's data directory, not beside the document.
    create_application()  # the application's names decide its data directory
    folder = recovery_folder()
    assert folder.is_relative_to(Path(os.environ["XDG_DATA_HOME"]))
    assert [p.name for p in folder.glob("*.jsonl")] != []
    assert sorted(p.name for p in articles.iterdir()) == ["patriot-de.txt"]

    answered: list[str] = []
    timer = press_enter_on_recovery_dialog(answered)
    window = open_main_window()
    timer.stop()
    assert len(answered) == 1 and "patriot-de.txt" in answered[0], answered

    store = window.annotated.annotations
    restored = [[store.text_of(a), a.tag, a.start, a.end, a.id, a.resp] for a in store]
    assert restored == made
    assert window.session.source_path == article and window.session.tei_path is None
    assert window.isWindowModified() and window.windowTitle().startswith("patriot-de.txt[*]")
    assert "Restored" in window.statusBar().currentMessage()
    # Restoring hands the work to a new journal: the crashed run's one is gone.
    assert len(list(folder.glob("*.jsonl"))) == 1

    # Saving the restored work gives a valid TEI file with exactly those annotations.
    target = articles / "patriot-de.xml"
    assert window.files.save_to(target)
    assert validate_bytes(target.read_bytes(), str(target)) == []
    reopened = open_document(target).document
    assert [[reopened.annotations.text_of(a), a.tag, a.start, a.end, a.id]
            for a in reopened.annotations] == [row[:5] for row in made]
    assert not window.isWindowModified()
    window.close()
    assert list(folder.glob("*.jsonl")) == []  # saved and closed: nothing left to recover
