"""The data layer: attributes, entities, events and notes in the model,
the TEI file (native and inline), the recovery journal and the exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from annotator.cli import main
from annotator.errors import AnnotationError, AnnotatorError
from annotator.formats import commitments
from annotator.model import AnnotatedDocument, AttributeDef, Document, Tagset, default_tagset, edits
from annotator.model.document import split_paragraphs
from annotator.model.entities import Entity, names_match
from annotator.recovery import RecoveryJournal, replay_file
from annotator.tei.inline import InlineTeiWriter
from annotator.tei.reader import parse_tei, read_tagset
from annotator.tei.validation import validate_bytes
from annotator.tei.writer import TeiWriter, standoff_extras

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "patriot-de.txt"


def sample_doc() -> AnnotatedDocument:
    """The sample article with Germany's commitment annotated as an analyst would."""
    text = SAMPLE.read_text(encoding="utf-8")
    doc = AnnotatedDocument.create(Document.from_paragraphs(split_paragraphs(text)))
    who = doc.annotator_for("Ana").id
    t = doc.document.text
    p8 = t.index("Der ukrainische Präsident")

    def tag(phrase: str, tag_id: str, after: int = 0) -> str:
        start = t.index(phrase, after)
        edit = edits.add_linked(doc, [(start, start + len(phrase), tag_id)], who)
        edit.apply(doc)
        return edit.after[0].id

    ukraine = tag("Ukraine", "actor", t.index("an die Ukraine"))
    selenskyj = tag("Wolodymyr Selenskyj", "actor", p8)
    germany = tag("Deutschland", "actor", p8)
    patriot = tag("zwei der Systeme", "weapon", p8)
    pledge = tag("Deutschland für zwei der Systeme aufkommen werde", "commitment", p8)
    assert doc.annotations.get(selenskyj).entity == "pers-wolodymyr-selenskyj"  # guessed
    edits.set_identifiers(doc, doc.annotations.get(germany).entity,
                          {"wikidata": "Q183", "iso3166": "DEU"}).apply(doc)
    edits.rename_entity(doc, doc.annotations.get(patriot).entity, "MIM-104 Patriot").apply(doc)
    edits.set_attributes(doc, pledge, {
        "donor": germany, "recipient": ukraine, "item": patriot, "quantity": "2",
        "unit": "system", "mechanism": "funding", "stage": "announced",
        "reportedBy": selenskyj, "date": "2025-07-10", "certainty": "medium"}).apply(doc)
    edits.set_note(doc, pledge, "Indirekte Rede – noch nicht bestätigt.").apply(doc)
    return doc


@pytest.fixture(scope="module")
def doc() -> AnnotatedDocument:
    return sample_doc()


# -- model ----------------------------------------------------------------------------------
def test_entity_and_annotator_ids_spell_out_letters_accents_cannot_give() -> None:
    """"ß" was dropped from ids ("org-groen-barmherzigkeit"); accents still go."""
    d = AnnotatedDocument.create(Document.from_paragraphs(["Die Großen Mächte"]))
    edit = edits.create_entity(d, "org", "Großen Barmherzigkeit")
    assert edit.entities_after[0].id == "org-grossen-barmherzigkeit"
    assert edits.create_entity(d, "place", "Ærø Łódź").entities_after[0].id == "place-aero-lodz"
    assert edits.create_entity(d, "org", "Mächte").entities_after[0].id == "org-machte"
    assert d.annotator_for("Jörg Weiß").id == "ann-jorg-weiss"


def test_inflected_names_link_to_one_entity() -> None:
    assert names_match("Deutschlands", "Deutschland")
    assert names_match("deutschland", "Deutschlands")
    assert not names_match("Norweger", "Norwegen")
    d = AnnotatedDocument.create(Document.from_paragraphs(
        ["Deutschland zahlt.", "Die Hilfe Deutschlands kommt."]))
    first = edits.add_linked(d, [(0, 11, "actor")])
    assert first.description == "Tag as Actor (new entity “Deutschland”)"
    first.apply(d)
    start = d.document.text.index("Deutschlands")
    second = edits.add_linked(d, [(start, start + 12, "actor")])
    assert second.description == "Tag as Actor (linked to “Deutschland”)"
    second.apply(d)
    [entity] = d.entities.values()
    assert d.annotations.mention_counts() == {entity.id: 2}
    second.revert(d)
    first.revert(d)
    assert d.entities == {} and len(d.annotations) == 0


def test_values_are_checked() -> None:
    d = sample_doc()
    pledge = next(a for a in d.annotations if a.tag == "commitment")
    for values, message in [({"quantity": "two"}, "not a number"),
                            ({"date": "2025-13-01"}, "not a date"),
                            ({"stage": "promised"}, "not one of"),
                            ({"colour": "red"}, "no attribute"),
                            ({"donor": "a999"}, "not an annotation or entity"),
                            ({"item": pledge.attribute("donor")}, "right kind")]:
        with pytest.raises(AnnotationError, match=message):
            edits.set_attributes(d, pledge.id, values)
    with pytest.raises(AnnotationError, match="Wikidata"):
        edits.set_identifiers(d, next(iter(d.entities)), {"wikidata": "183"})
    # labels are accepted for choices and stored as symbols
    edits.set_attributes(d, pledge.id, {"mechanism": "donation from stocks"}).apply(d)
    assert d.annotations.get(pledge.id).attribute("mechanism") == "donationFromStocks"


def test_deleting_a_referenced_annotation_clears_the_reference_and_undo_restores_both() -> None:
    d = sample_doc()
    before = d.snapshot()
    pledge = next(a for a in d.annotations if a.tag == "commitment")
    donor = pledge.attribute("donor")
    assert edits.references_to(d, [donor]) == [(pledge, "donor")]
    edit = edits.remove(d, [donor])
    assert "reference" in edit.description
    edit.apply(d)
    assert d.annotations.get(pledge.id).attribute("donor") == ""
    assert validate_bytes(TeiWriter(d).to_bytes()) == []
    edit.revert(d)
    assert d.snapshot() == before
    with pytest.raises(AnnotationError):
        edits.remove(d, [donor], clear_references=False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["set", "clear", "retag", "delete", "bulk", "undo",
                                           "link", "unlink"]),
                          st.integers(0, 10_000)), max_size=25))
def test_the_annotations_with_values_stay_known_through_every_edit(steps) -> None:
    """``with_values`` (which finding references uses instead of a walk over every
    annotation) names exactly the annotations that carry values, and the mention
    index (kept up to date rather than rebuilt) exactly the linked ones, after any
    edits, bulk ones and undos included."""
    run_value_edits(steps)


def test_the_value_edit_steps_do_apply() -> None:
    steps = [("set", 3), ("set", 40), ("bulk", 900), ("clear", 40), ("retag", 3),
             ("set", 7), ("delete", 7), ("undo", 0), ("undo", 0), ("set", 12),
             ("unlink", 0), ("link", 1)]
    assert run_value_edits(steps) >= 5  # seven applied, two undone


def run_value_edits(steps: list[tuple[str, int]]) -> int:
    """Apply the steps to the sample, checking ``with_values`` after each; the number
    of edits left applied."""
    d = sample_doc()
    t = d.document.text
    done: list[edits.Edit] = []
    for kind, pick in steps:
        anns = list(d.annotations)
        ann = anns[pick % len(anns)] if anns else None
        try:
            if kind == "set" and ann is not None and ann.tag == "commitment":
                edit = edits.set_attributes(d, ann.id, {"quantity": str(pick % 7 + 1)})
            elif kind == "set" and ann is not None and ann.tag == "actor" and ann.entity:
                # The actor's kind is its entity's: a new kind, a new id, links follow.
                was = d.annotations.entity(ann.entity).kind
                edit = edits.update_entity(d, ann.entity,
                                           kind="person" if was != "person" else "org")
            elif kind == "set" and ann is not None and ann.tag == "weapon":
                edit = edits.set_attributes(d, ann.id, {"category": "airDefence"})
            elif kind == "clear" and ann is not None and ann.attributes:
                edit = edits.set_attributes(d, ann.id, {n: "" for n, _ in ann.attributes})
            elif kind == "retag" and ann is not None:
                edit = edits.retag(d, [ann.id], "weapon" if ann.tag == "actor" else "actor")
            elif kind == "delete" and ann is not None:
                edit = edits.remove(d, [ann.id])
            elif kind == "bulk":
                start = pick % (len(t) - 200)
                edit = edits.add(d, [(start + 3 * k, start + 3 * k + 2, "commitment")
                                     for k in range(70)])  # over the store's bulk threshold
            elif kind == "link" and ann is not None and d.annotations.entities:
                entities = sorted(d.annotations.entities)
                edit = edits.link(d, [ann.id], entities[pick % len(entities)])
            elif kind == "unlink" and ann is not None and ann.entity:
                edit = edits.unlink(d, [ann.id])
            elif kind == "unlink":  # the first linked one
                linked = [a.id for a in anns if a.entity]
                if not linked:
                    continue
                edit = edits.unlink(d, linked[:1])
            elif kind == "undo" and done:
                done.pop().revert(d)
                edit = None
            else:
                continue
        except AnnotationError:
            continue
        if edit is not None:
            edit.apply(d)
            done.append(edit)
        store = d.annotations
        assert store.with_values() == [a for a in store if a.attributes]
        for entity_id in store.entities:
            assert store.mentions(entity_id) == [a for a in store if a.entity == entity_id]
        # Every entity of the sample is mentioned or referred to, and stays so: an
        # entity goes with the last thing that links to it, and comes back with it.
        assert edits.unused_entities(d) == []
        assert all(store.has_entity(a.entity) for a in store if a.entity)
    return len(done)


def test_merge_split_link_delete_undo_exactly() -> None:
    d = sample_doc()
    store = d.annotations
    germany = next(e for e in d.entities.values() if e.name == "Deutschland")
    start = d.document.text.index("Deutschlands")
    changes = []
    store.subscribe(changes.append)
    # "Deutschlands" (p1) links itself; split it off, merge it back, delete, unlink
    add = edits.add_linked(d, [(start, start + 12, "actor")])
    add.apply(d)
    assert store.get(add.after[0].id).entity == germany.id
    steps = [add]
    split = edits.split_entity(d, germany.id, [add.after[0].id])
    split.apply(d)
    steps.append(split)
    new = split.entities_after[0]
    assert changes[-1].entities_added == (new,)
    merge = edits.merge_entities(d, germany.id, [new.id])
    merge.apply(d)
    steps.append(merge)
    assert new.id not in d.entities and store.mention_counts()[germany.id] == 2
    delete = edits.delete_entity(d, germany.id)
    snapshot_before_delete = d.snapshot()
    delete.apply(d)
    steps.append(delete)
    assert germany.id not in d.entities
    assert all(a.entity != germany.id for a in store)
    assert all(germany.id not in dict(a.attributes).values() for a in store)
    assert validate_bytes(TeiWriter(d).to_bytes()) == []
    delete.revert(d)
    assert d.snapshot() == snapshot_before_delete
    steps.pop()
    baseline = sample_doc().snapshot()
    for step in reversed(steps):
        step.revert(d)
    assert d.snapshot()[:7] == baseline[:7] and d.snapshot() == baseline


def test_tagset_editor_and_json() -> None:
    tags = default_tagset()
    with pytest.raises(AnnotationError, match="already used"):
        tags.set_key("weapon", "1")
    tags.rename("weapon", "Waffe")
    tags.recolour("weapon", "#123456")
    with pytest.raises(AnnotationError, match="refers to"):
        tags.remove("actor")
    assert Tagset.from_json(json.loads(json.dumps(tags.to_json()))) == tags
    tags.remove_attribute("commitment", "condition")
    assert tags["commitment"].attribute("condition") is None


# -- TEI --------------------------------------------------------------------------------------
def test_round_trip_native_and_inline(doc, tei_all_schema) -> None:
    native = TeiWriter(doc).to_bytes()
    inline = InlineTeiWriter(doc).to_bytes()
    for data in (native, inline):
        assert validate_bytes(data) == []
        assert tei_all_schema.validate(etree.fromstring(data)), tei_all_schema.error_log
    assert parse_tei(native, "native.xml").snapshot() == doc.snapshot()
    back = parse_tei(inline, "inline.xml")
    assert [a.note for a in back.annotations] != [a.note for a in doc.annotations]  # notes: no
    assert [a.attributes for a in back.annotations] == [a.attributes for a in doc.annotations]
    assert [a.entity for a in back.annotations] == [a.entity for a in doc.annotations]
    assert back.entities == doc.entities
    text = native.decode()
    assert '<ptr type="donor" target="#place-deutschland"/>' in text
    assert '<idno type="wikidata">Q183</idno>' in text
    assert read_tagset(native, "native.xml") == doc.tagset


def test_standoff_extras_for_splice(doc) -> None:
    fsd, before, after, ana = standoff_extras(doc)
    assert fsd is not None and fsd.tag.endswith("fsdDecl")
    assert [e.tag.split("}")[1] for e in before] == ["listPerson", "listPlace", "listObject"]
    assert after[0].tag.endswith("listEvent") and ana


BAD = [
    ('fVal="#a1"', 'fVal="#a999"', "does not point to an annotation or an entity"),
    ('<symbol value="funding"/>', '<symbol value="gift"/>', "not in its declared range"),
    ('<numeric value="2"/>', '<string>2</string>', "not in its declared range"),
    ('<f name="unit">', '<f name="units">', "is not declared"),
    ('<idno type="wikidata">Q183</idno>', '<idno type="wikidata">183</idno>', "183"),
    ('<ref target="#place-deutschland"/>', '<ref target="#org-nowhere"/>',
     "does not point to an entity"),
    ('<string>2025-07-10</string>', '<string>2025-7-10</string>', "declared range"),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD)
def test_bad_input_gives_file_line_message(doc, old: str, new: str, message: str) -> None:
    text = TeiWriter(doc).to_bytes().decode()
    if old not in text:
        pytest.fail(f"{old!r} not in the file")
    at = text.index("<standOff>") if old.startswith(("<symbol", "<f ")) else 0
    data = (text[:at] + text[at:].replace(old, new, 1)).encode()
    assert validate_bytes(data, "bad.xml")
    with pytest.raises(AnnotatorError) as info:
        parse_tei(data, "bad.xml")
    problems = getattr(info.value, "problems", None) or [info.value]
    assert any(message in str(p) and str(p).startswith("bad.xml:") for p in problems), problems


@st.composite
def random_docs(draw: st.DrawFn) -> AnnotatedDocument:
    d = AnnotatedDocument.create(Document.from_paragraphs(
        ["Deutschland zahlt zwei Systeme für die Ukraine.", "Norwegen liefert ein System."]))
    text = d.document.text
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\w+", text)]
    for start, end in draw(st.lists(st.sampled_from(words), max_size=6, unique=True)):
        tag = draw(st.sampled_from(["actor", "weapon", "commitment"]))
        (edits.add_linked if draw(st.booleans()) else edits.add)(
            d, [(start, end, tag)]).apply(d)
    for ann in list(d.annotations):
        tag = d.tagset[ann.tag]
        values: dict[str, str] = {}
        for definition in tag.attributes:
            if not draw(st.booleans()):
                continue
            if definition.kind == "choice":
                values[definition.name] = draw(st.sampled_from(definition.choices))
            elif definition.kind == "number":
                values[definition.name] = str(draw(st.integers(-5, 10**6)))
            elif definition.kind == "date":
                values[definition.name] = draw(st.sampled_from(["2025", "2025-07",
                                                                "2025-07-10"]))
            elif definition.kind == "boolean":
                values[definition.name] = draw(st.sampled_from(["true", "false"]))
            elif definition.kind == "reference":
                options = [a.id for a in d.annotations
                           if a.tag in definition.targets and a.id != ann.id]
                if options:
                    values[definition.name] = draw(st.sampled_from(options))
            else:
                values[definition.name] = draw(st.text("ab <&>\"'ä ", max_size=8))
        values = {k: v for k, v in values.items() if v}
        if values:
            edits.set_attributes(d, ann.id, values).apply(d)
        if draw(st.booleans()):
            edits.set_note(d, ann.id, draw(st.text("xy z&<", min_size=1, max_size=6))).apply(d)
    for entity in list(d.entities.values()):
        if draw(st.booleans()):
            edits.set_identifiers(d, entity.id, {"wikidata": f"Q{draw(st.integers(1, 99))}",
                                                 "uri": "https://example.org/x"}).apply(d)
    return d


@settings(max_examples=25, deadline=None)
@given(random_docs())
def test_hypothesis_round_trip(d: AnnotatedDocument) -> None:
    data = TeiWriter(d).to_bytes(validate=True)
    assert parse_tei(data, "random.xml").snapshot() == d.snapshot()
    inline = InlineTeiWriter(d).to_bytes(validate=True)
    back = parse_tei(inline, "random-inline.xml")
    assert [(a.attributes, a.entity) for a in back.annotations] == [
        (a.attributes, a.entity) for a in d.annotations]


# -- journal ------------------------------------------------------------------------------------
def test_journal_carries_values_entities_and_tagset(tmp_path) -> None:
    d = sample_doc()
    journal = RecoveryJournal(tmp_path, d)
    journal.start()
    d.annotations.subscribe(journal.record)
    pledge = next(a for a in d.annotations if a.tag == "commitment")
    d.tagset.add_attribute("weapon", AttributeDef("origin", "Origin"))
    edits.set_attributes(d, pledge.id, {"stage": "delivered"}).apply(d)
    edits.create_entity(d, "place", "Rom", identifiers=[("wikidata", "Q220")]).apply(d)
    # A new kind, a new id: the entity, its mentions and the references to it move.
    edits.update_entity(d, "pers-wolodymyr-selenskyj", kind="org").apply(d)
    edits.set_attributes(d, pledge.id, {"supplier": "org-wolodymyr-selenskyj"}).apply(d)
    edits.update_entity(d, "org-wolodymyr-selenskyj", kind="person").apply(d)
    assert d.annotations.get(pledge.id).attribute("supplier") == "pers-wolodymyr-selenskyj"
    # An entity that goes with its last mention.
    edits.remove(d, [a.id for a in d.annotations.mentions("place-ukraine")]).apply(d)
    journal.abandon()
    replay = replay_file(journal.path)
    assert replay.recovered.annotated.snapshot() == d.snapshot()


# -- exports --------------------------------------------------------------------------------------
def test_commitments_export_row_by_row(doc, tmp_path, capsys) -> None:
    path = tmp_path / "patriot.xml"
    path.write_bytes(TeiWriter(doc).to_bytes())
    out = tmp_path / "c.csv"
    assert main(["export", str(path), "--format", "commitments-csv", "-o", str(out)]) == 0
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert row["donor"] == "Deutschland" and row["donor_id"] == "Q183"
    assert row["recipient"] == "Ukraine" and row["item"] == "MIM-104 Patriot"
    assert row["quantity"] == "2" and row["unit"] == "system"
    assert row["mechanism"] == "funding" and row["stage"] == "announced"
    assert row["reported_by"] == "Wolodymyr Selenskyj" and row["date"] == "2025-07-10"
    assert row["evidence"] == "Deutschland für zwei der Systeme aufkommen werde"
    assert row["paragraph"] == "p8" and row["annotator"] == "Ana"
    assert row["source"] == "patriot.xml" and row["certainty"] == "medium"
    out = tmp_path / "c.jsonl"
    assert main(["export", str(path), "--format", "commitments-jsonl", "-o", str(out)]) == 0
    [record] = [json.loads(x) for x in out.read_text(encoding="utf-8").split("\n") if x]
    assert record["quantity"] == 2 and record["value"] is None
    out = tmp_path / "e.csv"
    assert main(["export", str(path), "--format", "entities-csv", "-o", str(out)]) == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    assert rows["Deutschland"]["wikidata"] == "Q183" and rows["Deutschland"]["iso3166"] == "DEU"
    assert rows["Wolodymyr Selenskyj"]["kind"] == "person"
    assert rows["Deutschland"]["mentions"] == "1"
    assert commitments.entities_csv(doc) == out.read_text(encoding="utf-8")


def test_entity_validation() -> None:
    with pytest.raises(AnnotationError, match="ISO 3166"):
        Entity("org-x", "org", "X", identifiers=(("iso3166", "Deutschland"),))
    assert Entity("org-x", "org", "X", identifiers=(("wikidata", "q183"),)).identifier(
        "wikidata") == "Q183"


def test_deals_follow_a_deal_across_reports_and_documents():
    from annotator.formats.commitments import DEAL_COLUMNS, deals_rows

    def report(**values):
        return {"deal": "DE–UA Patriot", "donor": "Deutschland", "recipient": "Ukraine",
                "item": "Patriot", "aid_type": "military", "document": "a", **values}

    rows = deals_rows([
        report(stage="announced", date="2025-07-10", ordered=2),
        report(stage="allocated", date="2025-09-01", document="b", ordered=2, delivered=None),
        report(stage="delivered", date="2026-01-15", document="c", delivered=1,
               uncertain="true"),
        report(stage="announced", date="2025-07-12", donor="Bundesrepublik", document="b"),
        {"deal": "", "stage": "pledged", "donor": "Norwegen"},  # no deal: not in the table
        {"deal": "  NO–UA  Patriot ", "stage": "pledged", "date": "2025-07-10",
         "donor": "Norwegen", "document": "a"},
        {"deal": "NO–UA Patriot", "stage": "cancelled", "date": "2025-08-01",
         "donor": "Norwegen", "document": "d"},
    ])
    assert [r["deal"] for r in rows] == ["DE–UA Patriot", "NO–UA Patriot"]
    de, no = rows
    assert set(de) == set(DEAL_COLUMNS)
    assert de["stage"] == "delivered"
    assert (de["announced_date"], de["allocated_date"], de["delivered_date"]) == (
        "2025-07-10", "2025-09-01", "2026-01-15")
    assert (de["ordered"], de["delivered"], de["uncertain"]) == (2, 1, "true")
    assert de["donors"] == "Deutschland; Bundesrepublik"
    assert (de["reports"], de["documents"]) == (4, "a; b; c")
    assert (de["first_reported"], de["last_reported"]) == ("2025-07-10", "2026-01-15")
    assert (no["stage"], no["cancelled_date"], no["documents"]) == ("cancelled", "2025-08-01",
                                                                     "a; d")


def test_the_example_exports_its_deals(tmp_path):
    import csv

    from test_cli import annotator

    out = tmp_path / "deals.csv"
    example = Path(__file__).resolve().parent.parent / "resources" / "samples" \
        / "patriot-de.annotated.xml"
    done = annotator("export", str(example), "--format", "deals-csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["deal"]: r["stage"] for r in rows} == {
        "DE–UA Patriot 2025": "announced", "NO–UA Patriot 2025": "pledged",
        "NATO kauft US-Waffen für die Ukraine 2025": "announced"}
    assert next(r for r in rows if r["deal"] == "DE–UA Patriot 2025")["ordered"] == "2"
