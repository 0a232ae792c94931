"""`add`, `won`, `lost`, `delivered`, `resolve`: records entered without an editor."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
import tomli

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]

TOML_CUSTOMERS = """\
# My customers. Keep this comment.
[[customer]]
id = "C-001"   # the first one
name = "Anna Berg"
company = "Berg Bakeries"
since = 2026-01-01

# --- a section the seller wrote ---
[[customer]]
id = "C-002"
name = "Björn Ek"
email = "bjorn@ek.example"
since = 2026-01-01
"""

TOML_DEALS = """\
# Deals, newest last.

[[deal]]
id = "D-1041"
customer = "C-001"
title = "Two ovens"   # the big one
amount = 12500
stage = "open"        # still talking
delivery_due = 2026-12-20

[[deal]]
id = "D-1042"
customer = "C-002"
title = "Flour silo"
stage = "open"
"""

CSV_CUSTOMERS = (
    'id;name;company;email;birthday\r\n"C-001";"Anna Berg";"Berg Bakeries";;\r\n'
    '"C-002";"Björn Ek";;"bjorn@ek.example";\r\n'
)
CSV_DEALS = (
    "id,customer,title,amount,stage,closed_on,delivery_due,delivered_on,lost_reason\r\n"
    'D-1041,C-001,"Two ovens, stainless",12500,open,,2026-12-20,,\r\n'
    'D-1042,C-002,"Flour silo\r\nwith a second line",,open,,,,\r\n'
)


@pytest.fixture
def toml_book(make_book: MakeBook) -> Path:
    return make_book({"customers.toml": TOML_CUSTOMERS, "deals.toml": TOML_DEALS})


@pytest.fixture
def csv_book(make_book: MakeBook) -> Path:
    return make_book({"customers.csv": CSV_CUSTOMERS, "deals.csv": CSV_DEALS})


def toml_entries(path: Path, table: str) -> list[dict[str, object]]:
    entries = tomli.loads(path.read_text(encoding="utf-8"))[table]
    assert isinstance(entries, list)
    return entries


def snapshot(book: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(book.iterdir()) if not p.name.startswith(".")}


def test_add_customer_to_a_toml_book_keeps_every_old_byte_and_prints_the_id(
    cli: Cli, toml_book: Path
) -> None:
    before = (toml_book / "customers.toml").read_bytes()
    result = cli(
        "add", "customer", "José Núñez", "--company", "Núñez SL", "--email", "jose@nunez.example",
        "--birthday", "05-04", "--cadence", "2w", "--book", toml_book,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "jose-nunez" in result.stdout
    after = (toml_book / "customers.toml").read_bytes()
    assert after.startswith(before)
    added = toml_entries(toml_book / "customers.toml", "customer")[-1]
    assert added["id"] == "jose-nunez"
    assert added["name"] == "José Núñez"
    assert added["birthday"] == "05-04"
    assert added["since"] == date.today()
    assert cli("check", "--book", toml_book).code == 0


def test_add_customer_quiet_prints_only_the_id(cli: Cli, toml_book: Path) -> None:
    result = cli("add", "customer", "Chloé Dubois", "-q", "--book", toml_book)
    assert result.code == 0
    assert result.stdout == "chloe-dubois\n"


def test_add_customer_to_a_csv_book_keeps_its_delimiter_quoting_and_line_endings(
    cli: Cli, csv_book: Path
) -> None:
    before = (csv_book / "customers.csv").read_bytes()
    result = cli("add", "customer", "Anna Berg", "--birthday", "1980-05-04", "--book", csv_book)
    assert result.code == 0, result.stderr
    after = (csv_book / "customers.csv").read_bytes()
    assert after.startswith(before)
    assert after[len(before) :] == b"anna-berg;Anna Berg;;;1980-05-04\r\n"


def test_same_name_twice_gets_a_second_id_not_the_first_again(cli: Cli, toml_book: Path) -> None:
    first = cli("add", "customer", "Anna Berg", "-q", "--book", toml_book).stdout.strip()
    second = cli("add", "customer", "Anna  Berg", "-q", "--book", toml_book).stdout.strip()
    assert (first, second) == ("anna-berg", "anna-berg-2")


def test_a_name_without_latin_letters_gets_a_numbered_id(cli: Cli, toml_book: Path) -> None:
    result = cli("add", "customer", "王芳", "-q", "--book", toml_book)
    assert result.stdout.strip() == "C-003"


def test_a_chosen_id_that_is_taken_is_refused_and_nothing_is_written(
    cli: Cli, toml_book: Path
) -> None:
    before = snapshot(toml_book)
    result = cli("add", "customer", "Someone", "--id", "C-002", "--book", toml_book)
    assert result.code == 65
    assert "--id" in result.stderr
    assert '"C-002" is taken' in result.stderr
    assert snapshot(toml_book) == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["add", "customer", "X", "--email", "bob@"],
            '--email: expected an email address such as name@example.com, got "bob@"',
        ),
        (
            ["add", "customer", "X", "--birthday", "13-45"],
            '--birthday: expected MM-DD, got "13-45"',
        ),
        (["add", "customer", " "], "NAME: expected a non-empty value"),
        (["add", "deal", "anna", "Oven", "--currency", "EURO"], "--currency: expected a value"),
        (["add", "deal", "anna", "Oven", "--amount", "lots"], "--amount:"),
        (["add", "deal", "anna", "Oven", "--stage", "wonn"], "--stage: expected one of"),
        (["add", "case", "anna", "Broken", "--severity", "huge"], "--severity: expected one of"),
        (["add", "score", "anna", "11"], "0-10: expected a value of at most 10"),
        (["add", "score", "anna", "nine"], "0-10: expected a whole number"),
        (["add", "promise", "anna", "Call back", "--due", "someday"], "--due:"),
        (["add", "deal", "nobody", "Oven"], 'no customer matches "nobody"'),
        (["won", "D-9999"], 'no deal has the id "D-9999"'),
        (["resolve", "K-1", "--root-cause", "x"], 'no case has the id "K-1"'),
    ],
)
def test_bad_input_gives_one_clear_line_and_writes_nothing(
    cli: Cli, toml_book: Path, args: list[str], expected: str
) -> None:
    before = snapshot(toml_book)
    result = cli(*args, "--book", toml_book)
    assert result.code in (2, 65), result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(toml_book) == before


def test_add_deal_numbers_after_the_highest_id_and_resolves_the_customer(
    cli: Cli, toml_book: Path
) -> None:
    result = cli(
        "add", "deal", "björn", "Second silo", "--amount", "8,000.50", "--currency", "eur",
        "--book", toml_book,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "Added deal D-1043 for Björn Ek (C-002)" in result.stdout
    deal = toml_entries(toml_book / "deals.toml", "deal")[-1]
    assert deal == {
        "id": "D-1043",
        "customer": "C-002",
        "title": "Second silo",
        "amount": 8000.5,
        "currency": "eur",
    }


def test_add_deal_won_at_once_gets_its_close_date(cli: Cli, csv_book: Path) -> None:
    day = date.today() - timedelta(days=1)
    result = cli(
        "add", "deal", "C-001", "Spare parts", "--stage", "won", "--date", day.isoformat(),
        "--book", csv_book,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    last = (csv_book / "deals.csv").read_bytes().splitlines()[-1]
    assert last == f"D-1043,C-001,Spare parts,,won,{day},,,".encode()


def test_won_in_a_toml_book_changes_only_that_deals_keys(cli: Cli, toml_book: Path) -> None:
    result = cli("won", "D-1041", "--date", "2026-11-30", "--book", toml_book)
    assert result.code == 0, result.stderr
    text = (toml_book / "deals.toml").read_text(encoding="utf-8")
    assert text == TOML_DEALS.replace(
        'stage = "open"        # still talking\ndelivery_due = 2026-12-20\n',
        'stage = "won"        # still talking\ndelivery_due = 2026-12-20\nclosed_on = 2026-11-30\n',
    )
    assert (toml_book / "customers.toml").read_text(encoding="utf-8") == TOML_CUSTOMERS


def test_won_in_a_csv_book_changes_only_that_record(cli: Cli, csv_book: Path) -> None:
    result = cli("won", "D-1042", "--date", "2026-11-30", "--book", csv_book)
    assert result.code == 0, result.stderr
    assert (csv_book / "deals.csv").read_bytes() == CSV_DEALS.replace(
        'D-1042,C-002,"Flour silo\r\nwith a second line",,open,,,,\r\n',
        'D-1042,C-002,"Flour silo\r\nwith a second line",,won,2026-11-30,,,\r\n',
    ).encode("utf-8")


def test_won_puts_the_thank_you_and_delivery_notice_on_the_agenda(
    cli: Cli, toml_book: Path
) -> None:
    won_on = date.today()
    result = cli("won", "D-1041", "--book", toml_book)
    assert result.code == 0, result.stderr
    assert "thank-you:D-1041" in result.stdout
    assert "Next on the agenda:" in result.stdout
    later = cli(
        "upcoming", "--days", "60", "--date", won_on.isoformat(), "--format", "json",
        "--book", toml_book,
    )  # fmt: skip
    kinds = {a["kind"] for a in json.loads(later.stdout)["actions"] if a["deal"] == "D-1041"}
    assert {"thank_you", "delivery_notice"} <= kinds
    agenda = cli(
        "today", "--all", "--date", (won_on + timedelta(days=3)).isoformat(), "--format", "json",
        "--book", toml_book,
    )  # fmt: skip
    ids = [a["id"] for a in json.loads(agenda.stdout)["actions"]]
    assert "thank-you:D-1041" in ids


def test_a_closed_deal_cannot_be_won_again(cli: Cli, toml_book: Path) -> None:
    assert cli("won", "D-1041", "--book", toml_book).code == 0
    before = snapshot(toml_book)
    again = cli("lost", "D-1041", "--book", toml_book)
    assert again.code == 65
    assert "already won" in again.stderr
    assert snapshot(toml_book) == before


def test_lost_keeps_the_reason_and_a_thank_you_still_follows(cli: Cli, csv_book: Path) -> None:
    result = cli("lost", "D-1041", "--reason", "Price; went with a rival", "--book", csv_book)
    assert result.code == 0, result.stderr
    assert "thank-you:D-1041" in result.stdout
    row = (csv_book / "deals.csv").read_bytes().splitlines()[1]
    assert row.endswith(
        b",lost," + date.today().isoformat().encode() + b",2026-12-20,,Price; went with a rival"
    )


def test_delivered_sets_the_day_and_the_delivery_check_follows(cli: Cli, toml_book: Path) -> None:
    won_on = date.today() - timedelta(days=10)
    assert cli("won", "D-1041", "--date", won_on.isoformat(), "--book", toml_book).code == 0
    result = cli("delivered", "D-1041", "--book", toml_book)
    assert result.code == 0, result.stderr
    assert "delivery-check:D-1041" in result.stdout
    deal = toml_entries(toml_book / "deals.toml", "deal")[0]
    assert deal["delivered_on"] == date.today()


def test_an_open_deal_cannot_be_delivered(cli: Cli, toml_book: Path) -> None:
    result = cli("delivered", "D-1041", "--book", toml_book)
    assert result.code == 65
    assert "not won" in result.stderr


def test_add_promise_appears_on_the_agenda_when_due(cli: Cli, toml_book: Path) -> None:
    result = cli(
        "add", "promise", "anna", "Send the spec", "--due", "2026-12-10", "--book", toml_book
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "Added promise P-01" in result.stdout
    agenda = cli("today", "--date", "2026-12-10", "--format", "json", "--book", toml_book)
    assert "promise:P-01" in [a["id"] for a in json.loads(agenda.stdout)["actions"]]


def test_a_case_opened_then_resolved_moves_from_recovery_to_closing_the_loop(
    cli: Cli, toml_book: Path
) -> None:
    opened = cli(
        "add", "case", "anna", "Oven door sticks", "--severity", "urgent", "--category", "product",
        "--deal", "D-1041", "--book", toml_book,
    )  # fmt: skip
    assert opened.code == 0, opened.stderr
    assert "Opened case K-01 (critical)" in opened.stdout
    assert "recovery:K-01" in opened.stdout
    resolved = cli(
        "resolve", "K-01", "--root-cause", "Hinge fitted loose", "--fix", "New hinge",
        "--book", toml_book,
    )  # fmt: skip
    assert resolved.code == 0, resolved.stderr
    assert "close-loop:K-01" in resolved.stdout
    row = (toml_book / "cases.csv").read_text(encoding="utf-8").splitlines()[1]
    today = date.today().isoformat()
    assert row == (
        f"K-01,C-001,{today},critical,product,Oven door sticks,D-1041,{today},"
        "Hinge fitted loose,New hinge"
    )


def test_a_deal_of_another_customer_is_refused(cli: Cli, toml_book: Path) -> None:
    result = cli("add", "case", "anna", "Late", "--severity", "low", "--deal", "D-1042",
                 "--book", toml_book)  # fmt: skip
    assert result.code == 65
    assert "belongs to customer C-002" in result.stderr
    assert not (toml_book / "cases.csv").exists()


def test_a_low_score_is_written_and_repair_comes_first(cli: Cli, toml_book: Path) -> None:
    result = cli(
        "add", "score", "C-002", "4", "--category", "service", "--comment", "Slow answers",
        "--book", toml_book,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "Added score 4 (detractor) from Björn Ek" in result.stdout
    assert "repair:C-002:" in result.stdout
    row = (toml_book / "feedback.csv").read_text(encoding="utf-8").splitlines()[1]
    assert row == f"{date.today()},C-002,4,service,Slow answers,"


def test_a_column_the_csv_lacks_is_added_at_the_end_and_said_so(
    cli: Cli, make_book: MakeBook
) -> None:
    deals = 'id;customer;title;stage\r\nD-1;C-001;"Two\r\nlines";open\r\n\r\nD-2;C-001;Silo;open'
    book = make_book({"customers.csv": CSV_CUSTOMERS, "deals.csv": deals})
    result = cli("lost", "D-2", "--date", "2026-11-30", "--reason", "Price", "--book", book)
    assert result.code == 0, result.stderr
    assert "deals.csv had no column for closed_on, lost_reason" in result.stderr
    assert (book / "deals.csv").read_bytes() == (
        b"id;customer;title;stage;closed_on;lost_reason\r\n"
        b'D-1;C-001;"Two\r\nlines";open;;\r\n\r\n'
        b"D-2;C-001;Silo;lost;2026-11-30;Price"
    )
    assert cli("check", "--book", book).code == 0


def test_a_new_record_with_a_value_for_a_missing_column_adds_the_column(
    cli: Cli, csv_book: Path
) -> None:
    result = cli("add", "customer", "Dan", "--phone", "+46 8 555", "--book", csv_book)
    assert result.code == 0, result.stderr
    assert "customers.csv had no column for phone" in result.stderr
    lines = (csv_book / "customers.csv").read_bytes().split(b"\r\n")
    assert lines[0] == b"id;name;company;email;birthday;phone"
    assert lines[1] == b'"C-001";"Anna Berg";"Berg Bakeries";;;'
    assert lines[3] == b"dan;Dan;;;;+46 8 555"
    assert cli("check", "--book", csv_book).code == 0


def test_referred_by_names_an_existing_customer(cli: Cli, toml_book: Path) -> None:
    result = cli("add", "customer", "Carl Dahl", "--referred-by", "anna", "--book", toml_book)
    assert result.code == 0, result.stderr
    assert toml_entries(toml_book / "customers.toml", "customer")[-1]["referred_by"] == "C-001"
    refused = cli("add", "customer", "Dan", "--referred-by", "zed", "--book", toml_book)
    assert refused.code == 65
    assert 'no customer matches "zed"' in refused.stderr


def test_control_characters_in_a_name_are_written_as_data_and_shown_escaped(
    cli: Cli, toml_book: Path
) -> None:
    result = cli("add", "customer", "Eve\x1b[31m Red", "--book", toml_book)
    assert result.code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert toml_entries(toml_book / "customers.toml", "customer")[-1]["name"] == "Eve\x1b[31m Red"


def test_winning_a_referred_customers_first_deal_owes_the_referrer_a_thank_you(
    cli: Cli, toml_book: Path
) -> None:
    assert (
        cli("add", "customer", "Carl Dahl", "--referred-by", "C-001", "--book", toml_book).code == 0
    )
    deal = cli("add", "deal", "carl", "Mixer", "-q", "--book", toml_book).stdout.strip()
    won = cli("won", deal, "--book", toml_book)
    assert won.code == 0, won.stderr
    assert "thank-referrer:carl-dahl" in won.stdout
    agenda = cli(
        "today", "--all", "--date", (date.today() + timedelta(days=3)).isoformat(),
        "--format", "json", "--book", toml_book,
    )  # fmt: skip
    owed = [
        a for a in json.loads(agenda.stdout)["actions"] if a["id"] == "thank-referrer:carl-dahl"
    ]
    assert [(a["customer"], a["kind"]) for a in owed] == [("C-001", "thank_you")]
    draft = cli("draft", "thank-referrer:carl-dahl", "--book", toml_book)
    assert draft.code == 0, draft.stderr
    assert "Subject: Thank you for introducing Carl Dahl" in draft.stdout
    assert "Dear Anna," in draft.stdout


def test_a_customer_nobody_referred_owes_no_referrer_anything(cli: Cli, toml_book: Path) -> None:
    won = cli("won", "D-1041", "--book", toml_book)
    assert won.code == 0
    assert "thank-referrer" not in won.stdout


@pytest.mark.parametrize("fixture", ["toml_book", "csv_book"])
def test_own_dates_given_on_the_command_line_read_back_as_dates(
    cli: Cli, fixture: str, request: pytest.FixtureRequest
) -> None:
    book: Path = request.getfixturevalue(fixture)
    result = cli(
        "add", "customer", "Eva Lund", "--dates", "wedding 06-12; founded 1998-03-01",
        "--book", book,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    agenda = cli("upcoming", "--days", "7", "--date", "2027-06-05", "--format", "json",
                 "--book", book)  # fmt: skip
    ids = [a["id"] for a in json.loads(agenda.stdout)["actions"]]
    assert "date:eva-lund:wedding:2027" in ids
    bad = cli("add", "customer", "Eva Lund", "--dates", "wedding", "--book", book)
    assert bad.code == 65
    assert "--dates: " in bad.stderr


@pytest.mark.parametrize("fixture", ["toml_book", "csv_book"])
def test_a_whole_sale_entered_from_the_command_line_checks_clean(
    cli: Cli, fixture: str, request: pytest.FixtureRequest
) -> None:
    book: Path = request.getfixturevalue(fixture)
    won_on = date.today() - timedelta(days=12)
    steps = [
        ["add", "customer", "Greta Holm", "--email", "greta@holm.example", "--cadence", "1m"],
        ["add", "deal", "greta", "Proofing cabinet", "--amount", "9800", "--currency", "SEK",
         "--delivery-due", (won_on + timedelta(days=7)).isoformat()],
        ["won", "D-1043", "--date", won_on.isoformat()],
        ["delivered", "D-1043", "--date", (won_on + timedelta(days=6)).isoformat()],
        ["lost", "D-1042", "--reason", "Budget moved to next year"],
        ["add", "promise", "greta", "Send the cleaning guide", "--due", "+2d", "--deal", "D-1043"],
        ["add", "case", "greta", "Door seal leaks", "--severity", "medium", "--deal", "D-1043"],
        ["resolve", "K-01", "--root-cause", "Seal cut too short", "--fix", "New seal fitted"],
        ["add", "score", "greta", "9", "--category", "service"],
    ]  # fmt: skip
    for step in steps:
        result = cli(*step, "--book", book)
        assert result.code == 0, (step, result.stderr)
        warnings = [line for line in result.stderr.splitlines() if "had no column" not in line]
        assert warnings == [], step
    checked = cli("check", "--book", book)
    assert checked.code == 0, checked.stdout
    assert "no problems" in checked.stdout
    profile = json.loads(cli("customer", "greta", "--format", "json", "--book", book).stdout)
    assert profile["customer"]["id"] == "greta-holm"
    if fixture == "toml_book":
        deals = (book / "deals.toml").read_text(encoding="utf-8")
        assert deals.startswith("# Deals, newest last.\n\n[[deal]]\n")
        assert 'title = "Two ovens"   # the big one\n' in deals
        assert 'stage = "open"        # still talking\n' in deals
        assert (book / "customers.toml").read_text(encoding="utf-8").startswith(TOML_CUSTOMERS)


def test_a_score_given_yesterday_is_dated_yesterday(cli: Cli, toml_book: Path) -> None:
    result = cli("add", "score", "anna", "10", "--date", "yesterday", "--book", toml_book)
    assert result.code == 0, result.stderr
    row = (toml_book / "feedback.csv").read_text(encoding="utf-8").splitlines()[1]
    assert row.startswith(f"{date.today() - timedelta(days=1)},C-001,10,")


def test_errors_elsewhere_in_the_book_do_not_stop_the_write_but_are_told(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book(
        {"customers.toml": TOML_CUSTOMERS, "promises.csv": "id,customer,what,due\nP-1,C-001,,\n"}
    )
    result = cli("add", "deal", "anna", "Oven", "--book", book)
    assert result.code == 0
    assert "Added deal D-1001" in result.stdout
    assert "written; note that the book has 2 errors elsewhere" in result.stderr
    assert "D-1001" in (book / "deals.toml").read_text(encoding="utf-8")


def test_a_csv_file_that_starts_with_a_sep_line_keeps_it_through_add_won_and_lost(
    cli: Callable[..., Outcome], make_book: MakeBook
) -> None:
    book = make_book(
        {
            "customers.csv": "id,name\nC-1,Anna\n",
            "deals.csv": "sep=;\r\nid;customer;title;stage\r\nD-1;C-1;Ovens;open\r\n",
        }
    )
    assert cli("add", "deal", "C-1", "Mixers", "--book", book).code == 0
    assert cli("won", "D-1", "--book", book, "--date", "2026-12-01").code == 0
    lost = cli("lost", "D-2", "--reason", "price", "--book", book, "--date", "2026-12-02")
    assert lost.code == 0, lost.stderr
    assert (book / "deals.csv").read_bytes().decode() == (
        "sep=;\r\n"
        "id;customer;title;stage;closed_on;lost_reason\r\n"
        "D-1;C-1;Ovens;won;2026-12-01;\r\n"
        "D-2;C-1;Mixers;lost;2026-12-02;price\r\n"
    )
    assert cli("check", "--book", book).code == 0
