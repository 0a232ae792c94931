"""Commands that look back: meeting and account reviews, NPS and segments, the period report."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aftersale.cli.answers import (
    AnswerFlags,
    AnswersFile,
    Interactive,
    meeting_to_review,
    record_review,
)
from aftersale.cli.app import (
    CustomerArgument,
    command,
    finish,
    finish_written,
    load_for_planning,
    parse_day_option,
)
from aftersale.cli.options import BookChoice, Mail, Shared
from aftersale.errors import AftersaleError, ExitCode

if TYPE_CHECKING:
    from aftersale.cli.app import Planning


@command(Shared.READS)
def review(
    meeting: Annotated[
        str | None,
        typer.Argument(
            metavar="MEETING",
            help="A meeting-review id, or a customer (their latest meeting). Default: the latest "
            "meeting not yet reviewed.",
        ),
    ] = None,
    answers_file: AnswersFile = None,
    answer: AnswerFlags = None,
    interactive: Interactive = False,
    print_blank: Annotated[
        bool, typer.Option("--print", help="Print a blank checklist (Markdown) instead.")
    ] = False,
    stats: Annotated[
        bool, typer.Option("--stats", help="Show the points you miss most, over saved reviews.")
    ] = False,
    since: Annotated[
        str | None, typer.Option("--since", help="With --stats: only reviews from this date.")
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="With --stats: plain or json.")
    ] = "plain",
    *,
    source: BookChoice,
) -> None:
    """Review a meeting against the method's points, the same day; or see which points you miss.

    On a terminal it asks one point at a time (Enter skips, q stops; run it
    again to continue). Saved in reviews.csv; saving completes the meeting's
    meeting_review action.
    """
    from aftersale.insights.questions import MEETING_POINTS

    if print_blank:
        from aftersale.render.insights import checklist_markdown

        sys.stdout.write(checklist_markdown("Meeting self-review", MEETING_POINTS, _blank_intro()))
        return
    planning = load_for_planning(source)
    if stats:
        from aftersale.history import history_of
        from aftersale.insights.review_stats import review_stats, step_counts
        from aftersale.render.insights import stats_json, stats_text

        start = parse_day_option("--since", since, planning.today)
        meetings, points = review_stats(planning.book.reviews, start)
        steps = step_counts(planning.book.reviews, history_of(planning.book).named, start)
        render = stats_json if output_format == "json" else stats_text
        print(render(meetings, points, start, steps))
        finish(planning.problems)
        return
    subject, customer = meeting_to_review(planning, meeting)
    saved = record_review(
        planning,
        source.demo,
        MEETING_POINTS,
        "meeting",
        customer,
        subject,
        answers_file,
        answer,
        interactive,
    )
    (finish_written if saved else finish)(planning.problems)


def _blank_intro() -> str:
    return "Meeting with: ____________________   Date: __________"


@command(Shared.READS)
def account(
    name: CustomerArgument,
    answers_file: AnswersFile = None,
    answer: AnswerFlags = None,
    interactive: Interactive = False,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="plain (the default), markdown or json.")
    ] = "plain",
    *,
    source: BookChoice,
) -> None:
    """The key-account review sheet: what the book knows about the account, then the questions.

    With --answers, --answer or --interactive, the answers are saved in
    reviews.csv, which completes the account_review action.
    """
    from aftersale.book.load import touchpoints_of
    from aftersale.insights.account import account_facts
    from aftersale.insights.questions import ACCOUNT_POINTS
    from aftersale.lookup import find_customer
    from aftersale.render.insights import account_text, to_json

    planning = load_for_planning(source)
    found = find_customer(planning.book, name)
    facts = account_facts(planning.book, found, planning.today, touchpoints_of(planning.book))
    if answers_file is not None or answer or interactive:
        subject = f"account-review:{found.id}:{planning.today.isoformat()}"
        saved = record_review(
            planning,
            source.demo,
            ACCOUNT_POINTS,
            "account",
            found.id,
            subject,
            answers_file,
            answer,
            interactive,
        )
        (finish_written if saved else finish)(planning.problems)
        return
    if output_format == "json":
        print(
            to_json(
                {
                    "customer": found.id,
                    "rank": facts.rank,
                    "share_of_book": facts.share_of_book,
                    "share_of_wallet": found.share_of_wallet,
                    "deals": {
                        "won": facts.deals_won,
                        "lost": facts.deals_lost,
                        "open": facts.deals_open,
                    },
                    "won_totals": facts.won_totals,
                    "touches_last_year": facts.touches_last_year,
                    "scores": [{"date": d.isoformat(), "score": s} for d, s in facts.scores],
                    "open_cases": list(facts.open_cases),
                    "people_by_role": {k: list(v) for k, v in facts.people_by_role.items()},
                    "gaps": list(facts.gaps),
                    "questions": [{"point": p.id, "question": p.question} for p in ACCOUNT_POINTS],
                }
            )
        )
    else:
        sys.stdout.write(
            account_text(facts, ACCOUNT_POINTS, planning.today, output_format == "markdown")
        )
    finish(planning.problems)


@command(Shared.READS)
def nps(
    since: Annotated[
        str | None,
        typer.Option("--since", help="Scores from this date (default: the last 12 months)."),
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Trend by month or quarter.")] = "quarter",
    output_format: Annotated[str, typer.Option("--format", "-f", help="plain or json.")] = "plain",
    *,
    source: BookChoice,
) -> None:
    """Net Promoter Score, its trend, the problems that cost the most loyalty, and the matrix."""
    from aftersale.insights.loyalty import matrix, problem_ranking, trend
    from aftersale.insights.loyalty import nps as compute_nps
    from aftersale.render.insights import nps_json, nps_text

    if by not in ("month", "quarter"):
        raise AftersaleError("--by must be month or quarter", exit_code=ExitCode.USAGE)
    planning = load_for_planning(source)
    today = planning.today
    start = parse_day_option("--since", since, today) or today - timedelta(days=365)
    rules = planning.book.playbook.segments
    now = compute_nps(planning.book.feedback, rules, start, today)
    history = trend(planning.book.feedback, rules, today, by)
    ranking = problem_ranking(planning.book, start, today)
    grid = matrix(planning.book, start, today)
    if output_format == "json":
        print(nps_json(today, start, now, history, ranking, grid))
    else:
        names = {c.id: c.name for c in planning.book.customers}
        print(nps_text(today, start, now, history, ranking, grid, names))
    finish(planning.problems)


@command(Shared.READS | Shared.MAIL)
def report(
    month: Annotated[
        bool, typer.Option("--month", help="The last month instead of the last week.")
    ] = False,
    week: Annotated[
        bool, typer.Option("--week", help="The last seven days (the default).")
    ] = False,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="plain, markdown, json or email.")
    ] = "plain",
    *,
    source: BookChoice,
    mail: Mail,
) -> None:
    """A digest of the week (or month): done, missed, promises, complaints, NPS, what is ahead."""
    from aftersale.book.load import touchpoints_of
    from aftersale.insights.report import build_report, period
    from aftersale.planner import plan
    from aftersale.render.insights import report_json, report_text

    if month and week:
        raise AftersaleError("choose --week or --month, not both", exit_code=ExitCode.USAGE)
    planning = load_for_planning(source)
    span = "month" if month else "week"
    start = period(planning.today, span)
    result = plan(planning.book, planning.today, days=14, missed_since=start - timedelta(days=1))
    digest = build_report(
        planning.book, planning.today, result, touchpoints_of(planning.book), span
    )
    names = {c.id: c.name for c in planning.book.customers}
    if output_format == "email" or mail.send:  # --send always sends the email, as for today
        _mail_report(planning, digest, names, mail)
    elif output_format == "json":
        print(report_json(digest))
    else:
        sys.stdout.write(report_text(digest, names, markdown=output_format == "markdown"))
    finish(planning.problems)


def _mail_report(
    planning: Planning,
    digest: Any,
    names: dict[str, str],
    mail: Mail,
) -> None:
    from aftersale.cli.output import addresses, send_or_print
    from aftersale.render.email import compose, text_page
    from aftersale.render.insights import report_subject, report_text

    settings = planning.book.settings
    recipient, origin = addresses(settings, mail)
    text = report_text(digest, names)
    subject_line = report_subject(digest)
    message = compose(
        subject_line,
        text,
        text_page(subject_line, text),
        sender=origin,
        sender_name=settings.owner.name,
        to=recipient,
    )
    if mail.send:
        send_or_print(message, settings, text)
    else:
        sys.stdout.write(message.as_string())


@command()
def checklist(
    topic: Annotated[
        str, typer.Argument(metavar="TOPIC", help="service, meeting or account.")
    ] = "service",
) -> None:
    """Print a blank checklist (Markdown): your own service habits, a meeting, or a key account."""
    from aftersale.insights.questions import ACCOUNT_POINTS, MEETING_POINTS, SERVICE_POINTS
    from aftersale.render.insights import checklist_markdown

    lists = {
        "service": (
            "How is my after-sales service?",
            SERVICE_POINTS,
            "Answer honestly; redo it each quarter.",
        ),
        "meeting": ("Meeting self-review", MEETING_POINTS, _blank_intro()),
        "account": (
            "Key-account review",
            ACCOUNT_POINTS,
            "Account: ____________________   Date: __________",
        ),
    }
    if topic not in lists:
        raise AftersaleError("TOPIC must be service, meeting or account", exit_code=ExitCode.USAGE)
    title, points, intro = lists[topic]
    sys.stdout.write(checklist_markdown(title, points, intro))
