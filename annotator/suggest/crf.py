"""The tagger that learns: a linear-chain CRF (python-crfsuite) over tokens, trained on
the user's annotations, with what Annotator knows offline as features: the shipped
gazetteers and name lists (given names, titles, states, organisations), word shapes and
affixes, quotation marks, the words' classes from the Hanover Tagger (HanTa, whose
German model its package ships), and how the words of the user's own (unlabelled) texts
are written.

python-crfsuite and HanTa are optional (the ``suggest`` extra): ``available()`` says
whether the CRF can be trained, ``word_classes_available()`` whether word classes are
used; the other sources work without either.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.model import name_lists
from annotator.model.entities import fold
from annotator.resources import resource_path
from annotator.suggest import processes
from annotator.suggest.clusters import WordClusters
from annotator.suggest.sources import Labelled, gazetteer_entries, trimmed
from annotator.suggest.suggestion import Suggestion
from annotator.suggest.tokens import sentences, tokens

OUTSIDE = "O"
# Training settings: L-BFGS with elastic net; tuned on GermEval 2014's dev split by
# cross-validation only (benchmarks/germeval.py), never on its test split.
TRAINING = {"c1": 0.02, "c2": 0.02, "max_iterations": 150,
            "feature.possible_transitions": True}
MISSING = ("the learning tagger needs python-crfsuite: "
           "pip install 'annotator[suggest]'")


def available() -> bool:
    """Whether python-crfsuite is installed."""
    return importlib.util.find_spec("pycrfsuite") is not None


@functools.cache
def _word_class_tagger():
    """The Hanover Tagger (HanTa, LGPL-3.0) with the German model its package ships:
    STTS word classes (NE is a proper noun) from what pip installs, no download.
    None when it is not installed (the ``suggest`` extra brings it)."""
    try:
        from HanTa import HanoverTagger

        return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    except Exception:  # not installed, or its model unreadable: tag without classes
        return None


_WORD_CLASS_LOCK = threading.Lock()


def word_classes_available() -> bool:
    """Whether word classes can be had (HanTa installed with its German model)."""
    return importlib.util.find_spec("HanTa") is not None and _word_class_tagger() is not None


def word_classes(words: Sequence[str]) -> list[str] | None:
    """The STTS word class of each word of one sentence, in context; None without
    HanTa. A document's text never changes, so its sentences are tagged once (the
    tagger learns again and again from the same ones)."""
    if _word_class_tagger() is None or not words:
        return None
    key = tuple(words)
    found = _CLASSES.get(key)
    if found is None:
        with _WORD_CLASS_LOCK:
            analyses = _word_class_tagger().tag_sent(list(words), taglevel=1)
        found = tuple(analysis[2] for analysis in analyses)
        _remember_classes({key: found})
    return list(found)


# Sentence (words) -> word classes, for as long as Annotator runs; oldest dropped first.
_CLASSES: dict[tuple[str, ...], tuple[str, ...]] = {}
MAX_CLASSES = 100_000


_CLASSES_LOCK = threading.Lock()


def _remember_classes(found: dict[tuple[str, ...], tuple[str, ...]]) -> None:
    with _CLASSES_LOCK:  # (the window's refresh and training workers both add)
        _CLASSES.update(found)
        while len(_CLASSES) > MAX_CLASSES:
            del _CLASSES[next(iter(_CLASSES))]


def forget_word_classes() -> None:
    """Drop the kept word classes (benchmarks measure the first training)."""
    with _CLASSES_LOCK:
        _CLASSES.clear()


def _shape(word: str) -> str:
    shape = re.sub(r"[A-ZÄÖÜ]", "X", word)
    shape = re.sub(r"[a-zäöüß]", "x", shape)
    shape = re.sub(r"\d", "d", shape)
    return shape


def _short_shape(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", _shape(word))


@functools.cache
def _name_sets() -> dict[str, frozenset[str]]:
    """Folded names by list, for the features (built once)."""
    sets: dict[str, set[str]] = {"gaz-place": set(), "gaz-org": set(), "gaz-object": set()}
    for entry in gazetteer_entries():
        sets.setdefault(f"gaz-{entry.kind}", set()).add(fold(entry.name))
    sets["state"] = {fold(n) for n in name_lists.STATES}
    sets["org"] = {fold(n) for n in (*name_lists.ALLIANCES, *name_lists.ORGANISATIONS)}
    sets["given"] = {fold(n) for n in name_lists.GIVEN_NAMES}
    sets["title"] = {fold(n) for n in name_lists.TITLES}
    sets["company"] = {fold(n) for n in company_names()}
    return {key: frozenset(value) for key, value in sets.items()}


def company_names() -> list[str]:
    """The names of listed companies shipped for the features
    (``resources/name-lists/companies.txt``, written by packaging/make_name_lists.py
    from pytickersymbols): a feature only, never a suggestion by itself, since some
    are common words too ("Block", "Target")."""
    path = resource_path("resources", "name-lists", "companies.txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:  # an incomplete installation: the tagger learns without them
        return []
    return [line for line in lines if line and not line.startswith("#")]


_TITLE_ENDINGS = tuple(sorted(name_lists.TITLES_IN_COMPOUNDS, key=len, reverse=True))
# German inflection endings taken off before a name-list lookup ("Deutschlands").
_ENDINGS = ("s", "es", "n", "en")


def _lists_of(word: str) -> list[str]:
    folded = fold(word)
    found = [key for key, names in _name_sets().items() if folded in names]
    if not found:
        for ending in _ENDINGS:
            if folded.endswith(ending) and len(folded) > len(ending) + 2:
                base = folded[:-len(ending)]
                found = [key + "~" for key, names in _name_sets().items() if base in names]
                if found:
                    break
    return found


@dataclass
class Lexicon:
    """How words are written in the user's texts (labelled or not): the share of a
    word's occurrences inside a sentence that start with a capital letter, and which
    words occur at all. A German noun is capitalised too; a name is rarely written in
    lower case, and an adjective made from a place ("deutschen") mostly is."""

    upper: Counter[str] = field(default_factory=Counter)
    seen: Counter[str] = field(default_factory=Counter)

    def add_text(self, words: Sequence[str]) -> None:
        for position, word in enumerate(words):
            if position == 0 or not word[:1].isalpha():
                continue
            key = word.lower()
            self.seen[key] += 1
            if word[:1].isupper():
                self.upper[key] += 1

    def capital_class(self, word: str) -> str:
        key = word.lower()
        seen = self.seen.get(key, 0)
        if not seen:
            return "unseen"
        share = self.upper.get(key, 0) / seen
        return "always" if share > 0.95 else "never" if share < 0.05 else "mixed"


def word_features(word: str) -> dict[str, float]:
    """What a word is on its own (cached by the caller per sentence)."""
    lower = word.lower()
    features = {
        "w=" + lower: 1.0, "shape=" + _short_shape(word): 1.0,
        "p3=" + lower[:3]: 1.0, "s2=" + lower[-2:]: 1.0, "s3=" + lower[-3:]: 1.0,
        "s4=" + lower[-4:]: 1.0,
    }
    if word[:1].isupper():
        features["title"] = 1.0
    if word.isupper() and len(word) > 1:
        features["upper"] = 1.0
    if any(c.isdigit() for c in word):
        features["digit"] = 1.0
    if len(word) <= 2:
        features["short"] = 1.0
    if "-" in word.strip("-"):
        parts = word.split("-")
        features["hyphen"] = 1.0
        features["last=" + parts[-1].lower()] = 1.0
        for key in _lists_of(parts[0]):
            features["first-in-" + key] = 1.0
        for key in _lists_of(parts[-1]):
            features["last-in-" + key] = 1.0
    for key in _lists_of(word):
        features["in-" + key] = 1.0
    if lower.endswith(_TITLE_ENDINGS) and lower not in _name_sets()["title"]:
        features["title-compound"] = 1.0
    return features


def sentence_features(words: Sequence[str], lexicon: Lexicon | None = None,
                      classes: Sequence[str] | None = None,
                      clusters: WordClusters | None = None) -> list[dict[str, float]]:
    """The features of each token of one sentence: its own and its neighbours' (with
    ``classes``, the words' word classes too; with ``clusters``, their clusters)."""
    own = [word_features(word) for word in words]
    if clusters is not None and clusters.of:
        for features, word in zip(own, words, strict=True):
            for name in clusters.features(word):
                features[name] = 1.0
    if classes is not None:
        for features, word_class in zip(own, classes, strict=True):
            features["pos=" + word_class] = 1.0
    if lexicon is not None:
        for features, word in zip(own, words, strict=True):
            features["cap=" + lexicon.capital_class(word)] = 1.0
    out: list[dict[str, float]] = []
    count = len(words)
    quoted = _inside_quotes(words)
    for index in range(count):
        features = dict(own[index])
        if index == 0:
            features["first"] = 1.0
        if quoted[index]:
            features["quoted"] = 1.0
        lower = words[index].lower()
        if index > 0:
            features["-1w|w=" + words[index - 1].lower() + "|" + lower] = 1.0
        if index + 1 < count:
            features["w|+1w=" + lower + "|" + words[index + 1].lower()] = 1.0
        for offset in (-2, -1, 1, 2):
            other = index + offset
            if not 0 <= other < count:
                features[f"{offset}:edge"] = 1.0
                continue
            word = words[other]
            features[f"{offset}:w={word.lower()}"] = 1.0
            if abs(offset) == 1:
                features[f"{offset}:shape={_short_shape(word)}"] = 1.0
                features[f"{offset}:s3={word[-3:].lower()}"] = 1.0
                for key in own[other]:
                    if key.startswith(NEIGHBOUR_KEYS):
                        features[f"{offset}:{key}"] = 1.0
        out.append(features)
    return out


# A neighbour's features that a word's own features include (its list memberships,
# capital letter, how the texts write it, word class and clusters).
NEIGHBOUR_KEYS = ("in-", "title", "cap=", "pos=", "c")


_OPENING = {'"': '"', "„": "“", "“": "”", "»": "«", "«": "»", "‚": "‘", "'": "'"}


def _inside_quotes(words: Sequence[str]) -> list[bool]:
    """Whether each word stands between quotation marks (titles of works, names of
    events are often quoted)."""
    inside = [False] * len(words)
    closing = None
    for index, word in enumerate(words):
        if closing is not None and word == closing:
            closing = None
        elif closing is None and word in _OPENING:
            closing = _OPENING[word]
        elif closing is not None:
            inside[index] = True
    return inside


def bio_labels(spans: Sequence[tuple[int, int]], tagged: Iterable[tuple[int, int, str]]
               ) -> list[str]:
    """BIO labels of the tokens ``spans`` for annotations ``(start, end, tag)``: a
    token is inside an annotation that covers it whole; overlapping annotations
    after the first are left out (the tagger tags flat spans)."""
    labels = [OUTSIDE] * len(spans)
    for start, end, tag in sorted(tagged, key=lambda s: (s[0], -s[1])):
        inside = [i for i, (a, b) in enumerate(spans) if a >= start and b <= end]
        if not inside or any(labels[i] != OUTSIDE for i in inside):
            continue
        labels[inside[0]] = "B-" + tag
        for i in inside[1:]:
            labels[i] = "I-" + tag
    return labels


def labelled_sentences(doc: Labelled) -> list[tuple[list[str], list[str]]]:
    """The document as training sentences: (words, BIO labels)."""
    out = []
    for start, end in sentences(doc.text):
        spans = tokens(doc.text, start, end)
        inside = [(s, e, t) for s, e, t in doc.spans if s < end and e > start]
        inside = [(*trimmed(doc.text, s, e), t) for s, e, t in inside]
        out.append(([doc.text[a:b] for a, b in spans], bio_labels(spans, inside)))
    return out


class Tagger:
    """A trained model, ready to tag texts (its bytes travel between threads)."""

    def __init__(self, model: bytes, lexicon: Lexicon, tags: Sequence[str],
                 with_classes: bool = False, clusters: WordClusters | None = None) -> None:
        import pycrfsuite

        self.model = model
        self.lexicon = lexicon
        self.tags = tuple(tags)
        # Trained with word classes: tagging needs them too (and HanTa, which made them).
        self.with_classes = with_classes
        # Trained with word clusters: tagging looks words up in the same ones.
        self.clusters = clusters
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(model)
        # crfsuite's tagger holds the sentence it tagged last: one caller at a time.
        self._lock = threading.Lock()

    def tag_words(self, words: Sequence[str]) -> list[str]:
        """BIO labels for the words of one sentence."""
        features = self.features(words)
        with self._lock:
            return self._tagger.tag(features)

    def features(self, words: Sequence[str]) -> list[dict[str, float]]:
        classes = word_classes(words) if self.with_classes else None
        return sentence_features(words, self.lexicon, classes, self.clusters)

    def suggest(self, text: str) -> list[Suggestion]:
        """A suggestion for each span the model tags, scored by the lowest marginal
        probability of its tokens' labels."""
        found: list[Suggestion] = []
        for start, end in sentences(text):
            spans = tokens(text, start, end)
            if not spans:
                continue
            words = [text[a:b] for a, b in spans]
            features = self.features(words)
            with self._lock:
                labels = self._tagger.tag(features)
                scores = [self._tagger.marginal(label, i) for i, label in enumerate(labels)]
            for first, last, tag in chunks(labels):
                score = min(scores[first:last + 1])
                found.append(Suggestion(spans[first][0], spans[last][1], tag,
                                        round(score, 4), "tagger"))
        return found


def chunks(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first, last, tag)`` token indices of each chunk of BIO ``labels`` (an I-
    without its B- starts a chunk, as conlleval counts)."""
    found: list[tuple[int, int, str]] = []
    current: list | None = None
    for index, label in enumerate(labels):
        prefix, _, tag = label.partition("-")
        if prefix == "I" and current is not None and current[2] == tag:
            current[1] = index
            continue
        if current is not None:
            found.append(tuple(current))
            current = None
        if prefix in ("B", "I"):
            current = [index, index, tag]
    if current is not None:
        found.append(tuple(current))
    return found


def train(examples: Sequence[tuple[Sequence[str], Sequence[str]]],
          unlabelled: Iterable[Sequence[str]] = (),
          settings: dict | None = None,
          cancelled: Callable[[], bool] | None = None,
          with_classes: bool | None = None,
          separate_process: bool = False,
          clusters: WordClusters | None = None) -> Tagger:
    """A tagger trained on ``examples`` (words, BIO labels); ``unlabelled`` sentences
    (words) add to the lexicon; ``with_classes`` (default: when HanTa is there) adds
    the words' classes, ``clusters`` the words' clusters (learnt from the corpus's
    texts, ``clusters.cached``).

    ``separate_process``: crfsuite holds Python's global lock while it trains, for
    up to a second at a time, which would freeze the window; so the window has the
    model made in a process of its own (the word classes are found here, where they
    are kept from one training to the next). ``cancelled`` is asked while it waits,
    and ends that process: ``TrainingStopped``. In this process it is asked before
    and after training only (crfsuite cannot be interrupted from Python)."""
    lexicon = Lexicon()
    for words, _labels in examples:
        lexicon.add_text(words)
    for words in unlabelled:
        lexicon.add_text(words)
    if with_classes is None:
        with_classes = word_classes_available()
    if separate_process:
        # Word classes not known yet are found by the training process too: HanTa is
        # Python, and tagging thousands of sentences here would slow the window.
        known = _CLASSES.get
        rows = [(list(words), list(labels),
                 (list(known(tuple(words), ())) or None) if with_classes else None)
                for words, labels in examples if words]
    else:
        rows = [(list(words), list(labels), word_classes(words) if with_classes else None)
                for words, labels in examples if words]
    tags = sorted({label[2:] for _w, labels, _c in rows for label in labels
                   if label != OUTSIDE})
    if cancelled is not None and cancelled():
        raise TrainingStopped("training was stopped before it began")
    if separate_process:
        model, found = _model_in_process(rows, lexicon, settings or {}, cancelled,
                                         with_classes, clusters)
        _remember_classes(found)
    else:
        model = model_bytes(rows, lexicon, settings or {}, clusters)
    if cancelled is not None and cancelled():
        raise TrainingStopped("training was stopped: its model is out of date")
    return Tagger(model, lexicon, tags, with_classes, clusters)


def model_bytes(rows: Sequence[tuple[list[str], list[str], list[str] | None]],
                lexicon: Lexicon, settings: dict,
                clusters: WordClusters | None = None) -> bytes:
    """The trained model of ``rows`` (words, labels, word classes or None).

    crfsuite's trainer writes its model to a file: a scratch file in the system's
    temporary folder, read back and deleted at once (never beside the user's files)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for words, labels, classes in rows:
        trainer.append(sentence_features(words, lexicon, classes, clusters), labels)
    trainer.set_params({**TRAINING, **settings})
    with tempfile.TemporaryDirectory(prefix="annotator-crf-") as folder:
        path = Path(folder) / "model.crfsuite"
        trainer.train(str(path))
        return path.read_bytes()


def _train(rows, lexicon: Lexicon, settings: dict, with_classes: bool,
           clusters: WordClusters | None
           ) -> tuple[bytes, dict[tuple[str, ...], tuple[str, ...]]]:
    """What the training process does: the word classes the parent did not know
    found, the model trained; its bytes and those classes."""
    found = {}
    if with_classes:
        for index, (words, labels, classes) in enumerate(rows):
            if classes is None:
                classes = word_classes(words)
                if classes is not None:
                    found[tuple(words)] = tuple(classes)
                rows[index] = (words, labels, classes)
    return model_bytes(rows, lexicon, settings, clusters), found


def _model_in_process(rows, lexicon: Lexicon, settings: dict,
                      cancelled: Callable[[], bool] | None, with_classes: bool,
                      clusters: WordClusters | None = None
                      ) -> tuple[bytes, dict[tuple[str, ...], tuple[str, ...]]]:
    try:
        return processes.result_in_process(
            _train, (rows, lexicon, settings, with_classes, clusters),
            "annotator-crf-training", cancelled)
    except processes.ProcessEnded as ended:
        raise TrainingStopped("training was stopped" if ended.stopped
                              else f"the training process {ended}") from None


class TrainingStopped(Exception):
    """Training ended before it made a model."""
