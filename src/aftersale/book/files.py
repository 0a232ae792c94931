"""The files a book may hold, their fingerprints, and where cached results of them go.

Kept free of heavy imports: the start-up path reads it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SETTINGS_FILE = "aftersale.toml"
DATA_FILES = (
    "customers.toml",
    "customers.csv",
    "contacts.csv",
    "deals.toml",
    "deals.csv",
    "promises.csv",
    "touchpoints.csv",
    "feedback.csv",
    "cases.csv",
    "reviews.csv",
)
FILES = (SETTINGS_FILE, *DATA_FILES)
LOG = "touchpoints.csv"
_CHUNK = 1 << 20


def cache_dir() -> Path:
    """$AFTERSALE_CACHE_DIR, or the user cache folder (~/.cache/aftersale on Linux).

    Raises OSError when there is none; callers then work without a cache.
    """
    override = os.environ.get("AFTERSALE_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("aftersale", appauthor=False))
    if not folder.is_absolute():  # no home folder (a bare environment): no cache
        raise OSError(f"no user cache folder (got {folder})")
    return folder


def private_folder(name: str) -> Path:
    """A folder in the cache, created readable by the owner only (it holds customer data)."""
    root = cache_dir()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder = root / name
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder


def write_private(path: Path, entry: object) -> None:
    """Store a cache entry as JSON, whole or not at all, in a private folder (0700, 0600).

    Raises OSError or ValueError; callers treat a cache that cannot be written as no cache.
    """
    import json
    import tempfile

    folder = private_folder(path.parent.name)
    data = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    fd, temp = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=folder)  # 0600
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data.encode("utf-8", "surrogateescape"))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class LogPrint:
    """The log's digest up to a cached length, and the shape of the whole file."""

    prefix: str | None
    lines: int
    ends_line: bool


def _digest(path: Path, prefix_size: int | None) -> tuple[list[Any] | None, LogPrint | None]:
    """[size, digest] of a file (None when absent), and for the log its `LogPrint`."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        return None, None
    is_log = path.name == LOG
    hasher = hashlib.blake2b(digest_size=20)
    size = lines = 0
    prefix: str | None = None
    last = b""
    with stream:
        while True:
            want = _CHUNK
            if prefix_size is not None and prefix is None and size < prefix_size:
                want = min(_CHUNK, prefix_size - size)
            chunk = stream.read(want)
            if prefix_size is not None and prefix is None and size == prefix_size:
                prefix = hasher.copy().hexdigest()
            if not chunk:
                break
            hasher.update(chunk)
            if is_log:
                lines += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
                if last == b"\r" and chunk[:1] == b"\n":
                    lines -= 1
                last = chunk[-1:]
            size += len(chunk)
    log = LogPrint(prefix, lines, last == b"\n") if is_log else None
    return [size, hasher.hexdigest()], log


def fingerprint(book_dir: Path, log_prefix: int | None = None) -> tuple[dict[str, Any], LogPrint]:
    files: dict[str, Any] = {}
    log = LogPrint(None, 0, False)
    for name in FILES:
        files[name], found = _digest(book_dir / name, log_prefix if name == LOG else None)
        if found is not None:
            log = found
    return files, log
