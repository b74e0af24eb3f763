"""Colours, fonts and icons shared by the widgets."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPen, QPixmap

from annotator.resources import icon_path

# Families tried in order for the reading font; the first installed one wins.
READING_FONTS = ("Source Serif 4", "Source Serif Pro", "Noto Serif", "Charter",
                 "DejaVu Serif", "Georgia", "Liberation Serif")
READING_POINT_SIZE = 12
MIN_POINT_SIZE, MAX_POINT_SIZE = 6, 48
# The reading column stops growing here (in average character widths): long
# lines are hard to read, and a centred column looks like a page.
MAX_COLUMN_CHARS = 90
BACKGROUND_ALPHA = 0.34

def reading_font(point_size: int = READING_POINT_SIZE) -> QFont:
    families = set(QFontDatabase.families())
    for family in READING_FONTS:
        if family in families:
            font = QFont(family, point_size)
            break
    else:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSize(point_size)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


@lru_cache(maxsize=256)
def tag_color(hex_color: str) -> QColor:
    return QColor(hex_color)


@lru_cache(maxsize=256)
def background_color(hex_color: str) -> QColor:
    """The tag colour blended onto white: opaque, so stacked formats stay legible."""
    c = QColor(hex_color)
    a = BACKGROUND_ALPHA
    return QColor(round(255 * (1 - a) + c.red() * a), round(255 * (1 - a) + c.green() * a),
                  round(255 * (1 - a) + c.blue() * a))


@lru_cache(maxsize=256)
def underline_color(hex_color: str) -> QColor:
    """A shade darker than the tag colour: it must read against lane-0 backgrounds."""
    return QColor(hex_color).darker(118)


@lru_cache(maxsize=256)
def outline_color(hex_color: str) -> QColor:
    return QColor(hex_color).darker(150)


@lru_cache(maxsize=256)
def swatch_icon(hex_color: str, size: int = 16) -> QIcon:
    """A rounded square in the tag colour, for buttons, menus and the table."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(outline_color(hex_color), 1))
    painter.setBrush(tag_color(hex_color))
    painter.drawRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 3, 3)
    painter.end()
    return QIcon(pixmap)


def app_icon() -> QIcon | None:
    path = icon_path()
    return QIcon(str(path)) if path.exists() else None
