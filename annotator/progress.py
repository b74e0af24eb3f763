"""Progress reports and cancellation for long file work, shared by the GUI and the CLI.

File work (open, save, export) runs on a worker thread while the window stays
responsive. The worker reports phases through a ``Progress`` and asks it
whether to go on; the window's Cancel button sets the flag.

Cancelling a save must never leave the user unsure whether the file was
written, so the one irreversible step (renaming the new file over the old)
is guarded: ``commit()`` and ``cancel()`` take the same lock, and whichever
comes first wins.
"""

from __future__ import annotations

import threading

from annotator.errors import AnnotatorError


class Cancelled(AnnotatorError):
    """The user cancelled; nothing was changed."""

    def __init__(self, what: str = "Cancelled") -> None:
        super().__init__(what)


class Progress:
    """A thread-safe progress report with a cancel flag.

    The worker reports (label, fraction), fraction ``None`` meaning "busy, no
    estimate"; the GUI reads ``snapshot`` when it looks, so the worker never calls
    into Qt (``gui.tasks`` only posts a queued call to wake the GUI thread at the end).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._committed = False
        self._label = ""
        self._fraction: float | None = None

    def step(self, label: str, fraction: float | None = None) -> None:
        """Report a new phase (or progress within one); raise ``Cancelled`` if asked to stop."""
        with self._lock:
            self._label = label
            self._fraction = fraction
            cancelled = self._cancelled
        if cancelled:
            raise Cancelled()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user asked to stop."""
        with self._lock:
            if self._cancelled:
                raise Cancelled()

    def cancel(self) -> bool:
        """Ask the worker to stop; False if it has already committed its result."""
        with self._lock:
            if self._committed:
                return False
            self._cancelled = True
            return True

    def commit(self) -> None:
        """Mark the point of no return; raise ``Cancelled`` if cancel came first."""
        with self._lock:
            if self._cancelled:
                raise Cancelled()
            self._committed = True

    @property
    def cancelled(self) -> bool:
        with self._lock:
            return self._cancelled

    @property
    def committed(self) -> bool:
        with self._lock:
            return self._committed

    def snapshot(self) -> tuple[str, float | None]:
        with self._lock:
            return self._label, self._fraction


__all__ = ["Cancelled", "Progress"]
