"""Pieces of the GUI that need no window: positions, lanes, the table model."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QTextDocument

from annotator.gui.annotation_list import AnnotationTableModel
from annotator.gui.labels import LabelPlacer, connector, leader
from annotator.gui.lanes import assign_lanes
from annotator.gui.positions import GAP_SIGN, PositionMap, _has_wide, _has_wide_by_size
from annotator.model import AnnotatedDocument, Annotation, Document, edits
from annotator.model.document import Marker


def utf16_index(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def check_every_offset(pmap: PositionMap, text: str) -> bytes:
    """Each model offset goes to the Qt position of its own character and back; the Qt
    text's UTF-16 units."""
    units = pmap.qt_text.encode("utf-16-le")
    for offset in range(len(text) + 1):
        q = pmap.to_qt(offset)
        assert pmap.to_model(q) == offset
        if offset < len(text):
            char = text[offset].encode("utf-16-le")
            assert units[2 * q:2 * q + len(char)] == char
    return units


@pytest.mark.parametrize("paragraphs", [
    ["plain ascii", "second"],
    ["😀 emoji first", "𝔘nion 𝔘 and 🎉🎉", "no wide here"],
    ["line one\nline 😀 two", "next 𝔘"],  # "\n\n" separator: no blank line inserted
    ["", "x"][1:],
])
def test_positions_round_trip_every_offset(paragraphs):
    document = Document.from_paragraphs(paragraphs)
    pmap = PositionMap(document)
    text = document.text
    qt = QTextDocument(pmap.qt_text)
    # the Qt text is the model text plus one blank line between single-"\n" paragraphs
    assert pmap.qt_text.replace("\n\n", "\n") == text.replace("\n\n", "\n")
    assert qt.characterCount() - 1 == pmap.qt_length
    check_every_offset(pmap, text)
    for offset, char in enumerate(text):
        if len(char.encode("utf-16-le")) == 2 and char != "\n":
            assert qt.characterAt(pmap.to_qt(offset)) == char


@given(st.lists(st.text(alphabet="ab (1)\u05d0\u0628😀", max_size=8), min_size=1, max_size=4),
       st.lists(st.integers(min_value=0, max_value=40), max_size=3))
def test_positions_step_over_right_to_left_marks(paragraphs, gap_offsets):
    """In a right-to-left document a paragraph with Hebrew or Arabic letters that begins
    with a Latin one starts with a RIGHT-TO-LEFT MARK in the Qt text (before the sign of
    a gap there): every model offset still maps to its character, a paragraph's start to
    after the mark, and the mark to no character of the model."""
    document = Document.from_paragraphs(paragraphs)
    text = document.text
    gaps = sorted({min(o, len(text)) for o in gap_offsets})
    document = dataclasses.replace(
        document, metadata=dataclasses.replace(document.metadata, language="he"),
        markers=tuple(Marker(o, "gap", "illegible") for o in gaps))
    pmap = PositionMap(document)
    qt_text = pmap.qt_text
    check_every_offset(pmap, text)
    marked = [p for p in document.paragraphs if p.start < p.end and any(
        c in text[p.start:p.end] for c in "\u05d0\u0628") and not any(
        c in "\u05d0\u0628" for c in text[p.start:p.end].split("a")[0].split("b")[0])]
    assert qt_text.count("\u200f") == pmap.marked_right_to_left == len(marked)
    assert sorted(o for o, _, _ in pmap.gap_signs()) == gaps
    for paragraph in marked:
        q = pmap.to_qt(paragraph.start)
        units = qt_text.encode("utf-16-le", "surrogatepass")[:2 * q]
        before = units.decode("utf-16-le", "surrogatepass").removesuffix(" ").removesuffix(
            GAP_SIGN)
        assert before.endswith("\u200f")
        mark = len(before.encode("utf-16-le", "surrogatepass")) // 2 - 1
        assert pmap.to_model(mark) == paragraph.start and pmap.gap_at(mark) is None


def test_positions_count_surrogate_pairs():
    document = Document.from_paragraphs(["a😀b𝔘c"])
    pmap = PositionMap(document)
    text = document.text
    for offset in range(len(text) + 1):
        assert pmap.to_qt(offset) == utf16_index(text, offset)
    assert pmap.to_model(2) == 2  # inside the emoji's surrogate pair: the next character


def test_positions_blank_line_between_paragraphs():
    document = Document.from_paragraphs(["ab", "cd"])
    pmap = PositionMap(document)
    assert document.text == "ab\ncd" and pmap.qt_text == "ab\n\ncd"
    assert [pmap.to_qt(i) for i in range(6)] == [0, 1, 2, 4, 5, 6]
    assert pmap.to_model(3) == 3  # the inserted blank line belongs to the next paragraph


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                         blacklist_characters="\ufffe\uffff"), max_size=60))
def test_positions_find_every_wide_character(text):
    """The quick look at a str's storage never misses a non-BMP character."""
    wide = [i for i, char in enumerate(text) if ord(char) > 0xFFFF]
    assert _has_wide_by_size(text) == bool(wide)
    text.encode("utf-8")  # a cached UTF-8 copy may make it say yes, never no
    assert _has_wide(text) or not wide
    document = Document.from_paragraphs([text or "x"])
    assert PositionMap(document).qt_length == len(document.text.encode("utf-16-le")) // 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab 😀,", max_size=8), min_size=1, max_size=4),
       st.lists(st.integers(min_value=0, max_value=40), max_size=5))
def test_positions_step_over_the_signs_of_gaps(paragraphs, gap_offsets):
    """A gap shows as "[…]" (and a space between words) that the model does not have:
    every model offset maps to the character it names, every Qt position inside a sign
    maps to the gap's offset, and a range ending at a gap ends before its sign."""
    document = Document.from_paragraphs(paragraphs)
    text = document.text
    gaps = sorted({min(o, len(text)) for o in gap_offsets})
    document = dataclasses.replace(document, markers=tuple(
        Marker(o, "gap", "illegible") for o in gaps))
    pmap = PositionMap(document)
    units = check_every_offset(pmap, text)
    assert pmap.qt_text.count(GAP_SIGN) == len(gaps) + text.count(GAP_SIGN)
    assert pmap.qt_length == len(units) // 2
    signs = {offset: (start, end) for offset, start, end in pmap.gap_signs()}
    assert sorted(signs) == gaps
    for offset in range(len(text) + 1):
        q = pmap.to_qt(offset)
        if offset in signs:
            start, end = signs[offset]
            assert end == q and units[2 * start:2 * end].decode("utf-16-le") in (
                GAP_SIGN, GAP_SIGN + " ")
            assert pmap.end_to_qt(offset) == start
            assert all(pmap.gap_at(p) == offset and pmap.to_model(p) == offset
                       for p in range(start, end))
            # A caret may stand at either end of a sign, not between its characters.
            assert [pmap.gap_sign_around(p) for p in range(start, end + 1)] == [
                None, *[(start, end)] * (end - start - 1), None]
        else:
            assert pmap.end_to_qt(offset) == q and pmap.gap_at(q) is None
            assert pmap.gap_sign_around(q) is None
    # Every other Qt unit is a blank line the view inserts.
    taken = {pmap.to_qt(o) + i for o in range(len(text))
             for i in range(len(text[o].encode("utf-16-le")) // 2)}
    taken |= {p for start, end in signs.values() for p in range(start, end)}
    assert {units[2 * p:2 * p + 2].decode("utf-16-le")
            for p in range(pmap.qt_length) if p not in taken} <= {"\n"}



def test_the_lines_to_a_label_cross_a_line_of_text_between_its_words():
    """Their upright stretches went through words ("mangeln|des", "Donn|erstag"): they
    pass a line of text in one of its spaces where there is one on their way."""
    lines = [QRectF(10, 0, 0, 20), QRectF(10, 20, 300, 20), QRectF(10, 40, 300, 20)]
    gaps = [[], [(100, 105), (232, 236)], [(150, 154)]]
    source = QRectF(200, 40, 60, 20)  # on the last line, under the middle one
    label = QRectF(20, 2, 40, 16)  # in the blank line above
    path = connector(source, label, lines, gaps)
    assert path is not None
    points = [path.pointAtPercent(t / 400) for t in range(401)]
    through_middle = [p.x() for p in points if 20 < p.y() < 40]
    assert through_middle and all(232 <= x <= 236 for x in through_middle)
    assert connector(source, label, lines).pointAtPercent(0).x() == source.center().x()
    # The dotted leader from a label to its target two lines down, likewise.
    start, end = leader(QRectF(220, 2, 40, 16), source, lines, gaps)
    assert start.x() == end.x() and 232 <= start.x() <= 236
    assert (start.y(), end.y()) == (18, 40)

def ann(aid: str, start: int, end: int, tag: str = "actor") -> Annotation:
    return Annotation(aid, tag, start, end)


def test_lanes_nested_overlapping_and_disjoint():
    lanes = assign_lanes([ann("in", 5, 8), ann("out", 0, 20), ann("cross", 15, 30),
                          ann("later", 25, 28), ann("far", 40, 45)])
    assert lanes == {"out": 0, "in": 1, "cross": 1, "later": 0, "far": 0}


def test_lanes_reuse_the_lowest_free_lane():
    lanes = assign_lanes([ann("a", 0, 10), ann("b", 1, 10), ann("c", 2, 10), ann("d", 10, 12)])
    assert lanes == {"a": 0, "b": 1, "c": 2, "d": 0}


def make_doc(n_paragraphs: int = 200) -> AnnotatedDocument:
    texts = [f"Paragraph {i} mentions Alpha and Beta and Gamma." for i in range(n_paragraphs)]
    return AnnotatedDocument.create(Document.from_paragraphs(texts))


def test_table_model_updates_incrementally_and_sorts(qtbot):
    doc = make_doc()
    store = doc.annotations
    model = AnnotationTableModel()
    model.set_document(doc)
    text = doc.document.text
    spans = []
    for word, tag in (("Gamma", "commitment"), ("Alpha", "actor"), ("Beta", "weapon")):
        start = text.index(word, doc.document.paragraphs[10].start)
        spans.append((start, start + len(word), tag))
    inserted = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    reset = []
    model.modelReset.connect(lambda: reset.append(True))
    for span in spans:
        edits.add(store, [span]).apply(store)
    assert reset == [] and len(inserted) == 3
    column = [model.index(r, 1).data() for r in range(3)]
    assert column == ["Alpha", "Beta", "Gamma"]  # by position
    model.sort(0, Qt.SortOrder.AscendingOrder)  # by tag: tagset order
    assert [model.index(r, 0).data() for r in range(3)] == ["Actor", "Weapon", "Commitment"]
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 1).data() for r in range(3)] == ["Gamma", "Beta", "Alpha"]
    beta = next(a for a in store if a.tag == "weapon")
    edits.retag(store, [beta.id], "actor").apply(store)
    assert model.row_of(beta.id) == 1
    edits.remove(store, [beta.id]).apply(store)
    assert model.rowCount() == 2 and model.row_of(beta.id) is None
    model.set_filter("actor", "")
    assert model.rowCount() == 1
    model.set_filter(None, "GAM")
    assert model.rowCount() == 1 and model.index(0, 1).data() == "Gamma"


def test_table_model_with_100000_rows_updates_without_reset(qtbot):
    doc = make_doc(3000)
    store = doc.annotations
    text = doc.document.text
    spans = []
    for para in doc.document.paragraphs:
        for start in range(para.start, para.end - 4, 1):
            spans.append((start, start + 4, "actor"))
            if len(spans) >= 100_000:
                break
        if len(spans) >= 100_000:
            break
    edits.add(store, spans).apply(store)
    model = AnnotationTableModel()
    model.set_document(doc)
    assert model.rowCount() == 100_000
    reset = []
    model.modelReset.connect(lambda: reset.append(True))
    last = doc.document.paragraphs[-1]
    edit = edits.add(store, [(last.start, last.start + 9, "weapon")])
    edit.apply(store)
    assert model.rowCount() == 100_001
    edit.revert(store)
    assert model.rowCount() == 100_000
    assert reset == []
    assert text  # the document is untouched


def test_a_label_goes_above_its_target_where_that_is_free_else_to_the_nearest_gap():
    """Lines of text 20 px high; a blank line between two paragraphs."""
    lines = [QRectF(10, 0, 300, 20), QRectF(10, 20, 80, 20),  # ragged end at 90
             QRectF(10, 40, 0, 20),  # blank
             QRectF(10, 60, 300, 20), QRectF(10, 80, 300, 20), QRectF(10, 100, 300, 20)]
    area = QRectF(0, 0, 320, 200)
    placer = LabelPlacer(lines, area)
    size = QSizeF(50, 16)
    # Above a target on the line after the blank one: in the blank line, at its left.
    first = placer.place(size, QRectF(40, 60, 60, 20), 38)
    assert first == QRectF(38, 43, 50, 16)
    # Above a target on the second line, under the full first line: no room above; the
    # nearest free place is the ragged end of its own line... or the blank line below.
    second = placer.place(size, QRectF(20, 20, 40, 20), 18)
    assert not any(second.intersects(r.adjusted(-2, -1, 2, 1)) for r in lines if r.width())
    assert not second.intersects(first)
    # A target deep in a full paragraph: its label still covers no text.
    third = placer.place(size, QRectF(100, 100, 40, 20), 98)
    for label in (second, third):
        assert not any(label.intersects(r) for r in lines if r.width())
    assert not third.intersects(first) and not third.intersects(second)
    # No room at all: no label.
    assert LabelPlacer([QRectF(0, 0, 320, 200)], area).place(size, QRectF(0, 0, 1, 1), 0) \
        is None


def test_the_line_to_a_label_goes_sideways_only_between_lines_of_text():
    lines = [QRectF(10, 0, 300, 20), QRectF(10, 20, 0, 20), QRectF(10, 40, 300, 20)]
    source = QRectF(200, 40, 60, 20)  # on the last line
    label = QRectF(20, 2, 40, 16)  # not free in fact: only where the path may go matters
    path = connector(source, label, lines)
    assert path is not None
    # Every horizontal stretch of the path lies in the blank line (y 20..40).
    points = [path.pointAtPercent(t / 200) for t in range(201)]
    for a, b in itertools.pairwise(points):
        if abs(b.y() - a.y()) < 0.01 and abs(b.x() - a.x()) > 0.5:
            assert 20 <= a.y() <= 40
    assert path.currentPosition().y() == label.bottom()
    # Full lines all the way: no such path (the view draws a curve).
    assert connector(source, label, [QRectF(10, y, 300, 20) for y in range(0, 60, 20)]) is None
