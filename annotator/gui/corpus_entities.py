"""The corpus part of the Entities tab: where the current entity is mentioned across the
corpus (document, annotator, mentions), and merge and split across documents.

The panel only shows and asks; the corpus controller does the work (``Corpus.
merge_entities`` / ``split_entity``, which rewrite the annotator's own files)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.i18n import tr
from annotator.model.entities import Entity

DOCUMENT, ANNOTATOR, MENTIONS = range(3)


class CorpusMentionsPanel(QWidget):
    """Where one entity is mentioned in the corpus, one row per document and annotator."""

    # A row was double-clicked or chosen with Enter: (document id, entity id).
    documentActivated = Signal(str, str)
    # Merge another entity of the register into the shown one: the shown entity's id.
    mergeRequested = Signal(str)
    # Split the chosen documents' mentions off to a new entity: (entity id, document ids).
    splitRequested = Signal(str, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("corpusMentions")
        self.entity: Entity | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.title = QLabel(self)
        self.title.setObjectName("corpusMentionsTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("corpusMentionsTree")
        self.tree.setHeaderLabels([tr("Document"), tr("Annotator"), tr("Mentions")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(DOCUMENT, Qt.SortOrder.AscendingOrder)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(DOCUMENT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ANNOTATOR, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MENTIONS, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.merge_button = QPushButton(tr("Merge Another Into This…"), self)
        self.merge_button.setObjectName("corpusMergeButton")
        self.merge_button.setToolTip(tr("Merge an entity of the corpus's register into this "
                                        "one, in every document you annotated"))
        self.split_button = QPushButton(tr("Split Off Documents…"), self)
        self.split_button.setObjectName("corpusSplitButton")
        self.split_button.setToolTip(tr("Move this entity's mentions in the selected "
                                        "documents to a new entity"))
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.split_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.merge_button.clicked.connect(self._on_merge)
        self.split_button.clicked.connect(self._on_split)
        self.show_mentions(None, [], {})

    def show_mentions(self, entity: Entity | None, mentions: list[tuple[str, str, int]],
                      titles: dict[str, str]) -> None:
        """Show where ``entity`` is mentioned: (document id, annotator, mentions) rows,
        documents named by ``titles``."""
        self.entity = entity
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        for doc_id, annotator, count in mentions:
            item = QTreeWidgetItem([titles.get(doc_id, doc_id), annotator, f"{count:,}"])
            item.setData(DOCUMENT, Qt.ItemDataRole.UserRole, doc_id)
            item.setToolTip(DOCUMENT, doc_id)
            item.setTextAlignment(MENTIONS, Qt.AlignmentFlag.AlignRight
                                  | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        self.tree.setSortingEnabled(True)
        if entity is None:
            self.title.setText(tr("In the corpus: choose an entity"))
        else:
            documents = len({d for d, _a, _n in mentions})
            total = sum(n for _d, _a, n in mentions)
            self.title.setText(tr("“%1” in the corpus: ").replace("%1", entity.name)
                               + tr("%Ln mention(s)", "", total) + " "
                               + tr("in %Ln document(s)", "", documents))
        self._update_buttons()

    def selected_documents(self) -> list[str]:
        return sorted({item.data(DOCUMENT, Qt.ItemDataRole.UserRole)
                       for item in self.tree.selectedItems()})

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(self.entity is not None)
        self.split_button.setEnabled(self.entity is not None and bool(self.selected_documents()))

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if self.entity is not None:
            self.documentActivated.emit(item.data(DOCUMENT, Qt.ItemDataRole.UserRole),
                                        self.entity.id)

    def _on_merge(self) -> None:
        if self.entity is not None:
            self.mergeRequested.emit(self.entity.id)

    def _on_split(self) -> None:
        if self.entity is not None and self.selected_documents():
            self.splitRequested.emit(self.entity.id, self.selected_documents())
