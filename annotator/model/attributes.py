"""Typed attributes of tags, and the checking of annotation values against them.

A tag declares its attributes (``Tag.attributes``); an annotation holds values
(``Annotation.attributes``), always as strings:

===========  =========================================================  ==================
kind         value                                                      TEI (``fDecl``)
===========  =========================================================  ==================
text         any text                                                   ``<string/>``
number       decimal: ``-?digits[.digits]`` (``2``, ``1.5``, ``-3``)    ``<numeric/>``
date         ISO 8601 ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``           ``<string/>``
choice       one of ``choices`` (NCName-like symbols, e.g. ``funding``)  ``<vAlt><symbol/>…``
boolean      ``"true"`` or ``"false"``                                 ``<binary/>``
reference    the id of an annotation (of a tag in ``targets``, if any)   ``f/@fVal``
             or of an entity
===========  =========================================================  ==================

An empty value means "not set" and is never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from annotator.errors import AnnotationError
from annotator.model.document import forbidden_xml_char, is_ncname

KINDS = ("text", "number", "date", "choice", "boolean", "reference")
KIND_LABELS = {"text": "Text", "number": "Number", "date": "Date", "choice": "Choice",
               "boolean": "Yes/no", "reference": "Reference"}

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_SYMBOL = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
_TAG_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")
DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def symbol_label(symbol: str) -> str:
    """A readable label for a camelCase symbol: ``donationFromStocks`` → "donation from stocks"."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: " " + m[1].lower(), symbol).replace("_", " ")


def symbol_for(label: str) -> str:
    """A camelCase symbol for a label: "donation from stocks" → ``donationFromStocks``."""
    words = re.findall(r"[A-Za-z0-9]+", label)
    if not words:
        return ""
    text = words[0][0].lower() + words[0][1:] + "".join(w[0].upper() + w[1:] for w in words[1:])
    return text if text[0].isalpha() else "v" + text


@dataclass(frozen=True)
class AttributeDef:
    """One attribute a tag declares.

    ``name`` is the stable identifier (written as the TEI feature name, e.g.
    ``donor``, ``reportedBy``); ``label`` is what the GUI shows. ``choices``
    (for kind "choice") are the symbols a value may take, ``choice_labels``
    their labels (empty: derived from the symbols). ``targets`` (for kind
    "reference") lists the tag ids whose annotations a value may point to
    (empty: any); an entity linked from such tags may be named too.
    """

    name: str
    label: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    description: str = ""
    choice_labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise AnnotationError(f"attribute name {self.name!r} must start with a letter and "
                                  "use only letters, digits and '_'")
        if not self.label.strip():
            raise AnnotationError(f"attribute {self.name!r} needs a label")
        if self.kind not in KINDS:
            raise AnnotationError(f"attribute {self.name!r}: unknown kind {self.kind!r} "
                                  f"(one of {', '.join(KINDS)})")
        object.__setattr__(self, "choices", tuple(self.choices))
        object.__setattr__(self, "targets", tuple(self.targets))
        object.__setattr__(self, "choice_labels", tuple(self.choice_labels))
        if self.kind == "choice":
            if not self.choices:
                raise AnnotationError(f"attribute {self.name!r}: a choice needs at least one "
                                      "value")
            for symbol in self.choices:
                if not _SYMBOL.match(symbol):
                    raise AnnotationError(
                        f"attribute {self.name!r}: choice {symbol!r} must start with a letter "
                        "and use only letters, digits, '-' and '_'")
            if len(set(self.choices)) != len(self.choices):
                raise AnnotationError(f"attribute {self.name!r}: a choice is listed twice")
            if self.choice_labels and len(self.choice_labels) != len(self.choices):
                raise AnnotationError(f"attribute {self.name!r}: one label per choice")
        elif self.choices or self.choice_labels:
            raise AnnotationError(f"attribute {self.name!r}: only a choice has choices")
        if self.kind == "reference":
            for target in self.targets:
                if not _TAG_ID.match(target):
                    raise AnnotationError(f"attribute {self.name!r}: target {target!r} is not "
                                          "a tag id")
        elif self.targets:
            raise AnnotationError(f"attribute {self.name!r}: only a reference has targets")

    def labels(self) -> tuple[str, ...]:
        """The labels of the choices, in order (derived from the symbols if not given)."""
        return self.choice_labels or tuple(symbol_label(c) for c in self.choices)

    def label_of(self, value: str) -> str:
        """The label of a choice value (the value itself for other kinds)."""
        if self.kind == "choice" and value in self.choices:
            return self.labels()[self.choices.index(value)]
        return value

    def check(self, value: str) -> str:
        """``value`` in its normal form, or ``AnnotationError`` saying why it is out of range.

        References are checked for form only; whether they resolve is the
        store's business (``edits.set_attributes``, the TEI reader).
        """
        if not isinstance(value, str):
            raise AnnotationError(f"{self.label}: the value must be text, not {value!r}")
        bad = forbidden_xml_char(value)
        if bad is not None:
            raise AnnotationError(f"{self.label}: the value contains U+{ord(value[bad]):04X}, a "
                                  "control character that XML cannot store")
        kind = self.kind
        if kind == "text":
            return value
        text = value.strip()
        if kind == "number":
            if not NUMBER.match(text):
                raise AnnotationError(f"{self.label}: {value!r} is not a number (digits, "
                                      "optionally with a '.' and a leading '-')")
            return text
        if kind == "date":
            match = DATE.match(text)
            try:
                if not match:
                    raise ValueError
                date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
            except ValueError:
                raise AnnotationError(f"{self.label}: {value!r} is not a date of the form "
                                      "YYYY, YYYY-MM or YYYY-MM-DD") from None
            return text
        if kind == "choice":
            if text in self.choices:
                return text
            labels = self.labels()
            if text in labels:
                return self.choices[labels.index(text)]
            raise AnnotationError(f"{self.label}: {value!r} is not one of "
                                  f"{', '.join(self.choices)}")
        if kind == "boolean":
            if text in ("true", "false"):
                return text
            raise AnnotationError(f"{self.label}: {value!r} is not true or false")
        # reference
        text = text.removeprefix("#")
        if not is_ncname(text):
            raise AnnotationError(f"{self.label}: {value!r} is not the id of an annotation "
                                  "or an entity")
        return text

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"name": self.name, "label": self.label, "kind": self.kind}
        if self.choices:
            data["choices"] = list(self.choices)
        if self.choice_labels:
            data["choice_labels"] = list(self.choice_labels)
        if self.targets:
            data["targets"] = list(self.targets)
        if self.description:
            data["description"] = self.description
        return data

    @classmethod
    def from_json(cls, data: object) -> AttributeDef:
        if not isinstance(data, dict):
            raise AnnotationError(f"an attribute definition must be an object, not {data!r}")
        try:
            return cls(str(data["name"]), str(data.get("label", data["name"])),
                       str(data.get("kind", "text")),
                       tuple(str(c) for c in data.get("choices", ())),
                       tuple(str(t) for t in data.get("targets", ())),
                       str(data.get("description", "")),
                       tuple(str(c) for c in data.get("choice_labels", ())))
        except KeyError as missing:
            raise AnnotationError(f"an attribute definition lacks {missing}") from None
        except TypeError as error:
            raise AnnotationError(f"bad attribute definition: {error}") from None


def choice(name: str, label: str, labels: tuple[str, ...], description: str = "") -> AttributeDef:
    """A choice attribute whose symbols are derived from human labels."""
    return AttributeDef(name, label, "choice", tuple(symbol_for(x) for x in labels), (),
                        description, labels)
