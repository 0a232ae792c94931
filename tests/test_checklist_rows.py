"""Every row of the reliability checklist has a test that names it.

Rows covered by the bad-input corpus name themselves in their expected.toml;
the others are mapped here to the test that checks them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomli

TESTS = Path(__file__).resolve().parent
ROWS = range(1, 55)

# Row -> test(s) outside the corpus, as "file::test_name".
MAPPED: dict[int, tuple[str, ...]] = {
    8: ("unit/test_read_csv.py::test_single_column_and_spaces_do_not_fool_the_delimiter_guess",),
    15: ("unit/test_read_csv.py::test_huge_field_is_read",),
    17: ("test_checklist_rows.py::test_row_17_unreadable_file_exits_66",),
    30: ("cli/test_output.py::test_hostile_text_is_inert_in_every_format",),
    31: ("cli/test_output.py::test_hostile_text_is_inert_in_every_format",),
    32: (
        "unit/test_text.py::test_unsafe_characters_become_visible_escapes",
        "unit/test_lookup.py::test_invisible_characters_do_not_stop_a_match",
    ),
    33: (
        "unit/test_read_csv.py::test_nfd_names_are_normalised_to_nfc",
        "unit/test_lookup.py::test_matching_ignores_case_and_normal_form",
    ),
    34: ("cli/test_output.py::test_names_cannot_inject_email_headers",),
    35: ("cli/test_output.py::test_table_width_follows_columns",),
    36: ("cli/test_output.py::test_csv_formula_cells_get_an_apostrophe",),
    37: (
        "e2e/test_calendar.py::test_ics_text_with_delimiters_and_line_breaks_round_trips",
        "e2e/test_calendar.py::test_ics_is_valid_for_two_parsers_and_keeps_uids_across_exports",
    ),
    38: (
        "e2e/test_concurrency.py::test_concurrent_appends_keep_every_record_exactly_once",
        "e2e/test_stress.py::test_mixed_commands_under_kills_lose_no_acknowledged_write",
    ),
    39: (
        "unit/test_write.py::test_a_held_lock_gives_exit_75_after_the_timeout",
        "cli/test_recording.py::test_a_held_lock_exits_75",
    ),
    40: (
        "unit/test_write.py::test_disk_full_leaves_the_file_as_it_was",
        "cli/test_recording.py::test_a_disk_full_write_exits_74",
    ),
    41: (
        "unit/test_write.py::test_an_unfinished_last_line_is_not_glued_onto",
        "e2e/test_concurrency.py::test_killed_writers_never_corrupt_the_log",
    ),
    42: ("unit/test_write.py::test_a_symlinked_log_is_written_through_and_stays_a_link",),
    43: ("unit/test_write.py::test_permission_denied_exits_73_and_leaves_the_file",),
    44: ("test_checklist_rows.py::test_row_44_spreadsheet_lock_file_warns",),
    45: ("e2e/test_process.py::test_cron_bare_environment",),
    46: (
        "e2e/test_process.py::test_non_utf8_locales_never_crash",
        "e2e/test_process.py::test_today_in_a_legacy_locale_replaces_what_it_cannot_encode",
    ),
    47: (
        "e2e/test_process.py::test_today_into_head_stops_quietly",
        "e2e/test_process.py::test_a_reader_that_stops_early_is_not_an_error",
    ),
    48: (
        "cli/test_output.py::test_colour_follows_the_flags_and_the_environment",
        "e2e/test_process.py::test_a_pipe_never_gets_colour_codes",
    ),
    49: ("cli/test_output.py::test_the_books_time_zone_decides_today",),
    50: (
        "unit/test_rules.py::test_leap_day_birthday_in_a_common_year_is_on_28_february",
        "unit/test_rules.py::test_a_due_date_never_moves_to_before_the_action_opened",
    ),
    52: ("cli/test_check.py::test_internal_error_is_one_line_and_exit_70",),
    53: ("cli/test_output.py::test_send_failure_exits_69_and_still_prints_the_agenda",),
    54: ("test_checklist_rows.py::test_row_54_crontab_percent_is_documented",),
}


def corpus_rows() -> set[int]:
    rows: set[int] = set()
    for sidecar in (TESTS / "data" / "bad").glob("*/expected.toml"):
        rows.update(tomli.loads(sidecar.read_text(encoding="utf-8"))["rows"])
    return rows


def test_every_row_has_a_test() -> None:
    missing = [row for row in ROWS if row not in corpus_rows() and row not in MAPPED]
    assert missing == []


@pytest.mark.parametrize("row", sorted(MAPPED))
def test_mapped_tests_exist(row: int) -> None:
    for target in MAPPED[row]:
        file, name = target.split("::")
        source = (TESTS / file).read_text(encoding="utf-8")
        assert re.search(rf"^def {name}\(", source, re.MULTILINE), target


def test_row_17_unreadable_file_exits_66(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aftersale.book.open import load_book
    from aftersale.errors import ExitCode, exit_code_for

    book = tmp_path / "book"
    book.mkdir()
    (book / "aftersale.toml").write_text("", encoding="utf-8")
    (book / "customers.csv").write_text("id,name\nC-1,Anna\n", encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "customers.csv":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    _, problems = load_book(book)
    assert [p.message for p in problems] == ["permission denied: cannot read this file"]
    assert exit_code_for(problems) is ExitCode.NO_INPUT


def test_row_44_spreadsheet_lock_file_warns(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from aftersale.cli import app

    book = tmp_path / "book"
    book.mkdir()
    (book / "aftersale.toml").write_text("", encoding="utf-8")
    (book / "customers.csv").write_text("id,name\nC-1,Anna\n", encoding="utf-8")
    (book / ".~lock.touchpoints.csv#").write_text("lock", encoding="utf-8")
    result = CliRunner().invoke(app, ["log", "C-1", "check_in", "--book", str(book)])
    assert result.exit_code == 0
    assert "seems to be open in a spreadsheet" in result.stderr
    assert (book / "touchpoints.csv").read_text(encoding="utf-8").count("check_in") == 1


def test_row_54_crontab_percent_is_documented() -> None:
    for page in ("README.md", "docs/output-formats.md"):
        text = (TESTS.parent / page).read_text(encoding="utf-8")
        assert "\\%" in text, page
        assert "MAILTO=" in text, page
