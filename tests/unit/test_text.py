"""User text is data: nothing in it may reach a terminal as a control sequence."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersale.text import quoted, safe


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Anna\x1b[31mRed", "Anna\\e[31mRed"),
        ("title\x1b]0;pwned\x07", "title\\e]0;pwned\\x07"),
        ("c1\x9bcsi", "c1\\x9bcsi"),
        ("nul\x00del\x7f", "nul\\x00del\\x7f"),
        ("line\nbreak\rreturn", "line\\nbreak\\rreturn"),
        ("bidi\u202eevil", "bidi\\u202eevil"),
        ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
        ("王芳 Олена Nguyễn", "王芳 Олена Nguyễn"),
        ("[bold]x[/bold] :smile:", "[bold]x[/bold] :smile:"),
    ],
)
def test_unsafe_characters_become_visible_escapes(raw: str, shown: str) -> None:
    assert safe(raw) == shown


def test_newlines_and_tabs_can_be_kept_where_a_format_allows_them() -> None:
    assert safe("a\nb\tc\x1b", keep_newlines=True, keep_tabs=True) == "a\nb\tc\\e"


def test_quoted_values_are_shortened() -> None:
    assert quoted("x" * 100).endswith('…"')
    assert len(quoted("x" * 100)) == 62


@given(st.text())
def test_no_control_or_format_character_survives(text: str) -> None:
    cleaned = safe(text)
    assert not any(
        ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or unicodedata.category(ch) == "Cf"
        for ch in cleaned
    )
