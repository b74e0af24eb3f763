"""``annotator suggest``, run as a real subprocess on real files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from annotator.suggest import clusters, crf
from tests.test_cli import ROOT, SAMPLE, annotator, assert_no_traceback

EXAMPLE = ROOT / "resources" / "samples" / "patriot-de.annotated.xml"

TRAIN = [
    {"text": "Norwegen liefert Patriot an die Ukraine.",
     "label": [[0, 8, "actor"], [17, 24, "weapon"], [32, 39, "actor"]]},
    {"text": "Rheinmetall zahlt für 𝔓atriot und Patriot.",
     "label": [[0, 11, "actor"], [35, 42, "weapon"]]},
]


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_suggestions_from_doccano_lines_in_code_points(tmp_path):
    train = write_jsonl(tmp_path / "train.jsonl", TRAIN)
    article = tmp_path / "article.txt"
    article.write_text("𝔄𝔅 Rheinmetall schickt Patriot nach Norwegen.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = annotator("suggest", str(article), "--train", str(train), "-o", str(out),
                       "--sources", "corpus,gazetteer")
    assert result.returncode == 0, result.stderr
    rows = read_jsonl(out)
    text = article.read_text(encoding="utf-8").rstrip("\n")
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]
        assert set(row) >= {"document", "start", "end", "text", "tag", "score", "source"}
    found = {(r["text"], r["tag"], r["source"]) for r in rows}
    assert ("Rheinmetall", "actor", "corpus") in found
    assert ("Patriot", "weapon", "corpus") in found
    norway = [r for r in rows if r["text"] == "Norwegen"]
    assert {r["source"] for r in norway} == {"corpus"}
    assert all(r["document"] == "article.txt" for r in rows)


def test_offsets_are_those_of_the_txt_export(tmp_path):
    train = write_jsonl(tmp_path / "train.jsonl", TRAIN)
    out = tmp_path / "out.jsonl"
    text_out = tmp_path / "example.txt"
    assert annotator("export", str(EXAMPLE), "-f", "txt", "-o", str(text_out)).returncode == 0
    result = annotator("suggest", str(EXAMPLE), "--train", str(train), "-o", str(out),
                       "--sources", "gazetteer")
    assert result.returncode == 0, result.stderr
    text = text_out.read_text(encoding="utf-8")
    rows = read_jsonl(out)
    assert rows
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]


def test_csv_and_a_corpus_of_tei_files_for_training(tmp_path):
    folder = tmp_path / "training"
    folder.mkdir()
    (folder / "example.xml").write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "out.csv"
    result = annotator("suggest", str(SAMPLE), "--train", str(folder), "-f", "csv",
                       "-o", str(out), "--sources", "corpus")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows, "the sample's annotated forms recur in the sample"
    assert {r["source"] for r in rows} == {"corpus"}
    assert {"Deutschland", "Norwegen"} <= {r["text"] for r in rows}


@pytest.mark.skipif(not crf.available(), reason=crf.MISSING)
def test_the_tagger_suggests_too(tmp_path):
    train = write_jsonl(tmp_path / "train.jsonl", TRAIN * 10)
    article = tmp_path / "a.txt"
    article.write_text("Norwegen liefert Patriot an die Ukraine.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = annotator("suggest", str(article), "--train", str(train), "-o", str(out),
                       "--sources", "tagger")
    assert result.returncode == 0, result.stderr
    assert {r["source"] for r in read_jsonl(out)} == {"tagger"}
    assert {"Norwegen", "Patriot"} <= {r["text"] for r in read_jsonl(out)}


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "train.jsonl:2: is not a JSON object"),
    ('{"text": "abc", "label": [[0, 9, "actor"]]}', "train.jsonl:2: actor 0-9 is outside"),
    ('{"text": "abc", "label": [[0, 1]]}', "train.jsonl:2: [0, 1] is not [start, end, label]"),
    ('{"label": []}', "train.jsonl:2: a doccano line is an object with a 'text'"),
    ('{"text": "abc", "label": [[0, 1, "a b"]]}', "train.jsonl:2: label 'a b' cannot be a tag"),
])
def test_bad_training_lines_are_named(tmp_path, line, message):
    train = tmp_path / "train.jsonl"
    train.write_text(json.dumps(TRAIN[0]) + "\n" + line + "\n", encoding="utf-8")
    result = annotator("suggest", str(SAMPLE), "--train", str(train), "-o",
                       str(tmp_path / "out.jsonl"))
    assert result.returncode == 1
    assert_no_traceback(result)
    assert message in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_a_label_outside_the_given_tagset(tmp_path):
    train = write_jsonl(tmp_path / "train.jsonl", [TRAIN[0], {"text": "x", "label": [
        [0, 1, "PER"]]}])
    tagset = tmp_path / "tagset.json"
    tagset.write_text(json.dumps([{"id": "actor", "label": "Actor", "color": "#123456"},
                                  {"id": "weapon", "label": "Weapon", "color": "#654321"}]))
    result = annotator("suggest", str(SAMPLE), "--train", str(train), "--tagset", str(tagset),
                       "-o", str(tmp_path / "o.jsonl"))
    assert result.returncode == 1
    assert "train.jsonl:2: label 'PER' is not a tag of the tagset" in result.stderr


@pytest.mark.parametrize("case", ["missing training", "no annotations", "bad source",
                                  "output exists", "missing file"])
def test_other_bad_input(tmp_path, case):
    train = write_jsonl(tmp_path / "train.jsonl", TRAIN)
    out = tmp_path / "out.jsonl"
    args = [str(SAMPLE), "--train", str(train), "-o", str(out)]
    expected = ""
    if case == "missing training":
        args[2] = str(tmp_path / "nowhere.jsonl")
        expected = "nowhere.jsonl: no such file or folder"
    elif case == "no annotations":
        write_jsonl(train, [{"text": "abc", "label": []}])
        expected = "no annotations to learn from"
    elif case == "bad source":
        args += ["--sources", "oracle"]
        expected = "unknown source oracle"
    elif case == "output exists":
        out.write_text("mine")
        expected = "already exists"
    else:
        args[0] = str(tmp_path / "gone.txt")
        expected = "gone.txt"
    result = annotator("suggest", *args)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    assert expected in result.stderr
    if case == "output exists":
        assert out.read_text() == "mine"


def test_help_names_the_verb_and_its_options():
    listing = annotator("--help")
    assert listing.returncode == 0 and "suggest" in listing.stdout
    result = annotator("suggest", "--help")
    assert result.returncode == 0
    for option in ("--train", "--tagset", "--format", "--sources", "-o"):
        assert option in result.stdout


def test_without_the_suggest_extra_the_other_sources_still_suggest(tmp_path):
    """python-crfsuite and HanTa made unimportable in a real process: a note, not an
    error, and the string sources' suggestions."""
    import subprocess
    import sys

    train = write_jsonl(tmp_path / "train.jsonl", TRAIN)
    article = tmp_path / "a.txt"
    article.write_text("Rheinmetall liefert an Russland nichts.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = ("import sys; sys.modules['pycrfsuite'] = None; sys.modules['HanTa'] = None; "
            "from annotator.cli import main; sys.exit(main(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", code, "suggest", str(article), "--train",
                             str(train), "-o", str(out)], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "note: the learning tagger needs python-crfsuite" in result.stderr
    assert {r["source"] for r in read_jsonl(out)} == {"corpus", "gazetteer"}


def test_a_corpus_folder_teaches_its_annotated_forms(tmp_path):
    corpus = tmp_path / "waffen"
    sources = tmp_path / "in"
    sources.mkdir()
    (sources / "a.txt").write_text("Rheinmetall liefert Munition.\n", encoding="utf-8")
    for args in (("corpus", "init", str(corpus)), ("corpus", "add", str(corpus), str(sources)),
                 ("corpus", "tag", str(corpus), "Rheinmetall", "--tag", "actor")):
        result = annotator(*args)
        assert result.returncode == 0, result.stderr
    article = tmp_path / "b.txt"
    article.write_text("Auch Rheinmetall baut.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = annotator("suggest", str(article), "--train", str(corpus), "-o", str(out),
                       "--sources", "corpus")
    assert result.returncode == 0, result.stderr
    assert [(r["text"], r["tag"], r["source"], r["start"]) for r in read_jsonl(out)] == [
        ("Rheinmetall", "actor", "corpus", 5)]


@pytest.mark.skipif(not (crf.available() and crf.word_classes_available()
                         and clusters.available()),
                    reason="python-crfsuite, HanTa or numpy is not installed")
def test_the_files_text_teaches_the_tagger(tmp_path):
    from tests.test_suggest import news_documents, unlabelled_news

    train = write_jsonl(tmp_path / "train.jsonl", [
        {"text": doc.text, "label": [list(span) for span in doc.spans]}
        for doc in news_documents()])
    sentence = "Gestern kam auch Meloni.\n"
    alone = tmp_path / "alone.txt"
    alone.write_text(sentence, encoding="utf-8")
    among = tmp_path / "among.txt"
    among.write_text("\n".join(unlabelled_news()) + "\n" + sentence, encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    found = {}
    for article in (alone, among):
        out = tmp_path / f"{article.stem}.jsonl"
        result = annotator("suggest", str(article), "--train", str(train), "-o", str(out),
                           "--sources", "tagger")
        assert result.returncode == 0, result.stderr
        last = len(article.read_text(encoding="utf-8")) - len(sentence)
        found[article.stem] = {r["text"] for r in read_jsonl(out) if r["start"] >= last}
    # Learnt from a few annotated sentences, the tagger takes a capitalised word at the
    # start of a sentence for a name; the file's own unlabelled text (how its words
    # are written, and their word clusters) tells it "Gestern" is not one.
    assert "Gestern" in found["alone"]
    assert "Gestern" not in found["among"]
    # Learnt for the run: nothing but OUT is written.
    assert sorted(tmp_path.rglob("*")) == sorted([*before, tmp_path / "alone.jsonl",
                                                  tmp_path / "among.jsonl"])


@pytest.mark.skipif(not (crf.available() and clusters.available()),
                    reason="python-crfsuite or numpy is not installed")
def test_a_corpus_folder_teaches_the_tagger_and_its_cache_is_left_alone(tmp_path):
    from tests.test_suggest import unlabelled_news

    corpus = tmp_path / "nachrichten"
    sources = tmp_path / "in"
    sources.mkdir()
    news = unlabelled_news(60)
    (sources / "a.txt").write_text("\n".join(news[:30]) + "\n", encoding="utf-8")
    (sources / "b.txt").write_text("\n".join(news[30:]) + "\n", encoding="utf-8")
    for args in (("corpus", "init", str(corpus)), ("corpus", "add", str(corpus), str(sources)),
                 ("corpus", "tag", str(corpus), "Pistorius", "--tag", "actor"),
                 ("corpus", "tag", str(corpus), "Hegseth", "--tag", "actor")):
        result = annotator(*args)
        assert result.returncode == 0, result.stderr
    cache = corpus / ".annotator-cache"
    before = sorted(p for p in corpus.rglob("*") if p.is_file())
    article = tmp_path / "c.txt"
    article.write_text("Minister Pistorius sagte am Montag in Kiew, dass Hegseth kommt.\n",
                       encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = annotator("suggest", str(article), "--train", str(corpus), "-o", str(out),
                       "--sources", "tagger")
    assert result.returncode == 0, result.stderr
    assert {"Pistorius", "Hegseth"} <= {r["text"] for r in read_jsonl(out)}
    # The clusters of the corpus's texts and the FILE's are learnt for the run only.
    assert not (cache / clusters.FILE_NAME).exists()
    assert sorted(p for p in corpus.rglob("*") if p.is_file()) == before
