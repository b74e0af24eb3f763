"""Agreement between annotators of a corpus (docs/team.md, "Agreement").

A **unit** is one range of one annotation of one annotator: (annotator, start, end,
tag), in code points of the document's text. A discontinuous annotation gives a unit
per range (as the annotations table gives a row per range). Every unit is kept:
overlapping and nested spans, of one annotator or of several, all count.

Measures, per document and for the corpus, per tag and overall, for two or more
annotators:

* **γ** (Mathet, Widlöcher & Métivier 2015, "The unified and holistic method gamma
  for inter-annotator agreement measure and alignment", Computational Linguistics
  41(3)): the units are aligned (each unit with at most one unit of every other
  annotator, or with nobody) so that the disorder — positional and categorical
  dissimilarity — is least; γ = 1 − observed disorder / chance disorder, the chance
  disorder estimated on shuffled continua (the paper's §5.2 shuffle, as pygamma's
  ``ShuffleContinuumSampler``), seeded.
* **αu**, Krippendorff's unitizing alpha (Krippendorff 1995, 2004: the continuum
  form): each tag a yes/no per code point and annotator.
* **Span F1** between each pair of annotators: exact (same start, end and tag) and
  relaxed (overlapping, same tag), one-to-one.
* **Commitments per field**: the commitment (event) annotations of two annotators
  aligned as γ aligns them, then nominal Krippendorff α per field on the aligned pairs.

Plain Python, no Qt; ``corpus_units`` reads a corpus (each file's units kept in the
corpus index, so a second run reads only the files changed since).
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, product
from typing import TYPE_CHECKING, NamedTuple

from annotator.errors import AnnotatorError, Problem
from annotator.progress import Progress

if TYPE_CHECKING:
    from annotator.corpus.folder import Corpus
    from annotator.model import AnnotatedDocument
    from annotator.model.attributes import AttributeDef
    from annotator.model.tagset import Tag

# The dissimilarity of γ: d(u, v) = α·d_pos + β·d_cat, a unit with nobody costs Δ∅
# (the paper's and pygamma's defaults: α = β = Δ∅ = 1).
EMPTY_COST = 1.0
# Chance disorder: at least this many shuffled continua, then more until the standard
# error of its mean is at most PRECISION of it, never more than MAX_SAMPLES.
MIN_SAMPLES = 5
MAX_SAMPLES = 30
PRECISION = 0.01
SEED = 1
# A component of the alignment with more units than this is aligned greedily (each
# unit in turn with its best partners), not exactly; the report says how many.
EXACT_LIMIT = 16
NOT_SET = "(not set)"


class Unit(NamedTuple):
    """One range of one annotation of one annotator."""

    annotator: str
    start: int
    end: int
    tag: str
    text: str = ""
    id: str = ""
    # For a commitment (an event tag): (field, value) pairs, references resolved to the
    # entity's name (or the mention's text), "" for a field not set.
    fields: tuple[tuple[str, str], ...] = ()


@dataclass
class DocumentUnits:
    """One document's units by annotator."""

    doc_id: str
    title: str
    length: int
    units: dict[str, list[Unit]] = field(default_factory=dict)  # annotator -> units


# -- γ -------------------------------------------------------------------------------------

def dissimilarity(u: Unit, v: Unit) -> float:
    """The paper's combined dissimilarity: positional ((|Δstart| + |Δend|) / (length of
    u + length of v))² plus 1 when the tags differ."""
    total = (u.end - u.start) + (v.end - v.start)
    distance = abs(u.start - v.start) + abs(u.end - v.end)
    positional = (distance / total) ** 2 if total else (0.0 if distance == 0 else math.inf)
    return positional + (0.0 if u.tag == v.tag else 1.0)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def tuple_disorder(members: Sequence[Unit | None]) -> float:
    """The disorder of one unitary alignment (one place per annotator, None: nobody):
    the mean over pairs of places of their dissimilarity, Δ∅ for a pair with nobody in
    it (pygamma's convention)."""
    n = len(members)
    total = 0.0
    for a, b in combinations(members, 2):
        total += EMPTY_COST if a is None or b is None else dissimilarity(a, b)
    return total / _pairs(n)


@dataclass
class Alignment:
    """The best alignment found: its unitary alignments (one place per annotator, in
    the order of ``annotators``) and the sum of their disorders."""

    annotators: list[str]
    tuples: list[tuple[Unit | None, ...]]
    total: float
    approximate: int = 0  # components aligned greedily (see EXACT_LIMIT)
    units: int = 0  # how many units it aligns

    @property
    def disorder(self) -> float | None:
        """The alignment's disorder: the sum over unitary alignments divided by the mean
        number of units per annotator (None without units)."""
        count = self.units
        return self.total * len(self.annotators) / count if count else None


def best_alignment(units: dict[str, list[Unit]], annotators: Sequence[str]) -> Alignment:
    """The alignment of least disorder of ``units`` (annotator -> units) among
    ``annotators``. Exact: the units fall into components joined by pairs whose
    dissimilarity is below (C(n,2) + 1)·Δ∅ — a unitary alignment holding two groups
    with every pair between them above that is always worse than the two apart — and
    each component is aligned exactly (two annotators: a least-cost assignment; more: a
    search over the partitions of the component, greedy beyond ``EXACT_LIMIT`` units)."""
    annotators = list(annotators)
    n = len(annotators)
    if n < 2:
        raise AnnotatorError("agreement needs two or more annotators")
    place = {name: k for k, name in enumerate(annotators)}
    flat: list[Unit] = [u for name in annotators for u in units.get(name, ())]
    if not flat:
        return Alignment(annotators, [], 0.0)
    threshold = (_pairs(n) + 1) * EMPTY_COST
    reach = math.sqrt(threshold)
    order = sorted(range(len(flat)), key=lambda k: flat[k].start)
    longest = max(u.end - u.start for u in flat)
    parent = list(range(len(flat)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    edges: dict[int, dict[int, float]] = {}
    count = len(order)
    for pos, i in enumerate(order):
        u = flat[i]
        limit = u.start + reach * ((u.end - u.start) + longest)
        for next_pos in range(pos + 1, count):
            j = order[next_pos]
            v = flat[j]
            if v.start >= limit:
                break
            if v.annotator == u.annotator:
                continue
            d = dissimilarity(u, v)
            if d < threshold:
                edges.setdefault(i, {})[j] = d
                edges.setdefault(j, {})[i] = d
                a, b = root(i), root(j)
                if a != b:
                    parent[a] = b
    components: dict[int, list[int]] = {}
    for k in range(len(flat)):
        components.setdefault(root(k), []).append(k)
    result = Alignment(annotators, [], 0.0, units=len(flat))
    single = EMPTY_COST  # a unit with nobody: every pair of places holds an empty one
    for members in components.values():
        if len(members) == 1:
            u = flat[members[0]]
            slots: list[Unit | None] = [None] * n
            slots[place[u.annotator]] = u
            result.tuples.append(tuple(slots))
            result.total += single
            continue
        if n == 2 and len(members) == 2:
            # (the commonest component: two annotators' units close enough to pair,
            # which pairing always beats leaving both alone)
            i, j = members
            pair = (flat[i], flat[j]) if place[flat[i].annotator] == 0 else (flat[j], flat[i])
            result.tuples.append(pair)
            result.total += edges[i][j]
        elif n == 2:
            _align_two(flat, members, place, edges, result)
        elif len(members) <= EXACT_LIMIT:
            _align_exact(flat, members, place, n, result)
        else:
            _align_greedy(flat, members, place, n, result)
            result.approximate += 1
    return result


def _align_two(flat: list[Unit], members: list[int], place: dict[str, int],
               edges: dict[int, dict[int, float]], result: Alignment) -> None:
    """Two annotators: a least-cost assignment (a pair costs its dissimilarity, a unit
    left alone Δ∅)."""
    left = [k for k in members if place[flat[k].annotator] == 0]
    right = [k for k in members if place[flat[k].annotator] == 1]
    size = len(left) + len(right)
    # Rows: left units, then one "nobody" per right unit; columns: right units, then
    # one "nobody" per left unit. Pairing costs at most 2Δ∅ (= both alone).
    cost = [[0.0] * size for _ in range(size)]
    for r, i in enumerate(left):
        near = edges.get(i, {})
        for c, j in enumerate(right):
            cost[r][c] = min(near.get(j, 2 * EMPTY_COST), 2 * EMPTY_COST)
        for c in range(len(right), size):
            cost[r][c] = EMPTY_COST
    for r in range(len(left), size):
        for c in range(len(right)):
            cost[r][c] = EMPTY_COST
    assignment = _assign(cost)
    used_right: set[int] = set()
    for r, i in enumerate(left):
        c = assignment[r]
        if c < len(right) and cost[r][c] < 2 * EMPTY_COST:
            j = right[c]
            used_right.add(j)
            result.tuples.append((flat[i], flat[j]))
            result.total += cost[r][c]
        else:
            result.tuples.append((flat[i], None))
            result.total += EMPTY_COST
    for j in right:
        if j not in used_right:
            result.tuples.append((None, flat[j]))
            result.total += EMPTY_COST


def _assign(cost: list[list[float]]) -> list[int]:
    """The least-cost assignment of a square matrix (the Hungarian method with
    potentials, O(n³)): row -> column."""
    n = len(cost)
    inf = math.inf
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            row = cost[i0 - 1]
            for j in range(1, n + 1):
                if not used[j]:
                    cur = row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    result = [0] * n
    for j in range(1, n + 1):
        result[p[j] - 1] = j - 1
    return result


def _candidates(flat: list[Unit], first: int, free: Sequence[int], place: dict[str, int],
                n: int) -> Iterable[tuple[Unit | None, ...]]:
    """Every unitary alignment holding ``first`` and units of ``free``."""
    options: list[list[Unit | None]] = [[None] for _ in range(n)]
    options[place[flat[first].annotator]] = [flat[first]]
    for k in free:
        if k != first and place[flat[k].annotator] != place[flat[first].annotator]:
            options[place[flat[k].annotator]].append(flat[k])
    return product(*options)


def _align_exact(flat: list[Unit], members: list[int], place: dict[str, int], n: int,
                 result: Alignment) -> None:
    """Three or more annotators, a small component: the least disorder over every
    partition into unitary alignments (memoised on the units still free)."""
    index = {k: bit for bit, k in enumerate(members)}
    memo: dict[int, tuple[float, list[tuple[Unit | None, ...]]]] = {}
    by_unit = {id(flat[k]): k for k in members}

    def solve(free_mask: int) -> tuple[float, list[tuple[Unit | None, ...]]]:
        if free_mask == 0:
            return 0.0, []
        if free_mask in memo:
            return memo[free_mask]
        free = [k for k in members if free_mask >> index[k] & 1]
        first = free[0]
        best: tuple[float, list[tuple[Unit | None, ...]]] = (math.inf, [])
        for candidate in _candidates(flat, first, free, place, n):
            mask = free_mask
            for unit in candidate:
                if unit is not None:
                    mask &= ~(1 << index[by_unit[id(unit)]])
            cost = tuple_disorder(candidate)
            if cost >= best[0]:
                continue
            rest_cost, rest = solve(mask)
            if cost + rest_cost < best[0]:
                best = (cost + rest_cost, [candidate, *rest])
        memo[free_mask] = best
        return best

    total, tuples = solve((1 << len(members)) - 1)
    result.total += total
    result.tuples.extend(tuples)


def _align_greedy(flat: list[Unit], members: list[int], place: dict[str, int], n: int,
                  result: Alignment) -> None:
    """A large component of three or more annotators: each unit in text order with the
    partners (one per annotator among the units left) that give the least disorder."""
    free = sorted(members, key=lambda k: (flat[k].start, flat[k].end))
    taken: set[int] = set()
    by_unit = {id(flat[k]): k for k in members}
    for first in free:
        if first in taken:
            continue
        left = [k for k in free if k not in taken]
        best = min(_candidates(flat, first, left, place, n), key=tuple_disorder)
        for unit in best:
            if unit is not None:
                taken.add(by_unit[id(unit)])
        result.tuples.append(best)
        result.total += tuple_disorder(best)


def shuffled(units: dict[str, list[Unit]], annotators: Sequence[str], bounds: tuple[int, int],
             rng: random.Random) -> dict[str, list[Unit]]:
    """A random continuum after the paper's §5.2 (pygamma's ``ShuffleContinuumSampler``):
    each of the n places gets the units of an annotator drawn at random, all moved by
    one random offset (pivot) within the bounds, wrapping around its end; the pivots
    are kept half a mean unit length apart. The structure of each annotator's
    annotation (lengths, gaps, overlaps, nesting, tags) is kept; where it falls is not."""
    low, high = bounds
    everything = [u for name in annotators for u in units.get(name, ())]
    mean_length = (sum(u.end - u.start for u in everything) / len(everything)
                   if everything else 0.0)
    apart = mean_length / 2
    available: list[tuple[float, float]] = [(low, high)]
    result: dict[str, list[Unit]] = {}
    for k in range(len(annotators)):
        if available:
            weights = [b - a for a, b in available]
            total = sum(weights)
            if total > 0:
                a, b = available[_weighted(rng, weights, total)]
                pivot = int(rng.uniform(a, b))
            else:
                pivot = low
            available = _without(available, pivot, apart)
        else:
            pivot = int(rng.uniform(low, high))
        source = annotators[rng.randrange(len(annotators))]
        place = f"sample {k}"
        moved: list[Unit] = []
        wrapped = pivot + low - high
        for u in units.get(source, ()):
            shift = pivot if u.start + pivot <= high else wrapped
            moved.append(Unit(place, u.start + shift, u.end + shift, u.tag))
        result[place] = moved
    return result


def _weighted(rng: random.Random, weights: list[float], total: float) -> int:
    x = rng.random() * total
    for k, w in enumerate(weights):
        x -= w
        if x < 0:
            return k
    return len(weights) - 1


def _without(segments: list[tuple[float, float]], pivot: float, apart: float
             ) -> list[tuple[float, float]]:
    kept: list[tuple[float, float]] = []
    low, high = pivot - apart, pivot + apart
    for a, b in segments:
        if a < low:
            kept.append((a, min(b, low)))
        if b > high:
            kept.append((max(a, high), b))
    return [(a, b) for a, b in kept if b > a]


@dataclass
class _Disorder:
    """Sums that make a disorder: Σ of unitary disorders and units / annotators."""

    total: float = 0.0
    units: float = 0.0

    def add(self, alignment: Alignment) -> None:
        self.total += alignment.total
        self.units += alignment.units / len(alignment.annotators)

    @property
    def value(self) -> float | None:
        return self.total / self.units if self.units else None


def gamma_of(continua: Sequence[tuple[dict[str, list[Unit]], tuple[int, int]]],
             annotators: Sequence[str], seed: int = SEED,
             samples: int | None = None) -> tuple[float | None, float | None, float | None, int]:
    """γ of one or more continua taken together (units never align across continua):
    (γ, observed disorder, chance disorder, samples drawn). ``samples`` fixes the number
    of shuffled continua; None draws MIN_SAMPLES, then more until the estimate is
    within PRECISION (standard error), at most MAX_SAMPLES."""
    observed = _Disorder()
    for units, _bounds in continua:
        observed.add(best_alignment(units, annotators))
    if observed.value is None:
        return None, None, None, 0
    expected, drawn = chance_disorder(continua, annotators, seed, samples)
    if not expected:
        return None, observed.value, expected, drawn
    return 1.0 - observed.value / expected, observed.value, expected, drawn


def chance_disorder(continua: Sequence[tuple[dict[str, list[Unit]], tuple[int, int]]],
                    annotators: Sequence[str], seed: int = SEED,
                    samples: int | None = None) -> tuple[float | None, int]:
    """The mean disorder of shuffled copies of ``continua`` (each sample shuffles every
    continuum within its bounds), and how many samples were drawn."""
    rng = random.Random(seed)
    values: list[float] = []
    wanted = samples if samples is not None else MAX_SAMPLES
    while len(values) < wanted:
        sample = _Disorder()
        for units, bounds in continua:
            if any(units.get(name) for name in annotators):
                copy = shuffled(units, annotators, bounds, rng)
                sample.add(best_alignment(copy, [f"sample {k}" for k in range(len(annotators))]))
        if sample.value is None:
            return None, 0
        values.append(sample.value)
        if samples is None and len(values) >= MIN_SAMPLES:
            mean = sum(values) / len(values)
            spread = math.sqrt(sum((x - mean) ** 2 for x in values) / (len(values) - 1))
            if mean == 0 or spread / math.sqrt(len(values)) <= PRECISION * mean:
                break
    return sum(values) / len(values), len(values)


# -- αu ------------------------------------------------------------------------------------

def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined (αu sees a tag as yes/no per code point); spans that
    only touch stay two units."""
    result: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if result and start < result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def _segments(units: list[tuple[int, int]], length: int) -> list[tuple[int, int, bool]]:
    """The continuum [0, length) as (start, length, inside a unit) segments."""
    result: list[tuple[int, int, bool]] = []
    pos = 0
    for start, end in units:
        if start > pos:
            result.append((pos, start - pos, False))
        result.append((start, end - start, True))
        pos = end
    if pos < length:
        result.append((pos, length - pos, False))
    return result


def _distance(b1: int, l1: int, unit1: bool, b2: int, l2: int, unit2: bool) -> int:
    """Krippendorff's δ² between two intersecting segments of two annotators."""
    if unit1 and unit2:
        return (b1 - b2) ** 2 + (b1 + l1 - b2 - l2) ** 2
    if unit1 and not unit2 and b2 <= b1 and b1 + l1 <= b2 + l2:
        return l1 * l1
    if unit2 and not unit1 and b1 <= b2 and b2 + l2 <= b1 + l1:
        return l2 * l2
    return 0


@dataclass
class UnitizingParts:
    """Observed and expected disagreement of one tag (αu = 1 − D_o / D_e)."""

    observed: float
    expected: float


def unitizing_parts(spans: dict[str, list[tuple[int, int]]], annotators: Sequence[str],
                    length: int) -> UnitizingParts | None:
    """D_o and D_e of one tag on the continuum [0, length) (Krippendorff 2004, with the
    expected disagreement as DKPro Statistics computes it from Krippendorff 1995);
    an annotator's overlapping or nested spans of the tag are joined. None when nobody
    used the tag or the continuum is empty."""
    m = len(annotators)
    merged = {name: _merged(spans.get(name, ())) for name in annotators}
    lengths = [e - s for name in annotators for s, e in merged[name]]
    if not lengths or length <= 0:
        return None
    segments = {name: _segments(merged[name], length) for name in annotators}
    observed = 0
    for a, b in combinations(annotators, 2):
        first, second = segments[a], segments[b]
        i = j = 0
        while i < len(first) and j < len(second):
            b1, l1, u1 = first[i]
            b2, l2, u2 = second[j]
            if b1 < b2 + l2 and b2 < b1 + l1:
                observed += _distance(b1, l1, u1, b2, l2, u2)
            if b1 + l1 <= b2 + l2:
                i += 1
            else:
                j += 1
    d_observed = 2 * observed / (m * (m - 1) * length * length)
    gaps = sorted(seg[1] for name in annotators for seg in segments[name] if not seg[2])
    suffix = [0] * (len(gaps) + 1)
    for k in range(len(gaps) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + gaps[k]
    count = len(lengths)
    total = 0.0
    squared = 0
    for size in lengths:
        squared += size * (size - 1)
        k = bisect.bisect_left(gaps, size)
        fitting = suffix[k] - (len(gaps) - k) * (size - 1)
        total += (count - 1) * (2 * size ** 3 - 3 * size ** 2 + size) / 3 + size * size * fitting
    denominator = m * length * (m * length - 1) - squared
    d_expected = 2 / length * total / denominator if denominator else 0.0
    return UnitizingParts(d_observed, d_expected)


def alpha_from(parts: Iterable[UnitizingParts | None]) -> float | None:
    """αu over tags: 1 − ΣD_o / ΣD_e (None when there is no expected disagreement)."""
    known = [p for p in parts if p is not None]
    expected = sum(p.expected for p in known)
    if not known or expected <= 0:
        return None
    return 1.0 - sum(p.observed for p in known) / expected


# -- span F1 --------------------------------------------------------------------------------

@dataclass
class F1Counts:
    """Matches between two annotators' units (one-to-one) and how many each has."""

    exact: int = 0
    relaxed: int = 0
    size: int = 0  # |A| + |B|

    def add(self, other: F1Counts) -> None:
        self.exact += other.exact
        self.relaxed += other.relaxed
        self.size += other.size

    @property
    def f1_exact(self) -> float | None:
        return 2 * self.exact / self.size if self.size else None

    @property
    def f1_relaxed(self) -> float | None:
        return 2 * self.relaxed / self.size if self.size else None


def f1_counts(first: Sequence[Unit], second: Sequence[Unit]) -> F1Counts:
    """Exact matches (same start, end and tag; duplicates matched once each) and relaxed
    ones (overlapping, same tag: a maximum one-to-one matching, so a long span over two
    short ones matches one of them)."""
    counts = F1Counts(size=len(first) + len(second))
    pool: dict[tuple[int, int, str], int] = {}
    for u in second:
        key = (u.start, u.end, u.tag)
        pool[key] = pool.get(key, 0) + 1
    for u in first:
        key = (u.start, u.end, u.tag)
        if pool.get(key):
            pool[key] -= 1
            counts.exact += 1
    by_tag: dict[str, list[Unit]] = {}
    for v in second:
        by_tag.setdefault(v.tag, []).append(v)
    for group in by_tag.values():
        group.sort(key=lambda v: v.start)
    neighbours: list[list[int]] = []
    for u in first:
        group = by_tag.get(u.tag, [])
        near: list[int] = []
        for k, v in enumerate(group):
            if v.start >= u.end:
                break
            if v.end > u.start:
                near.append(k)
        neighbours.append(near)
    counts.relaxed = _matching(neighbours, first, by_tag)
    return counts


def _matching(neighbours: list[list[int]], first: Sequence[Unit],
              by_tag: dict[str, list[Unit]]) -> int:
    """The size of a maximum matching (augmenting paths), per tag."""
    matched: dict[tuple[str, int], int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for k in neighbours[i]:
            if k in seen:
                continue
            seen.add(k)
            key = (first[i].tag, k)
            if key not in matched or augment(matched[key], seen):
                matched[key] = i
                return True
        return False

    size = 0
    for i in range(len(first)):
        if neighbours[i] and augment(i, set()):
            size += 1
    return size


# -- nominal α ------------------------------------------------------------------------------

def nominal_alpha(units: Iterable[Sequence[str | None]]) -> float | None:
    """Krippendorff's α for nominal data: ``units`` are the values each unit got (None
    for a missing value); units with fewer than two values do not count. None when
    there is no expected disagreement (every value the same, or no pairable values)."""
    coincidence: dict[tuple[str, str], float] = {}
    totals: dict[str, float] = {}
    for values in units:
        present = [v for v in values if v is not None]
        m = len(present)
        if m < 2:
            continue
        for a, b in combinations(range(m), 2):
            for x, y in ((present[a], present[b]), (present[b], present[a])):
                coincidence[(x, y)] = coincidence.get((x, y), 0.0) + 1 / (m - 1)
        for v in present:
            totals[v] = totals.get(v, 0.0) + 1
    n = sum(totals.values())
    if n <= 1:
        return None
    disagree = sum(w for (x, y), w in coincidence.items() if x != y)
    expected = sum(totals[x] * totals[y] for x in totals for y in totals if x != y)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * disagree / expected


# -- the report -----------------------------------------------------------------------------

@dataclass
class Measures:
    """The measures of one scope (a document or the corpus; a tag or all)."""

    gamma: float | None = None
    alpha_u: float | None = None
    f1_exact: float | None = None
    f1_relaxed: float | None = None
    units: int = 0

    def as_json(self) -> dict[str, float | int | None]:
        return {"gamma": _rounded(self.gamma), "alpha_u": _rounded(self.alpha_u),
                "f1_exact": _rounded(self.f1_exact), "f1_relaxed": _rounded(self.f1_relaxed),
                "units": self.units}


@dataclass
class FieldAgreement:
    """Nominal α of one commitment field on the aligned pairs."""

    alpha: float | None
    agreement: float | None  # share of aligned pairs with the same value
    pairs: int


@dataclass
class Disagreement:
    """Where two annotators differ: a unitary alignment that is not the same span with
    the same tag in both, or a commitment field with two values."""

    doc_id: str
    start: int
    end: int
    text: str
    first: str  # what the first annotator said ("" nothing), in English words
    second: str
    annotators: tuple[str, str]
    # The same for a window to say in its own words: the units (None: nothing there),
    # or for a commitment field its name and the two values.
    first_unit: Unit | None = None
    second_unit: Unit | None = None
    field: str = ""
    values: tuple[str, str] = ("", "")


@dataclass
class AgreementReport:
    annotators: list[str]
    tags: list[str]
    overall: Measures
    per_tag: dict[str, Measures]
    documents: dict[str, tuple[Measures, dict[str, Measures]]]
    commitments: dict[str, FieldAgreement]
    commitment_pairs: int
    commitments_unaligned: int
    disagreements: list[Disagreement]
    samples: int
    seed: int
    skipped: list[str]  # documents not annotated by every annotator
    approximate: int = 0
    titles: dict[str, str] = field(default_factory=dict)
    # Files that could not be read: their documents are left out (corpus_units).
    problems: list[Problem] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The object ``annotator corpus agreement --format json`` prints."""
        def scope(overall: Measures, per_tag: dict[str, Measures]) -> dict[str, object]:
            result: dict[str, object] = {}
            for name in ("gamma", "alpha_u", "f1_exact", "f1_relaxed"):
                result[name] = {"overall": _rounded(getattr(overall, name)),
                                "per_tag": {t: _rounded(getattr(m, name))
                                            for t, m in per_tag.items()}}
            return result

        return {
            "annotators": self.annotators,
            **scope(self.overall, self.per_tag),
            "units": {"overall": self.overall.units,
                      "per_tag": {t: m.units for t, m in self.per_tag.items()}},
            "commitments": {
                "pairs": self.commitment_pairs, "unaligned": self.commitments_unaligned,
                "alpha": {f: _rounded(a.alpha) for f, a in self.commitments.items()},
                "agreement": {f: _rounded(a.agreement) for f, a in self.commitments.items()},
            },
            "documents": {doc: {"overall": m.as_json(),
                                "per_tag": {t: x.as_json() for t, x in tags.items()}}
                          for doc, (m, tags) in self.documents.items()},
            "skipped": self.skipped,
            "left_out": [str(p) for p in self.problems],
            "samples": self.samples,
            "seed": self.seed,
            "approximate_components": self.approximate,
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def agreement(documents: Sequence[DocumentUnits], annotators: Sequence[str],
              tags: Sequence[str] | None = None, event_tags: Iterable[str] = (),
              seed: int = SEED, samples: int | None = None,
              progress: Progress | None = None) -> AgreementReport:
    """Every measure over ``documents`` for ``annotators`` (two or more), on the units
    of ``tags`` (None: every tag used). A document counts when each of the annotators
    has a file for it (an empty file counts: it says there is nothing); the others are
    listed as skipped. ``event_tags``: the tags whose units are commitments."""
    progress = progress or Progress()
    annotators = list(annotators)
    if len(annotators) < 2:
        raise AnnotatorError("agreement needs two or more annotators")
    if len(set(annotators)) != len(annotators):
        raise AnnotatorError("an annotator is named twice")
    events = set(event_tags)
    used: list[DocumentUnits] = []
    skipped: list[str] = []
    wanted = set(tags) if tags is not None else None
    for doc in documents:
        if not all(name in doc.units for name in annotators):
            skipped.append(doc.doc_id)
            continue
        units = {name: [u for u in doc.units[name] if wanted is None or u.tag in wanted]
                 for name in annotators}
        used.append(DocumentUnits(doc.doc_id, doc.title, doc.length, units))
    all_tags = sorted({u.tag for doc in used for us in doc.units.values() for u in us})
    if tags is not None:
        all_tags = [t for t in tags]

    def restricted(doc: DocumentUnits, tag: str | None) -> dict[str, list[Unit]]:
        if tag is None:
            return doc.units
        return {name: [u for u in us if u.tag == tag] for name, us in doc.units.items()}

    scopes: list[str | None] = [None, *all_tags]
    observed: dict[str | None, _Disorder] = {t: _Disorder() for t in scopes}
    per_doc_observed: dict[tuple[str, str | None], float | None] = {}
    approximate = 0
    total_docs = max(1, len(used))
    for number, doc in enumerate(used):
        if number % 20 == 0:
            progress.step(f"Aligning {doc.doc_id} ({number + 1:,} of {len(used):,})…",
                          0.4 * number / total_docs)
        for tag in scopes:
            alignment = best_alignment(restricted(doc, tag), annotators)
            approximate += alignment.approximate
            observed[tag].add(alignment)
            per_doc_observed[(doc.doc_id, tag)] = alignment.disorder
    # Chance disorder from the corpus (every document shuffled in each sample): a news
    # article has too few units for a stable estimate of its own, and with one estimate
    # the documents' γ are comparable.
    expected: dict[str | None, float | None] = {}
    drawn = 0
    for k, tag in enumerate(scopes):
        progress.step(f"Estimating chance disorder ({tag or 'all tags'})…",
                      0.4 + 0.5 * k / len(scopes))
        continua = [(restricted(doc, tag), (0, doc.length)) for doc in used]
        if observed[tag].value is None:
            expected[tag] = None
            continue
        expected[tag], count = chance_disorder(continua, annotators, seed, samples)
        drawn = max(drawn, count)

    def gamma(observed_value: float | None, tag: str | None) -> float | None:
        chance = expected.get(tag)
        if observed_value is None or not chance:
            return None
        return 1.0 - observed_value / chance

    progress.step("Unitizing α and span F1…", 0.9)
    corpus_length = sum(doc.length for doc in used)
    corpus_parts: dict[str, UnitizingParts | None] = {}
    offset_spans: dict[str, dict[str, list[tuple[int, int]]]] = {
        t: {name: [] for name in annotators} for t in all_tags}
    offset = 0
    documents_report: dict[str, tuple[Measures, dict[str, Measures]]] = {}
    corpus_f1: dict[str | None, F1Counts] = {t: F1Counts() for t in scopes}
    for doc in used:
        doc_tags: dict[str, Measures] = {}
        doc_parts: list[UnitizingParts | None] = []
        doc_f1: dict[str | None, F1Counts] = {t: F1Counts() for t in scopes}
        for a, b in combinations(annotators, 2):
            for tag in scopes:
                counts = f1_counts(restricted(doc, tag)[a], restricted(doc, tag)[b])
                doc_f1[tag].add(counts)
                corpus_f1[tag].add(counts)
        for tag in all_tags:
            spans = {name: [(u.start, u.end) for u in doc.units[name] if u.tag == tag]
                     for name in annotators}
            for name in annotators:
                offset_spans[tag][name].extend((s + offset, e + offset) for s, e in spans[name])
            parts = unitizing_parts(spans, annotators, doc.length)
            doc_parts.append(parts)
            count = sum(len(v) for v in spans.values())
            if count:
                doc_tags[tag] = Measures(gamma(per_doc_observed[(doc.doc_id, tag)], tag),
                                         alpha_from([parts]), doc_f1[tag].f1_exact,
                                         doc_f1[tag].f1_relaxed, count)
        count = sum(len(v) for v in doc.units.values())
        documents_report[doc.doc_id] = (
            Measures(gamma(per_doc_observed[(doc.doc_id, None)], None), alpha_from(doc_parts),
                     doc_f1[None].f1_exact, doc_f1[None].f1_relaxed, count), doc_tags)
        offset += doc.length
    for tag in all_tags:
        corpus_parts[tag] = unitizing_parts(offset_spans[tag], annotators, corpus_length)
    per_tag: dict[str, Measures] = {}
    for tag in all_tags:
        count = sum(len(restricted(doc, tag)[n]) for doc in used for n in annotators)
        per_tag[tag] = Measures(gamma(observed[tag].value, tag), alpha_from([corpus_parts[tag]]),
                                corpus_f1[tag].f1_exact, corpus_f1[tag].f1_relaxed, count)
    overall = Measures(gamma(observed[None].value, None), alpha_from(corpus_parts.values()),
                       corpus_f1[None].f1_exact, corpus_f1[None].f1_relaxed,
                       sum(len(us) for doc in used for us in doc.units.values()))
    progress.step("Commitments and disagreements…", 0.95)
    fields, pairs, unaligned, field_disagreements = _commitment_fields(used, annotators, events)
    disagreements: list[Disagreement] = []
    for doc in used:
        for a, b in combinations(annotators, 2):
            disagreements.extend(_disagreements(doc, a, b))
    disagreements.extend(field_disagreements)
    disagreements.sort(key=lambda d: (d.doc_id, d.start, d.end, d.annotators))
    return AgreementReport(annotators, all_tags, overall, per_tag, documents_report, fields,
                           pairs, unaligned, disagreements, drawn, seed, skipped, approximate,
                           {doc.doc_id: doc.title for doc in used})


def _said(unit: Unit | None) -> str:
    return "" if unit is None else f"{unit.tag} {unit.start}–{unit.end} «{unit.text}»"


def _disagreements(doc: DocumentUnits, a: str, b: str) -> list[Disagreement]:
    result: list[Disagreement] = []
    for first, second in best_alignment(doc.units, [a, b]).tuples:
        if (first is not None and second is not None and first.start == second.start
                and first.end == second.end and first.tag == second.tag):
            continue
        shown = first or second
        assert shown is not None
        start = min(u.start for u in (first, second) if u is not None)
        end = max(u.end for u in (first, second) if u is not None)
        result.append(Disagreement(doc.doc_id, start, end, shown.text, _said(first),
                                   _said(second), (a, b), first, second))
    return result


def _commitment_fields(documents: Sequence[DocumentUnits], annotators: Sequence[str],
                       events: set[str]
                       ) -> tuple[dict[str, FieldAgreement], int, int, list[Disagreement]]:
    """Commitments of each pair of annotators aligned as γ aligns them (positions and
    tag), then nominal α per field over every aligned pair (a field not set is the
    value "(not set)": leaving out a donor the other gave is a disagreement)."""
    values: dict[str, list[tuple[str, str]]] = {}
    pairs = unaligned = 0
    disagreements: list[Disagreement] = []
    for doc in documents:
        commitments = {name: [u for u in doc.units[name] if u.tag in events]
                       for name in annotators}
        for a, b in combinations(annotators, 2):
            for first, second in best_alignment(commitments, [a, b]).tuples:
                if first is None or second is None:
                    unaligned += 1
                    continue
                pairs += 1
                one, other = dict(first.fields), dict(second.fields)
                for name in dict.fromkeys([*one, *other]):
                    x, y = one.get(name) or NOT_SET, other.get(name) or NOT_SET
                    values.setdefault(name, []).append((x, y))
                    if x != y:
                        disagreements.append(Disagreement(
                            doc.doc_id, min(first.start, second.start),
                            max(first.end, second.end), first.text,
                            f"{name}: {x}", f"{name}: {y}", (a, b), first, second, name,
                            (x, y)))
    fields = {name: FieldAgreement(nominal_alpha(found),
                                   sum(x == y for x, y in found) / len(found), len(found))
              for name, found in values.items()}
    return fields, pairs, unaligned, disagreements


# -- reading a corpus -----------------------------------------------------------------------

def units_of(doc: AnnotatedDocument, annotator: str, event_tags: Iterable[str] = ()
             ) -> list[Unit]:
    """The units of one annotator's document: a unit per range of every annotation;
    a commitment's fields as the commitments table resolves them."""
    from annotator.formats.commitments import column_name, commitments_rows

    events = set(event_tags)
    text = doc.document.text
    rows = ({str(row["id"]): row for row in commitments_rows(doc)}
            if any(ann.tag in events for ann in doc.annotations) else {})
    result: list[Unit] = []
    for ann in doc.annotations:
        values: tuple[tuple[str, str], ...] = ()
        if ann.tag in events and ann.id in rows:
            row = rows[ann.id]
            tag = doc.tagset[ann.tag]
            values = tuple((column_name(d.name), _value(row.get(column_name(d.name))))
                           for d in tag.attributes)
        for start, end in ann.ranges:
            result.append(Unit(annotator, start, end, ann.tag,
                               " ".join(text[start:end].split()), ann.id, values))
    return result


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def corpus_units(corpus: Corpus, progress: Progress | None = None
                 ) -> tuple[list[DocumentUnits], list[str], list[Problem]]:
    """Every document's units by annotator (the annotator being the file's name without
    ``.xml``), the annotators found, and what could not be read: a document with a file
    that cannot be read is left out whole (its problem says so), never half-counted.
    Each file's units are kept in the corpus index (like the corpus tables' rows): only
    files changed since are read again."""
    from annotator.corpus.tables import KeptRows

    progress = progress or Progress()
    listed, refreshed = corpus.documents(progress)
    problems = list(refreshed.problems)
    broken = {_document_of(corpus, p) for p in problems}
    events = [t.id for t in corpus.tagset if t.event]

    def file_rows(doc: AnnotatedDocument, doc_id: str) -> list[dict[str, object]]:
        return [u._asdict() for u in units_of(doc, "", events)]

    kept = KeptRows(corpus, "agreement-units", file_rows, made_by=_code_version())
    documents: list[DocumentUnits] = []
    names: set[str] = set()
    for number, entry in enumerate(listed):
        if number % 20 == 0:
            progress.step(f"Reading {entry.info.id} ({number + 1:,} of {len(listed):,})…",
                          number / max(1, len(listed)))
        if entry.info.id in broken:
            continue
        units: dict[str, list[Unit]] = {}
        if entry.statuses:
            try:
                found = kept.named_rows_of(entry.info.id)
            except AnnotatorError as exc:
                problems.extend(exc.problems)
                continue
            for name, rows in found:
                names.add(name)
                units[name] = [Unit(name, int(r["start"]), int(r["end"]), str(r["tag"]),
                                    str(r["text"]), str(r["id"]),
                                    tuple((str(k), str(v)) for k, v in r["fields"]))
                               for r in rows]
        documents.append(DocumentUnits(entry.info.id, entry.info.title, entry.length, units))
    kept.save()
    return documents, sorted(names), problems


def _document_of(corpus: Corpus, problem: Problem) -> str | None:
    """The document a problem's file belongs to (None: no document's)."""
    from pathlib import Path

    if not problem.path:
        return None
    try:
        parts = Path(problem.path).resolve().relative_to(corpus.root.resolve()).parts
    except ValueError:
        return None
    return parts[1] if len(parts) > 1 and parts[0] == "documents" else None


def _code_version() -> str:
    import hashlib
    from pathlib import Path

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def corpus_agreement(corpus: Corpus, annotators: Sequence[str] | None = None,
                     tag: str | None = None, seed: int = SEED,
                     progress: Progress | None = None) -> AgreementReport:
    """The agreement of ``annotators`` (default: every annotator with a file in the
    corpus) on the corpus, on every tag or on ``tag`` only. ``AnnotatorError`` naming
    the corpus folder for fewer than two annotators, an annotator without files, a tag
    the corpus's tagset does not have."""
    where = str(corpus.root)
    if tag is not None and tag not in {t.id for t in corpus.tagset}:
        known = ", ".join(t.id for t in corpus.tagset)
        raise AnnotatorError(f"the corpus has no tag {tag!r} (its tags: {known})", where)
    from annotator.corpus.layout import annotator_file_name

    documents, found, problems = corpus_units(corpus, progress)
    # An annotator may be named as in the window ("Ana") or as the file ("ana").
    chosen = ([name if name in found else annotator_file_name(name)[:-len(".xml")]
               for name in annotators] if annotators else found)
    if annotators and len(set(chosen)) != len(chosen):
        raise AnnotatorError("an annotator is named twice", where)
    unknown = [given for given, name in zip(annotators or found, chosen, strict=True)
               if name not in found]
    if unknown:
        raise AnnotatorError(
            f"no annotation files of {', '.join(map(repr, unknown))} in the corpus "
            f"(annotators: {', '.join(found) or 'none'})", where)
    if len(chosen) < 2:
        raise AnnotatorError(
            "agreement needs two or more annotators; the corpus has annotation files of "
            + (", ".join(found) if found else "nobody"), where)
    events = [t.id for t in corpus.tagset if t.event]
    report = agreement(documents, chosen, [tag] if tag else None, events, seed,
                       progress=progress)
    report.problems = problems
    return report


def report_rows(report: AgreementReport) -> list[dict[str, object]]:
    """The report as table rows: the corpus overall and per tag, then each document
    (overall and per tag), then each commitment field."""
    rows: list[dict[str, object]] = []

    def add(scope: str, tag: str, m: Measures) -> None:
        rows.append({"scope": scope, "tag": tag, "units": m.units, "gamma": _rounded(m.gamma),
                     "alpha_u": _rounded(m.alpha_u), "f1_exact": _rounded(m.f1_exact),
                     "f1_relaxed": _rounded(m.f1_relaxed)})

    add("corpus", "", report.overall)
    for tag, m in report.per_tag.items():
        add("corpus", tag, m)
    for doc, (m, tags) in report.documents.items():
        add(doc, "", m)
        for tag, x in tags.items():
            add(doc, tag, x)
    for name, f in report.commitments.items():
        rows.append({"scope": "commitments", "tag": name, "units": f.pairs,
                     "alpha": _rounded(f.alpha), "agreement": _rounded(f.agreement)})
    return rows


def commitment_fields(tagset: Iterable[Tag]) -> dict[str, tuple[str, AttributeDef]]:
    """The field names the report uses (the commitments table's column names) -> (the
    event tag's id, the attribute), so a window can name them in its language."""
    from annotator.formats.commitments import column_name

    found: dict[str, tuple[str, AttributeDef]] = {}
    for tag in tagset:
        if tag.event:
            for attribute in tag.attributes:
                found.setdefault(column_name(attribute.name), (tag.id, attribute))
    return found
