"""The learning tagger on GermEval 2014 NER (docs/performance.md, "Suggestions").

    python -m benchmarks.germeval FOLDER [--train dev|train] [--limit N]
                                  [--unlabelled FILE...] [--no-clusters]

FOLDER holds GermEval 2014's ``NER-de-dev.tsv``, ``NER-de-test.tsv`` (and
``NER-de-train.tsv`` for ``--train train``), as published by the shared task (CC-BY
4.0; not shipped with Annotator). The tagger (``annotator.suggest.crf``) is trained on
the chosen split with its gazetteer, name-list, shape and affix features, and the
words of the training split's text as its unlabelled lexicon, and word clusters
(``annotator.suggest.clusters``) learnt from unlabelled text: the training split's
sentences, with ``--train dev`` the train split's sentences without their labels when
FOLDER has ``NER-de-train.tsv``, and the ``--unlabelled`` files (plain text, a
sentence or paragraph a line; or TSV files in GermEval's columns, labels ignored). The
test split's text is never used for them. It is evaluated once on the test split:
exact-match precision, recall and F1 over the outer spans of the four main classes
PER, ORG, LOC, OTH (the ``deriv`` and ``part`` classes count as outside, and nested
spans are not scored).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections import Counter
from pathlib import Path

from annotator.suggest import clusters, crf
from annotator.suggest.tokens import words_of

CLASSES = ("PER", "ORG", "LOC", "OTH")


def read_split(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of a GermEval TSV file: words and outer BIO labels of CLASSES."""
    out: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    labels: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if words:
                out.append((words, labels))
            words, labels = [], []
            continue
        columns = line.split("\t")
        label = columns[2]
        kind = label.partition("-")[2]
        words.append(columns[1])
        labels.append(label if kind in CLASSES else crf.OUTSIDE)
    if words:
        out.append((words, labels))
    return out


def score(gold: list[list[str]], guessed: list[list[str]]) -> dict[str, tuple[float, float, float]]:
    """Exact-match precision, recall and F1, over all classes and per class."""
    hits: Counter[str] = Counter()
    found: Counter[str] = Counter()
    wanted: Counter[str] = Counter()
    for gold_labels, guessed_labels in zip(gold, guessed, strict=True):
        gold_chunks = set(crf.chunks(gold_labels))
        guess_chunks = set(crf.chunks(guessed_labels))
        for chunk in gold_chunks:
            wanted[chunk[2]] += 1
            wanted["all"] += 1
        for chunk in guess_chunks:
            found[chunk[2]] += 1
            found["all"] += 1
            if chunk in gold_chunks:
                hits[chunk[2]] += 1
                hits["all"] += 1
    result = {}
    for key in ("all", *CLASSES):
        precision = hits[key] / found[key] if found[key] else 0.0
        recall = hits[key] / wanted[key] if wanted[key] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[key] = (precision, recall, f1)
    return result


def unlabelled_sentences(args: argparse.Namespace,
                         training: list[tuple[list[str], list[str]]]
                         ) -> tuple[list[list[str]], str]:
    """The unlabelled sentences the clusters are learnt from, and what they are."""
    found = [list(words) for words, _labels in training]
    described = [f"the {args.train} split"]
    train_split = args.folder / "NER-de-train.tsv"
    if args.train == "dev" and train_split.exists():
        found += [words for words, _labels in read_split(train_split)]
        described.append("the train split's text")
    for path in args.unlabelled:
        if path.suffix.lower() == ".tsv":
            found += [words for words, _labels in read_split(path)]
        else:
            found += [words for line in path.read_text(encoding="utf-8").splitlines()
                      for words in words_of(line)]
        described.append(path.name)
    return found, ", ".join(described)


def self_labelled(tagger: crf.Tagger, sentences: list[list[str]], threshold: float
                  ) -> list[tuple[list[str], list[str]]]:
    """The ``sentences`` the tagger tags with every label's marginal probability at
    least ``threshold`` and at least one name, with those labels."""
    found = []
    for words in sentences:
        if not 3 <= len(words) <= 60:
            continue
        features = tagger.features(words)
        labels = tagger._tagger.tag(features)
        if all(label == crf.OUTSIDE for label in labels):
            continue
        if min(tagger._tagger.marginal(label, i) for i, label in enumerate(labels)) >= \
                threshold:
            found.append((words, labels))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--train", choices=("dev", "train"), default="dev")
    parser.add_argument("--limit", type=int, default=0,
                        help="train on the first N sentences only")
    parser.add_argument("--test-limit", type=int, default=0)
    parser.add_argument("--unlabelled", nargs="*", type=Path, default=[], metavar="FILE",
                        help="more unlabelled German text for the word clusters")
    parser.add_argument("--no-clusters", action="store_true",
                        help="train without word clusters")
    parser.add_argument("--self-train", type=float, default=0.0, metavar="P",
                        help="self-training: tag the unlabelled sentences that are not "
                             "the training split's, add those whose every label has a "
                             "marginal probability of at least P and that name something, "
                             "and train again")
    args = parser.parse_args(argv)
    if not crf.available():
        print(crf.MISSING, file=sys.stderr)
        return 1
    training = read_split(args.folder / f"NER-de-{args.train}.tsv")
    if args.limit:
        training = training[:args.limit]
    test = read_split(args.folder / "NER-de-test.tsv")
    if args.test_limit:
        test = test[:args.test_limit]
    unlabelled, described = unlabelled_sentences(args, training)
    began = time.perf_counter()
    found = None if args.no_clusters else clusters.learn(unlabelled)
    clustered = time.perf_counter() - began
    began = time.perf_counter()
    tagger = crf.train(training, clusters=found)
    added = 0
    if args.self_train:
        confident = self_labelled(tagger, unlabelled[len(training):], args.self_train)
        added = len(confident)
        tagger = crf.train(training + confident, clusters=found)
    trained = time.perf_counter() - began
    began = time.perf_counter()
    guessed = [tagger.tag_words(words) for words, _labels in test]
    tagged = time.perf_counter() - began
    result = score([labels for _words, labels in test], guessed)
    tokens = sum(len(words) for words, _ in test)
    print(f"GermEval 2014, trained on {args.train} ({len(training)} sentences) in "
          f"{trained:.1f} s; test {len(test)} sentences ({tokens} tokens) tagged in "
          f"{tagged:.1f} s; {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}")
    if args.self_train:
        print(f"self-trained: {added} sentences of {len(unlabelled) - len(training)} "
              f"unlabelled ones tagged with marginals of at least {args.self_train} added")
    if found is not None:
        print(f"word clusters of {len(found)} words from {described} "
              f"({sum(len(w) for w in unlabelled)} words of text) in {clustered:.1f} s")
    for key, (precision, recall, f1) in result.items():
        print(f"  {key:4}  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
