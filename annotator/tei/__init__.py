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

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}

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

