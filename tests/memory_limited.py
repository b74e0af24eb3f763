"""Run Annotator with little memory left: ``python tests/memory_limited.py MB cli ARGS...``
runs ``annotator ARGS...``, ``... MB window OLD BIG`` opens OLD in the window (offscreen),
changes it, then opens BIG; both print what happened.

Everything the run needs is imported first; then the address space is limited
(``RLIMIT_AS``, the soft limit) to what the process already uses plus MB megabytes, so
the limit is the same headroom on every machine, whatever the interpreter's own size.
Used by ``tests/test_out_of_memory.py``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def limit(headroom_mb: int) -> None:
    with open("/proc/self/status", encoding="ascii") as status:
        size_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    soft = (size_kb << 10) + (headroom_mb << 20)
    resource.setrlimit(resource.RLIMIT_AS, (soft, resource.getrlimit(resource.RLIMIT_AS)[1]))


def cli(headroom_mb: int, args: list[str]) -> int:
    import annotator.cli
    import annotator.files
    import annotator.formats.table
    import annotator.tei.reader
    import annotator.tei.source
    import annotator.tei.validation

    limit(headroom_mb)
    return annotator.cli.main(args)


def window(headroom_mb: int, old: str, big: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication, QMessageBox

    from annotator.gui import create_application, create_window

    app = create_application()
    win = create_window()
    win.show()
    assert win.files.open_path(old, ask=False)
    app.processEvents()
    # Some work on it: its first word tagged, as a selection and a tag key make it.
    cursor = QTextCursor(win.view.document())
    cursor.setPosition(win.view.positions.to_qt(0))
    cursor.setPosition(win.view.positions.to_qt(4), QTextCursor.MoveMode.KeepAnchor)
    win.view.setTextCursor(cursor)
    win.apply_tag(win.annotated.tagset.ids()[0])
    before = (len(win.annotated.annotations), win.is_modified)
    shown: list[str] = []

    def answer() -> None:  # the dialog, as the user sees it, then closed
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(f"{box.text()}\n{box.informativeText()}")
            box.done(0)

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(100)
    limit(headroom_mb)
    opened = win.files.open_path(big, ask=False)
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY,) * 2)
    app.processEvents()
    timer.stop()
    print(json.dumps({
        "opened": opened, "dialogs": shown, "before": before,
        "after": (len(win.annotated.annotations), win.is_modified),
        "title": win.windowTitle(), "text_start": win.annotated.document.text[:20],
    }), flush=True)
    win.undo_stack.setClean()  # nothing to ask on closing
    win.close()
    return 0


if __name__ == "__main__":
    headroom, mode, rest = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(cli(headroom, rest) if mode == "cli" else window(headroom, *rest))
