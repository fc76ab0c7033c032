"""The reports counted per event a slice of cells per call (`timeline._lengths`; each call
holds the interpreter's lock throughout) are those counted one cell at a time, slice
boundaries crossed on awkward cells: none, one, repeated lists, missing cells, arrays, text."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from nkviewer.model import timeline

CELLS: list[list[Any]] = [
    [],
    [[{"doc_id": "a"}]],
    [["a", "b"], ["a", "b"], ["a", "b"], [], ["평양 🚀"]],
    [["a"], None, ["a", "b", "c"], float("nan"), [], np.array(["x", "y"])],
    [None, None, None],
    [["a"], ["b", "c"], [], ["d"], ["e", "f", "g"]],
]


@pytest.mark.parametrize("cells", CELLS)
@pytest.mark.parametrize("size", [1, 2, 10**6])
def test_lengths_by_slices_are_each_cells_length(
    cells: list[Any], size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    column = np.empty(len(cells), dtype=object)
    column[:] = cells
    monkeypatch.setattr(timeline, "LENGTHS_SLICE", size)
    got = timeline._lengths(column)
    assert got.dtype == np.int32
    assert got.tolist() == [timeline._length(c) for c in cells]
