"""Reading a TEI file (native stand-off or inline export) back into the model.

Order of work: parse safely (``parsing``), insist on ``<TEI>``, then validate
and build at the same time, and report every problem at once, with its line.

Opening refuses whatever ``annotator validate`` refuses (annotator.rng and
annotator.sch), checked in a faster way (docs/performance.md;
tests/test_tei_open_checks.py holds the two together):

* a file Annotator wrote is parsed with its ``listAnnotation`` taken out, and the
  annotations are read from the bytes of that part by the compiled row scanner
  (``annotator.tei.listing``: exact, or not used at all);
* RELAX NG runs in a worker thread, on a copy parsed there, while this module
  builds the model; the few attribute values the reader parses anyway are left
  to the reader (``validation.RELAXED_ON_OPEN``), as libxml2's XSD patterns are
  slow;
* the Schematron's rules (unique ids, pointers that resolve, ranges inside
  their paragraphs) are checked here as the values are read, with the
  Schematron's wording.

Validation then runs beside the build instead of before it (docs/performance.md,
"Validation on open, split"). Then come the checks no schema can make:
ranges that join up, fragments that chain. (One stricter point: ranges in a
@target must be separated by spaces; annotator.sch misreads tabs there.)
"""

from __future__ import annotations

import inspect
import operator
import re
from array import array
from collections.abc import Callable, Sequence
from copy import deepcopy as copy_element
from dataclasses import dataclass, field
from itertools import compress, pairwise, repeat

from lxml import etree

from annotator import collector
from annotator.errors import (
    AnnotationError,
    AnnotatorError,
    Problem,
    ReadError,
    ValidationError,
    shortened,
)
from annotator.model import (
    AnnotatedDocument,
    Annotation,
    Annotator,
    AttributeDef,
    Document,
    Entity,
    Metadata,
    Revision,
    Tag,
    Tagset,
    default_tagset,
)
from annotator.tei import NSMAP, XML_ID, XML_LANG, pointers, tei
from annotator.tei.listing import ListingRows, ListingSplit, note_text, ref_target
from annotator.tei.parsing import parse_xml, parse_xml_taking, require_tei
from annotator.tei.validation import check_structure, check_structure_async
from annotator.tei.writer import ENTITY_ELEMENTS, IDNO_TYPES
from annotator.threads import Meanwhile

# The patterns of annotator.rng, exactly (ASCII classes, no \d: Python's matches other
# digits too); always used with fullmatch, as XSD patterns match the whole value.
_NAME = pointers.NAME
_RANGE = pointers.string_range()
_LOCAL_POINTER = re.compile(rf"#{_NAME}")
_CATEGORY_POINTER = re.compile(r"#cat-[A-Za-z][A-Za-z0-9_\-]*")
# annotator.rng's annotationAna: the category, then maybe the fs, as written.
_ANA = re.compile(rf"(#cat-[A-Za-z][A-Za-z0-9_\-]*)(?: (#{_NAME}))?")
_SCHEME_OF = {v: k for k, v in IDNO_TYPES.items()}
# The element that holds a value of each kind in an <f>.
_VALUE_ELEMENT = {"text": "string", "date": "string", "number": "numeric", "choice": "symbol",
                  "boolean": "binary"}
_TYPE = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
# XML white space: what XSD's whiteSpace="collapse" and RELAX NG's <list> split on
# (not Python's str.split(), which also splits on U+00A0 and other spaces).
_XML_SPACE = " \t\r\n"
_XML_SPACES = re.compile("[ \t\r\n]+")
_INLINE = (tei("rs"), tei("seg"))
_ANNOTATION = tei("annotation")
# Whether parse_xml can leave out libxml2's id table (a parameter added for this).
_PARSER_CAN_SKIP_IDS = "collect_ids" in inspect.signature(parse_xml).parameters


class _Written:
    """An annotation tag read from the bytes (``annotator.tei.listing``), standing in
    for its element where the reader checks one annotation at a time: its attributes
    as written, and no line (a problem sends the file through the parser again)."""

    __slots__ = ("attributes",)
    sourceline = None

    def __init__(self, attributes: dict[str, str]) -> None:
        self.attributes = attributes

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attributes.get(name, default)


@dataclass(frozen=True)
class _Range:
    """A piece of an annotation: paragraph index, offset and length in that paragraph."""

    paragraph: int
    offset: int
    length: int
    line: int | None


def parse_tei(data: bytes, path: str = "", validate: bool = True) -> AnnotatedDocument:
    """Read a native or inline TEI file written by Annotator.

    Raises ``ReadError`` for unreadable or non-TEI input and ``ValidationError``
    (with every problem and its line) for TEI that breaks the project schema.
    ``validate=False`` skips RELAX NG (for bytes this program has just written
    and validated); the reader's own checks always run.
    """
    try:
        with collector.paused():
            built = _read(data, path or None, validate)
            collector.keep_out_of_passes(len(built.annotations))
        return built
    finally:
        # The tree is gone; give its memory back to the system.
        collector.release_freed_memory()


def _read(data: bytes, where: str | None, validate: bool) -> AnnotatedDocument:
    structure: Meanwhile[list[Problem]] | None = None
    if validate and (split := ListingSplit.find(data)) is not None:
        # RELAX NG checks the file with one row in the listing's place, on the other
        # core, while the rows are read: rows of the row format are well-formed and
        # valid by construction (annotator.tei.listing says why).
        built = _read_split(split, where, check_structure_async(split.for_validation, where,
                                                                must_parse=True))
        if built is not None:
            return built
    # The body's paragraphs of plain text are taken out of the tree as it is parsed
    # (_TakenParagraphs): a file of many small paragraphs never has them all in its
    # tree. A file that does not parse cleanly is parsed whole, which says what is wrong.
    taken: _TakenParagraphs | None = _TakenParagraphs(data)
    tree = parse_xml_taking(data, _P, taken.take)  # type: ignore[union-attr]
    problems: list[Problem] = []
    if tree is None:
        taken = None
        # Without libxml2's table of ids a large file parses and is freed faster
        # (docs/performance.md); the builder checks uniqueness instead.
        if _PARSER_CAN_SKIP_IDS:
            tree, problems = parse_xml(data, where, collect_ids=False)  # type: ignore[call-arg]
        else:
            tree, problems = parse_xml(data, where)
    root = require_tei(tree, where)
    # RELAX NG parses its own copy on the other core while the model is built
    # (check_structure_async); started only now, as two parses at once slow each
    # other down (memory bandwidth) more than the build slows the worker. On a large
    # file the two trees at once were most of the peak (docs/performance.md, "Memory on
    # many small paragraphs"): from _CHECK_AFTER_FROM bytes on, the check parses its
    # copy once the reader's tree is gone, in the memory it freed: slower to open, a
    # lower peak.
    after = validate and len(data) >= _CHECK_AFTER_FROM
    if validate and not after:
        structure = check_structure_async(data, where)
    builder = _Builder(root, where, taken=taken)
    built: AnnotatedDocument | None = None
    failure: BaseException | None = None
    try:
        built = builder.build()
    except AnnotatorError as exc:  # problems of the content, each with its line
        failure = exc
    except Exception as exc:  # judged below, once RELAX NG has spoken
        # A structure the schema refuses (a missing attribute, an element out of
        # place) can break the builder in any way; RELAX NG then says what is wrong.
        failure = exc
    finally:
        builder_problems = builder.problems
        if after:
            del builder, root, tree, taken  # (the last references to the reader's tree)
            # On this thread: its malloc arena holds the memory the tree freed (a
            # worker's arena would take as much again from the system).
            problems += check_structure(data, where)
        problems += structure.result() if structure is not None else []
    if problems:
        # Schema problems first-hand, and the builder's (the Schematron's rules) with them.
        extra = builder_problems if isinstance(failure, AnnotatorError | type(None)) else []
        raise _invalid(_in_line_order(problems + extra), where)
    if failure is not None:
        raise failure
    assert built is not None
    return built


def _read_split(split: ListingSplit, where: str | None, structure: Meanwhile[list[Problem]]
                ) -> AnnotatedDocument | None:
    """The document read with its listAnnotation taken out and read as rows
    (``annotator.tei.listing``), or None when the rows cannot be used or anything is
    wrong with the file (RELAX NG's ``structure`` included): the usual reading then
    finds every problem and says where each is."""
    built: AnnotatedDocument | None = None
    try:
        taken = _TakenParagraphs(split.without_listing)
        tree = parse_xml_taking(split.without_listing, _P, taken.take)
        problems = []
        if tree is None:
            taken = None
            tree, problems = parse_xml(split.without_listing, where, collect_ids=False)
        rows = split.rows(require_tei(tree, where))
        if rows is not None and not problems:
            built = _Builder(tree.getroot(), where, rows, taken).build()
    except Exception:
        built = None
    finally:
        try:
            if structure.result():
                built = None
        except ReadError:
            built = None
    return built


_P, _BODY, _TEXT = tei("p"), tei("body"), tei("text")


class _TakenParagraphs:
    """The body's paragraphs read as the file is parsed (``parsing.parse_xml_taking``):
    each one's text and id, in order; a paragraph with elements (or comments) in it is
    left in the tree (length -1 and id None here) for the builder to read as usual.

    The texts are joined by line breaks a few thousand at a time, and ``ids`` is None
    while every id taken is the one Annotator writes ("p" and the paragraph's number):
    a string per paragraph kept to the end (a million one-word ones) kept a hundred MB
    of Python's memory in use under what came next."""

    __slots__ = ("breaks", "data", "ids", "lengths", "parts", "run")

    def __init__(self, data: bytes) -> None:
        self.data = data  # (parsed whole again only to say where repeated ids are)
        self.parts: list[str] = []  # runs of texts, each joined by "\n"
        self.run: list[str] = []  # the texts of the run being made
        self.lengths = array("q")  # each paragraph's text's length; -1: left in the tree
        self.ids: list[str | None] | None = None
        self.breaks = False  # whether a text holds a line break

    def take(self, p: etree._Element) -> bool:
        """Whether ``p`` (a tei:p just parsed) was read here and may leave the tree."""
        body = p.getparent()
        if body is None or body.tag != _BODY:
            return False
        text = body.getparent()
        if text is None or text.tag != _TEXT or (root := text.getparent()) is None or \
                root.getparent() is not None:
            return False
        lengths, ids, run = self.lengths, self.ids, self.run
        if len(p):
            lengths.append(-1)
            run.append("")
            if ids is not None:
                ids.append(None)
            return False
        content = p.text or ""
        lengths.append(len(content))
        run.append(content)
        if "\n" in content:
            self.breaks = True
        if len(run) >= _RUN:
            self.parts.append("\n".join(run))
            run.clear()
        pid = p.get(XML_ID)
        if ids is None:
            if pid == f"p{len(lengths)}":
                return True
            ids = self.ids = [None if length < 0 else f"p{n}"
                              for n, length in enumerate(lengths[:-1], 1)]
        ids.append(pid)
        return True

    def joined(self) -> str:
        """The texts taken, joined by "\n" (a paragraph left in the tree as "")."""
        if self.run:
            self.parts.append("\n".join(self.run))
            self.run = []
        text = "\n".join(self.parts)
        self.parts = []
        return text

    def texts(self) -> list[str | None]:
        """Each paragraph's text taken, None for those left in the tree."""
        text = self.joined()
        found: list[str | None] = []
        at = 0
        for length in self.lengths:
            found.append(None if length < 0 else text[at:at + length])
            at += max(length, 0) + 1
        return found

    def whole_tree_paragraphs(self) -> list[etree._Element]:
        """The body's paragraphs of the file parsed whole (for their lines)."""
        tree, _ = parse_xml(self.data, None, collect_ids=False)
        return tree.getroot().xpath("tei:text/tei:body/tei:p", namespaces=NSMAP)


# Texts taken joined into one string at a time (``_TakenParagraphs``).
_RUN = 4096


def _in_line_order(problems: list[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda p: p.line or 0)


# From this file size on, RELAX NG's check on opening parses its copy after the reader's
# tree is freed instead of beside it (``_read``): the 16 MB reference document still
# opens with the two side by side.
_CHECK_AFTER_FROM = 32 << 20


def _invalid(problems: list[Problem], path: str | None) -> ValidationError:
    problems = [shortened(p) for p in problems]
    count = len(problems)
    first = problems[0]
    summary = f"not a valid Annotator TEI file ({count} problem{'s' * (count != 1)}): "
    return ValidationError(summary + first.message, path, first.line, problems)


def _string(element: etree._Element | None) -> str:
    """The XPath string value: all descendant text, comments and PIs excluded."""
    if element is None:
        return ""
    # Without child nodes (comments and PIs are children too) it is the text, which
    # costs a tenth of the XPath: names, terms and glosses are read this way.
    return (element.text or "") if not len(element) else element.xpath("string(.)")


def _ref(value: str | None) -> str:
    return value[1:] if value and value.startswith("#") else (value or "")


_HUGE = pointers.HUGE
_number = pointers.number


def _collapse(value: str) -> str:
    """XSD whiteSpace="collapse" (XPath's normalize-space): runs of XML white space
    become one space, none at either end."""
    return _XML_SPACES.sub(" ", value).strip(" ")


@dataclass
class _Bodies:
    """What the annotations read hold besides ranges, tag and resp: entity links
    (annotation id -> (@target, its element for messages)) and notes; and the ids of
    annotations read from the bytes, which have no element in the tree."""

    links: dict[str, tuple[str, etree._Element | None]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    ids_not_in_tree: Sequence[str] = ()


# Where opening checks each pattern of annotator.sch, by pattern id: the _Builder methods
# that apply it as the values are read, in the Schematron's wording. The Schematron
# states the rule (``annotator validate`` and saving run it); these apply it faster.
# tests/test_tei_open_checks.py holds this table to schemas/annotator.sch: every
# pattern has its checks here, each method named says which pattern it checks, and
# every pattern is broken once there to see opening refuse what validation refuses.
SCHEMATRON_ON_OPEN: dict[str, tuple[str, ...]] = {
    "unique-ids": ("check_unique_ids", "document"),
    "ana-pointers": ("tag_of", "check_events", "with_values"),
    "entity-links": ("with_values",),
    "event-pointers": ("check_events",),
    "feature-structures": ("with_values",),
    "feature-values": ("values_of",),
    "who-pointers": ("revisions",),
    "resp-pointers": ("resp_of",),
    "inline-fragments": ("check_inline_attributes",),
    "inline-fragments-back": ("check_inline_attributes",),
    "string-ranges": ("target_ranges",),
}


# Tagsets read, by the bytes of their taxonomy and fsdDecl (``_Builder.tagset``): the
# tags (frozen) and the category pointers; a few kept (the last ones read).
_TAGSETS_READ: dict[bytes, tuple[tuple[Tag, ...], dict[str, str]]] = {}
_TAGSETS_KEPT = 8


class _Builder:
    """Reads a parsed file into the model (``build``), checking as it reads what
    annotator.sch checks. The attributes below are lookups that the steps fill in
    for the steps after them; each step returns what it read."""

    def __init__(self, root: etree._Element, path: str | None,
                 rows: ListingRows | None = None, taken: _TakenParagraphs | None = None
                 ) -> None:
        self.root = root
        self.path = path
        self.problems: list[Problem] = []
        # The listAnnotation read from the bytes (its element in the tree is then an
        # empty placeholder).
        self.rows = rows
        # The body's <p> elements, in order (``document``); None for those read as the
        # file was parsed (``taken``), which have no element in the tree.
        self.paragraph_elements: list[etree._Element | None] = []
        self.taken = taken
        # The tagset read (``build``, ``values_from_elements``), and what @ana may point
        # to (annotator.sch: key 'categories'): tag id by pointer (``tagset``).
        self.tags = Tagset()
        self.categories: dict[str, str] = {}
        # What @resp and @who may point to (annotator.sch: key 'annotators'): annotator
        # id by pointer.
        self.people: dict[str, str] = {}
        # The standOff's feature structures by pointer, and the fs each annotation (or
        # fragment) id points to in its @ana (``tag_of``).
        self.structures: dict[str, etree._Element] = {}
        self.fs_of: dict[str, str] = {}
        # Whether the standOff holds anything besides listAnnotation.
        self.has_extras = bool(self.find("tei:standOff/*[not(self::tei:listAnnotation)]"))

    def problem(self, message: str, element: etree._Element | None) -> None:
        line = element.sourceline if element is not None else None
        self.problems.append(Problem(message, self.path, line))

    def find(self, xpath: str) -> list[etree._Element]:
        return self.root.xpath(xpath, namespaces=NSMAP)

    # -- the whole ------------------------------------------------------------
    def build(self) -> AnnotatedDocument:
        document = self.document()
        tagset = self.tagset()
        annotators = [Annotator(e.get(XML_ID), _string(e.find(tei("name"))))
                      for e in self.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:respStmt")]
        # Only pointers that also match annotator.rng's pattern (RELAXED_ON_OPEN).
        self.people = {f"#{a.id}": a.id for a in annotators
                       if a.id and _LOCAL_POINTER.fullmatch(f"#{a.id}")}
        revisions = self.revisions()
        self.tags = tagset
        entities = self.entities()
        self.structures = {f"#{e.get(XML_ID)}": e for e in self.find("tei:standOff/tei:fs")}
        listing = self.find("tei:standOff/tei:listAnnotation")
        if self.rows is not None:
            annotations, bodies = self.row_annotations(document, self.rows)
        elif listing:
            annotations = self.standoff_annotations(document)
            bodies = self.annotation_bodies(listing[0])
        else:
            annotations, bodies = self.inline_annotations(document)
        annotations = self.with_values(annotations, entities, bodies)
        header_ids = self.check_unique_ids(document)
        if self.problems:
            raise _invalid(self.problems, self.path)
        try:
            built = AnnotatedDocument.create(document, tagset, annotators, revisions)
            # Every range was computed from a paragraph's offset and length, and
            # checked against it (standoff_annotations, annotation).
            built.annotations.load(annotations, ranges_checked=True, entities=entities,
                                   highest_generated=(self.rows.highest_generated
                                                      if self.rows is not None else None))
        except AnnotationError as exc:
            # Pinpoint the annotation the model refused, for the line number.
            refused = next((a for a in annotations if a.id in exc.message), None)
            line = self.line_of(refused.id) if refused is not None else None
            raise ValidationError(exc.message, self.path, line) from None
        for value, element in header_ids.items():
            if value in built.annotations:
                self.problem(f'The id "{value}" is used more than once; ids must be unique.',
                             element)
        if self.problems:
            raise _invalid(self.problems, self.path)
        return built

    def revisions(self) -> list[Revision]:
        """The revisionDesc's changes, each @who checked as annotator.sch's
        who-pointers checks it (against ``people``)."""
        revisions = []
        for change in self.find("tei:teiHeader/tei:revisionDesc/tei:change"):
            who = change.get("who")
            if who is not None and _collapse(who) not in self.people:
                self.problem(f'@who="{who}" does not point to a respStmt in the titleStmt.',
                             change)
            revisions.append(Revision(change.get("when", ""),
                                      _ref(_collapse(who or "")), _string(change)))
        return revisions

    def check_unique_ids(self, document: Document) -> dict[str, etree._Element]:
        """annotator.sch's unique-ids, for the ids the model does not check itself;
        returns the header's ids, to be checked against the annotations' once loaded.

        The parser builds no table of ids (see ``_read``); paragraph ids are
        checked in ``document``, and the store refuses an annotation id used twice
        or used by a paragraph. Left: the header's ids and the inline elements'.
        """
        # The paragraphs' ids are looked up in the document (no set of a million names).
        is_paragraph = document.paragraphs.index_of
        seen: set[str | None] = set()
        header: dict[str, etree._Element] = {}
        extras = self.find("tei:standOff/*[not(self::tei:listAnnotation)]/descendant-or-self::"
                           "*[@xml:id]") if self.has_extras else []
        for element in [*self.find("tei:teiHeader//*[@xml:id]"), *extras]:
            value = element.get(XML_ID)
            if value in seen or is_paragraph(value) is not None:
                self.problem(f'The id "{value}" is used more than once; ids must be unique.',
                             element)
            seen.add(value)
            header[value] = element
        # (Not the XPath p//*[@xml:id], which libxml2 is slow at on many paragraphs.)
        inline = (e for p in self.paragraph_elements if p is not None and len(p)
                  for e in p.iterdescendants() if e.get(XML_ID) is not None)
        for element in inline:
            value = element.get(XML_ID)
            if value in seen or is_paragraph(value) is not None:
                self.problem(f'The id "{value}" is used more than once; ids must be unique.',
                             element)
            seen.add(value)
        return header

    def line_of(self, ann_id: str) -> int | None:
        """The line of the element with this id (only looked up for a message)."""
        found = self.root.xpath("//*[@xml:id = $id]", id=ann_id)
        return found[0].sourceline if found else None

    def document(self) -> Document:
        """The body's paragraphs as the document (their ids unique: annotator.sch's
        unique-ids, for the paragraphs); fills in ``paragraph_elements``."""
        elements = self.find("tei:text/tei:body/tei:p")
        taken = self.taken
        if taken is None:
            self.paragraph_elements = elements
            # A <p> with no child nodes is its .text, much cheaper than the XPath string
            # value.
            texts = [(p.text or "") if not len(p) else _string(p) for p in elements]
            ids = [p.get(XML_ID) for p in elements]
        else:  # the paragraphs left in the tree go into their places
            self.taken = None  # (what it holds goes to the document)
            taken_ids = taken.ids
            if not elements and not taken.breaks:  # (the usual: text only, all taken)
                lengths = taken.lengths
                self.paragraph_elements = [None] * len(lengths)
                if taken_ids is None:  # every one "p" and its number: unique names
                    return self._document(None, None, (taken.joined(), lengths))
                if len(set(taken_ids)) == len(taken_ids):
                    return self._document(None, taken_ids,  # type: ignore[arg-type]
                                          (taken.joined(), lengths))
            texts = taken.texts()
            self.paragraph_elements = [None] * len(texts)
            left = iter(elements)
            for n in [n for n, text in enumerate(texts) if text is None]:
                p = self.paragraph_elements[n] = next(left)
                texts[n] = _string(p)
                pid = p.get(XML_ID)
                if taken_ids is None and pid != f"p{n + 1}":
                    taken_ids = [f"p{m}" for m in range(1, len(texts) + 1)]
                if taken_ids is not None:
                    taken_ids[n] = pid
            if next(left, None) is not None:  # (cannot be: every one was seen parsed)
                raise RuntimeError("a paragraph of the body was not seen as it was parsed")
            if taken_ids is None:  # every one "p" and its number: unique names
                return self._document(texts, None)  # type: ignore[arg-type]
            ids = taken_ids
        if len(set(ids)) != len(ids):  # each one again, with its line
            seen: set[str | None] = set()
            if taken is not None:
                elements = taken.whole_tree_paragraphs()
            for p, pid in zip(elements, ids, strict=True):
                if pid in seen:
                    self.problem(f'The id "{pid}" is used more than once; ids must be unique.',
                                 p)
                seen.add(pid)
            raise _invalid(self.problems, self.path)
        return self._document(texts, ids)

    def _document(self, texts: list[str] | None, ids: list[str] | None,
                  joined: tuple[str, Sequence[int]] | None = None) -> Document:
        """The document of the paragraphs' texts (or their text ``joined`` by line breaks
        and each one's length) and ids (None: "p" and each one's number), with the
        header's title, source and language."""
        title = _string(self.root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title",
                                       NSMAP))
        source = _string(self.root.find("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:p",
                                        NSMAP))
        metadata = Metadata(title, source, self.root.get(XML_LANG, ""))
        try:
            # The texts come from the parser, which refuses every character XML forbids.
            if joined is not None:
                return Document.from_joined(joined[0], joined[1], ids, metadata)
            return Document.from_paragraphs(texts, ids, metadata,  # type: ignore[arg-type]
                                            xml_chars_checked=True)
        except ReadError as exc:
            raise ReadError(exc.message, self.path, exc.line) from None

    def tagset(self) -> Tagset:
        """The tagset of the header (the default one if there is none); fills in
        ``categories``."""
        taxonomy = self.find("tei:teiHeader/tei:encodingDesc/tei:classDecl/"
                             "tei:taxonomy[@xml:id='tagset']")
        self.categories = {}
        if not taxonomy:
            return default_tagset()
        # Every file of a corpus declares the same tagset: read once, a copy for each.
        key = b"".join(etree.tostring(e, with_tail=False) for e in (*taxonomy, *self.find(
            "tei:teiHeader/tei:encodingDesc/tei:fsdDecl")))
        known = _TAGSETS_READ.get(key)
        if known is not None:
            self.categories = dict(known[1])
            return Tagset(known[0])
        problems_before = len(self.problems)
        tags = self._read_tagset(taxonomy[0])
        if len(self.problems) == problems_before:  # (a tagset with problems is not kept)
            if len(_TAGSETS_READ) >= _TAGSETS_KEPT:
                _TAGSETS_READ.pop(next(iter(_TAGSETS_READ)))
            _TAGSETS_READ[key] = (tuple(tags), dict(self.categories))
        return tags

    def _read_tagset(self, taxonomy: etree._Element) -> Tagset:
        tags = Tagset()
        declared, fdecls = self.attribute_definitions()
        for category in taxonomy.iterchildren(tei("category")):
            pointer = f"#{category.get(XML_ID)}"
            if _CATEGORY_POINTER.fullmatch(pointer):
                self.categories[pointer] = pointer[1:].removeprefix("cat-")
            desc = category.find(tei("catDesc"))
            tag_id = (category.get(XML_ID) or "").removeprefix("cat-")
            if desc is None:  # (the schema says so of Annotator's own files, not of others)
                self.problem(f"category {tag_id or '(without an id)'} of the tagset has no "
                             "<catDesc>, which names the tag.", category)
                continue
            try:
                tags.add(Tag(
                    id=tag_id,
                    label=_string(desc.find(tei("term"))),
                    color=_string(_ident(desc, "colour")),
                    key=category.get("n", ""),
                    description=_string(desc.find(tei("gloss"))),
                    element=_string(desc.find(tei("gi"))) or "rs",
                    attributes=declared.pop(tag_id, ((), None))[0],
                    entity=_string(_ident(desc, "entity")),
                    event=_string(_ident(desc, "event")) == "true",
                ))
            except AnnotationError as exc:
                self.problem(exc.message, category)
        for tag_id, (_, element) in declared.items():
            self.problem(f'fsDecl type="{tag_id}" declares attributes for a tag the taxonomy '
                         "does not have.", element)
        for tag in tags:
            for definition in tag.attributes:
                for target in definition.targets:
                    if target not in tags:
                        self.problem(f'Attribute "{definition.name}" of tag "{tag.id}" refers '
                                     f'to the unknown tag "{target}".', fdecls.get(
                                         (tag.id, definition.name)))
        return tags

    def attribute_definitions(self) -> tuple[
            dict[str, tuple[tuple[AttributeDef, ...], etree._Element]],
            dict[tuple[str, str], etree._Element]]:
        """The attributes fsdDecl declares, by tag id (with the fsDecl, for messages),
        and each fDecl by (tag id, attribute name)."""
        fdecls: dict[tuple[str, str], etree._Element] = {}
        found: dict[str, tuple[tuple[AttributeDef, ...], etree._Element]] = {}
        for fs_decl in self.find("tei:teiHeader/tei:encodingDesc/tei:fsdDecl/tei:fsDecl"):
            tag_id = _collapse(fs_decl.get("type", ""))
            definitions = []
            for f_decl in fs_decl.iterchildren(tei("fDecl")):
                descr = f_decl.find(tei("fDescr"))
                symbols = f_decl.findall(f"{tei('vRange')}//{tei('symbol')}")
                name = f_decl.get("name", "")
                fdecls[(tag_id, name)] = f_decl
                try:
                    definitions.append(AttributeDef(
                        name, _string(descr.find(tei("term"))) if descr is not None else "",
                        _string(_ident(descr, "kind")) or "text",
                        tuple(s.get("value", "") for s in symbols),
                        tuple(_string(e) for e in descr.iterchildren(tei("ident"))
                              if e.get("type") == "target") if descr is not None else (),
                        _string(descr.find(tei("gloss"))) if descr is not None else "",
                        # A symbol without a label is shown by its value (and
                        # written so next time: reading again gives the same tagset).
                        tuple(s.get("n") or s.get("value", "") for s in symbols)
                        if any(s.get("n") for s in symbols) else ()))
                except AnnotationError as exc:
                    self.problem(exc.message, f_decl)
            if tag_id in found:
                self.problem(f'fsDecl type="{tag_id}" is declared twice.', fs_decl)
            found[tag_id] = (tuple(definitions), fs_decl)
        return found, fdecls

    def entities(self) -> list[Entity]:
        """The entity lists of the standOff."""
        found: list[Entity] = []
        if not self.has_extras:
            return found
        for kind, (list_name, entry_name, name_name) in ENTITY_ELEMENTS.items():
            for entry in self.find(f"tei:standOff/tei:{list_name}/tei:{entry_name}"):
                holder = entry.find(tei("objectIdentifier")) if kind == "object" else entry
                if holder is None:
                    continue  # RELAX NG reports it
                identifiers = []
                for idno in holder.iterchildren(tei("idno")):
                    scheme = _SCHEME_OF.get(idno.get("type", ""))
                    if scheme is None:
                        self.problem(f'idno type="{idno.get("type")}" is not one of '
                                     f'{", ".join(IDNO_TYPES.values())}.', idno)
                        continue
                    identifiers.append((scheme, _string(idno)))
                try:
                    entity = Entity(entry.get(XML_ID) or "", kind,
                                    _collapse(_string(holder.find(tei(name_name)))),
                                    entry.get("role" if kind == "person" else "type", ""),
                                    tuple(identifiers))
                except AnnotationError as exc:
                    self.problem(f"entity {entry.get(XML_ID)!r}: {exc.message}", entry)
                    continue
                found.append(entity)
        return found

    # -- the values annotator.rng leaves to the reader on open --------------------------
    def tag_of(self, element: etree._Element) -> str | None:
        """The tag @ana points to, or None after recording why it cannot be had
        (annotator.sch's ana-pointers: a category, and an fs of the annotation's tag)."""
        ana = element.get("ana")
        tag = self.categories.get(ana)  # type: ignore[arg-type]
        if tag is not None or ana is None:  # a missing @ana is RELAX NG's to report
            return tag
        # libxml2 matches the pattern against the value as written, white space
        # included, so the raw value must match (and then it needs no collapsing).
        match = _ANA.fullmatch(ana)
        if match is None:
            self.problem(f'@ana="{ana}" is not a category pointer (#cat-name), optionally '
                         "followed by one space and a pointer to a feature structure.", element)
            return None
        tag = self.categories.get(match[1])
        if tag is None:
            self.problem(f'@ana="{ana}" does not point to a category of the taxonomy.', element)
        fs = match[2]
        if fs is not None:
            structure = self.structures.get(fs)
            if structure is None or tag is None or structure.get("type") != tag:
                self.problem(f'@ana="{ana}": "{fs}" is not a feature structure (fs) of this '
                             "annotation's tag.", element)
                return None
            self.fs_of[element.get(XML_ID) or ""] = fs
        return tag

    def resp_of(self, element: etree._Element) -> str | None:
        """The annotator id @resp points to ("" without @resp), or None after a problem
        (annotator.sch's resp-pointers)."""
        resp = element.get("resp")
        if resp is None:
            return ""
        who = self.people.get(resp)
        if who is not None:
            return who
        if not _LOCAL_POINTER.fullmatch(resp):  # as written: see tag_of
            self.problem(f'@resp="{resp}" is not a local pointer (#id).', element)
            return None
        who = self.people.get(resp)
        if who is None:
            self.problem(f'@resp="{resp}" does not point to a respStmt in the titleStmt.',
                         element)
        return who

    # -- annotations ------------------------------------------------------------
    def standoff_annotations(self, document: Document) -> list[Annotation]:
        # The document's columns as they are (the paragraphs' ids are its own).
        index = paragraph_of = document.paragraphs.index_of
        starts = document.paragraphs.starts
        lengths = array("q", map(operator.sub, document.paragraphs.ends, starts))
        # Locals: this loop runs once per annotation (100,000 in the reference file).
        category_of, person_of = self.categories.get, self.people.get
        single = _RANGE.fullmatch
        found: list[Annotation] = []
        add = found.append
        # The common case as columns, made into annotations at the end at C speed
        # (five appends cost less than one Python-level constructor call).
        ids: list[str] = []
        tags: list[str] = []
        begins: list[int] = []
        ends: list[int] = []
        whos: list[str] = []
        add_id, add_tag, add_begin, add_end, add_who = (
            ids.append, tags.append, begins.append, ends.append, whos.append)
        listing = self.find("tei:standOff/tei:listAnnotation")
        for element in listing[0].iterchildren(_ANNOTATION) if listing else ():
            get = element.get
            target = get("target")
            # The common case inline, the rest (and every problem) in the methods:
            # one range, @ana and @resp exactly as the writer writes them.
            tag = category_of(get("ana")) or self.tag_of(element)
            resp = get("resp")
            who = "" if resp is None else (person_of(resp) or self.resp_of(element))
            match = single(target) if target is not None else None
            if match is not None:
                pid, offset_digits, length_digits = match.groups()
                n = paragraph_of(pid)
                try:  # (inline: this loop runs once per annotation)
                    offset, length = int(offset_digits), int(length_digits)
                except ValueError:  # over int()'s 4,300 digits: past any paragraph's end
                    offset = length = _HUGE
                if n is not None and offset + length <= lengths[n]:
                    if tag is not None and who is not None:
                        start = starts[n] + offset
                        add_id(get(XML_ID))
                        add_tag(tag)
                        add_begin(start)
                        add_end(start + length)
                        add_who(who)
                    continue
            ann = self.ranged(document, element, target, tag, who, index, lengths)
            if ann is not None:
                add(ann)
        return Annotation.many(ids, tags, begins, ends, whos) + found

    def row_annotations(self, document: Document, rows: ListingRows
                        ) -> tuple[list[Annotation], _Bodies]:
        """``standoff_annotations`` and ``annotation_bodies`` for a listAnnotation read
        from the bytes (``annotator.tei.listing``): the same checks, made column by
        column at C speed for the common case, and one by one, through the same
        methods as for elements, for the rest (several ranges, an fs, a problem)."""
        index = document.paragraphs.index_of
        starts = array("q", document.paragraphs.starts)
        starts.append(0)
        limits = array("q", map(operator.sub, document.paragraphs.ends,
                                document.paragraphs.starts))
        limits.append(-1)
        count = len(rows)
        # -1: no such paragraph
        paragraphs = document.paragraphs.indices(rows.paragraph, missing=-1)
        offsets, lengths = rows.offset, rows.length
        tags = list(map(self.categories.get, rows.ana))
        person_of = {"": "", **self.people}.get  # "": no @resp
        if rows.resp.count(rows.resp[0]) == count:  # one annotator (or none) for all
            whos = [person_of(rows.resp[0])] * count
        else:
            whos = list(map(person_of, rows.resp))
        # Rows to read one by one: a paragraph unknown or too short, more than one
        # range, an @ana or @resp that is not simply a category or an annotator.
        fits = list(map(operator.le, map(operator.add, offsets, lengths),
                        map(limits.__getitem__, paragraphs)))
        odd = set(compress(range(count), rows.more_ranges))
        if not all(fits):
            odd.update(compress(range(count), map(operator.not_, fits)))
        if None in tags:
            odd.update(compress(range(count), map(operator.is_, tags, repeat(None))))
        if None in whos:
            odd.update(compress(range(count), map(operator.is_, whos, repeat(None))))
        begins = list(map(operator.add, map(starts.__getitem__, paragraphs), offsets))
        # The scanner made the ids side by side, apart from the other strings of the
        # rows, which are about to be freed: ids among them would pin that memory (tens
        # of MB the allocator cannot give back) and scatter later allocations over it,
        # which makes every walk over the annotations slower (docs/performance.md).
        ids = list(rows.id)
        found = Annotation.many(ids, tags, begins, map(operator.add, begins, lengths), whos)
        if odd:
            keep = [True] * count
            for row in odd:
                keep[row] = False
            found = list(compress(found, keep))
        limits.pop()
        for row in sorted(odd):
            written = {XML_ID: ids[row], "target": rows.target(row), "ana": rows.ana[row]}
            if rows.resp[row]:
                written["resp"] = rows.resp[row]
            ann = self.read_annotation(_Written(written), document, index, limits)
            if ann is not None:
                found.append(ann)
        # (Nothing kept may hold a string of the rows: see ids above.)
        links: dict[str, tuple[str, etree._Element | None]] = {
            ann_id: (ref_target(ref), None)
            for ann_id, ref in compress(zip(ids, rows.ref, strict=True), rows.ref)}
        notes = {ann_id: note_text(note)
                 for ann_id, note in compress(zip(ids, rows.note, strict=True), rows.note)}
        return found, _Bodies(links, notes, ids)

    def read_annotation(self, element: etree._Element | _Written, document: Document,
                        index: Callable[[str], int | None], lengths: Sequence[int]
                        ) -> Annotation | None:
        """One annotation, every check made (and every problem recorded) in turn."""
        get = element.get
        tag = self.categories.get(get("ana")) or self.tag_of(element)
        resp = get("resp")
        who = "" if resp is None else (self.people.get(resp) or self.resp_of(element))
        return self.ranged(document, element, get("target"), tag, who, index, lengths)

    def ranged(self, document: Document, element: etree._Element | _Written,
               target: str | None, tag: str | None, who: str | None,
               index: Callable[[str], int | None], lengths: Sequence[int]
               ) -> Annotation | None:
        """The annotation @target places, if it and the tag and resp found are good."""
        ranges = self.target_ranges(element, target, index, lengths)
        if ranges is None or tag is None or who is None:
            return None
        return self.annotation(document, element, element.get(XML_ID), ranges, tag, who)

    def annotation_bodies(self, listing: etree._Element) -> _Bodies:
        """The body of each annotation that has one: its entity link (``ref``) and its
        note; found by lxml's C iteration, so files without them pay nothing."""
        bodies = _Bodies()
        for child in listing.iter(tei("ref"), tei("note")):
            parent = child.getparent()
            if parent is None or parent.tag != _ANNOTATION:
                continue  # RELAX NG reports it
            ann_id = parent.get(XML_ID) or ""
            if child.tag == tei("ref"):
                bodies.links[ann_id] = (child.get("target") or "", child)
            else:
                bodies.notes[ann_id] = _string(child)
        return bodies

    def with_values(self, annotations: list[Annotation], entities: list[Entity],
                    bodies: _Bodies) -> list[Annotation]:
        """The annotations with their attribute values, entity links and notes, after
        the checks annotator.sch makes on them (entity-links, feature-structures,
        feature-values, event-pointers and the fs half of ana-pointers)."""
        links, notes = bodies.links, bodies.notes
        if not (links or notes or self.fs_of or self.structures or self.has_extras):
            return annotations
        entity_ids = {e.id for e in entities}
        linked: dict[str, str] = {}
        for ann_id, (target, element) in links.items():
            pointer = _collapse(target)
            if not pointer.startswith("#") or pointer[1:] not in entity_ids:
                self.problem(f'"{target}" does not point to an entity (person, org, place or '
                             "object) of the standOff.", element)
                continue
            linked[ann_id] = pointer[1:]
        used = set(self.fs_of.values())
        declared = {t.id for t in self.tags if t.attributes}
        for pointer, fs in self.structures.items():
            if fs.get("type") not in declared:
                self.problem(f'fs type="{fs.get("type")}": the tag has no attributes declared '
                             "(fsDecl) in the encodingDesc.", fs)
            if pointer not in used:
                self.problem(f'fs "{pointer[1:]}" belongs to no annotation.', fs)
        by_id = {a.id: a for a in annotations}
        references: list[tuple[Annotation, AttributeDef, str, etree._Element]] = []
        result = []
        for ann in annotations:
            fs_pointer = self.fs_of.get(ann.id)
            if fs_pointer is None and ann.id not in linked and ann.id not in notes:
                result.append(ann)
                continue
            values: tuple[tuple[str, str], ...] = ()
            if fs_pointer is not None:
                values = self.values_of(self.structures[fs_pointer], ann, references)
            result.append(Annotation(ann.id, ann.tag, ann.start, ann.end, ann.resp, values,
                                     notes.get(ann.id, ""), linked.get(ann.id, ""), ann.more))
        final = {a.id: a for a in result}
        for ann, definition, value, element in references:
            target = final.get(value)
            if target is None and value not in entity_ids:
                self.problem(f'Attribute "{definition.name}": fVal="#{value}" does not point '
                             "to an annotation or an entity.", element)
            elif target is not None and definition.targets and target.tag not in \
                    definition.targets:
                self.problem(f'Attribute "{definition.name}": fVal="#{value}" points to an '
                             "annotation of a tag it does not accept.", element)
            elif target is None and definition.targets and not any(
                    t in self.tags and self.tags[t].accepts_entity(
                        next(e.kind for e in entities if e.id == value))
                    for t in definition.targets):
                self.problem(f'Attribute "{definition.name}": fVal="#{value}" names an entity '
                             "that no annotation of its target tags may name.", element)
            elif value == ann.id:
                self.problem(f'Attribute "{definition.name}" of {ann.id!r} refers to the '
                             "annotation itself.", element)
        del by_id
        self.check_events(bodies.ids_not_in_tree)
        return result

    def values_of(self, fs: etree._Element, ann: Annotation,
                  references: list[tuple[Annotation, AttributeDef, str, etree._Element]]
                  ) -> tuple[tuple[str, str], ...]:
        """The values an ``fs`` holds, checked against the tag's declarations
        (annotator.sch's feature-values)."""
        tag = self.tags[ann.tag]
        values: dict[str, str] = {}
        for f in fs.iterchildren(tei("f")):
            name = f.get("name", "")
            definition = tag.attribute(name)
            if definition is None:
                self.problem(f'Attribute "{name}" is not declared for tag "{tag.id}" '
                             "(fsDecl/fDecl).", f)
                continue
            if name in values:
                self.problem(f'Attribute "{name}" has more than one value.', f)
                continue
            kind = definition.kind
            if kind == "reference":
                raw = f.get("fVal")
                raw = _collapse(raw)[1:] if raw is not None and _collapse(raw).startswith(
                    "#") else None
            else:
                holder = f.find(tei(_VALUE_ELEMENT[kind]))
                raw = None if holder is None else (
                    _string(holder) if kind in ("text", "date") else
                    _collapse(holder.get("value", "")))
            try:
                if raw is None or definition.check(raw) != raw:
                    raise AnnotationError("")
            except AnnotationError as exc:
                detail = f": {exc.message}" if exc.message else ""
                self.problem(f'The value of "{name}" is not in its declared range '
                             f"({kind}){detail}.", f)
                continue
            if kind == "reference":
                references.append((ann, definition, raw, f))
            values[name] = raw
        return tuple((d.name, values[d.name]) for d in tag.attributes if d.name in values)

    def check_events(self, ids_not_in_tree: Sequence[str]) -> None:
        """listEvent is derived data (rewritten on save): its pointers must resolve
        (to an element of the tree, or an annotation read from the bytes), as
        annotator.sch's event-pointers and (for an event's @ana) ana-pointers say."""
        events = self.find("tei:standOff/tei:listEvent/tei:event")
        if not events:
            return
        ids = set(self.root.xpath("//@xml:id"))
        ids.update(ids_not_in_tree)
        for event in events:
            ana = event.get("ana")
            if ana is not None and _collapse(ana) not in self.structures:
                self.problem(f'@ana="{ana}" does not point to a feature structure (fs) of the '
                             "standOff.", event)
            for ptr in event.iterchildren(tei("ptr")):
                target = _collapse(ptr.get("target") or "")
                if target[1:] not in ids:
                    self.problem(f'ptr type="{ptr.get("type")}" target="{ptr.get("target")}" '
                                 "does not point to anything in the file.", ptr)

    def target_ranges(self, element: etree._Element, target: str | None,
                      index: Callable[[str], int | None], lengths: Sequence[int]
                      ) -> list[_Range] | None:
        """The ranges @target names, or None after recording each problem as
        annotator.rng (the pattern) and annotator.sch (string-ranges) state them."""
        if target is None:
            return None  # RELAX NG reports the missing attribute
        tokens = _XML_SPACES.split(target.strip(_XML_SPACE)) if target.strip(_XML_SPACE) else []
        if not tokens:
            self.problem('@target is empty; it must hold #string-range(paragraph,offset,'
                         'length) pointers.', element)
            return None
        if len(tokens) > 1 and any(c in target for c in "\t\r\n"):
            # annotator.sch splits ranges on spaces only, so it misreads these; only
            # character references can put them here, and Annotator never writes them.
            self.problem(f'@target="{target}" separates its ranges with a tab or a line '
                         "break; only spaces may separate them.", element)
            return None
        ranges: list[_Range] = []
        named: set[str] = set()
        last_end = 0  # where the range before ends in its paragraph, if that is pid
        for token in tokens:
            match = _RANGE.fullmatch(token)
            if match is None:
                self.problem(f"@target {token!r} is not of the form "
                             "#string-range(paragraph,offset,length).", element)
                return None
            pid, offset, length = match[1], _number(match[2]), _number(match[3])
            n = index(pid)
            if n is None:
                self.problem(f'@target="{target}" names "{pid}", which is not a paragraph '
                             "of the body.", element)
                return None
            # A paragraph named again (the ranges of a discontinuous annotation) only
            # right after itself, beyond the end of the range before (annotator.sch:
            # string-ranges); the order across paragraphs is checked by ``annotation``.
            if pid in named and (ranges[-1].paragraph != n or offset <= last_end):
                self.problem(f'@target="{target}" names a paragraph twice ("{pid}") with '
                             "ranges that overlap, touch or are out of order.", element)
                return None
            named.add(pid)
            last_end = offset + length
            if offset + length > lengths[n]:
                self.problem(f'@target="{target}" ends at {offset + length}, past the end of '
                             f'paragraph "{pid}" ({lengths[n]} characters).', element)
                return None
            ranges.append(_Range(n, offset, length, element.sourceline))
        return ranges

    def inline_annotations(self, document: Document) -> tuple[list[Annotation], _Bodies]:
        pieces: dict[str, tuple[etree._Element, _Range]] = {}
        for number, p in enumerate(self.paragraph_elements):
            if p is None:  # (read as the file was parsed: only text)
                continue
            _collect(p, number, 0, pieces)
        # @ana and @resp of every fragment (annotator.sch checks each element), and
        # the links between fragments; the chains below use the first one's values.
        values: dict[str, tuple[str | None, str | None]] = {}
        if pieces:
            ids = {e.get(XML_ID): e for e in self.root.xpath("//*[@xml:id]")}
            for element_id, (element, _) in pieces.items():
                self.check_inline_attributes(element, ids)
                values[element_id] = (self.tag_of(element), self.resp_of(element))
        bodies = _Bodies()
        for element_id, (element, _) in pieces.items():
            ref = element.get("ref")
            if ref is not None:
                if element.get("prev"):  # each fragment's link must resolve (annotator.sch)
                    bodies.links.setdefault(f"{element_id} (fragment)", (ref, element))
                else:
                    bodies.links[element_id] = (ref, element)
        found = []
        seen: set[str] = set()
        for element_id, (element, _) in pieces.items():
            if element.get("prev"):
                continue
            chain: list[_Range] = []
            current: str | None = element_id
            while current is not None and current not in seen and current in pieces:
                seen.add(current)
                piece, piece_range = pieces[current]
                if piece.get("ana") != element.get("ana"):
                    self.problem(f"fragment {current!r} has a different @ana from the first "
                                 "fragment of its annotation", piece)
                chain.append(piece_range)
                current = _ref(_collapse(piece.get("next") or "")) or None
            if current is not None:
                self.problem(f"the fragments of {element_id!r} do not form a chain "
                             f"(@next {current!r} is missing or loops)", element)
                continue
            tag, who = values[element_id]
            if tag is None or who is None:
                continue
            ann = self.annotation(document, element, element_id, chain, tag, who)
            if ann is not None:
                found.append(ann)
        for element_id, (element, _) in pieces.items():
            if element_id not in seen:
                self.problem(f"fragment {element_id!r} is not reachable from the first "
                             "fragment of an annotation (@prev/@next)", element)
        return found, bodies

    def check_inline_attributes(self, element: etree._Element,
                                ids: dict[str, etree._Element]) -> None:
        """@type, @prev and @next of an rs/seg as annotator.rng (patterns) and
        annotator.sch (inline-fragments, inline-fragments-back) check them; @ana and
        @resp are checked where they are read."""
        kind = element.get("type")
        # A token is collapsed before its pattern is matched (an anyURI is not).
        if kind is not None and not _TYPE.fullmatch(_collapse(kind)):
            self.problem(f'@type="{kind}" is not a name (a letter, then letters, digits, '
                         "'_' or '-').", element)
        own = f"#{element.get(XML_ID) or ''}"
        for name, back in (("next", "prev"), ("prev", "next")):
            value = element.get(name)
            if value is None:
                continue
            if not _LOCAL_POINTER.fullmatch(value):  # as written: see tag_of
                self.problem(f'@{name}="{value}" is not a local pointer (#id).', element)
                continue
            other = ids.get(value[1:])
            if other is None or other.get(back) != own:
                self.problem(f'@{name}="{value}" must point to an element whose @{back} '
                             "points back here.", element)
            if name == "prev" and (other is None or other.get("ana") is None
                                   or other.get("ana") != element.get("ana")):
                self.problem("A continued fragment must carry the same @ana as the fragment "
                             "before it.", element)

    def annotation(self, document: Document, element: etree._Element, ann_id: str,
                   ranges: list[_Range], tag: str, resp: str) -> Annotation | None:
        paragraphs = document.paragraphs
        for r in ranges:
            if r.offset + r.length > len(paragraphs[r.paragraph]) or r.length == 0:
                self.problem(f"annotation {ann_id!r}: {r.offset},{r.length} is outside "
                             f"paragraph {paragraphs[r.paragraph].id!r} "
                             f"({len(paragraphs[r.paragraph])} characters)", element)
                return None
        # Fragments that join (one ends at the end of its paragraph, the next begins at
        # 0 of the following one) are one range, cut at a paragraph break; a gap
        # between two begins another range of a discontinuous annotation.
        first_range = ranges[0]
        spans = [[paragraphs[first_range.paragraph].start + first_range.offset, 0]]
        for before, after in pairwise(ranges):
            first, second = paragraphs[before.paragraph], paragraphs[after.paragraph]
            end = first.start + before.offset + before.length
            begin = second.start + after.offset
            if begin < end or (after.paragraph < before.paragraph):
                self.problem(f"annotation {ann_id!r}: its ranges must be in text order "
                             "and must not overlap", element)
                return None
            # Paragraphs in between may only be empty ones (they hold no fragment).
            skipped = paragraphs[before.paragraph + 1:after.paragraph]
            joined = (begin == end or (after.paragraph > before.paragraph and end == first.end
                                       and after.offset == 0
                                       and not any(len(p) for p in skipped)))
            if not joined:
                spans[-1][1] = end
                spans.append([begin, 0])
        last = ranges[-1]
        spans[-1][1] = paragraphs[last.paragraph].start + last.offset + last.length
        (start, end), *more = spans
        return Annotation(ann_id, tag, start, end, resp, more=more)


def _ident(desc: etree._Element | None, kind: str) -> etree._Element | None:
    """The ``ident`` of this @type in a catDesc or fDescr."""
    if desc is None:
        return None
    return next((e for e in desc.iterchildren(tei("ident")) if e.get("type") == kind), None)


def tagset_from_elements(taxonomy: etree._Element, fsd_decl: etree._Element | None,
                         path: str | None = None) -> tuple[Tagset, list[Problem]]:
    """The tagset Annotator put into a TEI file it did not write (its ``taxonomy`` and
    ``fsdDecl``, wherever they are and whatever their ids), read as in its own files.

    Copies of the two go into a header of their own, so that the file's own
    taxonomies and feature declarations are never taken for Annotator's.
    """
    root = etree.Element(tei("TEI"))
    encoding = etree.SubElement(etree.SubElement(root, tei("teiHeader")), tei("encodingDesc"))
    copy = copy_element(taxonomy)
    copy.set(XML_ID, "tagset")
    etree.SubElement(encoding, tei("classDecl")).append(copy)
    if fsd_decl is not None:
        encoding.append(copy_element(fsd_decl))
    builder = _Builder(root, path)
    tagset = builder.tagset()
    return tagset, builder.problems


def values_from_elements(tagset_elements: tuple[etree._Element | None,
                                                etree._Element | None],
                         standoff: etree._Element, annotations: list[Annotation],
                         path: str | None = None
                         ) -> tuple[list[Annotation], list[Entity], list[Problem]]:
    """The attribute values, notes, entity links, entities (and the checks of the
    events) Annotator put into the ``standOff`` of a TEI file it did not write, read
    and checked as in its own files.

    ``tagset_elements`` is (taxonomy, fsdDecl) as for ``tagset_from_elements``;
    ``annotations`` are those of the standOff's ``listAnnotation``, already read
    by the caller (ranges, tag and resp). Returns them with their values, the
    entities and the problems found. The elements are read from copies put
    into a document of their own, as in ``tagset_from_elements``.
    """
    taxonomy, fsd_decl = tagset_elements
    root = etree.Element(tei("TEI"))
    encoding = etree.SubElement(etree.SubElement(root, tei("teiHeader")), tei("encodingDesc"))
    if taxonomy is not None:
        copy = copy_element(taxonomy)
        copy.set(XML_ID, "tagset")
        etree.SubElement(encoding, tei("classDecl")).append(copy)
    if fsd_decl is not None:
        encoding.append(copy_element(fsd_decl))
    root.append(copy_element(standoff))
    builder = _Builder(root, path)
    builder.tags = builder.tagset()
    builder.people = {f"#{a.resp}": a.resp for a in annotations if a.resp}
    entities = builder.entities()
    builder.structures = {f"#{e.get(XML_ID)}": e for e in builder.find("tei:standOff/tei:fs")}
    listing = builder.find("tei:standOff/tei:listAnnotation")
    bodies = _Bodies()
    if listing:
        read = {a.id for a in annotations}
        for element in listing[0].iterchildren(_ANNOTATION):
            if element.get(XML_ID) in read and " " in element.get("ana", ""):
                builder.tag_of(element)  # records the fs its @ana points to
        bodies = builder.annotation_bodies(listing[0])
    found = builder.with_values(annotations, entities, bodies)
    return found, entities, builder.problems


def read_tagset(data: bytes, path: str = "") -> Tagset:
    """The tagset of an Annotator TEI file (taxonomy and fsdDecl), for "load the
    tagset from another file". Raises ``ReadError`` for unreadable input and
    ``ValidationError`` (``file:line: message`` problems) for a bad tagset."""
    tree, _ = parse_xml(data, path or None)
    root = require_tei(tree, path or None)
    builder = _Builder(root, path or None)
    if not builder.find("tei:teiHeader/tei:encodingDesc/tei:classDecl/"
                        "tei:taxonomy[@xml:id='tagset']"):
        raise ValidationError("the file has no Annotator tagset (taxonomy xml:id=\"tagset\")",
                              path or None, root.sourceline)
    tagset = builder.tagset()
    if builder.problems:
        raise _invalid(builder.problems, path or None)
    return tagset


def _collect(element: etree._Element, paragraph: int, offset: int,
             pieces: dict[str, tuple[etree._Element, _Range]]) -> int:
    """Record the range of every rs/seg under ``element``; return the offset after it."""
    position = offset + len(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            start = position
            position = _collect(child, paragraph, position, pieces)
            if child.tag in _INLINE and child.get("ana") is not None:
                pieces[child.get(XML_ID)] = (
                    child, _Range(paragraph, start, position - start, child.sourceline))
        position += len(child.tail or "")
    return position


def header_parts(root: etree._Element, path: str | None = None
                 ) -> tuple[Tagset, list[Annotator], list[Entity]]:
    """The tagset, the annotators and the entities of a file's header and standOff,
    read as opening reads them, for a caller that knows the file passed every check
    before (``corpus.adding``: annotate all on a file whose verdict the corpus
    index keeps). ``ValidationError`` if they show a problem all the same."""
    builder = _Builder(root, path)
    tagset = builder.tagset()
    annotators = [Annotator(e.get(XML_ID), _string(e.find(tei("name"))))
                  for e in builder.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:respStmt")]
    entities = builder.entities()
    if builder.problems:
        raise _invalid(builder.problems, path)
    return tagset, annotators, entities
