"""User preferences in QSettings: a table of defaults, only changed values stored."""

from __future__ import annotations

import getpass
import json
from typing import Any

from PySide6.QtCore import QSettings

from annotator.model.legacy import without_actor_kind
from annotator.model.tagset import Tagset
from annotator.model.tagset import default_tagset as builtin_tagset

ORGANIZATION = "Annotator"
APPLICATION = "Annotator"
MAX_RECENT = 10


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some sandboxes and containers
        return "Anonymous"


DEFAULTS: dict[str, Any] = {
    "annotator_name": None,  # computed: the login name
    "snap_to_words": True,
    "keep_backup": True,  # the previous version of a saved file, as NAME.xml.bak
    # TEI documents: show sic/orig/abbr of a <choice> instead of corr/reg/expan.
    "prefer_original": False,
    "show_notes": True,  # TEI documents: the text of notes, after their paragraph
    "show_markup": True,  # TEI documents: names the file marks, dotted underline
    "recent_files": [],
    # The tagset of new documents, as Tagset.to_json in JSON; None: the built-in one.
    "default_tagset": None,
}


def _settings() -> QSettings:
    # Explicit INI format and names, so tests that redirect the INI path are
    # isolated whether or not the application set its organisation name.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     ORGANIZATION, APPLICATION)


def get(key: str) -> Any:
    default = DEFAULTS[key]
    if key == "annotator_name":
        default = _login_name()
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
    default = DEFAULTS[key] if key != "annotator_name" else _login_name()
    if value == default:
        settings.remove(key)
    else:
        settings.setValue(key, value)


def raw() -> QSettings:
    """For window geometry and other Qt-serialised state."""
    return _settings()


def annotator_name() -> str:
    return str(get("annotator_name") or "").strip() or _login_name()


def recent_files() -> list[str]:
    return [str(p) for p in get("recent_files")][:MAX_RECENT]


def add_recent_file(path: str) -> None:
    files = [p for p in recent_files() if p != path]
    put("recent_files", [path, *files][:MAX_RECENT])


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
