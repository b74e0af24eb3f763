"""Text operations on code-point offsets: word snapping and search."""

from __future__ import annotations

import unicodedata


def is_word_char(ch: str) -> bool:
    """Letters, digits, underscore and combining marks (so "é" as e + U+0301 is one word)."""
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters: white space runs become one space,
    and a longer text ends in "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace at both ends, then widen to whole words.

    A selection that starts or ends inside a word grows to include all of it;
    punctuation at the edges is left as selected. Hyphens separate words, so
    "Patriot" can be picked out of "US-Patriot-Raketensystemen".
    """
    start, end = trim_whitespace(text, start, end)
    if start >= end:
        return start, start
    while start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        start -= 1
    while end < len(text) and is_word_char(text[end]) and is_word_char(text[end - 1]):
        end += 1
    return start, end


def find_next(text: str, needle: str, position: int, *, folded: str | None = None) -> int | None:
    """Offset of the next case-insensitive match at or after ``position``, wrapping around.

    ``folded`` may pass a cached ``text.lower()``. Lower-casing keeps lengths for
    almost all text; where it does not (e.g. "İ"), we fall back to a scan that
    compares each candidate exactly so offsets stay offsets into ``text``.
    """
    if not needle:
        return None
    lowered_needle = needle.lower()
    haystack = folded if folded is not None else text.lower()
    if len(haystack) == len(text):
        found = haystack.find(lowered_needle, position)
        if found < 0:
            found = haystack.find(lowered_needle, 0)
        if found >= 0 and text[found:found + len(needle)].lower() == lowered_needle:
            return found
        if found < 0:
            return None
    n = len(needle)
    for origin in (*range(position, len(text) - n + 1), *range(0, min(position, len(text)))):
        if text[origin:origin + n].lower() == lowered_needle:
            return origin
    return None


def find_all(text: str, needle: str, *, folded: str | None = None,
             limit: int | None = None) -> list[int]:
    """Offsets of every case-insensitive match of ``needle`` in ``text``, in order,
    not overlapping (at most ``limit``); ``folded`` as in ``find_next``."""
    if not needle:
        return []
    lowered_needle = needle.lower()
    haystack = folded if folded is not None else text.lower()
    n = len(needle)
    found: list[int] = []
    if len(haystack) == len(text):
        at = haystack.find(lowered_needle)
        while at >= 0 and (limit is None or len(found) < limit):
            if text[at:at + n].lower() == lowered_needle:
                found.append(at)
                at = haystack.find(lowered_needle, at + n)
            else:
                at = haystack.find(lowered_needle, at + 1)
        return found
    at = 0
    while at <= len(text) - n and (limit is None or len(found) < limit):
        if text[at:at + n].lower() == lowered_needle:
            found.append(at)
            at += n
        else:
            at += 1
    return found


def find_previous(text: str, needle: str, position: int, *,
                  folded: str | None = None) -> int | None:
    """Offset of the last case-insensitive match that starts before ``position``,
    wrapping around to the end; ``folded`` as in ``find_next``."""
    if not needle:
        return None
    lowered_needle = needle.lower()
    haystack = folded if folded is not None else text.lower()
    n = len(needle)
    if len(haystack) == len(text):
        found = haystack.rfind(lowered_needle, 0, max(position, 0) + n - 1)
        if found < 0:
            found = haystack.rfind(lowered_needle)
        if found >= 0 and text[found:found + n].lower() == lowered_needle:
            return found
        if found < 0:
            return None
    last = len(text) - n
    for origin in (*range(min(position, last + 1) - 1, -1, -1),
                   *range(last, max(position, 0) - 1, -1)):
        if text[origin:origin + n].lower() == lowered_needle:
            return origin
    return None
