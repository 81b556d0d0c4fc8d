"""Pure summary metrics for the Open Sesame simulation.

Every function here takes plain numpy arrays and returns plain Python floats
or numpy arrays. Nothing here imports Mesa or pygame. The functions are
vectorised, so they can run on every tick for populations of about 1e6.

Conventions:
    * "Share" or "fraction" values are dimensionless and lie in [0, 1].
    * Empty input gives a neutral value (0.0 or zeros), never NaN.
    * Tier indices are integers in ``0 .. n_tiers - 1``.
    * Graphs are undirected and given as two edge-endpoint arrays ``u`` and ``v``
      of equal length, holding node ids in ``0 .. n - 1``.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from game.arrays import sorted_unique, unique_counts

__all__ = [
    "cascade_stats",
    "conformity_gap",
    "denial_rate",
    "gini",
    "largest_component_fraction",
    "mean",
    "median",
    "mobility_diagonal",
    "mobility_matrix",
    "overall_denial_rate",
    "score_assortativity",
    "share",
    "tier_shares",
]


def _check_same_shape(a: np.ndarray, b: np.ndarray, what: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{what}: shape mismatch {a.shape} vs {b.shape}")


def _check_index_range(idx: np.ndarray, upper: int, what: str) -> None:
    if idx.size and (idx.min() < 0 or idx.max() >= upper):
        raise ValueError(f"{what}: values must lie in [0, {upper - 1}]")


def gini(values: np.ndarray) -> float:
    """Population Gini coefficient of non-negative values.

    Defined as ``sum_i sum_j |x_i - x_j| / (2 * n**2 * mean(x))``. It is
    computed in O(n log n) with the sorted form
    ``sum_i (2i - n - 1) * x_(i) / (n * sum(x))``, where ``i = 1..n`` ranks
    the values in ascending order.

    Args:
        values: 1-D array of non-negative numbers (any unit, such as credit
            score or wealth). Length n >= 0.

    Returns:
        Gini coefficient in [0, (n - 1) / n], which is inside [0, 1).
        0 means perfect equality. Returns 0.0 for empty or all-zero input.

    Raises:
        ValueError: If any value is negative.
    """
    return gini_sorted(np.sort(np.asarray(values, dtype=np.float64).ravel()))


def gini_rounded(values: np.ndarray, offset: float = 0.0) -> float:
    """:func:`gini` of ``values - offset``, sorted as float32 (a third faster than float64).

    The rounding moves the result by about 1e-8 relative for scores and wealth (the
    order is kept: rounding is monotone; sums are still taken in float64). For the
    per-step series at scale, where the sort dominates data collection.
    """
    # the floor comes off first, in float64: rounding a score that sits on it could
    # otherwise make it negative
    x = np.asarray(values, dtype=np.float64).ravel()
    x = np.sort((x - offset if offset else x).astype(np.float32)).astype(np.float64)
    return gini_sorted(x)


def gini_sorted(x: np.ndarray, offset: float = 0.0) -> float:
    """:func:`gini` of ``x - offset`` for ``x`` already sorted ascending (float64, 1-D)."""
    n = x.size
    if n == 0:
        return 0.0
    if x[0] - offset < 0:
        raise ValueError("gini: values must be non-negative")
    total = x.sum() - n * offset
    if total <= 0:
        return 0.0
    # sum_i (2i - n - 1) y_i = 2 * (ranks . y) - (n + 1) * sum(y), with y = x - offset:
    # one dot product and no temporaries
    # numpy's own pairwise sum, not a BLAS dot product (whose result depends on its threads)
    ranked = np.add.reduce(_ranks(n) * x) - offset * n * (n + 1) / 2
    g = float((2.0 * ranked - (n + 1.0) * total) / (n * total))
    return min(max(g, 0.0), (n - 1) / n)


_RANKS = np.arange(1, 1, dtype=np.float64)


def _ranks(n: int) -> np.ndarray:
    """1.0, 2.0, ..., n (a view of one shared, read-only buffer)."""
    global _RANKS
    if _RANKS.size < n:
        _RANKS = np.arange(1, max(n, 2 * _RANKS.size) + 1, dtype=np.float64)
        _RANKS.flags.writeable = False
    return _RANKS[:n]


def mean(values: np.ndarray) -> float:
    """Arithmetic mean, in the same unit as ``values``. Empty gives 0.0.

    Args:
        values: Array of numbers of any shape.

    Returns:
        Mean as a Python float, or 0.0 if ``values`` is empty.
    """
    x = np.asarray(values, dtype=np.float64)
    return float(x.mean()) if x.size else 0.0


def median(values: np.ndarray) -> float:
    """Median, in the same unit as ``values``. Empty gives 0.0.

    Args:
        values: Array of numbers of any shape.

    Returns:
        Median as a Python float, or 0.0 if ``values`` is empty.
    """
    x = np.asarray(values, dtype=np.float64)
    return float(np.median(x)) if x.size else 0.0


def median_partition(values: np.ndarray) -> float:
    """:func:`median` by one partial sort (np.median's own overhead is 5x the work at 100k)."""
    x = np.asarray(values, dtype=np.float64).ravel()
    n = x.size
    if n == 0:
        return 0.0
    part = np.partition(x, n // 2)  # part[:n // 2] holds the smaller half, unordered
    if n % 2:
        return float(part[n // 2])
    return float((part[:n // 2].max() + part[n // 2]) / 2)


def tier_shares(tier: np.ndarray, n_tiers: int) -> np.ndarray:
    """Fraction of citizens in each tier.

    Args:
        tier: 1-D integer array of tier indices in ``0 .. n_tiers - 1``.
        n_tiers: Number of tiers (>= 1).

    Returns:
        Float array of length ``n_tiers``. Each entry is in [0, 1] and the
        entries sum to 1. Returns all zeros when ``tier`` is empty.

    Raises:
        ValueError: If a tier index is out of range.
    """
    t = np.asarray(tier).ravel()
    if t.size == 0:
        return np.zeros(n_tiers, dtype=np.float64)
    _check_index_range(t, n_tiers, "tier_shares")
    return np.bincount(t, minlength=n_tiers).astype(np.float64) / t.size


def share(mask: np.ndarray) -> float:
    """Fraction of True entries.

    Args:
        mask: Boolean array of any shape.

    Returns:
        Fraction in [0, 1]. Returns 0.0 for an empty array.
    """
    m = np.asarray(mask, dtype=bool)
    return float(np.count_nonzero(m) / m.size) if m.size else 0.0


def conformity_gap(private_dissent: np.ndarray, public_dissent: np.ndarray) -> float:
    """Gap between private and public dissent (preference falsification).

    Args:
        private_dissent: Boolean array, True where a citizen privately dissents.
        public_dissent: Boolean array of the same shape, True where a citizen
            publicly dissents.

    Returns:
        ``share(private_dissent) - share(public_dissent)``, in [-1, 1].
        A positive value means more citizens dissent in private than in public.

    Raises:
        ValueError: If the two arrays have different shapes.
    """
    p, q = np.asarray(private_dissent), np.asarray(public_dissent)
    _check_same_shape(p, q, "conformity_gap")
    return share(p) - share(q)


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
    _check_same_shape(a, b, "largest_component_fraction")
    _check_index_range(a, n, "largest_component_fraction u")
    _check_index_range(b, n, "largest_component_fraction v")
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
    _check_same_shape(a, b, "score_assortativity")
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
    (see :meth:`game.model.SocialCreditModel._record_unfriendings`). A wave that never
    leaves the listed citizen's own friends has depth 1.

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
        _check_same_shape(r, x, f"cascade_stats ({what})")
    if r.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    roots = sorted_unique(r)
    inverse = np.searchsorted(roots, r)
    who = np.concatenate([a, b]).astype(np.int64)
    where = np.concatenate([inverse, inverse]).astype(np.int64)
    pairs = sorted_unique(where * (int(who.max()) + 1) + who)  # (cascade, citizen) once each
    sizes = np.bincount(pairs // (int(who.max()) + 1), minlength=roots.size).astype(np.int64)
    depths = np.zeros(roots.size, dtype=np.int64)
    np.maximum.at(depths, inverse, d.astype(np.int64))
    return roots.astype(np.int64), sizes, depths


def denial_rate(attempts: np.ndarray, denials: np.ndarray) -> np.ndarray:
    """Elementwise denial rate, such as per tier or per group.

    Args:
        attempts: Array of attempt counts (>= 0).
        denials: Array of denial counts of the same shape (0 <= denials <= attempts).

    Returns:
        Float array ``denials / attempts``, with 0.0 where ``attempts == 0``.

    Raises:
        ValueError: If the shapes differ.
    """
    a = np.asarray(attempts, dtype=np.float64)
    d = np.asarray(denials, dtype=np.float64)
    _check_same_shape(a, d, "denial_rate")
    return np.divide(d, a, out=np.zeros_like(a), where=a != 0)


def overall_denial_rate(attempts: np.ndarray, denials: np.ndarray) -> float:
    """Pooled denial rate ``sum(denials) / sum(attempts)``.

    Args:
        attempts: Array of attempt counts (>= 0).
        denials: Array of denial counts of the same shape.

    Returns:
        Rate in [0, 1], or 0.0 if there are no attempts.

    Raises:
        ValueError: If the shapes differ.
    """
    a, d = np.asarray(attempts), np.asarray(denials)
    _check_same_shape(a, d, "overall_denial_rate")
    total = float(a.sum())
    return float(d.sum()) / total if total > 0 else 0.0


def mobility_matrix(
    tier_before: np.ndarray, tier_after: np.ndarray, n_tiers: int
) -> np.ndarray:
    """Row-normalised tier transition matrix.

    Args:
        tier_before: Integer array of each citizen's earlier tier, in
            ``0 .. n_tiers - 1``.
        tier_after: Integer array of the same shape with each citizen's later tier.
        n_tiers: Number of tiers (>= 1).

    Returns:
        Float matrix of shape ``(n_tiers, n_tiers)``. Entry ``[a, b]`` is the
        fraction of citizens in tier ``a`` before who are in tier ``b`` after.
        Each row sums to 1, or is all zeros if nobody was in that tier before.

    Raises:
        ValueError: If the shapes differ or a tier is out of range.
    """
    a, b = np.asarray(tier_before).ravel(), np.asarray(tier_after).ravel()
    _check_same_shape(a, b, "mobility_matrix")
    _check_index_range(a, n_tiers, "mobility_matrix tier_before")
    _check_index_range(b, n_tiers, "mobility_matrix tier_after")
    flat = np.bincount(a * n_tiers + b, minlength=n_tiers * n_tiers)
    counts = flat.reshape(n_tiers, n_tiers).astype(np.float64)
    rows = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)


def mobility_diagonal(
    matrix: np.ndarray, tier_before_shares: np.ndarray | None = None
) -> float:
    """Staying rate: how much of the population stays in its tier.

    Args:
        matrix: Square mobility matrix from :func:`mobility_matrix`.
        tier_before_shares: Optional weights for each row, usually
            ``tier_shares(tier_before, n_tiers)``.

    Returns:
        A value in [0, 1]. With weights, this is the weighted mean of the
        diagonal, which equals the fraction of all citizens who stayed in
        their tier. Without weights, it is the plain mean of the diagonal
        over non-empty rows. Returns 0.0 if there are no rows, or all weights
        or rows are zero.

    Raises:
        ValueError: If the weights do not match the matrix size.
    """
    m = np.asarray(matrix, dtype=np.float64)
    diag = np.diagonal(m)
    if tier_before_shares is None:
        nonempty = m.sum(axis=1) > 0
        return float(diag[nonempty].mean()) if nonempty.any() else 0.0
    w = np.asarray(tier_before_shares, dtype=np.float64).ravel()
    _check_same_shape(w, diag, "mobility_diagonal")
    total = w.sum()
    return float((diag * w).sum() / total) if total > 0 else 0.0
