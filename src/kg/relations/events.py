"""Events: sessions held within larger events, where events are held, and taking part
in an event through one of its sessions (pure)."""

from __future__ import annotations

import itertools
from dataclasses import replace

from kg.lexicon import analyses
from kg.model import EntityType, Predicate, Relation
from kg.normalize import normalize_name
from kg.relations.agreements import MAIN_EVENTS
from kg.relations.frames import Structure
from kg.relations.layout import Item
from kg.relations.reading import Reading
from kg.relations.registry import structure
from kg.relations.scene import Scene

T = EntityType
P = Predicate


def head(item: Item) -> str:
    """An event's head noun without the article ("قمه", "جلسه")."""
    words = normalize_name(item.mention.text).split()
    return words[0].removeprefix("ال") if words else ""


def _is_main(reading: Reading, key: str) -> bool:
    words = normalize_name(reading.entities[key].label).split()
    return bool(words) and words[0].removeprefix("ال") in MAIN_EVENTS


@structure("events.within")
def within(reading: Reading, rule: Structure) -> None:
    """ "الجلسة الأولى للمنتدى": an event governed by ل right after another is held
    within it. "X ضمن فعاليات Y": the event before an occasion phrase is held within
    the event it names; "في إطار فعاليات Y، ..." opening the clause: every event after
    it. A session (no summit, forum or conference) in a sentence that names a main
    event is held within that."""
    for scene in reading.scenes:
        events = [i for i in scene.items if i.type is T.EVENT]
        if len(events) < 2:
            continue
        assigned: set[str] = set()
        for a, b in itertools.pairwise(events):
            if a.key == b.key or (_is_main(reading, a.key) and not _is_main(reading, b.key)):
                continue
            if b.first == a.last + 1 and any(
                x.prep == "ل" for x in analyses(scene.norm(b.first))[1:]
            ):
                _add(reading, scene, a, b, rule)
                assigned.add(a.key)
        fronted = []
        for k, outer in _occasion_events(scene):
            if _opens_clause(scene, k):
                fronted.append(outer)
                continue
            earlier = [e for e in events if e.last < k and e.key not in assigned | {outer.key}]
            if earlier:
                _add(reading, scene, earlier[-1], outer, rule)
                assigned.add(earlier[-1].key)
        for outer in fronted:
            for inner in events:
                if inner.first <= outer.last or inner.key in assigned | {outer.key}:
                    continue
                if _is_main(reading, inner.key) and head(inner) == head(outer):
                    continue
                _add(reading, scene, inner, outer, rule)
                assigned.add(inner.key)
        mains = [e for e in events if _is_main(reading, e.key)]
        for e in events:
            if e.key in assigned or _is_main(reading, e.key):
                continue
            main = next((m for m in reversed(mains) if m.last < e.first), None) or next(
                (m for m in mains if m.key != e.key), None
            )
            if main is not None and main.key != e.key:
                _add(reading, scene, e, main, rule)
                assigned.add(e.key)


def _occasion_events(scene: Scene) -> list[tuple[int, Item]]:
    """(token of the occasion phrase, the event it names) for each occasion phrase of
    the scene."""
    out = []
    lex = scene.lex
    for k in range(scene.n):
        for phrase in lex.occasions:
            if (scene.bare(k), *scene.norms[k + 1 : k + len(phrase)]) != phrase:
                continue
            j = k + len(phrase)
            while scene.norm(j) in lex.occasion_nouns:
                j += 1
            item = scene.structure_at[j] if j < scene.n else None
            if item is not None and item.type is T.EVENT:
                out.append((k, item))
            break
    return out


def _opens_clause(scene: Scene, k: int) -> bool:
    """The occasion phrase at ``k`` opens its clause (only و, "هذا" or fillers before)."""
    first, _ = scene.clause_of(k)
    return all(
        scene.norm(j) in ("و", "هذا", "،") or scene.norm(j) in scene.lex.fillers
        for j in range(first, k)
    )


def _add(reading: Reading, scene: Scene, inner: Item, outer: Item, rule: Structure) -> None:
    lo, hi = sorted((inner, outer), key=lambda i: i.start)
    reading.add(inner, P.SUB_EVENT_OF, outer, scene=scene, span=(lo.start, hi.end), rule_id=rule.id)


@structure("events.through_session")
def through_session(reading: Reading, rule: Structure) -> None:
    """Taking part in a session held within an event is taking part in the event."""
    parents: dict[str, list[str]] = {}
    for r in reading.relations:
        if r.predicate is P.SUB_EVENT_OF:
            parents.setdefault(r.subject, []).append(r.object)
    if not parents:
        return
    for r in list(reading.relations):
        if r.predicate is not P.PARTICIPATED_IN or r.object not in parents:
            continue
        for parent in parents[r.object]:
            if not reading.has(r.subject, P.PARTICIPATED_IN, parent):
                ev = replace(r.evidence, rule_id=rule.id)
                reading.relations.append(Relation(r.subject, P.PARTICIPATED_IN, parent, ev))
