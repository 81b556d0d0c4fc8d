"""Pure metrics of the friendship graph: how connected it stays, whether friends have
similar scores, and how far unfriending cascades travel.

The conventions of :mod:`game.sim.metrics` hold: plain numpy arrays in, floats or arrays
out, empty input gives a neutral value, graphs are two endpoint arrays ``u`` and ``v``.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from game.sim.arrays import sorted_unique, unique_counts
from game.sim.metrics import check_index_range, check_same_shape

__all__ = ["cascade_stats", "largest_component_fraction", "score_assortativity", "score_assortativity_from_sums"]


def largest_component_fraction(n: int, u: np.ndarray, v: np.ndarray) -> float:
    """Fraction of nodes in the largest connected component.

    Args:
        n: Number of nodes (>= 0). Node ids are ``0 .. n - 1``.
        u: Integer array of edge start points.
        v: Integer array of edge end points, the same length as ``u``. Edges
            are undirected. Self-loops and duplicate edges are allowed.

    Returns:
        Size of the largest component divided by ``n``, in [1/n, 1]. An
        isolated node is a component of size 1. Returns 0.0 when ``n == 0``.

    Raises:
        ValueError: If ``u`` and ``v`` differ in shape, or a node id is out of
            range.
    """
    if n <= 0:
        return 0.0
    a, b = np.asarray(u).ravel(), np.asarray(v).ravel()
    check_same_shape(a, b, "largest_component_fraction")
    check_index_range(a, n, "largest_component_fraction u")
    check_index_range(b, n, "largest_component_fraction v")
    idx = np.int32 if n < 2**31 else np.int64  # int32 halves conversion cost
    data = np.ones(a.size)  # float64, the type csgraph works in (int8 would be converted)
    if a.size and np.all(a[1:] >= a[:-1]):
        # already grouped by start point (the model's edge store is): CSR without a sort
        indptr = np.zeros(n + 1, dtype=idx)
        np.cumsum(np.bincount(a, minlength=n), out=indptr[1:])
        graph = csr_matrix((data, b.astype(idx), indptr), shape=(n, n))
    else:
        graph = coo_matrix((data, (a.astype(idx), b.astype(idx))), shape=(n, n)).tocsr()
    # each tie stored once, one way: the weak components of that directed graph are the
    # components of the undirected one, without scipy first adding the transpose (2x faster)
    _, labels = connected_components(graph, directed=True, connection="weak")
    return float(np.bincount(labels).max() / n)


def score_assortativity(score: np.ndarray, u: np.ndarray, v: np.ndarray) -> float:
    """Pearson correlation of scores across edges (score homophily).

    Each undirected edge is counted in both directions, so the result does
    not change if ``u`` and ``v`` are swapped.

    Args:
        score: 1-D float array of per-node scores (any unit), indexed by node id.
        u: Integer array of edge start points (node ids).
        v: Integer array of edge end points, the same length as ``u``.

    Returns:
        Correlation in [-1, 1]. Returns 0.0 when there are no edges or the
        endpoint scores have zero variance.

    Raises:
        ValueError: If ``u`` and ``v`` differ in shape.
    """
    a, b = np.asarray(u).ravel(), np.asarray(v).ravel()
    check_same_shape(a, b, "score_assortativity")
    if a.size == 0:
        return 0.0
    s = np.asarray(score, dtype=np.float64)
    sa, sb = s[a], s[b]
    m2 = 2.0 * a.size  # half-edges: each edge counted in both directions
    mean = (sa.sum() + sb.sum()) / m2
    da, db = sa - mean, sb - mean
    var = ((da * da).sum() + (db * db).sum()) / m2
    if var <= 1e-12 * max(mean * mean, 1.0):
        return 0.0
    r = float(2.0 * (da * db).sum() / m2 / var)
    return min(max(r, -1.0), 1.0)


def score_assortativity_from_sums(score: np.ndarray, degree: np.ndarray, friend_sum: np.ndarray) -> float:
    """:func:`score_assortativity` in O(n) from per-node sums instead of the edge list.

    Over half-edges (i, j): sum x = sum_i d_i s_i, sum x^2 = sum_i d_i s_i^2 and
    sum x y = sum_i s_i * (sum of i's friends' scores), which a model keeps anyway.

    Args:
        score: per-node scores.
        degree: per-node number of friends.
        friend_sum: per-node sum of friends' scores.

    Returns:
        The same correlation as :func:`score_assortativity`, in [-1, 1]; 0.0 without edges
        or variance.
    """
    s = np.asarray(score, dtype=np.float64)
    d = np.asarray(degree, dtype=np.float64)
    m2 = d.sum()
    if m2 <= 0:
        return 0.0
    mean = (d * s).sum() / m2
    var = (d * s * s).sum() / m2 - mean * mean
    if var <= 1e-12 * max(mean * mean, 1.0):
        return 0.0
    r = float(((s * np.asarray(friend_sum, dtype=np.float64)).sum() / m2 - mean * mean) / var)
    return min(max(r, -1.0), 1.0)


def cascade_stats(root: np.ndarray, a: np.ndarray, b: np.ndarray,
                  depth: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Size and depth of each unfriending cascade, from its unfriendings.

    A cascade's **size** is the number of distinct citizens who lost a tie in it (both
    ends of each unfriending; someone dropped twice counts once). Its **depth** is the
    deepest ring it reached: the network distance, in friendships, from the citizen
    whose listing (or first unfriending) started it, to the outer end of an unfriending
    (see :mod:`game.sim.causes`). A wave that never leaves the listed citizen's own
    friends has depth 1.

    Args:
        root: per unfriending, the id of its cascade's root event.
        a, b: per unfriending, the two citizens (who dropped, who was dropped).
        depth: per unfriending, its ring (>= 1).

    Returns:
        ``(roots, sizes, depths)``: one entry per distinct root, ascending.

    Raises:
        ValueError: if the arrays differ in shape.
    """
    r, a, b, d = (np.asarray(x).ravel() for x in (root, a, b, depth))
    for x, what in ((a, "a"), (b, "b"), (d, "depth")):
        check_same_shape(r, x, f"cascade_stats ({what})")
    if r.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    roots = sorted_unique(r)
    inverse = np.searchsorted(roots, r)
    who = np.concatenate([a, b]).astype(np.int64)
    where = np.concatenate([inverse, inverse]).astype(np.int64)
    base = int(who.max()) + 1
    pairs = sorted_unique(where * base + who)  # (cascade, citizen) once each
    sizes = np.bincount(pairs // base, minlength=roots.size).astype(np.int64)
    depths = np.zeros(roots.size, dtype=np.int64)
    np.maximum.at(depths, inverse, d.astype(np.int64))
    return roots.astype(np.int64), sizes, depths
