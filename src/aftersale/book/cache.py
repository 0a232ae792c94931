"""A cache of loaded books: the validated records, the folded log and the problems found.

Each entry is keyed by everything that can change what a load gives: the
content of every file of the book (a BLAKE2 digest, never the modification
time; the settings and the book's playbook are one of them), this package's
code and bundled playbook, and the Python version (`files.code_print`). Any
change means a fresh load, except rows appended to the touchpoint log, which
are read on their own exactly as a fresh load would read them (in the log's
own validation context); when the appended bytes could change how the whole
file reads (an undecodable byte, a NUL, a quote left open, an unfinished
line) the book is loaded afresh. Problems that depend on the day (a birthday
"in the future") are never stored: they are found again on every load.

Entries are JSON (data, never code), written atomically, readable by the
owner only, since they hold customer data. An entry that cannot be read or
does not match is ignored and replaced; one that is not safely ours (another
owner, writable by others, a symbolic link) is ignored and left alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from aftersale import __version__
from aftersale.book.checks import Gaps, run_dated_checks
from aftersale.book.config import load_settings
from aftersale.book.files import (
    FILES,
    LOG,
    SETTINGS_FILE,
    LogPrint,
    cache_dir,
    code_print,
    fingerprint,
    prune,
    read_private,
    write_private,
)
from aftersale.book.load import Loaded, fold_appended, load_fresh
from aftersale.book.loader import display_path
from aftersale.book.read import ReadStatus
from aftersale.book.schema import KINDS, TOUCHPOINTS
from aftersale.clock import today
from aftersale.errors import ExitCode, Problem, Severity
from aftersale.history import History, Meeting, NextDate
from aftersale.models import Book, Record, TouchKind

FORMAT = "aftersale-book-cache/3"
KEEP = 32  # entries kept (one per book); the least recently written go first
# Records are stored in their canonical spelling (ISO dates, plain numbers),
# which reads back the same whatever the book's date order or decimal mark.
_CANONICAL = {"date_order": None, "decimal_mark": "."}


def entry_path(book_dir: Path) -> Path:
    key = hashlib.sha256(str(book_dir.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir() / "books" / f"{key[:32]}.json"


# --- reading and writing entries ----------------------------------------------------------


def load_cached(book_dir: Path, only: frozenset[str] | None) -> tuple[Book, list[Problem]]:
    """The book from the cache when its files are unchanged; else loaded, and cached."""
    try:
        path = entry_path(book_dir)
    except OSError:  # no cache folder: load as if there were no cache
        fresh = load_fresh(book_dir, only)
        return fresh.book, fresh.problems
    entry = _read_entry(path, book_dir)
    cached_log = entry.get("log") if entry else None
    prefix_size = cached_log["size"] if isinstance(cached_log, dict) else None
    files, log = fingerprint(book_dir, prefix_size)
    if entry is not None:
        try:
            reused = _reuse(entry, files, log, book_dir, only)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            reused = None  # an entry from elsewhere, or damaged: load afresh
        if reused is not None:
            return reused.book, reused.problems
    loaded = load_fresh(book_dir, only)
    if only is None:
        _store(path, book_dir, files, log, loaded)
    return loaded.book, loaded.problems


def _reuse(
    entry: dict[str, Any],
    files: dict[str, Any],
    log: LogPrint,
    book_dir: Path,
    only: frozenset[str] | None,
) -> Loaded | None:
    """The cached load if it still describes these files (folding appended rows in)."""
    cached_files: dict[str, Any] = entry["files"]
    same = [name for name in FILES if cached_files.get(name) == files[name]]
    if only is not None:
        needed = {SETTINGS_FILE, "contacts.csv"}
        needed.update(name for kind in KINDS if kind.name in only for name in kind.file_names())
        return _restore(entry, book_dir, only) if needed.issubset(same) else None
    if len(same) == len(FILES):
        return _restore(entry, book_dir, None)
    cached_log = entry.get("log")
    if not (
        isinstance(cached_log, dict)
        and same == [name for name in FILES if name != LOG]
        and cached_log.get("appendable") is True
        and log.prefix is not None
        and log.prefix == cached_log.get("digest")
        and _plain_tail(book_dir / LOG, cached_log["size"])
    ):
        return None
    loaded = fold_appended(
        _restore(entry, book_dir, None), (cached_log["size"], cached_log["lines"])
    )
    if not (loaded.log_status.complete and loaded.log_status.clean):
        return None  # the new rows change how the file reads: judge it whole
    _store(entry_path(book_dir), book_dir, files, log, loaded)
    return loaded


def _plain_tail(log: Path, offset: int) -> bool:
    """Whether the bytes appended after `offset` are whole lines of UTF-8 text, no NUL.

    Anything else can change how the whole file is read (its encoding is
    decided from its start, a NUL makes it binary), so it is read whole.
    """
    try:
        with log.open("rb") as stream:
            stream.seek(offset)
            tail = stream.read()
        tail.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return tail.endswith(b"\n") and b"\x00" not in tail


def _read_entry(path: Path, book_dir: Path) -> dict[str, Any] | None:
    raw = read_private(path)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("version") != __version__
        or data.get("code") != code_print()
        or data.get("book") != str(book_dir.resolve())
        or not isinstance(data.get("files"), dict)
    ):
        return None
    return data


def _store(
    path: Path, book_dir: Path, files: dict[str, Any], log: LogPrint, loaded: Loaded
) -> None:
    """Write the entry, unless the files changed while they were read; never fail the command."""
    if fingerprint(book_dir)[0] != files:
        return
    book = loaded.book
    log_file = files.get(LOG)
    appendable = (
        log_file is not None
        and log.ends_line
        and book.history is not None
        and loaded.log_status.complete
        and loaded.log_status.encoding.replace("_", "-") in ("utf-8", "utf-8-sig")
        and not any(p.is_error for p in loaded.data_problems)
    )
    names = _Names(book_dir)
    entry = {
        "format": FORMAT,
        "version": __version__,
        "code": code_print(),
        "book": str(book_dir.resolve()),
        "files": files,
        "log": {
            "size": log_file[0],
            "digest": log_file[1],
            "lines": log.lines,
            "appendable": appendable,
        }
        if log_file is not None
        else None,
        "records": {
            kind.name: [
                r.model_dump(mode="json", exclude_defaults=True) for r in getattr(book, kind.name)
            ]
            for kind in KINDS
        },
        "history": _history_out(book.history) if book.history is not None else None,
        "touchpoint_count": book.touchpoint_count,
        "sources": {kind: names.out(shown) for kind, shown in book.sources.items()},
        "problems": [_problem_out(p, names) for p in loaded.data_problems],
        "gaps": {
            "failed": sorted(loaded.gaps.failed),
            "invalid_ids": {k: sorted(v) for k, v in loaded.gaps.invalid_ids.items()},
        },
        "orders_seen": loaded.log_context.get("orders_seen", {}),
    }
    try:
        write_private(path, entry)
    except (OSError, ValueError):
        return
    prune(path.parent, KEEP)


def _restore(entry: dict[str, Any], book_dir: Path, only: frozenset[str] | None) -> Loaded:
    """Rebuild a load from an entry; the settings are always read fresh (they are small)."""
    from pydantic import ValidationError

    settings, playbook, settings_problems = load_settings(
        book_dir, display_path(book_dir / SETTINGS_FILE)
    )
    names = _Names(book_dir)
    wanted = {kind.name for kind in KINDS if only is None or kind.name in only}
    records: dict[str, tuple[Record, ...]] = {}
    try:
        for kind in KINDS:
            rows = entry["records"][kind.name] if kind.name in wanted else []
            validate = kind.model.model_validate
            records[kind.name] = tuple(validate(row, context=_CANONICAL) for row in rows)
    except ValidationError as error:
        raise ValueError("a cached record does not validate") from error
    sources = {kind: names.back(shown) for kind, shown in entry["sources"].items()}
    problems = [_problem_back(p, names) for p in entry["problems"]]
    streamed = only is None or TOUCHPOINTS.name in only
    if only is not None:
        shown = {sources[name] for name in sources if name in wanted or name == "contacts"}
        problems = [p for p in problems if p.file in shown]
        sources = {name: value for name, value in sources.items() if name in wanted}
    history = _history_back(entry["history"]) if entry["history"] and streamed else None
    book = Book(
        path=book_dir,
        settings=settings,
        playbook=playbook,
        sources=sources,
        history=history,
        touchpoint_count=entry["touchpoint_count"] if streamed else None,
        **records,  # type: ignore[arg-type]
    )
    gaps = Gaps(
        frozenset(entry["gaps"]["failed"]),
        {k: frozenset(v) for k, v in entry["gaps"]["invalid_ids"].items()},
    )
    orders_seen = {str(k): (str(v[0]), str(v[1])) for k, v in entry["orders_seen"].items()}
    return Loaded(
        book,
        settings_problems,
        problems,
        gaps,
        {"orders_seen": orders_seen} if orders_seen else {},
        ReadStatus(),
        run_dated_checks(book, gaps, today(settings)),
    )


class _Names:
    """Files in problems and sources as shown (relative to the current folder) <-> book names."""

    def __init__(self, book_dir: Path) -> None:
        self.shown = {display_path(book_dir / name): name for name in FILES}
        self.names = {name: shown for shown, name in self.shown.items()}

    def out(self, shown: str) -> list[str]:
        name = self.shown.get(shown)
        return ["book", name] if name is not None else ["as-is", shown]

    def back(self, stored: list[str]) -> str:
        how, value = stored
        return self.names[value] if how == "book" else value


def _problem_out(problem: Problem, names: _Names) -> dict[str, Any]:
    data = asdict(problem)
    data["file"] = names.out(problem.file)
    data["severity"] = problem.severity.value
    data["exit_code"] = int(problem.exit_code)
    return data


def _problem_back(data: dict[str, Any], names: _Names) -> Problem:
    return Problem(
        **{
            **data,
            "file": names.back(data["file"]),
            "severity": Severity(data["severity"]),
            "exit_code": ExitCode(data["exit_code"]),
        }
    )


# --- the folded log -----------------------------------------------------------------------


def _history_out(history: History) -> dict[str, Any]:
    def days(table: dict[Any, date]) -> list[list[Any]]:
        return [
            [*(key if isinstance(key, tuple) else (key,)), day.isoformat()]
            for key, day in table.items()
        ]

    return {
        "last_contact": days(history.last_contact),
        "last_of_kind": days(history.last_of_kind),
        "last_of_kind_deal": days(history.last_of_kind_deal),
        "last_untagged": days(history.last_untagged),
        "named": days(history.named),
        "snoozed": days(history.snoozed),
        "reviewed": days(history.reviewed),
        "touches": list(history.touches.items()),
        "first_day": history.first_day.isoformat() if history.first_day else None,
        "meetings": [
            [m.customer, m.day.isoformat(), m.deal, m.note] for m in history.meetings.values()
        ],
        "next_dates": [
            [n.customer, n.set_on.isoformat(), n.day.isoformat(), n.deal, n.note]
            for n in history.next_dates.values()
        ],
    }


def _history_back(data: dict[str, Any]) -> History:
    day = date.fromisoformat
    kind = {k.value: k for k in TouchKind}.__getitem__  # KeyError for an unknown kind
    history = History(
        last_contact={c: day(d) for c, d in data["last_contact"]},
        last_of_kind={(c, kind(k)): day(d) for c, k, d in data["last_of_kind"]},
        last_of_kind_deal={
            (c, kind(k), deal): day(d) for c, k, deal, d in data["last_of_kind_deal"]
        },
        last_untagged={(c, kind(k)): day(d) for c, k, d in data["last_untagged"]},
        named={a: day(d) for a, d in data["named"]},
        snoozed={a: day(d) for a, d in data["snoozed"]},
        reviewed={s: day(d) for s, d in data["reviewed"]},
        touches={c: int(n) for c, n in data["touches"]},
        first_day=day(data["first_day"]) if data["first_day"] else None,
    )
    for customer, on, deal, note in data["meetings"]:
        meeting = Meeting(customer, day(on), deal, note)
        history.meetings[(customer, meeting.day)] = meeting
    for customer, set_on, on, deal, note in data["next_dates"]:
        history.next_dates[customer] = NextDate(customer, day(set_on), day(on), deal, note)
    return history
