"""The annotations of one document, indexed by position, with change notification.

Views observe the store; they never mutate it. Every mutation goes through an
``Edit`` (see ``edits.py``) so that undo can replay it, and every applied edit
is announced to listeners as one ``StoreChange`` (one per bulk edit, not one
per annotation, so a 10,000-annotation undo repaints once).
"""

from __future__ import annotations

import bisect
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import compress, pairwise
from types import MappingProxyType

from annotator.errors import AnnotationError
from annotator.model.annotation import Annotation
from annotator.model.document import Document, is_ncname
from annotator.model.entities import Entity
from annotator.model.span_index import SpanIndex
from annotator.model.tagset import Tagset

_GENERATED_ID = re.compile(r"^a(\d+)$")
_TAG_OF = operator.attrgetter("tag")
_ID = operator.attrgetter("id")
_START = operator.attrgetter("start")
_END = operator.attrgetter("end")
_ATTRIBUTES = operator.attrgetter("attributes")
_ENTITY = operator.attrgetter("entity")
_MORE = operator.attrgetter("more")
# Joins the text of the ranges of a discontinuous annotation for display.
PIECE_JOINER = " … "
# Above this many annotations an edit updates the index in one pass per length
# class rather than one insertion each (a bulk undo of 10,000 annotations).
_BULK = 64
# The numbers of generated ids in a space-separated list of ids.
_GENERATED_IDS = re.compile(r"(?:^| )a(\d+)(?= |$)")
# Names (is_ncname's pattern) separated by single spaces: all ids checked at once.
_NAMES = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*(?: [A-Za-z_][A-Za-z0-9_.\-]*)*")


@dataclass(frozen=True)
class StoreChange:
    """What one applied edit did: for a view to update just that."""

    added: tuple[Annotation, ...] = ()
    removed: tuple[Annotation, ...] = ()
    updated: tuple[tuple[Annotation, Annotation], ...] = ()  # (old, new), same id
    entities_added: tuple[Entity, ...] = ()
    entities_removed: tuple[Entity, ...] = ()
    entities_updated: tuple[tuple[Entity, Entity], ...] = ()  # (old, new), same id
    # The tagset was replaced (``AnnotatedDocument.use_tagset``): labels, colours,
    # keys and attribute definitions may all differ; nothing else changed.
    tagset_changed: bool = False

    @property
    def entities_changed(self) -> bool:
        """True if the edit added, removed or changed an entity (links to entities
        are annotation changes: see ``updated``)."""
        return bool(self.entities_added or self.entities_removed or self.entities_updated)

    def touched_ranges(self) -> list[tuple[int, int]]:
        spans = [(a.start, a.end) for a in self.added + self.removed]
        for old, new in self.updated:
            spans += [(old.start, old.end), (new.start, new.end)]
        for ann in (*self.added, *self.removed, *(a for pair in self.updated for a in pair)):
            spans += ann.more
        return spans


Listener = Callable[[StoreChange], None]


class AnnotationStore:
    def __init__(self, document: Document, tagset: Tagset) -> None:
        self.document = document
        self.tagset = tagset
        self._by_id: dict[str, Annotation] = {}
        self._index = SpanIndex()
        # The ranges after the first of discontinuous annotations, keyed by
        # _piece_key: queries find an annotation by any of its ranges, while the main
        # index (first ranges) alone gives the document order.
        self._pieces = SpanIndex()
        self._counts: Counter[str] = Counter()
        self._next_number = 1
        # The ids of a file just loaded, space-separated, until next_id() first needs
        # the highest generated number among them (a pass over 100,000 ids that
        # opening need not wait for).
        self._loaded_ids = ""
        self._listeners: list[Listener] = []
        self._entities: dict[str, Entity] = {}
        # Entities known outside this document (a corpus's register): tagging may link
        # a mention to one of them, which then enters the document with its id, so the
        # same thing keeps one id in every document of the corpus.
        self.known_entities: dict[str, Entity] = {}
        self._mentions: dict[str, set[str]] | None = None  # entity id -> annotation ids
        # Ids of the annotations that carry attribute values (commitments, mostly: a
        # few among 100,000), so that finding references costs no walk over all.
        self._valued: set[str] = set()

    # -- observation -------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, change: StoreChange) -> None:
        for listener in list(self._listeners):
            listener(change)

    def replace_tagset(self, tagset: Tagset) -> None:
        """Use ``tagset`` from now on and tell the listeners (views redraw tags, the
        recovery journal records it). Annotations are not checked against it: make
        them fit first or after (``edits.conform``), as ``TagsetCommand`` does."""
        self.tagset = tagset
        self._notify(StoreChange(tagset_changed=True))

    # -- queries -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, ann_id: object) -> bool:
        return ann_id in self._by_id

    def __iter__(self) -> Iterator[Annotation]:
        """All annotations in document order."""
        return map(self._by_id.__getitem__, self._index)

    def get(self, ann_id: str) -> Annotation:
        return self._by_id[ann_id]

    @property
    def by_id(self) -> Mapping[str, Annotation]:
        """Every annotation by id, read-only and not copied, in no particular order
        (iterating the store gives document order, at the price of the index walk)."""
        return MappingProxyType(self._by_id)

    def overlapping(self, start: int, end: int) -> list[Annotation]:
        """Annotations touching [start, end) with any of their ranges, in document order."""
        found = [self._by_id[i] for i in self._index.overlapping(start, end)]
        if self._pieces:
            ids = {a.id for a in found}
            more = [self._by_id[i] for i in dict.fromkeys(
                _owner(k) for k in self._pieces.overlapping(start, end)) if i not in ids]
            if more:
                found = sorted(found + more, key=Annotation.sort_key)
        return found

    def at(self, position: int) -> list[Annotation]:
        """Annotations containing ``position``, innermost (shortest) first."""
        found = self.overlapping(position, position + 1)
        return sorted(found, key=lambda a: (a.length, -a.start, a.id))

    def find(self, start: int, end: int, tag: str) -> Annotation | None:
        for ann in self.overlapping(start, end):
            if ann.start == start and ann.end == end and ann.tag == tag:
                return ann
        return None

    def with_values(self) -> list[Annotation]:
        """The annotations that carry attribute values, in document order."""
        return sorted(map(self._by_id.__getitem__, self._valued), key=Annotation.sort_key)

    def counts(self) -> dict[str, int]:
        """Number of annotations per tag id, every tag of the tagset included."""
        return {tag.id: self._counts.get(tag.id, 0) for tag in self.tagset}

    def id_taken(self, ann_id: str) -> bool:
        """True if ``ann_id`` names an annotation, an entity or a paragraph (one XML id
        space)."""
        return (ann_id in self._by_id or ann_id in self._entities
                or self.document.has_paragraph(ann_id))

    # -- entities ------------------------------------------------------------
    @property
    def entities(self) -> dict[str, Entity]:
        """The entity register by id (a copy: change it through edits)."""
        return dict(self._entities)

    @property
    def register(self) -> Mapping[str, Entity]:
        """The entity register by id, read-only and not copied (``entities`` copies)."""
        return MappingProxyType(self._entities)

    def entity(self, entity_id: str) -> Entity:
        return self._entities[entity_id]

    def has_entity(self, entity_id: str) -> bool:
        return entity_id in self._entities

    def mentions(self, entity_id: str) -> list[Annotation]:
        """The annotations linked to the entity, in document order."""
        ids = self._mention_index().get(entity_id, [])
        return sorted((self._by_id[i] for i in ids), key=Annotation.sort_key)

    def mention_counts(self) -> dict[str, int]:
        """Number of mentions per entity id, every entity included."""
        if not self._entities:  # no walk over every annotation for a document without any
            return {}
        index = self._mention_index()
        return {e: len(index.get(e, ())) for e in self._entities}

    def _mention_index(self) -> dict[str, set[str]]:
        # Built when first asked for (opening a document costs nothing), then kept up
        # to date by every change: tagging asks for it each time (``find_entity``),
        # and a walk over 100,000 annotations per keystroke would be felt.
        if self._mentions is None:
            index: dict[str, set[str]] = {}
            for ann in compress(self._by_id.values(),
                                map(bool, map(_ENTITY, self._by_id.values()))):
                index.setdefault(ann.entity, set()).add(ann.id)
            self._mentions = index
        return self._mentions

    def _note_links(self, anns: Iterable[Annotation], linked: bool) -> None:
        """Keep the mention index (if built) in step with ``anns`` stored or removed."""
        index = self._mentions
        if index is None:
            return
        for ann in anns:
            if not ann.entity:
                continue
            if linked:
                index.setdefault(ann.entity, set()).add(ann.id)
            else:
                ids = index.get(ann.entity)
                if ids is not None:
                    ids.discard(ann.id)
                    if not ids:
                        del index[ann.entity]

    def next_id(self) -> str:
        self._settle_numbers()
        while self.id_taken(f"a{self._next_number}"):
            self._next_number += 1
        return f"a{self._next_number}"

    def text_of(self, ann: Annotation, joiner: str = PIECE_JOINER) -> str:
        """The annotated text; the texts of the ranges of a discontinuous annotation
        joined by ``joiner``."""
        text = self.document.text
        if not ann.more:
            return text[ann.start:ann.end]
        return joiner.join(text[start:end] for start, end in ann.ranges)

    # -- validation ----------------------------------------------------------
    def check(self, ann: Annotation) -> None:
        """Raise ``AnnotationError`` unless ``ann`` may be stored as it is.

        Attribute values are checked against the tag's definitions (form and
        range); whether references resolve is checked by the edits that set them.
        """
        if not is_ncname(ann.id):
            raise AnnotationError(f"annotation id {ann.id!r} is not a valid XML name")
        if self.document.has_paragraph(ann.id):
            raise AnnotationError(f"annotation id {ann.id!r} is already a paragraph's id")
        if ann.id in self._entities:
            raise AnnotationError(f"annotation id {ann.id!r} is already an entity's id")
        if ann.tag not in self.tagset:
            raise AnnotationError(f"unknown tag {ann.tag!r}")
        self.document.check_range(ann.start, ann.end)
        if ann.more:
            self.check_ranges(ann.ranges)
        if ann.attributes:
            tag = self.tagset[ann.tag]
            for name, value in ann.attributes:
                definition = tag.attribute(name)
                if definition is None:
                    raise AnnotationError(f"{tag.label} has no attribute {name!r}")
                if definition.check(value) != value:
                    raise AnnotationError(f"{definition.label}: {value!r} is not in normal form")
        if ann.entity and ann.entity not in self._entities:
            raise AnnotationError(f"annotation {ann.id!r} is linked to an unknown entity "
                                  f"{ann.entity!r}")

    def check_ranges(self, ranges: Iterable[tuple[int, int]]) -> None:
        """Raise ``AnnotationError`` unless ``ranges`` may be the ranges of one
        annotation: each inside paragraph text, in text order, and each apart from
        the one before by some paragraph text (ranges that touch are one range)."""
        ranges = list(ranges)
        document = self.document
        for start, end in ranges:
            document.check_range(start, end)
        for (_, end), (start, _) in pairwise(ranges):
            if start < end:
                raise AnnotationError("the ranges of an annotation must be in text order "
                                      "and must not overlap")
            gap_start, gap_end = document.trim_to_paragraphs(end, start)
            if gap_start >= gap_end:
                raise AnnotationError("the ranges of an annotation must be apart: ranges "
                                      "that touch are one range")

    # -- filling, only for readers ------------------------------------------------
    def load(self, annotations: Iterable[Annotation], ranges_checked: bool = False,
             entities: Iterable[Entity] = (), highest_generated: int | None = None,
             links_checked: bool = False) -> None:
        """Fill an empty store with the annotations of a file being read.

        The same checks as ``check`` plus unique ids, done in bulk: set operations
        for tags and ids, one sort of the index instead of an insertion per
        annotation, and each range checked with a bisection or two rather than by
        splitting it into fragments; ``ranges_checked`` skips that last check when
        the caller has made it (the TEI reader computes every range from a
        paragraph's offset and length). Nobody observes a store being filled, so
        nothing is announced. Raises ``AnnotationError`` for the first annotation
        that may not be stored, and then stores nothing. ``highest_generated``: the
        highest number of an id of the form "a17" among them, if the reader found
        it (otherwise the first ``next_id`` looks for it). ``links_checked`` skips the
        check one by one of the annotations with attributes, links or several ranges,
        for a caller that has them from a file known to pass every check of the reader
        (annotate all: ``corpus.adding``).
        """
        if self._by_id or self._entities:
            raise ValueError("load() fills an empty store")
        register: dict[str, Entity] = {}
        for entity in entities:
            if entity.id in register or self.document.has_paragraph(entity.id):
                raise AnnotationError(f"entity id {entity.id!r} is used twice")
            register[entity.id] = entity
        anns = list(annotations)
        ids = list(map(_ID, anns))
        by_id = dict(zip(ids, anns, strict=True))
        if len(by_id) != len(anns):
            seen: set[str] = set()
            twice = next(a.id for a in anns if a.id in seen or seen.add(a.id))
            raise AnnotationError(f"annotation id {twice!r} is used twice")
        document = self.document
        tags = list(map(_TAG_OF, anns))
        if not set(tags) <= set(self.tagset.ids()) or document.paragraphs.any_id_in(by_id):
            for ann in anns:
                self.check(ann)  # raises with the precise message
        if not ranges_checked:
            self._check_ranges(anns)
        # Every id a name: one regex over all of them (a space cannot be in a name,
        # so the count of spaces shows that no id smuggled one in).
        joined = " ".join(by_id)
        if not (_NAMES.fullmatch(joined) and joined.count(" ") == len(by_id) - 1):
            for ann in anns:
                self.check(ann)
        if register:
            clash = next((i for i in register if i in by_id), None)
            if clash is not None:
                raise AnnotationError(f"entity id {clash!r} is also an annotation's id")
        self._entities = register
        valued = list(map(bool, map(_ATTRIBUTES, anns)))
        split = list(map(bool, map(_MORE, anns)))
        try:
            # Only the few with attributes, links or several ranges are checked one by one.
            for ann in () if links_checked else compress(
                    anns, map(operator.or_, map(operator.or_, valued, split),
                              map(bool, map(_ENTITY, anns)))):
                self.check(ann)
        except AnnotationError:
            self._entities = {}
            raise
        self._mentions = None
        self._by_id = by_id
        self._valued = set(compress(ids, valued))
        self._index.add_columns(ids, list(map(_START, anns)), list(map(_END, anns)))
        self._pieces = SpanIndex()
        self._pieces.add_many(_pieces(compress(anns, split)))
        self._counts = Counter(tags)
        if highest_generated is None:
            self._loaded_ids = joined
        else:
            self._next_number = max(self._next_number, highest_generated + 1)

    def _check_ranges(self, anns: list[Annotation]) -> None:
        """``Document.check_range`` for each of ``anns``, quicker in the usual cases."""
        document = self.document
        starts, ends = document.paragraphs.starts, document.paragraphs.ends
        text_length = len(document.text)
        find = bisect.bisect_right
        for ann in anns:
            start, end = ann.start, ann.end
            if 0 <= start < end <= text_length:
                first = find(starts, start) - 1
                # Inside one paragraph's text (the common case), or from inside one
                # to the end of another's: the ranges check_range finds nothing to trim in.
                if first >= 0 and (end <= ends[first] or (
                        start < ends[first] and starts[last := find(starts, end - 1) - 1]
                        < end <= ends[last])):
                    continue
            document.check_range(start, end)  # raises with the precise message

    # -- mutation, only for edits -------------------------------------------------
    def _insert(self, anns: Iterable[Annotation]) -> tuple[Annotation, ...]:
        done = tuple(anns)
        if len(done) > _BULK:
            for ann in done:
                if ann.id in self._by_id:
                    raise AnnotationError(f"annotation id {ann.id!r} is used twice")
            if len({a.id for a in done}) != len(done):
                raise AnnotationError("an annotation id is used twice")
            self._index.add_many((a.id, a.start, a.end) for a in done)
            self._pieces.add_many(_pieces(done))
            self._by_id.update((a.id, a) for a in done)
            self._note_links(done, linked=True)
            self._valued.update(a.id for a in done if a.attributes)
            self._counts.update(a.tag for a in done)
            self._note_numbers(done)
            return done
        for ann in done:
            if ann.id in self._by_id:
                raise AnnotationError(f"annotation id {ann.id!r} is used twice")
            self._by_id[ann.id] = ann
            self._note_links((ann,), linked=True)
            if ann.attributes:
                self._valued.add(ann.id)
            self._index.add(ann.id, ann.start, ann.end)
            for key, start, end in _pieces((ann,)):
                self._pieces.add(key, start, end)
            self._counts[ann.tag] += 1
            self._note_numbers((ann,))
        return done

    def _settle_numbers(self) -> None:
        """Move ``next_id`` past the highest generated id ("a17") of the file loaded,
        found in its joined ids at C speed."""
        if self._loaded_ids:
            numbers = _GENERATED_IDS.findall(self._loaded_ids)
            self._next_number = max(self._next_number, max(map(int, numbers), default=0) + 1)
            self._loaded_ids = ""

    def _note_numbers(self, anns: Iterable[Annotation]) -> None:
        """Keep ``next_id`` past the numbers of generated ids ("a17") now in use."""
        self._settle_numbers()
        for ann in anns:
            match = _GENERATED_ID.match(ann.id)
            if match and int(match.group(1)) >= self._next_number:
                self._next_number = int(match.group(1)) + 1

    def _delete(self, ids: Iterable[str]) -> tuple[Annotation, ...]:
        ids = list(ids)
        if len(ids) > _BULK:
            done = tuple(self._by_id[i] for i in ids)  # KeyError before any change
            self._index.remove_many(ids)
            if self._pieces:
                self._pieces.remove_many(key for key, _, _ in _pieces(done))
            self._valued.difference_update(ids)
            for ann_id in ids:
                del self._by_id[ann_id]
            self._note_links(done, linked=False)
            self._counts.subtract(a.tag for a in done)
            return done
        done_one = []
        for ann_id in ids:
            ann = self._by_id.pop(ann_id)
            self._note_links((ann,), linked=False)
            self._valued.discard(ann_id)
            self._index.remove(ann_id)
            for key, _, _ in _pieces((ann,)):
                self._pieces.remove(key)
            self._counts[ann.tag] -= 1
            done_one.append(ann)
        return tuple(done_one)

    def _replace(self, new: Iterable[Annotation]) -> tuple[tuple[Annotation, Annotation], ...]:
        new = tuple(new)
        old = tuple(self._by_id[ann.id] for ann in new)
        # All out, then all in: a bulk retag takes the bulk paths of both.
        self._delete([ann.id for ann in new])
        self._insert(new)
        return tuple(zip(old, new, strict=True))

    def _swap_entities(self, old: Iterable[Entity], new: Iterable[Entity]
                       ) -> tuple[tuple[Entity, ...], tuple[Entity, ...],
                                  tuple[tuple[Entity, Entity], ...]]:
        """Replace entities ``old`` by ``new`` (matched by id): (added, removed, updated)."""
        old, new = tuple(old), tuple(new)
        if not old and not new:
            return (), (), ()
        new_ids = {e.id for e in new}
        old_ids = {e.id for e in old}
        removed = tuple(self._entities.pop(e.id) for e in old if e.id not in new_ids)
        updated = tuple((self._entities[e.id], e) for e in new if e.id in old_ids)
        added = tuple(e for e in new if e.id not in old_ids)
        for entity in added:
            if entity.id in self._entities or entity.id in self._by_id:
                raise AnnotationError(f"entity id {entity.id!r} is used twice")
        for _old, entity in updated:
            self._entities[entity.id] = entity
        for entity in added:
            self._entities[entity.id] = entity
        # (The mention index stays: links are fields of the annotations, which
        # the edit swaps through _insert and _delete.)
        return added, removed, updated


def _pieces(anns: Iterable[Annotation]) -> Iterator[tuple[str, int, int]]:
    """(key, start, end) of every range after the first of ``anns``, for the piece index."""
    for ann in anns:
        for number, (start, end) in enumerate(ann.more, 1):
            yield f"{ann.id} {number}", start, end


def _owner(piece_key: str) -> str:
    """The id of the annotation a key of the piece index belongs to (an id has no space)."""
    return piece_key.partition(" ")[0]
