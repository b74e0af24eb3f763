"""Dialogs: the first start's name, preferences, keyboard shortcuts, errors."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError, Problem
from annotator.filenames import displayable
from annotator.gui import i18n, settings
from annotator.gui.i18n import tr

MAX_PROBLEMS_SHOWN = 12
NAME_PLACEHOLDER = QT_TRANSLATE_NOOP("", "Your name, e.g. Ada Lovelace")
NAME_USE = QT_TRANSLATE_NOOP("", "Written into the TEI header of every file you save, as the "
                             "person responsible for the annotations and in its revision "
                             "history, and into the annotator column of exported tables")


def _name_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(str(settings.get("annotator_name") or ""), parent)
    edit.setObjectName("annotatorNameEdit")
    edit.setPlaceholderText(tr(NAME_PLACEHOLDER))
    edit.setToolTip(tr(NAME_USE))
    return edit


class NameDialog(QDialog):
    """Asks at the first start who is annotating: the name goes into every file saved.

    Nothing is guessed (the login name is often "root" or a machine account): Continue
    needs a name; Later leaves it unset (the annotations say "Anonymous") and the next
    start asks again.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nameDialog")
        self.setWindowTitle(tr("Welcome to Annotator"))
        title = QLabel(tr("<b>Who is annotating?</b>"), self)
        explanation = QLabel(tr(
            "Annotator writes your name into every file you save: into its TEI header as "
            "the person responsible for the annotations and into its revision history, "
            "and into the annotator column of exported tables. Colleagues who open your "
            "files see it."), self)
        explanation.setWordWrap(True)
        self.name_edit = _name_edit(self)
        form = QFormLayout()
        form.addRow(tr("Your &name:"), self.name_edit)
        later = QLabel(tr("You can change it at any time in <i>Edit ▸ Preferences</i>. "
                          "<i>Later</i> records your annotations as “Anonymous” until you "
                          "give a name, and asks again at the next start."), self)
        later.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.continue_button = buttons.addButton(tr("&Continue"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton(tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.continue_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._update_button)
        self._update_button()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explanation)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(later)
        layout.addWidget(buttons)
        # As tall as its wrapped text, at a width that reads well.
        for label in (explanation, later):
            label.setFixedWidth(440)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)

    def _update_button(self) -> None:
        self.continue_button.setEnabled(bool(self.name_edit.text().strip()))

    def accept(self) -> None:
        name = self.name_edit.text().strip()
        if not name:  # Return in an empty field: Continue is off, nothing is taken
            return
        settings.set_annotator_name(name)
        super().accept()


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Preferences"))
        self.name_edit = _name_edit(self)
        self.snap_box = QCheckBox(tr("Extend selections to whole words"), self)
        self.snap_box.setChecked(bool(settings.get("snap_to_words")))
        self.backup_box = QCheckBox(
            tr("Keep the previous version as NAME.xml.bak when saving"), self)
        self.backup_box.setChecked(bool(settings.get("keep_backup")))
        form = QFormLayout()
        # The window's language: the system's, or one chosen (at the next start).
        self.language_box = QComboBox(self)
        self.language_box.setObjectName("languageBox")
        self.language_box.addItem(tr("System language"), "")
        for code, name in i18n.LANGUAGES.items():
            self.language_box.addItem(name, code)
        chosen = self.language_box.findData(str(settings.get("language") or ""))
        self.language_box.setCurrentIndex(max(chosen, 0))
        self.language_box.setToolTip(tr("The language of the window; it changes at the "
                                         "next start of Annotator"))
        form.addRow(tr("Annotator name:"), self.name_edit)
        # The id once fixed; before, the one the name typed will give.
        self.id_label = QLabel(self)
        self.id_label.setObjectName("annotatorIdLabel")
        self.name_edit.textChanged.connect(self._show_id)
        self._show_id()
        self.id_label.setToolTip(tr("Names your annotation files and assignments in a "
                                    "corpus; it stays when you change your name"))
        form.addRow(tr("Annotator id:"), self.id_label)
        form.addRow(tr("&Language:"), self.language_box)
        form.addRow("", self.snap_box)
        form.addRow("", self.backup_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _show_id(self) -> None:
        from annotator.team.annotators import annotator_id, is_annotator_id

        stored = str(settings.get("annotator_id") or "")
        name = self.name_edit.text().strip() or settings.annotator_name()
        self.id_label.setText(stored if is_annotator_id(stored)
                              else annotator_id(name) if name else tr("made from your name"))

    def accept(self) -> None:
        settings.set_annotator_name(self.name_edit.text())
        settings.put("snap_to_words", self.snap_box.isChecked())
        settings.put("keep_backup", self.backup_box.isChecked())
        settings.put("language", self.language_box.currentData() or "")
        super().accept()


class ShortcutsDialog(QDialog):
    """Every action that has a shortcut, in menu order."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        rows = [(a.text().replace("&", "").removesuffix("…"), keys_shown(a)) for a in actions]
        rows = [(name, keys) for name, keys in rows if keys]
        rows.append((tr("Select text (keyboard)"), tr("Shift+Arrows")))
        rows.append((tr("Select annotation under the mouse; again: the next stacked one"),
                     tr("Click")))
        rows.append((tr("Clear selection; close the find bar"), tr("Esc")))
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels([tr("Action"), tr("Shortcut")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for r, (name, keys) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(name))
            table.setItem(r, 1, QTableWidgetItem(keys))
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(600, 640)


def keys_shown(action: QAction) -> str:
    """The shortcuts of ``action`` as the keyboard has them ("F3, Ctrl+G"), each once.

    The platform's bindings of a standard key also name keys of special keyboards
    ("Redo", "Open", "Zoom In", F14 for Undo): they work, but listed they read like
    words or send the reader looking for keys their keyboard does not have.
    """
    shown: list[str] = []
    for sequence in action.shortcuts():
        if all(sequence[i].key() <= Qt.Key.Key_F12 for i in range(sequence.count())):
            text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            if text not in shown:
                shown.append(text)
    return ", ".join(shown)


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
            summary.append(tr("… and {count} more (see details)").format(
                count=i18n.number(len(lines) - MAX_PROBLEMS_SHOWN)))
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
            + tr("<p>Highlight and tag spans of an article, and save them as TEI P5.</p>")
            + tr("<p>Select text and press a tag's key (1, 2, 3…) or click its button. "
                 "Click a highlight to select it; Delete removes it, a tag key retags it.</p>")
            + tr("<p>Licensed under the GNU GPL, version 3 or later.</p>"))


__all__ = ["NameDialog", "PreferencesDialog", "ShortcutsDialog", "about_text", "ask",
           "error_box", "plain_box", "show_error", "show_warnings"]
