"""Answers to a review: read from a file, flags or a terminal, and appended to reviews.csv."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aftersale.cli.app import refuse_demo_writes
from aftersale.errors import AftersaleError, ExitCode

if TYPE_CHECKING:
    from aftersale.cli.app import Planning
    from aftersale.insights.questions import Point

AnswersFile = Annotated[
    Path | None,
    typer.Option("--answers", help='Answers in a TOML file: point = "yes", or { answer, note }.'),
]
AnswerFlags = Annotated[
    list[str] | None,
    typer.Option(
        "--answer", "-a", help="POINT=ANSWER[:NOTE], repeatable (answers: yes, partly, no, na)."
    ),
]
Interactive = Annotated[
    bool,
    typer.Option("--interactive", "-i", help="Ask point by point even when not on a terminal."),
]

Answered = tuple[str, str | None, str | None]  # point, answer, note


def _read_answer(point: Point, value: Any) -> tuple[str | None, str | None]:
    from aftersale.models import Answer
    from aftersale.values import enum_field

    convert = enum_field(Answer, {"y": "yes", "n": "no", "p": "partly", "n_a": "na", "skip": "na"})
    if isinstance(value, dict):
        answer, note = value.get("answer"), value.get("note")
    elif point.open:
        answer, note = None, value
    else:
        answer, note = value, None
    if answer is not None:
        try:
            answer = convert.func(str(answer)).value  # type: ignore[call-arg]
        except ValueError as error:
            raise AftersaleError(f"{point.id}: {error}", exit_code=ExitCode.DATA_ERR) from None
    return answer, (str(note).strip() or None) if note is not None else None


def _given_answers(
    points: Sequence[Point], answers_file: Path | None, flags: list[str] | None
) -> list[Answered]:
    from aftersale.values import did_you_mean

    raw: dict[str, Any] = {}
    if answers_file is not None:
        import tomli

        try:
            raw.update(tomli.loads(answers_file.read_text(encoding="utf-8-sig")))
        except FileNotFoundError:
            raise AftersaleError(
                f"{answers_file}: no such file", exit_code=ExitCode.NO_INPUT
            ) from None
        except tomli.TOMLDecodeError as error:
            raise AftersaleError(f"{answers_file}: {error}", exit_code=ExitCode.DATA_ERR) from None
        except UnicodeDecodeError:
            raise AftersaleError(
                f"{answers_file}: not UTF-8 text; save it as UTF-8", exit_code=ExitCode.DATA_ERR
            ) from None
        except OSError as error:
            raise AftersaleError(
                f"{answers_file}: {error.strerror or error}", exit_code=ExitCode.NO_INPUT
            ) from None
    for flag in flags or []:
        point, sep, rest = flag.partition("=")
        if not sep:
            raise AftersaleError(
                f"--answer {flag!r}: expected POINT=ANSWER[:NOTE]", exit_code=ExitCode.USAGE
            )
        by_id = {p.id: p for p in points}
        if point.strip() in by_id and by_id[point.strip()].open:
            raw[point.strip()] = rest
        else:
            answer, _, note = rest.partition(":")
            raw[point.strip()] = {"answer": answer.strip(), "note": note.strip() or None}
    known = {p.id: p for p in points}
    unknown = [key for key in raw if key not in known]
    if unknown:
        ids = list(known)
        raise AftersaleError(
            "unknown review point"
            + ("s: " if len(unknown) > 1 else ": ")
            + "; ".join(f"{key!r}{did_you_mean(key, ids)}" for key in unknown)
            + f" (the points are: {', '.join(ids)})",
            exit_code=ExitCode.DATA_ERR,
        )
    return [(key, *_read_answer(known[key], value)) for key, value in raw.items()]


def dated_step(note: str | None, today: date) -> str | None:
    """A note ending in "by DATE" (tomorrow, +1w, 2026-12-05) with the date written out in full,
    so that the step it names reaches the agenda on that day."""
    import re

    from aftersale.dates import DateError, parse_relative

    if not note:
        return note
    match = re.match(r"^(.*\S)\s+by\s+(\S+?)\.?$", note, re.DOTALL)
    if match is None:
        return note
    try:
        day = parse_relative(match.group(2), today)
    except (DateError, ValueError):
        return note
    return f"{match.group(1)} by {day.isoformat()}"


def _save(
    planning: Planning, review_type: str, customer: str, subject: str, answers: list[Answered]
) -> None:
    from aftersale.book.schema import REVIEWS
    from aftersale.book.write import append_records, book_lock
    from aftersale.cli.app import say

    path = planning.book.path / "reviews.csv"
    options = planning.book.settings.file_options(path.name)
    rows = [
        {
            "date": planning.today.isoformat(),
            "type": review_type,
            "customer": customer,
            "subject": subject,
            "point": point,
            "answer": answer or "",
            "note": dated_step(note, planning.today) or "",
        }
        for point, answer, note in answers
    ]
    with book_lock(planning.book.path):
        for repaired in append_records(
            path, REVIEWS.columns, rows, encoding=options.encoding, delimiter=options.delimiter
        ):
            say(f"warning: {repaired}")


def _ask(
    planning: Planning,
    points: Sequence[Point],
    done: set[str],
    review_type: str,
    customer: str,
    subject: str,
) -> int:
    """Ask the open points one at a time, saving each answer at once (so a stop can resume)."""
    pending = [p for p in points if p.id not in done]
    saved = 0
    for number, point in enumerate(pending, start=1):
        typer.echo(f"\n[{number}/{len(pending)}] {point.question}")
        if point.open:
            text = typer.prompt(
                "  your answer (end with 'by DATE' to put it on your agenda; Enter skips, q stops)",
                default="",
                show_default=False,
            )
            if text.strip().lower() == "q":
                break
            if text.strip():
                _save(planning, review_type, customer, subject, [(point.id, None, text.strip())])
                saved += 1
            continue
        reply = typer.prompt(
            "  (y)es, (p)artly, (n)o, n(a); Enter skips, q stops", default="", show_default=False
        ).strip()
        if reply.lower() == "q":
            break
        if not reply:
            continue
        answer, _ = _read_answer(point, reply)
        note = typer.prompt("  note (Enter for none)", default="", show_default=False).strip()
        _save(planning, review_type, customer, subject, [(point.id, answer, note or None)])
        saved += 1
    return saved


def meeting_to_review(planning: Planning, meeting: str | None) -> tuple[str, str]:
    """(subject id, customer id) of the meeting to review."""
    from aftersale.actions import ActionKind
    from aftersale.history import history_of
    from aftersale.lookup import find_customer
    from aftersale.planner import plan

    if meeting is None:
        result = plan(planning.book, planning.today)
        waiting = [
            a for a in (*result.actions, *result.suppressed) if a.kind is ActionKind.MEETING_REVIEW
        ]
        if not waiting:
            raise AftersaleError(
                "no meeting is waiting for a review; log one with "
                "`aftersale log CUSTOMER meeting`, or name it: aftersale review CUSTOMER",
                exit_code=ExitCode.USAGE,
            )
        latest = max(waiting, key=lambda a: (a.opens, a.id))
        return latest.id, latest.customer
    if meeting.startswith("meeting-review:"):
        customer = [*meeting.split(":"), ""][1]
        if customer not in planning.book.customer_by_id:
            raise AftersaleError(
                f"no customer has the id {customer!r}", exit_code=ExitCode.DATA_ERR
            )
        return meeting, customer
    found = find_customer(planning.book, meeting)
    meetings = [m for m in history_of(planning.book).meetings.values() if m.customer == found.id]
    if not meetings:
        raise AftersaleError(
            f"no meeting with {found.name} is logged; "
            f"log it first: aftersale log {found.id} meeting",
            exit_code=ExitCode.USAGE,
        )
    latest_day = max(m.day for m in meetings)
    return f"meeting-review:{found.id}:{latest_day.isoformat()}", found.id


def _answered(planning: Planning, subject: str) -> set[str]:
    return {r.point for r in planning.book.reviews if r.subject == subject}


def record_review(
    planning: Planning,
    demo: bool,
    points: Sequence[Point],
    review_type: str,
    customer: str,
    subject: str,
    answers_file: Path | None,
    flags: list[str] | None,
    interactive: bool,
) -> int:
    """Save the answers given (or asked for); returns how many were saved."""
    from aftersale.text import plural

    refuse_demo_writes(demo)
    if answers_file is not None or flags:
        answers = _given_answers(points, answers_file, flags)
        _save(planning, review_type, customer, subject, answers)
        print(f"Saved {plural(len(answers), 'answer')} for {subject}")
        return len(answers)
    if not (interactive or sys.stdin.isatty()):
        raise AftersaleError(
            "not at a terminal: give --answers FILE or --answer POINT=ANSWER, use --interactive, "
            "or print a blank checklist with --print",
            exit_code=ExitCode.USAGE,
        )
    done = _answered(planning, subject)
    name = planning.book.customer_by_id[customer].name
    typer.echo(f"Review of {subject} ({name}): {len(points) - len(done)} points to go.")
    saved = _ask(planning, points, done, review_type, customer, subject)
    print(
        f"\nSaved {plural(saved, 'answer')} for {subject}; run the same command again to continue."
    )
    return saved
