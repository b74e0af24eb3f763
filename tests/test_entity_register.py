"""The entity register as a user meets it: an entity goes with its last mention,
retagging moves a mention to an entity of the new tag's kind, an entity has one
kind (guessed when it is made, changed in the attribute panel) and its id follows
it, and files of Annotator 1.0 open with their actors' kinds on their entities.

The window tests tag with the keys, delete with Delete, undo with Ctrl+Z, choose
in the attribute panel, save with Ctrl+S and look at the saved XML.
"""

from __future__ import annotations

import csv
import io

import pytest
from gui_helpers import SAMPLE_TXT, make_window, nth
from gui_helpers import tag_with_key as tag
from lxml import etree
from PySide6.QtCore import Qt

from annotator.files import export_bytes, open_document, save_document
from annotator.gui import settings
from annotator.model import AnnotatedDocument, Document, Tag, Tagset, default_tagset, edits
from annotator.model.attributes import choice
from annotator.model.document import split_paragraphs
from annotator.tei.validation import validate_bytes

TEXT = SAMPLE_TXT.read_text(encoding="utf-8")
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ACTOR_KINDS_OF = ("org", "person", "place")


@pytest.fixture
def window(qtbot, dialogs):
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    return window


def saved(qtbot, window, dialogs, tmp_path, name: str = "saved.xml") -> etree._Element:
    """Ctrl+S (Save As the first time) and the file read back."""
    target = tmp_path / name
    dialogs.save_path = str(target)
    if window.session.tei_path is not None and window.session.tei_path != target:
        assert window.files.save_to(target, check_disk=False)
    else:
        qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    data = target.read_bytes()
    assert validate_bytes(data, str(target)) == []
    return etree.fromstring(data)


def entities_in(root: etree._Element) -> dict[str, tuple[str, str]]:
    """xml:id -> (element, type or role) of the entities of the standOff."""
    found = {}
    for element in root.iterfind(f".//{TEI}standOff/*/*"):
        name = etree.QName(element).localname
        if name in ("person", "org", "place", "object"):
            found[element.get(XML_ID)] = (name, element.get("role" if name == "person"
                                                            else "type", ""))
    return found


def press_undo(qtbot, window) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


# -- an entity goes with its last mention -------------------------------------------------------
def test_deleting_the_last_mention_takes_its_entity_and_undo_brings_both_back(
        qtbot, window, dialogs, tmp_path):
    store = window.annotated.annotations
    # The slip: "Präsident Donald", tagged and deleted again.
    slip = tag(qtbot, window, "Präsident Donald", Qt.Key.Key_1)
    entity = store.get(slip).entity
    assert store.has_entity(entity)
    tag(qtbot, window, "Donald Trump", Qt.Key.Key_1)
    window.view.set_selected_annotation(slip)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert slip not in store and not store.has_entity(entity)
    assert "“Präsident Donald”, which nothing else names, went too" in \
        window.statusBar().currentMessage()
    root = saved(qtbot, window, dialogs, tmp_path)
    assert entities_in(root) == {"pers-donald-trump": ("person", "")}
    table = export_bytes(window.annotated, "entities-csv").decode("utf-8")
    assert [r["id"] for r in csv.DictReader(io.StringIO(table))] == ["pers-donald-trump"]
    # Nor is it offered as a donor.
    commitment = tag(qtbot, window, "Ehrenkordon", Qt.Key.Key_3)
    window.view.set_selected_annotation(commitment)
    donor = window.attribute_dock.editor("donor")
    donor.showPopup()
    offered = [donor.itemText(i) for i in range(donor.count())]
    donor.hidePopup()
    assert "Donald Trump" in offered and "Präsident Donald" not in offered
    press_undo(qtbot, window)  # the commitment
    press_undo(qtbot, window)  # the deletion: the mention and its entity
    assert store.get(slip).entity == entity == "pers-prasident-donald"
    root = saved(qtbot, window, dialogs, tmp_path)
    assert entities_in(root) == {"pers-donald-trump": ("person", ""),
                                 "pers-prasident-donald": ("person", "")}


def test_retagging_moves_the_mention_to_an_entity_of_the_new_kind(
        qtbot, window, dialogs, tmp_path):
    store = window.annotated.annotations
    norway = tag(qtbot, window, "Norwegen", Qt.Key.Key_1)
    entity = store.get(norway).entity
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # the selected actor becomes a weapon
    assert store.get(norway).tag == "weapon" and store.get(norway).entity
    assert not store.has_entity(entity)
    assert store.get(norway).entity == "obj-norwegen" and entity == "place-norwegen"
    assert entities_in(saved(qtbot, window, dialogs, tmp_path)) == {
        "obj-norwegen": ("object", "")}
    # A retag to a tag without an entity list unlinks it: the entity goes too.
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    assert store.get(norway).entity == "" and store.entities == {}
    assert entities_in(saved(qtbot, window, dialogs, tmp_path)) == {}
    press_undo(qtbot, window)
    press_undo(qtbot, window)
    assert store.get(norway).tag == "actor" and store.get(norway).entity == "place-norwegen"
    assert entities_in(saved(qtbot, window, dialogs, tmp_path)) == {
        "place-norwegen": ("place", "state")}


def test_an_entity_a_commitment_names_stays_until_nothing_names_it(
        qtbot, window, dialogs, tmp_path):
    store = window.annotated.annotations
    usa = tag(qtbot, window, "USA", Qt.Key.Key_1)
    commitment = tag(qtbot, window, "US-Waffen im Wert von mehreren Milliarden", Qt.Key.Key_3)
    window.view.set_selected_annotation(commitment)
    supplier = window.attribute_dock.editor("supplier")
    supplier.setFocus()
    row = supplier.findText("USA", Qt.MatchFlag.MatchExactly)
    supplier.setCurrentIndex(row)
    supplier.activated.emit(row)
    entity = store.get(usa).entity
    assert store.get(commitment).attribute("supplier") == entity  # the entity itself
    window.view.set_selected_annotation(usa)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert usa not in store and store.has_entity(entity)  # still referred to
    # Clearing the field takes the last link: the entity goes, undo brings it back.
    window.view.set_selected_annotation(commitment)
    supplier = window.attribute_dock.editor("supplier")
    supplier.setCurrentIndex(0)
    supplier.activated.emit(0)
    assert not store.has_entity(entity)
    press_undo(qtbot, window)
    assert store.has_entity(entity) and entity == "place-usa"
    root = saved(qtbot, window, dialogs, tmp_path)
    assert entities_in(root) == {"place-usa": ("place", "state")}
    assert root.find(f".//{TEI}f[@name='supplier']").get("fVal") == "#place-usa"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # redo: cleared again
    assert entities_in(saved(qtbot, window, dialogs, tmp_path)) == {}


def test_merge_split_unlink_and_link_leave_no_entity_behind():
    doc = AnnotatedDocument.create(Document.from_paragraphs(split_paragraphs(TEXT)))

    def tag_model(phrase: str, n: int = 0) -> str:
        start = nth(phrase, n)
        edit = edits.add_linked(doc, [(start, start + len(phrase), "actor")])
        edit.apply(doc)
        return edit.after[0].id

    store = doc.annotations
    hegseth = tag_model("Hegseth", 1)
    pete = tag_model("Pete Hegseth")
    lone, full = store.get(hegseth).entity, store.get(pete).entity
    # Linking the only mention elsewhere: the entity left without one goes.
    link = edits.link(doc, [hegseth], full)
    link.apply(doc)
    assert not store.has_entity(lone)
    # Splitting every mention off: the old entity goes, the new one takes them.
    split = edits.split_entity(doc, full, [hegseth, pete], "Hegseth")
    split.apply(doc)
    assert list(store.entities) == [split.entities_after[0].id]
    split.revert(doc)
    link.revert(doc)
    assert sorted(store.entities) == sorted([lone, full])
    # Unlinking keeps an entity a reference names.
    pledge = tag_model("die NATO-Mitglieder würden")
    edits.retag(doc, [pledge], "commitment").apply(doc)
    edits.set_attributes(doc, pledge, {"reportedBy": lone}).apply(doc)
    edits.unlink(doc, [hegseth]).apply(doc)
    assert store.has_entity(lone)
    assert edits.unused_entities(doc) == []


# -- one kind per entity, guessed, changed in the attribute panel -----------------------------
@pytest.mark.parametrize("name, persons, expected", [
    ("Deutschland", (), ("place", "state")),
    ("Deutschlands", (), ("place", "state")),  # an inflected form
    ("der Ukraine", (), ("place", "state")),  # with its article
    ("USA", (), ("place", "state")),
    ("Norwegen", (), ("place", "state")),
    ("Russland", (), ("place", "state")),
    ("NATO", (), ("org", "alliance")),
    ("Europäische Union", (), ("org", "alliance")),
    ("Vereinte Nationen", (), ("org", "international")),
    ("Rheinmetall", (), ("org", "company")),
    ("US-Präsidenten", (), ("person", "")),  # a title in a compound
    ("Bundeskanzler", (), ("person", "")),
    ("Verteidigungsminister", (), ("person", "")),
    ("Wachtmeister", (), ("person", "")),  # a rank (the DraCor sample's soldiers)
    ("Oberleutnant", (), ("person", "")),  # a rank in a compound
    ("Feldwebel", (), ("person", "")),
    ("Sergeant", (), ("person", "")),
    ("Pete Hegseth", (), ("person", "")),  # a given name and a surname
    ("Wolodymyr Selenskyj", (), ("person", "")),
    ("Ursula von der Leyen", (), ("person", "")),
    ("Putins", ("Wladimir Putin",), ("person", "")),  # the surname of a known person
    ("Hegseth", (), ("org", "")),  # nothing to go by: the tag's own list
    ("andere europäische Partner", (), ("org", "")),
    ("Europäische Kommission", (), ("org", "international")),
    ("who", (), ("org", "")),  # "WHO" is an abbreviation, "who" is not
    ("Lockheed Martin", (), ("org", "company")),
])
def test_a_new_entity_gets_the_kind_its_name_suggests(name, persons, expected):
    from annotator.model.entities import guess_kind

    assert guess_kind(name, ACTOR_KINDS_OF, persons) == expected


def test_the_guess_stays_within_the_kinds_the_tag_names():
    from annotator.model.entities import guess_kind

    assert guess_kind("Deutschland", ("object",)) == ("object", "")
    assert guess_kind("Deutschland", ("place",)) == ("place", "state")
    assert guess_kind("Pete Hegseth", ("org",)) == ("org", "")


def test_tagging_makes_persons_places_and_orgs_with_ids_of_their_kind(
        qtbot, window, dialogs, tmp_path):
    for phrase, n in (("Pete Hegseth", 0), ("Deutschland", 1), ("USA", 0),
                      ("NATO-Mitgliedern", 0), ("Wolodymyr Selenskyj", 0)):
        tag(qtbot, window, phrase, Qt.Key.Key_1, n)
    assert "new entity “Wolodymyr Selenskyj” (person)" in window.statusBar().currentMessage()
    root = saved(qtbot, window, dialogs, tmp_path)
    assert entities_in(root) == {
        "pers-pete-hegseth": ("person", ""), "place-deutschland": ("place", "state"),
        "place-usa": ("place", "state"), "org-nato-mitgliedern": ("org", ""),
        "pers-wolodymyr-selenskyj": ("person", "")}
    # No second, disconnected Kind on the actor itself.
    assert root.find(f".//{TEI}fsDecl[@type='actor']") is None
    assert root.find(f".//{TEI}f[@name='kind']") is None


def test_changing_the_kind_in_the_attribute_panel_re_ids_the_entity_everywhere(
        qtbot, window, dialogs, tmp_path, tei_all_schema):
    store = window.annotated.annotations
    hegseth = tag(qtbot, window, "Hegseth", Qt.Key.Key_1, 1)
    assert store.get(hegseth).entity == "org-hegseth"  # a lone surname: no better guess
    commitment = tag(qtbot, window, "über den Verkauf von US-Patriot-Raketensystemen",
                     Qt.Key.Key_3)
    panel = window.attribute_dock
    assert panel.fill_reference("donor", hegseth)  # the mention, as Pick fills it
    reported = panel.editor("reportedBy")
    reported.setFocus()
    row = reported.findText("Hegseth", Qt.MatchFlag.MatchExactly)
    reported.setCurrentIndex(row)
    reported.activated.emit(row)  # the entity itself
    assert store.get(commitment).attribute("reportedBy") == "org-hegseth"
    before = saved(qtbot, window, dialogs, tmp_path, "before.xml")
    assert entities_in(before) == {"org-hegseth": ("org", "")}
    # Select the mention; choose Person in its Kind field with the keyboard.
    window.view.set_selected_annotation(hegseth)
    kind = panel.entity_box.kind
    assert panel.entity_box.isVisible() and kind.isEnabled()
    assert [kind.itemText(i) for i in range(kind.count())] == ["Person", "Organisation",
                                                               "Place"]
    kind.setFocus()
    steps = window.undo_stack.count()
    qtbot.keyClick(kind, Qt.Key.Key_Home)  # Person, the first
    assert window.undo_stack.count() == steps + 1  # one step
    assert store.get(hegseth).entity == "pers-hegseth"
    assert store.get(commitment).attribute("reportedBy") == "pers-hegseth"
    assert panel.entity_label.text().count("pers-hegseth") == 1
    after = saved(qtbot, window, dialogs, tmp_path, "after.xml")
    assert entities_in(after) == {"pers-hegseth": ("person", "")}
    data = etree.tostring(after)
    assert b"org-hegseth" not in data
    assert after.find(f".//{TEI}annotation[@{XML_ID}='{hegseth}']/{TEI}ref").get(
        "target") == "#pers-hegseth"
    assert after.find(f".//{TEI}f[@name='reportedBy']").get("fVal") == "#pers-hegseth"
    pointers = {p.get("type"): p.get("target") for p in after.iterfind(f".//{TEI}event/{TEI}ptr")}
    assert pointers["donor"] == pointers["reportedBy"] == "#pers-hegseth"
    assert tei_all_schema.validate(after.getroottree()), tei_all_schema.error_log
    # The type, typed into its field.
    type_field = panel.entity_box.type
    type_field.setFocus()
    type_field.lineEdit().selectAll()
    qtbot.keyClicks(type_field.lineEdit(), "minister")
    qtbot.keyClick(type_field.lineEdit(), Qt.Key.Key_Return)
    assert store.entity("pers-hegseth").type == "minister"
    typed = saved(qtbot, window, dialogs, tmp_path, "typed.xml")
    assert entities_in(typed) == {"pers-hegseth": ("person", "minister")}
    assert tei_all_schema.validate(typed.getroottree()), tei_all_schema.error_log
    # Undo, twice: as it was, ids and all.
    press_undo(qtbot, window)
    press_undo(qtbot, window)
    again = saved(qtbot, window, dialogs, tmp_path, "again.xml")
    assert etree.tostring(again.find(f".//{TEI}standOff")) == etree.tostring(
        before.find(f".//{TEI}standOff"))


def test_a_weapons_entity_offers_only_its_kind(qtbot, window):
    weapon = tag(qtbot, window, "Patriot-Raketen", Qt.Key.Key_2, 1)
    window.view.set_selected_annotation(weapon)
    kind = window.attribute_dock.entity_box.kind
    assert [kind.itemText(i) for i in range(kind.count())] == ["Object"]
    assert not kind.isEnabled() and "Weapon mentions name only objects" in kind.toolTip()


def test_the_tables_show_the_kinds():
    doc = open_document(SAMPLE_TXT.with_name("patriot-de.annotated.xml")).document
    rows = list(csv.DictReader(io.StringIO(export_bytes(doc, "commitments-csv")
                                           .decode("utf-8"))))
    assert [r["donor_kind"] for r in rows] == ["org/alliance", "person", "place/state",
                                              "place/state", "org"]
    assert [r["item_kind"] for r in rows] == ["object", "", "object", "object", ""]
    entities = {r["name"]: r for r in csv.DictReader(io.StringIO(
        export_bytes(doc, "entities-csv").decode("utf-8")))}
    assert (entities["Pete Hegseth"]["id"], entities["Pete Hegseth"]["kind"]) == (
        "pers-pete-hegseth", "person")
    assert (entities["Deutschland"]["kind"], entities["Deutschland"]["type"]) == (
        "place", "state")


# -- files of Annotator 1.0 ---------------------------------------------------------------------
# The actor's Kind in Annotator 1.0 (``legacy.ACTOR_KINDS``, written out: it is what
# the old files hold).
ACTOR_KINDS = ("person", "state", "organisation", "alliance", "other")


def old_tagset() -> Tagset:
    """The default tagset of Annotator 1.0: the actor has a Kind of its own."""
    tags = list(default_tagset())
    actor = tags[0]
    tags[0] = Tag(actor.id, actor.label, actor.color, actor.key, actor.description,
                  actor.element, (choice("kind", "Kind", ACTOR_KINDS, "what sort of actor"),),
                  actor.entity, actor.event)
    return Tagset(tags)


def old_file(tmp_path) -> bytes:
    """A file as Annotator 1.0 saved it: actors' kinds as values, every entity an org
    ("Pete Hegseth" made a person in its Entities panel, keeping "org-pete-hegseth"),
    and an entity left behind by a deleted mention."""
    doc = AnnotatedDocument.create(Document.from_paragraphs(split_paragraphs(TEXT)),
                                   old_tagset())

    def actor(phrase: str, kind: str, entity: str, n: int = 0) -> str:
        start = nth(phrase, n)
        edit = edits.add(doc, [(start, start + len(phrase), "actor")])
        edit.apply(doc)
        ann_id = edit.after[0].id
        if entity and not doc.annotations.has_entity(entity):
            edits.create_entity(doc, "org", phrase, mentions=[ann_id],
                                entity_id=entity).apply(doc)
        elif entity:
            edits.link(doc, [ann_id], entity).apply(doc)
        edits.set_attributes(doc, ann_id, {"kind": kind}).apply(doc)
        return ann_id

    actor("Pete Hegseth", "person", "org-pete-hegseth")
    edits.update_entity(doc, "org-pete-hegseth", kind="person").apply(doc)
    actor("Deutschlands", "state", "org-deutschlands")
    actor("Deutschland", "state", "org-deutschlands", 1)
    actor("Deutschland", "organisation", "org-deutschlands", 2)  # outvoted
    actor("NATO-Mitgliedern", "alliance", "org-nato-mitgliedern")
    actor("Norwegen", "state", "")  # not linked
    edits.create_entity(doc, "org", "Präsident Donald", entity_id="org-prasident-donald") \
        .apply(doc)  # left behind: nothing mentions it
    path = tmp_path / "old.xml"
    save_document(doc, path, "Ana")
    # 1.0 gave a person made in its Entities panel the id it had as an org.
    data = path.read_bytes().replace(b"pers-pete-hegseth", b"org-pete-hegseth")
    path.write_bytes(data)
    return data


def test_a_file_of_annotator_1_0_opens_with_its_kinds_on_its_entities(tmp_path,
                                                                     tei_all_schema):
    data = old_file(tmp_path)
    assert validate_bytes(data, "old.xml") == []  # it was valid, and still is
    assert b'<person xml:id="org-pete-hegseth">' in data and b'name="kind"' in data
    opened = open_document(tmp_path / "old.xml")
    doc = opened.document
    store = doc.annotations
    assert doc.tagset["actor"].attributes == ()
    assert not any(a.attribute("kind") for a in store)
    kinds = {e.id: (e.kind, e.type) for e in store.entities.values()}
    assert kinds == {"pers-pete-hegseth": ("person", ""),
                     "place-deutschlands": ("place", "state"),
                     "org-nato-mitgliedern": ("org", "alliance"),
                     "org-prasident-donald": ("org", "")}  # kept as the file has it
    assert [store.text_of(a) for a in store.mentions("place-deutschlands")] == [
        "Deutschlands", "Deutschland", "Deutschland"]
    # Values no entity took are kept in the actor's note.
    notes = {store.text_of(a): a.note for a in store if a.note}
    assert notes == {"Deutschland": "Kind (Annotator 1.0): organisation",
                     "Norwegen": "Kind (Annotator 1.0): state"}
    assert any("Kind field of Annotator 1.0" in n for n in opened.notes)
    assert any("org-pete-hegseth is now pers-pete-hegseth" in n for n in opened.notes)
    again = tmp_path / "again.xml"
    save_document(doc, again, "Ana")
    saved_data = again.read_bytes()
    assert validate_bytes(saved_data, str(again)) == []
    assert tei_all_schema.validate(etree.fromstring(saved_data).getroottree())
    assert b'<person xml:id="pers-pete-hegseth">' in saved_data
    assert b'<place xml:id="place-deutschlands" type="state">' in saved_data


def test_entities_left_behind_by_1_0_are_shown_and_deleted_on_request(
        qtbot, dialogs, tmp_path):
    old_file(tmp_path)
    window = make_window(qtbot)
    assert window.files.open_path(tmp_path / "old.xml", ask=False)
    panel = window.entity_dock
    assert panel.status_text().endswith("· 1 unused")
    assert "1 unused" in panel.status.text() and "href" in panel.status.text()
    panel.status.linkActivated.emit("unused")  # click; the question is answered OK
    assert not window.annotated.annotations.has_entity("org-prasident-donald")
    assert "unused" not in panel.status_text()
    root = saved(qtbot, window, dialogs, tmp_path, "cleaned.xml")
    assert "org-prasident-donald" not in entities_in(root)
    press_undo(qtbot, window)
    assert window.annotated.annotations.has_entity("org-prasident-donald")


def test_a_default_tagset_saved_by_1_0_loses_the_actors_kind():
    settings.set_default_tagset(old_tagset())
    tagset = settings.default_tagset()
    assert tagset["actor"].attributes == () and tagset == default_tagset()
