"""What a search query means, in one place: for the index (an FTS5 expression that
finds the documents) and for the text (a regular expression that finds the hits).

A query is a word or a phrase: its words must follow each other in the text,
separated by anything that is not a letter or digit. Case does not matter; words
match whole (``Ukraine`` matches "Ukraine-Krieg", not "Ukraines"); a word ending
in ``*`` matches as a prefix (``Patriot*``: "Patriot", "Patriot-Systeme").
Quotes around a phrase are allowed and change nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.errors import AnnotatorError

# A letter or digit, as SQLite's unicode61 tokenizer counts them (underscore is a
# separator there too).
_WORD_CHAR = r"[^\W_]"
_WORD = re.compile(r"[^\W_]+\*?|\*")
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]
    prefix: tuple[bool, ...]

    @property
    def text(self) -> str:
        return " ".join(w + "*" * p for w, p in zip(self.words, self.prefix, strict=True))

    def fts(self) -> str:
        """The FTS5 expression: every word (each a prefix where asked), in any order;
        the text's regular expression then keeps the places where they follow each other."""
        return " AND ".join('"' + w.replace('"', '""') + '"' + "*" * p
                            for w, p in zip(self.words, self.prefix, strict=True))

    def pattern(self) -> re.Pattern[str]:
        """The words in a row, the last ending a word. The start of a word is checked by
        ``hits_in``: a pattern that begins with a look-behind is tried at every
        character, one that begins with the word lets the engine skip to it (several
        times faster on a long text)."""
        parts = [re.escape(w) + (_WORD_CHAR + "*" if p else "")
                 for w, p in zip(self.words, self.prefix, strict=True)]
        return re.compile(r"[\W_]+".join(parts) + rf"(?!{_WORD_CHAR})", re.IGNORECASE)


def parse_query(text: str) -> Query:
    """The query ``text`` as words; ``AnnotatorError`` when it has none."""
    words: list[str] = []
    prefix: list[bool] = []
    for match in _WORD.finditer(text):
        token = match.group(0)
        if token == "*":
            continue
        words.append(token.rstrip("*"))
        prefix.append(token.endswith("*"))
    if not words:
        raise AnnotatorError(f"the query {text!r} has no word to search for (letters or "
                             "digits)")
    return Query(tuple(words), tuple(prefix))


@dataclass(frozen=True)
class Hit:
    """One place a query matches: ``start``/``end`` count code points of the
    document's text (as ``annotator export --format txt`` writes it)."""

    document: str
    start: int
    end: int
    text: str
    left: str
    right: str

    @property
    def context(self) -> str:
        """Keyword in context on one line: ``… left [match] right …``."""
        return " ".join(f"{self.left}[{self.text}]{self.right}".split())


def hits_in(doc_id: str, text: str, query: Query, context: int = CONTEXT_CHARS) -> list[Hit]:
    """Every match of ``query`` in ``text``, in order."""
    found = []
    pattern = query.pattern()
    position = 0
    while (match := pattern.search(text, position)) is not None:
        start, end = match.span()
        if start and _is_word_char(text[start - 1]):
            position = start + 1  # inside a word: look again from the next character
            continue
        found.append(Hit(doc_id, start, end, match.group(0), text[max(0, start - context):start],
                         text[end:end + context]))
        position = end
    return found


def _is_word_char(char: str) -> bool:
    return _WORD_CHAR_PATTERN.match(char) is not None


_WORD_CHAR_PATTERN = re.compile(_WORD_CHAR)
