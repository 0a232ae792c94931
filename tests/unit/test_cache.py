"""The cache of loaded books: never stale, incremental on appends, robust to damage, private."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from aftersale.book import cache
from aftersale.book.load import load_book
from aftersale.errors import Problem
from aftersale.models import Book

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
FIELDS = ("customers", "deals", "promises", "feedback", "cases", "reviews", "touchpoint_count")


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AFTERSALE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    return folder


class Calls:
    """Counts full loads and incremental folds done by the cache."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.fresh = self.appended = 0
        real_fresh, real_appended = cache.load_fresh, cache.fold_appended

        def fresh(*args: object, **kwargs: object) -> object:
            self.fresh += 1
            return real_fresh(*args, **kwargs)  # type: ignore[arg-type]

        def appended(*args: object, **kwargs: object) -> object:
            self.appended += 1
            return real_appended(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(cache, "load_fresh", fresh)
        monkeypatch.setattr(cache, "fold_appended", appended)


def same(a: tuple[Book, list[Problem]], b: tuple[Book, list[Problem]]) -> None:
    for name in FIELDS:
        assert getattr(a[0], name) == getattr(b[0], name), name
    assert a[0].history == b[0].history
    assert a[0].sources == b[0].sources
    assert a[1] == b[1]


def test_a_hit_gives_exactly_what_a_fresh_load_gives(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_book(book)
    assert load_book(book, cache=True)[0].customers  # stores
    calls = Calls(monkeypatch)
    hit = load_book(book, cache=True)
    assert calls.fresh == 0
    same(hit, fresh)
    assert len(hit[0].customers) == 25


def test_an_edit_that_keeps_size_and_time_is_still_seen(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_book(book, cache=True)
    path = book / "customers.toml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "Marco Rossi" in text
    path.write_text(text.replace("Marco Rossi", "Marco Rassi"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    calls = Calls(monkeypatch)
    loaded, _ = load_book(book, cache=True)
    assert calls.fresh == 1
    assert "Marco Rassi" in {c.name for c in loaded.customers}


def test_appended_touchpoints_are_folded_on_their_own(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_book(book, cache=True)
    with (book / "touchpoints.csv").open("a", encoding="utf-8", newline="") as log:
        log.write("2026-11-22,C-001,meeting,visit,,,Site walk with the new foreman,2026-12-01\n")
        log.write("2026-11-22,C-002,check_in,phone,,,,\n")
    calls = Calls(monkeypatch)
    appended = load_book(book, cache=True)
    assert (calls.fresh, calls.appended) == (0, 1)
    same(appended, load_book(book))
    assert appended[0].history is not None
    assert appended[0].history.next_dates["C-001"].note == "Site walk with the new foreman"
    again = load_book(book, cache=True)  # the fold was stored: a plain hit now
    assert (calls.fresh, calls.appended) == (0, 1)
    same(again, appended)


def test_a_bad_appended_row_is_reported_at_its_own_line(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_book(book, cache=True)
    log = book / "touchpoints.csv"
    lines = log.read_bytes().count(b"\n")
    with log.open("a", encoding="utf-8", newline="") as stream:
        stream.write("2026-11-31,C-001,check_in,phone,,,,\n")
    calls = Calls(monkeypatch)
    _, problems = load_book(book, cache=True)
    assert calls.appended == 1
    assert [(p.line, p.field) for p in problems if p.is_error] == [(lines + 1, "date")]
    assert problems == load_book(book)[1]


def test_a_rewritten_log_is_read_whole(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_book(book, cache=True)
    log = book / "touchpoints.csv"
    rows = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(rows[:-3] + rows[-2:]), encoding="utf-8", newline="")  # one removed
    calls = Calls(monkeypatch)
    loaded = load_book(book, cache=True)
    assert (calls.fresh, calls.appended) == (1, 0)
    same(loaded, load_book(book))


def test_a_new_file_beside_the_others_is_seen(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_book(book, cache=True)
    (book / "customers.csv").write_text("id,name\nX-1,Extra\n", encoding="utf-8")
    _, problems = load_book(book, cache=True)
    assert any("keep only one of them" in p.message for p in problems)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"\x00\xff" * 50,
        b"[]",
        json.dumps({"format": "something-else/9"}).encode(),
    ],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(
    book: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    fresh = load_book(book)
    load_book(book, cache=True)
    entry = cache.entry_path(book)
    entry.write_bytes(damage)
    same(load_book(book, cache=True), fresh)
    assert json.loads(entry.read_bytes())["format"] == cache.FORMAT
    calls = Calls(monkeypatch)
    load_book(book, cache=True)
    assert calls.fresh == 0


def test_an_entry_that_matches_but_holds_bad_records_is_not_trusted(book: Path) -> None:
    fresh = load_book(book)
    load_book(book, cache=True)
    entry = cache.entry_path(book)
    data = json.loads(entry.read_bytes())
    data["records"]["customers"][0]["email"] = "not an address"
    data["history"]["touches"] = "nonsense"
    entry.write_text(json.dumps(data), encoding="utf-8")
    same(load_book(book, cache=True), fresh)


def test_an_entry_of_another_book_is_not_used(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    shutil.copytree(book, other)
    load_book(book, cache=True)
    shutil.copy(cache.entry_path(book), cache.entry_path(other))
    calls = Calls(monkeypatch)
    loaded, _ = load_book(other, cache=True)
    assert calls.fresh == 1
    assert loaded.path == other


def test_entries_are_private(book: Path) -> None:
    load_book(book, cache=True)
    entry = cache.entry_path(book)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700
    assert not list(entry.parent.glob("*.tmp"))


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("AFTERSALE_CACHE_DIR", str(blocker / "cache"))
    same(load_book(book, cache=True), load_book(book))


def test_problems_are_shown_from_where_the_user_stands(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (book / "deals.csv").open("a", encoding="utf-8") as deals:
        deals.write("D-999,C-404,Ghost deal,100,EUR,won,2026-11-01,,\n")
    monkeypatch.chdir(book)
    first = load_book(book, cache=True)[1]
    assert any(p.file == "deals.csv" for p in first)
    monkeypatch.chdir(tmp_path)
    second = load_book(book, cache=True)[1]
    assert any(p.file == "demo/deals.csv" for p in second)
    assert second == load_book(book)[1]


def test_a_partial_load_from_the_cache_matches_a_partial_fresh_load(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (book / "deals.csv").open("a", encoding="utf-8") as deals:
        deals.write("D-999,C-404,Ghost deal,100,EUR,won,2026-11-01,,\n")
    with (book / "promises.csv").open("a", encoding="utf-8") as promises:
        promises.write("P-999,C-001,Call back,not a date,,,\n")
    only = frozenset({"customers", "deals"})
    load_book(book, cache=True)
    calls = Calls(monkeypatch)
    partial = load_book(book, only, cache=True)
    assert calls.fresh == 0
    same(partial, load_book(book, only))
    assert partial[0].promises == ()


def test_the_cache_folder_is_private_from_its_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERSALE_CACHE_DIR", str(tmp_path / "fresh-cache"))
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    load_book(folder, cache=True)
    root = tmp_path / "fresh-cache"
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE((root / "books").stat().st_mode) == 0o700


def test_no_home_folder_means_no_cache_not_a_failure(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AFTERSALE_CACHE_DIR")
    monkeypatch.setattr("platformdirs.user_cache_dir", lambda *a, **k: "~/.cache/aftersale")
    monkeypatch.chdir(tmp_path)
    same(load_book(book, cache=True), load_book(book))
    assert not (tmp_path / "~").exists()
