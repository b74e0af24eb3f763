"""A corpus: a folder of documents with one tagset and one entity register
(docs/corpus.md). The files are the truth; the index in ``.annotator-cache/`` is
rebuilt from them when missing or stale.

Every operation that may take long takes a ``Progress`` (phases, fraction, cancel),
so that a window can run it on a worker thread as it runs opening and saving.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.corpus import layout
from annotator.corpus.importing import Source, files_to_import, read_source
from annotator.corpus.index import CorpusIndex, Listed, Refreshed, file_digest
from annotator.corpus.layout import DocumentInfo
from annotator.corpus.search import Hit, parse_query
from annotator.errors import AnnotatorError, ChangedOnDiskError, Problem, ReadError, WriteError
from annotator.model import AnnotatedDocument
from annotator.model.entities import Entity, normal_identifiers
from annotator.model.tagset import Tagset
from annotator.progress import Cancelled, Progress
from annotator.session import DocumentSession

if TYPE_CHECKING:
    from annotator.corpus.tei_files import FileSummary
    from annotator.files import AtomicBatch
    from annotator.model.edits import Edit


@dataclass
class ImportReport:
    """What ``Corpus.add`` did with each file."""

    added: list[tuple[str, str]] = field(default_factory=list)  # (file, document id)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, the same text's id)
    failed: list[Problem] = field(default_factory=list)  # file: why it was skipped
    notes: list[Problem] = field(default_factory=list)  # file: how it was read
    cancelled: bool = False


@dataclass
class TagReport:
    """What ``Corpus.tag_all`` did."""

    added: int = 0
    skipped: int = 0  # already annotated with the tag
    documents: list[str] = field(default_factory=list)  # those that changed
    failed: list[Problem] = field(default_factory=list)


@dataclass
class EntityReport:
    """What a merge or split across the corpus did: the documents whose annotator's file
    was rewritten, the files that could not be, and (for a split) the new entity."""

    documents: list[str] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    entity: Entity | None = None


@dataclass(eq=False)
class CorpusMember:
    """What a ``DocumentSession`` of a corpus document knows of its corpus: saving
    writes only the annotator's own file (``Corpus.save_annotations``)."""

    corpus: Corpus
    doc_id: str
    annotator: str
    status: str = "new"
    file_id: str | None = None  # the annotator's id: the name of their file (ID.xml)
    text_digest: str | None = None  # of the text.xml the document was read with

    def reopened(self, progress: Progress | None = None) -> DocumentSession:
        """The document as the files have it now."""
        return self.corpus.open_document(self.doc_id, self.annotator, progress,
                                         file_id=self.file_id)

    def save(self, doc: AnnotatedDocument, path: Path, annotator: str, *,
             expected_digest: str | None = None, progress: Progress | None = None,
             before_replace: Callable[[Path, str], None] | None = None):  # -> SaveResult
        if self.status == "new" and len(doc.annotations):
            self.status = "inProgress"  # (saved work is begun work, as annotate all says)
        return self.corpus.save_annotations(
            self.doc_id, doc, annotator, path=path, status=self.status,
            expected_digest=expected_digest, progress=progress, before_replace=before_replace,
            text_digest=self.text_digest)


@dataclass
class _Written:
    """A file added to a batch of annotate all (or of a merge): its document, the
    document's entities (for the register), the annotations added and, when known,
    the bytes, what the index keeps of them and their verdict (``index.checked``)."""

    doc_id: str
    entities: dict[str, Entity]
    added: int
    data: bytes | None = None
    summary: FileSummary | None = None
    verdict: str | None = None


class Corpus:
    """The corpus in the folder ``root``."""

    def __init__(self, root: Path, title: str, tagset: Tagset) -> None:
        self.root = root
        self.title = title
        self.tagset = tagset
        self.index = CorpusIndex(root)
        # The register as last read, with the file's (size, time, inode) then.
        self._register: tuple[tuple[int, int, int], dict[str, Entity],
                              dict[str, str]] | None = None

    # -- making and opening ----------------------------------------------------------------
    @classmethod
    def create(cls, root: str | os.PathLike[str], title: str = "",
               tagset: Tagset | None = None) -> Corpus:
        """Make a corpus in ``root`` (a new or empty folder)."""
        from annotator.corpus.tei_files import corpus_bytes
        from annotator.files import write_atomically
        from annotator.model import default_tagset

        folder = Path(root)
        if folder.exists() and not folder.is_dir():
            raise WriteError("is a file, not a folder", str(folder))
        if (folder / layout.CORPUS_FILE).exists():
            raise WriteError("is a corpus already", str(folder))
        if folder.is_dir() and any(not e.name.startswith(".") for e in folder.iterdir()):
            raise WriteError("is a folder with files in it; a corpus is made in a new or "
                             "empty folder", str(folder))
        try:
            (folder / layout.DOCUMENTS).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"cannot make the folder: {exc.strerror or exc}",
                             str(folder)) from None
        title = title or folder.resolve().name or "Corpus"
        tagset = tagset or default_tagset()
        write_atomically(folder / layout.CORPUS_FILE, corpus_bytes(title, tagset))
        if not (folder / ".gitignore").exists():
            write_atomically(folder / ".gitignore", layout.GITIGNORE.encode("utf-8"))
        corpus = cls(folder, title, tagset)
        corpus.index.refresh()
        return corpus

    @classmethod
    def open(cls, root: str | os.PathLike[str]) -> Corpus:
        """The corpus in ``root``; ``AnnotatorError`` if it is none or its corpus.xml is
        broken (a broken document is no reason not to open: ``check`` lists it)."""
        from annotator.corpus.tei_files import read_corpus_file
        from annotator.files import read_bytes

        folder = Path(root)
        if not folder.is_dir():
            raise ReadError("no such folder" if not folder.exists() else "is not a folder",
                            str(folder))
        path = folder / layout.CORPUS_FILE
        if not path.exists():
            raise ReadError(f"is not a corpus: it has no {layout.CORPUS_FILE} (make one with "
                            "'annotator corpus init')", str(folder))
        title, tagset = read_corpus_file(read_bytes(path), str(path))
        return cls(folder, title, tagset)

    # -- documents -------------------------------------------------------------------------
    def document_ids(self) -> list[str]:
        """The documents on disk (folders of ``documents/`` with a text.xml), sorted."""
        documents = self.root / layout.DOCUMENTS
        try:
            return sorted(e.name for e in os.scandir(documents)
                          if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)
                          and (Path(e.path) / layout.TEXT_FILE).exists())
        except FileNotFoundError:
            return []

    def refresh(self, progress: Progress | None = None) -> Refreshed:
        """Bring the index up to the files (see ``CorpusIndex.refresh``)."""
        return self.index.refresh(progress)

    def documents(self, progress: Progress | None = None) -> tuple[list[Listed], Refreshed]:
        """Every document with its metadata, statuses and counts per tag, after
        bringing the index up to date; and what could not be read."""
        refreshed = self.refresh(progress)
        return self.index.documents(), refreshed

    def info(self, doc_id: str) -> DocumentInfo:
        from annotator.corpus.tei_files import info_of
        from annotator.files import read_bytes

        path = self._text_path(doc_id)
        from annotator.corpus.tei_files import _checked

        return info_of(_checked(read_bytes(path), str(path)).getroot(), doc_id)

    def set_info(self, info: DocumentInfo) -> None:
        """Change a document's metadata: its text.xml's header is written anew, the
        text after it kept byte for byte."""
        from annotator.corpus.tei_files import with_info
        from annotator.files import read_bytes, write_atomically

        path = self._text_path(info.id)
        data = read_bytes(path)
        write_atomically(path, with_info(data, info, str(path)), expected_digest=file_digest(data))

    def _text_path(self, doc_id: str) -> Path:
        if not layout.is_document_id(doc_id):
            raise ReadError(f"{doc_id!r} is not a document id (lower-case letters, digits "
                            "and hyphens)")
        path = layout.text_path(self.root, doc_id)
        if not path.exists():
            raise ReadError(f"there is no document {doc_id!r} in the corpus", str(path))
        return path

    def open_document(self, doc_id: str, annotator: str,
                      progress: Progress | None = None, *,
                      file_id: str | None = None) -> DocumentSession:
        """The document ``doc_id`` as ``annotator`` annotates it: a session whose Save
        writes ``documents/ID/annotations/ANNOTATOR.xml`` and nothing else (``file_id``:
        the annotator's id names the file, else their name does; docs/team.md)."""
        own = layout.annotations_path(self.root, doc_id, file_id or annotator)
        session = self.open_document_file(doc_id, own, progress)
        if session.member is not None:
            session.member.annotator = annotator
        return session

    def open_document_file(self, doc_id: str, own: Path,
                           progress: Progress | None = None) -> DocumentSession:
        """The document ``doc_id`` with the annotations of the annotator's file ``own``
        (which need not exist yet)."""
        from annotator.corpus.tei_files import read_annotations
        from annotator.files import digest_bytes, read_bytes

        progress = progress or Progress()
        text_file = self._text_path(doc_id)
        progress.step(f"Reading {doc_id}…")
        text_data = read_bytes(text_file)
        own_data = read_bytes(own) if own.exists() else None
        doc, status = read_annotations(text_data, own_data, str(text_file), str(own),
                                       self.tagset)
        self._with_register(doc)
        with contextlib.suppress(OSError):  # (the lock file goes beside the annotations)
            own.parent.mkdir(exist_ok=True)
        progress.check()
        session = DocumentSession(doc, own, text_file,
                                  digest=digest_bytes(own_data) if own_data else None)
        session.member = CorpusMember(self, doc_id, "", status, file_id=own.stem,
                                      text_digest=digest_bytes(text_data))
        session.member.annotator = _annotator_named_by(doc, own)
        return session

    def annotators_of(self, doc_id: str) -> list[Path]:
        """The annotation files of a document, sorted."""
        folder = layout.document_folder(self.root, doc_id) / layout.ANNOTATIONS
        try:
            return sorted(p for p in folder.iterdir()
                          if p.suffix == ".xml" and not p.name.startswith("."))
        except FileNotFoundError:
            return []

    def read_all(self, doc_id: str) -> list[AnnotatedDocument]:
        """The document as each annotator annotated it (one per annotation file)."""
        from annotator.corpus.tei_files import read_annotations
        from annotator.files import read_bytes

        text_file = self._text_path(doc_id)
        text_data = read_bytes(text_file)
        found = [read_annotations(text_data, read_bytes(path), str(text_file), str(path),
                                  self.tagset)[0] for path in self.annotators_of(doc_id)]
        for doc in found:
            self._with_register(doc)
        return found

    def save_annotations(self, doc_id: str, doc: AnnotatedDocument, annotator: str, *,
                         path: Path | None = None, status: str | None = None,
                         description: str = "Annotations saved",
                         expected_digest: str | None = None,
                         progress: Progress | None = None,
                         before_replace: Callable[[Path, str], None] | None = None,
                         share: bool = True, batch: AtomicBatch | None = None,
                         added_only: bool = False, text_digest: str | None = None):
        """Write ``annotator``'s annotation file of ``doc_id`` (a revision recorded, taken
        back if the save fails), bring the register and the index up to it (unless
        ``share`` is False: a batch does both once at its end). With ``batch`` the file
        is only added to it: written when the batch is committed. ``added_only``: see
        ``tei_files.annotation_bytes`` (annotate all, on a document it has just read).
        ``text_digest``: of the text.xml ``doc`` was read with; the index then keeps the
        file's verdict (it passes every check of the reader, as everything written from
        a document read so does). Returns ``files.SaveResult``."""
        from annotator.corpus.tei_files import annotation_bytes, read_verdict, status_of
        from annotator.files import SaveResult, digest_bytes, write_atomically

        progress = progress or Progress()
        target = path or layout.annotations_path(self.root, doc_id, annotator)
        if status is None:
            status = "inProgress"
        known = set(doc.annotators)
        who = doc.annotator_for(annotator)
        revision = doc.record_revision(who.id, description)
        try:
            progress.step("Writing and validating the TEI…")
            data = annotation_bytes(doc, status, added_only=added_only)
            digest = digest_bytes(data)
            try:
                target.parent.mkdir(exist_ok=True)
            except OSError as exc:
                raise WriteError(f"cannot make the folder: {exc.strerror or exc}",
                                 str(target.parent)) from None
            announce = (None if before_replace is None
                        else lambda file: before_replace(file, digest))
            if batch is not None:
                batch.add(target, data, expected_digest=expected_digest)
                return SaveResult(digest, [])
            notes = write_atomically(target, data, progress=progress,
                                     expected_digest=expected_digest, before_replace=announce)
        except BaseException:
            doc.revisions.remove(revision)
            if who.id not in known:
                del doc.annotators[who.id]
            raise
        if share:
            self._register_entities(doc.entities.values())
            self.index.note_saved(doc_id, target, data, status_of(data, str(target)),
                                  None if text_digest is None
                                  else read_verdict(text_digest, digest))
        return SaveResult(digest, notes)

    def set_status(self, doc_id: str, annotator: str, status: str) -> None:
        """Set ``annotator``'s status of ``doc_id`` (new, inProgress, done)."""
        session = self.open_document(doc_id, annotator)
        self.save_annotations(doc_id, session.document, annotator, status=status,
                              description=f"Status: {layout.STATUS_LABELS.get(status, status)}",
                              expected_digest=session.digest)

    # -- the entity register ---------------------------------------------------------------
    def entities(self) -> dict[str, Entity]:
        """The corpus's entity register, by id (empty when there is no entities.xml)."""
        return dict(self._read_register()[0])

    def merges(self) -> dict[str, str]:
        """The entity ids merged into others across the corpus: old id -> the id it is
        now (followed to the end: a chain of merges gives the last)."""
        recorded = self._read_register()[1]
        return {old: _followed(recorded, old) for old in recorded}

    def _read_register(self) -> tuple[dict[str, Entity], dict[str, str]]:
        from annotator.corpus.tei_files import read_merges, read_register
        from annotator.files import read_bytes

        path = self.root / layout.REGISTER_FILE
        try:
            stat = path.stat()
        except FileNotFoundError:
            return {}, {}
        except OSError as exc:
            raise ReadError(f"cannot read: {exc.strerror or exc}", str(path)) from None
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if self._register is None or self._register[0] != signature:
            data = read_bytes(path)
            read = {e.id: e for e in read_register(data, str(path))}
            self._register = (signature, read, read_merges(data, str(path)))
        return self._register[1], self._register[2]

    def _with_register(self, doc: AnnotatedDocument,
                       register: tuple[dict[str, Entity], dict[str, str]] | None = None
                       ) -> None:
        """Bring a document just read up to the register: entities merged across the
        corpus since the file was written become the entity they were merged into, each
        entity takes the identifiers the register has for it (an identifier given once,
        in any document, reaches every document), and tagging may link to any entity of
        the register (``AnnotationStore.known_entities``)."""
        from annotator.model.edits import Edit, merge_entities, set_identifiers

        register, merged = register or (self.entities(), self.merges())
        for old in [e for e in doc.entities if e in merged]:
            kept = merged[old]
            if kept not in doc.entities:
                entity = register.get(kept)
                if entity is None or entity.kind != doc.entities[old].kind:
                    continue  # (a register edited by hand: the file stays as it is)
                Edit((), (), "", (), (entity,)).apply(doc)
            merge_entities(doc, kept, [old]).apply(doc)
        for entity in list(doc.entities.values()):
            known = register.get(entity.id)
            if known is None or known.kind != entity.kind or not known.identifiers:
                continue
            if set(known.identifiers) <= set(entity.identifiers):
                continue
            set_identifiers(doc, entity.id, known.identifiers).apply(doc)
        doc.annotations.known_entities = register

    def _register_entities(self, entities: Iterable[Entity]) -> None:
        """Put a saved document's entities into the register: new ones added; a known
        one keeps its name, kind and type and takes the identifiers the saved version
        has (an identifier is never removed through a document: nothing a document
        lacks is lost). An id merged away stays merged."""
        given = list(entities)
        if not given:
            return

        def add(register: dict[str, Entity], merged: dict[str, str]) -> None:
            for entity in given:
                known = register.get(entity.id)
                if entity.id in merged:
                    continue
                if known is None:
                    register[entity.id] = entity
                elif known.kind == entity.kind and entity.identifiers:
                    register[entity.id] = replace(known, identifiers=normal_identifiers(
                        known.identifiers + entity.identifiers))

        self._change_register(add)

    def _change_register(self, change: Callable[[dict[str, Entity], dict[str, str]], None]
                         ) -> None:
        """Rewrite the register as ``change`` (given copies of its entities and merges)
        leaves it; retried if another save changed it meanwhile."""
        from annotator.corpus.tei_files import register_bytes
        from annotator.files import file_digest as digest_of_file
        from annotator.files import write_atomically

        path = self.root / layout.REGISTER_FILE
        for _attempt in range(5):
            before = digest_of_file(path)
            entities, merged = self._read_register()
            new_entities, new_merged = dict(entities), dict(merged)
            change(new_entities, new_merged)
            if new_entities == entities and new_merged == merged:
                return
            data = register_bytes(sorted(new_entities.values(), key=lambda e: e.id),
                                  new_merged)
            if data is None:
                return  # (nothing to keep: a register is never emptied this way)
            try:
                write_atomically(path, data, expected_digest=before)
                return
            except ChangedOnDiskError:
                continue
        raise WriteError("the entity register kept changing while it was written; save "
                         "again", str(path))

    def mentions_of(self, entity_id: str) -> list[tuple[str, str, int]]:
        """Where the corpus mentions ``entity_id`` (or an id merged into it): (document
        id, annotator file stem, mentions), by document and annotator."""
        ids = [entity_id, *(old for old, kept in self.merges().items() if kept == entity_id)]
        found: dict[tuple[str, str], int] = {}
        for one in ids:
            for doc_id, annotator, count in self.index.mentions(one):
                found[(doc_id, annotator)] = found.get((doc_id, annotator), 0) + count
        return [(d, a, n) for (d, a), n in sorted(found.items())]

    def merge_entities(self, keep: str, others: Iterable[str], annotator: str,
                       progress: Progress | None = None) -> EntityReport:
        """Merge the register's entities ``others`` into ``keep`` across the corpus:
        ``annotator``'s files that mention them are rewritten (each a recorded
        revision); the register drops them, records each old id as the same as
        ``keep`` (so the files of other annotators are read through it until they
        save) and gives ``keep`` the identifiers it lacked."""
        from annotator.model.edits import Edit, merge_entities

        progress = progress or Progress()
        register = self.entities()
        if keep not in register:
            raise AnnotatorError(f"there is no entity {keep!r} in the corpus's register")
        gone = [e for e in dict.fromkeys(others) if e != keep]
        if not gone:
            raise AnnotatorError("choose at least two entities to merge")
        for old in gone:
            if old not in register:
                raise AnnotatorError(f"there is no entity {old!r} in the corpus's register")
            if register[old].kind != register[keep].kind:
                raise AnnotatorError(f"“{register[old].name}” is not of the kind of "
                                     f"“{register[keep].name}”")

        def edit(doc: AnnotatedDocument) -> Edit | None:
            present = [e for e in gone if e in doc.entities]
            if not present:
                return None
            if keep not in doc.entities:
                Edit((), (), "", (), (register[keep],)).apply(doc)
            return merge_entities(doc, keep, present)

        report = self._rewrite_files(gone, annotator, edit, progress)
        identifiers = dict(register[keep].identifiers)
        for old in gone:
            for scheme, value in register[old].identifiers:
                identifiers.setdefault(scheme, value)

        def record(entities: dict[str, Entity], merged: dict[str, str]) -> None:
            if keep in entities:
                entities[keep] = replace(entities[keep], identifiers=tuple(identifiers.items()))
            for old in gone:
                entities.pop(old, None)
                merged[old] = keep
            for old, kept in list(merged.items()):
                if kept in gone:
                    merged[old] = keep

        self._change_register(record)
        return report

    def split_entity(self, entity_id: str, doc_ids: Iterable[str], name: str,
                     annotator: str, progress: Progress | None = None) -> EntityReport:
        """Move every mention of ``entity_id`` in ``annotator``'s files of ``doc_ids`` to
        a new entity named ``name`` (of the same kind and type, with an id the register
        does not use); the new entity is ``report.entity``."""
        from annotator.model.edits import free_entity_id, split_entity

        progress = progress or Progress()
        register = self.entities()
        old = register.get(entity_id)
        if old is None:
            raise AnnotatorError(f"there is no entity {entity_id!r} in the corpus's register")
        name = " ".join(name.split())
        if not name:
            raise AnnotatorError("the new entity needs a name")
        chosen = set(doc_ids)
        if not chosen:
            raise AnnotatorError("choose the documents whose mentions move to the new entity")
        used = set(register) | set(self.merges())
        new_id = free_entity_id(old.kind, name, used.__contains__)
        entity = Entity(new_id, old.kind, name, old.type)

        def edit(doc: AnnotatedDocument) -> Edit | None:
            mentions = [a.id for a in doc.annotations.mentions(entity_id)]
            if not mentions:
                return None
            return split_entity(doc, entity_id, mentions, name, new_entity=entity)

        report = self._rewrite_files([entity_id], annotator, edit, progress, only=chosen)
        report.entity = entity
        self._register_entities([entity])
        return report

    def _rewrite_files(self, entity_ids: list[str], annotator: str,
                       edit: Callable[[AnnotatedDocument], Edit | None], progress: Progress,
                       only: set[str] | None = None) -> EntityReport:
        """Apply ``edit`` to ``annotator``'s file of every document that file mentions
        one of ``entity_ids`` in (of ``only``, when given), and save them in batches."""
        from annotator.files import AtomicBatch

        own = layout.annotator_file_name(annotator).removesuffix(".xml")
        documents = sorted({doc_id for one in entity_ids
                            for doc_id, stem, _n in self.index.mentions(one)
                            if stem == own and (only is None or doc_id in only)})
        report = EntityReport()
        batch = AtomicBatch()
        waiting: list[_Written] = []
        tagged = TagReport()
        try:
            for number, doc_id in enumerate(documents):
                progress.step(f"Rewriting {doc_id}…", number / max(1, len(documents)))
                try:
                    session = self.open_document(doc_id, annotator)
                    doc = session.document
                    change = edit(doc)
                    if change is None:
                        continue
                    change.apply(doc)
                    self.save_annotations(doc_id, doc, annotator,
                                          status=_at_least_started(session),
                                          description=change.description,
                                          expected_digest=session.digest, share=False,
                                          batch=batch)
                except Cancelled:
                    raise
                except AnnotatorError as exc:
                    report.failed.extend(exc.problems)
                    continue
                waiting.append(_Written(doc_id, doc.entities, 0))
                if len(batch) >= _BATCH_FILES:
                    self._commit(batch, waiting, annotator, tagged, {})
        finally:
            self._commit(batch, waiting, annotator, tagged, {})
        report.documents = tagged.documents
        report.failed.extend(tagged.failed)
        return report

    # -- importing ---------------------------------------------------------------------------
    def add(self, paths: Iterable[str | os.PathLike[str]], annotator: str = "",
            progress: Progress | None = None, *, file_id: str | None = None) -> ImportReport:
        """Import files and folders (text, TEI, HTML). Each document is written whole or
        not at all; a file that cannot be imported is reported and skipped; a text the
        corpus has already is reported as a duplicate. Cancel stops between files,
        keeping those already imported."""
        progress = progress or Progress()
        report = ImportReport()
        progress.step("Looking for files…")
        files, missing = files_to_import([Path(p) for p in paths])
        for failure in missing:
            report.failed.extend(failure.problems)
        self.refresh(progress)
        digests = self.index.text_digests()
        taken = set(self.document_ids())
        for number, path in enumerate(files):
            try:
                progress.step(f"Importing {path.name} ({number + 1:,} of {len(files):,})…",
                              number / max(1, len(files)))
            except Cancelled:
                report.cancelled = True
                break
            try:
                source = read_source(path)
            except AnnotatorError as exc:
                report.failed.extend(exc.problems)
                continue
            except RecursionError:
                report.failed.append(Problem("nests too deeply to be read", str(path)))
                continue
            digest = file_digest(source.document.text.encode("utf-8", "surrogatepass"))
            if digest in digests:
                report.duplicates.append((str(path), digests[digest]))
                continue
            try:
                doc_id = self._write_new(source, taken, annotator, file_id)
            except AnnotatorError as exc:
                report.failed.extend(Problem(p.message, str(path), p.line) for p in exc.problems)
                continue
            taken.add(doc_id)
            digests[digest] = doc_id
            report.added.append((str(path), doc_id))
            report.notes.extend(Problem(f"note: {n}", str(path)) for n in source.notes)
        self.refresh()
        return report

    def _write_new(self, source: Source, taken: set[str], annotator: str,
                   file_id: str | None = None) -> str:
        """Write one imported document under a new id: into a hidden folder first, which
        is then renamed into place, so a crash leaves no half document."""
        from annotator.corpus.tei_files import annotation_bytes, read_text, text_bytes
        from annotator.files import fsync_folder, write_atomically

        doc_id = layout.new_document_id(source.info.title, taken)
        info = source.info.edited(id=doc_id)
        data = text_bytes(source.document, info)
        _info, again = read_text(data, "text.xml")
        if again.text != source.document.text:  # never expected: the text is sacred
            raise WriteError("the text would not read back as it is; not imported")
        documents = self.root / layout.DOCUMENTS
        staging = documents / f".adding-{doc_id}-{os.getpid()}"
        try:
            if staging.exists():
                shutil.rmtree(staging)
            staging.mkdir(parents=True)
            write_atomically(staging / layout.TEXT_FILE, data)
            if source.original is not None:
                write_atomically(staging / layout.ORIGINAL_FILE, source.original)
            if source.annotated is not None:
                carried = source.annotated
                doc = AnnotatedDocument.create(
                    again, carried.tagset, carried.annotators.values(), carried.revisions,
                    list(carried.annotations), carried.entities.values())
                who = doc.annotator_for(annotator)
                doc.record_revision(who.id, f"Imported from {info.imported}")
                (staging / layout.ANNOTATIONS).mkdir()
                write_atomically(staging / layout.ANNOTATIONS
                                 / layout.annotator_file_name(file_id or annotator),
                                 annotation_bytes(doc, "inProgress"))
                self._register_entities(doc.entities.values())
            os.rename(staging, documents / doc_id)
            fsync_folder(documents)
        except OSError as exc:
            raise WriteError(f"cannot write the document: {exc.strerror or exc}",
                             str(documents / doc_id)) from None
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        return doc_id

    # -- searching and tagging ---------------------------------------------------------------
    def search(self, query: str, doc_id: str | None = None,
               progress: Progress | None = None, limit: int | None = None,
               refresh: bool = True) -> list[Hit]:
        """Every hit of ``query`` (see ``corpus.search``), by document then offset (with
        ``limit``: those of the first documents, at least ``limit`` when there are). The
        index is brought up to the files first unless ``refresh`` is False."""
        parsed = parse_query(query)
        if refresh:
            self.refresh(progress)
        return self.index.search(parsed, doc_id, progress, limit)

    def tag_all(self, query: str, tag: str, annotator: str, doc_id: str | None = None,
                progress: Progress | None = None,
                hits: list[Hit] | None = None, *, file_id: str | None = None) -> TagReport:
        """Annotate every hit of ``query`` (or the ``hits`` given: those left ticked in a
        review list) with ``tag`` in ``annotator``'s files, across the corpus or in
        ``doc_id``; spans already annotated with the tag are skipped. Each document is
        saved as it is done; cancel stops between documents."""
        progress = progress or Progress()
        if tag not in self.tagset:
            raise AnnotatorError(f"there is no tag {tag!r} in the corpus's tagset (one of "
                                 f"{', '.join(t.id for t in self.tagset)})")
        if hits is None:
            hits = self.search(query, doc_id, progress)
        by_document: dict[str, list[Hit]] = {}
        for hit in hits:
            by_document.setdefault(hit.document, []).append(hit)
        report = TagReport()
        entities: dict[str, Entity] = {}
        try:
            self._tag_documents(by_document, query, tag, annotator, report, entities, progress,
                                file_id)
        finally:  # (also after a cancel: what was saved is in the register and the index)
            self._register_entities(entities.values())
        return report

    def _tag_documents(self, by_document: dict[str, list[Hit]], query: str, tag: str,
                       annotator: str, report: TagReport, entities: dict[str, Entity],
                       progress: Progress, file_id: str | None = None) -> None:
        """Tag and save each document; the files are written in batches
        (``files.AtomicBatch``: one flush to disk for many files), each batch committed
        before the next begins and before this returns (a cancel too). Each document is
        tagged in the annotator's file (``corpus.adding``; a new one made from the
        corpus's empty file), one whose entities the register changed since through the
        full model."""
        from annotator.corpus.adding import NeedsFullModel, empty_file, tag_file, tag_new_file
        from annotator.corpus.tei_files import read_verdict
        from annotator.files import AtomicBatch, digest_bytes, read_bytes

        batch = AtomicBatch()
        waiting: list[_Written] = []
        verdicts = self.index.checked()
        empty: bytes | None = None  # (the corpus's empty annotation file, once needed)
        # (read once: the register is written when annotate all is done, so every
        # document is brought up to the same one)
        register = (self.entities(), self.merges())
        try:
            for number, (found_id, found) in enumerate(by_document.items()):
                progress.step(f"Annotating {found_id}…", number / max(1, len(by_document)))
                spans = [(h.start, h.end) for h in found]
                try:
                    text_file = self._text_path(found_id)
                    own = layout.annotations_path(self.root, found_id, file_id or annotator)
                    written, tagged = None, None
                    if own.is_file():
                        text_data, own_data = read_bytes(text_file), read_bytes(own)
                        text_digest, own_digest = digest_bytes(text_data), digest_bytes(own_data)
                        relative = own.relative_to(self.root).as_posix()
                        try:
                            tagged = tag_file(
                                text_data, own_data, str(text_file), str(own), self.tagset,
                                spans, tag, annotator,
                                lambda description: f"{description} (“{query}”)",
                                checked=verdicts.get(relative) == read_verdict(text_digest,
                                                                               own_digest),
                                with_register=lambda doc: self._with_register(doc, register))
                        except NeedsFullModel:
                            tagged = None
                    else:
                        text_data, own_digest = read_bytes(text_file), None
                        text_digest = digest_bytes(text_data)
                        empty = empty or empty_file(self.tagset)
                        tagged = tag_new_file(
                            text_data, str(text_file), str(own), self.tagset, empty, spans,
                            tag, annotator, lambda description: f"{description} (“{query}”)",
                            with_register=lambda doc: self._with_register(doc, register))
                    if tagged is not None:
                        report.skipped += tagged.skipped
                        if tagged.data is None:
                            continue
                        if own_digest is None:
                            _make_folder(own.parent)
                        batch.add(own, tagged.data, expected_digest=own_digest)
                        written = _Written(found_id, tagged.entities, tagged.added,
                                           tagged.data, tagged.summary,
                                           read_verdict(text_digest, digest_bytes(tagged.data)))
                    if written is None:
                        written = self._tag_through_model(found_id, spans, query, tag,
                                                          annotator, report, batch, file_id)
                        if written is None:
                            continue
                except Cancelled:
                    raise
                except AnnotatorError as exc:
                    report.failed.extend(exc.problems)
                    continue
                waiting.append(written)
                if len(batch) >= _BATCH_FILES:
                    self._commit(batch, waiting, annotator, report, entities)
        finally:
            self._commit(batch, waiting, annotator, report, entities)

    def _tag_through_model(self, doc_id: str, spans: list[tuple[int, int]], query: str,
                           tag: str, annotator: str, report: TagReport, batch: AtomicBatch,
                           file_id: str | None) -> _Written | None:
        """Tag one document as the window does: read whole, tagged, written whole."""
        from annotator.corpus.tei_files import read_verdict
        from annotator.model.edits import add_missing

        session = self.open_document(doc_id, annotator, file_id=file_id)
        doc = session.document
        resp = doc.annotator_for(annotator).id
        edit, skipped = add_missing(doc, spans, tag, resp)
        report.skipped += skipped
        if edit is None:
            return None
        edit.apply(doc)
        saved = self.save_annotations(doc_id, doc, annotator, path=session.tei_path,
                                      status=_at_least_started(session),
                                      description=f"{edit.description} (“{query}”)",
                                      expected_digest=session.digest, share=False,
                                      batch=batch, added_only=True)
        text_digest = session.member.text_digest if session.member is not None else None
        return _Written(doc_id, doc.entities, len(edit.after),
                        verdict=None if text_digest is None
                        else read_verdict(text_digest, saved.digest))

    def _commit(self, batch: AtomicBatch, waiting: list[_Written], annotator: str,
                report: TagReport, entities: dict[str, Entity]) -> None:
        """Write the batch's files; put those written into the report and the index."""
        from annotator.corpus.tei_files import status_of
        from annotator.files import read_bytes

        if not waiting:
            return
        outcomes = batch.commit()
        saved: list[tuple[str, Path, bytes, FileSummary, str | None]] = []
        for written, (path, failure) in zip(waiting, outcomes, strict=True):
            if failure is not None:
                report.failed.extend(failure.problems)
                continue
            entities.update(written.entities)
            report.added += written.added
            report.documents.append(written.doc_id)
            data, summary = written.data, written.summary
            if data is None or summary is None:
                try:
                    data = read_bytes(path)
                    summary = status_of(data, str(path))
                except AnnotatorError:
                    continue  # (changed meanwhile: the next refresh reads it)
            saved.append((written.doc_id, path, data, summary, written.verdict))
        waiting.clear()
        self.index.note_saved_many(saved)

    # -- checking ------------------------------------------------------------------------------
    def check(self, progress: Progress | None = None) -> list[Problem]:
        """Every problem of every file of the corpus, as ``file:line: message``."""
        from annotator.corpus.check import check_corpus

        return check_corpus(self, progress or Progress())


# Files written per flush to disk by annotate all (each holds an open file until then).
_BATCH_FILES = 256


def _followed(merged: dict[str, str], old: str) -> str:
    """The id ``old`` became through the chain of merges (a cycle, which only a hand
    edit makes, stops where it closes)."""
    seen = {old}
    current = merged[old]
    while current in merged and current not in seen:
        seen.add(current)
        current = merged[current]
    return current


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot make the folder: {exc.strerror or exc}", str(folder)) \
            from None


def _at_least_started(session: DocumentSession) -> str:
    member = session.member
    status = member.status if member is not None else "new"
    return "inProgress" if status == "new" else status


def is_corpus(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a corpus folder."""
    return (Path(path) / layout.CORPUS_FILE).is_file()


def open_corpus_file(path: Path, progress: Progress | None = None) -> DocumentSession:
    """A corpus's file opened by its path (``files.open_document``): an annotator's file
    as that annotator's session (saves go to it, as from the corpus); a text.xml as its
    text, unannotated, with no file to save to (annotations belong in an annotator's
    file: open the document from its corpus)."""
    from annotator.corpus.tei_files import read_text
    from annotator.files import read_bytes

    found = layout.corpus_file(path)
    if found is None:
        raise ReadError("not a file of a corpus", str(path))
    corpus = Corpus.open(found.root)
    if found.kind == "text":
        _info, document = read_text(read_bytes(path), str(path))
        return DocumentSession(AnnotatedDocument.create(document, corpus.tagset), None, path,
                               notes=["the text of a corpus document: annotate it from its "
                                      "corpus, where your annotations get a file of their "
                                      "own"])
    session = corpus.open_document_file(found.doc_id, path, progress)
    return session


def restored_corpus_session(annotated: AnnotatedDocument, path: Path
                            ) -> DocumentSession | None:
    """Work restored after a crash on a corpus's annotation file (``files.restore_session``):
    the session saves into that file again, if the document's text is still the same;
    None when ``path`` is no annotator's file of a corpus."""
    from annotator.corpus.tei_files import read_text
    from annotator.files import read_bytes

    found = layout.corpus_file(path)
    if found is None or found.kind != "annotations":
        return None
    text_file = layout.text_path(found.root, found.doc_id)
    try:
        corpus = Corpus.open(found.root)
        _info, document = read_text(read_bytes(text_file), str(text_file))
    except AnnotatorError:
        document = None
    if document is None or document.text != annotated.document.text:
        return DocumentSession(annotated, None, notes=[
            f"the corpus text of {found.doc_id} can no longer be read as it was; save the "
            "restored work under a new name"])
    session = DocumentSession(annotated, path, text_file)
    session.member = CorpusMember(corpus, found.doc_id, _annotator_named_by(annotated, path),
                                  file_id=path.stem)
    return session


def _annotator_named_by(doc: AnnotatedDocument, path: Path) -> str:
    """The annotator whose file ``path`` is (its name gives the file name)."""
    for person in doc.annotators.values():
        if layout.annotator_file_name(person.name) == path.name:
            return person.name
    return path.stem
