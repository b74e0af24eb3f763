"""File names as people can read them.

A file name is whatever bytes the operating system gives: on Linux not
necessarily UTF-8. Python keeps a byte that is not as a lone surrogate
(``os.fsdecode``: ``b"\\xff"`` is ``"\\udcff"``), so the name still opens,
saves and round-trips exactly; only where it is *shown* (a message, the
window title, a dialog, a file's contents such as a CSV column) must it
become text that can be encoded: such a byte is shown as U+FFFD (�).

A name may also hold a line break or another control character: on a line of
``file:line: message`` output it is escaped (``\\n``), so that one problem stays
one line and a name cannot forge another line or send terminal escapes.
"""

from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls, DEL and C1 controls: never shown raw on a line of output.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def displayable(text: str) -> str:
    """``text`` with every lone surrogate (a byte of a name that is not UTF-8)
    replaced by U+FFFD, so that it can be encoded, shown and written."""
    if text.isascii():
        return text
    return _SURROGATE.sub("\ufffd", text)


def shown_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """``path`` for one line of text: ``displayable``, with control characters
    (a line break in a name) written as escapes (``\\n``, ``\\x1b``)."""
    name = displayable(os.fsdecode(path))
    return _CONTROL.sub(lambda m: _NAMED.get(m[0], f"\\x{ord(m[0]):02x}"), name)


def shown_name(path: str | os.PathLike[str]) -> str:
    """The last part of ``path`` (its file name), as ``shown_path`` shows it."""
    return shown_path(os.path.basename(os.fspath(path)))
