"""Dates and amounts read from Arabic text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.attributes import decimal_text, find_amounts, find_dates
from kg.normalize import normalize


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        pytest.param(
            "في الفترة من 12 إلى 14 فبراير",
            2024,
            ("2024-02-12", "2024-02-14"),
            id="range-year-given",
        ),
        pytest.param(
            "خلال الفترة من 25 إلى27 أبريل", None, ("--04-25", "--04-27"), id="range-no-year"
        ),
        pytest.param("يوم 5 مارس 2023", None, ("2023-03-05", "2023-03-05"), id="year-in-text"),
        pytest.param(
            "من 30 نوفمبر إلى 2 ديسمبر 2023", None, ("2023-11-30", "2023-12-02"), id="across-months"
        ),
        pytest.param("في 3 شباط", None, ("--02-03", "--02-03"), id="levantine-month"),
        pytest.param("في ٣ مارس", None, ("--03-03", "--03-03"), id="arabic-indic-digits"),
    ],
)
def test_attributes_dates(text: str, year: int | None, expected: tuple[str, str]) -> None:
    found = find_dates(normalize(text), year=year)
    assert (found[0].start, found[0].end) == expected


def test_attributes_no_invented_year_and_no_false_dates() -> None:
    assert find_dates(normalize("ارتفعت الأسعار 12 في المائة")) == []
    assert find_dates(normalize("في 12 فبراير"))[0].start == "--02-12"


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        pytest.param("45 مليون دولار أمريكي", "45000000", "USD", id="usd-millions"),
        pytest.param("20 مليون دولار", "20000000", "USD", id="bare-dollar"),
        pytest.param("5.4 مليار ريال سعودي", "5400000000", "SAR", id="decimal-billions"),
        pytest.param("٥٫٤ مليار ريال", "5400000000", "SAR", id="arabic-indic"),
        pytest.param("300 ألف جنيه مصري", "300000", "EGP", id="thousands"),
        pytest.param("12 مليون يورو", "12000000", "EUR", id="euro"),
    ],
)
def test_attributes_amounts(text: str, value: str, currency: str) -> None:
    (amount,) = find_amounts(normalize(text))
    assert decimal_text(amount.value) == value
    assert amount.value == Decimal(value)
    assert amount.currency == currency


def test_attributes_number_without_currency_is_not_an_amount() -> None:
    assert find_amounts(normalize("أكثر من 1500 مشارك")) == []
