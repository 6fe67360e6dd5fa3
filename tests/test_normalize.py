"""kg.normalize: one translation table standing for the camel-tools steps."""

from __future__ import annotations

import pytest

from kg.normalize import _SPACES, _camel_steps, normalize, normalize_name


def _reference(text: str) -> str:
    return _SPACES.sub(" ", _camel_steps(text)).strip()


def test_normalize_matches_camel_tools_on_every_character() -> None:
    differ = [
        hex(code)
        for code in range(0x110000)
        if not 0xD800 <= code < 0xE000 and normalize.__wrapped__(chr(code)) != _reference(chr(code))
    ]
    assert differ == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("إِلَى  الْمَدِينَةِ", "الي المدينه", id="diacritics-alef-ya-ta"),
        pytest.param("آسيا ٢٠٢٤ ۱۹", "اسيا 2024 19", id="madda-digits"),
        pytest.param("القـــمة\n", "القمه", id="tatweel-space"),
        pytest.param("کردستان ایران", "كردستان ايران", id="persian-letters"),
    ],
)
def test_normalize_examples(text: str, expected: str) -> None:
    assert normalize(text) == expected == _reference(text)


def test_normalize_name_drops_punctuation() -> None:
    assert normalize_name("«شركة  جوجل»،") == "شركه جوجل"
