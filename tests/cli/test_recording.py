"""`log`, `done`, `snooze` and `customer` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]

CUSTOMERS = """\
[[customer]]
id = "C-001"
name = "Anna Berg"
company = "Berg Bakeries"
channel = "phone"
since = 2026-01-01
cadence = "quarterly"

[[customer]]
id = "C-002"
name = "Annika Ek"
since = 2026-01-01
cadence = "quarterly"
"""


@pytest.fixture
def book(make_book: MakeBook) -> Path:
    return make_book(
        {
            "customers.toml": CUSTOMERS,
            "deals.csv": "id,customer,stage,closed_on\nD-1,C-001,won,2026-11-20\nD-2,C-002,open,\n",
            "promises.csv": "id,customer,what,due\nP-1,C-002,Send the price list,2026-11-23\n",
            "touchpoints.csv": "date,customer,kind,channel,deal,action,note,next\n",
        }
    )


def log_lines(book: Path) -> list[str]:
    return (book / "touchpoints.csv").read_text(encoding="utf-8").splitlines()[1:]


def test_log_appends_one_line_with_defaults(cli: Cli, book: Path) -> None:
    result = cli(
        "log",
        "anna",
        "thank_you",
        "--deal",
        "D-1",
        "--note",
        'Card, with "thanks"',
        "--book",
        book,
        "--date",
        "2026-11-21",
        "--next",
        "+2w",
    )
    assert result.code == 0, result.stderr
    assert "Logged 2026-11-21: thank_you with Anna Berg (C-001) by phone, deal D-1" in result.stdout
    assert log_lines(book) == [
        '2026-11-21,C-001,thank_you,phone,D-1,,"Card, with ""thanks""",2026-12-05'
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("an", "check_in"), 'matches 2 customers: C-001 "Anna Berg"; C-002 "Annika Ek"'),
        (("zed", "check_in"), 'no customer matches "zed"'),
        (("C-001", "thanks_you"), 'did you mean "thank_you"'),
        (("C-001", "check_in", "--deal", "D-2"), "deal D-2 belongs to customer C-002"),
        (("C-001", "check_in", "--deal", "D-9"), "no deal has the id 'D-9'"),
        (("C-001", "check_in", "--channel", "x" * 41), "at most 40 characters"),
    ],
)
def test_refused_logs_exit_65_and_leave_the_file_byte_for_byte(
    cli: Cli, book: Path, args: tuple[str, ...], message: str
) -> None:
    before = (book / "touchpoints.csv").read_bytes()
    result = cli("log", *args, "--book", book)
    assert result.code == 65
    assert message in result.stderr
    assert (book / "touchpoints.csv").read_bytes() == before


def test_bad_dates_are_usage_errors(cli: Cli, book: Path) -> None:
    before = (book / "touchpoints.csv").read_bytes()
    assert cli("log", "C-001", "check_in", "--date", "13/13/2026", "--book", book).code == 2
    assert (book / "touchpoints.csv").read_bytes() == before


def test_done_removes_the_action_for_good(cli: Cli, book: Path) -> None:
    today = cli("today", "--book", book, "--date", "2026-11-23", "--format", "json")
    ids = [a["id"] for a in json.loads(today.stdout)["actions"]]
    assert "thank-you:D-1" in ids
    done = cli(
        "done", "thank-you:D-1", "--book", book, "--date", "2026-11-23", "--note", "Sent a card"
    )
    assert done.code == 0
    assert log_lines(book) == ["2026-11-23,C-001,thank_you,phone,D-1,thank-you:D-1,Sent a card,"]
    for day in ("2026-11-23", "2026-11-24", "2026-12-15"):
        later = cli("today", "--book", book, "--date", day, "--format", "json")
        assert "thank-you:D-1" not in [a["id"] for a in json.loads(later.stdout)["actions"]]


def test_done_on_a_promise_without_editing_promises_csv(cli: Cli, book: Path) -> None:
    before = (book / "promises.csv").read_bytes()
    assert cli("done", "promise:P-1", "--book", book).code == 0
    assert (book / "promises.csv").read_bytes() == before
    result = cli("today", "--book", book, "--date", "2026-11-24", "--format", "json")
    assert "promise:P-1" not in result.stdout


def test_done_with_an_unknown_id_names_the_closest(cli: Cli, book: Path) -> None:
    result = cli("done", "promise:P1", "--book", book)
    assert result.code == 2
    assert "promise:P-1" in result.stderr
    assert log_lines(book) == []


def test_snooze_brings_the_action_back_on_its_date(cli: Cli, book: Path) -> None:
    result = cli(
        "snooze", "promise:P-1", "--until", "2026-11-26", "--book", book, "--date", "2026-11-23"
    )
    assert result.code == 0
    assert log_lines(book) == ["2026-11-23,C-002,snooze,,,promise:P-1,,2026-11-26"]
    for day, shown in (("2026-11-24", False), ("2026-11-25", False), ("2026-11-26", True)):
        agenda = cli("today", "--book", book, "--date", day, "--format", "json").stdout
        assert ("promise:P-1" in agenda) is shown, day


def test_snooze_needs_a_later_date(cli: Cli, book: Path) -> None:
    result = cli(
        "snooze", "promise:P-1", "--until", "2026-11-01", "--book", book, "--date", "2026-11-23"
    )
    assert result.code == 2
    assert log_lines(book) == []


def test_the_demo_book_is_read_only(cli: Cli) -> None:
    result = cli("log", "C-001", "check_in", "--demo")
    assert result.code == 73
    assert "read-only" in result.stderr


def test_a_held_lock_exits_75(cli: Cli, book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERSALE_LOCK_TIMEOUT", "0.2")
    code = (
        "import time\nfrom filelock import FileLock\n"
        f"lock = FileLock({str(book / '.aftersale.lock')!r}); lock.acquire()\n"
        "print('held', flush=True); time.sleep(20)"
    )
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        proc.stdout.readline()
        try:
            result = cli("log", "C-001", "check_in", "--book", book)
        finally:
            proc.kill()
    assert result.code == 75
    assert "another aftersale is running" in result.stderr
    assert log_lines(book) == []


def test_a_disk_full_write_exits_74(cli: Cli, book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    result = cli("log", "C-001", "check_in", "--book", book)
    assert result.code == 74
    assert "left as it was" in result.stderr


def test_customer_profile_text_and_json(cli: Cli) -> None:
    text = cli("customer", "marco", "--demo", "--date", "2026-11-23")
    assert text.code == 0
    out = text.stdout
    assert out.startswith("Marco Rossi, Rossi Costruzioni S.r.l.  (C-004)")
    assert "Giulia Bianchi (buyer, influencer)" in out
    assert "latest score 3/10 on 2026-11-18 (detractor)" in out
    assert "open cases: K-01" in out
    assert "recovery:K-01:2026-11-18" in out
    assert out.index("2026-11-18  feedback") < out.index("2026-08-10  deal won")
    document = json.loads(
        cli("customer", "C-004", "--demo", "--date", "2026-11-23", "--format", "json").stdout
    )
    assert document["customer"]["id"] == "C-004"
    assert document["standing"]["group"] == "detractor"
    assert document["due"][0]["id"]
    assert document["history"][0]["date"] >= document["history"][-1]["date"]


def test_log_keeps_any_channel_a_seller_uses(cli: Cli, book: Path) -> None:
    wechat = cli("log", "C-001", "check_in", "--channel", "wechat", "--book", book)
    assert wechat.code == 0, wechat.stderr
    assert "by WeChat" in wechat.stdout
    own = cli("log", "C-001", "check_in", "--channel", "Fax machine", "--book", book)
    assert own.code == 0, own.stderr
    rows = (book / "touchpoints.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[3] for row in rows[1:]] == ["WeChat", "Fax machine"]
