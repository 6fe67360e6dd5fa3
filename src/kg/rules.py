"""Load and validate rule files (``kg/rules/*.toml``).

A rule is data: an id, the entity type or relation it produces, a regular expression
over the *normalised* sentence (tokens joined by single spaces, see :mod:`kg.normalize`),
a grower that extends the match into a full name (for mention rules), and examples and
counterexamples that tests/test_rules.py runs. Patterns may name lexicons in braces,
``{honorific}``, ``{role}``, ``{org_cue}``, ``{event_cue}``, ``{agreement_cue}``,
``{place_cue}``, ``{signing}``, which expand to alternations of their entries.

Every problem is reported on load, never at match time, as a :class:`~kg.errors.RuleError`
naming the file and the rule.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from kg import resources as kg_resources
from kg.errors import RuleError
from kg.model import EntityType, Predicate
from kg.normalize import normalize

#: How a mention rule extends its match into a name (implemented in kg.mentions).
GROWERS = frozenset(
    {
        "person",
        "person_after_role",
        "person_bare",
        "organisation",
        "latin",
        "quoted",
        "event",
        "agreement",
        "place",
        "place_after_cue",
    }
)
_MENTION_KEYS = {"id", "type", "pattern", "grow", "examples", "counterexamples", "comment"}
_RELATION_KEYS = {
    "id",
    "predicate",
    "pattern",
    "subject",
    "object",
    "examples",
    "counterexamples",
    "comment",
    "window",
}
_LEXICONS = {
    "honorific": "honorifics",
    "role": "roles",
    "org_cue": "org_cues",
    "event_cue": "event_cues",
    "agreement_cue": "agreement_cues",
    "place_cue": "place_cues",
    "signing": "signing_cues",
    "edition": "edition_cues",
}
_BRACE = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
class Example:
    """A text a rule must (example) or must not (counterexample) fire on."""

    text: str
    expect: str = ""  # for mention rules: the mention text expected (optional)


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated rule with its compiled pattern."""

    id: str
    path: Path
    regex: re.Pattern[str]
    examples: tuple[Example, ...]
    counterexamples: tuple[Example, ...]
    type: EntityType | None = None  # mention rules
    grow: str = ""
    predicate: Predicate | None = None  # relation rules
    subject: str = ""  # relation rules: what fills the subject (see kg.relations)
    object: str = ""
    window: str = "sentence"


@cache
def _expansion(name: str) -> str:
    entries = {normalize(e) for e in kg_resources.lexicon(_LEXICONS[name])}
    alternation = "|".join(re.escape(e) for e in sorted(entries, key=lambda e: (-len(e), e)))
    return f"(?:{alternation})"


def expand(pattern: str, *, path: Path, rule_id: str) -> str:
    """Normalise a pattern's Arabic and expand ``{lexicon}`` references."""

    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in _LEXICONS:
            hint = difflib.get_close_matches(name, _LEXICONS, n=1)
            extra = f" (did you mean {{{hint[0]}}}?)" if hint else ""
            raise RuleError(path, rule_id, f"unknown lexicon {{{name}}}{extra}")
        return _expansion(name)

    # normalise Arabic letters only: regex syntax is ASCII and survives normalisation,
    # but white space in patterns is significant, so normalise piecewise.
    pieces = re.split(r"(\s+|\{[a-z_]+\})", pattern)
    out = []
    for piece in pieces:
        if not piece:
            continue
        if piece.isspace():
            out.append(piece)
        elif _BRACE.fullmatch(piece):
            out.append(_BRACE.sub(repl, piece))
        else:
            out.append(normalize(piece))
    return "".join(out)


def _examples(path: Path, rule_id: str, raw: object, key: str) -> tuple[Example, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str | dict) for x in raw):
        raise RuleError(path, rule_id, f"{key} must be a list of strings or tables")
    out = []
    for item in raw:
        if isinstance(item, str):
            out.append(Example(item))
        else:
            if set(item) - {"text", "expect"} or "text" not in item:
                raise RuleError(path, rule_id, f"{key} entries take 'text' and 'expect'")
            out.append(Example(str(item["text"]), str(item.get("expect", ""))))
    return tuple(out)


def _check_keys(path: Path, rule_id: str, raw: dict[str, object], allowed: set[str]) -> None:
    for key in raw:
        if key not in allowed:
            hint = difflib.get_close_matches(key, allowed, n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise RuleError(path, rule_id, f"unknown key {key!r}{extra}")


def parse_rule(path: Path, raw: dict[str, object]) -> Rule:
    """Validate one ``[[rule]]`` table and return the compiled rule."""
    rule_id = str(raw.get("id", "?"))
    if "id" not in raw or not isinstance(raw["id"], str) or not raw["id"]:
        raise RuleError(path, rule_id, "missing 'id'")
    relation = "predicate" in raw
    _check_keys(path, rule_id, raw, _RELATION_KEYS if relation else _MENTION_KEYS)
    pattern = raw.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(path, rule_id, "missing 'pattern'")
    try:
        regex = re.compile(expand(pattern, path=path, rule_id=rule_id))
    except re.error as err:
        raise RuleError(path, rule_id, f"bad regular expression: {err}") from err
    examples = _examples(path, rule_id, raw.get("examples"), "examples")
    counter = _examples(path, rule_id, raw.get("counterexamples"), "counterexamples")
    if not examples:
        raise RuleError(path, rule_id, "a rule needs at least one example")
    if not counter:
        raise RuleError(path, rule_id, "a rule needs at least one counterexample")
    if relation:
        try:
            predicate = Predicate(str(raw["predicate"]))
        except ValueError:
            raise RuleError(path, rule_id, f"unknown predicate {raw['predicate']!r}") from None
        if "subject" not in regex.groupindex and "object" not in regex.groupindex:
            pass  # subject/object come from the sentence roles, see kg.relations
        return Rule(
            id=rule_id,
            path=path,
            regex=regex,
            examples=examples,
            counterexamples=counter,
            predicate=predicate,
            subject=str(raw.get("subject", "")),
            object=str(raw.get("object", "")),
            window=str(raw.get("window", "sentence")),
        )
    try:
        etype = EntityType(str(raw.get("type")))
    except ValueError:
        raise RuleError(path, rule_id, f"unknown type {raw.get('type')!r}") from None
    grow = str(raw.get("grow", ""))
    if grow not in GROWERS:
        hint = difflib.get_close_matches(grow, GROWERS, n=1)
        extra = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise RuleError(path, rule_id, f"unknown grower {grow!r}{extra}")
    if "name" not in regex.groupindex:
        raise RuleError(path, rule_id, "the pattern needs a (?P<name>...) group")
    return Rule(
        id=rule_id,
        path=path,
        regex=regex,
        examples=examples,
        counterexamples=counter,
        type=etype,
        grow=grow,
    )


def load_file(path: Path) -> list[Rule]:
    """Load and validate every rule of one TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise RuleError(path, "-", f"cannot read rule file: {err}") from err
    except tomllib.TOMLDecodeError as err:
        raise RuleError(path, "-", f"invalid TOML: {err}") from err
    extra = set(data) - {"rule"}
    if extra:
        raise RuleError(path, "-", f"unknown top-level key(s) {sorted(extra)}; use [[rule]]")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise RuleError(path, "-", "'rule' must be an array of tables ([[rule]])")
    return [parse_rule(path, raw) for raw in raw_rules]


def load_rules(paths: Sequence[Path] | None = None) -> tuple[Rule, ...]:
    """Load rule files (default: every ``kg/rules/*.toml``), checking ids are unique."""
    if paths is None:
        paths = default_rule_files()
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    for path in paths:
        for rule in load_file(path):
            if rule.id in seen:
                raise RuleError(path, rule.id, f"duplicate id (also in {seen[rule.id]})")
            seen[rule.id] = path
            rules.append(rule)
    return tuple(rules)


def default_rule_files() -> list[Path]:
    """The rule files shipped with kg, sorted by name."""
    folder = Path(str(resources.files("kg") / "rules"))
    return sorted(folder.glob("*.toml"))


@cache
def default_rules() -> tuple[Rule, ...]:
    """The shipped rules, loaded once per process."""
    return load_rules()
