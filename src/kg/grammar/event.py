"""Growers of events (pure): an event head ("قمة", "منتدى", "مؤتمر") with its definite
modifiers, its edition (compound ordinals: "الثانية عشرة"), its year, its quoted title or
proper name, and "بين X وY" when X and Y are places.
"""

from __future__ import annotations

import re

from kg.grammar.shapes import (
    TEENS,
    TITLE_WORDS,
    TOPIC_WORDS,
    accusative,
    blocks_name_at,
    content,
    definite_at,
    is_nisba,
    modifiers,
    topic_end,
)
from kg.grammar.view import Candidate, Context
from kg.lexicon import (
    analyses,
    is_definite,
    is_elided,
)
from kg.model import EntityType
from kg.resources import lexicon

_YEAR = re.compile(r"^(19|20)\d\d$")
_ANAPHOR_EVENTS = frozenset(
    lexicon("anaphoric_event_heads")
)  # rules/lexicons/anaphoric_event_heads.txt


def _year_after(ctx: Context, j: int) -> int:
    v = ctx.view
    if j < v.n and _YEAR.match(v.norms[j]):
        return j + 1
    return j


def _event_head(ctx: Context, i: int) -> tuple[int, str, int] | None:
    """(end of the head, head stem, proclitic length) when an event cue starts at ``i``."""
    v, lex = ctx.view, ctx.lex
    hit = lex.stem_in(v.norms[i], lex.event_cues)
    if hit is None:
        return None
    if hit.stem.endswith("ه") and _written_ha(v.sentence.tokens[i].text):
        return None  # "دوره" (his role), not "دورة": a pronoun where the cue has ة
    for phrase in lex.event_phrases:
        if (
            hit.stem.removeprefix("ال") == phrase[0]
            and tuple(v.norms[i + 1 : i + len(phrase)]) == phrase[1:]
        ):
            return i + len(phrase), hit.stem, hit.prefix
    return i + 1, hit.stem, hit.prefix


def _written_ha(raw: str) -> bool:
    """The word as written ends in ه, not ة (diacritics aside): "دوره" is دور + his,
    though normalising ة to ه spells "دورة" the same."""
    letters = [c for c in raw if c.isalpha()]
    return bool(letters) and letters[-1] == "ه"


def grow_event(ctx: Context, i: int) -> Candidate | None:
    v, lex = ctx.view, ctx.lex
    head = _event_head(ctx, i)
    if head is None:
        return None
    j, stem, prefix = head
    bare_stem = stem.removeprefix("ال")
    # "الدورة الثالثة لمنتدى ..." / "القمة الثانية "لمنتدى ...": the named event is the inner one
    k = j
    if k < v.n and is_definite(v.norms[k]):
        k += 1
        if k < v.n and v.norms[k] in TEENS:
            k += 1  # "الدورة الثانية عشرة للاجتماع ..."
    if k < v.n and v.quote[k]:
        k += 1
    if (
        stem in lex.edition_cues
        and k < v.n
        and k > j
        and any(a.prep == "ل" and a.stem in lex.event_cues for a in analyses(v.norms[k])[1:])
    ):
        return None
    surface = i
    back = i - 1
    if back >= 0 and v.quote[back]:
        back -= 1
    if back >= 1 and v.norms[back] in TEENS and v.norms[back - 1] in lex.ordinals:
        back -= 1  # "الدورة الثانية عشرة لـ..."
    if (
        any(a.prep == "ل" for a in analyses(v.norms[i])[1:])
        and back >= 1
        and is_definite(v.norms[back])
        and v.norms[back - 1] in lex.edition_cues
    ):
        surface = back - 1
    # titled sessions are found by the event.titled rule
    t = j
    while t < v.n and t - j < 3 and not v.punct[t] and v.norms[t] not in TITLE_WORDS:
        t += 1
    if t < v.n and v.norms[t] in TITLE_WORDS:
        return None
    end = modifiers(ctx, _event_proper_name(ctx, j) if not stem.startswith("ال") else j, 8)
    if all(v.norms[k] in lex.deictic_adjectives for k in range(j, end)):
        end = j  # "الدورة الحالية", "القمة المقبلة": pointed at, not named
    end = _year_after(ctx, end)
    end = _between_places(ctx, end) if end > j else end
    if end < v.n and v.norms[end] in TOPIC_WORDS:
        end = topic_end(ctx, end + 1)
    if end == j:
        if stem.startswith("ال") and bare_stem in _ANAPHOR_EVENTS:
            return Candidate(EntityType.EVENT, i, prefix, j - 1, surface, anaphor=True)
        return None
    hit = lex.stem_in(v.norms[i], lex.event_cues)
    elided = hit is not None and is_elided(v.norms[i], hit)  # "للاجتماع" → الاجتماع
    return Candidate(EntityType.EVENT, i, prefix, end - 1, surface, elided=elided)


def _between_places(ctx: Context, j: int) -> int:
    """After an event's name, "بين X وY" naming the two places it joins is part of the
    name ("القمة الحكومية الخامسة بين إيطاليا والجزائر"); anything else after بين is
    not ("الاجتماع ... بين الوزيرين")."""
    v = ctx.view
    if j + 2 >= v.n or v.norms[j] != "بين" or not _place_word(ctx, v.norms[j + 1]):
        return j
    nxt = v.norms[j + 2]
    if nxt.startswith("و") and _place_word(ctx, nxt[1:]):
        return j + 3
    return j


def _place_word(ctx: Context, norm: str) -> bool:
    return ctx.lex.stem_in(norm, ctx.lex.places) is not None


def _event_proper_name(ctx: Context, j: int) -> int:
    """After an indefinite event head, the end of a proper name of one or two words:
    "معرض جيتكس", "منتدى دافوس الاقتصادي" (not a common word or an adjective: "مؤتمر
    صحفي", "معرض كبير")."""
    v, lex = ctx.view, ctx.lex
    k = j
    while k < v.n and k - j < 2:
        norm = v.norms[k]
        if (
            not content(ctx, k)
            or v.quote[k]
            or definite_at(ctx, k)
            or norm[:1].isdigit()
            or norm in lex.common_nouns
            or norm in lex.frequent_words
            or is_nisba(norm)
            or len(analyses(norm)) > 1
            or blocks_name_at(ctx, k)
            or accusative(lex, norm)
            or lex.is_cue(norm)
        ):
            break
        k += 1
    return k
