"""Every relation frame's and structure's examples and counterexamples, run through the
whole pipeline, and the frame loader's checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import RuleError
from kg.model import Document
from kg.pipeline import extract
from kg.relations.frames import Example, Frame, Structure, default_frames, load_frames
from kg.relations.registry import SELECTORS, STRUCTURES

BROKEN = Path(__file__).parent / "fixtures" / "broken"


Triple = tuple[str, str, str]


def _triples(text: str) -> tuple[dict[Triple, set[str]], set[str]]:
    """The relations of ``text`` as (subject label, predicate, object label) with the
    rules that gave each, and the labels of its entities."""
    x = extract(Document("example.txt", text))
    label = {e.key: e.label for e in x.entities}
    found: dict[Triple, set[str]] = {}
    for r in x.relations:  # evidence is the document's text
        assert text[r.evidence.start : r.evidence.end] == r.evidence.text
        key = (label[r.subject], r.predicate.value, label[r.object])
        found.setdefault(key, set()).add(r.evidence.rule_id)
    return found, set(label.values())


def _cases(kind: str) -> list[object]:
    out = []
    for rule in default_frames().all():
        examples = rule.examples if kind == "example" else rule.counterexamples
        for n, ex in enumerate(examples):
            out.append(pytest.param(rule, ex, id=f"{rule.id}-{kind}{n}"))
    return out


@pytest.mark.parametrize(("rule", "example"), _cases("example"))
def test_frames_example_gives_its_triples(rule: Frame | Structure, example: Example) -> None:
    """The pipeline finds every expected triple, and this rule states at least one."""
    found, _ = _triples(example.text)
    for triple in example.triples:
        assert triple in found, f"{rule.id}: {triple} not in {sorted(found)}"
    assert any(rule.id in found[t] for t in example.triples), (
        f"{rule.id} stated none of {example.triples} in {example.text!r}"
    )


@pytest.mark.parametrize(("rule", "example"), _cases("counterexample"))
def test_frames_counterexample_lacks_its_triples(rule: Frame | Structure, example: Example) -> None:
    """The rule does not state the triples, though both their entities are found (so
    the counterexample tests something)."""
    found, labels = _triples(example.text)
    for s, p, o in example.triples:
        assert s in labels and o in labels, f"{rule.id}: {s!r} or {o!r} is no entity here"
        assert rule.id not in found.get((s, p, o), set()), (
            f"{rule.id} gave {(s, p, o)} on {example.text!r}"
        )


def test_frames_every_structure_is_declared_and_every_selector_used() -> None:
    frames = default_frames()
    assert {s.id for s in frames.structures} == set(STRUCTURES)
    used = {kind for f in frames.frames for _, kind, _ in f.slots}
    used |= {kind for f in frames.frames for kind, _ in f.requires + f.unless}
    assert used <= set(SELECTORS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            '[[frame]]\nid = "x"\ntrigger = ["وقع"]\nslots = { a = "subjekt" }\nemit = ["a signed a"]',
            "did you mean 'subject'",
            id="unknown-selector",
        ),
        pytest.param(
            '[[frame]]\nid = "x"\ntrigger = ["وقع"]\nslots = { a = "subject" }\nemit = ["a sined b"]',
            "unknown predicate",
            id="unknown-predicate",
        ),
        pytest.param(
            '[[frame]]\nid = "x"\ntrigger = ["وقع"]\nslots = { a = "subject" }\nemit = ["a signed b"]',
            "names no slot 'b'",
            id="unknown-slot",
        ),
        pytest.param(
            '[[frame]]\nid = "x"\ntrigger = ["وقع"]\nslots = { a = "objects:Agrement" }\nemit = ["a signed a"]',
            "unknown entity type",
            id="unknown-type",
        ),
        pytest.param(
            '[[frame]]\nid = "x"\ntrigger = ["وقع"]\nslots = { a = "subject" }\nemit = ["a signed a"]',
            "at least one example",
            id="no-example",
        ),
        pytest.param(
            '[[structure]]\nid = "roles.nothing"\nemit = ["signed"]',
            "no code is registered",
            id="unregistered-structure",
        ),
        pytest.param('[[frame]\nid = "x"', "invalid TOML", id="bad-toml"),
    ],
)
def test_frames_loader_names_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match=message) as err:
        load_frames([path])
    assert "bad.toml" in str(err.value)


def test_frames_duplicate_ids_across_files(tmp_path: Path) -> None:
    body = (
        '[[frame]]\nid = "x"\ntrigger = ["وقع"]\nslots = { a = "subject" }\n'
        'emit = ["a signed a"]\nexamples = [{ text = "t", expect = [["a", "signed", "b"]] }]\n'
        'counterexamples = [{ text = "t", absent = [["a", "signed", "b"]] }]\n'
    )
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(body, encoding="utf-8")
    with pytest.raises(RuleError, match="duplicate id"):
        load_frames([tmp_path / "a.toml", tmp_path / "b.toml"])
