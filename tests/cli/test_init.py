"""`aftersale init`: a commented starter book that checks clean and never overwrites."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Outcome

Cli = Callable[..., Outcome]


def test_init_creates_a_book_that_checks_clean(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "sales"
    result = cli("init", target)
    assert result.code == 0
    assert (target / "aftersale.toml").is_file()
    assert "AFTERSALE_BOOK=" in result.stdout
    check = cli("check", "--book", target)
    assert check.code == 0
    assert "no problems" in check.stdout
    assert check.stderr == ""


def test_starter_files_are_commented(cli: Cli, tmp_path: Path) -> None:
    cli("init", tmp_path / "b")
    text = (tmp_path / "b" / "customers.toml").read_text(encoding="utf-8")
    assert text.count("#") > 10
    assert "[[customer.contact]]" in text


def test_uncommented_starter_examples_are_a_valid_book(cli: Cli, tmp_path: Path) -> None:
    """The examples in the starter files are real: uncommenting them gives a clean book."""
    target = tmp_path / "b"
    cli("init", target)
    for name in ("aftersale.toml", "customers.toml", "deals.toml"):
        path = target / name
        lines = path.read_text(encoding="utf-8").splitlines()
        body = [
            line[2:]
            for line in lines
            if line.startswith("# ") and ("=" in line or line.startswith("# ["))
        ]
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
    result = cli("check", "--book", target)
    assert result.code == 0, result.stdout
    assert "no problems" in result.stdout
    assert "1 customer, 1 contact, 1 deal" in result.stdout


def test_init_never_overwrites_and_exits_73(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "b"
    target.mkdir()
    (target / "customers.toml").write_text("# mine\n", encoding="utf-8")
    result = cli("init", target)
    assert result.code == 73
    assert "customers.toml already exists" in result.stderr
    assert (target / "customers.toml").read_text(encoding="utf-8") == "# mine\n"
    assert not (target / "aftersale.toml").exists()


def test_init_in_an_unwritable_place_exits_73(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "ro"))

    monkeypatch.setattr(Path, "mkdir", refuse)
    result = cli("init", tmp_path / "ro")
    assert result.code == 73
    assert "Permission denied" in result.stderr


def test_init_defaults_to_the_current_folder(cli: Cli, tmp_path: Path) -> None:
    assert cli("init").code == 0
    assert (tmp_path / "aftersale.toml").is_file()
