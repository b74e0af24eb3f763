"""The window of an installed Annotator, as a new user meets it (run offscreen by
``test_install.py`` with the installed app's own Python, far from the checkout).

    python window_check.py TEXT SAVED

Opens the plain-text article TEXT, selects a span with the keyboard and tags it
with key 1, saves with Ctrl+S (the Save As dialog answered with SAVED), opens SAVED
in a fresh window, then opens the annotated example from Help ▸ Open Annotated
Example. Prints one ``window: …`` line per step; on the first failure it prints
what went wrong and exits 1. Every error box that appears is a failure; any other
dialog (a first-start question, say) is answered with its default and named.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

PHRASE = "Pete Hegseth"
SHOWN: list[str] = []  # error boxes, the text of each


class CheckFailed(Exception):
    pass


def require(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what + (f" (the window said: {' | '.join(SHOWN)})" if SHOWN else ""))


def wait_until(condition: Callable[[], bool], what: str, timeout_s: float = 10) -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise CheckFailed(f"timed out waiting until {what}")
        QApplication.processEvents()
        time.sleep(0.01)


def answer_dialogs(saved: Path) -> QTimer:
    """Stand in for the user at every dialog: Save As gets ``saved``; message boxes
    are recorded; any other modal dialog is accepted after a moment, and named."""

    def record_box(box: QMessageBox) -> int:
        SHOWN.append(f"{box.windowTitle()}: {box.text()} {box.informativeText()}".strip())
        return QMessageBox.StandardButton.Ok

    QMessageBox.exec = record_box  # type: ignore[method-assign]
    QFileDialog.getSaveFileName = staticmethod(  # type: ignore[method-assign]
        lambda *_args, **_kwargs: (str(saved), ""))
    seen: dict[int, float] = {}

    def accept_other() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            return
        if time.monotonic() - seen.setdefault(id(dialog), time.monotonic()) > 0.5:
            print(f"window: answered the dialog {dialog.windowTitle()!r} with its default")
            dialog.accept()

    timer = QTimer()
    timer.timeout.connect(accept_other)
    timer.start(100)
    return timer


def activate(window) -> None:
    window.activateWindow()
    wait_until(window.isActiveWindow, "the window is active (shortcuts reach it)")


def select(window, start: int, count: int) -> None:
    """Put the cursor at ``start`` and press Shift+Right ``count`` times."""
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.view.positions.to_qt(start))
    window.view.setTextCursor(cursor)
    for _ in range(count):
        QTest.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def main(text: Path, saved: Path) -> None:
    from annotator.gui import create_application, create_window

    app = create_application()
    watchdog = answer_dialogs(saved)
    journals = Path(tempfile.mkdtemp(prefix="annotator-journals-"))

    window = create_window(journals)
    activate(window)
    require(window.files.open_path(text, ask=False), f"{text.name} did not open")
    words = window.annotated.document.text
    require(PHRASE in words, f"{PHRASE!r} is not in the opened text")
    print(f"window: opened {text.name}")

    select(window, words.index(PHRASE), len(PHRASE))
    QTest.keyClick(window.view, Qt.Key.Key_1)
    store = window.annotated.annotations
    tagged = [(store.text_of(a), a.tag) for a in store]
    require(len(tagged) == 1 and tagged[0][0] == PHRASE,
            f"key 1 on the selection did not tag {PHRASE!r}: {tagged}")
    print(f"window: tagged {PHRASE!r} as {tagged[0][1]}")

    activate(window)
    QTest.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    require(saved.is_file(), f"Ctrl+S did not write {saved.name}")
    require(not window.is_modified, "the window still shows unsaved changes after Ctrl+S")
    print(f"window: saved {saved.name} with Ctrl+S")
    require(window.close(), "the window did not close after saving")

    again = create_window(journals)
    activate(again)
    require(again.files.open_path(saved, ask=False), f"the saved {saved.name} did not open again")
    store = again.annotated.annotations
    require([(store.text_of(a), a.tag) for a in store] == tagged,
            f"{saved.name} reopened without its annotation")
    print(f"window: reopened {saved.name} with its annotation")

    again.main_menu.example_action.trigger()  # Help ▸ Open Annotated Example
    require(again.annotated is not None and len(again.annotated.annotations) > 10
            and again.session.source_path is not None
            and again.session.source_path.name == "patriot-de.annotated.xml",
            "Help ▸ Open Annotated Example did not open the example")
    print(f"window: opened the annotated example ({len(again.annotated.annotations)} "
          "annotations)")
    require(not SHOWN, "an error box appeared")
    again.close()
    watchdog.stop()
    app.processEvents()


if __name__ == "__main__":
    try:
        main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())
    except CheckFailed as failure:
        print(f"window: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
    print("window: ok")
