"""A three-way merge of two versions of an XML file by its entries' ``xml:id``
(docs/team.md#sync), for the shared files Git could not merge line by line.

Each element with an ``xml:id`` is an *entry*. Per entry, of the common ancestor
(``base``), ``ours`` and ``theirs``: a version changed on one side only wins (added,
edited or removed); the same change on both sides is taken once; two different changes
of the same entry are a **conflict**: ours stays in the file and theirs is handed back
(``Conflict``) for the caller to keep and ask about. An entry removed on one side and
changed on the other is kept (nothing changed is ever dropped). What lies outside the
entries (a header, the corpus's title) is taken from the side that changed it; changed
on both sides, ours stays and theirs is a conflict with the id ``""``.

An entry's own content is the element without the entries nested in it, so a new
tag nested in a category and a new colour of that category are two changes, not one.
No Qt and no files here: bytes in, bytes out.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
WHOLE_FILE = ""  # the id of a conflict over what lies outside the entries


class NotMergeable(ValueError):
    """A version is not well-formed XML (or not XML at all)."""


@dataclass(frozen=True)
class Conflict:
    """An entry both sides changed differently: ``ours`` is in the merged file,
    ``theirs`` is not (serialised elements; for ``WHOLE_FILE`` the whole files)."""

    entry_id: str
    ours: bytes
    theirs: bytes


@dataclass
class Merged:
    data: bytes
    conflicts: list[Conflict]


def _parse(data: bytes | None) -> etree._Element | None:
    if data is None:
        return None
    from annotator.errors import AnnotatorError
    from annotator.tei.parsing import parse_xml

    try:
        return parse_xml(data)[0].getroot()  # (the hardened parser: no DTD, no entities)
    except AnnotatorError as exc:
        raise NotMergeable(str(exc)) from None


def entries(root: etree._Element | None) -> dict[str, etree._Element]:
    """The elements with an ``xml:id`` of ``root``'s tree, by id."""
    if root is None:
        return {}
    return {e.get(XML_ID): e for e in root.iter() if isinstance(e.tag, str) and e.get(XML_ID)}


def _bare(element: etree._Element) -> etree._Element:
    """A copy of ``element`` without the entries nested in it (their tails kept out too)."""
    clone = copy.deepcopy(element)
    for nested in [e for e in clone.iterdescendants() if isinstance(e.tag, str)
                   and e.get(XML_ID)]:
        if nested.getparent() is not None:
            _drop(nested)
    return clone


def _drop(element: etree._Element) -> None:
    """Remove ``element``, keeping the text that followed it only if it is not space."""
    parent = element.getparent()
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _signature(element: etree._Element | None, own: bool = True) -> bytes | None:
    """What an entry (or, with ``own`` False on a root, the file outside the entries)
    says, spaces between elements ignored."""
    if element is None:
        return None
    bare = _bare(element)
    bare.tail = None
    # A container left empty once its entries are out (a listPlace) says nothing of its
    # own: one side adding the first place and the other the first organisation is no
    # change of the file's outside.
    for e in reversed(list(bare.iterdescendants())):
        if isinstance(e.tag, str) and not len(e) and not (e.text or "").strip() \
                and not e.attrib:
            _drop(e)
    for e in bare.iter():
        if e.text is not None and not e.text.strip() and len(e):
            e.text = None
        if e is not bare and e.tail is not None and not e.tail.strip():
            e.tail = None
    return etree.tostring(bare, method="c14n")


def _decide(base: bytes | None, ours: bytes | None, theirs: bytes | None) -> str:
    """Which side's version of an entry the merge keeps: "ours", "theirs" or "both"."""
    if ours == theirs or theirs == base:
        return "ours"
    if ours == base:
        return "theirs"
    if ours is None:  # removed by us, changed by them: kept
        return "theirs"
    if theirs is None:  # changed by us, removed by them: kept
        return "ours"
    return "both"


def merge(base: bytes | None, ours: bytes | None, theirs: bytes | None) -> Merged:
    """Merge ``ours`` and ``theirs`` (either may be None: removed) with ``base`` as the
    common ancestor (None: both added the file)."""
    if ours is None or theirs is None:  # removed on one side: keep the other, whole
        kept = ours if ours is not None else theirs
        return Merged(kept or b"", [])
    base_root, our_root, their_root = _parse(base), _parse(ours), _parse(theirs)
    conflicts: list[Conflict] = []
    # What lies outside the entries: from the side that changed it.
    outside = [_signature(r) if r is not None else None for r in (base_root, our_root,
                                                                  their_root)]
    # (the root may itself be an entry: its id is then looked at below as any other)
    side = _decide(*outside)
    if side == "both":
        conflicts.append(Conflict(WHOLE_FILE, ours, theirs))
        side = "ours"
    # (the tree, not the root alone: processing instructions before the root stay)
    result_tree = copy.deepcopy((our_root if side == "ours" else their_root).getroottree())
    result = result_tree.getroot()
    base_entries, our_entries, their_entries = (entries(base_root), entries(our_root),
                                               entries(their_root))
    order = list(their_entries) + [i for i in our_entries if i not in their_entries]
    present_entries = entries(result)  # kept up to date below (one walk, not one per entry)
    for entry_id in order:
        base_e, our_e, their_e = (base_entries.get(entry_id), our_entries.get(entry_id),
                                  their_entries.get(entry_id))
        decision = _decide(_signature(base_e), _signature(our_e), _signature(their_e))
        if decision == "both":
            conflicts.append(Conflict(entry_id, _serialised(our_e), _serialised(their_e)))
            decision = "ours"
        wanted = our_e if decision == "ours" else their_e
        present = present_entries.get(entry_id)
        if wanted is None:
            if present is not None:
                _remove_keeping_entries(present)
                del present_entries[entry_id]
            continue
        if present is None:
            present_entries[entry_id] = _insert(result, wanted, present_entries)
        elif _signature(present) != _signature(wanted):
            present_entries[entry_id] = replace_own(present, wanted)
    return Merged(serialise(result_tree, ours), conflicts)


def _serialised(element: etree._Element) -> bytes:
    clone = copy.deepcopy(element)
    clone.tail = None
    return etree.tostring(clone, encoding="utf-8")


def serialise(tree: etree._ElementTree, like: bytes) -> bytes:
    """``tree`` as a file, with an XML declaration as Annotator writes it if ``like`` (the
    file it came from) has one."""
    data = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
    if like.lstrip().startswith(b"<?xml"):
        data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + data
    return data if data.endswith(b"\n") else data + b"\n"


def _top_entries(element: etree._Element) -> list[tuple[etree._Element, list[etree._Element]]]:
    """The entries nested in ``element`` with no entry between, each with the elements
    between (outermost first)."""
    found = []
    for e in element.iterdescendants():
        if not isinstance(e.tag, str) or not e.get(XML_ID):
            continue
        between = []
        for a in e.iterancestors():
            if a is element:
                break
            between.insert(0, a)
        if not any(a.get(XML_ID) for a in between):
            found.append((e, between))
    return found


def _remove_keeping_entries(element: etree._Element) -> None:
    """Remove an entry; entries nested in it (decided on their own) move to its place."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, (entry, _between) in enumerate(_top_entries(element)):
        entry.getparent().remove(entry)
        parent.insert(index + 1 + offset, entry)
    _drop(element)


def replace_own(present: etree._Element, wanted: etree._Element) -> etree._Element:
    """Make ``present`` say what ``wanted`` says, keeping the entries nested in it;
    returns the element now in its place."""
    parent = present.getparent()
    fresh = _bare(wanted)
    for entry, between in _top_entries(present):
        entry.getparent().remove(entry)
        _descend(fresh, between).append(entry)
    fresh.tail = present.tail
    if parent is not None:
        parent.replace(present, fresh)
    return fresh


def _insert(result: etree._Element, wanted: etree._Element,
            present: dict[str, etree._Element]) -> etree._Element:
    """Add the entry ``wanted`` (without its nested entries, which come in their turn)
    where its own file has it: under the same entry, or at the same path of elements."""
    fresh = _bare(wanted)
    parent = _matching_parent(result, wanted, present)
    # After the last sibling of the same name, or at the end; indented as it.
    siblings = [c for c in parent if c.tag == fresh.tag]
    if siblings:
        anchor = siblings[-1]
        fresh.tail = anchor.tail
        anchor.tail = wanted.tail if wanted.tail is not None and not wanted.tail.strip() \
            else anchor.tail
        anchor.addnext(fresh)
    else:
        fresh.tail = wanted.tail if wanted.tail is not None and not wanted.tail.strip() else None
        parent.append(fresh)
    return fresh


def _matching_parent(result: etree._Element, wanted: etree._Element,
                     present: dict[str, etree._Element]) -> etree._Element:
    chain: list[etree._Element] = []
    for ancestor in wanted.iterancestors():
        if ancestor.get(XML_ID):
            found = present.get(ancestor.get(XML_ID))
            if found is not None:
                return _descend(found, chain)
        chain.insert(0, ancestor)
    # No entry above it: follow the names from the root down (the root itself first).
    if chain and chain[0].tag == result.tag:
        return _descend(result, chain[1:])
    return result


def _descend(start: etree._Element, chain: list[etree._Element]) -> etree._Element:
    """The element reached from ``start`` by the names of ``chain`` (made if missing)."""
    here = start
    for step in chain:
        found = next((c for c in here if c.tag == step.tag and not c.get(XML_ID)
                      and dict(c.attrib) == dict(step.attrib)), None)
        if found is None:
            found = next((c for c in here if c.tag == step.tag and not c.get(XML_ID)), None)
        if found is None:
            found = _made_like(here, step)
        here = found
    return here


def _made_like(here: etree._Element, step: etree._Element) -> etree._Element:
    """A new element in ``here`` like ``step``, placed after the element that precedes
    ``step`` in its own document (schemas often fix the order: listOrg before listPlace)."""
    made = etree.Element(step.tag, dict(step.attrib))
    for before in step.itersiblings(preceding=True):
        if not isinstance(before.tag, str):
            continue
        anchor = next((c for c in reversed(here) if c.tag == before.tag), None)
        if anchor is not None:
            made.tail = anchor.tail
            anchor.addnext(made)
            return made
    if len(here):
        made.tail = here.text
        here.insert(0, made)
    else:
        here.append(made)
    return made
