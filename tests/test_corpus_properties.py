"""Generated texts through the corpus: imported, opened, annotated, saved, reopened;
the text is kept character for character and the annotations as they were made;
search offsets point at the text they match."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.corpus import Corpus, layout
from annotator.formats.plaintext import document_from_text_bytes
from annotator.model import edits
from annotator.model.document import forbidden_xml_char

# Anything XML 1.0 can carry (CR and CRLF too, which the import makes LF as
# `annotator import` does), non-BMP characters, combining marks, markup characters.
xml_char = st.characters(exclude_categories=("Cs",)).filter(
    lambda c: forbidden_xml_char(c) is None)
awkward = st.sampled_from(["\r\n", "\t", "\u00a0", "e\u0301", "\U0001f600", "&<>\"'", " ",
                           "\n", "\n\n", "\u2028", "]]>", "Ukraine", "ukraine-Krieg"])
# (A file whose first character after blanks is "<" is read as XML, whatever its name:
# such a text is an XML file to Annotator, refused as one if it is not well-formed.)
texts = st.lists(st.one_of(xml_char, awkward), min_size=1, max_size=40).map("".join).filter(
    lambda t: not t.isspace() and t.strip(" \t\r\n")
    and not t.lstrip(" \t\r\n").startswith("<"))


@settings(max_examples=40)
@given(text=texts, picks=st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 12)),
                                  max_size=4))
def test_text_and_annotations_survive_the_corpus(text, picks):
    data = text.encode("utf-8")
    expected, _notes = document_from_text_bytes(data, "a.txt")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "a.txt"
        source.write_bytes(data)
        corpus = Corpus.create(root / "corpus")
        report = corpus.add([source], "Ana")
        assert report.failed == [], report.failed
        [(_path, doc_id)] = report.added
        session = corpus.open_document(doc_id, "Ana")
        doc = session.document
        assert doc.document.text == expected.text
        resp = doc.annotator_for("Ana").id
        spans = set()
        for start, length in picks:
            start %= max(1, len(doc.document.text))
            lo, hi = doc.document.trim_to_paragraphs(start, start + length)
            if lo < hi:
                spans.add((lo, hi))
        if spans:
            edits.add(doc, [(s, e, "weapon") for s, e in sorted(spans)], resp).apply(doc)
        base = layout.text_path(corpus.root, doc_id).read_bytes()
        session.write(session.tei_path, "Ana")
        assert layout.text_path(corpus.root, doc_id).read_bytes() == base
        again = corpus.open_document(doc_id, "Ana").document
        assert again.document.text == expected.text
        assert sorted((a.start, a.end, a.tag) for a in again.annotations) == sorted(
            (s, e, "weapon") for s, e in spans)
        assert corpus.check() == []
        for hit in corpus.search("Ukraine"):
            assert again.document.text[hit.start:hit.end] == hit.text
            assert hit.text.casefold() == "ukraine"
