"""Where things are in a corpus folder, and what a document's metadata is (docs/corpus.md).

Every path inside a corpus is relative to its folder, so a corpus survives being
copied, zipped, put under version control and opened on another machine.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.model.entities import slug

CORPUS_FILE = "corpus.xml"  # the corpus's title and its shared tagset (a native file)
REGISTER_FILE = "entities.xml"  # the shared entity register
DOCUMENTS = "documents"
TEXT_FILE = "text.xml"  # documents/ID/text.xml: the base, never rewritten after import
ORIGINAL_FILE = "original.xml"  # documents/ID/original.xml: an imported TEI file as it was
ANNOTATIONS = "annotations"  # documents/ID/annotations/ANNOTATOR.xml
# documents/ID/curated.xml: the curated layer (annotator/team/curation.py), beside the
# annotators' folder so that no annotator's name can give its file name.
CURATED_FILE = "curated.xml"
CACHE = ".annotator-cache"  # rebuilt from the files; never under version control
INDEX_FILE = "index.sqlite"
# What the annotation files' pointers are relative to (the file beside their folder).
TEXT_POINTER = "../text.xml#"

# The corpus's .gitignore: what is rebuilt or temporary is never shared.
GITIGNORE = ("# Annotator: rebuilt from the files, or temporary; never shared (docs/corpus.md)\n"
             f"{CACHE}/\n*.annotator-lock\n{DOCUMENTS}/.adding-*\n.*.annotator-*.tmp\n")

STATUSES = ("new", "inProgress", "done")
STATUS_LABELS = {"new": "new", "inProgress": "in progress", "done": "done"}

_DOCUMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class DocumentInfo:
    """What analysts cite about a document: held in its text.xml's ``sourceDesc/bibl``.

    ``date`` is as the source gives it, ISO 8601 (``2025-07-10``) where it could be
    read; ``imported`` the name of the file it was imported from.
    """

    id: str
    title: str = "Untitled"
    author: str = ""
    outlet: str = ""
    date: str = ""
    url: str = ""
    language: str = ""
    imported: str = ""

    def edited(self, **changes: str) -> DocumentInfo:
        return replace(self, **changes)


def is_document_id(value: str) -> bool:
    """A document id is a folder name that means the same on every system: lower-case
    ASCII letters, digits and hyphens."""
    return bool(_DOCUMENT_ID.match(value))


def new_document_id(title: str, taken: set[str]) -> str:
    """An id made from ``title`` ("Deutschland zahlt zwei Systeme" ->
    "deutschland-zahlt-zwei-systeme"), numbered if taken."""
    base = slug(title, limit=48) or "document"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def annotator_file_name(name: str) -> str:
    """The file name of an annotator's annotations: ``ana.xml`` for "Ana"."""
    return (slug(name.strip() or "Anonymous", limit=48) or "annotator") + ".xml"


def document_folder(root: Path, doc_id: str) -> Path:
    return root / DOCUMENTS / doc_id


def text_path(root: Path, doc_id: str) -> Path:
    return document_folder(root, doc_id) / TEXT_FILE


def annotations_path(root: Path, doc_id: str, annotator: str) -> Path:
    return document_folder(root, doc_id) / ANNOTATIONS / annotator_file_name(annotator)


def curated_path(root: Path, doc_id: str) -> Path:
    return document_folder(root, doc_id) / CURATED_FILE


@dataclass(frozen=True)
class CorpusFile:
    """A file found to be a document's text or an annotator's file inside a corpus."""

    root: Path
    doc_id: str
    kind: str  # "text" or "annotations"


def corpus_file(path: str | Path) -> CorpusFile | None:
    """What ``path`` is in a corpus (``documents/ID/text.xml``,
    ``documents/ID/annotations/NAME.xml`` of a folder with a corpus.xml), or None."""
    p = Path(os.path.abspath(path))  # ("ana.xml" given inside its folder has no parents)
    if p.suffix != ".xml":
        return None
    if p.name == TEXT_FILE:
        document, kind = p.parent, "text"
    elif p.parent.name == ANNOTATIONS:
        document, kind = p.parent.parent, "annotations"
    else:
        return None
    if document.parent.name != DOCUMENTS or not is_document_id(document.name):
        return None
    root = document.parent.parent
    if not (root / CORPUS_FILE).is_file():
        return None
    return CorpusFile(root, document.name, kind)
