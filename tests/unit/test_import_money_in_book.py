"""The book's own files accept money and date-times as exporters write them, where unambiguous."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from aftersale.importing.parse import decide_mark, parse_money
from aftersale.models import Deal


def amount(text: str, mark: str = ".") -> float | None:
    deal = Deal.model_validate(
        {"id": "D-1", "customer": "C-1", "amount": text}, context={"decimal_mark": mark}
    )
    return deal.amount


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("$1,250.50", ".", 1250.50),
        ("1,250.50 USD", ".", 1250.50),
        ("EUR 99", ".", 99.0),
        ("1.250,50 €", ",", 1250.50),
        ("1 250,50", ",", 1250.50),
    ],
)
def test_amounts_with_a_currency_sign_or_code(text: str, mark: str, expected: float) -> None:
    assert amount(text, mark) == expected


def test_a_bad_amount_names_what_was_expected() -> None:
    with pytest.raises(ValidationError) as caught:
        amount("12,5,0")
    message = str(caught.value)
    assert 'expected a number such as 1250.50 or $1,250.50, got "12,5,0"' in message


def test_the_other_decimal_mark_gets_a_hint() -> None:
    with pytest.raises(ValidationError, match="reads"):
        amount("1.234,50")


@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([".", ","]),
    st.sampled_from(["$", "€", "UAH ", ""]),
)
def test_an_amount_written_with_thousands_reads_back_the_same(
    value: object, mark: str, sign: str
) -> None:
    whole, _, cents = f"{value:.2f}".partition(".")
    group = "," if mark == "." else "."
    grouped = f"{int(whole):,}".replace(",", group)
    text = f"{sign}{grouped}{mark}{cents}"
    assert parse_money(text, decide_mark("Amount", [text])).amount == float(f"{value:.2f}")
    assert amount(text, mark) == float(f"{value:.2f}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/20/2026 9:14 AM", "2026-11-20"),
        ("20.11.2026 17:19", "2026-11-20"),
        ("2026-11-20 14:05:00", "2026-11-20"),
    ],
)
def test_the_book_reads_a_spreadsheets_date_times_as_their_dates(text: str, expected: str) -> None:
    deal = Deal.model_validate({"id": "D-1", "customer": "C-1", "closed_on": text})
    assert deal.closed_on is not None
    assert deal.closed_on.isoformat() == expected


def test_an_ambiguous_date_time_in_the_book_is_still_an_error() -> None:
    with pytest.raises(ValidationError, match="ambiguous"):
        Deal.model_validate({"id": "D-1", "customer": "C-1", "closed_on": "4/8/2025 17:19"})
