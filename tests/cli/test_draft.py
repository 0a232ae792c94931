"""`aftersale draft`: a message ready to send for every kind of action."""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import date, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from importlib import resources
from pathlib import Path

import pytest

from aftersale.actions import ActionKind
from aftersale.drafts import FIELDS
from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]
DEMO_DAY = "2026-11-23"
TEMPLATES = resources.files("aftersale") / "templates"


def demo_action_of(kind: ActionKind) -> str:
    """An action of this kind the demo book has open around its day."""
    from aftersale.cli.app import load_for_planning
    from aftersale.cli.options import BookChoice
    from aftersale.planner import plan

    planning = load_for_planning(BookChoice(demo=True, cache=False, when=DEMO_DAY))
    result = plan(
        planning.book, planning.today, days=366, missed_since=planning.today - timedelta(days=30)
    )
    return next(a.id for a in (*result.actions, *result.suppressed) if a.kind is kind)


def parsed(text: str) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(text.encode("utf-8"))
    assert isinstance(message, EmailMessage)
    return message


def no_controls(text: str) -> bool:
    return all(ch in "\n" or ch.isprintable() for ch in text)


@pytest.mark.parametrize("kind", list(ActionKind), ids=lambda k: k.value)
def test_every_action_kind_has_an_english_template_using_known_fields(kind: ActionKind) -> None:
    text = (TEMPLATES / "en" / f"{kind.value}.txt").read_text(encoding="utf-8")
    assert text.startswith("Subject: ")
    assert "$signature" in text
    used = {
        m.group("named") or m.group("braced")
        for m in string.Template.pattern.finditer(text)
        if m.group("named") or m.group("braced")
    }
    assert used <= set(FIELDS)


@pytest.mark.parametrize("kind", list(ActionKind), ids=lambda k: k.value)
def test_draft_of_every_kind_reads_as_a_letter_in_text_and_email_form(
    cli: Cli, kind: ActionKind
) -> None:
    action_id = demo_action_of(kind)
    text = cli("draft", action_id, "--demo", "--date", DEMO_DAY)
    assert text.code == 0, text.stderr
    head, _, body = text.stdout.partition("\n\n")
    assert "Subject: " in head
    assert body.startswith(("Dear ", "Guten Tag", "Bonjour"))
    assert body.rstrip().endswith("alex.morgan@northwind-equipment.example")
    assert "$" not in text.stdout

    mail = cli("draft", action_id, "--demo", "--date", DEMO_DAY, "--format", "email")
    assert mail.code == 0, mail.stderr
    message = parsed(mail.stdout)
    assert message["From"].addresses[0].addr_spec == "alex.morgan@northwind-equipment.example"
    assert message["From"].addresses[0].display_name == "Alex Morgan"
    assert message["To"].addresses[0].addr_spec.endswith(".example")
    assert message["Subject"] == head.split("Subject: ", 1)[1].strip()
    assert message["Date"] is not None
    assert message["Message-ID"].endswith("@northwind-equipment.example>")
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    content = message.get_content()
    assert content.strip() == body.strip()
    assert no_controls(content)


CUSTOMERS = """\
[[customer]]
id = "C-1"
name = "Jonas Weber"
email = "jonas@weber.example"
language = "de"
since = 2026-01-01

[[customer]]
id = "C-2"
name = "Eve\\r\\nBcc: victim@evil.example\\u001b[31m"
email = "eve@example.com"
since = 2026-01-01

[[customer.contact]]
name = "Li Wei"
email = "li.wei@example.com"
birthday = "1980-12-01"

[[customer]]
id = "C-3"
name = "No Mail"
since = 2026-01-01
"""

DEALS = (
    "id,customer,title,stage,closed_on,delivery_due\n"
    "D-1,C-1,Zwei Öfen,won,2026-11-20,2026-12-04\n"
    'D-2,C-2,"Silo\x07 with\ra bell",won,2026-11-20,\n'
    "D-3,C-3,Spare parts,won,2026-11-20,\n"
    "D-4,C-1,Kleinteile,lost,2026-11-20,\n"
)
SETTINGS = """\
[owner]
name = "Alex Morgan"
email = "alex@seller.example"
signature = "Alex Morgan\\nNorthwind Equipment\\n+44 20 7946 0321"
"""


@pytest.fixture
def book(make_book: MakeBook) -> Path:
    return make_book({"aftersale.toml": SETTINGS, "customers.toml": CUSTOMERS, "deals.csv": DEALS})


def test_a_german_customer_gets_the_german_template_with_dates_in_german(
    cli: Cli, book: Path
) -> None:
    result = cli("draft", "delivery-notice:D-1", "--date", "2026-12-01", "--book", book)
    assert result.code == 0, result.stderr
    assert "Subject: Ihre Lieferung Zwei Öfen am 4. Dezember 2026" in result.stdout
    assert "Guten Tag Jonas Weber," in result.stdout
    assert result.stdout.endswith("Alex Morgan\nNorthwind Equipment\n+44 20 7946 0321\n")


def test_a_lost_deal_gets_the_thank_you_that_keeps_the_door_open(cli: Cli, book: Path) -> None:
    result = cli("draft", "thank-you:D-4", "--date", "2026-11-20", "--book", book)
    assert "Vielen Dank für Ihr Interesse" in result.stdout
    assert "Schade" in result.stdout


def test_a_kind_without_a_template_in_their_language_falls_back_to_english(
    cli: Cli, book: Path
) -> None:
    assert cli("add", "score", "C-1", "3", "--date", "2026-11-21", "--book", book).code == 0
    result = cli("draft", "repair:C-1:2026-11-21", "--date", "2026-11-23", "--book", book)
    assert result.code == 0, result.stderr
    assert "Subject: Your feedback" in result.stdout
    assert "Dear Jonas," in result.stdout


def test_a_template_in_the_book_overrides_the_bundled_one(cli: Cli, book: Path) -> None:
    own = book / "templates" / "en"
    own.mkdir(parents=True)
    (own / "thank_you.txt").write_text(
        "Subject: Cheers, $first_name\n\nHi $first_name, thanks for $deal!\n\n$signature\n",
        encoding="utf-8",
    )
    result = cli("draft", "thank-you:D-3", "--date", "2026-11-20", "--book", book)
    assert result.code == 0, result.stderr
    assert "Subject: Cheers, No" in result.stdout
    assert "Hi No, thanks for Spare parts!" in result.stdout


def test_an_unknown_field_in_a_book_template_is_a_configuration_error(cli: Cli, book: Path) -> None:
    own = book / "templates" / "en"
    own.mkdir(parents=True)
    (own / "thank_you.txt").write_text("Subject: Hi\n\nDear $firstname,\n", encoding="utf-8")
    result = cli("draft", "thank-you:D-3", "--date", "2026-11-20", "--book", book)
    assert result.code == 78
    assert "templates/en/thank_you.txt: unknown field $firstname" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_user_text_cannot_add_headers_or_control_characters(cli: Cli, book: Path) -> None:
    result = cli(
        "draft", "thank-you:D-2", "--date", "2026-11-20", "--format", "email", "--book", book
    )
    assert result.code == 0, result.stderr
    message = parsed(result.stdout)
    assert message["Bcc"] is None
    assert [k.lower() for k in message] == [
        "from", "to", "subject", "date", "message-id", "x-aftersale-action",
        "content-type", "content-transfer-encoding", "mime-version",
    ]  # fmt: skip
    assert message["To"].addresses[0].addr_spec == "eve@example.com"
    assert "\n" not in message["Subject"]
    assert message["Subject"] == "Thank you for your order: Silo with a bell"
    content = message.get_content()
    assert no_controls(content)
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout


def test_a_birthday_greeting_goes_to_the_person_whose_birthday_it_is(cli: Cli, book: Path) -> None:
    result = cli(
        "draft", "birthday:C-2:li-wei:2026", "--date", "2026-11-28", "--format", "email",
        "--book", book,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    message = parsed(result.stdout)
    assert message["To"].addresses[0].addr_spec == "li.wei@example.com"
    assert message["To"].addresses[0].display_name == "Li Wei"
    assert "Dear Li," in message.get_content()


def test_email_needs_an_address_for_the_customer_and_the_owner(
    cli: Cli, book: Path, make_book: MakeBook
) -> None:
    no_mail = cli(
        "draft", "thank-you:D-3", "--date", "2026-11-20", "--format", "email", "--book", book
    )
    assert no_mail.code == 65
    assert "No Mail has no email address" in no_mail.stderr
    ownerless = make_book({"customers.toml": CUSTOMERS, "deals.csv": DEALS})
    result = cli(
        "draft", "thank-you:D-1", "--date", "2026-11-20", "--format", "email",
        "--book", ownerless,
    )  # fmt: skip
    assert result.code == 78
    assert "[owner] email" in result.stderr


def test_an_unknown_action_names_the_closest_ids(cli: Cli, book: Path) -> None:
    result = cli("draft", "thank-you:D-9", "--date", "2026-11-20", "--book", book)
    assert result.code == 2
    assert "did you mean thank-you:D-" in result.stderr
    assert result.stdout == ""


def test_draft_works_on_the_day_of_a_deal_won_from_the_command_line(cli: Cli, book: Path) -> None:
    added = cli("add", "deal", "C-3", "Ten pallets", "-q", "--book", book)
    deal = added.stdout.strip()
    assert cli("won", deal, "--book", book).code == 0
    result = cli("draft", f"thank-you:{deal}", "--date", date.today().isoformat(), "--book", book)
    assert result.code == 0, result.stderr
    assert "Thank you for choosing us for Ten pallets." in result.stdout


def test_a_thank_you_gives_the_planned_delivery_date_as_the_next_step(cli: Cli, book: Path) -> None:
    german = cli("draft", "thank-you:D-1", "--date", "2026-11-21", "--book", book)
    assert german.code == 0, german.stderr
    assert "Die Lieferung ist für den 4. Dezember 2026 geplant." in " ".join(german.stdout.split())
    assert cli("delivered", "D-1", "--date", "2026-11-22", "--book", book).code == 0
    after = cli("draft", "thank-you:D-1", "--date", "2026-11-22", "--book", book)
    assert after.code == 0, after.stderr
    assert "Lieferung ist für" not in after.stdout
    plain = cli("draft", "thank-you:D-3", "--date", "2026-11-21", "--book", book)
    assert plain.code == 0, plain.stderr
    assert "Delivery is set for" not in plain.stdout
