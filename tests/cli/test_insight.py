"""`review`, `account`, `nps`, `report` and `checklist` from the command line."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aftersale.cli import app
from aftersale.insights.questions import MEETING_POINTS
from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]
DEMO = ("--demo", "--date", "2026-11-23")


@pytest.fixture
def book(make_book: MakeBook) -> Path:
    return make_book(
        {
            "customers.toml": (
                '[[customer]]\nid = "C-1"\nname = "Anna Berg"\nannual_value = 90000\n'
                'since = 2026-01-01\ncadence = "1y"\n'
            ),
            "touchpoints.csv": "date,customer,kind,note\n2026-11-20,C-1,meeting,Plant visit\n",
        }
    )


def saved(book: Path) -> list[dict[str, str]]:
    with (book / "reviews.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def agenda_ids(cli: Cli, book: Path, day: str = "2026-11-23") -> list[str]:
    out = cli("today", "--book", book, "--date", day, "--format", "json").stdout
    return [a["id"] for a in json.loads(out)["actions"]]


def test_interactive_review_saves_as_it_goes_and_resumes(
    book: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = runner.invoke(
        app,
        ["review", "--book", str(book), "--date", "2026-11-20", "--interactive"],
        input="y\n\np\nnever asked what they hoped for\n\nq\n",
    )
    assert first.exit_code == 0, first.output
    assert f"[1/{len(MEETING_POINTS)}] Did we agree on the agenda" in first.output
    rows = saved(book)
    assert [(r["point"], r["answer"], r["note"]) for r in rows] == [
        ("agenda", "yes", ""),
        ("expectations", "partly", "never asked what they hoped for"),
    ]
    assert rows[0]["subject"] == "meeting-review:C-1:2026-11-20"
    second = runner.invoke(
        app,
        [
            "review",
            "meeting-review:C-1:2026-11-20",
            "--book",
            str(book),
            "--date",
            "2026-11-20",
            "-i",
        ],
        input="n\n\nq\n",
    )
    assert second.exit_code == 0, second.output
    assert f"{len(MEETING_POINTS) - 2} points to go" in second.output
    assert saved(book)[-1]["point"] == "prepared"  # the one skipped comes back first


def test_review_from_a_file_completes_the_meeting_action(
    cli: Cli, book: Path, tmp_path: Path
) -> None:
    assert "meeting-review:C-1:2026-11-20" in agenda_ids(cli, book, "2026-11-20")
    answers = tmp_path / "answers.toml"
    answers.write_text(
        'agenda = "yes"\nbudget = { answer = "no", note = "They would not say" }\n'
        'lesson = "Ask about money first"\n',
        encoding="utf-8",
    )
    result = cli("review", "--answers", answers, "--book", book, "--date", "2026-11-20")
    assert result.code == 0, result.stderr
    assert [(r["point"], r["answer"], r["note"]) for r in saved(book)] == [
        ("agenda", "yes", ""),
        ("budget", "no", "They would not say"),
        ("lesson", "", "Ask about money first"),
    ]
    assert "meeting-review:C-1:2026-11-20" not in agenda_ids(cli, book, "2026-11-20")
    assert cli("check", "--book", book).code == 0


def test_review_with_flags_and_bad_points(cli: Cli, book: Path) -> None:
    ok = cli("review", "anna", "-a", "budget=no:Not asked", "-a", "calm=y", "--book", book)
    assert ok.code == 0
    assert [(r["point"], r["answer"]) for r in saved(book)] == [("budget", "no"), ("calm", "yes")]
    bad = cli("review", "anna", "-a", "budgt=no", "-a", "calm=maybe", "--book", book)
    assert bad.code == 65
    assert 'did you mean "budget"' in bad.stderr
    assert len(saved(book)) == 2


def test_review_needs_answers_when_not_at_a_terminal(cli: Cli, book: Path) -> None:
    result = cli("review", "--book", book, "--date", "2026-11-20")
    assert result.code == 2
    assert "--print" in result.stderr


def test_review_print_is_a_blank_checklist(cli: Cli) -> None:
    out = cli("review", "--print").stdout
    assert out.startswith("# Meeting self-review")
    assert out.count("[ ] yes") == len([p for p in MEETING_POINTS if not p.open])


def test_review_stats_on_the_demo(cli: Cli) -> None:
    document = json.loads(cli("review", "--stats", *DEMO, "--format", "json").stdout)
    assert document["meetings"] == 4
    first = document["points"][0]
    assert first["miss_rate"] >= document["points"][-1]["miss_rate"]
    assert first["point"] in ("cost_of_problem", "decision")


def test_account_sheet_and_saved_answers(cli: Cli, book: Path) -> None:
    sheet = cli("account", "anna", "--book", book, "--date", "2026-11-23", "--format", "markdown")
    assert sheet.code == 0
    assert sheet.stdout.startswith("# Key-account review: Anna Berg")
    assert (
        "gaps: no buyer known; no user known; no influencer known; no decision maker known"
        in sheet.stdout
    )
    review_id = next(i for i in agenda_ids(cli, book) if i.startswith("account-review:C-1"))
    saved_answers = cli(
        "account",
        "C-1",
        "-a",
        "potential=Two more lines next year",
        "--book",
        book,
        "--date",
        "2026-11-23",
    )
    assert saved_answers.code == 0, saved_answers.stderr
    assert saved(book)[0]["type"] == "account"
    assert review_id not in agenda_ids(cli, book)


def test_account_on_the_demo_lists_the_decision_gaps(cli: Cli) -> None:
    out = cli("account", "C-010", *DEMO).stdout
    assert "#1 by annual value" in out
    assert "no decision maker known" in out


def test_nps_json_has_a_top_level_number(cli: Cli) -> None:
    document = json.loads(cli("nps", *DEMO, "--format", "json").stdout)
    assert isinstance(document["nps"], float)
    assert document["nps"] == pytest.approx(
        100
        * (len(document["promoters"]) - len(document["detractors"]))
        / (len(document["promoters"]) + len(document["passives"]) + len(document["detractors"])),
        abs=0.1,
    )
    assert document["problems"][0]["category"] == "product"
    assert "C-004" in document["matrix"]["urgent"]["customers"]
    text = cli("nps", *DEMO, "--by", "month").stdout
    assert "2026-11" in text
    assert "Loyalty x share of wallet" in text


def test_the_report_gives_the_same_period_in_text_json_and_email(cli: Cli) -> None:
    text = cli("report", *DEMO).stdout
    assert text.startswith("Your after-sales 2026-11-17 to 2026-11-23")
    assert "Promises due in the period: 2" in text
    month = json.loads(cli("report", *DEMO, "--month", "--format", "json").stdout)
    assert month["start"] == "2026-10-24"
    assert (month["cases"]["opened"], month["cases"]["resolved"]) == (3, 1)
    email = cli("report", *DEMO, "--format", "email", "--to", "me@example.com").stdout
    assert "Subject: aftersale: your week to Mon 23 Nov 2026" in email
    assert "multipart/alternative" in email


@pytest.mark.parametrize("topic", ["service", "meeting", "account"])
def test_each_checklist_prints_every_question_of_its_topic_numbered_in_order(
    cli: Cli, topic: str
) -> None:
    from aftersale.insights.questions import ACCOUNT_POINTS, MEETING_POINTS, SERVICE_POINTS

    points = {"service": SERVICE_POINTS, "meeting": MEETING_POINTS, "account": ACCOUNT_POINTS}
    result = cli("checklist", topic)
    assert result.code == 0
    numbered = [line for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert [line.split(". ", 1)[0] for line in numbered] == [
        str(n) for n in range(1, len(points[topic]) + 1)
    ]
    for line, point in zip(numbered, points[topic], strict=True):
        assert point.question in line
        assert ("[ ] yes" in line) is not point.open  # open questions are answered in words


def test_a_checklist_topic_that_does_not_exist_is_a_usage_error(cli: Cli) -> None:
    result = cli("checklist", "pricing")
    assert result.code == 2
    assert "TOPIC must be service, meeting or account" in result.stderr


def test_a_next_step_named_in_a_review_reaches_the_agenda_and_the_stats(
    cli: Cli, book: Path
) -> None:
    """An answer that ends in "by DATE" is a commitment: it is planned, and counted."""
    (book / "touchpoints.csv").write_text(
        "date,customer,kind,channel,deal,action,note,next\n"
        "2026-11-20,C-1,meeting,,,,Plant visit,\n",
        encoding="utf-8",
    )
    saved_review = cli(
        "account", "C-1", "--book", book, "--date", "2026-11-20",
        "-a", "next_steps=Send the service proposal by +1w",
        "-a", "dmu=Meet the new plant manager by 2026-12-01",
        "-a", "plans=They may outsource maintenance",
    )  # fmt: skip
    assert saved_review.code == 0, saved_review.stderr
    notes = {row["point"]: row["note"] for row in saved(book)}
    assert notes["next_steps"] == "Send the service proposal by 2026-11-27"
    ahead = json.loads(
        cli("upcoming", "--book", book, "--date", "2026-11-20", "--days", "14", "--all",
            "--format", "json").stdout
    )  # fmt: skip
    steps = {a["id"]: a for a in ahead["actions"] if a["id"].startswith("step:")}
    assert set(steps) == {
        "step:account-review:C-1:2026-11-20:next_steps",
        "step:account-review:C-1:2026-11-20:dmu",
    }
    step = steps["step:account-review:C-1:2026-11-20:next_steps"]
    assert (step["kind"], step["due"]) == ("promise", "2026-11-27")
    assert "you decided: Send the service proposal" in step["reason"]
    done = cli(
        "done",
        "step:account-review:C-1:2026-11-20:next_steps",
        "--book",
        book,
        "--date",
        "2026-11-26",
    )
    assert done.code == 0, done.stderr
    stats = json.loads(
        cli("review", "--stats", "--book", book, "--date", "2026-11-28", "--format", "json").stdout
    )
    assert stats["steps"] == {"decided": 2, "done": 1, "open": 1}
    text = cli("review", "--stats", "--book", book, "--date", "2026-11-28").stdout
    assert "Next steps decided in reviews: 2 (1 done, 1 open)." in text
