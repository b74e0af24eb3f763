"""The tagset editor, driven as a person would: real widgets, real files, no mocks.

Modal dialogs (the attribute dialog, QColorDialog, QFileDialog, message boxes) run
their own event loop; ``on_modal`` acts on them from inside it, once they show.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import reference
from gui_helpers import on_modal
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QWidget,
)

from annotator.errors import AnnotatorError, ReadError
from annotator.files import load_tagset, save_document, save_tagset
from annotator.gui import settings
from annotator.gui.style import ciede2000, colour_distance
from annotator.gui.tagset_editor import (
    DISTINCT_ENOUGH,
    AttributeDialog,
    TagsetEditor,
    tag_id_for,
)
from annotator.model import AnnotatedDocument, Document, Tag, Tagset, default_tagset
from annotator.model.attributes import AttributeDef
from annotator.model.tagset import commitment_attributes
from annotator.session import TeiOrigin
from annotator.tei.source import TeiSource


# -- helpers ---------------------------------------------------------------------------
def answer(box: QMessageBox, button: QMessageBox.StandardButton, log: list[str]) -> None:
    log.append(f"{box.text()}\n{box.informativeText()}")
    box.button(button).click()


def open_editor(qtbot, tagset: Tagset | None = None,
                counts: dict[str, int] | None = None) -> TagsetEditor:
    editor = TagsetEditor(tagset or default_tagset(), counts or {})
    qtbot.addWidget(editor)
    with qtbot.waitExposed(editor):
        editor.show()
    editor.activateWindow()
    return editor


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_key(qtbot, editor: TagsetEditor, key: str) -> None:
    editor.key_edit.setFocus()
    editor.key_edit.selectAll()
    qtbot.keyClicks(editor.key_edit, key)


def ok_button(dialog: QDialog) -> QWidget:
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def tagset_with_ship() -> Tagset:
    tags = default_tagset()
    tags.add(Tag("ship", "Ship", "#264653", "4", "A ship or boat"))
    return tags


def saved_document(path: Path, tagset: Tagset) -> Path:
    doc = AnnotatedDocument.create(
        Document.from_paragraphs(["The frigate left port.", "It carried two helicopters."]),
        tagset)
    save_document(doc, path, "Tester")
    return path


# -- tags --------------------------------------------------------------------------------
def test_adding_a_tag_selects_it_and_its_id_follows_the_label(qtbot):
    original = default_tagset()
    editor = open_editor(qtbot, original)
    editor.select_tag("actor")
    click(qtbot, editor.add_tag_button)
    tag = editor.current_tag()
    assert tag is not None and tag.label == "New tag"
    # The label is selected: typing replaces it, leaving the field commits it.
    qtbot.keyClicks(editor.label_edit, "Air Defence")
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Tab)
    assert editor.isVisible()
    tag = editor.current_tag()
    assert (tag.id, tag.label) == ("air-defence", "Air Defence")
    assert editor.tag_list.topLevelItem(3).text(0) == "Air Defence"
    assert original == default_tagset()  # the editor works on a copy


def test_a_new_tag_goes_last_with_the_next_key_whatever_is_selected(qtbot):
    """The toolbar lists tags in the tagset's order with their keys: a new tag inserted
    after the selected one read "Actor 1 | New tag 4 | Weapon 2"."""
    editor = open_editor(qtbot)
    for selected, expected_key in (("actor", "4"), ("weapon", "5")):
        editor.select_tag(selected)
        click(qtbot, editor.add_tag_button)
        assert editor.current_tag().key == expected_key
    tags = list(editor.tagset())
    assert [t.id for t in tags] == ["actor", "weapon", "commitment", "new-tag", "new-tag-2"]
    assert [t.key for t in tags] == ["1", "2", "3", "4", "5"]
    assert [editor.tag_list.topLevelItem(i).text(1) for i in range(5)] == [
        "1", "2", "3", "4", "5"]
    # A key freed earlier in the order is not taken while later ones are free.
    editor.select_tag("weapon")
    type_key(qtbot, editor, "w")
    click(qtbot, editor.add_tag_button)
    assert list(editor.tagset())[-1].key == "6"


def test_a_new_tag_gets_a_colour_unlike_every_other_tags(qtbot):
    """Each new tag's colour is clearly distinct (CIEDE2000) from all the colours before
    it: the first used to be #e76f51, an orange next to Actor's #f4a261 (16 apart)."""
    editor = open_editor(qtbot)
    for added in range(1, 13):
        click(qtbot, editor.add_tag_button)
        new = editor.current_tag()
        others = [t.color for t in editor.tagset() if t.id != new.id]
        nearest = min(colour_distance(new.color, other) for other in others)
        # Ten tags this far apart; more still stay apart, if less.
        assert nearest >= (DISTINCT_ENOUGH if added <= 7 else 18), (new.color, added, nearest)
    colours = [t.color for t in editor.tagset()]
    assert len(set(colours)) == len(colours)


def test_colour_distance_is_ciede2000():
    """Pairs from Sharma, Wu and Dalal's CIEDE2000 test data, and one of hex colours."""
    for lab1, lab2, expected in (((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
                                 ((50, 2.49, -0.001), (50, -2.49, 0.0009), 7.1792),
                                 ((50, -0.001, 2.49), (50, 0.0009, -2.49), 4.8045),
                                 ((50, 2.5, 0), (73, 25, -18), 27.1492),
                                 ((60.2574, -34.0099, 36.2677),
                                  (60.4626, -34.1751, 39.4387), 1.2644)):
        assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert colour_distance("#000000", "#ffffff") == pytest.approx(100, abs=0.01)


def test_return_in_a_field_commits_it_and_presses_ok(qtbot):
    for field in ("label_edit", "description_edit", "key_edit"):
        editor = open_editor(qtbot)
        click(qtbot, editor.add_tag_button)
        edit = getattr(editor, field)
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClicks(edit, "Q" if field == "key_edit" else "Ships")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert not editor.isVisible() and editor.result() == QDialog.DialogCode.Accepted
        new = list(editor.tagset())[-1]
        assert {"label_edit": new.label, "description_edit": new.description,
                "key_edit": new.key}[field] == ("Q" if field == "key_edit" else "Ships")


def test_return_on_a_refused_label_keeps_the_dialog_open(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("weapon")
    editor.label_edit.setFocus()
    editor.label_edit.selectAll()
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Return)
    assert editor.isVisible() and editor.message_text() == "a tag needs a label"
    # Return again on the restored (valid) label: OK.
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Return)
    assert not editor.isVisible() and editor.result() == QDialog.DialogCode.Accepted
    assert editor.tagset()["weapon"].label == "Weapon"


def test_renaming_a_saved_tag_keeps_its_id(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("weapon")
    editor.label_edit.setFocus()
    editor.label_edit.selectAll()
    qtbot.keyClicks(editor.label_edit, "Arms")
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Tab)
    assert editor.tagset()["weapon"].label == "Arms"
    editor.label_edit.setFocus()
    # An empty label is refused by the model; its message shows and the field is restored.
    editor.label_edit.selectAll()
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Return)
    assert editor.message_text() == "a tag needs a label"
    assert editor.message.isVisible()
    assert editor.label_edit.text() == "Arms"


def test_new_tag_ids_are_unique_and_valid():
    assert tag_id_for("Weapon", {"weapon", "weapon-2"}) == "weapon-3"
    assert tag_id_for("3 Ships") == "tag-3-ships"
    assert tag_id_for("!!!") == "tag"
    assert tag_id_for("Übergabe") == "ubergabe"


def test_a_key_another_tag_has_is_refused_inline_and_the_field_restored(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("commitment")
    type_key(qtbot, editor, "2")
    assert editor.message.isVisible()
    assert editor.message_text() == "key '2' is already used by Weapon"
    assert editor.key_edit.text() == "3"
    assert editor.tagset()["commitment"].key == "3"
    type_key(qtbot, editor, "7")
    assert editor.tagset()["commitment"].key == "7"
    assert editor.message_text() == ""
    assert editor.tag_list.topLevelItem(2).text(1) == "7"
    # Emptying the field removes the key.
    qtbot.keyClick(editor.key_edit, Qt.Key.Key_Backspace)
    assert editor.tagset()["commitment"].key == ""


def test_recolour_through_the_colour_dialog(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("actor")

    def choose(dialog: QColorDialog) -> None:
        dialog.setCurrentColor(QColor("#123456"))
        dialog.accept()

    seen = on_modal(QColorDialog, choose)
    click(qtbot, editor.colour_button)
    assert seen
    assert editor.tagset()["actor"].color == "#123456"
    assert editor.colour_button.text() == "#123456"
    # Cancelling changes nothing.
    on_modal(QColorDialog, lambda dialog: dialog.reject())
    click(qtbot, editor.colour_button)
    assert editor.tagset()["actor"].color == "#123456"
    assert not editor.set_colour("red")
    assert "#rrggbb" in editor.message_text()


def test_description_element_entity_and_event(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("weapon")
    editor.description_edit.setFocus()
    editor.description_edit.selectAll()
    qtbot.keyClicks(editor.description_edit, "Arms of any kind")
    qtbot.keyClick(editor.description_edit, Qt.Key.Key_Tab)
    editor.element_combo.setFocus()
    qtbot.keyClick(editor.element_combo, Qt.Key.Key_Down)  # rs → seg
    editor.entity_combo.setFocus()
    qtbot.keyClick(editor.entity_combo, Qt.Key.Key_Home)  # None
    box = editor.event_box  # (the box spans the form: click its indicator, not its middle)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    tag = editor.tagset()["weapon"]
    assert (tag.description, tag.element, tag.entity, tag.event) == (
        "Arms of any kind", "seg", "", True)


def test_tags_move_up_and_down(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("commitment")
    assert not editor.tag_down_button.isEnabled()
    click(qtbot, editor.tag_up_button)
    assert editor.tagset().ids() == ["actor", "commitment", "weapon"]
    click(qtbot, editor.tag_up_button)
    assert editor.tagset().ids() == ["commitment", "actor", "weapon"]
    assert not editor.tag_up_button.isEnabled()
    assert editor.current_tag().id == "commitment"


def test_removing_a_used_tag_asks(qtbot):
    editor = open_editor(qtbot, counts={"commitment": 12})
    editor.select_tag("commitment")
    asked: list[str] = []
    on_modal(QMessageBox, lambda box: answer(box, QMessageBox.StandardButton.No, asked))
    click(qtbot, editor.remove_tag_button)
    assert asked and "Removing Commitment deletes its 12 annotations" in asked[0]
    assert "commitment" in editor.tagset()
    on_modal(QMessageBox, lambda box: answer(box, QMessageBox.StandardButton.Yes, asked))
    click(qtbot, editor.remove_tag_button)
    assert len(asked) == 2
    assert editor.tagset().ids() == ["actor", "weapon"]
    assert editor.current_tag().id == "weapon"


def test_removing_a_tag_another_refers_to_is_refused_without_asking(qtbot):
    editor = open_editor(qtbot, counts={"weapon": 3})
    editor.select_tag("weapon")
    asked: list[QWidget] = on_modal(QMessageBox, lambda box: box.reject(), timeout_ms=300)
    click(qtbot, editor.remove_tag_button)
    qtbot.wait(400)
    assert not asked
    assert editor.message_text() == "Commitment's attribute Item refers to Weapon; change it first"
    assert "weapon" in editor.tagset()


def test_an_unused_tag_is_removed_without_asking_and_its_id_not_reused(qtbot):
    editor = open_editor(qtbot, tagset_with_ship())
    editor.select_tag("ship")
    click(qtbot, editor.remove_tag_button)
    assert "ship" not in editor.tagset()
    click(qtbot, editor.add_tag_button)
    qtbot.keyClicks(editor.label_edit, "Ship")
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Return)
    assert editor.current_tag().id == "ship-2"


# -- attributes --------------------------------------------------------------------------
def test_add_a_choice_attribute_through_the_sub_dialog(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("weapon")
    messages: list[str] = []

    def fill(dialog: AttributeDialog) -> None:
        qtbot.keyClicks(dialog.label_edit, "Origin country")
        assert dialog.name_edit.text() == "originCountry"  # follows the label
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("choice"))
        assert dialog.choices_edit.isVisible() and not dialog.targets_list.isVisible()
        click(qtbot, ok_button(dialog))  # no choices yet: refused, the dialog stays
        messages.append(dialog.message.text())
        assert dialog.isVisible()
        qtbot.keyClicks(dialog.choices_edit, "made in Germany")
        qtbot.keyClick(dialog.choices_edit, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.choices_edit, "elsewhere")
        qtbot.keyClicks(dialog.description_edit, "where it was built")
        click(qtbot, ok_button(dialog))

    seen = on_modal(AttributeDialog, fill)
    click(qtbot, editor.add_attribute_button)
    assert seen and not seen[0].isVisible()
    assert messages == ["attribute 'originCountry': a choice needs at least one value"]
    attr = editor.tagset()["weapon"].attribute("originCountry")
    assert attr == AttributeDef("originCountry", "Origin country", "choice",
                                ("madeInGermany", "elsewhere"), (), "where it was built",
                                ("made in Germany", "elsewhere"))
    table = editor.attribute_table
    assert table.rowCount() == 2
    assert [table.item(1, c).text() for c in range(4)] == [
        "originCountry", "Origin country", "Choice", "made in Germany, elsewhere"]


def test_an_attribute_name_used_twice_is_refused_in_the_sub_dialog(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("weapon")
    messages: list[str] = []

    def fill(dialog: AttributeDialog) -> None:
        qtbot.keyClicks(dialog.label_edit, "Category")
        click(qtbot, ok_button(dialog))
        messages.append(dialog.message.text())
        dialog.reject()

    on_modal(AttributeDialog, fill)
    click(qtbot, editor.add_attribute_button)
    assert messages == ["Weapon already has an attribute 'category'"]
    assert len(editor.tagset()["weapon"].attributes) == 1


def test_editing_a_choice_keeps_the_symbols_of_unchanged_choices(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("commitment")
    row = [a.name for a in editor.tagset()["commitment"].attributes].index("stage")
    editor.attribute_table.selectRow(row)

    def edit(dialog: AttributeDialog) -> None:
        assert dialog.choices_edit.toPlainText().splitlines()[1] == "pledged"
        lines = dialog.choices_edit.toPlainText().replace("pledged", "promised").splitlines()
        dialog.choices_edit.clear()
        for line in lines:
            qtbot.keyClicks(dialog.choices_edit, line)
            qtbot.keyClick(dialog.choices_edit, Qt.Key.Key_Return)
        click(qtbot, ok_button(dialog))

    on_modal(AttributeDialog, edit)
    click(qtbot, editor.edit_attribute_button)
    stage = editor.tagset()["commitment"].attribute("stage")
    assert stage.choices == ("announced", "promised", "contracted", "allocated", "delivered",
                             "cancelled")
    assert editor.attribute_table.item(row, 0).text() == "stage"


def test_a_reference_attribute_names_its_target_tags(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("actor")

    def fill(dialog: AttributeDialog) -> None:
        qtbot.keyClicks(dialog.label_edit, "Uses")
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("reference"))
        assert dialog.targets_list.isVisible()
        dialog.targets_list.item(1).setCheckState(Qt.CheckState.Checked)  # Weapon
        click(qtbot, ok_button(dialog))

    on_modal(AttributeDialog, fill)
    click(qtbot, editor.add_attribute_button)
    assert editor.tagset()["actor"].attribute("uses").targets == ("weapon",)
    assert editor.attribute_table.item(0, 3).text() == "→ Weapon"


def test_attributes_move_and_are_removed(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("commitment")
    editor.attribute_table.selectRow(1)  # recipient
    click(qtbot, editor.attribute_up_button)
    names = [a.name for a in editor.tagset()["commitment"].attributes]
    assert names[:3] == ["recipient", "donor", "supplier"]
    assert editor.attribute_table.selectionModel().selectedRows()[0].row() == 0
    click(qtbot, editor.remove_attribute_button)
    names = [a.name for a in editor.tagset()["commitment"].attributes]
    assert len(names) == len(commitment_attributes()) - 1 and "recipient" not in names


# -- the result and whole tagsets -------------------------------------------------------
def test_ok_returns_the_edited_tagset(qtbot):
    editor = open_editor(qtbot)
    editor.select_tag("actor")
    type_key(qtbot, editor, "a")
    click(qtbot, ok_button(editor))
    assert editor.result() == QDialog.DialogCode.Accepted
    assert editor.tagset()["actor"].key == "a"
    assert editor.tagset() is not editor.tagset()


def test_save_as_default_then_new_documents_get_it(qtbot):
    assert settings.default_tagset() == default_tagset()
    editor = open_editor(qtbot, tagset_with_ship())
    click(qtbot, editor.save_default_button)
    assert settings.default_tagset() == tagset_with_ship()
    assert "new documents" in editor.message_text()
    # The built-in tagset saved as default is the same as none.
    settings.set_default_tagset(default_tagset())
    assert settings.get("default_tagset") is None
    assert settings.default_tagset() == default_tagset()


@pytest.mark.parametrize("stored", ["{not json", "[]", '[{"id": "1x"}]', "42"])
def test_an_unreadable_default_tagset_falls_back_to_the_built_in_one(stored):
    settings.put("default_tagset", stored)
    assert settings.default_tagset() == default_tagset()


def test_reset_to_built_in_asks_before_dropping_used_tags(qtbot):
    editor = open_editor(qtbot, tagset_with_ship(), counts={"ship": 5, "actor": 2})
    editor.select_tag("ship")
    asked: list[str] = []
    on_modal(QMessageBox, lambda box: answer(box, QMessageBox.StandardButton.No, asked))
    click(qtbot, editor.reset_button)
    assert "Ship (5 annotations)" in asked[0] and "deletes 5 annotations" in asked[0]
    assert "ship" in editor.tagset()
    on_modal(QMessageBox, lambda box: answer(box, QMessageBox.StandardButton.Yes, asked))
    click(qtbot, editor.reset_button)
    assert editor.tagset() == default_tagset()
    assert editor.current_tag().id == "actor"


def test_load_from_a_tei_file_through_the_file_dialog(qtbot, tmp_path):
    path = saved_document(tmp_path / "ships.xml", tagset_with_ship())
    editor = open_editor(qtbot)

    def choose(dialog: QFileDialog) -> None:
        dialog.selectFile(str(path))
        dialog.accept()

    seen = on_modal(QFileDialog, choose)
    click(qtbot, editor.load_button)
    assert seen
    assert editor.tagset() == tagset_with_ship()
    assert editor.tag_list.topLevelItemCount() == 4
    assert "ships.xml" in editor.message_text()


def test_load_from_a_json_file_written_by_export(qtbot, tmp_path):
    editor = open_editor(qtbot, tagset_with_ship())
    assert editor.export_file(tmp_path / "tags.json")
    data = json.loads((tmp_path / "tags.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in data["tags"]] == ["actor", "weapon", "commitment", "ship"]
    other = open_editor(qtbot)
    assert other.load_file(tmp_path / "tags.json")
    assert other.tagset() == tagset_with_ship()
    # A bare list, as Tagset.to_json gives it, is read too.
    (tmp_path / "list.json").write_text(json.dumps(default_tagset().to_json()))
    assert load_tagset(tmp_path / "list.json") == default_tagset()


@pytest.mark.parametrize(("content", "expected"), [
    ('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<teiHeader>\n</TEI>', "broken.xml:3: "),
    ("[{\"id\": \"ship\",\n \"label\": }]", "broken.xml:2: is neither a TEI file nor a JSON"),
    ('[{"id": "ship", "color": "blue"}]', "broken.xml: is not a usable tagset: tag colour"),
    ("<html><body/></html>", "broken.xml:1: not a TEI document"),
    ("", "broken.xml:1: the file is empty"),
])
def test_a_broken_file_is_reported_in_a_message_box(qtbot, tmp_path, content, expected):
    path = tmp_path / "broken.xml"
    path.write_text(content, encoding="utf-8")
    editor = open_editor(qtbot)
    shown: list[str] = []
    on_modal(QMessageBox, lambda box: answer(box, QMessageBox.StandardButton.Ok, shown))
    assert not editor.load_file(path)
    assert len(shown) == 1 and "Could not load a tagset from broken.xml" in shown[0]
    assert expected in shown[0]
    assert "Traceback" not in shown[0]
    assert editor.tagset() == default_tagset()


def test_load_tagset_reads_a_foreign_tei_file_only_once_annotator_saved_into_it(tmp_path):
    letter = tmp_path / "letter.xml"
    letter.write_bytes(reference.read_bytes("samples", "dta-soldatenbrief-084.xml"))
    with pytest.raises(ReadError, match=r"letter\.xml has no Annotator tagset"):
        load_tagset(letter)
    source = TeiSource.from_bytes(letter.read_bytes(), str(letter))
    doc = AnnotatedDocument.create(source.document, tagset_with_ship())
    save_document(doc, letter, "Tester", origin=TeiOrigin(source))
    assert load_tagset(letter) == tagset_with_ship()


def test_load_tagset_errors_are_annotator_errors(tmp_path):
    for name, data in [("missing.json", None), ("bin.json", b"\xff\xfe\x00garbage"),
                       ("deep.json", b"[" * 100_000), ("obj.json", b'{"tags": 3}'),
                       ("empty.json", b"[]")]:
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        with pytest.raises(AnnotatorError) as caught:
            load_tagset(path)
        assert str(caught.value).startswith(str(path)), str(caught.value)


def test_export_writes_json_that_loads_back(tmp_path):
    tags = tagset_with_ship()
    save_tagset(tags, tmp_path / "t.json")
    assert load_tagset(tmp_path / "t.json") == tags
    with pytest.raises(AnnotatorError):
        save_tagset(tags, tmp_path / "no-such-folder" / "t.json")
