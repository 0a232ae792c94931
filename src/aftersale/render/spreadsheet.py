"""The agenda as CSV (RFC 4180), safe to open in a spreadsheet.

A cell that starts with = + - @, a tab or a carriage return would be run as a
formula by Excel or LibreOffice; such text cells get a leading apostrophe.
Numbers are left as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date

from aftersale.actions import Action
from aftersale.text import safe

COLUMNS = (
    "id",
    "due",
    "overdue_days",
    "score",
    "kind",
    "channel",
    "customer",
    "customer_name",
    "company",
    "deal",
    "reason",
    "suggestion",
    "suppressed",
    "tier",
    "planned",
)
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_RISKY = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell: str) -> str:
    """Neutralise spreadsheet formula injection; real numbers stay numbers."""
    if cell.startswith(_RISKY) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def render_csv(actions: Sequence[Action], today: date, *, excel: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if excel else "\n")
    writer.writerow(COLUMNS)
    for action in actions:
        row = [
            action.id,
            action.due.isoformat(),
            str(action.overdue_days(today)),
            f"{action.score:.2f}",
            action.kind.value,
            action.channel or "",
            action.customer,
            action.customer_name,
            action.company or "",
            action.deal or "",
            action.reason,
            action.suggestion,
            action.suppressed or "",
            str(int(action.tier_on(today))),
            action.planned.isoformat() if action.planned else "",
        ]
        writer.writerow([defuse(safe(cell, keep_newlines=True, keep_tabs=True)) for cell in row])
    return ("\ufeff" if excel else "") + buffer.getvalue()
