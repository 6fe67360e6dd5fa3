"""Growers of places (pure): a place name from the gazetteer and its shape, a place
after its cue ("مدينة", "محافظة"), a venue ("فندق ...", "قصر ..."), a natural feature, a
dateline ("الرياض - ...").
"""

from __future__ import annotations

from kg.grammar.shapes import (
    PLACE_PREPOSITIONS,
    PRONOUNS,
    blocks_name_at,
    closing_quote,
    content,
    definite_at,
    is_nisba,
)
from kg.grammar.view import Candidate, Context
from kg.lexicon import (
    PLACE_PREP,
    Lexicon,
    analyses,
    is_definite,
    is_elided,
)
from kg.model import EntityType


def _is_boundary_after_name(ctx: Context, i: int) -> bool:
    v = ctx.view
    if i >= v.n:
        return True
    if v.punct[i] or v.norms[i].startswith("و"):
        return True
    return blocks_name_at(ctx, i)


def grow_place(ctx: Context, i: int) -> Candidate | None:
    v, lex = ctx.view, ctx.lex
    norm = v.norms[i]
    if not any(a.stem in lex.place_first_words for a in analyses(norm)):
        return None
    if v.punct[i] or lex.is_function_word(norm) or "\u064b" in v.sentence.tokens[i].text:
        return None  # "فإن", "بأنه", "لأول"; "يوماً" (tanween: an indefinite noun)
    best: Candidate | None = None
    for a in analyses(norm):
        if a.prep not in (*PLACE_PREP, "") or a.stem not in lex.place_first_words:
            continue
        words = [a.stem]
        for n in range(1, min(4, lex.place_max_tokens) + 1):
            if n > 1:
                if i + n - 1 >= v.n:
                    break
                words.append(v.norms[i + n - 1])
            name = " ".join(words)
            elided = a.prep == "ل" and norm[a.prefix - 1 : a.prefix + 1] == "لل"
            if elided and name not in lex.major_places:
                continue  # "للعبور": ل + a common noun, not a city
            if name in lex.places and (best is None or n - 1 > best.last - best.first):
                best = Candidate(
                    EntityType.PLACE, i, a.prefix, i + n - 1, i, elided=is_elided(norm, a)
                )
    if best is None or best.last > best.first:
        return best
    stem = norm[best.prefix :]
    if stem in lex.major_places or stem in lex.major_cities:
        return best  # "يصل الدوحة": a capital is that city wherever it stands
    if not stem.startswith("ال") or best.prefix:
        return best
    # a city name with the article is often an adjective or common noun ("الجديد",
    # "المدينة"): take it after a preposition, a place noun or at a clause start only
    if i == 0 or v.punct[i - 1] or v.norms[i - 1] in PLACE_PREPOSITIONS:
        return best
    return best if lex.stem_in(v.norms[i - 1], lex.place_cues) else None


def _place_name_shape(ctx: Context, i: int, norm: str) -> bool:
    """Whether an unknown word after a place noun can be a name: not conjoined, not a
    function word, not an indefinite adjective ("منطقة جافة", "دولة عربية"), not a noun
    with a pronoun ("سيادتها"), not a verb ("دولة تنفصل")."""
    lex = ctx.lex
    if lex.stem_in(norm, lex.places) is not None:
        return True
    if (
        norm.startswith("و")
        or lex.is_function_word(norm)
        or "\u064b" in ctx.view.sentence.tokens[i].text
    ):
        return False
    if norm.endswith(("ه", "ها", "هم", "ا", "ي")) or lex.is_possessed_cue(norm):
        return False
    if norm in lex.common_nouns:
        return False  # "منطقة قتال", "دولة مبلغ": a common noun, not a name
    return not (norm[:1] in "يتن" and len(norm) >= 4)


def _grow_venue(ctx: Context, i: int, cue: int) -> Candidate | None:
    """A venue named with its noun (lexicons/venue_cues.txt): "فندق باركو دي برينتشيبي",
    "فيلا دوريا بامفيلي", "قصر "كيجي"": the noun, then a quoted name or up to three
    words without the article (not a verb, a function word or a known place: "بروما"
    says where the venue is). A definite noun ("الفندق") or an indefinite adjective
    ("فندق فاخر") names none."""
    v, lex = ctx.view, ctx.lex
    a = next((a for a in analyses(v.norms[cue]) if a.stem in lex.venue_cues), None)
    if a is None or i >= v.n:
        return None
    if v.quote[i]:
        close = closing_quote(ctx, i, 5)
        if close <= i + 1 or close >= v.n or not v.quote[close]:
            return None
        return Candidate(EntityType.PLACE, cue, a.prefix, close, cue)
    k = i
    while (
        k < v.n
        and k - i < 3
        and content(ctx, k)
        and not definite_at(ctx, k)
        and not blocks_name_at(ctx, k)
        and not v.norms[k].startswith("و")
        and not v.norms[k][:1].isdigit()
        and not (k > i and lex.stem_in(v.norms[k], lex.places) is not None)
        and v.norms[k] not in lex.common_nouns
        and not is_nisba(v.norms[k])
    ):
        k += 1
    if k == i or (not _is_boundary_after_name(ctx, k) and not definite_at(ctx, k)):
        return None
    if lex.stem_in(v.norms[i], lex.places) is not None:
        return None  # "قصر مصر": not a venue's name
    return Candidate(EntityType.PLACE, cue, a.prefix, k - 1, cue)


def grow_place_after_cue(ctx: Context, i: int, surface: int) -> Candidate | None:
    """A name after a place noun ("مدينة شنتشن"), or an item of a list of places
    ("في كل من الزعفرانة وأبو تلات"), where a name with the article is allowed too."""
    v, lex = ctx.view, ctx.lex
    venue = _grow_venue(ctx, i, surface)
    if venue is not None:
        return venue
    if i >= v.n or not content(ctx, i) or blocks_name_at(ctx, i):
        return None
    listed = v.norms[surface] == "كل"
    prefix = 1 if listed and v.norms[i].startswith("و") and i > surface + 2 else 0
    norm = v.norms[i][prefix:]
    if (is_definite(norm) and not listed) or len(norm) < 2 or lex.is_cue(norm):
        return None
    if v.is_latin(i) or norm[:1].isdigit():
        return None
    if not listed and not _place_name_shape(ctx, i, norm):
        return None
    k = i + 1
    if (
        k < v.n
        and not is_definite(norm)
        and content(ctx, k)
        and not blocks_name_at(ctx, k)
        and not is_definite(v.norms[k])
        and not v.norms[k].startswith("و")
        and _is_boundary_after_name(ctx, k + 1)
    ):
        k += 1
    if (
        listed
        and not prefix
        and not (k < v.n and (v.norms[k].startswith("و") or v.norms[k] in {"،", ","}))
    ):
        return None  # the first item of a list is followed by another
    if listed and prefix and not _is_boundary_after_name(ctx, k):
        return None
    return Candidate(EntityType.PLACE, i, prefix, k - 1, i if listed else surface)


def grow_feature(ctx: Context, i: int) -> Candidate | None:
    """A geographic feature named with its noun: "البحر الأحمر", "المحيط الهندي" (the
    noun with the article, then adjectives with it), "نهر النيل", "خليج عدن", "شبه
    الجزيرة العربية" (the noun without it, then a name)."""
    v, lex = ctx.view, ctx.lex
    a = next((a for a in analyses(v.norms[i]) if _feature_stem(lex, a.stem)), None)
    if a is None or a.prep not in ("", "ب", "ل") or v.hamza_al[i]:
        return None
    k = i + 1
    if a.stem == "شبه":
        k += 1  # "شبه جزيرة", "شبه الجزيرة"
    if k >= v.n or not content(ctx, k) or v.is_latin(k):
        return None
    definite = a.stem.startswith("ال") or (a.stem == "شبه" and is_definite(v.norms[k - 1]))
    j = k
    if definite:
        # adjectives agreeing with the noun: "الأحمر", "الأبيض المتوسط", "العربية"
        while j < v.n and j - k < 2 and definite_at(ctx, j) and content(ctx, j):
            if lex.is_cue(v.norms[j]) or analyses(v.norms[j])[-1].prep:
                break
            j += 1
    else:
        norm = v.norms[k]
        if definite_at(ctx, k) and not lex.is_cue(norm) and not norm.endswith(PRONOUNS):
            j = k + 1  # "نهر النيل", "جبال الأطلس"
        elif not definite_at(ctx, k) and _place_name_shape(ctx, k, norm):
            j = k + 1  # "خليج عدن", "بحيرة فيكتوريا"
    if j == k:
        return None
    return Candidate(EntityType.PLACE, i, a.prefix, j - 1, i)


def grow_dateline(ctx: Context, i: int, cue: int) -> Candidate | None:
    """The agency or paper of a dateline: a place opening the sentence, then "( X )",
    "- X -" or "- X :" ("طوكيو - رويترز -", "كراتشي ( رويترز )", "الدوحة - الراية :")."""
    v, lex = ctx.view, ctx.lex
    if cue == 0 or cue > 2:
        return None
    if lex.stem_in(" ".join(v.norms[:cue]), lex.places) is None:
        return None
    close = {"(": ")", "-": "-"}.get(v.norms[cue])
    j = i
    while j < v.n and j - i < 3 and not v.punct[j]:
        if lex.is_function_word(v.norms[j]):
            return None
        j += 1
    if j == i or j >= v.n or v.norms[j] not in (close, ":"):
        return None
    if lex.stem_in(" ".join(v.norms[i:j]), lex.places) is not None:
        return None
    return Candidate(EntityType.ORGANISATION, i, 0, j - 1, cue)


def _feature_stem(lex: Lexicon, stem: str) -> bool:
    return stem in lex.feature_cues or stem == "شبه"
