"""Sync a corpus over Git: commit, fetch, merge, push (docs/team.md#sync).

The ``git`` program does the work (run as a subprocess): it is what the user's SSH
agent, credential helper, proxies and hosting set-up are made for, so Annotator stores
no credentials and needs no second Git implementation. Only plumbing is used for the
merge, never ``git merge`` in the working tree:

1. **commit** every change of the corpus (``git add -A``; the cache and lock files are
   in the corpus's ``.gitignore``);
2. **fetch** the remote's branch (offline: stop here, the work is committed);
3. **merge** with ``git merge-tree --write-tree``, which touches neither the working
   tree nor the index. Annotation files are one per annotator, so they do not
   conflict; a shared XML file that Git cannot merge line by line (the tagset, the
   entity register, an assignments file) is merged by its entries' ``xml:id``
   (``team.xml_merge``); where one entry was changed differently on both sides, ours
   stays and theirs is kept as a file under ``conflicts/`` to be decided
   (``resolve``); nothing is dropped;
4. **apply** the merge to the working tree file by file, each written atomically, then
   move the branch (a journal in ``.git/annotator-sync.json`` says what was begun);
5. **push** once (rejected because someone pushed meanwhile: fetch and merge again).

A crash or ``kill -9`` at any point leaves a repository the next sync repairs
(``_repair``): stale Git lock files of the dead sync are removed and an interrupted
apply is finished; files the user changed since are left as they are (and committed).
No Qt here.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.progress import Progress
from annotator.team import xml_merge

JOURNAL = "annotator-sync.json"  # in .git: what the sync running (or killed) began
SYNC_LOCK = "annotator-sync.lock"  # in .git: held (flock) while a sync runs
CONFLICTS = "conflicts"  # at the corpus's root: one file per conflict to decide
REMOTE = "origin"
DEFAULT_BRANCH = "main"
# Hosted remotes limit how often one may push: one push per sync, retried (after a
# new fetch and merge) only when someone else pushed in between.
PUSH_ROUNDS = 3
NETWORK_TIMEOUT_S = 120
LOCAL_TIMEOUT_S = 300
# Git's lock files a killed sync may leave behind (relative to .git).
_GIT_LOCKS = ("index.lock", "HEAD.lock", "ORIG_HEAD.lock", "FETCH_HEAD.lock", "config.lock",
              "packed-refs.lock", "shallow.lock")


class SyncError(AnnotatorError):
    """Git is missing, or the repository is in a state a sync does not touch."""


@dataclass(frozen=True)
class SyncConflict:
    """An entry of a shared file that both sides changed differently: ours is in the
    file, theirs in ``record`` (``conflicts/….xml``) until it is decided."""

    path: str  # the file, relative to the corpus
    entry_id: str  # "" : the file outside its entries
    record: str  # the conflict's file, relative to the corpus


@dataclass
class SyncReport:
    committed: int = 0  # files in this sync's own commit
    remote: str | None = None  # the remote's URL, None: no remote (commit only)
    offline: str | None = None  # why the remote could not be reached
    merged: bool = False  # the remote had commits that are now merged in
    pushed: bool = False
    changed: list[str] = field(default_factory=list)  # files the merge changed here
    conflicts: list[SyncConflict] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)  # what an earlier sync left
    cloned: bool = False

    def summary(self) -> str:
        """One line for the command line."""
        parts = [f"{self.committed} changed files committed" if self.committed
                 else "nothing new to commit"]
        if self.cloned:
            parts.insert(0, "cloned")
        if self.remote is None:
            parts.append("no remote: committed only (give one with --remote URL)")
        elif self.offline is not None:
            parts.append(f"remote not reached ({self.offline}); sync again later")
        else:
            parts.append(f"{len(self.changed)} files came from the remote" if self.merged
                         else "nothing new on the remote")
            parts.append("pushed" if self.pushed else "nothing to push")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflicts kept both versions")
        return "; ".join(parts)


class Git:
    """The ``git`` program run in one repository, never asking on a terminal."""

    def __init__(self, root: Path) -> None:
        self.root = root
        program = shutil.which("git")
        if program is None:
            raise SyncError("Git is not installed: install it (https://git-scm.com) to "
                            "sync a corpus")
        self.program = program
        self.env = dict(os.environ)
        # Never wait for a password on a terminal nobody sees; messages in English.
        self.env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANGUAGE": "C",
                         "GIT_MERGE_AUTOEDIT": "no"})
        self.config: list[str] = ["-c", "core.quotepath=off", "-c", "merge.renames=false",
                                  "-c", "diff.renames=false", "-c", "gc.auto=0",
                                  "-c", "core.autocrlf=false"]
        self._identity: dict[str, str] | None = None

    def never_ask(self) -> None:
        """SSH in batch mode (a missing key or passphrase is an error, not a prompt that
        would wait for ever), unless the user chose how Git runs SSH."""
        if os.environ.get("GIT_SSH_COMMAND") or os.environ.get("GIT_SSH") \
                or self.text("config", "core.sshCommand", check=False):
            return
        self.env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"

    def identity(self, annotator: str) -> dict[str, str]:
        """The author of the sync's commits: the user's Git identity where there is one,
        else the annotator's name (and an address that says it is none)."""
        from annotator.team.annotators import annotator_id

        if self._identity is None:
            name = self.text("config", "user.name", check=False)
            email = self.text("config", "user.email", check=False)
            self._identity = {}
            for kind in ("AUTHOR", "COMMITTER"):
                if not os.environ.get(f"GIT_{kind}_NAME") and not name:
                    self._identity[f"GIT_{kind}_NAME"] = annotator or "Anonymous"
                if not os.environ.get(f"GIT_{kind}_EMAIL") and not email:
                    self._identity[f"GIT_{kind}_EMAIL"] = (annotator_id(annotator)
                                                           + "@annotator.invalid")
        return self._identity

    def run(self, *args: str, check: bool = True, data: bytes | None = None,
            timeout: float = LOCAL_TIMEOUT_S, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[bytes]:
        try:
            done = subprocess.run([self.program, *self.config, *args], cwd=self.root,
                                  input=data, capture_output=True, timeout=timeout,
                                  env={**self.env, **(env or {})})
        except subprocess.TimeoutExpired:
            raise SyncError(f"git {args[0]} did not finish in {timeout:.0f} s") from None
        except OSError as exc:
            raise SyncError(f"cannot run git: {exc.strerror or exc}") from None
        if check and done.returncode != 0:
            raise SyncError(f"git {args[0]} failed: {_first_line(done.stderr)}",
                            str(self.root))
        return done

    def text(self, *args: str, **kwargs) -> str:
        return self.run(*args, **kwargs).stdout.decode("utf-8", "surrogateescape").strip()

    def commit_of(self, ref: str) -> str | None:
        done = self.run("rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False)
        return done.stdout.decode().strip() if done.returncode == 0 else None

    def blob(self, commit: str, path: str) -> bytes | None:
        return self.blobs(commit, [path])[path]

    def blobs(self, commit: str, paths: list[str]) -> dict[str, bytes | None]:
        """The files ``paths`` as ``commit`` has them (None: it has none), read by one
        ``git cat-file --batch``."""
        if not paths:
            return {}
        out = self.run("cat-file", "--batch",
                       data="".join(f"{commit}:{p}\n" for p in paths).encode(
                           "utf-8", "surrogateescape")).stdout
        found: dict[str, bytes | None] = {}
        at = 0
        for path in paths:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                found[path] = out[end + 1:end + 1 + size]
                at = end + 1 + size + 1
            else:  # "<name> missing", or a folder: none
                found[path] = None
                at = end + 1
        return found


def _first_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()
             if line.strip() and not line.startswith("hint:")]
    return lines[-1] if lines else "no message"


# -- the repository -----------------------------------------------------------------------
def is_repository(root: str | os.PathLike[str]) -> bool:
    return (Path(root) / ".git").exists()


def remote_url(root: str | os.PathLike[str]) -> str | None:
    """The corpus's remote (``origin``), None when it has none or is no repository."""
    if not is_repository(root):
        return None
    done = Git(Path(root)).run("remote", "get-url", REMOTE, check=False)
    return done.stdout.decode("utf-8", "surrogateescape").strip() if done.returncode == 0 \
        else None


def clone(url: str, folder: str | os.PathLike[str]) -> Path:
    """A clone of the corpus at ``url`` in ``folder`` (new or empty)."""
    target = Path(folder)
    if target.exists() and any(target.iterdir()):
        raise SyncError("is a folder with files in it; a corpus is cloned into a new or "
                        "empty folder", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    existed = target.exists()
    try:
        return _cloned(url, target)
    except BaseException:
        # Nothing of a failed clone stays: the folder as it was (new: gone; empty: empty).
        if target.exists():
            for child in target.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
            if not existed:
                with contextlib.suppress(OSError):
                    target.rmdir()
        raise


def _cloned(url: str, target: Path) -> Path:
    git = Git(target.parent)
    git.run("clone", "-q", "--", url, str(target), timeout=NETWORK_TIMEOUT_S)
    cloned = Git(target)
    if cloned.commit_of("HEAD") is None:
        # The remote's HEAD names a branch it does not have (a bare repository made
        # with another default branch): take the corpus's branch.
        branches = cloned.text("for-each-ref", "--format=%(refname:strip=3)",
                               f"refs/remotes/{REMOTE}/").split()
        branches = [b for b in branches if b != "HEAD"]
        if branches:
            branch = DEFAULT_BRANCH if DEFAULT_BRANCH in branches else branches[0]
            cloned.run("checkout", "-q", "-B", branch, f"{REMOTE}/{branch}")
    if not (target / "corpus.xml").is_file():
        raise SyncError(f"{url} holds no corpus (no corpus.xml)", str(target))
    return target


@contextlib.contextmanager
def _sync_lock(git_dir: Path) -> Iterator[None]:
    """Held while a sync runs: a second sync of the same corpus waits for none, it is
    refused; the system lets go of it when the process dies (a kill included)."""
    path = git_dir / SYNC_LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl
        except ImportError:  # Windows: msvcrt's lock, released when the process dies too
            import msvcrt

            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                raise SyncError("another sync of this corpus is running",
                                str(git_dir.parent)) from None
        else:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise SyncError("another sync of this corpus is running",
                                str(git_dir.parent)) from None
        yield
    finally:
        os.close(fd)


class _Journal:
    """``.git/annotator-sync.json``: there while a sync runs; what it began to apply."""

    def __init__(self, git_dir: Path) -> None:
        self.path = git_dir / JOURNAL

    def read(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {"phase": "unknown"}

    def write(self, **state: str) -> None:
        from annotator.files import write_atomically

        write_atomically(self.path, json.dumps(state).encode("utf-8"))

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


# -- the sync -------------------------------------------------------------------------------
def sync(root: str | os.PathLike[str], annotator: str, remote: str | None = None,
         progress: Progress | None = None) -> SyncReport:
    """Commit the corpus's changes as ``annotator``, fetch, merge and push (see the
    module's text). ``remote``: the URL to sync with from now on (else the corpus's
    ``origin``; none: commit only)."""
    progress = progress or Progress()
    folder = Path(root)
    report = SyncReport()
    if not (folder / "corpus.xml").is_file():
        raise SyncError("is not a corpus: it has no corpus.xml", str(folder))
    git = Git(folder)
    if not is_repository(folder):
        progress.step("Making the corpus a Git repository…")
        git.run("init", "-q", "-b", DEFAULT_BRANCH)
    git_dir = Path(git.text("rev-parse", "--absolute-git-dir"))
    with _sync_lock(git_dir):
        journal = _Journal(git_dir)
        report.repaired = _repair(git, git_dir, journal)
        _branch(git)  # (a detached HEAD: said before anything is committed to it)
        _exclude_temporaries(git_dir)
        journal.write(phase="commit", pid=str(os.getpid()))
        if remote:
            _set_remote(git, remote)
        progress.step("Committing your work…")
        report.committed = _commit_all(git, annotator)
        report.remote = remote_url(folder)
        if report.remote is not None:
            git.never_ask()
            for _round in range(PUSH_ROUNDS):
                if _fetch_merge_push(git, journal, annotator, report, progress):
                    break
            else:
                report.offline = ("others kept pushing while this sync merged; your work is "
                                  "committed and merged")
        journal.clear()
    return report


def _set_remote(git: Git, url: str) -> None:
    known = git.run("remote", "get-url", REMOTE, check=False)
    if known.returncode != 0:
        git.run("remote", "add", REMOTE, url)
    elif known.stdout.decode("utf-8", "surrogateescape").strip() != url:
        git.run("remote", "set-url", REMOTE, url)


def _branch(git: Git) -> str:
    done = git.run("symbolic-ref", "-q", "--short", "HEAD", check=False)
    name = done.stdout.decode().strip()
    if done.returncode != 0 or not name:
        raise SyncError("the repository is not on a branch (a detached HEAD): check out "
                        "the corpus's branch with git first", str(git.root))
    return name


def _exclude_temporaries(git_dir: Path) -> None:
    """What the corpus's .gitignore names (the cache, locks, unfinished imports, a killed
    save's temporary files), also in the repository's own exclude file: a corpus made
    before its .gitignore named them all never commits them either."""
    from annotator.corpus.layout import GITIGNORE

    exclude = git_dir / "info" / "exclude"
    try:
        known = exclude.read_text(encoding="utf-8")
    except FileNotFoundError:
        known = ""
    if GITIGNORE in known:
        return
    exclude.parent.mkdir(exist_ok=True)
    with exclude.open("a", encoding="utf-8") as file:
        file.write(("\n" if known and not known.endswith("\n") else "") + GITIGNORE)


def _commit_all(git: Git, annotator: str) -> int:
    git.run("add", "-A")
    changed = git.run("diff", "--cached", "--name-only", "-z").stdout.split(b"\0")
    count = len([c for c in changed if c])
    if count:
        git.run("commit", "-q", "--no-verify", "-m",
                f"Annotator: work of {annotator or 'Anonymous'} ({count} files)",
                env=git.identity(annotator))
    return count


def _fetch_merge_push(git: Git, journal: _Journal, annotator: str, report: SyncReport,
                      progress: Progress) -> bool:
    """One round; True when done (pushed, nothing to push, or offline)."""
    branch = _branch(git)
    progress.step("Fetching from the remote…")
    fetched = git.run("fetch", "-q", REMOTE, check=False, timeout=NETWORK_TIMEOUT_S)
    if fetched.returncode != 0:
        report.offline = _first_line(fetched.stderr)
        return True
    report.offline = None
    ours = git.commit_of("HEAD")
    theirs = git.commit_of(f"refs/remotes/{REMOTE}/{branch}")
    if theirs is not None and ours is not None and theirs != ours:
        if not _is_ancestor(git, theirs, ours):
            progress.step("Merging…")
            new = (theirs if _is_ancestor(git, ours, theirs)
                   else _merge_commit(git, ours, theirs, annotator, report))
            report.changed += _apply(git, journal, ours, new)
            report.merged = True
            ours = new
    if ours is None or ours == theirs:
        return True
    progress.step("Pushing…")
    pushed = git.run("push", "-q", REMOTE, f"HEAD:refs/heads/{branch}", check=False,
                     timeout=NETWORK_TIMEOUT_S)
    if pushed.returncode == 0:
        report.pushed = True
        return True
    message = _first_line(pushed.stderr)
    if re.search(r"rejected|fetch first|non-fast-forward", pushed.stderr.decode("utf-8",
                                                                               "replace")):
        return False  # someone pushed in between: fetch and merge again
    report.offline = message
    return True


def _is_ancestor(git: Git, older: str, newer: str) -> bool:
    return git.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0


def _merge_commit(git: Git, ours: str, theirs: str, annotator: str,
                  report: SyncReport) -> str:
    """The merge of ``ours`` and ``theirs`` as a commit (nothing in the working tree or
    the index changes): Git's merge, with the files it could not merge merged by
    their entries."""
    if git.run("merge-base", ours, theirs, check=False).returncode != 0:
        raise SyncError("the remote holds another corpus (no history in common with this "
                        "one); clone it into a new folder instead", str(git.root))
    done = git.run("merge-tree", "--write-tree", "-z", "--no-messages", ours, theirs,
                   check=False)
    if done.returncode not in (0, 1):
        raise SyncError(f"git merge-tree failed: {_first_line(done.stderr)}", str(git.root))
    fields = done.stdout.split(b"\0")
    tree = fields[0].decode()
    conflicted: set[str] = set()
    for item in fields[1:]:
        if not item:
            break
        _info, _tab, path = item.partition(b"\t")
        conflicted.add(path.decode("utf-8", "surrogateescape"))
    # Git merges XML line by line: additions on both sides in different places merge
    # "cleanly" into a file its schema refuses (a listOrg after the listPlace). Every
    # XML file changed on both sides is merged by its entries instead.
    base = git.text("merge-base", ours, theirs)
    both = set(_changed_paths(git, base, ours)) & set(_changed_paths(git, base, theirs))
    both = sorted(p for p in both if p.endswith(".xml"))
    our_files, their_files = git.blobs(ours, both), git.blobs(theirs, both)
    both = {p for p in both if our_files[p] != their_files[p]}  # (the same change: done)
    to_merge = sorted(conflicted | both)
    if to_merge:
        tree = _resolved_tree(git, tree, to_merge, (base, ours, theirs), report)
    message = f"Annotator: sync of {annotator or 'Anonymous'} (merged the remote's work)"
    return git.text("commit-tree", tree, "-p", ours, "-p", theirs, "-m", message,
                    env=git.identity(annotator))


def _resolved_tree(git: Git, tree: str, paths: list[str], commits: tuple[str, str, str],
                   report: SyncReport) -> str:
    """``tree`` with each of ``paths`` merged by its entries (``commits``: the base,
    ours, theirs) and the conflicts' records added, written through an index of its own."""
    index = Path(git.text("rev-parse", "--absolute-git-dir")) / "annotator-merge-index"
    env = {"GIT_INDEX_FILE": str(index)}
    theirs = commits[2]
    try:
        git.run("read-tree", tree, env=env)
        for path in paths:
            base, ours, theirs_data = (git.blob(commit, path) for commit in commits)
            merged, conflicts = _merge_file(path, base, ours, theirs_data)
            if merged is None:
                git.run("update-index", "--force-remove", "--", path, env=env)
            else:
                oid = git.text("hash-object", "-w", "--stdin", "--path", path, data=merged)
                git.run("update-index", "--add", "--cacheinfo", f"100644,{oid},{path}",
                        env=env)
            for conflict in conflicts:
                record = _conflict_record_path(path, conflict.entry_id, theirs)
                oid = git.text("hash-object", "-w", "--stdin",
                               data=_conflict_record(path, conflict, theirs))
                git.run("update-index", "--add", "--cacheinfo", f"100644,{oid},{record}",
                        env=env)
                report.conflicts.append(SyncConflict(path, conflict.entry_id, record))
        return git.text("write-tree", env=env)
    finally:
        with contextlib.suppress(FileNotFoundError):
            index.unlink()


def _merge_file(path: str, base: bytes | None, ours: bytes | None, theirs: bytes | None
                ) -> tuple[bytes | None, list[xml_merge.Conflict]]:
    """A file both sides changed: merged by entries if it is XML; else ours, with theirs
    kept as a conflict. Removed on one side and changed on the other: kept."""
    if ours is None or theirs is None:
        return (ours if ours is not None else theirs), []
    if path.endswith(".xml"):
        try:
            merged = xml_merge.merge(base, ours, theirs)
            return _in_its_own_form(path, merged.data), merged.conflicts
        except xml_merge.NotMergeable:
            pass
    return ours, [xml_merge.Conflict(xml_merge.WHOLE_FILE, ours, theirs)]


def _in_its_own_form(path: str, data: bytes) -> bytes:
    """A merged corpus file as its own writer writes it (the order its schema wants);
    as merged when it does not read (``corpus check`` then names it)."""
    from annotator.corpus import layout, tei_files

    data = _entity_lists_in_order(data)
    try:
        if path == layout.REGISTER_FILE:
            entities = tei_files.read_register(data, path)
            return tei_files.register_bytes(sorted(entities, key=lambda e: e.id)) or data
        if path == layout.CORPUS_FILE:
            return tei_files.corpus_bytes(*tei_files.read_corpus_file(data, path))
    except AnnotatorError:
        pass
    return data


def _entity_lists_in_order(data: bytes) -> bytes:
    """The entity lists of a TEI ``standOff`` in the order the writer gives them (a merge
    adds a list where the other side had none, and cannot know that order)."""
    from lxml import etree

    from annotator.tei.parsing import parse_xml
    from annotator.tei.writer import ENTITY_ELEMENTS

    order = [names[0] for names in ENTITY_ELEMENTS.values()]
    try:
        tree = parse_xml(data)[0]
    except AnnotatorError:
        return data
    moved = False
    for stand_off in tree.getroot().iter("{http://www.tei-c.org/ns/1.0}standOff"):
        lists = [c for c in stand_off if isinstance(c.tag, str)
                 and etree.QName(c).localname in order]
        wanted = sorted(lists, key=lambda c: order.index(etree.QName(c).localname))
        if wanted == lists:
            continue
        moved = True
        places = [stand_off.index(c) for c in lists]
        tails = [c.tail for c in lists]
        for c in lists:
            stand_off.remove(c)
        for place, element, tail in zip(places, wanted, tails, strict=True):
            element.tail = tail
            stand_off.insert(place, element)
    if not moved:
        return data
    return xml_merge.serialise(tree, data)


def _conflict_record_path(path: str, entry_id: str, theirs: str) -> str:
    from annotator.model.entities import slug

    name = slug(f"{path.removesuffix('.xml')} {entry_id or 'file'}", limit=80) or "conflict"
    return f"{CONFLICTS}/{name}-{theirs[:10]}.xml"


def _conflict_record(path: str, conflict: xml_merge.Conflict, theirs: str) -> bytes:
    """A conflict's file: which file and entry, and both versions (each as it was)."""
    from lxml import etree

    root = etree.Element("conflict", path=path, entry=conflict.entry_id, theirs=theirs,
                         when=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    for side, data in (("ours", conflict.ours), ("theirs", conflict.theirs)):
        etree.SubElement(root, side).text = data.decode("utf-8", "surrogateescape")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)


# -- applying a merge to the working tree -----------------------------------------------------
def _apply(git: Git, journal: _Journal, old: str, new: str) -> list[str]:
    """Make the working tree, the index and the branch ``new`` (from ``old``), each
    changed file written whole (atomically); the journal says what was begun, so a
    killed apply is finished by the next sync."""
    journal.write(phase="apply", old=old, new=new, pid=str(os.getpid()))
    changed = _changed_paths(git, old, new)
    local = _locally_changed(git)
    touched = sorted(set(changed) & local)
    if touched:
        raise SyncError("files changed while the sync ran (" + ", ".join(touched[:3])
                        + "); nothing was merged: sync again", str(git.root))
    _write_tree_files(git, new, changed, old, finish=False)
    _move_branch(git, old, new)
    return changed


def _changed_paths(git: Git, old: str, new: str) -> list[str]:
    out = git.run("diff", "--name-only", "-z", "--no-renames", old, new).stdout
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def _locally_changed(git: Git) -> set[str]:
    out = git.run("status", "--porcelain", "-z", "--untracked-files=all").stdout
    return {entry[3:].decode("utf-8", "surrogateescape") for entry in out.split(b"\0")
            if len(entry) > 3}


def _write_tree_files(git: Git, new: str, paths: list[str], old: str, finish: bool) -> None:
    """Write each of ``paths`` as ``new`` has it (or remove it). ``finish`` (repairing a
    killed apply): a file that is neither as ``old`` nor as ``new`` had it was changed
    by the user since, and is left as it is."""
    from annotator.files import AtomicBatch

    new_files = git.blobs(new, paths)
    old_files = git.blobs(old, paths) if finish else {}
    # Written in batches (one flush to disk for many files; each file old or new, whole).
    batch = AtomicBatch()
    for path in paths:
        target = git.root / path
        wanted = new_files[path]
        if finish:
            now = target.read_bytes() if target.is_file() else None
            if now != wanted and now != old_files[path]:
                continue
        if wanted is None:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            _remove_empty_folders(target.parent, git.root)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.is_file() or target.read_bytes() != wanted:
                batch.add(target, wanted)
                if len(batch) >= _BATCH_FILES:
                    _commit_batch(batch)
    _commit_batch(batch)


# Files written per flush to disk (each holds an open file until then).
_BATCH_FILES = 256


def _commit_batch(batch) -> None:  # batch: files.AtomicBatch
    for _path, failure in batch.commit() if len(batch) else []:
        if failure is not None:
            raise failure


def _remove_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir():
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _move_branch(git: Git, old: str, new: str) -> None:
    git.run("read-tree", new)
    git.run("update-ref", "-m", "annotator sync", "HEAD", new, old)
    git.run("update-index", "-q", "--refresh", check=False)


# -- repairing what a killed sync left ---------------------------------------------------------
def _repair(git: Git, git_dir: Path, journal: _Journal) -> list[str]:
    """Undo or finish what a sync killed before its end left (we hold the sync lock, so
    none is running)."""
    state = journal.read()
    repaired: list[str] = []
    if state is None:
        if (git_dir / "index.lock").exists():
            raise SyncError("another Git program is working in this corpus (.git/index.lock "
                            "exists); if none is, remove that file and sync again",
                            str(git.root))
        return repaired
    for name in _GIT_LOCKS:
        lock = git_dir / name
        if lock.exists():
            lock.unlink()
            repaired.append(f"removed the stale lock .git/{name}")
    for lock in (git_dir / "refs").rglob("*.lock"):
        lock.unlink()
        repaired.append(f"removed the stale lock {lock.relative_to(git_dir.parent)}")
    with contextlib.suppress(FileNotFoundError):
        (git_dir / "annotator-merge-index").unlink()
    if state.get("phase") == "apply":
        old, new = state.get("old", ""), state.get("new", "")
        head = git.commit_of("HEAD")
        if head == old and git.commit_of(new) == new:
            _write_tree_files(git, new, _changed_paths(git, old, new), old, finish=True)
            _move_branch(git, old, new)
            repaired.append("finished the merge a stopped sync had begun")
        elif head == new:
            git.run("update-index", "-q", "--refresh", check=False)
    journal.clear()
    return repaired


# -- deciding conflicts ---------------------------------------------------------------------------
@dataclass(frozen=True)
class KeptConflict:
    """A conflict's file as found in ``conflicts/``."""

    record: Path
    path: str
    entry_id: str
    ours: str
    theirs: str


def conflicts(root: str | os.PathLike[str]) -> list[KeptConflict]:
    """The conflicts waiting to be decided, oldest first by name."""
    from annotator.tei.parsing import parse_xml

    folder = Path(root) / CONFLICTS
    found = []
    for record in sorted(folder.glob("*.xml")) if folder.is_dir() else []:
        try:
            element = parse_xml(record.read_bytes(), str(record))[0].getroot()
        except (OSError, AnnotatorError):
            continue
        found.append(KeptConflict(record, element.get("path", ""), element.get("entry", ""),
                                  element.findtext("ours") or "", element.findtext("theirs") or ""))
    return found


def resolve(root: str | os.PathLike[str], conflict: KeptConflict, keep: str) -> None:
    """Decide a conflict: ``keep`` "ours" (the file stays) or "theirs" (their version of
    the entry, or of the whole file, replaces ours). Its record is removed; the next sync
    shares the decision."""
    from annotator.files import write_atomically
    from annotator.tei.parsing import parse_xml

    if keep not in ("ours", "theirs"):
        raise ValueError(keep)
    target = Path(root) / conflict.path
    if keep == "theirs":
        if conflict.entry_id == xml_merge.WHOLE_FILE:
            write_atomically(target, conflict.theirs.encode("utf-8", "surrogateescape"))
        else:
            tree = parse_xml(target.read_bytes(), str(target))[0].getroot()
            theirs = parse_xml(conflict.theirs.encode("utf-8"), str(conflict.record))[0] \
                .getroot()
            present = xml_merge.entries(tree).get(conflict.entry_id)
            if present is None:
                raise SyncError(f"has no entry {conflict.entry_id!r} any more", str(target))
            # (their version of the entry itself; entries nested in it stay as they are)
            xml_merge.replace_own(present, theirs)
            write_atomically(target, xml_merge.serialise(tree.getroottree(),
                                                         target.read_bytes()))
    conflict.record.unlink()
    _remove_empty_folders(conflict.record.parent, Path(root))
