"""Commands about the book itself: create one, check one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aftersale.cli.app import (
    SINGULAR,
    CheckFormat,
    command,
)
from aftersale.cli.options import BookChoice, Shared


@command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="Where to create the book (default: this folder).")
    ] = Path("."),
) -> None:
    """Create a new book: commented starter files that you then fill in."""
    from datetime import date

    from aftersale.book.starter import create_book

    created = create_book(directory, date.today())
    print(f"Created a new book in {directory.resolve()}:")
    for path in created:
        print(f"  {path.name}")
    print(
        "\nNext: add your customers to customers.toml (or customers.csv), then run "
        "`aftersale check`.\nTo use this book from any folder (and from cron), set "
        f"AFTERSALE_BOOK={directory.resolve()}"
    )


@command(Shared.BOOK | Shared.DEMO)
def check(
    output_format: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="plain or json; auto (the default) is plain."),
    ] = CheckFormat.AUTO,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only problems, no summary.")
    ] = False,
    *,
    source: BookChoice,
) -> None:
    """Validate the whole book and list every problem with its file, line and field.

    Exits 0 when there are no errors (warnings allowed), 65 when the data has
    errors, 66 when a required file is missing, 78 when aftersale.toml is wrong.
    """
    from aftersale.book.loader import display_path
    from aftersale.book.locate import find_book
    from aftersale.book.open import load_book
    from aftersale.errors import exit_code_for
    from aftersale.render.problems import render_json, render_text, summary

    path = find_book(source.path, demo=source.demo)
    loaded, problems = load_book(path, cache=source.cache)
    counts = {
        "customers": len(loaded.customers),
        "contacts": sum(len(c.contacts) for c in loaded.customers),
        "deals": len(loaded.deals),
        "promises": len(loaded.promises),
        "touchpoints": loaded.touchpoint_count
        if loaded.touchpoint_count is not None
        else len(loaded.touchpoints),
        "feedback": len(loaded.feedback),
        "cases": len(loaded.cases),
        "reviews": len(loaded.reviews),
    }
    label = "demo book" if source.demo else display_path(path)
    label = "this book" if label == "." else label
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
