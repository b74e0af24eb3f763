"""What Annotator added to a TEI file it did not write: the registry of its additions
(``Registry``) and reading them back (``read_additions``): the tagset, annotators,
revisions, annotations, values and entities of an earlier save (``annotator.tei.splice``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from annotator.errors import AnnotationError, Problem, ValidationError, shortened
from annotator.model import (
    AnnotatedDocument,
    Annotation,
    Annotator,
    Revision,
    default_tagset,
)
from annotator.tei import TEI_NS, XML_ID, pointers, tei
from annotator.tei.offsets import SourceRange
from annotator.tei.walk import normalise
from annotator.tei.writer import APP_IDENT

if TYPE_CHECKING:
    from annotator.tei.source import TeiSource

# The pointers Annotator writes into such a file: the ids are the file's own (any
# NCName), the numbers as in its own files (``pointers``).
_RANGE = pointers.string_range(r"[^,()\s]+")

# The registry Annotator writes into a foreign file (see splice.py).
ADDED_ELEMENTS = "added"  # ptr/@type: elements Annotator added (removed whole on re-save)
ADDED_IDS = "ids"  # ptr/@type: xml:ids Annotator gave to existing elements


def read_additions(source: TeiSource, root: etree._Element) -> AnnotatedDocument:
    """The document of ``source`` with what an earlier save added to its file (found
    through the registry): tagset, annotators, revisions, annotations, values and
    entities, each annotation at the characters it was made on."""
    document = source.document
    registry = source.registry
    if registry is None:
        return AnnotatedDocument.create(document)
    ours = registry.elements(root)
    tagset, annotators, revisions = default_tagset(), [], []
    problems: list[Problem] = []
    taxonomy = _first_of(ours, "taxonomy")
    if taxonomy is not None:
        from annotator.tei.reader import tagset_from_elements

        tagset, tagset_problems = tagset_from_elements(
            taxonomy, _first_of(ours, "fsdDecl"), source.path)
        problems += tagset_problems
    for element in _all_of(ours, "respStmt"):
        annotators.append(Annotator(element.get(XML_ID, ""),
                                    normalise(element.findtext(tei("name")) or "")))
    changes = _all_of(ours, "change")
    if changes:
        # The file may list changes newest first (the splice follows its order);
        # read them oldest first, keeping saves within the same second in order.
        siblings = changes[0].getparent().findall(tei("change"))
        if (len(siblings) > 1
                and siblings[0].get("when", "") > siblings[-1].get("when", "")):
            changes = list(reversed(changes))
    for element in changes:
        revisions.append(Revision(element.get("when", ""),
                                  element.get("who", "").removeprefix("#"),
                                  element.xpath("string(.)")))
    revisions.sort(key=lambda r: r.when)
    by_id = {anchor_id: n for n, anchor_id in enumerate(source.anchor_ids)}
    annotations = []
    for element in _all_of(ours, "annotation"):
        annotation = _annotation(source, element, by_id, {a.id for a in annotators},
                                      problems)
        if annotation is not None:
            annotations.append((annotation, element.sourceline))
    entities: list = []
    standoff = _first_of(ours, "standOff")
    if standoff is not None and not problems:
        annotations, entities = _values(
            source, (taxonomy, _first_of(ours, "fsdDecl")), standoff, annotations, problems)
    if problems:
        raise _invalid(problems, source.path)
    try:
        return AnnotatedDocument.create(document, tagset, annotators, revisions,
                                        [a for a, _ in annotations], entities)
    except AnnotationError as exc:
        line = next((ln for a, ln in annotations if a.id in exc.message), None)
        raise ValidationError(exc.message, source.path, line) from None

def _annotation(source: TeiSource, element: etree._Element, by_id: dict[str, int], people: set[str],
                problems: list[Problem]) -> Annotation | None:
    ann_id = element.get(XML_ID, "")
    spans = []
    ranges = []
    for token in element.get("target", "").split():
        match = _RANGE.fullmatch(token)
        if match is None:
            problems.append(Problem(f"annotation {ann_id!r}: @target {token!r} is not of "
                                    "the form #string-range(ID,OFFSET,LENGTH) (numbers "
                                    "in ASCII digits, a length of at least 1)", source.path,
                                    element.sourceline))
            return None
        lines = source.repeated_ids.get(match.group(1))
        if lines is not None:
            problems.append(Problem(
                f"annotation {ann_id!r}: @target {token!r} names the id "
                f"{match.group(1)!r}, which {len(lines)} elements have (lines "
                f"{listed(lines)}); an id may be used once, so it cannot be told "
                "which text the annotation is on: give those elements different ids",
                source.path, element.sourceline))
            return None
        anchor = by_id.get(match.group(1))
        if anchor is None:
            problems.append(Problem(f"annotation {ann_id!r}: @target {token!r} does not "
                                    "name a block of the text", source.path,
                                    element.sourceline))
            return None
        offset, length = pointers.number(match.group(2)), pointers.number(match.group(3))
        if offset + length > source.anchor_length(anchor):
            problems.append(Problem(f"annotation {ann_id!r}: {token} is outside the text "
                                    "of its element (was the file edited?)", source.path,
                                    element.sourceline))
            return None
        ranges.append(SourceRange(anchor, offset, offset + length))
        span = source.to_text(anchor, offset, offset + length)
        if span is None:
            problems.append(Problem(f"annotation {ann_id!r}: {token} lies wholly on text "
                                    "that is not shown (the other reading of a choice, a "
                                    "running head); open the file with the other reading",
                                    source.path, element.sourceline))
            return None
        shown = source.to_source(*span)
        if not shown or (shown[0].anchor, shown[0].start, shown[-1].end) != (
                anchor, offset, offset + length):
            source.ends_off_reading += 1
        spans.append(span)
    if not spans:
        problems.append(Problem(f"annotation {ann_id!r} has no @target", source.path,
                                element.sourceline))
        return None
    made_on = element.get("n")
    if made_on is not None and (now := source.quoted(ranges)) != made_on \
            and source.quoted(ranges, line_breaks=False) != made_on:
        # Pointers name elements by id: an id renamed (or given to another element),
        # or text edited, and the same numbers name other words, still in range.
        source.warnings.append(Problem(
            f"annotation {ann_id!r} was made on “{made_on}”, but its @target now gives "
            f"“{now}” (an element's id renamed, or its text edited, since Annotator saved "
            "it?)", source.path, element.sourceline))
    # "#cat-TAG", or "#cat-TAG #FS" with attribute values (read in ``_values``)
    ana = element.get("ana", "").split()
    tag = ana[0].removeprefix("#").removeprefix("cat-") if ana else ""
    resp = element.get("resp")
    if resp is not None and (not resp.startswith("#") or resp[1:] not in people):
        problems.append(Problem(f"annotation {ann_id!r}: @resp {resp!r} does not point to "
                                "an annotator (a respStmt Annotator added)", source.path,
                                element.sourceline))
        return None
    start, end, more = _ranges(source, spans)
    return Annotation(ann_id, tag, start, end, resp.removeprefix("#") if resp else "",
                      more=more)


def _ranges(source: TeiSource, spans: list[tuple[int, int]]
            ) -> tuple[int, int, tuple[tuple[int, int], ...]]:
    """start, end and the further ranges of the annotation ``spans`` give.

    Pointers in text order with text between them are the ranges of a discontinuous
    annotation; otherwise (one range cut at blocks, or pointers that overlap, as
    files saved before discontinuous annotations may have) one range from the first
    start to the last end, as those files were always read."""
    merged = [list(spans[0])]
    for start, end in spans[1:]:
        if start < merged[-1][1]:
            return spans[0][0], max(e for _, e in spans), ()
        gap_start, gap_end = source.document.trim_to_paragraphs(merged[-1][1], start)
        if gap_start >= gap_end:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    (start, end), *more = merged
    return start, end, tuple((s, e) for s, e in more)

def _values(source: TeiSource,
            tagset_elements: tuple[etree._Element | None, etree._Element | None],
            standoff: etree._Element, annotations: list[tuple[Annotation, int | None]],
            problems: list[Problem]) -> tuple[list[tuple[Annotation, int | None]], list]:
    """The annotations with their attribute values, notes and entity links, and the
    entities: what the standOff holds besides ``listAnnotation``, read (and checked)
    as in Annotator's own files. Problems are added to ``problems``."""
    if not any(child.tag != _LIST_ANNOTATION for child in standoff.iterchildren(
            etree.Element)) and not any(len(a) for a in standoff.iter(_ANNOTATION_TAG)):
        return annotations, []  # nothing but bare annotations: nothing to read
    from annotator.tei.reader import values_from_elements

    found, entities, more = values_from_elements(
        tagset_elements, standoff, [a for a, _ in annotations], source.path)
    problems += more
    lines = {a.id: line for a, line in annotations}
    return [(a, lines[a.id]) for a in found], entities


_LIST_ANNOTATION = tei("listAnnotation")
_TEXT = tei("text")
_SOURCE_DOC = tei("sourceDoc")
_ANNOTATION_TAG = tei("annotation")


def is_native(root: etree._Element) -> bool:
    """True for a file in Annotator's own format (``tei-format.md``), to be read by
    ``reader.parse_tei``; False for any other TEI, to be read by ``TeiSource``.

    Annotator's own files name it in ``appInfo`` without the registry pointers
    that mark additions to somebody else's document.
    """
    for application in root.iterfind(
            "t:teiHeader/t:encodingDesc/t:appInfo/t:application", {"t": TEI_NS}):
        if application.get("ident") == APP_IDENT:
            return not any(p.get("type") == ADDED_ELEMENTS
                           for p in application.iterchildren(tei("ptr")))
    return False


# -- Annotator's registry in a foreign file ------------------------------------------


@dataclass(frozen=True)
class Registry:
    """What Annotator added to a foreign file, as its ``appInfo`` entry lists it.

    ``<application ident="annotator">`` in ``encodingDesc/appInfo`` holds
    ``<ptr type="added">`` (ids of the elements it inserted: standOff, respStmts,
    changes, taxonomy, or the containers it had to create) and ``<ptr type="ids">``
    (the ``xml:id``s it gave to elements of the text).
    """

    application: etree._Element
    added: tuple[str, ...]
    ids: frozenset[str]

    @classmethod
    def find(cls, root: etree._Element) -> Registry | None:
        for application in root.iterfind(
                "t:teiHeader/t:encodingDesc/t:appInfo/t:application", {"t": TEI_NS}):
            if application.get("ident") != APP_IDENT:
                continue
            added: list[str] = []
            ids: list[str] = []
            for ptr in application.iterchildren(tei("ptr")):
                values = [v.removeprefix("#") for v in ptr.get("target", "").split()]
                if ptr.get("type") == ADDED_ELEMENTS:
                    added += values
                elif ptr.get("type") == ADDED_IDS:
                    ids += values
            if added:
                return cls(application, tuple(added), frozenset(ids))
        return None

    def elements(self, root: etree._Element) -> list[etree._Element]:
        """The elements Annotator added, outermost only, in document order.

        Annotator adds nothing to ``<text>`` or ``<sourceDoc>``: an element there that
        the registry names (a file edited by hand, or made to look so) is the
        document's own.
        """
        wanted = set(self.added)
        found = [e for e in root.iter(etree.Element) if e.get(XML_ID) in wanted]
        texts = set(root.iter(_TEXT, _SOURCE_DOC))
        return [e for e in found if e not in texts and not any(
            a in found or a in texts for a in e.iterancestors())]


# An annotation's @n holds the text it was made on, cut to this length.
QUOTE_CHARS = 200


def quoted_text(text: str) -> str:
    """``text`` with its white space normalised, and its middle left out if it is
    longer than ``QUOTE_CHARS``: enough to tell whether a pointer still gives it."""
    text = normalise(text)
    if len(text) <= QUOTE_CHARS:
        return text
    half = QUOTE_CHARS // 2
    return f"{text[:half]}…{text[-(half - 1):]}"


def listed(numbers: list[int]) -> str:
    """``[3, 9, 12]`` as "3, 9 and 12"."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _all_of(elements: Iterable[etree._Element], name: str) -> list[etree._Element]:
    found = []
    for element in elements:
        found += list(element.iter(tei(name)))
    return found


def _first_of(elements: Iterable[etree._Element], name: str) -> etree._Element | None:
    found = _all_of(elements, name)
    return found[0] if found else None


def _invalid(problems: list[Problem], path: str | None) -> ValidationError:
    problems = [shortened(p) for p in problems]
    count = len(problems)
    summary = (f"Annotator's annotations in this file cannot be read ({count} "
               f"problem{'s' * (count != 1)}): ")
    return ValidationError(summary + problems[0].message, path, problems[0].line, problems)
