"""How the tagger's mentions join the rules' (pure).

Events and agreements (the structural layer) are the rules' alone, whatever the policy;
the policies differ on the name layer (persons, organisations, places):

- ``add``: a tagger mention is added where it overlaps no rule name, so the tagger
  only brings names that no cue announced;
- ``pers_bounds``: ``add``, and a rule Person that overlaps exactly one tagger Person
  (which overlaps no other rule name) takes the tagger's span, keeping its type, role
  and rule id; the rules win where the tagger's span would take in a title word that
  follows or precedes the rule's span ("عمرو طلعت" + "السيد", where "السيد" opens the
  next name);
- ``bounds`` (:data:`DEFAULT`): the same for all three name types, except that an
  organisation's or a place's span is only ever widened by the tagger, never cut: the
  rules' cue nouns know where the genre's long names end ("مجموعة البنك الإسلامي
  للتنمية", where the tagger reads "البنك الإسلامي");
- ``tagger_wins``: the tagger's names win over the rule names they overlap, as a user's
  gazetteer does (:func:`kg.gazetteer.prefer_gazetteer`).

:data:`DEFAULT` is the best by 3-fold cross-validation on ANERcorp's train split
(``scripts/train_tagger.py --cv``; never by a test set) of the policies that keep the
rules' records: ``tagger_wins`` scores a little higher there but throws away what the
rules know of a name (its type by the genre's conventions, a person's role), which the
relations read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from kg.model import EntityType, Mention

#: The policies :func:`combine` knows.
POLICIES = ("add", "pers_bounds", "bounds", "tagger_wins")

#: The policy of the shipped tagger (chosen by cross-validation on the train split).
DEFAULT = "bounds"

_NAMES = frozenset({EntityType.PERSON, EntityType.ORGANISATION, EntityType.PLACE})


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _never(_: str) -> bool:
    return False


def combine(
    rule_mentions: Sequence[Mention],
    tagged: Sequence[Mention],
    *,
    policy: str = DEFAULT,
    is_title: Callable[[str], bool] = _never,
) -> list[Mention]:
    """The rules' mentions with the tagger's joined by ``policy`` (see the module).

    Args:
        rule_mentions: what the rules found, in text order.
        tagged: what the tagger found, in text order.
        policy: one of :data:`POLICIES`.
        is_title: whether a word (as written) is a person's title or honorific, which a
            rule Person's span is not widened over.

    Returns:
        The mentions, in text order (mentions at the same offsets keep their order).

    Raises:
        ValueError: an unknown policy.
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown tagger policy {policy!r}; choose from {list(POLICIES)}")
    # mentions overlap only within a sentence: each is compared with its sentence's
    names = by_sentence(m for m in rule_mentions if m.type in _NAMES)
    found = by_sentence(tagged)
    kept = list(rule_mentions)
    if policy == "tagger_wins":
        kept = [
            m
            for m in kept
            if m.type not in _NAMES or not any(_overlap(t, m) for t in found.get(m.sentence, ()))
        ]
        return sorted([*kept, *tagged], key=lambda m: (m.start, m.end))
    if policy != "add":
        types = {EntityType.PERSON} if policy == "pers_bounds" else _NAMES
        kept = [
            _bounds(m, names.get(m.sentence, ()), found.get(m.sentence, ()), is_title)
            if m.type in types
            else m
            for m in kept
        ]
    added = [t for t in tagged if not any(_overlap(t, m) for m in names.get(t.sentence, ()))]
    return sorted([*kept, *added], key=lambda m: (m.start, m.end))


def by_sentence(mentions: Iterable[Mention]) -> dict[int, list[Mention]]:
    """``mentions`` under the index of their sentence, in order."""
    out: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        out[m.sentence].append(m)
    return out


def _bounds(
    m: Mention, names: Sequence[Mention], tagged: Sequence[Mention], is_title: Callable[[str], bool]
) -> Mention:
    """``m`` with the span of the one tagger mention of its type it overlaps, when there
    is one, no other rule name overlaps that, and the rules do not know better (see the
    module)."""
    same = [t for t in tagged if t.type is m.type and _overlap(t, m)]
    if len(same) != 1:
        return m
    t = same[0]
    if (t.start, t.end) == (m.start, m.end) or any(n is not m and _overlap(t, n) for n in names):
        return m
    if m.type is not EntityType.PERSON and (t.start > m.start or t.end < m.end):
        return m
    if m.type is EntityType.PERSON:
        added = t.text[: max(0, m.start - t.start)].split() + t.text[m.end - t.start :].split()
        if any(is_title(word) for word in added):
            return m
    return replace(m, start=t.start, end=t.end, text=t.text, surface=t.text, canonical=t.text)
