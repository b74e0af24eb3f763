"""The suggestions' learning curve on the sample tagset (docs/performance.md,
"Suggestions").

    python -m benchmarks.learning_curve GERMEVAL_FOLDER [--sizes 5,10,20,50]

Annotated news-like documents in German with the sample tagset's actor: GermEval 2014's
dev sentences (news and Wikipedia, not shipped with Annotator) put together twenty at a
time into documents, their PER, ORG and LOC outer spans tagged ``actor`` (a person, an
organisation, a state: the sample tagset's actors; OTH and the deriv and part classes
are not). The suggestions are built (and the tagger trained) on the first 5, 10, 20 and
50 documents, as an analyst's corpus grows, and measured on the last 440 sentences
(22 documents) exactly as the window measures a source (``engine.measure``: score at
least 0.5, exact span and tag). Each source alone, and all three together.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.germeval import read_split  # noqa: E402

SENTENCES_PER_DOCUMENT = 20
HELD_OUT = 440
ACTORS = ("PER", "ORG", "LOC")


def documents(sentences):  # -> list[Labelled]
    """Sentences joined by spaces into documents, their actor spans in code points."""
    from annotator.suggest import crf
    from annotator.suggest.sources import Labelled

    out = []
    for first in range(0, len(sentences), SENTENCES_PER_DOCUMENT):
        text_parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        offset = 0
        for words, labels in sentences[first:first + SENTENCES_PER_DOCUMENT]:
            starts = []
            for word in words:
                starts.append(offset)
                offset += len(word) + 1
            for begin, last, kind in crf.chunks(labels):
                if kind in ACTORS:
                    spans.append((starts[begin], starts[last] + len(words[last]), "actor"))
            text_parts.append(" ".join(words))
        out.append(Labelled(" ".join(text_parts), tuple(spans), f"d{first // 20 + 1}"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("germeval", type=Path)
    parser.add_argument("--sizes", default="5,10,20,50")
    args = parser.parse_args(argv)
    from annotator.model.tagset import default_tagset
    from annotator.suggest import crf
    from annotator.suggest.engine import Suggester, measure

    if not crf.available():
        print(crf.MISSING, file=sys.stderr)
        return 1
    sentences = read_split(args.germeval / "NER-de-dev.tsv")
    pool = documents(sentences[:-HELD_OUT])
    test = documents(sentences[-HELD_OUT:])
    tagset = default_tagset()
    print(f"# held out: {len(test)} documents, {sum(len(d.spans) for d in test)} actors")
    print("| documents | actors learnt from | your annotations P / R | gazetteers P / R "
          "| learning tagger P / R | all three P / R | training |")
    print("|---|---|---|---|---|---|---|")
    for size in (int(n) for n in args.sizes.split(",")):
        train = pool[:size]
        cells = []
        trained = 0.0
        for sources in ({"corpus"}, {"gazetteer"}, {"tagger"},
                        {"corpus", "gazetteer", "tagger"}):
            suggester = Suggester.build(tagset, train, (), sources)
            if "tagger" in sources:
                began = time.perf_counter()
                suggester.learn(train)
                trained = time.perf_counter() - began
            quality = measure(suggester, test)
            cells.append(f"{quality.precision:.2f} / {quality.recall:.2f}")
        actors = sum(len(d.spans) for d in train)
        print(f"| {size} | {actors} | {' | '.join(cells)} | {trained:.1f} s |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
