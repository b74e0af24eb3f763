"""Validation against the project's schemas: RELAX NG for structure, Schematron for references.

Both schemas are compiled once, on first use, and cached for the process.
Every problem carries the line of the element it concerns: RELAX NG errors
come with a line from libxml2; a Schematron failure names an XPath location,
which is resolved back to the element's ``sourceline``.
"""

from __future__ import annotations

import functools
import re

from lxml import etree, isoschematron

from annotator.errors import Problem, ReadError
from annotator.tei import NSMAP, schema_path
from annotator.tei.parsing import parse_xml, require_tei

RNG_NAME = "annotator.rng"
SCH_NAME = "annotator.sch"
_SVRL = "http://purl.oclc.org/dsdl/svrl"


@functools.cache
def relaxng() -> etree.RelaxNG:
    """The compiled ``annotator.rng`` (compiled on first call)."""
    return etree.RelaxNG(etree.parse(str(schema_path(RNG_NAME))))


@functools.cache
def schematron() -> isoschematron.Schematron:
    """The compiled ``annotator.sch`` (compiled on first call)."""
    return isoschematron.Schematron(etree.parse(str(schema_path(SCH_NAME))),
                                    store_report=True)


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


def _relaxng_problems(tree: etree._ElementTree, path: str | None) -> list[Problem]:
    schema = relaxng()
    if schema.validate(tree):
        return []
    return [Problem(_tidy(e.message), path, e.line or None) for e in schema.error_log]


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
