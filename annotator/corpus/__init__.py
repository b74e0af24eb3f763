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

from annotator.corpus.folder import Corpus, CorpusMember, ImportReport, TagReport, is_corpus
from annotator.corpus.layout import STATUSES, DocumentInfo
from annotator.corpus.search import Hit, parse_query

__all__ = ["STATUSES", "Corpus", "CorpusMember", "DocumentInfo", "Hit", "ImportReport",
           "TagReport", "is_corpus", "parse_query"]
