"""A long document opens and stays editable (speed is measured by benchmarks, not here)."""

from __future__ import annotations

import random

from gui_helpers import Dialogs, make_window, shift_select
from PySide6.QtCore import Qt

from annotator.files import save_document
from annotator.model import AnnotatedDocument, Annotation, Document

WORDS = ("Patriot", "Ukraine", "NATO", "Raketen", "Milliarden", "Verteidigung", "und",
         "die", "der", "Pistorius", "Hegseth", "liefern", "Systeme", "Frist")


def big_document(paragraphs: int = 5000, annotations: int = 20000) -> AnnotatedDocument:
    rng = random.Random(7)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))) + "."
             for _ in range(paragraphs)]
    document = Document.from_paragraphs(texts)
    tags = ("actor", "weapon", "commitment")
    anns, seen = [], set()
    while len(anns) < annotations:
        para = document.paragraphs[rng.randrange(paragraphs)]
        start = rng.randrange(para.start, para.end - 10)
        end = min(para.end, start + rng.randint(3, 40))
        key = (start, end, tags[len(anns) % 3])
        if key in seen:
            continue
        seen.add(key)
        anns.append(Annotation(f"a{len(anns) + 1}", key[2], start, end))
    return AnnotatedDocument.create(document, annotations=anns)


def test_big_document_opens_and_an_edit_works(qtbot, monkeypatch, tmp_path):
    Dialogs().install(monkeypatch)
    path = tmp_path / "big.xml"
    save_document(big_document(), path, "tester")
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    assert len(window.annotated.annotations) == 20000
    assert window.dock.table.model().rowCount() == 20000
    qtbot.wait(50)  # let the highlighter and the first paint run
    last = window.annotated.document.paragraphs[-1]
    shift_select(qtbot, window, last.start, 12)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    assert len(window.annotated.annotations) == 20001
    assert window.dock.table.model().rowCount() == 20001
    window.view.viewport().repaint()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.annotated.annotations) == 20000
