"""A customer's and their people's own dates (`dates = "wedding 06-12"`) as personal touches."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]

CUSTOMERS = """\
[[customer]]
id = "C-1"
name = "Anna Berg"
email = "anna@berg.example"
since = 2026-01-01
cadence = "1y"
dates = "wedding 06-12; founded 1998-03-01"

[[customer.contact]]
name = "Erik Berg"
email = "erik@berg.example"
dates = ["first day at Berg 2019-09-02"]
"""


@pytest.fixture
def book(make_book: MakeBook) -> Path:
    settings = '[owner]\nname = "Alex Morgan"\nemail = "alex@seller.example"\n'
    return make_book({"aftersale.toml": settings, "customers.toml": CUSTOMERS})


def agenda(cli: Cli, book: Path, day: str) -> dict[str, dict[str, object]]:
    result = cli("today", "--all", "--date", day, "--format", "json", "--book", book)
    assert result.code == 0, result.stderr
    return {a["id"]: a for a in json.loads(result.stdout)["actions"]}


def test_a_customers_own_date_is_due_with_the_birthday_lead_time(cli: Cli, book: Path) -> None:
    due = agenda(cli, book, "2027-06-09")
    wedding = due["date:C-1:wedding:2027"]
    assert wedding["kind"] == "personal"
    assert wedding["due"] == "2027-06-09"
    assert "Anna Berg's wedding is on Jun 12" in str(wedding["reason"])
    assert "date:C-1:wedding:2027" not in agenda(cli, book, "2027-06-08")


def test_a_dated_year_counts_the_years(cli: Cli, book: Path) -> None:
    founded = agenda(cli, book, "2027-02-26")["date:C-1:founded:2027"]
    assert "(29 years)" in str(founded["reason"])


def test_a_contacts_own_date_is_theirs_and_the_draft_goes_to_them(cli: Cli, book: Path) -> None:
    assert "date:C-1:erik-berg:first-day-at-berg:2027" in agenda(cli, book, "2027-08-30")
    draft = cli(
        "draft", "date:C-1:erik-berg:first-day-at-berg:2027", "--date", "2027-08-30",
        "--book", book,
    )  # fmt: skip
    assert draft.code == 0, draft.stderr
    assert draft.stdout.startswith("To: Erik Berg <erik@berg.example>\n")
    assert "Subject: Best wishes for your first day at Berg" in draft.stdout
    assert "September 2, 2027 marks your first day at Berg" in draft.stdout


def test_an_own_date_lapses_like_a_birthday_instead_of_nagging(cli: Cli, book: Path) -> None:
    assert "date:C-1:wedding:2027" not in agenda(cli, book, "2027-06-30")


def test_a_date_without_what_it_is_is_a_problem_naming_the_field(
    cli: Cli, make_book: MakeBook
) -> None:
    bad = make_book(
        {"customers.toml": '[[customer]]\nid = "C-1"\nname = "Anna"\ndates = "06-12"\n'}
    )
    result = cli("check", "--book", bad)
    assert result.code == 65
    assert "dates" in result.stdout + result.stderr
    assert 'expected what the date is, then the date ("wedding 06-12"), got "06-12"' in (
        result.stdout + result.stderr
    )
