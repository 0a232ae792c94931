"""Commands that plan: what is due today, what comes next, and why."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aftersale.cli.app import (
    AgendaFormat,
    AllOption,
    Color,
    ColorOption,
    ExcelOption,
    FormatOption,
    QuietOption,
    command,
    find_action,
    finish,
    load_for_planning,
    say,
)
from aftersale.cli.options import BookChoice, Mail, Shared
from aftersale.cli.output import Output, emit
from aftersale.errors import ExitCode, error_count

if TYPE_CHECKING:
    from aftersale.actions import Action


class ExportFormat(StrEnum):
    ICS = "ics"
    CSV = "csv"
    JSON = "json"


@command(Shared.READS | Shared.MAIL)
def today(
    output_format: FormatOption = AgendaFormat.AUTO,
    color: ColorOption = Color.AUTO,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            help="Show at most N customers this time (default: [agenda] capacity, 10).",
        ),
    ] = None,
    show_all: AllOption = False,
    fail_on_overdue: Annotated[
        bool, typer.Option("--fail-on-overdue", help="Exit 3 when any action is overdue.")
    ] = False,
    quiet_if_empty: QuietOption = False,
    excel: ExcelOption = False,
    *,
    source: BookChoice,
    mail: Mail,
) -> None:
    """Today's plan: as many customers as a day holds, the most pressing first, each with
    every follow-up due for them, why, and what to do.

    Customers in trouble come first, then obligations, relationship work, and
    asks. What the day cannot hold waits for the next working days and is
    counted on one line; --all shows everything. Exits 0 (also when nothing is
    due), 3 with --fail-on-overdue when something is overdue, 65 when the book
    has errors (the agenda leaves those records out), 69 when --send cannot
    hand the email to the mail command.
    """
    from aftersale.planner import plan
    from aftersale.render.agenda import Backlog
    from aftersale.schedule import lapses_told_since, schedule

    planning = load_for_planning(source)
    settings = planning.book.settings
    since = lapses_told_since(planning.today, settings.working_days)
    result = plan(planning.book, planning.today, missed_since=since)
    capacity = None if show_all else (limit or settings.agenda.capacity)
    (day,) = schedule(
        result.actions, planning.today, planning.today, capacity, settings.working_days
    )
    held = tuple(a for a in result.suppressed if a.due <= planning.today) if show_all else ()
    emit(
        day.actions,
        held,
        planning,
        Output(output_format, color, excel, quiet_if_empty, mail),
        backlog=Backlog.of(day.waiting, result.missed, error_count(planning.problems)),
        missed=result.missed,
    )
    overdue = any(a.due < planning.today for a in result.due_today())
    finish(planning.problems, ExitCode.OVERDUE if fail_on_overdue and overdue else 0)


@command(Shared.READS | Shared.MAIL)
def upcoming(
    days: Annotated[int, typer.Option("--days", "-d", min=1, help="How many days ahead.")] = 7,
    output_format: FormatOption = AgendaFormat.AUTO,
    show_all: AllOption = False,
    quiet_if_empty: QuietOption = False,
    excel: ExcelOption = False,
    *,
    source: BookChoice,
    mail: Mail,
) -> None:
    """The plan for the next N days (default 7), grouped by day: what falls due, and what
    waits from today, each working day holding at most [agenda] capacity customers.

    --all lists every follow-up on the day it falls due, without a capacity.
    """
    from aftersale.planner import plan
    from aftersale.render.agenda import Backlog
    from aftersale.schedule import schedule

    planning = load_for_planning(source)
    settings = planning.book.settings
    result = plan(planning.book, planning.today, days=days)
    capacity = None if show_all else settings.agenda.capacity
    planned = schedule(
        result.actions, planning.today, result.until, capacity, settings.working_days
    )
    later = tuple(action for day in planned[1:] for action in day.actions)
    held: tuple[Action, ...] = ()
    if show_all:
        held = tuple(
            sorted(
                (a for a in result.suppressed if a.due > planning.today),
                key=lambda a: (a.due, a.id),
            )
        )
    options = Output(output_format, Color.NEVER, excel, quiet_if_empty, mail)
    emit(
        later,
        held,
        planning,
        options,
        later=True,
        until=result.until,
        backlog=Backlog.of(planned[-1].waiting, book_errors=error_count(planning.problems)),
    )
    finish(planning.problems)


@command(Shared.READS)
def export(
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="ics (calendar), csv or json.")
    ] = ExportFormat.ICS,
    days: Annotated[
        int, typer.Option("--days", "-d", min=0, help="Include actions due up to N days ahead.")
    ] = 30,
    output_file: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (replaced whole) instead of stdout."
        ),
    ] = None,
    excel: ExcelOption = False,
    *,
    source: BookChoice,
) -> None:
    """Export the open actions (overdue, today and the next N days) as a calendar, CSV or JSON.

    Each action keeps its id as the calendar event's UID, so importing a newer
    export updates the events instead of duplicating them.
    """
    from aftersale.planner import plan
    from aftersale.render import agenda

    planning = load_for_planning(source)
    actions = plan(planning.book, planning.today, days=days).actions
    if output_format is ExportFormat.ICS:
        from aftersale.render.ics import render_ics

        data = render_ics(actions, planning.today)
    elif output_format is ExportFormat.CSV:
        from aftersale.render.spreadsheet import render_csv

        data = render_csv(actions, planning.today, excel=excel).encode("utf-8")
    else:
        data = (agenda.render_json(actions, planning.today) + "\n").encode("utf-8")
    if output_file is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        from aftersale.book.replace import write_atomic

        write_atomic(output_file, data)
        say(f"wrote {len(actions)} actions to {output_file}")
    finish(planning.problems)


@command(Shared.READS)
def explain(
    action_id: Annotated[
        str, typer.Argument(metavar="ACTION", help="An action id from today or upcoming.")
    ],
    *,
    source: BookChoice,
) -> None:
    """Why an action is on the list: its rule, the facts it used, and its score term by term."""
    from aftersale.render.explain import render_explain

    planning = load_for_planning(source)
    found = find_action(planning, action_id)
    print(render_explain(found, planning.today))
    finish(planning.problems)
