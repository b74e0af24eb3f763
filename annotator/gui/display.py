"""Whether the window can be shown: a display to show it on, and a Qt platform plugin
that loads.

Without them Qt aborts the process (SIGABRT, exit 134) after a screenful about
platform plugins that points the wrong way (it suggests installing xcb-cursor0 when
there is simply no display). Instead the reason is said in one line on stderr and
the program exits 1, as the command line does for every failure.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import NoReturn

EXIT_NO_WINDOW = 1  # the command line's exit status for a failure
# What works without a display; said with every refusal.
WITHOUT_A_DISPLAY = "(annotator validate, import and export work without one)"
NO_DISPLAY = ("no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is "
              "set): start it in a desktop session, or over 'ssh -X' " + WITHOUT_A_DISPLAY)


def missing_display(environ: Mapping[str, str] = os.environ) -> str | None:
    """Why the window cannot be shown, or None when there may be a display.

    Only where Qt needs X11 or Wayland, and only when no platform was chosen with
    ``QT_QPA_PLATFORM`` (``offscreen``, ``vnc``, … need no display).
    """
    if sys.platform in ("win32", "darwin") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


def platform_failure(messages: list[str], environ: Mapping[str, str] = os.environ) -> str:
    """One line for Qt's failure to start its platform plugin, from what Qt logged."""
    logged = "\n".join(messages)
    display = environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY") or ""
    if "could not connect to display" in logged or "Failed to create wl_display" in logged:
        if not display:  # a platform was named (QT_QPA_PLATFORM=xcb), but no display
            return NO_DISPLAY
        return (f"cannot connect to the display {display}: no display server answers "
                "there, or it refuses this user (check DISPLAY and XAUTHORITY) "
                + WITHOUT_A_DISPLAY)
    unknown = re.search(r'Could not find the Qt platform plugin "([^"]*)"', logged)
    if unknown:
        available = re.search(r"Available platform plugins are: ([^\n]*?)\.?\s*$", logged,
                              re.MULTILINE)
        choices = f" (Qt has: {available.group(1)})" if available else ""
        return (f"Qt has no platform plugin {unknown.group(1)!r}: unset QT_QPA_PLATFORM "
                f"or set it to one that exists{choices}")
    plugin = re.search(r'Could not load the Qt platform plugin "([^"]*)"', logged)
    name = f" {plugin.group(1)!r}" if plugin else ""
    # Here Qt's first word is worth passing on: it names the library that is missing.
    said = next((m.split(": ", 1)[1] for m in messages if m.startswith("qt.qpa.")), "")
    return (f"the window cannot open: Qt's platform plugin{name} did not start"
            + (f" (Qt says: {said.rstrip('.')})" if said else "")
            + "; install the system libraries Qt needs (README, 'Quick start'; "
            "ANNOTATOR_DEBUG=1 shows all of Qt's messages)")


def refuse(reason: str, *, at_once: bool = False) -> NoReturn:
    """Say ``reason`` in one line and exit.

    ``at_once`` from Qt's fatal message, after which Qt would abort: nothing can be
    unwound from inside Qt, and nothing of the user's exists yet to be saved.
    """
    sys.stderr.write(f"annotator: {reason}\n")
    sys.stderr.flush()
    if at_once:
        os._exit(EXIT_NO_WINDOW)
    raise SystemExit(EXIT_NO_WINDOW)


def check_display() -> None:
    """Refuse to start the window (one line, exit 1) when there is no display."""
    reason = missing_display()
    if reason is not None:
        refuse(reason)


@contextmanager
def platform_guard() -> Iterator[None]:
    """Around making the QApplication: a platform plugin that fails is one line, exit 1.

    Qt's messages meanwhile are held back and, when all went well, printed as Qt
    would have printed them; with ``ANNOTATOR_DEBUG`` they are printed as they come.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    held: list[str] = []
    debug = bool(os.environ.get("ANNOTATOR_DEBUG"))

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        category = getattr(context, "category", None)
        line = message if category in (None, "default") else f"{category}: {message}"
        if debug:
            sys.stderr.write(line.rstrip("\n") + "\n")
        held.append(line)
        if kind == QtMsgType.QtFatalMsg:
            refuse(platform_failure(held), at_once=True)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
        if not debug:
            for line in held:
                sys.stderr.write(line.rstrip("\n") + "\n")
