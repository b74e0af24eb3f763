"""A document's paragraphs as columns (``annotator.model.paragraphs``): the same
sequence of ``Paragraph`` as a tuple of them, at a few bytes a paragraph."""

from __future__ import annotations

import gc
import pickle
import random
import tracemalloc
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.model import AnnotatedDocument, Document, Paragraph, default_tagset
from annotator.model.paragraphs import ParagraphColumns, Paragraphs
from annotator.tei.reader import parse_tei
from annotator.tei.writer import TeiWriter

KINDS = ("paragraph", "heading", "note", "verse")


def as_tuple(count: int, ids: list[str] | None, kinds: list[str]) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(ids[n] if ids else f"p{n + 1}", 3 * n, 3 * n + 2, kinds[n])
                 for n in range(count))


@given(st.integers(0, 12), st.booleans(), st.data())
def test_the_columns_are_the_paragraphs_they_were_made_of(count, own_ids, data) -> None:
    ids = [f"x{n}" for n in range(count)] if own_ids else None
    kinds = data.draw(st.lists(st.sampled_from(KINDS), min_size=count, max_size=count))
    made = as_tuple(count, ids, kinds)
    paragraphs = Paragraphs.of(made)
    assert list(paragraphs) == list(made) and len(paragraphs) == count
    assert paragraphs == made and paragraphs == list(made)
    assert tuple(paragraphs.ids()) == tuple(p.id for p in made)
    assert tuple(paragraphs.kinds()) == tuple(p.kind for p in made)
    assert list(reversed(paragraphs)) == list(reversed(made))
    for n in range(-count, count):
        assert paragraphs[n] == made[n] and paragraphs.id_at(n) == made[n].id
    for index in (count, -count - 1):
        with pytest.raises(IndexError):
            paragraphs[index]
    start = data.draw(st.integers(-count - 1, count + 1))
    stop = data.draw(st.integers(-count - 1, count + 1))
    step = data.draw(st.sampled_from([1, 1, 2, 3, -1]))
    part = paragraphs[start:stop:step]
    assert isinstance(part, Paragraphs) and list(part) == list(made[start:stop:step])
    for n, paragraph in enumerate(made):
        assert paragraphs.index_of(paragraph.id) == n and paragraph in paragraphs
    for kind in KINDS:
        wanted = [n for n, p in enumerate(made) if p.kind == kind]
        assert paragraphs.has_kind(kind) == bool(wanted)
        assert paragraphs.indices_of_kinds([kind]) == wanted
    assert paragraphs.indices_of_kinds(["heading", "note"]) == [
        n for n, p in enumerate(made) if p.kind in ("heading", "note")]
    assert pickle.loads(pickle.dumps(paragraphs)) == paragraphs


@given(st.lists(st.tuples(st.booleans(), st.lists(st.sampled_from(KINDS + tuple(
    f"kind{n}" for n in range(300))), max_size=40)), max_size=12))
def test_columns_extended_in_batches_are_those_added_one_by_one(batches) -> None:
    # Each batch of paragraphs with Annotator's own ids (p1, p2 ...) or with others.
    one_by_one, in_batches = ParagraphColumns(), ParagraphColumns()
    count = 0
    for own_ids, kinds in batches:
        pids = [f"p{count + n + 1}" if own_ids else f"x{count + n}" for n in range(len(kinds))]
        starts = [2 * (count + n) for n in range(len(kinds))]
        ends = [start + 1 for start in starts]
        for pid, start, end, kind in zip(pids, starts, ends, kinds, strict=True):
            one_by_one.add(pid, start, end, kind)
        in_batches.extend(pids, starts, ends, kinds)
        count += len(kinds)
    expected, made = one_by_one.paragraphs(), in_batches.paragraphs()
    assert list(made) == list(expected) and made == expected
    assert (made._ids is None) == (expected._ids is None)


def test_annotators_ids_are_not_kept_and_any_other_id_is() -> None:
    made = Document.from_paragraphs(["a", "b", "c"])
    assert made.paragraphs._ids is None
    assert [p.id for p in made.paragraphs] == ["p1", "p2", "p3"]
    assert Document.from_paragraphs(["a", "b"], ["p1", "p2"]).paragraphs._ids is None
    own = Document.from_paragraphs(["a", "b"], ["p1", "p3"])
    assert [p.id for p in own.paragraphs] == ["p1", "p3"]
    # Ids that read as a number but are not written so are no paragraph's.
    for pid in ("p0", "p4", "p01", "p+1", "p 1", "P1", "p", "p1.0", "p١"):
        assert made.paragraphs.index_of(pid) is None and not made.has_paragraph(pid), pid
    assert made.paragraph("p3") == Paragraph("p3", 4, 5)
    with pytest.raises(KeyError):
        made.paragraph("p4")
    assert made.paragraphs[1:].index_of("p2") == 0  # (a part keeps the ids it had)
    assert made.paragraphs[1:][0].id == "p2"
    assert made.paragraphs.any_id_in(["a1", "p3"]) and not made.paragraphs.any_id_in(["a1"])
    assert made.paragraphs.indices(["p2", "x", "p2", "p9"]) == [1, -1, 1, -1]
    assert own.paragraphs.indices(["p3", "p2"], missing=-7) == [1, -7]


def test_many_kinds_and_none() -> None:
    made = tuple(Paragraph(f"p{n + 1}", n, n, f"kind{n % 300}") for n in range(600))
    many_kinds = Paragraphs.of(made)  # (more kinds than a byte tells apart)
    assert list(many_kinds) == list(made)
    assert many_kinds.indices_of_kinds(["kind299", "kind3"]) == [3, 299, 303, 599]
    with pytest.raises(ValueError, match="different lengths"):
        Paragraphs(array("q", [0]), array("q", [1, 2]))
    empty = Document.from_paragraphs([])
    assert len(empty.paragraphs) == 0 and list(empty.paragraphs) == []
    assert empty.paragraph_at(0) is None


def test_documents_made_either_way_are_equal() -> None:
    made = Document.from_paragraphs(["one", "two"])
    given_as_tuple = Document(made.text, (Paragraph("p1", 0, 3), Paragraph("p2", 4, 7)))
    assert given_as_tuple == made
    assert Document(made.text, (Paragraph("p1", 0, 3, "heading"),
                                Paragraph("p2", 4, 7))) != made


def _retained(make):
    """What the value ``make()`` returns keeps allocated (traced), in bytes."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        value = make()
        gc.collect()
        return value, tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


COUNT = 100_000
# Bytes a one-word paragraph may cost the model besides its text (the columns: 16; the
# text's own characters are counted apart). A Paragraph object each was over 150.
PER_PARAGRAPH = 40


def one_word_paragraphs() -> list[str]:
    rng = random.Random(5)
    return [rng.choice(["der", "die", "das", "Prag", "Juli"]) for _ in range(COUNT)]


def test_a_paragraph_costs_a_document_a_few_bytes() -> None:
    words = one_word_paragraphs()
    document, size = _retained(lambda: Document.from_paragraphs(words))
    assert len(document.paragraphs) == COUNT
    assert size - len(document.text) <= COUNT * PER_PARAGRAPH, size / COUNT


def test_a_paragraph_read_from_a_file_costs_a_few_bytes() -> None:
    words = one_word_paragraphs()
    data = TeiWriter(AnnotatedDocument.create(Document.from_paragraphs(words),
                                              default_tagset())).to_bytes(validate=False)
    # (The reader's caches of tagsets and the like: filled once beforehand.)
    parse_tei(data, validate=False)
    read, size = _retained(lambda: parse_tei(data, validate=False))
    assert len(read.document.paragraphs) == COUNT
    assert size - len(read.document.text) <= COUNT * PER_PARAGRAPH, size / COUNT


@given(st.lists(st.sampled_from(["", " ", "\t", "a", "b c", " d ", "\u00a0", "e\u2028f",
                                 "\n", "\n\n"]), max_size=12).map("".join)
       | st.text(alphabet=" \t\na\u00a0\u0085", max_size=20))
def test_a_text_of_lines_reads_as_split_paragraphs_would(text: str) -> None:
    """``line_paragraphs`` (no string per line) against the one rule, ``split_paragraphs``."""
    from annotator.model.document import line_paragraphs, split_paragraphs

    found = line_paragraphs(text)
    parts = split_paragraphs(text)
    if found is None:  # (blank lines between lines: the one rule does it)
        assert any(not line.strip(" \t") for line in text.split("\n")[:-1]) or not parts
        return
    made = Document.from_paragraphs(parts)
    assert found[0] == made.text and found[1] == made.paragraphs
