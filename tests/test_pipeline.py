"""The pipeline on arbitrary text: it never raises and offsets always point at text."""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.model import Document
from kg.pipeline import STAGES, extract

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


def test_pipeline_stages_are_declared_in_order() -> None:
    assert STAGES == (
        "split_sentences",
        "find_mentions",
        "find_gazetteer_mentions",
        "find_aliases",
        "resolve_entities",
        "fill_attributes",
        "find_relations",
    )


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
