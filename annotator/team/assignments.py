"""Who annotates which document of a corpus (docs/team.md#annotators-and-assignments).

Assignments are kept as **one append-only log per person who assigns**:
``assignments/ID.xml`` holds the assignments ``ID`` made (the corpus owner assigning
documents to a team, or an annotator taking documents from the queue). Nobody writes
another person's log, so concurrent assignments from different clones are different
files and merge in Git without a conflict; the same person assigning on two machines
changes one file, which the sync merges by entry ids (each entry is written once and
never changed). Reading puts all logs together in time order.

    <assignments by="ana">
      <require xml:id="rq-…" when="2026-12-07T23:05:01.052113Z" annotators="2"/>
      <assign xml:id="as-…" when="2026-12-07T23:05:01.052113Z" document="doc-id" annotator="bo"/>
      <unassign xml:id="un-…" when="…" document="doc-id" annotator="bo"/>
    </assignments>

A document's **state**: ``curated`` when ``documents/ID/curated.xml`` exists; else
``annotated`` when every annotator assigned to it (and at least as many as the corpus
requires) has set their status to done; else ``assigned`` when someone is assigned;
else ``open``. No Qt here.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from annotator.corpus import layout
from annotator.errors import AnnotatorError, ReadError
from annotator.team.annotators import annotator_id, is_annotator_id
from annotator.tei.parsing import parse_xml

FOLDER = "assignments"  # at the corpus's root: one log per person who assigns
__all__ = ["STATES", "DocumentTeam", "Team", "annotator_id", "assign", "document_teams",
           "is_annotator_id", "queue", "read_team", "take_next", "unassign"]
STATES = ("open", "assigned", "annotated", "curated")
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_counter = itertools.count(1)


@dataclass
class Team:
    """The assignments of a corpus, as all logs together say."""

    required: int = 1  # annotators each document needs
    assigned: dict[str, list[str]] = field(default_factory=dict)  # document -> annotators

    def of(self, annotator: str) -> list[str]:
        """The documents assigned to ``annotator``, sorted."""
        return sorted(doc for doc, who in self.assigned.items() if annotator in who)

    def load(self) -> dict[str, int]:
        """How many documents each annotator has."""
        counts: dict[str, int] = {}
        for who in self.assigned.values():
            for annotator in who:
                counts[annotator] = counts.get(annotator, 0) + 1
        return counts


@dataclass(frozen=True)
class DocumentTeam:
    """What the document list shows of a document's team."""

    assigned: tuple[str, ...]
    annotated: tuple[str, ...]  # annotators with a file, whether assigned or not
    done: tuple[str, ...]  # annotators whose status is done
    state: str


def log_path(root: Path, writer: str) -> Path:
    return root / FOLDER / f"{writer}.xml"


def read_team(root: str | os.PathLike[str]) -> Team:
    """The corpus's assignments (every log in ``assignments/``)."""
    folder = Path(root) / FOLDER
    # In time order; within one log (whose entries are appended) in the order written,
    # so that an unassign a second after its assign is later even in the same second.
    events: list[tuple[str, str, int, etree._Element]] = []
    for path in sorted(folder.glob("*.xml")) if folder.is_dir() else []:
        for position, element in enumerate(_read_log(path)):
            events.append((element.get("when", ""), path.name, position, element))
    team = Team()
    pairs: dict[tuple[str, str], bool] = {}
    for *_order, element in sorted(events, key=lambda e: e[:3]):
        if element.tag == "require":
            try:
                team.required = max(1, int(element.get("annotators", "1")))
            except ValueError:
                continue
        elif element.tag in ("assign", "unassign"):
            key = (element.get("document", ""), element.get("annotator", ""))
            if all(key):
                pairs[key] = element.tag == "assign"
    for (doc, who), on in sorted(pairs.items()):
        if on:
            team.assigned.setdefault(doc, []).append(who)
    return team


def _read_log(path: Path) -> list[etree._Element]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    root = parse_xml(data, str(path))[0].getroot()  # (the hardened parser; ReadError)
    if root.tag != "assignments":
        raise ReadError("is no assignments file (its root is not <assignments>)", str(path))
    return [e for e in root if isinstance(e.tag, str)]


def _append(root: Path, writer: str, entries: Iterable[tuple[str, dict[str, str]]]) -> int:
    """Add entries to ``writer``'s log (written whole, atomically)."""
    from annotator.files import write_atomically

    if not is_annotator_id(writer):
        raise AnnotatorError(f"{writer!r} is not an annotator id (lower-case letters, "
                             "digits and hyphens)")
    path = log_path(root, writer)
    if path.exists():
        tree = parse_xml(path.read_bytes(), str(path))[0].getroot()
    else:
        tree = etree.Element("assignments", by=writer)
    # To the microsecond: an unassign and a new assign by another person within the
    # same second still come in the order they were made (on machines whose clocks agree).
    now = datetime.now(UTC)
    when = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    stamp = now.strftime("%Y%m%dT%H%M%S%f")
    added = 0
    taken = {e.get(XML_ID) for e in tree}
    for kind, attributes in entries:
        prefix = {"require": "rq", "assign": "as", "unassign": "un"}[kind]
        entry_id = f"{prefix}-{stamp}-{writer}-{os.getpid()}-{next(_counter)}"
        while entry_id in taken:
            entry_id = f"{prefix}-{stamp}-{writer}-{os.getpid()}-{next(_counter)}"
        element = etree.SubElement(tree, kind, when=when, **attributes)
        element.set(XML_ID, entry_id)
        added += 1
    if added:
        path.parent.mkdir(exist_ok=True)
        etree.indent(tree)
        write_atomically(path, etree.tostring(tree, encoding="utf-8", xml_declaration=True)
                         + b"\n")
    return added


def assign(root: str | os.PathLike[str], writer: str, annotators: list[str],
           per_document: int, documents: list[str]) -> dict[str, list[str]]:
    """Give each of ``documents`` ``per_document`` annotators from ``annotators``,
    balanced: a document keeps whom it has; each place goes to the annotator with the
    fewest documents so far (ties: in the order given). Records the requirement and the
    new assignments in ``writer``'s log; returns the new ones by document."""
    folder = Path(root)
    for who in annotators:
        if not is_annotator_id(who):
            raise AnnotatorError(f"{who!r} is not an annotator id (lower-case letters, "
                                 "digits and hyphens, as their file names are)")
    if len(set(annotators)) != len(annotators):
        raise AnnotatorError("an annotator is named twice")
    if not 1 <= per_document <= len(annotators):
        raise AnnotatorError(f"--per-document must be between 1 and the number of "
                             f"annotators ({len(annotators)})")
    team = read_team(folder)
    load = {who: team.load().get(who, 0) for who in annotators}
    new: dict[str, list[str]] = {}
    entries: list[tuple[str, dict[str, str]]] = []
    if team.required != per_document:
        entries.append(("require", {"annotators": str(per_document)}))
    for doc in documents:
        has = list(team.assigned.get(doc, []))
        while len(has) < per_document:
            free = [who for who in annotators if who not in has]
            if not free:
                break
            chosen = min(free, key=lambda who: (load[who], annotators.index(who)))
            has.append(chosen)
            load[chosen] += 1
            new.setdefault(doc, []).append(chosen)
            entries.append(("assign", {"document": doc, "annotator": chosen}))
    _append(folder, writer, entries)
    return new


def unassign(root: str | os.PathLike[str], writer: str, document: str, annotator: str) -> None:
    _append(Path(root), writer, [("unassign", {"document": document, "annotator": annotator})])


def queue(team: Team, documents: list[str], annotator: str) -> list[str]:
    """The documents ``annotator`` may take: those that still need annotators and are
    not theirs already, in the order given."""
    return [doc for doc in documents if annotator not in team.assigned.get(doc, [])
            and len(team.assigned.get(doc, [])) < team.required]


def take_next(root: str | os.PathLike[str], annotator: str, documents: list[str]
              ) -> str | None:
    """Assign the first document of ``annotator``'s queue to them (recorded in their own
    log); None when the queue is empty."""
    waiting = queue(read_team(root), documents, annotator)
    if not waiting:
        return None
    _append(Path(root), annotator, [("assign", {"document": waiting[0],
                                                "annotator": annotator})])
    return waiting[0]


def document_teams(root: str | os.PathLike[str], statuses: dict[str, dict[str, str]],
                   team: Team | None = None) -> dict[str, DocumentTeam]:
    """Per document (``statuses``: document -> annotator id -> status, as the index has
    them): who is assigned, who annotated, who is done, and its state."""
    folder = Path(root)
    team = team if team is not None else read_team(folder)
    found: dict[str, DocumentTeam] = {}
    for doc, by_annotator in statuses.items():
        assigned = tuple(team.assigned.get(doc, []))
        annotated = tuple(sorted(by_annotator))
        done = tuple(sorted(who for who in annotated if by_annotator[who] == "done"))
        if layout.curated_path(folder, doc).exists():  # (annotator/team/curation.py)
            state = "curated"
        elif done and len(done) >= team.required and set(assigned) <= set(done):
            state = "annotated"
        elif assigned:
            state = "assigned"
        else:
            state = "open"
        found[doc] = DocumentTeam(assigned, annotated, done, state)
    return found
