"""Whatever bytes a file holds, reading and converting it ends in rows, skips or a clear error."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aftersale.errors import AftersaleError
from aftersale.importing.convert import FileError, Options, convert
from aftersale.importing.layouts import BY_NAME, custom_layout, detect
from aftersale.importing.sources import read_source

HEADER = "Record ID,Company name,Last Activity Date,Phone Number\n"
cells = st.text(alphabet=st.sampled_from('ab1,;"\n\r=:/-$€. \x00é'), max_size=30)


def check(data: bytes, name: str = "export.csv") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            table = read_source(path)
        except AftersaleError:
            return
        layout = (
            BY_NAME["vcard"]
            if table.is_vcard
            else detect(table.headers) or custom_layout("any", dict.fromkeys(table.headers, "name"))
        )
        try:
            converted = convert(table, layout, str(path), Options())
        except FileError:
            return
        lines = [p.line for p in converted.people] + [s.line for s in converted.skipped]
        assert all(line >= 1 for line in lines)


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_the_reader(data: bytes) -> None:
    check(data)


@given(st.lists(cells, max_size=12))
def test_rows_of_a_known_layout_are_imported_or_skipped(rows: list[str]) -> None:
    check((HEADER + "\n".join(rows)).encode("utf-8", errors="replace"))


@given(st.lists(cells, max_size=8))
def test_damaged_vcards_never_crash_the_reader(lines: list[str]) -> None:
    body = "\r\n".join(["BEGIN:VCARD", "VERSION:2.1", *lines, "END:VCARD"])
    check(body.encode("utf-8", errors="replace"), "cards.vcf")
