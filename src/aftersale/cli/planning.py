"""Commands that plan: what is due today, what comes next, and why."""

from __future__ import annotations

import shutil
import sys
from datetime import date
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
    FormatOption,
    command,
    find_action,
    finish,
    load_for_planning,
)
from aftersale.errors import ExitCode

if TYPE_CHECKING:
    from aftersale.actions import Action

TABLE_ROWS = 15


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

    planning = load_for_planning(book, demo, when)
    result = plan(planning.book, planning.today)
    due = result.due_today()
    held = tuple(a for a in result.suppressed if a.due <= planning.today) if show_all else ()
    _print_agenda(due, held, planning.today, output_format, color, limit)
    overdue = any(a.due < planning.today for a in due)
    finish(planning.problems, ExitCode.OVERDUE if fail_on_overdue and overdue else 0)


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

    planning = load_for_planning(book, demo, when)
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
    finish(planning.problems)


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
    from aftersale.render.explain import render_explain

    planning = load_for_planning(book, demo, when)
    found = find_action(planning, action_id)
    print(render_explain(found, planning.today))
    finish(planning.problems)
