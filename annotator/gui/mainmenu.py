"""The main window's actions: its menus, the tag bar (an action per tag, with its key)
and whether each action can be used now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QToolBar, QWidget

from annotator import __version__ as version
from annotator.filenames import shown_name, shown_path
from annotator.files import EXPORT_FORMATS, FOREIGN_EXPORT_FORMATS, IMPORT_FORMATS
from annotator.gui import dialogs, settings, style
from annotator.gui.exchange import Exchange
from annotator.gui.i18n import format_label, tag_description, tag_label, tr
from annotator.model import Tagset

if TYPE_CHECKING:
    from annotator.gui.mainwindow import MainWindow

MARKUP_ELEMENTS = "persName, placeName, orgName …"

Keys = QKeySequence.StandardKey | str


class MainMenu:
    """The actions of one main window, in its menu bar and tag bar."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.tag_bar = QToolBar(tr("Tags"), window)
        self.tag_bar.setObjectName("tagBar")
        self.tag_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tag_bar.setMovable(False)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.tag_bar)
        self.tag_actions: dict[str, QAction] = {}
        self._tag_actions_look: tuple | None = None
        self._create_actions()
        self._create_menus()
        self.build_tag_actions(settings.default_tagset())

    # -- actions and menus --------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: Keys | list[Keys] | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcuts(key_sequences(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _create_actions(self) -> None:
        sk = QKeySequence.StandardKey
        window, files, view = self.window, self.window.files, self.window.view
        self.new_action = self._action(tr("&New from Text…"), files.new_from_text,
                                       "Ctrl+N", tr("Start annotating a plain-text article"))
        self.open_action = self._action(tr("&Open…"), files.open_file, sk.Open,
                                        tr("Open an annotated TEI file or a text file"))
        self.save_action = self._action(tr("&Save"), files.save, sk.Save)
        self.save_as_action = self._action(tr("Save &As…"), files.save_as, "Ctrl+Shift+S")
        self.quit_action = self._action(tr("&Quit"), window.close, [sk.Quit, "Ctrl+Q"])
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.export_actions = {}
        for fmt, (label, _suffix) in EXPORT_FORMATS.items():
            self.export_actions[fmt] = self._action(
                f"{format_label(label)}…", lambda _=False, f=fmt: files.export(f))
        corpus = window.corpus
        self.new_corpus_action = self._action(
            tr("New &Corpus…"), lambda: corpus.new_corpus(),
            tip=tr("Make a corpus: a folder of documents with one tagset and one entity "
                   "register"))
        self.open_corpus_action = self._action(tr("Open Cor&pus…"), lambda: corpus.open_corpus(),
                                               "Ctrl+Shift+O", tr("Open a corpus folder"))
        self.close_corpus_action = self._action(tr("Close Corpus"), lambda: corpus.close_corpus())
        self.clone_corpus_action = self._action(
            tr("&Get a Team Corpus…"), lambda: corpus.clone_corpus(),
            tip=tr("Copy a team's corpus from its Git remote into a new folder and open it"))
        self.add_documents_action = self._action(
            tr("&Add Documents…"), lambda: corpus.add_documents(),
            tip=tr("Import text files, TEI documents and news pages saved as HTML"))
        self.add_folder_action = self._action(
            tr("Add a &Folder…"), lambda: corpus.add_documents(folder=True),
            tip=tr("Import every text, TEI and HTML file of a folder and its subfolders"))
        self.next_document_action = self._action(
            tr("&Next Document"), lambda: corpus.next_document(1), "Alt+Right",
            tr("Open the next document of the corpus list"))
        self.previous_document_action = self._action(
            tr("&Previous Document"), lambda: corpus.next_document(-1), "Alt+Left",
            tr("Open the previous document of the corpus list"))
        self.search_corpus_action = self._action(
            tr("&Search Corpus…"), corpus.show_search, "Ctrl+Shift+F",
            tr("Find words and phrases in every document; annotate all hits"))
        self.metadata_action = self._action(
            tr("Document &Metadata…"), lambda: corpus.edit_metadata(),
            tip=tr("Title, outlet, date, URL, author and language of the document, and "
                   "your status"))
        self.chart_action = self._action(
            tr("Commitments C&hart…"), lambda: corpus.show_chart(),
            tip=tr("Commitments over time by donor, of one stage or all; save it as PNG or "
                   "SVG"))
        self.agreement_action = self._action(
            tr("A&greement…"), lambda: corpus.show_agreement(),
            tip=tr("How far the annotators agree (gamma, unitizing alpha, span F1, "
                   "commitment fields) and where they differ"))
        self.sync_action = self._action(
            tr("S&ync"), lambda: corpus.sync(),
            tip=tr("Commit your work and exchange it with the corpus's Git remote"))
        self.sync_with_action = self._action(
            tr("Sync &With a Remote…"), lambda: corpus.sync_with(),
            tip=tr("Give the corpus a Git remote (or another one) and sync with it"))
        self.take_next_action = self._action(
            tr("&Take Next Document"), lambda: corpus.take_next(),
            tip=tr("Take the next document that still needs annotators, and open it"))
        self.conflicts_action = self._action(
            tr("Decide C&onflicts…"), lambda: corpus.decide_conflicts(),
            tip=tr("Decide the conflicts a sync kept (both versions are in the corpus)"))
        self.curate_action = self._action(
            tr("C&urate Document…"), lambda: corpus.curate(),
            tip=tr("All annotators' annotations of the document together: take what they "
                   "agree on, decide where they differ"))
        self.check_corpus_action = self._action(
            tr("&Check Corpus"), lambda: corpus.check(),
            tip=tr("Validate every file of the corpus and list the problems"))
        from annotator.corpus.tables import EXPORTS as CORPUS_EXPORTS
        self.corpus_export_actions = {
            name: self._action(f"{tr(description)}…", lambda _=False, n=name: corpus.export(n))
            for name, (_table, _fmt, description, _suffix) in CORPUS_EXPORTS.items()
            if name != "parquet"}  # (the command line's short name of commitments-parquet)
        # The other tools' formats (docs/formats.md): reading them makes a new document.
        self.exchange = Exchange(files)
        self.import_actions = {}
        for fmt, (label, _suffixes) in IMPORT_FORMATS.items():
            self.import_actions[fmt] = self._action(
                f"{format_label(label)}…", lambda _=False, f=fmt: self.exchange.import_file(f),
                tip=tr("Open another tool's annotations as a new document"))
        self.foreign_export_actions = {}
        for fmt, (label, _suffix) in FOREIGN_EXPORT_FORMATS.items():
            self.foreign_export_actions[fmt] = self._action(
                f"{format_label(label)}…", lambda _=False, f=fmt: self.exchange.export_file(f),
                tip=tr("Write the annotations for another tool"))

        self.undo_action = files.undo_group.createUndoAction(window, tr("&Undo"))
        self.undo_action.setShortcuts(key_sequences(sk.Undo))
        self.redo_action = files.undo_group.createRedoAction(window, tr("&Redo"))
        # Ctrl+Shift+Z first (the menu shows the first) on every platform, as documented.
        self.redo_action.setShortcuts(key_sequences(["Ctrl+Shift+Z", sk.Redo]))
        window.addAction(self.undo_action)
        window.addAction(self.redo_action)
        # The Delete key only: a platform's other bindings for deleting a character
        # (Ctrl+D on X11) would delete an annotation by surprise.
        self.delete_action = self._action(tr("&Delete Annotation"), window.delete_annotation,
                                          "Del", tr("Remove the selected annotation"))
        window.removeAction(self.delete_action)
        self._scope_keys(self.delete_action)
        self.add_range_action = self._action(
            tr("Add Selection to Annot&ation"), window.add_range, "Ctrl+J",
            tr("Add the selected text to the annotation selected before it, as a separate "
               "range of the same annotation"))
        window.removeAction(self.add_range_action)
        self._scope_keys(self.add_range_action)
        self.remove_range_action = self._action(
            tr("Remove Clicked &Piece"), window.remove_range, "Ctrl+Shift+J",
            tr("Take the piece that was clicked from the selected annotation (one of several "
               "separate ranges)"))
        window.removeAction(self.remove_range_action)
        self._scope_keys(self.remove_range_action)
        self.find_action = self._action(tr("&Find…"), window.open_find, sk.Find)
        self.find_next_action = self._action(
            tr("Find &Next"), window.find_again, [sk.FindNext, "F3"],
            tr("Select the next match of the find bar's text"))
        self.find_previous_action = self._action(
            tr("Find Pre&vious"), window.find_again_backwards, [sk.FindPrevious, "Shift+F3"],
            tr("Select the match before"))
        self.preferences_action = self._action(tr("&Preferences…"), self.edit_preferences,
                                               sk.Preferences)

        self.zoom_in_action = self._action(tr("Zoom &In"), lambda: view.zoom(1),
                                           [sk.ZoomIn, "Ctrl+="])
        self.zoom_out_action = self._action(tr("Zoom &Out"), lambda: view.zoom(-1), sk.ZoomOut)
        self.zoom_reset_action = self._action(tr("&Reset Zoom"), lambda: view.zoom(None),
                                              "Ctrl+0")
        self.notes_action = self._action(tr("Show &Notes"), window.set_notes_visible,
                                         tip=tr("Show the notes of a TEI document after "
                                                "their paragraph, or hide them"))
        self.notes_action.setCheckable(True)
        self.notes_action.setChecked(view.notes_visible)
        self.markup_action = self._action(tr("Show Existing &Markup"), window.set_markup_visible,
                                          tip=tr("Underline the names the TEI file already "
                                                 "marks (persName, placeName …)"))
        self.markup_action.setCheckable(True)
        self.markup_action.setChecked(view.markup_visible)
        self.original_action = self._action(
            tr("Show Original &Spellings"), self.set_prefer_original,
            tip=tr("Show the source's reading of a TEI <choice> (sic, orig, abbr) "
                   "instead of the edited one (corr, reg, expan); reopens the document"))
        self.original_action.setCheckable(True)
        self.original_action.setChecked(bool(settings.get("prefer_original")))
        self.annotate_markup_action = self._action(
            tr("Annotate Existing &Markup…"), window.annotate_markup,
            tip=tr("Turn the names the TEI file already marks into annotations"))
        # What these two say when they are enabled; update() says why not.
        self._markup_tips = {action: action.statusTip()
                             for action in (self.markup_action, self.annotate_markup_action)}
        self.tagset_action = self._action(
            tr("Edit &Tagset…"), window.edit_tagset,
            tip=tr("Add, rename and recolour tags, set their keys and define their "
                   "attributes"))
        self.example_action = self._action(
            tr("Open Annotated &Example"), files.open_example,
            tip=tr("The sample article with every actor, weapon and commitment annotated: "
                   "a model to learn from"))
        self.about_action = self._action(tr("&About Annotator"), self.about)
        self.shortcuts_action = self._action(tr("&Keyboard Shortcuts"), self.show_shortcuts,
                                             "Ctrl+/")

    def _create_menus(self) -> None:
        window = self.window
        bar = window.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(tr("Open &Recent"))
        file_menu.addSeparator()
        file_menu.addAction(self.new_corpus_action)
        file_menu.addAction(self.open_corpus_action)
        file_menu.addAction(self.clone_corpus_action)
        file_menu.addAction(self.close_corpus_action)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        self.import_menu = file_menu.addMenu(tr("&Import"))
        self.import_menu.setToolTipsVisible(True)
        for action in self.import_actions.values():
            self.import_menu.addAction(action)
        self.export_menu = file_menu.addMenu(tr("&Export"))
        for action in self.export_actions.values():
            self.export_menu.addAction(action)
        self.export_menu.addSeparator()
        for action in self.foreign_export_actions.values():
            self.export_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(tr("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.delete_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.find_next_action)
        edit_menu.addAction(self.find_previous_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences_action)

        self.annotate_menu = bar.addMenu(tr("&Annotate"))
        # Tooltips in the menu: a greyed-out item says there why it is (Qt shows no
        # status tip for a disabled menu item).
        self.annotate_menu.setToolTipsVisible(True)

        self.corpus_menu = bar.addMenu(tr("&Corpus"))
        self.corpus_menu.setToolTipsVisible(True)
        for action in (self.add_documents_action, self.add_folder_action, None,
                       self.next_document_action, self.previous_document_action,
                       self.search_corpus_action, None, self.metadata_action, None):
            if action is None:
                self.corpus_menu.addSeparator()
            else:
                self.corpus_menu.addAction(action)
        self.corpus_menu.addAction(self.chart_action)
        self.corpus_menu.addAction(self.agreement_action)
        self.corpus_menu.addAction(self.curate_action)
        self.corpus_export_menu = self.corpus_menu.addMenu(tr("&Export Tables"))
        for action in self.corpus_export_actions.values():
            self.corpus_export_menu.addAction(action)
        self.corpus_menu.addAction(self.check_corpus_action)
        self.corpus_menu.addSeparator()
        for action in (self.take_next_action, self.sync_action, self.sync_with_action,
                       self.conflicts_action):
            self.corpus_menu.addAction(action)
        self.update_corpus(False)

        view_menu = bar.addMenu(tr("&View"))
        view_menu.setToolTipsVisible(True)
        view_menu.addAction(self.zoom_in_action)
        view_menu.addAction(self.zoom_out_action)
        view_menu.addAction(self.zoom_reset_action)
        view_menu.addSeparator()
        for widget, text, key in ((window.dock, tr("Annotation &List"), "Ctrl+L"),
                                  (window.entity_dock, tr("&Entities"), "Ctrl+Shift+E"),
                                  (window.attribute_dock, tr("&Attributes"), "Ctrl+Shift+A"),
                                  (window.document_dock, tr("&Document Info"), ""),
                                  (self.tag_bar, tr("&Tag Bar"), "")):
            toggle = widget.toggleViewAction()
            toggle.setText(text)
            if key:
                toggle.setShortcut(QKeySequence(key))
            view_menu.addAction(toggle)
        view_menu.addSeparator()
        view_menu.addAction(self.notes_action)
        view_menu.addAction(self.markup_action)
        view_menu.addAction(self.original_action)

        help_menu = bar.addMenu(tr("&Help"))
        help_menu.addAction(self.example_action)
        help_menu.addSeparator()
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _fill_recent_menu(self) -> None:
        menu: QMenu = self.recent_menu
        menu.clear()
        files = settings.recent_files()
        for number, path in enumerate(files, 1):
            prefix = f"&{number % 10} " if number <= 10 else ""
            action = menu.addAction(f"{prefix}{shown_name(path)}")
            action.setToolTip(shown_path(path))
            action.setStatusTip(shown_path(path))
            action.triggered.connect(lambda _=False, p=path: self.window.files.open_path(p))
        if files:
            menu.addSeparator()
        clear = menu.addAction(tr("Clear Menu"))
        clear.setEnabled(bool(files))
        clear.triggered.connect(settings.clear_recent_files)

    # -- tag keys --------------------------------------------------------------------------
    def _key_scopes(self) -> tuple[QWidget, ...]:
        """Where tag keys and Delete act: the text (with the find bar) and the
        annotation list. Not in the attribute and entity panels, whose lists and
        trees would otherwise retag or delete while the user types or chooses."""
        return (self.window.centralWidget(), self.window.dock)

    def _scope_keys(self, action: QAction) -> None:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for widget in self._key_scopes():
            widget.addAction(action)

    def build_tag_actions(self, tagset: Tagset) -> None:
        """An action per tag, in the tag bar and the Annotate menu, with its key."""
        # What the actions show and do: the same (a new document with the tagset the
        # window has) keeps them, and the tool bar is not laid out and painted anew.
        look = tuple((tag.id, tag.label, tag.key, tag.color, tag.description)
                     for tag in tagset)
        if look == self._tag_actions_look:
            return
        self._tag_actions_look = look
        for action in self.tag_actions.values():
            for widget in self._key_scopes():
                widget.removeAction(action)
            action.deleteLater()
        self.tag_actions = {}
        self.tag_bar.clear()
        self.annotate_menu.clear()
        # In the text's own colour: a grey label reads as a disabled control.
        title = QLabel(tr("Tag as:"), self.tag_bar)
        title.setObjectName("tagBarTitle")
        title.setContentsMargins(8, 0, 6, 0)
        self.tag_bar.addWidget(title)
        for tag in tagset:
            label = tag_label(tag)
            action = QAction(style.swatch_icon(tag.color, 18), label, self.window)
            action.setIconText(f"{label}  {tag.key}" if tag.key else label)
            if tag.key:
                action.setShortcut(QKeySequence(tag.key))
            tip = tr("Tag the selection as {tag}").format(tag=label)
            if tag.key:
                tip += tr(" (key {key})").format(key=tag.key)
            if tag.description:
                tip += f"\n{tag_description(tag)}"
            action.setToolTip(tip)
            action.setStatusTip(tip.split("\n")[0])
            action.triggered.connect(lambda _=False, t=tag.id: self.window.apply_tag(t))
            self._scope_keys(action)
            self.tag_bar.addAction(action)
            self.annotate_menu.addAction(action)
            self.tag_actions[tag.id] = action
        self.annotate_menu.addSeparator()
        self.annotate_menu.addAction(self.add_range_action)
        self.annotate_menu.addAction(self.remove_range_action)
        self.annotate_menu.addAction(self.delete_action)
        self.annotate_menu.addSeparator()
        self.annotate_menu.addAction(self.annotate_markup_action)
        self.annotate_menu.addAction(self.tagset_action)

    # -- what can be done now --------------------------------------------------------------
    def update(self, has_doc: bool, has_selection: bool, has_markup: bool,
               has_notes: bool) -> None:
        """Enable what the document (or its absence) and the selection allow."""
        for action in (self.save_action, self.save_as_action, self.find_action,
                       self.find_next_action, self.find_previous_action,
                       *self.export_actions.values(),
                       *self.foreign_export_actions.values()):
            action.setEnabled(has_doc)
        self.export_menu.setEnabled(has_doc)
        for action in self.tag_actions.values():
            action.setEnabled(has_doc)
        self.delete_action.setEnabled(has_doc and has_selection)
        self.add_range_action.setEnabled(has_doc)
        self.remove_range_action.setEnabled(has_doc)
        if not has_doc:
            why_not = tr("Open a TEI document that marks up names ({elements}) first").format(
                elements=MARKUP_ELEMENTS)
        else:
            why_not = tr("This document has no names marked up ({elements})").format(
                elements=MARKUP_ELEMENTS)
        for action, tip in self._markup_tips.items():
            action.setEnabled(has_markup)
            action.setStatusTip(tip if has_markup else why_not)
            action.setToolTip(tip if has_markup else why_not)
        self.notes_action.setEnabled(has_doc and has_notes)

    def update_corpus(self, has_corpus: bool) -> None:
        """Enable the corpus's actions while one is open."""
        for action in (self.close_corpus_action, self.add_documents_action,
                       self.add_folder_action, self.next_document_action,
                       self.previous_document_action, self.search_corpus_action,
                       self.metadata_action, self.check_corpus_action, self.chart_action,
                       self.agreement_action, self.sync_action, self.sync_with_action,
                       self.take_next_action, self.conflicts_action,
                       self.curate_action,
                       *self.corpus_export_actions.values()):
            action.setEnabled(has_corpus)
        self.corpus_export_menu.setEnabled(has_corpus)

    def all_actions(self) -> list[QAction]:
        """Every action of the menus that has a shortcut, in menu order (for the
        shortcuts dialog), each once."""
        found: list[QAction] = []

        def collect(actions: list[QAction]) -> None:
            for action in actions:
                if action.menu() is not None:
                    collect(action.menu().actions())
                elif action.shortcuts() and action not in found:
                    found.append(action)

        collect(self.window.menuBar().actions())
        return found

    # -- what some of them do --------------------------------------------------------------
    def set_prefer_original(self, original: bool) -> None:
        """Switch which reading of a ``choice`` the text shows; reopens a TEI document."""
        self.original_action.setChecked(original)
        self.original_action.setChecked(self.window.files.set_prefer_original(original))

    def edit_preferences(self) -> None:
        dialogs.PreferencesDialog(self.window).exec()

    def show_shortcuts(self) -> None:
        dialog = dialogs.ShortcutsDialog(self.all_actions(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def about(self) -> None:
        QMessageBox.about(self.window, tr("About Annotator"), dialogs.about_text(version))


def key_sequences(keys: Keys | list[Keys]) -> list[QKeySequence]:
    """The key sequences of ``keys``, each once: a standard key brings every binding
    the platform has for it (F3 and Ctrl+G for Find Next), a string itself.

    An action given the same sequence twice is ambiguous with itself: Qt then
    warns and does nothing when the key is pressed.
    """
    sequences: list[QKeySequence] = []
    for key in keys if isinstance(keys, list) else [keys]:
        found = (QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey)
                 else [QKeySequence(key)])
        sequences += [s for s in found if not s.isEmpty() and s not in sequences]
    return sequences
