"""Files of Annotator 1.0: the Kind field of its actors becomes their entities' kind.

Annotator 1.0's default tagset gave the actor tag a choice attribute ``kind``
(person, state, organisation, alliance, other) beside the kind of the entity an
actor is linked to: two settings that did not talk, so "Pete Hegseth" could be a
person in one and an organisation in the other, and an entity made a person
kept its id ``org-pete-hegseth``. Since 1.1 the entity's kind and type are the
one truth, and its id follows its kind. ``upgrade`` brings a document read from
a file there (``take_actor_kinds``, then ``ids_of_kind``); ``without_actor_kind``
drops the attribute from a tagset (one saved as the default, or loaded from a file).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from annotator.errors import AnnotationError
from annotator.model import edits
from annotator.model.annotation import Annotation
from annotator.model.attributes import AttributeDef
from annotator.model.session import AnnotatedDocument
from annotator.model.tagset import Tag, Tagset

ACTOR_KINDS = ("person", "state", "organisation", "alliance", "other")
# The kind and type of entity each value stands for; None: it says nothing.
ENTITY_OF_ACTOR_KIND: dict[str, tuple[str, str] | None] = {
    "person": ("person", ""), "state": ("place", "state"), "organisation": ("org", ""),
    "alliance": ("org", "alliance"), "other": None}


def actor_kind(tag: Tag) -> AttributeDef | None:
    """``tag``'s Kind attribute as Annotator 1.0 defined it for actors, if it has one."""
    definition = tag.attribute("kind")
    if definition is None or definition.kind != "choice" or tag.entity != "org":
        return None
    return definition if set(definition.choices) <= set(ACTOR_KINDS) else None


def without_actor_kind(tagset: Tagset) -> Tagset:
    """``tagset`` without the 1.0 actors' Kind attribute (itself if it has none)."""
    if not any(actor_kind(tag) for tag in tagset):
        return tagset
    return Tagset(replace(tag, attributes=tuple(a for a in tag.attributes
                                                if a is not actor_kind(tag)))
                  for tag in tagset)


def upgrade(doc: AnnotatedDocument) -> list[str]:
    """Bring a document read from a file written by Annotator 1.0 to 1.1's ways;
    what the user should be told (nothing for a document that needs nothing)."""
    return take_actor_kinds(doc) + ids_of_kind(doc)


def ids_of_kind(doc: AnnotatedDocument) -> list[str]:
    """Give every entity whose id was made for another kind the id of its own
    (``edits.id_of_kind``)."""
    store = doc.annotations
    renamed = []
    for entity_id in sorted(store.entities):
        edit = edits.id_of_kind(store, entity_id)
        if edit is not None:
            edit.apply(store)
            renamed.append((entity_id, edit.entities_after[0].id))
    if not renamed:
        return []
    example = f"{renamed[0][0]} is now {renamed[0][1]}"
    return [f"{len(renamed)} entity id{'s' * (len(renamed) != 1)} now follow"
            f"{'s' * (len(renamed) == 1)} the kind of the entity ({example})"]


def take_actor_kinds(doc: AnnotatedDocument) -> list[str]:
    """Make the Kind values of a 1.0 document's actors the kinds of their entities,
    and drop the attribute and its values. Returns what the user should be told
    (nothing if the document has no such attribute).

    An entity takes the value most of its mentions have (the first one on a tie):
    "state" makes it a place of type "state", "alliance" an org of type
    "alliance", "person" a person ("other" says nothing). Its id follows its new
    kind, with every link to it. An entity already made a person or a place in
    1.0's Entities panel keeps that kind. A value that its entity does not take (an
    unlinked actor's, or one outvoted) is kept in the actor's note, not lost.
    Applied as the file is read, not as an undoable edit.
    """
    tags = {tag.id: definition for tag in doc.tagset if (definition := actor_kind(tag))}
    if not tags:
        return []
    store = doc.annotations
    valued = [a for a in store.with_values() if a.tag in tags and a.attribute("kind")]
    votes: dict[str, Counter[str]] = {}
    for ann in valued:
        if ann.entity and store.has_entity(ann.entity):
            votes.setdefault(ann.entity, Counter())[ann.attribute("kind")] += 1
    changed = 0
    for entity_id, counter in votes.items():
        wanted = ENTITY_OF_ACTOR_KIND.get(counter.most_common(1)[0][0])
        entity = store.entity(entity_id)
        if wanted is None:
            continue
        kind = entity.kind if entity.kind != "org" else wanted[0]
        type_ = entity.type or (wanted[1] if kind == wanted[0] else "")
        if (kind, type_) == (entity.kind, entity.type):
            continue
        try:
            edit = edits.update_entity(store, entity_id, kind=kind, type=type_)
        except AnnotationError:
            continue  # a mention or reference that cannot name that kind: left as it was
        edit.apply(store)
        changed += 1
    kept = 0
    before: list[Annotation] = []
    after: list[Annotation] = []
    for ann in (store.get(a.id) for a in valued):
        value = ann.attribute("kind")
        note = ann.note
        if not _agrees(doc, ann.entity, value):
            label = tags[ann.tag].label_of(value)
            note = f"{note}\n" if note else ""
            note += f"Kind (Annotator 1.0): {label}"
            kept += 1
        before.append(ann)
        after.append(ann.changed(attributes=tuple((n, v) for n, v in ann.attributes
                                                  if n != "kind"), note=note))
    if before:
        edits.Edit(tuple(before), tuple(after), "Move actor kinds to entities").apply(store)
    doc.use_tagset(without_actor_kind(doc.tagset))
    notes = ["the actors' Kind field of Annotator 1.0 is now the kind of their entities "
             "(Attributes panel)"]
    if changed:
        notes[0] += f": {changed} entit{'y' if changed == 1 else 'ies'} changed kind"
    if kept:
        notes.append(f"{kept} Kind value{'s' * (kept != 1)} that {'do' if kept != 1 else 'does'}"
                     f" not fit {'their' if kept != 1 else 'its'} entity "
                     f"{'are' if kept != 1 else 'is'} kept in the actor's note")
    return notes


def _agrees(doc: AnnotatedDocument, entity_id: str, value: str) -> bool:
    """Whether the entity ``entity_id`` is what the 1.0 Kind ``value`` says."""
    wanted = ENTITY_OF_ACTOR_KIND.get(value)
    if wanted is None:
        return True
    store = doc.annotations
    if not entity_id or not store.has_entity(entity_id):
        return False
    entity = store.entity(entity_id)
    return entity.kind == wanted[0] and (not wanted[1] or entity.type == wanted[1])
