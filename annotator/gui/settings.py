"""User preferences in QSettings: a table of defaults, only changed values stored."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

from PySide6.QtCore import QSettings

from annotator.filenames import displayable
from annotator.model.legacy import without_actor_kind
from annotator.model.tagset import Tagset
from annotator.model.tagset import default_tagset as builtin_tagset

ORGANIZATION = "Annotator"
APPLICATION = "Annotator"
MAX_RECENT = 10


# Names the annotator where nobody can be asked (scripts, CI); the stored name wins.
NAME_VARIABLE = "ANNOTATOR_NAME"

DEFAULTS: dict[str, Any] = {
    # Asked at the first start, never guessed from the login name ("root" in every
    # file); None: not given yet (the model then records "Anonymous").
    "annotator_name": None,
    # The annotator's id (docs/team.md): made from the first name given and kept when
    # the name changes later, so their files in a corpus keep their name. None: not yet.
    "annotator_id": None,
    "snap_to_words": True,
    "keep_backup": True,  # the previous version of a saved file, as NAME.xml.bak
    # TEI documents: show sic/orig/abbr of a <choice> instead of corr/reg/expan.
    "prefer_original": False,
    "show_notes": True,  # TEI documents: the text of notes, after their paragraph
    "show_markup": True,  # TEI documents: names the file marks, dotted underline
    "recent_files": [],
    # The tagset of new documents, as Tagset.to_json in JSON; None: the built-in one.
    "default_tagset": None,
    # The corpus folder last opened: the window opens it again at the next start.
    "last_corpus": None,
    # The window's language ("en", "de"); "": the system's (gui/i18n.py).
    "language": "",
    # Suggestions (gui/suggestions.py): shown or not, which sources, the precision
    # below which a source stops (percent), and going least certain first.
    "suggestions_shown": False,
    "suggestion_sources": ["corpus", "gazetteer", "tagger"],
    "suggestion_threshold_percent": 30,
    "suggestions_least_certain": False,
}


def _settings() -> QSettings:
    # Explicit INI format and names, so tests that redirect the INI path are
    # isolated whether or not the application set its organisation name.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     ORGANIZATION, APPLICATION)


def get(key: str) -> Any:
    default = DEFAULTS[key]
    value = _settings().value(key, default)
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).lower() in ("true", "1")
    if isinstance(default, list):
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)
    return value


def put(key: str, value: Any) -> None:
    settings = _settings()
    if value == DEFAULTS[key]:
        settings.remove(key)
    else:
        settings.setValue(key, value)


def raw() -> QSettings:
    """For window geometry and other Qt-serialised state."""
    return _settings()


def annotator_name() -> str:
    """The name recorded for the annotations and saves of this user: the one given at
    the first start or in Preferences, else ``$ANNOTATOR_NAME``, else "" (not given)."""
    return (str(get("annotator_name") or "").strip()
            or os.environ.get(NAME_VARIABLE, "").strip())


def annotator_id() -> str:
    """The id of this user as an annotator (``ana`` for "Ana"): it names their files in
    a corpus and their assignments. Kept from the first name given; before that (and for
    ``$ANNOTATOR_NAME``) made from the name."""
    from annotator.team.annotators import annotator_id as id_of_name
    from annotator.team.annotators import is_annotator_id

    stored = str(get("annotator_id") or "").strip()
    return stored if is_annotator_id(stored) else id_of_name(annotator_name())


def set_annotator_name(name: str | None) -> None:
    """Set the annotator's name; the first name given also fixes their id."""
    from annotator.team.annotators import annotator_id as id_of_name
    from annotator.team.annotators import is_annotator_id

    name = (name or "").strip() or None
    put("annotator_name", name)
    if name and not is_annotator_id(str(get("annotator_id") or "")):
        put("annotator_id", id_of_name(name))


def annotator_name_given() -> bool:
    """Whether the user (or the environment) has said who is annotating."""
    return bool(annotator_name())


def recent_files() -> list[str]:
    return [_from_stored(str(p)) for p in get("recent_files")][:MAX_RECENT]


def add_recent_file(path: str) -> None:
    files = [p for p in recent_files() if p != path]
    put("recent_files", [_stored(p) for p in [path, *files][:MAX_RECENT]])


def _stored(path: str) -> str:
    """``path`` as QSettings keeps it: a name with bytes that are not UTF-8 (lone
    surrogates, which Qt would drop) as a file URI, whose %XX keep every byte."""
    return Path(path).as_uri() if displayable(path) != path else path


def _from_stored(value: str) -> str:
    if not value.startswith("file:///"):
        return value
    return os.fsdecode(unquote_to_bytes(value.removeprefix("file://")))


def clear_recent_files() -> None:
    put("recent_files", [])


def default_tagset() -> Tagset:
    """The tagset for new documents: the one saved as default, else the built-in one
    (also when the stored one cannot be read; never raises)."""
    text = get("default_tagset")
    if text:
        try:
            tagset = Tagset.from_json(json.loads(str(text)))
            if len(tagset):
                return without_actor_kind(tagset)  # saved by Annotator 1.0, maybe
        except Exception:  # damaged or from an incompatible version: fall back
            pass
    return builtin_tagset()


def set_default_tagset(tagset: Tagset | None) -> None:
    """Make ``tagset`` the one new documents get; None (or the built-in tagset itself)
    goes back to the built-in one."""
    if tagset is None or tagset == builtin_tagset():
        put("default_tagset", None)
    else:
        put("default_tagset", json.dumps(tagset.to_json(), ensure_ascii=False))
