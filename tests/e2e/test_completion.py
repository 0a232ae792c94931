"""Shell completion of customer and deal ids, through a real bash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeBook

BIN_DIR = Path(sys.executable).parent

CUSTOMERS = """\
[[customer]]
id = "C-001"
name = "Anna Berg"

[[customer]]
id = "C-002"
name = "Björn Ek"

[[customer]]
id = "jose-nunez"
name = "José Núñez"
"""
DEALS = "id,customer,stage\nD-1041,C-001,won\nD-1042,C-002,open\nD-2000,C-002,lost\n"


def complete(book: Path, words: list[str]) -> list[str]:
    """What bash offers after sourcing aftersale's completion script and pressing tab."""
    script = (
        'eval "$(_AFTERSALE_COMPLETE=source_bash aftersale)"\n'
        f"COMP_WORDS=({' '.join(words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_aftersale_completion aftersale\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {
        "PATH": f"{BIN_DIR}:/usr/bin:/bin",
        "AFTERSALE_BOOK": str(book),
        "AFTERSALE_CACHE_DIR": os.environ["AFTERSALE_CACHE_DIR"],
    }
    result = subprocess.run(
        ["bash", "--norc", "-c", script], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def book(make_book: MakeBook) -> Path:
    if shutil.which("bash") is None:
        pytest.fail("bash is needed to test shell completion")
    return make_book({"customers.toml": CUSTOMERS, "deals.csv": DEALS})


def test_bash_completes_customer_ids_for_every_command_taking_a_customer(book: Path) -> None:
    assert complete(book, ["aftersale", "log", "C-"]) == ["C-001", "C-002"]
    assert complete(book, ["aftersale", "add", "deal", "jo"]) == ["jose-nunez"]
    assert complete(book, ["aftersale", "customer", "C-002"]) == ["C-002"]


def test_bash_completes_deal_ids_open_ones_first(book: Path) -> None:
    assert complete(book, ["aftersale", "won", "D-"]) == ["D-1042", "D-1041", "D-2000"]
    assert complete(book, ["aftersale", "delivered", "D-20"]) == ["D-2000"]


def test_completion_without_a_book_offers_nothing_and_prints_no_error(
    book: Path, tmp_path: Path
) -> None:
    assert complete(tmp_path / "nowhere", ["aftersale", "log", "C-"]) == []
