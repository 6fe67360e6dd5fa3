"""Word classes used by the extraction stages, built from the lexicons (pure lookups).

Everything here works on normalised tokens (see :mod:`kg.normalize`). Arabic attaches
conjunctions and prepositions to the next word (و، ف، ب، ل، ك); :func:`analyses` lists
the ways a token can be split into such proclitics and a stem, so that "بالصين",
"لأوروبا" and "وشركة" are matched as "الصين", "أوروبا" and "شركة".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from kg import resources
from kg.normalize import normalize

_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
#: Proclitics a place name takes (ك "like" rarely attaches to one, and misreads words
#: such as "كبرى").
PLACE_PREP = ("ب", "ل")


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


def is_definite(norm: str) -> bool:
    """True when the token carries the article ال (also after و/ب/ل/ك, and لل)."""
    return any(a.stem.startswith("ال") and len(a.stem) > 3 for a in analyses(norm))


class Lexicon:
    """Word classes of the lexicon files and gazetteers, as sets of normalised words."""

    @cached_property
    def stopwords(self) -> frozenset[str]:
        return frozenset(resources.lexicon("stopwords"))

    @cached_property
    def honorifics(self) -> frozenset[str]:
        return frozenset(resources.lexicon("honorifics"))

    @cached_property
    def roles(self) -> frozenset[str]:
        """Role heads (first word of each role entry) and their definite forms."""
        heads = {entry.split()[0] for entry in resources.lexicon("roles")}
        return frozenset(heads | {"ال" + h for h in heads if not h.startswith("ال")})

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
        """Agreement head phrases as token tuples -> kind."""
        return {tuple(k.split()): v for k, v in resources.lexicon_table("agreement_cues").items()}

    @cached_property
    def place_cues(self) -> frozenset[str]:
        heads = set(resources.lexicon("place_cues"))
        return frozenset(heads | {"ال" + h for h in heads})

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
    def given(self) -> frozenset[str]:
        return resources.names().given

    @cached_property
    def common_given(self) -> frozenset[str]:
        return resources.names().common_given

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
    def place_max_tokens(self) -> int:
        return max((p.count(" ") + 1 for p in self.places), default=1)

    def stem_in(self, norm: str, words: frozenset[str] | dict[str, str]) -> Analysis | None:
        """Return the first analysis of ``norm`` whose stem is in ``words``."""
        for a in analyses(norm):
            if a.stem in words:
                return a
        return None

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
