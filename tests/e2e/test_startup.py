"""Start-up stays lean: help and version load none of the heavy modules."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from aftersale.start import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = [m for m in {modules!r} if m in sys.modules]
print("heavy=" + ",".join(heavy))
"""


HEAVY = ["rich", "pydantic", "dateutil", "aftersale.planner", "aftersale.models"]


@pytest.mark.parametrize(
    ("args", "modules"),
    [
        (["--help"], HEAVY),
        (["--version"], HEAVY),
        # Typer itself validates a command's options with pydantic.
        (["today", "--help"], [m for m in HEAVY if m != "pydantic"]),
    ],
)
def test_help_and_version_do_not_import_heavy_modules(args: list[str], modules: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, modules=modules)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines()[-1] == "heavy="
