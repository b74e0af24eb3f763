"""What the tests of the other tools' formats share: documents compared by what they
say (ids aside), and documents with the characters that shift offsets."""

from __future__ import annotations

from hypothesis import strategies as st

from annotator.model import AnnotatedDocument, Annotation, Document, Tag, Tagset


def canonical(doc: AnnotatedDocument, split: bool = False) -> list[tuple]:
    """The annotations as (tag label, start, end, text, values, note, identifiers,
    further ranges), sorted; a reference as the (tag label, start, end) of what it
    names, so that two documents with other ids compare equal. ``split``: each
    further range of a discontinuous annotation as its own row with the values that
    are not references, as a format with continuous spans only has it."""
    store = doc.annotations
    text = doc.document.text

    def where(ann_id: str) -> tuple:
        other = store.get(ann_id)
        return (doc.tagset[other.tag].label, other.start, other.end)

    rows = []
    for ann in store:
        tag = doc.tagset[ann.tag]
        values = []
        for name, value in ann.attributes:
            definition = tag.attribute(name)
            shown = where(value) if definition.kind == "reference" and value in store else value
            values.append((definition.label, shown))
        entity = store.entity(ann.entity) if ann.entity else None
        rows.append((tag.label, ann.start, ann.end, text[ann.start:ann.end],
                     tuple(sorted(values, key=repr)), ann.note,
                     entity.identifiers if entity else (), () if split else ann.more))
        plain = tuple(sorted(((label, value) for (name, _), (label, value)
                              in zip(ann.attributes, values, strict=True)
                              if tag.attribute(name).kind != "reference"), key=repr))
        for start, end in ann.more if split else ():
            rows.append((tag.label, start, end, text[start:end], plain, "", (), ()))
    return sorted(rows, key=repr)


def through(doc: AnnotatedDocument, write, read) -> AnnotatedDocument:
    """``doc`` written by ``write`` (ForeignDocument -> str) and read back by ``read``
    (bytes -> ForeignDocument), its labels mapped onto ``doc``'s tagset."""
    from annotator.formats import foreign

    spans, _notes = foreign.from_annotated(doc)
    again = foreign.to_annotated(read(write(spans).encode("utf-8")), doc.tagset).document
    spans_match_text(again)
    return again


def spans_match_text(doc: AnnotatedDocument) -> None:
    """Every annotation's text is the document's text at its offsets, and lies in it."""
    text = doc.document.text
    for ann in doc.annotations:
        assert 0 <= ann.start < ann.end <= len(text)
        doc.document.check_range(ann.start, ann.end)


# Characters that move offsets apart: outside the BMP (two UTF-16 units), combining
# marks (two code points, one letter), and the usual.
TRICKY = ["😀", "𝔘", "👩‍👩‍👧", "e\u0301", "ß", "Ä", "\u00a0", "a", "b", " ", "Z", "7", ",",
          "中", "🇩🇪"]


@st.composite
def documents(draw, max_spans: int = 8, *, nested: bool = True) -> AnnotatedDocument:
    """A small document of lines with tricky characters, and annotations of two tags
    on it (overlapping and nested unless ``nested`` is False)."""
    lines = draw(st.lists(st.lists(st.sampled_from(TRICKY), min_size=1, max_size=12)
                          .map(lambda s: "".join(s).strip() or "x"), min_size=1, max_size=4))
    document = Document.from_paragraphs(lines)
    tagset = Tagset([Tag("PER", "PER", "#112233"), Tag("LOC", "LOC", "#445566")])
    anns = []
    taken: list[tuple[int, int]] = []
    for number in range(draw(st.integers(0, max_spans))):
        para = draw(st.sampled_from(document.paragraphs))
        start = draw(st.integers(para.start, para.end - 1))
        end = draw(st.integers(start + 1, para.end))
        if not nested and any(s < end and start < e for s, e in taken):
            continue
        if any((s, e) == (start, end) for s, e in taken):
            continue
        taken.append((start, end))
        anns.append(Annotation(f"a{number + 1}", draw(st.sampled_from(["PER", "LOC"])),
                               start, end))
    return AnnotatedDocument.create(document, tagset, annotations=anns)
