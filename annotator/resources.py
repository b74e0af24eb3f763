"""Locate the files Annotator ships: ``resources/`` (sample, example, icon) and
``schemas/`` (the RELAX NG and Schematron files every file is checked against).

Both folders sit at the top of the repository. They are found in two layouts:

* installed (``pip install .``, a wheel, an sdist, ``pipx``, and the PyInstaller
  bundle): inside the package, as ``annotator/data/resources`` and
  ``annotator/data/schemas``, found through ``importlib.resources``. The build copies
  them there (setup.py's ``build_py``; ``packaging/annotator.spec`` for the bundle);
* a source or editable checkout (``pip install -e .``, what ``make run`` and
  ``make test`` use): the repository root, one level above this package, taken only
  when it is Annotator's own checkout. An installed package's parent is
  site-packages, where a top-level ``schemas/`` would belong to some other
  distribution.

Plain Python on purpose (no Qt), so the CLI and the tests can use it cheaply.
"""

from __future__ import annotations

import functools
import importlib.resources
import sys
import tomllib
from pathlib import Path

from annotator.errors import AnnotatorError

DATA_FOLDERS = ("resources", "schemas")
# Where the build puts DATA_FOLDERS inside the package (setup.py, annotator.spec).
PACKAGE_DATA = "data"
# Every complete copy of the data has this file; a folder without it is not ours.
MARKER = ("schemas", "annotator.rng")

SAMPLE_NAME = "patriot-de.txt"
EXAMPLE_NAME = "patriot-de.annotated.xml"
ICON_NAME = "annotator.svg"


class MissingResourceError(AnnotatorError):
    """A file that Annotator ships is not there: the installation is incomplete."""


def packaged_root() -> Path:
    """``annotator/data`` of the imported package (it exists only in an install)."""
    return Path(str(importlib.resources.files("annotator"))) / PACKAGE_DATA


def is_annotator_checkout(folder: Path) -> bool:
    """Whether ``folder`` is the root of Annotator's own source tree: its
    pyproject.toml names the project ``annotator`` and it holds the schemas."""
    try:
        with (folder / "pyproject.toml").open("rb") as file:
            name = tomllib.load(file).get("project", {}).get("name")
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return name == "annotator" and folder.joinpath(*MARKER).is_file()


@functools.cache
def data_root() -> Path | None:
    """The folder that holds ``resources/`` and ``schemas/``; None when neither
    layout has them (an install built without its data)."""
    packaged = packaged_root()
    if packaged.joinpath(*MARKER).is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[1]
    if is_annotator_checkout(checkout):
        return checkout
    return None


def resource_path(*parts: str) -> Path:
    """Path of ``parts`` under the data root, e.g. ``("resources", "icons", "x.svg")``.

    The first part names the folder (``"resources"`` or ``"schemas"``). Without a
    data root, the path where an install keeps it, so that a caller testing
    ``.exists()`` can name the place in its message.
    """
    if not parts:
        raise ValueError("resource_path() needs at least one path part")
    return (data_root() or packaged_root()).joinpath(*parts)


def schema_path(name: str) -> Path:
    """A RELAX NG or Schematron file under ``schemas/``; raises
    ``MissingResourceError`` when it is not there (nothing can be read or saved
    without it, so the user is told to reinstall rather than shown an OSError)."""
    path = resource_path("schemas", name)
    if not path.is_file():
        raise MissingResourceError(
            "Annotator's schema is missing from this installation: reinstall Annotator",
            str(path))
    return path


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
