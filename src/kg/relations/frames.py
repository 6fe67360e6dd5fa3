"""Load and validate the relation frames (``kg/relations/frames/*.toml``).

A **frame** is a trigger (a verb or noun of the genre, as normalised words) and the
arguments it takes, each found by a *selector* of :mod:`kg.relations.selectors`
(``subject``, ``objects:Agreement``, ``after:مع`` ...). Its ``emit`` lines say which
relation holds between which arguments; the ontology's domain and range decide which
of them apply to the entities found: ``"agent signed agreement"`` and ``"agent partyTo
agreement"`` side by side give a person that signs ``signed`` and a company that signs
``partyTo``.

A **structure** is a relation read from the shape of the text rather than from a
trigger (a role phrase that names an organisation, an event held inside another); its
code is registered under its id in the family's module, and its declaration here
carries its examples.

Every frame and structure has examples (a text and the triples it must give) and
counterexamples (a text and triples it must not give); ``tests/test_frames.py`` runs
them through the whole pipeline. Problems are reported when the files load, as a
:class:`~kg.errors.RuleError` naming the file and the frame.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from kg.errors import RuleError, did_you_mean
from kg.model import Predicate
from kg.normalize import normalize
from kg.rules import read_toml

Triple = tuple[str, str, str]

_FRAME_KEYS = {
    "id",
    "comment",
    "trigger",
    "proclitics",
    "slots",
    "emit",
    "carry",
    "examples",
    "counterexamples",
    "priority",
    "needs_word",
    "needs_near",
    "unless_near",
    "requires",
    "unless",
}
_STRUCTURE_KEYS = {"id", "comment", "emit", "examples", "counterexamples", "priority"}
_PROCLITICS = frozenset("وفبلك")


@dataclass(frozen=True, slots=True)
class Example:
    """A text and the triples (subject label, predicate, object label) that the
    pipeline must give on it (``expect``) or must not give (``absent``)."""

    text: str
    triples: tuple[Triple, ...]


@dataclass(frozen=True, slots=True)
class Emit:
    """One relation a frame states between two of its arguments."""

    subject: str  # slot name
    predicate: Predicate
    object: str


@dataclass(frozen=True, slots=True)
class Frame:
    """A validated frame (see the module docstring)."""

    id: str
    path: Path
    triggers: tuple[tuple[str, ...], ...]
    proclitics: str
    slots: tuple[tuple[str, str, str], ...]  # (slot name, selector, argument)
    emit: tuple[Emit, ...]
    examples: tuple[Example, ...]
    counterexamples: tuple[Example, ...]
    carry: bool = False
    priority: int = 0
    comment: str = ""
    #: one of these words must follow the trigger in its clause ("شهد ... توقيع")
    needs_word: tuple[str, ...] = ()
    #: the frame does not fire when one of these words is among the three before the
    #: trigger ("وفد ... برئاسة": a delegation's head chairs no event)
    unless_near: tuple[str, ...] = ()
    #: one of these words must be among the three before the trigger ("وفد ... برئاسة")
    needs_near: tuple[str, ...] = ()
    #: selectors that must find something / nothing for the frame to fire
    requires: tuple[tuple[str, str], ...] = ()
    unless: tuple[tuple[str, str], ...] = ()

    @property
    def family(self) -> str:
        return self.path.stem


@dataclass(frozen=True, slots=True)
class Structure:
    """A validated structural rule: its code is registered under its id."""

    id: str
    path: Path
    predicates: tuple[Predicate, ...]
    examples: tuple[Example, ...]
    counterexamples: tuple[Example, ...]
    priority: int = 0
    comment: str = ""

    @property
    def family(self) -> str:
        return self.path.stem


@dataclass(frozen=True, slots=True)
class Frames:
    """The frames and structures of a set of files, in priority order."""

    frames: tuple[Frame, ...]
    structures: tuple[Structure, ...]

    def all(self) -> tuple[Frame | Structure, ...]:
        return self.frames + self.structures


def _triple(path: Path, rid: str, raw: object, key: str) -> Triple:
    if not (isinstance(raw, list) and len(raw) == 3 and all(isinstance(x, str) for x in raw)):
        raise RuleError(path, rid, f"{key}: a triple is [subject, predicate, object]: {raw!r}")
    s, p, o = raw
    try:
        Predicate(p)
    except ValueError:
        raise RuleError(
            path, rid, f"{key}: unknown predicate {p!r}{did_you_mean(p, Predicate)}"
        ) from None
    return (s, p, o)


def _examples(path: Path, rid: str, raw: object, key: str, field: str) -> tuple[Example, ...]:
    if not isinstance(raw, list) or not raw:
        what = "example" if key == "examples" else "counterexample"
        raise RuleError(path, rid, f"a rule needs at least one {what}")
    out = []
    for item in raw:
        if not isinstance(item, dict) or set(item) - {"text", field} or "text" not in item:
            raise RuleError(path, rid, f"{key} entries take 'text' and '{field}'")
        triples = item.get(field, [])
        if not isinstance(triples, list) or not triples:
            raise RuleError(path, rid, f"{key}: each entry needs '{field}' triples")
        out.append(Example(str(item["text"]), tuple(_triple(path, rid, t, key) for t in triples)))
    return tuple(out)


def _check_keys(path: Path, rid: str, raw: Mapping[str, object], allowed: set[str]) -> None:
    for key in raw:
        if key not in allowed:
            raise RuleError(path, rid, f"unknown key {key!r}{did_you_mean(key, sorted(allowed))}")


def _emit(path: Path, rid: str, raw: object, slots: set[str] | None) -> tuple[Emit, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(x, str) for x in raw):
        raise RuleError(path, rid, "'emit' must be a non-empty list of 'slot predicate slot'")
    out = []
    for line in raw:
        parts = line.split()
        if len(parts) != 3:
            raise RuleError(path, rid, f"emit: {line!r} is not 'slot predicate slot'")
        s, p, o = parts
        try:
            predicate = Predicate(p)
        except ValueError:
            raise RuleError(
                path, rid, f"emit: unknown predicate {p!r}{did_you_mean(p, Predicate)}"
            ) from None
        if slots is not None:
            for name in (s, o):
                base = name.removesuffix(".rep")
                if base not in slots:
                    raise RuleError(
                        path,
                        rid,
                        f"emit: {line!r} names no slot {name!r}{did_you_mean(base, slots)}",
                    )
        out.append(Emit(s, predicate, o))
    return tuple(out)


def _rule_id(path: Path, raw: Mapping[str, object]) -> str:
    """A frame's or structure's id, which must be given."""
    rid = raw.get("id")
    if not isinstance(rid, str) or not rid:
        raise RuleError(path, str(raw.get("id", "?")), "missing 'id'")
    return rid


def _priority(path: Path, rid: str, raw: Mapping[str, object]) -> int:
    priority = raw.get("priority", 0)
    if not isinstance(priority, int):
        raise RuleError(path, rid, "'priority' must be an integer")
    return priority


def parse_frame(path: Path, raw: dict[str, object], selectors: Mapping[str, object]) -> Frame:
    """Validate one ``[[frame]]`` table."""
    rid = _rule_id(path, raw)
    _check_keys(path, rid, raw, _FRAME_KEYS)
    trig = raw.get("trigger")
    if not isinstance(trig, list) or not trig or not all(isinstance(t, str) and t for t in trig):
        raise RuleError(path, rid, "'trigger' must be a non-empty list of words or phrases")
    triggers = tuple(dict.fromkeys(tuple(normalize(t).split()) for t in trig))
    procl = str(raw.get("proclitics", "وف"))
    if set(procl) - _PROCLITICS:
        raise RuleError(path, rid, f"'proclitics' takes letters of {''.join(sorted(_PROCLITICS))}")
    raw_slots = raw.get("slots")
    if not isinstance(raw_slots, dict) or not raw_slots:
        raise RuleError(path, rid, "'slots' must be a table of slot = \"selector\"")
    slots = []
    for name, spec in raw_slots.items():
        if not isinstance(spec, str):
            raise RuleError(path, rid, f"slot {name!r}: the selector must be a string")
        kind, _, arg = spec.partition(":")
        if kind not in selectors:
            raise RuleError(
                path,
                rid,
                f"slot {name!r}: unknown selector {kind!r}{did_you_mean(kind, selectors)}",
            )
        check = getattr(selectors[kind], "check", None)
        if callable(check):
            problem = check(arg)
            if problem:
                raise RuleError(path, rid, f"slot {name!r}: {problem}")
        slots.append((name, kind, normalize(arg) if kind in _WORD_SELECTORS else arg))
    emit = _emit(path, rid, raw.get("emit"), {s[0] for s in slots})
    conditions = {}
    for key in ("requires", "unless"):
        specs = raw.get(key, [])
        if not isinstance(specs, list) or not all(isinstance(x, str) for x in specs):
            raise RuleError(path, rid, f"'{key}' must be a list of selectors")
        parsed = []
        for spec in specs:
            kind, _, arg = spec.partition(":")
            if kind not in selectors:
                raise RuleError(
                    path, rid, f"{key}: unknown selector {kind!r}{did_you_mean(kind, selectors)}"
                )
            parsed.append((kind, normalize(arg) if kind in _WORD_SELECTORS else arg))
        conditions[key] = tuple(parsed)
    words = {}
    for key in ("needs_word", "needs_near", "unless_near"):
        raw_words = raw.get(key, [])
        if not isinstance(raw_words, list) or not all(isinstance(x, str) and x for x in raw_words):
            raise RuleError(path, rid, f"'{key}' must be a list of words")
        words[key] = tuple(normalize(w) for w in raw_words)
    priority = _priority(path, rid, raw)
    return Frame(
        id=rid,
        path=path,
        triggers=triggers,
        proclitics=procl,
        slots=tuple(slots),
        emit=emit,
        examples=_examples(path, rid, raw.get("examples"), "examples", "expect"),
        counterexamples=_examples(
            path, rid, raw.get("counterexamples"), "counterexamples", "absent"
        ),
        carry=bool(raw.get("carry", False)),
        priority=priority,
        comment=str(raw.get("comment", "")),
        needs_word=words["needs_word"],
        unless_near=words["unless_near"],
        needs_near=words["needs_near"],
        requires=conditions["requires"],
        unless=conditions["unless"],
    )


#: Selectors whose argument is Arabic text (normalised when the frame loads).
_WORD_SELECTORS = frozenset({"after", "before_word"})


def parse_structure(
    path: Path, raw: dict[str, object], registry: Mapping[str, object]
) -> Structure:
    """Validate one ``[[structure]]`` table."""
    rid = _rule_id(path, raw)
    _check_keys(path, rid, raw, _STRUCTURE_KEYS)
    if rid not in registry:
        raise RuleError(
            path, rid, f"no code is registered for structure {rid!r}{did_you_mean(rid, registry)}"
        )
    preds = raw.get("emit")
    if not isinstance(preds, list) or not preds:
        raise RuleError(path, rid, "'emit' must list the predicates the structure gives")
    predicates = []
    for p in preds:
        try:
            predicates.append(Predicate(str(p)))
        except ValueError:
            raise RuleError(
                path, rid, f"emit: unknown predicate {p!r}{did_you_mean(str(p), Predicate)}"
            ) from None
    priority = _priority(path, rid, raw)
    return Structure(
        id=rid,
        path=path,
        predicates=tuple(predicates),
        examples=_examples(path, rid, raw.get("examples"), "examples", "expect"),
        counterexamples=_examples(
            path, rid, raw.get("counterexamples"), "counterexamples", "absent"
        ),
        priority=priority,
        comment=str(raw.get("comment", "")),
    )


def load_frames(
    paths: Sequence[Path] | None = None,
    *,
    selectors: Mapping[str, object] | None = None,
    structures: Mapping[str, Callable[..., object]] | None = None,
) -> Frames:
    """Load frame files (default: every shipped ``frames/*.toml``).

    Ids must be unique; every registered structure must be declared in a file (no rule
    lives in code alone) when the shipped files are loaded.
    """
    from kg.relations import registry

    sel = registry.SELECTORS if selectors is None else selectors
    reg = registry.STRUCTURES if structures is None else structures
    shipped = paths is None
    files = default_frame_files() if paths is None else list(paths)
    frames: list[Frame] = []
    structs: list[Structure] = []
    seen: dict[str, Path] = {}
    for path in files:
        data = read_toml(path, what="frame")
        extra = set(data) - {"frame", "structure"}
        if extra:
            raise RuleError(
                path,
                "-",
                f"unknown top-level key(s) {sorted(extra)}; use [[frame]] or [[structure]]",
            )
        for raw in _tables(path, data, "frame"):
            frames.append(_unique(path, parse_frame(path, raw, sel), seen))
        for raw in _tables(path, data, "structure"):
            structs.append(_unique(path, parse_structure(path, raw, reg), seen))
    if shipped:
        undeclared = sorted(set(reg) - {s.id for s in structs})
        if undeclared:
            raise RuleError(
                files[0],
                undeclared[0],
                "structure registered in code but declared in no frame file",
            )
    frames.sort(key=lambda f: -f.priority)
    structs.sort(key=lambda s: -s.priority)
    return Frames(tuple(frames), tuple(structs))


def default_frame_files() -> list[Path]:
    """The frame files shipped with kg, sorted by name."""
    folder = Path(str(resources.files("kg") / "relations" / "frames"))
    return sorted(folder.glob("*.toml"))


@cache
def default_frames() -> Frames:
    """The shipped frames, loaded once per process."""
    return load_frames()


def _tables(path: Path, data: Mapping[str, object], key: str) -> list[dict[str, object]]:
    """The ``[[key]]`` tables of a frame file."""
    tables = data.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise RuleError(path, "-", f"'{key}' must be an array of tables ([[{key}]])")
    return tables


_R = TypeVar("_R", "Frame", "Structure")


def _unique(path: Path, rule: _R, seen: dict[str, Path]) -> _R:
    if rule.id in seen:
        raise RuleError(path, rule.id, f"duplicate id (also in {seen[rule.id]})")
    seen[rule.id] = path
    return rule
