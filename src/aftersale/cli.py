"""The command line: parse options, call load -> plan -> render, map errors to exit codes.

Only what every command needs is imported at module level; each command
imports the loader, models and renderers it uses, so `--help` and
`--version` stay fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

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


@app.command()
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


@app.command()
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
    if output_format is CheckFormat.JSON:
        print(render_json(problems, display_path(path), counts))
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
            print(f"{'' if not problems else chr(10)}{display_path(path)}: {held}; {state}")
    code = exit_code_for(problems)
    if code:
        raise typer.Exit(int(code))


def _prepare_streams() -> None:
    """Never crash on a legacy locale: unencodable characters become '?' instead."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"aftersale: {message}\n")
    sys.exit(code)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: the one place that turns every outcome into a message and exit code."""
    args = sys.argv[1:] if argv is None else argv
    _prepare_streams()
    try:
        result = app(args=args, prog_name="aftersale", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except typer.TyperException as error:
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            sys.stderr.write(f"aftersale: {error.format_message()}\n")
        code = error.exit_code
    except typer.Exit as error:
        code = error.exit_code
    except (typer.Abort, KeyboardInterrupt):
        _fail("interrupted", ExitCode.INTERRUPTED)
    except AftersaleError as error:
        _fail(error.message, error.exit_code)
    except BrokenPipeError:
        _silence_stdout()
        code = 0
    except Exception as error:
        if "--debug" in args:
            import traceback

            traceback.print_exc()
        _fail(
            f"internal error: {type(error).__name__}: {error}\n"
            "This is a bug in aftersale. Rerun with --debug to see where it happened.",
            ExitCode.SOFTWARE,
        )
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code)


def _silence_stdout() -> None:
    """After the reader of a pipe went away, drop whatever output is left."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
