"""A draft as text to read and copy, or as a complete message for `sendmail -t`.

The message is built with the standard library's `email` package: names and
the subject are encoded as RFC 2047 where they are not ASCII, the body is
UTF-8, and nothing from the book can add a header (the draft's text holds no
control characters or line breaks where a header is made from it).
"""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from aftersale.drafts import Draft, clean
from aftersale.errors import AftersaleError, ExitCode
from aftersale.text import safe


def draft_text(draft: Draft) -> str:
    """To (when an address is known), Subject, a blank line, the body."""
    head = []
    if draft.to_email:
        head.append(f"To: {safe(draft.to_name)} <{safe(draft.to_email)}>")
    head.append(f"Subject: {safe(draft.subject)}")
    return "\n".join(head) + "\n\n" + safe(draft.body, keep_newlines=True)


def _address(email: str, name: str, what: str) -> Address:
    local, _, domain = clean(email).partition("@")
    try:
        return Address(display_name=clean(name), username=local, domain=domain)
    except (ValueError, IndexError) as error:
        raise AftersaleError(
            f"{what}: {email!r} cannot be used as an email address ({error})",
            exit_code=ExitCode.DATA_ERR,
        ) from None


def draft_email(
    draft: Draft, sender: str, sender_name: str | None, now: datetime | None = None
) -> EmailMessage:
    """A complete RFC 5322 message from the owner to the customer, UTF-8 plain text."""
    if not draft.to_email:
        raise AftersaleError(
            f"{safe(draft.to_name)} has no email address in the book (nor any of their "
            "people): add one, or use --format text",
            exit_code=ExitCode.DATA_ERR,
        )
    message = EmailMessage()
    message["From"] = _address(sender, sender_name or "", "[owner] email")
    message["To"] = _address(draft.to_email, draft.to_name, "the customer's email")
    message["Subject"] = clean(draft.subject)
    message["Date"] = format_datetime(now or datetime.now().astimezone())
    message["Message-ID"] = make_msgid(domain=clean(sender).partition("@")[2] or None)
    message["X-Aftersale-Action"] = clean(draft.action_id)
    message.set_content(clean(draft.body, keep_lines=True) + "\n", charset="utf-8")
    return message
