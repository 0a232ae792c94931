"""The order of a day: tiers before scores, a capacity of customers, lapses, and a level start."""

from __future__ import annotations

from datetime import date

from aftersale.actions import Tier
from aftersale.planner import plan
from aftersale.schedule import previous_working_day, schedule
from aftersale.settings import WEEKDAYS, Settings
from tests.unit.planning import (
    book,
    case,
    customer,
    d,
    deal,
    find,
    promise,
    review,
    score,
    touch,
)

WORKWEEK = Settings()  # Monday to Friday
FAR = {"cadence": "1y", "since": "2027-06-01"}  # no check-in in the way


def started(on: str, **agenda: object) -> Settings:
    return Settings.model_validate(
        {"working_days": list(WEEKDAYS[:5]), "agenda": {"start": on, **agenda}}
    )


def day_plan(a_book, today: str, capacity: int | None = 10):  # type: ignore[no-untyped-def]
    result = plan(a_book, d(today))
    (day,) = schedule(result.actions, d(today), d(today), capacity, a_book.settings.working_days)
    return day


# --- tiers ---------------------------------------------------------------------------------


def test_a_critical_case_opened_on_a_saturday_is_first_that_saturday() -> None:
    b = book(
        (customer("C-1", **FAR), customer("C-2", cadence="1w", since="2026-01-01")),
        settings=WORKWEEK,
        cases=(case("K-1", "2026-11-21", customer="C-1", severity="critical"),),
        promises=(promise("P-1", "2026-11-20", customer="C-2"),),
    )
    saturday = day_plan(b, "2026-11-21")
    assert saturday.visits[0].actions[0].id == "recovery:K-1"
    assert saturday.visits[0].actions[0].due == d("2026-11-21")


def test_on_a_day_off_only_customers_in_trouble_are_planned() -> None:
    b = book(
        (customer("C-1", **FAR), customer("C-2", **FAR)),
        settings=WORKWEEK,
        deals=(deal("D-1", customer="C-2", stage="won", closed_on="2026-11-19"),),
        cases=(case("K-1", "2026-11-21", customer="C-1", severity="critical"),),
    )
    saturday = day_plan(b, "2026-11-21")
    assert [v.customer for v in saturday.visits] == ["C-1"]
    assert [a.id for a in saturday.waiting] == ["thank-you:D-1"]


def test_a_check_in_two_years_late_never_outranks_a_case_or_a_late_promise() -> None:
    b = book(
        (
            customer("C-1", cadence="1y", annual_value=1_000_000),
            customer("C-2", **FAR),
            customer("C-3", **FAR),
        ),
        touchpoints=(touch("2024-11-24", "other", customer="C-1"),),
        cases=(case("K-1", "2026-11-20", customer="C-2", severity="high"),),
        promises=(promise("P-1", "2026-11-20", customer="C-3"),),
    )
    result = plan(b, d("2026-11-23"))
    order = [a.id for a in result.actions]
    check_in = next(i for i in order if i.startswith("check-in:C-1"))
    assert order.index(check_in) > order.index("promise:P-1")
    assert order.index(check_in) > order.index("recovery:K-1")
    late = find(result, check_in)
    assert late.tier is Tier.RELATIONSHIP
    assert late.overdue_days(d("2026-11-23")) > 300


def test_an_account_review_never_outranks_a_customers_open_case() -> None:
    b = book(
        (customer("C-1", annual_value=900_000, **FAR), customer("C-2", **FAR)),
        cases=(case("K-1", "2026-11-10", customer="C-2", severity="low"),),
    )
    order = [a.id for a in plan(b, d("2026-11-23")).actions]
    review_id = next(i for i in order if i.startswith("account-review:C-1"))
    assert order.index("recovery:K-1") < order.index(review_id)


def test_a_promise_becomes_trouble_on_its_due_date() -> None:
    b = book((customer("C-1", **FAR),), promises=(promise("P-1", "2026-11-25"),))
    ahead = find(plan(b, d("2026-11-23"), days=7), "promise:P-1")
    assert ahead.tier_on(d("2026-11-23")) is Tier.OBLIGATION
    assert ahead.tier_on(d("2026-11-25")) is Tier.TROUBLE


def test_a_fresh_detractor_score_is_trouble_and_an_old_one_an_obligation() -> None:
    b = book((customer("C-1", **FAR),), feedback=(score("2026-11-20", 3),))
    assert find(plan(b, d("2026-11-23")), "repair:C-1:2026-11-20").tier is Tier.TROUBLE
    assert find(plan(b, d("2027-01-23")), "repair:C-1:2026-11-20").tier is Tier.OBLIGATION


def test_lateness_is_capped_so_a_year_adds_no_more_than_a_month() -> None:
    b = book((customer("C-1", **FAR),), promises=(promise("P-1", "2025-11-20"),))
    year = find(plan(b, d("2026-11-23")), "promise:P-1")
    month = find(plan(b, d("2025-12-21")), "promise:P-1")
    assert year.score == month.score
    (overdue,) = [t for t in year.terms if t.name == "overdue"]
    assert "capped" in overdue.note


# --- capacity ------------------------------------------------------------------------------


def test_the_day_holds_capacity_customers_each_once_with_all_their_actions() -> None:
    customers = tuple(customer(f"C-{n:02}", **FAR) for n in range(15))
    deals = tuple(
        deal(f"D-{n:02}", customer=f"C-{n:02}", stage="won", closed_on="2026-11-20")
        for n in range(15)
    )
    promises = (promise("P-1", "2026-11-23", customer="C-03"),)
    b = book(customers, deals=deals, promises=promises)
    today = day_plan(b, "2026-11-23", capacity=10)
    assert len(today.visits) == 10
    assert len({v.customer for v in today.visits}) == 10
    c03 = next(v for v in today.visits if v.customer == "C-03")
    assert [a.id for a in c03.actions] == ["promise:P-1", "thank-you:D-03"]
    assert today.visits[0].customer == "C-03"  # a promise due today is trouble
    assert len({a.customer for a in today.waiting}) == 5
    assert len(today.waiting) == 5


def test_what_waits_is_planned_on_the_next_working_days_obligations_first() -> None:
    customers = tuple(customer(f"C-{n:02}", **FAR) for n in range(12))
    deals = tuple(
        deal(f"D-{n:02}", customer=f"C-{n:02}", stage="won", closed_on="2026-11-19")
        for n in range(6)
    )
    birthdays = tuple(customer(f"C-{n:02}", birthday="11-23", **FAR) for n in range(6, 12))
    b = book(customers[:6] + birthdays, deals=deals)
    result = plan(b, d("2026-11-20"), days=4)
    days = schedule(result.actions, d("2026-11-20"), d("2026-11-24"), 4, WEEKDAYS[:5])
    friday, saturday, sunday, monday, tuesday = days
    assert [a.kind.value for a in friday.actions] == ["thank_you"] * 4
    assert saturday.visits == ()
    assert sunday.visits == ()
    assert [a.kind.value for a in monday.actions] == ["thank_you"] * 2 + ["personal"] * 2
    assert [a.kind.value for a in tuesday.actions] == ["personal"] * 4
    assert tuesday.waiting == ()
    placed = [a.id for day in days for a in day.actions]
    assert len(placed) == len(set(placed)) == 12
    assert {a.planned for a in monday.actions} == {d("2026-11-23")}


def test_without_a_capacity_every_due_action_is_shown() -> None:
    customers = tuple(customer(f"C-{n:02}", **FAR) for n in range(15))
    deals = tuple(
        deal(f"D-{n:02}", customer=f"C-{n:02}", stage="won", closed_on="2026-11-20")
        for n in range(15)
    )
    everything = day_plan(book(customers, deals=deals), "2026-11-23", capacity=None)
    assert len(everything.visits) == 15
    assert everything.waiting == ()


def test_the_previous_working_day_of_a_monday_is_the_friday() -> None:
    assert previous_working_day(d("2026-11-23"), WEEKDAYS[:5]) == d("2026-11-20")
    assert previous_working_day(d("2026-11-24"), WEEKDAYS[:5]) == d("2026-11-23")
    assert previous_working_day(d("2026-11-23"), ()) == d("2026-11-22")


# --- lapses --------------------------------------------------------------------------------


def missed_ids(a_book, today: str, since: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.id for a in plan(a_book, d(today), missed_since=d(since)).missed]


def test_a_birthday_more_than_a_week_late_lapses_and_is_reported_once() -> None:
    b = book((customer("C-1", birthday="03-10", **FAR),))
    assert "birthday:C-1:2026" in [a.id for a in plan(b, d("2026-03-17")).actions]
    assert "birthday:C-1:2026" not in [a.id for a in plan(b, d("2026-03-18")).actions]
    assert missed_ids(b, "2026-03-18", "2026-03-17") == ["birthday:C-1:2026"]
    assert missed_ids(b, "2026-03-19", "2026-03-18") == []
    assert missed_ids(b, "2026-11-20", "2026-11-19") == []


def test_a_birthday_greeted_does_not_lapse() -> None:
    b = book(
        (customer("C-1", birthday="03-10", **FAR),),
        touchpoints=(touch("2026-03-09", "personal"),),
    )
    assert missed_ids(b, "2026-03-18", "2026-03-01") == []


def test_a_post_sale_touch_lapses_when_the_next_one_is_due() -> None:
    b = book(
        (customer("C-1", **FAR),),
        deals=(deal("D-1", stage="won", closed_on="2026-09-01", delivered_on="2026-09-01"),),
        touchpoints=(
            touch("2026-09-02", "thank_you", deal="D-1"),
            touch("2026-09-02", "delivery_check", deal="D-1"),
        ),
    )
    ids = [a.id for a in plan(b, d("2026-10-01")).actions]
    assert "value-add:D-1:30d" in ids
    assert "value-add:D-1:7d" not in ids
    assert missed_ids(b, "2026-10-01", "2026-09-01") == ["value-add:D-1:7d"]


def test_a_check_in_lapses_when_the_next_period_of_the_rhythm_begins() -> None:
    b = book(
        (customer("C-1", cadence="1m"),),
        touchpoints=(touch("2026-08-10", "other"),),
    )
    ids = [a.id for a in plan(b, d("2026-11-23")).actions]
    assert ids == ["check-in:C-1:2026-11-10"]
    assert missed_ids(b, "2026-11-23", "2026-09-01") == [
        "check-in:C-1:2026-09-10",
        "check-in:C-1:2026-10-10",
    ]
    late = find(plan(b, d("2026-11-23")), "check-in:C-1:2026-11-10")
    assert late.overdue_days(d("2026-11-23")) < 31


def test_obligations_never_lapse() -> None:
    b = book(
        (customer("C-1", **FAR),),
        deals=(deal("D-1", stage="won", closed_on="2026-01-05", delivered_on="2026-01-20"),),
        promises=(promise("P-1", "2026-02-01"),),
        cases=(case("K-1", "2026-02-01", severity="low", resolved_on="2026-02-10"),),
    )
    ids = [a.id for a in plan(b, d("2026-11-23")).actions]
    obligations = ("thank-you:D-1", "delivery-check:D-1", "promise:P-1", "close-loop:K-1")
    assert set(obligations) <= set(ids)
    missed = missed_ids(b, "2026-11-23", "2026-01-01")
    assert "value-add:D-1:7d" in missed
    assert not set(obligations) & set(missed)


def test_a_meeting_review_lapses_after_its_window() -> None:
    b = book((customer("C-1", **FAR),), touchpoints=(touch("2026-11-02", "meeting"),))
    assert "meeting-review:C-1:2026-11-02" in [a.id for a in plan(b, d("2026-11-16")).actions]
    assert missed_ids(b, "2026-11-17", "2026-11-16") == ["meeting-review:C-1:2026-11-02"]


def test_a_held_back_action_that_lapses_is_not_reported_as_missed() -> None:
    b = book((customer("C-1", birthday="11-10", quiet_until="2026-12-01", **FAR),))
    assert missed_ids(b, "2026-11-18", "2026-11-01") == []


# --- a level start -------------------------------------------------------------------------


def test_a_new_book_of_300_customers_starts_level() -> None:
    customers = tuple(
        customer(f"C-{n:03}", since="2019-05-01", annual_value=n * 1000, cadence="1m")
        for n in range(300)
    )
    b = book(customers, settings=started("2026-11-23"))
    result = plan(b, d("2026-11-23"), days=40)
    assert all(a.due >= d("2026-11-23") for a in result.actions)
    first = {a.customer: a.due for a in result.actions if a.id.startswith("check-in:")}
    assert len(first) == 300
    assert max(first.values()) < d("2026-12-23")
    per_day: dict[date, int] = {}
    for due in first.values():
        per_day[due] = per_day.get(due, 0) + 1
    assert max(per_day.values()) <= 2 * 300 // 22  # no day far above its share
    top = [first[f"C-{n:03}"] for n in range(290, 300)]
    bottom = [first[f"C-{n:03}"] for n in range(10)]
    assert sum((t - d("2026-11-23")).days for t in top) < sum(
        (b_ - d("2026-11-23")).days for b_ in bottom
    )


def test_a_first_check_in_does_not_move_when_another_customer_is_added() -> None:
    one = book((customer("C-1", since="2026-11-01", cadence="1m"),))
    two = book(
        (
            customer("C-1", since="2026-11-01", cadence="1m"),
            customer("C-2", since="2026-11-01", annual_value=10**6),
        )
    )
    first = [a.id for a in plan(one, d("2026-11-01"), days=31).actions]
    again = [a.id for a in plan(two, d("2026-11-01"), days=31).actions if ":C-1:" in a.id]
    assert first == again


def test_quarter_reviews_on_a_new_book_are_planned_a_week_apart_not_overdue() -> None:
    customers = tuple(customer(f"C-{n}", annual_value=(n + 1) * 10_000, **FAR) for n in range(3))
    b = book(customers, settings=started("2026-11-23"))
    reviews = sorted(
        (a for a in plan(b, d("2026-11-23"), days=30).actions if a.kind.value == "account_review"),
        key=lambda a: a.due,
    )
    assert [a.due for a in reviews] == [
        d("2026-11-23"),
        d("2026-11-30"),
        d("2026-12-07"),
    ]
    assert [a.customer for a in reviews] == ["C-2", "C-1", "C-0"]


def test_a_review_saved_completes_the_account_review() -> None:
    customers = (customer("C-1", annual_value=10_000, **FAR),)
    b = book(
        customers,
        settings=started("2026-11-23"),
        reviews=(review("2026-11-23", "account-review:C-1:2026-11-23", type="account"),),
    )
    assert [a.id for a in plan(b, d("2026-11-23")).actions] == []


def test_the_start_of_the_book_is_the_first_logged_contact_when_not_set() -> None:
    b = book(
        (customer("C-1", since="2019-01-01", cadence="1m"), customer("C-2", **FAR)),
        deals=(deal("D-1", customer="C-2", stage="won", closed_on="2026-03-01"),),
        touchpoints=(touch("2026-11-02", "other", customer="C-2"),),
    )
    result = plan(b, d("2026-11-23"), days=31)
    assert "thank-you:D-1" not in [a.id for a in result.actions]
    (check_in,) = [a for a in result.actions if a.customer == "C-1"]
    assert d("2026-11-02") <= check_in.due < d("2026-12-02")


def test_a_plan_for_a_day_before_the_log_begins_settles_nothing() -> None:
    b = book(
        (customer("C-1", **FAR),),
        deals=(deal("D-1", stage="won", closed_on="2026-11-03"),),
        touchpoints=(touch("2026-11-16", "meeting"),),
    )
    assert "thank-you:D-1" in [a.id for a in plan(b, d("2026-11-04")).actions]


def test_a_first_account_review_not_made_in_its_quarter_lapses_into_the_next() -> None:
    b = book((customer("C-1", annual_value=50_000, **FAR),))
    assert [a.id for a in plan(b, d("2026-12-31")).actions] == ["account-review:C-1:2026-10-01"]
    new_year = plan(b, d("2027-01-01"), missed_since=d("2026-12-31"))
    assert [a.id for a in new_year.actions] == ["account-review:C-1:2027-01-01"]
    assert [a.id for a in new_year.missed] == ["account-review:C-1:2026-10-01"]


def test_an_action_is_never_planned_on_a_day_after_it_lapses() -> None:
    birthdays = tuple(customer(f"C-{n}", birthday="11-25", **FAR) for n in range(6))
    b = book(birthdays)
    result = plan(b, d("2026-11-22"), days=14)
    days = schedule(result.actions, d("2026-11-22"), d("2026-12-06"), 1, WEEKDAYS)
    for day in days:
        for action in (*day.actions, *day.waiting):
            assert action.expires is None or action.expires >= day.day, (action.id, day.day)
    placed = [a.id for day in days for a in day.actions]
    assert len(placed) == 6  # 22 Nov to 2 Dec: one a day, each before it lapses


def test_an_action_snoozed_past_its_lapse_is_reported_missed_when_it_lapses() -> None:
    b = book(
        (customer("C-1", birthday="11-25", **FAR),),
        touchpoints=(touch("2026-11-22", "snooze", action="birthday:C-1:2026", next="2026-12-10"),),
    )
    assert plan(b, d("2026-12-02"), missed_since=d("2026-12-01")).missed == ()
    lapsed = plan(b, d("2026-12-03"), missed_since=d("2026-12-02")).missed
    assert [a.id for a in lapsed] == ["birthday:C-1:2026"]


def test_closing_the_loop_waits_while_the_customer_is_away_an_open_case_does_not() -> None:
    b = book(
        (customer("C-1", quiet_until="2026-12-01", **FAR),),
        cases=(
            case("K-1", "2026-11-01", severity="low", resolved_on="2026-11-10", root_cause="x"),
            case("K-2", "2026-11-18", severity="high"),
        ),
    )
    result = plan(b, d("2026-11-25"))
    assert "away until" in next(
        a.suppressed or "" for a in result.suppressed if a.id == "close-loop:K-1"
    )
    assert "recovery:K-2" in [a.id for a in result.actions]


def test_nothing_that_lapsed_before_the_book_was_started_is_reported_missed() -> None:
    b = book((customer("C-1", birthday="11-10", **FAR),), settings=started("2026-11-20"))
    assert plan(b, d("2026-11-23"), missed_since=d("2026-01-01")).missed == ()
    earlier = book((customer("C-1", birthday="11-10", **FAR),), settings=started("2026-11-01"))
    missed = plan(earlier, d("2026-11-23"), missed_since=d("2026-01-01")).missed
    assert [a.id for a in missed] == ["birthday:C-1:2026"]
