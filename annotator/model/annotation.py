"""Annotations, the people who make them, and the document's revision history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from typing import Any, NamedTuple


class _AnnotationFields(NamedTuple):
    id: str
    tag: str
    start: int
    end: int
    resp: str = ""  # id of the Annotator who made it, "" if unknown
    attributes: tuple[tuple[str, str], ...] = ()
    note: str = ""
    entity: str = ""
    # The ranges after the first, for a discontinuous annotation: (start, end) pairs in
    # text order, each apart from the one before by some paragraph text. start and end
    # stay the first range, so code that reads only them never claims unannotated text.
    more: tuple[tuple[int, int], ...] = ()


class Annotation(_AnnotationFields):
    """A tagged span [start, end) of the document text, in code points.

    Immutable: an edit replaces the annotation with a new value of the same id
    (``changed``).

    ``attributes`` holds the values of the tag's attributes (see
    ``annotator.model.attributes``) as ``(name, value)`` pairs in the order the
    tag declares them; every value is a string (a number as decimal text, a date
    as ``YYYY[-MM[-DD]]``, a yes/no as ``"true"``/``"false"``, a reference as the
    id of an annotation or an entity). ``note`` is a free-text comment and
    ``entity`` the id of the entity this mention is linked to ("" for none).

    A named tuple rather than a dataclass: a document holds 100,000 of these, and
    a reader makes them all at C speed with ``Annotation.many`` (one
    ``tuple.__new__`` each, mapped over columns, several times faster than a
    Python ``__init__``), and fields are read through C-level getters.
    """

    __slots__ = ()

    def __new__(cls, id: str, tag: str, start: int, end: int, resp: str = "",
                attributes: Iterable[tuple[str, str]] = (), note: str = "",
                entity: str = "", more: Iterable[tuple[int, int]] = ()) -> Annotation:
        return tuple.__new__(cls, (id, tag, start, end, resp, tuple(attributes), note, entity,
                                   tuple(map(tuple, more))))

    @classmethod
    def many(cls, ids: Iterable[str], tags: Iterable[str], starts: Iterable[int],
             ends: Iterable[int], resps: Iterable[str]) -> list[Annotation]:
        """Annotations without values, notes or links, one per position of the
        columns (which must be of equal length): built without a Python call each."""
        rows = zip(ids, tags, starts, ends, resps, repeat(()), repeat(""), repeat(""),
                   repeat(()))
        return list(map(tuple.__new__, repeat(cls), rows))

    def changed(self, **fields: Any) -> Annotation:
        """A copy with ``fields`` replaced (``dataclasses.replace`` for this tuple)."""
        if "attributes" in fields:
            fields["attributes"] = tuple(fields["attributes"])
        if "more" in fields:
            fields["more"] = tuple(map(tuple, fields["more"]))
        return self._replace(**fields)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self,
                                                                      strict=True)
                          if value or name in ("id", "tag", "start", "end"))
        return f"Annotation({shown})"

    @property
    def length(self) -> int:
        """The length of the first range."""
        return self.end - self.start

    @property
    def ranges(self) -> tuple[tuple[int, int], ...]:
        """Every range (start, end) of the annotation, in text order."""
        return ((self.start, self.end), *self.more)

    @property
    def last_end(self) -> int:
        """The end of the last range."""
        return self.more[-1][1] if self.more else self.end

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
