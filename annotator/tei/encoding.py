"""Which encoding an XML file is in, decided as an XML parser decides it.

First the byte-order mark, or what ``<`` looks like in the first bytes (UTF-16,
UTF-32 and EBCDIC write it differently from ASCII); then, read in that encoding,
the XML declaration's ``encoding="…"``. Everything that reads the raw bytes
before or beside libxml2 (the DOCTYPE scan, the splice of annotations into a
file, the check that the bytes agree with the declaration) asks here, so that
none of them reads a file differently from the parser.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Byte-order marks first (UTF-32 LE begins like UTF-16 LE: the longer one first), then
# what "<?" or "<" looks like without one.
_SIGNATURES = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WITHOUT_MARK = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # "<?xm" in EBCDIC
)
_DECLARATION = re.compile(
    r"""^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._\-]*)["']""")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# The declaration is at the very start and short; this much always holds it.
_DECLARATION_BYTES = 1024


@dataclass(frozen=True)
class Encoding:
    """How a file's bytes are to be decoded."""

    codec: str | None  # Python's codec name; None if Python does not know the encoding
    mark: bytes  # the byte-order mark the file starts with (b"" if none)
    declared: str | None  # the name in the XML declaration, as written
    # True when the markup's ASCII characters are single bytes of the same value
    # (UTF-8, ISO-8859-*, windows-125*): the bytes can be searched for markup.
    ascii_markup: bool

    def decode(self, data: bytes) -> str:
        """``data`` (from the file's start) as text, with U+FFFD for what does not
        decode; the byte-order mark left out."""
        body = data[len(self.mark):]
        if self.codec is None:
            return body.decode("latin-1")  # markup is ASCII, which any 8-bit reading keeps
        return body.decode(self.codec, errors="replace")


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _reads_ascii_alike(codec: str) -> bool:
    """True if ``codec`` writes every ASCII character as that one byte."""
    sample = bytes(range(0x20, 0x7F))
    try:
        return sample.decode(codec) == sample.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def detect(data: bytes) -> Encoding:
    """The encoding of ``data``, a whole XML file or its beginning."""
    head = data[:_DECLARATION_BYTES]
    for mark, codec in _SIGNATURES:
        if head.startswith(mark):
            found = _DECLARATION.match(head[len(mark):].decode(codec, errors="replace"))
            return Encoding(codec, mark, found[1] if found else None,
                            codec == "utf-8")
    for start, codec in _WITHOUT_MARK:
        if head.startswith(start):
            found = _DECLARATION.match(head.decode(codec, errors="replace"))
            declared = found[1] if found else None
            if codec == "cp037" and declared is not None:
                # EBCDIC has many code pages: the declaration says which.
                codec = _codec(declared) or codec
            return Encoding(codec, b"", declared, False)
    found = _DECLARATION.match(head.decode("latin-1"))
    if found is None:
        return Encoding("utf-8", b"", None, True)  # XML's default
    declared = found[1]
    codec = _codec(declared)
    # A name of a UTF-16 or UTF-32 flavour in a file whose first bytes are ASCII:
    # the bytes win (a parser cannot read them otherwise), as libxml2 decides.
    if codec is not None and not _reads_ascii_alike(codec) and codec.startswith("utf-"):
        if codec != "utf-7":
            return Encoding("utf-8", b"", declared, True)
    ascii_markup = codec is not None and _reads_ascii_alike(codec) and codec != "utf-7" \
        and _single_byte_or_utf8(codec)
    return Encoding(codec, b"", declared, ascii_markup)


def _single_byte_or_utf8(codec: str) -> bool:
    """True for UTF-8 and the encodings of one byte a character (ISO-8859-*, windows-125*,
    KOI8 …), in which no byte of a character can look like ASCII markup."""
    if codec in ("utf-8", "ascii"):
        return True
    return single_byte(codec)


def single_byte(codec: str) -> bool:
    """True if ``codec`` gives one character for every byte (ISO-8859-1, windows-1252 …)."""
    if codec.startswith("utf"):
        return False
    try:
        decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        return all(len(decoder.decode(bytes([b]), final=True)) == 1 for b in range(0x80, 0x100))
    except LookupError:
        return False


def contradiction(data: bytes) -> tuple[int, str, str] | None:
    """Where the bytes say otherwise than the declaration: for a file declared in an
    8-bit encoding (ISO-8859-1, windows-1252 …) whose bytes are UTF-8 with characters
    of more than one byte, (line, the first such word as the file means it, the same
    word as the declaration reads it); else None.

    A file really in Latin-1 is almost never also valid UTF-8: every accented letter
    would have to be followed by one to three of the symbols 0x80–0xBF (``Ã¼``),
    which text does not do; so the warning is all but free of false alarms. Only an
    8-bit declaration is checked: a file declared UTF-8 that is not is refused by
    the parser anyway.
    """
    encoding = detect(data)
    if encoding.codec is None or encoding.codec in ("utf-8", "ascii") \
            or not encoding.ascii_markup or not single_byte(encoding.codec):
        return None
    high = _HIGH_BYTE.search(data)
    if high is None:
        return None  # only ASCII: the same in either reading
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    first = _first_letter(data, high.start())
    start = max(data.rfind(b" ", 0, first), data.rfind(b">", 0, first),
                data.rfind(b"\n", 0, first)) + 1
    ends = [i for i in (data.find(b" ", first), data.find(b"<", first),
                        data.find(b"\n", first)) if i >= 0]
    end = min(ends) if ends else len(data)
    if end - start > 60:
        start, end = max(start, first - 20), min(end, first + 20)
    word = data[start:end]
    return (data.count(b"\n", 0, first) + 1, word.decode("utf-8", errors="replace"),
            word.decode(encoding.codec, errors="replace"))


def _first_letter(data: bytes, first: int) -> int:
    """Where the first letter written in more than one byte is (an ``ü`` tells more
    than a ``…``), among the first thousand; else ``first``."""
    for count, match in enumerate(_HIGH_BYTE.finditer(data, first)):
        if count == 1000:
            break
        lead = data[match.start()]
        if lead >= 0xC0:
            size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
            if data[match.start():match.start() + size].decode("utf-8", "replace").isalpha():
                return match.start()
    return first
