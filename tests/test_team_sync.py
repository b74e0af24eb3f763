"""Sync over Git with real Git: a bare remote in a temporary folder and three clones as
three annotators (Ana, Bo, Cem), through the command line. Annotate, sync in every
order: no conflict, no annotation lost; shared files changed at once merge; a real
conflict keeps both versions; a sync killed (SIGKILL, a real process) at many points
is repaired by the next one with nothing lost. Git's identity comes from the
environment, never from a configuration file written here."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.corpus import Corpus, layout
from annotator.team import sync as team_sync
from annotator.team import xml_merge
from annotator.team.assignments import read_team

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {
    "a.txt": "Deutschland zahlt zwei Patriot-Systeme.\n\nDie Ukraine bekommt sie bald.\n",
    "b.txt": "Norwegen liefert Munition an die Ukraine.\n\nDie NATO berät.\n",
    "c.txt": "Die USA verkaufen Waffen an Polen 😀 und an die Ukraine.\n",
}
PEOPLE = {"ana": "Ana", "bo": "Bo", "cem": "Cem"}
WORDS = {"ana": ("Ukraine", "actor"), "bo": ("Patriot*", "weapon"), "cem": ("NATO", "actor")}

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for kind in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{kind}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{kind}_EMAIL", "test@example.invalid")
    # Nothing from the machine's or the user's Git configuration.
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)


def cli(*args: str) -> int:
    return main([str(a) for a in args])


@pytest.fixture
def team(tmp_path: Path) -> dict[str, Path]:
    """A corpus with three documents pushed to a bare remote by Ana; Bo and Cem clone it."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    sources = tmp_path / "in"
    sources.mkdir()
    for name, text in TEXTS.items():
        (sources / name).write_text(text, encoding="utf-8")
    clones = {who: tmp_path / who for who in PEOPLE}
    assert cli("corpus", "init", clones["ana"]) == 0
    assert cli("corpus", "add", clones["ana"], sources, "--annotator", "Ana") == 0
    assert cli("corpus", "sync", clones["ana"], "--remote", remote, "--annotator", "Ana") == 0
    for who in ("bo", "cem"):
        assert cli("corpus", "sync", clones[who], "--remote", remote,
                   "--annotator", PEOPLE[who]) == 0
    return {"remote": remote, **clones}


def annotate(team: dict[str, Path], who: str) -> None:
    query, tag = WORDS[who]
    assert cli("corpus", "tag", team[who], query, "--tag", tag, "--annotator", PEOPLE[who]) == 0


def own_files(folder: Path, who: str) -> dict[str, bytes]:
    return {p.parts[-3]: p.read_bytes()
            for p in (folder / layout.DOCUMENTS).glob(f"*/annotations/{who}.xml")}


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=True).stdout


def test_a_corpus_without_a_remote_is_committed_only(tmp_path, capsys):
    folder = tmp_path / "alone"
    assert cli("corpus", "init", folder) == 0
    assert cli("corpus", "sync", folder, "--annotator", "Ana") == 0
    out = capsys.readouterr().out
    assert "no remote: committed only" in out
    assert git(folder, "log", "--format=%s").strip() == "Annotator: work of Ana (2 files)"
    assert git(folder, "status", "--porcelain") == ""
    # The cache, lock files and a killed save's temporary files are never committed,
    # even in a corpus whose .gitignore does not name them (made by an older Annotator).
    (folder / ".gitignore").unlink()
    git(folder, "rm", "-q", "--cached", ".gitignore")
    (folder / "documents" / ".ana.xml.annotator-save-0123456789abcdef.tmp").write_text("x")
    (folder / "documents" / ".ana.xml.annotator-lock").write_text("x")
    assert cli("corpus", "sync", folder, "--annotator", "Ana") == 0
    files = git(folder, "ls-files")
    assert ".annotator-cache" not in files and ".tmp" not in files and "lock" not in files


def test_an_unreachable_remote_keeps_the_work_committed_and_says_so(tmp_path, capsys):
    folder = tmp_path / "offline"
    assert cli("corpus", "init", folder) == 0
    gone = tmp_path / "no-such-remote.git"
    assert cli("corpus", "sync", folder, "--remote", gone, "--annotator", "Ana") == 0
    out = capsys.readouterr().out
    assert "remote not reached" in out and "sync again later" in out
    assert git(folder, "status", "--porcelain") == ""
    # Once the remote is there, the next sync pushes what was committed offline.
    subprocess.run(["git", "init", "-q", "--bare", str(gone)], check=True)
    assert cli("corpus", "sync", folder, "--annotator", "Ana") == 0
    assert "pushed" in capsys.readouterr().out
    assert git(gone, "log", "--format=%s", "main").strip().endswith("(2 files)")


@pytest.mark.parametrize("order", list(itertools.permutations(PEOPLE)))
def test_three_annotators_sync_in_any_order_without_conflict_or_loss(team, order, capsys):
    for who in PEOPLE:
        annotate(team, who)
    made = {who: own_files(team[who], who) for who in PEOPLE}
    assert all(made.values())
    # Each syncs in turn, then each once more: everyone has everyone's work.
    for who in list(order) + list(order):
        assert cli("corpus", "sync", team[who], "--annotator", PEOPLE[who]) == 0
    out = capsys.readouterr()
    assert "conflict" not in out.err
    for reader in PEOPLE:
        assert git(team[reader], "status", "--porcelain") == ""
        for author in PEOPLE:
            assert own_files(team[reader], author) == made[author], (reader, author)
        assert not (team[reader] / team_sync.CONFLICTS).exists()
    # And the corpus reads everyone's files.
    listed, _ = Corpus.open(team["cem"]).documents()
    assert set().union(*(e.statuses for e in listed)) == set(PEOPLE)
    assert Corpus.open(team["cem"]).check() == []


def test_the_same_file_changed_on_both_sides_merges_by_entries(team, capsys):
    """Both add entities next to each other in entities.xml (Git alone would stop on
    it) and assign documents at once: all of it arrives everywhere."""
    assert cli("corpus", "tag", team["ana"], "Deutschland", "--tag", "actor",
               "--annotator", "Ana") == 0
    assert cli("corpus", "tag", team["bo"], "Norwegen", "--tag", "actor",
               "--annotator", "Bo") == 0
    assert cli("corpus", "assign", team["ana"], "--annotators", "ana,bo", "--per-document",
               "1", "--annotator", "Ana") == 0
    assert cli("corpus", "assign", team["bo"], "--annotators", "bo,cem", "--per-document",
               "2", "--annotator", "Bo") == 0
    for who in ("ana", "bo", "ana"):
        assert cli("corpus", "sync", team[who], "--annotator", PEOPLE[who]) == 0
    assert "conflict" not in capsys.readouterr().err
    for who in ("ana", "bo"):
        register = Corpus.open(team[who]).entities()
        assert {"place-deutschland", "place-norwegen"} <= set(register), sorted(register)
        assert Corpus.open(team[who]).check() == []
        assigned = read_team(team[who])
        assert sorted((team[who] / "assignments").iterdir()) == [
            team[who] / "assignments" / "ana.xml", team[who] / "assignments" / "bo.xml"]
        # Ana's one per document and Bo's two (bo, cem) per document, both kept.
        assert len(assigned.assigned) == 3
        assert all({"bo", "cem"} <= set(p) for p in assigned.assigned.values())
        assert any("ana" in p for p in assigned.assigned.values())
        assert assigned.required == 2


def _add_tag(folder: Path, tag_id: str, label: str) -> None:
    """A new tag in the corpus's tagset, written as the corpus writes corpus.xml."""
    from annotator.corpus.tei_files import corpus_bytes
    from annotator.model.tagset import Tag

    corpus = Corpus.open(folder)
    corpus.tagset.add(Tag(tag_id, label, "#336699"))
    (folder / layout.CORPUS_FILE).write_bytes(corpus_bytes(corpus.title, corpus.tagset))


def test_tags_added_in_two_clones_at_once_both_arrive(team, capsys):
    _add_tag(team["ana"], "place", "Place")
    _add_tag(team["bo"], "date", "Date")
    for who in ("ana", "bo", "ana", "cem"):
        assert cli("corpus", "sync", team[who], "--annotator", PEOPLE[who]) == 0
    assert "conflict" not in capsys.readouterr().err
    for who in ("ana", "bo", "cem"):
        tagset = Corpus.open(team[who]).tagset
        assert {"place", "date", "actor"} <= set(tagset.ids()), (who, tagset.ids())
        assert Corpus.open(team[who]).check() == []
    # The same tag changed in two ways: a conflict, both versions kept.
    for who, label in (("ana", "Ort"), ("bo", "Stelle")):
        _add_tag_label(team[who], "place", label)
    assert cli("corpus", "sync", team["ana"], "--annotator", "Ana") == 0
    capsys.readouterr()
    assert cli("corpus", "sync", team["bo"], "--annotator", "Bo") == 0
    assert "conflict: entry" in capsys.readouterr().err
    kept = team_sync.conflicts(team["bo"])
    assert len(kept) == 1 and kept[0].path == layout.CORPUS_FILE
    assert "Ort" in kept[0].theirs and "Stelle" in kept[0].ours
    assert Corpus.open(team["bo"]).tagset["place"].label == "Stelle"
    assert cli("corpus", "resolve", team["bo"], kept[0].record.name, "--keep", "theirs") == 0
    assert Corpus.open(team["bo"]).tagset["place"].label == "Ort"
    assert Corpus.open(team["bo"]).check() == []


def _add_tag_label(folder: Path, tag_id: str, label: str) -> None:
    from dataclasses import replace

    from annotator.corpus.tei_files import corpus_bytes
    from annotator.model.tagset import Tagset

    corpus = Corpus.open(folder)
    tags = [replace(t, label=label) if t.id == tag_id else t for t in corpus.tagset]
    (folder / layout.CORPUS_FILE).write_bytes(corpus_bytes(corpus.title, Tagset(tags)))


def _rename_entity(folder: Path, entity: str, name: str) -> None:
    path = folder / layout.REGISTER_FILE
    data = path.read_text(encoding="utf-8")
    start = data.index(f'xml:id="{entity}"')
    end = data.index("</placeName>", start)
    opening = data.index("<placeName>", start) + len("<placeName>")
    path.write_text(data[:opening] + name + data[end:], encoding="utf-8")


def test_a_real_conflict_keeps_both_versions_and_asks(team, capsys):
    annotate(team, "ana")
    assert cli("corpus", "sync", team["ana"], "--annotator", "Ana") == 0
    assert cli("corpus", "sync", team["bo"], "--annotator", "Bo") == 0
    # The same entry of the register changed differently in two clones.
    _rename_entity(team["ana"], "place-ukraine", "Ukraine (Staat)")
    _rename_entity(team["bo"], "place-ukraine", "Die Ukraine")
    assert cli("corpus", "sync", team["ana"], "--annotator", "Ana") == 0
    capsys.readouterr()
    assert cli("corpus", "sync", team["bo"], "--annotator", "Bo") == 0
    err = capsys.readouterr().err
    assert "conflict: entry place-ukraine was changed differently on both sides" in err
    # Bo's version stays in the file, Ana's is kept beside it: neither is lost.
    register = (team["bo"] / layout.REGISTER_FILE).read_text(encoding="utf-8")
    assert "Die Ukraine" in register and "Ukraine (Staat)" not in register
    kept = team_sync.conflicts(team["bo"])
    assert len(kept) == 1 and "Ukraine (Staat)" in kept[0].theirs
    assert "Die Ukraine" in kept[0].ours and kept[0].path == layout.REGISTER_FILE
    # The conflict travels with the corpus; whoever decides it, the decision is shared.
    assert cli("corpus", "sync", team["ana"], "--annotator", "Ana") == 0
    assert len(team_sync.conflicts(team["ana"])) == 1
    assert cli("corpus", "resolve", team["ana"]) == 0
    assert "place-ukraine" in capsys.readouterr().out
    assert cli("corpus", "resolve", team["ana"], "--keep", "theirs") == 0
    assert "Ukraine (Staat)" in (team["ana"] / layout.REGISTER_FILE).read_text(
        encoding="utf-8")
    assert Corpus.open(team["ana"]).check() == []
    for who in ("ana", "bo", "ana"):
        assert cli("corpus", "sync", team[who], "--annotator", PEOPLE[who]) == 0
    assert team_sync.conflicts(team["bo"]) == []
    assert "Ukraine (Staat)" in (team["bo"] / layout.REGISTER_FILE).read_text(
        encoding="utf-8")


def test_bad_input_says_what_is_wrong(tmp_path, team, capsys):
    assert cli("corpus", "sync", tmp_path / "nothing-here") == 1
    assert "is not a corpus" in capsys.readouterr().err
    assert cli("corpus", "sync", tmp_path / "clone", "--remote", tmp_path / "in") == 1
    assert "git clone failed" in capsys.readouterr().err  # (not a repository)
    assert cli("corpus", "assign", team["ana"], "--annotators", "Ana Lima,bo") == 1
    assert "is not an annotator id" in capsys.readouterr().err
    assert cli("corpus", "assign", team["ana"], "--annotators", "ana,bo",
               "--per-document", "3") == 1
    assert "--per-document must be between 1 and" in capsys.readouterr().err
    assert cli("corpus", "resolve", team["ana"], "nope.xml", "--keep", "ours") == 1
    assert "there is no conflict 'nope.xml'" in capsys.readouterr().err
    # Another corpus's remote (no common history) is refused, nothing changes.
    other = tmp_path / "other"
    assert cli("corpus", "init", other) == 0
    assert cli("corpus", "sync", other, "--remote", team["remote"]) == 1
    assert "the remote holds another corpus" in capsys.readouterr().err
    # A folder with files in it is not cloned into.
    assert cli("corpus", "sync", tmp_path / "in", "--remote", team["remote"]) == 1
    capsys.readouterr()
    # Git's lock held by some other Git program (no sync of ours died): not touched.
    lock = team["bo"] / ".git" / "index.lock"
    lock.write_bytes(b"")
    assert cli("corpus", "sync", team["bo"], "--annotator", "Bo") == 1
    assert "another Git program is working in this corpus" in capsys.readouterr().err
    assert lock.exists()
    lock.unlink()
    assert cli("corpus", "sync", team["bo"], "--annotator", "Bo") == 0
    # Not on a branch: said, nothing done.
    git(team["bo"], "checkout", "-q", "--detach")
    annotate(team, "bo")
    assert cli("corpus", "sync", team["bo"], "--annotator", "Bo") == 1
    assert "not on a branch" in capsys.readouterr().err
    assert git(team["bo"], "status", "--porcelain")  # Bo's work left as it was


def test_merging_by_entries_by_the_rules():
    base = b"<r><a xml:id='x'>1</a><a xml:id='y'>1</a><t>title</t></r>"
    ours = b"<r><a xml:id='x'>2</a><a xml:id='y'>1</a><a xml:id='z'>new</a><t>title</t></r>"
    theirs = b"<r><a xml:id='x'>1</a><t>title 2</t><a xml:id='w'>theirs</a></r>"
    merged = xml_merge.merge(base, ours, theirs)
    assert merged.conflicts == []
    text = merged.data.decode()
    # x changed by us, y removed by them, z added by us, w added by them, the title theirs.
    assert '<a xml:id="x">2</a>' in text and 'xml:id="y"' not in text
    assert 'xml:id="z"' in text and 'xml:id="w"' in text and "title 2" in text
    # Changed differently on both sides: ours stays, theirs is handed back.
    both = xml_merge.merge(base, ours, b"<r><a xml:id='x'>3</a><a xml:id='y'>1</a>"
                                       b"<t>title</t></r>")
    assert [c.entry_id for c in both.conflicts] == ["x"]
    assert b">3<" in both.conflicts[0].theirs and b">2<" in both.data
    # Removed by one, changed by the other: kept.
    kept = xml_merge.merge(base, b"<r><a xml:id='y'>1</a><t>title</t></r>",
                           b"<r><a xml:id='x'>9</a><a xml:id='y'>1</a><t>title</t></r>")
    assert b">9<" in kept.data and kept.conflicts == []
    # Nested entries are their own: a new child and a new label of its parent both stay.
    nest = b"<r><c xml:id='p' n='1'><c xml:id='q'/></c></r>"
    one = xml_merge.merge(nest, b"<r><c xml:id='p' n='2'><c xml:id='q'/></c></r>",
                          b"<r><c xml:id='p' n='1'><c xml:id='q'/><c xml:id='s'/></c></r>")
    assert one.conflicts == []
    assert b'n="2"' in one.data and b'xml:id="s"' in one.data and b'xml:id="q"' in one.data
    with pytest.raises(xml_merge.NotMergeable):
        xml_merge.merge(base, b"<r>", theirs)
    # A hostile version (entity declarations) is not parsed; the sync keeps ours whole and
    # theirs as a conflict (team_sync._merge_file).
    bomb = b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>'
    with pytest.raises(xml_merge.NotMergeable):
        xml_merge.merge(base, ours, bomb)
    kept, conflicts = team_sync._merge_file("entities.xml", base, ours, bomb)
    assert kept == ours and conflicts[0].theirs == bomb and conflicts[0].entry_id == ""


# -- killed during a sync -----------------------------------------------------------------
CHILD = """
import os, signal, subprocess, sys, time
sys.path.insert(0, {root!r})
from annotator.team import sync

folder, point = sys.argv[1], int(sys.argv[2])
real_run = subprocess.run
INDEX_WRITERS = ("add", "commit", "merge", "checkout", "reset", "read-tree", "rm", "mv",
                 "update-index", "cherry-pick", "revert", "stash")
real_replace = os.replace
calls = 0

def die_with(child=None):
    if child is not None:
        try:
            os.killpg(child.pid, signal.SIGKILL)  # (its own session: its group is its pid)
        except ProcessLookupError:  # it finished first
            pass
    os.kill(os.getpid(), signal.SIGKILL)

def run(args, **kwargs):
    # Step ``point``: start that git and kill it and this process while it works.
    global calls
    calls += 1
    if calls == point:
        child = subprocess.Popen(args, cwd=kwargs.get("cwd"), env=kwargs.get("env"),
                                 stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
        if kwargs.get("input"):
            child.stdin.write(kwargs["input"])
        child.stdin.close()
        # A git that writes the index: while it holds the index lock (on a loaded machine
        # it may take longer than any fixed moment to get there); any other: a moment
        # after it began (a fetch or a push cut short).
        lock = os.path.join(folder, ".git", "index.lock")
        writes_index = any(verb in args for verb in INDEX_WRITERS)
        deadline = time.monotonic() + (10 if writes_index else 0.05)
        while not os.path.exists(lock) and child.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.0002)
        die_with(child)
    return real_run(args, **kwargs)

renamed = 0
def replace(source, target):
    global renamed
    renamed += 1
    if -renamed == point:
        die_with()
    real_replace(source, target)

subprocess.run = run
os.replace = replace
report = sync.sync(folder, "Ana")
print("FINISHED", calls, renamed, flush=True)
"""


def killed_sync(folder: Path, point: int, tmp_path: Path) -> subprocess.CompletedProcess:
    driver = tmp_path / "driver.py"
    driver.write_text(CHILD.format(root=str(ROOT)), encoding="utf-8")
    return subprocess.run([sys.executable, str(driver), str(folder), str(point)],
                          capture_output=True, text=True, timeout=120)


def test_a_sync_killed_at_any_point_is_repaired_by_the_next(team, tmp_path):
    # Bo's and Cem's work is on the remote; Ana has work of her own not yet committed.
    for who in ("bo", "cem"):
        annotate(team, who)
        assert cli("corpus", "sync", team[who], "--annotator", PEOPLE[who]) == 0
    annotate(team, "ana")
    theirs = {who: own_files(team[who], who) for who in ("bo", "cem")}
    mine = own_files(team["ana"], "ana")
    start = tmp_path / "ana-before"
    shutil.copytree(team["ana"], start, symlinks=True)

    def fresh(name: str) -> Path:
        """Ana's clone and the remote as they are now (each run begins the same)."""
        folder, remote = tmp_path / name, tmp_path / f"{name}-remote.git"
        shutil.copytree(start, folder, symlinks=True)
        shutil.copytree(team["remote"], remote, symlinks=True)
        git(folder, "remote", "set-url", "origin", str(remote))
        return folder

    # How many git calls and renames a whole sync makes.
    whole = killed_sync(fresh("probe"), 10_000, tmp_path)
    assert whole.stdout.startswith("FINISHED"), whole.stderr[-2000:]
    calls, renames = (int(n) for n in whole.stdout.split()[1:3])
    assert calls > 10 and renames >= 4
    points = sorted(set(range(1, calls + 1, max(1, calls // 12))) | {calls}) \
        + [-n for n in range(1, renames + 1)]
    repairs: list[str] = []
    for point in points:
        folder = fresh(f"ana-{point}")
        run = killed_sync(folder, point, tmp_path)
        assert run.returncode == -signal.SIGKILL, (point, run.stdout, run.stderr[-2000:])
        # The next sync repairs what is left and finishes the work.
        report = team_sync.sync(folder, "Ana")
        repairs.extend(report.repaired)
        assert report.conflicts == [], point
        assert git(folder, "status", "--porcelain") == "", point
        subprocess.run(["git", "fsck", "--no-dangling"], cwd=folder, check=True,
                       capture_output=True)
        assert own_files(folder, "ana") == mine, point
        for who, files in theirs.items():
            assert own_files(folder, who) == files, (point, who)
        assert Corpus.open(folder).check() == [], point
        # And what the remote has: everyone's work, Ana's included.
        final = tmp_path / f"final-{point}"
        assert cli("corpus", "sync", final, "--remote", tmp_path / f"ana-{point}-remote.git"
                   ) == 0
        assert own_files(final, "ana") == mine, point
        assert own_files(final, "bo") == theirs["bo"], point
    # The kills did leave work to repair: Git's locks, and a merge half applied.
    assert any("stale lock" in r for r in repairs), repairs
    assert any("finished the merge" in r for r in repairs), repairs


def test_without_a_git_identity_the_annotator_authors_the_commits(tmp_path, monkeypatch):
    for kind in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{kind}_NAME")
        monkeypatch.delenv(f"GIT_{kind}_EMAIL")
    folder = tmp_path / "alone"
    assert cli("corpus", "init", folder) == 0
    assert cli("corpus", "sync", folder, "--annotator", "Zoë Ünal") == 0
    assert git(folder, "log", "--format=%an <%ae>").strip() \
        == "Zoë Ünal <zoe-unal@annotator.invalid>"
    # The user's own identity wins where there is one (here the repository's).
    git(folder, "config", "user.name", "Z. Ünal")
    git(folder, "config", "user.email", "z@example.org")
    (folder / "corpus.xml").write_bytes((folder / "corpus.xml").read_bytes() + b"\n")
    assert cli("corpus", "sync", folder, "--annotator", "Zoë Ünal") == 0
    assert git(folder, "log", "-1", "--format=%an <%ae>").strip() == "Z. Ünal <z@example.org>"


def test_someone_pushing_between_fetch_and_push_is_merged_in_a_second_round(team, capsys):
    """Bo pushes while Ana's sync is between its fetch and its push (a real pre-push hook
    of Ana's clone runs Bo's sync): her push is refused, her sync fetches and merges
    again and pushes once more."""
    annotate(team, "ana")
    annotate(team, "bo")
    program = Path(sys.executable).parent / "annotator"
    hook = team["ana"] / ".git" / "hooks" / "pre-push"
    marker = team["ana"].parent / "bo-pushed"
    hook.write_text(
        "#!/bin/sh\n"
        f"if [ ! -e '{marker}' ]; then\n"
        f"  touch '{marker}'\n"
        "  env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE -u GIT_PREFIX "
        f"'{program}' corpus sync '{team['bo']}' --annotator Bo >/dev/null 2>&1 || exit 1\n"
        "fi\n", encoding="utf-8")
    hook.chmod(0o755)
    report = team_sync.sync(team["ana"], "Ana")
    assert marker.exists() and report.pushed and report.merged and report.offline is None
    assert own_files(team["ana"], "bo") == own_files(team["bo"], "bo")
    final = team["ana"].parent / "check"
    assert cli("corpus", "sync", final, "--remote", team["remote"]) == 0
    assert own_files(final, "ana") == own_files(team["ana"], "ana")
    assert own_files(final, "bo") == own_files(team["bo"], "bo")
