"""What a suggestion is, and the sources' common shape."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The sources, in the order the settings list them (and ties are broken).
SOURCES = ("corpus", "gazetteer", "tagger")


@dataclass(frozen=True, order=True)
class Suggestion:
    """A proposed annotation ``[start, end)`` of the text, in code points.

    ``score`` is the source's confidence in ``tag`` for this span (0..1): for the
    corpus source the tag's share among the form's annotations, for the tagger its
    marginal probability. ``entity_name``/``entity_kind``/``entity_type`` and
    ``identifiers`` (``(scheme, value)`` pairs) are set when the source knows the
    entity the span names, for linking on acceptance.
    """

    start: int
    end: int
    tag: str
    score: float = 1.0
    source: str = "corpus"
    entity_name: str = ""
    entity_kind: str = ""
    entity_type: str = ""
    identifiers: tuple[tuple[str, str], ...] = ()
    entity_id: str = ""  # an entity of the register the span's form is linked to

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    def key(self) -> tuple[int, int, str]:
        """What a rejection remembers: the span and the tag."""
        return self.start, self.end, self.tag


def best_per_span(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """One suggestion per (span, tag): the highest score, the earlier source on a tie;
    sorted by position."""
    best: dict[tuple[int, int, str], Suggestion] = {}
    for item in suggestions:
        held = best.get(item.key())
        if held is None or (item.score, -SOURCES.index(item.source)) > (
                held.score, -SOURCES.index(held.source)):
            if held is not None and not item.identifiers and held.identifiers:
                item = _with_link(item, held)
            best[item.key()] = item
        elif not held.identifiers and item.identifiers:
            best[item.key()] = _with_link(held, item)
    return sorted(best.values(), key=lambda s: (s.start, s.end, -s.score, s.tag))


def _with_link(item: Suggestion, linked: Suggestion) -> Suggestion:
    return Suggestion(item.start, item.end, item.tag, item.score, item.source,
                      linked.entity_name, linked.entity_kind, linked.entity_type,
                      linked.identifiers, linked.entity_id)
