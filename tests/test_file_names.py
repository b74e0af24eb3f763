"""File names as the operating system gives them: bytes that are not UTF-8, line breaks.

Real files with such names, through the library, the command line (real processes,
in a UTF-8 locale whose output refuses what is not UTF-8) and the window: they open,
save, save as, export and are journaled for crash recovery under exactly their own
names; wherever a name is shown, a byte that is not UTF-8 is U+FFFD and a line
break is ``\\n``, so that ``file: message`` stays one line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gui_helpers import SAMPLE_TXT, Dialogs
from PySide6.QtCore import Qt
from test_recovery import activate, app, crash, start_again, tag_with_key  # noqa: F401

from annotator.errors import Problem
from annotator.filenames import displayable, shown_path
from annotator.files import export_document, open_document, save_document
from annotator.gui import create_window
from annotator.gui import names as gui_names
from annotator.gui.recovery import RecoveryController
from annotator.model import edits

ROOT = Path(__file__).resolve().parent.parent
REPLACED = "\ufffd"


def named(folder: Path, name: bytes, data: bytes) -> Path:
    """A real file called ``name`` (bytes, as the file system has it) in ``folder``."""
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))
    path.write_bytes(data)
    return path


def names_in(folder: Path) -> set[bytes]:
    return set(os.listdir(os.fsencode(folder)))


def annotator_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The command in a real process whose output is strict UTF-8, as in a UTF-8 locale
    (Python's C locale would let the bytes through and hide the problem)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "ANNOTATOR_NAME": "Test"}
    env.pop("ANNOTATOR_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "annotator.cli", *map(os.fsencode, args)],
                          cwd=cwd, env=env, capture_output=True, timeout=60)


def test_a_name_that_is_not_utf8_opens_saves_and_exports(tmp_path: Path) -> None:
    text = named(tmp_path, b"Bericht \xff\xfe.txt", SAMPLE_TXT.read_bytes())
    opened = open_document(text)
    doc = opened.document
    assert doc.document.metadata.title == f"Bericht {REPLACED}{REPLACED}"
    edits.add(doc.annotations, [(0, 7, "actor")], doc.annotator_for("Ana").id) \
        .apply(doc.annotations)
    tei = text.with_suffix(".xml")
    save_document(doc, tei, "Ana")
    save_document(doc, tei, "Ana", backup=True)  # over itself, keeping the old one
    again = open_document(tei)
    assert [(a.start, a.end, a.tag) for a in again.document.annotations] == [(0, 7, "actor")]
    for fmt in ("csv", "jsonl", "tei-inline", "txt"):
        export_document(doc, text.with_suffix(f".{fmt}"), fmt, source=str(text))
    assert names_in(tmp_path) == {b"Bericht \xff\xfe" + suffix for suffix in (
        b".txt", b".xml", b".xml.bak", b".csv", b".jsonl", b".tei-inline")}
    row = next(csv.DictReader(io.StringIO(
        text.with_suffix(".csv").read_text(encoding="utf-8"))))
    assert row["source"].endswith(f"Bericht {REPLACED}{REPLACED}.txt")
    line = json.loads(text.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["source"].endswith(f"Bericht {REPLACED}{REPLACED}.txt")


def test_the_command_line_keeps_such_names_and_shows_them_replaced(tmp_path: Path) -> None:
    named(tmp_path, b"art\xffikel.txt", SAMPLE_TXT.read_bytes())
    source, tei = os.fsdecode(b"art\xffikel.txt"), os.fsdecode(b"art\xffikel.xml")
    imported = annotator_cli("import", source, "-o", tei, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr.decode()
    for fmt in ("csv", "jsonl"):
        out = os.fsdecode(b"art\xffikel." + fmt.encode())
        exported = annotator_cli("export", tei, "-f", fmt, "-o", out, cwd=tmp_path)
        assert exported.returncode == 0, exported.stderr.decode()
    assert names_in(tmp_path) == {b"art\xffikel.txt", b"art\xffikel.xml", b"art\xffikel.csv",
                                  b"art\xffikel.jsonl"}
    valid = annotator_cli("validate", tei, cwd=tmp_path)
    assert valid.returncode == 0
    assert valid.stdout.decode("utf-8") == f"art{REPLACED}ikel.xml: valid\n"
    missing = annotator_cli("validate", os.fsdecode(b"weg\xff.xml"), cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stdout.decode("utf-8") == f"weg{REPLACED}.xml: no such file\n"


def test_a_line_break_in_a_name_keeps_each_message_on_one_line(tmp_path: Path) -> None:
    named(tmp_path, b"zwei\nZeilen.xml", b"<TEI><oops></TEI>")
    named(tmp_path, b"escape\x1b[31m.xml", b"<TEI/>")
    result = annotator_cli("validate", "zwei\nZeilen.xml", "escape\x1b[31m.xml",
                           cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("zwei\\nZeilen.xml:1: not well-formed XML")
    assert lines[1].startswith("escape\\x1b[31m.xml:1: not a TEI document")
    assert str(Problem("gone", "a\nb\udcff")) == f"a\\nb{REPLACED}: gone"


@pytest.mark.timeout(60)
def test_the_window_saves_journals_and_exports_such_a_name(qtbot, app, tmp_path,  # noqa: F811
                                                           monkeypatch) -> None:
    text = named(tmp_path, b"Bericht\xff.txt", SAMPLE_TXT.read_bytes())
    tei = text.with_suffix(".xml")
    window = activate(qtbot, create_window())
    dialogs = Dialogs()
    with monkeypatch.context() as stubbed:  # the save dialogs (the recovery one is real)
        dialogs.install(stubbed)
        assert window.files.open_path(text, ask=False)
        assert f"Bericht{REPLACED}.txt" in window.windowTitle()
        tag_with_key(qtbot, window, "Pete Hegseth", Qt.Key.Key_1)
        controller = RecoveryController.of(window)
        qtbot.waitUntil(lambda: not controller.journal.pending, timeout=3000)
        assert controller.error is None  # crash recovery stays on
        # Save As offers the name as a dialog can show it; taking it saves that very file.
        dialogs.save_path = gui_names.offered(tei)
        assert dialogs.save_path == str(tmp_path / f"Bericht{REPLACED}.xml")
        assert window.files.save_as()
        assert dialogs.offered == [dialogs.save_path]
        assert window.session.tei_path == tei and not window.isWindowModified()
        assert b"Bericht\xff.xml" in names_in(tmp_path)
        assert f"Saved Bericht{REPLACED}.xml" in window.statusBar().currentMessage()
        tag_with_key(qtbot, window, "Boris Pistorius", Qt.Key.Key_1)
        qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert not window.isWindowModified()
        assert len(open_document(tei).document.annotations) == 2
        dialogs.save_path = gui_names.offered(tmp_path / "Bericht\udcff.csv")
        window.files.export("csv")
        assert b"Bericht\xff.csv" in names_in(tmp_path)
        assert dialogs.errors == []
    # Work after the save, a crash, a start: restored onto the same file.
    tag_with_key(qtbot, window, "Mark Rutte", Qt.Key.Key_2)
    qtbot.waitUntil(lambda: not controller.journal.pending, timeout=3000)
    assert controller.error is None
    crash(window)
    seen: list[str] = []
    restored = start_again(qtbot, seen=seen)
    assert f"Bericht{REPLACED}.xml" in seen[0]
    assert restored.session.tei_path == tei
    assert len(restored.annotated.annotations) == 3
    assert f"Bericht{REPLACED}.xml" in restored.windowTitle()


def test_names_are_shown_replaced_and_escaped() -> None:
    assert displayable("a\udcffb") == f"a{REPLACED}b"
    assert shown_path(b"/tmp/x\xff\ny") == f"/tmp/x{REPLACED}\\ny"
    offer = Path(os.fsdecode(b"/data/\xe4/Bericht\xff.xml"))
    assert gui_names.chosen(gui_names.offered(offer), offer) == offer
    renamed = gui_names.offered(offer.parent) + "/Neu.xml"
    assert gui_names.chosen(renamed, offer) == offer.parent / "Neu.xml"
    assert gui_names.chosen("/elsewhere/x.xml", offer) == Path("/elsewhere/x.xml")
