"""The files a book may hold, their fingerprints, and where cached results of them go.

Kept free of heavy imports: the start-up path reads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
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


class UnsafeCache(OSError):
    """A cache folder or entry that someone else could have written: never used."""


# Set by the command line for `--debug`: why a cache was not used is then told on stderr.
debug = False


_told: set[str] = set()


def tell(message: str) -> None:
    """Say once, under --debug, why a cache was not used."""
    if debug and message not in _told:
        _told.add(message)
        sys.stderr.write(f"aftersale: cache: {message}\n")


def _why_unsafe(info: os.stat_result, folder: bool) -> str | None:
    """Why a folder or entry (from lstat or fstat) must not be trusted, or None."""
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link"
    if folder and not stat.S_ISDIR(info.st_mode):
        return "is not a folder"
    if not folder and not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_uid != os.geteuid():
        return f"belongs to another user (uid {info.st_uid})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"can be written by others (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def _checked_folder(folder: Path) -> Path:
    """Create the folder (0700) if needed; raise UnsafeCache unless it is ours alone."""
    with contextlib.suppress(FileExistsError):
        folder.mkdir(exist_ok=False, mode=0o700)
    why = _why_unsafe(os.lstat(folder), folder=True)
    if why is not None:
        tell(f"not used: {folder} {why}")
        raise UnsafeCache(f"{folder} {why}")
    return folder


def private_folder(name: str) -> Path:
    """A folder in the cache, private to the owner (it holds customer data).

    The cache folder and this folder are created 0700; either is refused
    (UnsafeCache) when it is a symbolic link, belongs to someone else, or can
    be written by others.
    """
    root = cache_dir()
    root.parent.mkdir(parents=True, exist_ok=True)
    return _checked_folder(_checked_folder(root) / name)


def existing_folder(name: str) -> Path:
    """A folder of the cache that must already exist and be safe; raises OSError otherwise."""
    root = cache_dir()
    for folder in (root, root / name):
        why = _why_unsafe(os.lstat(folder), folder=True)
        if why is not None:
            tell(f"not used: {folder} {why}")
            raise UnsafeCache(f"{folder} {why}")
    return root / name


def read_private(path: Path) -> bytes | None:
    """A cache entry's bytes: None when absent, or not safe to trust (reported under --debug).

    The entry is opened without following a symbolic link, and must be a
    regular file of ours that others cannot write, in a folder of the same kind.
    """
    try:
        existing_folder(path.parent.name)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError as error:  # a symbolic link (ELOOP), an unsafe folder, no permission
        if not isinstance(error, UnsafeCache):
            tell(f"not used: {path}: {error.strerror or error}")
        return None
    with os.fdopen(fd, "rb") as stream:
        why = _why_unsafe(os.fstat(stream.fileno()), folder=False)
        if why is not None:
            tell(f"not used: {path} {why}")
            return None
        return stream.read()


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
        os.replace(temp, folder / path.name)  # replaces a link itself, never its target
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def prune(folder: Path, keep: int) -> None:
    """Remove all but the `keep` most recent entries of a private cache folder.

    Only regular files of ours directly in the folder are removed; a symbolic
    link is never followed (its target stays as it is). Never fails.
    """
    try:
        existing_folder(folder.name)
        entries = []
        with os.scandir(folder) as listing:
            for item in listing:
                if not item.name.endswith(".json"):
                    continue
                info = item.stat(follow_symlinks=False)
                if _why_unsafe(info, folder=False) is None:
                    entries.append((info.st_mtime_ns, item.name))
        entries.sort(reverse=True)
        for _, name in entries[keep:]:
            (folder / name).unlink(missing_ok=True)
    except OSError:
        return


_code_print: str | None = None


def code_print() -> str:
    """What the cached results were made by: this package's code and data, and Python.

    The relative path, size and modification time (ns) of every .py and .toml
    file of the installed package, hashed once per process: any reinstall or
    edit of the code changes it, for well under a millisecond, where reading
    every source file would cost several.
    """
    global _code_print
    if _code_print is None:
        root = Path(__file__).resolve().parents[1]
        hasher = hashlib.blake2b(digest_size=20)
        hasher.update(f"{sys.implementation.cache_tag} {sys.version}".encode())
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".py", ".toml")):
                    path = os.path.join(folder, name)
                    info = os.stat(path)
                    relative = os.path.relpath(path, root)
                    hasher.update(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        _code_print = hasher.hexdigest()
    return _code_print


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
