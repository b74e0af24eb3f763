"""The main window, driven as a person would: keys, clicks, files on disk."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from gui_helpers import SAMPLE_TXT, click_offset, make_window, shift_select, spans
from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDropEvent,
    QHelpEvent,
    QKeySequence,
    QPalette,
    QStatusTipEvent,
)
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QToolTip

from annotator.files import EXPORT_FORMATS
from annotator.gui.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, dialogs) -> MainWindow:
    return make_window(qtbot)


@pytest.fixture
def sample(window) -> MainWindow:
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    return window


def find(qtbot, window: MainWindow, phrase: str, times: int = 1) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    edit = window.find_bar.edit
    assert edit.hasFocus()
    edit.clear()
    qtbot.keyClicks(edit, phrase)
    for _ in range(times):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def offset_of(window: MainWindow, phrase: str, nth: int = 0) -> int:
    text = window.annotated.document.text
    at = -1
    for _ in range(nth + 1):
        at = text.index(phrase, at + 1)
    return at


def test_open_find_escape_and_tag_with_key(qtbot, sample):
    assert sample.view.hasFocus()
    assert sample.windowTitle().startswith("patriot-de.txt")
    find(qtbot, sample, "pete hegseth")
    assert sample.view.hasFocus()
    assert sample.view.textCursor().selectedText() == "Pete Hegseth"
    qtbot.keyClick(sample.view, Qt.Key.Key_1)
    assert spans(sample) == [("Pete Hegseth", "actor")]
    assert sample.isWindowModified()
    assert "Actor" in sample.counts_label.text() and "<b>1</b>" in sample.counts_label.text()
    # the new annotation is selected and listed
    assert sample.view.selected_id == next(iter(sample.annotated.annotations)).id
    assert sample.dock.selected_annotation() == sample.view.selected_id


def test_typing_a_tag_key_in_the_find_bar_does_not_tag(qtbot, sample):
    qtbot.keyClick(sample.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(sample.find_bar.edit, "100")
    qtbot.keyClick(sample.find_bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(sample.find_bar.edit, Qt.Key.Key_1)
    assert sample.find_bar.edit.text() == "1001"
    assert len(sample.annotated.annotations) == 0


def test_find_wraps_and_reports_not_found(qtbot, sample):
    text = sample.annotated.document.text
    count = text.lower().count("patriot")
    assert count >= 2
    qtbot.keyClick(sample.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    edit = sample.find_bar.edit
    qtbot.keyClicks(edit, "PATRIOT")
    starts = []
    for _ in range(count + 1):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        starts.append(sample.view.selected_model_range()[0])
    assert starts[-1] == starts[0]
    assert "wrapped" in sample.statusBar().currentMessage().lower()
    edit.clear()
    qtbot.keyClicks(edit, "no such phrase anywhere")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "not found" in sample.statusBar().currentMessage().lower()
    qtbot.keyClick(sample.view, Qt.Key.Key_F3)  # F3 from the text view: find again
    assert "not found" in sample.statusBar().currentMessage().lower()


def test_the_find_bar_counts_the_matches_and_marks_them_all(qtbot, sample):
    text = sample.annotated.document.text
    starts = [i for i in range(len(text)) if text.lower().startswith("patriot", i)]
    qtbot.keyClick(sample.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(sample.find_bar.edit, "Patriot")
    qtbot.keyClick(sample.find_bar.edit, Qt.Key.Key_Return)
    assert sample.find_bar.status.text() == f"1 of {len(starts)}"
    qtbot.keyClick(sample.find_bar.edit, Qt.Key.Key_Return)
    assert sample.find_bar.status.text() == f"2 of {len(starts)}"
    marked = sorted(sample.view.positions.to_model(s.cursor.selectionStart())
                    for s in sample.view.extraSelections())
    assert marked == starts  # every match is marked, the current one among them
    qtbot.keyClick(sample.find_bar.edit, Qt.Key.Key_Escape)
    assert sample.view.extraSelections() == []


def test_find_all_counts_case_insensitively_without_overlaps():
    from annotator.model.text import find_all

    assert find_all("Aa aA aaa", "aa") == [0, 3, 6]
    assert find_all("İstanbul und istanbul", "istanbul") == [13]
    assert find_all("abc", "") == []
    assert find_all("x" * 10, "x", limit=3) == [0, 1, 2]


def test_shift_arrow_selection_snaps_and_tags_with_button(qtbot, sample):
    start = offset_of(sample, "Boris Pistorius")
    # from the middle of "Boris" to the middle of "Pistorius": snapping widens it
    shift_select(qtbot, sample, start + 2, 9)
    assert sample.view.textCursor().selectedText() == "ris Pisto"
    button = sample.main_menu.tag_bar.widgetForAction(sample.main_menu.tag_actions["actor"])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert spans(sample) == [("Boris Pistorius", "actor")]


def test_whitespace_is_trimmed_without_snapping(qtbot, sample):
    from annotator.gui import settings

    settings.put("snap_to_words", False)
    start = offset_of(sample, " Boris Pistorius")
    shift_select(qtbot, sample, start, len(" Boris Pist"))
    qtbot.keyClick(sample.view, Qt.Key.Key_2)
    assert spans(sample) == [("Boris Pist", "weapon")]


def test_overlaps_get_lanes_and_click_cycles(qtbot, sample):
    outer = offset_of(sample, "US-Verteidigungsminister Pete Hegseth")
    inner = offset_of(sample, "Pete Hegseth")
    shift_select(qtbot, sample, outer, len("US-Verteidigungsminister Pete Hegseth"))
    qtbot.keyClick(sample.view, Qt.Key.Key_1)
    shift_select(qtbot, sample, inner, len("Pete Hegseth"))
    qtbot.keyClick(sample.view, Qt.Key.Key_3)
    assert len(sample.annotated.annotations) == 2
    view = sample.view
    block = view.document().findBlock(view.positions.to_qt(inner))
    lanes = {ann.tag: lane for ann, lane, _a, _b in view.block_spans(block)}
    assert lanes == {"actor": 0, "commitment": 1}
    # lane 0 is a background painted under the text, lane 1 an underline painted below
    image = view.viewport().grab().toImage()
    point = view.cursorRect().center()
    from annotator.gui import style
    background = {image.pixelColor(x, y).name() for x in range(point.x() - 60, point.x() - 10)
                  for y in range(point.y() - 6, point.y() + 2)}
    assert style.background_color("#f4a261").name() in background
    underline = [image.pixelColor(x, y).name() for x in range(point.x() - 60, point.x() - 10)
                 for y in range(point.y(), point.y() + 12)]
    assert style.underline_color("#8e7dbe").name() in underline
    # click on "Pete": innermost first, then the enclosing one, then back
    ids = [a.id for a in sample.annotated.annotations.at(inner + 1)]
    click_offset(qtbot, sample, inner + 1)
    assert view.selected_id == ids[0]
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # two clicks, not a double-click
    click_offset(qtbot, sample, inner + 1)
    assert view.selected_id == ids[1]
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    click_offset(qtbot, sample, inner + 1)
    assert view.selected_id == ids[0]
    # a click outside any annotation clears the selection
    click_offset(qtbot, sample, offset_of(sample, "Montag"))
    assert view.selected_id is None


def test_duplicate_is_refused_with_status_message(qtbot, sample):
    start = offset_of(sample, "Donald Trump")
    for _ in range(2):
        shift_select(qtbot, sample, start, len("Donald Trump"))
        qtbot.keyClick(sample.view, Qt.Key.Key_1)
    assert len(sample.annotated.annotations) == 1
    assert "already annotated" in sample.statusBar().currentMessage()
    # the same span with another tag is fine
    shift_select(qtbot, sample, start, len("Donald Trump"))
    qtbot.keyClick(sample.view, Qt.Key.Key_2)
    assert len(sample.annotated.annotations) == 2


def test_retag_delete_escape_undo_redo(qtbot, sample):
    start = offset_of(sample, "Wladimir Putin")
    shift_select(qtbot, sample, start, len("Wladimir Putin"))
    qtbot.keyClick(sample.view, Qt.Key.Key_1)
    qtbot.keyClick(sample.view, Qt.Key.Key_Escape)
    assert sample.view.selected_id is None
    click_offset(qtbot, sample, start + 3)
    assert sample.view.selected_id is not None
    qtbot.keyClick(sample.view, Qt.Key.Key_2)
    assert spans(sample) == [("Wladimir Putin", "weapon")]
    qtbot.keyClick(sample.view, Qt.Key.Key_Delete)
    assert spans(sample) == []
    undo = QKeySequence("Ctrl+Z")[0]
    redo = QKeySequence("Ctrl+Shift+Z")[0]
    qtbot.keyClick(sample.view, undo.key(), undo.keyboardModifiers())
    assert spans(sample) == [("Wladimir Putin", "weapon")]
    qtbot.keyClick(sample.view, undo.key(), undo.keyboardModifiers())
    assert spans(sample) == [("Wladimir Putin", "actor")]
    qtbot.keyClick(sample.view, undo.key(), undo.keyboardModifiers())
    assert spans(sample) == []
    assert not sample.isWindowModified()
    qtbot.keyClick(sample.view, redo.key(), redo.keyboardModifiers())
    assert spans(sample) == [("Wladimir Putin", "actor")]
    assert sample.isWindowModified()


def test_tag_key_without_selection_says_what_to_do(qtbot, sample):
    qtbot.keyClick(sample.view, Qt.Key.Key_1)
    assert len(sample.annotated.annotations) == 0
    assert "select" in sample.statusBar().currentMessage().lower()


def test_table_and_text_selection_follow_each_other(qtbot, sample):
    for phrase, key in (("Pete Hegseth", Qt.Key.Key_1), ("Weißen Haus", Qt.Key.Key_2),
                        ("Mark Rutte", Qt.Key.Key_1)):
        start = offset_of(sample, phrase)
        shift_select(qtbot, sample, start, len(phrase))
        qtbot.keyClick(sample.view, key)
    table = sample.dock.table
    model = table.model()
    assert model.rowCount() == 3
    # clicking a row selects the annotation in the text
    assert [model.index(r, 1).data() for r in range(3)] == [
        "Pete Hegseth", "Mark Rutte", "Weißen Haus"]
    rect = table.visualRect(model.index(2, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    selected = sample.annotated.annotations.get(sample.view.selected_id)
    assert sample.annotated.annotations.text_of(selected) == "Weißen Haus"
    # clicking an annotation in the text selects its row
    click_offset(qtbot, sample, offset_of(sample, "Mark Rutte") + 1)
    rows = table.selectionModel().selectedRows()
    assert [r.data() for r in rows] == ["Actor"]
    assert rows[0].siblingAtColumn(1).data() == "Mark Rutte"
    # filter by tag, then by text
    sample.dock.set_tag_filter("weapon")
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "Weißen Haus"
    sample.dock.set_tag_filter(None)
    qtbot.keyClicks(sample.dock.text_filter, "rutte")
    assert model.rowCount() == 1
    # typing a tag key in the filter box does not tag
    qtbot.keyClick(sample.dock.text_filter, Qt.Key.Key_2)
    assert len(sample.annotated.annotations) == 3
    sample.dock.text_filter.clear()
    # sorting by tag puts actors first and keeps the selection on its annotation
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["Actor", "Actor", "Weapon"]
    assert table.selectionModel().selectedRows()[0].siblingAtColumn(1).data() == "Mark Rutte"
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["Weapon", "Actor", "Actor"]
    # a new annotation lands at its sorted place
    start = offset_of(sample, "Boris Pistorius")
    shift_select(qtbot, sample, start, len("Boris Pistorius"))
    qtbot.keyClick(sample.view, Qt.Key.Key_2)
    assert [model.index(r, 0).data() for r in range(4)] == ["Weapon", "Weapon", "Actor", "Actor"]


def test_clicking_the_selected_row_again_shows_it_again(qtbot, sample):
    """After scrolling away, a click on the row already selected brings its annotation
    back into view (it did nothing: the current row had not changed)."""
    sample.resize(900, 300)
    start = offset_of(sample, "Selenskyj hatte")
    shift_select(qtbot, sample, start, len("Selenskyj"))
    qtbot.keyClick(sample.view, Qt.Key.Key_1)
    ann = sample.annotated.annotations.get(sample.view.selected_id)
    qtbot.keyClick(sample.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert sample.view.range_rects(ann.start, ann.end) == []  # scrolled away
    table = sample.dock.table
    assert table.selectionModel().selectedRows()[0].siblingAtColumn(1).data() == "Selenskyj"
    rect = table.visualRect(table.model().index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sample.view.range_rects(ann.start, ann.end) != []
    assert sample.view.selected_id == ann.id


def test_the_position_column_counts_within_the_paragraph(qtbot, sample, tmp_path):
    """It read "¶2  221–233": a paragraph number with offsets in the whole text. Now the
    offsets count from the paragraph's start, as the saved string-range does, the
    tooltip gives the whole text's, and sorting still follows the text."""
    text = sample.annotated.document.text
    for phrase, key in (("Mark Rutte", Qt.Key.Key_1), ("Pete Hegseth", Qt.Key.Key_1),
                        ("Deutschlands", Qt.Key.Key_1)):
        shift_select(qtbot, sample, offset_of(sample, phrase), len(phrase))
        qtbot.keyClick(sample.view, key)
    model = sample.dock.table.model()
    paragraphs = sample.annotated.document.paragraphs
    rows = []
    for row in range(model.rowCount()):
        phrase = model.index(row, 1).data()
        start = offset_of(sample, phrase)
        number = next(i for i, p in enumerate(paragraphs, 1) if p.start <= start < p.end)
        within = start - paragraphs[number - 1].start
        assert model.index(row, 2).data() == (
            f"¶{number}, {within}–{within + len(phrase)}")
        tip = model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
        assert f"Characters {start}–{start + len(phrase)} of the whole text" in tip
        rows.append((start, phrase))
    assert [p for _, p in rows] == ["Deutschlands", "Pete Hegseth", "Mark Rutte"]
    assert rows == sorted(rows)  # document order
    # The same numbers as the saved file's string-range(p2,…).
    path = tmp_path / "saved.xml"
    assert sample.files.save_to(path)
    saved = path.read_text(encoding="utf-8")
    number, within = model.index(1, 2).data().removeprefix("¶").split("–")[0].split(", ")
    assert f"string-range(p{number},{within},{len('Pete Hegseth')})" in saved
    # A span over two paragraphs names both ends.
    end = text.index("Pentagon") + len("Pentagon")
    shift_select(qtbot, sample, offset_of(sample, "Waffen für"), end - offset_of(
        sample, "Waffen für"))
    qtbot.keyClick(sample.view, Qt.Key.Key_2)
    across = next(model.index(r, 2).data() for r in range(model.rowCount())
                  if model.index(r, 1).data().startswith("Waffen"))
    first, second = paragraphs[0], paragraphs[1]
    assert across == (f"¶1, {offset_of(sample, 'Waffen für') - first.start} – "
                      f"¶2, {end - second.start}")


def test_zoom_keys(qtbot, sample):
    size = sample.view.point_size
    qtbot.keyClick(sample.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert sample.view.point_size == size + 1
    qtbot.keyClick(sample.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(sample.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert sample.view.point_size == size - 1
    qtbot.keyClick(sample.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert sample.view.point_size == size


def test_non_bmp_text_offsets_are_code_points(qtbot, window, tmp_path):
    path = tmp_path / "emoji.txt"
    path.write_text("Start 😀 then 𝔘nion forces\nSecond 🎉 line Berlin\n", encoding="utf-8")
    assert window.files.open_path(path, ask=False)
    text = window.annotated.document.text
    start = text.index("forces")
    shift_select(qtbot, window, start, len("forces"))
    assert window.view.textCursor().selectedText() == "forces"
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    start = text.index("𝔘nion")
    shift_select(qtbot, window, start, 2)  # Shift+Right steps over whole characters
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    start = text.index("Berlin")
    shift_select(qtbot, window, start, 6)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    anns = list(window.annotated.annotations)
    assert [(a.start, a.end) for a in anns] == [
        (text.index("𝔘nion"), text.index("𝔘nion") + 5),
        (text.index("forces"), text.index("forces") + 6),
        (text.index("Berlin"), text.index("Berlin") + 6)]
    assert spans(window) == [("𝔘nion", "weapon"), ("forces", "actor"), ("Berlin", "commitment")]
    click_offset(qtbot, window, text.index("Berlin") + 2)
    assert window.view.selected_id == anns[2].id


def test_copy_gives_the_documents_own_characters(qtbot, window, tmp_path):
    path = tmp_path / "copy.txt"
    path.write_text("Start 😀 end\nSecond line\n", encoding="utf-8")
    assert window.files.open_path(path, ask=False)
    text = window.annotated.document.text
    # One more Shift+Right than characters: the cursor also steps over the blank line.
    shift_select(qtbot, window, text.index("😀"), len("😀 end\nSecond") + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    # The view shows a blank line between the paragraphs; the clipboard must not.
    assert QApplication.clipboard().text() == "😀 end\nSecond"


def test_save_as_then_reopen_in_a_fresh_window(qtbot, sample, dialogs, tmp_path):
    from lxml import etree

    for phrase, key in (("US-Verteidigungsminister Pete Hegseth", Qt.Key.Key_1),
                        ("Pete Hegseth", Qt.Key.Key_1),
                        ("US-Patriot-Raketensystemen", Qt.Key.Key_2)):
        start = offset_of(sample, phrase)
        shift_select(qtbot, sample, start, len(phrase))
        qtbot.keyClick(sample.view, key)
    target = tmp_path / "saved.xml"
    dialogs.save_path = str(target)
    qtbot.keyClick(sample.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.errors == []
    assert target.exists()
    assert not sample.isWindowModified()
    assert sample.session.tei_path == target
    assert sample.windowTitle().startswith("saved.xml")
    # undo still works after a save, and makes the document modified again
    qtbot.keyClick(sample.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sample.isWindowModified() and len(sample.annotated.annotations) == 2
    qtbot.keyClick(sample.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert not sample.isWindowModified()

    tree = etree.parse(str(target))
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    notes = tree.findall(".//tei:standOff//tei:annotation", ns)
    assert len(notes) == 3
    assert all(n.get("target").startswith("#string-range(") for n in notes)
    assert sorted(n.get("ana") for n in notes) == ["#cat-actor", "#cat-actor", "#cat-weapon"]

    expected = spans(sample)
    # A second window on the same file is refused while the first holds it;
    # the first is shown instead.
    other = make_window(qtbot)
    assert not other.files.open_path(target, ask=False)
    assert other.annotated is None
    assert "already open in another window" in other.statusBar().currentMessage()
    other.close()
    sample.close()

    fresh = make_window(qtbot)
    assert fresh.files.open_path(target, ask=False)
    assert spans(fresh) == expected
    assert fresh.session.tei_path == target
    assert not fresh.isWindowModified()
    assert fresh.dock.table.model().rowCount() == 3
    # Ctrl+S now saves in place, without asking for a name
    dialogs.save_path = ""
    start = offset_of(fresh, "Boris Pistorius")
    shift_select(qtbot, fresh, start, len("Boris Pistorius"))
    qtbot.keyClick(fresh.view, Qt.Key.Key_1)
    assert len(fresh.annotated.annotations) == 4, fresh.statusBar().currentMessage()
    assert fresh.isWindowModified()
    qtbot.keyClick(fresh.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not fresh.isWindowModified()
    assert len(etree.parse(str(target)).findall(".//tei:annotation", ns)) == 4


def test_save_as_proposes_the_text_name_with_xml_beside_the_text(window, tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(SAMPLE_TXT.read_bytes())
    assert window.files.open_path(article, ask=False)
    assert window.files.default_save_path() == tmp_path / "article.xml"


def test_save_as_never_proposes_the_apps_own_folder(qtbot, window, dialogs, tmp_path):
    # `make run` opens the shipped sample: its folder is no place for the user's work.
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    home = Path.home()
    assert window.files.default_save_path() == home / "patriot-de.xml"  # no Documents folder
    documents = home / "Documents"
    documents.mkdir()
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # nothing selected: only a hint
    dialogs.save_path = ""  # the user cancels the dialog
    qtbot.keyClick(window.view, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert dialogs.offered == [str(documents / "patriot-de.xml")]
    # Once the user saved somewhere, that folder is proposed: for the sample again,
    # and for the copy of the annotated example (never the example itself).
    work = tmp_path / "work"
    work.mkdir()
    dialogs.save_path = str(work / "mine.xml")
    assert window.files.save_as()
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    assert window.files.default_save_path() == work / "patriot-de.xml"
    assert window.files.open_example()
    assert window.files.default_save_path() == work / "patriot-de.annotated.xml"


def test_unwritable_location_shows_error_and_keeps_document(qtbot, sample, dialogs, tmp_path):
    start = offset_of(sample, "Boris Pistorius")
    shift_select(qtbot, sample, start, len("Boris Pistorius"))
    qtbot.keyClick(sample.view, Qt.Key.Key_1)
    dialogs.save_path = str(tmp_path / "missing-folder" / "x.xml")
    assert not sample.files.save()
    assert len(dialogs.errors) == 1 and "Could not save" in dialogs.errors[0]
    assert sample.isWindowModified() and len(sample.annotated.annotations) == 1


def test_bad_files_show_errors_and_keep_the_open_document(qtbot, sample, dialogs, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>\n<oops></TEI>")
    assert not sample.files.open_path(bad, ask=False)
    assert not sample.files.open_path(tmp_path / "nonexistent.txt", ask=False)
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    assert not sample.files.open_path(binary, ask=False)
    assert len(dialogs.errors) == 3
    assert "bad.xml" in dialogs.errors[0]
    assert sample.session.source_path == SAMPLE_TXT


def test_unsaved_changes_prompt(qtbot, sample, dialogs):
    start = offset_of(sample, "Boris Pistorius")
    shift_select(qtbot, sample, start, len("Boris Pistorius"))
    qtbot.keyClick(sample.view, Qt.Key.Key_1)
    dialogs.answer = dialogs.answer.Cancel
    assert not sample.close()
    assert sample.isVisible() and len(dialogs.questions) == 1
    assert not sample.files.open_path(SAMPLE_TXT)  # opening another asks too
    assert len(sample.annotated.annotations) == 1
    dialogs.answer = dialogs.answer.Discard
    assert sample.close()
    assert not sample.isVisible()


def test_new_from_text_menu_and_recent_files(qtbot, window, dialogs, tmp_path):
    from annotator.gui import settings

    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9 in M\xfcnchen\n".encode("cp1252"))
    dialogs.open_path = str(latin)
    window.main_menu.new_action.trigger()
    assert window.annotated.document.text.startswith("Café in München")
    assert "Windows-1252" in window.statusBar().currentMessage()
    assert window.session.tei_path is None
    # written once the window has painted the document
    qtbot.waitUntil(lambda: settings.recent_files() == [str(latin.resolve())])
    window.main_menu.recent_menu.aboutToShow.emit()
    names = [a.text() for a in window.main_menu.recent_menu.actions()]
    assert "&1 latin1.txt" in names


def test_the_recent_files_are_written_after_the_document_is_painted(qtbot, window):
    # Writing the settings file may wait for the disk: the document is on screen first.
    from annotator.gui import settings

    painted = []

    class Witness(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(list(settings.recent_files()))
            return False

    witness = Witness()
    window.view.viewport().installEventFilter(witness)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    assert settings.recent_files() == []
    qtbot.waitUntil(lambda: settings.recent_files() == [str(SAMPLE_TXT.resolve())])
    assert painted and painted[0] == []
    window.view.viewport().removeEventFilter(witness)


def test_drop_a_file_opens_it(qtbot, window):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLE_TXT))])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(50, 50), actions, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPoint(50, 50), actions, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    qtbot.waitUntil(lambda: window.annotated is not None, timeout=3000)
    assert window.session.source_path == SAMPLE_TXT


def test_shortcuts_dialog_lists_each_key_once_as_the_keyboard_has_it(qtbot, sample, tmp_path):
    from annotator.gui.dialogs import ShortcutsDialog

    qtbot.keyClick(sample.view, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ShortcutsDialog) and w.isVisible())
    qtbot.addWidget(dialog)
    dialog.grab().save(str(tmp_path / "shortcuts.png"))
    table = dialog.table
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert len(names) == len(set(names))
    rows = dict(zip(names, (table.item(r, 1).text() for r in range(table.rowCount())),
                    strict=True))
    assert rows["Actor"] == "1"
    assert rows["Undo"].startswith("Ctrl+Z")
    assert rows["Redo"].startswith("Ctrl+Shift+Z")
    assert "F3" in rows["Find Next"].split(", ") and "Shift+F3" in rows["Find Previous"]
    key = r"(.|F\d{1,2}|Del|Ins|Backspace|Esc|Return|Enter|Tab|Space|Home|End|PgUp|PgDown" \
          r"|Up|Down|Left|Right|Arrows|Click)"
    readable = re.compile(rf"((Ctrl|Shift|Alt|Meta)\+)*{key}")
    for name, keys in rows.items():
        listed = keys.split(", ")
        assert len(listed) == len(set(listed)), (name, keys)  # not "F3, F3"
        for one in listed:  # not "Redo", "Open", "Zoom In"
            assert readable.fullmatch(one), (name, keys)


def test_no_key_is_held_by_two_actions_or_twice_by_one(sample):
    # Qt does nothing for a key two shortcuts hold ("Ambiguous shortcut overload").
    holders: dict[str, list[str]] = {}
    for action in sample.findChildren(QAction):
        for sequence in action.shortcuts():
            holders.setdefault(sequence.toString(), []).append(action.text())
    assert {key: held for key, held in holders.items() if len(held) > 1} == {}


def test_f3_and_shift_f3_find_the_next_and_the_previous_match(qtbot, sample, qtlog):
    text = sample.annotated.document.text.lower()
    starts = [i for i in range(len(text)) if text.startswith("patriot", i)]
    assert len(starts) >= 3
    qtbot.keyClick(sample.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(sample.find_bar.edit, "patriot")
    qtbot.keyClick(sample.find_bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(sample.find_bar.edit, Qt.Key.Key_Escape)

    def press(modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> int:
        qtbot.keyClick(sample.view, Qt.Key.Key_F3, modifier)
        return sample.view.selected_model_range()[0]

    assert sample.view.selected_model_range()[0] == starts[0]
    assert press() == starts[1]
    assert press() == starts[2]
    shift = Qt.KeyboardModifier.ShiftModifier
    assert press(shift) == starts[1]
    assert press(shift) == starts[0]
    assert press(shift) == starts[-1]
    assert "wrapped around to the end" in sample.statusBar().currentMessage()
    assert not [r.message for r in qtlog.records if "Ambiguous" in r.message]


def test_preferences_dialog_stores_name_used_when_saving(qtbot, sample, dialogs, tmp_path):
    from annotator.gui import settings
    from annotator.gui.dialogs import PreferencesDialog

    dialog = PreferencesDialog(sample)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Ada Lovelace")
    dialog.accept()
    assert settings.annotator_name() == "Ada Lovelace"
    start = offset_of(sample, "Boris Pistorius")
    shift_select(qtbot, sample, start, len("Boris Pistorius"))
    qtbot.keyClick(sample.view, Qt.Key.Key_1)
    dialogs.save_path = str(tmp_path / "named.xml")
    assert sample.files.save()
    assert "Ada Lovelace" in (tmp_path / "named.xml").read_text(encoding="utf-8")


def test_find_bar_line_edit_is_a_line_edit(sample):
    assert isinstance(sample.find_bar.edit, QLineEdit)


def test_export_every_format(qtbot, sample, dialogs, tmp_path):
    start = offset_of(sample, "Boris Pistorius")
    shift_select(qtbot, sample, start, len("Boris Pistorius"))
    qtbot.keyClick(sample.view, Qt.Key.Key_1)
    start = offset_of(sample, "zwei der Systeme")
    shift_select(qtbot, sample, start, len("zwei der Systeme"))
    qtbot.keyClick(sample.view, Qt.Key.Key_3)
    for fmt, action in sample.main_menu.export_actions.items():
        # Typed without a suffix: the format's is added, as Save As adds .xml.
        dialogs.save_path = str(tmp_path / f"out-{fmt}")
        action.trigger()
        suffix = EXPORT_FORMATS[fmt][1]
        assert (tmp_path / f"out-{fmt}{suffix}").stat().st_size > 0, fmt
    assert dialogs.errors == []
    assert "Boris Pistorius" in (tmp_path / "out-csv.csv").read_text(encoding="utf-8")
    assert "zwei der Systeme" in (tmp_path / "out-commitments-csv.csv").read_text(
        encoding="utf-8")
    # Every format proposes a name of its own: no export offers to overwrite another.
    proposed = [Path(p).name for p in dialogs.offered]
    assert len(proposed) == len(sample.main_menu.export_actions) == len(set(proposed)), proposed
    assert "patriot-de-commitments.csv" in proposed and "patriot-de.csv" in proposed


def test_invalid_tei_lists_problems_with_lines(sample, dialogs, tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_text("<?xml version='1.0'?>\n<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n"
                   "<teiHeader>\n</TEI>\n", encoding="utf-8")
    assert not sample.files.open_path(bad, ask=False)
    assert "broken.xml:" in dialogs.errors[0]


def test_excepthook_shows_a_dialog(qtbot, window, dialogs, monkeypatch):
    import sys

    from PySide6.QtCore import QEventLoop

    import annotator.gui
    from annotator.gui import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    # Somebody at a screen (the offscreen platform has nobody to answer a dialog).
    monkeypatch.setattr(annotator.gui, "_someone_can_answer", lambda: True)
    install_excepthook()

    def fail() -> None:  # an error in a slot, while the event loop runs
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        loop.quit()

    loop = QEventLoop()
    QTimer.singleShot(0, fail)
    loop.exec()
    assert dialogs.errors and "boom" in dialogs.errors[-1]
    # Outside the event loop the error ends the program: no box to wait for.
    shown = len(dialogs.errors)
    try:
        raise RuntimeError("the end")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert len(dialogs.errors) == shown


def test_an_error_that_ends_a_script_shows_no_dialog_that_would_wait_for_ever(tmp_path):
    """Outside the event loop (the error ends the program) or with nobody to answer, the
    hook prints the error and the process ends with it: a modal box waited for ever."""
    import subprocess
    import sys

    script = ("from annotator.gui import create_application\n"
              "from annotator.gui.mainwindow import MainWindow\n"
              "app = create_application()\n"
              "window = MainWindow()\n"
              f"assert window.files.open_path({str(SAMPLE_TXT)!r}, ask=False)\n"
              "raise RuntimeError('the end')\n")
    for platform in ("offscreen", "minimal"):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=60, env={**os.environ, "QT_QPA_PLATFORM": platform})
        assert done.returncode == 1
        assert "RuntimeError: the end" in done.stderr


def test_a_long_status_message_ends_in_an_ellipsis_with_all_of_it_in_the_tooltip(
        qtbot, window, tmp_path):
    window.resize(1240, 752)  # as it opens on a 1280×800 screen
    assert window.files.open_example()  # counters for three tags
    status = window.statusBar()
    message = ("Restored “Bericht über die Lieferung von Patriot-Systemen an die Ukraine.xml”: "
               "41 annotations, 12 unsaved changes; Ctrl+S keeps them. The very last changes "
               "could not be read.")  # as crash recovery says it
    status.showMessage(message, 30000)
    label = status.message_label
    counts = window.counts_label
    qtbot.waitUntil(lambda: label.isVisible() and counts.width() >= counts.sizeHint().width())
    status.grab().save(str(tmp_path / "status-bar.png"))
    # The message ends before the counters begin, and shows that it goes on.
    assert label.geometry().right() < counts.geometry().left()
    assert label.text().endswith("…") and message.startswith(label.text()[:-1])
    assert label.toolTip() == message
    at = QPoint(10, label.height() // 2)
    QApplication.sendEvent(label, QHelpEvent(QEvent.Type.ToolTip, at, label.mapToGlobal(at)))
    assert QToolTip.text() == message
    # A short one is shown whole; status tips (menus, buttons) the same way.
    window.status("No changes to save")
    assert label.text() == "No changes to save" and label.toolTip() == ""
    QApplication.sendEvent(window, QStatusTipEvent("Open an annotated TEI file"))
    assert label.text() == "Open an annotated TEI file"


def test_the_tag_bar_title_reads_as_text_not_as_a_disabled_control(window):
    title = next(label for label in window.main_menu.tag_bar.findChildren(QLabel)
                 if "Tag as" in label.text())
    title.ensurePolished()
    palette = QApplication.palette()
    colour = title.palette().color(QPalette.ColorRole.WindowText)
    assert colour == palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    assert colour != palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)


FOREIGN_TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title>Ein Brief</title></titleStmt>
<publicationStmt><p>Unveröffentlicht</p></publicationStmt>
<sourceDesc><p>Handschrift</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>Ein Brief von <persName>Anna Weber</persName> aus
<placeName>Kiel</placeName>.</p></body></text></TEI>
"""


def test_annotate_existing_markup_says_why_it_is_greyed_out(qtbot, window, tmp_path):
    action, menu = window.main_menu.annotate_markup_action, window.main_menu.annotate_menu
    assert not action.isEnabled()
    assert "Open a TEI document that marks up names" in action.toolTip()
    # Where it is greyed out: hovering it in its menu shows why.
    menu.popup(window.mapToGlobal(QPoint(40, 40)))
    qtbot.waitExposed(menu)
    at = menu.actionGeometry(action).center()
    QApplication.sendEvent(menu, QHelpEvent(QEvent.Type.ToolTip, at, menu.mapToGlobal(at)))
    assert QToolTip.text() == action.toolTip()
    menu.hide()
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    for disabled in (action, window.main_menu.markup_action):
        assert not disabled.isEnabled()
        assert "no names marked up (persName, placeName, orgName" in disabled.toolTip()
        assert disabled.statusTip() == disabled.toolTip()
    letter = tmp_path / "brief.xml"
    letter.write_text(FOREIGN_TEI, encoding="utf-8")
    assert window.files.open_path(letter, ask=False)
    assert action.isEnabled()
    assert action.toolTip() == "Turn the names the TEI file already marks into annotations"


@pytest.mark.parametrize("how", ["absolute", "relative", "text-saved-as"])
def test_exports_name_the_document_by_its_file_name_only(qtbot, window, dialogs, tmp_path,
                                                        monkeypatch, how):
    # However the file was opened (a dialog gives an absolute path, `annotator
    # ../work/patriot-de.xml` a relative one), shared tables name it as the command
    # line does (a text saved as TEI: the TEI file, as the title does), and nothing
    # saved or exported holds a path of this machine.
    from annotator.files import open_document, save_document

    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    if how == "text-saved-as":
        (work / "patriot-de.txt").write_bytes(SAMPLE_TXT.read_bytes())
        given = Path("../work/patriot-de.txt")
        dialogs.save_path = str(work / "patriot-de.xml")
    else:
        save_document(open_document(SAMPLE_TXT).document, work / "patriot-de.xml", "Tester")
        given = work / "patriot-de.xml" if how == "absolute" else Path("../work/patriot-de.xml")
    monkeypatch.chdir(elsewhere)
    assert window.files.open_path(given, ask=False)
    for phrase, key in (("Boris Pistorius", Qt.Key.Key_1), ("zwei der Systeme", Qt.Key.Key_3)):
        shift_select(qtbot, window, offset_of(window, phrase), len(phrase))
        qtbot.keyClick(window.view, key)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    written = [work / "patriot-de.xml"]
    for fmt in EXPORT_FORMATS:
        dialogs.save_path = str(tmp_path / f"out-{fmt}{EXPORT_FORMATS[fmt][1]}")
        window.files.export(fmt)
        written.append(Path(dialogs.save_path))
    assert dialogs.errors == []
    for fmt in ("csv", "jsonl", "commitments-csv", "commitments-jsonl"):
        data = (tmp_path / f"out-{fmt}{EXPORT_FORMATS[fmt][1]}").read_text(encoding="utf-8")
        if fmt.endswith("jsonl"):
            sources = {json.loads(line)["source"] for line in data.splitlines()}
        else:
            sources = {row["source"] for row in csv.DictReader(io.StringIO(data))}
        assert sources == {"patriot-de.xml"}, (fmt, sources)
    for path in written:
        data = path.read_text(encoding="utf-8")
        assert str(tmp_path) not in data and "../work" not in data, path.name
