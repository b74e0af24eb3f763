"""Sync over Git (issue 23): `make bench-sync`.

A corpus of generated documents (a ``text.xml`` of about 3 KB and one annotator's file
of about 2 KB each; the sync moves them as files and never parses them, except the XML
files both sides changed, which here are none) is pushed to a bare repository in a
temporary folder, then:

* **one annotator's day**: Bo changes his files of 200 documents and syncs (commit and
  push); Ana changes hers of 200 other documents and syncs (commit, fetch, merge with
  Bo's 200, apply them, push) — the issue's bound is 5 s for that sync;
* **50 annotators in turn**: 50 annotators (in 5 clones, as people who share machines)
  each change their files of 20 documents and sync, one after the other, twice round;
  every sync merges what the ones before pushed. Reported: the time per sync (median,
  slowest), conflicts (must be 0), and that every file of every annotator arrived.

    .venv/bin/python benchmarks/sync.py [--documents 10000] [--annotators 50] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import contention, machine  # noqa: E402

TEXT = ("<p xml:id=\"p{n}\">Deutschland sagt der Ukraine weitere Patriot-Systeme zu; die "
        "Lieferung soll im Frühjahr beginnen, hieß es in Berlin.</p>\n")


def text_file(doc: int) -> bytes:
    body = "".join(TEXT.format(n=n) for n in range(1, 22))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
            f"<teiHeader><fileDesc><titleStmt><title>Bericht {doc}</title></titleStmt>"
            f"</fileDesc></teiHeader>\n<text><body>\n{body}</body></text></TEI>\n").encode()


def annotation_file(who: str, doc: int, version: int) -> bytes:
    rows = "".join(f'<annotation xml:id="a{k}" target="../text.xml#string-range(p{k},0,11)" '
                   f'ana="#cat-actor" resp="#ann-{who}"/>\n' for k in range(1, 12))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
            f'<teiHeader><revisionDesc status="inProgress"><change when="v{version}" '
            f'who="#ann-{who}">Annotations saved ({doc})</change></revisionDesc></teiHeader>'
            f"\n<standOff><listAnnotation>\n{rows}</listAnnotation></standOff></TEI>\n").encode()


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def make_corpus(folder: Path, documents: int) -> None:
    from annotator.corpus import Corpus

    Corpus.create(folder, "Benchmark")
    for doc in range(documents):
        write(folder / "documents" / f"bericht-{doc:05d}" / "text.xml", text_file(doc))


def change(folder: Path, who: str, docs: range | list[int], version: int) -> None:
    for doc in docs:
        write(folder / "documents" / f"bericht-{doc:05d}" / "annotations" / f"{who}.xml",
              annotation_file(who, doc, version))


def timed_sync(folder: Path, who: str):
    from annotator.team.sync import sync

    started = time.perf_counter()
    report = sync(folder, who)
    return time.perf_counter() - started, report


def clone(remote: Path, folder: Path) -> None:
    from annotator.team.sync import clone as git_clone

    git_clone(str(remote), folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--annotators", type=int, default=50)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    for kind in ("AUTHOR", "COMMITTER"):
        os.environ.setdefault(f"GIT_{kind}_NAME", "Benchmark")
        os.environ.setdefault(f"GIT_{kind}_EMAIL", "benchmark@example.invalid")
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    os.environ["GIT_CONFIG_GLOBAL"] = os.devnull
    lines = [f"machine: {machine()}; load: {contention()}",
             f"documents: {args.documents:,}; annotators: {args.annotators}"]
    with tempfile.TemporaryDirectory(prefix="annotator-bench-sync-") as temp:
        base = Path(temp)
        remote = base / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
        owner = base / "owner"
        started = time.perf_counter()
        make_corpus(owner, args.documents)
        seconds, _report = timed_sync(owner, "Owner")
        subprocess.run(["git", "-C", str(owner), "remote", "add", "origin", str(remote)],
                       check=True)
        seconds, _report = timed_sync(owner, "Owner")
        lines.append(f"first push of the corpus: {seconds:.2f} s "
                     f"(made in {time.perf_counter() - started:.1f} s)")

        # One annotator's day: 200 changed documents each.
        ana, bo = base / "ana", base / "bo"
        clone(remote, ana)
        clone(remote, bo)
        change(bo, "bo", range(0, 200), 1)
        bo_seconds, _bo_report = timed_sync(bo, "Bo")
        change(ana, "ana", range(200, 400), 1)
        ana_seconds, ana_report = timed_sync(ana, "Ana")
        assert ana_report.merged and ana_report.pushed and not ana_report.conflicts
        assert len(ana_report.changed) == 200, len(ana_report.changed)
        lines.append(f"200 changed documents, commit + push only: {bo_seconds:.2f} s")
        lines.append(f"200 changed documents, commit + fetch + merge of 200 + push: "
                     f"{ana_seconds:.2f} s (bound 5 s)")

        # 50 annotators in turn, in 5 clones.
        machines = [base / f"m{n}" for n in range(5)]
        for folder in machines:
            clone(remote, folder)
        per_sync: list[float] = []
        conflicts = 0
        share = 20
        people = [f"a{n:02d}" for n in range(args.annotators)]
        for round_number in (1, 2):
            for number, who in enumerate(people):
                folder = machines[number % len(machines)]
                first = (number * share + round_number * 7) % max(1, args.documents - share)
                change(folder, who, range(first, first + share), round_number)
                seconds, report = timed_sync(folder, who)
                per_sync.append(seconds)
                conflicts += len(report.conflicts)
        # Everyone's last version everywhere once each clone synced again.
        for folder in machines:
            timed_sync(folder, "check")
        missing = 0
        for folder in machines:
            for number, who in enumerate(people):
                first = (number * share + 2 * 7) % max(1, args.documents - share)
                for doc in range(first, first + share):
                    path = folder / "documents" / f"bericht-{doc:05d}" / "annotations" / \
                        f"{who}.xml"
                    if not path.exists() or path.read_bytes() != annotation_file(who, doc, 2):
                        missing += 1
        lines.append(f"{args.annotators} annotators in turn, twice round "
                     f"({len(per_sync)} syncs of {share} changed documents each): median "
                     f"{statistics.median(per_sync):.2f} s, slowest {max(per_sync):.2f} s; "
                     f"conflicts: {conflicts}; files not arrived: {missing}")
        shutil.rmtree(base, ignore_errors=True)
    prefix = "- " if args.markdown else ""
    for line in lines:
        print(prefix + line)
    return 0 if conflicts == 0 and missing == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
