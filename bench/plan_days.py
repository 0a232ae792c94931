"""Time planning alone: plan and schedule a day, for several days, in one process.

    python bench/plan_days.py [BOOK] [DAYS]

BOOK defaults to the generated 10k book (run bench/run.py once to make it).
The book is loaded once (from the cache when it can be); each day then plans
the agenda as `today` does and the CPU time of that is measured, so start-up
and loading do not blur a change to the planner. Prints the median and the
fastest day; compare two versions of the code by running both, one after
the other, on the same machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from aftersale.book.open import load_book
from aftersale.planner import plan
from aftersale.schedule import lapses_told_since, schedule

HERE = Path(__file__).resolve().parent


def main() -> None:
    book_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / ".books" / "10k"
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 14
    book, _ = load_book(book_dir, cache=True)
    working = book.settings.working_days
    capacity = book.settings.agenda.capacity
    seconds = []
    for n in range(days):
        day = date(2026, 12, 1) + timedelta(days=n % 7)
        started = time.process_time()
        result = plan(book, day, missed_since=lapses_told_since(day, working))
        schedule(result.actions, day, day, capacity, working)
        seconds.append(time.process_time() - started)
    print(
        f"plan and schedule, {days} days: median {statistics.median(seconds):.3f} s, "
        f"fastest {min(seconds):.3f} s"
    )


if __name__ == "__main__":
    main()
