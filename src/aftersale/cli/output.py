"""Print (or send) a list of actions in the format asked for; the one place that chooses."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from aftersale.cli.app import AgendaFormat, Color, Planning, say
from aftersale.cli.options import Mail
from aftersale.errors import AftersaleError, ExitCode, error_count

if TYPE_CHECKING:
    from email.message import EmailMessage

    from aftersale.actions import Action
    from aftersale.render.agenda import Backlog
    from aftersale.settings import Settings


@dataclass(frozen=True)
class Output:
    format: AgendaFormat = AgendaFormat.AUTO
    color: Color = Color.AUTO
    excel: bool = False
    quiet_if_empty: bool = False
    mail: Mail = field(default_factory=Mail)


def addresses(settings: Settings, mail: Mail) -> tuple[str, str]:
    """(recipient, sender): --to and --from, else [mail], else the owner's own address."""
    recipient = mail.to or settings.mail.to or settings.owner.email
    origin = mail.sender or settings.mail.sender or settings.owner.email or recipient
    if not recipient or not origin:
        raise AftersaleError(
            "the email needs a recipient: give --to ADDRESS, or set [mail] to or [owner] email "
            "in aftersale.toml",
            exit_code=ExitCode.USAGE,
        )
    for label, address in (("--to", recipient), ("--from", origin)):
        if "@" not in address or any(ch.isspace() or ch in "<>,;" for ch in address):
            raise AftersaleError(
                f"{label}: not an email address: {address!r}", exit_code=ExitCode.USAGE
            )
    return recipient, origin


def send_or_print(message: EmailMessage, settings: Settings, fallback: str) -> None:
    """Send; if that fails, print `fallback` so that cron's own mail still carries it (exit 69)."""
    from email import policy

    from aftersale.mailer import MailError, send

    try:
        send(message.as_bytes(policy=policy.default), settings.mail.command)
    except MailError:
        print(fallback)
        raise
    say(f"sent {message['Subject']!s} to {message['To']!s}")


def _email(
    actions: tuple[Action, ...],
    planning: Planning,
    output: Output,
    *,
    later: bool,
    until: date | None,
    summary: list[str],
) -> EmailMessage:
    from aftersale.render.email import build_email, heading_for

    settings = planning.book.settings
    to, sender = addresses(settings, output.mail)
    return build_email(
        actions,
        planning.today,
        sender=sender,
        sender_name=settings.owner.name,
        to=to,
        heading=heading_for(actions, planning.today, later=later, until=until),
        later=later,
        summary=summary,
        book_errors=error_count(planning.problems),
    )


def emit(
    actions: tuple[Action, ...],
    suppressed: tuple[Action, ...],
    planning: Planning,
    output: Output,
    *,
    later: bool = False,
    until: date | None = None,
    backlog: Backlog | None = None,
    missed: tuple[Action, ...] = (),
) -> None:
    """Write the actions to stdout in the chosen format, or send them by email.

    `backlog` is what the day could not hold and what lapsed; every format says
    it on a line of its own (JSON: `waiting` and `missed`).
    """
    from aftersale.render import agenda
    from aftersale.render.terminal import is_terminal, render_table, wants_color

    if output.quiet_if_empty and not actions and not suppressed:
        return
    today = planning.today
    shown = actions
    summary = backlog.lines(today, later=later) if backlog else []
    chosen = output.format
    if output.mail.send:
        chosen = AgendaFormat.EMAIL
    if chosen is AgendaFormat.AUTO:
        chosen = AgendaFormat.TABLE if is_terminal(sys.stdout) and not later else AgendaFormat.PLAIN
    if chosen is AgendaFormat.EMAIL:
        message = _email(shown, planning, output, later=later, until=until, summary=summary)
        if output.mail.send:
            if later and until is not None:
                fallback = agenda.render_plain_by_date(shown, today, until, backlog)
            else:
                fallback = agenda.render_plain(shown, today, (), backlog)
            send_or_print(message, planning.book.settings, fallback)
        else:
            sys.stdout.write(message.as_string())
    elif chosen is AgendaFormat.JSON:
        extra = {"until": until.isoformat()} if until else {}
        print(agenda.render_json(shown, today, suppressed, backlog, missed, **extra))
    elif chosen is AgendaFormat.CSV:
        from aftersale.render.spreadsheet import render_csv

        sys.stdout.write(render_csv((*shown, *suppressed), today, excel=output.excel))
    elif chosen is AgendaFormat.MARKDOWN:
        from aftersale.render.markdown import render_markdown

        title = agenda.headline_later(shown, until) if later and until else None
        sys.stdout.write(
            render_markdown(
                (*shown, *suppressed), today, by_date=later, title=title, backlog=backlog
            )
        )
    elif chosen is AgendaFormat.TABLE and not later:
        width = shutil.get_terminal_size((80, 24)).columns
        print(
            render_table(
                actions,
                today,
                width=width,
                color=wants_color(output.color.value, sys.stdout),
                limit=None,
                summary=summary,
            )
        )
        if suppressed:
            print(agenda.render_plain((), today, suppressed))
    elif later and until is not None:
        print(agenda.render_plain_by_date((*shown, *suppressed), today, until, backlog))
    else:
        print(agenda.render_plain(shown, today, suppressed, backlog))
