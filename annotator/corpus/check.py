"""``corpus check``: every file of a corpus checked, each problem as ``file:line: message``.

The corpus file against the native schema (``annotator.rng`` + ``annotator.sch``);
texts, annotation files, curated layers and the register against ``corpus.rng``;
each annotation file (and curated layer) also read with its text, which runs every
rule of the native file on it.
Files that do not belong (a document folder without text.xml, a half-imported
folder a crash left) are named too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.corpus import layout
from annotator.errors import AnnotatorError, Problem
from annotator.progress import Progress

if TYPE_CHECKING:
    from annotator.corpus.folder import Corpus


def check_corpus(corpus: Corpus, progress: Progress) -> list[Problem]:
    from annotator.corpus.tei_files import _checked, read_annotations, read_register
    from annotator.files import read_bytes
    from annotator.tei.validation import validate_bytes

    root = corpus.root
    problems: list[Problem] = []

    def attempt(action, *args) -> object:
        try:
            return action(*args)
        except AnnotatorError as exc:
            problems.extend(exc.problems)
            return None

    corpus_file = root / layout.CORPUS_FILE
    data = attempt(read_bytes, corpus_file)
    if data is not None:
        problems.extend(validate_bytes(data, str(corpus_file)))
    register = root / layout.REGISTER_FILE
    if register.exists():
        data = attempt(read_bytes, register)
        if data is not None:
            attempt(read_register, data, str(register))
    documents = root / layout.DOCUMENTS
    try:
        entries = sorted(os.scandir(documents), key=lambda e: e.name)
    except OSError as exc:
        return [*problems, Problem(f"cannot read the documents folder: {exc.strerror or exc}",
                                   str(documents))]
    for number, entry in enumerate(entries):
        progress.step(f"Checking {entry.name}…", number / max(1, len(entries)))
        folder = Path(entry.path)
        if entry.name.startswith(".adding-"):
            problems.append(Problem("an import that did not finish left this folder; it can "
                                    "be deleted", str(folder)))
            continue
        if entry.name.startswith("."):
            continue
        if not entry.is_dir(follow_symlinks=False):
            problems.append(Problem("a file where only document folders belong", str(folder)))
            continue
        if not layout.is_document_id(entry.name):
            problems.append(Problem("not a document id (lower-case letters, digits and "
                                    "hyphens): the folder is left out", str(folder)))
            continue
        text_file = folder / layout.TEXT_FILE
        if not text_file.exists():
            problems.append(Problem(f"a document folder without its {layout.TEXT_FILE}: "
                                    "the document is left out", str(folder)))
            continue
        text_data = attempt(read_bytes, text_file)
        if text_data is None or attempt(_checked, text_data, str(text_file)) is None:
            continue
        for path in corpus.annotators_of(entry.name):
            data = attempt(read_bytes, path)
            if data is None or attempt(_checked, data, str(path)) is None:
                continue
            attempt(read_annotations, text_data, data, str(text_file), str(path),
                    corpus.tagset)
        curated = layout.curated_path(root, entry.name)
        if curated.exists():
            from annotator.team.curated_file import read_curated

            data = attempt(read_bytes, curated)
            if data is not None:
                attempt(read_curated, text_data, data, str(text_file), str(curated),
                        corpus.tagset)
    return problems
