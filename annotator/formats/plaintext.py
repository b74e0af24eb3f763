"""Plain-text articles: bytes in, a ``Document`` out, with honest notes.

The text is decoded without guessing silently: UTF-8 (with or without BOM)
and UTF-16/32 with a BOM are read as such; UTF-16 without a BOM is recognised
by its NUL bytes (and the user is told); a file that is UTF-8 apart from some
broken bytes is refused with the line and column of the first; anything else
is read as Windows-1252 only if every byte is defined there, and the user is
told. Line endings are normalised to LF (and the user is told); every other
character is kept exactly as it is. Characters XML cannot store, and
paragraphs longer than the XML reader accepts, are refused when the file is
opened, not when the user tries to save hours later.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from pathlib import Path

from annotator.errors import ReadError
from annotator.filenames import shown_name
from annotator.model.document import (
    Document,
    Metadata,
    forbidden_xml_char,
    line_paragraphs,
    split_paragraphs,
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# The longest text the XML reader accepts in one piece (libxml2's limit
# without XML_PARSE_HUGE, in UTF-8 bytes): a longer paragraph could be opened
# but its TEI file could never be read back, so it is refused on opening.
MAX_PARAGRAPH_BYTES = 10_000_000

# A UTF-16 surrogate written as three UTF-8 bytes (CESU-8, WTF-8): not UTF-8.
_ENCODED_SURROGATE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
# A well-formed UTF-8 sequence of two or more bytes (surrogates excluded).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_C1_CONTROL = re.compile("[\x80-\x9f]")


def _where(data: bytes, index: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of byte ``index`` of UTF-8-ish ``data``."""
    line_start = data.rfind(b"\n", 0, index) + 1
    column = len(data[line_start:index].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, index) + 1, column


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` if ``data`` looks like UTF-16 text without a BOM.

    Text in a Latin script has a NUL in every other byte, all on the same side.
    """
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd * 3 >= pairs and even == 0:
        return "utf-16-le"
    if even * 3 >= pairs and odd == 0:
        return "utf-16-be"
    return None


def decode_text(data: bytes, path: str | None = None) -> tuple[str, list[str]]:
    """Decode ``data`` to text; return it with notes for the user."""
    notes: list[str] = []
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                good = data[len(bom):len(bom) + exc.start].decode(codec, errors="replace")
                raise ReadError(f"starts with a {name} byte-order mark but is not valid "
                                f"{name} (byte {len(bom) + exc.start}: {exc.reason})", path,
                                good.count("\n") + 1) from None
            if codec != "utf-8":
                notes.append(f"read as {name} (byte-order mark found)")
            return _with_c1_note(text, notes)
    if b"\x00" in data[:8192]:
        codec = _utf16_without_bom(data)
        if codec is not None:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                pass
            else:
                name = "UTF-16 LE" if codec == "utf-16-le" else "UTF-16 BE"
                notes.append(f"read as {name} (no byte-order mark; recognised by its NUL "
                             "bytes) — check the text")
                return _with_c1_note(text, notes)
        raise ReadError("looks like a binary file, not text (it contains NUL bytes)", path)
    try:
        return _with_c1_note(data.decode("utf-8"), notes)
    except UnicodeDecodeError as exc:
        line, column = _where(data, exc.start)
        surrogate = _ENCODED_SURROGATE.search(data)
        if surrogate is not None:
            line, column = _where(data, surrogate.start())
            raise ReadError(f"column {column}: a UTF-16 surrogate written as UTF-8 (bytes "
                            f"{surrogate.group().hex(' ').upper()}, as some Java and Windows "
                            "tools write them); this is not valid UTF-8 and XML cannot store "
                            "it; repair the file and open it again", path, line) from None
        if _UTF8_MULTIBYTE.search(data):
            raise ReadError(f"column {column}: invalid UTF-8 byte 0x{data[exc.start]:02X}; the "
                            "rest of the file is UTF-8, so it is not read as another "
                            "encoding; repair the file (or save it again as UTF-8) and open it "
                            "again", path, line) from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ReadError(f"is not UTF-8 text (invalid byte 0x{data[exc.start]:02X} on line "
                            f"{line}) and its encoding could not be recognised; "
                            "convert it to UTF-8 and open it again", path, line) from None
        notes.append(f"not UTF-8 (first invalid byte on line {line}); "
                     "read as Windows-1252 (Western European) — check special characters")
        return text, notes


def _with_c1_note(text: str, notes: list[str]) -> tuple[str, list[str]]:
    """Say so when the text has C1 controls: XML stores them, but they are rarely meant."""
    found = _C1_CONTROL.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        notes.append(f"contains control characters of the range U+0080–U+009F (first "
                     f"U+{ord(found.group()):04X} on line {line}); kept as they are, but they "
                     "usually mean the text was once decoded with the wrong encoding")
    return text, notes


def utf8_text(data: bytes, path: str | None, what: str = "") -> str:
    """A file that must be UTF-8 (a byte-order mark allowed), decoded; ``ReadError``
    with the line of the first byte that is not. ``what`` names the format."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"is not UTF-8 (byte {exc.start})" + (f"; {what} files are UTF-8"
                                                              if what else ""),
                        path, data[:exc.start].count(b"\n") + 1) from None


def decode_original(data: bytes, path: str | None = None) -> tuple[str, list[str]]:
    """The text of a file as another tool saw it, whose offsets count into it: decoded
    as ``decode_text`` does, but a UTF-8 byte-order mark kept as U+FEFF (Python tools
    that read UTF-8 count it as a character) and line ends as they are."""
    text, notes = decode_text(data, path)
    if data.startswith(codecs.BOM_UTF8):
        text = "\ufeff" + text
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
        if text[bad] == "\x00":
            raise ReadError(f"column {column}: a NUL character; this looks like a binary file, "
                            "not text", path, line)
        raise ReadError(f"column {column}: control character U+{ord(text[bad]):04X} cannot be "
                        "stored in XML; remove it and open the file again", path, line)
    # A line a paragraph (the usual text of many short paragraphs): as columns at once.
    lines = line_paragraphs(text) if text and not text.isspace() else None
    if lines is None:
        paragraphs = split_paragraphs(text)
        if not paragraphs or not text or text.isspace():
            raise ReadError("the file is empty (no text to annotate)", path)
        _refuse_long_paragraphs(text, enumerate(paragraphs, 1), path)
    else:  # (only the long ones are looked at)
        _refuse_long_paragraphs(text, [
            (number, text[start:end]) for number, (start, end) in enumerate(
                zip(lines[1].starts, lines[1].ends, strict=True), 1)
            if (end - start) * 4 > MAX_PARAGRAPH_BYTES], path)
    # The title and source are written into the TEI file: the name as it can be shown
    # (a byte of it that is not UTF-8 as U+FFFD), not as the file system spells it.
    name = shown_name(Path(path).stem) if path else "Untitled"
    metadata = Metadata(title=title or name,
                        source=f"Plain-text file {shown_name(path)}" if path else "")
    if lines is not None:
        document = Document(lines[0], lines[1], metadata)
    else:
        document = Document.from_paragraphs(paragraphs, metadata=metadata)
    if not _same_but_blank_edges(document.text, text):
        separator = "one blank line" if "\n\n" in document.text else "a line break"
        notes.append(f"paragraphs are separated by {separator}; the other blank lines "
                     "between them (and lines of only spaces) are not kept")
    return document, notes


def _same_but_blank_edges(joined: str, text: str) -> bool:
    """True if ``joined`` is ``text`` without its leading and trailing blank lines.

    (Blank: empty or only spaces and tabs. No copy of a 100 MB text is made.)
    """
    start, end = 0, len(text)
    while (stop := text.find("\n", start)) >= 0 and not text[start:stop].strip(" \t"):
        start = stop + 1
    while (stop := text.rfind("\n", start, end)) >= 0 and not text[stop + 1:end].strip(" \t"):
        end = stop
    return len(joined) == end - start and text.startswith(joined, start)


def _refuse_long_paragraphs(text: str, paragraphs: Iterable[tuple[int, str]],
                            path: str | None) -> None:
    """Refuse a paragraph over the XML reader's limit (``paragraphs``: each with its
    number)."""
    # A paragraph of n characters has at most 4n UTF-8 bytes: only long ones are encoded.
    limit = MAX_PARAGRAPH_BYTES
    for number, paragraph in paragraphs:
        if len(paragraph) * 4 > limit and len(paragraph.encode("utf-8")) > limit:
            line = text.count("\n", 0, text.find(paragraph)) + 1
            raise ReadError(f"paragraph {number} is {len(paragraph.encode('utf-8')) / 1e6:.1f} "
                            f"MB long; a paragraph can hold at most {limit // 1_000_000} MB "
                            "(a safety limit of the XML reader, so that the saved file can be "
                            "opened again); split it with blank lines or line breaks", path,
                            line)


def document_from_text_bytes(data: bytes, path: str | None = None) -> tuple[Document, list[str]]:
    text, notes = decode_text(data, path)
    document, more = document_from_text(text, path)
    return document, notes + more
