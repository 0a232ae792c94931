"""A book another user owns, or others can change, is refused until you say you trust it.

"Another user" is the nobody account (uid 65534) when the suite runs as root, the only
one who can give a file away; run as anyone else, the file stays theirs and the command
is made to run as a different user id instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]
NOBODY = 65534


@pytest.fixture
def give_away(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    def give(path: Path) -> None:
        if os.geteuid() == 0:
            os.chown(path, NOBODY, -1)
        else:
            me = os.geteuid()
            monkeypatch.setattr(os, "geteuid", lambda: me + 1)

    return give


@pytest.fixture
def trust_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    config = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return config / "aftersale" / "trusted-books"


def trust(listing: Path, line: str, mode: int = 0o600) -> None:
    listing.parent.mkdir(parents=True, exist_ok=True)
    listing.write_text(f"# books I share with my team\n{line}\n", encoding="utf-8")
    listing.chmod(mode)


def test_a_book_owned_by_another_user_is_refused_with_how_to_trust_it(
    cli: Cli, make_book: MakeBook, trust_file: Path, give_away: Callable[[Path], None]
) -> None:
    book = make_book()
    give_away(book)
    result = cli("today", "--book", book)
    assert result.code == 77
    assert f"refusing the book {book}" in result.stderr
    assert "belongs to the user" in result.stderr
    assert str(trust_file) in result.stderr
    assert result.stdout == ""


def test_a_settings_file_owned_by_another_user_is_refused(
    cli: Cli, make_book: MakeBook, trust_file: Path, give_away: Callable[[Path], None]
) -> None:
    book = make_book({"aftersale.toml": '[mail]\ncommand = "/tmp/evil"\n'})
    give_away(book / "aftersale.toml")
    result = cli("report", "--send", "--to", "me@example.com", "--book", book)
    assert result.code == 77
    assert "not safe" in result.stderr


def test_a_book_everyone_can_change_is_refused(
    cli: Cli, make_book: MakeBook, trust_file: Path
) -> None:
    book = make_book()
    book.chmod(0o777)
    result = cli("check", "--book", book)
    assert result.code == 77
    assert "every user of this computer can change it" in result.stderr


def test_a_settings_file_everyone_can_change_is_refused(
    cli: Cli, make_book: MakeBook, trust_file: Path
) -> None:
    book = make_book()
    (book / "aftersale.toml").chmod(0o666)
    assert cli("check", "--book", book).code == 77


def test_a_book_found_upwards_is_checked_as_a_named_one(
    cli: Cli, make_book: MakeBook, trust_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = make_book()
    (book / "aftersale.toml").chmod(0o646)
    inner = book / "notes"
    inner.mkdir()
    monkeypatch.chdir(inner)
    result = cli("today")
    assert result.code == 77
    assert "every user of this computer" in result.stderr


def test_a_book_named_in_the_environment_is_checked_too(
    cli: Cli, make_book: MakeBook, trust_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = make_book()
    book.chmod(0o757)
    monkeypatch.setenv("AFTERSALE_BOOK", str(book))
    assert cli("today").code == 77


def test_a_book_listed_in_your_trust_file_is_read(
    cli: Cli, make_book: MakeBook, trust_file: Path
) -> None:
    book = make_book()
    book.chmod(0o777)
    trust(trust_file, str(book))
    result = cli("check", "--book", book)
    assert result.code == 0, result.stderr
    assert "1 customer" in result.stdout


def test_a_star_in_the_trust_file_trusts_every_book(
    cli: Cli, make_book: MakeBook, trust_file: Path
) -> None:
    book = make_book()
    book.chmod(0o777)
    trust(trust_file, "*")
    assert cli("check", "--book", book).code == 0


def test_a_trust_file_that_others_can_change_trusts_nothing(
    cli: Cli, make_book: MakeBook, trust_file: Path
) -> None:
    book = make_book()
    book.chmod(0o777)
    trust(trust_file, str(book), mode=0o666)
    assert cli("check", "--book", book).code == 77


def test_a_trust_line_for_another_book_does_not_trust_this_one(
    cli: Cli, make_book: MakeBook, trust_file: Path
) -> None:
    book, other = make_book(), make_book()
    book.chmod(0o777)
    trust(trust_file, str(other))
    assert cli("check", "--book", book).code == 77


def test_the_bundled_demo_book_is_trusted_as_the_program_is(cli: Cli, trust_file: Path) -> None:
    assert cli("check", "--demo").code == 0


def test_a_book_made_by_init_is_yours_alone_whatever_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "sales"
    script = (
        "import os, sys; os.umask(0o002); from aftersale.start import main; "
        f"main(['init', {str(target)!r}])"
    )
    made = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert made.returncode == 0, made.stderr
    assert target.stat().st_mode & 0o777 == 0o700
    checked = subprocess.run(
        [sys.executable, "-m", "aftersale", "check", "--book", str(target)],
        capture_output=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
