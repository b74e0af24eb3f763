"""Discontinuous annotations: one annotation over several separate ranges of the text
(``Annotation.more``), in the model, native TEI, saves into other TEI files, the
inline export, the recovery journal and the window."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from annotator.errors import AnnotationError
from annotator.files import FOREIGN_EXPORT_FORMATS, export_foreign, import_foreign, write_files
from annotator.formats import table
from annotator.model import AnnotatedDocument, Annotation, Document, edits
from annotator.model.tagset import Tag, Tagset
from annotator.recovery import RecoveryJournal, replay_file
from annotator.tei.inline import InlineTeiWriter
from annotator.tei.reader import parse_tei
from annotator.tei.validation import validate_bytes
from annotator.tei.writer import TeiWriter

PARAGRAPHS = ["Germany pays for two Patriot systems.",
              "Norway delivers one 😀 — “schnell”.",
              "",
              "The US sells weapons to NATO members."]
TAGSET = Tagset([Tag("actor", "Actor", "#cc3333", "1"), Tag("weapon", "Weapon", "#3333cc", "2")])


def annotated(*annotations: Annotation) -> AnnotatedDocument:
    document = Document.from_paragraphs(PARAGRAPHS, ["p1", "p2", "p3", "p4"])
    return AnnotatedDocument.create(document, TAGSET, annotations=list(annotations))


def at(doc: AnnotatedDocument, phrase: str, n: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(n + 1):
        start = doc.document.text.index(phrase, start + 1)
    return start, start + len(phrase)


# -- the model ----------------------------------------------------------------------------
def test_a_range_added_and_removed_is_undone_exactly():
    doc = annotated()
    store = doc.annotations
    tag = edits.add(store, [(*at(doc, "Germany"), "actor")])
    tag.apply(store)
    ann = tag.after[0]
    grow = edits.add_range(store, ann.id, *at(doc, "Norway"))
    grow.apply(store)
    grown = store.get(ann.id)
    assert grown.ranges == (at(doc, "Germany"), at(doc, "Norway"))
    assert (grown.start, grown.end) == at(doc, "Germany")  # the first range, as before
    assert store.text_of(grown) == "Germany … Norway"
    # Found by either piece.
    assert [a.id for a in store.overlapping(*at(doc, "Norway"))] == [ann.id]
    assert [a.id for a in store.at(at(doc, "Norway")[0])] == [ann.id]
    assert store.overlapping(*at(doc, "pays")) == []
    # A range before the first one becomes the first.
    earlier = edits.add_range(store, ann.id, *at(doc, "US"))
    assert earlier.after[0].ranges == (at(doc, "Germany"), at(doc, "Norway"), at(doc, "US"))
    earlier.apply(store)
    shrink = edits.remove_range(store, ann.id, 0)
    shrink.apply(store)
    assert store.get(ann.id).ranges == (at(doc, "Norway"), at(doc, "US"))
    assert store.overlapping(*at(doc, "Germany")) == []
    for edit in (shrink, earlier, grow):
        edit.revert(store)
    assert store.get(ann.id) == ann
    assert store.overlapping(*at(doc, "Norway")) == []
    grow.apply(store)
    assert store.get(ann.id) == grown


def test_bad_ranges_are_refused_with_a_message():
    doc = annotated()
    store = doc.annotations
    tag = edits.add(store, [(*at(doc, "Patriot systems."), "weapon")])
    tag.apply(store)
    ann_id = tag.after[0].id
    with pytest.raises(AnnotationError, match="overlaps"):
        edits.add_range(store, ann_id, *at(doc, "two Patriot"))
    with pytest.raises(AnnotationError, match="no text"):
        edits.add_range(store, ann_id, at(doc, "Norway")[0] - 1, at(doc, "Norway")[0])
    with pytest.raises(AnnotationError, match="keeps at least one range"):
        edits.remove_range(store, ann_id, 0)
    with pytest.raises(AnnotationError, match="no annotation"):
        edits.add_range(store, "nobody", *at(doc, "Norway"))
    # A range that touches one (nothing but a paragraph break between) grows it.
    start, end = at(doc, "Patriot systems.")
    grown = edits.add_range(store, ann_id, end + 1, end + 7).after[0]
    assert grown.more == () and grown.end == end + 7
    # The store refuses what no edit makes: ranges out of order, touching, overlapping.
    for more in (((0, 3),), ((end - 2, end + 3),), ((end + 1, end + 3), (end + 2, end + 5)),
                 ((len(doc.document.text) - 1, len(doc.document.text) + 4),)):
        with pytest.raises(AnnotationError):
            store.check(Annotation("x1", "weapon", start, end, more=more))
    with pytest.raises(AnnotationError, match="apart"):
        store.check(Annotation("x1", "weapon", 0, 3, more=((3, 5),)))


# -- native TEI -------------------------------------------------------------------------------
def discontinuous_document() -> AnnotatedDocument:
    doc = annotated()
    germany, norway, us = at(doc, "Germany"), at(doc, "Norway"), at(doc, "US")
    patriot = at(doc, "Patriot")
    # Over a paragraph break: "systems." to "Norway" is one range, then "US".
    across = (at(doc, "systems.")[0], norway[1])
    return annotated(
        Annotation("a1", "actor", *germany, more=(norway, us)),
        Annotation("a2", "weapon", *patriot, more=(at(doc, "weapons"),)),
        Annotation("a3", "actor", *across, more=(us,)),
        Annotation("a4", "actor", *at(doc, "NATO")))


def test_native_round_trip_is_valid_and_exact(tei_all_schema):
    doc = discontinuous_document()
    data = TeiWriter(doc).to_bytes(validate=True)
    assert validate_bytes(data) == []
    assert tei_all_schema.validate(etree.fromstring(data)), tei_all_schema.error_log
    targets = dict(re.findall(rb'xml:id="(a\d)" target="([^"]*)"', data))
    assert targets[b"a1"] == (b"#string-range(p1,0,7) #string-range(p2,0,6) "
                              b"#string-range(p4,4,2)")
    assert targets[b"a3"] == (b"#string-range(p1,29,8) #string-range(p2,0,6) "
                              b"#string-range(p4,4,2)")
    again = parse_tei(data, "native.xml")
    assert again.snapshot() == doc.snapshot()
    assert again.annotations.get("a3").ranges == doc.annotations.get("a3").ranges


def test_files_written_before_read_as_before():
    # One range cut at a paragraph break, and one inside a paragraph: no `more`.
    doc = annotated(Annotation("a1", "actor", at(annotated(), "systems.")[0],
                               at(annotated(), "Norway")[1]),
                    Annotation("a2", "actor", *at(annotated(), "Germany")))
    data = TeiWriter(doc).to_bytes(validate=True)
    assert b"#string-range(p1,29,8) #string-range(p2,0,6)" in data
    again = parse_tei(data)
    assert again.snapshot() == doc.snapshot()
    assert all(not a.more for a in again.annotations)


def test_inline_export_chains_every_range():
    doc = discontinuous_document()
    data = InlineTeiWriter(doc).to_bytes(validate=True)
    assert b'next="#a1.2"' in data
    assert parse_tei(data, "inline.xml").snapshot() == doc.snapshot()


def test_the_recovery_journal_carries_every_range(tmp_path):
    doc = discontinuous_document()  # in the base snapshot
    journal = RecoveryJournal(tmp_path, doc, app_version="test")
    doc.annotations.subscribe(journal.record)
    edits.add_range(doc.annotations, "a4", *at(doc, "Patriot")).apply(doc.annotations)
    edits.remove_range(doc.annotations, "a1", 1).apply(doc.annotations)  # in update records
    replay = replay_file(journal.path)
    assert replay.recovered.annotated.snapshot() == doc.snapshot()
    assert replay.recovered.annotated.annotations.get("a4").more == (at(doc, "NATO"),)
    journal.abandon()


# -- a round trip of random discontinuous annotations ------------------------------------------
@st.composite
def split_documents(draw: st.DrawFn) -> AnnotatedDocument:
    texts = draw(st.lists(st.text(st.sampled_from("ab c😀\u0301é"), max_size=12),
                          min_size=1, max_size=4))
    document = Document.from_paragraphs(texts, [f"p{n}" for n in range(1, len(texts) + 1)])
    doc = AnnotatedDocument.create(document, TAGSET)
    store = doc.annotations
    size = len(document.text)
    for number in range(draw(st.integers(0, 6)) if size else 0):
        cuts = sorted(draw(st.lists(st.integers(0, size), min_size=2, max_size=8, unique=True)))
        ranges = []
        for start, end in zip(cuts[::2], cuts[1::2], strict=False):
            start, end = document.trim_to_paragraphs(start, end)
            if start < end:
                ranges.append((start, end))
        if not ranges:
            continue
        ann = Annotation(f"a{number + 1}", draw(st.sampled_from(["actor", "weapon"])),
                         *ranges[0])
        try:
            store.check(ann)
        except AnnotationError:
            continue
        edits.restore(store, [ann]).apply(store)
        for start, end in ranges[1:]:
            try:
                edits.add_range(store, ann.id, start, end).apply(store)
            except AnnotationError:
                pass  # overlaps a range already there
        if draw(st.booleans()):  # a body: read by another path than a bare annotation
            edits.set_note(store, ann.id, "a note").apply(store)
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(split_documents())
def test_random_discontinuous_annotations_survive_save_and_open(doc: AnnotatedDocument):
    data = TeiWriter(doc).to_bytes(validate=True)
    assert parse_tei(data, "native.xml").snapshot() == doc.snapshot()
    if not any(a.note for a in doc.annotations):  # (the inline export has no notes)
        inline = InlineTeiWriter(doc).to_bytes(validate=True)
        assert parse_tei(inline, "inline.xml").snapshot() == doc.snapshot()


# -- the window --------------------------------------------------------------------------------
def test_a_word_added_to_an_annotation_with_the_key_is_saved_as_a_second_range(
        qtbot, dialogs, tmp_path):
    from gui_helpers import SAMPLE_TXT, click_offset, make_window, nth, shift_select
    from PySide6.QtCore import Qt

    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    view, store = window.view, window.annotated.annotations
    shift_select(qtbot, window, nth("Pete Hegseth"), len("Pete Hegseth"))
    qtbot.keyClick(view, Qt.Key.Key_1)
    ann_id = view.selected_id
    assert ann_id is not None
    # Another word, then the key: one annotation, two ranges.
    second = nth("Hegseth", 1)
    shift_select(qtbot, window, second, len("Hegseth"))
    assert view.selected_id is None  # the text selection took the outline
    qtbot.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    ann = store.get(ann_id)
    assert ann.ranges == ((nth("Pete Hegseth"), nth("Pete Hegseth") + 12),
                          (second, second + 7)), window.statusBar().currentMessage()
    assert len(store) == 1
    assert "2 ranges" in window.statusBar().currentMessage()
    assert view.selected_id == ann_id  # outlined again, on both pieces
    # Both pieces are painted, as one annotation.
    block_of = view.document().findBlock
    painted = [s for number in {block_of(view.positions.to_qt(start)).blockNumber()
                                for start, _ in ann.ranges}
               for s in view.block_spans(view.document().findBlockByNumber(number))
               if s[0].id == ann_id]
    assert len(painted) == 2
    # The list shows the text of both pieces.
    model = window.dock.table.model()
    assert model.index(0, 1).data() == "Pete Hegseth … Hegseth"
    path = tmp_path / "saved.xml"
    assert window.files.save_to(path)
    root = etree.parse(str(path)).getroot()
    target = root.xpath("//tei:annotation/@target",
                        namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    document = window.annotated.document
    pointers = []
    for start, end in ann.ranges:
        paragraph = document.paragraph_at(start)
        pointers.append(f"#string-range({paragraph.id},{start - paragraph.start},{end - start})")
    assert target == [" ".join(pointers)]
    assert parse_tei(path.read_bytes()).annotations.get(ann_id).ranges == ann.ranges
    # A click on the second piece and Ctrl+Shift+J take it away; undo brings it back.
    click_offset(qtbot, window, second + 2)
    assert view.selected_id == ann_id
    qtbot.keyClick(view, Qt.Key.Key_J,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert store.get(ann_id).ranges == ((nth("Pete Hegseth"), nth("Pete Hegseth") + 12),), \
        window.statusBar().currentMessage()
    assert "Removed “Hegseth”" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_J,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "one piece only" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert store.get(ann_id) == ann
    # Undo takes the range away again, and nothing else.
    window.undo_stack.undo()
    assert store.get(ann_id).ranges == ((nth("Pete Hegseth"), nth("Pete Hegseth") + 12),)
    # With nothing selected before, the key says what to do.
    window.view.clear_selection()
    shift_select(qtbot, window, second, len("Hegseth"))
    qtbot.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert "Click an annotation, then select" in window.statusBar().currentMessage()


# -- exports -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["brat", "w3c", "webanno-tsv", "uima-xmi", "conll",
                                 "labelstudio"])
def test_every_export_keeps_every_range(tmp_path, fmt):
    doc = annotated(Annotation("a1", "actor", *at(annotated(), "Germany"),
                               more=(at(annotated(), "Norway"),)),
                    Annotation("a2", "weapon", *at(annotated(), "Patriot")))
    files, notes = export_foreign(doc, fmt, tmp_path / f"out{FOREIGN_EXPORT_FORMATS[fmt][1]}")
    write_files(files)
    again = import_foreign(files[0][0], fmt, tagset=doc.tagset).document
    text = again.document.text
    found = sorted(tuple(text[s:e] for s, e in a.ranges) for a in again.annotations)
    if fmt in ("brat", "w3c"):  # discontinuous spans in the format
        assert found == [("Germany", "Norway"), ("Patriot",)]
        assert not any("discontinuous" in n for n in notes)
    else:  # a span per range, and the notes say so
        assert found == [("Germany",), ("Norway",), ("Patriot",)]
        assert any("1 discontinuous annotation written as one span per range" in n
                   for n in notes)


def test_a_table_has_a_row_per_range():
    doc = discontinuous_document()
    rows = [r for r in table.rows(doc) if r["id"] == "a3"]
    assert [(r["text"], r["paragraph"]) for r in rows] == [("systems.\nNorway", "p1 p2"),
                                                           ("US", "p4")]
    assert all(doc.document.text[r["start"]:r["end"]] == r["text"] for r in table.rows(doc))


def test_a_corpus_annotation_file_keeps_every_range():
    from annotator.corpus.tei_files import (
        DocumentInfo,
        annotation_bytes,
        read_annotations,
        text_bytes,
    )

    doc = discontinuous_document()
    info = DocumentInfo("d1", title="Patriots", author="", outlet="", date="", url="",
                        language="", imported="a.txt")
    again, _status = read_annotations(text_bytes(doc.document, info), annotation_bytes(doc),
                                      "text.xml", "annotations.xml", doc.tagset)
    assert sorted(again.annotations, key=lambda a: a.id) == sorted(doc.annotations,
                                                                   key=lambda a: a.id)


# -- a TEI file of someone else's, with annotations saved into it ---------------------------------
def test_a_save_into_another_tei_file_keeps_every_range(tei_all_schema):
    import reference

    from annotator.tei import XML_ID
    from annotator.tei.source import TeiSource
    from annotator.tei.splice import export_inline, splice

    name = "dta-soldatenbrief-084.xml"
    src = TeiSource.from_bytes(reference.read_bytes("samples", name), name)
    doc = AnnotatedDocument.create(src.document)
    text = src.document.text
    first = text.index("19ten Juni")
    second = text.index("Norddeutsch")
    edits.add(doc.annotations, [(first, first + 5, "actor")]).apply(doc.annotations)
    ann_id = next(iter(doc.annotations)).id
    # A range across an <lb/> as the second piece.
    across = text.index("antreffen wie sie")
    edits.add_range(doc.annotations, ann_id, second, second + 11).apply(doc.annotations)
    edits.add_range(doc.annotations, ann_id, across, across + 17).apply(doc.annotations)
    result = splice(src, doc)
    assert tei_all_schema.validate(etree.fromstring(result.data)), tei_all_schema.error_log
    again = TeiSource.from_bytes(result.data, name)
    assert list(again.annotated.annotations) == list(doc.annotations)
    assert len(again.annotated.annotations.get(ann_id).ranges) == 3
    # Its inline export: one @next chain over the text of every piece.
    root = etree.fromstring(export_inline(src, doc))
    by_id = {e.get(XML_ID): e for e in root.iter(etree.Element) if e.get("ana")}
    chain, element = [], by_id[ann_id]
    while element is not None:
        chain.append("".join(element.itertext()))
        following = element.get("next")
        element = by_id[following[1:]] if following else None
    ann = doc.annotations.get(ann_id)
    assert re.sub(r"\s+", "", "".join(chain)) == re.sub(
        r"\s+", "", "".join(text[s:e] for s, e in ann.ranges))
