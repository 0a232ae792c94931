"""The project keeps its promises: examples check clean, every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aftersale.book.open import load_book
from aftersale.cli import app
from aftersale.errors import ExitCode

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
EXAMPLE_BOOKS = sorted(p.parent for p in (ROOT / "examples").glob("*/aftersale.toml"))


def test_there_are_example_books() -> None:
    assert EXAMPLE_BOOKS


@pytest.mark.parametrize("book", EXAMPLE_BOOKS, ids=lambda p: p.name)
def test_every_example_book_checks_clean(book: Path) -> None:
    _, problems = load_book(book)
    assert problems == []


def command_names() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]


def group_names() -> list[str]:
    return [g.name for g in app.registered_groups if g.name]


def subcommands() -> list[tuple[str, str]]:
    return [
        (group.name, command.name)
        for group in app.registered_groups
        if group.name and group.typer_instance
        for command in group.typer_instance.registered_commands
        if command.name
    ]


@pytest.mark.parametrize(("group", "name"), subcommands())
def test_every_subcommand_has_help_and_is_in_the_reference(group: str, name: str) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [group, name, "--help"])
    assert result.exit_code == 0
    assert f"### aftersale {group} {name}\n" in REFERENCE


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_and_is_in_the_reference(name: str) -> None:
    command = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)  # type: ignore[union-attr]
    assert command.callback is not None
    assert (command.callback.__doc__ or "").strip()
    assert f"### aftersale {name}\n" in REFERENCE


@pytest.mark.parametrize("code", list(ExitCode))
def test_every_exit_code_is_in_the_readme_table(code: ExitCode) -> None:
    assert re.search(rf"^\| {int(code)} \|", README, re.MULTILINE), code


def test_readme_quick_start_names_the_test_command() -> None:
    assert 'pip install -e ".[test]"' in README
    assert "pytest" in README


def test_help_lists_every_command_in_the_daily_order() -> None:
    from typer.testing import CliRunner

    from aftersale.cli.app import COMMAND_ORDER

    assert sorted(command_names() + group_names()) == sorted(COMMAND_ORDER)
    listed = [
        line.split()[0]
        for line in CliRunner().invoke(app, ["--help"]).stdout.split("Commands:")[1].splitlines()
        if line.strip()
    ]
    assert listed == list(COMMAND_ORDER)
