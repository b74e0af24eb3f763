"""What the other tools' formats say, in one shape, and how it becomes a document.

Every reader of another tool's format (brat, WebAnno TSV, UIMA XMI, W3C Web
Annotation, CoNLL, Label Studio, doccano, CATMA, Recogito) gives a
``ForeignDocument``: the text, and its spans with the tool's labels, features
and links, offsets already converted to code points of ``text``
(``formats.offsets``). ``to_annotated`` makes an ``AnnotatedDocument`` of it,
mapping labels onto tags, and says in a summary what it did and everything it
could not carry. Every writer takes the ``ForeignDocument`` that
``from_annotated`` makes of a document. So the rules of mapping live here, once,
and a format module only reads and writes its syntax (docs/formats.md).

How the tools' notions land in the model:

- a label (brat type, INCEpTION layer or value, CoNLL class) → a tag: the one
  ``mapping`` names, else the tag whose id or label it is, else a new tag;
- a feature (brat attribute, INCEpTION feature) → a text (or yes/no) attribute of
  that tag, named after it (the tool's name is the attribute's label);
- a link from one span to another (brat relation or event role, INCEpTION relation
  or slot) → a reference attribute of the span it starts from, named after the
  relation or role (repeated roles numbered), so relations travel in the TEI file
  as the values of the tag's attributes and show as links in the window;
- an event (brat ``E``) → its trigger's annotation, of a tag marked as an event;
- normalisations and coreference (brat ``N`` and ``*\\tEquiv``, entity links) →
  entities with identifiers, the spans their mentions;
- a span of several ranges (discontinuous) → one annotation of several ranges
  (``Annotation.more``); ranges that overlap, which no annotation may have, → one
  annotation per range, said in the summary. Exported, a discontinuous annotation is
  one span of several ranges where the format has them (``from_annotated``), one span
  per range where it has not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from annotator.errors import AnnotationError, Problem, ReadError
from annotator.model import (
    AnnotatedDocument,
    Annotation,
    AttributeDef,
    Document,
    Entity,
    Tag,
    Tagset,
)
from annotator.model.document import forbidden_xml_char, split_paragraphs
from annotator.model.entities import ID_PREFIX, check_identifier, slug

# A feature that is only present or absent (a brat binary attribute): its value.
FLAG = True


@dataclass
class ForeignSpan:
    """One annotation as another tool has it.

    ``key`` is its id in the source (``T1``) or one the reader made, unique in the
    document; ``ranges`` are [start, end) in code points of ``ForeignDocument.text``,
    in text order, more than one for a discontinuous span. ``features`` are (name,
    value) pairs, the value a string or ``FLAG``; ``links`` are (role, key of another
    span). ``identifiers`` name what the span refers to ("Wikidata:Q183", a URI);
    spans with the same ``group`` refer to the same thing (coreference). ``line`` is
    where the source has it, for messages.
    """

    key: str
    label: str
    ranges: list[tuple[int, int]]
    features: list[tuple[str, str | bool]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    event: bool = False
    note: str = ""
    identifiers: list[str] = field(default_factory=list)
    group: str = ""
    line: int | None = None
    referent: str = ""  # the name of what ``identifiers`` name, if the file gives it
    word: str = ""  # the label as one word, for formats whose labels cannot have spaces

    @property
    def name(self) -> str:
        """The label for formats whose labels are single words (brat, CoNLL)."""
        return self.word or self.label

    @property
    def start(self) -> int:
        return self.ranges[0][0]

    @property
    def end(self) -> int:
        return self.ranges[-1][1]


@dataclass
class ForeignDocument:
    """A text and its spans, as a tool's file gives them (see the module doc).

    ``lost`` lists what the reader met but cannot carry (with the line), ``notes``
    how it read the file (both for the import summary); ``name`` is the document's
    title if the file gives one; ``path`` the file the spans' lines are in.
    """

    text: str
    spans: list[ForeignSpan] = field(default_factory=list)
    name: str = ""
    lost: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    path: str | None = None
    # How many documents the file holds (Label Studio's tasks, doccano's lines): this
    # is one of them.
    items: int = 1


@dataclass(frozen=True)
class LabelUse:
    """A label of an imported file: how many spans have it, and the tag it goes to
    unless the user says otherwise (None: a new tag of that name)."""

    label: str
    count: int
    event: bool
    proposed: str | None


def label_uses(foreign: ForeignDocument, tagset: Tagset) -> list[LabelUse]:
    """The labels of ``foreign`` in order of first use, each with the tag
    ``to_annotated`` would give it without a mapping (the window's mapping dialog)."""
    counts: dict[str, int] = {}
    events: dict[str, bool] = {}
    for span in foreign.spans:
        counts[span.label] = counts.get(span.label, 0) + 1
        events[span.label] = events.get(span.label, False) or span.event
    tags = _Tags(tagset, {})
    return [LabelUse(label, n, events[label], tags.find(label)) for label, n in counts.items()]


@dataclass
class Imported:
    """An imported document and what to tell the user about the import."""

    document: AnnotatedDocument
    summary: list[str]  # what was done, one line each
    lost: list[Problem]  # what could not be carried, where the file has it
    new_tags: list[str]  # ids of the tags added to the tagset


# -- text -----------------------------------------------------------------------------
def text_document(text: str, title: str = "", source: str = "",
                  path: str | None = None) -> Document:
    """A ``Document`` whose text is exactly ``text``.

    Its paragraphs are the blank-line-separated blocks when that gives back the same
    text (Document.from_paragraphs joins them), else each line is a paragraph (empty
    lines too): the other tools' offsets count every character, so none may go.
    """
    from annotator.model import Metadata

    bad = forbidden_xml_char(text)
    if bad is not None:
        raise ReadError(f"the text contains U+{ord(text[bad]):04X}, a control character that "
                        "XML cannot store", path, text.count("\n", 0, bad) + 1)
    metadata = Metadata(title=title or "Untitled", source=source)
    if not text:
        return Document.from_paragraphs([], metadata=metadata, xml_chars_checked=True)
    blocks = split_paragraphs(text)
    document = Document.from_paragraphs(blocks, metadata=metadata, xml_chars_checked=True)
    if document.text != text:
        document = Document.from_paragraphs(text.split("\n"), metadata=metadata,
                                            xml_chars_checked=True)
    return document


# -- labels, names ------------------------------------------------------------------------
_PALETTE = ("#e76f51", "#457b9d", "#8ab17d", "#e9c46a", "#b5838d", "#6d597a", "#2a9d8f",
            "#f4a261", "#90be6d", "#577590", "#f28482", "#84a59d", "#c77dff", "#bc6c25")
_ATTRIBUTE_NAME = re.compile(r"[^A-Za-z0-9_]+")
_TAG_ID = re.compile(r"[^A-Za-z0-9_\-]+")


def _name(text: str, pattern: re.Pattern[str], fallback: str) -> str:
    """``text`` made a name: what ``pattern`` forbids becomes ``_``; a letter first."""
    name = pattern.sub("_", text).strip("_")
    if not name:
        return fallback
    return name if name[0].isalpha() and name[0].isascii() else f"{fallback}_{name}"


def simple_label(label: str) -> bool:
    """Whether ``label`` can name a type in the other tools' formats: one word."""
    return bool(label) and not any(c.isspace() for c in label)


def export_label(tag: Tag, tagset: Tagset, one_word: bool = False) -> str:
    """The name a tag goes by in another tool's file: its label (an imported tag's
    label is the tool's own name), unless that names another tag, or has spaces and
    ``one_word`` is asked for: then its id."""
    label = tag.label
    if (simple_label(label) or (not one_word and label.strip())) and not any(
            t.id == label and t is not tag for t in tagset):
        return label
    return tag.id


def export_attribute_name(definition: AttributeDef) -> str:
    """The name an attribute goes by in another tool's file (as ``export_label``)."""
    return definition.label if simple_label(definition.label) else definition.name


class _Tags:
    """The tagset being extended by an import, and which label goes to which tag."""

    def __init__(self, tagset: Tagset, mapping: Mapping[str, str]) -> None:
        self.tagset = tagset.copy()
        self.mapping = dict(mapping)
        self.new: list[str] = []
        self.by_label: dict[str, str] = {}
        self.counts: dict[str, int] = {}

    def find(self, name: str) -> str | None:
        """The id of the tag ``name`` names (id, then label, then either case-blind)."""
        if name in self.tagset:
            return name
        for tag in self.tagset:
            if tag.label == name:
                return tag.id
        folded = name.casefold()
        for tag in self.tagset:
            if tag.id.casefold() == folded or tag.label.casefold() == folded:
                return tag.id
        # A name some format had to spell otherwise ("Transfer-money" as a Java name).
        loose = _loose(name)
        for tag in self.tagset:
            if loose and loose in (_loose(tag.id), _loose(tag.label)):
                return tag.id
        return None

    def tag_for(self, label: str, event: bool) -> str:
        if label in self.by_label:
            return self.by_label[label]
        wanted = self.mapping.get(label, label)
        tag_id = self.find(wanted)
        if tag_id is None:
            tag_id = self._new_tag(wanted, event)
        self.by_label[label] = tag_id
        return tag_id

    def _new_tag(self, label: str, event: bool) -> str:
        base = _name(label, _TAG_ID, "tag")
        tag_id, n = base, 2
        while tag_id in self.tagset:
            tag_id, n = f"{base}-{n}", n + 1
        colour = _PALETTE[len(self.new) % len(_PALETTE)]
        self.tagset.add(Tag(tag_id, label if label.strip() else tag_id, colour, "",
                            "Added by an import", "seg" if event else "rs", event=event))
        self.new.append(tag_id)
        return tag_id

    def attribute(self, tag_id: str, label: str, kind: str) -> AttributeDef | None:
        """The attribute of ``tag_id`` that feature ``label`` fills (added if new, of
        ``kind``); None if the tag has one of that name that does not take it."""
        tag = self.tagset[tag_id]
        for definition in tag.attributes:
            if label in (definition.name, definition.label):
                fits = (definition.kind == "reference") == (kind == "reference")
                return definition if fits else None
        names = {a.name for a in tag.attributes}
        base = _name(label, _ATTRIBUTE_NAME, "f")
        name, n = base, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        definition = AttributeDef(name, label.strip() or name, kind)
        self.tagset.add_attribute(tag_id, definition)
        return definition

    def make_entity_tag(self, tag_id: str, kind: str) -> bool:
        """Let ``tag_id``'s mentions link to entities: a new tag gets ``kind``;
        True if the tag can have entities."""
        tag = self.tagset[tag_id]
        if tag.entity:
            return True
        if tag_id not in self.new:
            return False
        self.tagset.replace(tag_id, replace(tag, entity=kind))
        return True


def _loose(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())


_KIND_WORDS = (
    ("person", ("per", "person", "people", "human", "actor")),
    ("place", ("loc", "location", "place", "gpe", "geo", "city", "country", "state",
               "region", "fac", "facility")),
    ("org", ("org", "organization", "organisation", "company", "institution", "corporation",
             "agency", "norp")),
)


def kind_for_label(label: str) -> str:
    """The entity kind a label suggests ("PER" → person, "GPE" → place), else object."""
    words = {w for w in re.split(r"[^a-z]+", label.casefold()) if w}
    for kind, names in _KIND_WORDS:
        if words & set(names):
            return kind
    return "object"


def parse_identifier(text: str) -> tuple[str, str] | None:
    """``(scheme, value)`` for "Wikidata:Q183", a Wikidata URL, "ISO3166:DEU" or any
    URI-like "DB:ID"; None if it is none of these."""
    value = text.strip()
    wikidata = re.fullmatch(r"(?:(?:wikidata|wd):|https?://(?:www\.)?wikidata\.org/"
                            r"(?:entity|wiki)/)(Q[1-9][0-9]*)", value, re.IGNORECASE)
    if wikidata:
        return "wikidata", wikidata[1].upper()
    iso = re.fullmatch(r"iso3166:([A-Za-z]{2,3})", value, re.IGNORECASE)
    if iso:
        return "iso3166", iso[1].upper()
    try:
        return check_identifier("uri", value)
    except AnnotationError:
        return None


def identifier_text(scheme: str, value: str) -> str:
    """How ``parse_identifier`` reads an entity's identifier back."""
    return {"wikidata": f"Wikidata:{value}", "iso3166": f"ISO3166:{value}"}.get(scheme, value)


# -- import ----------------------------------------------------------------------------------
def to_annotated(foreign: ForeignDocument, tagset: Tagset, mapping: Mapping[str, str] = {},
                 annotator: str = "", path: str | None = None, source: str = ""
                 ) -> Imported:
    """The document ``foreign`` describes, its labels mapped onto ``tagset`` (a copy is
    extended: new tags, attributes), and the summary of the import."""
    document = text_document(foreign.text, foreign.name, source, path)
    tags = _Tags(tagset, mapping)
    lost = list(foreign.lost)
    where = foreign.path or path  # the file the spans' lines are in
    summary = list(foreign.notes)
    doc = AnnotatedDocument(document, tags.tagset)
    resp = doc.annotator_for(annotator).id if annotator else ""

    # Each span's ranges, as the annotations they become (one, or one per range when
    # they overlap), each a list of ranges; ids are given in text order.
    pieces: dict[str, list[list[tuple[int, int]]]] = {}
    split = joined = trimmed = 0
    for span in foreign.spans:
        kept = []
        for start, end in span.ranges:
            lo, hi = document.trim_to_paragraphs(start, end)
            if lo >= hi:
                continue
            trimmed += (lo, hi) != (start, end)
            kept.append((lo, hi))
        if not kept:
            lost.append(_at(span, where, f"{span.label} “{_quote(foreign.text, span)}”: "
                        "holds no text (empty, or only line breaks); not imported"))
            continue
        groups = _annotation_ranges(document, kept)
        if len(kept) > 1:
            if len(groups) > 1:
                split += 1
            elif len(groups[0]) > 1:
                joined += 1
        pieces[span.key] = groups
    if joined:
        summary.append(f"{joined} discontinuous span{_s(joined)} (several separate ranges) "
                       f"imported as one annotation each")
    if split:
        summary.append(f"{split} discontinuous span{_s(split)} with overlapping ranges "
                       f"split into one annotation per range: an annotation's ranges "
                       "are apart; the pieces have the same tag and values")
    if trimmed:
        summary.append(f"{trimmed} span{_s(trimmed)} began or ended on a line break; "
                       "trimmed to the text")
    order = sorted(((g[0], key, i) for key, gs in pieces.items() for i, g in enumerate(gs)),
                   key=lambda item: (item[0][0], -item[0][1], item[1]))
    ids: dict[tuple[str, int], str] = {}
    number = 1
    for _range, key, index in order:
        while document.has_paragraph(f"a{number}"):
            number += 1
        ids[key, index] = f"a{number}"
        number += 1
    first_id = {key: ids[key, 0] for key in pieces}

    spans = [s for s in foreign.spans if s.key in pieces]
    tag_of = {s.key: tags.tag_for(s.label, s.event) for s in spans}
    for span in spans:
        tags.counts[tag_of[span.key]] = tags.counts.get(tag_of[span.key], 0) + len(
            pieces[span.key])

    # Attribute values: features first (in the order met), then links.
    values: dict[str, dict[str, str]] = {}
    for span in spans:
        tag_id = tag_of[span.key]
        found = values.setdefault(span.key, {})
        for name, value in span.features:
            kind = "boolean" if value is FLAG else "text"
            text = "true" if value is FLAG else str(value)
            if not text:
                continue
            definition = tags.attribute(tag_id, name, kind)
            problem = _value_problem(definition, text)
            if problem:
                lost.append(_at(span, where, f"{span.label}: {name}={text!r} not imported "
                            f"({problem})"))
                continue
            found[definition.name] = definition.check(text)
        seen: dict[str, int] = {}
        for role, target in span.links:
            if target not in first_id:
                lost.append(_at(span, where, f"{span.label}: {role} → {target} not "
                            "imported (its target was not imported)"))
                continue
            seen[role] = seen.get(role, 0) + 1
            label = role if seen[role] == 1 else f"{role}{seen[role]}"
            definition = tags.attribute(tag_id, label, "reference")
            if definition is None:
                lost.append(_at(span, where, f"{span.label}: {role} → {target} not "
                            f"imported ({tags.tagset[tag_id].label} has an attribute "
                            f"{label!r} that is not a reference)"))
                continue
            found[definition.name] = first_id[target]

    entities, entity_of = _entities(spans, tag_of, tags, foreign.text, lost, where)

    annotations = []
    for span in spans:
        tag = tags.tagset[tag_of[span.key]]
        found = values[span.key]
        attributes = tuple((a.name, found[a.name]) for a in tag.attributes if a.name in found)
        note = span.note if forbidden_xml_char(span.note) is None else ""
        if note != span.note:
            lost.append(_at(span, where, "a note with control characters XML cannot "
                        "store; not imported"))
        for index, ((start, end), *more) in enumerate(pieces[span.key]):
            annotations.append(Annotation(ids[span.key, index], tag.id, start, end, resp,
                                          attributes, note, entity_of.get(span.key, ""),
                                          more))
    try:
        result = AnnotatedDocument.create(document, tags.tagset, doc.annotators.values(), (),
                                          annotations, entities)
    except AnnotationError as exc:  # a bug in a reader, or values this module let by
        raise ReadError(f"cannot be imported: {exc.message}", path) from None
    summary[:0] = [_counts_line(tags)]
    if tags.new:
        summary.append("new tags added to the tagset: " + ", ".join(
            f"{tags.tagset[t].label}" + (f" ({t})" if t != tags.tagset[t].label else "")
            for t in tags.new))
    added = [f"{t.label}: " + ", ".join(a.label + (" (reference)" if a.kind == "reference"
                                                   else "") for a in t.attributes
                                        if tagset_attribute_is_new(tagset, t, a))
             for t in tags.tagset if any(tagset_attribute_is_new(tagset, t, a)
                                         for a in t.attributes)]
    if added:
        summary.append("attributes added: " + "; ".join(added))
    if entities:
        summary.append(f"{len(entities)} entit{'y' if len(entities) == 1 else 'ies'} made of "
                       "normalisations, entity links and coreference")
    return Imported(result, summary, lost, tags.new)


def _annotation_ranges(document: Document, ranges: list[tuple[int, int]]
                       ) -> list[list[tuple[int, int]]]:
    """The annotations a span of ``ranges`` (trimmed to paragraph text) becomes, each
    as its ranges: one, its ranges in text order with those that touch (nothing but
    a paragraph break between) made one; or, if two overlap, one per range."""
    ordered = sorted(ranges)
    merged = [ordered[0]]
    for start, end in ordered[1:]:
        if start < merged[-1][1]:
            return [[r] for r in ranges]
        gap_start, gap_end = document.trim_to_paragraphs(merged[-1][1], start)
        if gap_start >= gap_end:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [merged]


def tagset_attribute_is_new(old: Tagset, tag: Tag, definition: AttributeDef) -> bool:
    return tag.id not in old or old[tag.id].attribute(definition.name) is None


def _value_problem(definition: AttributeDef | None, text: str) -> str:
    if definition is None:
        return "the tag has an attribute of that name that is a reference"
    try:
        definition.check(text)
    except AnnotationError as exc:
        return exc.message
    return ""


def _entities(spans: list[ForeignSpan], tag_of: dict[str, str], tags: _Tags, text: str,
              lost: list[Problem], where: str | None) -> tuple[list[Entity], dict[str, str]]:
    """Entities for the spans that have identifiers or a coreference group: one per
    group (spans with the same Wikidata id or URI are one group too)."""
    groups: dict[str, list[ForeignSpan]] = {}
    for span in spans:
        key = f"g:{span.group}" if span.group else (
            f"i:{span.identifiers[0]}" if span.identifiers else "")
        if key:
            groups.setdefault(key, []).append(span)
    entities: list[Entity] = []
    entity_of: dict[str, str] = {}
    taken: set[str] = set()  # (entity ids have a prefix no annotation or paragraph id has)
    for members in groups.values():
        first = members[0]
        tag = tags.tagset[tag_of[first.key]]
        kind = kind_for_label(first.label)
        if tag.entity and not tag.accepts_entity(kind):
            kind = tag.entity
        linkable = [m for m in members if tags.make_entity_tag(tag_of[m.key], kind)
                    and tags.tagset[tag_of[m.key]].accepts_entity(kind)]
        for member in members:
            if member not in linkable:
                lost.append(_at(member, where, f"{member.label}: its link to an entity "
                            f"({', '.join(member.identifiers) or 'coreference'}) not imported: "
                            f"tag {tags.tagset[tag_of[member.key]].label} links to no "
                            f"{kind} entities"))
        if not linkable:
            continue
        identifiers: dict[str, str] = {}
        for member in linkable:
            for ident in member.identifiers:
                parsed = parse_identifier(ident)
                if parsed is None:
                    lost.append(_at(member, where, f"identifier {ident!r} is not a "
                                "Wikidata id or a URI; not imported"))
                elif identifiers.get(parsed[0], parsed[1]) != parsed[1]:
                    lost.append(_at(member, where, f"identifier {ident!r}: the entity "
                                f"already has {identifier_text(parsed[0], identifiers[parsed[0]])}"
                                " (one per scheme); not imported"))
                else:
                    identifiers[parsed[0]] = parsed[1]
        named = next((m.referent for m in linkable if m.referent.strip()), "")
        name = " ".join((named or text[first.start:first.end]).split()) or first.label
        base = f"{ID_PREFIX[kind]}-{slug(name) or 'entity'}"
        entity_id, n = base, 2
        while entity_id in taken:
            entity_id, n = f"{base}-{n}", n + 1
        taken.add(entity_id)
        entities.append(Entity(entity_id, kind, name, "", tuple(identifiers.items())))
        for member in linkable:
            entity_of[member.key] = entity_id
    return entities, entity_of


def _counts_line(tags: _Tags) -> str:
    total = sum(tags.counts.values())
    parts = []
    for label, tag_id in tags.by_label.items():
        if tag_id in tags.counts:
            shown = tags.tagset[tag_id].label
            parts.append(f"{label} → {shown}" if shown != label else label)
    return (f"{total} annotation{_s(total)} imported" + (": " + ", ".join(parts) if parts
                                                           else ""))


def _at(span: ForeignSpan, path: str | None, message: str) -> Problem:
    """What could not be carried, where the file has ``span``."""
    return Problem(message, path, span.line)


def _quote(text: str, span: ForeignSpan) -> str:
    shown = text[span.start:span.end] if span.ranges else ""
    return shown if len(shown) <= 40 else shown[:37] + "…"


def _s(n: int) -> str:
    return "" if n == 1 else "s"


# -- export -------------------------------------------------------------------------------
def from_annotated(doc: AnnotatedDocument, discontinuous: bool = False
                   ) -> tuple[ForeignDocument, list[str]]:
    """``doc`` as spans for a writer, with notes on what changed on the way: a
    reference to an entity is written as a link to the entity's mention nearest to
    the referring annotation (the other tools link spans, not entities). A
    discontinuous annotation is one span of several ranges if the format has them
    (``discontinuous``), else a span per range: the first as the annotation (links
    name it), the others with its label and values (``{id}.2``, ``{id}.3`` …)."""
    from annotator.model.links import links_of

    store = doc.annotations
    tagset = doc.tagset
    notes: list[str] = []
    spans: list[ForeignSpan] = []
    mentions = store.mention_counts()
    by_entity_refs = split = 0
    extra_keys: set[str] = set()
    for ann in store:
        tag = tagset[ann.tag]
        features: list[tuple[str, str | bool]] = []
        for definition in tag.attributes:
            value = ann.attribute(definition.name)
            if value and definition.kind != "reference":
                features.append((export_attribute_name(definition),
                                 FLAG if definition.kind == "boolean" and value == "true"
                                 else value))
        links = []
        for link in links_of(store, ann):
            if link.target is None:
                continue
            if link.value not in store:
                by_entity_refs += 1
            links.append((export_attribute_name(tag.attribute(link.name)), link.target.id))
        identifiers: list[str] = []
        group = referent = ""
        if ann.entity and store.has_entity(ann.entity):
            entity = store.entity(ann.entity)
            identifiers = [identifier_text(s, v) for s, v in entity.identifiers]
            group = entity.id if mentions.get(entity.id, 0) > 1 else ""
            referent = entity.name
        ranges = list(ann.ranges) if discontinuous else [(ann.start, ann.end)]
        spans.append(ForeignSpan(ann.id, export_label(tag, tagset), ranges,
                                 features, links, tag.event, ann.note, identifiers, group,
                                 referent=referent, word=export_label(tag, tagset, True)))
        if ann.more and not discontinuous:
            split += 1
            for number, (start, end) in enumerate(ann.more, 2):
                key = f"{ann.id}.{number}"
                while store.id_taken(key) or key in extra_keys:
                    key += "_"
                extra_keys.add(key)
                spans.append(ForeignSpan(key, export_label(tag, tagset), [(start, end)],
                                         features, event=tag.event,
                                         word=export_label(tag, tagset, True)))
    if split:
        notes.append(f"{split} discontinuous annotation{_s(split)} written as one span per "
                     "range (the format has continuous spans only); the first carries its "
                     "links, note and entity")
    if by_entity_refs:
        notes.append(f"{by_entity_refs} reference{_s(by_entity_refs)} to an entity written as "
                     "a link to its mention nearest to the referring annotation")
    return ForeignDocument(doc.document.text, spans, doc.document.metadata.title), notes


def spans_by_key(spans: Iterable[ForeignSpan]) -> dict[str, ForeignSpan]:
    return {span.key: span for span in spans}
