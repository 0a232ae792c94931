"""Holiday greetings through the command line: the plan, `check`, and the draft."""

from __future__ import annotations

import json
from collections.abc import Callable
from email import policy
from email.parser import BytesParser

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]
SETTINGS = (
    '[owner]\nname = "Alex Morgan"\nemail = "alex@example.com"\n\n'
    '[holidays]\ngreet = ["National Day", "Christmas"]\n'
)
CUSTOMERS = (
    '[[customer]]\nid = "C-1"\nname = "Anna Berg"\nemail = "anna@example.se"\n'
    'country = "SE"\ncadence = "1y"\n\n'
    '[[customer]]\nid = "C-2"\nname = "Bo Ek"\ncountry = "Sverige"\ncadence = "1y"\n'
)


def test_upcoming_lists_the_greetings_and_check_names_an_unknown_country(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book({"aftersale.toml": SETTINGS, "customers.toml": CUSTOMERS})
    result = cli(
        "upcoming", "--days", "10", "--book", book, "--date", "2026-06-01", "--format", "json"
    )
    assert result.code == 0, result.stderr
    ids = [a["id"] for a in json.loads(result.stdout)["actions"]]
    assert "holiday:C-1:2026-06-06" in ids
    assert not [i for i in ids if i.startswith("holiday:C-2")]
    check = cli("check", "--book", book)
    assert check.code == 0
    assert 'country "Sverige" is not a country code the holiday calendar knows' in check.stdout


def test_a_holiday_greeting_is_drafted_with_its_name_and_date(
    cli: Cli, make_book: MakeBook
) -> None:
    book = make_book({"aftersale.toml": SETTINGS, "customers.toml": CUSTOMERS})
    plain = cli("draft", "holiday:C-1:2026-12-25", "--book", book, "--date", "2026-12-20")
    assert plain.code == 0, plain.stderr
    assert "Subject: Best wishes for Christmas Day" in plain.stdout
    assert "With Christmas Day coming on December 25, 2026," in plain.stdout
    email = cli(
        "draft",
        "holiday:C-1:2026-12-25",
        "--format",
        "email",
        "--book",
        book,
        "--date",
        "2026-12-20",
    )
    assert email.code == 0, email.stderr
    message = BytesParser(policy=policy.default).parsebytes(email.stdout.encode("utf-8"))
    assert message["To"] == "Anna Berg <anna@example.se>"
    assert message["Subject"] == "Best wishes for Christmas Day"


def test_a_book_without_greetings_never_loads_the_holiday_calendar(
    make_book: MakeBook,
) -> None:
    import subprocess
    import sys

    book = make_book({"customers.toml": CUSTOMERS})
    script = (
        "import sys; from aftersale.start import main\n"
        "try:\n    main(['today', '--book', sys.argv[1], '--no-cache'])\n"
        "except SystemExit:\n    pass\n"
        "print('holidays' in sys.modules, file=sys.stderr)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(book)], capture_output=True, text=True, check=False
    )
    assert run.stderr.strip().splitlines()[-1] == "False"
