"""Benchmarks: `make bench` prints a table of figures with their floors and ratios.

Sizes default to 0.5 MB / 10,000 annotations and 5 MB / 100,000 annotations
(the reference document of docs/performance.md). Choose others with
``--sizes 0.5:10000,5:100000`` (megabytes:annotations). Each figure is the
median of ``--repeat`` runs; per-edit figures also give the 99th percentile.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.generate import generate  # only importable after the sys.path line


def timed(func: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time in milliseconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, size: str, figure: str, value: str, floor: str = "", ratio: str = "") -> None:
        self.rows.append((size, figure, value, floor, ratio))
        print(f"  {figure:<44} {value:>14} {floor:>12} {ratio:>7}", flush=True)

    def markdown(self) -> str:
        lines = ["| size | figure | value | floor | ratio |", "|---|---|---|---|---|"]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def bench_model_and_files(table: Table, label: str, mb: float, count: int, repeat: int,
                          workdir: Path) -> None:
    from lxml import etree

    from annotator.files import write_atomically
    from annotator.model import edits
    from annotator.tei import validation
    from annotator.tei.reader import parse_tei
    from annotator.tei.writer import TeiWriter

    gen_ms, doc = timed(lambda: generate(int(mb * 1_000_000), count), 1)
    table.add(label, f"generate ({len(doc.annotations)} annotations)", f"{gen_ms:.0f} ms")
    data = TeiWriter(doc).to_bytes(validate=False)
    path = workdir / f"bench-{label}.xml"
    path.write_bytes(data)
    table.add(label, "file size", f"{len(data) / 1e6:.2f} MB")

    parse_floor, tree = timed(lambda: etree.fromstring(data), repeat)
    open_ms, _ = timed(lambda: parse_tei(path.read_bytes(), str(path)), repeat)
    table.add(label, "open: read + parse + validate + model", f"{open_ms:.0f} ms",
              f"{parse_floor:.0f} ms", f"{open_ms / parse_floor:.1f}×")

    def floor_save() -> None:
        out = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
        validation.validate_tree(etree.ElementTree(tree), str(path))
        (workdir / "floor.xml").write_bytes(out)

    save_floor, _ = timed(floor_save, repeat)
    save_ms, _ = timed(lambda: write_atomically(path, TeiWriter(doc).to_bytes(validate=True)),
                       repeat)
    table.add(label, "save: serialise + validate + atomic write", f"{save_ms:.0f} ms",
              f"{save_ms and save_floor:.0f} ms", f"{save_ms / save_floor:.1f}×")

    store = doc.annotations
    text = doc.document.text
    samples: list[float] = []
    step = max(1, len(text) // 400)
    for i in range(400):
        pos = (i * step) % max(1, len(text) - 40)
        start = time.perf_counter()
        try:
            edit = edits.add(store, [(pos, pos + 7, "weapon")])
        except Exception:
            continue
        edit.apply(store)
        edits.remove(store, [edit.after[0].id]).apply(store)
        samples.append((time.perf_counter() - start) * 1000 / 2)
    table.add(label, "model edit (add or delete), median / p99",
              f"{statistics.median(samples):.3f} / {percentile(samples, 0.99):.3f} ms")

    query = []
    for i in range(2000):
        pos = (i * 7919) % len(text)
        start = time.perf_counter()
        store.overlapping(pos, pos + 400)
        query.append((time.perf_counter() - start) * 1000)
    table.add(label, "index query (one paragraph), median", f"{statistics.median(query):.3f} ms")

    ids = [a.id for a in list(store)[:10_000]]
    bulk = edits.remove(store, ids)
    bulk.apply(store)
    undo_ms, _ = timed(lambda: (bulk.revert(store), bulk.apply(store)), repeat)
    bulk.revert(store)
    table.add(label, f"undo + redo of a bulk edit ({len(ids)} annotations)",
              f"{undo_ms:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="0.5:10000,5:100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / "annotator-bench"
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")
    table = Table()
    for spec in args.sizes.split(","):
        mb, count = spec.split(":")
        label = f"{float(mb):g} MB"
        print(f"\n{label}, {int(count)} annotations")
        bench_model_and_files(table, label, float(mb), int(count), args.repeat, workdir)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident size of the benchmark process: {rss:.0f} MB")
    if args.markdown:
        args.markdown.write_text(table.markdown() + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
