"""Annotations, the people who make them, and the document's revision history."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Annotation:
    """A tagged span [start, end) of the document text, in code points.

    Immutable: an edit replaces the annotation with a new value of the same id.
    """

    id: str
    tag: str
    start: int
    end: int
    resp: str = ""  # id of the Annotator who made it, "" if unknown

    @property
    def length(self) -> int:
        return self.end - self.start

    def sort_key(self) -> tuple[int, int, str]:
        """Document order: by start, enclosing spans before the ones they contain."""
        return (self.start, -self.end, self.id)


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
