"""Commitments and entities as tables: what analysts merge into their datasets.

``commitments_rows`` gives one row per annotation of an event tag (the default
tagset's Commitment), in document order, with the columns ``COLUMNS`` (after
the Kiel Institute's Ukraine Support Tracker and SIPRI's arms-transfer
register); attributes of event tags that these columns do not cover follow as
extra columns, named after the attribute (``camelCase`` → ``snake_case``).

A reference (donor, recipient, supplier, item, reported by) is written as the
name of the entity the referenced mention is linked to, or the mention's text
when it is not linked; ``*_id`` holds the entity's best identifier (Wikidata id,
else ISO 3166 code, else URI; "" when unknown) and ``*_kind`` its kind, with its
type after a "/" when it has one ("person", "place/state", "org/alliance"; ""
for a mention not linked to an entity). Choices are
written as their labels ("donation from stocks"). Missing values are "" in
CSV and ``null`` in JSON Lines; quantity and value are numbers.

``deals_rows``: one row per deal (the commitments given the same Deal, in one document
or across a corpus): ``DEAL_COLUMNS``.

``entities_rows``: one row per entity: ``ENTITY_COLUMNS``.

All functions are pure and return ``str`` (the GUI's File ▸ Export uses them too).
"""

from __future__ import annotations

import csv
import io
import json
import re

from annotator.model import AnnotatedDocument, Annotation, Entity
from annotator.model.tagset import STAGES

# The export formats this module writes: name -> (description, file suffix).
FORMATS: dict[str, tuple[str, str]] = {
    "commitments-csv": ("Commitments table (CSV)", ".csv"),
    "commitments-jsonl": ("Commitments table (JSON Lines)", ".jsonl"),
    "deals-csv": ("Deals table (CSV)", ".csv"),
    "entities-csv": ("Entities table (CSV)", ".csv"),
}

REFERENCES = ("donor", "recipient", "supplier", "item", "reportedBy")
COLUMNS = ("id", "donor", "donor_id", "donor_kind", "recipient", "recipient_id",
           "recipient_kind", "supplier", "supplier_id", "supplier_kind", "item", "item_id",
           "item_kind", "quantity", "ordered", "delivered", "uncertain", "unit", "value",
           "currency", "aid_type", "mechanism", "stage", "deal", "date", "deadline",
           "condition", "certainty", "reported_by", "reported_by_id", "reported_by_kind",
           "evidence", "paragraph", "source", "annotator")
NUMBERS = ("quantity", "ordered", "delivered", "value")
ENTITY_COLUMNS = ("id", "kind", "type", "name", "mentions", "wikidata", "iso3166", "uri",
                  "mention_texts")

Row = dict[str, str | int | float | None]


def column_name(attribute: str) -> str:
    """``reportedBy`` → ``reported_by``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m[1].lower(), attribute)


def best_identifier(entity: Entity) -> str:
    return (entity.identifier("wikidata") or entity.identifier("iso3166")
            or entity.identifier("uri"))


def kind_text(entity: Entity) -> str:
    """"place/state": an entity's kind, and its type if it has one."""
    return f"{entity.kind}/{entity.type}" if entity.type else entity.kind


def resolve(doc: AnnotatedDocument, value: str) -> tuple[str, str, str]:
    """(name, identifier, kind) of what a reference value names: the entity a
    referenced mention is linked to (or the mention's text), or an entity named
    directly."""
    store = doc.annotations
    entities = store.register
    entity = None
    if value in store:
        ann = store.get(value)
        if not (ann.entity and ann.entity in entities):
            return " ".join(store.text_of(ann).split()), "", ""
        entity = entities[ann.entity]
    elif value in entities:
        entity = entities[value]
    if entity is None:
        return "", "", ""
    return entity.name, best_identifier(entity), kind_text(entity)


def _number(text: str) -> int | float | None:
    if not text:
        return None
    return float(text) if "." in text else int(text)


def _columns(doc: AnnotatedDocument) -> list[str]:
    columns = list(COLUMNS)
    known = {column_name(n) for n in (*REFERENCES, *NUMBERS)} | set(COLUMNS)
    for tag in doc.tagset.event_tags():
        for definition in tag.attributes:
            name = column_name(definition.name)
            if name not in known:
                known.add(name)
                columns.insert(columns.index("evidence"), name)
                if definition.kind == "reference":
                    columns.insert(columns.index("evidence"), name + "_id")
                    columns.insert(columns.index("evidence"), name + "_kind")
    return columns


def commitments_rows(doc: AnnotatedDocument, source: str = "") -> list[Row]:
    """One row per annotation of an event tag, in document order."""
    store = doc.annotations
    events = {t.id for t in doc.tagset if t.event}
    columns = _columns(doc)
    rows: list[Row] = []
    for ann in store:
        if ann.tag not in events:
            continue
        rows.append(_row(doc, ann, columns, source))
    return rows


def _row(doc: AnnotatedDocument, ann: Annotation, columns: list[str], source: str) -> Row:
    store = doc.annotations
    tag = doc.tagset[ann.tag]
    row: Row = dict.fromkeys(columns, "")
    row["id"] = ann.id
    for definition in tag.attributes:
        value = ann.attribute(definition.name)
        name = column_name(definition.name)
        if name not in row:
            continue
        if definition.kind == "reference":
            row[name], row[name + "_id"], row[name + "_kind"] = (
                resolve(doc, value) if value else ("", "", ""))
        elif definition.kind == "number":
            row[name] = _number(value)
        elif definition.kind == "choice":
            row[name] = definition.label_of(value) if value else ""
        else:
            row[name] = value
    for name in NUMBERS:
        if row.get(name) == "":
            row[name] = None
    person = doc.annotators.get(ann.resp)
    row["evidence"] = store.text_of(ann)  # (the pieces of a discontinuous one joined by " … ")
    row["paragraph"] = " ".join(dict.fromkeys(
        f.paragraph.id for start, end in ann.ranges for f in doc.document.fragments(start, end)))
    row["source"] = source or doc.document.metadata.source or doc.document.metadata.title
    row["annotator"] = person.name if person else ann.resp
    return row


# The deals table: one row per deal, its reports (commitment events) taken together.
# The date a deal first reached each stage, after the Kiel tracker's announced →
# allocated → delivered and SIPRI's order (contract).
DEAL_STAGES = tuple(stage for stage in STAGES if stage != "cancelled")
DEAL_COLUMNS = ("deal", "stage", "donors", "recipients", "suppliers", "items", "aid_types",
                "ordered", "delivered", "uncertain", "value", "currency",
                *(f"{stage}_date" for stage in DEAL_STAGES), "cancelled_date",
                "first_reported", "last_reported", "reports", "documents")


def deals_rows(commitments: list[Row]) -> list[Row]:
    """One row per deal named in ``commitments`` (rows of ``commitments_rows``, of one
    document or, with a ``document`` column, of a corpus), by deal name: who, what,
    the furthest stage reached (``cancelled`` if a report says so after it), the
    largest numbers ordered and delivered any report gives, the first date of each
    stage, and how many reports in which documents. Commitments without a deal are
    not in it."""
    grouped: dict[str, list[Row]] = {}
    for row in commitments:
        deal = " ".join(str(row.get("deal") or "").split())
        if deal:
            grouped.setdefault(deal, []).append(row)
    return [_deal_row(deal, reports) for deal, reports in sorted(
        grouped.items(), key=lambda item: item[0].casefold())]


def _deal_row(deal: str, reports: list[Row]) -> Row:
    def joined(column: str) -> str:
        return "; ".join(dict.fromkeys(str(r[column]) for r in reports if r.get(column)))

    def largest(column: str) -> int | float | None:
        values = [r[column] for r in reports if isinstance(r.get(column), int | float)]
        return max(values) if values else None

    order = {stage: n for n, stage in enumerate(STAGES)}
    stages = [str(r.get("stage") or "") for r in reports]
    reached = [s for s in stages if s in order and s != "cancelled"]
    stage = max(reached, key=order.__getitem__) if reached else ""
    dates = sorted(str(r["date"]) for r in reports if r.get("date"))
    row: Row = {
        "deal": deal, "stage": "cancelled" if "cancelled" in stages else stage,
        "donors": joined("donor"), "recipients": joined("recipient"),
        "suppliers": joined("supplier"), "items": joined("item"),
        "aid_types": joined("aid_type"), "ordered": largest("ordered"),
        "delivered": largest("delivered"),
        "uncertain": "true" if any(r.get("uncertain") == "true" for r in reports) else "",
        "value": largest("value"), "currency": joined("currency"),
        "first_reported": dates[0] if dates else "", "last_reported": dates[-1] if dates else "",
        "reports": len(reports),
        "documents": "; ".join(dict.fromkeys(str(r.get("document") or r.get("source") or "")
                                             for r in reports)),
    }
    for name in (*DEAL_STAGES, "cancelled"):
        when = sorted(str(r["date"]) for r, s in zip(reports, stages, strict=True)
                      if s == name and r.get("date"))
        row[f"{name}_date"] = when[0] if when else ""
    return row


def deals_csv(doc: AnnotatedDocument, source: str = "") -> str:
    return _csv(deals_rows(commitments_rows(doc, source)), DEAL_COLUMNS)


def entities_rows(doc: AnnotatedDocument) -> list[Row]:
    """One row per entity, by kind (person, org, place, object), then name."""
    store = doc.annotations
    order = {"person": 0, "org": 1, "place": 2, "object": 3}
    rows: list[Row] = []
    for entity in sorted(store.register.values(),
                         key=lambda e: (order[e.kind], e.name.casefold(), e.id)):
        mentions = store.mentions(entity.id)
        texts = list(dict.fromkeys(" ".join(store.text_of(a).split()) for a in mentions))
        rows.append({"id": entity.id, "kind": entity.kind, "type": entity.type,
                     "name": entity.name, "mentions": len(mentions),
                     "wikidata": entity.identifier("wikidata"),
                     "iso3166": entity.identifier("iso3166"), "uri": entity.identifier("uri"),
                     "mention_texts": "; ".join(texts)})
    return rows


def _csv(rows: list[Row], columns: list[str] | tuple[str, ...]) -> str:
    buffer = io.StringIO(newline="")
    # Every text field quoted (a lone "\r" in a text would end the row); numbers bare.
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n",
                            quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def commitments_csv(doc: AnnotatedDocument, source: str = "") -> str:
    return _csv(commitments_rows(doc, source), _columns(doc))


def commitments_jsonl(doc: AnnotatedDocument, source: str = "") -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n"
                   for row in commitments_rows(doc, source))


def entities_csv(doc: AnnotatedDocument) -> str:
    return _csv(entities_rows(doc), ENTITY_COLUMNS)


def export_text(doc: AnnotatedDocument, fmt: str, source: str = "") -> str:
    """The export ``fmt`` (one of ``FORMATS``) of ``doc``."""
    if fmt == "commitments-csv":
        return commitments_csv(doc, source)
    if fmt == "commitments-jsonl":
        return commitments_jsonl(doc, source)
    if fmt == "deals-csv":
        return deals_csv(doc, source)
    if fmt == "entities-csv":
        return entities_csv(doc)
    raise ValueError(f"unknown format {fmt!r}")
