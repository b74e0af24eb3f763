"""``annotator suggest FILE... --train PATH... [--tagset FILE] [--format jsonl|csv] -o OUT``
(docs/suggestions.md): suggestions for the FILEs, learnt from the training paths."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

from annotator.errors import AnnotatorError, ReadError
from annotator.filenames import shown_name
from annotator.model.entities import Entity
from annotator.model.tagset import Tag, Tagset, default_tagset
from annotator.suggest import clusters, crf
from annotator.suggest.engine import Suggester
from annotator.suggest.sources import Labelled, labelled_of
from annotator.suggest.suggestion import SOURCES

# The suffixes of training files read as Annotator's documents (TEI, plain text) and
# as other tools' annotations; a folder contributes the files with these.
DOCUMENT_SUFFIXES = (".xml", ".tei", ".txt")
FOREIGN_SUFFIXES = {".jsonl": "doccano", ".conll": "conll", ".iob": "conll"}
COLUMNS = ("document", "start", "end", "text", "tag", "score", "source")
# Colours of tags made from training labels: the tagset editor's first ones.
_COLOURS = ("#f4a261", "#2a9d8f", "#8e7dbe", "#e76f51", "#264653", "#e9c46a")


def add_parser(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser(
        "suggest", help="suggest annotations learnt from annotated documents",
        description="Suggest annotations for the FILEs (TEI or plain text), learnt from the "
                    "--train paths: corpus folders, folders of files, or files Annotator "
                    "reads (TEI, text, doccano JSON Lines {\"text\": …, \"label\": [[start, "
                    "end, \"TAG\"], …]} with offsets in code points, CoNLL). Writes one "
                    "suggestion per line: document, start, end (code points of the text "
                    "'export --format txt' writes), text, tag, score, source.")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--train", nargs="+", required=True, metavar="PATH")
    parser.add_argument("--tagset", metavar="FILE",
                        help="the tags to suggest: a TEI file or a JSON tagset (default: "
                             "the tags of the training data)")
    parser.add_argument("--format", "-f", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument("--sources", default=",".join(SOURCES),
                        help=f"comma-separated sources to use (default: {','.join(SOURCES)})")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="output file, or - for standard output")
    parser.add_argument("--force", action="store_true", help="overwrite OUT if it exists")


def run(args: argparse.Namespace, refuse_overwrite: Callable[[str, bool], None]) -> int:
    from annotator.files import load_tagset, open_document, write_output

    sources = [s.strip() for s in args.sources.split(",") if s.strip()]
    unknown = [s for s in sources if s not in SOURCES]
    if unknown or not sources:
        raise AnnotatorError(f"unknown source {', '.join(unknown) or '(none)'}; choose from "
                             + ", ".join(SOURCES))
    refuse_overwrite(args.output, args.force)
    given = load_tagset(args.tagset) if args.tagset else None
    training = Training(given)
    for path in args.train:
        training.add_path(Path(path))
    if not training.documents:
        raise AnnotatorError("no training documents found", args.train[0])
    tagset = training.tagset()
    if "tagger" in sources and not crf.available():
        print(f"note: {crf.MISSING}; suggesting without it", file=sys.stderr)
    suggester = Suggester.build(tagset, training.documents, training.register.values(),
                                sources)
    opened_files = [(file, open_document(file)) for file in args.files]
    if "tagger" in sources and crf.available():
        # The FILEs' texts are unlabelled text too: how their words are written and
        # which stand in the same company (the word clusters, learnt for this run).
        texts = [doc.text for doc in training.documents]
        texts += [opened.document.document.text for _file, opened in opened_files]
        found = clusters.cached(list(dict.fromkeys(texts)), None)
        suggester.learn(training.documents, texts, clusters=found)
    rows = []
    for file, opened in opened_files:
        doc = opened.document
        annotated = [(a.start, a.end, a.tag) for a in doc.annotations]
        text = doc.document.text
        for item in suggester.suggest(text, annotated):
            row = {"document": shown_name(file), "start": item.start, "end": item.end,
                   "text": text[item.start:item.end], "tag": item.tag,
                   "score": item.score, "source": item.source}
            if item.identifiers:
                row["identifiers"] = dict(item.identifiers)
            rows.append(row)
    write_output(args.output, _encode(rows, args.format), like=args.files[0])
    return 0


def _encode(rows: list[dict], fmt: str) -> bytes:
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in COLUMNS])
    return out.getvalue().encode()


class Training:
    """The training documents read from the paths, and the tags they use."""

    def __init__(self, tagset: Tagset | None) -> None:
        self.given = tagset
        self.documents: list[Labelled] = []
        self.register: dict[str, Entity] = {}
        self.known: dict[str, Tag] = {}  # tags of the training documents' own tagsets
        self.labels: dict[str, tuple[str, int | None]] = {}  # label -> where first seen

    def add_path(self, path: Path) -> None:
        from annotator.corpus.folder import is_corpus

        if path.is_dir():
            if is_corpus(path):
                self._add_corpus(path)
                return
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in (*DOCUMENT_SUFFIXES,
                                                                *FOREIGN_SUFFIXES):
                    self.add_file(child)
            return
        if not path.exists():
            raise ReadError("no such file or folder", str(path))
        self.add_file(path)

    def add_file(self, path: Path) -> None:
        from annotator.files import open_document

        fmt = FOREIGN_SUFFIXES.get(path.suffix.lower())
        if fmt == "doccano":
            self._add_doccano(path)
        elif fmt is not None:
            from annotator.files import read_foreign

            self._add_foreign(read_foreign(path, fmt), str(path))
        else:
            opened = open_document(path)
            self._add_annotated(opened.document, shown_name(path))

    def _add_corpus(self, root: Path) -> None:
        from annotator.corpus.folder import Corpus

        corpus = Corpus.open(root)
        self.register.update(corpus.entities())
        for doc_id in corpus.document_ids():
            for doc in corpus.read_all(doc_id):
                self._add_annotated(doc, doc_id)

    def _add_annotated(self, doc, name: str) -> None:  # doc: AnnotatedDocument
        for tag in doc.tagset:
            self.known.setdefault(tag.id, tag)
        for entity in doc.entities.values():
            self.register.setdefault(entity.id, entity)
        learnt = labelled_of(doc, name)
        for _s, _e, tag in learnt.spans:
            self._check_label(tag, name, None)
        self.documents.append(learnt)

    def _add_doccano(self, path: Path) -> None:
        from annotator.files import read_bytes
        from annotator.formats.labelstudio import read_doccano

        data = read_bytes(path)
        for number, line in enumerate(data.split(b"\n"), 1):
            if not line.strip():
                continue
            try:
                foreign = read_doccano(line, str(path))
            except AnnotatorError as exc:
                raise ReadError(exc.message, str(path), number) from None
            self._add_foreign(foreign, str(path), number)

    def _add_foreign(self, foreign, path: str, line: int | None = None) -> None:
        spans = []
        for span in foreign.spans:
            self._check_label(span.label, path, line or span.line)
            start, end = span.ranges[0]
            spans.append((start, end, span.label))
        self.documents.append(Labelled(foreign.text, tuple(spans), shown_name(path)))

    def _check_label(self, label: str, path: str, line: int | None) -> None:
        if self.given is not None and label not in self.given:
            raise ReadError(f"label {label!r} is not a tag of the tagset given with --tagset "
                            f"({', '.join(self.given.ids())})", path, line)
        self.labels.setdefault(label, (path, line))

    def tagset(self) -> Tagset:
        """The given tagset, else the training data's labels as tags (with what the
        training documents' own tagsets say of them)."""
        if self.given is not None:
            return self.given
        tags = []
        for index, (label, (path, line)) in enumerate(self.labels.items()):
            if label in self.known:
                tags.append(self.known[label])
                continue
            if label in default_tagset():  # its entity kinds let the gazetteers in
                tags.append(default_tagset()[label])
                continue
            try:
                tags.append(Tag(label, label, _COLOURS[index % len(_COLOURS)]))
            except AnnotatorError as exc:
                raise ReadError(f"label {label!r} cannot be a tag: {exc.message}", path,
                                line) from None
        if not tags:
            raise AnnotatorError("the training data has no annotations to learn from")
        return Tagset(tags)

