"""Word classes used by the extraction stages, built from the lexicons (pure lookups).

Everything here works on normalised tokens (see :mod:`kg.normalize`). Arabic attaches
conjunctions and prepositions to the next word (و، ف، ب، ل، ك); :func:`analyses` lists
the ways a token can be split into such proclitics and a stem, so that "بالصين",
"لأوروبا" and "وشركة" are matched as "الصين", "أوروبا" and "شركة".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from kg import resources
from kg.normalize import normalize
from kg.skeleton import arabic_skeleton

_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
_CLITICS = frozenset(_CONJ + _PREP)
#: Attached object and possessive pronouns ("فيها", "أنهم", "عليه", "لنا").
_PRONOUN_SUFFIXES = ("هما", "هم", "هن", "ها", "ه", "نا", "كم", "ك")
#: Proclitics a place name takes (ك "like" rarely attaches to one, and misreads words
#: such as "كبرى").
PLACE_PREP = ("ب", "ل")
#: A word at least this frequent (Zipf scale) is an everyday word: after a title it opens
#: no name ("الرئيس وصل"), and it is not looked up again on its own as a name.
FREQUENT_MIN_ZIPF = 5.0

#: A per-word cache (rule openers, word tests, word flags) is emptied at this size.
MAX_CACHED_WORDS = 200_000


#: Verb stems shorter than this give no derived forms: "تان", "سيول" are names.
VERB_FORM_MIN_STEM = 3


def verb_forms(imperfect: frozenset[str]) -> frozenset[str]:
    """The third-person forms derived from imperfect verbs ``يفعل``: the feminine
    imperfect ``تفعل`` ("تنص", "تتناول"), the future ``سيفعل``/``ستفعل`` ("سيتوجه",
    "ستزور") and the feminine perfect ``فعلت`` of stems that keep their letters there
    ("تناولت", "نشرت"). Stems shorter than :data:`VERB_FORM_MIN_STEM` letters give
    none."""
    out: set[str] = set()
    for verb in imperfect:
        stem = verb[1:]
        if verb.startswith("ي") and len(stem) >= VERB_FORM_MIN_STEM:
            out.update(("ت" + stem, "سي" + stem, "ست" + stem, stem + "ت"))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Analysis:
    """A split of a token into proclitics (``prefix`` characters of the norm) and a stem."""

    prefix: int  # number of normalised characters of proclitics
    stem: str
    conj: bool  # a conjunction و/ف is attached
    prep: str  # attached preposition (ب/ل/ك) or ""


@cache
def analyses(norm: str) -> tuple[Analysis, ...]:
    """Return the possible proclitic splits of a normalised token, the bare token first.

    ``لل`` + stem is read as ل + ال + stem (the alef of the article is elided).
    """
    out = [Analysis(0, norm, False, "")]
    if norm[:1] not in _CLITICS:
        return tuple(out)
    for c_len in (0, 1):
        if c_len and not norm.startswith(_CONJ):
            continue
        rest = norm[c_len:]
        if c_len and len(rest) >= 2:
            out.append(Analysis(c_len, rest, True, ""))
        if rest[:1] in _PREP and len(rest) >= 3:
            stem = rest[1:]
            if rest[0] == "ل" and stem.startswith("ل") and len(stem) >= 3:
                out.append(Analysis(c_len + 1, "ا" + stem, bool(c_len), "ل"))
            out.append(Analysis(c_len + 1, stem, bool(c_len), rest[0]))
    return tuple(out)


def is_elided(norm: str, a: Analysis) -> bool:
    """``a`` reads ل + the article with its alef dropped ("للأمم" → ل + الأمم): a span
    starting at ``a.prefix`` begins with the article's lam and the name needs its alef
    back."""
    return a.stem != norm[a.prefix :]


@lru_cache(maxsize=200_000)
def is_definite(norm: str) -> bool:
    """True when the token carries the article ال (also after و/ب/ل/ك, and لل)."""
    return any(a.stem.startswith("ال") and len(a.stem) > 3 for a in analyses(norm))


class WordMemo(dict[str, bool]):
    """The answers of one word test, by word: looking a word up runs the test the first
    time only. A dict look-up costs a fraction of a call, and the tests that run on every
    token are asked of each word many times. Emptied at :data:`MAX_CACHED_WORDS`."""

    __slots__ = ("_test",)

    def __init__(self, test: Callable[[str], bool]) -> None:
        super().__init__()
        self._test = test

    def __missing__(self, word: str) -> bool:
        if len(self) >= MAX_CACHED_WORDS:
            self.clear()
        answer = self[word] = self._test(word)
        return answer


class Lexicon:
    """Word classes of the lexicon files and gazetteers, as sets of normalised words."""

    @cached_property
    def opens_given_name(self) -> WordMemo:
        """:meth:`may_open_given_name` as a look-up table (the growers ask it of every
        token)."""
        return WordMemo(self.may_open_given_name)

    @cached_property
    def opens_place(self) -> WordMemo:
        """:meth:`may_open_place` as a look-up table."""
        return WordMemo(self.may_open_place)

    @cached_property
    def stopwords(self) -> frozenset[str]:
        return frozenset(resources.lexicon("stopwords"))

    @cached_property
    def honorifics(self) -> frozenset[str]:
        return frozenset(resources.lexicon("honorifics"))

    @cached_property
    def weak_titles(self) -> frozenset[str]:
        """Titles also used alone as nouns ("اللاعب"): a name after them needs more evidence."""
        table = resources.lexicon_table("honorifics")
        return frozenset(k for k, v in table.items() if v == "weak")

    def is_function_word(self, norm: str) -> bool:
        """A stop word, also with a clitic attached: "وفي", "فيها", "أنها", "لهم".

        The pronoun ي is not stripped: after normalisation "منى" (a name) and "مني"
        look alike.
        """
        if norm in self.stopwords:
            return True
        return self._function_word(norm)

    @cache  # noqa: B019 - one lexicon per process; the cache is the point
    def _function_word(self, norm: str) -> bool:
        if any(a.stem in self.stopwords for a in analyses(norm)[1:]):
            return True
        for suffix in _PRONOUN_SUFFIXES:
            if norm.endswith(suffix) and len(norm) > len(suffix):
                base = norm[: -len(suffix)]
                if len(base) >= 2 and any(a.stem in self.stopwords for a in analyses(base)):
                    return True
                if suffix == "نا" and base + "ن" in self.stopwords:  # منّا، عنّا
                    return True
        return False

    @cache  # noqa: B019 - one lexicon per process; the cache is the point
    def blocks_name(self, norm: str) -> bool:
        """True for a word that cannot be part of a personal name: a function word, an
        honorific, a role or organisation/event cue (with clitics or not)."""
        if self.is_function_word(norm) or norm in self.honorifics or norm in self.roles:
            return True
        return any(
            a.stem in self.honorifics
            or a.stem in self.roles
            or a.stem in self.org_cues
            or a.stem in self.event_cues
            for a in analyses(norm)
        )

    @cache  # noqa: B019 - one lexicon per process; the cache is the point
    def is_possessed_cue(self, norm: str) -> bool:
        """A cue noun with a possessive pronoun ("وشركتها", "وزارته"): it refers to an
        organisation named elsewhere and starts a new phrase."""
        for a in analyses(norm):
            for suffix in ("هما", "هم", "ها", "ه"):
                if a.stem.endswith(suffix) and len(a.stem) > len(suffix) + 2:
                    base = a.stem[: -len(suffix)]
                    if base.endswith("ت"):
                        base = base[:-1] + "ه"
                    if base in self.org_cues or base in self.event_cues:
                        return True
        return False

    @cached_property
    def agreement_heads(self) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
        """Agreement head phrases grouped by their first word."""
        heads: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, kind in self.agreement_cues.items():
            heads.setdefault(phrase[0], []).append((phrase, kind))
        return {k: tuple(v) for k, v in heads.items()}

    @cache  # noqa: B019 - one lexicon per process; the cache is the point
    def may_open_agreement(self, norm: str) -> bool:
        """True when some split of ``norm`` is the first word of an agreement head."""
        heads = self.agreement_heads
        return any(a.stem in heads for a in analyses(norm))

    @cache  # noqa: B019 - one lexicon per process; the cache is the point
    def is_personal_name(self, norm: str) -> bool:
        """A given or family name (names-dataset), or a foreign given name by skeleton."""
        return norm in self.given or norm in self.family or self.foreign_given(norm)

    def may_open_given_name(self, norm: str) -> bool:
        """True when some split of ``norm`` is a common given name, Arabic or foreign
        (remembered by word in :attr:`opens_given_name`)."""
        return any(
            a.stem in self.common_given or (not a.prep and self.foreign_given(a.stem))
            for a in analyses(norm)
        )

    def may_open_place(self, norm: str) -> bool:
        """True when some split of ``norm`` is the first word of a place name
        (remembered by word in :attr:`opens_place`)."""
        return any(a.stem in self.place_first_words for a in analyses(norm))

    @cache  # noqa: B019 - one lexicon per process; the cache is the point
    def is_signing(self, norm: str) -> bool:
        """True when some split of ``norm`` is a signing word (وقع، توقيع ...)."""
        return any(a.stem in self.signing for a in analyses(norm))

    def signing_first(self, norm: str) -> bool:
        """True when ``norm`` opens a two-word signing phrase ("تم توقيع")."""
        return norm in self._signing_firsts

    @cached_property
    def _signing_firsts(self) -> frozenset[str]:
        return frozenset(s.split()[0] for s in self.signing if " " in s)

    @cached_property
    def place_first_words(self) -> frozenset[str]:
        """First words of the place names."""
        return frozenset(p.split(" ", 1)[0] for p in self.places)

    @cached_property
    def roles(self) -> frozenset[str]:
        """Role heads (first word of each role entry) and their definite forms."""
        heads = {entry.split()[0] for entry in resources.lexicon("roles")}
        return frozenset(heads | {"ال" + h for h in heads if not h.startswith("ال")})

    @cached_property
    def role_phrases(self) -> frozenset[str]:
        """Two-word role entries ("الأمين العام", "رئيس الوزراء"), also with the article."""
        pairs = {" ".join(e.split()[:2]) for e in resources.lexicon("roles") if " " in e}
        return frozenset(pairs | {"ال" + p for p in pairs if not p.startswith("ال")})

    @cached_property
    def org_cues(self) -> dict[str, str]:
        table = resources.lexicon_table("org_cues")
        return table | {"ال" + k: v for k, v in table.items() if not k.startswith("ال")}

    @cached_property
    def event_cues(self) -> frozenset[str]:
        heads = {e.split()[0] for e in resources.lexicon("event_cues")}
        return frozenset(heads | {"ال" + h for h in heads})

    @cached_property
    def event_phrases(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(e.split()) for e in resources.lexicon("event_cues") if " " in e)

    @cached_property
    def agreement_cues(self) -> dict[tuple[str, ...], str]:
        """Agreement head phrases as token tuples -> kind, with the article too
        ("الاتفاقيات" for "اتفاقيات")."""
        table = {tuple(k.split()): v for k, v in resources.lexicon_table("agreement_cues").items()}
        for words, kind in list(table.items()):
            if not words[0].startswith("ال"):
                table.setdefault(("ال" + words[0], *words[1:]), kind)
        return table

    @cached_property
    def place_cues(self) -> frozenset[str]:
        heads = set(resources.lexicon("place_cues"))
        return frozenset(heads | {"ال" + h for h in heads})

    @cached_property
    def venue_cues(self) -> frozenset[str]:
        """Place cues that are part of the venue's name ("فندق ...", "قصر ..."):
        lexicons/venue_cues.txt."""
        return frozenset(resources.lexicon("venue_cues"))

    @cached_property
    def feature_cues(self) -> frozenset[str]:
        """Geographic feature nouns, with and without the article (one-word ones)."""
        heads = {h for h in resources.lexicon("feature_cues") if " " not in h}
        return frozenset(heads | {"ال" + h for h in heads})

    @cached_property
    def naming_adjectives(self) -> frozenset[str]:
        """Adjectives that make "definite cue noun + adjective" a name ("البنك الدولي")."""
        return frozenset(resources.lexicon("naming_adjectives"))

    @cached_property
    def generic_bodies(self) -> frozenset[str]:
        """Bodies inside other organisations ("مجلس الإدارة"): no Organisation of their own."""
        return frozenset(resources.lexicon("generic_bodies"))

    @cached_property
    def hijri_months(self) -> frozenset[str]:
        """Hijri month names (one-word ones and the first words of the others)."""
        return frozenset(m.split()[0] for m in resources.lexicon("hijri_months"))

    @cached_property
    def scales(self) -> frozenset[str]:
        """Number words (ألف، مليون ...)."""
        return frozenset(resources.lexicon("scales"))

    @cached_property
    def sports_cues(self) -> frozenset[str]:
        """Words of sports reports (see lexicons/sports_cues.txt)."""
        return frozenset(resources.lexicon("sports_cues"))

    @cached_property
    def edition_cues(self) -> frozenset[str]:
        return frozenset(resources.lexicon("edition_cues"))

    @cached_property
    def ordinals(self) -> frozenset[str]:
        """Ordinal adjectives (الأول، الثانية ...), first word of each entry."""
        return frozenset(e.split()[0] for e in resources.lexicon("ordinals"))

    @cached_property
    def signing(self) -> frozenset[str]:
        return frozenset(resources.lexicon("signing_cues"))

    @cached_property
    def boundaries(self) -> frozenset[str]:
        return frozenset(resources.lexicon("boundaries"))

    @cached_property
    def list_connectors(self) -> tuple[tuple[str, ...], ...]:
        """Phrases joining list members besides و and the comma, longest first."""
        phrases = {tuple(e.split()) for e in resources.lexicon("list_connectors")}
        return tuple(sorted(phrases, key=lambda p: (-len(p), p)))

    @cached_property
    def counterpart_words(self) -> frozenset[str]:
        """ "نظيره", "نظيرته" ...: they open the next member of a list of persons."""
        return frozenset(resources.lexicon("counterparts"))

    @cached_property
    def representation_words(self) -> frozenset[str]:
        """ "ممثلة", "ممثلا" ...: the person who represents a body follows."""
        return frozenset(resources.lexicon("representation"))

    @cached_property
    def clause_words(self) -> frozenset[str]:
        """Connectives that open a clause wherever they stand ("كما", "فيما")."""
        return frozenset(resources.lexicon("clause_words"))

    @cached_property
    def clause_openers(self) -> frozenset[str]:
        """What opens a clause: the connectives, the verbs of clause_verbs.txt and the
        third-person verbs of :attr:`verbs`."""
        return self.clause_words | frozenset(resources.lexicon("clause_verbs")) | self.verbs

    @cached_property
    def agreement_quantifiers(self) -> dict[str, str]:
        """Quantifier phrase -> collective / member (lexicons/agreement_quantifiers.txt)."""
        return resources.lexicon_table("agreement_quantifiers")

    @cached_property
    def future_markers(self) -> frozenset[str]:
        """Words that put a signing in the future ("سيتم", "المقرر", "ستوقع")."""
        return frozenset(resources.lexicon("future_markers"))

    @cached_property
    def agreement_adjectives(self) -> frozenset[str]:
        """Adjectives of an agreement head before its parties ("آخر", "جديدة")."""
        return frozenset(resources.lexicon("agreement_adjectives"))

    @cached_property
    def agreement_duals(self) -> frozenset[str]:
        """Dual agreement heads ("اتفاقيتين", "مذكرتي"): two, counted."""
        return frozenset(resources.lexicon("agreement_duals"))

    @cached_property
    def number_words(self) -> frozenset[str]:
        """Number words that count things ("ثلاث", "عشرات")."""
        return frozenset(resources.lexicon("number_words"))

    @cached_property
    def contract_qualifiers(self) -> frozenset[str]:
        """Nouns after a bare "عقد" that make it a contract ("عقد توريد")."""
        return frozenset(resources.lexicon("contract_qualifiers"))

    @cached_property
    def directions(self) -> frozenset[str]:
        """Direction words ("غرب", "شمال"): lexicons/directions.txt, first words."""
        return frozenset(e.split()[0] for e in resources.lexicon("directions"))

    @cached_property
    def adjective_constructs(self) -> frozenset[tuple[str, str]]:
        """Adjective + definite noun pairs that act as one adjective ("رفيع المستوى"):
        lexicons/adjective_constructs.txt."""
        pairs = (tuple(e.split()) for e in resources.lexicon("adjective_constructs"))
        return frozenset((p[0], p[1]) for p in pairs if len(p) == 2)

    @cached_property
    def deictic_adjectives(self) -> frozenset[str]:
        """Adjectives that point without naming ("الحالية", "المقبلة", "نفسه"):
        lexicons/deictic_adjectives.txt."""
        return frozenset(resources.lexicon("deictic_adjectives"))

    @cached_property
    def role_adjectives(self) -> frozenset[str]:
        """Adjectives inside role phrases ("العام", "التنفيذي"): lexicons/role_adjectives.txt."""
        return frozenset(resources.lexicon("role_adjectives"))

    @cached_property
    def fillers(self) -> frozenset[str]:
        """Words and phrases that may stand between a verb and its arguments (a day,
        "كل من", "رسميا"): lexicons/fillers.txt."""
        return frozenset(resources.lexicon("fillers"))

    @cached_property
    def occasions(self) -> tuple[tuple[str, ...], ...]:
        """Phrases that put a clause inside an event ("على هامش", "خلال"), longest first."""
        phrases = {tuple(e.split()) for e in resources.lexicon("occasions")}
        return tuple(sorted(phrases, key=lambda p: (-len(p), p)))

    @cached_property
    def occasion_nouns(self) -> frozenset[str]:
        """ "فعاليات", "أعمال" ...: between an occasion phrase and its event."""
        return frozenset(resources.lexicon("occasion_nouns"))

    @cached_property
    def adverbial_openers(self) -> frozenset[str]:
        return frozenset(resources.lexicon("adverbial_openers"))

    @cached_property
    def relative_words(self) -> frozenset[str]:
        return frozenset(resources.lexicon("relative_words"))

    @cached_property
    def given(self) -> frozenset[str]:
        return resources.names().given

    @cached_property
    def common_given(self) -> frozenset[str]:
        return resources.names().common_given

    @cached_property
    def common_nouns(self) -> frozenset[str]:
        """Words also used with the article: common nouns and adjectives, not names."""
        return resources.common_nouns()

    @cached_property
    def verbs(self) -> frozenset[str]:
        """Verbs of the third person, never part of a name: the imperfect verbs of the
        shape يفعل ("يعلم", "يقود") and the forms :func:`verb_forms` derives from them
        ("تقود", "سيقود", "نشرت"). Common given names are kept out ("يحيى" spells like
        يحيي, "رفعت" like رفع + ت), and family names out of the derived forms."""
        base = resources.imperfect_verbs()
        derived = verb_forms(base) - base
        return (base - self.common_given) | (derived - self.common_given - self.family)

    @cached_property
    def word_zipf(self) -> Mapping[str, float]:
        """Word -> frequency on the Zipf scale (wordfreq); rare words are missing."""
        return resources.word_zipf()

    @cached_property
    def frequent_words(self) -> frozenset[str]:
        """Everyday words that are no common given name ("وصل", "للحصول", "الناس")."""
        words = {w for w, z in self.word_zipf.items() if z >= FREQUENT_MIN_ZIPF}
        return frozenset(words - self.common_given)

    @cached_property
    def definite_names(self) -> frozenset[str]:
        """Words nearly always written with the article: "الزمالك", "الكرملين"."""
        return resources.definite_names()

    @cached_property
    def foreign_given_keys(self) -> frozenset[str]:
        return resources.names().foreign_given

    @cache  # noqa: B019 - one lexicon per process; the cache is the point
    def foreign_given(self, norm: str) -> bool:
        """True when ``norm`` reads as a common foreign given name written in Arabic
        ("سيرغي", "الكسندر": see kg.skeleton). Cue and function words and the first words
        of place names are not."""
        if norm in self.stopwords or norm in self.common_nouns or self.is_cue(norm):
            return False
        if norm in self.place_first_words or norm in self.roles or norm in self.honorifics:
            return False  # "هونغ" opens هونغ كونغ
        return arabic_skeleton(norm) in self.foreign_given_keys

    @cached_property
    def family(self) -> frozenset[str]:
        return resources.names().family

    @cached_property
    def places(self) -> frozenset[str]:
        return resources.places()

    @cached_property
    def major_places(self) -> frozenset[str]:
        """Countries, continents and regions (cities excluded)."""
        return resources.countries_and_regions()

    @cached_property
    def major_cities(self) -> frozenset[str]:
        """Capitals and cities of a million people or more ("القاهرة", "الدوحة")."""
        return resources.major_cities()

    @cached_property
    def nationalities(self) -> frozenset[str]:
        """Definite nationality adjectives derived from country and region names
        (فرنسا → الفرنسي، البرازيل → البرازيلي، روسيا → الروسي، ألمانيا → الألماني),
        masculine and feminine."""
        out = set()
        for name in self.major_places:
            if " " in name:
                continue
            # the article, or a name that starts like it: ألمانيا → الألماني
            for base in {name.removeprefix("ال"), name}:
                if base.endswith(("ا", "ه")):
                    base = base[:-1]
                if base.endswith("ي"):  # روسيا → الروسي، تشيلي → التشيلي
                    base = base[:-1]
                if len(base) >= 3:
                    out.update({f"ال{base}ي", f"ال{base}يه"})
        return frozenset(out)

    @cached_property
    def place_max_tokens(self) -> int:
        return max((p.count(" ") + 1 for p in self.places), default=1)

    def stem_in(self, norm: str, words: frozenset[str] | dict[str, str]) -> Analysis | None:
        """Return the first analysis of ``norm`` whose stem is in ``words``."""
        for a in analyses(norm):
            if a.stem in words:
                return a
        return None

    @cache  # noqa: B019 - one lexicon per process; the cache is the point
    def is_title(self, norm: str) -> bool:
        """True when some split of ``norm`` is a role noun or an honorific ("وزير",
        "والسيد"): a person's title."""
        return any(a.stem in self.roles or a.stem in self.honorifics for a in analyses(norm))

    @cache  # noqa: B019 - one lexicon per process; the cache is the point
    def is_cue(self, norm: str) -> bool:
        """True for any head noun of an organisation, event, agreement, place or role."""
        return any(
            a.stem in self.org_cues
            or a.stem in self.event_cues
            or a.stem in self.place_cues
            or a.stem in self.roles
            or a.stem in self.honorifics
            or (a.stem,) in self.agreement_cues
            or any(k[0] == a.stem for k in self.agreement_cues)
            for a in analyses(norm)
        )


@cache
def default_lexicon() -> Lexicon:
    """The lexicon shared by the pipeline (loaded lazily, once per process)."""
    return Lexicon()


def norm_words(text: str) -> tuple[str, ...]:
    """Normalised words of ``text`` (for cue phrases written in lexicon files)."""
    return tuple(normalize(text).split())
