"""Saving never loses work: atomic writes, backups, failed saves, conflicts and locks.

These drive the real functions on real files; the GUI tests drive a real
window and answer its real dialogs by clicking their buttons.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import reference
from as_nobody import run_as_nobody
from gui_helpers import SAMPLE_TXT, click_when_asked, make_window, shift_select, spans
from lxml import etree
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from annotator.errors import ChangedOnDiskError, ReadError, WriteError
from annotator.files import (
    backup_path,
    digest_bytes,
    file_digest,
    open_document,
    save_document,
    write_atomically,
)
from annotator.gui import tasks
from annotator.locking import DocumentLock, lock_path, read_lock
from annotator.model import AnnotatedDocument, Document, edits
from annotator.progress import Cancelled, Progress

TEI = {"tei": "http://www.tei-c.org/ns/1.0"}


def sample_document(tags: int = 2) -> AnnotatedDocument:
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    doc = AnnotatedDocument.create(Document.from_paragraphs(text.split("\n\n")))
    spans_ = [(0, 3, "actor"), (4, 11, "weapon"), (12, 19, "commitment")][:tags]
    if spans_:
        tag(doc, spans_)
    return doc


def tag(doc: AnnotatedDocument, spans_: list[tuple[int, int, str]]) -> None:
    edits.add(doc.annotations, spans_, doc.annotator_for("Tester").id).apply(doc.annotations)


def saved_sample(folder: Path, tags: int = 2, name: str = "doc.xml") -> Path:
    path = folder / name
    save_document(sample_document(tags), path, "Tester")
    return path


@contextlib.contextmanager
def file_size_limit(limit: int):
    """Let the kernel refuse writes past ``limit`` bytes, as a full disk would."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- atomic writes and backups ----------------------------------------------------------------
def test_save_keeps_the_previous_version_as_backup(tmp_path):
    path = saved_sample(tmp_path, tags=1)
    first = path.read_bytes()
    doc = open_document(path).document
    tag(doc, [(100, 110, "weapon")])
    save_document(doc, path, "Tester", backup=True)
    assert backup_path(path).read_bytes() == first
    assert path.read_bytes() != first
    assert len(open_document(path).document.annotations) == 2
    assert leftovers(tmp_path) == []


def test_a_backup_that_cannot_be_kept_is_told_and_the_save_still_happens(tmp_path):
    path = saved_sample(tmp_path, tags=1)
    backup_path(path).mkdir()  # a folder where the backup should go: it cannot be replaced
    doc = open_document(path).document
    tag(doc, [(100, 110, "weapon")])
    result = save_document(doc, path, "Tester", backup=True)
    assert result.notes == [f"the previous version could not be kept as {path.name}.bak"]
    assert len(open_document(path).document.annotations) == 2
    assert leftovers(tmp_path) == [] and backup_path(path).is_dir()


def test_no_backup_unless_asked(tmp_path):
    path = saved_sample(tmp_path)
    save_document(open_document(path).document, path, "Tester", backup=False)
    assert not backup_path(path).exists()


def test_disk_full_leaves_the_old_file_and_the_document(tmp_path):
    path = saved_sample(tmp_path, tags=1)
    before = path.read_bytes()
    doc = open_document(path).document
    tag(doc, [(100, 110, "weapon")])
    revisions = list(doc.revisions)
    with file_size_limit(len(before) // 2), pytest.raises(WriteError) as caught:
        save_document(doc, path, "Tester", backup=True)
    assert "larger than this system allows" in caught.value.message
    assert "unchanged" in caught.value.message
    assert path.read_bytes() == before
    assert doc.revisions == revisions  # the failed save's revision was taken back
    assert len(doc.annotations) == 2
    assert leftovers(tmp_path) == []


def test_folder_gone_is_reported(tmp_path):
    folder = tmp_path / "gone"
    folder.mkdir()
    doc = sample_document()
    shutil.rmtree(folder)
    with pytest.raises(WriteError) as caught:
        save_document(doc, folder / "doc.xml", "Tester")
    assert "folder does not exist" in caught.value.message


def test_a_failed_save_leaves_no_trace_in_the_document(tmp_path):
    """A save that did not happen takes back what it put into the header: the revision,
    and the saver in the list of annotators if it was not there before."""
    doc = sample_document()
    before = doc.snapshot()
    with pytest.raises(WriteError):
        save_document(doc, tmp_path / "gone" / "doc.xml", "Somebody New")
    assert doc.snapshot() == before
    assert "Somebody New" not in {a.name for a in doc.annotators.values()}


def test_read_only_folder_is_reported_and_nothing_changes():
    """Root writes anywhere, so the save runs in a forked child that became 'nobody'."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-ro-"))
    try:
        folder.chmod(0o755)
        path = saved_sample(folder)
        os.chown(path, 65534, 65534)  # nobody's own file, in a folder nobody cannot write
        before = path.read_bytes()
        # Made before giving up root: 'nobody' may not read the checkout (a clone in
        # /root, or in a 0700 temporary folder), where the sample text is.
        doc = sample_document(3)
        message = run_as_nobody(lambda: save_document(doc, path, "Tester", backup=True))
        assert message.startswith(f"{path}: permission denied"), message
        assert path.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["doc.xml"]
    finally:
        shutil.rmtree(folder)


def test_cancel_before_the_rename_writes_nothing(tmp_path):
    path = saved_sample(tmp_path)
    before = path.read_bytes()
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        write_atomically(path, b"<new/>", backup=True, progress=progress)
    assert path.read_bytes() == before
    assert not backup_path(path).exists()
    assert leftovers(tmp_path) == []


def test_cancel_after_the_commit_is_refused():
    progress = Progress()
    progress.commit()
    assert progress.cancel() is False
    assert not progress.cancelled


def test_save_refuses_a_file_changed_on_disk(tmp_path):
    path = saved_sample(tmp_path)
    opened = open_document(path)
    theirs = saved_sample(tmp_path, tags=3, name="theirs.xml").read_bytes()
    path.write_bytes(theirs)
    with pytest.raises(ChangedOnDiskError):
        save_document(opened.document, path, "Tester", expected_digest=opened.digest)
    assert path.read_bytes() == theirs
    result = save_document(opened.document, path, "Tester", expected_digest=digest_bytes(theirs))
    assert result.digest == file_digest(path)



@pytest.mark.parametrize("name", ["dta-soldatenbrief-084.xml", "eltec-deu-DEU001.xml"])
def test_opened_digest_is_the_files_small_or_taken_beside_the_parse(tmp_path, name):
    # The letter's digest is taken at once, the 2.4 MB novel's on another thread.
    path = tmp_path / name
    shutil.copy(reference.path("samples", name), path)
    assert open_document(path).digest == file_digest(path) == digest_bytes(path.read_bytes())


# -- lock files -------------------------------------------------------------------------------
def test_lock_records_owner_and_is_removed_on_release(tmp_path):
    doc = tmp_path / "doc.xml"
    lock = DocumentLock(doc)
    assert lock.acquire()
    owner = read_lock(doc)
    assert owner is not None and owner.is_this_process and not owner.is_stale
    assert owner.host == socket.gethostname() and owner.pid == os.getpid()
    lock.release()
    assert not lock_path(doc).exists()


def test_lock_of_a_dead_process_is_stale(tmp_path):
    doc = tmp_path / "doc.xml"
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    dead_pid = int(child.stdout)
    lock_path(doc).write_text(json.dumps({"user": "x", "host": socket.gethostname(),
                                          "pid": dead_pid, "since": time.time()}))
    owner = read_lock(doc)
    assert owner is not None and owner.is_stale


def test_lock_from_another_machine_is_never_stale(tmp_path):
    doc = tmp_path / "doc.xml"
    lock_path(doc).write_text(json.dumps({"user": "ana", "host": "elsewhere.example",
                                          "pid": 1, "since": 0}))
    owner = read_lock(doc)
    assert owner is not None and not owner.is_stale and not owner.is_this_process
    assert "ana on elsewhere.example" in owner.describe()


def test_garbled_lock_is_ignored(tmp_path):
    doc = tmp_path / "doc.xml"
    lock_path(doc).write_bytes(b"\x00not json")
    assert read_lock(doc) is None


# -- the window -----------------------------------------------------------------------------
def opened_window(qtbot, path: Path):
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    return window


def tag_first_words(qtbot, window, length: int = 7, key=Qt.Key.Key_1) -> None:
    shift_select(qtbot, window, 0, length)
    qtbot.keyClick(window.view, key)


def test_window_save_failure_keeps_everything(qtbot, tmp_path):
    path = saved_sample(tmp_path, tags=0)
    before = path.read_bytes()
    window = opened_window(qtbot, path)
    tag_first_words(qtbot, window)
    messages: list[str] = []
    click_when_asked(qtbot, "OK", messages)
    with file_size_limit(len(before) // 2):
        assert not window.files.save()
    assert "larger than this system allows" in messages[0]
    assert path.read_bytes() == before
    assert window.isWindowModified()
    assert spans(window) == [("Ukraine", "actor")] or len(spans(window)) == 1
    # and once the disk has room again the same document saves
    assert window.files.save()
    assert not window.isWindowModified()
    assert len(open_document(path).document.annotations) == 1


def test_unchanged_document_is_not_rewritten(qtbot, tmp_path):
    path = saved_sample(tmp_path)
    stat = path.stat()
    window = opened_window(qtbot, path)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "No changes to save"
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == \
        (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    assert not backup_path(path).exists()


def test_window_saves_with_backup_by_default(qtbot, tmp_path):
    path = saved_sample(tmp_path, tags=0)
    before = path.read_bytes()
    window = opened_window(qtbot, path)
    tag_first_words(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    assert backup_path(path).read_bytes() == before


def change_on_disk(path: Path, tags: int) -> bytes:
    theirs = sample_document(tags)
    save_document(theirs, path.with_name("theirs.xml"), "Somebody else")
    data = path.with_name("theirs.xml").read_bytes()
    path.write_bytes(data)
    return data


def test_outside_change_to_an_unmodified_document_offers_reload(qtbot, tmp_path):
    path = saved_sample(tmp_path, tags=1)
    window = opened_window(qtbot, path)
    asked: list[str] = []
    click_when_asked(qtbot, "Reload", asked)
    change_on_disk(path, tags=3)
    qtbot.waitUntil(lambda: len(window.annotated.annotations) == 3, timeout=5000)
    assert "changed by another program" in asked[0]
    assert not window.isWindowModified()


def test_outside_change_is_never_overwritten_without_asking(qtbot, tmp_path):
    path = saved_sample(tmp_path, tags=1)
    window = opened_window(qtbot, path)
    tag_first_words(qtbot, window, length=3, key=Qt.Key.Key_2)
    asked: list[str] = []
    click_when_asked(qtbot, "Keep My Version", asked)
    theirs = change_on_disk(path, tags=3)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
    assert "unsaved changes" in asked[0]
    assert window.isWindowModified() and len(window.annotated.annotations) == 2

    # Save: asked again; Cancel leaves their file alone
    click_when_asked(qtbot, "Cancel", asked)
    assert not window.files.save()
    assert "changed by another program" in asked[1]
    assert path.read_bytes() == theirs and window.isWindowModified()

    # Save: Overwrite writes ours and keeps theirs as the backup
    click_when_asked(qtbot, "Overwrite", asked)
    assert window.files.save()
    assert backup_path(path).read_bytes() == theirs
    saved = etree.parse(str(path))
    assert len(saved.findall(".//tei:standOff//tei:annotation", TEI)) == 2
    assert not window.isWindowModified()


def test_own_saves_do_not_look_like_outside_changes(qtbot, tmp_path):
    path = saved_sample(tmp_path, tags=0)
    window = opened_window(qtbot, path)
    for length in (3, 7, 12):
        tag_first_words(qtbot, window, length=length)
        assert window.files.save()
    qtbot.wait(3 * tasks.LOOK_S * 1000 + 600)  # past the disk check's delay
    assert QApplication.activeModalWidget() is None
    assert window.session.digest == file_digest(path)


def test_lock_held_by_another_instance_warns(qtbot, tmp_path):
    path = saved_sample(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from annotator.locking import DocumentLock; "
         f"DocumentLock({str(path)!r}).acquire(); print('locked', flush=True); "
         "time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        window = make_window(qtbot)
        asked: list[str] = []
        click_when_asked(qtbot, "Cancel", asked)
        assert not window.files.open_path(path, ask=False)
        assert "already open in another Annotator" in asked[0]
        assert f"process {holder.pid}" in asked[0]
        assert window.annotated is None
        click_when_asked(qtbot, "Open Anyway", asked)
        assert window.files.open_path(path, ask=False)
        assert read_lock(path).is_this_process
    finally:
        holder.kill()
        holder.wait()


def test_stale_lock_is_taken_over_without_asking(qtbot, tmp_path):
    path = saved_sample(tmp_path)
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    lock_path(path).write_text(json.dumps({"user": "x", "host": socket.gethostname(),
                                           "pid": int(child.stdout), "since": 0}))
    window = opened_window(qtbot, path)
    assert read_lock(path).is_this_process
    window.close()
    assert not lock_path(path).exists()


def test_cancel_while_opening_a_100_mb_file_keeps_the_current_document(qtbot, tmp_path,
                                                                       monkeypatch):
    path = saved_sample(tmp_path)
    window = opened_window(qtbot, path)
    before = spans(window)
    big = tmp_path / "big.txt"
    paragraph = ("Deutschland bezahlt zwei Patriot-Systeme für die Ukraine. " * 20 + "\n\n")
    with big.open("w", encoding="utf-8") as handle:
        for _ in range(100 * 1024 * 1024 // len(paragraph.encode())):
            handle.write(paragraph)
    monkeypatch.setattr(tasks, "DIALOG_DELAY_S", 0.0)
    seen: list[str] = []

    def cancel_when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, tasks.TaskDialog):
            seen.append(dialog.labelText())
            button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
            button.click()
            return
        QTimer.singleShot(5, cancel_when_shown)

    QTimer.singleShot(0, cancel_when_shown)
    started = time.monotonic()
    assert not window.files.open_path(big, ask=False)
    assert time.monotonic() - started < 5
    assert seen and seen[0].startswith("Reading big.txt")
    assert window.statusBar().currentMessage() == "Opening big.txt cancelled"
    assert spans(window) == before and window.session.tei_path == path


def test_digest_of_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "doc.xml"
    os.mkfifo(fifo)
    with pytest.raises(ReadError):
        file_digest(fifo)
