"""Opening checks what ``annotator validate`` checks, in its faster way.

The reader validates against ``annotator.rng`` with a few attribute datatypes
relaxed (``validation.RELAXED_ON_OPEN``) and checks those values and every
Schematron rule itself (docs/performance.md). These tests hold it to that: any
file the full schemas refuse, opening refuses too, with a message and a line.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from annotator.errors import AnnotatorError, ValidationError
from annotator.model import AnnotatedDocument, Annotation, Annotator, Document
from annotator.resources import schema_path
from annotator.tei import validation
from annotator.tei.inline import InlineTeiWriter
from annotator.tei.reader import parse_tei
from annotator.tei.validation import RELAXED_ON_OPEN, validate_bytes
from annotator.tei.writer import TeiWriter

RNG = "{http://relaxng.org/ns/structure/1.0}"
EXAMPLES = int(os.environ.get("OPEN_CHECK_EXAMPLES", "300"))  # more for a long search


def document() -> AnnotatedDocument:
    """Two paragraphs; nested, crossing and cross-paragraph annotations; two people."""
    return AnnotatedDocument.create(
        Document.from_paragraphs(["Pete Hegseth met Boris Pistorius in Washington.",
                                  "Patriot systems for Ukraine."]),
        annotators=[Annotator("ann-a", "Ana"), Annotator("ann-b", "Bea")],
        annotations=[Annotation("a1", "actor", 0, 12, "ann-a"),
                     Annotation("a2", "actor", 5, 12, "ann-b"),
                     Annotation("a3", "weapon", 48, 55),
                     Annotation("a4", "commitment", 17, 32, "ann-a"),
                     Annotation("a5", "commitment", 36, 55, "ann-b")])


NATIVE = TeiWriter(document()).to_bytes().decode()
INLINE = InlineTeiWriter(document()).to_bytes().decode()


def refused_on_open(data: bytes) -> bool:
    try:
        parse_tei(data, "mutated.xml")
    except AnnotatorError as error:
        assert error.message.strip()
        return True
    return False


def test_the_fixtures_are_valid_and_open() -> None:
    for text in (NATIVE, INLINE):
        assert validate_bytes(text.encode()) == []
        assert parse_tei(text.encode()).snapshot() == document().snapshot()
    assert "#string-range(p1,36,11) #string-range(p2,0,7)" in NATIVE  # a5 crosses


# Every Schematron rule and every relaxed datatype, broken once (native form).
NATIVE_BREAKS = [
    # unique-ids
    ('xml:id="a2"', 'xml:id="a1"'),
    ('xml:id="a2"', 'xml:id="p1"'),
    ('xml:id="ann-b"', 'xml:id="ann-a"'),
    # ana-pointers, and the categoryPointer pattern
    ('ana="#cat-actor"', 'ana="#cat-unknown"'),
    ('ana="#cat-actor"', 'ana="cat-actor"'),
    ('ana="#cat-actor"', 'ana="#cat-actor #cat-weapon"'),
    ('ana="#cat-actor"', 'ana="#cat-"'),
    ('ana="#cat-actor"', 'ana="#actor"'),
    ('ana="#cat-actor"', 'ana=""'),
    ('ana="#cat-actor"', 'ana="#cat-act&#xA0;or"'),
    ('ana="#cat-actor"', 'ana="#cat-ac\u00f6tor"'),
    # resp-pointers, who-pointers, and the localPointer pattern
    ('resp="#ann-a"', 'resp="#ann-ghost"'),
    ('resp="#ann-a"', 'resp="ann-a"'),
    ('resp="#ann-a"', 'resp="#ann-a #ann-b"'),
    ('resp="#ann-a"', 'resp="#p1"'),
    ('resp="#ann-a"', 'resp=""'),
    ('resp="#ann-a"', 'resp="#1a"'),
    # string-ranges (one range and several), and the target pattern
    ("#string-range(p1,0,12)", "#string-range(p9,0,12)"),
    ("#string-range(p1,0,12)", "#string-range(p1,40,12)"),
    ("#string-range(p1,0,12)", "#string-range(p1,0,0)"),
    ("#string-range(p1,0,12)", "#string-range(p1,00,12)"),
    ("#string-range(p1,0,12)", "#string-range(p1,-1,12)"),
    ("#string-range(p1,0,12)", "#string-range(p1,0,1" + "2" * 5000 + ")"),
    ("#string-range(p1,0,12)", "#string-range(p1,\u0660,12)"),
    ("#string-range(p1,0,12)", "#string-range( p1,0,12)"),
    ("#string-range(p1,0,12)", "#string-range(p1,0,12) #string-range(p1,12,3)"),
    ("#string-range(p1,0,12)", "#string-range(a1,0,12)"),
    ("#string-range(p1,0,12)", "#string-range(p1,0,12)x"),
    ("#string-range(p1,0,12)", "string-range(p1,0,12)"),
    ("#string-range(p1,0,12)", "#string-range(p1,0,12)&#xA0;#string-range(p2,0,3)"),
    ("#string-range(p1,0,12)", "#string-range(p1,0,12)&#x85;#string-range(p2,0,3)"),
    ("#string-range(p1,0,12)", " "),
    ("#string-range(p1,36,11) #string-range(p2,0,7)",
     "#string-range(p1,36,11) #string-range(p9,0,7)"),
    ("#string-range(p1,36,11) #string-range(p2,0,7)",
     "#string-range(p1,36,11) #string-range(p2,0,70)"),
    ("#string-range(p1,36,11) #string-range(p2,0,7)",
     "#string-range(p1,36,11) #string-range(p1,36,11)"),
    ("#string-range(p1,36,11) #string-range(p2,0,7)", "#string-range(p1,36,11) p2"),
    ("#string-range(p1,36,11) #string-range(p2,0,7)",
     "#string-range(p1,36,11) #string-range(p1,20,3)"),
    # what no schema sees: ranges out of order across paragraphs
    ("#string-range(p1,36,11) #string-range(p2,0,7)",
     "#string-range(p2,0,7) #string-range(p1,30,10)"),
]


@pytest.mark.parametrize(("old", "new"), NATIVE_BREAKS)
def test_what_validation_refuses_opening_refuses(old: str, new: str) -> None:
    assert old in NATIVE
    data = NATIVE.replace(old, new, 1).encode()
    problems = validate_bytes(data, "bad.xml")
    if "#string-range(p2,0,7) #string-range(p1,30,10)" not in new:
        assert problems, "the full schemas must refuse this (else the case tests nothing)"
    with pytest.raises(AnnotatorError) as info:
        parse_tei(data, "bad.xml")
    assert all(p.line for p in getattr(info.value, "problems", [])) or info.value.line


def test_every_schematron_rule_has_its_check_on_open() -> None:
    # reader.SCHEMATRON_ON_OPEN is where opening checks each pattern of annotator.sch;
    # each method it names says which pattern it checks, and NATIVE_BREAKS (above) or
    # INLINE_BREAKS (below) breaks every one.
    import inspect

    from annotator.tei import reader

    schematron = etree.parse(str(schema_path("annotator.sch")))
    patterns = schematron.xpath("//sch:pattern/@id",
                                namespaces={"sch": "http://purl.oclc.org/dsdl/schematron"})
    assert sorted(patterns) == sorted(reader.SCHEMATRON_ON_OPEN)
    for pattern, methods in reader.SCHEMATRON_ON_OPEN.items():
        for name in methods:
            method = getattr(reader._Builder, name)
            assert pattern in inspect.getsource(method), (pattern, name)
    with open(__file__, encoding="utf-8") as this:
        breaks = this.read()
    for pattern in patterns:  # (each list of breaks names the pattern before its cases)
        assert re.search(rf"^    # ({pattern}|.*, {pattern})\b", breaks, re.M), pattern


def test_white_space_is_judged_as_validation_judges_it() -> None:
    # libxml2 matches an anyURI's pattern against the value as written, but splits a
    # list on white space and collapses a token first; opening does the same.
    padded = [('ana="#cat-actor"', 'ana=" #cat-actor"'), ('resp="#ann-a"', 'resp="#ann-a "'),
              ('ana="#cat-actor"', 'ana="#cat-actor&#9;"')]
    for old, new in padded:
        data = NATIVE.replace(old, new, 1).encode()
        assert validate_bytes(data)
        assert refused_on_open(data)
    data = NATIVE.replace("#string-range(p1,36,11) #string-range(p2,0,7)",
                          " #string-range(p1,36,11)   #string-range(p2,0,7) ", 1).encode()
    assert validate_bytes(data) == []
    assert parse_tei(data).annotations.get("a5").end == 55
    # annotator.sch splits ranges on spaces alone: a tab between two is refused
    data = NATIVE.replace("#string-range(p1,36,11) #string-range(p2,0,7)",
                          "#string-range(p1,36,11)  &#9;#string-range(p2,0,7)", 1).encode()
    assert validate_bytes(data)
    assert refused_on_open(data)
    data = NATIVE.replace("#string-range(p1,0,12)", "&#9;#string-range(p1,0,12)&#10;", 1)
    assert validate_bytes(data.encode()) == []
    assert parse_tei(data.encode()).snapshot() == document().snapshot()
    data = INLINE.replace('type="actor"', 'type=" actor "', 1).encode()
    assert validate_bytes(data) == []
    assert parse_tei(data).snapshot() == document().snapshot()


INLINE_BREAKS = [
    ('type="actor"', 'type="1actor"'),
    ('type="actor"', 'type="act or"'),
    ('ana="#cat-actor"', 'ana="#cat-none"'),
    ('ana="#cat-actor"', 'ana="#cat-actor x"'),
    ('resp="#ann-a"', 'resp="#ann-nobody"'),
    # inline-fragments
    ('next="#a5.2"', 'next="#a5.9"'),
    ('next="#a5.2"', 'next="a5.2"'),
    ('next="#a5.2"', 'next="#p1"'),
    ('next="#a5.2"', 'next="#a5.2 "'),
    # inline-fragments-back
    ('prev="#a5"', 'prev="#a1"'),
    ('prev="#a5"', 'prev="#a5 #a1"'),
    ('prev="#a5"', 'prev=" #a5"'),
]


# The patterns about values, entities and events, broken once each in the annotated
# sample (its standOff has them all).
SAMPLE_BREAKS = [
    # entity-links
    ('<ref target="#place-usa"/>', '<ref target="#place-nowhere"/>'),
    # event-pointers
    ('<ptr type="evidence" target="#a37"/>', '<ptr type="evidence" target="#a999"/>'),
    # feature-structures
    ('<fs xml:id="fs-a28" type="weapon">', '<fs xml:id="fs-a28" type="actor">'),
    # feature-values
    ('<f name="category"><symbol value="airDefence"/></f>',
     '<f name="category"><symbol value="laser"/></f>'),
    ('<f name="donor" fVal="#a14"/>', '<f name="donor" fVal="#nobody"/>'),
    # ana-pointers (an fs of another tag)
    ('ana="#cat-weapon #fs-a28"', 'ana="#cat-weapon #fs-a37"'),
]


@pytest.mark.parametrize(("old", "new"), SAMPLE_BREAKS)
def test_what_validation_refuses_in_values_and_events_opening_refuses(old: str, new: str
                                                                       ) -> None:
    from annotator.resources import example_path

    sample = example_path().read_text(encoding="utf-8")
    assert old in sample
    data = sample.replace(old, new, 1).encode()
    assert validate_bytes(data, "bad.xml"), "the full schemas must refuse this"
    with pytest.raises(ValidationError) as info:
        parse_tei(data, "bad.xml")
    assert all(p.line for p in info.value.problems)


@pytest.mark.parametrize(("old", "new"), INLINE_BREAKS)
def test_inline_files_too(old: str, new: str) -> None:
    if old not in INLINE:
        pytest.fail(f"{old!r} is not in the inline fixture:\n{INLINE}")
    data = INLINE.replace(old, new, 1).encode()
    assert validate_bytes(data), "the full schemas must refuse this"
    assert refused_on_open(data)


def test_a_continued_fragment_with_another_tag_is_refused() -> None:
    match = re.search(r'<(rs|seg)[^>]*xml:id="a5.2"[^>]*ana="(#cat-\w+)"', INLINE)
    assert match is not None
    data = INLINE.replace(match.group(0), match.group(0).replace(match.group(2),
                                                                 "#cat-actor"), 1).encode()
    assert validate_bytes(data)
    assert refused_on_open(data)


# Values for the relaxed attributes: valid ones, near misses, white space, other scripts.
TRICKY = st.sampled_from([
    "#cat-actor", "#cat-weapon", " #cat-actor", "#cat-actor\t", "#cat-", "#cat-9", "cat-actor",
    "#ann-a", "#ann-b", "#ann-a ", "#ann-z", "#p1", "#a1", "#", "", " ", "#ann-\u00e4",
    "#string-range(p1,0,5)", "#string-range(p2,0,8)", "#string-range(p1,0,48)",
    "#string-range(p1,47,1)", "#string-range(p1,0,0)", "#string-range(p1,01,2)",
    "#string-range(p1,0,5) #string-range(p1,5,2)", "#string-range(p1,36,11) #string-range(p2,0,7)",
    "#string-range(p1,\u0661,2)", "#string-range(p3,0,1)", "#string-range(p1,0,5)\n",
    "#a5.2", "#a5", "actor", "a-b", "x y", "#cat-actor\n", "\t#ann-a",
    "#string-range(p1,0,5)\t#string-range(p2,0,1)",
    "#string-range(p1,36,11)\n#string-range(p2,0,7)",
    "\t#string-range(p1,0,5)", "#string-range(p2,0,7) #string-range(p1,36,11)",
    "#string-range(p1,36,11) #string-range(p2,0,7) #string-range(p2,7,1)",
])
ATTRIBUTE = re.compile(r'\b(target|ana|resp|type|prev|next)="[^"]*"')


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sampled_from(["native", "inline"]), st.lists(
    st.tuples(st.integers(0, 200), TRICKY), min_size=1, max_size=3))
def test_any_refusal_of_validation_is_a_refusal_on_open(form: str, changes: list) -> None:
    text = NATIVE if form == "native" else INLINE
    places = list(ATTRIBUTE.finditer(text))
    for n, value in changes:
        place = places[n % len(places)]
        escaped = value.replace("\t", "&#9;").replace("\n", "&#10;")
        text = text[:place.start()] + f'{place.group(1)}="{escaped}"' + text[place.end():]
        places = list(ATTRIBUTE.finditer(text))
    data = text.encode()
    if validate_bytes(data):
        assert refused_on_open(data)


def test_the_relaxed_grammar_differs_only_in_the_relaxed_attributes() -> None:
    def attributes(root: etree._Element) -> list[tuple[str, str, bytes, list[str]]]:
        return [(next(a.iterancestors(f"{RNG}define")).get("name"), a.get("name"),
                 etree.tostring(a), [c.tag for c in a])
                for a in root.iter(f"{RNG}attribute") if next(a.iterancestors(
                    f"{RNG}define"), None) is not None]

    full = etree.parse(str(schema_path(validation.RNG_NAME))).getroot()
    relaxed = validation._relaxed(etree.parse(str(schema_path(validation.RNG_NAME)))).getroot()
    # ids are NCNames there (uniqueness is the reader's): the one other change
    for data in full.iter(f"{RNG}data"):
        if data.get("type") == "ID":
            data.set("type", "NCName")
    changed = set()
    for before, after in zip(attributes(full), attributes(relaxed), strict=True):
        if before[2] != after[2]:
            changed.add(before[:2])
            assert after[3] == [f"{RNG}text"]
    assert changed == {(d, n) for d, names in RELAXED_ON_OPEN.items() for n in names}

    # and nothing else changed: the same elements, in the same order, outside them
    def outside(root: etree._Element) -> list[tuple[str, dict[str, str]]]:
        def relaxed_attribute(e: etree._Element) -> bool:
            define = next(e.iterancestors(f"{RNG}define"), None)
            return (e.tag == f"{RNG}attribute" and define is not None and e.get("name")
                    in RELAXED_ON_OPEN.get(define.get("name"), ()))
        return [(e.tag, dict(e.attrib)) for e in root.iter()
                if not any(relaxed_attribute(a) for a in e.iterancestors())]

    assert outside(full) == outside(relaxed)


def test_a_structure_error_is_reported_not_a_crash() -> None:
    # No @target at all: RELAX NG (in the worker thread) says so; the builder must
    # not turn it into some other exception.
    data = NATIVE.replace(' target="#string-range(p1,0,12)"', "", 1).encode()
    with pytest.raises(ValidationError) as info:
        parse_tei(data, "bad.xml")
    assert info.value.problems and all(p.line for p in info.value.problems)
    data = NATIVE.replace("<listAnnotation>", "<listAnnotation><p/>", 1).encode()
    with pytest.raises(ValidationError):
        parse_tei(data, "bad.xml")


DUPLICATE_IDS = [
    (NATIVE, 'xml:id="a2"', 'xml:id="a1"'),
    (NATIVE, 'xml:id="a2"', 'xml:id="p1"'),
    (NATIVE, 'xml:id="p2"', 'xml:id="p1"'),
    (NATIVE, 'xml:id="ann-b"', 'xml:id="ann-a"'),
    (NATIVE, 'xml:id="ann-b"', 'xml:id="a3"'),
    (NATIVE, 'xml:id="ann-b"', 'xml:id="p2"'),
    (NATIVE, 'xml:id="cat-weapon"', 'xml:id="cat-actor"'),
    (INLINE, 'xml:id="a3"', 'xml:id="a1"'),
    (INLINE, 'xml:id="a3"', 'xml:id="p1"'),
    (INLINE, 'xml:id="a3"', 'xml:id="ann-a"'),
]


@pytest.mark.parametrize(("text", "old", "new"), DUPLICATE_IDS)
def test_ids_are_unique_without_the_parsers_id_table(monkeypatch, text, old, new) -> None:
    """The reader asks the parser for no table of ids (when it can) and checks
    uniqueness itself: every duplicate is refused with its line either way."""
    from annotator.tei import parsing, reader

    def parse_without_ids(data: bytes, path: str | None = None, collect_ids: bool = True):
        assert collect_ids is False
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 collect_ids=False)
        return etree.fromstring(data, parser).getroottree(), []

    data = text.replace(old, new, 1).encode()
    assert validate_bytes(data)
    with pytest.raises(AnnotatorError):  # with the parser's table
        parsing.parse_xml(data) and parse_tei(data, "dup.xml")
    monkeypatch.setattr(reader, "parse_xml", parse_without_ids)
    monkeypatch.setattr(reader, "_PARSER_CAN_SKIP_IDS", True)
    with pytest.raises(AnnotatorError) as info:
        parse_tei(data, "dup.xml")
    assert (info.value.line or 0) > 1
    # (renaming a person or a category also breaks the pointers to it: reported first)
    if not old.startswith(('xml:id="ann', 'xml:id="cat')) and 'xml:id="p1"' != new:
        assert "used" in str(info.value)



def _refusal(data: bytes) -> list[str]:
    with pytest.raises(AnnotatorError) as info:
        parse_tei(data, "bad.xml")
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(("old", "new"), [
    *NATIVE_BREAKS[:6], (' target="#string-range(p1,0,12)"', ""),
    ('xml:id="p2"', 'xml:id="p1"')])
def test_a_large_file_checked_after_the_build_is_refused_alike(monkeypatch, old, new) -> None:
    # From reader._CHECK_AFTER_FROM bytes on (32 MB), RELAX NG parses its copy once the
    # reader's tree is freed, not beside it (a lower peak of memory): the same refusal.
    from annotator.tei import reader

    data = NATIVE.replace(old, new, 1).encode()
    side_by_side = _refusal(data)
    after: list[bytes] = []

    def checked_after(data: bytes, path: str | None = None) -> list:
        after.append(data)
        return reader_check(data, path)

    reader_check = reader.check_structure
    monkeypatch.setattr(reader, "_CHECK_AFTER_FROM", 0)
    monkeypatch.setattr(reader, "ListingSplit", type("NoSplit", (), {"find": staticmethod(
        lambda _data: None)}))  # the whole file read as a tree, as without the row scanner
    monkeypatch.setattr(reader, "check_structure", checked_after)
    assert _refusal(data) == side_by_side
    assert after == [data]


def test_a_large_valid_file_checked_after_the_build_opens(monkeypatch) -> None:
    from annotator.tei import reader

    expected = parse_tei(NATIVE.encode(), "good.xml")
    monkeypatch.setattr(reader, "_CHECK_AFTER_FROM", 0)
    monkeypatch.setattr(reader, "ListingSplit", type("NoSplit", (), {"find": staticmethod(
        lambda _data: None)}))
    opened = parse_tei(NATIVE.encode(), "good.xml")
    assert opened.document.text == expected.document.text
    assert list(opened.annotations) == list(expected.annotations)
