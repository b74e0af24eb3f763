"""The corpus in the window: make one, import a folder, open documents from the list and
with Alt+Right/Alt+Left, search and open at a hit, annotate all after a review, edit
a document's metadata, export a corpus table and check the corpus. Real widgets,
real files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from gui_helpers import make_active, make_window, on_modal, shift_select
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from annotator.corpus import Corpus, layout
from annotator.gui import settings
from annotator.gui.corpus_panel import AnnotateAllDialog, MetadataDialog

TEXTS = {
    "a-bericht.txt": "Deutschland bezahlt zwei Patriot-Systeme.\n\nDer Ukraine-Krieg dauert an.\n",
    "b-meldung.txt": "Norwegen liefert ein Patriot-System an die Ukraine.\n\nUkraines Städte.\n",
    "c-notiz.txt": "Die USA verkaufen Waffen an NATO-Mitglieder 😀 und die Ukraine.\n",
}


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    sources = tmp_path / "in"
    sources.mkdir()
    for name, text in TEXTS.items():
        (sources / name).write_text(text, encoding="utf-8")
    (sources / "kaputt.xml").write_text("<TEI><text>", encoding="utf-8")
    chosen = {"folder": str(tmp_path / "corpus")}
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a, **_k: chosen["folder"]))
    settings.put("annotator_name", "Ana")
    return {"corpus": tmp_path / "corpus", "sources": sources}


def corpus_window(qtbot, folders):
    window = make_window(qtbot)
    window.main_menu.new_corpus_action.trigger()
    assert window.corpus.corpus is not None
    assert window.corpus_dock.isVisible()
    assert window.corpus.add_documents([str(folders["sources"])])
    return window


def test_new_corpus_and_import_a_folder(qtbot, dialogs, folders):
    window = corpus_window(qtbot, folders)
    dock = window.corpus_dock
    assert dock.model.rowCount() == 3
    assert dock.count_label.text() == "3 documents"
    # The broken file is named in the import summary, with its reason; the rest came in.
    assert any("kaputt.xml" in e for e in dialogs.errors), dialogs.errors
    titles = sorted(dock.model.rows[r].info.title for r in range(3))
    # A text's first line, short and followed by more, is its headline: its title.
    assert titles == ["Deutschland bezahlt zwei Patriot-Systeme.",
                      "Norwegen liefert ein Patriot-System an die Ukraine.", "c-notiz"]
    # Filtering by title narrows the list.
    dock.filter_edit.setText(dock.model.rows[0].info.title)
    assert dock.proxy.rowCount() == 1
    assert "1 of 3" in dock.count_label.text()
    dock.filter_edit.clear()


def test_open_from_the_list_annotate_save_and_move_on(qtbot, dialogs, folders):
    window = corpus_window(qtbot, folders)
    dock = window.corpus_dock
    shown = dock.shown_documents()
    first = dock.proxy.index(0, 0)
    dock.table.activated.emit(first)
    assert window.corpus.current_document() == shown[0]
    text = window.annotated.document.text
    corpus = window.corpus.corpus
    text_file = layout.text_path(corpus.root, shown[0])
    base = text_file.read_bytes()
    shift_select(qtbot, window, text.index("Ukraine"), len("Ukraine"))
    qtbot.keyClick(window.view, "1")
    assert len(window.annotated.annotations) == 1
    qtbot.keyClick(window.view, "s", Qt.KeyboardModifier.ControlModifier)
    own = layout.annotations_path(corpus.root, shown[0], "Ana")
    assert own.exists()
    assert text_file.read_bytes() == base  # the text is never rewritten
    # The list shows the new count in the first tag's column, and saved work is begun.
    assert dock.model.rows[dock.model.row_of(shown[0])].counts.get("actor") == 1
    assert dock.model.rows[dock.model.row_of(shown[0])].status == "inProgress"
    # Alt+Right opens the next document of the list, Alt+Left goes back.
    make_active(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.corpus.current_document() == shown[1]
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.corpus.current_document() == shown[0]
    assert [window.annotated.document.text[a.start:a.end]
            for a in window.annotated.annotations] == ["Ukraine"]
    assert dock.current_document() == shown[0]


def test_moving_on_with_unsaved_work_asks_first(qtbot, dialogs, folders):
    window = corpus_window(qtbot, folders)
    shown = window.corpus_dock.shown_documents()
    assert window.corpus.open_document(shown[0])
    text = window.annotated.document.text
    shift_select(qtbot, window, 0, 5)
    qtbot.keyClick(window.view, "2")
    from PySide6.QtWidgets import QMessageBox
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.corpus.next_document(1)
    assert dialogs.questions and window.corpus.current_document() == shown[0]
    assert text == window.annotated.document.text
    dialogs.answer = QMessageBox.StandardButton.Discard
    assert window.corpus.next_document(1)
    assert window.corpus.current_document() == shown[1]


def test_search_opens_the_document_at_the_hit(qtbot, dialogs, folders):
    window = corpus_window(qtbot, folders)
    window.main_menu.search_corpus_action.trigger()
    search = window.search_dock
    assert search.isVisible()
    qtbot.keyClicks(search.query_edit, "Ukraine")
    qtbot.keyClick(search.query_edit, Qt.Key.Key_Return)
    hits = search.model.hits
    # Whole words: "Ukraine-Krieg" counts, "Ukraines" does not.
    assert len(hits) == 3
    assert "3 hits in 3 documents" == search.count_label.text()
    assert all("[Ukraine]" in search.model.index(r, 1).data() for r in range(3))
    search.table.activated.emit(search.model.index(2, 0))
    hit = hits[2]
    assert window.corpus.current_document() == hit.document
    assert window.view.selected_model_range() == (hit.start, hit.end)
    assert window.annotated.document.text[hit.start:hit.end] == "Ukraine"


def test_annotate_all_after_review(qtbot, dialogs, folders):
    window = corpus_window(qtbot, folders)
    search = window.search_dock
    # The two reports that name Patriot systems (their headlines are their titles).
    titles = window.corpus.titles()
    shown = sorted(d for d, title in titles.items() if "Patriot" in title)
    assert len(shown) == 2
    assert window.corpus.open_document(shown[0])
    window.corpus.show_search()
    search.query_edit.setText("Patriot*")
    search.search_button.click()
    hits = search.model.hits
    assert {h.document for h in hits} == {shown[0], shown[1]}

    def review(dialog: AnnotateAllDialog) -> None:
        dialog.tag_combo.setCurrentIndex(dialog.tag_combo.findData("weapon"))
        assert dialog.list.count() == 2
        dialog.accept()

    reviewed = on_modal(AnnotateAllDialog, review)
    search.annotate_button.click()
    assert reviewed
    # The open document: one undoable step.
    here = [window.annotated.document.text[a.start:a.end] for a in window.annotated.annotations]
    assert here == ["Patriot"]
    assert window.is_modified
    window.undo_stack.undo()
    assert len(window.annotated.annotations) == 0
    window.undo_stack.redo()
    # The other document was saved as it was done.
    corpus = Corpus.open(folders["corpus"])
    other = corpus.open_document(shown[1], "Ana").document
    assert [(other.document.text[a.start:a.end], a.tag) for a in other.annotations] == [
        ("Patriot", "weapon")]
    # Unticking leaves a hit out; spans that have the tag already are skipped.
    search.search_button.click()

    def untick(dialog: AnnotateAllDialog) -> None:
        dialog.tag_combo.setCurrentIndex(dialog.tag_combo.findData("weapon"))
        dialog.list.item(0).setCheckState(Qt.CheckState.Unchecked)
        dialog.accept()

    on_modal(AnnotateAllDialog, untick)
    report = window.corpus.annotate_all("Patriot*", search.model.hits)
    assert report is not None and report.added == 0 and report.skipped == 1


def test_metadata_edits_the_header_and_the_status(qtbot, dialogs, folders):
    window = corpus_window(qtbot, folders)
    doc_id = window.corpus_dock.shown_documents()[0]
    assert window.corpus.open_document(doc_id)
    corpus = window.corpus.corpus
    text_file = layout.text_path(corpus.root, doc_id)
    body_before = text_file.read_bytes().split(b"<text", 1)[1]

    def fill(dialog: MetadataDialog) -> None:
        dialog.edits["title"].setText("Patriot für die Ukraine")
        dialog.edits["outlet"].setText("Tagesblatt")
        dialog.edits["date"].setText("2025-07-10")
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("done"))
        dialog.accept()

    on_modal(MetadataDialog, fill)
    window.main_menu.metadata_action.trigger()
    info = corpus.info(doc_id)
    assert (info.title, info.outlet, info.date) == ("Patriot für die Ukraine", "Tagesblatt",
                                                    "2025-07-10")
    assert text_file.read_bytes().split(b"<text", 1)[1] == body_before
    row = window.corpus_dock.model.row_of(doc_id)
    assert window.corpus_dock.model.rows[row].info.title == "Patriot für die Ukraine"
    assert "Patriot für die Ukraine" in window.windowTitle()
    # The status is written with the next save.
    assert window.is_modified
    assert window.files.save()
    assert Corpus.open(folders["corpus"]).open_document(doc_id, "Ana").member.status == "done"


def test_export_a_corpus_table_and_check(qtbot, dialogs, folders, tmp_path):
    window = corpus_window(qtbot, folders)
    dialogs.save_path = str(tmp_path / "tabelle.csv")
    window.main_menu.corpus_export_actions["annotations-csv"].trigger()
    rows = list(csv.reader((tmp_path / "tabelle.csv").open(encoding="utf-8")))
    assert rows[0][:5] == ["document", "title", "outlet", "published", "url"]
    errors = len(dialogs.errors)
    window.main_menu.check_corpus_action.trigger()
    assert "is valid" in dialogs.errors[errors]
    doc_id = window.corpus_dock.shown_documents()[0]
    layout.text_path(folders["corpus"], doc_id).write_text("<TEI>", encoding="utf-8")
    window.main_menu.check_corpus_action.trigger()
    assert "text.xml" in dialogs.errors[-1]


def test_closing_the_corpus_hides_its_docks(qtbot, dialogs, folders):
    window = corpus_window(qtbot, folders)
    assert window.main_menu.add_documents_action.isEnabled()
    window.main_menu.close_corpus_action.trigger()
    assert window.corpus.corpus is None
    assert not window.corpus_dock.isVisible() and not window.search_dock.isVisible()
    assert not window.main_menu.add_documents_action.isEnabled()
    # Opening it again from its folder.
    assert window.corpus.open_corpus(str(folders["corpus"]))
    assert window.corpus_dock.model.rowCount() == 3


def drop(window, paths: list[Path]) -> bool:
    """Drag ``paths`` onto the window and drop them; whether the drag was accepted."""
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(window, QDropEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                                              Qt.MouseButton.LeftButton,
                                              Qt.KeyboardModifier.NoModifier))
    return True


def test_drop_a_corpus_folder_opens_it_and_dropped_files_are_imported(qtbot, dialogs, folders,
                                                                       tmp_path):
    Corpus.create(folders["corpus"])
    window = make_window(qtbot)
    assert not drop(window, [folders["sources"]])  # no corpus open: a folder means nothing
    assert drop(window, [folders["corpus"]])
    qtbot.waitUntil(lambda: window.corpus.corpus is not None, timeout=3000)
    extra = tmp_path / "neu.txt"
    extra.write_text("Ein neuer Bericht über Patriot-Systeme.\n", encoding="utf-8")
    assert drop(window, [extra, folders["sources"] / "a-bericht.txt"])
    qtbot.waitUntil(lambda: window.corpus_dock.model.rowCount() == 2, timeout=5000)


def test_the_next_start_opens_the_last_corpus(qtbot, dialogs, folders):
    from annotator.gui import WINDOWS, open_main_window

    window = corpus_window(qtbot, folders)
    window.close()
    started = open_main_window(ask_name=False)
    qtbot.addWidget(started)
    assert started.corpus.corpus is not None
    assert started.corpus.corpus.root == folders["corpus"]
    assert started.corpus_dock.model.rowCount() == 3
    # A corpus folder named on the command line opens as the corpus.
    started.corpus.close_corpus()
    again = open_main_window(str(folders["corpus"]), ask_name=False)
    qtbot.addWidget(again)
    assert again.corpus.corpus is not None
    for shown in list(WINDOWS):
        shown.close()


def test_chart_data_counts_by_period_and_donor():
    from annotator.gui.chart import OTHER, chart_data

    rows = [{"donor": f"Land {n % 10}", "date": f"2025-0{1 + n % 3}-10", "stage": "pledged"}
            for n in range(30)]
    rows += [{"donor": "Land 0", "date": "", "stage": "pledged"},
             {"donor": "Land 1", "date": "2025-05", "stage": "delivered"}]
    data = chart_data(rows)
    assert data.periods == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    assert data.undated == 1
    assert len(data.donors) == 9 and data.donors[-1] == OTHER  # the top eight, the rest
    assert sum(data.counts.values()) == 31
    assert data.total("2025-04") == 0  # a month without commitments stays in the chart
    delivered = chart_data(rows, "delivered")
    assert (delivered.periods, delivered.donors) == (["2025-05"], ["Land 1"])
    spread = chart_data([{"donor": "A", "date": "2015-02-01"}, {"donor": "A", "date": "2020"}])
    assert spread.periods[0] == "2015 Q1" and spread.periods[-1] == "2020 Q1"
    decades = chart_data([{"donor": "A", "date": "1990"}, {"donor": "B", "date": "2024-12"}])
    assert decades.periods[0] == "1990" and len(decades.periods) == 35


def test_the_commitments_chart_of_a_corpus_saves_as_png_and_svg(qtbot, dialogs, folders,
                                                                 tmp_path):
    from lxml import etree
    from PySide6.QtGui import QImage

    from annotator.gui.chart import ChartDialog

    example = Path(__file__).resolve().parent.parent / "resources" / "samples" \
        / "patriot-de.annotated.xml"
    window = make_window(qtbot)
    window.main_menu.new_corpus_action.trigger()
    assert window.corpus.add_documents([str(example)])
    from PySide6.QtWidgets import QApplication

    window.main_menu.chart_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ChartDialog) and w.isVisible())
    data = dialog.chart.data
    assert data.periods == ["2025-07"] and sum(data.counts.values()) == 5
    assert "Deutschland" in data.donors
    dialog.stage_combo.setCurrentIndex(dialog.stage_combo.findData("pledged"))
    assert sum(dialog.chart.data.counts.values()) == 2
    for name in ("chart.png", "chart.svg"):
        dialogs.save_path = str(tmp_path / name)
        dialog.save_button.click()
    image = QImage(str(tmp_path / "chart.png"))
    assert not image.isNull() and image.width() == 2 * dialog.chart.width()
    svg = etree.parse(str(tmp_path / "chart.svg")).getroot()
    assert svg.tag.endswith("svg") and "Norwegen" in etree.tostring(svg, encoding="unicode")
    dialog.close()
    # The deals of the corpus, as a table.
    dialogs.save_path = str(tmp_path / "deals.csv")
    window.main_menu.corpus_export_actions["deals-csv"].trigger()
    deals = list(csv.DictReader((tmp_path / "deals.csv").open(encoding="utf-8")))
    assert {d["deal"] for d in deals} == {"DE–UA Patriot 2025", "NO–UA Patriot 2025",
                                          "NATO kauft US-Waffen für die Ukraine 2025"}


def test_the_search_shows_a_first_page_and_show_all_finds_the_rest(qtbot, dialogs, folders,
                                                                    monkeypatch):
    from annotator.gui import corpus_controller

    monkeypatch.setattr(corpus_controller, "FIRST_HITS", 2)
    window = corpus_window(qtbot, folders)
    window.main_menu.search_corpus_action.trigger()
    search = window.search_dock
    qtbot.keyClicks(search.query_edit, "Ukraine")
    qtbot.keyClick(search.query_edit, Qt.Key.Key_Return)
    assert search.model.rowCount() == 2
    assert search.count_label.text() == "The first 2 hits in 2 documents; there are more"
    assert search.show_all_button.isVisible()
    qtbot.mouseClick(search.show_all_button, Qt.MouseButton.LeftButton)
    assert search.model.rowCount() == 3 and not search.show_all_button.isVisible()
    assert search.count_label.text() == "3 hits in 3 documents"
    # Annotate All on a first page reviews every hit, not only those shown.
    qtbot.keyClick(search.query_edit, Qt.Key.Key_Return)
    assert search.model.rowCount() == 2
    seen = on_modal(AnnotateAllDialog, lambda dialog: dialog.reject())
    qtbot.mouseClick(search.annotate_button, Qt.MouseButton.LeftButton)
    assert seen and len(seen[0].hits) == 3
