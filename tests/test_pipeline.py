"""The pipeline on arbitrary text: it never raises and offsets always point at text."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg import pipeline
from kg.entities import corpus_names
from kg.errors import StageError
from kg.model import Document, Extraction
from kg.pipeline import (
    OUTPUTS,
    STAGES,
    Stage,
    check_stages,
    extract,
    extract_corpus,
    relink,
    resume,
    run_stages,
)

ARABIC_WORDS = [
    "الدكتور",
    "السيد",
    "وزير",
    "شركة",
    "قمة",
    "منتدى",
    "مذكرة",
    "تفاهم",
    "وقع",
    "التقى",
    "مع",
    "في",
    "بدبي",
    "مصر",
    "الصين",
    "خالد",
    "محمد",
    "علي",
    '"',
    "،",
    ".",
    "2024",
    "45",
    "مليون",
    "دولار",
    "من",
    "إلى",
    "فبراير",
    "بعنوان",
    "(",
    ")",
    "PCCW",
    "ـ",
    "َ",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_pipeline_never_raises_on_any_unicode(text: str) -> None:
    extraction = extract(Document("any.txt", text))
    for m in extraction.mentions:
        assert text[m.start : m.end] == m.text
    for r in extraction.relations:
        assert text[r.evidence.start : r.evidence.end] == r.evidence.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(ARABIC_WORDS), max_size=60), st.sampled_from([" ", "  ", "\n", " ، "])
)
@example(["وزير", '"'], " ")  # a role phrase running into an unterminated quote
def test_pipeline_offsets_hold_on_news_like_word_salad(words: list[str], sep: str) -> None:
    text = sep.join(words)
    extraction = extract(Document("salad.txt", text))
    keys = {e.key for e in extraction.entities}
    for m in extraction.mentions:
        assert text[m.start : m.end] == m.text
        assert m.text.strip() == m.text
    for r in extraction.relations:
        assert r.subject in keys and r.object in keys
        assert text[r.evidence.start : r.evidence.end] == r.evidence.text


def test_pipeline_stages_pass_their_own_check() -> None:
    check_stages(STAGES, outputs=OUTPUTS.values())
    assert STAGES[0].name == "split_sentences"
    assert set(OUTPUTS) == {f.name for f in fields(Extraction)}


def test_pipeline_check_rejects_a_stage_reading_an_unproduced_value() -> None:
    early = Stage("early", lambda doc, e: e, ("document", "entities"), ("x",))
    with pytest.raises(StageError, match=r"'early'.*'entities'.*neither") as err:
        check_stages([early, *STAGES])
    assert (err.value.stage, err.value.value) == ("early", "entities")


def test_pipeline_check_rejects_stages_out_of_order_and_values_written_twice() -> None:
    swapped = (STAGES[1], STAGES[0], *STAGES[2:])
    with pytest.raises(StageError, match=r"'sentence_views'.*'sentences'"):
        check_stages(swapped)
    again = Stage("again", lambda doc: doc, ("document",), ("sentences",))
    with pytest.raises(StageError, match=r"'again'.*'sentences'.*already written by stage"):
        check_stages([*STAGES, again])
    with pytest.raises(StageError, match=r"'Extraction'.*'relations'"):
        check_stages([s for s in STAGES if s.name != "find_relations"], outputs=OUTPUTS.values())


def test_pipeline_run_stages_passes_values_by_name_in_order() -> None:
    ran: list[str] = []

    def stage(name: str, run: Callable[..., Any], reads: str, writes: str) -> Stage:
        def logged(*args: Any) -> Any:
            ran.append(name)
            return run(*args)

        return Stage(name, logged, tuple(reads.split()), tuple(writes.split()))

    stages = [
        stage("double", lambda n: 2 * n, "n", "twice"),
        stage("split", lambda n, t: (n + t, t - n), "n twice", "sum diff"),
    ]
    check_stages(stages, initial=["n"])
    assert run_stages(stages, {"n": 3}) == {"n": 3, "twice": 6, "sum": 9, "diff": 3}
    assert ran == ["double", "split"]


def test_pipeline_extract_runs_exactly_the_declared_stages_in_order(
    monkeypatch: pytest.MonkeyPatch, seeds_dir: Path
) -> None:
    path = sorted(seeds_dir.glob("*.txt"))[0]
    doc = Document(path.name, path.read_text(encoding="utf-8"))
    plain = extract(doc)
    ran: list[str] = []

    def logged(s: Stage) -> Stage:
        def run(*args: Any) -> Any:
            ran.append(s.name)
            return s.run(*args)

        return replace(s, run=run)

    monkeypatch.setattr(pipeline, "STAGES", tuple(logged(s) for s in STAGES))
    assert extract(doc) == plain
    assert ran == [s.name for s in STAGES]
    without = tuple(s for s in STAGES if s.name != "find_relations")
    monkeypatch.setattr(pipeline, "STAGES", without)
    with pytest.raises(KeyError, match="relations"):  # extract runs what is declared
        extract(doc)


def test_pipeline_seed_extraction_finds_every_type(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    text = (seeds_dir / "002_cc820a4baa719aa1.txt").read_text(encoding="utf-8")
    extraction = extract(Document("002.txt", text))
    types = {e.type.value for e in extraction.entities}
    assert types == {"Person", "Organisation", "Event", "Agreement", "Place"}
    assert extraction.relations


def test_extraction_pickles_to_an_equal_extraction(seeds_dir: Path) -> None:
    # kg build spills and caches extractions as pickles (kg.model._pickled_by_fields)
    path = sorted(seeds_dir.glob("*.txt"))[0]
    extraction = extract(Document(path.name, path.read_text(encoding="utf-8"), str(path)))
    assert extraction.entities and extraction.relations and extraction.sentences
    again = pickle.loads(pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == extraction
    assert again.sentences[0].tokens[0] == extraction.sentences[0].tokens[0]


def test_pipeline_extract_corpus_resumes_relinking_with_the_output_of_a_full_extract(
    seeds_dir: Path,
) -> None:
    texts = [
        "قال الرئيس الروسي فلاديمير بوتين إن بلاده مستعدة للحوار مع جيرانها.",
        "ووصف المراقبون خطاب بوتين بأنه حاد، وتراجعت الأسواق بعده.",
        "واستقبل الرئيس فلاديمير بوتين الوفد في موسكو.",
    ]
    docs = [Document(f"{n}.txt", t) for n, t in enumerate(texts)]
    docs += [
        Document(p.name, p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))
    ]
    first = [extract(d) for d in docs]
    known = corpus_names(e for x in first for e in x.entities)
    again = [relink(x, known) for x in first]
    assert again[1] is not None and again[1] != first[1]  # the bare "بوتين" is relinked
    assert extract_corpus(docs) == [a or x for a, x in zip(again, first, strict=True)]


def test_pipeline_resume_refuses_a_change_read_before_it_starts() -> None:
    values = pipeline._run(Document("a.txt", "التقى الوزير خالد علي"), gazetteer=None, known=None)
    with pytest.raises(StageError, match=r"'find_gazetteer_mentions'.*'gazetteer'"):
        resume(values, "find_aliases", {"gazetteer": None})
    assert resume(values, "find_aliases", {}) == values


def test_pipeline_bounds_a_run_of_words_with_no_sentence_end_and_says_so() -> None:
    from kg.text import MAX_SENTENCE_TOKENS

    words = " ".join(["التقى", "الوزير", "محمد", "علي", "في", "القاهرة"] * 100)
    doc = Document("long.txt", words)
    x = extract(doc)
    assert all(len(s.tokens) <= MAX_SENTENCE_TOKENS for s in x.sentences)
    assert sum(len(s.tokens) for s in x.sentences) == 600
    assert [s.cut for s in x.sentences] == [True, True, True]
    (note,) = x.bounds
    assert "3 sentence parts" in note and str(MAX_SENTENCE_TOKENS) in note
    assert extract(Document("short.txt", "التقى الوزير محمد علي في القاهرة.")).bounds == ()


def test_pipeline_bounds_the_mentions_of_a_document(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.pipeline

    monkeypatch.setattr(kg.pipeline, "MAX_MENTIONS", 3)
    text = "زار الرئيس محمد علي القاهرة. ثم زار دمشق وبيروت وعمان."
    x = extract(Document("d.txt", text))
    assert len(x.mentions) <= 3
    (note,) = x.bounds
    assert "more than the 3 a document keeps" in note
