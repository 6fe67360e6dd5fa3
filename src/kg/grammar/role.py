"""Role phrases as the mention growers read them (pure): a title at a token, where a
role phrase after a name ends ("X، وزير الخارجية المغربي،").
"""

from __future__ import annotations

from kg.grammar.shapes import (
    blocks_name_at,
    closing_quote,
    definite_at,
    definite_like,
    strong_boundary,
)
from kg.grammar.view import Context, source_text
from kg.lexicon import (
    analyses,
    is_definite,
)

#: Prepositions inside a role phrase: "سفير فرنسا لدى الأمم المتحدة", "مدير المبيعات في الشركة".
ROLE_LINKS = frozenset({"في", "ب", "لدي"})


def two_unknown_words_then_role(ctx: Context, j: int) -> bool:
    """Tokens ``j`` and ``j + 1`` are name-like words (no article, clitic, number, tanween
    or known word class) and a role noun or honorific follows them."""
    v, lex = ctx.view, ctx.lex
    if j + 2 >= v.n or not strong_boundary(ctx, j + 2) or v.punct[j + 2]:
        return False
    for k in (j, j + 1):
        norm = v.norms[k]
        if (
            blocks_name_at(ctx, k)
            or definite_at(ctx, k)
            or norm[:1].isdigit()
            or norm in lex.common_nouns
            or norm.startswith("و")
            or "\u064b" in v.sentence.tokens[k].text
        ):
            return False
    return True


def role_after(ctx: Context, j: int) -> tuple[str | None, int]:
    """The role phrase right after a name ("وزير الاتصالات ...") as written, and the
    index of its last token."""
    v, lex = ctx.view, ctx.lex
    if j >= v.n or v.norms[j] not in lex.roles:
        return None, j
    end = role_end_at(ctx, j)
    return source_text(v, j, max(end, j + 1) - 1), max(end, j + 1) - 1


def role_end_at(ctx: Context, j: int) -> int:
    """End (exclusive) of a role phrase starting with its head noun at ``j``."""
    ends = ctx.role_ends
    end = ends.get(j)
    if end is None:
        # an unterminated quote inside the phrase runs to the end of the sentence
        end = ends[j] = min(_find_role_end(ctx, j), ctx.view.n)
    return end


def _find_role_end(ctx: Context, j: int) -> int:
    v, lex = ctx.view, ctx.lex
    k = j + 1
    if k < v.n and f"{analyses(v.norms[j])[-1].stem} {v.norms[k]}" in lex.role_phrases:
        k += 1  # "الأمين العام", "رئيس الوزراء"
    while k < v.n and k - j < 18:
        norm = v.norms[k]
        if v.punct[k] and not v.quote[k]:
            break
        if v.quote[k]:
            close = closing_quote(ctx, k, 6)
            k = close + 1
            continue
        if norm in lex.roles or (
            norm in ROLE_LINKS
            and k + 1 < v.n
            and (definite_like(ctx, k + 1) or lex.stem_in(v.norms[k + 1], lex.place_cues))
        ):
            k += 1
            continue
        if norm == "باسم" and k + 1 < v.n and not v.punct[k + 1]:
            k += 2  # "المتحدث باسم الخارجية", "المتحدث باسم حماس"
            continue
        if norm.startswith("و") and norm[1:] in lex.roles and k + 1 < v.n and not v.punct[k + 1]:
            k += 1  # a second title: "رئيس شركة ... ورئيس العمليات في ..."
            continue
        if norm.startswith("و") and any(
            a.stem in lex.honorifics or a.stem in lex.given for a in analyses(norm)[1:]
        ):
            break
        if norm in lex.stopwords or norm in lex.boundaries:
            break
        if lex.stem_in(norm, lex.org_cues) or _role_word(ctx, k):
            k += 1
            continue
        if lex.stem_in(norm, lex.place_cues) and k + 1 < v.n and definite_like(ctx, k + 1):
            k += 1  # "في منطقة الشرق الأوسط"
            continue
        if (
            any(a.conj or a.prep in ("ب", "ل") for a in analyses(norm)[1:])
            and norm not in lex.given
            and norm not in lex.family
            and k + 1 < v.n
            and (is_definite(v.norms[k + 1]) or lex.stem_in(v.norms[k + 1], lex.major_places))
        ):
            k += 1
            continue
        cue = lex.stem_in(v.norms[k - 1], lex.org_cues) if k > j else None
        if k > j and (v.is_latin(k) or (cue is not None and not cue.stem.startswith("ال"))):
            k += 1  # "رئيس شركة فودافون" (not "رئيس الشركة باتريك ...": it is named)
            continue
        break
    return k


def _role_word(ctx: Context, k: int) -> bool:
    """A word that continues a role phrase: a definite noun or adjective, a country or
    region, or a city after a place noun or preposition. A city name right after the
    title may be a foreign given name instead ("الرئيس الروسي فلاديمير ...")."""
    v, lex = ctx.view, ctx.lex
    norm = v.norms[k]
    if definite_at(ctx, k) or lex.stem_in(norm, lex.major_places) is not None:
        return True
    if lex.stem_in(norm, lex.places) is None:
        return False
    prev = v.norms[k - 1]
    return prev in ROLE_LINKS or lex.stem_in(prev, lex.place_cues) is not None


def title_at(ctx: Context, k: int) -> str | None:
    """The honorific or title at token ``k`` (with و/ف attached or not), if any."""
    hit = ctx.lex.stem_in(ctx.view.norms[k], ctx.lex.honorifics)
    return None if hit is None else hit.stem
