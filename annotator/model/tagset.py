"""Tags (categories) the user annotates with, and the default tagset."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotator.errors import AnnotationError

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_TAG_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")


@dataclass(frozen=True)
class Tag:
    """One category: ``id`` is stable (it names the TEI category), the rest is display."""

    id: str
    label: str
    color: str  # "#rrggbb"
    key: str = ""  # a single character shortcut, "" for none
    description: str = ""
    element: str = "rs"  # element used by the inline TEI export: rs or seg

    def __post_init__(self) -> None:
        if not _TAG_ID.match(self.id):
            raise AnnotationError(f"tag id {self.id!r} must start with a letter and use "
                                  "only letters, digits, '-' and '_'")
        if not _COLOR.match(self.color):
            raise AnnotationError(f"tag colour {self.color!r} is not of the form #rrggbb")
        if len(self.key) > 1:
            raise AnnotationError(f"tag key {self.key!r} must be a single character")


class Tagset:
    """An ordered collection of tags with unique ids and unique keys."""

    def __init__(self, tags: Iterable[Tag] = ()) -> None:
        self._tags: dict[str, Tag] = {}
        for tag in tags:
            self.add(tag)

    def add(self, tag: Tag) -> None:
        if tag.id in self._tags:
            raise AnnotationError(f"tag {tag.id!r} is defined twice")
        if tag.key and self.by_key(tag.key) is not None:
            raise AnnotationError(f"key {tag.key!r} is already used by another tag")
        self._tags[tag.id] = tag

    def __iter__(self) -> Iterator[Tag]:
        return iter(self._tags.values())

    def __len__(self) -> int:
        return len(self._tags)

    def __contains__(self, tag_id: object) -> bool:
        return tag_id in self._tags

    def __getitem__(self, tag_id: str) -> Tag:
        return self._tags[tag_id]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tagset) and list(self) == list(other)

    def ids(self) -> list[str]:
        return list(self._tags)

    def by_key(self, key: str) -> Tag | None:
        for tag in self._tags.values():
            if tag.key and tag.key == key:
                return tag
        return None


def default_tagset() -> Tagset:
    """Actors, weapons and commitments: what arms-transfer analysts extract."""
    return Tagset([
        Tag("actor", "Actor", "#f4a261", "1",
            "A state, organisation, alliance or person that acts", "rs"),
        Tag("weapon", "Weapon", "#2a9d8f", "2",
            "A weapon, weapon system or munition", "rs"),
        Tag("commitment", "Commitment", "#8e7dbe", "3",
            "A promise to deliver, pay for, sell or withhold something", "seg"),
    ])
