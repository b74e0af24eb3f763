"""Deterministic reference documents: German-like text with many annotations.

``generate(size_bytes, annotations, seed)`` returns an ``AnnotatedDocument``
whose paragraphs read like news prose and whose annotations cover the three
default tags, about a quarter of them nested in or crossing others.
"""

from __future__ import annotations

import random

from annotator.model import AnnotatedDocument, Annotation, Document, Metadata

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
TAGS = ("actor", "weapon", "commitment")


def paragraph_texts(size_bytes: int, rng: random.Random) -> list[str]:
    texts: list[str] = []
    total = 0
    while total < size_bytes:
        sentences = []
        for _ in range(rng.randint(3, 8)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
            words[0] = words[0].capitalize()
            sentences.append(" ".join(words) + rng.choice(".....!?"))
        text = " ".join(sentences)
        texts.append(text)
        total += len(text.encode("utf-8")) + 1
    return texts


def generate(size_bytes: int, annotations: int, seed: int = 1) -> AnnotatedDocument:
    rng = random.Random(seed)
    document = Document.from_paragraphs(paragraph_texts(size_bytes, rng),
                                        metadata=Metadata(title=f"Benchmark {size_bytes}",
                                                          language="de"))
    text = document.text
    word_starts = [i for i in range(len(text)) if (i == 0 or text[i - 1] == " ")
                   and text[i] != " "]
    spans: set[tuple[int, int, str]] = set()
    anns: list[Annotation] = []
    while len(anns) < annotations and word_starts:
        i = rng.randrange(len(word_starts))
        start = word_starts[i]
        nested = rng.random() < 0.25
        words = rng.randint(4, 12) if nested else rng.randint(1, 3)
        j = min(i + words, len(word_starts) - 1)
        end = text.find(" ", word_starts[j] if nested else word_starts[i + words - 1]
                        if i + words - 1 < len(word_starts) else start)
        if end <= start:
            end = len(text)
        end = min(end, len(text))
        while end > start and text[end - 1] in " .!?\n":
            end -= 1
        tag = rng.choice(TAGS)
        if end <= start or (start, end, tag) in spans or not document.fragments(start, end):
            continue
        spans.add((start, end, tag))
        anns.append(Annotation(f"a{len(anns) + 1}", tag, start, end, "ann-bench"))
    from annotator.model import Annotator

    return AnnotatedDocument.create(document, annotators=[Annotator("ann-bench", "Benchmark")],
                                    annotations=anns)
