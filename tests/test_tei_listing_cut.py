"""Opening reads a native file's listAnnotation from the bytes (annotator.tei.listing).

The cut must give exactly what parsing the whole file gives, take only what it can
read exactly, and leave every other file (and every problem) to the parser. The
"whole" reading below is the same file with a comment after ``<listAnnotation>``:
the cut refuses comments, so the parser reads it.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from test_tei_roundtrip import documents

from annotator.errors import ReadError, ValidationError
from annotator.model import AnnotatedDocument
from annotator.tei import reader
from annotator.tei.listing import ListingCut
from annotator.tei.reader import parse_tei
from annotator.tei.validation import check_structure_async
from annotator.tei.writer import TeiWriter

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "patriot-de.annotated.xml"


def by_the_cut(data: bytes) -> AnnotatedDocument:
    """The document as the cut reads it (failing if the cut was not taken)."""
    built = read_cut(data)
    assert built is not None, "the cut was not taken"
    return built


def read_cut(data: bytes) -> AnnotatedDocument | None:
    """What the cut gives for ``data`` (None: read the usual way)."""
    cut = ListingCut.find(data)
    assert cut is not None
    return reader._read_cut(cut, "cut.xml", check_structure_async(data, "cut.xml",
                                                                  must_parse=True))


def whole(data: bytes) -> bytes:
    """The same file, read by the parser: the cut refuses a comment."""
    return data.replace(b"<listAnnotation>", b"<listAnnotation><!-- read whole -->", 1)


def state(doc: AnnotatedDocument) -> tuple:
    return (doc.document.text, [(p.id, p.start, p.end) for p in doc.document.paragraphs],
            list(doc.annotations), doc.annotations.entities, doc.tagset, doc.annotators,
            doc.revisions, doc.document.metadata)


def test_the_annotated_sample_reads_the_same_both_ways() -> None:
    data = SAMPLE.read_bytes()
    cut = by_the_cut(data)
    # Values, entity links, notes and events are all there, read the same.
    assert any(a.attributes for a in cut.annotations)
    assert any(a.note for a in cut.annotations) and any(a.entity for a in cut.annotations)
    assert state(cut) == state(parse_tei(whole(data), "whole.xml"))
    assert state(parse_tei(data, "sample.xml")) == state(cut)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_read_the_same_both_ways(doc: AnnotatedDocument) -> None:
    data = TeiWriter(doc).to_bytes()
    if b"<listAnnotation>" not in data:
        return  # nothing to cut
    assert state(by_the_cut(data)) == state(parse_tei(whole(data), "whole.xml")) == state(doc)


def test_a_listannotation_in_a_comment_is_not_cut() -> None:
    data = SAMPLE.read_bytes()
    fake = (b'<!--<listAnnotation><annotation xml:id="fake" target="#string-range(p1,0,3)" '
            b'ana="#cat-actor"/></listAnnotation>-->')
    tricked = data.replace(b"<teiHeader>", b"<teiHeader>" + fake, 1)
    assert ListingCut.find(tricked) is not None
    assert read_cut(tricked) is None
    read = parse_tei(tricked, "t.xml")
    assert "fake" not in read.annotations
    assert state(read) == state(parse_tei(data, "sample.xml"))


def test_a_commented_copy_inside_the_listing_is_not_read() -> None:
    data = SAMPLE.read_bytes()
    fake = (b'<!--<listAnnotation><annotation xml:id="fake" target="#string-range(p1,0,3)" '
            b'ana="#cat-actor"/></listAnnotation>-->')
    tricked = data.replace(b"<listAnnotation>", b"<listAnnotation>" + fake, 1)
    read = parse_tei(tricked, "t.xml")
    assert "fake" not in read.annotations
    assert state(read) == state(parse_tei(data, "sample.xml"))


@pytest.mark.parametrize("old, new, check", [
    # A character reference in a value: only the parser resolves it.
    (b'xml:id="a1" ', b'xml:id="a&#x31;" ', lambda d: "a1" in d.annotations),
    # Another attribute order than the writer's.
    (b'<annotation xml:id="a1" target="#string-range(p1,52,3)" ana="#cat-actor #fs-a1"',
     b'<annotation ana="#cat-actor #fs-a1" xml:id="a1" target="#string-range(p1,52,3)"',
     lambda d: d.annotations.get("a1").attributes),
    # A reference in a note.
    (b"<note>Der Wert", b"<note>Der &amp; Wert",
     lambda d: any(a.note.startswith("Der & Wert") for a in d.annotations)),
    # Single quotes.
    (b'target="#string-range(p1,52,3)"', b"target='#string-range(p1,52,3)'",
     lambda d: d.annotations.get("a1").start < d.annotations.get("a1").end),
])
def test_other_forms_are_read_by_the_parser(old: bytes, new: bytes, check) -> None:
    data = SAMPLE.read_bytes()
    assert data.count(old) >= 1
    changed = data.replace(old, new, 1)
    assert read_cut(changed) is None
    read = parse_tei(changed, "c.xml")
    assert check(read)
    assert len(read.annotations) == len(parse_tei(data, "sample.xml").annotations)


def line_of(data: bytes, needle: bytes) -> int:
    return data[:data.index(needle)].count(b"\n") + 1


def test_a_part_cut_out_that_is_not_well_formed_is_reported_with_its_line() -> None:
    # The cut reads "]]>" in a note as text; XML forbids it there, and the whole
    # file's parse (RELAX NG's worker) says so.
    data = SAMPLE.read_bytes().replace(b"<note>Der Wert", b"<note>Der ]]> Wert", 1)
    with pytest.raises(ReadError) as caught:
        parse_tei(data, "broken.xml")
    assert caught.value.line == line_of(data, b"]]>")
    assert "not well-formed" in caught.value.message


def test_a_problem_in_the_part_cut_out_is_reported_with_its_line() -> None:
    data = SAMPLE.read_bytes()
    target = re.search(rb'target="#string-range\(p1,52,3\)"', data)
    assert target is not None
    bad = data.replace(target.group(), b'target="#string-range(p1,52,30000)"', 1)
    with pytest.raises(ValidationError) as caught:
        parse_tei(bad, "bad.xml")
    assert caught.value.line == line_of(bad, b"p1,52,30000")
    assert "past the end" in str(caught.value.problems)


def test_a_file_in_another_encoding_is_read_by_the_parser() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    latin1 = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1)
    data = latin1.encode("iso-8859-1", "xmlcharrefreplace")
    assert read_cut(data) is None
    assert state(parse_tei(data, "latin1.xml")) == state(parse_tei(SAMPLE.read_bytes(), "s.xml"))


def test_white_space_at_the_end_of_the_listing_costs_no_time() -> None:
    # Every position of the part cut out must match one way or the other: no retry
    # from each of a million positions.
    data = SAMPLE.read_bytes().replace(b"</listAnnotation>", b" " * 1_000_000
                                       + b"</listAnnotation>", 1)
    began = time.monotonic()
    by_the_cut(data)
    assert time.monotonic() - began < 2


@pytest.mark.parametrize("inside", [
    b"<!-- a comment -->",
    b'<annotation ana="#cat-actor" xml:id="b1" target="#string-range(p1,0,3)"/>',
    b'<annotation xml:id="b1" target="#string-range(p1,0,3)" ana="#cat-actor" n="x"/>',
    b"<![CDATA[ text ]]>",
    b"<?pi here?>",
    b"text",
])
def test_the_cut_reads_nothing_unless_it_can_read_everything(inside: bytes) -> None:
    data = SAMPLE.read_bytes()
    assert by_the_cut(data)
    # Anywhere in the listing: at its start, between two annotations, at its end.
    for anchor in (b"<listAnnotation>", b"</annotation>", b"</listAnnotation>"):
        at = data.index(anchor) + (len(anchor) if anchor != b"</listAnnotation>" else 0)
        changed = data[:at] + inside + data[at:]
        cut = ListingCut.find(changed)
        assert cut is not None
        tree = etree.fromstring(cut.spliced)
        assert cut.rows(tree) is None, (anchor, inside)


def test_an_empty_listing_in_place_of_the_real_one_is_refused_as_the_parser_refuses_it() -> None:
    data = SAMPLE.read_bytes()
    start = data.index(b"<listAnnotation>")
    end = data.index(b"</listAnnotation>") + len(b"</listAnnotation>")
    fake = (b'<!--<listAnnotation><annotation xml:id="fake" target="#string-range(p1,0,3)" '
            b'ana="#cat-actor"/></listAnnotation>-->')
    tricked = (data[:start] + b'<listAnnotation n="cut-0"/>' + data[end:]).replace(
        b"<teiHeader>", b"<teiHeader>" + fake, 1)
    with pytest.raises(ValidationError) as by_cut:
        parse_tei(tricked, "t.xml")
    assert "standOff" in by_cut.value.message  # RELAX NG: an empty listAnnotation
