"""The command line: parse options, call load -> plan -> render, map errors to exit codes.

Only what every command needs is imported at module level; each command
imports the loader, models and renderers it uses, so `--help` and
`--version` stay fast.
"""

from aftersale.cli import (
    closing,
    drafting,
    entering,
    importing,
    planning,
    recording,
    reviewing,
    setting_up,
)
from aftersale.cli.app import app

__all__ = [
    "app",
    "closing",
    "drafting",
    "entering",
    "importing",
    "planning",
    "recording",
    "reviewing",
    "setting_up",
]
