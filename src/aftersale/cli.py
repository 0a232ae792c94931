"""The command line: parse options, call load -> plan -> render, map errors to exit codes.

Only what every command needs is imported at module level; each command
imports the loader, models and renderers it uses, so `--help` and
`--version` stay fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, ParamSpec, TypeVar

import typer

from aftersale import __version__
from aftersale.errors import AftersaleError, ExitCode

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
