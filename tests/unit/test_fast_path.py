"""The touchpoint fast path agrees with full validation on every row it accepts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from aftersale.book.fast import fast_touchpoint
from aftersale.models import Touchpoint

cells = st.one_of(
    st.sampled_from(["2026-11-23", "2026-02-29", " 2026-11-23", "23.11.2026", "2026-13-01", ""]),
    st.sampled_from(["C-1", " C-1", "C 1", "c-1", "C-\u200b1"]),
    st.sampled_from(["check_in", "Check_In", "thanks", "meeting", "nope"]),
    st.sampled_from(["phone", "Phone", "fax", "email"]),
    st.text(max_size=12),
)
FIELDS = ("date", "customer", "kind", "channel", "deal", "action", "note", "next")


@given(st.dictionaries(st.sampled_from(FIELDS), cells, min_size=3))
def test_fast_path_matches_full_validation(values: dict[str, str]) -> None:
    row = {k: v for k, v in values.items() if v and not v.isspace()}
    fast = fast_touchpoint(row, 7)
    if fast is None:
        return
    full = Touchpoint.model_validate({**row, "line": 7})
    assert fast.model_dump() == full.model_dump()


def test_plain_rows_take_the_fast_path_and_odd_ones_do_not() -> None:
    plain = {"date": "2026-11-23", "customer": "C-1", "kind": "check_in", "note": "Said hi"}
    assert fast_touchpoint(plain, 2) == Touchpoint.model_validate({**plain, "line": 2})
    for odd in (
        {"kind": "Check In"},
        {"date": "23.11.2026"},
        {"customer": " C-1"},
        {"channel": "Phone"},
    ):
        assert fast_touchpoint({**plain, **odd}, 2) is None


def test_rows_the_full_path_rejects_are_never_accepted_fast() -> None:
    for bad in ({"date": "2026-02-30"}, {"kind": "nope"}, {"customer": "C 1"}):
        row = {"date": "2026-11-23", "customer": "C-1", "kind": "check_in", **bad}
        assert fast_touchpoint(row, 2) is None
        try:
            Touchpoint.model_validate({**row, "line": 2})
        except ValidationError:
            continue
        raise AssertionError(f"{bad} was expected to be invalid")
