"""Finding a customer the way a person types one."""

from __future__ import annotations

import pytest

from aftersale.errors import AftersaleError
from aftersale.lookup import find_customer
from tests.unit.planning import book, customer

BOOK = book(
    (
        customer("C-001", name="Chloé Dubois", company="Pharmacie Dubois"),
        customer("C-002", name="王芳"),
        customer("C-003", name="Anna Berg"),
        customer("C-004", name="Annika Ek"),
    )
)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("C-001", "C-001"),
        ("c-002", "C-002"),
        ("王", "C-002"),
        ("berg", "C-003"),
        ("pharm", "C-001"),
    ],
)
def test_ids_and_starts_of_names(query: str, found: str) -> None:
    assert find_customer(BOOK, query).id == found


def test_matching_ignores_case_and_normal_form() -> None:
    assert find_customer(BOOK, "CHLOE\u0301").id == "C-001"


def test_invisible_characters_do_not_stop_a_match() -> None:
    assert find_customer(BOOK, "\u200bAnna\ufeff").id == "C-003"


def test_a_name_matching_two_customers_or_none_is_refused_with_a_hint() -> None:
    with pytest.raises(AftersaleError, match="matches 2 customers"):
        find_customer(BOOK, "ann")
    with pytest.raises(AftersaleError, match="did you mean"):
        find_customer(BOOK, "Ana Berg")
