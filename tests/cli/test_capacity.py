"""The first morning and every morning after, from the command line: a day a person can keep."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]

SETTINGS = """\
working_days = ["mon", "tue", "wed", "thu", "fri"]
default_cadence = "1m"

[agenda]
start = 2026-11-23
capacity = 10
"""


def three_hundred_customers() -> str:
    """A seller's first book: 300 customers, some for years, none contacted in the book yet."""
    rows = ["id,name,company,since,annual_value"]
    for n in range(300):
        since = f"{2015 + n % 11}-{1 + n % 12:02}-01"
        rows.append(f"C-{n:03},Customer {n},Company {n % 97},{since},{(n * 7919) % 250_000}")
    return "\n".join(rows) + "\n"


def json_of(result: Outcome) -> dict:  # type: ignore[type-arg]
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_new_300_customer_book_opens_with_a_day_a_person_can_keep(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book({"aftersale.toml": SETTINGS, "customers.csv": three_hundred_customers()})
    assert cli("check", "--book", book).code == 0
    first = json_of(cli("today", "--book", book, "--date", "2026-11-23", "--format", "json"))
    shown = {a["customer"] for a in first["actions"]}
    assert 0 < len(shown) <= 10
    assert all(a["overdue_days"] == 0 for a in first["actions"])
    everything = json_of(
        cli("today", "--book", book, "--date", "2026-11-23", "--format", "json", "--all")
    )
    due = {a["customer"] for a in everything["actions"]}
    assert first["waiting"]["customers"] == len(due) - len(shown)
    assert first["waiting"]["actions"] == len(everything["actions"]) - len(first["actions"])
    plain = cli("today", "--book", book, "--date", "2026-11-23", "--format", "plain").stdout
    assert plain.startswith(f"{len(shown)} customers, ")
    assert "overdue" not in plain.splitlines()[0]


def test_upcoming_spreads_the_first_month_so_no_day_holds_more_than_capacity(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book({"aftersale.toml": SETTINGS, "customers.csv": three_hundred_customers()})
    ahead = json_of(
        cli("upcoming", "--book", book, "--date", "2026-11-23", "--days", "30", "--format", "json")
    )
    per_day: dict[str, set[str]] = {}
    for action in ahead["actions"]:
        per_day.setdefault(action["planned"], set()).add(action["customer"])
    assert per_day
    assert max(len(customers) for customers in per_day.values()) <= 10
    for day in per_day:
        assert date.fromisoformat(day).weekday() < 5  # nothing but trouble on a day off
    planned = sum(len(c) for c in per_day.values())
    assert planned + 10 + ahead["waiting"]["customers"] >= 300 * 20 // 22 - 10


def test_today_counts_what_waits_and_what_lapsed_on_one_line_each(
    cli: Cli, make_book: MakeBook
) -> None:
    customers = "\n".join(
        ["id,name,birthday,cadence,since"]
        + [f"C-{n},Person {n},{'11-10' if n == 0 else ''},1y,2027-01-01" for n in range(14)]
    )
    deals = "\n".join(
        ["id,customer,stage,closed_on"] + [f"D-{n},C-{n},won,2026-11-20" for n in range(1, 14)]
    )
    book = make_book(
        {
            "aftersale.toml": SETTINGS.replace("2026-11-23", "2026-11-01"),
            "customers.csv": customers + "\n",
            "deals.csv": deals + "\n",
        }
    )
    # Birthday on Tue 10 Nov: greeted by Sat 7 Nov (Fri 6), lapses after Tue 17 Nov.
    wednesday = cli("today", "--book", book, "--date", "2026-11-18", "--format", "plain")
    assert "1 follow-up lapsed since the last working day" in wednesday.stdout
    thursday = cli("today", "--book", book, "--date", "2026-11-19", "--format", "plain")
    assert "lapsed" not in thursday.stdout
    monday = cli("today", "--book", book, "--date", "2026-11-23", "--format", "plain").stdout
    head = monday.splitlines()
    assert head[0].startswith("10 customers, 10 follow-ups for Mon 23 Nov 2026")
    assert head[1] == (
        "3 more customers waiting for the next working days (see aftersale upcoming): "
        "3 follow-ups, the oldest due Nov 20."
    )
    data = json_of(cli("today", "--book", book, "--date", "2026-11-18", "--format", "json"))
    assert [a["id"] for a in data["missed"]] == ["birthday:C-0:2026"]


def test_report_lists_the_missed_and_the_customer_keeps_them_in_the_history(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book(
        {
            "aftersale.toml": SETTINGS.replace("2026-11-23", "2026-10-01"),
            "customers.csv": "id,name,birthday,cadence,since\nC-1,Anna Berg,11-10,1y,2027-01-01\n",
        }
    )
    report = cli("report", "--book", book, "--date", "2026-11-20", "--format", "json")
    missed = json_of(report)["missed"]
    assert [(m["id"], m["lapsed_after"]) for m in missed] == [("birthday:C-1:2026", "2026-11-17")]
    text = cli("report", "--book", book, "--date", "2026-11-20").stdout
    assert "Missed: the moment passed (1)" in text
    profile = cli("customer", "C-1", "--book", book, "--date", "2026-11-20").stdout
    assert "2026-11-18  missed personal" in profile


def test_snooze_a_whole_customer_or_kind_with_a_dry_run_first(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book(
        {
            "aftersale.toml": SETTINGS.replace("2026-11-23", "2026-11-01"),
            "customers.csv": (
                "id,name,cadence,since\nC-1,Anna Berg,1y,2027-01-01\nC-2,Bo Ek,1y,2027-01-01\n"
            ),
            "deals.csv": (
                "id,customer,stage,closed_on,delivered_on\n"
                "D-1,C-1,won,2026-11-10,2026-11-22\n"
                "D-2,C-2,won,2026-11-10,2026-11-22\n"
            ),
            "touchpoints.csv": "date,customer,kind,channel,deal,action,note,next\n",
        }
    )
    log = book / "touchpoints.csv"
    before = hashlib.sha256(log.read_bytes()).hexdigest()
    dry = cli(
        "snooze", "--book", book, "--date", "2026-11-23", "--customer", "C-1",
        "--until", "2026-11-30", "--dry-run",
    )  # fmt: skip
    assert dry.code == 0
    assert "would put off: thank-you:D-1 (Anna Berg)" in dry.stdout
    assert "delivery-check:D-1" in dry.stdout
    assert "D-2" not in dry.stdout
    assert hashlib.sha256(log.read_bytes()).hexdigest() == before
    kind = cli(
        "snooze", "--book", book, "--date", "2026-11-23", "--kind", "thank_you",
        "--until", "+1w",
    )  # fmt: skip
    assert kind.code == 0
    assert kind.stdout.count("Snoozed:") == 2
    today = json_of(cli("today", "--book", book, "--date", "2026-11-23", "--format", "json"))
    assert sorted(a["id"] for a in today["actions"]) == [
        "delivery-check:D-1",
        "delivery-check:D-2",
    ]
    back = json_of(cli("today", "--book", book, "--date", "2026-11-30", "--format", "json"))
    assert {"thank-you:D-1", "thank-you:D-2"} <= {a["id"] for a in back["actions"]}


def test_snooze_needs_one_action_or_a_selection_and_a_known_kind(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book()
    neither = cli("snooze", "--book", book, "--until", "+3d")
    assert neither.code == 2
    assert "name one ACTION" in neither.stderr
    unknown = cli("snooze", "--book", book, "--until", "+3d", "--kind", "lunch")
    assert unknown.code == 2
    assert "not a kind of action" in unknown.stderr


def test_done_with_a_past_date_finds_the_action_as_it_stood_that_day(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book(
        {
            "aftersale.toml": SETTINGS.replace("2026-11-23", "2026-01-01"),
            "customers.csv": "id,name,birthday,cadence,since\nC-1,Anna Berg,03-10,1y,2027-01-01\n",
            "touchpoints.csv": "date,customer,kind,channel,deal,action,note,next\n",
        }
    )
    done = cli("done", "birthday:C-1:2026", "--book", book, "--date", "2026-03-09")
    assert done.code == 0, done.stderr
    assert "logged on 2026-03-09" in done.stdout
    assert "2026-03-09,C-1,personal" in (book / "touchpoints.csv").read_text(encoding="utf-8")
    report = json_of(cli("report", "--book", book, "--date", "2026-03-20", "--format", "json"))
    assert report["missed"] == []


def test_a_promise_done_through_its_action_shows_as_kept(cli: Cli, make_book: MakeBook) -> None:
    book = make_book(
        {
            "aftersale.toml": SETTINGS,
            "customers.csv": "id,name,cadence,since\nC-1,Anna Berg,1y,2027-01-01\n",
            "promises.csv": "id,customer,what,due\nP-1,C-1,Send the spec,2026-11-25\n",
            "touchpoints.csv": "date,customer,kind,channel,deal,action,note,next\n",
        }
    )
    assert cli("done", "promise:P-1", "--book", book, "--date", "2026-11-24").code == 0
    profile = cli("customer", "C-1", "--book", book, "--date", "2026-11-26").stdout
    assert "Send the spec (kept 2026-11-24)" in profile


def test_explain_names_the_tier_and_when_the_moment_passes(cli: Cli) -> None:
    promise = cli("explain", "promise:P-02", "--demo", "--date", "2026-11-23").stdout
    assert "tier:      1 of 4, a customer in trouble (a promise due today or late)" in promise
    anniversary = cli("explain", "anniversary:D-1020:2026", "--demo", "--date", "2026-11-23")
    assert "tier:      3 of 4, relationship work" in anniversary.stdout
    assert "lapses:    after Wed 2 Dec 2026" in anniversary.stdout


def test_init_records_the_day_the_book_was_started(cli: Cli, tmp_path: Path) -> None:
    assert cli("init", tmp_path / "b").code == 0
    text = (tmp_path / "b" / "aftersale.toml").read_text(encoding="utf-8")
    assert f"start = {date.today().isoformat()}" in text


HUBSPOT_HEADER = (
    '"Record ID","First Name","Last Name","Email","Phone Number","Contact owner",'
    '"Primary Associated Company ID","Last Activity Date","Lead Status",'
    '"Marketing contact status","Create Date","Associated Company","Lifecycle Stage",'
    '"Date of birth"'
)


def three_hundred_hubspot_contacts() -> str:
    """A CRM export: a third with a last activity, years of create dates, some leads."""
    rows = [HUBSPOT_HEADER]
    for n in range(300):
        last = f"2026-{1 + n % 10:02}-{1 + n % 27:02} 10:00" if n % 3 == 0 else ""
        stage = "Lead" if n % 25 == 0 else "Customer"
        rows.append(
            f'"{5000 + n}","Person","Number {n}","person{n}@example.com","",'
            f'"Dana Wells","","{last}","","Non-marketing contact",'
            f'"{2016 + n % 10}-03-11 10:05","","{stage}",""'
        )
    return "\n".join(rows) + "\n"


def test_an_imported_300_customer_book_starts_level_at_capacity(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    book = make_book({"aftersale.toml": 'working_days = ["mon", "tue", "wed", "thu", "fri"]\n'})
    export = tmp_path / "hubspot-contacts.csv"
    export.write_text(three_hundred_hubspot_contacts(), encoding="utf-8")
    imported = cli("import", export, "--book", book)
    assert imported.code == 0, imported.stderr
    settings = (book / "aftersale.toml").read_text(encoding="utf-8")
    start = settings.split("[agenda]\nstart = ")[1].split()[0]  # the day of the import
    assert cli("check", "--book", book).code == 0
    day = date.fromisoformat(start)
    while day.weekday() >= 5:  # the first working day from the start
        day += timedelta(days=1)
    first_day = day.isoformat()
    first = json_of(cli("today", "--book", book, "--date", first_day, "--format", "json"))
    assert 0 < len({a["customer"] for a in first["actions"]}) <= 10
    never_contacted = [a for a in first["actions"] if "no contact logged yet" in a["reason"]]
    assert all(a["overdue_days"] == 0 for a in never_contacted)
    everything = json_of(
        cli("today", "--book", book, "--date", first_day, "--format", "json", "--all")
    )
    # those whose last activity was months ago are due, at most a rhythm's period late
    assert max(a["overdue_days"] for a in everything["actions"]) <= 31
    assert first["waiting"]["customers"] == len(
        {a["customer"] for a in everything["actions"]}
    ) - len({a["customer"] for a in first["actions"]})
    ahead = json_of(
        cli("upcoming", "--book", book, "--date", first_day, "--days", "30", "--format", "json")
    )
    per_day: dict[str, set[str]] = {}
    for action in ahead["actions"]:
        per_day.setdefault(action["planned"], set()).add(action["customer"])
    assert max(len(c) for c in per_day.values()) <= 10
    leads = {f"HS-{5000 + n}" for n in range(0, 300, 25)}
    for lead in leads:
        profile = json_of(cli("customer", lead, "--book", book, "--format", "json"))
        assert "prospect" in profile["customer"]["tags"]
    assert not {a["customer"] for a in everything["actions"] + ahead["actions"]} & leads


def test_a_book_with_errors_says_so_in_the_plan_itself_not_only_on_stderr(
    cli: Cli, make_book: MakeBook
) -> None:
    """A cron mail of 'nothing due' from a book that could not be read would mislead."""
    book = make_book(
        {
            "aftersale.toml": '[owner]\nemail = "me@example.com"\n',
            "customers.toml": '[[customer]]\nid = "C-1"\nname = "Anna"\nsince = 2025-13-10\n',
        }
    )
    plain = cli("today", "--book", book, "--date", "2026-11-23", "--format", "plain")
    assert plain.code == 65
    assert "Warning: the book has 1 error;" in plain.stdout
    mail = cli("today", "--book", book, "--date", "2026-11-23", "--format", "email")
    assert "Subject: aftersale (the book has errors): nothing due" in mail.stdout
    assert "Warning: the book has 1 error;" in mail.stdout
    data = json.loads(cli("today", "--book", book, "--format", "json").stdout)
    assert data["book_errors"] == 1


def test_explain_tells_when_an_action_lapsed(cli: Cli) -> None:
    result = cli("explain", "value-add:D-1003:30d", "--demo", "--date", "2026-11-23")
    assert result.code == 0, result.stderr
    assert "lapsed:    after Sat 21 Nov 2026: the moment passed (missed)" in result.stdout


def test_a_book_that_set_the_old_thank_you_expiry_still_opens(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book({"aftersale.toml": "[playbook.thank_you]\nexpires_after = 10\n"})
    assert cli("check", "--book", book).code == 0
