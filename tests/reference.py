"""Where the TEI reference material is: one setting, used by every test that needs it.

Some tests check saved files against the official TEI schema or read real TEI
documents. Those files belong to the TEI Consortium and to the corpora they come
from, not to this project, so the repository holds no copy: the folder named by the
environment variable ``ANNOTATOR_TEI_REFERENCE`` does (default: ``../shared/tei``
beside the project folder), laid out as ``LAYOUT`` says.

When the material is missing, the tests that need it are skipped, all with the same
one-line reason (what is missing, how to provide it); everything else runs. Under
``CI=true`` a missing piece is a failure instead: a CI machine without the material
must not pass by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

VARIABLE = "ANNOTATOR_TEI_REFERENCE"
DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "tei"
LAYOUT = ("tei_all.rng, samples/ (the four German TEI documents) and examples/ "
          "(patriot-standoff.xml, patriot-inline.xml)")
# How every message about missing material begins (conftest reports them as one line).
MISSING = "TEI reference material missing"


def folder() -> Path:
    """The folder the reference material is read from (it may not exist); a relative
    value of the variable counts from the current folder."""
    value = os.environ.get(VARIABLE, "").strip()
    return Path(value).expanduser().resolve() if value else DEFAULT


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing_message(target: Path) -> str:
    """The one line that says what is missing and how to provide it."""
    where = folder()
    what = f"{where} does not exist" if not where.is_dir() else f"there is no {target}"
    return (f"{MISSING}: {what}. Set {VARIABLE} to a folder with {LAYOUT}; "
            "default ../shared/tei beside the project (see README)")


def path(*parts: str) -> Path:
    """The reference file at ``parts`` (e.g. ``"samples", "dingler-pj001.xml"``).

    A missing file skips the test that asked for it, or fails it under ``CI=true``.
    """
    import pytest  # here: the benchmarks use this module too, without pytest

    target = folder().joinpath(*parts)
    if not target.is_file():
        message = missing_message(target)
        if in_ci():
            pytest.fail(f"{message} [CI=true: required]", pytrace=False)
        pytest.skip(message)
    return target


def read_bytes(*parts: str) -> bytes:
    return path(*parts).read_bytes()
