"""Lock files that warn when a document is already open elsewhere.

A lock is a small JSON file beside the document (``.NAME.annotator-lock``),
so it is seen by every Annotator that can reach the document, including on
another machine through a shared folder. It is advisory: it warns, it never
stops the user. A lock left by a crashed process on this machine is stale
(its process is gone) and is replaced without asking; a lock from another
machine cannot be checked, so the user sees its owner and age and decides.

The folder may be shared with people who plant things at guessable names, so
a lock is written complete under a random name created exclusively and then
hard-linked to its own name (``link`` fails if anything is there, and never
follows a link): of several Annotators claiming a document at once exactly one
gets it. Locks are read without following links, without blocking (a FIFO
planted there) and only up to a few kilobytes (a link to ``/dev/zero``).
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
import stat
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from annotator.safe_files import (
    create_temporary,
    new_file_mode,
    permissions_of,
    remove_leftover_temporaries,
    remove_quietly,
    temporary_name,
    user_name,
)

LOCK_PREFIX = "."
LOCK_SUFFIX = ".annotator-lock"
# A lock holds a user and host name, a pid and a time: far less than this.
MAX_LOCK_BYTES = 4096
UNKNOWN_HOST = ""  # of a lock that cannot be read (never stale: it cannot be checked)
_READ_FLAGS = (os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


@dataclass(frozen=True)
class LockOwner:
    user: str
    host: str
    pid: int
    since: float  # seconds since the epoch

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.since))
        if self.host == UNKNOWN_HOST:
            return f"{self.user} since {when} (their lock file cannot be read)"
        return f"{self.user} on {self.host} (process {self.pid}) since {when}"

    @property
    def is_this_process(self) -> bool:
        return self.host == _host() and self.pid == os.getpid()

    @property
    def is_stale(self) -> bool:
        """True when the owner is known to be gone: a dead process on this machine."""
        if self.host != _host():
            return False
        return not _process_alive(self.pid)


def lock_path(document: str | os.PathLike[str]) -> Path:
    p = Path(document)
    return p.with_name(f"{LOCK_PREFIX}{p.name}{LOCK_SUFFIX}")


def read_lock(document: str | os.PathLike[str]) -> LockOwner | None:
    """The owner recorded for ``document``, or None if unlocked (or the lock is garbage)."""
    return _read_owner(lock_path(document))[0]


def _read_owner(path: Path) -> tuple[LockOwner | None, os.stat_result | None]:
    """The owner in the lock file at ``path`` and the file's identity; (None, None)
    when there is nothing there. Never follows a link, never waits on a FIFO,
    never reads more than ``MAX_LOCK_BYTES``: anything else there gives no owner
    (with its identity, so that it can be replaced). A lock the user may not read
    (another user's private document) counts as held by that user."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None, None
    except OSError as exc:  # a link (ELOOP), unreadable, a socket...
        try:
            info = os.lstat(path)
        except OSError:
            return None, None
        if isinstance(exc, PermissionError) and stat.S_ISREG(info.st_mode):
            return LockOwner(user_name(info.st_uid), UNKNOWN_HOST, 0, info.st_mtime), info
        return None, info
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, info
        data = os.read(fd, MAX_LOCK_BYTES + 1)
    except OSError:
        return None, None
    finally:
        os.close(fd)
    if len(data) > MAX_LOCK_BYTES:
        return None, info
    try:
        raw = json.loads(data.decode("utf-8"))
        return LockOwner(user=str(raw["user"]), host=str(raw["host"]), pid=int(raw["pid"]),
                         since=float(raw["since"])), info
    except (ValueError, KeyError, TypeError, AttributeError):
        # An unreadable lock protects nothing; a garbled one is treated as absent
        # rather than blocking the user with a message they cannot act on.
        return None, info


class DocumentLock:
    """This process's lock on one document; ``release`` removes it if still ours."""

    def __init__(self, document: str | os.PathLike[str],
                 like: str | os.PathLike[str] | None = None) -> None:
        self.document = Path(document)
        # The file a document not written yet (Save As) comes from: its permissions.
        self.like = like
        self.path = lock_path(document)
        self.owner = LockOwner(user=_user(), host=_host(), pid=os.getpid(), since=time.time())
        self.held = False
        self._identity: tuple[int, int] | None = None  # (st_dev, st_ino) of our lock file

    def claim(self) -> LockOwner | None:
        """Take the lock unless a live Annotator holds it; the owner found if one does.

        None means the lock is ours now (``held``), or the folder cannot hold one
        (a read-only folder: then it cannot be saved to either). A stale lock (its
        process on this machine is gone) and anything at the lock's name that is
        not a readable lock (garbage, a FIFO, a link) is replaced. Atomic: of
        several processes claiming at once, exactly one gets None with ``held``.
        """
        for _ in range(10):
            if self._link_new():
                return None
            owner, found = _read_owner(self.path)
            if found is None:
                continue  # gone meanwhile: try again
            if owner is not None and not owner.is_stale:
                return owner
            if stat.S_ISDIR(found.st_mode) or not self._remove_if_same(found):
                return None
        return None

    def acquire(self) -> bool:
        """Hold the lock, replacing any other (the user chose to open anyway, or the
        lock was this process's own); False when the folder is not writable."""
        if self._link_new():
            return True
        try:
            fd, tmp = self._written_temporary()
        except OSError:
            return False
        try:
            os.replace(tmp, self.path)  # (a rename replaces whatever is there, following nothing)
            self._identity = _identity(os.fstat(fd))
        except OSError:
            remove_quietly(tmp)
            return False
        finally:
            os.close(fd)
        self._now_held()
        return True

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        # Somebody who chose "Open anyway" after us now owns it: leave theirs alone.
        with contextlib.suppress(OSError):
            if _identity(os.lstat(self.path)) == self._identity:
                os.unlink(self.path)

    def _written_temporary(self) -> tuple[int, Path]:
        """Our lock's content in a new temporary file beside the document, with the
        document's permissions (a private document gets a private lock)."""
        fd, tmp = create_temporary(self.document, "lock", self._mode())
        try:
            data = json.dumps(asdict(self.owner)).encode("utf-8")
            if os.write(fd, data) != len(data):
                raise OSError(errno.EIO, "short write")
        except BaseException:
            os.close(fd)
            remove_quietly(tmp)
            raise
        return fd, tmp

    def _link_new(self) -> bool:
        """Make our lock appear complete at its name if nothing is there; True if it did."""
        try:
            fd, tmp = self._written_temporary()
        except OSError:
            return False
        try:
            os.link(tmp, self.path)
            self._identity = _identity(os.fstat(fd))
        except FileExistsError:
            return False
        except OSError:
            # No hard links here (some network and FAT file systems): create the lock
            # itself exclusively. Another Annotator may then, for an instant, read it
            # empty; see docs/reliability.md.
            return self._create_in_place()
        finally:
            os.close(fd)
            remove_quietly(tmp)
        self._now_held()
        return True

    def _create_in_place(self) -> bool:
        flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_CLOEXEC", 0))
        try:
            fd = os.open(self.path, flags, self._mode())
        except OSError:
            return False
        try:
            os.write(fd, json.dumps(asdict(self.owner)).encode("utf-8"))
            self._identity = _identity(os.fstat(fd))
        finally:
            os.close(fd)
        self._now_held()
        return True

    def _mode(self) -> int:
        """The document's permissions (``rw`` at most): whoever may read the document
        sees who holds it, nobody else. A document not written yet will get those
        of the file it comes from (``like``), as far as the umask lets new files."""
        mode = permissions_of(self.document)
        if mode is None:
            mode = new_file_mode() & ((permissions_of(self.like) or 0o777)
                                      if self.like is not None else 0o777)
        return mode & 0o666

    def _now_held(self) -> None:
        self.held = True
        # Holding the document, tidy what a killed save of it left behind.
        remove_leftover_temporaries(self.document)

    def _remove_if_same(self, found: os.stat_result) -> bool:
        """Remove what is at the lock's name if it is still ``found`` (a stale lock,
        or something that is no lock); False if that cannot be done.

        Moved aside under a random name first: a rename is atomic, so if another
        Annotator replaced it meanwhile, we see that on the moved file and put
        theirs back instead of deleting it.
        """
        # (A name of Annotator's temporary files: should we be killed right here, the
        # next save of the document removes it.)
        aside = self.document.with_name(temporary_name(self.document, "lock"))
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return True  # somebody else removed it: try again
        except OSError:
            return False
        try:
            moved = os.lstat(aside)
        except OSError:
            return False
        if _identity(moved) == _identity(found):
            remove_quietly(aside)
            return True
        if stat.S_ISREG(moved.st_mode):  # (a fresh lock is: put theirs back in place)
            with contextlib.suppress(OSError):
                os.link(aside, self.path)
        remove_quietly(aside)
        return True


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown user"


def _host() -> str:
    return socket.gethostname() or "localhost"


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill would terminate it there; assume alive
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    except OSError:
        return False
    return True


__all__ = ["DocumentLock", "LockOwner", "lock_path", "read_lock"]
