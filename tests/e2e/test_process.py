"""The installed command run as a real process, the way cron and shells run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeBook

BIN = Path(sys.executable).parent / "aftersale"


def run(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd or Path.cwd())}
    return subprocess.run(
        [str(BIN), *map(str, args)],
        capture_output=True,
        env=env if env is not None else base,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_the_console_script_is_installed() -> None:
    assert BIN.is_file()
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("aftersale ")


def test_python_dash_m_runs_the_same_program_as_the_script() -> None:
    from aftersale import __version__

    result = subprocess.run(
        [sys.executable, "-m", "aftersale", "--version"], capture_output=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.decode() == f"aftersale {__version__}\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("check", "--demo"), "25 customers"),
        (("today", "--demo", "--date", "2026-11-23"), "14 follow-ups for Mon 23 Nov 2026"),
        (("today", "--demo", "--date", "2026-11-23"), "1. Marco Rossi (Rossi Costruzioni S.r.l.)"),
        (("today", "--demo", "--date", "2026-11-23"), "王芳"),
    ],
)
def test_cron_bare_environment(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    """cron gives PATH=/usr/bin:/bin, a HOME and nothing else: no LANG, no TERM, no TTY."""
    result = run(*args, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout.decode("utf-8")
    assert b"\x1b" not in result.stdout
    assert result.stderr == b""


@pytest.mark.parametrize(
    "env_extra",
    [{"TERM": "dumb"}, {"NO_COLOR": "1"}, {"FORCE_COLOR": "1"}, {"COLUMNS": "120"}],
)
def test_a_pipe_never_gets_colour_codes(tmp_path: Path, env_extra: dict[str, str]) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env_extra}
    result = run("today", "--demo", "--date", "2026-11-23", env=env, cwd=tmp_path)
    assert result.returncode == 0
    assert b"\x1b" not in result.stdout


def test_today_in_a_legacy_locale_replaces_what_it_cannot_encode(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "en_US.ISO-8859-1",
        "PYTHONUTF8": "0",
        "PYTHONIOENCODING": "latin-1",
    }
    result = run("today", "--demo", "--date", "2026-11-23", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"Marco Rossi" in result.stdout
    assert b"?" in result.stdout  # 王芳 cannot be written in Latin-1
    assert b"Traceback" not in result.stderr


def test_today_into_head_stops_quietly(tmp_path: Path) -> None:
    result = subprocess.run(
        f"{BIN} today --demo --date 2026-11-23 | head -1",
        shell=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=60,
        check=False,
        executable="/bin/bash",
    )
    assert result.stdout == b"10 customers, 14 follow-ups for Mon 23 Nov 2026, 10 overdue\n"
    assert result.stderr == b""


@pytest.mark.parametrize(
    "locale_env",
    [
        {"LC_ALL": "C"},
        {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "latin-1"},
        {"LANG": "en_US.ISO-8859-1", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"},
    ],
)
def test_non_utf8_locales_never_crash(
    make_book: MakeBook, tmp_path: Path, locale_env: dict[str, str]
) -> None:
    book = make_book({"customers.csv": "id,name,email\nC-1,王芳,wang@\n"})
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **locale_env}
    result = run("check", "--book", book, env=env, cwd=tmp_path)
    assert result.returncode == 65
    assert b"customers.csv:2: error: email" in result.stdout
    assert b"Traceback" not in result.stderr


def test_a_reader_that_stops_early_is_not_an_error(make_book: MakeBook, tmp_path: Path) -> None:
    rows = "".join(f"C-{n},Name {n},bad-{n}@\n" for n in range(20000))
    book = make_book({"customers.csv": "id,name,email\n" + rows})
    with subprocess.Popen(
        [str(BIN), "check", "--book", str(book)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read()
        assert process.wait(timeout=60) == 0
    assert b"error: email" in first
    assert stderr == b""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("check", "--book", "{empty}"), 66),
        (("check", "--nonsense"), 2),
        (("check", "--book", "{bad_data}"), 65),
        (("check", "--book", "{bad_config}"), 78),
        (("init", "{bad_data}"), 73),
        (("check", "--book", "{good}"), 0),
    ],
)
def test_exit_codes_of_the_real_process(
    make_book: MakeBook, tmp_path: Path, args: tuple[str, ...], code: int
) -> None:
    places = {
        "empty": tmp_path,
        "bad_data": make_book({"customers.csv": "id,name\nC-1,\n"}),
        "bad_config": make_book({"aftersale.toml": 'timezone = "Nowhere/Land"\n'}),
        "good": make_book(),
    }
    result = run(*(a.format(**places) for a in args), cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert b"Traceback" not in result.stderr


def _run_with_closed(fds: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run through a shell that closes the given streams (`>&-`, `2>&-`, `<&-`)."""
    command = " ".join([str(BIN), *args, fds])
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(
        ["/bin/sh", "-c", command], capture_output=True, env=env, cwd=cwd, check=False
    )


def test_a_closed_stdout_is_no_crash_and_the_record_is_still_written(
    tmp_path: Path, make_book: MakeBook
) -> None:
    book = make_book()
    result = _run_with_closed(
        ">&- <&-", "log", "C-1", "check_in", "--book", str(book), "--note", "closed", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert "closed" in (book / "touchpoints.csv").read_text()


def test_a_closed_stdout_never_lands_in_a_file_the_command_opens(
    tmp_path: Path, make_book: MakeBook
) -> None:
    book = make_book()
    before = {p.name: p.read_bytes() for p in book.iterdir() if p.is_file()}
    result = _run_with_closed(">&-", "today", "--book", str(book), "--all", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in book.iterdir() if p.is_file()} == before


def test_closed_stdout_and_stderr_still_give_the_exit_code(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = _run_with_closed(">&- 2>&-", "check", "--book", str(missing), cwd=tmp_path)
    assert result.returncode == 66
