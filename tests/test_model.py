"""The model layer: span index, edits and undo, word snapping, search, paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotationError
from annotator.model import AnnotatedDocument, Annotation, Document, SpanIndex, StoreChange, edits
from annotator.model.document import split_paragraphs
from annotator.model.text import find_next, find_previous, snap_to_words


def sample_doc(text: str) -> AnnotatedDocument:
    return AnnotatedDocument.create(Document.from_paragraphs(split_paragraphs(text)))


# -- span index ---------------------------------------------------------------
spans = st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 3000)), max_size=200)


@settings(max_examples=200, deadline=None)
@given(spans, st.lists(st.tuples(st.integers(-10, 9000), st.integers(0, 400)), max_size=20),
       st.data())
def test_span_index_matches_brute_force(raw, queries, data):
    index = SpanIndex()
    live = {}
    for n, (start, length) in enumerate(raw):
        index.add(f"s{n}", start, start + length)
        live[f"s{n}"] = (start, start + length)
    for sid in data.draw(st.lists(st.sampled_from(sorted(live)) if live else st.nothing(),
                                  unique=True, max_size=len(live))):
        index.remove(sid)
        del live[sid]
    assert len(index) == len(live)
    for a, width in queries:
        b = a + width
        probe_b = b if b > a else a + 1
        expected = sorted((s, -e, i) for i, (s, e) in live.items() if s < probe_b and e > a)
        assert index.overlapping(a, b) == [i for _, _, i in expected]


@settings(max_examples=150, deadline=None)
@given(spans, st.lists(st.tuples(st.integers(-10, 9000), st.integers(0, 400)), max_size=20),
       st.randoms(use_true_random=False), st.integers(0, 30))
def test_add_columns_builds_what_single_adds_build(raw, queries, rng, later):
    """The bulk build from columns (a file being opened) gives the index that one
    insertion per span gives: the same hits, the same document order, and it keeps
    both right through the edits that follow."""
    spans_ = [(f"s{n}", start, start + length) for n, (start, length) in enumerate(raw)]
    rng.shuffle(spans_)  # a file need not list its spans in order
    bulk, single = SpanIndex(), SpanIndex()
    bulk.add_columns([i for i, _, _ in spans_], [s for _, s, _ in spans_],
                     [e for _, _, e in spans_])
    for span in spans_:
        single.add(*span)
    assert list(bulk) == list(single)
    for n in range(later):  # edits keep the order built with the columns
        if n % 3 == 0 and len(single):
            victim = rng.choice(sorted(single._keys))
            bulk.remove(victim)
            single.remove(victim)
        else:
            start = rng.randrange(5000)
            bulk.add(f"t{n}", start, start + 1 + rng.randrange(300))
            single.add(f"t{n}", start, bulk._keys[f"t{n}"][1])
    assert list(bulk) == list(single)
    for a, width in queries:
        assert bulk.overlapping(a, a + width) == single.overlapping(a, a + width)


def test_add_columns_refuses_an_id_given_twice_and_adds_nothing():
    index = SpanIndex()
    with pytest.raises(KeyError, match="'x'"):
        index.add_columns(["x", "y", "x"], [0, 5, 10], [3, 8, 12])
    assert len(index) == 0 and list(index) == []
    index.add_columns(["a"], [0], [4])
    with pytest.raises(KeyError, match="'a'"):
        index.add_columns(["a"], [9], [10])  # into a filled index: add_many's checks
    assert list(index) == ["a"]


def test_annotation_is_an_immutable_value():
    ann = Annotation("a1", "actor", 3, 9, attributes=[("role", "donor")])
    assert ann.attributes == (("role", "donor"),)  # a list given is kept as a tuple
    assert ann == Annotation("a1", "actor", 3, 9, "", (("role", "donor"),))
    assert hash(ann) == hash(Annotation("a1", "actor", 3, 9, "", (("role", "donor"),)))
    with pytest.raises(AttributeError):
        ann.tag = "weapon"  # type: ignore[misc]
    moved = ann.changed(tag="weapon", attributes=[("kind", "x")])
    assert (moved.id, moved.tag, moved.attributes, ann.tag) == (
        "a1", "weapon", (("kind", "x"),), "actor")
    assert Annotation.many(["a1"], ["actor"], [3], [9], [""]) == [Annotation("a1", "actor", 3, 9)]
    assert "tag='actor'" in repr(ann) and "note" not in repr(ann)


def test_one_long_span_does_not_hide_short_ones():
    index = SpanIndex()
    index.add("whole", 0, 1_000_000)
    for n in range(1000):
        index.add(f"w{n}", n * 10, n * 10 + 5)
    assert index.overlapping(5002, 5003) == ["whole", "w500"]
    assert index.overlapping(5007, 5008) == ["whole"]


def test_span_index_refuses_duplicate_ids():
    index = SpanIndex()
    index.add("a", 0, 1)
    with pytest.raises(KeyError):
        index.add("a", 2, 3)


# -- documents and paragraphs ---------------------------------------------------
def test_sample_splits_into_lines_and_joins_back(sample_text):
    paragraphs = split_paragraphs(sample_text)
    assert len(paragraphs) == 8
    doc = Document.from_paragraphs(paragraphs)
    assert doc.text == sample_text
    assert [p.id for p in doc.paragraphs] == [f"p{i}" for i in range(1, 9)]


def test_blank_lines_separate_wrapped_paragraphs():
    text = "First line\nstill first\n\n\n  Second  \n \t\nThird\n"
    assert split_paragraphs(text) == ["First line\nstill first", "  Second  ", "Third"]
    doc = Document.from_paragraphs(split_paragraphs(text))
    assert doc.text == "First line\nstill first\n\n  Second  \n\nThird"


def test_fragments_skip_separators_and_cross_paragraphs():
    doc = Document.from_paragraphs(["abc", "defg", "hi"])
    assert doc.text == "abc\ndefg\nhi"
    pieces = doc.fragments(1, 10)
    assert [(f.paragraph.id, f.offset, f.length) for f in pieces] == [
        ("p1", 1, 2), ("p2", 0, 4), ("p3", 0, 1)]
    assert doc.fragments(3, 4) == []
    with pytest.raises(AnnotationError):
        doc.check_range(3, 4)
    with pytest.raises(AnnotationError):
        doc.check_range(5, 50)
    with pytest.raises(AnnotationError, match="paragraph break"):
        doc.check_range(3, 6)
    assert doc.trim_to_paragraphs(3, 9) == (4, 8)


def test_selection_on_a_paragraph_break_is_trimmed_to_text():
    doc = AnnotatedDocument.create(Document.from_paragraphs(["abc", "defg", "hi"]))
    edits.add(doc.annotations, [(3, 9, "actor")]).apply(doc.annotations)
    (ann,) = list(doc.annotations)
    assert (ann.start, ann.end) == (4, 8)
    with pytest.raises(AnnotationError, match="no text"):
        edits.add(doc.annotations, [(3, 4, "actor")])


def test_control_characters_are_refused():
    with pytest.raises(Exception, match="U\\+0007"):
        Document.from_paragraphs(["bell \x07 here"])


# -- edits and undo -------------------------------------------------------------
def test_add_remove_retag_and_revert_notify_once(sample_text):
    doc = sample_doc(sample_text)
    store = doc.annotations
    changes: list[StoreChange] = []
    store.subscribe(changes.append)
    start = sample_text.index("Pete Hegseth")
    add = edits.add(store, [(start, start + 12, "actor")], resp="ann-x")
    add.apply(store)
    (ann,) = list(store)
    assert (ann.id, ann.tag, store.text_of(ann), ann.resp) == ("a1", "actor", "Pete Hegseth",
                                                                "ann-x")
    retag = edits.retag(store, ["a1"], "weapon")
    retag.apply(store)
    assert store.get("a1").tag == "weapon"
    assert store.counts() == {"actor": 0, "weapon": 1, "commitment": 0}
    retag.revert(store)
    assert store.get("a1").tag == "actor"
    remove = edits.remove(store, ["a1"])
    remove.apply(store)
    assert len(store) == 0
    remove.revert(store)
    assert store.get("a1") == ann
    assert len(changes) == 5
    assert changes[1].updated[0][1].tag == "weapon"


def test_exact_duplicate_is_refused_but_other_tag_is_allowed(sample_text):
    store = sample_doc(sample_text).annotations
    edits.add(store, [(0, 3, "actor")]).apply(store)
    with pytest.raises(AnnotationError, match="already annotated as Actor"):
        edits.add(store, [(0, 3, "actor")])
    edits.add(store, [(0, 3, "weapon")]).apply(store)
    assert [a.tag for a in store.at(1)] == ["actor", "weapon"]


def test_bulk_undo_of_ten_thousand_annotations():
    doc = AnnotatedDocument.create(Document.from_paragraphs(["wort " * 20_000]))
    store = doc.annotations
    bulk = edits.add(store, [(i * 5, i * 5 + 4, "actor") for i in range(10_000)])
    seen: list[StoreChange] = []
    store.subscribe(seen.append)
    bulk.apply(store)
    bulk.revert(store)
    bulk.apply(store)
    assert len(store) == 10_000 and len(seen) == 3
    assert len(seen[1].removed) == 10_000


def test_innermost_annotation_first_at_a_position(sample_text):
    store = sample_doc(sample_text).annotations
    edits.add(store, [(0, 100, "commitment"), (4, 11, "actor"), (0, 30, "weapon")]).apply(store)
    assert [a.tag for a in store.at(5)] == ["actor", "weapon", "commitment"]


def test_ids_continue_after_highest():
    doc = AnnotatedDocument.create(Document.from_paragraphs(["one two three"]))
    store = doc.annotations
    edits.add(store, [(0, 3, "actor"), (4, 7, "actor")]).apply(store)
    edits.remove(store, ["a1"]).apply(store)
    edits.add(store, [(8, 13, "actor")]).apply(store)
    assert sorted(a.id for a in store) == ["a2", "a3"]


def test_annotation_and_paragraph_ids_never_collide():
    doc = AnnotatedDocument.create(Document.from_paragraphs(["one two"], ids=["a1"]))
    edits.add(doc.annotations, [(0, 3, "actor")]).apply(doc.annotations)
    assert [a.id for a in doc.annotations] == ["a2"]
    with pytest.raises(AnnotationError, match="paragraph"):
        edits.restore(doc.annotations, [Annotation("a1", "actor", 4, 7)])


def test_annotator_ids_are_unique_and_stable():
    doc = AnnotatedDocument.create(Document.from_paragraphs(["x"]))
    first = doc.annotator_for("Jürgen Müller")
    assert first.id == "ann-jurgen-muller"
    assert doc.annotator_for("Jürgen Müller") is first
    assert doc.annotator_for("Jurgen Muller").id == "ann-jurgen-muller-2"


# -- snapping and search ------------------------------------------------------------
@pytest.mark.parametrize(("selected", "expected"), [
    ("egseth ha", "Hegseth hat"),
    (" Pete ", "Pete"),
    ("Patriot", "Patriot"),
    ("atrio", "Patriot"),
    ("Hegseth hat am Montag", "Hegseth hat am Montag"),
])
def test_snap_to_words(sample_text, selected, expected):
    para = "US-Verteidigungsminister Pete Hegseth hat am Montag US-Patriot-Raketensystemen"
    start = para.index(selected)
    a, b = snap_to_words(para, start, start + len(selected))
    assert para[a:b] == expected


def test_snap_keeps_combining_marks_in_words():
    text = "Cafe\u0301 noir"
    assert snap_to_words(text, 0, 2) == (0, 5)


def test_find_next_is_case_insensitive_and_wraps(sample_text):
    first = find_next(sample_text, "hegseth", 0)
    assert sample_text[first:first + 7] == "Hegseth"
    second = find_next(sample_text, "HEGSETH", first + 1)
    assert second > first
    third = find_next(sample_text, "hegseth", second + 1)
    assert third == first
    assert find_next(sample_text, "nirgendwo-text", 0) is None


def test_find_next_with_length_changing_case():
    text = "İstanbul und Istanbul"
    found = find_next(text, "istanbul", 1)
    assert text[found:found + 8] == "Istanbul"


def test_find_previous_goes_back_and_wraps_to_the_end(sample_text):
    starts = [i for i in range(len(sample_text))
              if sample_text.lower().startswith("hegseth", i)]
    assert len(starts) == 2
    assert find_previous(sample_text, "HEGSETH", starts[1]) == starts[0]
    assert find_previous(sample_text, "hegseth", starts[1] + 1) == starts[1]
    assert find_previous(sample_text, "hegseth", starts[0]) == starts[1]  # wrapped
    assert find_previous(sample_text, "nirgendwo-text", 10) is None
    text = "Istanbul und İstanbul"  # lower-casing "İ" makes the text longer
    assert find_previous(text, "istanbul", 5) == 0
    assert find_previous(text, "istanbul", 0) == 0
