"""Valid books, generated, then broken in the ways files get broken; never a traceback.

HYPOTHESIS_PROFILE=ci runs many more examples than the default local profile.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aftersale.book.open import load_book
from aftersale.cli import app
from aftersale.errors import exit_code_for
from aftersale.planner import plan

TODAY = date(2026, 11, 23)
ALLOWED = {0, 65, 66, 78}
# Terminal controls, an OSC 8 link, bidi overrides and rich markup in one value.
HOSTILE = "[bold]X[/] \x1b[31m\x1b]8;;https://e.example/\x07l\x1b]8;;\x07\x07\x9b2J\u202eY\u2066"
# What no output may carry: C0 controls but tab, newline and carriage return, DEL, C1
# controls, and the bidirectional and invisible formatting characters.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
# Every command that reads a book; an action id and a customer id are filled in.
COMMANDS = [
    ["check"],
    ["check", "--format", "json"],
    ["today", "--all"],
    ["today", "--all", "--format", "table"],
    ["today", "--all", "--format", "markdown"],
    ["today", "--all", "--format", "csv"],
    ["today", "--format", "email", "--to", "me@example.com"],
    ["upcoming", "--days", "30"],
    ["export", "--format", "ics"],
    ["customer", "{customer}"],
    ["customer", "{customer}", "--format", "json"],
    ["account", "{customer}"],
    ["explain", "{action}"],
    ["nps"],
    ["report", "--month"],
    ["review", "--stats"],
    ["log", "{customer}", "check_in", "--note", HOSTILE],
    ["done", "{action}"],
    ["snooze", "{action}", "--until", "2026-12-24"],
]
UNDATED = {"check"}
# Usage errors are fair: a mutated book may lose the customer or action asked for.
ALLOWED_CLI = {0, 2, 3, 65, 66, 78}
names = st.just(HOSTILE) | st.text(
    alphabet=st.sampled_from([*"abcdefghij ABC,;\"'-.", "é", "王", "Ж", "\n"]),
    min_size=1,
    max_size=16,
).filter(lambda s: s.strip())
days = st.integers(min_value=-500, max_value=90).map(
    lambda n: (TODAY + timedelta(days=n)).isoformat()
)


def to_csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@st.composite
def valid_books(draw: st.DrawFn) -> dict[str, str]:
    customers = [f"C-{n}" for n in range(draw(st.integers(1, 6)))]
    customer_rows = [
        [
            cid,
            draw(names),
            draw(st.sampled_from(["", "phone", "email", "visit"])),
            draw(st.sampled_from(["", "2w", "1m", "quarterly"])),
            draw(st.sampled_from(["", "02-29", "11-25"])),
            draw(st.sampled_from(["", "0.2", "0.8"])),
            str(draw(st.integers(0, 100000))),
        ]
        for cid in customers
    ]
    deal_rows = []
    owner: dict[str, str] = {}
    for n in range(draw(st.integers(0, 5))):
        cid = draw(st.sampled_from(customers))
        stage = draw(st.sampled_from(["open", "won", "lost"]))
        closed = draw(days) if stage != "open" else ""
        delivered = draw(st.sampled_from(["", closed])) if stage == "won" else ""
        deal_rows.append(
            [f"D-{n}", cid, stage, closed, delivered, str(draw(st.integers(0, 50000)))]
        )
        owner[f"D-{n}"] = cid
    touch_rows = []
    for _ in range(draw(st.integers(0, 8))):
        cid = draw(st.sampled_from(customers))
        deals = [d for d, c in owner.items() if c == cid]
        touch_rows.append(
            [
                draw(days),
                cid,
                draw(
                    st.sampled_from(["check_in", "thank_you", "meeting", "recovery", "value_add"])
                ),
                draw(st.sampled_from(["", *deals])),
                draw(names),
            ]
        )
    feedback_rows = [
        [
            draw(days),
            draw(st.sampled_from(customers)),
            str(draw(st.integers(0, 10))),
            draw(st.sampled_from(["", "product", "price"])),
        ]
        for _ in range(draw(st.integers(0, 4)))
    ]
    case_rows = []
    for n in range(draw(st.integers(0, 3))):
        opened = draw(days)
        resolved = draw(
            st.sampled_from(["", (date.fromisoformat(opened) + timedelta(days=3)).isoformat()])
        )
        case_rows.append(
            [
                f"K-{n}",
                draw(st.sampled_from(customers)),
                opened,
                draw(st.sampled_from(["critical", "high", "low"])),
                resolved,
                "cause" if resolved else "",
            ]
        )
    promise_rows = [
        [f"P-{n}", draw(st.sampled_from(customers)), draw(names), draw(days)]
        for n in range(draw(st.integers(0, 3)))
    ]
    return {
        "customers.csv": to_csv(
            ["id", "name", "channel", "cadence", "birthday", "share_of_wallet", "annual_value"],
            customer_rows,
        ),
        "deals.csv": to_csv(
            ["id", "customer", "stage", "closed_on", "delivered_on", "amount"], deal_rows
        ),
        "touchpoints.csv": to_csv(["date", "customer", "kind", "deal", "note"], touch_rows),
        "feedback.csv": to_csv(["date", "customer", "score", "category"], feedback_rows),
        "cases.csv": to_csv(
            ["id", "customer", "opened", "severity", "resolved_on", "root_cause"], case_rows
        ),
        "promises.csv": to_csv(["id", "customer", "what", "due"], promise_rows),
    }


@contextmanager
def written(files: dict[str, bytes | str]) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        (folder / "aftersale.toml").write_text(
            'working_days = ["mon","tue","wed","thu","fri","sat","sun"]\n'
        )
        for name, data in files.items():
            (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        yield folder
    finally:
        shutil.rmtree(folder)


@given(valid_books())
def test_valid_books_load_clean_and_plan_deterministically(files: dict[str, str]) -> None:
    with written(dict(files)) as folder:
        book, problems = load_book(folder)
    assert [p for p in problems if p.is_error] == []
    first = plan(book, TODAY, days=30)
    second = plan(book, TODAY, days=30)
    assert [(a.id, a.score) for a in first.actions] == [(a.id, a.score) for a in second.actions]
    assert all(a.customer in book.customer_by_id for a in first.actions)


@given(valid_books(), st.data())
def test_shuffled_columns_mean_the_same_book(files: dict[str, str], data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(files)))
    rows = list(csv.reader(io.StringIO(files[name])))
    order = data.draw(st.permutations(range(len(rows[0]))))
    shuffled = to_csv([rows[0][i] for i in order], [[r[i] for i in order] for r in rows[1:]])
    with written(files) as a, written({**files, name: shuffled}) as b:
        before, after = load_book(a)[0], load_book(b)[0]
    assert [r.model_dump(exclude={"line"}) for r in getattr(before, name[:-4])] == [
        r.model_dump(exclude={"line"}) for r in getattr(after, name[:-4])
    ]


ODD_VALUES = st.sampled_from(
    [
        "0",
        "-1",
        "1e9",
        "31/02/2026",
        "2026-1-1",
        "N/A",
        "",
        " ",
        "=1+1",
        "2026-02-29",
        "99999999999999999999",
        "\x00",
        "Ж",
        HOSTILE,
    ]
)


@st.composite
def broken_books(draw: st.DrawFn) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = dict(draw(valid_books()))
    name = draw(st.sampled_from(sorted(files)))
    text = str(files[name])
    how = draw(st.sampled_from(["flip", "truncate", "encode", "value", "drop_header"]))
    if how == "flip" and text:
        raw = bytearray(text.encode("utf-8"))
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(raw) - 1))
            raw[at] ^= draw(st.integers(1, 255))
        files[name] = bytes(raw)
    elif how == "truncate":
        raw = text.encode("utf-8")
        files[name] = raw[: draw(st.integers(0, len(raw)))]
    elif how == "encode":
        files[name] = text.encode(
            draw(st.sampled_from(["cp1252", "utf-16", "utf-16-le", "gb18030"])), errors="replace"
        )
    elif how == "value":
        rows = list(csv.reader(io.StringIO(text)))
        if len(rows) > 1:
            row = draw(st.integers(1, len(rows) - 1))
            col = draw(st.integers(0, len(rows[row]) - 1))
            rows[row][col] = draw(ODD_VALUES)
        files[name] = to_csv(rows[0], rows[1:])
    else:
        files[name] = "\n".join(text.splitlines()[1:])
    return files


@given(broken_books())
def test_broken_books_give_located_problems_never_a_traceback(
    files: dict[str, bytes | str],
) -> None:
    with written(files) as folder:
        book, problems = load_book(folder)
        plan(book, TODAY, days=7)
    for problem in problems:
        assert problem.file
        assert isinstance(problem.line, int)
        assert problem.line >= 0
        assert problem.message
    assert int(exit_code_for(problems)) in ALLOWED


@given(broken_books())
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
def test_broken_books_through_the_command_line(files: dict[str, bytes | str]) -> None:
    runner = CliRunner()
    with written(files) as folder:
        for args in (["check"], ["today", "--date", "2026-11-23", "--format", "json"]):
            result = runner.invoke(app, [*args, "--book", str(folder)])
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                result.exception
            )
            assert result.exit_code in ALLOWED
            assert "Traceback" not in result.output


@given(
    st.one_of(valid_books(), broken_books()),
    st.lists(st.sampled_from(range(len(COMMANDS))), min_size=3, max_size=6, unique=True),
)
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=30, deadline=None)
def test_every_command_over_mutated_books_with_hostile_text(
    files: dict[str, bytes | str], picked: list[int]
) -> None:
    runner = CliRunner()
    with written(files) as folder:
        dated = ["--book", str(folder), "--date", TODAY.isoformat()]
        listed = runner.invoke(app, ["today", "--all", "--format", "json", *dated])
        try:
            actions = json.loads(listed.stdout)["actions"]
        except (ValueError, KeyError):
            actions = []
        fill = {
            "action": actions[0]["id"] if actions else "check-in:C-0:2026-11-23",
            "customer": actions[0]["customer"] if actions else "C-0",
        }
        for index in picked:
            args = [part.format(**fill) for part in COMMANDS[index]]
            options = dated if args[0] not in UNDATED else dated[:2]
            result = runner.invoke(app, [*args, *options])
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                args,
                result.exception,
            )
            assert result.exit_code in ALLOWED_CLI, (args, result.output)
            output = result.stdout + result.stderr
            assert "Traceback" not in output
            found = FORBIDDEN.search(output)
            assert found is None, (args, found[0], output[max(0, found.start() - 80) :][:160])
