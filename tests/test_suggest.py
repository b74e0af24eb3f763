"""The suggestion sources without the window: corpus forms with tag shares, the
register, the gazetteers with their identifiers, the CRF tagger, filtering,
rejections, held-out quality."""

from __future__ import annotations

import json

import pytest

from annotator.model.entities import Entity
from annotator.model.tagset import default_tagset
from annotator.suggest import clusters, crf
from annotator.suggest.engine import (
    MIN_EVALUATED,
    Quality,
    Suggester,
    evaluate,
    least_certain_first,
    without,
)
from annotator.suggest.rejections import Rejections
from annotator.suggest.sources import Labelled, corpus_matcher, gazetteer_matcher
from annotator.suggest.suggestion import Suggestion, best_per_span
from annotator.suggest.tokens import sentences, tokens, words_of

TAGSET = default_tagset()


def labelled(text: str, *marks: tuple[str, str], name: str = "doc") -> Labelled:
    """``text`` with each ``(form, tag)`` annotated at every whole-word occurrence
    found by str.find (first occurrence after the previous mark)."""
    spans = []
    at = 0
    for form, tag in marks:
        start = text.index(form, at)
        spans.append((start, start + len(form), tag))
        at = start + len(form)
    return Labelled(text, tuple(spans), name)


def test_tokens_keep_compounds_and_offsets_in_code_points():
    text = "𝔘 US-Patriot-Raketensystemen, z.B. 2.500 NATO-Mitglieder."
    words = [text[a:b] for a, b in tokens(text)]
    assert words == ["𝔘", "US-Patriot-Raketensystemen", ",", "z.B.", "2.500",
                     "NATO-Mitglieder", "."]


def test_sentences_split_at_ends_and_lines():
    text = "Trump sprach. Dann kam Putin.\nNeue Zeile"
    assert [text[a:b] for a, b in sentences(text)] == [
        "Trump sprach.", "Dann kam Putin.", "Neue Zeile"]


def test_corpus_forms_recur_as_whole_words_with_tag_shares():
    docs = [labelled("Patriot liefert. Patriot kommt.", ("Patriot", "actor"),
                     ("Patriot", "actor")),
            labelled("Das Patriot wirkt.", ("Patriot", "weapon"))]
    matcher = corpus_matcher(docs, TAGSET)
    text = "Patriot und Patriotsystem und US-Patriot: Patriot."
    found = matcher.find(text)
    assert {(s.start, s.end) for s in found} == {(0, 7), (42, 49)}
    shares = {s.tag: s.score for s in found if s.start == 0}
    assert shares == {"actor": 0.6667, "weapon": 0.3333}
    assert {s.source for s in found} == {"corpus"}


def test_event_tags_and_multiline_forms_are_not_forms():
    doc = Labelled("Deutschland zahlt zwei Systeme.", ((0, 30, "commitment"),))
    assert len(corpus_matcher([doc], TAGSET)) == 0


def test_register_names_are_suggested_with_their_entity():
    register = [Entity("place-norwegen", "place", "Norwegen", "state",
                       (("iso3166", "NO"),))]
    matcher = corpus_matcher([], TAGSET, register)
    (found,) = matcher.find("Auch Norwegen liefert.")
    assert (found.start, found.end, found.tag, found.entity_id) == (5, 13, "actor",
                                                                    "place-norwegen")


def test_annotated_links_travel_with_the_form():
    register = [Entity("org-nato", "org", "NATO", "alliance", (("wikidata", "Q7184"),))]
    doc = Labelled("Die NATO tagt.", ((4, 8, "actor"),), links=((4, 8, "org-nato"),))
    (found,) = corpus_matcher([doc], TAGSET, register).find("NATO und Russland")
    assert found.entity_id == "org-nato" and found.identifiers == (("wikidata", "Q7184"),)


def test_gazetteers_suggest_states_organisations_weapons_with_identifiers():
    matcher = gazetteer_matcher(TAGSET)
    text = "Norwegen liefert IRIS-T an die Ukraine; die NATO und Germany schweigen."
    found = {text[s.start:s.end]: s for s in matcher.find(text)}
    assert found["Norwegen"].tag == "actor"
    assert found["Norwegen"].identifiers == (("iso3166", "NO"),)
    assert found["Germany"].identifiers == (("iso3166", "DE"),)
    assert found["NATO"].identifiers == (("wikidata", "Q7184"),)
    assert found["IRIS-T"].tag == "weapon" and found["IRIS-T"].entity_kind == "object"
    assert found["Ukraine"].source == "gazetteer"


def test_a_one_word_name_is_found_in_its_genitive():
    matcher = gazetteer_matcher(TAGSET)
    text = "Deutschlands Zusage, des Irans Drohnen, das Norwegensystem und NATOs"
    found = {text[s.start:s.end]: s for s in matcher.find(text)}
    assert set(found) == {"Deutschlands", "Irans", "NATOs"}
    assert found["Deutschlands"].identifiers == (("iso3166", "DE"),)
    assert found["Deutschlands"].entity_name == "Deutschland"
    assert found["Irans"].tag == "actor"
    # A word in lower case is no name: "drones" is no genitive of an annotated "drone".
    docs = [labelled("The drone flew.", ("drone", "weapon"))]
    assert corpus_matcher(docs, TAGSET).find("two drones") == []
    docs = [labelled("Der Gepard kommt.", ("Gepard", "weapon"))]
    (gepard,) = corpus_matcher(docs, TAGSET).find("des Gepards Rohr")
    assert (gepard.start, gepard.end, gepard.tag) == (4, 11, "weapon")


def test_longest_form_wins():
    matcher = gazetteer_matcher(TAGSET)
    text = "Die Leopard 2 und der MIM-104 Patriot"
    assert [text[s.start:s.end] for s in matcher.find(text)] == ["Leopard 2",
                                                                  "MIM-104 Patriot"]


def test_best_per_span_keeps_the_higher_score_and_the_link():
    plain = Suggestion(0, 8, "actor", 1.0, "corpus")
    linked = Suggestion(0, 8, "actor", 0.9, "gazetteer", "Norwegen", "place", "state",
                        (("iso3166", "NO"),))
    (best,) = best_per_span([linked, plain])
    assert best.source == "corpus" and best.identifiers == (("iso3166", "NO"),)


def test_annotated_and_rejected_spans_are_not_suggested():
    items = [Suggestion(0, 8, "actor"), Suggestion(10, 14, "weapon"),
             Suggestion(20, 25, "actor"), Suggestion(30, 35, "actor")]
    kept = without(items, [(0, 8, "weapon"), (12, 16, "weapon")], {(20, 25, "actor")})
    assert kept == [Suggestion(30, 35, "actor")]


def test_suggester_switches_sources_off():
    docs = [labelled("Rheinmetall baut.", ("Rheinmetall", "actor"))]
    text = "Rheinmetall und Norwegen"
    both = Suggester.build(TAGSET, docs, enabled={"corpus", "gazetteer"})
    assert {s.source for s in both.suggest(text)} == {"corpus", "gazetteer"}
    only = Suggester.build(TAGSET, docs, enabled={"gazetteer"})
    assert {text[s.start:s.end] for s in only.suggest(text)} == {"Norwegen"}


def test_least_certain_first():
    items = [Suggestion(0, 1, "actor", 0.9), Suggestion(5, 6, "actor", 0.4),
             Suggestion(2, 3, "actor", 0.4)]
    assert [s.start for s in least_certain_first(items)] == [2, 5, 0]


NEWS = [
    "Verteidigungsminister Pistorius traf Hegseth in Washington.",
    "Pistorius sprach mit Hegseth über Patriot-Systeme.",
    "Die Bundeswehr bekommt neue Panzer von Rheinmetall.",
    "Hegseth empfing Pistorius im Pentagon.",
    "Rheinmetall liefert Munition an die Ukraine.",
    "Selenskyj dankte Pistorius für die Hilfe.",
    "Der Kanzler sprach mit Selenskyj in Kiew.",
    "Rheinmetall und Hensoldt bauen Radare.",
]


def news_documents() -> list[Labelled]:
    names = {"Pistorius", "Hegseth", "Rheinmetall", "Selenskyj", "Bundeswehr", "Ukraine",
             "Hensoldt"}
    docs = []
    for index, text in enumerate(NEWS * 3):
        spans = tuple((text.index(w), text.index(w) + len(w), "actor")
                      for w in names if w in text)
        docs.append(Labelled(text, spans, f"n{index}"))
    return docs


@pytest.mark.skipif(not crf.available(), reason=crf.MISSING)
def test_tagger_learns_and_scores_its_spans():
    suggester = Suggester.build(TAGSET, enabled={"tagger"})
    suggester.learn(news_documents())
    assert suggester.tagger is not None
    text = "Hegseth sprach mit Pistorius."
    found = suggester.suggest(text)
    assert {text[s.start:s.end] for s in found} >= {"Pistorius", "Hegseth"}
    assert all(s.source == "tagger" and 0 < s.score <= 1 for s in found)


@pytest.mark.skipif(not crf.available(), reason=crf.MISSING)
def test_training_can_be_cancelled():
    examples = [crf.labelled_sentences(doc)[0] for doc in news_documents()]
    with pytest.raises(crf.TrainingStopped):
        crf.train(examples, cancelled=lambda: True)


def test_no_tagger_without_annotations():
    suggester = Suggester.build(TAGSET, enabled={"tagger"})
    suggester.learn([Labelled("Nichts ist annotiert.", ())])
    assert suggester.tagger is None


def test_quality_is_measured_on_held_out_documents():
    quality = evaluate(TAGSET, news_documents(), sources=("corpus", "gazetteer"))
    assert quality["corpus"].precision == 1.0 and quality["corpus"].recall > 0.5
    assert quality["gazetteer"].wanted == quality["corpus"].wanted
    assert quality["gazetteer"].recall < quality["corpus"].recall


def test_a_source_below_the_threshold_stops_suggesting():
    suggester = Suggester.build(TAGSET, enabled={"gazetteer"})
    text = "Norwegen liefert."
    assert suggester.suggest(text)
    suggester.quality = {"gazetteer": Quality("gazetteer", 0.5, 0.5, 10, MIN_EVALUATED)}
    assert suggester.suggest(text)
    suggester.quality = {"gazetteer": Quality("gazetteer", 0.1, 0.5, 10, MIN_EVALUATED - 1)}
    assert suggester.suggest(text), "too few held-out annotations to judge"
    suggester.quality = {"gazetteer": Quality("gazetteer", 0.1, 0.5, 10, MIN_EVALUATED)}
    assert suggester.suggest(text) == []


def test_rejections_of_a_corpus_document_live_in_the_cache(tmp_path):
    rejected = Rejections.for_corpus_document(tmp_path, "doc-1")
    rejected.add((3, 8, "actor"))
    path = tmp_path / ".annotator-cache" / "rejected" / "doc-1.json"
    assert json.loads(path.read_text()) == [[3, 8, "actor"]]
    assert (3, 8, "actor") in Rejections.for_corpus_document(tmp_path, "doc-1")
    path.write_text("{not json")
    assert len(Rejections.for_corpus_document(tmp_path, "doc-1")) == 0


def test_rejections_of_a_file_without_a_store_are_kept_in_memory_only(tmp_path):
    document = tmp_path / "a.xml"
    Rejections.for_file(document).add((1, 2, "weapon"))
    assert (1, 2, "weapon") in Rejections.for_file(document)
    assert list(tmp_path.iterdir()) == []


def test_rejections_of_a_file_outlive_the_run_in_the_apps_store(tmp_path):
    from annotator.suggest import rejections

    folder = tmp_path / "documents"
    folder.mkdir()
    document, store = folder / "bericht.xml", tmp_path / "data" / "rejected"
    text = "Norwegen liefert ein Patriot-System 😀."
    Rejections.for_file(document, text, store).add((0, 8, "actor"))
    rejections._IN_MEMORY.clear()  # (a new run of Annotator)
    assert (0, 8, "actor") in Rejections.for_file(document, text, store)
    # Another text at the same path (the file replaced) has none of them.
    assert len(Rejections.for_file(document, text + " Neu.", store)) == 0
    # Nothing is written beside the document; the store holds one small file.
    assert list(folder.iterdir()) == []
    kept = list(store.iterdir())
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == [[0, 8, "actor"]]
    # An unreadable store file costs only the rejections.
    kept[0].write_text("{not json")
    rejections._IN_MEMORY.clear()
    assert len(Rejections.for_file(document, text, store)) == 0


@pytest.mark.skipif(not crf.word_classes_available(), reason="HanTa is not installed")
def test_word_classes_come_from_the_shipped_model():
    assert crf.word_classes(["Boris", "Pistorius", "kommt", "."]) == ["NE", "NE", "VV(FIN)",
                                                                      "$."]
    examples = [crf.labelled_sentences(doc)[0] for doc in news_documents()]
    assert crf.train(examples).with_classes
    assert not crf.train(examples, with_classes=False).with_classes


def test_quoted_words_are_marked():
    features = crf.sentence_features(["Er", "las", "„", "Ecce", "homo", "“", "."])
    assert [("quoted" in f) for f in features] == [False, False, False, True, True, False,
                                                   False]


def test_chunks_of_bio_labels():
    assert crf.chunks(["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "B-ORG"]) == [
        (0, 1, "PER"), (3, 3, "LOC"), (4, 4, "LOC"), (5, 5, "ORG")]


@pytest.mark.skipif(not crf.available(), reason=crf.MISSING)
def test_training_in_a_process_of_its_own_gives_the_same_model():
    examples = [crf.labelled_sentences(doc)[0] for doc in news_documents()]
    here = crf.train(examples, with_classes=False)
    there = crf.train(examples, with_classes=False, separate_process=True)
    words = ["Hegseth", "sprach", "mit", "Pistorius", "."]
    assert here.tag_words(words) == there.tag_words(words)
    assert there.model == here.model


@pytest.mark.skipif(not crf.available(), reason=crf.MISSING)
def test_training_in_a_process_can_be_stopped_while_it_runs():
    examples = [crf.labelled_sentences(doc)[0] for doc in news_documents()] * 200
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2  # before it began, then once while it waits

    with pytest.raises(crf.TrainingStopped):
        crf.train(examples, with_classes=False, separate_process=True, cancelled=cancelled)


@pytest.mark.skipif(not (crf.available() and crf.word_classes_available()),
                    reason="python-crfsuite or HanTa is not installed")
def test_the_training_process_finds_the_word_classes_and_hands_them_back():
    crf.forget_word_classes()
    examples = [crf.labelled_sentences(doc)[0] for doc in news_documents()]
    tagger = crf.train(examples, separate_process=True)
    assert tagger.with_classes
    words = tuple(examples[0][0])
    assert crf._CLASSES[words] == tuple(crf.word_classes(words))


def test_overlap_with_an_annotation_of_the_same_tag_is_found_among_many():
    annotated = [(i * 10, i * 10 + 3, "actor") for i in range(10_000)]
    annotated.append((5, 95, "weapon"))
    items = [Suggestion(2, 4, "actor"), Suggestion(4, 9, "actor"), Suggestion(50, 60, "weapon"),
             Suggestion(99_991, 99_994, "actor"), Suggestion(99_995, 99_999, "actor")]
    kept = without(items, annotated, ())
    assert kept == [Suggestion(4, 9, "actor"), Suggestion(99_995, 99_999, "actor")]


# -- word clusters ---------------------------------------------------------------------
LEADERS = ["Pistorius", "Hegseth", "Selenskyj", "Rutte", "Baerbock", "Wadephul", "Merz",
           "Scholz", "Macron", "Starmer", "Tusk", "Meloni"]
CAPITALS = ["Berlin", "Kiew", "Paris", "London", "Warschau", "Rom", "Madrid", "Wien",
            "Prag", "Oslo", "Bern", "Riga"]


def unlabelled_news(count: int = 400) -> list[str]:
    """Sentences in which the leaders and the capitals each keep their own company."""
    import random

    rng = random.Random(1)
    out = []
    for _ in range(count):
        n, m = rng.choice(LEADERS), rng.choice(LEADERS)
        c, d = rng.choice(CAPITALS), rng.choice(CAPITALS)
        out.append(rng.choice([f"Minister {n} sagte am Montag in {c}, dass {m} kommt.",
                               f"In {c} traf {n} gestern {m}.",
                               f"Der Flug von {c} nach {d} dauert lange.",
                               f"{n} und {m} sprachen über {c}.",
                               f"Aus {c} meldete sich {n}."]))
    return out


numpy_needed = pytest.mark.skipif(not clusters.available(), reason="numpy is not installed")


@numpy_needed
def test_words_in_the_same_company_share_a_cluster():
    found = clusters.learn((w for t in unlabelled_news() for w in words_of(t)), (4, 8))
    leaders = {found.of[name][0] for name in LEADERS}
    capitals = {found.of[name][0] for name in CAPITALS}
    assert len(leaders) == 1 and not leaders & capitals
    assert found.features("Pistorius") == [f"c4={found.of['Pistorius'][0]}",
                                           f"c8={found.of['Pistorius'][1]}"]
    assert found.features("PISTORIUS") == found.features("Pistorius")
    assert found.features("Und") == found.features("und")
    assert found.features("Unbekannt") == ["c=none"]


@numpy_needed
def test_too_few_words_or_no_company_make_no_clusters():
    assert len(clusters.learn([["Ein", "Satz", "."]])) == 0
    assert len(clusters.learn([[f"Wort{i}"] for i in range(40)])) == 0  # no neighbours
    assert len(clusters.learn([[f"Wort{i}" for i in range(25)]])) == 25  # all seen once
    assert crf.sentence_features(["Ein", "Satz"], clusters=clusters.WordClusters()) == \
        crf.sentence_features(["Ein", "Satz"])


@numpy_needed
def test_clusters_are_learnt_once_per_change_of_the_texts_and_kept_in_the_cache(tmp_path):
    texts = ["\n".join(unlabelled_news(200)), "Rheinmetall liefert Munition."]
    folder = tmp_path / ".annotator-cache"
    clusters._KEPT.clear()
    first = clusters.cached(texts, folder)
    path = folder / clusters.FILE_NAME
    assert first.digest == clusters.digest_of(reversed(texts)) and len(first) > 50
    written = path.stat().st_mtime_ns
    clusters._KEPT.clear()
    again = clusters.cached(list(reversed(texts)), folder)  # read from the file
    assert again.of == first.of and path.stat().st_mtime_ns == written
    changed = clusters.cached([*texts, "Ein neuer Text."], folder)
    assert changed.digest != first.digest
    assert clusters.WordClusters.from_json(path.read_text(encoding="utf-8")).digest == \
        changed.digest
    clusters._KEPT.clear()
    path.write_text("{not json", encoding="utf-8")
    assert clusters.cached(texts, folder).of == first.of  # a broken cache is learnt again
    assert clusters.WordClusters.from_json(path.read_text(encoding="utf-8")).of == first.of


@numpy_needed
@pytest.mark.parametrize("bad", [
    "{not json", "[]", '{"version": 1}', '{"version": 99, "granularities": [], "words": {}}',
    '{"version": 1, "granularities": [4], "words": {"a": [1, 2]}}'])
def test_a_bad_cluster_file_is_named_as_such(bad):
    with pytest.raises(ValueError, match="cluster file"):
        clusters.WordClusters.from_json(bad)


@numpy_needed
def test_a_cache_that_cannot_be_written_is_no_error(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    clusters._KEPT.clear()
    assert len(clusters.cached(["\n".join(unlabelled_news(100))], blocked)) > 0
    assert blocked.read_text(encoding="utf-8").startswith("a file")


@numpy_needed
def test_clusters_learnt_in_a_process_of_their_own_are_the_same():
    texts = ["\n".join(unlabelled_news(100))]
    clusters._KEPT.clear()
    there = clusters.cached(texts, None, separate_process=True)
    assert there.of == clusters.learn_from_texts(texts).of


@pytest.mark.skipif(not (crf.available() and clusters.available()),
                    reason="python-crfsuite or numpy is not installed")
def test_the_tagger_learns_from_clusters_and_tags_with_them():
    found = clusters.learn((w for t in unlabelled_news() for w in words_of(t)), (4, 8))
    features = crf.sentence_features(["Minister", "Wadephul", "kommt"], clusters=found)
    assert f"c4={found.of['Wadephul'][0]}" in features[1]
    assert f"-1:c4={found.of['Wadephul'][0]}" in features[2]
    examples = [crf.labelled_sentences(doc)[0] for doc in news_documents()]
    here = crf.train(examples, with_classes=False, clusters=found)
    there = crf.train(examples, with_classes=False, clusters=found, separate_process=True)
    assert here.clusters is found and there.model == here.model
    # Baerbock was never annotated, nor was any name after "von"; her clusters are
    # those of the leaders who were annotated.
    words = ["Die", "Rede", "von", "Baerbock", "war", "lang", "."]
    assert crf.train(examples, with_classes=False).tag_words(words)[3] == "O"
    assert here.tag_words(words)[3] == "B-actor"


def test_listed_companies_are_a_feature_of_the_tagger_not_a_suggestion():
    names = crf.company_names()
    assert {"Siemens", "Nokia", "Adidas"} <= set(names) and len(names) > 500
    assert not any(" " in name or name.startswith("#") for name in names)
    assert "in-company" in crf.word_features("Nokia")
    assert "in-company~" in crf.word_features("Nokias")  # an inflection ending off
    assert "in-company" not in crf.word_features("Norwegen")
    gazetteer = Suggester.build(TAGSET, enabled={"gazetteer"})
    assert not gazetteer.suggest("Nokia baut Netze.")
