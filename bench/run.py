"""Time aftersale as users run it, against yardsticks measured in the same runs.

    python bench/run.py [--runs 7] [--large]

Each target runs as a whole process, interleaved with its yardstick (A/B
pairs), so a noisy machine slows both alike; the ratio of medians is what
the targets are about. Peak memory is the child's maximum resident set size.
Books are generated once into bench/.books (deterministic, see generate.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

PY = sys.executable
NEW_QUESTION = "<new question>"
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


@dataclass
class Sample:
    seconds: list[float]
    rss_kb: int


RUNS = iter(range(1_000_000))


def once(argv: list[str], cwd: str | None = None) -> tuple[float, int]:
    env = None
    if argv and argv[0] == NEW_QUESTION:
        # Another environment each run, so that nothing but the cache of the loaded
        # book can help.
        argv = argv[1:]
        env = {**os.environ, "AFTERSALE_BENCH_RUN": str(next(RUNS))}
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd, env=env
    )
    assert proc.stdout is not None
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


def paired(a: list[str], b: list[str], runs: int) -> tuple[Sample, Sample]:
    once(a), once(b)  # warm the file cache
    sa, sb = Sample([], 0), Sample([], 0)
    for _ in range(runs):
        for argv, sample in ((a, sa), (b, sb)):
            seconds, rss = once(argv)
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


def taskwarrior_data(count: int) -> Path | None:
    if shutil.which("task") is None:
        return None
    folder = BOOKS / f"task{count}"
    rc = folder / "taskrc"
    if not rc.exists():
        folder.mkdir(parents=True, exist_ok=True)
        rc.write_text(
            f"data.location={folder}\nconfirmation=off\nverbose=nothing\n", encoding="utf-8"
        )
        lines = "\n".join(
            f'{{"description":"Follow up with customer {n}","project":"sales",'
            f'"due":"2026{(n % 12) + 1:02d}15T000000Z"}}'
            for n in range(count)
        )
        subprocess.run(
            ["task", f"rc:{rc}", "import", "-"],
            input=lines.encode(),
            check=True,
            capture_output=True,
        )
    return rc


def row(name: str, target: Sample, base: Sample, base_name: str, goal: str) -> str:
    t, b = statistics.median(target.seconds), statistics.median(base.seconds)
    low, high = min(target.seconds) * 1000, max(target.seconds) * 1000
    return (
        f"| {name} | {t * 1000:.0f} ms ({low:.0f}-{high:.0f}) | {base_name} {b * 1000:.0f} ms "
        f"| {t / b:.1f}x | {target.rss_kb / 1024:.0f} MiB | {goal} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--large", action="store_true", help="also the 100k customers, 1M touchpoints book"
    )
    args = parser.parse_args()
    runs = args.runs
    cache = tempfile.TemporaryDirectory(prefix="aftersale-bench-cache-")
    os.environ["AFTERSALE_CACHE_DIR"] = cache.name  # start cold, leave the user's cache alone
    today = ["today", "--date", "2026-11-23", "--format", "plain"]
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
    rows.append(row("P2 `today`, 200 customers, cold", a, b, "`python -c pass`", "<= 20x (25x)"))
    a, b = paired([NEW_QUESTION, BIN, *today, "--book", str(small)], noop, runs)
    rows.append(row("P2 ... book cached", a, b, "`python -c pass`", "<= 20x (25x)"))
    medium = book("10k")
    floor = [PY, "-c", FLOOR, str(medium)]
    a, b = paired([BIN, *cold, "--book", str(medium)], floor, runs)
    rows.append(row("P3 `today`, 10k + 100k, cold", a, b, "CSV floor", "<= 4x (5x)"))
    p3 = statistics.median(a.seconds) / statistics.median(b.seconds)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(medium, copy)
        once([BIN, *today, "--book", str(copy)])  # the morning's run caches the book
        a, b = paired(
            [BIN, "log", "C-000001", "check_in", "--book", str(copy)], noop, max(3, runs // 2)
        )
    rows.append(row("P7 `log`, 10k book", a, b, "`python -c pass`", "<= P2"))
    contacts = import_source(10_000)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh"
        into = Path(tmp) / "into"
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
    rows.append(row("P8 `import` 10k contacts CSV", a, b, "`check` on the result", "<= 3x"))
    rc = taskwarrior_data(10_000)
    if rc is not None:
        peer = ["task", f"rc:{rc}", "next"]
        a, b = paired([NEW_QUESTION, BIN, *today, "--book", str(medium)], peer, runs)
        rows.append(row("P6 `today` 10k, book cached", a, b, "`task next` 10k", "<= 1.0x (1.5x)"))
    if args.large:
        large = book("100k")
        a, b = paired(
            [BIN, *cold, "--book", str(large)], [PY, "-c", FLOOR, str(large)], max(3, runs // 2)
        )
        rows.append(row("P4 `today`, 100k + 1M, cold", a, b, "CSV floor", "<= 4x, 500 MiB"))
        p4 = statistics.median(a.seconds) / statistics.median(b.seconds)
        rows.append(f"| P5 growth P3 -> P4 | | | {p4 / p3:.2f} | | within 0.85-1.15 |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
