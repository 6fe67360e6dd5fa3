"""kg.lexicon: the look-up tables of word tests."""

from __future__ import annotations

import pytest

from kg import lexicon
from kg.lexicon import WordMemo, default_lexicon


def test_word_memo_runs_the_test_once_per_word() -> None:
    calls: list[str] = []

    def test(word: str) -> bool:
        calls.append(word)
        return word.startswith("ال")

    memo = WordMemo(test)
    assert [memo["القاهرة"], memo["في"], memo["القاهرة"]] == [True, False, True]
    assert calls == ["القاهرة", "في"]


def test_word_memo_is_emptied_at_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "MAX_CACHED_WORDS", 2)
    memo = WordMemo(lambda word: True)
    for word in ("a", "b", "c"):
        assert memo[word]
    assert list(memo) == ["c"]


def test_lexicon_tables_answer_as_its_tests() -> None:
    lex = default_lexicon()
    for word in ("محمد", "القاهره", "وزير", "في"):
        assert lex.opens_given_name[word] == lex.may_open_given_name(word)
        assert lex.opens_place[word] == lex.may_open_place(word)
