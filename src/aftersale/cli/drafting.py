"""`aftersale draft ACTION`: a message ready to send for one action."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from aftersale.cli.app import (
    command,
    find_action,
    finish,
    load_for_planning,
    say,
)
from aftersale.cli.options import BookChoice, Shared
from aftersale.errors import AftersaleError, ExitCode


class DraftFormat(StrEnum):
    TEXT = "text"
    EMAIL = "email"


@command(Shared.READS)
def draft(
    action_id: Annotated[
        str, typer.Argument(metavar="ACTION", help="The action id, as `today` shows it.")
    ],
    output_format: Annotated[
        DraftFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (subject and body to copy) or email (a complete message for sendmail -t).",
        ),
    ] = DraftFormat.TEXT,
    *,
    source: BookChoice,
) -> None:
    """Write the message for an action: greeting, the facts, your signature; ready to send."""
    from aftersale.drafts import compose
    from aftersale.render.draft import draft_email, draft_text

    planning = load_for_planning(source)
    action = find_action(planning, action_id)
    message = compose(action, planning.book)
    owner = planning.book.settings.owner
    if not owner.name and not owner.signature:
        say("note: no [owner] name or signature in aftersale.toml, so the draft is unsigned")
    if output_format is DraftFormat.EMAIL:
        if not owner.email:
            raise AftersaleError(
                "--format email needs the sender's address: set [owner] email in aftersale.toml",
                exit_code=ExitCode.CONFIG,
            )
        print(draft_email(message, owner.email, owner.name).as_string(), end="")
    else:
        print(draft_text(message), end="")
    finish(planning.problems)
