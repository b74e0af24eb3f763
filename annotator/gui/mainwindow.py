"""The main window: one document, its undo stack, menus, tag bar, list and status."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import (
    QFileSystemWatcher,
    QPoint,
    QRect,
    QSize,
    QStandardPaths,
    Qt,
    QThread,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QUndoGroup,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__ as version
from annotator.errors import (
    AnnotationError,
    AnnotatorError,
    ChangedOnDiskError,
    ProtectedFileError,
    is_out_of_memory,
    out_of_memory,
)
from annotator.filenames import shown_name, shown_path
from annotator.files import (
    EXPORT_FORMATS,
    OpenedDocument,
    backup_path,
    export_document,
    file_digest,
    open_document,
    reattach,
    save_document,
)
from annotator.gui import dialogs, names, settings, style
from annotator.gui.annotation_list import AnnotationListDock, shorten
from annotator.gui.attribute_panel import AttributeDock
from annotator.gui.commands import EditCommand, TagsetCommand
from annotator.gui.document_panel import DocumentDock, MarkupDialog
from annotator.gui.entity_panel import EntityDock
from annotator.gui.findbar import FindBar
from annotator.gui.statusbar import StatusBar
from annotator.gui.tagset_editor import TagsetEditor
from annotator.gui.tasks import collect_on_gui_thread, run_task
from annotator.gui.textview import AnnotationView
from annotator.locking import DocumentLock, LockOwner, read_lock
from annotator.model import AnnotatedDocument, Edit, StoreChange, Tagset, edits
from annotator.model import default_tagset as builtin_tagset
from annotator.model.entities import KIND_LABELS
from annotator.model.markup import annotate_markup
from annotator.model.text import find_next, find_previous, snap_to_words, trim_whitespace
from annotator.progress import Cancelled
from annotator.resources import example_path, is_shipped

TEI_FILTER = "TEI documents (*.xml *.tei);;Text files (*.txt);;All files (*)"
TEXT_FILTER = "Text files (*.txt *.text *.md);;All files (*)"
STATUS_TIMEOUT_MS = 6000
HIDDEN_NOTES_HINT = "View ▸ Show Notes shows them"
EXPORT_NAME_ENDINGS = {"tei-inline": "-inline", "commitments-csv": "-commitments",
                       "commitments-jsonl": "-commitments", "entities-csv": "-entities"}
# Editors that save by writing a new file and renaming it trigger several change
# notifications; look once things have settled.
DISK_CHECK_DELAY_MS = 300
Role = QMessageBox.ButtonRole
# Saved dock layouts of another version are not restored: docks came and went.
DOCK_LAYOUT_VERSION = 2
# The first start's size, smaller where the screen is; later starts restore the last.
PREFERRED_SIZE = QSize(1240, 820)
# Room for the window manager's title bar and borders: not known before the window is
# shown, and the whole frame must fit on the screen, status bar included.
FRAME_ALLOWANCE = QSize(16, 48)
MARKUP_ELEMENTS = "persName, placeName, orgName …"


class MainWindow(QMainWindow):
    # Emitted after the window shows another document (or none); the argument is
    # the new AnnotatedDocument or None. Observers (the recovery journal) re-attach.
    documentReplaced = Signal(object)
    # Emitted after a successful save, with the path written.
    documentSaved = Signal(object)
    # Emitted when the window has accepted to close (its document is saved or discarded).
    windowClosing = Signal()
    # Emitted on the GUI thread right before a save's rename puts the new file in
    # place (the document's path, the SHA-256 of the new bytes), while the save
    # waits: the recovery journal notes it, so that a crash in the instant after
    # the rename is known to be its own save, not somebody else's change.
    documentSaving = Signal(object, str)
    # The same, from the worker thread that saves (relayed, see _before_replace).
    _savingFromWorker = Signal(object, str)

    def __init__(self) -> None:
        super().__init__()
        collect_on_gui_thread(self)  # workers must never delete the window's Qt objects
        self._modified_outside_undo = False  # restored work: unsaved, with no undo history
        self.digest: str | None = None  # of tei_path's bytes as opened or last saved
        self.lock: DocumentLock | None = None
        # The lock taken by _claim for a file about to become the document; it
        # becomes self.lock then, or is let go if opening or saving fails.
        self._claimed: DocumentLock | None = None
        self._open_anyway: Path | None = None  # the user said so when _may_take asked
        self._savingFromWorker.connect(self.documentSaving,
                                       Qt.ConnectionType.BlockingQueuedConnection)
        self._busy = False  # file work running: disk checks wait for it
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_file_changed)
        self._disk_check_timer = QTimer(self)
        self._disk_check_timer.setSingleShot(True)
        self._disk_check_timer.setInterval(DISK_CHECK_DELAY_MS)
        self._disk_check_timer.timeout.connect(self.check_disk)
        self._disk_asked: str | None = None  # digest the user was already asked about
        self.setObjectName("mainWindow")
        self.annotated: AnnotatedDocument | None = None
        self.tei_path: Path | None = None  # where Save writes; None: Save As
        self.source_path: Path | None = None  # the file opened, TEI or text
        # A TEI document Annotator did not write: saves splice into it (opaque here).
        self.origin: object | None = None
        self.original_readings = False  # such a document shows sic/orig/abbr
        self._folded_text: str | None = None  # lower-cased text, cached for find
        self.undo_group = QUndoGroup(self)
        self.undo_stack: QUndoStack | None = None

        self.view = AnnotationView(self)
        self.view.setObjectName("textView")
        self.view.setPlaceholderText(
            "Open an annotated TEI file (Ctrl+O) or start from a plain-text article "
            "(File ▸ New from Text…). You can also drop a file here.")
        self.find_bar = FindBar(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)

        self.dock = AnnotationListDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [420], Qt.Orientation.Horizontal)
        # Attributes below the tabs (annotations, entities, document): the list and
        # the fields of the selected annotation are both in sight while annotating.
        # Split first: splitting a tabbed dock would put the new one in its tabs.
        self.attribute_dock = AttributeDock(self)
        self.splitDockWidget(self.dock, self.attribute_dock, Qt.Orientation.Vertical)
        self.entity_dock = EntityDock(self)
        self.tabifyDockWidget(self.dock, self.entity_dock)
        self.document_dock = DocumentDock(self)
        self.tabifyDockWidget(self.entity_dock, self.document_dock)
        self.dock.raise_()
        self.resizeDocks([self.dock, self.attribute_dock], [330, 430], Qt.Orientation.Vertical)
        self.attribute_dock.editRequested.connect(self.push)
        self.attribute_dock.pickRequested.connect(self.start_pick)
        self.attribute_dock.referenceActivated.connect(self.show_reference)
        self._picking: tuple[str, str] | None = None  # (annotation id, attribute name)
        self.entity_dock.editRequested.connect(self.push)
        self.entity_dock.mentionActivated.connect(self._on_row_activated)
        self.document_dock.annotateMarkupRequested.connect(self.annotate_markup)
        self.document_dock.markupVisibilityChanged.connect(self.set_markup_visible)
        self.view.notes_visible = bool(settings.get("show_notes"))
        self.view.markup_visible = bool(settings.get("show_markup"))
        self.document_dock.show_markup_box.setChecked(self.view.markup_visible)
        self.tag_bar = QToolBar("Tags", self)
        self.tag_bar.setObjectName("tagBar")
        self.tag_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tag_bar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.tag_bar)
        self.tag_actions: dict[str, QAction] = {}
        self._tag_actions_look: tuple | None = None

        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        self.file_label = QLabel(self)
        self.file_label.setObjectName("fileLabel")
        self.modified_label = QLabel(self)
        self.modified_label.setObjectName("modifiedLabel")
        status = StatusBar(self)
        self.setStatusBar(status)
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.file_label)
        status.addPermanentWidget(self.modified_label)

        self._create_actions()
        self._create_menus()
        self._build_tag_actions(settings.default_tagset())

        self.view.annotationSelected.connect(self.dock.select_annotation)
        self.view.annotationSelected.connect(self._show_entity_of)
        self.view.annotationSelected.connect(self._on_selection_for_pick)
        self.view.annotationSelected.connect(self.attribute_dock.show_annotation)
        self.view.annotationPicked.connect(self._on_picked)
        self.view.pickCancelled.connect(self._on_pick_cancelled)
        self.view.annotationSelected.connect(self._update_actions)
        self.view.selectionChanged.connect(self._update_actions)
        self.dock.annotationActivated.connect(self._on_row_activated)
        self.find_bar.findRequested.connect(self.find_text)
        self.find_bar.closed.connect(self._on_find_closed)

        self.setAcceptDrops(True)
        self._place_on_screen()
        state = settings.raw().value("window/state")
        if state is not None:
            self.restoreState(state, DOCK_LAYOUT_VERSION)
        self._set_document(None, None, None)

    def _place_on_screen(self) -> None:
        """Where and how large the window was when last closed, and maximised if it
        was; at the first start the preferred size, centred. Either only as far as the
        screen's available area (without panels and docks) has room for it, with the
        window's frame: a screen may be smaller than the one the window was left on.

        Not ``restoreGeometry``: it refuses, rather than fits, what was saved on a
        screen of another size, and the window came up at its first-start size.
        """
        state = settings.raw()
        saved = state.value("window/normal")
        saved = saved if isinstance(saved, QRect) and saved.isValid() else None
        screen = (QGuiApplication.screenAt(saved.center()) if saved is not None else None) \
            or self.screen()
        area = _client_area(screen.availableGeometry())
        size = (saved.size() if saved is not None else PREFERRED_SIZE).boundedTo(area.size())
        placed = QRect(QPoint(), size)
        if saved is None:
            placed.moveCenter(area.center())
        else:
            placed.moveTopLeft(QPoint(
                max(area.left(), min(saved.left(), area.right() + 1 - size.width())),
                max(area.top(), min(saved.top(), area.bottom() + 1 - size.height()))))
        self.setGeometry(placed)
        if state.value("window/maximized") in (True, "true"):
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    # -- actions and menus --------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: Keys | list[Keys] | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(key_sequences(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        sk = QKeySequence.StandardKey
        self.new_action = self._action("&New from Text…", self.new_from_text, "Ctrl+N",
                                       "Start annotating a plain-text article")
        self.open_action = self._action("&Open…", self.open_file, sk.Open,
                                        "Open an annotated TEI file or a text file")
        self.save_action = self._action("&Save", self.save, sk.Save)
        self.save_as_action = self._action("Save &As…", self.save_as, "Ctrl+Shift+S")
        self.quit_action = self._action("&Quit", self.close, [sk.Quit, "Ctrl+Q"])
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.export_actions = {}
        for fmt, (label, _suffix) in EXPORT_FORMATS.items():
            self.export_actions[fmt] = self._action(
                f"{label}…", lambda _=False, f=fmt: self.export(f))

        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(key_sequences(sk.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        # Ctrl+Shift+Z first (the menu shows the first) on every platform, as documented.
        self.redo_action.setShortcuts(key_sequences(["Ctrl+Shift+Z", sk.Redo]))
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        # The Delete key only: a platform's other bindings for deleting a character
        # (Ctrl+D on X11) would delete an annotation by surprise.
        self.delete_action = self._action("&Delete Annotation", self.delete_annotation,
                                          "Del", "Remove the selected annotation")
        self.removeAction(self.delete_action)
        self._scope_keys(self.delete_action)
        self.find_action = self._action("&Find…", self.open_find, sk.Find)
        self.find_next_action = self._action("Find &Next", self.find_again, [sk.FindNext, "F3"],
                                             "Select the next match of the find bar's text")
        self.find_previous_action = self._action(
            "Find Pre&vious", self.find_again_backwards, [sk.FindPrevious, "Shift+F3"],
            "Select the match before")
        self.preferences_action = self._action("&Preferences…", self.edit_preferences,
                                               sk.Preferences)

        self.zoom_in_action = self._action("Zoom &In", lambda: self.view.zoom(1),
                                           [sk.ZoomIn, "Ctrl+="])
        self.zoom_out_action = self._action("Zoom &Out", lambda: self.view.zoom(-1), sk.ZoomOut)
        self.zoom_reset_action = self._action("&Reset Zoom", lambda: self.view.zoom(None),
                                              "Ctrl+0")
        self.notes_action = self._action("Show &Notes", self.set_notes_visible,
                                         tip="Show the notes of a TEI document after "
                                             "their paragraph, or hide them")
        self.notes_action.setCheckable(True)
        self.notes_action.setChecked(self.view.notes_visible)
        self.markup_action = self._action("Show Existing &Markup", self.set_markup_visible,
                                          tip="Underline the names the TEI file already "
                                              "marks (persName, placeName …)")
        self.markup_action.setCheckable(True)
        self.markup_action.setChecked(self.view.markup_visible)
        self.original_action = self._action(
            "Show &Original Spellings", self.set_prefer_original,
            tip="Show the source's reading of a TEI <choice> (sic, orig, abbr) "
                "instead of the edited one (corr, reg, expan); reopens the document")
        self.original_action.setCheckable(True)
        self.original_action.setChecked(bool(settings.get("prefer_original")))
        self.annotate_markup_action = self._action(
            "Annotate Existing &Markup…", self.annotate_markup,
            tip="Turn the names the TEI file already marks into annotations")
        # What these two say when they are enabled; _update_actions says why not.
        self._markup_tips = {action: action.statusTip()
                             for action in (self.markup_action, self.annotate_markup_action)}
        self.tagset_action = self._action(
            "Edit &Tagset…", self.edit_tagset,
            tip="Add, rename and recolour tags, set their keys and define their attributes")
        self.example_action = self._action(
            "Open Annotated &Example", self.open_example,
            tip="The sample article with every actor, weapon and commitment annotated: "
                "a model to learn from")
        self.about_action = self._action("&About Annotator", self.about)
        self.shortcuts_action = self._action("&Keyboard Shortcuts", self.show_shortcuts,
                                             "Ctrl+/")

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        self.export_menu = file_menu.addMenu("&Export")
        for action in self.export_actions.values():
            self.export_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
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

        self.annotate_menu = bar.addMenu("&Annotate")
        # Tooltips in the menu: a greyed-out item says there why it is (Qt shows no
        # status tip for a disabled menu item).
        self.annotate_menu.setToolTipsVisible(True)

        view_menu = bar.addMenu("&View")
        view_menu.setToolTipsVisible(True)
        view_menu.addAction(self.zoom_in_action)
        view_menu.addAction(self.zoom_out_action)
        view_menu.addAction(self.zoom_reset_action)
        view_menu.addSeparator()
        for widget, text, key in ((self.dock, "Annotation &List", "Ctrl+L"),
                                  (self.entity_dock, "&Entities", "Ctrl+Shift+E"),
                                  (self.attribute_dock, "&Attributes", "Ctrl+Shift+A"),
                                  (self.document_dock, "&Document Info", ""),
                                  (self.tag_bar, "&Tag Bar", "")):
            toggle = widget.toggleViewAction()
            toggle.setText(text)
            if key:
                toggle.setShortcut(QKeySequence(key))
            view_menu.addAction(toggle)
        view_menu.addSeparator()
        view_menu.addAction(self.notes_action)
        view_menu.addAction(self.markup_action)
        view_menu.addAction(self.original_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.example_action)
        help_menu.addSeparator()
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _key_scopes(self) -> tuple[QWidget, ...]:
        """Where tag keys and Delete act: the text (with the find bar) and the
        annotation list. Not in the attribute and entity panels, whose lists and
        trees would otherwise retag or delete while the user types or chooses."""
        return (self.centralWidget(), self.dock)

    def _scope_keys(self, action: QAction) -> None:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for widget in self._key_scopes():
            widget.addAction(action)

    def _build_tag_actions(self, tagset) -> None:
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
        title = QLabel("Tag as:", self.tag_bar)
        title.setObjectName("tagBarTitle")
        title.setContentsMargins(8, 0, 6, 0)
        self.tag_bar.addWidget(title)
        for tag in tagset:
            action = QAction(style.swatch_icon(tag.color, 18), tag.label, self)
            action.setIconText(f"{tag.label}  {tag.key}" if tag.key else tag.label)
            if tag.key:
                action.setShortcut(QKeySequence(tag.key))
            tip = f"Tag the selection as {tag.label}"
            if tag.key:
                tip += f" (key {tag.key})"
            if tag.description:
                tip += f"\n{tag.description}"
            action.setToolTip(tip)
            action.setStatusTip(tip.split("\n")[0])
            action.triggered.connect(lambda _=False, t=tag.id: self.apply_tag(t))
            self._scope_keys(action)
            self.tag_bar.addAction(action)
            self.annotate_menu.addAction(action)
            self.tag_actions[tag.id] = action
        self.annotate_menu.addSeparator()
        self.annotate_menu.addAction(self.delete_action)
        self.annotate_menu.addSeparator()
        self.annotate_menu.addAction(self.annotate_markup_action)
        self.annotate_menu.addAction(self.tagset_action)

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

        collect(self.menuBar().actions())
        return found

    # -- document ------------------------------------------------------------------------
    def _set_document(self, annotated: AnnotatedDocument | None, tei_path: Path | None,
                      source_path: Path | None, digest: str | None = None,
                      origin: object | None = None, notes: list[str] | None = None) -> None:
        if self.annotated is not None:
            self.annotated.annotations.unsubscribe(self._on_store_change)
        old_stack = self.undo_stack
        self.annotated = annotated
        self.source_path = source_path
        self.origin = origin
        self._set_tei_path(tei_path, digest)
        self._folded_text = None
        # One undo stack per document: undoing never reaches into another file.
        self.undo_stack = QUndoStack(self.undo_group)
        self.undo_group.addStack(self.undo_stack)
        self.undo_group.setActiveStack(self.undo_stack)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._modified_outside_undo = False
        if old_stack is not None:
            self.undo_group.removeStack(old_stack)
            old_stack.deleteLater()
        self._build_tag_actions(annotated.tagset if annotated is not None
                                else settings.default_tagset())
        self.view.set_document(annotated)
        self.dock.set_document(annotated)
        self.entity_dock.set_document(annotated)
        self.attribute_dock.set_document(annotated)
        self._picking = None
        self.document_dock.set_document(annotated, notes)
        if annotated is not None:
            annotated.annotations.subscribe(self._on_store_change)
        self.find_bar.close_bar() if self.find_bar.isVisible() else None
        self._update_title()
        self._update_counts()
        self._update_actions()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.documentReplaced.emit(annotated)

    def show_restored_document(self, annotated: AnnotatedDocument, tei_path: Path | None,
                               source_path: Path | None, base_digest: str | None = None
                               ) -> None:
        """Show recovered work: it differs from any file, so it starts out unsaved.

        ``base_digest`` is the digest of the file the work was based on (opened from
        or last saved to). If the file differs now, somebody changed it after the
        crash: the user is told, and Save asks before replacing their changes.
        """
        annotated, tei_path, origin, notes = reattach(
            annotated, tei_path, prefer_original=bool(settings.get("prefer_original")))
        current = None
        if tei_path is not None:
            try:
                current = file_digest(tei_path)
            except AnnotatorError:
                current = None
        # A journal of an earlier version knows no base: the file as it is now is
        # then what Save replaces, as before.
        changed = base_digest is not None and current is not None and current != base_digest
        self._set_document(annotated, tei_path, source_path,
                           base_digest if changed else current, origin, notes)
        self._modified_outside_undo = True
        self._update_title()
        if notes:
            dialogs.show_error(self, "Restored work needs a new name", "; ".join(notes))
        elif changed:
            assert tei_path is not None
            self._disk_asked = current  # answered here; check_disk need not ask again
            choice = dialogs.ask(
                self, "File changed since the crash",
                f"“{tei_path.name}” was changed by another program after Annotator "
                "stopped. Your restored work is based on the version before that.",
                "Keep working: when you save, you will be asked before their changes are "
                "overwritten. Or save your restored work under another name now, so that "
                "both are kept.",
                [("Keep Working", Role.AcceptRole), ("Save As…", Role.ActionRole)],
                default=0, escape=0, icon=QMessageBox.Icon.Warning)
            if choice == 1:
                self.save_as()

    def _set_tei_path(self, tei_path: Path | None, digest: str | None) -> None:
        """Point Save at ``tei_path``: hold its lock and watch it for outside changes."""
        same = (tei_path is not None and self.tei_path is not None
                and tei_path.resolve() == self.tei_path.resolve())
        if not same:
            if self.lock is not None:
                self.lock.release()
                self.lock = None
            if self.watcher.files():
                self.watcher.removePaths(self.watcher.files())
            if tei_path is not None:
                if self._claimed is not None and self._claimed.document == tei_path:
                    self.lock, self._claimed = self._claimed, None
                else:
                    self.lock = DocumentLock(tei_path)
                    self.lock.acquire()  # a read-only folder cannot be locked, nor saved to
        self.tei_path = tei_path
        self.digest = digest
        self._disk_asked = None
        self._watch()

    def _watch(self) -> None:
        # Replacing a file by rename drops it from the watch: add it again.
        if self.tei_path is not None and self.tei_path.exists() \
                and str(self.tei_path) not in self.watcher.files():
            self.watcher.addPath(str(self.tei_path))

    def _on_store_change(self, change: StoreChange) -> None:
        if change.tagset_changed:
            self._on_tagset_changed()
        if self._picking is not None and self._picking[0] not in self.annotated.annotations:
            self.view.cancel_pick()  # what was being filled is gone (undone, deleted)
        self._update_counts()
        self._update_actions()

    def _on_clean_changed(self, _clean: bool) -> None:
        self._update_title()

    @property
    def is_modified(self) -> bool:
        if self.undo_stack is None or self.annotated is None:
            return False
        return self._modified_outside_undo or not self.undo_stack.isClean()

    def display_name(self) -> str:
        path = self.tei_path or self.source_path
        return shown_name(path) if path is not None else "Untitled"

    def _update_title(self) -> None:
        if self.annotated is None:
            self.setWindowTitle("Annotator")
            self.file_label.setText("")
            self.modified_label.setText("")
            self.setWindowModified(False)
            return
        self.setWindowTitle(f"{self.display_name()}[*] — Annotator")
        self.setWindowModified(self.is_modified)
        path = self.tei_path or self.source_path
        self.file_label.setText(f"  {self.display_name()}  ")
        self.file_label.setToolTip(shown_path(path) if path else "")
        if self.is_modified:
            self.modified_label.setText("● Unsaved changes")
            self.modified_label.setStyleSheet("color: #b5542c; padding-right: 6px;")
        else:
            self.modified_label.setText("Saved" if self.tei_path else "Not saved yet")
            self.modified_label.setStyleSheet("color: palette(mid); padding-right: 6px;")

    def _update_counts(self) -> None:
        if self.annotated is None:
            self.counts_label.setText("")
            return
        counts = self.annotated.annotations.counts()
        parts = []
        for tag in self.annotated.tagset:
            parts.append(f"<span style='color:{tag.color}; font-size:large'>■</span>&nbsp;"
                         f"{dialogs_escape(tag.label)}&nbsp;<b>{counts.get(tag.id, 0)}</b>")
        self.counts_label.setText("&nbsp;&nbsp;&nbsp;".join(parts) + "&nbsp;&nbsp;")

    def _update_actions(self, *_args) -> None:
        has_doc = self.annotated is not None
        for action in (self.save_action, self.save_as_action, self.find_action,
                       self.find_next_action, self.find_previous_action,
                       *self.export_actions.values()):
            action.setEnabled(has_doc)
        self.export_menu.setEnabled(has_doc)
        for action in self.tag_actions.values():
            action.setEnabled(has_doc)
        self.delete_action.setEnabled(has_doc and self.view.selected_id is not None)
        has_markup = has_doc and bool(self.annotated.document.markup)
        if not has_doc:
            why_not = f"Open a TEI document that marks up names ({MARKUP_ELEMENTS}) first"
        else:
            why_not = f"This document has no names marked up ({MARKUP_ELEMENTS})"
        for action, tip in self._markup_tips.items():
            action.setEnabled(has_markup)
            action.setStatusTip(tip if has_markup else why_not)
            action.setToolTip(tip if has_markup else why_not)
        self.notes_action.setEnabled(has_doc and self.view.has_note_blocks)

    # -- annotating ------------------------------------------------------------------------
    def status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    def push(self, edit: Edit) -> None:
        self.undo_stack.push(EditCommand(self.annotated.annotations, edit))

    def apply_tag(self, tag_id: str) -> None:
        """Tag the text selection, or retag the selected annotation."""
        if self.annotated is None:
            return
        if self.view.picking:  # a key meant for the text, not for the field being filled
            self.view.cancel_pick()
            return
        store = self.annotated.annotations
        label = self.annotated.tagset[tag_id].label
        selection = self.view.selected_model_range()
        try:
            if selection is not None:
                text = self.annotated.document.text
                if settings.get("snap_to_words"):
                    start, end = snap_to_words(text, *selection)
                else:
                    start, end = trim_whitespace(text, *selection)
                if start >= end:
                    self.status("Nothing to tag: the selection is only white space")
                    return
                resp = self.annotated.annotator_for(settings.annotator_name()).id
                # Mentions of a tag with an entity list are linked to the entity their
                # text names (a new one for a new name): shown here, undone with the tag.
                edit = edits.add_linked(store, [(start, end, tag_id)], resp)
                self.push(edit)
                self.view.clear_selection()
                self.view.set_selected_annotation(edit.after[0].id)
                hidden = self.view.hidden_in(start, end)[0]
                self.status(f"Tagged “{shorten(text[start:end], 60)}” as {label}"
                            + _linked_note(edit)
                            + (" — it takes in the text of a hidden note" if hidden else ""))
            elif self.view.selected_id is not None:
                ann = store.get(self.view.selected_id)
                edit = edits.retag(store, [ann.id], tag_id)
                self.push(edit)
                self.status(f"Retagged “{shorten(store.text_of(ann), 60)}” as {label}"
                            + _linked_note(edit))
            else:
                self.status("Select some text to tag, or click an annotation to retag it")
        except AnnotationError as error:
            self.status(error.message)

    def delete_annotation(self) -> None:
        if self.view.picking:
            self.view.cancel_pick()
            return
        if self.annotated is None or self.view.selected_id is None:
            self.status("Click an annotation to select it first")
            return
        store = self.annotated.annotations
        ann = store.get(self.view.selected_id)
        referrers = edits.references_to(store, [ann.id])
        if referrers and not self._confirm_delete_referenced(ann, referrers):
            return
        try:
            edit = edits.remove(store, [ann.id])
            self.push(edit)
        except AnnotationError as error:
            self.status(error.message)
            return
        what = f"Deleted “{shorten(store.document.text[ann.start:ann.end], 60)}”"
        if referrers:
            what += (f" and cleared {len(referrers)} reference"
                     f"{'s' * (len(referrers) != 1)} to it (Ctrl+Z restores both)")
        self.status(what + _gone_note(edit))

    def _confirm_delete_referenced(self, ann, referrers) -> bool:
        """Ask before deleting an annotation that others name (a commitment's donor)."""
        store = self.annotated.annotations
        tagset = self.annotated.tagset
        lines = []
        for other, name in referrers[:8]:
            tag = tagset[other.tag]
            definition = tag.attribute(name)
            lines.append(f"• {tag.label} “{shorten(store.text_of(other), 50)}” names it as "
                         f"{definition.label if definition else name}")
        if len(referrers) > 8:
            lines.append(f"• … and {len(referrers) - 8} more")
        text = shorten(store.text_of(ann), 60)
        informative = ("\n".join(lines) + "\n\nDeleting it clears these fields. Undo "
                       "brings back both the annotation and the fields.")
        choice = dialogs.ask(self, "Delete Annotation",
                             f"Other annotations refer to “{text}”.", informative,
                             [("Delete and Clear", Role.DestructiveRole),
                              ("Cancel", Role.RejectRole)],
                             default=1, escape=1, icon=QMessageBox.Icon.Question)
        return choice == 0

    # -- the tagset ---------------------------------------------------------------------
    def edit_tagset(self) -> None:
        """Open the tagset editor; its result replaces the tagset in one undoable step."""
        if self.annotated is None:
            return
        editor = TagsetEditor(self.annotated.tagset, self.annotated.annotations.counts(), self)
        if editor.exec() != TagsetEditor.DialogCode.Accepted:
            return
        self.apply_tagset(editor.tagset())

    def apply_tagset(self, tagset: Tagset) -> None:
        if tagset == self.annotated.tagset:
            self.status("The tagset is unchanged")
            return
        try:
            command = TagsetCommand(self.annotated, tagset)
        except AnnotationError as error:
            self.status(error.message)
            return
        self.undo_stack.push(command)
        removed = len(command.removal.before) if command.removal is not None else 0
        dropped = len(command.conforming.before) if command.conforming is not None else 0
        message = "Tagset changed"
        if removed:
            message += (f"; {removed:,} annotation{'s' * (removed != 1)} of removed tags "
                        "deleted")
        if dropped:
            message += (f"; values no longer allowed dropped from {dropped:,} "
                        f"annotation{'s' * (dropped != 1)}")
        self.status(message + " (Ctrl+Z undoes it)")

    def _on_tagset_changed(self) -> None:
        """Everything that shows tags: keys, buttons, colours, the list's filter."""
        self._build_tag_actions(self.annotated.tagset)
        self.view.refresh_tags()
        self.dock.set_tagset(self.annotated.tagset)
        self.attribute_dock.show_annotation(self.view.selected_id)  # the new form
        if self._picking is not None:
            self.view.cancel_pick()  # the field being filled may be gone
        self._update_counts()
        self._update_actions()

    # -- TEI documents: notes, markup, readings ------------------------------------------
    def set_notes_visible(self, visible: bool) -> None:
        self.view.set_notes_visible(visible)
        self.notes_action.setChecked(visible)
        settings.put("show_notes", bool(visible))

    def set_markup_visible(self, visible: bool) -> None:
        self.view.set_markup_visible(visible)
        self.markup_action.setChecked(visible)
        self.document_dock.show_markup_box.setChecked(visible)
        settings.put("show_markup", bool(visible))

    def set_prefer_original(self, original: bool) -> None:
        """Switch which reading of a ``choice`` the text shows; reopens a TEI document."""
        settings.put("prefer_original", bool(original))
        self.original_action.setChecked(original)
        which = "original spellings" if original else "edited readings"
        if self.origin is None or self.tei_path is None:
            self.status(f"TEI documents will show their {which}")
            return
        if not self.maybe_save():
            self.status(f"TEI documents will show their {which} when opened again")
            return
        if self.open_path(self.tei_path, ask=False) \
                and self.original_readings != bool(original):
            # Its annotations lie on the other reading: it stays as it was.
            self.original_action.setChecked(self.original_readings)
            settings.put("prefer_original", self.original_readings)
            self.statusBar().showMessage(
                f"{self.tei_path.name} keeps showing the reading its annotations were "
                "made on", 20000)
        elif self.tei_path is not None:
            self.status(f"Showing the {which} of {self.tei_path.name}")

    def annotate_markup(self) -> None:
        """Ask which tag each kind of existing markup becomes, then add them in one step."""
        if self.annotated is None or not self.annotated.document.markup:
            self.status("This document has no names marked up in its file")
            return
        dialog = MarkupDialog(self.annotated, self)
        if dialog.exec() != MarkupDialog.DialogCode.Accepted:
            return
        self.annotate_markup_as(dialog.mapping())

    def annotate_markup_as(self, mapping: dict[str, str]) -> None:
        if not mapping:
            self.status("No element was given a tag; nothing added")
            return
        resp = self.annotated.annotator_for(settings.annotator_name()).id
        try:
            edit = annotate_markup(self.annotated.annotations, mapping, resp)
        except AnnotationError as error:
            self.status(error.message)
            return
        self.push(edit)
        self.status(f"Added {len(edit.after):,} annotations from the file's markup "
                    "(Ctrl+Z takes them all back)")

    # -- reference fields: picking in the text, following a reference ----------------
    def start_pick(self, name: str) -> None:
        """Let the next click in the text fill reference field ``name`` of the
        selected annotation (the attribute panel's Pick button)."""
        ann_id = self.attribute_dock.annotation_id()
        if self.annotated is None or ann_id is None or ann_id not in self.annotated.annotations:
            return
        store = self.annotated.annotations
        tag = self.annotated.tagset[store.get(ann_id).tag]
        definition = tag.attribute(name)
        if definition is None:
            return
        targets = set(definition.targets) or set(self.annotated.tagset.ids())
        self._picking = (ann_id, name)
        self.view.start_pick(targets)
        wanted = " or ".join(self.annotated.tagset[t].label for t in targets
                             if t in self.annotated.tagset)
        self.statusBar().showMessage(
            f"Click the {definition.label} in the text (an annotation tagged {wanted}); "
            "Esc cancels", 60000)

    def _on_picked(self, picked: str | None) -> None:
        if self._picking is None:
            return
        ann_id, name = self._picking
        if picked is None:
            self.statusBar().showMessage("No annotation of the right tag there: click "
                                         "another one, or press Esc", 60000)
            return
        self._picking = None
        if self.attribute_dock.annotation_id() != ann_id:
            self.attribute_dock.show_annotation(ann_id)
        if self.attribute_dock.fill_reference(name, picked):
            store = self.annotated.annotations
            self.status(f"“{shorten(store.text_of(store.get(picked)), 50)}” set")
        else:
            self.statusBar().clearMessage()

    def _on_pick_cancelled(self) -> None:
        self._picking = None
        self.status("Picking cancelled")

    def show_reference(self, value: str) -> None:
        """Show what a reference field names: scroll to the mention (the annotation
        showing its fields stays selected), or select the entity in its panel."""
        if self.annotated is None:
            return
        store = self.annotated.annotations
        if value in store:
            self.view.ensure_visible(store.get(value).start)
        elif store.has_entity(value):
            self.entity_dock.show()
            self.entity_dock.raise_()
            self.entity_dock.select_entity(value)
            mentions = store.mentions(value)
            if mentions:
                self.view.ensure_visible(mentions[0].start)

    def _on_selection_for_pick(self, ann_id: str | None) -> None:
        # Picking fills a field of the annotation shown when Pick was pressed: once
        # another one is selected, the click would land in the wrong place.
        if self._picking is not None and ann_id != self._picking[0]:
            self.view.cancel_pick()

    def _show_entity_of(self, ann_id: str | None) -> None:
        """Keep the entities panel on the entity of the selected mention."""
        store = self.annotated.annotations if self.annotated is not None else None
        if store is not None and ann_id is not None and ann_id in store:
            entity = store.get(ann_id).entity
            if entity:
                self.entity_dock.select_entity(entity)

    def _on_row_activated(self, ann_id: str | None) -> None:
        if ann_id is not None:
            self.view.set_selected_annotation(ann_id, scroll=True)
            ann = self.annotated.annotations.get(ann_id) if self.annotated else None
            if ann is not None and self.view.hidden_in(ann.start, ann.end)[1]:
                self.status(f"“{shorten(self.annotated.annotations.text_of(ann), 60)}” is in "
                            f"a note, and notes are hidden: {HIDDEN_NOTES_HINT}")

    # -- find ----------------------------------------------------------------------------------
    def open_find(self) -> None:
        if self.annotated is not None:
            self.find_bar.open_bar()

    def find_again(self) -> None:
        if self.find_bar.needle:
            self.find_text(self.find_bar.needle)
        else:
            self.open_find()

    def find_again_backwards(self) -> None:
        if self.find_bar.needle:
            self.find_text(self.find_bar.needle, backwards=True)
        else:
            self.open_find()

    def find_text(self, needle: str, backwards: bool = False) -> None:
        """Select the next match of ``needle`` after the selection or cursor (the one
        before, ``backwards``), wrapping around."""
        if self.annotated is None or not needle:
            return
        text = self.annotated.document.text
        if self._folded_text is None:
            self._folded_text = text.lower()
        selection = self.view.selected_model_range()
        if selection is not None:
            position = selection[0] + (0 if backwards else 1)
        else:
            position = self.view.positions.to_model(self.view.textCursor().position())
        position = min(position, len(text))
        find = find_previous if backwards else find_next
        found = find(text, needle, position, folded=self._folded_text)
        if found is None:
            self.find_bar.set_status("Not found")
            self.status(f"“{needle}” not found")
            return
        wrapped = found >= position if backwards else found < position
        self.view.select_model_range(found, found + len(needle))
        self.view.set_find_match(found, found + len(needle))
        message = "Wrapped around" if wrapped else ""
        hidden = self.view.hidden_in(found, found + len(needle))[1]
        if hidden:
            message = "In a hidden note"
        self.find_bar.set_status(message)
        where = "end" if backwards else "start"
        self.status(f"Found “{needle}”"
                    + (f" (wrapped around to the {where})" if wrapped else "")
                    + (f" in a hidden note: {HIDDEN_NOTES_HINT}" if hidden else ""))

    def _on_find_closed(self) -> None:
        self.view.clear_find_match()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- files ------------------------------------------------------------------------------------
    def _start_folder(self) -> str:
        """Where file dialogs start: the document's folder, else the folder of the file
        last opened or saved, else the user's Documents, else home. Never Annotator's
        own folders (the sample article's, which ``make run`` opens)."""
        path = self.tei_path or self.source_path
        candidates = [path.parent] if path is not None else []
        candidates += [Path(recent).parent for recent in settings.recent_files()]
        for folder in candidates:
            if folder.is_dir() and not is_shipped(folder):
                return str(folder)
        documents = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        return str(documents if documents.is_dir() else Path.home())

    def new_from_text(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "New from Text", self._start_folder(),
                                              TEXT_FILTER)
        if path:
            self.open_path(path, ask=False)

    def open_file(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open", self._start_folder(), TEI_FILTER)
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open ``path`` in this window; on failure the current document stays."""
        if ask and not self.maybe_save():
            return False
        # Absolute: the path outlives the working directory (recent files, the crash
        # journal another process reads).
        path = Path(os.path.abspath(path))
        if not self._may_take(path):
            return False
        try:
            return self._open_taken(path)
        finally:
            self._release_claim()  # (if the file did not become the document)

    def _open_taken(self, path: Path) -> bool:
        original = bool(settings.get("prefer_original"))
        try:
            opened = self._run(f"Opening {path.name}",
                               lambda progress: open_document(
                                   path, progress, prefer_original=original),
                               abandon_on_cancel=True)
        except Cancelled:
            self.status(f"Opening {path.name} cancelled")
            return False
        except AnnotatorError as error:
            dialogs.show_error(self, f"Could not open {path.name}", error)
            return False
        except Exception as error:  # a bug, or the memory ran out: still keep the document
            failure = _failure(error, path, "open it")
        else:
            failure = None
        if failure is not None:  # (shown once the exception has let go of what it held)
            dialogs.show_error(self, f"Could not open {path.name}", failure)
            return False
        if opened.tei_path is not None and not self._claim(opened.tei_path):
            self.status(f"{path.name} was not opened")
            return False
        if _without_own_tagset(opened):
            opened.document.tagset = opened.document.annotations.tagset = \
                settings.default_tagset()
        self._set_document(opened.document, opened.tei_path, path, opened.digest,
                           opened.origin, opened.notes)
        self.original_readings = opened.original_readings
        settings.add_recent_file(str(path.resolve()))
        count = len(opened.document.annotations)
        message = f"Opened {path.name}"
        if count:
            message += f" with {count} annotation{'s' if count != 1 else ''}"
        if opened.notes:
            message += " — " + "; ".join(opened.notes)
            self.statusBar().showMessage(message, 20000)
        else:
            self.status(message)
        if opened.warnings:  # before any work is done on it
            dialogs.show_warnings(
                self, f"{shown_name(path)} is not what it seems",
                "It was opened as it is. Check these places before you work on it: "
                "a save keeps what is shown now.", opened.warnings)
        return True

    def open_example(self) -> bool:
        """Open the shipped annotated example as an unsaved copy: Save asks where to
        put it, so the example itself is never overwritten (it may be read-only)."""
        path = example_path()
        if not self.maybe_save():
            return False
        try:
            opened = open_document(path)
        except AnnotatorError as error:
            dialogs.show_error(self, "Could not open the annotated example", error)
            return False
        copy = Path(self._start_folder()) / path.name
        self._set_document(opened.document, None, copy, None, opened.origin, opened.notes)
        self.original_readings = opened.original_readings
        count = len(opened.document.annotations)
        self.status(f"Opened the annotated example: {count} annotations. Click a "
                    "commitment to see its fields and links; Save keeps your own copy.")
        return True

    def _run(self, title: str, work, abandon_on_cancel: bool = False):
        """File work on a worker thread (``tasks.run_task``), with disk checks held off."""
        self._busy = True
        try:
            return run_task(self, title, work, abandon_on_cancel=abandon_on_cancel)
        finally:
            self._busy = False

    def _may_take(self, path: Path) -> bool:
        """Warn before opening or saving over a file another window or program holds.

        A first look, before the file is read; ``_claim`` takes the lock once it is
        known to become the document."""
        self._open_anyway = None
        if self.tei_path is not None and path.resolve() == self.tei_path.resolve():
            return True  # our own file
        owner = read_lock(path)
        if owner is None or owner.is_stale:
            return True
        if owner.is_this_process:
            other = _window_showing(path, self)
            if other is not None:
                other.showNormal()
                other.raise_()
                other.activateWindow()
                self.status(f"{path.name} is already open in another window")
                return False
        elif not self._ask_open_anyway(path, owner):
            return False
        # Asked, or held by a window of ours that has since closed: take it over.
        self._open_anyway = path
        return True

    def _claim(self, path: Path) -> bool:
        """Take the lock of ``path``, which is about to become the document (opened as
        a TEI file, or saved to). Atomic: of two Annotators opening the same file at
        the same moment, exactly one gets it and the other asks here. The claim
        (``_claimed``) becomes ``self.lock`` in ``_set_tei_path``; callers release
        it otherwise."""
        self._release_claim()
        if self.tei_path is not None and path.resolve() == self.tei_path.resolve():
            return True  # held already
        lock = DocumentLock(path, like=self.tei_path or self.source_path)
        if self._open_anyway == path:
            lock.acquire()
        else:
            owner = lock.claim()
            if owner is not None and not owner.is_stale:
                if not owner.is_this_process and not self._ask_open_anyway(path, owner):
                    return False
                lock.acquire()
        self._claimed = lock
        return True

    def _ask_open_anyway(self, path: Path, owner: LockOwner) -> bool:
        choice = dialogs.ask(
            self, "Document in use", f"“{path.name}” is already open in another Annotator.",
            f"Opened by {owner.describe()}.\n\nIf you both save, one of you will "
            "overwrite the other's work. Open it only if that Annotator has been closed "
            "or you will not save there.",
            [("Open Anyway", Role.AcceptRole), ("Cancel", Role.RejectRole)],
            default=1, escape=1)
        return choice == 0

    def _release_claim(self) -> None:
        """Let go of the lock ``_claim`` took for a file that did not become the
        document (opening or saving it failed, or was cancelled)."""
        claimed, self._claimed = self._claimed, None
        if claimed is not None:
            claimed.release()

    def save(self) -> bool:
        if self.annotated is None:
            return False
        if self.tei_path is None:
            return self.save_as()
        if not self.is_modified and self.tei_path.exists():
            # Rewriting an unchanged document would only add a revision and
            # disturb others watching the file.
            self.status("No changes to save")
            return True
        return self.save_to(self.tei_path)

    def default_save_path(self) -> Path:
        """What Save As and Export propose: the document's name in ``_start_folder``."""
        if self.tei_path is not None:
            name = self.tei_path.name
        elif self.source_path is not None:
            name = self.source_path.with_suffix(".xml").name
        else:
            name = "untitled.xml"
        return Path(self._start_folder()) / name

    def save_as(self) -> bool:
        if self.annotated is None:
            return False
        offer = self.default_save_path()
        path, _ = QFileDialog.getSaveFileName(self, "Save As", names.offered(offer),
                                              "TEI documents (*.xml)")
        if not path:
            return False
        target = names.chosen(path, offer)
        if not target.suffix:
            target = target.with_suffix(".xml")
        return self.save_to(target)

    def save_to(self, path: Path, check_disk: bool = True) -> bool:
        """Save to ``path``; never over a file changed by somebody else without asking."""
        path = Path(os.path.abspath(path))
        ours = self.tei_path is not None and path.resolve() == self.tei_path.resolve()
        if not ours and not (self._may_take(path) and self._claim(path)):
            return False
        try:
            return self._save_taken(path, ours and check_disk)
        finally:
            self._release_claim()  # (if the file did not become the document)

    def _save_taken(self, path: Path, check_disk: bool) -> bool:
        expected = self.digest if check_disk else None
        backup = bool(settings.get("keep_backup"))
        annotated, name, origin = self.annotated, settings.annotator_name(), self.origin
        # A new file is no more readable than the one the document came from.
        like = self.tei_path or self.source_path
        try:
            result = self._run(f"Saving {path.name}", lambda progress: save_document(
                annotated, path, name, backup=backup, expected_digest=expected,
                origin=origin, progress=progress, like=like,
                before_replace=lambda _file, digest: self._before_replace(path, digest)))
        except Cancelled:
            self.status(f"Save cancelled; {path.name} was not written")
            return False
        except ChangedOnDiskError:
            return self._save_conflict(path)
        except ProtectedFileError as error:
            return self._save_refused(path, error)
        except AnnotatorError as error:
            dialogs.show_error(self, f"Could not save {path.name}", error)
            return False
        except Exception as error:  # keep the document open whatever happened
            failure = _failure(error, path, "save it; nothing was written")
        else:
            failure = None
        if failure is not None:
            dialogs.show_error(self, f"Could not save {path.name}", failure)
            return False
        self._set_tei_path(path, result.digest)
        self._modified_outside_undo = False
        self.undo_stack.setClean()
        settings.add_recent_file(str(path.resolve()))
        self._update_title()
        message = f"Saved {path.name}"
        if result.notes:
            message += " — " + "; ".join(result.notes)
        self.status(message)
        self.documentSaved.emit(path)
        return True

    def _before_replace(self, path: Path, digest: str) -> None:
        """Announce ``documentSaving`` on the GUI thread, however the save runs; the
        save goes on once its slots have run."""
        if QThread.currentThread() == self.thread():
            self.documentSaving.emit(path, digest)
        else:
            self._savingFromWorker.emit(path, digest)  # (a blocking queued connection)

    def _save_refused(self, path: Path, error: ProtectedFileError) -> bool:
        """The file is not the user's to replace (read-only, another user's): say so
        and offer to save the work under another name."""
        choice = dialogs.ask(
            self, "Cannot Save", f"“{path.name}” {error.reason}, so Annotator does not "
            "save over it.",
            "Your annotations are kept, not yet saved. Save As… writes them to a file "
            "of your own.",
            [("Save As…", Role.AcceptRole), ("Cancel", Role.RejectRole)], default=0, escape=1)
        if choice == 0:
            return self.save_as()
        self.status(f"Not saved; {path.name} was left as it is")
        return False

    def _save_conflict(self, path: Path) -> bool:
        kept = (f" Your version replaces it; theirs is kept as {backup_path(path).name}."
                if settings.get("keep_backup") else "")
        choice = dialogs.ask(
            self, "File changed on disk",
            f"“{path.name}” was changed by another program since you opened it.",
            "Saving here would overwrite those changes." + kept
            + "\n\nYou can also save your version under another name.",
            [("Overwrite", Role.DestructiveRole), ("Save As…", Role.ActionRole),
             ("Cancel", Role.RejectRole)], default=2, escape=2)
        if choice == 0:
            return self.save_to(path, check_disk=False)
        if choice == 1:
            return self.save_as()
        self.status(f"Not saved; {path.name} keeps the other program's changes")
        return False

    # -- the file on disk ------------------------------------------------------------------
    def _on_file_changed(self, _path: str) -> None:
        self._disk_check_timer.start()

    def check_disk(self) -> None:
        """Compare the file with what was opened or saved, and ask if somebody changed it."""
        if self._busy or QApplication.activeModalWidget() is not None:
            self._disk_check_timer.start()  # ask when the user is free to answer
            return
        path = self.tei_path
        if path is None or self.digest is None:
            return
        try:
            current = file_digest(path)
        except AnnotatorError:
            current = "unreadable"
        self._watch()
        if current == self.digest or current == self._disk_asked:
            return
        self._disk_asked = current
        if current is None:
            self.statusBar().showMessage(
                f"{path.name} was deleted or moved by another program; Save writes it again",
                20000)
            return
        if self.is_modified:
            text = (f"“{path.name}” was changed by another program, and you have unsaved "
                    "changes.")
            informative = ("Reload shows the file as it is now and discards your changes. "
                           "Keep My Version leaves your work as it is; when you save you "
                           "will be asked before anything is overwritten.")
            default = 1
        else:
            text = f"“{path.name}” was changed by another program."
            informative = "Reload it to see the changes?"
            default = 0
        choice = dialogs.ask(self, "File changed on disk", text, informative,
                             [("Reload", Role.AcceptRole), ("Keep My Version", Role.RejectRole)],
                             default=default, escape=1, icon=QMessageBox.Icon.Question)
        if choice == 0:
            self._modified_outside_undo = False
            if self.undo_stack is not None:
                self.undo_stack.setClean()
            self.open_path(path, ask=False)

    def export(self, fmt: str) -> None:
        if self.annotated is None:
            return
        label, suffix = EXPORT_FORMATS[fmt]
        base = self.default_save_path()
        # Each table its own name: the commitments CSV must not offer to overwrite the
        # annotations CSV exported a moment before.
        default = base.with_name(base.stem + EXPORT_NAME_ENDINGS.get(fmt, "") + suffix)
        answer, _ = QFileDialog.getSaveFileName(self, f"Export {label}", names.offered(default),
                                                f"{label} (*{suffix});;All files (*)")
        if not answer:
            return
        path = str(names.chosen(answer, default))
        if not Path(path).suffix:  # typed without one, as Save As does with .xml
            path = str(Path(path).with_suffix(suffix))
        # The document as the title names it: after Save As, the TEI file it became.
        source = self.tei_path or self.source_path or ""
        annotated, origin = self.annotated, self.origin
        like = self.tei_path or self.source_path  # an export is no more readable than it
        try:
            self._run(f"Exporting {Path(path).name}",
                      lambda progress: export_document(annotated, path, fmt, source, progress,
                                                       origin, like))
        except Cancelled:
            self.status(f"Export cancelled; {Path(path).name} was not written")
            return
        except AnnotatorError as error:
            dialogs.show_error(self, "Could not export", error)
            return
        except Exception as error:
            failure = _failure(error, Path(path), "export the document; nothing was written")
        else:
            failure = None
        if failure is not None:
            dialogs.show_error(self, "Could not export", failure)
            return
        self.status(f"Exported {Path(path).name}")

    def maybe_save(self) -> bool:
        """True if the current document may be replaced or closed."""
        if not self.is_modified:
            return True
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.question(
            self, "Unsaved changes",
            f"“{self.display_name()}” has unsaved annotations. Save them first?",
            buttons, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _fill_recent_menu(self) -> None:
        menu: QMenu = self.recent_menu
        menu.clear()
        files = settings.recent_files()
        for number, path in enumerate(files, 1):
            prefix = f"&{number % 10} " if number <= 10 else ""
            action = menu.addAction(f"{prefix}{shown_name(path)}")
            action.setToolTip(shown_path(path))
            action.setStatusTip(shown_path(path))
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if files:
            menu.addSeparator()
        clear = menu.addAction("Clear Menu")
        clear.setEnabled(bool(files))
        clear.triggered.connect(settings.clear_recent_files)

    # -- other dialogs ----------------------------------------------------------------------
    def edit_preferences(self) -> None:
        dialogs.PreferencesDialog(self).exec()

    def show_shortcuts(self) -> None:
        dialog = dialogs.ShortcutsDialog(self.all_actions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def about(self) -> None:
        QMessageBox.about(self, "About Annotator", dialogs.about_text(version))

    # -- window events ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        state = settings.raw()
        state.setValue("window/normal", self.normalGeometry())
        state.setValue("window/maximized", self.isMaximized())
        state.remove("window/geometry")  # how versions before 1.1 kept it
        state.setValue("window/state", self.saveState(DOCK_LAYOUT_VERSION))
        self.windowClosing.emit()
        self.view.set_document(None)
        self.dock.set_document(None)
        self._set_tei_path(None, None)
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # Open after the drop has finished: a question box inside a drop handler
        # would block the drag source.
        QTimer.singleShot(0, lambda: self.open_path(path))


Keys = QKeySequence.StandardKey | str


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


def _client_area(available: QRect) -> QRect:
    """The part of a screen's ``available`` area a window's contents may take: the
    frame around them (title bar above, borders) must fit as well."""
    side = FRAME_ALLOWANCE.width() // 2
    return available.adjusted(side, FRAME_ALLOWANCE.height() - side, -side, -side)


def _dropped_file(event: QDropEvent | QDragEnterEvent) -> str | None:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).is_file():
            return url.toLocalFile()
    return None


def _window_showing(path: Path, besides: QWidget) -> MainWindow | None:
    target = path.resolve()
    for widget in QApplication.topLevelWidgets():
        if (isinstance(widget, MainWindow) and widget is not besides and widget.isVisible()
                and widget.tei_path is not None and widget.tei_path.resolve() == target):
            return widget
    return None


def _without_own_tagset(opened: OpenedDocument) -> bool:
    """Whether the document brought no tagset of its own: a text file, or a TEI file
    nobody annotated yet. Such documents start with the user's default tagset."""
    doc = opened.document
    if opened.tei_path is None and opened.origin is None:
        return True
    return (opened.origin is not None and len(doc.annotations) == 0
            and doc.tagset == builtin_tagset())


def _linked_note(edit: Edit) -> str:
    """What tagging or retagging did besides: " — linked to “Deutschland”", " — new
    entity “Pete Hegseth” (person)", and the entities it took along."""
    note = ""
    if edit.after and edit.after[0].entity:
        entity_id = edit.after[0].entity
        if edit.entities_after:
            entity = edit.entities_after[0]
            what = KIND_LABELS[entity.kind].lower() + (f", {entity.type}" if entity.type
                                                       else "")
            note = f" — new entity “{shorten(entity.name, 40)}” ({what})"
        else:
            note = f" — linked to entity {entity_id} (Ctrl+Z undoes both)"
    return note + _gone_note(edit)


def _gone_note(edit: Edit) -> str:
    """" — the entity “X”, which nothing else names, went too": an entity goes with the
    last mention or reference that named it."""
    kept = {e.id for e in edit.entities_after}
    gone = [e for e in edit.entities_before if e.id not in kept]
    if len(gone) == 1:
        return f" — the entity “{shorten(gone[0].name, 40)}”, which nothing else names, went too"
    return f" — {len(gone)} entities that nothing else names went too" if gone else ""


def dialogs_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _failure(error: Exception, path: Path, doing: str) -> str:
    """What the dialog says of an error that is not bad input: the memory running out
    in a sentence (the document stays open, nothing of it is lost), a bug as it is."""
    if is_out_of_memory(error):
        problem = out_of_memory(str(path), doing)
        return (f"{shown_name(path)}: {problem.message[0].upper()}{problem.message[1:]}. "
                "The document that was open stays open, with all its changes.")
    return repr(error)
