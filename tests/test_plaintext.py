"""Opening plain-text articles: encodings, line endings, and every kind of bad input.

Broken input gets a clear message (``file:line: message`` where there is a
line), never a traceback and never a hang; whatever is opened keeps the text
character for character (only line endings are normalised, and the user is
told). The command line and the window get the same inputs in
``tests/test_hostile_input.py``.
"""

from __future__ import annotations

import codecs
import json
import os
import resource
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from as_nobody import run_as_nobody

from annotator import files
from annotator.errors import ReadError
from annotator.files import open_document, save_document
from annotator.formats.plaintext import MAX_PARAGRAPH_BYTES
from annotator.model import edits

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "resources" / "samples" / "patriot-de.txt"

# Characters that break naive code: supplementary planes, combining marks, right-to-left
# text and controls, ZWJ emoji sequences, variation selectors, invisible and odd spaces,
# C1 NEL, noncharacters XML still allows.
TRICKY = ("Zoë = Zoe\u0308 · 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 · 😀 · 👩\u200d👩\u200d👧\u200d👦 · ❤\ufe0f · שלום עולם · "
          "مرحبا\u200f · \u202eevil\u202c · A\u0301\u0302\u0303 · zw\ufeffnbsp · \u00a0nbsp · "
          "tab\there · NEL\u0085 · LS\u2028 · \U0010fffd\ufdd0 · 🏳\ufe0f\u200d🌈")
FAMILY = "👩\u200d👩\u200d👧\u200d👦"


def write(tmp_path, data: bytes, name: str = "article.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_sample_opens_unchanged(sample_text, tmp_path):
    opened = open_document(write(tmp_path, sample_text.encode()))
    assert opened.document.document.text == sample_text
    assert opened.tei_path is None and opened.notes == []
    assert opened.document.document.metadata.title == "article"


# -- encodings ----------------------------------------------------------------------------

@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"),
                                       (codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be"),
                                       (codecs.BOM_UTF32_LE, "utf-32-le"),
                                       (codecs.BOM_UTF32_BE, "utf-32-be")])
def test_byte_order_marks(tmp_path, bom, codec):
    opened = open_document(write(tmp_path, bom + "Grüße aus Köln 𝔘\n".encode(codec)))
    assert opened.document.document.text == "Grüße aus Köln 𝔘"


@pytest.mark.parametrize("codec,said", [("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE")])
def test_utf16_without_byte_order_mark_is_recognised_and_said(tmp_path, codec, said):
    text = "Grüße aus Köln — 𝔘 שלום\nZweite Zeile"
    opened = open_document(write(tmp_path, text.encode(codec)))
    assert opened.document.document.text == text
    assert any(said in note and "no byte-order mark" in note for note in opened.notes)


def test_windows_1252_is_read_and_said(tmp_path):
    opened = open_document(write(tmp_path, "Zölle – 100 % „Zitat“\n".encode("cp1252")))
    assert opened.document.document.text == "Zölle – 100 % „Zitat“"
    assert any("Windows-1252" in note for note in opened.notes)


def test_latin_1_is_read_and_said(tmp_path):
    opened = open_document(write(tmp_path, "Größe: 5 µm, ½ Zoll, © Ærø\n".encode("latin-1")))
    assert opened.document.document.text == "Größe: 5 µm, ½ Zoll, © Ærø"
    assert any("not UTF-8" in note for note in opened.notes)


def test_utf8_with_a_broken_byte_is_refused_with_line_and_column(tmp_path):
    """Mostly UTF-8 with one bad byte: reading it as Windows-1252 would garble every
    other accented letter, so it is refused, and the message says exactly where."""
    data = "Grüße\nKöln ist schön, \xff".encode().replace(b"\xc3\xbf", b"\xff")
    with pytest.raises(ReadError, match=r"column 17: invalid UTF-8 byte 0xFF") as info:
        open_document(write(tmp_path, data))
    assert info.value.line == 2


def test_utf8_encoded_surrogate_is_refused_with_line_and_column(tmp_path):
    data = b"fine\nnot \xed\xa0\x80 fine"  # U+D800 as three bytes (CESU-8 / WTF-8)
    with pytest.raises(ReadError, match=r"column 5: a UTF-16 surrogate .*ED A0 80") as info:
        open_document(write(tmp_path, data))
    assert info.value.line == 2


def test_lone_surrogate_in_utf16_is_refused(tmp_path):
    data = codecs.BOM_UTF16_LE + "ok\nthen ".encode("utf-16-le") + b"\x00\xd8" + b"x\x00"
    with pytest.raises(ReadError, match=r"not valid UTF-16.*surrogate") as info:
        open_document(write(tmp_path, data))
    assert info.value.line == 2


# -- line endings ----------------------------------------------------------------------------

@pytest.mark.parametrize("data,said", [(b"eins\r\nzwei\r\n", "CRLF"), (b"eins\rzwei\r", "CR"),
                                       (b"eins\r\nzwei\rdrei\n", "CRLF")])
def test_line_endings_are_normalised_and_said(tmp_path, data, said):
    opened = open_document(write(tmp_path, data))
    assert "\r" not in opened.document.document.text
    assert opened.document.document.text.startswith("eins\nzwei")
    assert any(said in note and "line endings" in note for note in opened.notes)


# -- characters XML cannot hold ------------------------------------------------------------------

FORBIDDEN = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]


@pytest.mark.parametrize("char", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_characters_xml_forbids_are_refused_with_line_and_column(tmp_path, char):
    data = ("first line\nsecond 😀 " + char + " rest").encode("utf-8")
    with pytest.raises(ReadError) as info:
        open_document(write(tmp_path, data))
    if char == "\x00":  # NUL near the start: a binary file
        assert "binary" in info.value.message
        return
    assert info.value.line == 2
    assert "column 10:" in info.value.message  # in characters: the emoji counts once
    assert f"U+{ord(char):04X}" in info.value.message


def test_c1_controls_are_kept_and_said(tmp_path):
    """XML 1.0 allows U+0080–U+009F, so they are kept; but they are rarely meant."""
    opened = open_document(write(tmp_path, "ok\nNEL\u0085 CSI\u009b DEL\x7f\n".encode()))
    assert opened.document.document.text == "ok\nNEL\u0085 CSI\u009b DEL\x7f"
    assert any("U+0085 on line 2" in note for note in opened.notes)


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"  \n\n\t\n", "empty"),
    (b" \r\n\t\r\n", "empty"),
    ("\u00a0 \u3000\n\u2003".encode(), "empty"),  # no-break, ideographic and em spaces
    (codecs.BOM_UTF8, "empty"),
    (codecs.BOM_UTF16_LE, "empty"),
    (b"\x00\x01binary\x00", "binary"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 4, "binary"),
    (b"text " * 3000 + b"\x00 late", "binary"),
    (b"ok\nbad \x1b escape", r"U\+001B"),
    (b"\x81\x8d\x8f", "not UTF-8"),
])
def test_bad_text_gets_a_clear_message(tmp_path, data, message):
    with pytest.raises(ReadError, match=message) as info:
        open_document(write(tmp_path, data))
    assert str(tmp_path) in str(info.value)


def test_control_character_reports_line(tmp_path):
    with pytest.raises(ReadError) as info:
        open_document(write(tmp_path, b"ok\nok\nbad \x07 bell"))
    assert info.value.line == 3


def test_dropped_blank_lines_are_said(tmp_path):
    opened = open_document(write(tmp_path, b"eins\n\nzwei\n\n\ndrei\n"))
    assert opened.document.document.text == "eins\nzwei\ndrei"
    assert any("blank lines" in note for note in opened.notes)
    assert open_document(write(tmp_path, b"eins\nzwei\n")).notes == []


# -- character for character -----------------------------------------------------------------

def test_tricky_characters_survive_open_save_reopen(tmp_path):
    text = f"Erste Zeile: {TRICKY}\nZweiter Absatz mit {FAMILY} und Ende"
    opened = open_document(write(tmp_path, text.encode("utf-8")))
    doc = opened.document
    assert doc.document.text == text
    assert len(opened.notes) == 1 and "U+0085" in opened.notes[0]
    start = text.index(FAMILY, text.index("Zweiter"))
    rtl = text.index("שלום עולם")
    edits.add(doc.annotations, [(start, start + len(FAMILY), "actor"),
                                (rtl, rtl + len("שלום עולם"), "weapon")], "").apply(doc.annotations)
    tei = tmp_path / "tricky.xml"
    save_document(doc, tei, "Zoë 𝔘")
    again = open_document(tei).document
    assert again.document.text == text
    assert [again.annotations.text_of(a) for a in again.annotations] == ["שלום עולם", FAMILY]
    inline = tmp_path / "inline.xml"
    files.export_document(again, inline, "tei-inline")
    assert open_document(inline).document.document.text == text
    txt = tmp_path / "out.txt"
    files.export_document(again, txt, "txt")
    assert txt.read_bytes() == text.encode("utf-8")


# -- what is not an ordinary file -------------------------------------------------------------

def test_missing_files_and_folders(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        open_document(tmp_path / "missing.txt")
    with pytest.raises(ReadError, match="folder"):
        open_document(tmp_path)


def test_unreadable_file_gets_a_message():
    """Root reads anything, so as root the read runs in a forked child that became 'nobody'."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-perm-"))
    try:
        folder.chmod(0o755)
        path = folder / "secret.txt"
        path.write_bytes(b"secret")
        path.chmod(0)
        message = run_as_nobody(lambda: open_document(path))
        assert "permission denied" in message
        assert str(path) in message
    finally:
        shutil.rmtree(folder)


def open_in_child(path: str | Path, timeout: float = 15) -> str:
    """``open_document(path)`` in a fresh interpreter; its one-line outcome.

    A separate process, with a memory cap, so that a reader that would hang
    (a FIFO) or read forever (``/dev/zero``) fails this test instead of taking
    the test run, or the machine, with it.
    """
    code = ("import sys\n"
            "from annotator.errors import AnnotatorError\n"
            "from annotator.files import open_document\n"
            "try:\n"
            "    open_document(sys.argv[1])\n"
            "    print('opened')\n"
            "except AnnotatorError as exc:\n"
            "    print(exc)\n")

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    try:
        result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                                text=True, timeout=timeout, cwd=ROOT, preexec_fn=cap_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"opening {path} hangs")
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout.strip()


def test_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    began = time.monotonic()
    message = open_in_child(fifo)
    assert f"{fifo}: is a named pipe (FIFO), not a regular file" in message
    assert time.monotonic() - began < 10


def test_fifo_with_a_writer_is_refused_too(tmp_path):
    """A FIFO someone keeps writing to would otherwise be read forever."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"yes text > '{fifo}'"])
    try:
        assert "is a named pipe (FIFO)" in open_in_child(fifo)
    finally:
        writer.kill()
        writer.wait()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_without_reading(device):
    if not Path(device).exists():
        pytest.skip(f"{device} is missing")
    assert open_in_child(device) == f"{device}: is a device, not a regular file; " \
                                    "only ordinary files can be opened"


def test_socket_is_refused(tmp_path):
    path = tmp_path / "socket.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        assert stat.S_ISSOCK(path.stat().st_mode)
        assert "is a socket" in open_in_child(path)


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    """A 1 TB sparse file is refused at once: reading it would take hours."""
    for size in (files.MAX_FILE_BYTES + 1, 1 << 40):
        path = tmp_path / f"huge-{size}.txt"
        with open(path, "wb") as handle:
            handle.truncate(size)
        began = time.monotonic()
        with pytest.raises(ReadError, match=r"MB; files over 200 MB are not supported"):
            open_document(path)
        assert time.monotonic() - began < 1


def test_file_that_grows_past_the_limit_while_read_is_refused(monkeypatch):
    """Files whose size is unknown beforehand (here /proc, size 0) are read with a bound."""
    path = Path("/proc/self/maps")
    if not path.exists():
        pytest.skip("no /proc")
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 64)
    with pytest.raises(ReadError, match="grew past"):
        files.read_bytes(path)


# -- size ----------------------------------------------------------------------------------------

def test_paragraph_too_long_for_xml_is_refused_on_opening(tmp_path):
    """A paragraph libxml2 could not read back (over 10 MB) is refused when the text is
    opened, not when the user tries to save hours later."""
    paragraph = "Wörter " * (MAX_PARAGRAPH_BYTES // 8 + 1)  # 8 bytes each
    data = f"Titel\n\n{paragraph}\n".encode()
    with pytest.raises(ReadError, match=r"paragraph 2 is 10\.\d MB long.*at most 10 MB") as info:
        open_document(write(tmp_path, data))
    assert info.value.line == 3


def test_longest_paragraph_allowed_saves_and_reopens(tmp_path):
    paragraph = "ä" * (MAX_PARAGRAPH_BYTES // 2)  # exactly the limit in UTF-8 bytes
    opened = open_document(write(tmp_path, paragraph.encode()))
    tei = tmp_path / "long.xml"
    save_document(opened.document, tei, "Tester")
    assert open_document(tei).document.document.text == paragraph


@pytest.mark.thorough
@pytest.mark.timeout(600)  # the child's own limit, 300 s, comes first
def test_100_mb_text_file_opens_saves_and_reopens_in_reasonable_time(tmp_path):
    """Measured in a fresh process: processor time (a busy machine stretches only the
    clock) and peak memory (docs/reliability-input.md)."""
    # Article-like paragraphs (the sample's, ~300 characters); files of very many short
    # lines are slower: see docs/reliability-input.md for both.
    line = " ".join(SAMPLE_TXT.read_text(encoding="utf-8").split("\n")[1:3]) + " 😀\n"
    count = 100_000_000 // len(line.encode()) + 1
    path = tmp_path / "big.txt"
    path.write_bytes(line.encode() * count)
    code = (
        "import json, resource, sys, time\n"
        "from annotator.files import open_document, save_document\n"
        "t = time.process_time(); o = open_document(sys.argv[1])\n"
        "opened = time.process_time() - t\n"
        "rss_open = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "t = time.process_time(); save_document(o.document, sys.argv[2], 'Tester')\n"
        "saved = time.process_time() - t\n"
        "t = time.process_time(); again = open_document(sys.argv[2])\n"
        "reopened = time.process_time() - t\n"
        "print(json.dumps({'open_s': opened, 'save_s': saved, 'reopen_s': reopened,\n"
        "    'rss_open_mb': rss_open,\n"
        "    'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,\n"
        "    'chars': len(o.document.document.text),\n"
        "    'paragraphs': len(o.document.document.paragraphs),\n"
        "    'same': again.document.document.text == o.document.document.text}))\n")
    result = subprocess.run([sys.executable, "-c", code, str(path), str(tmp_path / "big.xml")],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout)
    print("100 MB text file:", figures)
    assert figures["paragraphs"] == count and figures["same"]
    assert figures["chars"] == count * len(line) - 1
    # Sanity bounds, generous for a slow CI machine (measured: ~1 s, ~2 s, ~2 s, < 1 GB).
    assert figures["open_s"] < 30 and figures["save_s"] < 60 and figures["reopen_s"] < 60
    assert figures["rss_mb"] < 3000
