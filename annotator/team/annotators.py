"""Annotators' ids (docs/team.md#annotators-and-assignments): what names an annotator's
files in a corpus, their assignments and their commits. No Qt, no XML."""

from __future__ import annotations

import re

from annotator.corpus.layout import annotator_file_name

_ANNOTATOR_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")


def annotator_id(name: str) -> str:
    """The id of the annotator called ``name`` (``Ana Lima`` -> ``ana-lima``), as their
    annotation files are named (``annotations/ana-lima.xml``)."""
    return annotator_file_name(name).removesuffix(".xml")


def is_annotator_id(value: str) -> bool:
    """Lower-case ASCII letters, digits and hyphens: the same file name on every system."""
    return bool(_ANNOTATOR_ID.match(value))
