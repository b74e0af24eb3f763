"""Lock files that warn when a document is already open elsewhere.

A lock is a small JSON file beside the document (``.NAME.annotator-lock``),
so it is seen by every Annotator that can reach the document, including on
another machine through a shared folder. It is advisory: it warns, it never
stops the user. A lock left by a crashed process on this machine is stale
(its process is gone) and is replaced without asking; a lock from another
machine cannot be checked, so the user sees its owner and age and decides.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from annotator.files import remove_quietly

LOCK_PREFIX = "."
LOCK_SUFFIX = ".annotator-lock"


@dataclass(frozen=True)
class LockOwner:
    user: str
    host: str
    pid: int
    since: float  # seconds since the epoch

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.since))
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
    """The owner recorded for ``document``, or None if unlocked (or the lock is unreadable)."""
    try:
        raw = json.loads(lock_path(document).read_text(encoding="utf-8"))
        return LockOwner(user=str(raw["user"]), host=str(raw["host"]), pid=int(raw["pid"]),
                         since=float(raw["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        # An unreadable lock protects nothing; a garbled one is treated as absent
        # rather than blocking the user with a message they cannot act on.
        return None


class DocumentLock:
    """This process's lock on one document; ``release`` removes it if still ours."""

    def __init__(self, document: str | os.PathLike[str]) -> None:
        self.document = Path(document)
        self.path = lock_path(document)
        self.owner = LockOwner(user=_user(), host=_host(), pid=os.getpid(), since=time.time())
        self.held = False

    def acquire(self) -> bool:
        """Write the lock (replacing any other); False when the folder is not writable.

        Callers check ``read_lock`` first and ask the user; this only records
        that we now hold the document.
        """
        data = json.dumps(asdict(self.owner)).encode("utf-8")
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self.path)
        except OSError:
            remove_quietly(tmp)
            return False
        self.held = True
        return True

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        current = read_lock(self.document)
        # Somebody who chose "Open anyway" after us now owns it: leave theirs alone.
        if current is not None and current != self.owner:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass


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
