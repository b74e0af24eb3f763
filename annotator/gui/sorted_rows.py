"""What the annotation list and the entity tree share: rows in a Python list.

Both models keep their top-level rows in a list in ascending order of the sort key
and find a row by bisection, so a store change moves single rows, never resets
100,000. A descending sort is the same list read backwards: ``external`` maps a
place in the list to the row the view shows, and back (the mapping is its own
inverse). Inserting and removing a row announce it to the view at its shown row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt


class SortedRows:
    """A mixin for a Qt item model (listed before the Qt base class) whose top-level
    rows are a list in ascending key order, shown in ``_order``."""

    _order: Qt.SortOrder = Qt.SortOrder.AscendingOrder

    def _shown_count(self) -> int:
        """The number of top-level rows shown."""
        raise NotImplementedError

    def _external(self, internal: int, count: int | None = None) -> int:
        """The shown row of place ``internal`` in a list of ``count`` rows (default:
        the rows shown now); also the place of a shown row."""
        count = self._shown_count() if count is None else count
        if self._order == Qt.SortOrder.AscendingOrder:
            return internal
        return count - 1 - internal

    def _insert_row(self, rows: list, i: int, item: Any,
                    parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        """Put ``item`` at place ``i`` of ``rows`` (the list shown), told to the view."""
        row = self._external(i, len(rows) + 1)
        self.beginInsertRows(parent, row, row)  # type: ignore[attr-defined]
        rows.insert(i, item)
        self.endInsertRows()  # type: ignore[attr-defined]

    def _remove_row(self, rows: list, i: int,
                    parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        """Take place ``i`` out of ``rows`` (the list shown), told to the view."""
        row = self._external(i, len(rows))
        self.beginRemoveRows(parent, row, row)  # type: ignore[attr-defined]
        del rows[i]
        self.endRemoveRows()  # type: ignore[attr-defined]
