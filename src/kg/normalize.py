"""Arabic normalisation for matching (pure functions).

Labels keep the original spelling; these forms are only used to compare names:
diacritics and tatweel removed, alef variants (أ إ آ ٱ) to ا, alef maqsura ى to ي,
ta marbuta ة to ه (camel-tools), Arabic-Indic digits to ASCII, and the Persian letters
ک ی ھ to the Arabic ones.
"""

from __future__ import annotations

import re
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

TATWEEL = "\u0640"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: Persian and Urdu letters that Arabic text typed on such keyboards carries for the
#: Arabic ones: keheh ک for kaf ك, Farsi yeh ی for yeh ي, heh doachashmee ھ for heh ه.
_PERSIAN_LETTERS = str.maketrans("کیھ", "كيه")
_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[\"'«»“”„‘’()\[\]{}<>،,؛;:.!?؟\-–—_/\\|*#]+")
#: Blocks holding every character the camel-tools steps change (Arabic, Arabic
#: Supplement, Extended-A, presentation forms); tests/test_normalize.py checks all others
#: are left alone.
_ARABIC_BLOCKS = ((0x0600, 0x0780), (0x0870, 0x0900), (0xFB50, 0xFE00), (0xFE70, 0xFF00))

#: Single-letter proclitics that attach to a following word (conjunction و/ف,
#: prepositions ب/ل/ك). ال is not stripped: it belongs to the name.
PROCLITICS = ("و", "ف", "ب", "ل", "ك")


def _camel_steps(text: str) -> str:
    """The character mappings of :func:`normalize`, done the camel-tools way (then
    digits and Persian letters)."""
    out: str = dediac_ar(text).replace(TATWEEL, "")
    out = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(out)))
    return out.translate(_DIGITS).translate(_PERSIAN_LETTERS)


def _table() -> dict[int, str]:
    """The camel-tools steps as one translation table: each changes single characters."""
    table: dict[int, str] = {}
    for low, high in _ARABIC_BLOCKS:
        for code in range(low, high):
            mapped = _camel_steps(chr(code))
            if mapped != chr(code):
                table[code] = mapped
    return table


_TABLE = _table()


@lru_cache(maxsize=200_000)
def normalize(text: str) -> str:
    """Return the matching form of ``text``.

    Args:
        text: Arabic (or any) text.

    Returns:
        The text without diacritics or tatweel, with alef, alef maqsura and ta
        marbuta unified, Arabic-Indic digits as ASCII, Persian ک ی ھ as ك ي ه and
        white space collapsed.
    """
    return _SPACES.sub(" ", text.translate(_TABLE)).strip()


@lru_cache(maxsize=200_000)
def normalize_name(text: str) -> str:
    """Return the comparison key of a name: normalised, punctuation and quotes dropped."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", normalize(text))).strip()


def to_ascii_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits with ASCII digits (same length)."""
    return text.translate(_DIGITS)
