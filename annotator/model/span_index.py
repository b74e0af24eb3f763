"""An interval index: which annotations touch the range [a, b)?

Spans are kept in sorted lists, one list per length class (lengths in
[2**k, 2**(k+1))). Within a class every span is shorter than 2**(k+1), so a
span overlapping [a, b) must start in [a - 2**(k+1), b): one bisection per
class bounds the scan. A query costs O(C log n + k + s), C the number of
classes (at most ~25 for any text that fits in memory), k the hits and s the
few near misses of each class's window. Unlike a single sorted list with a
maximum length, one very long span does not make every query a full scan.

Insert and delete cost one bisection and one list insertion (a memmove),
which stays in microseconds at 100,000 spans. ``add_many`` and
``remove_many`` change many spans with one pass per class instead (a file
being opened, a bulk undo). The document order that iteration gives is built
once and then kept up to date by single inserts and deletes, so that the
list, the writer and the views can each walk all spans without sorting
100,000 of them again after every edit.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Iterable, Iterator

# (start, end, id): tuples compare in document order and are unique by id.
_Key = tuple[int, int, str]
_ID_OF = operator.itemgetter(2)
_START_OF = operator.itemgetter(0)


class SpanIndex:
    def __init__(self) -> None:
        self._classes: dict[int, list[_Key]] = {}
        self._keys: dict[str, _Key] = {}
        # Ids in document order (start, longer first, id), or None until asked for,
        # and beside them their starts: bisecting those is C code, where bisecting
        # the ids by a key function would call Python twenty times per span placed.
        self._ordered: list[str] | None = None
        self._starts: list[int] = []

    @staticmethod
    def _class_of(length: int) -> int:
        return max(length, 1).bit_length() - 1

    def _order_key(self, span_id: str) -> tuple[int, int, str]:
        start, end, _ = self._keys[span_id]
        return (start, -end, span_id)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._keys

    def add(self, span_id: str, start: int, end: int) -> None:
        if span_id in self._keys:
            raise KeyError(f"span {span_id!r} is already indexed")
        key = (start, end, span_id)
        self._keys[span_id] = key
        bisect.insort(self._classes.setdefault(self._class_of(end - start), []), key)
        if self._ordered is not None:
            place = self._place(span_id)
            self._ordered.insert(place, span_id)
            self._starts.insert(place, start)

    def _place(self, span_id: str) -> int:
        """Where ``span_id`` is, or would go, in ``_ordered``."""
        ordered, key = self._ordered, self._order_key(span_id)
        assert ordered is not None
        place = bisect.bisect_left(self._starts, key[0])
        # Spans with the same start (a few at most) are ordered by the rest of the key.
        while (place < len(ordered) and self._starts[place] == key[0]
               and self._order_key(ordered[place]) < key):
            place += 1
        return place

    def add_many(self, spans: Iterable[tuple[str, int, int]]) -> None:
        """Add (id, start, end) spans at once: one sort per class instead of one
        insertion each. Raises ``KeyError`` (adding none) if an id is indexed."""
        self._add_keys([(start, end, span_id) for span_id, start, end in spans])

    def add_columns(self, ids: list[str], starts: list[int], ends: list[int]) -> None:
        """``add_many`` for spans given as three columns of equal length (a file being
        opened): into an empty index, every structure is built with C-level passes
        over the columns, the document order included, with no Python code per span."""
        if self._keys or not ids:
            self._add_keys(list(zip(starts, ends, ids, strict=True)))
            return
        keys = list(zip(starts, ends, ids, strict=True))
        by_id = dict(zip(ids, keys, strict=True))
        if len(by_id) != len(ids):
            self._add_keys(keys)  # raises for the id given twice
            return
        # Class k + 1 holds lengths in [2**k, 2**(k+1)): bit_length of max(length, 1).
        sizes = list(map(int.bit_length, map(max, map(operator.sub, ends, starts),
                                             itertools.repeat(1))))
        classes: dict[int, list[_Key]] = {}
        get = classes.get
        for key, size in zip(keys, sizes, strict=True):  # (a plain loop beats compress() here)
            bucket = get(size)
            if bucket is None:
                classes[size] = [key]
            else:
                bucket.append(key)
        for bucket in classes.values():
            bucket.sort()  # already in order when the file lists spans in order: one pass
        classes = {size - 1: bucket for size, bucket in classes.items()}
        order = list(zip(starts, map(operator.neg, ends), ids, strict=True))
        order.sort()
        self._keys, self._classes = by_id, classes
        self._ordered = list(map(_ID_OF, order))
        self._starts = list(map(_START_OF, order))

    def _add_keys(self, new: list[_Key]) -> None:
        keys = self._keys
        ids = list(map(_ID_OF, new))
        if len(set(ids)) != len(ids) or (keys and any(map(keys.__contains__, ids))):
            seen: set[str] = set()
            twice = next(i for i in ids if i in keys or i in seen or seen.add(i))
            raise KeyError(f"span {twice!r} is already indexed")
        added: dict[int, list[_Key]] = {}
        get = added.get
        for key in new:
            cls = ((key[1] - key[0]) or 1).bit_length() - 1
            bucket = get(cls)
            if bucket is None:
                added[cls] = [key]
            else:
                bucket.append(key)
        keys.update(zip(ids, new, strict=True))
        for cls, bucket in added.items():
            merged = self._classes.setdefault(cls, [])
            merged += bucket
            merged.sort()  # ordered runs (a file lists spans in order) merge in one pass
        if self._ordered is not None and len(new) < len(self._ordered) // 4:
            self._ordered = self._merged_order(ids)
        else:
            self._ordered = None  # built again when next asked for

    def _merged_order(self, ids: list[str]) -> list[str]:
        """The document order with ``ids`` (already in ``_keys``) merged in: a
        bisection each and one pass of slices, not a sort of every span (a bulk undo
        of 10,000 spans among 1,000,000 would otherwise sort them all)."""
        ordered, starts, key = self._ordered, self._starts, self._order_key
        assert ordered is not None
        places = sorted((self._place(i), key(i), i) for i in ids)
        merged: list[str] = []
        merged_starts: list[int] = []
        last = 0
        for place, (start, _, _), span_id in places:
            merged += ordered[last:place]
            merged_starts += starts[last:place]
            merged.append(span_id)
            merged_starts.append(start)
            last = place
        merged += ordered[last:]
        merged_starts += starts[last:]
        self._starts = merged_starts
        return merged

    def remove(self, span_id: str) -> None:
        key = self._keys[span_id]
        if self._ordered is not None:
            place = self._place(span_id)
            del self._ordered[place]
            del self._starts[place]
        del self._keys[span_id]
        cls = self._class_of(key[1] - key[0])
        keys = self._classes[cls]
        del keys[bisect.bisect_left(keys, key)]
        if not keys:
            del self._classes[cls]

    def remove_many(self, span_ids: Iterable[str]) -> None:
        """Remove many spans with one filtering pass per class they are in (and one
        over the document order)."""
        gone: dict[int, set[_Key]] = {}
        removed_ids: set[str] = set()
        for span_id in span_ids:
            key = self._keys.pop(span_id)
            gone.setdefault(self._class_of(key[1] - key[0]), set()).add(key)
            removed_ids.add(span_id)
        for cls, removed in gone.items():
            kept = [k for k in self._classes[cls] if k not in removed]
            if kept:
                self._classes[cls] = kept
            else:
                del self._classes[cls]
        if self._ordered is not None:
            kept = [i not in removed_ids for i in self._ordered]
            self._ordered = list(itertools.compress(self._ordered, kept))
            self._starts = list(itertools.compress(self._starts, kept))

    def overlapping(self, a: int, b: int) -> list[str]:
        """Ids of spans with start < b and end > a, in document order.

        An empty query range [a, a) returns the spans that contain position a.
        """
        if b <= a:
            b = a + 1
        hits: list[_Key] = []
        for cls, keys in self._classes.items():
            window = 1 << (cls + 1)
            lo = bisect.bisect_left(keys, (a - window,))
            hi = bisect.bisect_left(keys, (b,))
            hits.extend(k for k in keys[lo:hi] if k[1] > a)
        hits.sort(key=lambda k: (k[0], -k[1], k[2]))
        return [k[2] for k in hits]

    def __iter__(self) -> Iterator[str]:
        """Ids in document order: by start, enclosing spans first, then by id."""
        if self._ordered is None:
            # Order keys built in one comprehension sort at C speed; a key= lambda
            # would be a Python call per span.
            order = [(start, -end, span_id) for start, end, span_id in self._keys.values()]
            order.sort()
            self._ordered = list(map(_ID_OF, order))
            self._starts = [start for start, _, _ in order]
        # A copy (cheap: one C-level list copy): a caller may edit while it walks the spans.
        return iter(self._ordered.copy())
