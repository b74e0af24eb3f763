"""Suggestions for a text from the switched-on sources, without what is annotated or
was rejected, and each source's precision and recall on held-out annotations."""

from __future__ import annotations

import bisect
import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from annotator.model.entities import Entity
from annotator.model.tagset import Tagset
from annotator.suggest import crf
from annotator.suggest.clusters import WordClusters
from annotator.suggest.sources import (
    FormMatcher,
    Labelled,
    corpus_matcher,
    gazetteer_matcher,
)
from annotator.suggest.suggestion import SOURCES, Suggestion, best_per_span
from annotator.suggest.tokens import sentences, tokens

# A source whose precision on held-out annotations is below this stops suggesting.
DEFAULT_THRESHOLD = 0.3
# Measured with fewer held-out annotations than this, a figure says too little to
# switch a source off.
MIN_EVALUATED = 5
# The tagger suggests in documents up to this many characters (a long report): it
# tags about 3,000 words a second with their word classes, so a book would keep a
# worker busy for minutes; the other sources suggest in documents of any length.
TAGGER_LIMIT = 300_000


@dataclass(frozen=True)
class Quality:
    """One source measured on held-out annotations (exact span and tag)."""

    source: str
    precision: float
    recall: float
    suggested: int
    wanted: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Suggester:
    """The sources built for one tagset, and which are switched on."""

    tagset: Tagset
    enabled: set[str] = field(default_factory=lambda: set(SOURCES))
    corpus: FormMatcher | None = None
    gazetteer: FormMatcher | None = None
    tagger: crf.Tagger | None = None
    threshold: float = DEFAULT_THRESHOLD
    quality: dict[str, Quality] = field(default_factory=dict)

    @classmethod
    def build(cls, tagset: Tagset, documents: Iterable[Labelled] = (),
              register: Iterable[Entity] = (), enabled: Iterable[str] = SOURCES
              ) -> Suggester:
        """The string sources from ``documents`` and the register; the tagger is
        trained separately (``learn``), on a worker in the window."""
        docs = list(documents)
        wanted = set(enabled)
        return cls(tagset, wanted,
                   corpus_matcher(docs, tagset, register) if "corpus" in wanted else None,
                   gazetteer_matcher(tagset) if "gazetteer" in wanted else None)

    def learn(self, documents: Sequence[Labelled], unlabelled: Iterable[str] = (),
              separate_process: bool = False, clusters: WordClusters | None = None
              ) -> None:
        """Train the tagger on ``documents`` (when python-crfsuite is there and the
        documents have annotations of a tag it can learn); ``unlabelled`` texts tell
        how words are written, ``clusters`` (learnt from the corpus's texts,
        ``clusters.cached``) which words stand in the same company."""
        self.tagger = train_tagger(self.tagset, documents, unlabelled, separate_process,
                                   clusters)

    def silenced(self) -> set[str]:
        """Sources measured below the threshold on enough held-out annotations."""
        return {name for name, q in self.quality.items()
                if q.wanted >= MIN_EVALUATED and q.precision < self.threshold}

    def raw(self, text: str) -> list[Suggestion]:
        """Every switched-on source's suggestions, before any filtering."""
        found: list[Suggestion] = []
        spans = tokens(text)
        mute = self.silenced()
        if self.corpus is not None and "corpus" in self.enabled - mute:
            found += self.corpus.find(text, spans)
        if self.gazetteer is not None and "gazetteer" in self.enabled - mute:
            found += self.gazetteer.find(text, spans)
        if self.tagger is not None and "tagger" in self.enabled - mute and \
                len(text) <= TAGGER_LIMIT:
            found += [s for s in self.tagger.suggest(text) if s.tag in self.tagset]
        return found

    def suggest(self, text: str, annotated: Iterable[tuple[int, int, str]] = (),
                rejected: Collection[tuple[int, int, str]] = ()) -> list[Suggestion]:
        """Suggestions for ``text``: one per span and tag, none where an annotation
        of the same span is (any tag) or one of the same tag overlaps, none that was
        rejected; sorted by position."""
        return without(best_per_span(self.raw(text)), annotated, rejected)


def without(suggestions: Iterable[Suggestion], annotated: Iterable[tuple[int, int, str]],
            rejected: Collection[tuple[int, int, str]]) -> list[Suggestion]:
    spans = set()
    by_tag: dict[str, list[tuple[int, int]]] = {}
    for start, end, tag in annotated:
        spans.add((start, end))
        by_tag.setdefault(tag, []).append((start, end))
    # Per tag, the annotations by start and the furthest end reached up to each: an
    # annotation overlaps [s, e) iff one starting before e ends after s (a bisection
    # per suggestion, for documents with 100,000 annotations).
    reach: dict[str, tuple[list[int], list[int]]] = {}
    for tag, ranges in by_tag.items():
        ranges.sort()
        furthest, ends = 0, []
        for _start, end in ranges:
            furthest = max(furthest, end)
            ends.append(furthest)
        reach[tag] = ([start for start, _end in ranges], ends)
    kept = []
    for item in suggestions:
        if item.span in spans or item.key() in rejected:
            continue
        if item.tag in reach:
            starts, ends = reach[item.tag]
            before = bisect.bisect_left(starts, item.end)
            if before and ends[before - 1] > item.start:
                continue
        kept.append(item)
    return kept


def least_certain_first(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """The order for active learning: the lowest score first, then by position."""
    return sorted(suggestions, key=lambda s: (s.score, s.start, s.end))


# The tagger learns from at most this many sentences, the first documents' first (the
# window gives the open document first): a large corpus would make every retraining
# take minutes, and the figures of docs/performance.md show 2,000 take seconds.
MAX_TRAINING_SENTENCES = 4000


def train_tagger(tagset: Tagset, documents: Sequence[Labelled],
                 unlabelled: Iterable[str] = (), separate_process: bool = False,
                 clusters: WordClusters | None = None) -> crf.Tagger | None:
    if not crf.available():
        return None
    examples = []
    learnable = {tag.id for tag in tagset if not tag.event}
    for doc in documents:
        spans = [(s, e, t) for s, e, t in doc.spans if t in learnable]
        examples += crf.labelled_sentences(Labelled(doc.text, tuple(spans), doc.name))
        if len(examples) >= MAX_TRAINING_SENTENCES:
            examples = examples[:MAX_TRAINING_SENTENCES]
            break
    if not any(label != crf.OUTSIDE for _words, labels in examples for label in labels):
        return None
    words = ([text[a:b] for a, b in tokens(text, s, e)]
             for text in unlabelled for s, e in sentences(text))
    return crf.train(examples, words, separate_process=separate_process, clusters=clusters)


def held_out(documents: Sequence[Labelled], share: float = 0.2, seed: int = 7
             ) -> tuple[list[Labelled], list[Labelled]]:
    """Documents to learn from and documents to measure on. A single document (or
    fewer than five) is cut at its sentences into parts first, so that there is
    something to hold out."""
    parts = list(documents)
    if len(parts) < 5:
        parts = [piece for doc in parts for piece in _pieces(doc)]
    if len(parts) < 2:
        return parts, []
    order = list(range(len(parts)))
    random.Random(seed).shuffle(order)
    # Parts with annotations first: a part without any measures nothing.
    order.sort(key=lambda i: not parts[i].spans)
    cut = max(1, round(len(parts) * share))
    test = {order[i] for i in range(cut)}
    return ([p for i, p in enumerate(parts) if i not in test],
            [p for i, p in enumerate(parts) if i in test])


def _pieces(doc: Labelled, count: int = 5) -> list[Labelled]:
    bounds = sentences(doc.text)
    if len(bounds) < count:
        return [doc]
    step = len(bounds) / count
    pieces = []
    for index in range(count):
        first = bounds[round(index * step)][0]
        last = bounds[round((index + 1) * step) - 1][1]
        spans = tuple((s - first, e - first, t) for s, e, t in doc.spans
                      if s >= first and e <= last)
        links = tuple((s - first, e - first, x) for s, e, x in doc.links
                      if s >= first and e <= last)
        pieces.append(Labelled(doc.text[first:last], spans, f"{doc.name}#{index}", links))
    return pieces


def evaluate(tagset: Tagset, documents: Sequence[Labelled],
             register: Iterable[Entity] = (), sources: Iterable[str] = SOURCES,
             share: float = 0.2, separate_process: bool = False,
             clusters: WordClusters | None = None) -> dict[str, Quality]:
    """Each source's precision and recall on a held-out share of ``documents``,
    built (and, for the tagger, trained) on the rest only. Precision counts the
    suggestions whose span and tag an annotation of the held-out part has; recall
    the held-out annotations of learnable tags that a suggestion found."""
    train, test = held_out(documents, share)
    if not test:
        return {}
    result: dict[str, Quality] = {}
    for name in sources:
        suggester = Suggester.build(tagset, train, register, {name})
        if name == "tagger":
            suggester.learn(train, (doc.text for doc in documents), separate_process,
                            clusters)
            if suggester.tagger is None:
                continue
        result[name] = measure(suggester, test, name)
    return result


def measure(suggester: Suggester, documents: Iterable[Labelled], name: str = "") -> Quality:
    """Precision and recall of ``suggester``'s suggestions (score at least 0.5) on the
    annotations of ``documents`` of tags that are not events: exact span and tag."""
    learnable = {tag.id for tag in suggester.tagset if not tag.event}
    hits = found = wanted = 0
    for doc in documents:
        gold = {(s, e, t) for s, e, t in doc.spans if t in learnable}
        guessed = {s.key() for s in best_per_span(suggester.raw(doc.text)) if s.score >= 0.5}
        hits += len(gold & guessed)
        found += len(guessed)
        wanted += len(gold)
    return Quality(name, hits / found if found else 0.0, hits / wanted if wanted else 0.0,
                   found, wanted)

