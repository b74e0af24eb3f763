"""The desktop application (PySide6). Knows Qt, and no file format."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from annotator import APP_ID, APP_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QDialog

    from annotator.gui.mainwindow import MainWindow

# Every window the application made. A top-level window needs a Python reference
# to stay alive, and windows opened to restore crashed work have no other owner.
WINDOWS: list[MainWindow] = []
# Platforms with no screen anybody looks at: a question there would wait for ever.
UNSEEN_PLATFORMS = ("offscreen", "minimal")


def create_application() -> QApplication:
    """The QApplication (made if there is none yet) with the application's identity.

    The names decide where settings and recovery journals live; the desktop file
    name is the app id that Wayland compositors match to the launcher and icon.
    Without a display, or when Qt's platform plugin fails, it says so in one line
    and exits 1 (``annotator.gui.display``) instead of letting Qt abort.
    """
    from PySide6.QtWidgets import QApplication

    from annotator.gui import display, i18n, settings, style

    app = QApplication.instance()
    if app is None:
        display.check_display()
        with display.platform_guard():
            app = QApplication(sys.argv[:1])
    app.setApplicationName(settings.APPLICATION)
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    i18n.use_language(i18n.chosen_language(settings.get("language")))
    icon = style.app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    install_excepthook()
    return app


def create_window(recovery_folder: str | os.PathLike[str] | None = None) -> MainWindow:
    """A new, shown main window whose changes are journaled for crash recovery."""
    from annotator.gui.mainwindow import MainWindow
    from annotator.gui.recovery import RecoveryController

    window = MainWindow()
    RecoveryController(window, recovery_folder)
    WINDOWS.append(window)
    window.destroyed.connect(lambda *_: _forget(window))
    window.show()
    return window


def _forget(window: MainWindow) -> None:
    if window in WINDOWS:
        WINDOWS.remove(window)


def open_main_window(path: str | os.PathLike[str] | None = None,
                     recovery_folder: str | os.PathLike[str] | None = None,
                     ask_name: bool | None = None) -> MainWindow:
    """What starting the application does: a window, the offer to restore unsaved work
    of a crashed run, then ``path`` if given, then (``ask_name``) the question who is
    annotating if nobody has said yet. Returns the first window.

    ``ask_name`` None asks where somebody can answer: not on the offscreen platform
    (tests, scripts). The question does not block: this returns while it is shown.
    """
    window = create_window(recovery_folder)
    _open_start_documents(window, path, recovery_folder)
    if ask_name is None:
        ask_name = _someone_can_answer()
    if ask_name:
        ask_annotator_name(window)
    return window


def _open_start_documents(window: MainWindow, path: str | os.PathLike[str] | None,
                          recovery_folder: str | os.PathLike[str] | None) -> None:
    """The offer to restore unsaved work of a crashed run, then ``path`` if given."""
    from annotator.gui.recovery import offer_recovery

    restored = offer_recovery(window, recovery_folder,
                              new_window=lambda: create_window(recovery_folder))
    from annotator.corpus import is_corpus
    from annotator.gui import settings

    if path and is_corpus(path):
        window.corpus.open_corpus(str(path))
        return
    if not path:
        last = settings.get("last_corpus")
        if last and is_corpus(last) and window.annotated is None:
            window.corpus.open_corpus(last)  # where the user stopped
        return
    if path:
        wanted = Path(path).resolve()
        for other in restored:
            session = other.session
            shown = [p.resolve() for p in (session.tei_path, session.source_path)
                     if p is not None] if session is not None else []
            if wanted in shown:
                # Opening the file again would show it without the restored changes.
                other.raise_()
                return
        target = window if window.annotated is None else create_window(recovery_folder)
        target.files.open_path(path, ask=False)


def _someone_can_answer() -> bool:
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() not in UNSEEN_PLATFORMS


def ask_annotator_name(window: MainWindow) -> QDialog | None:
    """Ask who is annotating (``dialogs.NameDialog``) unless a name was given; the
    dialog, shown window-modal without waiting for the answer, or None."""
    from PySide6.QtCore import Qt

    from annotator.gui import dialogs, settings

    if settings.annotator_name_given():
        return None
    dialog = dialogs.NameDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def run_gui(path: str | None = None) -> int:
    """Start the application, open ``path`` if given, and run until the last window closes."""
    app = create_application()
    open_main_window(path)
    return app.exec()


def _event_loop_running() -> bool:
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    return app is not None and app.thread().loopLevel() > 0


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
        if not _someone_can_answer() or not _event_loop_running():
            # Nobody to click OK (offscreen), or the error ended the program outside the
            # event loop (a script): a modal box would wait for ever.
            return
        try:
            from PySide6.QtWidgets import QApplication, QMessageBox

            from annotator.gui.i18n import tr

            box = QMessageBox(QApplication.activeWindow())
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(tr("Unexpected error"))
            box.setText(tr("Something went wrong. Your document is still open; "
                           "save it under a new name to be safe."))
            box.setInformativeText(f"{kind.__name__}: {error}")
            box.setDetailedText(details)
            box.exec()
        except Exception:  # the dialog itself failed: the traceback is on stderr
            pass

    sys.excepthook = hook


__all__ = ["WINDOWS", "ask_annotator_name", "create_application", "create_window",
           "install_excepthook",
           "open_main_window", "run_gui"]
