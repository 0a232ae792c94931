"""The options commands share are declared once and mean the same in every command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
import typer.main
from typer.testing import CliRunner

import aftersale.cli  # noqa: F401  (registers the commands)
from aftersale.cli.app import app
from aftersale.cli.options import BookChoice, Mail, Shared, with_shared

# Which shared options each kind of command takes; a command missing from here fails the test.
SHARED = {
    "init": set(),
    "checklist": set(),
    "check": {"--book", "--demo", "--no-cache"},
    "import": {"--book", "--no-cache"},
    "won": {"--book", "--no-cache"},
    "lost": {"--book", "--no-cache"},
    "delivered": {"--book", "--no-cache"},
    "resolve": {"--book", "--no-cache"},
    "add customer": {"--book", "--no-cache"},
    "add deal": {"--book", "--no-cache"},
    "add promise": {"--book", "--no-cache"},
    "add case": {"--book", "--no-cache"},
    "add score": {"--book", "--no-cache"},
    "log": {"--book", "--demo", "--no-cache"},
    "done": {"--book", "--demo", "--no-cache"},
    "today": {"--book", "--demo", "--no-cache", "--date", "--to", "--from", "--send"},
    "upcoming": {"--book", "--demo", "--no-cache", "--date", "--to", "--from", "--send"},
    "report": {"--book", "--demo", "--no-cache", "--date", "--to", "--from", "--send"},
}
# Options of a command's own that share a name, not a meaning: the --date of `won` or `log`
# is the day of the event, the --from of `import` the export's layout.
OWN_ALIKE = {
    name: {"--date"}
    for name in ("won", "lost", "delivered", "resolve", "log", "done", "add deal", "add case")
} | {"add score": {"--date"}, "import": {"--from"}}
READS = {"--book", "--demo", "--no-cache", "--date"}
SHARED_NAMES = {"--book", "--demo", "--no-cache", "--date", "--to", "--from", "--send"}


def _commands() -> dict[str, Any]:
    found: dict[str, Any] = {}

    def walk(command: Any, path: list[str]) -> None:
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                walk(child, [*path, name])
        else:
            found[" ".join(path)] = command

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = _commands()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_takes_debug_and_exactly_its_shared_options(name: str) -> None:
    options = {
        option
        for param in COMMANDS[name].params
        if param.param_type_name == "option"
        for option in param.opts
    }
    expected = SHARED.get(name, READS)
    assert "--debug" in options
    shared = options & SHARED_NAMES
    assert shared - OWN_ALIKE.get(name, set()) == expected


@pytest.mark.parametrize("name", sorted(n for n in COMMANDS if "--book" in SHARED.get(n, READS)))
def test_every_book_command_says_the_same_about_the_book_option(name: str) -> None:
    result = CliRunner().invoke(app, [*name.split(), "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "The book folder (default: $AFTERSALE_BOOK" in result.output


def _registered(uses: Shared, func: Any) -> Any:
    return with_shared(func, uses)


def test_a_command_gets_its_shared_options_as_one_book_choice() -> None:
    seen: list[Any] = []

    def show(limit: int = 3, *, source: BookChoice, mail: Mail) -> None:
        seen.append((limit, source, mail))

    run = _registered(Shared.READS | Shared.MAIL, show)
    run(
        limit=5,
        book=Path("b"),
        demo=True,
        no_cache=True,
        when="tomorrow",
        to="a@example.com",
        sender=None,
        send=True,
        debug=False,
    )
    assert seen == [
        (5, BookChoice(Path("b"), True, False, "tomorrow"), Mail("a@example.com", None, True))
    ]


def test_a_command_without_shared_today_keeps_its_own_date_option() -> None:
    seen: list[Any] = []

    def record(
        when: Annotated[str | None, typer.Option("--date")] = None, *, source: BookChoice
    ) -> None:
        seen.append((when, source))

    run = _registered(Shared.BOOK, record)
    run(when="2026-03-09", book=None, no_cache=False, debug=False)
    assert seen == [("2026-03-09", BookChoice(None, False, True, None))]


def test_declaring_a_shared_option_again_is_refused_when_the_command_is_registered() -> None:
    def clash(book: str = "", *, source: BookChoice) -> None:
        pass

    with pytest.raises(TypeError, match="book"):
        _registered(Shared.BOOK, clash)
