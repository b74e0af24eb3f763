"""The store's bulk paths (a file being read, a bulk undo) behave as the single ones."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotationError
from annotator.model import AnnotatedDocument, Annotation, Document, SpanIndex, edits


def text_document() -> Document:
    return Document.from_paragraphs(["Alpha beta gamma delta.", "", "Epsilon zeta eta.",
                                     "Theta iota kappa lambda my."])


def random_annotations(document: Document, count: int, seed: int) -> list[Annotation]:
    rng = random.Random(seed)
    anns = []
    spans = set()  # one annotation per span, so that any of them can be retagged
    for n in range(count):
        para = rng.choice([p for p in document.paragraphs if len(p)])
        start = rng.randrange(para.start, para.end)
        # now and then a span into a later paragraph
        last = document.paragraphs[-1] if rng.random() < 0.1 else para
        end = rng.randrange(start + 1, last.end + 1) if last.end > start else para.end
        start, end = document.trim_to_paragraphs(start, end)
        if start < end and (start, end) not in spans:
            spans.add((start, end))
            anns.append(Annotation(f"a{n + 1}", rng.choice(["actor", "weapon"]), start, end))
    return anns


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 200), st.integers(0, 10_000))
def test_load_is_create(count: int, seed: int) -> None:
    document = text_document()
    anns = random_annotations(document, count, seed)
    created = AnnotatedDocument.create(document, annotations=anns)
    loaded = AnnotatedDocument.create(document)
    loaded.annotations.load(reversed(anns))
    assert loaded.snapshot() == created.snapshot()
    assert list(loaded.annotations) == list(created.annotations)
    assert loaded.annotations.counts() == created.annotations.counts()
    assert loaded.annotations.next_id() == created.annotations.next_id()
    for a in anns[:20]:
        assert (loaded.annotations.overlapping(a.start, a.end)
                == created.annotations.overlapping(a.start, a.end))


@pytest.mark.parametrize(("bad", "words"), [
    (Annotation("a9", "actor", 23, 25), "paragraph break"),  # starts on the separator
    (Annotation("a9", "actor", 20, 24), "paragraph break"),  # ends on it
    (Annotation("a9", "actor", 0, 999), "outside the text"),
    (Annotation("a9", "actor", 5, 5), "outside the text"),
    (Annotation("a9", "unknown", 0, 5), "unknown tag"),
    (Annotation("p1", "actor", 0, 5), "paragraph's id"),
    (Annotation("9a", "actor", 0, 5), "not a valid XML name"),
    (Annotation("a 9", "actor", 0, 5), "not a valid XML name"),
    (Annotation("a1", "actor", 6, 10), "used twice"),
])
def test_load_refuses_what_check_refuses(bad: Annotation, words: str) -> None:
    doc = AnnotatedDocument.create(text_document())
    with pytest.raises(AnnotationError, match=words):
        doc.annotations.load([Annotation("a1", "actor", 0, 5), bad])
    assert len(doc.annotations) == 0  # nothing stored


def test_bulk_and_single_edits_give_the_same_store() -> None:
    document = text_document()
    anns = random_annotations(document, 300, 1)
    bulk = AnnotatedDocument.create(document, annotations=anns).annotations
    single = AnnotatedDocument.create(document).annotations
    for a in anns:
        edits.restore(single, [a]).apply(single)
    list(single)  # the document order is now kept up to date edit by edit
    assert list(bulk) == list(single)
    ids = [a.id for a in anns[::2]]
    assert len(ids) > 64  # the bulk path
    removal = edits.remove(bulk, ids)
    removal.apply(bulk)
    for i in ids:
        edits.remove(single, [i]).apply(single)
    assert list(bulk) == list(single) and bulk.counts() == single.counts()
    removal.revert(bulk)
    retag = edits.retag(bulk, [a.id for a in anns if a.tag == "actor"][:100], "weapon")
    retag.apply(bulk)
    assert [a.tag for a in bulk].count("actor") == [a.tag for a in anns].count("actor") - 100
    retag.revert(bulk)
    assert sorted(bulk, key=lambda a: a.id) == sorted(anns, key=lambda a: a.id)


def test_span_index_order_survives_edits() -> None:
    rng = random.Random(5)
    index = SpanIndex()
    live: dict[str, tuple[int, int]] = {}
    index.add_many((f"s{n}", s, s + rng.randint(1, 50))
                   for n, s in enumerate(rng.randrange(1000) for _ in range(200)))
    live.update({i: index._keys[i][:2] for i in index._keys})
    list(index)  # builds the order, kept from now on
    for n in range(300):
        if rng.random() < 0.5 and live:
            victim = rng.choice(sorted(live))
            index.remove(victim)
            del live[victim]
        else:
            start = rng.randrange(1000)
            index.add(f"t{n}", start, start + rng.randint(1, 50))
            live[f"t{n}"] = (start, start + index._keys[f"t{n}"][1] - start)
        expected = [i for _, _, i in sorted((s, -e, i) for i, (s, e) in live.items())]
        assert list(index) == expected
    gone = sorted(live)[:50]
    index.remove_many(gone)  # the kept order is filtered, not rebuilt
    for span_id in gone:
        del live[span_id]
    assert list(index) == [i for _, _, i in sorted((s, -e, i) for i, (s, e) in live.items())]
    extra = [(f"u{n}", rng.randrange(1000), 0) for n in range(20)]
    extra = [(i, s, s + rng.randint(1, 30)) for i, s, _ in extra]
    index.add_many(extra)  # few: merged into the kept order
    live.update({i: (s, e) for i, s, e in extra})
    assert list(index) == [i for _, _, i in sorted((s, -e, i) for i, (s, e) in live.items())]
    with pytest.raises(KeyError):
        index.add_many([("x", 1, 2), ("x", 3, 4)])


def test_spans_with_one_start_keep_their_order() -> None:
    index = SpanIndex()
    index.add_many([("m", 10, 20), ("z", 10, 15), ("b", 10, 30), ("x", 5, 50)])
    assert list(index) == ["x", "b", "m", "z"]  # by start, longer first, then id
    index.add("a", 10, 20)
    index.add("n", 10, 20)
    index.add_many([("c", 10, 15)])
    assert list(index) == ["x", "b", "a", "m", "n", "c", "z"]
    index.remove("m")
    index.remove_many(["c", "x"])
    assert list(index) == ["b", "a", "n", "z"]
