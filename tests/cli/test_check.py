"""`aftersale check`: every problem at once, compiler-style or JSON, with the right exit code."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]

BROKEN = {
    "aftersale.toml": 'date_order = "DMY"\n[owner]\nemail = "alex@"\n',
    "customers.csv": (
        "id,name,email,channel,birthday,share_of_wallet,cadence,quiet_until\n"
        "C-1,Anna Berg,anna@example.com,phone,02-29,0.4,2w,\n"
        "C-2,Bo Ek,bo@,fax,13-01,150%,sometimes,31.04.2026\n"
        "C-1,Duplicate,,,,,,\n"
    ),
    "deals.csv": (
        "id,customer,stage,amount,closed_on,delivered_on\n"
        "D-1,C-1,wonn,12000,20.11.2026,\n"
        "D-2,C-9,won,lots,2026-11-20,2026-11-01\n"
    ),
    "promises.csv": "id,customer,what,due\nP-1,C-1,Send the spec,TBD\n",
    "touchpoints.csv": "date,customer,kind,deal\n2026-11-21,C-1,thank_yuo,D-7\n",
    "feedback.csv": "date,customer,score\n2026-11-01,C-1,11\n",
}


def test_check_lists_every_problem_with_file_line_and_field(cli: Cli, make_book: MakeBook) -> None:
    book = make_book(BROKEN)
    result = cli("check", "--book", book)
    assert result.code == 78  # aftersale.toml is wrong too: configuration wins
    located = []
    for line in result.stdout.splitlines():
        if ": error: " in line:
            where, what = line.split(": error: ")
            located.append(f"{where.rsplit('/', 1)[-1]} {what.split(':')[0]}")
    assert located == [
        "aftersale.toml:3:1 owner.email",
        "customers.csv:3 birthday",
        "customers.csv:3 cadence",
        "customers.csv:3 email",
        "customers.csv:3 quiet_until",
        "customers.csv:3 share_of_wallet",
        "customers.csv:4 id",
        "deals.csv:2 stage",
        "deals.csv:3 amount",
        "deals.csv:3 customer",  # a deal with a bad amount is still checked for the rest
        "deals.csv:3 delivered_on",
        "feedback.csv:2 score",
        "promises.csv:2 due",
        "touchpoints.csv:2 kind",
    ]
    assert "14 errors and 0 warnings in 6 files" in result.stdout  # "fax" is a channel too
    assert 'got "sometimes"' in result.stdout
    assert 'did you mean "won"' in result.stdout
    assert "day 31 is out of range for April 2026" in result.stdout


def test_data_errors_exit_65(cli: Cli, make_book: MakeBook) -> None:
    book = make_book({"deals.csv": "id,customer,amount\nD-1,C-1,lots\n"})
    result = cli("check", "--book", book)
    assert result.code == 65
    assert "deals.csv:2: error: amount: expected a number such as 1250.50" in result.stdout


def test_check_json_lists_problems_as_objects(cli: Cli, make_book: MakeBook) -> None:
    result = cli("check", "--book", make_book(BROKEN), "--format", "json")
    document = json.loads(result.stdout)
    assert result.code == 78
    assert document["schema"] == 1
    assert document["ok"] is False
    first = document["problems"][0]
    assert set(first) >= {"file", "line", "column", "field", "message", "severity"}
    assert first["file"].endswith("aftersale.toml")
    assert (first["line"], first["column"], first["field"]) == (3, 1, "owner.email")
    assert document["errors"] == 14
    csv_problem = next(p for p in document["problems"] if p["file"].endswith("deals.csv"))
    assert csv_problem["column"] is None


def test_clean_book_exits_0_with_one_summary_line(cli: Cli, make_book: MakeBook) -> None:
    result = cli("check", "--book", make_book())
    assert result.code == 0
    (line,) = result.stdout.strip().splitlines()
    assert line.endswith(": 1 customer; no problems")
    assert cli("check", "--book", make_book(), "--quiet").stdout == ""


def test_warnings_alone_exit_0(cli: Cli, make_book: MakeBook) -> None:
    result = cli("check", "--book", make_book({"customers.csv": "id,name,colour\nC-1,Anna,red\n"}))
    assert result.code == 0
    assert "warning: unknown column" in result.stdout


def test_hostile_text_in_values_is_shown_escaped(cli: Cli, make_book: MakeBook) -> None:
    book = make_book({"customers.csv": "id,name,email\nC-1,Anna,\x1b]0;owned\x07[bold]x\n"})
    result = cli("check", "--book", book)
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert "\\e]0;owned\\x07[bold]x" in result.stdout


def test_check_demo_is_clean(cli: Cli) -> None:
    result = cli("check", "--demo")
    assert result.code == 0
    assert "25 customers" in result.stdout
    assert "no problems" in result.stdout


@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_a_book_without_customers_exits_66_naming_the_missing_file(
    cli: Cli, make_book: MakeBook, fmt: str
) -> None:
    result = cli("check", "--book", make_book({"customers.toml": None}), "--format", fmt)
    assert result.code == 66
    assert "customers" in result.stdout + result.stderr


def test_an_unknown_option_is_a_usage_error_that_names_it(cli: Cli) -> None:
    result = cli("check", "--colour")
    assert result.code == 2
    assert "--colour" in result.stderr
    assert "Traceback" not in result.stderr


def test_internal_error_is_one_line_and_exit_70(
    cli: Cli, make_book: MakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aftersale.book.open as load

    def explode(path: Path, **options: object) -> None:
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(load, "load_book", explode)
    result = cli("check", "--book", make_book())
    assert result.code == 70
    assert result.stderr.startswith("aftersale: internal error: RuntimeError: something unexpected")
    assert "Traceback" not in result.stderr
    debug = cli("check", "--book", make_book(), "--debug")
    assert "Traceback" in debug.stderr
    assert debug.code == 70


@given(
    st.sampled_from(["customers.csv", "deals.csv", "touchpoints.csv", "aftersale.toml"]),
    st.binary(max_size=300),
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_check_exits_only_with_documented_codes(cli: Cli, name: str, data: bytes) -> None:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-cli-"))
    try:
        (folder / "aftersale.toml").write_bytes(b"")
        (folder / name).write_bytes(data)
        result = cli("check", "--book", folder)
        assert result.code in (0, 65, 66, 78)
        assert "Traceback" not in result.stderr
    finally:
        shutil.rmtree(folder)
