"""Several files replaced as one change, and finished by the next writer after a crash."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aftersale.book.replace import PENDING_NAME, finish_pending, replace_together
from aftersale.book.write import book_lock
from aftersale.errors import WriteError


def test_every_file_gets_its_new_content(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"old a\n")
    replace_together(tmp_path, {tmp_path / "a.csv": b"old a\nnew\n", tmp_path / "b.csv": b"b\n"})
    assert (tmp_path / "a.csv").read_bytes() == b"old a\nnew\n"
    assert (tmp_path / "b.csv").read_bytes() == b"b\n"
    assert (tmp_path / "b.csv").stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / PENDING_NAME).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]


def test_a_change_journaled_but_not_finished_is_finished_by_the_next_lock(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.csv").write_bytes(b"old\n")
    staged = []
    for name, data in (("a.csv", b"old\nnew\n"), ("b.csv", b"b\n")):
        temp = tmp_path / f".{name}.x.tmp"
        temp.write_bytes(data)
        staged.append((str(temp), str(tmp_path / name)))
    # The run died after renaming the first file.
    os.replace(staged[0][0], staged[0][1])
    (tmp_path / PENDING_NAME).write_text(json.dumps(staged))
    with book_lock(tmp_path):
        pass
    assert (tmp_path / "a.csv").read_bytes() == b"old\nnew\n"
    assert (tmp_path / "b.csv").read_bytes() == b"b\n"
    assert not (tmp_path / PENDING_NAME).exists()


def test_without_a_journal_there_is_nothing_to_finish(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"as it was\n")
    finish_pending(tmp_path)
    assert (tmp_path / "a.csv").read_bytes() == b"as it was\n"


def test_a_failure_while_staging_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.csv").write_bytes(b"as it was\n")
    real_fsync = os.fsync
    calls = iter(range(100))

    def failing_fsync(fd: int) -> None:
        if next(calls) == 1:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(WriteError) as caught:
        replace_together(tmp_path, {tmp_path / "a.csv": b"new\n", tmp_path / "b.csv": b"b\n"})
    assert caught.value.exit_code == 74
    assert (tmp_path / "a.csv").read_bytes() == b"as it was\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]
