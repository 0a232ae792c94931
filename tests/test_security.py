"""The claims of SECURITY.md, each tested."""

from __future__ import annotations

import re
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeBook, Outcome

Cli = Callable[..., Outcome]
SRC = Path(__file__).resolve().parent.parent / "src" / "aftersale"


def test_the_code_runs_no_shell_and_evaluates_nothing() -> None:
    risky = re.compile(
        r"shell\s*=\s*True|\beval\(|\bexec\(|pickle|marshal|yaml\.load|os\.system|os\.popen"
    )
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if risky.search(line)
    ]
    assert offenders == []


def test_the_mail_command_runs_without_a_shell(
    cli: Cli, make_book: MakeBook, tmp_path: Path
) -> None:
    script = tmp_path / "record-args"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp_path / "args"}\ncat > /dev/null\n')
    script.chmod(0o755)
    book = make_book(
        {
            "aftersale.toml": f'[mail]\nto = "me@example.com"\ncommand = ["{script}", '
            f'"; touch {tmp_path}/pwned", "$(touch {tmp_path}/pwned2)"]\n',
            "customers.csv": f'id,name\nC-1,"$(touch {tmp_path}/pwned3); Anna"\n',
        }
    )
    assert cli("today", "--book", book, "--send").code == 0
    assert (tmp_path / "args").read_text().splitlines() == [
        f"; touch {tmp_path}/pwned",
        f"$(touch {tmp_path}/pwned2)",
    ]
    assert not any((tmp_path / name).exists() for name in ("pwned", "pwned2", "pwned3"))


def test_files_aftersale_creates_are_owner_only(cli: Cli, tmp_path: Path) -> None:
    book = tmp_path / "book"
    assert cli("init", book).code == 0
    (book / "touchpoints.csv").unlink()
    (book / "customers.toml").write_text(
        '[[customer]]\nid = "C-1"\nname = "Anna"\n', encoding="utf-8"
    )
    assert cli("log", "C-1", "meeting", "--book", book).code == 0
    assert cli("review", "C-1", "-a", "budget=no", "--book", book).code == 0
    for name in ("aftersale.toml", "deals.toml", "touchpoints.csv", "reviews.csv"):
        mode = stat.S_IMODE((book / name).stat().st_mode)
        assert mode == 0o600, (name, oct(mode))


def test_no_network_is_used(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("aftersale tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    demo = ("--demo", "--date", "2026-11-23")
    for args in (
        ("check", "--demo"),
        ("today", *demo, "--format", "email", "--to", "me@example.com"),
        ("export", *demo, "--format", "ics"),
        ("nps", *demo),
        ("report", *demo, "--format", "email", "--to", "me@example.com"),
    ):
        result = cli(*args)
        assert result.code == 0, (args, result.stderr)


def test_every_test_named_in_security_md_exists() -> None:
    document = (SRC.parent.parent / "SECURITY.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_\w+)`", document))
    assert len(named) >= 30
    defined = {
        match
        for path in Path(__file__).resolve().parent.rglob("test_*.py")
        for match in re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M)
    }
    assert sorted(named - defined) == []
