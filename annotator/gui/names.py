"""File names in the window: shown as text Qt can hold, kept as the system spells them.

Qt silently drops a lone surrogate (a byte of a name that is not UTF-8, see
``annotator.filenames``) from any string it is given: "art\\udcffikel.txt" would
be shown as "artikel.txt", and a path given to a file dialog would come back
as another file. So names are shown with U+FFFD (``displayable``), and a path a
file dialog gives back that is the one offered, as shown, is taken to be the
one offered: Save As keeps the name the document has.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from annotator.filenames import displayable


def offered(path: Path) -> str:
    """``path`` as a file dialog can be given it."""
    return displayable(str(path))


def chosen(answer: str, offer: Path) -> Path:
    """The path a file dialog gave back (``answer``), when it was offered ``offer``:
    ``offer`` itself if the answer is it as shown, or in its folder as shown."""
    if answer == offered(offer):
        return offer
    picked = Path(answer)
    if str(picked.parent) == offered(offer.parent):
        return offer.parent / picked.name
    return picked


def ask_export_path(parent: QWidget, description: str, default: Path, suffix: str
                    ) -> Path | None:
    """Where to export ``description`` (shown as it is: already in the window's
    language), proposing ``default``; a name typed without a suffix gets ``suffix``.
    None if the user cancels."""
    from annotator.gui.i18n import tr

    answer, _ = QFileDialog.getSaveFileName(
        parent, tr("Export {format}").format(format=description), offered(default),
        f"{description} (*{suffix});;" + tr("All files (*)"))
    if not answer:
        return None
    path = chosen(answer, default)
    return path if path.suffix else path.with_suffix(suffix)
