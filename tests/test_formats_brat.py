"""brat standoff in and out: offsets, relations, events, attributes, normalisations,
notes, discontinuous spans, and the ways other tools count line ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats_helpers import canonical, documents, spans_match_text
from hypothesis import given, settings
from test_cli import annotator, assert_no_traceback

from annotator.errors import ReadError
from annotator.files import (
    export_foreign,
    import_foreign,
    open_document,
    save_document,
    write_files,
)
from annotator.formats import brat, foreign

TEXT = "Ana 😀 met 𝔘lf in Zürich.\nThe café\u0301 is in 🇩🇪 Berlin.\n"
# Offsets in code points: "😀" is one, "e\u0301" two, "🇩🇪" two.
ANN = """T1\tPerson 0 3\tAna
T2\tPerson 10 13\t𝔘lf
T3\tCity 17 23\tZürich
T4\tPlace 44 50\tBerlin
T5\tMeeting 6 9\tmet
E1\tMeeting:T5 Participant:T1 Participant2:T2 Place:T3
R1\tLives_in Arg1:T2 Arg2:T3\t
A1\tNegated E1
A2\tCertainty E1 High
N1\tReference T4 Wikidata:Q64\tBerlin
N2\tReference T3 Wikidata:Q72\tZurich
#1\tAnnotatorNotes T2\tspelled with a fraktur U
*\tEquiv T3 T4
T6\tBuilding 25 34;44 50\tThe café́ Berlin
"""


def write_pair(folder: Path, ann: str, text: str | bytes, name: str = "doc") -> Path:
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")
    target = folder / f"{name}.txt"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_bytes(text.encode("utf-8"))
    return folder / f"{name}.ann"


def by_text(doc) -> dict[str, list]:
    found: dict[str, list] = {}
    for ann in doc.annotations:
        found.setdefault(doc.document.text[ann.start:ann.end], []).append(ann)
    return found


def test_offsets_around_characters_outside_the_bmp(tmp_path):
    imported = import_foreign(write_pair(tmp_path, ANN, TEXT), "brat")
    doc = imported.document
    spans_match_text(doc)
    found = by_text(doc)
    assert {"Ana", "𝔘lf", "Zürich", "Berlin", "met", "The café\u0301"} <= set(found)
    assert doc.document.text == TEXT  # character for character


def test_relations_events_attributes_notes_and_entities(tmp_path):
    imported = import_foreign(write_pair(tmp_path, ANN, TEXT), "brat")
    doc = imported.document
    found = by_text(doc)
    meeting = found["met"][0]
    tag = doc.tagset[meeting.tag]
    assert tag.event and tag.label == "Meeting"
    values = {tag.attribute(n).label: v for n, v in meeting.attributes}
    assert values["Participant"] == found["Ana"][0].id
    assert values["Participant2"] == found["𝔘lf"][0].id
    assert values["Place"] == found["Zürich"][0].id
    assert values["Negated"] == "true" and values["Certainty"] == "High"
    ulf = found["𝔘lf"][0]
    assert ulf.note == "spelled with a fraktur U"
    assert dict(ulf.attributes)["Lives_in"] == found["Zürich"][0].id
    # Equiv makes Zürich and Berlin one entity; both normalisations go to it, and the
    # second Wikidata id is listed as not carried.
    zurich, berlin = found["Zürich"][0], found["Berlin"][0]
    assert zurich.entity and zurich.entity == berlin.entity
    entity = doc.annotations.entity(zurich.entity)
    assert entity.identifier("wikidata") in ("Q72", "Q64")
    assert any("one per scheme" in p.message for p in imported.lost)
    # The discontinuous span is one annotation of two ranges, and the summary says so.
    building = next(a for a in doc.annotations if doc.tagset[a.tag].label == "Building")
    assert [doc.document.text[s:e] for s, e in building.ranges] == ["The café́", "Berlin"]
    assert any("discontinuous span (several separate ranges) imported as one annotation"
               in line for line in imported.summary)
    assert {"Person", "City", "Place", "Meeting", "Building"} <= set(
        doc.tagset[t].label for t in imported.new_tags)


def test_import_export_import_is_the_identity(tmp_path):
    first = import_foreign(write_pair(tmp_path, ANN, TEXT), "brat").document
    files, _notes = export_foreign(first, "brat", tmp_path / "out")
    write_files(files)
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == TEXT
    second = import_foreign(tmp_path / "out.txt", "brat").document  # either file of the pair
    assert canonical(second) == canonical(first)
    # and through a saved TEI file: relations and events are attribute values there
    save_document(first, tmp_path / "saved.xml", "Ana")
    reopened = open_document(tmp_path / "saved.xml").document
    files, _notes = export_foreign(reopened, "brat", tmp_path / "again")
    write_files(files)
    assert (tmp_path / "again.ann").read_text("utf-8") == (tmp_path / "out.ann").read_text(
        "utf-8")


def test_written_ann_is_what_brat_expects(tmp_path):
    doc = import_foreign(write_pair(tmp_path, ANN, TEXT), "brat").document
    files, _notes = export_foreign(doc, "brat", tmp_path / "out.ann")
    ann = dict(files)[tmp_path / "out.ann"].decode("utf-8")
    lines = ann.splitlines()
    assert "T1\tPerson 0 3\tAna" in lines
    event = next(line for line in lines if line.startswith("E"))
    assert event.split("\t")[1].startswith("Meeting:T")
    assert " Participant:" in event and " Participant2:" in event and " Place:" in event
    assert any(line.startswith("R") and "\tLives_in Arg1:" in line for line in lines)
    assert any(line.startswith("A") and line.endswith(" High") for line in lines)
    assert any(line.startswith("N") and "Wikidata:Q" in line for line in lines)
    assert any(line.startswith("*\tEquiv ") for line in lines)
    assert any(line.startswith("#") and "fraktur" in line for line in lines)


@pytest.mark.parametrize("encoding", ["brat", "bom", "crlf", "crlf-lf-offsets",
                                      "bom-after"])
def test_line_ends_and_byte_order_marks(tmp_path, encoding):
    """brat counts a BOM and each CR; tools that wrote the file with converted line
    ends count neither. The quoted texts tell which."""
    text = "Erste Zeile\nZweite 😀 Zeile\n"
    words = [("Erste", 0), ("Zweite", 12), ("Zeile", 21)]
    if encoding.startswith("crlf"):
        data = text.replace("\n", "\r\n").encode("utf-8")
        shift = 0 if encoding == "crlf-lf-offsets" else 1
        spans = [(w, s + (shift if s >= 12 else 0)) for w, s in words]
    elif encoding.startswith("bom"):
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
        spans = [(w, s + (0 if encoding == "bom-after" else 1)) for w, s in words]
    else:
        data, spans = text.encode("utf-8"), words
    ann = "".join(f"T{n}\tWord {s} {s + len(w)}\t{w}\n" for n, (w, s) in enumerate(spans, 1))
    imported = import_foreign(write_pair(tmp_path, ann, data), "brat")
    doc = imported.document
    assert doc.document.text == text
    assert sorted(doc.document.text[a.start:a.end] for a in doc.annotations) == sorted(
        w for w, _ in words)
    assert not imported.lost


def test_nested_overlapping_and_empty(tmp_path):
    text = "New York City Marathon"
    ann = ("T1\tLOC 0 13\tNew York City\nT2\tLOC 0 8\tNew York\nT3\tEVT 9 22\tCity Marathon\n"
           "T4\tLOC 4 4\t\n")
    imported = import_foreign(write_pair(tmp_path, ann, text), "brat")
    assert len(imported.document.annotations) == 3
    assert any("holds no text" in p.message and p.line == 4 for p in imported.lost)
    empty = import_foreign(write_pair(tmp_path, "", "", "empty"), "brat")
    assert empty.document.document.text == "" and not len(empty.document.annotations)


def test_label_mapping_onto_the_tagset(tmp_path):
    imported = import_foreign(write_pair(tmp_path, ANN, TEXT), "brat",
                              mapping={"Person": "actor", "Meeting": "commitment"})
    doc = imported.document
    found = by_text(doc)
    assert found["Ana"][0].tag == "actor"
    assert found["met"][0].tag == "commitment"
    assert "Person" not in [doc.tagset[t].label for t in imported.new_tags]


@pytest.mark.parametrize(("ann", "line", "message"), [
    ("T1\tPerson 0 3\tAna\nX1\tfoo\n", 2, "not a brat annotation line"),
    ("T1\tPerson 0 300\tAna\n", 1, "past the end of the text"),
    ("T1\tPerson 5 3\tAna\n", 1, "ends (3) before it starts (5)"),
    ("T1\tPerson zero 3\tAna\n", 1, "is not 'START END'"),
    ("T1\tPerson 0 3\tAna\nR1\tRel Arg1:T1 Arg2:T9\n", 2, "T9 is not an annotation"),
    ("T1\tPerson 0 3\tAna\nE1\tMeeting Arg:T1\n", 2, "needs a trigger"),
    ("T1\tPerson 0 3\tAna\nT1\tPerson 0 3\tAna\n", 2, "defined twice"),
])
def test_bad_ann_gives_file_line_message(tmp_path, ann, line, message):
    path = write_pair(tmp_path, ann, TEXT)
    with pytest.raises(ReadError) as caught:
        import_foreign(path, "brat")
    assert caught.value.line == line and message in caught.value.message
    result = annotator("import", str(path), "--format", "brat", "-o", str(tmp_path / "x.xml"))
    assert result.returncode == 1
    assert f"doc.ann:{line}: " in result.stderr and message in result.stderr
    assert_no_traceback(result)


def test_cli_import_with_map_and_export(tmp_path):
    path = write_pair(tmp_path, ANN, TEXT)
    out = tmp_path / "doc.xml"
    result = annotator("import", str(path), "--format", "brat", "--map", "Person=actor",
                       "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "annotations imported" in result.stderr and "discontinuous" in result.stderr
    assert "doc.ann:4: warning:" in result.stderr  # Berlin: a second Wikidata id for its entity
    assert annotator("validate", str(out)).returncode == 0
    result = annotator("export", str(out), "--format", "brat", "-o", str(tmp_path / "back"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "back.txt").read_text("utf-8") == TEXT
    assert "\tActor 0 3\tAna" in (tmp_path / "back.ann").read_text("utf-8")


@settings(max_examples=40)
@given(documents())
def test_round_trip_of_any_document(doc):
    spans, _notes = foreign.from_annotated(doc)
    ann, txt, notes = brat.write(spans)
    assert not notes
    again = foreign.to_annotated(brat.read(ann.encode(), txt.encode(), "x.ann", "x.txt"),
                                 doc.tagset).document
    spans_match_text(again)
    assert again.document.text == doc.document.text
    assert canonical(again) == canonical(doc)
