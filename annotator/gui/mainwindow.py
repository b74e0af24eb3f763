"""The main window: it puts together the text, the panels, the menus and the status
bar around the document its ``DocumentController`` holds, and turns what the user
does in the text into edits."""

from __future__ import annotations

import bisect
import html
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from annotator.errors import AnnotationError
from annotator.filenames import shown_path
from annotator.gui import dialogs, settings
from annotator.gui.annotation_list import AnnotationListDock
from annotator.gui.attribute_panel import AttributeDock
from annotator.gui.commands import EditCommand, TagsetCommand
from annotator.gui.corpus_controller import CorpusController
from annotator.gui.corpus_panel import CorpusDock, CorpusSearchDock
from annotator.gui.document_controller import STATUS_TIMEOUT_MS, DocumentController
from annotator.gui.document_panel import DocumentDock, MarkupDialog
from annotator.gui.entity_panel import EntityDock
from annotator.gui.findbar import FindBar
from annotator.gui.i18n import attribute_label, kind_noun, number, tag_label, tr
from annotator.gui.mainmenu import MainMenu
from annotator.gui.model_texts import error_text
from annotator.gui.placement import place_on_screen
from annotator.gui.statusbar import StatusBar
from annotator.gui.suggestions import SuggestionController
from annotator.gui.tagset_editor import TagsetEditor
from annotator.gui.tasks import collect_on_gui_thread
from annotator.gui.textview import AnnotationView
from annotator.model import AnnotatedDocument, Edit, StoreChange, Tagset, edits
from annotator.model.markup import annotate_markup
from annotator.model.text import (
    find_all,
    find_next,
    find_previous,
    shorten,
    snap_to_words,
    trim_whitespace,
)
from annotator.session import DocumentSession

HIDDEN_NOTES_HINT = QT_TRANSLATE_NOOP("", "View ▸ Show Notes shows them")
Role = QMessageBox.ButtonRole
# Saved dock layouts of another version are not restored: docks came and went.
DOCK_LAYOUT_VERSION = 2
# The find bar counts every match; this many are marked in the text (each is an extra
# selection the text view paints).
MAX_FIND_MARKS = 2000


class MainWindow(QMainWindow):
    # Emitted when the window has accepted to close (its document is saved or discarded).
    windowClosing = Signal()

    def __init__(self) -> None:
        super().__init__()
        collect_on_gui_thread(self)  # workers must never delete the window's Qt objects
        self.setObjectName("mainWindow")
        # The open document and its file: opening, saving, the lock, the watch.
        self.files = DocumentController(self)
        self._folded_text: str | None = None  # lower-cased text, cached for find
        self._shown: AnnotatedDocument | None = None  # the document the views show

        self.view = AnnotationView(self)
        self.view.setObjectName("textView")
        self.files.first_screen = self.view.viewport()
        self.view.setPlaceholderText(
            tr("Open an annotated TEI file (Ctrl+O) or start from a plain-text article "
               "(File ▸ New from Text…). You can also drop a file here."))
        self.find_bar = FindBar(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)

        # The corpus, when one is open: its documents and the search across them, in
        # docks on the left that the controller makes (hidden without a corpus).
        self.corpus = CorpusController(self)
        self.dock = AnnotationListDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [420], Qt.Orientation.Horizontal)
        # Attributes below the tabs (annotations, entities, document): the list and
        # the fields of the selected annotation are both in sight while annotating.
        # Split first: splitting a tabbed dock would put the new one in its tabs.
        self.attribute_dock = AttributeDock(self)
        self.splitDockWidget(self.dock, self.attribute_dock, Qt.Orientation.Vertical)
        self.entity_dock = EntityDock(self)
        self.corpus.attach_entities(self.entity_dock)
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
        self.main_menu = MainMenu(self)
        self.suggestions = SuggestionController(self)

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
        self.files.sessionReplaced.connect(self._show_session)
        self.files.modifiedChanged.connect(self._update_title)
        self.files.statusMessage.connect(lambda text, ms: self.statusBar().showMessage(text, ms))

        self.setAcceptDrops(True)
        place_on_screen(self)
        state = settings.raw().value("window/state")
        if state is not None:
            self.restoreState(state, DOCK_LAYOUT_VERSION)
            self.corpus.show_docks()  # (a restored layout may show them with no corpus)
        self.files.replace(None)


    def _span_of(self, selection: tuple[int, int]) -> tuple[int, int]:
        """The span a text selection tags: snapped to whole words (Preferences), else
        without the white space at its ends."""
        text = self.annotated.document.text
        if settings.get("snap_to_words"):
            return snap_to_words(text, *selection)
        return trim_whitespace(text, *selection)

    # -- the corpus -----------------------------------------------------------------------
    @property
    def corpus_dock(self) -> CorpusDock:
        return self.corpus.dock

    @property
    def search_dock(self) -> CorpusSearchDock:
        return self.corpus.search_dock

    # -- the document ------------------------------------------------------------------
    @property
    def session(self) -> DocumentSession | None:
        return self.files.session

    @property
    def annotated(self) -> AnnotatedDocument | None:
        return self.files.session.document if self.files.session is not None else None

    @property
    def undo_stack(self) -> QUndoStack | None:
        return self.files.undo_stack

    @property
    def is_modified(self) -> bool:
        return self.files.is_modified

    def _show_session(self, session: DocumentSession | None) -> None:
        """Show the document the controller now holds (or none) in every view."""
        annotated = session.document if session is not None else None
        if self._shown is not None:
            self._shown.annotations.unsubscribe(self._on_store_change)
        self._shown = annotated
        self._folded_text = None
        self.main_menu.build_tag_actions(annotated.tagset if annotated is not None
                                         else settings.default_tagset())
        self.view.set_document(annotated)
        self.dock.set_document(annotated)
        self.entity_dock.set_document(annotated)
        self.attribute_dock.set_document(annotated)
        self._picking = None
        self.document_dock.set_document(annotated, session.notes if session else None)
        if annotated is not None:
            annotated.annotations.subscribe(self._on_store_change)
        self.find_bar.close_bar() if self.find_bar.isVisible() else None
        self._update_title()
        self._update_counts()
        self._update_actions()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_store_change(self, change: StoreChange) -> None:
        if change.tagset_changed:
            self._on_tagset_changed()
        if self._picking is not None and self._picking[0] not in self.annotated.annotations:
            self.view.cancel_pick()  # what was being filled is gone (undone, deleted)
        self._update_counts()
        self._update_actions()

    def _update_title(self) -> None:
        session = self.session
        if session is None:
            self.setWindowTitle("Annotator")
            self.file_label.setText("")
            self.modified_label.setText("")
            self.setWindowModified(False)
            return
        corpus = self.corpus.corpus
        in_corpus = f" — {corpus.title}" if corpus is not None and session.member else ""
        self.setWindowTitle(f"{session.display_name()}[*]{in_corpus} — Annotator")
        self.setWindowModified(session.is_modified)
        self.file_label.setText(f"  {session.display_name()}  ")
        self.file_label.setToolTip(shown_path(session.path) if session.path else "")
        if session.is_modified:
            self.modified_label.setText(tr("● Unsaved changes"))
            self.modified_label.setStyleSheet("color: #b5542c; padding-right: 6px;")
        else:
            self.modified_label.setText(tr("Saved") if session.tei_path else tr("Not saved yet"))
            self.modified_label.setStyleSheet("color: palette(mid); padding-right: 6px;")

    def _update_counts(self) -> None:
        if self.annotated is None:
            self.counts_label.setText("")
            return
        counts = self.annotated.annotations.counts()
        parts = []
        for tag in self.annotated.tagset:
            parts.append(f"<span style='color:{tag.color}; font-size:large'>■</span>&nbsp;"
                         f"{html.escape(tag_label(tag), quote=False)}&nbsp;"
                         f"<b>{self.locale().toString(counts.get(tag.id, 0))}</b>")
        self.counts_label.setText("&nbsp;&nbsp;&nbsp;".join(parts) + "&nbsp;&nbsp;")

    def _update_actions(self, *_args) -> None:
        annotated = self.annotated
        self.main_menu.update(annotated is not None, self.view.selected_id is not None,
                              annotated is not None and bool(annotated.document.markup),
                              self.view.has_note_blocks)


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
        label = tag_label(self.annotated.tagset[tag_id])
        selection = self.view.selected_model_range()
        if selection is None and self.suggestions.accept_current(tag_id):
            return  # the tag's key accepts the suggestion Tab went to, with that tag
        try:
            if selection is not None:
                start, end = self._span_of(selection)
                if start >= end:
                    self.status(tr("Nothing to tag: the selection is only white space"))
                    return
                resp = self.session.annotator_id(settings.annotator_name())
                # Mentions of a tag with an entity list are linked to the entity their
                # text names (a new one for a new name): shown here, undone with the tag.
                edit = edits.add_linked(store, [(start, end, tag_id)], resp)
                self.push(edit)
                self.view.clear_selection()
                self.view.set_selected_annotation(edit.after[0].id)
                hidden = self.view.hidden_in(start, end)[0]
                self.status(tr("Tagged “{text}” as {tag}").format(
                                text=shorten(self.annotated.document.text[start:end], 60),
                                tag=label)
                            + _linked_note(edit)
                            + (tr(" — it takes in the text of a hidden note") if hidden else ""))
            elif self.view.selected_id is not None:
                ann = store.get(self.view.selected_id)
                edit = edits.retag(store, [ann.id], tag_id)
                self.push(edit)
                self.status(tr("Retagged “{text}” as {tag}").format(
                                text=shorten(store.text_of(ann), 60), tag=label)
                            + _linked_note(edit))
            else:
                self.status(tr("Select some text to tag, or click an annotation to retag it"))
        except AnnotationError as error:
            self.status(error_text(error.message))

    def add_range(self) -> None:
        """Add the text selection to the annotation selected before it, as a further
        range (a discontinuous annotation); one undoable step."""
        if self.annotated is None:
            return
        if self.view.picking:
            self.view.cancel_pick()
            return
        store = self.annotated.annotations
        target = self.view.range_target
        selection = self.view.selected_model_range()
        if target is None or target not in store or selection is None:
            self.status(tr("Click an annotation, then select the text to add to it"))
            return
        start, end = self._span_of(selection)
        if start >= end:
            self.status(tr("Nothing to add: the selection is only white space"))
            return
        try:
            edit = edits.add_range(store, target, start, end)
        except AnnotationError as error:
            self.status(error_text(error.message))
            return
        self.push(edit)
        self.view.clear_selection()
        self.view.set_selected_annotation(target)
        ann = store.get(target)
        self.status(tr("Added “{text}” to {tag} “{annotation}” (%Ln range(s))", "",
                       len(ann.ranges)).format(
                           text=shorten(self.annotated.document.text[start:end], 40),
                           tag=tag_label(self.annotated.tagset[ann.tag]),
                           annotation=shorten(store.text_of(ann), 60)))

    def remove_range(self) -> None:
        """Take the piece that was clicked from the selected discontinuous annotation."""
        if self.annotated is None:
            return
        store = self.annotated.annotations
        selected = self.view.selected_id
        offset = self.view.clicked_offset()
        if selected is None or selected not in store or offset is None:
            self.status(tr("Click the piece of an annotation to remove"))
            return
        ann = store.get(selected)
        number = next((n for n, (start, end) in enumerate(ann.ranges) if start <= offset < end),
                      None)
        if len(ann.ranges) == 1 or number is None:
            self.status(tr("This annotation has one piece only: delete it instead"))
            return
        start, end = ann.ranges[number]
        self.push(edits.remove_range(store, ann.id, number))
        self.status(tr("Removed “{text}” from {tag} “{annotation}”").format(
            text=shorten(self.annotated.document.text[start:end], 40),
            tag=tag_label(self.annotated.tagset[ann.tag]),
            annotation=shorten(store.text_of(store.get(ann.id)), 60)))

    def delete_annotation(self) -> None:
        if self.view.picking:
            self.view.cancel_pick()
            return
        if self.annotated is None or self.view.selected_id is None:
            self.status(tr("Click an annotation to select it first"))
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
            self.status(error_text(error.message))
            return
        what = tr("Deleted “{text}”").format(
            text=shorten(store.document.text[ann.start:ann.end], 60))
        if referrers:
            what += tr(" and cleared %Ln reference(s) to it (Ctrl+Z restores both)", "",
                       len(referrers))
        self.status(what + _gone_note(edit))

    def _confirm_delete_referenced(self, ann, referrers) -> bool:
        """Ask before deleting an annotation that others name (a commitment's donor)."""
        store = self.annotated.annotations
        tagset = self.annotated.tagset
        lines = []
        for other, name in referrers[:8]:
            tag = tagset[other.tag]
            definition = tag.attribute(name)
            lines.append(tr("• {tag} “{text}” names it as {field}").format(
                tag=tag_label(tag), text=shorten(store.text_of(other), 50),
                field=attribute_label(tag.id, definition) if definition else name))
        if len(referrers) > 8:
            lines.append(tr("• … and %Ln more", "", len(referrers) - 8))
        text = shorten(store.text_of(ann), 60)
        informative = ("\n".join(lines) + "\n\n" + tr("Deleting it clears these fields. Undo "
                                                      "brings back both the annotation and "
                                                      "the fields."))
        choice = dialogs.ask(self, tr("Delete Annotation"),
                             tr("Other annotations refer to “{text}”.").format(text=text),
                             informative,
                             [(tr("Delete and Clear"), Role.DestructiveRole),
                              (tr("Cancel"), Role.RejectRole)],
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
            self.status(tr("The tagset is unchanged"))
            return
        try:
            command = TagsetCommand(self.annotated, tagset)
        except AnnotationError as error:
            self.status(error_text(error.message))
            return
        self.undo_stack.push(command)
        removed = len(command.removal.before) if command.removal is not None else 0
        dropped = len(command.conforming.before) if command.conforming is not None else 0
        message = tr("Tagset changed")
        if removed:
            message += tr("; %Ln annotation(s) of removed tags deleted", "", removed)
        if dropped:
            message += tr("; values no longer allowed dropped from %Ln annotation(s)", "",
                          dropped)
        self.status(message + tr(" (Ctrl+Z undoes it)"))

    def _on_tagset_changed(self) -> None:
        """The tag keys and buttons. (The views, list and panels follow the store.)"""
        self.main_menu.build_tag_actions(self.annotated.tagset)
        if self._picking is not None:
            self.view.cancel_pick()  # the field being filled may be gone
        self._update_counts()
        self._update_actions()

    # -- TEI documents: notes, markup, readings ------------------------------------------
    def set_notes_visible(self, visible: bool) -> None:
        self.view.set_notes_visible(visible)
        self.main_menu.notes_action.setChecked(visible)
        settings.put("show_notes", bool(visible))

    def set_markup_visible(self, visible: bool) -> None:
        self.view.set_markup_visible(visible)
        self.main_menu.markup_action.setChecked(visible)
        self.document_dock.show_markup_box.setChecked(visible)
        settings.put("show_markup", bool(visible))

    def annotate_markup(self) -> None:
        """Ask which tag each kind of existing markup becomes, then add them in one step."""
        if self.annotated is None or not self.annotated.document.markup:
            self.status(tr("This document has no names marked up in its file"))
            return
        dialog = MarkupDialog(self.annotated, self)
        if dialog.exec() != MarkupDialog.DialogCode.Accepted:
            return
        self.annotate_markup_as(dialog.mapping())

    def annotate_markup_as(self, mapping: dict[str, str]) -> None:
        if not mapping:
            self.status(tr("No element was given a tag; nothing added"))
            return
        resp = self.session.annotator_id(settings.annotator_name())
        try:
            edit = annotate_markup(self.annotated.annotations, mapping, resp)
        except AnnotationError as error:
            self.status(error_text(error.message))
            return
        self.push(edit)
        self.status(tr("Added %Ln annotation(s) from the file's markup "
                       "(Ctrl+Z takes them all back)", "", len(edit.after)))

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
        wanted = tr(" or ").join(tag_label(self.annotated.tagset[t]) for t in targets
                             if t in self.annotated.tagset)
        self.statusBar().showMessage(
            tr("Click the {field} in the text (an annotation tagged {tags}); Esc cancels")
            .format(field=attribute_label(tag.id, definition), tags=wanted), 60000)

    def _on_picked(self, picked: str | None) -> None:
        if self._picking is None:
            return
        ann_id, name = self._picking
        if picked is None:
            self.statusBar().showMessage(tr("No annotation of the right tag there: click "
                                            "another one, or press Esc"), 60000)
            return
        self._picking = None
        if self.attribute_dock.annotation_id() != ann_id:
            self.attribute_dock.show_annotation(ann_id)
        if self.attribute_dock.fill_reference(name, picked):
            store = self.annotated.annotations
            self.status(tr("“{text}” set").format(
                text=shorten(store.text_of(store.get(picked)), 50)))
        else:
            self.statusBar().clearMessage()

    def _on_pick_cancelled(self) -> None:
        self._picking = None
        self.status(tr("Picking cancelled"))

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
                self.status(tr("“{text}” is in a note, and notes are hidden: {hint}").format(
                    text=shorten(self.annotated.annotations.text_of(ann), 60),
                    hint=tr(HIDDEN_NOTES_HINT)))

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
            self.find_bar.set_status(tr("Not found"))
            self.status(tr("“{text}” not found").format(text=needle))
            return
        wrapped = found >= position if backwards else found < position
        self.view.select_model_range(found, found + len(needle))
        every = find_all(text, needle, folded=self._folded_text)
        shown = every[:MAX_FIND_MARKS]
        self.view.set_find_match(found, found + len(needle),
                                 [(at, at + len(needle)) for at in shown])
        where_in = bisect.bisect_left(every, found)
        message = tr("{n} of {total}").format(n=number(where_in + 1), total=number(len(every)))
        if wrapped:
            message += tr(", wrapped around")
        hidden = self.view.hidden_in(found, found + len(needle))[1]
        if hidden:
            message += tr(", in a hidden note")
        self.find_bar.set_status(message)
        where = tr(" (wrapped around to the end)") if backwards \
            else tr(" (wrapped around to the start)")
        self.status(tr("Found “{text}”").format(text=needle)
                    + (where if wrapped else "")
                    + (tr(" in a hidden note: {hint}").format(hint=tr(HIDDEN_NOTES_HINT))
                       if hidden else ""))

    def _on_find_closed(self) -> None:
        self.view.clear_find_match()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- window events ---------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
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
        self.files.close_document()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event) is not None or self.corpus.takes_drop(_dropped_paths(event)):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        # Open after the drop has finished: a question box inside a drop handler
        # would block the drag source.
        dropped = _dropped_paths(event)
        if self.corpus.takes_drop(dropped):
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.corpus.take_drop(dropped))
            return
        path = _dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.files.open_path(path))


def _dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[str]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]


def _dropped_file(event: QDropEvent | QDragEnterEvent) -> str | None:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).is_file():
            return url.toLocalFile()
    return None


def _linked_note(edit: Edit) -> str:
    """What tagging or retagging did besides: " — linked to “Deutschland”", " — new
    entity “Pete Hegseth” (person)", and the entities it took along."""
    note = ""
    if edit.after and edit.after[0].entity:
        entity_id = edit.after[0].entity
        if edit.entities_after:
            entity = edit.entities_after[0]
            what = kind_noun(entity.kind) + (f", {entity.type}" if entity.type else "")
            note = tr(" — new entity “{name}” ({kind})").format(
                name=shorten(entity.name, 40), kind=what)
        else:
            note = tr(" — linked to entity {id} (Ctrl+Z undoes both)").format(id=entity_id)
    return note + _gone_note(edit)


def _gone_note(edit: Edit) -> str:
    """" — the entity “X”, which nothing else names, went too": an entity goes with the
    last mention or reference that named it."""
    kept = {e.id for e in edit.entities_after}
    gone = [e for e in edit.entities_before if e.id not in kept]
    if len(gone) == 1:
        return tr(" — the entity “{name}”, which nothing else names, went too").format(
            name=shorten(gone[0].name, 40))
    return tr(" — %Ln entities that nothing else names went too", "", len(gone)) if gone else ""
