"""`aftersale import` as a real process: end to end, and killed while it works."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MakeBook

BIN = str(Path(sys.executable).parent / "aftersale")
DATA = Path(__file__).parents[1] / "data" / "import"
GOOGLE_HEADER = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value"
)


def contacts_csv(path: Path, count: int) -> Path:
    """A Google Contacts export of `count` invented people."""
    lines = [GOOGLE_HEADER]
    for n in range(count):
        lines.append(
            f"Person{n},,Family{n % 997},,,,,,,,Company {n % 1500},,,"
            f'{1950 + n % 50}-{1 + n % 12:02d}-{1 + n % 28:02d},"Met at fair {n}\nCall back",'
            f",* myContacts,* Work,person{n}@example.com,Mobile,+1 555 {n:07d}"
        )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def run(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "AFTERSALE_BOOK"}
    return subprocess.run(
        [BIN, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env
    )


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def test_hubspot_import_then_check_customer_and_today_as_processes(make_book: MakeBook) -> None:
    book = make_book()
    files = [DATA / "hubspot" / n for n in ("contacts.csv", "companies.csv", "deals.csv")]
    imported = run("import", *files, "--book", book)
    assert imported.returncode == 0, imported.stderr
    assert "aftersale check" in imported.stdout
    assert "aftersale today" in imported.stdout
    assert run("check", "--book", book).returncode == 0
    shown = run("customer", "HS-CO-2002", "--book", book, "--date", "2026-11-25")
    assert shown.returncode == 0
    assert "华东贸易" in shown.stdout
    assert "王芳" in shown.stdout
    assert run("today", "--book", book, "--date", "2026-11-25").returncode == 0


def test_a_dry_run_as_a_process_changes_no_byte(make_book: MakeBook, tmp_path: Path) -> None:
    book = make_book()
    source = contacts_csv(tmp_path / "contacts.csv", 200)
    before = snapshot(book)
    result = run("import", source, "--book", book, "--dry-run", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["files"][0]["customers_added"] == 200
    assert snapshot(book) == before


def test_a_killed_import_leaves_the_book_as_it_was_or_wholly_imported(
    make_book: MakeBook, tmp_path: Path
) -> None:
    source = contacts_csv(tmp_path / "contacts.csv", 20_000)
    reference = make_book()
    assert run("import", source, "--book", reference).returncode == 0
    whole = snapshot(reference)
    original = snapshot(make_book())
    outcomes = set()
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4, 1.8, 2.4, 3.5):
        book = make_book()
        proc = subprocess.Popen(
            [BIN, "import", str(source), "--book", str(book)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if (book / ".aftersale-pending.json").exists():
            # Killed between its renames: the next writer finishes the change.
            assert run("import", source, "--book", book).returncode == 0
        state = snapshot(book)
        assert state in (original, whole), f"half an import after {delay}s"
        outcomes.add("whole" if state == whole else "original")
    assert outcomes, "no run was checked"


@pytest.mark.parametrize(
    "layout",
    ["hubspot", "google", "salesforce", "salesforce-export", "pipedrive", "zoho", "outlook"],
)
def test_every_fixture_imports_cleanly_as_a_process(make_book: MakeBook, layout: str) -> None:
    book = make_book()
    files = sorted((DATA / layout).glob("*.csv"))
    result = run("import", *files, "--book", book, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == 1
    assert run("check", "--book", book).returncode == 0
