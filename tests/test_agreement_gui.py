"""Corpus ▸ Agreement… driven in the window on a real corpus folder that two annotators
saved (tests/test_agreement_corpus.py makes it through the corpus's own sessions)."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import make_window
from PySide6.QtCore import Qt
from test_agreement_corpus import two_annotator_corpus

from annotator.gui import settings
from annotator.gui.agreement_view import AgreementDialog


@pytest.fixture
def agreement_window(qtbot, tmp_path: Path, dialogs):
    folder = two_annotator_corpus(tmp_path)
    settings.put("annotator_name", "Ana")
    window = make_window(qtbot)
    assert window.corpus.open_corpus(str(folder))
    assert window.main_menu.agreement_action.isEnabled()
    return window


def _shown(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_the_agreement_window_shows_the_measures_and_opens_a_disagreement(
        qtbot, agreement_window):
    window = agreement_window
    window.main_menu.agreement_action.trigger()
    dialog = window.findChild(AgreementDialog, "agreementDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    rows = _shown(dialog.measures)
    assert [r[0] for r in rows] == ["All tags", "Actor", "Commitment", "Weapon"]
    weapon = rows[3]
    assert weapon[1] == "3" and weapon[4] == "0.000" and weapon[5] == "0.667"
    fields = {r[0]: r for r in _shown(dialog.fields)}
    assert fields["Item"][2] == "0.000" and fields["Donor"][2] == "1.000"
    assert "2 documents annotated by all of them; 1 skipped" in dialog.note.text()
    assert dialog.annotator_list.count() == 2
    # the disagreements: document, text, what each said
    said = _shown(dialog.disagreements)
    header = [dialog.disagreements.horizontalHeaderItem(c).text() for c in range(4)]
    assert header == ["Document", "Text", "What ana said", "What bo said"]
    drones = next(r for r in said if r[1] == "Drohnen")
    assert drones[2] == "nothing" and drones[3] == "Weapon «Drohnen»"
    assert any(r[2] == "Item: Patriot-Systeme" and r[3] == "Item: zwei Patriot-Systeme"
               for r in said)
    # a click opens the document at that place
    row = said.index(drones)
    dialog.disagreements.setCurrentCell(row, 1)
    rect = dialog.disagreements.visualItemRect(dialog.disagreements.item(row, 1))
    qtbot.mouseClick(dialog.disagreements.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    text = window.annotated.document.text
    assert window.view.selected_model_range() == (text.index("Drohnen"),
                                                  text.index("Drohnen") + len("Drohnen"))
    # Enter on another row goes there too
    other = next(k for k, r in enumerate(said) if r[1] == "Boris Pistorius")
    dialog.disagreements.setCurrentCell(other, 0)
    dialog.disagreements.setFocus()
    qtbot.keyClick(dialog.disagreements, Qt.Key.Key_Return)
    start = text.index("Boris Pistorius")
    assert window.view.selected_model_range() == (start, start + len("Boris Pistorius"))
    # one document's figures
    dialog.scope.setCurrentIndex(2)
    assert _shown(dialog.measures)[0][0] == "All tags"
    assert dialog.scope.currentData() in dialog.report.documents
    dialog.close()


def test_ticking_fewer_than_two_annotators_says_so_and_computes_nothing(
        qtbot, agreement_window):
    window = agreement_window
    dialog = window.corpus.show_agreement()
    qtbot.addWidget(dialog)
    before = dialog.report
    dialog.annotator_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    with qtbot.assertNotEmitted(dialog.computeRequested):
        dialog.compute_button.click()
    assert dialog.note.text() == "Tick two or more annotators."
    assert dialog.report is before
    dialog.annotator_list.item(1).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.computeRequested):
        dialog.compute_button.click()
    assert dialog.report is not before and dialog.report.annotators == ["ana", "bo"]
    dialog.close()


def test_a_corpus_with_one_annotator_is_a_clear_message(qtbot, tmp_path, dialogs):
    from annotator.corpus import Corpus

    corpus = Corpus.create(tmp_path / "alone")
    (tmp_path / "a.txt").write_text("Polen liefert.\n", encoding="utf-8")
    corpus.add([tmp_path / "a.txt"], "Ana")
    window = make_window(qtbot)
    assert window.corpus.open_corpus(str(corpus.root))
    assert window.corpus.show_agreement() is None
    assert dialogs.errors and "two or more annotators" in dialogs.errors[-1]


def test_a_broken_file_is_named_and_its_document_left_out(qtbot, agreement_window, dialogs):
    window = agreement_window
    corpus = window.corpus.corpus
    doc_id = next(d for d in corpus.document_ids()
                  if len(corpus.annotators_of(d)) == 2)
    (corpus.root / "documents" / doc_id / "annotations" / "bo.xml").write_bytes(b"<TEI>")
    dialog = window.corpus.show_agreement()
    qtbot.addWidget(dialog)
    assert dialogs.errors and "bo.xml" in dialogs.errors[-1]
    assert doc_id not in dialog.report.documents
    dialog.close()
