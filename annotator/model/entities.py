"""Entities: the persons, organisations, places and objects that mentions name.

An annotation is a *mention*; ``Annotation.entity`` links it to one ``Entity``
of the document's register (``AnnotatedDocument.entities``). "Deutschland" and
"Deutschlands" are two mentions of one entity. Entities carry identifiers
(Wikidata, ISO 3166, a URI) so exported rows can be joined with other data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.errors import AnnotationError
from annotator.model.document import forbidden_xml_char, is_ncname

ENTITY_KINDS = ("person", "org", "place", "object")
KIND_LABELS = {"person": "Person", "org": "Organisation", "place": "Place", "object": "Object"}
# Prefix of generated ids, as in TEI practice (pers-hegseth, org-deutschland ...).
ID_PREFIX = {"person": "pers", "org": "org", "place": "place", "object": "obj"}
SCHEMES = ("wikidata", "iso3166", "uri")
SCHEME_LABELS = {"wikidata": "Wikidata", "iso3166": "ISO 3166", "uri": "URI"}

_TYPE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
_ISO3166 = re.compile(r"^[A-Z]{2,3}$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$")


def check_identifier(scheme: str, value: str) -> tuple[str, str]:
    """``(scheme, value)`` in normal form, or ``AnnotationError`` saying what is wrong."""
    text = value.strip()
    if scheme == "wikidata":
        text = text.upper() if text[:1] in "qQ" else text
        text = text.rsplit("/", 1)[-1] if "wikidata.org" in text.lower() else text
        if not _WIKIDATA.match(text):
            raise AnnotationError(f"{value!r} is not a Wikidata id (Q followed by digits, "
                                  "e.g. Q183)")
    elif scheme == "iso3166":
        text = text.upper()
        if not _ISO3166.match(text):
            raise AnnotationError(f"{value!r} is not an ISO 3166 country code (2 or 3 letters, "
                                  "e.g. DE or DEU)")
    elif scheme == "uri":
        if not _URI.match(text):
            raise AnnotationError(f"{value!r} is not an absolute URI (e.g. https://…)")
    else:
        raise AnnotationError(f"unknown identifier scheme {scheme!r} (one of "
                              f"{', '.join(SCHEMES)})")
    return scheme, text


@dataclass(frozen=True)
class Entity:
    """One thing mentions refer to.

    ``kind`` is its TEI list (person → ``listPerson``, org → ``listOrg``, place →
    ``listPlace``, object → ``listObject``), ``type`` a finer class ("state",
    "alliance" ...; a name-like token, may be ""), ``identifiers`` at most one
    value per scheme, in the order of ``SCHEMES``.
    """

    id: str
    kind: str
    name: str
    type: str = ""
    identifiers: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not is_ncname(self.id):
            raise AnnotationError(f"entity id {self.id!r} is not a valid XML name")
        if self.kind not in ENTITY_KINDS:
            raise AnnotationError(f"entity kind {self.kind!r} is not one of "
                                  f"{', '.join(ENTITY_KINDS)}")
        if not self.name.strip():
            raise AnnotationError("an entity needs a name")
        if forbidden_xml_char(self.name) is not None:
            raise AnnotationError("an entity name cannot contain control characters")
        if self.type and not _TYPE.match(self.type):
            raise AnnotationError(f"entity type {self.type!r} must start with a letter and use "
                                  "only letters, digits, '-' and '_'")
        normal = normal_identifiers(self.identifiers)
        if normal != self.identifiers:
            object.__setattr__(self, "identifiers", normal)

    def identifier(self, scheme: str) -> str:
        """The value of the identifier of ``scheme``, "" when it has none."""
        return next((v for s, v in self.identifiers if s == scheme), "")


def normal_identifiers(identifiers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Checked, one per scheme (the last one given wins), empty values dropped, in
    ``SCHEMES`` order."""
    found: dict[str, str] = {}
    for scheme, value in identifiers:
        if not value.strip():
            found.pop(scheme, None)
            continue
        scheme, value = check_identifier(scheme, value)
        found[scheme] = value
    return tuple((s, found[s]) for s in SCHEMES if s in found)


def fold(text: str) -> str:
    """The form names are compared in: case-folded, white space collapsed, NFC."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_ENDINGS = ("es", "en", "s", "n")


def stems(text: str) -> set[str]:
    """``fold(text)`` with one German inflection ending taken off (genitive -s/-es,
    weak -n/-en), where enough of the word remains: "Deutschlands" → "deutschland"."""
    folded = fold(text)
    found = set()
    for ending in _ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= 3:
            found.add(folded[: -len(ending)])
    return found


def names_match(a: str, b: str) -> bool:
    """True if two names are the same but for case, spacing and one inflection ending
    on either side (not on both: that would make "Norweger" match "Norwegen")."""
    fa, fb = fold(a), fold(b)
    return fa == fb or fb in stems(a) or fa in stems(b)


# Letters NFKD does not take apart into a base letter and marks.
_SPELLED_OUT = str.maketrans({"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe",
                              "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l",
                              "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i"})


def ascii_letters(text: str) -> str:
    """``text`` in ASCII for ids: accents dropped ("é" > "e"), "ß" spelled "ss"."""
    spelled = text.translate(_SPELLED_OUT)
    return unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()


def slug(text: str, limit: int | None = 40) -> str:
    """``text`` as a lower-case ASCII id part: "Großen Mächte" > "grossen-machte"."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_letters(text).lower()).strip("-")[:limit].strip("-")
