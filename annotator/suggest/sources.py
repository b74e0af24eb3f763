"""The string-matching sources: forms the corpus has annotated (and the register's
names), and the gazetteers shipped in ``resources/gazetteers``.

Both find a form where it recurs as whole tokens (``tokens.tokens``): "Norwegen"
in "Norwegen liefert", not inside "Nato-Norwegen-Gipfel". A name of one word is also
found in its German genitive ("Norwegens", "des Irans"), which news write as often.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.model.entities import Entity
from annotator.model.session import AnnotatedDocument
from annotator.model.tagset import Tagset
from annotator.resources import resource_path
from annotator.suggest.suggestion import Suggestion
from annotator.suggest.tokens import tokens

GAZETTEER_FILES = ("countries.tsv", "organisations.tsv", "weapons.tsv")
# A gazetteer's name is a good guess, not the user's own choice.
GAZETTEER_SCORE = 0.9
# Longer annotations (a commitment's clause) are not forms that recur word for word.
MAX_FORM_TOKENS = 6
# The German genitive endings of names ("Deutschlands", "Irans", "des Kongresses"):
# a one-word name is found with one of them too, when capitalised as names are (in
# English text "ranges" is no genitive of "Range").
GENITIVE_ENDINGS = ("es", "s")


@dataclass(frozen=True)
class Labelled:
    """A text with its annotations ``(start, end, tag)`` in code points: what the
    sources learn from (a document of the corpus, a line of JSON Lines)."""

    text: str
    spans: tuple[tuple[int, int, str], ...]
    name: str = ""
    # (start, end, entity id) of linked annotations, for the corpus source's links.
    links: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class FormEntry:
    tag: str
    score: float
    entity_id: str = ""
    entity_name: str = ""
    entity_kind: str = ""
    entity_type: str = ""
    identifiers: tuple[tuple[str, str], ...] = ()


class FormMatcher:
    """Forms (strings of one or more tokens) and what each suggests, found in a text
    token by token: the longest form wins where forms overlap."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.forms: dict[str, list[FormEntry]] = {}
        self._lengths: dict[str, set[int]] = defaultdict(set)

    def add(self, form: str, entries: Sequence[FormEntry]) -> None:
        parts = tokens(form)
        if not parts or len(parts) > MAX_FORM_TOKENS or not entries:
            return
        first = form[parts[0][0]:parts[0][1]]
        self.forms[form] = list(entries)
        self._lengths[first].add(len(parts))

    def __len__(self) -> int:
        return len(self.forms)

    def find(self, text: str, spans: list[tuple[int, int]] | None = None
             ) -> list[Suggestion]:
        """Every suggestion of every form found in ``text`` (``spans``: its tokens,
        when the caller has them already)."""
        spans = tokens(text) if spans is None else spans
        found: list[Suggestion] = []
        covered_to = 0
        for index, (start, end) in enumerate(spans):
            if start < covered_to:
                continue
            lengths = self._lengths.get(text[start:end])
            if not lengths:
                entries = self._genitive(text[start:end])
                if entries:
                    found += [self._suggestion(start, end, e) for e in entries]
                continue
            for count in sorted(lengths, reverse=True):
                last = index + count - 1
                if last >= len(spans):
                    continue
                stop = spans[last][1]
                entries = self.forms.get(text[start:stop])
                if entries is None:
                    continue
                found += [self._suggestion(start, stop, e) for e in entries]
                covered_to = stop
                break
        return found

    def _suggestion(self, start: int, end: int, entry: FormEntry) -> Suggestion:
        return Suggestion(start, end, entry.tag, entry.score, self.source, entry.entity_name,
                          entry.entity_kind, entry.entity_type, entry.identifiers,
                          entry.entity_id)

    def _genitive(self, word: str) -> list[FormEntry] | None:
        """The entries of the one-word name ``word`` is a genitive of, if any."""
        if not word[:1].isupper():
            return None
        for ending in GENITIVE_ENDINGS:
            base = word[: -len(ending)]
            if word.endswith(ending) and len(base) >= 3 and 1 in self._lengths.get(base, ()):
                return self.forms.get(base)
        return None


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def corpus_matcher(documents: Iterable[Labelled], tagset: Tagset,
                   register: Iterable[Entity] = ()) -> FormMatcher:
    """The forms the documents' annotations have, each with the share of each tag it
    was given (2 × actor, 1 × weapon → 0.67 / 0.33), and the register's entity names
    (with the tag their kind goes with, when no annotation of the form says more)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    linked: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for doc in documents:
        links = {(s, e): entity for s, e, entity in doc.links}
        for start, end, tag in doc.spans:
            if tag not in tagset or tagset[tag].event:
                continue
            start, end = trimmed(doc.text, start, end)
            form = doc.text[start:end]
            if not form or "\n" in form:
                continue
            counts[form][tag] += 1
            entity = links.get((start, end))
            if entity:
                linked[form, tag][entity] += 1
    entities = {entity.id: entity for entity in register}
    matcher = FormMatcher("corpus")
    for form, tags in counts.items():
        total = sum(tags.values())
        entries = []
        for tag, n in tags.most_common():
            entity_id = linked[form, tag].most_common(1)[0][0] if linked.get((form, tag)) else ""
            entity = entities.get(entity_id)
            entries.append(FormEntry(tag, round(n / total, 4), entity_id if entity else "",
                                     *_entity_fields(entity)))
        matcher.add(form, entries)
    for entity in entities.values():
        if entity.name in matcher.forms:
            continue
        tag = tag_for_kind(tagset, entity.kind)
        if tag:
            matcher.add(entity.name, [FormEntry(tag, 1.0, entity.id, *_entity_fields(entity))])
    return matcher


def _entity_fields(entity: Entity | None) -> tuple[str, str, str, tuple[tuple[str, str], ...]]:
    if entity is None:
        return "", "", "", ()
    return entity.name, entity.kind, entity.type, entity.identifiers


def tag_for_kind(tagset: Tagset, kind: str) -> str:
    """The tag whose mentions are entities of ``kind``: the one whose own list it is,
    else the first that accepts it; "" when none does."""
    for tag in tagset:
        if tag.entity == kind and not tag.event:
            return tag.id
    for tag in tagset:
        if tag.accepts_entity(kind) and not tag.event:
            return tag.id
    return ""


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str
    type: str
    identifiers: tuple[tuple[str, str], ...]


def read_gazetteer(path: Path) -> list[GazetteerEntry]:
    """The rows of one gazetteer file: ``name kind type scheme identifier``, tab
    separated, ``#`` lines are comments (the file's source)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, kind, type_, scheme, value = (line.split("\t") + [""] * 5)[:5]
        rows.append(GazetteerEntry(name, kind, type_, ((scheme, value),) if value else ()))
    return rows


@functools.cache
def gazetteer_entries() -> tuple[GazetteerEntry, ...]:
    """All shipped gazetteers' rows (read once)."""
    found: list[GazetteerEntry] = []
    for name in GAZETTEER_FILES:
        path = resource_path("resources", "gazetteers", name)
        if path.is_file():
            found += read_gazetteer(path)
    return tuple(found)


def gazetteer_matcher(tagset: Tagset) -> FormMatcher:
    """The gazetteers' names, each suggesting the tag its kind goes with."""
    matcher = FormMatcher("gazetteer")
    for entry in gazetteer_entries():
        tag = tag_for_kind(tagset, entry.kind)
        if tag and entry.name not in matcher.forms:
            matcher.add(entry.name, [FormEntry(tag, GAZETTEER_SCORE, "", entry.name,
                                               entry.kind, entry.type, entry.identifiers)])
    return matcher


def labelled_of(doc: AnnotatedDocument, name: str = "") -> Labelled:
    """What a document in memory teaches: its text, its annotations' first ranges
    and their links to entities."""
    # At C speed (the window takes this after every edit, of documents with 100,000
    # annotations): the id index's values, fields by attrgetter.
    annotations = list(doc.annotations.by_id.values())
    spans = tuple(zip(map(_START, annotations), map(_END, annotations),
                      map(_TAG, annotations), strict=True))
    entities = list(map(_ENTITY, annotations))
    links = tuple(itertools.compress(zip(map(_START, annotations), map(_END, annotations),
                                         entities, strict=True), entities))
    return Labelled(doc.document.text, spans, name, links)


_START = operator.attrgetter("start")
_END = operator.attrgetter("end")
_TAG = operator.attrgetter("tag")
_ENTITY = operator.attrgetter("entity")
