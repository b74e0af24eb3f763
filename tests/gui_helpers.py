"""Helpers for the GUI tests: drive the window as a person would."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from annotator.gui.mainwindow import MainWindow

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "resources" / "samples" / "patriot-de.txt"


class Dialogs:
    """Stands in for modal dialogs: records what was asked, answers as told."""

    def __init__(self) -> None:
        self.answer = QMessageBox.StandardButton.Discard
        self.questions: list[str] = []
        self.errors: list[str] = []
        self.save_path: str = ""
        self.offered: list[str] = []  # the file names save dialogs proposed
        self.open_path: str = ""
        # The button (by its label) clicked in boxes that ask with named buttons
        # (``dialogs.ask``); None: they are closed, which counts as their escape.
        self.button: str | None = None

    def install(self, monkeypatch) -> None:
        def question(_parent, _title, text, *_args, **_kwargs):
            self.questions.append(text)
            return self.answer

        def exec_box(box):
            self.errors.append(f"{box.text()}\n{box.informativeText()}")
            if self.button is not None:
                for button in box.buttons():
                    if button.text().replace("&", "") == self.button:
                        button.click()
                        return 0
                raise AssertionError(f"no button {self.button!r} in {box.text()!r}")
            return QMessageBox.StandardButton.Ok

        monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
        monkeypatch.setattr(QMessageBox, "exec", exec_box)
        from PySide6.QtWidgets import QFileDialog

        def save_file_name(_parent, _caption="", proposed="", *_args, **_kwargs):
            self.offered.append(str(proposed))
            return self.save_path, ""

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_file_name))
        monkeypatch.setattr(QFileDialog, "getOpenFileName",
                            staticmethod(lambda *a, **k: (self.open_path, "")))


def make_window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    # Window shortcuts (tag keys, Ctrl+S) only reach the active window.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window


def point_of(window: MainWindow, offset: int) -> QPoint:
    """Viewport point inside the character at model ``offset``."""
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(offset))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 3, rect.center().y())


def click_offset(qtbot, window: MainWindow, offset: int) -> None:
    window.view.ensure_visible(offset)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=point_of(window, offset))


def put_cursor(window: MainWindow, offset: int) -> None:
    """Place the text cursor as a click between characters would."""
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(offset))
    view.setTextCursor(cursor)


def make_active(qtbot, window: MainWindow) -> None:
    """Tag keys and Ctrl+S are window shortcuts, which reach the active window only; a
    progress box shown while a busy machine opens or saves takes the activation, and the
    offscreen platform does not hand it back (and may drop a first request)."""
    def active() -> bool:
        if window.isActiveWindow():
            return True
        window.activateWindow()
        return False

    qtbot.waitUntil(active, timeout=5000)


def shift_select(qtbot, window: MainWindow, start: int, count: int) -> None:
    """Put the cursor at ``start`` and press Shift+Right ``count`` times (in the active
    window, so that a tag key pressed next reaches it)."""
    make_active(qtbot, window)
    put_cursor(window, start)
    for _ in range(count):
        qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def nth(phrase: str, n: int = 0) -> int:
    """Where the ``n``-th occurrence of ``phrase`` starts in the sample article."""
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    at = -1
    for _ in range(n + 1):
        at = text.index(phrase, at + 1)
    return at


def tag_with_key(qtbot, window: MainWindow, phrase: str, key: Qt.Key, n: int = 0) -> str:
    """Select the ``n``-th ``phrase`` of the sample with Shift+Right and press a tag
    key; the id of the annotation made (its text checked)."""
    shift_select(qtbot, window, nth(phrase, n), len(phrase))
    qtbot.keyClick(window.view, key)
    ann_id = window.view.selected_id
    store = window.annotated.annotations
    assert ann_id is not None and store.text_of(store.get(ann_id)) == phrase, \
        window.statusBar().currentMessage()
    return ann_id


def spans(window: MainWindow) -> list[tuple[str, str]]:
    """(text, tag) of every annotation, in document order."""
    store = window.annotated.annotations
    return [(store.text_of(a), a.tag) for a in store]


def close_forgotten_dialogs(stuck: list[str], after_s: float = 5) -> QTimer:
    """A dialog nobody answers would hang the run: close it after a while, and fail."""
    opened: dict[int, float] = {}

    def check() -> None:
        box = QApplication.activeModalWidget()
        if box is not None and time.monotonic() - opened.setdefault(id(box),
                                                                     time.monotonic()) > after_s:
            stuck.append(f"{type(box).__name__} {box.windowTitle()!r}")
            box.reject()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(250)
    return timer


@contextlib.contextmanager
def started_application(qapp, monkeypatch, start: bool = False) -> Iterator[QApplication]:
    """The application as started for real (its names decide the data directory), with
    every window it made closed and its identity put back afterwards.

    Closing a window with unsaved work asks; the answer here is always Discard (only
    that question is stubbed). A dialog nobody answers would hang the run: a
    watchdog closes any modal dialog left open for 5 s, and the test fails.
    ``start`` runs ``create_application`` as the program's start-up does.
    """
    from annotator.gui import WINDOWS, create_application

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Discard))
    saved = (qapp.applicationName(), qapp.organizationName(),
             qapp.applicationDisplayName(), qapp.desktopFileName())
    stuck: list[str] = []
    watchdog = close_forgotten_dialogs(stuck)
    if start:
        create_application()
    yield qapp
    for window in list(WINDOWS):
        window.close()
        window.deleteLater()
    WINDOWS.clear()
    watchdog.stop()
    qapp.setApplicationName(saved[0])
    qapp.setOrganizationName(saved[1])
    qapp.setApplicationDisplayName(saved[2])
    qapp.setDesktopFileName(saved[3])
    assert stuck == [], f"a dialog was left open: {stuck}"


def click_when_asked(qtbot, label: str, record: list[str] | None = None) -> None:
    """Click the button named ``label`` in the next modal box, as the user would."""
    run = TEST_RUN[0]

    def poll() -> None:
        if TEST_RUN[0] != run:  # its test is over
            return
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            if record is not None:
                record.append(f"{box.text()}\n{box.informativeText()}")
            for button in box.findChildren(QPushButton):
                if button.text().replace("&", "") == label:
                    button.click()
                    return
            raise AssertionError(f"no button {label!r} in {box.text()!r}")
        QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


# Bumped before every test (tests/conftest.py): a poll for a dialog that a test set up and
# that never came stops with its test, instead of answering the next test's dialogs.
TEST_RUN = [0]


def on_modal(kind: type[QWidget], action: Callable[[QWidget], object],
             timeout_ms: int = 5000) -> list[QWidget]:
    """Run ``action`` on the next modal ``kind`` once it is shown; the list gets it."""
    seen: list[QWidget] = []
    tries = [timeout_ms // 10]
    run = TEST_RUN[0]

    def poll() -> None:
        if TEST_RUN[0] != run:
            return
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            seen.append(widget)
            action(widget)
        elif tries[0] > 0:
            tries[0] -= 1
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen
