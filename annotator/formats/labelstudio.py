"""Label Studio's JSON export (import) and predictions (export), and doccano's JSONL.

Label Studio: a list of tasks, each ``{"data": {"text": …}, "annotations": [{"result":
[…]}], "predictions": […]}``. A result of type ``labels`` (any ``…labels``) is a span:
``value.start``, ``value.end``, ``value.text``, ``value.labels``; a ``relation`` links
two results (``from_id`` → ``to_id``, its ``labels`` the relation's names); a
``textarea`` result on a region (same ``id``) is its note; a ``choices`` or
``taxonomy`` result on a region gives it attribute values (``from_name`` = the
attribute). Label Studio wrote UTF-16 offsets before version 1.4 and code points
since; ``value.text`` tells which. One task is one document (``item`` picks it).

Written as predictions: one task with the document's text and one prediction, which
Label Studio shows as pre-annotations to be corrected (``from_name`` "label",
``to_name`` "text": the names of Label Studio's named-entity template).

doccano: JSON Lines, one document a line: ``{"text": …, "label": [[start, end, "LABEL"],
…]}`` (``labels`` in older versions), or ``"entities": [{"id", "start_offset",
"end_offset", "label"}]`` with ``"relations": [{"from_id", "to_id", "type"}]``; offsets
in code points (doccano's backend is Python; offsets past the end in code points but
within it in UTF-16 units are read as UTF-16).
"""

from __future__ import annotations

import json
from typing import Any

from annotator.errors import Problem, ReadError
from annotator.formats.foreign import FLAG, ForeignDocument, ForeignSpan
from annotator.formats.offsets import SourceText, Utf16Offsets, choose_counting
from annotator.formats.plaintext import utf8_text
from annotator.formats.w3c import load_json


def _item(items: list, item: int, path: str, what: str, notes: list[str]) -> Any:
    if not items:
        raise ReadError(f"holds no {what}s", path)
    if not 1 <= item <= len(items):
        raise ReadError(f"has {len(items)} {what}s; there is no {what} {item}", path)
    if len(items) > 1:
        notes.append(f"{what} {item} of {len(items)} imported (Annotator imports one "
                     f"document at a time: --item on the command line, a question in the "
                     f"window)")
    return items[item - 1]


def read_labelstudio(data: bytes, path: str, item: int = 1) -> ForeignDocument:
    value = load_json(data, path)
    tasks = value if isinstance(value, list) else [value]
    notes: list[str] = []
    task = _item(tasks, item, path, "task", notes)
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise ReadError(f"task {item} is not a Label Studio task (no 'data')", path)
    annotations = [a for a in task.get("annotations", task.get("completions", []))
                   if isinstance(a, dict) and not a.get("was_cancelled")]
    source = "annotations"
    if not annotations:
        annotations = [p for p in task.get("predictions", []) if isinstance(p, dict)]
        source = "predictions"
    if len(annotations) > 1:
        notes.append(f"the {len(annotations)} {source} of the task imported together")
    results = [r for a in annotations for r in a.get("result", []) if isinstance(r, dict)]
    lost: list[Problem] = []
    regions = [r for r in results if str(r.get("type", "")).endswith("labels")
               and isinstance(r.get("value"), dict) and "start" in r["value"]]
    # The text the regions are on: the data field their Text tag shows (Label Studio's
    # templates name the tag after the field), else "text".
    names = [str(r.get("to_name")) for r in regions] + ["text"]
    text = next((task["data"][n] for n in names if isinstance(task["data"].get(n), str)), None)
    if text is None:
        raise ReadError(f"task {item} has no text to annotate (its data: "
                        f"{', '.join(map(str, task['data'])) or 'nothing'})", path)
    quotes = [(r["value"]["start"], r["value"]["end"], r["value"]["text"]) for r in regions
              if isinstance(r["value"].get("text"), str) and _ints(r["value"])]
    counting, _misses = choose_counting(text, quotes)
    if counting.describe():
        notes.append(counting.describe() + " (Label Studio before 1.4)")
    spans: list[ForeignSpan] = []
    by_id: dict[str, list[ForeignSpan]] = {}
    for number, result in enumerate(regions, 1):
        value = result["value"]
        where = f"result {result.get('id', number)}"
        if not _ints(value):
            lost.append(Problem(f"{where}: start and end are not numbers; not imported", path))
            continue
        try:
            start, end = counting.to_model(value["start"]), counting.to_model(value["end"])
        except ValueError as exc:
            lost.append(Problem(f"{where}: {exc}; not imported", path))
            continue
        if not 0 <= start <= end <= len(counting.text):
            lost.append(Problem(f"{where}: {value['start']}-{value['end']} is outside the "
                                "text; not imported", path))
            continue
        labels = [x for x in value.get(result.get("type", "labels"), value.get("labels", []))
                  if isinstance(x, str)] or ["label"]
        for label in labels:
            span = ForeignSpan(f"ls{len(spans) + 1}", label, [(start, end)])
            spans.append(span)
            by_id.setdefault(str(result.get("id")), []).append(span)
    for result in results:
        kind = result.get("type")
        region = by_id.get(str(result.get("id")))
        value = result.get("value") if isinstance(result.get("value"), dict) else {}
        if kind == "relation":
            sources, targets = by_id.get(str(result.get("from_id"))), by_id.get(
                str(result.get("to_id")))
            if not sources or not targets:
                lost.append(Problem(f"a relation from {result.get('from_id')} to "
                                    f"{result.get('to_id')}: an end is not a span of the "
                                    "task; not imported", path))
                continue
            names = [x for x in result.get("labels", []) if isinstance(x, str)] or [
                "relation"]
            if result.get("direction") == "left":
                sources, targets = targets, sources
            for name in names:
                sources[0].links.append((name, targets[0].key))
        elif str(kind).endswith("labels"):
            continue
        elif kind == "textarea" and region:
            for span in region:
                span.note = "\n".join(t for t in [span.note, *value.get("text", [])] if t)
        elif kind in ("choices", "taxonomy", "rating", "number", "datetime") and region:
            name = str(result.get("from_name", kind))
            chosen = value.get(kind)
            values = chosen if isinstance(chosen, list) else [chosen]
            for span in region:
                for choice in values:
                    shown = "/".join(map(str, choice)) if isinstance(choice, list) else choice
                    if shown not in (None, ""):
                        span.features.append((name, str(shown)))
        else:
            lost.append(Problem(f"a {kind} result ({result.get('from_name', '')}) "
                                f"{'on the whole task' if not region else ''}: Annotator "
                                "keeps values on annotations only; not imported", path))
    return ForeignDocument(counting.text, spans, lost=lost, notes=notes, path=path,
                           items=len(tasks))


def _ints(value: dict) -> bool:
    return all(isinstance(value.get(k), int) and not isinstance(value.get(k), bool)
               for k in ("start", "end"))


def write_predictions(foreign: ForeignDocument) -> tuple[str, list[str]]:
    """A Label Studio task with ``foreign`` as its prediction, and notes on what it
    leaves out."""
    text = foreign.text
    results: list[dict] = []
    notes: list[str] = []
    for span in foreign.spans:
        start, end = span.ranges[0][0], span.ranges[-1][1]
        results.append({"id": span.key, "from_name": "label", "to_name": "text",
                        "type": "labels", "value": {"start": start, "end": end,
                                                     "text": text[start:end],
                                                     "labels": [span.label]}})
        if span.note:
            results.append({"id": span.key, "from_name": "note", "to_name": "text",
                            "type": "textarea", "value": {"start": start, "end": end,
                                                          "text": [span.note]}})
        for name, value in span.features:
            results.append({"id": span.key, "from_name": name, "to_name": "text",
                            "type": "choices", "value": {
                                "start": start, "end": end,
                                "choices": ["true" if value is FLAG else value]}})
    for span in foreign.spans:
        for role, target in span.links:
            results.append({"from_id": span.key, "to_id": target, "type": "relation",
                            "direction": "right", "labels": [role]})
    linked = sum(bool(s.identifiers or s.group) for s in foreign.spans)
    if linked:
        notes.append(f"Label Studio has no entities: the entity links of {linked} "
                     "annotations not written")
    task = [{"data": {"text": text}, "predictions": [
        {"model_version": "annotator", "result": results}]}]
    return json.dumps(task, ensure_ascii=False, indent=2) + "\n", notes


# -- doccano --------------------------------------------------------------------------------
def read_doccano(data: bytes, path: str, item: int = 1) -> ForeignDocument:
    lines = utf8_text(data, path, "JSON Lines").split("\n")
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    notes: list[str] = []
    number, line = _item(numbered, item, path, "document", notes)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReadError(f"is not a JSON object: {exc.msg} (column {exc.colno})", path,
                        number) from None
    except RecursionError:
        raise ReadError("nests too deeply", path, number) from None
    if not isinstance(record, dict) or not isinstance(record.get("text", record.get("data")),
                                                      str):
        raise ReadError("a doccano line is an object with a 'text'", path, number)
    text = record.get("text", record.get("data"))
    entries: list[tuple[Any, Any, Any, Any]] = []
    for entry in record.get("label", record.get("labels", [])) or []:
        if isinstance(entry, list) and len(entry) == 3:
            entries.append((None, entry[0], entry[1], entry[2]))
        elif isinstance(entry, str):
            notes.append(f"the document's category “{entry}” is not an annotation; not "
                         "imported")
        else:
            raise ReadError(f"{json.dumps(entry)[:40]} is not [start, end, label]", path,
                            number)
    for entry in record.get("entities", []) or []:
        if not isinstance(entry, dict):
            raise ReadError("an entity is not an object", path, number)
        entries.append((entry.get("id"), entry.get("start_offset"), entry.get("end_offset"),
                        entry.get("label")))
    counting = SourceText(text)
    if any(isinstance(e, int) and e > len(counting.text) for _i, _s, e, _l in entries) and \
            all(not isinstance(e, int) or e <= Utf16Offsets(text).length
                for _i, _s, e, _l in entries):
        counting = SourceText(text, utf16=True)
        notes.append("offsets count UTF-16 units (they run past the text in characters)")
    spans: list[ForeignSpan] = []
    by_id: dict[Any, ForeignSpan] = {}
    for ident, start, end, label in entries:
        if not (isinstance(start, int) and isinstance(end, int) and isinstance(label, str)):
            raise ReadError(f"an entity needs whole-number offsets and a label "
                            f"({start!r}, {end!r}, {label!r})", path, number)
        try:
            lo, hi = counting.to_model(start), counting.to_model(end)
        except ValueError as exc:
            raise ReadError(str(exc), path, number) from None
        if not 0 <= lo <= hi <= len(counting.text):
            raise ReadError(f"{label} {start}-{end} is outside the text "
                            f"({len(counting.text)} characters)", path, number)
        span = ForeignSpan(f"d{len(spans) + 1}", label, [(lo, hi)], line=number)
        spans.append(span)
        if ident is not None:
            by_id[ident] = span
    lost: list[Problem] = []
    for relation in record.get("relations", []) or []:
        if not isinstance(relation, dict):
            continue
        source, target = by_id.get(relation.get("from_id")), by_id.get(relation.get("to_id"))
        if source is None or target is None:
            lost.append(Problem(f"relation {relation.get('id')}: an end is not an entity of "
                                "the line; not imported", path, number))
            continue
        source.links.append((str(relation.get("type", "relation")), target.key))
    comments = [c for c in record.get("Comments", record.get("comments", [])) or []
                if isinstance(c, str | dict)]
    if comments:
        notes.append(f"{len(comments)} comment{'s' * (len(comments) != 1)} on the whole "
                     "document not imported (Annotator keeps notes on annotations)")
    return ForeignDocument(counting.text, spans, lost=lost, notes=notes, path=path,
                           items=len(numbered))
