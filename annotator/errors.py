"""Errors the application reports to the user.

Every failure that bad input can cause is raised as an ``AnnotatorError``
carrying a message a person can act on, and where known the file and line.
The CLI prints them as ``file:line: message``; the GUI shows them in a dialog
or the status bar. Nothing else should reach the user as a traceback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from annotator.filenames import displayable, shown_path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located as precisely as we know."""

    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        """``file:line: message`` on one line, whatever the file's name holds."""
        where = shown_path(self.path) if self.path else "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {displayable(self.message)}"


MAX_MESSAGE_CHARS = 400
_LONG_NUMBER = re.compile(r"[0-9]{30,}")
_LONG_WORD = re.compile(r"[^\s]{80,}")


def shortened(problem: Problem) -> Problem:
    """The problem with its message cut to ``MAX_MESSAGE_CHARS``: messages quote
    attribute values, and a multi-megabyte one would freeze the error dialog for minutes.

    A long number keeps its first digit and says how many follow
    (``#string-range(p2,25,1…(5,001 digits),0,1)``), so a quoted pointer keeps its
    meaningful head and its shape; then each long word keeps its head and tail; then,
    if need be, the middle of the message goes.
    """
    text = problem.message
    if len(text) <= MAX_MESSAGE_CHARS:
        return problem
    text = _LONG_NUMBER.sub(lambda m: f"{m[0][0]}…({len(m[0]):,} digits)", text)
    text = _LONG_WORD.sub(lambda m: f"{m[0][:40]}…({len(m[0]) - 60:,} more)…{m[0][-20:]}",
                          text)
    if len(text) > MAX_MESSAGE_CHARS:
        head, tail = text[:MAX_MESSAGE_CHARS - 160], text[-120:]
        text = f"{head} … ({len(text) - len(head) - len(tail):,} characters left out) … {tail}"
    return Problem(text, problem.path, problem.line)


class AnnotatorError(Exception):
    """Base of all errors with a user-facing message."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.problems: list[Problem] = problems or [Problem(message, path, line)]

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ReadError(AnnotatorError):
    """A file could not be read or understood."""


class ValidationError(AnnotatorError):
    """A document does not conform to the schema; ``problems`` lists why."""


class WriteError(AnnotatorError):
    """A file could not be written; the previous file, if any, is untouched."""


class ChangedOnDiskError(WriteError):
    """The file on disk is no longer the one that was opened or last saved.

    Saving would overwrite somebody else's changes, so nothing was written;
    the caller asks the user whether to overwrite, save elsewhere, or cancel.
    """


class ProtectedFileError(WriteError):
    """The file is not the user's to replace: read-only, another user's, reached
    through another user's link, or not a regular file. Nothing was written;
    saving under another name is the way out.
    """

    def __init__(self, reason: str, advice: str, path: str | None = None) -> None:
        super().__init__(f"{reason}; {advice}; nothing was written", path)
        self.reason = reason  # "is read-only", "belongs to ana"...


class AnnotationError(AnnotatorError):
    """An annotation edit was refused (duplicate, out of range, unknown tag)."""


def is_out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` says the memory ran out: Python's ``MemoryError``, a thread
    that could not get the memory for its stack, or libxml2's allocation failure as
    lxml reports it (the readers turn the parser's own into ``MemoryError``)."""
    if isinstance(error, MemoryError):
        return True
    text = str(error).lower()
    if isinstance(error, RuntimeError) and "can't start new thread" in text:
        return True
    return type(error).__module__.startswith("lxml") and "memory allocation failed" in text


def out_of_memory(path: str | None, doing: str = "read it") -> Problem:
    """The one line said when the memory ran out while working on ``path``."""
    size = ""
    if path:
        try:
            size = f" ({os.stat(path).st_size / 2**20:,.1f} MB)"
        except (OSError, ValueError):
            pass
    return Problem(f"not enough memory to {doing}{size}; close other programs (or use a "
                   "computer with more memory) and try again", path)
