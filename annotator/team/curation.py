"""Curation: the annotators' files of a document made into one curated layer
(docs/team.md, "Curation").

``Curation.open(corpus, doc_id, curator)`` reads every annotator's file and the
curated layer (``documents/ID/curated.xml``, if there is one) and merges:

- an annotation every annotator has (the same span or spans, tag, attribute values and
  entity link: its *fingerprint*) goes into the curated layer by itself (a decision of
  kind ``agreed``), unless a decision of the curator settled one of its copies;
- the other annotations that no decision settled are the *disagreements*, grouped by
  overlapping spans; each is decided by taking one annotator's annotations of it
  (``take``; an annotator with none there is a choice too), by the curator's own
  version (``edit``) or by rejecting all (``reject``).

A decision records who, when, the curated annotations it made and, for every
annotator's annotation it settled, that annotation's fingerprint *as it was*. Merging
again after an annotator changed their file therefore never undoes a decision: an
annotation the decision saw is still settled; a new or changed one has a new
fingerprint and shows up as a new disagreement. An agreement that no longer holds
(an annotator changed one of the copies) leaves the layer and its copies become
disagreements: it was the program's decision, not the curator's.

Every step (a decision, its undoing, the merge) is a ``Step`` that ``apply`` and
``revert`` take forward and back; ``reopen`` undoes a decision made in an earlier
session. No Qt: the window (``gui/curation_view.py``) and ``annotator corpus curate``
use the same calls.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.corpus import layout
from annotator.errors import AnnotatorError, ReadError
from annotator.model import AnnotatedDocument
from annotator.model.annotation import Annotation
from annotator.model.edits import Edit
from annotator.model.edits import remove as remove_edit
from annotator.model.entities import Entity
from annotator.model.store import PIECE_JOINER
from annotator.team.curated_file import Decision, Settled

if TYPE_CHECKING:
    from annotator.corpus.folder import Corpus

KINDS = ("agreed", "take", "edit", "reject")
Key = tuple


def fingerprint_key(doc: AnnotatedDocument, ann: Annotation) -> Key:
    """What two annotators must both have for an annotation to be the same: its
    ranges, tag, attribute values (a reference to another annotation as that
    annotation's ranges and tag, since ids differ between files) and entity link."""
    store = doc.annotations
    tag = store.tagset[ann.tag] if ann.tag in store.tagset else None
    references = {a.name for a in tag.attributes if a.kind == "reference"} if tag else set()
    values = []
    for name, value in ann.attributes:
        if name in references and value in store:
            target = store.get(value)
            value = f"@{target.tag}:" + ",".join(f"{s}-{e}" for s, e in target.ranges)
        values.append((name, value))
    return (tuple(ann.ranges), ann.tag, tuple(sorted(values)), ann.entity)


def fingerprint(doc: AnnotatedDocument, ann: Annotation) -> str:
    """A short digest of ``fingerprint_key``: what a decision remembers of an
    annotation it settled."""
    return _digest(fingerprint_key(doc, ann))


def _digest(key: Key) -> str:
    text = json.dumps(key, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Source:
    """One annotator's file of the document."""

    number: int  # 1, 2, …: the key that takes this annotator's version
    name: str  # the annotator's name
    file: str  # the file's name in annotations/
    doc: AnnotatedDocument


@dataclass(frozen=True)
class Candidate:
    """One annotator's annotation in the merge."""

    source: Source
    annotation: Annotation
    fingerprint: str
    key: Key
    # The fingerprints it had before an entity merge of the corpus gave its link the
    # id it has now (``Corpus.merge_entities``): a decision that saw it then still holds.
    aliases: tuple[str, ...] = ()

    def settled_by(self, settled: set[tuple[str, str]]) -> bool:
        """Whether a decision (``settled``: file, fingerprint) settled this annotation."""
        file = self.source.file
        return (file, self.fingerprint) in settled or any(
            (file, alias) in settled for alias in self.aliases)

    @property
    def settled(self) -> Settled:
        return Settled(self.source.file, self.annotation.id, self.fingerprint)

    @property
    def text(self) -> str:
        return self.source.doc.annotations.text_of(self.annotation, PIECE_JOINER)


@dataclass(frozen=True)
class Disagreement:
    """Annotations of some annotators, overlapping, that no decision settled and not
    all annotators share: one question for the curator."""

    id: str  # a digest of what it holds: the same disagreement has the same id
    start: int
    end: int
    candidates: tuple[Candidate, ...]

    def of(self, source: Source) -> list[Candidate]:
        """The candidates of one annotator (none: that annotator left this text alone)."""
        return [c for c in self.candidates if c.source.file == source.file]


@dataclass
class Step:
    """One undoable change of the curation: the layer's edit and the decisions it
    took away and added."""

    description: str
    edit: Edit | None = None
    removed: tuple[Decision, ...] = ()
    added: tuple[Decision, ...] = ()


@dataclass
class Curation:
    """The curation of one document by one curator (see the module's docstring)."""

    corpus: Corpus
    doc_id: str
    curator: str
    sources: list[Source]
    layer: AnnotatedDocument
    decisions: list[Decision] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    digest: str | None = None  # of curated.xml as read or last written; None: no file
    _numbers: int = 0  # the highest decision number used (ids d1, d2, …)
    # The merge ``open`` applied: what the annotators' files changed in the layer.
    merged: Step = field(default_factory=lambda: Step("Merge"))
    _candidates: list[Candidate] | None = None

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, corpus: Corpus, doc_id: str, curator: str) -> Curation:
        """Read the annotators' files and the curated layer of ``doc_id`` and merge
        (``merge``: the agreed annotations are in ``layer``; nothing is written yet).
        ``AnnotatorError`` for an unknown document, one with fewer than two annotators'
        files, or a file that cannot be read."""
        from annotator.corpus.tei_files import read_text
        from annotator.files import digest_bytes, read_bytes
        from annotator.team.curated_file import read_curated

        text_file = corpus._text_path(doc_id)
        files = corpus.annotators_of(doc_id)
        if len(files) < 2:
            raise ReadError(f"{doc_id} has {len(files)} annotation file"
                            f"{'' if len(files) == 1 else 's'}"
                            f"{' (' + files[0].name + ')' if files else ''}; curation needs "
                            "the files of at least two annotators",
                            str(text_file.parent / layout.ANNOTATIONS))
        sources = []
        for number, path in enumerate(files, 1):
            session = corpus.open_document_file(doc_id, path)
            name = session.member.annotator if session.member is not None else path.stem
            sources.append(Source(number, name, path.name, session.document))
        text_data = read_bytes(text_file)
        path = layout.curated_path(corpus.root, doc_id)
        decisions: list[Decision] = []
        digest = None
        if path.exists():
            data = read_bytes(path)
            layer, decisions = read_curated(text_data, data, str(text_file), str(path),
                                            corpus.tagset)
            corpus._with_register(layer)  # (entities merged since: as the annotators' files)
            digest = digest_bytes(data)
        else:
            _info, document = read_text(text_data, str(text_file))
            layer = AnnotatedDocument.create(document, corpus.tagset)
        curation = cls(corpus, doc_id, curator, sources, layer, decisions, digest=digest)
        curation._numbers = max((_number(d) for d in decisions), default=0)
        curation.merged = curation.merge()
        curation.apply(curation.merged)
        return curation

    @property
    def path(self) -> Path:
        return layout.curated_path(self.corpus.root, self.doc_id)

    def source(self, file: str) -> Source | None:
        for source in self.sources:
            if source.file == file:
                return source
        return None

    # -- merging ---------------------------------------------------------------------------
    def candidates(self) -> list[Candidate]:
        """Every annotation of every annotator (the files as read: made once)."""
        if self._candidates is None:
            merged_into: dict[str, list[str]] = {}
            for old, kept in self.corpus.merges().items():
                merged_into.setdefault(kept, []).append(old)
            found = []
            for source in self.sources:
                doc = source.doc
                for ann in doc.annotations:
                    key = fingerprint_key(doc, ann)
                    aliases = tuple(_digest((*key[:3], old))
                                    for old in merged_into.get(ann.entity, ()))
                    found.append(Candidate(source, ann, _digest(key), key, aliases))
            self._candidates = found
        return self._candidates

    def _settled(self) -> set[tuple[str, str]]:
        """(file, fingerprint) of every annotation a curator's decision settled."""
        return {(s.file, s.fingerprint) for d in self.decisions if d.kind != "agreed"
                for s in d.settled}

    def merge(self) -> Step:
        """The step that brings the layer up to the annotators' files: agreements now
        held go in, agreements no longer held go out (unless another curated annotation
        refers to them); the disagreements are computed anew when it is applied.
        Decisions of the curator are left as they are."""
        settled = self._settled()
        holders: dict[str, dict[str, Candidate]] = {}
        for candidate in self.candidates():
            if not candidate.settled_by(settled):
                holders.setdefault(candidate.fingerprint, {})[candidate.source.file] = candidate
        agreed = {fp: found for fp, found in holders.items() if len(found) == len(self.sources)}
        # An agreement recorded before an entity merge renamed the link it shares.
        now_known_as = {alias: fp for fp, found in agreed.items()
                        for c in found.values() for alias in c.aliases}
        # The agreements recorded before: kept while they hold, else taken out.
        kept: set[str] = set()
        removed: list[Decision] = []
        going: list[str] = []
        referenced = self._referenced_results()
        for decision in self.decisions:
            if decision.kind != "agreed":
                continue
            recorded = decision.settled[0].fingerprint if decision.settled else ""
            recorded = now_known_as.get(recorded, recorded)
            if (recorded in agreed and recorded not in kept) or any(
                    r in referenced for r in decision.results):
                kept.add(recorded)
                continue
            removed.append(decision)
            going.extend(r for r in decision.results if r in self.layer.annotations)
        batch = _Batch()
        added: list[Decision] = []
        when = _now()
        who = self.layer.annotator_for(self.curator).id

        def order(fp: str) -> tuple:  # mentions before the commitments naming them
            key = next(iter(agreed[fp].values())).key
            return (bool(key[2]), key[0])

        for fp in sorted((fp for fp in agreed if fp not in kept), key=order):
            found = agreed[fp]
            first = next(iter(found.values()))
            made = self._materialise(first, batch, who)
            added.append(Decision(
                f"d{self._next_number(added)}", "agreed", who, when,
                f"Agreed: {self._describe(first)}", tuple(made),
                tuple(c.settled for c in found.values())))
        new_annotations, new_entities = batch.annotations, batch.entities
        edit = None
        if going:
            removal = remove_edit(self.layer, going)
            needed = {a.entity for a in new_annotations} | {
                v for a in new_annotations for _n, v in a.attributes}
            edit = Edit(removal.before, (*removal.after, *new_annotations), "Merge",
                        tuple(e for e in removal.entities_before if e.id not in needed),
                        (*removal.entities_after, *new_entities.values()))
        elif new_annotations or new_entities:
            edit = Edit((), tuple(new_annotations), "Merge", (), tuple(new_entities.values()))
        return Step(f"Merge: {len(added)} agreed taken, {len(removed)} no longer agreed",
                    edit, tuple(removed), tuple(added))

    def _referenced_results(self) -> set[str]:
        """Curated annotations that another curated annotation refers to."""
        store = self.layer.annotations
        found: set[str] = set()
        for ann in store.with_values():
            found.update(v for _n, v in ann.attributes if v in store and v != ann.id)
        return found

    def _compute_disagreements(self) -> None:
        settled = self._settled() | {(s.file, s.fingerprint) for d in self.decisions
                                     if d.kind == "agreed" for s in d.settled}
        open_candidates = sorted(
            (c for c in self.candidates() if not c.settled_by(settled)),
            key=lambda c: (c.annotation.start, -c.annotation.last_end, c.source.number))
        groups: list[list[Candidate]] = []
        end = -1
        for candidate in open_candidates:
            if groups and candidate.annotation.start < end:
                groups[-1].append(candidate)
                end = max(end, candidate.annotation.last_end)
            else:
                groups.append([candidate])
                end = candidate.annotation.last_end
        self.disagreements = [
            Disagreement(_group_id(group), group[0].annotation.start,
                         max(c.annotation.last_end for c in group),
                         tuple(sorted(group, key=lambda c: (c.source.number,
                                                            c.annotation.sort_key()))))
            for group in groups]

    # -- deciding --------------------------------------------------------------------------
    def take(self, disagreement: Disagreement, source: Source) -> Step:
        """Take ``source``'s annotations of the disagreement (none, if it has none
        there) into the layer; the others' are settled as not taken."""
        mine = disagreement.of(source)
        who = self.layer.annotator_for(self.curator).id
        batch = _Batch()
        made: list[str] = []
        for candidate in sorted(mine, key=lambda c: bool(c.annotation.attributes)):
            made.extend(self._materialise(candidate, batch, who))
        what = (", ".join(self._describe(c) for c in mine) if mine
                else "nothing here")
        description = f"Took {source.name}'s {what}"
        settled = tuple(replace(c.settled, taken=c.source.file == source.file)
                        for c in disagreement.candidates)
        return self._decision_step("take", description, batch, made, settled, who)

    def edit(self, disagreement: Disagreement, base: Candidate, tag: str, start: int,
             end: int) -> Step:
        """The curator's own version: ``base`` with tag ``tag`` over [start, end) (its
        values and link kept when the tag is the same, else left out)."""
        store = self.layer.annotations
        if tag not in store.tagset:
            raise AnnotatorError(f"there is no tag {tag!r} in the corpus's tagset")
        start, end = store.document.trim_to_paragraphs(start, end)
        if start >= end:
            raise AnnotatorError("the span holds no text to annotate")
        ann = base.annotation
        same = (ann.tag == tag and ann.start == start and ann.end == end)
        changed = ann.changed(tag=tag, start=start, end=end,
                              more=ann.more if same else (),
                              attributes=ann.attributes if ann.tag == tag else (),
                              entity=ann.entity if ann.tag == tag else "")
        who = self.layer.annotator_for(self.curator).id
        batch = _Batch()
        own = replace(base, annotation=changed)
        made = self._materialise(own, batch, who, reuse=False)
        label = store.tagset[tag].label
        text = store.document.text[start:end]
        description = f"Edited: {label} “{_short(text)}” ({start}–{end})"
        settled = tuple(replace(c.settled, taken=c is base) for c in disagreement.candidates)
        return self._decision_step("edit", description, batch, made, settled, who)

    def reject(self, disagreement: Disagreement) -> Step:
        """None of the disagreement's annotations goes into the layer."""
        who = self.layer.annotator_for(self.curator).id
        what = ", ".join(f"{c.source.name}'s {self._describe(c)}"
                         for c in disagreement.candidates)
        return self._decision_step("reject", f"Rejected {what}", _Batch(), [],
                                   tuple(c.settled for c in disagreement.candidates), who)

    def reopen(self, decision: Decision) -> Step:
        """Undo a decision (also one of an earlier session): its curated annotations
        leave the layer and what it settled is open again."""
        if decision not in self.decisions:
            raise AnnotatorError(f"there is no decision {decision.id} in force")
        results = [r for r in decision.results if r in self.layer.annotations]
        edit = remove_edit(self.layer, results) if results else None
        return Step(f"Reopened: {decision.description}", edit, (decision,), ())

    def _decision_step(self, kind: str, description: str, batch: _Batch, made: list[str],
                       settled: tuple[Settled, ...], who: str) -> Step:
        decision = Decision(f"d{self._next_number([])}", kind, who, _now(), description,
                            tuple(made), settled)
        edit = (Edit((), tuple(batch.annotations), description, (),
                     tuple(batch.entities.values()))
                if batch.annotations or batch.entities else None)
        return Step(description, edit, (), (decision,))

    # -- steps -----------------------------------------------------------------------------
    def apply(self, step: Step) -> None:
        """Take ``step`` (made by ``merge``, ``take``, ``edit``, ``reject``, ``reopen``)."""
        if step.edit is not None:
            step.edit.apply(self.layer)
        gone = {d.id for d in step.removed}
        self.decisions = [d for d in self.decisions if d.id not in gone] + list(step.added)
        for decision in step.added:
            self._numbers = max(self._numbers, _number(decision))
        self._compute_disagreements()

    def revert(self, step: Step) -> None:
        """Take ``step`` back (undo)."""
        if step.edit is not None:
            step.edit.revert(self.layer)
        gone = {d.id for d in step.added}
        self.decisions = [d for d in self.decisions if d.id not in gone] + list(step.removed)
        self.decisions.sort(key=_number)
        self._compute_disagreements()

    def _next_number(self, pending: list[Decision]) -> int:
        return self._numbers + len(pending) + 1

    # -- materialising ---------------------------------------------------------------------
    def _materialise(self, candidate: Candidate, batch: _Batch, who: str,
                     reuse: bool = True) -> list[str]:
        """Put ``candidate``'s annotation into ``batch`` (to be added to the layer) with
        a new id and the curator as its author, its entity (and the entities its values
        name) too; a mention it refers to is found in the layer or the batch (same
        ranges and tag) or brought along. The ids made; none when the layer has the
        annotation already (``reuse``)."""
        store = self.layer.annotations
        doc = candidate.source.doc
        ann = candidate.annotation

        def in_layer(ranges: tuple, tag: str, key: Key | None = None) -> str | None:
            found = [*store.overlapping(ranges[0][0], ranges[0][1]),
                     *batch.at.get((ranges, tag), ())]
            for known in found:
                if tuple(known.ranges) != ranges or known.tag != tag:
                    continue
                # (a reference of one still in the batch names the batch's ids)
                known_key = (batch.keys[known.id] if known.id in batch.ids
                             else fingerprint_key(self.layer, known))
                if key is None or known_key == key:
                    return known.id
            return None

        if reuse and in_layer(tuple(ann.ranges), ann.tag, candidate.key) is not None:
            return []
        made: list[str] = []
        tag = store.tagset[ann.tag] if ann.tag in store.tagset else None
        references = {a.name for a in tag.attributes if a.kind == "reference"} if tag else set()
        values = []
        for name, value in ann.attributes:
            if name in references and value in doc.annotations:
                target = doc.annotations.get(value)
                found = in_layer(tuple(target.ranges), target.tag)
                if found is None:
                    brought = Candidate(candidate.source, target, fingerprint(doc, target),
                                        fingerprint_key(doc, target))
                    made.extend(self._materialise(brought, batch, who, reuse=False))
                    found = made[-1]
                value = found
            elif name in references and value in doc.entities:
                self._bring_entity(doc.entities[value], batch.entities)
            values.append((name, value))
        if ann.entity and ann.entity in doc.entities:
            self._bring_entity(doc.entities[ann.entity], batch.entities)
        new = ann.changed(id=batch.free_id(store), resp=who, attributes=values)
        batch.add(new, candidate.key)
        made.append(new.id)
        return made

    def _bring_entity(self, entity: Entity, entities: dict[str, Entity]) -> None:
        if not self.layer.annotations.has_entity(entity.id):
            entities.setdefault(entity.id, entity)

    def _describe(self, candidate: Candidate) -> str:
        ann = candidate.annotation
        tagset = self.layer.tagset
        label = tagset[ann.tag].label if ann.tag in tagset else ann.tag
        return f"{label} “{_short(candidate.text)}” ({ann.start}–{ann.last_end})"

    # -- saving ----------------------------------------------------------------------------
    @property
    def status(self) -> str:
        """``done`` when no disagreement is open, else ``inProgress``."""
        return "inProgress" if self.disagreements else "done"

    def save(self, description: str = "Curation saved") -> None:
        """Write ``curated.xml`` (a revision recorded: who, when, what), refusing to
        replace a file another curator changed since it was read."""
        from annotator.files import digest_bytes, write_atomically
        from annotator.team.curated_file import curated_bytes

        who = self.layer.annotator_for(self.curator).id
        revision = self.layer.record_revision(who, description)
        try:
            data = curated_bytes(self.layer, self.decisions, self.status)
            # A digest no file has: a file made since the layer was read is refused too.
            write_atomically(self.path, data, expected_digest=self.digest or "no file")
        except BaseException:
            self.layer.revisions.remove(revision)
            raise
        self.digest = digest_bytes(data)

    # -- reports ---------------------------------------------------------------------------
    def decided(self) -> list[Decision]:
        """The curator's decisions in force (not the agreed ones), in order."""
        return [d for d in self.decisions if d.kind != "agreed"]

    def agreed(self) -> list[Decision]:
        return [d for d in self.decisions if d.kind == "agreed"]


@dataclass
class _Batch:
    """The annotations (and entities) one step adds to the layer, as they are made."""

    annotations: list[Annotation] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    keys: dict[str, Key] = field(default_factory=dict)  # id -> the fingerprint key taken
    at: dict[tuple, list[Annotation]] = field(default_factory=dict)  # (ranges, tag) -> them
    number: int = 0  # the next id number to try

    def free_id(self, store) -> str:
        number = max(self.number, int(store.next_id()[1:]))
        while store.id_taken(f"a{number}") or f"a{number}" in self.ids:
            number += 1
        self.number = number + 1
        return f"a{number}"

    def add(self, ann: Annotation, key: Key) -> None:
        self.annotations.append(ann)
        self.ids.add(ann.id)
        self.keys[ann.id] = key
        self.at.setdefault((tuple(ann.ranges), ann.tag), []).append(ann)


def _number(decision: Decision) -> int:
    """The number of a decision's id (d12: 12; an id given by hand: 0)."""
    digits = decision.id[1:]
    return int(digits) if digits.isdigit() else 0


def _group_id(group: Iterable[Candidate]) -> str:
    joined = "|".join(sorted(f"{c.source.file}:{c.fingerprint}" for c in group))
    return "g" + hashlib.sha256(joined.encode()).hexdigest()[:12]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
