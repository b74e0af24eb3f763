"""Guards for the environment and for the layering of the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin"})


def test_pyside6_version_is_safe_for_this_python():
    """PySide6 6.12.0 on Python < 3.12 leaks None on void calls and aborts the interpreter."""
    import PySide6

    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    if sys.version_info < (3, 12):
        assert (major, minor) < (6, 12), f"PySide6 {PySide6.__version__} aborts on Python <3.12"


def test_many_void_qt_calls_do_not_abort_the_interpreter():
    result = run_python(
        "from PySide6.QtCore import QObject\n"
        "o = QObject()\n"
        "for i in range(60000):\n"
        "    o.setObjectName('x')\n"
        "print('survived')\n")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout


def test_model_tei_and_formats_do_not_import_qt():
    result = run_python(
        "import sys\n"
        "import annotator.model, annotator.tei.reader, annotator.tei.writer, "
        "annotator.tei.inline, annotator.formats.plaintext, annotator.formats.table, "
        "annotator.files, annotator.cli\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(bad)\n"
        "assert not bad\n")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]


def test_model_does_not_import_lxml():
    result = run_python(
        "import sys, annotator.model\n"
        "assert 'lxml' not in sys.modules and 'lxml.etree' not in sys.modules\n")
    assert result.returncode == 0, result.stderr[-2000:]


def test_gui_has_no_file_format_knowledge():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "annotator" / "gui").rglob("*.py")
                 if "lxml" in p.read_text(encoding="utf-8")
                 or "annotator.tei" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "annotator", "tests",
                             "benchmarks", "packaging"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:]
