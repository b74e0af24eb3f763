"""WebAnno TSV 3.3, INCEpTION's and WebAnno's tab-separated format.

A header declares the layers (``#T_SP=`` span layers with their features, slot
features as ``ROLE_layer:role_linkType`` followed by the target type; ``#T_CH=``
chains; ``#T_RL=`` relations, ``BT_`` naming the span layer they connect); the body
has the text (``#Text=`` lines, one sentence each) and one row per token or
sub-token: ``sentence-token``, ``begin-end`` (UTF-16 units of the document text),
the token, then one column per feature of each layer, in the order of the header.
A cell is ``_`` (no annotation), or the annotations of that layer on the row,
separated by ``|``, each its feature value (``*`` for none) with ``[N]`` to say
which annotation it is when it covers several rows or is stacked. Values escape
``\\ [ ] | _ -> ; * tab newline`` with a backslash.

Read (``foreign`` says where each thing goes): a span annotation's label is its
``value`` (or ``label``) feature when the layer has one and it is set, else the
layer's short name; ``identifier`` is an entity link; other features are attribute
values; slots are links (role → target); a relation is a link from the governor's
annotation to the dependent's, named by its ``value``/``label``/``DependencyType``
feature or the layer's short name (other relation features listed, not carried);
a chain's links are mentions of one entity, the chain's type its label.
Written: a tag whose annotations carry no attribute values and no links goes on
the NamedEntity layer (``value`` = its label, ``identifier`` = the entity's Wikidata
IRI or URI), the others on a layer ``webanno.custom.TAG`` with a feature per
attribute, ``identifier``, and a slot feature ``links`` to any annotation (role →
target) for the links. Tokens: white-space runs cut at annotation ends; sentences:
the lines of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.errors import Problem, ReadError
from annotator.formats.foreign import FLAG, ForeignDocument, ForeignSpan
from annotator.formats.offsets import Utf16Offsets
from annotator.formats.plaintext import utf8_text

FORMAT_LINE = "#FORMAT=WebAnno TSV 3.3"
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
_LABEL_FEATURES = ("value", "label", "DependencyType", "PosValue", "referenceType")
_VALUE_ESCAPES = [("\\\\", "\\"), ("\\[", "["), ("\\]", "]"), ("\\|", "|"), ("\\_", "_"),
                  ("\\->", "->"), ("\\;", ";"), ("\\t", "\t"), ("\\n", "\n"), ("\\*", "*")]
_ROW = re.compile(r"(\d+)-(\d+)(?:\.(\d+))?")
_OFFSETS = re.compile(r"(\d+)-(\d+)")
_ID = re.compile(r"^(.*?)(?<!\\)\[(\d+)\]$", re.DOTALL)
_REFERENCE = re.compile(r"(\d+-\d+(?:\.\d+)?)(?:\[(\d+)(?:_(\d+))?\])?")


def unescape_value(text: str) -> str:
    out = []
    index = 0
    while index < len(text):
        for escaped, plain in _VALUE_ESCAPES:
            if text.startswith(escaped, index):
                out.append(plain)
                index += len(escaped)
                break
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


def escape_value(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for escaped, plain in _VALUE_ESCAPES[1:]:
        out = out.replace(plain, escaped)
    return out


def unescape_text(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        char = match[1]
        return {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "b": "\b", "\\": "\\"}.get(
            char, char)
    return re.sub(r"\\(.)", one, text, flags=re.DOTALL)


def escape_text(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for char, escaped in (("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"), ("\f", "\\f"),
                          ("\b", "\\b")):
        out = out.replace(char, escaped)
    return "".join(f"\\{c}" if ord(c) < 32 and not 7 < ord(c) < 14 else c for c in out)


def split_unescaped(text: str, separator: str) -> list[str]:
    """``text`` split at each ``separator`` not escaped with a backslash."""
    parts, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index:index + 2])
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


@dataclass
class _Column:
    layer: str
    kind: str  # "span", "chain", "relation"
    feature: str  # "" for a layer without features
    role: str = ""  # "slot-role", "slot-target", "governor", "chain-type", "chain-link"


@dataclass
class _Annotation:
    layer: str
    kind: str
    rows: list[str] = field(default_factory=list)
    features: dict[str, str | None] = field(default_factory=dict)
    slots: list[tuple[str, str]] = field(default_factory=list)
    line: int = 0
    span: ForeignSpan | None = None


def short(layer: str) -> str:
    return layer.rsplit(".", 1)[-1]


def read(data: bytes, path: str) -> ForeignDocument:
    return _Reader(path).read(utf8_text(data, path, "WebAnno TSV").split("\n"))


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.columns: list[_Column] = []
        self.lost: list[Problem] = []
        self.notes: list[str] = []

    def fail(self, number: int, message: str) -> ReadError:
        return ReadError(message, self.path, number)

    def read(self, lines: list[str]) -> ForeignDocument:
        lines = [line.rstrip("\r") for line in lines]
        if not lines or not lines[0].startswith("#FORMAT=WebAnno TSV 3"):
            raise self.fail(1, "not a WebAnno TSV 3 file (the first line is not "
                            "'#FORMAT=WebAnno TSV 3.x')")
        number = 1
        while number < len(lines) and lines[number].startswith("#T_"):
            self._declare(lines[number], number + 1)
            number += 1
        text_parts: list[str] = []
        length = 0  # of the text so far, in UTF-16 units (the rows' offsets)
        rows: list[tuple[int, str, int, int, list[str]]] = []
        sentence: list[str] = []
        sentence_begin: int | None = None
        pending_sentence = False
        for index in range(number, len(lines)):
            line, at = lines[index], index + 1
            if line.startswith("#Text="):
                sentence.append(unescape_text(line[len("#Text="):]))
                pending_sentence = True
                sentence_begin = None
                continue
            if line.startswith("#"):
                continue  # #Sentence.id= and the like
            if not line.strip():
                continue
            cells = line.split("\t")
            if cells and cells[-1] == "":
                cells = cells[:-1]  # rows end with a tab
            if len(cells) < 3 or not _ROW.fullmatch(cells[0]):
                raise self.fail(at, "expected a row 'sentence-token<TAB>begin-end<TAB>token…' "
                                "or a '#Text=' line")
            offsets = _OFFSETS.fullmatch(cells[1])
            if not offsets:
                raise self.fail(at, f"{cells[1]!r} is not 'begin-end'")
            begin, end = int(offsets[1]), int(offsets[2])
            if pending_sentence:
                # The sentence starts at its first row's offset: pad with a line break
                # and spaces to it, as INCEpTION does.
                joined = "\n".join(sentence)
                if text_parts and length < begin:
                    gap = begin - length
                    text_parts.append("\n" + " " * (gap - 1))
                    length += gap
                elif text_parts and length > begin:
                    raise self.fail(at, f"the sentence begins at {begin}, before the end of "
                                    f"the one before ({length})")
                elif not text_parts and begin > 0:
                    text_parts.append(" " * begin)
                    length = begin
                text_parts.append(joined)
                length += _units(joined)
                sentence, pending_sentence = [], False
                sentence_begin = begin
            if sentence_begin is None:
                raise self.fail(at, "a row before any '#Text=' line")
            if end < begin or end > length:
                raise self.fail(at, f"{begin}-{end} is not inside its sentence")
            expected = len(self.columns)
            if len(cells) - 3 != expected:
                raise self.fail(at, f"{len(cells) - 3} annotation columns, but the header "
                                f"declares {expected}")
            rows.append((at, cells[0], begin, end, cells[3:]))
        text = "".join(text_parts)
        units = Utf16Offsets(text)
        return self._annotations(text, units, rows)

    def _declare(self, line: str, number: int) -> None:
        kind_code, _, rest = line[1:].partition("=")
        kind = {"T_SP": "span", "T_CH": "chain", "T_RL": "relation"}.get(kind_code)
        if kind is None:
            raise self.fail(number, f"unknown layer kind {kind_code!r}")
        parts = rest.split("|")
        layer, features = parts[0], [p for p in parts[1:]]
        if kind == "span":
            declared = False
            skip = False
            for position, feature in enumerate(features):
                if skip:
                    skip = False
                    continue
                if feature.startswith("ROLE_"):
                    role = feature[len("ROLE_"):]
                    self.columns.append(_Column(layer, kind, role, "slot-role"))
                    self.columns.append(_Column(layer, kind, role, "slot-target"))
                    skip = position + 1 < len(features)
                    declared = True
                elif feature:
                    self.columns.append(_Column(layer, kind, feature))
                    declared = True
            if not declared:
                self.columns.append(_Column(layer, kind, ""))
        elif kind == "chain":
            for feature in features:
                role = "chain-link" if feature == "referenceRelation" else "chain-type"
                self.columns.append(_Column(layer, kind, feature, role))
        else:
            for feature in features:
                if feature.startswith("BT_"):
                    self.columns.append(_Column(layer, kind, feature[3:], "governor"))
                else:
                    self.columns.append(_Column(layer, kind, feature))

    def _annotations(self, text: str, units: Utf16Offsets,
                     rows: list[tuple[int, str, int, int, list[str]]]) -> ForeignDocument:
        where: dict[str, tuple[int, int]] = {}
        spans_at: dict[tuple[str, str], list[_Annotation]] = {}  # (row, layer) -> annotations
        by_number: dict[int, _Annotation] = {}
        annotations: list[_Annotation] = []
        chains: dict[tuple[str, str], list[tuple[int, int, _Annotation]]] = {}
        relations: list[tuple[int, str, str, dict[str, str | None], str, int, int]] = []
        for at, row, begin, end, cells in rows:
            try:
                where[row] = (units.to_code_points(begin), units.to_code_points(end))
            except ValueError as exc:
                raise self.fail(at, str(exc)) from None
            groups: dict[str, list[tuple[_Column, str]]] = {}
            for column, cell in zip(self.columns, cells, strict=True):
                groups.setdefault(f"{column.kind}:{column.layer}", []).append((column, cell))
            for key, pairs in groups.items():
                kind = key.split(":", 1)[0]
                if kind == "span":
                    self._span_cells(at, row, pairs, spans_at, by_number, annotations)
                elif kind == "chain":
                    self._chain_cells(at, row, pairs, chains, spans_at, annotations)
                else:
                    self._relation_cells(at, row, pairs, relations)
        spans: list[ForeignSpan] = []
        for number, annotation in enumerate(annotations, 1):
            positions = [where[r] for r in annotation.rows]
            start, end = min(p[0] for p in positions), max(p[1] for p in positions)
            features = dict(annotation.features)
            label_feature = next((f for f in _LABEL_FEATURES if features.get(f)), None)
            label = features.pop(label_feature) if label_feature else short(annotation.layer)
            identifiers = [features.pop("identifier")] if features.get("identifier") else []
            features.pop("identifier", None)
            note = features.pop("note", None) or ""
            span = ForeignSpan(f"t{number}", label or short(annotation.layer), [(start, end)],
                               [(n, v) for n, v in features.items() if v],
                               note=note, identifiers=identifiers, line=annotation.line)
            annotation.span = span
            spans.append(span)
        for annotation in annotations:
            for role, reference in annotation.slots:
                target = self._resolve(reference, None, spans_at, by_number, annotation.line)
                if target is not None and annotation.span is not None:
                    annotation.span.links.append((role or "link", target.span.key))
        for (layer, chain), members in chains.items():
            for _link, _at, member in sorted(members, key=lambda m: m[0]):
                if member.span is not None:
                    member.span.group = f"{layer}#{chain}"
        for at, row, layer, features, governor, source_id, target_id in relations:
            base = next(c.feature for c in self.columns if c.layer == layer and
                        c.role == "governor")
            source = self._resolve(governor, base, spans_at, by_number, at, source_id)
            target = self._resolve(row, base, spans_at, by_number, at, target_id)
            if source is None or target is None:
                continue
            label_feature = next((f for f in _LABEL_FEATURES if features.get(f)), None)
            role = features.pop(label_feature) if label_feature else short(layer)
            for name, value in features.items():
                if value:
                    self.lost.append(Problem(f"{short(layer)} {governor} → {row}: feature "
                                             f"{name}={value!r} of a relation not carried "
                                             "(links have names, not values)", self.path, at))
            source.span.links.append((role or short(layer), target.span.key))
        return ForeignDocument(text, spans, lost=self.lost, notes=self.notes, path=self.path)

    def _values(self, cell: str) -> list[tuple[str | None, int | None]]:
        """The stacked entries of a cell: (value or None for "*", disambiguation id)."""
        if cell == "_":
            return []
        found = []
        for entry in split_unescaped(cell, "|"):
            match = _ID.match(entry)
            ident = int(match[2]) if match else None
            raw = match[1] if match else entry
            found.append((None if raw == "*" else unescape_value(raw), ident))
        return found

    def _span_cells(self, at: int, row: str, pairs: list[tuple[_Column, str]],
                    spans_at: dict, by_number: dict, annotations: list[_Annotation]) -> None:
        layer = pairs[0][0].layer
        plain = [(c, cell) for c, cell in pairs if c.role == ""]
        stacks = [self._values(cell) for _c, cell in plain]
        roles = [cell for c, cell in pairs if c.role == "slot-role"]
        targets = [cell for c, cell in pairs if c.role == "slot-target"]
        # Per slot feature, per stacked annotation: its (roles, targets) and id.
        slot_stacks = [[_split_slots(r, t) for r, t in zip(
            split_unescaped(role_cell, "|") if role_cell != "_" else [],
            split_unescaped(target_cell, "|") + [""] * role_cell.count("|"), strict=False)]
            for role_cell, target_cell in zip(roles, targets, strict=True)]
        count = max([len(s) for s in stacks] + [len(s) for s in slot_stacks] + [0])
        here: list[_Annotation] = []
        for index in range(count):
            ident = next((s[index][1] for s in stacks if index < len(s) and s[index][1]), None)
            if ident is None:
                ident = next((s[index][1] for s in slot_stacks if index < len(s)
                              and s[index][1]), None)
            annotation = by_number.get(ident) if ident is not None else None
            if annotation is None:
                annotation = _Annotation(layer, "span", line=at)
                annotations.append(annotation)
                if ident is not None:
                    by_number[ident] = annotation
                for (column, _cell), stack in zip(plain, stacks, strict=True):
                    if column.feature:
                        annotation.features[column.feature] = (stack[index][0]
                                                               if index < len(stack) else None)
                for stack in slot_stacks:
                    if index < len(stack):
                        annotation.slots += stack[index][0]
            annotation.rows.append(row)
            here.append(annotation)
        spans_at.setdefault((row, layer), []).extend(here)

    def _chain_cells(self, at: int, row: str, pairs: list[tuple[_Column, str]],
                     chains: dict, spans_at: dict, annotations: list[_Annotation]) -> None:
        layer = pairs[0][0].layer
        types = next((cell for c, cell in pairs if c.role == "chain-type"), "_")
        links = next((cell for c, cell in pairs if c.role == "chain-link"), "_")
        if types == "_":
            return
        for (value, chain), link in zip(self._values(types), split_unescaped(links, "|"),
                                        strict=False):
            match = re.fullmatch(r"(.*)->(\d+)-(\d+)", link)
            position = (int(match[2]), int(match[3])) if match else (chain or 0, 0)
            key = (layer, str(position[0]))
            existing = [m for m in chains.get(key, []) if m[0] == position[1]]
            if existing:
                existing[0][2].rows.append(row)
                continue
            annotation = _Annotation(layer, "chain", [row],
                                     {"referenceType": value,
                                      "referenceRelation": unescape_value(match[1])
                                      if match and match[1] != "*" else None}, line=at)
            annotations.append(annotation)
            chains.setdefault(key, []).append((position[1], at, annotation))
            spans_at.setdefault((row, layer), []).append(annotation)

    def _relation_cells(self, at: int, row: str, pairs: list[tuple[_Column, str]],
                        relations: list) -> None:
        layer = pairs[0][0].layer
        governors = next((cell for c, cell in pairs if c.role == "governor"), "_")
        if governors == "_":
            return
        features = [(c.feature, self._values(cell)) for c, cell in pairs if c.role == ""]
        for index, governor in enumerate(split_unescaped(governors, "|")):
            match = _REFERENCE.fullmatch(governor)
            if not match:
                raise self.fail(at, f"{governor!r} is not a reference to a row")
            values = {name: (stack[index][0] if index < len(stack) else None)
                      for name, stack in features}
            source_id = int(match[2]) if match[2] and match[3] else (
                int(match[2]) if match[2] else None)
            target_id = int(match[3]) if match[3] else None
            relations.append((at, row, layer, values, match[1], source_id or None,
                              target_id or None))

    def _resolve(self, reference: str, layer: str | None, spans_at: dict, by_number: dict,
                 at: int, number: int | None = None) -> _Annotation | None:
        match = _REFERENCE.fullmatch(reference)
        if not match:
            raise self.fail(at, f"{reference!r} is not a reference to a row")
        row = match[1]
        ident = number if number is not None else (int(match[2]) if match[2] else None)
        if ident:
            found = by_number.get(ident)
            if found is not None:
                return found
        candidates = [a for (r, lay), found in spans_at.items() if r == row
                      and (layer is None or lay == layer) for a in found]
        if len(candidates) == 1:
            return candidates[0]
        self.lost.append(Problem(f"a link to {reference}: no single annotation there"
                                 + (f" on {short(layer)}" if layer else "")
                                 + "; not imported", self.path, at))
        return None


def _split_slots(roles: str, targets: str) -> tuple[list[tuple[str, str]], int | None]:
    """One stacked annotation's slots: ([(role, target row)], its id). A role entry
    ``_`` is an annotation without slot fillers; a target ``*`` or ``_`` names none."""
    match = _ID.match(roles)
    ident = int(match[2]) if match else None
    raw = match[1] if match else roles
    if raw == "_":
        return [], ident
    slots = []
    for role, target in zip(split_unescaped(raw, ";"), split_unescaped(targets, ";"),
                            strict=False):
        if target not in ("", "*", "_"):
            slots.append(("" if role == "*" else unescape_value(role), target))
    return slots, ident


def _units(text: str) -> int:
    return Utf16Offsets(text).length


# -- writing --------------------------------------------------------------------------------
def write(foreign: ForeignDocument) -> tuple[str, list[str]]:
    """The TSV file for ``foreign`` and notes on what it could not hold."""
    from annotator.formats.conll import _lines, _tokens

    text = foreign.text
    units = Utf16Offsets(text)
    custom = {s.label for s in foreign.spans if s.features or s.links or s.note}
    layers: dict[str, list[str]] = {}  # layer -> its features, in order
    linking: set[str] = set()  # layers with a slot feature
    for span in foreign.spans:
        layer = _layer_of(span.label, custom)
        features = layers.setdefault(layer, [])
        names = ["identifier", "value"] if layer == NAMED_ENTITY else (
            [name for name, _value in span.features]
            + (["identifier"] if span.identifiers else [])
            + (["note"] if span.note else [])
            # A label that is no Java name ("." ) is kept in the label feature.
            + (["value"] if short(layer) != span.label else []))
        features += [name for name in names if name not in features]
        if span.links:
            linking.add(layer)
    ordered = sorted(layers, key=lambda layer: (layer != NAMED_ENTITY, layer))
    bounds = sorted({b for s in foreign.spans for b in (s.start, s.end)})
    sentences = [tokens for line_start, line in _lines(text)
                 if (tokens := list(_tokens(line, line_start, bounds)))]
    # Every span's rows, known before writing (a slot may name a later annotation).
    by_start = sorted(foreign.spans, key=lambda s: (s.start, -s.end))
    rows: list[tuple[str, int, int, list[ForeignSpan]]] = []
    first_row: dict[str, str] = {}
    for index, tokens in enumerate(sentences, 1):
        for token, (start, end) in enumerate(tokens, 1):
            row = f"{index}-{token}"
            covering = [s for s in by_start if s.start <= start and end <= s.end]
            for span in covering:
                first_row.setdefault(span.key, row)
            rows.append((row, start, end, covering))
    number = {span.key: n for n, span in enumerate(foreign.spans, 1)}
    out = [FORMAT_LINE]
    for layer in ordered:
        parts = [layer, *layers[layer]]
        if layer in linking:
            parts += [f"ROLE_{layer}:links_{layer}LinksLink", "uima.tcas.Annotation"]
        out.append("#T_SP=" + "|".join(parts) + ("|" if len(parts) == 1 else ""))
    out.append("")
    position = 0
    for tokens in sentences:
        first, last = tokens[0][0], tokens[-1][1]
        out += ["", "#Text=" + escape_text(text[first:last])]
        for row, start, end, covering in rows[position:position + len(tokens)]:
            cells = [row, f"{units.to_units(start)}-{units.to_units(end)}",
                     escape_value(text[start:end])]
            for layer in ordered:
                on_layer = [s for s in covering if _layer_of(s.label, custom) == layer]
                cells += _layer_cells(layer, layers[layer], layer in linking, on_layer,
                                      number, first_row)
            out.append("\t".join(cells) + "\t")
        position += len(tokens)
    return "\n".join(out) + "\n", _unwritten(foreign, first_row)


def _layer_of(label: str, custom: set[str]) -> str:
    if label in custom:
        return "webanno.custom." + re.sub(r"[^A-Za-z0-9_]", "_", label)
    return NAMED_ENTITY


def _layer_cells(layer: str, features: list[str], linking: bool, spans: list[ForeignSpan],
                 number: dict[str, int], first_row: dict[str, str]) -> list[str]:
    width = len(features) + (2 if linking else 0) or 1
    if not spans:
        return ["_"] * width
    cells = []
    for feature in features or ([] if linking else [""]):
        entries = []
        for span in spans:
            if feature == "value" and (layer == NAMED_ENTITY or short(layer) != span.label):
                value: str | bool | None = span.label
            elif feature == "identifier":
                value = _iri(span.identifiers[0]) if span.identifiers else None
            elif feature == "note":
                value = span.note or None
            else:
                value = dict(span.features).get(feature) if feature else None
            shown = "*" if value in (None, "") else escape_value(
                "true" if value is FLAG else str(value))
            entries.append(f"{shown}[{number[span.key]}]")
        cells.append("|".join(entries))
    if linking:
        links = [[(r, t) for r, t in s.links if t in first_row] for s in spans]
        cells.append("|".join((";".join(escape_value(r) or "*" for r, _t in held) or "_")
                              + f"[{number[span.key]}]" for span, held in zip(spans, links,
                                                                                strict=True)))
        cells.append("|".join(";".join(f"{first_row[t]}[{number[t]}]" for _r, t in held)
                              or "*" for held in links))
    return cells


def _iri(identifier: str) -> str:
    if identifier.startswith("Wikidata:"):
        return "http://www.wikidata.org/entity/" + identifier.split(":", 1)[1]
    return identifier


def _unwritten(foreign: ForeignDocument, first_row: dict[str, str]) -> list[str]:
    notes = []
    grouped = sum(bool(s.group) and not s.identifiers for s in foreign.spans)
    if grouped:
        notes.append(f"{grouped} mentions of entities without identifiers written without "
                     "their entity (no coreference chains are written)")
    text = foreign.text
    edged = sum(text[s.start:s.end].strip() not in ("", text[s.start:s.end])
                for s in foreign.spans)
    if edged:
        notes.append(f"{edged} annotations written without the white space at their ends "
                     "(tokens hold no white space)")
    unplaced = [s for s in foreign.spans if s.key not in first_row]
    if unplaced:
        notes.append(f"{len(unplaced)} annotations of white space only not written (no "
                     "token holds them)")
    return notes
