"""File ▸ Import and the other tools' formats in File ▸ Export, in the window: the
label mapping dialog, the import summary, the questions an import or export asks,
and the files they write."""

from __future__ import annotations

import json

from gui_helpers import make_window, on_modal
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog
from test_formats_brat import write_pair

from annotator.files import import_foreign, open_document
from annotator.gui.exchange import LabelMappingDialog

TEXT = "Ana 😀 met Olaf in Zürich.\nThe 🇩🇪 army sends IRIS-T.\n"
ANN = ("T1\tPerson 0 3\tAna\n"
       "T2\tPerson 10 14\tOlaf\n"
       "T3\tGadget 44 50\tIRIS-T\n"
       "T4\tPlace 18 24\tZürich\n")


def choose_tags(choices: dict[str, str]):
    """An action for the mapping dialog: pick the tag (by its label) of each label
    named, then press Import."""

    def act(dialog: LabelMappingDialog) -> None:
        for label, tag_label in choices.items():
            combo = dialog.combos[label]
            index = combo.findText(tag_label)
            assert index >= 0, f"no tag {tag_label!r} offered for {label!r}"
            combo.setCurrentIndex(index)
        dialog.accept()

    return act


def test_a_brat_import_maps_labels_as_chosen_and_saves_as_tei(qtbot, dialogs, tmp_path):
    window = make_window(qtbot)
    dialogs.open_path = str(write_pair(tmp_path, ANN, TEXT))
    shown = on_modal(LabelMappingDialog, choose_tags({"Person": "Actor", "Gadget": "Weapon"}))
    window.main_menu.import_actions["brat"].trigger()
    assert shown, "the mapping dialog was not shown"
    dialog = shown[0]
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text()
            for r in range(dialog.table.rowCount())}
    assert rows == {"Person": "2", "Gadget": "1", "Place": "1"}
    doc = window.annotated
    assert doc.document.text == TEXT
    found = {(doc.document.text[a.start:a.end], doc.tagset[a.tag].label)
             for a in doc.annotations}
    # Offsets count code points: the emoji before "met" and the flag before "army"
    # shift nothing.
    assert found == {("Ana", "Actor"), ("Olaf", "Actor"), ("IRIS-T", "Weapon"),
                     ("Zürich", "Place")}
    assert "Place" in {t.label for t in doc.tagset}  # a new tag for the unknown label
    assert any("annotations imported" in e for e in dialogs.errors), dialogs.errors
    assert window.files.is_modified  # nothing of it is saved yet
    # Save proposes the brat file's name as TEI, and what it writes reopens the same.
    dialogs.save_path = str(tmp_path / "doc.xml")
    assert window.files.save()
    assert dialogs.offered[-1].endswith("doc.xml")
    reopened = open_document(tmp_path / "doc.xml").document
    assert {(reopened.document.text[a.start:a.end], reopened.tagset[a.tag].label)
            for a in reopened.annotations} == found


def test_cancelling_the_mapping_keeps_the_open_document(qtbot, dialogs, tmp_path, sample_text):
    window = make_window(qtbot)
    source = tmp_path / "article.txt"
    source.write_text(sample_text, encoding="utf-8")
    assert window.files.open_path(source, ask=False)
    dialogs.open_path = str(write_pair(tmp_path, ANN, TEXT))
    shown = on_modal(LabelMappingDialog, lambda dialog: dialog.reject())
    assert not window.main_menu.exchange.import_file("brat")
    assert shown
    assert window.session.source_path == source
    assert window.annotated.document.text.startswith(sample_text[:40])


def test_a_broken_file_is_reported_and_the_document_stays(qtbot, dialogs, tmp_path,
                                                         sample_text):
    window = make_window(qtbot)
    source = tmp_path / "article.txt"
    source.write_text(sample_text, encoding="utf-8")
    assert window.files.open_path(source, ask=False)
    broken = tmp_path / "broken.tsv"
    broken.write_text("this is not WebAnno TSV\n", encoding="utf-8")
    dialogs.open_path = str(broken)
    assert not window.main_menu.exchange.import_file("webanno-tsv")
    assert any("broken.tsv" in e for e in dialogs.errors), dialogs.errors
    assert window.session.source_path == source


def test_annotations_without_their_text_ask_for_it(qtbot, dialogs, tmp_path, monkeypatch):
    """W3C Web Annotations name their text; when it is not beside them the window asks
    for the text file instead of failing."""
    window = make_window(qtbot)
    text_file = tmp_path / "elsewhere" / "article.txt"
    text_file.parent.mkdir()
    text_file.write_text(TEXT, encoding="utf-8")
    annotations = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage",
                   "items": [{"type": "Annotation", "body": {"type": "TextualBody",
                                                             "purpose": "tagging",
                                                             "value": "Person"},
                              "target": {"source": "missing.txt", "selector": [
                                  {"type": "TextPositionSelector", "start": 0, "end": 3}]}}]}
    anno = tmp_path / "notes.jsonld"
    anno.write_text(json.dumps(annotations), encoding="utf-8")
    asked: list[str] = []

    def open_name(_parent, caption="", *_args, **_kwargs):
        asked.append(caption)
        return (str(anno) if len(asked) == 1 else str(text_file)), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_name))
    on_modal(LabelMappingDialog, lambda dialog: dialog.accept())
    assert window.main_menu.exchange.import_file("w3c")
    assert len(asked) == 2 and "Text" in asked[1]
    doc = window.annotated
    assert [doc.document.text[a.start:a.end] for a in doc.annotations] == ["Ana"]


def test_a_file_of_several_documents_asks_which(qtbot, dialogs, tmp_path):
    window = make_window(qtbot)
    tasks = [{"data": {"text": f"Document number {n} names Berlin."},
              "annotations": [{"result": [{"type": "labels", "from_name": "label",
                                           "to_name": "text",
                                           "value": {"start": 24, "end": 30,
                                                     "text": "Berlin",
                                                     "labels": ["Place"]}}]}]}
             for n in (1, 2, 3)]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    dialogs.open_path = str(path)

    def pick_second(box: QInputDialog) -> None:
        box.setIntValue(2)
        box.accept()

    asked = on_modal(QInputDialog, pick_second, timeout_ms=20_000)
    on_modal(LabelMappingDialog, lambda dialog: dialog.accept(), timeout_ms=20_000)
    assert window.main_menu.exchange.import_file("labelstudio")
    assert asked
    assert window.annotated.document.text.startswith("Document number 2")
    assert [window.annotated.document.text[a.start:a.end]
            for a in window.annotated.annotations] == ["Berlin"]


def test_export_to_brat_writes_both_files_and_asks_before_replacing(qtbot, dialogs,
                                                                     tmp_path):
    window = make_window(qtbot)
    dialogs.open_path = str(write_pair(tmp_path, ANN, TEXT))
    on_modal(LabelMappingDialog, lambda dialog: dialog.accept())
    assert window.main_menu.exchange.import_file("brat")
    out = tmp_path / "out"
    out.mkdir()
    (out / "copy.txt").write_text("somebody's text", encoding="utf-8")
    dialogs.save_path = str(out / "copy.ann")
    # The .txt beside it exists: the export asks, and "Cancel" writes nothing.
    dialogs.button = "Cancel"
    assert not window.main_menu.exchange.export_file("brat")
    assert not (out / "copy.ann").exists()
    assert (out / "copy.txt").read_text(encoding="utf-8") == "somebody's text"
    dialogs.button = "Replace"
    window.main_menu.foreign_export_actions["brat"].trigger()
    assert (out / "copy.txt").read_bytes() == TEXT.encode("utf-8")
    again = import_foreign(out / "copy.ann", "brat").document
    assert sorted((again.document.text[a.start:a.end], again.tagset[a.tag].label)
                  for a in again.annotations) == sorted(
        (window.annotated.document.text[a.start:a.end], window.annotated.tagset[a.tag].label)
        for a in window.annotated.annotations)


def test_the_menus_offer_every_format(qtbot, dialogs):
    window = make_window(qtbot)
    menu = window.main_menu
    imports = [a.text() for a in menu.import_menu.actions()]
    exports = [a.text() for a in menu.export_menu.actions() if not a.isSeparator()]
    assert any("brat" in t for t in imports) and any("CATMA" in t for t in imports)
    assert len(imports) == 9
    assert any("WebAnno" in t for t in exports) and any("Label Studio" in t for t in exports)
    # No document: nothing to export, but an import is possible.
    assert not menu.foreign_export_actions["brat"].isEnabled()
    assert menu.import_actions["brat"].isEnabled()
    assert QApplication.activeModalWidget() is None
