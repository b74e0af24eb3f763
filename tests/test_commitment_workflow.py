"""A whole commitment made the way a user makes one, and the shipped annotated example.

The first test is the issue's proof: on the sample article, spans are selected with
Shift+Right and tagged with keys, reference fields are filled by pressing Pick and
clicking the mention, values are typed and chosen, an entity gets its identifier
in the entities panel's dialog; Ctrl+S saves; a fresh window reopens every field.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from gui_helpers import SAMPLE_TXT, click_offset, make_window, on_modal, shift_select
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from annotator.files import export_bytes, open_document
from annotator.gui.entity_panel import IdentifiersDialog
from annotator.model import edits
from annotator.resources import example_path
from annotator.tei.validation import validate_bytes

ROOT = Path(__file__).resolve().parent.parent
TEXT = SAMPLE_TXT.read_text(encoding="utf-8")
TEI = "{http://www.tei-c.org/ns/1.0}"


def nth(phrase: str, n: int = 0) -> int:
    at = -1
    for _ in range(n + 1):
        at = TEXT.index(phrase, at + 1)
    return at


def tag(qtbot, window, phrase: str, key, n: int = 0) -> str:
    shift_select(qtbot, window, nth(phrase, n), len(phrase))
    qtbot.keyClick(window.view, key)
    return window.view.selected_id


def pick(qtbot, window, name: str, phrase: str, n: int = 0) -> None:
    """Press the field's Pick button, then click the mention in the text."""
    button = window.attribute_dock.findChild(object, f"pick_{name}")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.view.picking
    click_offset(qtbot, window, nth(phrase, n) + 1)
    assert not window.view.picking


def type_into(qtbot, window, name: str, text: str) -> None:
    editor = window.attribute_dock.editor(name)
    assert isinstance(editor, QLineEdit)
    editor.setFocus()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def choose(qtbot, window, name: str, label: str) -> None:
    combo = window.attribute_dock.editor(name)
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    # Arrow keys through the closed list, as the keyboard user does.
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentText() != label:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"no {label!r} in {name}"


def test_a_commitment_built_in_the_window_survives_saving_and_reopening(
        qtbot, dialogs, tmp_path):
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    store = window.annotated.annotations
    # Actors and the weapon; "Deutschlands" then "Deutschland": one entity.
    first = tag(qtbot, window, "Deutschlands", Qt.Key.Key_1)
    germany = tag(qtbot, window, "Deutschland", Qt.Key.Key_1, 2)
    assert store.get(germany).entity == store.get(first).entity
    selenskyj = tag(qtbot, window, "Wolodymyr Selenskyj", Qt.Key.Key_1)
    tag(qtbot, window, "Systeme", Qt.Key.Key_2)
    commitment = tag(qtbot, window, "dass Deutschland für zwei der Systeme aufkommen werde",
                     Qt.Key.Key_3)
    assert window.attribute_dock.annotation_id() == commitment
    # References by clicking, values by typing and choosing.
    pick(qtbot, window, "donor", "Deutschland", 2)
    pick(qtbot, window, "item", "Systeme")
    pick(qtbot, window, "reportedBy", "Wolodymyr Selenskyj")
    assert window.view.selected_id == commitment  # picking does not move the selection
    type_into(qtbot, window, "quantity", "2")
    type_into(qtbot, window, "unit", "System")
    type_into(qtbot, window, "date", "2025-07-10")
    choose(qtbot, window, "mechanism", "funding")
    choose(qtbot, window, "stage", "announced")
    choose(qtbot, window, "certainty", "medium")
    note = window.attribute_dock.note
    note.setFocus()
    qtbot.keyClicks(note, "Laut Selenskyj")
    qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    # The entity gets its Wikidata id in the entities panel's dialog.
    window.entity_dock.select_entity(store.get(germany).entity)

    def identify(dialog: IdentifiersDialog) -> None:
        qtbot.keyClicks(dialog.fields["wikidata"], "Q183")
        dialog.accept()

    on_modal(IdentifiersDialog, identify)
    window.entity_dock.identifiers_action.trigger()
    expected = store.get(commitment)
    assert dict(expected.attributes) == {
        "donor": germany, "item": store.get(commitment).attribute("item"),
        "quantity": "2", "unit": "System", "mechanism": "funding", "stage": "announced",
        "date": "2025-07-10", "certainty": "medium", "reportedBy": selenskyj}
    assert expected.note == "Laut Selenskyj"
    # The list marks annotations with a note; hovering shows it.
    model = window.dock.model
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == commitment)
    assert model.index(row, 1).data().startswith("✎ dass Deutschland")
    assert "Note: Laut Selenskyj" in model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    # The links view shows the donor, the item and who reported it.
    assert [link.label for link in window.view.links] == ["Donor", "Item", "Reported by"]

    target = tmp_path / "patriot.xml"
    dialogs.save_path = str(target)
    window.activateWindow()  # after the dialog: shortcuts reach the active window only
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.exists() and not window.is_modified
    assert validate_bytes(target.read_bytes(), str(target)) == []
    root = etree.parse(str(target)).getroot()
    assert root.find(f".//{TEI}listEvent/{TEI}event") is not None
    assert root.find(f".//{TEI}idno[@type='wikidata']").text == "Q183"

    assert window.close()  # as a user would, before reopening it elsewhere
    fresh = make_window(qtbot)
    assert fresh.files.open_path(target, ask=False)
    again = fresh.annotated.annotations
    assert again.get(commitment) == expected
    assert again.entity(again.get(germany).entity).identifier("wikidata") == "Q183"
    fresh.view.set_selected_annotation(commitment)
    assert fresh.attribute_dock.editor("quantity").text() == "2"
    assert fresh.attribute_dock.editor("stage").currentText() == "announced"
    assert fresh.attribute_dock.note.toPlainText() == "Laut Selenskyj"
    rows = list(csv.DictReader(io.StringIO(export_bytes(
        fresh.annotated, "commitments-csv").decode("utf-8"))))
    assert [(r["donor"], r["donor_id"], r["item"], r["quantity"], r["reported_by"])
            for r in rows] == [("Deutschlands", "Q183", "Systeme", "2",
                                "Wolodymyr Selenskyj")]


# -- the shipped example ------------------------------------------------------------------
EXPECTED_ROWS = [
    # donor, recipient, supplier, item, quantity, mechanism, stage, deadline, certainty,
    # reported by
    ("NATO-Mitglieder", "Ukraine", "USA", "US-Waffen", "", "purchase for a third party",
     "announced", "", "medium", "Donald Trump"),
    ("Donald Trump", "Russland", "", "", "100", "sanction or threat", "announced",
     "2025-09-02", "high", ""),
    ("Deutschland", "Ukraine", "", "Patriot (MIM-104)", "2", "funding", "announced", "",
     "medium", "Wolodymyr Selenskyj"),
    ("Norwegen", "Ukraine", "", "Patriot (MIM-104)", "1", "", "pledged", "", "medium",
     "Wolodymyr Selenskyj"),
    ("andere europäische Partner", "Ukraine", "", "", "", "", "pledged", "", "low",
     "Wolodymyr Selenskyj"),
]


def test_the_shipped_example_is_valid_and_gives_the_commitments_table():
    path = example_path()
    data = path.read_bytes()
    assert validate_bytes(data, str(path)) == []
    doc = open_document(path).document
    rows = list(csv.DictReader(io.StringIO(export_bytes(doc, "commitments-csv")
                                           .decode("utf-8"))))
    assert [(r["donor"], r["recipient"], r["supplier"], r["item"], r["quantity"],
             r["mechanism"], r["stage"], r["deadline"], r["certainty"], r["reported_by"])
            for r in rows] == EXPECTED_ROWS
    assert [r["recipient_id"] for r in rows] == ["Q212", "Q159", "Q212", "Q212", "Q212"]
    entities = {e.name: e for e in doc.entities.values()}
    assert entities["Pete Hegseth"].kind == "person"
    assert {m for m in (doc.annotations.text_of(a) for a in doc.annotations.mentions(
        entities["Pete Hegseth"].id))} == {"US-Verteidigungsminister", "Pete Hegseth",
                                            "Hegseth"}
    assert entities["Deutschland"].identifier("iso3166") == "DE"


def test_the_shipped_example_is_what_the_builder_makes(qtbot, dialogs):
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        from make_example import build_example
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    window = make_window(qtbot)
    build_example(window)
    built = window.annotated
    shipped = open_document(example_path()).document
    assert built.document.text == shipped.document.text
    assert built.tagset == shipped.tagset
    assert sorted(built.annotations, key=lambda a: a.id) == sorted(
        shipped.annotations, key=lambda a: a.id)
    assert built.entities == shipped.entities


def test_help_opens_the_example_as_an_unsaved_copy(qtbot, dialogs, tmp_path):
    window = make_window(qtbot)
    before = example_path().read_bytes()
    window.main_menu.example_action.trigger()
    assert window.session.tei_path is None and window.annotated is not None
    assert len(window.annotated.annotations) == 41
    assert "annotated example" in window.statusBar().currentMessage()
    # Its first commitment shows its fields and links.
    first = next(a for a in window.annotated.annotations if a.tag == "commitment")
    window.view.set_selected_annotation(first.id, scroll=True)
    assert window.attribute_dock.editor("stage").currentText() == "announced"
    assert {link.label for link in window.view.links} >= {"Donor", "Recipient", "Item"}
    # Save asks where: the copy goes where the user says, the example stays as shipped.
    dialogs.save_path = str(tmp_path / "mine.xml")
    window.push(edits.set_note(window.annotated, first.id, "meine Notiz"))
    assert window.files.save()
    assert (tmp_path / "mine.xml").exists()
    assert example_path().read_bytes() == before
