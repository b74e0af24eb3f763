"""Hardened XML parsing: no entities, no network, no DTD, no XInclude.

Files come from anywhere (mail attachments, shared folders), so the parser
must never read another file, reach the network or expand an entity bomb.
Every failure becomes a ``ReadError`` that says where.
"""

from __future__ import annotations

from lxml import etree

from annotator.errors import Problem, ReadError
from annotator.tei import TEI_NS

# The libxml2 error for a repeated xml:id: the document is otherwise fine, so
# it is reported as a validation problem rather than as unreadable.
_ID_REDEFINED = "DTD_ID_REDEFINED"


def _parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_blank_text=False, remove_comments=False, recover=recover,
    )


def parse_xml(data: bytes, path: str | None = None) -> tuple[etree._ElementTree, list[Problem]]:
    """Parse ``data`` safely; return the tree and recoverable problems (repeated ids).

    Raises ``ReadError`` with the line number when the data is not well-formed,
    is empty, or declares entities or an external DTD.
    """
    if not data.strip():
        raise ReadError("the file is empty", path, 1)
    parser = _parser()
    try:
        root = etree.fromstring(data, parser)
        problems: list[Problem] = []
    except etree.XMLSyntaxError as exc:
        # The parser's own log: the exception's may also hold earlier, unrelated
        # messages of the thread (e.g. from Schematron runs).
        errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
        if not errors or any(e.type_name != _ID_REDEFINED for e in errors):
            first = next((e for e in errors if e.type_name != _ID_REDEFINED), None)
            line = first.line if first is not None else exc.lineno
            message = first.message if first is not None else str(exc)
            raise ReadError(f"not well-formed XML: {message}", path, line or None) from None
        problems = [Problem(f"duplicate id: {e.message.strip()}", path, e.line or None)
                    for e in errors]
        root = etree.fromstring(data, _parser(recover=True))
    except ValueError as exc:  # e.g. a str with an encoding declaration
        raise ReadError(f"cannot parse: {exc}", path, None) from None
    if root is None:
        raise ReadError("not well-formed XML: no root element", path, 1)
    tree = root.getroottree()
    _refuse_dtd(tree, path)
    return tree, problems


def _refuse_dtd(tree: etree._ElementTree, path: str | None) -> None:
    info = tree.docinfo
    dtd = info.internalDTD
    declares_entities = dtd is not None and any(True for _ in dtd.iterentities())
    if declares_entities or info.system_url or info.public_id:
        raise ReadError("the file has a DOCTYPE declaring entities or an external DTD; "
                        "these are refused for safety (TEI files need none)", path, 1)


def require_tei(tree: etree._ElementTree, path: str | None = None) -> etree._Element:
    """The root element, or ``ReadError`` unless it is ``<TEI>`` in the TEI namespace."""
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        ns = etree.QName(root).namespace if isinstance(root.tag, str) else None
        found = f"<{name}>" + (f" in namespace {ns}" if ns else " without namespace")
        raise ReadError(f"not a TEI document: the root element is {found}, expected "
                        f"<TEI xmlns=\"{TEI_NS}\">", path, root.sourceline)
    return root
