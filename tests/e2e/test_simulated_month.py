"""A month at capacity: each morning do what `today` shows, while deals, complaints,
scores and promises arrive mid-month. Every obligation is met on time, no day holds
more than its capacity, and nothing comes back after it was done or after it lapsed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]

START = date(2026, 11, 2)  # a Monday
END = date(2026, 12, 1)

SETTINGS = f"""\
working_days = ["mon", "tue", "wed", "thu", "fri"]
default_cadence = "1m"

[agenda]
start = {START.isoformat()}
"""


def customers() -> str:
    rows = ["id,name,since,annual_value,birthday,cadence"]
    for n in range(40):
        birthday = f"11-{5 + n % 20:02}" if n % 7 == 0 else ""
        rows.append(f"C-{n:02},Customer {n},2020-01-01,{n * 3000},{birthday},1m")
    return "\n".join(rows) + "\n"


FILES = {
    "customers.csv": customers(),
    "deals.csv": (
        "id,customer,stage,closed_on,delivery_due,delivered_on\n"
        "D-01,C-01,won,2026-10-30,2026-11-16,\n"
        "D-02,C-02,lost,2026-11-02,,\n"
    ),
    "promises.csv": "id,customer,what,due,done_on\nP-01,C-03,Send the spec,2026-11-04,\n",
    "cases.csv": "id,customer,opened,severity,resolved_on,root_cause\n",
    "feedback.csv": "date,customer,score,category,comment\n",
    "touchpoints.csv": "date,customer,kind,channel,deal,action,note,next\n",
}

# What arrives during the month: (the morning it is written, file, row).
ARRIVALS = [
    (date(2026, 11, 10), "deals.csv", "D-03,C-05,won,2026-11-10,2026-11-24,"),
    (date(2026, 11, 14), "cases.csv", "K-01,C-07,2026-11-14,critical,,"),  # a Saturday
    (date(2026, 11, 17), "feedback.csv", "2026-11-17,C-09,3,service,Nobody called back"),
    (date(2026, 11, 18), "promises.csv", "P-02,C-11,Call the plant manager,2026-11-20,"),
    (date(2026, 11, 19), "cases.csv", "K-02,C-12,2026-11-19,low,,"),
]

# When each obligation must be met at the latest. Customers in trouble (promises, a
# critical case, a fresh detractor) come first at any capacity; the other obligations
# are met on time when the day has room, and never lapse when it has not.
TROUBLE = {
    "promise:P-01": date(2026, 11, 4),
    "recovery:K-01": date(2026, 11, 14),  # opened on a Saturday, answered that day
    "repair:C-09:2026-11-17": date(2026, 11, 19),
    "promise:P-02": date(2026, 11, 20),
}
OBLIGATIONS = {
    "thank-you:D-01": START,  # owed before the month began: done on its first morning
    "thank-you:D-02": date(2026, 11, 3),
    "delivery-notice:D-01": date(2026, 11, 13),
    "thank-you:D-03": date(2026, 11, 11),
    "delivery-notice:D-03": date(2026, 11, 20),
}


def append(path: Path, row: str) -> None:
    with path.open("a", encoding="utf-8", newline="") as stream:
        stream.write(row + "\n")


def log_done(book: Path, day: date, action: dict[str, object]) -> None:
    with (book / "touchpoints.csv").open("a", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerow(
            [
                day,
                action["customer"],
                action["kind"],
                "",
                action["deal"] or "",
                action["id"],
                "",
                "",
            ]
        )


@pytest.mark.parametrize(("capacity", "lapses"), [(6, False), (2, True)])
def test_a_month_at_capacity(cli: Cli, make_book: MakeBook, capacity: int, lapses: bool) -> None:
    """Six customers a day is enough for this book; two is not, and relationship work
    lapses, but even then every obligation is met on time."""
    book = make_book({"aftersale.toml": SETTINGS + f"capacity = {capacity}\n", **FILES})
    done: dict[str, date] = {}
    lapsed: dict[str, date] = {}
    busiest = 0
    day = START
    while day <= END:
        for when, name, row in ARRIVALS:
            if when == day:
                append(book / name, row)
        result = cli("today", "--book", book, "--date", day.isoformat(), "--format", "json")
        assert result.code == 0, result.stderr
        agenda = json.loads(result.stdout)
        shown = agenda["actions"]
        customers_today = {a["customer"] for a in shown}
        assert len(customers_today) <= capacity
        busiest = max(busiest, len(customers_today))
        if day.weekday() >= 5:
            assert all(a["tier"] == 1 for a in shown), (day, shown)
        for action in shown:
            assert action["id"] not in done, f"{action['id']} came back on {day} after being done"
            assert action["id"] not in lapsed, f"{action['id']} nagged on {day} after it lapsed"
        for action in agenda["missed"]:
            assert action["id"] not in lapsed, f"{action['id']} reported missed twice"
            assert action["kind"] not in ("thank_you", "promise", "recovery", "delivery_notice")
            lapsed[action["id"]] = day
        for action in shown:
            log_done(book, day, action)
            done[action["id"]] = day
        day += timedelta(days=1)
    deadlines = {**TROUBLE, **(OBLIGATIONS if not lapses else {})}
    late = {
        action: (done.get(action), deadline)
        for action, deadline in deadlines.items()
        if action not in done or done[action] > deadline
    }
    assert late == {}
    assert set(OBLIGATIONS) <= set(done)
    assert busiest == capacity
    assert bool(lapsed) is lapses
    assert len(done) > (60 if capacity == 6 else 30)
    assert cli("check", "--book", book).code == 0
