"""Agreement over a doubly annotated corpus (issue 23): `make bench-agreement`.

Generates (once, cached under ``benchmarks/.cache/agreement-N-s1/``) a corpus of German
news-like articles (``benchmarks/corpus.py``'s texts: about 3 KB and 20 annotations
each, one commitment with its fields) annotated by two annotators, ``ana`` and ``bo``:
Bo's spans are Ana's with about one in six moved by a few characters, one in twelve
of another tag, one in twelve left out and one extra span per document; one
commitment field in four differs. Then measures ``annotator corpus agreement``'s work
(``team.agreement.corpus_agreement``):

* the first run after the index is made (every annotation file read, its units kept
  in the index) — the floor being the index refresh alone;
* the next run (the units kept), and within it the computation alone.

    .venv/bin/python benchmarks/agreement.py --documents 1000 [--markdown]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import article  # noqa: E402
from benchmarks.run import contention, machine  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"


def _annotate(document, spans, who: str, rng: random.Random, shaky: bool):
    from annotator.model import AnnotatedDocument, default_tagset, edits

    doc = AnnotatedDocument.create(document, default_tagset())
    resp = doc.annotator_for(who).id
    chosen = []
    for start, end, tag in spans:
        if shaky:
            roll = rng.random()
            if roll < 1 / 12:
                continue  # left out
            if roll < 2 / 12:
                tag = "weapon" if tag == "actor" else "actor"
            elif roll < 4 / 12:
                end = max(start + 1, end + rng.choice((-3, -2, 2, 3)))
        chosen.append((start, end, tag))
    if shaky:
        start = rng.randrange(0, max(1, len(document.text) - 20))
        chosen.append((start, start + rng.randint(4, 15), "actor"))
    edit = edits.add_linked(doc, chosen, resp)
    edit.apply(doc)
    made = {(a.start, a.end, a.tag): a.id for a in edit.after}
    actors = [made[s] for s in sorted(made) if s[2] == "actor"]
    weapons = [made[s] for s in sorted(made) if s[2] == "weapon"]
    if len(actors) >= 2 and weapons:
        first = doc.annotations.get(actors[0])
        last = doc.annotations.get(actors[1])
        pledge = edits.add(doc, [(first.start, last.end, "commitment")], resp)
        pledge.apply(doc)
        stage = "announced" if not shaky or rng.random() < 0.75 else "delivered"
        quantity = str(2 if not shaky or rng.random() < 0.75 else 3)
        edits.set_attributes(doc, pledge.after[0].id, {
            "donor": actors[0], "recipient": actors[1], "item": weapons[0],
            "quantity": quantity, "stage": stage}).apply(doc)
    doc.record_revision(resp, "Generated")
    return doc


def generate(count: int, seed: int = 1) -> Path:
    """The corpus of ``count`` documents annotated by ana and bo (made once)."""
    from annotator.corpus import Corpus, DocumentInfo
    from annotator.corpus.layout import annotations_path, text_path
    from annotator.corpus.tei_files import annotation_bytes, text_bytes
    from annotator.model.document import Document

    folder = CACHE / f"agreement-{count}-s{seed}"
    if (folder / "done").exists():
        return folder / "corpus"
    if folder.exists():
        shutil.rmtree(folder)
    corpus = Corpus.create(folder / "corpus", f"Agreement benchmark, {count:,} documents")
    rng = random.Random(seed)
    start = time.perf_counter()
    for number in range(count):
        text, spans = article(rng, number, False)
        doc_id = f"bericht-{number:06d}"
        document = Document.from_paragraphs(text.split("\n"))
        info = DocumentInfo(doc_id, title=f"Bericht {number}", language="de")
        path = text_path(corpus.root, doc_id)
        path.parent.mkdir(parents=True)
        path.write_bytes(text_bytes(document, info))
        for who, shaky in (("ana", False), ("bo", True)):
            doc = _annotate(document, spans[:20], who, rng, shaky)
            own = annotations_path(corpus.root, doc_id, who)
            own.parent.mkdir(exist_ok=True)
            own.write_bytes(annotation_bytes(doc, "done"))
        if number % 250 == 0:
            print(f"  generated {number:,} of {count:,} ({time.perf_counter() - start:.0f} s)",
                  file=sys.stderr)
    (folder / "done").write_text("", encoding="utf-8")
    return folder / "corpus"


def measure(count: int) -> dict[str, str]:
    from annotator.corpus import Corpus
    from annotator.team.agreement import agreement, corpus_agreement, corpus_units

    root = generate(count)
    shutil.rmtree(root / ".annotator-cache", ignore_errors=True)
    figures: dict[str, str] = {}
    corpus = Corpus.open(root)
    start = time.perf_counter()
    corpus.refresh()
    indexing = time.perf_counter() - start
    start = time.perf_counter()
    report = corpus_agreement(Corpus.open(root))
    first = time.perf_counter() - start
    figures["first run (every file read, units kept in the index)"] = (
        f"{first:.1f} s (the index made before it: {indexing:.1f} s)")
    start = time.perf_counter()
    report = corpus_agreement(Corpus.open(root))
    again = time.perf_counter() - start
    start = time.perf_counter()
    documents, names, _problems = corpus_units(Corpus.open(root))
    reading = time.perf_counter() - start
    start = time.perf_counter()
    events = [t.id for t in corpus.tagset if t.event]
    agreement(documents, names, None, events)
    computing = time.perf_counter() - start
    figures["next run (units kept)"] = (
        f"{again:.1f} s (reading the kept units {reading:.1f} s, computing {computing:.1f} s)")
    figures["result"] = (
        f"γ {report.overall.gamma:.3f}, αu {report.overall.alpha_u:.3f}, F1 exact "
        f"{report.overall.f1_exact:.3f} / relaxed {report.overall.f1_relaxed:.3f}; "
        f"{report.overall.units:,} units, {report.commitment_pairs:,} commitment pairs, "
        f"{len(report.disagreements):,} disagreements; {report.samples} samples")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    figures = measure(args.documents)
    if args.markdown:
        print(f"Machine: {machine()}; {contention()}")
        print("\n| figure | target | value |\n|---|---|---|")
        for name, value in figures.items():
            print(f"| {name} | ≤ 10 s | {value} |")
    else:
        for name, value in figures.items():
            print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
