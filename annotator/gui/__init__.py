"""The desktop application (PySide6). Knows Qt, and no file format."""

from __future__ import annotations

import sys
import traceback
from types import TracebackType


def run_gui(path: str | None = None) -> int:
    """Start the application, open ``path`` if given, and run until the last window closes."""
    from PySide6.QtWidgets import QApplication

    from annotator.gui import settings, style
    from annotator.gui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(settings.APPLICATION)
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationDisplayName("Annotator")
    app.setDesktopFileName("annotator")
    icon = style.app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    install_excepthook()
    window = MainWindow()
    window.show()
    if path:
        window.open_path(path, ask=False)
    return app.exec()


def install_excepthook() -> None:
    """Show unexpected errors in a dialog instead of letting Qt abort the program."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        sys.stderr.write(details)
        try:
            from PySide6.QtWidgets import QApplication, QMessageBox

            box = QMessageBox(QApplication.activeWindow())
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle("Unexpected error")
            box.setText("Something went wrong. Your document is still open; "
                        "save it under a new name to be safe.")
            box.setInformativeText(f"{kind.__name__}: {error}")
            box.setDetailedText(details)
            box.exec()
        except Exception:  # the dialog itself failed: the traceback is on stderr
            pass

    sys.excepthook = hook


__all__ = ["install_excepthook", "run_gui"]
