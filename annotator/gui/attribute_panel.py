"""The attribute panel: the typed values and the note of the selected annotation.

The panel builds edits (``edits.set_attributes``, ``edits.set_note``) but never
applies them: it emits ``editRequested`` and the main window pushes the edit on
its undo stack, so every change made here is undoable like any other. The store
then announces the change and the panel shows the stored values, which are the
only truth (a field the user is typing in is left alone).

Reference fields list candidates from a store that may hold 100,000
annotations. The list is built when a field's popup opens (or it gets the focus),
once per set of target tags, and kept until a store change could alter it; a
store change that concerns neither the candidates nor the shown annotation
costs a look at the change, never a walk over the store. The lists are served by
a small list model, so a popup asks Python only for the rows it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from html import escape
from itertools import pairwise
from typing import Any, NamedTuple, Protocol

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QLineF,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotationError
from annotator.gui import style
from annotator.gui.bidi import quoted
from annotator.gui.i18n import (
    attribute_description,
    attribute_label,
    choice_label,
    in_sentence,
    kind_label,
    kind_noun_plural,
    tag_label,
    tr,
)
from annotator.gui.model_texts import error_text
from annotator.model import (
    AnnotatedDocument,
    Annotation,
    AttributeDef,
    Edit,
    StoreChange,
    Tag,
    edits,
)
from annotator.model.entities import ENTITY_KINDS, TYPE_SUGGESTIONS, Entity, fold
from annotator.model.text import shorten

Index = QModelIndex | QPersistentModelIndex

PLACEHOLDER = QT_TRANSLATE_NOOP("", "Click an annotation to see and edit its attributes")
NO_DOCUMENT = QT_TRANSLATE_NOOP("", "Open a document to annotate it")
NONE_TEXT = "—"
PICK_TEXT = QT_TRANSLATE_NOOP("", "Pick")
PICK_TIP = QT_TRANSLATE_NOOP("", "Pick the {label} in the text: press, then click the mention "
                                 "(Escape cancels)")
SHOW_TEXT = QT_TRANSLATE_NOOP("", "Show")
SHOW_EMPTY_TIP = QT_TRANSLATE_NOOP("", "Nothing to show: the field is empty")
KIND_TIP = QT_TRANSLATE_NOOP("", "What the entity is: it decides its TEI list (listPerson, "
                                 "listOrg, listPlace, listObject) and the start of its id; a "
                                 "state is a place of type “state”")
ONE_KIND_TIP = QT_TRANSLATE_NOOP("", "{tag} mentions name only {kinds}")
TYPE_TIP = QT_TRANSLATE_NOOP("", "A finer class of the entity (state, alliance, city …): "
                                 "choose one or type your own; Enter keeps it, Escape reverts")
NOT_LINKED = QT_TRANSLATE_NOOP("", "not linked to an entity")
NUMBER_HINT = QT_TRANSLATE_NOOP("", "e.g. 2 or 1.5")
DATE_HINT = QT_TRANSLATE_NOOP("", "YYYY-MM-DD")
ERROR_COLOR = "#b3261e"
_NOTHING_CHANGED = "nothing changed"
_QUOTE_LIMIT = 160  # characters of the annotated text in the header
_ITEM_LIMIT = 60  # characters of an annotation's text in a reference list
_NOTE_LINES = 4
# A reference list shows at most this many annotations: a popup of tens of
# thousands of rows takes a second to open and nobody reads it.
CANDIDATE_LIMIT = 500
_FIRST_REACH = 4000  # characters either side of the shown annotation searched first

# Kinds of rows in a reference list.
NONE_ROW, ENTITY_ROW, ANNOTATION_ROW, SEPARATOR_ROW, MISSING_ROW, NOTE_ROW = range(6)


class Row(NamedTuple):
    """One entry of a reference list: the value it sets and how it is shown."""

    value: str
    text: str
    tooltip: str
    color: str  # tag colour for the swatch, "" for none
    kind: int


def _none_row() -> Row:
    """The first row of a reference list: no value."""
    return Row("", NONE_TEXT, tr("No value"), "", NONE_ROW)


_SEPARATOR = Row("", "", "", "", SEPARATOR_ROW)


class Candidates(NamedTuple):
    """The rows a reference attribute offers (without the leading "—"), and where
    each value is: one list shared by every field with the same target tags."""

    rows: list[Row]
    where: dict[str, int]


# -- editors ---------------------------------------------------------------------------------
class _LineEditor(QLineEdit):
    """A line edit that reverts on Escape (when changed), instead of passing it on."""

    reverted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isModified():
            self.reverted.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class _NoteEditor(QPlainTextEdit):
    """The note: committed when the focus leaves or on Ctrl+Enter, reverted on Escape.

    Enter alone makes a new line: notes may have several."""

    committed = Signal()
    reverted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.committed.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self.document().isModified():
            self.reverted.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # A context menu or the popup of a completer is not leaving the note.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.committed.emit()


class _Combo(QComboBox):
    """A combo box that ignores the mouse wheel unless it has the focus: scrolling
    the form over a field must not change the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def paintEvent(self, event: QPaintEvent) -> None:
        # As QComboBox paints, but a text too long for a narrow dock ends in "…"
        # rather than being cut off mid-letter.
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        room = field.width() - (option.iconSize.width() + 4
                                if not option.currentIcon.isNull() else 0)
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, max(room, 0))
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class _CandidateModel(QAbstractListModel):
    """Rows of a reference list: a short head (“—”, maybe the current value when
    it is not a candidate) and a body shared with other fields (not copied)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.head: list[Row] = [_none_row()]
        self.body: list[Row] = []
        self.excluded = ""  # the shown annotation: it cannot refer to itself

    def set_rows(self, head: list[Row], body: list[Row], excluded: str = "") -> None:
        self.beginResetModel()
        self.head, self.body, self.excluded = head, body, excluded
        self.endResetModel()

    def row(self, row: int) -> Row:
        head = self.head
        return head[row] if row < len(head) else self.body[row - len(head)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.head) + len(self.body)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == Qt.ItemDataRole.UserRole:
            return row.value
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        if role == Qt.ItemDataRole.DecorationRole and row.color:
            return style.swatch_icon(row.color, 12)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and row.kind == SEPARATOR_ROW:
            return "separator"  # QComboBox's delegate draws such a row as a line
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self.row(index.row())
        if row.kind in (SEPARATOR_ROW, NOTE_ROW) or (row.value and row.value == self.excluded):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class _ReferenceCombo(_Combo):
    """A combo whose full list is asked for only when the user is about to use it."""

    def __init__(self, populate: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._populate = populate
        self.candidates = _CandidateModel(self)
        self.setModel(self.candidates)
        self.setMinimumContentsLength(12)
        view = self.view()
        if isinstance(view, QListView):
            view.setUniformItemSizes(True)  # no size asked of 100,000 rows
        self.setMaxVisibleItems(16)

    def showPopup(self) -> None:
        self._populate()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Arrow keys and type-ahead on a closed combo walk the list too.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self._populate()
        super().focusInEvent(event)


@lru_cache(maxsize=8)
def _pick_icon(color: str, size: int = 16) -> QIcon:
    """A crosshair, drawn: the ⌖ character is missing from common fonts."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(color), 1.4))
    middle = size / 2
    painter.drawEllipse(QRectF(middle - 4.5, middle - 4.5, 9, 9))
    for a, b in ((1, middle - 2.5), (middle + 2.5, size - 1)):
        painter.drawLine(QLineF(a, middle, b, middle))
        painter.drawLine(QLineF(middle, a, middle, b))
    painter.end()
    return QIcon(pixmap)


# -- what the fields ask of the panel ------------------------------------------------------
class FieldHost(Protocol):
    """What a field asks of the panel that holds it (``AttributeDock``): to apply or
    take back a value typed or chosen, and to describe the values a reference may take."""

    pickRequested: Any  # Signal(str): the attribute whose Pick button was pressed
    referenceActivated: Any  # Signal(str): the value to show (an annotation, an entity)
    muted_color: str  # the colour of text that says there is nothing

    def commit_value(self, name: str, value: str) -> None: ...
    def revert_value(self, name: str) -> None: ...
    def commit_entity(self, *, kind: str | None = None, type: str | None = None) -> None: ...
    def set_status(self, message: str) -> None: ...
    def has_document(self) -> bool: ...
    def annotation_id(self) -> str | None: ...
    def reference_row(self, value: str) -> Row | None: ...
    def reference_tip(self, value: str) -> str: ...
    def candidates_for(self, targets: tuple[str, ...]) -> Candidates: ...
    @property
    def candidate_generation(self) -> int: ...


# -- fields ----------------------------------------------------------------------------------
class _Field:
    """The editor of one attribute: shows a stored value, gives the value entered."""

    def __init__(self, definition: AttributeDef) -> None:
        self.definition = definition
        self.name = definition.name
        self.editor: QWidget
        self.widget: QWidget  # what the form row holds

    def show(self, value: str, keep_typing: bool) -> None:
        raise NotImplementedError

    def focus_widgets(self) -> list[QWidget]:
        return [self.editor]


class _LineField(_Field):
    """Text, number or date: committed on Enter or when the focus leaves."""

    def __init__(self, definition: AttributeDef, host: FieldHost, parent: QWidget) -> None:
        super().__init__(definition)
        editor = _LineEditor(parent)
        editor.setObjectName(f"attr_{self.name}")
        if definition.kind == "number":
            editor.setPlaceholderText(tr(NUMBER_HINT))
        elif definition.kind == "date":
            editor.setPlaceholderText(tr(DATE_HINT))
        editor.setClearButtonEnabled(definition.kind == "text")
        editor.editingFinished.connect(lambda: host.commit_value(self.name, editor.text()))
        editor.reverted.connect(lambda: host.revert_value(self.name))
        self.editor = self.widget = editor
        self.line = editor

    def show(self, value: str, keep_typing: bool) -> None:
        line = self.line
        if keep_typing and line.hasFocus() and line.isModified():
            return
        if line.text() != value:
            line.setText(value)  # also clears isModified
            if not line.hasFocus():
                line.setCursorPosition(0)  # the start of a long value, not its end
        line.setModified(False)

    def pending(self) -> str | None:
        """The text typed and not yet committed, None if nothing was typed."""
        return self.line.text() if self.line.isModified() else None


class _ChoiceField(_Field):
    """A choice or a yes/no: committed as soon as an item is chosen."""

    def __init__(self, definition: AttributeDef, host: FieldHost, parent: QWidget) -> None:
        super().__init__(definition)
        combo = _Combo(parent)
        combo.setObjectName(f"attr_{self.name}")
        combo.addItem(NONE_TEXT, "")
        if definition.kind == "boolean":
            combo.addItem(tr("Yes"), "true")
            combo.addItem(tr("No"), "false")
        else:
            for symbol, label in zip(definition.choices, definition.labels(), strict=True):
                combo.addItem(choice_label(definition, symbol, label), symbol)
        combo.activated.connect(lambda i: host.commit_value(self.name, combo.itemData(i) or ""))
        self.editor = self.widget = combo
        self.combo = combo

    def show(self, value: str, keep_typing: bool) -> None:
        combo = self.combo
        index = combo.findData(value)
        if index < 0:  # not a choice the tag offers: shown all the same, not lost
            combo.addItem(value, value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)


class _ReferenceField(_Field):
    """A reference: a list of candidates, a button to pick one in the text, and a
    button to show the one referred to."""

    def __init__(self, definition: AttributeDef, host: FieldHost, parent: QWidget) -> None:
        super().__init__(definition)
        self.host = host
        self.value = ""
        self.populated = -1  # the dock's candidate generation the list was filled from
        row = QWidget(parent)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        combo = _ReferenceCombo(self.populate, row)
        combo.setObjectName(f"attr_{self.name}")
        combo.activated.connect(
            lambda i: host.commit_value(self.name, combo.candidates.row(i).value))
        # Buttons with words, reached with Tab and pressed with Space like any other.
        pick = QToolButton(row)
        pick.setObjectName(f"pick_{self.name}")
        pick.setText(tr(PICK_TEXT))
        pick.setIcon(_pick_icon(pick.palette().color(QPalette.ColorRole.ButtonText).name()))
        pick.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        shown_label = attribute_label(None, definition)
        pick.setToolTip(tr(PICK_TIP).format(label=in_sentence(shown_label)))
        pick.setAccessibleName(tr("Pick {field}").format(field=shown_label))
        pick.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        pick.clicked.connect(lambda: host.pickRequested.emit(self.name))
        go = QToolButton(row)
        go.setObjectName(f"goto_{self.name}")
        go.setText(tr(SHOW_TEXT))
        go.setAccessibleName(tr("Show {field}").format(field=shown_label))
        go.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        go.clicked.connect(lambda: self.value and host.referenceActivated.emit(self.value))
        layout.addWidget(combo, 1)
        layout.addWidget(pick)
        layout.addWidget(go)
        self.editor, self.widget = combo, row
        self.combo, self.pick_button, self.go_button = combo, pick, go

    def focus_widgets(self) -> list[QWidget]:
        return [self.combo, self.pick_button, self.go_button]

    def show(self, value: str, keep_typing: bool) -> None:
        if keep_typing and value == self.value and self.combo.view().isVisible():
            return  # the user is choosing: the list stays under the mouse
        # A value shown anew (another annotation, or a change) drops the full list:
        # showing it costs a lookup, not a list; the list comes back on demand.
        self.value = value
        self.populated = -1
        current = self.host.reference_row(value) if value else None
        self.combo.candidates.set_rows([_none_row(), current] if current else [_none_row()], [])
        self.combo.setCurrentIndex(1 if current else 0)
        tips = [attribute_description(None, self.definition), current.tooltip if current else ""]
        self.combo.setToolTip("\n".join(t for t in tips if t))
        self.go_button.setEnabled(bool(value))
        self.go_button.setToolTip(self.host.reference_tip(value) if value else tr(SHOW_EMPTY_TIP))

    def populate(self) -> None:
        """Fill the list with the candidates (built once per target tags and shown
        annotation, and shared by the fields asking for the same)."""
        host = self.host
        if self.populated == host.candidate_generation or not host.has_document():
            return
        candidates = host.candidates_for(self.definition.targets)
        head = [_none_row()]
        if self.value and self.value not in candidates.where:
            # A mention linked to an entity is listed under the entity; still show it.
            current = host.reference_row(self.value)
            if current is not None:
                head.append(current)
        excluded = host.annotation_id() or ""
        self.combo.candidates.set_rows(head, candidates.rows, excluded)
        if not self.value:
            index = 0
        elif len(head) > 1:
            index = 1
        else:
            index = len(head) + candidates.where[self.value]
        self.combo.setCurrentIndex(index)
        self.populated = host.candidate_generation


def _form_layout(widget: QWidget, bottom: int = 0) -> QFormLayout:
    """The layout of the panel's forms: labels right-aligned, fields growing."""
    layout = QFormLayout(widget)
    layout.setContentsMargins(0, 0, 0, bottom)
    layout.setHorizontalSpacing(8)
    layout.setVerticalSpacing(4)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return layout


class _Form(QWidget):
    """The fields of one tag, in the order the tag declares them."""

    def __init__(self, tag: Tag, host: FieldHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.tag = tag
        self.setObjectName(f"attributeForm_{tag.id}")
        layout = _form_layout(self)
        self.fields: dict[str, _Field] = {}
        for definition in tag.attributes:
            field: _Field
            if definition.kind == "reference":
                field = _ReferenceField(definition, host, self)
            elif definition.kind in ("choice", "boolean"):
                field = _ChoiceField(definition, host, self)
            else:
                field = _LineField(definition, host, self)
            label = QLabel(attribute_label(tag.id, definition), self)
            label.setBuddy(field.editor)
            if definition.description:
                label.setToolTip(attribute_description(tag.id, definition))
                field.editor.setToolTip(attribute_description(tag.id, definition))
            layout.addRow(label, field.widget)
            self.fields[definition.name] = field

    def focus_chain(self) -> list[QWidget]:
        return [w for f in self.fields.values() for w in f.focus_widgets()]

    def labels(self) -> list[QLabel]:
        layout = self.layout()
        assert isinstance(layout, QFormLayout)
        return [item.widget() for row in range(layout.rowCount())
                if (item := layout.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
                and isinstance(item.widget(), QLabel)]


class _EntityBox(QWidget):
    """The entity a mention is linked to: its name (a link to it), and its kind and
    type, which are the entity's own (one setting for all its mentions)."""

    def __init__(self, host: FieldHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("attributeEntityBox")
        self.host = host
        layout = _form_layout(self, bottom=6)
        self.link = QLabel(self)
        self.link.setObjectName("attributeEntity")
        self.link.setTextFormat(Qt.TextFormat.RichText)
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.link.linkActivated.connect(host.referenceActivated)
        self.kind = _Combo(self)
        self.kind.setObjectName("entityKind")
        self.kind.activated.connect(lambda i: host.commit_entity(kind=self.kind.itemData(i)))
        self.type = _Combo(self)
        self.type.setObjectName("entityType")
        self.type.setEditable(True)
        self.type.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        editor = _LineEditor(self.type)
        self.type.setLineEdit(editor)
        editor.setPlaceholderText(tr("none"))
        self.type.setToolTip(tr(TYPE_TIP))
        self.type.activated.connect(lambda i: host.commit_entity(type=self.type.itemText(i)))
        editor.editingFinished.connect(lambda: editor.isModified() and host.commit_entity(
            type=editor.text()))
        editor.reverted.connect(self.revert_type)
        self.type_editor = editor
        self.labels = [QLabel(tr("Entity"), self), QLabel(tr("Kind"), self),
                       QLabel(tr("Type"), self)]
        self.labels[1].setBuddy(self.kind)
        self.labels[2].setBuddy(self.type)
        for label, field in zip(self.labels, (self.link, self.kind, self.type), strict=True):
            layout.addRow(label, field)
        self.entity: Entity | None = None

    def show_entity(self, entity: Entity | None, kinds: tuple[str, ...], tag: Tag,
                    mentions: int, keep_typing: bool) -> None:
        """Show ``entity`` (None: the mention is not linked) and offer ``kinds``."""
        self.entity = entity
        layout = self.layout()
        assert isinstance(layout, QFormLayout)
        for row in (1, 2):
            layout.setRowVisible(row, entity is not None)
        if entity is None:
            self.link.setText(
                f"<span style='color:{self.host.muted_color}'>{tr(NOT_LINKED)}</span>")
            self.link.setToolTip("")
            return
        self.link.setText(f"<a href='{escape(entity.id)}'>{escape(entity.name)}</a>")
        self.link.setToolTip(f"{kind_label(entity.kind)} {entity.id}, "
                             + tr("%Ln mention(s): click to show it in the Entities panel", "",
                                  mentions))
        self.kind.clear()
        for kind in kinds:
            self.kind.addItem(kind_label(kind), kind)
        self.kind.setCurrentIndex(self.kind.findData(entity.kind))
        self.kind.setEnabled(len(kinds) > 1)
        self.kind.setToolTip(tr(KIND_TIP) if len(kinds) > 1 else tr(ONE_KIND_TIP).format(
            tag=tag_label(tag), kinds=tr(" or ").join(kind_noun_plural(k) for k in kinds)))
        if keep_typing and self.type_editor.hasFocus() and self.type_editor.isModified():
            return
        suggestions = ["", *TYPE_SUGGESTIONS.get(entity.kind, ())]
        if entity.type and entity.type not in suggestions:
            suggestions.append(entity.type)
        if [self.type.itemText(i) for i in range(self.type.count())] != suggestions:
            self.type.clear()
            self.type.addItems(suggestions)
        self.type.setCurrentIndex(suggestions.index(entity.type))
        self.type_editor.setText(entity.type)
        self.type_editor.setModified(False)

    def revert_type(self) -> None:
        self.type_editor.setText(self.entity.type if self.entity is not None else "")
        self.type_editor.setModified(False)
        self.host.set_status("")

    def focus_chain(self) -> list[QWidget]:
        return [self.kind, self.type] if self.entity is not None else []


# -- the dock --------------------------------------------------------------------------------
class AttributeDock(QDockWidget):
    """The attributes and the note of the selected annotation, editable."""

    # An Edit (annotator.model.edits.Edit) the user made: push it on the undo stack.
    editRequested = Signal(object)
    # The user wants to fill reference attribute ``name`` by clicking an annotation
    # in the text; answer with ``fill_reference(name, annotation_id)``.
    pickRequested = Signal(str)
    # Show this annotation or entity (the id a reference field holds, or the
    # entity the shown annotation is linked to).
    referenceActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Attributes"), parent)
        self.setObjectName("attributeDock")
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea
                             | Qt.DockWidgetArea.RightDockWidgetArea)
        self.annotated: AnnotatedDocument | None = None
        self._ann_id: str | None = None
        self._forms: dict[str, _Form] = {}
        self._form: _Form | None = None
        # Reference lists by (target tags, shown annotation id).
        self._candidates: dict[tuple[tuple[str, ...], str], Candidates] = {}
        self._generation = 0  # bumped whenever cached candidate lists are dropped

        body = QWidget(self)
        self.body = body
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        # Text half-way to the background: the placeholder colour, opaque (Qt's has
        # an alpha that a colour name in a style sheet or rich text would drop).
        text = self.palette().color(QPalette.ColorRole.WindowText)
        window = self.palette().color(QPalette.ColorRole.Window)
        muted = QColor((text.red() + window.red()) // 2, (text.green() + window.green()) // 2,
                       (text.blue() + window.blue()) // 2).name()
        self.muted_color = muted

        self.placeholder = QLabel(tr(PLACEHOLDER), body)
        self.placeholder.setObjectName("attributePlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet(f"color: {muted}; padding: 24px 8px;")
        layout.addWidget(self.placeholder)

        self.header = QWidget(body)
        head = QVBoxLayout(self.header)
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(2)
        title_row = QHBoxLayout()
        title_row.setSpacing(6)
        self.swatch = QLabel(self.header)
        self.swatch.setFixedSize(QSize(14, 14))
        self.title = QLabel(self.header)
        self.title.setObjectName("attributeTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        title_row.addWidget(self.swatch)
        title_row.addWidget(self.title, 1)
        head.addLayout(title_row)
        self.quote = QLabel(self.header)
        self.quote.setObjectName("attributeQuote")
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(self.quote)
        layout.addWidget(self.header)
        self.entity_box = _EntityBox(self, body)
        self.entity_label = self.entity_box.link
        layout.addWidget(self.entity_box)

        self.forms_layout = QVBoxLayout()
        self.forms_layout.setContentsMargins(0, 4, 0, 0)
        self.forms_layout.setSpacing(0)
        layout.addLayout(self.forms_layout)

        self.note_label = QLabel(tr("Note"), body)
        self.note = _NoteEditor(body)
        self.note.setObjectName("attributeNote")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(tr("A comment on this annotation (Ctrl+Enter keeps it)"))
        self.note.setToolTip(tr("Free text, kept with the annotation; saved when you leave the "
                                "field or press Ctrl+Enter, Escape reverts"))
        self.note_label.setBuddy(self.note)
        lines = self.note.fontMetrics().lineSpacing() * _NOTE_LINES
        margins = self.note.contentsMargins()
        self.note.setFixedHeight(lines + margins.top() + margins.bottom()
                                 + 2 * int(self.note.document().documentMargin()))
        self.note.committed.connect(self._commit_note)
        self.note.reverted.connect(self._revert_note)
        layout.addSpacing(4)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        layout.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.scroll = scroll

        # Outside the scroll area: an error stays in sight whichever field caused it.
        self.status = QLabel(self)
        self.status.setObjectName("attributeStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setStyleSheet(f"color: {ERROR_COLOR}; padding: 2px 8px 6px 8px;")
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.status.hide()
        outer = QWidget(self)
        outer_layout = QVBoxLayout(outer)
        outer_layout.setContentsMargins(0, 0, 0, 0)
        outer_layout.setSpacing(0)
        outer_layout.addWidget(scroll, 1)
        outer_layout.addWidget(self.status)
        self.setWidget(outer)
        self._refresh(keep_typing=False)

    # -- public API ---------------------------------------------------------------------
    def set_document(self, annotated: AnnotatedDocument | None) -> None:
        """Follow ``annotated``'s store (and no longer the previous one's); shows
        nothing until ``show_annotation``."""
        if self.annotated is not None:
            self.annotated.annotations.unsubscribe(self._on_store_change)
        self.annotated = annotated
        self._ann_id = None
        self._drop_candidates()
        for form in self._forms.values():
            form.hide()  # now: deleteLater waits for the event loop
            form.deleteLater()
        self._forms.clear()
        self._form = None
        if annotated is not None:
            annotated.annotations.subscribe(self._on_store_change)
        self.set_status("")
        self._refresh(keep_typing=False)

    def show_annotation(self, ann_id: str | None) -> None:
        """Show the attributes of ``ann_id`` (None, or an id not in the store: the
        placeholder). Call it again after the tagset changed: the form follows."""
        if ann_id != self._ann_id:
            self._commit_pending()  # what was typed belongs to the annotation it was typed for
            self.set_status("")
            self._drop_candidates()  # lists are of the candidates near the shown one
        store = self.annotated.annotations if self.annotated is not None else None
        same = ann_id == self._ann_id
        self._ann_id = ann_id if store is not None and ann_id in store else None
        self._refresh(keep_typing=same)  # shown again: what is being typed stays

    def annotation_id(self) -> str | None:
        """The id of the annotation shown, None when the placeholder is."""
        return self._ann_id

    def has_document(self) -> bool:
        return self.annotated is not None

    @property
    def candidate_generation(self) -> int:
        """Bumped whenever the reference lists' candidates may have changed: a field
        fills its list again when it was filled for an older generation."""
        return self._generation

    def fill_reference(self, name: str, value: str) -> bool:
        """Set reference ``name`` of the shown annotation to ``value`` (an annotation
        or entity id the user picked in the text). Emits ``editRequested`` and
        returns True, or shows why not and returns False."""
        ann = self._shown()
        if ann is None:
            return False
        try:
            edit = edits.set_attributes(self.annotated, ann.id, {name: value})
        except AnnotationError as error:
            self._report(error)
            return False
        self._emit(edit)
        return True

    def editor(self, name: str) -> QWidget | None:
        """The editor of attribute ``name`` of the shown annotation (for tests and
        for focusing a field), None if it has no such attribute."""
        field = self._form.fields.get(name) if self._form is not None else None
        return field.editor if field is not None else None

    def status_text(self) -> str:
        """The message in the status line ("" when there is none)."""
        return self.status.text()

    # -- showing --------------------------------------------------------------------------
    def _shown(self) -> Annotation | None:
        if self.annotated is None or self._ann_id is None:
            return None
        store = self.annotated.annotations
        return store.get(self._ann_id) if self._ann_id in store else None

    def _refresh(self, keep_typing: bool) -> None:
        """Show the stored values; with ``keep_typing`` a field being typed in keeps
        the user's text."""
        ann = self._shown()
        shown = ann is not None
        self.placeholder.setText(tr(PLACEHOLDER) if self.annotated is not None else tr(NO_DOCUMENT))
        self.placeholder.setVisible(not shown)
        for widget in (self.header, self.note_label, self.note):
            widget.setVisible(shown)
        if ann is None:
            self.entity_box.hide()
            if self._form is not None:
                self._form.hide()
            self._form = None
            return
        assert self.annotated is not None
        tag = self.annotated.tagset[ann.tag]
        self._show_header(ann, tag)
        linked_before = self.entity_box.entity is not None
        self._show_entity(ann, tag, keep_typing)
        form = self._form_for(tag)
        if form is not self._form or linked_before != (self.entity_box.entity is not None):
            if self._form is not None and form is not self._form:
                self._form.hide()
            self._form = form
            form.show()
            self._align_labels()
            chain = [*self.entity_box.focus_chain(), *form.focus_chain(), self.note]
            for first, second in pairwise(chain):
                QWidget.setTabOrder(first, second)
        for field in form.fields.values():
            field.show(ann.attribute(field.name), keep_typing)
        if not (keep_typing and self.note.hasFocus() and self.note.document().isModified()):
            if self.note.toPlainText() != ann.note:
                self.note.setPlainText(ann.note)
            self.note.document().setModified(False)

    def _show_header(self, ann: Annotation, tag: Tag) -> None:
        assert self.annotated is not None
        self.swatch.setPixmap(style.swatch_icon(tag.color, 14).pixmap(14, 14))
        self.title.setText(f"<b>{escape(tag_label(tag))}</b> "
                           f"<span style='color:{self.muted_color}'>{escape(ann.id)}</span>")
        text = (self.annotated.annotations.text_of(ann) if ann.more  # every range
                else self.annotated.document.text[ann.start:min(ann.end,
                                                                ann.start + 2 * _QUOTE_LIMIT)])
        self.quote.setText(quoted(shorten(text, _QUOTE_LIMIT)))

    def _show_entity(self, ann: Annotation, tag: Tag, keep_typing: bool) -> None:
        """The entity box: shown for a mention of a tag with an entity list."""
        assert self.annotated is not None
        store = self.annotated.annotations
        entity = store.entity(ann.entity) if ann.entity and store.has_entity(ann.entity) \
            else None
        if entity is None and not tag.entity:
            self.entity_box.entity = None
            self.entity_box.hide()
            return
        kinds: tuple[str, ...] = ()
        mentions = 0
        if entity is not None:
            # The kinds every mention's tag may name (the entity's own always among them).
            linked = store.mentions(entity.id)
            mentions = len(linked)
            tagset = self.annotated.tagset
            tags = {tagset[m.tag] for m in linked if m.tag in tagset}
            kinds = tuple(k for k in ENTITY_KINDS if k == entity.kind
                          or all(t.accepts_entity(k) for t in tags))
        self.entity_box.show_entity(entity, kinds, tag, mentions, keep_typing)
        self.entity_box.show()

    def _align_labels(self) -> None:
        """The entity box and the form, one column of labels."""
        labels = [*self.entity_box.labels, *(self._form.labels() if self._form else [])]
        for label in labels:
            label.setMinimumWidth(0)
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    def reference_tip(self, value: str) -> str:
        """The tooltip of a reference field's Show button for ``value``."""
        assert self.annotated is not None
        store = self.annotated.annotations
        if value in store:
            text = shorten(store.text_of(store.get(value)), _ITEM_LIMIT)
            return tr("Show the mention “{text}” ({id}) in the text").format(text=text, id=value)
        if store.has_entity(value):
            name = store.entity(value).name
            if store.mentions(value):
                return tr("Show the entity “{name}” in the Entities panel and its first "
                          "mention in the text").format(name=name)
            return tr("Show the entity “{name}” in the Entities panel").format(name=name)
        return tr("Nothing to show: no annotation or entity has the id {id}").format(id=value)

    def _form_for(self, tag: Tag) -> _Form:
        """The form of ``tag``, built once per tag (and again when its definition
        changed): moving between commitments then only sets values."""
        form = self._forms.get(tag.id)
        if form is not None and form.tag == tag:
            return form
        if form is not None:
            if form is self._form:
                self._form = None
            form.hide()
            form.deleteLater()
        form = _Form(tag, self, self.body)
        form.hide()
        self.forms_layout.addWidget(form)
        self._forms[tag.id] = form
        return form

    # -- reference lists ---------------------------------------------------------------------
    def reference_row(self, value: str) -> Row | None:
        """How one value is shown: a lookup, no list."""
        if self.annotated is None or not value:
            return None
        store = self.annotated.annotations
        if value in store:
            return self._annotation_row(store.get(value))
        if store.has_entity(value):
            entity = store.entity(value)
            color = next((t.color for t in self.annotated.tagset
                          if t.accepts_entity(entity.kind)), "")
            return self._entity_row(entity, color)
        return Row(value, tr("{id} (missing)").format(id=value),
                   tr("No annotation or entity has the id {id}").format(id=value), "", MISSING_ROW)

    def _annotation_row(self, ann: Annotation) -> Row:
        assert self.annotated is not None
        text = (self.annotated.annotations.text_of(ann) if ann.more  # every range
                else self.annotated.document.text[ann.start:min(ann.end,
                                                                ann.start + 2 * _ITEM_LIMIT)])
        tagset = self.annotated.tagset
        tag = tagset[ann.tag] if ann.tag in tagset else None
        shown = quoted(shorten(text, _ITEM_LIMIT))
        return Row(ann.id, f"{shown} · {ann.id}",
                   f"{tag_label(tag) if tag else ann.tag} {ann.id}: {shown}",
                   tag.color if tag else "", ANNOTATION_ROW)

    def _entity_row(self, entity: Entity, color: str, mentions: int | None = None) -> Row:
        counted = "" if mentions is None else tr(", %Ln mention(s)", "", mentions)
        return Row(entity.id, entity.name,
                   f"{kind_label(entity.kind)} {entity.id}{counted}", color, ENTITY_ROW)

    def candidates_for(self, targets: tuple[str, ...]) -> Candidates:
        """Entities the targets may name (by name), then the annotations of the
        target tags not linked to an entity, in document order: all of them in a
        document of ordinary size, else the ``CANDIDATE_LIMIT`` nearest to the shown
        annotation (a donor is named near its commitment; ⌖ Pick reaches the rest).
        Found through the span index, not by a walk over the store, and kept until
        a change could alter it."""
        key = (targets, self._ann_id or "")
        cached = self._candidates.get(key)
        if cached is not None:
            return cached
        assert self.annotated is not None
        store = self.annotated.annotations
        tagset = self.annotated.tagset
        tags = [tagset[t] for t in targets if t in tagset] if targets else list(tagset)
        rows: list[Row] = []
        entities = [e for e in store.entities.values()
                    if any(t.accepts_entity(e.kind) for t in tags)]
        if entities:
            counts = store.mention_counts()
            entities.sort(key=lambda e: (fold(e.name), e.id))
            for entity in entities:
                color = next((t.color for t in tags if t.accepts_entity(entity.kind)), "")
                rows.append(self._entity_row(entity, color, counts.get(entity.id, 0)))
        nearest, more = self._nearest({t.id for t in tags})
        if rows and nearest:
            rows.append(_SEPARATOR)
        rows += [self._annotation_row(a) for a in nearest]
        if more:
            rows.append(Row("", tr("Only the %Ln nearest are listed: pick others in the text",
                                   "", len(nearest)), "", "", NOTE_ROW))
        where = {row.value: i for i, row in enumerate(rows)
                 if row.kind in (ENTITY_ROW, ANNOTATION_ROW)}
        cached = Candidates(rows, where)
        self._candidates[key] = cached
        return cached

    def _nearest(self, tag_ids: set[str]) -> tuple[list[Annotation], bool]:
        """Unlinked annotations of ``tag_ids`` nearest the shown one (document order),
        and whether there are more: windows around it, widened until enough are in."""
        assert self.annotated is not None
        store = self.annotated.annotations
        length = len(self.annotated.document.text)
        shown = self._shown()
        centre = shown.start if shown is not None else 0
        reach = _FIRST_REACH
        while True:
            low, high = max(0, centre - reach), min(length, centre + reach)
            found = [a for a in store.overlapping(low, high)
                     if a.tag in tag_ids and not a.entity]
            whole = low == 0 and high == length
            if whole or len(found) >= CANDIDATE_LIMIT:
                break
            reach *= 4
        if len(found) > CANDIDATE_LIMIT:
            found.sort(key=lambda a: abs(a.start - centre))
            del found[CANDIDATE_LIMIT:]
            found.sort(key=Annotation.sort_key)
            return found, True
        return found, not whole

    def _drop_candidates(self) -> None:
        self._candidates.clear()
        self._generation += 1

    def _affects_candidates(self, change: StoreChange) -> bool:
        """Whether ``change`` could alter a cached list: a look at the change only."""
        if change.entities_changed:
            return True
        tagset = self.annotated.tagset if self.annotated is not None else None
        tags: set[str] = set()
        for targets, _shown in self._candidates:
            tags.update(targets or (tagset.ids() if tagset is not None else ()))
        if any(a.tag in tags for a in change.added) or any(a.tag in tags
                                                          for a in change.removed):
            return True
        return any((old.tag in tags or new.tag in tags)
                   and (old.tag, old.entity, old.start, old.end)
                   != (new.tag, new.entity, new.start, new.end)
                   for old, new in change.updated)

    # -- following the store ---------------------------------------------------------------
    def _on_store_change(self, change: StoreChange) -> None:
        if change.tagset_changed:
            self.show_annotation(self._ann_id)  # the new tagset's form
            return
        if self._candidates and self._affects_candidates(change):
            self._drop_candidates()
        ann_id = self._ann_id
        if ann_id is None:
            return
        concerned = (change.entities_changed  # the header's entity, a reference's label
                     or any(new.id == ann_id for _old, new in change.updated)
                     or any(a.id == ann_id for a in _chain(change.removed, change.added)))
        if not concerned:
            return
        if self._shown() is None:  # deleted
            self._ann_id = None
            self.set_status("")
        self._refresh(keep_typing=True)

    # -- committing --------------------------------------------------------------------------
    def commit_value(self, name: str, value: str) -> None:
        """Make the edit setting ``name`` to ``value`` and ask for it to be applied;
        a value out of range is reported and the field shows the stored one again."""
        ann = self._shown()
        field = self._form.fields.get(name) if self._form is not None else None
        if ann is None or field is None:
            return
        if value == ann.attribute(name):
            field.show(value, keep_typing=False)
            return
        try:
            edit = edits.set_attributes(self.annotated, ann.id, {name: value})
        except AnnotationError as error:
            field.show(ann.attribute(name), keep_typing=False)
            self._report(error)
            return
        if isinstance(field, _LineField):
            field.line.setModified(False)  # so the store's answer may show its normal form
        self._emit(edit)

    def commit_entity(self, *, kind: str | None = None, type: str | None = None) -> None:
        """Ask for the edit that makes the shown mention's entity of ``kind`` or
        ``type`` (its kind changes its id; every mention and reference follows)."""
        ann = self._shown()
        if ann is None or not ann.entity or self.annotated is None:
            return
        if type is not None:
            type = "-".join(type.split())  # a TEI type is one word: "armed-forces"
        try:
            edit = edits.update_entity(self.annotated, ann.entity, kind=kind, type=type)
        except AnnotationError as error:
            self._report(error)
            self._refresh(keep_typing=False)  # the stored kind and type again
            return
        self.entity_box.type_editor.setModified(False)
        self._emit(edit)

    def revert_value(self, name: str) -> None:
        ann = self._shown()
        field = self._form.fields.get(name) if self._form is not None else None
        if ann is not None and field is not None:
            field.show(ann.attribute(name), keep_typing=False)
            self.set_status("")

    def _commit_note(self) -> None:
        ann = self._shown()
        if ann is None or not self.note.document().isModified():
            return
        text = self.note.toPlainText()
        try:
            edit = edits.set_note(self.annotated, ann.id, text)
        except AnnotationError as error:
            self._report(error)
            if error.message == _NOTHING_CHANGED:
                self.note.document().setModified(False)
            return
        self.note.document().setModified(False)
        self._emit(edit)

    def _revert_note(self) -> None:
        ann = self._shown()
        if ann is not None:
            self.note.setPlainText(ann.note)
            self.note.document().setModified(False)
            self.set_status("")

    def _commit_pending(self) -> None:
        """Commit what is typed in a field and not yet committed (the selection is
        about to change under it)."""
        if self._shown() is None or self._form is None:
            return
        focus = QApplication.focusWidget()
        for field in self._form.fields.values():
            if isinstance(field, _LineField) and field.line is focus:
                typed = field.pending()
                if typed is not None:
                    self.commit_value(field.name, typed)
        if focus is self.note:
            self._commit_note()

    def _emit(self, edit: Edit) -> None:
        self.set_status("")
        self.editRequested.emit(edit)

    def _report(self, error: AnnotationError) -> None:
        if error.message != _NOTHING_CHANGED:
            self.set_status(error_text(error.message))

    def set_status(self, message: str) -> None:
        self.status.setText(message)
        self.status.setVisible(bool(message))


def _chain(*groups: Iterable[Annotation]) -> Iterable[Annotation]:
    for group in groups:
        yield from group
