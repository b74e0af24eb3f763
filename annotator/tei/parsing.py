"""Hardened XML parsing: no DTD read, no entities, no network, no XInclude.

Files come from anywhere (mail attachments, shared folders), so the parser
must never read another file, reach the network or expand an entity bomb.
A DOCTYPE with declarations of its own (an internal subset: entities, bombs)
is refused: first by reading the prolog before libxml2 sees the data (so the
subset is never parsed at all), then, for prologs that scan cannot read, from
the parsed tree. The one subset read is one that declares nothing but parameter
entities with plain values (no reference, nothing outside the file): TEI's module
switches, which nothing ever expands. A DOCTYPE that only names a DTD
(``<!DOCTYPE TEI SYSTEM "tei_all.dtd">``, common in TEI files) is accepted; the
DTD is never read (every parser has a resolver that gives an empty document for
anything outside the file), and a file that uses an entity only that DTD could
define is refused, since its text cannot be known without it. libxml2 runs
without XML_PARSE_HUGE, so its safety limits hold (nesting depth, text and
attribute length), and its messages for them are turned into ones a person can
act on. XInclude is never processed (nothing
calls ``xinclude()``), and no XSLT or XPath is ever taken from a document.
Every failure becomes a ``ReadError`` that says where.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from annotator.errors import Problem, ReadError
from annotator.tei import TEI_NS, encoding

# The libxml2 error for a repeated xml:id: the document is otherwise fine, so
# it is reported as a validation problem rather than as unreadable.
_ID_REDEFINED = "DTD_ID_REDEFINED"
# libxml2's error when an allocation fails (lxml's message for it: "unknown error").
_NO_MEMORY = "ERR_NO_MEMORY"
# libxml2's error for an xml:id that is not an NCName ("xi:include_1.d2e187", left by
# an XInclude tool): the xml:id Recommendation's rule, not XML's, so the file is
# well-formed (expat reads it) and is read, with a note, like a repeated id.
_ID_NOT_A_NAME = "DTD_XMLID_VALUE"
_ID_PROBLEMS = frozenset({_ID_REDEFINED, _ID_NOT_A_NAME})
_NOT_A_NAME_VALUE = re.compile(r"attribute value (.*) is not an NCName", re.DOTALL)
# XML 1.0 (fifth edition) NameStartChar and NameChar, without ":" (an NCName).
_NAME_START = ("A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D"
               "\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF"
               "\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_NCNAME = re.compile(f"[{_NAME_START}][{_NAME_START}\\-.0-9\u00B7\u0300-\u036F"
                     "\u203F-\u2040]*")

# The oldest lxml (with the libxml2 its wheels bring) with which all of this holds as
# tested: older ones report libxml2's limits in other words, which _explain does not
# know (the user would read "Excessive depth in document: 256"), and before libxml2
# 2.14 (lxml 6.0) libxml2 has an HTTP client. docs/packaging.md lists what fails with
# which. That is 6.0.2; the bound is 6.1.0 because dkpro-cassis (a dependency) needs the
# 6.1 series, so 6.1.0 is the oldest lxml pip installs beside Annotator and the oldest the
# install test can try. pyproject.toml's two lower bounds on lxml say the same
# (tests/test_packaging.py).
MINIMUM_LXML = (6, 1, 0)

# libxml2's limits without XML_PARSE_HUGE (xmlParserMaxDepth, XML_MAX_TEXT_LENGTH).
MAX_DEPTH = 256
MAX_TEXT_BYTES = 10_000_000

# How much of the file the DOCTYPE scan decodes; a prolog longer than this is
# only checked after parsing (libxml2's limits still hold meanwhile).
_PROLOG_SCAN_BYTES = 1 << 20
# What it decodes first: a prolog that ends in it, at the root element's start, needs
# no more (almost every file); a DOCTYPE or anything cut off there gets the full scan.
_PROLOG_FIRST_BYTES = 1 << 14
_ROOT_START = re.compile(r"<[^!?\s]")
_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DOCTYPE_WHY = ("(declarations in a DOCTYPE can define entity-expansion bombs or make the "
                "reader load other files and web addresses)")
# A DOCTYPE that only names its DTD, if any: nothing in it is declared or loaded.
_LITERAL = r"""(?:"[^"]*"|'[^']*')"""
_DOCTYPE_NAMING_ONLY = re.compile(
    rf"<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM\s+{_LITERAL}|PUBLIC\s+{_LITERAL}\s+{_LITERAL}))?\s*>")
# A DOCTYPE with an internal subset ("[…]"), the DTD it names (never read) optional.
_DOCTYPE_WITH_SUBSET = re.compile(
    rf"<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM\s+{_LITERAL}|PUBLIC\s+{_LITERAL}\s+{_LITERAL}))?"
    r"\s*\[")
# What a subset that is safe to read may hold: white space, comments, processing
# instructions and parameter entities declared with a literal value that holds no
# reference of any kind (no "%", no "&", so nothing is ever expanded) and no "<" (so
# it could not declare anything if it were referenced, which the subset never does).
_SAFE_SUBSET_ITEM = re.compile(
    r"""\s+|<!--(?:[^-]|-(?!-))*-->|<\?(?:[^?]|\?(?!>))*\?>"""
    r"""|<!ENTITY\s+%\s+[^\s"'%&;<>]+\s+(?:"[^"%&<]*"|'[^'%&<]*')\s*>""")
# The longest internal subset read (a few declarations of module switches in practice).
_SAFE_SUBSET_CHARS = 65536
# libxml2's warning for an entity reference it cannot expand: allowed in a file
# whose DTD is not read, so the parse succeeds without the entity's text.
_UNDECLARED_ENTITY = "WAR_UNDECLARED_ENTITY"

# Hints addressed to programmers that libxml2 appends to its limit messages.
_HINT = re.compile(r"[,;:]?\s*(?:use|try|see)\s+(?:XML_PARSE_HUGE|xmlCtxt\w+)[\w .]*", re.I)


def lxml_refusal() -> str | None:
    """Why the lxml that runs cannot be used (it is older than MINIMUM_LXML), or None."""
    if tuple(etree.LXML_VERSION[:3]) >= MINIMUM_LXML:
        return None
    minimum = ".".join(str(n) for n in MINIMUM_LXML)
    return (f"lxml {etree.__version__} is too old: Annotator needs lxml {minimum} or newer "
            f"to read files safely (pip install --upgrade 'lxml>={minimum}')")


class _NothingOutside(etree.Resolver):
    """Gives an empty document for anything the parser would read from outside the
    file (a DTD, an external entity), so nothing is ever opened or fetched.

    The parser's flags alone do not ensure that: with ``collect_ids=False`` libxml2
    reads the external DTD a DOCTYPE names even without ``load_dtd``.
    """

    def resolve(self, url: str, public_id: str, context: object) -> object:
        return self.resolve_string("", context)


def _parser(recover: bool = False, collect_ids: bool = True) -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        attribute_defaults=False, huge_tree=False, remove_blank_text=False,
        remove_comments=False, recover=recover, collect_ids=collect_ids,
    )
    parser.resolvers.add(_NothingOutside())
    return parser


def parse_xml(data: bytes, path: str | None = None, *, collect_ids: bool = True
              ) -> tuple[etree._ElementTree, list[Problem]]:
    """Parse ``data`` safely; return the tree and recoverable problems (repeated ids).

    Raises ``ReadError`` with the line number when the data is not well-formed,
    is empty, has a DOCTYPE with declarations (or uses an entity only the DTD it
    names could define), or exceeds the parser's safety limits.

    ``collect_ids=False`` leaves out libxml2's table of ``xml:id``s, which makes a
    large file parse and be freed markedly faster (docs/performance.md, "Figures
    behind choices in the code"). Repeated ids are then not reported here; the
    caller must check uniqueness itself (the native reader does), and XPath's
    ``id()`` finds nothing.
    """
    if not data or data.isspace():  # (no copy of a 100 MB file, unlike strip())
        raise ReadError("the file is empty", path, 1)
    named_dtd = _refuse_doctype_unread(data, path)
    parser = _parser(collect_ids=collect_ids)
    try:
        root = etree.fromstring(data, parser)
        problems: list[Problem] = []
    except etree.XMLSyntaxError as exc:
        # The parser's own log: the exception's may also hold earlier, unrelated
        # messages of the thread (e.g. from Schematron runs).
        errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
        raise_if_out_of_memory(errors)
        if not errors or any(e.type_name not in _ID_PROBLEMS for e in errors):
            first = next((e for e in errors if e.type_name not in _ID_PROBLEMS), None)
            line = first.line if first is not None else exc.lineno
            message = first.message if first is not None else str(exc)
            limit = first is not None and first.type_name == "ERR_RESOURCE_LIMIT"
            raise ReadError(_explain(message, limit), path, line or None) from None
        problems = _id_problems(errors, path)
        root = etree.fromstring(data, _parser(recover=True, collect_ids=collect_ids))
    except (ValueError, TypeError) as exc:  # e.g. a str with an encoding declaration
        raise ReadError(f"cannot parse: {exc}", path, None) from None
    if named_dtd:  # (the first parse's log: also when ids repeated made it recover)
        _refuse_undeclared_entities(parser, path)
    if root is None:
        raise ReadError("not well-formed XML: no root element", path, 1)
    tree = root.getroottree()
    if not named_dtd:
        _refuse_dtd(tree, path)
    if _may_quote_a_namespace(data):
        _refuse_quotes_in_namespaces(root, path)
    return tree, problems


# Bytes handed to the pulling parser at a time (``parse_xml_taking``): the paragraphs
# of one such piece are in the tree together.
_PULL_CHUNK = 1 << 18


def parse_xml_taking(data: bytes, tag: str, take: Callable[[etree._Element], bool]
                     ) -> etree._ElementTree | None:
    """``parse_xml(data, collect_ids=False)`` that hands every ``tag`` element to
    ``take`` as soon as it is parsed, and leaves those ``take`` returns True for out of
    the tree (with their tails): a file's tree need never hold them all at once.

    Only for files that read without a word: None, with nothing taken that counts, when
    the data is empty, has a DOCTYPE, may quote a namespace name, or does not parse
    cleanly; the caller then calls ``parse_xml``, which says what is wrong. (``take``
    may have seen some elements by then: it must keep what it took apart until this
    returns a tree.)
    """
    try:
        if not data or data.isspace() or _refuse_doctype_unread(data, None) \
                or _may_quote_a_namespace(data):
            return None
    except ReadError:  # (parse_xml says so, naming the file)
        return None
    parser = etree.XMLPullParser(
        events=("end",), tag=tag, resolve_entities=False, no_network=True, load_dtd=False,
        dtd_validation=False, attribute_defaults=False, huge_tree=False,
        remove_blank_text=False, remove_comments=False, recover=False, collect_ids=False)
    parser.resolvers.add(_NothingOutside())
    # A taken element leaves the tree at the next one's end, when its tail is parsed.
    taken: etree._Element | None = None
    view = memoryview(data)
    try:
        for at in range(0, len(data), _PULL_CHUNK):
            parser.feed(view[at:at + _PULL_CHUNK].tobytes())
            for _, element in parser.read_events():
                if taken is not None:
                    taken.getparent().remove(taken)
                taken = element if take(element) else None
        root = parser.close()
    except (etree.XMLSyntaxError, ValueError, TypeError):
        return None
    finally:
        _let_go(parser)
    if taken is not None:
        taken.getparent().remove(taken)
    if root is None or parser.error_log.filter_from_errors():
        return None
    tree = root.getroottree()
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        return None
    return tree


def _let_go(parser: etree.XMLPullParser) -> None:
    """Make ``parser`` let go of the document it parsed. It is in a reference cycle
    inside lxml and holds that document until the cyclic garbage collector frees it,
    which the window runs now and then only (``annotator.collector``): a whole tree
    kept beside the next one. A tiny document in its place frees it at once."""
    try:
        parser.feed(b"<x/>")
        parser.close()
    except (etree.XMLSyntaxError, ValueError):
        pass


def parse_again(data: bytes, path: str | None = None
                ) -> tuple[etree._ElementTree, list[Problem]]:
    """``parse_xml`` of bytes known to pass it: bytes that did before (the same bytes,
    by their digest: a corpus file the index keeps a verdict of) or that lxml wrote from
    a tree of such bytes. The same hardened parser, without the scans for what such
    bytes cannot hold (a DOCTYPE, quotes in a namespace); anything the parser refuses
    (an id used twice) is read again by ``parse_xml``, which says what it is."""
    try:
        return etree.fromstring(data, _parser()).getroottree(), []
    except (etree.XMLSyntaxError, ValueError, TypeError):
        return parse_xml(data, path)


def raise_if_out_of_memory(errors: list) -> None:
    """``MemoryError`` if libxml2 could not allocate (``errors``: entries of an lxml
    error log): lxml reports that as a syntax or validation error ("unknown error"),
    which would call a good file broken."""
    if any(e.type_name == _NO_MEMORY for e in errors):
        raise MemoryError("libxml2 could not allocate memory")


def is_ncname(value: str) -> bool:
    """True if ``value`` is an XML NCName: what an ``xml:id`` must be, and what a pointer
    (``#ID``, ``string-range(ID,…)``) can name."""
    return _NCNAME.fullmatch(value) is not None


# Ids that are not names named one by one; past this many, the rest in one problem
# (an XInclude tool may have left such an id on every element of a file).
_NOT_NAMES_LISTED = 3


def _id_problems(errors: list[etree._LogEntry], path: str | None) -> list[Problem]:
    """The problems of the ids that leave the file readable: each repeated id, and the
    ids that are not names, the first few by name and the rest by their lines."""
    problems = [_id_problem(e, path) for e in errors if e.type_name == _ID_REDEFINED]
    not_names = [e for e in errors if e.type_name != _ID_REDEFINED]
    problems += [_id_problem(e, path) for e in not_names[:_NOT_NAMES_LISTED]]
    rest = not_names[_NOT_NAMES_LISTED:]
    if rest:
        lines = [str(e.line) for e in rest[:10]] + ["…"] * (len(rest) > 10)
        problems.append(Problem(f"{len(rest):,} more xml:ids are not XML names either "
                                f"(lines {', '.join(lines)}); kept as they are", path,
                                rest[0].line or None))
    return problems


def _id_problem(entry: etree._LogEntry, path: str | None) -> Problem:
    """A problem with an ``xml:id`` that leaves the file readable, in words."""
    message = entry.message.strip()
    if entry.type_name == _ID_REDEFINED:
        return Problem(f"duplicate id: {message}", path, entry.line or None)
    value = _NOT_A_NAME_VALUE.search(message)
    shown = repr(value.group(1)) if value else "a value"
    return Problem(f"xml:id {shown} is not an XML name (an NCName, as ids must be); the "
                   "file is read and the attribute kept as it is, but no pointer can name "
                   "its element", path, entry.line or None)


def _explain(message: str, limit: bool) -> str:
    """libxml2's message, in words for the person who opened the file."""
    text = _HINT.sub("", " ".join(message.split())).rstrip(" ,.;")
    lowered = text.lower()
    if limit and "depth" in lowered:
        depth = re.search(r"\d+", text)  # the limit libxml2 applied
        return (f"elements are nested more than {depth.group() if depth else MAX_DEPTH} levels "
                "deep; the file is refused (a safety limit: Annotator files nest only a few "
                "levels)")
    if "amplification" in lowered or "entity reference loop" in lowered:
        return ("entities expand to far too much text (an entity-expansion bomb); "
                "the file is refused for safety")
    if limit and "text node too long" in lowered:
        return (f"a text without markup is longer than {MAX_TEXT_BYTES // 1_000_000} MB; "
                "the file is refused (a safety limit of the XML reader)")
    if limit:
        return (f"a name, attribute value or comment is too long (the XML reader refuses "
                f"anything over {MAX_TEXT_BYTES // 1_000_000} MB for safety): {text}")
    return f"not well-formed XML: {text}"


def _head_text(data: bytes, size: int = _PROLOG_SCAN_BYTES) -> str:
    """The first ``size`` bytes of ``data`` decoded as the parser will decode them: in
    the encoding its first bytes and its declaration give (a DOCTYPE in UTF-7 is
    ``+ADw-!DOCTYPE`` in the bytes, and would pass a scan of them unseen)."""
    return encoding.detect(data).decode(data[:size])


def _prolog_end(text: str) -> int:
    """Where the XML declaration, comments, processing instructions and white space at
    the start of ``text`` end."""
    position = 0
    while (item := _PROLOG_ITEM.match(text, position)) is not None and item.end() > position:
        position = item.end()
    return position


def _refuse_doctype_unread(data: bytes, path: str | None) -> bool:
    """Refuse a DOCTYPE with declarations from the raw prolog, before libxml2 parses
    them; True if the prolog has a DOCTYPE that only names a DTD (never loaded)."""
    if len(data) > _PROLOG_FIRST_BYTES:  # (decoding a whole large file costs a copy)
        text = _head_text(data, _PROLOG_FIRST_BYTES)
        if _ROOT_START.match(text, _prolog_end(text)):
            return False
    text = _head_text(data)
    position = _prolog_end(text)
    if not text.startswith("<!DOCTYPE", position):
        return False
    if _DOCTYPE_NAMING_ONLY.match(text, position) or _safe_subset(text, position):
        return True
    line = text.count("\n", 0, position) + 1
    declaration = text[position:position + 65536]
    end = declaration.find("]>")
    declaration = declaration[:end if end >= 0 else None]
    if "<!ENTITY" in declaration:
        what = "a DOCTYPE that declares entities (<!ENTITY …>)"
    else:
        what = "a DOCTYPE with declarations of its own ([…])"
    raise ReadError(f"the file has {what}; refused unread for safety {_DOCTYPE_WHY}", path,
                    line)


def _safe_subset(text: str, position: int) -> bool:
    """True if the DOCTYPE at ``position`` has an internal subset that declares only
    parameter entities with plain values (TEI's module switches, ``<!ENTITY %
    TEI.prose "INCLUDE">``), and nothing else but comments and processing
    instructions: nothing in it names anything outside the file (no SYSTEM or PUBLIC
    anywhere in it) or is ever expanded (no reference at all), so reading it is safe.
    Its bytes stay as they are, like the rest of the file's."""
    opening = _DOCTYPE_WITH_SUBSET.match(text, position)
    if opening is None:
        return False
    start = opening.end()
    # The first "]" ends it: one inside a value or a comment is refused, so the subset
    # ends where a scan of the bytes (``splice.scan``) sees it end.
    end = text.find("]", start, start + _SAFE_SUBSET_CHARS + 1)
    if end < 0 or re.match(r"\s*>", text[end + 1:end + 64]) is None:
        return False
    subset = text[start:end]
    if "SYSTEM" in subset or "PUBLIC" in subset:
        return False
    at = 0
    while at < len(subset):
        item = _SAFE_SUBSET_ITEM.match(subset, at)
        if item is None:
            return False
        at = item.end()
    return True


def _refuse_undeclared_entities(parser: etree.XMLParser, path: str | None) -> None:
    """Refuse a file that uses an entity only its DTD (not read) could define: without
    the DTD its text is unknown (libxml2 leaves the reference empty)."""
    for entry in parser.error_log:
        if entry.type_name == _UNDECLARED_ENTITY:
            name = re.search(r"'([^']*)'", entry.message)
            entity = f"&{name.group(1)};" if name else "an entity"
            raise ReadError(f"the file uses {entity}, which only its DTD defines; Annotator "
                            "does not read DTDs (for safety), so it cannot know that text",
                            path, entry.line or None)


def _refuse_dtd(tree: etree._ElementTree, path: str | None) -> None:
    """The refusal from the parsed tree: for prologs the byte scan could not read."""
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise ReadError(f"the file has a DOCTYPE declaration; refused for safety "
                        f"{_DOCTYPE_WHY}", path, 1)


# A namespace declaration in the raw bytes (ASCII-compatible encodings).
_XMLNS = re.compile(rb"""xmlns(?::[^\s=>]*)?\s*=\s*(?:"[^"]*"|'[^']*')""")


def _may_quote_a_namespace(data: bytes) -> bool:
    """False when no namespace name can hold an apostrophe: a fast filter over the bytes.

    Only declarations can bring a namespace name in, so if every ``xmlns``
    value is free of apostrophes and references, the tree need not be walked.
    Encodings the byte scan cannot read (UTF-16, UTF-7, where ``'`` is ``+ACc-`` ...)
    always get the walk.
    """
    head = data[:_PROLOG_FIRST_BYTES]  # (a slice of the whole file would copy it)
    if not head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"<") \
            or not encoding.detect(data).ascii_markup:
        return True
    return any(b"'" in m.group()[m.group().index(b"=") + 1:].strip()[1:-1]
               or b"&" in m.group() for m in _XMLNS.finditer(data))


def _refuse_quotes_in_namespaces(root: etree._Element, path: str | None) -> None:
    """Refuse namespace names with an apostrophe.

    Schematron reports name elements by an XPath that quotes namespace names
    in apostrophes; the validation evaluates that XPath to find the line. A
    namespace name with an apostrophe could otherwise smuggle XPath from the
    file into that evaluation (and, e.g., make it run for hours).
    """
    for element in root.iter(etree.Element):
        names = [element.tag, *element.attrib.keys()]
        if any("'" in name for name in names):
            bad = next(name for name in names if "'" in name)
            namespace = bad[1:bad.index("}")] if bad.startswith("{") else bad
            raise ReadError(f"namespace name {namespace!r} contains an apostrophe; "
                            "refused (TEI files use the TEI namespace)", path,
                            element.sourceline)


def require_tei(tree: etree._ElementTree, path: str | None = None) -> etree._Element:
    """The root element, or ``ReadError`` unless it is ``<TEI>`` in the TEI namespace."""
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        ns = etree.QName(root).namespace if isinstance(root.tag, str) else None
        found = f"<{name}>" + (f" in namespace {ns}" if ns else " without namespace")
        raise ReadError(f"not a TEI document: the root element is {found}, expected "
                        f"<TEI xmlns=\"{TEI_NS}\">", path, root.sourceline)
    return root
