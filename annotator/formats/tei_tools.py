"""The TEI files of CATMA and Recogito (import).

CATMA (its "TEI-XML" annotation collection, format version 5): the tags are
``encodingDesc/fsdDecl/fsDecl`` (``fsDescr`` the name, ``baseTypes`` the parent);
each annotation an ``fs`` in ``text`` (``@type`` its tag, ``f`` its properties; the
``catma_…`` ones are CATMA's own); ``body/ab`` cuts the text into segments where
annotations begin and end, each ``seg/@ana`` naming the annotations on it. A
segment holds either its text, or a ``ptr`` to a range of the document
(``catma://DOC#char=S,E``, UTF-16 units: CATMA is Java) — then the text is given
with ``--text``. Adjacent segments of one annotation are one range; separate ones
make a discontinuous span.

Recogito (its TEI download of a plain-text document): the text in ``body/div/p``
with each annotation inline, ``placeName`` (``@ref`` its gazetteer URI),
``persName``, ``rs type="event"`` or ``span``, its tags in ``@ana`` (comma-separated),
its verification in ``@cert``, tags of the form ``@key:value`` as attributes; the
relations in ``sourceDesc//listRelation`` (``relation name active passive``).
"""

from __future__ import annotations

import re

from lxml import etree

from annotator.errors import Problem, ReadError
from annotator.formats.foreign import ForeignDocument, ForeignSpan
from annotator.formats.offsets import SourceText
from annotator.tei import TEI_NS
from annotator.tei.parsing import parse_xml

_T = f"{{{TEI_NS}}}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_CHAR = re.compile(r"#char=(\d+),(\d+)$")


def _tree(data: bytes, path: str) -> etree._Element:
    tree, _problems = parse_xml(data, path)
    root = tree.getroot()
    if root.tag != f"{_T}TEI":
        raise ReadError(f"not a TEI document: the root element is <{etree.QName(root).localname}>",
                        path, root.sourceline)
    return root


def _ranges(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, with ranges that touch joined."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(pieces):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


# -- CATMA ------------------------------------------------------------------------------------
def read_catma(data: bytes, path: str, original: str | None = None) -> ForeignDocument:
    root = _tree(data, path)
    notes: list[str] = []
    lost: list[Problem] = []
    tags: dict[str, str] = {}
    for decl in root.iter(f"{_T}fsDecl"):
        ident = decl.get(_XML_ID) or decl.get("type") or ""
        tags[ident] = (decl.findtext(f"{_T}fsDescr") or "").strip() or ident
    body = root.find(f"{_T}text/{_T}body")
    if body is None:
        raise ReadError("a CATMA collection has a text/body", path)
    pieces: dict[str, list[tuple[int, int]]] = {}
    uses_pointers = body.find(f".//{_T}ptr") is not None
    if uses_pointers:
        if original is None:
            raise ReadError("points into the document's text (catma://…#char=) without "
                            "holding it: give the text file with --text", path)
        counting = SourceText(original, utf16=True)
        for seg in body.iter(f"{_T}seg"):
            pointer = seg.find(f"{_T}ptr")
            match = _CHAR.search(pointer.get("target", "")) if pointer is not None else None
            if match is None:
                raise ReadError("a segment without a ptr to #char=START,END", path,
                                seg.sourceline)
            try:
                start, end = (counting.to_model(int(match[1])),
                              counting.to_model(int(match[2])))
            except ValueError as exc:
                raise ReadError(str(exc), path, seg.sourceline) from None
            if not 0 <= start <= end <= len(counting.text):
                raise ReadError(f"#char={match[1]},{match[2]} is outside the text "
                                f"({len(counting.text)} characters)", path, seg.sourceline)
            for ref in (seg.get("ana") or "").split():
                pieces.setdefault(ref.lstrip("#"), []).append((start, end))
        text = counting.text
        if counting.converted_line_ends:
            notes.append("line endings converted to LF (offsets adjusted)")
    else:
        # The text is in the segments: the ab's string value, each seg a piece of it.
        parts: list[str] = []
        for ab in body.iter(f"{_T}ab"):
            parts.append(ab.text or "")
            for child in ab:
                value = "".join(child.itertext()) if isinstance(child.tag, str) else ""
                if child.tag == f"{_T}seg":
                    start = sum(map(len, parts))
                    for ref in (child.get("ana") or "").split():
                        pieces.setdefault(ref.lstrip("#"), []).append(
                            (start, start + len(value)))
                parts += [value, child.tail or ""]
        text = "".join(parts)
    spans: list[ForeignSpan] = []
    for fs in root.find(f"{_T}text").iter(f"{_T}fs"):
        ident = fs.get(_XML_ID) or ""
        tag = tags.get(fs.get("type") or "", fs.get("type") or "annotation")
        if ident not in pieces:
            lost.append(Problem(f"annotation {ident} ({tag}): no segment of the text names "
                                "it; not imported", path, fs.sourceline))
            continue
        features = []
        for feature in fs.findall(f"{_T}f"):
            name = feature.get("name") or ""
            values = [s.text or "" for s in feature.iter(f"{_T}string")]
            if name.startswith("catma_") or not any(values):
                continue
            features.append((name, "; ".join(v for v in values if v)))
        spans.append(ForeignSpan(ident, tag, _ranges(pieces[ident]), features,
                                 line=fs.sourceline))
    title = (root.findtext(f".//{_T}titleStmt/{_T}title") or "").strip()
    return ForeignDocument(text, spans, title, lost, notes, path)


# -- Recogito ---------------------------------------------------------------------------------
_ENTITY_LABELS = {"placeName": "PLACE", "persName": "PERSON"}
_OWN_ATTRIBUTES = {_XML_ID, "ana", "ref", "cert", "type"}


def read_recogito(data: bytes, path: str) -> ForeignDocument:
    root = _tree(data, path)
    body = root.find(f"{_T}text/{_T}body")
    if body is None:
        raise ReadError("a TEI document has a text/body", path)
    blocks = [e for e in body.iter(f"{_T}p", f"{_T}ab", f"{_T}head", f"{_T}l")
              if not any(True for _ in e.iterdescendants(f"{_T}p", f"{_T}ab"))]
    parts: list[str] = []
    position = 0
    spans: list[ForeignSpan] = []
    by_id: dict[str, ForeignSpan] = {}
    for number, block in enumerate(blocks):
        if number:
            parts.append("\n")
            position += 1
        text = "".join(block.itertext())
        # Where each annotated element lies: its text's place in the block's string value.
        offset = position
        begins: dict[etree._Element, int] = {}
        for event, node in etree.iterwalk(block, events=("start", "end")):
            if event == "start":
                begins[node] = offset
                offset += len(node.text or "")
                continue
            if node is not block and node.get(_XML_ID) is not None:
                here = _recogito_spans(node, begins[node], offset, len(spans))
                spans += here
                if here:
                    by_id[node.get(_XML_ID)] = here[0]
            if node is not block:
                offset += len(node.tail or "")
        parts.append(text)
        position += len(text)
    lost: list[Problem] = []
    for relation in root.iter(f"{_T}relation"):
        active = (relation.get("active") or "").lstrip("#")
        passive = (relation.get("passive") or "").lstrip("#")
        if active in by_id and passive in by_id:
            by_id[active].links.append((relation.get("name") or "relation",
                                        by_id[passive].key))
        else:
            lost.append(Problem(f"relation {relation.get('name')}: {active} → {passive} are "
                                "not both annotations of the text; not imported", path,
                                relation.sourceline))
    title = (root.findtext(f".//{_T}titleStmt/{_T}title") or "").strip()
    text = "".join(parts)
    return ForeignDocument(text, spans, title, lost, [], path)


def _recogito_spans(node: etree._Element, start: int, end: int, count: int
                    ) -> list[ForeignSpan]:
    local = etree.QName(node).localname
    tags = [t.strip() for t in (node.get("ana") or "").split(",") if t.strip()]
    if local == "rs" and node.get("type") == "event":
        labels = ["EVENT"]
    elif local in _ENTITY_LABELS:
        labels = [_ENTITY_LABELS[local]]
    else:
        labels = []
    labels += tags
    if not labels:
        labels = [local]
    features = [(name, value) for name, value in node.attrib.items()
                if name not in _OWN_ATTRIBUTES and not name.startswith("{")]
    if node.get("cert"):
        features.append(("cert", node.get("cert")))
    identifiers = [node.get("ref")] if node.get("ref") else []
    return [ForeignSpan(f"r{count + n + 1}", label, [(start, end)], list(features),
                        identifiers=list(identifiers), line=node.sourceline)
            for n, label in enumerate(labels)]
