"""What the model says, in the window's language: what Edit ▸ Undo and Redo name,
and why an edit was refused.

The model describes each ``Edit`` in English ("Tag as Actor (new entity “Pete
Hegseth”)", ``annotator.model.edits``) and refuses one with an English
``AnnotationError``: it knows no Qt and no translation. The window recognises those
texts here and says them through ``tr``; a text it does not know (a new kind of edit
or refusal) is shown as the model wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from annotator.gui.i18n import field_label, tr
from annotator.model.tagset import default_tagset

# The built-in tags' and fields' labels that the descriptions quote.
_LABELS = {tag.label for tag in default_tagset()}
_FIELDS = {attr.label: attr.name for tag in default_tagset() for attr in tag.attributes}


def _tag(label: str) -> str:
    return tr(label) if label in _LABELS else label


def _field(label: str) -> str:
    return field_label(_FIELDS[label], label) if label in _FIELDS else label


# (pattern of the model's description, what the window says); the longest first.
_WHOLE: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Tag as (.+)"), lambda m: tr("Tag as {tag}").format(tag=_tag(m[1]))),
    (re.compile(r"Retag as (.+)"), lambda m: tr("Retag as {tag}").format(tag=_tag(m[1]))),
    (re.compile(r"Add (\d+) annotations"),
     lambda m: tr("Add %Ln annotation(s)", "", int(m[1]))),
    (re.compile(r"Delete annotation"), lambda m: tr("Delete annotation")),
    (re.compile(r"Delete (\d+) annotations"),
     lambda m: tr("Delete %Ln annotation(s)", "", int(m[1]))),
    (re.compile(r"Set attributes"), lambda m: tr("Set attributes")),
    (re.compile(r"Set attribute"), lambda m: tr("Set attribute")),
    (re.compile(r"Set identifiers of “(.+)”"),
     lambda m: tr("Set identifiers of “{name}”").format(name=m[1])),
    (re.compile(r"Set (.+)"), lambda m: tr("Set {field}").format(field=_field(m[1]))),
    (re.compile(r"Edit note"), lambda m: tr("Edit note")),
    (re.compile(r"Remove note"), lambda m: tr("Remove note")),
    (re.compile(r"Edit tagset"), lambda m: tr("Edit tagset")),
    (re.compile(r"New entity “(.+)”"), lambda m: tr("New entity “{name}”").format(name=m[1])),
    (re.compile(r"Rename entity to “(.+)”"),
     lambda m: tr("Rename entity to “{name}”").format(name=m[1])),
    (re.compile(r"Link to “(.+)”"), lambda m: tr("Link to “{name}”").format(name=m[1])),
    (re.compile(r"Unlink from entity"), lambda m: tr("Unlink from entity")),
    (re.compile(r"Delete entity “(.+)”"),
     lambda m: tr("Delete entity “{name}”").format(name=m[1])),
    (re.compile(r"Delete the unused entity “(.+)”"),
     lambda m: tr("Delete the unused entity “{name}”").format(name=m[1])),
    (re.compile(r"Delete (\d+) unused entities"),
     lambda m: tr("Delete %Ln unused entities", "", int(m[1]))),
    (re.compile(r"Merge (.+) into “(.+)”"),
     lambda m: tr("Merge {names} into “{name}”").format(names=m[1], name=m[2])),
    (re.compile(r"Split “(.+)” from “(.+)”"),
     lambda m: tr("Split “{part}” from “{name}”").format(part=m[1], name=m[2])),
]
_SUFFIXES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r" \(linked to “([^”]+)”\)$"),
     lambda m: tr(" (linked to “{name}”)").format(name=m[1])),
    (re.compile(r" \(new entity “([^”]+)”\)$"),
     lambda m: tr(" (new entity “{name}”)").format(name=m[1])),
    (re.compile(r" \((\d+) new entities\)$"),
     lambda m: tr(" (%Ln new entities)", "", int(m[1]))),
    (re.compile(r" \((\d+) linked, (\d+) new entities\)$"),
     lambda m: tr(" ({linked} linked, {new} new entities)").format(linked=m[1], new=m[2])),
    (re.compile(r" \(and (\d+) references? to it\)$"),
     lambda m: tr(" (and %Ln reference(s) to it)", "", int(m[1]))),
    (re.compile(r" and entity “([^”]+)”$"),
     lambda m: tr(" and entity “{name}”").format(name=m[1])),
    (re.compile(r" and (\d+) entities$"), lambda m: tr(" and %Ln entities", "", int(m[1]))),
]


_REFUSALS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"“(.+)” is already annotated as (.+)", re.S),
     lambda m: tr("“{text}” is already annotated as {tag}").format(text=m[1], tag=_tag(m[2]))),
    (re.compile(r"already tagged as (.+)"),
     lambda m: tr("already tagged as {tag}").format(tag=_tag(m[1]))),
    (re.compile(r"the selection holds no text to annotate"),
     lambda m: tr("the selection holds no text to annotate")),
    (re.compile(r"nothing to annotate"), lambda m: tr("nothing to annotate")),
    (re.compile(r"no annotation selected"), lambda m: tr("no annotation selected")),
    (re.compile(r"a note cannot contain control characters"),
     lambda m: tr("a note cannot contain control characters")),
    (re.compile(r"already linked to “(.+)”"),
     lambda m: tr("already linked to “{name}”").format(name=m[1])),
    (re.compile(r"not linked to an entity"), lambda m: tr("not linked to an entity")),
    (re.compile(r"choose at least two entities to merge"),
     lambda m: tr("choose at least two entities to merge")),
    (re.compile(r"choose the mentions to split off"),
     lambda m: tr("choose the mentions to split off")),
    (re.compile(r"(.+): an annotation cannot refer to itself"),
     lambda m: tr("{field}: an annotation cannot refer to itself").format(field=_field(m[1]))),
    (re.compile(r"a tag needs a label"), lambda m: tr("a tag needs a label")),
]


# What opening or saving a file noticed (``annotator.files`` and
# ``formats.plaintext``): said in the status bar and the Document panel.
_NOTES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"read as (.+) \(byte-order mark found\)"),
     lambda m: tr("read as {encoding} (byte-order mark found)").format(encoding=m[1])),
    (re.compile(r"read as (.+) \(no byte-order mark; recognised by its NUL bytes\) — check "
                r"the text"),
     lambda m: tr("read as {encoding} (no byte-order mark; recognised by its NUL bytes) — "
                  "check the text").format(encoding=m[1])),
    (re.compile(r"not UTF-8 \(first invalid byte on line (\d+)\); read as Windows-1252 "
                r"\(Western European\) — check special characters"),
     lambda m: tr("not UTF-8 (first invalid byte on line {line}); read as Windows-1252 "
                  "(Western European) — check special characters").format(line=m[1])),
    (re.compile(r"contains control characters of the range U\+0080–U\+009F \(first "
                r"(U\+[0-9A-F]{4}) on line (\d+)\); kept as they are, but they usually mean "
                r"the text was once decoded with the wrong encoding"),
     lambda m: tr("contains control characters of the range U+0080–U+009F (first {char} on "
                  "line {line}); kept as they are, but they usually mean the text was once "
                  "decoded with the wrong encoding").format(char=m[1], line=m[2])),
    (re.compile(r"line endings converted to LF \(Windows CRLF\)"),
     lambda m: tr("line endings converted to LF (Windows CRLF)")),
    (re.compile(r"line endings converted to LF \(old Mac CR\)"),
     lambda m: tr("line endings converted to LF (old Mac CR)")),
    (re.compile(r"paragraphs are separated by one blank line; the other blank lines between "
                r"them \(and lines of only spaces\) are not kept"),
     lambda m: tr("paragraphs are separated by one blank line; the other blank lines between "
                  "them (and lines of only spaces) are not kept")),
    (re.compile(r"paragraphs are separated by a line break; the other blank lines between "
                r"them \(and lines of only spaces\) are not kept"),
     lambda m: tr("paragraphs are separated by a line break; the other blank lines between "
                  "them (and lines of only spaces) are not kept")),
    (re.compile(r"the previous version could not be kept as (.+)"),
     lambda m: tr("the previous version could not be kept as {name}").format(name=m[1])),
    (re.compile(r"(.+) no longer has the text you were annotating; save the restored work "
                r"under a new name"),
     lambda m: tr("{name} no longer has the text you were annotating; save the restored "
                  "work under a new name").format(name=m[1])),
]


def note_text(note: str) -> str:
    """Something opening or saving a file noticed, as the window says it."""
    for pattern, say in _NOTES:
        match = pattern.fullmatch(note)
        if match:
            return say(match)
    return note


def error_text(message: str) -> str:
    """Why the model refused an edit (an ``AnnotationError``'s message), as the window
    says it."""
    for pattern, say in _REFUSALS:
        match = pattern.fullmatch(message)
        if match:
            return say(match)
    return message


def undo_text(description: str) -> str:
    """``description`` (an ``Edit``'s) as the window says it."""
    suffixes: list[str] = []
    rest = description
    found = True
    while found:
        found = False
        for pattern, say in _SUFFIXES:
            match = pattern.search(rest)
            if match:
                suffixes.insert(0, say(match))
                rest = rest[:match.start()]
                found = True
                break
    for pattern, say in _WHOLE:
        match = pattern.fullmatch(rest)
        if match:
            return say(match) + "".join(suffixes)
    return description
