"""The ``annotator`` command: the GUI is one of its verbs.

    annotator [FILE]                      open the GUI (on FILE if given)
    annotator validate FILE...            check TEI files against the schema
    annotator import TEXT -o OUT.xml      plain text to a new TEI file
    annotator import FILE --format F [--map LABEL=TAG]... -o OUT.xml
                                          another tool's annotations (brat, webanno-tsv,
                                          uima-xmi, w3c, conll, labelstudio, doccano,
                                          catma-tei, recogito-tei) to a new TEI file
    annotator export FILE --format F -o OUT     (F: tei-inline, csv, jsonl, txt,
                                           commitments-csv, commitments-jsonl, entities-csv,
                                           brat, webanno-tsv, uima-xmi, w3c, conll,
                                           labelstudio)
    annotator corpus init|add|list|search|tag|export|check|assign|sync|resolve DIR …
                                          a folder of documents (annotator.corpus.commands)

Errors are printed as ``file:line: message`` and give a non-zero exit;
never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from annotator import __version__
from annotator.errors import AnnotatorError, Problem, is_out_of_memory, out_of_memory
from annotator.filenames import displayable, shown_name

VERBS = ("gui", "validate", "import", "export", "corpus", "suggest")
EXIT_OK, EXIT_FAILED = 0, 1


def _default_annotator() -> str:
    """The name ``import`` records when ``--annotator`` is not given: the one given in
    the window (asked at its first start), else ``$ANNOTATOR_NAME``, else "" (recorded
    as "Anonymous"). Never the login name: "root" went into every file and table row."""
    from annotator.gui import settings  # QtCore only, no display needed

    return settings.annotator_name()


def _default_annotator_id() -> str:
    """The id the window keeps for its annotator: it names their files in a corpus."""
    from annotator.gui import settings  # QtCore only, no display needed

    return settings.annotator_id()


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate articles with tagged spans and save them as TEI P5.",
        epilog="Run 'annotator VERB --help' for a verb's options. "
               "Without a verb, 'annotator [FILE]' opens the window. The window speaks "
               "the system's language (English or German; Edit > Preferences > Language, "
               "or ANNOTATOR_LANGUAGE=de); these commands stay English.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")

    gui = verbs.add_parser("gui", help="open the window (the default)",
                           description="Open the annotation window, on FILE if given.")
    gui.add_argument("file", nargs="?", help="a plain-text article or a TEI file")

    validate = verbs.add_parser(
        "validate", help="check TEI files against the schema",
        description="Check TEI files against the project's RELAX NG and Schematron schema. "
                    "Prints 'FILE: valid' or one 'file:line: message' line per problem "
                    "on standard output; exit 0 when all are valid, 1 otherwise.")
    validate.add_argument("files", nargs="+", metavar="FILE")

    from annotator.files import EXPORT_FORMATS, FOREIGN_EXPORT_FORMATS, IMPORT_FORMATS

    imp = verbs.add_parser(
        "import", help="turn a plain-text article, or another tool's annotations, into a "
                       "new TEI file",
        description="Read a plain-text article (UTF-8 preferred) and write an unannotated "
                    "TEI file, one paragraph per line (or per blank-line-separated block); "
                    "or, with --format, another tool's annotated document. Formats: "
                    + ", ".join(f"{k} ({v[0]})" for k, v in IMPORT_FORMATS.items())
                    + ". What the format has that Annotator cannot carry is listed on "
                    "standard error (docs/formats.md).")
    imp.add_argument("text", metavar="FILE")
    imp.add_argument("-o", "--output", required=True, metavar="OUT.xml")
    imp.add_argument("--format", "-f", default="text", choices=["text", *IMPORT_FORMATS],
                     help="the format of FILE (default: text, a plain-text article)")
    imp.add_argument("--map", action="append", default=[], metavar="LABEL=TAG",
                     help="put the annotations labelled LABEL under the tag TAG (its id or "
                          "label); may be given many times. A label without --map becomes "
                          "a tag of the same name, added to the tagset")
    imp.add_argument("--tagset", metavar="TAGSET",
                     help="the tagset to start from: a TEI file or a JSON tagset (default: "
                          "the default tagset)")
    imp.add_argument("--text", dest="text_file", metavar="TEXT",
                     help="the document's text, for formats whose file holds only the "
                          "annotations (w3c)")
    imp.add_argument("--item", type=int, default=1, metavar="N",
                     help="which document of a file that holds several: Label Studio's "
                          "task N, doccano's line N (default: 1)")
    imp.add_argument("--annotator", default=None,
                     help="name recorded in the header (default: the name given in the "
                          "window, else $ANNOTATOR_NAME, else Anonymous)")
    imp.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    every_export = {**EXPORT_FORMATS, **FOREIGN_EXPORT_FORMATS}
    formats = ", ".join(f"{k} ({v[0]})" for k, v in every_export.items())
    exp = verbs.add_parser(
        "export", help="write a document as inline TEI, a table or plain text",
        description=f"Export FILE (TEI or plain text). Formats: {formats}. "
                    "Offsets in csv/jsonl count characters (code points) of the txt export. "
                    "brat writes OUT.ann and OUT.txt; uima-xmi writes the type system "
                    "beside OUT.xmi (TypeSystem.xml), or both into OUT.zip. What the format "
                    "cannot carry is listed on standard error (docs/formats.md).")
    exp.add_argument("file", metavar="FILE")
    exp.add_argument("--format", "-f", required=True, choices=list(every_export))
    exp.add_argument("-o", "--output", required=True, metavar="OUT",
                     help="output file, or - for standard output")
    exp.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    from annotator.corpus.commands import add_parser as add_corpus_parser

    add_corpus_parser(verbs)
    from annotator.suggest.commands import add_parser as add_suggest_parser

    add_suggest_parser(verbs)
    return parser


def _refuse_overwrite(path: str, force: bool) -> None:
    from annotator.files import replaces_a_file

    # (lexists: a link to nothing is something too. Standard output, a pipe, a
    # terminal or the null device is written into, not overwritten.)
    if not force and os.path.lexists(path) and replaces_a_file(path):
        raise AnnotatorError("already exists; use --force to overwrite it", path)


def _cmd_validate(files: Sequence[str]) -> int:
    """The verdict on each file goes to stdout, the report asked for ("valid", or a
    ``file:line: message`` per problem); notes on how a file was read go to stderr."""
    from annotator.files import open_document

    failed = False
    for name in files:
        try:
            opened = open_document(name)
        except AnnotatorError as exc:
            failed = True
            for problem in exc.problems:
                print(problem)
            continue
        except Exception as exc:
            if not is_out_of_memory(exc):
                raise
            # Said below, once the exception has let go of the frames holding what
            # filled the memory; the next file may well fit.
            opened = None
        if opened is None:
            failed = True
            print(out_of_memory(name, "read and check it"))
            continue
        if opened.member is not None or (opened.tei_path is None and _corpus_text(name)):
            # A corpus's file opens only if it and the text it belongs to are valid.
            print(Problem("valid", name))
            continue
        if opened.tei_path is None:
            failed = True
            print(Problem("not a TEI file (plain text); use 'annotator import' first", name))
            continue
        if opened.warnings:
            # It opens, but is not what it seems: not valid, and not "read back exactly".
            failed = True
            for problem in opened.warnings:
                print(_warning(problem), file=sys.stdout)
            continue
        if opened.origin is not None:
            # Somebody else's TEI: Annotator checks what it added, not their encoding.
            count = len(opened.document.annotations)
            print(Problem(f"TEI document not written by Annotator; its {count} "
                          f"annotation{'s' * (count != 1)} read back exactly (check the rest "
                          "of the file against its own schema)", name))
            for note in opened.notes:
                print(Problem(f"note: {note}", name), file=sys.stderr)
            continue
        print(Problem("valid", name))
    return EXIT_FAILED if failed else EXIT_OK


def _corpus_text(name: str) -> bool:
    from annotator.corpus.layout import corpus_file

    found = corpus_file(name)
    return found is not None and found.kind == "text"


def _warning(problem: Problem) -> str:
    """``file:line: warning: message``."""
    return str(Problem(f"warning: {problem.message}", problem.path, problem.line))


def _cmd_import(args: argparse.Namespace) -> int:
    from annotator.files import (
        open_document,
        replaces_a_file,
        save_document,
        tei_bytes,
        write_output,
    )

    text, output = args.text, args.output
    _refuse_overwrite(output, args.force)
    name, description = args.annotator or _default_annotator(), f"Imported from {shown_name(text)}"
    if args.format != "text":
        document = _import_foreign(args, name)
    else:
        opened = open_document(text)
        if opened.tei_path is not None:
            raise AnnotatorError("is already a TEI file; nothing to import", text)
        for note in opened.notes:
            print(Problem(f"note: {note}", text), file=sys.stderr)
        document = opened.document
    if not replaces_a_file(output):
        write_output(output, tei_bytes(document, name, description))
    else:
        save_document(document, output, name, description, like=text)
    return EXIT_OK


def _import_foreign(args: argparse.Namespace, name: str):  # -> AnnotatedDocument
    """Another tool's file as a document; the summary of the import on stderr."""
    from annotator.files import import_foreign, load_tagset

    mapping: dict[str, str] = {}
    for item in args.map:
        label, sep, tag = item.partition("=")
        if not sep or not label or not tag.strip():
            raise AnnotatorError(f"--map {item!r}: write it as LABEL=TAG")
        mapping[label] = tag.strip()
    tagset = load_tagset(args.tagset) if args.tagset else None
    imported = import_foreign(args.text, args.format, mapping=mapping, tagset=tagset,
                              annotator=name, text=args.text_file, item=args.item)
    for line in imported.summary:
        print(Problem(f"note: {line}", args.text), file=sys.stderr)
    for problem in imported.lost:
        print(_warning(problem), file=sys.stderr)
    return imported.document


def _cmd_export(file: str, fmt: str, output: str, force: bool) -> int:
    from annotator.files import (
        EXPORT_FORMATS,
        export_bytes,
        export_foreign,
        open_document,
        write_files,
        write_output,
    )

    if fmt not in EXPORT_FORMATS:
        # Another tool's format: maybe several files, so no standard output.
        if output == "-":
            raise AnnotatorError(f"{fmt} cannot be written to standard output; name a file")
    else:
        _refuse_overwrite(output, force)
    opened = open_document(file)
    for problem in opened.warnings:
        print(_warning(problem), file=sys.stderr)
    for note in opened.notes:
        print(Problem(f"note: {note}", file), file=sys.stderr)
    if fmt in EXPORT_FORMATS:
        data = export_bytes(opened.document, fmt, shown_name(file), opened.origin)
        write_output(output, data, like=file)
        return EXIT_OK
    files, notes = export_foreign(opened.document, fmt, output)
    for target, _data in files:
        _refuse_overwrite(str(target), force)
    write_files(files, like=file)
    for note in notes:
        print(Problem(f"note: {note}", output), file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # A bare file name (or nothing) means the GUI; argparse sub-commands cannot
    # have an optional positional before them, so route it by hand.
    if not args_list or (args_list[0] not in VERBS and not args_list[0].startswith("-")):
        args_list = ["gui", *args_list]
    parser = _build_parser()
    args = parser.parse_args(args_list)
    if _old_lxml():
        return EXIT_FAILED
    try:
        if args.verb == "validate":
            return _cmd_validate(args.files)
        if args.verb == "import":
            return _cmd_import(args)
        if args.verb == "export":
            return _cmd_export(args.file, args.format, args.output, args.force)
        if args.verb == "corpus":
            from annotator.corpus.commands import run as run_corpus

            return run_corpus(args, _default_annotator, _refuse_overwrite,
                              default_id=_default_annotator_id)
        if args.verb == "suggest":
            from annotator.suggest.commands import run as run_suggest

            return run_suggest(args, _refuse_overwrite)
        return _run_gui(getattr(args, "file", None))
    except AnnotatorError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not bad input: one line, traceback on request
        if os.environ.get("ANNOTATOR_DEBUG"):
            raise
        if not is_out_of_memory(exc):
            print(f"annotator: internal error: {type(exc).__name__}: {displayable(str(exc))} "
                  "(set ANNOTATOR_DEBUG=1 for details)", file=sys.stderr)
            return 70
    # Only the memory running out gets here: not a bug, the file needs more than
    # there is. Said after the except clause, which holds the frames (and the
    # half-built document) until it ends.
    path, doing = _input_of(args)
    print(out_of_memory(path, doing), file=sys.stderr)
    return EXIT_FAILED


def _input_of(args: argparse.Namespace) -> tuple[str | None, str]:
    """The file a verb reads, and what it does with it (for the out-of-memory line)."""
    if args.verb == "import":
        return args.text, "read and convert it"
    if args.verb == "export":
        return args.file, "read and export it"
    if args.verb == "corpus":
        return args.dir, "work on the corpus"
    if args.verb == "suggest":
        return None, "suggest for it"
    if args.verb == "validate":  # (each file's own failure is reported in the loop)
        return (args.files[0] if len(args.files) == 1 else None), "check it"
    return getattr(args, "file", None), "open it"


def _old_lxml() -> bool:
    """Whether the lxml installed is older than Annotator needs; if so, say so."""
    from annotator.tei.parsing import lxml_refusal

    refusal = lxml_refusal()
    if refusal is not None:
        print(f"annotator: {refusal}", file=sys.stderr)
    return refusal is not None


def _run_gui(path: str | None) -> int:
    from annotator.gui import run_gui

    return run_gui(path)


def gui_main() -> int:
    """Entry point of the desktop launcher: the window only."""
    if _old_lxml():
        return EXIT_FAILED
    return _run_gui(sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    sys.exit(main())
