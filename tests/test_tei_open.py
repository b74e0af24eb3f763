"""Real TEI documents that were refused or read wrong, though well-formed.

* ``xml:id`` values that are not XML names (``xi:include_1.d2e187``, left by an
  XInclude tool in an Arabic periodical): libxml2 refuses them, the file is
  well-formed; it opens with a note and those attributes are never touched.
* A DOCTYPE whose internal subset only declares parameter entities (item 2).
* The space the view shows for an ``<lb/>`` that the source lacks (item 9).
* Text kept only in ``<sourceDoc>`` (item 4).

Each is a small document of its own, in the language concerned, read by both walks
alike, annotated across the feature in the real window, saved with insertions only
(the saved file minus the inserted markup is the original, byte for byte), and its
pointers checked against the saved file.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest
from gui_helpers import make_window, shift_select
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from test_tei_extractor import assert_same

from annotator.errors import AnnotatorError, WriteError
from annotator.files import export_document, open_document, save_document
from annotator.model import edits
from annotator.tei import TEI_NS, XML_ID
from annotator.tei.splice import strip_additions

NS = {"t": TEI_NS}
RANGE = re.compile(r"#string-range\(([^,]+),(\d+),(\d+)\)")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def select_and_tag(qtbot, window, phrase: str, key: str) -> None:
    """Select ``phrase`` in the view and press the tag key. Right-to-left text is
    selected as a drag selects it, from its first character to its last in reading
    order (Shift+Right moves to the left there); other text with Shift+Right presses."""
    start = window.annotated.document.text.index(phrase)
    view = window.view
    view.ensure_visible(start)
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in phrase):
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.positions.to_qt(start))
        cursor.setPosition(view.positions.to_qt(start + len(phrase)),
                           QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
    else:
        shift_select(qtbot, window, start, len(phrase))
    qtbot.keyClick(view, key)


def save_with_keys(qtbot, window) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def only_insertions(original: bytes, saved: bytes) -> None:
    """``saved`` is ``original`` with pieces inserted and nothing else changed: taking
    Annotator's additions out gives the original bytes, and the original is a
    subsequence of the saved bytes in order."""
    assert strip_additions(saved) == original
    position = 0
    for byte in original:  # (small files only)
        position = saved.index(byte, position) + 1


def pointed_texts(saved: bytes) -> dict[str, list[str]]:
    """For each annotation in ``saved``: the text of each of its ranges, cut from the
    string value of the element its pointer names (found by its xml:id), its runs of
    white space one space, as the reader shows them."""
    # (without libxml2's id table, which refuses ids that are not names)
    root = etree.fromstring(saved, etree.XMLParser(collect_ids=False))
    by_id = {e.get(XML_ID): e for e in root.iter(etree.Element) if e.get(XML_ID)}
    found = {}
    for annotation in root.iter(f"{{{TEI_NS}}}annotation"):
        pieces = []
        for anchor, offset, length in RANGE.findall(annotation.get("target")):
            value = by_id[anchor].xpath("string(.)")
            pieces.append(" ".join(value[int(offset):int(offset) + int(length)].split()))
        found[annotation.get(XML_ID)] = pieces
    return found


# -- 1. xml:ids that are not XML names ------------------------------------------------------

NOT_NAMES = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ar">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>مجلة الزهور</title></titleStmt>
      <publicationStmt><p>القاهرة</p></publicationStmt>
      <sourceDesc>
        <biblStruct xml:id="xi:include_1.d2e187">
          <monogr><title>الزهور</title>
            <imprint><date when="1910-07-01">١٩١٠</date></imprint></monogr>
        </biblStruct>
      </sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <div>
        <head>الأدب في مصر</head>
        <p>كتب <persName xml:id="xi:include_1.d2e203">أنطون الجميل</persName>
          في القاهرة عن الشعر.</p>
        <p xml:id="xi:include_1.d2e210">وقال الشاعر في الربيع قصيدة.</p>
      </div>
    </body>
  </text>
</TEI>
"""


def test_ids_that_are_not_names_open_with_a_note(tmp_path: Path) -> None:
    path = write(tmp_path, "zuhur.xml", NOT_NAMES)
    opened = open_document(path)
    text = opened.document.document.text
    assert text == ("الأدب في مصر\nكتب أنطون الجميل في القاهرة عن الشعر.\n"
                    "وقال الشاعر في الربيع قصيدة.")
    lines = NOT_NAMES.splitlines()
    for value in ("xi:include_1.d2e187", "xi:include_1.d2e203", "xi:include_1.d2e210"):
        line = next(n for n, ln in enumerate(lines, 1) if value in ln)
        assert any(note.startswith(f"{path}:{line}: xml:id {value!r} is not an XML name")
                   for note in opened.notes), opened.notes
    assert_same(NOT_NAMES.encode())  # the compiled walk reads it as the Python walk does


def test_other_errors_next_to_such_ids_still_refuse(tmp_path: Path) -> None:
    from annotator.errors import ReadError

    broken = NOT_NAMES.replace("<head>", "<head><hi>", 1)
    with pytest.raises(ReadError, match="not well-formed XML: Opening and ending tag mismatch"):
        open_document(write(tmp_path, "broken.xml", broken))


def test_annotating_across_an_element_whose_id_is_not_a_name(qtbot, dialogs, tmp_path: Path
                                                              ) -> None:
    path = write(tmp_path, "zuhur.xml", NOT_NAMES)
    original = path.read_bytes()
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    assert dialogs.errors == []
    assert "is not an XML name" in window.statusBar().currentMessage()
    # Across <persName xml:id="xi:include_1.d2e203">: the pointer names the paragraph.
    select_and_tag(qtbot, window, "كتب أنطون الجميل في", "1")
    store = window.annotated.annotations
    assert [store.text_of(a) for a in store] == ["كتب أنطون الجميل في"]
    save_with_keys(qtbot, window)
    assert dialogs.errors == [] and not window.is_modified
    saved = path.read_bytes()
    only_insertions(original, saved)
    for value in (b"xi:include_1.d2e187", b"xi:include_1.d2e203", b"xi:include_1.d2e210"):
        assert saved.count(b'xml:id="' + value + b'"') == 1  # untouched, not given another
    assert list(pointed_texts(saved).values()) == [["كتب أنطون الجميل في"]]
    window.close()
    again = make_window(qtbot)
    assert again.files.open_path(path, ask=False)
    assert dialogs.errors == []
    store = again.annotated.annotations
    assert [store.text_of(a) for a in store] == ["كتب أنطون الجميل في"]


def test_an_annotation_in_an_element_whose_id_is_not_a_name_is_not_saved(tmp_path: Path
                                                                          ) -> None:
    path = write(tmp_path, "zuhur.xml", NOT_NAMES)
    original = path.read_bytes()
    opened = open_document(path)
    doc = opened.document
    start = doc.document.text.index("الربيع")
    edits.add(doc.annotations, [(start, start + 6, "actor")],
              doc.annotator_for("Ana").id).apply(doc.annotations)
    line = next(n for n, ln in enumerate(NOT_NAMES.splitlines(), 1) if "d2e210" in ln)
    with pytest.raises(WriteError, match=rf"annotation a1 lies in an element \(line {line}\) "
                                         r"whose xml:id 'xi:include_1.d2e210' is not an XML "
                                         "name: no pointer can name it"):
        save_document(doc, path, "Ana", origin=opened.origin)
    assert path.read_bytes() == original


# -- 2. a DOCTYPE that declares only parameter entities --------------------------------------

SWITCHES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE TEI [
  <!-- the modules this edition was first encoded with (TEI P4 style switches) -->
  <!ENTITY % TEI.prose "INCLUDE">
  <!ENTITY % TEI.linking 'INCLUDE'>
  <!ENTITY % TEI.figures "IGNORE">
]>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="la">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Carmina</title></titleStmt>
      <publicationStmt><p>Editio electronica</p></publicationStmt>
      <sourceDesc><p>Codex</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <lg>
        <l>Vivamus, mea <persName>Lesbia</persName>, atque amemus,</l>
        <l>rumoresque senum severiorum</l>
      </lg>
    </body>
  </text>
</TEI>
"""


def test_a_doctype_with_only_parameter_entities_opens(tmp_path: Path, tei_all_schema) -> None:
    path = write(tmp_path, "carmina.xml", SWITCHES)
    assert tei_all_schema.validate(etree.fromstring(SWITCHES.encode())), \
        tei_all_schema.error_log
    opened = open_document(path)
    assert opened.document.document.text == ("Vivamus, mea Lesbia, atque amemus,\n"
                                             "rumoresque senum severiorum")
    assert opened.notes == []
    assert_same(SWITCHES.encode())
    # The DTD it names, if any, is still never read.
    named = SWITCHES.replace("<!DOCTYPE TEI [", '<!DOCTYPE TEI SYSTEM "tei_all.dtd" [', 1)
    assert open_document(write(tmp_path, "named.xml", named)).document.document.text == \
        opened.document.document.text


@pytest.mark.parametrize("subset, words", [
    ('<!ENTITY % a "INCLUDE"> %a;', "declares entities"),  # a reference: expanded
    ("<!ENTITY % a \"&#60;!ENTITY b SYSTEM 'file:///etc/passwd'>\"> %a;", "declares entities"),
    ('<!ENTITY % a "x"><!ENTITY % b "%a;%a;">', "declares entities"),
    ('<!ENTITY % a SYSTEM "file:///etc/passwd">', "declares entities"),
    ('<!ENTITY % a "INCLUDE"><!ENTITY lesbia "Lesbia">', "declares entities"),
    ('<!ENTITY % a "x]"><!ENTITY b SYSTEM "file:///etc/passwd">', "declares entities"),
    ('<!ENTITY % a "INCLUDE"><!ATTLIST l n CDATA "1">', "declares entities"),
    ('<!ELEMENT l ANY>', "declarations of its own"),
])
def test_doctypes_that_reach_out_or_expand_stay_refused(tmp_path: Path, subset: str,
                                                        words: str) -> None:
    from annotator.errors import ReadError

    text = re.sub(r"<!DOCTYPE TEI \[.*?\]>", lambda _: f"<!DOCTYPE TEI [{subset}]>",
                  SWITCHES, count=1, flags=re.S)
    with pytest.raises(ReadError, match=f"{words}.*refused unread for safety"):
        open_document(write(tmp_path, "refused.xml", text))


def test_annotating_a_file_with_parameter_entities_keeps_its_doctype(qtbot, dialogs,
                                                                     tmp_path: Path,
                                                                     tei_all_schema) -> None:
    path = write(tmp_path, "carmina.xml", SWITCHES)
    original = path.read_bytes()
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    assert dialogs.errors == []
    select_and_tag(qtbot, window, "mea Lesbia, atque", "1")  # across <persName>
    save_with_keys(qtbot, window)
    assert dialogs.errors == [] and not window.is_modified
    saved = path.read_bytes()
    only_insertions(original, saved)
    subset_end = original.index(b"]>") + 2
    assert saved[:subset_end] == original[:subset_end]  # the DOCTYPE byte for byte
    assert tei_all_schema.validate(etree.fromstring(saved)), tei_all_schema.error_log
    assert list(pointed_texts(saved).values()) == [["mea Lesbia, atque"]]
    window.close()
    again = open_document(path)
    store = again.document.annotations
    assert [store.text_of(a) for a in store] == ["mea Lesbia, atque"]


# -- 9. the space the view shows for an <lb/> the source lacks -------------------------------

# In a <p>, a line break is read as a space: in an <ab> each line would be a block of
# its own (docs/tei-import.md, "Lines"), which tests/test_tei_reading_kinds.py tests.
INSCRIPTION = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="he">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>כתובת בית הכנסת</title></titleStmt>
      <publicationStmt><p>מהדורה דיגיטלית</p></publicationStmt>
      <sourceDesc><p>לוח אבן</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <p>זכור לטוב יוסה בר טלא<lb/>שור שנתן את הפסיפס<lb/>
        הזה לבית הכנסת</p>
    </body>
  </text>
</TEI>
"""


def read_as_the_reader_does(element: etree._Element, start: int, end: int) -> str:
    """What ``string-range(ID,start,end - start)`` gives, read as the reader reads it:
    the characters of ``element``'s string value in [start, end), with the space the
    view shows for an ``<lb/>`` strictly inside the range where the string value has
    no white space on either side (the rule of this document's line breaks)."""
    pieces: list[tuple[int, str]] = []  # (offset, text) of each text node
    breaks: list[int] = []
    offset = 0

    def walk(node: etree._Element) -> None:
        nonlocal offset
        if node.text:
            pieces.append((offset, node.text))
            offset += len(node.text)
        for child in node:
            if child.tag == f"{{{TEI_NS}}}lb":
                breaks.append(offset)
            walk(child)
            if child.tail:
                pieces.append((offset, child.tail))
                offset += len(child.tail)

    walk(element)
    value = "".join(text for _, text in pieces)
    shown = [at for at in breaks if start < at < end
             and not value[at - 1].isspace() and not value[at].isspace()]
    cuts = [start, *shown, end]
    return " ".join(" ".join(value[i:j].split()) for i, j in pairwise(cuts))


def test_an_annotation_across_an_lb_says_the_same_everywhere(qtbot, dialogs,
                                                             tmp_path: Path) -> None:
    path = write(tmp_path, "inscription.xml", INSCRIPTION)
    original = path.read_bytes()
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    text = window.annotated.document.text
    assert text == "זכור לטוב יוסה בר טלא שור שנתן את הפסיפס הזה לבית הכנסת"
    # The space between "טלא" and "שור" is the view's: the source has none.
    assert text.index("טלא שור") + 3 in window.annotated.document.synthetic
    select_and_tag(qtbot, window, "בר טלא שור", "1")
    model = window.dock.model
    shown = model.data(model.index(0, 1))
    assert shown == "בר טלא שור"  # the annotation list
    save_with_keys(qtbot, window)
    assert dialogs.errors == [] and not window.is_modified
    saved = path.read_bytes()
    only_insertions(original, saved)
    # The pointer counts the characters of the string value: "בר טלא" and "שור", 9 of
    # them, with the <lb/> between; read as the reader reads it, the list's text.
    root = etree.fromstring(saved)
    [annotation] = root.iter(f"{{{TEI_NS}}}annotation")
    [(anchor, offset, length)] = RANGE.findall(annotation.get("target"))
    assert length == "9"
    element = root.xpath("//*[@xml:id=$id]", id=anchor)[0]
    assert element.xpath("string(.)")[int(offset):int(offset) + 9] == "בר טלאשור"
    assert read_as_the_reader_does(element, int(offset), int(offset) + 9) == shown
    assert annotation.get("n") == shown  # the text the annotation was made on
    # The exports write the same text.
    doc, origin = window.annotated, window.session.origin
    export_document(doc, tmp_path / "out.csv", "csv", origin=origin)
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as table:
        assert [row["text"] for row in csv.DictReader(table)] == [shown]
    export_document(doc, tmp_path / "out.jsonl", "jsonl", origin=origin)
    rows = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(row)["text"] for row in rows] == [shown]
    export_document(doc, tmp_path / "inline.xml", "tei-inline", origin=origin)
    inline = etree.parse(str(tmp_path / "inline.xml")).getroot()
    block = inline.find(".//t:body/t:p", NS)
    fragments = block.findall("t:rs", NS)
    assert [f.text for f in fragments] == ["בר טלא", "שור"]  # one either side of the <lb/>
    assert fragments[0].getnext().tag == f"{{{TEI_NS}}}lb"
    window.close()
    again = open_document(path)
    assert again.warnings == []
    store = again.document.annotations
    assert [store.text_of(a) for a in store] == [shown]


def test_a_file_saved_before_the_lb_space_was_kept_opens_without_a_warning(tmp_path: Path
                                                                           ) -> None:
    path = write(tmp_path, "inscription.xml", INSCRIPTION)
    opened = open_document(path)
    doc = opened.document
    start = doc.document.text.index("טלא שור")
    edits.add(doc.annotations, [(start, start + 7, "actor")],
              doc.annotator_for("Ana").id).apply(doc.annotations)
    save_document(doc, path, "Ana", origin=opened.origin)
    saved = path.read_text(encoding="utf-8")
    assert 'n="טלא שור"' in saved
    path.write_text(saved.replace('n="טלא שור"', 'n="טלאשור"'), encoding="utf-8")  # as before
    assert open_document(path).warnings == []
    path.write_text(saved.replace('n="טלא שור"', 'n="טלא שוב"'), encoding="utf-8")
    [warning] = open_document(path).warnings
    assert "was made on “טלא שוב”, but its @target now gives “טלא שור”" in warning.message


def test_both_walks_read_the_inscription_alike() -> None:
    assert_same(INSCRIPTION.encode())


# -- 4. text kept only in <sourceDoc> -------------------------------------------------------

NOTEBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>A notebook</title></titleStmt>
      <publicationStmt><p>Unpublished</p></publicationStmt>
      <sourceDesc><p>Two leaves of a draft</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <sourceDoc>
    <surface n="1r" xml:id="leaf-1r">
      <graphic url="leaf-1r.jpg"/>
      <zone type="pagination"><line>12</line></zone>
      <zone type="main">
        <line>Those events which materially influence our fu</line>
        <line>ture destinies are <del rend="strikethrough">often</del>
          <add place="superlinear">always</add> slight.</line>
      </zone>
    </surface>
    <surface n="1v" xml:id="leaf-1v">
      <zone type="main">
        <line>When I was eleven years old we went</line>
        <line>to the baths near Thonon.</line>
      </zone>
    </surface>
  </sourceDoc>
</TEI>
"""
NOTEBOOK_TEXT = ("12\nThose events which materially influence our fu\n"
                 "ture destinies are often always slight.\n"
                 "When I was eleven years old we went\nto the baths near Thonon.")


def test_a_source_doc_is_read_line_by_line(tmp_path: Path) -> None:
    opened = open_document(write(tmp_path, "notebook.xml", NOTEBOOK))
    document = opened.document.document
    assert document.text == NOTEBOOK_TEXT
    assert {p.kind for p in document.paragraphs} == {"line"}
    # Each page marked where it begins, with its number, as a page break is.
    assert [(m.kind, m.label, m.offset) for m in document.markers] == [
        ("pb", "1r", 0), ("pb", "1v", NOTEBOOK_TEXT.index("When"))]
    assert opened.notes == []
    assert_same(NOTEBOOK.encode())


def test_annotating_across_the_lines_of_a_page(qtbot, dialogs, tmp_path: Path,
                                               tei_all_schema) -> None:
    path = write(tmp_path, "notebook.xml", NOTEBOOK)
    original = path.read_bytes()
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    view = window.view
    assert view.toPlainText().startswith("12\nThose events")  # one line after the other
    assert view.margin.isVisible()  # the pages' numbers
    select_and_tag(qtbot, window, "influence our fu\nture destinies", "1")
    store = window.annotated.annotations
    assert [store.text_of(a) for a in store] == ["influence our fu\nture destinies"]
    save_with_keys(qtbot, window)
    assert dialogs.errors == [] and not window.is_modified
    saved = path.read_bytes()
    only_insertions(original, saved)
    # One range in each line (each given an id), as a pointer across blocks has.
    assert list(pointed_texts(saved).values()) == [["influence our fu", "ture destinies"]]
    assert saved.count(b'<line xml:id="ann-b') == 2
    assert tei_all_schema.validate(etree.fromstring(saved)), tei_all_schema.error_log
    # The inline export wraps the lines' words in <seg> (a <line> takes no <rs>): valid.
    export_document(window.annotated, tmp_path / "inline.xml", "tei-inline",
                    origin=window.session.origin)
    inline = etree.parse(str(tmp_path / "inline.xml"))
    assert [e.text for e in inline.iterfind(".//t:line/t:seg", NS)] == [
        "influence our fu", "ture destinies"]
    assert tei_all_schema.validate(inline), tei_all_schema.error_log
    window.close()
    again = open_document(path)
    store = again.document.annotations
    assert [store.text_of(a) for a in store] == ["influence our fu\nture destinies"]


def test_a_source_doc_beside_a_text_with_a_body_is_named_not_shown(tmp_path: Path) -> None:
    both = NOTEBOOK.replace("</TEI>", "  <text><body><p>Those events which materially "
                            "influence our future destinies.</p></body></text>\n</TEI>")
    opened = open_document(write(tmp_path, "both.xml", both))
    assert opened.document.document.text == ("Those events which materially influence our "
                                              "future destinies.")
    line = both.splitlines().index("  <sourceDoc>") + 1
    characters = sum(len(" ".join(part.split())) for part in NOTEBOOK_TEXT.split("\n"))
    assert opened.notes == [f"the file's <sourceDoc> (line {line}) transcribes its pages in "
                            f"5 lines ({characters} characters) that are not shown: Annotator "
                            "shows its <text>"]
    assert_same(both.encode())


def test_a_source_doc_beside_front_and_back_matter_is_read_between_them(tmp_path: Path
                                                                        ) -> None:
    framed = NOTEBOOK.replace("</TEI>", "  <text><front><head>Draft notebook</head></front>"
                              "<body><div/></body><back><p>End of the draft.</p></back></text>"
                              "\n</TEI>")
    opened = open_document(write(tmp_path, "framed.xml", framed))
    # In document order: the pages (sourceDoc comes first), then the text's front and back.
    assert opened.document.document.text == \
        NOTEBOOK_TEXT + "\nDraft notebook\nEnd of the draft."
    assert_same(framed.encode())


def test_the_shelley_godwin_notebook_is_read_from_its_source_doc(tmp_path: Path) -> None:
    """The Frankenstein draft (Shelley-Godwin Archive) has no <text>: it was refused."""
    import reference

    sample = reference.path("samples-more", "sga-ox-ms_abinger_c56Full.xml")
    path = tmp_path / sample.name
    path.write_bytes(sample.read_bytes())
    original = path.read_bytes()
    opened = open_document(path)
    document = opened.document.document
    lines = etree.fromstring(original).xpath("count(//t:line[normalize-space()])",
                                             namespaces=NS)
    assert sum(p.kind == "line" for p in document.paragraphs) == lines > 4000
    assert "Those events which materially influence our fu\nture destinies" in document.text
    pages = etree.fromstring(original).xpath("count(//t:surface[normalize-space()])",
                                             namespaces=NS)
    assert sum(m.kind == "pb" for m in document.markers) == pages > 100  # not the blank
    doc = opened.document
    start = document.text.index("Corne\nlius Agrippa")
    edits.add(doc.annotations, [(start, start + 18, "actor")],
              doc.annotator_for("Ana").id).apply(doc.annotations)
    save_document(doc, path, "Ana", origin=opened.origin)
    saved = path.read_bytes()
    assert strip_additions(saved) == original
    assert list(pointed_texts(saved).values()) == [["Corne", "lius Agrippa"]]
    again = open_document(path)
    assert [again.document.annotations.text_of(a) for a in again.document.annotations] == [
        "Corne\nlius Agrippa"]
    assert_same(original)


def test_many_ids_that_are_not_names_are_summed_up(tmp_path: Path) -> None:
    paragraphs = "".join(f'<p xml:id="xi:include_1.d2e{n}">فقرة {n}</p>\n' for n in range(40))
    many = NOT_NAMES.replace("</div>", paragraphs + "</div>", 1)
    opened = open_document(write(tmp_path, "many.xml", many))
    assert len(opened.notes) == 4  # three by name, then the other 40 in one
    assert "40 more xml:ids are not XML names either (lines " in opened.notes[3]
    assert opened.notes[3].endswith(", …); kept as they are")


def test_a_block_whose_id_is_not_a_name_has_a_paragraph_id_that_is(tmp_path: Path) -> None:
    """Found by the fuzzer: the model's paragraph ids are names; a block's xml:id "#p1"
    became one that is not (its pointers are refused, the paragraph needs an id)."""
    from annotator.model.document import is_ncname

    text = NOT_NAMES.replace('xml:id="xi:include_1.d2e210"', 'xml:id="#p1"')
    opened = open_document(write(tmp_path, "zuhur.xml", text))
    ids = [p.id for p in opened.document.document.paragraphs]
    assert all(is_ncname(i) for i in ids) and len(set(ids)) == len(ids)
    assert_same(text.encode())


def test_an_annotation_made_on_the_original_spelling_reopens_on_it(tmp_path: Path) -> None:
    """Found by the fuzzer: saved with the original spellings shown, an annotation that
    begins on one ("Trmp hatte") reopened with the edited reading ("Trump hatte"), the
    other text and other characters; its pointer begins on text that reading hides."""
    path = write(tmp_path, "brief.xml", NOTEBOOK.replace(
        "<sourceDoc>", "<text><body><p><choice><sic>Trmp</sic><corr>Trump</corr></choice> "
        "hatte es angekündigt.</p></body></text>\n  <sourceDoc>"))
    opened = open_document(path, prefer_original=True)
    doc = opened.document
    assert doc.document.text == "Trmp hatte es angekündigt."
    edits.add(doc.annotations, [(0, 10, "actor")], doc.annotator_for("Ana").id).apply(
        doc.annotations)
    save_document(doc, path, "Ana", origin=opened.origin)
    again = open_document(path)
    assert again.document.document.text == "Trmp hatte es angekündigt."
    assert [again.document.annotations.text_of(a) for a in again.document.annotations] == [
        "Trmp hatte"]
    assert again.warnings == []


# -- found by the fuzzer: Annotator's tagset in a file it did not write, damaged ----------------


def test_a_tagset_category_without_its_description_is_a_message_not_a_crash(tmp_path: Path
                                                                            ) -> None:
    path = write(tmp_path, "inscription.xml", INSCRIPTION)
    opened = open_document(path)
    doc = opened.document
    start = doc.document.text.index("טלא")
    edits.add(doc.annotations, [(start, start + 3, "actor")],
              doc.annotator_for("Ana").id).apply(doc.annotations)
    save_document(doc, path, "Ana", origin=opened.origin)
    saved = path.read_text(encoding="utf-8")
    damaged = re.sub(r"<catDesc>.*?</catDesc>", "", saved, count=1, flags=re.S)
    assert damaged != saved
    path.write_text(damaged, encoding="utf-8")
    with pytest.raises(AnnotatorError) as refused:
        open_document(path)
    assert "has no <catDesc>, which names the tag" in str(refused.value)
    command = [str(Path(sys.executable).with_name("annotator")), "validate", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert "has no <catDesc>" in result.stdout + result.stderr


# A catalogue record (the Bodleian's medieval manuscripts): all it says is in the
# header's <msDesc>; its <text> is an empty paragraph.
CATALOGUE = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="manuscript_1">
  <teiHeader><fileDesc><titleStmt><title>MS. Test 1</title></titleStmt>
    <publicationStmt><p>Oxford</p></publicationStmt>
    <sourceDesc><msDesc xml:id="MS_Test_1"><msIdentifier><settlement>Oxford</settlement>
      <repository>Bodleian Library</repository><idno>MS. Test 1</idno></msIdentifier>
      <msContents><msItem><title>Evangelia</title><textLang mainLang="la">Latin</textLang>
      </msItem></msContents></msDesc></sourceDesc></fileDesc></teiHeader>
  <text>
    <body>
      <p/>
    </body>
  </text>
</TEI>
"""


def test_a_file_whose_text_is_empty_opens_and_says_where_its_content_is(
        qtbot, tmp_path: Path) -> None:
    path = write(tmp_path, "catalogue.xml", CATALOGUE)
    opened = open_document(path)
    assert opened.document.document.text == ""
    assert opened.notes == [
        "the file's <text> (line 9) has no text to read or annotate; its header describes "
        "a manuscript (<msDesc>, 48 characters), which Annotator does not show"]
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    assert "has no text to read" in window.statusBar().currentMessage()
    result = subprocess.run([sys.executable, "-m", "annotator.cli", "validate", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "has no text to read" in result.stdout + result.stderr


def test_a_file_without_a_text_is_refused_with_where_its_content_is(tmp_path: Path) -> None:
    # A manuscript record (Corpus Coranicum): the header describes it, a <facsimile>
    # holds its image; there is no <text> to read.
    record = CATALOGUE.replace("""  <text>
    <body>
      <p/>
    </body>
  </text>
""", """  <facsimile><surface><graphic url="f1.jpg"/></surface>
    <surface><graphic url="f2.jpg"/></surface></facsimile>
""")
    path = write(tmp_path, "record.xml", record)
    with pytest.raises(AnnotatorError, match=r"record.xml:2: the TEI document has no <text>; "
                       r"its header describes a manuscript \(<msDesc>, 48 characters\), which "
                       r"Annotator does not show; its <facsimile> has 2 images and no text"):
        open_document(path)
