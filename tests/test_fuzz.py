"""Fuzzing the readers: mutated TEI and text files either load or get the app's own error.

Hypothesis takes valid inputs built by the app itself (a native TEI file of the
sample article with nested, crossing and cross-paragraph annotations; its
inline-TEI export; the article as a TEI document Annotator did not write, with
the same annotations saved into it, whose pointers ``annotator.tei.source``
reads back; a plain-text file full of awkward characters) and mutates
them: byte flips, truncation, deleted and duplicated ranges, inserted markup
(elements, attributes, entity references, DOCTYPEs, CDATA, PIs, comments,
duplicate ids, string-range pointers with out-of-range, negative, huge and
non-ASCII numbers, unknown categories), rewritten attribute values, pointers
and text, and other encodings and line endings.

The property: ``open_document`` on the mutated bytes either returns a document
that passes the model's own checks, or raises an ``AnnotatorError`` with a
message; never another exception, never a hang. Whatever loads can be saved
and opened again, with the same text and the same annotations (a document
Annotator did not write is saved into, which may also be refused with a message).

``make fuzz`` runs the same tests with the "long" Hypothesis profile (50 times
as many examples); ``FUZZ_EXAMPLES=N`` sets the number per test directly. The
figures of a long run are in docs/reliability.md.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import re
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from annotator.errors import AnnotatorError
from annotator.files import open_document, save_document
from annotator.model import AnnotatedDocument, edits
from annotator.model.document import forbidden_xml_char, is_ncname
from annotator.session import DocumentSession
from annotator.tei import TEI_NS
from annotator.tei.inline import InlineTeiWriter
from annotator.tei.source import TeiSource
from annotator.tei.splice import splice
from annotator.tei.validation import validate_bytes
from annotator.tei.writer import TeiWriter

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "resources" / "samples" / "patriot-de.txt"
# A sanity bound per example (they take milliseconds): a reader that hangs fails here
# or, if it never returns, by the pytest timeout.
PER_EXAMPLE_S = 10.0


def outcome(label: str) -> None:
    """Count outcomes in Hypothesis' statistics (``--hypothesis-show-statistics``)."""
    with contextlib.suppress(InvalidArgument):  # outside @given there is nothing to count
        event(label)


def examples(ci: int) -> int:
    """``ci`` examples per test by default; 50 times as many in the "long" profile."""
    if os.environ.get("FUZZ_EXAMPLES"):
        return int(os.environ["FUZZ_EXAMPLES"])
    return max(ci, ci * settings.default.max_examples // 100)


def fuzz(ci: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Hypothesis settings for ``examples(ci)`` examples, and a pytest timeout to match
    (the 120 s default is for the default profile; a hang still ends the run)."""
    count = examples(ci)

    def decorate(test: Callable[..., None]) -> Callable[..., None]:
        test = settings(max_examples=count, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                               HealthCheck.filter_too_much])(test)
        return pytest.mark.timeout(max(120, count // 10))(test)

    return decorate


# -- the valid inputs ---------------------------------------------------------------------

TRICKY = ("Zoë 𝔘𝔫𝔦 😀 👩\u200d👩\u200d👧 ❤\ufe0f שלום \u202eevil\u202c A\u0301\u0302 "
          "zw\ufeffnbsp \u00a0 tab\tNEL\u0085 LS\u2028")


@functools.cache
def annotated_sample() -> AnnotatedDocument:
    """The sample article with annotations that exercise every writer path."""
    from annotator.files import open_document as open_text

    doc = open_text(SAMPLE_TXT).document
    text = doc.document.text
    who = doc.annotator_for("Ana Lyst").id
    other = doc.annotator_for("Bo Zweiter").id

    def at(phrase: str, nth: int = 0) -> int:
        found = -1
        for _ in range(nth + 1):
            found = text.index(phrase, found + 1)
        return found

    pete, weapon = at("Pete Hegseth"), at("US-Patriot-Raketensystemen")
    edits.add(doc.annotations, [
        (pete, pete + 12, "actor"),
        (weapon, weapon + 26, "weapon"),
        (pete, at("Ehrenkordon"), "commitment"),  # encloses the actor
        (pete + 5, pete + 20, "weapon"),  # crosses the actor: fragments inline
        (at("Das Treffen fand"), at("weitergeben.") + 11, "commitment"),  # two paragraphs
        (at("Donald Trump"), at("Donald Trump") + 12, "actor"),
    ], who).apply(doc.annotations)
    norway = at("Norwegen")
    edits.add(doc.annotations, [(norway, norway + 8, "actor")], other).apply(doc.annotations)
    doc.record_revision(who, "Annotations saved")
    return doc


def foreign_sample() -> bytes:
    """The sample article as a TEI document Annotator did not write (a heading, a
    division, names, a line break, a note, a page break, a choice, ids of its own),
    with the sample's annotations saved into it: what ``annotator.tei.source`` reads
    back (its ``string-range`` pointers, the text each was made on, the registry)."""
    paragraphs = [escape(line) for line in SAMPLE_TXT.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    paragraphs[1] = paragraphs[1].replace("Pete Hegseth", "Pete <persName>Hegseth</persName>"
                                          ).replace(" hat am", " hat<lb/>am", 1)
    paragraphs[2] = paragraphs[2].replace("Donald Trump", "<hi rend=\"i\">Donald</hi> Trump"
                                          ) + '<note n="1">Eine <hi>Anmerkung</hi>.</note>'
    paragraphs[3] = paragraphs[3].replace("Trump", "<choice><sic>Trmp</sic><corr>Trump</corr>"
                                          "</choice>", 1)
    body = "\n        ".join(
        [f"<head>{paragraphs[0]}</head>"]
        + [f'<p xml:id="par{n}">{p}</p>' if n % 3 == 0 else f"<p>{p}</p>"
           for n, p in enumerate(paragraphs[1:], 1)])
    body = body.replace("<p>", '<pb n="2"/>\n        <p>', 1)
    data = (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}">\n'
            "  <teiHeader>\n    <fileDesc>\n      <titleStmt><title>Patriot</title></titleStmt>\n"
            "      <publicationStmt><p>Fuzzing</p></publicationStmt>\n"
            "      <sourceDesc><p>The sample article</p></sourceDesc>\n    </fileDesc>\n"
            "  </teiHeader>\n  <text>\n    <body>\n      <div>\n        "
            f"{body}\n      </div>\n    </body>\n  </text>\n</TEI>\n").encode()
    source = TeiSource.from_bytes(data, "foreign.xml")
    doc = AnnotatedDocument.create(source.document)
    copy_annotations(annotated_sample(), doc)
    return splice(source, doc).data


def copy_annotations(sample: AnnotatedDocument, doc: AnnotatedDocument) -> None:
    """``sample``'s annotations on the same words of ``doc`` (another reading text)."""
    text = doc.document.text
    for ann in sample.annotations:
        words = sample.annotations.text_of(ann).replace("\n", " ")
        head, tail = words.split()[0], words.split()[-1]
        start = text.index(head, max(0, ann.start - 50))  # (the texts differ a little)
        end = text.index(tail, start) + len(tail)
        who = doc.annotator_for(sample.annotators[ann.resp].name).id
        edits.add(doc.annotations, [(start, end, ann.tag)], who).apply(doc.annotations)
    doc.record_revision(doc.annotator_for("Ana Lyst").id, "Annotations saved")


@functools.cache
def seeds() -> dict[str, bytes]:
    doc = annotated_sample()
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    return {
        "native": TeiWriter(doc).to_bytes(validate=True),
        "inline": InlineTeiWriter(doc).to_bytes(validate=True),
        "foreign": foreign_sample(),
        "text": (text.replace("\n", f" {TRICKY}\n", 2) + "\n").encode("utf-8"),
    }


# -- the mutations --------------------------------------------------------------------------

MARKUP = [
    b"<!DOCTYPE TEI>", b'<!DOCTYPE TEI [<!ENTITY e "x">]>', b'<!DOCTYPE TEI SYSTEM "x.dtd">',
    b'<!ENTITY e SYSTEM "file:///etc/passwd">', b"&e;", b"&amp;", b"&lt;", b"&apos;",
    b"&#0;", b"&#1;", b"&#xD800;", b"&#xFFFE;", b"&#x10FFFF;", b"&#x1F600;", b"&#65;",
    b"<![CDATA[ <p> & ]]>", b"]]>", b"<!-- -->", b"<!--", b"-->", b"<?pi x?>",
    b'<?xml-stylesheet type="text/xsl" href="evil.xsl"?>', b'<?xml version="1.0"?>',
    b"</p>", b'<p xml:id="p1">', b'<p xml:id="p99">x</p>', b'xml:id="a1"', b'xml:id="p2"',
    b' xml:id="cat-actor"', b' next="#a1"', b' prev="#a4"', b' next="#a4.2"', b' prev="#nope"',
    b' ana="#cat-nope"', b' ana="#cat-weapon"', b' resp="#ann-ghost"', b' type="actor"',
    b'<rs xml:id="z1" type="actor" ana="#cat-actor">', b"</rs>", b"</seg>",
    b'<seg xml:id="z2" ana="#cat-commitment">x</seg>',
    b'<annotation xml:id="z3" target="#string-range(p2,0,3)" ana="#cat-actor"/>',
    b'<annotation xml:id="a1" target="#string-range(p1,0,1)" ana="#cat-actor"/>',
    b'<category xml:id="cat-new" n="1"><catDesc><term>x</term> <ident type="colour">#12345'
    b"6</ident> <gi>rs</gi></catDesc></category>",
    b'<respStmt xml:id="ann-x"><resp>Annotation</resp><name>X</name></respStmt>',
    b'<change when="2020-01-01T00:00:00Z" who="#ann-ghost">x</change>',
    b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>',
    b'<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"/>',
    b' xmlns="urn:other"', b' xmlns:q="urn:a\'b"', b" xmlns:tei='http://www.tei-c.org/ns/1.0'",
    b' xml:lang="de"', b' xml:space="preserve"', b"<standOff>", b"</standOff>", b"<body>",
    b"\r", b"\r\n", b"\t", b"\x00", b"\x0b", b"\x1b", b"\x7f", b"\xc2\x85", b"\xe2\x80\xa8",
    b"\xef\xbb\xbf", b"\xef\xbf\xbe", b"\xed\xa0\x80", b"\xff", b"\xc3", b"\xf0\x9f\x98\x80",
    "👩\u200d👩\u200d👧".encode(), "e\u0301".encode(), "\u202e".encode(),
]
NUMBERS = st.one_of(
    st.integers(-3, 400).map(str), st.integers(0, 10**40).map(str),
    st.sampled_from(["", "-0", "00", "01", "1e3", "1.5", " 1", "٣", "０", "0x10", "9" * 5000,
                     "1" + "0" * 5000, "99999999999999999999"]))
IDS = st.sampled_from(["p1", "p2", "p3", "p4", "p8", "p9", "p0", "a1", "a4", "a4.2", "cat-actor",
                       "ann-ana-lyst", "", "P1", "p1 ", "1p", "p-ü",
                       # the foreign seed's blocks: ids it had, ids Annotator gave
                       "par3", "par6", "ann-b3", "ann-b4", "ann-b5", "ann-b99", "tagset"])


@st.composite
def string_ranges(draw: st.DrawFn) -> bytes:
    count = draw(st.integers(1, 3))
    ranges = [f"#string-range({draw(IDS)},{draw(NUMBERS)},{draw(NUMBERS)})"
              for _ in range(count)]
    return draw(st.sampled_from([" ", "  ", "\t", "\n"])).join(ranges).encode()


ATTRIBUTE_VALUES = st.one_of(
    string_ranges(),
    IDS.map(lambda i: f"#{i}".encode()),
    st.sampled_from([b"#cat-actor", b"#cat-nope", b"#cat-", b"#", b"", b" ", b"#ann-ghost",
                     b"#ann-ana-lyst #ann-bo-zweiter", b"&amp;", b"&lt;", b"<", b"&", b"x" * 300,
                     b"#string-range(p1,0,5)#string-range(p2,0,1)", b"rs", b"seg", b"colour",
                     b"#ffffff", b"red", b"2020-13-45T99:99:99Z", b"\xff", b"&#0;"]),
    st.text(max_size=10).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
FRAGMENTS = st.one_of(
    st.sampled_from(MARKUP), string_ranges(),
    st.builds(lambda n, v: b" " + n + b'="' + v + b'"',
              st.sampled_from([b"xml:id", b"ana", b"target", b"resp", b"next", b"prev", b"n",
                               b"type", b"xml:lang", b"who", b"when", b"ident", b"version"]),
              ATTRIBUTE_VALUES),
    st.text(max_size=12).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=6),
)
TEXTS = st.one_of(st.text(max_size=30), st.sampled_from(["", " ", TRICKY, "a" * 200]))
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "utf-8-sig",
             "ascii"]

Mutation = Callable[[st.DrawFn, bytes], bytes]


def _at(draw: st.DrawFn, data: bytes) -> int:
    return draw(st.integers(0, len(data)))


def flip(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    i = draw(st.integers(0, len(data) - 1))
    return data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1:]


def truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[:_at(draw, data)]


def delete(draw: st.DrawFn, data: bytes) -> bytes:
    i = _at(draw, data)
    return data[:i] + data[i + draw(st.integers(1, 300)):]


def duplicate(draw: st.DrawFn, data: bytes) -> bytes:
    i = _at(draw, data)
    piece = data[i:i + draw(st.integers(1, 300))]
    j = _at(draw, data)
    return data[:j] + piece + data[j:]


def insert(draw: st.DrawFn, data: bytes) -> bytes:
    i = _at(draw, data)
    return data[:i] + draw(FRAGMENTS) + data[i:]


def insert_at_markup(draw: st.DrawFn, data: bytes) -> bytes:
    """Insert where markup can go (after a '>' or before a space in a tag): more often
    well-formed, so the schema and the model builder get to see it."""
    places = [m.end() for m in re.finditer(rb">|(?<=\")(?= )", data)]
    if not places:
        return insert(draw, data)
    i = draw(st.sampled_from(places))
    return data[:i] + draw(FRAGMENTS) + data[i:]


_ATTRIBUTE = re.compile(rb'([\w:.-]+)="([^"<]*)"')
_TEXT = re.compile(rb">([^<>]+)<")


def replace_attribute(draw: st.DrawFn, data: bytes) -> bytes:
    found = list(_ATTRIBUTE.finditer(data))
    if not found:
        return insert(draw, data)
    match = draw(st.sampled_from(found))
    return data[:match.start(2)] + draw(ATTRIBUTE_VALUES) + data[match.end(2):]


def replace_text(draw: st.DrawFn, data: bytes) -> bytes:
    found = list(_TEXT.finditer(data))
    if not found:
        return insert(draw, data)
    match = draw(st.sampled_from(found))
    text = draw(TEXTS).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        text = text.replace(b"&", b"&amp;").replace(b"<", b"&lt;")
    return data[:match.start(1)] + text + data[match.end(1):]


_POINTER = re.compile(rb"#string-range\([^)\"]*\)")
_ID = re.compile(rb'xml:id="([^"]+)"')


def replace_pointer(draw: st.DrawFn, data: bytes) -> bytes:
    """Rewrite one ``string-range`` pointer: often naming an element the file has (so
    that the numbers are what is read), with any of ``NUMBERS``."""
    found = list(_POINTER.finditer(data))
    if not found:
        return replace_attribute(draw, data)
    match = draw(st.sampled_from(found))
    ids = _ID.findall(data)
    anchor = draw(st.sampled_from(ids)) if ids and draw(st.booleans()) else draw(IDS).encode()
    pointer = b"#string-range(%s,%s,%s)" % (anchor, draw(NUMBERS).encode(), draw(NUMBERS).encode())
    return data[:match.start()] + pointer + data[match.end():]


def reencode(draw: st.DrawFn, data: bytes) -> bytes:
    codec = draw(st.sampled_from(ENCODINGS))
    text = data.decode("utf-8", errors="replace")
    if draw(st.booleans()):  # say so in the XML declaration (or not, or wrongly)
        name = draw(st.sampled_from([codec, "UTF-8", "ISO-8859-1", "EBCDIC-US", "nonsense"]))
        text = text.replace('encoding="UTF-8"', f'encoding="{name}"', 1)
    return text.encode(codec, errors="replace")


def line_endings(draw: st.DrawFn, data: bytes) -> bytes:
    return data.replace(b"\n", draw(st.sampled_from([b"\r\n", b"\r", b"\n\n", b"\n\r"])))


BYTES_OPS: list[Mutation] = [flip, truncate, delete, duplicate, insert, insert_at_markup]
MARKUP_OPS: list[Mutation] = [insert_at_markup, replace_attribute, replace_attribute,
                              replace_text, replace_pointer]
WHOLE_OPS: list[Mutation] = [reencode, line_endings]


@st.composite
def mutated(draw: st.DrawFn, seed: str, ops: list[Mutation]) -> bytes:
    data = seeds()[seed]
    for _ in range(draw(st.integers(1, 4))):
        data = draw(st.sampled_from(ops))(draw, data)
    return data


# -- the property ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def annotations_of(doc: AnnotatedDocument) -> list[tuple[str, str, int, int, str]]:
    return sorted((a.id, a.tag, a.start, a.end, a.resp) for a in doc.annotations)


def assert_model_is_sound(doc: AnnotatedDocument) -> None:
    """What the model promises about any document it holds."""
    text = doc.document.text
    assert forbidden_xml_char(text) is None
    previous_end = 0
    ids = set()
    for paragraph in doc.document.paragraphs:
        assert previous_end <= paragraph.start <= paragraph.end <= len(text)
        assert is_ncname(paragraph.id) and paragraph.id not in ids
        ids.add(paragraph.id)
        previous_end = paragraph.end
    for annotation in doc.annotations:
        doc.annotations.check(annotation)  # id, tag in the tagset, range in paragraph text
        assert annotation.id not in ids
        ids.add(annotation.id)
        assert annotation.resp == "" or annotation.resp in doc.annotators


def open_or_refuse(data: bytes, folder: Path, name: str) -> DocumentSession | None:
    """The property: the document (checked), or None after a proper ``AnnotatorError``."""
    path = folder / name
    path.write_bytes(data)
    began = time.process_time()  # processor time: a busy machine only stretches the clock
    try:
        opened = open_document(path)
    except AnnotatorError as error:
        outcome(f"refused: {type(error).__name__}")
        assert error.message.strip(), "an error without a message"
        assert all(problem.message.strip() for problem in error.problems)
        assert str(error).startswith(str(path))
        return None
    finally:
        elapsed = time.process_time() - began
        assert elapsed < PER_EXAMPLE_S, f"opening took {elapsed:.1f} s"
    outcome("opened: text" if not opened.tei_path else
            "opened: TEI Annotator did not write" if opened.origin else "opened: TEI")
    assert_model_is_sound(opened.document)
    assert all(problem.message.strip() for problem in opened.warnings)
    return opened


def assert_round_trip(opened: DocumentSession, folder: Path) -> None:
    """Whatever loads can be saved, and opens again the same. A TEI document Annotator
    did not write is saved into (spliced), which may be refused with a message (an
    encoding it cannot write back, markup it cannot place byte for byte)."""
    doc = opened.document
    before = annotations_of(doc)
    tags = list(doc.tagset)
    again = folder / "again.xml"
    try:
        save_document(doc, again, "Fuzzer", origin=opened.origin)
    except AnnotatorError as refusal:
        assert opened.origin is not None, refusal  # Annotator's own format always saves
        assert refusal.message.strip()
        outcome(f"save refused: {type(refusal).__name__}")
        return
    reopened = open_document(again).document
    assert reopened.document.text == doc.document.text
    assert [p.id for p in reopened.document.paragraphs] == [
        p.id for p in doc.document.paragraphs]
    assert annotations_of(reopened) == before
    assert list(reopened.tagset) == tags


def check(data: bytes, folder: Path, name: str) -> None:
    opened = open_or_refuse(data, folder, name)
    if name.endswith(".xml"):
        problems = validate_bytes(data, name)  # documented never to raise
        assert all(p.message.strip() for p in problems)
    if opened is not None:
        assert_round_trip(opened, folder)


@fuzz(ci=1000)
@given(data=mutated("native", BYTES_OPS + MARKUP_OPS))
def test_mutated_native_tei(folder: Path, data: bytes) -> None:
    check(data, folder, "native.xml")


@fuzz(ci=700)
@given(data=mutated("inline", BYTES_OPS + MARKUP_OPS))
def test_mutated_inline_tei(folder: Path, data: bytes) -> None:
    check(data, folder, "inline.xml")


@fuzz(ci=700)
@given(data=mutated("foreign", BYTES_OPS + MARKUP_OPS))
def test_mutated_tei_annotator_did_not_write(folder: Path, data: bytes) -> None:
    """A TEI document with annotations Annotator saved into it: its pointers are read by
    ``annotator.tei.source``, which the native and inline seeds never reach."""
    check(data, folder, "foreign.xml")


@fuzz(ci=1000)
@given(data=st.sampled_from(["native", "inline", "foreign"]).flatmap(
    lambda seed: mutated(seed, MARKUP_OPS)))
def test_tei_with_rewritten_markup(folder: Path, data: bytes) -> None:
    """Markup-aware mutations: most stay well-formed, so they reach the schema, the
    Schematron rules and the model builder rather than stopping at the parser."""
    check(data, folder, "markup.xml")


@fuzz(ci=400)
@given(data=st.sampled_from(["native", "inline", "foreign"]).flatmap(
    lambda seed: mutated(seed, WHOLE_OPS + MARKUP_OPS)))
def test_tei_in_other_encodings_and_line_endings(folder: Path, data: bytes) -> None:
    check(data, folder, "encoded.xml")


@fuzz(ci=900)
@given(data=mutated("text", BYTES_OPS + WHOLE_OPS))
def test_mutated_plain_text(folder: Path, data: bytes) -> None:
    check(data, folder, "article.txt")


def test_seeds_are_valid_and_round_trip(folder: Path) -> None:
    """The inputs are sound to begin with (else the fuzzing proves little)."""
    for name, data in seeds().items():
        suffix = ".txt" if name == "text" else ".xml"
        opened = open_or_refuse(data, folder, f"seed-{name}{suffix}")
        assert opened is not None, name
        assert opened.warnings == []
        if name != "text":
            assert len(opened.document.annotations) == 7
        if name in ("native", "inline"):
            assert validate_bytes(data) == []
        assert (opened.origin is not None) == (name == "foreign")
        assert_round_trip(opened, folder)
        if name == "foreign":  # the round trip spliced, it did not write a file of its own
            assert open_document(folder / "again.xml").origin is not None
    assert b"next=" in seeds()["inline"]  # crossing and cross-paragraph fragments
    assert b") #string-range(" in seeds()["native"]  # a two-paragraph target
    foreign = seeds()["foreign"]  # pointers into ids it had and ids Annotator gave
    assert b"#string-range(par" in foreign and b'<ptr type="ids"' in foreign
    assert b") #string-range(" in foreign and b' n="' in foreign
    assert not seeds()["text"].startswith(codecs.BOM_UTF8)
