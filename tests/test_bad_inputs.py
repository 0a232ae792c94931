"""The bad-input corpus: one small broken book per fault, with the exact expected answer.

Each folder under tests/data/bad/ is a book plus `expected.toml`: the
checklist rows it covers, the exit codes of `check` and `today`, the summary
line and every problem line `check` must print. Adding a case is adding a
folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import tomli

from tests.conftest import Outcome

Cli = Callable[..., Outcome]
CORPUS = Path(__file__).resolve().parent / "data" / "bad"
CASES = sorted(p for p in CORPUS.iterdir() if (p / "expected.toml").is_file())


def expected(case: Path) -> dict[str, object]:
    return tomli.loads((case / "expected.toml").read_text(encoding="utf-8"))


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_input_case(
    case: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    want = expected(case)
    book = tmp_path / "case"
    shutil.copytree(case, book, ignore=shutil.ignore_patterns("expected.toml"))
    monkeypatch.chdir(book)
    check = cli("check", "--book", ".")
    lines = [line for line in check.stdout.splitlines() if line.strip()]
    assert check.code == want["check_exit"], check.stdout + check.stderr
    assert lines[:-1] == want["lines"]
    assert lines[-1] == want["summary"]
    today = cli("today", "--book", ".", "--date", "2026-11-23", "--format", "plain")
    assert today.code == want["today_exit"], today.stderr
    for output in (check.stdout, check.stderr, today.stdout, today.stderr):
        assert "Traceback" not in output
        assert "\x1b" not in output
    if want["today_exit"] == 65:
        assert "run `aftersale check` to see them" in today.stderr.lower()
