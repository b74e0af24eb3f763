"""UIMA CAS XMI with the DKPro Core type system: INCEpTION's lossless format.

Read and written through dkpro-cassis (Apache-2.0), which converts UIMA's UTF-16
offsets to code points when it loads a CAS and back when it saves one (its
``Utf16CodepointOffsetConverter``): the one place this format's offsets change unit.

An XMI file needs its type system: ``TypeSystem.xml`` (or ``typesystem.xml``)
beside it, or both in a zip as INCEpTION exports them. Without one the DKPro Core
type system is used and types it does not know are listed, not imported.

Read: every annotation (a ``uima.tcas.Annotation``) that is not the text's
structure (tokens, sentences, lemmas, document metadata …) is a span, named as in
WebAnno TSV (``webanno_tsv``: the ``value``-like feature, else the type's short
name); ``identifier`` is an entity link, other primitive features attribute values,
a feature naming another annotation a link, an array of link structures (INCEpTION's
slots: ``role`` + ``target``) links named by their roles; a relation (a type with
``Governor`` and ``Dependent``) a link from the governor's annotation to the
dependent's; a coreference chain (``first`` and ``next``) mentions of one entity.
Written: the DKPro Core type system plus a type ``webanno.custom.TAG`` for each tag
with values, links or notes (a string feature per attribute, ``identifier``,
``value``, ``note``, and ``links``: an array of ``webanno.custom.TAGLinksLink`` with
``role`` and ``target``); the other tags' annotations as ``NamedEntity`` (``value``
= the label, ``identifier`` = the entity's IRI). A feature ``note`` is read back as
the annotation's note. Sentences (the text's lines) and tokens are
written too, as INCEpTION shows nothing without them.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from typing import Any

from annotator.errors import Problem, ReadError
from annotator.formats.foreign import FLAG, ForeignDocument, ForeignSpan
from annotator.formats.webanno_tsv import NAMED_ENTITY, _iri, short

ANNOTATION = "uima.tcas.Annotation"
_DKPRO = "de.tudarmstadt.ukp.dkpro.core.api."
SENTENCE = _DKPRO + "segmentation.type.Sentence"
TOKEN = _DKPRO + "segmentation.type.Token"
METADATA = _DKPRO + "metadata.type.DocumentMetaData"
# The text's structure, not annotations a user made.
_STRUCTURE = (_DKPRO + "segmentation.", _DKPRO + "metadata.", "uima.tcas.DocumentAnnotation",
              _DKPRO + "transform.")
_LABEL_FEATURES = ("value", "label", "PosValue", "DependencyType", "referenceType")
_SKIPPED_FEATURES = {"begin", "end", "sofa", "Governor", "Dependent", "next", "first"}
TYPE_SYSTEM_NAMES = ("TypeSystem.xml", "typesystem.xml", "typeSystem.xml")


def _cassis():  # -> the cassis module, or ReadError if it is missing
    try:
        import cassis
    except ImportError:
        raise ReadError("UIMA XMI needs the Python package dkpro-cassis, which is not "
                        "installed (pip install dkpro-cassis)") from None
    return cassis


def unpack(data: bytes, path: str, beside: dict[str, bytes]) -> tuple[bytes, bytes | None]:
    """The XMI and its type system: from a zip as INCEpTION exports them, or ``data``
    itself with the type system found ``beside`` it (name -> bytes)."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                xmis = [n for n in names if n.lower().endswith(".xmi")]
                systems = [n for n in names if n.rsplit("/", 1)[-1] in TYPE_SYSTEM_NAMES]
                if len(xmis) != 1:
                    raise ReadError(f"a zip with {len(xmis)} .xmi files; expected one "
                                    "(INCEpTION exports one document a zip)", path)
                limit = 200 * 1024 * 1024
                for name in [xmis[0], *systems[:1]]:
                    if archive.getinfo(name).file_size > limit:
                        raise ReadError(f"{name} in the zip is larger than 200 MB", path)
                return archive.read(xmis[0]), archive.read(systems[0]) if systems else None
        except (zipfile.BadZipFile, OSError) as exc:
            raise ReadError(f"is not a readable zip: {exc}", path) from None
    for name in TYPE_SYSTEM_NAMES:
        if name in beside:
            return data, beside[name]
    return data, None


def read(data: bytes, path: str, type_system: bytes | None) -> ForeignDocument:
    from lxml import etree

    from annotator.tei.parsing import parse_xml

    cassis = _cassis()
    notes: list[str] = []
    lost: list[Problem] = []
    # cassis parses with lxml's defaults: the hardened parser sees the bytes first and
    # refuses what it refuses everywhere (DTDs, entities, external references).
    parse_xml(data, path, collect_ids=False)
    if type_system is not None:
        parse_xml(type_system, f"{path} (its type system)", collect_ids=False)

    try:
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            if type_system is not None:
                typesystem = cassis.load_typesystem(io.BytesIO(type_system))
            else:
                typesystem = cassis.load_dkpro_core_typesystem()
                notes.append("no type system beside the file (TypeSystem.xml): read with the "
                             "DKPro Core types")
            cas = cassis.load_cas_from_xmi(io.BytesIO(data), typesystem=typesystem,
                                           lenient=type_system is None)
        unknown = sorted({m[1] for w in said if (m := re.search(r"\[(.*?)\] not found",
                                                                 str(w.message)))})
        if unknown:
            notes.append("types the DKPro Core type system does not have, left out: "
                         + ", ".join(unknown))
    except ReadError:
        raise
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"is not well-formed XML: {exc.msg}", path, exc.lineno) from None
    except Exception as exc:  # cassis raises what lxml and its own checks raise
        if type_system is None:
            raise ReadError("cannot be read without its type system: put TypeSystem.xml "
                            "beside it (INCEpTION's export has it in the zip with the .xmi) "
                            f"({_message(exc)})", path) from None
        raise ReadError(f"is not a UIMA CAS XMI file cassis can read: {_message(exc)}",
                        path, getattr(exc, "lineno", None)) from None
    text = cas.sofa_string or ""
    spans: dict[int, ForeignSpan] = {}  # xmi id -> span
    pending: list[tuple[ForeignSpan, Any]] = []  # (span, its structure)
    relations: list[Any] = []
    skipped: dict[str, int] = {}
    for fs in cas.select(ANNOTATION):
        name = fs.type.name
        features = {f.name for f in fs.type.all_features}
        if {"Governor", "Dependent"} <= features:
            relations.append(fs)
            continue
        if name.startswith(_STRUCTURE):
            skipped[short(name)] = skipped.get(short(name), 0) + 1
            continue
        span = ForeignSpan(f"x{fs.xmiID}", short(name), [(fs.begin, fs.end)])
        values: dict[str, str] = {}
        for feature in fs.type.all_features:
            if feature.name in _SKIPPED_FEATURES:
                continue
            value = fs.get(feature.name)
            if value is None:
                continue
            if isinstance(value, bool):
                values[feature.name] = "true" if value else "false"
            elif isinstance(value, int | float | str):
                values[feature.name] = str(value)
        label = next((f for f in _LABEL_FEATURES if values.get(f)), None)
        if label:
            span.label = values.pop(label)
        identifier = values.pop("identifier", "")
        if identifier:
            span.identifiers.append(identifier)
        span.note = values.pop("note", "")
        span.features = [(n, FLAG if v == "true" and _boolean(fs, n) else v)
                         for n, v in values.items() if v]
        spans[fs.xmiID] = span
        pending.append((span, fs))
    for span, fs in pending:
        for feature in fs.type.all_features:
            if feature.name in _SKIPPED_FEATURES:
                continue
            value = fs.get(feature.name)
            if value is None or isinstance(value, bool | int | float | str):
                continue
            for role, target in _links(feature.name, value):
                found = spans.get(getattr(target, "xmiID", None))
                if found is not None:
                    span.links.append((role, found.key))
                else:
                    lost.append(Problem(f"{span.label}: link {role} to a "
                                        f"{short(target.type.name)} that is not an "
                                        "annotation; not imported", path))
    for fs in relations:
        source = spans.get(getattr(fs.get("Governor"), "xmiID", None))
        target = spans.get(getattr(fs.get("Dependent"), "xmiID", None))
        if source is None or target is None:
            skipped[short(fs.type.name)] = skipped.get(short(fs.type.name), 0) + 1
            continue
        values = {f.name: fs.get(f.name) for f in fs.type.all_features
                  if f.name not in _SKIPPED_FEATURES}
        label = next((f for f in _LABEL_FEATURES if values.get(f)), None)
        role = str(values.pop(label)) if label else short(fs.type.name)
        for name, value in values.items():
            if isinstance(value, str | int | float) and value not in ("", None):
                lost.append(Problem(f"{short(fs.type.name)} {role}: feature {name}="
                                    f"{value!r} of a relation not carried", path))
        source.links.append((role, target.key))
    for chain_type in [t for t in typesystem.get_types() if t.name.endswith("Chain")]:
        for chain in cas.select(chain_type.name):
            link, seen = chain.get("first"), set()
            while link is not None and link.xmiID not in seen:
                seen.add(link.xmiID)
                if link.xmiID in spans:
                    spans[link.xmiID].group = f"chain{chain.xmiID}"
                link = link.get("next") if hasattr(link, "next") or _has(link, "next") else None
    if skipped:
        notes.append("not imported, as the text's structure or relations between tokens: "
                     + ", ".join(f"{n} {name}" for name, n in sorted(skipped.items())))
    return ForeignDocument(text, list(spans.values()), lost=lost, notes=notes, path=path)


def _has(fs: Any, name: str) -> bool:
    return any(f.name == name for f in fs.type.all_features)


def _boolean(fs: Any, name: str) -> bool:
    feature = next(f for f in fs.type.all_features if f.name == name)
    return feature.rangeType.name == "uima.cas.Boolean"


def _links(name: str, value: Any) -> list[tuple[str, Any]]:
    """(role, target) for a feature naming annotations: one, or an array of them or of
    slot links (``role`` and ``target``)."""
    items = list(value.elements) if hasattr(value, "elements") and value.elements else [value]
    found = []
    for item in items:
        if item is None or not hasattr(item, "type"):
            continue
        if _has(item, "target") and _has(item, "role"):
            if item.get("target") is not None:
                found.append((item.get("role") or name, item.get("target")))
        elif hasattr(item, "begin"):
            found.append((name, item))
    return found


def _message(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "…"


# -- writing --------------------------------------------------------------------------------
def write(foreign: ForeignDocument, name: str) -> tuple[bytes, bytes, list[str]]:
    """The XMI and its type system (both UTF-8 XML) for ``foreign``, and notes."""
    from annotator.formats.conll import _lines, _tokens

    cassis = _cassis()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # (cassis' own use of importlib)
        typesystem = cassis.load_dkpro_core_typesystem()
    text = foreign.text
    custom = {s.label for s in foreign.spans if s.features or s.links or s.note}
    types: dict[str, Any] = {}
    link_types: dict[str, Any] = {}
    for label in sorted(custom):
        type_name = "webanno.custom." + re.sub(r"[^A-Za-z0-9_]", "_", label)
        if type_name in types.values():
            continue
        created = typesystem.create_type(type_name, ANNOTATION)
        names = {"value", "identifier", "note"}
        names |= {n for s in foreign.spans if s.label == label for n, _v in s.features}
        for feature in sorted(names):
            typesystem.create_feature(created, _java_name(feature), "uima.cas.String")
        link = typesystem.create_type(type_name + "LinksLink", "uima.cas.TOP")
        typesystem.create_feature(link, "role", "uima.cas.String")
        typesystem.create_feature(link, "target", ANNOTATION)
        typesystem.create_feature(created, "links", "uima.cas.FSArray", elementType=link)
        types[label] = created
        link_types[label] = link
    cas = cassis.Cas(typesystem=typesystem)
    cas.sofa_string = text
    cas.sofa_mime = "text"
    cas.add(_metadata_type(typesystem)(begin=0, end=len(text), documentTitle=name,
                                       documentId=name, language="x-unspecified"))
    bounds = sorted({b for s in foreign.spans for b in (s.start, s.end)})
    Sentence, Token = typesystem.get_type(SENTENCE), typesystem.get_type(TOKEN)
    for line_start, line in _lines(text):
        tokens = list(_tokens(line, line_start, bounds))
        if tokens:
            cas.add(Sentence(begin=tokens[0][0], end=tokens[-1][1]))
            for start, end in tokens:
                cas.add(Token(begin=start, end=end))
    NamedEntity = typesystem.get_type(NAMED_ENTITY)
    made: dict[str, Any] = {}
    for span in foreign.spans:
        start, end = span.ranges[0][0], span.ranges[-1][1]
        identifier = _iri(span.identifiers[0]) if span.identifiers else None
        if span.label in types:
            values = {_java_name(n): ("true" if v is FLAG else v) for n, v in span.features}
            fs = types[span.label](begin=start, end=end, identifier=identifier,
                                   value=span.label, note=span.note or None, **values)
        else:
            fs = NamedEntity(begin=start, end=end, value=span.label, identifier=identifier)
        cas.add(fs)
        made[span.key] = fs
    FSArray = typesystem.get_type("uima.cas.FSArray")
    for span in foreign.spans:
        if span.links:
            Link = link_types[span.label]
            links = [Link(role=role, target=made[target]) for role, target in span.links]
            for link in links:
                cas.add(link)
            array = FSArray(elements=links)
            cas.add(array)
            made[span.key].links = array
    notes = []
    grouped = sum(bool(s.group) and not s.identifiers for s in foreign.spans)
    if grouped:
        notes.append(f"{grouped} mentions of entities without identifiers written without "
                     "their entity")
    return cas.to_xmi().encode("utf-8"), typesystem.to_xml().encode("utf-8"), notes


def _metadata_type(typesystem: Any) -> Any:
    """DKPro Core's DocumentMetaData (cassis' copy of the type system lacks it)."""
    if typesystem.contains_type(METADATA):
        return typesystem.get_type(METADATA)
    created = typesystem.create_type(METADATA, "uima.tcas.DocumentAnnotation")
    for feature in ("documentTitle", "documentId", "documentUri", "collectionId",
                    "documentBaseUri"):
        typesystem.create_feature(created, feature, "uima.cas.String")
    typesystem.create_feature(created, "isLastSegment", "uima.cas.Boolean")
    return created


def _java_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return cleaned if cleaned[:1].isalpha() else f"f_{cleaned}"


def zipped(xmi: bytes, type_system: bytes, stem: str) -> bytes:
    """Both in a zip, as INCEpTION's "UIMA CAS XMI" export has them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.xmi", xmi)
        archive.writestr("TypeSystem.xml", type_system)
    return buffer.getvalue()
