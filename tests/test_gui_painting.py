"""Annotations are painted for the visible blocks only, and the list sorts and filters
itself: what the window does on a long document (speed itself is measured by
``make bench``, not here)."""

from __future__ import annotations

import random

from gui_helpers import Dialogs, make_active, make_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.files import save_document
from annotator.gui import style
from annotator.gui.annotation_list import POSITION, TEXT, AnnotationTableModel
from annotator.gui.textview import AnnotationView
from annotator.model import AnnotatedDocument, Annotation, Document, edits

WORDS = ("Patriot", "Ukraine", "NATO", "Raketen", "Milliarden", "und", "die", "Systeme")


def long_document(paragraphs: int = 3000) -> AnnotatedDocument:
    rng = random.Random(11)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 60))) + "."
             for _ in range(paragraphs)]
    document = Document.from_paragraphs(texts)
    anns = []
    for para in document.paragraphs:
        # one span at the start of every paragraph, so any screen shows some
        anns.append(Annotation(f"a{len(anns) + 1}", ("actor", "weapon")[len(anns) % 2],
                               para.start, para.start + 5))
    return AnnotatedDocument.create(document, annotations=anns)


def colours_near(view: AnnotationView, offset: int) -> set[str]:
    """Colours painted around the first character at model ``offset``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(offset))
    view.setTextCursor(cursor)
    rect = view.cursorRect(cursor)
    image = view.viewport().grab().toImage()
    return {image.pixelColor(x, y).name() for x in range(rect.left() + 1, rect.left() + 30)
            for y in range(rect.top() + 1, rect.bottom())}


def test_only_visible_blocks_are_painted_and_scrolling_paints_the_new_ones(
        qtbot, monkeypatch, tmp_path):
    Dialogs().install(monkeypatch)
    path = tmp_path / "long.xml"
    save_document(long_document(), path, "tester")
    asked: list[int] = []
    spans_of = AnnotationView.block_spans
    monkeypatch.setattr(AnnotationView, "block_spans",
                        lambda self, block: asked.append(block.blockNumber())
                        or spans_of(self, block))
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    view = window.view
    view.viewport().repaint()
    # opening and the first screen ask about a screenful of blocks, not 6,000
    assert 0 < len(set(asked)) < 100
    first = window.annotated.document.paragraphs[0]
    assert style.background_color("#f4a261").name() in colours_near(view, first.start + 1)
    # jump to the end: the blocks now shown are painted with their annotations
    asked.clear()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.viewport().repaint()
    assert asked and min(asked) > 5000
    last = window.annotated.document.paragraphs[-1]
    tag = window.annotated.annotations.overlapping(last.start, last.start + 1)[0].tag
    colour = window.annotated.tagset[tag].color
    assert style.background_color(colour).name() in colours_near(view, last.start + 1)
    # an edit there repaints it at once, without re-highlighting anything
    window.view.set_selected_annotation(
        window.annotated.annotations.overlapping(last.start, last.start + 1)[0].id)
    make_active(qtbot, window)  # Delete is the window's shortcut
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert style.background_color(colour).name() not in colours_near(view, last.start + 1)


def test_the_list_filters_and_sorts_while_it_is_edited(qtbot):
    doc = long_document(200)
    store = doc.annotations
    model = AnnotationTableModel()
    model.set_document(doc)
    model.set_filter("weapon", "")
    assert model.rowCount() == 100
    assert {model.annotation_at(r).tag for r in range(model.rowCount())} == {"weapon"}
    para = doc.document.paragraphs[10]
    added = edits.add(store, [(para.start + 6, para.start + 12, "weapon"),
                              (para.start + 13, para.start + 19, "actor")])
    added.apply(store)
    assert model.rowCount() == 101  # the actor is filtered out, the weapon is in
    weapon = next(a for a in added.after if a.tag == "weapon")
    actor = next(a for a in added.after if a.tag == "actor")
    assert model.row_of(weapon.id) is not None and model.row_of(actor.id) is None
    edits.retag(store, [actor.id], "weapon").apply(store)
    assert model.row_of(actor.id) is not None and model.rowCount() == 102
    model.set_filter(None, "")
    assert model.rowCount() == len(store)
    # by text: case-insensitively, then by position
    model.sort(TEXT, Qt.SortOrder.AscendingOrder)
    folded = [model.folded_text(model.annotation_at(r)) for r in range(model.rowCount())]
    assert folded == sorted(folded)
    starts = [model.annotation_at(r).start for r in range(model.rowCount())
              if model.folded_text(model.annotation_at(r)) == folded[0]]
    assert starts == sorted(starts)
    model.sort(POSITION, Qt.SortOrder.DescendingOrder)
    starts = [model.annotation_at(r).start for r in range(model.rowCount())]
    assert starts == sorted(starts, reverse=True)
    assert model.annotation_at(model.row_of(weapon.id)).id == weapon.id
    edits.remove(store, [weapon.id]).apply(store)
    assert model.row_of(weapon.id) is None and model.rowCount() == len(store)
    # a new document under the same sort: sorted (and folded) afresh
    model.sort(TEXT, Qt.SortOrder.AscendingOrder)
    other = long_document(50)
    model.set_document(other)
    folded = [model.folded_text(model.annotation_at(r)) for r in range(model.rowCount())]
    assert len(folded) == len(other.annotations) and folded == sorted(folded)
