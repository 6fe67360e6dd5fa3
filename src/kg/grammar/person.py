"""Growers of persons (pure): a name after a title, a nationality or a reporting verb
(``person``), a name known only by its shape (``person_bare``), after a role phrase, set off
by commas, before an apposition, a kunya ("أبو ..."), a patronym around "بن", a name before
a nationality adjective; and the tests of what a personal name word looks like.
"""

from __future__ import annotations

from dataclasses import replace

from kg.grammar.names import (
    NAME_PARTICLES,
    abd_compound,
    after_number,
    bare_name_ok,
    city_at,
    common_word,
    conjoined_name,
    foreign_surname_ok,
    is_ali,
    name_particle,
    strict_name_start,
)
from kg.grammar.role import (
    ROLE_LINKS,
    role_after,
    role_end_at,
    title_at,
    two_unknown_words_then_role,
)
from kg.grammar.shapes import (
    COMMAS,
    PRONOUNS,
    SON_OF,
    blocks_name_at,
    content,
    definite_at,
    definite_like,
    is_nisba,
    name_end_ok,
    strict_stem,
    strong_boundary,
)
from kg.grammar.view import Candidate, Context, source_text
from kg.lexicon import (
    analyses,
    is_definite,
)
from kg.model import EntityType
from kg.resources import lexicon

_INNER_PARTICLES = frozenset(
    lexicon("inner_name_particles")
)  # rules/lexicons/inner_name_particles.txt
_MAX_NAME = 6
#: A word with the article after a given name is a family name ("عبدالعزيز الدعيلج")
#: when everyday Arabic uses it less than this (Zipf scale) and it is no common noun.
_FAMILY_WITH_ARTICLE_MAX_ZIPF = 3.0


# --------------------------------------------------------------------------- growers


def grow_person(
    ctx: Context, i: int, *, evidence: str, surface: int | None = None
) -> Candidate | None:
    """Grow a personal name from token ``i``; ``evidence`` says what announced it.

    * ``bare``: nothing; the name must start with a common given name.
    * ``title``: an honorific (السيد، الدكتور): the words up to a role noun, a
      function word or punctuation.
    * ``nisba``: a title or role followed by a nationality adjective ("الرئيس
      الأمريكي ..."): at most two unknown words, plus known name words.
    * ``nationality``: a nationality used as a noun ("الفرنسي ..."): as ``weak``, but a
      definite apposition may follow the name.
    * ``weak``: a reporting verb, a role phrase, a title also used as a plain noun
      ("اللاعب"): the name must not be a place or a definite noun, and must end where
      names end (a function word, punctuation, a role noun) unless it opens with a
      known name.
    """
    v, lex = ctx.view, ctx.lex
    bare = evidence == "bare"
    strict = evidence in ("weak", "nisba", "nationality")
    if i >= v.n or v.is_latin(i):
        return None
    if bare and not lex.opens_given_name[v.norms[i]]:
        return None
    first = v.norms[i]
    if len(first) < 2:
        return None
    if not bare and conjoined_name(lex, first):
        return None  # "السيد وتامر ...": a title does not govern the next conjunct
    if blocks_name_at(ctx, i) and not (evidence != "bare" and is_ali(v, i)):
        return None
    if first in lex.frequent_words and first not in lex.given and not is_ali(v, i):
        return None  # "الرئيس وصل", "السيد للحصول": an everyday word opens no name
    if not bare and first not in lex.given and not lex.foreign_given(first) and common_word(ctx, i):
        return None  # "الحاجة لتوفير", "مسؤول عراقي", "ابنة عمه"
    if bare and i + 1 < v.n and f"{first} {v.norms[i + 1]}" in lex.honorifics:
        return None  # "صاحب السمو"
    if bare and (first in lex.hijri_months or after_number(v, i, lex)):
        return None  # "شهر رمضان", "مليون نسمة": a month, a count
    prefix = 0
    foreign_first = False  # a foreign given name without a cue ("دينيس هوانغ")
    if bare:
        hit = next((a for a in analyses(first) if a.stem in lex.common_given and not a.prep), None)
        if hit is None and not definite_at(ctx, i):
            hit = next(
                (a for a in analyses(first) if lex.foreign_given(a.stem) and not a.prep), None
            )
            foreign_first = hit is not None
        if hit is None or definite_at(ctx, i):
            return None
        prefix, first = hit.prefix, hit.stem
    if (
        strict
        and not strict_name_start(ctx, i)
        # after a title and a nationality ("وزير الخارجية الروسي سيرغي ...") a word
        # ending in ي opens the name: an indefinite adjective cannot follow there
        and not (
            evidence in ("nisba", "nationality")
            and (city_at(ctx, i) or (first.endswith("ي") and strict_stem(ctx, first[:-1], i)))
        )
    ):
        return None
    foreign = first not in lex.given
    known_first = not foreign or first in lex.family or lex.foreign_given(first)
    if foreign and definite_at(ctx, i):
        # "الرئيس السنيورة فقد ...": a family name with the article after a title
        if (
            evidence != "title"
            or is_nisba(first)
            or lex.is_cue(first)
            or not name_end_ok(ctx, i + 1)
        ):
            return None
        return _person(ctx, i, i, prefix, surface)
    j = i + 1
    unknown_used = False
    unknown = 0 if known_first else 1
    limit = 3 if evidence in ("weak", "nationality") and not known_first else _MAX_NAME
    while j < v.n and j - i < limit and not v.norms[j][:1].isdigit():
        norm = v.norms[j]
        prev = v.norms[j - 1]
        if blocks_name_at(ctx, j):
            if is_ali(v, j) and prev in lex.given and name_end_ok(ctx, j + 1):
                j += 1  # "محمد علي مدير ..."
                continue
            if name_particle(ctx, j, evidence=evidence, foreign=foreign):
                j += 2  # "بليس أجويرا إي أركاس نائب ..."
                continue
            break
        if conjoined_name(lex, norm):
            break  # "أسامة حسن ويوسف حمدي": the next name of a list
        known = norm in lex.given or norm in lex.family
        if (
            definite_at(ctx, j)
            and (prev in lex.given or abd_compound(prev))
            and j - i == 1
            and norm[2:] not in lex.common_nouns
            and lex.word_zipf.get(norm, 0.0) < _FAMILY_WITH_ARTICLE_MAX_ZIPF
            and lex.word_zipf.get(norm[2:], 0.0) < _FAMILY_WITH_ARTICLE_MAX_ZIPF
            and not is_nisba(norm)
            and not lex.is_cue(norm)
            and lex.stem_in(norm, lex.places) is None
            and name_end_ok(ctx, j + 1)
        ):
            j += 1  # "عبدالعزيز الدعيلج": a family name with the article
            break
        if norm in lex.ordinals:
            j += 1  # "عبدالله الثاني", "تشارلز الأول"
            break
        if norm in _INNER_PARTICLES and j + 1 < v.n and not blocks_name_at(ctx, j + 1):
            j += 2  # "محمد سالم ولد مرزوك": the particle and the name after it
            continue
        if prev in NAME_PARTICLES or prev.endswith("عبد") or abd_compound(norm):
            j += 1
            continue
        if norm.startswith("و") and not known:
            break
        if known and not foreign:
            j += 1
            continue
        if (strict and not known_first and norm in lex.places) or norm in lex.major_places:
            break  # "الإمبراطور نابليون فرنسا ...": a country does not continue a name
        if strict and known_first and not known and norm.endswith("ا"):
            break  # an accusative noun after the name: "مها أحمد برنامجا"
        if evidence == "nisba" and not definite_at(ctx, j):
            if not known:
                unknown += 1
            if unknown > 2:
                break
            j += 1
            continue
        if not bare and not known and norm not in lex.common_given:
            if norm in lex.common_nouns:
                break  # "ألونسو متسابق فريق ...": a common noun after the name
            if foreign and definite_at(ctx, j) and norm[2:] in lex.common_nouns and j - i >= 2:
                break  # "الرئيس فلاديمير بوتين الوفد": a definite noun after a foreign name
        if (foreign or strict) and not definite_at(ctx, j) and not (strict and j - i >= 3):
            j += 1
            continue
        if (
            not unknown_used
            and not strict
            and j - i <= 2
            and (
                strong_boundary(ctx, j + 1)
                or (
                    j + 1 < v.n
                    and v.norms[j + 1] in lex.stopwords
                    and not norm.endswith("ا")  # an accusative noun: "اجتماعا مع"
                )
            )
            and "\u064b" not in v.sentence.tokens[j].text
        ):
            unknown_used = True
            j += 1
            continue
        if (
            not unknown_used
            and evidence == "title"
            and j - i == 1
            and two_unknown_words_then_role(ctx, j)
        ):
            # "السيد جان لوك بيرنار رئيس شركة ...": a title, then a name of three words
            # that a role noun closes
            unknown_used = True
            j += 2
            continue
        break
    last = j - 1
    while last > i and v.norms[last] in NAME_PARTICLES:
        last -= 1
    if bare and foreign_first:
        # one more word, without the article and not a known word class, then the end
        if last != i + 1 or not foreign_surname_ok(ctx, last):
            return None
    elif bare and last == i:
        # a given name alone ("عثمان", "محمد") when Arabic does not use it as a common
        # noun or adjective ("كريم", "جمال", "أمل" are words too)
        if foreign or first in lex.common_nouns or first in lex.places:
            return None
        if not name_end_ok(ctx, i + 1):
            return None
    elif bare and (foreign or not bare_name_ok(ctx, i, last)):
        return None
    if strict:
        # end the name where a name may end; when no such end is found, keep at most
        # three words after a known first name, two after a nationality adjective
        end_ok = next(
            (
                k
                for k in range(last, i - 1, -1)
                if name_end_ok(ctx, k + 1)
                # "الإسباني رافايل نادال المصنف ثانيا": an apposition may follow
                or (evidence == "nationality" and k + 1 < v.n and is_definite(v.norms[k + 1]))
            ),
            None,
        )
        if end_ok is not None and (end_ok == last or known_first or evidence == "nisba"):
            last = end_ok
        elif evidence in ("weak", "nationality") and not known_first:
            return None
        else:
            last = min(last, i + (2 if known_first else 1))
    if not bare and last == i and not known_first and first in lex.common_nouns:
        return None  # "شهد الوزير توقيع ...", "الفريق جاهز": a word, not a one-word name
    return _person(ctx, i, last, prefix, surface)


def _person(ctx: Context, i: int, last: int, prefix: int, surface: int | None) -> Candidate:
    role, role_end = role_after(ctx, last + 1)
    start = last + 1
    if role is None and start < ctx.view.n and ctx.view.norms[start] in COMMAS:
        # "جان لوك بيرنار، رئيس شركة أورانج،": the role in apposition
        role, role_end = role_after(ctx, last + 2)
        start = last + 2
    return Candidate(
        EntityType.PERSON,
        first=i,
        prefix=prefix,
        last=last,
        surface_first=i if surface is None else surface,
        role=role,
        role_span=(start, role_end) if role else None,
    )


def grow_person_after_role(ctx: Context, i: int) -> Candidate | None:
    """A name right after a role phrase: "وزير الاتصالات عمرو طلعت", "رئيس الوزراء
    الإسرائيلي أرييل شارون" (an unknown name after a role is taken when it ends where
    names end)."""
    end = role_end_at(ctx, i)
    cand = grow_person(ctx, end, evidence="bare", surface=end)
    if cand is None:
        nisba = end - 1 > i and is_nisba(ctx.view.norms[end - 1])
        cand = grow_person(ctx, end, evidence="nisba" if nisba else "weak", surface=end)
    if cand is None:
        # the company the role names may have a name of two or three words: "رئيس مجلس
        # إدارة توتال إنرجيز باتريك بويانيه"; the person opens with a given name
        cand, end = _person_after_company_name(ctx, i, end)
    if cand is None:
        return None
    return replace(cand, role=source_text(ctx.view, i, end - 1), role_span=(i, end - 1))


def _person_after_company_name(ctx: Context, i: int, end: int) -> tuple[Candidate | None, int]:
    """A person right after a role phrase ``i``..``end`` (exclusive) whose last word is an
    organisation's name: the person starts within two more words, at a given name."""
    v, lex = ctx.view, ctx.lex
    if not (end - 1 > i and lex.stem_in(v.norms[end - 2], lex.org_cues)):
        return None, end
    for start in range(end + 1, min(end + 3, v.n)):
        words = range(end, start)
        if any(definite_at(ctx, k) or not content(ctx, k) or blocks_name_at(ctx, k) for k in words):
            break
        first = v.norms[start]
        if first in lex.common_given or (
            lex.foreign_given(first) and first not in lex.common_nouns
        ):
            cand = grow_person(ctx, start, evidence="weak", surface=start)
            if cand is not None:
                return cand, start
    return None, end


def grow_person_between_commas(ctx: Context, i: int) -> Candidate | None:
    """A name set off by commas right after a title or a role phrase: "السناتور الجمهوري ،
    ارلن سبيكتر ،", "رئيس لجنة الدفاع ، دونكان هانتر ،". The words before the comma must
    all belong to the title or role phrase; the name is one to three words without the
    article, closed by a comma or the end of the sentence."""
    v, lex = ctx.view, ctx.lex
    comma = i - 1
    head = None
    for k in range(comma - 1, max(-1, comma - 10), -1):
        if v.punct[k]:
            break
        if lex.is_title(v.norms[k]):
            head = k
    if head is None:
        return None
    end = role_end_at(ctx, head)
    if end != comma and not (
        # "زعيم الغالبية في مجلس الشيوخ ،": a place of work closes the role phrase
        end + 1 < comma
        and v.norms[end] in ROLE_LINKS
        and lex.stem_in(v.norms[end + 1], lex.org_cues)
        and all(definite_like(ctx, k) for k in range(end + 2, comma))
    ):
        return None
    if not strict_name_start(ctx, i) and not (i + 1 < v.n and strict_stem(ctx, v.norms[i], i)):
        return None
    j = i
    while j < v.n and j - i < 3 and not v.punct[j]:
        norm = v.norms[j]
        if definite_at(ctx, j) or blocks_name_at(ctx, j) or (j > i and norm.startswith("و")):
            return None
        j += 1
    if j < v.n and v.norms[j] not in COMMAS:
        return None
    cand = _person(ctx, i, j - 1, 0, head)
    return replace(cand, role=source_text(v, head, comma - 1), role_span=(head, comma - 1))


def grow_person_before_apposition(ctx: Context, i: int) -> Candidate | None:
    """A name right before a comma and a title or role ("بريان اتيجالي ، الخبير ...",
    "رباح المهنا ، عضو المكتب ..."): up to three name words that open with a known
    given name, Arabic or foreign."""
    v, lex = ctx.view, ctx.lex
    comma = i - 1
    nxt = v.norms[i] if i < v.n else ""
    if not lex.is_title(nxt):
        return None
    first = comma
    for k in range(comma - 1, max(-1, comma - 4), -1):
        norm = v.norms[k]
        if v.punct[k] or lex.is_function_word(norm) or lex.is_cue(norm) or v.is_latin(k):
            break
        if lex.stem_in(norm, lex.places) is not None or norm in lex.verbs:
            break
        if definite_at(ctx, k) and norm not in lex.family:
            # a family name with the article ends the name: "رباح المهنا"
            stem = norm.removeprefix("ال")
            if k != comma - 1 or (stem in lex.common_nouns and norm not in lex.definite_names):
                break
        first = k
    # the name opens with the first given name of the run ("عيّنت بريان اتيجالي")
    start = next(
        (
            k
            for k in range(first, comma)
            if v.norms[k] in lex.given or lex.foreign_given(v.norms[k])
        ),
        None,
    )
    if start is None or (start == comma - 1 and v.norms[start] not in lex.common_given):
        return None  # one word: only a common given name
    return _person(ctx, start, comma - 1, 0, start)


def grow_patronym(ctx: Context, k: int) -> Candidate | None:
    """A name with a patronym around ``بن`` at token ``k``: "الحسن بن علي", "معاوية بن
    أبي سفيان", "عبد الله بن عمر"; the word before must be able to open a name and the
    word after must be a name word."""
    v, lex = ctx.view, ctx.lex
    i, j = k - 1, k + 1
    if i < 0 or j >= v.n or v.is_latin(i) or v.quote[i]:
        return None
    if not content(ctx, i) and not is_ali(v, i):
        return None
    first = v.norms[i]
    if len(first) < 2 or first[:1].isdigit() or lex.is_cue(first):
        return None
    if (blocks_name_at(ctx, i) and not is_ali(v, i)) or lex.stem_in(first, lex.places):
        return None
    if first not in lex.given and first not in lex.family and not is_ali(v, i):
        return None  # "مطار بن غوريون": a facility named after a person
    if i > 0 and (v.norms[i - 1] in NAME_PARTICLES or v.norms[i - 1].endswith("عبد")):
        i -= 1  # "عبد الله بن ...", "أبو بكر بن ..."
    elif i > 0 and is_definite(first) and v.norms[i - 1] in lex.given:
        i -= 1  # a compound given name: "زين العابدين بن علي"
    particle = v.norms[j] in NAME_PARTICLES and j + 1 < v.n
    if particle:
        j += 1  # "بن أبي سفيان", "بن عبد العزيز"
    nxt = v.norms[j]
    # after a particle a role word is a name too: "بن أبي طالب"
    blocked = blocks_name_at(ctx, j) and not particle
    if v.punct[j] or (blocked and not is_ali(v, j)) or nxt[:1].isdigit():
        return None
    if is_definite(nxt) and nxt not in lex.given and nxt not in lex.family:
        return None
    while j + 2 < v.n and v.norms[j + 1] in SON_OF and content(ctx, j + 2):
        if blocks_name_at(ctx, j + 2) and not is_ali(v, j + 2):
            break
        j += 2  # "محمد بن عبد الله بن عبد المطلب"
        if v.norms[j] in NAME_PARTICLES and j + 1 < v.n and content(ctx, j + 1):
            j += 1
    return _person(ctx, i, j, 0, None)


def grow_kunya(ctx: Context, i: int) -> Candidate | None:
    """A name opened by أبو/أبا/أبي, "father of" ("أبو هريرة", "أبو مصعب الزرقاوي"): the
    next word must be a given or family name, or a word that is no common noun, everyday
    word, place or cue; a family name or a nisba (no nationality) with the article may
    follow. "أبو ظبي" is a place."""
    v, lex = ctx.view, ctx.lex
    norm, j = v.norms[i], i + 1
    head = next((k for k in _KUNYA if norm.endswith(k)), None)
    if head is None or j >= v.n or not content(ctx, j) or v.is_latin(j):
        return None
    prefix = len(norm) - len(head)
    nxt = v.norms[j]
    if any(c not in "وفبل" for c in norm[:prefix]) or nxt[:1].isdigit():
        return None
    if lex.stem_in(f"{head} {nxt}", lex.places) is not None or blocks_name_at(ctx, j):
        return None
    named = nxt in lex.given or nxt in lex.family or is_ali(v, j)
    if not named and (
        is_definite(nxt)
        or nxt in lex.common_nouns
        or nxt in lex.frequent_words
        or lex.stem_in(nxt, lex.places) is not None
        or lex.is_cue(nxt)
        or nxt.endswith("ا")  # an accusative noun: "أبا عشرة أطفال"
    ):
        return None
    last = j
    after = v.norms[j + 1] if j + 1 < v.n else ""
    if is_definite(after) and (
        after in lex.family
        or (
            after.endswith("ي")
            and after not in lex.frequent_words
            and lex.stem_in(after, lex.nationalities) is None
        )
    ):
        last = j + 1  # a family name or a nisba that is no nationality: "الزرقاوي"
    return _person(ctx, i, last, prefix, None)


def grow_before_nationality(ctx: Context, i: int) -> Candidate | None:
    """An organisation named after a preposition and just before a nationality adjective,
    in one or two words that are no known personal name, common noun, cue or place ("مع
    نوكيا الفنلندية", "إلى فيردر بريمن الألماني", "على أجاكس الهولندي"); the second may be
    a city ("أمام ريال مدريد الإسباني"). A verb can stand where the preposition stands
    ("فاز الإسباني ..."), and a person after a title ("المدافع ماتيراتزي الإيطالي"), so
    nothing else opens it; a country before its own adjective is not taken."""
    v, lex = ctx.view, ctx.lex
    if i == 0 or lex.stem_in(v.norms[i], lex.nationalities) is None or not definite_at(ctx, i):
        return None

    def named(k: int, *, place_ok: bool) -> bool:
        """Token ``k`` as it stands (no clitic: a preposition opens the name) can be a
        word of an organisation's name."""
        if k < 0 or not content(ctx, k) or v.is_latin(k) or v.quote[k]:
            return False
        if v.sentence.tokens[k].text.endswith(PRONOUNS):  # "ركبته" (not ة: "فنربخشة")
            return False
        norm = v.norms[k]
        if (
            len(norm) < 3
            or norm[:1].isdigit()
            or (definite_at(ctx, k) and norm not in lex.definite_names)
        ):
            return False
        if lex.blocks_name(norm) or norm in lex.common_nouns or norm in lex.frequent_words:
            return False
        if lex.is_personal_name(norm):
            return False
        return place_ok or lex.stem_in(norm, lex.places) is None

    last = i - 1
    if not named(last, place_ok=True):
        return None
    first = last
    if lex.stem_in(v.norms[last], lex.places) is not None:  # "فيردر بريمن": a city ends it
        if not named(last - 1, place_ok=False):
            return None
        first = last - 1
    elif named(last - 1, place_ok=False):
        first = last - 1  # two words, neither a city
    if first == 0 or v.norms[first - 1] not in _OBJECT_PREPOSITIONS:
        return None  # a verb may stand there ("فاز الإسباني ..."), or a title or a cue
    return Candidate(EntityType.ORGANISATION, first, 0, last, first)


_OBJECT_PREPOSITIONS = frozenset(
    lexicon("partner_prepositions")
)  # rules/lexicons/partner_prepositions.txt
_KUNYA = tuple(lexicon("kunya_heads"))  # rules/lexicons/kunya_heads.txt


def grow_after_cue(ctx: Context, i: int, cue: int) -> Candidate | None:
    """The grower ``person``: a name after its cue (token ``cue``), which is a title
    ("الرئيس"), a title and a nationality, a nationality used as a noun ("الفرنسي نيكولا
    ماهو") or a reporting verb; a name around ``بن`` is a patronym."""
    v, lex = ctx.view, ctx.lex
    if v.norms[i] in SON_OF:
        return grow_patronym(ctx, i)
    title = title_at(ctx, cue) if cue < i else None
    if title is None and cue < i and is_definite(v.norms[cue]):
        # a nationality used as a noun: "الفرنسي نيكولا ماهو"
        if lex.stem_in(v.norms[cue], lex.nationalities) is None:
            return None
        if cue > 0 and is_definite(v.norms[cue - 1]):
            return None  # an adjective of the noun before it: "الطيران الإسرائيلي"
        if cue > 0 and v.norms[cue - 1] in lex.roles:
            return None  # a role's complement: "وزير المالية" (not "the Malian")
        return grow_person(ctx, i, evidence="nationality", surface=cue)
    if title is not None:
        if cue + 1 < i:  # a nationality adjective stands between
            return grow_person(ctx, i, evidence="nisba", surface=cue)
        weak = title in lex.weak_titles
        return grow_person(ctx, i, evidence="weak" if weak else "title", surface=cue)
    return grow_person(ctx, i, evidence="weak")  # after a reporting verb
