"""Starting the application as a new user does: the window on the screen it has, and
the one question of the first start (who is annotating).

The window's size is tried in separate processes on offscreen screens of a given
size (the offscreen platform's ``configfile``), started as the program starts,
with the settings of a fresh home folder kept from one start to the next.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gui_helpers import SAMPLE_TXT, shift_select, started_application
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from annotator.gui import WINDOWS, ask_annotator_name, open_main_window, settings
from annotator.gui.dialogs import NameDialog, PreferencesDialog

# One start: the window as the program opens it on the sample, what the test asks
# of it (a size, maximised), then closed as the user closes it.
START = r"""
import json, os, sys, traceback
from PySide6.QtCore import QPoint, QRect
from annotator.gui import create_application, open_main_window

app = create_application()
try:
    window = open_main_window(sys.argv[1], ask_name=False)
except Exception:  # not to the application's error dialog: nobody would close it
    traceback.print_exc()
    os._exit(1)
for _ in range(5):
    app.processEvents()
status = window.statusBar()
top_left = status.mapToGlobal(QPoint(0, 0))
report = {
    "available": window.screen().availableGeometry().getRect(),
    "frame": window.frameGeometry().getRect(),
    "geometry": window.geometry().getRect(),
    "status": QRect(top_left, status.size()).getRect(),
    "maximized": window.isMaximized(),
}
then = json.loads(sys.argv[2])
if then.get("geometry"):
    window.showNormal()
    window.setGeometry(*then["geometry"])
if then.get("maximize"):
    window.showMaximized()
for _ in range(5):
    app.processEvents()
window.close()
print(json.dumps(report))
"""


def start(home: Path, screen: tuple[int, int], then: dict | None = None) -> dict:
    """Start Annotator on an offscreen screen of ``screen`` pixels; what it showed."""
    config = home / f"screen-{screen[0]}x{screen[1]}.json"
    config.write_text(json.dumps({"screens": [{
        "name": "screen", "x": 0, "y": 0, "width": screen[0], "height": screen[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local" / "share")}
    done = subprocess.run([sys.executable, "-c", START, str(SAMPLE_TXT), json.dumps(then or {})],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def inside(rect: list[int], area: list[int]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


def test_the_window_fits_the_screen_and_comes_back_as_it_was_left(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    # First start on a 1280×800 laptop screen: all of it on the screen, status bar too.
    first = start(home, (1280, 800), {"geometry": [100, 80, 1000, 600]})
    assert first["available"] == [0, 0, 1280, 800]
    assert inside(first["frame"], first["available"]), first
    assert inside(first["status"], first["available"]), first
    assert first["frame"][2] >= 1000  # and not needlessly small
    # The next start: where and as large as the user left it; then maximised.
    second = start(home, (1280, 800), {"maximize": True})
    assert second["geometry"] == [100, 80, 1000, 600]
    # Maximised it stays; then made larger than the small screen has room for,
    # on a large screen.
    third = start(home, (1920, 1200), {"geometry": [40, 40, 1860, 1120]})
    assert third["maximized"]
    assert third["frame"] == [0, 0, 1920, 1200]
    # Back on the laptop: shrunk onto its screen.
    fourth = start(home, (1280, 800))
    assert inside(fourth["frame"], fourth["available"]), fourth
    assert inside(fourth["status"], fourth["available"]), fourth


# -- who is annotating ------------------------------------------------------------------------
@pytest.fixture
def app(qapp, monkeypatch):
    monkeypatch.delenv(settings.NAME_VARIABLE, raising=False)
    with started_application(qapp, monkeypatch, start=True) as started:
        yield started


def name_dialog() -> NameDialog | None:
    shown = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, NameDialog) and w.isVisible()]
    return shown[0] if shown else None


def tag_and_save(qtbot, window, path: Path) -> str:
    text = window.annotated.document.text
    shift_select(qtbot, window, text.index("Pete Hegseth"), len("Pete Hegseth"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert window.files.save_to(path)
    return path.read_text(encoding="utf-8")


def test_the_first_start_asks_who_is_annotating(qtbot, app, tmp_path):
    assert settings.annotator_name() == ""  # nothing guessed from the login name
    window = open_main_window(SAMPLE_TXT, ask_name=True)
    dialog = name_dialog()
    assert dialog is not None and dialog.isModal()
    assert window.annotated is not None  # the start went on while it asks
    dialog.grab().save(str(tmp_path / "name-dialog.png"))
    edit = dialog.name_edit
    assert edit.text() == ""
    qtbot.waitUntil(edit.hasFocus, timeout=3000)
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for told in ("TEI header", "tables", "Preferences", "Anonymous"):
        assert told in said
    # Enter in the empty field takes nothing: a name must be given, or Later.
    assert not dialog.continue_button.isEnabled()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    qtbot.keyClicks(edit, "  Ada Lovelace ")
    assert dialog.continue_button.isEnabled()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert settings.annotator_name() == "Ada Lovelace"
    window.activateWindow()
    saved = tag_and_save(qtbot, window, tmp_path / "named.xml")
    assert "Ada Lovelace" in saved
    # Asked once: the next start does not ask again, Preferences shows the name.
    window.close()
    open_main_window(ask_name=True)
    assert name_dialog() is None
    preferences = PreferencesDialog(WINDOWS[-1])
    qtbot.addWidget(preferences)
    assert preferences.name_edit.text() == "Ada Lovelace"


def test_later_records_anonymous_and_the_next_start_asks_again(qtbot, app, tmp_path):
    window = open_main_window(SAMPLE_TXT, ask_name=True)
    dialog = name_dialog()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)  # Later
    assert not dialog.isVisible()
    assert settings.annotator_name() == ""
    saved = tag_and_save(qtbot, window, tmp_path / "anonymous.xml")
    names = etree.fromstring(saved.encode()).xpath(
        "//tei:respStmt/tei:name/text()", namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    assert names == ["Anonymous"]
    login = getpass.getuser()
    assert f">{login}<" not in saved
    window.close()
    open_main_window(ask_name=True)
    assert name_dialog() is not None
    name_dialog().reject()


def test_nobody_is_asked_where_nobody_can_answer(qtbot, app, monkeypatch):
    # The offscreen platform (scripts, tests, CI): no question that would wait for ever.
    window = open_main_window(SAMPLE_TXT)
    assert window.annotated is not None and name_dialog() is None
    # A name from the environment counts as given (ANNOTATOR_NAME, as for the CLI).
    monkeypatch.setenv(settings.NAME_VARIABLE, "CI Runner")
    assert ask_annotator_name(window) is None
    assert settings.annotator_name() == "CI Runner"


def test_the_empty_windows_hint_names_the_menu_items_as_the_menus_do(qtbot, app):
    # It read "File ▸ New from text…" beside the menu's "New from Text…".
    window = open_main_window()
    hint = window.view.placeholderText()
    named = re.findall(r"(\w+) ▸ ([^)]+)\)", hint)
    assert named, hint
    menus = {action.text().replace("&", ""): action.menu()
             for action in window.menuBar().actions()}
    for menu, item in named:
        assert item in [a.text().replace("&", "") for a in menus[menu].actions()], hint
