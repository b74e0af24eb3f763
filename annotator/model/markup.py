"""Turning names a TEI document already marks up into annotations.

A document read from somebody else's TEI file carries ``Document.markup``: the
``persName``, ``placeName``, ``orgName`` ... spans its editors marked. They are
shown as a read-only layer; a mapping from element name to tag turns them into
annotations in one undoable edit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from annotator.errors import AnnotationError
from annotator.model.document import Document
from annotator.model.edits import Edit, add
from annotator.model.store import AnnotationStore

# Which tag the mapping dialog proposes for each element (where the tagset has it).
SUGGESTED_TAGS = {"persName": "actor", "orgName": "actor", "objectName": "weapon"}


def markup_counts(document: Document) -> Counter[str]:
    """How many spans of each element name the document's markup layer has."""
    return Counter(m.element for m in document.markup)


def spans_from_markup(store: AnnotationStore,
                      mapping: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, tag) for every markup span whose element ``mapping`` maps to a tag,
    except those already annotated with that tag (or with no text to annotate)."""
    document = store.document
    spans: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int, str]] = set()
    for markup in document.markup:
        tag = mapping.get(markup.element)
        if not tag:
            continue
        if tag not in store.tagset:
            raise AnnotationError(f"unknown tag {tag!r} for <{markup.element}>")
        start, end = document.trim_to_paragraphs(markup.start, markup.end)
        key = (start, end, tag)
        if start >= end or key in seen or store.find(start, end, tag) is not None:
            continue
        seen.add(key)
        spans.append(key)
    return spans


def annotate_markup(store: AnnotationStore, mapping: Mapping[str, str],
                    resp: str = "") -> Edit:
    """One edit adding an annotation for every mapped markup span not yet annotated."""
    spans = spans_from_markup(store, mapping)
    if not spans:
        raise AnnotationError("every span of the chosen markup is already annotated")
    edit = add(store, spans, resp)
    count = len(edit.after)
    return replace(edit, description=f"Annotate {count} marked-up name"
                                     f"{'s' * (count != 1)}")
