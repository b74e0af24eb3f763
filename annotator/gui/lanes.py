"""Lanes for stacked annotations: greedy interval partitioning.

Annotations that overlap cannot all be drawn as one background. Each gets a
lane: lane 0 is drawn as a translucent background, lanes 1, 2, ... as
underlines stacked below the text. Spans are taken in document order (outer
before inner) and each goes to the lowest lane that is free at its start, so
an enclosing span is the background and what it contains is underlined.

The result depends only on the spans passed in; the view passes the spans
touching one text block, so the highlighter and the paint pass agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.model.annotation import Annotation


def assign_lanes(annotations: Iterable[Annotation]) -> dict[str, int]:
    """Map annotation id to lane (0 = background)."""
    lane_ends: list[int] = []  # end offset of the last span placed in each lane
    lanes: dict[str, int] = {}
    for ann in sorted(annotations, key=Annotation.sort_key):
        for lane, end in enumerate(lane_ends):
            if end <= ann.start:
                lane_ends[lane] = ann.end
                lanes[ann.id] = lane
                break
        else:
            lanes[ann.id] = len(lane_ends)
            lane_ends.append(ann.end)
    return lanes
