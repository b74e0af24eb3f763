"""Files that must be refused, each with a clear message and a line number."""

from __future__ import annotations

import time

import pytest
import reference

from annotator.errors import ReadError, ValidationError
from annotator.model import AnnotatedDocument, Annotation, Annotator, Document, default_tagset
from annotator.tei.reader import parse_tei
from annotator.tei.validation import validate_bytes
from annotator.tei.writer import TeiWriter


def valid_file() -> str:
    doc = AnnotatedDocument.create(
        Document.from_paragraphs(["Pete Hegseth met Pistorius.", "Patriot systems."]),
        annotators=[Annotator("ann-a", "Ana")],
        annotations=[Annotation("a1", "actor", 0, 12, "ann-a"),
                     Annotation("a2", "weapon", 28, 35)])
    return TeiWriter(doc).to_bytes().decode()


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def broken(old: str, new: str) -> tuple[bytes, int]:
    text = valid_file()
    assert old in text
    text = text.replace(old, new, 1)
    return text.encode(), line_of(text, new)


@pytest.mark.parametrize(("old", "new", "words"), [
    ('ana="#cat-actor"', 'ana="#cat-unknown"', "category"),
    ('resp="#ann-a"', 'resp="#ann-ghost"', "respStmt"),
    ("#string-range(p1,0,12)", "#string-range(p9,0,12)", "not a paragraph"),
    ("#string-range(p1,0,12)", "#string-range(p1,20,12)", "past the end"),
    ('xml:id="a2"', 'xml:id="a1"', "id"),
])
def test_invalid_references_are_reported_with_lines(old: str, new: str, words: str) -> None:
    data, line = broken(old, new)
    problems = validate_bytes(data, "bad.xml")
    assert problems, "must not validate"
    assert any(p.line == line and p.path == "bad.xml" for p in problems), problems
    with pytest.raises(ValidationError) as info:
        parse_tei(data, "bad.xml")
    assert any(words in p.message for p in info.value.problems), info.value.problems


def test_all_problems_are_reported_at_once() -> None:
    text = valid_file().replace('ana="#cat-actor"', 'ana="#cat-x"').replace(
        '"#cat-weapon"', '"#cat-y"')
    with pytest.raises(ValidationError) as info:
        parse_tei(text.encode(), "bad.xml")
    assert len({p.line for p in info.value.problems}) >= 2


def test_ranges_apart_are_a_discontinuous_annotation_and_out_of_order_are_refused() -> None:
    data, _ = broken("#string-range(p1,0,12)", "#string-range(p1,0,12) #string-range(p2,3,2)")
    ann = next(a for a in parse_tei(data, "split.xml").annotations if a.start == 0)
    assert len(ann.ranges) == 2 and ann.ranges[1][1] - ann.ranges[1][0] == 2
    data, line = broken("#string-range(p1,0,12)", "#string-range(p2,3,2) #string-range(p1,0,12)")
    with pytest.raises(ValidationError) as info:
        parse_tei(data, "bad.xml")
    assert info.value.problems[0].line == line
    assert "text order" in info.value.problems[0].message


def test_not_tei() -> None:
    with pytest.raises(ReadError, match="not a TEI document"):
        parse_tei(b"<html/>", "page.html")
    with pytest.raises(ReadError, match="not a TEI document"):
        parse_tei(b"<TEI><teiHeader/></TEI>", "nons.xml")
    assert "not a TEI document" in validate_bytes(b"<html/>")[0].message


def test_not_well_formed_has_line() -> None:
    data = b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<p>\n</TEI>\n'
    with pytest.raises(ReadError) as info:
        parse_tei(data, "broken.xml")
    assert info.value.line == 4 and "well-formed" in info.value.message
    assert validate_bytes(data, "broken.xml")[0].line == 4


def test_empty_file() -> None:
    with pytest.raises(ReadError, match="empty"):
        parse_tei(b"", "empty.xml")
    assert validate_bytes(b"  \n")[0].message == "the file is empty"


def test_external_entity_is_never_resolved() -> None:
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p xml:id="p1">&xxe;</p>'
            b'</body></text></TEI>')
    with pytest.raises(ReadError) as info:
        parse_tei(data, "xxe.xml")
    assert "root:" not in str(info.value) and "DOCTYPE" in str(info.value)
    assert all("root:" not in p.message for p in validate_bytes(data))


def test_billion_laughs_is_refused_quickly() -> None:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)]
    data = ('<?xml version="1.0"?>\n<!DOCTYPE TEI [' + "".join(entities) + ']>\n'
            '<TEI xmlns="http://www.tei-c.org/ns/1.0" n="&lol9;">&lol9;</TEI>').encode()
    began = time.monotonic()
    with pytest.raises(ReadError):
        parse_tei(data, "lol.xml")
    assert validate_bytes(data)
    assert time.monotonic() - began < 2


def test_foreign_tei_example_gives_a_clean_error() -> None:
    for name in ("patriot-standoff.xml", "patriot-inline.xml"):
        data = reference.read_bytes("examples", name)
        with pytest.raises(ValidationError) as info:
            parse_tei(data, name)
        assert all(p.line for p in info.value.problems)


def test_the_schematron_report_kept_holds_what_failed_only() -> None:
    """The SVRL report names what failed, not every element a rule looked at (one
    ``fired-rule`` per paragraph, as large as the tree, kept until the next check)."""
    from annotator.tei.validation import schematron

    doc = AnnotatedDocument.create(Document.from_paragraphs(["Wort"] * 2000), default_tagset())
    data = TeiWriter(doc).to_bytes(validate=True)
    report = schematron().validation_report.getroot()
    assert len(report) < 50 and not report.xpath(
        "//svrl:fired-rule", namespaces={"svrl": "http://purl.oclc.org/dsdl/svrl"})
    # (And what fails is still reported, with its line.)
    problems = validate_bytes(data.replace(b'xml:id="p2"', b'xml:id="p1"'))
    assert any("is used 2 times" in p.message and p.line for p in problems), problems
