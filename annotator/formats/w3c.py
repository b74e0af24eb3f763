"""W3C Web Annotation (JSON-LD): Recogito's and Hypothesis' exports, CATMA's storage.

Reading takes an ``AnnotationCollection`` (its ``first`` page's ``items``), an
``AnnotationPage``, a list of annotations or one, and Hypothesis' API answer
(``rows``). For each annotation:

- its ``target``'s ``TextPositionSelector`` (``start``, ``end``) and
  ``TextQuoteSelector`` (``exact``, ``prefix``, ``suffix``) say where it is; the
  model requires code points (W3C says so), but JavaScript tools write UTF-16
  units: the reader takes the counting under which the quotes match, and finds a
  span that has only a quote (or a position that does not match it) by its quote
  and context. Several targets (or selectors) make a discontinuous span.
- bodies with the purpose ``tagging`` or ``classifying`` are its labels (one
  annotation per label); ``identifying`` or ``linking`` bodies (a
  ``SpecificResource``'s ``source``, or an IRI) are entity links; ``commenting``
  bodies (and a ``bodyValue``) are notes; ``describing`` bodies with a ``label``
  are attribute values (``label`` = the attribute).
- an annotation with the motivation ``linking`` whose targets are two annotations
  is a relation: its tag is the relation's name, from the first to the second.

Writing gives an ``AnnotationCollection`` of the same shapes, both selectors on
every target (the position in code points), and relations as ``linking``
annotations.
"""

from __future__ import annotations

import json
from typing import Any

from annotator.errors import Problem, ReadError
from annotator.formats.foreign import FLAG, ForeignDocument, ForeignSpan
from annotator.formats.offsets import choose_counting
from annotator.formats.plaintext import utf8_text

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_CONTEXT_CHARS = 32  # of prefix and suffix written


def load_json(data: bytes, path: str) -> Any:
    """``data`` parsed as JSON; ``ReadError`` with the line if it is not."""
    text = utf8_text(data, path, "JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"is not JSON: {exc.msg} (column {exc.colno})", path,
                        exc.lineno) from None
    except RecursionError:
        raise ReadError("is not usable JSON: it nests too deeply", path) from None


def annotations_of(value: Any, path: str) -> list[dict]:
    """The annotations a W3C (or Hypothesis) JSON value holds."""
    if isinstance(value, list):
        return [a for item in value for a in annotations_of(item, path)]
    if not isinstance(value, dict):
        raise ReadError("holds no Web Annotations (expected an object or a list of them)",
                        path)
    if "rows" in value and isinstance(value["rows"], list):  # Hypothesis' search API
        return [a for a in value["rows"] if isinstance(a, dict)]
    if "@graph" in value:
        return annotations_of(value["@graph"], path)
    if "items" in value:
        return annotations_of(value["items"], path)
    if "first" in value and not isinstance(value["first"], str):
        found = annotations_of(value["first"], path)
        page = value["first"]
        while isinstance(page, dict) and isinstance(page.get("next"), dict):
            page = page["next"]
            found += annotations_of(page, path)
        return found
    if "first" in value:
        raise ReadError(f"the collection's first page is elsewhere ({value['first']}); "
                        "save the page's annotations in the file", path)
    if "target" in value:
        return [value]
    return []


def sources(data: bytes, path: str) -> list[str]:
    """The documents the annotations' targets name (to find the text beside them)."""
    found = []
    for annotation in annotations_of(load_json(data, path), path):
        for target in _list(annotation.get("target")):
            source = target.get("source") if isinstance(target, dict) else None
            if isinstance(source, dict):
                source = source.get("id") or source.get("@id")
            if isinstance(source, str) and source not in found:
                found.append(source)
    return found


def _list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _type(value: dict) -> set[str]:
    kinds = value.get("type", value.get("@type", ()))
    return set(_list(kinds))


def _ident(value: dict) -> str:
    found = value.get("id", value.get("@id", ""))
    return found if isinstance(found, str) else ""


def read(data: bytes, path: str, original: str) -> ForeignDocument:
    """The spans of the Web Annotations in ``data`` on the text ``original`` (the text as
    the tool had it, line ends and byte-order mark included)."""
    annotations = annotations_of(load_json(data, path), path)
    reader = _Reader(path, original)
    for index, annotation in enumerate(annotations, 1):
        reader.annotation(index, annotation)
    return reader.finish()


class _Reader:
    def __init__(self, path: str, original: str) -> None:
        self.path = path
        self.original = original
        self.found: list[dict] = []  # one per annotation: what it says
        self.lost: list[Problem] = []
        self.notes: list[str] = []

    def annotation(self, index: int, value: dict) -> None:
        where = _ident(value) or f"annotation {index}"
        motivations = set(_list(value.get("motivation")))
        labels, identifiers, notes, features = [], [], [], []
        bodies = _list(value.get("body")) + (
            [{"type": "TextualBody", "purpose": "commenting", "value": value["bodyValue"]}]
            if isinstance(value.get("bodyValue"), str) else [])
        for tag in _list(value.get("tags")):  # Hypothesis
            if isinstance(tag, str):
                labels.append(tag)
        if isinstance(value.get("text"), str) and value["text"].strip():  # Hypothesis
            notes.append(value["text"])
        for body in bodies:
            if isinstance(body, str):
                identifiers.append(body)
                continue
            if not isinstance(body, dict):
                continue
            purpose = set(_list(body.get("purpose"))) or motivations
            text = body.get("value", body.get("rdf:value", body.get("chars")))
            link = body.get("source") or (_ident(body) if "SpecificResource" in _type(body)
                                          or not isinstance(text, str) else "")
            if isinstance(link, dict):
                link = _ident(link)
            if purpose & {"identifying", "linking"} and isinstance(link, str) and link:
                identifiers.append(link)
            elif not isinstance(text, str):
                self.lost.append(Problem(f"{where}: a body without a value or a source "
                                         f"({json.dumps(body)[:60]}) not imported", self.path))
            elif purpose & {"tagging", "classifying"}:
                labels.append(text)
            elif "describing" in purpose and isinstance(body.get("label"), str):
                features.append((body["label"], FLAG if text == "true" else text))
            else:
                notes.append(text)
        targets = _list(value.get("target"))
        if "linking" in motivations and targets and all(
                isinstance(t, str) or (isinstance(t, dict) and not t.get("selector"))
                for t in targets):
            ends = [t if isinstance(t, str) else _ident(t) for t in targets]
            self.found.append({"relation": True, "where": where, "labels": labels or
                               ["linked"], "ends": ends})
            return
        selections = []
        for target in targets:
            if not isinstance(target, dict):
                continue
            for selector in self._selectors(target):
                selections.append(selector)
        if not selections:
            self.lost.append(Problem(f"{where}: no text position or quote on its target; "
                                     "not imported", self.path))
            return
        if not labels:
            labels = [sorted(motivations)[0] if motivations else "annotation"]
        self.found.append({"relation": False, "where": where, "id": _ident(value),
                           "labels": labels, "identifiers": identifiers,
                           "notes": notes, "features": features, "selections": selections})

    def _selectors(self, target: dict) -> list[dict]:
        """Each way the target selects text: its position and quote, merged."""
        merged: dict = {}
        out = []
        for selector in _list(target.get("selector")):
            if not isinstance(selector, dict):
                continue
            kinds = _type(selector)
            if "TextPositionSelector" in kinds:
                if "start" in merged:
                    out.append(merged)
                    merged = {}
                merged.update(start=selector.get("start"), end=selector.get("end"))
            elif "TextQuoteSelector" in kinds:
                if "exact" in merged:
                    out.append(merged)
                    merged = {}
                merged.update(exact=selector.get("exact"), prefix=selector.get("prefix", ""),
                              suffix=selector.get("suffix", ""))
        if merged:
            out.append(merged)
        return out

    def finish(self) -> ForeignDocument:
        quotes = [(s["start"], s["end"], s["exact"]) for f in self.found if not f["relation"]
                  for s in f["selections"] if _is_int(s.get("start")) and _is_int(s.get("end"))
                  and isinstance(s.get("exact"), str)]
        counting, _misses = choose_counting(self.original, quotes)
        if counting.describe():
            self.notes.append(counting.describe() + " (Web Annotation requires code points)")
        if counting.converted_line_ends:
            self.notes.append("line endings converted to LF (offsets adjusted)")
        text = counting.text
        spans: list[ForeignSpan] = []
        by_id: dict[str, ForeignSpan] = {}
        for found in self.found:
            if found["relation"]:
                continue
            ranges = []
            for selection in found["selections"]:
                located = self._locate(counting, selection, found["where"])
                if located is not None:
                    ranges.append(located)
            if not ranges:
                continue
            ranges.sort()
            for label in found["labels"]:
                span = ForeignSpan(f"w{len(spans) + 1}", label, list(ranges),
                                   list(found["features"]), [],
                                   note="\n".join(found["notes"]),
                                   identifiers=list(found["identifiers"]))
                spans.append(span)
                if found["id"]:
                    by_id.setdefault(found["id"], span)
        for found in self.found:
            if not found["relation"]:
                continue
            ends = found["ends"]
            if len(ends) != 2 or not all(e in by_id for e in ends):
                self.lost.append(Problem(f"{found['where']}: a link between "
                                         f"{', '.join(ends) or 'nothing'}: only links between "
                                         "two annotations of the file are imported", self.path))
                continue
            for label in found["labels"]:
                by_id[ends[0]].links.append((label, by_id[ends[1]].key))
        if len({s.label for s in spans}) and any(len(f.get("labels", ())) > 1
                                                 for f in self.found):
            self.notes.append("annotations with several tags imported as one annotation "
                              "per tag")
        return ForeignDocument(text, spans, lost=self.lost, notes=self.notes, path=self.path)

    def _locate(self, counting, selection: dict, where: str) -> tuple[int, int] | None:
        text = counting.text
        exact = selection.get("exact")
        start, end = selection.get("start"), selection.get("end")
        if _is_int(start) and _is_int(end):
            try:
                lo, hi = counting.to_model(start), counting.to_model(end)
            except ValueError:
                lo = hi = -1
            fits = 0 <= lo < hi <= len(text) or (0 <= lo == hi <= len(text))
            if fits and (not isinstance(exact, str) or text[lo:hi].split() == exact.split()):
                return lo, hi
            if not isinstance(exact, str):
                self.lost.append(Problem(f"{where}: position {start}-{end} is outside the "
                                         f"text ({len(text)} characters); not imported",
                                         self.path))
                return None
        if not isinstance(exact, str) or not exact:
            self.lost.append(Problem(f"{where}: neither a usable position nor a quote; not "
                                     "imported", self.path))
            return None
        exact = exact.replace("\r\n", "\n")
        prefix = str(selection.get("prefix") or "").replace("\r\n", "\n")
        suffix = str(selection.get("suffix") or "").replace("\r\n", "\n")
        found = text.find(prefix + exact + suffix)
        if found >= 0:
            found += len(prefix)
        else:
            found = text.find(exact)
        if found < 0:
            self.lost.append(Problem(f"{where}: its quote “{exact[:40]}” is not in the text; "
                                     "not imported", self.path))
            return None
        if _is_int(start):
            self.lost.append(Problem(f"{where}: its position {start}-{end} does not hold its "
                                     f"quote “{exact[:40]}”; imported where the quote is",
                                     self.path))
        return found, found + len(exact)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# -- writing --------------------------------------------------------------------------------
def write(foreign: ForeignDocument, source: str) -> str:
    """An ``AnnotationCollection`` of ``foreign``'s spans on the document ``source``."""
    text = foreign.text
    items: list[dict] = []
    for span in foreign.spans:
        bodies: list[dict] = [{"type": "TextualBody", "purpose": "tagging",
                               "value": span.label}]
        for name, value in span.features:
            bodies.append({"type": "TextualBody", "purpose": "describing", "label": name,
                           "value": "true" if value is FLAG else value})
        for identifier in span.identifiers:
            bodies.append({"type": "SpecificResource", "purpose": "identifying",
                           "source": _iri(identifier)})
        if span.note:
            bodies.append({"type": "TextualBody", "purpose": "commenting",
                           "value": span.note})
        selectors = []
        targets = []
        for start, end in span.ranges:
            selectors = [
                {"type": "TextQuoteSelector", "exact": text[start:end],
                 "prefix": text[max(0, start - _CONTEXT_CHARS):start],
                 "suffix": text[end:end + _CONTEXT_CHARS]},
                {"type": "TextPositionSelector", "start": start, "end": end},
            ]
            targets.append({"source": source, "selector": selectors})
        items.append({"id": f"#{span.key}", "type": "Annotation", "motivation": "tagging",
                      "body": bodies, "target": targets[0] if len(targets) == 1 else targets})
    for span in foreign.spans:
        for role, target in span.links:
            items.append({"id": f"#{span.key}-{role}-{target}", "type": "Annotation",
                          "motivation": "linking",
                          "body": {"type": "TextualBody", "purpose": "tagging", "value": role},
                          "target": [f"#{span.key}", f"#{target}"]})
    collection = {"@context": CONTEXT, "type": "AnnotationCollection",
                  "label": foreign.name or source, "total": len(items),
                  "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}}
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def _iri(identifier: str) -> str:
    """A Wikidata id as its entity IRI; anything else as it is."""
    if identifier.startswith("Wikidata:"):
        return "http://www.wikidata.org/entity/" + identifier.split(":", 1)[1]
    return identifier
