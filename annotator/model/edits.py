"""Undoable edits of an ``AnnotationStore`` and its entity register.

An edit knows how to apply itself and how to revert itself, exactly. The GUI
wraps each in a ``QUndoCommand``; the model stays free of Qt, so undo logic is
tested without widgets. Build edits with the functions below: they validate
against the store and refuse (``AnnotationError``, with a message for the user)
what cannot be applied. Every builder takes the store or the
``AnnotatedDocument`` and returns one ``Edit``: apply it (``edit.apply(store)``)
or push it on the undo stack. Nothing changes until it is applied.

Annotations:   ``add``, ``add_linked`` (tag and link to an entity), ``restore``,
               ``remove`` (clears references to the removed ones), ``retag``,
               ``set_attributes``, ``set_note``, ``conform`` (after a tagset change),
               ``add_range``, ``remove_range`` (discontinuous annotations)
Entities:      ``create_entity``, ``rename_entity``, ``update_entity`` (a new kind
               gives a new id), ``set_identifiers``, ``link``, ``unlink``,
               ``merge_entities``, ``split_entity``, ``delete_entity``,
               ``delete_unused_entities``, ``id_of_kind``
Queries:       ``references_to``, ``entity_references``, ``find_entity``,
               ``unused_entities``

An entity lives as long as something links to it: a mention, or a reference
attribute that names it. An edit that takes away the last of these takes the
entity too (``_taking_orphans``), and undo brings both back. Entities that had
nothing linking to them before the edit are left alone (a file may hold them;
``delete_unused_entities`` clears them on request).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from annotator.errors import AnnotationError
from annotator.model.annotation import Annotation
from annotator.model.document import forbidden_xml_char
from annotator.model.entities import (
    ID_PREFIX,
    KIND_LABELS,
    Entity,
    fold,
    guess_kind,
    names_match,
    slug,
)
from annotator.model.store import AnnotationStore, StoreChange
from annotator.model.tagset import Tag

if TYPE_CHECKING:
    from annotator.model.session import AnnotatedDocument


@dataclass(frozen=True)
class Edit:
    """Replace ``before`` by ``after`` (matched by id), and ``entities_before`` by
    ``entities_after``; any side may be empty.

    Adding is ``Edit((), new)``, removing ``Edit(old, ())``, retagging
    ``Edit(old, changed)``; merging two entities changes annotations (their
    links) and entities (one goes) in one edit. One shape for all keeps undo a
    one-liner. Listeners get one ``StoreChange`` per apply or revert.
    """

    before: tuple[Annotation, ...]
    after: tuple[Annotation, ...]
    description: str
    entities_before: tuple[Entity, ...] = ()
    entities_after: tuple[Entity, ...] = ()

    def apply(self, store: AnnotationStore | AnnotatedDocument) -> None:
        _swap(_store(store), self.before, self.after, self.entities_before, self.entities_after)

    def revert(self, store: AnnotationStore | AnnotatedDocument) -> None:
        _swap(_store(store), self.after, self.before, self.entities_after, self.entities_before)


def _store(target: AnnotationStore | AnnotatedDocument) -> AnnotationStore:
    return target if isinstance(target, AnnotationStore) else target.annotations


def _swap(store: AnnotationStore, old: Sequence[Annotation], new: Sequence[Annotation],
          old_entities: Sequence[Entity] = (), new_entities: Sequence[Entity] = ()) -> None:
    new_ids = {a.id for a in new}
    old_ids = {a.id for a in old}
    e_added, e_removed, e_updated = store._swap_entities(old_entities, new_entities)
    removed = store._delete(a.id for a in old if a.id not in new_ids)
    updated = store._replace(a for a in new if a.id in old_ids)
    added = store._insert(a for a in new if a.id not in old_ids)
    store._notify(StoreChange(added=added, removed=removed, updated=updated,
                              entities_added=e_added, entities_removed=e_removed,
                              entities_updated=e_updated))


def _label(store: AnnotationStore, tag: str) -> str:
    return store.tagset[tag].label if tag in store.tagset else tag


def _spans(store: AnnotationStore, spans: Iterable[tuple[int, int, str]], resp: str
           ) -> list[Annotation]:
    new: list[Annotation] = []
    seen: set[tuple[int, int, str]] = set()
    number = int(store.next_id()[1:])
    for start, end, tag in spans:
        start, end = store.document.trim_to_paragraphs(start, end)
        if start >= end:
            raise AnnotationError("the selection holds no text to annotate")
        if (start, end, tag) in seen or store.find(start, end, tag) is not None:
            raise AnnotationError(f"“{store.document.text[start:end]}” is already "
                                  f"annotated as {_label(store, tag)}")
        seen.add((start, end, tag))
        while store.id_taken(f"a{number}"):
            number += 1
        ann = Annotation(f"a{number}", tag, start, end, resp)
        number += 1
        store.check(ann)
        new.append(ann)
    if not new:
        raise AnnotationError("nothing to annotate")
    return new


def add(store: AnnotationStore | AnnotatedDocument, spans: Iterable[tuple[int, int, str]],
        resp: str = "") -> Edit:
    """An edit adding one annotation per (start, end, tag); duplicates are refused."""
    store = _store(store)
    new = _spans(store, spans, resp)
    label = store.tagset[new[0].tag].label
    what = f"Tag as {label}" if len(new) == 1 else f"Add {len(new)} annotations"
    return Edit((), tuple(new), what)


def add_linked(store: AnnotationStore | AnnotatedDocument,
               spans: Iterable[tuple[int, int, str]], resp: str = "") -> Edit:
    """Like ``add``, and each new annotation of a tag with an ``entity`` kind is linked:
    to the entity whose name or one of whose mentions matches its text (case and
    a German inflection ending aside: "Deutschlands" finds "Deutschland"), else
    to a new entity named by the text. One edit; its description says what
    happened ("Tag as Actor (linked to “Deutschland”)")."""
    store = _store(store)
    new = _spans(store, spans, resp)
    created: list[Entity] = []
    linked: list[str] = []
    made: list[str] = []
    taken: set[str] = set()
    result = []
    for ann in new:
        tag = store.tagset[ann.tag]
        if not tag.entity:
            result.append(ann)
            continue
        text = store.text_of(ann)
        entity = find_entity(store, text, tag, extra=created)
        if entity is None:
            entity = _new_entity(store, tag, text, taken, created)
            made.append(entity.name)
        else:
            _take_known(store, entity, created)
            linked.append(entity.name)
        result.append(ann.changed(entity=entity.id))
    label = store.tagset[new[0].tag].label
    what = f"Tag as {label}" if len(new) == 1 else f"Add {len(new)} annotations"
    if len(new) == 1 and linked:
        what += f" (linked to “{linked[0]}”)"
    elif len(new) == 1 and made:
        what += f" (new entity “{made[0]}”)"
    elif linked or made:
        what += f" ({len(linked)} linked, {len(made)} new entities)"
    return Edit((), tuple(result), what, (), tuple(created))


def find_entity(store: AnnotationStore | AnnotatedDocument, text: str, tag: Tag | None = None,
                extra: Iterable[Entity] = ()) -> Entity | None:
    """The entity ``text`` names: an exact (case-folded) match of its name or of a
    mention's text first, then one with an inflection ending taken off either
    side. Only entities a mention of ``tag`` may link to are considered; the
    document's own and ``extra`` first, then ``store.known_entities`` (by name)."""
    store = _store(store)
    extra = tuple(extra)
    own = {e.id for e in (*store._entities.values(), *extra)}
    candidates = [e for e in (*store._entities.values(), *extra,
                              *(k for k in store.known_entities.values() if k.id not in own))
                  if tag is None or tag.accepts_entity(e.kind)]
    if not candidates:
        return None
    names: dict[str, list[str]] = {e.id: [e.name] for e in candidates}
    index = store._mention_index()
    for entity in candidates:
        if entity.id not in own:
            continue
        for ann_id in index.get(entity.id, ()):
            names[entity.id].append(store.text_of(store._by_id[ann_id]))
    folded = fold(text)
    for entity in candidates:
        if any(fold(name) == folded for name in names[entity.id]):
            return entity
    for entity in candidates:
        if any(names_match(text, name) for name in names[entity.id]):
            return entity
    return None


def free_entity_id(kind: str, name: str, taken: Callable[[str], bool]) -> str:
    """An id for a new entity of ``kind`` called ``name`` ("place-norwegen"), numbered
    ("place-norwegen-2") while ``taken`` says it is."""
    base = f"{ID_PREFIX[kind]}-{slug(name) or 'entity'}"
    candidate, n = base, 2
    while taken(candidate):
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _new_entity_id(store: AnnotationStore, kind: str, name: str, taken: set[str] = frozenset()
                   ) -> str:  # type: ignore[assignment]
    # An id the corpus's register gives another entity is taken too.
    return free_entity_id(kind, name, lambda c: c in taken or store.id_taken(c)
                          or c in store.known_entities)


def _take_known(store: AnnotationStore, entity: Entity, created: list[Entity]) -> None:
    """An entity ``find_entity`` found among ``store.known_entities`` enters the
    document with the edit (``created``), under its id."""
    if entity.id not in store._entities and all(c.id != entity.id for c in created):
        created.append(entity)


def _free_id(store: AnnotationStore, base: str, taken: set[str] = frozenset()
             ) -> str:  # type: ignore[assignment]
    candidate, n = base, 2
    while candidate in taken or store.id_taken(candidate):
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _new_entity(store: AnnotationStore, tag: Tag, text: str, taken: set[str],
                created: list[Entity]) -> Entity:
    """A new entity named by a mention's ``text``, of the kind and type its name
    suggests among those ``tag`` accepts (``guess_kind``); its id goes into
    ``taken`` and the entity into ``created``."""
    name = " ".join(text.split())
    persons = [e.name for e in (*store._entities.values(), *created) if e.kind == "person"]
    kind, type_ = guess_kind(name, tag.entity_kinds(), persons)
    entity = Entity(_new_entity_id(store, kind, name, taken), kind, name, type_)
    taken.add(entity.id)
    created.append(entity)
    return entity


def restore(store: AnnotationStore | AnnotatedDocument, annotations: Iterable[Annotation]
            ) -> Edit:
    """An edit adding annotations with their ids as given (used by readers and paste)."""
    store = _store(store)
    new = tuple(annotations)
    for ann in new:
        store.check(ann)
        if ann.id in store:
            raise AnnotationError(f"annotation id {ann.id!r} is used twice")
    return Edit((), new, f"Add {len(new)} annotations")


# -- references between annotations -----------------------------------------------------
def _reference_names(store: AnnotationStore, tag_id: str) -> tuple[str, ...]:
    tag = store.tagset[tag_id] if tag_id in store.tagset else None
    return tuple(a.name for a in tag.attributes if a.kind == "reference") if tag else ()


def references_to(store: AnnotationStore | AnnotatedDocument, ids: Iterable[str]
                  ) -> list[tuple[Annotation, str]]:
    """(annotation, attribute name) for every reference attribute, of an annotation
    not among ``ids``, whose value is one of ``ids`` (annotation or entity ids).

    The GUI asks this before deleting: "Commitment a7 names this actor as Donor".
    """
    store = _store(store)
    wanted = set(ids)
    found = []
    names_of: dict[str, tuple[str, ...]] = {}  # per tag, not per annotation
    for ann in store.with_values():
        if ann.id in wanted:
            continue
        refs = names_of.get(ann.tag)
        if refs is None:
            refs = names_of[ann.tag] = _reference_names(store, ann.tag)
        for name, value in ann.attributes:
            if value in wanted and name in refs:
                found.append((ann, name))
    return found


def entity_references(store: AnnotationStore | AnnotatedDocument, entity_ids: Iterable[str]
                      ) -> list[tuple[Annotation, str]]:
    """References (attribute values) that name one of the entities directly."""
    return references_to(store, entity_ids)


def _without(ann: Annotation, names: Iterable[str]) -> Annotation:
    drop = set(names)
    return ann.changed(attributes=tuple((n, v) for n, v in ann.attributes if n not in drop))


def _named_entities(store: AnnotationStore, anns: Iterable[Annotation]) -> set[str]:
    """The entities ``anns`` link to, as mentions or in a reference attribute."""
    found: set[str] = set()
    for ann in anns:
        if ann.entity:
            found.add(ann.entity)
        if ann.attributes:
            refs = _reference_names(store, ann.tag)
            found.update(v for n, v in ann.attributes if n in refs and v in store._entities)
    return found


def _taking_orphans(store: AnnotationStore, edit: Edit) -> Edit:
    """``edit``, also deleting the entities it leaves with nothing that links to them
    (no mention, no reference naming them) which had something before: an entity
    goes with its last mention, and comes back with it on undo."""
    kept = {e.id for e in edit.entities_before} | {e.id for e in edit.entities_after}
    register = store._entities
    candidates = set(map(operator.attrgetter("entity"), edit.before)) & register.keys()
    for ann in edit.before:
        if ann.attributes:  # a few among many: values that name an entity
            candidates.update(v for _n, v in ann.attributes if v in register)
    candidates -= kept
    candidates -= _named_entities(store, edit.after)
    if not candidates:
        return edit
    changing = {a.id for a in edit.before}
    index = store._mention_index()
    # One look at the references for all (a bulk delete may leave thousands).
    named = {ann.attribute(name) for ann, name in references_to(store, candidates)
             if ann.id not in changing}
    orphans = [store._entities[e] for e in sorted(candidates - named)
               if index.get(e, set()) <= changing]
    if not orphans:
        return edit
    what = (f"{edit.description} and entity “{orphans[0].name}”" if len(orphans) == 1
            else f"{edit.description} and {len(orphans)} entities")
    return Edit(edit.before, edit.after, what, edit.entities_before + tuple(orphans),
                edit.entities_after)


def _cleared(store: AnnotationStore, ids: set[str]) -> dict[str, Annotation]:
    """The referring annotations with their references to ``ids`` cleared, by id."""
    changed: dict[str, Annotation] = {}
    for ann, name in references_to(store, ids):
        changed[ann.id] = _without(changed.get(ann.id, ann), [name])
    return changed


def remove(store: AnnotationStore | AnnotatedDocument, ids: Iterable[str],
           clear_references: bool = True) -> Edit:
    """An edit deleting annotations. With ``clear_references`` (the default) the
    references other annotations hold to them are cleared in the same edit, so
    that undo restores both; without, such references are refused."""
    store = _store(store)
    old = tuple(store.get(i) for i in dict.fromkeys(ids))
    if not old:
        raise AnnotationError("no annotation selected")
    gone = {a.id for a in old}
    changed = _cleared(store, gone)
    if changed and not clear_references:
        ann = next(iter(changed.values()))
        raise AnnotationError(f"{_label(store, ann.tag)} {ann.id} refers to an annotation "
                              "being deleted")
    what = "Delete annotation" if len(old) == 1 else f"Delete {len(old)} annotations"
    if changed:
        what += f" (and {len(changed)} reference{'s' * (len(changed) != 1)} to it)"
    before = old + tuple(store.get(i) for i in changed)
    return _taking_orphans(store, Edit(before, tuple(changed.values()), what))


def _fits(store: AnnotationStore, tag: Tag, name: str, value: str) -> bool:
    definition = tag.attribute(name)
    if definition is None:
        return False
    try:
        if definition.check(value) != value:
            return False
    except AnnotationError:
        return False
    if definition.kind == "reference":
        return _reference_ok(store, definition.targets, value)
    return True


def _reference_ok(store: AnnotationStore, targets: tuple[str, ...], value: str,
                  overrides: Mapping[str, Annotation] | None = None) -> bool:
    target = (overrides or {}).get(value) or (store._by_id.get(value))
    if target is not None:
        return not targets or target.tag in targets
    entity = store._entities.get(value)
    if entity is None:
        return False
    return not targets or any(t in store.tagset and store.tagset[t].accepts_entity(entity.kind)
                              for t in targets)


def retag(store: AnnotationStore | AnnotatedDocument, ids: Iterable[str], tag: str) -> Edit:
    """Change the tag of annotations. Attribute values the new tag does not declare
    are dropped, and references that no longer fit their target tags are cleared.
    An entity link is kept if the new tag links to entities of that kind; else the
    mention moves to an entity of a kind the new tag names (found by its text as
    tagging finds one, or new), or is unlinked when the new tag names none. An
    entity nothing links to any more goes. All in the same edit."""
    store = _store(store)
    if tag not in store.tagset:
        raise AnnotationError(f"unknown tag {tag!r}")
    old = tuple(store.get(i) for i in dict.fromkeys(ids))
    old = tuple(a for a in old if a.tag != tag)
    if not old:
        raise AnnotationError(f"already tagged as {store.tagset[tag].label}")
    new_tag = store.tagset[tag]
    for ann in old:
        if store.find(ann.start, ann.end, tag) is not None:
            raise AnnotationError(f"“{store.text_of(ann)}” is already annotated as "
                                  f"{new_tag.label}")
    new = []
    created: list[Entity] = []
    taken: set[str] = set()
    for ann in old:
        keep = tuple((n, v) for n, v in ann.attributes if _fits(store, new_tag, n, v))
        entity = ann.entity if ann.entity and new_tag.accepts_entity(
            store._entities[ann.entity].kind) else ""
        old_tag = store.tagset[ann.tag] if ann.tag in store.tagset else None
        # A mention moves to an entity of the new kind, and a span that named nothing
        # is linked as tagging links it; an unlinked mention stays unlinked.
        if not entity and new_tag.entity and (ann.entity or old_tag is None
                                              or not old_tag.entity):
            text = store.text_of(ann)
            found = find_entity(store, text, new_tag, extra=created)
            if found is not None:
                _take_known(store, found, created)
            entity = (found or _new_entity(store, new_tag, text, taken, created)).id
        new.append(ann.changed(tag=tag, attributes=keep, entity=entity))
    retagged = {a.id: a for a in new}
    # References elsewhere that point at a retagged annotation and no longer fit.
    changed: dict[str, Annotation] = {}
    for other, name in references_to(store, retagged):
        definition = store.tagset[other.tag].attribute(name)
        assert definition is not None
        if not _reference_ok(store, definition.targets, other.attribute(name), retagged):
            changed[other.id] = _without(changed.get(other.id, other), [name])
    before = old + tuple(store.get(i) for i in changed)
    what = f"Retag as {new_tag.label}"
    if len(created) == 1:
        what += f" (new entity “{created[0].name}”)"
    elif created:
        what += f" ({len(created)} new entities)"
    return _taking_orphans(store, Edit(before, tuple(new) + tuple(changed.values()), what,
                                       (), tuple(created)))


# -- attribute values and notes -----------------------------------------------------------
def set_attributes(store: AnnotationStore | AnnotatedDocument, ann_id: str,
                   values: Mapping[str, str]) -> Edit:
    """An edit setting attribute values of one annotation; "" clears a value.

    Each value is checked against its definition (kind, choices, dates,
    numbers); a reference must name an existing annotation of one of the
    definition's target tags, or an entity such annotations may link to.
    Values are kept in the order the tag declares its attributes.
    """
    store = _store(store)
    if ann_id not in store:
        raise AnnotationError(f"no annotation {ann_id!r}")
    ann = store.get(ann_id)
    tag = store.tagset[ann.tag]
    current = dict(ann.attributes)
    for name, value in values.items():
        definition = tag.attribute(name)
        if definition is None:
            raise AnnotationError(f"{tag.label} has no attribute {name!r}")
        if value == "" or value is None:
            current.pop(name, None)
            continue
        value = definition.check(value)
        if definition.kind == "reference":
            if value == ann_id:
                raise AnnotationError(f"{definition.label}: an annotation cannot refer to "
                                      "itself")
            if not _reference_ok(store, definition.targets, value):
                wanted = " or ".join(_label(store, t) for t in definition.targets) or "any"
                raise AnnotationError(f"{definition.label}: {value!r} is not an annotation "
                                      f"or entity of the right kind ({wanted})")
        current[name] = value
    ordered = tuple((a.name, current[a.name]) for a in tag.attributes if a.name in current)
    if ordered == ann.attributes:
        raise AnnotationError("nothing changed")
    if len(values) == 1:
        definition = tag.attribute(next(iter(values)))
        what = f"Set {definition.label}" if definition else "Set attribute"
    else:
        what = "Set attributes"
    return _taking_orphans(store, Edit((ann,), (ann.changed(attributes=ordered),), what))


def set_note(store: AnnotationStore | AnnotatedDocument, ann_id: str, note: str) -> Edit:
    """An edit setting (or, with "", removing) the free-text note of an annotation."""
    store = _store(store)
    if ann_id not in store:
        raise AnnotationError(f"no annotation {ann_id!r}")
    ann = store.get(ann_id)
    if forbidden_xml_char(note) is not None:
        raise AnnotationError("a note cannot contain control characters")
    if note == ann.note:
        raise AnnotationError("nothing changed")
    return Edit((ann,), (ann.changed(note=note),), "Edit note" if note else "Remove note")


def add_range(store: AnnotationStore | AnnotatedDocument, ann_id: str, start: int, end: int
              ) -> Edit:
    """An edit adding the range [start, end) (trimmed to paragraph text, as a new
    annotation's selection is) to annotation ``ann_id``, which then covers separate
    ranges. A range that overlaps one of its ranges is refused; one that touches
    one (nothing but a paragraph break between) grows it."""
    store = _store(store)
    if ann_id not in store:
        raise AnnotationError(f"no annotation {ann_id!r}")
    ann = store.get(ann_id)
    start, end = store.document.trim_to_paragraphs(start, end)
    if start >= end:
        raise AnnotationError("the selection holds no text to annotate")
    if any(start < old_end and old_start < end for old_start, old_end in ann.ranges):
        raise AnnotationError(f"“{store.document.text[start:end]}” overlaps the annotation "
                              "it would be added to")
    ranges = sorted((*ann.ranges, (start, end)))
    merged = [ranges[0]]
    for range_start, range_end in ranges[1:]:
        gap_start, gap_end = store.document.trim_to_paragraphs(merged[-1][1], range_start)
        if gap_start >= gap_end:  # no text between: one range
            merged[-1] = (merged[-1][0], range_end)
        else:
            merged.append((range_start, range_end))
    new = _with_ranges(ann, merged)
    store.check(new)
    return Edit((ann,), (new,), "Add range to annotation")


def remove_range(store: AnnotationStore | AnnotatedDocument, ann_id: str, number: int) -> Edit:
    """An edit taking range ``number`` (0 the first, in text order) from annotation
    ``ann_id``; its only range cannot be taken (remove the annotation instead)."""
    store = _store(store)
    if ann_id not in store:
        raise AnnotationError(f"no annotation {ann_id!r}")
    ann = store.get(ann_id)
    ranges = list(ann.ranges)
    if len(ranges) == 1:
        raise AnnotationError("an annotation keeps at least one range")
    if not 0 <= number < len(ranges):
        raise AnnotationError(f"annotation {ann_id!r} has no range {number + 1}")
    del ranges[number]
    return Edit((ann,), (_with_ranges(ann, ranges),), "Remove range from annotation")


def _with_ranges(ann: Annotation, ranges: Sequence[tuple[int, int]]) -> Annotation:
    (start, end), *more = ranges
    return ann.changed(start=start, end=end, more=tuple(more))


def conform(store: AnnotationStore | AnnotatedDocument) -> Edit | None:
    """After the tagset changed (an attribute removed or redefined, a tag's entity
    kind changed): an edit dropping the values and links that no longer fit, or
    None if everything fits. Push it so that undo brings them back."""
    store = _store(store)
    old, new = [], []
    for ann in store:
        if not (ann.attributes or ann.entity):
            continue
        tag = store.tagset[ann.tag]
        keep = tuple((n, v) for n, v in ann.attributes if _fits(store, tag, n, v))
        entity = ann.entity if ann.entity and ann.entity in store._entities and \
            tag.accepts_entity(store._entities[ann.entity].kind) else ""
        if keep != ann.attributes or entity != ann.entity:
            old.append(ann)
            new.append(ann.changed(attributes=keep, entity=entity))
    if not old:
        return None
    return _taking_orphans(store, Edit(tuple(old), tuple(new),
                                       "Drop values the tagset no longer allows"))


# -- entities -------------------------------------------------------------------------------
def _entity(store: AnnotationStore, entity_id: str) -> Entity:
    if entity_id not in store._entities:
        raise AnnotationError(f"no entity {entity_id!r}")
    return store._entities[entity_id]


def _linkable(store: AnnotationStore, ann: Annotation, entity: Entity) -> None:
    tag = store.tagset[ann.tag]
    if not tag.accepts_entity(entity.kind):
        raise AnnotationError(f"a mention tagged {tag.label} cannot name a "
                              f"{entity.kind} (“{entity.name}”)")


def create_entity(store: AnnotationStore | AnnotatedDocument, kind: str, name: str,
                  type: str = "", identifiers: Iterable[tuple[str, str]] = (),
                  mentions: Iterable[str] = (), entity_id: str = "") -> Edit:
    """An edit adding a new entity (id generated from kind and name unless given),
    optionally linking annotations ``mentions`` to it. The new entity is
    ``edit.entities_after[0]``."""
    store = _store(store)
    if not entity_id:
        entity_id = _new_entity_id(store, kind, name) if kind in ID_PREFIX else "x"
    elif store.id_taken(entity_id):
        raise AnnotationError(f"the id {entity_id!r} is already used")
    entity = Entity(entity_id, kind, " ".join(name.split()), type, tuple(identifiers))
    old = tuple(store.get(i) for i in dict.fromkeys(mentions))
    for ann in old:
        _linkable(store, ann, entity)
    new = tuple(a.changed(entity=entity.id) for a in old)
    return Edit(old, new, f"New entity “{entity.name}”", (), (entity,))


def update_entity(store: AnnotationStore | AnnotatedDocument, entity_id: str, *,
                  name: str | None = None, kind: str | None = None,
                  type: str | None = None) -> Edit:
    """An edit changing an entity's name, kind or type. A new kind is refused while
    a mention's tag, or a reference naming the entity, cannot name that kind; it
    gives the entity an id of its kind ("org-hegseth" > "pers-hegseth"), and every
    mention and reference follows it, in the same edit."""
    store = _store(store)
    old = _entity(store, entity_id)
    new = replace(old, name=" ".join(name.split()) if name is not None else old.name,
                  kind=kind if kind is not None else old.kind,
                  type=type if type is not None else old.type)
    if new == old:
        raise AnnotationError("nothing changed")
    if new.kind == old.kind:
        if new.name != old.name:
            what = f"Rename entity to “{new.name}”"
        else:
            what = (f"Make the type of “{new.name}” {new.type}" if new.type
                    else f"Clear the type of “{new.name}”")
        return Edit((), (), what, (old,), (new,))
    mentions = store.mentions(entity_id)
    for ann in mentions:
        _linkable(store, ann, new)
    references = references_to(store, [entity_id])
    for ann, attr in references:
        definition = store.tagset[ann.tag].attribute(attr)
        assert definition is not None
        if definition.targets and not any(
                t in store.tagset and store.tagset[t].accepts_entity(new.kind)
                for t in definition.targets):
            raise AnnotationError(f"{_label(store, ann.tag)} {ann.id} names “{old.name}” as "
                                  f"{definition.label}, which cannot be "
                                  f"{_a(KIND_LABELS[new.kind].lower())}")
    what = f"Make “{new.name}” {_a(KIND_LABELS[new.kind].lower())}"
    return _with_id(store, old, replace(new, id=_id_of_kind(store, new)), what)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _id_of_kind(store: AnnotationStore, entity: Entity) -> str:
    """The id ``entity`` has as what it is: an id made for another kind gets the
    prefix of its own ("org-putin" of a person > "pers-putin"); other ids are kept."""
    prefix = next((p for p in ID_PREFIX.values() if entity.id.startswith(f"{p}-")), None)
    if prefix is None or prefix == ID_PREFIX[entity.kind]:
        return entity.id
    return _free_id(store, f"{ID_PREFIX[entity.kind]}{entity.id[len(prefix):]}")


def _with_id(store: AnnotationStore, old: Entity, new: Entity, what: str) -> Edit:
    """An edit replacing ``old`` by ``new``; if its id changes, every mention and
    every reference naming it follow."""
    if new.id == old.id:
        return Edit((), (), what, (old,), (new,))
    changed = {a.id: a.changed(entity=new.id) for a in store.mentions(old.id)}
    for ann, attr in references_to(store, [old.id]):
        current = changed.get(ann.id, ann)
        changed[ann.id] = current.changed(attributes=tuple(
            (n, new.id if n == attr and v == old.id else v) for n, v in current.attributes))
    before = tuple(store.get(i) for i in changed)
    return Edit(before, tuple(changed.values()), what, (old,), (new,))


def id_of_kind(store: AnnotationStore | AnnotatedDocument, entity_id: str) -> Edit | None:
    """An edit giving an entity whose id was made for another kind (Annotator 1.0
    kept "org-hegseth" for a person) the id of its own kind, every link following;
    None if its id fits."""
    store = _store(store)
    entity = _entity(store, entity_id)
    new_id = _id_of_kind(store, entity)
    if new_id == entity_id:
        return None
    return _with_id(store, entity, replace(entity, id=new_id),
                    f"Give “{entity.name}” the id {new_id}")


def rename_entity(store: AnnotationStore | AnnotatedDocument, entity_id: str, name: str
                  ) -> Edit:
    return update_entity(store, entity_id, name=name)


def set_identifiers(store: AnnotationStore | AnnotatedDocument, entity_id: str,
                    identifiers: Mapping[str, str] | Iterable[tuple[str, str]]) -> Edit:
    """An edit setting identifiers: ``{"wikidata": "Q183", "iso3166": "DEU"}``; an
    empty value removes that scheme's identifier, schemes not given are kept.
    A bad Wikidata id, country code or URI raises ``AnnotationError``."""
    store = _store(store)
    old = _entity(store, entity_id)
    pairs = list(identifiers.items() if isinstance(identifiers, Mapping) else identifiers)
    new = replace(old, identifiers=old.identifiers + tuple(pairs))
    if new == old:
        raise AnnotationError("nothing changed")
    return Edit((), (), f"Set identifiers of “{old.name}”", (old,), (new,))


def link(store: AnnotationStore | AnnotatedDocument, ann_ids: Iterable[str], entity_id: str
         ) -> Edit:
    """An edit linking annotations to an entity (replacing any link they had)."""
    store = _store(store)
    entity = _entity(store, entity_id)
    old = tuple(a for a in (store.get(i) for i in dict.fromkeys(ann_ids))
                if a.entity != entity_id)
    if not old:
        raise AnnotationError(f"already linked to “{entity.name}”")
    for ann in old:
        _linkable(store, ann, entity)
    new = tuple(a.changed(entity=entity_id) for a in old)
    return _taking_orphans(store, Edit(old, new, f"Link to “{entity.name}”"))


def unlink(store: AnnotationStore | AnnotatedDocument, ann_ids: Iterable[str]) -> Edit:
    """An edit removing the entity links of annotations (they stay annotations; an
    entity nothing links to any more goes)."""
    store = _store(store)
    old = tuple(a for a in (store.get(i) for i in dict.fromkeys(ann_ids)) if a.entity)
    if not old:
        raise AnnotationError("not linked to an entity")
    return _taking_orphans(store, Edit(old, tuple(a.changed(entity="") for a in old),
                                       "Unlink from entity"))


def merge_entities(store: AnnotationStore | AnnotatedDocument, keep: str,
                   others: Iterable[str]) -> Edit:
    """An edit merging entities ``others`` into ``keep``: their mentions and the
    references naming them move to ``keep``, identifiers ``keep`` lacks are
    taken over, and ``others`` are deleted."""
    store = _store(store)
    kept = _entity(store, keep)
    gone = [_entity(store, e) for e in dict.fromkeys(others) if e != keep]
    if not gone:
        raise AnnotationError("choose at least two entities to merge")
    gone_ids = {e.id for e in gone}
    identifiers = dict(kept.identifiers)
    for e in gone:
        for scheme, value in e.identifiers:
            identifiers.setdefault(scheme, value)
    merged = replace(kept, identifiers=tuple(identifiers.items()))
    changed: dict[str, Annotation] = {}
    for e in gone:
        for ann in store.mentions(e.id):
            _linkable(store, ann, kept)
            changed[ann.id] = ann.changed(entity=keep)
    for ann, name in references_to(store, gone_ids):
        current = changed.get(ann.id, ann)
        changed[ann.id] = current.changed(attributes=tuple(
            (n, keep if n == name and v in gone_ids else v) for n, v in current.attributes))
    before = tuple(store.get(i) for i in changed)
    names = ", ".join(f"“{e.name}”" for e in gone)
    return Edit(before, tuple(changed.values()), f"Merge {names} into “{kept.name}”",
                (kept, *gone), (merged,))


def split_entity(store: AnnotationStore | AnnotatedDocument, entity_id: str,
                 mention_ids: Iterable[str], name: str = "",
                 new_entity: Entity | None = None) -> Edit:
    """An edit moving some mentions of an entity to a new entity of the same kind
    and type (named ``name``, or by the first mention's text; ``new_entity`` when
    given: a split across a corpus makes one entity for every document). References
    to the old entity stay with it. The new entity is ``edit.entities_after[0]``."""
    store = _store(store)
    old_entity = _entity(store, entity_id)
    moving = tuple(store.get(i) for i in dict.fromkeys(mention_ids))
    if not moving:
        raise AnnotationError("choose the mentions to split off")
    for ann in moving:
        if ann.entity != entity_id:
            raise AnnotationError(f"annotation {ann.id} is not a mention of "
                                  f"“{old_entity.name}”")
    first = min(moving, key=Annotation.sort_key)
    name = " ".join((name or store.text_of(first)).split())
    entity = new_entity or Entity(_new_entity_id(store, old_entity.kind, name),
                                  old_entity.kind, name, old_entity.type)
    new = tuple(a.changed(entity=entity.id) for a in moving)
    return _taking_orphans(store, Edit(moving, new, f"Split “{name}” from “{old_entity.name}”",
                                       (), (entity,)))


def delete_entity(store: AnnotationStore | AnnotatedDocument, entity_id: str) -> Edit:
    """An edit deleting an entity: its mentions are unlinked (they stay annotations)
    and references naming it are cleared, in the same edit."""
    store = _store(store)
    entity = _entity(store, entity_id)
    changed: dict[str, Annotation] = {a.id: a.changed(entity="")
                                      for a in store.mentions(entity_id)}
    for ann, name in references_to(store, [entity_id]):
        changed[ann.id] = _without(changed.get(ann.id, ann), [name])
    before = tuple(store.get(i) for i in changed)
    return Edit(before, tuple(changed.values()), f"Delete entity “{entity.name}”",
                (entity,), ())


def unused_entities(store: AnnotationStore | AnnotatedDocument) -> list[Entity]:
    """The entities that nothing mentions or names in a reference, by id (a file
    saved by Annotator 1.0 may hold some: it kept an entity after its last mention)."""
    store = _store(store)
    counts = store.mention_counts()
    named = _named_entities(store, store.with_values())
    return [e for _id, e in sorted(store._entities.items())
            if not counts.get(e.id) and e.id not in named]


def delete_unused_entities(store: AnnotationStore | AnnotatedDocument) -> Edit:
    """An edit deleting the ``unused_entities``."""
    unused = unused_entities(store)
    if not unused:
        raise AnnotationError("every entity is mentioned or named by a reference")
    what = (f"Delete the unused entity “{unused[0].name}”" if len(unused) == 1
            else f"Delete {len(unused)} unused entities")
    return Edit((), (), what, tuple(unused), ())


def add_missing(store: AnnotationStore | AnnotatedDocument,
                spans: Iterable[tuple[int, int]], tag: str, resp: str = ""
                ) -> tuple[Edit | None, int]:
    """Tag every span of ``spans`` (all occurrences of a search) with ``tag``, as
    ``add_linked`` does, in one edit; spans already annotated with that tag (or given
    twice) are skipped. Returns the edit (None when nothing is new) and how many were
    skipped."""
    store = _store(store)
    if tag not in store.tagset:
        raise AnnotationError(f"there is no tag {tag!r} in the tagset")
    new: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int]] = set()
    skipped = 0
    for start, end in spans:
        start, end = store.document.trim_to_paragraphs(start, end)
        if start >= end or (start, end) in seen or store.find(start, end, tag) is not None:
            skipped += 1
            continue
        seen.add((start, end))
        new.append((start, end, tag))
    if not new:
        return None, skipped
    edit = add_linked(store, new, resp)
    label = _label(store, tag)
    return replace(edit, description=f"Tag {len(new)} occurrences as {label}"
                   if len(new) > 1 else edit.description), skipped
