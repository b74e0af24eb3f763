"""The window's corpus: opening and making one, importing into it, moving between its
documents, searching it, annotating all hits, a document's metadata, the corpus
tables and the check.

The corpus itself is ``annotator.corpus`` (no Qt); this controller asks the user,
runs the corpus's work through the document controller (on a worker with progress
and Cancel where it may take long) and tells the docks what to show. A corpus
document opens as any document does: a session whose Save writes only the
annotator's own annotation file.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLabel, QMessageBox

from annotator.corpus import Corpus, Hit, ImportReport, TagReport, is_corpus
from annotator.corpus.tables import EXPORTS, export_table
from annotator.errors import AnnotatorError, Problem
from annotator.filenames import shown_name
from annotator.gui import dialogs, names, settings
from annotator.gui.corpus_entities import CorpusMentionsPanel
from annotator.gui.corpus_panel import (
    AnnotateAllDialog,
    CorpusDock,
    CorpusSearchDock,
    MetadataDialog,
)
from annotator.gui.i18n import tag_label, tr
from annotator.model import edits
from annotator.progress import Cancelled

if TYPE_CHECKING:
    from annotator.gui.entity_panel import EntityDock
    from annotator.gui.mainwindow import MainWindow

DOCK_WIDTH = 420  # the corpus docks' first width: titles and context in sight
# The search shows the hits of the first documents until it has this many; Show All
# (and Annotate All) find the rest. A word in every document would otherwise read
# every text before anything is shown.
FIRST_HITS = 1000
# A search brings the index up to the files (others' programs, a sync) when the last
# time is this long ago; the window's own saves keep it current in between.
REFRESH_AFTER_S = 10.0
# The files an import takes (folders are searched for them).
IMPORT_FILTER = QT_TRANSLATE_NOOP("", "Articles (*.txt *.xml *.tei *.html *.htm);;Text files "
                                     "(*.txt);;TEI documents (*.xml *.tei);;Web pages "
                                     "(*.html *.htm);;All files (*)")


class CorpusController(QObject):
    """The corpus open in one window, if any."""

    # The corpus opened or closed (None).
    corpusChanged = Signal(object)
    # The list of documents was read again (after an import, a save, a tag-all).
    documentsChanged = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("corpusController")
        self.window = window
        self.files = window.files
        self.corpus: Corpus | None = None
        self.listed: list = []  # annotator.corpus.index.Listed, as last read
        self.files.saved.connect(self._on_saved)
        # The docks: the documents and the search, tabbed on the left of the window.
        self.dock = CorpusDock(window)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.search_dock = CorpusSearchDock(window)
        window.tabifyDockWidget(self.dock, self.search_dock)
        self.dock.raise_()
        for shown in (self.dock, self.search_dock):
            shown.hide()
        self.dock.documentActivated.connect(self.open_document)
        self.dock.syncRequested.connect(self.sync)
        self.dock.takeNextRequested.connect(self.take_next)
        self.dock.curateRequested.connect(self.curate)
        self.curation_view = None  # the curation window open, if any (gui/curation_view.py)
        window.windowClosing.connect(self._close_curation)
        self.search_dock.searchRequested.connect(self.search_and_show)
        self.search_dock.hitActivated.connect(self.open_hit)
        self.search_dock.annotateAllRequested.connect(self._annotate_shown)
        self.search_dock.showAllRequested.connect(
            lambda: self.search_and_show(self.search_dock.query,
                                         self.search_dock.this_document, everything=True))
        self._refreshed_at: float | None = None  # when the index was last brought up
        # Under the Entities tab's tree (``attach_entities``): the entity across the corpus.
        self.mentions_panel = CorpusMentionsPanel()
        self.mentions_panel.hide()
        self.mentions_panel.documentActivated.connect(self.open_mentions)
        self.mentions_panel.mergeRequested.connect(self.merge_into)
        self.mentions_panel.splitRequested.connect(self.split_off)
        self.corpusChanged.connect(self._show_docks)
        self.documentsChanged.connect(self._show_documents)
        self.documentsChanged.connect(self._show_mentions)
        self.files.sessionReplaced.connect(self._select_row)

    # -- the docks ---------------------------------------------------------------------------
    def attach_entities(self, dock: EntityDock) -> None:
        """Put the corpus's part under the Entities tab's tree (the window makes that
        dock after this controller: the corpus docks come first on the left)."""
        dock.add_section(self.mentions_panel)
        dock.currentEntityChanged.connect(self._show_mentions)

    def show_docks(self) -> None:
        """Show the corpus docks while a corpus is open, and only then."""
        self._show_docks(self.corpus)

    def _show_docks(self, corpus: Corpus | None) -> None:
        for shown in (self.dock, self.search_dock, self.mentions_panel):
            shown.setVisible(corpus is not None)
        if corpus is None:
            self.dock.set_documents("", [], None)
            self.search_dock.show_hits("", [], {})
        else:
            # Tabs again (a layout restored from before there were corpus docks may
            # have put them one above the other), wide enough for titles and context.
            self.window.tabifyDockWidget(self.dock, self.search_dock)
            self.dock.raise_()
            self.window.resizeDocks([self.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        self.window.main_menu.update_corpus(corpus is not None)
        self.files.modifiedChanged.emit()  # (the window's title names the corpus)

    def _select_row(self, _session: object) -> None:
        doc_id = self.current_document()
        if doc_id is not None:
            self.dock.select_document(doc_id)

    def _show_documents(self) -> None:
        corpus = self.corpus
        self.dock.set_documents(corpus.title if corpus is not None else "", self.listed,
                                corpus.tagset if corpus is not None else None,
                                team=self.team_rows(), me=settings.annotator_id())

    def show_search(self) -> None:
        """Bring the corpus search forward, its query (the selected words, if any)
        selected for typing."""
        if self.corpus is None:
            return
        self.search_dock.show()
        self.search_dock.raise_()
        edit = self.search_dock.query_edit
        selected = self.window.view.selected_model_range()
        annotated = self.window.annotated
        if selected is not None and annotated is not None:
            words = " ".join(annotated.document.text[selected[0]:selected[1]].split())
            if words and len(words) <= 80:
                edit.setText(words)
        edit.setFocus()
        edit.selectAll()

    def search_and_show(self, query: str, this_document: bool = False,
                        everything: bool = False) -> None:
        """Search and show the hits: the first ``FIRST_HITS`` or so, or ``everything``."""
        limit = None if everything else FIRST_HITS
        hits = self.search(query, this_document, limit)
        if hits is not None:
            complete = limit is None or len(hits) < limit
            self.search_dock.show_hits(query, hits, self.titles(), complete, this_document)

    def _annotate_shown(self) -> None:
        """Annotate All on the search dock's hits, all of them found first."""
        dock = self.search_dock
        if not dock.complete:
            self.search_and_show(dock.query, dock.this_document, everything=True)
            if not dock.complete:
                return
        self.annotate_all(dock.query, dock.model.hits)

    def next_document(self, by: int = 1) -> bool:
        """Open the next (``by`` 1) or previous (-1) document of the list, in its order."""
        return self.step(self.dock.shown_documents(), by)

    def takes_drop(self, paths: list[str]) -> bool:
        """Whether dropped ``paths`` are for the corpus: a corpus folder to open, or
        (while a corpus is open) files and folders to import."""
        if len(paths) == 1 and is_corpus(paths[0]):
            return True
        return bool(paths) and self.corpus is not None

    def take_drop(self, paths: list[str]) -> None:
        if len(paths) == 1 and is_corpus(paths[0]):
            self.open_corpus(paths[0])
        else:
            self.add_documents(paths)

    # -- which corpus ---------------------------------------------------------------------
    def new_corpus(self, folder: str | None = None) -> bool:
        """Make a corpus in a new or empty folder and open it."""
        if folder is None:
            folder = QFileDialog.getExistingDirectory(
                self.window, tr("New Corpus: Choose a New or Empty Folder"),
                self.files.start_folder())
            if not folder:
                return False
        try:
            corpus = Corpus.create(folder)
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not make the corpus"), error)
            return False
        return self._take(corpus, tr("Made the corpus %1: add documents with Corpus ▸ Add "
                                     "Documents…").replace("%1", shown_name(Path(folder))))

    def open_corpus(self, folder: str | None = None) -> bool:
        """Open the corpus in ``folder`` (None: ask)."""
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self.window, tr("Open Corpus"),
                                                      self.files.start_folder())
            if not folder:
                return False
        try:
            corpus = Corpus.open(folder)
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not open the corpus"), error)
            return False
        return self._take(corpus, tr("Opened the corpus %1").replace("%1", corpus.title))

    def close_corpus(self) -> bool:
        if self.corpus is None:
            return True
        if self._showing_member() and not self.files.maybe_save():
            return False
        if self.curation_view is not None and not self.curation_view.close():
            return False
        if self._showing_member():
            self.files.replace(None)
        self.corpus, self.listed = None, []
        self._refreshed_at = None
        self.corpusChanged.emit(None)
        return True

    def _take(self, corpus: Corpus, message: str) -> bool:
        if self.corpus is not None and not self.close_corpus():
            return False
        self.corpus = corpus
        settings.put("last_corpus", str(Path(os.path.abspath(corpus.root))))
        self.corpusChanged.emit(corpus)
        self.reload(refresh=True)
        self.files.status(message)
        return True

    def reload(self, refresh: bool = False) -> None:
        """Read the list of documents again (``refresh``: bring the index up to the files
        first, which reads every changed file)."""
        corpus = self.corpus
        if corpus is None:
            return
        if refresh:
            try:
                reading = tr("Reading the corpus %1").replace("%1", corpus.title)
                listed, refreshed = self.files.run(reading, corpus.documents)
                self._refreshed_at = time.monotonic()
            except Cancelled:
                self.files.status(tr("Reading the corpus cancelled; the list may be incomplete"))
                listed, refreshed = corpus.index.documents(), None
            except AnnotatorError as error:
                dialogs.show_error(self.window, tr("Could not read the corpus"), error)
                return
            if refreshed is not None and refreshed.problems:
                dialogs.show_warnings(
                    self.window, tr("Some files of the corpus could not be read"),
                    tr("The corpus opened with what it has. Corpus ▸ Check Corpus lists every "
                       "problem."), refreshed.problems)
        else:
            listed = corpus.index.documents()
        self.listed = listed
        self.documentsChanged.emit()

    def titles(self) -> dict[str, str]:
        return {listed.info.id: listed.info.title for listed in self.listed}

    # -- documents --------------------------------------------------------------------------
    def _showing_member(self) -> bool:
        session = self.files.session
        return session is not None and session.member is not None \
            and session.member.corpus is self.corpus

    def current_document(self) -> str | None:
        """The id of the corpus document the window shows, if it shows one."""
        return self.files.session.member.doc_id if self._showing_member() else None

    def open_document(self, doc_id: str) -> bool:
        """Show ``doc_id`` in the window, as this annotator annotates it."""
        corpus = self.corpus
        if corpus is None:
            return False
        if doc_id == self.current_document():
            return True
        if not self.files.maybe_save():
            return False
        annotator, file_id = settings.annotator_name(), settings.annotator_id()
        try:
            session = self.files.run(tr("Opening %1").replace("%1", doc_id),
                                     lambda progress: corpus.open_document(
                                         doc_id, annotator, progress, file_id=file_id),
                                     inline=True)
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not open %1").replace("%1", doc_id), error)
            return False
        if not self.files.adopt(session):
            return False
        title = self.titles().get(doc_id, doc_id)
        count = len(session.document.annotations)
        self.files.status(f"{title} — " + tr("%Ln annotation(s)", "", count))
        return True

    def step(self, shown: list[str], by: int) -> bool:
        """Open the document ``by`` places after the one shown, in the order ``shown``
        (the list's), or the first one if none is shown."""
        if not shown:
            return False
        current = self.current_document()
        if current not in shown:
            return self.open_document(shown[0] if by > 0 else shown[-1])
        index = shown.index(current) + by
        if not 0 <= index < len(shown):
            self.files.status(tr("This is the last document of the list") if by > 0
                              else tr("This is the first document of the list"))
            return False
        return self.open_document(shown[index])

    def open_hit(self, hit: Hit) -> bool:
        """Open the hit's document and select the hit."""
        if not self.open_document(hit.document):
            return False
        self.window.view.select_model_range(hit.start, hit.end)
        self.window.view.set_find_match(hit.start, hit.end)
        return True

    def add_documents(self, paths: list[str] | None = None, folder: bool = False) -> bool:
        """Import files and folders (``paths`` None: ask for files, or a folder)."""
        corpus = self.corpus
        if corpus is None:
            return False
        if paths is None:
            if folder:
                chosen = QFileDialog.getExistingDirectory(
                    self.window, tr("Add a Folder of Documents"), self.files.start_folder())
                paths = [chosen] if chosen else []
            else:
                paths, _ = QFileDialog.getOpenFileNames(
                    self.window, tr("Add Documents"), self.files.start_folder(), tr(IMPORT_FILTER))
            if not paths:
                return False
        annotator = settings.annotator_name()
        try:
            report: ImportReport = self.files.run(
                tr("Importing into the corpus"),
                lambda progress: corpus.add(paths, annotator, progress,
                                            file_id=settings.annotator_id()))
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not import"), error)
            return False
        self.reload()
        self._tell_import(report)
        return bool(report.added)

    def _tell_import(self, report: ImportReport) -> None:
        lines = [tr("%Ln document(s) added", "", len(report.added))]
        if report.duplicates:
            lines.append(tr("%Ln skipped: the corpus has their text already", "",
                            len(report.duplicates)))
        if report.failed:
            lines.append(tr("%Ln could not be imported (listed below)", "",
                            len(report.failed)))
        if report.cancelled:
            lines.append(tr("the import was cancelled; the documents added before stay"))
        problems = list(report.failed) + [
            Problem(tr("the same text as %1").replace("%1", doc_id), path)
            for path, doc_id in report.duplicates]
        if problems:
            dialogs.show_warnings(self.window, tr("Import into the corpus"),
                                  "\n".join(f"• {line}" for line in lines), problems)
        else:
            message = "; ".join(lines)
            self.files.status(message[:1].upper() + message[1:])

    # -- search and annotate all ------------------------------------------------------------
    def search(self, query: str, this_document: bool = False, limit: int | None = None
               ) -> list[Hit] | None:
        """The hits of ``query`` (with ``limit``: of the first documents, see
        ``Corpus.search``), or None after a message."""
        corpus = self.corpus
        if corpus is None:
            return None
        doc_id = self.current_document() if this_document else None
        if this_document and doc_id is None:
            self.files.status(tr("Open a document of the corpus to search in it"))
            return None
        self._save_shown_first()
        refresh = (self._refreshed_at is None
                   or time.monotonic() - self._refreshed_at >= REFRESH_AFTER_S)
        try:
            hits = self.files.run(tr("Searching for “%1”").replace("%1", query),
                                  lambda progress: corpus.search(query, doc_id, progress,
                                                                 limit, refresh))
            if refresh:
                self._refreshed_at = time.monotonic()
            return hits
        except Cancelled:
            self.files.status(tr("Search cancelled"))
            return None
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not search"), error)
            return None

    def _save_shown_first(self) -> None:
        """The index knows the files: the text searched is the same whether or not the
        open document has unsaved annotations (its text never changes), so nothing to do;
        kept as the one place to say so."""

    def annotate_all(self, query: str, hits: list[Hit]) -> TagReport | None:
        """Review ``hits`` and tag those left ticked: in the open document as one undoable
        edit, in the others through their files (each saved as it is done)."""
        corpus = self.corpus
        if corpus is None or not hits:
            return None
        dialog = AnnotateAllDialog(query, hits, self.titles(), corpus.tagset, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen, tag = dialog.chosen(), dialog.tag()
        current = self.current_document()
        here = [hit for hit in chosen if hit.document == current]
        elsewhere = [hit for hit in chosen if hit.document != current]
        report = TagReport()
        if here:
            doc = self.window.annotated
            resp = self.files.session.annotator_id(settings.annotator_name())
            edit, skipped = edits.add_missing(doc, [(h.start, h.end) for h in here], tag, resp)
            report.skipped += skipped
            if edit is not None:
                self.window.push(edit)
                report.added += len(edit.after)
                report.documents.append(current)
        if elsewhere:
            annotator = settings.annotator_name()
            try:
                more: TagReport = self.files.run(
                    tr("Annotating “%1”").replace("%1", query),
                    lambda progress: corpus.tag_all(query, tag, annotator, progress=progress,
                                                    hits=elsewhere,
                                                    file_id=settings.annotator_id()))
            except AnnotatorError as error:
                dialogs.show_error(self.window, tr("Could not annotate all"), error)
                more = TagReport()
            report.added += more.added
            report.skipped += more.skipped
            report.documents += more.documents
            report.failed += more.failed
        self.reload()
        label = tag_label(corpus.tagset[tag])
        message = (tr("Tagged %Ln hit(s) as %1", "", report.added).replace("%1", label) + " "
                   + tr("in %Ln document(s)", "", len(report.documents)))
        if report.skipped:
            message += "; " + tr("%Ln already had the tag", "", report.skipped)
        if report.failed:
            dialogs.show_warnings(self.window, tr("Annotate all"), message, report.failed)
        self.files.status(message)
        return report

    # -- the entity register across documents ---------------------------------------------
    def _show_mentions(self, entity_id: str = "") -> None:
        """Show where the Entities tab's current entity is mentioned in the corpus."""
        corpus = self.corpus
        entity_id = entity_id or self.window.entity_dock.current_entity() or ""
        if corpus is None or not entity_id:
            self.mentions_panel.show_mentions(None, [], {})
            return
        annotated = self.window.annotated
        entity = annotated.entities.get(entity_id) if annotated is not None else None
        try:
            entity = entity or corpus.entities().get(entity_id)
            mentions = corpus.mentions_of(entity_id)
        except AnnotatorError as error:
            self.files.status(error.message)
            entity, mentions = None, []
        self.mentions_panel.show_mentions(entity, mentions, self.titles())

    def open_mentions(self, doc_id: str, entity_id: str) -> bool:
        """Open ``doc_id`` with ``entity_id`` chosen in the Entities tab."""
        if not self.open_document(doc_id):
            return False
        dock = self.window.entity_dock
        dock.show()
        dock.raise_()
        dock.select_entity(entity_id)
        return True

    def _saved_for_register(self) -> bool:
        """Work on the register goes through the files: the open document is saved
        first (its new entities reach the register with the save)."""
        if self.files.is_modified and not self.files.save():
            self.files.status(tr("Save the document first"))
            return False
        return True

    def merge_into(self, keep_id: str) -> bool:
        """Ask which entity of the register to merge into ``keep_id``, and merge it in
        every document this annotator annotated (``Corpus.merge_entities``)."""
        corpus = self.corpus
        if corpus is None or not self._saved_for_register():
            return False
        try:
            register = corpus.entities()
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not read the entity register"), error)
            return False
        keep = register.get(keep_id)
        if keep is None:
            self.files.status(tr("Save the document first: “%1” is not in the register yet")
                              .replace("%1", keep_id))
            return False
        others = sorted((e for e in register.values() if e.kind == keep.kind and e.id != keep_id),
                        key=lambda e: (e.name.casefold(), e.id))
        if not others:
            self.files.status(tr("The corpus has no other entity of this kind"))
            return False
        labels = [f"{e.name} ({e.id})" for e in others]
        ask = QInputDialog(self.window)
        ask.setWindowTitle(tr("Merge Into “%1”").replace("%1", keep.name))
        ask.setLabelText(tr("The entity to merge into “%1”. Its mentions in every document you "
                            "annotated move to “%1”; other annotators' files are read as "
                            "merged. This cannot be undone with Undo.").replace("%1", keep.name))
        ask.setComboBoxItems(labels)
        ask.setComboBoxEditable(False)
        for label_widget in ask.findChildren(QLabel):
            label_widget.setWordWrap(True)  # (a long sentence: the box stays readable)
        ask.resize(460, ask.sizeHint().height())
        if ask.exec() != QDialog.DialogCode.Accepted or ask.textValue() not in labels:
            return False
        gone = others[labels.index(ask.textValue())]
        annotator = settings.annotator_name()
        try:
            report = self.files.run(
                tr("Merging “%1”").replace("%1", gone.name),
                lambda progress: corpus.merge_entities(keep_id, [gone.id], annotator, progress))
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not merge"), error)
            return False
        self._after_register_change(report.documents, report.failed)
        self.files.status(tr("Merged “%1” into “%2”").replace("%1", gone.name)
                          .replace("%2", keep.name) + " "
                          + tr("in %Ln document(s)", "", len(report.documents)))
        return True

    def split_off(self, entity_id: str, doc_ids: list[str]) -> bool:
        """Ask for a name and move ``entity_id``'s mentions in ``doc_ids`` (this
        annotator's files) to a new entity (``Corpus.split_entity``)."""
        corpus = self.corpus
        if corpus is None or not self._saved_for_register():
            return False
        old = corpus.entities().get(entity_id)
        if old is None:
            return False
        name, ok = QInputDialog.getText(
            self.window, tr("Split Off Documents"),
            tr("Name of the new entity for the mentions of “%1” in %Ln document(s):", "",
               len(doc_ids)).replace("%1", old.name), text=old.name)
        if not ok:
            return False
        annotator = settings.annotator_name()
        try:
            report = self.files.run(
                tr("Splitting “%1”").replace("%1", old.name),
                lambda progress: corpus.split_entity(entity_id, doc_ids, name, annotator,
                                                     progress))
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not split"), error)
            return False
        self._after_register_change(report.documents, report.failed)
        if report.entity is not None:
            self.window.entity_dock.select_entity(report.entity.id)
        self.files.status(tr("Split “%1” off in %Ln document(s)", "", len(report.documents))
                          .replace("%1", name.strip()))
        return True

    def _after_register_change(self, rewritten: list[str], failed: list[Problem]) -> None:
        """The open document again from its file if a merge or split rewrote it; the list
        and the mentions anew; files that could not be rewritten said."""
        current = self.current_document()
        if current in rewritten and self.files.session.tei_path is not None:
            chosen = self.window.entity_dock.current_entity()
            self.files.open_path(self.files.session.tei_path, ask=False)
            if chosen:
                self.window.entity_dock.select_entity(chosen)
        self.reload()
        if failed:
            dialogs.show_warnings(self.window, tr("Some files were not changed"),
                                  tr("These files could not be rewritten:"), failed)

    # -- metadata -----------------------------------------------------------------------------
    def edit_metadata(self) -> bool:
        """Edit the shown document's metadata (written to its text.xml at once) and the
        annotator's status (written with the next save)."""
        corpus, doc_id = self.corpus, self.current_document()
        if corpus is None or doc_id is None:
            self.files.status(tr("Open a document of the corpus first"))
            return False
        try:
            info = corpus.info(doc_id)
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not read the metadata"), error)
            return False
        member = self.files.session.member
        dialog = MetadataDialog(info, member.status, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        edited = dialog.edited_info()
        if edited != info:
            try:
                corpus.set_info(edited)
            except AnnotatorError as error:
                dialogs.show_error(self.window, tr("Could not save the metadata"), error)
                return False
            # What the open document shows of it (its title names the window); the file
            # is written already, so this is no edit to undo or save.
            metadata = self.files.session.document.document.metadata
            metadata.title = edited.title
            metadata.author = edited.author
            metadata.language = edited.language
            self.files.modifiedChanged.emit()
            self.window.document_dock.set_document(self.window.annotated,
                                                   self.files.session.notes)
        if dialog.status() != member.status:
            member.status = dialog.status()
            self.files.session.modified_outside_undo = True
            self.files.modifiedChanged.emit()
        self.reload(refresh=edited != info)
        self.files.status(tr("Metadata of %1 saved").replace("%1", edited.title) if edited != info
                          else tr("The status is saved with the document"))
        return True

    def _on_saved(self) -> None:
        if self._showing_member():
            self.reload()

    # -- the team: assignments, the queue, sync (docs/team.md) -------------------------------
    def team_rows(self) -> dict:
        """Per document: who is assigned, who annotated, its state
        (``team.assignments.DocumentTeam``); empty when the assignments cannot be read."""
        from annotator.team.assignments import document_teams

        corpus = self.corpus
        if corpus is None:
            return {}
        try:
            return document_teams(corpus.root, {e.info.id: e.statuses for e in self.listed})
        except AnnotatorError as error:
            self.files.status(str(error))
            return {}

    def take_next(self) -> str | None:
        """Assign this annotator the next document of the queue and open it."""
        from annotator.team.assignments import take_next

        corpus = self.corpus
        if corpus is None:
            return None
        try:
            doc_id = take_next(corpus.root, settings.annotator_id(),
                               [listed.info.id for listed in self.listed])
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not take a document"), error)
            return None
        if doc_id is None:
            self.files.status(tr("The queue is empty: every document has the annotators it "
                                 "needs"))
            return None
        self.reload()
        self.open_document(doc_id)
        return doc_id

    def clone_corpus(self, url: str | None = None, folder: str | None = None) -> bool:
        """Copy a team's corpus from its Git remote (``url`` None: ask) into a new or
        empty ``folder`` (None: ask) and open it."""
        from PySide6.QtWidgets import QLineEdit

        from annotator.team import sync as team_sync

        if url is None:
            url, given = QInputDialog.getText(
                self.window, tr("Get a Team Corpus"),
                tr("The Git remote of the team's corpus: a bare repository's folder, "
                   "ssh://… or https://… (your Git's SSH key or credential helper gives "
                   "access)"), QLineEdit.EchoMode.Normal, "")
            if not given:
                return False
        url = url.strip()
        if not url:
            self.files.status(tr("No remote given; nothing was copied"))
            return False
        if folder is None:
            folder = QFileDialog.getExistingDirectory(
                self.window, tr("A New or Empty Folder for the Corpus"),
                self.files.start_folder())
            if not folder:
                return False
        try:
            cloned = self.files.run(tr("Copying the corpus from %1").replace("%1", url),
                                    lambda _progress: team_sync.clone(url, folder))
        except Cancelled:
            self.files.status(tr("Copying the corpus cancelled"))
            return False
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not get the corpus"), error)
            return False
        return self.open_corpus(str(cloned))

    def sync_with(self, url: str | None = None):  # -> SyncReport | None
        """Ask for the corpus's Git remote (``url`` None: ask, the present one offered)
        and sync with it; it stays the corpus's remote."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from annotator.team import sync as team_sync

        corpus = self.corpus
        if corpus is None:
            return None
        if url is None:
            url, given = QInputDialog.getText(
                self.window, tr("Sync With a Remote"),
                tr("The Git remote of the corpus: a bare repository's folder, ssh://… or "
                   "https://… (your Git's SSH key or credential helper gives access)"),
                QLineEdit.EchoMode.Normal, team_sync.remote_url(corpus.root) or "")
            if not given:
                return None
        url = url.strip()
        if not url:
            self.files.status(tr("No remote given; nothing was synced"))
            return None
        return self.sync(remote=url)

    def sync(self, remote: str | None = None):  # -> annotator.team.sync.SyncReport | None
        """Commit this annotator's work, exchange it with the corpus's Git remote and show
        what came. The open document is saved first (a sync never takes unsaved work
        along, nor leaves it behind); if it cannot be saved, there is no sync."""
        from annotator.team import sync as team_sync

        corpus = self.corpus
        if corpus is None:
            return None
        if self._showing_member() and self.files.is_modified and not self.files.save():
            self.files.status(tr("Not synced: the open document could not be saved"))
            return None
        name = settings.annotator_name()
        try:
            report = self.files.run(tr("Syncing %1").replace("%1", corpus.title),
                                    lambda progress: team_sync.sync(corpus.root, name, remote,
                                                                    progress=progress))
        except Cancelled:
            self.files.status(tr("Sync cancelled; the next sync finishes what it began"))
            return None
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not sync"), error)
            return None
        if report.changed:
            self._reopen_after_sync(report.changed)
        else:
            self.reload()
        self.files.status(sync_message(report))
        if report.conflicts:
            self.decide_conflicts()
        return report

    def _reopen_after_sync(self, changed: list[str]) -> None:
        """Files came from the remote: the list read again, the open document (saved
        before the sync) read again from its files; the corpus too if its tagset came."""
        from annotator.corpus.layout import CORPUS_FILE

        doc_id = self.current_document()
        if CORPUS_FILE in changed and self.corpus is not None:
            try:
                self.corpus = Corpus.open(self.corpus.root)
            except AnnotatorError as error:
                dialogs.show_error(self.window, tr("Could not read the corpus"), error)
        self.reload(refresh=True)
        if doc_id is not None and not self.files.is_modified:
            self.files.replace(None)
            self.open_document(doc_id)

    def decide_conflicts(self) -> int:
        """Ask about each conflict a sync kept (keep mine / take theirs); returns how many
        were decided."""
        from annotator.gui.corpus_panel import ConflictDialog
        from annotator.team import sync as team_sync

        corpus = self.corpus
        if corpus is None:
            return 0
        kept = team_sync.conflicts(corpus.root)
        if not kept:
            self.files.status(tr("No conflicts to decide"))
            return 0
        dialog = ConflictDialog(kept, self.window)
        dialog.exec()
        decided = 0
        for conflict, keep in dialog.decisions.items():
            try:
                team_sync.resolve(corpus.root, conflict, keep)
                decided += 1
            except (AnnotatorError, OSError) as error:
                dialogs.show_error(self.window, tr("Could not decide the conflict"),
                                   error if isinstance(error, AnnotatorError)
                                   else AnnotatorError(str(error)))
        if decided:
            self.reload(refresh=True)
        return decided

    # -- tables and the check -------------------------------------------------------------
    def export(self, export: str) -> bool:
        corpus = self.corpus
        if corpus is None:
            return False
        _table, _fmt, description, suffix = EXPORTS[export]
        default = Path(self.files.start_folder()) / f"{corpus.root.name}-{export}{suffix}"
        path = names.ask_export_path(self.window, tr(description), default, suffix)
        if path is None:
            return False
        try:
            data, problems = self.files.run(tr("Exporting %1").replace("%1", path.name),
                                            lambda progress: export_table(corpus, export,
                                                                          progress))
            self.files.run(tr("Writing %1").replace("%1", path.name),
                           lambda _progress: _write(path, data), inline=True)
        except Cancelled:
            self.files.status(tr("Export cancelled; %1 was not written").replace("%1", path.name))
            return False
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not export"), error)
            return False
        if problems:
            dialogs.show_warnings(self.window, tr("Exported %1").replace("%1", path.name),
                                  tr("These files could not be read and are left out:"), problems)
        self.files.status(tr("Exported %1").replace("%1", path.name))
        return True

    def show_chart(self) -> QDialog | None:
        """The chart of the corpus's commitments over time, by donor (a window of its
        own, beside the document)."""
        from annotator.corpus.tables import corpus_rows
        from annotator.gui.chart import ChartDialog

        corpus = self.corpus
        if corpus is None:
            return None
        try:
            _columns, rows, problems = self.files.run(
                tr("Reading the commitments"), lambda progress: corpus_rows(corpus, "commitments",
                                                                       progress))
        except Cancelled:
            self.files.status(tr("Chart cancelled"))
            return None
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not read the commitments"), error)
            return None
        if problems:
            dialogs.show_warnings(self.window, tr("Commitments chart"),
                                  tr("These files could not be read and are left out:"), problems)
        dialog = ChartDialog(rows, corpus.title, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_agreement(self) -> QDialog | None:
        """Corpus ▸ Agreement…: the measures of every annotator with files, in a window
        of its own beside the document; ticking other annotators computes again, a
        disagreement opens its document at its place."""
        from annotator.gui.agreement_view import AgreementDialog
        from annotator.team.agreement import corpus_agreement

        corpus = self.corpus
        if corpus is None:
            return None

        def compute(annotators: list[str] | None) -> object:
            try:
                report = self.files.run(tr("Computing the agreement"),
                                        lambda progress: corpus_agreement(
                                            corpus, annotators, progress=progress))
                if report.problems:
                    dialogs.show_warnings(self.window, tr("Agreement"),
                                          tr("These files could not be read; their "
                                             "documents are left out:"), report.problems)
                return report
            except Cancelled:
                self.files.status(tr("Agreement cancelled"))
            except AnnotatorError as error:
                dialogs.show_error(self.window, tr("Could not compute the agreement"), error)
            return None

        report = compute(None)
        if report is None:
            return None
        dialog = AgreementDialog(corpus.title, list(report.annotators), corpus.tagset,
                                 self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show_report(report)

        def again(annotators: list[str]) -> None:
            found = compute(annotators)
            if found is not None:
                dialog.show_report(found)

        dialog.computeRequested.connect(again)
        dialog.disagreementActivated.connect(self.show_place)
        dialog.show()
        return dialog

    def show_place(self, doc_id: str, start: int, end: int) -> bool:
        """Open ``doc_id`` and select [start, end) (a disagreement's place)."""
        if not self.open_document(doc_id):
            return False
        self.window.view.select_model_range(start, end)
        self.window.view.set_find_match(start, end)
        return True

    def curate(self, doc_id: str | None = None):  # -> CurationView | None
        """The curation view of ``doc_id`` (default: the document shown, else the one
        chosen in the list): the annotators' files merged, what they agree on taken into
        the curated layer, the disagreements to decide (docs/team.md)."""
        from annotator.gui.curation_view import CurationView
        from annotator.team.curation import Curation

        corpus = self.corpus
        if corpus is None:
            return None
        doc_id = doc_id or self.current_document() or self.dock.current_document()
        if doc_id is None:
            self.files.status(tr("Choose a document of the corpus to curate"))
            return None
        # The annotator's unsaved work belongs in the merge: save it first (or not).
        if self.current_document() == doc_id and not self.files.maybe_save():
            return None
        curator = settings.annotator_name()
        try:
            curation = self.files.run(tr("Merging the annotations of %1").replace("%1", doc_id),
                                      lambda _progress: Curation.open(corpus, doc_id, curator))
        except Cancelled:
            return None
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not curate %1").replace("%1", doc_id),
                               error)
            return None
        if self.curation_view is not None:
            self.curation_view.close()
        had_file = curation.digest is not None
        view = CurationView(curation, self.window)
        view.closed.connect(self._curation_closed)
        # The list shows the document as curated once it has a curated layer.
        view.fileMade.connect(self.documentsChanged.emit)
        if not had_file and curation.digest is not None:  # (written on opening)
            self.documentsChanged.emit()
        self.curation_view = view
        view.show()
        return view

    def _curation_closed(self) -> None:
        self.curation_view = None

    def _close_curation(self) -> None:
        if self.curation_view is not None:
            self.curation_view.close()

    def check(self) -> list[Problem] | None:
        corpus = self.corpus
        if corpus is None:
            return None
        try:
            problems = self.files.run(tr("Checking the corpus"), corpus.check)
        except Cancelled:
            self.files.status(tr("Check cancelled"))
            return None
        if problems:
            dialogs.show_warnings(self.window, tr("Problems in the corpus"),
                                  tr("%Ln problem(s) found:", "", len(problems)), problems)
        else:
            box = dialogs.plain_box(self.window)
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(tr("Check Corpus"))
            box.setText(tr("Every file of %1 is valid.").replace("%1", corpus.title))
            box.exec()
        return problems


def sync_message(report) -> str:
    """What a sync did, for the status line."""
    if report.remote is None:
        message = tr("Committed %Ln file(s); the corpus has no remote (give one with "
                     "Corpus ▸ Sync With a Remote…)", "", report.committed)
    elif report.offline is not None:
        message = tr("Committed %Ln file(s); the remote could not be reached, sync again "
                     "later", "", report.committed)
    else:
        message = (tr("Synced: %Ln file(s) sent", "", report.committed) + ", "
                   + tr("%Ln file(s) received", "", len(report.changed)))
    if report.conflicts:
        message += "; " + tr("%Ln conflict(s) kept both versions", "", len(report.conflicts))
    return message


def _write(path: Path, data: bytes) -> None:
    from annotator.files import write_atomically

    write_atomically(path, data)
