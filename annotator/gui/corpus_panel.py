"""The corpus in the window: the document list, the search across documents, and the
dialogs of annotate-all and of a document's metadata.

The widgets here show and ask; ``corpus_controller.CorpusController`` does the work
(through ``annotator.corpus``, on a worker thread where it may take long).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.corpus import STATUSES, DocumentInfo, Hit
from annotator.corpus.layout import STATUS_LABELS
from annotator.corpus.search import CONTEXT_CHARS
from annotator.gui import style
from annotator.gui.i18n import number, tag_label, tr
from annotator.model import Tagset

Index = QModelIndex | QPersistentModelIndex
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the document id of a row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # what a column sorts by
FIXED_COLUMNS = (QT_TRANSLATE_NOOP("", "Title"), QT_TRANSLATE_NOOP("", "Outlet"),
                 QT_TRANSLATE_NOOP("", "Date"), QT_TRANSLATE_NOOP("", "Status"),
                 QT_TRANSLATE_NOOP("", "Annotators"), QT_TRANSLATE_NOOP("", "State"))
TITLE, OUTLET, DATE, STATUS, ANNOTATORS, STATE = range(6)
# A document's state in its team (annotator.team.assignments.STATES), for lupdate.
STATE_LABELS = {"open": QT_TRANSLATE_NOOP("", "open"),
                "assigned": QT_TRANSLATE_NOOP("", "assigned"),
                "annotated": QT_TRANSLATE_NOOP("", "annotated"),
                "curated": QT_TRANSLATE_NOOP("", "curated")}
_STATE_ORDER = {state: n for n, state in enumerate(STATE_LABELS)}
_STATUS_ORDER = {status: n for n, status in enumerate(STATUSES)}
_ONE_SPACE = re.compile(r"\s+")
_CONTEXT_GIVEN = CONTEXT_CHARS  # what a hit carries on each side (fewer: the text ends)


# The statuses as annotator.corpus.layout.STATUS_LABELS says them, for lupdate.
_STATUS_TEXTS = (QT_TRANSLATE_NOOP("", "new"), QT_TRANSLATE_NOOP("", "in progress"),
                 QT_TRANSLATE_NOOP("", "done"))


def status_label(status: str, capital: bool = False) -> str:
    """A document's status as the window says it ("in progress", "In progress")."""
    label = tr(STATUS_LABELS.get(status, status))
    return label[:1].upper() + label[1:] if capital else label


class DocumentTableModel(QAbstractTableModel):
    """One row per document of the corpus: its metadata, status and the number of
    annotations of each tag (a column per tag of the corpus's tagset)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list = []  # annotator.corpus.index.Listed
        self.tagset: Tagset | None = None
        self._tag_ids: list[str] = []
        self.team: dict = {}  # document id -> annotator.team.assignments.DocumentTeam
        # Blind annotation: in a team's corpus the counts are the annotator's own.
        self.blind_for: str | None = None

    def set_documents(self, rows: list, tagset: Tagset | None, team: dict | None = None,
                      blind_for: str | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.team = team or {}
        self.blind_for = blind_for
        self.tagset = tagset
        self._tag_ids = tagset.ids() if tagset is not None else []
        self.endResetModel()

    def row_of(self, doc_id: str) -> int | None:
        for row, listed in enumerate(self.rows):
            if listed.info.id == doc_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED_COLUMNS) + len(self._tag_ids)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        # A tag's column is headed by its colour alone (its name in the tooltip): the
        # counts are narrow, and the title keeps the room.
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(FIXED_COLUMNS[section]) if section < len(FIXED_COLUMNS) else ""
        if role == Qt.ItemDataRole.ToolTipRole and section >= len(FIXED_COLUMNS):
            tag = self._tag_ids[section - len(FIXED_COLUMNS)]
            label = tag_label(self.tagset[tag]) if self.tagset is not None else tag
            return (tr("Annotations of the tag %1") if self.blind_for is None
                    else tr("Your annotations of the tag %1")).replace("%1", label)
        if role == Qt.ItemDataRole.DecorationRole and section >= len(FIXED_COLUMNS) \
                and self.tagset is not None:
            return style.swatch_icon(self.tagset[self._tag_ids[section - len(FIXED_COLUMNS)]]
                                     .color, 10)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        listed = self.rows[index.row()]
        info: DocumentInfo = listed.info
        column = index.column()
        if role == DOCUMENT_ROLE:
            return info.id
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if column == TITLE:
                return info.title if role == Qt.ItemDataRole.DisplayRole \
                    else info.title.casefold()
            if column == OUTLET:
                return info.outlet if role == Qt.ItemDataRole.DisplayRole \
                    else info.outlet.casefold()
            if column == DATE:
                return info.date
            if column == STATUS:
                status = listed.status
                return status_label(status) if role == Qt.ItemDataRole.DisplayRole \
                    else _STATUS_ORDER.get(status, 0)
            if column == ANNOTATORS:
                return annotators_text(self.team.get(info.id), listed.statuses)
            if column == STATE:
                state = self.team.get(info.id)
                state = state.state if state is not None else "open"
                return tr(STATE_LABELS[state]) if role == Qt.ItemDataRole.DisplayRole \
                    else _STATE_ORDER[state]
            counts = listed.counts if self.blind_for is None \
                else listed.counts_by.get(self.blind_for, {})
            count = counts.get(self._tag_ids[column - len(FIXED_COLUMNS)], 0)
            return (count or "") if role == Qt.ItemDataRole.DisplayRole else count
        if role == Qt.ItemDataRole.ToolTipRole and column == ANNOTATORS:
            return tr("✓ done, … at work, ○ assigned, not begun")
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, OUTLET):
            parts = [info.title, " · ".join(p for p in (info.outlet, info.date, info.author)
                                            if p), info.url]
            return "\n".join(p for p in parts if p)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= len(FIXED_COLUMNS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def annotators_text(team, statuses: dict[str, str]) -> str:
    """Who annotates a document: "ana ✓ · bo … · cem ○" (done, at work, assigned and not
    begun), the assigned first."""
    assigned = list(team.assigned) if team is not None else []
    people = assigned + sorted(who for who in statuses if who not in assigned)
    marks = {"done": "✓", "inProgress": "…"}
    return " · ".join(f"{who} {marks.get(statuses.get(who, ''), '○')}" for who in people)


class DocumentFilter(QSortFilterProxyModel):
    """The documents whose title, outlet, date or id contain the filter text, of the
    chosen status; with ``mine``, only those assigned to (or annotated by) ``me``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._needle = ""
        self._status: str | None = None
        self.mine = False
        self.me = ""

    def set_filter(self, text: str, status: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 on; invalidateFilter before
            self.beginFilterChange()
            self._needle, self._status = text.casefold().strip(), status
            self.endFilterChange()
        else:
            self._needle, self._status = text.casefold().strip(), status
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self.sourceModel()
        listed = model.rows[row]
        if self._status is not None and listed.status != self._status:
            return False
        if self.mine:
            team = model.team.get(listed.info.id)
            if self.me not in listed.statuses and (team is None
                                                   or self.me not in team.assigned):
                return False
        if not self._needle:
            return True
        info = listed.info
        return any(self._needle in value.casefold()
                   for value in (info.title, info.outlet, info.date, info.id, info.author))


class CorpusDock(QDockWidget):
    """The documents of the open corpus; activating one opens it."""

    documentActivated = Signal(str)
    syncRequested = Signal()
    takeNextRequested = Signal()
    # "Curate…" in a document's context menu.
    curateRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Corpus"), parent)
        self.setObjectName("corpusDock")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.title_label = QLabel(body)
        self.title_label.setObjectName("corpusTitle")
        self.title_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        row = QHBoxLayout()
        self.status_combo = QComboBox(body)
        self.status_combo.setObjectName("corpusStatusFilter")
        self.status_combo.setToolTip(tr("Show the documents of one status only"))
        self.status_combo.addItem(tr("All"), None)
        for status in STATUSES:
            self.status_combo.addItem(status_label(status, capital=True), status)
        self.filter_edit = QLineEdit(body)
        self.filter_edit.setObjectName("corpusFilter")
        self.filter_edit.setPlaceholderText(tr("Filter by title, outlet, date…"))
        self.filter_edit.setClearButtonEnabled(True)
        row.addWidget(self.status_combo)
        row.addWidget(self.filter_edit, 1)
        layout.addLayout(row)
        team_row = QHBoxLayout()
        self.mine_box = QCheckBox(tr("My documents"), body)
        self.mine_box.setObjectName("corpusMine")
        self.mine_box.setToolTip(tr("Show only the documents assigned to you or annotated "
                                    "by you"))
        self.take_button = QPushButton(tr("Take Next"), body)
        self.take_button.setObjectName("corpusTakeNext")
        self.take_button.setToolTip(tr("Take the next document that still needs annotators "
                                       "from the queue, and open it"))
        self.sync_button = QPushButton(tr("Sync"), body)
        self.sync_button.setObjectName("corpusSync")
        self.sync_button.setToolTip(tr("Commit your work and exchange it with the corpus's "
                                       "Git remote"))
        team_row.addWidget(self.mine_box, 1)
        team_row.addWidget(self.take_button)
        team_row.addWidget(self.sync_button)
        layout.addLayout(team_row)
        self.model = DocumentTableModel(self)
        self.proxy = DocumentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(body)
        self.table.setObjectName("corpusTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        # Columns sized to their contents measure this many rows, not 10,000.
        header.setResizeContentsPrecision(200)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel(body)
        self.count_label.setObjectName("corpusCount")
        layout.addWidget(self.count_label)
        self.setWidget(body)
        self.table.activated.connect(self._on_activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.filter_edit.textChanged.connect(self._filter)
        self.status_combo.currentIndexChanged.connect(self._filter)
        self.mine_box.toggled.connect(self._filter)
        self.sync_button.clicked.connect(self.syncRequested)
        self.take_button.clicked.connect(self.takeNextRequested)

    def set_documents(self, title: str, rows: list, tagset: Tagset | None,
                      team: dict | None = None, me: str = "") -> None:
        current = self.current_document()
        self.title_label.setText(f"<b>{title}</b>" if title else "")
        self.proxy.me = me
        # A team's corpus (someone assigned, or two annotators of one document): blind
        # annotation, the counts are the annotator's own.
        teamwork = bool(team) and any(t.assigned or len(t.annotated) > 1
                                      for t in (team or {}).values())
        self.model.set_documents(rows, tagset, team, me if teamwork and me else None)
        # The title takes what the other columns leave (they are as wide as their
        # contents); the list scrolls sideways only when that is too little.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in range(OUTLET, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Outlet and date only where some document has them (plain texts have neither).
        self.table.setColumnHidden(OUTLET, not any(r.info.outlet for r in rows))
        self.table.setColumnHidden(DATE, not any(r.info.date for r in rows))
        # The team's columns once there is a team.
        self.table.setColumnHidden(ANNOTATORS, not teamwork)
        self.table.setColumnHidden(STATE, not teamwork)
        self._count()
        if current is not None:
            self.select_document(current)

    def _filter(self) -> None:
        self.proxy.mine = self.mine_box.isChecked()
        self.proxy.set_filter(self.filter_edit.text(), self.status_combo.currentData())
        self._count()

    def _count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(tr("%Ln document(s)", "", total) if shown == total
                                 else tr("%1 of %Ln document(s)", "", total).replace(
                                     "%1", number(shown)))

    def _on_activated(self, index: QModelIndex) -> None:
        doc_id = index.data(DOCUMENT_ROLE)
        if doc_id:
            self.documentActivated.emit(doc_id)

    def context_menu(self, doc_id: str) -> QMenu:
        """The menu of one document of the list."""
        menu = QMenu(self)
        curate = menu.addAction(tr("C&urate…"))
        curate.setObjectName("curateDocument")
        curate.triggered.connect(lambda: self.curateRequested.emit(doc_id))
        return menu

    def _context_menu(self, point) -> None:
        index = self.table.indexAt(point)
        doc_id = index.data(DOCUMENT_ROLE) if index.isValid() else None
        if doc_id:
            self.context_menu(doc_id).exec(self.table.viewport().mapToGlobal(point))

    def shown_documents(self) -> list[str]:
        """The document ids in the order the list shows them (sorted and filtered)."""
        return [self.proxy.index(row, 0).data(DOCUMENT_ROLE)
                for row in range(self.proxy.rowCount())]

    def current_document(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(DOCUMENT_ROLE) if index.isValid() else None

    def select_document(self, doc_id: str) -> None:
        row = self.model.row_of(doc_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, TITLE))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)


class HitTableModel(QAbstractTableModel):
    """The hits of a search: the document's title and the match in its context."""

    COLUMNS = (QT_TRANSLATE_NOOP("", "Document"), QT_TRANSLATE_NOOP("", "Context"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []
        self.titles: dict[str, str] = {}

    def set_hits(self, hits: list[Hit], titles: dict[str, str]) -> None:
        self.beginResetModel()
        self.hits, self.titles = list(hits), titles
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return self.titles.get(hit.document, hit.document)
            return kwic(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self.titles.get(hit.document, hit.document)}\n{kwic(hit, 200)}"
        return None


def kwic(hit: Hit, width: int = 60) -> str:
    """The hit in its context on one line: "…left [match] right…" (line breaks and runs
    of white space as one space, none added)."""
    left = _ONE_SPACE.sub(" ", hit.left)
    right = _ONE_SPACE.sub(" ", hit.right)
    # An ellipsis where the context goes on (not at the document's start or end).
    before = "…" if len(left) > width or hit.start > len(hit.left) else ""
    after = "…" if len(right) > width or len(hit.right) >= _CONTEXT_GIVEN else ""
    return f"{before}{left[-width:]}[{_ONE_SPACE.sub(' ', hit.text)}]{right[:width]}{after}"


class CorpusSearchDock(QDockWidget):
    """Search the corpus (or the open document): words and phrases, whole words,
    ``Patriot*`` for a prefix; the hits in context; a click opens the document at the
    hit; Annotate All tags them after a review."""

    searchRequested = Signal(str, bool)  # the query, whether in the open document only
    hitActivated = Signal(object)  # Hit
    annotateAllRequested = Signal()
    showAllRequested = Signal()  # the hits shown are the first page: find them all

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Search Corpus"), parent)
        self.setObjectName("corpusSearchDock")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.query_edit = QLineEdit(body)
        self.query_edit.setObjectName("corpusQuery")
        self.query_edit.setPlaceholderText(tr("Words or a phrase; Patriot* for a prefix"))
        self.query_edit.setClearButtonEnabled(True)
        self.scope_combo = QComboBox(body)
        self.scope_combo.setObjectName("corpusScope")
        self.scope_combo.addItem(tr("All documents"), False)
        self.scope_combo.addItem(tr("This document"), True)
        self.search_button = QPushButton(tr("Search"), body)
        self.search_button.setObjectName("corpusSearchButton")
        row.addWidget(self.query_edit, 1)
        row.addWidget(self.scope_combo)
        row.addWidget(self.search_button)
        layout.addLayout(row)
        self.model = HitTableModel(self)
        self.table = QTableView(body)
        self.table.setObjectName("corpusHits")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.count_label = QLabel(body)
        self.count_label.setObjectName("corpusHitCount")
        self.annotate_button = QPushButton(tr("Annotate All…"), body)
        self.annotate_button.setObjectName("annotateAllButton")
        self.annotate_button.setToolTip(tr("Tag every hit with one tag, after a review list "
                                           "where hits can be left out"))
        self.annotate_button.setEnabled(False)
        self.show_all_button = QPushButton(tr("Show All"), body)
        self.show_all_button.setObjectName("showAllHitsButton")
        self.show_all_button.setToolTip(tr("Find every hit in every document"))
        self.show_all_button.hide()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.show_all_button)
        bottom.addWidget(self.annotate_button)
        layout.addLayout(bottom)
        self.setWidget(body)
        self.query_edit.returnPressed.connect(self._search)
        self.search_button.clicked.connect(self._search)
        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_activated)
        self.annotate_button.clicked.connect(self.annotateAllRequested)
        self.show_all_button.clicked.connect(self.showAllRequested)
        self.query = ""
        self.this_document = False
        self.complete = True  # all hits are shown, not only the first page

    def _search(self) -> None:
        query = self.query_edit.text().strip()
        if query:
            self.searchRequested.emit(query, bool(self.scope_combo.currentData()))

    def show_hits(self, query: str, hits: list[Hit], titles: dict[str, str],
                  complete: bool = True, this_document: bool = False) -> None:
        """Show ``hits`` of ``query``; ``complete`` False: they are the first page, and
        Show All finds the rest."""
        self.query, self.complete, self.this_document = query, complete, this_document
        self.model.set_hits(hits, titles)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 200))
        documents = len({h.document for h in hits})
        if not hits:
            text = tr("No hits for “%1”").replace("%1", query)
        elif complete:
            text = tr("%Ln hit(s)", "", len(hits)) + " " + tr("in %Ln document(s)", "",
                                                              documents)
        else:
            text = (tr("The first %Ln hit(s)", "", len(hits)) + " "
                    + tr("in %Ln document(s)", "", documents) + "; " + tr("there are more"))
        self.count_label.setText(text)
        self.show_all_button.setVisible(not complete)
        self.annotate_button.setEnabled(bool(hits))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.hitActivated.emit(self.model.hits[index.row()])


class AnnotateAllDialog(QDialog):
    """Review the hits before tagging them all: each can be unticked; one tag for all."""

    def __init__(self, query: str, hits: list[Hit], titles: dict[str, str], tagset: Tagset,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotateAllDialog")
        self.setWindowTitle(tr("Annotate All"))
        self.hits = hits
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Tag the hits of “%1” that stay ticked. Spans that already have "
                          "the tag are left as they are; in the open document this is one "
                          "step to undo, other documents are saved as they are done.")
                       .replace("%1", query), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.tag_combo = QComboBox(self)
        self.tag_combo.setObjectName("annotateAllTag")
        for tag in tagset:
            self.tag_combo.addItem(style.swatch_icon(tag.color), tag_label(tag), tag.id)
        form.addRow(tr("Tag:"), self.tag_combo)
        layout.addLayout(form)
        self.list = QListWidget(self)
        self.list.setObjectName("annotateAllHits")
        for hit in hits:
            item = QListWidgetItem(f"{titles.get(hit.document, hit.document)}: {kwic(hit, 40)}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(self._count)
        self._count()
        self.resize(620, 460)

    def _count(self) -> None:
        ticked = len(self.chosen())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            tr("Annotate %Ln", "", ticked))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ticked > 0)

    def chosen(self) -> list[Hit]:
        return [hit for row, hit in enumerate(self.hits)
                if self.list.item(row).checkState() == Qt.CheckState.Checked]

    def tag(self) -> str:
        return self.tag_combo.currentData()


class MetadataDialog(QDialog):
    """A corpus document's metadata (kept in its text.xml) and the annotator's status
    (kept in their annotation file, written by the next save)."""

    FIELDS = (("title", QT_TRANSLATE_NOOP("", "Title")),
              ("outlet", QT_TRANSLATE_NOOP("", "Outlet")),
              ("date", QT_TRANSLATE_NOOP("", "Published")),
              ("author", QT_TRANSLATE_NOOP("", "Author")),
              ("url", QT_TRANSLATE_NOOP("", "URL")),
              ("language", QT_TRANSLATE_NOOP("", "Language")))

    def __init__(self, info: DocumentInfo, status: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metadataDialog")
        self.setWindowTitle(tr("Document Metadata"))
        self.info = info
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for name, label in self.FIELDS:
            edit = QLineEdit(getattr(info, name), self)
            edit.setObjectName(f"metadata_{name}")
            if name == "date":
                edit.setPlaceholderText(tr("YYYY-MM-DD"))
            form.addRow(tr("%1:").replace("%1", tr(label)), edit)
            self.edits[name] = edit
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("metadata_status")
        for value in STATUSES:
            self.status_combo.addItem(status_label(value, capital=True), value)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
        form.addRow(tr("Your status:"), self.status_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(480, self.sizeHint().height())

    def edited_info(self) -> DocumentInfo:
        return self.info.edited(**{name: " ".join(edit.text().split())
                                   for name, edit in self.edits.items()})

    def status(self) -> str:
        return self.status_combo.currentData()


class ConflictDialog(QDialog):
    """The conflicts a sync kept: per conflict, the file and entry and both versions;
    Keep Mine or Take Theirs decides the selected one, Later leaves the rest for the next
    time (their files stay in the corpus, so nothing is lost)."""

    def __init__(self, conflicts: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(tr("Decide Conflicts"))
        self.conflicts = list(conflicts)  # annotator.team.sync.KeptConflict
        self.decisions: dict = {}  # conflict -> "ours" | "theirs"
        layout = QVBoxLayout(self)
        intro = QLabel(tr("A colleague changed the same entry differently. Your version is "
                          "in the corpus, theirs is kept beside it until you decide."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setObjectName("conflictList")
        for conflict in self.conflicts:
            what = conflict.entry_id or tr("the whole file")
            self.list.addItem(f"{conflict.path}: {what}")
        layout.addWidget(self.list)
        versions = QHBoxLayout()
        self.ours_view = QLabel(self)
        self.theirs_view = QLabel(self)
        for view, title in ((self.ours_view, tr("Yours")), (self.theirs_view, tr("Theirs"))):
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{title}</b>", self))
            view.setTextFormat(Qt.TextFormat.PlainText)
            view.setWordWrap(True)
            view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.addWidget(view, 1)
            versions.addLayout(box, 1)
        layout.addLayout(versions, 1)
        buttons = QDialogButtonBox(self)
        self.keep_button = buttons.addButton(tr("Keep &Mine"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.take_button = buttons.addButton(tr("Take &Theirs"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        later = buttons.addButton(tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        later.clicked.connect(self.reject)
        self.keep_button.clicked.connect(lambda: self._decide("ours"))
        self.take_button.clicked.connect(lambda: self._decide("theirs"))
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(0)
        self.resize(720, 420)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.conflicts):
            conflict = self.conflicts[row]
            self.ours_view.setText(conflict.ours[:4000])
            self.theirs_view.setText(conflict.theirs[:4000])

    def _decide(self, keep: str) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.conflicts):
            return
        self.decisions[self.conflicts.pop(row)] = keep
        self.list.takeItem(row)
        if not self.conflicts:
            self.accept()


__all__ = ["AnnotateAllDialog", "ConflictDialog", "CorpusDock", "CorpusSearchDock",
           "DocumentTableModel", "MetadataDialog", "kwic"]
