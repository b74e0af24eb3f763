"""The suggestions' speed figures (docs/performance.md, "Suggestions").

    python -m benchmarks.suggest GERMEVAL_FOLDER [--repeat N] [--unlabelled FILE...]

GERMEVAL_FOLDER holds GermEval 2014's ``NER-de-dev.tsv`` (its first 2,000 sentences are
the retraining set; not shipped with Annotator). Measured:

* suggestions for a newly opened 5 KB article (the sample article's paragraphs repeated
  to 5,000 characters): the string sources (built from the annotated example and the
  gazetteers) and the learning tagger (trained on the example and the 2,000 sentences),
  the tagger cold (its word classes not yet known) and warm;
* the word clusters of the 2,000 sentences' text (and of the ``--unlabelled`` files, a
  sentence a line): learnt, read from the cache file, found in memory;
* retraining on the 2,000 sentences with those clusters, cold (word classes tagged
  first) and warm (as in the window, where the texts do not change and their classes
  are kept);
* the window while the tagger retrains as it does in the window (word classes on a
  worker thread, the CRF in a process of its own): a tag edit in the real window
  (pushed, applied, painted) every few milliseconds, its time per edit; then the same
  while the word clusters are learnt and the tagger trained with them, each in a
  process of its own, as the window does after the corpus's texts changed.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.germeval import read_split  # noqa: E402
from benchmarks.gui import application, isolate_settings, summary  # noqa: E402

ARTICLE_CHARS = 5000
RETRAIN_SENTENCES = 2000


def article() -> str:
    from annotator.resources import sample_path

    paragraphs = sample_path().read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    while sum(len(p) + 1 for p in out) < ARTICLE_CHARS:
        out.append(paragraphs[len(out) % len(paragraphs)])
    return "\n".join(out)[:ARTICLE_CHARS]


def timed(work, repeat: int) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(repeat):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("germeval", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--unlabelled", nargs="*", type=Path, default=[], metavar="FILE",
                        help="more text (a sentence a line) for the word clusters' timing")
    parser.add_argument("--window-only", action="store_true",
                        help="only the window's edits while the tagger trains")
    args = parser.parse_args(argv)
    from annotator.files import open_document
    from annotator.resources import example_path
    from annotator.suggest import clusters, crf
    from annotator.suggest.engine import Suggester
    from annotator.suggest.sources import labelled_of

    if not crf.available():
        print(crf.MISSING, file=sys.stderr)
        return 1
    print(f"# Suggestions, {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cores; word classes: "
          f"{'HanTa' if crf.word_classes_available() else 'none'}")
    example = open_document(example_path()).document
    tagset = example.tagset
    taught = [labelled_of(example, "example")]
    sentences = read_split(args.germeval / "NER-de-dev.tsv")[:RETRAIN_SENTENCES]
    text = article()
    texts = [" ".join(words) for words, _labels in sentences]
    for path in args.unlabelled:
        texts += path.read_text(encoding="utf-8").splitlines()
    if args.window_only:
        window_while_training(sentences, texts)
        return 0

    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as folder:
        clusters._KEPT.clear()
        seconds, found = timed(lambda: clusters.cached(texts, Path(folder)), 1)
        print(f"word clusters of {words} words of text learnt: {seconds:.1f} s "
              f"({len(found)} words clustered)")
        clusters._KEPT.clear()
        seconds, _ = timed(lambda: clusters.cached(texts, Path(folder)), 1)
        print(f"the same read from the cache file: {seconds * 1000:.0f} ms")
        seconds, _ = timed(lambda: clusters.cached(texts, Path(folder)), args.repeat)
        print(f"the same kept in memory (digest of the texts): {seconds * 1000:.0f} ms")
    seconds, _ = timed(lambda: crf.train(sentences, clusters=found), 1)
    print(f"retrain on {len(sentences)} sentences, cold: {seconds:.1f} s")
    seconds, tagger = timed(lambda: crf.train(sentences, clusters=found), 1)
    print(f"retrain on {len(sentences)} sentences, warm (classes kept): {seconds:.1f} s")

    seconds, strings = timed(lambda: Suggester.build(tagset, taught, (),
                                                     {"corpus", "gazetteer"}), args.repeat)
    print(f"string sources built: {seconds * 1000:.0f} ms")
    seconds, found = timed(lambda: strings.suggest(text), args.repeat)
    print(f"string sources, {len(text)} characters: {seconds * 1000:.0f} ms "
          f"({len(found)} suggestions)")
    crf.forget_word_classes()
    began = time.perf_counter()
    found = tagger.suggest(text)
    cold = time.perf_counter() - began
    seconds, _ = timed(lambda: tagger.suggest(text), args.repeat)
    print(f"tagger, {len(text)} characters: cold {cold * 1000:.0f} ms, warm "
          f"{seconds * 1000:.0f} ms ({len(found)} suggestions)")
    window_while_training(sentences, texts)
    return 0


def report(what: str, times: list[float]) -> None:
    figures = summary(times)
    print(f"{what}: median {figures['median']:.1f} ms, p99 {figures['p99']:.1f} ms, "
          f"max {figures['max']:.1f} ms ({figures['n']} edits)", flush=True)


def window_while_training(sentences, texts=()) -> None:
    """Tag edits in the real window while a worker trains the tagger."""
    isolate_settings()
    app = application()
    from annotator.gui import create_window
    from annotator.model import edits
    from annotator.resources import sample_path
    from annotator.suggest import crf

    window = create_window()
    window.resize(1240, 820)
    window.show()
    assert window.files.open_path(sample_path(), ask=False)
    app.processEvents()
    store = window.annotated.annotations
    words = [m.span() for m in re.finditer(r"\w{4,}", window.annotated.document.text)]
    rng = random.Random(7)

    def edits_until(stop) -> list[float]:
        times = []
        while not stop():
            start, end = rng.choice(words)
            began = time.perf_counter()
            if not store.overlapping(start, end):
                window.push(edits.add(store, [(start, end, "actor")]))
            window.view.viewport().repaint()
            app.processEvents()
            times.append((time.perf_counter() - began) * 1000)
            time.sleep(0.005)
        return times

    # The same edits with nothing training, for comparison (a loaded machine delays
    # both alike); HanTa's model is loaded first, as after the window's first training.
    crf.word_classes(["Annotator"])
    quiet_until = time.monotonic() + 10
    report("window edits, nothing training", edits_until(lambda: time.monotonic() > quiet_until))
    crf.forget_word_classes()
    done = threading.Event()

    def train() -> None:
        try:
            crf.train(sentences, separate_process=True)
        finally:
            done.set()

    threading.Thread(target=train, daemon=True).start()
    report("window edits while the tagger trained", edits_until(done.is_set))
    if texts:
        # As the window learns after the corpus's texts changed: the clusters in a
        # process of their own first, then the training with them.
        from annotator.suggest import clusters

        clusters._KEPT.clear()
        crf.forget_word_classes()
        done = threading.Event()

        def learn() -> None:
            try:
                found = clusters.cached(texts, None, separate_process=True)
                crf.train(sentences, separate_process=True, clusters=found)
            finally:
                done.set()

        threading.Thread(target=learn, daemon=True).start()
        report("window edits while the clusters were learnt and the tagger trained",
               edits_until(done.is_set))
    window.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    raise SystemExit(main())
