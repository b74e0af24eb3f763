"""The annotations of one document, indexed by position, with change notification.

Views observe the store; they never mutate it. Every mutation goes through an
``Edit`` (see ``edits.py``) so that undo can replay it, and every applied edit
is announced to listeners as one ``StoreChange`` (one per bulk edit, not one
per annotation, so a 10,000-annotation undo repaints once).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from annotator.errors import AnnotationError
from annotator.model.annotation import Annotation
from annotator.model.document import Document, is_ncname
from annotator.model.span_index import SpanIndex
from annotator.model.tagset import Tagset

_GENERATED_ID = re.compile(r"^a(\d+)$")


@dataclass(frozen=True)
class StoreChange:
    """What one applied edit did: for a view to update just that."""

    added: tuple[Annotation, ...] = ()
    removed: tuple[Annotation, ...] = ()
    updated: tuple[tuple[Annotation, Annotation], ...] = ()  # (old, new), same id

    def touched_ranges(self) -> list[tuple[int, int]]:
        spans = [(a.start, a.end) for a in self.added + self.removed]
        for old, new in self.updated:
            spans += [(old.start, old.end), (new.start, new.end)]
        return spans


Listener = Callable[[StoreChange], None]


class AnnotationStore:
    def __init__(self, document: Document, tagset: Tagset) -> None:
        self.document = document
        self.tagset = tagset
        self._by_id: dict[str, Annotation] = {}
        self._index = SpanIndex()
        self._counts: Counter[str] = Counter()
        self._next_number = 1
        self._listeners: list[Listener] = []

    # -- observation -------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, change: StoreChange) -> None:
        for listener in list(self._listeners):
            listener(change)

    # -- queries -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, ann_id: object) -> bool:
        return ann_id in self._by_id

    def __iter__(self) -> Iterator[Annotation]:
        """All annotations in document order."""
        return (self._by_id[i] for i in self._index)

    def get(self, ann_id: str) -> Annotation:
        return self._by_id[ann_id]

    def overlapping(self, start: int, end: int) -> list[Annotation]:
        """Annotations touching [start, end), in document order."""
        return [self._by_id[i] for i in self._index.overlapping(start, end)]

    def at(self, position: int) -> list[Annotation]:
        """Annotations containing ``position``, innermost (shortest) first."""
        found = self.overlapping(position, position + 1)
        return sorted(found, key=lambda a: (a.length, -a.start, a.id))

    def find(self, start: int, end: int, tag: str) -> Annotation | None:
        for ann in self.overlapping(start, end):
            if ann.start == start and ann.end == end and ann.tag == tag:
                return ann
        return None

    def counts(self) -> dict[str, int]:
        """Number of annotations per tag id, every tag of the tagset included."""
        return {tag.id: self._counts.get(tag.id, 0) for tag in self.tagset}

    def id_taken(self, ann_id: str) -> bool:
        """True if ``ann_id`` names an annotation or a paragraph (one XML id space)."""
        return ann_id in self._by_id or self.document.has_paragraph(ann_id)

    def next_id(self) -> str:
        while self.id_taken(f"a{self._next_number}"):
            self._next_number += 1
        return f"a{self._next_number}"

    def text_of(self, ann: Annotation) -> str:
        return self.document.text[ann.start:ann.end]

    # -- validation ----------------------------------------------------------
    def check(self, ann: Annotation) -> None:
        """Raise ``AnnotationError`` unless ``ann`` may be stored as it is."""
        if not is_ncname(ann.id):
            raise AnnotationError(f"annotation id {ann.id!r} is not a valid XML name")
        if self.document.has_paragraph(ann.id):
            raise AnnotationError(f"annotation id {ann.id!r} is already a paragraph's id")
        if ann.tag not in self.tagset:
            raise AnnotationError(f"unknown tag {ann.tag!r}")
        self.document.check_range(ann.start, ann.end)

    # -- mutation, only for edits -------------------------------------------------
    def _insert(self, anns: Iterable[Annotation]) -> tuple[Annotation, ...]:
        done = []
        for ann in anns:
            if ann.id in self._by_id:
                raise AnnotationError(f"annotation id {ann.id!r} is used twice")
            self._by_id[ann.id] = ann
            self._index.add(ann.id, ann.start, ann.end)
            self._counts[ann.tag] += 1
            match = _GENERATED_ID.match(ann.id)
            if match and int(match.group(1)) >= self._next_number:
                self._next_number = int(match.group(1)) + 1
            done.append(ann)
        return tuple(done)

    def _delete(self, ids: Iterable[str]) -> tuple[Annotation, ...]:
        done = []
        for ann_id in ids:
            ann = self._by_id.pop(ann_id)
            self._index.remove(ann_id)
            self._counts[ann.tag] -= 1
            done.append(ann)
        return tuple(done)

    def _replace(self, new: Iterable[Annotation]) -> tuple[tuple[Annotation, Annotation], ...]:
        pairs = []
        for ann in new:
            old = self._by_id[ann.id]
            self._delete([ann.id])
            self._insert([ann])
            pairs.append((old, ann))
        return tuple(pairs)
