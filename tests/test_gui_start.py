"""Starting the application as a new user does: the one question of the first start
(who is annotating)."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest
from gui_helpers import SAMPLE_TXT, shift_select, started_application
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from annotator.gui import WINDOWS, ask_annotator_name, open_main_window, settings
from annotator.gui.dialogs import NameDialog, PreferencesDialog


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
    assert window.save_to(path)
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
