"""How the tagger's mentions join the rules' (pure).

Events and agreements (the structural layer) are the rules' alone, whatever the policy;
the policies differ on the name layer (persons, organisations, places):

- ``add``: a tagger mention is added where it overlaps no rule name, so the tagger
  only brings names that no cue announced;
- ``pers_bounds``: ``add``, and a rule Person that overlaps exactly one tagger Person
  (which overlaps no other rule name) takes the tagger's span, keeping its type, role
  and rule id;
- ``bounds`` (:data:`DEFAULT`): the same for all three name types;
- ``tagger_wins``: the tagger's names win over the rule names they overlap, as a user's
  gazetteer does (:func:`kg.gazetteer.prefer_gazetteer`).

:data:`DEFAULT` is the best by 3-fold cross-validation on ANERcorp's train split
(``scripts/train_tagger.py --cv``; never by a test set) of the policies that keep the
rules' records: ``tagger_wins`` scores a little higher there but throws away what the
rules know of a name (its type by the genre's conventions, a person's role), which the
relations read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from kg.model import EntityType, Mention

#: The policies :func:`combine` knows.
POLICIES = ("add", "pers_bounds", "bounds", "tagger_wins")

#: The policy of the shipped tagger (chosen by cross-validation on the train split).
DEFAULT = "bounds"

_NAMES = frozenset({EntityType.PERSON, EntityType.ORGANISATION, EntityType.PLACE})


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def combine(
    rule_mentions: Sequence[Mention], tagged: Sequence[Mention], *, policy: str = DEFAULT
) -> list[Mention]:
    """The rules' mentions with the tagger's joined by ``policy`` (see the module).

    Args:
        rule_mentions: what the rules found, in text order.
        tagged: what the tagger found, in text order.
        policy: one of :data:`POLICIES`.

    Returns:
        The mentions, in text order (mentions at the same offsets keep their order).

    Raises:
        ValueError: an unknown policy.
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown tagger policy {policy!r}; choose from {list(POLICIES)}")
    names = [m for m in rule_mentions if m.type in _NAMES]
    kept = list(rule_mentions)
    if policy == "tagger_wins":
        kept = [m for m in kept if m.type not in _NAMES or not any(_overlap(t, m) for t in tagged)]
        return sorted([*kept, *tagged], key=lambda m: (m.start, m.end))
    if policy != "add":
        types = {EntityType.PERSON} if policy == "pers_bounds" else _NAMES
        kept = [_bounds(m, names, tagged) if m.type in types else m for m in kept]
    added = [t for t in tagged if not any(_overlap(t, m) for m in names)]
    return sorted([*kept, *added], key=lambda m: (m.start, m.end))


def _bounds(m: Mention, names: Sequence[Mention], tagged: Sequence[Mention]) -> Mention:
    """``m`` with the span of the one tagger mention of its type it overlaps, when there
    is one and no other rule name overlaps that."""
    same = [t for t in tagged if t.type is m.type and _overlap(t, m)]
    if len(same) != 1:
        return m
    t = same[0]
    if (t.start, t.end) == (m.start, m.end) or any(n is not m and _overlap(t, n) for n in names):
        return m
    return replace(m, start=t.start, end=t.end, text=t.text, surface=t.text, canonical=t.text)
