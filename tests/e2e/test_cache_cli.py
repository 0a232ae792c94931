"""The cache seen from the command line: the same answers with and without it."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent / "aftersale"
sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


def run(book: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cache.parent), "AFTERSALE_CACHE_DIR": str(cache)}
    return subprocess.run(
        [str(BIN), *args, "--book", str(book)],
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )


COMMANDS = [
    ("today", "--date", "2026-11-23", "--format", "json"),
    ("upcoming", "--date", "2026-11-23", "--days", "14", "--format", "csv"),
    ("check", "--format", "json"),
]


def assert_cache_changes_nothing(book: Path, cache: Path) -> None:
    for args in COMMANDS:
        cold = run(book, cache, *args, "--no-cache")
        store = run(book, cache, *args)
        hit = run(book, cache, *args)
        assert cold.returncode == store.returncode == hit.returncode, args
        assert cold.stdout == store.stdout == hit.stdout, args
        assert cold.stderr == store.stderr == hit.stderr, args
        assert len(cold.stdout) > 100


def test_no_cache_equals_cached_on_the_demo_book(tmp_path: Path) -> None:
    book = tmp_path / "demo"
    shutil.copytree(ROOT / "examples" / "demo", book)
    cache = tmp_path / "cache"
    assert_cache_changes_nothing(book, cache)
    assert len(list((cache / "books").glob("*.json"))) == 1


def test_no_cache_equals_cached_on_a_generated_10k_book(tmp_path: Path) -> None:
    book = tmp_path / "big"
    generate(book, 10_000, 100_000)
    assert_cache_changes_nothing(book, tmp_path / "cache")


def test_no_cache_leaves_no_entry(tmp_path: Path) -> None:
    book = tmp_path / "demo"
    shutil.copytree(ROOT / "examples" / "demo", book)
    cache = tmp_path / "cache"
    assert run(book, cache, "today", "--no-cache").returncode == 0
    assert not cache.exists()


def test_done_then_today_drops_the_action(tmp_path: Path) -> None:
    book = tmp_path / "demo"
    shutil.copytree(ROOT / "examples" / "demo", book)
    cache = tmp_path / "cache"
    today = ("today", "--date", "2026-11-23", "--format", "csv")
    before = list(csv.DictReader(io.StringIO(run(book, cache, *today).stdout.decode())))
    action = before[0]["id"]
    done = run(book, cache, "done", action, "--date", "2026-11-23", "--note", "handled")
    assert done.returncode == 0, done.stderr
    after = run(book, cache, *today)
    ids = [row["id"] for row in csv.DictReader(io.StringIO(after.stdout.decode()))]
    assert action not in ids
    assert len(ids) == len(before) - 1
    assert after.stdout == run(book, cache, *today, "--no-cache").stdout


def test_a_cache_folder_others_can_write_is_told_under_debug_only(tmp_path: Path) -> None:
    book = tmp_path / "demo"
    shutil.copytree(ROOT / "examples" / "demo", book)
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    today = ("today", "--date", "2026-11-23", "--format", "json")
    quiet = run(book, cache, *today)
    told = run(book, cache, *today, "--debug")
    assert quiet.returncode == told.returncode == 0
    assert quiet.stdout == told.stdout == run(book, cache, *today, "--no-cache").stdout
    assert b"cache" not in quiet.stderr
    assert told.stderr.decode().splitlines() == [
        f"aftersale: cache: not used: {cache} can be written by others (mode 777)"
    ]
    assert not (cache / "books").exists()
