"""`row_slices`: the one way long C calls are cut into calls of at most N rows."""

from __future__ import annotations

import pytest

from nkviewer.slices import row_slices


@pytest.mark.parametrize("n", [0, 1, 4, 5, 6, 12])
def test_slices_cover_every_row_once_in_order(n: int) -> None:
    got = list(row_slices(n, 5))
    assert [i for lo, hi in got for i in range(lo, hi)] == list(range(n))
    assert all(0 < hi - lo <= 5 for lo, hi in got)
    assert all(hi - lo == 5 for lo, hi in got[:-1])  # only the last is short


def test_a_step_below_one_row_is_refused() -> None:
    with pytest.raises(ValueError):
        list(row_slices(3, 0))
