"""Work done in a process of its own (training the tagger, learning word clusters):
crfsuite and numpy hold Python's global lock for long stretches, which would make the
window wait. One definition of how such a process is started, heard from and ended."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class ProcessEnded(Exception):
    """The process gave no result: it failed (the message says how), ended without
    one, or was stopped (``stopped`` is True)."""

    def __init__(self, message: str, stopped: bool = False) -> None:
        super().__init__(message)
        self.stopped = stopped


def _run_and_send(connection, work: Callable[..., Any], args: tuple) -> None:
    """What the process runs: ``work(*args)``, its result (or its error) sent back."""
    try:
        connection.send(("result", work(*args)))
    except BaseException as exc:  # reported by the parent, whatever it is
        connection.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


def result_in_process(work: Callable[..., Any], args: tuple, name: str,
                      cancelled: Callable[[], bool] | None = None) -> Any:
    """``work(*args)`` run in a new (spawned) process; its result, or ``ProcessEnded``.
    ``work`` must be a module's function (the new process imports it); ``cancelled``
    is asked every tenth of a second, and True ends the process."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_run_and_send, args=(sending, work, args), daemon=True,
                              name=name)
    process.start()
    sending.close()
    try:
        while not receiving.poll(0.1):
            if cancelled is not None and cancelled():
                raise ProcessEnded("stopped", stopped=True)
            if not process.is_alive() and not receiving.poll(0):
                raise ProcessEnded("ended without a result")
        kind, value = receiving.recv()
    except EOFError:
        raise ProcessEnded("ended without a result") from None
    finally:
        if process.is_alive():
            process.terminate()
        process.join(5)
        receiving.close()
    if kind != "result":
        raise ProcessEnded(f"failed: {value}")
    return value
