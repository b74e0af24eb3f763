"""Creating, replacing and removing files beside a document, in folders others may write.

A document often lives in a shared folder, where another user (or a careless
colleague's script) can put anything at any name. So everything Annotator writes
beside a document follows these rules:

* Its own files are created with ``O_CREAT | O_EXCL`` under names nobody can guess
  (``.NAME.annotator-PURPOSE-RANDOM.tmp``): a name somebody planted, a symbolic
  link above all, makes the creation fail instead of being written through.
* A name is only ever *replaced* by a rename, which never follows a link; nothing
  is opened for writing by a name another user could have planted.
* The document itself is replaced only when it is a regular file of the user's
  own that the user may write; a symbolic link to it is followed only when the
  user (or root) made the link.
* Temporary files of a save are held under ``flock`` while they exist, so those
  that can be locked were left by an Annotator that was killed: the next save
  of the document removes them (``remove_leftover_temporaries``).

Plain Python; ``annotator.files`` and ``annotator.locking`` use it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.errors import ProtectedFileError, WriteError

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted there, which is enough
    fcntl = None  # type: ignore[assignment]

TEMPORARY_PURPOSES = ("save", "backup", "lock")
_TEMPORARY_SUFFIX = ".tmp"
_RANDOM_HEX = 16
# Symbolic links followed one after another before giving up, as the kernel does.
_MAX_LINKS = 40
# How long a save waits for another Annotator's save of the same file to finish
# (that holds the lock only to compare and rename: a fraction of a second).
TARGET_LOCK_TIMEOUT_S = 30.0
_LOCK_EX = getattr(fcntl, "LOCK_EX", 0)
_LOCK_NB = getattr(fcntl, "LOCK_NB", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for messages."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _euid() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


def user_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"user {uid}"


def new_file_mode() -> int:
    """The permissions a new file gets (``0o666`` less the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def permissions_of(path: str | os.PathLike[str]) -> int | None:
    """The permission bits of the file at ``path`` (through links); None if there is none."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        return None


# -- what a save may replace --------------------------------------------------------------------
def followed_target(path: Path) -> Path:
    """The file that writing ``path`` changes: ``path`` itself, or the file its
    symbolic link (or chain of links) leads to. The links stay links.

    A link is followed only when it belongs to the user or to root: one that
    somebody else planted (in a shared folder, pointing at ``~/.bashrc``) is
    refused, as is a link to nothing or a loop. ``WriteError`` says why; nothing
    was written.
    """
    current = path
    for _ in range(_MAX_LINKS):
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            if current == path:
                return path  # a new file
            raise WriteError(f"is a symbolic link to {current}, which does not exist; "
                             "nothing was written", str(path)) from None
        except OSError as exc:
            raise WriteError(f"cannot be written: {exc.strerror or exc}", str(path)) from None
        if not stat.S_ISLNK(info.st_mode):
            return current
        me = _euid()
        if me is not None and info.st_uid not in (me, 0):
            raise ProtectedFileError(
                f"is a symbolic link made by {user_name(info.st_uid)}, not by you",
                "Annotator does not write where another user's link points (save under "
                "another name)", str(path))
        current = current.parent / os.readlink(current)
    raise WriteError("is a loop of symbolic links; nothing was written", str(path))


def refuse_unless_replaceable(path: Path, info: os.stat_result, shown: Path | None = None
                              ) -> None:
    """Raise ``ProtectedFileError`` unless the file ``info`` describes may be
    replaced by a rename: a regular file of the user's own that the user may write.

    Replacing by rename needs only the folder's permission, so without this check
    a save would replace a read-only file (0444) or another user's file (taking
    it over: the new file is the saver's). Root is held to the file's own
    permission bits too. ``shown`` is the name the user gave (a link, maybe).
    """
    where = str(shown or path)
    if stat.S_ISDIR(info.st_mode):
        raise ProtectedFileError("is a folder, not a file", "Annotator does not replace it",
                                 where)
    if not stat.S_ISREG(info.st_mode):
        raise ProtectedFileError(f"is {file_kind(info.st_mode)}, not a regular file",
                                 "Annotator does not replace it", where)
    me = _euid()
    if me is not None and info.st_uid != me:
        raise ProtectedFileError(
            f"belongs to {user_name(info.st_uid)}",
            "Annotator does not replace another user's file (save under another name)", where)
    if not info.st_mode & stat.S_IWUSR:
        raise ProtectedFileError(
            "is read-only", "Annotator does not replace a read-only file (save under another "
            "name, or make it writable first)", where)


# -- Annotator's own temporary files ------------------------------------------------------------
def temporary_name(document: Path, purpose: str) -> str:
    """A fresh random name for a temporary file of ``document`` (``TEMPORARY_PURPOSES``)."""
    assert purpose in TEMPORARY_PURPOSES
    return (f".{document.name}.annotator-{purpose}-{secrets.token_hex(_RANDOM_HEX // 2)}"
            f"{_TEMPORARY_SUFFIX}")


def _leftover_pattern(document: Path) -> re.Pattern[str]:
    purposes = "|".join(TEMPORARY_PURPOSES)
    return re.compile(rf"\.{re.escape(document.name)}\.annotator-(?:{purposes})-"
                      rf"[0-9a-f]{{{_RANDOM_HEX}}}{re.escape(_TEMPORARY_SUFFIX)}\Z")


def create_temporary(document: Path, purpose: str, mode: int = 0o600) -> tuple[int, Path]:
    """A new temporary file beside ``document`` for ``purpose``: (fd, path).

    Created exclusively under a random name (never through anything planted
    there), with exactly ``mode``, and locked (``flock``) while the fd is open,
    so that ``remove_leftover_temporaries`` can tell it from one left by a
    process that died. The caller closes the fd once the file is renamed away.
    """
    folder = document.parent
    while True:
        path = folder / temporary_name(document, purpose)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
                         | _BINARY, 0o600)
        except FileExistsError:
            continue  # 64 random bits taken already: somebody is guessing; draw again
        try:
            # Blocking: a cleaner that found it unlocked in the instant before holds
            # the lock only while it deletes it; then draw again.
            _flock(fd, _LOCK_EX)
            if os.fstat(fd).st_nlink == 0:
                os.close(fd)
                continue
            os.chmod(fd if os.chmod in os.supports_fd else path, mode)
        except BaseException:
            os.close(fd)
            remove_quietly(path)
            raise
        return fd, path


def keep_copy(document: Path, destination: Path) -> None:
    """Make ``destination`` hold ``document``'s current version, replacing whatever
    is at that name by a rename (a link planted there is replaced, never written
    through). A hard link where possible; else a copy with ``document``'s mode and
    times. Made under a random name of ``create_temporary``'s kind; ``OSError`` on
    failure, with nothing left behind.
    """
    while True:
        tmp = document.parent / temporary_name(document, "backup")
        try:
            os.link(document, tmp)  # (a regular file: the caller checked)
        except FileExistsError:
            continue
        except OSError:
            _copy_to(document, destination)
            return
        try:
            os.replace(tmp, destination)
        except BaseException:
            remove_quietly(tmp)
            raise
        return


def _copy_to(document: Path, destination: Path) -> None:
    source = os.open(document, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC | _BINARY)
    try:
        info = os.fstat(source)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        fd, tmp = create_temporary(document, "backup", info.st_mode & 0o777)
        try:
            while chunk := os.read(source, 1 << 20):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view):]
            os.fsync(fd)
            with contextlib.suppress(OSError):
                os.utime(fd if os.utime in os.supports_fd else tmp,
                         ns=(info.st_atime_ns, info.st_mtime_ns))
            os.replace(tmp, destination)
        except BaseException:
            remove_quietly(tmp)
            raise
        finally:
            os.close(fd)
    finally:
        os.close(source)


def remove_quietly(path: Path) -> None:
    """Delete a temporary file we made, if it is there; a failure changes nothing."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def remove_leftover_temporaries(document: Path) -> list[Path]:
    """Delete the temporary files of ``document`` that an Annotator killed in the
    middle of a save left behind (a 65 MB document leaves 65 MB); the removed paths.

    Only files that are unmistakably Annotator's own for this document are
    touched: the exact name pattern of ``create_temporary`` for this document's
    name, a regular file (never a link), owned by the user, and not locked by a
    live process (a save in progress, in this process or another, holds its
    temporary file's lock). Anything else is left alone; failures are ignored.
    """
    folder = document.parent
    pattern = _leftover_pattern(document)
    removed: list[Path] = []
    try:
        names = [entry.name for entry in os.scandir(folder) if pattern.match(entry.name)]
    except OSError:
        return removed
    for name in names:
        path = folder / name
        if _remove_if_abandoned(path):
            removed.append(path)
    return removed


def _remove_if_abandoned(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC | _BINARY)
    except OSError:  # a link (ELOOP), gone, unreadable: not ours to judge
        return False
    try:
        info = os.fstat(fd)
        me = _euid()
        if not stat.S_ISREG(info.st_mode) or (me is not None and info.st_uid != me):
            return False
        if fcntl is not None:
            try:
                fcntl.flock(fd, _LOCK_EX | _LOCK_NB)
            except OSError:  # a save in progress (or no locks here: then never)
                return False
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            return False  # replaced since it was opened
        os.unlink(path)
        return True
    except OSError:  # Windows: a file still open elsewhere cannot be deleted
        return False
    finally:
        os.close(fd)


def _flock(fd: int, operation: int) -> bool:
    """``flock``; False if another holds the lock (``LOCK_NB``). Where the file
    system has no locks (some network mounts), True: nothing can be held there,
    and saving must not fail for it."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, operation)
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
            return True
        raise
    return True


# -- one save at a time -------------------------------------------------------------------------
@contextlib.contextmanager
def locked_target(path: Path, timeout: float = TARGET_LOCK_TIMEOUT_S,
                  release: Callable[[int], object] = os.close) -> Iterator[int | None]:
    """Hold an exclusive ``flock`` on the file now at ``path`` while the caller
    compares it and renames over it; yields the locked fd (at offset 0), or None
    when there is no regular file there to lock (or no ``fcntl``).

    Every Annotator saving ``path`` takes this lock right before its rename, so
    of two saves of the same document only one compares and renames at a time,
    and the second then sees the first one's file. A rename replaces the file, so
    a lock taken on a file that is no longer at ``path`` is let go and taken again.
    ``release`` closes the fd at the end (a caller that renamed over the file may
    close it later: the lock is then on a file no longer at ``path``).
    """
    fd = _lock_current(path, time.monotonic() + timeout) if fcntl is not None else None
    try:
        yield fd
    finally:
        if fd is not None:
            release(fd)


def _lock_current(path: Path, deadline: float) -> int | None:
    while True:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC | _BINARY)
        except OSError:  # gone, a link, unreadable: the caller's checks decide
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                return None
            while not _flock(fd, _LOCK_EX | _LOCK_NB):
                if time.monotonic() > deadline:
                    raise WriteError("is being saved by another program that does not "
                                     "finish; nothing was written", str(path))
                time.sleep(0.01)
            held = os.fstat(fd)
            try:
                now = os.lstat(path)
            except FileNotFoundError:
                now = None
        except BaseException:
            os.close(fd)
            raise
        if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            return fd
        os.close(fd)  # replaced while we waited: lock the file that is there now


# -- writing through what is not a file ---------------------------------------------------------
def is_write_through(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` (followed through links) is a named pipe, a terminal or
    the null device: something written into, never replaced."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return stat.S_ISFIFO(info.st_mode) or _is_terminal_or_null(info)


def _is_terminal_or_null(info: os.stat_result) -> bool:
    """Decided before opening the device (opening some devices has effects): the
    null device, the controlling terminal, or a terminal that is already one of
    this process's standard streams."""
    if not stat.S_ISCHR(info.st_mode):
        return False
    known = [os.devnull, "/dev/tty"]
    for candidate in known:
        with contextlib.suppress(OSError):
            if os.stat(candidate).st_rdev == info.st_rdev:
                return True
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            stream = os.fstat(fd)
            if stat.S_ISCHR(stream.st_mode) and stream.st_rdev == info.st_rdev:
                return True
    return False


def write_through(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` into the named pipe, terminal or null device at ``path``.

    A pipe nobody reads is refused at once instead of waiting for a reader;
    a device is opened only if ``is_write_through`` said so beforehand, and is
    checked again once open. ``WriteError`` on any failure.
    """
    shown = str(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | _CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise WriteError("is a named pipe (FIFO) that nobody reads; nothing was written",
                             shown) from None
        raise WriteError(f"cannot be written: {exc.strerror or exc}", shown) from None
    try:
        info = os.fstat(fd)
        if not (stat.S_ISFIFO(info.st_mode) or _is_terminal_or_null(info)):
            raise WriteError(f"is {file_kind(info.st_mode)}, not a pipe, terminal or the "
                             "null device; nothing was written", shown)
        os.set_blocking(fd, True)  # a reader is there: let it take its time
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise WriteError(f"writing stopped: {exc.strerror or exc}", shown) from None
    finally:
        os.close(fd)


__all__ = ["create_temporary", "file_kind", "followed_target", "is_write_through",
           "keep_copy", "locked_target", "new_file_mode", "permissions_of",
           "refuse_unless_replaceable", "remove_leftover_temporaries", "remove_quietly",
           "temporary_name", "write_through"]
