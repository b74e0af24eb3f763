"""Reading a TEI file (native stand-off or inline export) back into the model.

Order of work: parse safely (``parsing``), insist on ``<TEI>``, validate
against the project schemas and report every problem at once, then build
the model, reporting anything the schemas cannot see (ranges that do not
join up, fragments that do not chain) the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from lxml import etree

from annotator.errors import AnnotationError, Problem, ReadError, ValidationError
from annotator.model import (
    AnnotatedDocument,
    Annotation,
    Annotator,
    Document,
    Metadata,
    Revision,
    Tag,
    Tagset,
    default_tagset,
)
from annotator.tei import NSMAP, XML_ID, XML_LANG, tei
from annotator.tei.parsing import parse_xml, require_tei
from annotator.tei.validation import validate_tree

_RANGE = re.compile(r"^#string-range\(([^,()\s]+),(\d+),(\d+)\)$")
_INLINE = (tei("rs"), tei("seg"))


@dataclass(frozen=True)
class _Range:
    """A piece of an annotation: paragraph index, offset and length in that paragraph."""

    paragraph: int
    offset: int
    length: int
    line: int | None


def parse_tei(data: bytes, path: str = "") -> AnnotatedDocument:
    """Read a native or inline TEI file written by Annotator.

    Raises ``ReadError`` for unreadable or non-TEI input and ``ValidationError``
    (with every problem and its line) for TEI that breaks the project schema.
    """
    where = path or None
    tree, problems = parse_xml(data, where)
    root = require_tei(tree, where)
    problems += validate_tree(tree, where)
    if problems:
        raise _invalid(problems, where)
    return _Builder(root, where).build()


def _invalid(problems: list[Problem], path: str | None) -> ValidationError:
    count = len(problems)
    first = problems[0]
    summary = f"not a valid Annotator TEI file ({count} problem{'s' * (count != 1)}): "
    return ValidationError(summary + first.message, path, first.line, problems)


def _string(element: etree._Element | None) -> str:
    """The XPath string value: all descendant text, comments and PIs excluded."""
    return "" if element is None else element.xpath("string(.)")


def _ref(value: str | None) -> str:
    return value[1:] if value and value.startswith("#") else (value or "")


class _Builder:
    def __init__(self, root: etree._Element, path: str | None) -> None:
        self.root = root
        self.path = path
        self.problems: list[Problem] = []

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
        revisions = [Revision(e.get("when", ""), _ref(e.get("who")), _string(e))
                     for e in self.find("tei:teiHeader/tei:revisionDesc/tei:change")]
        if self.find("tei:standOff"):
            annotations = self.standoff_annotations(document)
        else:
            annotations = self.inline_annotations(document)
        if self.problems:
            raise _invalid(self.problems, self.path)
        try:
            return AnnotatedDocument.create(document, tagset, annotators, revisions,
                                            [a for a, _ in annotations])
        except AnnotationError as exc:
            # Pinpoint the annotation the model refused, for the line number.
            line = next((ln for a, ln in annotations if a.id in exc.message), None)
            raise ValidationError(exc.message, self.path, line) from None

    def document(self) -> Document:
        self.paragraph_elements = self.find("tei:text/tei:body/tei:p")
        texts = [_string(p) for p in self.paragraph_elements]
        ids = [p.get(XML_ID) for p in self.paragraph_elements]
        title = _string(self.root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title",
                                       NSMAP))
        source = _string(self.root.find("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:p",
                                        NSMAP))
        metadata = Metadata(title, source, self.root.get(XML_LANG, ""))
        try:
            return Document.from_paragraphs(texts, ids, metadata)
        except ReadError as exc:
            raise ReadError(exc.message, self.path, exc.line) from None

    def tagset(self) -> Tagset:
        taxonomy = self.find("tei:teiHeader/tei:encodingDesc/tei:classDecl/"
                             "tei:taxonomy[@xml:id='tagset']")
        if not taxonomy:
            return default_tagset()
        tags = Tagset()
        for category in taxonomy[0].iterchildren(tei("category")):
            desc = category.find(tei("catDesc"))
            try:
                tags.add(Tag(
                    id=category.get(XML_ID).removeprefix("cat-"),
                    label=_string(desc.find(tei("term"))),
                    color=_string(desc.find(tei("ident"))),
                    key=category.get("n", ""),
                    description=_string(desc.find(tei("gloss"))),
                    element=_string(desc.find(tei("gi"))) or "rs",
                ))
            except AnnotationError as exc:
                self.problem(exc.message, category)
        return tags

    # -- annotations ------------------------------------------------------------
    def _index(self) -> dict[str, int]:
        return {p.get(XML_ID): n for n, p in enumerate(self.paragraph_elements)}

    def standoff_annotations(self, document: Document) -> list[tuple[Annotation, int | None]]:
        index = self._index()
        found = []
        for element in self.find("tei:standOff/tei:listAnnotation/tei:annotation"):
            ranges = []
            for token in element.get("target", "").split():
                match = _RANGE.match(token)
                if match is None or match.group(1) not in index:
                    self.problem(f"@target {token!r} does not name a paragraph", element)
                    break
                ranges.append(_Range(index[match.group(1)], int(match.group(2)),
                                     int(match.group(3)), element.sourceline))
            else:
                ann = self.annotation(document, element, element.get(XML_ID), ranges)
                if ann is not None:
                    found.append((ann, element.sourceline))
        return found

    def inline_annotations(self, document: Document) -> list[tuple[Annotation, int | None]]:
        pieces: dict[str, tuple[etree._Element, _Range]] = {}
        for number, p in enumerate(self.paragraph_elements):
            _collect(p, number, 0, pieces)
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
                current = _ref(piece.get("next")) or None
            if current is not None:
                self.problem(f"the fragments of {element_id!r} do not form a chain "
                             f"(@next {current!r} is missing or loops)", element)
                continue
            ann = self.annotation(document, element, element_id, chain)
            if ann is not None:
                found.append((ann, element.sourceline))
        for element_id, (element, _) in pieces.items():
            if element_id not in seen:
                self.problem(f"fragment {element_id!r} is not reachable from the first "
                             "fragment of an annotation (@prev/@next)", element)
        return found

    def annotation(self, document: Document, element: etree._Element, ann_id: str,
                   ranges: list[_Range]) -> Annotation | None:
        paragraphs = document.paragraphs
        for r in ranges:
            if r.offset + r.length > len(paragraphs[r.paragraph]) or r.length == 0:
                self.problem(f"annotation {ann_id!r}: {r.offset},{r.length} is outside "
                             f"paragraph {paragraphs[r.paragraph].id!r} "
                             f"({len(paragraphs[r.paragraph])} characters)", element)
                return None
        for before, after in pairwise(ranges):
            first, second = paragraphs[before.paragraph], paragraphs[after.paragraph]
            end = first.start + before.offset + before.length
            # Paragraphs in between may only be empty ones (they hold no fragment).
            skipped = paragraphs[before.paragraph + 1:after.paragraph]
            joined = (end == second.start + after.offset or
                      (after.paragraph > before.paragraph and end == first.end
                       and after.offset == 0 and not any(len(p) for p in skipped)))
            if not joined:
                self.problem(f"annotation {ann_id!r}: its ranges must be contiguous (each "
                             "ending at the end of its paragraph and the next starting at 0 "
                             "of the following paragraph)", element)
                return None
        start = paragraphs[ranges[0].paragraph].start + ranges[0].offset
        last = ranges[-1]
        end = paragraphs[last.paragraph].start + last.offset + last.length
        tag = _ref(element.get("ana")).removeprefix("cat-")
        return Annotation(ann_id, tag, start, end, _ref(element.get("resp")))


def _collect(element: etree._Element, paragraph: int, offset: int,
             pieces: dict[str, tuple[etree._Element, _Range]]) -> int:
    """Record the range of every rs/seg under ``element``; return the offset after it."""
    position = offset + len(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            start = position
            position = _collect(child, paragraph, position, pieces)
            if child.tag in _INLINE and child.get("ana"):
                pieces[child.get(XML_ID)] = (
                    child, _Range(paragraph, start, position - start, child.sourceline))
        position += len(child.tail or "")
    return position
