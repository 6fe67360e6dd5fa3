"""The learned tagger: its features, its spans, how it joins the rules, its switch, and
the shipped model rebuilt byte for byte from ../shared."""

from __future__ import annotations

import runpy
from importlib.resources import files
from pathlib import Path

import pytest

from kg.evaluate.conll import GoldSpan
from kg.model import Document, EntityType, Mention
from kg.pipeline import extract, extract_corpus
from kg.tagger import MODEL, RULE_ID, combine, default_tagger
from kg.tagger.crf import spans_of
from kg.tagger.features import Featurizer
from kg.tagger.train import labels_of
from kg.text import split_sentences

ROOT = Path(__file__).resolve().parent.parent
_NAMES = {EntityType.PERSON, EntityType.ORGANISATION, EntityType.PLACE}


def _mention(start: int, end: int, etype: EntityType, rule: str = "r") -> Mention:
    return Mention("d", start, end, "x" * (end - start), etype, rule, 0, role="role")


def test_tagger_spans_of_reads_iob2_like_conlleval() -> None:
    labels = ["B-PERS", "I-PERS", "O", "I-ORG", "I-ORG", "B-LOC", "I-PERS", "B-LOC", "B-LOC"]
    assert spans_of(labels) == [
        (0, 1, "PERS"),
        (3, 4, "ORG"),
        (5, 5, "LOC"),
        (6, 6, "PERS"),
        (7, 7, "LOC"),
        (8, 8, "LOC"),
    ]


def test_tagger_labels_of_follow_the_gold_spans() -> None:
    text = "زار وزير الخارجية بيروت ."
    (sentence,) = split_sentences(Document("d", text))
    spans = [GoldSpan(4, 17, "ORG", text[4:17]), GoldSpan(18, 23, "LOC", text[18:23])]
    assert labels_of(sentence.tokens, spans) == ("O", "B-ORG", "I-ORG", "B-LOC", "O")


def test_tagger_features_are_cached_by_word_and_see_the_window() -> None:
    featurizer = Featurizer()
    (sentence,) = split_sentences(Document("d", "قال الرئيس إن الوفد وصل"))
    feats = featurizer.sentence(sentence.tokens)
    assert featurizer.word(sentence.tokens[1]) is featurizer.word(sentence.tokens[1])
    assert "c=role" in featurizer.word(sentence.tokens[1]).own
    assert "-1:c=role" in feats[2] and "+1:c=role" in feats[0] and "-2:BOS" not in feats[2]
    assert "-1:BOS" in feats[0] and "-2:BOS" in feats[1] and "-2:BOS" not in feats[0]
    assert "+1:EOS" in feats[-1] and "+2:EOS" in feats[-2]
    assert len(feats) == len(sentence.tokens)


def test_tagger_policy_add_takes_only_names_no_rule_overlaps() -> None:
    rules = [_mention(0, 10, EntityType.PERSON), _mention(20, 40, EntityType.EVENT)]
    tagged = [
        _mention(5, 15, EntityType.PLACE, RULE_ID),  # overlaps the rule person: left out
        _mention(25, 30, EntityType.PLACE, RULE_ID),  # inside an event: the layers differ
        _mention(50, 55, EntityType.ORGANISATION, RULE_ID),
    ]
    merged = combine(rules, tagged, policy="add")
    assert [(m.start, m.end, m.rule_id) for m in merged] == [
        (0, 10, "r"),
        (20, 40, "r"),
        (25, 30, RULE_ID),
        (50, 55, RULE_ID),
    ]


def test_tagger_policy_bounds_move_a_rule_name_and_keep_its_record() -> None:
    rules = [
        _mention(0, 10, EntityType.PERSON),
        _mention(30, 40, EntityType.PERSON),
        _mention(41, 44, EntityType.PLACE),
    ]
    tagged = [
        _mention(2, 14, EntityType.PERSON, RULE_ID),  # moves the first person
        _mention(28, 45, EntityType.PERSON, RULE_ID),  # would swallow the place: left out
    ]
    merged = combine(rules, tagged, policy="pers_bounds")
    assert [(m.start, m.end, m.role) for m in merged] == [
        (2, 14, "role"),
        (30, 40, "role"),
        (41, 44, "role"),
    ]
    added = combine(rules, tagged, policy="add")
    assert [(m.start, m.end) for m in added] == [(0, 10), (30, 40), (41, 44)]
    place = [_mention(41, 48, EntityType.PLACE, RULE_ID)]
    assert combine(rules, place, policy="pers_bounds")[2].end == 44
    moved = combine(rules, place, policy="bounds")[2]
    assert (moved.start, moved.end, moved.type, moved.rule_id) == (41, 48, EntityType.PLACE, "r")
    cut = [_mention(42, 48, EntityType.PLACE, RULE_ID)]  # would cut the rule place's start
    assert (combine(rules, cut, policy="bounds")[2].start, 44) == (41, 44)
    with pytest.raises(ValueError, match="unknown tagger policy"):
        combine(rules, tagged, policy="rules_win")


def test_tagger_policy_bounds_do_not_take_a_person_over_a_title_word() -> None:
    text = "عمرو طلعت السيد"
    rule = Mention("d", 0, 9, text[:9], EntityType.PERSON, "r", 0)
    tagged = [Mention("d", 0, 15, text, EntityType.PERSON, RULE_ID, 0, confidence=0.9)]
    titles = {"السيد"}
    (kept,) = combine([rule], tagged, policy="bounds", is_title=titles.__contains__)
    assert (kept.start, kept.end) == (0, 9)
    (moved,) = combine([rule], tagged, policy="bounds")
    assert (moved.start, moved.end, moved.rule_id) == (0, 15, "r")


def test_tagger_mentions_carry_a_confidence_of_at_least_the_threshold(seeds_dir: Path) -> None:
    from kg.tagger.crf import MIN_CONFIDENCE

    docs = [
        Document(p.name, p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))
    ]
    tagger = default_tagger()
    found = [m for d in docs for m in tagger.mentions(d, split_sentences(d))]
    assert found
    assert all(m.confidence is not None and MIN_CONFIDENCE <= m.confidence <= 1 for m in found)
    rules = [m for x in extract_corpus(docs) for m in x.mentions]
    assert all(m.confidence is None for m in rules)


def test_tagger_policy_tagger_wins_replaces_names_but_not_events() -> None:
    rules = [
        _mention(0, 10, EntityType.PERSON),
        _mention(0, 40, EntityType.EVENT),
        _mention(50, 60, EntityType.PLACE),
    ]
    tagged = [_mention(2, 14, EntityType.ORGANISATION, RULE_ID)]
    merged = combine(rules, tagged, policy="tagger_wins")
    assert [(m.start, m.end, m.type) for m in merged] == [
        (0, 40, EntityType.EVENT),
        (2, 14, EntityType.ORGANISATION),
        (50, 60, EntityType.PLACE),
    ]


def test_tagger_is_off_in_the_library_and_adds_names_when_on(seeds_dir: Path) -> None:
    docs = [
        Document(p.name, p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))
    ]
    off = extract_corpus(docs)
    on = extract_corpus(docs, tagger=default_tagger())
    assert not any(m.rule_id == RULE_ID for x in off for m in x.mentions)
    added = [m for x in on for m in x.mentions if m.rule_id == RULE_ID]
    assert added, "the tagger found no name in the seeds"
    for x_on in on:
        text = x_on.document.text
        rules = [m for m in x_on.mentions if m.rule_id != RULE_ID and m.type in _NAMES]
        for m in x_on.mentions:
            assert text[m.start : m.end] == m.text
            if m.rule_id == RULE_ID:
                assert m.type in _NAMES
                assert not any(r.start < m.end and m.start < r.end for r in rules)
    one = extract(docs[0], tagger=default_tagger())
    assert {m.rule_id for m in one.mentions} <= {m.rule_id for x in on for m in x.mentions}


def test_tagger_model_ships_in_the_package() -> None:
    model = files("kg").joinpath(MODEL)
    assert model.is_file()
    assert model.read_bytes()[:4] == b"lCRF"
    assert (
        files("kg")
        .joinpath("tagger/MODEL-LICENSE.md")
        .read_text(encoding="utf-8")
        .count("CC BY-SA 4.0")
    )


@pytest.mark.slow
def test_tagger_model_rebuilds_byte_for_byte(shared_dir: Path, tmp_path: Path) -> None:
    train = shared_dir / "data" / "anercorp" / "ANERCorp_CamelLab_train.txt"
    if not train.is_file():
        pytest.skip(f"{train} is not available")
    script = runpy.run_path(str(ROOT / "scripts" / "train_tagger.py"))
    assert script["main"](["--train", str(train), "--out", str(tmp_path)]) == 0
    shipped = files("kg").joinpath(MODEL).read_bytes()
    assert (tmp_path / "model.crfsuite").read_bytes() == shipped, (
        "the shipped model is not what scripts/train_tagger.py trains: run it and commit "
        "src/kg/tagger/model.crfsuite"
    )
    licence = files("kg").joinpath("tagger/MODEL-LICENSE.md").read_text(encoding="utf-8")
    assert (tmp_path / "MODEL-LICENSE.md").read_text(encoding="utf-8") == licence


def test_tagger_build_switch_reaches_the_graph_and_the_cache_key(
    seeds_dir: Path, tmp_path: Path
) -> None:
    from kg.cli import main

    out = tmp_path / "out"
    args = ["build", str(seeds_dir), "-o", str(out), "-q", "--no-shacl", "--no-html", "-j", "1"]
    assert main([*args, "--no-tagger"]) == 0
    assert f'"{RULE_ID}"' not in (out / "graph.ttl").read_text(encoding="utf-8")
    assert main(args) == 0  # on by default; the cached extractions without it are not reused
    graph = (out / "graph.ttl").read_text(encoding="utf-8")
    assert f'"{RULE_ID}"' in graph
    assert "kg:confidence" in graph


def test_tagger_eval_conll_switch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from kg.cli import main

    path = tmp_path / "ner.txt"
    path.write_text("وصل O\nالوفد O\nإلى O\nعمان B-LOC\n. O\n", encoding="utf-8")
    for extra in ([], ["--no-tagger"]):
        assert main(["eval", "--conll", str(path), "--format", "json", *extra]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["documents"] == 1 and data["tokens"] == 5
