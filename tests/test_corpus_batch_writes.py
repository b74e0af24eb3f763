"""Annotate all writes its files in batches (``files.AtomicBatch``: the files written,
flushed to disk together, then each renamed into place). A real process killed with
SIGKILL in the middle of a batch, while it writes the temporary files or between two
renames, leaves every annotation file either as it was or complete and valid; the next
run finishes the work and removes what the killed one left. No mocks: the child is a
real Python process, the kill a real SIGKILL (the child sends it to itself at a chosen
point so that each point is hit every time)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_corpus_properties import texts

from annotator.corpus import Corpus, layout
from annotator.corpus.tei_files import read_annotations
from annotator.errors import AnnotationError, ChangedOnDiskError, ProtectedFileError
from annotator.files import AtomicBatch, digest_bytes
from annotator.model.edits import add_missing

ROOT = Path(__file__).resolve().parent.parent
ANNOTATED = ROOT / "resources" / "samples" / "patriot-de.annotated.xml"
DOCUMENTS = 24
WORD = "Zeitenwende"

CHILD = """
import os, signal, sys
sys.path.insert(0, {root!r})
from annotator.corpus import Corpus
from annotator.progress import Progress

root, where, after = sys.argv[1], sys.argv[2], int(sys.argv[3])
real_replace = os.replace
renamed = 0

def replace(source, target):
    global renamed
    if where == "rename" and renamed == after and str(target).endswith(".xml"):
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(source, target)
    renamed += 1

os.replace = replace

class Dying(Progress):
    done = 0
    def step(self, label, fraction=None):
        if label.startswith("Annotating"):
            if where == "write" and self.done == after:
                os.kill(os.getpid(), signal.SIGKILL)
            self.done += 1
        super().step(label, fraction)

print("TAGGING", flush=True)
Corpus.open(root).tag_all({word!r}, "actor", "Ana", progress=Dying())
print("FINISHED", flush=True)
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    made = Corpus.create(tmp_path / "corpus", "Batch")
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(DOCUMENTS):
        (folder / f"bericht-{number:02d}.txt").write_text(
            f"Bericht {number}: die Ukraine erhält Hilfe.\n\nVon einer {WORD} sprach "
            f"niemand; die {WORD} blieb aus.\n", encoding="utf-8")
    made.add([folder], "Ana")
    made.tag_all("Ukraine", "actor", "Ana")  # every document has its file already
    return made


def own_files(corpus: Corpus) -> dict[str, bytes]:
    return {p.parts[-3]: p.read_bytes()
            for p in sorted((corpus.root / layout.DOCUMENTS).glob("*/annotations/ana.xml"))}


def word_annotations(corpus: Corpus, doc_id: str, data: bytes) -> int:
    """How many annotations of the word the file has; it must read (valid, whole)."""
    text = layout.text_path(corpus.root, doc_id)
    doc, _status = read_annotations(text.read_bytes(), data, str(text), doc_id,
                                    corpus.tagset)
    return sum(1 for a in doc.annotations if doc.document.text[a.start:a.end] == WORD)


def leftovers(corpus: Corpus) -> list[Path]:
    return [p for p in (corpus.root / layout.DOCUMENTS).glob("*/annotations/.*")
            if p.name.endswith(".tmp")]


def killed(corpus: Corpus, where: str, after: int, tmp_path: Path) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(CHILD.format(root=str(ROOT), word=WORD), encoding="utf-8")
    run = subprocess.run([sys.executable, str(driver), str(corpus.root), where, str(after)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == -signal.SIGKILL, run.stdout + run.stderr[-3000:]
    assert run.stdout.splitlines() == ["TAGGING"]


@pytest.mark.parametrize(("where", "after"), [("write", 0), ("write", DOCUMENTS // 2),
                                              ("write", DOCUMENTS - 1), ("rename", 0),
                                              ("rename", 1), ("rename", DOCUMENTS // 2),
                                              ("rename", DOCUMENTS - 1)])
def test_a_batch_killed_midway_leaves_each_file_old_or_new_and_whole(corpus, tmp_path, where,
                                                                     after):
    before = own_files(corpus)
    assert len(before) == DOCUMENTS
    killed(corpus, where, after, tmp_path)
    now = own_files(corpus)
    assert set(now) == set(before)
    new = [doc_id for doc_id in now if now[doc_id] != before[doc_id]]
    for doc_id, data in now.items():
        assert word_annotations(corpus, doc_id, data) == (2 if doc_id in new else 0)
    # Killed while writing the temporary files: no file was replaced yet; killed at the
    # n-th rename: exactly n were.
    assert len(new) == (0 if where == "write" else after)
    if where == "write" and after:
        assert leftovers(corpus)  # the killed run's temporary files, never renamed

    report = Corpus.open(corpus.root).tag_all(WORD, "actor", "Ana")
    assert report.failed == []
    assert sorted(report.documents) == sorted(set(now) - set(new))
    assert report.skipped == 2 * len(new)
    finished = own_files(corpus)
    assert all(word_annotations(corpus, d, data) == 2 for d, data in finished.items())
    assert leftovers(corpus) == []
    assert Corpus.open(corpus.root).check() == []


def test_a_batch_file_changed_meanwhile_is_not_replaced_and_the_rest_are(tmp_path):
    files = [tmp_path / f"f{n}.xml" for n in range(3)]
    for path in files:
        path.write_bytes(b"old")
    batch = AtomicBatch()
    for path in files:
        batch.add(path, b"new " + path.name.encode(), expected_digest=digest_bytes(b"old"))
    files[1].write_bytes(b"somebody else's")
    outcomes = batch.commit()
    assert [p for p, _ in outcomes] == files
    assert outcomes[0][1] is None and outcomes[2][1] is None
    assert isinstance(outcomes[1][1], ChangedOnDiskError)
    assert [p.read_bytes() for p in files] == [b"new f0.xml", b"somebody else's",
                                               b"new f2.xml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f0.xml", "f1.xml", "f2.xml"]


def test_an_abandoned_batch_replaces_nothing_and_leaves_nothing(tmp_path):
    path = tmp_path / "f.xml"
    path.write_bytes(b"old")
    batch = AtomicBatch()
    batch.add(path, b"new")
    batch.abandon()
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.xml"]


def test_a_batch_refuses_what_a_single_save_refuses(tmp_path):
    """The same checks as ``write_atomically`` (``safe_files``): a folder is not replaced."""
    folder = tmp_path / "folder.xml"
    folder.mkdir()
    batch = AtomicBatch()
    with pytest.raises(ProtectedFileError, match="is a folder"):
        batch.add(folder, b"new")
    assert len(batch) == 0
    assert os.listdir(tmp_path) == ["folder.xml"]


# -- what annotate all leaves out of the check of what it writes ------------------------------
# Annotate all writes a document it has just read (every rule checked) with only the
# annotations edits.add_missing made added (and the register's identifiers): the
# native file's RELAX NG and Schematron are left out (``added_only``). These tests show
# that the full check passes on such documents and that both ways write the same bytes.
def tagged_both_ways(corpus: Corpus, doc_id: str, spans: list[tuple[int, int]], tag: str
                     ) -> tuple[bytes, bytes] | None:
    from annotator.corpus.tei_files import annotation_bytes

    session = corpus.open_document(doc_id, "Ana")
    doc = session.document
    try:
        edit, _skipped = add_missing(doc, spans, tag, doc.annotator_for("Ana").id)
    except AnnotationError:  # (refused before anything is written: no name to link, ...)
        return None
    if edit is None:
        return None
    edit.apply(doc)
    doc.record_revision(doc.annotator_for("Ana").id, "Tagged")
    return annotation_bytes(doc, "inProgress"), annotation_bytes(doc, "inProgress",
                                                                 added_only=True)


@settings(max_examples=60, deadline=None)
@given(text=texts, picks=st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 12)),
                                  min_size=1, max_size=5),
       tag=st.sampled_from(["actor", "weapon", "commitment"]), before=st.booleans())
def test_annotate_all_writes_what_the_fully_checked_save_writes(text, picks, tag, before):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "a.txt").write_text(text, encoding="utf-8", newline="")
        corpus = Corpus.create(root / "corpus")
        [(_path, doc_id)] = corpus.add([root / "a.txt"], "Ana").added
        length = len(corpus.open_document(doc_id, "Ana").document.document.text)
        spans = [(s % max(1, length), s % max(1, length) + n) for s, n in picks]
        if before:  # an annotation saved earlier, by a save checked in full
            session = corpus.open_document(doc_id, "Ana")
            doc = session.document
            try:
                edit, _skipped = add_missing(doc, spans[:1], "weapon", doc.annotator_for("Ana").id)
            except AnnotationError:
                edit = None
            if edit is not None:
                edit.apply(doc)
                session.write(session.tei_path, "Ana")
        written = tagged_both_ways(corpus, doc_id, spans, "actor" if before else tag)
        if written is not None:
            checked, trusted = written
            assert trusted == checked


def test_annotate_all_on_the_annotated_sample_with_register_identifiers(tmp_path):
    corpus = Corpus.create(tmp_path / "corpus")
    shutil.copy(ANNOTATED, tmp_path / "patriot.xml")
    [(_path, doc_id)] = corpus.add([tmp_path / "patriot.xml"], "Ana").added
    assert any(e.identifiers for e in corpus.entities().values())
    spans = [(h.start, h.end) for h in corpus.search("Ukraine")]
    for tag in ("actor", "weapon", "commitment"):
        checked, trusted = tagged_both_ways(corpus, doc_id, spans, tag)
        assert trusted == checked
