"""The curation view: every annotator's annotations of a corpus document side by side,
the curated layer beside them, and the disagreements decided one by one with keys
(docs/team.md, "Curation").

The merge, the decisions and the curated file are ``annotator.team.curation`` (no
Qt); this window shows them and turns keys into steps: ``1``…``9`` take that
annotator's version, ``E`` the curator's own (a small dialog), ``R`` or ``Delete``
rejects, ``J``/``K`` move to the next/previous disagreement, ``U`` reopens a decision
(also one of an earlier session), ``Ctrl+Z``/``Ctrl+Shift+Z`` undo and redo. Every
step is saved to ``curated.xml`` at once, so closing loses nothing.

Each annotator's text is the main window's ``AnnotationView`` on that annotator's
document (the same renderer: backgrounds, underlines for stacked spans), in a lane
of its own; the last lane is the curated layer, which follows its store as any
view does.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.gui import dialogs
from annotator.gui.i18n import tag_label, tr
from annotator.gui.mainmenu import key_sequences
from annotator.gui.textview import AnnotationView
from annotator.model import AnnotatedDocument
from annotator.team.curation import (
    Candidate,
    Curation,
    Decision,
    Disagreement,
    Source,
    Step,
)

ITEM_ROLE = Qt.ItemDataRole.UserRole  # a list item's Disagreement or Decision
MAX_KEYS = 9  # annotators taken by a digit key
KIND_LABELS = {"take": QT_TRANSLATE_NOOP("", "Taken"),
               "edit": QT_TRANSLATE_NOOP("", "Edited"),
               "reject": QT_TRANSLATE_NOOP("", "Rejected")}


class StepCommand(QUndoCommand):
    """One step of the curation on the window's undo stack; each way saves."""

    def __init__(self, view: CurationView, step: Step, label: str) -> None:
        super().__init__(label)
        self.view = view
        self.step = step

    def redo(self) -> None:
        self.view.curation.apply(self.step)
        self.view.after_step(self.step.description)

    def undo(self) -> None:
        self.view.curation.revert(self.step)
        self.view.after_step(f"Undone: {self.step.description}")
        self.view.show_settled_by(self.step.added)


class EditDialog(QDialog):
    """The curator's own version of a disagreement: start from one annotator's
    annotation, choose the tag, move the span's ends (characters of the text)."""

    def __init__(self, curation: Curation, disagreement: Disagreement,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curationEditDialog")
        self.setWindowTitle(tr("Edit the Curated Annotation"))
        self.curation = curation
        self.disagreement = disagreement
        text = curation.layer.document.text
        self.text = text
        form = QFormLayout(self)
        self.base_combo = QComboBox(self)
        self.base_combo.setObjectName("curationEditBase")
        for candidate in disagreement.candidates:
            self.base_combo.addItem(candidate_text(curation, candidate), candidate)
        form.addRow(tr("Start from:"), self.base_combo)
        self.tag_combo = QComboBox(self)
        self.tag_combo.setObjectName("curationEditTag")
        for tag in curation.layer.tagset:
            self.tag_combo.addItem(tag_label(tag), tag.id)
        form.addRow(tr("Tag:"), self.tag_combo)
        self.start_spin = QSpinBox(self)
        self.start_spin.setObjectName("curationEditStart")
        self.end_spin = QSpinBox(self)
        self.end_spin.setObjectName("curationEditEnd")
        for spin in (self.start_spin, self.end_spin):
            spin.setRange(0, len(text))
        form.addRow(tr("From character:"), self.start_spin)
        form.addRow(tr("To character:"), self.end_spin)
        self.preview = QLabel(self)
        self.preview.setObjectName("curationEditPreview")
        self.preview.setWordWrap(True)
        form.addRow(tr("Text:"), self.preview)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.base_combo.currentIndexChanged.connect(self._take_base)
        self.start_spin.valueChanged.connect(self._show_text)
        self.end_spin.valueChanged.connect(self._show_text)
        self._take_base()
        self.resize(520, self.sizeHint().height())

    def _take_base(self) -> None:
        candidate: Candidate = self.base_combo.currentData()
        ann = candidate.annotation
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(ann.tag)))
        self.start_spin.setValue(ann.start)
        self.end_spin.setValue(ann.end)
        self._show_text()

    def _show_text(self) -> None:
        start, end = self.start_spin.value(), self.end_spin.value()
        self.preview.setText(quoted(self.text[start:end]) if start < end
                             else tr("(no text: the end must come after the start)"))

    def chosen(self) -> tuple[Candidate, str, int, int]:
        return (self.base_combo.currentData(), self.tag_combo.currentData(),
                self.start_spin.value(), self.end_spin.value())


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def quoted(text: str) -> str:
    """``text`` in the quotation marks of the window's language."""
    return tr("“%1”").replace("%1", text)


def candidate_text(curation: Curation, candidate: Candidate) -> str:
    """"Ana: Weapon “Patriot-Systeme” (20–35)" in the window's language."""
    ann = candidate.annotation
    tagset = curation.layer.tagset
    label = tag_label(tagset[ann.tag]) if ann.tag in tagset else ann.tag
    return (f"{candidate.source.name}: {label} {quoted(_short(candidate.text))} "
            f"({ann.start}–{ann.last_end})")


class CurationView(QMainWindow):
    """The curation of one document (see the module's docstring)."""

    # The window closed (the corpus controller forgets it).
    closed = Signal()
    # The document's curated.xml was written for the first time (its state is "curated").
    fileMade = Signal()

    def __init__(self, curation: Curation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("curationView")
        self.curation = curation
        self.unsaved = False
        self.undo_stack = QUndoStack(self)
        title = curation.layer.document.metadata.title or curation.doc_id
        self.setWindowTitle(tr("Curation of %1").replace("%1", title))
        # The lanes: one text per annotator, the curated layer last.
        lanes = QSplitter(Qt.Orientation.Horizontal, self)
        lanes.setObjectName("curationLanes")
        self.views: list[AnnotationView] = []
        for source in curation.sources:
            self.views.append(self._lane(lanes, f"{source.number} · {source.name}"
                                         if source.number <= MAX_KEYS else source.name,
                                         source.doc))
        self.curated_view = self._lane(lanes, tr("Curated (%1)").replace("%1", curation.curator),
                                       curation.layer)
        # The lanes scroll together: the same text, so the same lines, side by side.
        self._scrolling = False
        for lane in (*self.views, self.curated_view):
            lane.verticalScrollBar().valueChanged.connect(
                lambda _value, moved=lane: self._scroll_lanes(moved))
        # A click on an annotator's annotation shows its disagreement.
        self._pointing = False
        for source, view in zip(curation.sources, self.views, strict=True):
            view.annotationSelected.connect(
                lambda ann_id, s=source: self._show_annotation(s, ann_id))
        # The disagreements and the one shown.
        below = QSplitter(Qt.Orientation.Horizontal, self)
        self.list = QListWidget(below)
        self.list.setObjectName("disagreementList")
        self.detail = QLabel(below)
        self.detail.setObjectName("disagreementDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMargin(8)
        below.setStretchFactor(0, 1)
        below.setStretchFactor(1, 1)
        whole = QSplitter(Qt.Orientation.Vertical, self)
        whole.addWidget(lanes)
        whole.addWidget(below)
        whole.setStretchFactor(0, 3)
        whole.setStretchFactor(1, 2)
        self.setCentralWidget(whole)
        self._make_actions()
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.resize(1300, 820)
        self.refresh()
        self.list.setFocus()
        merged = curation.merged
        # (No file for nothing: once it exists, the tables take the document from it.)
        if merged.added or merged.removed:
            self._save(merged.description)
            if merged.added and not self.unsaved:
                self._status(tr("%Ln agreed annotation(s) taken into the curated layer", "",
                                len(merged.added)))

    # -- building ----------------------------------------------------------------------
    def _lane(self, lanes: QSplitter, title: str, doc: AnnotatedDocument) -> AnnotationView:
        pane = QWidget(lanes)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        label = QLabel(f"<b>{_html(title)}</b>", pane)
        label.setMargin(4)
        layout.addWidget(label)
        view = AnnotationView(pane)
        view.set_document(doc)
        view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout.addWidget(view, 1)
        lanes.addWidget(pane)
        return view

    def _action(self, text: str, slot, keys: list[str] | str | None = None) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts(key_sequences(keys))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        menu = self.menuBar().addMenu(tr("&Decide"))
        self.take_actions = []
        for source in self.curation.sources[:MAX_KEYS]:
            action = self._action(tr("Take %1's Version").replace("%1", source.name),
                                  lambda _=False, s=source: self.take(s.number), str(source.number))
            menu.addAction(action)
            self.take_actions.append(action)
        self.edit_action = self._action(tr("&Edit…"), self.edit, "E")
        self.reject_action = self._action(tr("Re&ject"), self.reject, ["R", "Delete"])
        self.reopen_action = self._action(tr("Re&open Decision"), self.reopen, "U")
        menu.addActions([self.edit_action, self.reject_action, self.reopen_action])
        menu.addSeparator()
        self.next_action = self._action(tr("&Next"), lambda: self.move(1), "J")
        self.previous_action = self._action(tr("&Previous"), lambda: self.move(-1), "K")
        menu.addActions([self.next_action, self.previous_action])
        menu.addSeparator()
        self.undo_action = self.undo_stack.createUndoAction(self, tr("&Undo"))
        self.undo_action.setShortcuts(key_sequences(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, tr("&Redo"))
        self.redo_action.setShortcuts(key_sequences(["Ctrl+Shift+Z",
                                                     QKeySequence.StandardKey.Redo]))
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
            menu.addAction(action)
        menu.addSeparator()
        self.close_action = self._action(tr("&Close"), self.close, ["Ctrl+W", "Escape"])
        menu.addAction(self.close_action)

    # -- showing -----------------------------------------------------------------------
    def refresh(self) -> None:
        """List the open disagreements (in text order), then the decisions in force;
        keep the current one, else the one now in its row."""
        current = self.current()
        row = max(0, self.list.currentRow())
        wanted = current.id if current is not None else None
        self.list.blockSignals(True)
        self.list.clear()
        for disagreement in self.curation.disagreements:
            item = QListWidgetItem(self._disagreement_text(disagreement))
            item.setData(ITEM_ROLE, disagreement)
            self.list.addItem(item)
        for decision in self.curation.decided():
            item = QListWidgetItem("✓ " + self._decision_text(decision))
            item.setData(ITEM_ROLE, decision)
            item.setForeground(Qt.GlobalColor.darkGray)
            self.list.addItem(item)
        self.list.blockSignals(False)
        found = next((i for i in range(self.list.count())
                      if self.list.item(i).data(ITEM_ROLE).id == wanted), None)
        if found is None:  # decided (or reopened): the open one now in its row
            found = min(row, max(0, len(self.curation.disagreements) - 1))
        if self.list.count():
            self.list.setCurrentRow(found)
        self._show_current()

    def _disagreement_text(self, disagreement: Disagreement) -> str:
        by = sorted({c.source.name for c in disagreement.candidates})
        tagset = self.curation.layer.tagset
        texts = " | ".join(dict.fromkeys(
            f"{tag_label(tagset[c.annotation.tag])} {quoted(_short(c.text, 30))}"
            for c in disagreement.candidates))
        return f"{disagreement.start}–{disagreement.end}  {texts}  — {', '.join(by)}"

    def _decision_text(self, decision: Decision) -> str:
        kind = tr(KIND_LABELS.get(decision.kind, decision.kind))
        taken = next((s for s in decision.settled if s.taken), None)
        source = self.curation.source(taken.file) if taken is not None else None
        layer = self.curation.layer
        made = [layer.annotations.get(r) for r in decision.results if r in layer.annotations]
        what = "; ".join(
            f"{tag_label(layer.tagset[a.tag])} {quoted(_short(layer.annotations.text_of(a), 30))}"
            for a in made) or tr("nothing")
        who = f" ({source.name})" if source is not None and decision.kind == "take" else ""
        return f"{kind}{who}: {what}"

    def current(self) -> Disagreement | Decision | None:
        item = self.list.currentItem()
        return item.data(ITEM_ROLE) if item is not None else None

    def current_disagreement(self) -> Disagreement | None:
        current = self.current()
        return current if isinstance(current, Disagreement) else None

    def _show_current(self) -> None:
        current = self.current()
        open_count = len(self.curation.disagreements)
        decided = isinstance(current, Decision)
        for action in (*self.take_actions, self.edit_action, self.reject_action):
            action.setEnabled(isinstance(current, Disagreement))
        self.reopen_action.setEnabled(decided)
        done = "" if open_count else tr("<b>Nothing to decide.</b> Every annotation is "
                                        "agreed or decided; the curated layer is complete.")
        if current is None:
            self.detail.setText(done)
            return
        if decided:
            self.detail.setText((done + "<br><br>" if done else "")
                                + f"<b>{_html(self._decision_text(current))}</b><br>"
                                + _html(tr("Decided by %1 at %2.").replace(
                                    "%1", self._name_of(current.who)).replace("%2", current.when))
                                + "<br><br>" + tr("U reopens this decision."))
            self._point_at(self._result_span(current))
            return
        number = self.curation.disagreements.index(current) + 1
        heading = tr("Disagreement %1 of %2").replace("%1", str(number)).replace(
            "%2", str(open_count))
        lines = [f"<b>{_html(heading)}</b> ({current.start}–{current.end})"]
        for source in self.curation.sources:
            mine = current.of(source)
            shown = "; ".join(_html(candidate_text(self.curation, c).split(": ", 1)[1])
                              for c in mine) or "<i>" + _html(tr("nothing here")) + "</i>"
            key = f"<b>{source.number}</b> " if source.number <= MAX_KEYS else ""
            lines.append(f"{key}{_html(source.name)}: {shown}")
        lines.append("")
        lines.append(_html(tr("1–%1 take that annotator's version · E edit · R reject · "
                              "J/K next/previous · Ctrl+Z undo").replace(
                                  "%1", str(min(MAX_KEYS, len(self.curation.sources))))))
        self.detail.setText("<br>".join(lines))
        self._point_at((current.start, current.end))

    def _result_span(self, decision: Decision) -> tuple[int, int] | None:
        layer = self.curation.layer.annotations
        made = [layer.get(r) for r in decision.results if r in layer]
        return (made[0].start, made[0].end) if made else None

    def _name_of(self, person: str) -> str:
        found = self.curation.layer.annotators.get(person)
        return found.name if found is not None else person

    def _scroll_lanes(self, moved: AnnotationView) -> None:
        """Show in every lane the paragraph at the top of the lane that moved (lanes
        differ in width by a pixel or two, so their lines may break differently)."""
        if self._scrolling:
            return
        self._scrolling = True
        try:
            top = moved.firstVisibleBlock().blockNumber()
            for lane in (*self.views, self.curated_view):
                if lane is not moved:
                    block = lane.document().findBlockByNumber(top)
                    lane.verticalScrollBar().setValue(block.firstLineNumber())
        finally:
            self._scrolling = False

    def show_settled_by(self, decisions: tuple[Decision, ...]) -> None:
        """Make current the disagreement that holds what ``decisions`` had settled (an
        undone decision: its question is open again)."""
        wanted = {(s.file, s.fingerprint) for d in decisions for s in d.settled}
        for row, disagreement in enumerate(self.curation.disagreements):
            if any((c.source.file, c.fingerprint) in wanted for c in disagreement.candidates):
                self.list.setCurrentRow(row)
                return

    def _show_annotation(self, source: Source, ann_id: str | None) -> None:
        """Make the disagreement that holds ``source``'s annotation ``ann_id`` current."""
        if self._pointing or ann_id is None:
            return
        for row, disagreement in enumerate(self.curation.disagreements):
            if any(c.annotation.id == ann_id for c in disagreement.of(source)):
                self.list.setCurrentRow(row)
                return

    def _point_at(self, span: tuple[int, int] | None) -> None:
        """Mark the span in every lane (as a find match is marked) and outline each
        annotator's first annotation of the disagreement there."""
        self._pointing = True
        try:
            self._mark(span)
        finally:
            self._pointing = False

    def _mark(self, span: tuple[int, int] | None) -> None:
        lanes = (*self.views, self.curated_view)
        if not span:
            for view in lanes:
                view.clear_find_match()
            return
        start, end = span
        current = self.current_disagreement()
        for source, view in zip(self.curation.sources, self.views, strict=True):
            mine = current.of(source) if current is not None else []
            view.set_find_match(start, end)
            if mine:
                view.set_selected_annotation(mine[0].annotation.id, scroll=True)
            else:
                view.set_selected_annotation(None)
                view.ensure_visible(start)
        self.curated_view.set_find_match(start, end)
        self.curated_view.set_selected_annotation(None)
        self.curated_view.ensure_visible(start)

    # -- deciding ----------------------------------------------------------------------
    def _push(self, step: Step, label: str) -> None:
        self.undo_stack.push(StepCommand(self, step, label))

    def take(self, number: int) -> None:
        disagreement = self.current_disagreement()
        if disagreement is None or not 0 < number <= len(self.curation.sources):
            return
        source = self.curation.sources[number - 1]
        self._push(self.curation.take(disagreement, source),
                   tr("Take %1's Version").replace("%1", source.name))

    def reject(self) -> None:
        disagreement = self.current_disagreement()
        if disagreement is not None:
            self._push(self.curation.reject(disagreement), tr("Reject"))

    def edit(self) -> None:
        disagreement = self.current_disagreement()
        if disagreement is None:
            return
        dialog = EditDialog(self.curation, disagreement, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        base, tag, start, end = dialog.chosen()
        try:
            step = self.curation.edit(disagreement, base, tag, start, end)
        except AnnotatorError as error:
            dialogs.show_error(self, tr("Could not edit the annotation"), error)
            return
        self._push(step, tr("Edit"))

    def reopen(self) -> None:
        current = self.current()
        if isinstance(current, Decision):
            self._push(self.curation.reopen(current), tr("Reopen Decision"))

    def move(self, by: int) -> None:
        """To the next (``by`` 1) or previous (-1) row of the list."""
        if self.list.count():
            self.list.setCurrentRow(max(0, min(self.list.count() - 1,
                                               self.list.currentRow() + by)))

    def after_step(self, description: str) -> None:
        self._save(description)
        self.refresh()

    # -- saving ------------------------------------------------------------------------
    def _save(self, description: str) -> None:
        first = self.curation.digest is None
        try:
            self.curation.save(description)
        except AnnotatorError as error:
            self.unsaved = True
            self._status(tr("The curated layer is not saved"))
            dialogs.show_error(self, tr("Could not save the curated layer"), error)
            return
        self.unsaved = False
        left = len(self.curation.disagreements)
        self._status(tr("Saved; %Ln disagreement(s) left", "", left))
        if first:
            self.fileMade.emit()

    def _status(self, text: str) -> None:
        self.statusBar().showMessage(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.unsaved:
            answer = QMessageBox.question(
                self, tr("Curation"), tr("The last decisions could not be saved. Close "
                                         "anyway and lose them?"),
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
        for view in (*self.views, self.curated_view):
            view.set_document(None)
        super().closeEvent(event)
        self.closed.emit()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
