"""The agenda as a rich table for a terminal; colour and width decided here, not by rich.

User text enters rich only as `Text` objects, on a console with markup,
emoji codes and highlighting off, so `[bold]` in a name stays `[bold]`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from datetime import date
from typing import TextIO

from aftersale.actions import Action
from aftersale.dates import short
from aftersale.render.agenda import headline, visits, what
from aftersale.text import safe


def wants_color(choice: str, stream: TextIO) -> bool:
    """--color always/never wins; then NO_COLOR, FORCE_COLOR, TERM=dumb, and a TTY."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def is_terminal(stream: TextIO) -> bool:
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def render_table(
    actions: Sequence[Action],
    today: date,
    *,
    width: int,
    color: bool,
    limit: int | None,
    summary: Sequence[str] = (),
) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
    )
    if not actions:
        console.print(Text(f"Nothing due today ({today.isoformat()})."))
        for line in summary:
            console.print(Text(line))
        return buffer.getvalue().rstrip("\n")
    shown = actions if limit is None else actions[:limit]
    table = Table(title=Text(headline(actions, today), style="bold"), expand=True, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True, min_width=2)
    table.add_column("Due", no_wrap=True, min_width=6)
    table.add_column("Customer", ratio=2, min_width=12, overflow="fold")
    table.add_column("What, why, and what to do", ratio=5, min_width=24, overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True, min_width=5)
    for number, group in enumerate(visits(shown), start=1):
        for position, action in enumerate(group):
            customer = Text()
            if not position:
                customer.append(safe(action.customer_name), style="bold")
                if action.company:
                    customer.append("\n" + safe(action.company), style="dim")
            late = action.overdue_days(today)
            due = Text(short(action.due, today))
            if late:
                due.append(f"\n{late}d late", style="red")
            body = Text(what(action), style="bold")
            body.append("\n" + safe(action.reason))
            body.append("\n" + safe(action.suggestion), style="dim")
            body.append("\n" + safe(action.id), style="cyan")
            label = "" if position else str(number)
            table.add_row(label, due, customer, body, f"{action.score:.1f}")
    console.print(table)
    if len(shown) < len(actions):
        console.print(
            Text(f"... and {len(actions) - len(shown)} more (--limit N, or --format plain)")
        )
    for line in summary:
        console.print(Text(line))
    return buffer.getvalue().rstrip("\n")
