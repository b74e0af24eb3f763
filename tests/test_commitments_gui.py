"""Commitments in the window: entity links made by tagging, the links view, picking a
mention for a reference field, and deleting what a commitment refers to."""

from __future__ import annotations

import pytest
from gui_helpers import (
    SAMPLE_TXT,
    click_offset,
    make_window,
    on_modal,
    shift_select,
)
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF

from annotator.errors import AnnotationError
from annotator.gui import settings
from annotator.gui.recovery import RecoveryController
from annotator.gui.tagset_editor import TagsetEditor
from annotator.model import default_tagset, edits
from annotator.model.attributes import AttributeDef
from annotator.recovery import find_orphans

TEXT = SAMPLE_TXT.read_text(encoding="utf-8")


def nth(phrase: str, n: int = 0) -> int:
    at = -1
    for _ in range(n + 1):
        at = TEXT.index(phrase, at + 1)
    return at




@pytest.fixture
def window(qtbot, dialogs):
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    return window


def distance(first: QRectF, second: QRectF) -> float:
    dx = max(0.0, first.left() - second.right(), second.left() - first.right())
    dy = max(0.0, first.top() - second.bottom(), second.top() - first.bottom())
    return (dx * dx + dy * dy) ** 0.5


def glyph_rects(view) -> list[QRectF]:
    """A rectangle for every visible character that is not white space: from its
    cursor position to the next, the height of its line (viewport coordinates)."""
    rects = []
    offset = view.contentOffset()
    block = view.firstVisibleBlock()
    while block.isValid():
        top = view.blockBoundingGeometry(block).translated(offset).top()
        if top > view.viewport().height():
            break
        layout, text = block.layout(), block.text()
        origin = layout.position()
        for i in range(layout.lineCount() if block.isVisible() else 0):
            line = layout.lineAt(i)
            for p in range(line.textStart(), line.textStart() + line.textLength()):
                if p < len(text) and not text[p].isspace():
                    x1, x2 = line.cursorToX(p)[0], line.cursorToX(p + 1)[0]
                    rects.append(QRectF(origin.x() + min(x1, x2),
                                        top + origin.y() + line.y(),
                                        abs(x2 - x1), line.height()))
        block = block.next()
    return rects


def assert_labels_cover_no_text(view) -> list[QRectF]:
    """The link labels last painted hide no character of the text, nor each other."""
    labels = [rect for rect, _ in view._link_chips] + [rect for rect, _ in view._entity_chips]
    glyphs = glyph_rects(view)
    assert glyphs
    for label in labels:
        covered = [g for g in glyphs if label.intersects(g)]
        assert not covered, (label, covered[:3])
        assert QRectF(view.viewport().rect()).contains(label)
    for i, label in enumerate(labels):
        assert not any(label.intersects(other) for other in labels[i + 1:])
    return labels


def tag(qtbot, window, phrase: str, key, n: int = 0) -> str:
    """Select ``phrase`` with Shift+Right and press a tag key; the new annotation's id."""
    shift_select(qtbot, window, nth(phrase, n), len(phrase))
    qtbot.keyClick(window.view, key)
    assert window.view.selected_id is not None
    return window.view.selected_id


def commitment_with_donor(qtbot, window) -> tuple[str, str, str]:
    store = window.annotated.annotations
    donor = tag(qtbot, window, "Deutschland", Qt.Key.Key_1, 2)
    item = tag(qtbot, window, "Systeme", Qt.Key.Key_2)
    commitment = tag(qtbot, window, "dass Deutschland für zwei der Systeme aufkommen werde",
                     Qt.Key.Key_3)
    window.push(edits.set_attributes(store, commitment, {"donor": donor, "item": item}))
    return donor, item, commitment


def test_tagging_a_known_name_links_it_to_the_same_entity(qtbot, window):
    store = window.annotated.annotations
    first = tag(qtbot, window, "Deutschlands", Qt.Key.Key_1)
    assert "new entity" in window.statusBar().currentMessage()
    second = tag(qtbot, window, "Deutschland", Qt.Key.Key_1, 1)
    assert "linked to entity" in window.statusBar().currentMessage()
    entity = store.get(first).entity
    assert entity and store.get(second).entity == entity
    assert [m.id for m in store.mentions(entity)] == [first, second]
    # One undo takes back the tag and its link; the entity stays for the first mention.
    window.undo_stack.undo()
    assert second not in store and [m.id for m in store.mentions(entity)] == [first]
    window.undo_stack.undo()
    assert not store.entities


def test_a_weapon_is_linked_to_an_object_entity(qtbot, window):
    store = window.annotated.annotations
    ann = tag(qtbot, window, "Patriot-Raketen", Qt.Key.Key_2)
    assert store.entity(store.get(ann).entity).kind == "object"


def test_deleting_a_referenced_actor_asks_and_undo_restores_both(qtbot, window, dialogs):
    store = window.annotated.annotations
    donor, _item, commitment = commitment_with_donor(qtbot, window)
    # Cancel: nothing happens.
    click_offset(qtbot, window, nth("Deutschland", 2) + 2)
    assert window.view.selected_id == donor
    dialogs.button = "Cancel"
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert donor in store and store.get(commitment).attribute("donor") == donor
    assert "Other annotations refer to “Deutschland”" in dialogs.errors[0]
    assert "Commitment “dass Deutschland" in dialogs.errors[0]
    assert "as Donor" in dialogs.errors[0]
    # Delete and Clear: the actor goes and the donor field is emptied, in one step.
    dialogs.button = "Delete and Clear"
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert donor not in store and store.get(commitment).attribute("donor") == ""
    assert "cleared 1 reference" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert donor in store and store.get(commitment).attribute("donor") == donor


def test_deleting_an_unreferenced_annotation_does_not_ask(qtbot, window, dialogs):
    tag(qtbot, window, "Norwegen", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert len(window.annotated.annotations) == 0 and dialogs.errors == []


def test_the_links_view_labels_each_target_of_the_selected_commitment(qtbot, window):
    window.resize(1280, 800)  # a laptop's screen; the offscreen one is smaller
    donor, item, commitment = commitment_with_donor(qtbot, window)
    view = window.view
    view.set_selected_annotation(commitment, scroll=True)
    assert [(link.label, link.target.id) for link in view.links] == [
        ("Donor", donor), ("Item", item)]
    view.viewport().grab()  # paints: the label chips are placed
    chips = {target.id: rect for rect, target in view._link_chips}
    assert set(chips) == {donor, item}
    line = QFontMetricsF(view.font()).height()
    for ann_id in (donor, item):
        ann = window.annotated.annotations.get(ann_id)
        target = view.range_rects(ann.start, ann.end)[0]
        # The label is near its target (within a few lines), over no text.
        assert distance(chips[ann_id], target) < 3 * line
        assert view.link_chip_at(chips[ann_id].center()).id == ann_id
    assert_labels_cover_no_text(view)
    # Another annotation selected: no links.
    view.set_selected_annotation(donor)
    assert view.links == []
    view.viewport().grab()
    assert view._link_chips == []


@pytest.mark.parametrize(("size", "zoom"), [((1280, 800), 0), ((1280, 800), 5),
                                           ((900, 640), -2)])
def test_link_labels_cover_no_text(qtbot, dialogs, size, zoom):
    """With a commitment selected, its role labels covered the line above their targets
    ("Selens[Donor]tte"). In the annotated example, for every commitment, at three
    zooms and widths, no label meets a character of the text, and every target has its
    label."""
    window = make_window(qtbot)
    window.resize(*size)
    assert window.files.open_example()
    view = window.view
    view.zoom(zoom)
    store = window.annotated.annotations
    commitments = [a.id for a in store if a.tag == "commitment"]
    assert len(commitments) == 5
    for commitment in commitments:
        view.set_selected_annotation(commitment, scroll=True)
        view.viewport().grab()
        labels = assert_labels_cover_no_text(view)
        targets = {link.target.id for link in view.links
                   if link.target is not None and link.target.id != commitment}
        assert {target.id for _, target in view._link_chips} == targets
        assert len(labels) >= len(targets)


def test_an_entity_without_a_mention_still_gets_its_label(qtbot, window):
    """A donor chosen from the entity list that the text never mentions (the analyst
    knows who pays) is not lost from view: a chip at the bottom edge names it."""
    window.resize(1280, 800)  # a laptop's screen; the offscreen one is smaller
    store = window.annotated.annotations
    view = window.view
    _donor, item, commitment = commitment_with_donor(qtbot, window)
    edit = edits.create_entity(store, "org", "Bundesregierung")
    window.push(edit)
    unmentioned = edit.entities_after[0].id
    assert store.mentions(unmentioned) == []
    window.push(edits.set_attributes(store, commitment, {"donor": unmentioned}))
    view.set_selected_annotation(commitment, scroll=True)
    view.viewport().grab()
    assert [target.id for _, target in view._link_chips] == [item]
    [(chip, entity_id)] = view._entity_chips
    assert entity_id == unmentioned
    line = QFontMetricsF(view.font()).height()
    # Near the bottom edge, over no text.
    assert chip.bottom() > view.viewport().height() - 4 * line
    assert_labels_cover_no_text(view)
    image = view.viewport().grab().toImage()
    # The chip is painted: its dashed border differs from the page around it.
    border = image.pixelColor(int(chip.center().x()), int(chip.top()) + 1)
    assert border != image.pixelColor(int(chip.center().x()), int(chip.top()) - 3)
    assert view.link_chip_at(chip.center()) is None  # nothing to scroll to
    view.set_selected_annotation(item)
    view.viewport().grab()
    assert view._entity_chips == []


def test_a_target_off_screen_gets_a_chip_at_the_edge_and_clicking_it_scrolls(qtbot, window):
    store = window.annotated.annotations
    view = window.view
    window.resize(900, 300)
    far = tag(qtbot, window, "USA", Qt.Key.Key_1)
    _donor, _item, commitment = commitment_with_donor(qtbot, window)
    window.push(edits.set_attributes(store, commitment, {"supplier": far}))
    view.set_selected_annotation(commitment, scroll=True)
    view.viewport().grab()
    chip = next(rect for rect, target in view._link_chips if target.id == far)
    # Near the top edge (the target is above), over no text.
    assert chip.top() < 4 * QFontMetricsF(view.font()).height()
    assert_labels_cover_no_text(view)
    assert view.range_rects(store.get(far).start, store.get(far).end) == []
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=chip.center().toPoint())
    assert view.range_rects(store.get(far).start, store.get(far).end) != []
    assert view.selected_id == commitment  # still showing its links


def test_pick_mode_reports_the_clicked_annotation_of_a_wanted_tag(qtbot, window):
    view = window.view
    _donor, item, commitment = commitment_with_donor(qtbot, window)
    view.set_selected_annotation(commitment)
    picked: list[object] = []
    view.annotationPicked.connect(picked.append)
    view.start_pick({"weapon"})
    assert view.picking
    # The click lands in the commitment and the weapon: the weapon is picked, and the
    # selection does not move.
    click_offset(qtbot, window, nth("Systeme") + 2)
    assert picked == [item] and not view.picking
    assert view.selected_id == commitment
    # A click on no wanted tag reports None and goes on picking; Escape ends it.
    cancelled: list[bool] = []
    view.pickCancelled.connect(lambda: cancelled.append(True))
    view.start_pick({"weapon"})
    click_offset(qtbot, window, nth("Pentagon") + 2)
    assert picked[-1] is None and view.picking
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert cancelled == [True] and not view.picking
    assert view.selected_id == commitment


def test_links_follow_undo_of_the_reference(qtbot, window):
    donor, _item, commitment = commitment_with_donor(qtbot, window)
    view = window.view
    view.set_selected_annotation(commitment)
    assert len(view.links) == 2
    window.undo_stack.undo()  # the attribute edit
    assert view.links == []
    window.undo_stack.redo()
    assert next(link.target.id for link in view.links) == donor


def test_editing_the_tagset_in_the_window_changes_keys_and_is_one_undo(qtbot, window):
    store = window.annotated.annotations
    actor = tag(qtbot, window, "Norwegen", Qt.Key.Key_1)

    def edit(editor: TagsetEditor) -> None:
        editor.select_tag("actor")
        assert editor.rename_tag("actor", "Akteur")
        editor.add_tag()
        assert editor.rename_tag(editor.current_tag().id, "Place")
        editor.accept()

    on_modal(TagsetEditor, edit)
    window.main_menu.tagset_action.trigger()
    # A new tag goes last, whichever is selected, with the next key: the toolbar's
    # keys count up in its order.
    assert [(t.label, t.key) for t in window.annotated.tagset] == [
        ("Akteur", "1"), ("Weapon", "2"), ("Commitment", "3"), ("Place", "4")]
    assert window.main_menu.tag_actions["actor"].text() == "Akteur"
    assert "Akteur" in window.counts_label.text()
    assert window.dock.tag_filter.findText("Place") > 0
    assert store.get(actor).tag == "actor"  # the id stays: annotations keep their tag
    window.undo_stack.undo()
    assert [t.label for t in window.annotated.tagset] == ["Actor", "Weapon", "Commitment"]
    assert window.main_menu.tag_actions["actor"].text() == "Actor"


def test_a_tagset_without_a_used_tag_deletes_its_annotations_undoably(qtbot, window):
    store = window.annotated.annotations
    weapon = tag(qtbot, window, "Systeme", Qt.Key.Key_2)
    window.push(edits.set_attributes(store, weapon, {"category": "airDefence"}))
    commitment = tag(qtbot, window, "ein System zu liefern", Qt.Key.Key_3)
    window.push(edits.set_attributes(store, commitment, {"quantity": "1"}))
    smaller = window.annotated.tagset.copy()
    smaller.remove("commitment")
    smaller.replace_attribute("weapon", "category", AttributeDef("category", "Category",
                                                                 "number"))
    window.apply_tagset(smaller)
    assert {t: n for t, n in store.counts().items() if n} == {"weapon": 1}
    assert store.get(weapon).attribute("category") == ""  # "airDefence" is no number
    message = window.statusBar().currentMessage()
    assert "1 annotation of removed tags deleted" in message
    assert "dropped from 1 annotation" in message
    assert "commitment" not in window.main_menu.tag_actions
    window.undo_stack.undo()
    assert store.get(commitment).attribute("quantity") == "1"
    assert store.get(weapon).attribute("category") == "airDefence"
    assert "commitment" in window.main_menu.tag_actions


def test_new_documents_start_with_the_default_tagset_from_the_settings(qtbot, dialogs):
    mine = default_tagset()
    mine.rename("weapon", "Waffe")
    settings.set_default_tagset(mine)
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    assert window.annotated.tagset["weapon"].label == "Waffe"
    assert window.main_menu.tag_actions["weapon"].text() == "Waffe"


# -- found in review: tagset changes and the recovery journal, keys in panels, picking --
def recovered_tagset(window, tmp_path, action):
    """Run ``action`` with a recovery journal, crash, and return the tagset restored."""
    controller = RecoveryController(window, folder=tmp_path / "rec")
    action()
    controller.sync()
    controller.abandon()  # as if the process died here
    orphans = find_orphans(tmp_path / "rec")
    assert len(orphans) == 1
    return orphans[0].recovered.annotated.tagset


def test_a_tagset_change_alone_is_journaled(qtbot, window, tmp_path):
    def rename() -> None:
        smaller = window.annotated.tagset.copy()
        smaller.rename("actor", "Akteur")
        window.apply_tagset(smaller)

    assert recovered_tagset(window, tmp_path, rename)["actor"].label == "Akteur"


def test_undoing_a_tagset_change_that_dropped_values_can_be_recovered(qtbot, window, tmp_path):
    store = window.annotated.annotations

    def change_and_undo() -> None:
        weapon = tag(qtbot, window, "Systeme", Qt.Key.Key_2)
        window.push(edits.set_attributes(store, weapon, {"category": "airDefence"}))
        numbers = window.annotated.tagset.copy()
        numbers.replace_attribute("weapon", "category", AttributeDef("category", "Category",
                                                                     "number"))
        window.apply_tagset(numbers)
        window.undo_stack.undo()

    tagset = recovered_tagset(window, tmp_path, change_and_undo)
    assert tagset["weapon"].attribute("category").kind == "choice"


def test_removing_a_tag_as_the_first_change_is_journaled(qtbot, window, tmp_path):
    tag(qtbot, window, "Norwegen", Qt.Key.Key_3)
    window.undo_stack.setClean()

    def remove() -> None:
        smaller = window.annotated.tagset.copy()
        smaller.remove("commitment")
        window.apply_tagset(smaller)

    assert "commitment" not in recovered_tagset(window, tmp_path, remove)


def test_the_attribute_panel_follows_a_tagset_change(qtbot, window):
    actor = tag(qtbot, window, "Norwegen", Qt.Key.Key_1)
    window.view.set_selected_annotation(actor)
    more = window.annotated.tagset.copy()
    more.add_attribute("actor", AttributeDef("rank", "Rank", "text"))
    window.apply_tagset(more)
    assert window.attribute_dock.editor("rank") is not None
    window.undo_stack.undo()
    assert window.attribute_dock.editor("rank") is None


def test_tag_keys_and_delete_do_nothing_in_the_panels(qtbot, window):
    store = window.annotated.annotations
    commitment = tag(qtbot, window, "ein System zu liefern", Qt.Key.Key_3)
    combo = window.attribute_dock.editor("stage")
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_1)
    qtbot.keyClick(combo, Qt.Key.Key_Delete)
    assert store.get(commitment).tag == "commitment"
    window.entity_dock.show()
    window.entity_dock.raise_()
    actor = tag(qtbot, window, "Norwegen", Qt.Key.Key_1)
    window.entity_dock.tree.setFocus()
    qtbot.waitUntil(window.entity_dock.tree.hasFocus)
    qtbot.keyClick(window.entity_dock.tree, Qt.Key.Key_2)
    assert store.get(actor).tag == "actor"
    # In the text they still act.
    window.view.setFocus()
    window.view.set_selected_annotation(actor)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert store.get(actor).tag == "weapon"


def test_keys_differing_only_in_case_are_one_key():
    tagset = default_tagset()
    tagset.set_key("actor", "a")
    with pytest.raises(AnnotationError, match="already used by Actor"):
        tagset.set_key("weapon", "A")


def test_picking_ends_when_another_annotation_is_selected_or_a_tag_key_pressed(qtbot, window):
    store = window.annotated.annotations
    _donor, _item, commitment = commitment_with_donor(qtbot, window)
    other = tag(qtbot, window, "ein System zu liefern", Qt.Key.Key_3)
    window.view.set_selected_annotation(commitment)
    qtbot.mouseClick(window.attribute_dock.findChild(object, "pick_supplier"),
                     Qt.MouseButton.LeftButton)
    assert window.view.picking
    window.dock.annotationActivated.emit(other)  # chosen in the list
    assert not window.view.picking
    assert window.view.selected_id == other
    # A tag key while picking only ends picking: the commitment keeps its tag.
    qtbot.mouseClick(window.attribute_dock.findChild(object, "pick_supplier"),
                     Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert not window.view.picking and store.get(other).tag == "commitment"
    # The annotation being filled is undone away: picking ends.
    qtbot.mouseClick(window.attribute_dock.findChild(object, "pick_supplier"),
                     Qt.MouseButton.LeftButton)
    assert window.view.picking
    window.undo_stack.undo()
    assert other not in store and not window.view.picking
