"""What the document is: its header (title, author, source, licence), its structure,
and the names its file already marks up, with the way to turn them into annotations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from html import escape
from operator import attrgetter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.gui import style
from annotator.gui.i18n import number, tag_label, tr
from annotator.gui.model_texts import note_text
from annotator.model import AnnotatedDocument
from annotator.model.markup import SUGGESTED_TAGS, markup_counts

# How the structure line names each kind of block and marker.
# (Each a call of tr with the count, so that lupdate gives them plural forms.)
_KIND_NAMES: dict[str, Callable[[int], str]] = {
    "heading": lambda n: tr("%Ln heading(s)", "", n),
    "title": lambda n: tr("%Ln title line(s)", "", n),
    "paragraph": lambda n: tr("%Ln paragraph(s)", "", n),
    "verse": lambda n: tr("%Ln verse line(s)", "", n),
    "speaker": lambda n: tr("%Ln speech(es)", "", n),
    "stage": lambda n: tr("%Ln stage direction(s)", "", n),
    "item": lambda n: tr("%Ln list item(s)", "", n),
    "cell": lambda n: tr("%Ln table cell(s)", "", n),
    "note": lambda n: tr("%Ln note paragraph(s)", "", n),
    "label": lambda n: tr("%Ln label(s)", "", n),
    # "line": a further line of an <ab>, or a line of a page (<sourceDoc>)
    "quote": lambda n: tr("%Ln quotation(s)", "", n),
    "line": lambda n: tr("%Ln line(s)", "", n),
}
_MARKER_NAMES: dict[str, Callable[[int], str]] = {
    "pb": lambda n: tr("%Ln page break(s)", "", n),
    "cb": lambda n: tr("%Ln column break(s)", "", n),
    "gap": lambda n: tr("%Ln gap(s)", "", n),
    "fw": lambda n: tr("%Ln running head(s)", "", n),
    "milestone": lambda n: tr("%Ln milestone(s)", "", n),
    "note": lambda n: tr("%Ln note(s)", "", n),
}


_KIND = attrgetter("kind")


def _counted(counts: Counter[str], names: dict[str, Callable[[int], str]]) -> list[str]:
    parts = []
    for key, named in names.items():
        if counts[key]:
            parts.append(named(counts[key]))
    return parts


def _shown_source(source: str) -> str:
    """The header's source as the window says it: the one that ``formats.plaintext``
    writes for a text file ("Plain-text file NAME", stored in English) translated."""
    prefix = "Plain-text file "
    if source.startswith(prefix):
        return tr("Plain-text file {name}").format(name=source.removeprefix(prefix))
    return source


class DocumentDock(QDockWidget):
    """The header of the open document and the markup its file already has."""

    # The user asked to turn the existing markup into annotations.
    annotateMarkupRequested = Signal()
    # The user switched the markup layer in the text on or off.
    markupVisibilityChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Document"), parent)
        self.setObjectName("documentDock")
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea
                             | Qt.DockWidgetArea.RightDockWidgetArea)
        body = QWidget(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields: dict[str, QLabel] = {}
        for key, label in (("title", tr("Title")), ("author", tr("Author")),
                           ("source", tr("Source")), ("licence", tr("Licence")),
                           ("language", tr("Language")), ("structure", tr("Structure")),
                           ("notes", tr("Notes"))):
            value = QLabel(body)
            value.setObjectName(f"document_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByMouse)
            value.setOpenExternalLinks(True)
            self.form.addRow(f"<b>{label}</b>", value)
            self.fields[key] = value
        self.markup_title = QLabel(tr("<b>Names the file already marks</b>"), body)
        self.markup_label = QLabel(body)
        self.markup_label.setObjectName("document_markup")
        self.markup_label.setWordWrap(True)
        self.show_markup_box = QCheckBox(tr("Show them in the text (dotted underline)"), body)
        self.show_markup_box.setChecked(True)
        self.show_markup_box.toggled.connect(self.markupVisibilityChanged)
        self.annotate_button = QPushButton(tr("Turn into Annotations…"), body)
        self.annotate_button.setObjectName("annotateMarkupButton")
        self.annotate_button.clicked.connect(self.annotateMarkupRequested)
        layout = QVBoxLayout(body)
        layout.addLayout(self.form)
        layout.addSpacing(8)
        for widget in (self.markup_title, self.markup_label, self.show_markup_box):
            layout.addWidget(widget)
        layout.addWidget(self.annotate_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.setWidget(scroll)
        # The document (and notes) the panel is to show once it is in view: behind
        # another tab of its dock area (as it starts) it is filled when raised, not
        # before the first screen of every document opened.
        self._pending: tuple[AnnotatedDocument | None, list[str] | None] | None = None
        self.visibilityChanged.connect(self._on_visibility_changed)
        self._fill(None, None)

    def set_document(self, annotated: AnnotatedDocument | None,
                     notes: list[str] | None = None) -> None:
        self._pending = (annotated, notes)
        if self.isVisible() and not self.visibleRegion().isEmpty():
            self._on_visibility_changed(True)

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible and self._pending is not None:
            pending, self._pending = self._pending, None
            self._fill(*pending)

    def _fill(self, annotated: AnnotatedDocument | None, notes: list[str] | None) -> None:
        document = annotated.document if annotated is not None else None
        meta = document.metadata if document is not None else None
        licence = meta.licence if meta is not None else ""
        if licence.startswith(("http://", "https://")):
            licence = f'<a href="{escape(licence)}">{escape(licence)}</a>'
        else:
            licence = escape(licence)
        values = {
            "title": escape(meta.title) if meta else tr("No document open"),
            "author": escape(meta.author) if meta else "",
            "source": escape(_shown_source(meta.source)) if meta else "",
            "licence": licence,
            "language": escape(meta.language) if meta else "",
            "structure": "",
            "notes": "<br>".join(escape(note_text(n)) for n in notes or []),
        }
        if document is not None:
            kinds = Counter(document.paragraphs.kinds())
            markers = Counter(map(_KIND, document.markers))
            parts = _counted(kinds, _KIND_NAMES) + _counted(markers, _MARKER_NAMES)
            values["structure"] = " · ".join(parts)
        # Rows shown or hidden before their texts change: showing a row lays the form
        # out at once, which measures the (word-wrapped) texts it holds then.
        for key, value in values.items():
            self.form.setRowVisible(self.fields[key], bool(value))
        for key, value in values.items():
            self.fields[key].setText(value)
        counts = markup_counts(document) if document is not None else Counter()
        has_markup = bool(counts)
        for widget in (self.markup_title, self.markup_label, self.show_markup_box,
                       self.annotate_button):
            widget.setVisible(has_markup)
        self.markup_label.setText(" · ".join(f"{number(n)} &lt;{name}&gt;"
                                             for name, n in counts.most_common()))


class MarkupDialog(QDialog):
    """Choose, per element the file marks names with, the tag its spans become."""

    def __init__(self, annotated: AnnotatedDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Turn Existing Markup into Annotations"))
        self.setObjectName("markupDialog")
        document = annotated.document
        counts = markup_counts(document)
        examples: dict[str, list[str]] = {}
        for markup in document.markup:
            seen = examples.setdefault(markup.element, [])
            text = " ".join(document.text[markup.start:markup.end].split())
            if len(seen) < 3 and text and text not in seen:
                seen.append(text)
        intro = QLabel(tr("The file already marks these names. Choose the tag each kind "
                          "becomes; spans already annotated with that tag are skipped. "
                          "One undo takes it all back."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(len(counts), 4, self)
        self.table.setObjectName("markupTable")
        self.table.setHorizontalHeaderLabels([tr("Element"), tr("Spans"), tr("For example"),
                                              tr("Becomes")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.combos: dict[str, QComboBox] = {}
        for row, (element, count) in enumerate(counts.most_common()):
            self.table.setItem(row, 0, QTableWidgetItem(f"<{element}>"))
            number_item = QTableWidgetItem(number(count))
            number_item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                         | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, number_item)
            self.table.setItem(row, 2, QTableWidgetItem(", ".join(examples.get(element, []))))
            combo = QComboBox(self.table)
            combo.addItem(tr("— leave as it is —"), "")
            for tag in annotated.tagset:
                combo.addItem(style.swatch_icon(tag.color), tag_label(tag), tag.id)
            suggested = SUGGESTED_TAGS.get(element, "")
            index = combo.findData(suggested) if suggested in annotated.tagset else 0
            combo.setCurrentIndex(max(index, 0))
            self.table.setCellWidget(row, 3, combo)
            self.combos[element] = combo
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Add Annotations"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 300)

    def mapping(self) -> dict[str, str]:
        """Element name -> tag id, for the elements given a tag."""
        return {element: combo.currentData() for element, combo in self.combos.items()
                if combo.currentData()}
