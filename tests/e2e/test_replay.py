"""Replayed answers: given only when nothing they depend on has changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from aftersale import replay

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent / "aftersale"
MARK = "REPLAYED FROM THE CACHE\n"
TODAY = ("today", "--date", "2026-11-23", "--format", "plain")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(ROOT / "examples" / "demo", folder)
    return folder


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "AFTERSALE_CACHE_DIR": str(tmp_path / "cache"),
        **extra,
    }


def run(
    tmp_path: Path, *args: str | Path, cwd: Path | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *map(str, args)],
        capture_output=True,
        text=True,
        env=env_for(tmp_path, **extra),
        cwd=cwd or tmp_path,
        timeout=120,
        check=False,
    )


def answers(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "answers").glob("*.json"))


def mark_answers(tmp_path: Path) -> None:
    """Put a marker in every stored answer, so that a replay shows itself."""
    for path in answers(tmp_path):
        entry = json.loads(path.read_text(encoding="utf-8"))
        entry["stdout"] = MARK + entry["stdout"]
        path.write_text(json.dumps(entry), encoding="utf-8")


def test_the_same_question_is_answered_from_the_cache(tmp_path: Path, book: Path) -> None:
    first = run(tmp_path, *TODAY, "--book", book)
    assert first.returncode == 0
    assert "Marco Rossi" in first.stdout
    assert len(answers(tmp_path)) == 1
    assert answers(tmp_path)[0].stat().st_mode & 0o777 == 0o600
    mark_answers(tmp_path)
    again = run(tmp_path, *TODAY, "--book", book)
    assert again.stdout == MARK + first.stdout
    assert (again.returncode, again.stderr) == (first.returncode, first.stderr)


def test_an_edit_of_the_same_size_and_time_is_not_replayed_over(tmp_path: Path, book: Path) -> None:
    run(tmp_path, *TODAY, "--book", book)
    mark_answers(tmp_path)
    path = book / "customers.toml"
    before = path.stat()
    path.write_text(
        path.read_text(encoding="utf-8").replace("Marco Rossi", "Marco Rassi"), encoding="utf-8"
    )
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = run(tmp_path, *TODAY, "--book", book)
    assert MARK not in after.stdout
    assert "Marco Rassi" in after.stdout


@pytest.mark.parametrize(
    "change",
    [
        {"args": ("--limit", "3")},
        {"env": {"NO_COLOR": "1"}},
        {"args": ("--no-cache",)},
    ],
)
def test_another_command_line_or_environment_is_another_question(
    tmp_path: Path, book: Path, change: dict[str, object]
) -> None:
    run(tmp_path, *TODAY, "--book", book)
    mark_answers(tmp_path)
    args = change.get("args", ())
    env = change.get("env", {})
    assert isinstance(args, tuple)
    assert isinstance(env, dict)
    result = run(tmp_path, *TODAY, "--book", book, *args, **env)
    assert result.returncode == 0
    assert MARK not in result.stdout


def test_an_answer_of_another_day_is_not_replayed(tmp_path: Path, book: Path) -> None:
    run(tmp_path, *TODAY, "--book", book)
    mark_answers(tmp_path)
    for path in answers(tmp_path):
        entry = json.loads(path.read_text(encoding="utf-8"))
        day = datetime.strptime(entry["book"]["day"], "%Y-%m-%d") - timedelta(days=1)
        entry["book"]["day"] = day.date().isoformat()
        path.write_text(json.dumps(entry), encoding="utf-8")
    assert MARK not in run(tmp_path, *TODAY, "--book", book).stdout


def test_a_book_found_elsewhere_now_is_not_replayed_over(tmp_path: Path, book: Path) -> None:
    inner = book / "team"
    inner.mkdir()
    first = run(tmp_path, *TODAY, cwd=inner)
    assert "Marco Rossi" in first.stdout  # found upwards from team/
    mark_answers(tmp_path)
    (inner / "aftersale.toml").write_text("", encoding="utf-8")
    (inner / "customers.toml").write_text(
        '[[customer]]\nid = "T-1"\nname = "Tove Lind"\n', encoding="utf-8"
    )
    second = run(tmp_path, *TODAY, cwd=inner)
    assert MARK not in second.stdout
    assert "Marco Rossi" not in second.stdout


def test_errors_and_exit_codes_are_replayed_too(tmp_path: Path, book: Path) -> None:
    with (book / "deals.csv").open("a", encoding="utf-8") as deals:
        deals.write("D-999,C-404,Ghost deal,100,EUR,won,2026-11-01,,\n")
    first = run(tmp_path, *TODAY, "--book", book)
    assert first.returncode == 65
    assert "the book has 1 error" in first.stderr
    mark_answers(tmp_path)
    again = run(tmp_path, *TODAY, "--book", book)
    assert (again.returncode, again.stderr) == (65, first.stderr)
    assert again.stdout.startswith(MARK)


def test_email_and_cut_short_answers_are_not_kept(tmp_path: Path, book: Path) -> None:
    email = run(tmp_path, "today", "--book", book, "--format", "email", "--to", "me@example.com")
    assert email.returncode == 0
    assert answers(tmp_path) == []
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    big = tmp_path / "big"
    generate(big, 2_000, 20_000)
    cut = subprocess.run(
        f"'{BIN}' today --book '{big}' --date 2026-11-23 --all --format plain | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        env=env_for(tmp_path),
        timeout=120,
        check=False,
    )
    assert cut.stdout.startswith("1") or "follow-up" in cut.stdout
    assert answers(tmp_path) == []


def test_a_run_across_midnight_is_not_kept(monkeypatch: pytest.MonkeyPatch, book: Path) -> None:
    recorder = replay._Recorder(Path("unused"), replay._Tee(sys.stdout), replay._Tee(sys.stderr))
    recorder.files = {}
    recorder.started = datetime.now().astimezone() - timedelta(days=1)
    monkeypatch.setattr(replay, "_current", recorder)
    replay.final(None)
    assert not recorder.final
    recorder.started = datetime.now().astimezone()
    replay.final(None)
    assert recorder.final


PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write(
    "heavy=" + ",".join(m for m in ("typer", "pydantic", "rich", "aftersale.models")
                        if m in sys.modules)))
from aftersale.start import main
main({args!r})
"""


def test_a_replay_imports_nothing_heavy(tmp_path: Path, book: Path) -> None:
    args = [*TODAY, "--book", str(book)]
    probe = [sys.executable, "-c", PROBE.format(args=args)]
    env = env_for(tmp_path)
    first = subprocess.run(probe, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert first.stderr.endswith("heavy=typer,pydantic,aftersale.models")
    again = subprocess.run(probe, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert again.stdout == first.stdout
    assert again.stderr.endswith("heavy=")
