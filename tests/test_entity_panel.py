"""The entity panel: its tree follows the store, its actions build the edits.

Real widgets on a real document (the sample article); edits the panel asks for
are applied as the window would, so the panel only learns of them through the
store's change notices. Modal dialogs are driven as a person would: a timer
finds the dialog once it is up, fills it in and presses its buttons.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import gui_helpers
import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from annotator.gui.entity_panel import (
    IDENTIFIERS,
    MENTIONS,
    NAME,
    EntityDock,
    IdentifiersDialog,
)
from annotator.model import AnnotatedDocument, Annotation, Document, Edit, edits
from annotator.model.document import split_paragraphs
from annotator.model.entities import Entity

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "patriot-de.txt"


class Session:
    """The document, the panel, and the edits applied as the window would apply them."""

    def __init__(self, qtbot) -> None:
        text = SAMPLE.read_text(encoding="utf-8")
        self.doc = AnnotatedDocument.create(Document.from_paragraphs(split_paragraphs(text)))
        self.text = self.doc.document.text
        self.applied: list[Edit] = []
        self.dock = EntityDock()
        qtbot.addWidget(self.dock)
        self.dock.resize(640, 420)
        self.dock.editRequested.connect(self.apply)
        self.dock.set_document(self.doc)
        with qtbot.waitExposed(self.dock):
            self.dock.show()
        self.tester = QAbstractItemModelTester(
            self.dock.model, QAbstractItemModelTester.FailureReportingMode.Warning)

    def apply(self, edit: Edit) -> None:
        edit.apply(self.doc)
        self.applied.append(edit)

    def tag(self, phrase: str, tag: str = "actor", after: str = "") -> str:
        start = self.text.index(phrase, self.text.index(after) if after else 0)
        edit = edits.add_linked(self.doc, [(start, start + len(phrase), tag)])
        edit.apply(self.doc)
        return edit.after[0].id

    # -- reading the tree ----------------------------------------------------------------
    @property
    def model(self):
        return self.dock.model

    def names(self) -> list[str]:
        m = self.model
        return [m.index(r, NAME).data() for r in range(m.rowCount())]

    def row(self, name: str, column: int = NAME) -> QModelIndex:
        m = self.model
        for r in range(m.rowCount()):
            if m.index(r, NAME).data() == name:
                return m.index(r, column)
        raise AssertionError(f"no row {name!r} in {self.names()}")

    def cell(self, name: str, column: int) -> str:
        return self.row(name, column).data()

    def entity_named(self, name: str) -> Entity:
        found = [e for e in self.doc.entities.values() if e.name == name]
        assert len(found) == 1, found
        return found[0]

    def select(self, *names: str, current: str | None = None) -> None:
        view = self.dock.tree
        selection = view.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for name in names:
            selection.select(self.row(name), flags)
        if current is not None:
            selection.setCurrentIndex(self.row(current), selection.SelectionFlag.NoUpdate)

    def select_mentions(self, name: str, rows: list[int]) -> None:
        parent = self.row(name)
        self.dock.tree.expand(parent)
        selection = self.dock.tree.selectionModel()
        selection.clearSelection()
        for r in rows:
            selection.select(self.model.index(r, 0, parent),
                             selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        selection.setCurrentIndex(self.model.index(rows[0], 0, parent),
                                  selection.SelectionFlag.NoUpdate)

    def children(self, name: str) -> list[str]:
        parent = self.row(name)
        return [self.model.index(r, NAME, parent).data()
                for r in range(self.model.rowCount(parent))]

    def check_counts(self) -> None:
        """What the tree says agrees with what the store says."""
        store = self.doc.annotations
        shown = {self.model.index(r, 0).data(Qt.ItemDataRole.UserRole):
                 int(self.model.index(r, MENTIONS).data().replace(",", ""))
                 for r in range(self.model.rowCount())}
        assert shown == store.mention_counts()


def when_modal(handler: Callable[[QWidget], None], seen: list | None = None) -> None:
    """Call ``handler`` with the next modal dialog once it is shown."""
    deadline = time.monotonic() + 5
    run = gui_helpers.TEST_RUN[0]

    def poll() -> None:
        if gui_helpers.TEST_RUN[0] != run:  # its test is over
            return
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible():
            if time.monotonic() < deadline:
                QTimer.singleShot(10, poll)
            return
        if seen is not None:
            seen.append(widget)
        handler(widget)

    QTimer.singleShot(0, poll)


def answer(button: QMessageBox.StandardButton, texts: list[str]) -> Callable[[QWidget], None]:
    def press(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        texts.append(box.text())
        box.button(button).click()
    return press


@pytest.fixture
def session(qtbot, qtlog) -> Session:
    s = Session(qtbot)
    s.germany = s.tag("Deutschland", after="Pete Hegseth")  # ¶2: the entity "Deutschland"
    s.genitive = s.tag("Deutschlands")  # ¶1: links to it
    s.tag("Deutschland", after="Der ukrainische Präsident")  # ¶8
    s.tag("Ukraine")
    s.tag("Pete Hegseth")
    s.hegseth = s.tag("Hegseth", after="mit Hegseth")  # a second entity, "Hegseth"
    s.tag("Boris Pistorius")
    s.tag("Norwegen")
    s.tag("US-Patriot-Raketensystemen", "weapon")
    s.commitment = s.tag("Deutschland für zwei der Systeme aufkommen werde", "commitment")
    yield s
    failures = [r.message for r in qtlog.records if "FAIL" in r.message]
    assert not failures, failures  # the model tester found nothing wrong


# -- the tree ----------------------------------------------------------------------------------
def test_tree_lists_entities_with_mention_counts(session: Session) -> None:
    assert session.dock.objectName() == "entityDock"
    assert session.dock.windowTitle() == "Entities"
    assert session.names() == ["Boris Pistorius", "Deutschland", "Hegseth", "Norwegen",
                               "Pete Hegseth", "Ukraine", "US-Patriot-Raketensystemen"]
    assert session.cell("Deutschland", MENTIONS) == "3"
    assert session.cell("Deutschland", 1) == "Place (state)"  # a state's name: guessed
    assert session.cell("Pete Hegseth", 1) == "Person"  # a given name and a surname
    assert session.cell("US-Patriot-Raketensystemen", 1) == "Object"
    session.check_counts()
    # The mentions, in document order, with where they are and their context.
    assert session.children("Deutschland") == ["“Deutschlands”", "“Deutschland”",
                                               "“Deutschland”"]
    parent = session.row("Deutschland")
    first = session.model.index(0, 0, parent)
    assert first.data(Qt.ItemDataRole.UserRole) == session.genitive
    assert session.model.index(0, MENTIONS, parent).data() == "¶1"
    assert session.model.index(2, MENTIONS, parent).data() == "¶8"
    context = session.model.index(0, IDENTIFIERS, parent).data()
    assert "der USA und Deutschlands fand" in context
    assert session.model.index(0, 1, parent).data() == "Actor"
    assert session.dock.status_text() == "7 entities · 9 mentions"


def test_filter_by_name_and_kind(session: Session) -> None:
    session.dock.text_filter.setText("deutsch")
    assert session.names() == ["Deutschland"]
    assert session.dock.status_text().startswith("1 of 7 entities")
    session.dock.text_filter.setText("")
    session.dock.kind_filter.setCurrentIndex(session.dock.kind_filter.findData("object"))
    assert session.names() == ["US-Patriot-Raketensystemen"]
    # A new entity of another kind stays hidden; one of this kind shows.
    session.tag("Ehrenkordon")
    assert session.names() == ["US-Patriot-Raketensystemen"]
    session.tag("Systeme", "weapon", after="zwei der")
    assert session.names() == ["Systeme", "US-Patriot-Raketensystemen"]
    session.dock.kind_filter.setCurrentIndex(0)
    assert len(session.names()) == 9


def test_sort_by_mentions(session: Session) -> None:
    session.dock.tree.sortByColumn(MENTIONS, Qt.SortOrder.DescendingOrder)
    assert session.names()[0] == "Deutschland"
    # Changes of count move rows to their new places: Ukraine overtakes Deutschland.
    for after in ("an die Ukraine", "in der Ukraine", "auf der Ukraine"):
        session.tag("Ukraine", after=after)
    assert session.names()[:2] == ["Ukraine", "Deutschland"]
    counts = session.doc.annotations.mention_counts()
    shown = [session.model.index(r, 0).data(Qt.ItemDataRole.UserRole)
             for r in range(session.model.rowCount())]
    assert [counts[e] for e in shown] == sorted(counts.values(), reverse=True)
    session.check_counts()


def test_select_entity_highlights_without_signals(session: Session, qtbot) -> None:
    germany = session.doc.annotations.get(session.germany).entity
    with qtbot.assertNotEmitted(session.dock.editRequested), \
            qtbot.assertNotEmitted(session.dock.mentionActivated):
        session.dock.select_entity(germany)
    assert session.dock.current_entity() == germany
    assert session.dock.selected_entities() == [germany]
    session.dock.select_entity(None)
    assert session.dock.selected_entities() == []
    assert session.dock.current_entity() is None


# -- actions ---------------------------------------------------------------------------------
def test_rename_through_the_dialog_and_undo(session: Session) -> None:
    session.select("Deutschland", current="Deutschland")
    seen: list[QWidget] = []

    def rename(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        assert dialog.textValue() == "Deutschland"
        dialog.setTextValue("Bundesrepublik Deutschland")
        dialog.accept()

    when_modal(rename, seen)
    session.dock.rename_action.trigger()
    assert seen
    assert session.entity_named("Bundesrepublik Deutschland").id == "place-deutschland"
    assert session.names()[:2] == ["Boris Pistorius", "Bundesrepublik Deutschland"]
    assert session.dock.current_entity() == "place-deutschland"  # followed its row
    session.applied[-1].revert(session.doc)
    assert "Deutschland" in session.names()
    assert "Bundesrepublik Deutschland" not in session.names()
    session.check_counts()


def test_f2_renames(session: Session, qtbot) -> None:
    session.dock.activateWindow()
    qtbot.waitUntil(session.dock.isActiveWindow, timeout=3000)
    session.select("Ukraine", current="Ukraine")
    session.dock.tree.setFocus()

    def rename(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Ukraina")
        dialog.accept()

    when_modal(rename)
    qtbot.keyClick(session.dock.tree, Qt.Key.Key_F2)
    assert "Ukraina" in session.names()


def test_rename_error_goes_to_the_status_line(session: Session) -> None:
    session.select("Ukraine", current="Ukraine")

    def empty(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("   ")
        dialog.accept()

    when_modal(empty)
    session.dock.rename_action.trigger()
    assert session.applied == []
    assert session.dock.status_text() == "an entity needs a name"
    assert session.dock.status.isVisible()


def test_identifiers_dialog_checks_each_field(session: Session, qtbot) -> None:
    entity = session.entity_named("Deutschland")
    dialog = IdentifiersDialog(entity)
    qtbot.addWidget(dialog)
    wikidata = dialog.fields["wikidata"]
    wikidata.setText("Z12")
    assert not dialog.is_valid()
    assert "not a Wikidata id" in dialog.errors["wikidata"].text()
    assert not dialog.errors["wikidata"].isHidden()
    wikidata.setText("q183")
    assert dialog.is_valid()
    assert dialog.errors["wikidata"].isHidden()
    dialog.fields["iso3166"].setText("germany")
    assert not dialog.is_valid()
    dialog.fields["iso3166"].setText("de")
    assert dialog.values() == {"wikidata": "Q183", "iso3166": "DE", "uri": ""}


def test_identifiers_through_the_dialog(session: Session) -> None:
    session.select("Deutschland", current="Deutschland")
    checked: list[bool] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, IdentifiersDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dialog.findChild(QLineEdit, "identifier_wikidata").setText("Z12")
        checked.append(ok.isEnabled())
        dialog.findChild(QLineEdit, "identifier_wikidata").setText("Q183")
        dialog.findChild(QLineEdit, "identifier_iso3166").setText("DE")
        checked.append(ok.isEnabled())
        ok.click()

    when_modal(fill)
    session.dock.identifiers_action.trigger()
    assert checked == [False, True]
    assert session.entity_named("Deutschland").identifiers == (("wikidata", "Q183"),
                                                               ("iso3166", "DE"))
    assert session.cell("Deutschland", IDENTIFIERS) == "Q183 · DE"
    session.applied[-1].revert(session.doc)
    assert session.cell("Deutschland", IDENTIFIERS) == ""


def test_merge_keeps_the_current_entity(session: Session) -> None:
    session.select("Hegseth", "Pete Hegseth", current="Pete Hegseth")
    assert session.dock.merge_action.isEnabled()
    texts: list[str] = []
    when_modal(answer(QMessageBox.StandardButton.Ok, texts))
    session.dock.merge_action.trigger()
    assert "“Pete Hegseth” is kept" in texts[0]
    assert "Merge “Hegseth” into “Pete Hegseth”" in texts[0]
    assert "Hegseth" not in session.names()
    assert session.cell("Pete Hegseth", MENTIONS) == "2"
    assert session.dock.current_entity() == session.entity_named("Pete Hegseth").id
    session.check_counts()
    session.applied[-1].revert(session.doc)
    assert "Hegseth" in session.names()
    assert session.cell("Pete Hegseth", MENTIONS) == "1"
    session.check_counts()


def test_merge_cancelled_does_nothing(session: Session) -> None:
    session.select("Hegseth", "Pete Hegseth", current="Hegseth")
    texts: list[str] = []
    when_modal(answer(QMessageBox.StandardButton.Cancel, texts))
    session.dock.merge_action.trigger()
    assert "“Hegseth” is kept" in texts[0]
    assert session.applied == []


def test_merge_error_goes_to_the_status_line(session: Session) -> None:
    session.select("Deutschland", "US-Patriot-Raketensystemen", current="Deutschland")
    when_modal(answer(QMessageBox.StandardButton.Ok, []))
    session.dock.merge_action.trigger()
    assert session.applied == []
    assert "cannot name" in session.dock.status_text()
    # The next successful action clears it.
    session.select_mentions("Deutschland", [0])
    session.dock.unlink_action.trigger()
    assert session.dock.status_text() == "7 entities · 8 mentions"


def test_split_moves_mentions_to_a_new_entity(session: Session) -> None:
    session.select_mentions("Deutschland", [0])
    assert session.dock.split_action.isEnabled()
    assert not session.dock.merge_action.isEnabled()
    session.dock.split_action.trigger()
    assert session.children("Deutschlands") == ["“Deutschlands”"]
    assert session.children("Deutschland") == ["“Deutschland”", "“Deutschland”"]
    assert session.dock.tree.isExpanded(session.row("Deutschland"))  # kept open
    new = session.applied[-1].entities_after[0].id
    assert session.dock.current_entity() == new
    session.check_counts()
    session.applied[-1].revert(session.doc)
    assert "Deutschlands" not in session.names()
    assert session.children("Deutschland") == ["“Deutschlands”", "“Deutschland”",
                                               "“Deutschland”"]
    session.check_counts()


def test_unlink_mentions_with_the_action_and_the_delete_key(session: Session, qtbot) -> None:
    session.select_mentions("Deutschland", [1, 2])
    session.dock.unlink_action.trigger()
    assert session.children("Deutschland") == ["“Deutschlands”"]
    assert session.cell("Deutschland", MENTIONS) == "1"
    session.select_mentions("Deutschland", [0])
    session.dock.tree.setFocus()
    qtbot.keyClick(session.dock.tree, Qt.Key.Key_Delete)
    # Nothing names it any more: the entity went with its last mention.
    assert "Deutschland" not in session.names()
    session.check_counts()
    session.applied[-1].revert(session.doc)
    assert session.cell("Deutschland", MENTIONS) == "1"
    assert session.model.hasChildren(session.row("Deutschland"))
    for edit in reversed(session.applied[:-1]):
        edit.revert(session.doc)
    assert session.cell("Deutschland", MENTIONS) == "3"
    session.check_counts()


def test_delete_asks_when_mentions_or_references_name_the_entity(session: Session) -> None:
    germany = session.entity_named("Deutschland").id
    edits.set_attributes(session.doc, session.commitment, {"donor": germany}).apply(session.doc)
    session.select("Deutschland", current="Deutschland")
    texts: list[str] = []
    when_modal(answer(QMessageBox.StandardButton.Cancel, texts))
    session.dock.delete_action.trigger()
    assert "3 mentions stay annotations but are unlinked" in texts[0]
    assert "1 reference to it (Commitment" in texts[0]
    assert session.applied == []
    when_modal(answer(QMessageBox.StandardButton.Ok, texts))
    session.dock.delete_action.trigger()
    assert "Deutschland" not in session.names()
    assert session.doc.annotations.get(session.germany).entity == ""
    assert session.doc.annotations.get(session.commitment).attribute("donor") == ""
    session.applied[-1].revert(session.doc)
    assert session.cell("Deutschland", MENTIONS) == "3"
    assert session.doc.annotations.get(session.commitment).attribute("donor") == germany
    session.check_counts()


def test_delete_without_mentions_does_not_ask(session: Session) -> None:
    edits.create_entity(session.doc, "place", "Rom").apply(session.doc)
    assert session.cell("Rom", 1) == "Place"
    session.select("Rom", current="Rom")
    seen: list[QWidget] = []
    when_modal(lambda w: w.reject(), seen)
    session.dock.delete_action.trigger()
    assert "Rom" not in session.names()
    QApplication.processEvents()
    assert seen == []


def test_mention_activated_on_double_click_and_enter(session: Session, qtbot) -> None:
    parent = session.row("Deutschland")
    session.dock.tree.expand(parent)
    index = session.model.index(1, 0, parent)
    rect = session.dock.tree.visualRect(index)
    viewport = session.dock.tree.viewport()
    with qtbot.waitSignal(session.dock.mentionActivated) as signal:
        # A real double-click: a click, then the press that the system reports as a
        # double-click (QTest's mouseDClick alone leaves out the first release).
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [session.germany]
    session.dock.tree.setCurrentIndex(session.model.index(0, 0, parent))
    session.dock.tree.setFocus()
    with qtbot.waitSignal(session.dock.mentionActivated) as signal:
        qtbot.keyClick(session.dock.tree, Qt.Key.Key_Return)
    assert signal.args == [session.genitive]
    # An entity row is no mention.
    with qtbot.assertNotEmitted(session.dock.mentionActivated):
        session.dock.tree.activated.emit(parent)


def test_context_menu_holds_the_actions(session: Session) -> None:
    session.select("Deutschland", current="Deutschland")
    menu = session.dock.context_menu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Rename…", "Identifiers…", "Kind", "Merge", "Split", "Unlink", "Delete",
                     "Delete Unused Entities…"]
    enabled = {a.text() for a in menu.actions() if a.isEnabled() and not a.isSeparator()}
    assert enabled == {"Rename…", "Identifiers…", "Kind", "Delete"}
    assert session.dock.rename_action.shortcut().toString() == "F2"


def test_the_kind_menu_changes_the_kind_and_the_id_follows(session: Session) -> None:
    session.select("Pete Hegseth", current="Pete Hegseth")
    store = session.dock.annotated.annotations
    assert session.dock.current_entity() == "pers-pete-hegseth"
    session.dock.kind_menu.aboutToShow.emit()
    assert session.dock.kind_actions["person"].isChecked()
    session.dock.kind_actions["org"].trigger()
    # A new kind, a new id: the mention follows, and so does the selected row.
    assert session.dock.current_entity() == "org-pete-hegseth"
    assert store.entity("org-pete-hegseth").kind == "org"
    assert not store.has_entity("pers-pete-hegseth")
    assert [store.text_of(a) for a in store.mentions("org-pete-hegseth")] == ["Pete Hegseth"]
    assert session.row("Pete Hegseth", 1).data() == "Organisation"
    session.applied[-1].revert(session.doc)
    assert store.entity("pers-pete-hegseth").kind == "person"
    assert session.row("Pete Hegseth", 1).data() == "Person"
    # A weapon's entity cannot become a person: its mentions' tag does not allow it.
    session.tag("Patriot-Raketen", "weapon")
    session.select("Patriot-Raketen", current="Patriot-Raketen")
    session.dock.kind_actions["person"].trigger()
    assert store.entity(session.dock.current_entity()).kind == "object"
    assert session.dock.status_text()


def test_columns_fit_their_content_and_cut_only_when_the_dock_is_too_narrow(
        session: Session, qtbot) -> None:
    session.tag("andere europäische Partner")
    ukraine = session.entity_named("Ukraine")  # a long kind, as the UN's would be
    edits.update_entity(session.doc, ukraine.id, kind="org", type="international").apply(
        session.doc)
    germany = session.entity_named("Deutschland").id
    edits.set_identifiers(session.doc, germany, {"wikidata": "Q183", "iso3166": "DE"}).apply(
        session.doc)
    tree = session.dock.tree
    metrics = tree.fontMetrics()

    def cut() -> list[str]:
        """The cells whose text does not fit their column."""
        found = []
        for r in range(session.model.rowCount()):
            for column in (NAME, 1, MENTIONS, IDENTIFIERS):
                index = session.model.index(r, column)
                text = index.data() or ""
                if metrics.horizontalAdvance(text) + 6 > tree.visualRect(index).width():
                    found.append(text)
        return found

    session.dock.resize(720, 420)
    qtbot.waitUntil(lambda: tree.viewport().width() > 650)
    assert cut() == []
    assert session.cell("Deutschland", IDENTIFIERS) == "Q183 · DE"
    header = tree.header()
    assert header.sectionSize(MENTIONS) < header.sectionSize(1)  # no room wasted on counts
    # Narrower: the identifiers give way first (past a scroll), then the kinds are
    # cut; names last. The tooltip of every row says it all.
    session.dock.resize(460, 420)
    qtbot.waitUntil(lambda: tree.viewport().width() < 460)
    assert cut() == [] and tree.horizontalScrollBar().maximum() > 0
    session.dock.resize(340, 420)
    qtbot.waitUntil(lambda: tree.viewport().width() < 340)
    assert "Organisation (international)" in cut()
    assert not set(session.names()) & set(cut())
    tip = session.row("Deutschland").data(Qt.ItemDataRole.ToolTipRole)
    assert "Wikidata: Q183" in tip and "ISO 3166: DE" in tip and "place-deutschland" in tip
    # A width the user drags is theirs: content and resizing leave it.
    header.resizeSection(NAME, 90)
    session.tag("Patriot-Raketen", "weapon", after="darunter auch")
    session.dock.resize(700, 420)
    qtbot.waitUntil(lambda: tree.viewport().width() > 600)
    assert header.sectionSize(NAME) == 90


def test_document_switch_unsubscribes(session: Session, qtbot) -> None:
    other = AnnotatedDocument.create(Document.from_paragraphs(["Berlin ist groß."]))
    session.dock.set_document(other)
    assert session.names() == []
    session.tag("Pistorius", after="Boris")  # the old document: ignored
    assert session.names() == []
    edits.add_linked(other, [(0, 6, "actor")]).apply(other)
    assert session.names() == ["Berlin"]
    session.dock.set_document(None)
    assert session.names() == []
    assert session.dock.status_text() == "No document open"


# -- scale -------------------------------------------------------------------------------------
def test_edits_update_rows_not_the_whole_tree(qtbot) -> None:
    """20,000 mentions of 2,000 entities: an edit touches a few rows, no reset."""
    words = [f"Name{i:04d}" for i in range(2000)]
    paragraphs = [" ".join(words[(p * 10 + k) % 2000] for k in range(10)) + "."
                  for p in range(2000)]
    doc = AnnotatedDocument.create(Document.from_paragraphs(paragraphs))
    text = doc.document.text
    entities = [Entity(f"org-n{i}", "org", w) for i, w in enumerate(words)]
    anns = []
    for p in doc.document.paragraphs:
        position = p.start
        for word in text[p.start:p.end].rstrip(".").split(" "):
            i = int(word[4:])
            anns.append(Annotation(f"a{len(anns) + 1}", "actor", position,
                                   position + len(word), entity=f"org-n{i}"))
            position += len(word) + 1
    doc = AnnotatedDocument.create(doc.document, annotations=anns, entities=entities)
    dock = EntityDock()
    qtbot.addWidget(dock)
    applied: list[Edit] = []
    dock.editRequested.connect(lambda e: (e.apply(doc), applied.append(e)))
    started = time.perf_counter()
    dock.set_document(doc)
    dock.show()
    opened = time.perf_counter() - started
    assert dock.model.rowCount() == 2000
    assert opened < 2.0
    resets: list[int] = []
    dock.model.modelReset.connect(lambda: resets.append(1))
    dock.tree.expand(dock.model.entity_index("org-n5"))
    started = time.perf_counter()
    edits.link(doc, ["a1", "a2"], "org-n5").apply(doc)
    edits.rename_entity(doc, "org-n7", "Zebra").apply(doc)
    edits.merge_entities(doc, "org-n5", ["org-n8"]).apply(doc)
    took = time.perf_counter() - started
    assert resets == []
    assert took < 1.0
    assert dock.model.rowCount() == 1999
    counts = doc.annotations.mention_counts()
    assert all(dock.model.count(e) == n for e, n in counts.items())
    parent = dock.model.entity_index("org-n5")
    assert dock.model.rowCount(parent) == counts["org-n5"]
    assert dock.model.shown_entities()[-1] == "org-n7"  # "Zebra" sorts last
    # A bulk change (here 3,000 links) resets the model once instead.
    dock.editRequested.emit(edits.link(doc, [f"a{i}" for i in range(1, 3001)], "org-n9"))
    assert resets == [1]
    counts = doc.annotations.mention_counts()
    assert all(dock.model.count(e) == n for e, n in counts.items())
    applied[-1].revert(doc)
    assert resets == [1, 1]
    assert dock.model.count("org-n9") == doc.annotations.mention_counts()["org-n9"]
