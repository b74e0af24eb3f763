"""The JSON formats: W3C Web Annotation, Label Studio, doccano."""

from __future__ import annotations

import json

import pytest
from formats_helpers import canonical, documents, spans_match_text, through
from hypothesis import given, settings
from test_cli import annotator, assert_no_traceback

from annotator.errors import ReadError
from annotator.files import export_foreign, import_foreign, write_files
from annotator.formats import labelstudio, w3c
from annotator.formats.offsets import Utf16Offsets

TEXT = "Ana 😀 met 𝔘lf in Zürich.\r\nThe café\u0301 is in 🇩🇪 Berlin.\r\n"
LF_TEXT = TEXT.replace("\r\n", "\n")


def quote(text: str, word: str) -> dict:
    start = text.index(word)
    return {"type": "TextQuoteSelector", "exact": word, "prefix": text[max(0, start - 5):start],
            "suffix": text[start + len(word):start + len(word) + 5]}


def position(text: str, word: str, utf16: bool = False) -> dict:
    start = text.index(word)
    units = Utf16Offsets(text)
    lo, hi = start, start + len(word)
    if utf16:
        lo, hi = units.to_units(lo), units.to_units(hi)
    return {"type": "TextPositionSelector", "start": lo, "end": hi}


def annotation(ident: str, word: str, bodies: list, utf16: bool = False,
               selectors: str = "both") -> dict:
    chosen = {"both": [quote(TEXT, word), position(TEXT, word, utf16)],
              "quote": [quote(TEXT, word)], "position": [position(TEXT, word, utf16)]}
    return {"id": ident, "type": "Annotation", "body": bodies,
            "target": {"source": "doc.txt", "selector": chosen[selectors]}}


def tag(value: str) -> dict:
    return {"type": "TextualBody", "purpose": "tagging", "value": value}


def collection(utf16: bool = False) -> dict:
    items = [
        annotation("#1", "Ana", [tag("Person"),
                                 {"type": "TextualBody", "purpose": "commenting",
                                  "value": "first mention"}], utf16),
        annotation("#2", "𝔘lf", [tag("Person"),
                                {"type": "TextualBody", "purpose": "describing",
                                 "label": "certainty", "value": "high"}], utf16),
        annotation("#3", "Berlin", [tag("Place"),
                                    {"type": "SpecificResource", "purpose": "identifying",
                                     "source": "http://www.wikidata.org/entity/Q64"}], utf16),
        annotation("#4", "Zürich", [tag("Place")], utf16, "quote"),
        annotation("#5", "café\u0301", [tag("Building")], utf16, "position"),
        {"id": "#6", "type": "Annotation", "motivation": "linking", "body": tag("met"),
         "target": ["#1", "#2"]},
    ]
    return {"@context": w3c.CONTEXT, "type": "AnnotationCollection",
            "first": {"type": "AnnotationPage", "items": items}}


def write_w3c(folder, value, text=TEXT):
    (folder / "doc.txt").write_bytes(text.encode("utf-8"))
    path = folder / "anno.jsonld"
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def by_text(doc) -> dict:
    return {doc.document.text[a.start:a.end]: a for a in doc.annotations}


@pytest.mark.parametrize("utf16", [False, True])
def test_w3c_import(tmp_path, utf16):
    """Code points as W3C says, or UTF-16 units as JavaScript tools write: the quotes
    tell; a quote alone is found in the text with its context."""
    imported = import_foreign(write_w3c(tmp_path, collection(utf16)), "w3c")
    doc = imported.document
    assert doc.document.text == LF_TEXT
    spans_match_text(doc)
    found = by_text(doc)
    assert set(found) == {"Ana", "𝔘lf", "Berlin", "Zürich", "café\u0301"}
    assert found["Ana"].note == "first mention"
    ulf = found["𝔘lf"]
    assert doc.tagset[ulf.tag].label == "Person"
    assert ulf.attribute("certainty") == "high"
    assert found["Ana"].attribute("met") == ulf.id
    assert doc.annotations.entity(found["Berlin"].entity).identifier("wikidata") == "Q64"
    assert ("UTF-16" in " ".join(imported.summary)) == utf16


def test_w3c_round_trip(tmp_path):
    first = import_foreign(write_w3c(tmp_path, collection()), "w3c").document
    files, _notes = export_foreign(first, "w3c", tmp_path / "out.jsonld")
    write_files(files)
    written = json.loads((tmp_path / "out.jsonld").read_text("utf-8"))
    assert written["type"] == "AnnotationCollection"
    item = written["first"]["items"][0]
    kinds = {s["type"] for s in item["target"]["selector"]}
    assert kinds == {"TextQuoteSelector", "TextPositionSelector"}
    assert item["target"]["source"] == "out.txt"
    second = import_foreign(tmp_path / "out.jsonld", "w3c").document  # finds out.txt
    assert canonical(second) == canonical(first)


def test_w3c_needs_its_text(tmp_path):
    path = tmp_path / "anno.jsonld"
    path.write_text(json.dumps(collection()), encoding="utf-8")
    result = annotator("import", str(path), "--format", "w3c", "-o", str(tmp_path / "o.xml"))
    assert result.returncode == 1 and "give the text file with --text" in result.stderr
    (tmp_path / "article.txt").write_bytes(TEXT.encode("utf-8"))
    result = annotator("import", str(path), "--format", "w3c", "--text",
                       str(tmp_path / "article.txt"), "-o", str(tmp_path / "o.xml"))
    assert result.returncode == 0, result.stderr


def test_w3c_bad_json(tmp_path):
    path = write_w3c(tmp_path, {})
    path.write_text('{"type": "Annotation",\n "target": [}', encoding="utf-8")
    result = annotator("import", str(path), "--format", "w3c", "-o", str(tmp_path / "o.xml"))
    assert result.returncode == 1 and "anno.jsonld:2: is not JSON" in result.stderr
    assert_no_traceback(result)


def test_w3c_quote_not_in_text_is_listed(tmp_path):
    value = collection()
    value["first"]["items"][3]["target"]["selector"][0]["exact"] = "Genf"
    imported = import_foreign(write_w3c(tmp_path, value), "w3c")
    assert any("Genf" in p.message and "not in the text" in p.message for p in imported.lost)


@settings(max_examples=30)
@given(documents())
def test_w3c_round_trip_of_any_document(doc):
    again = through(doc, lambda spans: w3c.write(spans, "doc.txt"),
                    lambda data: w3c.read(data, "x.jsonld", doc.document.text))
    assert canonical(again) == canonical(doc)


# -- Label Studio --------------------------------------------------------------------------
def ls_task(utf16: bool) -> list:
    def region(ident: str, word: str, label: str) -> dict:
        where = position(LF_TEXT, word, utf16)
        return {"id": ident, "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": where["start"], "end": where["end"], "text": word,
                          "labels": [label]}}
    result = [region("r1", "Ana", "PER"), region("r2", "𝔘lf", "PER"),
              region("r3", "Berlin", "LOC"),
              {"id": "r3", "from_name": "note", "to_name": "text", "type": "textarea",
               "value": {"start": 0, "end": 0, "text": ["capital"]}},
              {"from_id": "r1", "to_id": "r2", "type": "relation", "direction": "right",
               "labels": ["knows"]},
              {"id": "c1", "from_name": "sentiment", "to_name": "text", "type": "choices",
               "value": {"choices": ["Positive"]}}]
    return [{"id": 7, "data": {"text": LF_TEXT}, "annotations": [{"id": 1,
                                                                 "result": result}]},
            {"id": 8, "data": {"text": "second task"}, "annotations": []}]


@pytest.mark.parametrize("utf16", [False, True])
def test_labelstudio_import(tmp_path, utf16):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(ls_task(utf16), ensure_ascii=False), encoding="utf-8")
    imported = import_foreign(path, "labelstudio")
    doc = imported.document
    found = by_text(doc)
    assert set(found) == {"Ana", "𝔘lf", "Berlin"}
    assert found["Berlin"].note == "capital"
    assert found["Ana"].attribute("knows") == found["𝔘lf"].id
    assert any("task 1 of 2" in line for line in imported.summary)
    assert any("choices" in p.message for p in imported.lost)  # on the whole task
    second = import_foreign(path, "labelstudio", item=2).document
    assert second.document.text == "second task"


def test_labelstudio_predictions_round_trip(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(ls_task(False), ensure_ascii=False), encoding="utf-8")
    first = import_foreign(path, "labelstudio").document
    files, _notes = export_foreign(first, "labelstudio", tmp_path / "pre.json")
    write_files(files)
    task = json.loads((tmp_path / "pre.json").read_text("utf-8"))[0]
    assert task["data"]["text"] == LF_TEXT and task["predictions"][0]["result"]
    second = import_foreign(tmp_path / "pre.json", "labelstudio").document
    assert canonical(second) == canonical(first)


@settings(max_examples=30)
@given(documents())
def test_labelstudio_round_trip_of_any_document(doc):
    again = through(doc, lambda spans: labelstudio.write_predictions(spans)[0],
                    lambda data: labelstudio.read_labelstudio(data, "x.json"))
    assert canonical(again) == canonical(doc)


# -- doccano --------------------------------------------------------------------------------
def test_doccano_both_shapes(tmp_path):
    start = LF_TEXT.index("Berlin")
    lines = [{"id": 1, "text": LF_TEXT, "label": [[0, 3, "PER"], [start, start + 6, "LOC"]]},
             {"id": 2, "text": LF_TEXT,
              "entities": [{"id": 10, "start_offset": 0, "end_offset": 3, "label": "PER"},
                           {"id": 11, "start_offset": start, "end_offset": start + 6,
                            "label": "LOC"}],
              "relations": [{"id": 1, "from_id": 10, "to_id": 11, "type": "lives_in"}]}]
    path = tmp_path / "all.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    first = import_foreign(path, "doccano").document
    assert sorted(by_text(first)) == ["Ana", "Berlin"]
    second = import_foreign(path, "doccano", item=2).document
    found = by_text(second)
    assert found["Ana"].attribute("lives_in") == found["Berlin"].id


def test_doccano_bad_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "abc", "label": [[0, 9, "X"]]}\n', encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        import_foreign(path, "doccano")
    assert caught.value.line == 1 and "outside the text" in caught.value.message
    path.write_text('\n{"text": "abc", "label": [[0, 2 "X"]]}\n', encoding="utf-8")
    result = annotator("import", str(path), "--format", "doccano", "-o", str(tmp_path / "o.xml"))
    assert result.returncode == 1 and "bad.jsonl:2: is not a JSON object" in result.stderr
    assert_no_traceback(result)
