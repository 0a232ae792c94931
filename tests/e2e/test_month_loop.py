"""A month of mornings: do the top actions each working day; nothing required is missed."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]

CUSTOMERS = """\
[[customer]]
id = "C-1"
name = "Anna Berg"
birthday = "1980-11-09"
since = 2025-01-01
cadence = "1m"

[[customer]]
id = "C-2"
name = "Bo Ek"
birthday = "11-21"
since = 2025-01-01
cadence = "quarterly"

[[customer]]
id = "C-3"
name = "王芳"
since = 2025-01-01
cadence = "2w"

[[customer.contact]]
name = "Li Wei"
birthday = "11-30"

[[customer]]
id = "C-4"
name = "Олена Коваленко"
since = 2025-01-01
annual_value = 90000
"""

FILES = {
    "customers.toml": CUSTOMERS,
    "deals.csv": (
        "id,customer,stage,closed_on,delivery_due,delivered_on\n"
        "D-1,C-1,won,2026-11-03,2026-11-17,2026-11-17\n"
        "D-2,C-3,won,2026-11-10,,\n"
        "D-3,C-2,lost,2026-11-12,,\n"
    ),
    "promises.csv": (
        "id,customer,what,due\n"
        "P-1,C-1,Send the spec,2026-11-06\n"
        "P-2,C-3,Send the price list,2026-11-19\n"
        "P-3,C-4,Call the plant manager,2026-11-27\n"
    ),
    "cases.csv": (
        "id,customer,opened,severity,resolved_on,root_cause\n"
        "K-1,C-4,2026-11-14,critical,2026-11-24,Wrong firmware shipped\n"
    ),
    "touchpoints.csv": "date,customer,kind,channel,deal,action,note,next\n"
    "2026-11-16,C-2,meeting,visit,,,Visit at their site,\n",
}

KIND_LOGGED = {
    "thank_you": "thank_you",
    "delivery_notice": "delivery_notice",
    "delivery_check": "delivery_check",
    "value_add": "value_add",
    "check_in": "check_in",
    "personal": "personal",
    "promise": "promise",
    "recovery": "recovery",
    "repair": "repair",
    "feedback_request": "feedback_request",
    "referral_ask": "referral_ask",
    "upsell": "upsell",
    "meeting_review": "meeting_review",
    "account_review": "account_review",
}

REQUIRED = {
    "thank-you:D-1": date(2026, 11, 4),
    "thank-you:D-2": date(2026, 11, 11),
    "thank-you:D-3": date(2026, 11, 13),
    "promise:P-1": date(2026, 11, 6),
    "promise:P-2": date(2026, 11, 19),
    "promise:P-3": date(2026, 11, 27),
    "recovery:K-1": date(2026, 11, 16),  # opened on a Saturday: first working day after
    "birthday:C-1:2026": date(2026, 11, 6),
    "birthday:C-2:2026": date(2026, 11, 18),
    "birthday:C-3:li-wei:2026": date(2026, 11, 27),
    "meeting-review:C-2:2026-11-16": date(2026, 11, 16),
}


def log_done(book: Path, day: date, action: dict[str, object]) -> None:
    with (book / "touchpoints.csv").open("a", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerow(
            [
                day.isoformat(),
                action["customer"],
                KIND_LOGGED[str(action["kind"])],
                "",
                action["deal"] or "",
                action["id"],
                "done",
                "",
            ]
        )


def test_a_month_of_mornings(cli: Cli, make_book: MakeBook) -> None:
    book = make_book(FILES)
    done: dict[str, date] = {}
    day = date(2026, 11, 2)
    while day <= date(2026, 11, 30):
        if day.weekday() < 5:
            result = cli("today", "--book", book, "--date", day.isoformat(), "--format", "json")
            assert result.code == 0, result.stderr
            actions = json.loads(result.stdout)["actions"]
            shown_again = [a["id"] for a in actions if a["id"] in done]
            assert shown_again == [], f"done actions came back on {day}: {shown_again}"
            for action in actions:
                log_done(book, day, action)
                done[action["id"]] = day
        day += timedelta(days=1)
    for action_id, due in REQUIRED.items():
        assert action_id in done, f"{action_id} was never done"
        assert done[action_id] <= due + timedelta(days=1), (action_id, done[action_id], due)
    assert any(i.startswith("close-loop:K-1") for i in done)
    check = cli("check", "--book", book)
    assert check.code == 0, check.stdout
