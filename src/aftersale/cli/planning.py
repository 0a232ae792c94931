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
    BookOption,
    Color,
    ColorOption,
    DateOption,
    DebugOption,
    DemoOption,
    ExcelOption,
    FormatOption,
    FromOption,
    NoCacheOption,
    Planning,
    QuietOption,
    SendOption,
    ToOption,
    command,
    find_action,
    finish,
    load_for_planning,
    say,
)
from aftersale.cli.output import Output, emit
from aftersale.errors import ExitCode

if TYPE_CHECKING:
    from aftersale.actions import Action


class ExportFormat(StrEnum):
    ICS = "ics"
    CSV = "csv"
    JSON = "json"


def keep_answer(planning: Planning, output_format: AgendaFormat, send: bool) -> None:
    """The answer may be replayed until the book or the day changes; not an email (it is dated)."""
    if not send and output_format is not AgendaFormat.EMAIL:
        from aftersale import replay

        replay.final(planning.book.settings.timezone)


@command
def today(
    book: BookOption = None,
    demo: DemoOption = False,
    no_cache: NoCacheOption = False,
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
    quiet_if_empty: QuietOption = False,
    excel: ExcelOption = False,
    to: ToOption = None,
    sender: FromOption = None,
    send: SendOption = False,
    debug: DebugOption = False,
) -> None:
    """The follow-ups due today and overdue, most important first, each with why and what to do.

    Exits 0 (also when nothing is due), 3 with --fail-on-overdue when something
    is overdue, 65 when the book has errors (the agenda leaves those records out),
    69 when --send cannot hand the email to the mail command.
    """
    from aftersale.planner import plan

    planning = load_for_planning(book, demo, when, cache=not no_cache)
    result = plan(planning.book, planning.today)
    due = result.due_today()
    held = tuple(a for a in result.suppressed if a.due <= planning.today) if show_all else ()
    emit(
        due,
        held,
        planning,
        Output(output_format, color, limit, excel, to, sender, send, quiet_if_empty),
    )
    keep_answer(planning, output_format, send)
    overdue = any(a.due < planning.today for a in due)
    finish(planning.problems, ExitCode.OVERDUE if fail_on_overdue and overdue else 0)


@command
def upcoming(
    book: BookOption = None,
    demo: DemoOption = False,
    no_cache: NoCacheOption = False,
    when: DateOption = None,
    days: Annotated[int, typer.Option("--days", "-d", min=1, help="How many days ahead.")] = 7,
    output_format: FormatOption = AgendaFormat.AUTO,
    show_all: AllOption = False,
    quiet_if_empty: QuietOption = False,
    excel: ExcelOption = False,
    to: ToOption = None,
    sender: FromOption = None,
    send: SendOption = False,
    debug: DebugOption = False,
) -> None:
    """The follow-ups coming due in the next N days (default 7), grouped by date."""
    from aftersale.planner import plan

    planning = load_for_planning(book, demo, when, cache=not no_cache)
    result = plan(planning.book, planning.today, days=days)
    later = result.upcoming()
    held: tuple[Action, ...] = ()
    if show_all:
        held = tuple(
            sorted(
                (a for a in result.suppressed if a.due > planning.today),
                key=lambda a: (a.due, a.id),
            )
        )
    options = Output(output_format, Color.NEVER, None, excel, to, sender, send, quiet_if_empty)
    emit(later, held, planning, options, later=True, until=result.until)
    keep_answer(planning, output_format, send)
    finish(planning.problems)


@command
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
    book: BookOption = None,
    demo: DemoOption = False,
    no_cache: NoCacheOption = False,
    when: DateOption = None,
    debug: DebugOption = False,
) -> None:
    """Export the open actions (overdue, today and the next N days) as a calendar, CSV or JSON.

    Each action keeps its id as the calendar event's UID, so importing a newer
    export updates the events instead of duplicating them.
    """
    from aftersale.planner import plan
    from aftersale.render import agenda

    planning = load_for_planning(book, demo, when, cache=not no_cache)
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
        from aftersale.book.write import write_atomic

        write_atomic(output_file, data)
        say(f"wrote {len(actions)} actions to {output_file}")
    finish(planning.problems)


@command
def explain(
    action_id: Annotated[
        str, typer.Argument(metavar="ACTION", help="An action id from today or upcoming.")
    ],
    book: BookOption = None,
    demo: DemoOption = False,
    no_cache: NoCacheOption = False,
    when: DateOption = None,
    debug: DebugOption = False,
) -> None:
    """Why an action is on the list: its rule, the facts it used, and its score term by term."""
    from aftersale.render.explain import render_explain

    planning = load_for_planning(book, demo, when, cache=not no_cache)
    found = find_action(planning, action_id)
    print(render_explain(found, planning.today))
    finish(planning.problems)
