"""Where each of many text values sits in an Arrow text column, found in time that grows with
the values looked up, not with the column.

Arrow's `index_in` hashes the whole column on every call (20-60 ms at 100,000 event ids on the
window's thread, several calls per rubber band). A `TextIndex` is made once per column, in
the worker that makes the column's table where it can: a 64-bit hash of each value (of its
bytes, zero-padded to one width, numpy over the whole column: no Python string per value)
and an open-addressing hash table of their positions, built and probed a whole array at a
time. A look-up hashes the values asked for the same way (Arrow makes them from Python in one
call), probes for all of them together, and checks what it found against the column itself.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from nkviewer.events.table import one_chunk

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["MAX_PADDING", "TextIndex", "text_index"]

#: A column whose values padded to its longest one would take more than this many times its
#: own bytes (plus 8 bytes a value) gets no index: one very long value among short ones.
MAX_PADDING = 4
_MIX = np.uint64(0x9E3779B97F4A7C15)


class TextIndex:
    """The hash of each value of a text column (in column order) and a hash table (linear
    probing, at most half full) from a hash to the position of the first value that has it.
    Missing values are left out. The column is not kept: `positions` is given it."""

    __slots__ = ("_empty", "_hashes", "_mask", "_slots", "_width")

    def __init__(self, hashes: np.ndarray, slots: np.ndarray, width: int) -> None:
        self._hashes = hashes
        self._slots = slots
        self._empty = np.iinfo(slots.dtype).max  # an empty slot
        self._mask = np.uint64(len(slots) - 1)
        self._width = width

    @classmethod
    def of(cls, column: pa.ChunkedArray | pa.Array) -> TextIndex | None:
        """The index of `column`, or None when its values padded to one width would take too
        much room (`MAX_PADDING`)."""
        padded = _fixed_width(column, None)
        if padded is None:
            return None
        words, valid, width = padded
        hashes = _hash(words)
        del words
        size = 1 << max(int(2 * len(hashes)).bit_length(), 3)  # at most half full
        kind = np.int32 if len(hashes) < np.iinfo(np.int32).max else np.int64
        empty = np.iinfo(kind).max
        slots = np.full(size, empty, kind)
        mask = np.uint64(size - 1)
        todo = np.flatnonzero(valid).astype(kind)  # column order: a first occurrence wins
        want = hashes[todo]
        at = want & mask
        while len(todo):
            # every value waiting claims its slot if empty; the earliest of a tie gets it
            free = slots[at] == empty
            np.minimum.at(slots, at[free], todo[free])
            held = slots[at]
            done = held == todo
            same = ~done & (hashes[held] == want)  # its hash is there: a repeat (or a clash)
            move = ~done & ~same & ~free  # another hash there: the next slot
            keep = move | (~done & ~same & free)  # (or lost a tie: that slot again)
            at = np.where(move, (at + np.uint64(1)) & mask, at)[keep]
            todo, want = todo[keep], want[keep]
        return cls(hashes, slots, width)

    @property
    def nbytes(self) -> int:
        return int(self._hashes.nbytes + self._slots.nbytes)

    def positions(
        self,
        values: Sequence[str] | pa.Array | pa.ChunkedArray,
        column: pa.ChunkedArray | pa.Array,
    ) -> np.ndarray:
        """Position of each of `values` in `column`, the column this index was made of (its
        first occurrence), -1 where absent (and for a missing value among `values`)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not isinstance(values, pa.Array | pa.ChunkedArray):
            values = pa.array(list(values), pa.string())
        out = np.full(len(values), -1, np.int64)
        if not len(values) or not len(self._hashes):
            return out
        padded = _fixed_width(values, self._width)
        assert padded is not None
        words, valid, _ = padded
        todo = np.flatnonzero(valid)
        want = _hash(words[todo])
        at = want & self._mask
        while len(todo):
            held = self._slots[at]
            empty = held == self._empty
            found = ~empty & (self._hashes[np.where(empty, 0, held)] == want)
            out[todo[found]] = held[found]
            keep = ~empty & ~found
            at = ((at + np.uint64(1)) & self._mask)[keep]
            todo, want = todo[keep], want[keep]
        hit = np.flatnonzero(out >= 0)
        if len(hit):  # a hash says where to look; the column says whether it is there
            mine = column.take(pa.array(out[hit]))
            theirs = values.take(pa.array(hit))
            if mine.type != theirs.type:
                mine, theirs = mine.cast(pa.large_string()), theirs.cast(pa.large_string())
            same = np.asarray(pc.equal(mine, theirs).to_numpy(zero_copy_only=False), bool)
            if not same.all():  # two values of one hash (about one chance in 10^9): a scan
                clash = hit[~same]
                out[clash] = _scan(column, values.take(pa.array(clash)))
        return out


#: The `TextIndex` of each live Arrow text column that was asked for one (None: it can have
#: none), by the column's id, with a weak reference to the column: freed with it, shared by
#: the timeline's and the list's columns of one table (the same Arrow array).
_text_indexes: dict[int, tuple[weakref.ref[pa.ChunkedArray], TextIndex | None]] = {}


def text_index(column: pa.ChunkedArray, *, make: bool = True) -> TextIndex | None:
    """The `TextIndex` of `column`: the one made already, else (with `make`) a new one."""
    key = id(column)
    held = _text_indexes.get(key)
    if held is not None and held[0]() is column:
        return held[1]
    if not make:
        return None
    index = TextIndex.of(column)

    def forget(ref: weakref.ref[pa.ChunkedArray]) -> None:
        if (entry := _text_indexes.get(key)) is not None and entry[0] is ref:
            del _text_indexes[key]

    _text_indexes[key] = (weakref.ref(column, forget), index)
    return index


def _scan(column: pa.ChunkedArray | pa.Array, values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Position of each of `values` in `column` (its first occurrence), -1 where absent, by
    hashing the column (Arrow's `index_in`)."""
    import pyarrow.compute as pc

    found = pc.index_in(values, value_set=column)
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), np.int64)


def _hash(words: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of 8-byte words."""
    h = np.full(len(words), 0x2545F4914F6CDD1D, np.uint64)
    for j in range(words.shape[1]):
        h ^= words[:, j]
        h *= _MIX
        h ^= h >> np.uint64(31)
    return h


def _fixed_width(
    column: pa.ChunkedArray | pa.Array, width: int | None
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """`column`'s values as bytes of one width (`width`, else its longest value's, a multiple
    of 8), zero-padded, as rows of 8-byte words; and which of them stand for a value: not
    null, not longer than `width`. None (only without `width`) when the padding would take
    too much room. ("a" and "a\\0" pad alike: `TextIndex.positions` checks with the column.)"""
    import pyarrow as pa

    column = one_chunk(column)
    if pa.types.is_large_string(column.type) or pa.types.is_large_binary(column.type):
        offset_type: type[np.integer] = np.int64
    elif pa.types.is_string(column.type) or pa.types.is_binary(column.type):
        offset_type = np.int32
    else:
        column = column.cast(pa.large_string())
        offset_type = np.int64
    n = len(column)
    offsets_buf, data_buf = column.buffers()[1:3]
    offsets = np.frombuffer(offsets_buf, offset_type)[column.offset : column.offset + n + 1]
    offsets = offsets.astype(np.int64)
    data = np.frombuffer(data_buf, np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    data = data[offsets[0] : offsets[-1]] if n else data[:0]
    starts = offsets[:-1] - offsets[0]
    lengths = np.diff(offsets)
    valid = np.ones(n, bool)
    if column.null_count:
        valid = np.array(column.is_valid().to_numpy(zero_copy_only=False), bool)
    longest = int(lengths[valid].max()) if valid.any() else 0
    if width is None:
        width = -(-max(longest, 1) // 8) * 8
        if n * width > MAX_PADDING * (len(data) + 8 * n):
            return None
    else:
        valid &= lengths <= width
    out = np.zeros((n, width), np.uint8)
    if n and (lengths == lengths[0]).all():  # ids of one length: their bytes in one piece
        if lengths[0] <= width:
            out[:, : lengths[0]] = data.reshape(n, int(lengths[0]))
    else:
        for j in range(min(width, longest)):
            has = valid & (lengths > j)
            out[has, j] = data[starts[has] + j]
    return out.view(np.uint64), valid, width
