"""Suggestions in the window (docs/suggestions.md): dashed outlines in the text,
Tab / Shift+Tab to move between them, Enter or a tag key to accept, Backspace or x to
reject, Shift+Enter to accept every suggestion of the same string; the Suggestions
menu; the dialog of the sources, their settings and their quality.

The sources are built, the suggestions found and the tagger trained on worker
threads, from a snapshot of the annotations (plain data, no Qt object): the window
never waits for them. Each job carries a generation; a result older than the newest
snapshot is dropped, so a slow job never overwrites a newer one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator import threads
from annotator.corpus.layout import CACHE
from annotator.errors import AnnotationError
from annotator.gui import settings
from annotator.gui.i18n import number, tag_label, tr
from annotator.gui.model_texts import error_text
from annotator.model.entities import Entity
from annotator.model.tagset import Tagset
from annotator.model.text import shorten
from annotator.suggest import clusters, crf
from annotator.suggest.accepting import accept
from annotator.suggest.engine import (
    MIN_EVALUATED,
    Quality,
    Suggester,
    evaluate,
    least_certain_first,
    train_tagger,
    without,
)
from annotator.suggest.rejections import Rejections
from annotator.suggest.sources import Labelled, labelled_of
from annotator.suggest.suggestion import SOURCES, Suggestion

if TYPE_CHECKING:
    from annotator.gui.mainwindow import MainWindow

# After this many new annotations the tagger learns again (and the quality is measured).
RETRAIN_EVERY = 5


def source_name(source: str) -> str:
    return {"corpus": tr("Your annotations"), "gazetteer": tr("Gazetteers"),
            "tagger": tr("Learning tagger")}.get(source, source)


def source_description(source: str) -> str:
    return {
        "corpus": tr("Every form you annotated (and every name of the entity register), "
                     "wherever it recurs as a whole word, with the tag you gave it"),
        "gazetteer": tr("States in German and English (with their ISO code), international "
                        "organisations and alliances, weapon systems: lists that come "
                        "with Annotator"),
        "tagger": tr("A sequence model (CRF) trained in the background on your "
                     "annotations; it also finds names it has never seen"),
    }.get(source, "")


def rejections_folder() -> Path:
    """Where the rejections of documents outside a corpus are kept: Annotator's own data
    folder, beside the recovery journals (``suggest/rejections.py`` says why)."""
    from annotator.gui.recovery import recovery_folder

    return recovery_folder().parent / "rejected"


@dataclass(frozen=True)
class Snapshot:
    """What a job needs, copied on the GUI thread (nothing of Qt, nothing shared that
    the window goes on changing)."""

    generation: int
    tagset: Tagset
    current: Labelled
    enabled: frozenset[str]
    threshold: float
    others: tuple[Labelled, ...]
    register: tuple[Entity, ...]
    tagger: crf.Tagger | None
    quality: dict[str, Quality]
    rejected: frozenset[tuple[int, int, str]]


@dataclass
class Result:
    generation: int
    suggestions: list[Suggestion]
    tagger: crf.Tagger | None = None
    quality: dict[str, Quality] = field(default_factory=dict)
    others: tuple[Labelled, ...] | None = None
    trained: bool = False
    error: str = ""


def find_suggestions(snapshot: Snapshot) -> list[Suggestion]:
    suggester = Suggester.build(snapshot.tagset, (*snapshot.others, snapshot.current),
                                snapshot.register, snapshot.enabled)
    suggester.tagger = snapshot.tagger
    suggester.threshold = snapshot.threshold
    suggester.quality = snapshot.quality
    annotated = snapshot.current.spans
    return suggester.suggest(snapshot.current.text, annotated, snapshot.rejected)


def learn(snapshot: Snapshot, read_others, cache: Path | None = None) -> Result:
    """The worker's job when the tagger learns: the corpus's other documents read
    again, the word clusters of all their texts found (in ``cache``, the corpus's
    cache folder, or learnt once for these texts), the tagger trained on them and the
    open one, each source measured on a held-out part, and the suggestions found with
    all that."""
    others = tuple(read_others()) if read_others is not None else snapshot.others
    documents = [snapshot.current, *others]
    texts = list(dict.fromkeys(doc.text for doc in documents))
    learning = "tagger" in snapshot.enabled and crf.available()
    # In processes of their own: crfsuite would hold the window's Python while it
    # trains, and counting the words of a corpus would too.
    found = clusters.cached(texts, cache, separate_process=True) if learning else None
    tagger = (train_tagger(snapshot.tagset, documents, separate_process=True,
                           clusters=found)
              if learning else None)
    quality = evaluate(snapshot.tagset, documents, snapshot.register,
                       [s for s in SOURCES if s in snapshot.enabled], separate_process=True,
                       clusters=found)
    learnt = Snapshot(snapshot.generation, snapshot.tagset, snapshot.current, snapshot.enabled,
                      snapshot.threshold, others, snapshot.register, tagger, quality,
                      snapshot.rejected)
    return Result(snapshot.generation, find_suggestions(learnt), tagger, quality, others,
                  trained=True)


class _Relay(QObject):
    """Carries a worker's result to the GUI thread (a queued signal)."""

    finished = Signal(object)


class SuggestionController(QObject):
    """The suggestions of the window's open document."""

    changed = Signal()  # the suggestions shown, or the quality, changed

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.view
        self.suggestions: list[Suggestion] = []
        self.current: Suggestion | None = None
        self.tagger: crf.Tagger | None = None
        self.quality: dict[str, Quality] = {}
        self.others: tuple[Labelled, ...] = ()
        self._rejections: Rejections | None = Rejections()
        self._read_rejections: Callable[[], Rejections] = Rejections
        self.learning = False
        self._learn_again = False
        self._generation = 0
        self._added_since_learning = 0
        self._moving = False  # our own selection changes do not end a suggestion
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_result)
        self._doc = None
        # The open document's annotations as plain data, kept up to date from each
        # StoreChange: a job's snapshot copies them (C speed) instead of walking the
        # store after every edit.
        self._spans: dict[str, tuple[int, int, str]] = {}
        self._links: dict[str, tuple[int, int, str]] = {}
        self._create_actions()
        self.view.installEventFilter(self)
        self.view.selectionChanged.connect(self._on_user_selection)
        self.view.annotationSelected.connect(self._on_user_selection)
        window.files.sessionReplaced.connect(self._on_session)
        window.files.saved.connect(self._on_saved)

    # -- settings ----------------------------------------------------------------------
    @property
    def shown(self) -> bool:
        return self.show_action.isChecked()

    @staticmethod
    def enabled_sources() -> frozenset[str]:
        return frozenset(s for s in settings.get("suggestion_sources") if s in SOURCES)

    @staticmethod
    def threshold() -> float:
        return int(settings.get("suggestion_threshold_percent")) / 100

    # -- menu ----------------------------------------------------------------------------
    def _action(self, text: str, slot, keys: str = "", tip: str = "") -> QAction:
        # The keys act in the text (eventFilter), not as window shortcuts: Tab, Enter
        # and Backspace keep their meaning in every field and list.
        action = QAction(text + (f"\t{keys}" if keys else ""), self.window)
        action.triggered.connect(slot)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        return action

    def _create_actions(self) -> None:
        self.show_action = self._action(tr("&Show Suggestions"), self._on_show_toggled,
                                        tip=tr("Outline spans Annotator suggests to tag"))
        self.show_action.setCheckable(True)
        self.show_action.setChecked(bool(settings.get("suggestions_shown")))
        self.show_action.setShortcut("Ctrl+Shift+U")
        self.window.addAction(self.show_action)
        self.next_action = self._action(tr("&Next Suggestion"), lambda: self.move(1), "Tab")
        self.previous_action = self._action(tr("&Previous Suggestion"),
                                            lambda: self.move(-1), "Shift+Tab")
        self.accept_action = self._action(tr("&Accept Suggestion"),
                                          lambda: self.accept_current(), "Enter")
        self.accept_all_action = self._action(
            tr("Accept All of This S&tring"), self.accept_all_of_string, "Shift+Enter",
            tr("Accept every suggestion of the same text and tag at once"))
        self.reject_action = self._action(tr("&Reject Suggestion"), self.reject_current,
                                          "Backspace")
        self.least_certain_action = self._action(
            tr("&Least Certain First"), self._on_order_toggled,
            tip=tr("Go through the suggestions the sources are least sure of first"))
        self.least_certain_action.setCheckable(True)
        self.least_certain_action.setChecked(bool(settings.get("suggestions_least_certain")))
        self.learn_action = self._action(tr("Learn A&gain Now"), self.learn_now,
                                         tip=tr("Train the learning tagger on your "
                                                "annotations and measure every source"))
        self.sources_action = self._action(tr("Sources and &Quality…"), self.edit_sources)
        self.menu = QMenu(tr("S&uggestions"), self.window)
        self.menu.setObjectName("suggestionsMenu")
        for action in (self.show_action, None, self.next_action, self.previous_action,
                       self.accept_action, self.accept_all_action, self.reject_action, None,
                       self.least_certain_action, self.learn_action, self.sources_action):
            if action is None:
                self.menu.addSeparator()
            else:
                self.menu.addAction(action)
        bar = self.window.menuBar()
        help_menu = bar.actions()[-1] if bar.actions() else None
        bar.insertMenu(help_menu, self.menu)
        self._update_actions()

    def _update_actions(self) -> None:
        has_doc = self._doc is not None
        on = has_doc and self.shown
        for action in (self.next_action, self.previous_action, self.learn_action):
            action.setEnabled(on)
        for action in (self.accept_action, self.accept_all_action, self.reject_action):
            action.setEnabled(on and self.current is not None)

    def _on_show_toggled(self, shown: bool) -> None:
        settings.put("suggestions_shown", bool(shown))
        self._generation += 1
        if shown:
            self.refresh()
            self._start_learning()
        else:
            self._set_suggestions([])
        self._update_actions()

    def _on_order_toggled(self, checked: bool) -> None:
        settings.put("suggestions_least_certain", bool(checked))

    # -- the document ------------------------------------------------------------------
    def _on_session(self, session) -> None:
        if self._doc is not None:
            self._doc.annotations.unsubscribe(self._on_store_change)
        self._doc = session.document if session is not None else None
        self._generation += 1
        self.tagger = None
        self.quality = {}
        self.others = ()
        self.current = None
        self.suggestions = []
        self.view.set_suggestions([])
        # Read when first needed (suggestions shown, a rejection made), not on every
        # opening: finding a file's store digests its whole text.
        self._rejections = None
        member = getattr(session, "member", None) if session is not None else None
        if member is not None:
            root, doc_id = member.corpus.root, member.doc_id
            self._read_rejections = lambda: Rejections.for_corpus_document(root, doc_id)
        else:
            path = session.path if session else None
            text = session.document.document.text if session else None
            self._read_rejections = lambda: Rejections.for_file(path, text,
                                                                rejections_folder())
        self._copy_annotations()
        if self._doc is not None:
            self._doc.annotations.subscribe(self._on_store_change)
            if self.shown:
                self.refresh()  # the string sources at once; the tagger once it learnt
                self._start_learning(reread=True)
        self._update_actions()

    @property
    def rejections(self) -> Rejections:
        """The open document's rejected suggestions."""
        if self._rejections is None:
            self._rejections = self._read_rejections()
        return self._rejections

    @rejections.setter
    def rejections(self, value: Rejections) -> None:
        self._rejections = value

    def _on_saved(self, path) -> None:
        """A document saved under a new name takes its rejections along (outside a
        corpus they are kept by the file's name)."""
        session = self.window.session
        if session is not None and getattr(session, "member", None) is None:
            moved = Rejections.for_file(path, session.document.document.text,
                                        rejections_folder())
            for key in self.rejections:
                moved.add(key)
            self.rejections = moved

    def _copy_annotations(self) -> None:
        self._spans = {}
        self._links = {}
        if self._doc is not None:
            for ann in self._doc.annotations.by_id.values():
                self._keep(ann)

    def _keep(self, ann) -> None:
        self._spans[ann.id] = (ann.start, ann.end, ann.tag)
        if ann.entity:
            self._links[ann.id] = (ann.start, ann.end, ann.entity)
        else:
            self._links.pop(ann.id, None)

    def _on_store_change(self, change) -> None:
        self._generation += 1
        if change.tagset_changed:
            self._copy_annotations()
        for ann in change.removed:
            self._spans.pop(ann.id, None)
            self._links.pop(ann.id, None)
        for ann in change.added:
            self._keep(ann)
        for _old, new in change.updated:
            self._keep(new)
        if not self.shown:
            return
        if change.added or change.removed or change.updated or change.tagset_changed:
            done = [(a.start, a.end, a.tag) for a in change.added]
            done += [(new.start, new.end, new.tag) for _old, new in change.updated]
            if done:  # at once: an accepted suggestion must not stay outlined
                kept = without(self.suggestions, done, ())
                if len(kept) != len(self.suggestions):
                    self._set_suggestions(kept, keep_current=True)
            self._added_since_learning += len(change.added)
            if self._added_since_learning >= RETRAIN_EVERY:
                self._start_learning()
            else:
                self.refresh()

    def snapshot(self) -> Snapshot:
        """The job's input; its generation is that of the annotations (each change
        of the document or of the settings makes a new one)."""
        doc = self._doc
        current = Labelled(doc.document.text, tuple(self._spans.values()), "",
                           tuple(self._links.values()))
        return Snapshot(self._generation, doc.tagset.copy(), current,
                        self.enabled_sources(), self.threshold(), self.others,
                        tuple(doc.entities.values()), self.tagger, dict(self.quality),
                        frozenset(self.rejections))

    def refresh(self) -> None:
        """Find the suggestions again (on a worker) with the sources as they are."""
        if self._doc is None or not self.shown:
            return
        snapshot = self.snapshot()
        relay = self._relay

        def work() -> None:
            try:
                if snapshot.tagger is not None:
                    # The string sources first (milliseconds), the tagger's after.
                    quick = dataclasses.replace(snapshot, tagger=None)
                    _deliver(relay, Result(snapshot.generation, find_suggestions(quick)))
                result = Result(snapshot.generation, find_suggestions(snapshot))
            except Exception as exc:  # shown in the status bar, never a traceback
                result = Result(snapshot.generation, [], error=str(exc))
            _deliver(relay, result)

        threads.in_background(work)

    def learn_now(self) -> None:
        self._start_learning(reread=True)

    def _start_learning(self, reread: bool = False) -> None:
        """Train the tagger and measure the sources on a worker; ``reread``: read the
        corpus's other documents again (on opening a document and when asked; their
        annotations change only when they are saved)."""
        if self._doc is None or not self.shown:
            return
        if self.learning:
            self._learn_again = True
            return
        self.learning = True
        self._learn_again = False
        self._added_since_learning = 0
        snapshot = self.snapshot()
        read_others = self._corpus_reader() if reread or not self.others else None
        session = self.window.session
        member = getattr(session, "member", None) if session is not None else None
        cache = member.corpus.root / CACHE if member is not None else None
        relay = self._relay
        if "tagger" in snapshot.enabled and not crf.available():
            self.window.status(tr("The learning tagger needs python-crfsuite "
                                  "(pip install 'annotator[suggest]'); the other sources "
                                  "suggest without it"))

        def work() -> None:
            try:
                result = learn(snapshot, read_others, cache)
            except Exception as exc:  # shown in the status bar, never a traceback
                result = Result(snapshot.generation, [], error=str(exc), trained=True)
            _deliver(relay, result)

        threads.in_background(work)

    def _corpus_reader(self):
        """Reads the corpus's other documents (on the worker), or None outside one."""
        session = self.window.session
        member = getattr(session, "member", None) if session is not None else None
        if member is None:
            return None
        corpus, doc_id = member.corpus, member.doc_id

        def read() -> list[Labelled]:
            found = []
            for other in corpus.document_ids():
                if other == doc_id:
                    continue
                found += [labelled_of(doc, other) for doc in corpus.read_all(other)]
            return found

        return read

    def _on_result(self, result: Result) -> None:
        if result.trained:
            self.learning = False
            if result.others is not None:
                self.others = result.others
                self.tagger = result.tagger
                self.quality = result.quality
        if result.error:
            self.window.status(tr("Suggestions failed: {error}").format(error=result.error))
        if result.generation == self._generation and self.shown and self._doc is not None:
            self._set_suggestions(result.suggestions, keep_current=True)
        elif result.trained and self.shown:
            self.refresh()  # learnt from an older snapshot: find them again for this one
        if result.trained and self._learn_again:
            self._start_learning()
        self.changed.emit()

    # -- what is shown -------------------------------------------------------------------
    def _set_suggestions(self, found: list[Suggestion], keep_current: bool = False) -> None:
        found = [s for s in found if s.key() not in self.rejections]
        self.suggestions = found
        current = self.current if keep_current else None
        if current is not None and current not in found:
            later = [s for s in self.ordered() if self._after(s, current)]
            current = later[0] if later else None
        self.current = current
        self._show()

    def _show(self) -> None:
        self.view.set_suggestions([s.key() for s in self.suggestions],
                                  self.current.key() if self.current else None)
        self._update_actions()
        self.changed.emit()

    def ordered(self) -> list[Suggestion]:
        """The order Tab goes through them: by position, or least certain first."""
        if self.least_certain_action.isChecked():
            return least_certain_first(self.suggestions)
        return list(self.suggestions)

    def _after(self, item: Suggestion, reference: Suggestion) -> bool:
        if self.least_certain_action.isChecked():
            return (item.score, item.start, item.end) > (reference.score, reference.start,
                                                         reference.end)
        return (item.start, item.end, item.tag) > (reference.start, reference.end,
                                                   reference.tag)

    # -- moving, accepting, rejecting ---------------------------------------------------
    def move(self, step: int) -> bool:
        """Go to the next (``step`` 1) or previous (-1) suggestion; False if none."""
        order = self.ordered()
        if not order or self._doc is None:
            return False
        if self.current in order:
            index = (order.index(self.current) + step) % len(order)
        elif self.least_certain_action.isChecked():
            index = 0 if step > 0 else len(order) - 1
        else:
            caret = self.view.positions.to_model(self.view.textCursor().position()) \
                if self.view.positions is not None else 0
            if step > 0:
                index = next((i for i, s in enumerate(order) if s.start >= caret), 0)
            else:
                before = [i for i, s in enumerate(order) if s.start < caret]
                index = before[-1] if before else len(order) - 1
        self.go_to(order[index])
        return True

    def go_to(self, item: Suggestion) -> None:
        self._moving = True
        try:
            self.view.set_selected_annotation(None)
            self.view.clear_selection()
            self.view.ensure_visible(item.start)
        finally:
            self._moving = False
        self.current = item
        self._show()
        order = self.ordered()
        text = self._doc.document.text[item.start:item.end]
        tag = self._doc.tagset[item.tag]
        self.window.status(
            tr("Suggestion {n} of {total}: “{text}” as {tag} ({source}, {score}) — Enter "
               "accepts, Backspace rejects, Tab goes on").format(
                n=number(order.index(item) + 1), total=number(len(order)),
                text=shorten(text, 50), tag=tag_label(tag), source=source_name(item.source),
                score=f"{item.score:.0%}"))

    def _on_user_selection(self, *_args) -> None:
        if self._moving or self.current is None:
            return
        self.current = None
        self._show()

    def accept_current(self, tag_id: str | None = None) -> bool:
        """Annotate the current suggestion (with ``tag_id``, else its own tag)."""
        item = self.current
        if item is None or self._doc is None:
            return False
        return self._accept([item], tag_id or item.tag)

    def accept_all_of_string(self) -> bool:
        """Annotate every suggestion of the current one's text and tag: one edit."""
        item = self.current
        if item is None or self._doc is None:
            return False
        text = self._doc.document.text
        form = text[item.start:item.end]
        same = [s for s in self.suggestions
                if s.tag == item.tag and text[s.start:s.end] == form]
        return self._accept(same, item.tag)

    def _accept(self, items: list[Suggestion], tag_id: str) -> bool:
        if tag_id not in self._doc.tagset:
            return False
        resp = self.window.session.annotator_id(settings.annotator_name())
        following = self._following(items)
        try:
            edit = accept(self._doc, [(s, tag_id) for s in items], resp)
        except AnnotationError as error:
            self.window.status(error_text(error.message))
            return True
        self.window.push(edit)
        keys = {(s.start, s.end) for s in items}
        self.suggestions = [s for s in self.suggestions if (s.start, s.end) not in keys]
        self.current = following if following in self.suggestions else None
        self._show()
        text = self._doc.document.text[items[0].start:items[0].end]
        label = tag_label(self._doc.tagset[tag_id])
        if len(items) == 1:
            message = tr("Accepted “{text}” as {tag}").format(text=shorten(text, 60), tag=label)
        else:
            message = tr("Accepted “{text}” as {tag} %n times", "", len(items)).format(
                text=shorten(text, 60), tag=label)
        self.window.status(message)
        return True

    def _following(self, gone: list[Suggestion]) -> Suggestion | None:
        order = self.ordered()
        spans = {(s.start, s.end) for s in gone}
        if self.current not in order:
            return None
        index = order.index(self.current)
        rest = [s for s in order[index + 1:] + order[:index] if (s.start, s.end) not in spans]
        return rest[0] if rest else None

    def reject_current(self) -> bool:
        """Remember that the current suggestion is wrong; it is not offered again."""
        item = self.current
        if item is None or self._doc is None:
            return False
        following = self._following([item])
        self.rejections.add(item.key())
        self.suggestions = [s for s in self.suggestions if s != item]
        self.current = following
        self._show()
        text = self._doc.document.text[item.start:item.end]
        self.window.status(tr("Rejected “{text}” as {tag}").format(
            text=shorten(text, 60), tag=tag_label(self._doc.tagset[item.tag])))
        return True

    # -- keys in the text ---------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) or \
                not self.shown or self._doc is None:
            return False
        assert isinstance(event, QKeyEvent)
        handled = self._key(event, perform=kind == QEvent.Type.KeyPress)
        if handled:
            event.accept()
        return handled and kind == QEvent.Type.KeyPress

    def _key(self, event: QKeyEvent, perform: bool) -> bool:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        shift = modifiers == Qt.KeyboardModifier.ShiftModifier
        if key == Qt.Key.Key_Tab and plain and self.suggestions:
            return self.move(1) if perform else True
        if key == Qt.Key.Key_Backtab and self.suggestions:
            return self.move(-1) if perform else True
        if self.current is None:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            return self.accept_current() if perform else True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and shift:
            return self.accept_all_of_string() if perform else True
        if (key == Qt.Key.Key_Backspace or (key == Qt.Key.Key_X and event.text() == "x")) \
                and plain:
            return self.reject_current() if perform else True
        if key == Qt.Key.Key_Escape:
            self.current = None
            self._show()
            return False
        return False

    # -- sources and quality ------------------------------------------------------------
    def edit_sources(self) -> None:
        dialog = SourcesDialog(self, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            settings.put("suggestion_sources", dialog.chosen_sources())
            settings.put("suggestion_threshold_percent", dialog.threshold_box.value())
            self.quality = {}
            self._generation += 1
            self._start_learning()


def _deliver(relay: _Relay, result: Result) -> None:
    try:
        relay.finished.emit(result)
    except RuntimeError:  # the window closed while the worker ran
        pass


class SourcesDialog(QDialog):
    """Which sources suggest, below which precision a source stops, and how well each
    did on a held-out part of the user's own annotations."""

    def __init__(self, controller: SuggestionController, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionSourcesDialog")
        self.setWindowTitle(tr("Suggestion Sources and Quality"))
        layout = QVBoxLayout(self)
        enabled = controller.enabled_sources()
        self.boxes: dict[str, QCheckBox] = {}
        for source in SOURCES:
            box = QCheckBox(source_name(source), self)
            box.setObjectName(f"source_{source}")
            box.setChecked(source in enabled)
            box.setToolTip(source_description(source))
            layout.addWidget(box)
            self.boxes[source] = box
        if not crf.available():
            missing = QLabel(tr("The learning tagger needs python-crfsuite: "
                                "pip install 'annotator[suggest]'"), self)
            missing.setObjectName("crfMissing")
            missing.setWordWrap(True)
            layout.addWidget(missing)
        elif not crf.word_classes_available():
            missing = QLabel(tr("Without HanTa the learning tagger knows no word classes and "
                                "finds fewer names: pip install 'annotator[suggest]'"), self)
            missing.setObjectName("hantaMissing")
            missing.setWordWrap(True)
            layout.addWidget(missing)
        row = QLabel(tr("A source whose precision is below this stops suggesting:"), self)
        row.setWordWrap(True)
        layout.addWidget(row)
        self.threshold_box = QSpinBox(self)
        self.threshold_box.setObjectName("thresholdBox")
        self.threshold_box.setRange(0, 100)
        self.threshold_box.setSuffix(" %")
        self.threshold_box.setValue(round(controller.threshold() * 100))
        layout.addWidget(self.threshold_box)
        explain = QLabel(tr("Measured on a held-out fifth of your annotations, each source "
                            "built from the rest (exact span and tag):"), self)
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.table = QTableWidget(len(SOURCES), 5, self)
        self.table.setObjectName("qualityTable")
        self.table.setHorizontalHeaderLabels([tr("Source"), tr("Precision"), tr("Recall"),
                                              tr("Held-out annotations"), tr("State")])
        self.table.verticalHeader().hide()
        silenced = {name for name, q in controller.quality.items()
                    if q.wanted >= MIN_EVALUATED and q.precision < controller.threshold()}
        for row_index, source in enumerate(SOURCES):
            quality = controller.quality.get(source)
            if source not in enabled:
                state = tr("switched off")
            elif quality is None:
                state = tr("learning…") if controller.learning else tr("not measured yet")
            elif quality.wanted < MIN_EVALUATED:
                state = tr("too few annotations to judge")
            elif source in silenced:
                state = tr("silent: below the threshold")
            else:
                state = tr("suggesting")
            cells = [source_name(source),
                     f"{quality.precision:.0%}" if quality and quality.suggested else "–",
                     f"{quality.recall:.0%}" if quality and quality.wanted else "–",
                     number(quality.wanted) if quality else "–", state]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row_index, column, item)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 380)

    def chosen_sources(self) -> list[str]:
        return [source for source, box in self.boxes.items() if box.isChecked()]
