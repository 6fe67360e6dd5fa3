"""Mentions of the names in a user's gazetteer file (pure).

``kg build --gazetteer FILE`` reads ``TYPE<TAB>name`` lines (see
:class:`kg.resources.Gazetteer`). Each name is looked up token by token, after
normalisation, with the proclitics و/ف/ب/ل/ك allowed on its first word; a match becomes a
mention with rule id ``gazetteer.user`` and wins over rule-found mentions it overlaps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from kg.grammar.view import orig_offset
from kg.lexicon import analyses
from kg.model import Document, EntityType, Mention, Sentence
from kg.normalize import normalize_name
from kg.resources import Gazetteer

RULE_ID = "gazetteer.user"
_STRUCTURAL = frozenset({EntityType.EVENT, EntityType.AGREEMENT})


def find_gazetteer_mentions(
    doc: Document, sentences: Sequence[Sentence], gazetteer: Gazetteer
) -> list[Mention]:
    """Return the mentions of the gazetteer's names in ``doc`` (longest match first)."""
    if not gazetteer.entries:
        return []
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for name in gazetteer.entries:
        words = tuple(name.split())
        if words:
            by_first[words[0]].append(words)
    for first in by_first:
        by_first[first].sort(key=len, reverse=True)
    found: list[Mention] = []
    for sentence in sentences:
        toks = sentence.tokens
        norms = [normalize_name(t.text) for t in toks]
        i = 0
        while i < len(toks):
            hit = None
            for a in analyses(toks[i].norm):
                for words in by_first.get(a.stem, ()):
                    if tuple(norms[i + 1 : i + len(words)]) == words[1:]:
                        hit = (a.prefix, words)
                        break
                if hit:
                    break
            if hit is None:
                i += 1
                continue
            prefix, words = hit
            start = toks[i].start + orig_offset(toks[i].text, prefix)
            end = toks[i + len(words) - 1].end
            etype = gazetteer.entries[" ".join(words)]
            found.append(
                Mention.as_written(
                    doc, start, end, type=etype, rule_id=RULE_ID, sentence=sentence.index
                )
            )
            i += len(words)
    return found


def prefer_gazetteer(mentions: Sequence[Mention], user: Sequence[Mention]) -> list[Mention]:
    """Rule mentions, less those overlapping a user mention of the same layer, plus the
    user's mentions (events and agreements may still contain a user's name)."""

    def layer(m: Mention) -> bool:
        return m.type in _STRUCTURAL

    kept = [
        m
        for m in mentions
        if not any(layer(m) == layer(u) and m.start < u.end and u.start < m.end for u in user)
    ]
    return sorted([*kept, *user], key=lambda m: (m.start, m.end))
