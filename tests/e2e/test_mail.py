"""The morning email through a real local mail server, read back from the delivered mailbox.

Needs a local MTA providing /usr/sbin/sendmail (CI installs Debian's exim4 and
sets AFTERSALE_REQUIRE_MTA=1, which turns a missing MTA into a failure).
"""

from __future__ import annotations

import mailbox
import os
import subprocess
import sys
import time
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.conftest import MakeBook

SENDMAIL = Path("/usr/sbin/sendmail")
SPOOL = Path("/var/mail")
BIN = Path(sys.executable).parent / "aftersale"

pytestmark = pytest.mark.skipif(
    not SENDMAIL.exists() and not os.environ.get("AFTERSALE_REQUIRE_MTA"),
    reason="needs a local mail server at /usr/sbin/sendmail (apt-get install "
    "exim4-daemon-light); CI installs it and sets AFTERSALE_REQUIRE_MTA, so there they "
    "run or fail, never skip",
)


def delivered(match: str, timeout: float = 30) -> EmailMessage:
    """The delivered message whose Message-ID or body holds `match`, from any local mailbox."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(SPOOL.glob("*")):
            if not path.is_file():
                continue
            box = mailbox.mbox(str(path), create=False)
            try:
                found = [m.as_bytes() for m in box if match.encode() in m.as_bytes()]
            finally:
                box.close()
            if found:
                message = message_from_bytes(found[-1], policy=policy.default)
                assert isinstance(message, EmailMessage)
                return message
        time.sleep(0.5)
    raise AssertionError(f"no delivered message contains {match!r}")


def cron_env(home: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(home)}


def test_morning_email_under_cron_arrives_intact(tmp_path: Path) -> None:
    made = subprocess.run(
        [
            str(BIN),
            "today",
            "--demo",
            "--date",
            "2026-11-23",
            "--format",
            "email",
            "--to",
            "root@localhost",
        ],
        capture_output=True,
        env=cron_env(tmp_path),
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    sent = message_from_bytes(made.stdout, policy=policy.default)
    message_id = str(sent["Message-ID"])
    handed = subprocess.run(
        [str(SENDMAIL), "-t", "-oi"],
        input=made.stdout,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert handed.returncode == 0, handed.stderr
    message = delivered(message_id.strip("<>"))
    assert message["Subject"] == "aftersale: 14 follow-ups for Mon 23 Nov, 10 overdue"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["From"].addresses[0].display_name == "Alex Morgan"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    page = message.get_body(("html",))
    assert plain is not None
    assert page is not None
    for name in ("王芳", "陈静", "Дмитро Шевченко", "Олена Коваленко"):
        assert name in plain.get_content()
        assert name in page.get_content()


def test_send_goes_through_the_real_mail_command(make_book: MakeBook, tmp_path: Path) -> None:
    token = f"Kunde-{uuid.uuid4().hex[:12]}"
    book = make_book(
        {
            "aftersale.toml": (
                '[owner]\nname = "Олександра Test"\nemail = "root@localhost"\n'
                '[mail]\nto = "root@localhost"\ncommand = ["/usr/sbin/sendmail", "-t", "-oi"]\n'
            ),
            "customers.csv": f"id,name\nC-1,{token} 王\n",
        }
    )
    result = subprocess.run(
        [str(BIN), "today", "--book", str(book), "--send"],
        capture_output=True,
        env=cron_env(tmp_path),
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    message = delivered(token)
    assert message["From"].addresses[0].display_name == "Олександра Test"
    body = message.get_body(("plain",))
    assert body is not None
    assert f"{token} 王" in body.get_content()
