"""Time aftersale as users run it, against yardsticks measured in the same runs.

    python bench/run.py [--runs 7] [--large]

Each target runs as a whole process, interleaved with its yardstick (A/B
pairs), so a noisy machine slows both alike; the ratio of medians is what
the targets are about. Peak memory is the child's maximum resident set size.
Books are generated once into bench/.books (deterministic, see generate.py).
The peer is Taskwarrior's `task next` on 10,000 tasks, in a database the
bench builds in a private temporary folder (installed with apt-get when
missing and run as root).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

PY = sys.executable
BIN = str(Path(PY).parent / "aftersale")
BOOKS = HERE / ".books"
SIZES = {"200": (200, 2_000), "10k": (10_000, 100_000), "100k": (100_000, 1_000_000)}
FLOOR = """
import csv, sys, pathlib, tomli
book = pathlib.Path(sys.argv[1])
tomli.loads((book / "aftersale.toml").read_text(encoding="utf-8"))
for path in sorted(book.glob("*.csv")):
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            pass
"""
NEW_DAY = "{new day}"  # replaced by a day no earlier run was asked about
_DAYS = (date(2026, 11, 23) + timedelta(days=n) for n in itertools.count())


@dataclass
class Sample:
    seconds: list[float]
    rss_kb: int


def once(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    if NEW_DAY in argv:
        day = next(_DAYS).isoformat()
        argv = [day if arg == NEW_DAY else arg for arg in argv]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


def paired(
    a: list[str],
    b: list[str],
    runs: int,
    before_a: Callable[[], None] | None = None,
    env_b: dict[str, str] | None = None,
) -> tuple[Sample, Sample]:
    """Run a and b alternately; `before_a` runs (untimed) before each run of a."""
    for argv, env, prepare in ((a, None, before_a), (b, env_b, None)):  # warm the file cache
        if prepare:
            prepare()
        once(argv, env)
    sa, sb = Sample([], 0), Sample([], 0)
    for _ in range(runs):
        if before_a:
            before_a()
        for argv, env, sample in ((a, None, sa), (b, env_b, sb)):
            seconds, rss = once(argv, env)
            sample.seconds.append(seconds)
            sample.rss_kb = max(sample.rss_kb, rss)
    return sa, sb


def book(size: str) -> Path:
    folder = BOOKS / size
    if not (folder / "touchpoints.csv").exists():
        print(f"generating the {size} book ...", file=sys.stderr)
        customers, touchpoints = SIZES[size]
        generate(folder, customers, touchpoints)
    return folder


def import_source(count: int) -> Path:
    """A Google Contacts export of `count` invented people (deterministic)."""
    path = BOOKS / f"import-{count}.csv"
    if path.exists():
        return path
    BOOKS.mkdir(parents=True, exist_ok=True)
    lines = [
        "First Name,Middle Name,Last Name,File As,Organization Name,Birthday,Notes,Labels,"
        "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value"
    ]
    for n in range(count):
        lines.append(
            f"Person{n},,Family{n % 997},,Company {n % 1500},{1950 + n % 50}-"
            f'{1 + n % 12:02d}-{1 + n % 28:02d},"Met at fair {n}\nCall back",* myContacts,'
            f"* Work,person{n}@example.com,Mobile,+1 555 {n:07d}"
        )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def find_taskwarrior() -> str | None:
    """`task`, installed with apt-get when it is missing and we may (root on Debian)."""
    found = shutil.which("task")
    if found or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return found
    print("installing taskwarrior ...", file=sys.stderr)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    for attempt in range(6):  # another apt may hold the lock for a while
        if attempt:
            time.sleep(10)
        if subprocess.run(["apt-get", "install", "-y", "taskwarrior"], **quiet).returncode:
            subprocess.run(["apt-get", "update"], **quiet)
            continue
        break
    return shutil.which("task")


def taskwarrior(folder: Path, count: int) -> dict[str, str] | None:
    """The environment of a private Taskwarrior with `count` pending tasks, or None."""
    task = find_taskwarrior()
    if task is None:
        return None
    rc = folder / "taskrc"
    data = folder / "data"
    data.mkdir(parents=True)
    rc.write_text("confirmation=off\nverbose=nothing\n", encoding="utf-8")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    tasks = "\n".join(
        json.dumps(
            {
                "description": f"Follow up with customer {n}",
                "project": "sales",
                "status": "pending",
                "entry": "20260101T000000Z",
                "due": f"2026{(n % 12) + 1:02d}{(n % 28) + 1:02d}T000000Z",
                "priority": "HML"[n % 3],
                "uuid": f"00000000-0000-4000-8000-{n:012d}",
            }
        )
        for n in range(count)
    )
    subprocess.run(
        [task, "rc.confirmation=off", "rc.verbose=nothing", "import", "-"],
        input=tasks.encode(),
        env=env,
        check=True,
        capture_output=True,
    )
    return env


def row(name: str, target: Sample, base: Sample, base_name: str, goal: str) -> str:
    t, b = statistics.median(target.seconds), statistics.median(base.seconds)
    low, high = min(target.seconds) * 1000, max(target.seconds) * 1000
    return (
        f"| {name} | {t * 1000:.0f} ms ({low:.0f}-{high:.0f}) | {base_name} {b * 1000:.0f} ms "
        f"| {t / b:.1f}x | {target.rss_kb / 1024:.0f} MiB | {goal} |"
    )


def ratio(a: Sample, b: Sample) -> float:
    return statistics.median(a.seconds) / statistics.median(b.seconds)


def appender(folder: Path) -> Callable[[], None]:
    """Append one touchpoint to a book's log, as `aftersale log` would."""
    counter = itertools.count()

    def append() -> None:
        with (folder / "touchpoints.csv").open("a", encoding="utf-8", newline="") as log:
            log.write(f"2026-11-22,C-{next(counter) % 100 + 1:06d},check_in,phone,,,,\n")

    return append


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--large", action="store_true", help="also the 100k customers, 1M touchpoints book"
    )
    args = parser.parse_args()
    runs = args.runs
    scratch = Path(tempfile.mkdtemp(prefix="aftersale-bench-"))
    os.environ["AFTERSALE_CACHE_DIR"] = str(scratch / "cache")  # cold start, not the user's
    try:
        rows = measure(runs, args.large, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("\n".join(rows))


def measure(runs: int, large: bool, scratch: Path) -> list[str]:
    today = ["today", "--date", NEW_DAY, "--format", "plain"]
    cold = [*today, "--no-cache"]
    rows = [
        "| what | aftersale median (min-max) | yardstick | ratio | peak RSS | target |",
        "|---|---|---|---|---|---|",
    ]
    noop = [PY, "-c", "pass"]
    a, b = paired([BIN, "--help"], noop, runs)
    rows.append(row("P1 `--help`", a, b, "`python -c pass`", "<= 8x (13x)"))
    small = book("200")
    a, b = paired([BIN, *cold, "--book", str(small)], noop, runs)
    rows.append(row("P2 `today` 200, piped, cold", a, b, "`python -c pass`", "<= 15x (20x)"))
    a, b = paired([BIN, *today, "--book", str(small)], noop, runs)
    rows.append(row("P2 `today` 200, piped, cached", a, b, "`python -c pass`", "<= 15x (20x)"))
    p2 = statistics.median(a.seconds)
    medium = book("10k")
    floor = [PY, "-c", FLOOR, str(medium)]
    a, b = paired([BIN, *cold, "--book", str(medium)], floor, runs)
    rows.append(row("P3 `today` 10k + 100k, cold", a, b, "CSV floor", "<= 4x (6x)"))
    p3 = ratio(a, b)
    peer = taskwarrior(scratch / "task", 10_000)
    p6 = None
    if peer is not None:
        task_next = ["task", "rc.confirmation=off", "rc.verbose=nothing", "next"]
        a, b = paired([BIN, *today, "--book", str(medium)], task_next, runs, env_b=peer)
        rows.append(
            row("P6 `today` 10k, cached, new day", a, b, "`task next` 10k", "<= 1.0x (1.5x)")
        )
        p6 = statistics.median(a.seconds)
    else:
        rows.append("| P6 | | Taskwarrior not found: this run does not count | | | |")
    copy = scratch / "10k"
    shutil.copytree(medium, copy)
    once([BIN, *today, "--book", str(copy)])  # the morning's run caches the book
    a, b = paired(
        [BIN, "log", "C-000001", "check_in", "--book", str(copy)], noop, max(3, runs // 2)
    )
    rows.append(row("P7 `log`, 10k, cached", a, b, "`python -c pass`", "<= P2"))
    rows.append(f"| P7 / P2 | | | {statistics.median(a.seconds) / p2:.2f} | | <= 1 |")
    a, b = paired([BIN, "check", "--book", str(copy)], noop, runs, before_a=appender(copy))
    rows.append(row("P8 `check` 10k, one row appended", a, b, "`python -c pass`", "<= 1.5x P6"))
    if p6 is not None:
        rows.append(f"| P8 / P6 | | | {statistics.median(a.seconds) / p6:.2f} | | <= 1.5 |")
    rows.append(import_row(runs, scratch))
    if large:
        big = book("100k")
        a, b = paired(
            [BIN, *cold, "--book", str(big)], [PY, "-c", FLOOR, str(big)], max(3, runs // 2)
        )
        rows.append(row("P4 `today` 100k + 1M, cold", a, b, "CSV floor", "<= 4x, 400 MiB"))
        rows.append(f"| P5 growth P3 -> P4 | | | {ratio(a, b) / p3:.2f} | | within 0.85-1.15 |")
        if peer is not None:
            a, b = paired(
                [BIN, *today, "--book", str(big)], task_next, max(3, runs // 2), env_b=peer
            )
            rows.append(row("P6b `today` 100k, cached, new day", a, b, "`task next` 10k", "<= 2x"))
    return rows


def import_row(runs: int, scratch: Path) -> str:
    contacts = import_source(10_000)
    fresh = scratch / "fresh"
    into = scratch / "into"
    fresh.mkdir()
    (fresh / "aftersale.toml").write_text("", encoding="utf-8")
    (fresh / "customers.toml").write_text(
        '[[customer]]\nid = "C-1"\nname = "Anna Berg"\n', encoding="utf-8"
    )
    # Each run imports into a fresh copy of a one-customer book (the copy is two tiny files).
    script = (
        f'rm -rf "{into}" && cp -r "{fresh}" "{into}" && '
        f'exec "{BIN}" import "{contacts}" --book "{into}"'
    )
    once(["sh", "-c", script])
    a, b = paired(["sh", "-c", script], [BIN, "check", "--book", str(into)], runs)
    return row("P9 `import` 10k contacts CSV", a, b, "`check` on the result", "<= 3x")


if __name__ == "__main__":
    main()
