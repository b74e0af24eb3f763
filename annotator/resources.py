"""Locate the files shipped beside the code: ``resources/`` and ``schemas/``.

Both folders sit at the top of the source tree. They are found in two layouts:

* a source or editable checkout: the repository root, one level above this package;
* a PyInstaller bundle: ``sys._MEIPASS`` (``dist/annotator/_internal``), where
  ``packaging/annotator.spec`` copies both folders under the same names.

Plain Python on purpose (no Qt), so the CLI and the tests can use it cheaply.
"""

from __future__ import annotations

import sys
from pathlib import Path

SAMPLE_NAME = "patriot-de.txt"
EXAMPLE_NAME = "patriot-de.annotated.xml"
ICON_NAME = "annotator.svg"


def _roots() -> list[Path]:
    """Folders that may hold ``resources/`` and ``schemas/``, most specific first."""
    roots = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle))
    roots.append(Path(__file__).resolve().parents[1])
    return roots


def resource_path(*parts: str) -> Path:
    """Path of ``parts`` relative to the data root, e.g. ``("resources", "icons", "x.svg")``.

    The first part names the top-level folder (``"resources"`` or ``"schemas"``).
    Returns the first existing candidate; when none exists, the candidate in the
    most specific root, so callers can test ``.exists()`` and report the path.
    """
    if not parts:
        raise ValueError("resource_path() needs at least one path part")
    candidates = [root.joinpath(*parts) for root in _roots()]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def schema_path(name: str) -> Path:
    """A RELAX NG or Schematron file under ``schemas/``."""
    return resource_path("schemas", name)


def sample_path() -> Path:
    """The sample article, ``resources/samples/patriot-de.txt``."""
    return resource_path("resources", "samples", SAMPLE_NAME)


def example_path() -> Path:
    """The sample article fully annotated (Help ▸ Open Annotated Example)."""
    return resource_path("resources", "samples", EXAMPLE_NAME)


def icon_path() -> Path:
    """The scalable application icon, ``resources/icons/annotator.svg``."""
    return resource_path("resources", "icons", ICON_NAME)


def is_shipped(path: str | Path) -> bool:
    """Whether ``path`` lies among the files installed with Annotator (its code, the
    samples, the schemas): no folder to propose for the user's own files."""
    target = Path(path).resolve()
    own = [Path(__file__).resolve().parent, sample_path().resolve().parent.parent,
           schema_path("annotator.rng").resolve().parent]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        own.append(Path(bundle).resolve())
    return any(target == folder or folder in target.parents for folder in own)
