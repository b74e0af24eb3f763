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
from operator import itemgetter

from PySide6.QtCore import QLocale

from annotator.model.document import Document

# Characters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan,
# Mandaic, their presentation forms, and the historic ones of the supplementary planes),
# and the explicit marks and embeddings that start right-to-left text.
RTL_CHARS = re.compile(
    "[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefc"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]")

_STRONG = {"L": False, "R": True, "AL": True}

RLM = "\u200f"  # RIGHT-TO-LEFT MARK: a strong right-to-left character that shows nothing

# Languages written right to left (ISO 639 codes, the primary subtag of ``xml:lang``).
RTL_LANGUAGES = frozenset({
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku", "lad", "ota", "pa-arab",
    "ps", "sd", "syc", "syr", "ug", "ur", "yi", "sam", "jrb", "jpr", "egy-arab", "ms-arab"})


def is_right_to_left_language(tag: str) -> bool:
    """Whether the language ``tag`` (``xml:lang``: "ar", "he-IL", "ur-Arab") is written
    right to left: its language is, and no Latin script subtag says otherwise."""
    parts = tag.lower().replace("_", "-").split("-")
    if "latn" in parts:
        return False
    return parts[0] in RTL_LANGUAGES or "arab" in parts or "hebr" in parts


def paragraphs_to_mark_right_to_left(document: Document) -> list[int]:
    """Starts of the paragraphs in a right-to-left language (the ``xml:lang`` of the
    paragraph or around it, else the document's) that have right-to-left text but begin
    with a Latin letter ("(CNN) قال ...", "ISBN ... عنوان"): Qt would lay them out left
    to right. Paragraphs without right-to-left characters (an English quotation), and
    those the source says are in a left-to-right language, keep their direction. None
    in documents that say no right-to-left language (nothing is read)."""
    said = {document.metadata.language, *document.languages}
    if not any(is_right_to_left_language(tag) for tag in said if tag):
        return []
    text = document.text
    return [p.start for n, p in enumerate(document.paragraphs)
            if p.start < p.end and is_right_to_left_language(document.language_of(n))
            and not starts_right_to_left(text, p.start, p.end)
            and RTL_CHARS.search(text, p.start, p.end)]


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


def any_paragraph_right_to_left(document: Document) -> bool:
    """Whether any paragraph of ``document`` starts right to left. Most paragraphs begin
    with a letter: their first characters are picked and searched at C speed (8,600
    paragraphs of a 5 MB text in 1-2 ms); only those that begin with a digit, a sign or
    a space are read on."""
    text = document.text
    # The columns, not a Paragraph object per paragraph (a novel's 3,400 paragraphs of
    # dialogue made one each).
    starts, ends = document.paragraphs.starts, document.paragraphs.ends
    count = len(starts)
    # An empty paragraph's "first character" is the next one (a line break, or the first
    # of the next paragraph, which is looked at anyway); none after the text's end.
    if count and starts[count - 1] >= len(text):
        count -= 1
    if not count:
        return False
    firsts = "".join(itemgetter(*starts[:count])(text)) if count > 1 else text[starts[0]]
    if RTL_CHARS.search(firsts):
        return True
    unsure = [m.start() for m in _NOT_A_LETTER.finditer(firsts)]
    if len(unsure) > _FEW:
        # (dialogue: every paragraph of a novel may begin with a quotation mark) Their
        # first characters at C speed too: with no right-to-left character among them,
        # only a paragraph whose first characters hold no letter surely written left to
        # right can still begin right to left further on.
        heads = "\n".join([text[starts[n]:min(ends[n], starts[n] + _HEAD)] for n in unsure])
        if RTL_CHARS.search(heads) is None:
            lines = [heads.count("\n", 0, m.start()) for m in _NO_LEFT_LETTER.finditer(heads)]
            unsure = [unsure[n] for n in lines]
    return any(starts_right_to_left(text, starts[n], ends[n]) for n in unsure)


# Paragraphs that begin with something other than a letter: past this many, their first
# ``_HEAD`` characters are looked at together first.
_FEW = 32
_HEAD = 16
# A line of such heads without a letter that is surely written left to right (Latin,
# Greek, Cyrillic letters: each strong left to right for the bidirectional algorithm).
_NO_LEFT_LETTER = re.compile(
    "(?m)^[^\nA-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0386\u0388-\u03f5"
    "\u0400-\u0481\u048a-\u052f]*$")
# A character that is not a letter: a digit, a sign, a space (weak or neutral for the
# bidirectional algorithm, or a mark), where a paragraph's direction is read further on.
_NOT_A_LETTER = re.compile(r"[\W\d_]")


def quoted(text: str) -> str:
    """``text`` in quotation marks for a label: right-to-left text is isolated (FIRST
    STRONG ISOLATE … POP DIRECTIONAL ISOLATE), else the label takes its direction from
    it and the marks change places ("وقال”“")."""
    # The marks of the window's locale: “…” in English, „…“ in German.
    opening, closing = QLocale().quoteString("\0").split("\0")
    if RTL_CHARS.search(text):
        return f"{opening}\u2068{text}\u2069{closing}"
    return f"{opening}{text}{closing}"
