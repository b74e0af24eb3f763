"""Colours, fonts and icons shared by the widgets."""

from __future__ import annotations

import math
from collections.abc import Iterable
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


def _lab(hex_color: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    color = QColor(hex_color)
    r, g, b = linear(color.red()), linear(color.green()), linear(color.blue())
    xyz = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
           0.2126 * r + 0.7152 * g + 0.0722 * b,
           (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


@lru_cache(maxsize=4096)
def colour_distance(first: str, second: str) -> float:
    """How different two colours look: CIEDE2000 (about 2 is just noticeable; tags
    whose colours are under ~20 apart are easily taken for each other)."""
    return ciede2000(_lab(first), _lab(second))


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """The CIEDE2000 colour difference of two L*a*b* colours (Sharma, Wu, Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1, a2 = a1 * (1 + g), a2 * (1 + g)
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2)) % 360 if c2 else 0.0
    dl, dc = l2 - l1, c2 - c1
    dh = 0.0
    if c1 and c2:
        dh = h2 - h1
        if dh > 180:
            dh -= 360
        elif dh < -180:
            dh += 360
    big_dh = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    h_mean = h1 + h2
    if c1 and c2:
        h_mean = (h1 + h2) / 2 if abs(h1 - h2) <= 180 else (
            (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2)
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30))
         + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6))
         - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean
    s_h = 1 + 0.015 * c_mean * t
    r_t = (-2 * math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7))
           * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2)))))
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (big_dh / s_h) ** 2
                     + r_t * (dc / s_c) * (big_dh / s_h))


def most_distinct_colour(candidates: Iterable[str], used: Iterable[str],
                         enough: float) -> str:
    """The first of ``candidates`` at least ``enough`` (``colour_distance``) from every
    colour in ``used``; if none is, the one farthest from its nearest used colour."""
    used = [c.lower() for c in used]
    best, best_distance = "", -1.0
    for candidate in candidates:
        nearest = min((colour_distance(candidate.lower(), c) for c in used), default=math.inf)
        if nearest >= enough:
            return candidate
        if nearest > best_distance:
            best, best_distance = candidate, nearest
    return best


def app_icon() -> QIcon | None:
    path = icon_path()
    return QIcon(str(path)) if path.exists() else None
