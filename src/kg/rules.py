"""Load and validate rule files (``kg/rules/*.toml``).

A mention rule is data: an id, the entity type it finds, a regular expression over the
*normalised* sentence (tokens joined by single spaces, see :mod:`kg.normalize`) whose
``name`` group marks where a name starts, a grower of :data:`kg.grammar.registry.GROWERS`
that extends the match into a full name, and examples and counterexamples that
tests/test_rules.py runs (relations are frames: :mod:`kg.relations.frames`). Patterns
may name lexicons in braces, ``{honorific}``, ``{role}``, ``{org_cue}``, ``{event_cue}``,
``{agreement_cue}``, ``{place_cue}``, ``{signing}``, which expand to alternations of
their entries.

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
from kg.errors import RuleError, did_you_mean
from kg.grammar.registry import GROWERS
from kg.lexicon import MAX_CACHED_WORDS
from kg.model import EntityType
from kg.normalize import normalize

_MENTION_KEYS = {"id", "type", "pattern", "grow", "examples", "counterexamples", "comment"}
_LEXICONS = {
    "honorific": "honorifics",
    "role": "roles",
    "org_cue": "org_cues",
    "event_cue": "event_cues",
    "agreement_cue": "agreement_cues",
    "place_cue": "place_cues",
    "feature_cue": "feature_cues",
    "title_adjective": "title_adjectives",
    "signing": "signing_cues",
    "edition": "edition_cues",
    "ordinal": "ordinals",
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
    type: EntityType
    grow: str
    #: What the pattern's first word must begin with (see :func:`lead_of`), or None when
    #: the pattern is not anchored at a word start: then it is scanned whole.
    lead: re.Pattern[str] | None = None


@cache
def _expansion(name: str) -> str:
    entries = {normalize(e) for e in kg_resources.lexicon(_LEXICONS[name])}
    # after ل the article loses its alef ("للأمم" is ل + الأمم): match "لامم" too
    entries |= {"ل" + e[2:] for e in entries if e.startswith("ال") and len(e) > 3}
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
            raise RuleError(path, rule_id, f"unknown key {key!r}{did_you_mean(key, allowed)}")


def parse_rule(path: Path, raw: dict[str, object]) -> Rule:
    """Validate one ``[[rule]]`` table and return the compiled rule."""
    rule_id = str(raw.get("id", "?"))
    if "id" not in raw or not isinstance(raw["id"], str) or not raw["id"]:
        raise RuleError(path, rule_id, "missing 'id'")
    if "predicate" in raw:
        raise RuleError(
            path,
            rule_id,
            "relation rules are frames: write it in kg/relations/frames/*.toml "
            "(see docs/DESIGN.md); rule files hold mention rules",
        )
    _check_keys(path, rule_id, raw, _MENTION_KEYS)
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
    try:
        etype = EntityType(str(raw.get("type")))
    except ValueError:
        raise RuleError(path, rule_id, f"unknown type {raw.get('type')!r}") from None
    grow = str(raw.get("grow", ""))
    if grow not in GROWERS:
        raise RuleError(path, rule_id, f"unknown grower {grow!r}{did_you_mean(grow, GROWERS)}")
    if "name" not in regex.groupindex:
        raise RuleError(path, rule_id, "the pattern needs a (?P<name>...) group")
    return Rule(
        id=rule_id,
        path=path,
        regex=regex,
        examples=examples,
        counterexamples=counter,
        lead=lead_of(regex.pattern),
        type=etype,
        grow=grow,
    )


#: The priority of a rule file that declares none: after every shipped file.
DEFAULT_PRIORITY = 100


def load_file(path: Path) -> list[Rule]:
    """Load and validate every rule of one TOML file, in the file's order."""
    return _load_file(path)[1]


def read_toml(path: Path, *, what: str) -> dict[str, object]:
    """The tables of a rule or frame file (``what``: "rule" or "frame", for the message).

    Raises:
        RuleError: the file cannot be read or is not TOML.
    """
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise RuleError(path, "-", f"cannot read {what} file: {err}") from err
    except tomllib.TOMLDecodeError as err:
        raise RuleError(path, "-", f"invalid TOML: {err}") from err


def _load_file(path: Path) -> tuple[int, list[Rule]]:
    """The file's ``priority`` and its rules."""
    data = read_toml(path, what="rule")
    extra = set(data) - {"rule", "priority"}
    if extra:
        raise RuleError(path, "-", f"unknown top-level key(s) {sorted(extra)}; use [[rule]]")
    priority = data.get("priority", DEFAULT_PRIORITY)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise RuleError(path, "-", f"'priority' must be an integer, not {priority!r}")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise RuleError(path, "-", "'rule' must be an array of tables ([[rule]])")
    return priority, [parse_rule(path, raw) for raw in raw_rules]


def load_rules(paths: Sequence[Path] | None = None) -> tuple[Rule, ...]:
    """Load rule files (default: every ``kg/rules/*.toml``), checking ids are unique.

    The rules come in priority order: the files by their top-level ``priority`` (lower
    first; :data:`DEFAULT_PRIORITY` when a file declares none), files of one priority in
    the order given, and the rules of a file in its order. Where two candidates of one
    layer overlap and are as long, the rule that comes first wins (kg.mentions).
    """
    if paths is None:
        paths = default_rule_files()
    files: list[tuple[int, int, list[Rule]]] = []
    seen: dict[str, Path] = {}
    for n, path in enumerate(paths):
        priority, file_rules = _load_file(path)
        for rule in file_rules:
            if rule.id in seen:
                raise RuleError(path, rule.id, f"duplicate id (also in {seen[rule.id]})")
            seen[rule.id] = path
        files.append((priority, n, file_rules))
    return tuple(rule for _, _, file_rules in sorted(files) for rule in file_rules)


def default_rule_files() -> list[Path]:
    """The rule files shipped with kg, sorted by name."""
    folder = Path(str(resources.files("kg") / "rules"))
    return sorted(folder.glob("*.toml"))


@cache
def default_rules() -> tuple[Rule, ...]:
    """The shipped rules, loaded once per process."""
    return load_rules()


# --------------------------------------------------------------------------- leads
#
# Every shipped pattern starts at a word: ``(?:^| )`` then the first word. Scanning a
# sentence with thirty such patterns tries each at every character; instead, each
# pattern's *lead* (what its first word must begin with) is tried once per distinct
# word, and the pattern itself only where its lead matched. The lead is a necessary
# condition, so the matches found are exactly those of ``regex.finditer``.

#: The prefix of a pattern anchored at a word start.
WORD_START = "(?:^| )"
_QUANTIFIER = re.compile(r"(?:[*+?]|\{(?:(\d+)(?:,\d*)?|,\d+)\})(?P<mode>[?+]?)")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_MAX_CACHED_INDEXES = 32


def _class_end(p: str, i: int) -> int:
    """Index after the character class that opens at ``p[i] == "["``."""
    j = i + 1
    if p.startswith("^", j):
        j += 1
    if p.startswith("]", j):
        j += 1
    while j < len(p):
        if p[j] == "\\":
            j += 2
        elif p[j] == "]":
            return j + 1
        else:
            j += 1
    raise ValueError("unterminated character class")


def _group_end(p: str, i: int) -> int:
    """Index after the group that opens at ``p[i] == "("``."""
    depth, j = 0, i
    while j < len(p):
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _class_end(p, j)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise ValueError("unbalanced group")


def _alternatives(p: str) -> list[list[tuple[str, str]]]:
    """The top-level alternatives of pattern ``p``, each a list of (atom, quantifier)."""
    alts: list[list[tuple[str, str]]] = [[]]
    i = 0
    while i < len(p):
        c = p[i]
        if c == "|":
            alts.append([])
            i += 1
            continue
        if c == "\\":
            j = i + 2
        elif c == "[":
            j = _class_end(p, i)
        elif c == "(":
            j = _group_end(p, i)
        else:
            j = i + 1
        q = _QUANTIFIER.match(p, j)
        k = q.end() if q else j
        alts[-1].append((p[i:j], p[j:k]))
        i = k
    return alts


def _group_body(atom: str) -> str | None:
    """The inside of a ``(...)``, ``(?:...)`` or ``(?P<name>...)`` group, else None."""
    if atom.startswith("(?:"):
        return atom[3:-1]
    named = _NAMED_GROUP.match(atom)
    if named:
        return atom[named.end() : -1]
    return None if atom.startswith("(?") else atom[1:-1]


def _in_word(atom: str, quantifier: str) -> bool:
    """True when ``atom`` only ever matches characters of one word: it matches no space
    and does not test a position (anchors, look-arounds, back-references)."""
    q = _QUANTIFIER.fullmatch(quantifier) if quantifier else None
    if q is not None and q.group("mode") == "+":
        return False  # possessive: kept out for simplicity
    c = atom[0]
    if c == "\\":
        x = atom[1]
        return x in "Sdw" if x.isalnum() else not x.isspace()
    if c == "[":
        return re.fullmatch(atom, " ") is None
    if c == "(":
        body = _group_body(atom)
        return body is not None and all(
            _in_word(a, aq) for alt in _alternatives(body) for a, aq in alt
        )
    return c not in ".^$" and not c.isspace()


def _optional(quantifier: str) -> bool:
    if not quantifier:
        return False
    q = _QUANTIFIER.fullmatch(quantifier)
    if q is None or quantifier[0] in "*?":
        return True
    return quantifier[0] == "{" and (q.group(1) is None or int(q.group(1)) == 0)


def _plain(atom: str) -> str:
    """``atom`` with its groups made non-capturing (leads are combined into one pattern)."""
    body = _group_body(atom) if atom[0] == "(" else None
    if body is None:
        return atom
    alts = ("".join(_plain(a) + q for a, q in alt) for alt in _alternatives(body))
    return "(?:" + "|".join(alts) + ")"


def _lead(p: str) -> str:
    """The part of ``p`` that matches inside its first word (alternatives kept)."""
    out = []
    for alt in _alternatives(p):
        parts = []
        for atom, quantifier in alt:
            if _in_word(atom, quantifier):
                parts.append(_plain(atom) + quantifier)
                continue
            body = _group_body(atom) if atom[0] == "(" else None
            if body is not None and not _optional(quantifier):
                parts.append(f"(?:{_lead(body)})")  # the group's own first word
            break
        out.append("".join(parts))
    return out[0] if len(out) == 1 else "(?:" + "|".join(out) + ")"


def lead_of(pattern: str) -> re.Pattern[str] | None:
    """What the first word must begin with where ``pattern`` matches, or None.

    For a pattern ``(?:^| )X``: the longest part of ``X`` that can only match inside one
    word (no space, anchor or look-around), with a group cut where its own first word
    ends. Where ``pattern`` matches, its lead matches at the start of the word that
    follows the space (a necessary condition, never a sufficient one).
    """
    if not pattern.startswith(WORD_START):
        return None
    try:
        lead = _lead(pattern[len(WORD_START) :])
        return re.compile(lead) if lead else None
    except (ValueError, re.error):
        return None


class RuleIndex:
    """The matches of a fixed sequence of rules in sentences, found via their leads.

    Args:
        rules: the rules, in order.
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self._leads = tuple((k, r.lead) for k, r in enumerate(self.rules) if r.lead is not None)
        # most words open no rule: one alternation of every lead turns them away at once
        self._any = re.compile("|".join(f"(?:{lead.pattern})" for _, lead in self._leads))
        self._openers: dict[str, tuple[int, ...]] = {}

    def openers(self, word: str) -> tuple[int, ...]:
        """Indexes of the rules whose lead matches at the start of ``word``."""
        hit = self._openers.get(word)
        if hit is None:
            if len(self._openers) >= MAX_CACHED_WORDS:
                self._openers.clear()
            hit = (
                tuple(k for k, lead in self._leads if lead.match(word))
                if self._any.match(word)
                else ()
            )
            self._openers[word] = hit
        return hit

    def matches(
        self, words: Sequence[str], joined: str, starts: Sequence[int]
    ) -> list[list[re.Match[str]]]:
        """Each rule's matches in a sentence, as ``rule.regex.finditer(joined)`` gives them.

        Args:
            words: the sentence's normalised words.
            joined: the words joined by single spaces.
            starts: the offset in ``joined`` of each word.

        Returns:
            One list of matches per rule, in rule order.
        """
        if words and not words[0]:  # "(?:^| )" could then read the second word at 0
            return [list(r.regex.finditer(joined)) for r in self.rules]
        positions: list[list[int]] = [[] for _ in self.rules]
        cached = self._openers.get
        for t, word in enumerate(words):
            ks = cached(word)
            if ks is None:
                ks = self.openers(word)
            for k in ks:
                positions[k].append(starts[t] - 1 if t else 0)
        out = []
        for rule, where in zip(self.rules, positions, strict=True):
            if rule.lead is None:
                found: list[re.Match[str]] | None = list(rule.regex.finditer(joined))
            else:
                found = _scan(rule.regex, joined, where) if where else []
            out.append(found if found is not None else list(rule.regex.finditer(joined)))
        return out


def _scan(regex: re.Pattern[str], joined: str, where: Sequence[int]) -> list[re.Match[str]] | None:
    """``regex.finditer(joined)`` tried only at ``where`` (ascending), or None when an
    empty match makes the emulation inexact."""
    out = []
    end = 0
    for pos in where:
        if pos < end:
            continue
        match = regex.match(joined, pos)
        if match is not None:
            if match.end() == pos:
                return None
            out.append(match)
            end = match.end()
    return out


_INDEXES: dict[tuple[int, ...], RuleIndex] = {}


def rule_index(rules: Sequence[Rule]) -> RuleIndex:
    """The (cached) index of ``rules``; the cache keeps the rules alive, so the ids of its
    key always name the same objects."""
    key = tuple(map(id, rules))
    index = _INDEXES.get(key)
    if index is None:
        if len(_INDEXES) >= _MAX_CACHED_INDEXES:
            _INDEXES.clear()
        index = _INDEXES[key] = RuleIndex(rules)
    return index
