"""The agenda as Markdown for a notes app or a chat: a numbered list, by date when asked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from aftersale.actions import Action
from aftersale.render.agenda import due_text, headline, long_date, what
from aftersale.text import safe

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: str) -> str:
    """User text as literal Markdown: special characters escaped, no raw HTML, one line."""
    return _SPECIAL.sub(r"\\\1", safe(text))


def _item(number: int, action: Action, today: date) -> list[str]:
    company = f" ({md(action.company)})" if action.company else ""
    lines = [
        f"{number}. **{md(action.customer_name)}**{company}: {what(action)}, "
        f"{due_text(action, today)}",
        f"   - Why: {md(action.reason)}",
        f"   - Do: {md(action.suggestion)}",
        f"   - Id: `{safe(action.id)}`",
    ]
    if action.suppressed:
        lines.append(f"   - Not now: {md(action.suppressed)}")
    return lines


def render_markdown(
    actions: Sequence[Action], today: date, *, by_date: bool = False, title: str | None = None
) -> str:
    lines = [f"# {title or headline(actions, today)}", ""]
    if not actions:
        return f"# Nothing due for {long_date(today)}\n"
    current: date | None = None
    number = 0
    for action in actions:
        if by_date and action.due != current:
            current = action.due
            lines += [f"## {long_date(current)}", ""]
            number = 0
        number += 1
        lines += [*_item(number, action, today), ""]
    return "\n".join(lines).rstrip() + "\n"
