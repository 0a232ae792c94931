"""Every output format on its own terms, and user text inert in all of them."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aftersale.settings import Settings
from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]
DEMO = ("--demo", "--date", "2026-11-23")

HOSTILE = "[bold]Evil[/bold] :smile: =cmd|' /C calc'!A0 \x1b]0;owned\x07 \x9b31m \u202egnp.exe\x7f"


@pytest.fixture
def hostile_book(make_book: MakeBook) -> Path:
    name = HOSTILE.replace('"', '""')
    return make_book(
        {
            "aftersale.toml": '[owner]\nname = "Alex\\r\\nBcc: victim@example.com"\n'
            'email = "alex@example.com"\n',
            "customers.csv": f'id,name,company\nC-1,"{name}","<script>alert(1)</script>"\n',
        }
    )


def assert_inert(data: bytes, *, sgr_allowed: bool = False) -> None:
    escapes = re.findall(rb"\x1b[^m]{0,12}m?", data)
    if sgr_allowed:
        assert all(re.fullmatch(rb"\x1b\[[0-9;]*m", e) for e in escapes), escapes
    else:
        assert escapes == []
    text = data.decode("utf-8")
    assert not any(0x80 <= ord(ch) <= 0x9F for ch in text)
    assert "\u202e" not in text
    assert "\x07" not in text
    assert "\x7f" not in text


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown", "json", "csv", "email"])
def test_hostile_text_is_inert_in_every_format(
    cli: Cli, hostile_book: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    result = cli("today", "--book", hostile_book, "--format", fmt, "--color", "always")
    assert result.code == 0, result.stderr
    assert_inert(result.stdout.encode(), sgr_allowed=fmt == "table")
    shown = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout).replace("\\[", "[").replace("\\]", "]")
    if fmt != "email":  # the email body is quoted-printable; it is parsed in its own test
        assert "[bold]Evil[/bold] :smile:" in shown


def test_hostile_text_is_inert_in_the_calendar(cli: Cli, hostile_book: Path) -> None:
    result = cli("export", "--book", hostile_book, "--format", "ics")
    assert result.code == 0
    assert_inert(result.stdout.encode())


def test_markdown_escapes_and_groups(cli: Cli, hostile_book: Path) -> None:
    out = cli("today", "--book", hostile_book, "--format", "markdown").stdout
    assert out.startswith("# 1 customer, 1 follow-up for")
    assert r"\[bold\]Evil\[/bold\]" in out
    assert "<script>" not in out
    later = cli("upcoming", *DEMO, "--format", "markdown", "--days", "7").stdout
    assert "## Tue 24 Nov 2026" in later
    assert "`promise:P-01`" in later


def test_json_keeps_the_data_exactly(cli: Cli, hostile_book: Path) -> None:
    document = json.loads(cli("today", "--book", hostile_book, "--format", "json").stdout)
    assert document["actions"][0]["customer_name"] == HOSTILE


def test_csv_defuses_formulas_and_keeps_numbers(cli: Cli, hostile_book: Path) -> None:
    out = cli("today", "--book", hostile_book, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["customer_name"].startswith("[bold]")
    assert rows[0]["company"] == "<script>alert(1)</script>"
    demo = list(csv.DictReader(io.StringIO(cli("today", *DEMO, "--format", "csv").stdout)))
    assert float(demo[0]["score"]) > 0
    assert int(demo[0]["overdue_days"]) == 5


def test_csv_formula_cells_get_an_apostrophe(cli: Cli, make_book: MakeBook) -> None:
    book = make_book({"customers.csv": 'id,name,company\nC-1,=1+2,"@SUM(A1)"\nC-2,-5,+cmd\n'})
    rows = list(csv.DictReader(io.StringIO(cli("today", "--book", book, "--format", "csv").stdout)))
    by_id = {r["customer"]: r for r in rows}
    assert by_id["C-1"]["customer_name"] == "'=1+2"
    assert by_id["C-1"]["company"] == "'@SUM(A1)"
    assert by_id["C-2"]["customer_name"] == "-5"
    assert by_id["C-2"]["company"] == "'+cmd"


def test_csv_for_excel_has_a_bom_and_crlf(cli: Cli) -> None:
    from datetime import date

    from aftersale.book.locate import demo_dir
    from aftersale.book.open import load_book
    from aftersale.planner import plan
    from aftersale.render.spreadsheet import render_csv

    assert cli("today", *DEMO, "--format", "csv", "--excel").stdout.startswith("\ufeffid,due,")
    actions = plan(load_book(demo_dir())[0], date(2026, 11, 23)).due_today()
    excel = render_csv(actions, date(2026, 11, 23), excel=True)
    assert excel.count("\r\n") == len(actions) + 1
    assert "\r\n" not in render_csv(actions, date(2026, 11, 23))


def parse_email(text: str) -> EmailMessage:
    message = message_from_bytes(text.encode("utf-8"), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_email_is_a_complete_multipart_message(cli: Cli) -> None:
    result = cli("today", *DEMO, "--format", "email", "--to", "alex@example.com")
    message = parse_email(result.stdout)
    assert message["Subject"] == "aftersale: 14 follow-ups for Mon 23 Nov, 10 overdue"
    assert message["To"] == "alex@example.com"
    assert message["From"].addresses[0].display_name == "Alex Morgan"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"]
    assert message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    plain, html = [part.get_content_type() for part in message.iter_parts()]
    assert (plain, html) == ("text/plain", "text/html")
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    page = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    for name in ("王芳", "Дмитро Шевченко", "陈静"):
        assert name in text
        assert name in page
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "http" not in page.replace("http-equiv", "")


def test_names_cannot_inject_email_headers(cli: Cli, hostile_book: Path) -> None:
    message = parse_email(cli("today", "--book", hostile_book, "--format", "email").stdout)
    assert message["Bcc"] is None
    assert "victim" not in (message["To"] or "")
    page = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_email_needs_a_recipient(cli: Cli, make_book: MakeBook) -> None:
    result = cli("today", "--book", make_book(), "--format", "email")
    assert result.code == 2
    assert "--to" in result.stderr


def fake_sendmail(tmp_path: Path, code: int = 0) -> Path:
    script = tmp_path / "fake-sendmail"
    script.write_text(
        f"#!/bin/sh\ncat > {tmp_path / 'sent.eml'}\necho 'refused' >&2\nexit {code}\n"
    )
    script.chmod(0o755)
    return script


def test_send_hands_the_message_to_the_mail_command(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    script = fake_sendmail(tmp_path)
    book = make_book(
        {"aftersale.toml": f'[mail]\nto = "me@example.com"\ncommand = ["{script}", "-t"]\n'}
    )
    result = cli("today", "--book", book, "--send")
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    sent = parse_email((tmp_path / "sent.eml").read_text(encoding="utf-8"))
    assert sent["To"] == "me@example.com"


@pytest.mark.parametrize("command", ["missing", "failing"])
def test_send_failure_exits_69_and_still_prints_the_agenda(
    cli: Cli, make_book: MakeBook, tmp_path: Path, command: str
) -> None:
    program = (
        str(tmp_path / "no-such-sendmail")
        if command == "missing"
        else str(fake_sendmail(tmp_path, 75))
    )
    book = make_book(
        {"aftersale.toml": f'[mail]\nto = "me@example.com"\ncommand = ["{program}"]\n'}
    )
    result = cli("today", "--book", book, "--send")
    assert result.code == 69
    assert "check-in:C-1:first" in result.stdout
    assert ("not found" if command == "missing" else "exited 75: refused") in result.stderr


def test_quiet_if_empty_prints_nothing_when_nothing_is_due(cli: Cli, make_book: MakeBook) -> None:
    book = make_book(
        {"customers.toml": '[[customer]]\nid = "C-1"\nname = "A"\nsince = 2026-11-20\n'}
    )
    for fmt in ("plain", "email", "json"):
        quiet = cli(
            "today",
            "--book",
            book,
            "--date",
            "2026-11-23",
            "--cron",
            "--format",
            fmt,
            "--to",
            "a@b.example",
        )
        assert (quiet.code, quiet.stdout) == (0, "")
    busy = cli("today", *DEMO, "--quiet-if-empty", "--format", "plain")
    assert busy.stdout.startswith("10 customers, 14 follow-ups")


def test_colour_follows_the_flags_and_the_environment(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def table(*extra: str) -> str:
        return cli("today", *DEMO, "--format", "table", "--limit", "1", *extra).stdout

    assert "\x1b[" not in table()  # not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in table()
    assert "\x1b[" not in table("--color", "never")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in table()
    assert "\x1b[" in table("--color", "always")
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("FORCE_COLOR")
    assert "\x1b[" not in table()


def test_table_width_follows_columns(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    for width in (60, 80, 132):
        monkeypatch.setenv("COLUMNS", str(width))
        out = cli("today", *DEMO, "--format", "table", "--limit", "3").stdout
        assert max(len(line) for line in out.splitlines()) <= width
        assert "Nov 18" in out


def test_the_books_time_zone_decides_today() -> None:
    late_utc = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    shanghai = Settings.model_validate({"timezone": "Asia/Shanghai"})
    assert shanghai.today(late_utc).isoformat() == "2026-11-24"
    assert (
        Settings.model_validate({"timezone": "Europe/London"}).today(late_utc).isoformat()
        == "2026-11-23"
    )


def test_the_cli_uses_the_books_time_zone(cli: Cli, make_book: MakeBook) -> None:
    book = make_book({"aftersale.toml": 'timezone = "Pacific/Kiritimati"\n'})
    document = json.loads(cli("today", "--book", book, "--format", "json").stdout)
    assert document["date"] == datetime.now(ZoneInfo("Pacific/Kiritimati")).date().isoformat()
