"""Real TEI documents in the window: read, annotate across markup, save, reopen.

The four German samples of the reference material (``tests/reference.py``) are used
as they are. The window is driven as a person would (selection with the keyboard,
tag keys, Ctrl+S); the saved file is checked with C14N 2.0 against the original after
taking out what Annotator added, and against TEI All.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import reference
from gui_helpers import make_window, shift_select
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from test_tei_foreign import JOURNAL, LETTER, NOVEL, PLAY

from annotator.files import open_document, restore_session, save_document
from annotator.gui.document_panel import MarkupDialog
from annotator.model import AnnotatedDocument
from annotator.tei.splice import strip_additions


def copy_sample(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(reference.path("samples", name), target)
    return target


def c14n(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), method="c14n2")


def tag_phrase(qtbot, window, phrase: str, key: str, after: str = "") -> None:
    """Select ``phrase`` with Shift+Right presses and press the tag key."""
    text = window.annotated.document.text
    start = text.index(phrase, text.index(after) if after else 0)
    window.view.ensure_visible(start)
    shift_select(qtbot, window, start, len(phrase))
    qtbot.keyClick(window.view, key)


def test_letter_annotated_across_markup_saves_only_additions(qtbot, dialogs, tmp_path,
                                                            tei_all_schema):
    path = copy_sample(tmp_path, LETTER)
    original = path.read_bytes()
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    assert window.session.origin is not None  # not Annotator's own format: saves splice
    shown = window.view.toPlainText()
    assert "Vielgeliebten Schwieger Eltern!" in shown and "<" not in shown
    # "19ten" is written 19<hi>ten</hi>; "München⸗Kräz" runs over a line break.
    tag_phrase(qtbot, window, "19ten Juni", "3")
    tag_phrase(qtbot, window, "München⸗Kräz", "1")
    tag_phrase(qtbot, window, "Prag, 10. Juli 1866\nVielgeliebten", "1")  # two blocks
    assert [(window.annotated.annotations.text_of(a), a.tag)
            for a in window.annotated.annotations] == [
        ("Prag, 10. Juli 1866\nVielgeliebten", "actor"), ("19ten Juni", "commitment"),
        ("München⸗Kräz", "actor")]
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.errors == []
    assert not window.is_modified
    saved = path.read_bytes()
    assert saved != original
    assert c14n(strip_additions(saved, str(path))) == c14n(original)
    assert tei_all_schema.validate(etree.fromstring(saved)), tei_all_schema.error_log

    before = [(window.annotated.annotations.text_of(a), a.tag, a.start, a.end)
              for a in window.annotated.annotations]
    window.close()  # one window per document: the fresh one must not just raise it
    again = make_window(qtbot)
    assert again.files.open_path(path, ask=False)
    store = again.annotated.annotations
    assert [(store.text_of(a), a.tag, a.start, a.end) for a in store] == before


def test_second_save_of_the_same_document_adds_nothing_twice(qtbot, dialogs, tmp_path):
    path = copy_sample(tmp_path, LETTER)
    original = path.read_bytes()
    window = make_window(qtbot)
    window.files.open_path(path, ask=False)
    tag_phrase(qtbot, window, "Prag", "1")
    assert window.files.save()
    tag_phrase(qtbot, window, "Franz Kaufhold", "1", after="SchwiegerSohn")
    assert window.files.save()
    saved = path.read_bytes()
    assert saved.count(b"<standOff") == 1
    assert c14n(strip_additions(saved, str(path))) == c14n(original)
    assert len(open_document(path).document.annotations) == 2
    assert dialogs.errors == []


def test_a_document_naming_its_dtd_opens_and_keeps_its_doctype(qtbot, dialogs, tmp_path):
    """Many TEI files name a DTD: the letter with one opens (the DTD is not read),
    and saving keeps the DOCTYPE, like every other byte of the original."""
    path = copy_sample(tmp_path, LETTER)
    declaration = b'<?xml version="1.0"?>'
    original = path.read_bytes().replace(
        declaration, declaration + b'\n<!DOCTYPE TEI PUBLIC "-//TEI P5//DTD Main Document '
        b'Type//EN" "http://www.tei-c.org/release/xml/tei/custom/schema/dtd/tei_all.dtd">', 1)
    path.write_bytes(original)
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    assert dialogs.errors == []
    tag_phrase(qtbot, window, "München⸗Kräz", "1")
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.errors == [] and not window.is_modified
    saved = path.read_bytes()
    assert saved.startswith(original[:original.index(b"tei_all.dtd\">") + 13])
    assert strip_additions(saved, str(path)) == original
    window.close()
    again = make_window(qtbot)
    assert again.files.open_path(path, ask=False)
    assert [again.annotated.annotations.text_of(a) for a in again.annotated.annotations] == [
        "München⸗Kräz"]


def test_play_reads_as_a_play(qtbot, tmp_path):
    window = make_window(qtbot)
    assert window.files.open_path(copy_sample(tmp_path, PLAY), ask=False)
    view, document = window.view, window.annotated.document
    speaker = next(p for p in document.paragraphs if p.kind == "speaker")
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(speaker.start) + 1)
    assert cursor.charFormat().fontWeight() == QFont.Weight.Bold
    stage = next(p for p in document.paragraphs if p.kind == "stage")
    cursor.setPosition(view.positions.to_qt(stage.start) + 1)
    assert cursor.charFormat().fontItalic()
    # Verse lines follow each other without blank lines, speeches are set apart.
    first, second = [p for p in document.paragraphs if p.kind == "verse"][:2]
    assert view.positions.to_qt(second.start) - view.positions.to_qt(first.end) == 1
    # Page numbers stand in the margin, not in the text.
    assert "269" not in view.toPlainText()[:40]
    assert view.margin.isVisible()
    view.ensure_visible(document.markers[2].offset)
    qtbot.wait(10)
    labels = [m.label for m, _ in view.marker_places(view.viewport().rect())]
    assert document.markers[2].label in labels


def test_the_next_document_does_not_inherit_the_last_ones_heading(qtbot, tmp_path):
    """Found by exploratory testing: after the letter (which begins with a bold heading),
    the next document opened in the same window was bold from start to end."""
    window = make_window(qtbot)
    assert window.files.open_path(copy_sample(tmp_path, LETTER), ask=False)
    plain = tmp_path / "article.txt"
    plain.write_text("Erster Absatz.\n\nZweiter Absatz.\n", encoding="utf-8")
    assert window.files.open_path(plain, ask=False)
    view = window.view
    cursor = QTextCursor(view.document())
    for position in (1, view.positions.to_qt(len("Erster Absatz.\nZw"))):
        cursor.setPosition(position)
        assert cursor.charFormat().fontWeight() == QFont.Weight.Normal, position
    assert window.files.open_path(copy_sample(tmp_path, PLAY), ask=False)
    speech = next(p for p in window.annotated.document.paragraphs if p.kind == "verse")
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(speech.start) + 1)
    assert cursor.charFormat().fontWeight() == QFont.Weight.Normal


def test_notes_can_be_hidden_and_shown(qtbot, tmp_path):
    window = make_window(qtbot)
    window.files.open_path(copy_sample(tmp_path, JOURNAL), ask=False)
    view = window.view
    note = next(p for p in window.annotated.document.paragraphs if p.kind == "note")
    block = view.document().findBlock(view.positions.to_qt(note.start))
    assert block.isVisible() and window.main_menu.notes_action.isEnabled()
    window.main_menu.notes_action.trigger()
    assert not block.isVisible() and not window.main_menu.notes_action.isChecked()
    window.main_menu.notes_action.trigger()
    assert block.isVisible()


def test_hidden_notes_are_named_when_the_user_reaches_into_them(qtbot, dialogs, tmp_path):
    """Found by exploratory testing: with notes hidden, a click on a list row of an
    annotation in a note did nothing visible, a find there selected nothing visible, and a
    selection across a note took in its text unseen. Each now says so."""
    window = make_window(qtbot)
    assert window.files.open_path(copy_sample(tmp_path, JOURNAL), ask=False)
    text = window.annotated.document.text
    in_note = text.index("Der mechanische Theil")
    tag_phrase(qtbot, window, "Der mechanische Theil", "2")
    window.main_menu.notes_action.trigger()  # View ▸ Show Notes off
    assert not window.view.notes_visible
    # A row of the list: the annotation is selected, and the status says where it is.
    qtbot.keyClick(window.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    table = window.dock.table
    rect = table.visualRect(table.model().index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.selected_id is not None
    message = window.statusBar().currentMessage()
    assert "“Der mechanische Theil” is in a note, and notes are hidden" in message, message
    assert "View ▸ Show Notes" in message
    # Find: the match is in the hidden note.
    window.find_text("mechanische Theil")
    assert "in a hidden note" in window.statusBar().currentMessage()
    # A selection from the paragraph before the note into the one after it.
    before = text.rindex("durchla", 0, in_note)
    after = text.index("Man kann aus Folgendem", in_note)
    shift_select(qtbot, window, before, after + 3 - before)
    qtbot.keyClick(window.view, "3")
    assert "takes in the text of a hidden note" in window.statusBar().currentMessage()
    # With notes shown, nothing of this is said.
    window.main_menu.notes_action.trigger()
    window.find_text("mechanische Theil")
    assert "hidden" not in window.statusBar().currentMessage()


def test_existing_markup_becomes_annotations_in_one_undoable_step(qtbot, dialogs, tmp_path,
                                                                  monkeypatch):
    window = make_window(qtbot)
    window.files.open_path(copy_sample(tmp_path, JOURNAL), ask=False)
    document = window.annotated.document
    persons = {(m.start, m.end) for m in document.markup if m.element == "persName"}
    assert window.main_menu.annotate_markup_action.isEnabled()

    def choose(dialog: MarkupDialog) -> MarkupDialog.DialogCode:
        assert dialog.combos["persName"].currentData() == "actor"  # proposed
        assert dialog.combos["placeName"].currentData() == ""
        dialog.combos["date"].setCurrentIndex(dialog.combos["date"].findData("commitment"))
        return MarkupDialog.DialogCode.Accepted

    monkeypatch.setattr(MarkupDialog, "exec", choose)
    window.main_menu.annotate_markup_action.trigger()
    store = window.annotated.annotations
    dates = {(m.start, m.end) for m in document.markup if m.element == "date"}
    made = {(a.start, a.end, a.tag) for a in store}
    assert {(s, e) for s, e, t in made if t == "actor"} == {
        document.trim_to_paragraphs(s, e) for s, e in persons}
    assert len([t for *_, t in made if t == "commitment"]) == len(
        {document.trim_to_paragraphs(s, e) for s, e in dates})
    assert window.undo_stack.count() == 1
    window.main_menu.undo_action.trigger()
    assert len(store) == 0
    # Again: already annotated spans are skipped, so doing it twice adds nothing.
    window.annotate_markup_as({"persName": "actor"})
    count = len(store)
    window.annotate_markup_as({"persName": "actor"})
    assert len(store) == count and "already annotated" in window.statusBar().currentMessage()


def test_document_panel_shows_the_header(qtbot, tmp_path):
    window = make_window(qtbot)
    window.files.open_path(copy_sample(tmp_path, PLAY), ask=False)
    fields = window.document_dock.fields
    # Behind the annotation list's tab, the panel is filled when it is raised.
    assert fields["title"].text() != "Wallensteins Lager"
    window.document_dock.raise_()
    qtbot.waitUntil(lambda: fields["title"].text() == "Wallensteins Lager")
    assert fields["author"].text() == "Friedrich Schiller"
    assert "CC0" in fields["licence"].text()
    assert "speeches" in fields["structure"].text()
    assert "page breaks" in fields["structure"].text()
    assert not window.document_dock.annotate_button.isVisibleTo(window.document_dock)


def test_novel_opens_with_its_own_schema_note_and_saves(qtbot, dialogs, tmp_path):
    path = copy_sample(tmp_path, NOVEL)
    original = path.read_bytes()
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    window.document_dock.raise_()
    qtbot.waitUntil(lambda: window.document_dock.fields["notes"].text() != "")
    notes = window.document_dock.fields["notes"].text()
    assert "eltec" in notes and "another vocabulary" in notes
    tag_phrase(qtbot, window, "Niederlausitz", "1")
    assert window.files.save()
    assert c14n(strip_additions(path.read_bytes(), str(path))) == c14n(original)
    assert dialogs.errors == []


CHOICE_TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Choice</title></titleStmt>
  <publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body><p>Der <choice><sic>Konig</sic><corr>König</corr></choice> kam.</p></body></text>
</TEI>
"""


def test_choice_reading_follows_the_setting(qtbot, dialogs, tmp_path):
    path = tmp_path / "choice.xml"
    path.write_text(CHOICE_TEI, encoding="utf-8")
    window = make_window(qtbot)
    window.files.open_path(path, ask=False)
    assert window.annotated.document.text == "Der König kam."
    window.main_menu.original_action.trigger()
    assert window.annotated.document.text == "Der Konig kam."
    tag_phrase(qtbot, window, "Konig", "1")
    assert window.files.save()
    # Back to the edited reading: the annotation lies on "Konig", which that reading
    # does not show, so the document keeps the reading it was annotated on, and says so.
    window.main_menu.original_action.trigger()
    assert window.annotated.document.text == "Der Konig kam."
    assert window.main_menu.original_action.isChecked()
    assert "keeps showing the reading" in window.statusBar().currentMessage()
    store = window.annotated.annotations
    assert [store.text_of(a) for a in store] == ["Konig"]
    assert dialogs.errors == [] and dialogs.questions == []
    # Opened afresh with the edited reading preferred, it also shows the original one.
    opened = open_document(path)
    assert opened.document.document.text == "Der Konig kam." and opened.original_readings
    assert "original spellings" in opened.notes[0]


def test_inline_export_of_a_foreign_document_is_valid_tei(qtbot, dialogs, tmp_path,
                                                          tei_all_schema):
    window = make_window(qtbot)
    window.files.open_path(copy_sample(tmp_path, LETTER), ask=False)
    tag_phrase(qtbot, window, "19ten Juni", "3")
    target = tmp_path / "letter-inline.xml"
    dialogs.save_path = str(target)
    window.files.export("tei-inline")
    assert dialogs.errors == []
    root = etree.parse(str(target)).getroot()
    assert tei_all_schema.validate(root), tei_all_schema.error_log
    segs = root.findall(".//{http://www.tei-c.org/ns/1.0}seg")
    assert "".join("".join(s.itertext()) for s in segs) == "19ten Juni"
    # 19<hi>ten</hi> Juni: split where the element begins and ends, linked in order.
    assert ["".join(s.itertext()) for s in segs] == ["19", "ten", " Juni"]
    ids = [s.get("{http://www.w3.org/XML/1998/namespace}id") for s in segs]
    assert [s.get("next") for s in segs] == [f"#{ids[1]}", f"#{ids[2]}", None]
    assert [s.get("prev") for s in segs] == [None, f"#{ids[0]}", f"#{ids[1]}"]


def test_restored_work_goes_back_onto_its_tei_document(tmp_path):
    path = copy_sample(tmp_path, LETTER)
    opened = open_document(path)
    doc = opened.document
    from annotator.model import edits

    start = doc.document.text.index("Prag")
    edits.add_linked(doc.annotations, [(start, start + 4, "actor")]).apply(doc.annotations)
    # What crash recovery gives back: the same text, annotations and entities, no TEI
    # source.
    restored = AnnotatedDocument.create(doc.document, doc.tagset, doc.annotators.values(),
                                        doc.revisions, list(doc.annotations),
                                        doc.entities.values())
    session = restore_session(restored, path)
    annotated, tei_path, origin, notes = (session.document, session.tei_path, session.origin,
                                          session.notes)
    assert origin is not None and tei_path == path and notes == []
    assert [e.name for e in annotated.entities.values()] == ["Prag"]
    save_document(annotated, path, "Ana", origin=origin)
    assert c14n(strip_additions(path.read_bytes(), str(path))) == c14n(
        reference.read_bytes("samples", LETTER))
    # The file changed meanwhile: the work comes back unattached, to be saved anew.
    path.write_bytes(reference.read_bytes("samples", LETTER).replace(b"Prag", b"Wien"))
    session = restore_session(restored, path)
    annotated, tei_path, origin, notes = (session.document, session.tei_path, session.origin,
                                          session.notes)
    assert tei_path is None and origin is None and "no longer has the text" in notes[0]
    assert [annotated.annotations.text_of(a) for a in annotated.annotations] == ["Prag"]


def test_cli_handles_foreign_documents(tmp_path):
    path = copy_sample(tmp_path, LETTER)
    run = subprocess.run([sys.executable, "-m", "annotator.cli", "validate", str(path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "not written by Annotator" in run.stdout  # the verdict, like "FILE: valid"
    out = tmp_path / "inline.xml"
    run = subprocess.run([sys.executable, "-m", "annotator.cli", "export", str(path),
                          "--format", "tei-inline", "-o", str(out)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert c14n(out.read_bytes()).count(b"Vielgeliebten") == 1


def test_long_page_labels_are_shortened_to_fit_the_margin(qtbot, tmp_path):
    """Dingler's page labels ("titlepage_recto") are longer than the margin is wide:
    they were cut at the window's edge ("age_recto"); now they end in "…" inside it."""
    window = make_window(qtbot)
    assert window.files.open_path(copy_sample(tmp_path, JOURNAL), ask=False)
    margin = window.view.margin
    margin.grab()  # paints
    assert margin.drawn, "no page labels painted"
    for place, label in margin.drawn:
        assert place.left() >= 0 and place.right() <= margin.width(), (label, place)
    labels = [label for _, label in margin.drawn]
    assert any(label.startswith("titlepa") and label.endswith("…") for label in labels), labels


def test_margin_tooltips_say_what_a_marker_is():
    from annotator.gui.textview import marker_description, marker_label
    from annotator.model.document import Marker

    assert marker_description(Marker(3, "pb", "IV")) == "Page IV"
    assert marker_label(Marker(3, "note", "2")) == "[2]"
    assert marker_label(Marker(3, "pb", "")) == "p."


def test_values_notes_and_links_are_saved_into_a_foreign_file_and_reopen(tmp_path):
    from annotator.model import edits

    path = copy_sample(tmp_path, LETTER)
    original = path.read_bytes()
    opened = open_document(path)
    doc = opened.document
    start = doc.document.text.index("Prag")
    edits.add_linked(doc.annotations, [(start, start + 4, "actor")]).apply(doc.annotations)
    ann = next(iter(doc.annotations))
    edits.update_entity(doc, ann.entity, kind="place", type="city").apply(doc)
    ann = doc.annotations.get(ann.id)  # linked to the entity's new id
    edits.set_note(doc, ann.id, "Die Stadt, nicht der Staat.").apply(doc)
    edits.set_identifiers(doc, ann.entity, {"wikidata": "Q1085"}).apply(doc)
    save_document(doc, path, "Ana", origin=opened.origin)
    assert strip_additions(path.read_bytes(), str(path)) == original
    again = open_document(path).document
    assert again.snapshot() == doc.snapshot()
    restored = again.annotations.get(ann.id)
    assert restored.entity == "place-prag" and restored.note.startswith("Die Stadt")
    assert again.entities[restored.entity].type == "city"
    assert again.entities[restored.entity].identifiers == (("wikidata", "Q1085"),)
    assert again.tagset == doc.tagset and any(t.attributes for t in again.tagset)
