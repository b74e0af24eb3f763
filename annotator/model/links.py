"""The links an annotation makes through its reference attributes.

A commitment names its donor, recipient, supplier, item and source by
reference: to another annotation (the mention the user clicked) or to an
entity. The text view draws these links; this module says where they lead,
so the view asks no questions about attributes or entities itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.model.annotation import Annotation
from annotator.model.entities import Entity
from annotator.model.store import AnnotationStore


@dataclass(frozen=True)
class Link:
    """One filled reference attribute of an annotation and what it leads to."""

    name: str  # the attribute ("donor")
    label: str  # its label ("Donor")
    value: str  # the stored value: an annotation or entity id
    target: Annotation | None  # the mention to show: the referenced one, or the
    # entity's mention nearest to the referring annotation; None if it has none
    entity: Entity | None  # the entity the target is (or is a mention of), if any

    @property
    def name_shown(self) -> str:
        """What to call the target: its entity's name, else its own text."""
        return self.entity.name if self.entity is not None else ""


def links_of(store: AnnotationStore, ann: Annotation) -> list[Link]:
    """The filled reference attributes of ``ann``, in the order its tag declares them."""
    if ann.tag not in store.tagset or not ann.attributes:
        return []
    tag = store.tagset[ann.tag]
    values = dict(ann.attributes)
    links = []
    for definition in tag.attributes:
        value = values.get(definition.name, "")
        if definition.kind != "reference" or not value:
            continue
        target: Annotation | None = None
        entity: Entity | None = None
        if value in store:
            target = store.get(value)
            if target.entity and store.has_entity(target.entity):
                entity = store.entity(target.entity)
        elif store.has_entity(value):
            entity = store.entity(value)
            mentions = store.mentions(value)
            if mentions:
                target = min(mentions, key=lambda m: abs(m.start - ann.start))
        links.append(Link(definition.name, definition.label, value, target, entity))
    return links
