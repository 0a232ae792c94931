"""The entry point: prepare the standard streams, then run the command line.

Nothing heavy is imported here, so `--help` and `--version` stay fast.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def prepare_streams() -> None:
    """Never crash on a closed stream or a legacy locale.

    A standard stream closed by the caller (`>&-`, `2>&-`) is opened on the null
    device, as a stream nobody reads: otherwise the next file opened (the book's lock,
    a cache entry) would take its number and receive the output. Unencodable
    characters become '?' instead of an error.
    """
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))  # noqa: SIM115
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
