"""Dialogs: preferences, keyboard shortcuts, errors."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError, Problem
from annotator.filenames import displayable
from annotator.gui import settings

MAX_PROBLEMS_SHOWN = 12


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.name_edit = QLineEdit(settings.annotator_name(), self)
        self.name_edit.setToolTip("Written into the TEI header as the person responsible "
                                  "for the annotations you save")
        self.snap_box = QCheckBox("Extend selections to whole words", self)
        self.snap_box.setChecked(bool(settings.get("snap_to_words")))
        self.backup_box = QCheckBox("Keep the previous version as NAME.xml.bak when saving",
                                    self)
        self.backup_box.setChecked(bool(settings.get("keep_backup")))
        form = QFormLayout()
        form.addRow("Annotator name:", self.name_edit)
        form.addRow("", self.snap_box)
        form.addRow("", self.backup_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        settings.put("annotator_name", self.name_edit.text().strip() or None)
        settings.put("snap_to_words", self.snap_box.isChecked())
        settings.put("keep_backup", self.backup_box.isChecked())
        super().accept()


class ShortcutsDialog(QDialog):
    """Every action that has a shortcut, in menu order."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = [(a.text().replace("&", ""), ", ".join(
            s.toString(s.SequenceFormat.NativeText) for s in a.shortcuts()))
            for a in actions if a.shortcuts()]
        rows.append(("Select text (keyboard)", "Shift+Arrows"))
        rows.append(("Select annotation under the mouse; again: the next stacked one", "Click"))
        rows.append(("Clear selection; close the find bar", "Esc"))
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Action", "Shortcut"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for r, (name, keys) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(name))
            table.setItem(r, 1, QTableWidgetItem(keys))
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(520, 560)


def plain_box(parent: QWidget | None) -> QMessageBox:
    """A message box that shows its texts as they are: they quote file names and file
    contents, which must never be read as HTML (a heading, a link, an image)."""
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    for label in box.findChildren(QLabel):  # the informative text's, made by Qt
        label.setTextFormat(Qt.TextFormat.PlainText)
    return box


def _set_texts(box: QMessageBox, title: str, text: str, informative: str) -> None:
    box.setWindowTitle(displayable(title))
    box.setText(displayable(text))
    box.setInformativeText(displayable(informative))
    # Qt makes the informative text's label on first use, in the box's text format or
    # guessing it ("Qt::AutoText"): set it again, whatever Qt version made it.
    for label in box.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)


def error_box(parent: QWidget | None, title: str, error: BaseException | str,
              problems: list[Problem] | None = None) -> QMessageBox:
    """A message box for an error; a long list of problems goes into the details."""
    box = plain_box(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    if isinstance(error, AnnotatorError):
        problems = error.problems
    if problems is not None:
        lines = [str(p) for p in problems]
        summary = lines[:MAX_PROBLEMS_SHOWN]
        if len(lines) > MAX_PROBLEMS_SHOWN:
            summary.append(f"… and {len(lines) - MAX_PROBLEMS_SHOWN} more (see details)")
        _set_texts(box, title, title, "\n".join(summary))
        if len(lines) > 1:
            box.setDetailedText(displayable("\n".join(lines)))
    else:
        _set_texts(box, title, title, str(error))
    return box


def show_error(parent: QWidget | None, title: str, error: BaseException | str) -> None:
    error_box(parent, title, error).exec()


def show_warnings(parent: QWidget | None, title: str, advice: str,
                  problems: list[Problem]) -> None:
    """Things wrong in a file that opened all the same, before any work is done on it."""
    box = error_box(parent, title, "", problems)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(displayable(f"{title}\n\n{advice}"))
    box.exec()


def ask(parent: QWidget | None, title: str, text: str, informative: str,
        buttons: list[tuple[str, QMessageBox.ButtonRole]], default: int, escape: int,
        icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> int:
    """Ask a question with buttons named for what they do; the index of the one chosen.

    Closing the box or pressing Esc counts as ``escape``.
    """
    box = plain_box(parent)
    box.setObjectName("questionBox")
    box.setIcon(icon)
    _set_texts(box, title, text, informative)
    made = [box.addButton(label, role) for label, role in buttons]
    box.setDefaultButton(made[default])
    box.setEscapeButton(made[escape])
    box.exec()
    clicked = box.clickedButton()
    return made.index(clicked) if clicked in made else escape


def about_text(version: str) -> str:
    return (f"<h3>Annotator {version}</h3>"
            "<p>Highlight and tag spans of an article, and save them as TEI P5.</p>"
            "<p>Select text and press a tag's key (1, 2, 3…) or click its button. Click a "
            "highlight to select it; Delete removes it, a tag key retags it.</p>"
            "<p>Licensed under the GNU GPL, version 3 or later.</p>")


__all__ = ["PreferencesDialog", "ShortcutsDialog", "about_text", "ask", "error_box",
           "plain_box", "show_error", "show_warnings"]
