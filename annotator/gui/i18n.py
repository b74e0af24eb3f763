"""The window's language: Qt's translation system for every string the window shows.

Every user-visible string of ``annotator.gui`` goes through ``tr`` (one translation
context, the empty one, which is what ``pyside6-lupdate`` gives a bare ``tr(...)``
call). The sources are ``resources/translations/annotator_LANG.ts`` (Qt Linguist
opens them); ``make translations`` refreshes them from the code and compiles the
``.qm`` files the window loads (docs/packaging.md, "Translations"). English has a
``.qm`` too: it holds the plural forms ("1 annotation", "3 annotations").

The language is the one chosen in Preferences, else the system's (German when the
system's interface languages put German before English, English otherwise).
``$ANNOTATOR_LANGUAGE`` (``en``, ``de``) overrides both: the tests pin English with it.
The command line stays English: its messages are for scripts.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from annotator.model.entities import KIND_LABELS
from annotator.model.tagset import AttributeDef, Tag
from annotator.model.tagset import default_tagset as builtin_tagset
from annotator.resources import resource_path

# Language code -> its name in that language (as Preferences lists it).
LANGUAGES = {"en": "English", "de": "Deutsch"}
DEFAULT_LANGUAGE = "en"
LANGUAGE_VARIABLE = "ANNOTATOR_LANGUAGE"
# The locale for numbers and dates of a language chosen explicitly, when the system's
# locale is not of that language.
_LOCALES = {"en": QLocale.Language.English, "de": QLocale.Language.German}

_translators: list[QTranslator] = []
_current: str | None = None


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the window's language. ``n`` >= 0 picks the plural form of a text
    with ``%n`` (pass it as the third positional argument: lupdate marks the text as
    one with plural forms only then)."""
    return QCoreApplication.translate("", text, disambiguation, n)


def translations_folder() -> Path:
    return resource_path("resources", "translations")


def qm_path(language: str) -> Path:
    return translations_folder() / f"annotator_{language}.qm"


def system_language() -> str:
    """The language of the system's interface that Annotator has, else English."""
    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def chosen_language(preference: str | None) -> str:
    """The language to use: ``$ANNOTATOR_LANGUAGE``, else ``preference`` (from
    Preferences; "" or None: the system's), else the system's."""
    for wanted in (os.environ.get(LANGUAGE_VARIABLE, ""), preference or ""):
        code = wanted.strip().lower().split("_")[0].split("-")[0]
        if code in LANGUAGES:
            return code
    return system_language()


def current_language() -> str:
    """The language installed by ``use_language`` (English before)."""
    return _current or DEFAULT_LANGUAGE


def installed_language() -> str | None:
    """The language ``use_language`` installed; None before it was called."""
    return _current


def locale_for(language: str) -> QLocale:
    """The locale for numbers and dates: the system's when it is of ``language``."""
    system = QLocale.system()
    if system.language() == _LOCALES[language]:
        return system
    return QLocale(_LOCALES[language])


def use_language(language: str) -> bool:
    """Install the translations of ``language`` (Annotator's and Qt's own, for the
    buttons of standard dialogs) and its locale as the default one. Windows made
    afterwards show it. False when Annotator's translation file is missing (the
    window is then English)."""
    global _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("use_language needs a QApplication")
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    own = QTranslator(app)
    loaded = own.load(str(qm_path(language)))
    if loaded:
        app.installTranslator(own)
        _translators.append(own)
    if language != "en":
        qt = QTranslator(app)
        if qt.load(f"qtbase_{language}",
                   QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _translators.append(qt)
    QLocale.setDefault(locale_for(language))
    _current = language
    return loaded


# -- names that come from below the window ---------------------------------------------
# The built-in tagset's labels and descriptions, the entity kinds and the formats' names
# are defined in plain Python (model/, files.py), in English; the window shows them
# through tr(). Listed here so that pyside6-lupdate finds them.
_BELOW_THE_WINDOW = (
    QT_TRANSLATE_NOOP("", "Actor"),
    QT_TRANSLATE_NOOP("", "A state, organisation, alliance or person that acts"),
    QT_TRANSLATE_NOOP("", "Weapon"),
    QT_TRANSLATE_NOOP("", "A weapon, weapon system or munition"),
    QT_TRANSLATE_NOOP("", "Commitment"),
    QT_TRANSLATE_NOOP("", "A promise to deliver, pay for, sell or withhold something"),
    QT_TRANSLATE_NOOP("", "Category"),
    QT_TRANSLATE_NOOP("", "what sort of weapon"),
    QT_TRANSLATE_NOOP("", "Donor"),
    QT_TRANSLATE_NOOP("", "who commits (pays, gives, sells)"),
    QT_TRANSLATE_NOOP("", "Recipient"),
    QT_TRANSLATE_NOOP("", "who receives"),
    QT_TRANSLATE_NOOP("", "Supplier"),
    QT_TRANSLATE_NOOP("", "who physically supplies, if not the donor"),
    QT_TRANSLATE_NOOP("", "Item"),
    QT_TRANSLATE_NOOP("", "what is committed"),
    QT_TRANSLATE_NOOP("", "Quantity"),
    QT_TRANSLATE_NOOP("", "how many units"),
    QT_TRANSLATE_NOOP("", "Unit"),
    QT_TRANSLATE_NOOP("", "what is counted (system, battery …)"),
    QT_TRANSLATE_NOOP("", "Value"),
    QT_TRANSLATE_NOOP("", "monetary value"),
    QT_TRANSLATE_NOOP("", "Currency"),
    QT_TRANSLATE_NOOP("", "ISO 4217 code, e.g. USD"),
    QT_TRANSLATE_NOOP("", "Mechanism"),
    QT_TRANSLATE_NOOP("", "how the item is provided"),
    QT_TRANSLATE_NOOP("", "Stage"),
    QT_TRANSLATE_NOOP("", "how far the commitment has got"),
    QT_TRANSLATE_NOOP("", "Date"),
    QT_TRANSLATE_NOOP("", "when it was made or announced"),
    QT_TRANSLATE_NOOP("", "Deadline"),
    QT_TRANSLATE_NOOP("", "when it is due"),
    QT_TRANSLATE_NOOP("", "Condition"),
    QT_TRANSLATE_NOOP("", "conditions attached"),
    QT_TRANSLATE_NOOP("", "Certainty"),
    QT_TRANSLATE_NOOP("", "how sure the source is"),
    QT_TRANSLATE_NOOP("", "Reported by"),
    QT_TRANSLATE_NOOP("", "who reports the commitment"),
    QT_TRANSLATE_NOOP("", "Person"),
    QT_TRANSLATE_NOOP("", "Organisation"),
    QT_TRANSLATE_NOOP("", "Place"),
    QT_TRANSLATE_NOOP("", "Object"),
    QT_TRANSLATE_NOOP("", "TEI with inline annotations"),
    QT_TRANSLATE_NOOP("", "Annotation table (CSV)"),
    QT_TRANSLATE_NOOP("", "Annotation table (JSON Lines)"),
    QT_TRANSLATE_NOOP("", "Plain text"),
    QT_TRANSLATE_NOOP("", "Commitments table (CSV)"),
    QT_TRANSLATE_NOOP("", "Commitments table (JSON Lines)"),
    QT_TRANSLATE_NOOP("", "Entities table (CSV)"),
    QT_TRANSLATE_NOOP("", "brat standoff (.ann and .txt)"),
    QT_TRANSLATE_NOOP("", "Label Studio predictions (JSON)"),
    QT_TRANSLATE_NOOP("", "Deals table (CSV)"),
    QT_TRANSLATE_NOOP("", "Aid type"),
    QT_TRANSLATE_NOOP("", "military, financial or humanitarian aid"),
    QT_TRANSLATE_NOOP("", "Deal"),
    QT_TRANSLATE_NOOP("", "one name for every report of the same deal, across documents (e.g. "
                          "“DE–UA Patriot 2025”): the deals table follows a deal from "
                          "announcement to delivery"),
    QT_TRANSLATE_NOOP("", "Figures uncertain"),
    QT_TRANSLATE_NOOP("", "the source's numbers are estimates (SIPRI brackets them)"),
    QT_TRANSLATE_NOOP("", "Number delivered"),
    QT_TRANSLATE_NOOP("", "how many units are delivered so far (SIPRI)"),
    QT_TRANSLATE_NOOP("", "Number ordered"),
    QT_TRANSLATE_NOOP("", "how many units are ordered or committed (SIPRI)"),
    QT_TRANSLATE_NOOP("", "allocated"),
    QT_TRANSLATE_NOOP("", "military"),
    QT_TRANSLATE_NOOP("", "financial"),
    QT_TRANSLATE_NOOP("", "humanitarian"),
    # The choices of the built-in attributes (the files keep the English symbols).
    QT_TRANSLATE_NOOP("", "air defence"),
    QT_TRANSLATE_NOOP("", "missile"),
    QT_TRANSLATE_NOOP("", "artillery"),
    QT_TRANSLATE_NOOP("", "armour"),
    QT_TRANSLATE_NOOP("", "aircraft"),
    QT_TRANSLATE_NOOP("", "drone"),
    QT_TRANSLATE_NOOP("", "ammunition"),
    QT_TRANSLATE_NOOP("", "small arms"),
    QT_TRANSLATE_NOOP("", "other"),
    QT_TRANSLATE_NOOP("", "donation from stocks"),
    QT_TRANSLATE_NOOP("", "sale"),
    QT_TRANSLATE_NOOP("", "purchase for a third party"),
    QT_TRANSLATE_NOOP("", "funding"),
    QT_TRANSLATE_NOOP("", "loan"),
    QT_TRANSLATE_NOOP("", "sanction or threat"),
    QT_TRANSLATE_NOOP("", "announced"),
    QT_TRANSLATE_NOOP("", "pledged"),
    QT_TRANSLATE_NOOP("", "contracted"),
    QT_TRANSLATE_NOOP("", "delivered"),
    QT_TRANSLATE_NOOP("", "cancelled"),
    QT_TRANSLATE_NOOP("", "high"),
    QT_TRANSLATE_NOOP("", "medium"),
    QT_TRANSLATE_NOOP("", "low"),
)


def _builtin_texts() -> tuple[dict[str, Tag], dict[tuple[str, str], AttributeDef]]:
    tags = {tag.id: tag for tag in builtin_tagset()}
    attributes = {(tag.id, attr.name): attr for tag in tags.values() for attr in tag.attributes}
    return tags, attributes


_BUILTIN_TAGS, _BUILTIN_ATTRIBUTES = _builtin_texts()


def tag_label(tag: Tag) -> str:
    """The label the window shows for ``tag``: a tag of the built-in tagset whose label
    nobody changed in the window's language, any other as it is. Files keep ``tag``'s
    own label and id, so a document made in German opens the same in English."""
    builtin = _BUILTIN_TAGS.get(tag.id)
    return tr(tag.label) if builtin is not None and builtin.label == tag.label else tag.label


def tag_description(tag: Tag) -> str:
    builtin = _BUILTIN_TAGS.get(tag.id)
    if builtin is not None and builtin.description == tag.description:
        return tr(tag.description)
    return tag.description


def _builtin_attribute(tag_id: str | None, attribute: AttributeDef) -> AttributeDef | None:
    """The built-in attribute ``attribute`` is, of tag ``tag_id`` (None: of any tag)."""
    if tag_id is not None:
        return _BUILTIN_ATTRIBUTES.get((tag_id, attribute.name))
    return next((a for (_tag, name), a in _BUILTIN_ATTRIBUTES.items()
                 if name == attribute.name and a.label == attribute.label), None)


def attribute_label(tag_id: str | None, attribute: AttributeDef) -> str:
    """The label shown for ``attribute`` of the tag ``tag_id`` (as ``tag_label``)."""
    builtin = _builtin_attribute(tag_id, attribute)
    if builtin is not None and builtin.label == attribute.label:
        return tr(attribute.label)
    return attribute.label


def field_label(name: str, label: str) -> str:
    """The label shown for the attribute ``name`` whose label is ``label`` (a link's, in
    the text), as ``attribute_label`` with any tag."""
    builtin = next((a for (_tag, n), a in _BUILTIN_ATTRIBUTES.items()
                    if n == name and a.label == label), None)
    return tr(label) if builtin is not None else label


def choice_label(attribute: AttributeDef, symbol: str, label: str) -> str:
    """How a choice of ``attribute`` is shown: a built-in attribute's choices in the
    window's language. The value saved stays ``symbol``."""
    builtin = _builtin_attribute(None, attribute)
    if builtin is not None and builtin.choices == attribute.choices \
            and builtin.labels() == attribute.labels():
        return tr(label)
    return label


def attribute_description(tag_id: str | None, attribute: AttributeDef) -> str:
    builtin = _builtin_attribute(tag_id, attribute)
    if builtin is not None and builtin.description == attribute.description:
        return tr(attribute.description)
    return attribute.description


def kind_label(kind: str) -> str:
    """An entity kind's name ("Person", "Organisation" …) in the window's language."""
    return tr(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


# An entity kind inside a sentence: lower case in English ("a new entity (person)").
_KIND_NOUNS = {"person": QT_TRANSLATE_NOOP("", "person"),
               "org": QT_TRANSLATE_NOOP("", "organisation"),
               "place": QT_TRANSLATE_NOOP("", "place"), "object": QT_TRANSLATE_NOOP("", "object")}


def kind_noun(kind: str) -> str:
    """An entity kind as a noun inside a sentence ("person"; German "Person")."""
    return tr(_KIND_NOUNS[kind]) if kind in _KIND_NOUNS else kind


_KIND_PLURALS = {"person": QT_TRANSLATE_NOOP("", "persons"),
                 "org": QT_TRANSLATE_NOOP("", "organisations"),
                 "place": QT_TRANSLATE_NOOP("", "places"),
                 "object": QT_TRANSLATE_NOOP("", "objects")}


def kind_noun_plural(kind: str) -> str:
    """An entity kind in the plural inside a sentence ("objects"; German "Objekte")."""
    return tr(_KIND_PLURALS[kind]) if kind in _KIND_PLURALS else kind


def in_sentence(label: str) -> str:
    """A label inside a sentence: lower case in English ("Pick the donor"), as it is in
    German, whose nouns keep their capital ("Geber im Text wählen")."""
    return label if current_language() == "de" else label.lower()


def format_label(label: str) -> str:
    """A format's name from ``annotator.files`` in the window's language (format names
    such as "WebAnno TSV 3.3" stay as they are)."""
    return tr(label)


def locale() -> QLocale:
    """The locale of the window's numbers and dates."""
    return QLocale()


def number(value: int | float) -> str:
    """``value`` as the window's locale writes it ("1.234" in German)."""
    return QLocale().toString(value)


__all__ = [
    "LANGUAGES",
    "LANGUAGE_VARIABLE",
    "attribute_description",
    "attribute_label",
    "choice_label",
    "chosen_language",
    "current_language",
    "field_label",
    "format_label",
    "in_sentence",
    "installed_language",
    "kind_label",
    "kind_noun",
    "kind_noun_plural",
    "locale",
    "number",
    "qm_path",
    "system_language",
    "tag_description",
    "tag_label",
    "tr",
    "use_language",
]
