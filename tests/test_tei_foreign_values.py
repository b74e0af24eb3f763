"""The data layer in TEI files Annotator did not write: attribute values (``fs``),
notes, entity links and entities, events, spliced into the four sample editions
(a DTA letter, a DraCor play, Dingler's journal, an ELTeC novel).

Each save must (a) keep the file valid against tei_all where it was, (b) give
back the original bytes (and so C14N-equal content) when Annotator's additions
are taken out, and (c) reopen to exactly the document that was saved.
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest
import reference
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_tei_foreign import ALL, JOURNAL, LETTER, NOVEL, PLAY, c14n, strip_with_lxml

from annotator.errors import AnnotationError, ValidationError, WriteError
from annotator.files import export_document, open_document, save_document
from annotator.model import AnnotatedDocument, Annotation, edits
from annotator.model.entities import Entity
from annotator.tei import TEI_NS, XML_ID
from annotator.tei.source import TeiSource
from annotator.tei.splice import export_inline, splice, strip_additions

NS = {"t": TEI_NS}
WORD = re.compile(r"\w{3,}")
NOTE = "Indirekte Rede – noch nicht bestätigt.\nQuelle: „Brief“ & <Anlage>"


def words(doc: AnnotatedDocument) -> list[tuple[int, int]]:
    """The words (three letters or more) of the first block of running text that
    has at least six of them."""
    text = doc.document.text
    for p in doc.document.paragraphs:
        if p.kind in ("paragraph", "verse"):
            spans = [m.span() for m in WORD.finditer(text, p.start, p.end)]
            if len(spans) >= 6:
                return spans
    raise AssertionError("no block of running text")


def tag(doc: AnnotatedDocument, source: TeiSource, start: int, end: int, tag_id: str,
        who: str) -> str:
    edit = edits.add_linked(doc, [(*source.trim(start, end), tag_id)], who)
    edit.apply(doc)
    return edit.after[0].id


def annotate_commitment(doc: AnnotatedDocument, source: TeiSource) -> dict[str, str]:
    """Actors, a weapon and a commitment, as an analyst would tag them: every kind
    of value, references to annotations and to an entity, notes, identifiers."""
    who = doc.annotator_for("Ana").id
    spans = words(doc)
    donor = tag(doc, source, *spans[0], "actor", who)
    item = tag(doc, source, *spans[2], "weapon", who)
    recipient = tag(doc, source, *spans[5], "actor", who)
    pledge = tag(doc, source, spans[0][0], spans[3][1], "commitment", who)
    edits.update_entity(doc, doc.annotations.get(donor).entity, kind="place",
                        type="state").apply(doc)
    edits.set_attributes(doc, item, {"category": "air defence"}).apply(doc)
    edits.update_entity(doc, doc.annotations.get(recipient).entity, kind="person",
                        type="monarch").apply(doc)
    recipient_entity = doc.annotations.get(recipient).entity  # its id follows its kind
    edits.set_attributes(doc, pledge, {
        "donor": donor, "recipient": recipient_entity, "item": item, "quantity": "2",
        "unit": "System", "value": "1.5", "currency": "EUR", "mechanism": "funding",
        "stage": "announced", "date": "1866-07-10", "certainty": "medium",
        "condition": 'nur „wenn nötig“ & <vorläufig>', "reportedBy": recipient}).apply(doc)
    edits.set_note(doc, pledge, NOTE).apply(doc)
    edits.set_note(doc, donor, "Wer genau?").apply(doc)
    edits.set_identifiers(doc, doc.annotations.get(donor).entity,
                          {"wikidata": "Q183", "iso3166": "DEU"}).apply(doc)
    edits.set_identifiers(doc, doc.annotations.get(item).entity,
                          {"uri": "https://example.org/waffe?id=1&x=2"}).apply(doc)
    return {"donor": donor, "item": item, "recipient": recipient, "pledge": pledge}


def copy_sample(folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copyfile(reference.path("samples", name), target)
    return target


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """(path, snapshot of the document as saved, ids) of a sample annotated with
    ``annotate_commitment`` and saved; made once per sample."""
    made: dict[str, tuple[Path, tuple, dict[str, str]]] = {}

    def make(name: str) -> tuple[Path, tuple, dict[str, str]]:
        if name not in made:
            path = copy_sample(tmp_path_factory.mktemp("values"), name)
            opened = open_document(path)
            doc = opened.document
            ids = annotate_commitment(doc, opened.origin.source)
            save_document(doc, path, "Ana", origin=opened.origin)
            made[name] = (path, doc.snapshot(), ids)
        return made[name]
    return make


def original(name: str) -> bytes:
    return reference.read_bytes("samples", name)


# -- (c) reopening ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_reopening_restores_values_notes_links_and_entities(name, saved):
    path, snapshot, ids = saved(name)
    again = open_document(path).document
    assert again.snapshot() == snapshot
    pledge = again.annotations.get(ids["pledge"])
    assert pledge.attribute("donor") == ids["donor"] and pledge.note == NOTE
    assert pledge.attribute("recipient") == again.annotations.get(ids["recipient"]).entity
    donor_entity = again.entities[again.annotations.get(ids["donor"]).entity]
    assert donor_entity.identifiers == (("wikidata", "Q183"), ("iso3166", "DEU"))
    assert len(again.entities) == 3


@pytest.mark.parametrize("name", ALL)
def test_the_standoff_has_what_the_native_format_writes(name, saved):
    path, _, ids = saved(name)
    root = etree.fromstring(path.read_bytes())
    [standoff] = root.xpath("t:standOff[@xml:id='annotator-standoff']", namespaces=NS)
    assert [etree.QName(c).localname for c in standoff] == [
        "listPerson", "listPlace", "listObject", "listAnnotation", "listEvent", "fs", "fs"]
    [pledge] = standoff.xpath("t:listAnnotation/t:annotation[@xml:id=$id]", namespaces=NS,
                              id=ids["pledge"])
    assert pledge.get("ana") == f"#cat-commitment #fs-{ids['pledge']}"
    assert pledge.findtext("t:note", namespaces=NS) == NOTE
    [event] = standoff.findall("t:listEvent/t:event", NS)
    assert event.get("when") == "1866-07-10"
    assert [p.get("type") for p in event.findall("t:ptr", NS)] == [
        "donor", "recipient", "item", "reportedBy", "evidence"]
    assert root.xpath("count(t:teiHeader/t:encodingDesc/t:fsdDecl/t:fsDecl)",
                      namespaces=NS) == 2  # the weapon's and the commitment's


# -- (b) nothing else changed -----------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_stripping_gives_back_the_original(name, saved):
    path, _, _ = saved(name)
    data = path.read_bytes()
    assert strip_additions(data, str(path)) == original(name)
    assert c14n(strip_with_lxml(data)) == c14n(original(name))


# -- (a) still valid TEI ------------------------------------------------------------------------


@pytest.mark.parametrize("name", [LETTER, PLAY, JOURNAL])
def test_valid_tei_stays_valid(name, saved, tei_all_schema):
    path, _, _ = saved(name)
    assert tei_all_schema.validate(etree.fromstring(original(name)).getroottree())
    ok = tei_all_schema.validate(etree.parse(str(path)))
    assert ok, [str(e) for e in tei_all_schema.error_log][:5]


def test_the_novel_keeps_exactly_its_own_schema_errors(saved, tei_all_schema):
    path, _, _ = saved(NOVEL)

    def errors(data: bytes) -> list[str]:
        assert not tei_all_schema.validate(etree.fromstring(data).getroottree())
        return [e.message for e in tei_all_schema.error_log]

    assert errors(path.read_bytes()) == errors(original(NOVEL))


# -- saving again -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [LETTER, PLAY])
def test_a_second_save_replaces_values_and_entities(name, saved, tmp_path):
    first, _, ids = saved(name)
    path = tmp_path / name
    shutil.copyfile(first, path)
    opened = open_document(path)
    doc = opened.document
    edits.set_attributes(doc, ids["pledge"], {"stage": "delivered", "condition": ""}).apply(doc)
    edits.set_note(doc, ids["pledge"], "").apply(doc)
    edits.unlink(doc, [ids["item"]]).apply(doc)
    edits.remove(doc, [ids["recipient"]]).apply(doc)
    save_document(doc, path, "Bea", origin=opened.origin)
    data = path.read_bytes()
    assert open_document(path).document.snapshot() == doc.snapshot()
    assert strip_additions(data, str(path)) == original(name)
    root = etree.fromstring(data)
    assert len(root.xpath("//t:standOff", namespaces=NS)) == \
        len(etree.fromstring(original(name)).xpath("//t:standOff", namespaces=NS)) + 1
    assert len(root.xpath("//t:fsdDecl", namespaces=NS)) == 1
    assert root.xpath("count(//t:annotation/t:note)", namespaces=NS) == 1  # the donor's


# -- ids ------------------------------------------------------------------------------------


@pytest.mark.parametrize("write", [splice, export_inline], ids=["save", "inline export"])
def test_an_entity_id_the_file_uses_is_refused_by_name(write):
    # The play's particDesc has <person xml:id="bauer">.
    source = TeiSource.from_bytes(original(PLAY), PLAY)
    start = source.document.text.index("Bauer")
    mention = Annotation("a1", "actor", start, start + 5, entity="bauer")
    doc = AnnotatedDocument.create(source.document, entities=[
        Entity("bauer", "person", "Bauer")], annotations=[mention])
    with pytest.raises(WriteError, match=r"'bauer'.*entity “Bauer”"):
        write(source, doc)


def test_new_entities_keep_clear_of_the_files_ids(tmp_path):
    # An edition that already uses the id Annotator would give the entity "Prag".
    path = tmp_path / LETTER
    path.write_bytes(original(LETTER).replace(b'<p>Prag, 10.', b'<p xml:id="org-prag">Prag, 10.'))
    opened = open_document(path)
    doc = opened.document
    start = doc.document.text.index("Prag")
    tag(doc, opened.origin.source, start, start + 4, "actor", doc.annotator_for("Ana").id)
    [entity] = doc.entities
    assert entity != "org-prag" and entity.startswith("org-prag")
    save_document(doc, path, "Ana", origin=opened.origin)
    assert open_document(path).document.snapshot() == doc.snapshot()
    assert path.read_bytes().count(b'xml:id="org-prag"') == 1


def test_a_broken_value_in_the_file_is_reported_with_its_line(saved):
    path, _, _ = saved(LETTER)
    data = path.read_bytes().replace(b'<symbol value="announced"/>',
                                     b'<symbol value="promised"/>')
    with pytest.raises(ValidationError, match="declared range") as caught:
        TeiSource.from_bytes(data, LETTER)
    assert caught.value.line == data[:data.index(b'<f name="stage">')].count(b"\n") + 1
    data = path.read_bytes().replace(b'<ref target="#place-', b'<ref target="#nowhere-', 1)
    with pytest.raises(ValidationError, match="does not point to an entity"):
        TeiSource.from_bytes(data, LETTER)


# -- random values on the letter ------------------------------------------------------------

@functools.cache
def letter() -> TeiSource:
    return TeiSource.from_bytes(original(LETTER), LETTER)


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                              blacklist_characters="\ufffe\uffff")
                | st.sampled_from("&<>\"' \n"), max_size=12)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_values_and_entities_round_trip(data):
    source = letter()
    doc = AnnotatedDocument.create(source.document)
    who = doc.annotator_for("Ana").id
    text = source.document.text
    spans = sorted({(m.start(), m.end()) for m in WORD.finditer(text)})
    chosen = data.draw(st.lists(st.sampled_from(spans), min_size=1, max_size=8, unique=True))
    made: list[str] = []
    for start, end in chosen:
        tag_id = data.draw(st.sampled_from(["actor", "weapon", "commitment"]))
        try:
            made.append(tag(doc, source, start, end, tag_id, who))
        except AnnotationError:  # a duplicate of one already made
            continue
    for ann_id in made:
        ann = doc.annotations.get(ann_id)
        definitions = doc.tagset[ann.tag].attributes
        if not definitions:  # an actor: its kind is its entity's
            continue
        values = {}
        for definition in data.draw(st.lists(st.sampled_from(definitions), max_size=4,
                                             unique_by=lambda d: d.name)):
            if definition.kind == "reference":
                targets = [a.id for a in doc.annotations
                           if a.tag in definition.targets and a.id != ann_id]
                targets += [a.entity for a in doc.annotations
                            if a.tag in definition.targets and a.entity]
                if targets:
                    values[definition.name] = data.draw(st.sampled_from(targets))
            elif definition.kind == "choice":
                values[definition.name] = data.draw(st.sampled_from(definition.choices))
            elif definition.kind == "number":
                values[definition.name] = str(data.draw(st.integers(-10**6, 10**6)))
            elif definition.kind == "date":
                values[definition.name] = data.draw(st.sampled_from(
                    ["1866", "1866-07", "1866-07-10"]))
            else:
                value = data.draw(_TEXT).strip()
                if value:
                    values[definition.name] = value
        if values:
            try:
                edits.set_attributes(doc, ann_id, values).apply(doc)
            except AnnotationError:  # a value the model refuses: not this test's
                pass
        note = data.draw(_TEXT)
        if note.strip() and data.draw(st.booleans()):
            edits.set_note(doc, ann_id, note).apply(doc)
    for entity_id in list(doc.entities):
        if data.draw(st.booleans()):
            number = data.draw(st.integers(1, 10**6))
            edits.set_identifiers(doc, entity_id, {"wikidata": f"Q{number}"}).apply(doc)
    doc.record_revision(who)
    result = splice(source, doc)
    assert strip_additions(result.data) == original(LETTER)
    again = TeiSource.from_bytes(result.data, LETTER)
    assert again.annotated.snapshot() == doc.snapshot()


# -- the inline export carries values, links, entities and events ---------------------------


def export_inline_of(folder: Path, name: str, data: bytes | None = None
                     ) -> tuple[AnnotatedDocument, dict[str, str], bytes]:
    """A sample (or ``data`` under its name) annotated with ``annotate_commitment`` and
    exported as TEI with inline annotations."""
    path = folder / name
    path.write_bytes(original(name) if data is None else data)
    opened = open_document(path)
    doc = opened.document
    ids = annotate_commitment(doc, opened.origin.source)
    target = folder / "inline.xml"
    export_document(doc, target, "tei-inline", origin=opened.origin)
    return doc, ids, target.read_bytes()


def body_text(data: bytes) -> str:
    return "".join(etree.fromstring(data).find("t:text/t:body", NS).itertext())


@pytest.mark.parametrize("name", [LETTER, PLAY])
def test_the_inline_export_carries_values_links_entities_and_events(name, tmp_path,
                                                                     tei_all_schema):
    doc, ids, data = export_inline_of(tmp_path, name)
    root = etree.fromstring(data)
    # Ours is the last child of <TEI>, after the text, as a save places its standOff;
    # it holds what the native inline export's holds (no listAnnotation, no notes).
    standoff = root[-1]
    assert etree.QName(standoff).localname == "standOff" and standoff.get(XML_ID) is None
    assert [etree.QName(c).localname for c in standoff] == [
        "listPerson", "listPlace", "listObject", "listEvent", "fs", "fs"]
    assert not root.xpath("//t:listAnnotation", namespaces=NS)
    assert not root.xpath("//t:note[. = $note]", namespaces=NS, note=NOTE)
    written = [e.get(XML_ID) for e in root.iter(etree.Element) if e.get(XML_ID)]
    assert len(written) == len(set(written))  # no id clashes with the file's own
    by_id = dict(zip(written, (e for e in root.iter(etree.Element) if e.get(XML_ID)),
                     strict=True))
    ours = set(standoff.iter(etree.Element))

    def target(pointer: str) -> etree._Element:
        assert pointer.startswith("#")
        return by_id[pointer[1:]]

    fragments = root.xpath("t:text//*[@ana]", namespaces=NS)
    for ann in doc.annotations:
        own = [f for f in fragments if f.get(XML_ID) == ann.id
               or f.get(XML_ID).startswith(f"{ann.id}.")]
        assert own, ann.id
        for fragment in own:
            assert etree.QName(fragment).localname == doc.tagset[ann.tag].element
            if ann.attributes:
                category, fs_pointer = fragment.get("ana").split()
                fs = target(fs_pointer)
                assert etree.QName(fs).localname == "fs" and fs in ours
                assert fs.get("type") == ann.tag
            else:
                category = fragment.get("ana")
            assert category == f"#cat-{ann.tag}"
            if ann.entity:
                entity = target(fragment.get("ref"))
                assert entity in ours and entity.get(XML_ID) == ann.entity
            else:
                assert fragment.get("ref") is None
    for ann_id in (ids["donor"], ids["item"], ids["recipient"]):
        assert by_id[ann_id].get("ref") and etree.QName(by_id[ann_id]).localname == "rs"
    assert etree.QName(by_id[ids["pledge"]]).localname == "seg"
    # The event and the values point at what the file holds.
    [event] = standoff.findall("t:listEvent/t:event", NS)
    assert event.get("when") == "1866-07-10" and target(event.get("ana")) in ours
    pointers = {p.get("type"): target(p.get("target")) for p in event.findall("t:ptr", NS)}
    assert list(pointers) == ["donor", "recipient", "item", "reportedBy", "evidence"]
    assert pointers["evidence"] is by_id[ids["pledge"]]
    assert pointers["donor"].get(XML_ID) == doc.annotations.get(ids["donor"]).entity
    for f in standoff.iterfind("t:fs/t:f[@fVal]", NS):
        target(f.get("fVal"))
    [donor] = standoff.xpath("t:listPlace/t:place[@xml:id=$id]", namespaces=NS,
                             id=doc.annotations.get(ids["donor"]).entity)
    assert [i.text for i in donor.findall("t:idno", NS)] == ["Q183", "DEU"]
    assert root.xpath("count(t:teiHeader/t:encodingDesc/t:fsdDecl/t:fsDecl)",
                      namespaces=NS) == 2  # the weapon's and the commitment's
    # Still valid TEI, with the text as it was.
    assert tei_all_schema.validate(etree.fromstring(original(name)).getroottree())
    ok = tei_all_schema.validate(root.getroottree())
    assert ok, [str(e) for e in tei_all_schema.error_log][:5]
    assert body_text(data) == body_text(original(name))


def test_the_inline_exports_ids_keep_clear_of_the_files_ids(tmp_path, tei_all_schema):
    # An edition that already uses the ids the values and the event would get.
    data = original(LETTER).replace(b"<body>", b'<body xml:id="fs-a2">', 1).replace(
        b'<p>Prag, 10.', b'<p xml:id="ev-a4">Prag, 10.', 1)
    assert data.count(b'xml:id="fs-a2"') == data.count(b'xml:id="ev-a4"') == 1
    _, ids, exported = export_inline_of(tmp_path, LETTER, data)
    root = etree.fromstring(exported)
    written = root.xpath("//@xml:id")
    assert len(written) == len(set(written))
    [item] = root.xpath("t:text//*[@xml:id=$id]", namespaces=NS, id=ids["item"])
    assert ids["item"] == "a2"
    fs_id = item.get("ana").split()[1][1:]
    assert fs_id != "fs-a2" and root.xpath("t:standOff/t:fs[@xml:id=$id]", namespaces=NS,
                                          id=fs_id)
    [event] = root.xpath("t:standOff/t:listEvent/t:event", namespaces=NS)
    assert event.get(XML_ID) != "ev-a4"
    assert tei_all_schema.validate(root.getroottree()), tei_all_schema.error_log
    assert body_text(exported) == body_text(data)
