"""`explain`: the rule behind an action, the facts it used, and its score term by term."""

from __future__ import annotations

from datetime import date

from aftersale.actions import Action
from aftersale.render.agenda import due_text, long_date, what, who
from aftersale.text import safe


def tier_text(action: Action, today: date) -> str:
    """Which of the four tiers, and why a promise has moved into the first."""
    tier = action.tier_on(today)
    text = f"{int(tier)} of 4, {tier.label}"
    if tier is not action.tier:
        text += " (a promise due today or late)"
    return text + "; tiers come before scores"


def render_explain(action: Action, today: date) -> str:
    lines = [
        f"{safe(action.id)}",
        f"  rule:      {action.rule}",
        f"  customer:  {who(action)}, {safe(action.customer)}",
        f"  action:    {what(action)}, {due_text(action, today)} ({long_date(action.due)})",
        f"  why:       {safe(action.reason)}",
        f"  do:        {safe(action.suggestion)}",
        f"  tier:      {tier_text(action, today)}",
    ]
    if action.expires is not None and action.expires < today:
        lines.append(f"  lapsed:    after {long_date(action.expires)}: the moment passed (missed)")
    elif action.expires is not None:
        lines.append(f"  lapses:    after {long_date(action.expires)}, when the moment has passed")
    if action.suppressed:
        lines.append(f"  not now:   {safe(action.suppressed)}")
    lines += ["", "Facts used"]
    width = max((len(name) for name, _ in action.facts), default=0)
    for name, value in action.facts:
        lines.append(f"  {name:<{width}}  {safe(value)}")
    lines += ["", "Score = sum of weight x value (orders the actions inside a tier)"]
    for term in action.terms:
        lines.append(
            f"  {term.name:<10} {term.weight:6.2f} x {term.value:5.2f} = {term.points:6.2f}"
            f"   {safe(term.note)}"
        )
    lines.append(f"  {'total':<10} {'':>17}{action.score:8.2f}")
    return "\n".join(lines)
