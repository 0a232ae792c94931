"""The agenda as a complete email: plain text first, HTML second, ready for `sendmail -t`.

Built with the standard library's `email` package, so non-ASCII names are
encoded correctly in headers. Every value in the HTML is escaped, and names
with line breaks cannot add headers: display names and the subject are
collapsed to one safe line.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from aftersale.actions import Action
from aftersale.render.agenda import due_text, headline, headline_later, visits, what, who
from aftersale.text import plural, safe

WIDTH = 76


def one_line(text: str) -> str:
    """For headers: line breaks and control characters become single spaces."""
    return re.sub(r"\s+", " ", safe(text).replace("\\n", " ").replace("\\r", " ")).strip()


def subject(actions: Sequence[Action], today: date, *, later: bool = False) -> str:
    day = f"{today:%a} {today.day} {today:%b}"
    if not actions:
        return f"aftersale: nothing due for {day}"
    if later:
        return f"aftersale: {plural(len(actions), 'follow-up')} coming up after {day}"
    overdue = sum(1 for a in actions if a.due < today)
    tail = f", {overdue} overdue" if overdue else ""
    return f"aftersale: {plural(len(actions), 'follow-up')} for {day}{tail}"


def _wrapped(label: str, text: str) -> list[str]:
    return textwrap.wrap(
        safe(text),
        width=WIDTH,
        initial_indent=f"     {label}",
        subsequent_indent=" " * (5 + len(label)),
        break_on_hyphens=False,
    ) or [f"     {label}"]


def plain_body(
    actions: Sequence[Action], today: date, heading: str, summary: Sequence[str] = ()
) -> str:
    lines = [heading]
    for line in summary:
        lines += textwrap.wrap(line, width=WIDTH)
    lines.append("")
    for number, group in enumerate(visits(actions), start=1):
        lines += textwrap.wrap(f"{number}. {who(group[0])}", width=WIDTH, subsequent_indent="   ")
        for action in group:
            lines += textwrap.wrap(
                f"   - {what(action)}, {due_text(action, today)}",
                width=WIDTH,
                subsequent_indent="     ",
            )
            lines += _wrapped("why: ", action.reason)
            lines += _wrapped("do:  ", action.suggestion)
            lines += [f"     id:  {safe(action.id)}"]
        lines.append("")
    lines.append("-- \nSent by aftersale. Mark an action done with: aftersale done ID")
    return "\n".join(lines) + "\n"


def html_body(
    actions: Sequence[Action], today: date, heading: str, summary: Sequence[str] = ()
) -> str:
    def e(text: str) -> str:
        return html.escape(safe(text), quote=True)

    items = []
    for group in visits(actions):
        first = group[0]
        company = f" ({e(first.company)})" if first.company else ""
        inner = []
        for action in group:
            late = action.due < today
            inner.append(
                '<li style="margin-bottom:10px">'
                f"{e(what(action))}, "
                f'<span style="color:{"#b00020" if late else "#555555"}">'
                f"{e(due_text(action, today))}</span><br>"
                f'<span style="color:#333333">Why: {e(action.reason)}</span><br>'
                f"Do: {e(action.suggestion)}<br>"
                f'<code style="color:#666666">{e(action.id)}</code></li>'
            )
        items.append(
            '<li style="margin-bottom:14px">'
            f"<strong>{e(first.customer_name)}</strong>{company}"
            f'<ul style="padding-left:18px">{"".join(inner)}</ul></li>'
        )
    notes = "".join(f'<p style="color:#555555">{e(line)}</p>' for line in summary)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>'
        '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4">'
        f'<h2 style="font-size:18px">{e(heading)}</h2>{notes}'
        f"<ol>{''.join(items)}</ol>"
        '<p style="color:#777777;font-size:12px">Sent by aftersale. Mark an action done with '
        "<code>aftersale done ID</code>.</p></body></html>\n"
    )


def _address(value: str, name: str | None) -> Address:
    local, _, domain = value.partition("@")
    return Address(display_name=one_line(name or ""), username=local, domain=domain)


def compose(
    subject_line: str,
    plain: str,
    page: str,
    *,
    sender: str,
    sender_name: str | None,
    to: str,
    now: datetime | None = None,
) -> EmailMessage:
    """A multipart/alternative message: plain text first, HTML second, safe headers."""
    message = EmailMessage()
    message["From"] = _address(sender, sender_name or "aftersale")
    message["To"] = _address(to, None)
    message["Subject"] = one_line(subject_line)
    message["Date"] = format_datetime(now or datetime.now().astimezone())
    message["Message-ID"] = make_msgid(
        idstring="aftersale", domain=sender.partition("@")[2] or None
    )
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content(plain)
    message.add_alternative(page, subtype="html")
    return message


def text_page(heading: str, text: str) -> str:
    """A plain report as a readable HTML page: escaped, monospaced, nothing to load."""
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>'
        '<h2 style="font-family:Arial,Helvetica,sans-serif;font-size:18px">'
        f"{html.escape(safe(heading))}</h2>"
        '<pre style="font-family:Menlo,Consolas,monospace;font-size:13px">'
        f"{html.escape(safe(text, keep_newlines=True))}</pre></body></html>\n"
    )


def build_email(
    actions: Sequence[Action],
    today: date,
    *,
    sender: str,
    sender_name: str | None,
    to: str,
    heading: str,
    later: bool = False,
    summary: Sequence[str] = (),
    book_errors: int = 0,
    now: datetime | None = None,
) -> EmailMessage:
    title = subject(actions, today, later=later)
    if book_errors:
        title = title.replace("aftersale: ", "aftersale (the book has errors): ", 1)
    return compose(
        title,
        plain_body(actions, today, heading, summary),
        html_body(actions, today, heading, summary),
        sender=sender,
        sender_name=sender_name,
        to=to,
        now=now,
    )


def heading_for(actions: Sequence[Action], today: date, *, later: bool, until: date | None) -> str:
    if later and until is not None:
        return headline_later(actions, until)
    return headline(actions, today)
