"""Growers of organisations (pure): a body after its cue noun ("شركة", "وزارة") that
takes a quoted or Latin-script name or a construct chain of definite nouns and adjectives,
a bare Latin-script name, a quoted name, a body named after its cue, a team.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.grammar.shapes import (
    blocks_name_at,
    closing_quote,
    content,
    definite_at,
    definite_like,
    is_nisba,
    modifiers,
    name_end_ok,
)
from kg.grammar.view import Candidate, Context
from kg.lexicon import (
    analyses,
    is_definite,
    is_elided,
)
from kg.model import EntityType


def grow_organisation(ctx: Context, i: int) -> Candidate | None:
    v, lex = ctx.view, ctx.lex
    hit = lex.stem_in(v.norms[i], lex.org_cues)
    if hit is None:
        return _grow_org_name(ctx, i)
    prefix = hit.prefix
    kind = lex.org_cues[hit.stem]
    definite_cue = hit.stem.startswith("ال")
    j = i + 1
    # "الكونفدرالية الديمغرافية “سيكورا”": the cue's adjectives, then the quoted name
    adj = j
    while (
        adj < j + 2
        and adj + 1 < v.n
        and definite_at(ctx, adj)
        and content(ctx, adj)
        and not lex.is_cue(v.norms[adj])
        and lex.stem_in(v.norms[adj], lex.places) is None
    ):
        adj += 1
    if adj > j and adj < v.n and v.quote[adj]:
        j = adj
    if j < v.n and v.quote[j]:
        close = closing_quote(ctx, j, 8)
        if close <= j + 1:
            return None
        return Candidate(
            EntityType.ORGANISATION, j + 1, 0, close - 1, i, extra=_parenthetical(ctx, close + 1)
        )
    if j < v.n and v.is_latin(j):
        k = j
        while k < v.n and v.is_latin(k):
            k += 1
        k = modifiers(ctx, k, 1)
        return Candidate(EntityType.ORGANISATION, j, 0, k - 1, i, extra=_parenthetical(ctx, k))
    if kind == "product":
        return None
    if not definite_cue and j < v.n and any(a.prep == "ل" for a in analyses(v.norms[j])[1:]):
        return None  # "مؤسسة للسلام", "تحالف لزعماء القبائل": a purpose, not a name
    proper_end = j
    if not definite_cue:
        while (
            proper_end < v.n
            and proper_end - j < 3
            and content(ctx, proper_end)
            and not is_definite(v.norms[proper_end])
            and not blocks_name_at(ctx, proper_end)
            and not v.norms[proper_end][:1].isdigit()
            and not (proper_end > j and len(analyses(v.norms[proper_end])) > 1)
            # an indefinite adjective, not a name: "وكالة تابعة", "شركة ناشئة" (but a
            # person's name may name a company: "مجموعة طلعت مصطفى")
            and not (
                v.norms[proper_end] in lex.common_nouns
                and v.norms[proper_end].endswith(("ه", "ي"))
                and not (proper_end > j and v.norms[proper_end - 1] in lex.given)
            )
        ):
            proper_end += 1
    if j < v.n and v.norms[j] in lex.ordinals:
        return None  # "المجموعة الثانية", "المركز الأول": a rank, not a name
    if kind == "named" and j < v.n and v.norms[j].startswith("ال"):
        pass  # "الأمم المتحدة": a definite cue that names with any definite modifier
    elif definite_cue and not (
        j < v.n
        and (is_nisba(v.norms[j]) or v.norms[j] in lex.naming_adjectives)
        and not analyses(v.norms[j])[1:]
    ):
        if (
            j >= v.n
            or not definite_like(ctx, j)
            or v.norms[j] in lex.ordinals
            or v.norms[j] in lex.stopwords
            or lex.is_title(v.norms[j])
        ):
            # "الشركة" alone refers back to the company named before (kg.entities)
            return Candidate(EntityType.ORGANISATION, i, prefix, i, i, anaphor=True)
        return None  # a named one takes an adjective
    end = modifiers(ctx, proper_end, 9)
    if end == j:
        return None
    extra = _parenthetical(ctx, end)
    quoted = i > 0 and v.quote[i - 1]
    if kind == "company" and proper_end > j and not quoted:
        return Candidate(EntityType.ORGANISATION, j, 0, end - 1, i, extra=extra)
    return Candidate(
        EntityType.ORGANISATION,
        i,
        prefix,
        end - 1,
        i,
        extra=extra,
        elided=is_elided(v.norms[i], hit),
    )


def _grow_org_name(ctx: Context, i: int) -> Candidate | None:
    """An organisation name right after a phrase that announces one ("شركتها الأم
    هينجتونج أوبتيك اليكتريك"): up to three words without the article, then its
    definite modifiers."""
    v = ctx.view
    j = i
    while (
        j < v.n
        and j - i < 3
        and content(ctx, j)
        and not is_definite(v.norms[j])
        and not blocks_name_at(ctx, j)
        and not (j > i and v.norms[j].startswith("و"))
    ):
        j += 1
    if j == i:
        return None
    end = modifiers(ctx, j, 3)
    return Candidate(EntityType.ORGANISATION, i, 0, end - 1, i, extra=_parenthetical(ctx, end))


def _parenthetical(ctx: Context, j: int) -> tuple[tuple[int, int], ...]:
    """A short name in brackets or quotes right after a name: a Latin-script one
    ("(PEACE)"), or one or two Arabic words of :func:`_short_name_word`
    ("منظمة الأقطار المصدرة للنفط « أوبك »", "( الويبو )")."""
    v = ctx.view
    if j + 2 >= v.n or not (v.norms[j] == "(" or v.quote[j]):
        return ()
    if v.is_latin(j + 1):
        k = j + 1
        while k < v.n and v.is_latin(k):
            k += 1
        return ((j + 1, k - 1),) if k < v.n and v.norms[k] == ")" else ()
    k = j + 1
    while k < v.n and k - j <= 2 and _short_name_word(ctx, k):
        k += 1
    if k == j + 1 or k >= v.n or not (v.norms[k] == ")" if v.norms[j] == "(" else v.quote[k]):
        return ()
    return ((j + 1, k - 1),)


def _short_name_word(ctx: Context, k: int) -> bool:
    """Token ``k`` can be a word of an organisation's short name: Arabic, rarer than
    :data:`SHORT_NAME_MAX_ZIPF`, no adjective, function word, place, cue or known
    personal name ("أوبك", "الويبو"; not "الفرنسية")."""
    v, lex = ctx.view, ctx.lex
    norm = v.norms[k]
    if not content(ctx, k) or v.is_latin(k) or len(norm) < 3 or norm[:1].isdigit():
        return False
    return not (
        lex.word_zipf.get(norm, 0.0) >= SHORT_NAME_MAX_ZIPF
        or is_nisba(norm)
        or lex.blocks_name(norm)
        or lex.stem_in(norm, lex.places) is not None
        or norm in lex.given
    )


#: A word in brackets after a name is its short name only when everyday Arabic uses it
#: less than this (Zipf scale): "أوبك" (4.0), not "الاجتماع".
SHORT_NAME_MAX_ZIPF = 4.5


def grow_latin(ctx: Context, i: int) -> Candidate | None:
    v = ctx.view
    if not v.is_latin(i) or (i > 0 and (v.norms[i - 1] == "(" or v.is_latin(i - 1))):
        return None
    k = i
    while k < v.n and v.is_latin(k):
        k += 1
    return Candidate(EntityType.ORGANISATION, i, 0, k - 1, i)


def grow_quoted(ctx: Context, i: int, surface: int) -> Candidate | None:
    v = ctx.view
    if i >= v.n or not v.quote[i]:
        return None
    close = closing_quote(ctx, i, 30)
    if close <= i + 1:
        return None
    return Candidate(ctx.rule.type or EntityType.EVENT, i + 1, 0, close - 1, surface)


def grow_team(ctx: Context, i: int, cue: int) -> Candidate | None:
    """A team after "فريق" or a host/guest noun ("على ضيفه بورتو", "فريق الأرسنال"): a
    name, not a common noun ("فريق العمل") and not a place ("فريق مصر" is the country's)."""
    v = ctx.view
    if i >= v.n or v.punct[i]:
        return None
    if v.is_latin(i):
        return grow_latin(ctx, i)
    return _cueless_org(ctx, i, cue, stop=lambda j: j > i and v.norms[j].startswith("و"))


def grow_body_named(ctx: Context, i: int, cue: int) -> Candidate | None:
    """The body a spokesman speaks for ("المتحدث باسم الفيفا", "الناطق باسم حماس"): a
    name written with its article ("الكرملين"), or one to three words that are no common
    noun; a place or a common noun ("باسم الحكومة") is not taken."""
    v = ctx.view
    if i >= v.n or not content(ctx, i) or v.is_latin(i):
        return None
    cand = _cueless_org(ctx, i, cue, stop=lambda j: v.norms[j].endswith("ا"))
    if cand is None or (not definite_at(ctx, i) and not name_end_ok(ctx, cand.last + 1)):
        return None  # words without the article must end where names end
    return cand


def _cueless_org(
    ctx: Context, i: int, cue: int, *, stop: Callable[[int], bool]
) -> Candidate | None:
    """An organisation with no cue noun of its own, at token ``i``: a name always written
    with its article ("الكرملين") alone, or one to three words without the article that
    are no common noun, ending before a word where ``stop`` holds. A place or a cue noun
    (an organisation the cue rule finds) is none."""
    v, lex = ctx.view, ctx.lex
    norm = v.norms[i]
    if lex.stem_in(norm, lex.places) is not None or lex.is_cue(norm):
        return None
    if definite_at(ctx, i):
        if norm not in lex.definite_names:
            return None
        return Candidate(EntityType.ORGANISATION, i, 0, i, cue)
    j = i
    while j < v.n and j - i < 3 and content(ctx, j) and not definite_at(ctx, j):
        if blocks_name_at(ctx, j) or v.norms[j] in lex.common_nouns or stop(j):
            break
        j += 1
    return None if j == i else Candidate(EntityType.ORGANISATION, i, 0, j - 1, cue)
