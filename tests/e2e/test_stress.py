"""Cron and the user at once, with crashes: real processes, random kills, no lost writes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from aftersale.book.load import touchpoints_of
from aftersale.book.open import load_book
from aftersale.book.read import PARTIAL_LAST_LINE
from tests.conftest import MakeBook

BIN = Path(sys.executable).parent / "aftersale"
WORKERS = 4
SECONDS = 10.0
KILL_SHARE = 0.25


@dataclass
class Tally:
    operations: int = 0
    kills: int = 0
    logged: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def worker(number: int, book: Path, tally: Tally, deadline: float) -> None:
    rng = random.Random(number)
    env = {**os.environ, "AFTERSALE_LOCK_TIMEOUT": "30"}
    known: list[str] = []
    count = 0
    while time.monotonic() < deadline:
        count += 1
        roll = rng.random()
        token = f"w{number}-{count}"
        if roll < 0.55:
            args = ["log", rng.choice(["C-1", "C-2", "C-3"]), "check_in", "--note", token]
        elif roll < 0.75 or not known:
            args = ["today", "--format", "json", "--date", "2026-11-23"]
        elif roll < 0.9:
            args = ["done", known.pop(rng.randrange(len(known)))]
        else:
            args = ["snooze", rng.choice(known), "--until", "+3d"]
        with subprocess.Popen(
            [str(BIN), *args, "--book", str(book)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        ) as proc:
            killed = rng.random() < KILL_SHARE
            if killed:
                time.sleep(rng.uniform(0.0, 0.4))
                proc.send_signal(signal.SIGKILL)
            out, _ = proc.communicate(timeout=60)
        with tally.lock:
            tally.operations += 1
            tally.kills += proc.returncode == -signal.SIGKILL
        if proc.returncode != 0:
            continue  # not acknowledged: it may or may not have been written
        if args[0] == "log":
            with tally.lock:
                tally.logged.append(token)
        elif args[0] == "done":
            with tally.lock:
                tally.done.append(args[1])
        elif args[0] == "today":
            known = [a["id"] for a in json.loads(out)["actions"]]


def test_mixed_commands_under_kills_lose_no_acknowledged_write(make_book: MakeBook) -> None:
    book = make_book(
        {
            "customers.csv": "id,name,since\n"
            "C-1,Anna,2026-01-01\nC-2,Bo,2026-01-01\nC-3,王芳,2026-01-01\n",
            "promises.csv": "id,customer,what,due\n"
            + "".join(f"P-{n},C-{n % 3 + 1},Send item {n},2026-11-2{n % 4}\n" for n in range(12)),
            "touchpoints.csv": "date,customer,kind,channel,deal,action,note,next\n",
        }
    )
    tally = Tally()
    deadline = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=worker, args=(n, book, tally, deadline)) for n in range(WORKERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    loaded, problems = load_book(book)
    assert [p for p in problems if p.is_error] == []
    assert all(p.message == PARTIAL_LAST_LINE for p in problems)
    notes = [t.note for t in touchpoints_of(loaded) if t.note]
    assert tally.logged
    assert tally.kills > 0
    for token in tally.logged:
        assert notes.count(token) == 1, token
    named = [t.action for t in touchpoints_of(loaded)]
    for action in tally.done:
        assert action in named
    assert tally.done
    print(
        f"\nstress: {WORKERS} workers, {tally.operations} operations, {tally.kills} killed, "
        f"{len(tally.logged)} acknowledged logs and {len(tally.done)} acknowledged done kept, "
        f"{len(list(touchpoints_of(loaded)))} records in the log"
    )
