"""CoNLL-2003 and the other one-token-a-line formats with IOB tags.

Reading: one token a line, columns separated by white space, a blank line between
sentences, ``-DOCSTART-`` lines and ``#`` comments skipped. The token is the
first column and the tag the last (CoNLL-2003: ``token POS chunk NER``; two
columns: ``token NER``); a file whose lines start with a running number (GermEval
2014: ``number token outer inner``, tab-separated) has the token second and a
tag in every column after it, the later ones nested in the earlier. Tags are
read leniently, so IOB2 (every span begins with ``B-``), IOB1 (``I-`` begins a
span unless the one before has the same type) and IOBES (``S-``, ``E-``) all
read right: ``B-``/``S-`` begin a span, ``I-``/``E-`` continue one of the same
type and begin one otherwise, ``E-``/``S-`` end it.

The text is the tokens joined by single spaces, one sentence a line: CoNLL has
no more of the text than that.

Writing: ``token -X- _ TAG`` (the four columns of CoNLL-2003, as Label Studio
writes them) in IOB2, one sentence a line of the document, tokens split at white
space and at the ends of annotations. Nested and overlapping annotations cannot
be written (the outer one is; the others are listed), nor anything but the tag.
"""

from __future__ import annotations

import re

from annotator.errors import Problem, ReadError
from annotator.formats.foreign import ForeignDocument, ForeignSpan
from annotator.formats.plaintext import decode_text

_TAG = re.compile(r"(?:[BIESLU]-.+|O)")
_NUMBER = re.compile(r"[0-9]+")


def read(data: bytes, path: str) -> ForeignDocument:
    text, notes = decode_text(data, path)
    sentences: list[list[tuple[str, list[str], int]]] = [[]]
    numbered: bool | None = None
    documents = 0
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n")
                                  .split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            if sentences[-1]:
                sentences.append([])
            continue
        if stripped.startswith("#") and not _looks_like_token_line(stripped):
            continue  # a comment (GermEval's source line); "# O" is the token "#"
        columns = line.split("\t") if "\t" in line else stripped.split()
        columns = [c.strip() for c in columns]
        if columns[0] == "-DOCSTART-":
            documents += 1
            continue
        if numbered is None:  # GermEval: "1<tab>token<tab>tag<tab>tag"
            numbered = ("\t" in line and len(columns) >= 3 and bool(_NUMBER.fullmatch(columns[0]))
                        and all(_TAG.fullmatch(c) for c in columns[2:]))
        if numbered:
            if len(columns) < 3 or not _NUMBER.fullmatch(columns[0]):
                raise ReadError("expected 'number token tag [tag…]' as on the lines before",
                                path, number)
            token, tags = columns[1], columns[2:]
        else:
            if len(columns) < 2:
                raise ReadError(f"a token without a tag ({columns[0][:30]!r}); expected "
                                "'token … tag'", path, number)
            token, tags = columns[0], columns[-1:]
        for tag in tags:
            if not _TAG.fullmatch(tag):
                raise ReadError(f"{tag!r} is not an IOB tag (O, B-TYPE, I-TYPE, E-TYPE, "
                                "S-TYPE)", path, number)
        if not token:
            raise ReadError("an empty token", path, number)
        sentences[-1].append((token, tags, number))
    if documents > 1:
        notes.append(f"{documents} documents (-DOCSTART-) read as one text")
    return _decode([s for s in sentences if s], path, notes)


def _looks_like_token_line(line: str) -> bool:
    columns = line.split("\t") if "\t" in line else line.split()
    return len(columns) >= 2 and bool(_TAG.fullmatch(columns[-1]))


def _decode(sentences: list[list[tuple[str, list[str], int]]], path: str,
            notes: list[str]) -> ForeignDocument:
    lines: list[str] = []
    spans: list[ForeignSpan] = []
    position = 0
    iob1 = False
    for sentence in sentences:
        levels = max(len(tags) for _t, tags, _n in sentence)
        open_spans: list[ForeignSpan | None] = [None] * levels
        parts = []
        for token, tags, number in sentence:
            start = position + sum(len(p) + 1 for p in parts)
            end = start + len(token)
            parts.append(token)
            for level in range(levels):
                tag = tags[level] if level < len(tags) else "O"
                current = open_spans[level]
                if tag == "O":
                    open_spans[level] = None
                    continue
                prefix, label = tag[0], tag[2:]
                continues = (prefix in "IEL" and current is not None and current.label == label)
                if prefix in "IEL" and not continues:
                    iob1 = iob1 or prefix == "I"
                if continues:
                    current.ranges[0] = (current.ranges[0][0], end)
                else:
                    current = ForeignSpan(f"s{len(spans) + 1}", label, [(start, end)],
                                          line=number)
                    spans.append(current)
                open_spans[level] = None if prefix in "ESLU" else current
        sentence_text = " ".join(parts)
        lines.append(sentence_text)
        position += len(sentence_text) + 1
    if iob1:
        notes.append("spans that begin with I- read as in IOB1")
    return ForeignDocument("\n".join(lines), spans, notes=notes, path=path)


# -- writing ------------------------------------------------------------------------------
def write(foreign: ForeignDocument) -> tuple[str, list[Problem]]:
    """The CoNLL file for ``foreign`` and the spans it could not hold."""
    text = foreign.text
    lost: list[Problem] = []
    # The outermost span at each place: longer first, then earlier.
    chosen: list[ForeignSpan] = []
    for span in sorted(foreign.spans, key=lambda s: (s.start, -s.end)):
        if chosen and span.start < chosen[-1].end:
            lost.append(Problem(f"{span.label} “{text[span.start:span.end][:30]}”: inside or "
                                "across another annotation; CoNLL cannot hold it"))
            continue
        chosen.append(span)
    bounds = sorted({b for s in chosen for b in (s.start, s.end)})
    out = ["-DOCSTART- -X- -X- O", ""]
    index = 0  # into chosen
    tagged: set[int] = set()  # the chosen spans that have a token
    for line_start, line in _lines(text):
        rows = []
        for start, end in _tokens(line, line_start, bounds):
            while index < len(chosen) and chosen[index].end <= start:
                index += 1
            tag = "O"
            if index < len(chosen) and chosen[index].start <= start:
                tag = ("I-" if index in tagged else "B-") + chosen[index].name
                tagged.add(index)
            rows.append(f"{text[start:end]} -X- _ {tag}")
        if rows:
            out.extend(rows)
            out.append("")
    for number, span in enumerate(chosen):
        if number not in tagged:
            lost.append(Problem(f"{span.label} “{text[span.start:span.end][:30]}”: only white "
                                "space, no token; CoNLL cannot hold it"))
    return "\n".join(out) + ("\n" if out[-1] else ""), lost


def _lines(text: str):
    position = 0
    for line in text.split("\n"):
        yield position, line
        position += len(line) + 1


def _tokens(line: str, offset: int, bounds: list[int]):
    """[start, end) of the tokens of ``line`` (at ``offset`` in the text): runs without
    white space, cut where an annotation begins or ends."""
    import bisect

    for match in re.finditer(r"\S+", line):
        start, end = offset + match.start(), offset + match.end()
        cut = bisect.bisect_right(bounds, start)
        while cut < len(bounds) and bounds[cut] < end:
            yield start, bounds[cut]
            start = bounds[cut]
            cut += 1
        yield start, end
