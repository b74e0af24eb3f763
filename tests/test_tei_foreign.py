"""Foreign TEI documents: reading text, offset map, byte-preserving saves.

Uses the four real German TEI files of the reference material (``samples/``, see
``tests/reference.py``) as they are: a DTA soldier's letter, a DraCor play, a volume
of Dingler's journal and an ELTeC novel (2.4 MB). See docs/tei-import.md for the
rules these tests prove.
"""

from __future__ import annotations

import functools
import re

import pytest
import reference
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from annotator.errors import AnnotationError, ReadError, ValidationError, WriteError
from annotator.model import AnnotatedDocument, Document
from annotator.model import edits as model_edits
from annotator.model.document import Paragraph
from annotator.tei import TEI_NS, XML_ID
from annotator.tei.additions import ADDED_ELEMENTS, ADDED_IDS, is_native
from annotator.tei.source import TeiSource
from annotator.tei.splice import SpliceResult, export_inline, scan, splice, strip_additions
from annotator.tei.writer import APP_IDENT

LETTER = "dta-soldatenbrief-084.xml"
PLAY = "gerdracor-schiller-wallensteins-lager.xml"
JOURNAL = "dingler-pj001.xml"
NOVEL = "eltec-deu-DEU001.xml"
ALL = [LETTER, PLAY, JOURNAL, NOVEL]
NS = {"t": TEI_NS}
XML_WS = " \t\r\n"


@functools.cache
def sample(name: str) -> bytes:
    return reference.read_bytes("samples", name)


@functools.cache
def source(name: str) -> TeiSource:
    """Read once per test process; tests that annotate use ``fresh``."""
    return TeiSource.from_bytes(sample(name), name)


def fresh(name: str) -> tuple[TeiSource, AnnotatedDocument]:
    src = source(name)
    return src, AnnotatedDocument.create(src.document)


def span_of(src: TeiSource, phrase: str, after: str = "") -> tuple[int, int]:
    text = src.document.text
    start = text.index(phrase, text.index(after) if after else 0)
    return start, start + len(phrase)


def annotate(doc: AnnotatedDocument, spans: list[tuple[int, int, str]],
             who: str = "Ana") -> None:
    person = doc.annotator_for(who)
    model_edits.add(doc.annotations, spans, person.id).apply(doc.annotations)


def string_value(element: etree._Element) -> str:
    return element.xpath("string(.)")


# -- reading text ---------------------------------------------------------------------


def test_letter_reads_as_a_reader_sees_it():
    src = source(LETTER)
    text = src.document.text
    kinds = [p.kind for p in src.document.paragraphs]
    assert kinds == ["heading", "paragraph", "paragraph", "paragraph", "paragraph"]
    # <lb/> is a space; a word divided with "⸗" at the line end is joined.
    assert ("Hoffentlig werden Euch diese wenigen Zeilen so gesund antreffen wie sie mich "
            "verlassen, auf Euer mir Werthetes Schreiben vom 19ten Juni worauf") in text
    assert "in die Stadt Neu⸗Lischov eingequartiert" in text
    # choice: the expansion, not the abbreviation; fw (folio numbers) and the header: nothing.
    assert text.startswith("SB-Nr. 84: Franz Kaufhold (Mannschaften?), 10.07.1866, "
                           "Norddeutsch\n")
    assert "ND" not in text and "[1]" not in text and "Textarchiv" not in text
    assert "  " not in text and not any(c in text for c in "\t\r")
    markers = src.document.markers
    assert [m.label for m in markers if m.kind == "fw"] == ["[1]", "[2]", "[3]", "[4]"]
    assert sum(m.kind == "gap" for m in markers) == 23
    first_fw = markers[0]  # after the space the line break stands for
    assert text[first_fw.offset - 8:first_fw.offset] == "Gottes, "
    assert text[first_fw.offset:].startswith("Die mich bishierher")
    assert src.document.metadata.author == "Franz Kaufhold"
    assert "CC BY-SA 4.0" in src.document.metadata.licence


def test_choice_reading_can_be_the_original():
    src = TeiSource.from_bytes(sample(LETTER), LETTER, prefer_original=True)
    assert src.document.text.startswith("SB-Nr. 84: Franz Kaufhold (Mannschaften?), "
                                        "10.07.1866, ND\n")


def test_play_has_speakers_verse_stage_and_page_numbers():
    src = source(PLAY)
    document = src.document
    kinds = {p.kind for p in document.paragraphs}
    assert {"speaker", "verse", "stage", "heading", "title", "item"} <= kinds
    assert sum(p.kind == "speaker" for p in document.paragraphs) == 295
    assert sum(p.kind == "verse" for p in document.paragraphs) == 1256
    speaker = document.paragraphs[document.paragraph_index_at(
        document.text.index("Bauerknabe.\nVater, es wird nicht gut ablaufen,"))]
    assert speaker.kind == "speaker"
    assert "Schwer ist die Kunst, vergänglich ist ihr Preis," in document.text  # <emph>
    pages = [m for m in document.markers if m.kind == "pb"]
    assert pages[0].label == "269" and len(pages) == 43
    page = next(m for m in pages if m.label == "271")
    assert document.text[page.offset:].startswith("Wo möcht es auch die Kräfte lieber prüfen,")
    assert "Q22670" not in document.text and "dlina" not in document.text
    assert src.document.metadata.title == "Wallensteins Lager"


def test_notes_are_blocks_of_their_own_after_the_paragraph():
    src = source(JOURNAL)
    document = src.document
    start = document.text.index("Vertiefung gelegt wird, so fest angeschroben")
    index = document.paragraph_index_at(start)
    paragraph, note = document.paragraphs[index], document.paragraphs[index + 1]
    assert document.paragraph_text(paragraph).endswith("und kein Wasser durchlaͤßt.")
    assert "mechanische" not in document.paragraph_text(paragraph)
    assert note.kind == "note"
    assert document.paragraph_text(note).startswith("Der mechanische Theil wird in einem")
    assert document.paragraphs[index + 2].kind == "paragraph"
    mark = next(m for m in document.markers if m.kind == "note" and m.label == "1)")
    assert mark.offset == paragraph.end
    # A page break inside a paragraph is a marker at its place, not text.
    pb = next(m for m in document.markers if m.kind == "pb" and m.label == "IV")
    assert document.text[pb.offset:].startswith("ganze Gebiet der Polytechnik")
    assert "Textabbildung" not in document.text  # figDesc
    assert sum(p.kind == "note" for p in document.paragraphs) > 200


def test_existing_names_are_a_read_only_layer():
    src = source(JOURNAL)
    document = src.document
    text = document.text
    marechaux = next(m for m in document.markup if text[m.start:m.end] == "Marechaux")
    assert marechaux.element == "persName"
    assert marechaux.attribute("ref") == "../database/persons/persons.xml#pers00019"
    assert marechaux.attribute("role") == "author"
    elements = {m.element for m in document.markup}
    assert {"persName", "placeName", "date"} <= elements
    assert all(text[m.start:m.end] == text[m.start:m.end].strip() for m in document.markup)
    assert [m.start for m in document.markup] == sorted(m.start for m in document.markup)
    letter = source(LETTER).document
    (date,) = letter.markup
    assert letter.text[date.start:date.end] == "10.07.1866"
    assert date.attribute("when") == "1866-07-10"


def test_novel_is_read_in_full():
    src = source(NOVEL)
    document = src.document
    assert sum(p.kind == "paragraph" for p in document.paragraphs) == 5343
    assert sum(p.kind == "heading" for p in document.paragraphs) == 158
    assert len([m for m in document.markers if m.kind == "pb"]) == 1735
    assert "Waldbächen, deren Gewässer grünen Wiesenbänder" in document.text
    assert "Converted by" not in document.text
    assert any("distantreading.net/eltec/ns" in note for note in src.notes)
    assert document.metadata.licence == "https://creativecommons.org/licenses/by/4.0/"


@pytest.mark.parametrize("name", ALL)
def test_every_character_maps_to_its_source(name):
    """A reading character's pointer names that very character of the anchor's string value."""
    src = source(name)
    text = src.document.text
    values: dict[int, str] = {}
    step = 1 if len(text) < 200_000 else 37
    checked = 0
    for paragraph in src.document.paragraphs:
        for position in {*range(paragraph.start, paragraph.end, step), paragraph.end - 1}:
            ranges = src.to_source(position, position + 1)
            if not ranges:  # the space an <lb/> stands for: no character of the source
                assert text[position] == " "
                continue
            (r,) = ranges
            assert r.end - r.start == 1
            if r.anchor not in values:
                values[r.anchor] = string_value(src.anchors[r.anchor].element)
            found = values[r.anchor][r.start]
            assert found == text[position] or (text[position] == " " and found in XML_WS)
            assert src.to_text(r.anchor, r.start, r.end) == (position, position + 1)
            checked += 1
    assert checked > 1000 or name == LETTER


def test_anchor_ids_are_planned_for_blocks_without_one():
    src = source(LETTER)
    ids = [p.id for p in src.document.paragraphs]
    assert ids == ["ann-b4", "ann-b5", "ann-b6", "ann-b7", "ann-b8"]
    journal = source(JOURNAL)
    assert all(a.original_id == (a.element.get(XML_ID) is not None) for a in journal.anchors)
    assert journal.document.has_paragraph("pj001_pb001")  # reserved: an id of the file
    assert "pj001_pb001" in journal.document.reserved_ids


# -- saving into the original ---------------------------------------------------------------


def crossing_spans(name: str) -> list[tuple[int, int, str]]:
    """Spans crossing inline elements, line and page breaks, names and blocks."""
    src = source(name)
    phrases = {
        LETTER: [("19ten Juni", ""), ("antreffen wie sie", ""),  # <hi>, <lb/>
                 ("Gottes, Die mich", ""),  # <lb/> <fw/> <lb/>
                 ("Eltern!\nHoffentlig", ""),  # two paragraphs
                 ("Norddeutsch", ""), ("Neu⸗Lischov", "")],  # <choice>, divided word
        PLAY: [("Schwer ist die Kunst", ""),  # <emph>
               ("Talents.\nWo möcht es", ""),  # two verse lines and a <pb/>
               ("Bauerknabe.\nVater", "")],  # speaker and verse
        JOURNAL: [("Prof. Marechaux in Muͤnchen", ""),  # <persName>, <placeName>
                  ("welche das ganze Gebiet", ""),  # <pb/>
                  ("durchlaͤßt.\nDer mechanische Theil", "angeschroben"),  # into a <note>
                  ("Fig. F. a. Kolbenrohr", "")],  # <hi> and a note between
        NOVEL: [("Waldbächen, deren", ""),  # <pb/>
                ("Erstes Kapitel.\nDer Haidekretscham.\nEin ansehnlicher", "")],
    }[name]
    spans = []
    for n, (phrase, after) in enumerate(phrases):
        start, end = span_of(src, phrase, after)
        spans.append((start, end, ("actor", "weapon", "commitment")[n % 3]))
    # a long one over several blocks, and one at the very end of the text
    middle = src.document.paragraphs[len(src.document.paragraphs) // 2]
    spans.append((middle.start + 1, src.document.paragraphs[
        len(src.document.paragraphs) // 2 + 2].end - 1, "commitment"))
    last = src.document.paragraphs[-1]
    spans.append((last.end - 3, last.end, "actor"))
    return [(*src.trim(s, e), tag) for s, e, tag in spans]


@functools.cache
def saved(name: str) -> tuple[AnnotatedDocument, SpliceResult]:
    src, doc = fresh(name)
    annotate(doc, crossing_spans(name))
    doc.record_revision(doc.annotator_for("Ana").id, when=None)
    return doc, splice(src, doc)


def strip_with_lxml(data: bytes) -> etree._ElementTree:
    """Take Annotator's additions out of a parsed file, the way a TEI user would."""
    tree = etree.ElementTree(etree.fromstring(data))
    root = tree.getroot()
    (application,) = root.xpath("t:teiHeader/t:encodingDesc/t:appInfo/"
                                f"t:application[@ident='{APP_IDENT}']", namespaces=NS)
    added = application.xpath(f"t:ptr[@type='{ADDED_ELEMENTS}']/@target", namespaces=NS)
    ids = application.xpath(f"t:ptr[@type='{ADDED_IDS}']/@target", namespaces=NS)
    wanted = {v.lstrip("#") for value in added for v in value.split()}
    given_ids = {v.lstrip("#") for value in ids for v in value.split()}
    doomed = [e for e in root.iter(etree.Element) if e.get(XML_ID) in wanted]
    if not any(application is e or application in e.iterdescendants() for e in doomed):
        doomed.append(application)
    for element in doomed:
        remove_with_its_line(element)
    for element in root.iter(etree.Element):
        if element.get(XML_ID) in given_ids:
            del element.attrib[XML_ID]
    return tree


def remove_with_its_line(element: etree._Element) -> None:
    parent = element.getparent()
    previous = element.getprevious()
    before = (previous.tail if previous is not None else parent.text) or ""
    joined = re.sub(r"\r?\n[ \t]*$", "", before) + (element.tail or "")
    parent.remove(element)  # lxml moves the tail to the previous node; set it explicitly
    if previous is not None:
        previous.tail = joined
    else:
        parent.text = joined


def c14n(data: bytes | etree._ElementTree) -> str:
    """C14N 2.0 (comments kept): equal for files that differ only in serialisation."""
    if isinstance(data, bytes):  # the samples are UTF-8
        return etree.canonicalize(xml_data=data.decode("utf-8"), with_comments=True)
    return etree.canonicalize(data, with_comments=True)


@pytest.mark.parametrize("name", ALL)
def test_stripping_the_additions_gives_the_original_canonically(name):
    _, result = saved(name)
    assert result.base == sample(name)
    assert c14n(strip_with_lxml(result.data)) == c14n(sample(name))


@pytest.mark.parametrize("name", ALL)
def test_only_insertions_are_made_byte_for_byte(name):
    original = sample(name)
    _, result = saved(name)
    rebuilt, previous = [], 0
    for position, chunk in result.insertions:
        rebuilt += [original[previous:position], chunk]
        previous = position
    rebuilt.append(original[previous:])
    assert b"".join(rebuilt) == result.data
    id_attribute = re.compile(rb'^ xml:id="ann-b\d+"$')
    registry = etree.fromstring(result.data).find(
        "t:teiHeader/t:encodingDesc/t:appInfo/t:application", NS)
    for position, chunk in result.insertions:
        if id_attribute.match(chunk):
            assert original[position - 1:position] not in b" \t\r\n"  # right after the name
            continue
        # A block of whole elements on lines of their own, in the file's line ends.
        assert chunk.startswith((b"\n", b"\r\n", b"<")) or chunk[:1] in b" \t"
        fragment = etree.fromstring(b'<w xmlns="' + TEI_NS.encode() + b'">' + chunk + b"</w>")
        assert len(fragment) == 1 and (fragment.text or "").strip() == ""
        added = fragment[0]
        assert added.get(XML_ID) or added.tag.endswith(("application", "taxonomy"))
    assert registry is not None
    assert strip_additions(result.data) == original


@pytest.mark.parametrize("name", ALL)
def test_reopening_restores_every_annotation_at_the_same_characters(name):
    doc, result = saved(name)
    again = TeiSource.from_bytes(result.data, name)
    assert again.document.text == doc.document.text
    assert [p.id for p in again.document.paragraphs] == [p.id for p in doc.document.paragraphs]
    assert sorted(again.annotated.annotations, key=lambda a: a.id) == \
        sorted(doc.annotations, key=lambda a: a.id)
    assert list(again.annotated.tagset) == list(doc.tagset)
    assert again.annotated.annotators == doc.annotators
    assert again.annotated.revisions == doc.revisions
    texts = {a.id: doc.document.text[a.start:a.end] for a in doc.annotations}
    assert "19ten Juni" in texts.values() or name != LETTER


@pytest.mark.parametrize("name", [LETTER, PLAY, JOURNAL])
def test_valid_tei_stays_valid(name, tei_all_schema):
    _, result = saved(name)
    assert tei_all_schema.validate(etree.fromstring(sample(name)).getroottree())
    ok = tei_all_schema.validate(etree.fromstring(result.data).getroottree())
    assert ok, [str(e) for e in tei_all_schema.error_log][:5]


def test_the_novel_keeps_exactly_its_own_schema_errors(tei_all_schema):
    _, result = saved(NOVEL)

    def errors(data: bytes) -> list[str]:
        assert not tei_all_schema.validate(etree.fromstring(data).getroottree())
        return [e.message for e in tei_all_schema.error_log]

    before = errors(sample(NOVEL))
    assert before and all("authorGender" in m or "textDesc" in m or "size" in m
                          or "reprintCount" in m or "timeSlot" in m or "channel" in m
                          for m in before)
    assert errors(result.data) == before


@pytest.mark.parametrize("name", [LETTER, PLAY, NOVEL])
def test_second_save_replaces_the_first(name):
    _, first = saved(name)
    src = TeiSource.from_bytes(first.data, name)
    again = src.annotated
    dropped = next(iter(again.annotations)).id
    model_edits.remove(again.annotations, [dropped]).apply(again.annotations)
    paragraph = src.document.paragraphs[1]
    annotate(again, [(*src.trim(paragraph.start, paragraph.start + 4), "weapon")], who="Bea")
    again.record_revision(again.annotator_for("Bea").id)
    second = splice(src, again)
    assert second.base == sample(name)
    assert strip_additions(second.data) == sample(name)
    root = etree.fromstring(second.data)
    assert len(root.xpath(f"//t:application[@ident='{APP_IDENT}']", namespaces=NS)) == 1
    assert len(root.xpath("//t:standOff[@xml:id='annotator-standoff']", namespaces=NS)) == 1
    assert len(root.xpath("//t:taxonomy[@xml:id='tagset']", namespaces=NS)) == 1
    assert sorted(root.xpath("//t:respStmt/@xml:id", namespaces=NS)) == ["ann-ana", "ann-bea"]
    assert len(root.xpath("//t:change[starts-with(@who, '#ann-')]", namespaces=NS)) == 2
    third = TeiSource.from_bytes(second.data, name)
    assert sorted(third.annotated.annotations, key=lambda a: a.id) == \
        sorted(again.annotations, key=lambda a: a.id)
    assert dropped not in third.annotated.annotations
    assert [r.who for r in third.annotated.revisions] == ["ann-ana", "ann-bea"]
    assert c14n(strip_with_lxml(second.data)) == c14n(sample(name))


def test_annotations_that_cannot_be_placed_are_reported_not_dropped():
    _, result = saved(LETTER)
    with pytest.raises(ValidationError, match="not shown"):  # it is on <expan>
        TeiSource.from_bytes(result.data, LETTER, prefer_original=True)
    edited = re.sub(rb"string-range\((ann-b\d+),\d+,", rb"string-range(\1,99999,",
                    result.data, count=1)
    with pytest.raises(ValidationError, match="outside the text") as caught:
        TeiSource.from_bytes(edited, LETTER)
    assert caught.value.line is not None


@pytest.mark.parametrize("where", ["annotator", "tag"])
def test_a_name_xml_cannot_store_is_refused_and_named(where):
    from dataclasses import replace

    from annotator.model import Tagset

    src, doc = fresh(LETTER)
    if where == "tag":
        tagset = Tagset()
        for tag in doc.tagset:
            tagset.add(replace(tag, label=tag.label + "\x01") if tag.id == "actor" else tag)
        doc.use_tagset(tagset)
        doc.annotator_for("Ana")
    else:
        doc.annotator_for("An\x02a")
    with pytest.raises(WriteError) as caught:
        splice(src, doc)
    assert ("U+0001" if where == "tag" else "U+0002") in caught.value.message
    with pytest.raises(WriteError):
        export_inline(src, doc)


def test_ids_the_file_already_uses_are_kept_and_not_reused():
    src, doc = fresh(JOURNAL)
    start, end = span_of(src, "Die hydraulische Presse hat besondere")
    annotate(doc, [(start, end, "actor")])
    result = splice(src, doc)
    # The annotated <p> has no id: it gets one; the <div>s with ids are not touched.
    assert [c for _, c in result.insertions if c.startswith(b" xml:id")] == [
        b' xml:id="' + src.document.paragraphs[src.document.paragraph_index_at(start)]
        .id.encode() + b'"']
    assert not doc.annotations.id_taken("x") and doc.annotations.id_taken("pj001_pb001")


# -- the inline export -----------------------------------------------------------------------


@functools.cache
def exported(name: str) -> tuple[AnnotatedDocument, bytes]:
    src, doc = fresh(name)
    annotate(doc, crossing_spans(name))
    return doc, export_inline(src, doc)


@pytest.mark.parametrize("name", ALL)
def test_inline_export_wraps_what_the_reader_sees_in_linked_fragments(name):
    doc, data = exported(name)
    assert TeiSource.from_bytes(data, name).document.text == doc.document.text
    root = etree.fromstring(data)
    assert not root.xpath("//t:standOff[@xml:id='annotator-standoff']", namespaces=NS)
    by_id = {e.get(XML_ID): e for e in root.iter(etree.Element) if e.get("ana")}
    for ann in doc.annotations:
        chain, element = [], by_id[ann.id]
        assert element.get("prev") is None and element.get("type") == ann.tag
        while element is not None:
            chain.append(element)
            following = element.get("next")
            element = by_id[following[1:]] if following else None
            if element is not None:
                assert element.get("prev") == f"#{chain[-1].get(XML_ID)}"
        wrapped = "".join(string_value(e) for e in chain)
        seen = doc.document.text[ann.start:ann.end]
        assert re.sub(r"\s+", "", wrapped) == re.sub(r"\s+", "", seen)


def test_inline_export_splits_at_element_boundaries():
    doc, data = exported(LETTER)
    root = etree.fromstring(data)
    fragments = {e.get(XML_ID): string_value(e) for e in root.iter(etree.Element)
                 if e.get("ana")}
    ann = next(a for a in doc.annotations if doc.document.text[a.start:a.end] == "19ten Juni")
    chain = [fragments[ann.id]] + [fragments[f"{ann.id}.{n}"] for n in (2, 3)]
    assert chain == ["19", "ten", " Juni"]  # before, inside and after <hi>
    (inside,) = root.xpath(f"//*[@xml:id='{ann.id}.2']")
    assert etree.QName(inside.getparent()).localname in ("hi", "rs", "seg")
    assert any(etree.QName(a).localname == "hi" for a in inside.iterancestors())


@pytest.mark.parametrize("name", [LETTER, PLAY, JOURNAL])
def test_inline_export_is_valid_tei(name, tei_all_schema):
    _, data = exported(name)
    ok = tei_all_schema.validate(etree.fromstring(data).getroottree())
    assert ok, [str(e) for e in tei_all_schema.error_log][:5]


# -- property: random spans round-trip exactly ----------------------------------------------


@pytest.mark.parametrize("name", [LETTER, PLAY])
def test_random_annotations_round_trip(name):
    src = source(name)
    size = len(src.document.text)

    @settings(max_examples=40)
    @given(st.lists(st.tuples(st.integers(0, size - 1), st.integers(1, 400),
                              st.sampled_from(["actor", "weapon", "commitment"])),
                    min_size=1, max_size=12))
    def check(raw):
        spans, seen = [], set()
        for start, length, tag in raw:
            span = (*src.trim(start, min(size, start + length)), tag)
            if span[0] < span[1] and span not in seen:
                seen.add(span)
                spans.append(span)
        doc = AnnotatedDocument.create(src.document)
        if not spans:
            return
        annotate(doc, spans)
        result = splice(src, doc, verify=False)
        again = TeiSource.from_bytes(result.data, name)
        assert sorted((a.start, a.end, a.tag) for a in again.annotated.annotations) == \
            sorted((a.start, a.end, a.tag) for a in doc.annotations)
        assert strip_additions(result.data) == sample(name)

    check()


@settings(max_examples=60)
@given(st.data())
def test_trim_gives_spans_that_map_exactly(data):
    src = source(data.draw(st.sampled_from([LETTER, PLAY])))
    size = len(src.document.text)
    start = data.draw(st.integers(0, size - 1))
    end = data.draw(st.integers(start + 1, min(size, start + 300)))
    first, last = src.trim(start, end)
    if first == last:
        assert src.to_source(start, end) == []
        return
    assert start <= first < last <= end
    ranges = src.to_source(start, end)
    assert ranges == src.to_source(first, last)
    spans = [src.to_text(r.anchor, r.start, r.end) for r in ranges]
    assert (spans[0][0], spans[-1][1]) == (first, last)
    assert src.trim(first, last) == (first, last)


# -- the byte scanner and awkward files -------------------------------------------------------

HEADER = ('<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
          '<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc>'
          '</fileDesc></teiHeader>')


def tei_file(body: str, *, header: str = HEADER, prolog: str = "", nl: str = "\n",
             encoding: str = "UTF-8", prefix: str = "") -> bytes:
    text = (f'<?xml version="1.0" encoding="{encoding}"?>{nl}{prolog}'
            f'<TEI xmlns="{TEI_NS}">{nl}  {header}{nl}  <text>{nl}    <body>{nl}      {body}'
            f'{nl}    </body>{nl}  </text>{nl}</TEI>{nl}')
    if prefix:
        text = re.sub(r"<(/?)(?!\?|!)([A-Za-z])", rf"<\1{prefix}:\2", text)
        text = text.replace(f'xmlns="{TEI_NS}"', f'xmlns:{prefix}="{TEI_NS}"')
    return text.encode(encoding)


def save_spans(data: bytes, phrases: list[str], **kwargs) -> tuple[TeiSource, bytes]:
    src = TeiSource.from_bytes(data, "test.xml", **kwargs)
    doc = AnnotatedDocument.create(src.document)
    annotate(doc, [(*src.trim(*span_of(src, p)), "actor") for p in phrases])
    doc.record_revision(doc.annotator_for("Ana").id)
    result = splice(src, doc)
    assert strip_additions(result.data) == data
    again = TeiSource.from_bytes(result.data, "test.xml", **kwargs)
    assert [(a.start, a.end) for a in again.annotated.annotations] == \
        [(a.start, a.end) for a in doc.annotations]
    return src, result.data


def test_scanner_skips_comments_cdata_pis_doctype_and_quoted_brackets():
    body = ('<!-- a <p> in a comment --><p rend="a>b" n=\'x>y\'>one <![CDATA[<two>]]> '
            '<?pi <p>?>three<hi rend=">">four</hi></p>')
    # The reader refuses a DOCTYPE with declarations; the scanner still steps over one.
    with_doctype = tei_file(body, prolog='<!DOCTYPE TEI [ <!ELEMENT x ANY> ]>\n')
    spans = scan(with_doctype)
    assert len(spans) == sum(1 for _ in etree.fromstring(with_doctype).iter(etree.Element))
    assert [s.name for s in spans[-2:]] == [b"p", b"hi"]
    data = tei_file(body)
    src, out = save_spans(data, ["one <two> three", "four"])
    assert src.document.text == "one <two> threefour"
    assert b"<!-- a <p> in a comment -->" in out and b"<![CDATA[<two>]]>" in out


def test_crlf_and_latin1_files_keep_their_line_ends_and_encoding():
    data = tei_file("<p>Grüße aus Köln</p>", nl="\r\n", encoding="ISO-8859-1")
    src = TeiSource.from_bytes(data, "x.xml")
    doc = AnnotatedDocument.create(src.document)
    annotate(doc, [(0, 5, "actor")], who="Jörg Ωmega")
    result = splice(src, doc)
    inserted = b"".join(chunk for _, chunk in result.insertions)
    assert b"\n" not in inserted.replace(b"\r\n", b"")
    assert "Jörg".encode("latin-1") in inserted and b"&#937;mega" in inserted
    assert strip_additions(result.data) == data
    again = TeiSource.from_bytes(result.data, "x.xml")
    assert [a.name for a in again.annotated.annotators.values()] == ["Jörg Ωmega"]


def test_prefixed_tei_gets_prefixed_additions():
    data = tei_file("<p>Ein Satz mit <hi>Wörtern</hi>.</p>", prefix="tei")
    _, out = save_spans(data, ["Satz mit Wörtern"])
    assert b"<tei:standOff" in out and b"<tei:respStmt" in out
    root = etree.fromstring(out)
    assert root.find("t:standOff/t:listAnnotation/t:annotation", NS) is not None


def test_line_breaks_hyphens_and_choices():
    body = ('<p>Ge<lb break="no"/>schichte und Zei-<lb/>tung, ein <choice><sic>Feler</sic>'
            '<corr>Fehler</corr></choice><lb/>hier.</p>')
    src = TeiSource.from_bytes(tei_file(body), "x.xml")
    assert src.document.text == "Geschichte und Zei-tung, ein Fehler hier."
    original = TeiSource.from_bytes(tei_file(body), "x.xml", prefer_original=True)
    assert original.document.text == "Geschichte und Zei-tung, ein Feler hier."
    start = src.document.text.index("Fehler hier")
    # The space <lb/> stands for is in no pointer; a span ending on it is trimmed,
    # by the model too, so every edit is.
    first, last = src.trim(start + 6, start + 7)
    assert first == last
    assert src.trim(start, start + 7) == (start, start + 6)
    assert start + 6 in src.document.synthetic
    doc = AnnotatedDocument.create(src.document)
    model_edits.add(doc.annotations, [(start, start + 7, "actor")]).apply(doc.annotations)
    assert [(a.start, a.end) for a in doc.annotations] == [(start, start + 6)]
    with pytest.raises(AnnotationError, match="line break"):
        src.document.check_range(start, start + 7)
    save_spans(tei_file(body), ["Geschichte", "Fehler hier"])


def test_a_note_and_a_list_inside_a_paragraph():
    # The note follows its paragraph; the list is read inline, as the sentence runs.
    body = ('<p>Vorher<note n="1">Die <hi>Note</hi>.</note> nachher <list><item>eins</item>'
            '<item>zwei</item></list> danach.</p>')
    src = TeiSource.from_bytes(tei_file(body), "x.xml")
    paragraphs = src.document.paragraphs
    assert [(p.kind, src.document.paragraph_text(p)) for p in paragraphs] == [
        ("paragraph", "Vorher nachher eins zwei danach."), ("note", "Die Note.")]
    _, out = save_spans(tei_file(body), ["nachher", "danach", "eins zwei", "Note"])
    assert b"string-range(ann-b3,33,6)" in out  # "danach" counted in the <p>'s string value
    assert b"string-range(ann-b3,24,8)" in out  # "eins" + "zwei": no space between them


def test_existing_ids_are_used_and_colliding_ones_avoided():
    # Numbered in document order among the blocks without an id (<text> and <body> first).
    body = '<p xml:id="intro">Erster Satz.</p><p>Zweiter Satz.</p>'
    src = TeiSource.from_bytes(tei_file(body), "x.xml")
    assert [p.id for p in src.document.paragraphs] == ["intro", "ann-b3"]
    body = '<p xml:id="ann-b3">Erster Satz.</p><p>Zweiter Satz.</p>'
    src = TeiSource.from_bytes(tei_file(body), "x.xml")
    assert [p.id for p in src.document.paragraphs] == ["ann-b3", "ann-b3-2"]
    _, out = save_spans(tei_file(body), ["Satz.\nZweiter"])
    assert b'<p xml:id="ann-b3-2">' in out and b'<p xml:id="ann-b3">' in out
    assert b"#string-range(ann-b3,7,5) #string-range(ann-b3-2,0,7)" in out


def test_native_files_are_told_apart_from_foreign_ones():
    from annotator.tei.writer import TeiWriter

    native = AnnotatedDocument.create(Document.from_paragraphs(["Ein Satz."]))
    assert is_native(etree.fromstring(TeiWriter(native).to_bytes()))
    assert not is_native(etree.fromstring(sample(LETTER)))
    _, result = saved(LETTER)
    assert not is_native(etree.fromstring(result.data))


def test_refusals_are_clear():
    with pytest.raises(ReadError, match="not a TEI document"):
        TeiSource.from_bytes(b"<html/>", "x.html")
    with pytest.raises(ReadError, match="no <text>"):
        TeiSource.from_bytes(f'<TEI xmlns="{TEI_NS}">{HEADER}</TEI>'.encode(), "x.xml")
    # UTF-7 writes the same text in several ways: what is added could not match the file.
    data = tei_file("<p>Text</p>").decode().replace('encoding="UTF-8"', 'encoding="UTF-7"')
    src = TeiSource.from_bytes(data.encode("utf-7"), "x.xml")
    doc = AnnotatedDocument.create(src.document)
    annotate(doc, [(0, 4, "actor")])
    with pytest.raises(WriteError, match="UTF-7, which Annotator cannot write back exactly"):
        splice(src, doc)


# -- the model stays as it was for native documents ------------------------------------------


def test_model_additions_are_optional():
    document = Document.from_paragraphs(["a", "b"])
    assert document.markers == () and document.markup == () and not document.reserved_ids
    assert document.paragraphs[0] == Paragraph("p1", 0, 1)
    assert document.paragraphs[0].kind == "paragraph"
    reserved = Document("ab", (Paragraph("p1", 0, 2),), reserved_ids=frozenset({"a1"}))
    doc = AnnotatedDocument.create(reserved)
    assert doc.annotations.next_id() == "a2"
    assert doc.annotations.id_taken("a1") and not doc.annotations.id_taken("a3")
