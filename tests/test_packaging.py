"""Packaging files: desktop entry, AppStream metadata, icon, PyInstaller spec, resources.

The two validators come from Debian's ``desktop-file-utils`` and ``appstream``
packages (CI installs both); without them those tests are skipped, saying so.
"""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from lxml import etree

from annotator import APP_ID, __version__, resources
from annotator.tei.parsing import MINIMUM_LXML, lxml_refusal

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
SPEC = PACKAGING / "annotator.spec"
ENTRY = PACKAGING / "pyinstaller_entry.py"
ICON = ROOT / "resources" / "icons" / "annotator.svg"
SVG_NS = "http://www.w3.org/2000/svg"
TAG_COLOURS = ("#f4a261", "#2a9d8f", "#8e7dbe")


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return path


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


# --- desktop entry -------------------------------------------------------------------


def test_desktop_file_passes_desktop_file_validate():
    result = _run(_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "error:" not in output, output


def test_desktop_file_content():
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "annotator %f"
    assert entry["Icon"] == APP_ID
    mime = entry["MimeType"].rstrip(";").split(";")
    assert {"text/plain", "application/tei+xml", "application/xml"} <= set(mime)
    categories = entry["Categories"].rstrip(";").split(";")
    assert {"Office", "Education"} <= set(categories)


# --- AppStream metadata --------------------------------------------------------------


def test_metainfo_passes_appstreamcli_validate():
    result = _run(_tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Errors and warnings fail; infos (e.g. "unknown-tag developer" on AppStream < 1.0,
    # which predates <developer>) and pedantic notes are accepted.
    assert not re.search(r"^\s*[EW]: ", output, re.MULTILINE), output


def test_metainfo_matches_the_app():
    root = etree.parse(str(METAINFO)).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    assert root.find("launchable").text == DESKTOP.name
    assert root.find("launchable").get("type") == "desktop-id"
    assert root.findtext("provides/binary") == "annotator"
    assert root.find("content_rating") is not None
    newest = root.find("releases/release")  # AppStream lists the newest release first
    assert (newest.get("version"), newest.get("date")) == (__version__, "2026-12-07")


# --- icon ------------------------------------------------------------------------------


def test_icon_is_square_svg_with_viewbox_and_tag_colours():
    root = etree.parse(str(ICON)).getroot()
    assert root.tag == f"{{{SVG_NS}}}svg"
    view_box = [float(v) for v in root.get("viewBox", "").replace(",", " ").split()]
    assert len(view_box) == 4, root.get("viewBox")
    assert view_box[2] > 0 and view_box[2] == view_box[3], "icon viewBox must be square"
    text = ICON.read_text(encoding="utf-8").lower()
    for colour in TAG_COLOURS:
        assert colour in text, f"tag colour {colour} missing from the icon"
    assert "<image" not in text, "the icon must be pure vector, no embedded bitmap"


# --- run-time resource lookup --------------------------------------------------------


def test_resource_lookup_in_a_checkout():
    assert resources.data_root() == ROOT
    assert resources.sample_path() == ROOT / "resources" / "samples" / "patriot-de.txt"
    assert resources.sample_path().is_file()
    assert resources.example_path().is_file()
    assert resources.icon_path() == ICON
    assert resources.icon_path().is_file()
    assert resources.schema_path("annotator.rng") == ROOT / "schemas" / "annotator.rng"
    assert resources.resource_path("resources", "icons") == ROOT / "resources" / "icons"
    with pytest.raises(ValueError):
        resources.resource_path()


def test_a_missing_schema_is_reported_as_a_broken_install():
    with pytest.raises(resources.MissingResourceError) as caught:
        resources.schema_path("missing.rng")
    assert str(caught.value) == (f"{ROOT / 'schemas' / 'missing.rng'}: Annotator's schema is "
                                 "missing from this installation: reinstall Annotator")


def lookup_in(site: Path) -> list[str]:
    """Where a copy of the package (its Python files) installed in ``site`` finds its
    data root and its schema, as its own Python process reports them."""
    shutil.copytree(ROOT / "annotator", site / "annotator",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c", "*.pyx"),
                    dirs_exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-c",
         "import annotator.resources as r\n"
         "print(r.data_root())\n"
         "try:\n    print(r.schema_path('annotator.rng'))\n"
         "except r.MissingResourceError as e:\n    print(e)\n"],
        capture_output=True, text=True, timeout=60, cwd=site, check=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "PYTHONSAFEPATH": "1"})
    return result.stdout.splitlines()


def test_an_install_finds_its_data_inside_the_package(tmp_path):
    site = tmp_path / "site-packages"
    data = site / "annotator" / resources.PACKAGE_DATA
    for folder in resources.DATA_FOLDERS:
        shutil.copytree(ROOT / folder, data / folder)
    assert lookup_in(site) == [str(data), str(data / "schemas" / "annotator.rng")]


def test_another_distributions_schemas_folder_is_never_taken_for_ours(tmp_path):
    # site-packages is the parent of an installed package, as the repository root is
    # of the checkout's: a top-level schemas/ there belongs to somebody else.
    site = tmp_path / "site-packages"
    (site / "schemas").mkdir(parents=True)
    shutil.copy(ROOT / "schemas" / "annotator.rng", site / "schemas" / "annotator.rng")
    (site / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    missing = site / "annotator" / resources.PACKAGE_DATA / "schemas" / "annotator.rng"
    assert lookup_in(site) == [
        "None", f"{missing}: Annotator's schema is missing from this installation: "
                "reinstall Annotator"]


def test_only_annotators_own_checkout_counts_as_one(tmp_path):
    assert resources.is_annotator_checkout(ROOT)
    other = tmp_path / "other"
    shutil.copytree(ROOT / "schemas", other / "schemas")
    assert not resources.is_annotator_checkout(other)  # no pyproject.toml
    (other / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    assert not resources.is_annotator_checkout(other)
    (other / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    assert not resources.is_annotator_checkout(other)
    (other / "pyproject.toml").write_text('[project]\nname = "annotator"\n',
                                          encoding="utf-8")
    assert resources.is_annotator_checkout(other)
    shutil.rmtree(other / "schemas")
    assert not resources.is_annotator_checkout(other)


def test_the_build_and_the_bundle_put_the_data_where_the_lookup_looks():
    setup = {}
    for node in ast.parse((ROOT / "setup.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            try:
                setup[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    assert setup["DATA_FOLDERS"] == resources.DATA_FOLDERS
    assert setup["PACKAGE_DATA"] == resources.PACKAGE_DATA
    spec = _spec_constants()
    assert spec["DATA_DIRS"] == resources.DATA_FOLDERS
    assert spec["PACKAGE_DATA"] == f"annotator/{resources.PACKAGE_DATA}"


# --- PyInstaller spec ------------------------------------------------------------------


def _spec_constants() -> dict[str, object]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    constants[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return constants


def test_spec_references_existing_paths():
    spec_text = SPEC.read_text(encoding="utf-8")
    constants = _spec_constants()
    # The entry script and the data folders are named relative to SPECPATH.
    entry_names = re.findall(r'Path\(SPECPATH\) / "([^"]+)"', spec_text)
    assert entry_names == [ENTRY.name]
    assert ENTRY.is_file()
    assert (ROOT / "resources").is_dir()
    assert (ROOT / "resources" / "samples" / "patriot-de.txt").is_file()
    assert (ROOT / "resources" / "icons" / "annotator.svg").is_file()
    # Every Qt module the spec may exclude really is a PySide6 module name.
    for name in constants["UNNEEDED_QT"]:
        assert re.fullmatch(r"Qt[A-Z]\w+", name), name
    assert 'name="annotator"' in spec_text


def test_entry_script_runs_the_console_entry_point():
    tree = ast.parse(ENTRY.read_text(encoding="utf-8"))
    imports = [(n.module, [a.name for a in n.names])
               for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert ("annotator.cli", ["main"]) in imports
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["annotator"] == "annotator.cli:main"


# --- dependencies ------------------------------------------------------------------------


def test_the_lxml_bounds_are_the_apps_own_minimum():
    """Building (the compiled walk) and running need the same lxml: pyproject's two
    lower bounds are MINIMUM_LXML, below which the app refuses to start; the build's
    upper bound keeps it in the series dkpro-cassis lets run (its ``lxml~=6.1.0``),
    else the isolated build takes a newer lxml than runs and the walk stands aside."""
    from importlib.metadata import requires

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    bound = f"lxml>={'.'.join(str(n) for n in MINIMUM_LXML)}"
    cassis_pin = next(r for r in requires("dkpro-cassis") if r.startswith("lxml"))
    series = cassis_pin.removeprefix("lxml~=").rsplit(".", 1)[0]  # "6.1"
    major, minor = series.split(".")
    build = f"{bound},<{major}.{int(minor) + 1}"
    assert [r for r in pyproject["build-system"]["requires"] if r.startswith("lxml")] == [build]
    assert [r for r in pyproject["project"]["dependencies"] if r.startswith("lxml")] == [bound]
    # The install test installs the wheel beside exactly this lxml: pip can only if
    # cassis allows it too (cassis 0.11 moved from lxml~=5.3.1 to ~=6.1.0).
    assert MINIMUM_LXML >= tuple(int(n) for n in cassis_pin.removeprefix("lxml~=").split("."))
    assert lxml_refusal() is None  # the lxml installed here is new enough
