"""When the memory runs out: one line and exit 1 on the CLI, a
dialog in the window with the open document and its changes kept.

Real processes under a real limit: ``tests/memory_limited.py`` imports what the run
needs, limits its own address space (``RLIMIT_AS``) to what it uses plus a headroom,
and runs the command; the files need several times that headroom.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="RLIMIT_AS and /proc/self/status are Linux's")

WRAPPER = Path(__file__).resolve().parent / "memory_limited.py"
HEADROOM_MB = 60
PARAGRAPHS = 1_000_000  # ~4 MB of text, ~11 MB of TEI: each needs 300 MB and more
WORDS = "der die das und ist ein eine nicht zu mit Prag Juli".split()
HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
          "<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt>"
          "<p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>"
          "</teiHeader><text><body>\n")


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> dict[str, Path]:
    """Plain text and a TEI file (not Annotator's) of a million one-word paragraphs."""
    folder = tmp_path_factory.mktemp("many")
    rng = random.Random(1)
    words = [rng.choice(WORDS) for _ in range(PARAGRAPHS)]
    text, tei = folder / "many.txt", folder / "many.xml"
    text.write_text("\n".join(words) + "\n", encoding="utf-8")
    tei.write_text(HEADER + "".join(f"<p>{w}</p>\n" for w in words)
                   + "</body></text></TEI>\n", encoding="utf-8")
    # A text of lines becomes its paragraphs' columns at once (16 bytes a line: it fits,
    # see the last test); paragraphs between blank lines are a string each first.
    spaced = folder / "spaced.txt"
    spaced.write_text("\n\n".join(words) + "\n", encoding="utf-8")
    return {"text": text, "tei": tei, "spaced": spaced}


def limited(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_NAME="Tester")
    env.pop("ANNOTATOR_DEBUG", None)
    return subprocess.run([sys.executable, str(WRAPPER), str(HEADROOM_MB), *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def assert_one_line(result: subprocess.CompletedProcess[str], path: Path, doing: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [f"{path}: not enough memory to {doing} ({path.stat().st_size / 2**20:.1f} "
                     "MB); close other programs (or use a computer with more memory) and try "
                     "again"], result.stderr


def test_export_of_a_text_too_large_for_the_memory_says_so_in_one_line(many, tmp_path):
    # Python's own MemoryError, building the document: it was "internal error: MemoryError"
    # with exit 70.
    out = tmp_path / "out.csv"
    result = limited("cli", "export", str(many["spaced"]), "-f", "csv", "-o", str(out))
    assert_one_line(result, many["spaced"], "read and export it")
    assert not out.exists()


def test_a_text_of_a_million_lines_exports_in_that_memory(many, tmp_path):
    """Issue 19: a paragraph of one word cost the model ~200 bytes and more; as columns
    (and without a string per line) the text exports where it ran out before."""
    out = tmp_path / "out.csv"
    result = limited("cli", "export", str(many["text"]), "-f", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").count("\n") == 1  # (the header: no annotation)


def test_import_of_a_text_too_large_for_the_memory_says_so_in_one_line(many, tmp_path):
    out = tmp_path / "out.xml"
    result = limited("cli", "import", str(many["text"]), "-o", str(out))
    assert_one_line(result, many["text"], "read and convert it")
    assert not out.exists()


def test_validate_says_the_memory_ran_out_not_that_the_file_is_broken(many, tmp_path):
    # libxml2 running out while parsing: lxml reports it as a syntax error ("unknown
    # error"), and the file was called "not well-formed XML". The next file is still
    # checked.
    small = tmp_path / "small.xml"
    small.write_text(HEADER + "<p>Prag</p></body></text></TEI>\n", encoding="utf-8")
    result = limited("cli", "validate", str(many["tei"]), str(small))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "well-formed" not in result.stdout
    lines = result.stdout.strip().splitlines()
    assert lines[0] == (f"{many['tei']}: not enough memory to read and check it "
                        f"({many['tei'].stat().st_size / 2**20:.1f} MB); close other programs "
                        "(or use a computer with more memory) and try again")
    assert lines[1].startswith(f"{small}: TEI document not written by Annotator"), lines


def test_the_window_says_the_memory_ran_out_and_keeps_the_open_document(many, tmp_path):
    # Before: a dialog with "MemoryError()" and nothing else.
    old = tmp_path / "old.txt"
    old.write_text("Prag ist eine Stadt.\n\nNoch ein Absatz.\n", encoding="utf-8")
    result = limited("window", str(old), str(many["spaced"]))
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["opened"] is False
    size = many["spaced"].stat().st_size / 2**20
    assert outcome["dialogs"] == [
        f"Could not open spaced.txt\nspaced.txt: Not enough memory to open it ({size:.1f} MB); "
        "close other programs (or use a computer with more memory) and try again. The "
        "document that was open stays open, with all its changes."]
    # The work on the document that was open is all there, still to be saved.
    assert outcome["before"] == [1, True] and outcome["after"] == [1, True]
    assert outcome["text_start"] == "Prag ist eine Stadt."
    assert outcome["title"].startswith("old.txt")


def test_validate_of_annotators_own_file_says_the_memory_ran_out(many, tmp_path):
    # Annotator's own file is parsed with its paragraphs taken out as they come
    # (parsing.parse_xml_taking); libxml2 running out there, or in RELAX NG's parse, is
    # the same one line.
    from annotator.model import AnnotatedDocument, Document, default_tagset
    from annotator.tei.writer import TeiWriter

    words = many["text"].read_text(encoding="utf-8").split()
    head, _, tail = TeiWriter(AnnotatedDocument.create(
        Document.from_paragraphs(["x"]), default_tagset())).to_bytes().decode().partition(
        '<p xml:id="p1">x</p>')
    native = tmp_path / "native.xml"
    native.write_text(head + "\n      ".join(f'<p xml:id="p{n}">{w}</p>'
                                             for n, w in enumerate(words, 1)) + tail,
                      encoding="utf-8")
    result = limited("cli", "validate", str(native))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "well-formed" not in result.stdout
    assert result.stdout.strip().splitlines() == [
        f"{native}: not enough memory to read and check it "
        f"({native.stat().st_size / 2**20:.1f} MB); close other programs (or use a computer "
        "with more memory) and try again"]
