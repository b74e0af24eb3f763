"""How the view shows the text's own signs: the DTA's double hyphen "⸗" and the places
where the source leaves text out (``<gap/>``)."""

from __future__ import annotations

from gui_helpers import make_window, put_cursor, shift_select, spans
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QRawFont, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.gui.textview import GAP_COLOR

DOUBLE_HYPHEN = "\u2e17"  # "⸗", the DTA's hyphen (München⸗Kräz, Battallions⸗Fahnen)


def glyphs_of_block(view, offset: int) -> list[tuple[QRawFont, int]]:
    """(font, glyph index) of every glyph the view lays out for the block at ``offset``."""
    block = view.document().findBlock(view.positions.to_qt(offset))
    view.document().documentLayout().blockBoundingRect(block)  # laid out
    layout = block.layout()
    return [(run.rawFont(), index) for i in range(layout.lineCount())
            for run in layout.lineAt(i).glyphRuns() for index in run.glyphIndexes()]


def test_the_double_hyphen_has_a_glyph_in_the_view(qtbot, dialogs, tmp_path):
    """It showed as a box: no installed font had U+2E17. The system-package step installs
    one (fonts-noto-core, whose Noto Serif is then also the reading font); every glyph
    of the line, "⸗" included, comes from a font that has its character."""
    path = tmp_path / "brief.txt"
    path.write_text(f"die Schlacht bei München{DOUBLE_HYPHEN}Kräz, sämtliche "
                    f"Battallions{DOUBLE_HYPHEN}Fahnen\n", encoding="utf-8")
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    glyphs = glyphs_of_block(window.view, 0)
    fonts_with_it = [font for font, _ in glyphs
                     if font.supportsCharacter(ord(DOUBLE_HYPHEN))]
    assert fonts_with_it, (
        f"no font shows U+2E17 (the view's font is {window.view.font().family()!r}, "
        f"the line's {sorted({font.familyName() for font, _ in glyphs})}): "
        "`make sysdeps` installs one (fonts-noto-core)")
    assert all(index != 0 for _, index in glyphs)  # glyph 0 is the missing-glyph box


LETTER_WITH_GAPS = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Brief</title></titleStmt>
  <publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body>
    <p>sie mussten <gap reason="illegible"/> gefahren werden oder kamen ins Lazareth</p>
    <p>zuvorgekommen <gap reason="illegible"/>, so wenn wir Mu<gap/>ter sahen</p>
  </body></text>
</TEI>
"""


def open_letter(qtbot, tmp_path):
    path = tmp_path / "brief.xml"
    path.write_text(LETTER_WITH_GAPS, encoding="utf-8")
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    return window, path


def test_a_gap_shows_as_a_muted_omission_sign_with_a_tooltip(qtbot, dialogs, tmp_path):
    """A <gap/> was drawn as a thin upright line in the text, like a stray text cursor.
    It is shown as "[…]" in a muted colour, between the words where it stands, and its
    tooltip says what it is; the document's text does not change."""
    window, _ = open_letter(qtbot, tmp_path)
    view = window.view
    text = window.annotated.document.text
    assert text.startswith("sie mussten gefahren werden")  # the model has no sign
    shown = view.document().toPlainText()
    assert "sie mussten […] gefahren werden" in shown
    assert "zuvorgekommen […], so wenn wir Mu[…]ter sahen" in shown
    assert not view.margin.isVisible()  # gaps need no margin: the sign is in the text
    # Muted: the sign's colour is not the text's.
    sign = shown.index("[…]")
    cursor = QTextCursor(view.document())
    cursor.setPosition(sign + 1)
    assert cursor.charFormat().foreground().color() == GAP_COLOR
    cursor.setPosition(sign - 2)
    assert cursor.charFormat().foreground().color() != GAP_COLOR
    # The tooltip over the sign names it; over a word it does not.
    cursor.setPosition(sign + 1)
    point = view.cursorRect(cursor).center()
    tips = []
    for at in (view.cursorRect(QTextCursor(view.document())).center() + QPoint(3, 0), point):
        QApplication.sendEvent(view.viewport(), QHelpEvent(
            QEvent.Type.ToolTip, at, view.viewport().mapToGlobal(at)))
        tips.append(QToolTip.text())
    assert tips == ["", "Gap in the source: text left out (illegible)"]
    assert view.offset_at(point) is None  # a click there selects nothing


def test_text_around_a_gap_is_selected_tagged_copied_and_saved_as_it_is(
        qtbot, dialogs, tmp_path):
    window, path = open_letter(qtbot, tmp_path)
    view = window.view
    text = window.annotated.document.text
    # Select "mussten gefahren" across the sign and tag it: the model range is the text's.
    start = text.index("mussten")
    # (Shift+Right steps over the sign at once, as over one character.)
    shift_select(qtbot, window, start, len("mussten gefahren") + 1)
    assert view.textCursor().selectedText() == "mussten […] gefahren"
    assert view.selected_model_range() == (start, start + len("mussten gefahren"))
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "mussten gefahren"
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert spans(window) == [("mussten gefahren", "weapon")]
    # A word right after a gap: its highlight starts after the sign, and one that ends
    # at a gap ends before it.
    after = text.index("gefahren")
    shift_select(qtbot, window, after, len("gefahren"))
    assert view.textCursor().selectedText() == "gefahren"
    qtbot.keyClick(view, Qt.Key.Key_1)
    rect = view.range_rects(after, after + len("gefahren"))[0]
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(after))
    assert abs(rect.left() - view.cursorRect(cursor).left()) <= 1
    ends_at_gap = view.range_rects(start, after)
    cursor.setPosition(view.positions.to_qt(after) - len("[…] "))
    sign_left = view.cursorRect(cursor).left()
    assert all(r.right() <= sign_left + 1 for r in ends_at_gap)
    # Saved: the file keeps its gaps, and the annotation points at the text's offsets.
    assert window.files.save_to(path)
    saved = path.read_text(encoding="utf-8")
    assert saved.count("<gap") == 3 and "[…]" not in saved
    window.close()  # one window per document: the fresh one must not just raise it
    again = make_window(qtbot)
    assert again.files.open_path(path, ask=False)
    assert sorted(spans(again)) == [("gefahren", "actor"), ("mussten gefahren", "weapon")]


def caret_walk(qtbot, view, key: Qt.Key, presses: int,
               modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> list[int]:
    """The Qt position of the caret after each of ``presses`` presses of ``key``."""
    walked = []
    for _ in range(presses):
        qtbot.keyClick(view, key, modifier)
        walked.append(view.textCursor().position())
    return walked


def test_the_caret_and_the_selection_cross_a_gap_sign_in_one_step(qtbot, dialogs, tmp_path):
    """The sign "[…]" is the view's, not the text's: Right and Left (with Shift too) cross
    it in one step, as one character. The caret stood between its characters, and it
    took four presses of Right to get past "[…] " with nothing of the text selected."""
    window, _ = open_letter(qtbot, tmp_path)
    view = window.view
    text = window.annotated.document.text
    signs = view.positions.gap_signs()
    inside = {p for _, start, end in signs for p in range(start + 1, end)}
    # "sie mussten […] gefahren": from the space before the sign to the "g" after it.
    offset, start, end = signs[0]
    assert view.document().toPlainText()[start:end] == "[…] "
    put_cursor(window, offset - 1)
    right = Qt.Key.Key_Right
    assert caret_walk(qtbot, view, right, 3) == [start, end, end + 1]
    assert caret_walk(qtbot, view, Qt.Key.Key_Left, 3) == [end, start, start - 1]
    # Inside a word ("Mu[…]ter") and before a comma ("zuvorgekommen […], so") alike.
    for phrase, sign in (("Muter", "Mu[…]ter"), ("zuvorgekommen ,", "zuvorgekommen […],")):
        put_cursor(window, text.index(phrase))
        walked = caret_walk(qtbot, view, right, len(phrase) + 1)
        assert not inside & set(walked)
        assert view.document().toPlainText()[walked[0] - 1:walked[-1]] == sign
    # Shift+Right selects the sign whole with the next character; Shift+Left takes it
    # back in one step.
    put_cursor(window, text.index("mussten"))
    walked = caret_walk(qtbot, view, right, len("mussten g") + 1, Qt.KeyboardModifier.ShiftModifier)
    assert not inside & set(walked)
    assert view.textCursor().selectedText() == "mussten […] g"
    caret_walk(qtbot, view, Qt.Key.Key_Left, 2, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().selectedText() == "mussten "
    # Word steps and a caret put inside the sign (a click there) end up beside it.
    put_cursor(window, 0)
    walked = caret_walk(qtbot, view, right, 12, Qt.KeyboardModifier.ControlModifier)
    assert not inside & set(walked)
    cursor = view.textCursor()
    cursor.setPosition(start + 2)
    view.setTextCursor(cursor)
    assert view.textCursor().position() in (start, end)
