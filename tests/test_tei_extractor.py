"""The compiled walk (``annotator/tei/_extractor.pyx``) reads exactly what the Python
walk reads: the same text, paragraphs, markers, markup and offset map, on the four real
samples and on generated documents full of the cases the walk treats apart."""

from __future__ import annotations

import subprocess
import sys

import pytest
import reference
from hypothesis import given, settings
from hypothesis import strategies as st
from test_tei_foreign import ALL, NOVEL

from annotator.errors import AnnotatorError
from annotator.tei import walk as walk_module
from annotator.tei.source import TeiSource
from annotator.tei.walk import new_extractor

COMPILED = walk_module.COMPILED_WALK


def test_the_compiled_walk_is_built_and_in_use():
    # make installs a C compiler (packaging/sysdeps.sh) so that opening a large TEI
    # file is fast; without the extension the app works, slower, and this says so.
    assert COMPILED is not None, (
        "annotator/tei/_extractor.pyx is not built: the Python walk reads TEI "
        "(install gcc and Python's headers, then reinstall)")
    assert type(new_extractor(False)).__name__ == "CompiledExtractor"


def test_the_compiled_walk_reads_only_beside_the_lxml_it_was_built_against():
    running = walk_module.RUNNING_LXML
    assert COMPILED.BUILT_WITH == running  # built here, against the lxml installed here
    assert walk_module.compiled_walk_refusal(COMPILED, running) is None
    lxml_version, libxml2_version = running
    assert walk_module.compiled_walk_refusal(COMPILED, ("5.3.0", libxml2_version)) == (
        f"it was built against lxml {lxml_version} with libxml2 {libxml2_version}, and "
        f"lxml 5.3.0 with libxml2 {libxml2_version} runs")
    assert "libxml2 2.9.1 runs" in walk_module.compiled_walk_refusal(
        COMPILED, (lxml_version, "2.9.1"))


def load_the_walk_beside(running: tuple[str, str], debug: bool
                         ) -> subprocess.CompletedProcess[str]:
    """The module's own choice of walk, in a fresh process where ``running`` stands for
    the lxml and libxml2 that run (the install test runs it beside a real other lxml)."""
    env = {"PATH": "/usr/bin:/bin", **({"ANNOTATOR_DEBUG": "1"} if debug else {})}
    code = ("import annotator.tei.walk as s\n"
            "from annotator.files import open_document\n"
            "from annotator.resources import example_path\n"
            f"s.RUNNING_LXML = {running!r}\n"
            "s.COMPILED_WALK = s._compiled_walk()\n"
            "print(type(s.new_extractor(False)).__name__)\n"
            "print(len(open_document(example_path()).document.annotations))\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True, env=env)


def test_beside_another_lxml_the_python_walk_reads_and_says_why_under_debug():
    same = load_the_walk_beside(walk_module.RUNNING_LXML, debug=True)
    assert same.stdout.split()[0] == "CompiledExtractor" and same.stderr == ""
    count = same.stdout.split()[1]  # annotations of the example, as the compiled walk reads it
    other = ("5.3.0", walk_module.RUNNING_LXML[1])
    quiet = load_the_walk_beside(other, debug=False)
    assert quiet.stdout.split() == ["Extractor", count]  # the example opens all the same
    assert quiet.stderr == ""
    told = load_the_walk_beside(other, debug=True)
    assert told.stdout.split() == ["Extractor", count]
    assert told.stderr == (
        "annotator: the compiled TEI walk is not used, the Python walk reads: it was built "
        f"against lxml {walk_module.RUNNING_LXML[0]} with libxml2 {other[1]}, and lxml "
        f"5.3.0 with libxml2 {other[1]} runs\n")


def snapshot(data: bytes, compiled: bool, prefer_original: bool = False) -> tuple:
    """Everything a reading of ``data`` gives that the rest of the app uses."""
    saved = walk_module.COMPILED_WALK
    walk_module.COMPILED_WALK = COMPILED if compiled else None
    try:
        src = TeiSource.from_bytes(data, "doc.xml", prefer_original=prefer_original)
    except AnnotatorError as error:  # refused: alike, with the same message
        return (str(error),)
    finally:
        walk_module.COMPILED_WALK = saved
    doc = src.document
    blocks = [(b.anchor, b.kind, b.start, b.length, b.synthetic,
               tuple(x.decode() if isinstance(x, bytes) else x for x in b.segs))
              for b in (src._blocks[i] for i in range(len(src._blocks)))]
    return (doc.text, doc.paragraphs, doc.markers, doc.synthetic, doc.markup, blocks,
            src._anchor_blocks, src._anchor_id_list, src.blocks, src.document.reserved_ids,
            [local(e) for e in src._foreign], src.problems,
            [(a.start, a.end, a.tag) for a in src.annotated.annotations],
            doc.languages, doc.continuing)


def local(element) -> str:
    return element.tag if isinstance(element.tag, str) else ""


def assert_same(data: bytes, prefer_original: bool = False) -> None:
    compiled = snapshot(data, True, prefer_original)
    python = snapshot(data, False, prefer_original)
    fields = ("text", "paragraphs", "markers", "synthetic", "markup", "blocks",
              "anchor blocks", "anchor ids", "Block view", "reserved ids", "foreign",
              "problems", "annotations", "languages", "continuing")
    assert len(compiled) == len(python)
    for name, c, p in zip(fields, compiled, python, strict=False):
        assert c == p, f"the walks differ in {name}"


@pytest.mark.skipif(COMPILED is None, reason="the compiled walk is not built")
@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("prefer_original", [False, True])
def test_both_walks_read_every_sample_alike(name, prefer_original):
    assert_same(reference.read_bytes("samples", name), prefer_original)


@pytest.mark.skipif(COMPILED is None, reason="the compiled walk is not built")
def test_the_offset_map_of_the_compiled_walk_places_pointers_exactly():
    # A saved annotation read back through the compiled blocks (their source text kept
    # as UTF-8) lands on the same characters as through the Python ones.
    from annotator.model import AnnotatedDocument
    from annotator.model import edits as model_edits
    from annotator.tei.splice import splice

    data = reference.read_bytes("samples", NOVEL)
    src = TeiSource.from_bytes(data, "novel.xml")
    text = src.document.text
    start = text.index("Spreewaldes")  # inside a paragraph whose lines were joined
    doc = AnnotatedDocument.create(src.document)
    person = doc.annotator_for("Ana")
    model_edits.add(doc.annotations, [(start - 30, start + 11, "actor")],
                    person.id).apply(doc.annotations)
    saved = splice(src, doc).data
    assert_same(saved)
    back = TeiSource.from_bytes(saved, "novel.xml").annotated.annotations
    assert [(a.start, a.end) for a in back] == [(start - 30, start + 11)]


# -- generated documents ---------------------------------------------------------------

WORDS = st.sampled_from(["Wort", "Haus", "ein", "Straße", "Brüder", "über-", "Ab\u00ad",
                         "x\u2e17", "😀", "a&amp;b", "„Zitat“", "z", "Ende."])
MARKS = st.sampled_from([",", ".", "(", ")", "«", "»", "-", "=", "'", "’", "“", "!", " ; ",
                         ""])
PC_ATTRIBUTES = st.sampled_from(["", ' pre="true"', ' join="left"', ' join="both"',
                                 ' join="no"', ' unit="sentence"'])
JOINS = st.sampled_from(["left", "right", "both", "overlap", "no", "other"])
DIVIDED = st.sampled_from(["Ab-", "Ab¬", "Ab\u2e17", "Ab\u00ad", "Ab"])
SPACE = st.sampled_from(["", " ", "  ", "\n", "\n      ", "\t", " \n ", "\r\n"])


@st.composite
def text_run(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(SPACE, WORDS), max_size=4))
    return "".join(s + w for s, w in parts) + draw(SPACE)


@st.composite
def inline(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from([
        "text", "hi", "persName", "lb", "lb-no", "pb", "note", "choice", "app", "fw", "gap",
        "figDesc", "unknown", "foreign", "comment", "pi", "cdata", "stage", "list",
        "divided", "divided", "w", "w", "pc", "pc", "c", "w-join", "elided", "pb-no",
        "lb-hyphen", "lb-ed", "stop-no", "tokens", "math", "tex"]))
    inner = draw(text_run())
    nested = "".join(draw(st.lists(inline(depth + 1), max_size=2))) if depth < 2 else ""
    return {
        "text": inner,
        "hi": f'<hi rend="i">{inner}{nested}</hi>',
        "persName": f'<persName ref="#p1" type="x">{inner}{nested}</persName>',
        "lb": "<lb/>",
        # a word divided at a line end, by each of the marks the walks join at
        "divided": f"{draw(DIVIDED)}{draw(st.sampled_from(['', ' ']))}<lb/>{draw(SPACE)}teil",
        "lb-no": '<lb break="no"/>',
        "pb": f'<pb n="{draw(st.integers(1, 99))}"/>',
        "note": f'<note n="1" place="foot">{inner}{nested}</note>',
        "choice": f"<choice> <sic>{inner}</sic> <corr>{draw(text_run())}</corr> </choice>",
        "app": f"<app><lem>{inner}</lem><rdg>{draw(text_run())}</rdg></app>",
        "fw": f'<fw type="header">{inner}</fw>',
        "gap": '<gap reason="illegible"/>',
        "figDesc": f"<figure><figDesc>{inner}</figDesc></figure>",
        "unknown": f"<said>{inner}{nested}</said>",
        "foreign": f'<x:thing xmlns:x="urn:x">{inner}</x:thing>',
        "comment": f"<!-- {inner.replace('-', '')} -->",
        "pi": "<?pi data?>",
        "cdata": f"<![CDATA[{inner.replace('&amp;', '&')}]]>",
        "stage": f"<stage>{inner}</stage>",
        "list": f"<list><item>{inner}</item><item>{nested}</item></list>",
        # tokens: one a line or side by side, with and without @join
        "w": f"{draw(SPACE)}<w>{draw(WORDS)}</w>{draw(SPACE)}",
        "pc": f"{draw(SPACE)}<pc{draw(PC_ATTRIBUTES)}>{draw(MARKS)}</pc>{draw(SPACE)}",
        "c": "<c> </c>",
        "w-join": f'<w join="{draw(JOINS)}">{draw(WORDS)}</w>{draw(SPACE)}',
        "elided": f"<foreign xml:lang=\"{draw(st.sampled_from(['fr', 'it-IT', 'en']))}\">"
                  f"<w>qu'</w>{draw(SPACE)}<w>en</w>{draw(SPACE)}<w>-mêmes</w></foreign>",
        "tokens": "".join(f"<w>{w}</w>" for w in draw(st.lists(WORDS, max_size=3))),
        "pb-no": f'<pb n="2" break="{draw(st.sampled_from(["no", "yes"]))}"/>',
        "lb-hyphen": f'{draw(SPACE)}<lb rendition="#hyphen"/>{draw(SPACE)}',
        "lb-ed": '<lb edRef="#A"/>',
        "stop-no": f'Ende.{draw(SPACE)}<lb break="no"/>',
        "math": f'<math xmlns="http://www.w3.org/1998/Math/MathML">{draw(mathml())}</math>',
        "tex": f'<formula notation="TeX">{draw(TEX)}</formula>',
    }[kind]


TEX = st.sampled_from(["\\nicefrac {7}{1}", "x^{2}_i + y^3", "\\frac{a+b}{c}", "  a_{}",
                       "\\frac {1}", "E = mc^2 "])


@st.composite
def mathml(draw: st.DrawFn, depth: int = 0) -> str:
    leaf = draw(st.sampled_from(["<mi>x</mi>", "<mn>2</mn>", "<mo>=</mo>", "<mo>+</mo>",
                                 "<mi> y </mi>", "", "\n  ", "<mo> ≤ </mo>"]))
    if depth >= 2:
        return leaf
    kind = draw(st.sampled_from(["leaf", "mfrac", "msub", "msup", "msubsup", "msqrt",
                                 "mroot", "mrow", "munder"]))
    parts = "".join(draw(st.lists(mathml(depth + 1), min_size=0, max_size=3)))
    space = draw(SPACE)
    return leaf if kind == "leaf" else f"{space}<{kind}>{parts}</{kind}>{space}"


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["p", "head", "l", "sp", "ab", "lg", "pb", "text"]))
    content = draw(text_run()) + "".join(draw(st.lists(inline(), max_size=4)))
    ident = draw(st.sampled_from(["", ' xml:id="b1"', ' xml:id="z9"']))
    return {
        "p": f"<p{ident}>{content}</p>",
        "head": f"<head>{content}</head>",
        "l": f"<lg><l>{content}</l><l>{draw(text_run())}</l></lg>",
        "sp": f"<sp><speaker>{draw(text_run())}</speaker><p>{content}</p></sp>",
        "ab": f"<ab>{content}</ab>",
        "lg": f"<lg>{content}</lg>",
        "pb": f'<pb n="{draw(st.integers(1, 9))}"/>',
        "text": content,
    }[kind]


@st.composite
def tei_document(draw: st.DrawFn) -> bytes:
    blocks = "".join(draw(st.lists(block(), min_size=1, max_size=6)))
    divided = draw(st.booleans())
    body = f"<div>{blocks}</div>" if divided else blocks
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        "<title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt>"
        "<sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>"
        f"<text><body>{body}</body></text></TEI>").encode()


@pytest.mark.skipif(COMPILED is None, reason="the compiled walk is not built")
# The documents hold tokens and formulas too, so each example takes
# longer: 100 of them (500 were run alike once, by hand), and room for a loaded machine.
@pytest.mark.timeout(400)
@settings(max_examples=100, deadline=None)
@given(tei_document(), st.booleans())
def test_both_walks_read_generated_documents_alike(data, prefer_original):
    assert_same(data, prefer_original)


def test_both_walks_note_each_paragraphs_language_as_the_tree_has_it():
    # The walk keeps the language of what it reads (an element's xml:lang, else the
    # nearest one around it), through blocks, notes and phrases around lists.
    from test_tei_reading_kinds import tei

    data = tei("""<div xml:lang="de"><p>Ein Satz <hi xml:lang="ar"><list><item>سلام</item>
</list></hi> und mehr.</p>
<q xml:lang="en"><p>An English quote.</p><p xml:lang="fr">Une phrase.</p></q>
<p>Text<note xml:lang="la" n="1">Nota bene.</note> weiter.</p>
<sp><speaker>A</speaker><l xml:lang="ar">قال الرجل</l></sp>
<p>Vorher <hi xml:lang="ar"><p>سلام عليكم</p></hi> nachher.</p></div>""", "de")
    assert_same(data)
    src = TeiSource.from_bytes(data, "doc.xml")
    assert src.document.languages == ("", "en", "fr", "", "la", "", "ar", "", "ar", "")
