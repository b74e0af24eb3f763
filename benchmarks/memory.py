"""Memory on files of many small paragraphs: `make bench-memory`.

Issue 19, item 15: an 8 MB TEI file of 10^6 ``<p>`` peaked at 1.2 GB on the CLI (150x
the file) and 1.6 GB in the window. This runner generates such files (cached under
``benchmarks/.cache/``):

* ``text``: plain text, one short paragraph (one word) per line;
* ``foreign``: a TEI file not written by Annotator, one ``<p>`` per paragraph (the
  issue's file);
* ``native``: the same text in Annotator's own TEI (what ``annotator import`` makes of
  ``text``);

and runs each command in a fresh process, reading the process's peak resident size
(``ru_maxrss`` of ``os.wait4``, the kernel's figure for the whole process, libxml2 and
Qt included, taken by a small launcher the command is forked from): ``annotator
import``/``validate``/``export`` as a user types them, and the window
(``benchmarks/gui.py rss-app``: the app's own window, offscreen, showing the document).
Each figure is given as a multiple of the size of the file read; the target is at most
``TARGET``x. A bare ``annotator --version`` gives the interpreter's own size, which
every figure includes.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import contention, machine  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
TARGET = 20.0
WORDS = ("der die das und ist ein eine nicht zu mit auf für Prag Juli sich den "
         "Tag Zeit Jahr Stadt Haus Weg").split()
HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
          '<title>Many small paragraphs</title></titleStmt><publicationStmt><p>Generated '
          'by benchmarks/memory.py</p></publicationStmt><sourceDesc><p>None</p>'
          '</sourceDesc></fileDesc></teiHeader>\n<text><body>\n')
FOOTER = "</body></text></TEI>\n"


def files(paragraphs: int, seed: int = 1) -> dict[str, Path]:
    """The text and the foreign TEI file of ``paragraphs`` one-word paragraphs (cached);
    the native file is made by the ``import`` run."""
    CACHE.mkdir(parents=True, exist_ok=True)
    stem = CACHE / f"many-paragraphs-{paragraphs}-s{seed}"
    text, foreign = stem.with_suffix(".txt"), stem.with_suffix(".foreign.xml")
    if not text.exists() or not foreign.exists():
        rng = random.Random(seed)
        words = [rng.choice(WORDS) for _ in range(paragraphs)]
        text.write_text("\n".join(words) + "\n", encoding="utf-8")
        foreign.write_text(HEADER + "".join(f"<p>{w}</p>\n" for w in words) + FOOTER,
                           encoding="utf-8")
    return {"text": text, "foreign": foreign, "native": stem.with_suffix(".native.xml")}


# Forks and runs the command, then prints its peak resident size last on stderr. A
# child's ru_maxrss counts the pages it shared with its parent before exec: forked from
# this runner (~100 MB after generating the files) every figure was at least that, so
# the command is forked from this small process instead.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(f"maxrss-kb={usage.ru_maxrss}", file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def peak_mb(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(peak resident MB, seconds, exit status, last line of stderr) of one run."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, *command], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    kb = int(lines.pop().removeprefix("maxrss-kb="))
    return kb / 1024, seconds, done.returncode, lines[-1] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--no-window", action="store_true", help="the CLI only")
    args = parser.parse_args()
    paths = files(args.paragraphs)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_NAME="bench")
    python = sys.executable
    annotator = [python, "-m", "annotator.cli"]
    out = Path(os.environ.get("TMPDIR", "/tmp")) / "annotator-bench-memory"
    out.mkdir(parents=True, exist_ok=True)
    text, foreign, native = paths["text"], paths["foreign"], paths["native"]
    runs: list[tuple[str, Path, list[str]]] = [
        ("import (text -> TEI)", text,
         [*annotator, "import", str(text), "-o", str(native), "--force"]),
        ("validate", native, [*annotator, "validate", str(native)]),
        ("validate", foreign, [*annotator, "validate", str(foreign)]),
        ("export csv", text, [*annotator, "export", str(text), "-f", "csv", "-o",
                              str(out / "text.csv"), "--force"]),
        ("export csv", native, [*annotator, "export", str(native), "-f", "csv", "-o",
                                str(out / "native.csv"), "--force"]),
        ("export csv", foreign, [*annotator, "export", str(foreign), "-f", "csv", "-o",
                                 str(out / "foreign.csv"), "--force"]),
        ("export tei-inline", native, [*annotator, "export", str(native), "-f",
                                       "tei-inline", "-o", str(out / "inline.xml"),
                                       "--force"]),
    ]
    if not args.no_window:
        for path in (text, native, foreign):
            runs.append(("window: open and show", path,
                         [python, str(ROOT / "benchmarks" / "gui.py"), "rss-app", str(path)]))
    print(f"machine: {machine()}, {_ram()}")
    print(f"before: {contention()}")
    peak_mb([*annotator, "--version"], env)  # (once for the bytecode caches)
    base, _, _, _ = peak_mb([*annotator, "--version"], env)
    print(f"the interpreter alone (annotator --version): {base:.0f} MB peak")
    rows = []
    for figure, path, command in runs:
        kind = next(k for k, p in paths.items() if p == path)
        mb, seconds, status, last = peak_mb(command, env)
        size = path.stat().st_size / 2**20
        ratio = mb / size
        verdict = "pass" if ratio <= TARGET and status == 0 else "FAIL"
        note = f" (exit {status}: {last})" if status else ""
        rows.append((figure, kind, size, mb, ratio, seconds, verdict + note))
        print(f"  {figure:<24} {kind:<8} {size:6.1f} MB file  {mb:7.0f} MB peak  "
              f"{ratio:6.1f}x  {seconds:6.1f} s  {verdict}{note}", flush=True)
    print(f"after: {contention()}")
    print("\n| run | file | file size | peak resident | ratio (target <= 20x) | time | |")
    print("|---|---|---|---|---|---|---|")
    for figure, kind, size, mb, ratio, seconds, verdict in rows:
        print(f"| {figure} | {kind} | {size:.1f} MB | {mb:,.0f} MB | {ratio:.1f}x | "
              f"{seconds:.1f} s | {verdict} |")
    return 0


def _ram() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            kb = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
        return f"{kb / 2**20:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        return "RAM unknown"


if __name__ == "__main__":
    sys.exit(main())
