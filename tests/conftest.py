"""Shared fixtures: books written as real files from inline text, and the CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from aftersale.cli import app

# CI explores the same 400 examples every run, so a red build is a change in the code,
# never the luck of the draw; the dev profile draws new ones each time.
settings.register_profile(
    "ci",
    max_examples=400,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

MakeBook = Callable[..., Path]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The cache of loaded books goes to a folder of the test run, not the user's."""
    os.environ["AFTERSALE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


MINIMAL_CUSTOMERS = """\
[[customer]]
id = "C-1"
name = "Anna Berg"
"""


@pytest.fixture
def make_book(tmp_path: Path) -> MakeBook:
    """Write a book folder from {file name: text or bytes}; returns its path.

    `aftersale.toml` is written empty and `customers.toml` with one customer
    unless given (or unless `customers.csv` is given); None leaves a file out.
    """
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        folder = tmp_path / f"book{next(counter)}"
        folder.mkdir()
        given = files or {}
        content: dict[str, str | bytes | None] = {"aftersale.toml": ""}
        if "customers.csv" not in given:
            content["customers.toml"] = MINIMAL_CUSTOMERS
        content.update(given)
        for name, value in content.items():
            if value is None:
                continue
            path = folder / name
            if isinstance(value, bytes):
                path.write_bytes(value)
            else:
                path.write_text(value, encoding="utf-8", newline="")
        return folder

    return make


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Outcome]:
    """Run the app in-process with a clean environment; returns exit code, stdout, stderr."""
    for name in ("AFTERSALE_BOOK", "NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str | Path) -> Outcome:
        result = runner.invoke(app, [str(a) for a in args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run
