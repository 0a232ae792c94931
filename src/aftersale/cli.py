"""The command line: parse options, call load -> plan -> render, map errors to exit codes.

Only what every command needs is imported at module level; each command
imports the loader, models and renderers it uses, so `--help` and
`--version` stay fast.
"""

from __future__ import annotations

import functools
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, ParamSpec, TypeVar

import typer

from aftersale import __version__
from aftersale.errors import AftersaleError, ExitCode, Problem

if TYPE_CHECKING:
    from aftersale.actions import Action
    from aftersale.models import Book

TABLE_ROWS = 15

app = typer.Typer(
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


def _say(message: str) -> None:
    sys.stderr.write(f"aftersale: {message}\n")


def _guarded(func: Callable[P, T]) -> Callable[P, T]:
    """Turn every outcome of a command into a message on stderr and a documented exit code."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        except AftersaleError as error:
            _say(error.message)
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
            _say(
                f"internal error: {type(error).__name__}: {error}\n"
                "This is a bug in aftersale; rerun with --debug to see where it happened."
            )
            raise typer.Exit(int(ExitCode.SOFTWARE)) from None

    return run


def command(func: Callable[P, T]) -> Callable[P, T]:
    """Register a guarded command with the app."""
    app.command()(_guarded(func))
    return func


class AgendaFormat(StrEnum):
    AUTO = "auto"
    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"


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

BookOption = Annotated[
    Path | None,
    typer.Option(
        "--book",
        "-b",
        help="The book folder (default: $AFTERSALE_BOOK, or the nearest folder with "
        "aftersale.toml, or the user data folder).",
        show_default=False,
    ),
]
DemoOption = Annotated[
    bool, typer.Option("--demo", help="Use the demo book shipped with aftersale.")
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Pretend today is this date (YYYY-MM-DD, or +3d, tomorrow); default: today "
        "in the book's time zone.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    AgendaFormat,
    typer.Option(
        "--format",
        "-f",
        help="table (a terminal's default), plain (the default in a pipe) or json.",
    ),
]
ColorOption = Annotated[
    Color, typer.Option("--color", help="Colour in the table: auto, always or never.")
]
AllOption = Annotated[
    bool,
    typer.Option("--all", help="Also show actions held back (customer away, unhappy), with why."),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show the full trace of an internal error.")
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


@command
def init(
    directory: Annotated[
        Path, typer.Argument(help="Where to create the book (default: this folder).")
    ] = Path("."),
    debug: DebugOption = False,
) -> None:
    """Create a new book: commented starter files that you then fill in."""
    from aftersale.book.starter import create_book

    created = create_book(directory)
    print(f"Created a new book in {directory.resolve()}:")
    for path in created:
        print(f"  {path.name}")
    print(
        "\nNext: add your customers to customers.toml (or customers.csv), then run "
        "`aftersale check`.\nTo use this book from any folder (and from cron), set "
        f"AFTERSALE_BOOK={directory.resolve()}"
    )


@command
def check(
    book: BookOption = None,
    demo: DemoOption = False,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="plain text or json.")
    ] = CheckFormat.AUTO,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only problems, no summary.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Validate the whole book and list every problem with its file, line and field.

    Exits 0 when there are no errors (warnings allowed), 65 when the data has
    errors, 66 when a required file is missing, 78 when aftersale.toml is wrong.
    """
    from aftersale.book.load import display_path, load_book
    from aftersale.book.locate import find_book
    from aftersale.errors import exit_code_for
    from aftersale.render.problems import render_json, render_text, summary

    path = find_book(book, demo=demo)
    loaded, problems = load_book(path)
    counts = {
        "customers": len(loaded.customers),
        "contacts": sum(len(c.contacts) for c in loaded.customers),
        "deals": len(loaded.deals),
        "promises": len(loaded.promises),
        "touchpoints": len(loaded.touchpoints),
        "feedback": len(loaded.feedback),
        "cases": len(loaded.cases),
        "reviews": len(loaded.reviews),
    }
    label = "demo book" if demo else display_path(path)
    if output_format is CheckFormat.JSON:
        print(render_json(problems, label, counts))
    else:
        if problems:
            print(render_text(problems))
        if not quiet:
            held = ", ".join(
                f"{n} {name if n != 1 else SINGULAR.get(name, name)}"
                for name, n in counts.items()
                if n or name == "customers"
            )
            state = summary(problems) if problems else "no problems"
            print(f"{'' if not problems else chr(10)}{label}: {held}; {state}")
    code = exit_code_for(problems)
    if code:
        raise typer.Exit(int(code))


@dataclass(frozen=True)
class _Planning:
    book: Book
    today: date
    problems: list[Problem]


def _load_for_planning(book: Path | None, demo: bool, when: str | None) -> _Planning:
    """Load the book and decide what today is; the demo is moved to that day."""
    from aftersale.book.demo import shift_book, weeks_between
    from aftersale.book.load import load_book
    from aftersale.book.locate import find_book
    from aftersale.dates import DateError, parse_relative

    loaded, problems = load_book(find_book(book, demo=demo))
    today = loaded.today()
    if when is not None:
        try:
            today = parse_relative(when, today)
        except (DateError, ValueError) as error:
            raise AftersaleError(f"--date: {error}", exit_code=ExitCode.USAGE) from None
    if demo:
        loaded = shift_book(loaded, weeks_between(today))
    return _Planning(loaded, today, problems)


def _finish(problems: list[Problem], code: int = 0) -> None:
    """Tell stderr about errors in the book (the agenda left them out) and exit."""
    from aftersale.errors import exit_code_for

    errors = [p for p in problems if p.is_error]
    if errors:
        _say(
            f"the book has {len(errors)} error{'s' if len(errors) > 1 else ''}; records in error "
            "were left out of this plan. Run `aftersale check` to see them."
        )
        code = int(exit_code_for(problems))
    if code:
        raise typer.Exit(code)


def _print_agenda(
    actions: tuple[Action, ...],
    suppressed: tuple[Action, ...],
    today: date,
    output_format: AgendaFormat,
    color: Color,
    limit: int | None,
) -> None:
    from aftersale.render import agenda
    from aftersale.render.terminal import is_terminal, render_table, wants_color

    shown = actions if limit is None else actions[:limit]
    table = output_format is AgendaFormat.TABLE or (
        output_format is AgendaFormat.AUTO and is_terminal(sys.stdout)
    )
    if output_format is AgendaFormat.JSON:
        print(agenda.render_json(shown, today, suppressed))
    elif table:
        width = shutil.get_terminal_size((100, 24)).columns
        print(
            render_table(
                actions,
                today,
                width=width,
                color=wants_color(color.value, sys.stdout),
                limit=limit if limit is not None else TABLE_ROWS,
            )
        )
        if suppressed:
            print(agenda.render_plain((), today, suppressed))
    else:
        print(agenda.render_plain(shown, today, suppressed))


@command
def today(
    book: BookOption = None,
    demo: DemoOption = False,
    when: DateOption = None,
    output_format: FormatOption = AgendaFormat.AUTO,
    color: ColorOption = Color.AUTO,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="Show at most N actions.")
    ] = None,
    show_all: AllOption = False,
    fail_on_overdue: Annotated[
        bool, typer.Option("--fail-on-overdue", help="Exit 3 when any action is overdue.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """The follow-ups due today and overdue, most important first, each with why and what to do.

    Exits 0 (also when nothing is due), 3 with --fail-on-overdue when something
    is overdue, 65 when the book has errors (the agenda leaves those records out).
    """
    from aftersale.planner import plan

    planning = _load_for_planning(book, demo, when)
    result = plan(planning.book, planning.today)
    due = result.due_today()
    held = tuple(a for a in result.suppressed if a.due <= planning.today) if show_all else ()
    _print_agenda(due, held, planning.today, output_format, color, limit)
    overdue = any(a.due < planning.today for a in due)
    _finish(planning.problems, ExitCode.OVERDUE if fail_on_overdue and overdue else 0)


@command
def upcoming(
    book: BookOption = None,
    demo: DemoOption = False,
    when: DateOption = None,
    days: Annotated[int, typer.Option("--days", "-d", min=1, help="How many days ahead.")] = 7,
    output_format: FormatOption = AgendaFormat.AUTO,
    show_all: AllOption = False,
    debug: DebugOption = False,
) -> None:
    """The follow-ups coming due in the next N days (default 7), grouped by date."""
    from aftersale.planner import plan
    from aftersale.render import agenda

    planning = _load_for_planning(book, demo, when)
    result = plan(planning.book, planning.today, days=days)
    later = result.upcoming()
    if show_all:
        held = tuple(
            sorted(
                (a for a in result.suppressed if a.due > planning.today),
                key=lambda a: (a.due, a.id),
            )
        )
        later = tuple(sorted((*later, *held), key=lambda a: (a.due, -a.score, a.id)))
    if output_format is AgendaFormat.JSON:
        print(agenda.render_json(later, planning.today, until=result.until.isoformat()))
    else:
        print(agenda.render_plain_by_date(later, planning.today, result.until))
    _finish(planning.problems)


@command
def explain(
    action_id: Annotated[
        str, typer.Argument(metavar="ACTION", help="An action id from today or upcoming.")
    ],
    book: BookOption = None,
    demo: DemoOption = False,
    when: DateOption = None,
    debug: DebugOption = False,
) -> None:
    """Why an action is on the list: its rule, the facts it used, and its score term by term."""
    import difflib

    from aftersale.planner import plan
    from aftersale.render.explain import render_explain

    planning = _load_for_planning(book, demo, when)
    result = plan(planning.book, planning.today, days=366)
    found = result.find(action_id)
    if found is None:
        known = [a.id for a in (*result.actions, *result.suppressed)]
        close = difflib.get_close_matches(action_id, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise AftersaleError(
            f"no open action {action_id!r} in the coming year{hint} "
            "(it may be done already: see `aftersale today` and `aftersale upcoming`)",
            exit_code=ExitCode.USAGE,
        )
    print(render_explain(found, planning.today))
    _finish(planning.problems)


def _prepare_streams() -> None:
    """Never crash on a legacy locale: unencodable characters become '?' instead."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: usage errors, interrupts and closed pipes; commands map their own errors."""
    args = sys.argv[1:] if argv is None else argv
    _prepare_streams()
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
            _say(error.format_message())
        code = error.exit_code
    except typer.Exit as error:
        code = error.exit_code
    except (typer.Abort, KeyboardInterrupt):
        _say("interrupted")
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        code = 0
    sys.exit(code)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
