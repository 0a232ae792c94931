"""Hand a finished message to the local mail system, the way cron's own mail goes out."""

from __future__ import annotations

import subprocess

from aftersale.errors import AftersaleError, ExitCode


class MailError(AftersaleError):
    exit_code = ExitCode.UNAVAILABLE


def send(message: bytes, command: tuple[str, ...], *, timeout: float = 60) -> None:
    """Run the mail command (no shell) with the message on its standard input."""
    if not command:
        raise MailError("no mail command is set ([mail] command in aftersale.toml)")
    try:
        result = subprocess.run(
            list(command), input=message, capture_output=True, timeout=timeout, check=False
        )
    except FileNotFoundError:
        raise MailError(
            f"the mail command {command[0]!r} was not found; install a mail server (for "
            "example exim4 or postfix) or set [mail] command in aftersale.toml"
        ) from None
    except (OSError, subprocess.TimeoutExpired) as error:
        raise MailError(f"the mail command {command[0]!r} failed: {error}") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise MailError(
            f"the mail command {command[0]!r} exited {result.returncode}"
            + (f": {detail[-1]}" if detail else "")
        )
