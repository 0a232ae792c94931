"""Real processes writing to one book at once, and being killed mid-write."""

from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from aftersale.book.load import touchpoints_of
from aftersale.book.open import load_book
from aftersale.book.read import PARTIAL_LAST_LINE
from tests.conftest import MakeBook

WRITER = """
import sys
from pathlib import Path
from aftersale.book.schema import TOUCHPOINTS
from aftersale.book.write import append_record, book_lock
book, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
for n in range(count):
    with book_lock(book, timeout=60):
        append_record(book / "touchpoints.csv", TOUCHPOINTS.columns, {
            "date": "2026-11-23", "customer": "C-1", "kind": "check_in",
            "note": f"{name}-{n} with a comma, a \\"quote\\" and a\\nnewline",
        })
"""

PROCESSES, RECORDS = 4, 200


def test_concurrent_appends_keep_every_record_exactly_once(make_book: MakeBook) -> None:
    book = make_book()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(book), f"p{i}", str(RECORDS)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(PROCESSES)
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
        assert proc.stdout is not None
        proc.stdout.close()
    loaded, problems = load_book(book)
    assert problems == []
    notes = [t.note.split(" ")[0] for t in touchpoints_of(loaded) if t.note]
    assert len(notes) == PROCESSES * RECORDS
    assert sorted(notes) == sorted(f"p{i}-{n}" for i in range(PROCESSES) for n in range(RECORDS))


def test_the_cli_logs_from_several_processes_at_once(make_book: MakeBook) -> None:
    book = make_book()
    bin_ = Path(sys.executable).parent / "aftersale"
    procs = [
        subprocess.Popen(
            [str(bin_), "log", "C-1", "check_in", "--note", f"cli-{i}", "--book", str(book)],
            stdout=subprocess.DEVNULL,
        )
        for i in range(6)
    ]
    assert [p.wait(timeout=60) for p in procs] == [0] * 6
    loaded, problems = load_book(book)
    assert problems == []
    assert sorted(t.note or "" for t in touchpoints_of(loaded)) == [f"cli-{i}" for i in range(6)]


KILLS = 12


def test_killed_writers_never_corrupt_the_log(make_book: MakeBook) -> None:
    book = make_book()
    rng = random.Random(20261123)
    for round_ in range(KILLS):
        with subprocess.Popen(
            [sys.executable, "-c", WRITER, str(book), f"k{round_}", "100000"],
            stdout=subprocess.PIPE,
            text=True,
        ) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.01, 0.15))
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        _, problems = load_book(book)
        errors = [p for p in problems if p.is_error]
        assert errors == [], errors
        assert all(p.message == PARTIAL_LAST_LINE for p in problems)
    # Every line that parses is a whole record: nothing glued, nothing half.
    with (book / "touchpoints.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    complete = [row for row in rows[1:] if len(row) == 8]
    assert complete
    assert all(row[6].startswith("k") and row[6].endswith("newline") for row in complete)
