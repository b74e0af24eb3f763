"""A document's paragraphs: ``Paragraph`` (one of them) and ``Paragraphs`` (all of them).

``Paragraphs`` is a read-only sequence of ``Paragraph`` kept as columns: starts and
ends in ``array('q')``, ids only where they are not the ``p1``, ``p2`` … that
Annotator gives paragraphs (and writes into its own files), kinds as one byte each
(or nothing when every paragraph is a plain one). Indexing and iterating make each
``Paragraph`` when it is asked for. A file of a million one-word paragraphs kept a
``Paragraph`` object, its id string and two ints per paragraph; the columns hold 16
bytes (``docs/performance.md``, "Memory on many small paragraphs").
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import methodcaller
from typing import overload

PLAIN = "paragraph"
# The ids Annotator makes: "p" and the paragraph's number from 1, no leading zero.
_MADE_ID = re.compile(r"p([1-9][0-9]*)")
_MADE_PREFIX = "p"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: its id and its [start, end) range in the document text.

    ``kind`` says what the paragraph is when the text was read from a TEI
    document with structure (a heading, a verse line, a speaker label, a note
    ...; see ``docs/tei-import.md``); plain paragraphs are ``"paragraph"``.
    """

    id: str
    start: int
    end: int
    kind: str = PLAIN

    def __len__(self) -> int:
        return self.end - self.start


# Paragraph's fields set straight into its slots: its generated __init__ goes through
# object.__setattr__ for each field (it is frozen), twice the time, and a paragraph is
# made on every index into the columns.
_new_paragraph = Paragraph.__new__
_set_id = Paragraph.id.__set__  # type: ignore[attr-defined]
_set_start = Paragraph.start.__set__  # type: ignore[attr-defined]
_set_end = Paragraph.end.__set__  # type: ignore[attr-defined]
_set_kind = Paragraph.kind.__set__  # type: ignore[attr-defined]


def _paragraph(pid: str, start: int, end: int, kind: str) -> Paragraph:
    made = _new_paragraph(Paragraph)
    _set_id(made, pid)
    _set_start(made, start)
    _set_end(made, end)
    _set_kind(made, kind)
    return made


class Paragraphs(Sequence[Paragraph]):
    """The paragraphs of a document, in order, as columns (read-only).

    ``starts`` and ``ends`` are the columns themselves (``array('q')``; not to be
    changed). ``ids`` is None when paragraph ``i`` has the id ``p{first + i}``;
    ``kinds`` is None when every paragraph is a plain one, else one byte per
    paragraph indexing ``kind_names`` (two, ``array('H')``, past 256 kinds).
    """

    __slots__ = ("_first", "_ids", "_index", "_kind_names", "_kinds", "ends", "starts")

    def __init__(self, starts: array, ends: array, ids: list[str] | None = None,
                 kinds: bytes | array | None = None, kind_names: tuple[str, ...] = (PLAIN,),
                 first: int = 1) -> None:
        if len(starts) != len(ends) or (ids is not None and len(ids) != len(starts)) or (
                kinds is not None and len(kinds) != len(starts)):
            raise ValueError("paragraph columns of different lengths")
        self.starts = starts
        self.ends = ends
        self._ids = ids
        self._kinds = kinds
        self._kind_names = kind_names
        self._first = first
        # Paragraph index by id, made when an id is first looked up (ids kept only).
        self._index: dict[str, int] | None = None

    @classmethod
    def of(cls, paragraphs: Iterable[Paragraph]) -> Paragraphs:
        """The columns of ``paragraphs`` (a ``Paragraphs`` is returned as it is)."""
        if isinstance(paragraphs, Paragraphs):
            return paragraphs
        made = list(paragraphs)
        columns = ParagraphColumns()
        columns.extend([p.id for p in made], [p.start for p in made], [p.end for p in made],
                       [p.kind for p in made])
        return columns.paragraphs()

    # -- the sequence -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> Paragraph: ...
    @overload
    def __getitem__(self, index: slice) -> Paragraphs: ...
    def __getitem__(self, index: int | slice) -> Paragraph | Paragraphs:
        if isinstance(index, slice):
            first, stop, step = index.indices(len(self.starts))
            ids = self._ids
            if ids is None and step != 1:
                ids = [self.id_at(n) for n in range(first, stop, step)]
            elif ids is not None:
                ids = ids[index]
            kinds = self._kinds[index] if self._kinds is not None else None
            return Paragraphs(self.starts[index], self.ends[index], ids, kinds,
                              self._kind_names, self._first + first)
        count = len(self.starts)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("paragraph index out of range")
        ids, kinds = self._ids, self._kinds
        return _paragraph(f"{_MADE_PREFIX}{self._first + index}" if ids is None else ids[index],
                          self.starts[index], self.ends[index],
                          PLAIN if kinds is None else self._kind_names[kinds[index]])

    def __iter__(self) -> Iterator[Paragraph]:
        return map(_paragraph, self.ids(), self.starts, self.ends, self.kinds())

    def __reversed__(self) -> Iterator[Paragraph]:
        return map(self.__getitem__, range(len(self) - 1, -1, -1))

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, Paragraph):
            return False
        index = self.index_of(value.id)
        return index is not None and self[index] == value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Paragraphs):
            return (self.starts == other.starts and self.ends == other.ends
                    and all(map(str.__eq__, self.ids(), other.ids()))
                    and all(map(str.__eq__, self.kinds(), other.kinds())))
        if isinstance(other, tuple | list):
            return len(other) == len(self) and all(map(Paragraph.__eq__, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(map(repr, self[:3]))
        return f"Paragraphs([{shown}{', …' if len(self) > 3 else ''}], {len(self)} in all)"

    def __reduce__(self) -> tuple:
        return (Paragraphs, (self.starts, self.ends, self._ids, self._kinds,
                             self._kind_names, self._first))

    # -- columns ------------------------------------------------------------------
    def ids(self) -> Iterable[str]:
        """Each paragraph's id, in order."""
        if self._ids is not None:
            return self._ids
        return map(f"{_MADE_PREFIX}{{}}".format, range(self._first, self._first + len(self)))

    def kinds(self) -> Iterable[str]:
        """Each paragraph's kind, in order."""
        if self._kinds is None:
            return repeat(PLAIN, len(self))
        return map(self._kind_names.__getitem__, self._kinds)

    def id_at(self, index: int) -> str:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("paragraph index out of range")
        return f"{_MADE_PREFIX}{self._first + index}" if self._ids is None else self._ids[index]

    def kind_at(self, index: int) -> str:
        return PLAIN if self._kinds is None else self._kind_names[self._kinds[index]]

    def has_kind(self, kind: str) -> bool:
        """Whether any paragraph is of ``kind``."""
        if self._kinds is None:
            return kind == PLAIN and len(self) > 0
        return kind in self._kind_names and self._kind_names.index(kind) in self._kinds

    def indices_of_kinds(self, kinds: Iterable[str]) -> list[int]:
        """The indices of the paragraphs of any of ``kinds``, in order."""
        wanted = set(kinds)
        if self._kinds is None:
            return list(range(len(self))) if PLAIN in wanted else []
        codes = [n for n, name in enumerate(self._kind_names) if name in wanted]
        if not codes:
            return []
        if len(codes) == 1 and isinstance(self._kinds, bytes):  # (the notes, the headings)
            found, at = [], self._kinds.find(codes[0])
            while at >= 0:
                found.append(at)
                at = self._kinds.find(codes[0], at + 1)
            return found
        return [n for n, code in enumerate(self._kinds) if code in set(codes)]

    def index_of(self, pid: str) -> int | None:
        """The index of the paragraph with the id ``pid``, or None."""
        if self._ids is None:
            match = _MADE_ID.fullmatch(pid)
            if match is None:
                return None
            index = int(match[1]) - self._first
            return index if 0 <= index < len(self) else None
        if self._index is None:
            self._index = {pid: n for n, pid in enumerate(self._ids)}
        return self._index.get(pid)

    def indices(self, pids: Iterable[str], missing: int = -1) -> list[int]:
        """The index of the paragraph of each of ``pids`` (``missing`` for an id no
        paragraph has)."""
        pids = pids if isinstance(pids, list) else list(pids)
        if self._ids is None:  # each id named once (an annotation's paragraph, many times)
            found = {pid: n for pid in set(pids) if (n := self.index_of(pid)) is not None}
        else:
            self.index_of("")  # (makes the index)
            found = self._index  # type: ignore[assignment]
        return list(map(found.get, pids, repeat(missing)))

    def any_id_in(self, ids: Iterable[str]) -> bool:
        """Whether any of ``ids`` is a paragraph's id."""
        index_of = self.index_of
        if self._ids is None:  # (only ids that begin as Annotator's can be one of them)
            ids = filter(methodcaller("startswith", _MADE_PREFIX), ids)
        return any(index_of(pid) is not None for pid in ids)


class ParagraphColumns:
    """Paragraphs added (``extend``, ``add``), then made into ``Paragraphs``."""

    __slots__ = ("_codes", "_ids", "_kind_names", "_kinds", "_made_ids", "ends", "starts")

    def __init__(self) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self._ids: list[str] = []
        # Whether every id so far is the one Annotator makes (then none is kept).
        self._made_ids = True
        self._kinds: bytearray | array = bytearray()
        self._codes: dict[str, int] = {PLAIN: 0}
        self._kind_names: list[str] = [PLAIN]

    def add(self, pid: str, start: int, end: int, kind: str = PLAIN) -> None:
        """One paragraph more."""
        self.extend([pid], [start], [end], [kind])

    def extend(self, pids: list[str], starts: list[int], ends: list[int],
               kinds: list[str]) -> None:
        """The paragraphs of four lists of the same length, one more each, at C speed
        where it can be (a novel's 5,500 paragraphs, one Python call each, took 5 ms)."""
        if not pids:
            return
        count = len(self.starts)
        if self._made_ids and (pids[0] != f"{_MADE_PREFIX}{count + 1}" or pids != [
                f"{_MADE_PREFIX}{n}" for n in range(count + 1, count + 1 + len(pids))]):
            self._made_ids = False
            self._ids = [f"{_MADE_PREFIX}{n}" for n in range(1, count + 1)]
        if not self._made_ids:
            self._ids.extend(pids)
        self.starts.extend(starts)
        self.ends.extend(ends)
        codes = self._codes
        for kind in dict.fromkeys(kinds):  # (in the order they come: the same codes)
            if kind not in codes:
                codes[kind] = len(self._kind_names)
                self._kind_names.append(kind)
        if len(self._kind_names) > 256 and isinstance(self._kinds, bytearray):
            self._kinds = array("H", list(self._kinds))
        self._kinds.extend(map(codes.__getitem__, kinds))

    def paragraphs(self) -> Paragraphs:
        kinds: bytes | array | None = None
        if len(self._kind_names) > 1 and any(self._kinds):
            kinds = bytes(self._kinds) if isinstance(self._kinds, bytearray) else self._kinds
        return Paragraphs(self.starts, self.ends, None if self._made_ids else self._ids,
                          kinds, tuple(self._kind_names))
