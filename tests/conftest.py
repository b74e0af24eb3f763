"""Test set-up shared by every test.

Qt runs offscreen, and settings, recent files and standard paths go to a
temporary folder so a test never reads or writes the developer's own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# The suite asserts on the window's English strings, whatever the machine's locale;
# tests of the German window switch it themselves (annotator.gui.i18n).
os.environ["ANNOTATOR_LANGUAGE"] = "en"

import pytest
import reference
from hypothesis import HealthCheck, settings

# "ci" keeps `make test` fast; `make fuzz` selects "long" for thousands of cases each.
settings.register_profile("ci", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", deadline=None, max_examples=5000,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "resources" / "samples" / "patriot-de.txt"


# The fast lane (`make test-fast`) leaves these out: generated and fuzzed inputs in their
# thousands, which take most of the suite's time. `make test` (CI) runs everything.
THOROUGH_MODULES = {"test_fuzz.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        function = getattr(item, "obj", None)
        if getattr(function, "is_hypothesis_test", False) \
                or item.path.name in THOROUGH_MODULES:
            item.add_marker(pytest.mark.thorough)
        if item.get_closest_marker("thorough") and not item.get_closest_marker("timeout"):
            # Hundreds of generated cases take a minute on two busy cores, where the
            # suite's 120 s would end the worker mid-run.
            item.add_marker(pytest.mark.timeout(600))


@pytest.fixture(autouse=True)
def _a_new_test_run():
    """Dialog polls set up by earlier tests stop (gui_helpers.TEST_RUN)."""
    if "gui_helpers" in sys.modules:
        sys.modules["gui_helpers"].TEST_RUN[0] += 1
    yield


@pytest.fixture(autouse=True)
def _no_window_left_open():
    """A test closes every window it showed: one left open would go on handling timers,
    file watching and dialogs during the tests that follow. Set up before any Qt fixture,
    so it looks after pytest-qt has closed the widgets given to ``qtbot.addWidget``."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    left = [w for w in app.topLevelWidgets() if w.isVisible()]
    if left:
        names = [f"{type(w).__name__} {w.windowTitle()!r}" for w in left]
        for widget in left:  # the next test starts without them
            widget.close()
        app.processEvents()
        pytest.fail(f"the test left {len(left)} window(s) open: {', '.join(names)}")
    ticking = _running_timers(app)
    if ticking:
        for timer, _owner in ticking:
            timer.stop()
        pytest.fail("the test left timer(s) running: "
                    + ", ".join(f"{timer.objectName() or 'a timer'} of {owner} "
                                f"({timer.interval()} ms)" for timer, owner in ticking))


def _running_timers(app) -> list:
    """The QTimers still running on a closed window that is still alive: a window's
    autosave or watcher timer that outlives the window fires into the tests that follow.
    (QTimer.singleShot's timers cannot be listed; they are short. The application's own
    timer, the GUI thread's garbage collection, runs while the application does.)"""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QStatusBar

    return [(timer, type(window).__name__) for window in app.topLevelWidgets()
            for timer in window.findChildren(QTimer)
            # A status bar's own timer only clears a message.
            if timer.isActive() and not isinstance(timer.parent(), QStatusBar)]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Every skip for want of the TEI reference material is reported from
    tests/reference.py, so the summary says it once, in one line (a skip in a fixture
    would otherwise be listed at each test that uses it)."""
    report = (yield).get_result()
    if report.skipped and isinstance(report.longrepr, tuple) \
            and reference.MISSING in report.longrepr[2]:
        report.longrepr = (reference.__file__, 1, report.longrepr[2])


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point HOME and the XDG folders at a fresh temporary folder for each test."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"),
                     ("XDG_DATA_HOME", ".local/share"), ("XDG_CACHE_HOME", ".cache"),
                     ("XDG_STATE_HOME", ".local/state")):
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(path))
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QSettings

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                          str(home / ".config"))
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                          str(home / ".config"))
    yield home


# A modal dialog that no test answers waits inside Qt's event loop, where
# pytest-timeout's signal cannot reach: the run would hang (seen under load, when a
# box came that the test did not expect). Such a dialog is closed after this long and
# the test fails, naming it.
FORGOTTEN_DIALOG_S = 30


@pytest.fixture(autouse=True)
def _no_dialog_left_waiting(request: pytest.FixtureRequest):
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue("qapp")
    from gui_helpers import close_forgotten_dialogs

    stuck: list[str] = []
    watchdog = close_forgotten_dialogs(stuck, after_s=FORGOTTEN_DIALOG_S)
    yield
    watchdog.stop()
    assert not stuck, f"closed after {FORGOTTEN_DIALOG_S} s, unanswered: {stuck}"


@pytest.fixture(autouse=True)
def _english_window(request: pytest.FixtureRequest):
    """The window speaks English (and writes numbers as English does) in every test
    that uses Qt, also after a test that switched to German."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue("qapp")
    from annotator.gui import i18n

    if i18n.installed_language() != "en":
        i18n.use_language("en")
    yield


@pytest.fixture
def sample_text() -> str:
    return SAMPLE_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tei_all_schema():
    """The official TEI All RELAX NG schema, compiled once (it takes seconds)."""
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(reference.path("tei_all.rng"))))


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch):
    """Modal boxes answered as the test says (``gui_helpers.Dialogs``); tests that
    change a document need it, or closing the window at teardown would ask."""
    from gui_helpers import Dialogs

    answers = Dialogs()
    answers.install(monkeypatch)
    return answers
