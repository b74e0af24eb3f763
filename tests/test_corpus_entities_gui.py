"""The corpus's entity register in the window: tagging links to an entity another
document made, the Entities tab shows where the current entity is mentioned in the
corpus, a row opens that document, and merge and split work across documents. Real
widgets, real keys, real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import make_window, on_modal, shift_select
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from annotator.corpus import layout
from annotator.gui import settings

TEXTS = {
    "a.txt": "Deutschland bezahlt zwei Patriot-Systeme.\n",
    "b.txt": "Die Hilfe Deutschlands wächst.\n",
    "c.txt": "Die BRD liefert Panzer.\n",
}


@pytest.fixture
def window(qtbot, dialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    sources = tmp_path / "in"
    sources.mkdir()
    for name, text in TEXTS.items():
        (sources / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a, **_k: str(tmp_path / "corpus")))
    settings.put("annotator_name", "Ana")
    window = make_window(qtbot)
    window.main_menu.new_corpus_action.trigger()
    assert window.corpus.add_documents([str(sources)])
    return window


def tag_and_save(qtbot, window, doc_id: str, word: str) -> None:
    assert window.corpus.open_document(doc_id)
    text = window.annotated.document.text
    shift_select(qtbot, window, text.index(word), len(word))
    qtbot.keyClick(window.view, "1")  # the first tag: actor
    qtbot.keyClick(window.view, "s", Qt.KeyboardModifier.ControlModifier)
    assert not window.files.is_modified


def test_the_entities_tab_shows_the_corpus_and_opens_a_document(qtbot, window):
    first, second = "a", "b"
    tag_and_save(qtbot, window, first, "Deutschland")
    tag_and_save(qtbot, window, second, "Deutschlands")
    # The second document's "Deutschlands" is the first one's entity.
    assert [a.entity for a in window.annotated.annotations] == ["place-deutschland"]
    dock, panel = window.entity_dock, window.corpus.mentions_panel
    dock.show()
    dock.raise_()
    dock.select_entity("place-deutschland")
    assert panel.isVisible()
    assert panel.tree.topLevelItemCount() == 2
    assert "2 mentions in 2 documents" in panel.title.text()
    rows = {panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole):
            panel.tree.topLevelItem(i).text(2) for i in range(2)}
    assert rows == {first: "1", second: "1"}
    # A row opens its document with the entity chosen.
    item = next(panel.tree.topLevelItem(i) for i in range(2)
                if panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == first)
    panel.tree.itemActivated.emit(item, 0)
    assert window.corpus.current_document() == first
    assert dock.current_entity() == "place-deutschland"


def test_merge_and_split_across_documents(qtbot, window):
    first, third = "a", "c"
    second = "b"
    tag_and_save(qtbot, window, third, "BRD")
    tag_and_save(qtbot, window, first, "Deutschland")
    tag_and_save(qtbot, window, second, "Deutschlands")
    dock, panel = window.entity_dock, window.corpus.mentions_panel
    dock.select_entity("place-deutschland")

    def choose_brd(box: QInputDialog) -> None:
        assert "place-brd" in box.textValue() or box.comboBoxItems() == ["BRD (place-brd)"]
        box.setTextValue("BRD (place-brd)")
        box.accept()

    asked = on_modal(QInputDialog, choose_brd)
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert asked
    corpus = window.corpus.corpus
    assert "place-brd" not in corpus.entities()
    third_file = layout.annotations_path(corpus.root, third, "Ana")
    assert b"place-brd" not in third_file.read_bytes()
    assert b"#place-deutschland" in third_file.read_bytes()
    assert panel.tree.topLevelItemCount() == 3
    assert "merged" in window.statusBar().currentMessage().lower()

    # Split the third document's mentions off again, under a new name.
    for i in range(panel.tree.topLevelItemCount()):
        item = panel.tree.topLevelItem(i)
        item.setSelected(item.data(0, Qt.ItemDataRole.UserRole) == third)

    def name_it(box: QInputDialog) -> None:
        box.setTextValue("Bundesrepublik (alt)")
        box.accept()

    on_modal(QInputDialog, name_it)
    qtbot.mouseClick(panel.split_button, Qt.MouseButton.LeftButton)
    assert "place-bundesrepublik-alt" in corpus.entities()
    assert b"#place-bundesrepublik-alt" in third_file.read_bytes()
    assert corpus.mentions_of("place-deutschland") == [(first, "ana", 1), (second, "ana", 1)]
    assert corpus.check() == []


def test_merging_asks_to_save_first_and_nothing_changes_when_cancelled(qtbot, window):
    first, third = "a", "c"
    tag_and_save(qtbot, window, third, "BRD")
    tag_and_save(qtbot, window, first, "Deutschland")
    window.entity_dock.select_entity("place-deutschland")
    before = (window.corpus.corpus.root / "entities.xml").read_bytes()
    on_modal(QInputDialog, lambda box: box.reject())
    qtbot.mouseClick(window.corpus.mentions_panel.merge_button, Qt.MouseButton.LeftButton)
    assert (window.corpus.corpus.root / "entities.xml").read_bytes() == before
