"""The agreement measures (annotator/team/agreement.py) against published worked
examples and against independent implementations: krippendorff (nominal α, run here)
and pygamma-agreement (the best alignment's disorder exactly, γ within its sampling
tolerance): its answers recorded in tests/pygamma_reference.json
(tests/make_pygamma_reference.py) are checked on every run, and pygamma itself runs
here when the ``agreement-reference`` extra is installed (it brings cvxpy, numba, scipy
and pandas: about 700 MB, too much for every test environment)."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotatorError
from annotator.team.agreement import (
    DocumentUnits,
    Unit,
    agreement,
    alpha_from,
    best_alignment,
    f1_counts,
    gamma_of,
    nominal_alpha,
    unitizing_parts,
)

REFERENCE = Path(__file__).resolve().parent / "pygamma_reference.json"


# -- Krippendorff's αu: the published worked examples ----------------------------------

def _spans(pairs: list[tuple[int, int]], begin: int = 0) -> list[tuple[int, int]]:
    """(beginning, length) as Krippendorff writes units → (start, end)."""
    return [(b - begin, b - begin + length) for b, length in pairs]


def test_alpha_u_krippendorff_2004_worked_example():
    """Krippendorff, Content Analysis (2nd ed., 2004), p. 254: two observers, a continuum
    from 150 to 450, categories c and k; the book gives D_o = .0144, D_e = .0532,
    αu(c) = .7286 and k's D_e = .0490, αu = .8591 over both."""
    c = unitizing_parts({"i": _spans([(225, 70), (370, 30)], 150),
                         "j": _spans([(220, 80), (355, 20), (400, 20)], 150)}, ["i", "j"], 300)
    k = unitizing_parts({"i": _spans([(180, 60), (300, 50)], 150),
                         "j": _spans([(180, 60), (300, 50)], 150)}, ["i", "j"], 300)
    assert c is not None and k is not None
    assert c.observed == pytest.approx(0.0144, abs=5e-5)
    assert c.expected == pytest.approx(0.0532, abs=5e-5)
    assert alpha_from([c]) == pytest.approx(0.7286, abs=5e-4)
    assert k.observed == 0 and k.expected == pytest.approx(0.0490, abs=5e-5)
    assert alpha_from([k]) == 1.0
    assert alpha_from([c, k]) == pytest.approx(0.8591, abs=5e-4)


@pytest.mark.parametrize(("units", "observed"), [
    # Krippendorff (1995), "On the reliability of unitizing contiguous data", p. 57:
    # four pairs of coders on a continuum of 24; the observed disagreements.
    ({"0": [(2, 8), (14, 6)], "1": [(4, 4), (15, 2)]}, 0.03125),
    ({"0": [(0, 18)], "1": [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)]}, 2.26736),
    ({"0": [(2, 6), (10, 2), (14, 4), (20, 2)],
      "1": [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]}, 0.02777),
    ({"0": [(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)],
      "1": [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)]}, 0.38715),
])
def test_alpha_u_krippendorff_1995_observed_disagreement(units, observed):
    parts = unitizing_parts({k: _spans(v) for k, v in units.items()}, ["0", "1"], 24)
    assert parts is not None and parts.observed == pytest.approx(observed, abs=1e-5)


def test_alpha_u_krippendorff_1995_expected_disagreement_long_continuum():
    """The 1995 example C stretched (the limit the paper's D_e approaches): D_e = .08642,
    αu = .679. The 1995 paper's D_e has a slip (a sign in (l + l + 1), corrected in
    Krippendorff 2004), so it holds only to the tolerance DKPro Statistics gives it; the
    2004 example above is the exact check."""
    stretch = 50_000
    units = {"0": [(2, 6), (10, 2), (14, 4), (20, 2)],
             "1": [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]}
    parts = unitizing_parts({k: [(b * stretch, (b + n) * stretch) for b, n in v]
                             for k, v in units.items()}, ["0", "1"], 24 * stretch)
    assert parts is not None
    assert parts.expected == pytest.approx(0.08642, abs=5e-3)
    assert alpha_from([parts]) == pytest.approx(0.679, abs=0.02)


def test_alpha_u_joins_one_annotators_overlapping_spans_and_keeps_touching_ones():
    nested = unitizing_parts({"a": [(0, 10), (2, 5)], "b": [(0, 10)]}, ["a", "b"], 40)
    assert nested is not None and nested.observed == 0  # (2, 5) inside (0, 10): one unit
    touching = unitizing_parts({"a": [(0, 5), (5, 10)], "b": [(0, 10)]}, ["a", "b"], 40)
    assert touching is not None and touching.observed > 0
    assert unitizing_parts({"a": [], "b": []}, ["a", "b"], 40) is None
    assert unitizing_parts({"a": [(0, 1)], "b": []}, ["a", "b"], 0) is None


# -- nominal α against the krippendorff package ---------------------------------------

values = st.sampled_from(["donor", "recipient", "item", None])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(values, min_size=2, max_size=4), min_size=1, max_size=25))
def test_nominal_alpha_is_krippendorffs(units):
    import krippendorff
    import numpy

    width = max(len(u) for u in units)
    codes = {"donor": 0, "recipient": 1, "item": 2}
    matrix = numpy.full((width, len(units)), numpy.nan)
    for column, unit in enumerate(units):
        for row, value in enumerate(unit):
            if value is not None:
                matrix[row, column] = codes[value]
    mine = nominal_alpha(units)
    pairable = [v for u in units if sum(x is not None for x in u) >= 2 for v in u
                if v is not None]
    if len(set(pairable)) < 2:
        assert mine is None  # no expected disagreement: α is undefined
        return
    theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert mine == pytest.approx(float(theirs), abs=1e-9)


def test_nominal_alpha_worked_example():
    """Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the nominal
    example with missing values (4 observers, 12 units): α = .743."""
    rows = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [[None if r[k] is None else str(r[k]) for r in rows] for k in range(12)]
    assert nominal_alpha(units) == pytest.approx(0.743, abs=5e-4)


# -- γ against pygamma-agreement ------------------------------------------------------

def _recorded_units(units: dict[str, list[list]]) -> dict[str, list[Unit]]:
    return {name: [Unit(name, start, end, tag) for start, end, tag in found]
            for name, found in units.items()}


def test_best_alignment_disorder_is_pygammas_recorded():
    """pygamma's integer program on 40 generated continua (2–3 annotators, overlaps,
    nesting, duplicates, an annotator with nothing): the same least disorder."""
    recorded = json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert len(recorded["alignments"]) == 40
    for case in recorded["alignments"]:
        units = _recorded_units(case["units"])
        mine = best_alignment(units, list(units)).disorder
        assert mine == pytest.approx(case["disorder"], rel=1e-5, abs=1e-6), case


def test_gamma_is_pygammas_recorded():
    """pygamma's γ with the paper's shuffle sampler, 300 samples, on three news-like
    continua: ours from as many samples within sampling tolerance, the observed disorder
    exactly."""
    recorded = json.loads(REFERENCE.read_text(encoding="utf-8"))
    for case in recorded["gammas"]:
        units = _recorded_units(case["units"])
        high = max(u.end for found in units.values() for u in found)
        mine, observed, expected, _drawn = gamma_of([(units, (0, high))], list(units),
                                                    samples=case["samples"])
        assert observed == pytest.approx(case["observed_disorder"], rel=1e-5)
        assert expected == pytest.approx(case["expected_disorder"], rel=0.02)
        assert mine == pytest.approx(case["gamma"], abs=0.02)


def _pygamma():
    pytest.importorskip("pygamma_agreement", reason="the agreement-reference extra")
    logging.disable(logging.WARNING)  # ("CBC solver not installed. Using GLPK.")
    from pyannote.core import Segment
    from pygamma_agreement import (
        CombinedCategoricalDissimilarity,
        Continuum,
        ShuffleContinuumSampler,
    )
    return Segment, Continuum, CombinedCategoricalDissimilarity, ShuffleContinuumSampler


def _continuum(units: dict[str, list[Unit]]):
    segment, continuum_class, _d, _s = _pygamma()
    continuum = continuum_class()
    for name, found in units.items():
        continuum.add_annotator(name)
        for u in found:
            continuum.add(name, segment(u.start, u.end), u.tag)
    return continuum


@st.composite
def continua(draw, annotators=(2, 3)):
    """Units of 2–3 annotators on a short text: overlaps, nesting, duplicates, an
    annotator with nothing."""
    n = draw(st.integers(*annotators))
    names = [f"ann{k}" for k in range(n)]
    units: dict[str, list[Unit]] = {}
    for name in names:
        found = []
        for _ in range(draw(st.integers(0, 5))):
            start = draw(st.integers(0, 40))
            end = start + draw(st.integers(1, 12))
            found.append(Unit(name, start, end, draw(st.sampled_from("xyz"))))
        units[name] = found
    return names, units


# pygamma solves each alignment as an integer program (GLPK): about a second an example.
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(continua())
def test_best_alignment_disorder_is_pygammas(drawn):
    _s, _c, dissimilarity, _sampler = _pygamma()
    names, units = drawn
    alignment = best_alignment(units, names)
    if not any(units.values()):
        assert alignment.disorder is None and alignment.tuples == []
        return
    theirs = _continuum(units).get_best_alignment(dissimilarity()).disorder
    assert alignment.disorder == pytest.approx(float(theirs), rel=1e-5, abs=1e-6)
    # every unit in exactly one unitary alignment, at its annotator's place
    placed = [(k, u) for t in alignment.tuples for k, u in enumerate(t) if u is not None]
    assert sorted((names[k], u) for k, u in placed) == sorted(
        (name, u) for name, found in units.items() for u in found)
    assert all(u.annotator == names[k] for k, u in placed)


def _news_like(seed: int, annotators: int = 2) -> dict[str, list[Unit]]:
    import random

    rng = random.Random(seed)
    names = [f"ann{k}" for k in range(annotators)]
    units: dict[str, list[Unit]] = {name: [] for name in names}
    position = 0
    for _ in range(25):
        start = position + rng.randint(0, 20)
        end = start + rng.randint(3, 15)
        tag = rng.choice("xy")
        position = end
        for name in names:
            if rng.random() < 0.85:
                units[name].append(Unit(name, start + rng.randint(-2, 2),
                                        end + rng.randint(0, 2),
                                        tag if rng.random() < 0.9 else rng.choice("xy")))
    return units


@pytest.mark.parametrize("seed", [5])
def test_gamma_is_pygammas_within_sampling_tolerance(seed):
    """The same continuum, the same sampler (the paper's shuffle); both estimates of the
    chance disorder from 300 samples (standard error about 0.3 %)."""
    units = _news_like(seed)
    names = sorted(units)
    high = max(u.end for found in units.values() for u in found)
    mine, observed, expected, drawn = gamma_of([(units, (0, high))], names, samples=300)
    assert drawn == 300
    _s, _c, dissimilarity, sampler = _pygamma()
    import numpy

    numpy.random.seed(seed)
    theirs = _continuum(units).compute_gamma(dissimilarity(), sampler=sampler(), n_samples=300)
    assert observed == pytest.approx(float(theirs.observed_disorder), rel=1e-5)
    assert expected == pytest.approx(float(theirs.expected_disorder), rel=0.02)
    assert mine == pytest.approx(float(theirs.gamma), abs=0.02)


def test_gamma_is_reproducible_and_sensible():
    units = _news_like(3)
    names = sorted(units)
    first = gamma_of([(units, (0, 600))], names)
    assert first == gamma_of([(units, (0, 600))], names)  # seeded
    assert samples_in_range(first[3])
    same = {name: [u._replace(annotator=name) for u in units[names[0]]] for name in names}
    assert gamma_of([(same, (0, 600))], names)[0] == pytest.approx(1.0)
    assert gamma_of([({n: [] for n in names}, (0, 600))], names)[0] is None


def samples_in_range(count: int) -> bool:
    from annotator.team.agreement import MAX_SAMPLES, MIN_SAMPLES

    return MIN_SAMPLES <= count <= MAX_SAMPLES


def test_alignment_needs_two_annotators():
    with pytest.raises(AnnotatorError, match="two or more"):
        best_alignment({"a": []}, ["a"])
    with pytest.raises(AnnotatorError, match="two or more"):
        agreement([], ["a"])
    with pytest.raises(AnnotatorError, match="twice"):
        agreement([], ["a", "a"])


# -- span F1 --------------------------------------------------------------------------

def test_f1_exact_and_relaxed_with_nesting():
    a = [Unit("a", 0, 20, "x"), Unit("a", 30, 35, "x"), Unit("a", 40, 45, "y")]
    b = [Unit("b", 2, 8, "x"), Unit("b", 10, 15, "x"), Unit("b", 30, 35, "x"),
         Unit("b", 40, 45, "x")]
    counts = f1_counts(a, b)
    assert counts.exact == 1  # (30, 35, x); (40, 45) differs in tag
    assert counts.relaxed == 2  # the long span matches one of the two inside it
    assert counts.f1_exact == pytest.approx(2 / 7) and counts.f1_relaxed == pytest.approx(4 / 7)
    assert f1_counts([], []).f1_exact is None
    assert f1_counts(a, []).f1_relaxed == 0


@settings(max_examples=100, deadline=None)
@given(continua(annotators=(2, 2)))
def test_f1_is_symmetric_and_bounded(drawn):
    names, units = drawn
    one, other = units[names[0]], units[names[1]]
    forward, backward = f1_counts(one, other), f1_counts(other, one)
    assert forward.exact == backward.exact and forward.relaxed == backward.relaxed
    assert forward.exact <= forward.relaxed <= min(len(one), len(other))
    assert f1_counts(one, list(one)).exact == len(one)


# -- the whole report -----------------------------------------------------------------

def _commitment(name: str, start: int, end: int, **fields: str) -> Unit:
    order = ("donor", "recipient", "item", "quantity", "stage")
    return Unit(name, start, end, "commitment", "liefert",
                fields=tuple((f, fields.get(f, "")) for f in order))


def test_report_per_tag_per_document_commitment_fields_and_disagreements():
    docs = [
        DocumentUnits("eins", "Eins", 100, {
            "ana": [Unit("ana", 0, 11, "actor", "Deutschland"), Unit("ana", 20, 27, "weapon"),
                    Unit("ana", 0, 40, "actor"),  # nested around the others: kept
                    _commitment("ana", 0, 50, donor="Deutschland", item="Patriot",
                                quantity="2", stage="announced")],
            "bo": [Unit("bo", 0, 11, "actor", "Deutschland"), Unit("bo", 20, 28, "weapon"),
                   _commitment("bo", 0, 52, donor="Deutschland", item="IRIS-T",
                               quantity="2", stage="announced")]}),
        DocumentUnits("leer", "Leer", 50, {"ana": [], "bo": []}),  # both say: nothing
        DocumentUnits("halb", "Halb", 50, {"ana": [Unit("ana", 0, 5, "actor")]}),  # no bo file
    ]
    report = agreement(docs, ["ana", "bo"], event_tags={"commitment"}, samples=10)
    assert report.skipped == ["halb"]
    assert set(report.documents) == {"eins", "leer"}
    assert report.tags == ["actor", "commitment", "weapon"]
    assert report.overall.units == 7 and report.per_tag["actor"].units == 3
    assert report.per_tag["actor"].f1_exact == pytest.approx(2 / 3)
    assert report.per_tag["weapon"].f1_exact == 0 and report.per_tag["weapon"].f1_relaxed == 1
    assert report.commitment_pairs == 1 and report.commitments_unaligned == 0
    fields = report.commitments
    assert fields["donor"].agreement == 1 and fields["item"].agreement == 0
    assert fields["recipient"].pairs == 1  # both left it out: agreement on "(not set)"
    said = {(d.first, d.second) for d in report.disagreements}
    assert ("item: Patriot", "item: IRIS-T") in said
    assert any(d.first.startswith("actor 0–40") and d.second == "" for d in report.disagreements)
    data = report.as_json()
    for name in ("gamma", "alpha_u", "f1_exact", "f1_relaxed"):
        assert set(data[name]) == {"overall", "per_tag"}
        assert set(data[name]["per_tag"]) == set(report.tags)
    assert data["commitments"]["alpha"]["donor"] is None  # one value only: α undefined
    assert data["commitments"]["alpha"]["item"] == 0
    assert data["samples"] == 10


def test_report_with_one_annotator_having_nothing():
    units = {"ana": [Unit("ana", 0, 5, "actor"), Unit("ana", 10, 20, "weapon")], "bo": []}
    report = agreement([DocumentUnits("d", "D", 30, units)], ["ana", "bo"], samples=5)
    assert report.overall.f1_exact == 0 and report.overall.f1_relaxed == 0
    assert report.overall.gamma is not None and report.overall.gamma <= 0
    assert report.overall.alpha_u is not None and report.overall.alpha_u < 0.5
    assert len(report.disagreements) == 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(continua(annotators=(2, 3)), min_size=0, max_size=3))
def test_report_on_generated_corpora_is_well_formed(drawn):
    """Empty corpora, empty documents, overlaps, nesting, two or three annotators (a
    document without the third's file is skipped): every figure in its range or None,
    never an exception."""
    docs = [DocumentUnits(f"d{k}", "", 60, units) for k, (_names, units) in enumerate(drawn)]
    three = any("ann2" in doc.units for doc in docs)
    names = ["ann0", "ann1", "ann2"] if three else ["ann0", "ann1"]
    report = agreement(docs, names, samples=3)
    assert report.skipped == [d.doc_id for d in docs if not all(n in d.units for n in names)]
    for measures in [report.overall, *report.per_tag.values()]:
        for value in (measures.f1_exact, measures.f1_relaxed):
            assert value is None or 0 <= value <= 1
        for value in (measures.gamma, measures.alpha_u):
            assert value is None or (value <= 1 + 1e-9 and not math.isnan(value))
    assert all(d.annotators[0] in names and d.annotators[1] in names
               for d in report.disagreements)
