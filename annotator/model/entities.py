"""Entities: the persons, organisations, places and objects that mentions name.

An annotation is a *mention*; ``Annotation.entity`` links it to one ``Entity``
of the document's register (``AnnotatedDocument.entities``). "Deutschland" and
"Deutschlands" are two mentions of one entity. Entities carry identifiers
(Wikidata, ISO 3166, a URI) so exported rows can be joined with other data.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.errors import AnnotationError
from annotator.model import name_lists
from annotator.model.document import forbidden_xml_char, is_ncname

ENTITY_KINDS = ("person", "org", "place", "object")
KIND_LABELS = {"person": "Person", "org": "Organisation", "place": "Place", "object": "Object"}
# Prefix of generated ids, as in TEI practice (pers-hegseth, org-deutschland ...).
ID_PREFIX = {"person": "pers", "org": "org", "place": "place", "object": "obj"}
# Types offered for each kind (any name-like word may be typed instead); the types
# ``guess_kind`` gives are among them.
TYPE_SUGGESTIONS = {"place": ("state", "region", "city"),
                    "org": ("alliance", "international", "government", "military", "company")}
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


# (Kept: tagging compares every name of a document and of the corpus's register with
# each new mention, annotate all for every document, and the names repeat.)
@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The form names are compared in: case-folded, white space collapsed, NFC."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_ENDINGS = ("es", "en", "s", "n")


@functools.lru_cache(maxsize=8192)
def stems(text: str) -> frozenset[str]:
    """``fold(text)`` with one German inflection ending taken off (genitive -s/-es,
    weak -n/-en), where enough of the word remains: "Deutschlands" → "deutschland"."""
    folded = fold(text)
    return frozenset(folded[: -len(ending)] for ending in _ENDINGS
                     if folded.endswith(ending) and len(folded) - len(ending) >= 3)


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


# -- what a new entity is ---------------------------------------------------------------------
def _lookup(entries: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(abbreviations, as written; other names, folded): "WHO" is not "who", "US" not "us"."""
    entries = list(entries)
    abbreviations = frozenset(e for e in entries if e.replace(".", "").isupper())
    return abbreviations, frozenset(fold(e) for e in entries if e not in abbreviations)


_STATES = _lookup(name_lists.STATES)
_ORG_TYPES = {**name_lists.ORGANISATIONS, **name_lists.ALLIANCES}
_ORGS = _lookup(_ORG_TYPES)
_ORG_TYPE_BY_FOLD = {fold(name): kind for name, kind in _ORG_TYPES.items()}
_TITLES = frozenset(fold(t) for t in name_lists.TITLES)
_COMPOUND_TITLES = tuple(fold(t) for t in name_lists.TITLES_IN_COMPOUNDS)
_GIVEN_NAMES = frozenset(fold(n) for n in name_lists.GIVEN_NAMES)
_ARTICLES = frozenset(("der", "die", "das", "den", "dem", "des", "the"))
# Lower-case words inside a person's name ("Ursula von der Leyen").
_PARTICLES = frozenset(("von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "al",
                        "bin", "ibn", "zu", "y"))


def _known(text: str, lookup: tuple[frozenset[str], frozenset[str]]) -> str:
    """The form of ``text`` under which ``lookup`` knows it, "" if it does not."""
    abbreviations, names = lookup
    if text in abbreviations:
        return text
    forms = [fold(text), *sorted(stems(text))]
    return next((form for form in forms if form in names), "")


def _is_title(word: str) -> bool:
    forms = {fold(word)} | stems(word)
    return bool(forms & _TITLES) or any(
        form.endswith(title) for form in forms for title in _COMPOUND_TITLES)


def _looks_like_full_name(words: list[str]) -> bool:
    """A given name, then capitalised words (or particles): "Pete Hegseth", "J. D. Vance"."""
    if len(words) < 2 or not words[-1][:1].isupper():
        return False
    first = words[0]
    if not (fold(first) in _GIVEN_NAMES or fold(first.split("-")[0]) in _GIVEN_NAMES
            or (len(first) == 2 and first[0].isupper() and first[1] == ".")):
        return False
    return all(w[:1].isupper() or w in _PARTICLES for w in words[1:])


def guess_kind(name: str, kinds: Iterable[str], persons: Iterable[str] = ()
               ) -> tuple[str, str]:
    """``(kind, type)`` that a new entity called ``name`` most likely has, among
    ``kinds`` (those its mention's tag may name, the tag's own list first: the answer
    when nothing else fits).

    A state's name (``name_lists.STATES``) makes a place of type "state", a known
    alliance or body an org of its type; a title ("US-Präsident", "Minister"), a
    given name followed by capitalised words ("Pete Hegseth"), or the surname of one
    of ``persons`` (the names of the person entities known: "Hegseth", "Putins")
    make a person. Inflection endings and a leading article are allowed for
    ("Deutschlands", "der Ukraine").
    """
    allowed = tuple(kinds)
    if not allowed:
        raise ValueError("guess_kind needs at least one kind")
    words = name.split()
    if len(words) > 1 and fold(words[0]) in _ARTICLES:
        words = words[1:]
    text = " ".join(words)
    guess: tuple[str, str] | None = None
    if _known(text, _STATES):
        guess = ("place", "state")
    elif form := _known(text, _ORGS):
        guess = ("org", _ORG_TYPE_BY_FOLD[fold(form)])
    elif any(_is_title(part) for word in words for part in word.split("-") if part) or \
            _looks_like_full_name(words):
        guess = ("person", "")
    elif len(words) == 1:
        forms = {fold(text)} | stems(text)
        if any(fold(p.split()[-1]) in forms for p in persons if p.split()):
            guess = ("person", "")
    return guess if guess is not None and guess[0] in allowed else (allowed[0], "")
