"""The annotator command, run as a real subprocess on real files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "patriot-de.txt"
TEI = "{http://www.tei-c.org/ns/1.0}"


def annotator(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_NAME": "Test Analyst"}
    env.pop("ANNOTATOR_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "annotator.cli", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd or ROOT, env=env)


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


@pytest.mark.parametrize("verb", ["", "gui", "validate", "import", "export"])
def test_help_on_every_verb(verb):
    result = annotator(*([verb] if verb else []), "--help")
    assert result.returncode == 0
    assert "usage: annotator" in result.stdout


def test_version():
    result = annotator("--version")
    assert result.returncode == 0 and result.stdout.startswith("annotator ")


def test_import_then_validate_then_export_txt(tmp_path):
    out = tmp_path / "patriot.xml"
    result = annotator("import", str(SAMPLE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    tree = etree.parse(str(out))
    paragraphs = tree.findall(f".//{TEI}body//{TEI}p")
    assert len(paragraphs) == 8
    assert tree.find(f".//{TEI}respStmt/{TEI}name").text == "Test Analyst"
    assert annotator("validate", str(out)).returncode == 0
    txt = tmp_path / "patriot.txt"
    result = annotator("export", str(out), "--format", "txt", "-o", str(txt))
    assert result.returncode == 0, result.stderr
    assert txt.read_bytes() == SAMPLE.read_bytes()


def recorded_annotator(path: Path) -> str:
    return etree.parse(str(path)).find(f".//{TEI}respStmt/{TEI}name").text


def test_import_never_records_the_login_name(tmp_path):
    # Without --annotator, the import took $ANNOTATOR_NAME or else the login name,
    # which then went into the file ("root"); the name given in the window counts.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "USER": "root", "LOGNAME": "root"}
    env.pop("ANNOTATOR_NAME", None)

    def imported(name: str) -> str:
        out = tmp_path / name
        result = subprocess.run([sys.executable, "-m", "annotator.cli", "import", str(SAMPLE),
                                 "-o", str(out)], capture_output=True, text=True, timeout=120,
                                cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr
        return recorded_annotator(out)

    assert imported("nobody-named.xml") == "Anonymous"
    from annotator.gui import settings

    settings.put("annotator_name", "Ana Lyst")  # as the first-start prompt stores it
    assert imported("named-in-the-window.xml") == "Ana Lyst"


def test_import_refuses_to_overwrite(tmp_path):
    out = tmp_path / "exists.xml"
    out.write_text("keep me")
    result = annotator("import", str(SAMPLE), "-o", str(out))
    assert result.returncode == 1 and "--force" in result.stderr
    assert out.read_text() == "keep me"


def test_validate_reports_file_and_line_for_each_problem(tmp_path):
    good = tmp_path / "good.xml"
    assert annotator("import", str(SAMPLE), "-o", str(good)).returncode == 0
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n'
                      "<teiHeader>\n</TEI>\n")
    html = tmp_path / "page.xml"
    html.write_text("<html>\n<body/>\n</html>\n")
    result = annotator("validate", str(good), str(broken), str(html))
    assert result.returncode == 1
    assert_no_traceback(result)
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith(f"{broken}:4:") for line in lines), lines
    assert any(line.startswith(f"{html}:") and "TEI" in line for line in lines), lines
    assert [line for line in lines if line.startswith(f"{good}:")] == [f"{good}: valid"]


def test_export_tables_offsets_point_into_the_txt_export(tmp_path):
    tei = tmp_path / "a.xml"
    assert annotator("import", str(SAMPLE), "-o", str(tei)).returncode == 0
    # Annotate through the model and save through the facade, as the GUI does.
    code = (
        "import sys\n"
        "from annotator.files import open_document, save_document\n"
        "from annotator.model import edits\n"
        f"o = open_document({str(tei)!r}); d = o.document; t = d.document.text\n"
        "s = t.index('Pete Hegseth'); w = t.index('US-Patriot-Raketensystemen')\n"
        "e = t.index('Ehrenkordon')\n"
        "edits.add(d.annotations, [(s, s + 12, 'actor'), (w, w + 26, 'weapon'),\n"
        "          (s, e, 'commitment')], 'ann-test-analyst').apply(d.annotations)\n"
        f"save_document(d, {str(tei)!r}, 'Test Analyst')\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=120)
    txt = tmp_path / "a.txt"
    assert annotator("export", str(tei), "-f", "txt", "-o", str(txt)).returncode == 0
    text = txt.read_text(encoding="utf-8")
    result = annotator("export", str(tei), "-f", "csv", "-o", "-")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["tag"] for r in rows] == ["commitment", "actor", "weapon"]
    for row in rows:
        assert text[int(row["start"]):int(row["end"])] == row["text"]
    jsonl = tmp_path / "a.jsonl"
    assert annotator("export", str(tei), "-f", "jsonl", "-o", str(jsonl)).returncode == 0
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in records] == [r["text"] for r in rows]
    inline = tmp_path / "inline.xml"
    assert annotator("export", str(tei), "-f", "tei-inline", "-o", str(inline)).returncode == 0
    assert etree.parse(str(inline)).find(f".//{TEI}rs[@type='actor']") is not None


@pytest.mark.parametrize("args,message", [
    (["validate", "/no/such/file.xml"], "no such file"),
    (["export", "/no/such.txt", "-f", "csv", "-o", "-"], "no such file"),
    (["import", str(SAMPLE), "-o", "/no/such/folder/out.xml"], "folder does not exist"),
])
def test_errors_are_one_line_and_non_zero(args, message):
    result = annotator(*args)
    assert result.returncode == 1
    assert message in result.stdout + result.stderr
    assert_no_traceback(result)


def test_usage_errors_exit_2():
    result = annotator("export", str(SAMPLE), "-f", "pdf", "-o", "-")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert_no_traceback(result)


def test_import_of_non_utf8_says_so(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Zölle für Rußland\n".encode("cp1252"))
    out = tmp_path / "latin.xml"
    result = annotator("import", str(latin), "-o", str(out))
    assert result.returncode == 0
    assert "Windows-1252" in result.stderr
    assert "Zölle für Rußland" in out.read_text(encoding="utf-8")


def test_unwritable_output_folder(tmp_path):
    if os.geteuid() == 0:
        # Root writes anywhere; a path below a regular file cannot be created by anyone.
        blocker = tmp_path / "file"
        blocker.write_text("x")
        target = blocker / "out.xml"
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        target = locked / "out.xml"
    result = annotator("import", str(SAMPLE), "-o", str(target))
    assert result.returncode == 1
    assert_no_traceback(result)
    assert str(target) in result.stderr


def test_validate_gives_its_verdicts_on_stdout(tmp_path):
    # Results go to standard output (`annotator validate *.xml > report.txt` keeps them
    # all), whether valid or not; standard error is for notes about reading a file.
    good = tmp_path / "good.xml"
    assert annotator("import", str(SAMPLE), "-o", str(good)).returncode == 0
    theirs = tmp_path / "theirs.xml"
    theirs.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        "<title>Brief</title></titleStmt><publicationStmt><p>frei</p></publicationStmt>"
        "<sourceDesc><p>Archiv</p></sourceDesc></fileDesc></teiHeader>"
        "<text><body><p>Prag, den 10. Juni.</p></body></text></TEI>\n", encoding="utf-8")
    result = annotator("validate", str(good), str(theirs))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{good}: valid"
    assert lines[1].startswith(f"{theirs}: TEI document not written by Annotator")
    assert len(lines) == 2 and result.stderr == ""
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI>\n", encoding="utf-8")
    result = annotator("validate", str(good), str(broken))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{good}: valid\n{broken}:")


def table_sources(data: str, fmt: str) -> list[str]:
    """The ``source`` of every row of a table export."""
    if fmt.endswith("jsonl"):
        return [json.loads(line)["source"] for line in data.splitlines()]
    return [row["source"] for row in csv.DictReader(io.StringIO(data))]


def annotated_copy(folder: Path) -> Path:
    """``folder/patriot-de.xml``: the sample with an actor and a commitment."""
    folder.mkdir()
    path = folder / "patriot-de.xml"
    code = (
        "from annotator.files import open_document, save_document\n"
        "from annotator.model import edits\n"
        f"d = open_document({str(SAMPLE)!r}).document; t = d.document.text\n"
        "s = t.index('Pete Hegseth')\n"
        "edits.add(d.annotations, [(s, s + 12, 'actor'), (s, s + 40, 'commitment')],\n"
        "          'ann-test-analyst').apply(d.annotations)\n"
        f"save_document(d, {str(path)!r}, 'Test Analyst')\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=120)
    return path


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "commitments-csv", "commitments-jsonl"])
def test_exports_name_the_document_by_its_file_name_however_it_was_given(tmp_path, fmt):
    path = annotated_copy(tmp_path / "work")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for given in (str(path), "../work/patriot-de.xml"):
        result = annotator("export", given, "-f", fmt, "-o", "-", cwd=elsewhere)
        assert result.returncode == 0, result.stderr
        sources = table_sources(result.stdout, fmt)
        assert sources and set(sources) == {"patriot-de.xml"}, (given, sources)
        assert str(tmp_path) not in result.stdout and "../" not in result.stdout


def test_library_exports_never_write_a_path_of_the_users_machine(tmp_path):
    from annotator.files import export_bytes, open_document

    doc = open_document(annotated_copy(tmp_path / "work")).document
    for fmt in ("csv", "jsonl", "commitments-csv", "commitments-jsonl"):
        for given in ("/home/ana/work/patriot-de.xml", "../work/patriot-de.xml",
                      Path("work") / "patriot-de.xml"):
            data = export_bytes(doc, fmt, given).decode("utf-8")
            assert set(table_sources(data, fmt)) == {"patriot-de.xml"}, (fmt, given)


def without_display(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``args`` run in a real process with no display at all, plus ``env``."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "ANNOTATOR_DEBUG")}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={**clean, **env})


GUI_MAIN = "import sys; from annotator.cli import gui_main; sys.exit(gui_main())"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11 and Wayland only")
@pytest.mark.parametrize("command", [["-m", "annotator.cli"], ["-m", "annotator.cli", "gui"],
                                     ["-c", GUI_MAIN]], ids=["annotator", "gui", "launcher"])
def test_without_a_display_the_window_says_so_in_one_line_and_exits_1(command):
    result = without_display(*command, str(SAMPLE))
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("annotator: no display") and "DISPLAY" in lines[0], lines
    assert "xcb" not in result.stderr and result.stdout == ""


def unused_display() -> str:
    number = 97
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return f":{number}"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11 and Wayland only")
@pytest.mark.parametrize("env,expected", [
    ({"DISPLAY": "unused"}, "annotator: cannot connect to the display :"),
    ({"QT_QPA_PLATFORM": "xcb"}, "annotator: no display to open the window on"),
    ({"QT_QPA_PLATFORM": "no-such-plugin"},
     "annotator: Qt has no platform plugin 'no-such-plugin'"),
], ids=["display-not-running", "xcb-without-display", "unknown-plugin"])
def test_a_platform_plugin_that_fails_is_one_line_and_exit_1(env, expected):
    env = {k: unused_display() if v == "unused" else v for k, v in env.items()}
    result = without_display("-m", "annotator.cli", **env)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), lines


def test_a_plugin_that_lacks_a_library_passes_on_what_qt_says_is_missing():
    # Only this case: with no display, Qt's word on xcb-cursor0 misleads and is left out.
    from annotator.gui.display import platform_failure

    logged = ["qt.qpa.plugin: From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load "
              "the Qt xcb platform plugin.",
              'qt.qpa.plugin: Could not load the Qt platform plugin "xcb" in "" even though '
              "it was found.", "This application failed to start because no Qt platform "
              "plugin could be initialized."]
    line = platform_failure(logged, {"DISPLAY": ":0"})
    assert line.startswith("the window cannot open: Qt's platform plugin 'xcb' did not start")
    assert "xcb-cursor0 or libxcb-cursor0 is needed" in line and "\n" not in line
    logged.insert(0, "qt.qpa.xcb: could not connect to display :0")
    assert "xcb-cursor0" not in platform_failure(logged, {"DISPLAY": ":0"})
