"""Make the screenshots of ``docs/images/`` with the app itself.

Each picture is taken of a real window, driven as a user drives it (select a phrase,
trigger the tag's action, raise a tab), on Qt's offscreen platform with a 1400×900
screen, so that every run gives the same picture whatever the desktop. The sample
article's windows and the dialogs are grabbed alone (no frame); the TEI documents, and a
window with a dialog over it, as the whole screen, as these pictures always were.
Settings, the recovery journal and the files made go to a temporary home.

    make screenshots        (or: python packaging/make_screenshots.py [NAME ...])

The TEI samples come from ``$ANNOTATOR_TEI_REFERENCE/samples`` (default
``../shared/tei``, as for the tests). Look at every picture before committing it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
GERMAN_IMAGES = ROOT / "docs" / "de" / "images"  # the German user guide's (docs/de/)
SAMPLE = ROOT / "resources" / "samples" / "patriot-de.txt"
TEI_SAMPLES = Path(os.environ.get("ANNOTATOR_TEI_REFERENCE", ROOT.parent / "shared" / "tei")
                   ) / "samples"
SCREEN = (1400, 900)
WINDOW = (1240, 820)  # the window's first size on a screen that has room for it
NAME = "Ada Lovelace"

# The sample article as window-annotated.png shows it: (phrase, occurrence, tag), the
# last one selected.
ARTICLE_SPANS = [
    ("US-Verteidigungsminister Pete Hegseth", 0, "actor"), ("Pete Hegseth", 0, "actor"),
    ("Verkauf von US-Patriot-Raketensystemen", 0, "commitment"),
    ("US-Patriot-Raketensystemen", 0, "weapon"), ("Donald Trump", 0, "actor"),
    ("NATO-Generalsekretär Mark Rutte", 0, "actor"), ("Mark Rutte", 0, "actor"),
    ("die NATO-Mitglieder würden US-Waffen im Wert von mehreren Milliarden US-Dollar "
     "kaufen", 0, "commitment"),
    ("US-Waffen", 0, "weapon"), ("Patriot-Raketen", 1, "weapon"),
    ("Wladimir Putin", 0, "actor"), ("Boris Pistorius", 0, "actor"),
]
LETTER_SPANS = [
    ("19ten Juni", 0, "commitment"), ("Garde Reserve Chor", 0, "actor"),
    ("Kanonen", 0, "weapon"), ("Gewehre", 0, "weapon"), ("München\u2e17Kräz", 0, "actor"),
    ("Prag, 10. Juli 1866", 0, "commitment"),
]
NOVEL_SPANS = [("Kieferwaldungen", 0, "weapon"), ("Oberlausitz", 0, "actor"),
               ("Niederlausitz", 0, "actor")]
PLAY_SPANS = [("Trompeter.", 0, "actor"),
              ("Ei, das muß immer saufen und fressen.", 0, "commitment"),
              ("mit einem Glase", 0, "weapon"), ("Wachtmeister", 1, "actor")]


def _isolate() -> Path:
    """A temporary home and the offscreen platform with a SCREEN-sized screen, before
    Qt starts."""
    home = Path(tempfile.mkdtemp(prefix="ann-"))  # short: error messages name it
    config = home / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "screen", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    os.environ.update({
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "ANNOTATOR_NAME": NAME,
        # docs/images/ shows the English window; the German pictures switch themselves.
        "ANNOTATOR_LANGUAGE": "en"})
    return home


def _settle(app) -> None:
    for _ in range(10):
        app.processEvents()


def _window(size: tuple[int, int], place: tuple[int, int] = (0, 0)):
    from annotator.gui import create_window

    window = create_window()
    window.resize(*size)
    window.move(*place)
    window.dock.raise_()  # the annotation list, whatever the last window showed
    return window


def _close(window) -> None:
    """Close ``window``, its changes discarded (what Discard in the question does)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.files.maybe_save = lambda: True
    window.close()
    # Gone, not only hidden: a grab of the screen shows every window that exists.
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _at(text: str, phrase: str, occurrence: int) -> int:
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(phrase, at + 1)
    return at


def _tag(window, spans: list[tuple[str, int, str]]) -> None:
    """Select each phrase in the view and trigger its tag's action (what its key does);
    the last one stays selected."""
    text = window.annotated.document.text
    for phrase, occurrence, tag in spans:
        start = _at(text, phrase, occurrence)
        window.view.select_model_range(start, start + len(phrase))
        window.main_menu.tag_actions[tag].trigger()
        if window.view.selected_id is None:
            raise RuntimeError(f"tagging {phrase!r} failed: "
                               f"{window.statusBar().currentMessage()}")


def _scroll_to(window, phrase: str) -> None:
    """Scroll so that the line of ``phrase`` is the first one shown."""
    view = window.view
    start = window.annotated.document.text.index(phrase)
    block = view.document().findBlock(view.positions.to_qt(start))
    view.verticalScrollBar().setValue(block.firstLineNumber())


def _open(window, path: Path) -> None:
    if not window.files.open_path(path, ask=False):
        raise RuntimeError(f"could not open {path}")


def _screen(target: Path, *windows) -> None:
    """The screen with ``windows`` on it, the first one lowest, on black. (Painted here:
    the offscreen platform's own grab of the screen shows what earlier windows left.)"""
    from PySide6.QtGui import QColor, QPainter, QPixmap

    screen = QPixmap(*SCREEN)
    screen.fill(QColor("black"))
    painter = QPainter(screen)
    for window in windows:
        painter.drawPixmap(window.geometry().topLeft(), window.grab())
    painter.end()
    screen.save(str(target))


def _grab_with_dialog(app, target: Path, window, show: Callable[[], object]) -> None:
    """Run ``show`` (which opens a modal dialog over ``window``) and take the screen
    while the dialog is up; then close it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def take() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, take)
            return
        _settle(app)
        _screen(target, window, dialog)
        dialog.close()

    QTimer.singleShot(100, take)
    show()


# -- the pictures ---------------------------------------------------------------------------
def window_empty(app, home: Path) -> None:
    window = _window(WINDOW)
    _settle(app)
    window.grab().save(str(IMAGES / "window-empty.png"))
    _close(window)


def _article(spans: list[tuple[str, int, str]], path: Path = SAMPLE):
    """A window on the sample article (or ``path``) with ``spans`` tagged."""
    window = _window(WINDOW)
    _open(window, path)
    _tag(window, spans)
    return window


def window_annotated(app, home: Path) -> None:
    window = _article(ARTICLE_SPANS)
    window.dock.table.scrollToTop()
    _settle(app)
    window.grab().save(str(IMAGES / "window-annotated.png"))
    _close(window)


def commitment_links(app, home: Path) -> None:
    window = _window(SCREEN)
    if not window.files.open_example():
        raise RuntimeError("could not open the annotated example")
    store = window.annotated.annotations
    first = min((a for a in store if a.tag == "commitment"), key=lambda a: a.start)
    window.view.set_selected_annotation(first.id)
    window.entity_dock.raise_()
    nato = next(e.id for e in store.entities.values() if e.name == "NATO-Mitglieder")
    window.entity_dock.select_entity(nato)
    window.entity_dock.tree.expand(window.entity_dock.tree.currentIndex())
    window.view.verticalScrollBar().setValue(0)
    _settle(app)
    window.grab().save(str(IMAGES / "commitment-links.png"))
    _close(window)


def invalid_file(app, home: Path) -> None:
    """An annotated file with two annotations whose tag the taxonomy does not have."""
    made = _article([("Pete Hegseth", 0, "actor"),
                     ("US-Patriot-Raketensystemen", 0, "weapon"),
                     ("Patriot-Raketen", 1, "weapon")])
    bad = home / "bad-ref.xml"
    if not made.files.save_to(bad):
        raise RuntimeError("could not save the file to spoil")
    _close(made)
    bad.write_text(bad.read_text(encoding="utf-8").replace(
        'ana="#cat-weapon"', 'ana="#cat-missile"'), encoding="utf-8")
    window = _window(WINDOW, (0, 24))
    _settle(app)
    _grab_with_dialog(app, IMAGES / "invalid-file.png", window,
                      lambda: window.files.open_path(bad, ask=False))
    _close(window)


def _tei(app, home: Path, name: str, spans, image: str, top: str | None = None,
         dock: str = "dock") -> None:
    # A copy: opening a TEI file puts a lock file beside it, and the samples are
    # reference material nobody writes to.
    copy = home / name
    shutil.copyfile(TEI_SAMPLES / name, copy)
    window = _window((SCREEN[0] - 20, SCREEN[1] - 40))
    _open(window, copy)
    _tag(window, spans)
    getattr(window, dock).raise_()
    if top is not None:
        _scroll_to(window, top)
    else:
        window.view.verticalScrollBar().setValue(0)
    _settle(app)
    _screen(IMAGES / image, window)
    _close(window)


def tei_letter(app, home: Path) -> None:
    _tei(app, home, "dta-soldatenbrief-084.xml", LETTER_SPANS, "tei-letter.png")


def tei_novel(app, home: Path) -> None:
    _tei(app, home, "eltec-deu-DEU001.xml", NOVEL_SPANS, "tei-novel.png", dock="document_dock")


def tei_play(app, home: Path) -> None:
    _tei(app, home, "gerdracor-schiller-wallensteins-lager.xml", PLAY_SPANS, "tei-play.png",
         top="Lustige Vögel, die gerne schwatzen")


def recovery_dialog(app, home: Path) -> None:
    """Two documents with unsaved work after a crash: a text and a file saved since."""
    from annotator.gui.recovery import RecoveryController, RecoveryDialog, recovery_folder
    from annotator.recovery import find_orphans

    articles = home / "Articles"
    (articles / "Drafts").mkdir(parents=True)
    text = articles / "patriot-de.txt"
    shutil.copyfile(SAMPLE, text)
    first = _article(ARTICLE_SPANS[:8], text)
    RecoveryController.of(first).abandon()  # what a crash leaves
    second = _article([], text)
    if not second.files.save_to(articles / "Drafts" / "patriot-de-annotated.xml"):
        raise RuntimeError("could not save the second document")
    _tag(second, [("Donald Trump", 0, "actor")])
    RecoveryController.of(second).abandon()
    orphans = find_orphans(recovery_folder())
    try:
        dialog = RecoveryDialog(first, orphans)
        dialog.show()
        _settle(app)
        dialog.grab().save(str(IMAGES / "recovery-dialog.png"))
        dialog.close()
    finally:
        for orphan in orphans:
            orphan.discard()
    _close(first)
    _close(second)


def first_start(app, home: Path) -> None:
    from annotator.gui.dialogs import NameDialog

    window = _article([])
    dialog = NameDialog(window)
    dialog.show()
    _settle(app)
    dialog.grab().save(str(IMAGES / "first-start.png"))
    dialog.close()
    _close(window)


# Short reports for the corpus pictures: (file name, text).
CORPUS_TEXTS = [
    ("norwegen-liefert.txt", "Norwegen liefert ein Patriot-System an die Ukraine\n\n"
     "Oslo. Norwegen wird der Ukraine ein weiteres Patriot-System liefern, sagte der "
     "Verteidigungsminister am Freitag. Die Lieferung soll bis zum Herbst erfolgen.\n"),
    ("iris-t.txt", "Weitere IRIS-T-Systeme für Kiew\n\nBerlin. Die Bundesregierung hat "
     "zwei weitere IRIS-T-Systeme für die Ukraine freigegeben. Sie stammen aus der "
     "laufenden Produktion des Herstellers Diehl Defence.\n"),
    ("usa-verkauf.txt", "USA verkaufen Waffen an NATO-Staaten\n\nWashington. Die USA "
     "verkaufen Patriot-Raketen an NATO-Mitglieder, die sie an die Ukraine weitergeben. "
     "Deutschland und die Niederlande haben bereits bestellt.\n"),
    ("gepard.txt", "Gepard-Munition aus der Schweiz bleibt gesperrt\n\nBern. Die Schweiz "
     "verweigert weiterhin die Weitergabe von Gepard-Munition an die Ukraine.\n"),
]


def _reports(folder: Path) -> Path:
    """``folder``, made, with the ``CORPUS_TEXTS`` as text files in it."""
    folder.mkdir(parents=True)
    for name, text in CORPUS_TEXTS:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _corpus_of_reports(home: Path, title: str, with_sample: bool = False):
    """A window with a new corpus ``title`` of the ``CORPUS_TEXTS`` (and the annotated
    sample article)."""
    sources = _reports(home / f"Berichte-{title}")
    if with_sample:
        shutil.copy(ROOT / "resources" / "samples" / "patriot-de.annotated.xml",
                    sources / "patriot-de.xml")
    window = _window(SCREEN)
    if not window.corpus.new_corpus(str(home / title)) \
            or not window.corpus.add_documents([str(sources)]):
        raise RuntimeError("could not make the corpus")
    return window


def corpus_window(app, home: Path) -> None:
    """A corpus of five reports: the list, a document, and the search for Patriot*."""
    window = _corpus_of_reports(home, "Waffenlieferungen", with_sample=True)
    window.corpus.open_document("patriot-de")
    window.corpus_dock.raise_()
    _settle(app)
    window.grab().save(str(IMAGES / "corpus-window.png"))
    window.corpus.show_search()
    window.search_dock.query_edit.setText("Patriot*")
    window.corpus.search_and_show("Patriot*", False)
    hits = window.search_dock.model.hits
    window.corpus.open_hit(next(h for h in hits if h.document != "patriot-de"))
    _settle(app)
    window.grab().save(str(IMAGES / "corpus-search.png"))
    window.corpus.close_corpus()
    _close(window)


def _team_corpus(app, home: Path, image: Path):
    """A team's corpus: assignments, two colleagues' files (one document done by both,
    one curated), synced with a bare remote; the list shows who annotates what."""
    import subprocess

    from PySide6.QtCore import Qt

    from annotator.corpus import Corpus, layout
    from annotator.team import sync as team_sync
    from annotator.team.assignments import assign

    folder, sources = home / "Team-Korpus", _reports(home / "Team-Berichte")
    corpus = Corpus.create(folder, "Waffenlieferungen (Team)")
    corpus.add([sources], NAME)
    documents = corpus.document_ids()
    assign(folder, "ada-lovelace", ["ada-lovelace", "bo", "cem"], 2, documents)
    for doc_id, who, status in ((documents[0], "Bo", "done"), (documents[0], NAME, "done"),
                                (documents[1], "Cem", "inProgress"),
                                (documents[2], "Bo", "done"), (documents[2], "Cem", "done")):
        session = corpus.open_document(doc_id, who)
        corpus.save_annotations(doc_id, session.document, who, status=status,
                                expected_digest=session.digest)
    curated = layout.document_folder(folder, documents[2])
    (curated / "curated.xml").write_bytes(
        (curated / "annotations" / "bo.xml").read_bytes())  # (as the curation writes one)
    remote = home / "team-remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    os.environ.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    team_sync.sync(folder, NAME, str(remote))
    window = _window(SCREEN)
    if not window.corpus.open_corpus(str(folder)):
        raise RuntimeError("could not open the team's corpus")
    window.corpus.open_document(documents[1])
    window.corpus.sync()
    window.corpus_dock.raise_()
    window.resizeDocks([window.corpus_dock], [640], Qt.Orientation.Horizontal)
    _settle(app)
    window.grab().save(str(image))
    window.corpus.close_corpus()
    _close(window)


def corpus_entities(app, home: Path) -> None:
    """The Entities tab of a corpus document: the Ukraine mentioned across the corpus."""
    from PySide6.QtCore import Qt

    from annotator.gui import settings

    window = _corpus_of_reports(home, "Entitaeten")
    corpus = window.corpus.corpus
    corpus.tag_all("Ukraine", "actor", settings.annotator_name())
    corpus.tag_all("Norwegen", "actor", settings.annotator_name())
    corpus.tag_all("Ukraine", "actor", "Bo")
    window.corpus.reload()
    window.corpus.open_document(next(listed.info.id for listed in window.corpus.listed
                                     if listed.info.title.startswith("Norwegen")))
    window.entity_dock.show()
    window.entity_dock.raise_()
    window.entity_dock.select_entity("place-ukraine")
    window.resizeDocks([window.entity_dock, window.attribute_dock], [620, 180],
                       Qt.Orientation.Vertical)
    _settle(app)
    window.grab().save(str(IMAGES / "corpus-entities.png"))
    window.corpus.close_corpus()
    _close(window)


def team_corpus(app, home: Path) -> None:
    _team_corpus(app, home / "en", IMAGES / "team-corpus.png")


def commitments_chart(app, home: Path) -> None:
    """The chart of a corpus's commitments: generated reports of a year and a half."""
    import random

    from annotator.gui.chart import ChartDialog

    rng = random.Random(7)
    donors = ["Deutschland", "USA", "Vereinigtes Königreich", "Norwegen", "Frankreich",
              "Polen", "Niederlande", "Kanada", "Schweden", "Dänemark", "Italien"]
    rows = [{"donor": rng.choice(donors[:rng.randint(3, 11)]),
             "date": f"202{rng.randint(4, 5)}-{rng.randint(1, 12):02d}-01",
             "stage": rng.choice(["announced", "pledged", "allocated", "delivered"])}
            for _ in range(240)]
    dialog = ChartDialog(rows, "Waffenlieferungen 2024–2025")
    dialog.resize(900, 560)
    dialog.show()
    _settle(app)
    dialog.grab().save(str(IMAGES / "commitments-chart.png"))
    dialog.close()


# Two annotators' work on the corpus pictures' reports: (file name, [(phrase, tag)],
# the commitment's phrase and fields (phrases of the spans, or values)).
AGREEMENT_WORK = {
    "Ana": [
        ("norwegen-liefert.txt", [("Norwegen", "actor"), ("Patriot-System", "weapon"),
                                  ("Ukraine", "actor"), ("Verteidigungsminister", "actor")],
         ("Norwegen wird der Ukraine ein weiteres Patriot-System liefern",
          {"donor": "Norwegen", "recipient": "Ukraine", "item": "Patriot-System",
           "quantity": "1", "stage": "announced"})),
        ("iris-t.txt", [("Bundesregierung", "actor"), ("IRIS-T-Systeme", "weapon"),
                        ("Ukraine", "actor"), ("Diehl Defence", "actor")],
         ("Die Bundesregierung hat zwei weitere IRIS-T-Systeme für die Ukraine freigegeben",
          {"donor": "Bundesregierung", "recipient": "Ukraine", "item": "IRIS-T-Systeme",
           "quantity": "2", "stage": "allocated"})),
        ("usa-verkauf.txt", [("USA", "actor"), ("Patriot-Raketen", "weapon"),
                             ("NATO-Mitglieder", "actor"), ("Deutschland", "actor")], None),
        ("gepard.txt", [("Schweiz", "actor"), ("Gepard-Munition", "weapon")], None),
    ],
    "Bo": [
        ("norwegen-liefert.txt", [("Norwegen", "actor"), ("ein weiteres Patriot-System",
                                                          "weapon"), ("Ukraine", "actor")],
         ("Norwegen wird der Ukraine ein weiteres Patriot-System liefern",
          {"donor": "Norwegen", "recipient": "Ukraine", "item": "ein weiteres Patriot-System",
           "quantity": "1", "stage": "pledged"})),
        ("iris-t.txt", [("Bundesregierung", "actor"), ("IRIS-T-Systeme", "weapon"),
                        ("Ukraine", "actor"), ("Diehl Defence", "actor")],
         ("Die Bundesregierung hat zwei weitere IRIS-T-Systeme für die Ukraine freigegeben",
          {"donor": "Bundesregierung", "recipient": "Ukraine", "item": "IRIS-T-Systeme",
           "quantity": "2", "stage": "allocated"})),
        ("usa-verkauf.txt", [("USA", "actor"), ("Patriot-Raketen", "weapon"),
                             ("NATO-Mitglieder", "actor"), ("Niederlande", "actor")], None),
        ("gepard.txt", [("Schweiz", "actor"), ("Gepard-Munition", "weapon"),
                        ("Ukraine", "actor")], None),
    ],
}


def _annotate_as(corpus, doc_id: str, who: str, spans, commitment) -> None:
    """Annotate ``spans`` (phrase, tag; the first occurrence after the title) as ``who``
    and save, as the window saves."""
    from annotator.model import edits

    session = corpus.open_document(doc_id, who)
    doc = session.document
    text = doc.document.text
    body = text.index("\n")
    person = doc.annotator_for(who).id
    made = {}
    for phrase, tag in spans:
        start = text.index(phrase, body)
        edit = edits.add_linked(doc, [(start, start + len(phrase), tag)], person)
        edit.apply(doc)
        made[phrase] = edit.after[0].id
    if commitment is not None:
        phrase, fields = commitment
        start = text.index(phrase, body)
        edit = edits.add(doc, [(start, start + len(phrase), "commitment")], person)
        edit.apply(doc)
        edits.set_attributes(doc, edit.after[0].id,
                             {k: made.get(v, v) for k, v in fields.items()}).apply(doc)
    session.write(session.tei_path, who)


def agreement_window(app, home: Path, target: Path = IMAGES / "agreement.png") -> None:
    """Corpus ▸ Agreement… on four reports two annotators annotated: the measures, the
    commitment fields and the disagreements."""
    from annotator.corpus import Corpus

    folder = home / f"Zweifach annotiert ({target.stem})"
    sources = _reports(home / f"Meldungen ({target.stem})")
    corpus = Corpus.create(folder)
    report = corpus.add([sources / name for name, _text in CORPUS_TEXTS], NAME)
    ids = {Path(path).name: doc_id for path, doc_id in report.added}
    for who, work in AGREEMENT_WORK.items():
        for name, spans, commitment in work:
            _annotate_as(corpus, ids[name], who, spans, commitment)
    window = _window(WINDOW)
    if not window.corpus.open_corpus(str(folder)):
        raise RuntimeError("could not open the corpus")
    dialog = window.corpus.show_agreement()
    if dialog is None:
        raise RuntimeError("no agreement window")
    dialog.resize(1000, 700)
    dialog.move(380, 180)
    dialog.disagreements.selectRow(0)
    _settle(app)
    dialog.grab().save(str(target))
    dialog.close()
    window.corpus.close_corpus()
    _close(window)


# The curation picture: three annotators' readings of one report, (phrase, tag) each.
CURATION_TEXT = CORPUS_TEXTS[0][1]
CURATION_ANNOTATORS = {
    "Ana": [("Norwegen", "actor"), ("Patriot-System", "weapon"), ("Ukraine", "actor"),
            ("Oslo", "actor"), ("Verteidigungsminister", "actor")],
    "Bo": [("Norwegen", "actor"), ("ein Patriot-System", "weapon"), ("Ukraine", "actor"),
           ("Oslo", "actor")],
    "Cy": [("Norwegen", "actor"), ("Patriot-System", "weapon"), ("Ukraine", "actor"),
           ("Lieferung", "commitment")],
}


def curation_view(app, home: Path, image: Path = IMAGES / "curation-view.png") -> None:
    """The curation view of a report three annotators read: one disagreement decided,
    the next one current."""
    from annotator.corpus import Corpus
    from annotator.gui.curation_view import CurationView
    from annotator.model import edits
    from annotator.team.curation import Curation

    source = home / f"norwegen-liefert-{image.stem}.txt"
    source.write_text(CURATION_TEXT, encoding="utf-8")
    corpus = Corpus.create(home / f"Kuratiert-{image.stem}", "Waffenlieferungen")
    doc_id = corpus.add([source]).added[0][1]
    for name, spans in CURATION_ANNOTATORS.items():
        session = corpus.open_document(doc_id, name)
        doc = session.document
        who = doc.annotator_for(name).id
        for phrase, tag in spans:
            start = doc.document.text.index(phrase)
            edits.add_linked(doc, [(start, start + len(phrase), tag)], who).apply(doc)
        session.write(session.tei_path, name)
    view = CurationView(Curation.open(corpus, doc_id, NAME))
    view.resize(*SCREEN)
    view.show()
    _settle(app)
    view.take(2)  # Bo's "ein Patriot-System"
    view.move(1)
    _settle(app)
    view.grab().save(str(image))
    view.close()


def german(make: Callable[[object, Path], None]) -> Callable[[object, Path], None]:
    """``make`` with the window in German (annotator.gui.i18n), then English again."""
    def in_german(app, home: Path) -> None:
        from annotator.gui import i18n

        i18n.use_language("de")
        try:
            make(app, home)
        finally:
            i18n.use_language("en")

    in_german.__name__ = make.__name__
    return in_german


@german
def de_window_empty(app, home: Path) -> None:
    window = _window(WINDOW)
    _settle(app)
    window.grab().save(str(GERMAN_IMAGES / "fenster-leer.png"))
    _close(window)


@german
def de_window_annotated(app, home: Path) -> None:
    window = _article(ARTICLE_SPANS)
    window.dock.table.scrollToTop()
    _settle(app)
    window.grab().save(str(GERMAN_IMAGES / "fenster-annotiert.png"))
    _close(window)


@german
def de_commitment(app, home: Path) -> None:
    """The annotated example with a commitment selected: its fields in German."""
    window = _window(SCREEN)
    if not window.files.open_example():
        raise RuntimeError("could not open the annotated example")
    store = window.annotated.annotations
    first = min((a for a in store if a.tag == "commitment"), key=lambda a: a.start)
    window.view.set_selected_annotation(first.id)
    window.view.verticalScrollBar().setValue(0)
    _settle(app)
    window.grab().save(str(GERMAN_IMAGES / "zusage.png"))
    _close(window)


@german
def de_first_start(app, home: Path) -> None:
    from annotator.gui.dialogs import NameDialog

    window = _article([])
    dialog = NameDialog(window)
    dialog.show()
    _settle(app)
    dialog.grab().save(str(GERMAN_IMAGES / "erster-start.png"))
    dialog.close()
    _close(window)


@german
def de_preferences(app, home: Path) -> None:
    from annotator.gui.dialogs import PreferencesDialog

    window = _article([])
    dialog = PreferencesDialog(window)
    dialog.show()
    _settle(app)
    dialog.grab().save(str(GERMAN_IMAGES / "einstellungen.png"))
    dialog.close()
    _close(window)


@german
def de_team_corpus(app, home: Path) -> None:
    _team_corpus(app, home / "de", GERMAN_IMAGES / "team-korpus.png")


@german
def de_agreement(app, home: Path) -> None:
    agreement_window(app, home, GERMAN_IMAGES / "uebereinstimmung.png")


@german
def de_curation_view(app, home: Path) -> None:
    curation_view(app, home, GERMAN_IMAGES / "kuratierung.png")


def _suggestions_ready(app, window) -> None:
    """Wait until the suggestion workers have delivered and the tagger has learnt."""
    import time

    controller = window.suggestions
    deadline = time.monotonic() + 120
    while (controller.learning or not controller.suggestions) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if not controller.suggestions:
        raise RuntimeError("no suggestions came")
    _settle(app)


SUGGESTION_SPANS = [("Hegseth", 0, "actor"), ("Trump", 0, "actor"), ("Pistorius", 0, "actor"),
                    ("Patriot-Raketen", 1, "weapon"), ("Putin", 0, "actor"),
                    ("Rutte", 0, "actor"), ("Deutschlands", 0, "actor"),
                    ("Selenskyj", 0, "actor"), ("Norwegen", 0, "actor"),
                    ("Trump", 2, "actor"), ("Russland", 1, "actor")]


def suggestions(app, home: Path) -> None:
    """Suggestions as dashed outlines; Tab went to one, the status bar says what it is;
    then the sources and their quality."""
    from annotator.gui import settings
    from annotator.gui.suggestions import SourcesDialog

    settings.put("suggestions_shown", True)
    window = _article(SUGGESTION_SPANS)
    window.view.clear_selection()
    window.suggestions.learn_now()
    _suggestions_ready(app, window)
    text = window.annotated.document.text
    target = next(s for s in window.suggestions.suggestions
                  if text[s.start:s.end] == "Trump")
    window.suggestions.go_to(target)
    window.view.verticalScrollBar().setValue(0)
    _settle(app)
    window.grab().save(str(IMAGES / "suggestions.png"))
    dialog = SourcesDialog(window.suggestions, window)
    dialog.show()
    _settle(app)
    dialog.grab().save(str(IMAGES / "suggestion-sources.png"))
    dialog.close()
    settings.put("suggestions_shown", False)
    _close(window)


PICTURES = {f.__name__.replace("_", "-"): f for f in (
    window_empty, window_annotated, commitment_links, invalid_file, tei_letter, tei_novel,
    tei_play, recovery_dialog, first_start, corpus_window, corpus_entities, team_corpus,
    commitments_chart, agreement_window, suggestions, curation_view, de_window_empty,
    de_window_annotated, de_commitment, de_first_start, de_preferences, de_agreement,
    de_team_corpus, de_curation_view)}


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in PICTURES]
    if unknown:
        print(f"unknown pictures: {', '.join(unknown)}; there are {', '.join(PICTURES)}",
              file=sys.stderr)
        return 2
    home = _isolate()
    sys.path.insert(0, str(ROOT))
    from annotator.gui import create_application

    app = create_application()
    sys.excepthook = sys.__excepthook__  # a failure ends the script, not in a dialog
    try:
        for name in names or list(PICTURES):
            PICTURES[name](app, home)
            print(name)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
