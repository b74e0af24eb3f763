"""The window in German (annotator.gui.i18n): nothing left in English, plural forms,
the built-in tagset's German labels, files that stay the same whatever the language,
accelerators that do not clash, and translation files that are what their sources make.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import SAMPLE_TXT, make_window, nth, shift_select, tag_with_key
from lxml import etree
from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTableWidget,
    QTreeView,
    QWidget,
)

from annotator.gui import dialogs, i18n, settings
from annotator.gui.document_panel import MarkupDialog
from annotator.gui.entity_panel import IdentifiersDialog
from annotator.gui.i18n import tr
from annotator.gui.mainwindow import MainWindow
from annotator.gui.tagset_editor import AttributeDialog, TagsetEditor

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LRELEASE = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "pyside6-lrelease"

# Texts that are the same in both languages on purpose: names, formats, symbols, and
# words German borrows ("Person", "Organisation", "Name", "Tag", "Text" …).
SAME_IN_GERMAN = {
    "Annotator", "TEI", "Tags", "Tag", "Tag:", "Text", "Text:", "Name", "Name:", "URL", "URL:",
    "Person", "Organisation",
    "Position", "Element", "Esc", "OK", "Wikidata", "ISO 3166", "URI", "English", "Deutsch",
    "↑", "↓", "✕", "αu",  # (γ and α pass as not words)
}
# Formats named after their tools ("WebAnno TSV 3.3 (INCEpTION, WebAnno)…"), key
# names ("F3"), numbers, ids and colours are not words to translate.
NOT_WORDS = re.compile(r"^(?:[^A-Za-z]*|.*(?:WebAnno|UIMA|W3C|CoNLL|Label Studio|doccano|"
                       r"CATMA|Recogito|JSON).*|[A-Z][a-z]?\+.*|F\d+|#[0-9a-f]{6}|[a-z]+-?\d*)$")


@pytest.fixture
def german(qapp) -> Iterator[None]:
    assert i18n.use_language("de"), "annotator_de.qm is missing"
    try:
        yield
    finally:
        i18n.use_language("en")


def _texts_of(widget: QWidget) -> set[str]:
    """Every text a person can read in ``widget`` and its children: labels, buttons,
    fields' placeholders, tooltips, titles, list items, headers, actions and menus."""
    found: set[str] = set()

    def add(*texts: str) -> None:
        for text in texts:
            text = text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
            if text:
                found.add(text)

    def actions(items: list[QAction]) -> None:
        for action in items:
            add(action.text(), action.toolTip(), action.statusTip(), action.iconText())
            if action.menu() is not None:
                menu = action.menu()
                add(menu.title())
                actions(menu.actions())

    for child in [widget, *widget.findChildren(QWidget)]:
        add(child.toolTip(), child.windowTitle() if child.isWindow() else "")
        actions(child.actions())
        if isinstance(child, QLabel | QAbstractButton):
            add(child.text())
        if isinstance(child, QLineEdit | QPlainTextEdit):
            add(child.placeholderText())
        if isinstance(child, QGroupBox):
            add(child.title())
        if isinstance(child, QDockWidget):
            add(child.windowTitle())
        if isinstance(child, QMenu):
            add(child.title())
        if isinstance(child, QTabBar):
            add(*(child.tabText(i) for i in range(child.count())))
        if isinstance(child, QComboBox):
            add(*(child.itemText(i) for i in range(child.count())))
            add(*(child.itemData(i, Qt.ItemDataRole.ToolTipRole) or ""
                  for i in range(child.count())))
        if isinstance(child, QTableView | QTreeView) and child.model() is not None:
            model = child.model()
            add(*(str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                  for c in range(model.columnCount(QModelIndex()))))
        if isinstance(child, QTableWidget):
            add(*(child.item(r, c).text() for r in range(child.rowCount())
                  for c in range(child.columnCount()) if child.item(r, c) is not None))
    return found


def _window_texts(qtbot, tmp_path: Path) -> set[str]:
    """The texts of a window with the sample open and its commitment selected, of its
    status bar and of the dialogs of its menus (Preferences, shortcuts, tagset editor,
    a new attribute, the first start's question)."""
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    texts = {window.statusBar().currentMessage()}
    tag_with_key(qtbot, window, "Pete Hegseth", Qt.Key.Key_1)
    texts.add(window.statusBar().currentMessage())
    window.entity_dock.raise_()
    texts |= _texts_of(window)
    tag_with_key(qtbot, window, "ein System zu liefern", Qt.Key.Key_3)
    texts.add(window.statusBar().currentMessage())
    texts |= _texts_of(window)
    store = window.annotated.annotations
    entity = next(iter(store.entities.values()))
    for dialog in (dialogs.PreferencesDialog(window), dialogs.NameDialog(window),
                   IdentifiersDialog(entity, window), MarkupDialog(window.annotated, window),
                   dialogs.ShortcutsDialog(window.main_menu.all_actions(), window),
                   TagsetEditor(window.annotated.tagset, window.annotated.annotations.counts(),
                                window),
                   AttributeDialog(list(window.annotated.tagset), None, lambda _d: None, window)):
        texts |= _texts_of(dialog)
        dialog.deleteLater()
    texts |= _suggestion_texts(qtbot, window)
    window.undo_stack.setClean()
    texts |= _corpus_texts(window, tmp_path)
    window.close()
    return {t for t in texts if t}


def _suggestion_texts(qtbot, window: MainWindow) -> set[str]:
    """The status bar going through suggestions, accepting and rejecting one, and the
    sources dialog (gui/suggestions.py)."""
    from annotator.gui.suggestions import SourcesDialog

    controller = window.suggestions
    controller.show_action.trigger()
    qtbot.waitUntil(lambda: bool(controller.suggestions) and not controller.learning,
                    timeout=20000)
    window.view.clear_selection()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    texts = {window.statusBar().currentMessage()}
    qtbot.keyClick(window.view, Qt.Key.Key_Backspace)
    texts.add(window.statusBar().currentMessage())
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    texts.add(window.statusBar().currentMessage())
    dialog = SourcesDialog(controller, window)
    texts |= _texts_of(dialog)
    dialog.deleteLater()
    controller.show_action.trigger()
    return texts


def _corpus_texts(window: MainWindow, tmp_path: Path) -> set[str]:
    """The texts of the corpus docks with a corpus open, a search done and a document of
    it shown, and of the corpus's dialogs, the chart and the import's label mapping."""
    from annotator.corpus import Corpus
    from annotator.gui.chart import ChartDialog
    from annotator.gui.corpus_panel import AnnotateAllDialog, ConflictDialog, MetadataDialog
    from annotator.gui.exchange import LabelMappingDialog
    from annotator.model import default_tagset
    from annotator.team.sync import KeptConflict

    folder = tmp_path / f"corpus-{i18n.current_language()}"
    sources = tmp_path / f"in-{i18n.current_language()}"
    sources.mkdir()
    (sources / "a.txt").write_text("Norwegen liefert ein Patriot-System.\n", encoding="utf-8")
    (sources / "b.txt").write_text("Die Ukraine erhält Patriot-Raketen.\n", encoding="utf-8")
    Corpus.create(folder)
    assert window.corpus.open_corpus(str(folder))
    texts = {window.statusBar().currentMessage()}
    assert window.corpus.add_documents([str(sources)])
    texts.add(window.statusBar().currentMessage())
    assert window.corpus.open_document(window.corpus_dock.shown_documents()[0])
    texts.add(window.statusBar().currentMessage())
    window.entity_dock.raise_()
    texts |= _texts_of(window.corpus.mentions_panel)
    window.corpus.show_search()
    window.corpus.search_and_show("Patriot*", False)
    texts |= _texts_of(window.search_dock)
    window.corpus_dock.raise_()
    texts |= _texts_of(window.corpus_dock) | {window.corpus_dock.count_label.text()}
    hits = window.search_dock.model.hits
    corpus = window.corpus.corpus
    rows = [{"donor": "Norwegen", "date": "2025-07-10", "stage": "pledged"},
            {"donor": "", "date": "", "stage": "pledged"}]
    uses = [type("Use", (), {"label": "Person", "count": 2, "event": False,
                             "proposed": None})()]
    # The team: a sync without a remote (it says so), the conflicts dialog.
    window.corpus.sync()
    texts.add(window.statusBar().currentMessage())
    kept = KeptConflict(tmp_path / "c.xml", "entities.xml", "", "<a/>", "<b/>")
    for dialog in (ConflictDialog([kept], window),
                   AnnotateAllDialog("Patriot*", hits, window.corpus.titles(), corpus.tagset,
                                     window),
                   MetadataDialog(corpus.info(hits[0].document), "new", window),
                   ChartDialog(rows, corpus.title, window),
                   LabelMappingDialog(uses, default_tagset(), "x.ann", window),
                   _agreement_dialog(corpus, window)):
        texts |= _texts_of(dialog)
        dialog.deleteLater()
    texts |= _curation_texts(window)
    window.corpus.close_corpus()
    return texts


def _agreement_dialog(corpus, window: MainWindow):
    """The agreement window of two annotators who differ in a tag, a span and a
    commitment's field (and one document only one of them annotated)."""
    from annotator.gui.agreement_view import AgreementDialog
    from annotator.team.agreement import DocumentUnits, Unit, agreement

    def pledge(name: str, item: str) -> Unit:
        return Unit(name, 0, 30, "commitment", "liefert",
                    fields=(("donor", "Norwegen"), ("item", item), ("stage", "")))

    units = {"ana": [Unit("ana", 0, 8, "actor", "Norwegen"), pledge("ana", "Patriot")],
             "bo": [Unit("bo", 0, 8, "weapon", "Norwegen"), pledge("bo", "IRIS-T")]}
    report = agreement([DocumentUnits("eins", "", 40, units),
                        DocumentUnits("zwei", "", 10, {"ana": []})], ["ana", "bo"],
                       event_tags={"commitment"}, samples=3)
    dialog = AgreementDialog(corpus.title, ["ana", "bo"], corpus.tagset, window)
    dialog.show_report(report)
    return dialog


def _curation_texts(window: MainWindow) -> set[str]:
    """The curation view of a document two annotators read differently: a disagreement
    shown, one decided and shown, the edit dialog, the list's context menu."""
    from annotator.gui.curation_view import EditDialog
    from annotator.model import edits

    corpus = window.corpus.corpus
    doc_id = window.corpus_dock.shown_documents()[0]
    for name, phrase in (("Ana", "Patriot-System"), ("Bo", "ein Patriot-System")):
        session = corpus.open_document(doc_id, name)
        doc = session.document
        start = doc.document.text.find(phrase)
        if start < 0:
            start = doc.document.text.index("Patriot")
            phrase = "Patriot"
        edits.add(doc, [(start, start + len(phrase), "weapon")],
                  doc.annotator_for(name).id).apply(doc)
        session.write(session.tei_path, name)
    view = window.corpus.curate(doc_id)
    assert view is not None
    lanes = {f"<b>{s.number} · {s.name}</b>" for s in view.curation.sources}
    texts = (_texts_of(view) - lanes) | {view.statusBar().currentMessage()}
    texts |= {view.list.item(i).text() for i in range(view.list.count())}
    dialog = EditDialog(view.curation, view.curation.disagreements[0], view)
    texts |= _texts_of(dialog)
    dialog.deleteLater()
    view.take(1)
    view.list.setCurrentRow(view.list.count() - 1)
    texts |= {view.detail.text(), view.statusBar().currentMessage()}
    texts |= {view.list.item(i).text() for i in range(view.list.count())}
    texts |= {a.text() for a in window.corpus_dock.context_menu(doc_id).actions()}
    view.close()
    return texts


def _of_the_document(text: str) -> bool:
    """The document's own file name or text, which no language changes."""
    words = re.sub(r"<[^>]*>", "", text).strip("“”")
    return SAMPLE_TXT.stem in text or words in SAMPLE_TXT.read_text(encoding="utf-8")


def _untranslated(english: set[str], german: set[str]) -> set[str]:
    return {t for t in english & german if t not in SAME_IN_GERMAN and not NOT_WORDS.match(t)
            and not _of_the_document(t)}


def test_the_german_window_shows_no_english_text(qtbot, tmp_path, dialogs):
    """Every text of the English window that the German one shows as it is, is one the
    allow-list names: anything else was not put through tr() or not translated."""
    english = _window_texts(qtbot, tmp_path)
    assert "&File" not in english and "File" in english  # the walk sees the menus
    assert i18n.use_language("de")
    try:
        german = _window_texts(qtbot, tmp_path)
    finally:
        i18n.use_language("en")
    assert {"Datei", "Bearbeiten", "Annotieren", "Ansicht", "Hilfe"} <= german
    assert "Einstellungen" in german and "Tagset bearbeiten" in german
    assert not _untranslated(english, german)


def test_the_check_finds_an_untranslated_text():
    assert _untranslated({"File", "Open Recent", "TEI", "3"},
                         {"Datei", "Open Recent", "TEI", "3"}) == {"Open Recent"}


def _mnemonics(menu: QMenu | QWidget) -> list[str]:
    letters = []
    for action in menu.actions():
        match = re.search(r"&([^&])", action.text().replace("&&", ""))
        if match and action.isVisible() and not action.isSeparator():
            letters.append(match.group(1).lower())
    return letters


def _menus(window: MainWindow) -> Iterator[tuple[str, QMenu | QWidget]]:
    yield "menu bar", window.menuBar()

    def walk(menu: QMenu) -> Iterator[tuple[str, QMenu]]:
        yield menu.title(), menu
        for action in menu.actions():
            if action.menu() is not None:
                yield from walk(action.menu())

    for action in window.menuBar().actions():
        yield from walk(action.menu())


@pytest.mark.parametrize("language", ["en", "de"])
def test_no_two_items_of_a_menu_share_an_accelerator(qtbot, language):
    assert i18n.use_language(language)
    try:
        window = make_window(qtbot)
        assert window.files.open_path(SAMPLE_TXT, ask=False)
        checked = 0
        for title, menu in _menus(window):
            letters = _mnemonics(menu)
            clashes = {letter for letter in letters if letters.count(letter) > 1}
            assert not clashes, f"{language}: {title} has {clashes} more than once"
            checked += 1
        assert checked >= 6
        if language == "de":
            titles = [a.text() for a in window.menuBar().actions()]
            assert titles == ["&Datei", "&Bearbeiten", "&Annotieren", "&Korpus", "A&nsicht",
                              "&Vorschläge", "&Hilfe"]
        window.close()
    finally:
        i18n.use_language("en")


def test_shortcuts_stay_the_standard_ones(qtbot, german):
    window = make_window(qtbot)
    menu = window.main_menu
    assert menu.save_action.shortcut().toString() == "Ctrl+S"
    assert menu.find_action.shortcut().toString() == "Ctrl+F"
    assert menu.save_action.text() == "&Speichern"
    window.close()


def test_plural_forms(german):
    assert tr("%Ln annotation(s)", "", 1) == "1 Annotation"
    assert tr("%Ln annotation(s)", "", 3) == "3 Annotationen"
    assert tr("%Ln annotation(s)", "", 0) == "0 Annotationen"
    # %Ln writes the number as the locale does.
    assert tr("%Ln annotation(s)", "", 12345) == "12.345 Annotationen"
    assert tr("%Ln entity/entities", "", 1) == "1 Entität"
    assert tr("%Ln entity/entities", "", 2) == "2 Entitäten"


def test_plural_forms_in_english(qapp):
    assert tr("%Ln annotation(s)", "", 1) == "1 annotation"
    assert tr("%Ln annotation(s)", "", 3) == "3 annotations"
    assert tr("%Ln annotation(s)", "", 12345) == "12,345 annotations"
    assert tr("%Ln entity/entities", "", 1) == "1 entity"
    assert tr("%Ln entity/entities", "", 5) == "5 entities"


def test_the_status_bar_counts_in_german(qtbot, german, dialogs):
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    for phrase in ("Pete Hegseth", "Boris Pistorius"):
        tag_with_key(qtbot, window, phrase, Qt.Key.Key_1)
    assert "Akteur" in window.counts_label.text()
    assert window.entity_dock.status.text().startswith("2 Entitäten · 2 Erwähnungen")
    window.undo_stack.setClean()
    window.close()


def test_dates_and_numbers_follow_the_locale(german):
    assert QLocale().language() == QLocale.Language.German
    assert i18n.number(1234567) == "1.234.567"
    i18n.use_language("en")
    assert i18n.number(1234567) == "1,234,567"


def test_the_built_in_tagset_has_german_labels(qtbot, german, dialogs):
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    assert [a.text() for a in window.main_menu.tag_actions.values()] == \
        ["Akteur", "Waffe", "Zusage"]
    tag_with_key(qtbot, window, "ein System zu liefern", Qt.Key.Key_3)
    form = window.attribute_dock._form
    labels = [label.text() for label in form.labels()]
    assert labels[:4] == ["Geber", "Empfänger", "Lieferant", "Gegenstand"]
    assert {"Menge", "Einheit", "Stufe", "Gemeldet von", "Währung"} <= set(labels)
    stage = form.fields["stage"].combo
    assert [stage.itemText(i) for i in range(stage.count())][1:3] == ["angekündigt", "zugesagt"]
    assert [stage.itemData(i) for i in range(stage.count())][1:3] == ["announced", "pledged"]
    window.undo_stack.setClean()
    window.close()


def test_a_tag_the_user_renamed_is_shown_as_it_is(german):
    from annotator.model.tagset import default_tagset

    tagset = default_tagset()
    tagset.rename("actor", "Beteiligter")
    assert i18n.tag_label(tagset["actor"]) == "Beteiligter"
    assert i18n.tag_label(tagset["weapon"]) == "Waffe"


def _saved(qtbot, tmp_path: Path, name: str) -> bytes:
    """Tag the sample (an actor, a commitment with its donor and stage), save it."""
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    actor = tag_with_key(qtbot, window, "Pete Hegseth", Qt.Key.Key_1)
    tag_with_key(qtbot, window, "ein System zu liefern", Qt.Key.Key_3)
    form = window.attribute_dock
    assert form.fill_reference("donor", actor)
    stage = form._form.fields["stage"].combo
    stage.activated.emit(stage.findData("pledged"))
    path = tmp_path / name
    assert window.files.save_to(path)
    window.close()
    return path.read_bytes()


def _without_times(data: bytes) -> bytes:
    return re.sub(rb'(when|notAfter|notBefore)="[^"]*"', b"", data)


def test_a_file_saved_in_german_is_the_one_saved_in_english(qtbot, tmp_path, dialogs):
    settings.put("annotator_name", "Ada")
    english = _saved(qtbot, tmp_path, "english.xml")
    assert i18n.use_language("de")
    try:
        german = _saved(qtbot, tmp_path, "german.xml")
    finally:
        i18n.use_language("en")
    assert b'"pledged"' in german or b">pledged<" in german
    for word in ("Akteur", "Zusage", "Geber", "zugesagt"):
        assert word.encode() not in german
    assert _without_times(german) == _without_times(english)


def test_the_language_is_chosen_in_preferences(qtbot, monkeypatch):
    dialog = dialogs.PreferencesDialog()
    qtbot.addWidget(dialog)
    box = dialog.language_box
    assert [box.itemData(i) for i in range(box.count())] == ["", "en", "de"]
    assert box.currentData() == ""
    box.setCurrentIndex(box.findData("de"))
    dialog.accept()
    assert settings.get("language") == "de"
    monkeypatch.delenv(i18n.LANGUAGE_VARIABLE)
    assert i18n.chosen_language(settings.get("language")) == "de"
    monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, "en")
    assert i18n.chosen_language("de") == "en"  # the variable wins (the tests' English)


def test_without_a_choice_the_system_language_is_used(monkeypatch, qapp):
    monkeypatch.delenv(i18n.LANGUAGE_VARIABLE)
    try:
        QLocale.setDefault(QLocale(QLocale.Language.German))
        # QLocale.system() is the process's locale, not the default: what LANG says.
        assert i18n.chosen_language("") == i18n.system_language()
        assert i18n.system_language() in i18n.LANGUAGES
    finally:
        i18n.use_language("en")


def test_the_compiled_translations_are_what_their_sources_make(tmp_path):
    """The .qm files are committed (an sdist build needs no Qt tools): each must be what
    pyside6-lrelease makes of its .ts. `make translations` makes them again."""
    lrelease = shutil.which("pyside6-lrelease") or str(LRELEASE)
    sources = sorted(TRANSLATIONS.glob("annotator_*.ts"))
    assert {p.stem for p in sources} == {"annotator_de", "annotator_en"}
    for source in sources:
        built = tmp_path / f"{source.stem}.qm"
        subprocess.run([lrelease, "-silent", str(source), "-qm", str(built)], check=True)
        shipped = source.with_suffix(".qm")
        assert shipped.is_file(), f"{shipped.name} is missing: run make translations"
        assert shipped.read_bytes() == built.read_bytes(), \
            f"{shipped.name} is older than {source.name}: run make translations"


def test_the_german_translation_is_complete():
    unfinished = []
    for message in etree.parse(str(TRANSLATIONS / "annotator_de.ts")).iter("message"):
        translation = message.find("translation")
        if translation.get("type") in ("unfinished", "vanished", "obsolete") \
                or not "".join(translation.itertext()).strip():
            unfinished.append(message.findtext("source"))
    assert not unfinished


def test_the_cli_stays_english():
    """The command line's messages are for scripts: --help says where German is set."""
    out = subprocess.run([sys.executable, "-m", "annotator.cli", "--help"],
                         capture_output=True, text=True, check=True).stdout
    assert "usage" in out and "Preferences" in out and "ANNOTATOR_LANGUAGE" in out



def test_undo_names_the_edit_in_german(qtbot, german, dialogs):
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    tag_with_key(qtbot, window, "Pete Hegseth", Qt.Key.Key_1)
    undo = window.main_menu.undo_action.text()
    assert undo == "&Rückgängig Als Akteur taggen (neue Entität „Pete Hegseth“)", undo
    window.undo_stack.setClean()
    window.close()


@pytest.mark.parametrize("description", [
    "Tag as Actor (new entity “Pete Hegseth”)",
    "Delete 3 annotations (and 2 references to it) and entity “NATO”",
    "Merge “A”, “B” into “C”",
    "Something the window does not know",
])
def test_undo_texts_stay_as_the_model_says_them_in_english(qapp, description):
    from annotator.gui.model_texts import undo_text

    assert undo_text(description) == description


def test_undo_texts_in_german(german):
    from annotator.gui.model_texts import undo_text

    assert undo_text("Delete 3 annotations (and 1 reference to it) and entity “NATO”") == \
        "3 Annotationen löschen (und 1 Verweis darauf) und Entität „NATO“"
    assert undo_text("Set Donor") == "Geber setzen"
    assert undo_text("Something new") == "Something new"


def test_progress_steps_in_german(german):
    from annotator.gui.tasks import step_text

    assert step_text("Saving patriot-de.xml…") == "patriot-de.xml wird gespeichert…"
    assert step_text("Writing Annotation table (CSV)…") == \
        "Annotationstabelle (CSV) wird geschrieben…"
    assert step_text("Something else…") == "Something else…"
    # every step the agreement reports (annotator.team.agreement)
    assert step_text("Aligning bericht-1 (1 of 3)…") == "Zuordnen: bericht-1 (1 of 3)…"
    assert step_text("Estimating chance disorder (all tags)…") == \
        "Zufällige Unordnung wird geschätzt (alle Tags)…"
    assert step_text("Estimating chance disorder (actor)…") == \
        "Zufällige Unordnung wird geschätzt (actor)…"
    assert step_text("Unitizing α and span F1…") == "Unitizing-α und Span-F1…"
    assert step_text("Commitments and disagreements…") == "Zusagen und Abweichungen…"


def test_a_refusal_is_said_in_german(qtbot, german, dialogs):
    """Tagging the same span twice with the same tag is refused, in German."""
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    tag_with_key(qtbot, window, "Pete Hegseth", Qt.Key.Key_1)
    window.view.clear_selection()
    shift_select(qtbot, window, nth("Pete Hegseth"), len("Pete Hegseth"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert window.statusBar().currentMessage() == "„Pete Hegseth“ ist schon als Akteur annotiert"
    window.undo_stack.setClean()
    window.close()


def test_the_tagset_editor_in_german_changes_nothing_unasked(qtbot, german):
    """The editor shows the built-in tags in German; leaving their fields as shown keeps
    the tagset (and so the saved files) as it was."""
    from annotator.model.tagset import default_tagset

    editor = TagsetEditor(default_tagset(), {}, None)
    qtbot.addWidget(editor)
    assert editor.label_edit.text() == "Akteur"
    assert editor.description_edit.text().startswith("Ein Staat")
    editor.label_edit.editingFinished.emit()
    editor.description_edit.editingFinished.emit()
    assert editor.tagset() == default_tagset()
    stage = default_tagset()["commitment"].attribute("stage")
    dialog = AttributeDialog(list(default_tagset()), stage, lambda _d: None)
    qtbot.addWidget(dialog)
    assert dialog.label_edit.text() == "Stufe"
    assert dialog.choices_edit.toPlainText().startswith("angekündigt\nzugesagt")
    assert dialog.definition() == stage
    editor.label_edit.setText("Beteiligter")
    editor.label_edit.editingFinished.emit()
    assert editor.tagset()["actor"].label == "Beteiligter"


def test_what_opening_noticed_is_said_in_german(qtbot, tmp_path, german, dialogs):
    """A Windows text file: the status bar says its line endings were converted."""
    windows = tmp_path / "windows.txt"
    windows.write_bytes(b"Erster Absatz.\r\nZweiter Absatz.\r\n")
    window = make_window(qtbot)
    assert window.files.open_path(windows, ask=False)
    assert window.statusBar().currentMessage() == \
        "windows.txt geöffnet — Zeilenenden in LF umgewandelt (Windows CRLF)"
    window.close()


def test_model_texts_it_does_not_know_stay_as_they_are(german):
    from annotator.gui.model_texts import error_text, note_text

    assert note_text("something new was noticed") == "something new was noticed"
    assert error_text("a refusal of a new kind") == "a refusal of a new kind"
    assert note_text("line endings converted to LF (old Mac CR)") == \
        "Zeilenenden in LF umgewandelt (altes Mac-CR)"


def test_every_name_of_the_built_in_tagset_and_the_formats_is_translated(german):
    """The built-in tagset and the export formats are defined below the window: a label,
    description or choice added there needs its line in i18n._BELOW_THE_WINDOW and a
    German translation (make translations, then Qt Linguist)."""
    from annotator.files import EXPORT_FORMATS
    from annotator.model.tagset import default_tagset

    texts = set()
    for tag in default_tagset():
        texts |= {tag.label, tag.description}
        for attribute in tag.attributes:
            texts |= {attribute.label, attribute.description}
            if attribute.kind == "choice":
                texts |= set(attribute.labels())
    texts |= {label for label, _suffix in EXPORT_FORMATS.values()}
    same = {"Person", "Organisation"}
    assert not sorted(t for t in texts - same if t and tr(t) == t)
