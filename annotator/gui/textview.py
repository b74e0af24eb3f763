"""The article view: a read-only QPlainTextEdit that shows annotations.

Annotations are painted, never stored in the text document: ``paintEvent``
asks the store's interval index which annotations touch each *visible* block
and draws lane 0 as a background under the text, then lets QPlainTextEdit
draw the text (and the selection over it), then draws lanes 1, 2, ...
(stacked overlaps) as underlines and the outline of the selected annotation.
So opening a document costs no highlighting at all, and an edit costs one
repaint whatever the document's size. (A QSyntaxHighlighter, used before,
formats every block of the document on load: 0.7 s for 100,000 annotations,
and it kept a layout per block in memory; see docs/performance.md.)
``setExtraSelections`` is kept for the one transient find match.

Positions cross between the model and Qt only through ``PositionMap``.
"""

from __future__ import annotations

import atexit
import bisect
import functools
import html
import re

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRect, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextLine,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QToolTip, QWidget
from shiboken6 import Shiboken

from annotator.gui import style
from annotator.gui.bidi import RTL_CHARS, any_paragraph_right_to_left
from annotator.gui.i18n import field_label, tag_label, tr
from annotator.gui.labels import LabelPlacer, connector, leader, touching
from annotator.gui.lanes import assign_lanes
from annotator.gui.positions import PositionMap
from annotator.model import AnnotatedDocument, Annotation, StoreChange
from annotator.model.document import Document, Marker, Markup
from annotator.model.links import Link, links_of
from annotator.model.text import shorten

# A span in one block: the annotation, its lane, and its block-relative Qt range.
BlockSpan = tuple[Annotation, int, int, int]
# What a block paints: per annotation touching it, its lane and its line rectangles
# (relative to the block's top, so they stay valid when the view scrolls).
BlockPaint = list[tuple[Annotation, int, list[QRectF]]]
# A block being painted: the top of its first line in the viewport, and its paint.
PaintedBlock = tuple[float, BlockPaint]
# Blocks whose paint is kept; past this the cache starts afresh (a screen has ~20).
_CACHE_BLOCKS = 2000
# Above this many changed ranges an edit drops the whole cache, not block by block.
_CACHE_DROP_ALL = 200

UNDERLINE_WIDTH = 2.5
UNDERLINE_GAP = 1.5
FIND_MATCH_COLOR = QColor("#ffe066")
FIND_OTHER_COLOR = QColor("#fff3bf")  # the other matches of the find bar's text

# How blocks of a structured TEI document look (``Paragraph.kind``, see
# docs/tei-import.md): bold, italic, size step (relative to the reading font, so
# zooming scales them too), colour. Plain paragraphs and verse lines are text.
KIND_LOOKS: dict[str, tuple[bool, bool, int, str | None]] = {
    "title": (True, False, 2, None),
    "heading": (True, False, 1, None),
    "speaker": (True, False, 0, "#8a3b26"),
    "stage": (False, True, 0, "#5b6770"),
    "label": (True, False, 0, None),
    "note": (False, False, -1, "#3f5472"),
}
NOTE_BAR_COLOR = QColor("#9fb3cf")
UNMENTIONED_COLOR = QColor("#5b6470")  # a link to an entity the text never mentions
MARKUP_COLOR = QColor("#6b7785")  # names the file already marks: a dotted underline
# Markers shown in the margin: page and column breaks, milestones, notes. (A gap shows
# in the text itself: ``positions.GAP_SIGN``.)
_SPACES = re.compile(r"\s+")  # between words, where a link's line may cross a line of text
MARGIN_KINDS = frozenset({"pb", "cb", "milestone", "note"})
# A text this long fills more than any screen's height at any zoom (at the column's
# 80 characters a line, ~600 lines), so it gets its scroll bar before it is laid out.
SURELY_SCROLLS_CHARS = 50_000
MARKER_COLORS = {"note": QColor("#2f5ea8")}
MARKER_COLOR = QColor("#8a8f96")
GAP_COLOR = QColor("#96765f")  # the sign "[…]" where the source leaves text out: muted
MARGIN_WIDTH = 64  # reserved left of the column when a document has page numbers

# Tooltips' text as HTML text content: quotes stay as they are.
_escape = functools.partial(html.escape, quote=False)


def marker_label(marker: Marker) -> str:
    """What the margin shows for ``marker``."""
    if marker.kind == "pb":
        return marker.label or "p."
    if marker.kind == "note":
        return f"[{marker.label}]" if marker.label else "[*]"
    return marker.label or "·"


class AnnotationView(QPlainTextEdit):
    """Shows one ``AnnotatedDocument``; selection of text and of annotations."""

    # The selected annotation's id, or None.
    annotationSelected = Signal(object)
    # Pick mode (``start_pick``): the annotation clicked, or None if the click hit
    # none of the wanted tags; pickCancelled when Escape ends pick mode.
    annotationPicked = Signal(object)
    pickCancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.annotated: AnnotatedDocument | None = None
        self.positions: PositionMap | None = None
        self.selected_id: str | None = None
        # The annotation a text selection took the outline from: "Add Selection to
        # Annotation" adds the selected text to it as a further range.
        self.range_target: str | None = None
        self._last_click: tuple[int, str] | None = None  # (offset, id) for click cycling
        self._press_pos: QPoint | None = None
        self._zoom = 0
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setUndoRedoEnabled(False)
        self.setAcceptDrops(False)  # the window opens dropped files
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setCenterOnScroll(False)
        self.document().setDocumentMargin(18)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#fdfcf9"))
        palette.setColor(QPalette.ColorRole.Window, QColor("#fdfcf9"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#1f1f1f"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#3d7bd9"))
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        # Keep the selection visible while the find bar has focus.
        palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight,
                         QColor("#3d7bd9"))
        palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.HighlightedText,
                         QColor("#ffffff"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setFont(style.reading_font())
        self.setCursorWidth(2)
        self.selectionChanged.connect(self._on_text_selection_changed)
        self._caret = 0  # the caret's Qt position, to tell which way it moved
        self.cursorPositionChanged.connect(self._keep_caret_off_gap_signs)
        # Block number -> what it paints. Annotations change only through the store
        # (whose changes drop the blocks they touch) and line breaks only with the
        # layout (keyed by width and font); the text itself never changes.
        self._paint_cache: dict[int, BlockPaint] = {}
        self._paint_cache_key: tuple[int, float] | None = None
        self._rtl_blocks: dict[int, bool] = {}  # block number -> has right-to-left text
        self._right_to_left = False  # has a paragraph that starts right to left
        # Markers (page breaks, notes ...) of the document and their offsets, for bisect.
        self._markers: tuple[Marker, ...] = ()
        self._marker_offsets: list[int] = []
        self._gap_reasons: dict[int, list[str]] = {}  # model offset -> the gaps' reasons
        self._has_note_blocks = False
        self.notes_visible = True
        # The names the source file marks (read-only), by start, for bisect.
        self._markup: tuple[Markup, ...] = ()
        self._markup_starts: list[int] = []
        self._markup_longest = 0
        self.markup_visible = True
        self.margin = MarkerMargin(self)
        self.updateRequest.connect(lambda *_: self.margin.update())
        # The reference links of the selected annotation (a commitment's donor,
        # item ...), drawn as dashed outlines with a label; and the label chips
        # painted last, for clicks (a chip scrolls to its target).
        self.links: list[Link] = []
        self._link_chips: list[tuple[QRectF, Annotation]] = []
        # Entities the selected annotation refers to that have no mention in the text:
        # a chip at the bottom edge each, saying so (nothing to scroll to).
        self._entity_chips: list[tuple[QRectF, str]] = []
        # Pick mode: the tags a click may pick, or None when not picking.
        self._pick_tags: frozenset[str] | None = None
        # Suggestions (gui/suggestions.py): (start, end, tag id) in model offsets, sorted
        # by start, drawn as dashed unfilled outlines; the current one drawn bolder.
        self.suggestions: list[tuple[int, int, str]] = []
        self._suggestion_starts: list[int] = []
        self._suggestion_longest = 0
        self.current_suggestion: tuple[int, int, str] | None = None
        # While the text is painted: its area and the blocks shown in it (``visible_blocks``).
        self._visible_in_paint: tuple[QRect, list[tuple[QTextBlock, QRectF]]] | None = None

    # -- document ------------------------------------------------------------
    def set_document(self, annotated: AnnotatedDocument | None) -> None:
        if self.annotated is not None:
            self.annotated.annotations.unsubscribe(self._on_store_change)
        self.annotated = annotated
        self.selected_id = None
        self.range_target = None
        self.links = []
        self._last_click = None
        self.cancel_pick(quiet=True)
        self._paint_cache.clear()
        self._rtl_blocks.clear()
        self.setExtraSelections([])
        self._markers = ()
        self._marker_offsets = []
        self._gap_reasons = {}
        self._has_note_blocks = False
        self._markup, self._markup_starts, self._markup_longest = (), [], 0
        if annotated is None:
            self.positions = None
            self._right_to_left = False
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self.setPlainText("")
            self._update_column()
            return
        self.positions = PositionMap(annotated.document)
        self._markers = tuple(m for m in annotated.document.markers if m.kind in MARGIN_KINDS)
        self._marker_offsets = [m.offset for m in self._markers]
        for marker in annotated.document.markers:
            if marker.kind == "gap":
                self._gap_reasons.setdefault(marker.offset, []).append(marker.label)
        # The text's width settled before the text comes: every change of it afterwards
        # lays out all blocks again. The margin for page numbers is known
        # now; a long text will need the scroll bar, which would narrow the text when it
        # appeared.
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn
            if self.positions.qt_length > SURELY_SCROLLS_CHARS
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._set_alignment(annotated.document)  # (which side the page numbers go)
        self._update_column()
        # setPlainText writes the whole text in the cursor's format: after a document
        # that begins with a heading, that is the heading's bold (and every word of
        # the next document would be bold).
        self.setCurrentCharFormat(QTextCharFormat())
        self.setPlainText(self.positions.qt_text)
        # The widget has its own (UTF-16) copy; the map keeps only its offsets.
        self.positions.release_text()
        self._apply_block_looks()
        self._apply_gap_looks()
        self._apply_script_looks()
        self._has_note_blocks = annotated.document.paragraphs.has_kind("note")
        self._markup = tuple(sorted(annotated.document.markup, key=lambda m: m.start))
        self._markup_starts = [m.start for m in self._markup]
        self._markup_longest = max((m.end - m.start for m in self._markup), default=0)
        if not self.notes_visible:
            self.set_notes_visible(False)
        annotated.annotations.subscribe(self._on_store_change)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _set_alignment(self, document: Document) -> None:
        """Right-to-left paragraphs flush right. ``QPlainTextDocumentLayout`` lays out
        every block with the document's one text option and does not mirror AlignLeft
        for a right-to-left block; AlignJustify is what Qt aligns right in such a block
        (and justifies in the others). So a document with a right-to-left paragraph is
        justified; one without keeps the ragged right edge. (Set before the text comes:
        a change afterwards lays out every block again.)"""
        option = self.document().defaultTextOption()
        rtl = self._right_to_left = bool(
            self.positions.marked_right_to_left or any_paragraph_right_to_left(document))
        option.setAlignment(Qt.AlignmentFlag.AlignJustify if rtl
                            else Qt.AlignmentFlag.AlignLeft)
        self.document().setDefaultTextOption(option)

    def _apply_block_looks(self) -> None:
        """Headings bold and larger, speakers and stage directions set off, notes smaller."""
        formats: dict[str, QTextCharFormat] = {}
        for kind, (bold, italic, step, color) in KIND_LOOKS.items():
            fmt = QTextCharFormat()
            if bold:
                fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setFontItalic(italic)
            if step:
                fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, step)
            if color:
                fmt.setForeground(QColor(color))
            formats[kind] = fmt
        cursor = QTextCursor(self.document())
        pos = self.positions
        # One edit block: outside one, every setPosition lays out its block to place
        # the cursor (ten times the work on a long volume).
        cursor.beginEditBlock()
        paragraphs = self.annotated.document.paragraphs
        # (The columns: no Paragraph object for each of a volume's notes.)
        starts, ends, kind_at = paragraphs.starts, paragraphs.ends, paragraphs.kind_at
        to_qt, set_position, merge = pos.to_qt, cursor.setPosition, cursor.mergeCharFormat
        keep = QTextCursor.MoveMode.KeepAnchor
        for n in paragraphs.indices_of_kinds(formats):
            start, end = starts[n], ends[n]
            if end > start:
                set_position(to_qt(start))
                set_position(to_qt(end), keep)
                merge(formats[kind_at(n)])
        cursor.endEditBlock()

    def _apply_gap_looks(self) -> None:
        """The signs of gaps in a muted colour: they are the view's, not the text's."""
        signs = self.positions.gap_signs()
        if not signs:
            return
        fmt = QTextCharFormat()
        fmt.setForeground(GAP_COLOR)
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for _offset, start, end in signs:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()

    def _apply_script_looks(self) -> None:
        """Sub- and superscripts of formulas set lower and higher (``Document.scripts``)."""
        scripts = self.annotated.document.scripts
        if not scripts:
            return
        looks = {}
        for kind, alignment in (("sub", QTextCharFormat.VerticalAlignment.AlignSubScript),
                                ("sup", QTextCharFormat.VerticalAlignment.AlignSuperScript)):
            fmt = QTextCharFormat()
            fmt.setVerticalAlignment(alignment)
            looks[kind] = fmt
        cursor = QTextCursor(self.document())
        pos = self.positions
        cursor.beginEditBlock()
        for start, end, kind in scripts:
            cursor.setPosition(pos.to_qt(start))
            cursor.setPosition(pos.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(looks[kind])
        cursor.endEditBlock()

    def gap_description(self, offset: int) -> str:
        """What the tooltip of the gap sign at model ``offset`` says."""
        reasons = [r for r in self._gap_reasons.get(offset, []) if r]
        return tr("Gap in the source: text left out") + (
            f" ({_escape(', '.join(dict.fromkeys(reasons)))})" if reasons else "")

    def set_notes_visible(self, visible: bool) -> None:
        """Show or hide the blocks of notes (their place stays marked in the margin)."""
        self.notes_visible = visible
        if self.annotated is None or self.positions is None:
            return
        doc, pos = self.document(), self.positions
        paragraphs = self.annotated.document.paragraphs
        for paragraph in map(paragraphs.__getitem__, paragraphs.indices_of_kinds(("note",))):
            block = doc.findBlock(pos.to_qt(paragraph.start))
            blank = block.previous()  # the blank line that sets it apart
            for each in (block, blank) if blank.isValid() and blank.length() == 1 else (block,):
                each.setVisible(visible)
        doc.markContentsDirty(0, doc.characterCount())
        self._paint_cache.clear()
        self.viewport().update()
        self.margin.update()

    def set_markup_visible(self, visible: bool) -> None:
        """Show or hide the dotted underline of the names the file already marks."""
        self.markup_visible = visible
        self.viewport().update()

    def markup_overlapping(self, start: int, end: int) -> list[Markup]:
        """Markup spans meeting model range [start, end) (or at ``start`` if empty)."""
        lo = bisect.bisect_left(self._markup_starts, start - self._markup_longest)
        found = []
        for markup in self._markup[lo:]:
            if markup.start >= max(end, start + 1):
                break
            if markup.end > start:
                found.append(markup)
        return found

    def markers_between(self, start: int, end: int) -> list[Marker]:
        """Margin markers at model offsets [start, end]."""
        lo = bisect.bisect_left(self._marker_offsets, start)
        hi = bisect.bisect_right(self._marker_offsets, end)
        return list(self._markers[lo:hi])

    def refresh_tags(self) -> None:
        """The tagset changed (colours, tags): repaint everything with it."""
        self._paint_cache.clear()
        self._update_links()
        self.viewport().update()

    def _on_store_change(self, change: StoreChange) -> None:
        if change.tagset_changed:
            self.refresh_tags()
            return
        # Annotations are painted from the index, so an edit, however large, is
        # one repaint of what is on screen (and of the blocks it touched).
        size = len(change.added) + len(change.removed) + 2 * len(change.updated)
        if size > _CACHE_DROP_ALL:
            self._paint_cache.clear()
        else:
            doc, pos = self.document(), self.positions
            for start, end in change.touched_ranges():
                first = doc.findBlock(pos.to_qt(start)).blockNumber()
                last = doc.findBlock(max(pos.to_qt(end) - 1, 0)).blockNumber()
                for number in range(first, last + 1):
                    self._paint_cache.pop(number, None)
        if self.selected_id is not None and self.selected_id not in self.annotated.annotations:
            self.set_selected_annotation(None)
        elif self.selected_id is not None:
            self._update_links()
        self.viewport().update()

    # -- geometry of annotations ------------------------------------------------
    def block_spans(self, block: QTextBlock) -> list[BlockSpan]:
        """Annotations touching ``block`` with their lane and block-relative Qt range."""
        if self.annotated is None or self.positions is None \
                or not len(self.annotated.annotations):  # (a document just opened, often)
            return []
        q_start = block.position()
        q_end = q_start + block.length() - 1  # without the block separator
        if q_end <= q_start:
            return []
        pos = self.positions
        m_start, m_end = pos.to_model(q_start), pos.to_model(q_end)
        if m_end <= m_start:
            return []
        anns = self.annotated.annotations.overlapping(m_start, m_end)
        if not anns:
            return []
        # A discontinuous annotation takes its lane by the ranges it has here (the
        # lanes of a block are its own), and paints each of them.
        lanes = assign_lanes(ann if not ann.more else _here(ann, m_start, m_end)
                             for ann in anns)
        spans = []
        for ann in anns:
            for start, end in ann.ranges:
                a, b = pos.range_to_qt(start, end)
                a, b = max(a, q_start) - q_start, min(b, q_end) - q_start
                if a < b:
                    spans.append((ann, lanes[ann.id], a, b))
        return spans

    def _line_rects(self, block: QTextBlock, top: float, start: int, end: int) -> list[QRectF]:
        """One rectangle per visual line covering block-relative [start, end); on a line
        with right-to-left characters, one per stretch of the line the range's glyphs
        cover (the bidirectional order may put its characters apart)."""
        layout = block.layout()
        origin = layout.position()
        rects = []
        text = block.text() if self._has_rtl(block) else ""
        # From the line holding ``start`` on, not every line of the block: a long
        # paragraph has dozens of lines and each line of it several spans.
        first = layout.lineForTextPosition(start)
        for i in range(first.lineNumber() if first.isValid() else 0, layout.lineCount()):
            line = layout.lineAt(i)
            ls, le = line.textStart(), line.textStart() + line.textLength()
            if ls >= end:
                break
            lo, hi = max(start, ls), min(end, le)
            if lo >= hi:
                continue
            y = top + origin.y() + line.y()
            if text and RTL_CHARS.search(text, ls, le):
                if hi == le and hi < end:  # past a line wrap: the text, not the space
                    hi = max(lo, ls + len(text[ls:le].rstrip()))
                for left, right in _glyph_stretches(line, lo, hi):
                    rects.append(QRectF(origin.x() + left, y, right - left, line.height()))
                continue
            x1 = line.cursorToX(lo)[0]
            x2 = line.cursorToX(hi)[0]
            if hi == le and hi < end:
                # the span goes on past a line wrap: stop at the text, not the space
                x2 = min(x2, line.naturalTextRect().right())
            rects.append(QRectF(origin.x() + x1, y, x2 - x1, line.height()))
        return rects

    def _has_rtl(self, block: QTextBlock) -> bool:
        """Whether ``block`` has right-to-left characters (looked at once: the text
        never changes)."""
        number = block.blockNumber()
        found = self._rtl_blocks.get(number)
        if found is None:
            if len(self._rtl_blocks) >= 4 * _CACHE_BLOCKS:
                self._rtl_blocks.clear()
            found = self._rtl_blocks[number] = RTL_CHARS.search(block.text()) is not None
        return found

    def _block_paint(self, block: QTextBlock) -> BlockPaint:
        """What ``block`` paints, from the cache or worked out now."""
        paint = self._paint_cache.get(block.blockNumber())
        if paint is None:
            if len(self._paint_cache) >= _CACHE_BLOCKS:
                self._paint_cache.clear()
            paint = [(ann, lane, self._line_rects(block, 0.0, start, end))
                     for ann, lane, start, end in self.block_spans(block)]
            self._paint_cache[block.blockNumber()] = paint
        return paint

    def _painted_blocks(self, area: QRect) -> list[PaintedBlock]:
        """The visible blocks that meet ``area`` (viewport coordinates), with their paint."""
        key = (self.viewport().width(), self.font().pointSizeF())
        if key != self._paint_cache_key:  # new line breaks: every rectangle moved
            self._paint_cache.clear()
            self._paint_cache_key = key
        found: list[PaintedBlock] = []
        for block, geometry in self.visible_blocks(area):
            paint = self._block_paint(block)
            if paint:
                found.append((geometry.top(), paint))
        return found

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.annotated is None:
            super().paintEvent(event)
            return
        area = event.rect()
        self._visible_in_paint = (area, list(self._visible_blocks(area)))
        try:
            self._paint(event)
        finally:
            self._visible_in_paint = None

    def _paint(self, event: QPaintEvent) -> None:
        painted = self._painted_blocks(event.rect())
        tagset = self.annotated.tagset
        # Lane 0 under the text: painted first, then QPlainTextEdit draws the text
        # (and a selection) over it; its paintEvent fills no background of its own.
        painter = QPainter(self.viewport())
        for top, paint in painted:
            for ann, lane, rects in paint:
                if lane == 0:
                    color = style.background_color(tagset[ann.tag].color)
                    for rect in rects:
                        painter.fillRect(rect.translated(0, top), color)
        painter.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        metrics = QFontMetricsF(self.font())
        # Where underlines start, as a share of the line's height: lines of headings
        # and notes are taller or shorter than the reading font's.
        baseline = (metrics.ascent() + metrics.descent() * 0.35) / metrics.height()
        selected_rects: list[QRectF] = []
        selected_color = None
        for top, paint in painted:
            for ann, lane, rects in paint:
                if lane > 0:
                    painter.setBrush(style.underline_color(tagset[ann.tag].color))
                    below = top + (lane - 1) * (UNDERLINE_WIDTH + UNDERLINE_GAP)
                    for rect in rects:
                        painter.drawRoundedRect(
                            QRectF(rect.left() + 1,
                                   rect.top() + rect.height() * baseline + below,
                                   rect.width() - 2, UNDERLINE_WIDTH), 1, 1)
                if ann.id == self.selected_id:
                    selected_rects += [rect.translated(0, top) for rect in rects]
                    selected_color = tagset[ann.tag].color
        if selected_rects and selected_color is not None:
            path = QPainterPath()
            for rect in selected_rects:
                path.addRoundedRect(rect.adjusted(-2, -1, 2, 1), 4, 4)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(style.outline_color(selected_color), 2))
            painter.drawPath(path.simplified())
        self._paint_suggestions(painter, event.rect())
        self._paint_structure(painter, event.rect())
        self._paint_links(painter)
        painter.end()

    # -- suggestions ---------------------------------------------------------------------
    def set_suggestions(self, spans: list[tuple[int, int, str]],
                        current: tuple[int, int, str] | None = None) -> None:
        """Show suggestions ``(start, end, tag)``; ``current`` is the one Tab went to."""
        self.suggestions = sorted(spans)
        self._suggestion_starts = [s[0] for s in self.suggestions]
        self._suggestion_longest = max((e - s for s, e, _t in self.suggestions), default=0)
        self.current_suggestion = current
        self.viewport().update()

    def _paint_suggestions(self, painter: QPainter, area: QRect) -> None:
        """Dashed outlines in the tag's colour, never filled: an annotation has a
        background or an underline, a suggestion only its outline."""
        if not self.suggestions or self.annotated is None or self.positions is None:
            return
        first = self.cursorForPosition(area.topLeft()).position()
        last = self.cursorForPosition(area.bottomRight()).position()
        start = self.positions.to_model(first) - self._suggestion_longest
        end = self.positions.to_model(last) + 1
        tagset = self.annotated.tagset
        painter.setBrush(Qt.BrushStyle.NoBrush)
        index = bisect.bisect_left(self._suggestion_starts, start)
        for s, e, tag in self.suggestions[index:bisect.bisect_right(self._suggestion_starts,
                                                                     end)]:
            if tag not in tagset:
                continue
            current = (s, e, tag) == self.current_suggestion
            pen = QPen(style.outline_color(tagset[tag].color), 2.5 if current else 1.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            path = QPainterPath()
            for rect in self.range_rects(s, e):
                path.addRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
            painter.drawPath(path.simplified())

    # -- links of the selected annotation -------------------------------------------
    def _update_links(self) -> None:
        store = self.annotated.annotations if self.annotated is not None else None
        if store is None or self.selected_id is None or self.selected_id not in store:
            self.links = []
        else:
            self.links = links_of(store, store.get(self.selected_id))

    def range_rects(self, start: int, end: int) -> list[QRectF]:
        """Line rectangles (viewport coordinates) of the visible part of [start, end)."""
        if self.positions is None:
            return []
        q_start, q_end = self.positions.range_to_qt(start, end)
        height = self.viewport().height()
        offset = self.contentOffset()
        rects: list[QRectF] = []
        block = self.document().findBlock(q_start)
        while block.isValid() and block.position() < q_end:
            if block.isVisible():
                geometry = self.blockBoundingGeometry(block).translated(offset)
                if geometry.top() > height:
                    break
                if geometry.bottom() >= 0:
                    b_start = block.position()
                    a = max(q_start, b_start) - b_start
                    b = min(q_end, b_start + block.length() - 1) - b_start
                    if a < b:
                        rects += self._line_rects(block, geometry.top(), a, b)
            block = block.next()
        return [r for r in rects if r.bottom() >= 0 and r.top() <= height]

    def text_lines(self) -> tuple[list[QRectF], list[list[tuple[float, float]]]]:
        """Where the visible text is: one rectangle per visual line, from where its text
        begins to where it ends (viewport coordinates; blank lines have no width), and
        the white space between its words, (left, right) of each space."""
        lines: list[QRectF] = []
        gaps: list[list[tuple[float, float]]] = []
        for block, geometry in self.visible_blocks(self.viewport().rect()):
            layout = block.layout()
            origin = layout.position()
            top = geometry.top() + origin.y()
            text = block.text()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                lines.append(line.naturalTextRect().translated(origin.x(), top))
                start = line.textStart()
                spaces = _SPACES.finditer(text, start, start + line.textLength())
                gaps.append([(origin.x() + line.cursorToX(m.start())[0],
                              origin.x() + line.cursorToX(m.end())[0]) for m in spaces])
        return lines, gaps

    def _paint_links(self, painter: QPainter) -> None:
        """Outline what the selected annotation refers to, label each target with the
        attributes naming it ("Donor"), and draw a thin curve to it from the selected
        annotation; a target off screen gets a labelled chip near the top or bottom edge.
        Labels go where they cover no text (``labels.LabelPlacer``), with a dotted leader
        to their target when that is not right beside it."""
        self._link_chips = []
        self._entity_chips = []
        if not self.links or self.annotated is None or self.selected_id is None:
            return
        tagset = self.annotated.tagset
        # One label per target: "Donor, Reported by" when two attributes name it.
        targets: dict[str, tuple[Annotation, list[str], Link]] = {}
        unmentioned: dict[str, tuple[str, list[str]]] = {}  # entity id -> (name, labels)
        for link in self.links:
            if link.target is None:
                if link.entity is not None:
                    unmentioned.setdefault(link.entity.id, (link.entity.name, []))[1].append(
                        field_label(link.name, link.label))
                continue
            if link.target.id == self.selected_id:
                continue
            entry = targets.setdefault(link.target.id, (link.target, [], link))
            entry[1].append(field_label(link.name, link.label))
        if not targets and not unmentioned:
            return
        selected = self.annotated.annotations.get(self.selected_id)
        # The whole outline, not only the part in this paint's area: a partial
        # repaint must draw the same curves as a full one.
        source_rects = self.range_rects(selected.start, selected.end)
        font = QFont(self.font())
        font.setPointSizeF(max(self.font().pointSizeF() * 0.68, 7.0))
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        chip_height = metrics.height() + 4
        source = source_rects[0] if source_rects else None
        first_q = self.firstVisibleBlock().position()
        viewport = QRectF(self.viewport().rect())
        lines, gaps = self.text_lines()
        placer = LabelPlacer(lines, viewport.adjusted(1, 1, -1, -1))
        # Labels are painted last, over the curves and leaders that lead to them.
        chips: list[tuple[QRectF, str, QColor]] = []
        column_right = viewport.right() - 8
        top_edge = QRectF(column_right, viewport.top(), 0, 0)
        bottom_edge = QRectF(column_right, viewport.bottom(), 0, 0)
        outlines = {t.id: self.range_rects(t.start, t.end) for t, _, _ in targets.values()}
        for target, labels, link in targets.values():
            tag_color = tagset[target.tag].color if target.tag in tagset else "#777777"
            color = style.outline_color(tag_color)
            rects = outlines[target.id]
            text = ", ".join(labels)
            if rects:
                path = QPainterPath()
                for rect in rects:
                    path.addRoundedRect(rect.adjusted(-2, -1, 2, 1), 4, 4)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(color, 1.6, Qt.PenStyle.DashLine))
                painter.drawPath(path.simplified())
                anchor = rects[0]
                width = metrics.horizontalAdvance(text) + 10
                chip = placer.place(QSizeF(width, chip_height), anchor, anchor.left() - 2)
                # No free place on screen (a paragraph fills it, edge to edge): the
                # outline and the curve show the target, the attributes panel its role.
                shown = chip if chip is not None else anchor
                if chip is not None and not any(touching(chip, r) for r in rects):
                    near = min(rects, key=lambda r: _distance(chip, r))
                    start, end = leader(chip, near, lines, gaps)
                    painter.setPen(QPen(color, 1.2, Qt.PenStyle.DotLine))
                    painter.drawLine(start, end)
                inside = selected.start <= target.start and target.end <= selected.end
                if source is not None and not inside:  # inside: the outline says it
                    self._paint_curve(painter, source, shown, color, lines, gaps)
            else:
                above = self.positions.to_qt(target.start) < first_q
                name = link.name_shown or shorten(
                    self.annotated.annotations.text_of(target), 30)
                text = f"{'▲' if above else '▼'} {text}: {name}"
                width = metrics.horizontalAdvance(text) + 10
                chip = placer.place(QSizeF(width, chip_height),
                                    top_edge if above else bottom_edge, column_right - width)
            if chip is not None:
                chips.append((chip, text, color))
                self._link_chips.append((chip, target))
        for chip, text, color in chips:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(chip, 3, 3)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        for entity_id, (name, labels) in unmentioned.items():
            text = f"{', '.join(labels)}: {shorten(name, 30)} " + tr("(not in the text)")
            width = metrics.horizontalAdvance(text) + 10
            chip = placer.place(QSizeF(width, chip_height), bottom_edge, column_right - width)
            if chip is None:
                continue
            painter.setPen(QPen(UNMENTIONED_COLOR, 1.2, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(255, 255, 255, 235))
            painter.drawRoundedRect(chip, 3, 3)
            painter.setPen(UNMENTIONED_COLOR)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
            self._entity_chips.append((chip, entity_id))

    @staticmethod
    def _paint_curve(painter: QPainter, source: QRectF, chip: QRectF, color: QColor,
                     lines: list[QRectF], gaps: list[list[tuple[float, float]]]) -> None:
        """A thin line from the selected annotation to a target's label: sideways only
        between lines of text, up and down between words, where it can
        (``labels.connector``), else a curve."""
        link_color = QColor(color)
        link_color.setAlpha(150)
        painter.setPen(QPen(link_color, 1.3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = connector(source, chip, lines, gaps)
        if path is not None:
            painter.drawPath(path)
            return
        start = QPointF(source.center().x(), source.top())
        end = QPointF(chip.center().x(), chip.top() if chip.top() > start.y()
                      else chip.bottom())
        if chip.center().y() > source.center().y():
            start = QPointF(source.center().x(), source.bottom())
            end = QPointF(chip.center().x(), chip.top())
        curve = QPainterPath(start)
        lift = min(abs(end.y() - start.y()) * 0.5 + 12, 60)
        sign = -1 if end.y() <= start.y() else 1
        curve.cubicTo(QPointF(start.x(), start.y() + sign * lift),
                      QPointF(end.x(), end.y() - sign * lift), end)
        painter.drawPath(curve)

    def link_chip_at(self, point: QPointF) -> Annotation | None:
        """The target of the link label painted at ``point`` (viewport coordinates)."""
        for chip, target in reversed(self._link_chips):
            if chip.contains(point):
                return target
        return None

    # -- picking an annotation for a reference field --------------------------------
    @property
    def picking(self) -> bool:
        return self._pick_tags is not None

    def start_pick(self, tags: frozenset[str] | set[str]) -> None:
        """Until the next click (or Escape), a click on an annotation of one of
        ``tags`` emits ``annotationPicked`` instead of selecting it."""
        self._pick_tags = frozenset(tags)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self.setFocus()

    def cancel_pick(self, quiet: bool = False) -> None:
        if self._pick_tags is None:
            return
        self._pick_tags = None
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        if not quiet:
            self.pickCancelled.emit()

    def _pick_at(self, point: QPoint | QPointF) -> None:
        offset = self.offset_at(point)
        stack = self.annotated.annotations.at(offset) if (
            offset is not None and self.annotated is not None) else []
        wanted = self._pick_tags or frozenset()
        chosen = next((a.id for a in stack if a.tag in wanted or not wanted), None)
        if chosen is None:
            self.annotationPicked.emit(None)  # pick mode goes on: try again or Escape
            return
        self._pick_tags = None
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.annotationPicked.emit(chosen)

    # -- the structure of a TEI document: notes and markers --------------------------
    def visible_blocks(self, area: QRect) -> list[tuple[QTextBlock, QRectF]]:
        """(block, geometry in viewport coordinates) of the shown blocks meeting ``area``;
        worked out once per paint of the text for its several layers."""
        during = self._visible_in_paint
        if during is not None and during[0] == area:
            return during[1]
        return list(self._visible_blocks(area))

    def _visible_blocks(self, area: QRect):
        offset = self.contentOffset()
        block = self.firstVisibleBlock()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > area.bottom():
                break
            if block.isVisible() and geometry.bottom() >= area.top():
                yield block, geometry
            block = block.next()

    def marker_places(self, area: QRect) -> list[tuple[Marker, QRectF]]:
        """The margin markers in ``area``, each with a zero-width rectangle where it
        stands: its x in the line, and the line's top and height (viewport coordinates)."""
        if not self._markers or self.positions is None:
            return []
        pos = self.positions
        places = []
        for block, geometry in self.visible_blocks(area):
            if block.length() <= 1:  # a blank line between paragraphs
                continue
            q_start = block.position()
            m_start = pos.to_model(q_start)
            m_end = pos.to_model(q_start + block.length() - 1)
            for marker in self.markers_between(m_start, m_end):
                local = pos.to_qt(marker.offset) - q_start
                layout = block.layout()
                line = layout.lineForTextPosition(local)
                if not line.isValid():
                    continue
                x = layout.position().x() + line.cursorToX(local)[0]
                y = geometry.top() + layout.position().y() + line.y()
                places.append((marker, QRectF(x, y, 0, line.height())))
        return places

    def _paint_markup(self, painter: QPainter, area: QRect) -> None:
        pos = self.positions
        pen = QPen(MARKUP_COLOR, 1.2, Qt.PenStyle.DotLine)
        painter.setPen(pen)
        for block, geometry in self.visible_blocks(area):
            if block.length() <= 1:
                continue
            q_start = block.position()
            q_end = q_start + block.length() - 1
            for markup in self.markup_overlapping(pos.to_model(q_start), pos.to_model(q_end)):
                a, b = pos.range_to_qt(markup.start, markup.end)
                a, b = max(a, q_start) - q_start, min(b, q_end) - q_start
                for rect in self._line_rects(block, geometry.top(), a, b):
                    y = rect.bottom() - 1.5
                    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))

    def _paint_structure(self, painter: QPainter, area: QRect) -> None:
        if self.annotated is None or not (self._markers or self.has_note_blocks
                                          or self._markup):
            return
        if self._markup and self.markup_visible:
            self._paint_markup(painter, area)
        if self.has_note_blocks:
            document = self.annotated.document
            for block, geometry in self.visible_blocks(area):
                if block.length() <= 1:
                    continue
                paragraph = document.paragraph_at(self.positions.to_model(block.position()))
                if paragraph is not None and paragraph.kind == "note":
                    painter.fillRect(QRectF(5, geometry.top() + 2, 3, geometry.height() - 4),
                                     NOTE_BAR_COLOR)
        for marker, place in self.marker_places(area):
            color = MARKER_COLORS.get(marker.kind, MARKER_COLOR)
            painter.setPen(QPen(color, 1.5))
            painter.drawLine(QPointF(place.x(), place.top() + 2),
                             QPointF(place.x(), place.bottom() - 2))

    # -- reading column ----------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_column()
        super().resizeEvent(event)

    def _update_column(self) -> None:
        # Centre a column of at most MAX_COLUMN_CHARS characters: margins
        # outside the viewport, so the layout only ever sees the column width.
        # Page numbers and notes' places are shown left of it (``MarkerMargin``).
        column = (QFontMetricsF(self.font()).averageCharWidth() * style.MAX_COLUMN_CHARS
                  + 2 * self.document().documentMargin())
        scrollbar = self.verticalScrollBar().sizeHint().width()
        side = max(0, int((self.width() - scrollbar - column) / 2))
        # A right-to-left text has its page numbers on the right, where its lines begin.
        on_right = self.margin.on_right = self._right_to_left
        room = max(side, MARGIN_WIDTH) if self._markers else side
        left, right = (side, room) if on_right else (room, side)
        margins = self.viewportMargins()
        if margins.left() != left or margins.right() != right:
            self.setViewportMargins(left, 0, right, 0)
        self.margin.setVisible(bool(self._markers))
        if self._markers:
            area = self.contentsRect()
            x = (self.viewport().geometry().right() + 1 if on_right
                 else area.left() + left - MARGIN_WIDTH)
            self.margin.setGeometry(x, area.top(), MARGIN_WIDTH, area.height())

    @property
    def has_note_blocks(self) -> bool:
        return self._has_note_blocks

    def hidden_in(self, start: int, end: int) -> tuple[bool, bool]:
        """Whether any, and whether all, of the text in [start, end) lies in notes that
        are hidden: selecting or finding it there shows nothing."""
        if self.annotated is None or self.notes_visible or not self._has_note_blocks:
            return False, False
        in_note = [piece.paragraph.kind == "note"
                   for piece in self.annotated.document.fragments(start, max(end, start + 1))]
        return any(in_note), bool(in_note) and all(in_note)

    # -- zoom ---------------------------------------------------------------------
    def zoom(self, steps: int | None) -> None:
        """Change the font size by ``steps`` points; None resets it."""
        self._zoom = 0 if steps is None else self._zoom + steps
        size = max(style.MIN_POINT_SIZE,
                   min(style.MAX_POINT_SIZE, style.READING_POINT_SIZE + self._zoom))
        self._zoom = size - style.READING_POINT_SIZE
        font = self.font()
        font.setPointSize(size)
        self.setFont(font)
        self._update_column()

    @property
    def point_size(self) -> int:
        return self.font().pointSize()

    # -- selection ----------------------------------------------------------------
    def selected_model_range(self) -> tuple[int, int] | None:
        """The text selection in model offsets, or None if nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.positions is None:
            return None
        return self.positions.range_to_model(cursor.selectionStart(), cursor.selectionEnd())

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy the document's own characters, not the view's display-only blank lines."""
        data = QMimeData()
        selected = self.selected_model_range()
        if selected is not None and self.annotated is not None:
            data.setText(self.annotated.document.text[selected[0]:selected[1]])
        _hand_clipboard_to_qt_at_exit()
        return data

    def select_model_range(self, start: int, end: int) -> None:
        """Make [start, end) the text selection and scroll it into view."""
        if self.positions is None:
            return
        q_start, q_end = self.positions.range_to_qt(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(q_start)
        cursor.setPosition(q_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def ensure_visible(self, offset: int) -> None:
        """Scroll so that model offset ``offset`` is on screen (moves the text cursor)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.positions.to_qt(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def set_find_match(self, start: int, end: int,
                       others: list[tuple[int, int]] = ()) -> None:  # type: ignore[assignment]
        """Mark a find match, and more faintly the ``others``; they stay marked until
        ``clear_find_match``."""
        selections = []
        for (a, b), color in ((*((o, FIND_OTHER_COLOR) for o in others if o != (start, end)),
                               ((start, end), FIND_MATCH_COLOR))):
            q_start, q_end = self.positions.range_to_qt(a, b)
            match = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(q_start)
            cursor.setPosition(q_end, QTextCursor.MoveMode.KeepAnchor)
            match.cursor = cursor
            match.format.setBackground(color)
            selections.append(match)
        self.setExtraSelections(selections)

    def clear_find_match(self) -> None:
        self.setExtraSelections([])

    def set_selected_annotation(self, ann_id: str | None, scroll: bool = False) -> None:
        """Select (outline) an annotation; optionally scroll it into view."""
        if ann_id is not None and (self.annotated is None
                                   or ann_id not in self.annotated.annotations):
            ann_id = None
        if scroll and ann_id is not None:
            ann = self.annotated.annotations.get(ann_id)
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.positions.to_qt(ann.start))
            self.setTextCursor(cursor)  # also drops any text selection
            self.ensureCursorVisible()
        changed = ann_id != self.selected_id
        self.selected_id = ann_id
        self._update_links()
        self.viewport().update()
        if changed:
            self.annotationSelected.emit(ann_id)

    def clicked_offset(self) -> int | None:
        """Where the click that selected the selected annotation was (None if it was
        selected another way)."""
        if self._last_click is None or self._last_click[1] != self.selected_id:
            return None
        return self._last_click[0]

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)
        self.range_target = None
        self.set_selected_annotation(None)

    def _keep_caret_off_gap_signs(self) -> None:
        """A gap's sign ("[…]") is one step for the caret and the selection, as one
        character: where Qt puts the caret between its characters (Right, Left, word
        steps, a click on it), it goes on to the sign's end in the direction it moved,
        the anchor with it when nothing is selected. No character of the text is inside
        the sign; crossing it took four presses of Right."""
        cursor = self.textCursor()
        position, previous = cursor.position(), self._caret
        self._caret = position
        sign = self.positions.gap_sign_around(position) if self.positions else None
        if sign is None and self.positions is not None and self.positions.mark_at(position):
            # Before the invisible right-to-left mark that begins a paragraph: no
            # place of its own (a key press that moved nothing on screen). On past it,
            # unless one step back from after it (then on to the line before).
            back = previous == position + 1 and position > 0
            sign = (position - 1, position - 1) if back else (position + 1, position + 1)
        if sign is None:
            return
        to = sign[1] if position > previous else sign[0]
        anchor = to if cursor.anchor() == position else cursor.anchor()
        cursor.setPosition(anchor)
        cursor.setPosition(to, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)  # comes back here once, outside the sign

    def _on_text_selection_changed(self) -> None:
        # A text selection is what tag keys act on; an outlined annotation
        # alongside it would suggest they retag it.
        if self.textCursor().hasSelection() and self.selected_id is not None:
            self.range_target = self.selected_id
            self.set_selected_annotation(None)

    # -- mouse and keys -------------------------------------------------------------
    def offset_at(self, point: QPoint | QPointF) -> int | None:
        """Model offset of the character under ``point`` (viewport coordinates), or None
        (also on the sign of a gap: no character of the text is there)."""
        position = self.position_at(point)
        if position is None or self.positions.gap_at(position) is not None:
            return None
        return self.positions.to_model(position)

    def position_at(self, point: QPoint | QPointF) -> int | None:
        """Qt position of the character under ``point`` (viewport coordinates), or None."""
        if self.positions is None:
            return None
        point = QPointF(point)
        block = self.cursorForPosition(point.toPoint()).block()
        if not block.isValid():
            return None
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        layout = block.layout()
        origin = layout.position()
        y = point.y() - top - origin.y()
        x = point.x() - origin.x()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.y() <= y < line.y() + line.height():
                extent = line.naturalTextRect()  # right-aligned and justified lines too
                if x < extent.left() or x > extent.right():
                    return None
                local = line.xToCursor(x + _hit_shift(block, line),
                                       QTextLine.CursorPosition.CursorOnCharacter)
                if local >= block.length() - 1:
                    return None
                return block.position() + local
        return None

    def click_at(self, point: QPoint | QPointF) -> None:
        """Select the annotation under ``point``; clicking the same spot again cycles
        through the stacked ones, innermost first."""
        offset = self.offset_at(point)
        if offset is None or self.annotated is None:
            self._last_click = None
            self.range_target = None
            self.set_selected_annotation(None)
            return
        stack = self.annotated.annotations.at(offset)
        if not stack:
            self._last_click = None
            self.range_target = None
            self.set_selected_annotation(None)
            return
        ids = [a.id for a in stack]
        chosen = ids[0]
        if (self._last_click is not None and self._last_click[0] == offset
                and self.selected_id in ids):
            chosen = ids[(ids.index(self.selected_id) + 1) % len(ids)]
        self._last_click = (offset, chosen)
        self.set_selected_annotation(chosen)

    def _hit_corrected(self, event: QMouseEvent) -> QMouseEvent:
        """``event``, or a copy of it moved by ``_hit_shift`` where Qt's hit test would
        put the cursor a character off (a wrapped right-to-left line)."""
        if self.positions is None or not self._right_to_left:
            return event
        point = event.position()
        block = self.cursorForPosition(point.toPoint()).block()
        if not block.isValid():
            return event
        layout = block.layout()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        y = point.y() - top - layout.position().y()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.y() <= y < line.y() + line.height():
                shift = _hit_shift(block, line)
                if shift:
                    delta = QPointF(shift, 0)
                    return QMouseEvent(event.type(), point + delta,
                                       event.scenePosition() + delta,
                                       event.globalPosition() + delta, event.button(),
                                       event.buttons(), event.modifiers(), event.device())
                break
        return event

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(self._hit_corrected(event))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(self._hit_corrected(event))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(self._hit_corrected(event))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(self._hit_corrected(event))
        press, self._press_pos = self._press_pos, None
        if (event.button() == Qt.MouseButton.LeftButton and press is not None
                and (event.position().toPoint() - press).manhattanLength()
                < QApplication.startDragDistance()
                and not self.textCursor().hasSelection()):
            target = self.link_chip_at(event.position())
            if self.picking:
                self._pick_at(event.position())
            elif target is not None:
                # Show where a link leads; the commitment stays selected.
                cursor = QTextCursor(self.document())
                cursor.setPosition(self.positions.to_qt(target.start))
                self.setTextCursor(cursor)
                self.ensureCursorVisible()
            else:
                self.click_at(event.position())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.picking:
            self.cancel_pick()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.annotated is not None:
            point = event.position() if hasattr(event, "position") else event.pos()
            position = self.position_at(point)
            gap = self.positions.gap_at(position) if position is not None else None
            if gap is not None:
                QToolTip.showText(event.globalPos(), self.gap_description(gap),
                                  self.viewport())
                return True
            offset = self.offset_at(point)
            stack = self.annotated.annotations.at(offset) if offset is not None else []
            marked = (self.markup_overlapping(offset, offset + 1)
                      if offset is not None and self.markup_visible else [])
            if stack or marked:
                tagset = self.annotated.tagset
                lines = []
                for ann in stack[:8]:
                    tag = tagset[ann.tag]
                    text = shorten(self.annotated.annotations.text_of(ann), 60)
                    lines.append(f"<span style='color:{style.outline_color(tag.color).name()}'>"
                                 f"■</span> <b>{_escape(tag_label(tag))}</b> {_escape(text)}")
                    if ann.note:
                        lines.append(f"&nbsp;&nbsp;&nbsp;<i>✎ {_escape(shorten(ann.note, 80))}"
                                     "</i>")
                for markup in marked[:4]:
                    text = shorten(self.annotated.document.text[markup.start:markup.end], 60)
                    details = ", ".join(f"{k}={v}" for k, v in markup.attributes)
                    lines.append(f"<span style='color:{MARKUP_COLOR.name()}'>┈</span> "
                                 f"&lt;{_escape(markup.element)}&gt; {_escape(text)}"
                                 + (f" <i>({_escape(shorten(details, 60))})</i>"
                                    if details else ""))
                QToolTip.showText(event.globalPos(), "<br>".join(lines), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


def _here(ann: Annotation, start: int, end: int) -> Annotation:
    """``ann`` as one range from the first to the last end of its ranges that touch
    [start, end): where it lies for the lanes of that stretch."""
    touching = [r for r in ann.ranges if r[0] < end and r[1] > start] or [ann.ranges[0]]
    return ann.changed(start=touching[0][0], end=touching[-1][1], more=())


def marker_description(marker: Marker) -> str:
    """What the margin's tooltip says about ``marker`` (rich text)."""
    what = {"pb": tr("Page"), "cb": tr("Column"), "milestone": tr("Milestone"),
            "note": tr("Note")}.get(marker.kind, marker.kind)
    label = _escape(marker.label)
    if marker.kind == "note":
        return f"{what} {label}".rstrip() + tr(": its text follows the paragraph")
    return f"{what} {label}".rstrip()


class MarkerMargin(QWidget):
    """Left of the reading column: page numbers, and where notes and gaps stand."""

    def __init__(self, view: AnnotationView) -> None:
        super().__init__(view)
        self.view = view
        self.drawn: list[tuple[QRectF, str]] = []  # the labels last painted, and where
        self.on_right = False  # right of the column (a right-to-left text), labels from it
        self.hide()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            y = event.pos().y()
            viewport = self.view.viewport()
            found = [marker_description(m) for m, place in self.view.marker_places(
                QRect(0, 0, viewport.width(), viewport.height()))
                if place.top() <= y < place.bottom()]
            if found:
                QToolTip.showText(event.globalPos(), "<br>".join(found), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        view = self.view
        viewport = view.viewport()
        # The margin and the viewport share their top edge: the same y in both.
        places = view.marker_places(QRect(0, 0, viewport.width(), viewport.height()))
        self.drawn = []
        if not places:
            return
        lines: dict[float, list[Marker]] = {}
        for marker, place in places:
            lines.setdefault(place.top(), []).append(marker)
        heights = {place.top(): place.height() for _, place in places}
        painter = QPainter(self)
        font = QFont(view.font())
        font.setPointSizeF(max(6.0, view.font().pointSizeF() * 0.78))
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        # Labels from the column's edge outwards: leftwards on the left, rightwards on the
        # right of a right-to-left text.
        for top, markers in lines.items():
            room = self.width() - 10
            for marker in reversed(markers):
                label = marker_label(marker)
                width = metrics.horizontalAdvance(label)
                if width > room - 2:  # "titlepage_recto": shortened, whole in the tooltip
                    label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, room - 2)
                    width = metrics.horizontalAdvance(label)
                    if not label:
                        break
                painter.setPen(MARKER_COLORS.get(marker.kind, MARKER_COLOR))
                x = self.width() - room if self.on_right else room - width
                place = QRectF(x, top, width + 1, heights[top])
                painter.drawText(place, int(Qt.AlignmentFlag.AlignRight
                                            | Qt.AlignmentFlag.AlignVCenter), label)
                self.drawn.append((place, label))
                room -= width + 4
                if room < 2:
                    break
        painter.end()


def _hit_shift(block: QTextBlock, line: QTextLine) -> float:
    """What to add to an x before ``QTextLine.xToCursor`` on ``line``: on a wrapped line
    of a right-to-left block Qt's hit test leaves out the white space the line ends with
    (which stands at its left) and answers the place that far to the left of the point,
    one character off for a narrow letter (Qt 6.11); 0 elsewhere."""
    if block.textDirection() != Qt.LayoutDirection.RightToLeft:
        return 0.0
    start, end = line.textStart(), line.textStart() + line.textLength()
    text = block.text()[start:end]
    trailing = len(text) - len(text.rstrip())
    if not trailing:
        return 0.0
    return abs(line.cursorToX(end - trailing)[0] - line.cursorToX(end)[0])


def _glyph_stretches(line: QTextLine, start: int, end: int) -> list[tuple[float, float]]:
    """(left, right) of each stretch of ``line`` (layout coordinates) that the glyphs of
    the line's characters [start, end) cover, left to right; neighbouring runs (of
    another font or script) joined into one stretch."""
    runs = sorted((run.boundingRect().left(), run.boundingRect().right())
                  for run in line.glyphRuns(start, end - start))
    stretches: list[tuple[float, float]] = []
    for left, right in runs:
        if right - left <= 0:
            continue
        if stretches and left <= stretches[-1][1] + 0.5:
            stretches[-1] = (stretches[-1][0], max(stretches[-1][1], right))
        else:
            stretches.append((left, right))
    return stretches


def _distance(first: QRectF, second: QRectF) -> float:
    """How far apart two rectangles are (0 when they meet)."""
    dx = max(0.0, first.left() - second.right(), second.left() - first.right())
    dy = max(0.0, first.top() - second.bottom(), second.top() - first.bottom())
    return (dx * dx + dy * dy) ** 0.5





_clipboard_handover_registered = False


def _hand_clipboard_to_qt_at_exit() -> None:
    """Have ``_hand_clipboard_to_qt`` run when Python exits (registered once)."""
    global _clipboard_handover_registered
    if not _clipboard_handover_registered:
        _clipboard_handover_registered = True
        atexit.register(_hand_clipboard_to_qt)


def _hand_clipboard_to_qt() -> None:
    """Give the clipboard Qt's own copy of text the view put there, while Python runs.

    The view's copy is a QMimeData made in Python, which Qt deletes when the
    clipboard lets go of it; on platforms that keep the clipboard in a global of
    Qt (offscreen, minimal) that is after Python has shut down, and deleting an
    object Python made then crashed the process on exit. The same text stays on
    the clipboard (``setText`` makes Qt's own QMimeData).
    """
    if QApplication.instance() is None:
        return
    clipboard = QApplication.clipboard()
    modes = [clipboard.Mode.Clipboard]
    if clipboard.supportsSelection():  # X11's selection gets the view's copy too
        modes.append(clipboard.Mode.Selection)
    for mode in modes:
        data = clipboard.mimeData(mode)
        if data is not None and Shiboken.isValid(data) and Shiboken.createdByPython(data):
            clipboard.setText(data.text(), mode)
