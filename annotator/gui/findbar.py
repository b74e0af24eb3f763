"""The find bar: a line edit under the text; Enter finds the next match."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from annotator.gui.i18n import tr


class FindBar(QWidget):
    findRequested = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(6)
        label = QLabel(tr("Find:"), self)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText(tr("Text to find (Enter: next match, Esc: close)"))
        self.edit.setClearButtonEnabled(True)
        label.setBuddy(self.edit)
        self.next_button = QToolButton(self)
        self.next_button.setText(tr("Next"))
        self.next_button.setToolTip(tr("Find next (Enter, F3)"))
        self.status = QLabel(self)
        self.status.setObjectName("findStatus")
        self.status.setMinimumWidth(110)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(tr("Close (Esc)"))
        layout.addWidget(label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.next_button)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.edit.returnPressed.connect(self._find)
        self.next_button.clicked.connect(self._find)
        close.clicked.connect(self.close_bar)
        self.edit.installEventFilter(self)
        self.hide()

    @property
    def needle(self) -> str:
        return self.edit.text()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.status.clear()
        self.closed.emit()

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def _find(self) -> None:
        if self.needle:
            self.findRequested.emit(self.needle)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.edit and event.type() == event.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape):
            self.close_bar()
            return True
        return super().eventFilter(watched, event)
