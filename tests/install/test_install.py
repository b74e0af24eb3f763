"""An installed Annotator works: real pip installs, far from the checkout.

``make test-install`` (minutes, so not part of ``make test``; ``.ci/run`` runs both).
From a clean copy of the checkout it builds the wheel and the sdist, and installs
Annotator four ways, each into a new virtual environment in a temporary folder: the
wheel, the sdist, ``pip install .`` and ``pipx install .``. Then, from another
folder, with nothing of the checkout on the path and a fresh HOME, it runs what a
user runs: ``annotator import``, ``validate`` (of the new file and of the shipped
example), every ``export`` format, and the window (``window_check.py``: open a text,
tag, Ctrl+S, reopen, Help ▸ Open Annotated Example).

It also installs the wheel beside the oldest lxml that pyproject.toml allows: the
hostile-input tests pass against it, the compiled walk (built against the newest lxml
by the isolated build) stands aside for the Python walk, saying why under
ANNOTATOR_DEBUG; and an older lxml is refused with a clear message.

Downloads go through pip's cache (PIP_CACHE_DIR, or ~/.cache/pip), so PySide6 is
fetched once per machine, not once per environment.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.files import EXPORT_FORMATS
from annotator.resources import DATA_FOLDERS, PACKAGE_DATA

pytestmark = [pytest.mark.install, pytest.mark.timeout(1800)]

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SAMPLE = ROOT / "resources" / "samples" / "patriot-de.txt"
ROUTES = ("wheel", "sdist", "pip install .", "pipx install .")
# The newest lxml that fails the hostile-input tests (docs/packaging.md): the app
# must refuse it.
TOO_OLD_LXML = "6.0.1"
# The real user's environment and pip cache, captured before the suite's fixtures
# point HOME at a temporary folder.
USER_ENV = {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSAFEPATH")}
PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or str(
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pip")
# In the checkout but no part of what is built.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info",
                                    "__pycache__", ".pytest_cache", ".hypothesis",
                                    ".ruff_cache", "*.so", "_extractor.c", "_rows.c",
                                    ".cache", "shots")


def run(cmd: list[str | Path], what: str, cwd: Path, env: dict[str, str],
        timeout: float = 1200, expect: int = 0) -> subprocess.CompletedProcess[str]:
    """Run ``cmd``; on an unexpected exit, fail saying ``what`` failed and how."""
    result = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=timeout, check=False)
    if result.returncode != expect:
        pytest.fail(f"{what}: exit {result.returncode} (expected {expect})\n"
                    f"$ {' '.join(str(c) for c in cmd)}   (in {cwd})\n"
                    f"--- stdout ---\n{result.stdout[-4000:]}\n"
                    f"--- stderr ---\n{result.stderr[-4000:]}", pytrace=False)
    return result


def pip_env(workspace: Path) -> dict[str, str]:
    """For building and installing: the user's environment and pip cache."""
    return {**USER_ENV, "PIP_CACHE_DIR": PIP_CACHE, "TMPDIR": str(workspace / "tmp")}


def user_env(workspace: Path, bin_dir: Path) -> dict[str, str]:
    """For running the app: a new user (fresh HOME) with only the install on PATH."""
    home = workspace / "home"
    for sub in (".config", ".local/share", ".cache", ".local/state"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    return {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
            "ANNOTATOR_NAME": "Install Test", "TMPDIR": str(workspace / "tmp")}


def new_venv(folder: Path, env: dict[str, str]) -> Path:
    """A new virtual environment with a current pip; its Python."""
    run([sys.executable, "-m", "venv", folder], "making a virtual environment",
        folder.parent, env)
    python = folder / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], "upgrading pip",
        folder.parent, env)
    return python


@dataclass(frozen=True)
class Installed:
    route: str
    python: Path  # the environment's Python
    annotator: Path  # the installed command
    prefix: Path  # everything installed lies under it
    workdir: Path  # another folder, where the user works
    env: dict[str, str]


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("install")
    (folder / "tmp").mkdir()
    return folder


@pytest.fixture(scope="session")
def checkout(workspace: Path) -> Path:
    """A clean copy of the checkout: what a fresh clone holds, nothing built in it."""
    copy = workspace / "checkout"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCE, symlinks=True)
    return copy


@pytest.fixture(scope="session")
def dists(workspace: Path, checkout: Path) -> dict[str, Path]:
    """The sdist, and the wheel built from it (``python -m build`` does both)."""
    out = workspace / "dist"
    run([sys.executable, "-m", "build", "--outdir", out, checkout],
        "building the sdist and the wheel (python -m build)", checkout, pip_env(workspace))
    return {"sdist": next(out.glob("*.tar.gz")), "wheel": next(out.glob("*.whl"))}


@pytest.fixture(scope="session", params=ROUTES)
def installed(request: pytest.FixtureRequest, workspace: Path, checkout: Path,
              dists: dict[str, Path]) -> Installed:
    route = request.param
    folder = workspace / route.replace(" ", "-").replace(".", "dot")
    folder.mkdir()
    env = pip_env(workspace)
    if route == "pipx install .":
        pipx = {**env, "PIPX_HOME": str(folder / "pipx"), "PIPX_BIN_DIR": str(folder / "bin"),
                "PIPX_MAN_DIR": str(folder / "man")}
        run([sys.executable, "-m", "pipx", "install", "--python", sys.executable, "."],
            "pipx install . (of the checkout)", checkout, pipx)
        prefix = folder / "pipx" / "venvs" / "annotator"
        python, bin_dir = prefix / "bin" / "python", folder / "bin"
    else:
        prefix = folder / "venv"
        python = new_venv(prefix, env)
        bin_dir = prefix / "bin"
        what = {"wheel": dists["wheel"], "sdist": dists["sdist"], "pip install .": "."}[route]
        run([python, "-m", "pip", "install", what], f"pip install {what}", checkout, env)
    workdir = folder / "work"
    workdir.mkdir()
    shutil.copy(SAMPLE, workdir / SAMPLE.name)  # the user's own article
    return Installed(route, python, bin_dir / "annotator", prefix, workdir,
                     user_env(workspace, bin_dir))


def annotator(app: Installed, *args: str | Path, expect: int = 0
              ) -> subprocess.CompletedProcess[str]:
    return run([app.annotator, *args], f"[{app.route}] annotator {' '.join(map(str, args))}",
               app.workdir, app.env, timeout=300, expect=expect)


def installed_python(app: Installed, code: str) -> str:
    return run([app.python, "-c", code], f"[{app.route}] python -c {code!r}", app.workdir,
               app.env, timeout=300).stdout.strip()


# --- the dists --------------------------------------------------------------------


def test_the_wheel_holds_the_data_and_no_generated_c(dists: dict[str, Path]):
    names = zipfile.ZipFile(dists["wheel"]).namelist()
    data = [n for n in names if n.startswith(f"annotator/{PACKAGE_DATA}/")]
    for wanted in ("schemas/annotator.rng", "schemas/annotator.sch", "schemas/catalog.xml",
                   "resources/samples/patriot-de.txt",
                   "resources/samples/patriot-de.annotated.xml",
                   "resources/icons/annotator.svg",
                   "resources/translations/annotator_de.qm",
                   "resources/translations/annotator_en.qm"):
        assert f"annotator/{PACKAGE_DATA}/{wanted}" in data, f"the wheel lacks {wanted}"
    assert {n.split("/")[2] for n in data} == set(DATA_FOLDERS)
    assert not [n for n in names if n.endswith((".c", ".pyx"))], \
        "the wheel carries the compiled parts' sources"
    assert not [n for n in names if n.split("/")[0] in ("schemas", "resources")], \
        "the wheel installs a top-level folder into site-packages"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), "no LICENSE"
    assert [n for n in names if re.match(r"annotator/tei/_extractor\..*\.so$", n)], \
        "the wheel has no compiled walk (is a C compiler installed?)"


def test_the_sdist_holds_the_sources_the_data_and_the_licence(dists: dict[str, Path]):
    with tarfile.open(dists["sdist"]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    for wanted in ("LICENSE", "README.md", "pyproject.toml", "setup.py", "MANIFEST.in",
                   "annotator/tei/_extractor.pyx", "annotator/tei/_rows.pyx",
                   "schemas/annotator.rng", "schemas/annotator.sch",
                   "resources/samples/patriot-de.annotated.xml",
                   "resources/icons/annotator.svg",
                   "resources/translations/annotator_de.ts",
                   "resources/translations/annotator_de.qm"):
        assert wanted in names, f"the sdist lacks {wanted}"
    assert not [n for n in names if n.endswith((".c", ".so"))], \
        "the sdist carries generated or compiled files"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in licence and "Version 3, 29 June 2007" in licence


# --- each install, used from another folder ---------------------------------------


def test_it_runs_from_its_own_files(installed: Installed):
    """The package, its data and its compiled walk all come from the install."""
    lines = installed_python(installed, (
        "import annotator, annotator.resources as r, annotator.tei.walk as s; "
        "print(annotator.__file__); print(r.data_root()); print(s.COMPILED_WALK is not None)"
    )).splitlines()
    package, data, compiled = lines[-3:]
    for path in (package, data):
        assert Path(path).is_relative_to(installed.prefix), \
            f"[{installed.route}] {path} is not inside the install {installed.prefix}"
    assert compiled == "True", f"[{installed.route}] the compiled walk is not in use"


def test_the_german_window_is_installed(installed: Installed):
    """The compiled translations travel with the package and the window loads them."""
    lines = installed_python(installed, (
        "import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'; "
        "from PySide6.QtWidgets import QApplication; app = QApplication([]); "
        "from annotator.gui import i18n; print(i18n.qm_path('de')); "
        "print(i18n.use_language('de')); print(i18n.tr('&File'))"
    )).splitlines()
    qm, loaded, file_menu = lines[-3:]
    assert Path(qm).is_relative_to(installed.prefix) and Path(qm).is_file(), qm
    assert loaded == "True" and file_menu == "&Datei", lines


def test_the_command_line_works(installed: Installed):
    annotator(installed, "--version")
    annotator(installed, "import", SAMPLE.name, "-o", "x.xml")
    assert (installed.workdir / "x.xml").is_file()
    annotator(installed, "validate", "x.xml")
    example = Path(installed_python(
        installed, "from annotator.resources import example_path; print(example_path())"))
    assert example.is_relative_to(installed.prefix) and example.is_file(), example
    annotator(installed, "validate", example)
    for name, (_label, suffix) in EXPORT_FORMATS.items():
        for source in ("x.xml", example):  # no annotations yet (a table may be empty); many
            out = installed.workdir / f"{Path(source).stem}-{name}{suffix}"
            annotator(installed, "export", source, "--format", name, "-o", out)
            assert out.is_file(), f"export --format {name} wrote no {out}"
        assert out.stat().st_size > 0, f"export --format {name} of the example is empty"


def test_the_window_works(installed: Installed):
    result = run([installed.python, HERE / "window_check.py", SAMPLE.name, "saved.xml"],
                 f"[{installed.route}] the window (tests/install/window_check.py)",
                 installed.workdir, installed.env, timeout=300)
    assert result.stdout.strip().endswith("window: ok"), result.stdout
    annotator(installed, "validate", "saved.xml")


# --- the oldest lxml allowed --------------------------------------------------------


def minimum_lxml() -> str:
    """The lower bound pyproject.toml puts on lxml (tests/test_packaging.py checks that
    the build's bound and the app's own minimum say the same)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bound = next(d for d in project["dependencies"] if d.startswith("lxml"))
    return re.fullmatch(r"lxml>=([\d.]+)", bound).group(1)


@pytest.fixture(scope="session")
def oldest_lxml(workspace: Path, dists: dict[str, Path]) -> Installed:
    """The wheel, then lxml pinned to pyproject's lower bound, and what the tests need."""
    folder = workspace / "oldest-lxml"
    folder.mkdir()
    env = pip_env(workspace)
    python = new_venv(folder / "venv", env)
    run([python, "-m", "pip", "install", dists["wheel"], f"lxml=={minimum_lxml()}",
         "pytest", "pytest-qt", "pytest-timeout", "hypothesis"],
        f"installing the wheel with lxml {minimum_lxml()}", folder, env)
    workdir = folder / "work"
    workdir.mkdir()
    shutil.copy(SAMPLE, workdir / SAMPLE.name)
    return Installed("oldest lxml", python, folder / "venv" / "bin" / "annotator",
                     folder / "venv", workdir, user_env(workspace, folder / "venv" / "bin"))


def test_the_hostile_input_tests_pass_with_the_oldest_lxml(oldest_lxml: Installed,
                                                           workspace: Path):
    # The tests alone (and what they read), so that `annotator` is the installed one.
    tests = workspace / "oldest-lxml" / "suite"
    tests.mkdir()
    for name in ("tests", "resources"):
        shutil.copytree(ROOT / name, tests / name, ignore=NOT_SOURCE)
    shutil.copy(ROOT / "pyproject.toml", tests / "pyproject.toml")
    version = installed_python(oldest_lxml, "import lxml; print(lxml.__version__)")
    assert version == minimum_lxml()
    run([oldest_lxml.python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_hostile_input.py"],
        f"tests/test_hostile_input.py against the installed wheel and lxml {version}",
        tests, {**oldest_lxml.env, "PATH": f"{oldest_lxml.prefix / 'bin'}:/usr/bin:/bin"})


def test_the_compiled_walk_stands_aside_for_another_lxml(oldest_lxml: Installed):
    """The wheel's walk was built against the lxml of the isolated build (the newest):
    beside the oldest one it must not read (whether it refuses on its recorded
    versions or fails Cython's check of lxml's types on import), and the Python walk
    opens TEI instead, saying why only under ANNOTATOR_DEBUG."""
    debug = {**oldest_lxml.env, "ANNOTATOR_DEBUG": "1"}
    told = run([oldest_lxml.python, "-c", "import annotator.tei.walk as s; "
                "print(s.RUNNING_LXML, s.COMPILED_WALK is not None)"],
               "choosing the walk under ANNOTATOR_DEBUG", oldest_lxml.workdir, debug)
    assert told.stdout.split()[-1] == "False", (
        f"the compiled walk reads beside {told.stdout.strip()}: {told.stderr}")
    assert "annotator: the compiled TEI walk is not used, the Python walk reads: " \
        in told.stderr, told.stderr
    result = annotator(oldest_lxml, "import", SAMPLE.name, "-o", "x.xml")
    assert "compiled TEI walk" not in result.stderr  # said only under ANNOTATOR_DEBUG
    annotator(oldest_lxml, "validate", "x.xml")
    example = installed_python(
        oldest_lxml, "from annotator.resources import example_path; print(example_path())")
    for name in EXPORT_FORMATS:
        annotator(oldest_lxml, "export", example, "--format", name, "-o", f"example.{name}")


def test_an_older_lxml_is_refused_with_a_message(oldest_lxml: Installed, workspace: Path):
    run([oldest_lxml.python, "-m", "pip", "install", "--quiet", f"lxml=={TOO_OLD_LXML}"],
        f"installing lxml {TOO_OLD_LXML}", oldest_lxml.workdir, pip_env(workspace))
    try:
        result = annotator(oldest_lxml, "import", SAMPLE.name, "-o", "old.xml", expect=1)
        assert f"lxml {TOO_OLD_LXML} is too old" in result.stderr, result.stderr
        assert f"lxml {minimum_lxml()} or newer" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert not (oldest_lxml.workdir / "old.xml").exists()
    finally:
        run([oldest_lxml.python, "-m", "pip", "install", "--quiet",
             f"lxml=={minimum_lxml()}"], "putting the oldest lxml back",
            oldest_lxml.workdir, pip_env(workspace))
