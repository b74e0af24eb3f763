"""Plain-text articles: bytes in, a ``Document`` out, with honest notes.

The text is decoded without guessing silently: UTF-8 (with or without BOM)
and UTF-16/32 with a BOM are read as such; anything else is read as
Windows-1252 only if every byte is defined there, and the user is told.
Line endings are normalised to LF (and the user is told); every other
character is kept exactly as it is.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from annotator.errors import ReadError
from annotator.model.document import Document, Metadata, forbidden_xml_char, split_paragraphs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with byte-order mark"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def decode_text(data: bytes, path: str | None = None) -> tuple[str, list[str]]:
    """Decode ``data`` to text; return it with notes for the user."""
    notes: list[str] = []
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise ReadError(f"starts with a {name} byte-order mark but is not valid "
                                f"{name} (byte {exc.start})", path) from None
            if codec != "utf-8":
                notes.append(f"read as {name} (byte-order mark found)")
            return text, notes
    if b"\x00" in data[:8192]:
        raise ReadError("looks like a binary file, not text (it contains NUL bytes)", path)
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError as exc:
        bad_line = data[:exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ReadError(f"is not UTF-8 text (invalid byte 0x{data[exc.start]:02X} on line "
                            f"{bad_line}) and its encoding could not be recognised; "
                            "convert it to UTF-8 and open it again", path, bad_line) from None
        notes.append(f"not UTF-8 (first invalid byte on line {bad_line}); "
                     "read as Windows-1252 (Western European) — check special characters")
        return text, notes


def document_from_text(text: str, path: str | None = None,
                       title: str | None = None) -> tuple[Document, list[str]]:
    """Split decoded text into paragraphs; refuse what XML cannot hold."""
    notes: list[str] = []
    if "\r" in text:
        crlf = text.count("\r\n")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("line endings converted to LF (" + ("Windows CRLF" if crlf else "old Mac CR")
                     + ")")
    bad = forbidden_xml_char(text)
    if bad is not None:
        line = text.count("\n", 0, bad) + 1
        column = bad - (text.rfind("\n", 0, bad) + 1) + 1
        raise ReadError(f"column {column}: control character U+{ord(text[bad]):04X} cannot be "
                        "stored in XML; remove it and open the file again", path, line)
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise ReadError("the file is empty (no text to annotate)", path)
    name = Path(path).stem if path else "Untitled"
    metadata = Metadata(title=title or name,
                        source=f"Plain-text file {Path(path).name}" if path else "")
    return Document.from_paragraphs(paragraphs, metadata=metadata), notes


def document_from_text_bytes(data: bytes, path: str | None = None) -> tuple[Document, list[str]]:
    text, notes = decode_text(data, path)
    document, more = document_from_text(text, path)
    return document, notes + more
