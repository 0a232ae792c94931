"""Inputs that used to end in an internal error (exit 70) get a clear message and their code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]


def test_a_date_beyond_any_calendar_is_a_usage_error(cli: Cli, make_book: MakeBook) -> None:
    result = cli("today", "--book", make_book(), "--date", "+999999999d")
    assert result.code == 2
    assert "+999999999d is further ahead than any calendar goes" in result.stderr


@pytest.mark.parametrize("value", ["inf", "nan", "-inf"])
def test_an_amount_that_is_not_a_finite_number_is_a_data_error(
    cli: Cli, make_book: MakeBook, value: str
) -> None:
    book = make_book(
        {"customers.toml": f'[[customer]]\nid = "C-1"\nname = "A"\nannual_value = {value}\n'}
    )
    result = cli("check", "--book", book)
    assert result.code == 65
    assert "annual_value: expected a number such as 1250.50" in result.stdout


@pytest.mark.parametrize("value", ["nan", "inf", "-3", "soon"])
def test_a_lock_timeout_that_is_not_a_number_of_seconds_is_a_usage_error(
    cli: Cli, make_book: MakeBook, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    book = make_book({"touchpoints.csv": "date,customer,kind,channel,deal,action,note,next\n"})
    before = (book / "touchpoints.csv").read_bytes()
    monkeypatch.setenv("AFTERSALE_LOCK_TIMEOUT", value)
    result = cli("log", "C-1", "check_in", "--book", book)
    assert result.code == 2
    assert "AFTERSALE_LOCK_TIMEOUT must be a number of seconds" in result.stderr
    assert (book / "touchpoints.csv").read_bytes() == before


def test_answers_naming_a_folder_are_refused_with_the_path(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    book = make_book(
        {
            "customers.toml": '[[customer]]\nid = "C-1"\nname = "Anna"\nannual_value = 9000\n',
            "touchpoints.csv": "date,customer,kind\n2026-11-20,C-1,meeting\n",
        }
    )
    folder = tmp_path / "answers"
    folder.mkdir()
    result = cli("review", "C-1", "--book", book, "--date", "2026-11-20", "--answers", folder)
    assert result.code == 66
    assert f"{folder}: Is a directory" in result.stderr


NAMES = """\
[[customer]]
id = "C-1"
name = "José Álvarez"

[[customer]]
id = "C-2"
name = "Łucja Wiśniewska"

[[customer]]
id = "C-3"
name = "Ωμέγα Παπαδόπουλος"

[[customer]]
id = "C-4"
name = "Дмитро Шевченко"
"""


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("jose", "C-1"),
        ("ALVAREZ", "C-1"),
        ("lucja", "C-2"),
        ("wisniewska", "C-2"),
        ("ωμεγα", "C-3"),
        ("παπαδοπουλος", "C-3"),
        ("шевченко", "C-4"),
        ("ДМИТРО", "C-4"),
    ],
)
def test_a_customer_is_found_by_any_case_and_with_or_without_accents(
    cli: Cli, make_book: MakeBook, typed: str, found: str
) -> None:
    result = cli("customer", typed, "--book", make_book({"customers.toml": NAMES}))
    assert result.code == 0, result.stderr
    assert f"({found})" in result.stdout.splitlines()[0]


def test_a_note_written_on_several_lines_reads_on_several_lines(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book(
        {
            "touchpoints.csv": (
                "date,customer,kind,channel,deal,action,note,next\n"
                '2026-11-20,C-1,meeting,visit,,,"Plant visit\nthey want two fridges",\n'
            )
        }
    )
    profile = cli("customer", "C-1", "--book", book, "--date", "2026-11-23").stdout
    assert "\\n" not in profile
    lines = profile.splitlines()
    history = lines.index("History")
    first = next(i for i, line in enumerate(lines) if i > history and "Plant visit" in line)
    assert lines[first + 1].strip() == "they want two fridges"
    today = cli("today", "--book", book, "--date", "2026-11-20", "--format", "plain").stdout
    assert "\\n" not in today
    assert "they want two fridges" in today


# --- One contract for every writing command ---------------------------------------------------

BROKEN_ELSEWHERE = {
    "customers.toml": (
        '[[customer]]\nid = "C-1"\nname = "Anna"\nannual_value = 9000\n\n'
        '[[customer]]\nid = "C-2"\nname = "Bo"\nemail = "bo@"\n'
    ),
    "deals.csv": "id,customer,stage,closed_on\nD-1,C-1,won,2026-11-20\n",
    "touchpoints.csv": (
        "date,customer,kind,channel,deal,action,note,next\n2026-11-20,C-1,meeting,,,,,\n"
    ),
}


@pytest.mark.parametrize(
    "args",
    [
        ("log", "C-1", "check_in"),
        ("done", "thank-you:D-1"),
        ("snooze", "thank-you:D-1", "--until", "+3d"),
        ("snooze", "--customer", "C-1", "--until", "+3d"),
        ("review", "C-1", "-a", "agenda=yes"),
        ("account", "C-1", "-a", "plans=Growing"),
    ],
    ids=["log", "done", "snooze", "snooze-many", "review", "account"],
)
def test_a_writing_command_that_wrote_exits_0_and_tells_of_errors_elsewhere(
    cli: Cli, make_book: MakeBook, args: tuple[str, ...]
) -> None:
    book = make_book(BROKEN_ELSEWHERE)
    files = {p.name: p.read_bytes() for p in book.iterdir() if p.is_file()}
    result = cli(*args, "--book", book, "--date", "2026-11-23")
    assert result.code == 0, result.stderr
    assert "written; note that the book has 1 error elsewhere" in result.stderr
    changed = [
        p.name
        for p in book.iterdir()
        if p.is_file() and not p.name.startswith(".") and files.get(p.name) != p.read_bytes()
    ]
    assert changed in (["touchpoints.csv"], ["reviews.csv"])


def test_report_send_sends_the_email_whatever_the_format(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox.eml"
    book = make_book(
        {
            "aftersale.toml": (
                '[owner]\nemail = "me@example.com"\n'
                f'[mail]\ncommand = ["sh", "-c", "cat > {outbox}"]\n'
            )
        }
    )
    result = cli("report", "--book", book, "--send", "--format", "json", "--date", "2026-11-23")
    assert result.code == 0, result.stderr
    assert "Subject: aftersale: your week to" in outbox.read_text(encoding="utf-8")


@pytest.mark.parametrize("ending", ["", "\n"], ids=["no-line-end", "line-end"])
def test_a_log_that_ends_inside_a_quoted_note_does_not_swallow_the_next_record(
    cli: Cli, make_book: MakeBook, ending: str
) -> None:
    import csv
    import io

    book = make_book(
        {
            "touchpoints.csv": (
                "date,customer,kind,channel,deal,action,note,next\n"
                f'2026-11-20,C-1,meeting,,,,"Plant visit, and then{ending}'
            )
        }
    )
    result = cli("log", "C-1", "check_in", "--note", "Called back", "--book", book)
    assert result.code == 0, result.stderr
    assert "ended inside a quoted field" in result.stderr
    rows = list(csv.reader(io.StringIO((book / "touchpoints.csv").read_text(encoding="utf-8"))))
    assert rows[1][:3] == ["2026-11-20", "C-1", "meeting"]
    assert rows[1][6].startswith("Plant visit, and then")
    assert rows[2][2] == "check_in"
    assert rows[2][6] == "Called back"


def test_one_bad_optional_cell_keeps_the_customer_and_everything_that_points_to_it(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book(
        {
            "customers.csv": "id,name,birthday\nC-1,Anna Berg,31-02\n",
            "deals.csv": "id,customer,stage,closed_on,amount\nD-1,C-1,won,2026-11-20,lots\n",
        }
    )
    check = cli("check", "--book", book)
    assert check.code == 65
    assert "customers.csv:2: error: birthday" in check.stdout
    assert "deals.csv:2: error: amount" in check.stdout
    assert "unknown customer" not in check.stdout
    assert "no customer has the id" not in check.stdout
    assert "1 customer, 1 deal;" in check.stdout
    today = cli("today", "--book", book, "--date", "2026-11-23", "--format", "plain")
    assert "thank-you:D-1" in today.stdout  # the record stays on the agenda, without the cell


def test_an_exported_calendar_is_readable_by_its_owner_only(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "agenda.ics"
    result = cli("export", "--demo", "--date", "2026-11-23", "--output", target)
    assert result.code == 0, result.stderr
    assert target.stat().st_mode & 0o777 == 0o600


def test_an_export_through_a_link_to_nothing_is_refused(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    book = make_book()
    planted = tmp_path / "shared" / "calendar.ics"
    planted.parent.mkdir()
    link = tmp_path / "out.ics"
    link.symlink_to(planted)
    result = cli("export", "--format", "ics", "--output", link, "--book", book)
    assert result.code == 73
    assert "which does not exist" in result.stderr
    assert not planted.exists()
