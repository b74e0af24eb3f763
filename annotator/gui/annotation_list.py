"""The annotation list: a table model over the store, a filter proxy, and the dock.

The source model keeps its rows sorted itself (Python's sort with a key is
fast; a QSortFilterProxyModel sorting 100,000 rows would call ``data()``
millions of times). Store changes insert, remove or update single rows at
their sorted place, so an edit costs one bisection, not a reset. The proxy
only filters, by tag and by text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui import style
from annotator.model import AnnotatedDocument, Annotation, StoreChange

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Tag", "Text", "Position")
TAG, TEXT, POSITION = range(3)
_RESET_THRESHOLD = 2000  # above this many changed rows a reset is cheaper
_TEXT_LIMIT = 120


class AnnotationTableModel(QAbstractTableModel):
    """One row per annotation, kept sorted by the current sort column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.annotated: AnnotatedDocument | None = None
        self._rows: list[Annotation] = []  # ascending by key
        self._keys: list[tuple] = []
        self._column = POSITION
        self._order = Qt.SortOrder.AscendingOrder
        self._key: Callable[[Annotation], tuple] = self._position_key
        self._folded: dict[str, str] = {}  # annotation id -> casefolded text, for filtering
        self._tag_order: dict[str, int] = {}

    # -- document --------------------------------------------------------------
    def set_document(self, annotated: AnnotatedDocument | None) -> None:
        if self.annotated is not None:
            self.annotated.annotations.unsubscribe(self._on_store_change)
        self.beginResetModel()
        self.annotated = annotated
        self._folded.clear()
        tags = annotated.tagset.ids() if annotated is not None else []
        self._tag_order = {t: i for i, t in enumerate(tags)}
        self._reload()
        self.endResetModel()
        if annotated is not None:
            annotated.annotations.subscribe(self._on_store_change)

    def _reload(self) -> None:
        anns = list(self.annotated.annotations) if self.annotated is not None else []
        anns.sort(key=self._key)
        self._rows = anns
        self._keys = [self._key(a) for a in anns]

    # -- sort keys ---------------------------------------------------------------
    @staticmethod
    def _position_key(ann: Annotation) -> tuple:
        return (ann.start, -ann.end, ann.id)

    def _tag_key(self, ann: Annotation) -> tuple:
        order = self._tag_order.get(ann.tag, len(self._tag_order))
        return (order, ann.start, -ann.end, ann.id)

    def _text_key(self, ann: Annotation) -> tuple:
        return (self.folded_text(ann), ann.start, ann.id)


    def folded_text(self, ann: Annotation) -> str:
        folded = self._folded.get(ann.id)
        if folded is None:
            folded = self.annotated.annotations.text_of(ann).casefold()
            self._folded[ann.id] = folded
        return folded

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        # Only the persistent indexes (the view's selection, its current row)
        # need to follow their annotation; there are a handful, not 100,000.
        persistent = self.persistentIndexList()
        followed = [(idx, self.annotation_at(idx.row()).id) for idx in persistent
                    if 0 <= idx.row() < len(self._rows)]
        self._column, self._order = column, order
        self._key = {TAG: self._tag_key, TEXT: self._text_key}.get(column, self._position_key)
        self._reload()
        if followed:
            new_row = {a.id: r for r, a in enumerate(self._rows)}
            self.changePersistentIndexList(
                [idx for idx, _ in followed],
                [self.index(self._external(new_row[i]), idx.column()) for idx, i in followed])
        self.layoutChanged.emit()

    # -- row mapping ----------------------------------------------------------------
    def _external(self, internal: int, count: int | None = None) -> int:
        count = len(self._rows) if count is None else count
        if self._order == Qt.SortOrder.AscendingOrder:
            return internal
        return count - 1 - internal

    def row_of(self, ann_id: str) -> int | None:
        """The row showing ``ann_id``, or None."""
        if self.annotated is None or ann_id not in self.annotated.annotations:
            return None
        return self._row_of_annotation(self.annotated.annotations.get(ann_id))

    def _row_of_annotation(self, ann: Annotation) -> int | None:
        key = self._key(ann)
        i = bisect.bisect_left(self._keys, key)
        if i < len(self._rows) and self._rows[i].id == ann.id:
            return self._external(i)
        return None

    def annotation_at(self, row: int) -> Annotation:
        return self._rows[self._external(row)]

    # -- incremental updates -----------------------------------------------------------
    def _on_store_change(self, change: StoreChange) -> None:
        size = len(change.added) + len(change.removed) + len(change.updated)
        if size > _RESET_THRESHOLD:
            self.beginResetModel()
            for ann in change.removed:
                self._folded.pop(ann.id, None)
            self._reload()
            self.endResetModel()
            return
        for ann in change.removed:
            self._remove(ann)
        for old, new in change.updated:
            key_old, key_new = self._key(old), self._key(new)
            if key_old == key_new:
                i = bisect.bisect_left(self._keys, key_old)
                self._rows[i] = new
                row = self._external(i)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            else:
                self._remove(old)
                self._insert(new)
        for ann in change.added:
            self._insert(ann)

    def _remove(self, ann: Annotation) -> None:
        i = bisect.bisect_left(self._keys, self._key(ann))
        if i >= len(self._rows) or self._rows[i].id != ann.id:
            return
        row = self._external(i)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[i]
        del self._keys[i]
        self._folded.pop(ann.id, None)
        self.endRemoveRows()

    def _insert(self, ann: Annotation) -> None:
        key = self._key(ann)
        i = bisect.bisect_left(self._keys, key)
        row = self._external(i, len(self._rows) + 1)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(i, ann)
        self._keys.insert(i, key)
        self.endInsertRows()

    # -- Qt model interface ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.annotated is None:
            return None
        ann = self.annotation_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TAG:
                return self.annotated.tagset[ann.tag].label
            if column == TEXT:
                text = self.annotated.document.text[ann.start:min(ann.end,
                                                                  ann.start + _TEXT_LIMIT * 2)]
                return shorten(text, _TEXT_LIMIT)
            para = self.annotated.document.paragraph_index_at(ann.start) + 1
            return f"¶{para}  {ann.start}–{ann.end}"
        if role == Qt.ItemDataRole.DecorationRole and column == TAG:
            return style.swatch_icon(self.annotated.tagset[ann.tag].color, 12)
        if role == Qt.ItemDataRole.ToolTipRole and column == TEXT:
            return shorten(self.annotated.annotations.text_of(ann), 1000)
        if role == Qt.ItemDataRole.UserRole:
            return ann.id
        return None


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class AnnotationFilterProxy(QSortFilterProxyModel):
    """Filters rows by tag and by a case-insensitive substring; sorting is the source's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tag: str | None = None
        self._needle = ""

    def set_tag(self, tag: str | None) -> None:
        self._change_filter(lambda: setattr(self, "_tag", tag))

    def set_text(self, text: str) -> None:
        self._change_filter(lambda: setattr(self, "_needle", text.casefold().strip()))

    def _change_filter(self, change: Callable[[], None]) -> None:
        # Qt 6.10 replaced invalidateFilter by begin/endFilterChange.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._tag is None and not self._needle:
            return True
        source: AnnotationTableModel = self.sourceModel()
        ann = source.annotation_at(source_row)
        if self._tag is not None and ann.tag != self._tag:
            return False
        return not self._needle or self._needle in source.folded_text(ann)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


class AnnotationListDock(QDockWidget):
    """The dock: filter controls above a table of all annotations."""

    # The annotation chosen in the table (id), or None when the selection is cleared.
    annotationActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Annotations", parent)
        self.setObjectName("annotationListDock")
        self.model = AnnotationTableModel(self)
        self.proxy = AnnotationFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setDynamicSortFilter(True)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.tag_filter = QComboBox(body)
        self.tag_filter.setObjectName("tagFilter")
        self.tag_filter.setToolTip("Show annotations of one tag")
        self.text_filter = QLineEdit(body)
        self.text_filter.setObjectName("textFilter")
        self.text_filter.setPlaceholderText("Filter by text…")
        self.text_filter.setClearButtonEnabled(True)
        filters.addWidget(self.tag_filter)
        filters.addWidget(self.text_filter, 1)
        layout.addLayout(filters)

        self.table = QTableView(body)
        self.table.setObjectName("annotationTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(POSITION, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Fixed row height: no per-row size hints asked for 100,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TAG, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(POSITION, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(TAG, 104)
        header.resizeSection(POSITION, 104)
        header.setHighlightSections(False)
        layout.addWidget(self.table, 1)
        self.setWidget(body)

        self.tag_filter.currentIndexChanged.connect(self._on_tag_filter)
        self.text_filter.textChanged.connect(self._on_text_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self._syncing = False
        self._selected_id: str | None = None  # survives being filtered out

    def set_document(self, annotated: AnnotatedDocument | None) -> None:
        self.model.set_document(annotated)
        self._selected_id = None
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        if annotated is not None:
            for tag in annotated.tagset:
                self.tag_filter.addItem(style.swatch_icon(tag.color, 12), tag.label, tag.id)
        self.tag_filter.setCurrentIndex(0)
        self.tag_filter.blockSignals(False)
        self.proxy.set_tag(None)

    def set_tag_filter(self, tag: str | None) -> None:
        index = self.tag_filter.findData(tag)
        self.tag_filter.setCurrentIndex(max(index, 0))

    def _on_tag_filter(self, index: int) -> None:
        self.proxy.set_tag(self.tag_filter.itemData(index))
        self.select_annotation(self._selected_id)

    def _on_text_filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self.select_annotation(self._selected_id)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self._selected_id = current.data(Qt.ItemDataRole.UserRole)
        self.annotationActivated.emit(self._selected_id)

    def select_annotation(self, ann_id: str | None) -> None:
        """Show ``ann_id`` as the selected row (without signalling back)."""
        self._selected_id = ann_id
        self._syncing = True
        try:
            selection = self.table.selectionModel()
            row = self.model.row_of(ann_id) if ann_id is not None else None
            proxy_index = (self.proxy.mapFromSource(self.model.index(row, 0))
                           if row is not None else QModelIndex())
            if proxy_index.isValid():
                selection.setCurrentIndex(
                    proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(proxy_index)
            else:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(),
                                          QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            self._syncing = False

    def selected_annotation(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None
