"""Start-up stays lean: help and version load none of the heavy modules."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from aftersale.cli import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = [m for m in ("rich", "pydantic", "dateutil", "aftersale.planner", "aftersale.models")
         if m in sys.modules]
print("heavy=" + ",".join(heavy))
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["today", "--help"]])
def test_help_and_version_do_not_import_heavy_modules(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines()[-1] == "heavy="
