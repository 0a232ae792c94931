"""The entry point: prepare the standard streams, then run the command line.

Nothing heavy is imported here, so `--help` and `--version` stay fast.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def prepare_streams() -> None:
    """Never crash on a legacy locale: unencodable characters become '?' instead."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> NoReturn:
    args = sys.argv[1:] if argv is None else argv
    prepare_streams()
    # aftersale uses no pydantic plugins; looking for them scans every installed
    # package's metadata, a noticeable share of a short command's start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from aftersale.cli.app import run_command_line

    sys.exit(run_command_line(args))
