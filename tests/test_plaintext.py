"""Opening plain-text articles: encodings, line endings, and every kind of bad input."""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from annotator.errors import ReadError
from annotator.files import open_document


def write(tmp_path, data: bytes, name: str = "article.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_sample_opens_unchanged(sample_text, tmp_path):
    opened = open_document(write(tmp_path, sample_text.encode()))
    assert opened.document.document.text == sample_text
    assert opened.tei_path is None and opened.notes == []
    assert opened.document.document.metadata.title == "article"


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"),
                                       (codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_marks(tmp_path, bom, codec):
    opened = open_document(write(tmp_path, bom + "Grüße aus Köln 𝔘\n".encode(codec)))
    assert opened.document.document.text == "Grüße aus Köln 𝔘"


def test_windows_1252_is_read_and_said(tmp_path):
    opened = open_document(write(tmp_path, "Zölle – 100 %\n".encode("cp1252")))
    assert opened.document.document.text == "Zölle – 100 %"
    assert any("Windows-1252" in note for note in opened.notes)


def test_crlf_is_normalised_and_said(tmp_path):
    opened = open_document(write(tmp_path, b"eins\r\nzwei\r\n"))
    assert opened.document.document.text == "eins\nzwei"
    assert any("CRLF" in note for note in opened.notes)


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"  \n\n\t\n", "empty"),
    (b"\x00\x01binary\x00", "binary"),
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
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: never returns into pytest
            message = b"no error"
            try:
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                open_document(path)
            except ReadError as exc:
                message = str(exc).encode()
            finally:
                os.write(write_end, message)
                os._exit(0)
        os.close(write_end)
        os.waitpid(pid, 0)
        message = os.read(read_end, 4096).decode()
        os.close(read_end)
        assert "permission denied" in message
        assert str(path) in message
    finally:
        shutil.rmtree(folder)
