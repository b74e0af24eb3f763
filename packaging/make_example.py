"""Build ``resources/samples/patriot-de.annotated.xml`` with the app itself.

The annotated example is made the way a user makes one: in a real ``MainWindow``,
spans are selected in the text view and tagged with the tag actions (what keys 1,
2, 3 trigger), values are typed into the attribute panel's fields and chosen in
its lists, references are filled as Pick fills them, entity kinds and types are
chosen in the attribute panel, entities are merged and given identifiers with the
same edits the entities panel makes, and the window saves. Scripted, so that the
example can be rebuilt whenever the format grows, and a test checks that the shipped
file is what this script makes.

    make example        (or: QT_QPA_PLATFORM=offscreen python packaging/make_example.py)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "patriot-de.txt"
EXAMPLE = ROOT / "resources" / "samples" / "patriot-de.annotated.xml"
ANNOTATOR = "Annotator example"

# Actors: (phrase, occurrence). Tagging links each to the entity its text names, of
# the kind its name suggests; MERGES then joins the names the automatic match cannot
# know are one, and ACTOR_ENTITIES sets the kinds the guess did not get.
ACTORS = [
    ("USA", 0), ("Deutschlands", 0), ("US-Präsidenten", 0), ("NATO-Mitgliedern", 0),
    ("Ukraine", 0), ("US-Verteidigungsminister", 0), ("Pete Hegseth", 0),
    ("Boris Pistorius", 0), ("Hegseth", 1), ("Deutschland", 1), ("Donald Trump", 0),
    ("Mark Rutte", 0), ("Trump", 1), ("NATO-Mitglieder", 1), ("Ukraine", 1),
    ("Wladimir Putin", 0), ("Trump", 2), ("Putins", 0), ("Ukraine", 2), ("Russland", 0),
    ("Putin", 2), ("Russland", 1), ("Wolodymyr Selenskyj", 0), ("Deutschland", 2),
    ("Norwegen", 0), ("andere europäische Partner", 0), ("Selenskyj", 1),
]
WEAPONS = [
    ("Waffen", 0, "other"), ("US-Patriot-Raketensystemen", 0, "air defence"),
    ("US-Waffen", 0, "other"), ("Patriot-Raketen", 1, "air defence"),
    ("Patriot-Raketensystem", 1, "air defence"), ("Raketen", 3, "missile"),
    ("Drohnenangriffe", 0, "drone"), ("Systeme", 0, "air defence"),
    ("System", 1, "air defence"),
]
# (entity kept, its new name or None, names merged into it)
MERGES = [
    ("Pete Hegseth", None, ["US-Verteidigungsminister", "Hegseth"]),
    ("Donald Trump", None, ["US-Präsidenten", "Trump"]),
    ("Wladimir Putin", None, ["Putins", "Putin"]),
    ("Wolodymyr Selenskyj", None, ["Selenskyj"]),
    ("US-Patriot-Raketensystemen", "Patriot (MIM-104)",
     ["Patriot-Raketen", "Patriot-Raketensystem", "Systeme", "System"]),
    ("NATO-Mitgliedern", "NATO-Mitglieder", []),
    ("Deutschlands", "Deutschland", []),
    ("US-Waffen", None, ["Waffen"]),
]
# What each actor entity is once merged: (kind, type), set in the attribute panel
# where the guess made when it was tagged is not it.
ACTOR_ENTITIES = {
    "Pete Hegseth": ("person", ""), "Boris Pistorius": ("person", ""),
    "Donald Trump": ("person", ""), "Mark Rutte": ("person", ""),
    "Wladimir Putin": ("person", ""), "Wolodymyr Selenskyj": ("person", ""),
    "USA": ("place", "state"), "Deutschland": ("place", "state"),
    "Ukraine": ("place", "state"), "Russland": ("place", "state"),
    "Norwegen": ("place", "state"), "NATO-Mitglieder": ("org", "alliance"),
    "andere europäische Partner": ("org", ""),
}
# Only identifiers that are certain: the states' Wikidata items and ISO codes, and
# the people whose Wikidata items are well known.
IDENTIFIERS = {
    "USA": {"wikidata": "Q30", "iso3166": "US"},
    "Deutschland": {"wikidata": "Q183", "iso3166": "DE"},
    "Ukraine": {"wikidata": "Q212", "iso3166": "UA"},
    "Russland": {"wikidata": "Q159", "iso3166": "RU"},
    "Norwegen": {"wikidata": "Q20", "iso3166": "NO"},
    "Donald Trump": {"wikidata": "Q22686"},
    "Wladimir Putin": {"wikidata": "Q7747"},
}
# Commitments: the evidence span, then its fields. A reference names a mention
# ("phrase#occurrence", tagged above) or an entity by name ("=Name").
COMMITMENTS = [
    ("die NATO-Mitglieder würden US-Waffen im Wert von mehreren Milliarden US-Dollar "
     "kaufen, darunter auch Patriot-Raketen, und diese an die Ukraine zur Verteidigung "
     "gegen die russischen Angriffe weitergeben", 0, {
         "donor": "NATO-Mitglieder#1", "recipient": "Ukraine#1", "supplier": "=USA",
         "item": "US-Waffen#0", "currency": "USD", "aidType": "military",
         "mechanism": "purchase for a third party", "stage": "announced",
         "deal": "NATO kauft US-Waffen für die Ukraine 2025", "date": "2025-07-14",
         "certainty": "medium",
         "reportedBy": "Trump#1",
         "condition": "Wert: mehrere Milliarden US-Dollar (keine genaue Zahl genannt)",
     }, "Der Wert ist nur ungefähr angegeben; darum kein Betrag im Feld Value."),
    ("100 %ige Zölle auf Russland zu erheben, und setzte dafür eine Frist von 50 Tagen", 0, {
        "donor": "Trump#2", "recipient": "Russland#0", "quantity": "100",
        "unit": "% Zoll", "mechanism": "sanction or threat", "stage": "announced",
        "date": "2025-07-14", "deadline": "2025-09-02",
        "condition": "falls Putin kein Interesse an einer Beendigung des Krieges zeigt",
        "certainty": "high",
    }, "Eine Drohung, keine Lieferung: Sanktionen werden als Mechanismus mitgeführt."),
    ("dass Deutschland für zwei der Systeme aufkommen werde", 0, {
        "donor": "Deutschland#2", "recipient": "=Ukraine", "item": "Systeme#0",
        "quantity": "2", "ordered": "2", "unit": "System",
        "aidType": "military", "mechanism": "funding", "stage": "announced",
        "deal": "DE–UA Patriot 2025",
        "date": "2025-07-10", "certainty": "medium", "reportedBy": "Wolodymyr Selenskyj#0",
    }, ""),
    ("Norwegen sich bereit erklärt habe, ein System zu liefern", 0, {
        "donor": "Norwegen#0", "recipient": "=Ukraine", "item": "System#1", "quantity": "1",
        "unit": "System", "aidType": "military", "stage": "pledged",
        "deal": "NO–UA Patriot 2025", "date": "2025-07-10", "certainty": "medium",
        "reportedBy": "Wolodymyr Selenskyj#0",
    }, "Ob Norwegen liefert oder bezahlt, lässt der Artikel offen."),
    ("Auch andere europäische Partner hätten ihre Bereitschaft zur Unterstützung erklärt",
     0, {
         "donor": "andere europäische Partner#0", "recipient": "=Ukraine",
         "stage": "pledged", "date": "2025-07-10", "certainty": "low",
         "reportedBy": "Selenskyj#1",
     }, ""),
]


def _at(text: str, phrase: str, occurrence: int) -> int:
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(phrase, at + 1)
    return at


class ExampleBuilder:
    """Drives one window through the example's annotations."""

    def __init__(self, window) -> None:
        self.window = window
        self.mentions: dict[tuple[str, int], str] = {}  # (phrase, occurrence) -> id

    @property
    def store(self):
        return self.window.annotated.annotations

    def tag(self, phrase: str, occurrence: int, tag: str) -> str:
        """Select the phrase in the view and trigger the tag's action (its key)."""
        text = self.window.annotated.document.text
        start = _at(text, phrase, occurrence)
        self.window.view.select_model_range(start, start + len(phrase))
        self.window.main_menu.tag_actions[tag].trigger()
        ann_id = self.window.view.selected_id
        if ann_id is None or self.store.text_of(self.store.get(ann_id)) != phrase:
            raise RuntimeError(f"tagging {phrase!r} failed: "
                               f"{self.window.statusBar().currentMessage()}")
        self.mentions[(phrase, occurrence)] = ann_id
        return ann_id

    def entity_named(self, name: str) -> str:
        for entity in self.store.entities.values():
            if entity.name == name:
                return entity.id
        raise RuntimeError(f"no entity named {name!r}")

    def fill(self, ann_id: str, values: dict[str, str], note: str = "") -> None:
        """Type and choose values in the attribute panel, as the user does."""
        from PySide6.QtWidgets import QComboBox, QLineEdit

        self.window.view.set_selected_annotation(ann_id)
        panel = self.window.attribute_dock
        tag = self.window.annotated.tagset[self.store.get(ann_id).tag]
        for name, value in values.items():
            definition = tag.attribute(name)
            if definition.kind == "reference":
                if value.startswith("="):
                    target = self.entity_named(value[1:])
                else:
                    phrase, occurrence = value.rsplit("#", 1)
                    target = self.mentions[(phrase, int(occurrence))]
                if not panel.fill_reference(name, target):  # what Pick does
                    raise RuntimeError(f"{name}: {panel.status_text()}")
                continue
            editor = panel.editor(name)
            if isinstance(editor, QComboBox):
                index = editor.findText(value)
                if index < 0:
                    raise RuntimeError(f"{name}: no choice {value!r}")
                editor.setCurrentIndex(index)
                editor.activated.emit(index)
            elif isinstance(editor, QLineEdit):
                editor.setText(value)
                editor.editingFinished.emit()
            else:
                raise RuntimeError(f"{name}: no editor")
            if self.store.get(ann_id).attribute(name) == "":
                raise RuntimeError(f"{name}={value!r} refused: {panel.status_text()}")
        if note:
            from PySide6.QtCore import Qt
            from PySide6.QtTest import QTest

            panel.note.setFocus()
            panel.note.insertPlainText(note)  # as typed (QTest cannot type umlauts)
            QTest.keyClick(panel.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            if self.store.get(ann_id).note != note:
                raise RuntimeError(f"note refused: {panel.status_text()}")

    def set_kind(self, name: str, kind: str, type_: str) -> None:
        """Choose the entity's kind and type in the attribute panel, as the user does,
        with one of its mentions selected."""
        entity_id = self.entity_named(name)
        self.window.view.set_selected_annotation(self.store.mentions(entity_id)[0].id)
        box = self.window.attribute_dock.entity_box
        if self.store.entity(entity_id).kind != kind:
            index = box.kind.findData(kind)
            if index < 0:
                raise RuntimeError(f"{name}: no kind {kind!r}")
            box.kind.setCurrentIndex(index)
            box.kind.activated.emit(index)
        entity = self.store.entity(self.entity_named(name))  # its id follows its kind
        if entity.type != type_:
            box.type_editor.setText(type_)
            box.type_editor.setModified(True)
            box.type_editor.editingFinished.emit()
        entity = self.store.entity(self.entity_named(name))
        if (entity.kind, entity.type) != (kind, type_):
            raise RuntimeError(f"{name}: kind {kind!r}, type {type_!r} refused: "
                               f"{self.window.attribute_dock.status_text()}")

    def build(self) -> None:
        from annotator.model import edits

        for phrase, occurrence in ACTORS:
            self.tag(phrase, occurrence, "actor")
        for phrase, occurrence, category in WEAPONS:
            self.fill(self.tag(phrase, occurrence, "weapon"), {"category": category})
        # The entities panel's edits: merge, rename, identifiers.
        push = self.window.push
        for keep, name, others in MERGES:
            kept = self.entity_named(keep)
            # A name tagging already linked (an inflected form) has no entity of its own.
            names = {e.name: e.id for e in self.store.entities.values()}
            merged = [names[o] for o in others if o in names]
            if merged:
                push(edits.merge_entities(self.store, kept, merged))
            if name:
                push(edits.rename_entity(self.store, kept, name))
        for name, (kind, type_) in ACTOR_ENTITIES.items():
            self.set_kind(name, kind, type_)
        for name, identifiers in IDENTIFIERS.items():
            push(edits.set_identifiers(self.store, self.entity_named(name), identifiers))
        for phrase, occurrence, values, note in COMMITMENTS:
            self.fill(self.tag(phrase, occurrence, "commitment"), values, note)


def build_example(window, sample: Path = SAMPLE) -> None:
    """Open the sample article in ``window`` and annotate it (not saved)."""
    from annotator.gui import settings

    settings.put("annotator_name", ANNOTATOR)
    settings.put("keep_backup", False)  # no .bak of the example beside it
    if not window.files.open_path(sample, ask=False):
        raise RuntimeError(f"could not open {sample}")
    ExampleBuilder(window).build()


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    import tempfile

    # Its own settings: the example does not depend on the builder's preferences.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="annotator-example-")
    from annotator.gui import create_application
    from annotator.gui.mainwindow import MainWindow

    app = create_application()
    window = MainWindow()
    build_example(window)
    if not window.files.save_to(EXAMPLE, check_disk=False):
        return 1
    counts = window.annotated.annotations.counts()
    print(f"wrote {EXAMPLE.relative_to(ROOT)}: {dict(counts)}, "
          f"{len(window.annotated.entities)} entities")
    window.undo_stack.setClean()
    window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
