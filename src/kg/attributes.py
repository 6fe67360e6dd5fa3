"""Dates and amounts in Arabic text (pure).

Month names come from Babel's CLDR data for Arabic locales (Egyptian/Gulf, Levantine,
Maghrebi month names); currency names from CLDR's Arabic currency names, with
``rules/lexicons/currency_defaults.txt`` for bare words ("دولار"); scale words (ألف،
مليون، مليار) from ``rules/lexicons/scales.txt``.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import accumulate

from kg import resources
from kg.model import Document, Entity, EntityType, Mention, Sentence
from kg.normalize import normalize

_LOCALES = ("ar", "ar_SY", "ar_MA", "ar_TN")
_NUM = r"(\d+(?:[.,٫]\d+)?)"


@cache
def months() -> dict[str, int]:
    """Normalised Arabic month name -> month number."""
    from babel import Locale

    table: dict[str, int] = {}
    for loc in _LOCALES:
        for number, name in Locale.parse(loc).months["format"]["wide"].items():
            table[normalize(name)] = int(number)
    return table


@cache
def currencies() -> dict[str, str]:
    """Normalised Arabic currency name (CLDR, singular and plural forms) -> ISO code."""
    from babel import Locale
    from babel.numbers import get_currency_name

    table: dict[str, str] = {}
    locale = Locale("ar")
    for code in sorted(locale.currencies):
        if len(code) != 3 or not code.isalpha():
            continue
        names = {locale.currencies[code]}
        for count in (1, 3, 11):
            names.add(get_currency_name(code, count=count, locale="ar"))
        for name in names:
            key = normalize(re.sub(r"[\u064b-\u0652]", "", name))
            if "-" in key or "(" in key:
                continue
            table.setdefault(key, code)
    table.update(resources.lexicon_table("currency_defaults"))
    return table


@cache
def _scales() -> dict[str, int]:
    return {k: int(v) for k, v in resources.lexicon_table("scales").items()}


@cache
def _date_range() -> re.Pattern[str]:
    month = "|".join(sorted((re.escape(m) for m in months()), key=len, reverse=True))
    return re.compile(
        rf"(?:من\s*)?(\d{{1,2}})\s*(?:(?P<m1>{month})\s*)?(?:(?:الي|حتي|و|-|–)\s*(\d{{1,2}})\s*)?"
        rf"(?P<m2>{month})(?:\s*(?:عام|سنه)?\s*(?P<year>(?:19|20)\d\d))?"
    )


@cache
def _amount() -> re.Pattern[str]:
    scale = "|".join(sorted((re.escape(s) for s in _scales()), key=len, reverse=True))
    cur = "|".join(sorted((re.escape(c) for c in currencies()), key=len, reverse=True))
    return re.compile(rf"{_NUM}\s*(?P<scale>{scale})?\s*(?P<cur>{cur})(?![\u0621-\u064a])")


@dataclass(frozen=True, slots=True)
class DateRange:
    """A date or range read from text; ``start``/``end`` are ISO dates or --MM-DD."""

    start: str
    end: str
    span: tuple[int, int]  # offsets in the normalised text searched


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount of money: exact decimal value and ISO 4217 currency."""

    value: Decimal
    currency: str
    span: tuple[int, int]


def _fmt(day: int, month: int, year: int | None) -> str | None:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def find_dates(norm_text: str, *, year: int | None = None) -> list[DateRange]:
    """Dates and day ranges in normalised text ("من 12 الي 14 فبراير", "5 مارس 2024").

    Args:
        norm_text: text normalised with :func:`kg.normalize.normalize`.
        year: the year to use when the text gives none (from the event's name or the
            document's date); without one, dates are ``--MM-DD`` (xsd:gMonthDay).
    """
    out = []
    table = months()
    for m in _date_range().finditer(norm_text):
        d1 = int(m.group(1))
        d2 = int(m.group(3)) if m.group(3) else d1
        m2 = table[m.group("m2")]
        m1 = table[m.group("m1")] if m.group("m1") else m2
        y = int(m.group("year")) if m.group("year") else year
        start, end = _fmt(d1, m1, y), _fmt(d2, m2, y)
        if start and end:
            out.append(DateRange(start, end, m.span()))
    return out


def find_amounts(norm_text: str) -> list[Amount]:
    """Amounts of money in normalised text ("45 مليون دولار امريكي", "5.4 مليار ريال")."""
    out = []
    table = currencies()
    for m in _amount().finditer(norm_text):
        number = m.group(1).replace("٫", ".").replace(",", ".")
        try:
            value = Decimal(number)
        except InvalidOperation:
            continue
        if m.group("scale"):
            value *= _scales()[m.group("scale")]
        out.append(
            Amount(
                value.normalize() if value == value.to_integral() else value,
                table[m.group("cur")],
                m.span(),
            )
        )
    return out


def decimal_text(value: Decimal) -> str:
    """Plain decimal notation (no exponent) for xsd:decimal."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --------------------------------------------------------------------------- the stage


def fill_attributes(
    doc: Document, sentences: Sequence[Sentence], entities: Sequence[Entity]
) -> tuple[Entity, ...]:
    """The attributes stage: event dates and agreement amounts read from the sentences
    that mention them.

    An event takes the first date or range of a sentence that names it (its first
    named mention, not a referring-back "القمة"), with the year of its name or of the
    document when the text gives none; an agreement takes the first amount of money
    that follows it in a sentence that names it (or the sentence's first amount when
    the agreement comes after it).

    Args:
        doc: the document.
        sentences: its sentences.
        entities: its resolved entities.

    Returns:
        The entities, with ``start_date``/``end_date`` and ``value``/``currency`` filled
        in where the text gives them (in the same order).
    """
    updated = {e.key: e for e in entities}
    by_sentence: dict[int, list[tuple[Mention, str, EntityType]]] = defaultdict(list)
    for e in entities:
        if e.type in (EntityType.EVENT, EntityType.AGREEMENT):
            for m in e.mentions:
                by_sentence[m.sentence].append((m, e.key, e.type))
    for sentence in sentences:
        found = sorted(by_sentence.get(sentence.index, []), key=lambda x: x[0].start)
        if not found:
            continue
        norms = [t.norm for t in sentence.tokens]
        joined = " ".join(norms)
        starts = list(accumulate([len(n) + 1 for n in norms[:-1]], initial=0))
        events = [f for f in found if f[2] is EntityType.EVENT]
        if events:
            _, key, _ = next(
                (f for f in events if not f[0].rule_id.endswith(".anaphor")), events[0]
            )
            entity = updated[key]
            if entity.start_date is None:
                year = _year_of(entity.label) or (doc.date.year if doc.date else None)
                dates = find_dates(joined, year=year)
                if dates:
                    updated[key] = replace(entity, start_date=dates[0].start, end_date=dates[0].end)
        agreements = [f for f in found if f[2] is EntityType.AGREEMENT]
        if not agreements:
            continue
        for amount in find_amounts(joined):
            token = bisect.bisect_right(starts, amount.span[0]) - 1
            offset = sentence.tokens[token].start
            before = [f for f in agreements if f[0].start <= offset] or agreements
            key = before[-1][1]
            entity = updated[key]
            if entity.value is None:
                updated[key] = replace(
                    entity, value=decimal_text(amount.value), currency=amount.currency
                )
    return tuple(updated[e.key] for e in entities)


_YEAR = re.compile(r"(?:19|20)\d\d")


def _year_of(label: str) -> int | None:
    m = _YEAR.search(label)
    return int(m.group()) if m else None
