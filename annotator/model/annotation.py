"""Annotations, the people who make them, and the document's revision history."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, init=False)
class Annotation:
    """A tagged span [start, end) of the document text, in code points.

    Immutable: an edit replaces the annotation with a new value of the same id.

    ``attributes`` holds the values of the tag's attributes (see
    ``annotator.model.attributes``) as ``(name, value)`` pairs in the order the
    tag declares them; every value is a string (a number as decimal text, a date
    as ``YYYY[-MM[-DD]]``, a yes/no as ``"true"``/``"false"``, a reference as the
    id of an annotation or an entity). ``note`` is a free-text comment and
    ``entity`` the id of the entity this mention is linked to ("" for none).
    """

    id: str
    tag: str
    start: int
    end: int
    resp: str = ""  # id of the Annotator who made it, "" if unknown
    attributes: tuple[tuple[str, str], ...] = ()
    note: str = ""
    entity: str = ""

    # Written by hand: a document holds 100,000 of these, and defaults left on the
    # class (not copied into each instance) keep creating one as cheap as before.
    def __init__(self, id: str, tag: str, start: int, end: int, resp: str = "",
                 attributes: tuple[tuple[str, str], ...] = (), note: str = "",
                 entity: str = "") -> None:
        put = object.__setattr__
        put(self, "id", id)
        put(self, "tag", tag)
        put(self, "start", start)
        put(self, "end", end)
        if resp:
            put(self, "resp", resp)
        if attributes:
            put(self, "attributes", tuple(attributes))
        if note:
            put(self, "note", note)
        if entity:
            put(self, "entity", entity)

    @property
    def length(self) -> int:
        return self.end - self.start

    def sort_key(self) -> tuple[int, int, str]:
        """Document order: by start, enclosing spans before the ones they contain."""
        return (self.start, -self.end, self.id)

    def attribute(self, name: str) -> str:
        """The value of attribute ``name``, "" when it has none."""
        for key, value in self.attributes:
            if key == name:
                return value
        return ""

    def values(self) -> dict[str, str]:
        """The attribute values as a dict (a copy)."""
        return dict(self.attributes)


@dataclass(frozen=True)
class Annotator:
    """A person (or tool) named in the header as responsible for annotations."""

    id: str
    name: str


@dataclass(frozen=True)
class Revision:
    """One entry of the revision history: written at each save."""

    when: str  # ISO 8601 date-time, UTC
    who: str  # Annotator id
    description: str = ""
