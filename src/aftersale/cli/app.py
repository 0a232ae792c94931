"""The Typer app, its shared options, and the guard that gives every outcome an exit code."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from typer.core import TyperGroup

from aftersale import __version__
from aftersale.cli.completion import complete_customer, enable_if_asked
from aftersale.cli.options import BookChoice, Shared, with_shared
from aftersale.errors import AftersaleError, ExitCode, Problem

if TYPE_CHECKING:
    from aftersale.actions import Action
    from aftersale.models import Book

# The order of `aftersale --help`: the daily routine first, setting up last.
COMMAND_ORDER = (
    "today",
    "upcoming",
    "explain",
    "draft",
    "log",
    "done",
    "snooze",
    "add",
    "won",
    "lost",
    "delivered",
    "resolve",
    "customer",
    "review",
    "account",
    "nps",
    "report",
    "checklist",
    "export",
    "check",
    "import",
    "init",
)


class _Commands(TyperGroup):
    """Lists the commands in the order a salesperson uses them."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: number for number, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    cls=_Commands,
    name="aftersale",
    help=(
        "Plan the follow-ups that matter after the sale: thank-yous, deliveries, "
        "keep-in-touch calls, birthdays, complaints, feedback and referrals."
    ),
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


P = ParamSpec("P")
T = TypeVar("T")


def say(message: str) -> None:
    sys.stderr.write(f"aftersale: {message}\n")


def _guarded(func: Callable[P, T]) -> Callable[P, T]:
    """Turn every outcome of a command into a message on stderr and a documented exit code."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        from aftersale.book import files

        files.debug = bool(kwargs.get("debug"))
        try:
            return func(*args, **kwargs)
        except AftersaleError as error:
            say(error.message)
            raise typer.Exit(int(error.exit_code)) from None
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader of our output went away (`| head`): not an error of ours.
            _silence_stdout()
            raise typer.Exit(0) from None
        except Exception as error:
            if kwargs.get("debug"):
                import traceback

                traceback.print_exc()
            say(
                f"internal error: {type(error).__name__}: {error}\n"
                "This is a bug in aftersale; rerun with --debug to see where it happened."
            )
            raise typer.Exit(int(ExitCode.SOFTWARE)) from None

    return run


def command(
    uses: Shared = Shared.NONE, name: str | None = None
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Register a guarded command with the app, with the shared options `uses` names."""

    def register(func: Callable[P, T]) -> Callable[P, T]:
        app.command(name)(_guarded(with_shared(func, uses)))
        return func

    return register


add_app = typer.Typer(
    name="add",
    help="Add a customer, deal, promise, case or score to the book, checked as the files are.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(add_app, name="add")
enable_if_asked()


def add_command(name: str, uses: Shared) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Register a guarded command of `aftersale add` (`add customer`, `add deal`...)."""

    def register(func: Callable[P, T]) -> Callable[P, T]:
        add_app.command(name)(_guarded(with_shared(func, uses)))
        return func

    return register


class AgendaFormat(StrEnum):
    AUTO = "auto"
    TABLE = "table"
    PLAIN = "plain"
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"
    EMAIL = "email"


class Color(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


class CheckFormat(StrEnum):
    AUTO = "auto"
    PLAIN = "plain"
    JSON = "json"


SINGULAR = {
    "customers": "customer",
    "contacts": "contact",
    "deals": "deal",
    "promises": "promise",
    "touchpoints": "touchpoint",
    "cases": "case",
    "reviews": "review",
}

CustomerArgument = Annotated[
    str,
    typer.Argument(
        metavar="CUSTOMER",
        help="An id, or the start of an id or name.",
        autocompletion=complete_customer,
    ),
]
FormatOption = Annotated[
    AgendaFormat,
    typer.Option(
        "--format",
        "-f",
        help="table (the default on a terminal), plain (the default in a pipe), markdown, "
        "json, csv or email.",
    ),
]
ColorOption = Annotated[
    Color, typer.Option("--color", help="Colour in the table: auto, always or never.")
]
AllOption = Annotated[
    bool,
    typer.Option("--all", help="Also show actions held back (customer away, unhappy), with why."),
]
ExcelOption = Annotated[
    bool, typer.Option("--excel", help="CSV for Excel: a byte-order mark and CRLF line ends.")
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet-if-empty",
        "--cron",
        help="Print nothing when nothing is due (so cron sends no empty mail).",
    ),
]


def _version(value: bool) -> None:
    if value:
        print(f"aftersale {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Plan the follow-ups that matter after the sale."""


@dataclass(frozen=True)
class Planning:
    book: Book
    today: date
    problems: list[Problem]


def refuse_demo_writes(demo: bool) -> None:
    """The demo ships inside the package: nothing may be written to it."""
    if demo:
        raise AftersaleError(
            "the demo book is read-only; start your own with `aftersale init`",
            exit_code=ExitCode.CANT_CREATE,
        )


def parse_day_option(option: str, text: str | None, today: date) -> date | None:
    """A date given on the command line (ISO, tomorrow, +3d); a usage error if it is not one."""
    from aftersale.dates import DateError, parse_relative

    if text is None:
        return None
    try:
        return parse_relative(text, today)
    except (DateError, ValueError) as error:
        raise AftersaleError(f"{option}: {error}", exit_code=ExitCode.USAGE) from None


def load_for_planning(source: BookChoice, only: frozenset[str] | None = None) -> Planning:
    """Load the book and decide what today is; the demo is moved to that day."""
    from aftersale import clock
    from aftersale.book.demo import shift_book, weeks_between
    from aftersale.book.locate import find_book
    from aftersale.book.open import load_book

    path = find_book(source.path, demo=source.demo)
    loaded, problems = load_book(path, only, keep_touchpoints=source.demo, cache=source.cache)
    now = clock.today(loaded.settings)
    today = parse_day_option("--date", source.when, now) or now
    if source.demo:
        loaded = shift_book(loaded, weeks_between(today))
    return Planning(loaded, today, problems)


def finish(problems: list[Problem], code: int = 0) -> None:
    """Tell stderr about errors in the book (the agenda left them out) and exit."""
    from aftersale.errors import error_count, exit_code_for

    errors = error_count(problems)
    if errors:
        say(
            f"the book has {errors} error{'s' if errors > 1 else ''}; records in error "
            "were left out of this plan. Run `aftersale check` to see them."
        )
        code = int(exit_code_for(problems))
    if code:
        raise typer.Exit(code)


def finish_written(problems: list[Problem]) -> None:
    """A writing command that wrote its record succeeded (exit 0); errors elsewhere in the
    book are told on stderr, since the record is in the file either way."""
    from aftersale.errors import error_count

    errors = error_count(problems)
    if errors:
        say(
            f"written; note that the book has {errors} error"
            f"{'s' if errors > 1 else ''} elsewhere: run `aftersale check` to see them"
        )


def find_action(planning: Planning, action_id: str) -> Action:
    """An action by id, open in the coming year or lapsed in the past one; a usage error
    naming the closest ids."""
    import difflib
    from datetime import timedelta

    from aftersale.planner import plan

    result = plan(
        planning.book, planning.today, days=366, missed_since=planning.today - timedelta(days=366)
    )
    found = result.find(action_id)
    if found is not None:
        return found
    known = [a.id for a in (*result.actions, *result.suppressed)]
    close = difflib.get_close_matches(action_id, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise AftersaleError(
        f"no open action {action_id!r} in the coming year{hint} (it may be done already; "
        "`aftersale today` and `aftersale upcoming` list what is open)",
        exit_code=ExitCode.USAGE,
    )


def run_command_line(args: list[str]) -> int:
    """Run one command line; usage errors, interrupts and closed pipes become exit codes."""
    code: int
    try:
        result = app(args=args, prog_name="aftersale", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        sys.stdout.flush()
    except typer.TyperException as error:
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            say(error.format_message())
        code = error.exit_code
    except typer.Exit as error:
        code = error.exit_code
    except (typer.Abort, KeyboardInterrupt):
        say("interrupted")
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        code = 0
    return code


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
