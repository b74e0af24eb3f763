"""Where the main window opens: where and as large as it was, fitted to the screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from annotator.gui import settings

# The first start's size, smaller where the screen is; later starts restore the last.
PREFERRED_SIZE = QSize(1240, 820)
# Room for the window manager's title bar and borders: not known before the window is
# shown, and the whole frame must fit on the screen, status bar included.
FRAME_ALLOWANCE = QSize(16, 48)


def place_on_screen(window: QWidget) -> None:
    """Where and how large the window was when last closed, and maximised if it
    was; at the first start the preferred size, centred. Either only as far as the
    screen's available area (without panels and docks) has room for it, with the
    window's frame: a screen may be smaller than the one the window was left on.

    Not ``restoreGeometry``: it refuses, rather than fits, what was saved on a
    screen of another size, and the window came up at its first-start size.
    """
    state = settings.raw()
    saved = state.value("window/normal")
    saved = saved if isinstance(saved, QRect) and saved.isValid() else None
    screen = (QGuiApplication.screenAt(saved.center()) if saved is not None else None) \
        or window.screen()
    area = _client_area(screen.availableGeometry())
    size = (saved.size() if saved is not None else PREFERRED_SIZE).boundedTo(area.size())
    placed = QRect(QPoint(), size)
    if saved is None:
        placed.moveCenter(area.center())
    else:
        placed.moveTopLeft(QPoint(
            max(area.left(), min(saved.left(), area.right() + 1 - size.width())),
            max(area.top(), min(saved.top(), area.bottom() + 1 - size.height()))))
    window.setGeometry(placed)
    if state.value("window/maximized") in (True, "true"):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def _client_area(available: QRect) -> QRect:
    """The part of a screen's ``available`` area a window's contents may take: the
    frame around them (title bar above, borders) must fit as well."""
    side = FRAME_ALLOWANCE.width() // 2
    return available.adjusted(side, FRAME_ALLOWANCE.height() - side, -side, -side)
