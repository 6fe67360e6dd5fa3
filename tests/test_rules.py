"""Every rule's examples and counterexamples, and the rule loader's checks."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

import pytest

from kg.errors import RuleError
from kg.grammar.view import SentView
from kg.mentions import find_mentions
from kg.model import Document
from kg.rules import (
    Rule,
    default_rule_files,
    default_rules,
    lead_of,
    load_file,
    load_rules,
    rule_index,
)
from kg.text import split_sentences

BROKEN = Path(__file__).parent / "fixtures" / "broken"


def _cases(kind: str) -> list[object]:
    cases = []
    for rule in default_rules():
        for n, example in enumerate(rule.examples if kind == "example" else rule.counterexamples):
            cases.append(
                pytest.param(rule, example.text, example.expect, id=f"{rule.id}-{kind}{n}")
            )
    return cases


def _fires(rule: Rule, text: str) -> list[str]:
    """Texts of the mentions ``rule`` finds in ``text``, alone."""
    doc = Document("example.txt", text)
    # a definite noun that refers back ("الشركة", "الاتفاقية") names nothing itself
    return [
        m.text
        for m in find_mentions(doc, [rule])
        if m.rule_id.split(".")[:2] == rule.id.split(".")[:2] and not m.rule_id.endswith(".anaphor")
    ]


@pytest.mark.parametrize(("rule", "text", "expect"), _cases("example"))
def test_rules_example_fires(rule: Rule, text: str, expect: str) -> None:
    found = _fires(rule, text)
    assert found, f"{rule.id} found nothing in {text!r}"
    if expect:
        assert expect in found, f"{rule.id} found {found}, expected {expect!r}"


@pytest.mark.parametrize(("rule", "text", "expect"), _cases("counterexample"))
def test_rules_counterexample_does_not_fire(rule: Rule, text: str, expect: str) -> None:
    assert _fires(rule, text) == [], f"{rule.id} fired on counterexample {text!r}"


def test_rules_ids_are_unique_and_every_file_loads() -> None:
    rules = load_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert {r.type for r in rules} >= {
        "Person",
        "Organisation",
        "Event",
        "Agreement",
        "Place",
    }


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("rule_dup_id.toml", "duplicate id", id="duplicate-id"),
        pytest.param("rule_unknown_key.toml", "did you mean 'pattern'", id="unknown-key"),
        pytest.param("rule_bad_regex.toml", "bad regular expression", id="bad-regex"),
        pytest.param("rule_no_example.toml", "at least one example", id="no-example"),
        pytest.param(
            "rule_no_counterexample.toml", "at least one counterexample", id="no-counterexample"
        ),
        pytest.param("rule_unknown_type.toml", "unknown type", id="unknown-type"),
        pytest.param("rule_unknown_lexicon.toml", "unknown lexicon", id="unknown-lexicon"),
        pytest.param("rule_unknown_grower.toml", "unknown grower 'persn'.*'person'", id="grower"),
        pytest.param("rule_relation.toml", "relation rules are frames", id="relation-rule"),
        pytest.param("rule_bad_toml.toml", "invalid TOML", id="bad-toml"),
    ],
)
def test_rules_broken_file_raises(name: str, message: str) -> None:
    path = BROKEN / name
    with pytest.raises(RuleError, match=message) as info:
        load_rules([path])
    assert info.value.path == path


def test_rules_error_names_file_and_rule() -> None:
    with pytest.raises(RuleError) as info:
        load_file(BROKEN / "rule_bad_regex.toml")
    assert str(info.value).startswith(str(BROKEN / "rule_bad_regex.toml"))
    assert info.value.rule_id == "test.bad_regex"


def _spans(matches: Sequence[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@pytest.mark.parametrize(
    ("pattern", "word", "opens"),
    [
        pytest.param(r"(?:^| )[وف]?(?P<cue>قال|اكد) (?P<name>\S)", "وقال", True, id="clitic"),
        pytest.param(r"(?:^| )[وف]?(?P<cue>قال|اكد) (?P<name>\S)", "كتب", False, id="other"),
        pytest.param(r"(?:^| )(?:نائب رئيس|مدير)(?= )", "نائب", True, id="cut-at-space"),
        pytest.param(r"(?:^| )[وف]?(?:[^.،]{0,9})? توقيع", "توقيع", True, id="optional-stops"),
        pytest.param(r"(?:^| )[وف]?(?:[^.،]{0,9})? توقيع", "قع", True, id="optional-weak"),
        pytest.param(r"(?:^| )ال\S+(?:ي|يه) (?P<name>\S)", "المصري", True, id="class-run"),
        pytest.param(r"(?:^| )ال\S+(?:ي|يه) (?P<name>\S)", "مصري", False, id="no-article"),
    ],
)
def test_rules_lead_is_a_prefix_test(pattern: str, word: str, opens: bool) -> None:
    lead = lead_of(pattern)
    assert lead is not None
    assert bool(lead.match(word)) is opens


@pytest.mark.parametrize(
    "pattern",
    [r"(?<=x) y", r"(?:^|\s)x", r"x(?:^| )", r"(?i)(?:^| )x", r"(?:^| )(?:[^.،]{0,9})? x"],
    ids=["lookbehind", "other-start", "not-at-start", "flags", "space-first"],
)
def test_rules_lead_none_when_not_anchored_at_a_word(pattern: str) -> None:
    assert lead_of(pattern) is None


def test_rules_index_finds_what_finditer_finds() -> None:
    """Matching only where a rule's lead opens gives exactly ``finditer``'s matches."""
    rules = default_rules()
    index = rule_index(rules)
    texts = [e.text for r in rules for e in (*r.examples, *r.counterexamples)]
    for text in texts:
        for sentence in split_sentences(Document("t.txt", text)):
            view = SentView.of(sentence, text)
            found = index.matches(view.norms, view.joined, view.starts)
            for rule, matches in zip(rules, found, strict=True):
                assert _spans(matches) == _spans(list(rule.regex.finditer(view.joined))), rule.id


def _rule_file(path: Path, rule_id: str, priority: object | None) -> Path:
    head = "" if priority is None else f"priority = {priority}\n"
    path.write_text(
        head
        + f'[[rule]]\nid = "{rule_id}"\ntype = "Person"\ngrow = "person"\n'
        + "pattern = '(?P<cue>السيد) (?P<name>\\S)'\n"
        + 'examples = ["التقى السيد خالد سعيد"]\ncounterexamples = ["زار الوزير"]\n',
        encoding="utf-8",
    )
    return path


def test_rules_come_in_priority_order_not_file_order(tmp_path: Path) -> None:
    late = _rule_file(tmp_path / "a.toml", "test.late", 60)
    early = _rule_file(tmp_path / "b.toml", "test.early", 5)
    default = _rule_file(tmp_path / "c.toml", "test.default", None)
    assert [r.id for r in load_rules([default, late, early])] == [
        "test.early",
        "test.late",
        "test.default",
    ]
    # every shipped file declares its priority, and the shipped rules follow it
    files = default_rule_files()
    priority = {p.stem: tomllib.loads(p.read_text("utf-8"))["priority"] for p in files}
    order = [priority[r.path.stem] for r in default_rules()]
    assert order == sorted(order) and len(set(priority.values())) == len(files)


def test_rules_priority_must_be_an_integer(tmp_path: Path) -> None:
    path = _rule_file(tmp_path / "a.toml", "test.p", '"high"')
    with pytest.raises(RuleError, match="'priority' must be an integer"):
        load_rules([path])
