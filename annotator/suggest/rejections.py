"""Rejected suggestions, remembered per span and tag so that they are not offered again.

Where they are kept (docs/suggestions.md, "Rejections"): a rejection is a convenience,
not the user's work, and nothing outside the user's own documents is written. So:

* a document of a corpus keeps them in the corpus's cache folder
  (``.annotator-cache/rejected/DOCUMENT-ID.json``), which Annotator owns, which is
  never shared under version control, and whose loss costs only a repeated click;
* any other document keeps them in Annotator's own data folder (the window passes
  ``<AppDataLocation>/rejected``, beside the recovery journals), in a file named by a
  digest of the document's path and text, never in a file beside the document; without
  that folder (the library), for as long as Annotator runs.

The document's text never changes (only its annotations do), so offsets stay valid.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator import safe_files

FOLDER = "rejected"
# Rejections of documents outside a corpus, by the file's resolved path, for this run.
_IN_MEMORY: dict[str, set[tuple[int, int, str]]] = {}


class Rejections:
    """The rejected ``(start, end, tag)`` of one document."""

    def __init__(self, keys: Iterable[tuple[int, int, str]] = (),
                 path: Path | None = None, memory_key: str = "") -> None:
        self.keys: set[tuple[int, int, str]] = set(keys)
        self.path = path
        self.memory_key = memory_key

    @classmethod
    def for_corpus_document(cls, corpus_root: Path, document_id: str) -> Rejections:
        """Those of a corpus document, read from the corpus's cache (none when the
        file is missing or unreadable: the cache may always be lost)."""
        return cls.from_file(
            corpus_root / ".annotator-cache" / FOLDER / f"{document_id}.json")

    @classmethod
    def for_file(cls, path: str | os.PathLike[str] | None, text: str | None = None,
                 store: Path | None = None) -> Rejections:
        """Those of a document outside a corpus: kept in ``store`` (Annotator's data
        folder) under the digest of the file's path and its ``text`` (another text at
        that path has none), else while Annotator runs."""
        key = str(Path(path).resolve()) if path else ""
        held = _IN_MEMORY.setdefault(key, set()) if key else set()
        if not key or store is None or text is None:
            return cls(held, memory_key=key)
        name = hashlib.sha256("\0".join((key, hashlib.sha256(
            text.encode("utf-8", "surrogatepass")).hexdigest())).encode(
            "utf-8", "surrogateescape")).hexdigest()
        kept = cls.from_file(store / f"{name}.json")
        return cls(held | kept.keys, path=kept.path, memory_key=key)

    @classmethod
    def from_file(cls, path: Path) -> Rejections:
        """Those kept in the JSON file ``path`` (none when it is missing or unreadable:
        losing it costs only a repeated click)."""
        keys: set[tuple[int, int, str]] = set()
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
            keys = {(int(s), int(e), str(t)) for s, e, t in rows}
        except (OSError, ValueError, TypeError):
            pass
        return cls(keys, path=path)

    def __contains__(self, key: object) -> bool:
        return key in self.keys

    def __iter__(self) -> Iterator[tuple[int, int, str]]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: tuple[int, int, str]) -> None:
        self.keys.add(key)
        self._keep()

    def discard(self, key: tuple[int, int, str]) -> None:
        self.keys.discard(key)
        self._keep()

    def _keep(self) -> None:
        if self.memory_key:
            _IN_MEMORY[self.memory_key] = set(self.keys)
        if self.path is None:
            return
        data = json.dumps(sorted(self.keys), ensure_ascii=False).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = safe_files.create_temporary(self.path, "save")
            try:
                with os.fdopen(fd, "wb") as file:
                    file.write(data)
                os.replace(tmp, self.path)
            except BaseException:
                safe_files.remove_quietly(tmp)
                raise
        except OSError:
            # Only the cache: the rejection still holds while the document is open.
            pass
