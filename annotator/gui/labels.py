"""Where the labels of a commitment's links go: in free space, never over the text.

A label ("Donor") names what a link target is. It used to sit above its target's line,
over the line before ("Selens[Donor]tte"). QPlainTextEdit lays lines out edge to edge
(it ignores line spacing), so there is no room between lines to reserve; what is free
on the screen is the blank line between paragraphs, the ragged end of each line, and
the margins of the column. ``LabelPlacer`` puts each label in the free spot nearest its
target: above it if the line above leaves room there, else below, beside the line's end,
or farther off (then the view draws a leader from label to target). Labels placed are
obstacles for the next ones, so they never cover each other either.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QLineF, QPointF, QRectF, QSizeF
from PySide6.QtGui import QPainterPath

# The white space between the words of a line of text: (left, right) in x, in order.
Gaps = Sequence[tuple[float, float]]

# A label this far from its target (pixels) counts as touching it: no leader needed.
TOUCHING = 4.0
# What moving a label sideways costs against moving it up or down, per pixel: a label a
# few lines away at its target's left edge reads better than one far out to the right.
SIDEWAYS_COST = 0.5
# A label below its target costs this much more than one above (the usual place).
BELOW_COST = 3.0


class LabelPlacer:
    """Places labels in ``area`` where none of ``text`` (rectangles of the text's
    lines, from the left of a line's text to its end) is, nor any label placed before."""

    def __init__(self, text: list[QRectF], area: QRectF, margin: float = 2.0) -> None:
        # Obstacles as (left, top, right, bottom): a label keeps ``margin`` pixels from
        # the text (outlines are drawn there). Plain floats: this runs at every paint.
        self._obstacles = [(r.left() - margin, r.top() - 1, r.right() + margin, r.bottom() + 1)
                           for r in text if r.width() > 0]
        # Where a label may sit: against the bottom or the top of a line, or in its middle
        # (blank lines too).
        self._rows = [(r.top(), r.bottom()) for r in text]
        self._area = (area.left(), area.top(), area.right(), area.bottom())

    def place(self, size: QSizeF, anchor: QRectF, want_x: float) -> QRectF | None:
        """The free rectangle of ``size`` nearest ``anchor`` (a target's first line, or a
        point at an edge of the area) whose left edge is as near ``want_x`` as may be;
        None if no free place is left. The rectangle is then taken."""
        height, width = size.height(), size.width()
        a_top, a_bottom = anchor.top(), anchor.bottom()
        ys = {a_top - height - 1, a_bottom + 1, (a_top + a_bottom - height) / 2}
        for top, bottom in self._rows:
            ys.update((bottom - height - 1, top + 1, (top + bottom - height) / 2))
        area_top, area_bottom = self._area[1], self._area[3]
        # Nearest first: once moving up or down alone costs more than the best place
        # found, nothing farther can beat it.
        candidates = []
        for y in ys:
            if area_top <= y and y + height <= area_bottom:
                above = max(0.0, a_top - (y + height))
                below = max(0.0, y - a_bottom)
                candidates.append((above + below + (BELOW_COST if below > 0 else 0.0), y))
        candidates.sort()
        best: tuple[float, float, float] | None = None  # (cost, x, y)
        for vertical, y in candidates:
            if best is not None and vertical >= best[0]:
                break
            x = self._free_x(y, y + height, width, want_x)
            if x is not None:
                cost = vertical + SIDEWAYS_COST * abs(x - want_x)
                if best is None or cost < best[0]:
                    best = (cost, x, y)
        if best is None:
            return None
        spot = QRectF(best[1], best[2], width, height)
        self._obstacles.append((spot.left() - 2, spot.top() - 1, spot.right() + 2,
                                spot.bottom() + 1))
        return spot

    def _free_x(self, top: float, bottom: float, width: float, want_x: float) -> float | None:
        """The x nearest ``want_x`` where [x, x + width] x [top, bottom] meets nothing."""
        area_left, area_right = self._area[0], self._area[2]
        blocked = sorted((left, right) for left, o_top, right, o_bottom in self._obstacles
                         if o_top < bottom and o_bottom > top)
        found: float | None = None
        free_from = area_left
        for left, right in [*blocked, (area_right, area_right)]:
            if left - free_from >= width:
                x = min(max(want_x, free_from), left - width)
                if found is None or abs(x - want_x) < abs(found - want_x):
                    found = x
            free_from = max(free_from, right)
        return found


def touching(label: QRectF, target: QRectF) -> bool:
    """Whether ``label`` is next to ``target`` (so it needs no leader line)."""
    return label.adjusted(-TOUCHING, -TOUCHING, TOUCHING, TOUCHING).intersects(target)


def leader(label: QRectF, target: QRectF, text: Sequence[QRectF] = (),
           gaps: Sequence[Gaps] | None = None) -> tuple[QPointF, QPointF]:
    """The ends of a straight line from ``label`` to ``target``, edge to edge; an upright
    one goes between the words of the lines it crosses where it can (``gaps``: the
    spaces of each of ``text``'s lines)."""
    def clamp(value: float, low: float, high: float) -> float:
        return min(max(value, low), high)

    x = clamp(label.center().x(), target.left(), target.right())
    low, high = max(label.left(), target.left()), min(label.right(), target.right())
    if low < high and (label.bottom() <= target.top() or label.top() >= target.bottom()):
        top, bottom = sorted((label.bottom(), target.top()) if label.bottom() <= target.top()
                             else (target.bottom(), label.top()))
        x = between_words(low + 2, high - 2, label.center().x() if low <= label.center().x()
                          <= high else x, top, bottom, text, gaps)
        label_x = x
    else:
        label_x = label.center().x()
    if label.bottom() <= target.top():
        return QPointF(label_x, label.bottom()), QPointF(x, target.top())
    if label.top() >= target.bottom():
        return QPointF(label_x, label.top()), QPointF(x, target.bottom())
    y = clamp(label.center().y(), target.top(), target.bottom())
    if label.left() >= target.right():
        return QPointF(label.left(), label.center().y()), QPointF(target.right(), y)
    return QPointF(label.right(), label.center().y()), QPointF(target.left(), y)


def connector(source: QRectF, label: QRectF, text: Sequence[QRectF],
              gaps: Sequence[Gaps] | None = None) -> QPainterPath | None:
    """A path from ``source`` (the selected annotation's first line) to ``label`` that
    goes sideways only where no text is (a blank line, the margin above the text),
    up and down elsewhere, between the words of the lines it crosses where it can
    (``gaps``: the spaces of each of ``text``'s lines), with rounded corners; None if
    no such way sideways is found between them (then a curve it is). A curve swinging
    across a line read like a strike-through, an upright line through a word like a
    letter."""
    up = label.center().y() < source.center().y()
    start_y = source.top() if up else source.bottom()
    end_y = label.bottom() if up else label.top()
    blocked = [r.adjusted(-2, 0, 2, 0) for r in text if r.width() > 0]
    low, high = sorted((start_y, end_y))
    ways = [line.center().y() for line in text if low <= line.center().y() <= high]
    ways.append(label.center().y())

    def free(y: float, x1: float, x2: float) -> bool:
        left, right = sorted((x1, x2))
        return not any(r.top() < y + 1 and r.bottom() > y - 1 and r.left() < right
                       and r.right() > left for r in blocked)

    start_x, end_x = source.center().x(), label.center().x()
    ways = [y for y in ways if free(y, start_x, end_x)]
    if not ways:
        return None
    way = min(ways, key=lambda y: abs(y - start_y))
    along_label = way == label.center().y()  # along the label's own line, to its side
    if gaps is not None:
        up_x = between_words(source.left() + 2, source.right() - 2, start_x,
                             *sorted((start_y, way)), text, gaps)
        down_x = end_x if along_label else between_words(
            label.left() + 4, label.right() - 4, end_x, *sorted((way, end_y)), text, gaps)
        if free(way, up_x, label.left() if along_label else down_x):
            start_x, end_x = up_x, down_x
    path = QPainterPath(QPointF(start_x, start_y))
    if along_label:
        end = QPointF(label.left() if start_x < label.left() else label.right(), way)
        _rounded(path, [QPointF(start_x, way), end])
    else:
        _rounded(path, [QPointF(start_x, way), QPointF(end_x, way), QPointF(end_x, end_y)])
    return path


def between_words(low: float, high: float, want: float, top: float, bottom: float,
                  text: Sequence[QRectF], gaps: Sequence[Gaps] | None) -> float:
    """The x in [low, high] nearest ``want`` where an upright line from ``top`` to
    ``bottom`` crosses the fewest words of ``text`` (it passes a line in one of its
    ``gaps``, or beside its text); ``want`` without ``gaps``."""
    if gaps is None or high < low:
        return want
    crossed = [(line, line_gaps) for line, line_gaps in zip(text, gaps, strict=True)
               if line.width() > 0 and line.top() < bottom - 1 and line.bottom() > top + 1]
    if not crossed:
        return want
    candidates = {min(max(want, low), high)}
    for line, line_gaps in crossed:
        candidates.update((a + b) / 2 for a, b in line_gaps if low <= (a + b) / 2 <= high)
        candidates.update(x for x in (line.left() - 3, line.right() + 3) if low <= x <= high)

    def words_crossed(x: float) -> int:
        return sum(1 for line, line_gaps in crossed if line.left() - 1 <= x <= line.right() + 1
                   and not any(a + 0.5 <= x <= b - 0.5 for a, b in line_gaps))

    return min(candidates, key=lambda x: (words_crossed(x), abs(x - want)))


def _rounded(path: QPainterPath, points: list[QPointF], radius: float = 6.0) -> None:
    """Lines through ``points`` from the path's current point, corners rounded."""
    for i, corner in enumerate(points[:-1]):
        here, after = path.currentPosition(), points[i + 1]
        before_len = QLineF(here, corner).length()
        after_len = QLineF(corner, after).length()
        r = min(radius, before_len / 2, after_len / 2)
        if r <= 0:
            path.lineTo(corner)
            continue
        into = QLineF(corner, here)
        into.setLength(r)
        out = QLineF(corner, after)
        out.setLength(r)
        path.lineTo(into.p2())
        path.quadTo(corner, out.p2())
    path.lineTo(points[-1])
