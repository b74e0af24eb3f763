"""The corpus's figures (issue 22): `make bench-corpus`.

Generates a corpus of German news-like documents (cached under
``benchmarks/.cache/corpus-N/``: about 3 KB of text and 20 annotations each, every
hundredth-or-so document mentioning "Zeitenwende" so that the word has about 1,000 hits),
then measures, each beside its floor where one exists:

* first indexing (the cache deleted) — floor: reading every file of the corpus;
* opening the corpus with the index present (``Corpus.open`` + the document list);
* searching a word, median and 99th percentile over many words — floor: ``grep -rwic``
  over the same texts as plain files;
* annotating every occurrence of "Zeitenwende" (on a copy of the corpus), with the
  index keeping the files' verdicts and the first time after an indexing — floor:
  reading those documents' files and writing the annotator's files back in batches;
* the corpus commitments table (CSV): the first export after indexing (every file read,
  its rows kept in the index) and the next (the rows kept);
* one document saved, and the index current again;
* peak memory of a process that opens the corpus, lists it and searches once.

    .venv/bin/python benchmarks/corpus.py --documents 1000 [--documents 10000] [--markdown]
        [--only annotate-all]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import contention, machine  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
DONORS = ("Deutschland", "Norwegen", "Frankreich", "die USA", "Großbritannien", "Polen",
          "die Niederlande", "Dänemark", "Schweden", "Kanada", "Italien", "Spanien")
RECIPIENTS = ("die Ukraine", "Moldau", "Georgien")
WEAPONS = ("Patriot-Systeme", "Leopard-Panzer", "IRIS-T-Systeme", "Gepard-Panzer",
           "F-16-Kampfjets", "Artilleriegeschosse", "Taurus-Marschflugkörper",
           "HIMARS-Raketenwerfer", "Drohnen", "Panzerhaubitzen")
PEOPLE = ("Boris Pistorius", "Olaf Scholz", "Wolodymyr Selenskyj", "Pete Hegseth",
          "Mark Rutte", "Annalena Baerbock", "Ursula von der Leyen")
OUTLETS = ("Tagesblatt", "Der Morgen", "Rundschau", "Abendpost", "Kurier")
FILLER = ("Nach Angaben des Ministeriums", "Wie aus Regierungskreisen verlautete",
          "Am Rande des Treffens in Brüssel", "In einer gemeinsamen Erklärung",
          "Beobachter werten das als Signal", "Die Opposition kritisierte die Entscheidung",
          "Die Lieferung soll noch in diesem Jahr erfolgen",
          "Über die genauen Stückzahlen wurde Stillschweigen vereinbart")
WORDS = ("Ukraine", "Patriot", "Deutschland", "Lieferung", "Panzer", "Ministerium",
         "Brüssel", "Erklärung", "Opposition", "Drohnen", "Stückzahlen", "Regierungskreisen",
         "Signal", "Norwegen", "Kampfjets", "Zeitenwende", "Luftverteidigung", "Haushalt")


def article(rng: random.Random, number: int, marked: bool) -> tuple[str, list[tuple[int, int,
                                                                                    str]]]:
    """The text of one article (about 3 KB) and its annotations (start, end, tag)."""
    paragraphs: list[str] = []
    spans: list[tuple[int, int, str]] = []
    offset = 0
    while offset < 2900:
        donor, weapon = rng.choice(DONORS), rng.choice(WEAPONS)
        recipient, person = rng.choice(RECIPIENTS), rng.choice(PEOPLE)
        parts = [(f"{rng.choice(FILLER)}: ", None), (donor.capitalize(), "actor"),
                 (f" wird {rng.randint(2, 40)} ", None), (weapon, "weapon"),
                 (" an ", None), (recipient, "actor"), (" liefern, sagte ", None),
                 (person, "actor"), (f" am {rng.randint(1, 28)}. Juli. ", None),
                 (f"{rng.choice(FILLER)}; die Luftverteidigung bleibt Thema im Haushalt "
                  f"von {rng.randint(2024, 2026)}.", None)]
        if marked and not paragraphs:
            parts.append((" Von einer Zeitenwende sprach niemand.", None))
        text = ""
        for piece, tag in parts:
            if tag is not None:
                spans.append((offset + len(text), offset + len(text) + len(piece), tag))
            text += piece
        paragraphs.append(text)
        offset += len(text) + 1
    return "\n".join(paragraphs), spans


def generate(count: int, seed: int = 1) -> Path:
    """The corpus of ``count`` documents (made once, then reused) and its plain texts."""
    from annotator.corpus import Corpus, DocumentInfo
    from annotator.corpus.layout import annotations_path, text_path
    from annotator.corpus.tei_files import annotation_bytes, text_bytes
    from annotator.model import AnnotatedDocument, default_tagset, edits
    from annotator.model.document import Document

    folder = CACHE / f"corpus-{count}-s{seed}"
    if (folder / "done").exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    corpus = Corpus.create(folder / "corpus", f"Benchmark, {count:,} documents")
    texts = folder / "texts"
    texts.mkdir()
    rng = random.Random(seed)
    every = max(1, count // 1000)
    start = time.perf_counter()
    for number in range(count):
        text, spans = article(rng, number, number % every == 0)
        doc_id = f"bericht-{number:06d}"
        document = Document.from_paragraphs(text.split("\n"))
        info = DocumentInfo(doc_id, title=f"Bericht {number}", outlet=rng.choice(OUTLETS),
                            date=f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                            url=f"https://news.example/{doc_id}", language="de")
        path = text_path(corpus.root, doc_id)
        path.parent.mkdir(parents=True)
        path.write_bytes(text_bytes(document, info))
        (texts / f"{doc_id}.txt").write_text(document.text, encoding="utf-8")
        doc = AnnotatedDocument.create(document, default_tagset())
        resp = doc.annotator_for("Bench").id
        sentences = [(s, e, t) for s, e, t in spans if t == "actor"][:2]
        chosen = ([*spans[:18], (sentences[0][0], sentences[-1][1], "commitment")]
                  if sentences else spans[:20])
        edits.add_linked(doc, chosen, resp).apply(doc)
        doc.record_revision(resp, "Generated")
        own = annotations_path(corpus.root, doc_id, "Bench")
        own.parent.mkdir()
        own.write_bytes(annotation_bytes(doc, "inProgress"))
        if number % 500 == 0:
            print(f"  generated {number:,} of {count:,} ({time.perf_counter() - start:.0f} s)",
                  file=sys.stderr)
    (folder / "done").write_text("", encoding="utf-8")
    return folder


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def measure(count: int) -> dict[str, str]:
    from annotator.corpus import Corpus
    from annotator.corpus.search import parse_query
    from annotator.corpus.tables import export_table
    from annotator.gui.corpus_controller import FIRST_HITS
    from annotator.model import edits

    folder = generate(count)
    root = folder / "corpus"
    figures: dict[str, str] = {}
    files = list(root.rglob("*.xml"))
    mb = sum(p.stat().st_size for p in (folder / "texts").iterdir()) / 1e6
    figures["documents (text)"] = f"{count:,} ({mb:.1f} MB text, {len(files):,} files)"

    floor, _ = timed(lambda: [p.read_bytes() for p in files])
    shutil.rmtree(root / ".annotator-cache", ignore_errors=True)
    corpus = Corpus.open(root)
    seconds, _refreshed = timed(corpus.refresh)
    figures["first indexing"] = f"{seconds:.1f} s (floor, reading the files: {floor:.2f} s)"

    def open_and_list():
        opened = Corpus.open(root)
        return opened.documents()[0]

    seconds, listed = timed(open_and_list)
    figures["open the corpus (list shown), index present"] = (
        f"{seconds * 1000:.0f} ms ({len(listed):,} documents)")

    opening = []
    for entry in listed[:: max(1, len(listed) // 50)]:
        seconds, _ = timed(lambda e=entry: corpus.open_document(e.info.id, "Bench"))
        opening.append(seconds)
    figures["open one document (text and annotations), median / max"] = (
        f"{statistics.median(opening) * 1000:.0f} ms / {max(opening) * 1000:.0f} ms")

    def searching(words: tuple[str, ...], rounds: int, limit: int | None = None) -> str:
        times, floors, hits = [], [], 0
        for word in words * rounds:
            seconds, found = timed(lambda w=word: corpus.index.search(parse_query(w),
                                                                      limit=limit))
            times.append(seconds)
            hits += len(found)
        for word in words:
            seconds, _ = timed(lambda w=word: subprocess.run(
                ["grep", "-rwic", w, str(folder / "texts")], capture_output=True, check=False))
            floors.append(seconds)
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        return (f"{statistics.median(times) * 1000:.0f} ms / {p99 * 1000:.0f} ms "
                f"({len(times)} searches, {hits // rounds // len(words):,} hits each; floor "
                f"`grep -rwic`: median {statistics.median(floors) * 1000:.0f} ms)")

    figures["search for a word, median / p99: common words"] = searching(WORDS, 3)
    figures["search for a word as the window shows it (the first 1,000 hits): common "
            "words"] = searching(WORDS, 3, FIRST_HITS)
    # The median word a user searches for: words drawn at random from the texts'
    # vocabulary (each distinct word once, so rare and common ones by their number).
    vocabulary = sorted({w for p in list((folder / "texts").iterdir())[:200]
                         for w in re.findall(r"\w{3,}", p.read_text(encoding="utf-8"))})
    drawn = tuple(random.Random(7).sample(vocabulary, min(100, len(vocabulary))))
    figures["search for a word, median / p99: 100 words of the vocabulary"] = searching(
        drawn, 1)
    figures["search for a word, median / p99: a word in 1 of 10 documents"] = searching(
        ("Zeitenwende",), 20)

    first, (data, _problems) = timed(lambda: export_table(corpus, "commitments-csv"))
    rows = data.count(b"\n") - 1
    seconds, (again, _problems) = timed(lambda: export_table(corpus, "commitments-csv"))
    assert again == data
    figures["corpus commitments export"] = (
        f"{seconds:.1f} s ({rows:,} rows; the first after indexing, which reads every "
        f"file and keeps its rows: {first:.1f} s)")

    figures.update(annotate_all(folder))

    doc_id = listed[len(listed) // 2].info.id
    session = corpus.open_document(doc_id, "Bench")
    doc = session.document
    hit = corpus.index.search(parse_query("Haushalt"), doc_id)[0]
    edit, _ = edits.add_missing(doc, [(hit.start, hit.end)], "weapon")
    edit.apply(doc)
    seconds, result = timed(lambda: session.write(session.tei_path, "Bench"))
    session.saved_to(session.tei_path, result.digest)
    refresh_seconds, again = timed(corpus.refresh)
    edit.revert(doc)
    session.write(session.tei_path, "Bench")
    figures["one document saved → index current"] = (
        f"{seconds * 1000:.0f} ms the save with the index update; a refresh after it "
        f"{refresh_seconds * 1000:.0f} ms ({again.read} files read)")

    # The peak of the process itself (VmHWM, which starts anew at exec; ru_maxrss of a
    # child would include this big parent's size at the fork).
    probe = subprocess.run(
        [sys.executable, "-c",
         "import sys\n"
         f"sys.path.insert(0, {str(ROOT)!r})\n"
         "from annotator.corpus import Corpus\n"
         f"c = Corpus.open({str(root)!r})\n"
         "listed = c.documents()[0]\n"
         "c.search('Ukraine')\n"
         "print(next(line.split()[1] for line in open('/proc/self/status')\n"
         "           if line.startswith('VmHWM')))"],
        capture_output=True, text=True, check=True)
    figures["peak memory with the corpus open (listed, one search)"] = (
        f"{int(probe.stdout) / 1024:.0f} MB")
    return figures


def annotate_all(folder: Path) -> dict[str, str]:
    """Annotate all of "Zeitenwende" (about 1,000 hits in as many documents) on a copy
    of the corpus: its files known to pass every check (the index keeps their
    verdicts: files Annotator saved, or read in full, since the index was made), and
    the first time after an indexing (every file read with every check first); the
    floor: reading the same documents' two files each and writing the annotator's
    files back as they are, in the batches annotate all writes them in."""
    from annotator.corpus import Corpus, layout
    from annotator.corpus.tei_files import read_annotations, read_verdict
    from annotator.files import AtomicBatch, digest_bytes

    root = folder / "corpus"
    copy = folder / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy)
    copied = Corpus.open(copy)
    copied.refresh()
    os.sync()  # (the copy on disk: the batches' flushes then write only their own files)
    hits = copied.search("Zeitenwende")
    documents = sorted({hit.document for hit in hits})
    own = [layout.annotations_path(copy, d, "Bench") for d in documents]
    originals = [path.read_bytes() for path in own]
    # The files read with every check, their verdicts kept, as a save, annotate all or
    # an export since the index was made leave them.
    verdicts = []
    for doc_id, path, data in zip(documents, own, originals, strict=True):
        text = layout.text_path(copy, doc_id).read_bytes()
        read_annotations(text, data, str(layout.text_path(copy, doc_id)), str(path),
                         copied.tagset)
        verdicts.append((path.relative_to(copy).as_posix(),
                         read_verdict(digest_bytes(text), digest_bytes(data))))
    copied.index.note_checked(verdicts)

    def rewrite() -> None:
        batch = AtomicBatch()
        for number, (doc_id, path) in enumerate(zip(documents, own, strict=True)):
            layout.text_path(copy, doc_id).read_bytes()
            batch.add(path, path.read_bytes())
            if number % 256 == 255:
                batch.commit()
        batch.commit()

    figures: dict[str, str] = {}
    floor, _ = timed(rewrite)
    copied.refresh()
    os.sync()
    seconds, report = timed(lambda: copied.tag_all("Zeitenwende", "actor", "Bench", hits=hits))
    figures["annotate all: a word with ~1,000 hits, files with their verdicts"] = (
        f"{seconds:.2f} s ({report.added:,} added in {len(report.documents):,} documents; "
        f"{seconds / floor:.1f}× the floor, reading their files and writing them back in "
        f"batches: {floor:.2f} s)")
    seconds, report = timed(lambda: copied.tag_all("Zeitenwende", "actor", "Neu", hits=hits))
    figures["annotate all: the same, an annotator without files yet"] = (
        f"{seconds:.2f} s ({report.added:,} added; {seconds / floor:.1f}× the floor)")
    for path, data in zip(own, originals, strict=True):
        path.write_bytes(data)
    shutil.rmtree(copy / layout.CACHE)
    copied = Corpus.open(copy)
    copied.refresh()
    os.sync()
    seconds, report = timed(lambda: copied.tag_all("Zeitenwende", "actor", "Bench", hits=hits))
    figures["annotate all: the same, first after an indexing (no verdicts)"] = (
        f"{seconds:.2f} s ({report.added:,} added; {seconds / floor:.1f}× the floor)")
    shutil.rmtree(copy, ignore_errors=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, action="append",
                        help="corpus size (may be given more than once; default 1000)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--only", choices=["annotate-all"],
                        help="measure only this (on the generated corpus as it is)")
    args = parser.parse_args()
    sizes = args.documents or [1000]
    print(f"Machine: {machine()}; {contention()}", file=sys.stderr)
    if args.only == "annotate-all":
        results = {size: annotate_all(generate(size)) for size in sizes}
    else:
        results = {size: measure(size) for size in sizes}
    names = list(next(iter(results.values())))
    if args.markdown:
        print("| figure | " + " | ".join(f"{s:,} documents" for s in sizes) + " |")
        print("|---|" + "---|" * len(sizes))
        for name in names:
            print(f"| {name} | " + " | ".join(results[s][name] for s in sizes) + " |")
    else:
        for size in sizes:
            print(f"{size:,} documents")
            for name in names:
                print(f"  {name}: {results[size][name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
