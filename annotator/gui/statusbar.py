"""The window's status bar: messages shortened to the room left beside the counters.

``QStatusBar`` draws a temporary message itself, clipped where its first permanent
widget begins: a long message was cut off mid-word behind the tag counters. Here
the message is shown by a label that takes the room the counters leave, ends a
message that does not fit with "…" and has the whole text as its tooltip.
``showMessage``, ``currentMessage`` and status tips work as before; a message may
name any file (``annotator.gui.names``).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizeGrip, QStatusBar, QStyle, QStyleOption, QWidget

from annotator.filenames import displayable

# The narrowest the message may get before the counters give way.
MIN_MESSAGE_WIDTH = 80


class ElidedLabel(QLabel):
    """One line of plain text; what does not fit ends in "…", the whole in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full_text = ""
        self.setTextFormat(Qt.TextFormat.PlainText)

    def full_text(self) -> str:
        return self._full_text

    def set_full_text(self, text: str) -> None:
        self._full_text = " ".join(text.split("\n"))
        self._elide()

    def is_elided(self) -> bool:
        return self.text() != self._full_text

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_MESSAGE_WIDTH, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(MIN_MESSAGE_WIDTH, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full_text, Qt.TextElideMode.ElideRight,
                                              room)
        self.setText(shown)
        self.setToolTip(self._full_text if shown != self._full_text else "")


class StatusBar(QStatusBar):
    """A status bar whose messages are shown by ``message_label`` (see the module)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = ElidedLabel(self)
        self.message_label.setObjectName("statusMessage")
        # Permanent, so it stays while a message is shown; first, with all the room.
        self.addPermanentWidget(self.message_label, 1)
        self.messageChanged.connect(self.message_label.set_full_text)

    def showMessage(self, message: str, timeout: int = 0) -> None:  # Qt's name
        # Qt drops a lone surrogate (a byte of a file name that is not UTF-8) silently.
        super().showMessage(displayable(message), timeout)

    def paintEvent(self, event: QPaintEvent) -> None:
        # QStatusBar's own painting without its drawing of the message: the label
        # shows it (the frames around the permanent widgets stay as the style has them).
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option,
                                   painter, self)
        for widget in self.findChildren(QWidget,
                                        options=Qt.FindChildOption.FindDirectChildrenOnly):
            if widget.isVisible() and not widget.isWindow() \
                    and not isinstance(widget, QSizeGrip):
                frame = QStyleOption()
                frame.rect = widget.geometry().adjusted(-2, -1, 2, 1)
                frame.palette = self.palette()
                frame.state = QStyle.StateFlag.State_None
                self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem,
                                           frame, painter, widget)
