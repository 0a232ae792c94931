"""A customer's profile as plain text or JSON."""

from __future__ import annotations

import json
from typing import Any

from aftersale.profile import Profile
from aftersale.render.agenda import action_json, due_text, what
from aftersale.text import json_safe, money, plural, safe, safe_block


def _lines(profile: Profile) -> list[str]:
    c = profile.customer
    lines = [
        f"{safe(c.name)}" + (f", {safe(c.company)}" if c.company else "") + f"  ({safe(c.id)})"
    ]
    facts = [
        ("email", c.email),
        ("phone", c.phone),
        ("prefers", c.channel),
        ("keep in touch", f"every {c.cadence}" if c.cadence else None),
        ("customer since", c.since.isoformat() if c.since else None),
        ("won through", c.source),
        ("industry", c.industry),
        ("country", c.country),
        ("time zone", c.timezone),
        ("annual value", money(c.annual_value, None) or None),
        ("share of wallet", f"{c.share_of_wallet:.0%}" if c.share_of_wallet is not None else None),
        ("budget month", f"{c.budget_month}" if c.budget_month else None),
        ("birthday", str(c.birthday) if c.birthday else None),
        ("interests", ", ".join(c.interests) or None),
        ("tags", ", ".join(c.tags) or None),
        ("away until", c.quiet_until.isoformat() if c.quiet_until else None),
        ("notes", c.notes),
    ]
    lines += [f"  {label + ':':<16} {safe(str(value))}" for label, value in facts if value]
    if c.contacts:
        lines += ["", "People"]
        for person in c.contacts:
            roles = ", ".join(r.value.replace("_", " ") for r in person.role) or "role not known"
            reach = ", ".join(x for x in (person.email, person.phone) if x)
            lines.append(f"  {safe(person.name)} ({roles})" + (f": {safe(reach)}" if reach else ""))
    standing = profile.standing
    lines += ["", "Standing"]
    if standing.latest:
        lines.append(
            f"  latest score {standing.latest.score}/10 on {standing.latest.date.isoformat()}"
            + (f" ({standing.group.value})" if standing.group else "")
        )
    else:
        lines.append("  no score yet")
    if standing.quadrant:
        lines.append(f"  loyalty x share of wallet: {standing.quadrant.value}")
    if standing.open_cases:
        lines.append(f"  open cases: {', '.join(standing.open_cases)}")
    lines.append(f"  {plural(profile.touches, 'interaction')} logged")
    lines += ["", "Due"]
    if not profile.due and not profile.held:
        lines.append("  nothing in the next 30 days")
    for action in profile.due:
        lines.append(f"  {due_text(action, profile.today)}: {what(action)}  [{safe(action.id)}]")
        lines.append(f"    {safe_block(action.reason, '    ')}")
    for action in profile.held:
        lines.append(f"  held back: {what(action)} ({safe(action.suppressed or '')})")
    lines += ["", "History"]
    if not profile.history:
        lines.append("  nothing logged yet")
    for event in profile.history:
        detail = safe_block(event.detail, " " * 30)
        lines.append(f"  {event.day.isoformat()}  {event.what:<16} {detail}".rstrip())
    return lines


def render_profile_text(profile: Profile) -> str:
    return "\n".join(_lines(profile))


def render_profile_json(profile: Profile) -> str:
    c = profile.customer
    document: dict[str, Any] = {
        "schema": 1,
        "date": profile.today.isoformat(),
        "customer": json.loads(c.model_dump_json(exclude={"line"})),
        "standing": {
            "latest_score": profile.standing.latest.score if profile.standing.latest else None,
            "scored_on": profile.standing.latest.date.isoformat()
            if profile.standing.latest
            else None,
            "group": profile.standing.group.value if profile.standing.group else None,
            "quadrant": profile.standing.quadrant.value if profile.standing.quadrant else None,
            "open_cases": list(profile.standing.open_cases),
        },
        "due": [action_json(a, profile.today) for a in profile.due],
        "held": [action_json(a, profile.today) for a in profile.held],
        "history": [
            {"date": e.day.isoformat(), "what": e.what, "detail": e.detail} for e in profile.history
        ],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2))
