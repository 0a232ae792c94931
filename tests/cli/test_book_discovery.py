"""Which book a command uses: --book, $AFTERSALE_BOOK, upwards from here, the data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]


def test_no_book_anywhere_explains_how_to_start_and_exits_66(cli: Cli) -> None:
    result = cli("check")
    assert result.code == 66
    assert "no book found" in result.stderr
    assert "aftersale init" in result.stderr
    assert "--demo" in result.stderr


def test_book_option_must_point_at_a_book(cli: Cli, tmp_path: Path) -> None:
    result = cli("check", "--book", tmp_path)
    assert result.code == 66
    assert "has no aftersale.toml" in result.stderr


def test_environment_variable_is_used(
    cli: Cli, make_book: MakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = make_book()
    monkeypatch.setenv("AFTERSALE_BOOK", str(book))
    result = cli("check")
    assert result.code == 0
    assert "1 customer" in result.stdout


def test_nearest_book_upwards_from_the_current_folder(
    cli: Cli, make_book: MakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = make_book({"customers.csv": "id,name\nC-1,A\nC-2,B\n"})
    inner = book / "notes" / "2026"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    assert "2 customers" in cli("check").stdout


def test_option_beats_environment_beats_folder(
    cli: Cli, make_book: MakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = make_book()
    two = make_book({"customers.csv": "id,name\nC-1,A\nC-2,B\n"})
    monkeypatch.setenv("AFTERSALE_BOOK", str(two))
    monkeypatch.chdir(one)
    assert "2 customers" in cli("check").stdout
    assert "1 customer;" in cli("check", "--book", one).stdout


def test_user_data_folder_is_the_last_resort(cli: Cli, tmp_path: Path, make_book: MakeBook) -> None:
    data_book = tmp_path / "xdg-data" / "aftersale"
    data_book.parent.mkdir(parents=True)
    make_book().rename(data_book)
    result = cli("check")
    assert result.code == 0
    assert result.stdout.startswith("xdg-data/aftersale: 1 customer")
