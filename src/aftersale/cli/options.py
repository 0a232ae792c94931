"""The options many commands share, declared once and handed to each command as one value.

A command states only its own options. The ones it shares with others (which
book, the demo, the cache, the day to plan for, where to mail the output,
--debug) are named by a `Shared` flag when it is registered; `with_shared`
adds them to the command's signature, where Typer finds them, and gathers
them into a `BookChoice` (parameter `source`) and a `Mail` (parameter `mail`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import Flag, auto
from pathlib import Path
from typing import Annotated, Any

import typer


class Shared(Flag):
    """Which shared options a command takes."""

    NONE = 0
    BOOK = auto()  # --book, --no-cache: the command works on a book
    DEMO = auto()  # --demo: it can read the demo book instead
    TODAY = auto()  # --date: it plans for a day, today unless told
    MAIL = auto()  # --to, --from, --send: its output can go by email
    READS = BOOK | DEMO | TODAY


@dataclass(frozen=True)
class BookChoice:
    """The book a command works on and how to read it, as its shared options said."""

    path: Path | None = None
    demo: bool = False
    cache: bool = True
    when: str | None = None


@dataclass(frozen=True)
class Mail:
    """Where an emailed answer goes, as --to, --from and --send said."""

    to: str | None = None
    sender: str | None = None
    send: bool = False


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
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every file of the book afresh; do not use or update the cache of loaded books.",
    ),
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
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to", help="Email recipient (default: [mail] to, or [owner] email).", show_default=False
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from", help="Email sender (default: [mail] from, or [owner] email).", show_default=False
    ),
]
SendOption = Annotated[
    bool,
    typer.Option("--send", help="Send the email with the mail command instead of printing it."),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show the full trace of an internal error.")
]

# (the commands that take it, parameter name, annotation, default), in --help's order;
# NONE: every command takes it.
_SHARED = (
    (Shared.BOOK, "book", BookOption, None),
    (Shared.DEMO, "demo", DemoOption, False),
    (Shared.BOOK, "no_cache", NoCacheOption, False),
    (Shared.TODAY, "when", DateOption, None),
    (Shared.MAIL, "to", ToOption, None),
    (Shared.MAIL, "sender", FromOption, None),
    (Shared.MAIL, "send", SendOption, False),
    (Shared.NONE, "debug", DebugOption, False),
)


def with_shared(func: Callable[..., Any], uses: Shared) -> Callable[..., Any]:
    """`func` with the shared options `uses` names added to its signature for Typer.

    The command is called with its own options as they came, plus `source`
    (a `BookChoice`) when it works on a book and `mail` (a `Mail`) when it
    can send; `debug` is read by the guard around every command.
    """
    own = [
        parameter
        for parameter in inspect.signature(func, eval_str=True).parameters.values()
        if parameter.name not in ("source", "mail")
    ]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint)
        for flag, name, hint, default in _SHARED
        if flag in uses
    ]
    clashes = {parameter.name for parameter in shared} & {parameter.name for parameter in own}
    if clashes:
        raise TypeError(f"{func.__name__} declares shared options itself: {sorted(clashes)}")
    parameters = [*own, *shared]

    @functools.wraps(func)
    def run(**given: Any) -> Any:
        given.pop("debug")
        if Shared.BOOK in uses:
            given["source"] = BookChoice(
                path=given.pop("book"),
                demo=given.pop("demo") if Shared.DEMO in uses else False,
                cache=not given.pop("no_cache"),
                when=given.pop("when") if Shared.TODAY in uses else None,
            )
        if Shared.MAIL in uses:
            given["mail"] = Mail(given.pop("to"), given.pop("sender"), given.pop("send"))
        return func(**given)

    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    return run
