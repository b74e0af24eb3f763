"""Undoable edits of an ``AnnotationStore``.

An edit knows how to apply itself and how to revert itself, exactly. The GUI
wraps each in a ``QUndoCommand``; the model stays free of Qt, so undo logic is
tested without widgets. Build edits with the ``add``/``remove``/``retag``
functions: they validate against the store and refuse what cannot be applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from annotator.errors import AnnotationError
from annotator.model.annotation import Annotation
from annotator.model.store import AnnotationStore, StoreChange


@dataclass(frozen=True)
class Edit:
    """Replace ``before`` by ``after`` (matched by id); either side may be empty.

    Adding is ``Edit((), new)``, removing ``Edit(old, ())``, retagging
    ``Edit(old, changed)``. One shape for all keeps undo a one-liner.
    """

    before: tuple[Annotation, ...]
    after: tuple[Annotation, ...]
    description: str

    def apply(self, store: AnnotationStore) -> None:
        _swap(store, self.before, self.after)

    def revert(self, store: AnnotationStore) -> None:
        _swap(store, self.after, self.before)


def _swap(store: AnnotationStore, old: Sequence[Annotation], new: Sequence[Annotation]) -> None:
    new_ids = {a.id for a in new}
    old_ids = {a.id for a in old}
    removed = store._delete(a.id for a in old if a.id not in new_ids)
    updated = store._replace(a for a in new if a.id in old_ids)
    added = store._insert(a for a in new if a.id not in old_ids)
    store._notify(StoreChange(added=added, removed=removed, updated=updated))


def add(store: AnnotationStore, spans: Iterable[tuple[int, int, str]], resp: str = "") -> Edit:
    """An edit adding one annotation per (start, end, tag); duplicates are refused."""
    new: list[Annotation] = []
    seen: set[tuple[int, int, str]] = set()
    number = int(store.next_id()[1:])
    for start, end, tag in spans:
        start, end = store.document.trim_to_paragraphs(start, end)
        if start >= end:
            raise AnnotationError("the selection holds no text to annotate")
        if (start, end, tag) in seen or store.find(start, end, tag) is not None:
            label = store.tagset[tag].label if tag in store.tagset else tag
            raise AnnotationError(f"“{store.document.text[start:end]}” is already "
                                  f"annotated as {label}")
        seen.add((start, end, tag))
        while store.id_taken(f"a{number}"):
            number += 1
        ann = Annotation(f"a{number}", tag, start, end, resp)
        number += 1
        store.check(ann)
        new.append(ann)
    if not new:
        raise AnnotationError("nothing to annotate")
    label = store.tagset[new[0].tag].label
    what = f"Tag as {label}" if len(new) == 1 else f"Add {len(new)} annotations"
    return Edit((), tuple(new), what)


def restore(store: AnnotationStore, annotations: Iterable[Annotation]) -> Edit:
    """An edit adding annotations with their ids as given (used by readers and paste)."""
    new = tuple(annotations)
    for ann in new:
        store.check(ann)
        if ann.id in store:
            raise AnnotationError(f"annotation id {ann.id!r} is used twice")
    return Edit((), new, f"Add {len(new)} annotations")


def remove(store: AnnotationStore, ids: Iterable[str]) -> Edit:
    old = tuple(store.get(i) for i in dict.fromkeys(ids))
    if not old:
        raise AnnotationError("no annotation selected")
    what = "Delete annotation" if len(old) == 1 else f"Delete {len(old)} annotations"
    return Edit(old, (), what)


def retag(store: AnnotationStore, ids: Iterable[str], tag: str) -> Edit:
    if tag not in store.tagset:
        raise AnnotationError(f"unknown tag {tag!r}")
    old = tuple(store.get(i) for i in dict.fromkeys(ids))
    old = tuple(a for a in old if a.tag != tag)
    if not old:
        raise AnnotationError(f"already tagged as {store.tagset[tag].label}")
    for ann in old:
        if store.find(ann.start, ann.end, tag) is not None:
            raise AnnotationError(f"“{store.text_of(ann)}” is already annotated as "
                                  f"{store.tagset[tag].label}")
    new = tuple(replace(a, tag=tag) for a in old)
    return Edit(old, new, f"Retag as {store.tagset[tag].label}")
