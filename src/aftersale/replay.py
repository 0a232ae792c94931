"""Answers of `today` and `upcoming`, replayed when the very same question comes again.

Scripts and status bars ask the same thing many times a day. An answer is
stored with everything it depended on: the command line, the current
folder, the environment, the content of every file of the book (BLAKE2
digests, taken before the book was read) and the calendar day in the book's
time zone. It is replayed only when all of those are unchanged, so it is the
answer the command would give. Only a command that declared its answer final
is stored: never an email (it carries its date), never a --send, never an
answer cut short by a closed pipe. Kept free of heavy imports: a replay costs
no more than reading the book's files once.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from aftersale import __version__
from aftersale.book.files import cache_dir, fingerprint, write_private

FORMAT = "aftersale-answer/1"
KEEP = 64  # answers kept; the oldest go first


class _Tee(io.TextIOBase):
    """A text stream that writes through and keeps a copy of what was written."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.parts: list[str] = []
        self.broken = False

    def write(self, text: str) -> int:
        self.parts.append(text)
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            self.broken = True
            raise

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            self.broken = True
            raise

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.stream.errors

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@dataclass
class _Recorder:
    path: Path
    stdout: _Tee
    stderr: _Tee
    book: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Any] | None = None
    started: datetime = field(default_factory=lambda: datetime.now().astimezone())
    final: bool = False


_current: _Recorder | None = None


def _key(args: list[str]) -> str:
    facts = [FORMAT, __version__, sys.executable, args, os.getcwd(), sorted(os.environ.items())]
    return hashlib.sha256(json.dumps(facts).encode("utf-8", "surrogateescape")).hexdigest()


def _today(timezone: str | None, now: datetime | None = None) -> date:
    """The calendar day in the book's time zone (or the local one), as `Settings.today` has it."""
    now = now or datetime.now().astimezone()
    if not timezone:
        return now.date()
    from zoneinfo import ZoneInfo

    return now.astimezone(ZoneInfo(timezone)).date()


def begin(args: list[str]) -> None:
    """Replay a stored answer and exit, or start recording this run's answer (today, upcoming)."""
    global _current
    if "--no-cache" in args or "--send" in args:
        return
    if sys.stdout.isatty():
        return  # a terminal's table depends on its width and colours: not worth the risk
    try:
        path = cache_dir() / "answers" / f"{_key(args)}.json"
    except (OSError, ValueError):
        return
    entry = _read(path)
    if entry is not None and _still_true(entry):
        sys.stdout.write(entry["stdout"])
        sys.stdout.flush()
        sys.stderr.write(entry["stderr"])
        sys.exit(int(entry["code"]))
    _current = _Recorder(path, _Tee(sys.stdout), _Tee(sys.stderr))
    sys.stdout, sys.stderr = _current.stdout, _current.stderr


def _read(path: Path) -> dict[str, Any] | None:
    try:
        entry = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        return None
    return entry


def _still_true(entry: dict[str, Any]) -> bool:
    """Same book found the same way, same file contents, same day."""
    try:
        from aftersale.book.locate import find_book
        from aftersale.errors import AftersaleError

        book = entry["book"]
        option = book["option"]
        try:
            found = find_book(Path(option) if option else None, demo=bool(book["demo"]))
        except AftersaleError:
            return False
        return (
            str(found.resolve()) == book["path"]
            and _today(book["timezone"]).isoformat() == book["day"]
            and fingerprint(found)[0] == entry["files"]
            and isinstance(entry["stdout"], str)
            and isinstance(entry["stderr"], str)
            and isinstance(entry["code"], int)
        )
    except (KeyError, TypeError, ValueError, OSError):
        return False


def reading(book_dir: Path, option: Path | None, demo: bool) -> None:
    """Called before the book is read: what it was and how it was found."""
    if _current is None:
        return
    _current.book = {
        "path": str(book_dir.resolve()),
        "option": str(option) if option is not None else None,
        "demo": demo,
    }
    _current.files = fingerprint(book_dir)[0]


def final(timezone: str | None) -> None:
    """Called by a command whose printed answer depends on nothing but what was recorded."""
    if _current is not None and _current.files is not None:
        day = _today(timezone)
        if day != _today(timezone, _current.started):
            return  # the run began on the day before: its answer may be of either day
        _current.book["timezone"] = timezone
        _current.book["day"] = day.isoformat()
        _current.final = True


def finish(code: int) -> None:
    """Store the recorded answer, if it is final, whole, and the book did not change meanwhile."""
    recorder = _current
    if recorder is None or not recorder.final or recorder.stdout.broken:
        return
    try:
        if fingerprint(Path(recorder.book["path"]))[0] != recorder.files:
            return
        entry = {
            "format": FORMAT,
            "book": recorder.book,
            "files": recorder.files,
            "stdout": "".join(recorder.stdout.parts),
            "stderr": "".join(recorder.stderr.parts),
            "code": code,
        }
        write_private(recorder.path, entry)
        _prune(recorder.path.parent)
    except (OSError, ValueError):
        return


def _prune(folder: Path) -> None:
    answers = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in answers[KEEP:]:
        stale.unlink(missing_ok=True)
