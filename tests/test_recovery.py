"""Crash recovery: the journal (plain Python) and the window's side of it.

The journal tests replay journals written by real edits, including undo and
redo, and damage the files the ways crashes and power cuts do. The window
tests annotate with keys, then simulate a crash inside this process (the
controller lets go of its journal without closing it) and start again through
the application's own start-up code. The real thing, with ``kill -9``, is in
``test_crash_recovery.py``.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from gui_helpers import SAMPLE_TXT, click_offset, shift_select, spans, started_application
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

import annotator.recovery as recovery
from annotator.files import open_document
from annotator.gui import WINDOWS, create_window, open_main_window
from annotator.gui.mainwindow import MainWindow
from annotator.gui.recovery import (
    RecoveryController,
    RecoveryDialog,
    offer_recovery,
    recovery_folder,
)
from annotator.model import (
    AnnotatedDocument,
    Annotator,
    Document,
    Edit,
    Metadata,
    Revision,
    Tag,
    Tagset,
    edits,
)
from annotator.recovery import (
    FORMAT_VERSION,
    RecoveryJournal,
    find_orphans,
    replay_bytes,
    replay_file,
)
from annotator.resources import example_path


# -- helpers ---------------------------------------------------------------------------------
def sample_document() -> AnnotatedDocument:
    document = Document.from_paragraphs(
        ["Germany pays for two Patriot systems.", "Norway delivers one — “schnell” 😀.",
         "The US sells weapons to NATO members."],
        metadata=Metadata("Patriots", "news", "en"))
    tagset = Tagset([Tag("actor", "Actor", "#f4a261", "1", "Who acts", "rs"),
                     Tag("weapon", "Weapon", "#2a9d8f", "2"),
                     Tag("x-other", "Other & more", "#000000", "", "", "seg")])
    doc = AnnotatedDocument.create(document, tagset, [Annotator("ann-ada", "Ada")],
                                   [Revision("2026-01-01T00:00:00Z", "ann-ada", "Created")])
    edits.add(doc.annotations, [(0, 7, "actor")], "ann-ada").apply(doc.annotations)
    return doc


def journal_for(doc: AnnotatedDocument, folder: Path, **kwargs) -> RecoveryJournal:
    journal = RecoveryJournal(folder, doc, app_version="test", **kwargs)
    doc.annotations.subscribe(journal.record)
    return journal


def read_other_handle(path: Path) -> bytes:
    """The file as another process sees it: what survives a kill -9 of the writer."""
    with open(path, "rb") as handle:
        return handle.read()


def tag_with_key(qtbot, window: MainWindow, phrase: str, key: Qt.Key) -> None:
    # A save's progress box (shown when the machine is slow) took the activation, which
    # the offscreen platform does not hand back: the tag key, a window shortcut, was lost.
    activate(qtbot, window)
    before = window.annotated.snapshot()
    start = window.annotated.document.text.index(phrase)
    shift_select(qtbot, window, start, len(phrase))
    qtbot.keyClick(window.view, key)
    assert window.annotated.snapshot() != before, window.statusBar().currentMessage()


def press(qtbot, window: MainWindow, sequence: str) -> None:
    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(window.view, combo.key(), combo.keyboardModifiers())


def answer_recovery_dialog(key: Qt.Key, seen: list[str] | None = None) -> QTimer:
    """Press ``key`` on the recovery dialog as soon as it shows (and Enter on a confirmation)."""
    # Each question is answered once: a mnemonic key clicks after a delay that a
    # repeated key restarts, and a dialog asked again (a bug) is left to the watchdog.
    answered: set[str] = set()

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, RecoveryDialog) and "recovery" not in answered:
            answered.add("recovery")
            if seen is not None:
                seen.append(box.informativeText())
            QTest.keyClick(box, key)
        elif (isinstance(box, QMessageBox) and box.objectName() == "questionBox"
              and "confirm" not in answered
              and any(b.text() == "&Discard" for b in box.buttons())):
            answered.add("confirm")
            # "Delete these changes for good?": yes
            next(b for b in box.buttons() if b.text() == "&Discard").click()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(30)
    return timer


# -- the journal, no Qt ----------------------------------------------------------------------
ACTIONS = st.lists(st.tuples(st.sampled_from(["add", "add", "remove", "retag", "undo", "undo",
                                              "redo", "save", "newcomer", "note"]),
                             st.integers(0, 10_000), st.integers(0, 10_000)),
                   max_size=40)


def used_only(snapshot: tuple) -> tuple:
    """A snapshot without the annotators that no annotation or revision names."""
    text, paragraphs, metadata, tags, annotators, revisions, annotations, *rest = snapshot
    used = {a.resp for a in annotations} | {r.who for r in revisions}
    return (text, paragraphs, metadata, tags, tuple(a for a in annotators if a.id in used),
            revisions, annotations, *rest)


@given(ACTIONS)
def test_replay_gives_the_state_after_any_edits_undo_redo_and_saves(actions):
    """Whatever happened, the journal replays to the document as it is, and knows
    whether that state is the saved one."""
    check_replay(actions)


@given(ACTIONS, st.lists(st.integers(0, 3), min_size=40, max_size=40))
def test_replay_is_the_same_when_the_base_is_written_in_steps(actions, steps):
    """A large document's base snapshot is written in steps (here every document's,
    in pieces of a few characters or rows): changes made before it is done, a save
    and a return to the saved state included, wait for it and follow it."""
    with pytest.MonkeyPatch.context() as settings:
        settings.setattr(recovery, "BASE_IN_STEPS_FROM", 0)
        settings.setattr(recovery, "_PIECE_CHARS", 7)
        settings.setattr(recovery, "_PIECE_ROWS", 1)

        def step(journal: RecoveryJournal, index: int) -> None:
            for _ in range(steps[index]):
                journal.write_base(0)

        check_replay(actions, step, noted=True)


def check_replay(actions, after_each=lambda journal, index: None, noted: bool = False) -> None:
    with tempfile.TemporaryDirectory() as folder:
        doc = sample_document()
        if noted:  # annotations with notes among those without, in the base snapshot
            edits.add(doc.annotations, [(8, 12, "weapon"), (13, 16, "weapon"),
                                        (38, 44, "actor")], "ann-ada").apply(doc.annotations)
            for ann_id in ("a2", "a4"):
                edits.set_note(doc.annotations, ann_id, f"Notiz zu {ann_id}").apply(doc.annotations)
        store = doc.annotations
        journal = journal_for(doc, Path(folder), tei_path=None,
                              source_path=Path("/articles/patriots.txt"))
        done: list[Edit] = []  # an undo stack, as QUndoStack keeps it
        undone: list[Edit] = []
        saved_at: int | None = 0  # the stack index of the saved state, None: unreachable
        text_len = len(doc.document.text)
        for index, (action, a, b) in enumerate(actions):
            after_each(journal, index - 1)
            edit = None
            if action in ("add", "newcomer"):
                start = a % text_len
                end = min(text_len, start + 1 + b % 20)
                tag = ("actor", "weapon", "x-other")[b % 3]
                # as the window does: a new annotator joins the header just before
                # their first annotation is added
                resp = doc.annotator_for(f"Person {a % 3}").id if action == "newcomer" \
                    else "ann-ada"
                try:
                    edit = edits.add(store, [(start, end, tag)], resp)
                except Exception:
                    continue
            elif action in ("remove", "retag", "note") and len(store):
                ann = sorted(store, key=lambda x: x.id)[a % len(store)]
                try:
                    edit = (edits.remove(store, [ann.id]) if action == "remove"
                            else edits.retag(store, [ann.id], ("actor", "weapon")[b % 2])
                            if action == "retag" else
                            edits.set_note(store, ann.id, f"Notiz {b} „über“ 😀" * (b % 3)))
                except Exception:
                    continue
            elif action == "undo" and done:
                undone.append(done.pop())
                undone[-1].revert(store)
            elif action == "redo" and undone:
                done.append(undone.pop())
                done[-1].apply(store)
            elif action == "save":
                doc.record_revision(doc.annotator_for("Bob").id, when=None)
                journal.mark_saved(Path(folder) / f"saved-{a}.xml")
                saved_at = len(done)
            if edit is not None:
                edit.apply(store)
                done.append(edit)
                undone.clear()
                if saved_at is not None and saved_at >= len(done):
                    saved_at = None  # a new edit made the saved state unreachable
            if action in ("undo", "redo") and saved_at == len(done) and journal.started:
                journal.mark_clean()  # what the GUI does when the stack becomes clean
        if not journal.started:
            assert not list(Path(folder).iterdir())  # an unmodified document leaves no trace
            return
        journal.write_base()  # (in steps: the rest of the base, and what waited for it)
        replay = replay_bytes(read_other_handle(journal.path))
        restored = replay.recovered.annotated
        assert set(restored.annotators.values()) <= set(doc.annotators.values())
        # The one known gap: a refused tag attempt (a duplicate) adds its annotator
        # to the header with no change to journal; it is journaled with the next one.
        assert used_only(restored.snapshot()) == used_only(doc.snapshot())
        assert replay.recovered.tei_path == journal.tei_path
        assert replay.recovered.source_path == Path("/articles/patriots.txt")
        assert replay.clean == (journal.changes == 0)
        if replay.clean:
            assert saved_at == len(done)
        assert not replay.damaged
        journal.close(clean=True)


def test_every_header_part_is_restored(tmp_path):
    doc = sample_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(8, 12, "weapon")], "ann-ada").apply(doc.annotations)
    doc.annotator_for("Zoë Müller")
    doc.record_revision("ann-zoe-muller", "Saved once")
    journal.mark_saved(tmp_path / "patriots.xml")
    # header parts the window cannot change today are journaled all the same
    doc.document.metadata.title = "Patriots, revised"
    doc.tagset.add(Tag("place", "Place", "#123456", "4"))
    edits.add(doc.annotations, [(0, 7, "place")], "ann-zoe-muller").apply(doc.annotations)
    replay = replay_file(journal.path)
    assert replay.recovered.annotated.snapshot() == doc.snapshot()
    assert replay.recovered.tei_path == tmp_path / "patriots.xml"
    assert replay.changes == 1 and not replay.clean


def test_the_digest_of_the_file_the_work_is_based_on_is_journaled(tmp_path):
    doc = sample_document()
    journal = journal_for(doc, tmp_path, tei_path=tmp_path / "a.xml", digest="d-opened")
    edits.add(doc.annotations, [(8, 12, "weapon")]).apply(doc.annotations)
    assert replay_file(journal.path).recovered.digest == "d-opened"
    journal.mark_saved(tmp_path / "b.xml", "d-saved")
    edits.add(doc.annotations, [(13, 16, "actor")]).apply(doc.annotations)
    recovered = replay_file(journal.path).recovered
    assert (recovered.tei_path, recovered.digest) == (tmp_path / "b.xml", "d-saved")
    # A journal of an earlier version has no digest: None, not an error.
    old = re.sub(rb',"dig":"[^"]*"', b"", read_other_handle(journal.path))
    assert b'"dig"' not in old
    assert replay_bytes(old).recovered.digest is None


def test_a_line_cut_short_by_a_crash_is_ignored(tmp_path):
    doc = sample_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(8, 12, "weapon")]).apply(doc.annotations)
    before_last = doc.snapshot()
    edits.add(doc.annotations, [(13, 16, "actor")]).apply(doc.annotations)
    data = read_other_handle(journal.path)
    last_start = data.rstrip(b"\n").rfind(b"\n") + 1
    journal.abandon()
    assert replay_bytes(data).recovered.annotated.snapshot() == doc.snapshot()
    # A crash may stop the last write anywhere: every cut gives the state before it.
    for cut in range(last_start, len(data)):
        replay = replay_bytes(data[:cut])
        assert replay.recovered.annotated.snapshot() == before_last, cut
        assert not replay.damaged and replay.changes == 1


def test_a_bad_line_stops_the_replay_and_says_so(tmp_path):
    doc = sample_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(8, 12, "weapon")]).apply(doc.annotations)
    good = doc.snapshot()
    edits.add(doc.annotations, [(13, 16, "actor")]).apply(doc.annotations)
    journal.abandon()
    lines = journal.path.read_bytes().split(b"\n")  # the base (with the first add), one op
    assert len(lines) == 3 and lines[2] == b""
    # zeros are what a power cut can leave where the last writes were not yet synced
    for bad in (b"\x00" * len(lines[1]), b'{"t":"op","del":["nope"]}', b"[1,2]",
                b'{"t":"whatever"}', b'{"t":"op","add":[["a1","weapon",0,3,""]]}'):
        damaged = b"\n".join([lines[0], bad, lines[1], b""])
        replay = replay_bytes(damaged)
        assert replay.damaged
        assert replay.recovered.annotated.snapshot() == good


def test_corrupt_journals_are_set_aside_and_never_stop_the_start(tmp_path):
    doc = sample_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(8, 12, "weapon")]).apply(doc.annotations)
    journal.abandon()
    base = journal.path.read_bytes().split(b"\n")[0]
    bad = {
        "empty": b"",
        "garbage": b"\x89PNG\r\n\x1a\n\x00\x00",
        "half-base": base[: len(base) // 2],
        "not-a-base": b'{"t":"op","add":[]}\n',
        "wrong-shape": b'{"t":"base","v":1,"text":42}\n',
        "outside-the-text": base.replace(b'"start":[0', b'"start":[9999') + b"\n",
        "unknown-tag": base.replace(b'"tag":["actor"', b'"tag":["nope"') + b"\n",
    }
    for name, data in bad.items():
        (tmp_path / f"1-{name}.jsonl").write_bytes(data)
    newer = base.replace(b'"v":%d' % FORMAT_VERSION, b'"v":99') + b"\n"
    (tmp_path / "1-newer.jsonl").write_bytes(newer)
    orphans = find_orphans(tmp_path)
    assert [o.path for o in orphans] == [journal.path]
    corrupt = sorted(p.name for p in tmp_path.glob("*.corrupt"))
    assert corrupt == sorted(f"1-{name}.jsonl.corrupt" for name in bad)
    assert (tmp_path / "1-newer.jsonl").read_bytes() == newer  # left for the newer version
    for orphan in orphans:
        orphan.release()


def test_a_live_journal_is_not_offered_and_an_offered_one_is_offered_once(tmp_path):
    doc = sample_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(8, 12, "weapon")]).apply(doc.annotations)
    assert find_orphans(tmp_path) == []  # locked by this (live) journal
    assert journal.path.exists()
    journal.abandon()  # the process "died"
    first = find_orphans(tmp_path)
    assert [o.path for o in first] == [journal.path]
    assert find_orphans(tmp_path) == []  # a second instance starting now: not twice
    first[0].release()  # "Later"
    again = find_orphans(tmp_path)
    assert [o.recovered.annotated.snapshot() for o in again] == [doc.snapshot()]
    again[0].discard()
    assert list(tmp_path.iterdir()) == []


def test_a_journal_held_by_another_live_process_is_not_offered(tmp_path):
    doc = sample_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(8, 12, "weapon")]).apply(doc.annotations)
    journal.abandon()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time\n"
         "f = open(sys.argv[1], 'rb'); fcntl.flock(f, fcntl.LOCK_EX)\n"
         "print('locked', flush=True); time.sleep(60)\n", str(journal.path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        assert find_orphans(tmp_path) == []
    finally:
        holder.kill()
        holder.wait()
    orphans = find_orphans(tmp_path)
    assert len(orphans) == 1
    orphans[0].release()


def test_clean_close_deletes_the_journal_and_unclean_close_keeps_it(tmp_path):
    doc = sample_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(8, 12, "weapon")]).apply(doc.annotations)
    journal.close(clean=True)
    assert list(tmp_path.iterdir()) == []
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(13, 16, "weapon")]).apply(doc.annotations)
    journal.close(clean=False)
    assert [o.recovered.annotated.snapshot() for o in find_orphans(tmp_path)] == [doc.snapshot()]


def test_a_journal_that_ends_clean_is_deleted_not_offered(tmp_path):
    doc = sample_document()
    journal = journal_for(doc, tmp_path)
    edit = edits.add(doc.annotations, [(8, 12, "weapon")])
    edit.apply(doc.annotations)
    edit.revert(doc.annotations)
    journal.mark_clean()
    journal.abandon()
    assert find_orphans(tmp_path) == []
    assert list(tmp_path.iterdir()) == []


def test_unmodified_documents_write_nothing(tmp_path):
    doc = sample_document()
    journal = journal_for(doc, tmp_path)
    journal.mark_clean()
    journal.mark_saved(tmp_path / "x.xml")
    journal.sync()
    journal.close(clean=False)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_base_snapshot_is_cleaned_up(tmp_path):
    (tmp_path / "123-1-abc.jsonl.partial").write_bytes(b'{"t":"base","v":1,"te')
    assert find_orphans(tmp_path) == []
    assert list(tmp_path.iterdir()) == []


def large_document() -> AnnotatedDocument:
    """A document whose base snapshot is written in steps (a long report)."""
    sentence = "Deutschland zahlt für zwei Patriot-Systeme, Norwegen liefert eines — „schnell“ 😀. "
    document = Document.from_paragraphs([sentence * 30] * 120,
                                        metadata=Metadata("Bericht", "news", "de"))
    tagset = Tagset([Tag("actor", "Actor", "#f4a261", "1"),
                     Tag("weapon", "Weapon", "#2a9d8f", "2")])
    doc = AnnotatedDocument.create(document, tagset, [Annotator("ann-ada", "Ada")], [])
    step = len(sentence)
    edits.add(doc.annotations, [(p.start + k * step, p.start + k * step + 11, "actor")
                                for p in document.paragraphs for k in range(0, 30, 3)],
              "ann-ada").apply(doc.annotations)
    assert (len(doc.document.text) + 50 * len(doc.annotations)
            >= recovery.BASE_IN_STEPS_FROM)
    return doc


def test_a_large_documents_base_is_written_in_steps_and_what_follows_waits(tmp_path):
    doc = large_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(12, 18, "weapon")]).apply(doc.annotations)
    # The first change took the snapshot only: the file is still partial, and
    # locked, so a start meanwhile neither offers it nor clears it away.
    assert journal.writing and journal.pending
    partial = journal.path
    assert partial.name.endswith(".jsonl.partial")
    assert find_orphans(tmp_path) == [] and partial.exists()
    edit = edits.add(doc.annotations, [(40, 46, "actor")])
    edit.apply(doc.annotations)
    journal.mark_saved(tmp_path / "bericht.xml", "digest")
    edit.revert(doc.annotations)
    steps = 1
    while journal.write_base(0):  # one piece a call
        steps += 1
    assert steps > 20
    assert not journal.writing and journal.path.name.endswith(".jsonl") and not partial.exists()
    lines = read_other_handle(journal.path).splitlines()
    assert [line[:12] for line in lines[1:]] == [b'{"t":"op","a', b'{"t":"saved"',
                                                 b'{"t":"op","d']
    for _ in range(200):  # the base is made durable on a thread of its own
        if not journal.pending:
            break
        time.sleep(0.01)
    assert not journal.pending
    journal.abandon()
    [orphan] = find_orphans(tmp_path)
    assert orphan.recovered.annotated.snapshot() == doc.snapshot()
    assert orphan.recovered.tei_path == tmp_path / "bericht.xml"
    orphan.discard()


def test_closing_while_the_base_is_written(tmp_path):
    doc = large_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(12, 18, "weapon")]).apply(doc.annotations)
    journal.write_base(0)
    journal.close(clean=True)  # saved or discarded: the rest is not written
    assert list(tmp_path.iterdir()) == []
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(40, 46, "actor")]).apply(doc.annotations)
    journal.close(clean=False)  # kept for the next start: finished first
    assert [o.recovered.annotated.snapshot() for o in find_orphans(tmp_path)] == [doc.snapshot()]


def test_a_base_that_cannot_be_written_stops_the_journal_and_leaves_nothing(tmp_path,
                                                                        monkeypatch):
    doc = large_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(12, 18, "weapon")]).apply(doc.annotations)
    journal.write_base(0)

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recovery, "_write_all", full)
    with pytest.raises(OSError, match="No space"):
        journal.write_base(0.01)
    assert list(tmp_path.iterdir()) == [] and not journal.writing
    edits.add(doc.annotations, [(40, 46, "actor")]).apply(doc.annotations)  # no error
    journal.close(clean=False)
    assert list(tmp_path.iterdir()) == []


def test_without_fcntl_a_large_base_is_written_at_once(tmp_path, monkeypatch):
    # There an open file cannot be renamed, so the journal is written under its final
    # name: a base written in steps would be a journal cut short if the app died.
    monkeypatch.setattr(recovery, "fcntl", None)
    doc = large_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(12, 18, "weapon")]).apply(doc.annotations)
    assert not journal.writing and journal.path.name.endswith(".jsonl")
    journal.abandon()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    journal.path.rename(journal.path.with_name(dead + "-" + journal.path.name.split("-", 1)[1]))
    [orphan] = find_orphans(tmp_path)
    assert orphan.recovered.annotated.snapshot() == doc.snapshot()
    orphan.discard()


def test_a_failed_fsync_of_the_base_is_reported_by_the_next_sync(tmp_path, monkeypatch):
    doc = large_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(12, 18, "weapon")]).apply(doc.annotations)

    def failing(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)
    journal.write_base()
    journal._syncing.join()
    assert journal.pending  # the window's timer looks again, and hears of it
    with pytest.raises(OSError, match="Input/output"):
        journal.sync()
    monkeypatch.undo()
    journal.close(clean=True)


def test_without_fcntl_a_live_pid_keeps_its_journal(tmp_path, monkeypatch):
    monkeypatch.setattr(recovery, "fcntl", None)
    doc = sample_document()
    journal = journal_for(doc, tmp_path)
    edits.add(doc.annotations, [(8, 12, "weapon")]).apply(doc.annotations)
    assert journal.path.name.startswith(f"{os.getpid()}-")
    assert find_orphans(tmp_path) == []  # this process is alive
    journal.abandon()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    moved = journal.path.with_name(dead.stdout.strip() + journal.path.name[
        journal.path.name.index("-"):])
    journal.path.rename(moved)
    orphans = find_orphans(tmp_path)
    assert [o.path for o in orphans] == [moved]
    orphans[0].discard()


def test_the_journal_is_plain_python():
    """The layering rule: no Qt and no XML below the GUI (see test_environment.py)."""
    result = subprocess.run(
        [sys.executable, "-c", "import sys, annotator.recovery\n"
         "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'lxml')))\n"
         "assert not bad, bad\n"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


# -- the window ---------------------------------------------------------------------------------
@pytest.fixture
def app(qapp, monkeypatch):
    """The application as started for real (its names decide the data directory);
    every window it made closed and its identity put back afterwards."""
    with started_application(qapp, monkeypatch, start=True) as started:
        yield started


def activate(qtbot, window: MainWindow) -> MainWindow:
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window


def annotated_window(qtbot, path: Path = SAMPLE_TXT) -> MainWindow:
    """A window as the application makes it, on ``path``, with some work done by keys."""
    window = activate(qtbot, create_window())
    assert window.files.open_path(path, ask=False)
    tag_with_key(qtbot, window, "Pete Hegseth", Qt.Key.Key_1)
    tag_with_key(qtbot, window, "Boris Pistorius", Qt.Key.Key_3)
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # retag the new annotation
    tag_with_key(qtbot, window, "Weißen Haus", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    press(qtbot, window, "Ctrl+Z")
    tag_with_key(qtbot, window, "Mark Rutte", Qt.Key.Key_2)
    press(qtbot, window, "Ctrl+Z")
    return window


def crash(window: MainWindow) -> None:
    """What a crash does: the journal stays, unlocked, not deleted, not synced; and the
    window does nothing more. (It went on watching its file, and asked about a change
    a test made next, in a box the test did not expect: under load the run hung there.)"""
    RecoveryController.of(window).abandon()
    window.files.watcher.blockSignals(True)
    for timer in window.findChildren(QTimer):  # a disk check already due, among others
        timer.stop()


def start_again(qtbot, key: Qt.Key = Qt.Key.Key_Return,
                seen: list[str] | None = None, path: str | None = None) -> MainWindow:
    timer = answer_recovery_dialog(key, seen)
    window = open_main_window(path)
    timer.stop()
    return activate(qtbot, window)


def test_journal_lives_in_the_data_directory_private_to_the_user(qtbot, app, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(SAMPLE_TXT.read_text(encoding="utf-8"), encoding="utf-8")
    window = activate(qtbot, create_window())
    window.files.open_path(article, ask=False)
    journal = RecoveryController.of(window).journal
    assert not journal.started  # nothing written for a document only read
    tag_with_key(qtbot, window, "Pete Hegseth", Qt.Key.Key_1)
    assert journal.path.parent == recovery_folder()
    assert recovery_folder().is_relative_to(Path(os.environ["XDG_DATA_HOME"]))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt"]
    assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(recovery_folder().stat().st_mode) == 0o700


def test_a_change_is_readable_at_once_and_fsynced_within_two_seconds(qtbot, app,
                                                                     monkeypatch):
    window = activate(qtbot, create_window())
    window.files.open_path(SAMPLE_TXT, ask=False)
    tag_with_key(qtbot, window, "Pete Hegseth", Qt.Key.Key_1)
    journal = RecoveryController.of(window).journal
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # a spy: the real fsync still runs
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    qtbot.waitUntil(lambda: not journal.pending, timeout=2000)  # the base snapshot
    synced.clear()
    tag_with_key(qtbot, window, "Mark Rutte", Qt.Key.Key_2)
    # Written before the key press returned: another handle (another process) reads it.
    assert read_other_handle(journal.path).rstrip(b"\n").split(b"\n")[-1].startswith(
        b'{"t":"op","add":[["a2","weapon"')
    assert journal.pending
    qtbot.waitUntil(lambda: not journal.pending, timeout=2000)
    assert journal._fd in synced
    replay = replay_file(journal.path)
    assert replay.recovered.annotated.snapshot() == window.annotated.snapshot()


def test_a_long_report_is_journaled_in_idle_steps_and_restored(qtbot, app, tmp_path):
    report = tmp_path / "bericht.txt"
    document = large_document().document
    report.write_text("\n\n".join(document.text[p.start:p.end] for p in document.paragraphs),
                      encoding="utf-8")
    window = activate(qtbot, create_window())
    assert window.files.open_path(report, ask=False)
    tag_with_key(qtbot, window, "Norwegen", Qt.Key.Key_1)
    journal = RecoveryController.of(window).journal
    assert journal.writing  # the key press took the snapshot; the event loop writes it
    tag_with_key(qtbot, window, "Patriot-Systeme", Qt.Key.Key_2)
    qtbot.waitUntil(lambda: not journal.pending, timeout=5000)
    assert journal.path.name.endswith(".jsonl")
    before = window.annotated.snapshot()
    crash(window)
    restored = start_again(qtbot)
    assert restored.annotated.snapshot() == before
    assert spans(restored) == [("Patriot-Systeme", "weapon"), ("Norwegen", "actor")]


def test_crash_then_start_restores_exactly_and_enter_restores(qtbot, app):
    window = annotated_window(qtbot)
    before = window.annotated.snapshot()
    assert spans(window) == [("Pete Hegseth", "actor"), ("Boris Pistorius", "weapon"),
                             ("Weißen Haus", "actor")]
    crash(window)
    seen: list[str] = []
    restored = start_again(qtbot, Qt.Key.Key_Return, seen)
    assert len(seen) == 1 and "patriot-de.txt" in seen[0] and "8 unsaved changes" in seen[0]
    assert restored is not window and restored.annotated.snapshot() == before
    assert restored.session.source_path == SAMPLE_TXT and restored.session.tei_path is None
    assert restored.isWindowModified()
    assert restored.windowTitle() == "patriot-de.txt[*] — Annotator"
    message = restored.statusBar().currentMessage()
    assert "Restored “patriot-de.txt”" in message and "3 annotations" in message
    # the restored work is journaled at once: the old journal is gone, a new one holds it
    journals = list(recovery_folder().glob("*.jsonl"))
    assert journals == [RecoveryController.of(restored).journal.path]
    assert find_orphans(recovery_folder()) == []  # locked: this window is alive
    # and it goes on: another key press is journaled too
    tag_with_key(qtbot, restored, "Mark Rutte", Qt.Key.Key_1)
    after = restored.annotated.snapshot()
    crash(restored)
    again = start_again(qtbot)
    assert again.annotated.snapshot() == after


def test_restored_work_survives_a_second_crash_before_any_change(qtbot, app):
    window = annotated_window(qtbot)
    before = window.annotated.snapshot()
    crash(window)
    restored = start_again(qtbot)
    crash(restored)
    again = start_again(qtbot)
    assert again.annotated.snapshot() == before
    assert again.isWindowModified()


def test_saved_work_and_work_undone_to_the_save_point_are_not_offered(qtbot, app,
                                                                      tmp_path):
    window = annotated_window(qtbot)
    assert window.files.save_to(tmp_path / "saved.xml")
    crash(window)
    second = annotated_window(qtbot)
    for _ in range(6):
        press(qtbot, second, "Ctrl+Z")
    assert not second.isWindowModified()
    crash(second)
    assert find_orphans(recovery_folder()) == []
    assert list(recovery_folder().iterdir()) == []  # journals ending clean are deleted


def test_work_after_a_save_restores_with_the_saved_path_and_revisions(qtbot, app,
                                                                      tmp_path):
    from annotator.gui import settings

    settings.put("annotator_name", "Ada Lovelace")
    window = annotated_window(qtbot)
    target = tmp_path / "saved.xml"
    assert window.files.save_to(target)
    tag_with_key(qtbot, window, "Donald Trump", Qt.Key.Key_1)
    press(qtbot, window, "Ctrl+Z")
    press(qtbot, window, "Ctrl+Z")  # past the save point: unsaved again
    before = window.annotated.snapshot()
    crash(window)
    restored = start_again(qtbot)
    assert restored.annotated.snapshot() == before
    assert restored.session.tei_path == target
    assert [r.description for r in restored.annotated.revisions] == ["Annotations saved"]
    assert [a.name for a in restored.annotated.annotators.values()] == ["Ada Lovelace"]


def answer_box(title: str, label: str, seen: list[str]) -> QTimer:
    """Click ``label`` in each box titled ``title`` as it shows; ``seen`` gets its text."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.windowTitle() == title and box.isVisible():
            seen.append(f"{box.text()}\n{box.informativeText()}")
            next(b for b in box.buttons() if b.text().replace("&", "") == label).click()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(30)
    return timer


def test_a_file_changed_after_the_crash_is_not_overwritten_without_asking(qtbot, app,
                                                                          tmp_path):
    window = annotated_window(qtbot)
    target = tmp_path / "saved.xml"
    assert window.files.save_to(target)
    tag_with_key(qtbot, window, "Donald Trump", Qt.Key.Key_1)  # then unsaved work
    before = window.annotated.snapshot()
    crash(window)
    # Meanwhile somebody else changes the file (a colleague, another program).
    theirs = target.read_bytes() + b"<!-- checked by Bea -->\n"
    target.write_bytes(theirs)
    told: list[str] = []
    timer = answer_box("File changed since the crash", "Keep Working", told)
    restored = start_again(qtbot)
    qtbot.waitUntil(lambda: bool(told), timeout=3000)
    timer.stop()
    assert restored.annotated.snapshot() == before
    assert "changed by another program after Annotator stopped" in told[0]
    asked: list[str] = []
    timer = answer_box("File changed on disk", "Cancel", asked)
    press(qtbot, restored, "Ctrl+S")
    timer.stop()
    assert asked and "was changed by another program" in asked[0]
    assert target.read_bytes() == theirs  # their change is still there
    assert restored.isWindowModified()
    timer = answer_box("File changed on disk", "Overwrite", asked)
    activate(qtbot, restored)  # back from the box (offscreen does not hand focus back)
    press(qtbot, restored, "Ctrl+S")  # asked again, and this time the user overwrites
    timer.stop()
    assert len(asked) == 2, (asked, restored.statusBar().currentMessage())
    assert not restored.isWindowModified()
    assert b"checked by Bea" not in target.read_bytes()
    assert open_document(target).document.snapshot() == restored.annotated.snapshot()


def test_a_file_unchanged_since_the_crash_saves_without_a_question(qtbot, app, tmp_path):
    window = annotated_window(qtbot)
    target = tmp_path / "saved.xml"
    assert window.files.save_to(target)
    tag_with_key(qtbot, window, "Donald Trump", Qt.Key.Key_1)
    crash(window)
    told: list[str] = []
    timer = answer_box("File changed since the crash", "Keep Working", told)
    restored = start_again(qtbot)
    press(qtbot, restored, "Ctrl+S")
    qtbot.wait(100)
    timer.stop()
    assert told == [] and not restored.isWindowModified()
    assert open_document(target).document.snapshot() == restored.annotated.snapshot()


def test_closing_after_discard_leaves_nothing(qtbot, app):
    window = annotated_window(qtbot)
    assert window.close()  # the unsaved-changes question is answered Discard
    assert list(recovery_folder().glob("*.jsonl")) == []


def test_later_keeps_the_work_and_discard_deletes_it(qtbot, app):
    window = annotated_window(qtbot)
    crash(window)
    empty = start_again(qtbot, Qt.Key.Key_Escape)  # Escape is Later
    assert empty.annotated is None
    assert "next start" in empty.statusBar().currentMessage()
    assert len(list(recovery_folder().glob("*.jsonl"))) == 1
    gone = start_again(qtbot, Qt.Key.Key_D, path=str(SAMPLE_TXT))  # Alt-less mnemonic: D
    assert list(recovery_folder().glob("*.jsonl")) == []
    assert gone.annotated is not None and not gone.isWindowModified()
    assert find_orphans(recovery_folder()) == []


def test_several_documents_open_in_several_windows(qtbot, app, tmp_path):
    second_text = tmp_path / "second.txt"
    second_text.write_text("Norway delivers one Patriot system.\nGermany pays.\n",
                           encoding="utf-8")
    first = annotated_window(qtbot)
    second = activate(qtbot, create_window())
    second.files.open_path(second_text, ask=False)
    tag_with_key(qtbot, second, "Norway", Qt.Key.Key_1)
    snapshots = [first.annotated.snapshot(), second.annotated.snapshot()]
    crash(first)
    crash(second)
    before = set(WINDOWS)
    window = open_main_window_answering(qtbot, Qt.Key.Key_Return)
    restored = [w for w in WINDOWS if w not in before]
    assert window in restored and len(restored) == 2
    assert sorted(w.annotated.snapshot() for w in restored) == sorted(snapshots)
    assert all(w.isVisible() and w.isWindowModified() for w in restored)
    # each window journals its own document
    other = next(w for w in restored if w is not window)
    activate(qtbot, other)
    tag_with_key(qtbot, other,
                 "Germany" if other.session.source_path == second_text else "Mark Rutte",
                 Qt.Key.Key_2)
    assert len({RecoveryController.of(w).journal.path for w in restored}) == 2
    after = sorted(w.annotated.snapshot() for w in restored)
    for w in restored:
        crash(w)
    orphans = find_orphans(recovery_folder())
    assert sorted(o.recovered.annotated.snapshot() for o in orphans) == after
    for orphan in orphans:
        orphan.release()


def open_main_window_answering(qtbot, key: Qt.Key) -> MainWindow:
    timer = answer_recovery_dialog(key)
    window = open_main_window()
    timer.stop()
    return window


def test_opening_the_restored_file_again_does_not_hide_the_restored_work(qtbot, app):
    window = annotated_window(qtbot)
    before = window.annotated.snapshot()
    crash(window)
    count = len(WINDOWS)
    restored = start_again(qtbot, path=str(SAMPLE_TXT))  # "annotator patriot-de.txt"
    assert restored.annotated.snapshot() == before
    assert len(WINDOWS) == count + 1


def test_the_recovery_dialog(qtbot, app, tmp_path):
    window = annotated_window(qtbot)
    folder = tmp_path / "a folder with a rather long name" / "and another one below it"
    folder.mkdir(parents=True)
    crash(window)
    second = annotated_window(qtbot, SAMPLE_TXT)
    assert second.files.save_to(folder / "patriot-de-annotated.xml")
    tag_with_key(qtbot, second, "Donald Trump", Qt.Key.Key_1)
    crash(second)
    orphans = find_orphans(recovery_folder())
    try:
        dialog = RecoveryDialog(window, orphans)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.defaultButton() is dialog.restore_button
        assert dialog.escapeButton() is dialog.later_button
        info = dialog.informativeText()
        assert "patriot-de.txt" in info and "patriot-de-annotated.xml" in info
        assert str(folder) in info and "8 unsaved changes" in info and "1 unsaved change," in info
        dialog.grab().save(str(Path(tempfile.gettempdir()) / "annotator-recovery-dialog.png"))
        dialog.close()
    finally:
        for orphan in orphans:
            orphan.release()


def test_the_recovery_dialog_shows_the_documents_folder_not_where_annotator_started(
        qtbot, app, tmp_path, monkeypatch):
    # As `annotator patriot-de.txt` run in the article's folder, and the next start
    # from somewhere else: the folder is the article's, whole ("in ." was shown).
    folder = Path.home() / "articles"
    folder.mkdir()
    (folder / "patriot-de.txt").write_bytes(SAMPLE_TXT.read_bytes())
    monkeypatch.chdir(folder)
    crash(annotated_window(qtbot, Path("patriot-de.txt")))
    monkeypatch.chdir(tmp_path)
    seen: list[str] = []
    restored = start_again(qtbot, seen=seen)
    assert "in ~/articles<" in seen[0], seen
    assert restored.session.source_path == folder / "patriot-de.txt"


def test_the_recovery_dialog_says_the_annotated_example_was_never_saved(qtbot, app):
    # Help > Open Annotated Example opens an unsaved copy that Save proposes to put in
    # the user's folder; no file is there. The dialog said "in ~", where there is none.
    window = activate(qtbot, create_window())
    assert window.files.open_example()
    tag_with_key(qtbot, window, "Ehrenkordon", Qt.Key.Key_2)
    crash(window)
    seen: list[str] = []
    restored = start_again(qtbot, seen=seen)
    assert "patriot-de.annotated.xml" in seen[0] and "never saved" in seen[0], seen
    assert " in ~" not in seen[0] and not (Path.home() / "patriot-de.annotated.xml").exists()
    assert len(restored.annotated.annotations) == len(open_document(
        example_path()).document.annotations) + 1


def test_without_orphans_nothing_is_asked(qtbot, app):
    window = activate(qtbot, create_window())
    assert offer_recovery(window) == []
    assert window.annotated is None


def test_a_full_disk_does_not_stop_annotating(qtbot, app, monkeypatch):
    window = activate(qtbot, create_window())
    window.files.open_path(SAMPLE_TXT, ask=False)

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recovery, "_write_all", full)
    tag_with_key(qtbot, window, "Pete Hegseth", Qt.Key.Key_1)
    assert spans(window) == [("Pete Hegseth", "actor")]
    qtbot.waitUntil(lambda: "Crash recovery is off" in window.statusBar().currentMessage(),
                    timeout=2000)
    tag_with_key(qtbot, window, "Mark Rutte", Qt.Key.Key_1)
    assert len(spans(window)) == 2
    click_offset(qtbot, window, window.annotated.document.text.index("Mark Rutte") + 1)
    assert window.view.selected_id is not None


def test_restoring_keeps_every_field_of_every_annotation(qtbot, app, tmp_path):
    """Ids, spans (also across paragraphs and outside the BMP), tags and resp."""
    article = tmp_path / "emoji.txt"
    article.write_text("Start 😀 then 𝔘nion forces\nSecond 🎉 line Berlin\n", encoding="utf-8")
    window = activate(qtbot, create_window())
    window.files.open_path(article, ask=False)
    store = window.annotated.annotations
    text = window.annotated.document.text
    window.push(edits.add(store, [(text.index("𝔘nion"), text.index("Berlin") + 6, "actor")],
                          "ann-x"))
    tag_with_key(qtbot, window, "forces", Qt.Key.Key_3)
    window.push(edits.retag(store, [next(iter(store)).id], "weapon"))
    before = window.annotated.snapshot()
    crash(window)
    restored = start_again(qtbot)
    assert restored.annotated.snapshot() == before
    assert list(restored.annotated.annotations) == list(store)


def test_a_restore_that_fails_keeps_the_journal_and_the_start_goes_on(qtbot, app,
                                                                      monkeypatch):
    window = annotated_window(qtbot)
    before = window.annotated.snapshot()
    crash(window)

    def broken(self, orphan):  # a bug in restoring, injected
        raise RuntimeError("boom")

    errors: list[str] = []

    def close_error_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Critical:
            errors.append(box.text() + "\n" + box.informativeText())
            box.accept()

    closer = QTimer()
    closer.timeout.connect(close_error_box)
    closer.start(30)
    with monkeypatch.context() as patch:
        patch.setattr(RecoveryController, "restore", broken)
        started = start_again(qtbot)
    closer.stop()
    assert started.annotated is None  # the window is there, empty and usable
    assert len(errors) == 1 and "patriot-de.txt" in errors[0] and "boom" in errors[0]
    orphans = find_orphans(recovery_folder())  # the work is still offered next time
    assert [o.recovered.annotated.snapshot() for o in orphans] == [before]
    orphans[0].release()
