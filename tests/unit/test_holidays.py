"""Holiday greetings: the public holidays a book names, in each customer's country."""

from __future__ import annotations

from datetime import timedelta

from aftersale.actions import ActionKind
from aftersale.planner import plan
from aftersale.rules.holidays import greeted, public_holidays
from aftersale.settings import Settings
from tests.unit.planning import EVERY_DAY, book, customer, d, find

QUIET = {"cadence": "1y", "since": "2027-06-01"}


def greeting(*names: str) -> Settings:
    return Settings.model_validate({**EVERY_DAY.model_dump(), "holidays": {"greet": list(names)}})


def ids(a_book: object, today: str, days: int = 60) -> list[str]:
    return [a.id for a in plan(a_book, d(today), days=days).actions]  # type: ignore[arg-type]


def test_the_calendar_knows_each_countrys_own_holidays() -> None:
    sweden = dict(public_holidays("se", 2026))
    germany = dict(public_holidays("DE", 2026))
    assert sweden[d("2026-06-06")] == "National Day"
    assert germany[d("2026-10-03")] == "German Unity Day"
    assert d("2026-06-06") not in germany
    assert public_holidays("XX", 2026) == ()


def test_a_name_is_greeted_by_any_of_its_words_in_any_case() -> None:
    assert greeted("Christmas Day", ("christmas",))
    assert greeted("New Year's Day", ("New Year",))
    assert not greeted("Easter Monday", ("christmas", " "))


def test_a_customer_is_greeted_before_a_named_holiday_of_their_country() -> None:
    b = book(
        (customer("C-1", country="SE", **QUIET), customer("C-2", country="DE", **QUIET)),
        settings=greeting("National Day", "Unity"),
    )
    result = plan(b, d("2026-06-01"), days=200)
    sweden = find(result, "holiday:C-1:2026-06-06")
    assert sweden.kind is ActionKind.PERSONAL
    assert sweden.due == d("2026-06-06") - timedelta(days=3)
    assert sweden.expires == d("2026-06-06")
    assert sweden.reason == "National Day is on Jun 6 in SE"
    assert dict(sweden.facts)["holiday"] == "National Day"
    found = [a.id for a in result.actions]
    assert "holiday:C-2:2026-10-03" in found
    assert "holiday:C-2:2026-06-06" not in found  # not a German holiday


def test_no_greetings_without_names_without_a_country_or_for_a_prospect() -> None:
    customers = (
        customer("C-1", country="SE", **QUIET),
        customer("C-2", **QUIET),
        customer("C-3", country="SE", tags=["prospect"], **QUIET),
    )
    assert not [i for i in ids(book(customers), "2026-06-01") if i.startswith("holiday:")]
    named = ids(book(customers, settings=greeting("National")), "2026-06-01")
    assert [i for i in named if i.startswith("holiday:")] == ["holiday:C-1:2026-06-06"]


def test_a_holiday_greeting_lapses_on_the_day_itself() -> None:
    b = book((customer("C-1", country="SE", **QUIET),), settings=greeting("National Day"))
    result = plan(b, d("2026-06-08"), days=30, missed_since=d("2026-06-01"))
    assert "holiday:C-1:2026-06-06" in [a.id for a in result.missed]
    assert "holiday:C-1:2026-06-06" not in [a.id for a in result.actions]
