"""Which text runs right to left, for the view's layout and painting.

Qt resolves each block's direction from its first strong character (Unicode's rule
P2-P3) and orders the characters of a line by the bidirectional algorithm; what it
leaves to us is the paragraph's alignment (``QPlainTextDocumentLayout`` takes one
text option for every block) and the places of highlights on lines whose characters
do not stand in text order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Characters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan,
# Mandaic, their presentation forms, and the historic ones of the supplementary planes),
# and the explicit marks and embeddings that start right-to-left text.
RTL_CHARS = re.compile(
    "[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefc"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]")

_STRONG = {"L": False, "R": True, "AL": True}


def starts_right_to_left(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether the first strong character of ``text[start:end]`` is right-to-left (as
    Qt decides a block's direction; no strong character: left to right)."""
    end = len(text) if end is None else end
    bidirectional = unicodedata.bidirectional
    for i in range(start, end):
        direction = _STRONG.get(bidirectional(text[i]))
        if direction is not None:
            return direction
    return False


def any_starts_right_to_left(text: str, ranges: Iterable[tuple[int, int]]) -> bool:
    """Whether any of the ``(start, end)`` ranges of ``text`` (paragraphs) starts
    right to left. Most ranges begin with a letter: one look each."""
    bidirectional = unicodedata.bidirectional
    for start, end in ranges:
        if start < end:
            direction = _STRONG.get(bidirectional(text[start]))
            if direction is None:
                direction = starts_right_to_left(text, start, end)
            if direction:
                return True
    return False
