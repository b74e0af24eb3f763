"""The team in the window, with real Git: Bo works in the window on his clone while Ana
and Cem use the command line on theirs. The Sync button saves the open document first,
commits, exchanges with the bare remote and shows what came; the document list shows
who annotates each document and its state; "My documents" and Take Next; a conflict is
asked about. Real widgets, real files, real Git."""

from __future__ import annotations

import subprocess

import pytest
from gui_helpers import make_window, on_modal
from PySide6.QtCore import Qt
from test_team_sync import (  # noqa: F401 (fixtures)
    annotate,
    cli,
    git,
    git_identity,
    own_files,
    team,
)

from annotator.corpus import layout
from annotator.gui import settings
from annotator.gui.corpus_panel import ANNOTATORS, FIXED_COLUMNS, STATE, ConflictDialog
from annotator.model import edits
from annotator.team import sync as team_sync


@pytest.fixture
def bo_window(qtbot, team):  # noqa: F811
    settings.set_annotator_name("Bo")
    window = make_window(qtbot)
    assert window.corpus.open_corpus(str(team["bo"]))
    return window


def shown(window, column: int) -> dict[str, str]:
    model = window.corpus_dock.model
    return {model.rows[r].info.id: model.index(r, column).data() for r in range(model.rowCount())}


def test_sync_in_the_window_saves_first_and_brings_the_others_work(qtbot, team, bo_window):  # noqa: F811
    window = bo_window
    assert settings.annotator_id() == "bo"
    annotate(team, "ana")
    assert cli("corpus", "sync", team["ana"], "--annotator", "Ana") == 0
    # Bo annotates in the window and does not save: Sync saves first.
    doc_id = sorted(own_files(team["ana"], "ana"))[0]
    assert window.corpus.open_document(doc_id)
    # Blind: the window shows Bo's own annotations only, not Ana's.
    assert len(window.annotated.annotations) == 0
    resp = window.files.session.annotator_id("Bo")
    edit, _skipped = edits.add_missing(window.annotated, [(0, 5)], "actor", resp)
    window.push(edit)
    assert window.files.is_modified
    window.corpus_dock.sync_button.click()
    assert not window.files.is_modified
    assert "Synced" in window.statusBar().currentMessage()
    assert own_files(team["bo"], "ana") == own_files(team["ana"], "ana")
    assert (team["bo"] / layout.DOCUMENTS / doc_id / "annotations" / "bo.xml").exists()
    assert git(team["bo"], "status", "--porcelain") == ""
    # The open document was read again: still Bo's one annotation, nothing of Ana's.
    assert window.corpus.current_document() == doc_id
    assert len(window.annotated.annotations) == 1
    # Bo's work reached the remote: Ana gets it.
    assert cli("corpus", "sync", team["ana"], "--annotator", "Ana") == 0
    assert own_files(team["ana"], "bo") == own_files(team["bo"], "bo")
    # The list: who annotated which document.
    assert "ana …" in shown(window, ANNOTATORS)[doc_id]
    assert "bo …" in shown(window, ANNOTATORS)[doc_id]  # (saved work: in progress)
    assert not window.corpus_dock.table.isColumnHidden(ANNOTATORS)
    # Blind: the counts per tag are Bo's own (one actor), not Ana's too.
    model = window.corpus_dock.model
    row = model.row_of(doc_id)
    actor = len(FIXED_COLUMNS) + window.corpus.corpus.tagset.ids().index("actor")
    assert model.index(row, actor).data() == 1
    assert model.rows[row].counts["actor"] == 2
    assert "Your annotations" in model.headerData(actor, Qt.Orientation.Horizontal,
                                                  Qt.ItemDataRole.ToolTipRole)


def test_assignments_my_documents_and_the_queue(qtbot, team, bo_window):  # noqa: F811
    window = bo_window
    documents = sorted(p.name for p in (team["ana"] / layout.DOCUMENTS).iterdir())
    # Ana (the owner) assigns the first document to herself and Cem, two per document.
    assert cli("corpus", "assign", team["ana"], "--annotators", "ana,cem", "--per-document",
               "2", "--document", documents[0], "--annotator", "Ana") == 0
    assert cli("corpus", "sync", team["ana"], "--annotator", "Ana") == 0
    window.corpus_dock.sync_button.click()
    states = shown(window, STATE)
    assert states[documents[0]] == "assigned"
    assert {states[d] for d in documents[1:]} == {"open"}
    assert shown(window, ANNOTATORS)[documents[0]] == "ana ○ · cem ○"
    # My documents: none yet. Take Next: the first document that needs annotators.
    window.corpus_dock.mine_box.setChecked(True)
    assert window.corpus_dock.shown_documents() == []
    window.corpus_dock.take_button.click()
    assert window.corpus.current_document() == documents[1]
    assert window.corpus_dock.shown_documents() == [documents[1]]
    assert (team["bo"] / "assignments" / "bo.xml").exists()
    window.corpus_dock.mine_box.setChecked(False)
    assert len(window.corpus_dock.shown_documents()) == len(documents)
    # Bo's taking reaches Ana; her list has it too.
    window.corpus_dock.sync_button.click()
    assert cli("corpus", "sync", team["ana"], "--annotator", "Ana") == 0
    listing = subprocess.run(["git", "log", "--format=%s", "-1", "--", "assignments/bo.xml"],
                             cwd=team["ana"], capture_output=True, text=True).stdout
    assert "Bo" in listing


def test_a_conflict_is_asked_about_in_the_window(qtbot, team, bo_window):  # noqa: F811
    from test_team_sync import _rename_entity

    window = bo_window
    annotate(team, "ana")
    assert cli("corpus", "sync", team["ana"], "--annotator", "Ana") == 0
    window.corpus_dock.sync_button.click()
    _rename_entity(team["ana"], "place-ukraine", "Ukraine (Staat)")
    _rename_entity(team["bo"], "place-ukraine", "Die Ukraine")
    assert cli("corpus", "sync", team["ana"], "--annotator", "Ana") == 0
    listed: list[str] = []

    def take_theirs(dialog: ConflictDialog) -> None:
        listed.extend(dialog.list.item(r).text() for r in range(dialog.list.count()))
        assert "Die Ukraine" in dialog.ours_view.text()
        assert "Ukraine (Staat)" in dialog.theirs_view.text()
        dialog.take_button.click()

    asked = on_modal(ConflictDialog, take_theirs)
    window.corpus_dock.sync_button.click()
    assert asked and listed == ["entities.xml: place-ukraine"]
    assert "Ukraine (Staat)" in (team["bo"] / layout.REGISTER_FILE).read_text(encoding="utf-8")
    assert team_sync.conflicts(team["bo"]) == []
    assert "1 conflict kept both versions" in window.statusBar().currentMessage()


def test_a_new_corpus_gets_its_remote_in_the_window(qtbot, tmp_path):
    from PySide6.QtWidgets import QInputDialog

    settings.set_annotator_name("Ana")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    assert cli("corpus", "init", tmp_path / "neu") == 0
    window = make_window(qtbot)
    assert window.corpus.open_corpus(str(tmp_path / "neu"))
    report = window.corpus.sync()
    assert report.remote is None and report.committed == 2
    assert "the corpus has no remote" in window.statusBar().currentMessage()
    # Cancel asks nothing more; an empty answer says so.
    on_modal(QInputDialog, lambda dialog: dialog.reject())
    assert window.corpus.sync_with() is None
    assert window.corpus.sync_with("  ") is None
    assert "No remote given" in window.statusBar().currentMessage()

    def answer(dialog):
        dialog.setTextValue(str(remote))
        dialog.accept()

    on_modal(QInputDialog, answer)
    report = window.corpus.sync_with()
    assert report.pushed and team_sync.remote_url(tmp_path / "neu") == str(remote)
    assert "Synced" in window.statusBar().currentMessage()
    assert git(remote, "log", "--format=%s", "main").strip().startswith("Annotator: work of Ana")


def test_no_sync_when_the_open_document_cannot_be_saved(qtbot, team, bo_window, dialogs):  # noqa: F811
    """Unsaved work that cannot be written is neither lost nor left behind half-synced:
    the sync does not run, the work stays in the window."""
    import shutil

    window = bo_window
    doc_id = sorted(p.name for p in (team["bo"] / layout.DOCUMENTS).iterdir())[0]
    assert window.corpus.open_document(doc_id)
    resp = window.files.session.annotator_id("Bo")
    edit, _skipped = edits.add_missing(window.annotated, [(0, 5)], "actor", resp)
    window.push(edit)
    # Where Bo's file goes is now a file, not a folder: the save cannot write.
    folder = team["bo"] / layout.DOCUMENTS / doc_id / "annotations"
    shutil.rmtree(folder)
    folder.write_text("in the way", encoding="utf-8")
    head = git(team["bo"], "rev-parse", "HEAD")
    assert window.corpus.sync() is None
    assert dialogs.errors  # the save's error was shown
    assert "Not synced" in window.statusBar().currentMessage()
    assert window.files.is_modified and len(window.annotated.annotations) == 1
    assert git(team["bo"], "rev-parse", "HEAD") == head  # nothing committed
    folder.unlink()
    folder.mkdir()
    window.corpus_dock.sync_button.click()
    assert not window.files.is_modified
    assert git(team["bo"], "rev-parse", "HEAD") != head


def test_a_new_team_member_gets_the_corpus_from_the_window(qtbot, dialogs, team, tmp_path,  # noqa: F811
                                                           monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    settings.set_annotator_name("Dana")
    window = make_window(qtbot)
    target = tmp_path / "dana"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a, **_k: str(target)))

    def give_the_remote(box: QInputDialog) -> None:
        box.setTextValue(str(team["remote"]))
        box.accept()

    asked = on_modal(QInputDialog, give_the_remote)
    window.main_menu.clone_corpus_action.trigger()
    assert asked
    assert window.corpus.corpus is not None and window.corpus.corpus.root == target
    assert window.corpus_dock.model.rowCount() == 3
    assert team_sync.remote_url(target) == str(team["remote"])
    # Into a folder with files in it: refused, with a message, and nothing written there.
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    assert not window.corpus.clone_corpus(str(team["remote"]), str(busy))
    assert any("new or empty folder" in e for e in dialogs.errors), dialogs.errors
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]
    # A remote that holds no corpus: said so.
    empty = tmp_path / "empty.git"
    subprocess.run(["git", "init", "-q", "--bare", str(empty)], check=True)
    assert not window.corpus.clone_corpus(str(empty), str(tmp_path / "nothing"))
    assert any("holds no corpus" in e for e in dialogs.errors), dialogs.errors
    assert not (tmp_path / "nothing").exists()  # nothing of the failed clone stays
    assert window.corpus.corpus.root == target  # the open corpus stays
