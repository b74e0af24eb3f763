"""Deterministic reference documents for the benchmarks.

The performance issue's reference document: 5 MB of German-like news prose in about
8,000 paragraphs carrying 100,000 annotations over the three default tags, a quarter of
them nested in or crossing others, saved as the app's own TEI. Other sizes scale both
the text and the annotations (20,000 annotations per MB).

How annotations are placed (all from one seeded ``random.Random``):

* four in five are *flat*: one to three whole words, overlapping no other flat one;
* one in five is *stacked* on a flat one: the same words under another tag (30%), a
  word inside it (45%), or a span from a later word of it to past its end (25%, it
  crosses the flat one, so both count); one in a hundred of these crosses a paragraph
  break instead. In all, a quarter of the annotations are nested in or cross another
  (``--describe`` prints the shares).

``reference_file`` caches the TEI file (and the text the view shows, for the memory
floor) under ``benchmarks/.cache/``, keyed by size, count, seed and generator version,
so the 50 MB document is generated once.

Usage: ``python benchmarks/generate.py --size 5 -o reference.xml``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.model import (  # after the sys.path line
    AnnotatedDocument,
    Annotation,
    Annotator,
    Document,
    Metadata,
)

# Bump when the output changes, so stale cached files are not reused.
GENERATOR_VERSION = 4
CACHE = Path(__file__).resolve().parent / ".cache"
ANNOTATIONS_PER_MB = 20_000
STACKED_SHARE = 0.2
CROSS_PARAGRAPH_SHARE = 0.01  # of the stacked ones
TAGS = ("actor", "weapon", "commitment")
SAMPLE_TXT = Path(__file__).resolve().parent.parent / "resources" / "samples" / "patriot-de.txt"

WORDS = (
    "der die das und zu den von mit für auf nicht sich des ist im dem ein eine als auch "
    "es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über "
    "so zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei Regierung "
    "Ministerin Bundeswehr Lieferung Zusage Milliarden Euro Waffen Systeme Luftverteidigung "
    "Partner Verteidigung Ukraine Deutschland Norwegen Präsident Treffen Pentagon Rakete "
    "Drohnen Angriffe Bereitschaft Unterstützung Konferenz Abkommen Frist Zölle Europa "
    "Kanzler Außenminister Munition Panzer Haubitzen Flugabwehr Kiew Moskau Washington Brüssel "
    "größere schnelle mögliche weitere jüngsten nächtlichen europäischen ukrainischen"
).split()
_WORD = re.compile(r"\w+")


def paragraph_texts(size_bytes: int, rng: random.Random) -> list[str]:
    """Paragraphs of 4-10 sentences (~620 bytes each) until ``size_bytes`` of UTF-8."""
    texts: list[str] = []
    total = 0
    while total < size_bytes:
        sentences = []
        for _ in range(rng.randint(4, 10)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
            words[0] = words[0].capitalize()
            sentences.append(" ".join(words) + rng.choice(".....!?"))
        text = " ".join(sentences)
        texts.append(text)
        total += len(text.encode("utf-8")) + 1
    return texts


def annotate(document: Document, count: int, rng: random.Random) -> list[Annotation]:
    """``count`` annotations on ``document`` as the module docstring describes."""
    text = document.text
    # Words as (start, end, paragraph number), in document order.
    words: list[tuple[int, int, int]] = []
    for number, para in enumerate(document.paragraphs):
        words += [(m.start(), m.end(), number)
                  for m in _WORD.finditer(text, para.start, para.end)]
    if not words:
        return []
    occupied = bytearray(len(text) + 1)
    seen: set[tuple[int, int, str]] = set()
    flat: list[tuple[int, int, int, int]] = []  # (start, end, first word, last word)
    anns: list[Annotation] = []

    def add(start: int, end: int, tag: str) -> bool:
        if (start, end, tag) in seen or start >= end:
            return False
        seen.add((start, end, tag))
        anns.append(Annotation(f"a{len(anns) + 1}", tag, start, end, "ann-bench"))
        return True

    stacked_count = round(count * STACKED_SHARE)
    attempts = 0
    while len(anns) < count - stacked_count and attempts < 20 * count:
        attempts += 1
        first = rng.randrange(len(words))
        last = min(first + rng.choice((0, 0, 0, 1, 1, 2)), len(words) - 1)
        if words[last][2] != words[first][2]:
            continue
        start, end = words[first][0], words[last][1]
        # A gap of one character keeps flat spans from touching as well.
        if any(occupied[max(0, start - 1):end + 1]):
            continue
        occupied[start:end] = b"\x01" * (end - start)
        if add(start, end, rng.choice(TAGS)):
            flat.append((start, end, first, last))
    # Index of the last word of each paragraph that has a next one with words.
    last_words = [i for i in range(len(words) - 1) if words[i + 1][2] != words[i][2]]
    multi_word = [f for f in flat if f[3] > f[2]]
    while len(anns) < count and attempts < 40 * count:
        attempts += 1
        tag = rng.choice(TAGS)
        if last_words and rng.random() < CROSS_PARAGRAPH_SHARE:
            # From one of the last words of a paragraph into the next one.
            last = last_words[rng.randrange(len(last_words))]
            add(words[max(0, last - rng.randint(0, 2))][0],
                words[min(last + rng.randint(1, 3), len(words) - 1)][1], tag)
            continue
        kind = rng.random()
        if kind < 0.3 or not multi_word:  # the same words under another tag
            start, end, _first, _last = flat[rng.randrange(len(flat))]
            add(start, end, tag)
            continue
        start, end, first, last = multi_word[rng.randrange(len(multi_word))]
        if kind < 0.75:  # one word inside it
            word = words[rng.randint(first, last)]
            add(word[0], word[1], tag)
        else:  # from a later word of it to past its end, before the next flat one
            stop = last
            limit = min(last + rng.randint(1, 5), len(words) - 1)
            while (stop < limit and words[stop + 1][2] == words[first][2]
                   and not occupied[words[stop + 1][0]]):
                stop += 1
            if stop > last:
                add(words[rng.randint(first + 1, last)][0], words[stop][1], tag)
    return anns


def generate(size_bytes: int, annotations: int, seed: int = 1) -> AnnotatedDocument:
    """A reference document of about ``size_bytes`` of text with ``annotations``."""
    rng = random.Random(seed)
    document = Document.from_paragraphs(paragraph_texts(size_bytes, rng),
                                        metadata=Metadata(title=f"Benchmark {size_bytes}",
                                                          language="de"))
    return AnnotatedDocument.create(document, annotators=[Annotator("ann-bench", "Benchmark")],
                                    annotations=annotate(document, annotations, rng))


def sample_document(seed: int = 1) -> AnnotatedDocument:
    """The 2 KB sample article annotated at the reference density (20 per KB)."""
    from annotator.formats.plaintext import document_from_text_bytes

    document, _notes = document_from_text_bytes(SAMPLE_TXT.read_bytes(), str(SAMPLE_TXT))
    count = max(1, round(len(document.text.encode("utf-8")) * ANNOTATIONS_PER_MB / 1e6))
    rng = random.Random(seed)
    return AnnotatedDocument.create(document, annotators=[Annotator("ann-bench", "Benchmark")],
                                    annotations=annotate(document, count, rng))


def default_count(mb: float) -> int:
    return round(mb * ANNOTATIONS_PER_MB)


def reference_file(mb: float | None, count: int | None = None, seed: int = 1,
                   cache: Path = CACHE) -> Path:
    """The cached TEI file for ``mb`` megabytes of text (None: the 2 KB sample).

    Beside it, ``<name>.view.txt`` holds exactly the text the view shows (the
    model text with a blank line between paragraphs), for the bare-widget floor.
    """
    from annotator.tei.writer import TeiWriter

    if mb is None:
        name = f"sample-s{seed}-v{GENERATOR_VERSION}"
    else:
        count = default_count(mb) if count is None else count
        name = f"ref-{mb:g}mb-{count}-s{seed}-v{GENERATOR_VERSION}"
    path = cache / f"{name}.xml"
    view_text = cache / f"{name}.view.txt"
    if path.exists() and view_text.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    doc = sample_document(seed) if mb is None else generate(int(mb * 1_000_000), count, seed)
    # Validated once here, so a broken generator fails loudly rather than in a figure.
    data = TeiWriter(doc).to_bytes(validate=mb is None or mb <= 5)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    view_text.write_text(qt_text(doc.document), encoding="utf-8")
    return path


def view_text_path(path: Path) -> Path:
    return path.with_suffix(".view.txt")


def qt_text(document: Document) -> str:
    """The text ``PositionMap`` gives the view: a blank line between "\\n"-separated
    paragraphs (kept here so the benchmarks need not import the GUI)."""
    paragraphs = document.paragraphs
    if len(paragraphs) < 2 or document.text[paragraphs[0].end:paragraphs[1].start] != "\n":
        return document.text
    return "\n\n".join(document.paragraph_text(p) for p in paragraphs)


def describe(doc: AnnotatedDocument) -> dict[str, float]:
    """Facts the docs quote: paragraphs, text bytes, share stacked, cross-paragraph."""
    store = doc.annotations
    anns = list(store)
    overlapping = sum(1 for a in anns if len(store.overlapping(a.start, a.end)) > 1)
    inside_or_crossing = 0
    for a in anns:
        for b in store.overlapping(a.start, a.end):
            same = (b.start, b.end) == (a.start, a.end)
            nested = b.start <= a.start and a.end <= b.end and (not same or b.id < a.id)
            crossing = (a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end)
            if b.id != a.id and (nested or crossing):
                inside_or_crossing += 1
                break
    cross = sum(1 for a in anns if len(doc.document.fragments(a.start, a.end)) > 1)
    return {"paragraphs": len(doc.document.paragraphs),
            "text_mb": len(doc.document.text.encode("utf-8")) / 1e6,
            "annotations": len(anns),
            "overlapping_share": overlapping / max(1, len(anns)),
            "nested_or_crossing_share": inside_or_crossing / max(1, len(anns)),
            "cross_paragraph": cross}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=float, default=5.0, help="megabytes of text")
    parser.add_argument("--annotations", type=int, help="default: 20,000 per MB")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, help="copy the TEI file here")
    parser.add_argument("--describe", action="store_true", help="print the document's facts")
    args = parser.parse_args()
    path = reference_file(args.size, args.annotations, args.seed)
    print(path)
    if args.output:
        args.output.write_bytes(path.read_bytes())
    if args.describe:
        count = default_count(args.size) if args.annotations is None else args.annotations
        for key, value in describe(generate(int(args.size * 1e6), count, args.seed)).items():
            print(f"{key}: {value:,.3f}" if isinstance(value, float) else f"{key}: {value:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
