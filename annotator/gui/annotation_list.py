"""The annotation list: a table model over the store, and the dock around it.

The model sorts and filters its rows itself, in Python lists, and the table shows
it directly. A QSortFilterProxyModel would ask a Python
``filterAcceptsRow`` for every one of 100,000 rows at each reset, sort or
filter change (~50 ms each time before anything is drawn), and sorting through
it calls ``data()`` millions of times. Here a filter is one list comprehension
and a sort one ``list.sort`` (rows start in document order, which the store
keeps, and Python's sort is stable, so one key suffices for every column).
Store changes insert, remove or update single rows at their sorted place
(found by bisection), so an edit costs one row, not a reset.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
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
from annotator.gui.i18n import tag_label, tr
from annotator.gui.sorted_rows import SortedRows
from annotator.model import AnnotatedDocument, Annotation, Document, StoreChange
from annotator.model.text import shorten

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (QT_TRANSLATE_NOOP("", "Tag"), QT_TRANSLATE_NOOP("", "Text"),
           QT_TRANSLATE_NOOP("", "Position"))
TAG, TEXT, POSITION = range(3)
_RESET_THRESHOLD = 2000  # above this many changed rows a reset is cheaper
_SERVED_ROLES = frozenset((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                           Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole))
_TEXT_LIMIT = 120
_ID = operator.attrgetter("id")


class AnnotationTableModel(SortedRows, QAbstractTableModel):
    """One row per annotation that passes the filter, sorted by the current column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.annotated: AnnotatedDocument | None = None
        self._all: list[Annotation] = []  # every annotation, ascending by key
        self._rows: list[Annotation] = []  # those shown: ``_all`` itself when unfiltered
        self._column = POSITION
        self._order = Qt.SortOrder.AscendingOrder
        self._key: Callable[[Annotation], tuple] = self._position_key
        self._folded: dict[str, str] = {}  # annotation id -> casefolded text, for filtering
        self._tag_order: dict[str, int] = {}
        self._tag_filter: str | None = None
        self._needle = ""
        self._sorted_for: AnnotatedDocument | None = None  # the document _all is sorted for

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

    def refresh_tags(self, tagset) -> None:
        """Labels, colours and the tag order come from the tagset: show the new ones."""
        self.beginResetModel()
        self._tag_order = {t: i for i, t in enumerate(tagset.ids())}
        self._reload()
        self.endResetModel()

    def _reload(self) -> None:
        # The store gives document order, which is the position order: no sort then.
        anns = list(self.annotated.annotations) if self.annotated is not None else []
        if self._column == TAG:
            order = self._tag_order
            anns.sort(key=lambda a: order.get(a.tag, len(order)))
        elif self._column == TEXT:
            # Sort positions by a list's __getitem__: a C-level key, no Python call
            # per comparison key.
            folded = self._fold_all(anns)
            if len(anns) > 1:
                order = sorted(range(len(anns)), key=folded.__getitem__)
                anns = list(operator.itemgetter(*order)(anns))
        self._all = anns
        self._rows = self._filtered(anns)
        self._sorted_for = self.annotated

    # -- sort keys: the full order, for bisection; sorts use its first field ----------
    @staticmethod
    def _position_key(ann: Annotation) -> tuple:
        return (ann.start, -ann.end, ann.id)

    def _tag_key(self, ann: Annotation) -> tuple:
        order = self._tag_order.get(ann.tag, len(self._tag_order))
        return (order, ann.start, -ann.end, ann.id)

    def _text_key(self, ann: Annotation) -> tuple:
        return (self.folded_text(ann), ann.start, -ann.end, ann.id)

    def _fold_all(self, anns: list[Annotation]) -> list[str]:
        """``folded_text`` of each of ``anns``: the cache filled once, then read with
        C-level maps (no Python loop over every row)."""
        cache = self._folded
        # The cache holds live annotations only (removals pop theirs), so one entry
        # per annotation means it holds them all.
        live = len(self.annotated.annotations)
        if len(cache) < live and not all(map(cache.__contains__, map(_ID, anns))):
            text = self.annotated.document.text
            for ann in anns:
                if ann.id not in cache:
                    cache[ann.id] = (text[ann.start:ann.end] if not ann.more else
                                     self.annotated.annotations.text_of(ann)).casefold()
        return list(map(cache.__getitem__, map(_ID, anns)))

    def folded_text(self, ann: Annotation) -> str:
        folded = self._folded.get(ann.id)
        if folded is None:
            folded = self.annotated.annotations.text_of(ann).casefold()
            self._folded[ann.id] = folded
        return folded

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == (self._column, self._order) and self._sorted_for is self.annotated:
            # Already so: QTableView.sortByColumn asks twice (its signal, then itself).
            return
        self.layoutAboutToBeChanged.emit()
        # Only the persistent indexes (the view's selection, its current row)
        # need to follow their annotation; there are a handful, not 100,000.
        persistent = self.persistentIndexList()
        followed = [(idx, self.annotation_at(idx.row())) for idx in persistent
                    if 0 <= idx.row() < len(self._rows)]
        self._column, self._order = column, order
        self._key = {TAG: self._tag_key, TEXT: self._text_key}.get(column, self._position_key)
        self._reload()
        if followed:
            rows = [self._find(self._rows, ann) for _, ann in followed]
            self.changePersistentIndexList(
                [idx for idx, _ in followed],
                [self.index(self._external(row), idx.column()) if row is not None
                 else QModelIndex() for (idx, _), row in zip(followed, rows, strict=True)])
        self.layoutChanged.emit()

    # -- filter --------------------------------------------------------------------------
    def set_filter(self, tag: str | None, text: str) -> None:
        """Show only annotations of ``tag`` (None: all) whose text contains ``text``
        (case-insensitively; "" for any)."""
        needle = text.casefold().strip()
        if (tag, needle) == (self._tag_filter, self._needle):
            return
        # Typing on narrows the rows already shown: filter those, not all.
        narrower = (tag == self._tag_filter and needle.startswith(self._needle)
                    and self._rows is not self._all)
        self._tag_filter, self._needle = tag, needle
        self.beginResetModel()
        self._rows = self._filtered(self._rows if narrower else self._all)
        self.endResetModel()

    def filter_active(self) -> bool:
        return self._tag_filter is not None or bool(self._needle)

    def _filtered(self, anns: list[Annotation]) -> list[Annotation]:
        if not self.filter_active():
            return anns
        tag, needle = self._tag_filter, self._needle
        if tag is not None:
            anns = [a for a in anns if a.tag == tag]
        if needle:
            anns = [a for a, f in zip(anns, self._fold_all(anns), strict=True) if needle in f]
        return anns

    def accepts(self, ann: Annotation) -> bool:
        if self._tag_filter is not None and ann.tag != self._tag_filter:
            return False
        return not self._needle or self._needle in self.folded_text(ann)

    # -- row mapping ----------------------------------------------------------------
    def _shown_count(self) -> int:
        return len(self._rows)

    def _find(self, rows: list[Annotation], ann: Annotation) -> int | None:
        """Where ``ann`` (this very id) is in ``rows``, or None."""
        i = bisect.bisect_left(rows, self._key(ann), key=self._key)
        return i if i < len(rows) and rows[i].id == ann.id else None

    def row_of(self, ann_id: str) -> int | None:
        """The row showing ``ann_id``, or None (not an annotation, or filtered out)."""
        if self.annotated is None or ann_id not in self.annotated.annotations:
            return None
        i = self._find(self._rows, self.annotated.annotations.get(ann_id))
        return None if i is None else self._external(i)

    def annotation_at(self, row: int) -> Annotation:
        return self._rows[self._external(row)]

    # -- incremental updates -----------------------------------------------------------
    def _on_store_change(self, change: StoreChange) -> None:
        size = len(change.added) + len(change.removed) + len(change.updated)
        if size > _RESET_THRESHOLD:
            self.beginResetModel()
            for ann in change.removed:
                self._folded.pop(ann.id, None)
            for old, _new in change.updated:
                self._folded.pop(old.id, None)
            self._reload()
            self.endResetModel()
            return
        for ann in change.removed:
            self._remove(ann)
        for old, new in change.updated:
            i = self._find(self._rows, old)
            if self._key(old) == self._key(new) and i is not None and self.accepts(new):
                self._replace_in_place(old, new, i)
            else:
                self._remove(old)
                self._insert(new)
        for ann in change.added:
            self._insert(ann)

    def _replace_in_place(self, old: Annotation, new: Annotation, i: int) -> None:
        self._rows[i] = new
        if self._rows is not self._all:
            j = self._find(self._all, old)
            if j is not None:
                self._all[j] = new
        row = self._external(i)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _remove(self, ann: Annotation) -> None:
        if self._rows is not self._all:
            j = self._find(self._all, ann)
            if j is not None:
                del self._all[j]
        i = self._find(self._rows, ann)
        if i is not None:
            self._remove_row(self._rows, i)
        self._folded.pop(ann.id, None)

    def _insert(self, ann: Annotation) -> None:
        key = self._key(ann)
        if self._rows is not self._all:
            self._all.insert(bisect.bisect_left(self._all, key, key=self._key), ann)
            if not self.accepts(ann):
                return
        self._insert_row(self._rows, bisect.bisect_left(self._rows, key, key=self._key), ann)

    # -- Qt model interface ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks each visible cell for a dozen roles at every repaint; the
        # ones not served are answered before any other work.
        if role not in _SERVED_ROLES or self.annotated is None or not index.isValid():
            return None
        ann = self.annotation_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TAG:
                return tag_label(self.annotated.tagset[ann.tag])
            if column == TEXT:
                text = (self.annotated.annotations.text_of(ann) if ann.more  # all ranges
                        else self.annotated.document.text[
                            ann.start:min(ann.end, ann.start + _TEXT_LIMIT * 2)])
                # A note is marked, so that annotations with comments stand out.
                return ("✎ " if ann.note else "") + shorten(text, _TEXT_LIMIT)
            return position_label(self.annotated.document, ann.start, ann.end)
        if role == Qt.ItemDataRole.DecorationRole and column == TAG:
            return style.swatch_icon(self.annotated.tagset[ann.tag].color, 12)
        if role == Qt.ItemDataRole.ToolTipRole and column == TEXT:
            tip = shorten(self.annotated.annotations.text_of(ann), 1000)
            return tip + ("\n\n" + tr("Note: {note}").format(note=shorten(ann.note, 500))
                          if ann.note else "")
        if role == Qt.ItemDataRole.ToolTipRole and column == POSITION:
            return position_tip(self.annotated.document, ann.start, ann.end)
        if role == Qt.ItemDataRole.UserRole:
            return ann.id
        return None


def _paragraph_place(document: Document, offset: int) -> tuple[int, int]:
    """(paragraph number from 1, offset within it) of the paragraph holding ``offset``."""
    index = document.paragraph_index_at(offset)
    start = document.paragraphs[index].start if document.paragraphs else 0
    return index + 1, offset - start


def position_label(document: Document, start: int, end: int) -> str:
    """Where [start, end) is, as the saved file says it: the paragraph and the offsets
    within it ("¶2, 15–27" is ``string-range(p2,15,12)``); a span across paragraphs
    names both ends' ("¶2, 300 – ¶3, 12")."""
    first, a = _paragraph_place(document, start)
    last, b = _paragraph_place(document, max(start, end - 1))
    if first == last:
        return f"¶{first}, {a}–{a + end - start}"
    return f"¶{first}, {a} – ¶{last}, {b + 1}"


def position_tip(document: Document, start: int, end: int) -> str:
    """The position column's tooltip: ``position_label`` in words, and the offsets in the
    whole text."""
    first, a = _paragraph_place(document, start)
    last, b = _paragraph_place(document, max(start, end - 1))
    where = (tr("Paragraph {p}, characters {a}–{b}").format(p=first, a=a, b=a + end - start)
             if first == last
             else tr("Paragraph {p}, character {a}, to paragraph {q}, character {b}").format(
                 p=first, a=a, q=last, b=b + 1))
    return where + "\n" + tr("Characters {a}–{b} of the whole text").format(a=start, b=end)


class AnnotationListDock(QDockWidget):
    """The dock: filter controls above a table of all annotations."""

    # The annotation chosen in the table (id), or None when the selection is cleared.
    annotationActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Annotations"), parent)
        self.setObjectName("annotationListDock")
        self.model = AnnotationTableModel(self)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        self.tag_filter, self.text_filter = filter_row(
            body, layout, "tagFilter", tr("Show annotations of one tag"), "textFilter",
            tr("Filter by text…"))

        self.table = QTableView(body)
        self.table.setObjectName("annotationTable")
        self.table.setModel(self.model)
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
        header.resizeSection(POSITION, self.table.fontMetrics().horizontalAdvance(
            "¶888, 888–888") + 24)
        header.setHighlightSections(False)
        layout.addWidget(self.table, 1)
        self.setWidget(body)

        self.tag_filter.currentIndexChanged.connect(self._on_tag_filter)
        self.text_filter.textChanged.connect(self._on_text_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        # A click on the row already selected does not change the current row, but the
        # user scrolled away since, or wants it shown again: it jumps there too.
        self.table.clicked.connect(self._on_click)
        self._syncing = False
        self._selected_id: str | None = None  # survives being filtered out

    def set_document(self, annotated: AnnotatedDocument | None) -> None:
        if self.model.annotated is not None:
            self.model.annotated.annotations.unsubscribe(self._on_store_change)
        self.model.set_document(annotated)
        self._selected_id = None
        self._fill_tag_filter(annotated.tagset if annotated is not None else [], None)
        if annotated is not None:
            annotated.annotations.subscribe(self._on_store_change)

    def _on_store_change(self, change: StoreChange) -> None:
        if change.tagset_changed:
            self.set_tagset(self.model.annotated.tagset)

    def set_tagset(self, tagset) -> None:
        """The tagset changed (renamed, recoloured, reordered tags): refill the filter,
        keeping the tag it showed if that tag is still there, and redraw the rows."""
        self._fill_tag_filter(tagset, self.tag_filter.currentData())
        self.model.refresh_tags(tagset)

    def _fill_tag_filter(self, tags, shown: str | None) -> None:
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(tr("All tags"), None)
        for tag in tags:
            self.tag_filter.addItem(style.swatch_icon(tag.color, 12), tag_label(tag), tag.id)
        self.tag_filter.setCurrentIndex(max(self.tag_filter.findData(shown), 0))
        self.tag_filter.blockSignals(False)
        self._filter()

    def _filter(self) -> None:
        self.model.set_filter(self.tag_filter.currentData(), self.text_filter.text())

    def set_tag_filter(self, tag: str | None) -> None:
        index = self.tag_filter.findData(tag)
        self.tag_filter.setCurrentIndex(max(index, 0))

    def _on_tag_filter(self, index: int) -> None:
        self._filter()
        self.select_annotation(self._selected_id)

    def _on_text_filter(self, text: str) -> None:
        self._filter()
        self.select_annotation(self._selected_id)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self._selected_id = current.data(Qt.ItemDataRole.UserRole)
        self.annotationActivated.emit(self._selected_id)

    def _on_click(self, index: QModelIndex) -> None:
        ann_id = index.data(Qt.ItemDataRole.UserRole)
        if index.isValid() and ann_id is not None and ann_id == self._selected_id:
            self.annotationActivated.emit(ann_id)

    def select_annotation(self, ann_id: str | None) -> None:
        """Show ``ann_id`` as the selected row (without signalling back)."""
        self._selected_id = ann_id
        self._syncing = True
        try:
            selection = self.table.selectionModel()
            row = self.model.row_of(ann_id) if ann_id is not None else None
            index = self.model.index(row, 0) if row is not None else QModelIndex()
            if index.isValid():
                selection.setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index)
            else:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(),
                                          QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            self._syncing = False

    def selected_annotation(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None


def filter_row(parent: QWidget, layout: QVBoxLayout, combo_name: str, combo_tip: str,
               edit_name: str, placeholder: str) -> tuple[QComboBox, QLineEdit]:
    """The row above a dock's table: a category combo and a text filter that takes
    the rest of the width (the annotation list and the entities panel share it)."""
    row = QHBoxLayout()
    row.setSpacing(6)
    combo = QComboBox(parent)
    combo.setObjectName(combo_name)
    combo.setToolTip(combo_tip)
    edit = QLineEdit(parent)
    edit.setObjectName(edit_name)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    row.addWidget(combo)
    row.addWidget(edit, 1)
    layout.addLayout(row)
    return combo, edit
