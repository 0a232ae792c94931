"""Reports of the insight commands: NPS, review statistics, account sheets, the period digest."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from aftersale.insights.account import AccountFacts
from aftersale.insights.loyalty import STRATEGY, Matrix, Nps, ProblemRank
from aftersale.insights.questions import Point
from aftersale.insights.report import Report
from aftersale.insights.review_stats import PointStats, Steps
from aftersale.render.agenda import due_text, long_date, what
from aftersale.text import json_safe, money, plural, safe

BAR = 20


def to_json(document: Mapping[str, Any]) -> str:
    return json_safe(json.dumps({"schema": 1, **document}, ensure_ascii=False, indent=2))


def _names(ids: Sequence[str], names: Mapping[str, str]) -> str:
    return ", ".join(safe(names.get(i, i)) for i in ids) or "none"


def bar(value: float | None) -> str:
    """A diverging bar for -100..+100 around a centre line."""
    if value is None:
        return " " * BAR + "|"
    n = round(abs(value) / 100 * BAR)
    return " " * BAR + "|" + "█" * n if value >= 0 else " " * (BAR - n) + "█" * n + "|"


def nps_text(
    today: date,
    since: date | None,
    now: Nps,
    history: Sequence[tuple[str, Nps]],
    ranking: Sequence[ProblemRank],
    grid: Matrix,
    names: Mapping[str, str],
) -> str:
    window = f"since {since.isoformat()}" if since else "all time"
    score = "no scores yet" if now.nps is None else f"{now.nps:+.0f}"
    lines = [
        f"Net Promoter Score {window}, to {today.isoformat()}: {score}",
        f"  promoters  ({len(now.promoters)}): {_names(now.promoters, names)}",
        f"  passives   ({len(now.passives)}): {_names(now.passives, names)}",
        f"  detractors ({len(now.detractors)}): {_names(now.detractors, names)}",
        "",
        "Trend (scores given in each period)",
    ]
    for label, item in history:
        number = "   n/a" if item.nps is None else f"{item.nps:+6.0f}"
        lines.append(f"  {label:<8} {number}  {bar(item.nps)}  {plural(item.answered, 'score')}")
    lines += ["", "Problems, by how many had them x how much lower those customers score"]
    if not ranking:
        lines.append("  none recorded")
    for rank in ranking:
        with_ = "n/a" if rank.score_with is None else f"{rank.score_with:.1f}"
        without = "n/a" if rank.score_without is None else f"{rank.score_without:.1f}"
        lines.append(
            f"  {safe(rank.category):<12} {plural(len(rank.customers), 'customer'):<12} "
            f"score {with_} with it vs {without} without (impact {rank.impact:+.1f})"
        )
    lines += ["", "Loyalty x share of wallet"]
    for quadrant, customers in grid.cells.items():
        lines.append(f"  {quadrant.value}: {_names(customers, names)}")
        lines.append(f"    {STRATEGY[quadrant]}")
    lines.append(f"  not placed (passive, no score or no share of wallet): {len(grid.unplaced)}")
    return "\n".join(lines)


def nps_json(
    today: date,
    since: date | None,
    now: Nps,
    history: Sequence[tuple[str, Nps]],
    ranking: Sequence[ProblemRank],
    grid: Matrix,
) -> str:
    return to_json(
        {
            "date": today.isoformat(),
            "since": since.isoformat() if since else None,
            "nps": now.nps,
            "promoters": list(now.promoters),
            "passives": list(now.passives),
            "detractors": list(now.detractors),
            "trend": [
                {"period": label, "nps": item.nps, "answered": item.answered}
                for label, item in history
            ],
            "problems": [
                {
                    "category": r.category,
                    "customers": list(r.customers),
                    "score_with": r.score_with,
                    "score_without": r.score_without,
                    "impact": round(r.impact, 2),
                }
                for r in ranking
            ],
            "matrix": {
                q.name.lower(): {"label": q.value, "strategy": STRATEGY[q], "customers": c}
                for q, c in grid.cells.items()
            },
        }
    )


def stats_text(meetings: int, stats: Sequence[PointStats], since: date | None, steps: Steps) -> str:
    window = f" since {since.isoformat()}" if since else ""
    decided = (
        f"Next steps decided in reviews: {steps.decided} ({steps.done} done, {steps.open} open)."
    )
    if not stats:
        return (
            f"No meeting reviews saved{window} yet. After a meeting, run `aftersale review`.\n"
            + decided
        )
    lines = [
        f"Meeting self-reviews{window}: {plural(meetings, 'meeting')}. The points you miss most:",
        "",
    ]
    for item in stats:
        lines.append(
            f"  {item.miss_rate:4.0%} missed  {item.question}  "
            f"(no {item.no}, partly {item.partly}, yes {item.yes}; {item.trend})"
        )
    return "\n".join([*lines, "", decided])


def stats_json(meetings: int, stats: Sequence[PointStats], since: date | None, steps: Steps) -> str:
    return to_json(
        {
            "since": since.isoformat() if since else None,
            "meetings": meetings,
            "steps": {"decided": steps.decided, "done": steps.done, "open": steps.open},
            "points": [
                {
                    "point": s.point,
                    "question": s.question,
                    "answered": s.answered,
                    "no": s.no,
                    "partly": s.partly,
                    "yes": s.yes,
                    "miss_rate": round(s.miss_rate, 3),
                    "trend": s.trend,
                }
                for s in stats
            ],
        }
    )


def checklist_markdown(title: str, points: Sequence[Point], intro: str = "") -> str:
    lines = [f"# {safe(title)}", ""]
    if intro:
        lines += [intro, ""]
    for number, point in enumerate(points, start=1):
        answers = "" if point.open else "  [ ] yes  [ ] partly  [ ] no  [ ] n/a"
        lines.append(f"{number}. {point.question}{answers}")
        lines.append("   Notes: ______________________________________________")
    return "\n".join(lines) + "\n"


def account_text(facts: AccountFacts, points: Sequence[Point], today: date, markdown: bool) -> str:
    c = facts.customer
    head = "# " if markdown else ""
    sub = "## " if markdown else ""
    item = "- " if markdown else "  "
    lines = [
        f"{head}Key-account review: {safe(c.name)}" + (f", {safe(c.company)}" if c.company else ""),
        "",
    ]
    lines += [f"{sub}What the book knows ({today.isoformat()})", ""]
    rank = f"#{facts.rank} by annual value" if facts.rank else "no annual value recorded"
    won = (
        ", ".join(money(v, k if k != "-" else None) for k, v in facts.won_totals.items()) or "none"
    )
    scores = ", ".join(f"{s}/10 ({d.isoformat()})" for d, s in facts.scores[-5:]) or "none yet"
    facts_lines = [
        f"annual value: {money(c.annual_value, None) or 'not recorded'} ({rank})",
        "share of your whole book: "
        + (f"{facts.share_of_book:.1%}" if facts.share_of_book is not None else "unknown"),
        "share of their wallet: "
        + (f"{c.share_of_wallet:.0%}" if c.share_of_wallet is not None else "unknown"),
        f"deals: {facts.deals_won} won ({won}), {facts.deals_lost} lost, {facts.deals_open} open",
        f"contacts in the last 12 months (cost to serve): {facts.touches_last_year}"
        + (
            " ("
            + ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in facts.touches_by_kind.items())
            + ")"
            if facts.touches_by_kind
            else ""
        ),
        f"scores: {scores}",
        "open complaints: "
        + (", ".join(facts.open_cases) or "none")
        + (
            "; by category: "
            + ", ".join(f"{safe(k)} {n}" for k, n in facts.case_categories.items())
            if facts.case_categories
            else ""
        ),
        f"customer since: {c.since.isoformat() if c.since else 'unknown'}"
        + (f", won through {safe(c.source)}" if c.source else ""),
    ]
    lines += [item + line for line in facts_lines]
    lines += ["", f"{sub}Who buys, uses, influences and decides", ""]
    for role, people in facts.people_by_role.items():
        lines.append(f"{item}{role}: " + (", ".join(safe(p) for p in people) or "nobody known"))
    if facts.gaps:
        lines.append(f"{item}gaps: " + "; ".join(facts.gaps))
    lines += ["", f"{sub}Questions to answer", ""]
    for number, point in enumerate(points, start=1):
        lines.append(f"{number}. {point.question}")
    return "\n".join(lines) + "\n"


def report_text(report: Report, names: Mapping[str, str], markdown: bool = False) -> str:
    head = "# " if markdown else ""
    sub = "## " if markdown else ""
    item = "- " if markdown else "  "
    lines = [f"{head}Your after-sales {report.start.isoformat()} to {report.end.isoformat()}", ""]
    done = (
        ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in report.done_by_kind.items()) or "nothing"
    )
    lines += [
        f"{sub}Done",
        f"{item}{plural(sum(report.done_by_kind.values()), 'interaction')} logged: {done}",
        f"{item}{plural(report.actions_done, 'planned action')} marked done",
        f"{item}still open from this period: {len(report.still_open)}; "
        f"overdue now: {report.overdue_now}",
        "",
        f"{sub}Missed: the moment passed ({len(report.missed)})",
    ]
    if not report.missed:
        lines.append(f"{item}nothing")
    for action in report.missed:
        lapsed = action.expires.isoformat() if action.expires else action.due.isoformat()
        lines.append(
            f"{item}{what(action)}, {safe(names.get(action.customer, action.customer))}, "
            f"due {action.due.isoformat()}, lapsed after {lapsed}: {safe(action.reason)}"
        )
    lines += [
        "",
        f"{sub}Promises due in the period: {report.promises_due}",
        f"{item}kept on time {report.promises_on_time}, kept late {report.promises_late}, "
        f"still open {report.promises_open}",
        "",
        f"{sub}Complaints",
        f"{item}opened {report.cases_opened}, resolved {report.cases_resolved}"
        + (
            f", {report.days_to_resolve:.1f} days to resolve on average"
            if report.days_to_resolve is not None
            else ""
        ),
        "",
        f"{sub}Loyalty (last 12 months)",
        f"{item}NPS now {_nps(report.nps_now)}, "
        f"at the start of the period {_nps(report.nps_before)}",
        "",
        f"{sub}Coming up in the next two weeks",
    ]
    if not report.ahead:
        lines.append(f"{item}nothing special")
    for action in report.ahead:
        lines.append(
            f"{item}{due_text(action, report.end)}: {what(action)}, "
            f"{safe(names.get(action.customer, action.customer))}: {safe(action.reason)}"
        )
    return "\n".join(lines) + "\n"


def _nps(value: Nps) -> str:
    return "n/a" if value.nps is None else f"{value.nps:+.0f} ({plural(value.answered, 'score')})"


def report_json(report: Report) -> str:
    return to_json(
        {
            "start": report.start.isoformat(),
            "end": report.end.isoformat(),
            "done_by_kind": report.done_by_kind,
            "actions_done": report.actions_done,
            "still_open": [a.id for a in report.still_open],
            "missed": [
                {
                    "id": a.id,
                    "customer": a.customer,
                    "kind": a.kind.value,
                    "due": a.due.isoformat(),
                    "lapsed_after": a.expires.isoformat() if a.expires else None,
                }
                for a in report.missed
            ],
            "overdue_now": report.overdue_now,
            "promises": {
                "due": report.promises_due,
                "on_time": report.promises_on_time,
                "late": report.promises_late,
                "open": report.promises_open,
            },
            "cases": {
                "opened": report.cases_opened,
                "resolved": report.cases_resolved,
                "days_to_resolve": report.days_to_resolve,
            },
            "nps": report.nps_now.nps,
            "nps_before": report.nps_before.nps,
            "ahead": [
                {"id": a.id, "due": a.due.isoformat(), "kind": a.kind.value} for a in report.ahead
            ],
        }
    )


def report_subject(report: Report) -> str:
    done = sum(report.done_by_kind.values())
    return (
        f"aftersale: your week to {long_date(report.end)}: {done} done, "
        f"{report.overdue_now} overdue"
        if (report.end - report.start).days <= 7
        else f"aftersale: your month to {long_date(report.end)}: {done} done, "
        f"{report.overdue_now} overdue"
    )
