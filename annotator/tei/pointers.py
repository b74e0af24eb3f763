"""The ``#string-range(ID,OFFSET,LENGTH)`` pointer: one grammar and one limit for
every reader of it (Annotator's own files, ``reader``; other TEI files it saved
annotations into, ``source``).

The numbers are ASCII digits without leading zeros, as annotator.rng's pattern
says (XSD's ``[0-9]``; Python's ``\\d`` would also take ``０`` or ``٣``), and the
length is at least 1. A number of more digits than any text can have stands for
``HUGE``, past the end of every paragraph: ``int()`` refuses strings of more than
4,300 digits with a ``ValueError``, and a file must never reach that.
"""

from __future__ import annotations

import re

# annotator.rng's name (ASCII); the ids of other TEI files may be any NCName.
NAME = r"[A-Za-z_][A-Za-z0-9_.\-]*"
OFFSET = r"0|[1-9][0-9]*"
LENGTH = r"[1-9][0-9]*"

HUGE = 10**20  # a number too long to be an offset: past the end of any text
_MOST_DIGITS = 19  # below HUGE's 21 digits: every shorter number is read exactly


def string_range(name: str = NAME) -> re.Pattern[str]:
    """The pointer, its id matching ``name``: groups id, offset, length; use with
    ``fullmatch``, as XSD patterns match the whole value."""
    return re.compile(rf"#string-range\(({name}),({OFFSET}),({LENGTH})\)")


def number(digits: str) -> int:
    """The offset or length ``digits`` (ASCII digits, as the grammar matched them)
    give; ``HUGE`` for more digits than any text could need."""
    return int(digits) if len(digits) <= _MOST_DIGITS else HUGE
