"""``annotator corpus VERB``: the corpus on the command line (docs/corpus.md).

    annotator corpus init DIR [--tagset FILE] [--title TITLE]
    annotator corpus add DIR PATH...                  files or folders: .txt, TEI .xml, .html
    annotator corpus list DIR [--format table|csv|jsonl]   (with who is assigned, state)
    annotator corpus search DIR QUERY [--document ID] [--format table|csv|jsonl]
    annotator corpus tag DIR QUERY --tag TAG [--document ID]
    annotator corpus export DIR --format F -o OUT
    annotator corpus check DIR
    annotator corpus agreement DIR [--annotators a,b] [--tag T] [--format table|csv|json]
    annotator corpus assign DIR --annotators a,b,c --per-document 2
    annotator corpus sync DIR [--remote URL]
    annotator corpus resolve DIR [CONFLICT...] [--keep ours|theirs]
    annotator corpus curate DIR DOC [--take-agreed] [--annotator NAME]

``annotator.cli`` builds the parser with ``add_parser`` and runs ``run``; the name of
the annotator comes from there (the window's setting), so nothing here needs Qt.
Errors are ``AnnotatorError``s, printed by the CLI as ``file:line: message``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable

from annotator.errors import AnnotatorError, Problem

EXIT_OK, EXIT_FAILED = 0, 1
OUTPUTS = ("table", "csv", "jsonl")
LIST_COLUMNS = ("id", "status", "title", "outlet", "date", "url", "author", "language",
                "annotators", "annotations", "counts", "assigned", "state")
SEARCH_COLUMNS = ("document", "start", "end", "text", "context")


def add_parser(verbs: argparse._SubParsersAction) -> None:
    from annotator.corpus.tables import EXPORTS

    corpus = verbs.add_parser(
        "corpus", help="work with a corpus: a folder of documents with one tagset",
        description="A corpus is a folder of documents with one shared tagset and entity "
                    "register; each annotator's annotations of a document are a file of "
                    "their own (docs/corpus.md). Run 'annotator corpus VERB --help'.")
    actions = corpus.add_subparsers(dest="corpus_verb", metavar="VERB", required=True)

    init = actions.add_parser("init", help="make a new corpus in a folder",
                              description="Make a new corpus in DIR (a new or empty folder).")
    init.add_argument("dir", metavar="DIR")
    init.add_argument("--tagset", metavar="FILE",
                      help="the tagset: a TEI file or a JSON tagset (default: the default "
                           "tagset)")
    init.add_argument("--title", default="", help="the corpus's title (default: the "
                                                  "folder's name)")

    add = actions.add_parser(
        "add", help="import files and folders into a corpus",
        description="Import plain-text articles, TEI files and news pages saved as HTML "
                    "(the article and its title, outlet, date, author and URL are "
                    "extracted). Folders are searched for .txt, .xml, .tei, .html and .htm "
                    "files. A text the corpus has already is skipped as a duplicate; a "
                    "file that cannot be imported is reported as 'file:line: message' and "
                    "skipped, the rest are imported (exit 1 if any was skipped so).")
    add.add_argument("dir", metavar="DIR")
    add.add_argument("paths", nargs="+", metavar="PATH")
    _annotator_option(add, "whose annotation file gets the annotations a TEI file "
                           "already has")

    listing = actions.add_parser(
        "list", help="list the documents of a corpus",
        description="One line per document: id, status, date, outlet, title and the "
                    "number of annotations per tag.")
    listing.add_argument("dir", metavar="DIR")
    listing.add_argument("--format", "-f", choices=OUTPUTS, default="table")

    search = actions.add_parser(
        "search", help="search all documents for a word or phrase",
        description="Search for a word or a phrase (its words in a row), case-insensitive "
                    "and whole words: 'Ukraine' matches 'Ukraine-Krieg' but not 'Ukraines'; "
                    "'Patriot*' matches words beginning so. One hit per line: document, "
                    "start, end, text, context; start and end count characters (code "
                    "points) of the document's text as 'annotator export --format txt' "
                    "writes it.")
    search.add_argument("dir", metavar="DIR")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--document", metavar="ID", help="search this document only")
    search.add_argument("--format", "-f", choices=OUTPUTS, default="table")

    tag = actions.add_parser(
        "tag", help="annotate every occurrence of a word or phrase",
        description="Annotate every hit of QUERY (as 'search' finds them) with TAG in the "
                    "annotator's own files; spans already annotated with TAG are skipped. "
                    "Prints how many annotations were added.")
    tag.add_argument("dir", metavar="DIR")
    tag.add_argument("query", metavar="QUERY")
    tag.add_argument("--tag", required=True, help="the tag's id (actor, weapon, …)")
    tag.add_argument("--document", metavar="ID", help="in this document only")
    _annotator_option(tag, "whose annotation files are written")

    export = actions.add_parser(
        "export", help="write a table of all documents",
        description="Write a table over all documents, each row led by the document's "
                    "id, title, outlet, date and URL: "
                    + ", ".join(f"{k} ({v[2]})" for k, v in EXPORTS.items()) + ".")
    export.add_argument("dir", metavar="DIR")
    export.add_argument("--format", "-f", required=True,
                        choices=list(EXPORTS), help="parquet alone is commitments-parquet")
    export.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="output file, or - for standard output")
    export.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    check = actions.add_parser(
        "check", help="check every file of a corpus",
        description="Check every file of the corpus against the schemas and read every "
                    "annotation file with its text. Prints 'file:line: message' per "
                    "problem (exit 1), or a line saying all is valid (exit 0).")
    check.add_argument("dir", metavar="DIR")
    _add_team_parsers(actions)


def _add_team_parsers(actions: argparse._SubParsersAction) -> None:
    """The team's verbs (docs/team.md): assign and sync."""
    assign = actions.add_parser(
        "assign", help="assign documents to annotators",
        description="Give every document (or those named with --document) PER annotators "
                    "of the list, balanced: each place goes to the annotator with the fewest "
                    "documents; documents keep whom they have. The corpus then requires PER "
                    "annotators per document. Annotators are given by their ids (the names "
                    "of their files: 'Ana Lima' is ana-lima). Recorded in the assigning "
                    "annotator's own file assignments/ID.xml, so assignments made in "
                    "several clones merge without conflict.")
    assign.add_argument("dir", metavar="DIR")
    assign.add_argument("--annotators", required=True, metavar="A,B,C",
                        help="annotator ids, separated by commas")
    assign.add_argument("--per-document", type=int, default=1, metavar="PER",
                        help="annotators per document (default: 1)")
    assign.add_argument("--document", action="append", metavar="ID",
                        help="this document only (may be given several times)")
    _annotator_option(assign, "who assigns (their log records it)")

    sync = actions.add_parser(
        "sync", help="commit your work and exchange it with the corpus's Git remote",
        description="Commit the corpus's changes, fetch the remote, merge, and push once. "
                    "Annotation files are one per annotator, so they never conflict; shared "
                    "files are merged entry by entry, and where one entry was changed "
                    "differently on both sides both versions are kept and listed (decide "
                    "with 'annotator corpus resolve'). Without a remote it commits only; "
                    "offline it commits and says so. With --remote URL and a DIR that does "
                    "not exist yet, the corpus at URL is cloned into DIR. Git's own "
                    "configuration gives the credentials (SSH agent, credential helper).")
    sync.add_argument("dir", metavar="DIR")
    sync.add_argument("--remote", metavar="URL",
                      help="the remote to sync with from now on (a bare repository's path, "
                           "ssh://…, https://…)")
    _annotator_option(sync, "whose work the commit is")

    resolve = actions.add_parser(
        "resolve", help="list or decide the conflicts a sync kept",
        description="Without --keep: list the conflicts a sync kept (conflicts/…), one per "
                    "line. With --keep ours|theirs: decide the named conflicts (all if none "
                    "is named); the next sync shares the decision.")
    resolve.add_argument("dir", metavar="DIR")
    resolve.add_argument("conflicts", nargs="*", metavar="CONFLICT",
                         help="a conflict's file name (as listed)")
    resolve.add_argument("--keep", choices=("ours", "theirs"))

    agree = actions.add_parser(
        "agreement", help="how far the annotators agree",
        description="Agreement between two or more annotators (the names of their files, "
                    "ana for annotations/ana.xml), for the corpus and each document, per "
                    "tag and overall: gamma (Mathet et al. 2015), Krippendorff's unitizing "
                    "alpha, pairwise span F1 exact and relaxed; for commitments, nominal "
                    "alpha per field on the aligned pairs (docs/team.md). A document counts "
                    "when every annotator has a file for it.")
    agree.add_argument("dir", metavar="DIR")
    agree.add_argument("--annotators", metavar="A,B",
                       help="whose annotations (default: every annotator with files)")
    agree.add_argument("--tag", metavar="T", help="this tag only")
    agree.add_argument("--format", "-f", choices=("table", "csv", "json"), default="table")

    curate = actions.add_parser(
        "curate", help="merge the annotators' files of a document (curation)",
        description="Merge the annotators' files of document DOC (docs/team.md): what all "
                    "of them annotated alike is agreed, the rest are disagreements for the "
                    "curation view. Prints the agreed and the open disagreements; with "
                    "--take-agreed writes the agreed annotations into the document's "
                    "curated layer (documents/DOC/curated.xml), keeping every decision "
                    "made there before. Exit 1 for an unknown document or one with fewer "
                    "than two annotators' files.")
    curate.add_argument("dir", metavar="DIR")
    curate.add_argument("document", metavar="DOC", help="the document's id (see 'list')")
    curate.add_argument("--take-agreed", action="store_true",
                        help="write the agreed annotations into the curated layer")
    _annotator_option(curate, "who curates (named in the curated layer's decisions)")


def _annotator_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--annotator", default=None,
                        help=f"{what} (default: the name given in the window, else "
                             "$ANNOTATOR_NAME, else Anonymous)")


def run(args: argparse.Namespace, default_annotator: Callable[[], str],
        refuse_overwrite: Callable[[str, bool], None],
        default_id: Callable[[], str] | None = None) -> int:
    """``default_id``: the id the window keeps for its annotator (their files' name),
    used when ``--annotator`` is not given."""
    from annotator.corpus import Corpus

    verb = args.corpus_verb
    if verb == "init":
        return _init(args)
    if verb == "sync":
        return _sync(args, args.annotator or default_annotator())
    file_id = None if getattr(args, "annotator", None) or default_id is None else default_id()
    corpus = Corpus.open(args.dir)
    if verb == "add":
        return _add(corpus, args.paths, args.annotator or default_annotator(), file_id)
    if verb == "list":
        return _list(corpus, args.format)
    if verb == "search":
        return _search(corpus, args.query, args.document, args.format)
    if verb == "tag":
        return _tag(corpus, args.query, args.tag, args.document,
                    args.annotator or default_annotator(), file_id)
    if verb == "assign":
        return _assign(corpus, args, file_id or _id_of(args.annotator or default_annotator()))
    if verb == "resolve":
        return _resolve(corpus, args.conflicts, args.keep)
    if verb == "export":
        return _export(corpus, args.format, args.output, args.force, refuse_overwrite)
    if verb == "check":
        return _check(corpus)
    if verb == "agreement":
        return _agreement(corpus, args.annotators, args.tag, args.format)
    if verb == "curate":
        return _curate(corpus, args.document, args.take_agreed,
                       args.annotator or default_annotator())
    raise AnnotatorError(f"unknown corpus verb {verb!r}")


def _init(args: argparse.Namespace) -> int:
    from annotator.corpus import Corpus
    from annotator.files import load_tagset

    tagset = load_tagset(args.tagset) if args.tagset else None
    corpus = Corpus.create(args.dir, args.title, tagset)
    print(f"{args.dir}: new corpus “{corpus.title}” ({len(corpus.tagset)} tags)")
    return EXIT_OK


def _add(corpus, paths: list[str], annotator: str, file_id: str | None = None) -> int:
    report = corpus.add(paths, annotator, file_id=file_id)
    for path, doc_id in report.added:
        print(Problem(f"added as {doc_id}", path))
    for path, doc_id in report.duplicates:
        print(Problem(f"the same text as {doc_id}: skipped as a duplicate", path))
    for note in report.notes:
        print(note, file=sys.stderr)
    for problem in report.failed:
        print(Problem(f"not imported: {problem.message}", problem.path, problem.line),
              file=sys.stderr)
    print(f"{len(report.added)} added, {len(report.duplicates)} duplicates, "
          f"{len(report.failed)} not imported", file=sys.stderr)
    return EXIT_FAILED if report.failed else EXIT_OK


def _list(corpus, fmt: str) -> int:
    from annotator.team.assignments import document_teams

    listed, refreshed = corpus.documents()
    for problem in refreshed.problems:
        print(Problem(f"warning: {problem.message}", problem.path, problem.line),
              file=sys.stderr)
    try:
        teams = document_teams(corpus.root, {e.info.id: e.statuses for e in listed})
    except AnnotatorError as error:  # (an assignments file that cannot be read)
        for problem in error.problems:
            print(Problem(f"warning: {problem.message}", problem.path, problem.line),
                  file=sys.stderr)
        teams = {}
    rows = [{"id": e.info.id, "status": e.status, "title": e.info.title,
             "outlet": e.info.outlet, "date": e.info.date, "url": e.info.url,
             "author": e.info.author, "language": e.info.language,
             "annotators": " ".join(sorted(e.statuses)),
             "annotations": sum(e.counts.values()),
             "counts": " ".join(f"{t}={n}" for t, n in sorted(e.counts.items())),
             "assigned": " ".join(teams[e.info.id].assigned) if e.info.id in teams else "",
             "state": teams[e.info.id].state if e.info.id in teams else ""}
            for e in listed]
    if fmt == "table":
        for row in rows:
            print(f"{row['id']}\t{row['status']}\t{row['date']}\t{row['outlet']}\t"
                  f"{_one_line(str(row['title']))}\t{row['counts']}")
    else:
        _print_rows(rows, fmt, LIST_COLUMNS)
    return EXIT_OK


def _search(corpus, query: str, doc_id: str | None, fmt: str) -> int:
    hits = corpus.search(query, doc_id)
    rows = [{"document": h.document, "start": h.start, "end": h.end, "text": h.text,
             "context": h.context} for h in hits]
    if fmt == "table":
        for row in rows:
            print(f"{row['document']}\t{row['start']}\t{row['end']}\t"
                  f"{_one_line(str(row['text']))}\t{row['context']}")
    else:
        _print_rows(rows, fmt, SEARCH_COLUMNS)
    print(f"{len(hits)} hits in {len({h.document for h in hits})} documents", file=sys.stderr)
    return EXIT_OK


def _tag(corpus, query: str, tag: str, doc_id: str | None, annotator: str,
         file_id: str | None = None) -> int:
    report = corpus.tag_all(query, tag, annotator, doc_id, file_id=file_id)
    for problem in report.failed:
        print(problem, file=sys.stderr)
    print(f"{report.added} annotations added in {len(report.documents)} documents; "
          f"{report.skipped} already annotated as {tag}")
    return EXIT_FAILED if report.failed else EXIT_OK


def _export(corpus, fmt: str, output: str, force: bool,
            refuse_overwrite: Callable[[str, bool], None]) -> int:
    from annotator.corpus.tables import export_table
    from annotator.files import write_output

    refuse_overwrite(output, force)
    data, problems = export_table(corpus, fmt)
    for problem in problems:
        print(Problem(f"warning: left out: {problem.message}", problem.path, problem.line),
              file=sys.stderr)
    write_output(output, data)
    return EXIT_OK


def _check(corpus) -> int:
    problems = corpus.check()
    for problem in problems:
        print(problem)
    if problems:
        return EXIT_FAILED
    print(f"{corpus.root}: {len(corpus.document_ids())} documents, every file valid")
    return EXIT_OK


def _id_of(name: str) -> str:
    from annotator.team.annotators import annotator_id

    return annotator_id(name)


def _assign(corpus, args: argparse.Namespace, writer: str) -> int:
    from annotator.team.assignments import assign, read_team

    annotators = [a.strip() for a in args.annotators.split(",") if a.strip()]
    documents = corpus.document_ids()
    if args.document:
        unknown = [d for d in args.document if d not in documents]
        if unknown:
            raise AnnotatorError(f"there is no document {unknown[0]!r} in the corpus",
                                 str(corpus.root))
        documents = list(args.document)
    new = assign(corpus.root, writer, annotators, args.per_document, documents)
    load = read_team(corpus.root).load()
    print(f"{sum(len(v) for v in new.values())} assignments made in {len(new)} documents; "
          + ", ".join(f"{who}: {load.get(who, 0)}" for who in annotators))
    return EXIT_OK


def _sync(args: argparse.Namespace, annotator: str) -> int:
    from pathlib import Path

    from annotator.team import sync

    folder = Path(args.dir)
    cloned = False
    if args.remote and (not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))):
        sync.clone(args.remote, folder)
        cloned = True
    report = sync.sync(folder, annotator, args.remote)
    report.cloned = cloned
    for line in report.repaired:
        print(Problem(f"note: {line}", str(folder)), file=sys.stderr)
    for conflict in report.conflicts:
        what = f"entry {conflict.entry_id}" if conflict.entry_id else "the file"
        print(Problem(f"conflict: {what} was changed differently on both sides; yours is "
                      f"kept in the file, theirs in {conflict.record} (decide with "
                      "'annotator corpus resolve')", str(folder / conflict.path)),
              file=sys.stderr)
    print(f"{folder}: {report.summary()}")
    return EXIT_OK


def _resolve(corpus, names: list[str], keep: str | None) -> int:
    from annotator.team import sync

    kept = sync.conflicts(corpus.root)
    chosen = [c for c in kept if not names or c.record.name in names
              or str(c.record.relative_to(corpus.root)) in names]
    missing = [n for n in names if not any(n in (c.record.name,
                                                 str(c.record.relative_to(corpus.root)))
                                           for c in kept)]
    if missing:
        raise AnnotatorError(f"there is no conflict {missing[0]!r} (see 'annotator corpus "
                             "resolve DIR')", str(corpus.root))
    for conflict in chosen:
        if keep is None:
            what = f"entry {conflict.entry_id}" if conflict.entry_id else "the whole file"
            print(f"{conflict.record.name}\t{conflict.path}\t{what}")
        else:
            sync.resolve(corpus.root, conflict, keep)
            print(f"{conflict.record.name}: kept {keep}")
    if keep is None:
        print(f"{len(chosen)} conflicts to decide", file=sys.stderr)
    return EXIT_OK


AGREEMENT_COLUMNS = ("scope", "tag", "units", "gamma", "alpha_u", "f1_exact", "f1_relaxed",
                     "alpha", "agreement")


def _agreement(corpus, annotators: str | None, tag: str | None, fmt: str) -> int:
    from annotator.team.agreement import corpus_agreement, report_rows

    names = None
    if annotators is not None:
        names = [n.strip() for n in annotators.split(",") if n.strip()]
        if not names:
            raise AnnotatorError("--annotators: name two or more annotators, e.g. ana,bo")
    report = corpus_agreement(corpus, names, tag)
    for problem in report.problems:
        print(Problem(f"warning: left out: {problem.message}", problem.path, problem.line),
              file=sys.stderr)
    if fmt == "json":
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        _print_rows(report_rows(report), "csv", AGREEMENT_COLUMNS)
    else:
        def shown(value: object) -> str:
            return "–" if value is None or value == "" else str(value)

        print(f"annotators: {', '.join(report.annotators)}; "
              f"{len(report.documents)} documents, {len(report.skipped)} skipped")
        print("tag\tunits\tgamma\talpha_u\tf1_exact\tf1_relaxed")
        for row in report_rows(report):
            if row["scope"] == "corpus":
                print("\t".join([str(row["tag"] or "(all)")] + [
                    shown(row[c]) for c in ("units", "gamma", "alpha_u", "f1_exact",
                                            "f1_relaxed")]))
        if report.commitments:
            print(f"commitments: {report.commitment_pairs} aligned pairs, "
                  f"{report.commitments_unaligned} without a partner")
            print("field\talpha\tagreement")
            for name, found in report.commitments.items():
                print(f"{name}\t{shown(_round(found.alpha))}\t{shown(_round(found.agreement))}")
    return EXIT_OK


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _curate(corpus, doc_id: str, take_agreed: bool, curator: str) -> int:
    from annotator.team.curation import Curation

    curation = Curation.open(corpus, doc_id, curator)
    tagset = curation.layer.tagset
    names = ", ".join(f"{s.name} ({s.file})" for s in curation.sources)
    print(f"{doc_id}: {len(curation.sources)} annotators: {names}")
    for disagreement in curation.disagreements:
        versions = " | ".join(
            f"{c.source.name}: {tagset[c.annotation.tag].label} “{_one_line(c.text)}”"
            for c in disagreement.candidates)
        print(f"  {disagreement.start}–{disagreement.end}\t{versions}")
    merged = curation.merged
    # (No file for nothing: once it exists, the tables take the document from it.)
    changed = bool(merged.added or merged.removed)
    if take_agreed and changed:
        curation.save(merged.description)
    where = curation.path.relative_to(corpus.root)
    new = f" ({len(merged.added)} new)" if merged.added else ""
    gone = f", {len(merged.removed)} no longer agreed" if merged.removed else ""
    if not take_agreed:
        outcome = f"nothing written (--take-agreed writes {where})"
    elif changed:
        outcome = f"written to {where}"
    elif curation.digest is None:
        outcome = f"nothing agreed, so no {where} yet"
    else:
        outcome = f"{where} is up to date"
    print(f"{len(curation.agreed())} agreed{new}{gone}, {len(curation.disagreements)} "
          f"disagreements open, {len(curation.decided())} decided; {outcome}")
    return EXIT_OK


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _print_rows(rows: list[dict], fmt: str, columns: tuple[str, ...]) -> None:
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n",
                            quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    writer.writerows(rows)
    sys.stdout.write(buffer.getvalue())
