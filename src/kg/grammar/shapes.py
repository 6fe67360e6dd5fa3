"""Word-shape tests the growers share (pure): boundaries of a name, definite and
content words, nisba adjectives, the modifiers an event or organisation name takes, the
topic of an agreement ("بشأن ..."), closing quotes.
"""

from __future__ import annotations

from kg.grammar.view import Context
from kg.lexicon import (
    Lexicon,
    analyses,
    is_definite,
)
from kg.resources import lexicon

TITLE_WORDS = frozenset(lexicon("title_words"))  # rules/lexicons/title_words.txt
TOPIC_WORDS = frozenset(lexicon("topic_prepositions"))  # rules/lexicons/topic_prepositions.txt
PLACE_PREPOSITIONS = frozenset(
    lexicon("place_prepositions")
)  # rules/lexicons/place_prepositions.txt


def blocks_name_at(ctx: Context, i: int) -> bool:
    """True where a personal name cannot continue: punctuation, function or cue words."""
    v, lex = ctx.view, ctx.lex
    if i >= v.n or v.punct[i]:
        return True
    norm = v.norms[i]
    if lex.blocks_name(norm) or _prep_with_pronoun(norm, lex) or norm in lex.verbs:
        return True
    return lex.may_open_agreement(norm) and agreement_at(ctx, i) is not None


def _prep_with_pronoun(norm: str, lex: Lexicon) -> bool:
    """ب and a noun with a possessive pronoun or a ta marbuta (both end in ه once
    normalised): "بفوزه", "بتغلبه", "بمشاركته", "بمساحة", or a noun beginning with ب
    and a pronoun ("بلاده"): never a name. The noun must be a word Arabic uses, so that a
    foreign name of that shape ("بويانيه", "بطوطة") is not read so."""
    if not norm.startswith("ب") or len(norm) < 5:
        return False
    suffix = next((p for p in _PRONOUNS_LONGEST if norm.endswith(p)), "")
    if not suffix:
        return False
    zipf = lex.word_zipf
    noun = norm[1 : -len(suffix)]
    # a ta marbuta is written ت before the pronoun: "بمشاركته" is ب + مشاركة + ه
    return (
        norm[1:] in zipf
        or noun in zipf
        or (noun.endswith("ت") and noun[:-1] + "ه" in zipf)
        or norm[: -len(suffix)] in zipf  # a noun whose ب is its own: "بلاده"
    )


def strong_boundary(ctx: Context, i: int) -> bool:
    """Punctuation, a role noun or an honorific: what closes a name for sure."""
    v, lex = ctx.view, ctx.lex
    if i >= v.n or (v.punct[i] and not v.quote[i]):
        return True
    return lex.is_title(v.norms[i])


def definite_at(ctx: Context, i: int) -> bool:
    """Token ``i`` carries the article ال (which is never written with a hamza)."""
    return is_definite(ctx.view.norms[i]) and not ctx.view.hamza_al[i]


def definite_like(ctx: Context, i: int) -> bool:
    """Definite noun or adjective, or a place name (proper nouns are definite)."""
    norm = ctx.view.norms[i]
    return definite_at(ctx, i) or ctx.lex.stem_in(norm, ctx.lex.places) is not None


def content(ctx: Context, i: int) -> bool:
    """A word that can sit inside a name: not punctuation, not a function word."""
    v = ctx.view
    if i >= v.n or v.punct[i]:
        return False
    norm = v.norms[i]
    return norm not in ctx.lex.stopwords and norm not in ctx.lex.boundaries


def agreement_at(ctx: Context, i: int) -> tuple[int, str, int] | None:
    """(end token exclusive, kind, prefix) when an agreement head starts at token ``i``."""
    v = ctx.view
    best = None
    heads = ctx.lex.agreement_heads
    for a in analyses(v.norms[i]):
        for head, kind in heads.get(a.stem, ()):
            if i + len(head) > v.n:
                continue
            if tuple(v.norms[i + 1 : i + len(head)]) == head[1:] and (
                best is None or len(head) > best[0] - i
            ):
                best = (i + len(head), kind, a.prefix)
    return best


# --------------------------------------------------------------------------- chains


def is_nisba(norm: str) -> bool:
    """A definite relational adjective: المصري، الصينية، الدولي، العالمية."""
    stem = analyses(norm)[-1].stem if len(analyses(norm)) > 1 else norm
    return stem.startswith("ال") and stem.endswith(("ي", "يه", "يون", "يين", "يات"))


TEENS = frozenset(lexicon("teen_ordinals"))  # rules/lexicons/teen_ordinals.txt


def modifiers(ctx: Context, j: int, limit: int) -> int:
    """Extend a construct chain from token ``j``; return the index after its last token.

    Accepts definite nouns and adjectives (with و/ل attached), place names, and an
    indefinite noun that is conjoined or governed by ل when a definite word follows it
    ("وتكنولوجيا المعلومات", "لربط الشبكات"). Once a prepositional phrase with ل is
    complete ("للاتصالات", "لربط الشبكات"), only adjectives (nisba) and conjoined words
    continue the chain, so "الشركة المصرية للاتصالات الكابل" stops before "الكابل". A
    word with ب or ك attached ends it ("مجلس الأمن بالإجماع"), unless it is a place name
    itself ("بعقوبة").
    """
    v, lex = ctx.view, ctx.lex
    stop = min(v.n, j + limit)
    closed = False
    while j < stop:
        norm = v.norms[j]
        if j + 1 < stop and (norm, v.norms[j + 1]) in lex.adjective_constructs:
            j += 2  # "رفيع المستوى": one adjective
            continue
        if not content(ctx, j) or v.quote[j]:
            break
        if norm in TEENS and j > 0 and v.norms[j - 1] in lex.ordinals:
            j += 1  # "الثانية عشرة": a compound ordinal
            continue
        an = analyses(norm)
        if (
            any(
                a.prefix
                and (a.stem in lex.org_cues or a.stem in lex.honorifics or a.stem in lex.event_cues)
                for a in an
            )
            or norm in lex.roles
            or norm in lex.honorifics
            or lex.is_possessed_cue(norm)
        ):
            break
        if agreement_at(ctx, j) is not None:
            break
        conj = any(a.conj for a in an[1:])
        prep_l = any(a.prep == "ل" for a in an[1:])
        if any(
            a.stem in lex.places
            and (a.prep == "ب" or (a.conj and lex.stem_in(v.norms[j - 1], lex.places) is None))
            for a in an[1:]
        ):
            # "حزب الله وإسرائيل", "... بسوريا": another entity, or where it is; a list of
            # places stays in the name ("باكستان وشرق أفريقيا وأوروبا")
            break
        if an[-1].prep in ("ب", "ك") and norm not in lex.places:
            break  # "مجلس الأمن بالتعاون مع", "حزب الله بالقرب من": a phrase of the verb
        if definite_like(ctx, j):
            place = ctx.lex.stem_in(norm, ctx.lex.places) is not None
            if closed and not (conj or is_nisba(norm) or place):
                break
            if prep_l and is_definite(norm):
                closed = True
            j += 1
            continue
        if (conj or prep_l) and j + 1 < stop and definite_like(ctx, j + 1) and content(ctx, j + 1):
            j += 2
            closed = closed or prep_l
            continue
        break
    return j


def closing_quote(ctx: Context, j: int, limit: int) -> int:
    """Index of the quote closing the one at ``j`` (or the end of a run of words)."""
    v = ctx.view
    k = j + 1
    while k < v.n and k <= j + limit:
        if v.quote[k]:
            return k
        if v.norms[k] in {".", "؟", "?", "!"} and (k + 1 >= v.n or not v.quote[k + 1]):
            return k
        k += 1
    return k  # unterminated: up to the end of the sentence


def strict_stem(ctx: Context, norm: str, i: int) -> bool:
    lex = ctx.lex
    if (
        (is_definite(norm) and not ctx.view.hamza_al[i])
        or "\u064b" in ctx.view.sentence.tokens[i].text
        or norm[:1].isdigit()
    ):
        return False
    if len(norm) < 2 or lex.is_cue(norm) or lex.is_function_word(norm):
        return False
    if lex.is_personal_name(norm):
        return True
    if lex.stem_in(norm, lex.places) is not None:
        return False
    if norm in lex.verbs or accusative(lex, norm):
        return False  # "تعكس", "اتصالا هاتفيا": a verb or an accusative noun
    # an indefinite adjective ("مسؤول كبير", "مسؤول عراقي") or a noun with a pronoun
    # attached to its ta marbuta ("رغبته", "حكومتها")
    return not norm.endswith(("ي", "ته", "تها", "تهم"))


def name_end_ok(ctx: Context, j: int) -> bool:
    """True where a name found after a weak cue may end: the end of the sentence,
    punctuation, a function word, a role noun or an honorific."""
    v, lex = ctx.view, ctx.lex
    if j >= v.n or v.punct[j] or v.norms[j][:1].isdigit():
        return True
    norm = v.norms[j]
    an = analyses(norm)
    if any(a.conj and not a.prep and is_definite(a.stem) for a in an[1:]) and not v.hamza_al[j]:
        return True  # a conjoined definite noun: "ألبرت ميكلسون والكيميائي ..."
    return (
        norm in lex.stopwords
        or norm in lex.boundaries
        or any(a.stem in lex.stopwords or a.stem in lex.boundaries for a in analyses(norm)[1:])
        or strong_boundary(ctx, j)
    )


def accusative(lex: Lexicon, norm: str) -> bool:
    """``norm`` reads as an indefinite noun in the accusative ("اجتماعا", "برنامجا"): it
    ends in ا after a common noun or a word more frequent than itself; a name that ends
    in ا ("سابا", "غارسيا") does not."""
    if not norm.endswith("ا") or len(norm) < 3:
        return False
    stem = norm[:-1]
    return stem in lex.common_nouns or lex.word_zipf.get(stem, 0.0) > lex.word_zipf.get(norm, 0.0)


def topic_end(ctx: Context, j: int, limit: int = 12) -> int:
    """End of a topic phrase ("حول بناء أنظمة ...", "بشأن تعزيز ...")."""
    v, lex = ctx.view, ctx.lex
    k = j
    while k < v.n and k - j < limit:
        norm = v.norms[k]
        if v.punct[k] or norm in lex.boundaries or norm in TITLE_WORDS:
            break
        if norm in {"مع", "بهدف"} or any(a.stem in lex.boundaries for a in analyses(norm)[1:]):
            break
        k += 1
    return k


#: The word "son of" inside a name; "ابن" is also the noun "son" ("ابن عشر سنين").
SON_OF = frozenset({"بن"})
COMMAS = frozenset({"،", ","})
PRONOUNS = ("ه", "ها", "هم", "هما")
_PRONOUNS_LONGEST = tuple(sorted(PRONOUNS, key=len, reverse=True))
