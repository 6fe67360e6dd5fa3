"""Consonant skeletons: how a foreign name written in Arabic is matched to its Latin form.

Arabic writes a foreign name with its consonants and only some of its vowels ("Alexander"
is ألكسندر, "Sergei" سيرغي, "Duncan" دونكان). Reduced to consonant classes, both spellings
give the same key: ``lksndr``, ``srg``, ``dnkn``. kg uses this to recognise foreign given
names in Arabic text from the Latin-script names of names-dataset, with no Arabic list
typed in.

Letters that Arabic keeps for its own words and almost never uses to transliterate (ح ع ق
ص ض ظ ذ) map to symbols no Latin name produces, so a native word carrying one of them
never matches; ث is read as the "th" of كينيث (Kenneth), and ط as the t it often writes
(أنطونيو, طومي).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Bump when the mapping changes: cached lists of skeletons are rebuilt.
SKELETON_VERSION = 4

#: Arabic letters (normalised: ا for every alef, ه for ta marbuta, ي for alef maqsura)
#: to consonant classes. Long vowels, hamza carriers and و/ي map to nothing.
_ARABIC = {
    "ب": "b",
    "ت": "t",
    "ج": "g",
    "غ": "g",
    "خ": "x",
    "د": "d",
    "ر": "r",
    "ز": "s",
    "س": "s",
    "ش": "S",
    "ف": "f",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ا": "A",
    "و": "O",
    "ي": "I",
    "ء": "",
    "ئ": "",
    "ؤ": "",
    # native letters: never produced from Latin
    "ح": "1",
    "ع": "2",
    "ق": "3",
    "ص": "4",
    "ض": "5",
    "ظ": "7",
    "ذ": "8",
    "ث": "t",  # th: كينيث، سميث
    "ط": "t",  # t before a back vowel: أنطونيو، طومي
}

#: Latin spellings to classes, longest first; each may have alternatives ("ch" is ش in
#: Charles, ك in Christopher; "j" is ج in John, خ in José). Vowels become the long vowel
#: letter Arabic may write for them (A ا, O و, I ي) or nothing, since Arabic often leaves
#: short vowels out ("Alexander" is ألكسندر).
_LATIN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tch", ("S",)),
    ("sch", ("S",)),
    ("sh", ("S",)),
    ("ch", ("S", "k")),
    ("ph", ("f",)),
    ("th", ("t",)),
    ("gh", ("g",)),
    ("kh", ("x",)),
    ("zh", ("g",)),
    ("dj", ("g",)),
    ("ck", ("k",)),
    ("qu", ("k",)),
    ("ei", ("I", "AI", "")),
    ("ey", ("I", "AI", "")),
    ("ai", ("I", "AI", "")),
    ("ay", ("I", "AI", "")),
    ("ee", ("I",)),
    ("ie", ("I", "IA")),
    ("ea", ("I", "IA")),
    ("oo", ("O",)),
    ("ou", ("O",)),
    ("au", ("O", "AO")),
    ("c", ("k",)),
    ("x", ("ks",)),
    ("j", ("g", "x")),
    ("g", ("g",)),
    ("k", ("k",)),
    ("q", ("k",)),
    ("b", ("b",)),
    ("p", ("b",)),
    ("t", ("t",)),
    ("d", ("d",)),
    ("f", ("f",)),
    ("v", ("f",)),
    ("s", ("s",)),
    ("z", ("s",)),
    ("l", ("l",)),
    ("m", ("m",)),
    ("n", ("n",)),
    ("r", ("r",)),
    ("h", ("h", "")),
    ("w", ("O",)),
    ("a", ("A", "")),
    ("e", ("I", "")),
    ("i", ("I", "", "AI")),  # "AI": English long i, Michael مايكل
    ("y", ("I", "")),
    ("o", ("O", "")),
    ("u", ("O", "")),
)
#: A vowel opening a name is written with alef, alone or before و/ي ("Ivan" إيفان).
_INITIAL = {"a": ("A",), "e": ("A", "AI"), "i": ("A", "AI"), "o": ("A", "AO"), "u": ("A", "AO")}
_SOFT_C = re.compile(r"c(?=[eiy])")
_LATIN_NAME = re.compile(r"^[a-z]+$")


def _collapse(key: str) -> str:
    """Drop doubled classes ("Gemma" has one m, as جيما does)."""
    out: list[str] = []
    for ch in key:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=100_000)
def arabic_skeleton(norm: str) -> str:
    """The skeleton of a normalised Arabic word ("" when it holds another character).

    >>> arabic_skeleton("الكسندر"), arabic_skeleton("سيرغي"), arabic_skeleton("دونكان")
    ('lksndr', 'srg', 'dnkn')
    """
    word = norm.replace("تش", "ش")
    if word.endswith("ه"):
        word = word[:-1]  # a final vowel: خوسيه، ماريه
    out = []
    for ch in word:
        mapped = _ARABIC.get(ch)
        if mapped is None:
            return ""
        out.append(mapped)
    return _collapse("".join(out))


def latin_skeletons(name: str) -> frozenset[str]:
    """The skeletons a Latin-script name may take in Arabic ("" when it is not Latin).

    >>> sorted(latin_skeletons("Michael"))
    ['mSl', 'mkl']
    """
    word = unicodedata.normalize("NFKD", name.lower())
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    if not _LATIN_NAME.match(word):
        return frozenset()
    word = _SOFT_C.sub("s", word)
    if word.endswith("h"):
        word = word[:-1]  # Sarah, Noah
    keys = {""}
    i = 0
    if word[:1] in _INITIAL and word[1:2] not in _INITIAL:
        keys = set(_INITIAL[word[0]])
        i = 1
    while i < len(word):
        for spelling, classes in _LATIN:
            if word.startswith(spelling, i):
                if i + len(spelling) == len(word) and spelling == "e":
                    classes = ("",)  # silent: George, Pierre
                keys = {k + c for k in keys for c in classes}
                i += len(spelling)
                break
        else:
            return frozenset()
    if word.endswith("s"):  # silent in French: Nicolas is نيكولا
        keys |= {k[:-1] for k in keys if k.endswith("s")}
    return frozenset(_collapse(k) for k in keys if k)
