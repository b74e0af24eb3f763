"""The corpus's commitments over time, by donor: a chart analysts would rather look at than
read, saved as PNG or SVG.

One bar per month (per quarter, or per year, when the dates span more than four or
twelve years), stacked by donor (the eight with most commitments, the rest as
"Other"); a choice of stage shows only the commitments of that stage. The chart
paints itself with QPainter, so the same drawing goes to the screen, a PNG and an
SVG (QtCharts is not part of PySide6-Essentials).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.model.tagset import STAGES

TOP_DONORS = 8
OTHER = "Other"
NO_DONOR = "(no donor)"
# Distinct colours that stay apart in print (Okabe–Ito, then greys for the rest).
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
           "#000000", "#999999")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?")


@dataclass
class ChartData:
    """Counts per period and donor, in period order; ``undated`` counts the commitments
    left out for want of a date."""

    periods: list[str] = field(default_factory=list)
    donors: list[str] = field(default_factory=list)  # stacking order, "Other" last
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (period, donor)
    undated: int = 0

    def total(self, period: str) -> int:
        return sum(self.counts.get((period, d), 0) for d in self.donors)


def chart_data(rows: list[dict], stage: str | None = None) -> ChartData:
    """The chart of ``rows`` (the corpus's commitments table), of ``stage`` only if given
    (a stage's label as the table writes it)."""
    dated: list[tuple[int, int, str]] = []
    undated = 0
    for row in rows:
        if stage is not None and row.get("stage") != stage:
            continue
        match = _DATE.match(str(row.get("date") or ""))
        if match is None:
            undated += 1
            continue
        month = int(match[2]) if match[2] else 1
        dated.append((int(match[1]), month, str(row.get("donor") or NO_DONOR)))
    data = ChartData(undated=undated)
    if not dated:
        return data
    first, last = min(y for y, _m, _d in dated), max(y for y, _m, _d in dated)
    span = last - first

    def period(year: int, month: int) -> str:
        if span > 12:
            return f"{year}"
        if span > 4:
            return f"{year} Q{(month - 1) // 3 + 1}"
        return f"{year}-{month:02d}"

    ranking = Counter(donor for _y, _m, donor in dated)
    top = [donor for donor, _n in ranking.most_common(TOP_DONORS)]
    for year, month, donor in dated:
        key = (period(year, month), donor if donor in top else OTHER)
        data.counts[key] = data.counts.get(key, 0) + 1
    data.donors = top + ([OTHER] if len(ranking) > len(top) else [])
    data.periods = _all_periods(first, last, period, sorted({p for p, _d in data.counts}))
    return data


def _all_periods(first: int, last: int, period, used: list[str]) -> list[str]:
    """Every period from the first to the last used one, empty ones included (a gap in
    time shows as a gap)."""
    every: list[str] = []
    for year in range(first, last + 1):
        for month in range(1, 13):
            name = period(year, month)
            if not every or every[-1] != name:
                every.append(name)
    start, end = every.index(used[0]), every.index(used[-1])
    return every[start:end + 1]


class CommitmentsChart(QWidget):
    """Stacked bars of ``ChartData``, with axes, a title and a legend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commitmentsChart")
        self.data = ChartData()
        self.title = "Commitments over time, by donor"
        self.setMinimumSize(560, 340)

    def set_data(self, data: ChartData, title: str) -> None:
        self.data, self.title = data, title
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(860, 480)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        self.draw(painter, QRectF(self.rect()))
        painter.end()

    def draw(self, painter: QPainter, area: QRectF) -> None:
        """Paint the chart into ``area`` (the screen, an image or an SVG)."""
        data = self.data
        font = QFont(self.font())
        painter.setFont(font)
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(QColor("#222222"))
        title_font = QFont(font)
        title_font.setBold(True)
        title_font.setPointSizeF(font.pointSizeF() * 1.2)
        painter.setFont(title_font)
        painter.drawText(QRectF(area.left(), area.top() + 4, area.width(), line * 1.6),
                         Qt.AlignmentFlag.AlignHCenter, self.title)
        painter.setFont(font)
        if not data.periods:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter,
                             "No dated commitments to show"
                             + (f" ({data.undated} without a date)" if data.undated else ""))
            return
        legend_width = max(metrics.horizontalAdvance(d) for d in data.donors) + 34
        plot = QRectF(area.left() + metrics.horizontalAdvance("0000") + 16,
                      area.top() + line * 2.2,
                      area.width() - legend_width - metrics.horizontalAdvance("0000") - 32,
                      area.height() - line * 5)
        highest = max(data.total(p) for p in data.periods) or 1
        step = _nice_step(highest)
        top = step * -(-highest // step)
        # Axes and grid lines with their counts.
        painter.setPen(QPen(QColor("#dddddd"), 1))
        for value in range(0, top + 1, step):
            y = plot.bottom() - plot.height() * value / top
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#555555"))
            painter.drawText(QRectF(area.left(), y - line / 2, plot.left() - area.left() - 6,
                                    line), Qt.AlignmentFlag.AlignRight, str(value))
            painter.setPen(QPen(QColor("#dddddd"), 1))
        slot = plot.width() / len(data.periods)
        bar = max(2.0, slot * 0.7)
        labels_every = max(1, int(metrics.horizontalAdvance("0000-00 ") // slot) + 1)
        for n, period in enumerate(data.periods):
            x = plot.left() + slot * n + (slot - bar) / 2
            y = plot.bottom()
            for index, donor in enumerate(data.donors):
                count = data.counts.get((period, donor), 0)
                if not count:
                    continue
                height = plot.height() * count / top
                painter.fillRect(QRectF(x, y - height, bar, height),
                                 QColor(PALETTE[index % len(PALETTE)]))
                y -= height
            if n % labels_every == 0:
                painter.setPen(QColor("#555555"))
                painter.drawText(QRectF(plot.left() + slot * n - slot, plot.bottom() + 4,
                                        slot * 3, line), Qt.AlignmentFlag.AlignHCenter, period)
        painter.setPen(QPen(QColor("#888888"), 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()),
                         QPointF(plot.right(), plot.bottom()))
        # The legend in the order of the stack, top to bottom.
        painter.setPen(QColor("#222222"))
        for row, (index, donor) in enumerate(reversed(list(enumerate(data.donors)))):
            y = plot.top() + row * line * 1.3
            painter.fillRect(QRectF(plot.right() + 16, y + 2, 12, line - 4),
                             QColor(PALETTE[index % len(PALETTE)]))
            painter.drawText(QRectF(plot.right() + 34, y, legend_width, line),
                             Qt.AlignmentFlag.AlignLeft, donor)
        if data.undated:
            painter.setPen(QColor("#777777"))
            painter.drawText(QRectF(plot.left(), area.bottom() - line * 1.4, plot.width(),
                                    line), Qt.AlignmentFlag.AlignLeft,
                             f"{data.undated} commitment{'s' if data.undated != 1 else ''} "
                             "without a date not shown")

    def save(self, path: Path) -> None:
        """Write the chart as SVG (``.svg``) or PNG (anything else), at twice the size on
        screen for PNG."""
        size = self.size()
        if path.suffix.lower() == ".svg":
            generator = QSvgGenerator()
            generator.setFileName(str(path))
            generator.setSize(size)
            generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
            generator.setTitle(self.title)
            painter = QPainter(generator)
            painter.fillRect(QRectF(0, 0, size.width(), size.height()), QColor("white"))
            self.draw(painter, QRectF(0, 0, size.width(), size.height()))
            painter.end()
            return
        image = QImage(size * 2, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(2)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.draw(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        if not image.save(str(path)):
            raise OSError(f"cannot write {path}")


def _nice_step(highest: int) -> int:
    """A step for the count axis that gives about five lines: 1, 2, 5, 10, 20, 50 …"""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if highest / step <= 6:
            return step
    return 10 ** len(str(highest))


class ChartDialog(QDialog):
    """The chart with its stage choice and Save As."""

    def __init__(self, rows: list[dict], corpus_title: str, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("chartDialog")
        self.setWindowTitle("Commitments Chart")
        self.rows = rows
        self.corpus_title = corpus_title
        layout = QVBoxLayout(self)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Stage:", self))
        self.stage_combo = QComboBox(self)
        self.stage_combo.setObjectName("chartStage")
        self.stage_combo.addItem("All stages", None)
        present = {str(r.get("stage") or "") for r in rows}
        for stage in STAGES:
            if stage in present:
                self.stage_combo.addItem(stage.capitalize(), stage)
        controls.addWidget(self.stage_combo)
        controls.addStretch(1)
        self.save_button = QPushButton("Save As…", self)
        self.save_button.setObjectName("chartSave")
        self.save_button.setToolTip("Save the chart as PNG or SVG")
        controls.addWidget(self.save_button)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        controls.addWidget(close)
        layout.addLayout(controls)
        self.chart = CommitmentsChart(self)
        layout.addWidget(self.chart, 1)
        self.stage_combo.currentIndexChanged.connect(self._refresh)
        self.save_button.clicked.connect(self._save)
        self._refresh()
        self.resize(900, 560)

    def _refresh(self) -> None:
        stage = self.stage_combo.currentData()
        title = f"Commitments over time, by donor — {self.corpus_title}"
        if stage:
            title += f" ({stage})"
        self.chart.set_data(chart_data(self.rows, stage), title)

    def _save(self) -> None:
        name = re.sub(r"[^\w-]+", "-", self.corpus_title).strip("-") or "corpus"
        path, chosen = QFileDialog.getSaveFileName(
            self, "Save the Chart", f"{name}-commitments.png",
            "PNG image (*.png);;SVG drawing (*.svg)")
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".svg" if "svg" in chosen.lower() else ".png")
        try:
            self.chart.save(target)
        except OSError as error:
            from annotator.gui import dialogs

            dialogs.show_error(self, "Could not save the chart", str(error))
