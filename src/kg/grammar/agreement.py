"""Growers of agreements (pure): an agreement head ("مذكرة تفاهم", "اتفاقية") with its
subject ("بشأن ...", "لـ...") or its parties ("بين ... و/مع ..."); the members of an
itemised list ("الأولى ... والثانية ..."); the counted totals that make no entity.
"""

from __future__ import annotations

from kg.grammar.shapes import (
    COMMAS,
    TOPIC_WORDS,
    agreement_at,
    blocks_name_at,
    content,
    modifiers,
    topic_end,
)
from kg.grammar.view import Candidate, Context, source_text
from kg.lexicon import (
    analyses,
    is_definite,
)
from kg.model import AgreementKind, EntityType
from kg.resources import lexicon

_PARTY_WORDS = frozenset(lexicon("party_prepositions"))  # rules/lexicons/party_prepositions.txt


def grow_agreement(ctx: Context, i: int) -> Candidate | None:
    """An agreement named by its head noun (مذكرة تفاهم، اتفاقية، عقد، بروتوكول ...).

    * After a number ("19 مذكرة تفاهم", "ثلاث اتفاقيات") it is a bare total: no
      mention (the relation stage reads the total, and the agreements it itemises are
      mentions of their own).
    * After a collective quantifier ("عدة اتفاقيات", "مجموعة من العقود") it is the set,
      an agreement of its own; after "إحدى تلك" one member of a set named before.
    * A definite head with an ordinal ("المذكرة الأولى", "الاتفاقية الثانية") is one
      member of an itemised set; without one it refers back ("الاتفاقية").
    * An indefinite head needs a signing word in its sentence that is not in the future
      ("سيتم توقيع ..." signs nothing yet); it takes its qualifier ("اتفاقية استثمار"),
      modifiers, and its topic ("بشأن ...", "حول ...", "في مجال ...") or parties ("بين
      ... و ...", "مع ..."). The head with its qualifier is kept as a shorter name.
    """
    v, lex = ctx.view, ctx.lex
    head = agreement_at(ctx, i)
    if head is None:
        return None
    j, kind_name, prefix = head
    kind = AgreementKind(kind_name)
    first_stem = v.norms[i][prefix:]
    quantity, q_first = _quantity_before(ctx, i)
    bare_head = first_stem.removeprefix("ال")
    if (
        j - i == 1
        and j < v.n
        and ((blocks_name_at(ctx, j) and not v.punct[j]) or v.norms[j] == "علي")
        # a verb or function word after a definite head is the sentence's: "الاتفاقية
        # تنص على ...", "ووقع على الاتفاقية كل من ..." (but "الاتفاق على" is agreeing)
        and not (
            first_stem.startswith("ال")
            and v.norms[j] != "علي"
            and (v.norms[j] in lex.verbs or v.norms[j] in lex.stopwords or v.punct[j])
        )
        # "اتفاقية مع شركة ...", "عدة اتفاقيات مع ...": its party (but "عقد مع نظيره
        # لقاء" is holding)
        and not (
            (
                v.norms[j] in _PARTY_WORDS
                or v.norms[j] in TOPIC_WORDS
                or quantity
                or lex.stem_in(v.norms[j], lex.agreement_adjectives) is not None
            )
            and bare_head != "عقد"
        )
    ):
        return None  # "عقد الدكتور ..." (held), "الاتفاق على ..." (agreeing on)
    if quantity == "count":
        return None
    definite = first_stem.startswith("ال") or (j > i + 1 and v.norms[j - 1].startswith("ال"))
    if definite and quantity is None:
        if j < v.n and v.norms[j] in lex.ordinals:
            end = j + 1
            if end < v.n and v.norms[end] in ("عشر", "عشره"):
                end += 1  # "الثانية عشرة"
            return Candidate(EntityType.AGREEMENT, i, prefix, end - 1, i, kind=kind, note="member")
        return Candidate(EntityType.AGREEMENT, i, prefix, j - 1, i, kind=kind, anaphor=True)
    if quantity == "member":
        return Candidate(EntityType.AGREEMENT, q_first, 0, j - 1, q_first, kind=kind, note="member")
    if not ctx.signing:
        return None
    if _is_holding(ctx, i, j):
        return None  # "بجانب عقد سلسلة من الاجتماعات": holding, not a contract
    end = j
    # "بروتوكول اتفاق آخر بين ...", "اتفاقية جديدة مع ...": an adjective of the head
    while end < v.n and lex.stem_in(v.norms[end], lex.agreement_adjectives) is not None:
        end += 1
    # an indefinite qualifier of a one-word head: "اتفاقية عبور", "عقد توريد"
    if (
        j - i == 1
        and end < v.n
        and content(ctx, end)
        and not is_definite(v.norms[end])
        and not blocks_name_at(ctx, end)
        and v.norms[end] not in TOPIC_WORDS
        and v.norms[end] not in _PARTY_WORDS
        and not v.norms[end][:1].isdigit()
    ):
        end += 1
    end = modifiers(ctx, end, 6)
    core_end = end
    if end < v.n and (
        v.norms[end] in TOPIC_WORDS
        or (v.norms[end] == "في" and end + 1 < v.n and v.norms[end + 1] == "مجال")
    ):
        end = topic_end(ctx, end + 1)
    elif (
        end < v.n
        and v.norms[end] in _PARTY_WORDS
        and quantity is None
        and (
            end <= j + 1
            or all(
                lex.stem_in(v.norms[t], lex.agreement_adjectives) is not None for t in range(j, end)
            )
        )
    ):
        end = _parties_end(ctx, end + 1)
    elif (
        end < v.n
        and any(a.prep == "ل" for a in analyses(v.norms[end])[1:])
        and (not is_definite(v.norms[end]))
    ):
        end = topic_end(ctx, end + 1, limit=6)  # "اتفاقية لتمويل مشروع ..."
    short = None
    if end > core_end and quantity is None:
        short = source_text(v, i, core_end - 1)
    # a set ("مجموعة من العقود الاستراتيجية") is named by its noun phrase, so that the
    # text's other counts of it ("عدد من العقود الاستراتيجية") name the same entity
    return Candidate(
        EntityType.AGREEMENT,
        i,
        prefix,
        end - 1,
        i if quantity is None else q_first,
        kind=kind,
        short=short,
        note="collective" if quantity == "collective" else "",
    )


def grow_agreement_item(ctx: Context, i: int) -> Candidate | None:
    """An ordinal opening one member of a counted total earlier in the sentence
    ("جرى التوقيع على 3 اتفاقيات، تهم الأولى ...، والثانية بين ...، والثالثة ..."):
    the member runs to the next punctuation. The ordinal must stand where a noun
    phrase opens (after و, a comma or a verb), not after a noun it qualifies."""
    v, lex = ctx.view, ctx.lex
    norm = v.norms[i]
    conj = norm[:1] in ("و", "ف") and norm[1:] in lex.ordinals
    if not conj and norm not in lex.ordinals:
        return None
    prev = v.norms[i - 1] if i > 0 else ""
    if not (conj or prev in COMMAS or prev in lex.clause_openers or prev in lex.verbs):
        return None
    total = None
    for k in range(i - 1, -1, -1):
        if lex.may_open_agreement(v.norms[k]) and agreement_at(ctx, k) is not None:
            if _quantity_before(ctx, k)[0] == "count":
                total = k
            break
    if total is None:
        return None
    head = agreement_at(ctx, total)
    assert head is not None
    end = i + 1
    while end < v.n and end - i < 12 and not (v.punct[end] and not v.quote[end]):
        end += 1
    return Candidate(
        EntityType.AGREEMENT,
        i,
        1 if conj else 0,
        end - 1,
        i,
        kind=AgreementKind(head[1]),
        note="member",
    )


def _quantity_before(ctx: Context, i: int) -> tuple[str | None, int]:
    """What the words before an agreement head say of how many: ``"count"`` after a
    number ("19 مذكرة", "الـ30 اتفاقية", "ثلاث اتفاقيات"), ``"collective"`` or
    ``"member"`` after a quantifier of lexicons/agreement_quantifiers.txt (with the
    index of its first word), else None."""
    v, lex = ctx.view, ctx.lex
    if lex.stem_in(v.norms[i], lex.agreement_duals) is not None:
        return "count", i  # "مذكرتي تفاهم", "عقدين": two, counted
    if i == 0:
        return None, i
    prev = v.norms[i - 1]
    if prev[:1].isdigit() or lex.stem_in(prev, lex.number_words) is not None:
        return "count", i
    if v.norms[i][:1] == "و" and _counted_before(ctx, i):
        return "count", i  # "15 بروتوكول اتفاق وعقدين ومذكرة تفاهم": one list, counted
    table = lex.agreement_quantifiers
    for width in (2, 1):
        if i - width < 0:
            continue
        words = tuple(v.norms[i - width : i])
        first = analyses(words[0])
        for a in first:
            key = " ".join((a.stem, *words[1:]))
            if key in table and not a.prep:
                return table[key], i - width
    return None, i


def _counted_before(ctx: Context, i: int) -> bool:
    """The agreement heads coordinated before token ``i`` open with a number."""
    v, lex = ctx.view, ctx.lex
    k = i - 1
    while k >= 0 and i - k <= 8:
        norm = v.norms[k]
        if norm[:1].isdigit() or lex.stem_in(norm, lex.number_words) is not None:
            return True
        if not (
            lex.may_open_agreement(norm)
            or any(
                norm in head or norm[1:] in head
                for heads in lex.agreement_heads.values()
                for head, _ in heads
            )
        ):
            return False
        k -= 1
    return False


def _is_holding(ctx: Context, i: int, j: int) -> bool:
    """The bare head "عقد" as the verbal noun of holding ("بجانب عقد سلسلة من
    الاجتماعات", "عقد لقاء"): a contract is signed right there or qualified."""
    v, lex = ctx.view, ctx.lex
    if analyses(v.norms[i])[-1].stem != "عقد" or j != i + 1 or j >= v.n:
        return False
    if i > 0 and lex.is_signing(v.norms[i - 1]):
        return False
    nxt = v.norms[j]
    return (
        nxt not in lex.contract_qualifiers and nxt not in _PARTY_WORDS and nxt not in (TOPIC_WORDS)
    )


def _parties_end(ctx: Context, j: int) -> int:
    """End of "بين X و Y" / "مع X": names joined by و or مع, until punctuation."""
    v, lex = ctx.view, ctx.lex
    k = j
    while k < v.n and k - j < 12:
        norm = v.norms[k]
        if v.punct[k] and not v.quote[k]:
            break
        if norm in lex.boundaries or (norm in lex.stopwords and norm not in _PARTY_WORDS):
            break
        k += 1
    return k
