"""Memory housekeeping around large documents: when Python's cyclic garbage collector
may run on its own, which objects it leaves alone, and giving freed memory back to the
system. The one place that says.

Two things switch its automatic passes off, each counted, and they come back on
only when neither holds (and only if they were on before):

* ``paused()``: while a document's objects are built. Building 100,000
  annotations allocates enough to set off the collector's full passes, each of
  which walks every object of the program, all the new ones included: a third of
  the build time (docs/performance.md) for nothing, since none of them is garbage.
  Reference counting still frees everything freed.
* ``gui_thread_collects()``: while the window exists, whose GUI thread then runs
  the collector itself (``annotator.gui.tasks``). An automatic pass runs on
  whichever thread happens to allocate, which for Annotator is mostly a file
  worker; a pass there deletes the Qt objects it finds in garbage cycles (a
  closed window, a timer, a task's event loop) on that thread, which Qt does not
  allow: a timer stopped from another thread, a widget deleted under the GUI
  thread's feet, and the GUI thread crashed while the worker was still collecting.

Two more things the readers do once a document is built:

* ``keep_out_of_passes()``: the objects of a large document live as long as the
  document, so the collector's passes need not walk them again and again (right
  after the collector is back on, and at some keystroke later); reference counting
  still frees them when the document goes.
* ``release_freed_memory()``: libxml2 allocates a tree as millions of small blocks;
  freed, they stay in malloc's heaps and in the resident size unless glibc's
  ``malloc_trim`` hands them back.

Knows nothing of Qt: the readers use these in the command-line tool too.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import sys
import threading
from collections.abc import Callable, Iterator

from annotator.threads import in_background

_LOCK = threading.Lock()
_pauses = 0  # documents being built
_gui_holds = 0  # windows whose GUI thread runs the collector
_switched_off = False  # by this module (and so to be switched on again)
_was_enabled = False  # before this module switched it off


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cyclic garbage collection while a document's objects are built (counted,
    so that two documents read at once restore the collector once)."""
    global _pauses
    with _LOCK:
        _pauses += 1
        _apply()
    try:
        yield
    finally:
        with _LOCK:
            _pauses -= 1
            _apply()


def is_paused() -> bool:
    """True while a document's objects are built: not the time for a pass."""
    return _pauses > 0


def gui_thread_collects() -> None:
    """From now until the matching ``gui_thread_done``, no automatic pass: the GUI
    thread collects (``annotator.gui.tasks.collect_on_gui_thread``)."""
    global _gui_holds
    with _LOCK:
        _gui_holds += 1
        _apply()


def gui_thread_done() -> None:
    global _gui_holds
    with _LOCK:
        _gui_holds -= 1
        _apply()


def _apply() -> None:
    """Switch the automatic passes off while anything holds them, back on after."""
    global _switched_off, _was_enabled
    held = _pauses > 0 or _gui_holds > 0
    if held and not _switched_off:
        _was_enabled = gc.isenabled()
        _switched_off = True
        gc.disable()
    elif not held and _switched_off:
        _switched_off = False
        if _was_enabled:
            gc.enable()


# From this many annotations on, a document's objects are kept out of the passes
# (``keep_out_of_passes``): anything frozen is never searched for garbage cycles
# again, and small documents cost little to walk.
FREEZE_FROM = 20_000


def keep_out_of_passes(annotations: int) -> None:
    """Keep every object alive now out of the collector's future passes, if the
    document just built has ``FREEZE_FROM`` annotations or more (``gc.freeze``)."""
    if annotations >= FREEZE_FROM:
        gc.freeze()


def release_freed_memory() -> None:
    """Return freed memory (a parsed tree's) to the operating system (glibc only).

    ``malloc_trim`` takes a noticeable while (docs/performance.md), so it runs in a
    thread of its own (ctypes releases the GIL) while the caller goes on to show the
    document.
    """
    trim = _malloc_trim()
    if trim is not None:
        in_background(lambda: trim(0))


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (e.g. musl has no malloc_trim)
        return None


__all__ = ["FREEZE_FROM", "gui_thread_collects", "gui_thread_done", "is_paused",
           "keep_out_of_passes", "paused", "release_freed_memory"]
