"""Corpus ▸ Agreement…: how far the corpus's annotators agree, and where they do not.

The measures (``annotator.team.agreement``, docs/team.md) in a table per tag and
overall, for the whole corpus or one document; the commitments' fields; and every
disagreement of two annotators (document, text, what each said), which opens the
document at that place when clicked or on Enter. The computation runs on a worker
through the corpus controller; this window only shows a report and asks for another
when the choice of annotators changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.i18n import attribute_label, choice_label, locale, tag_label, tr
from annotator.model.tagset import Tagset
from annotator.team.agreement import (
    NOT_SET,
    AgreementReport,
    Disagreement,
    Measures,
    Unit,
    commitment_fields,
)

MEASURE_COLUMNS = 6
WHOLE_CORPUS = ""


def _figure(value: float | None) -> str:
    """A measure as the locale writes it, three decimals; "–" when it is undefined."""
    return "–" if value is None else locale().toString(value, "f", 3)


class _Table(QTableWidget):
    """A read-only table whose rows are chosen whole; Enter activates the row."""

    rowActivated = Signal(int)

    def __init__(self, headers: list[str], parent: QWidget, stretch: int = 0) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.rowActivated.emit(self.currentRow())
            return
        super().keyPressEvent(event)

    def fill(self, rows: list[list[str]], numeric_from: int = 1) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c >= numeric_from:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)


class AgreementDialog(QDialog):
    """The agreement of a corpus's annotators (a window beside the document)."""

    # The annotators chosen, to compute the agreement of (two or more).
    computeRequested = Signal(list)
    # A disagreement to look at: document id, start, end (code points).
    disagreementActivated = Signal(str, int, int)

    def __init__(self, corpus_title: str, annotators: list[str], tagset: Tagset,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle(tr("Agreement — %1").replace("%1", corpus_title))
        self.tagset = tagset
        self.report: AgreementReport | None = None
        self.shown_disagreements: list[Disagreement] = []

        self.annotator_list = QListWidget(self)
        self.annotator_list.setObjectName("agreementAnnotators")
        for name in annotators:
            item = QListWidgetItem(name, self.annotator_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.annotator_list.setMaximumWidth(200)
        self.compute_button = QPushButton(tr("&Compute"), self)
        self.compute_button.setToolTip(tr("Compute the agreement of the annotators ticked"))
        self.compute_button.clicked.connect(self.request)
        chooser = QVBoxLayout()
        chooser.addWidget(QLabel(tr("Annotators:"), self))
        chooser.addWidget(self.annotator_list)
        chooser.addWidget(self.compute_button)

        self.scope = QComboBox(self)
        self.scope.setObjectName("agreementScope")
        self.scope.currentIndexChanged.connect(lambda _i: self._show_measures())
        self.measures = _Table([tr("Tag"), tr("Units"), "γ", "αu", tr("F1 exact"),
                                tr("F1 relaxed")], self)
        self.measures.setObjectName("agreementTable")
        self.measures.horizontalHeaderItem(2).setToolTip(
            tr("Gamma (Mathet et al. 2015): units aligned, positions and tags compared, "
               "against chance"))
        self.measures.horizontalHeaderItem(3).setToolTip(
            tr("Krippendorff's unitizing alpha: each tag yes or no per character"))
        self.fields = _Table([tr("Commitment field"), "α", tr("Same value"),
                              tr("Aligned pairs")], self)
        self.fields.setObjectName("commitmentFields")
        self.note = QLabel(self)
        self.note.setObjectName("agreementNote")
        self.note.setWordWrap(True)
        figures = QVBoxLayout()
        scope_row = QHBoxLayout()
        scope_row.addWidget(QLabel(tr("&Show:"), self))
        scope_row.itemAt(0).widget().setBuddy(self.scope)
        scope_row.addWidget(self.scope, 1)
        figures.addLayout(scope_row)
        figures.addWidget(self.measures, 3)
        figures.addWidget(self.fields, 2)
        figures.addWidget(self.note)
        top = QWidget(self)
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(chooser)
        top_layout.addLayout(figures, 1)

        self.disagreement_label = QLabel(tr("Disagreements (click or Enter: show in the "
                                            "document)"), self)
        self.disagreements = _Table([tr("Document"), tr("Text"), tr("First annotator"),
                                     tr("Second annotator")], self, stretch=1)
        self.disagreements.setObjectName("disagreements")
        self.disagreements.cellClicked.connect(lambda row, _column: self._activate(row))
        self.disagreements.rowActivated.connect(self._activate)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.disagreement_label)
        bottom_layout.addWidget(self.disagreements)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(buttons)
        self.resize(980, 720)

    # -- asking ------------------------------------------------------------------------------
    def chosen(self) -> list[str]:
        items = (self.annotator_list.item(k) for k in range(self.annotator_list.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def request(self) -> None:
        chosen = self.chosen()
        if len(chosen) < 2:
            self.note.setText(tr("Tick two or more annotators."))
            return
        self.computeRequested.emit(chosen)

    # -- showing -----------------------------------------------------------------------------
    def show_report(self, report: AgreementReport) -> None:
        self.report = report
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(tr("Whole corpus"), WHOLE_CORPUS)
        for doc_id in report.documents:
            title = report.titles.get(doc_id) or doc_id
            self.scope.addItem(title, doc_id)
        self.scope.blockSignals(False)
        self._show_measures()
        fields = self._field_labels()
        self.fields.fill([[fields.get(name, name), _figure(f.alpha), _figure(f.agreement),
                           locale().toString(f.pairs)]
                          for name, f in report.commitments.items()])
        counted = tr("%Ln document(s) annotated by all of them", "", len(report.documents))
        note = [tr("Annotators: %1.").replace("%1", ", ".join(report.annotators)), counted
                + (tr("; %Ln skipped (not annotated by all).", "", len(report.skipped))
                   if report.skipped else ".")]
        if report.samples:
            note.append(tr("Chance disorder of γ from %Ln shuffled corpus sample(s).", "",
                           report.samples))
        if report.commitments:
            note.append(tr("Commitments aligned in pairs: %1; without a partner: %2.")
                        .replace("%1", locale().toString(report.commitment_pairs))
                        .replace("%2", locale().toString(report.commitments_unaligned)))
        self.note.setText(" ".join(note))
        self._show_disagreements(report)

    def _show_measures(self) -> None:
        report = self.report
        if report is None:
            return
        doc_id = self.scope.currentData()
        if doc_id:
            overall, per_tag = report.documents[doc_id]
        else:
            overall, per_tag = report.overall, report.per_tag
        rows = [self._measure_row(tr("All tags"), overall)]
        rows.extend(self._measure_row(self._tag(tag), m) for tag, m in per_tag.items())
        self.measures.fill(rows)

    @staticmethod
    def _measure_row(label: str, m: Measures) -> list[str]:
        return [label, locale().toString(m.units), _figure(m.gamma), _figure(m.alpha_u),
                _figure(m.f1_exact), _figure(m.f1_relaxed)]

    def _tag(self, tag: str) -> str:
        return tag_label(self.tagset[tag]) if tag in self.tagset else tag

    def _field_labels(self) -> dict[str, str]:
        return {name: attribute_label(tag_id, attribute)
                for name, (tag_id, attribute) in commitment_fields(self.tagset).items()}

    def _said(self, unit: Unit | None) -> str:
        if unit is None:
            return tr("nothing")
        return f"{self._tag(unit.tag)} «{unit.text}»"

    def _show_disagreements(self, report: AgreementReport) -> None:
        self.shown_disagreements = list(report.disagreements)
        several = len(report.annotators) > 2
        first, second = ([*report.annotators, "", ""])[:2]
        self.disagreements.setHorizontalHeaderLabels(
            [tr("Document"), tr("Text"),
             tr("First annotator") if several else tr("What %1 said").replace("%1", first),
             tr("Second annotator") if several else tr("What %1 said").replace("%1", second)])
        fields = self._field_labels()
        rows = []
        for d in self.shown_disagreements:
            if d.field:
                label = fields.get(d.field, d.field)
                said = [f"{label}: {self._value(d.field, d.values[0])}",
                        f"{label}: {self._value(d.field, d.values[1])}"]
            else:
                said = [self._said(d.first_unit), self._said(d.second_unit)]
            if several:
                said = [f"{d.annotators[0]}: {said[0]}", f"{d.annotators[1]}: {said[1]}"]
            rows.append([report.titles.get(d.doc_id) or d.doc_id, d.text, *said])
        self.disagreements.fill(rows, numeric_from=len(rows[0]) if rows else 0)
        self.disagreement_label.setText(
            tr("%Ln disagreement(s) (click or Enter: show in the document)", "", len(rows)))

    def _value(self, field: str, value: str) -> str:
        """A field's value in the window's language: a choice by its label (the report
        has the tagset's label, as the commitments table writes it)."""
        if value == NOT_SET:
            return tr("(not set)")
        found = commitment_fields(self.tagset).get(field)
        if found is not None and found[1].kind == "choice":
            attribute = found[1]
            for symbol, label in zip(attribute.choices, attribute.labels(), strict=True):
                if label == value:
                    return choice_label(attribute, symbol, label)
        return value

    def _activate(self, row: int) -> None:
        if 0 <= row < len(self.shown_disagreements):
            d = self.shown_disagreements[row]
            self.disagreementActivated.emit(d.doc_id, d.start, d.end)
