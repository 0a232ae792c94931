"""`won`, `lost`, `delivered`, `resolve`: change a deal or a case where it is written.

Only the fields named change; the file is rewritten atomically, every other
record, comment and line as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from aftersale.cli.app import command
from aftersale.cli.completion import complete_deal
from aftersale.cli.options import BookChoice, Shared
from aftersale.cli.writing import (
    DayOption,
    Entry,
    build,
    find_record,
    report,
    the_day,
    write_entry,
)
from aftersale.errors import AftersaleError, ExitCode

if TYPE_CHECKING:
    from aftersale.models import Book, Case, Deal

DealArgument = Annotated[
    str, typer.Argument(metavar="DEAL", help="The deal's id.", autocompletion=complete_deal)
]


def _deal_entry(loaded: Book, deal_id: str, changes: dict[str, Any], said: str) -> Entry:
    """The deal with `changes`, checked whole by the loader's model."""
    from aftersale.book.schema import DEALS
    from aftersale.text import safe

    deal: Deal = find_record(loaded.deal_by_id, deal_id, "deal")
    merged = deal.model_dump(exclude={"line"}, exclude_none=True) | changes
    values = build(DEALS, merged, loaded, {"lost_reason": "--reason"})
    who = _who(loaded, deal.customer)
    title = f" ({safe(deal.title)})" if deal.title else ""
    return Entry(
        DEALS,
        {key: values[key] for key in changes},
        deal.customer,
        f"{said} {safe(deal.id)}{title} for {who}",
        related=(deal.id,),
        changes_id=deal.id,
    )


def _who(book: Book, customer_id: str) -> str:
    from aftersale.text import safe

    customer = book.customer_by_id.get(customer_id)
    return f"{safe(customer.name)} ({safe(customer_id)})" if customer else safe(customer_id)


def _closed_already(deal: Deal) -> None:
    from aftersale.dates import short

    if deal.stage.value != "open":
        when = f" on {short(deal.closed_on)}" if deal.closed_on else ""
        raise AftersaleError(
            f"deal {deal.id} is already {deal.stage.value}{when}; nothing written "
            "(edit its file to change a closed deal)",
            exit_code=ExitCode.DATA_ERR,
        )


@command(Shared.BOOK)
def won(
    deal_id: DealArgument,
    when: DayOption = None,
    *,
    source: BookChoice,
) -> None:
    """Mark a deal won on a day: the thank-you and the delivery steps follow from it."""

    def make(loaded: Book) -> Entry:
        _closed_already(find_record(loaded.deal_by_id, deal_id, "deal"))
        changes = {"stage": "won", "closed_on": the_day(when, loaded)}
        return _deal_entry(loaded, deal_id, changes, "Won")

    report(write_entry(source, frozenset({"deals"}), make))


@command(Shared.BOOK)
def lost(
    deal_id: DealArgument,
    when: DayOption = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why it was lost, in their words or yours.")
    ] = None,
    *,
    source: BookChoice,
) -> None:
    """Mark a deal lost on a day, with why; a thank-you still follows, to keep the door open."""

    def make(loaded: Book) -> Entry:
        _closed_already(find_record(loaded.deal_by_id, deal_id, "deal"))
        changes: dict[str, Any] = {"stage": "lost", "closed_on": the_day(when, loaded)}
        if reason is not None:
            changes["lost_reason"] = reason
        return _deal_entry(loaded, deal_id, changes, "Lost")

    report(write_entry(source, frozenset({"deals"}), make))


@command(Shared.BOOK)
def delivered(
    deal_id: DealArgument,
    when: DayOption = None,
    *,
    source: BookChoice,
) -> None:
    """Record the day a won deal was delivered: the delivery check follows."""
    from aftersale.dates import short

    def make(loaded: Book) -> Entry:
        deal: Deal = find_record(loaded.deal_by_id, deal_id, "deal")
        if deal.stage.value != "won":
            raise AftersaleError(
                f"deal {deal.id} is {deal.stage.value}, not won; mark it won first "
                f"(`aftersale won {deal.id}`); nothing written",
                exit_code=ExitCode.DATA_ERR,
            )
        if deal.delivered_on is not None:
            raise AftersaleError(
                f"deal {deal.id} was already delivered on {short(deal.delivered_on)}; "
                "nothing written",
                exit_code=ExitCode.DATA_ERR,
            )
        day = the_day(when, loaded)
        if deal.closed_on is not None and day < deal.closed_on:
            raise AftersaleError(
                f"--date: expected a day on or after the close ({deal.closed_on}), got {day}",
                exit_code=ExitCode.DATA_ERR,
            )
        return _deal_entry(loaded, deal_id, {"delivered_on": day}, "Delivered")

    report(write_entry(source, frozenset({"deals"}), make))


@command(Shared.BOOK)
def resolve(
    case_id: Annotated[str, typer.Argument(metavar="CASE", help="The case's id.")],
    root_cause: Annotated[
        str, typer.Option("--root-cause", help="Why it happened, so it does not happen again.")
    ],
    fix: Annotated[str | None, typer.Option("--fix", help="What was done about it.")] = None,
    when: DayOption = None,
    *,
    source: BookChoice,
) -> None:
    """Close a case with its root cause; telling the customer what was done follows."""
    from aftersale.book.schema import CASES
    from aftersale.dates import short
    from aftersale.text import safe

    if not root_cause.strip():
        raise AftersaleError(
            "--root-cause: expected what caused it, got an empty value; nothing written",
            exit_code=ExitCode.DATA_ERR,
        )

    def make(loaded: Book) -> Entry:
        case: Case = find_record({c.id: c for c in loaded.cases}, case_id, "case")
        if case.resolved_on is not None:
            raise AftersaleError(
                f"case {case.id} was already resolved on {short(case.resolved_on)}; "
                "nothing written",
                exit_code=ExitCode.DATA_ERR,
            )
        day = the_day(when, loaded)
        if day < case.opened:
            raise AftersaleError(
                f"--date: expected a day on or after the case was opened ({case.opened}), "
                f"got {day}",
                exit_code=ExitCode.DATA_ERR,
            )
        changes: dict[str, Any] = {"resolved_on": day, "root_cause": root_cause}
        if fix is not None:
            changes["fix"] = fix
        merged = case.model_dump(exclude={"line"}, exclude_none=True) | changes
        values = build(CASES, merged, loaded, {})
        return Entry(
            CASES,
            {key: values[key] for key in changes},
            case.customer,
            f"Resolved case {safe(case.id)} for {_who(loaded, case.customer)}",
            related=(case.id,),
            changes_id=case.id,
        )

    report(write_entry(source, frozenset({"cases"}), make))
