"""An annotated document: everything a saved TEI file holds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from annotator.model.annotation import Annotation, Annotator, Revision
from annotator.model.document import Document
from annotator.model.edits import restore
from annotator.model.entities import Entity, slug
from annotator.model.store import AnnotationStore
from annotator.model.tagset import Tagset, default_tagset


@dataclass
class AnnotatedDocument:
    """The text, its tagset, its annotations, who made them, and the revision history."""

    document: Document
    tagset: Tagset = field(default_factory=default_tagset)
    annotators: dict[str, Annotator] = field(default_factory=dict)
    revisions: list[Revision] = field(default_factory=list)
    annotations: AnnotationStore = field(init=False)

    def __post_init__(self) -> None:
        self.annotations = AnnotationStore(self.document, self.tagset)

    @classmethod
    def create(cls, document: Document, tagset: Tagset | None = None,
               annotators: Iterable[Annotator] = (), revisions: Iterable[Revision] = (),
               annotations: Iterable[Annotation] = (),
               entities: Iterable[Entity] = ()) -> AnnotatedDocument:
        doc = cls(document, tagset or default_tagset(),
                  {a.id: a for a in annotators}, list(revisions))
        register = list(entities)
        if register:
            doc.annotations._swap_entities((), register)
        anns = list(annotations)
        if anns:
            restore(doc.annotations, anns).apply(doc.annotations)
        return doc

    def use_tagset(self, tagset: Tagset) -> None:
        """Replace the tagset; the store's listeners hear of it."""
        self.tagset = tagset
        self.annotations.replace_tagset(tagset)

    @property
    def entities(self) -> dict[str, Entity]:
        """The entity register, by id (a copy; change it with ``edits``)."""
        return self.annotations.entities

    def annotator_for(self, name: str) -> Annotator:
        """The annotator with this name, added to the header if new."""
        name = name.strip() or "Anonymous"
        for annotator in self.annotators.values():
            if annotator.name == name:
                return annotator
        base = "ann-" + (slug(name, limit=None) or "user")
        ann_id, n = base, 2
        while ann_id in self.annotators or self.annotations.id_taken(ann_id):
            ann_id, n = f"{base}-{n}", n + 1
        annotator = Annotator(ann_id, name)
        self.annotators[ann_id] = annotator
        return annotator

    def record_revision(self, who: str, description: str = "Annotations saved",
                        when: datetime | None = None) -> Revision:
        stamp = (when or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        revision = Revision(stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), who, description)
        self.revisions.append(revision)
        return revision

    def snapshot(self) -> tuple:
        """A value that is equal for two documents with the same content (for tests)."""
        return (
            self.document.text,
            tuple(self.document.paragraphs),
            self.document.metadata,
            tuple(self.tagset),
            tuple(sorted(self.annotators.values(), key=lambda a: a.id)),
            tuple(self.revisions),
            tuple(sorted(self.annotations, key=lambda a: a.id)),
            tuple(sorted(self.annotations.entities.values(), key=lambda e: e.id)),
        )

