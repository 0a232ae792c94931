"""The cache of loaded books: never stale, incremental on appends, robust to damage, private."""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from aftersale.book import cache, files
from aftersale.book.open import load_book
from aftersale.errors import Problem
from aftersale.models import Book
from aftersale.settings import Settings
from tests.conftest import MakeBook

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


def test_cache_entries_are_readable_by_their_owner_only(book: Path) -> None:
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


# --- appended rows are read as a fresh load reads them -----------------------------------

LOG_HEAD = "date,customer,kind,channel,deal,action,note,next\n"


def test_an_appended_row_is_read_in_the_logs_own_date_order(
    make_book: MakeBook, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The log reveals day-first dates; feedback (read after it) reveals month-first.
    monkeypatch.setenv("AFTERSALE_CACHE_DIR", str(tmp_path / "cache"))
    folder = make_book(
        {
            "touchpoints.csv": LOG_HEAD + "25/10/2026,C-1,check_in,phone,,,,\n",
            "feedback.csv": "date,customer,score\n10/25/2026,C-1,9\n",
        }
    )
    assert not [p for p in load_book(folder, cache=True)[1] if p.is_error]
    with (folder / "touchpoints.csv").open("a", encoding="utf-8") as log:
        log.write("11/20/2026,C-1,check_in,phone,,,,\n")  # month-first: not this log's order
    cold = load_book(folder)[1]
    assert [(p.line, p.field) for p in cold if p.is_error] == [(3, "date")]
    assert load_book(folder, cache=True)[1] == cold


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param(b'2026-11-22,C-1,check_in,phone,,,"open quote,\n', id="quote-left-open"),
        pytest.param(b"2026-11-22,C-1,check_in,phone,,,caf\xe9,\n", id="undecodable-byte"),
        pytest.param(b"2026-11-22,C-1,check_in,phone,,,a\x00b,\n", id="nul"),
        pytest.param(b"2026-11-22,C-1,check_in,phone,,,,", id="unfinished-line"),
    ],
)
def test_an_appended_tail_that_changes_how_the_file_reads_is_judged_whole(
    make_book: MakeBook, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tail: bytes
) -> None:
    monkeypatch.setenv("AFTERSALE_CACHE_DIR", str(tmp_path / "cache"))
    folder = make_book({"touchpoints.csv": LOG_HEAD + "2026-11-02,C-1,check_in,phone,,,,\n"})
    load_book(folder, cache=True)
    with (folder / "touchpoints.csv").open("ab") as log:
        log.write(tail)
    calls = Calls(monkeypatch)
    warm = load_book(folder, cache=True)
    same(warm, load_book(folder))
    assert calls.fresh == 1


# --- results that depend on the day --------------------------------------------------------


def test_a_problem_of_the_day_is_found_again_on_another_day(
    make_book: MakeBook, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AFTERSALE_CACHE_DIR", str(tmp_path / "cache"))
    folder = make_book(
        {"customers.toml": '[[customer]]\nid = "C-1"\nname = "Anna"\nbirthday = 2027-03-01\n'}
    )
    day = [date(2026, 11, 23)]
    monkeypatch.setattr(Settings, "today", lambda self, now=None: day[0])
    stored = load_book(folder, cache=True)[1]
    assert [p.message for p in stored] == ["birthday 2027-03-01 is in the future"]
    day[0] = date(2027, 2, 1)
    assert load_book(folder)[1] == []
    assert load_book(folder, cache=True)[1] == []
    day[0] = date(2026, 12, 31)
    assert load_book(folder, cache=True)[1] == stored


# --- what the key covers ------------------------------------------------------------------


def test_an_entry_made_by_other_code_is_not_used(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_book(book, cache=True)
    monkeypatch.setattr(files, "_code_print", "made-by-another-build")
    calls = Calls(monkeypatch)
    same(load_book(book, cache=True), load_book(book))
    assert calls.fresh == 1


def test_the_code_print_changes_with_any_source_file_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "aftersale"
    shutil.copytree(Path(files.__file__).resolve().parents[1], package)
    module = package / "book" / "files.py"
    monkeypatch.setattr(files, "__file__", str(module))

    def fresh_print() -> str:
        monkeypatch.setattr(files, "_code_print", None)
        return files.code_print()

    first = fresh_print()
    assert fresh_print() == first
    playbook = package / "playbook.toml"
    stamp = playbook.stat()
    playbook.write_bytes(playbook.read_bytes())
    os.utime(playbook, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1))
    assert fresh_print() != first


# --- a cache that is not ours alone is never used ---------------------------------------


def stored_entry(book: Path) -> Path:
    load_book(book, cache=True)
    entry = cache.entry_path(book)
    assert entry.is_file()
    return entry


def test_an_entry_of_another_owner_is_not_read(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = stored_entry(book)
    os.chown(entry, 65534, 65534)
    calls = Calls(monkeypatch)
    same(load_book(book, cache=True), load_book(book))
    assert calls.fresh == 1


@pytest.mark.parametrize("folder", ["root", "books"])
def test_a_cache_folder_of_another_owner_is_neither_read_nor_written(
    book: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    entry = stored_entry(book)
    before = entry.stat().st_ino
    os.chown(entry.parent.parent if folder == "root" else entry.parent, 65534, 65534)
    calls = Calls(monkeypatch)
    same(load_book(book, cache=True), load_book(book))
    assert calls.fresh == 1
    assert entry.stat().st_ino == before  # not replaced either


def test_a_cache_folder_anyone_can_write_is_neither_read_nor_written(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = stored_entry(book)
    before = entry.stat().st_ino
    entry.parent.chmod(0o777)
    calls = Calls(monkeypatch)
    same(load_book(book, cache=True), load_book(book))
    assert calls.fresh == 1
    assert entry.stat().st_ino == before  # not replaced either


def test_an_entry_anyone_can_write_is_not_read(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stored_entry(book).chmod(0o666)
    calls = Calls(monkeypatch)
    load_book(book, cache=True)
    assert calls.fresh == 1


def test_a_cache_folder_reached_through_a_symlink_is_not_used(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real-cache"
    monkeypatch.setenv("AFTERSALE_CACHE_DIR", str(real))
    before = stored_entry(book).stat().st_ino
    link = tmp_path / "linked-cache"
    link.symlink_to(real, target_is_directory=True)
    monkeypatch.setenv("AFTERSALE_CACHE_DIR", str(link))
    calls = Calls(monkeypatch)
    same(load_book(book, cache=True), load_book(book))
    assert calls.fresh == 1
    assert cache.entry_path(book).stat().st_ino == before  # not replaced either


def test_an_entry_that_is_a_symlink_is_not_followed(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = stored_entry(book)
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    calls = Calls(monkeypatch)
    same(load_book(book, cache=True), load_book(book))
    assert calls.fresh == 1
    assert elsewhere.is_file()


def test_old_entries_are_pruned_and_links_are_never_followed(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = stored_entry(book)
    folder = entry.parent
    precious = tmp_path / "precious.json"
    precious.write_text("{}", encoding="utf-8")
    (folder / "0-link.json").symlink_to(precious)
    for number in range(cache.KEEP + 5):
        old = folder / f"old-{number:02d}.json"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, ns=(0, number))
    (book / "touchpoints.csv").write_bytes(b"date,customer,kind\n")
    load_book(book, cache=True)
    kept = sorted(p.name for p in folder.glob("*.json") if not p.is_symlink())
    assert len(kept) == cache.KEEP
    assert entry.name in kept
    assert "old-00.json" not in kept
    assert (folder / "0-link.json").is_symlink()
    assert precious.read_text(encoding="utf-8") == "{}"
