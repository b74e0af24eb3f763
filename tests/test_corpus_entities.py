"""One entity register for a corpus: a mention in any document links to the same
entity, the index knows where each entity is mentioned, and merge and split work
across documents (annotator/corpus/folder.py, the register in entities.xml)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from annotator.corpus import Corpus
from annotator.corpus.tei_files import corpus_schema
from annotator.errors import AnnotatorError
from annotator.model import edits


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return Corpus.create(tmp_path / "corpus", "Waffenlieferungen")


def imported(corpus: Corpus, tmp_path: Path, text: str, name: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = corpus.add([path])
    assert report.failed == [], report.failed
    return report.added[0][1]


def tag(corpus: Corpus, doc_id: str, annotator: str, word: str, tag_id: str = "actor"
        ) -> None:
    """Tag the first ``word`` of the document as the window does (linked), and save."""
    session = corpus.open_document(doc_id, annotator)
    doc = session.document
    start = doc.document.text.index(word)
    edits.add_linked(doc, [(start, start + len(word), tag_id)]).apply(doc)
    session.write(session.tei_path, annotator)


def entity_of(corpus: Corpus, doc_id: str, annotator: str, word: str) -> str:
    doc = corpus.open_document(doc_id, annotator).document
    found = [a for a in doc.annotations if doc.annotations.text_of(a) == word]
    assert found, word
    return found[0].entity


@pytest.fixture
def three(corpus: Corpus, tmp_path: Path) -> tuple[str, str, str]:
    return (imported(corpus, tmp_path, "Deutschland zahlt zwei Patriot-Systeme.\n", "a.txt"),
            imported(corpus, tmp_path, "Die Hilfe Deutschlands wächst weiter.\n", "b.txt"),
            imported(corpus, tmp_path, "Die BRD liefert Panzer.\n", "c.txt"))


def test_a_mention_in_another_document_links_to_the_registers_entity(corpus, three):
    a, b, _c = three
    tag(corpus, a, "Ana", "Deutschland")
    assert entity_of(corpus, a, "Ana", "Deutschland") == "place-deutschland"
    # "Deutschlands" in another document is the same entity, not a new one.
    tag(corpus, b, "Ana", "Deutschlands")
    assert entity_of(corpus, b, "Ana", "Deutschlands") == "place-deutschland"
    assert list(corpus.entities()) == ["place-deutschland"]
    # So it is for another annotator, whose file did not know it.
    tag(corpus, b, "Bo", "Deutschlands")
    assert entity_of(corpus, b, "Bo", "Deutschlands") == "place-deutschland"


def test_a_new_entity_never_takes_an_id_the_register_gives_another(corpus, three):
    a, b, _c = three
    tag(corpus, a, "Ana", "Deutschland")
    session = corpus.open_document(b, "Ana")
    doc = session.document
    start = doc.document.text.index("Hilfe")
    edit = edits.add_linked(doc, [(start, start + 5, "weapon")])
    edit.apply(doc)  # (a weapon names an object, not the place)
    assert all(e.id != "place-deutschland" for e in edit.entities_after)


def test_the_index_knows_where_each_entity_is_mentioned(corpus, three):
    a, b, _c = three
    tag(corpus, a, "Ana", "Deutschland")
    tag(corpus, b, "Ana", "Deutschlands")
    tag(corpus, b, "Bo", "Deutschlands")
    assert corpus.mentions_of("place-deutschland") == [(a, "ana", 1), (b, "ana", 1),
                                                       (b, "bo", 1)]
    # Rebuilt from the files alone, the index says the same.
    corpus.index.path.unlink()
    corpus.documents()
    assert corpus.mentions_of("place-deutschland") == [(a, "ana", 1), (b, "ana", 1),
                                                       (b, "bo", 1)]
    assert corpus.mentions_of("place-nowhere") == []


def test_merge_across_the_corpus_rewrites_only_the_annotators_files(corpus, three):
    a, _b, c = three
    tag(corpus, a, "Ana", "Deutschland")
    tag(corpus, c, "Ana", "BRD")
    tag(corpus, c, "Bo", "BRD")
    gone = entity_of(corpus, c, "Ana", "BRD")
    register = corpus.entities()
    assert gone == "place-brd" and gone in register
    session = corpus.open_document(c, "Ana")
    doc = session.document
    edits.set_identifiers(doc, gone, {"iso3166": "DEU"}).apply(doc)
    session.write(session.tei_path, "Ana")
    bo_file = corpus.root / "documents" / c / "annotations" / "bo.xml"
    bo_before = bo_file.read_bytes()

    report = corpus.merge_entities("place-deutschland", [gone], "Ana")

    assert report.documents == [c] and report.failed == []
    assert entity_of(corpus, c, "Ana", "BRD") == "place-deutschland"
    register = corpus.entities()
    assert gone not in register
    assert register["place-deutschland"].identifier("iso3166") == "DEU"
    assert corpus.merges() == {gone: "place-deutschland"}
    # Bo's file is Bo's: untouched, and read through the register's record.
    assert bo_file.read_bytes() == bo_before
    assert entity_of(corpus, c, "Bo", "BRD") == "place-deutschland"
    assert [d.entities.keys() for d in corpus.read_all(c)] == [{"place-deutschland"}] * 2
    assert corpus.mentions_of("place-deutschland") == [(a, "ana", 1), (c, "ana", 1),
                                                       (c, "bo", 1)]
    # Bo's next save writes the merged id; the merge stays recorded.
    session = corpus.open_document(c, "Bo")
    session.write(session.tei_path, "Bo")
    assert b"place-brd" not in bo_file.read_bytes()
    # The register is valid against the corpus schema and every file checks.
    tree = etree.parse(str(corpus.root / "entities.xml"))
    assert corpus_schema().validate(tree), corpus_schema().error_log
    assert corpus.check() == []


def test_tagging_after_a_merge_links_to_the_entity_it_became(corpus, three):
    a, _b, c = three
    tag(corpus, a, "Ana", "Deutschland")
    tag(corpus, c, "Ana", "BRD")
    corpus.merge_entities("place-deutschland", ["place-brd"], "Ana")
    tag(corpus, a, "Cy", "Deutschland")
    assert entity_of(corpus, a, "Cy", "Deutschland") == "place-deutschland"
    # Merging again into the merged entity's survivor follows the chain.
    tag(corpus, c, "Cy", "Panzer", "weapon")
    assert corpus.merges() == {"place-brd": "place-deutschland"}


def test_split_across_the_corpus_moves_the_chosen_documents_mentions(corpus, three):
    a, b, _c = three
    tag(corpus, a, "Ana", "Deutschland")
    tag(corpus, b, "Ana", "Deutschlands")
    report = corpus.split_entity("place-deutschland", [b], "Deutschland (Hilfe)", "Ana")
    assert report.documents == [b]
    assert report.entity is not None and report.entity.id == "place-deutschland-hilfe"
    assert entity_of(corpus, b, "Ana", "Deutschlands") == "place-deutschland-hilfe"
    assert entity_of(corpus, a, "Ana", "Deutschland") == "place-deutschland"
    assert set(corpus.entities()) == {"place-deutschland", "place-deutschland-hilfe"}
    assert corpus.mentions_of("place-deutschland-hilfe") == [(b, "ana", 1)]
    assert corpus.check() == []


@pytest.mark.parametrize("call, message", [
    (lambda c: c.merge_entities("place-nowhere", ["place-deutschland"], "Ana"),
     "no entity 'place-nowhere'"),
    (lambda c: c.merge_entities("place-deutschland", ["place-deutschland"], "Ana"),
     "at least two"),
    (lambda c: c.merge_entities("place-deutschland", ["obj-panzer"], "Ana"),
     "not of the kind"),
    (lambda c: c.split_entity("place-deutschland", [], "Neu", "Ana"), "choose the documents"),
    (lambda c: c.split_entity("place-deutschland", ["x"], "  ", "Ana"), "needs a name"),
    (lambda c: c.split_entity("place-nowhere", ["x"], "Neu", "Ana"), "no entity"),
])
def test_bad_merges_and_splits_are_refused_and_change_nothing(corpus, three, call, message):
    a, _b, c = three
    tag(corpus, a, "Ana", "Deutschland")
    tag(corpus, c, "Ana", "Panzer", "weapon")
    before = (corpus.root / "entities.xml").read_bytes()
    with pytest.raises(AnnotatorError, match=message):
        call(corpus)
    assert (corpus.root / "entities.xml").read_bytes() == before


def test_the_entities_table_names_the_entity_a_merge_made(corpus, three):
    from annotator.corpus.tables import corpus_rows

    a, _b, c = three
    tag(corpus, a, "Ana", "Deutschland")
    tag(corpus, c, "Bo", "BRD")  # Bo's file keeps the old id
    tag(corpus, c, "Ana", "BRD")
    corpus.merge_entities("place-deutschland", ["place-brd"], "Ana")
    _columns, rows, problems = corpus_rows(corpus, "entities")
    assert problems == []
    assert sorted((r["document"], r["id"], r["name"]) for r in rows) == [
        (a, "place-deutschland", "Deutschland"), (c, "place-deutschland", "Deutschland"),
        (c, "place-deutschland", "Deutschland")]
