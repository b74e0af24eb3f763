"""The entity panel: the document's entities with their mentions, and the edits on them.

A tree: one top-level row per entity (name, kind, number of mentions,
identifiers), its mentions below it in document order. The panel builds edits
(rename, identifiers, merge, split, unlink, delete) and hands them to the window
(``editRequested``); it never applies one itself. The window pushes them on the
undo stack, the store announces each change and the model follows it.

As in the annotation list, the model keeps its rows in Python lists and
updates them from each ``StoreChange``: only the entities the change names, and
those whose mentions it added, removed or relinked, move, change or reload.
Mention counts are taken from the store once (``mention_counts``) and then kept
up to date from the changes, so an edit never rescans 100,000 annotations. The
mentions of an entity are read only when its row is expanded.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotationError
from annotator.gui import style
from annotator.gui.annotation_list import filter_row
from annotator.gui.i18n import attribute_label, kind_label, number, tag_label, tr
from annotator.gui.model_texts import error_text
from annotator.gui.sorted_rows import SortedRows
from annotator.model import AnnotatedDocument, Annotation, Edit, StoreChange, edits
from annotator.model.entities import (
    ENTITY_KINDS,
    SCHEME_LABELS,
    SCHEMES,
    Entity,
    check_identifier,
    fold,
)
from annotator.model.text import shorten

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (QT_TRANSLATE_NOOP("", "Name"), QT_TRANSLATE_NOOP("", "Kind"),
           QT_TRANSLATE_NOOP("", "Mentions"), QT_TRANSLATE_NOOP("", "Identifiers"))
NAME, KIND, MENTIONS, IDENTIFIERS = range(4)
# Above this many changed annotations, or entities touched, a reset is cheaper.
_RESET_ANNOTATIONS = 2000
_RESET_ENTITIES = 300
_CONTEXT = 32  # characters of context shown on each side of a mention
_TEXT_LIMIT = 80
_KIND_ORDER = {kind: i for i, kind in enumerate(ENTITY_KINDS)}
_SERVED_ROLES = frozenset((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                           Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole,
                           Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.UserRole))
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_ENTITY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_MENTION_FLAGS = _ENTITY_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1  # the entity id of a row (a mention: its entity's)
MENTION_ROLE = Qt.ItemDataRole.UserRole + 2  # the annotation id of a mention row, else None


def identifiers_text(entity: Entity) -> str:
    """"Q183 · DE": the identifiers of an entity on one line, as short as they are
    clear (a Wikidata id and a country code say what they are; the tooltip names
    their schemes)."""
    return " · ".join(v for _s, v in entity.identifiers)


def kind_text(entity: Entity) -> str:
    label = kind_label(entity.kind)
    return f"{label} ({entity.type})" if entity.type else label


class EntityTreeModel(SortedRows, QAbstractItemModel):
    """Entities (top level, filtered and sorted) with their mentions as children.

    A top-level index has internal id 0; a mention's index carries its entity's
    serial number (``_serial``), so it stays valid while the entity's row moves.
    """

    # After a store change, a reset or a new filter has been taken in (once per change).
    contentsChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.annotated: AnnotatedDocument | None = None
        self._entities: dict[str, Entity] = {}
        self._counts: dict[str, int] = {}
        self._folded: dict[str, str] = {}  # entity id -> fold(name)
        self._rows: list[str] = []  # entity ids shown, ascending by _keys
        self._keys: dict[str, tuple] = {}  # the key each shown entity is placed under
        self._children: dict[str, list[Annotation]] = {}  # mentions, of rows asked for
        self._serial: dict[str, int] = {}
        self._by_serial: dict[int, str] = {}
        self._column = NAME
        self._order = Qt.SortOrder.AscendingOrder
        self._needle = ""
        self._kind: str | None = None
        # Bumped when entities come, go or change (not when only mentions do): what
        # the column widths depend on.
        self.register_version = 0

    # -- document ------------------------------------------------------------------------
    def set_document(self, annotated: AnnotatedDocument | None) -> None:
        if self.annotated is not None:
            self.annotated.annotations.unsubscribe(self._on_store_change)
        self.beginResetModel()
        self.annotated = annotated
        self._serial.clear()
        self._by_serial.clear()
        self._reload()
        self.endResetModel()
        if annotated is not None:
            annotated.annotations.subscribe(self._on_store_change)
        self.contentsChanged.emit()

    def _reload(self) -> None:
        self.register_version += 1
        store = self.annotated.annotations if self.annotated is not None else None
        self._entities = store.entities if store is not None else {}
        self._counts = store.mention_counts() if store is not None else {}
        self._folded = {e.id: fold(e.name) for e in self._entities.values()}
        self._children.clear()
        self._place_all()

    def _place_all(self) -> None:
        """Filter and sort every entity into ``_rows`` (thousands: a few ms)."""
        self._keys = {e: self._key(e) for e in self._entities if self.accepts(e)}
        self._rows = sorted(self._keys, key=self._keys.__getitem__)

    # -- sorting and filtering --------------------------------------------------------------
    def _key(self, entity_id: str) -> tuple:
        entity = self._entities[entity_id]
        name = self._folded[entity_id]
        if self._column == KIND:
            return (_KIND_ORDER.get(entity.kind, len(_KIND_ORDER)), fold(entity.type), name,
                    entity_id)
        if self._column == MENTIONS:
            return (self._counts.get(entity_id, 0), name, entity_id)
        if self._column == IDENTIFIERS:
            text = identifiers_text(entity).casefold()
            return (not text, text, name, entity_id)
        return (name, entity_id)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == (self._column, self._order):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        followed = [(idx, self.entity_id(idx)) for idx in persistent
                    if idx.isValid() and idx.internalId() == 0]
        self._column, self._order = column, order
        self._place_all()
        self.changePersistentIndexList(
            [idx for idx, _ in followed],
            [self._entity_index(entity_id, idx.column()) for idx, entity_id in followed])
        self.layoutChanged.emit()

    def set_filter(self, text: str, kind: str | None = None) -> None:
        """Show only entities of ``kind`` (None: all) whose name, id or identifiers
        contain ``text`` (case-insensitively)."""
        needle = fold(text)
        if (needle, kind) == (self._needle, self._kind):
            return
        self.beginResetModel()
        self._needle, self._kind = needle, kind
        self._children.clear()
        self._place_all()
        self.endResetModel()
        self.contentsChanged.emit()

    def filter_active(self) -> bool:
        return bool(self._needle) or self._kind is not None

    def accepts(self, entity_id: str) -> bool:
        entity = self._entities[entity_id]
        if self._kind is not None and entity.kind != self._kind:
            return False
        needle = self._needle
        if not needle or needle in self._folded[entity_id]:
            return True
        return needle in entity_id.casefold() or any(
            needle in value.casefold() for _s, value in entity.identifiers)

    # -- rows ----------------------------------------------------------------------------
    def _shown_count(self) -> int:
        return len(self._rows)

    def _internal_of(self, entity_id: str) -> int | None:
        key = self._keys.get(entity_id)
        if key is None:
            return None
        i = bisect.bisect_left(self._rows, key, key=self._keys.__getitem__)
        return i if i < len(self._rows) and self._rows[i] == entity_id else None

    def row_of(self, entity_id: str) -> int | None:
        """The top-level row showing ``entity_id``, or None (unknown or filtered out)."""
        i = self._internal_of(entity_id)
        return None if i is None else self._external(i)

    def _entity_index(self, entity_id: str, column: int = 0) -> QModelIndex:
        row = self.row_of(entity_id)
        return self.createIndex(row, column, 0) if row is not None else QModelIndex()

    def entity_index(self, entity_id: str) -> QModelIndex:
        """The index of ``entity_id``'s row (invalid if not shown)."""
        return self._entity_index(entity_id)

    def _serial_of(self, entity_id: str) -> int:
        serial = self._serial.get(entity_id)
        if serial is None:
            serial = len(self._serial) + 1
            self._serial[entity_id] = serial
            self._by_serial[serial] = entity_id
        return serial

    def _mentions_of(self, entity_id: str) -> list[Annotation]:
        mentions = self._children.get(entity_id)
        if mentions is None:
            assert self.annotated is not None
            mentions = self.annotated.annotations.mentions(entity_id)
            self._children[entity_id] = mentions
        return mentions

    def entity_id(self, index: Index) -> str | None:
        """The entity of a row (a mention row: the entity it names)."""
        if not index.isValid():
            return None
        if index.internalId() == 0:
            row = index.row()
            return self._rows[self._external(row)] if 0 <= row < len(self._rows) else None
        return self._by_serial.get(index.internalId())

    def mention(self, index: Index) -> Annotation | None:
        """The annotation of a mention row, None for an entity row."""
        if not index.isValid() or index.internalId() == 0:
            return None
        entity_id = self._by_serial.get(index.internalId())
        mentions = self._children.get(entity_id) if entity_id is not None else None
        if mentions is None or not 0 <= index.row() < len(mentions):
            return None
        return mentions[index.row()]

    def entity(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def count(self, entity_id: str) -> int:
        return self._counts.get(entity_id, 0)

    def shown_entities(self) -> list[str]:
        """The entity ids shown, in row order."""
        if self._order == Qt.SortOrder.AscendingOrder:
            return list(self._rows)
        return self._rows[::-1]

    def all_entities(self) -> list[Entity]:
        """Every entity of the document, shown or filtered out (a copy)."""
        return list(self._entities.values())

    def total(self) -> tuple[int, int]:
        """(entities, mentions) in the document."""
        return len(self._entities), sum(self._counts.values())

    def unused_count(self) -> int:
        """The number of entities nothing mentions or refers to (from the counts kept,
        and a look at the references only when some entity has no mention)."""
        if self.annotated is None or 0 not in self._counts.values():  # at C speed
            return 0
        unmentioned = [e for e in self._entities if not self._counts.get(e)]
        named = {ann.attribute(name)
                 for ann, name in edits.entity_references(self.annotated, unmentioned)}
        return len(set(unmentioned) - named)

    # -- incremental updates ----------------------------------------------------------------
    def _on_store_change(self, change: StoreChange) -> None:
        self._take_in(change)
        self.contentsChanged.emit()

    def _take_in(self, change: StoreChange) -> None:
        # What each entity's mentions lose and gain.
        lost: dict[str, list[Annotation]] = {}
        gained: dict[str, list[Annotation]] = {}
        for ann in change.removed:
            if ann.entity:
                lost.setdefault(ann.entity, []).append(ann)
        for ann in change.added:
            if ann.entity:
                gained.setdefault(ann.entity, []).append(ann)
        for old, new in change.updated:
            same_row = old.sort_key() == new.sort_key() and old.tag == new.tag
            if old.entity == new.entity and (not old.entity or same_row):
                continue  # attributes or a note: nothing the panel shows
            if old.entity:
                lost.setdefault(old.entity, []).append(old)
            if new.entity:
                gained.setdefault(new.entity, []).append(new)
        touched = set(lost) | set(gained)
        touched.update(e.id for e in change.entities_added)
        touched.update(e.id for e in change.entities_removed)
        touched.update(old.id for old, _new in change.entities_updated)
        if not touched:
            return
        size = len(change.added) + len(change.removed) + len(change.updated)
        if size > _RESET_ANNOTATIONS or len(touched) > _RESET_ENTITIES:
            self.beginResetModel()
            self._reload()
            self.endResetModel()
            return
        if change.entities_changed:
            self.register_version += 1
        for entity in change.entities_removed:
            self._drop_row(entity.id)
            self._entities.pop(entity.id, None)
            self._counts.pop(entity.id, None)
            self._folded.pop(entity.id, None)
        for entity in change.entities_added:
            self._entities[entity.id] = entity
            self._folded[entity.id] = fold(entity.name)
            self._counts.setdefault(entity.id, 0)
        for _old, entity in change.entities_updated:
            self._entities[entity.id] = entity
            self._folded[entity.id] = fold(entity.name)
        for entity_id in sorted(touched):
            if entity_id not in self._entities:
                continue
            gone, come = lost.get(entity_id, []), gained.get(entity_id, [])
            self._counts[entity_id] = self._counts.get(entity_id, 0) + len(come) - len(gone)
            if entity_id in self._children:
                self._update_children(entity_id, gone, come)
            self._place(entity_id)

    def _drop_row(self, entity_id: str) -> None:
        i = self._internal_of(entity_id)
        if i is not None:
            self._remove_row(self._rows, i)
        self._keys.pop(entity_id, None)
        self._children.pop(entity_id, None)

    def _place(self, entity_id: str) -> None:
        """Show, move, refresh or hide ``entity_id``'s row after it changed."""
        i = self._internal_of(entity_id)
        if not self.accepts(entity_id):
            self._drop_row(entity_id)
            return
        key = self._key(entity_id)
        if i is None:
            j = bisect.bisect_left(self._rows, key, key=self._keys.__getitem__)
            self._keys[entity_id] = key
            self._insert_row(self._rows, j, entity_id)
            return
        if key != self._keys[entity_id]:
            rest = self._rows[:i] + self._rows[i + 1:]
            j = bisect.bisect_left(rest, key, key=self._keys.__getitem__)
            if j != i:
                source, target = self._external(i), self._external(j)
                destination = target + 1 if target > source else target
                self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination)
                self._rows = rest
                self._rows.insert(j, entity_id)
                self._keys[entity_id] = key
                self.endMoveRows()
            else:
                self._keys[entity_id] = key
        row = self.row_of(entity_id)
        assert row is not None
        # One row: the tree re-reads whether it has children (the expand arrow).
        self.dataChanged.emit(self.createIndex(row, 0, 0),
                              self.createIndex(row, len(COLUMNS) - 1, 0))

    def _update_children(self, entity_id: str, gone: list[Annotation],
                         come: list[Annotation]) -> None:
        mentions = self._children[entity_id]
        row = self.row_of(entity_id)
        parent = self.createIndex(row, 0, 0) if row is not None else QModelIndex()
        if not parent.isValid():  # not shown: forget them, they load again if shown
            del self._children[entity_id]
            return
        serial = self._serial_of(entity_id)
        replaced = {a.id: a for a in come}
        for ann in gone:
            i = bisect.bisect_left(mentions, ann.sort_key(), key=Annotation.sort_key)
            if not (i < len(mentions) and mentions[i].id == ann.id):
                continue
            new = replaced.get(ann.id)
            if new is not None and new.sort_key() == ann.sort_key():
                mentions[i] = new  # the same place: changed in place (a retag)
                del replaced[ann.id]
                self.dataChanged.emit(self.createIndex(i, 0, serial),
                                      self.createIndex(i, len(COLUMNS) - 1, serial))
                continue
            self.beginRemoveRows(parent, i, i)
            del mentions[i]
            self.endRemoveRows()
        for ann in come:
            if ann.id not in replaced:
                continue
            i = bisect.bisect_left(mentions, ann.sort_key(), key=Annotation.sort_key)
            self.beginInsertRows(parent, i, i)
            mentions.insert(i, ann)
            self.endInsertRows()

    # -- Qt model interface ---------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._rows) else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        entity_id = self.entity_id(parent)
        if entity_id is None or row >= len(self._mentions_of(entity_id)):
            return QModelIndex()
        return self.createIndex(row, column, self._serial_of(entity_id))

    def parent(self, child: Index | None = None) -> Any:  # type: ignore[override]
        if child is None:
            return super().parent()  # QObject.parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        entity_id = self._by_serial.get(child.internalId())
        return self._entity_index(entity_id) if entity_id is not None else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._rows)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        entity_id = self.entity_id(parent)
        return len(self._mentions_of(entity_id)) if entity_id is not None else 0

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        # Asked for every row at each relayout of the tree: kept short.
        if not parent.isValid():
            return bool(self._rows)
        if parent.internalId() or parent.column():
            return False
        rows, row = self._rows, parent.row()
        if self._order != Qt.SortOrder.AscendingOrder:
            row = len(rows) - 1 - row
        return 0 <= row < len(rows) and self._counts.get(rows[row], 0) > 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Asked for every row at each relayout of the tree: constants, no enum arithmetic.
        if not index.isValid():
            return _NO_FLAGS
        return _ENTITY_FLAGS if index.internalId() == 0 else _MENTION_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.annotated is None or not index.isValid():
            return None
        if role == ENTITY_ROLE:
            return self.entity_id(index)
        if role == MENTION_ROLE:
            ann = self.mention(index)
            return ann.id if ann is not None else None
        if role not in _SERVED_ROLES:
            return None
        if index.internalId() == 0:
            return self._entity_data(index, role)
        return self._mention_data(index, role)

    def _entity_data(self, index: Index, role: int) -> Any:
        entity_id = self.entity_id(index)
        if entity_id is None:
            return None
        entity = self._entities[entity_id]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return entity.name
            if column == KIND:
                return kind_text(entity)
            if column == MENTIONS:
                return number(self._counts.get(entity_id, 0))
            return identifiers_text(entity)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MENTIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [entity.name,
                     tr("{kind}, id {id}").format(kind=kind_text(entity), id=entity.id)]
            lines += [f"{SCHEME_LABELS.get(s, s)}: {v}" for s, v in entity.identifiers]
            count = self._counts.get(entity_id, 0)
            lines.append(tr("%Ln mention(s)", "", count))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.UserRole:
            return entity_id
        return None

    def _mention_data(self, index: Index, role: int) -> Any:
        ann = self.mention(index)
        if ann is None:
            return None
        assert self.annotated is not None
        document = self.annotated.document
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return f"“{shorten(self.annotated.annotations.text_of(ann), _TEXT_LIMIT)}”"
            if column == KIND:
                tagset = self.annotated.tagset
                return tag_label(tagset[ann.tag]) if ann.tag in tagset else ann.tag
            if column == MENTIONS:
                return f"¶{document.paragraph_index_at(ann.start) + 1}"
            return self.context(ann)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MENTIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == KIND:
            tagset = self.annotated.tagset
            return style.swatch_icon(tagset[ann.tag].color, 12) if ann.tag in tagset else None
        if role == Qt.ItemDataRole.ForegroundRole and column in (KIND, MENTIONS, IDENTIFIERS):
            return QColor("#6b6b6b")
        if role == Qt.ItemDataRole.ToolTipRole:
            para = document.paragraph_index_at(ann.start) + 1
            return (f"{self.context(ann, 200)}\n\n"
                    + tr("Paragraph {p}, characters {a}–{b} ({id}). Double-click to show it in "
                         "the text.").format(p=para, a=ann.start, b=ann.end, id=ann.id))
        if role == Qt.ItemDataRole.UserRole:
            return ann.id
        return None

    def context(self, ann: Annotation, width: int = _CONTEXT) -> str:
        """The mention with about ``width`` characters of its paragraph on each side,
        cut at word boundaries, on one line."""
        assert self.annotated is not None
        document = self.annotated.document
        text = document.text
        para = document.paragraph_at(ann.start)
        low, high = (para.start, para.end) if para is not None else (0, len(text))
        left_start, right_end = max(low, ann.start - width), min(high, ann.end + width)
        left, right = text[left_start:ann.start], text[ann.end:right_end]
        cut_left, cut_right = left_start > low, right_end < high
        # Words cut in two are left out.
        if cut_left and not text[left_start - 1].isspace() and " " in left:
            left = left[left.index(" "):]
        if cut_right and not text[right_end].isspace() and " " in right:
            right = right[:right.rindex(" ")]
        middle = text[ann.start:ann.end]
        if len(middle) > _TEXT_LIMIT:
            middle = middle[:_TEXT_LIMIT - 1] + "…"
        line = " ".join((left + middle + right).split())
        return ("…" if cut_left else "") + line + ("…" if cut_right else "")


class IdentifiersDialog(QDialog):
    """One field per identifier scheme, each checked as it is typed; OK only while
    all are valid. ``values()`` gives them in normal form ("" removes one)."""

    def __init__(self, entity: Entity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Entity Identifiers"))
        self.setObjectName("identifiersDialog")
        self.entity = entity
        intro = QLabel(tr("Identifiers of <b>{name}</b> ({kind}), so exported rows can be "
                          "joined with other data. Leave a field empty to remove it.").format(
                              name=escape(entity.name), kind=escape(kind_text(entity))), self)
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        examples = {"wikidata": tr("e.g. Q183"), "iso3166": tr("e.g. DE or DEU"),
                    "uri": tr("e.g. https://viaf.org/viaf/…")}
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for scheme in SCHEMES:
            field = QLineEdit(entity.identifier(scheme), self)
            field.setObjectName(f"identifier_{scheme}")
            field.setPlaceholderText(examples.get(scheme, ""))
            field.setClearButtonEnabled(True)
            error = QLabel(self)
            error.setObjectName(f"identifierError_{scheme}")
            error.setWordWrap(True)
            palette = error.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor("#b3261e"))
            error.setPalette(palette)
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(field)
            box.addWidget(error)
            form.addRow(SCHEME_LABELS.get(scheme, scheme), box)
            field.textChanged.connect(self._check)
            self.fields[scheme] = field
            self.errors[scheme] = error
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(440, self.sizeHint().height())
        self._check()

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _check(self) -> None:
        valid = True
        for scheme, field in self.fields.items():
            error = self.errors[scheme]
            text = field.text()
            message = ""
            if text.strip():
                try:
                    check_identifier(scheme, text)
                except AnnotationError as problem:
                    message = problem.message
            error.setText(message)
            error.setVisible(bool(message))
            valid = valid and not message
        self.ok_button().setEnabled(valid)

    def is_valid(self) -> bool:
        return self.ok_button().isEnabled()

    def values(self) -> dict[str, str]:
        """Scheme -> value in normal form, "" for an empty field (valid fields only)."""
        found = {}
        for scheme, field in self.fields.items():
            text = field.text().strip()
            if not text:
                found[scheme] = ""
                continue
            try:
                found[scheme] = check_identifier(scheme, text)[1]
            except AnnotationError:
                continue
        return found


class EntityDock(QDockWidget):
    """The entity register of the open document: browse, rename, identify, merge,
    split, unlink and delete. Every change is an edit handed to the window."""

    # An edit the user asked for (an ``Edit``): the window pushes it on the undo stack.
    editRequested = Signal(object)
    # A mention was double-clicked or chosen with Enter: its annotation id.
    mentionActivated = Signal(str)
    # The entity of the current row changed: its id, or "" for none.
    currentEntityChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Entities"), parent)
        self.setObjectName("entityDock")
        self.model = EntityTreeModel(self)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        self.kind_filter, self.text_filter = filter_row(
            body, layout, "entityKindFilter", tr("Show entities of one kind"), "entityFilter",
            tr("Filter by name…"))
        self.kind_filter.addItem(tr("All kinds"), None)
        for kind in ENTITY_KINDS:
            self.kind_filter.addItem(kind_label(kind), kind)

        self.toolbar = QToolBar(body)
        self.toolbar.setObjectName("entityToolBar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(self.toolbar)

        self.tree = QTreeView(body)
        self.tree.setObjectName("entityTree")
        self.tree.setModel(self.model)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MENTIONS, QHeaderView.ResizeMode.Interactive)
        # Widths follow the content (``fit_columns``) until the user drags a divider.
        self._fitting = False
        self._user_sized = False
        self._fitted: tuple = ()
        header.sectionResized.connect(self._on_section_resized)
        header.sortIndicatorChanged.connect(lambda *_: self.fit_columns())
        layout.addWidget(self.tree, 1)

        self._body_layout = layout
        self.status = QLabel(body)
        self.status.setObjectName("entityStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.status.linkActivated.connect(lambda _link: self.delete_unused())
        self._status_plain = ""
        layout.addWidget(self.status)
        self.setWidget(body)
        self._error = ""

        self.rename_action = self._action(tr("Rename…"), self.rename, "F2",
                                          tr("Rename the entity"))
        self.identifiers_action = self._action(
            tr("Identifiers…"), self.edit_identifiers,
            tip=tr("Set the Wikidata id, ISO 3166 code or URI of the entity"))
        self.merge_action = self._action(
            tr("Merge"), self.merge,
            tip=tr("Merge the selected entities into the current one (it keeps its name)"))
        self.split_action = self._action(
            tr("Split"), self.split, tip=tr("Move the selected mentions to a new entity"))
        self.unlink_action = self._action(
            tr("Unlink"), self.unlink, tip=tr("Unlink the selected mentions from their entity "
                                              "(they stay annotations)"))
        self.delete_action = self._action(
            tr("Delete"), self.delete, tip=tr("Delete the entity (its mentions stay annotations)"))
        for action in self.actions():
            self.toolbar.addAction(action)
        # Not on the toolbar: only files of Annotator 1.0 hold such entities.
        self.unused_action = self._action(
            tr("Delete Unused Entities…"), self.delete_unused,
            tip=tr("Delete the entities that nothing mentions or refers to"))
        # The kind decides the TEI list (listPerson, listOrg ...) and the id's prefix;
        # tagging guesses it ("Pete Hegseth" a person), this menu corrects it.
        self.kind_menu = QMenu(tr("Kind"), self)
        self.kind_actions: dict[str, QAction] = {}
        for kind in ENTITY_KINDS:
            action = self.kind_menu.addAction(kind_label(kind))
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, k=kind: self.set_kind(k))
            self.kind_actions[kind] = action
        self.kind_menu.aboutToShow.connect(self._check_kind)
        self.kind_menu_action = self.kind_menu.menuAction()
        self.kind_menu_action.setToolTip(tr("Person, organisation, place or object: which "
                                            "TEI list the entity is written to"))
        self.toolbar.insertAction(self.merge_action, self.kind_menu_action)
        button = self.toolbar.widgetForAction(self.kind_menu_action)
        if isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        self.text_filter.textChanged.connect(self._on_filter)
        self.kind_filter.currentIndexChanged.connect(self._on_filter)
        self.tree.activated.connect(self._on_activated)
        self.tree.customContextMenuRequested.connect(self._show_menu)
        self.tree.selectionModel().selectionChanged.connect(self._update_actions)
        self.tree.selectionModel().currentChanged.connect(self._update_actions)
        self.tree.selectionModel().selectionChanged.connect(self._tell_current)
        self.tree.selectionModel().currentChanged.connect(self._tell_current)
        self._told = ""
        self.tree.installEventFilter(self)
        self.tree.viewport().installEventFilter(self)
        self.model.contentsChanged.connect(self._update_status)
        self.model.contentsChanged.connect(self.fit_columns)
        self.set_document(None)

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if tip:
            action.setToolTip(tip + (f" ({shortcut})" if shortcut else ""))
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # -- document -----------------------------------------------------------------------
    def set_document(self, annotated: AnnotatedDocument | None) -> None:
        """Show the entities of ``annotated`` (None: nothing) and follow its changes."""
        self.model.set_document(annotated)
        self._error = ""
        self._update_actions()
        self._update_status()
        self._tell_current()

    @property
    def annotated(self) -> AnnotatedDocument | None:
        return self.model.annotated

    # -- selection ----------------------------------------------------------------------
    def select_entity(self, entity_id: str | None) -> None:
        """Make ``entity_id``'s row current and selected, and scroll to it (no signal).
        None, or an entity not shown, clears the selection."""
        selection = self.tree.selectionModel()
        index = self.model.entity_index(entity_id) if entity_id else QModelIndex()
        if index.isValid():
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)
        else:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)

    def selected_entities(self) -> list[str]:
        """The ids of the selected entity rows, in row order."""
        rows = [i for i in self.tree.selectionModel().selectedRows() if i.internalId() == 0]
        rows.sort(key=QModelIndex.row)
        return [e for e in map(self.model.entity_id, rows) if e is not None]

    def selected_mentions(self) -> list[Annotation]:
        """The annotations of the selected mention rows, in document order."""
        found = [self.model.mention(i) for i in self.tree.selectionModel().selectedRows()
                 if i.internalId() != 0]
        return sorted((a for a in found if a is not None), key=Annotation.sort_key)

    def current_entity(self) -> str | None:
        """The entity of the current row (a mention row: its entity), if selected."""
        current = self.tree.currentIndex()
        if not current.isValid() or not self.tree.selectionModel().hasSelection():
            return None
        return self.model.entity_id(current)

    def add_section(self, widget: QWidget) -> None:
        """Put ``widget`` under the tree (the corpus's part: mentions in other documents),
        the two in a splitter the user can drag; the tree keeps most of the height."""
        place = self._body_layout.indexOf(self.tree)
        splitter = QSplitter(Qt.Orientation.Vertical, self.widget())
        splitter.setObjectName("entitySplitter")
        splitter.setChildrenCollapsible(False)
        self._body_layout.insertWidget(place, splitter, 1)
        splitter.addWidget(self.tree)
        splitter.addWidget(widget)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

    def _tell_current(self, *_args: object) -> None:
        current = self.current_entity() or ""
        if current != self._told:
            self._told = current
            self.currentEntityChanged.emit(current)

    def _update_actions(self, *_args: object) -> None:
        entities = self.selected_entities()
        mentions = self.selected_mentions()
        current = self.current_entity()
        self.rename_action.setEnabled(current is not None)
        self.identifiers_action.setEnabled(current is not None)
        self.kind_menu_action.setEnabled(current is not None)
        self.merge_action.setEnabled(len(entities) >= 2)
        self.split_action.setEnabled(bool(mentions) and len({a.entity for a in mentions}) == 1)
        self.unlink_action.setEnabled(bool(mentions))
        self.delete_action.setEnabled(len(entities) == 1 and not mentions)

    # -- status ---------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        """Say in the status line what went wrong (until the next successful action)."""
        self._error = message
        self._update_status()

    def status_text(self) -> str:
        """The status line as plain text."""
        return self._status_plain

    def _update_status(self, *_args: object) -> None:
        if self._error:
            self._set_status(self._error)
            self.status.setStyleSheet("color: #b3261e;")
            return
        self.status.setStyleSheet("")
        if self.model.annotated is None:
            self._set_status(tr("No document open"))
            return
        entities, mentions = self.model.total()
        text = (tr("%Ln entity/entities", "", entities) + " · "
                + tr("%Ln mention(s)", "", mentions))
        shown = self.model.rowCount()
        if self.model.filter_active():
            text = tr("{shown} of {total}").format(shown=number(shown), total=text)
        unused = self.model.unused_count()
        self._set_status(text, tr("%Ln unused", "", unused) if unused else "")

    def _set_status(self, text: str, unused: str = "") -> None:
        """Show ``text``, and ``unused`` as a link that offers to delete them."""
        self._status_plain = f"{text} · {unused}" if unused else text
        html = escape(text)
        if unused:
            title = escape(tr("Entities that nothing mentions or refers to: click to delete "
                              "them"))
            html += f" · <a href='unused' title='{title}'>{escape(unused)}</a>"
        self.status.setText(html)

    # -- edits ----------------------------------------------------------------------------
    def _request(self, build: Callable[[], Edit]) -> Edit | None:
        """Build an edit and hand it to the window; an error goes to the status line."""
        try:
            edit = build()
        except AnnotationError as error:
            self.show_error(error_text(error.message))
            return None
        self._error = ""
        self.editRequested.emit(edit)
        self._update_status()
        return edit

    def _store_entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None or self.annotated is None:
            return None
        return self.model.entity(entity_id)

    def rename(self) -> None:
        """Ask for a new name of the current entity."""
        entity = self._store_entity(self.current_entity())
        annotated = self.annotated
        if entity is None or annotated is None:
            return
        name, ok = QInputDialog.getText(self, tr("Rename Entity"),
                                        tr("New name for “{name}”:").format(name=entity.name),
                                        QLineEdit.EchoMode.Normal, entity.name)
        if not ok or " ".join(name.split()) == entity.name:
            return
        if self._request(lambda: edits.rename_entity(annotated, entity.id, name)):
            self.select_entity(entity.id)

    def edit_identifiers(self) -> None:
        """Show the identifiers dialog for the current entity."""
        entity = self._store_entity(self.current_entity())
        annotated = self.annotated
        if entity is None or annotated is None:
            return
        dialog = IdentifiersDialog(entity, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values = dialog.values()
        finally:
            dialog.deleteLater()
        if all(entity.identifier(s) == v for s, v in values.items()):
            return
        if self._request(lambda: edits.set_identifiers(annotated, entity.id, values)):
            self.select_entity(entity.id)

    def _check_kind(self) -> None:
        entity = self._store_entity(self.current_entity())
        for kind, action in self.kind_actions.items():
            action.setChecked(entity is not None and entity.kind == kind)

    def set_kind(self, kind: str) -> None:
        """Make the current entity a person, organisation, place or object (its id
        changes with its kind)."""
        entity = self._store_entity(self.current_entity())
        annotated = self.annotated
        if entity is None or annotated is None or entity.kind == kind:
            return
        edit = self._request(lambda: edits.update_entity(annotated, entity.id, kind=kind))
        if edit is not None:
            self.select_entity(edit.entities_after[0].id)

    def delete_unused(self) -> None:
        """Delete the entities nothing mentions or refers to (a file of Annotator 1.0
        may hold some), asking first."""
        annotated = self.annotated
        if annotated is None:
            return
        unused = edits.unused_entities(annotated)
        if not unused:
            self.show_error(tr("Every entity is mentioned or named by a reference"))
            return
        names = ", ".join(f"“{e.name}”" for e in unused[:5]) + (", …" if len(unused) > 5
                                                                else "")
        text = (tr("Delete %Ln entity/entities that nothing mentions or refers to?", "",
                   len(unused)) + f"\n\n{names}")
        if self._ask(tr("Delete Unused Entities"), text, tr("Delete")):
            self._request(lambda: edits.delete_unused_entities(annotated))

    def merge(self) -> None:
        """Merge the selected entities into the current one (or the first selected)."""
        annotated = self.annotated
        chosen = self.selected_entities()
        if annotated is None or len(chosen) < 2:
            return
        current = self.current_entity()
        keep = current if current in chosen else chosen[0]
        kept = self.model.entity(keep)
        others = [e for e in chosen if e != keep]
        assert kept is not None
        names = ", ".join(f"“{e.name}”" for e in map(self.model.entity, others) if e)
        moving = sum(self.model.count(e) for e in others)
        question = tr("Merge {names} into “{kept}”?").format(names=names, kept=kept.name)
        if len(others) == 1:
            outcome = tr("“{kept}” is kept: the %Ln mention(s) of the other move to it, with "
                         "any references to it, and it is deleted.", "", moving)
        else:
            outcome = tr("“{kept}” is kept: the %Ln mention(s) of the others move to it, with "
                         "any references to them, and they are deleted.", "", moving)
        text = question + "\n\n" + outcome.format(kept=kept.name)
        if not self._ask(tr("Merge Entities"), text, tr("Merge")):
            return
        if self._request(lambda: edits.merge_entities(annotated, keep, others)):
            self.select_entity(keep)

    def split(self) -> None:
        """Move the selected mentions (of one entity) to a new entity."""
        annotated = self.annotated
        mentions = self.selected_mentions()
        owners = {a.entity for a in mentions}
        if annotated is None or not mentions:
            return
        if len(owners) != 1:
            self.show_error(tr("Choose mentions of one entity to split off"))
            return
        owner = owners.pop()
        edit = self._request(lambda: edits.split_entity(annotated, owner,
                                                        [a.id for a in mentions]))
        if edit is not None and edit.entities_after:
            self.select_entity(edit.entities_after[0].id)

    def unlink(self) -> None:
        """Unlink the selected mentions from their entities."""
        annotated = self.annotated
        mentions = self.selected_mentions()
        if annotated is None or not mentions:
            return
        owner = mentions[0].entity
        if self._request(lambda: edits.unlink(annotated, [a.id for a in mentions])):
            self.select_entity(owner)

    def delete(self) -> None:
        """Delete the selected entity, asking first if mentions or references name it."""
        annotated = self.annotated
        chosen = self.selected_entities()
        if annotated is None or len(chosen) != 1:
            return
        entity = self.model.entity(chosen[0])
        assert entity is not None
        mentions = self.model.count(entity.id)
        references = edits.entity_references(annotated, [entity.id])
        if mentions or references:
            parts = []
            if mentions:
                parts.append(tr("its %Ln mention(s) stay annotations but are unlinked", "",
                                mentions))
            if references:
                n = len(references)
                parts.append(tr("%Ln reference(s) to it ({references}) cleared", "", n).format(
                    references=_references_text(annotated, references)))
            text = (tr("Delete the entity “{name}”?").format(name=entity.name) + "\n\n"
                    f"{'; '.join(parts)[:1].upper()}{'; '.join(parts)[1:]}.")
            if not self._ask(tr("Delete Entity"), text, tr("Delete")):
                return
        self._request(lambda: edits.delete_entity(annotated, entity.id))

    def _ask(self, title: str, text: str, ok_text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                          self)
        box.setObjectName("entityQuestion")
        box.button(QMessageBox.StandardButton.Ok).setText(ok_text)
        box.setDefaultButton(QMessageBox.StandardButton.Ok)
        try:
            return box.exec() == QMessageBox.StandardButton.Ok
        finally:
            box.deleteLater()

    # -- interaction ------------------------------------------------------------------------
    def _on_filter(self, *_args: object) -> None:
        current = self.current_entity()
        self.model.set_filter(self.text_filter.text(), self.kind_filter.currentData())
        if current is not None:
            self.select_entity(current)
        self._update_actions()
        self._update_status()

    def _on_activated(self, index: QModelIndex) -> None:
        ann = self.model.mention(index)
        if ann is not None:
            self.mentionActivated.emit(ann.id)

    def context_menu(self) -> QMenu:
        """The menu of the tree (its actions enabled as the selection allows)."""
        self._update_actions()
        menu = QMenu(self)
        for action in (self.rename_action, self.identifiers_action):
            menu.addAction(action)
        menu.addMenu(self.kind_menu)
        menu.addSeparator()
        for action in (self.merge_action, self.split_action, self.unlink_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        self.unused_action.setEnabled(self.model.unused_count() > 0)
        menu.addAction(self.unused_action)
        return menu

    def _show_menu(self, point: QPoint) -> None:
        menu = self.context_menu()
        menu.exec(self.tree.viewport().mapToGlobal(point))
        menu.deleteLater()

    # -- columns ----------------------------------------------------------------------------
    def fit_columns(self) -> None:
        """Size Name, Mentions and Kind to what they show, in that order of need, and
        leave the rest to Identifiers (the last column). When the dock is too narrow
        for all, what comes last is cut with "…" or lies past a horizontal scroll
        (every row's tooltip has its full text). Widths the user set by dragging a
        divider are kept."""
        if self._user_sized or self._fitting:
            return
        model = self.model
        header = self.tree.header()
        # Worked out again only when what it depends on changed: a tag that links a
        # mention to an entity of 100,000 costs no walk over them.
        _entities, mentions_total = model.total()
        fitted = (model.register_version, len(number(mentions_total)),
                  header.sortIndicatorSection(), self.tree.viewport().width(),
                  self.tree.font().key())
        if fitted == self._fitted:
            return
        self._fitted = fitted
        metrics = self.tree.fontMetrics()
        # Room a cell takes beside its text: the item's margins and the focus frame.
        pad = 2 * self.tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin,
                                                None, self.tree) + 12

        def widest(texts: Iterable[str]) -> int:
            longest = heapq.nlargest(24, texts, key=len)  # measure a few, not 10,000
            return max((metrics.horizontalAdvance(t) for t in longest), default=0) + pad

        def heading(column: int) -> int:
            sorted_by = header.sortIndicatorSection() == column
            mark = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize) + 8
            return metrics.horizontalAdvance(tr(COLUMNS[column])) + pad + mark * sorted_by

        # Every entity, shown or filtered out: the columns do not jump with the filter.
        entities = model.all_entities()
        swatch = 16  # a mention's tag is shown with its colour
        tags = [tag_label(t) for t in model.annotated.tagset] if model.annotated else []
        kind = max(heading(KIND), widest({kind_text(e) for e in entities}),
                   widest(tags) + swatch)
        # The total bounds every count: its digits are enough.
        mentions = max(heading(MENTIONS), widest([number(mentions_total), "¶999"]))
        # The branch arrow and indentation of the tree come before a name.
        name = max(heading(NAME), widest(e.name for e in entities) + self.tree.indentation())
        room = self.tree.viewport().width()
        name = min(name, max(heading(NAME), room - mentions))
        kind = min(kind, max(heading(KIND), room - mentions - name))
        self._fitting = True
        try:
            for column, width in ((NAME, name), (KIND, kind), (MENTIONS, mentions)):
                header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != IDENTIFIERS and self.tree.isVisible():
            self._user_sized = True  # dragged by the user: theirs from now on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
            return False
        # Delete in the tree means the tree's Delete, not the window's
        # "Delete Annotation": claim the key before shortcuts see it.
        if watched is self.tree and event.type() in (QEvent.Type.ShortcutOverride,
                                                     QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and \
                    event.modifiers() == Qt.KeyboardModifier.NoModifier:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                if self.selected_mentions():
                    self.unlink()
                else:
                    self.delete()
                return True
        return super().eventFilter(watched, event)


def _references_text(annotated: AnnotatedDocument, references: list[tuple[Annotation, str]]
                     ) -> str:
    """"Commitment a7 as Donor, …": the first few references, for a question."""
    parts = []
    for ann, name in references[:3]:
        tag = annotated.tagset[ann.tag] if ann.tag in annotated.tagset else None
        definition = tag.attribute(name) if tag is not None else None
        label = attribute_label(ann.tag, definition) if definition is not None else name
        parts.append(tr("{tag} {id} as {field}").format(
            tag=tag_label(tag) if tag else ann.tag, id=ann.id, field=label))
    if len(references) > 3:
        parts.append("…")
    return ", ".join(parts)
