"""Connected components of a graph given as integer edge arrays, without a Python object per node.

`components(u, v)` labels each node that appears in an edge with the smallest node id of its
component: min-label propagation over the edge arrays (numpy, vectorised), with pointer jumping
so that a long chain takes a logarithmic number of rounds rather than one per link.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


def components(u: IntArray, v: IntArray) -> tuple[IntArray, IntArray]:
    """(nodes, labels): every node of the edges `u[k]—v[k]` (sorted, unique) and the smallest
    node of its component."""
    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    if u.shape != v.shape:
        raise ValueError("edge arrays differ in length")
    nodes = np.unique(np.concatenate([u, v]))
    if not len(nodes):
        return nodes, nodes.copy()
    a = np.searchsorted(nodes, u)
    b = np.searchsorted(nodes, v)
    label = np.arange(len(nodes), dtype=np.int64)
    while True:
        low = np.minimum(label[a], label[b])
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        while True:  # pointer jumping: every node points straight at its label's label
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label[a], label[b]):
            return nodes, nodes[label]
