"""German-aware tokens and sentences with their code-point offsets.

A token is a word with its inner hyphens, apostrophes and dots of abbreviations
("US-Patriot-Raketensystemen", "NATO-Mitglieder", "z.B."), a number with its
separators ("2.500", "3,5"), or one other character. Hyphenated compounds stay one
token, as in the GermEval 2014 data the tagger is measured on, and because a
compound like "NATO-Mitglieder" names a group, not the alliance.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"""
      \d+(?:[.,:/]\d+)*(?:-?\w+)?          # numbers, 2.500, 3,5, 100-mal, 1980er
    | (?:[^\W\d_]\.){2,}                   # z.B. u.a. U.S.
    | \w+(?:['’\-&/.]\w+)*(?:-(?=\s|$))?    # words, compounds, hyphenation stubs
    | [^\w\s]                              # anything else, one character
    """, re.VERBOSE)
# A sentence ends after . ! ? (with closing quotes or brackets) before space and an
# upper-case letter, a digit or an opening quote, or at a line break.
_SENTENCE_END = re.compile(r"""(?<=[.!?])["'»«“”’)\]]*\s+(?=[\"'»«„“(\[]?[A-ZÄÖÜ0-9])|\n+""")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The tokens of ``text[start:end]`` as ``(start, end)`` offsets into ``text``."""
    return [m.span() for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` (blank stretches left out)."""
    found: list[tuple[int, int]] = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if text[begin:match.start()].strip():
            found.append((begin, match.start()))
        begin = match.end()
    if text[begin:].strip():
        found.append((begin, len(text.rstrip())))
    return found


def words_of(text: str) -> list[list[str]]:
    """The words of each sentence of ``text``."""
    return [[text[a:b] for a, b in tokens(text, start, end)]
            for start, end in sentences(text)]
