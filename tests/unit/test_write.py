"""Appending to the touchpoint log: the user's file keeps its form, and nothing is ever lost."""

from __future__ import annotations

import codecs
import errno
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftersale.book.load import touchpoints_of
from aftersale.book.open import load_book
from aftersale.book.read import PARTIAL_LAST_LINE
from aftersale.book.schema import TOUCHPOINTS
from aftersale.book.write import append_record, book_lock
from aftersale.errors import ExitCode, WriteError
from aftersale.models import Touchpoint
from tests.conftest import MakeBook

ROW = {"date": "2026-11-23", "customer": "C-1", "kind": "check_in", "note": "hello"}


def append(book: Path, **values: str) -> None:
    with book_lock(book):
        append_record(book / "touchpoints.csv", TOUCHPOINTS.columns, {**ROW, **values})


def test_a_missing_log_is_created_with_its_header(make_book: MakeBook) -> None:
    book = make_book()
    append(book)
    assert (book / "touchpoints.csv").read_text(encoding="utf-8") == (
        "date,customer,kind,channel,deal,action,note,next\n2026-11-23,C-1,check_in,,,,hello,\n"
    )


def test_the_files_own_form_is_kept(make_book: MakeBook) -> None:
    original = (
        codecs.BOM_UTF8 + b"Note;Date;Type;Customer;Colour\r\nold;2026-11-01;other;C-1;red\r\n"
    )
    book = make_book({"touchpoints.csv": original})
    append(book, note="new; with a semicolon")
    data = (book / "touchpoints.csv").read_bytes()
    assert data == original + b'"new; with a semicolon";2026-11-23;check_in;C-1;\r\n'
    loaded, problems = load_book(book)
    assert [p for p in problems if p.is_error] == []
    assert [t.note for t in touchpoints_of(loaded)] == ["old", "new; with a semicolon"]


def test_an_unfinished_last_line_is_not_glued_onto(make_book: MakeBook) -> None:
    book = make_book(
        {
            "touchpoints.csv": "date,customer,kind,note\n"
            "2026-11-01,C-1,other,fine\n2026-11-02,C-1,oth"
        }
    )
    before, problems = load_book(book)
    assert [(p.line, p.message, p.severity.value) for p in problems] == [
        (3, PARTIAL_LAST_LINE, "warning")
    ]
    assert len(list(touchpoints_of(before))) == 1
    append(book)
    text = (book / "touchpoints.csv").read_text(encoding="utf-8")
    assert text.endswith("2026-11-02,C-1,oth\n2026-11-23,C-1,check_in,hello\n")
    after, problems = load_book(book)
    assert [t.note for t in touchpoints_of(after)] == ["fine", "hello"]
    assert [(p.line, p.severity.value) for p in problems] == [(3, "error")]


def test_a_cut_off_quoted_note_is_reported_not_swallowed(make_book: MakeBook) -> None:
    book = make_book(
        {"touchpoints.csv": 'date,customer,kind,note\n2026-11-02,C-1,other,"half a no'}
    )
    _, problems = load_book(book)
    assert [(p.line, p.message) for p in problems] == [(2, PARTIAL_LAST_LINE)]


def test_a_column_the_file_lacks_is_refused_and_the_file_untouched(make_book: MakeBook) -> None:
    original = b"date,customer,kind\n2026-11-01,C-1,other\n"
    book = make_book({"touchpoints.csv": original})
    with pytest.raises(WriteError, match="no column for note") as caught:
        append(book)
    assert caught.value.exit_code is ExitCode.DATA_ERR
    assert (book / "touchpoints.csv").read_bytes() == original


def test_a_value_holding_a_nul_byte_is_refused_before_writing(make_book: MakeBook) -> None:
    book = make_book()
    with pytest.raises(WriteError, match="NUL"):
        append(book, note="a\x00b")
    assert not (book / "touchpoints.csv").exists()


def test_disk_full_leaves_the_file_as_it_was(
    make_book: MakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = b"date,customer,kind,note\n2026-11-01,C-1,other,x\n"
    book = make_book({"touchpoints.csv": original})
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        real_write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(WriteError, match="No space left") as caught:
        append(book)
    assert caught.value.exit_code is ExitCode.IO_ERR
    monkeypatch.undo()
    assert (book / "touchpoints.csv").read_bytes() == original


def test_permission_denied_exits_73_and_leaves_the_file(
    make_book: MakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = b"date,customer,kind,note\n"
    book = make_book({"touchpoints.csv": original})
    real_open = os.open

    def refuse(path: object, flags: int, *args: object) -> int:
        if str(path).endswith("touchpoints.csv") and flags & os.O_WRONLY:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(WriteError) as caught:
        append(book)
    assert caught.value.exit_code is ExitCode.CANT_CREATE
    monkeypatch.undo()
    assert (book / "touchpoints.csv").read_bytes() == original


def test_a_symlinked_log_is_written_through_and_stays_a_link(
    make_book: MakeBook, tmp_path: Path
) -> None:
    book = make_book()
    real = tmp_path / "shared" / "log.csv"
    real.parent.mkdir()
    real.write_text("date,customer,kind,note\n", encoding="utf-8")
    real.chmod(0o640)
    (book / "touchpoints.csv").symlink_to(real)
    append(book)
    assert (book / "touchpoints.csv").is_symlink()
    assert real.read_text(encoding="utf-8").endswith("2026-11-23,C-1,check_in,hello\n")
    assert real.stat().st_mode & 0o777 == 0o640


def test_a_held_lock_gives_exit_75_after_the_timeout(make_book: MakeBook) -> None:
    book = make_book()
    holder = (
        "import sys, time\nfrom filelock import FileLock\n"
        f"lock = FileLock({str(book / '.aftersale.lock')!r}); lock.acquire()\n"
        "print('held', flush=True); time.sleep(30)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "held"
        try:
            with (
                pytest.raises(WriteError, match="another aftersale is running") as caught,
                book_lock(book, timeout=0.3),
            ):
                pass
            assert caught.value.exit_code is ExitCode.TEMP_FAIL
        finally:
            proc.kill()
    with book_lock(book, timeout=5):  # a killed holder releases its lock
        pass


notes = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
) | st.sampled_from(
    ['say "hi", then leave', "line one\nline two", "crlf\r\nnote", "王芳 🙂", "\x1b[31mred"]
)


@given(notes)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
def test_any_note_written_to_the_log_reads_back_unchanged(make_book: MakeBook, note: str) -> None:
    book = make_book()
    append(book, note=note)
    loaded, problems = load_book(book)
    assert [p for p in problems if p.is_error] == []
    direct = Touchpoint.model_validate({**ROW, "note": unicodedata.normalize("NFC", note)})
    written = unicodedata.normalize("NFC", note)
    expected = direct.note if written.strip() else None  # a blank cell is no note
    assert [t.note for t in touchpoints_of(loaded)] == [expected]


def test_a_log_that_starts_with_a_sep_line_is_appended_with_its_delimiter(
    make_book: MakeBook,
) -> None:
    head = 'sep=;\r\ndate;customer;kind;note\r\n2026-11-01;C-1;check_in;"a;b"\r\n'
    book = make_book({"touchpoints.csv": head})
    append(book, note="x;y")
    assert (book / "touchpoints.csv").read_bytes().decode("utf-8") == (
        head + '2026-11-23;C-1;check_in;"x;y"\r\n'
    )
    loaded, problems = load_book(book, keep_touchpoints=True)
    assert problems == []
    assert [t.note for t in loaded.touchpoints] == ["a;b", "x;y"]


def test_a_delimiter_set_in_the_settings_is_the_one_appended_with(make_book: MakeBook) -> None:
    # One column only: the header alone cannot tell the delimiter.
    book = make_book({"touchpoints.csv": "date|customer|kind\n2026-11-01|C-1|check_in\n"})
    with book_lock(book):
        append_record(
            book / "touchpoints.csv",
            TOUCHPOINTS.columns,
            {"date": "2026-11-23", "customer": "C-1", "kind": "meeting"},
            delimiter="|",
        )
    assert (book / "touchpoints.csv").read_text().endswith("2026-11-23|C-1|meeting\n")


def test_a_link_to_nothing_is_refused_and_nothing_is_created_where_it_points(
    make_book: MakeBook, tmp_path: Path
) -> None:
    book = make_book()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (book / "touchpoints.csv").symlink_to(elsewhere / "planted.csv")
    with pytest.raises(WriteError) as raised:
        append(book)
    assert raised.value.exit_code == ExitCode.CANT_CREATE
    assert "which does not exist" in raised.value.message
    assert list(elsewhere.iterdir()) == []
    assert (book / "touchpoints.csv").is_symlink()


def test_a_new_log_is_on_disk_with_its_name_the_folder_is_synced(
    make_book: MakeBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stat

    synced: list[bool] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    append(make_book())
    assert synced == [False, True]  # the file's bytes, then the folder's entry for it


def test_taking_the_lock_removes_temporary_files_a_dead_writer_left(make_book: MakeBook) -> None:
    book = make_book({})
    dead = book / ".deals.toml.k3j9x2.tmp"
    dead.write_bytes(b"half a file")
    export = book / ".today.ics.a1b2c3.tmp"  # not a file of the book: someone else's
    export.write_bytes(b"BEGIN:VCALENDAR")
    before = {p.name: p.read_bytes() for p in book.iterdir() if not p.name.startswith(".")}
    with book_lock(book):
        pass
    assert not dead.exists()
    assert export.exists()
    assert {p.name: p.read_bytes() for p in book.iterdir() if not p.name.startswith(".")} == before
