"""Undo commands: each wraps one model ``Edit`` and touches only the model."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from annotator.gui.model_texts import undo_text
from annotator.model import AnnotatedDocument, AnnotationStore, Edit, Tagset, edits


class EditCommand(QUndoCommand):
    """redo applies the edit, undo reverts it; the store notifies the views."""

    def __init__(self, store: AnnotationStore, edit: Edit) -> None:
        super().__init__(undo_text(edit.description))
        self.store = store
        self.edit = edit

    def redo(self) -> None:
        self.edit.apply(self.store)

    def undo(self) -> None:
        self.edit.revert(self.store)


class TagsetCommand(QUndoCommand):
    """Replace the document's tagset: one undo step, with what it takes along.

    Annotations of tags the new tagset lacks are deleted (with the references to
    them), and values the new definitions no longer allow are dropped
    (``edits.conform``); undo brings back the old tagset and all of them. The
    tagset is switched first on redo and last-but-one on undo, so that every
    store change is heard with the tagset its annotations fit (the recovery
    journal replays them in that order).
    """

    def __init__(self, annotated: AnnotatedDocument, tagset: Tagset) -> None:
        super().__init__(undo_text("Edit tagset"))
        self.annotated = annotated
        self.old = annotated.tagset
        self.new = tagset
        store = annotated.annotations
        gone = [a.id for a in store if a.tag not in tagset]
        self.removal: Edit | None = edits.remove(store, gone) if gone else None
        self.conforming: Edit | None = None
        self._conform_known = False

    def redo(self) -> None:
        store = self.annotated.annotations
        if self.removal is not None:
            self.removal.apply(store)
        self.annotated.use_tagset(self.new)
        if not self._conform_known:  # worked out once, against the new definitions
            self.conforming = edits.conform(store)
            self._conform_known = True
        if self.conforming is not None:
            self.conforming.apply(store)

    def undo(self) -> None:
        store = self.annotated.annotations
        if self.conforming is not None:
            self.conforming.revert(store)
        self.annotated.use_tagset(self.old)
        if self.removal is not None:
            self.removal.revert(store)
