"""Reading Annotator's own files without a tree of all their paragraphs
(``parsing.parse_xml_taking``): the reader takes each plain paragraph out of its tree as
it is parsed, RELAX NG's copy leaves out the white space between paragraphs. Both must
read and refuse exactly what the whole tree does (docs/performance.md, "Memory on many
small paragraphs")."""

from __future__ import annotations

import gc

import pytest
from lxml import etree

from annotator.errors import AnnotatorError
from annotator.model import AnnotatedDocument, Annotation, Annotator, Document, default_tagset
from annotator.tei import TEI_NS, parsing, reader, validation
from annotator.tei.inline import InlineTeiWriter
from annotator.tei.parsing import parse_xml_taking
from annotator.tei.reader import parse_tei
from annotator.tei.writer import TeiWriter

P = f"{{{TEI_NS}}}p"


def document() -> AnnotatedDocument:
    return AnnotatedDocument.create(
        Document.from_paragraphs(["Pete Hegseth met Boris Pistorius.", "",
                                  "Patriot systems for Ukraine.", "Mehr\u00a0Text",
                                  "Prag, 10. Juli."]),
        annotators=[Annotator("ann-a", "Ana")],
        annotations=[Annotation("a1", "actor", 0, 12, "ann-a"),
                     Annotation("a2", "weapon", 36, 43),
                     Annotation("a3", "commitment", 17, 45, "ann-a")])


NATIVE = TeiWriter(document()).to_bytes()
INLINE = InlineTeiWriter(document()).to_bytes()
# Paragraphs of text and paragraphs with elements or comments, mixed.
MIXED = INLINE.replace(b'<p xml:id="p4">', b'<p xml:id="p4"><!-- c -->')


def whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader and RELAX NG as before: every file parsed whole."""
    monkeypatch.setattr(reader, "parse_xml_taking", lambda *args: None)
    monkeypatch.setattr(validation, "parse_xml_taking", lambda *args: None)


def outcome(data: bytes) -> object:
    try:
        return parse_tei(data, "file.xml").snapshot()
    except AnnotatorError as error:
        return [str(problem) for problem in error.problems]


BROKEN = [
    (b'xml:id="p2"', b'xml:id="p1"'),  # a repeated paragraph id: said with its lines
    (b'xml:id="p3"', b'xml:id="3p"'),
    (b'<p xml:id="p5">', b'<p xml:id="p5" rend="x">'),
    (b'<p xml:id="p5">', b'<p xml:id="p5"><head>h</head>'),
    (b'<body>', b'<body>x'),
    (b'</body>', b'<ab/></body>'),
    (b'</body>', b'<p xml:id="p9">a</p><p xml:id="p9">b</p></body>'),
    (b"<body>", b"<body><!-- a comment -->"),
    (b"</body>", b"</body><back><p>not the body's</p></back>"),
    (b"ana=", b"ana2="),
    (b"</p>", b"</p "),  # not well-formed
]


@pytest.mark.parametrize("data", [NATIVE, INLINE, MIXED], ids=["native", "inline", "mixed"])
@pytest.mark.parametrize(("old", "new"), [(b"", b""), *BROKEN])
def test_read_as_parsed_or_whole_the_same(monkeypatch, data, old, new) -> None:
    changed = data.replace(old, new, 1) if old else data
    if old and old not in data:
        pytest.skip("not in this file")
    streamed = outcome(changed)
    whole(monkeypatch)
    assert streamed == outcome(changed)
    if not old:
        assert streamed == document().snapshot()
        assert parse_xml_taking(data, P, lambda p: False) is not None  # (it was streamed)


def test_the_tree_never_holds_the_paragraphs_read(monkeypatch) -> None:
    doc = AnnotatedDocument.create(Document.from_paragraphs(["Wort"] * 3000),
                                   default_tagset())
    data = TeiWriter(doc).to_bytes(validate=False)
    in_body: list[int] = []

    def take(p: etree._Element) -> bool:
        if p.getparent().tag == f"{{{TEI_NS}}}body":
            in_body.append(len(p.getparent()))
            return True
        return False

    monkeypatch.setattr(parsing, "_PULL_CHUNK", 4096)  # (the paragraphs of 4 KB at most)
    tree = parse_xml_taking(data, P, take)
    assert tree is not None and len(in_body) == 3000
    assert max(in_body) <= 4096 // len(b'<p xml:id="p1000">Wort</p>') + 2
    assert not tree.getroot().xpath("//tei:body/tei:p", namespaces={"tei": TEI_NS})
    # RELAX NG's copy keeps every paragraph, without the white space between them.
    kept = parse_xml_taking(data, P, validation._drop_blank_tail_before)
    paragraphs = kept.getroot().xpath("//tei:body/tei:p", namespaces={"tei": TEI_NS})
    assert len(paragraphs) == 3000
    assert sum(p.tail is not None for p in paragraphs) == 1  # (the last one's)


@pytest.mark.parametrize("data", [
    b"", b"  ", b'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY a "b">]><TEI/>',
    b'<!DOCTYPE TEI SYSTEM "tei.dtd"><TEI/>', b"<TEI><p>a</TEI>",
    b"<TEI xmlns=\"urn:it's\"><p/></TEI>",
])
def test_what_does_not_read_cleanly_is_left_to_the_whole_parse(data) -> None:
    assert parse_xml_taking(data, P, lambda p: True) is None


@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "x", " \t\r\n"])
def test_relaxng_copy_keeps_what_is_not_xml_white_space(monkeypatch, space) -> None:
    """RELAX NG refuses text between paragraphs: only XML's white space is dropped."""
    data = NATIVE.replace(b"</p>\n", f"</p>{space}\n".encode(), 1)
    found = validation.check_structure(data)
    assert bool(found) == (space != " \t\r\n")
    whole(monkeypatch)
    assert found == validation.check_structure(data)


def test_the_parsed_tree_is_freed_without_the_garbage_collector() -> None:
    """lxml's pulling parser holds its last document in a reference cycle; the window
    collects cycles now and then only, and kept a whole tree beside the next one."""
    from annotator import collector

    trim = collector._malloc_trim()
    if trim is None:
        pytest.skip("needs glibc's malloc_trim")
    data = b"<TEI>" + b"<p>Wort</p>\n" * 200_000 + b"</TEI>"  # (a tree of 80 MB and more)

    def resident_mb() -> float:
        trim(0)
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status
                        if line.startswith("VmRSS")) / 1024

    enabled = gc.isenabled()
    gc.disable()
    try:
        before = resident_mb()
        tree = parse_xml_taking(data, "p", lambda p: False)
        assert tree is not None and len(tree.getroot()) == 200_000
        del tree
        assert resident_mb() - before < 20
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize("line_break", [False, True])
def test_many_paragraphs_read_as_parsed_or_whole_the_same(monkeypatch, line_break) -> None:
    """More paragraphs than one run of joined texts, empty ones, and (or not) a line
    break in one of them (the texts are then joined by a blank line)."""
    texts = [("" if n % 7 == 0 else f"Wort {n}") for n in range(10_000)]
    if line_break:
        texts[5000] = "zwei\nZeilen"
    ids = [f"p{n + 1}" for n in range(10_000)]
    for own in (ids, [*ids[:9000], "x9001", *ids[9001:]]):
        data = TeiWriter(AnnotatedDocument.create(Document.from_paragraphs(texts, own),
                                                  default_tagset())).to_bytes(validate=False)
        streamed = parse_tei(data).snapshot()
        assert streamed == AnnotatedDocument.create(
            Document.from_paragraphs(texts, own), default_tagset()).snapshot()[:2] + \
            streamed[2:]
        with monkeypatch.context() as patched:
            patched.setattr(reader, "parse_xml_taking", lambda *args: None)
            assert parse_tei(data).snapshot() == streamed
