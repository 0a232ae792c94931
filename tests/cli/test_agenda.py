"""`today`, `upcoming` and `explain` from the command line, on real book files."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]
GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("AFTERSALE_UPDATE_GOLDEN") == "1"


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; AFTERSALE_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_the_demo_agenda_matches_its_reviewed_golden_copy(cli: Cli, fmt: str) -> None:
    result = cli("today", "--demo", "--date", "2026-11-23", "--format", fmt)
    assert result.code == 0
    golden(f"today-demo.{'txt' if fmt == 'plain' else 'json'}", result.stdout)


def test_the_demo_week_ahead_matches_its_reviewed_golden_copy(cli: Cli) -> None:
    result = cli("upcoming", "--demo", "--date", "2026-11-23", "--days", "14")
    assert result.code == 0
    golden("upcoming-demo.txt", result.stdout)


def test_demo_agenda_moves_with_the_date(cli: Cli) -> None:
    """On any day, --demo shows the agenda of its reference Monday, moved in time."""
    reference = json.loads(
        cli("today", "--demo", "--date", "2026-11-23", "--format", "json").stdout
    )
    later = json.loads(cli("today", "--demo", "--date", "2027-03-01", "--format", "json").stdout)
    # Months differ in length, so a monthly rhythm can land a day apart; the mix stays.
    assert abs(len(later["actions"]) - len(reference["actions"])) <= 3
    assert {a["kind"] for a in later["actions"]} == {a["kind"] for a in reference["actions"]}
    assert later["date"] == "2027-03-01"


def test_the_json_agenda_gives_every_documented_field_best_score_first(cli: Cli) -> None:
    document = json.loads(cli("today", "--demo", "--date", "2026-11-23", "--format", "json").stdout)
    assert document["schema"] == 1
    assert document["date"] == "2026-11-23"
    first = document["actions"][0]
    for key in (
        "id",
        "customer",
        "customer_name",
        "kind",
        "due",
        "score",
        "channel",
        "reason",
        "suggestion",
        "deal",
    ):
        assert key in first
    assert first["score"] == max(a["score"] for a in document["actions"])
    kinds = {a["kind"] for a in document["actions"]}
    assert {"recovery", "promise", "thank_you", "personal", "meeting_review", "repair"} <= kinds


def test_nothing_due_exits_0(cli: Cli, make_book: MakeBook) -> None:
    book = make_book(
        {"customers.toml": '[[customer]]\nid = "C-1"\nname = "Anna"\nsince = 2026-11-01\n'}
    )
    result = cli("today", "--book", book, "--date", "2026-11-05", "--format", "plain")
    assert result.code == 0
    assert result.stdout.startswith("Nothing due for Thu 5 Nov 2026.")


def test_fail_on_overdue_exits_3_only_when_something_is_overdue(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book({"promises.csv": "id,customer,what,due\nP-1,C-1,Send the spec,2026-11-20\n"})
    assert cli("today", "--book", book, "--date", "2026-11-20", "--fail-on-overdue").code == 0
    late = cli("today", "--book", book, "--date", "2026-11-23", "--fail-on-overdue")
    assert late.code == 3
    assert "promise:P-1" in late.stdout


def test_limit_sets_the_number_of_customers_and_all_shows_everything(cli: Cli) -> None:
    limited = json.loads(
        cli("today", "--demo", "--date", "2026-11-23", "--format", "json", "--limit", "3").stdout
    )
    everything = json.loads(
        cli("today", "--demo", "--date", "2026-11-23", "--format", "json", "--all").stdout
    )
    shown = {a["customer"] for a in limited["actions"]}
    assert len(shown) == 3
    every_customer = {a["customer"] for a in everything["actions"]}
    assert limited["waiting"]["customers"] == len(every_customer) - 3
    assert len(limited["actions"]) + limited["waiting"]["actions"] == len(everything["actions"])
    assert everything["waiting"] == {"customers": 0, "actions": 0, "oldest_due": None}
    held = everything["suppressed"]
    assert held
    assert all(a["suppressed"] for a in held)
    plain = cli("today", "--demo", "--date", "2026-11-23", "--format", "plain", "--all").stdout
    assert "customer away until Dec 1" in plain


def test_table_on_request_shows_the_day_and_says_how_many_customers_wait(cli: Cli) -> None:
    result = cli("today", "--demo", "--date", "2026-11-23", "--format", "table", "--color", "never")
    assert result.code == 0
    assert "Marco Rossi" in result.stdout
    assert result.stdout.count("Marco Rossi") == 1  # one customer, one row group
    assert "8 more customers waiting" in result.stdout
    assert "\x1b" not in result.stdout


def test_table_colour_always_uses_only_sgr_sequences(cli: Cli) -> None:
    import re

    result = cli(
        "today", "--demo", "--date", "2026-11-23", "--format", "table", "--color", "always"
    )
    escapes = re.findall(r"\x1b[^m]*m?", result.stdout)
    assert escapes
    assert all(re.fullmatch(r"\x1b\[[0-9;]*m", e) for e in escapes)


def test_hostile_names_are_shown_literally(
    cli: Cli, make_book: MakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    name = "[bold]Evil[/bold] :smile: \x1b]0;owned\x07\u202e"
    book = make_book({"customers.csv": f'id,name\nC-1,"{name}"\n'})
    for fmt in ("plain", "table"):
        out = cli("today", "--book", book, "--format", fmt, "--color", "always").stdout
        assert "[bold]Evil[/bold] :smile:" in out.replace("\n", "")
        assert "\x07" not in out
        assert "\u202e" not in out
        assert "\x1b]" not in out


def test_upcoming_groups_by_date(cli: Cli, make_book: MakeBook) -> None:
    book = make_book(
        {
            "customers.toml": '[[customer]]\nid = "C-1"\nname = "Anna"\n'
            'since = 2026-11-01\ncadence = "1y"\n',
            "promises.csv": "id,customer,what,due\n"
            "P-1,C-1,Spec,2026-11-25\nP-2,C-1,Price,2026-11-27\n",
        }
    )
    result = cli("upcoming", "--book", book, "--date", "2026-11-23", "--days", "7")
    assert result.code == 0
    assert result.stdout.index("Wed 25 Nov 2026") < result.stdout.index("promise:P-1")
    assert result.stdout.index("Fri 27 Nov 2026") < result.stdout.index("promise:P-2")
    short = cli("upcoming", "--book", book, "--date", "2026-11-23", "--days", "3")
    assert "promise:P-2" not in short.stdout


def test_explain_shows_rule_facts_and_terms_that_add_up(cli: Cli) -> None:
    result = cli("explain", "promise:P-02", "--demo", "--date", "2026-11-23")
    assert result.code == 0
    assert "rule:      keep every promise" in result.stdout
    score_lines = result.stdout.split("Score = sum of weight x value")[1].splitlines()[1:]
    points = [float(line.split("=")[1].split()[0]) for line in score_lines if "=" in line]
    total = float(result.stdout.strip().splitlines()[-1].split()[-1])
    assert abs(sum(points) - total) < 0.02


def test_explain_unknown_id_suggests_close_ones(cli: Cli) -> None:
    result = cli("explain", "promise:P-2", "--demo", "--date", "2026-11-23")
    assert result.code == 2
    assert "promise:P-02" in result.stderr


def test_a_book_with_errors_still_gets_its_agenda_and_exits_65(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book(
        {
            "promises.csv": "id,customer,what,due\n"
            "P-1,C-1,Spec,2026-11-23\nP-2,C-1,Price,someday\n",
        }
    )
    result = cli("today", "--book", book, "--date", "2026-11-23", "--format", "plain")
    assert result.code == 65
    assert "promise:P-1" in result.stdout
    assert "the book has 1 error" in result.stderr


def test_bad_date_option_is_a_usage_error(cli: Cli) -> None:
    result = cli("today", "--demo", "--date", "someday")
    assert result.code == 2
    assert "--date" in result.stderr
