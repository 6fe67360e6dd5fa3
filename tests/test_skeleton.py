"""Consonant-and-vowel skeletons that match foreign names in Arabic to Latin names."""

from __future__ import annotations

import pytest

from kg.normalize import normalize
from kg.skeleton import arabic_skeleton, latin_skeletons


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("ألكسندر", "Alexander"),
        ("سيرغي", "Sergei"),
        ("دونكان", "Duncan"),
        ("فلاديمير", "Vladimir"),
        ("مايكل", "Michael"),
        ("جورج", "George"),
        ("تشارلز", "Charles"),
        ("كريستوفر", "Christopher"),
        ("نيكولا", "Nicolas"),
        ("إيفان", "Ivan"),
        ("ويليام", "William"),
        ("كينيث", "Kenneth"),
        ("أنطونيو", "Antonio"),  # ط for t, as often as ت
        ("طومي", "Tommy"),
    ],
)
def test_skeleton_arabic_spelling_matches_latin_name(arabic: str, latin: str) -> None:
    assert arabic_skeleton(normalize(arabic)) in latin_skeletons(latin)


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("محمد", "Michael"),  # ح never transliterates a Latin letter
        ("كبير", "Kevin"),
        ("مركز", "Marc"),
        ("سيرغي", "Sara"),
    ],
)
def test_skeleton_different_words_do_not_match(arabic: str, latin: str) -> None:
    assert arabic_skeleton(normalize(arabic)) not in latin_skeletons(latin)


def test_skeleton_non_latin_or_foreign_characters_give_nothing() -> None:
    assert latin_skeletons("Владимир") == frozenset()
    assert arabic_skeleton("abc") == ""
