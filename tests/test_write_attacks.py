"""Attacks on what Annotator writes: nothing but the document's own names is
ever written, nothing is replaced that is not the user's to replace, no save is lost.

Each test performs the attack for real: symbolic links, FIFOs and device nodes
planted in a shared folder, read-only files and files of another user, other
processes racing for the same document, and processes killed with SIGKILL. The
tests run as root, who may write anything, so where permissions matter a step runs
as 'nobody' (tests/as_nobody.py) or the planted things belong to nobody.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import queue
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from as_nobody import run_as_nobody
from gui_helpers import SAMPLE_TXT, make_window, shift_select
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.errors import ProtectedFileError
from annotator.files import (
    backup_path,
    file_digest,
    open_document,
    save_document,
    write_atomically,
)
from annotator.locking import DocumentLock, lock_path, read_lock
from annotator.model import AnnotatedDocument, Document, edits

ROOT = Path(__file__).resolve().parent.parent
NOBODY = 65534
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="plants files as another user")


# -- helpers --------------------------------------------------------------------------------
def sample_document(tags: int = 1) -> AnnotatedDocument:
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    doc = AnnotatedDocument.create(Document.from_paragraphs(text.split("\n\n")))
    tag(doc, [(0, 3, "actor"), (4, 11, "weapon"), (12, 19, "commitment")][:tags])
    return doc


def tag(doc: AnnotatedDocument, spans: list[tuple[int, int, str]]) -> None:
    if spans:
        edits.add(doc.annotations, spans, doc.annotator_for("Tester").id).apply(doc.annotations)


def saved_sample(folder: Path, name: str = "doc.xml", tags: int = 1) -> Path:
    path = folder / name
    save_document(sample_document(tags), path, "Tester")
    return path


@pytest.fixture
def share():
    """A folder everybody may write in, as a group's share often is (no sticky bit);
    outside pytest's folders, which only root may enter."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-share-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder)


class Bait:
    """A file of root's that no attack may change: its bytes, mode and owner."""

    def __init__(self, tmp_path: Path, name: str = "bashrc") -> None:
        home = tmp_path / "root-home"
        home.mkdir(exist_ok=True)
        home.chmod(0o755)
        self.path = home / name
        self.path.write_bytes(b"# root's own file\n")
        self.path.chmod(0o600)
        self.before = self.state()

    def state(self) -> tuple[bytes, int, int]:
        info = os.stat(self.path)
        return self.path.read_bytes(), stat.S_IMODE(info.st_mode), info.st_uid

    def assert_untouched(self) -> None:
        assert self.state() == self.before


def plant_link(at: Path, to: Path, owner: int = NOBODY) -> None:
    """A symbolic link at ``at`` made by another user."""
    at.symlink_to(to)
    os.lchown(at, owner, owner)


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def annotator(*args: str, cwd: Path | None = None, stdout=subprocess.PIPE,
              timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_NAME": "Test Analyst"}
    env.pop("ANNOTATOR_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "annotator.cli", *args], stdout=stdout,
                          stderr=subprocess.PIPE, timeout=timeout, cwd=cwd or ROOT, env=env)


def python(code: str, *args: str, **kwargs) -> subprocess.Popen:
    """A real second process running ``code`` (lines on stdin/stdout)."""
    return subprocess.Popen([sys.executable, "-c", code, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=ROOT, **kwargs)


# -- 1. -o PATH --force: devices, FIFOs and links are written through, never replaced
@pytest.mark.parametrize("kind", ["null", "zero", "disk"])
def test_export_force_never_replaces_a_device(tmp_path, kind):
    device = tmp_path / kind
    number = {"null": os.stat(os.devnull).st_rdev, "zero": os.makedev(1, 5),
              "disk": os.makedev(7, 200)}[kind]
    os.mknod(device, (stat.S_IFBLK if kind == "disk" else stat.S_IFCHR) | 0o666, number)
    before = os.lstat(device)
    result = annotator("export", str(SAMPLE_TXT), "-f", "csv", "-o", str(device), "--force")
    after = os.lstat(device)
    assert (after.st_mode, after.st_rdev, after.st_ino) == \
        (before.st_mode, before.st_rdev, before.st_ino)  # still the very device node
    if kind == "null":  # written into, as `> /dev/null` would
        assert result.returncode == 0, result.stderr
    else:  # anything but the null device or a terminal: refused before it is opened
        assert result.returncode == 1
        assert result.stderr.decode() == (f"{device}: is a device, not a regular file; "
                                          "Annotator does not replace it; nothing was written\n")
    assert temporaries(tmp_path) == []


def test_export_force_writes_into_a_fifo_somebody_reads(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: got.put(fifo.read_bytes()), daemon=True)
    reader.start()
    result = annotator("export", str(SAMPLE_TXT), "-f", "txt", "-o", str(fifo), "--force")
    assert result.returncode == 0, result.stderr
    assert got.get(timeout=30) == SAMPLE_TXT.read_bytes()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_export_into_a_fifo_nobody_reads_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = annotator("export", str(SAMPLE_TXT), "-f", "txt", "-o", str(fifo), "--force",
                       timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert result.stderr.decode() == (f"{fifo}: is a named pipe (FIFO) that nobody reads; "
                                      "nothing was written\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dash_and_links_to_standard_output_write_standard_output(tmp_path):
    result = annotator("import", str(SAMPLE_TXT), "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"<?xml") and b"</TEI>" in result.stdout
    assert list(tmp_path.iterdir()) == []  # no file called "-"
    # What /dev/stdout is: a link to the process's own standard output. (A link of our
    # own: run as root, the old code replaced the system's /dev/stdout.)
    stdout_link = tmp_path / "stdout"
    stdout_link.symlink_to("/proc/self/fd/1")
    result = annotator("export", str(SAMPLE_TXT), "-f", "txt", "-o", str(stdout_link),
                       "--force")
    assert result.returncode == 0, result.stderr
    assert result.stdout == SAMPLE_TXT.read_bytes()
    assert os.readlink(stdout_link) == "/proc/self/fd/1"
    # ... also when standard output is a file: written at its end, as `>>` asks
    log = tmp_path / "log.txt"
    log.write_bytes(b"before\n")
    with open(log, "ab") as appended:
        result = annotator("export", str(SAMPLE_TXT), "-f", "txt", "-o", str(stdout_link),
                           "--force", stdout=appended)
    assert result.returncode == 0, result.stderr
    assert log.read_bytes() == b"before\n" + SAMPLE_TXT.read_bytes()
    assert stdout_link.is_symlink()


def test_export_force_writes_the_file_the_users_own_link_names(tmp_path):
    real = tmp_path / "exports" / "table.csv"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "current.csv"
    link.symlink_to(Path("exports") / "table.csv")
    result = annotator("export", str(SAMPLE_TXT), "-f", "txt", "-o", str(link), "--force")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("exports") / "table.csv")
    assert real.read_bytes() == SAMPLE_TXT.read_bytes()
    assert temporaries(tmp_path) == [] and temporaries(real.parent) == []


def test_export_force_refuses_a_link_another_user_planted(share, tmp_path):
    bait = Bait(tmp_path)
    folder = share
    planted = folder / "out.csv"
    plant_link(planted, bait.path)
    result = annotator("export", str(SAMPLE_TXT), "-f", "txt", "-o", str(planted), "--force")
    assert result.returncode == 1
    assert result.stderr.decode() == (
        f"{planted}: is a symbolic link made by nobody, not by you; Annotator does not write "
        "where another user's link points (save under another name); nothing was written\n")
    bait.assert_untouched()
    assert planted.is_symlink() and os.readlink(planted) == str(bait.path)


def test_a_link_to_nothing_is_not_written_through(tmp_path):
    link = tmp_path / "out.xml"
    link.symlink_to(tmp_path / "elsewhere" / "new.xml")
    result = annotator("import", str(SAMPLE_TXT), "-o", str(link))
    assert result.returncode == 1
    assert result.stderr.decode() == f"{link}: already exists; use --force to overwrite it\n"
    result = annotator("import", str(SAMPLE_TXT), "-o", str(link), "--force")
    assert result.returncode == 1
    assert result.stderr.decode() == (f"{link}: is a symbolic link to "
                                      f"{tmp_path / 'elsewhere' / 'new.xml'}, which does not "
                                      "exist; nothing was written\n")
    assert link.is_symlink() and not (tmp_path / "elsewhere").exists()


# -- 2. the lock: created atomically, never through a planted link -----------------------------
CLAIMER = r'''
import sys, time
from pathlib import Path
from annotator.locking import DocumentLock
lock = DocumentLock(Path(sys.argv[1]))
print("READY", flush=True)
go = Path(sys.argv[2])
while not go.exists():
    pass
owner = lock.claim()
print("HELD" if lock.held and owner is None else f"SEEN {owner.pid if owner else None}",
      flush=True)
sys.stdin.readline()  # hold it until every claimer has answered
'''


def test_processes_claiming_a_lock_at_once_exactly_one_gets_it(tmp_path):
    doc = saved_sample(tmp_path)
    for round_ in range(3):
        go = tmp_path / f"go-{round_}"
        claimers = [python(CLAIMER, str(doc), str(go)) for _ in range(6)]
        try:
            assert all(p.stdout.readline().strip() == "READY" for p in claimers)
            go.touch()
            answers = [p.stdout.readline().strip() for p in claimers]
        finally:
            for p in claimers:
                p.stdin.close()
                p.wait(timeout=30)
        held = [p.pid for p, answer in zip(claimers, answers, strict=True) if answer == "HELD"]
        assert len(held) == 1, answers
        assert set(answers) - {"HELD"} == {f"SEEN {held[0]}"}, answers
        assert read_lock(doc).pid == held[0]
        lock_path(doc).unlink()  # its holder is gone: start the next round afresh
        assert temporaries(tmp_path) == []


WINDOW_OPENER = r'''
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from annotator.gui import dialogs
from annotator.gui.mainwindow import MainWindow
asked = []
def answer(parent, title, text, *args, **kwargs):
    asked.append(text)
    return kwargs.get("escape", 1)  # Cancel
dialogs.ask = answer
window = MainWindow()
window.show()
app.processEvents()
print("READY", flush=True)
go = Path(sys.argv[2])
while not go.exists():
    pass
opened = window.files.open_path(sys.argv[1], ask=False)
print(("OPENED" if opened else "NOT OPENED") + (" ASKED" if asked else ""), flush=True)
sys.stdin.readline()
'''


def test_two_windows_opening_a_file_at_once_one_opens_and_the_other_warns(tmp_path):
    doc = saved_sample(tmp_path)
    go = tmp_path / "go"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    windows = [python(WINDOW_OPENER, str(doc), str(go), env=env) for _ in range(2)]
    try:
        assert all(w.stdout.readline().strip() == "READY" for w in windows)
        go.touch()
        answers = sorted(w.stdout.readline().strip() for w in windows)
    finally:
        for w in windows:
            w.stdin.close()
            w.wait(timeout=60)
    assert answers == ["NOT OPENED ASKED", "OPENED"]


def test_opening_never_writes_through_links_planted_at_the_locks_names(qtbot, dialogs,
                                                                     share, tmp_path):
    bait = Bait(tmp_path)
    other_bait = Bait(tmp_path, "profile")
    folder = share
    doc = saved_sample(folder)
    lock = lock_path(doc)
    # Every name the old code used: its temporary file (predictable from the pid of
    # whoever opens the document) and the lock itself.
    old_temporary = lock.with_name(f"{lock.name}.{os.getpid()}.tmp")
    plant_link(old_temporary, bait.path)
    plant_link(lock, other_bait.path)
    window = make_window(qtbot)
    assert window.files.open_path(doc, ask=False)
    bait.assert_untouched()
    other_bait.assert_untouched()
    assert old_temporary.is_symlink()  # not ours: left alone
    assert stat.S_ISREG(os.lstat(lock).st_mode)  # the planted link was replaced, not followed
    assert read_lock(doc).is_this_process
    window.close()
    assert not os.path.lexists(lock)
    bait.assert_untouched()
    other_bait.assert_untouched()


def test_a_lock_the_user_may_not_read_is_not_taken_over(share):
    from annotator.errors import AnnotatorError

    doc = saved_sample(share)
    doc.chmod(0o600)  # root's private document, in a folder nobody may write in
    mine = DocumentLock(doc)
    assert mine.claim() is None and mine.held
    assert stat.S_IMODE(os.stat(mine.path).st_mode) == 0o600

    def claim() -> None:
        owner = DocumentLock(doc).claim()
        raise AnnotatorError(f"found {owner.describe() if owner else None}")

    message = run_as_nobody(claim)
    assert message.startswith("<input>: found root since "), message
    assert message.endswith("(their lock file cannot be read)")
    assert read_lock(doc).is_this_process  # still ours
    mine.release()


# -- 14. a lock that is a FIFO or leads to /dev/zero ---------------------------------------------
LOCK_READER = r'''
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from annotator.locking import DocumentLock, read_lock
print(read_lock(sys.argv[1]), flush=True)
lock = DocumentLock(sys.argv[1])
print(lock.claim(), lock.held, flush=True)
'''


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-urandom", "huge-file"])
def test_a_lock_that_is_no_lock_file_is_neither_waited_for_nor_read_whole(tmp_path, kind):
    doc = saved_sample(tmp_path)
    lock = lock_path(doc)
    if kind == "fifo":
        os.mkfifo(lock)
    elif kind == "huge-file":
        with open(lock, "wb") as handle:  # 2 GB of nothing (sparse)
            handle.truncate(2 << 30)
    else:
        lock.symlink_to(f"/dev/{kind.removeprefix('dev-')}")
    started = time.monotonic()
    reader = python(LOCK_READER, str(doc))
    try:
        out, _ = reader.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        reader.kill()
        reader.wait()
        pytest.fail("reading the lock hangs")
    assert reader.returncode == 0
    assert out.splitlines() == ["None", "None True"]
    assert time.monotonic() - started < 20
    assert stat.S_ISREG(os.lstat(lock).st_mode)  # replaced by a real lock
    if kind.startswith("dev-"):
        assert stat.S_ISCHR(os.stat(f"/dev/{kind.removeprefix('dev-')}").st_mode)


@pytest.mark.timeout(60)
def test_the_window_opens_a_document_whose_lock_is_a_fifo(qtbot, dialogs, tmp_path):
    doc = saved_sample(tmp_path)
    os.mkfifo(lock_path(doc))
    window = make_window(qtbot)
    started = time.monotonic()
    assert window.files.open_path(doc, ask=False)
    assert time.monotonic() - started < 10
    assert dialogs.errors == []
    assert read_lock(doc).is_this_process


# -- 3. the backup's temporary file ------------------------------------------------------------
def _plant_forever(at: Path, to: Path, ready: int) -> None:
    """As 'nobody': put the link back at ``at`` the moment it is gone, for 20 s."""
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    os.write(ready, b"x")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            os.symlink(to, at)


def test_the_backup_is_never_written_through_a_link_planted_at_its_temporary_name(share, tmp_path):
    bait = Bait(tmp_path)
    folder = share
    doc = saved_sample(folder)
    # The old code's temporary name for the backup, predictable from the saver's pid;
    # it removed what was there and then made a hard link, falling back to a copy
    # (shutil.copy2, which follows links) when the name was taken again in between.
    old_temporary = folder / f".{doc.name}.bak.{os.getpid()}.tmp"
    ready_read, ready_write = os.pipe()
    planter = os.fork()
    if planter == 0:
        try:
            _plant_forever(old_temporary, bait.path, ready_write)
        finally:
            os._exit(0)
    try:
        os.read(ready_read, 1)
        for round_ in range(300):
            write_atomically(doc, f"<version n='{round_}'/>".encode(), backup=True)
            bait.assert_untouched()
        assert backup_path(doc).read_bytes() == b"<version n='298'/>"
        assert backup_path(doc).stat().st_mode == doc.stat().st_mode
    finally:
        os.kill(planter, signal.SIGKILL)
        os.waitpid(planter, 0)
        os.close(ready_read)
        os.close(ready_write)
    bait.assert_untouched()
    assert [p.name for p in folder.iterdir() if p.name.startswith(f".{doc.name}")
            and ".annotator-" in p.name] == []


# -- 4. a document opened through a link ----------------------------------------------------------
def test_a_document_opened_through_a_link_is_saved_into_the_real_file(qtbot, dialogs, tmp_path):
    store = tmp_path / "store"
    desk = tmp_path / "desk"
    store.mkdir()
    desk.mkdir()
    real = saved_sample(store, "bericht.xml")
    first = real.read_bytes()
    link = desk / "current.xml"
    link.symlink_to(Path("..") / "store" / "bericht.xml")
    window = make_window(qtbot)
    assert window.files.open_path(link, ask=False)
    shift_select(qtbot, window, 20, 6)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.errors == [] and not window.isWindowModified()
    assert link.is_symlink() and os.readlink(link) == str(Path("..") / "store" / "bericht.xml")
    assert len(open_document(real).document.annotations) == 2
    # The backup is the real file's previous version, beside it; nothing beside the link.
    assert backup_path(real).read_bytes() == first and not backup_path(real).is_symlink()
    assert sorted(p.name for p in desk.iterdir()) == [".current.xml.annotator-lock",
                                                      "current.xml"]
    assert temporaries(store) == []
    assert window.session.digest == file_digest(link)


def test_saving_follows_a_chain_of_the_users_own_links(tmp_path):
    real = saved_sample(tmp_path, "real.xml")
    middle = tmp_path / "middle.xml"
    middle.symlink_to(real)
    link = tmp_path / "link.xml"
    link.symlink_to(middle)
    opened = open_document(link)
    tag(opened.document, [(20, 26, "weapon")])
    save_document(opened.document, link, "Tester", backup=True, expected_digest=opened.digest)
    assert link.is_symlink() and middle.is_symlink()
    assert len(open_document(real).document.annotations) == 2
    assert not os.path.lexists(backup_path(link)) and backup_path(real).is_file()


def test_a_link_another_user_made_is_not_followed_when_saving(share, tmp_path):
    real = saved_sample(tmp_path, "real.xml")
    before = real.read_bytes()
    folder = share
    link = folder / "doc.xml"
    plant_link(link, real)
    opened = open_document(link)
    tag(opened.document, [(20, 26, "weapon")])
    with pytest.raises(ProtectedFileError) as refused:
        save_document(opened.document, link, "Tester", backup=True,
                      expected_digest=opened.digest)
    assert "symbolic link made by nobody" in refused.value.message
    assert real.read_bytes() == before and link.is_symlink()
    assert sorted(p.name for p in folder.iterdir()) == ["doc.xml"]


# -- 5. read-only files and other users' files
def _file_state(path: Path) -> tuple:
    info = os.lstat(path)
    return path.read_bytes(), info.st_ino, info.st_mode, info.st_uid


def not_the_users_to_replace(folder: Path, whose: str) -> Path:
    """A saved document that is read-only, or nobody's."""
    path = saved_sample(folder)
    if whose == "read-only":
        path.chmod(0o444)
    else:
        os.chown(path, NOBODY, NOBODY)
    return path


@pytest.mark.parametrize("whose", ["read-only", "nobody's"])
def test_saving_never_replaces_a_read_only_or_another_users_file(tmp_path, whose):
    path = not_the_users_to_replace(tmp_path, whose)
    before = _file_state(path)
    opened = open_document(path)
    tag(opened.document, [(20, 26, "weapon")])
    revisions = list(opened.document.revisions)
    with pytest.raises(ProtectedFileError) as refused:
        save_document(opened.document, path, "Tester", backup=True,
                      expected_digest=opened.digest)
    expected = ("is read-only; Annotator does not replace a read-only file (save under another "
                "name, or make it writable first); nothing was written"
                if whose == "read-only" else
                "belongs to nobody; Annotator does not replace another user's file (save "
                "under another name); nothing was written")
    assert refused.value.message == expected and refused.value.path == str(path)
    assert _file_state(path) == before
    assert opened.document.revisions == revisions and len(opened.document.annotations) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.xml"]


def test_a_read_only_file_of_ones_own_is_not_replaced_as_an_ordinary_user(share):
    path = saved_sample(share)
    os.chown(path, NOBODY, NOBODY)
    path.chmod(0o444)
    before = _file_state(path)
    message = run_as_nobody(lambda: save_document(sample_document(2), path, "Tester"))
    assert message.startswith(f"{path}: is read-only;"), message
    assert _file_state(path) == before
    assert sorted(p.name for p in share.iterdir()) == ["doc.xml"]


def test_cli_refuses_to_replace_read_only_and_other_users_files(tmp_path):
    mine = tmp_path / "mine.txt"
    theirs = tmp_path / "theirs.txt"
    for path in (mine, theirs):
        path.write_text("keep me\n")
    mine.chmod(0o444)
    os.chown(theirs, NOBODY, NOBODY)
    for path, reason in ((mine, "is read-only; Annotator does not replace a read-only file"),
                         (theirs, "belongs to nobody; Annotator does not replace another "
                                  "user's file")):
        result = annotator("export", str(SAMPLE_TXT), "-f", "txt", "-o", str(path), "--force")
        assert result.returncode == 1
        assert result.stderr.decode().startswith(f"{path}: {reason}"), result.stderr
        assert result.stderr.decode().count("\n") == 1
        assert path.read_text() == "keep me\n"


@pytest.mark.parametrize("whose", ["read-only", "nobody's"])
def test_the_window_says_why_and_offers_save_as(qtbot, dialogs, tmp_path, whose):
    path = not_the_users_to_replace(tmp_path, whose)
    before = _file_state(path)
    window = make_window(qtbot)
    assert window.files.open_path(path, ask=False)
    shift_select(qtbot, window, 20, 6)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    copy = tmp_path / "my-copy.xml"
    dialogs.button = "Save As…"
    dialogs.save_path = str(copy)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(dialogs.errors) == 1
    reason = "is read-only" if whose == "read-only" else "belongs to nobody"
    assert dialogs.errors[0].startswith(f"“doc.xml” {reason}, so Annotator does not save "
                                        "over it.\n"), dialogs.errors
    assert "Save As…" in dialogs.errors[0]
    assert _file_state(path) == before
    assert window.session.tei_path == copy and not window.isWindowModified()
    assert len(open_document(copy).document.annotations) == 2
    # Cancel keeps the work, unsaved, and the file as it is
    assert window.files.open_path(path, ask=False)
    shift_select(qtbot, window, 30, 6)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    dialogs.button = "Cancel"
    assert not window.files.save()
    assert window.isWindowModified() and _file_state(path) == before
    assert window.statusBar().currentMessage() == "Not saved; doc.xml was left as it is"


# -- 6. two processes saving the same document at the same moment
SAVER = r'''
import sys
from pathlib import Path
from annotator.errors import ChangedOnDiskError
from annotator.files import open_document, save_document
from annotator.model import edits
from annotator.progress import Progress

path, who, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
opened = open_document(path)
doc = opened.document
edits.add(doc.annotations, [(start, start + 4, "actor")],
          doc.annotator_for(who).id).apply(doc.annotations)

class AtTheSameMoment(Progress):
    def commit(self):  # the new file is written, the rename is next: both go on together
        print("READY", flush=True)
        sys.stdin.readline()
        super().commit()

try:
    result = save_document(doc, path, who, expected_digest=opened.digest,
                           progress=AtTheSameMoment())
    print("SAVED", result.digest, flush=True)
except ChangedOnDiskError as refused:
    print("REFUSED", refused.message, len(doc.annotations), len(doc.revisions), flush=True)
'''


def large_document(folder: Path, megabytes: float) -> Path:
    paragraph = SAMPLE_TXT.read_text(encoding="utf-8").splitlines()[1]
    count = int(megabytes * 1024 * 1024 / len(paragraph.encode()))
    doc = AnnotatedDocument.create(Document.from_paragraphs([paragraph] * count))
    tag(doc, [(0, 3, "actor")])
    path = folder / "large.xml"
    save_document(doc, path, "Tester")
    return path


def test_two_processes_saving_one_document_at_once_exactly_one_wins(tmp_path):
    path = large_document(tmp_path, 5)
    first = path.read_bytes()
    savers = [python(SAVER, str(path), name, str(start))
              for name, start in (("Ana", 100), ("Ben", 200))]
    try:
        assert [s.stdout.readline().strip() for s in savers] == ["READY", "READY"]
        for saver in savers:  # both have written their new file: go
            saver.stdin.write("\n")
            saver.stdin.flush()
        answers = [s.stdout.readline().split(" ", 1) for s in savers]
    finally:
        for saver in savers:
            saver.stdin.close()
            saver.wait(timeout=60)
    outcomes = sorted(answer[0] for answer in answers)
    assert outcomes == ["REFUSED", "SAVED"], answers
    winner = next(answer[1].strip() for answer in answers if answer[0] == "SAVED")
    loser = next(answer[1] for answer in answers if answer[0] == "REFUSED")
    assert file_digest(path) == winner != hashlib.sha256(first).hexdigest()
    # Told, and the work is still there: both annotations, no revision for a save
    # that did not happen.
    assert loser.startswith("the file was changed on disk by another program")
    assert loser.split()[-2:] == ["2", "1"]
    assert temporaries(tmp_path) == []


# -- 9. kill -9 right after a completed save
SAVE_THEN_DIE = r'''
import os, signal, sys, time
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from annotator.gui import create_application, open_main_window

document = os.path.abspath(sys.argv[1])
rename = os.replace
def rename_then_die(source, target, *args, **kwargs):
    rename(source, target, *args, **kwargs)
    if os.path.abspath(target) == document:  # the save is complete on disk: die now
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = rename_then_die

app = create_application()
window = open_main_window(document)
deadline = time.monotonic() + 60
while window.annotated is None and time.monotonic() < deadline:  # opened in the background
    QTest.qWait(50)
# The keys are window shortcuts: they reach the active window only, and a progress box
# shown while opening on a busy machine takes the activation (the offscreen platform
# may drop the first request to give it back).
def make_active():
    for _ in range(400):
        if window.isActiveWindow():
            return
        window.activateWindow()
        QTest.qWait(50)
    print("FAILED the window never became active", flush=True)
    sys.exit(1)
make_active()
view = window.view
before = len(window.annotated.annotations)
cursor = QTextCursor(view.document())
cursor.setPosition(view.positions.to_qt(20))
view.setTextCursor(cursor)
for _ in range(6):
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
QTest.keyClick(view, Qt.Key.Key_3)
if len(window.annotated.annotations) != before + 1:
    print("FAILED the key made no annotation:", window.statusBar().currentMessage(), flush=True)
    sys.exit(1)
print("SAVING", flush=True)
make_active()
QTest.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
# A slow machine saves in the background, behind a progress box: give it time.
for _ in range(600):
    QTest.qWait(100)
print("FAILED still alive after the save", flush=True)
'''


def test_kill_9_right_after_a_save_is_not_taken_for_somebody_elses_change(qtbot, qapp,
                                                                          monkeypatch, tmp_path):
    from gui_helpers import started_application

    from annotator.gui import create_application, open_main_window
    from annotator.gui.recovery import recovery_folder

    doc = saved_sample(tmp_path)
    driver = tmp_path / "driver.py"
    driver.write_text(SAVE_THEN_DIE, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, str(driver), str(doc)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stdout + run.stderr[-3000:]
    assert run.stdout.splitlines() == ["SAVING"], run.stdout
    saved = open_document(doc).document
    assert [a.tag for a in saved.annotations] == ["actor", "commitment"]  # the save is complete

    with started_application(qapp, monkeypatch):
        create_application()
        seen: list[str] = []

        def look() -> None:
            box = QApplication.activeModalWidget()
            if box is not None:
                seen.append(f"{box.windowTitle()}: {getattr(box, 'text', lambda: '')()}")
                box.reject()

        watcher = QTimer()
        watcher.timeout.connect(look)
        watcher.start(20)
        window = open_main_window(str(doc))
        qtbot.wait(300)
        watcher.stop()
        assert seen == []  # neither "restore unsaved work" nor "changed by another program"
        assert list(recovery_folder().glob("*.jsonl")) == []  # the journal knew: clean
        assert [a.tag for a in window.annotated.annotations] == ["actor", "commitment"]
        assert not window.isWindowModified()


# -- 16. what a killed save leaves; the permissions of locks and exports
KILLED_MID_SAVE = r'''
import os, sys, time
from annotator.files import write_atomically
def stop_here(fd):  # the new file is written; the rename has not happened
    print("WRITTEN", flush=True)
    time.sleep(600)
os.fsync = stop_here
write_atomically(sys.argv[1], b"<half-saved/>" * 100_000, backup=True)
'''


def kill_in_the_middle_of_a_save(doc: Path) -> None:
    saver = python(KILLED_MID_SAVE, str(doc))
    try:
        assert saver.stdout.readline().strip() == "WRITTEN"
    finally:
        saver.kill()
        saver.wait()


def test_a_killed_saves_temporary_file_is_removed_by_the_next_save_and_nothing_else(share,
                                                                                   tmp_path):
    bait = Bait(tmp_path)
    folder = share
    doc = saved_sample(folder)
    kill_in_the_middle_of_a_save(doc)
    left = [p for p in folder.iterdir() if p.name not in ("doc.xml",)]
    assert len(left) == 1 and left[0].stat().st_size == 1_300_000  # 1.3 MB left behind

    # Things that only look like it, or are not ours to remove:
    def name(document: str = "doc.xml") -> str:
        return f".{document}.annotator-save-{secrets.token_hex(8)}.tmp"

    decoys = {
        "a link": folder / name(),
        "nobody's": folder / name(),
        "a live save's": folder / name(),
        "another document's": folder / name("other.xml"),
        "another program's": folder / ".doc.xml.k2j4h5g6.tmp",
        "without the dot": folder / name()[1:],
        "a folder": folder / name(),
    }
    decoys["a link"].symlink_to(bait.path)
    for key in ("nobody's", "a live save's", "another document's", "another program's",
                "without the dot"):
        decoys[key].write_bytes(b"not yours")
    os.chown(decoys["nobody's"], NOBODY, NOBODY)
    decoys["a folder"].mkdir()
    live = os.open(decoys["a live save's"], os.O_RDONLY)
    fcntl.flock(live, fcntl.LOCK_EX)
    try:
        opened = open_document(doc)
        tag(opened.document, [(20, 26, "weapon")])
        save_document(opened.document, doc, "Tester", backup=True)
    finally:
        os.close(live)
    assert not left[0].exists()
    for what, path in decoys.items():
        assert os.path.lexists(path), what
    bait.assert_untouched()


def test_opening_a_document_removes_what_a_killed_save_of_it_left(qtbot, dialogs, tmp_path):
    doc = saved_sample(tmp_path)
    kill_in_the_middle_of_a_save(doc)
    assert len(temporaries(tmp_path)) == 1
    window = make_window(qtbot)
    assert window.files.open_path(doc, ask=False)
    assert temporaries(tmp_path) == []


def test_locks_exports_and_copies_of_a_private_document_are_private(qtbot, dialogs, tmp_path):
    previous = os.umask(0o022)
    try:
        doc = saved_sample(tmp_path)
        doc.chmod(0o600)
        window = make_window(qtbot)
        assert window.files.open_path(doc, ask=False)
        assert stat.S_IMODE(os.stat(lock_path(doc)).st_mode) == 0o600
        dialogs.save_path = str(tmp_path / "table.csv")
        window.files.export("csv")
        assert stat.S_IMODE(os.stat(tmp_path / "table.csv").st_mode) == 0o600
        result = annotator("export", str(doc), "-f", "jsonl", "-o", str(tmp_path / "t.jsonl"))
        assert result.returncode == 0, result.stderr
        assert stat.S_IMODE(os.stat(tmp_path / "t.jsonl").st_mode) == 0o600
        text = tmp_path / "private.txt"
        shutil.copy(SAMPLE_TXT, text)
        text.chmod(0o640)
        result = annotator("import", str(text), "-o", str(tmp_path / "private.xml"))
        assert result.returncode == 0, result.stderr
        assert stat.S_IMODE(os.stat(tmp_path / "private.xml").st_mode) == 0o640
        # Save As: the copy is as private as the document it came from
        shift_select(qtbot, window, 20, 6)
        qtbot.keyClick(window.view, Qt.Key.Key_2)
        dialogs.save_path = str(tmp_path / "copy.xml")
        assert window.files.save_as()
        assert stat.S_IMODE(os.stat(tmp_path / "copy.xml").st_mode) == 0o600
        assert stat.S_IMODE(os.stat(lock_path(tmp_path / "copy.xml")).st_mode) == 0o600
    finally:
        os.umask(previous)


def test_a_shared_documents_lock_can_be_read_by_those_who_share_it(tmp_path):
    doc = saved_sample(tmp_path)
    doc.chmod(0o664)
    lock = DocumentLock(doc)
    assert lock.claim() is None and lock.held
    assert stat.S_IMODE(os.stat(lock.path).st_mode) == 0o664
    assert json.loads(lock.path.read_text())["pid"] == os.getpid()
    lock.release()
    assert not lock.path.exists()

