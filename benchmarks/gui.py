"""Window figures, measured through the app's own window (``annotator.gui.create_window``:
the ``MainWindow`` with its crash-recovery journal) under the offscreen platform.

``run.py`` starts this module once per document in a fresh process (so documents and
Qt caches of one size do not weigh on the next) and reads one JSON object from its
last output line. Modes:

* ``figures FILE``: open + first screen against its floor (lxml parse + a bare
  read-only ``QPlainTextEdit`` painted once, same window size and font), edit latency
  (create, delete, retag as the user does, each with a synchronous repaint), the first
  edit after opening (which starts the recovery journal), page scrolling, jumping from
  the list, bulk undo/redo and the list's filters and sort;
* ``open FILE``: open + first screen against its floor only (the TEI samples);
* ``rss-app FILE`` / ``rss-bare FILE``: the resident size of a process that shows the
  document in the app, or only its text in a bare ``QPlainTextEdit``.

Every timed step ends with ``viewport().repaint()`` (a synchronous paint of the text)
and ``processEvents()`` (which paints whatever else the step made dirty: the list, the
status bar), so a figure is the time until the user sees the result.
"""

from __future__ import annotations

import gc
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WINDOW_SIZE = (1240, 820)
_WORD = re.compile(r"\w+")


def isolate_settings() -> None:
    """Point HOME, XDG and QSettings at a temporary folder: a benchmark must not touch
    the user's recent files or window geometry (and must not be shaped by them)."""
    home = Path(tempfile.mkdtemp(prefix="annotator-bench-home-"))
    for var, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"),
                     ("XDG_DATA_HOME", ".local/share"), ("XDG_CACHE_HOME", ".cache"),
                     ("XDG_STATE_HOME", ".local/state")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(home / sub)
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(home / ".config"))


def application() -> Any:
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(["annotator-bench"])

    def refuse(box: QMessageBox) -> int:
        # A modal box would hang the run; an error dialog means the figure is void.
        raise RuntimeError(f"dialog during benchmark: {box.text()} {box.informativeText()}")

    def discard(*_args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        # "Save your changes?" when a window with benchmark edits is replaced: no.
        return QMessageBox.StandardButton.Discard

    QMessageBox.exec = refuse  # type: ignore[method-assign]
    QMessageBox.question = staticmethod(discard)  # type: ignore[method-assign]
    return app


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident size in MB, from /proc/self/status."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, amount, _unit = line.split()
                values[key] = int(amount) / 1024
    return values["VmRSS:"], values["VmHWM:"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(samples: list[float]) -> dict[str, float]:
    return {"median": statistics.median(samples), "p99": percentile(samples, 0.99),
            "max": max(samples), "n": len(samples)}


class Bench:
    """One window on one document, and the measurements on it."""

    def __init__(self, path: Path, seed: int = 7) -> None:
        from annotator.gui import create_window, style

        self.app = application()
        self.path = path
        self.rng = random.Random(seed)
        self.font = style.reading_font()
        # What the app makes: the window and its recovery journal (in the temporary
        # data folder of isolate_settings), whose writes are part of every edit.
        self.window_class = create_window
        self.window: Any = None

    # -- helpers ---------------------------------------------------------------
    def settle(self) -> None:
        self.app.processEvents()

    def paint(self) -> None:
        """What every timed step ends with: the text painted now, then the rest."""
        self.window.view.viewport().repaint()
        self.app.processEvents()

    def timed(self, action: Callable[[], object]) -> float:
        start = time.perf_counter()
        action()
        self.paint()
        return (time.perf_counter() - start) * 1000

    def close(self) -> None:
        """Close the window (which lets go of its file's lock)."""
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.settle()
            self.window = None

    def new_window(self) -> Any:
        self.close()
        window = self.window_class()
        window.resize(*WINDOW_SIZE)
        window.show()
        self.settle()
        self.window = window
        return window

    # -- open + first screen -------------------------------------------------------
    def open_once(self) -> float:
        window = self.new_window()
        gc.collect()
        start = time.perf_counter()
        if not window.files.open_path(self.path, ask=False):
            raise RuntimeError(f"could not open {self.path}")
        self.app.processEvents()
        window.repaint()  # the whole window, painted once
        elapsed = (time.perf_counter() - start) * 1000
        if window.view.document().blockCount() < 2:
            raise RuntimeError("the document is not shown")
        return elapsed

    def floor_once(self, text: str) -> float:
        from lxml import etree
        from PySide6.QtWidgets import QPlainTextEdit

        edit = QPlainTextEdit()
        edit.setReadOnly(True)
        edit.setFont(self.font)
        edit.resize(*WINDOW_SIZE)
        edit.show()
        self.settle()
        gc.collect()
        start = time.perf_counter()
        try:
            tree = etree.parse(str(self.path))
        except etree.XMLSyntaxError:  # well-formed, but ids libxml2 refuses (not names)
            tree = etree.parse(str(self.path), etree.XMLParser(recover=True))
        edit.setPlainText(text)
        self.app.processEvents()
        edit.repaint()
        elapsed = (time.perf_counter() - start) * 1000
        del tree
        edit.close()
        edit.deleteLater()
        self.settle()
        return elapsed

    def open_figures(self, repeat: int) -> dict[str, Any]:
        from benchmarks.generate import view_text_path

        companion = view_text_path(self.path)
        if companion.exists():
            text = companion.read_text(encoding="utf-8")
        else:  # a TEI document from elsewhere: the text its reading view shows
            from annotator.files import open_document
            from annotator.gui.positions import PositionMap

            text = PositionMap(open_document(self.path).document.document).qt_text
        app_ms, floor_ms = [], []
        for _ in range(repeat):  # alternate, so drift and noise hit both alike
            floor_ms.append(self.floor_once(text))
            app_ms.append(self.open_once())
        return {"open_ms": statistics.median(app_ms), "open_floor_ms": statistics.median(floor_ms),
                "open_all": app_ms, "floor_all": floor_ms}

    # -- edits ------------------------------------------------------------------------
    def _visit_paragraph(self) -> Any:
        """Scroll a random paragraph with words into view (untimed); return it."""
        doc = self.window.annotated.document
        while True:
            para = doc.paragraphs[self.rng.randrange(len(doc.paragraphs))]
            if len(para) > 20:
                break
        self.window.view.ensure_visible(para.start)
        self.paint()
        return para

    def _visible_words(self, para: Any) -> list[tuple[int, int]]:
        text = self.window.annotated.document.text
        # The paragraph's start is on screen; its first 300 characters are too.
        return [m.span() for m in _WORD.finditer(text, para.start, min(para.end,
                                                                        para.start + 300))]

    def create_once(self) -> float | None:
        """Select words at a random visible place (untimed), then time applying a tag
        through the window's action; None if that span already has the tag."""
        window = self.window
        store = window.annotated.annotations
        para = self._visit_paragraph()
        words = self._visible_words(para)
        first = self.rng.randrange(len(words))
        last = min(len(words) - 1, first + self.rng.choice((0, 0, 1, 2)))
        start, end = words[first][0], words[last][1]
        tag = self.rng.choice(list(window.main_menu.tag_actions))
        if store.find(start, end, tag) is not None:
            return None
        window.view.select_model_range(start, end)
        self.paint()
        before = len(store)
        elapsed = self.timed(window.main_menu.tag_actions[tag].trigger)
        if len(store) != before + 1:
            raise RuntimeError("create did not add an annotation")
        return elapsed

    def first_edit_figures(self, repeat: int) -> dict[str, Any]:
        """The first annotation made after opening: it also writes the recovery
        journal's snapshot of the document and numbers the first new id."""
        times: list[float] = []
        while len(times) < repeat:
            self.open_once()
            self.paint()
            elapsed = self.create_once()
            if elapsed is not None:
                times.append(elapsed)
        from annotator.gui.recovery import RecoveryController

        controller = RecoveryController.of(self.window)
        if controller is None or controller.journal is None or not controller.journal.started:
            raise RuntimeError("the first edit started no recovery journal")
        return summary(times)

    def edit_figures(self, samples: int) -> dict[str, Any]:
        window = self.window
        view = window.view
        store = window.annotated.annotations
        tags = list(window.main_menu.tag_actions)
        created: list[float] = []
        deleted: list[float] = []
        retagged: list[float] = []
        for _ in range(50 * samples):
            if min(len(created), len(deleted), len(retagged)) >= samples:
                break
            # create (always done, even with enough samples, so that deletions do not
            # run out)
            elapsed = self.create_once()
            if elapsed is not None and len(created) < samples:
                created.append(elapsed)
            # delete and retag: annotations on screen, selected as a click would
            para = self._visit_paragraph()
            here = store.overlapping(para.start, min(para.end, para.start + 300))
            if not here:
                continue
            victim = self.rng.choice(here)
            if len(deleted) < samples:
                view.set_selected_annotation(victim.id)
                self.paint()
                deleted.append(self.timed(window.main_menu.delete_action.trigger))
                if victim.id in store:
                    raise RuntimeError("delete did not remove the annotation")
            here = [a for a in here if a.id in store]
            if not here or len(retagged) >= samples:
                continue
            other = self.rng.choice(here)
            new_tag = self.rng.choice([t for t in tags if t != other.tag])
            if store.find(other.start, other.end, new_tag) is None:
                view.set_selected_annotation(other.id)
                self.paint()
                retagged.append(self.timed(window.main_menu.tag_actions[new_tag].trigger))
                if store.get(other.id).tag != new_tag:
                    raise RuntimeError("retag did not change the tag")
        else:
            raise RuntimeError("too few places to edit")
        return {"create": summary(created), "delete": summary(deleted),
                "retag": summary(retagged)}

    # -- scrolling and the list --------------------------------------------------------
    def scroll_figures(self, samples: int) -> dict[str, Any] | None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        view = self.window.view
        times: list[float] = []
        for _ in range(10 * samples):
            if len(times) >= samples:
                break
            self._visit_paragraph()
            for _ in range(3):
                before = view.verticalScrollBar().value()
                times.append(self.timed(lambda: QTest.keyClick(view, Qt.Key.Key_PageDown)))
                if view.verticalScrollBar().value() == before:
                    times.pop()  # at the end of the document: nothing scrolled
                    break
        # A document that fits on one page cannot be scrolled.
        return summary(times[:samples]) if times else None

    def jump_figures(self, samples: int) -> dict[str, Any]:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        window = self.window
        dock = window.dock
        store = window.annotated.annotations
        times = []
        while len(times) < samples:
            para = self._visit_paragraph()
            # an annotation far away: in a random paragraph, not the one on screen
            doc = window.annotated.document
            target_para = doc.paragraphs[self.rng.randrange(len(doc.paragraphs))]
            here = store.overlapping(target_para.start, target_para.end)
            if not here or target_para == para:
                continue
            ann = self.rng.choice(here)
            row = dock.model.row_of(ann.id)
            index = dock.model.index(row, 1)  # the table shows the model itself
            dock.table.scrollTo(index)
            self.paint()
            point = dock.table.visualRect(index).center()
            times.append(self.timed(lambda p=point: QTest.mouseClick(
                dock.table.viewport(), Qt.MouseButton.LeftButton, pos=p)))
            if window.view.selected_id != ann.id:
                raise RuntimeError("the list click did not select the annotation")
        return summary(times)

    def bulk_figures(self, repeat: int, count: int = 10_000) -> dict[str, Any]:
        from annotator.model import edits

        window = self.window
        store = window.annotated.annotations
        everything = list(store)
        step = max(1, len(everything) // count)
        ids = [a.id for a in everything[::step][:count]]
        window.push(edits.remove(store, ids))
        self.paint()
        undo, redo = [], []
        for _ in range(repeat):
            gc.collect()
            undo.append(self.timed(window.undo_stack.undo))
            gc.collect()
            redo.append(self.timed(window.undo_stack.redo))
        window.undo_stack.undo()
        self.paint()
        return {"count": len(ids), "undo_ms": statistics.median(undo),
                "redo_ms": statistics.median(redo)}

    def list_figures(self, repeat: int) -> dict[str, Any]:
        from PySide6.QtCore import Qt

        from annotator.gui.annotation_list import POSITION, TEXT

        dock = self.window.dock
        table = dock.table

        def step(action: Callable[[], object]) -> float:
            start = time.perf_counter()
            action()
            table.viewport().repaint()
            self.app.processEvents()
            return (time.perf_counter() - start) * 1000

        rows = dock.model.rowCount()
        header = table.horizontalHeader()
        text_on, text_more, text_off = [], [], []
        tag_on, tag_off, sort_text, sort_back = [], [], [], []
        for _ in range(repeat):
            # the first key filters every row; the next ones the rows still shown
            text_on.append(step(lambda: dock.text_filter.setText("m")))
            text_more.append(step(lambda: dock.text_filter.setText("milliarden")))
            text_off.append(step(lambda: dock.text_filter.setText("")))
            tag_on.append(step(lambda: dock.tag_filter.setCurrentIndex(2)))
            tag_off.append(step(lambda: dock.tag_filter.setCurrentIndex(0)))
            # what a click on the column header does (sortByColumn would sort twice)
            sort_text.append(step(lambda: header.setSortIndicator(
                TEXT, Qt.SortOrder.AscendingOrder)))
            sort_back.append(step(lambda: header.setSortIndicator(
                POSITION, Qt.SortOrder.AscendingOrder)))
        med = statistics.median
        return {"rows": rows, "text_filter_ms": med(text_on), "text_more_ms": med(text_more),
                "text_clear_ms": med(text_off),
                "tag_filter_ms": med(tag_on), "tag_clear_ms": med(tag_off),
                "sort_text_ms": med(sort_text), "sort_position_ms": med(sort_back)}


def figures(path: Path, repeat: int, samples: int, only_edits: bool) -> dict[str, Any]:
    bench = Bench(path)
    result: dict[str, Any] = {}
    # Warm-up: the first window and the first paint load fonts and plugins.
    bench.open_once()
    bench.edit_figures(3)
    if not only_edits:
        result.update(bench.open_figures(repeat))
    result["first_edit"] = bench.first_edit_figures(repeat)
    result["edits"] = bench.edit_figures(samples)
    result["scroll"] = bench.scroll_figures(samples)
    result["jump"] = bench.jump_figures(max(10, samples // 2))
    if not only_edits:
        result["bulk"] = bench.bulk_figures(repeat)
        result["list"] = bench.list_figures(repeat)
    bench.close()
    return result


def rss_app(path: Path) -> dict[str, float]:
    bench = Bench(path)
    window = bench.new_window()
    if not window.files.open_path(path, ask=False):
        raise RuntimeError(f"could not open {path}")
    bench.app.processEvents()
    window.repaint()
    gc.collect()
    bench.app.processEvents()
    current, peak = rss_mb()
    bench.close()
    return {"rss_mb": current, "peak_mb": peak}


def rss_bare(path: Path) -> dict[str, float]:
    from PySide6.QtWidgets import QPlainTextEdit

    from annotator.gui import style
    from benchmarks.generate import view_text_path

    app = application()
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setFont(style.reading_font())
    edit.resize(*WINDOW_SIZE)
    edit.show()
    text = view_text_path(path).read_text(encoding="utf-8")
    edit.setPlainText(text)
    del text  # the widget holds its own copy; the floor is the widget alone
    app.processEvents()
    edit.repaint()
    gc.collect()
    app.processEvents()
    current, peak = rss_mb()
    return {"rss_mb": current, "peak_mb": peak}


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("figures", "open", "rss-app", "rss-bare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--only-edits", action="store_true",
                        help="edits, scrolling and jumps only (the 2 KB sample)")
    args = parser.parse_args()
    if not args.file.is_file():
        from tests import reference

        parser.error(f"{args.file}: no such file (the real TEI documents are in "
                     f"{reference.folder() / 'samples'}; {reference.VARIABLE} names "
                     "another reference folder, see README)")
    isolate_settings()
    if args.mode == "figures":
        result = figures(args.file, args.repeat, args.samples, args.only_edits)
    elif args.mode == "open":  # a TEI document from elsewhere: open + first screen only
        bench = Bench(args.file)
        result = bench.open_figures(args.repeat)
        bench.close()
    elif args.mode == "rss-app":
        result = rss_app(args.file)
    else:
        result = rss_bare(args.file)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
