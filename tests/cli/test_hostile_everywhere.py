"""Every command over a book whose every text field holds terminal controls and markup.

The demo book, with hostile text added to every free-text value of every file (names,
companies, notes, titles, promises, touchpoint notes, comments, case summaries, review
notes, the owner's name). Whatever a command prints, in any format, carries no control
character, no bidirectional override and no markup that a terminal or rich would act on.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Outcome

Cli = Callable[..., Outcome]
DEMO = Path(__file__).parents[2] / "examples" / "demo"
TODAY = "2026-11-23"

# Colour, an OSC 8 hyperlink, a window title, a bell, a C1 CSI, bidi overrides, a
# zero-width space and rich markup, in one value.
HOSTILE = (
    " [bold red]LOUD[/] [link=https://evil.example]x[/link] :warning:"
    " \x1b[31mRED\x1b[0m \x1b]8;;https://evil.example/\x07link\x1b]8;;\x07"
    " \x1b]0;title\x07 \x07 \x9b2J \u202eexe.txt\u202c \u2066iso\u2069 \u200bzw"
)
# Columns that hold free text in the demo's CSV files.
TEXT_COLUMNS = {
    "title",
    "what",
    "note",
    "category",
    "comment",
    "summary",
    "root_cause",
    "fix",
}
TOML_TEXT_KEYS = ("name", "company", "notes", "industry", "source")
# What may never reach the output: C0 controls but tab, newline and carriage return,
# DEL, C1 controls, and the bidirectional and invisible formatting characters.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _toml_escape(text: str) -> str:
    return "".join(
        ch if ch.isprintable() and ch not in '"\\' else f"\\u{ord(ch):04x}" for ch in text
    )


def _hostile_csv(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows[1:]:
        writer.writerow(
            [
                value + HOSTILE if name in TEXT_COLUMNS else value
                for name, value in zip(header, row, strict=True)
            ]
        )
    return out.getvalue()


def _hostile_toml(text: str) -> str:
    keys = "|".join(TOML_TEXT_KEYS)
    pattern = re.compile(rf'^((?:{keys}) = ")(.*)(")$', re.MULTILINE)
    return pattern.sub(lambda m: m[1] + m[2] + _toml_escape(HOSTILE) + m[3], text)


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = tmp_path_factory.mktemp("hostile") / "book"
    shutil.copytree(DEMO, book)
    for path in book.iterdir():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".csv":
            path.write_text(_hostile_csv(text), encoding="utf-8")
        elif path.name in ("customers.toml", "aftersale.toml"):
            path.write_text(_hostile_toml(text), encoding="utf-8")
    return book


def test_the_hostile_book_is_still_a_valid_book(cli: Cli, hostile_book: Path) -> None:
    result = cli("check", "--book", hostile_book, "--format", "json")
    assert result.code == 0, result.stdout
    problems = json.loads(result.stdout)["problems"]
    assert [p for p in problems if p["severity"] == "error"] == []
    assert "\\u001b]8;;" in (hostile_book / "customers.toml").read_text(encoding="utf-8")
    assert "\x1b]8;;" in (hostile_book / "touchpoints.csv").read_text(encoding="utf-8")


def _action_ids(cli: Cli, book: Path) -> list[str]:
    result = cli("today", "--book", book, "--date", TODAY, "--all", "--format", "json")
    assert result.code == 0, result.stderr
    return [action["id"] for action in json.loads(result.stdout)["actions"]]


READ_ONLY = [
    ("check",),
    ("check", "--format", "json"),
    *(("today", "--all", "--format", form) for form in ("plain", "table", "markdown", "csv")),
    ("today", "--all", "--format", "json"),
    ("today", "--format", "email", "--to", "me@example.com"),
    ("upcoming", "--days", "30"),
    ("upcoming", "--days", "30", "--format", "table"),
    *(("export", "--format", form) for form in ("ics", "csv", "json")),
    ("customer", "C-001"),
    ("customer", "C-004", "--format", "json"),
    ("account", "C-004"),
    ("nps",),
    ("nps", "--format", "json"),
    *(("report", "--month", "--format", form) for form in ("plain", "markdown", "json")),
    ("report", "--format", "email", "--to", "me@example.com"),
    ("review", "--stats"),
]


@pytest.mark.parametrize("args", READ_ONLY, ids=" ".join)
def test_no_command_lets_hostile_text_reach_the_terminal(
    cli: Cli, hostile_book: Path, args: tuple[str, ...]
) -> None:
    dated = () if args[0] in ("check", "checklist") else ("--date", TODAY)
    result = cli(*args, "--book", hostile_book, *dated)
    assert result.code in (0, 3), result.stderr
    for stream in (result.stdout, result.stderr):
        found = FORBIDDEN.search(stream)
        assert found is None, f"{found[0]!r} in {stream[max(0, found.start() - 60) :][:120]!r}"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("form", ["plain", "table"])
def test_markup_in_a_name_is_shown_as_written_not_applied(
    cli: Cli, hostile_book: Path, form: str
) -> None:
    result = cli("today", "--book", hostile_book, "--date", TODAY, "--all", "--format", form)
    assert "[bold red]LOUD[/]" in result.stdout
    assert "[link=https://evil.example]x[/link]" in result.stdout


def test_explaining_every_action_is_safe(cli: Cli, hostile_book: Path) -> None:
    ids = _action_ids(cli, hostile_book)
    assert len(ids) >= 10
    for action_id in ids:
        result = cli("explain", action_id, "--book", hostile_book, "--date", TODAY)
        assert result.code == 0, (action_id, result.stderr)
        assert FORBIDDEN.search(result.stdout + result.stderr) is None, action_id


def test_writing_commands_echo_hostile_names_safely(
    cli: Cli, hostile_book: Path, tmp_path: Path
) -> None:
    book = tmp_path / "book"
    shutil.copytree(hostile_book, book)
    ids = _action_ids(cli, book)
    runs = [
        ("log", "C-001", "check_in", "--note", "called" + HOSTILE),
        ("done", ids[0]),
        ("snooze", ids[1], "--until", "2026-12-01"),
        ("snooze", "--customer", "C-004", "--until", "2026-12-01", "--dry-run"),
        ("review", "C-005", "--answer", "agenda=yes:fine" + HOSTILE),
    ]
    for args in runs:
        result = cli(*args, "--book", book, "--date", TODAY)
        assert result.code == 0, (args, result.stderr)
        found = FORBIDDEN.search(result.stdout + result.stderr)
        assert found is None, (args, found)
    # What was typed is kept as typed in the book: made safe to show, never rewritten.
    assert "called" + HOSTILE in (book / "touchpoints.csv").read_text(encoding="utf-8")
