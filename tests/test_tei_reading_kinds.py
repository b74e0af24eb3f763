"""How the walk over ``<text>`` reads encodings that are more than running text:
token-encoded text (``<w>``, ``<pc>``, ``<c>``, ``@join``) and verse lines given as
``<lb/>`` in an ``<ab>``; words divided at a line or page break; lists and tables
inside a paragraph; formulas. Each kind in a small document of its own, in its
language: read as a reader reads it, annotated across the feature, saved with
insertions only, pointers exact, and both walks (compiled and Python) alike.
See docs/tei-import.md, "The reading text"."""

from __future__ import annotations

import unicodedata

import pytest
from lxml import etree
from test_tei_extractor import COMPILED, assert_same

from annotator.model import AnnotatedDocument
from annotator.model import edits as model_edits
from annotator.tei.source import TeiSource
from annotator.tei.splice import splice, strip_additions


def tei(body: str, lang: str = "en") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}">\n'
        "  <teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>"
        "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc>"
        "</fileDesc></teiHeader>\n"
        f"  <text><body>\n{body}\n  </body></text>\n</TEI>\n").encode()


# Folger's and EarlyPrint's way: one token a line, punctuation its own token, the
# verse lines of a speech as <lb/>s in an <ab>.
SHAKESPEARE = tei("""<sp who="#Egeon">
<speaker><w>EGEON</w></speaker>
<ab>
<lb n="1.1.1"/>
<w>Proceed</w>
<pc>,</pc>
<w>Solinus</w>
<pc>,</pc>
<w>to</w>
<w>procure</w>
<w>my</w>
<w>fall</w>
<pc>,</pc>
<lb n="1.1.2"/>
<w>And</w><w>by</w><w>the</w><w>doom</w><w>of</w><w>death</w><w>end</w><w>woes</w>
<w>and</w><w>all</w><pc>.</pc>
<lb n="1.1.3"/>
<w join="right">I</w>
<w join="left">'Le</w>
<w>tell</w>
<pc join="right">(</pc>
<w>quoth</w>
<w>he</w>
<pc>)</pc>
<w>no</w>
<w>more</w><c> </c><w>than</w>
<pc unit="sentence">.</pc>
</ab>
</sp>""")

FRENCH = tei("""<p>
<w>Il</w>
<w>faut</w>
<w>qu'</w>
<w>en</w>
<w>eux</w>
<w>-mêmes</w>
<pc>,</pc>
<w>l’</w>
<w>on</w>
<w>cherche</w>
<pc>«</pc>
<w>la</w>
<w>paix</w>
<pc>»</pc>
<pc>.</pc>
</p>""", lang="fr")


def read(data: bytes) -> TeiSource:
    assert_same(data)  # the compiled walk and the Python walk read it alike
    return TeiSource.from_bytes(data, "doc.xml")


def lines(src: TeiSource) -> list[tuple[str, str]]:
    text = src.document.text
    return [(p.kind, text[p.start:p.end]) for p in src.document.paragraphs]


def string_value(src: TeiSource, anchor: int) -> str:
    return src.anchors[anchor].element.xpath("string(.)")


def annotate_and_save(data: bytes, phrases: list[str]) -> tuple[TeiSource, bytes]:
    """Annotate each phrase (its first occurrence) of ``data`` read, save; check that
    the save made insertions only and that the annotations read back exactly."""
    src = read(data)
    text = src.document.text
    doc = AnnotatedDocument.create(src.document)
    person = doc.annotator_for("Ana")
    spans = [(text.index(p), text.index(p) + len(p), "actor") for p in phrases]
    model_edits.add(doc.annotations, spans, person.id).apply(doc.annotations)
    result = splice(src, doc)
    rebuilt, previous = [], 0
    for position, chunk in result.insertions:
        rebuilt += [data[previous:position], chunk]
        previous = position
    rebuilt.append(data[previous:])
    assert b"".join(rebuilt) == result.data  # the original plus insertions, nothing else
    assert strip_additions(result.data) == data
    back = read(result.data)
    assert [(a.start, a.end) for a in back.annotated.annotations] == [
        (s, e) for s, e, _ in sorted(spans)]
    return src, result.data


def pointed(src: TeiSource, phrase: str) -> list[str]:
    """The pieces of the string values the pointers for ``phrase`` name."""
    start = src.document.text.index(phrase)
    return [string_value(src, r.anchor)[r.start:r.end]
            for r in src.to_source(start, start + len(phrase))]


# -- 5. token-encoded text ----------------------------------------------------------

def test_tokens_one_a_line_read_as_the_verse_reads():
    src = read(SHAKESPEARE)
    assert lines(src) == [
        ("speaker", "EGEON"),
        ("paragraph", "Proceed, Solinus, to procure my fall,"),
        ("line", "And by the doom of death end woes and all."),
        ("line", "I'Le tell (quoth he) no more than."),
    ]


def test_spaces_the_source_has_not_are_the_views_and_no_pointer_ends_on_them():
    src = read(SHAKESPEARE)
    text = src.document.text
    # "And<w>by" has no space in the file: the space shown is synthetic.
    space = text.index("And by") + 3
    assert space in src.document.synthetic
    assert src.trim(space, space + 3) == (space + 1, space + 3)  # "by"
    # "Proceed\n<pc>,</pc>\n<w>Solinus": the file's line breaks are not shown.
    assert pointed(src, "Proceed, Solinus") == ["Proceed\n,\nSolinus"]
    assert pointed(src, "no more than") == ["no\nmore than"]  # <c> </c>: the file's space


def test_tokens_annotated_across_punctuation_and_lines_save_with_insertions_only():
    src, saved = annotate_and_save(SHAKESPEARE, ["Solinus, to procure", "woes and all",
                                                 "fall,\nAnd by"])
    assert pointed(src, "fall,\nAnd by") == ["fall\n,", "Andby"]
    ranges = etree.fromstring(saved).xpath("//t:annotation/@target",
                                           namespaces={"t": "http://www.tei-c.org/ns/1.0"})
    assert len(ranges) == 3 and all("string-range(" in r for r in ranges)


def test_french_tokens_elide_and_join_as_french_is_written():
    src = read(FRENCH)
    assert lines(src) == [("paragraph", "Il faut qu'en eux-mêmes, l’on cherche «la paix».")]
    annotate_and_save(FRENCH, ["qu'en eux-mêmes"])
    assert pointed(src, "qu'en eux-mêmes") == ["qu'\nen\neux\n-mêmes"]


def test_an_apostrophe_at_a_words_end_is_not_elided_in_english():
    src = read(tei("<p>\n<w>the</w>\n<w>boys'</w>\n<w>toys</w>\n</p>"))
    assert lines(src) == [("paragraph", "the boys' toys")]


def test_a_word_in_tokens_keeps_its_own_line_break_and_hyphen():
    # Digitarium: one <w> for a word divided at the line end, its "=" a <pc> inside it.
    src = read(tei('<p><w>Zeitungs</w> <w>buch<pc>=</pc><lb/>druckerey</w> '
                   '<w>im</w> <w>Michaeler</w><pc>=</pc><w>haus</w><pc>.</pc></p>', "de"))
    assert lines(src) == [("paragraph", "Zeitungs buch=druckerey im Michaeler=haus.")]


def test_lines_of_an_inscription_in_an_ab_are_lines():
    src = read(tei('<div type="edition"><ab><lb n="1"/>ΑΓΑΘΗΙ ΤΥΧΗΙ\n<lb n="2"/>'
                   'ἡ βουλὴ καὶ\n<lb n="3"/>ὁ δῆμος</ab></div>', "grc"))
    assert lines(src) == [("paragraph", "ΑΓΑΘΗΙ ΤΥΧΗΙ"), ("line", "ἡ βουλὴ καὶ"),
                          ("line", "ὁ δῆμος")]
    # A witness's line break in a critical edition is not a line of the text.
    src = read(tei('<ab>sarva<lb edRef="#T"/>vajra <lb ed="#A"/>udaya</ab>', "sa"))
    assert lines(src) == [("paragraph", "sarva vajra udaya")]


@pytest.mark.skipif(COMPILED is None, reason="the compiled walk is not built")
def test_the_compiled_walk_reads_tokens_as_the_python_walk():
    for data in (SHAKESPEARE, FRENCH):
        assert_same(data)


# -- 6. divided words ---------------------------------------------------------------

# An inscription (EpiDoc): the line break inside a word after the layout's line break.
GREEK = tei("""<div type="edition" xml:lang="grc">
<ab>
<lb n="1"/>ἔδοξε τῆι βουλῆι Πολυκράτης χαλ
<lb n="2" break="no"/>κίτεως εἶπεν
</ab>
</div>""", "grc")

# A printed letter: the catchword and the next page between the halves of a word.
GERMAN = tei("""<div>
<p>Das <hi>uͤbri</hi>
<fw type="catch">ge</fw>
<pb n="2"/>
<lb break="no"/>ge folgt im-
<pb n="3"/>
perium des Lebens, und dis<lb rendition="#hyphen"/>putandi zuletzt.</p>
</div>""", "de")


def test_a_word_divided_after_the_layouts_line_break_is_one_word():
    src = read(GREEK)
    assert lines(src) == [("paragraph", "ἔδοξε τῆι βουλῆι Πολυκράτης χαλκίτεως εἶπεν")]
    assert pointed(src, "χαλκίτεως") == ["χαλ\nκίτεως"]
    annotate_and_save(GREEK, ["Πολυκράτης χαλκίτεως"])


def test_a_word_whose_first_part_is_lost_joins_the_gap_not_the_word_before():
    # EpiDoc (ISicily): "καὶ τοῦ [lost]⏎<lb break="no"/>ου αὐτοῦ": the word divided at
    # the line end begins in the gap; "τοῦ" stays a word of its own.
    data = tei("""<div type="edition" xml:lang="grc"><ab>
<lb n="3"/><w>καὶ</w> <w>τοῦ</w> <gap reason="lost" extent="unknown" unit="character"/>
<lb n="4" break="no"/><w part="F">ου</w> <w>αὐτοῦ</w>
<lb n="5"/>χαλ<gap reason="lost" quantity="2" unit="character"/>
<lb n="6" break="no"/>κίτεως</ab></div>""", "grc")
    src = read(data)
    text = src.document.text
    assert lines(src) == [("paragraph", "καὶ τοῦ ου αὐτοῦ"), ("line", "χαλκίτεως")]
    assert [(m.kind, text[m.offset:m.offset + 2]) for m in src.document.markers] == [
        ("gap", "ου"), ("gap", "κί")]
    annotate_and_save(data, ["τοῦ ου αὐτοῦ", "χαλκίτεως"])
    assert pointed(src, "χαλκίτεως") == ["χαλ\nκίτεως"]


def test_words_divided_over_a_page_break_and_a_catchword_are_one_word():
    src = read(GERMAN)
    assert lines(src) == [("paragraph", "Das uͤbrige folgt im-perium des Lebens, und "
                                        "disputandi zuletzt.")]
    text = src.document.text
    # The page break stands where the word is divided, not before a space.
    assert [(m.kind, m.label, text[:m.offset][-3:]) for m in src.document.markers] == [
        ("fw", "ge", "bri"), ("pb", "2", "bri"), ("pb", "3", "im-")]
    assert pointed(src, "uͤbrige") == ["uͤbri\nge\n\nge"]  # the catchword is in it
    annotate_and_save(GERMAN, ["uͤbrige folgt", "im-perium", "disputandi"])


def test_a_file_that_marks_the_line_before_a_divided_word_is_read_so():
    # e-ditiones put @break="no" on the line break that begins the line ending in the
    # first half: a word is never divided after a full stop or a comma.
    body = "\n".join([
        "<p>",
        '<lb/>perdu avec moy, &amp; je n’en ſuis pas fâché,',
        '<lb break="no" rend="¬"/>je vous jure. Je ne vous dis pas cela mê',
        '<lb/>me pour vous obliger.',
        '<lb break="no" rend="¬"/>Mr GUILLAUME. Un autre peut-eſtre vous en don',
        '<lb/>neroit davantage,',
        '<lb break="no" rend="¬"/>&amp; ne vous payeroit pas ſi bien. LA DAVOI',
        '<lb/>SIERE. C’eſt ce que je conſidere,',
        '<lb break="no" rend="¬"/>On n’a point be',
        "<lb/>ſoin de cela.",
        "</p>"])
    src = read(tei(body, "fr"))
    text = src.document.text
    assert "cela même pour" in text and "donneroit" in text and "DAVOISIERE" in text
    assert "beſoin" in text and "fâché, je" in text
    assert any("line break that begins" in note for note in src.notes)
    annotate_and_save(tei(body, "fr"), ["donneroit davantage"])


# A word divided across two paragraphs: the file closes the paragraph before a page
# break and goes on in the next one (as the DTA does with a footnote, and editions
# that keep each page's paragraphs apart).
ACROSS_PARAGRAPHS = tei("""<div>
<p>Er sprach lange von der Zu-</p>
<pb n="2"/>
<p>kunft des Landes und von der Vergangenheit.</p>
<p xml:id="b1" next="#b2">Die Brücke über den Strom war</p>
<pb n="3"/>
<p xml:id="b2" prev="#b1">lange gesperrt, sagte der Bürgermeister.</p>
<ab part="I">Sie kauften zwei Patri-</ab>
<cb n="b"/>
<ab part="F">ot-Systeme für das Heer.</ab>
<p>Er fuhr nach Nord-</p>
<p>Amerika, dann nach Kanada.</p>
<p>Im Text der ersten Seite<note place="foot" n="*)" xml:id="n1" next="#n2">Eine lange
Anmerkung, die begün-</note> geht es weiter.</p>
<pb n="4"/>
<p>Auf der zweiten Seite steht mehr<note place="foot" n="**)">Eine andere Anmerkung.</note>
Text.<note place="foot" n="*)" xml:id="n2" prev="#n1">stigt wird durch den Umstand.</note></p>
</div>
<div type="textpart" n="i"><ab>Er kaufte den Kup</ab></div>
<div type="textpart" n="ii"><ab><lb n="1" break="no"/>ferkessel am Markt.</ab>
<p>Dann sah er die Land<pb n="5" break="no"/></p>
<p>schaft im Abendlicht.</p></div>""", "de")


def test_a_word_divided_across_two_paragraphs_reads_on_as_the_next_line():
    src = read(ACROSS_PARAGRAPHS)
    text = src.document.text
    assert lines(src) == [
        ("paragraph", "Er sprach lange von der Zu-"),
        ("paragraph", "kunft des Landes und von der Vergangenheit."),
        ("paragraph", "Die Brücke über den Strom war"),
        ("paragraph", "lange gesperrt, sagte der Bürgermeister."),
        ("paragraph", "Sie kauften zwei Patri-"),
        ("paragraph", "ot-Systeme für das Heer."),
        ("paragraph", "Er fuhr nach Nord-"),
        ("paragraph", "Amerika, dann nach Kanada."),
        ("paragraph", "Im Text der ersten Seite geht es weiter."),
        # the footnote that goes on on the next page, read on where it breaks off
        ("note", "Eine lange Anmerkung, die begün-"),
        ("note", "stigt wird durch den Umstand."),
        ("paragraph", "Auf der zweiten Seite steht mehr Text."),
        ("note", "Eine andere Anmerkung."),
        ("paragraph", "Er kaufte den Kup"),
        ("paragraph", "ferkessel am Markt."),
        ("paragraph", "Dann sah er die Land"),
        ("paragraph", "schaft im Abendlicht."),
    ]
    # Each second half continues the paragraph before it; "Nord-" | "Amerika" (a
    # capital) and paragraphs merely one after the other do not.
    assert sorted(src.document.continuing) == [
        text.index(second) for second in ("kunft", "lange gesperrt", "ot-Systeme",
                                           "stigt", "ferkessel", "schaft")]
    # Each half keeps its own element: a pointer names each half in its paragraph.
    assert pointed(src, "Zu-\nkunft") == ["Zu-", "kunft"]
    assert pointed(src, "begün-\nstigt") == ["begün-", "stigt"]
    assert pointed(src, "Kup\nferkessel") == ["Kup", "ferkessel"]
    assert pointed(src, "Land\nschaft") == ["Land", "schaft"]
    # The page break's number stands at the start of the second half.
    assert ("pb", "2") in [(m.kind, m.label) for m in src.document.markers
                           if m.offset == text.index("kunft")]
    annotate_and_save(ACROSS_PARAGRAPHS, ["der Zu-\nkunft des Landes", "Patri-\not-Systeme",
                                          "begün-\nstigt", "Kup\nferkessel",
                                          "Land\nschaft"])


def test_a_file_that_marks_the_line_before_a_division_does_not_divide_at_a_paragraph():
    # e-ditiones begin a paragraph with <lb break="no"/> when its first line ends in a
    # divided word: nothing is divided at the paragraph's start.
    lines_ = ['<lb break="no" rend="¬"/>je vous jure. Je ne vous dis pas cela mê',
              '<lb/>me pour vous obliger, mon cher,']
    body = "<p>" + "\n".join(lines_ * 4) + "</p>\n<p>" + "\n".join(lines_ * 3) + "</p>"
    src = read(tei(body, "fr"))
    assert src.shifted_breaks and "cela même pour" in src.document.text
    assert src.document.continuing == frozenset()


def test_a_verse_line_shared_by_two_speakers_is_no_paragraph_divided():
    src = read(tei("""<sp><speaker>A</speaker><l part="I">Wer kommt da?</l></sp>
<sp><speaker>B</speaker><l part="F">Ein Freund.</l><l part="I">Und du?</l>
<l part="F">ich auch.</l></sp>""", "de"))
    assert src.document.continuing == frozenset()


def test_the_view_sets_the_second_half_on_the_next_line_without_a_blank_line():
    from annotator.gui.positions import PositionMap

    shown = PositionMap(read(ACROSS_PARAGRAPHS).document).qt_text
    for seam in ("Zu-\nkunft", "war\nlange", "Patri-\not-", "begün-\nstigt", "Kup\nferkessel"):
        assert seam in shown
    assert "Nord-\n\nAmerika" in shown and "Vergangenheit.\n\nDie Brücke" in shown


# -- 7. lists and tables inside a paragraph -----------------------------------------

INLINE_LISTS = tei("""<div>
<p>Er las <listBibl><bibl>Kant, Kritik</bibl><bibl>Fichte, Wissenschaftslehre</bibl></listBibl>
und <list><item>eins</item><item>zwei</item></list>, dazu <table><row><cell>a</cell><cell>b</cell>
</row></table> am Abend.</p>
<list><item>Erstens</item><item>Zweitens<list><item>a</item><item>b</item></list></item></list>
</div>""", "de")


def test_a_list_inside_a_paragraph_reads_inline_and_one_between_blocks_as_items():
    src = read(INLINE_LISTS)
    assert lines(src) == [
        ("paragraph", "Er las Kant, Kritik Fichte, Wissenschaftslehre und eins zwei, dazu "
                      "a b am Abend."),
        ("item", "Erstens"), ("item", "Zweitens"), ("item", "a"), ("item", "b")]
    text = src.document.text
    assert text.index(" Fichte") in src.document.synthetic  # </bibl><bibl>: no space there
    assert pointed(src, "Kritik Fichte") == ["KritikFichte"]
    annotate_and_save(INLINE_LISTS, ["Er las Kant", "zwei, dazu a b am"])


# -- 8. formulas --------------------------------------------------------------------

MATH = '<math xmlns="http://www.w3.org/1998/Math/MathML">'
FORMULAS = tei(f"""<div>
<p>The energy transfer is <formula>{MATH}<mi>κ</mi><mo>=</mo><mfrac><mi>ξ</mi>
<msub><mi>E</mi><mi>max</mi></msub></mfrac></math></formula> at most, with
<formula notation="MathML">{MATH}
  <msub><mi>E</mi><mi>max</mi></msub>
  <mo>=</mo>
  <mfrac>
    <mrow><mn>2</mn><msub><mi>m</mi><mi>e</mi></msub><msup><mi>β</mi><mn>2</mn></msup>
      <msup><mi>γ</mi><mn>2</mn></msup></mrow>
    <mrow><mn>1</mn><mo>+</mo><mn>2</mn><mi>γ</mi><msub><mi>m</mi><mi>e</mi></msub>
      <mo>/</mo><msub><mi>m</mi><mi>x</mi></msub><mo>+</mo><msup><mrow><mo>(</mo>
      <msub><mi>m</mi><mi>e</mi></msub><mo>/</mo><msub><mi>m</mi><mi>x</mi></msub>
      <mo>)</mo></mrow><mn>2</mn></msup></mrow>
  </mfrac>
</math></formula>
and <formula>{MATH}<msqrt><mi>x</mi></msqrt></math></formula>.</p>
<p>Siehe <formula notation="TeX">\\nicefrac  {{7}}{{1}}</formula> und
<formula notation="TeX">x^{{2}}</formula>.</p>
</div>""")


def test_formulas_read_in_a_linear_form_with_scripts():
    src = read(FORMULAS)
    text = src.document.text
    assert lines(src) == [
        ("paragraph", "The energy transfer is κ = ξ/Emax at most, with "
                      "Emax = (2meβ2γ2)/(1+2γme/mx+(me/mx)2) and √(x)."),
        ("paragraph", "Siehe 7/1 und x2.")]
    scripts = [(text[s:e], kind) for s, e, kind in src.document.scripts]
    assert scripts[:2] == [("max", "sub"), ("max", "sub")]
    assert scripts[2:6] == [("e", "sub"), ("2", "sup"), ("2", "sup"), ("e", "sub")]
    assert scripts[-3:] == [("7", "sup"), ("1", "sub"), ("2", "sup")]
    # The view's own characters: the fraction bar, the parentheses, the root, the spaces
    # around "=".
    start = text.index("κ = ξ/E")
    assert [text[n] for n in sorted(src.document.synthetic) if start <= n < start + 8] == [
        " ", " ", "/"]
    assert text.index("/1 und") in src.document.synthetic  # \nicefrac's bar too
    assert pointed(src, "ξ/Emax") == ["ξ\nEmax"]  # exact: the characters of the MathML
    assert pointed(src, "7/1") == ["7}{1"]
    annotate_and_save(FORMULAS, ["κ = ξ/Emax", "(me/mx)2", "Siehe 7/1"])


# -- in the window ------------------------------------------------------------------

KINDS = {
    "tokens": (SHAKESPEARE, ["Solinus, to procure", "fall,\nAnd by"]),
    "french tokens": (FRENCH, ["qu'en eux-mêmes"]),
    "divided Greek": (GREEK, ["Πολυκράτης χαλκίτεως"]),
    "divided German": (GERMAN, ["uͤbrige folgt", "im-perium"]),
    "divided across paragraphs": (ACROSS_PARAGRAPHS, ["der Zu-\nkunft des", "begün-\nstigt"]),
    "inline lists": (INLINE_LISTS, ["Fichte, Wissenschaftslehre und eins"]),
    "formulas": (FORMULAS, ["κ = ξ/Emax", "Emax = (2meβ2γ2)/(1"]),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_is_annotated_across_its_feature_in_the_window(qtbot, dialogs, tmp_path,
                                                                 kind):
    from gui_helpers import make_window
    from test_tei_documents_gui import tag_phrase

    data, phrases = KINDS[kind]
    path = tmp_path / "doc.xml"
    path.write_bytes(data)
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    shown = window.view.toPlainText()
    for phrase in phrases:
        assert phrase.replace("\n", "\u2029") in shown.replace("\n", "\u2029")
        tag_phrase(qtbot, window, phrase, "1")
    store = window.annotated.annotations
    assert [store.text_of(a) for a in store] == sorted(
        phrases, key=window.annotated.document.text.index)
    assert window.files.save()
    assert dialogs.errors == []
    saved = path.read_bytes()
    assert strip_additions(saved, str(path)) == data  # only insertions
    window.close()
    again = make_window(qtbot)
    assert again.files.open_path(path, ask=False)
    store = again.annotated.annotations
    assert [store.text_of(a) for a in store] == sorted(
        phrases, key=again.annotated.document.text.index)


def test_the_window_sets_the_scripts_of_a_formula_lower_and_higher(qtbot, tmp_path):
    from gui_helpers import make_window
    from PySide6.QtGui import QTextCharFormat, QTextCursor

    path = tmp_path / "formulas.xml"
    path.write_bytes(FORMULAS)
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    view, text = window.view, window.annotated.document.text

    def alignment(offset: int) -> QTextCharFormat.VerticalAlignment:
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.positions.to_qt(offset) + 1)  # the format before it
        return cursor.charFormat().verticalAlignment()

    at = text.index("Emax")
    assert alignment(at) == QTextCharFormat.VerticalAlignment.AlignNormal  # E
    assert alignment(at + 1) == QTextCharFormat.VerticalAlignment.AlignSubScript  # max
    at = text.index("β2")
    assert alignment(at + 1) == QTextCharFormat.VerticalAlignment.AlignSuperScript


# -- real documents of these kinds ------------------------------------------------------

# ../shared/tei/samples-more (see its README): what each shows of the kinds above, and a
# phrase to annotate across the feature.
REAL = {
    "earlyprint-B02845.xml": (["I'Le tell ye not of Etna's Flames, nor Troy's,\nThat long"],
                              "Etna's Flames, nor Troy's"),
    "digitarium-wr-1755-12-13.xml": (["Gedruckt in der Kaiserl. Königl. privilegirten",
                                      "buch=druckerey im neuen Michaeler=haus"],
                                     "Kaiserl. Königl."),
    "dharma-DHARMA_DiplEdOSM-Dh95.xml": (["Āsanād dvigandapuṣpādibhiḥ vastrayugma",
                                          "mātr̥kā|| vaR̥ṇapūjā||"], "dvigandapuṣpādibhiḥ"),
    "dharma-DHARMA_INSPallava00077.xml": ([], None),
    "e-ditiones-BaronLesEnlevemens1686_bpt6k73945k.xml": (
        ["je vous jure. Je ne vous dis pas cela même pour vous obliger",
         "à tenir mes terres à un plus haut prix", "On n’a point beſoin"], "mes terres"),
    "jeanpaul-briefe-II_43.xml": (["den Begrif des Eigenthums nicht", "Blos 6/VI der"],
                                  "Eigenthums"),
}


@pytest.mark.parametrize("name", list(REAL))
def test_real_documents_of_these_kinds_read_right_and_save_with_insertions_only(name):
    import reference

    data = reference.read_bytes("samples-more", name)
    shown, phrase = REAL[name]
    src = read(data)
    text = unicodedata.normalize("NFC", src.document.text)  # e-ditiones write "e\u0302"
    for passage in shown:
        assert passage in text
    if phrase is not None:
        # The pointer names exactly the phrase's characters, the file's white space (one
        # token a line, the line break inside a word) between them.
        assert "".join("".join(pointed(src, phrase)).split()) == "".join(phrase.split())
        annotate_and_save(data, [phrase])
