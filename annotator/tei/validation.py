"""Validation against the project's schemas: RELAX NG for structure, Schematron for references.

Both schemas are compiled once, on first use, and cached for the process.
Every problem carries the line of the element it concerns: RELAX NG errors
come with a line from libxml2; a Schematron failure names an XPath location,
which is resolved back to the element's ``sourceline``.

Saving and ``annotator validate`` run both schemas in full (``validate_tree``).
Opening splits the same checks for speed (``annotator.tei.reader``): RELAX NG
with ``RELAXED_ON_OPEN`` relaxed (``relaxng_for_open``), in a worker thread
(``check_structure_async``), while the reader checks those attributes and the
Schematron's rules in Python as it builds the model.
"""

from __future__ import annotations

import functools
import inspect
import re
import threading

from lxml import etree, isoschematron

from annotator.errors import Problem, ReadError
from annotator.resources import schema_path
from annotator.tei import NSMAP, TEI_NS
from annotator.tei.parsing import (
    parse_xml,
    parse_xml_taking,
    raise_if_out_of_memory,
    require_tei,
)
from annotator.threads import Meanwhile

RNG_NAME = "annotator.rng"
SCH_NAME = "annotator.sch"
_SVRL = "http://purl.oclc.org/dsdl/svrl"
_RNG_NS = "http://relaxng.org/ns/structure/1.0"

# Attributes (of the annotator.rng defines named) whose datatypes opening checks in
# Python instead of RELAX NG: libxml2 runs XSD patterns through a slow regex automaton,
# most of the time RELAX NG takes on a file with many annotations; Python's re checks
# the same patterns in a fraction of that (docs/performance.md, "Validation on open,
# split"), and the reader parses these values anyway. ``annotator.tei.reader`` must check exactly
# these (tests/test_tei_open_checks.py holds it to that).
RELAXED_ON_OPEN: dict[str, tuple[str, ...]] = {
    "standOff": ("target", "ana", "resp"),
    "inline.attributes": ("type", "ana", "resp", "prev", "next"),
}

# A compiled schema is shared, but its error log is per call: one validation at a
# time per schema (the app never runs two; this keeps a second caller correct).
_LOCKS: dict[str, threading.Lock] = {"full": threading.Lock(), "open": threading.Lock()}


@functools.cache
def relaxng() -> etree.RelaxNG:
    """The compiled ``annotator.rng`` (compiled on first call)."""
    return etree.RelaxNG(etree.parse(str(schema_path(RNG_NAME))))


@functools.cache
def relaxng_for_open() -> etree.RelaxNG:
    """``annotator.rng`` with the ``RELAXED_ON_OPEN`` attributes allowed any text.

    Derived from the one grammar at run time, so the two cannot drift apart: the
    same elements, the same attributes required or optional, only those values
    unchecked here (the reader checks them).
    """
    return etree.RelaxNG(_relaxed(etree.parse(str(schema_path(RNG_NAME)))))


def _relaxed(grammar: etree._ElementTree) -> etree._ElementTree:
    """``grammar`` (annotator.rng), changed in place: ``RELAXED_ON_OPEN`` take any
    text, and ids are NCNames. (The ID type would have libxml2 build a table of
    ids in the tree, which the reader leaves out; it checks uniqueness itself.)"""
    for define in grammar.getroot().iterchildren(f"{{{_RNG_NS}}}define"):
        for attribute in define.iter(f"{{{_RNG_NS}}}attribute"):
            if attribute.get("name") in RELAXED_ON_OPEN.get(define.get("name", ""), ()):
                for child in list(attribute):
                    attribute.remove(child)
                etree.SubElement(attribute, f"{{{_RNG_NS}}}text")
    for data in grammar.getroot().iter(f"{{{_RNG_NS}}}data"):
        if data.get("type") == "ID":
            data.set("type", "NCName")
    return grammar


def structure_problems(tree: etree._ElementTree, path: str | None = None) -> list[Problem]:
    """How ``tree`` breaks ``relaxng_for_open()``: the part of validation the reader
    leaves to RELAX NG when it opens a file."""
    return _relaxng_problems(tree, path, relaxng_for_open(), _LOCKS["open"])


def check_structure_async(data: bytes, path: str | None = None, *,
                          must_parse: bool = False) -> Meanwhile[list[Problem]]:
    """Parse ``data`` and check it against ``relaxng_for_open()`` in a worker thread;
    its ``result()`` gives the problems ([] if the data does not parse: the caller's own
    parse reports that; with ``must_parse`` it raises the ``ReadError`` instead, for
    a caller that parsed something else).

    lxml releases the GIL while libxml2 parses and validates, so this runs on
    another core while the caller parses the same bytes and builds the model.
    The worker parses a copy of its own: libxml2 is thread-safe for separate
    documents, not for two threads on one (and lxml's element proxies write to
    the document's dictionary).
    """
    relaxng_for_open()  # compiled here, so that two first callers do not both compile
    # (Not a ThreadPoolExecutor: its submit() waits forever for a worker that could not
    # begin for want of memory; see annotator.threads.)
    return Meanwhile(lambda: _parse_and_check_structure(data, path, must_parse))


def check_structure(data: bytes, path: str | None = None) -> list[Problem]:
    """What ``check_structure_async(data, path).result()`` gives, on this thread."""
    relaxng_for_open()
    return _parse_and_check_structure(data, path, False)


def _parse_and_check_structure(data: bytes, path: str | None, must_parse: bool
                               ) -> list[Problem]:
    try:
        # (A file that does not parse cleanly is parsed whole: that says what is wrong.)
        tree = parse_xml_taking(data, _P, _drop_blank_tail_before)
        if tree is None and "collect_ids" in inspect.signature(parse_xml).parameters:
            tree, _ = parse_xml(data, path, collect_ids=False)  # type: ignore[call-arg]
        elif tree is None:
            tree, _ = parse_xml(data, path)
        require_tei(tree, path)
    except ReadError:
        if must_parse:
            raise
        return []
    return structure_problems(tree, path)


_P, _BODY = f"{{{TEI_NS}}}p", f"{{{TEI_NS}}}body"


def _drop_blank_tail_before(p: etree._Element) -> bool:
    """Drop the white space between the body's paragraph before ``p`` and ``p``
    (``parse_xml_taking``), a text node per paragraph. RELAX NG ignores white space
    between elements (its "strip" of whitespace-only text nodes among an element's
    children), so what the check finds is the same. (Only XML's white space is white
    space there: not U+00A0 and the like.)"""
    before = p.getprevious()
    if before is not None and before.tag == _P and p.getparent().tag == _BODY:
        tail = before.tail
        if tail is not None and not tail.strip(" \t\r\n"):
            before.tail = None
    return False


@functools.cache
def schematron() -> isoschematron.Schematron:
    """The compiled ``annotator.sch`` (compiled on first call).

    Its report lists what failed only: by default an SVRL report also has a
    ``fired-rule`` for every element a rule's context matches (every paragraph, by
    its ``xml:id``), which nobody reads; that report was as large as the tree and
    stayed in memory until the next validation (docs/performance.md, "Memory on many
    small paragraphs"). The rules and what they check are the same.
    """
    return isoschematron.Schematron(etree.parse(str(schema_path(SCH_NAME))),
                                    store_report=True,
                                    compile_params={"generate-fired-rule": "false"})


def validate_tree(tree: etree._ElementTree, path: str | None = None) -> list[Problem]:
    """Every way ``tree`` breaks ``annotator.rng`` or ``annotator.sch``, in line order.

    The tree should come from parsing bytes (``parse_xml``): a tree built in
    memory has no line numbers.
    """
    problems = _relaxng_problems(tree, path) + _schematron_problems(tree, path)
    return sorted(dict.fromkeys(problems), key=lambda p: (p.line or 0))


def validate_bytes(data: bytes, path: str | None = None) -> list[Problem]:
    """Parse and validate; never raises: unreadable input is reported as a problem too."""
    try:
        tree, problems = parse_xml(data, path)
        require_tei(tree, path)
    except ReadError as exc:
        return list(exc.problems)
    return sorted(dict.fromkeys(problems + validate_tree(tree, path)),
                  key=lambda p: (p.line or 0))


def _relaxng_problems(tree: etree._ElementTree, path: str | None,
                      schema: etree.RelaxNG | None = None,
                      lock: threading.Lock | None = None) -> list[Problem]:
    schema = schema or relaxng()
    with lock or _LOCKS["full"]:
        if schema.validate(tree):
            return []
        errors = list(schema.error_log)
    raise_if_out_of_memory(errors)
    return [Problem(_tidy(e.message), path, e.line or None) for e in errors]


def _schematron_problems(tree: etree._ElementTree, path: str | None) -> list[Problem]:
    schema = schematron()
    if schema.validate(tree):
        return []
    report = schema.validation_report
    problems = []
    for failure in report.iter(f"{{{_SVRL}}}failed-assert", f"{{{_SVRL}}}successful-report"):
        text = " ".join("".join(failure.itertext()).split())
        problems.append(Problem(text, path, _line_of(tree, failure.get("location", ""))))
    return problems


def _line_of(tree: etree._ElementTree, location: str) -> int | None:
    """The source line of the node an SVRL location XPath names, if it resolves."""
    if not location:
        return None
    try:
        found = tree.xpath(location, namespaces=NSMAP)
    except etree.XPathError:
        return None
    if isinstance(found, list) and found:
        node = found[0]
        if isinstance(node, etree._Element):
            return node.sourceline
        parent = getattr(node, "getparent", lambda: None)()
        return parent.sourceline if parent is not None else None
    return None


_NS_NOISE = re.compile(r"\{http://www\.tei-c\.org/ns/1\.0\}")


def _tidy(message: str) -> str:
    """libxml2 messages spell TEI names in Clark notation; drop the namespace."""
    return _NS_NOISE.sub("", message)
