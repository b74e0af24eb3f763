"""Word clusters learnt from unlabelled text: words that stand in the same company
("Herr ... sagte", "in ... ansässige") fall into the same cluster, so the tagger can
tag a name it never saw annotated when the corpus's texts use it like one it did.

Each word of the texts gets a vector from the words around it (the neighbours one and
two places to the left and right, as positive pointwise mutual information, reduced to
100 dimensions by a randomised SVD), and spherical k-means groups the vectors at a few
granularities (coarse to fine); the tagger's features are the cluster numbers.
Everything is numpy, computed once per change of the corpus's texts and kept in its
cache (``cached``); numpy is installed with the ``suggest`` extra (HanTa needs it too).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Format of the cache file; a file of another version is learnt again.
VERSION = 1
FILE_NAME = "word-clusters.json"
# Cluster counts, coarse to fine.
GRANULARITIES = (32, 128, 512)
# The words clustered: the most frequent this many (a corpus of a million words has
# about 100,000 different ones; the rare rest would mostly make noise).
MAX_WORDS = 60_000
# The words of text counted at most (the first texts'): about two thousand news
# articles. More would take longer and more memory (docs/performance.md) for little.
MAX_TEXT_WORDS = 1_000_000
# Fewer different words than this make no clusters.
MIN_WORDS = 20
# Context words kept by name (the most frequent); the others count by their shape.
CONTEXT_WORDS = 2_000
DIMENSIONS = 100
ITERATIONS = 12
_SEED = 20141


@dataclass
class WordClusters:
    """Word (as written) -> its cluster number at each granularity."""

    granularities: tuple[int, ...] = GRANULARITIES
    of: dict[str, tuple[int, ...]] = field(default_factory=dict)
    digest: str = ""

    def __len__(self) -> int:
        return len(self.of)

    def features(self, word: str) -> list[str]:
        # A word the texts never wrote so: as they wrote it in lower case ("Die" at
        # the start of a sentence) or capitalised ("BERLIN" in a headline).
        found = self.of.get(word) or self.of.get(word.lower()) or \
            self.of.get(word[:1].upper() + word[1:].lower())
        if found is None:
            return ["c=none"]
        return [f"c{size}={number}" for size, number in zip(self.granularities, found,
                                                             strict=True)]

    def to_json(self) -> str:
        return json.dumps({"version": VERSION, "digest": self.digest,
                           "granularities": list(self.granularities),
                           "words": {w: list(c) for w, c in self.of.items()}},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str) -> WordClusters:
        """Raises ValueError when ``data`` is not a cluster file of this version."""
        try:
            loaded = json.loads(data)
            if loaded.get("version") != VERSION:
                raise ValueError("another version of the cluster file")
            sizes = tuple(int(n) for n in loaded["granularities"])
            words = {str(w): tuple(int(n) for n in c) for w, c in loaded["words"].items()}
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a cluster file: {exc}") from None
        if any(len(c) != len(sizes) for c in words.values()):
            raise ValueError("not a cluster file: numbers do not match the granularities")
        return cls(sizes, words, str(loaded.get("digest", "")))


def digest_of(texts: Iterable[str]) -> str:
    """What the clusters were learnt from: a digest of the texts, in any order."""
    each = sorted(hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
                  for text in texts)
    return hashlib.sha256("\n".join([str(VERSION), *each]).encode()).hexdigest()


def _shape(word: str) -> str:
    if word[:1].isupper():
        return "<Xx>" if not word.isupper() else "<X>"
    if word[:1].isdigit():
        return "<d>"
    if word[:1].isalpha():
        return "<x>"
    return "<p>"


def learn(sentences: Iterable[Sequence[str]], granularities: Sequence[int] = GRANULARITIES,
          max_words: int = MAX_WORDS) -> WordClusters:
    """Clusters of the words of ``sentences`` (each a sequence of words); empty when
    there are too few words to cluster."""
    import numpy as np

    rows = []
    total = 0
    for words in sentences:
        if words:
            rows.append(list(words))
            total += len(words)
            if total >= MAX_TEXT_WORDS:
                break
    counts = Counter(word for words in rows for word in words)
    vocabulary = [word for word, _n in counts.most_common(max_words)]
    sizes = tuple(granularities)
    if len(vocabulary) < MIN_WORDS:
        return WordClusters(sizes, {})
    index = {word: i for i, word in enumerate(vocabulary)}
    # Contexts: a frequent word by name, any other by its shape, and the sentence's
    # edges; one set per position (-2, -1, +1, +2).
    context_names = [word for word, _n in counts.most_common(CONTEXT_WORDS)]
    context_names += ["<Xx>", "<X>", "<d>", "<x>", "<p>", "<s>", "</s>"]
    context = {word: i for i, word in enumerate(context_names)}
    per_position = len(context_names)
    word_ids = array("q")  # 64 bits everywhere, as numpy reads them
    context_ids = array("q")
    for words in rows:
        padded = ["<s>", "<s>", *words, "</s>", "</s>"]
        ids = [context.get(word) if word in context else context[_shape(word)]
               for word in padded]
        for position, word in enumerate(words, start=2):
            own = index.get(word)
            if own is None:
                continue
            for slot, offset in enumerate((-2, -1, 1, 2)):
                word_ids.append(own)
                context_ids.append(slot * per_position + ids[position + offset])
    pairs = np.frombuffer(word_ids, dtype=np.int64) * (4 * per_position) + \
        np.frombuffer(context_ids, dtype=np.int64)
    keys, together = np.unique(pairs, return_counts=True)
    rows_of, cols_of = np.divmod(keys, 4 * per_position)
    together = together.astype(np.float64)
    word_total = np.bincount(rows_of, weights=together, minlength=len(vocabulary))
    context_total = np.bincount(cols_of, weights=together, minlength=4 * per_position)
    smoothed = context_total ** 0.75
    pmi = np.log(together * smoothed.sum() / (word_total[rows_of] * smoothed[cols_of]))
    keep = pmi > 0
    rows_of, cols_of, pmi = rows_of[keep], cols_of[keep], pmi[keep]
    if not len(pmi):  # every word in the same company (one-word sentences): nothing to tell
        return WordClusters(sizes, {})
    random = np.random.default_rng(_SEED)
    reduced = _svd_rows(rows_of, cols_of, pmi.astype(np.float32),
                        (len(vocabulary), 4 * per_position), DIMENSIONS, random)
    norms = np.linalg.norm(reduced, axis=1, keepdims=True)
    reduced /= np.where(norms > 0, norms, 1.0)
    # A small corpus has fewer clusters than asked (about four words to a cluster).
    numbers = [_kmeans(reduced, max(2, min(size, len(vocabulary) // 4)), random)
               for size in sizes]
    found = {word: tuple(int(n[i]) for n in numbers) for i, word in enumerate(vocabulary)}
    return WordClusters(sizes, found)


class _Sparse:
    """A sparse matrix by rows (``rows``, ``cols``, ``values`` of ``shape``) that
    multiplies a dense one: the products summed per row with ``reduceat``, a slice
    of rows at a time (a product of each entry at once would take gigabytes)."""

    def __init__(self, rows, cols, values, shape) -> None:
        import numpy as np

        order = np.argsort(rows, kind="stable")
        self.rows, self.cols, self.values = rows[order], cols[order], values[order]
        self.shape = shape
        self.starts = np.flatnonzero(np.r_[True, self.rows[1:] != self.rows[:-1]])

    def times(self, dense):
        import numpy as np

        out = np.zeros((self.shape[0], dense.shape[1]), dtype=np.float32)
        step = 100_000
        starts = self.starts
        first = 0
        while first < len(starts):
            begin = starts[first]
            last = int(np.searchsorted(starts, begin + step, side="right"))
            last = max(last, first + 1)
            end = starts[last] if last < len(starts) else len(self.rows)
            part = slice(begin, end)
            products = dense[self.cols[part]] * self.values[part, None]
            out[self.rows[starts[first:last]]] = np.add.reduceat(
                products, starts[first:last] - begin, axis=0)
            first = last
        return out

    def transposed(self) -> _Sparse:
        return _Sparse(self.cols, self.rows, self.values, (self.shape[1], self.shape[0]))


def _orthonormal(matrix):
    """An orthonormal basis of ``matrix``'s columns (through its Gram matrix: a QR of
    a tall matrix is several times slower, and the power iteration needs no more)."""
    import numpy as np

    strengths, directions = np.linalg.eigh((matrix.T @ matrix).astype(np.float64))
    scale = directions / np.sqrt(np.maximum(strengths, strengths.max() * 1e-10))
    return (matrix @ scale.astype(np.float32)).astype(np.float32)


def _svd_rows(rows, cols, values, shape, dimensions: int, random):
    """The rows of the sparse matrix in its ``dimensions`` strongest directions
    (U·√S of a randomised SVD with two power iterations, Halko et al. 2011)."""
    import numpy as np

    matrix = _Sparse(rows, cols, values, shape)
    transposed = matrix.transposed()
    wanted = min(dimensions + 20, min(shape))
    basis = matrix.times(random.standard_normal((shape[1], wanted)).astype(np.float32))
    for _iteration in range(2):
        back = _orthonormal(transposed.times(_orthonormal(basis)))
        basis = matrix.times(back)
    basis = _orthonormal(basis)
    small = transposed.times(basis).astype(np.float64)  # (columns × wanted) = Mᵀ·Q
    squared, directions = np.linalg.eigh(small.T @ small)
    top = np.argsort(squared)[::-1][:dimensions]
    strengths = np.sqrt(np.maximum(squared[top], 0.0))
    return (basis @ directions[:, top].astype(np.float32)) * np.sqrt(strengths).astype(np.float32)


def _kmeans(points, count: int, random):
    """Cluster numbers of ``points`` (unit rows) by spherical k-means."""
    import numpy as np

    centres = points[random.choice(len(points), count, replace=False)].copy()
    assigned = np.zeros(len(points), dtype=np.int64)
    for _round in range(ITERATIONS):
        assigned = np.argmax(points @ centres.T, axis=1)
        order = np.argsort(assigned, kind="stable")
        ranked = assigned[order]
        starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
        sums = np.zeros_like(centres)
        sums[ranked[starts]] = np.add.reduceat(points[order], starts, axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        centres = np.where(empty[:, None], centres, sums / np.where(norms > 0, norms, 1.0))
    return assigned


def available() -> bool:
    """Whether clusters can be learnt (numpy is installed)."""
    return importlib.util.find_spec("numpy") is not None


# The clusters learnt or read last in this process, by digest: a retraining (every
# few annotations) finds them without reading the cache file again.
_KEPT: dict[str, WordClusters] = {}
_KEPT_COUNT = 2
_KEPT_LOCK = threading.Lock()


def cached(texts: Sequence[str], folder: Path | None,
           separate_process: bool = False) -> WordClusters:
    """The clusters of ``texts``: those learnt last from the same texts, else read
    from ``folder/word-clusters.json`` when it was learnt from them, else learnt and,
    with a ``folder``, written there atomically. The folder is a cache (a corpus's
    ``.annotator-cache``): an unreadable or stale file is learnt again, and a file
    that cannot be written is no error. Without numpy: no clusters (empty).

    ``separate_process``: learnt in a process of its own, as the window trains its
    tagger (tokens and counts are Python, which would hold the window's lock)."""
    digest = digest_of(texts)
    with _KEPT_LOCK:
        kept = _KEPT.get(digest)
    if kept is not None:
        return kept
    if not available():
        return WordClusters()
    path = folder / FILE_NAME if folder is not None else None
    clusters = None
    if path is not None:
        try:
            read = WordClusters.from_json(path.read_text(encoding="utf-8"))
            if read.digest == digest:
                clusters = read
        except (OSError, ValueError, UnicodeDecodeError):
            pass
    if clusters is None:
        try:
            clusters = (_learn_in_process(list(texts)) if separate_process
                        else learn_from_texts(texts))
        except (RuntimeError, MemoryError, OSError):
            # The tagger learns without clusters this time (and tries again next).
            return WordClusters()
        clusters.digest = digest
        if path is not None:
            _write(path, clusters)
    with _KEPT_LOCK:
        _KEPT[digest] = clusters
        while len(_KEPT) > _KEPT_COUNT:
            del _KEPT[next(iter(_KEPT))]
    return clusters


def learn_from_texts(texts: Iterable[str]) -> WordClusters:
    """The clusters of the words of ``texts`` (their sentences as Annotator's tokens)."""
    from annotator.suggest.tokens import words_of

    return learn(words for text in texts for words in words_of(text))


def _write(path: Path, clusters: WordClusters) -> None:
    from annotator import safe_files

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = safe_files.create_temporary(path, "save")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(clusters.to_json().encode("utf-8"))
            os.replace(scratch, path)
        except BaseException:
            safe_files.remove_quietly(scratch)
            raise
    except OSError:
        pass  # only the cache: learnt again next time


def _learn_in_process(texts: list[str]) -> WordClusters:
    from annotator.suggest import processes

    try:
        return processes.result_in_process(learn_from_texts, (texts,),
                                           "annotator-word-clusters")
    except processes.ProcessEnded as ended:
        raise RuntimeError(f"the process learning word clusters {ended}") from None
