"""The agenda as Markdown for a notes app or a chat: customers numbered, by date when asked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from aftersale.actions import Action
from aftersale.render.agenda import Backlog, due_text, headline, long_date, visits, what
from aftersale.text import safe

# Brackets are escaped, so parentheses can never form a link and stay as they are.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def md(text: str) -> str:
    """User text as literal Markdown: special characters escaped, no raw HTML, one line."""
    return _SPECIAL.sub(r"\\\1", safe(text))


def _visit(number: int, group: Sequence[Action], today: date) -> list[str]:
    first = group[0]
    company = f" ({md(first.company)})" if first.company else ""
    lines = [f"{number}. **{md(first.customer_name)}**{company}"]
    for action in group:
        lines += [
            f"   - {what(action)}, {due_text(action, today)}",
            f"     - Why: {md(action.reason)}",
            f"     - Do: {md(action.suggestion)}",
            f"     - Id: `{safe(action.id)}`",
        ]
        if action.suppressed:
            lines.append(f"     - Not now: {md(action.suppressed)}")
    return lines


def render_markdown(
    actions: Sequence[Action],
    today: date,
    *,
    by_date: bool = False,
    title: str | None = None,
    backlog: Backlog | None = None,
) -> str:
    summary = [md(line) for line in backlog.lines(today, later=by_date)] if backlog else []
    if not actions:
        return "\n\n".join([f"# Nothing due for {long_date(today)}", *summary]) + "\n"
    lines = [f"# {title or headline(actions, today)}", ""]
    if summary:
        lines += [*summary, ""]
    current: date | None = None
    number = 0
    for group in visits(actions):
        day = group[0].planned or group[0].due
        if by_date and day != current:
            current = day
            lines += [f"## {long_date(current)}", ""]
            number = 0
        number += 1
        lines += [*_visit(number, group, today), ""]
    return "\n".join(lines).rstrip() + "\n"
