"""The calendar export read back by two independent iCalendar parsers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import icalendar
import vobject

from tests.conftest import MakeBook

BIN = Path(sys.executable).parent / "aftersale"


def export(*args: str) -> bytes:
    result = subprocess.run(
        [str(BIN), "export", "--format", "ics", *args], capture_output=True, check=True, timeout=60
    )
    return result.stdout


def test_ics_is_valid_for_two_parsers_and_keeps_uids_across_exports() -> None:
    data = export("--demo", "--date", "2026-11-23", "--days", "14")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in data.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) >= 30
    assert all(e.errors == [] for e in events)
    uids = {str(e["UID"]) for e in events}
    assert "promise:P-02@aftersale" in uids
    parsed = vobject.readOne(data.decode("utf-8"))
    assert len(parsed.vevent_list) == len(events)
    assert {v.uid.value for v in parsed.vevent_list} == uids
    names = " ".join(str(e["SUMMARY"]) for e in events)
    assert "王芳" in names
    assert "Дмитро Шевченко" in names
    again = icalendar.Calendar.from_ical(export("--demo", "--date", "2026-11-23", "--days", "14"))
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == uids


def test_ics_text_with_delimiters_and_line_breaks_round_trips(make_book: MakeBook) -> None:
    name = 'Smith, Jones; "Partners" \\ Co\nSecond line 王'
    book = make_book({"customers.csv": f'id,name\nC-1,"{name.replace(chr(34), chr(34) * 2)}"\n'})
    data = export("--book", str(book))
    event = next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))
    assert str(event["SUMMARY"]).startswith('Smith, Jones; "Partners" \\ Co\\nSecond line 王')
    parsed = vobject.readOne(data.decode("utf-8"))
    assert parsed.vevent.summary.value == str(event["SUMMARY"])


def test_export_to_a_file_replaces_it_whole(make_book: MakeBook, tmp_path: Path) -> None:
    target = tmp_path / "follow-ups.ics"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    subprocess.run(
        [str(BIN), "export", "--demo", "--date", "2026-11-23", "--output", str(target)],
        check=True,
        capture_output=True,
    )
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["follow-ups.ics"]
