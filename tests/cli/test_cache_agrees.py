"""The cache never changes an answer: warm, cold and --no-cache print the same bytes.

Small books are generated, then changed the ways books change (rows appended,
same-size edits with the old modification time put back, truncations, deleted
files, other settings, another day asked), and after every change `check`,
`today` and `customer` are asked three ways: with the cache kept from before
the change, with an empty cache folder, and with --no-cache.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aftersale.cli import app

IDS = ("C-1", "C-2", "C-3")
DAYS = ("2026-11-23", "2026-12-01", "2027-03-02", "2026-01-05")
LOG_HEAD = "date,customer,kind,channel,deal,action,note,next\n"

# Mostly valid values, so that most books are clean and the cache folds appended rows;
# now and then a value that is wrong, or right alone but not beside the rest of its column.
dates = st.sampled_from(
    ["2026-11-02", "2026-10-25", "25/10/2026", "2026-11-20", "10/25/2026", "2026-02-30", ""]
)
customer_ids = st.sampled_from([*IDS, *IDS, "C-9"])
kinds = st.sampled_from(["check_in", "thank_you", "meeting", "snooze", "upsell", "bogus"])
notes = st.sampled_from(["", "call back", '"quoted, note"', '"two\nlines"', "café"])


@st.composite
def log_rows(draw: st.DrawFn, valid: bool = False) -> str:
    if valid:
        day = draw(st.sampled_from(["2026-11-02", "25/10/2026", "2026-10-20", "10/25/2026"]))
        customer = draw(st.sampled_from(IDS[:1]))
        kind = draw(st.sampled_from(["check_in", "thank_you", "meeting"]))
    else:
        day, customer, kind = draw(dates), draw(customer_ids), draw(kinds)
    deal = draw(st.sampled_from(["", "D-1", "", "D-404"][: 2 if valid else 4]))
    action = draw(st.sampled_from(["", "thank-you:D-1", "check-in:C-1"]))
    following = draw(st.sampled_from(["", "2026-12-10"]))
    return f"{day},{customer},{kind},phone,{deal},{action},{draw(notes)},{following}"


@st.composite
def books(draw: st.DrawFn) -> dict[str, bytes]:
    customers = ["id,name,birthday,cadence,since"]
    for number, cid in enumerate(IDS[: draw(st.integers(2, 3))]):
        birthday = draw(st.sampled_from(["", "1980-05-02", "2027-03-01", "12-24"]))
        cadence = draw(st.sampled_from(["", "2w", "1m"]))
        customers.append(f"{cid},Person {number},{birthday},{cadence},2026-01-0{number + 1}")
    deals = [
        "id,customer,title,amount,currency,stage,closed_on,delivery_due,delivered_on",
        "D-1,C-1,Boiler,1200,EUR,won,2026-10-20,2026-11-25,",
        "D-2,C-2,Service plan,300,EUR,"
        + draw(st.sampled_from(["open,,,", "lost,2026-11-01,,", "won,2026-11-15,,2026-11-20"])),
    ]
    valid = st.lists(log_rows(valid=True), max_size=4)
    rows = draw(st.one_of(valid, valid, valid, st.lists(log_rows(), max_size=4)))
    log = LOG_HEAD + "".join(row + "\n" for row in rows)
    files = {
        "aftersale.toml": draw(settings_texts).encode(),
        "customers.csv": ("\n".join(customers) + "\n").encode(),
        "deals.csv": ("\n".join(deals) + "\n").encode(),
        "touchpoints.csv": log.encode(),
    }
    if draw(st.sampled_from([True, True, False])):
        files["feedback.csv"] = b"date,customer,score\n10/25/2026,C-1,9\n2026-11-01,C-2,3\n"
    return files


settings_texts = st.sampled_from(
    [
        "",
        "",
        "",
        'date_order = "DMY"\n',
        'date_order = "MDY"\n',
        "[agenda]\ncapacity = 1\n",
        "[playbook.thank_you]\ndue_after_close = 9\n",
        "[scoring]\noverdue = 5\n",
    ]
)
valid_tails = st.lists(log_rows(valid=True), min_size=1, max_size=2).map(
    lambda r: "\n".join(r) + "\n"
)
tails = st.one_of(
    valid_tails,
    valid_tails,
    st.lists(log_rows(), min_size=1, max_size=3).map(lambda r: "\n".join(r) + "\n"),
    st.sampled_from(
        [
            "2026-11-22,C-1,check_in,phone,,,,\r\n",
            '2026-11-22,C-1,check_in,phone,,,"left open,\n',
            "2026-11-22,C-1,check_in,phone,,,,",
            "\n\n",
        ]
    ),
).map(str.encode) | st.sampled_from(
    [b"2026-11-22,C-2,check_in,phone,,,caf\xe9,\n", b"2026-11-22,C-1,meeting,,,,a\x00b,\n"]
)


@st.composite
def changes(draw: st.DrawFn) -> tuple[str, ...]:
    what = draw(
        st.sampled_from(
            ["append", "append", "append", "edit", "edit", "truncate", "delete", "settings", "day"]
        )
    )
    if what == "append":
        return (what, "touchpoints.csv", draw(tails).decode("latin-1"))
    if what == "settings":
        return (what, "aftersale.toml", draw(settings_texts))
    if what == "day":
        return (what, "", draw(st.sampled_from(DAYS)))
    name = draw(
        st.sampled_from(
            ["touchpoints.csv", "touchpoints.csv", "customers.csv", "deals.csv", "feedback.csv"]
        )
    )
    return (what, name, str(draw(st.integers(0, 10_000))))


def change(folder: Path, step: tuple[str, ...]) -> None:
    what, name, value = step
    path = folder / name
    if what == "append" and path.exists():
        with path.open("ab") as stream:
            stream.write(value.encode("latin-1"))
    elif what == "settings":
        path.write_text(value, encoding="utf-8")
    elif what in ("edit", "truncate") and path.exists():
        data = path.read_bytes()
        if not data:
            return
        at = int(value) % len(data)
        if what == "truncate":
            path.write_bytes(data[:at])
            return
        before = path.stat()
        swap = {ord("1"): b"2", ord("2"): b"1", ord("C"): b"D", ord(","): b";", ord("e"): b"a"}
        path.write_bytes(data[:at] + swap.get(data[at], b"0") + data[at + 1 :])
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time
    elif what == "delete":
        path.unlink(missing_ok=True)


CLEAN = {
    "aftersale.toml": b"",
    "customers.csv": b"id,name,birthday\nC-1,Anna Berg,1980-05-02\nC-2,Ben Ode,\n",
    "deals.csv": b"id,customer,title,amount,currency,stage,closed_on\n"
    b"D-1,C-1,Boiler,1200,EUR,won,2026-10-20\n",
    "touchpoints.csv": (LOG_HEAD + "2026-11-02,C-1,check_in,phone,,,,\n").encode(),
    "feedback.csv": b"date,customer,score\n10/25/2026,C-1,9\n",
}
runner = CliRunner()


def answers(folder: Path, day: str, cache: Path, *extra: str) -> list[tuple[int, bytes, bytes]]:
    env = {"AFTERSALE_CACHE_DIR": str(cache), "NO_COLOR": None, "COLUMNS": None}
    out = []
    for args in (
        ["check", "--format", "json"],
        ["today", "--date", day, "--format", "json"],
        ["customer", "C-1", "--date", day, "--format", "json"],
    ):
        result = runner.invoke(app, [*args, "--book", str(folder), *extra], env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        out.append((result.exit_code, result.stdout_bytes, result.stderr_bytes))
    return out


@settings(
    max_examples=int(os.environ.get("AFTERSALE_CACHE_EXAMPLES", "20")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(book=books(), steps=st.lists(changes(), min_size=1, max_size=4))
@example(  # the log reads day-first, feedback (read after it) month-first
    book=CLEAN | {"touchpoints.csv": (LOG_HEAD + "25/10/2026,C-1,check_in,phone,,,,\n").encode()},
    steps=[("append", "touchpoints.csv", "11/20/2026,C-1,check_in,phone,,,,\n")],
)
@example(book=CLEAN, steps=[("append", "touchpoints.csv", "2026-11-22,C-2,meeting,,,,caf\xe9,\n")])
@example(book=CLEAN, steps=[("append", "touchpoints.csv", "2026-11-22,C-2,meeting,,,,a\x00b,\n")])
@example(book=CLEAN, steps=[("append", "touchpoints.csv", '2026-11-22,C-2,meeting,,,"open,\n')])
@example(book=CLEAN, steps=[("edit", "customers.csv", "40"), ("day", "", "2026-12-01")])
@example(book=CLEAN, steps=[("settings", "aftersale.toml", "[agenda]\ncapacity = 1\n")])
def test_warm_cold_and_no_cache_answers_are_byte_identical(
    book: dict[str, bytes], steps: list[tuple[str, ...]]
) -> None:
    with tempfile.TemporaryDirectory(prefix="aftersale-agree-") as tmp:
        folder = Path(tmp) / "book"
        folder.mkdir()
        for name, data in book.items():
            (folder / name).write_bytes(data)
        warm = Path(tmp) / "warm-cache"
        day = DAYS[0]
        first = answers(folder, day, warm)
        assert first == answers(folder, day, warm, "--no-cache")
        for number, step in enumerate(steps):
            change(folder, step)
            if step[0] == "day":
                day = step[2]
            expected = answers(folder, day, warm, "--no-cache")
            assert answers(folder, day, warm) == expected, step  # entry from before the change
            assert answers(folder, day, Path(tmp) / f"cold-{number}") == expected, step
            assert answers(folder, day, warm) == expected, step  # the entry just stored
