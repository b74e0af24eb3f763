"""Record pygamma-agreement's answers for tests/test_agreement.py (run by hand, with
the ``agreement-reference`` extra installed: ``pip install -e '.[agreement-reference]'``).

    .venv/bin/python tests/make_pygamma_reference.py

Writes ``tests/pygamma_reference.json``: generated continua (two or three annotators,
overlapping, nested and duplicate units, an annotator with nothing) with pygamma's
best-alignment disorder, and news-like continua with its γ and chance disorder from
the paper's shuffle sampler. The tests check Annotator's figures against these on
every run, and against pygamma itself when it is installed.
"""

from __future__ import annotations

import json
import logging
import random
from importlib.metadata import version
from pathlib import Path

import numpy
from pyannote.core import Segment
from pygamma_agreement import (
    CombinedCategoricalDissimilarity,
    Continuum,
    ShuffleContinuumSampler,
)

OUT = Path(__file__).resolve().parent / "pygamma_reference.json"
SAMPLES = 300


def small(rng: random.Random) -> dict[str, list[list]]:
    n = rng.choice((2, 2, 3))
    units: dict[str, list[list]] = {}
    for k in range(n):
        found = []
        for _ in range(rng.randint(0, 6)):
            start = rng.randint(0, 40)
            found.append([start, start + rng.randint(1, 12), rng.choice("xyz")])
        units[f"ann{k}"] = found
    if not any(units.values()):
        units["ann0"].append([3, 9, "x"])
    return units


def news_like(rng: random.Random) -> dict[str, list[list]]:
    units: dict[str, list[list]] = {"ann0": [], "ann1": []}
    position = 0
    for _ in range(25):
        start = position + rng.randint(0, 20)
        end = start + rng.randint(3, 15)
        tag = rng.choice("xy")
        position = end
        for name in units:
            if rng.random() < 0.85:
                units[name].append([start + rng.randint(-2, 2), end + rng.randint(0, 2),
                                    tag if rng.random() < 0.9 else rng.choice("xy")])
    return units


def continuum(units: dict[str, list[list]]) -> Continuum:
    result = Continuum()
    for name, found in units.items():
        result.add_annotator(name)
        for start, end, tag in found:
            result.add(name, Segment(start, end), tag)
    return result


def main() -> None:
    logging.disable(logging.WARNING)
    rng = random.Random(2026)
    dissimilarity = CombinedCategoricalDissimilarity()
    alignments = []
    for _ in range(40):
        units = small(rng)
        disorder = continuum(units).get_best_alignment(dissimilarity).disorder
        alignments.append({"units": units, "disorder": float(disorder)})
    gammas = []
    for seed in (5, 8, 13):
        units = news_like(random.Random(seed))
        numpy.random.seed(seed)
        found = continuum(units).compute_gamma(dissimilarity, sampler=ShuffleContinuumSampler(),
                                               n_samples=SAMPLES)
        gammas.append({"units": units, "samples": SAMPLES, "gamma": float(found.gamma),
                       "observed_disorder": float(found.observed_disorder),
                       "expected_disorder": float(found.expected_disorder)})
    OUT.write_text(json.dumps({"pygamma_agreement": version("pygamma-agreement"),
                               "dissimilarity": "CombinedCategoricalDissimilarity(alpha=1, "
                                                "beta=1, delta_empty=1)",
                               "sampler": "ShuffleContinuumSampler", "alignments": alignments,
                               "gammas": gammas}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
