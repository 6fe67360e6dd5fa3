"""Find typed mentions in a document (pure).

Rules (kg/rules/*.toml) are regular expressions over the normalised sentence: they say
*where* a name starts (the ``name`` group) and which grower extends it to its end. The
growers below encode Arabic noun-phrase structure: a name after an honorific runs until
a role noun, a function word or punctuation; an organisation after its cue noun takes a
quoted or Latin-script name, or a construct chain (إضافة) of definite nouns and
adjectives; an event takes its definite modifiers, year or quoted title; an agreement
takes its subject (بشأن ...) or its parties (بين ... و/مع ...).

Mentions of the structural layer (events, agreements) may contain mentions of the name
layer (people, organisations, places); within a layer the longest candidate wins.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate

from kg.lexicon import (
    PLACE_PREP,
    Lexicon,
    analyses,
    default_lexicon,
    is_definite,
    is_elided,
)
from kg.model import AgreementKind, Document, EntityType, Mention, Sentence
from kg.normalize import normalize
from kg.rules import MAX_CACHED_WORDS, Rule, RuleIndex, default_rules, rule_index
from kg.text import split_sentences

_LETTER = re.compile(r"\w")
_QUOTES = frozenset('"«»“”„')
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9&.'\-]*$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_PARTICLES = frozenset({"عبد", "ابو", "بن", "ابن", "بنت", "ابي", "عبد ال", "ال"})
#: "son of" in Mauritanian names, inside a name only: "محمد سالم ولد مرزوك".
_INNER_PARTICLES = frozenset({"ولد"})
_TITLE_WORDS = frozenset({"بعنوان", "تحت عنوان", "عنوانها", "باسم"})
_TOPIC_WORDS = frozenset({"حول", "بشان", "بخصوص"})
_PARTY_WORDS = frozenset({"بين", "مع"})
_STRUCTURAL = frozenset({EntityType.EVENT, EntityType.AGREEMENT})
#: Event heads that may be referred back to by the bare definite noun ("القمة").
_ANAPHOR_EVENTS = frozenset({"قمه", "منتدي", "مؤتمر", "معرض", "ملتقي", "مهرجان"})
#: Agreement heads whose definite form refers back to an agreement ("الاتفاقية").
_MAX_NAME = 6
#: A word with the article after a given name is a family name ("عبدالعزيز الدعيلج")
#: when everyday Arabic uses it less than this (Zipf scale) and it is no common noun.
_FAMILY_WITH_ARTICLE_MAX_ZIPF = 3.0
#: Prepositions inside a role phrase: "سفير فرنسا لدى الأمم المتحدة", "مدير المبيعات في الشركة".
_ROLE_LINKS = frozenset({"في", "ب", "لدي"})
#: Words after which a definite city name is a place, not an adjective.
_PLACE_PREPOSITIONS = frozenset(
    [
        "في",
        "من",
        "الي",
        "علي",
        "عن",
        "حتي",
        "نحو",
        "عبر",
        "بين",
        "قرب",
        "لدي",
        "عند",
        "وفي",
        "ومن",
        "والي",
        "وعلي",
        "شمال",
        "جنوب",
        "شرق",
        "غرب",
        "وسط",
    ]
)


@dataclass(frozen=True, slots=True)
class SentView:
    """A sentence with its normalised tokens joined for pattern matching."""

    sentence: Sentence
    text: str  # the whole document text
    norms: tuple[str, ...]
    joined: str
    starts: tuple[int, ...]
    n: int  # number of tokens
    punct: tuple[bool, ...]  # token without a letter or digit
    quote: tuple[bool, ...]  # token is a quotation mark
    hamza_al: tuple[bool, ...]  # written أل/إل/آل: a name ("ألكسندر"), never the article

    @classmethod
    def of(cls, sentence: Sentence, text: str) -> SentView:
        """The view of ``sentence`` (shared by the stages: the last few are kept)."""
        hit = _VIEWS.get(id(sentence))
        if hit is not None and hit.sentence is sentence and hit.text is text:
            return hit
        if len(_VIEWS) >= _MAX_VIEWS:
            _VIEWS.clear()
        view = _VIEWS[id(sentence)] = cls._build(sentence, text)
        return view

    @classmethod
    def _build(cls, sentence: Sentence, text: str) -> SentView:
        tokens = sentence.tokens
        norms = tuple([t.norm for t in tokens])
        if not tokens:
            return cls(sentence, text, (), "", (), 0, (), (), ())
        starts = tuple(accumulate([len(norm) + 1 for norm in norms[:-1]], initial=0))
        known = _WORD_FLAGS.get
        flags = [known(t.text) or _word_flags(t.text, t.norm) for t in tokens]
        punct, quote, hamza_al = zip(*flags, strict=True)
        return cls(
            sentence, text, norms, " ".join(norms), starts, len(norms), punct, quote, hamza_al
        )

    def __len__(self) -> int:
        return self.n

    def token_at(self, pos: int) -> tuple[int, int]:
        """Token index holding joined-string position ``pos`` and the offset inside it."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i, pos - self.starts[i]

    def is_punct(self, i: int) -> bool:
        return self.punct[i]

    def is_quote(self, i: int) -> bool:
        return self.quote[i]

    def is_latin(self, i: int) -> bool:
        return bool(_LATIN.match(self.sentence.tokens[i].text))


#: (no letter or digit, a quotation mark, أل/إل/آل) of each token text seen (a token's
#: norm is a function of its text)
_WORD_FLAGS: dict[str, tuple[bool, bool, bool]] = {}


def _word_flags(word: str, norm: str) -> tuple[bool, bool, bool]:
    flags = (_LETTER.search(norm) is None, word in _QUOTES, _HAMZA_AL.match(word) is not None)
    if len(_WORD_FLAGS) >= MAX_CACHED_WORDS:
        _WORD_FLAGS.clear()
    _WORD_FLAGS[word] = flags
    return flags


#: Views of recent sentences by id; each holds its sentence, so an id found here names it.
_VIEWS: dict[int, SentView] = {}
#: (a long document's sentences: more would only keep tokens alive for the GC to walk)
_MAX_VIEWS = 512


@dataclass(frozen=True, slots=True)
class Candidate:
    """A mention found by a grower, in token coordinates of one sentence."""

    type: EntityType
    first: int  # first token of the name
    prefix: int  # normalised characters of proclitics to skip in the first token
    last: int  # last token of the name (inclusive)
    surface_first: int  # first token of the surface form (cue, honorific)
    label: str | None = None  # canonical text when it is not the span's text
    role: str | None = None
    kind: AgreementKind | None = None
    anaphor: bool = False  # a definite noun referring back ("القمة")
    extra: tuple[tuple[int, int], ...] = ()  # more spans of the same entity ("(PEACE)")
    role_span: tuple[int, int] | None = None  # tokens of the role phrase (persons)
    note: str = ""  # appended to the rule id ("conjoined")
    short: str | None = None  # a shorter name of the same thing ("اتفاقية عبور")
    elided: bool = False  # ل + the article with its alef dropped: "للولايات" → الولايات


@dataclass
class _Context:
    lex: Lexicon
    view: SentView
    rule: Rule
    #: Ends of role phrases by their first token (see _role_end), shared by the rules
    #: of one sentence.
    role_ends: dict[int, int] = field(default_factory=dict)
    #: Whether the sentence speaks of signing (see :attr:`signing`), shared likewise.
    signing_in: list[bool] = field(default_factory=list)

    @property
    def signing(self) -> bool:
        """The sentence speaks of signing (looked up once, when a rule first asks)."""
        if not self.signing_in:
            self.signing_in.append(_signing_in(self.view, self.lex))
        return self.signing_in[0]


def orig_offset(text: str, k: int) -> int:
    """Index in original token ``text`` of its ``k``-th normalised character."""
    kept = 0
    for idx, ch in enumerate(text):
        if kept == k:
            return idx
        if normalize(ch):
            kept += 1
    return len(text)


# --------------------------------------------------------------------------- word tests


def _stem_of(norm: str) -> str:
    """The stem after any proclitics, when the token carries some, else the token."""
    return analyses(norm)[-1].stem if len(analyses(norm)) > 1 else norm


def _blocks_name(ctx: _Context, i: int) -> bool:
    """True where a personal name cannot continue: punctuation, function or cue words."""
    v, lex = ctx.view, ctx.lex
    if i >= v.n or v.punct[i]:
        return True
    norm = v.norms[i]
    if lex.blocks_name(norm) or _prep_with_pronoun(norm, lex) or norm in lex.verbs:
        return True
    return lex.may_open_agreement(norm) and _agreement_at(ctx, i) is not None


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


def _strong_boundary(ctx: _Context, i: int) -> bool:
    """Punctuation, a role noun or an honorific: what closes a name for sure."""
    v, lex = ctx.view, ctx.lex
    if i >= v.n or (v.punct[i] and not v.quote[i]):
        return True
    return lex.is_title(v.norms[i])


def _is_boundary_after_name(ctx: _Context, i: int) -> bool:
    v = ctx.view
    if i >= v.n:
        return True
    if v.punct[i] or v.norms[i].startswith("و"):
        return True
    return _blocks_name(ctx, i)


def _definite(ctx: _Context, i: int) -> bool:
    """Token ``i`` carries the article ال (which is never written with a hamza)."""
    return is_definite(ctx.view.norms[i]) and not ctx.view.hamza_al[i]


def _definite_like(ctx: _Context, i: int) -> bool:
    """Definite noun or adjective, or a place name (proper nouns are definite)."""
    norm = ctx.view.norms[i]
    return _definite(ctx, i) or ctx.lex.stem_in(norm, ctx.lex.places) is not None


def _content(ctx: _Context, i: int) -> bool:
    """A word that can sit inside a name: not punctuation, not a function word."""
    v = ctx.view
    if i >= v.n or v.punct[i]:
        return False
    norm = v.norms[i]
    return norm not in ctx.lex.stopwords and norm not in ctx.lex.boundaries


def _agreement_at(ctx: _Context, i: int) -> tuple[int, str, int] | None:
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


def _is_nisba(norm: str) -> bool:
    """A definite relational adjective: المصري، الصينية، الدولي، العالمية."""
    stem = analyses(norm)[-1].stem if len(analyses(norm)) > 1 else norm
    return stem.startswith("ال") and stem.endswith(("ي", "يه", "يون", "يين", "يات"))


#: The second word of a compound ordinal ("الحادي عشر", "الثانية عشرة").
_TEENS = frozenset({"عشر", "عشره"})


def _modifiers(ctx: _Context, j: int, limit: int) -> int:
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
        if not _content(ctx, j) or v.quote[j]:
            break
        if norm in _TEENS and j > 0 and v.norms[j - 1] in lex.ordinals:
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
        if _agreement_at(ctx, j) is not None:
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
        if _definite_like(ctx, j):
            place = ctx.lex.stem_in(norm, ctx.lex.places) is not None
            if closed and not (conj or _is_nisba(norm) or place):
                break
            if prep_l and is_definite(norm):
                closed = True
            j += 1
            continue
        if (
            (conj or prep_l)
            and j + 1 < stop
            and _definite_like(ctx, j + 1)
            and _content(ctx, j + 1)
        ):
            j += 2
            closed = closed or prep_l
            continue
        break
    return j


def _year_after(ctx: _Context, j: int) -> int:
    v = ctx.view
    if j < v.n and _YEAR.match(v.norms[j]):
        return j + 1
    return j


def _closing_quote(ctx: _Context, j: int, limit: int) -> int:
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


# --------------------------------------------------------------------------- growers


def _grow_person(
    ctx: _Context, i: int, *, evidence: str, surface: int | None = None
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
    if bare and not lex.may_open_given_name(v.norms[i]):
        return None
    first = v.norms[i]
    if len(first) < 2:
        return None
    if not bare and _conjoined_name(lex, first):
        return None  # "السيد وتامر ...": a title does not govern the next conjunct
    if _blocks_name(ctx, i) and not (evidence != "bare" and _is_ali(v, i)):
        return None
    if first in lex.frequent_words and first not in lex.given and not _is_ali(v, i):
        return None  # "الرئيس وصل", "السيد للحصول": an everyday word opens no name
    if (
        not bare
        and first not in lex.given
        and not lex.foreign_given(first)
        and _common_word(ctx, i)
    ):
        return None  # "الحاجة لتوفير", "مسؤول عراقي", "ابنة عمه"
    if bare and i + 1 < v.n and f"{first} {v.norms[i + 1]}" in lex.honorifics:
        return None  # "صاحب السمو"
    if bare and (first in lex.hijri_months or _after_number(v, i, lex)):
        return None  # "شهر رمضان", "مليون نسمة": a month, a count
    prefix = 0
    foreign_first = False  # a foreign given name without a cue ("دينيس هوانغ")
    if bare:
        hit = next((a for a in analyses(first) if a.stem in lex.common_given and not a.prep), None)
        if hit is None and not _definite(ctx, i):
            hit = next(
                (a for a in analyses(first) if lex.foreign_given(a.stem) and not a.prep), None
            )
            foreign_first = hit is not None
        if hit is None or _definite(ctx, i):
            return None
        prefix, first = hit.prefix, hit.stem
    if (
        strict
        and not _strict_name_start(ctx, i)
        # after a title and a nationality ("وزير الخارجية الروسي سيرغي ...") a word
        # ending in ي opens the name: an indefinite adjective cannot follow there
        and not (
            evidence in ("nisba", "nationality")
            and (_city(ctx, i) or (first.endswith("ي") and _strict_stem(ctx, first[:-1], i)))
        )
    ):
        return None
    foreign = first not in lex.given
    known_first = not foreign or first in lex.family or lex.foreign_given(first)
    if foreign and _definite(ctx, i):
        # "الرئيس السنيورة فقد ...": a family name with the article after a title
        if (
            evidence != "title"
            or _is_nisba(first)
            or lex.is_cue(first)
            or not _name_end_ok(ctx, i + 1)
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
        if _blocks_name(ctx, j):
            if _is_ali(v, j) and prev in lex.given and _name_end_ok(ctx, j + 1):
                j += 1  # "محمد علي مدير ..."
                continue
            if _name_particle(ctx, j, evidence=evidence, foreign=foreign):
                j += 2  # "بليس أجويرا إي أركاس نائب ..."
                continue
            break
        if _conjoined_name(lex, norm):
            break  # "أسامة حسن ويوسف حمدي": the next name of a list
        known = norm in lex.given or norm in lex.family
        if (
            _definite(ctx, j)
            and (prev in lex.given or _abd_compound(prev))
            and j - i == 1
            and norm[2:] not in lex.common_nouns
            and lex.word_zipf.get(norm, 0.0) < _FAMILY_WITH_ARTICLE_MAX_ZIPF
            and lex.word_zipf.get(norm[2:], 0.0) < _FAMILY_WITH_ARTICLE_MAX_ZIPF
            and not _is_nisba(norm)
            and not lex.is_cue(norm)
            and lex.stem_in(norm, lex.places) is None
            and _name_end_ok(ctx, j + 1)
        ):
            j += 1  # "عبدالعزيز الدعيلج": a family name with the article
            break
        if norm in lex.ordinals:
            j += 1  # "عبدالله الثاني", "تشارلز الأول"
            break
        if norm in _INNER_PARTICLES and j + 1 < v.n and not _blocks_name(ctx, j + 1):
            j += 2  # "محمد سالم ولد مرزوك": the particle and the name after it
            continue
        if prev in _PARTICLES or prev.endswith("عبد") or _abd_compound(norm):
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
        if evidence == "nisba" and not _definite(ctx, j):
            if not known:
                unknown += 1
            if unknown > 2:
                break
            j += 1
            continue
        if not bare and not known and norm not in lex.common_given:
            if norm in lex.common_nouns:
                break  # "ألونسو متسابق فريق ...": a common noun after the name
            if foreign and _definite(ctx, j) and norm[2:] in lex.common_nouns and j - i >= 2:
                break  # "الرئيس فلاديمير بوتين الوفد": a definite noun after a foreign name
        if (foreign or strict) and not _definite(ctx, j) and not (strict and j - i >= 3):
            j += 1
            continue
        if (
            not unknown_used
            and not strict
            and j - i <= 2
            and (
                _strong_boundary(ctx, j + 1)
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
            and _two_unknown_words_then_role(ctx, j)
        ):
            # "السيد جان لوك بيرنار رئيس شركة ...": a title, then a name of three words
            # that a role noun closes
            unknown_used = True
            j += 2
            continue
        break
    last = j - 1
    while last > i and v.norms[last] in _PARTICLES:
        last -= 1
    if bare and foreign_first:
        # one more word, without the article and not a known word class, then the end
        if last != i + 1 or not _foreign_surname_ok(ctx, last):
            return None
    elif bare and last == i:
        # a given name alone ("عثمان", "محمد") when Arabic does not use it as a common
        # noun or adjective ("كريم", "جمال", "أمل" are words too)
        if foreign or first in lex.common_nouns or first in lex.places:
            return None
        if not _name_end_ok(ctx, i + 1):
            return None
    elif bare and (foreign or not _bare_name_ok(ctx, i, last)):
        return None
    if strict:
        # end the name where a name may end; when no such end is found, keep at most
        # three words after a known first name, two after a nationality adjective
        end_ok = next(
            (
                k
                for k in range(last, i - 1, -1)
                if _name_end_ok(ctx, k + 1)
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


def _two_unknown_words_then_role(ctx: _Context, j: int) -> bool:
    """Tokens ``j`` and ``j + 1`` are name-like words (no article, clitic, number, tanween
    or known word class) and a role noun or honorific follows them."""
    v, lex = ctx.view, ctx.lex
    if j + 2 >= v.n or not _strong_boundary(ctx, j + 2) or v.punct[j + 2]:
        return False
    for k in (j, j + 1):
        norm = v.norms[k]
        if (
            _blocks_name(ctx, k)
            or _definite(ctx, k)
            or norm[:1].isdigit()
            or norm in lex.common_nouns
            or norm.startswith("و")
            or "\u064b" in v.sentence.tokens[k].text
        ):
            return False
    return True


def _after_number(v: SentView, i: int, lex: Lexicon) -> bool:
    """Token ``i`` follows a number or a number word ("مليون نسمة", "3 رجال")."""
    if i == 0:
        return False
    prev = v.norms[i - 1]
    return prev[:1].isdigit() or prev in lex.scales


def _abd_compound(norm: str) -> bool:
    """عبد written together with a divine name: "عبدالمنصف", "عبدالحميد"."""
    return norm.startswith("عبدال") and len(norm) > 6


def _conjoined_name(lex: Lexicon, norm: str) -> bool:
    """و joined to a given name ("ويوسف", "ووائل"): the start of another name."""
    return norm.startswith("و") and len(norm) > 3 and norm[1:] in lex.given


def _person(ctx: _Context, i: int, last: int, prefix: int, surface: int | None) -> Candidate:
    role, role_end = _role_after(ctx, last + 1)
    start = last + 1
    if role is None and start < ctx.view.n and ctx.view.norms[start] in _COMMAS:
        # "جان لوك بيرنار، رئيس شركة أورانج،": the role in apposition
        role, role_end = _role_after(ctx, last + 2)
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


def _name_particle(ctx: _Context, j: int, *, evidence: str, foreign: bool) -> bool:
    """A short particle inside a foreign name ("إي", "دو", "لا") that looks like a
    function word: taken with the word after it when the name then ends for sure."""
    v = ctx.view
    if not foreign or evidence not in ("title", "nisba") or j + 2 > v.n:
        return False
    if len(v.norms[j]) > 2 or v.punct[j] or j + 1 >= v.n or v.norms[j] in _PREPOSITIONS:
        return False  # "... في موسكو": a preposition is no particle
    nxt = v.norms[j + 1]
    return (
        not is_definite(nxt)
        and not _blocks_name(ctx, j + 1)
        and not nxt.startswith("و")
        and _strong_boundary(ctx, j + 2)
    )


def _is_ali(v: SentView, i: int) -> bool:
    """The given name علي (spelt with ya), which normalises like the preposition على."""
    return v.norms[i] == "علي" and v.sentence.tokens[i].text.endswith("ي")


def _city(ctx: _Context, i: int) -> bool:
    """A city name written alone (no clitic, no article): after a title and a nationality
    ("الرئيس الروسي فلاديمير ...") it is a given name of the same spelling."""
    norm, lex = ctx.view.norms[i], ctx.lex
    return not is_definite(norm) and norm in lex.places and norm not in lex.major_places


def _strict_name_start(ctx: _Context, i: int) -> bool:
    """A word that can open a name found after a weak cue: no article, no tanween, no
    place or cue word, no preposition attached to a definite noun. A word ending in ي
    is taken when the name ends right after it ("قالت ليفني إن"): an adjective would
    follow a noun, and a noun of that shape ("دبلوماسي") usually takes an adjective."""
    norm = ctx.view.norms[i]
    if _strict_stem(ctx, norm, i):
        return True
    return (
        norm.endswith("ي")
        and len(norm) >= 4
        and _strict_stem(ctx, norm[:-1], i)
        and _name_end_ok(ctx, i + 1)
    )


def _strict_stem(ctx: _Context, norm: str, i: int) -> bool:
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
    if norm in lex.verbs or _accusative(lex, norm):
        return False  # "تعكس", "اتصالا هاتفيا": a verb or an accusative noun
    # an indefinite adjective ("مسؤول كبير", "مسؤول عراقي") or a noun with a pronoun
    # attached to its ta marbuta ("رغبته", "حكومتها")
    return not norm.endswith(("ي", "ته", "تها", "تهم"))


def _name_end_ok(ctx: _Context, j: int) -> bool:
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
        or _strong_boundary(ctx, j)
    )


def _bare_name_ok(ctx: _Context, first: int, last: int) -> bool:
    """A name found without a cue: its second word is a given name (the father's name),
    follows a particle (عبد، أبو، بن), is a family name of the nisba shape (الـ...ي), or
    is an unknown word without the article right before the end of a name."""
    v, lex = ctx.view, ctx.lex
    first_norm = _stem_of(v.norms[first])
    second = v.norms[first + 1]
    if first_norm in _PARTICLES or first_norm.endswith("عبد"):
        return second in lex.given or second in lex.family or is_definite(second)
    if _abd_compound(second):
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
        and not _accusative(lex, second)
        and _strict_stem(ctx, second, first + 1)
        and _name_end_ok(ctx, last + 1)
    )


def _common_word(ctx: _Context, i: int) -> bool:
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


def _accusative(lex: Lexicon, norm: str) -> bool:
    """``norm`` reads as an indefinite noun in the accusative ("اجتماعا", "برنامجا"): it
    ends in ا after a common noun or a word more frequent than itself; a name that ends
    in ا ("سابا", "غارسيا") does not."""
    if not norm.endswith("ا") or len(norm) < 3:
        return False
    stem = norm[:-1]
    return stem in lex.common_nouns or lex.word_zipf.get(stem, 0.0) > lex.word_zipf.get(norm, 0.0)


def _foreign_surname_ok(ctx: _Context, k: int) -> bool:
    """The word after a foreign given name found without a cue can be its surname: no
    article, no accusative ending, not a cue or function word, and the name ends after
    it ("دينيس هوانغ من ...", "جيما أرياس \" ...")."""
    v, lex = ctx.view, ctx.lex
    norm = v.norms[k]
    if _definite(ctx, k) or len(norm) < 3 or _accusative(lex, norm) or v.is_latin(k):
        return False
    return (lex.is_personal_name(norm) or _strict_stem(ctx, norm, k)) and _name_end_ok(ctx, k + 1)


def _role_after(ctx: _Context, j: int) -> tuple[str | None, int]:
    """The role phrase right after a name ("وزير الاتصالات ...") as written, and the
    index of its last token."""
    v, lex = ctx.view, ctx.lex
    if j >= v.n or v.norms[j] not in lex.roles:
        return None, j
    end = _role_end(ctx, j)
    return _source_text(v, j, max(end, j + 1) - 1), max(end, j + 1) - 1


def _role_end(ctx: _Context, j: int) -> int:
    """End (exclusive) of a role phrase starting with its head noun at ``j``."""
    ends = ctx.role_ends
    end = ends.get(j)
    if end is None:
        # an unterminated quote inside the phrase runs to the end of the sentence
        end = ends[j] = min(_find_role_end(ctx, j), ctx.view.n)
    return end


def _find_role_end(ctx: _Context, j: int) -> int:
    v, lex = ctx.view, ctx.lex
    k = j + 1
    if k < v.n and f"{analyses(v.norms[j])[-1].stem} {v.norms[k]}" in lex.role_phrases:
        k += 1  # "الأمين العام", "رئيس الوزراء"
    while k < v.n and k - j < 18:
        norm = v.norms[k]
        if v.punct[k] and not v.quote[k]:
            break
        if v.quote[k]:
            close = _closing_quote(ctx, k, 6)
            k = close + 1
            continue
        if norm in lex.roles or (
            norm in _ROLE_LINKS
            and k + 1 < v.n
            and (_definite_like(ctx, k + 1) or lex.stem_in(v.norms[k + 1], lex.place_cues))
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
        if lex.stem_in(norm, lex.place_cues) and k + 1 < v.n and _definite_like(ctx, k + 1):
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


def _role_word(ctx: _Context, k: int) -> bool:
    """A word that continues a role phrase: a definite noun or adjective, a country or
    region, or a city after a place noun or preposition. A city name right after the
    title may be a foreign given name instead ("الرئيس الروسي فلاديمير ...")."""
    v, lex = ctx.view, ctx.lex
    norm = v.norms[k]
    if _definite(ctx, k) or lex.stem_in(norm, lex.major_places) is not None:
        return True
    if lex.stem_in(norm, lex.places) is None:
        return False
    prev = v.norms[k - 1]
    return prev in _ROLE_LINKS or lex.stem_in(prev, lex.place_cues) is not None


def _grow_person_after_role(ctx: _Context, i: int) -> Candidate | None:
    """A name right after a role phrase: "وزير الاتصالات عمرو طلعت", "رئيس الوزراء
    الإسرائيلي أرييل شارون" (an unknown name after a role is taken when it ends where
    names end)."""
    end = _role_end(ctx, i)
    cand = _grow_person(ctx, end, evidence="bare", surface=end)
    if cand is None:
        nisba = end - 1 > i and _is_nisba(ctx.view.norms[end - 1])
        cand = _grow_person(ctx, end, evidence="nisba" if nisba else "weak", surface=end)
    if cand is None:
        # the company the role names may have a name of two or three words: "رئيس مجلس
        # إدارة توتال إنرجيز باتريك بويانيه"; the person opens with a given name
        cand, end = _person_after_company_name(ctx, i, end)
    if cand is None:
        return None
    return replace(cand, role=_source_text(ctx.view, i, end - 1), role_span=(i, end - 1))


def _person_after_company_name(ctx: _Context, i: int, end: int) -> tuple[Candidate | None, int]:
    """A person right after a role phrase ``i``..``end`` (exclusive) whose last word is an
    organisation's name: the person starts within two more words, at a given name."""
    v, lex = ctx.view, ctx.lex
    if not (end - 1 > i and lex.stem_in(v.norms[end - 2], lex.org_cues)):
        return None, end
    for start in range(end + 1, min(end + 3, v.n)):
        words = range(end, start)
        if any(_definite(ctx, k) or not _content(ctx, k) or _blocks_name(ctx, k) for k in words):
            break
        first = v.norms[start]
        if first in lex.common_given or (
            lex.foreign_given(first) and first not in lex.common_nouns
        ):
            cand = _grow_person(ctx, start, evidence="weak", surface=start)
            if cand is not None:
                return cand, start
    return None, end


def _grow_person_between_commas(ctx: _Context, i: int) -> Candidate | None:
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
    end = _role_end(ctx, head)
    if end != comma and not (
        # "زعيم الغالبية في مجلس الشيوخ ،": a place of work closes the role phrase
        end + 1 < comma
        and v.norms[end] in _ROLE_LINKS
        and lex.stem_in(v.norms[end + 1], lex.org_cues)
        and all(_definite_like(ctx, k) for k in range(end + 2, comma))
    ):
        return None
    if not _strict_name_start(ctx, i) and not (i + 1 < v.n and _strict_stem(ctx, v.norms[i], i)):
        return None
    j = i
    while j < v.n and j - i < 3 and not v.punct[j]:
        norm = v.norms[j]
        if _definite(ctx, j) or _blocks_name(ctx, j) or (j > i and norm.startswith("و")):
            return None
        j += 1
    if j < v.n and v.norms[j] not in _COMMAS:
        return None
    cand = _person(ctx, i, j - 1, 0, head)
    return replace(cand, role=_source_text(v, head, comma - 1), role_span=(head, comma - 1))


def _grow_person_before_apposition(ctx: _Context, i: int) -> Candidate | None:
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
        if _definite(ctx, k) and norm not in lex.family:
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


def _grow_organisation(ctx: _Context, i: int) -> Candidate | None:
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
        and _definite(ctx, adj)
        and _content(ctx, adj)
        and not lex.is_cue(v.norms[adj])
        and lex.stem_in(v.norms[adj], lex.places) is None
    ):
        adj += 1
    if adj > j and adj < v.n and v.quote[adj]:
        j = adj
    if j < v.n and v.quote[j]:
        close = _closing_quote(ctx, j, 8)
        if close <= j + 1:
            return None
        return Candidate(
            EntityType.ORGANISATION, j + 1, 0, close - 1, i, extra=_parenthetical(ctx, close + 1)
        )
    if j < v.n and v.is_latin(j):
        k = j
        while k < v.n and v.is_latin(k):
            k += 1
        k = _modifiers(ctx, k, 1)
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
            and _content(ctx, proper_end)
            and not is_definite(v.norms[proper_end])
            and not _blocks_name(ctx, proper_end)
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
        and (_is_nisba(v.norms[j]) or v.norms[j] in lex.naming_adjectives)
        and not analyses(v.norms[j])[1:]
    ):
        if (
            j >= v.n
            or not _definite_like(ctx, j)
            or v.norms[j] in lex.ordinals
            or v.norms[j] in lex.stopwords
            or lex.is_title(v.norms[j])
        ):
            # "الشركة" alone refers back to the company named before (kg.entities)
            return Candidate(EntityType.ORGANISATION, i, prefix, i, i, anaphor=True)
        return None  # a named one takes an adjective
    end = _modifiers(ctx, proper_end, 9)
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


def _grow_org_name(ctx: _Context, i: int) -> Candidate | None:
    """An organisation name right after a phrase that announces one ("شركتها الأم
    هينجتونج أوبتيك اليكتريك"): up to three words without the article, then its
    definite modifiers."""
    v = ctx.view
    j = i
    while (
        j < v.n
        and j - i < 3
        and _content(ctx, j)
        and not is_definite(v.norms[j])
        and not _blocks_name(ctx, j)
        and not (j > i and v.norms[j].startswith("و"))
    ):
        j += 1
    if j == i:
        return None
    end = _modifiers(ctx, j, 3)
    return Candidate(EntityType.ORGANISATION, i, 0, end - 1, i, extra=_parenthetical(ctx, end))


def _parenthetical(ctx: _Context, j: int) -> tuple[tuple[int, int], ...]:
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


def _short_name_word(ctx: _Context, k: int) -> bool:
    """Token ``k`` can be a word of an organisation's short name: Arabic, rarer than
    :data:`SHORT_NAME_MAX_ZIPF`, no adjective, function word, place, cue or known
    personal name ("أوبك", "الويبو"; not "الفرنسية")."""
    v, lex = ctx.view, ctx.lex
    norm = v.norms[k]
    if not _content(ctx, k) or v.is_latin(k) or len(norm) < 3 or norm[:1].isdigit():
        return False
    return not (
        lex.word_zipf.get(norm, 0.0) >= SHORT_NAME_MAX_ZIPF
        or _is_nisba(norm)
        or lex.blocks_name(norm)
        or lex.stem_in(norm, lex.places) is not None
        or norm in lex.given
    )


#: A word in brackets after a name is its short name only when everyday Arabic uses it
#: less than this (Zipf scale): "أوبك" (4.0), not "الاجتماع".
SHORT_NAME_MAX_ZIPF = 4.5


def _grow_latin(ctx: _Context, i: int) -> Candidate | None:
    v = ctx.view
    if not v.is_latin(i) or (i > 0 and (v.norms[i - 1] == "(" or v.is_latin(i - 1))):
        return None
    k = i
    while k < v.n and v.is_latin(k):
        k += 1
    return Candidate(EntityType.ORGANISATION, i, 0, k - 1, i)


def _grow_quoted(ctx: _Context, i: int, surface: int) -> Candidate | None:
    v = ctx.view
    if i >= v.n or not v.quote[i]:
        return None
    close = _closing_quote(ctx, i, 30)
    if close <= i + 1:
        return None
    return Candidate(ctx.rule.type or EntityType.EVENT, i + 1, 0, close - 1, surface)


def _event_head(ctx: _Context, i: int) -> tuple[int, str, int] | None:
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


def _grow_event(ctx: _Context, i: int) -> Candidate | None:
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
        if k < v.n and v.norms[k] in _TEENS:
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
    if back >= 1 and v.norms[back] in _TEENS and v.norms[back - 1] in lex.ordinals:
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
    while t < v.n and t - j < 3 and not v.punct[t] and v.norms[t] not in _TITLE_WORDS:
        t += 1
    if t < v.n and v.norms[t] in _TITLE_WORDS:
        return None
    end = _modifiers(ctx, _event_proper_name(ctx, j) if not stem.startswith("ال") else j, 8)
    if all(v.norms[k] in lex.deictic_adjectives for k in range(j, end)):
        end = j  # "الدورة الحالية", "القمة المقبلة": pointed at, not named
    end = _year_after(ctx, end)
    end = _between_places(ctx, end) if end > j else end
    if end < v.n and v.norms[end] in _TOPIC_WORDS:
        end = _topic_end(ctx, end + 1)
    if end == j:
        if stem.startswith("ال") and bare_stem in _ANAPHOR_EVENTS:
            return Candidate(EntityType.EVENT, i, prefix, j - 1, surface, anaphor=True)
        return None
    hit = lex.stem_in(v.norms[i], lex.event_cues)
    elided = hit is not None and is_elided(v.norms[i], hit)  # "للاجتماع" → الاجتماع
    return Candidate(EntityType.EVENT, i, prefix, end - 1, surface, elided=elided)


def _between_places(ctx: _Context, j: int) -> int:
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


def _place_word(ctx: _Context, norm: str) -> bool:
    return ctx.lex.stem_in(norm, ctx.lex.places) is not None


def _event_proper_name(ctx: _Context, j: int) -> int:
    """After an indefinite event head, the end of a proper name of one or two words:
    "معرض جيتكس", "منتدى دافوس الاقتصادي" (not a common word or an adjective: "مؤتمر
    صحفي", "معرض كبير")."""
    v, lex = ctx.view, ctx.lex
    k = j
    while k < v.n and k - j < 2:
        norm = v.norms[k]
        if (
            not _content(ctx, k)
            or v.quote[k]
            or _definite(ctx, k)
            or norm[:1].isdigit()
            or norm in lex.common_nouns
            or norm in lex.frequent_words
            or _is_nisba(norm)
            or len(analyses(norm)) > 1
            or _blocks_name(ctx, k)
            or _accusative(lex, norm)
            or lex.is_cue(norm)
        ):
            break
        k += 1
    return k


def _topic_end(ctx: _Context, j: int, limit: int = 12) -> int:
    """End of a topic phrase ("حول بناء أنظمة ...", "بشأن تعزيز ...")."""
    v, lex = ctx.view, ctx.lex
    k = j
    while k < v.n and k - j < limit:
        norm = v.norms[k]
        if v.punct[k] or norm in lex.boundaries or norm in _TITLE_WORDS:
            break
        if norm in {"مع", "بهدف"} or any(a.stem in lex.boundaries for a in analyses(norm)[1:]):
            break
        k += 1
    return k


def _grow_agreement(ctx: _Context, i: int) -> Candidate | None:
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
    head = _agreement_at(ctx, i)
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
        and ((_blocks_name(ctx, j) and not v.punct[j]) or v.norms[j] == "علي")
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
                or v.norms[j] in _TOPIC_WORDS
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
        and _content(ctx, end)
        and not is_definite(v.norms[end])
        and not _blocks_name(ctx, end)
        and v.norms[end] not in _TOPIC_WORDS
        and v.norms[end] not in _PARTY_WORDS
        and not v.norms[end][:1].isdigit()
    ):
        end += 1
    end = _modifiers(ctx, end, 6)
    core_end = end
    if end < v.n and (
        v.norms[end] in _TOPIC_WORDS
        or (v.norms[end] == "في" and end + 1 < v.n and v.norms[end + 1] == "مجال")
    ):
        end = _topic_end(ctx, end + 1)
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
        end = _topic_end(ctx, end + 1, limit=6)  # "اتفاقية لتمويل مشروع ..."
    short = None
    if end > core_end and quantity is None:
        short = _source_text(v, i, core_end - 1)
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


def _grow_agreement_item(ctx: _Context, i: int) -> Candidate | None:
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
    if not (conj or prev in _COMMAS or prev in lex.clause_openers or prev in lex.verbs):
        return None
    total = None
    for k in range(i - 1, -1, -1):
        if lex.may_open_agreement(v.norms[k]) and _agreement_at(ctx, k) is not None:
            if _quantity_before(ctx, k)[0] == "count":
                total = k
            break
    if total is None:
        return None
    head = _agreement_at(ctx, total)
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


def _quantity_before(ctx: _Context, i: int) -> tuple[str | None, int]:
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


def _counted_before(ctx: _Context, i: int) -> bool:
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


def _is_holding(ctx: _Context, i: int, j: int) -> bool:
    """The bare head "عقد" as the verbal noun of holding ("بجانب عقد سلسلة من
    الاجتماعات", "عقد لقاء"): a contract is signed right there or qualified."""
    v, lex = ctx.view, ctx.lex
    if analyses(v.norms[i])[-1].stem != "عقد" or j != i + 1 or j >= v.n:
        return False
    if i > 0 and lex.is_signing(v.norms[i - 1]):
        return False
    nxt = v.norms[j]
    return (
        nxt not in lex.contract_qualifiers and nxt not in _PARTY_WORDS and nxt not in (_TOPIC_WORDS)
    )


def _parties_end(ctx: _Context, j: int) -> int:
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


def _grow_place(ctx: _Context, i: int) -> Candidate | None:
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
    if i == 0 or v.punct[i - 1] or v.norms[i - 1] in _PLACE_PREPOSITIONS:
        return best
    return best if lex.stem_in(v.norms[i - 1], lex.place_cues) else None


def _place_name_shape(ctx: _Context, i: int, norm: str) -> bool:
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


def _grow_venue(ctx: _Context, i: int, cue: int) -> Candidate | None:
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
        close = _closing_quote(ctx, i, 5)
        if close <= i + 1 or close >= v.n or not v.quote[close]:
            return None
        return Candidate(EntityType.PLACE, cue, a.prefix, close, cue)
    k = i
    while (
        k < v.n
        and k - i < 3
        and _content(ctx, k)
        and not _definite(ctx, k)
        and not _blocks_name(ctx, k)
        and not v.norms[k].startswith("و")
        and not v.norms[k][:1].isdigit()
        and not (k > i and lex.stem_in(v.norms[k], lex.places) is not None)
        and v.norms[k] not in lex.common_nouns
        and not _is_nisba(v.norms[k])
    ):
        k += 1
    if k == i or (not _is_boundary_after_name(ctx, k) and not _definite(ctx, k)):
        return None
    if lex.stem_in(v.norms[i], lex.places) is not None:
        return None  # "قصر مصر": not a venue's name
    return Candidate(EntityType.PLACE, cue, a.prefix, k - 1, cue)


def _grow_place_after_cue(ctx: _Context, i: int, surface: int) -> Candidate | None:
    """A name after a place noun ("مدينة شنتشن"), or an item of a list of places
    ("في كل من الزعفرانة وأبو تلات"), where a name with the article is allowed too."""
    v, lex = ctx.view, ctx.lex
    venue = _grow_venue(ctx, i, surface)
    if venue is not None:
        return venue
    if i >= v.n or not _content(ctx, i) or _blocks_name(ctx, i):
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
        and _content(ctx, k)
        and not _blocks_name(ctx, k)
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


def _grow_feature(ctx: _Context, i: int) -> Candidate | None:
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
    if k >= v.n or not _content(ctx, k) or v.is_latin(k):
        return None
    definite = a.stem.startswith("ال") or (a.stem == "شبه" and is_definite(v.norms[k - 1]))
    j = k
    if definite:
        # adjectives agreeing with the noun: "الأحمر", "الأبيض المتوسط", "العربية"
        while j < v.n and j - k < 2 and _definite(ctx, j) and _content(ctx, j):
            if lex.is_cue(v.norms[j]) or analyses(v.norms[j])[-1].prep:
                break
            j += 1
    else:
        norm = v.norms[k]
        if _definite(ctx, k) and not lex.is_cue(norm) and not norm.endswith(_PRONOUNS):
            j = k + 1  # "نهر النيل", "جبال الأطلس"
        elif not _definite(ctx, k) and _place_name_shape(ctx, k, norm):
            j = k + 1  # "خليج عدن", "بحيرة فيكتوريا"
    if j == k:
        return None
    return Candidate(EntityType.PLACE, i, a.prefix, j - 1, i)


def _grow_team(ctx: _Context, i: int, cue: int) -> Candidate | None:
    """A team after "فريق" or a host/guest noun ("على ضيفه بورتو", "فريق الأرسنال"): a
    name, not a common noun ("فريق العمل") and not a place ("فريق مصر" is the country's)."""
    v = ctx.view
    if i >= v.n or v.punct[i]:
        return None
    if v.is_latin(i):
        return _grow_latin(ctx, i)
    return _cueless_org(ctx, i, cue, stop=lambda j: j > i and v.norms[j].startswith("و"))


def _grow_dateline(ctx: _Context, i: int, cue: int) -> Candidate | None:
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


def _grow_body_named(ctx: _Context, i: int, cue: int) -> Candidate | None:
    """The body a spokesman speaks for ("المتحدث باسم الفيفا", "الناطق باسم حماس"): a
    name written with its article ("الكرملين"), or one to three words that are no common
    noun; a place or a common noun ("باسم الحكومة") is not taken."""
    v = ctx.view
    if i >= v.n or not _content(ctx, i) or v.is_latin(i):
        return None
    cand = _cueless_org(ctx, i, cue, stop=lambda j: v.norms[j].endswith("ا"))
    if cand is None or (not _definite(ctx, i) and not _name_end_ok(ctx, cand.last + 1)):
        return None  # words without the article must end where names end
    return cand


def _cueless_org(
    ctx: _Context, i: int, cue: int, *, stop: Callable[[int], bool]
) -> Candidate | None:
    """An organisation with no cue noun of its own, at token ``i``: a name always written
    with its article ("الكرملين") alone, or one to three words without the article that
    are no common noun, ending before a word where ``stop`` holds. A place or a cue noun
    (an organisation the cue rule finds) is none."""
    v, lex = ctx.view, ctx.lex
    norm = v.norms[i]
    if lex.stem_in(norm, lex.places) is not None or lex.is_cue(norm):
        return None
    if _definite(ctx, i):
        if norm not in lex.definite_names:
            return None
        return Candidate(EntityType.ORGANISATION, i, 0, i, cue)
    j = i
    while j < v.n and j - i < 3 and _content(ctx, j) and not _definite(ctx, j):
        if _blocks_name(ctx, j) or v.norms[j] in lex.common_nouns or stop(j):
            break
        j += 1
    return None if j == i else Candidate(EntityType.ORGANISATION, i, 0, j - 1, cue)


def _feature_stem(lex: Lexicon, stem: str) -> bool:
    return stem in lex.feature_cues or stem == "شبه"


# --------------------------------------------------------------------------- driver


def _grow(ctx: _Context, i: int, cue_token: int) -> Candidate | None:
    grow = ctx.rule.grow
    if grow == "person" and ctx.view.norms[i] in _SON_OF:
        return _grow_patronym(ctx, i)
    if grow == "person":
        title = _title_at(ctx, cue_token) if cue_token < i else None
        if title is None and cue_token < i and is_definite(ctx.view.norms[cue_token]):
            # a nationality used as a noun: "الفرنسي نيكولا ماهو"
            if ctx.lex.stem_in(ctx.view.norms[cue_token], ctx.lex.nationalities) is None:
                return None
            if cue_token > 0 and is_definite(ctx.view.norms[cue_token - 1]):
                return None  # an adjective of the noun before it: "الطيران الإسرائيلي"
            if cue_token > 0 and ctx.view.norms[cue_token - 1] in ctx.lex.roles:
                return None  # a role's complement: "وزير المالية" (not "the Malian")
            return _grow_person(ctx, i, evidence="nationality", surface=cue_token)
        if title is not None:
            if cue_token + 1 < i:  # a nationality adjective stands between
                return _grow_person(ctx, i, evidence="nisba", surface=cue_token)
            weak = title in ctx.lex.weak_titles
            return _grow_person(ctx, i, evidence="weak" if weak else "title", surface=cue_token)
        return _grow_person(ctx, i, evidence="weak")  # after a reporting verb
    if grow == "before_nationality":
        return _grow_before_nationality(ctx, i)
    if grow == "kunya":
        return _grow_kunya(ctx, i)
    if grow == "person_bare":
        return _grow_person(ctx, i, evidence="bare")
    if grow == "person_after_role":
        return _grow_person_after_role(ctx, i)
    if grow == "person_between_commas":
        return _grow_person_between_commas(ctx, i)
    if grow == "person_before_apposition":
        return _grow_person_before_apposition(ctx, i)
    if grow == "organisation":
        return _grow_organisation(ctx, i)
    if grow == "latin":
        return _grow_latin(ctx, i)
    if grow == "quoted":
        return _grow_quoted(ctx, i, cue_token)
    if grow == "event":
        return _grow_event(ctx, i)
    if grow == "agreement":
        return _grow_agreement(ctx, i)
    if grow == "agreement_item":
        return _grow_agreement_item(ctx, i)
    if grow == "place":
        return _grow_place(ctx, i)
    if grow == "place_after_cue":
        return _grow_place_after_cue(ctx, i, cue_token)
    if grow == "feature":
        return _grow_feature(ctx, cue_token)
    if grow == "body_named":
        return _grow_body_named(ctx, i, cue_token)
    if grow == "team":
        return _grow_team(ctx, i, cue_token)
    if grow == "dateline":
        return _grow_dateline(ctx, i, cue_token)
    raise AssertionError(grow)  # rules.py validates grower names


def _grow_patronym(ctx: _Context, k: int) -> Candidate | None:
    """A name with a patronym around ``بن`` at token ``k``: "الحسن بن علي", "معاوية بن
    أبي سفيان", "عبد الله بن عمر"; the word before must be able to open a name and the
    word after must be a name word."""
    v, lex = ctx.view, ctx.lex
    i, j = k - 1, k + 1
    if i < 0 or j >= v.n or v.is_latin(i) or v.quote[i]:
        return None
    if not _content(ctx, i) and not _is_ali(v, i):
        return None
    first = v.norms[i]
    if len(first) < 2 or first[:1].isdigit() or lex.is_cue(first):
        return None
    if (_blocks_name(ctx, i) and not _is_ali(v, i)) or lex.stem_in(first, lex.places):
        return None
    if first not in lex.given and first not in lex.family and not _is_ali(v, i):
        return None  # "مطار بن غوريون": a facility named after a person
    if i > 0 and (v.norms[i - 1] in _PARTICLES or v.norms[i - 1].endswith("عبد")):
        i -= 1  # "عبد الله بن ...", "أبو بكر بن ..."
    elif i > 0 and is_definite(first) and v.norms[i - 1] in lex.given:
        i -= 1  # a compound given name: "زين العابدين بن علي"
    particle = v.norms[j] in _PARTICLES and j + 1 < v.n
    if particle:
        j += 1  # "بن أبي سفيان", "بن عبد العزيز"
    nxt = v.norms[j]
    # after a particle a role word is a name too: "بن أبي طالب"
    blocked = _blocks_name(ctx, j) and not particle
    if v.punct[j] or (blocked and not _is_ali(v, j)) or nxt[:1].isdigit():
        return None
    if is_definite(nxt) and nxt not in lex.given and nxt not in lex.family:
        return None
    while j + 2 < v.n and v.norms[j + 1] in _SON_OF and _content(ctx, j + 2):
        if _blocks_name(ctx, j + 2) and not _is_ali(v, j + 2):
            break
        j += 2  # "محمد بن عبد الله بن عبد المطلب"
        if v.norms[j] in _PARTICLES and j + 1 < v.n and _content(ctx, j + 1):
            j += 1
    return _person(ctx, i, j, 0, None)


def _grow_kunya(ctx: _Context, i: int) -> Candidate | None:
    """A name opened by أبو/أبا/أبي, "father of" ("أبو هريرة", "أبو مصعب الزرقاوي"): the
    next word must be a given or family name, or a word that is no common noun, everyday
    word, place or cue; a family name or a nisba (no nationality) with the article may
    follow. "أبو ظبي" is a place."""
    v, lex = ctx.view, ctx.lex
    norm, j = v.norms[i], i + 1
    head = next((k for k in _KUNYA if norm.endswith(k)), None)
    if head is None or j >= v.n or not _content(ctx, j) or v.is_latin(j):
        return None
    prefix = len(norm) - len(head)
    nxt = v.norms[j]
    if any(c not in "وفبل" for c in norm[:prefix]) or nxt[:1].isdigit():
        return None
    if lex.stem_in(f"{head} {nxt}", lex.places) is not None or _blocks_name(ctx, j):
        return None
    named = nxt in lex.given or nxt in lex.family or _is_ali(v, j)
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


def _grow_before_nationality(ctx: _Context, i: int) -> Candidate | None:
    """An organisation named after a preposition and just before a nationality adjective,
    in one or two words that are no known personal name, common noun, cue or place ("مع
    نوكيا الفنلندية", "إلى فيردر بريمن الألماني", "على أجاكس الهولندي"); the second may be
    a city ("أمام ريال مدريد الإسباني"). A verb can stand where the preposition stands
    ("فاز الإسباني ..."), and a person after a title ("المدافع ماتيراتزي الإيطالي"), so
    nothing else opens it; a country before its own adjective is not taken."""
    v, lex = ctx.view, ctx.lex
    if i == 0 or lex.stem_in(v.norms[i], lex.nationalities) is None or not _definite(ctx, i):
        return None

    def named(k: int, *, place_ok: bool) -> bool:
        """Token ``k`` as it stands (no clitic: a preposition opens the name) can be a
        word of an organisation's name."""
        if k < 0 or not _content(ctx, k) or v.is_latin(k) or v.quote[k]:
            return False
        if v.sentence.tokens[k].text.endswith(_PRONOUNS):  # "ركبته" (not ة: "فنربخشة")
            return False
        norm = v.norms[k]
        if (
            len(norm) < 3
            or norm[:1].isdigit()
            or (_definite(ctx, k) and norm not in lex.definite_names)
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


#: Prepositions before a side or a partner: "على أجاكس الهولندي", "إلى فيردر بريمن الألماني".
_OBJECT_PREPOSITIONS = frozenset({"علي", "الي", "مع", "ضد", "امام", "من"})


#: Prepositions and particles of two letters that never sit inside a foreign name.
_PREPOSITIONS = frozenset({"في", "من", "عن", "مع", "او", "ان", "قد", "لم", "لن", "ما", "هو", "هي"})
#: "Father of", opening a kunya.
_KUNYA = ("ابو", "ابا", "ابي")
#: The word "son of" inside a name; "ابن" is also the noun "son" ("ابن عشر سنين").
_SON_OF = frozenset({"بن"})
_COMMAS = frozenset({"،", ","})
_PRONOUNS = ("ه", "ها", "هم", "هما")
_PRONOUNS_LONGEST = tuple(sorted(_PRONOUNS, key=len, reverse=True))
_HAMZA_AL = re.compile("^[وفبلك]{0,2}[أإآ]ل")


def _title_at(ctx: _Context, k: int) -> str | None:
    """The honorific or title at token ``k`` (with و/ف attached or not), if any."""
    hit = ctx.lex.stem_in(ctx.view.norms[k], ctx.lex.honorifics)
    return None if hit is None else hit.stem


def _signing_in(view: SentView, lex: Lexicon) -> bool:
    """The sentence says that something was signed (or is signed): a signing word that
    no future marker of lexicons/future_markers.txt governs ("سيتم توقيع",
    "ستختتم القمة بتوقيع ..." sign nothing yet)."""
    norms = view.norms
    for k, norm in enumerate(norms):
        signing = lex.is_signing(norm) or (
            lex.signing_first(norm)
            and k + 1 < len(norms)
            and f"{norm} {norms[k + 1]}" in lex.signing
        )
        if signing and not _future(view, k, lex):
            return True
    return False


def _future(view: SentView, k: int, lex: Lexicon) -> bool:
    """A future marker stands at token ``k`` or among the three words before it."""
    for t in range(max(0, k - 3), k + 1):
        if lex.stem_in(view.norms[t], lex.future_markers) is not None:
            return True
    return False


def _gated(rule: Rule, view: SentView, lex: Lexicon) -> list[re.Match[str]]:
    """The matches of a rule whose grower begins by looking a word up (a common given
    name, the first word of a place name): the pattern is matched only at the tokens
    where that look-up succeeds, each on its own."""
    test = _START_TESTS[rule.grow]
    known = lex.word_tests.setdefault(rule.grow, {})  # a dict look-up per word, not a call
    if len(known) >= MAX_CACHED_WORDS:
        known.clear()
    regex, joined, starts = rule.regex, view.joined, view.starts
    out = []
    for t, norm in enumerate(view.norms):
        passed = known.get(norm)
        if passed is None:
            passed = known[norm] = test(lex, norm)
        if passed:
            pos = starts[t]
            match = regex.match(joined, pos - 1 if pos else 0)
            if match is not None:
                out.append(match)
    return out


_START_TESTS: dict[str, Callable[[Lexicon, str], bool]] = {
    "person_bare": Lexicon.may_open_given_name,
    "place": Lexicon.may_open_place,
}


def _candidates(
    view: SentView, rules: Sequence[Rule], index: RuleIndex, lex: Lexicon
) -> Iterable[tuple[Rule, Candidate]]:
    """Candidates of every mention rule in one sentence, in rule order; ``index`` covers
    the rules without a start test (see :func:`_gated`)."""
    indexed = iter(index.matches(view.norms, view.joined, view.starts))
    role_ends: dict[int, int] = {}
    signing: list[bool] = []
    for rule in rules:
        if rule.type is None:
            continue
        matches = _gated(rule, view, lex) if rule.grow in _START_TESTS else next(indexed)
        if not matches:
            continue
        ctx = _Context(lex, view, rule, role_ends, signing)
        seen: set[int] = set()
        has_cue = "cue" in rule.regex.groupindex
        joined, starts, size = view.joined, view.starts, len(view.joined)
        for match in matches:
            pos = match.start("name")
            if pos < 0 or pos >= size:
                continue
            i = bisect.bisect_right(starts, pos) - 1  # the token holding pos
            if joined[pos] == " ":
                i += 1
            if i >= view.n or i in seen:
                continue
            seen.add(i)
            cue_pos = match.start("cue") if has_cue else -1
            if cue_pos < 0:
                cue_pos = match.start()
            cue_token = bisect.bisect_right(starts, cue_pos) - 1 if cue_pos < size else i
            cand = _grow(ctx, i, min(cue_token, i))
            if cand is not None:
                yield rule, cand


def _select(cands: list[tuple[Rule, Candidate]]) -> list[tuple[Rule, Candidate]]:
    """Keep non-overlapping candidates per layer, longest first, then rule order."""
    chosen: list[tuple[Rule, Candidate]] = []
    order = sorted(
        enumerate(cands),
        key=lambda ic: (-(ic[1][1].last - ic[1][1].surface_first), ic[0]),
    )
    taken: dict[bool, list[tuple[int, int]]] = {True: [], False: []}
    for _, (rule, cand) in order:
        layer = cand.type in _STRUCTURAL
        span = (cand.surface_first, cand.last)
        if any(not (span[1] < s or span[0] > e) for s, e in taken[layer]):
            continue
        taken[layer].append(span)
        chosen.append((rule, cand))
    chosen.sort(key=lambda rc: (rc[1].first, rc[1].last))
    return chosen


def _source_text(view: SentView, first: int, last: int) -> str:
    """The document text from token ``first`` to token ``last`` (inclusive)."""
    tokens = view.sentence.tokens
    return view.text[tokens[first].start : tokens[last].end]


def find_mentions(
    doc: Document,
    rules: Sequence[Rule] | None = None,
    *,
    sentences: Sequence[Sentence] | None = None,
    lexicon: Lexicon | None = None,
) -> list[Mention]:
    """Return the mentions of ``doc`` found by ``rules`` (default: the shipped rules).

    Args:
        doc: the document.
        rules: mention rules to apply, in priority order.
        sentences: the document's sentences, if already split.
        lexicon: word classes (default: the shipped lexicons and gazetteers).

    Returns:
        Mentions sorted by offset; ``text == doc.text[start:end]`` for each.
    """
    rules = default_rules() if rules is None else rules
    lex = default_lexicon() if lexicon is None else lexicon
    sentences = split_sentences(doc) if sentences is None else sentences
    index = rule_index([r for r in rules if r.type is not None and r.grow not in _START_TESTS])
    chosen: list[tuple[SentView, list[tuple[Rule, Candidate]]]] = []
    for sentence in sentences:
        view = SentView.of(sentence, doc.text)
        found = _select(list(_candidates(view, rules, index, lex)))
        found = _drop_places_in_roles(view, found, lex)
        chosen.append((view, found + _conjoined_names(view, found, lex)))
    places = any(c.type is EntityType.PLACE and c.last == c.first for _, f in chosen for _, c in f)
    common = _common_nouns(chosen, lex) if places else frozenset()
    out: list[Mention] = []
    for view, found in chosen:
        for rule, cand in found:
            if cand.type is EntityType.PLACE and _place_key(view, cand) in common:
                continue
            if cand.type is EntityType.ORGANISATION and _span_key(view, cand) in lex.generic_bodies:
                continue  # "مجلس الإدارة": a body inside another organisation
            if cand.type is EntityType.ORGANISATION and _described(view, cand, lex):
                continue  # "المجلس البلدي", "الحركة الأصولية": a description
            if cand.type is EntityType.PLACE and _club(view, cand, lex) and _sports(view, lex):
                cand = replace(cand, type=EntityType.ORGANISATION, note="club")
            out.extend(_to_mentions(doc, view, rule, cand))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _described(view: SentView, cand: Candidate, lex: Lexicon) -> bool:
    """A definite cue noun and one adjective that is no nationality, no city's adjective
    and no naming adjective (lexicons/naming_adjectives.txt): a description
    ("المؤسسة الأمنية"), not a name ("البنك الدولي", "الاتحاد الأوروبي", "النادي
    المكناسي")."""
    if cand.last != cand.first + 1 or cand.label is not None:
        return False
    head, adjective = view.norms[cand.first][cand.prefix :], view.norms[cand.last]
    if not is_definite(head) or not lex.is_cue(head) or not _is_nisba(adjective):
        return False
    base = adjective.removeprefix("ال").removesuffix("ه").removesuffix("ي")
    return (
        adjective not in lex.naming_adjectives
        and lex.stem_in(adjective, lex.nationalities) is None
        and adjective not in lex.definite_names
        and base not in lex.places  # a city's adjective: "النادي المكناسي"
    )


def _sports(view: SentView, lex: Lexicon) -> bool:
    """The sentence reads as a sports report (one of lexicons/sports_cues.txt)."""
    return any(a.stem in lex.sports_cues for n in view.norms for a in analyses(n))


def _club(view: SentView, cand: Candidate, lex: Lexicon) -> bool:
    """In a sports report, a city named as a side is its club: "فاز برشلونة على ليون",
    "أمام ليون" (not "في لندن", "بمدريد", a dateline, and never a country or region)."""
    name = _place_key(view, cand)
    if cand.last != cand.first or name in lex.major_places or cand.prefix:
        return False  # "كوريا الجنوبية", "الولايات المتحدة": countries, not clubs
    nxt = view.norms[cand.last + 1] if cand.last + 1 < view.n else ""
    if cand.first == 0 and nxt in ("-", "("):
        return False  # a dateline: "مدريد - رويترز -"
    prev = view.norms[cand.first - 1] if cand.first > 0 else ""
    if prev in {"علي", "امام", "مع", "ضد"}:
        return True  # "فاز على ليون", "أمام ليون": the opponent
    return prev not in _PLACE_PREPOSITIONS and prev not in {"مدينه", "عاصمه", "ملعب"}


def _span_key(view: SentView, cand: Candidate) -> str:
    """The normalised words of a candidate, proclitics of its first word dropped."""
    first = ("ا" if cand.elided else "") + view.norms[cand.first][cand.prefix :]
    return " ".join([first, *view.norms[cand.first + 1 : cand.last + 1]])


def _place_key(view: SentView, cand: Candidate) -> str:
    """The normalised name of a one-word place candidate (else "")."""
    if cand.last != cand.first:
        return ""
    return view.norms[cand.first][cand.prefix :]


def _common_nouns(
    chosen: Sequence[tuple[SentView, Sequence[tuple[Rule, Candidate]]]], lex: Lexicon
) -> frozenset[str]:
    """One-word gazetteer places of a document that are common words or names there.

    A city name whose definite form (ال + name) also occurs in the document is a
    common noun ("كابل" beside "الكابل"); a word found as a person's (last) name in the
    document is that person ("أنان"), not the city of that name. Countries and regions
    are always places.
    """
    words: set[str] = set()
    for view, found in chosen:
        for norm in view.norms:
            words.update(article_stems(norm))
        for _, cand in found:
            if cand.type is EntityType.PERSON:
                words.add(
                    view.norms[cand.last]
                    if cand.last > cand.first
                    else view.norms[cand.first][cand.prefix :]
                )
    return frozenset(w for w in words if len(w) > 2 and w not in lex.major_places)


@lru_cache(maxsize=200_000)
def article_stems(norm: str) -> tuple[str, ...]:
    """What follows the article ال in each analysis of ``norm`` that has one."""
    return tuple(a.stem[2:] for a in analyses(norm) if a.stem.startswith("ال"))


def _drop_places_in_roles(
    view: SentView, found: list[tuple[Rule, Candidate]], lex: Lexicon
) -> list[tuple[Rule, Candidate]]:
    """Drop places named in a role title after a place noun: the region a manager is
    responsible for ("مدير الشؤون الحكومية لمنطقة الشرق الأوسط") is part of the title."""
    spans = []
    for _, cand in found:
        if cand.type is EntityType.PERSON and cand.role_span is not None:
            a, b = cand.role_span
            cue = next(
                (k for k in range(a, b + 1) if lex.stem_in(view.norms[k], lex.place_cues)), None
            )
            if cue is not None:
                spans.append((cue, b))
    if not spans:
        return found
    return [
        (rule, cand)
        for rule, cand in found
        if cand.type is not EntityType.PLACE
        or not any(a < cand.first and cand.last <= b for a, b in spans)
    ]


def _conjoined_names(
    view: SentView, found: list[tuple[Rule, Candidate]], lex: Lexicon
) -> list[tuple[Rule, Candidate]]:
    """A short name conjoined to a person's name: "بوش وبلير", "الحكيم والصدر"."""
    taken = {k for _, c in found for k in range(c.surface_first, c.last + 1)}
    out = []
    for rule, cand in found:
        t = cand.last + 1
        if cand.type is not EntityType.PERSON or t >= view.n or t in taken:
            continue
        norm = view.norms[t]
        if not norm.startswith("و") or len(norm) < 4:
            continue
        ctx = _Context(lex, view, rule)
        stem = norm[1:]
        if stem in lex.roles or stem in lex.honorifics:
            continue  # "والأمين العام ...": the next member's title, not a name
        if stem.startswith("ال") or stem.endswith("ه"):
            ok = (stem in lex.family or stem in lex.given) and _name_end_ok(ctx, t + 1)
        else:
            ok = (
                _strict_stem(ctx, stem, t)
                and stem not in lex.common_nouns
                and _name_end_ok(ctx, t + 1)
            )
        if ok:
            out.append((rule, Candidate(EntityType.PERSON, t, 1, t, t, note="conjoined")))
            taken.add(t)
    return out


def _to_mentions(doc: Document, view: SentView, rule: Rule, cand: Candidate) -> list[Mention]:
    tokens = view.sentence.tokens
    first = tokens[cand.first]
    start = first.start + orig_offset(first.text, cand.prefix)
    end = tokens[cand.last].end
    text = doc.text[start:end]
    if not text.strip():
        return []
    surface_start = tokens[cand.surface_first].start
    if cand.surface_first == cand.first:
        surface_start = start
    surface = doc.text[surface_start:end]
    if (
        cand.last + 1 < len(tokens)
        and view.quote[cand.last + 1]
        and cand.surface_first < cand.first
    ):
        surface = doc.text[surface_start : tokens[cand.last + 1].end]
    canonical = _clean_label("ا" + text if cand.elided else text)
    mention = Mention(
        doc_id=doc.id,
        start=start,
        end=end,
        text=text,
        type=cand.type,
        rule_id=rule.id
        + (".anaphor" if cand.anaphor else "")
        + (f".{cand.note}" if cand.note else ""),
        sentence=view.sentence.index,
        surface=surface,
        canonical=canonical,
        role=cand.role,
        kind=cand.kind,
        short=_clean_label(cand.short) if cand.short else "",
    )
    out = [mention]
    for a, b in cand.extra:
        s, e = tokens[a].start, tokens[b].end
        out.append(
            Mention(
                doc_id=doc.id,
                start=s,
                end=e,
                text=doc.text[s:e],
                type=cand.type,
                rule_id=rule.id + ".bracketed",
                sentence=view.sentence.index,
                surface=doc.text[s:e],
                canonical=doc.text[s:e],
                kind=cand.kind,
                alias_of=start,
            )
        )
    return out


_EDGE = re.compile(r"^[\s\"'«»“”„()\[\]،,:؛]+|[\s\"'«»“”„()\[\]،,:؛.]+$")


def _clean_label(text: str) -> str:
    return _EDGE.sub("", " ".join(text.split()))
