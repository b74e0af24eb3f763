"""Guards for the environment and for the layering of the code."""

from __future__ import annotations

import ast
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
        "annotator.files, annotator.session, annotator.cli, annotator.corpus, "
        "annotator.corpus.tables, annotator.corpus.commands, annotator.corpus.importing\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(bad)\n"
        "assert not bad\n")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]


def test_model_does_not_import_lxml():
    result = run_python(
        "import sys, annotator.model\n"
        "assert 'lxml' not in sys.modules and 'lxml.etree' not in sys.modules\n")
    assert result.returncode == 0, result.stderr[-2000:]


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "annotator", "tests",
                             "benchmarks", "packaging"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:]


# -- no code from a file is ever run (read from the syntax tree: comments do not count) -----------


# Builtins that run code from a string.
_RUNS_CODE = {"eval", "exec", "compile", "__import__", "breakpoint"}
# Modules whose loading of data can run code.
_UNSAFE_MODULES = {"pickle", "_pickle", "cPickle", "cloudpickle", "dill", "marshal", "shelve",
                   "jsonpickle"}
_UNSAFE_YAML = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load",
                "full_load_all"}
_SHELL = {("os", "system"), ("os", "popen"), ("pty", "spawn"),
          ("asyncio", "create_subprocess_shell")}
# lxml constructors that compile a schema or stylesheet: only ever from schemas/.
_COMPILES = {"XSLT", "Schematron", "RelaxNG", "XMLSchema", "DTD", "XSLTExtension"}
# lxml parse entry points: only the hardened parser (annotator/tei/parsing.py) or schemas/.
_PARSES = {"fromstring", "XML", "parse", "iterparse", "XMLID", "XMLDTDID", "HTML",
           "fromstringlist", "XMLPullParser"}
_PARSER_MUST_BE = {"resolve_entities": False, "no_network": True}
_PARSER_MUST_NOT_BE = {"load_dtd": True, "dtd_validation": True, "huge_tree": True,
                       "attribute_defaults": True, "no_network": False}
# XPath taken from a variable rather than written in the code, and why that is safe.
_XPATH_FROM_VARIABLES = {
    ("reader.py", "find"): "callers pass literal paths",
    ("validation.py", "_line_of"): "Schematron's location paths; namespace names with an "
                                   "apostrophe are refused by parsing.parse_xml",
}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _owner(node: ast.AST) -> str:
    return _name(node.value) if isinstance(node, ast.Attribute) else ""


def _calls_schema_path(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Call) and _name(n.func) == "schema_path" for n in ast.walk(node))


def code_from_data_offences(source: str, filename: str = "<snippet>") -> list[str]:
    """Every place in ``source`` that could run code or fetch things a file names."""
    tree = ast.parse(source, filename)
    found: list[str] = []
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}

    def function_of(node: ast.AST) -> str:
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node.name
        return ""

    def offence(node: ast.AST, why: str) -> None:
        found.append(f"{filename}:{getattr(node, 'lineno', 0)}: {why}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""])
            for module in modules:
                if module.split(".")[0] in _UNSAFE_MODULES:
                    offence(node, f"imports {module}")
        if not isinstance(node, ast.Call):
            continue
        name, owner = _name(node.func), _owner(node.func)
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        if isinstance(node.func, ast.Name) and name in _RUNS_CODE:
            offence(node, f"calls {name}()")
        if owner in _UNSAFE_MODULES:
            offence(node, f"calls {owner}.{name}()")
        if owner == "yaml" and name in _UNSAFE_YAML:
            offence(node, f"calls yaml.{name}() (use yaml.safe_load)")
        if (owner, name) in _SHELL or (owner == "os" and name.startswith(("exec", "spawn"))):
            offence(node, f"runs a shell or program: {owner}.{name}()")
        shell = keywords.get("shell")
        if shell is not None and not (isinstance(shell, ast.Constant) and shell.value is False):
            offence(node, "passes shell= to a subprocess")
        if name in ("xinclude", "XInclude"):
            offence(node, "processes XInclude")
        if name in _COMPILES and not _calls_schema_path(node):
            offence(node, f"compiles {name} from something other than schemas/ (schema_path)")
        if name in _PARSES and not _calls_schema_path(node) and not filename.endswith(
                "tei/parsing.py"):
            offence(node, f"parses XML with {name}() outside annotator/tei/parsing.py")
        if name == "XMLParser":
            for key, value in _PARSER_MUST_BE.items():
                given = keywords.get(key)
                if not (isinstance(given, ast.Constant) and given.value is value):
                    offence(node, f"XMLParser without {key}={value}")
            for key, value in _PARSER_MUST_NOT_BE.items():
                given = keywords.get(key)
                if given is not None and not (isinstance(given, ast.Constant)
                                              and given.value is not value):
                    offence(node, f"XMLParser with {key} not {not value}")
        if name in ("xpath", "XPath", "ETXPath", "XPathEvaluator") and node.args:
            expression = node.args[0]
            literal = isinstance(expression, ast.Constant) and isinstance(expression.value, str)
            allowed = (Path(filename).name, function_of(node)) in _XPATH_FROM_VARIABLES
            if not literal and not allowed:
                offence(node, f"evaluates XPath that is not written in the code ({name})")
    return found


def test_no_code_from_a_file_is_ever_run():
    """No eval/exec/pickle/marshal/shelve/yaml.load/shell, no XInclude; XSLT, Schematron
    and schemas only from schemas/; XML parsed only by the hardened parser; XPath only
    as written in the code (two documented exceptions)."""
    offences = []
    for path in sorted((ROOT / "annotator").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        offences += code_from_data_offences(path.read_text(encoding="utf-8"), name)
    assert offences == []


def test_the_code_scan_catches_what_it_is_for():
    """The scan above fails on each thing it forbids (and not on comments or methods)."""
    caught = [
        "x = eval(data)", "exec(code)", "compile(s, 'f', 'exec')", "__import__(name)",
        "import pickle", "from marshal import loads", "import shelve\nshelve.open(p)",
        "import yaml\nyaml.load(s)", "yaml.unsafe_load(s)", "os.system(cmd)",
        "subprocess.run(cmd, shell=True)", "subprocess.Popen(c, shell=flag)",
        "tree.xinclude()", "etree.XSLT(etree.parse(path))",
        "isoschematron.Schematron(doc)", "etree.RelaxNG(file=user_path)",
        "etree.fromstring(data)", "etree.parse(path)",
        "etree.XMLParser(resolve_entities=True, no_network=True)",
        "etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)",
        "etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=flag)",
        "tree.xpath(location)", "etree.XPath(expression)",
    ]
    for snippet in caught:
        assert code_from_data_offences(snippet), snippet
    harmless = [
        "# eval(x) in a comment", "'eval(x) in a string'", "box.exec()", "re.compile(p)",
        "self.dialog.exec()", "subprocess.run(['git', 'status'], shell=False)",
        "etree.RelaxNG(etree.parse(str(schema_path(NAME))))", "tree.xpath('string(.)')",
        "yaml.safe_load(s)",
        "etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)",
    ]
    for snippet in harmless:
        assert code_from_data_offences(snippet) == [], snippet
