"""Undo commands: each wraps one model ``Edit`` and touches only the model."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from annotator.model import AnnotationStore, Edit


class EditCommand(QUndoCommand):
    """redo applies the edit, undo reverts it; the store notifies the views."""

    def __init__(self, store: AnnotationStore, edit: Edit) -> None:
        super().__init__(edit.description)
        self.store = store
        self.edit = edit

    def redo(self) -> None:
        self.edit.apply(self.store)

    def undo(self) -> None:
        self.edit.revert(self.store)
