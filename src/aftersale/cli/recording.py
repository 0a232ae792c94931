"""Commands that record the work: log a touchpoint, complete or snooze an action, see a customer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from aftersale.cli.app import (
    CustomerArgument,
    command,
    find_action,
    finish,
    finish_written,
    load_for_planning,
    parse_day_option,
    refuse_demo_writes,
    say,
)
from aftersale.cli.options import BookChoice, Shared
from aftersale.errors import AftersaleError, ExitCode

if TYPE_CHECKING:
    from aftersale.actions import Action
    from aftersale.cli.app import Planning

# How far back a customer's profile shows the follow-ups whose moment passed.
MISSED_SHOWN = timedelta(days=365)


def _append(planning: Planning, *records: dict[str, str]) -> None:
    """Append touchpoints under the book's lock, in one write: all of them, or none."""
    from aftersale.book.schema import TOUCHPOINTS
    from aftersale.book.write import append_records, book_lock, spreadsheet_lock

    path = planning.book.path / "touchpoints.csv"
    open_elsewhere = spreadsheet_lock(path)
    if open_elsewhere is not None:
        say(
            f"warning: {path.name} seems to be open in a spreadsheet ({open_elsewhere.name}); "
            "saving it there may undo this entry"
        )
    options = planning.book.settings.file_options(path.name)
    with book_lock(planning.book.path):
        for note in append_records(
            path,
            TOUCHPOINTS.columns,
            records,
            encoding=options.encoding,
            delimiter=options.delimiter,
        ):
            say(f"warning: {note}")


@command(Shared.BOOK | Shared.DEMO)
def log(
    customer: CustomerArgument,
    kind: Annotated[
        str,
        typer.Argument(
            help="What happened: thank_you, delivery_notice, delivery_check, value_add, check_in, "
            "personal, promise, feedback_request, referral_ask, upsell, meeting, recovery, repair, "
            "meeting_review, account_review, other."
        ),
    ],
    deal: Annotated[str | None, typer.Option("--deal", help="The deal it was about.")] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel",
            help="visit, phone, email, text, video, letter, or any other such as WhatsApp "
            "(default: theirs).",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What was said or sent.")] = None,
    when: Annotated[
        str | None, typer.Option("--date", help="When it happened (default: today).")
    ] = None,
    next_date: Annotated[
        str | None,
        typer.Option("--next", help="The date you agreed to follow up (YYYY-MM-DD, +2w, ...)."),
    ] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="The id of the action this completes.")
    ] = None,
    *,
    source: BookChoice,
) -> None:
    """Record an interaction with a customer in touchpoints.csv (appended, never rewritten)."""
    from pydantic import ValidationError

    from aftersale.book.messages import describe
    from aftersale.lookup import find_customer
    from aftersale.models import Touchpoint
    from aftersale.text import safe

    planning = load_for_planning(source, only=frozenset({"customers", "deals"}))
    refuse_demo_writes(source.demo)
    found = find_customer(planning.book, customer)
    day = parse_day_option("--date", when, planning.today) or planning.today
    follow_up = parse_day_option("--next", next_date, day)
    if deal is not None:
        owned = planning.book.deal_by_id.get(deal)
        if owned is None:
            raise AftersaleError(f"no deal has the id {deal!r}", exit_code=ExitCode.DATA_ERR)
        if owned.customer != found.id:
            raise AftersaleError(
                f"deal {deal} belongs to customer {owned.customer}, not {found.id}",
                exit_code=ExitCode.DATA_ERR,
            )
    fields = {
        "date": day,
        "customer": found.id,
        "kind": kind,
        "channel": channel or found.channel,
        "deal": deal,
        "action": action,
        "note": note,
        "next": follow_up,
    }
    try:
        touch = Touchpoint.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as error:
        details = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {describe(e)}" for e in error.errors()
        )
        raise AftersaleError(f"not logged: {details}", exit_code=ExitCode.DATA_ERR) from None
    _append(planning, _touch_values(touch))
    print(
        f"Logged {touch.date.isoformat()}: {touch.kind.value} with {safe(found.name)} "
        f"({safe(found.id)})"
        + (f" by {safe(touch.channel)}" if touch.channel else "")
        + (f", deal {safe(touch.deal)}" if touch.deal else "")
        + (f"; next contact {touch.next.isoformat()}" if touch.next else "")
    )
    finish_written(planning.problems)


def _touch_values(touch: object) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in ("date", "customer", "kind", "channel", "deal", "action", "note", "next"):
        value = getattr(touch, name)
        if value is None:
            continue
        values[name] = value.isoformat() if isinstance(value, date) else str(value)
    return values


@command(Shared.BOOK | Shared.DEMO)
def done(
    action_id: Annotated[str, typer.Argument(metavar="ACTION", help="The action id to complete.")],
    when: Annotated[
        str | None, typer.Option("--date", help="When it was done (default: today).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What was said or sent.")] = None,
    *,
    source: BookChoice,
) -> None:
    """Mark an action done: logs the touchpoint that completes it (kind, customer, deal, id).

    With --date the action is looked up as the plan stood on that day, so work
    done earlier can be recorded afterwards.
    """
    planning = load_for_planning(replace(source, when=when))
    refuse_demo_writes(source.demo)
    found = find_action(planning, action_id)
    day = planning.today
    values = {
        "date": day.isoformat(),
        "customer": found.customer,
        "kind": found.kind.value,
        "channel": found.channel or "",
        "deal": found.deal or "",
        "action": found.id,
        "note": note or "",
    }
    _append(planning, values)
    from aftersale.text import safe

    print(f"Done: {safe(found.id)} ({safe(found.customer_name)}), logged on {day.isoformat()}")
    finish_written(planning.problems)


@command(Shared.READS)
def snooze(
    until: Annotated[
        str, typer.Option("--until", help="When it should come back: YYYY-MM-DD, +3d, +2w, ...")
    ],
    action_id: Annotated[
        str | None,
        typer.Argument(metavar="ACTION", help="The action id to put off."),
    ] = None,
    customer: Annotated[
        str | None,
        typer.Option(
            "--customer", "-c", help="Put off everything due for this customer before --until."
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="Put off every action of this kind (check_in, ...) due before then.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be put off; write nothing.")
    ] = False,
    *,
    source: BookChoice,
) -> None:
    """Put an action off until a date; it comes back on that day.

    With --customer or --kind (or both), every open action they select that is
    due before --until is put off at once, in one write.
    """
    from aftersale.actions import ActionKind
    from aftersale.text import plural, safe

    if (action_id is None) == (customer is None and kind is None):
        raise AftersaleError(
            "name one ACTION, or select actions with --customer and/or --kind",
            exit_code=ExitCode.USAGE,
        )
    kinds = {k.value for k in ActionKind}
    if kind is not None and kind not in kinds:
        raise AftersaleError(
            f"--kind: {kind!r} is not a kind of action; use one of {', '.join(sorted(kinds))}",
            exit_code=ExitCode.USAGE,
        )
    planning = load_for_planning(source)
    if not dry_run:
        refuse_demo_writes(source.demo)
    back = parse_day_option("--until", until, planning.today)
    if back is None or back <= planning.today:
        raise AftersaleError("--until must be a date after today", exit_code=ExitCode.USAGE)
    chosen = (
        [find_action(planning, action_id)]
        if action_id is not None
        else _selected(planning, back, customer, kind)
    )
    records = [
        {
            "date": planning.today.isoformat(),
            "customer": found.customer,
            "kind": "snooze",
            "action": found.id,
            "next": back.isoformat(),
        }
        for found in chosen
    ]
    if dry_run:
        for found in chosen:
            print(f"would put off: {found.id} ({safe(found.customer_name)}) until {back}")
        print(f"{plural(len(chosen), 'action')} would be put off; nothing written (--dry-run)")
    elif not chosen:
        say("nothing to put off: no open action matches before that date")
    else:
        _append(planning, *records)
        for found in chosen:
            print(f"Snoozed: {found.id} ({safe(found.customer_name)}) until {back.isoformat()}")
        finish_written(planning.problems)
        return
    finish(planning.problems)


def _selected(
    planning: Planning, back: date, customer: str | None, kind: str | None
) -> list[Action]:
    """The open actions due before `back` for a customer and/or of a kind."""
    from aftersale.lookup import find_customer
    from aftersale.planner import plan

    owner = find_customer(planning.book, customer).id if customer is not None else None
    result = plan(planning.book, planning.today, days=(back - planning.today).days - 1)
    return [
        a
        for a in (*result.actions, *result.suppressed)
        if (owner is None or a.customer == owner) and (kind is None or a.kind.value == kind)
    ]


@command(Shared.READS)
def customer(
    name: CustomerArgument,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="plain (the default) or json.")
    ] = "plain",
    *,
    source: BookChoice,
) -> None:
    """One customer: profile, people, standing, what is due, and the history, newest first."""
    from aftersale.book.load import touchpoints_of
    from aftersale.lookup import find_customer
    from aftersale.planner import plan
    from aftersale.profile import build_profile
    from aftersale.render.profile import render_profile_json, render_profile_text

    if output_format not in ("plain", "json", "auto"):
        raise AftersaleError("--format must be plain or json", exit_code=ExitCode.USAGE)
    planning = load_for_planning(source)
    found = find_customer(planning.book, name)
    since = planning.today - MISSED_SHOWN
    result = plan(planning.book, planning.today, days=30, missed_since=since)
    profile = build_profile(
        planning.book, found, result, planning.today, touchpoints_of(planning.book)
    )
    if output_format == "json":
        print(render_profile_json(profile))
    else:
        print(render_profile_text(profile))
    finish(planning.problems)
