"""What holds for every other tool's format: imported documents save as valid TEI (the
project's schema and TEI's), relations and events are kept in the saved file and
exported back, empty documents, the CLI's usage errors."""

from __future__ import annotations

import json

import pytest
from formats_helpers import canonical
from lxml import etree
from test_cli import annotator, assert_no_traceback
from test_formats_brat import ANN, TEXT, write_pair

from annotator.files import (
    FOREIGN_EXPORT_FORMATS,
    IMPORT_FORMATS,
    export_bytes,
    export_foreign,
    import_foreign,
    open_document,
    save_document,
    write_files,
)
from annotator.model import AnnotatedDocument, Document


def test_imported_relations_and_events_are_valid_tei(tmp_path, tei_all_schema):
    """Relations, event roles, attribute names the tool spells with '-', URIs that are
    not web addresses: all saved as valid TEI, native and inline."""
    doc = import_foreign(write_pair(tmp_path, ANN, TEXT), "brat").document
    save_document(doc, tmp_path / "doc.xml", "Ana")  # validates against annotator.rng/.sch
    native = (tmp_path / "doc.xml").read_bytes()
    assert tei_all_schema.validate(etree.fromstring(native)), tei_all_schema.error_log
    inline = export_bytes(open_document(tmp_path / "doc.xml").document, "tei-inline")
    assert tei_all_schema.validate(etree.fromstring(inline)), tei_all_schema.error_log
    # the event is a TEI event with its roles; the relation an attribute value
    tree = etree.fromstring(native)
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    event = tree.find(".//t:listEvent/t:event", ns)
    assert event.get("type") == "Meeting"
    assert {p.get("type") for p in event.findall("t:ptr", ns)} >= {"Participant", "Place"}
    assert tree.xpath("//t:fs/t:f[@name='Lives_in']/@fVal", namespaces=ns)


@pytest.mark.parametrize("fmt", sorted(FOREIGN_EXPORT_FORMATS))
def test_every_export_of_an_imported_document_reads_back(tmp_path, fmt):
    """Saved and opened again, an imported document exports to every format, and the
    export imports again with the same annotations (what the format holds)."""
    doc = import_foreign(write_pair(tmp_path, ANN, TEXT), "brat").document
    save_document(doc, tmp_path / "doc.xml", "Ana")
    reopened = open_document(tmp_path / "doc.xml").document
    (tmp_path / "out").mkdir()
    suffix = FOREIGN_EXPORT_FORMATS[fmt][1]
    files, _notes = export_foreign(reopened, fmt, tmp_path / "out" / f"doc{suffix}")
    write_files(files)
    again = import_foreign(files[0][0], fmt, tagset=reopened.tagset).document
    texts = {again.document.text[a.start:a.end].strip() for a in again.annotations}
    assert {"Ana", "𝔘lf", "Zürich", "Berlin", "met"} <= texts
    if fmt == "brat":  # holds everything this document has
        assert canonical(again) == canonical(reopened)
        assert any(a.more for a in again.annotations)  # a discontinuous span
    if fmt == "uima-xmi":  # everything but discontinuous spans: a span per range
        assert canonical(again) == canonical(reopened, split=True)


@pytest.mark.parametrize("fmt", sorted(FOREIGN_EXPORT_FORMATS))
def test_empty_document(tmp_path, fmt):
    empty = AnnotatedDocument.create(Document.from_paragraphs([]))
    files, _notes = export_foreign(empty, fmt, tmp_path / f"e{FOREIGN_EXPORT_FORMATS[fmt][1]}")
    write_files(files)
    again = import_foreign(files[0][0], fmt).document
    assert len(again.annotations) == 0 and again.document.text.strip() == ""


def test_cli_lists_every_format():
    help_text = annotator("import", "--help").stdout
    assert all(fmt in help_text for fmt in IMPORT_FORMATS)
    help_text = annotator("export", "--help").stdout
    assert all(fmt in help_text for fmt in FOREIGN_EXPORT_FORMATS)


@pytest.mark.parametrize(("args", "message"), [
    (["--map", "Person"], "write it as LABEL=TAG"),
    (["--map", "=actor"], "write it as LABEL=TAG"),
])
def test_cli_usage_errors(tmp_path, args, message):
    path = write_pair(tmp_path, ANN, TEXT)
    result = annotator("import", str(path), "--format", "brat", *args, "-o",
                       str(tmp_path / "o.xml"))
    assert result.returncode == 1 and message in result.stderr
    assert_no_traceback(result)


def test_cli_refuses_to_overwrite_and_stdout(tmp_path):
    path = write_pair(tmp_path, ANN, TEXT)
    out = tmp_path / "doc.xml"
    assert annotator("import", str(path), "--format", "brat", "-o", str(out)).returncode == 0
    (tmp_path / "back.txt").write_text("mine", encoding="utf-8")
    result = annotator("export", str(out), "--format", "brat", "-o", str(tmp_path / "back"))
    assert result.returncode == 1 and "already exists; use --force" in result.stderr
    assert (tmp_path / "back.txt").read_text("utf-8") == "mine"
    assert not (tmp_path / "back.ann").exists()  # nothing written when one file is refused
    result = annotator("export", str(out), "--format", "brat", "-o", "-")
    assert result.returncode == 1 and "standard output" in result.stderr
    result = annotator("export", str(out), "--format", "conll", "-o", str(tmp_path / "x.conll"))
    assert result.returncode == 0 and "CoNLL holds only labels" in result.stderr


def test_tagset_option(tmp_path):
    path = write_pair(tmp_path, ANN, TEXT)
    tagset = tmp_path / "tagset.json"
    tagset.write_text(json.dumps({"tags": [{"id": "person", "label": "Person",
                                            "color": "#123456", "entity": "person"}]}),
                      encoding="utf-8")
    out = tmp_path / "doc.xml"
    result = annotator("import", str(path), "--format", "brat", "--tagset", str(tagset),
                       "-o", str(out))
    assert result.returncode == 0, result.stderr
    doc = open_document(out).document
    ana = next(a for a in doc.annotations if doc.document.text[a.start:a.end] == "Ana")
    assert ana.tag == "person"  # the label found the tagset's tag by its label
