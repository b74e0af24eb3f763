"""Suggestions in the real window: shown as dashed outlines, gone through with Tab,
accepted with Enter and with a tag key, rejected with Backspace and x, remembered after
saving and reopening, undone in one step; the sources dialog; the learning tagger on a
worker."""

from __future__ import annotations

import pytest
from gui_helpers import SAMPLE_TXT, make_active, make_window, on_modal, tag_with_key
from PySide6.QtCore import Qt

from annotator.gui import settings
from annotator.gui.suggestions import SourcesDialog
from annotator.suggest import clusters, crf
from annotator.suggest.sources import labelled_of

TEXT = SAMPLE_TXT.read_text(encoding="utf-8")


@pytest.fixture
def window(qtbot, dialogs):
    settings.put("suggestions_shown", True)
    settings.put("suggestion_sources", ["corpus", "gazetteer"])
    window = make_window(qtbot)
    assert window.files.open_path(SAMPLE_TXT, ask=False)
    make_active(qtbot, window)
    return window


def wait_for(qtbot, window, predicate, timeout=10000) -> None:
    qtbot.waitUntil(lambda: bool(predicate(window.suggestions)), timeout=timeout)


def texts(window) -> list[str]:
    text = window.annotated.document.text
    return [text[s.start:s.end] for s in window.suggestions.suggestions]


def test_gazetteer_suggestions_are_shown_as_outlines_not_annotations(qtbot, window):
    wait_for(qtbot, window, lambda c: "Norwegen" in texts(window))
    assert len(window.annotated.annotations) == 0
    norway = next(s for s in window.suggestions.suggestions
                  if TEXT[s.start:s.end] == "Norwegen")
    assert norway.source == "gazetteer" and norway.identifiers == (("iso3166", "NO"),)
    assert norway.key() in window.view.suggestions


def test_tab_enter_accepts_and_undo_takes_it_back(qtbot, window):
    wait_for(qtbot, window, lambda c: c.suggestions)
    first = window.suggestions.ordered()[0]
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.suggestions.current == first
    assert window.view.current_suggestion == first.key()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    (ann,) = list(window.annotated.annotations)
    assert (ann.start, ann.end, ann.tag) == first.key()
    assert first.key() not in window.view.suggestions
    assert window.suggestions.current is not None, "goes on to the next one"
    window.undo_stack.undo()
    assert len(window.annotated.annotations) == 0
    assert window.suggestions.snapshot().current.spans == ()
    window.undo_stack.redo()
    assert window.suggestions.snapshot().current.spans == labelled_of(window.annotated).spans


def test_a_tag_key_accepts_with_that_tag_and_links_the_entity(qtbot, window):
    wait_for(qtbot, window, lambda c: "Norwegen" in texts(window))
    norway = next(s for s in window.suggestions.suggestions if TEXT[s.start:s.end] == "Norwegen")
    while window.suggestions.current != norway:
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (ann,) = list(window.annotated.annotations)
    assert TEXT[ann.start:ann.end] == "Norwegen" and ann.tag == "actor"
    entity = window.annotated.entities[ann.entity]
    assert entity.identifiers == (("iso3166", "NO"),)


def test_the_annotated_form_is_suggested_where_it_recurs_and_accepted_all_at_once(
        qtbot, window):
    tag_with_key(qtbot, window, "Trump", Qt.Key.Key_1)
    wait_for(qtbot, window, lambda c: texts(window).count("Trump") == 2)
    trump = [s for s in window.suggestions.suggestions if TEXT[s.start:s.end] == "Trump"]
    assert {s.source for s in trump} == {"corpus"} and {s.tag for s in trump} == {"actor"}
    window.view.clear_selection()
    while window.suggestions.current not in trump:
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    store = window.annotated.annotations
    assert sum(store.text_of(a) == "Trump" for a in store) == 1 + len(trump)
    window.undo_stack.undo()
    assert sum(store.text_of(a) == "Trump" for a in store) == 1


def test_rejected_with_backspace_and_x_and_remembered_after_save_and_reopen(
        qtbot, window, tmp_path):
    wait_for(qtbot, window, lambda c: len(c.suggestions) >= 3)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    first = window.suggestions.current
    qtbot.keyClick(window.view, Qt.Key.Key_Backspace)
    second = window.suggestions.current
    assert second is not None and second != first
    qtbot.keyClick(window.view, Qt.Key.Key_X)
    rejected = {first.key(), second.key()}
    assert not rejected & set(window.view.suggestions)
    assert len(window.annotated.annotations) == 0, "rejecting annotates nothing"
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # accept the third
    target = tmp_path / "article.xml"
    assert window.files.save_to(target)
    qtbot.waitUntil(lambda: not window.is_modified, timeout=10000)
    from annotator.suggest import rejections

    rejections._IN_MEMORY.clear()  # (as after a restart: only the app's store has them)
    assert window.files.open_path(target, ask=False)
    make_active(qtbot, window)
    wait_for(qtbot, window, lambda c: c.suggestions)
    keys = {s.key() for s in window.suggestions.suggestions}
    assert not rejected & keys
    assert len(window.annotated.annotations) == 1
    beside = [p.name for p in tmp_path.iterdir() if not p.name.endswith(".annotator-lock")]
    assert beside == ["article.xml"], "nothing written beside it"


def test_suggestions_can_be_hidden_and_tab_then_does_nothing_to_them(qtbot, window):
    wait_for(qtbot, window, lambda c: c.suggestions)
    window.suggestions.show_action.trigger()
    assert window.view.suggestions == []
    assert settings.get("suggestions_shown") is False
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.suggestions.current is None


def test_least_certain_first_orders_by_score(qtbot, window):
    tag_with_key(qtbot, window, "Trump", Qt.Key.Key_1)
    tag_with_key(qtbot, window, "Trump", Qt.Key.Key_2, n=1)
    wait_for(qtbot, window, lambda c: any(s.score < 0.6 for s in c.suggestions))
    window.suggestions.least_certain_action.trigger()
    window.view.clear_selection()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    scores = [s.score for s in window.suggestions.suggestions]
    assert window.suggestions.current.score == min(scores)


def test_sources_dialog_switches_a_source_off(qtbot, window):
    wait_for(qtbot, window, lambda c: c.suggestions)

    def untick(dialog):
        dialog.boxes["gazetteer"].setChecked(False)
        dialog.accept()

    on_modal(SourcesDialog, untick)
    window.suggestions.sources_action.trigger()
    assert settings.get("suggestion_sources") == ["corpus"]
    wait_for(qtbot, window, lambda c: not c.learning and not c.suggestions)


@pytest.mark.skipif(not crf.available(), reason=crf.MISSING)
def test_the_tagger_learns_on_a_worker_and_its_quality_is_shown(qtbot, window):
    settings.put("suggestion_sources", ["corpus", "gazetteer", "tagger"])
    for phrase, key in (("Trump", Qt.Key.Key_1), ("Putin", Qt.Key.Key_1),
                        ("Hegseth", Qt.Key.Key_1), ("Pistorius", Qt.Key.Key_1),
                        ("Selenskyj", Qt.Key.Key_1), ("Rutte", Qt.Key.Key_1)):
        tag_with_key(qtbot, window, phrase, key)
    window.suggestions.learn_now()
    wait_for(qtbot, window, lambda c: c.tagger is not None and not c.learning, 30000)
    assert set(window.suggestions.quality) >= {"corpus", "gazetteer", "tagger"}
    seen = []

    def read(dialog):
        table = dialog.table
        seen.append([table.item(r, 0).text() for r in range(table.rowCount())])
        dialog.reject()

    on_modal(SourcesDialog, read)
    window.suggestions.sources_action.trigger()
    assert seen and len(seen[0]) == 3


def test_in_a_corpus_other_documents_teach_and_rejections_stay_in_its_cache(
        qtbot, dialogs, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from annotator.corpus import layout

    sources = tmp_path / "in"
    sources.mkdir()
    (sources / "a.txt").write_text("Rheinmetall baut Munition für Kiew.\n", encoding="utf-8")
    (sources / "b.txt").write_text("Auch Rheinmetall und Hensoldt liefern.\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a, **_k: str(tmp_path / "corpus")))
    settings.put("annotator_name", "Ana")
    settings.put("suggestions_shown", True)
    settings.put("suggestion_sources", ["corpus"])
    window = make_window(qtbot)
    window.main_menu.new_corpus_action.trigger()
    assert window.corpus.add_documents([str(sources)])
    first, second = window.corpus_dock.shown_documents()
    assert window.corpus.open_document(first)
    make_active(qtbot, window)
    tag_with_key_in(qtbot, window, "Rheinmetall", Qt.Key.Key_1)
    qtbot.keyClick(window.view, "s", Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.is_modified, timeout=10000)
    assert window.corpus.open_document(second)
    make_active(qtbot, window)
    wait_for(qtbot, window, lambda c: "Rheinmetall" in texts(window) and not c.learning)
    window.view.clear_selection()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert texts(window) == ["Rheinmetall"] and window.suggestions.current is not None
    qtbot.keyClick(window.view, Qt.Key.Key_X)
    cache = tmp_path / "corpus" / layout.CACHE / "rejected" / f"{second}.json"
    assert cache.exists()
    assert window.corpus.open_document(first)
    assert window.corpus.open_document(second)
    make_active(qtbot, window)
    wait_for(qtbot, window, lambda c: not c.learning and c.others)
    assert "Rheinmetall" not in texts(window)


def tag_with_key_in(qtbot, window, phrase: str, key, count: int = 1) -> None:
    from gui_helpers import shift_select

    text = window.annotated.document.text
    shift_select(qtbot, window, text.index(phrase), len(phrase))
    qtbot.keyClick(window.view, key)
    assert len(window.annotated.annotations) == count


@pytest.mark.skipif(not (crf.available() and clusters.available()),
                    reason="python-crfsuite or numpy is not installed")
def test_in_a_corpus_word_clusters_are_learnt_from_all_its_texts_and_kept_in_its_cache(
        qtbot, dialogs, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from annotator.corpus import layout
    from tests.test_suggest import unlabelled_news

    sources = tmp_path / "in"
    sources.mkdir()
    news = unlabelled_news(120)
    (sources / "a.txt").write_text("Minister Pistorius kam.\n" + "\n".join(news[:60]) + "\n",
                                   encoding="utf-8")
    (sources / "b.txt").write_text("\n".join(news[60:]) + "\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a, **_k: str(tmp_path / "corpus")))
    settings.put("annotator_name", "Ana")
    settings.put("suggestions_shown", True)
    settings.put("suggestion_sources", ["tagger"])
    clusters._KEPT.clear()
    window = make_window(qtbot)
    window.main_menu.new_corpus_action.trigger()
    assert window.corpus.add_documents([str(sources)])
    first, _second = window.corpus_dock.shown_documents()
    assert window.corpus.open_document(first)
    make_active(qtbot, window)
    tag_with_key_in(qtbot, window, "Pistorius", Qt.Key.Key_1)
    window.suggestions.learn_now()
    wait_for(qtbot, window, lambda c: c.tagger is not None and not c.learning, 60000)
    cache = tmp_path / "corpus" / layout.CACHE / clusters.FILE_NAME
    kept = clusters.WordClusters.from_json(cache.read_text(encoding="utf-8"))
    # Learnt from both documents' texts, the one not annotated included.
    assert {"Pistorius", "Warschau"} <= set(kept.of)
    assert window.suggestions.tagger.clusters.of == kept.of
    written = cache.stat().st_mtime_ns
    tag_with_key_in(qtbot, window, "Hegseth", Qt.Key.Key_1, count=2)
    window.suggestions.learn_now()
    wait_for(qtbot, window, lambda c: not c.learning, 60000)
    assert cache.stat().st_mtime_ns == written, "the texts did not change: not learnt again"
