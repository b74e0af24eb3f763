"""Annotators and assignments: ids from names, a stable id in the window's settings,
balanced assignment, the queue, the states a document goes through, logs that merge,
and bad input. Real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.corpus import Corpus, layout
from annotator.errors import AnnotatorError, ReadError
from annotator.team.annotators import annotator_id, is_annotator_id
from annotator.team.assignments import (
    assign,
    document_teams,
    queue,
    read_team,
    take_next,
    unassign,
)

DOCS = [f"bericht-{n}" for n in range(7)]


def test_ids_are_made_from_names_as_file_names_are():
    assert annotator_id("Ana") == "ana"
    assert annotator_id("Ana Lima") == "ana-lima"
    assert annotator_id("Zoë Ünal") == "zoe-unal"
    assert annotator_id("") == "anonymous"
    assert all(is_annotator_id(annotator_id(n)) for n in ("Ана", "李", "  ", "a" * 200))
    assert not is_annotator_id("Ana") and not is_annotator_id("ana lima")


def test_the_window_keeps_the_first_id_when_the_name_changes():
    from annotator.gui import settings

    assert settings.get("annotator_id") is None
    settings.set_annotator_name("Ana")
    assert settings.annotator_id() == "ana"
    settings.set_annotator_name("Ana Lima")  # married, or a typo fixed: same files
    assert settings.annotator_name() == "Ana Lima"
    assert settings.annotator_id() == "ana"


def test_preferences_show_the_id(qtbot):
    from annotator.gui import settings
    from annotator.gui.dialogs import PreferencesDialog

    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    assert dialog.id_label.text() == "made from your name"
    dialog.name_edit.setText("Zoë Ünal")
    assert dialog.id_label.text() == "zoe-unal"
    dialog.accept()
    assert settings.annotator_id() == "zoe-unal"
    again = PreferencesDialog()
    qtbot.addWidget(again)
    again.name_edit.setText("Zoë Ünal-Berg")
    assert again.id_label.text() == "zoe-unal"  # fixed by the first name


def test_assignment_is_balanced_and_keeps_whom_documents_have(tmp_path: Path):
    new = assign(tmp_path, "owner", ["ana", "bo", "cem"], 2, DOCS)
    assert all(len(who) == 2 for who in new.values()) and len(new) == len(DOCS)
    load = read_team(tmp_path).load()
    assert max(load.values()) - min(load.values()) <= 1, load
    assert read_team(tmp_path).required == 2
    # Again: nothing new (every document has two); a fourth annotator gets nothing.
    assert assign(tmp_path, "owner", ["ana", "bo", "cem", "dana"], 2, DOCS) == {}
    # Raising the requirement fills up, the least loaded first (dana).
    more = assign(tmp_path, "owner", ["ana", "bo", "cem", "dana"], 3, DOCS)
    assert all(len(who) == 1 for who in more.values())
    assert read_team(tmp_path).load()["dana"] >= 4


def test_the_queue_takes_what_still_needs_annotators(tmp_path: Path):
    assign(tmp_path, "owner", ["ana", "bo"], 2, DOCS[:2])
    team = read_team(tmp_path)
    assert queue(team, DOCS, "cem") == DOCS[2:]
    assert take_next(tmp_path, "cem", DOCS) == DOCS[2]
    assert read_team(tmp_path).assigned[DOCS[2]] == ["cem"]
    assert (tmp_path / "assignments" / "cem.xml").exists()  # cem's own log
    unassign(tmp_path, "owner", DOCS[2], "cem")
    assert DOCS[2] not in read_team(tmp_path).assigned
    for _ in DOCS[2:]:
        assert take_next(tmp_path, "cem", DOCS) is not None
    # Cem has all he may take; Dana takes a place beside him.
    assert take_next(tmp_path, "cem", DOCS) is None
    assert take_next(tmp_path, "dana", DOCS) == DOCS[2]


def test_states_open_assigned_annotated_curated(tmp_path: Path):
    assign(tmp_path, "owner", ["ana", "bo"], 2, DOCS[:3])
    statuses = {DOCS[0]: {"ana": "done", "bo": "done"}, DOCS[1]: {"ana": "done",
                                                                  "bo": "inProgress"},
                DOCS[2]: {"ana": "done", "bo": "done"}, DOCS[3]: {"cem": "done"},
                DOCS[4]: {}}
    layout.document_folder(tmp_path, DOCS[2]).mkdir(parents=True)
    layout.curated_path(tmp_path, DOCS[2]).write_text("<TEI/>", encoding="utf-8")
    # An annotator named "Curated" is an annotator: their file is no curated layer.
    layout.annotations_path(tmp_path, DOCS[1], "curated").parent.mkdir(parents=True)
    layout.annotations_path(tmp_path, DOCS[1], "curated").write_text("<TEI/>",
                                                                     encoding="utf-8")
    teams = document_teams(tmp_path, statuses)
    assert [teams[d].state for d in DOCS[:5]] == ["annotated", "assigned", "curated",
                                                 "open", "open"]
    assert teams[DOCS[1]].done == ("ana",) and teams[DOCS[0]].assigned == ("ana", "bo")
    # Not required and not assigned: one annotator done is enough.
    assert document_teams(tmp_path / "none", {DOCS[3]: {"cem": "done"}})[DOCS[3]].state \
        == "annotated"


def test_two_peoples_logs_never_touch_and_the_same_persons_merge(tmp_path: Path):
    from annotator.team import xml_merge

    assign(tmp_path, "ana", ["ana", "bo"], 1, DOCS[:2])
    base = (tmp_path / "assignments" / "ana.xml").read_bytes()
    assign(tmp_path, "ana", ["ana", "bo"], 1, DOCS[2:4])
    ours = (tmp_path / "assignments" / "ana.xml").read_bytes()
    (tmp_path / "assignments" / "ana.xml").write_bytes(base)
    assign(tmp_path, "ana", ["bo", "ana"], 1, DOCS[4:6])
    theirs = (tmp_path / "assignments" / "ana.xml").read_bytes()
    merged = xml_merge.merge(base, ours, theirs)
    assert merged.conflicts == []
    (tmp_path / "assignments" / "ana.xml").write_bytes(merged.data)
    assert sorted(read_team(tmp_path).assigned) == DOCS[:6]


def test_bad_assignments_files_and_arguments(tmp_path: Path, capsys):
    with pytest.raises(AnnotatorError, match="is not an annotator id"):
        assign(tmp_path, "owner", ["Ana"], 1, DOCS)
    with pytest.raises(AnnotatorError, match="named twice"):
        assign(tmp_path, "owner", ["ana", "ana"], 1, DOCS)
    with pytest.raises(AnnotatorError, match="between 1 and"):
        assign(tmp_path, "owner", ["ana"], 0, DOCS)
    with pytest.raises(AnnotatorError, match="is not an annotator id"):
        assign(tmp_path, "Owner Name", ["ana"], 1, DOCS)
    (tmp_path / "assignments").mkdir(exist_ok=True)
    broken = tmp_path / "assignments" / "x.xml"
    broken.write_text("<assignments><assign", encoding="utf-8")
    with pytest.raises(ReadError, match="not well-formed XML") as caught:
        read_team(tmp_path)
    assert caught.value.problems[0].path == str(broken)
    broken.write_text("<TEI/>", encoding="utf-8")
    with pytest.raises(ReadError, match="is no assignments file"):
        read_team(tmp_path)
    broken.write_text('<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                      "<assignments><assign document='&e;' annotator='x'/></assignments>",
                      encoding="utf-8")
    with pytest.raises(ReadError, match="DOCTYPE"):  # refused, never read
        read_team(tmp_path)


def test_assign_on_the_command_line(tmp_path: Path, capsys):
    folder = tmp_path / "corpus"
    corpus = Corpus.create(folder)
    sources = tmp_path / "in"
    sources.mkdir()
    for n in range(4):
        (sources / f"t{n}.txt").write_text(f"Bericht Nummer {n} über die Ukraine.\n",
                                           encoding="utf-8")
    corpus.add([sources], "Ana")
    assert main(["corpus", "assign", str(folder), "--annotators", "ana,bo,cem",
                 "--per-document", "2", "--annotator", "Owner"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("8 assignments made in 4 documents; ")
    assert (folder / "assignments" / "owner.xml").exists()
    assert main(["corpus", "assign", str(folder), "--annotators", "ana",
                 "--document", "no-such-document"]) == 1
    assert "there is no document 'no-such-document'" in capsys.readouterr().err
    # The list says who is assigned and the state.
    assert main(["corpus", "list", str(folder), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["state"] for r in rows} == {"assigned"}
    assert all(len(r["assigned"].split()) == 2 for r in rows)
    # An assignments file that cannot be read: a warning, the list still comes.
    (folder / "assignments" / "broken.xml").write_text("<assignments>", encoding="utf-8")
    assert main(["corpus", "list", str(folder), "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert "broken.xml:1: warning: not well-formed XML" in err
    assert len(out.splitlines()) == 4


def test_a_renamed_annotator_keeps_writing_their_files(tmp_path: Path):
    """Files are named by the id: after "Ana" became "Ana Lima", the window's saves,
    imports, annotate all and a reopened document all use annotations/ana.xml."""
    corpus = Corpus.create(tmp_path / "corpus")
    sources = tmp_path / "in"
    sources.mkdir()
    (sources / "a.txt").write_text("Die Ukraine erhält Hilfe.\n", encoding="utf-8")
    corpus.add([sources], "Ana Lima", file_id="ana")
    doc_id = corpus.document_ids()[0]
    report = corpus.tag_all("Ukraine", "actor", "Ana Lima", file_id="ana")
    assert report.added == 1
    files = sorted(p.name for p in (layout.document_folder(corpus.root, doc_id)
                                    / layout.ANNOTATIONS).iterdir() if p.suffix == ".xml")
    assert files == ["ana.xml"]
    session = corpus.open_document(doc_id, "Ana Lima", file_id="ana")
    assert session.tei_path.name == "ana.xml" and len(session.document.annotations) == 1
    again = session.member.reopened()
    assert again.tei_path.name == "ana.xml" and again.member.annotator == "Ana Lima"
    assert "Ana Lima" in (session.tei_path.read_text(encoding="utf-8"))
