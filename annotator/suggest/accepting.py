"""Turning accepted suggestions into annotations: one edit, with the entity links the
sources know (a gazetteer's "Norwegen" makes its new entity a state with ISO code NO)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from annotator.model import edits
from annotator.model.edits import Edit
from annotator.model.entities import ENTITY_KINDS, normal_identifiers
from annotator.model.session import AnnotatedDocument
from annotator.suggest.suggestion import Suggestion


def accept(doc: AnnotatedDocument, chosen: Sequence[tuple[Suggestion, str]], resp: str = ""
           ) -> Edit:
    """The edit that annotates each ``(suggestion, tag)`` (the tag the user chose, the
    suggestion's own unless a tag key said otherwise) and links the mentions as
    ``edits.add_linked`` does; entities it makes take the kind, type and identifiers
    the suggestion's source knows."""
    edit = edits.add_linked(doc, [(s.start, s.end, tag) for s, tag in chosen], resp)
    if not edit.entities_after:
        return edit
    by_span = {(s.start, s.end): s for s, _tag in chosen}
    created = {e.id: e for e in edit.entities_after}
    for ann in edit.after:
        item = by_span.get((ann.start, ann.end))
        entity = created.get(ann.entity)
        if item is None or entity is None or not (item.identifiers or item.entity_type):
            continue
        kind = item.entity_kind if item.entity_kind in ENTITY_KINDS else entity.kind
        if not doc.tagset[ann.tag].accepts_entity(kind):
            kind = entity.kind
        created[entity.id] = dataclasses.replace(
            entity, kind=kind, type=item.entity_type or entity.type,
            identifiers=normal_identifiers((*entity.identifiers, *item.identifiers)))
    return dataclasses.replace(edit, entities_after=tuple(created[e.id]
                                                          for e in edit.entities_after))
