"""`add` and `won` as real processes: at the same time, killed mid-write, in a bare environment."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import tomli

from aftersale.book.open import load_book
from tests.conftest import MakeBook

BIN = Path(sys.executable).parent / "aftersale"

TOML_DEALS = """\
# Deals. This comment and the layout below must survive every write.

[[deal]]
id = "D-1042"   # the one to win
customer = "C-1"
title = "Two ovens"
stage = "open"
"""


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *map(str, args)], capture_output=True, text=True, timeout=60, env=env
    )


def test_concurrent_add_deal_runs_hand_out_distinct_ids_and_lose_none(
    make_book: MakeBook,
) -> None:
    book = make_book({"deals.toml": TOML_DEALS})
    procs = [
        subprocess.Popen(
            [str(BIN), "add", "deal", "C-1", f"Order {i}", "--quiet", "--book", str(book)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(8)
    ]
    printed = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        printed.append(out.strip())
    assert sorted(printed) == [f"D-{n}" for n in range(1043, 1051)]
    deals = tomli.loads((book / "deals.toml").read_text(encoding="utf-8"))["deal"]
    assert sorted(d["title"] for d in deals[1:]) == sorted(f"Order {i}" for i in range(8))
    assert {d["id"]: d["title"] for d in deals} == dict(
        zip(printed, [f"Order {i}" for i in range(8)], strict=True)
    ) | {"D-1042": "Two ovens"}
    assert (book / "deals.toml").read_text(encoding="utf-8").startswith(TOML_DEALS)
    _, problems = load_book(book)
    assert problems == []


def test_concurrent_add_customer_runs_on_a_csv_book_keep_every_row(make_book: MakeBook) -> None:
    book = make_book({"customers.csv": "id,name,since\r\nC-1,Anna Berg,2026-01-01\r\n"})
    procs = [
        subprocess.Popen(
            [str(BIN), "add", "customer", "Same Name", "-q", "--book", str(book)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    ids = sorted(p.communicate(timeout=120)[0].strip() for p in procs)
    assert ids == sorted(["same-name", *(f"same-name-{n}" for n in range(2, 7))])
    loaded, problems = load_book(book)
    assert problems == []
    assert len(loaded.customers) == 7


def test_a_killed_write_leaves_the_file_as_it_was_or_complete(make_book: MakeBook) -> None:
    book = make_book({"deals.toml": TOML_DEALS})
    rng = random.Random(20261202)
    for round_ in range(10):
        proc = subprocess.Popen(
            [str(BIN), "add", "deal", "C-1", f"Round {round_}", "--book", str(book)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 0.6))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        text = (book / "deals.toml").read_text(encoding="utf-8")
        assert text.startswith(TOML_DEALS)
        deals = tomli.loads(text)["deal"]
        assert all(set(d) >= {"id", "customer", "title"} for d in deals)
        assert len({d["id"] for d in deals}) == len(deals)
    # A writer killed between its temporary file and the rename leaves the temporary
    # behind; the next writer, under the book's lock, removes it.
    finished = subprocess.run(
        [str(BIN), "add", "deal", "C-1", "After the kills", "--quiet", "--book", str(book)],
        capture_output=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert not [p.name for p in book.iterdir() if p.name.endswith(".tmp")]
    _, problems = load_book(book)
    assert problems == []


def test_won_from_cron_s_bare_environment_edits_in_place_and_plans_the_thank_you(
    make_book: MakeBook,
) -> None:
    book = make_book({"deals.toml": TOML_DEALS})
    env = {"PATH": "/usr/bin:/bin", "AFTERSALE_CACHE_DIR": str(book.parent / "cache")}
    result = run("won", "D-1042", "--date", "2026-11-30", "--book", book, env=env)
    assert result.returncode == 0, result.stderr
    assert "thank-you:D-1042" in result.stdout
    text = (book / "deals.toml").read_text(encoding="utf-8")
    assert text == TOML_DEALS.replace('stage = "open"\n', 'stage = "won"\nclosed_on = 2026-11-30\n')
    agenda = run("today", "--date", "2026-12-01", "--format", "plain", "--book", book, env=env)
    assert "thank-you:D-1042" in agenda.stdout


def test_bad_input_in_a_real_process_exits_65_and_writes_nothing(make_book: MakeBook) -> None:
    book = make_book({"deals.toml": TOML_DEALS})
    before = (book / "deals.toml").read_bytes()
    result = run("add", "deal", "C-1", "Oven", "--currency", "euros", "--book", book)
    assert result.returncode == 65
    assert result.stderr.startswith("aftersale: nothing written: --currency: expected")
    assert (book / "deals.toml").read_bytes() == before


def test_draft_email_from_a_bare_environment_is_a_message_the_stdlib_parses() -> None:
    from email import policy
    from email.parser import BytesParser

    env = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [str(BIN), "draft", "thank-you:D-1009", "--demo", "--date", "2026-11-23", "--format",
         "email"],
        capture_output=True,
        timeout=60,
        env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    message = BytesParser(policy=policy.default).parsebytes(result.stdout)
    assert message["To"].addresses[0].addr_spec == "mateus@oliveiracafe.example"
    assert message["Subject"].startswith("Thank you for your order")
    assert "Dear Mateus," in message.get_body().get_content()
