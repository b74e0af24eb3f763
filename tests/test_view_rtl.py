"""Right-to-left text (Arabic, Hebrew): paragraphs flush right, and selection, highlights
and underlines on the glyphs of the characters meant, also on lines that mix both
directions."""

from __future__ import annotations

from gui_helpers import make_active, make_window, shift_select, spans
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.gui import style

ARABIC_TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ar">
  <teiHeader><fileDesc><titleStmt><title>مقالة</title></titleStmt>
  <publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body>
    <p>ذهب الرجل إلى السوق في الصباح الباكر واشترى خبزا وتمرا وزيتونا ثم عاد إلى بيته \
في المساء وجلس مع أولاده يحدثهم عن رحلته الطويلة وعن الناس الذين لقيهم في الطريق</p>
    <p>قال الرئيس Emmanuel Macron في عام 2023 إن السلام ممكن</p>
    <p>An English paragraph in the same document stays flush left.</p>
  </body></text>
</TEI>
"""

HEBREW = "בראשית ברא אלהים את השמים ואת הארץ והארץ היתה תהו ובהו וחשך על פני תהום\n"


def select_with_keys(qtbot, window, start: int, count: int) -> None:
    """Put the cursor before model ``start`` and press Shift+Left ``count`` times: in a
    right-to-left line, Left is the way the text goes on."""
    shift_select(qtbot, window, start, 0)
    for _ in range(count):
        qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)


def open_text(qtbot, tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    return window, path


def lines_of(view, offset: int):
    """The laid-out lines of the block holding model ``offset``."""
    block = view.document().findBlock(view.positions.to_qt(offset))
    view.document().documentLayout().blockBoundingRect(block)  # laid out
    layout = block.layout()
    return [layout.lineAt(i) for i in range(layout.lineCount())]


def char_colours(view, offset: int) -> set[str]:
    """Colours painted over the glyph of the character at model ``offset`` (inside a
    word: between the two cursor places that enclose it, whichever way it runs)."""
    q = view.positions.to_qt(offset)
    block = view.document().findBlock(q)
    layout = block.layout()
    local = q - block.position()
    line = layout.lineForTextPosition(local)
    a, b = sorted((line.cursorToX(local)[0], line.cursorToX(local + 1)[0]))
    top = (view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
           + layout.position().y() + line.y())
    x0 = layout.position().x()
    image = view.viewport().grab().toImage()
    return {image.pixelColor(x, y).name()
            for x in range(int(x0 + a) + 1, int(x0 + b))
            for y in range(int(top) + 2, int(top + line.height()) - 1)}


def boundary_point(view, offset: int) -> QPoint:
    """Viewport point where the cursor stands before model ``offset`` (mid-line)."""
    q = view.positions.to_qt(offset)
    block = view.document().findBlock(q)
    layout = block.layout()
    line = layout.lineForTextPosition(q - block.position())
    top = (view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
           + layout.position().y() + line.y())
    return QPoint(round(layout.position().x() + line.cursorToX(q - block.position())[0]),
                  int(top + line.height() / 2))


def word_middle(text: str, word: str, n: int = 0) -> int:
    at = -1
    for _ in range(n + 1):
        at = text.index(word, at + 1)
    return at + len(word) // 2


def test_right_to_left_paragraphs_end_at_the_right_edge(qtbot, dialogs, tmp_path):
    """Every paragraph was flush left. Now the lines of an Arabic or Hebrew paragraph
    (by its first strong character) end at the right edge of the column, the last line
    of a long one too; an English paragraph in the same document still begins at the
    left edge."""
    window, _ = open_text(qtbot, tmp_path, "maqala.xml", ARABIC_TEI)
    view = window.view
    text = window.annotated.document.text
    long_lines = lines_of(view, 0)
    assert len(long_lines) >= 2  # it wraps: the last line is short
    for offset in (0, text.index("قال")):
        for line in lines_of(view, offset):
            assert abs(line.naturalTextRect().right() - (line.x() + line.width())) <= 2
            assert line.naturalTextRect().left() > line.x() or line is not long_lines[-1]
    last = long_lines[-1].naturalTextRect()
    assert last.left() > long_lines[-1].x() + 20  # short, and flush right
    english = lines_of(view, text.index("An English"))
    assert abs(english[0].naturalTextRect().left() - english[0].x()) < 1
    window.close()
    hebrew, _ = open_text(qtbot, tmp_path, "bereshit.txt", HEBREW)
    for line in lines_of(hebrew.view, 0):
        assert abs(line.naturalTextRect().right() - (line.x() + line.width())) <= 2
    assert lines_of(hebrew.view, 0)[-1].naturalTextRect().left() > lines_of(
        hebrew.view, 0)[-1].x() + 20


def test_left_to_right_documents_are_laid_out_as_before(qtbot, dialogs, tmp_path):
    """No right-to-left paragraph: left aligned, ragged right edge (not justified)."""
    window, _ = open_text(qtbot, tmp_path, "brief.txt",
                          "Über die Straße gehen wir langsam, und dann " * 6 + "\n"
                          "Ein Satz mit einem arabischen Wort سلام darin.\n")
    view = window.view
    assert view.document().defaultTextOption().alignment() == Qt.AlignmentFlag.AlignLeft
    first = lines_of(view, 0)[0]
    assert first.naturalTextRect().left() == first.x()
    assert first.naturalTextRect().right() < first.x() + first.width() - 0.5 or (
        first.naturalTextWidth() == first.width())


def test_an_arabic_word_selected_with_keys_and_mouse_is_annotated_exactly(
        qtbot, dialogs, tmp_path):
    """Shift+Left (the way Arabic goes on) and a drag from the word's first
    letter (at its right) to its last select exactly the word; the annotation's text,
    the saved pointer and the reopened file say the same word."""
    window, path = open_text(qtbot, tmp_path, "maqala.xml", ARABIC_TEI)
    view = window.view
    text = window.annotated.document.text
    start = text.index("السوق")
    select_with_keys(qtbot, window, start, len("السوق"))
    assert view.textCursor().selectedText() == "السوق"
    assert view.selected_model_range() == (start, start + len("السوق"))
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert spans(window) == [("السوق", "actor")]
    # With the mouse: press where the word begins (its right edge), drag to its end.
    # On a wrapped line: there Qt's own hit test (QTextLine.xToCursor) answered a place
    # a space's width to the left, and the drag selected "لرجل " (the view corrects it).
    word = text.index("الرجل")
    assert lines_of(view, 0)[0].textLength() > word + 10
    begin = boundary_point(view, word)
    end = boundary_point(view, word + len("الرجل"))
    assert end.x() < begin.x()  # right to left
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=begin)
    qtbot.mouseMove(view.viewport(), QPoint((begin.x() + end.x()) // 2, end.y()))
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert view.selected_model_range() == (word, word + len("الرجل"))
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert sorted(spans(window)) == sorted([("السوق", "actor"), ("الرجل", "weapon")])
    assert window.files.save_to(path)
    saved = path.read_text(encoding="utf-8")
    original = ARABIC_TEI
    # Insertions only: the original's characters all there, in order.
    it = iter(saved)
    assert all(ch in it for ch in original)
    window.close()
    again = make_window(qtbot)
    assert again.files.open_path(path, ask=False)
    assert sorted(spans(again)) == sorted([("السوق", "actor"), ("الرجل", "weapon")])
    store = again.annotated.annotations
    assert sorted((a.start, a.end) for a in store) == sorted([
        (word, word + len("الرجل")), (start, start + len("السوق"))])


def test_highlights_cover_the_glyphs_of_their_characters_on_mixed_lines(
        qtbot, dialogs, tmp_path):
    """A span "الرئيس Emmanuel" in an Arabic line runs from the Arabic word (right) into
    the English name, whose first word stands at the far side of the name: "Macron",
    between them on screen, is not in the span and must stay unpainted (one rectangle
    from end to end painted it and left "Emmanuel" bare)."""
    window, _ = open_text(qtbot, tmp_path, "maqala.xml", ARABIC_TEI)
    view = window.view
    text = window.annotated.document.text
    start = text.index("الرئيس")
    make_active(qtbot, window)
    view.select_model_range(start, start + len("الرئيس Emmanuel"))
    assert view.textCursor().selectedText() == "الرئيس Emmanuel"
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert spans(window) == [("الرئيس Emmanuel", "actor")]
    # An Arabic word alone, further on the line, and one overlapping it (a lane below).
    select_with_keys(qtbot, window, text.index("السلام"), len("السلام"))
    qtbot.keyClick(view, Qt.Key.Key_2)
    view.clear_selection()
    view.setTextCursor(QTextCursor(view.document()))  # no selection over the colours
    actor = style.background_color(window.annotated.tagset["actor"].color).name()
    weapon = style.background_color(window.annotated.tagset["weapon"].color).name()
    assert actor in char_colours(view, word_middle(text, "الرئيس"))
    assert actor in char_colours(view, word_middle(text, "Emmanuel"))
    assert actor not in char_colours(view, word_middle(text, "Macron"))
    assert actor not in char_colours(view, word_middle(text, "قال"))
    assert weapon in char_colours(view, word_middle(text, "السلام"))
    for neighbour in ("إن", "ممكن"):
        assert weapon not in char_colours(view, word_middle(text, neighbour))
    # The rectangles are where the glyphs are: two stretches on the line.
    rects = view.range_rects(start, start + len("الرئيس Emmanuel"))
    assert len(rects) == 2
    q = view.positions.to_qt(text.index("Macron"))
    cursor = QTextCursor(view.document())
    cursor.setPosition(q + 3)
    macron = view.cursorRect(cursor).center()
    assert not any(r.contains(QRectF(macron.x(), macron.y(), 1, 1)) for r in rects)


def test_clicking_an_arabic_word_selects_its_annotation(qtbot, dialogs, tmp_path):
    """The click's place is inside the right-aligned line (it was taken as beyond the
    text: the line's left edge plus its width)."""
    window, _ = open_text(qtbot, tmp_path, "maqala.xml", ARABIC_TEI)
    view = window.view
    text = window.annotated.document.text
    start = text.index("ممكن")
    select_with_keys(qtbot, window, start, len("ممكن"))
    qtbot.keyClick(view, Qt.Key.Key_1)
    view.set_selected_annotation(None)
    q = view.positions.to_qt(start + 1)
    block = view.document().findBlock(q)
    line = block.layout().lineForTextPosition(q - block.position())
    a, b = line.cursorToX(q - block.position())[0], line.cursorToX(q - block.position() + 1)[0]
    cursor = QTextCursor(view.document())
    cursor.setPosition(q)
    y = view.cursorRect(cursor).center().y()
    x = int(block.layout().position().x() + (a + b) / 2)
    assert view.offset_at(QPoint(x, y)) == start + 1
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert view.selected_id is not None
    assert window.annotated.annotations.text_of(
        window.annotated.annotations.get(view.selected_id)) == "ممكن"


def test_arabic_and_hebrew_glyphs_render(qtbot, dialogs, tmp_path):
    """Every glyph of an Arabic and a Hebrew line comes from a font that has it (glyph 0
    is the missing-glyph box)."""
    window, _ = open_text(qtbot, tmp_path, "mixed.txt", "السلام عليكم\n\nשלום עולם\n")
    view = window.view
    assert view.document().defaultTextOption().alignment() == Qt.AlignmentFlag.AlignJustify
    for offset in (0, window.annotated.document.text.index("שלום")):
        indexes = [index for line in lines_of(view, offset)
                   for run in line.glyphRuns() for index in run.glyphIndexes()]
        assert indexes and all(index != 0 for index in indexes)


LATIN_FIRST = ARABIC_TEI.replace(
    "<p>قال الرئيس Emmanuel", "<p>(CNN) قال الرئيس Emmanuel")


def test_an_arabic_paragraph_that_begins_with_latin_letters_reads_right_to_left(
        qtbot, dialogs, tmp_path):
    """In a document whose xml:lang is Arabic, "(CNN) قال الرئيس ..." is an Arabic
    paragraph though its first letter is Latin (Qt went by that letter: left to right,
    flush left). The view puts an invisible RIGHT-TO-LEFT MARK before it; the mark is
    no character of the text: not in the annotation, the copy, the saved file."""
    window, path = open_text(qtbot, tmp_path, "cnn.xml", LATIN_FIRST)
    view = window.view
    text = window.annotated.document.text
    assert "\u200f" not in text
    start = text.index("(CNN)")
    for line in lines_of(view, start):
        assert abs(line.naturalTextRect().right() - (line.x() + line.width())) <= 2
    block = view.document().findBlock(view.positions.to_qt(start))
    assert block.textDirection() == Qt.LayoutDirection.RightToLeft
    english = lines_of(view, text.index("An English"))[0]
    assert abs(english.naturalTextRect().left() - english.x()) < 1  # no Arabic: as it is
    # The whole paragraph selected from its start: the model's characters, no mark.
    end = text.index("\n", start)
    make_active(qtbot, window)
    view.select_model_range(start, end)
    assert view.selected_model_range() == (start, end)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == text[start:end]
    qtbot.keyClick(view, Qt.Key.Key_1)
    word = text.index("قال")
    select_with_keys(qtbot, window, word, len("قال"))
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert sorted(spans(window)) == sorted([(text[start:end], "actor"), ("قال", "weapon")])
    assert window.files.save_to(path)
    saved = path.read_text(encoding="utf-8")
    assert "\u200f" not in saved
    window.close()
    again = make_window(qtbot)
    assert again.files.open_path(path, ask=False)
    assert sorted(spans(again)) == sorted([(text[start:end], "actor"), ("قال", "weapon")])


def test_the_right_to_left_mark_takes_no_key_press(qtbot, dialogs, tmp_path):
    """The mark before "(CNN) ..." has no place of its own for the caret: one key press
    from the paragraph's start leaves the paragraph (to the line before), one from the
    line before comes to the paragraph's start, after the mark."""
    window, _ = open_text(qtbot, tmp_path, "cnn.xml", LATIN_FIRST)
    view = window.view
    text = window.annotated.document.text
    start = text.index("(CNN)")
    q = view.positions.to_qt(start)
    make_active(qtbot, window)
    cursor = QTextCursor(view.document())
    cursor.setPosition(q)
    view.setTextCursor(cursor)
    view._caret = q
    cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter)  # as a key would
    view.setTextCursor(cursor)
    assert view.textCursor().position() == q - 2  # the blank line before, past the mark
    cursor = view.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
    view.setTextCursor(cursor)
    assert view.textCursor().position() == q
    assert view.selected_model_range() is None or view.selected_model_range()[0] == start


def test_the_attribute_panel_quotes_right_to_left_text_in_place(qtbot):
    from annotator.gui.bidi import quoted

    # The marks stay outside the word, in the order they are written, whatever its script.
    assert quoted("وقال") == "“\u2068وقال\u2069”"
    assert quoted("Deutschland") == "“Deutschland”"


def test_page_numbers_of_a_right_to_left_text_stand_right_of_it(qtbot, dialogs, tmp_path):
    """Its lines begin on the right: the page numbers stand there, beside the column,
    where a left-to-right text has them on its left."""
    paged = ARABIC_TEI.replace("<p>ذهب", '<pb n="٤٥"/><p>ذهب').replace(
        "<p>قال", '<pb n="46"/><p>قال')
    window, _ = open_text(qtbot, tmp_path, "safha.xml", paged)
    view = window.view
    margin = view.margin
    assert margin.isVisible()
    margin.repaint()  # (painted now: the labels and where they went)
    viewport = view.viewport().geometry()
    assert margin.on_right
    assert margin.geometry().left() >= viewport.right()
    labels = {label for _place, label in margin.drawn}
    assert any("٤٥" in label for label in labels) and any("46" in label for label in labels)
    assert all(0 <= place.left() and place.right() <= margin.width()
               for place, _label in margin.drawn)
    window.close()
    german = ("<?xml version='1.0' encoding='UTF-8'?>\n"
              "<TEI xmlns='http://www.tei-c.org/ns/1.0' xml:lang='de'><teiHeader><fileDesc>"
              "<titleStmt><title>Seite</title></titleStmt><publicationStmt><p>t</p>"
              "</publicationStmt><sourceDesc><p>t</p></sourceDesc></fileDesc></teiHeader>"
              "<text><body><pb n='12'/><p>Der Mann ging am Morgen zum Markt.</p>"
              "</body></text></TEI>\n")
    window, _ = open_text(qtbot, tmp_path, "seite.xml", german)
    margin = window.view.margin
    assert margin.isVisible() and not margin.on_right
    assert margin.geometry().right() <= window.view.viewport().geometry().left()


def test_a_paragraph_in_a_right_to_left_language_reads_right_to_left(qtbot, dialogs,
                                                                     tmp_path):
    """The language of a paragraph (its xml:lang, or an element's around it) decides, not
    only the document's: an Arabic paragraph that begins with Latin letters in a German
    edition reads right to left; an English one in an Arabic edition keeps its direction
    even with an Arabic word in it."""
    tei = ("<?xml version='1.0' encoding='UTF-8'?>\n"
           "<TEI xmlns='http://www.tei-c.org/ns/1.0' xml:lang='{root}'><teiHeader><fileDesc>"
           "<titleStmt><title>t</title></titleStmt><publicationStmt><p>t</p>"
           "</publicationStmt><sourceDesc><p>t</p></sourceDesc></fileDesc></teiHeader>"
           "<text><body>{body}</body></text></TEI>\n")
    german = tei.format(root="de", body=(
        "<p>Ein deutscher Absatz.</p>"
        "<div xml:lang='ar'><p>(CNN) قال الرئيس إن السلام ممكن في هذا العام</p></div>"
        "<p>Noch ein deutscher Absatz mit سلام darin.</p>"))
    window, _ = open_text(qtbot, tmp_path, "zitat.xml", german)
    document = window.annotated.document
    assert document.languages == ("", "ar", "")
    view = window.view
    text = document.text
    arabic = text.index("(CNN)")
    block = view.document().findBlock(view.positions.to_qt(arabic) + 1)
    line = lines_of(view, arabic)[0]
    assert abs(line.naturalTextRect().right() - (line.x() + line.width())) <= 2  # flush right
    assert block.layout().textOption().textDirection() == Qt.LayoutDirection.RightToLeft or \
        block.text().startswith("\u200f")
    last = lines_of(view, text.index("Noch"))[0]
    assert abs(last.naturalTextRect().left() - last.x()) < 1  # German stays flush left
    window.close()
    arabic_edition = tei.format(root="ar", body=(
        "<p>ذهب الرجل إلى السوق</p><p xml:lang='en'>ISBN 978-3 and the word عنوان</p>"))
    window, _ = open_text(qtbot, tmp_path, "kitab.xml", arabic_edition)
    document = window.annotated.document
    assert document.languages == ("", "en")
    english = lines_of(window.view, document.text.index("ISBN"))[0]
    assert abs(english.naturalTextRect().left() - english.x()) < 1


def test_paragraphs_that_begin_with_a_sign_are_looked_at_together_with_the_same_answer():
    # Many paragraphs that begin with a sign (dialogue in quotation marks) have their
    # first characters searched together: the answer is the one of reading each
    # paragraph on to its first strong character, as before.
    import random

    from annotator.gui.bidi import _NOT_A_LETTER, any_paragraph_right_to_left, starts_right_to_left
    from annotator.model.document import Document, Paragraph

    def one_by_one(text: str, paragraphs: list[Paragraph]) -> bool:
        firsts = "".join(text[p.start] for p in paragraphs)
        return any(starts_right_to_left(text, p.start, p.end) for p in paragraphs
                   if _NOT_A_LETTER.match(firsts, paragraphs.index(p)))

    openings = ["»", "„", "— ", "1. ", "(", "² ", "\u200e", "« ", "[…] ", "\u0301",
                "12:30 ", "¿", "· ", " " * 20]
    left = ["Sie sagte", "Zürich", "Ελλάδα", "Москва", "नमस्ते", "東京", "123", "…"]
    right = ["قال الرجل", "שלום", "ܫܠܡܐ"]
    rng = random.Random(20)
    answers = set()
    for _ in range(200):
        lines = [rng.choice(openings) + rng.choice(openings) + rng.choice(left) + " und"
                 for _ in range(rng.choice([40, 80, 200]))]
        lines[0] = "Ein Anfang"  # (a paragraph with a letter first)
        mode = rng.choice(["left", "far", "near", "inside", "mark"])
        if mode != "left":  # one paragraph in a right-to-left script somewhere
            opening = {"far": " " * 20 + "— ", "near": "» ", "inside": "» Er sagte ",
                       "mark": "\u200f(1) "}[mode]
            lines[rng.randrange(1, len(lines))] = opening + rng.choice(right + left)
        text = "\n".join(lines)
        at, paragraphs = 0, []
        for n, line in enumerate(lines):
            paragraphs.append(Paragraph(f"p{n}", at, at + len(line)))
            at += len(line) + 1
        document = Document(text, tuple(paragraphs))
        answer = any_paragraph_right_to_left(document)
        assert answer == one_by_one(text, paragraphs), lines
        answers.add(answer)
    assert answers == {True, False}
