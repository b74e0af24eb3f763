"""How the view shows the text's own signs: the DTA's double hyphen "⸗" and the places
where the source leaves text out (``<gap/>``)."""

from __future__ import annotations

from gui_helpers import make_window
from PySide6.QtGui import QRawFont

DOUBLE_HYPHEN = "\u2e17"  # "⸗", the DTA's hyphen (München⸗Kräz, Battallions⸗Fahnen)


def glyphs_of_block(view, offset: int) -> list[tuple[QRawFont, int]]:
    """(font, glyph index) of every glyph the view lays out for the block at ``offset``."""
    block = view.document().findBlock(view.positions.to_qt(offset))
    view.document().documentLayout().blockBoundingRect(block)  # laid out
    layout = block.layout()
    return [(run.rawFont(), index) for i in range(layout.lineCount())
            for run in layout.lineAt(i).glyphRuns() for index in run.glyphIndexes()]


def test_the_double_hyphen_has_a_glyph_in_the_view(qtbot, dialogs, tmp_path):
    """It showed as a box: no installed font had U+2E17. The system-package step installs
    one (fonts-noto-core, whose Noto Serif is then also the reading font); every glyph
    of the line, "⸗" included, comes from a font that has its character."""
    path = tmp_path / "brief.txt"
    path.write_text(f"die Schlacht bei München{DOUBLE_HYPHEN}Kräz, sämtliche "
                    f"Battallions{DOUBLE_HYPHEN}Fahnen\n", encoding="utf-8")
    window = make_window(qtbot)
    assert window.open_path(path, ask=False)
    glyphs = glyphs_of_block(window.view, 0)
    fonts_with_it = [font for font, _ in glyphs
                     if font.supportsCharacter(ord(DOUBLE_HYPHEN))]
    assert fonts_with_it, (
        f"no font shows U+2E17 (the view's font is {window.view.font().family()!r}, "
        f"the line's {sorted({font.familyName() for font, _ in glyphs})}): "
        "`make sysdeps` installs one (fonts-noto-core)")
    assert all(index != 0 for _, index in glyphs)  # glyph 0 is the missing-glyph box
