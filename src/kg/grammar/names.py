"""What a personal name word looks like (pure): the tests :mod:`kg.grammar.person`
asks of a word before it takes it into a name (a particle, a common word, a city, a
family name with the article, a foreign surname).
"""

from __future__ import annotations

from kg.grammar.shapes import (
    accusative,
    blocks_name_at,
    definite_at,
    name_end_ok,
    strict_stem,
    strong_boundary,
)
from kg.grammar.view import Context, SentView
from kg.lexicon import (
    Lexicon,
    analyses,
    is_definite,
)
from kg.resources import lexicon

NAME_PARTICLES = frozenset(lexicon("name_particles"))  # rules/lexicons/name_particles.txt


# --------------------------------------------------------------------------- word tests


def stem_of(norm: str) -> str:
    """The stem after any proclitics, when the token carries some, else the token."""
    return analyses(norm)[-1].stem if len(analyses(norm)) > 1 else norm


def after_number(v: SentView, i: int, lex: Lexicon) -> bool:
    """Token ``i`` follows a number or a number word ("مليون نسمة", "3 رجال")."""
    if i == 0:
        return False
    prev = v.norms[i - 1]
    return prev[:1].isdigit() or prev in lex.scales


def abd_compound(norm: str) -> bool:
    """عبد written together with a divine name: "عبدالمنصف", "عبدالحميد"."""
    return norm.startswith("عبدال") and len(norm) > 6


def conjoined_name(lex: Lexicon, norm: str) -> bool:
    """و joined to a given name ("ويوسف", "ووائل"): the start of another name."""
    return norm.startswith("و") and len(norm) > 3 and norm[1:] in lex.given


def name_particle(ctx: Context, j: int, *, evidence: str, foreign: bool) -> bool:
    """A short particle inside a foreign name ("إي", "دو", "لا") that looks like a
    function word: taken with the word after it when the name then ends for sure."""
    v = ctx.view
    if not foreign or evidence not in ("title", "nisba") or j + 2 > v.n:
        return False
    if len(v.norms[j]) > 2 or v.punct[j] or j + 1 >= v.n or v.norms[j] in SHORT_FUNCTION_WORDS:
        return False  # "... في موسكو": a preposition is no particle
    nxt = v.norms[j + 1]
    return (
        not is_definite(nxt)
        and not blocks_name_at(ctx, j + 1)
        and not nxt.startswith("و")
        and strong_boundary(ctx, j + 2)
    )


def is_ali(v: SentView, i: int) -> bool:
    """The given name علي (spelt with ya), which normalises like the preposition على."""
    return v.norms[i] == "علي" and v.sentence.tokens[i].text.endswith("ي")


def city_at(ctx: Context, i: int) -> bool:
    """A city name written alone (no clitic, no article): after a title and a nationality
    ("الرئيس الروسي فلاديمير ...") it is a given name of the same spelling."""
    norm, lex = ctx.view.norms[i], ctx.lex
    return not is_definite(norm) and norm in lex.places and norm not in lex.major_places


def strict_name_start(ctx: Context, i: int) -> bool:
    """A word that can open a name found after a weak cue: no article, no tanween, no
    place or cue word, no preposition attached to a definite noun. A word ending in ي
    is taken when the name ends right after it ("قالت ليفني إن"): an adjective would
    follow a noun, and a noun of that shape ("دبلوماسي") usually takes an adjective."""
    norm = ctx.view.norms[i]
    if strict_stem(ctx, norm, i):
        return True
    return (
        norm.endswith("ي")
        and len(norm) >= 4
        and strict_stem(ctx, norm[:-1], i)
        and name_end_ok(ctx, i + 1)
    )


def bare_name_ok(ctx: Context, first: int, last: int) -> bool:
    """A name found without a cue: its second word is a given name (the father's name),
    follows a particle (عبد، أبو، بن), is a family name of the nisba shape (الـ...ي), or
    is an unknown word without the article right before the end of a name."""
    v, lex = ctx.view, ctx.lex
    first_norm = stem_of(v.norms[first])
    second = v.norms[first + 1]
    if first_norm in NAME_PARTICLES or first_norm.endswith("عبد"):
        return second in lex.given or second in lex.family or is_definite(second)
    if abd_compound(second):
        return True
    if second in lex.given and (second not in lex.common_nouns or second in lex.common_given):
        return True  # not "سلام شامل", "زمن طويل": an adjective that is also a name
    if second in lex.family and second.startswith("ال"):
        return True  # "محمد الغيطي", "توفيق الحكيم"
    # a second word without the article that is no known word ("ماريا شارابوفا"),
    # where the name ends for sure
    return (
        last == first + 1
        and not is_definite(second)
        and len(second) >= 3
        and not second.endswith("ه")
        and not accusative(lex, second)
        and strict_stem(ctx, second, first + 1)
        and name_end_ok(ctx, last + 1)
    )


def common_word(ctx: Context, i: int) -> bool:
    """Token ``i`` reads as a common word with a clitic or an ending, not as a name: ب/ل
    + a word (no given name) more frequent than the whole ("لتوفير", "بتشكيل"; not
    "لحود"), a nationality without
    the article ("عراقي", "مصرية"), or a noun + the pronoun ه ("عمه", "سيره")."""
    v, lex = ctx.view, ctx.lex
    norm, zipf = v.norms[i], lex.word_zipf
    for a in analyses(norm):
        if a.prep not in ("ب", "ل") or len(a.stem) < 3 or a.stem in lex.given:
            continue
        if a.stem.startswith("ي") or lex.is_function_word(a.stem):
            continue  # "ليفني" is no ل + يفني
        if zipf.get(a.stem, 0.0) > zipf.get(norm, 0.0):
            return True
    if not is_definite(norm) and "ال" + norm in lex.nationalities:
        return True
    if v.sentence.tokens[i].text.endswith("ه") and len(norm) >= 3:
        stem = norm[:-1]
        return stem in lex.common_nouns and zipf.get(stem, 0.0) > zipf.get(norm, 0.0)
    return False


def foreign_surname_ok(ctx: Context, k: int) -> bool:
    """The word after a foreign given name found without a cue can be its surname: no
    article, no accusative ending, not a cue or function word, and the name ends after
    it ("دينيس هوانغ من ...", "جيما أرياس \" ...")."""
    v, lex = ctx.view, ctx.lex
    norm = v.norms[k]
    if definite_at(ctx, k) or len(norm) < 3 or accusative(lex, norm) or v.is_latin(k):
        return False
    return (lex.is_personal_name(norm) or strict_stem(ctx, norm, k)) and name_end_ok(ctx, k + 1)


SHORT_FUNCTION_WORDS = frozenset(
    lexicon("short_function_words")
)  # rules/lexicons/short_function_words.txt
