"""Reading files to import into a corpus: plain text and TEI through ``files.open_document``
(as Annotator opens them), news pages saved as HTML through trafilatura, which finds
the article's text and its metadata (title, outlet, date, author, URL).

``read_source`` never writes; ``Corpus.add`` puts what it returns into the corpus.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from annotator.corpus.layout import DocumentInfo
from annotator.errors import ReadError
from annotator.filenames import shown_name
from annotator.model import AnnotatedDocument
from annotator.model.document import Document

# What a folder given to ``add`` is searched for (other files in it are left alone).
IMPORTED_SUFFIXES = (".txt", ".text", ".xml", ".tei", ".html", ".htm", ".xhtml")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# Fewer words than this is a page without an article (a front page, a cookie wall).
MIN_ARTICLE_WORDS = 10
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)", re.IGNORECASE | re.DOTALL)
_LANG = re.compile(rb"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)",
                   re.IGNORECASE)
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


@dataclass
class Source:
    """What one imported file gives: the text, its metadata, the annotations it
    already has (a TEI file Annotator saved) and, for a TEI file, its bytes."""

    path: Path
    document: Document
    info: DocumentInfo
    annotated: AnnotatedDocument | None = None
    original: bytes | None = None
    notes: list[str] = field(default_factory=list)


def files_to_import(paths: list[Path]) -> tuple[list[Path], list[ReadError]]:
    """The files ``paths`` name: files as given, folders searched (sorted, hidden
    files and folders left out) for ``IMPORTED_SUFFIXES``; and what is not there."""
    found: list[Path] = []
    missing: list[ReadError] = []
    for path in paths:
        if path.is_dir():
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(s for s in subfolders if not s.startswith("."))
                for name in sorted(names):
                    if not name.startswith(".") and name.lower().endswith(IMPORTED_SUFFIXES):
                        found.append(Path(folder) / name)
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            missing.append(ReadError("no such file or folder", str(path)))
    return found, missing


def read_source(path: Path) -> Source:
    """The text and metadata of one file to import; ``AnnotatorError`` (with the
    reason) for a file that cannot be imported."""
    from annotator.files import read_bytes

    data = read_bytes(path)
    if path.suffix.lower() in HTML_SUFFIXES or _HTML_START.match(data[:4096]):
        source = _html_source(path, data)
    else:
        source = _opened_source(path, data)
    if not source.document.text.strip():
        raise ReadError("has no text to annotate", str(path))
    return source


def _opened_source(path: Path, data: bytes) -> Source:
    from annotator.files import looks_like_xml, open_document

    if _binary(data):
        raise ReadError("a binary file, not text, TEI or HTML", str(path))
    session = open_document(path)
    doc = session.document
    meta = doc.document.metadata
    info = DocumentInfo(id="", title=meta.title or path.stem, author=meta.author,
                        language=meta.language if _LANGUAGE.match(meta.language or "") else "",
                        imported=shown_name(path.name))
    # Only the text: paragraphs as the document reads them (headings, verse lines and
    # notes of a TEI document become paragraphs of the base; the file is kept beside it).
    texts = [doc.document.paragraph_text(p) for p in doc.document.paragraphs]
    try:
        document = Document.from_paragraphs(texts, [p.id for p in doc.document.paragraphs],
                                            doc.document.metadata, xml_chars_checked=True)
    except ReadError:  # ids the native format does not take (non-ASCII names)
        document = Document.from_paragraphs(texts, None, doc.document.metadata,
                                            xml_chars_checked=True)
    if document.text != doc.document.text or document.paragraphs != tuple(
            (p if p.kind == "paragraph" else type(p)(p.id, p.start, p.end))
            for p in doc.document.paragraphs):
        # The document's own text joins its paragraphs otherwise (a foreign TEI file's
        # line-break spaces): its annotations could not be carried, so keep the text
        # it shows, as one paragraph per paragraph, and leave them out.
        annotated = None
    else:
        annotated = doc if len(doc.annotations) else None
    is_tei = looks_like_xml(data)
    notes = list(session.notes)
    if annotated is None and len(doc.annotations):
        notes.append(f"its {len(doc.annotations)} annotations were not imported: the "
                     "text as the corpus keeps it differs from the file's")
    return Source(path, document, info, annotated, data if is_tei else None, notes)


def _binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    return b"\x00" in head


def _html_source(path: Path, data: bytes) -> Source:
    if _binary(data):
        raise ReadError("a binary file, not an HTML page", str(path))
    try:
        import trafilatura
    except ImportError:
        raise ReadError("HTML pages need trafilatura, which is not installed "
                        "(pip install trafilatura)", str(path)) from None
    try:
        found = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                            include_tables=False)
    except Exception as exc:  # a library's failure on odd input: that page is reported
        raise ReadError(f"the page could not be read: {type(exc).__name__}: {exc}",
                        str(path)) from None
    text = (getattr(found, "text", None) or "") if found is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise ReadError("an HTML page without an article (no main text found)", str(path))
    from annotator.formats.plaintext import document_from_text

    document, notes = document_from_text(text, str(path))
    language = getattr(found, "language", None) or ""
    if not language:
        match = _LANG.search(data[:65536])
        language = match.group(1).decode("ascii") if match else ""
    info = DocumentInfo(
        id="", title=_clean(getattr(found, "title", None)) or path.stem,
        author=_clean(getattr(found, "author", None)),
        outlet=_clean(getattr(found, "sitename", None)),
        date=_clean(getattr(found, "date", None)), url=_clean(getattr(found, "url", None)),
        language=language if _LANGUAGE.match(language) else "",
        imported=shown_name(path.name))
    return Source(path, document, info, None, None,
                  [n for n in notes if not n.startswith("line endings")])


def _clean(value: object) -> str:
    """A metadata value as one line of text XML can hold."""
    from annotator.model.document import forbidden_xml_char

    text = " ".join(str(value or "").split())
    while (bad := forbidden_xml_char(text)) is not None:
        text = text[:bad] + text[bad + 1:]
    return text
