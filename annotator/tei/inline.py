"""The inline export: annotations written into the text as ``<rs>``/``<seg>``.

XML elements must nest, annotations need not. Properly nested spans nest;
a span that crosses another (or a paragraph boundary) is cut into fragments,
linked in reading order by ``@next``/``@prev``. The first fragment carries the
annotation's id, the others derived ids (``a7.2``, ``a7.3`` ...). Nothing is
dropped and the text content of every ``<p>`` stays exactly the paragraph.

Every fragment carries the annotation's ``@ana`` (``#cat-TAG``, plus ``#fs-ID``
when it has attribute values) and ``@ref`` (``#ENTITY``) when it is linked; the
entity lists, events and feature structures follow the text in a ``<standOff>``
(without ``listAnnotation``). Notes are not exported inline.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from lxml import etree

from annotator.model import AnnotatedDocument, Annotation
from annotator.tei import XML_ID, tei
from annotator.tei.writer import TeiWriter, ana_value, build_standoff_parts, tei_element


@dataclass
class Piece:
    """One element to write: [start, end) in paragraph offsets."""

    start: int
    end: int
    ann: Annotation
    paragraph: int = 0  # index of the paragraph, for reading order across paragraphs
    children: list[Piece] = field(default_factory=list)
    id: str = ""
    prev: str = ""
    next: str = ""


def nest(spans: list[tuple[int, int, Annotation]]) -> list[Piece]:
    """Arrange spans (in one paragraph) as a forest, cutting the ones that cross.

    Spans are taken in document order; a span reaching past the end of the
    innermost open element is cut there and its remainder queued again, so
    the result always nests and covers every span exactly.
    """
    order = {id(ann): n for n, (_, _, ann) in enumerate(spans)}
    heap = [(start, -end, order[id(ann)], ann) for start, end, ann in spans]
    heapq.heapify(heap)
    roots: list[Piece] = []
    stack: list[Piece] = []
    while heap:
        start, neg_end, rank, ann = heapq.heappop(heap)
        end = -neg_end
        while stack and stack[-1].end <= start:
            stack.pop()
        if stack and end > stack[-1].end:
            cut = stack[-1].end
            heapq.heappush(heap, (cut, -end, rank, ann))
            end = cut
        piece = Piece(start, end, ann)
        (stack[-1].children if stack else roots).append(piece)
        stack.append(piece)
    return roots


class InlineTeiWriter(TeiWriter):
    """Serialises an ``AnnotatedDocument`` with inline ``<rs>``/``<seg>`` markup."""

    def __init__(self, doc: AnnotatedDocument) -> None:
        super().__init__(doc)
        self._forests: dict[str, list[Piece]] = {}
        # Each tag's element and the @ana of annotations with values (``_paragraph``).
        self._looks: tuple[dict[str, str], dict[str, str]] | None = None

    def to_element(self) -> etree._Element:
        self._forests = self._plan()
        self._looks = None
        return super().to_element()

    def _plan(self) -> dict[str, list[Piece]]:
        self._extra_ids = set()
        document = self.doc.document
        annotations = list(self.doc.annotations)  # document order
        per_paragraph: dict[str, list[tuple[int, int, Annotation]]] = defaultdict(list)
        for ann in annotations:
            # Every range's fragments (a discontinuous annotation: one chain over all).
            for start, end in ann.ranges:
                for fragment in document.fragments(start, end):
                    per_paragraph[fragment.paragraph.id].append(
                        (fragment.offset, fragment.offset + fragment.length, ann))
        forests = {pid: nest(spans) for pid, spans in per_paragraph.items()}

        pieces: dict[str, list[Piece]] = defaultdict(list)
        index_of = document.paragraphs.index_of
        for index, pid in sorted((index_of(pid), pid) for pid in forests):
            for piece in _walk(forests[pid]):
                piece.paragraph = index
                pieces[piece.ann.id].append(piece)
        is_paragraph = document.has_paragraph  # (the paragraphs' ids: no set of them)
        used = {a.id for a in annotations}
        used |= set(self.doc.annotators) | {f"cat-{t.id}" for t in self.doc.tagset} | {"tagset"}
        used |= set(self.doc.entities)
        for ann in annotations:
            chain = sorted(pieces[ann.id], key=lambda p: (p.paragraph, p.start))
            chain[0].id = ann.id
            for number, piece in enumerate(chain[1:], 2):
                candidate = f"{ann.id}.{number}"
                while candidate in used or is_paragraph(candidate):  # never an existing id
                    candidate += "_"
                used.add(candidate)
                self._extra_ids.add(candidate)
                piece.id = candidate
            for before, after in pairwise(chain):
                before.next, after.prev = f"#{after.id}", f"#{before.id}"
        return forests

    def _paragraph(self, p: etree._Element, pid: str, text: str) -> None:
        if self._looks is None:  # (once per file, not per paragraph: _fs_ids are made by now)
            self._looks = ({tag.id: tag.element for tag in self.doc.tagset},
                           {ann_id: ana_value(self.doc.annotations.get(ann_id).tag, fs_id)
                            for ann_id, fs_id in self._fs_ids.items()})
        elements, ana = self._looks
        render_pieces(p, self._forests.get(pid, []), text, 0, len(text), elements,
                      ana=ana, links=True)

    def _after_text(self, root: etree._Element) -> None:
        # The annotations are in the text; entities, events and values follow it.
        before, after = build_standoff_parts(self.doc, self._fs_ids, self._event_ids)
        if before or after:
            tei_element("standOff", children=before + after, parent=root)


def _walk(forest: list[Piece]) -> Iterator[Piece]:
    for piece in forest:
        yield piece
        yield from _walk(piece.children)


def render_pieces(parent: etree._Element, pieces: list[Piece], text: str, start: int,
                  end: int, elements: dict[str, str], *, ana: Mapping[str, str] | None = None,
                  links: bool = False) -> None:
    """Fill ``parent`` with text[start:end], wrapping each piece in its element.

    ``ana`` gives the ``@ana`` of annotations that have attribute values (by
    annotation id; others get ``#cat-TAG``); with ``links`` a linked mention's
    pieces get ``@ref="#ENTITY"``."""
    cursor = start
    last: etree._Element | None = None
    for piece in pieces:
        append_text(parent, last, text[cursor:piece.start])
        tag = piece.ann.tag
        element = etree.SubElement(parent, tei(elements.get(tag, "rs")))
        element.set(XML_ID, piece.id)
        element.set("type", tag)
        element.set("ana", (ana or {}).get(piece.ann.id) or ana_value(tag))
        if piece.ann.resp:
            element.set("resp", f"#{piece.ann.resp}")
        if piece.prev:
            element.set("prev", piece.prev)
        if piece.next:
            element.set("next", piece.next)
        if links and piece.ann.entity:
            element.set("ref", f"#{piece.ann.entity}")
        render_pieces(element, piece.children, text, piece.start, piece.end, elements,
                      ana=ana, links=links)
        cursor, last = piece.end, element
    append_text(parent, last, text[cursor:end])


def append_text(parent: etree._Element, last: etree._Element | None, text: str) -> None:
    if not text:
        return
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text
