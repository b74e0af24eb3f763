"""Tags (categories) the user annotates with, and the default tagset.

A tag may declare typed attributes (``AttributeDef``), the entity list its
mentions link to (``entity``) and whether its annotations are events
(``event``: exported as TEI ``event``s and as rows of the commitments table).
The tagset editor changes a ``Tagset`` through its methods, each of which
validates and raises ``AnnotationError`` with a message for the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from annotator.errors import AnnotationError
from annotator.model.attributes import AttributeDef, choice
from annotator.model.entities import ENTITY_KINDS

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
    attributes: tuple[AttributeDef, ...] = ()
    entity: str = ""  # entity kind its mentions link to ("person", "org", ...), "" for none
    event: bool = False  # its annotations are events (commitments)

    def __post_init__(self) -> None:
        if not _TAG_ID.match(self.id):
            raise AnnotationError(f"tag id {self.id!r} must start with a letter and use "
                                  "only letters, digits, '-' and '_'")
        if not _COLOR.match(self.color):
            raise AnnotationError(f"tag colour {self.color!r} is not of the form #rrggbb")
        if len(self.key) > 1:
            raise AnnotationError(f"tag key {self.key!r} must be a single character")
        if self.element not in ("rs", "seg"):
            raise AnnotationError(f"tag element {self.element!r} must be rs or seg")
        if self.entity and self.entity not in ENTITY_KINDS:
            raise AnnotationError(f"tag {self.id!r}: entity kind {self.entity!r} is not one of "
                                  f"{', '.join(ENTITY_KINDS)}")
        object.__setattr__(self, "attributes", tuple(self.attributes))
        names = [a.name for a in self.attributes]
        if len(set(names)) != len(names):
            twice = next(n for n in names if names.count(n) > 1)
            raise AnnotationError(f"tag {self.id!r}: attribute {twice!r} is defined twice")

    def attribute(self, name: str) -> AttributeDef | None:
        """The definition of attribute ``name``, None if the tag has none such."""
        return next((a for a in self.attributes if a.name == name), None)

    def entity_kinds(self) -> tuple[str, ...]:
        """The kinds of entity its mentions may link to, its own list first (none
        without a list). An actor, whose list is ``org``, may also be a person or a
        place (a state: "Deutschland" is the place of type "state")."""
        if self.entity == "org":
            return ("org", "person", "place")
        return (self.entity,) if self.entity else ()

    def accepts_entity(self, kind: str) -> bool:
        """Whether its mentions may link to an entity of ``kind``."""
        return kind in self.entity_kinds()

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"id": self.id, "label": self.label, "color": self.color,
                                   "key": self.key, "description": self.description,
                                   "element": self.element}
        if self.attributes:
            data["attributes"] = [a.to_json() for a in self.attributes]
        if self.entity:
            data["entity"] = self.entity
        if self.event:
            data["event"] = True
        return data

    @classmethod
    def from_json(cls, data: object) -> Tag:
        if not isinstance(data, dict):
            raise AnnotationError(f"a tag must be an object, not {data!r}")
        try:
            return cls(str(data["id"]), str(data.get("label", data["id"])),
                       str(data.get("color", "#999999")), str(data.get("key", "")),
                       str(data.get("description", "")), str(data.get("element", "rs")),
                       tuple(AttributeDef.from_json(a) for a in data.get("attributes", ())),
                       str(data.get("entity", "")), bool(data.get("event", False)))
        except KeyError as missing:
            raise AnnotationError(f"a tag lacks {missing}") from None
        except TypeError as error:
            raise AnnotationError(f"bad tag: {error}") from None


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
            raise AnnotationError(f"key {tag.key!r} is already used by "
                                  f"{self.by_key(tag.key).label}")  # type: ignore[union-attr]
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

    def __repr__(self) -> str:
        return f"Tagset({list(self)!r})"

    def ids(self) -> list[str]:
        return list(self._tags)

    def by_key(self, key: str) -> Tag | None:
        """The tag with shortcut ``key``, whatever its case: a key sequence "A" is "a"
        (Qt matches letters case-insensitively), so two tags cannot have both."""
        wanted = key.casefold()
        for tag in self._tags.values():
            if tag.key and tag.key.casefold() == wanted:
                return tag
        return None

    def copy(self) -> Tagset:
        return Tagset(self)

    def event_tags(self) -> list[Tag]:
        return [t for t in self if t.event]

    # -- editing (the tagset editor) --------------------------------------------------
    def _get(self, tag_id: str) -> Tag:
        if tag_id not in self._tags:
            raise AnnotationError(f"unknown tag {tag_id!r}")
        return self._tags[tag_id]

    def replace(self, tag_id: str, tag: Tag) -> None:
        """Put ``tag`` in the place of tag ``tag_id`` (same id: ids are stable)."""
        self._get(tag_id)
        if tag.id != tag_id:
            raise AnnotationError(f"a tag's id cannot change ({tag_id!r} → {tag.id!r})")
        other = self.by_key(tag.key) if tag.key else None
        if other is not None and other.id != tag_id:
            raise AnnotationError(f"key {tag.key!r} is already used by {other.label}")
        self._tags[tag_id] = tag

    def rename(self, tag_id: str, label: str) -> None:
        if not label.strip():
            raise AnnotationError("a tag needs a label")
        self.replace(tag_id, replace(self._get(tag_id), label=label.strip()))

    def recolour(self, tag_id: str, color: str) -> None:
        self.replace(tag_id, replace(self._get(tag_id), color=color))

    def set_key(self, tag_id: str, key: str) -> None:
        """Set the shortcut key ("" for none); a key another tag has is refused."""
        self.replace(tag_id, replace(self._get(tag_id), key=key))

    def remove(self, tag_id: str) -> None:
        """Remove a tag (the caller makes sure no annotation uses it); refused while
        another tag's reference attribute targets it."""
        self._get(tag_id)
        for tag in self:
            for attr in tag.attributes:
                if tag_id in attr.targets and tag.id != tag_id:
                    raise AnnotationError(
                        f"{tag.label}'s attribute {attr.label} refers to "
                        f"{self._tags[tag_id].label}; change it first")
        del self._tags[tag_id]

    def move(self, tag_id: str, index: int) -> None:
        """Move a tag to position ``index`` (the order of the toolbar and the file)."""
        tag = self._get(tag_id)
        tags = [t for t in self if t.id != tag_id]
        tags.insert(max(0, min(index, len(tags))), tag)
        self._tags = {t.id: t for t in tags}

    def add_attribute(self, tag_id: str, definition: AttributeDef, index: int | None = None
                      ) -> None:
        tag = self._get(tag_id)
        if tag.attribute(definition.name) is not None:
            raise AnnotationError(f"{tag.label} already has an attribute {definition.name!r}")
        self._check_targets(definition)
        attrs = list(tag.attributes)
        attrs.insert(len(attrs) if index is None else index, definition)
        self.replace(tag_id, replace(tag, attributes=tuple(attrs)))

    def remove_attribute(self, tag_id: str, name: str) -> None:
        """Remove an attribute definition (``edits.conform`` then drops its values)."""
        tag = self._get(tag_id)
        if tag.attribute(name) is None:
            raise AnnotationError(f"{tag.label} has no attribute {name!r}")
        self.replace(tag_id, replace(tag, attributes=tuple(
            a for a in tag.attributes if a.name != name)))

    def replace_attribute(self, tag_id: str, name: str, definition: AttributeDef) -> None:
        """Change attribute ``name`` (its name may change too, to one not yet used).
        Values that no longer fit are dropped by ``edits.conform``."""
        tag = self._get(tag_id)
        if tag.attribute(name) is None:
            raise AnnotationError(f"{tag.label} has no attribute {name!r}")
        if definition.name != name and tag.attribute(definition.name) is not None:
            raise AnnotationError(f"{tag.label} already has an attribute {definition.name!r}")
        self._check_targets(definition)
        self.replace(tag_id, replace(tag, attributes=tuple(
            definition if a.name == name else a for a in tag.attributes)))

    def _check_targets(self, definition: AttributeDef) -> None:
        for target in definition.targets:
            if target not in self._tags:
                raise AnnotationError(f"attribute {definition.label}: unknown target tag "
                                      f"{target!r}")

    # -- as data (settings: the default tagset for new documents) --------------------
    def to_json(self) -> list[dict[str, object]]:
        """Plain lists and dicts (for JSON); ``Tagset.from_json`` reads them back."""
        return [tag.to_json() for tag in self]

    @classmethod
    def from_json(cls, data: object) -> Tagset:
        if not isinstance(data, list):
            raise AnnotationError("a tagset must be a list of tags")
        tagset = cls(Tag.from_json(item) for item in data)
        for tag in tagset:
            for attr in tag.attributes:
                tagset._check_targets(attr)
        return tagset


WEAPON_CATEGORIES = ("air defence", "missile", "artillery", "armour", "aircraft", "drone",
                     "ammunition", "small arms", "other")
MECHANISMS = ("donation from stocks", "sale", "purchase for a third party", "funding", "loan",
              "sanction or threat", "other")
# The Kiel Ukraine Support Tracker's commitment, allocation (earmarked for delivery) and
# delivery, and SIPRI's order (a contract) among them.
STAGES = ("announced", "pledged", "contracted", "allocated", "delivered", "cancelled")
AID_TYPES = ("military", "financial", "humanitarian")
CERTAINTIES = ("high", "medium", "low")


def _ref(name: str, label: str, target: str, description: str) -> AttributeDef:
    return AttributeDef(name, label, "reference", targets=(target,), description=description)


def commitment_attributes() -> tuple[AttributeDef, ...]:
    """The commitment's fields, after the Kiel Ukraine Support Tracker and SIPRI."""
    return (
        _ref("donor", "Donor", "actor", "who commits (pays, gives, sells)"),
        _ref("recipient", "Recipient", "actor", "who receives"),
        _ref("supplier", "Supplier", "actor", "who physically supplies, if not the donor"),
        _ref("item", "Item", "weapon", "what is committed"),
        AttributeDef("quantity", "Quantity", "number", description="how many units"),
        AttributeDef("ordered", "Number ordered", "number",
                     description="how many units are ordered or committed (SIPRI)"),
        AttributeDef("delivered", "Number delivered", "number",
                     description="how many units are delivered so far (SIPRI)"),
        AttributeDef("uncertain", "Figures uncertain", "boolean",
                     description="the source's numbers are estimates (SIPRI brackets them)"),
        AttributeDef("unit", "Unit", "text", description="what is counted (system, battery …)"),
        AttributeDef("value", "Value", "number", description="monetary value"),
        AttributeDef("currency", "Currency", "text", description="ISO 4217 code, e.g. USD"),
        choice("aidType", "Aid type", AID_TYPES, "military, financial or humanitarian aid"),
        choice("mechanism", "Mechanism", MECHANISMS, "how the item is provided"),
        choice("stage", "Stage", STAGES, "how far the commitment has got"),
        AttributeDef("deal", "Deal", "text",
                     description="one name for every report of the same deal, across "
                                 "documents (e.g. “DE–UA Patriot 2025”): the deals table "
                                 "follows a deal from announcement to delivery"),
        AttributeDef("date", "Date", "date", description="when it was made or announced"),
        AttributeDef("deadline", "Deadline", "date", description="when it is due"),
        AttributeDef("condition", "Condition", "text", description="conditions attached"),
        choice("certainty", "Certainty", CERTAINTIES, "how sure the source is"),
        _ref("reportedBy", "Reported by", "actor", "who reports the commitment"),
    )


def default_tagset() -> Tagset:
    """Actors, weapons and commitments: what arms-transfer analysts extract."""
    return Tagset([
        # What sort of actor (a person, a state, an alliance ...) is its entity's kind
        # and type, set on the entity (``entities.guess_kind`` guesses them).
        Tag("actor", "Actor", "#f4a261", "1",
            "A state, organisation, alliance or person that acts", "rs", entity="org"),
        Tag("weapon", "Weapon", "#2a9d8f", "2",
            "A weapon, weapon system or munition", "rs",
            (choice("category", "Category", WEAPON_CATEGORIES, "what sort of weapon"),),
            entity="object"),
        Tag("commitment", "Commitment", "#8e7dbe", "3",
            "A promise to deliver, pay for, sell or withhold something", "seg",
            commitment_attributes(), event=True),
    ])
