"""Opening reads a native file's listAnnotation from the bytes (annotator.tei.listing).

Reading the rows (the compiled scanner, annotator/tei/_rows.pyx) must give exactly
what parsing the whole file gives, take only what it can read exactly, and leave every
other file (and every problem) to the parser: the parser's reading is the scanner's
oracle. The "whole" reading below is the same file with a comment after
``<listAnnotation>``: the scanner refuses comments, so the parser reads it.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_tei_roundtrip import documents

from annotator.errors import ReadError, ValidationError
from annotator.model import AnnotatedDocument
from annotator.tei import NSMAP, listing, reader
from annotator.tei.listing import ListingRows, ListingSplit
from annotator.tei.reader import parse_tei
from annotator.tei.validation import check_structure_async
from annotator.tei.writer import TeiWriter

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "patriot-de.annotated.xml"


def by_the_rows(data: bytes) -> AnnotatedDocument:
    """The document as read with its rows from the bytes (failing if they were not)."""
    built = read_rows(data)
    assert built is not None, "the rows were not read from the bytes"
    return built


def read_rows(data: bytes) -> AnnotatedDocument | None:
    """What reading the rows from the bytes gives for ``data`` (None: read the usual
    way)."""
    split = ListingSplit.find(data)
    assert split is not None
    return reader._read_split(split, "rows.xml", check_structure_async(
        split.for_validation, "rows.xml", must_parse=True))


def whole(data: bytes) -> bytes:
    """The same file, read by the parser: the row scanner refuses a comment."""
    return data.replace(b"<listAnnotation>", b"<listAnnotation><!-- read whole -->", 1)


def state(doc: AnnotatedDocument) -> tuple:
    return (doc.document.text, [(p.id, p.start, p.end) for p in doc.document.paragraphs],
            list(doc.annotations), doc.annotations.entities, doc.tagset, doc.annotators,
            doc.revisions, doc.document.metadata, doc.annotations.next_id())


def test_the_annotated_sample_reads_the_same_both_ways() -> None:
    data = SAMPLE.read_bytes()
    rows = by_the_rows(data)
    # Values, entity links, notes and events are all there, read the same.
    assert any(a.attributes for a in rows.annotations)
    assert any(a.note for a in rows.annotations) and any(a.entity for a in rows.annotations)
    assert state(rows) == state(parse_tei(whole(data), "whole.xml"))
    assert state(parse_tei(data, "sample.xml")) == state(rows)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_read_the_same_both_ways(doc: AnnotatedDocument) -> None:
    data = TeiWriter(doc).to_bytes()
    if b"<listAnnotation>" not in data:
        return  # no rows to read
    assert state(by_the_rows(data)) == state(parse_tei(whole(data), "whole.xml")) == state(doc)


def test_a_listannotation_in_a_comment_is_not_read_as_rows() -> None:
    data = SAMPLE.read_bytes()
    fake = (b'<!--<listAnnotation><annotation xml:id="fake" target="#string-range(p1,0,3)" '
            b'ana="#cat-actor"/></listAnnotation>-->')
    tricked = data.replace(b"<teiHeader>", b"<teiHeader>" + fake, 1)
    assert ListingSplit.find(tricked) is not None
    assert read_rows(tricked) is None
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
    (b'<annotation xml:id="a28" target="#string-range(p1,159,6)" ana="#cat-weapon #fs-a28"',
     b'<annotation ana="#cat-weapon #fs-a28" xml:id="a28" target="#string-range(p1,159,6)"',
     lambda d: d.annotations.get("a28").attributes),
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
    assert read_rows(changed) is None
    read = parse_tei(changed, "c.xml")
    assert check(read)
    assert len(read.annotations) == len(parse_tei(data, "sample.xml").annotations)


def line_of(data: bytes, needle: bytes) -> int:
    return data[:data.index(needle)].count(b"\n") + 1


def test_rows_that_are_not_well_formed_are_reported_with_their_line() -> None:
    # The scanner reads "]]>" in a note as text; XML forbids it there, and the whole
    # file's parse (RELAX NG's worker) says so.
    data = SAMPLE.read_bytes().replace(b"<note>Der Wert", b"<note>Der ]]> Wert", 1)
    with pytest.raises(ReadError) as caught:
        parse_tei(data, "broken.xml")
    assert caught.value.line == line_of(data, b"]]>")
    assert "not well-formed" in caught.value.message


def test_a_problem_in_the_rows_is_reported_with_its_line() -> None:
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
    assert read_rows(data) is None
    assert state(parse_tei(data, "latin1.xml")) == state(parse_tei(SAMPLE.read_bytes(), "s.xml"))


def test_white_space_at_the_end_of_the_listing_costs_no_time() -> None:
    # Every position of the listing must read one way or the other: no retry
    # from each of a million positions.
    # (just under the run the scanner leaves to the parser)
    data = SAMPLE.read_bytes().replace(b"</listAnnotation>", b" " * (listing.LONGEST_RUN - 100)
                                       + b"</listAnnotation>", 1)
    began = time.monotonic()
    by_the_rows(data)
    assert time.monotonic() - began < 2


@pytest.mark.parametrize("inside", [
    b"<!-- a comment -->",
    b'<annotation ana="#cat-actor" xml:id="b1" target="#string-range(p1,0,3)"/>',
    b'<annotation xml:id="b1" target="#string-range(p1,0,3)" ana="#cat-actor" n="x"/>',
    b"<![CDATA[ text ]]>",
    b"<?pi here?>",
    b"text",
])
def test_the_scanner_reads_nothing_unless_it_can_read_everything(inside: bytes) -> None:
    data = SAMPLE.read_bytes()
    assert by_the_rows(data)
    # Anywhere in the listing: at its start, between two annotations, at its end.
    for anchor in (b"<listAnnotation>", b"</annotation>", b"</listAnnotation>"):
        at = data.index(anchor) + (len(anchor) if anchor != b"</listAnnotation>" else 0)
        changed = data[:at] + inside + data[at:]
        split = ListingSplit.find(changed)
        assert split is not None
        tree = etree.fromstring(split.without_listing)
        assert split.rows(tree) is None, (anchor, inside)


def test_an_empty_listing_in_place_of_the_real_one_is_refused_as_the_parser_refuses_it() -> None:
    data = SAMPLE.read_bytes()
    start = data.index(b"<listAnnotation>")
    end = data.index(b"</listAnnotation>") + len(b"</listAnnotation>")
    fake = (b'<!--<listAnnotation><annotation xml:id="fake" target="#string-range(p1,0,3)" '
            b'ana="#cat-actor"/></listAnnotation>-->')
    tricked = (data[:start] + b'<listAnnotation n="split-0"/>' + data[end:]).replace(
        b"<teiHeader>", b"<teiHeader>" + fake, 1)
    with pytest.raises(ValidationError) as refused:
        parse_tei(tricked, "t.xml")
    assert "standOff" in refused.value.message  # RELAX NG: an empty listAnnotation


# -- what RELAX NG no longer parses: the rows must be valid by construction -------------
def test_relax_ng_checks_the_file_with_one_row_in_place_of_the_listing() -> None:
    data = SAMPLE.read_bytes()
    split = ListingSplit.find(data)
    assert split is not None
    # One annotation in the listing's place, every line where it was.
    assert split.for_validation.count(b"<annotation ") == 1 < data.count(b"<annotation ")
    assert split.for_validation.count(b"\n") == data.count(b"\n")
    assert check_structure_async(split.for_validation, "s.xml", must_parse=True).result() == []
    assert by_the_rows(data)


@pytest.mark.parametrize("old, new", [
    # Characters XML forbids, in a note and in each kind of value the scanner reads.
    (b"<note>Der Wert", b"<note>Der \x01 Wert"),
    (b"<note>Der Wert", b"<note>Der \x0b Wert"),
    (b"<note>Der Wert", "<note>Der \ufffe Wert".encode()),
    (b'ana="#cat-weapon #fs-a28"', "ana=\"#cat-weapon #fs-a28\uffff\"".encode()),
    (b'resp="#ann-annotator-example">\n        <ref target="#place-usa"/>',
     b'resp="#ann-annotator-\x1fexample">\n        <ref target="#place-usa"/>'),
    (b'target="#string-range(p1,52,3)"', b'target="#string-range(p1,52,3)\x7f\x02"'),
])
def test_characters_xml_forbids_in_the_rows_are_refused_with_their_line(
        old: bytes, new: bytes) -> None:
    data = SAMPLE.read_bytes()
    assert data.count(old) == 1
    bad = data.replace(old, new, 1)
    assert read_rows(bad) is None
    with pytest.raises(ReadError) as caught:
        parse_tei(bad, "bad.xml")
    assert caught.value.line == line_of(bad, new)
    assert "not well-formed" in caught.value.message or "Char" in caught.value.message


@pytest.mark.parametrize("target", [b"http://example.org/x", b"#", b"#1a", b"#a b"])
def test_an_entity_link_that_is_no_local_pointer_is_left_to_relax_ng(target: bytes) -> None:
    data = SAMPLE.read_bytes()
    bad = data.replace(b'<ref target="#place-usa"/>', b'<ref target="' + target + b'"/>', 1)
    assert read_rows(bad) is None
    with pytest.raises(ValidationError) as caught:
        parse_tei(bad, "bad.xml")
    # (libxml2 names the standOff the link is in: its RELAX NG reports where the
    # content stopped matching)
    assert line_of(bad, b"<standOff") <= caught.value.line <= line_of(bad, b"</standOff")


def test_a_problem_outside_the_listing_is_reported_with_its_line() -> None:
    data = SAMPLE.read_bytes()
    at = data.index(b"</listAnnotation>")
    after = data.index(b"\n", at) + 1
    # An element the schema does not allow, after the listing: lines there must hold.
    bad = data[:after] + b"    <unknownThing/>\n" + data[after:]
    split = ListingSplit.find(bad)
    assert split is not None and check_structure_async(split.for_validation, "b.xml").result()
    with pytest.raises(ValidationError) as caught:
        parse_tei(bad, "bad.xml")
    assert line_of(bad, b"<standOff") <= caught.value.line <= line_of(bad, b"<unknownThing")
    # The usual reading reports it: the same problems as the whole file's RELAX NG.
    assert caught.value.problems == reader._invalid(
        check_structure_async(bad, "bad.xml").result(), "bad.xml").problems


# -- the compiled scanner reads what the parser reads, or nothing -----------------------
def columns_of(rows) -> tuple | None:
    if rows is None:
        return None
    numbers = [list(map(int, rows.offset)), list(map(int, rows.length))]
    return (list(rows.id), list(rows.paragraph), *numbers,
            *(list(getattr(rows, c)) for c in ("more_ranges", "ana", "resp", "ref", "note")))


_FIRST_RANGE = re.compile(r"#string-range\(([^,]*),([0-9]+),([0-9]+)\)(.*)", re.S)


def parsed_columns(region: bytes) -> tuple:
    """The scanner's oracle: the columns of ``region`` as the parser reads its
    ``annotation`` elements (the first range of @target apart, ``ref`` and ``note``
    as the writer writes them)."""
    root = etree.fromstring(b'<listAnnotation xmlns="http://www.tei-c.org/ns/1.0">' + region
                            + b"</listAnnotation>", etree.XMLParser(collect_ids=False))
    found = root.findall("tei:annotation", NSMAP)
    ranges = [_FIRST_RANGE.fullmatch(a.get("target")) for a in found]
    refs = [a.find("tei:ref", NSMAP) for a in found]
    notes = [a.find("tei:note", NSMAP) for a in found]
    return ([a.get("{http://www.w3.org/XML/1998/namespace}id") for a in found],
            [r[1] for r in ranges], [int(r[2]) for r in ranges], [int(r[3]) for r in ranges],
            [r[4] for r in ranges], [a.get("ana") for a in found],
            [a.get("resp", "") for a in found],
            ["" if r is None else f'<ref target="{r.get("target")}"/>' for r in refs],
            ["" if n is None else f"<note>{n.text or ''}</note>" for n in notes])


_PIECES = [
    '<annotation xml:id="a1" target="#string-range(p1,0,3)" ana="#cat-actor"/>',
    '<annotation xml:id="b.2-x" target="#string-range(p_2,10,123456789)" '
    'ana="#cat-weapon #fs-b" resp="#ann-1"/>',
    '<annotation xml:id="c" target="#string-range(p1,5,2) #string-range(p2,0,1)" '
    'ana="#cat-x">\n  <ref target="#org-a"/>\n  <note>Ein “Wert” > 3\tund\nmehr</note>\n'
    '</annotation>',
    '<annotation xml:id="d" target="#string-range(p1,0,1)" ana="">  </annotation>',
    '<annotation xml:id="e" target="#string-range(p1,0,1)" ana="ä😀"><note/></annotation>',
    '<annotation xml:id="f" target="#string-range(p1,0,1)" ana="x" resp="">'
    '</annotation>',
    " ", "\n", "\t", "\r",
]
# What a mutation may put in: every byte class either reader treats apart.
_NOISE = ['"', "<", ">", "&", "/", "=", ",", "(", ")", "#", "0", "1", "9", "a", "_", ".",
          "-", " ", "\t", "\n", "\r", "\x01", "\x0b", "\x1f", "\x7f", "é", "\ufffe",
          "\uffff", "😀", "]]>", "<note>", "</note>", "<ref", "resp=", "0123456789"]


_GOOD = "aZ_.-09 #>/=,()é😀]"  # allowed in values and notes alike
_BAD = ['"', "<", "&", "\t", "\n", "\r", "\x01", "\x0b", "\x1f", "\ufffe", "\uffff"]


def mostly(good: st.SearchStrategy[str], bad: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Usually ``good``, sometimes ``good`` with one ``bad`` in it: each part of a row
    is then wrong alone often enough to tell the two readers apart."""
    spoiled = st.tuples(good, bad, good).map("".join)
    return st.one_of(good, good, good, spoiled)


_NAMES = mostly(st.text("aZ_.-09", min_size=1, max_size=4).filter(lambda n: n[0] in "aZ_"),
                st.sampled_from(["", "1", " ", "ä", ",", '"']))
_NUMBERS = st.one_of(st.sampled_from(["0", "7", "123456789", "999999999"]),
                     st.integers(1, 999_999_999).map(str),
                     st.sampled_from(["", "00", "01", "1234567890", "0123", "12345678901"]))
_VALUES = mostly(st.text(_GOOD, max_size=5), st.sampled_from(_BAD))
_NOTES = mostly(st.text(_GOOD + "\t\n", max_size=6),
                st.sampled_from(["<", "&", "\r", "\x01", "\x0b", "\ufffe", "]]>"]))


@st.composite
def rows_text(draw, names=_NAMES, offsets=_NUMBERS, lengths=_NUMBERS, values=_VALUES,
              resps=_VALUES, notes=_NOTES) -> str:
    """Annotation rows of the writer's form, each part drawn from its strategy (by
    default from what is allowed and what is not)."""
    out = []
    for _ in range(draw(st.integers(1, 3))):
        row = (f'<annotation xml:id="{draw(names)}" target="#string-range('
               f'{draw(names)},{draw(offsets)},{draw(lengths)}){draw(values)}" '
               f'ana="{draw(values)}"')
        if draw(st.booleans()):
            row += f' resp="{draw(resps)}"'
        if draw(st.booleans()):
            row += "/>"
        else:
            row += ">" + draw(st.sampled_from(["", " ", "\n  "]))
            if draw(st.booleans()):
                row += f'<ref target="#{draw(names)}"/>' + draw(st.sampled_from(["", "\n"]))
            if draw(st.booleans()):
                row += f"<note>{draw(notes)}</note>"
            row += "</annotation>"
        out.append(row + draw(st.sampled_from(["", "\n", " \t"])))
    return "".join(out)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(rows_text(), st.lists(st.sampled_from(_PIECES), max_size=6).map("".join)),
       st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(_NOISE),
                          st.integers(0, 3)), max_size=2))
def test_the_compiled_scanner_reads_what_the_parser_reads_or_nothing(text, mutations) -> None:
    for at, noise, drop in mutations:
        at %= len(text) + 1
        text = text[:at] + noise + text[at + drop:]
    region = text.encode("utf-8", "surrogatepass")
    scanned = scanned_columns(region)
    event("refused" if scanned is None else "read")
    if scanned is not None:
        assert scanned == parsed_columns(region)


# Rows of the row format (docs/tei-format.md) and nothing else: every one is read.
_ROWS_OF_THE_FORMAT = rows_text(
    names=st.tuples(st.sampled_from("aZ_"), st.text("aZ_.-09", max_size=3)).map("".join),
    offsets=st.integers(0, 999_999_999), lengths=st.integers(1, 999_999_999),
    values=st.text(_GOOD, max_size=5), resps=st.text(_GOOD, min_size=1, max_size=5),
    notes=st.text(_GOOD + "\t\n", max_size=6).filter(lambda n: "]]>" not in n))


@settings(max_examples=300, deadline=None)
@given(_ROWS_OF_THE_FORMAT)
def test_the_compiled_scanner_reads_every_row_of_the_row_format(text) -> None:
    region = text.encode("utf-8")
    assert scanned_columns(region) == parsed_columns(region)


def highest_generated(ids: list[str]) -> int:
    """What AnnotationStore.next_id must go past: the highest "a17" among ``ids``."""
    return max((int(i[1:]) for i in ids if re.fullmatch(r"a[0-9]+", i)), default=0)


def scanned_columns(region: bytes) -> tuple | None:
    """The compiled scanner's columns (None where ListingSplit.rows refuses them),
    its highest generated id checked on the way."""
    scanned = listing._scan(region, listing.LONGEST_RUN)
    if scanned is None:
        return None
    *columns, highest = scanned
    assert highest == highest_generated(columns[0])
    return None if "]]>" in "".join(columns[-1]) else tuple(map(list, columns))


def scanned_rows(region: bytes) -> ListingRows | None:
    """The rows ``ListingSplit.rows`` gives for ``region`` as the listing's content."""
    columns = scanned_columns(region)
    if columns is None:
        return None
    return ListingRows(*columns)


def test_the_compiled_scanner_is_built_and_used() -> None:
    assert listing._scan is not None, "annotator/tei/_rows.pyx was not compiled"
    data = SAMPLE.read_bytes()
    split = ListingSplit.find(data)
    assert split is not None
    rows = split.rows(etree.fromstring(split.without_listing))
    assert rows is not None
    assert columns_of(rows) == parsed_columns(split.listing)


@pytest.mark.parametrize("offset", ["0", "00", "01", "7", "123456789", "1234567890", ""])
@pytest.mark.parametrize("length", ["0", "1", "999999999", "1000000000", "012", ""])
def test_the_compiled_scanner_reads_numbers_of_the_row_format(offset, length) -> None:
    region = (f'\n<annotation xml:id="a" target="#string-range(p1,{offset},{length})" '
              f'ana="#cat-x"/>\n').encode()
    # OFFSET = 0 | [1-9][0-9]{0,8}, LENGTH = [1-9][0-9]{0,8} (docs/tei-format.md)
    of_the_format = offset in ("0", "7", "123456789") and length in ("1", "999999999")
    scanned = scanned_columns(region)
    assert (scanned is not None) == of_the_format
    assert scanned is None or (scanned[2], scanned[3]) == ([int(offset)], [int(length)])
    assert scanned is None or scanned == parsed_columns(region)


@pytest.mark.parametrize("ids, highest", [
    (["a1", "a2", "a10"], 10), (["a9", "a10"], 10), (["a0"], 0), (["a", "b", "_7"], 0),
    (["a007", "a6"], 7), (["a00"], 0), (["ab1", "A5", "a1.5", "a-2", "a3"], 3),
    (["a99999999999999999999", "a100"], 99999999999999999999),
])
def test_the_compiled_scanner_finds_the_highest_generated_id(ids, highest) -> None:
    region = "".join(f'<annotation xml:id="{i}" target="#string-range(p1,0,1)" ana="#cat-x"/>'
                     for i in ids).encode()
    assert listing._scan(region, listing.LONGEST_RUN)[-1] == highest == highest_generated(ids)


# -- the argument in annotator.tei.listing, tested: what the rows read is valid ----------
def with_listing(region: bytes) -> bytes:
    """The annotated sample with ``region`` as its listing's content."""
    data = SAMPLE.read_bytes()
    start = data.index(b"<listAnnotation>") + len(b"<listAnnotation>")
    return data[:start] + region + data[data.index(b"</listAnnotation>"):]


# Any character at all (but lone surrogates, which UTF-8 cannot hold): the row grammar
# must refuse each one XML forbids, wherever it stands.
_ANY = st.one_of(st.characters(exclude_categories=("Cs",)), st.characters(max_codepoint=0x1F),
                 st.sampled_from(["\x7f", "\x85", "\u2028", "\ufffe", "\uffff", "]]>"]))
# Writer-like text with at most one such character in it: most rows are then read.
_SOME = st.tuples(st.text(_GOOD, max_size=3), st.one_of(st.just(""), _ANY),
                  st.text(_GOOD, max_size=3)).map("".join)
_ANY_NAME = st.tuples(st.sampled_from("aZ_"), st.text("aZ_.-09", max_size=3)).map("".join)


# Rows of the writer's form whose values and notes may hold any character.
_ROWS_OF_ANY_TEXT = rows_text(
    names=_ANY_NAME, offsets=st.integers(0, 999_999_999), lengths=st.integers(1, 999_999_999),
    values=_SOME, resps=_SOME.map("#".__add__),
    notes=st.tuples(_SOME, st.sampled_from(["", "]]>", "]]", ">"]), _SOME).map("".join))


@settings(max_examples=800, deadline=None)
@given(_ROWS_OF_ANY_TEXT,
       st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(_NOISE),
                          st.integers(0, 3)), max_size=1))
def test_rows_the_scanner_reads_are_well_formed_valid_and_read_as_the_parser_reads_them(
        text, mutations) -> None:
    # RELAX NG checks only the stand-in, so whatever the row grammar takes must parse,
    # be valid against the grammar used on opening, and mean what the columns say.
    for at, noise, drop in mutations:
        at %= len(text) + 1
        text = text[:at] + noise + text[at + drop:]
    region = text.encode("utf-8", "surrogatepass")
    rows = scanned_rows(region)
    event("refused" if rows is None else "read by the scanner")
    if rows is None:
        return
    data = with_listing(region)
    split = ListingSplit.find(data)
    assert split is not None and split.rows(etree.fromstring(split.without_listing)) is not None
    assert check_structure_async(data, "rows.xml", must_parse=True).result() == []
    # (Ids may repeat here: the reader refuses that, by its own check.)
    parser = etree.XMLParser(collect_ids=False)
    found = etree.fromstring(data, parser).findall(".//tei:listAnnotation/tei:annotation", NSMAP)
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    assert [a.get(xml_id) for a in found] == list(rows.id)
    assert [a.get("target") for a in found] == [
        f"#string-range({p},{o},{n}){more}" for p, o, n, more in
        zip(rows.paragraph, rows.offset, rows.length, rows.more_ranges, strict=True)]
    assert [a.get("ana") for a in found] == list(rows.ana)
    assert [a.get("resp", "") for a in found] == list(rows.resp)
    refs = [a.find("tei:ref", NSMAP) for a in found]
    assert [None if r is None else r.get("target") for r in refs] == [
        r[len('<ref target="'):-len('"/>')] if r else None for r in rows.ref]
    assert [a.findtext("tei:note", namespaces=NSMAP) for a in found] == [
        n[len("<note>"):-len("</note>")] if n else None for n in rows.note]


# -- lengths: libxml2 refuses a text over 10 MB; the scanner leaves anything long to it --
@pytest.mark.parametrize("where", ["note", "space"])
def test_a_text_longer_than_the_parser_allows_is_refused_as_the_parser_refuses_it(where):
    # Found in review: the rows' reader read a 10 MB note (or white space between two rows)
    # that libxml2 refuses, so the file opened, validated and then could not be saved.
    data = SAMPLE.read_bytes()
    huge = b"x" * 10_000_001 if where == "note" else b" " * 10_000_001
    if where == "note":
        bad = data.replace(b"<note>Der Wert", b"<note>" + huge + b"Der Wert", 1)
    else:
        bad = data.replace(b"</annotation>", b"</annotation>" + huge, 1)
    assert read_rows(bad) is None
    with pytest.raises(ReadError) as caught:
        parse_tei(bad, "bad.xml")
    assert "longer than 10 MB" in caught.value.message


def test_a_long_note_within_the_limits_is_read_by_the_parser() -> None:
    data = SAMPLE.read_bytes().replace(b"<note>Der Wert", b"<note>" + b"x" * 1_500_000
                                       + b" Der Wert", 1)
    assert read_rows(data) is None
    read = parse_tei(data, "long.xml")
    assert any(len(a.note) > 1_500_000 for a in read.annotations)
    assert state(read) == state(parse_tei(whole(data), "whole.xml"))


@pytest.mark.parametrize("run", [84, 86, 87, 88, 93, 94, 95, 96, 100])
def test_the_scanner_refuses_a_run_as_long_as_the_limit(monkeypatch, run: int) -> None:
    monkeypatch.setattr(listing, "LONGEST_RUN", 100)  # (the tags themselves are shorter)
    row = '<annotation xml:id="a1" target="#string-range(p1,0,3)" ana="#cat-x">'
    for region in (f"{row}<note>{'n' * run}</note></annotation>",
                   f"{row}</annotation>{' ' * run}{row.replace('a1', 'a2')}</annotation>"):
        data = region.encode()
        # From one "<" to the next: "note>" and the note, "/annotation>" and the spaces.
        too_long = max(map(len, data.split(b"<"))) >= 100
        expected = None if too_long else parsed_columns(data)
        assert scanned_columns(data) == expected
