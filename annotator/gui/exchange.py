"""File ▸ Import and the other tools' formats in File ▸ Export.

An import reads the other tool's file on a worker thread, asks which of its labels
become which tags (``LabelMappingDialog``; a label no tag has becomes a new tag
unless the user picks one), and opens the result as a new, unsaved document
(Save asks where it goes); the import summary says what was done and lists what
the format had that Annotator cannot carry. An export writes the files of the
format (brat: ``.ann`` and ``.txt``; UIMA XMI: ``.xmi`` and ``TypeSystem.xml``)
after asking before it replaces any of them, and says what the format could not
take. What maps to what is ``annotator.formats.foreign``'s, through
``annotator.files``; this module only asks and tells.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator import files
from annotator.errors import AnnotatorError
from annotator.filenames import shown_name
from annotator.gui import dialogs, names, settings
from annotator.gui.i18n import format_label, number, tag_label, tr
from annotator.model import Tagset
from annotator.progress import Cancelled
from annotator.session import DocumentSession

if TYPE_CHECKING:
    from annotator.gui.document_controller import DocumentController

LABEL, COUNT, TAG = range(3)


class LabelMappingDialog(QDialog):
    """Which tag each label of an imported file becomes: one row per label, with the
    number of its annotations and a choice of the tagset's tags (and, for a label no
    tag has, a new tag of its name, which is what is proposed then)."""

    def __init__(self, uses: list, tagset: Tagset, source: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelMappingDialog")
        self.setWindowTitle(tr("Import: Labels and Tags"))
        self._uses = uses
        layout = QVBoxLayout(self)
        intro = QLabel(tr("The labels of {source} become these tags. A label that no tag "
                          "has becomes a new tag, unless you choose one.").format(source=source))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(uses), 3, self)
        self.table.setObjectName("labelMappingTable")
        self.table.setHorizontalHeaderLabels([tr("Label in the file"), tr("Annotations"),
                                              tr("Tag")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TAG, QHeaderView.ResizeMode.Stretch)
        self.combos: dict[str, QComboBox] = {}
        for row, use in enumerate(uses):
            self.table.setItem(row, LABEL, QTableWidgetItem(use.label))
            count = QTableWidgetItem(number(use.count))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, COUNT, count)
            combo = QComboBox(self.table)
            if use.proposed is None:
                combo.addItem(tr("New tag “{label}”").format(label=use.label), None)
            for tag in tagset:
                combo.addItem(tag_label(tag), tag.id)
            combo.setCurrentIndex(max(0, combo.findData(use.proposed)))
            self.table.setCellWidget(row, TAG, combo)
            self.combos[use.label] = combo
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, min(520, 160 + 32 * len(uses)))

    def mapping(self) -> dict[str, str]:
        """Label -> tag id for each label given a tag of the tagset (the others become
        new tags)."""
        chosen = {label: combo.currentData() for label, combo in self.combos.items()}
        return {label: tag_id for label, tag_id in chosen.items() if tag_id is not None}


class Exchange:
    """The window's imports and its exports to other tools' formats."""

    def __init__(self, controller: DocumentController) -> None:
        self.files = controller

    @property
    def window(self) -> QWidget:
        return self.files.window

    # -- import ---------------------------------------------------------------------------
    def import_file(self, fmt: str, path: str | None = None) -> bool:
        """Import a file in format ``fmt`` (``files.IMPORT_FORMATS``) as a new document;
        ``path`` None: ask for it."""
        if not self.files.maybe_save():
            return False
        description, suffixes = files.IMPORT_FORMATS[fmt]
        description = format_label(description)
        if path is None:
            patterns = " ".join(f"*{s}" for s in suffixes)
            path, _ = QFileDialog.getOpenFileName(
                self.window, tr("Import {format}").format(format=description),
                self.files.start_folder(), f"{description} ({patterns});;" + tr("All files (*)"))
            if not path:
                return False
        source = Path(path)
        read = self._read(source, fmt)
        if read is None:
            return False
        tagset = settings.default_tagset()
        uses = files.label_uses(read, tagset)
        mapping: dict[str, str] = {}
        if uses:
            dialog = LabelMappingDialog(uses, tagset, shown_name(source), self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.files.status(tr("Import of {name} cancelled").format(name=source.name))
                return False
            mapping = dialog.mapping()
        try:
            imported = files.imported_document(read, source, fmt, mapping=mapping,
                                               tagset=tagset, annotator=settings.annotator_name())
        except AnnotatorError as error:
            dialogs.show_error(self.window,
                                   tr("Could not import {name}").format(name=source.name), error)
            return False
        session = DocumentSession(imported.document, None, source_path=source)
        # Nothing of it is in a file of Annotator's yet: closing asks to save it.
        session.modified_outside_undo = True
        self.files.replace(session)
        self.files.modifiedChanged.emit()
        count = len(imported.document.annotations)
        self.files.status(tr("Imported %Ln annotation(s) from {name}; Save writes it as TEI",
                             "", count).format(name=source.name))
        self._tell(source, imported)
        return True

    def _read(self, source: Path, fmt: str):  # -> ForeignDocument | None
        """Read ``source``, asking for the text file if its annotations need one and for
        the document if it holds several; None if it cannot be read or the user stops."""
        text: str | None = None
        item = 1
        while True:
            try:
                read = self.files.run(
                    tr("Reading {name}").format(name=source.name),
                    lambda _progress, text=text, item=item: files.read_foreign(
                        source, fmt, text=text, item=item))
            except Cancelled:
                self.files.status(tr("Import of {name} cancelled").format(name=source.name))
                return None
            except files.TextNeeded as error:
                if text is not None:
                    dialogs.show_error(self.window,
                                   tr("Could not import {name}").format(name=source.name), error)
                    return None
                text, _ = QFileDialog.getOpenFileName(
                    self.window, tr("The Text of {name}").format(name=source.name),
                    str(source.parent), tr("Text files (*.txt);;All files (*)"))
                if not text:
                    return None
                continue
            except AnnotatorError as error:
                dialogs.show_error(self.window,
                                   tr("Could not import {name}").format(name=source.name), error)
                return None
            except Exception as error:  # a bug, or the memory ran out: say so, keep going
                dialogs.show_error(self.window,
                                   tr("Could not import {name}").format(name=source.name),
                                   repr(error))
                return None
            if read.items > 1 and item == 1:
                chosen, ok = QInputDialog.getInt(
                    self.window, tr("Import {name}").format(name=source.name),
                    tr("{name} holds %Ln documents. Annotator opens one at a time: which one?",
                       "", read.items).format(name=source.name), 1, 1, read.items)
                if not ok:
                    return None
                if chosen != 1:
                    item = chosen
                    continue
            return read

    def _tell(self, source: Path, imported) -> None:  # imported: foreign.Imported
        summary = "\n".join(f"• {line}" for line in imported.summary)
        if imported.lost:
            dialogs.show_warnings(
                self.window, tr("Imported {name}").format(name=source.name),
                f"{summary}\n\n" + tr("What the file has that Annotator cannot carry is listed "
                                       "below (where the file has it); the rest was imported."),
                imported.lost)
            return
        box = dialogs.plain_box(self.window)
        box.setObjectName("importSummary")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(tr("Imported {name}").format(name=source.name))
        box.setText(tr("Imported {name}").format(name=source.name))
        box.setInformativeText(summary)
        box.exec()

    # -- export ---------------------------------------------------------------------------
    def export_file(self, fmt: str) -> bool:
        """Export the document in another tool's format (``files.FOREIGN_EXPORT_FORMATS``)."""
        session = self.files.session
        if session is None:
            return False
        description, suffix = files.FOREIGN_EXPORT_FORMATS[fmt]
        description = format_label(description)
        base = self.files.default_save_path()
        default = base.with_suffix(suffix)
        path = names.ask_export_path(self.window, description, default, suffix)
        if path is None:
            return False
        try:
            written, notes = files.export_foreign(session.document, fmt, path)
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not export"), error)
            return False
        # The save dialog asked about the file chosen; the others are asked about here.
        others = [target for target, _data in written
                  if target != path and target.exists()]
        if others and not self._may_replace(others):
            self.files.status(tr("Export cancelled; {name} was not written").format(name=path.name))
            return False
        try:
            self.files.run(tr("Exporting {name}").format(name=path.name),
                            lambda progress: files.write_files(written, like=session.path))
        except Cancelled:
            self.files.status(tr("Export cancelled; {name} was not written").format(name=path.name))
            return False
        except AnnotatorError as error:
            dialogs.show_error(self.window, tr("Could not export"), error)
            return False
        shown = ", ".join(target.name for target, _data in written)
        if notes:
            box = dialogs.plain_box(self.window)
            box.setObjectName("exportNotes")
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(tr("Exported {name}").format(name=path.name))
            box.setText(tr("Wrote {files}. {format} could not take everything:").format(
                files=shown, format=description))
            box.setInformativeText("\n".join(f"• {note}" for note in notes))
            box.exec()
        self.files.status(tr("Exported {name}").format(name=shown))
        return True

    def _may_replace(self, paths: list[Path]) -> bool:
        listed = "\n".join(shown_name(p) for p in paths)
        choice = dialogs.ask(
            self.window, tr("Replace files?"),
            tr("The export writes more than one file, and these exist already:"),
            f"{listed}\n\n" + tr("Replace them?"),
            [(tr("Replace"), QMessageBox.ButtonRole.AcceptRole),
             (tr("Cancel"), QMessageBox.ButtonRole.RejectRole)],
            default=1, escape=1)
        return choice == 0
