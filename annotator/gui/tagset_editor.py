"""The tagset editor: tags, their keys, colours and typed attributes.

``TagsetEditor`` works on a copy of a ``Tagset`` and changes it only through the
tagset's own methods, so every change the model refuses is refused here too, with
the model's message shown in the dialog. ``tagset()`` is the result.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator import files
from annotator.errors import AnnotationError, AnnotatorError
from annotator.gui import settings, style
from annotator.gui.dialogs import error_box
from annotator.gui.i18n import (
    attribute_description,
    attribute_label,
    choice_label,
    kind_label,
    tag_description,
    tag_label,
    tr,
)
from annotator.gui.model_texts import error_text
from annotator.model.attributes import KIND_LABELS as ATTRIBUTE_KIND_LABELS
from annotator.model.attributes import KINDS, AttributeDef, symbol_for, symbol_label
from annotator.model.entities import ENTITY_KINDS
from annotator.model.tagset import Tag, Tagset
from annotator.model.tagset import default_tagset as builtin_tagset

# Colours offered to new tags, in order: the first one that looks clearly unlike every
# tag's colour (``DISTINCT_ENOUGH`` apart, CIEDE2000), then hues around the wheel in a few
# saturations and lightnesses. That gives ten tags (the built-in three and seven more)
# colours this far apart; past that, the candidate farthest from its nearest.
PALETTE = ("#e76f51", "#457b9d", "#e9c46a", "#6a994e", "#d62828", "#9b5de5", "#00bbf9",
           "#f15bb5", "#8d6e63", "#264653")
MORE_COLOURS = tuple(QColor.fromHsl(hue, saturation, lightness).name()
                     for saturation, lightnesses in ((170, (120, 80, 165)), (100, (90, 150)),
                                                     (230, (120, 170)))
                     for lightness in lightnesses for hue in range(0, 360, 15))
DISTINCT_ENOUGH = 25.0
# Keys offered to new tags: the first free one after every digit key in use, so the
# toolbar's keys count up in its order.
NEW_TAG_KEYS = "123456789"
ELEMENTS = (("rs", QT_TRANSLATE_NOOP("", "rs – a name or reference")),
            ("seg", QT_TRANSLATE_NOOP("", "seg – a segment (e.g. a clause)")))
# The kinds of attribute (model.attributes.KIND_LABELS) as the window names them.
_KIND_NAMES = {"text": QT_TRANSLATE_NOOP("", "Text"), "number": QT_TRANSLATE_NOOP("", "Number"),
               "date": QT_TRANSLATE_NOOP("", "Date"), "choice": QT_TRANSLATE_NOOP("", "Choice"),
               "boolean": QT_TRANSLATE_NOOP("", "Yes/no"),
               "reference": QT_TRANSLATE_NOOP("", "Reference")}
ERROR_STYLE = "color: #b00020;"
INFO_STYLE = "color: #2e7d32;"
FILE_FILTERS = QT_TRANSLATE_NOOP("", "Tagsets (*.xml *.json);;TEI files written by Annotator "
                                     "(*.xml);;JSON tagsets (*.json);;All files (*)")


def tag_id_for(label: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A tag id made from ``label`` ("Air defence" → ``air-defence``), not in ``taken``."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower() or "tag"
    if not base[0].isalpha():
        base = f"tag-{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _annotations(n: int) -> str:
    return tr("%Ln annotation(s)", "", n)


def _button(text: str, name: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    if tip:
        button.setToolTip(tip)
    return button


def _message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class _KeyEdit(QLineEdit):
    """A one-character field whose character is selected on entry, so typing replaces it."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.selectAll()


class AttributeDialog(QDialog):
    """Define one attribute: its name, label, kind, choices or targets, description.

    ``apply`` receives the definition when OK is pressed and raises
    ``AnnotationError`` to refuse it; the dialog then stays open with the message.
    """

    def __init__(self, tags: list[Tag], definition: AttributeDef | None,
                 apply: Callable[[AttributeDef], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attributeDialog")
        self.setWindowTitle(tr("Edit Attribute") if definition else tr("New Attribute"))
        self._apply = apply
        self._original = definition
        self._name_typed = definition is not None  # a new name follows the label until typed
        self.name_edit = QLineEdit(definition.name if definition else "", self)
        self.name_edit.setObjectName("attributeName")
        self.name_edit.setToolTip(tr("The identifier saved in the file (letters, digits and _, "
                                     "starting with a letter, e.g. reportedBy)"))
        self.label_edit = QLineEdit(attribute_label(None, definition) if definition else "",
                                    self)
        self.label_edit.setObjectName("attributeLabel")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("attributeKind")
        for kind in KINDS:
            self.kind_combo.addItem(tr(_KIND_NAMES.get(kind, ATTRIBUTE_KIND_LABELS[kind])), kind)
        self.kind_combo.setCurrentIndex(KINDS.index(definition.kind) if definition else 0)
        self.choices_edit = QPlainTextEdit(self)
        self.choices_edit.setObjectName("attributeChoices")
        self.choices_edit.setPlaceholderText(tr("one choice per line"))
        self.choices_edit.setTabChangesFocus(True)
        if definition is not None and definition.kind == "choice":
            self.choices_edit.setPlainText("\n".join(
                choice_label(definition, symbol, label)
                for symbol, label in zip(definition.choices, definition.labels(), strict=True)))
        self.targets_list = QListWidget(self)
        self.targets_list.setObjectName("attributeTargets")
        self.targets_list.setToolTip(tr("The tags whose annotations a value may point to; "
                                        "none checked: any annotation"))
        for tag in tags:
            item = QListWidgetItem(style.swatch_icon(tag.color, 12), tag_label(tag))
            item.setData(Qt.ItemDataRole.UserRole, tag.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = definition is not None and tag.id in definition.targets
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.targets_list.addItem(item)
        self.targets_list.setMaximumHeight(120)
        self.description_edit = QLineEdit(
            attribute_description(None, definition) if definition else "", self)
        self.description_edit.setObjectName("attributeDescription")
        self.message = _message_label("attributeMessage")
        self.form = QFormLayout()
        self.form.addRow(tr("&Label:"), self.label_edit)
        self.form.addRow(tr("&Name:"), self.name_edit)
        self.form.addRow(tr("&Kind:"), self.kind_combo)
        self.form.addRow(tr("&Choices:"), self.choices_edit)
        self.form.addRow(tr("&Refers to:"), self.targets_list)
        self.form.addRow(tr("&Description:"), self.description_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.label_edit.textEdited.connect(self._label_edited)
        self.name_edit.textEdited.connect(self._name_edited)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.resize(440, self.sizeHint().height())
        self.label_edit.setFocus()

    def _label_edited(self, text: str) -> None:
        if not self._name_typed:
            self.name_edit.setText(symbol_for(text))

    def _name_edited(self, _text: str) -> None:
        self._name_typed = True

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def _kind_changed(self) -> None:
        self.form.setRowVisible(self.choices_edit, self.kind() == "choice")
        self.form.setRowVisible(self.targets_list, self.kind() == "reference")
        self.adjustSize()

    def _choices(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Symbols and labels of the choices typed; unchanged labels keep their symbols."""
        known: dict[str, str] = {}
        shown: dict[str, str] = {}
        if self._original is not None and self._original.kind == "choice":
            known = dict(zip(self._original.labels(), self._original.choices, strict=True))
            known.update({c: c for c in self._original.choices})
            # As the field showed them: a built-in attribute's choices in the window's
            # language, which keep their symbols and saved labels unless changed.
            shown = {choice_label(self._original, symbol, label): label for symbol, label
                     in zip(self._original.choices, self._original.labels(), strict=True)}
            known.update({s: known[saved] for s, saved in shown.items()})
        symbols, labels = [], []
        for line in self.choices_edit.toPlainText().splitlines():
            label = line.strip()
            if not label:
                continue
            label = shown.get(label, label)
            symbol = known.get(label) or symbol_for(label)
            if not symbol:
                raise AnnotationError(f"choice {label!r} needs at least one letter or digit")
            symbols.append(symbol)
            labels.append(symbol_label(symbol) if label == symbol else label)
        return tuple(symbols), tuple(labels)

    def definition(self) -> AttributeDef:
        """The attribute as the fields define it; ``AnnotationError`` if they do not."""
        kind = self.kind()
        label = self.label_edit.text().strip()
        description = self.description_edit.text().strip()
        if self._original is not None:  # shown in the window's language: kept as saved
            if label == attribute_label(None, self._original):
                label = self._original.label
            if description == attribute_description(None, self._original):
                description = self._original.description
        name = self.name_edit.text().strip()
        if not name:
            raise AnnotationError("the attribute needs a name (letters, digits and _)")
        symbols, labels = self._choices() if kind == "choice" else ((), ())
        targets: tuple[str, ...] = ()
        if kind == "reference":
            items = (self.targets_list.item(i) for i in range(self.targets_list.count()))
            targets = tuple(str(item.data(Qt.ItemDataRole.UserRole)) for item in items
                            if item.checkState() == Qt.CheckState.Checked)
        return AttributeDef(name, label, kind, symbols, targets, description, labels)

    def accept(self) -> None:
        try:
            self._apply(self.definition())
        except AnnotationError as error:
            self.message.setText(error_text(error.message))
            self.message.show()
            return
        super().accept()


class TagsetEditor(QDialog):
    """Edit a copy of a tagset; ``tagset()`` is the result once the dialog is accepted.

    ``counts`` (annotations per tag id) makes the editor ask before removing a tag
    that annotations use.
    """

    def __init__(self, tagset: Tagset, counts: Mapping[str, int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagsetEditor")
        self.setWindowTitle(tr("Edit Tagset"))
        self._tagset = tagset.copy()
        self._counts = {k: int(v) for k, v in (counts or {}).items()}
        self._original_ids = frozenset(tagset.ids())
        self._fresh: set[str] = set()  # tags added here: their id still follows the label
        self._current: str | None = None
        self._loading = False
        # Whether the last change tried since Return was pressed in a field was refused:
        # then Return leaves the dialog open on the message.
        self._refused = False

        # -- left: the tags ------------------------------------------------------------
        self.tag_list = QTreeWidget(self)
        self.tag_list.setObjectName("tagList")
        self.tag_list.setHeaderLabels([tr("Tag"), tr("Key")])
        self.tag_list.setRootIsDecorated(False)
        self.tag_list.setUniformRowHeights(True)
        self.tag_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tag_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.add_tag_button = _button(tr("&Add"), "addTagButton", tr("Add a new tag"))
        self.remove_tag_button = _button(tr("Remove"), "removeTagButton",
                                         tr("Remove the selected tag (and its annotations)"))
        self.tag_up_button = _button("↑", "tagUpButton", tr("Move the tag up"))
        self.tag_down_button = _button("↓", "tagDownButton", tr("Move the tag down"))
        for button in (self.tag_up_button, self.tag_down_button):
            button.setFixedWidth(button.sizeHint().height() + 8)
        tag_buttons = QHBoxLayout()
        for button in (self.add_tag_button, self.remove_tag_button):
            tag_buttons.addWidget(button)
        tag_buttons.addStretch(1)
        tag_buttons.addWidget(self.tag_up_button)
        tag_buttons.addWidget(self.tag_down_button)
        left = QVBoxLayout()
        left.addWidget(self.tag_list, 1)
        left.addLayout(tag_buttons)

        # -- right: the selected tag ------------------------------------------------------
        self.id_label = QLabel(self)
        self.id_label.setObjectName("tagId")
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.id_label.setToolTip(tr("The tag's identifier in the TEI file; it never changes "
                                    "once the tag is saved"))
        self.label_edit = QLineEdit(self)
        self.label_edit.setObjectName("labelEdit")
        self.colour_button = _button("", "colourButton", tr("Choose the tag's colour"))
        self.key_edit = _KeyEdit(self)
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setMaxLength(1)
        self.key_edit.setFixedWidth(self.key_edit.fontMetrics().horizontalAdvance("MM") + 16)
        self.key_edit.setToolTip(tr("The key that tags a selection with this tag (one "
                                    "character; empty for none)"))
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit)
        key_row.addWidget(QLabel(tr("one character; empty for none"), self))
        key_row.addStretch(1)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_button)
        colour_row.addStretch(1)
        colour_label = QLabel(tr("C&olour:"), self)
        colour_label.setBuddy(self.colour_button)
        key_label = QLabel(tr("&Key:"), self)
        key_label.setBuddy(self.key_edit)
        self.description_edit = QLineEdit(self)
        self.description_edit.setObjectName("descriptionEdit")
        self.element_combo = QComboBox(self)
        self.element_combo.setObjectName("elementCombo")
        self.element_combo.setToolTip(tr("The element that the inline TEI export wraps this "
                                         "tag's annotations in"))
        for element, text in ELEMENTS:
            self.element_combo.addItem(tr(text), element)
        self.entity_combo = QComboBox(self)
        self.entity_combo.setObjectName("entityCombo")
        self.entity_combo.setToolTip(tr("The list of entities (persons, organisations …) "
                                        "this tag's mentions are linked to"))
        self.entity_combo.addItem(tr("None"), "")
        for kind in ENTITY_KINDS:
            self.entity_combo.addItem(kind_label(kind), kind)
        self.event_box = QCheckBox(tr("Its annotations are events (commitments)"), self)
        self.event_box.setObjectName("eventBox")
        self.event_box.setToolTip(tr("Exported as TEI events and as rows of the commitments "
                                     "table"))
        form = QFormLayout()
        form.addRow(tr("&Label:"), self.label_edit)
        form.addRow(tr("Id:"), self.id_label)
        form.addRow(colour_label, colour_row)
        form.addRow(key_label, key_row)
        form.addRow(tr("&Description:"), self.description_edit)
        form.addRow(tr("Inline &element:"), self.element_combo)
        form.addRow(tr("Links to e&ntities:"), self.entity_combo)
        form.addRow("", self.event_box)
        self.tag_box = QGroupBox(tr("Tag"), self)
        self.tag_box.setLayout(form)

        self.attribute_table = QTableWidget(0, 4, self)
        self.attribute_table.setObjectName("attributeTable")
        self.attribute_table.setHorizontalHeaderLabels([tr("Name"), tr("Label"), tr("Kind"),
                                                        tr("Choices / refers to")])
        self.attribute_table.verticalHeader().setVisible(False)
        self.attribute_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attribute_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attribute_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.attribute_table.setWordWrap(False)
        heads = self.attribute_table.horizontalHeader()
        for column in range(3):
            heads.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        heads.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.attribute_table.verticalHeader().setDefaultSectionSize(
            self.attribute_table.fontMetrics().height() + 6)
        self.add_attribute_button = _button(tr("Add…"), "addAttributeButton",
                                            tr("Add an attribute"))
        self.edit_attribute_button = _button(tr("Edit…"), "editAttributeButton",
                                             tr("Change the selected attribute"))
        self.remove_attribute_button = _button(tr("Remove"), "removeAttributeButton",
                                               tr("Remove the selected attribute and its values"))
        self.attribute_up_button = _button("↑", "attributeUpButton", tr("Move the attribute up"))
        self.attribute_down_button = _button("↓", "attributeDownButton",
                                             tr("Move the attribute down"))
        for button in (self.attribute_up_button, self.attribute_down_button):
            button.setFixedWidth(button.sizeHint().height() + 8)
        attribute_buttons = QHBoxLayout()
        for button in (self.add_attribute_button, self.edit_attribute_button,
                       self.remove_attribute_button):
            attribute_buttons.addWidget(button)
        attribute_buttons.addStretch(1)
        attribute_buttons.addWidget(self.attribute_up_button)
        attribute_buttons.addWidget(self.attribute_down_button)
        attributes = QVBoxLayout()
        attributes.addWidget(self.attribute_table, 1)
        attributes.addLayout(attribute_buttons)
        self.attribute_box = QGroupBox(tr("Attributes"), self)
        self.attribute_box.setLayout(attributes)

        right = QVBoxLayout()
        right.addWidget(self.tag_box)
        right.addWidget(self.attribute_box, 1)

        # -- bottom: the message and the buttons -----------------------------------------
        self.message = _message_label("editorMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.save_default_button = _button(tr("Save as &Default"), "saveDefaultButton",
                                           tr("Use this tagset for new documents"))
        self.reset_button = _button(tr("&Reset to Built-in"), "resetButton",
                                    tr("Replace the tags by Annotator's own: actor, weapon, "
                                       "commitment"))
        self.load_button = _button(tr("Load from &File…"), "loadButton",
                                   tr("Use the tagset of a TEI file written by Annotator, or "
                                      "of an exported JSON tagset"))
        self.export_button = _button(tr("E&xport…"), "exportButton",
                                     tr("Save this tagset as a JSON file"))
        bottom = QHBoxLayout()
        for button in (self.load_button, self.export_button, self.save_default_button,
                       self.reset_button):
            button.setAutoDefault(False)
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        main = QHBoxLayout()
        main.addLayout(left, 1)
        main.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(main, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        self.tag_list.currentItemChanged.connect(self._tag_selected)
        self.add_tag_button.clicked.connect(self.add_tag)
        self.remove_tag_button.clicked.connect(self.remove_tag)
        self.tag_up_button.clicked.connect(lambda: self._move_tag(-1))
        self.tag_down_button.clicked.connect(lambda: self._move_tag(1))
        self.label_edit.editingFinished.connect(self._label_finished)
        self.colour_button.clicked.connect(self.choose_colour)
        self.key_edit.textEdited.connect(self._key_edited)
        self.description_edit.editingFinished.connect(self._description_finished)
        for edit in (self.label_edit, self.key_edit, self.description_edit):
            # Emitted before the field commits its text (editingFinished).
            edit.returnPressed.connect(self._return_pressed)
        self.element_combo.activated.connect(self._element_chosen)
        self.entity_combo.activated.connect(self._entity_chosen)
        self.event_box.clicked.connect(self._event_clicked)
        self.attribute_table.itemSelectionChanged.connect(self._update_buttons)
        self.attribute_table.itemDoubleClicked.connect(lambda _item: self.edit_attribute())
        self.add_attribute_button.clicked.connect(self.add_attribute)
        self.edit_attribute_button.clicked.connect(self.edit_attribute)
        self.remove_attribute_button.clicked.connect(self.remove_attribute)
        self.attribute_up_button.clicked.connect(lambda: self._move_attribute(-1))
        self.attribute_down_button.clicked.connect(lambda: self._move_attribute(1))
        self.save_default_button.clicked.connect(self.save_as_default)
        self.reset_button.clicked.connect(self.reset_to_builtin)
        self.load_button.clicked.connect(self.choose_file)
        self.export_button.clicked.connect(self.choose_export_file)

        self._fill_list()
        if len(self._tagset):
            self.select_tag(self._tagset.ids()[0])
        self.resize(960, 720)

    # -- the result ------------------------------------------------------------------------
    def tagset(self) -> Tagset:
        """The edited tagset (a copy: the one passed in is never changed)."""
        return self._tagset.copy()

    def current_tag(self) -> Tag | None:
        return self._tagset[self._current] if self._current in self._tagset else None

    def select_tag(self, tag_id: str) -> None:
        for row in range(self.tag_list.topLevelItemCount()):
            item = self.tag_list.topLevelItem(row)
            if item.data(0, Qt.ItemDataRole.UserRole) == tag_id:
                self.tag_list.setCurrentItem(item)
                return

    def message_text(self) -> str:
        """What the dialog says under the tags ("" when it says nothing)."""
        return self.message.text() if not self.message.isHidden() else ""

    # -- showing ---------------------------------------------------------------------------
    def _say(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _fill_list(self) -> None:
        self._loading = True
        try:
            self.tag_list.clear()
            current = None
            for tag in self._tagset:
                item = QTreeWidgetItem([tag_label(tag), tag.key])
                item.setIcon(0, style.swatch_icon(tag.color))
                item.setData(0, Qt.ItemDataRole.UserRole, tag.id)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
                tip = tag_description(tag) or tag_label(tag)
                item.setToolTip(0, f"{tip}\n{_annotations(self._counts.get(tag.id, 0))}")
                self.tag_list.addTopLevelItem(item)
                if tag.id == self._current:
                    current = item
            if current is not None:
                self.tag_list.setCurrentItem(current)
        finally:
            self._loading = False
        if self._current not in self._tagset:
            self._current = None
            first = self.tag_list.topLevelItem(0)
            if first is not None:
                self.tag_list.setCurrentItem(first)
        self._show_tag()

    def _tag_selected(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if self._loading:
            return
        self._current = str(item.data(0, Qt.ItemDataRole.UserRole)) if item else None
        self._show_tag()

    def _show_tag(self) -> None:
        tag = self.current_tag()
        self.tag_box.setEnabled(tag is not None)
        self.attribute_box.setEnabled(tag is not None)
        self._loading = True
        try:
            self.label_edit.setText(tag_label(tag) if tag else "")
            self.id_label.setText(tag.id if tag else "")
            color = tag.color if tag else "#ffffff"
            self.colour_button.setIcon(style.swatch_icon(color))
            self.colour_button.setText(color if tag else "")
            self.key_edit.setText(tag.key if tag else "")
            self.description_edit.setText(tag_description(tag) if tag else "")
            self.description_edit.setCursorPosition(0)
            self.element_combo.setCurrentIndex(
                [e for e, _ in ELEMENTS].index(tag.element) if tag else 0)
            self.entity_combo.setCurrentIndex(self.entity_combo.findData(tag.entity if tag
                                                                         else ""))
            self.event_box.setChecked(bool(tag and tag.event))
            self._fill_attributes(tag)
        finally:
            self._loading = False
        self._update_buttons()

    def _fill_attributes(self, tag: Tag | None, select: str | None = None) -> None:
        selected = select or self._current_attribute_name()
        table = self.attribute_table
        attrs = tag.attributes if tag else ()
        table.setRowCount(len(attrs))
        for row, attr in enumerate(attrs):
            if attr.kind == "choice":
                detail = ", ".join(attr.labels())
            elif attr.kind == "reference":
                names = [tag_label(self._tagset[t]) if t in self._tagset else t
                         for t in attr.targets]
                detail = "→ " + (", ".join(names) if names else tr("any annotation"))
            else:
                detail = ""
            shown = attribute_label(tag.id if tag else None, attr)
            cells = (attr.name, shown,
                     tr(_KIND_NAMES.get(attr.kind, ATTRIBUTE_KIND_LABELS[attr.kind])), detail)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip("\n".join(x for x in (attribute_description(
                    tag.id if tag else None, attr) or shown,
                                                        detail) if x))
                item.setData(Qt.ItemDataRole.UserRole, attr.name)
                table.setItem(row, column, item)
            if attr.name == selected:
                table.selectRow(row)
        if tag is None or tag.attribute(selected or "") is None:
            table.clearSelection()

    def _current_attribute_name(self) -> str | None:
        rows = self.attribute_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.attribute_table.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _update_buttons(self) -> None:
        tag = self.current_tag()
        index = self._tagset.ids().index(tag.id) if tag else -1
        self.remove_tag_button.setEnabled(tag is not None)
        self.tag_up_button.setEnabled(index > 0)
        self.tag_down_button.setEnabled(0 <= index < len(self._tagset) - 1)
        name = self._current_attribute_name()
        names = [a.name for a in tag.attributes] if tag else []
        row = names.index(name) if name in names else -1
        self.edit_attribute_button.setEnabled(row >= 0)
        self.remove_attribute_button.setEnabled(row >= 0)
        self.attribute_up_button.setEnabled(row > 0)
        self.attribute_down_button.setEnabled(0 <= row < len(names) - 1)

    # -- changing: always through the tagset's methods -------------------------------------
    def _apply(self, change: Callable[[], object]) -> bool:
        """Make a change; a refusal is shown in the dialog and the fields are restored."""
        try:
            change()
        except AnnotationError as error:
            self._refused = True
            self._say(error_text(error.message))
            self._show_tag()
            return False
        self._refused = False
        self._say("")
        self._fill_list()
        return True

    def _replace_current(self, **fields: object) -> bool:
        tag = self.current_tag()
        if tag is None:
            return False
        return self._apply(lambda: self._tagset.replace(
            tag.id, dataclasses.replace(tag, **fields)))  # type: ignore[arg-type]

    def _taken_ids(self, but: str = "") -> set[str]:
        # Ids of removed tags are not given again: their annotations are not the new tag's.
        return (set(self._tagset.ids()) | set(self._original_ids)) - {but}

    def add_tag(self) -> None:
        """A new tag at the end (where its key falls in the toolbar's order), in a colour
        unlike the others, selected, its label ready to be typed."""
        color = style.most_distinct_colour(PALETTE + MORE_COLOURS,
                                           (t.color for t in self._tagset), DISTINCT_ENOUGH)
        used = [NEW_TAG_KEYS.index(t.key) for t in self._tagset if t.key in NEW_TAG_KEYS]
        after = max(used, default=-1) + 1
        key = next((k for k in NEW_TAG_KEYS[after:] + NEW_TAG_KEYS[:after]
                    if self._tagset.by_key(k) is None), "")
        label = tr("New tag")
        tag = Tag(tag_id_for(label, self._taken_ids()), label, color, key)

        def change() -> None:
            self._tagset.add(tag)
            self._fresh.add(tag.id)
            self._current = tag.id

        if self._apply(change):
            self.label_edit.setFocus()
            self.label_edit.selectAll()

    def remove_tag(self) -> None:
        tag = self.current_tag()
        if tag is None:
            return
        if len(self._tagset) == 1:
            self._say(tr("A tagset needs at least one tag; add another before removing this one"))
            return
        try:
            self._tagset.copy().remove(tag.id)  # refused while another tag refers to it
        except AnnotationError as error:
            self._say(error_text(error.message))
            return
        used = self._counts.get(tag.id, 0)
        if used and QMessageBox.question(
                self, tr("Remove Tag"),
                tr("Removing {tag} deletes its {count}.\n\nRemove the tag?").format(
                    tag=tag_label(tag), count=_annotations(used)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        index = self._tagset.ids().index(tag.id)

        def change() -> None:
            self._tagset.remove(tag.id)
            self._fresh.discard(tag.id)
            ids = self._tagset.ids()
            self._current = ids[min(index, len(ids) - 1)] if ids else None

        self._apply(change)

    def _move_tag(self, step: int) -> None:
        tag = self.current_tag()
        if tag is not None:
            index = self._tagset.ids().index(tag.id) + step
            self._apply(lambda: self._tagset.move(tag.id, max(0, index)))

    def _label_finished(self) -> None:
        tag = self.current_tag()
        label = self.label_edit.text()
        if self._loading or tag is None or label in (tag.label, tag_label(tag)):
            return
        self.rename_tag(tag.id, label)

    def rename_tag(self, tag_id: str, label: str) -> bool:
        """Change a tag's label; a tag added in this dialog also gets an id from it."""
        def change() -> None:
            if tag_id in self._fresh and label.strip():
                new_id = tag_id_for(label.strip(), self._taken_ids(but=tag_id))
                if new_id != tag_id:
                    probe = self._tagset.copy()
                    index = probe.ids().index(tag_id)
                    try:
                        probe.remove(tag_id)  # refused if another tag's attribute targets it
                    except AnnotationError:
                        pass
                    else:
                        probe.add(dataclasses.replace(self._tagset[tag_id], id=new_id,
                                                      label=label.strip()))
                        probe.move(new_id, index)
                        self._tagset = probe
                        self._fresh = (self._fresh - {tag_id}) | {new_id}
                        self._current = new_id if self._current == tag_id else self._current
                        return
            self._tagset.rename(tag_id, label)

        return self._apply(change)

    def choose_colour(self) -> None:
        tag = self.current_tag()
        if tag is None:
            return
        color = QColorDialog.getColor(QColor(tag.color), self,
                                      tr("Colour of {tag}").format(tag=tag_label(tag)))
        if color.isValid():
            self.set_colour(color.name())

    def set_colour(self, color: str) -> bool:
        """Recolour the selected tag (``#rrggbb``)."""
        tag = self.current_tag()
        return tag is not None and self._apply(lambda: self._tagset.recolour(tag.id, color))

    def _key_edited(self, text: str) -> None:
        tag = self.current_tag()
        if self._loading or tag is None:
            return
        key = text.strip()
        if key == tag.key:
            return
        if self._apply(lambda: self._tagset.set_key(tag.id, key)):
            return
        # Refused (the key is another tag's): the field shows the tag's key again.
        self.key_edit.selectAll()

    def _description_finished(self) -> None:
        tag = self.current_tag()
        text = self.description_edit.text().strip()
        if not self._loading and tag is not None \
                and text not in (tag.description, tag_description(tag)):
            self._replace_current(description=text)

    def _element_chosen(self, index: int) -> None:
        if not self._loading:
            self._replace_current(element=str(self.element_combo.itemData(index)))

    def _entity_chosen(self, index: int) -> None:
        if not self._loading:
            self._replace_current(entity=str(self.entity_combo.itemData(index) or ""))

    def _event_clicked(self, checked: bool) -> None:
        if not self._loading:
            self._replace_current(event=bool(checked))

    # -- attributes --------------------------------------------------------------------------
    def attribute_dialog(self, definition: AttributeDef | None = None) -> AttributeDialog:
        """The dialog that adds an attribute to the selected tag (``definition`` None)
        or changes ``definition``; pressing its OK makes the change, or shows why not."""
        tag = self.current_tag()
        assert tag is not None
        names = [a.name for a in tag.attributes]
        selected = self._current_attribute_name()
        index = names.index(selected) + 1 if selected in names else None

        def apply(new: AttributeDef) -> None:
            if definition is None:
                self._tagset.add_attribute(tag.id, new, index)
            else:
                self._tagset.replace_attribute(tag.id, definition.name, new)
            self._say("")
            self._fill_list()
            self._fill_attributes(self.current_tag(), select=new.name)
            self._update_buttons()

        return AttributeDialog(list(self._tagset), definition, apply, self)

    def add_attribute(self) -> None:
        if self.current_tag() is not None:
            self.attribute_dialog().exec()

    def edit_attribute(self) -> None:
        tag = self.current_tag()
        name = self._current_attribute_name()
        definition = tag.attribute(name) if tag and name else None
        if definition is not None:
            self.attribute_dialog(definition).exec()

    def remove_attribute(self) -> None:
        tag = self.current_tag()
        name = self._current_attribute_name()
        if tag is not None and name is not None:
            self._apply(lambda: self._tagset.remove_attribute(tag.id, name))

    def _move_attribute(self, step: int) -> None:
        tag = self.current_tag()
        name = self._current_attribute_name()
        if tag is None or name is None:
            return
        attrs = list(tag.attributes)
        index = [a.name for a in attrs].index(name)
        target = index + step
        if not 0 <= target < len(attrs):
            return
        attrs.insert(target, attrs.pop(index))
        if self._replace_current(attributes=tuple(attrs)):
            self._fill_attributes(self.current_tag(), select=name)
            self._update_buttons()

    # -- whole tagsets -----------------------------------------------------------------------
    def save_as_default(self) -> None:
        """Make the tagset as edited so far the one new documents get."""
        settings.set_default_tagset(self._tagset)
        self._say(tr("Saved as the tagset for new documents"), error=False)

    def reset_to_builtin(self) -> bool:
        return self.replace_tagset(builtin_tagset(), tr("the built-in tagset"))

    def choose_file(self) -> None:
        recent = settings.recent_files()
        folder = str(Path(recent[0]).parent) if recent else ""
        path, _ = QFileDialog.getOpenFileName(self, tr("Load Tagset from File"), folder,
                                              tr(FILE_FILTERS))
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        """Use the tagset of ``path``; a file that has none is reported in a message box."""
        try:
            tagset = files.load_tagset(path)
        except AnnotatorError as error:
            self._warn(tr("Could not load a tagset from {name}").format(name=Path(path).name),
                       error)
            return False
        return self.replace_tagset(tagset, Path(path).name)

    def choose_export_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export Tagset"), "tagset.json",
                                              tr("JSON tagsets (*.json)"))
        if path:
            self.export_file(path if Path(path).suffix else f"{path}.json")

    def export_file(self, path: str | Path) -> bool:
        try:
            files.save_tagset(self._tagset, path)
        except AnnotatorError as error:
            self._warn(tr("Could not export the tagset"), error)
            return False
        self._say(tr("Exported to {name}").format(name=Path(path).name), error=False)
        return True

    def replace_tagset(self, tagset: Tagset, where: str) -> bool:
        """Put ``tagset`` in the place of the one being edited, after asking if that
        deletes annotations (of tags it lacks)."""
        lost = [t for t in self._tagset if self._counts.get(t.id, 0) and t.id not in tagset]
        if lost:
            listed = ", ".join(f"{tag_label(t)} ({_annotations(self._counts[t.id])})"
                               for t in lost)
            total = sum(self._counts[t.id] for t in lost)
            answer = QMessageBox.question(
                self, tr("Replace Tagset"),
                tr("The tags from {where} lack {listed}: using them deletes {count}.\n\n"
                   "Use them anyway?").format(where=where, listed=listed,
                                              count=_annotations(total)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False

        def change() -> None:
            self._tagset = tagset.copy()
            self._fresh = set()
            if self._current not in self._tagset:
                self._current = self._tagset.ids()[0] if len(self._tagset) else None

        if not self._apply(change):
            return False
        self._say(tr("Tags from {where}").format(where=where), error=False)
        return True

    def _warn(self, title: str, error: AnnotatorError) -> None:
        box = error_box(self, title, error)
        box.setIcon(QMessageBox.Icon.Warning)
        box.exec()

    # -- keys ----------------------------------------------------------------------------------
    def _return_pressed(self) -> None:
        self._refused = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Return in a field presses OK, as in any dialog, once the field has committed its
        # text (editingFinished comes first); a text the tagset refused keeps the dialog
        # open on the message saying why.
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and isinstance(self.focusWidget(), QLineEdit)):
            event.accept()
            if not self._refused:
                self.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            return
        super().keyPressEvent(event)


__all__ = ["AttributeDialog", "TagsetEditor", "tag_id_for"]
