"""brat standoff: a ``.txt`` file and an ``.ann`` file beside it.

``.ann`` lines (tab-separated; brat's own documentation, "standoff format"):

- ``T1\\tType 0 5;10 15\\ttext``: a text-bound annotation, one or more fragments
  (several: discontinuous), offsets in code points of the ``.txt`` as brat reads
  it (UTF-8, ``\\r`` counted, a byte-order mark counted as a character);
- ``E1\\tType:T3 Role:T1 Role2:E2``: an event, its trigger and its arguments;
- ``R1\\tType Arg1:T1 Arg2:T2``: a binary relation;
- ``*\\tEquiv T1 T2 T3``: an equivalence (coreference);
- ``A1\\tName T1 [Value]`` (``M1``: the old modifier): an attribute;
- ``N1\\tReference T1 DB:ID\\ttext``: a normalisation;
- ``#1\\tAnnotatorNotes T1\\tnote``: a note.

Other tools writing brat differ in how they count line ends and a byte-order mark:
the reader takes the way of counting under which the texts the ``.ann`` quotes are
the text at their offsets (brat's own first), and says so when it is not brat's.
"""

from __future__ import annotations

import re

from annotator.errors import Problem, ReadError
from annotator.formats.foreign import FLAG, ForeignDocument, ForeignSpan
from annotator.formats.offsets import SourceText, choose_counting
from annotator.formats.plaintext import decode_original, utf8_text

_ID = re.compile(r"[TERAMN#]\d+|\*")
_FRAGMENT = re.compile(r"(\d+) (\d+)")


class _Line:
    def __init__(self, number: int, text: str) -> None:
        self.number = number
        self.text = text


def read(ann: bytes, txt: bytes, ann_path: str, txt_path: str) -> ForeignDocument:
    """The spans of a brat ``.ann`` on the text of its ``.txt``."""
    original, notes = decode_original(txt, txt_path) if txt else ("", [])
    ann_text = utf8_text(ann, ann_path, "brat")
    lines = [_Line(n, line.rstrip("\r")) for n, line in enumerate(ann_text.split("\n"), 1)]
    reader = _Reader(ann_path, original)
    for line in lines:
        if line.text.strip():
            reader.take(line)
    return reader.finish(notes)


class _Reader:
    def __init__(self, path: str, original: str) -> None:
        self.path = path
        self.original = original
        self.textbound: dict[str, tuple[str, list[tuple[int, int]], str, int]] = {}
        self.events: dict[str, tuple[str, str, list[tuple[str, str]], int]] = {}
        self.relations: list[tuple[str, str, str, str, str, int]] = []
        self.equivalences: list[tuple[list[str], int]] = []
        self.attributes: list[tuple[str, str, str | bool, int]] = []
        self.normalisations: list[tuple[str, str, str, int]] = []
        self.notes: list[tuple[str, str, int]] = []
        self.lost: list[Problem] = []

    def fail(self, line: _Line, message: str) -> ReadError:
        return ReadError(message, self.path, line.number)

    def take(self, line: _Line) -> None:
        fields = line.text.split("\t")
        ident = fields[0].strip()
        if not _ID.fullmatch(ident):
            raise self.fail(line, f"not a brat annotation line (it starts with {ident[:20]!r}, "
                            "not T1, E1, R1, A1, M1, N1, #1 or *)")
        if len(fields) < 2:
            raise self.fail(line, f"{ident} has no tab after its id")
        body = fields[1].split()
        if not body:
            raise self.fail(line, f"{ident} is empty")
        kind = ident[0]
        if kind == "T":
            self._textbound(line, ident, body, fields)
        elif kind == "E":
            self._event(line, ident, body)
        elif kind == "R":
            self._relation(line, ident, body)
        elif kind == "*":
            if body[0] != "Equiv":
                self.lost.append(Problem(f"{body[0]} ({' '.join(body[1:])}): only Equiv of "
                                         "brat's * relations is imported", self.path,
                                         line.number))
            elif len(body) < 3:
                raise self.fail(line, "an Equiv needs at least two annotations")
            else:
                self.equivalences.append((body[1:], line.number))
        elif kind in "AM":
            if len(body) not in (2, 3):
                raise self.fail(line, f"{ident} should be 'Name ID' or 'Name ID Value'")
            self.attributes.append((body[1], body[0], body[2] if len(body) == 3 else FLAG,
                                    line.number))
        elif kind == "N":
            if len(body) != 3 or ":" not in body[2]:
                raise self.fail(line, f"{ident} should be 'Reference ID DB:ID'")
            self.normalisations.append((body[1], body[2], fields[2] if len(fields) > 2 else "",
                                        line.number))
        else:  # "#"
            if len(body) < 2:
                raise self.fail(line, f"{ident} should be 'AnnotatorNotes ID'")
            self.notes.append((body[1], fields[2] if len(fields) > 2 else "", line.number))

    def _textbound(self, line: _Line, ident: str, body: list[str], fields: list[str]) -> None:
        label = body[0]
        spec = fields[1][len(label):].strip()
        ranges = []
        for piece in spec.split(";"):
            match = _FRAGMENT.fullmatch(piece.strip())
            if not match:
                raise self.fail(line, f"{ident}: {piece.strip()!r} is not 'START END'")
            start, end = int(match[1]), int(match[2])
            if start > end:
                raise self.fail(line, f"{ident}: it ends ({end}) before it starts ({start})")
            if end > len(self.original):
                raise self.fail(line, f"{ident}: {start}-{end} is past the end of the text "
                                f"({len(self.original)} characters)")
            ranges.append((start, end))
        quoted = fields[2] if len(fields) > 2 else ""
        if ident in self.textbound:
            raise self.fail(line, f"{ident} is defined twice")
        self.textbound[ident] = (label, ranges, quoted, line.number)

    def _event(self, line: _Line, ident: str, body: list[str]) -> None:
        label, _, trigger = body[0].partition(":")
        if not trigger:
            raise self.fail(line, f"{ident}: an event needs a trigger (Type:T1)")
        arguments = []
        for argument in body[1:]:
            role, _, target = argument.partition(":")
            if not target:
                raise self.fail(line, f"{ident}: argument {argument!r} is not Role:ID")
            arguments.append((role, target))
        if ident in self.events:
            raise self.fail(line, f"{ident} is defined twice")
        self.events[ident] = (label, trigger, arguments, line.number)

    def _relation(self, line: _Line, ident: str, body: list[str]) -> None:
        if len(body) != 3:
            raise self.fail(line, f"{ident} should be 'Type Arg1:ID Arg2:ID'")
        (role1, _, arg1), (role2, _, arg2) = (a.partition(":") for a in body[1:])
        if not arg1 or not arg2:
            raise self.fail(line, f"{ident}: arguments should be Arg1:ID Arg2:ID")
        if (role1, role2) != ("Arg1", "Arg2"):
            self.lost.append(Problem(f"{ident}'s argument names {role1} and {role2} are "
                                     "written back as Arg1 and Arg2", self.path, line.number))
        self.relations.append((ident, body[0], arg1, arg2, role1, line.number))

    # -- putting it together ---------------------------------------------------------------
    def finish(self, notes: list[str]) -> ForeignDocument:
        source = self._source(notes)
        triggers = {trigger for _label, trigger, _args, _n in self.events.values()}
        spans: dict[str, ForeignSpan] = {}
        for ident, (label, ranges, _quoted, number) in self.textbound.items():
            if ident in triggers:
                continue
            spans[ident] = ForeignSpan(ident, label, self._ranges(source, ranges, number),
                                         line=number)
        first_event = {}
        for ident, (label, trigger, _args, number) in self.events.items():
            if trigger not in self.textbound:
                raise ReadError(f"{ident}: its trigger {trigger} is not a text-bound "
                                "annotation (T) of the file", self.path, number)
            ranges = self.textbound[trigger][1]
            spans[ident] = ForeignSpan(ident, label, self._ranges(source, ranges, number),
                                       event=True, line=number)
            first_event.setdefault(trigger, ident)

        def target(ident: str, number: int) -> ForeignSpan:
            key = first_event.get(ident, ident)
            if key not in spans:
                raise ReadError(f"{ident} is not an annotation of the file", self.path, number)
            return spans[key]

        for ident, (_label, _trigger, arguments, number) in self.events.items():
            for role, other in arguments:
                spans[ident].links.append((role, target(other, number).key))
        for _ident, label, arg1, arg2, _role, number in self.relations:
            target(arg1, number).links.append((label, target(arg2, number).key))
        for members, number in self.equivalences:
            group = members[0]
            for member in members:
                target(member, number).group = target(group, number).key
        for ident, name, value, number in self.attributes:
            if ident.startswith("R"):
                self.lost.append(Problem(f"attribute {name} of relation {ident}: attributes "
                                         "of relations are not imported", self.path, number))
                continue
            target(ident, number).features.append((name, value))
        for ident, value, name, number in self.normalisations:
            span = target(ident, number)
            span.identifiers.append(value)
            span.referent = span.referent or name
        for ident, note, number in self.notes:
            if ident.startswith("R") or ident == "*":
                self.lost.append(Problem(f"note on {ident} “{note}”: notes on relations are "
                                         "not imported", self.path, number))
                continue
            span = target(ident, number)
            span.note = f"{span.note}\n{note}" if span.note else note
        return ForeignDocument(source.text, list(spans.values()), lost=self.lost, notes=notes,
                               path=self.path)

    def _ranges(self, source: SourceText, ranges: list[tuple[int, int]], number: int
                ) -> list[tuple[int, int]]:
        try:
            return [(source.to_model(s), source.to_model(e)) for s, e in ranges]
        except ValueError as exc:
            raise ReadError(str(exc), self.path, number) from None

    def _source(self, notes: list[str]) -> SourceText:
        """The way of counting under which the quoted texts match (brat's first)."""
        quoted = [(ident, number, start, end, text)
                  for ident, (_label, ranges, text, number) in self.textbound.items() if text
                  for start, end in [(ranges[0][0], ranges[-1][1])]]
        # Fragments are compared joined by a space, as brat quotes them.
        quotes = [(start, end, text) for _i, _n, start, end, text in quoted]
        counting, misses = choose_counting(self.original, quotes)
        multi = {ident for ident, (_l, ranges, _t, _n) in self.textbound.items()
                 if len(ranges) > 1}
        if counting.describe():
            notes.append(counting.describe() + " (brat counts code points, CR and "
                         "byte-order mark included)")
        if counting.converted_line_ends:
            notes.append("line endings converted to LF (offsets adjusted)")
        for index in misses:
            ident, number, start, end, text = quoted[index]
            if ident in multi and self._fragments_match(counting, ident):
                continue
            found = counting.text[counting.to_model(start):counting.to_model(end)]
            self.lost.append(Problem(f"{ident} quotes “{text}” but the text at its offsets "
                                     f"is “{found}”; imported at its offsets", self.path, number))
        return counting

    def _fragments_match(self, counting: SourceText, ident: str) -> bool:
        _label, ranges, quoted, _number = self.textbound[ident]
        joined = " ".join(counting.text[counting.to_model(s):counting.to_model(e)]
                          for s, e in ranges)
        return joined.split() == quoted.split()


# -- writing --------------------------------------------------------------------------------
def write(foreign: ForeignDocument) -> tuple[str, str, list[str]]:
    """The ``.ann`` and the ``.txt`` for ``foreign``, and what could not be written."""
    notes: list[str] = []
    text = foreign.text
    lines: list[str] = []
    ident: dict[str, str] = {}  # span key -> T (entities) or E (events)
    trigger: dict[str, str] = {}
    counters = {"T": 0, "E": 0, "R": 0, "A": 0, "N": 0, "#": 0}

    def next_id(kind: str) -> str:
        counters[kind] += 1
        return f"{kind}{counters[kind]}"

    for span in foreign.spans:
        t = next_id("T")
        fragments = ";".join(f"{s} {e}" for s, e in span.ranges)
        quoted = " ".join(text[s:e] for s, e in span.ranges)
        lines.append(f"{t}\t{span.name} {fragments}\t{_one_line(quoted)}")
        trigger[span.key] = t
        ident[span.key] = next_id("E") if span.event else t
    for span in foreign.spans:
        own = ident[span.key]
        if span.event:
            roles: dict[str, int] = {}
            arguments = []
            for role, target in span.links:
                roles[role] = roles.get(role, 0) + 1
                shown = role if roles[role] == 1 or role[-1:].isdigit() else f"{role}{roles[role]}"
                arguments.append(f"{shown}:{ident[target]}")
            lines.append(f"{own}\t{span.name}:{trigger[span.key]}"
                         + "".join(" " + a for a in arguments))
        else:
            for role, target in span.links:
                lines.append(f"{next_id('R')}\t{role} Arg1:{own} Arg2:{ident[target]}\t")
        for name, value in span.features:
            if value is FLAG:
                lines.append(f"{next_id('A')}\t{name} {own}")
            elif value.split() != [value]:
                notes.append(f"{span.label} “{_short(text, span)}”: {name}={value!r} not "
                             "written (brat attribute values are single words)")
            else:
                lines.append(f"{next_id('A')}\t{name} {own} {value}")
        for value in span.identifiers:
            name = span.referent or " ".join(text[s:e] for s, e in span.ranges)
            lines.append(f"{next_id('N')}\tReference {own} {value}\t{_one_line(name)}")
        if span.note:
            if _one_line(span.note) != span.note:
                notes.append(f"the note on {span.label} “{_short(text, span)}” has line "
                             "breaks or tabs; written as one line")
            lines.append(f"{next_id('#')}\tAnnotatorNotes {own}\t{_one_line(span.note)}")
    groups: dict[str, list[str]] = {}
    for span in foreign.spans:
        if span.group:
            groups.setdefault(span.group, []).append(ident[span.key])
    for members in groups.values():
        if len(members) > 1:
            lines.append("*\tEquiv " + " ".join(members))
    return "".join(line + "\n" for line in lines), text, notes


def _one_line(text: str) -> str:
    return re.sub(r"[\t\n\r]", " ", text)


def _short(text: str, span: ForeignSpan) -> str:
    shown = text[span.start:span.end]
    return shown if len(shown) <= 30 else shown[:27] + "…"
