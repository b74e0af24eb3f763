"""The layers of the code, as import-linter contracts ([tool.importlinter] in
pyproject.toml; docs/architecture.md says why each holds)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    # --no-cache: the cache would be written beside the checkout.
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=folder, capture_output=True,
                          text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(folder)})


def test_every_layer_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout, result.stdout[-4000:]


def copy_of_the_code(folder: Path) -> Path:
    shutil.copytree(ROOT / "annotator", folder / "annotator",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c", "data"))
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


def test_a_window_import_in_the_model_breaks_a_contract(tmp_path):
    code = copy_of_the_code(tmp_path)
    model = code / "annotator" / "model" / "__init__.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nfrom PySide6 import QtCore\n",
                     encoding="utf-8")
    result = lint_imports(code)
    assert result.returncode == 1, result.stdout[-4000:]
    assert "the model is plain Python: no Qt, no XML, no files BROKEN" in result.stdout


def test_a_window_that_reads_tei_itself_breaks_a_contract(tmp_path):
    code = copy_of_the_code(tmp_path)
    gui = code / "annotator" / "gui" / "__init__.py"
    gui.write_text(gui.read_text(encoding="utf-8") + "\n\ndef peek():\n"
                   "    from annotator.tei import reader\n    return reader\n",
                   encoding="utf-8")
    result = lint_imports(code)
    assert result.returncode == 1, result.stdout[-4000:]
    assert "the window knows no file format: it goes through annotator.files BROKEN" \
        in result.stdout


def test_a_corpus_that_reaches_into_the_window_breaks_a_contract(tmp_path):
    code = copy_of_the_code(tmp_path)
    search = code / "annotator" / "corpus" / "search.py"
    search.write_text(search.read_text(encoding="utf-8") + "\n\ndef name():\n"
                      "    from annotator.gui import settings\n    return settings\n",
                      encoding="utf-8")
    result = lint_imports(code)
    assert result.returncode == 1, result.stdout[-4000:]
    assert "the corpus is below the window: no Qt BROKEN" in result.stdout
