"""Work on another thread that cannot hang the caller when memory runs out.

``threading.Thread.start()`` (and so ``ThreadPoolExecutor.submit``) waits until the
new thread has begun; if the new thread cannot even begin (no memory left for its
first Python frame), it dies with "Exception ignored in thread started by" and
``start()`` waits forever: ``annotator export`` hung that way under a memory limit
instead of saying that the memory ran out. These start threads with
``_thread.start_new_thread``, which does not wait, and never wait on a thread that
has not begun: its work is then done on the caller's thread.
"""

from __future__ import annotations

import _thread
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

# How long a thread may take to begin before the caller does its work itself (a
# thread that begins later does the same work for nothing; both give the same result).
BEGIN_SECONDS = 2.0


def in_background(work: Callable[[], object]) -> bool:
    """Run ``work`` on a thread of its own if one can be started (True); nobody waits
    for it."""
    try:
        _thread.start_new_thread(work, ())
    except RuntimeError:  # "can't start new thread": it was only worth doing beside
        return False
    return True


class Meanwhile(Generic[T]):
    """``work`` started on another thread; ``result()`` waits for it (and raises what
    it raised), or does the work itself if the thread never began."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        # [begun, result, error]: set by the thread without allocating anything new.
        self._state: list = [False, None, None]
        self._done = _thread.allocate_lock()
        self._done.acquire()
        self._started = time.monotonic()
        try:
            _thread.start_new_thread(self._run, ())
        except RuntimeError:
            self._done = None  # no thread: result() does the work

    def _run(self) -> None:
        state = self._state
        state[0] = True
        try:
            state[1] = self._work()
        except BaseException as error:  # handed to result()
            state[2] = error
        finally:
            self._done.release()  # type: ignore[union-attr]

    def result(self) -> T:
        done, state = self._done, self._state
        if done is not None:
            while not done.acquire(timeout=0.05):
                if not state[0] and time.monotonic() - self._started > BEGIN_SECONDS:
                    break  # it never began (or not yet): do not wait on it
            else:
                done.release()  # (so that result() may be asked again)
                if state[2] is not None:
                    raise state[2]
                return state[1]
        return self._work()
