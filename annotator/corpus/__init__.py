"""Corpora: many documents with one tagset and one entity register (docs/corpus.md).

No Qt here: the command line (``annotator corpus …``) and the window use the same
calls, the window on a worker thread with a ``Progress``.

- ``Corpus.create(folder)`` / ``Corpus.open(folder)``
- ``corpus.add(paths, annotator, progress)`` -> ``ImportReport``
- ``corpus.documents(progress)`` -> the list (metadata, status, counts per tag)
- ``corpus.open_document(doc_id, annotator)`` -> a ``DocumentSession`` whose Save
  writes only that annotator's annotation file
- ``corpus.search(query)`` -> ``Hit``s; ``corpus.tag_all(query, tag, annotator)``
- ``corpus_table(corpus, kind)`` -> rows for the corpus tables
- ``corpus.check()`` -> every problem of every file
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.corpus.folder import (
        Corpus,
        CorpusMember,
        ImportReport,
        TagReport,
        is_corpus,
    )
    from annotator.corpus.layout import STATUSES, DocumentInfo
    from annotator.corpus.search import Hit, parse_query

# Loaded on first use: ``files.open_document`` asks ``corpus.layout`` whether a path is
# a corpus's file, and opening a single document should not load the index and search.
_WHERE = {"Corpus": "folder", "CorpusMember": "folder", "ImportReport": "folder",
          "TagReport": "folder", "is_corpus": "folder", "STATUSES": "layout",
          "DocumentInfo": "layout", "Hit": "search", "parse_query": "search"}

__all__ = ["STATUSES", "Corpus", "CorpusMember", "DocumentInfo", "Hit", "ImportReport",
           "TagReport", "is_corpus", "parse_query"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
