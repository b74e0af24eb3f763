"""Curation's figures (docs/performance.md, "Curation"): a long document three annotators
annotated (3,000 shared spans each kept with 93 % chance, 150 of their own), merged,
saved, one decision taken and saved, and opened again.

    .venv/bin/python benchmarks/curation.py
"""

from __future__ import annotations

import random
import re
import tempfile
import time
from pathlib import Path

from annotator.corpus import Corpus
from annotator.model import edits
from annotator.team.curation import Curation

WORDS = "Deutschland liefert zwei Patriot-Systeme an die Ukraine und Norwegen sagt Oslo".split()


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="curation-bench-"))
    rng = random.Random(3)
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(60)) for _ in range(400)]
    (folder / "t.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    corpus = Corpus.create(folder / "corpus")
    doc_id = corpus.add([folder / "t.txt"]).added[0][1]
    text = corpus.open_document(doc_id, "x").document.document.text
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    shared = rng.sample(spans, 3000)
    for name in ("Ana", "Bo", "Cy"):
        session = corpus.open_document(doc_id, name)
        doc = session.document
        mine = {(a, b, "actor") for a, b in shared if rng.random() < 0.93}
        mine |= {(a, b, "weapon") for a, b in rng.sample(spans, 150)}
        edits.add(doc, sorted(mine), doc.annotator_for(name).id).apply(doc)
        session.write(session.tei_path, name)

    def timed(what: str, work):
        start = time.perf_counter()
        result = work()
        print(f"{what}: {time.perf_counter() - start:.3f} s")
        return result

    curation = timed("open and merge", lambda: Curation.open(corpus, doc_id, "Cora"))
    print(f"  {sum(len(s.doc.annotations) for s in curation.sources):,} annotations, "
          f"{len(curation.agreed()):,} agreed, {len(curation.disagreements):,} disagreements")
    timed("save (the agreed)", curation.save)
    timed("one decision", lambda: curation.apply(
        curation.take(curation.disagreements[0], curation.sources[0])))
    timed("save after it", curation.save)
    timed("open again (decisions read, merged again)",
          lambda: Curation.open(corpus, doc_id, "Cora"))


if __name__ == "__main__":
    main()
