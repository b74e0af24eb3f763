"""The curation view in the window (gui/curation_view.py): opened from the Corpus menu
and from the document list's context menu, disagreements decided with real keys, undo
and redo, the edit dialog, decisions of an earlier session kept and reopened; every
assertion on the curated file as saved, validated. Real corpus folders made through
the Corpus API with two or three annotators' files."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import make_active, make_window, on_modal
from lxml import etree
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from test_curation import TEI, TEXT, annotate, new_document

from annotator.corpus import Corpus, layout
from annotator.corpus.tei_files import corpus_schema
from annotator.gui import settings
from annotator.gui.curation_view import CurationView, EditDialog
from annotator.team.curated_file import Decision


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    settings.put("annotator_name", "Cora")
    return Corpus.create(tmp_path / "corpus", "Lieferungen")


def three_annotators(corpus: Corpus, tmp_path: Path) -> str:
    doc_id = new_document(corpus, tmp_path)
    annotate(corpus, doc_id, "Ana", [("Deutschland", "actor"), ("Patriot-Systeme", "weapon"),
                                     ("Ukraine", "actor"), ("Oslo", "actor")])
    annotate(corpus, doc_id, "Bo", [("Deutschland", "actor"), ("zwei Patriot-Systeme", "weapon"),
                                    ("Norwegen", "actor"), ("Oslo", "actor")])
    annotate(corpus, doc_id, "Cy", [("Deutschland", "actor"), ("Patriot-Systeme", "weapon"),
                                    ("Oslo", "actor"), ("Støre", "actor")])
    return doc_id


def open_view(qtbot, corpus: Corpus, doc_id: str, how: str = "menu"):
    window = make_window(qtbot)
    assert window.corpus.open_corpus(str(corpus.root))
    window.corpus_dock.select_document(doc_id)
    if how == "menu":
        window.main_menu.curate_action.trigger()
    else:
        menu = window.corpus_dock.context_menu(doc_id)
        [curate] = [a for a in menu.actions() if a.objectName() == "curateDocument"]
        curate.trigger()
    view = window.corpus.curation_view
    assert isinstance(view, CurationView)
    qtbot.addWidget(view)
    qtbot.waitExposed(view)
    make_active(qtbot, view)
    return window, view


def saved(corpus: Corpus, doc_id: str, tei_all_schema) -> etree._ElementTree:
    tree = etree.parse(str(layout.curated_path(corpus.root, doc_id)))
    assert corpus_schema().validate(tree), corpus_schema().error_log
    assert tei_all_schema.validate(tree), tei_all_schema.error_log
    return tree


def decisions(tree: etree._ElementTree) -> list[tuple[str, str]]:
    return [(c.get("type"), c.text.strip()) for c in tree.iter(f"{TEI}change")
            if c.get("type") and c.get("type") != "agreed"]


def curated_texts(tree: etree._ElementTree) -> list[tuple[str, str]]:
    found = []
    for ann in tree.iter(f"{TEI}annotation"):
        paragraph, start, length = ann.get("target").split("(")[1].rstrip(")").split(",")
        lines = TEXT.split("\n\n")
        text = lines[int(paragraph[1:]) - 1]
        found.append((text[int(start):int(start) + int(length)],
                      ann.get("ana").split()[0].removeprefix("#cat-")))
    return sorted(found)


def key(qtbot, view: CurationView, which, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(view.list, which, modifier)


def test_deciding_with_keys_undo_redo_and_the_saved_file(qtbot, dialogs, corpus, tmp_path,
                                                          tei_all_schema):
    doc_id = three_annotators(corpus, tmp_path)
    window, view = open_view(qtbot, corpus, doc_id)
    # Opening took what all three agree on, and saved it; the list says so.
    tree = saved(corpus, doc_id, tei_all_schema)
    assert window.corpus_dock.model.team[doc_id].state == "curated"
    assert curated_texts(tree) == [("Deutschland", "actor"), ("Oslo", "actor")]
    text = view.curation.layer.document.text
    store = text.index("Støre")
    assert [view.list.item(i).text().split("  ")[0] for i in range(view.list.count())] == [
        "20–40", "49–56", "58–66", f"{store}–{store + 5}"]
    assert "<b>1</b> Ana" in view.detail.text() and "<b>3</b> Cy" in view.detail.text()
    # 2 takes Bo's "zwei Patriot-Systeme"; the next disagreement is current.
    key(qtbot, view, "2")
    tree = saved(corpus, doc_id, tei_all_schema)
    assert decisions(tree) == [("take", "Took Bo's Weapon “zwei Patriot-Systeme” (20–40)")]
    assert ("zwei Patriot-Systeme", "weapon") in curated_texts(tree)
    assert view.current().start == 49
    # R rejects Ana's "Ukraine"; J and K move; Delete rejects too.
    key(qtbot, view, "r")
    assert view.current().start == 58
    key(qtbot, view, "j")
    assert view.current().start == store
    key(qtbot, view, "k")
    assert view.current().start == 58
    # A click on an annotator's annotation in their lane shows its disagreement.
    lane = view.views[2]  # Cy's
    cursor = QTextCursor(lane.document())
    cursor.setPosition(lane.positions.to_qt(store + 2))
    lane.ensureCursorVisible()
    rect = lane.cursorRect(cursor)
    qtbot.mouseClick(lane.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.left() + 2, rect.center().y()))
    assert view.current().start == store
    view.list.setCurrentRow(0)
    make_active(qtbot, view)
    key(qtbot, view, Qt.Key.Key_Down)  # the arrows move through the list too
    assert view.current().start == store
    key(qtbot, view, Qt.Key.Key_Up)
    assert view.current().start == 58
    key(qtbot, view, Qt.Key.Key_Delete)
    tree = saved(corpus, doc_id, tei_all_schema)
    assert [k for k, _ in decisions(tree)] == ["take", "reject", "reject"]
    # Ctrl+Z takes the last decision back, in the file too; Ctrl+Shift+Z does it again.
    key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    tree = saved(corpus, doc_id, tei_all_schema)
    assert [k for k, _ in decisions(tree)] == ["take", "reject"]
    assert [d.start for d in view.curation.disagreements] == [58, store]
    assert view.current().start == 58  # the undone decision's question is current again
    key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    tree = saved(corpus, doc_id, tei_all_schema)
    assert decisions(tree) == []
    assert curated_texts(tree) == [("Deutschland", "actor"), ("Oslo", "actor")]
    key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.ShiftModifier)
    tree = saved(corpus, doc_id, tei_all_schema)
    assert [k for k, _ in decisions(tree)] == ["take"]
    # Every step is in the file's revisions: who, when, what.
    revisions = [(c.get("who"), c.text) for c in tree.find(f".//{TEI}revisionDesc")]
    assert revisions[-1] == ("#ann-cora", "Took Bo's Weapon “zwei Patriot-Systeme” (20–40)")
    assert any(text.startswith("Undone: ") for _who, text in revisions)
    # The curated lane shows the layer: Bo's weapon is there.
    layer = view.curated_view.annotated.annotations
    assert any(layer.text_of(a) == "zwei Patriot-Systeme" for a in layer)
    # Closing the main window closes the curation view (everything is saved).
    window.close()
    assert not view.isVisible()


def test_edit_with_the_dialog_and_reject_the_rest_until_nothing_is_left(
        qtbot, dialogs, corpus, tmp_path, tei_all_schema):
    doc_id = three_annotators(corpus, tmp_path)
    window, view = open_view(qtbot, corpus, doc_id, how="context menu")
    key(qtbot, view, "j")  # "Ukraine" (Ana's)
    before = layout.curated_path(corpus.root, doc_id).read_bytes()

    def backwards(dialog: EditDialog) -> None:
        dialog.end_spin.setValue(dialog.start_spin.value() - 1)
        assert "no text" in dialog.preview.text()
        dialog.accept()

    assert on_modal(EditDialog, backwards) is not None
    key(qtbot, view, "e")
    assert any("no text to annotate" in e for e in dialogs.errors), dialogs.errors
    assert layout.curated_path(corpus.root, doc_id).read_bytes() == before
    assert view.undo_stack.count() == 0
    make_active(qtbot, view)
    dialogs.errors.clear()

    def edit(dialog: EditDialog) -> None:
        dialog.tag_combo.setCurrentIndex(dialog.tag_combo.findData("actor"))
        dialog.start_spin.setValue(TEXT.index("die Ukraine"))
        assert dialog.preview.text() == "“die Ukraine”"
        dialog.accept()

    seen = on_modal(EditDialog, edit)
    key(qtbot, view, "e")
    assert seen, "no edit dialog"
    make_active(qtbot, view)  # (the offscreen platform does not give it back by itself)
    tree = saved(corpus, doc_id, tei_all_schema)
    assert decisions(tree) == [("edit", "Edited: Actor “die Ukraine” (45–56)")]
    assert ("die Ukraine", "actor") in curated_texts(tree)
    # The edit's author and the annotation it started from are in the file.
    [change] = [c for c in tree.iter(f"{TEI}change") if c.get("type") == "edit"]
    assert change.get("who") == "#ann-cora"
    assert [p.get("target") for p in change.iter(f"{TEI}ptr") if p.get("type") == "taken"] \
        == ["annotations/ana.xml#a3"]
    for _ in range(3):
        key(qtbot, view, "r")
    assert view.curation.disagreements == []
    assert "Nothing to decide" in view.detail.text()
    tree = saved(corpus, doc_id, tei_all_schema)
    assert tree.find(f".//{TEI}revisionDesc").get("status") == "done"
    # Keys that have nothing to act on do nothing (no dialog, no error).
    key(qtbot, view, "2")
    key(qtbot, view, "e")
    assert dialogs.errors == []
    view.close()
    window.close()


def test_decisions_survive_an_annotators_later_edit_and_are_reopened_with_u(
        qtbot, dialogs, corpus, tmp_path, tei_all_schema):
    doc_id = three_annotators(corpus, tmp_path)
    window, view = open_view(qtbot, corpus, doc_id)
    key(qtbot, view, "2")  # Bo's "zwei Patriot-Systeme"
    view.close()
    # Ana changes her work after the decision: her weapon is now "zwei Patriot-Systeme".
    annotate(corpus, doc_id, "Ana", [("zwei Patriot-Systeme", "weapon")],
             remove=("Patriot-Systeme",))
    window.main_menu.curate_action.trigger()
    view = window.corpus.curation_view
    qtbot.addWidget(view)
    make_active(qtbot, view)
    items = [view.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(view.list.count())]
    [decision] = [i for i in items if isinstance(i, Decision)]
    assert decision.description.startswith("Took Bo's Weapon")
    # Ana's changed annotation is a disagreement of its own; the decision stands.
    assert [(c.source.name, c.text) for c in view.curation.disagreements[0].candidates] == [
        ("Ana", "zwei Patriot-Systeme")]
    tree = saved(corpus, doc_id, tei_all_schema)
    assert decisions(tree)[0][0] == "take"
    # U on the decision reopens it (a decision of the earlier session).
    view.list.setCurrentRow(len(items) - 1)
    key(qtbot, view, "u")
    tree = saved(corpus, doc_id, tei_all_schema)
    assert decisions(tree) == []
    assert ("zwei Patriot-Systeme", "weapon") not in curated_texts(tree)
    view.close()
    window.close()


def test_a_document_that_cannot_be_curated_says_why(qtbot, dialogs, corpus, tmp_path):
    doc_id = new_document(corpus, tmp_path)
    annotate(corpus, doc_id, "Ana", [("Oslo", "actor")])
    window = make_window(qtbot)
    assert window.corpus.open_corpus(str(corpus.root))
    window.corpus_dock.select_document(doc_id)
    window.main_menu.curate_action.trigger()
    assert window.corpus.curation_view is None
    assert any("curation needs the files of at least two" in e for e in dialogs.errors), \
        dialogs.errors
    assert not layout.curated_path(corpus.root, doc_id).exists()
    window.close()


def test_a_save_that_fails_is_said_and_closing_asks(qtbot, dialogs, corpus, tmp_path):
    doc_id = three_annotators(corpus, tmp_path)
    window, view = open_view(qtbot, corpus, doc_id)
    path = layout.curated_path(corpus.root, doc_id)
    theirs = path.read_bytes().replace(b"</TEI>", b"</TEI>\n")  # another curator saved
    path.write_bytes(theirs)
    key(qtbot, view, "1")
    assert any("changed" in e for e in dialogs.errors), dialogs.errors
    assert path.read_bytes() == theirs
    assert view.unsaved
    dialogs.answer = dialogs.answer.Cancel
    view.close()
    assert view.isVisible() and dialogs.questions
    # Closing the corpus closes the curation view (asking, as closing it does).
    dialogs.answer = dialogs.answer.Close
    assert window.corpus.close_corpus()
    assert not view.isVisible() and window.corpus.curation_view is None
    window.close()


def test_the_lanes_scroll_together(qtbot, dialogs, corpus, tmp_path):
    long_text = "\n\n".join(f"Absatz {n}: Norwegen liefert ein System an die Ukraine."
                            for n in range(200)) + "\n"
    doc_id = new_document(corpus, tmp_path, long_text)
    annotate(corpus, doc_id, "Ana", [("Absatz 150", "actor")])
    annotate(corpus, doc_id, "Bo", [("Absatz 3", "actor")])
    window, view = open_view(qtbot, corpus, doc_id)
    # Nothing agreed: no curated layer yet, until the first decision.
    assert not layout.curated_path(corpus.root, doc_id).exists()
    assert window.corpus_dock.model.team[doc_id].state != "curated"
    view.reject()
    assert layout.curated_path(corpus.root, doc_id).exists()
    assert window.corpus_dock.model.team[doc_id].state == "curated"
    view.undo_stack.undo()  # (and the undone one is current again)
    lanes = (*view.views, view.curated_view)

    def tops() -> list[int]:
        return [lane.firstVisibleBlock().blockNumber() for lane in lanes]

    text = view.curation.layer.document.text
    assert view.current().start == text.index("Absatz 3")
    start = tops()
    assert start[0] < 10 and len(set(start)) == 1, start
    lanes[1].verticalScrollBar().setValue(lanes[1].verticalScrollBar().maximum() // 2)
    middle = tops()
    assert middle[0] > 50 and len(set(middle)) == 1, middle
    # Moving to a disagreement brings every lane there.
    key(qtbot, view, "j")
    assert view.current().start == text.index("Absatz 150")
    near_the_end = tops()
    assert near_the_end[0] > middle[0] and len(set(near_the_end)) == 1, near_the_end
    key(qtbot, view, "k")
    assert tops() == start
    view.close()
    window.close()
