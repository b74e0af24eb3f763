"""TEI files that are not what they seem, and files that are but look odd.

* UTF-16 and UTF-32 files: annotations are saved into them in
  their own encoding, byte for byte the original around the insertions.
* A file Annotator saved annotations into, whose element ids were renamed
  afterwards: the pointers then name other words, still in range; the
  text each annotation was made on, kept beside its pointers, tells.
* Bytes that contradict the declared encoding: UTF-8 declared as
  ISO-8859-1 reads as mojibake, and is said so.
* Error dialogs quote file contents: shown as plain text, never as HTML.

Each is tried through the library, the command line (a real process) and the window.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gui_helpers import Dialogs, make_window, shift_select
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from test_hostile_input import FOREIGN, VALID

from annotator.errors import WriteError
from annotator.files import export_document, open_document, save_document
from annotator.model import edits
from annotator.tei import TEI_NS
from annotator.tei.splice import strip_additions

ROOT = Path(__file__).resolve().parent.parent


def annotator(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_NAME": "Test"}
    env.pop("ANNOTATOR_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "annotator.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


# -- UTF-16 and UTF-32 ---------------------------------------------------------------------

LETTER = (f'<?xml version="1.0" encoding="{{name}}"?>\r\n<TEI xmlns="{TEI_NS}">\r\n'
          "  <teiHeader><fileDesc><titleStmt><title>Brief</title></titleStmt>"
          "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc>"
          "</fileDesc></teiHeader>\r\n  <text><body>\r\n"
          "    <p>Grüße aus Köln 😀, wo <hi>Prag</hi> liegt.</p>\r\n"
          "    <p>Zweiter Satz über Prag.</p>\r\n"
          "  </body></text>\r\n</TEI>\r\n")
# (declared name, Python codec, byte-order mark)
UNICODE_FILES = [("UTF-16", "utf-16-le", b"\xff\xfe"), ("UTF-16", "utf-16-be", b"\xfe\xff"),
                 ("UTF-16", "utf-16-le", b""), ("UTF-16BE", "utf-16-be", b""),
                 ("UTF-32", "utf-32-le", b"\xff\xfe\x00\x00"), ("UTF-32", "utf-32-be", b"")]


def unicode_file(folder: Path, name: str, codec: str, mark: bytes) -> Path:
    path = folder / f"brief-{codec}{'-bom' if mark else ''}.xml"
    path.write_bytes(mark + LETTER.format(name=name).encode(codec))
    return path


def tag(doc, word: str, nth: int = 0) -> None:
    text = doc.document.text
    at = -1
    for _ in range(nth + 1):
        at = text.index(word, at + 1)
    edits.add(doc.annotations, [(at, at + len(word), "actor")],
              doc.annotator_for("Jörg Ωmega").id).apply(doc.annotations)


@pytest.mark.parametrize("name, codec, mark", UNICODE_FILES,
                         ids=[f"{c}{'-bom' if m else ''}" for _, c, m in UNICODE_FILES])
def test_utf16_and_utf32_files_are_saved_in_their_own_encoding(tmp_path: Path, name: str,
                                                               codec: str, mark: bytes) -> None:
    path = unicode_file(tmp_path, name, codec, mark)
    original = path.read_bytes()
    opened = open_document(path)
    assert not any("cannot" in note for note in opened.notes), opened.notes
    doc = opened.document
    tag(doc, "Prag")
    tag(doc, "Köln 😀")
    save_document(doc, path, "Jörg Ωmega", origin=opened.origin, backup=True,
                  expected_digest=opened.digest)
    saved = path.read_bytes()
    assert saved.startswith(original[:4])  # the same byte-order mark, or none
    text = saved[len(mark):].decode(codec)  # in its own encoding, all of it
    assert "Jörg Ωmega" in text and "\r\n" in text.split("<standOff", 1)[1]
    assert strip_additions(saved) == original  # byte for byte around the insertions
    again = open_document(path)
    assert [doc.annotations.text_of(a) for a in again.document.annotations] == \
        ["Köln 😀", "Prag"]
    # saved again, over its own additions; Save As to another name
    tag(again.document, "Prag", nth=1)
    save_document(again.document, path, "Jörg Ωmega", origin=again.origin)
    assert strip_additions(path.read_bytes()) == original
    copy = tmp_path / "copy.xml"
    save_document(again.document, copy, "Jörg Ωmega", origin=again.origin)
    assert copy.read_bytes().startswith(original[:4])
    result = annotator("validate", str(path), str(copy))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 annotations read back exactly" in result.stdout
    # the inline export: in the same encoding, and readable
    inline = tmp_path / "inline.xml"
    export_document(again.document, inline, "tei-inline", origin=again.origin)
    exported = inline.read_bytes()
    assert exported.startswith(original[:4])
    root = etree.fromstring(exported)
    assert [e.text for e in root.iter(f"{{{TEI_NS}}}rs")] == ["Köln 😀", "Prag", "Prag"]


def test_the_window_saves_a_utf16_file(qtbot, dialogs: Dialogs, tmp_path: Path) -> None:
    path = unicode_file(tmp_path, "UTF-16", "utf-16-le", b"\xff\xfe")
    original = path.read_bytes()
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    start = window.annotated.document.text.index("Prag")
    shift_select(qtbot, window, start, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.errors == []
    assert not window.isWindowModified()
    assert path.read_bytes().startswith(b"\xff\xfe<\x00")
    assert strip_additions(path.read_bytes()) == original
    assert [window.annotated.annotations.text_of(a)
            for a in open_document(path).document.annotations] == ["Prag"]


def test_an_encoding_annotations_cannot_be_saved_into_is_said_on_opening(tmp_path) -> None:
    path = tmp_path / "utf7.xml"
    path.write_bytes(LETTER.format(name="UTF-7").encode("utf-7"))
    opened = open_document(path)
    assert opened.document.document.text.startswith("Grüße aus Köln 😀")
    assert any("UTF-7, which Annotator cannot write back exactly" in note
               for note in opened.notes), opened.notes


# -- renamed ids ----------------------------------------------------------------------------

def swapped_ids(data: str) -> str:
    """``data`` with the ids of its two paragraphs swapped, as a careless edit would."""
    return (data.replace('xml:id="p1"', 'xml:id="TMP"').replace('xml:id="p2"', 'xml:id="p1"')
            .replace('xml:id="TMP"', 'xml:id="p2"'))


DISPLACED = [("a1", "Prag", "gnet"), ("a2", "10", "i"), ("a3", "Juli", "Prag")]


def test_renamed_ids_are_noticed_on_opening_and_by_validate(tmp_path: Path) -> None:
    assert ' n="Prag"' in FOREIGN  # the text each annotation was made on, kept beside it
    path = tmp_path / "letter.xml"
    path.write_text(swapped_ids(FOREIGN), encoding="utf-8")
    opened = open_document(path)
    texts = [opened.document.annotations.text_of(a) for a in opened.document.annotations]
    assert texts == ["gnet", " i", "Prag"]  # where the pointers now land
    assert len(opened.warnings) == 3
    for warning, (ann, made, now) in zip(opened.warnings, DISPLACED, strict=True):
        assert f"annotation '{ann}' was made on “{made}”, but its @target now gives “{now}”" \
            in warning.message
        assert warning.line is not None
    result = annotator("validate", str(path))
    assert result.returncode == 1
    assert "read back exactly" not in result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert all(re.match(rf"{re.escape(str(path))}:\d+: warning: annotation 'a\d' was made on",
                        line) for line in lines), lines
    exported = annotator("export", str(path), "-f", "csv", "-o", "-")
    assert exported.returncode == 0
    assert "warning: annotation 'a1' was made on “Prag”" in exported.stderr


def test_files_saved_before_the_text_was_kept_still_open(tmp_path: Path) -> None:
    path = tmp_path / "old.xml"
    path.write_text(re.sub(r' n="[^"]*"', "", swapped_ids(FOREIGN)), encoding="utf-8")
    opened = open_document(path)
    assert opened.warnings == []  # nothing to compare with: as before
    assert len(opened.document.annotations) == 3
    assert annotator("validate", str(path)).returncode == 0


def test_the_window_warns_before_any_work_on_displaced_annotations(
        qtbot, dialogs: Dialogs, tmp_path: Path) -> None:
    path = tmp_path / "letter.xml"
    path.write_text(swapped_ids(FOREIGN), encoding="utf-8")
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    assert len(dialogs.errors) == 1
    shown = dialogs.errors[0]
    assert "letter.xml is not what it seems" in shown
    assert "annotation 'a1' was made on “Prag”, but its @target now gives “gnet”" in shown


def test_saving_into_a_block_whose_id_is_not_unique_names_the_id_and_its_lines(
        tmp_path: Path) -> None:
    path = tmp_path / "twice.xml"
    path.write_text(FOREIGN.replace('xml:id="p2"', 'xml:id="p3"').replace(
        "</body>", '  <p xml:id="p3">Noch ein Satz.</p>\n  </body>'), encoding="utf-8")
    lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if 'xml:id="p3"' in line]
    opened = open_document(path)
    assert any("duplicate id" in note for note in opened.notes)
    doc = opened.document
    start = doc.document.text.index("regnete")
    edits.add(doc.annotations, [(start, start + 7, "actor")], "ann-ana").apply(doc.annotations)
    with pytest.raises(WriteError, match=rf"id 'p3' other elements have too \(lines "
                                         rf"{lines[0]} and {lines[1]}\)"):
        save_document(doc, path, "Ana", origin=opened.origin)


def test_a_registry_that_claims_an_element_of_the_text_leaves_it_there(tmp_path: Path) -> None:
    """Found by the fuzzer: a registry naming a paragraph as Annotator's own addition had
    it cut out of the text when saving (an IndexError). Annotator adds nothing there."""
    path = tmp_path / "claimed.xml"
    path.write_text(FOREIGN.replace("#annotator-standoff", "#annotator-standoff #p2", 1),
                    encoding="utf-8")
    opened = open_document(path)
    assert [opened.document.annotations.text_of(a) for a in opened.document.annotations] == \
        ["Prag", "10", "Juli"]
    text = opened.document.document.text
    tag(opened.document, "regnete")
    save_document(opened.document, path, "Ana", origin=opened.origin)
    again = open_document(path)
    assert again.document.document.text == text
    assert '<p xml:id="p2">Am 10. Juli regnete es in Prag viel.</p>' in path.read_text()
    assert len(again.document.annotations) == 4


# -- the declared encoding and the bytes ------------------------------------------------------

def declared_latin1(tmp_path: Path) -> Path:
    """Annotator's own file (UTF-8) whose declaration somebody changed to ISO-8859-1."""
    text = VALID.replace("Boris Pistorius", "Ankündigung für Boris Pistorius")
    path = tmp_path / "mojibake.xml"
    path.write_bytes(text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1).encode())
    return path


def test_utf8_bytes_declared_latin1_are_warned_about(tmp_path: Path) -> None:
    path = declared_latin1(tmp_path)
    opened = open_document(path)
    assert "AnkÃ¼ndigung" in opened.document.document.text  # read as declared
    [warning] = opened.warnings
    assert warning.message.startswith('the file declares encoding="ISO-8859-1", but its bytes '
                                      "are UTF-8: “Ankündigung” reads as “AnkÃ¼ndigung”")
    assert warning.line == VALID[:VALID.index("Boris Pistorius")].count("\n") + 1
    result = annotator("validate", str(path))
    assert result.returncode == 1
    assert "valid" not in result.stderr
    assert result.stdout.startswith(f"{path}:{warning.line}: warning: the file declares")


@pytest.mark.parametrize("name, codec, words", [
    ("ISO-8859-1", "latin-1", "Grüße aus Köln, Ærø, ¿qué? « à la »"),
    ("windows-1252", "cp1252", "„Anführung“ – Gedankenstrich … €"),
    ("ISO-8859-15", "iso8859-15", "Œuvre, € et ½"),
    ("ISO-8859-1", "latin-1", "plain ASCII only"),
])
def test_files_really_in_their_declared_encoding_are_not_warned_about(
        tmp_path: Path, name: str, codec: str, words: str) -> None:
    path = tmp_path / "right.xml"
    text = VALID.replace("Boris Pistorius", f"Boris Pistorius {words}")
    path.write_bytes(text.replace('encoding="UTF-8"', f'encoding="{name}"', 1).encode(
        codec, "xmlcharrefreplace"))  # (the tagset's "…" as a reference in Latin-1)
    opened = open_document(path)
    assert words in opened.document.document.text
    assert opened.warnings == []


def test_the_window_warns_about_mojibake_on_opening(qtbot, dialogs: Dialogs,
                                                    tmp_path: Path) -> None:
    window = make_window(qtbot)
    assert window.files.open_path(declared_latin1(tmp_path), ask=False)
    assert len(dialogs.errors) == 1
    assert "“Ankündigung” reads as “AnkÃ¼ndigung”" in dialogs.errors[0]


# -- dialogs show file contents as text -------------------------------------------------------

def test_error_dialogs_show_file_contents_as_plain_text(qtbot, tmp_path: Path,
                                                        monkeypatch) -> None:
    """An attribute value quoted in an error message must not become a heading, a link
    or an image: the window once drew "VIRUS FOUND … call +1-555-…" as a large heading."""
    heading = "<h1>VIRUS FOUND – call +1-555-0100</h1>"
    escaped = heading.replace("<", "&lt;").replace(">", "&gt;")
    path = tmp_path / "<b>bold<\\b>.xml"
    path.write_text(VALID.replace('ana="#cat-actor"', f'ana="#cat-actor {escaped}"', 1),
                    encoding="utf-8")
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    window = make_window(qtbot)
    assert not window.files.open_path(path, ask=False)
    [box] = boxes
    assert box.text() == "Could not open <b>bold<\\b>.xml"
    assert heading in box.informativeText()
    labels = box.findChildren(QLabel)
    shown = [label for label in labels if heading in label.text()]
    assert shown, [label.text() for label in labels]
    for label in labels:
        if label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    box.show()
    qtbot.waitExposed(box)
    # Laid out as text: the heading's characters take room on the line, tags and all.
    assert shown[0].sizeHint().width() > shown[0].fontMetrics().horizontalAdvance("VIRUS") * 4
    box.close()
