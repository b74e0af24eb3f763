"""TEI P5 reading, writing and validation (lxml only; never imports Qt).

Public entry points:

- ``annotator.tei.reader.parse_tei(data, path)`` reads a saved (stand-off) or
  exported (inline) file back into an ``AnnotatedDocument``.
- ``annotator.tei.writer.TeiWriter(doc).to_bytes(validate=True)`` writes the
  native stand-off file.
- ``annotator.tei.inline.InlineTeiWriter(doc).to_bytes(validate=True)`` writes
  the inline export.
- ``annotator.tei.validation.validate_bytes(data, path)`` /
  ``validate_tree(tree, path)`` list every problem with its line.

The encoding is described in ``docs/tei-format.md``.
"""

from __future__ import annotations

from pathlib import Path

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}

# The schemas live once, at the top of the repository; the app is installed
# editable, so resolving from the package keeps a single source of truth.
# ``annotator/data/schemas`` is honoured for a packaged (non-editable) build.
_PACKAGE = Path(__file__).resolve().parents[1]
SCHEMA_DIRS = (_PACKAGE.parent / "schemas", _PACKAGE / "data" / "schemas")

# Written into every file's ``<?xml-model?>``. A versioned, stable URI rather
# than a path into the install: the same document must always give the same
# bytes, wherever it is saved. ``schemas/catalog.xml`` maps these URIs to the
# shipped files for editors that use XML catalogs (oXygen, Emacs, VS Code).
SCHEMA_URI_BASE = "urn:x-annotator:schemas:tei:1.0:"
RNG_URI = SCHEMA_URI_BASE + "annotator.rng"
SCH_URI = SCHEMA_URI_BASE + "annotator.sch"


def tei(name: str) -> str:
    """Clark notation for a TEI element name."""
    return f"{{{TEI_NS}}}{name}"


XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"


def schema_path(name: str) -> Path:
    """The shipped schema file ``name`` (first of ``SCHEMA_DIRS`` that has it)."""
    for folder in SCHEMA_DIRS:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return SCHEMA_DIRS[0] / name
