"""Seeded random friendship-graph generators in pure numpy.

Every generator is fully vectorised (only a small, bounded number of Python
rounds / blocks, never a loop over nodes or edges) and takes all of its
randomness from the :class:`numpy.random.Generator` passed in as ``rng``, so the
same seed always yields the same graph.

Edge-list convention (shared by all generators):

* two ``int32`` arrays ``u`` and ``v`` of equal length, one entry per
  undirected edge;
* ``u < v`` elementwise (hence no self-loops);
* no duplicate edges;
* sorted ascending by the key ``u * n + v``.

``n`` may be anything from 0 to ``2**31 - 1``; requested mean degrees are
clamped to ``n - 1`` (a complete graph), so tiny populations never hang.

Typical cost (one core, mean degree 10): ``n = 100_000`` takes 25-50 ms per
generator and ``n = 1_000_000`` 0.3-0.8 s; :func:`layout` ~0.1 s at a million.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from game.sim.arrays import sorted_unique

__all__ = [
    "KINDS",
    "barabasi_albert",
    "build",
    "contiguous_groups",
    "districts",
    "erdos_renyi",
    "layout",
    "watts_strogatz",
]

#: Graph kinds understood by :func:`build`.
KINDS: tuple[str, ...] = ("erdos_renyi", "watts_strogatz", "barabasi_albert", "districts")

EdgeList = tuple[np.ndarray, np.ndarray]

_MAX_N = 2**31 - 1  # node ids must fit in int32
_MAX_GROUPS = 2**15 - 1  # group ids must fit in int16
# Universes of at most this many candidate pairs (or sampled densely, see
# _DENSE_FRACTION) are sampled exactly without replacement via rng.choice
# instead of by rejection + top-up rounds.
_SMALL_UNIVERSE = 1 << 22
_DENSE_FRACTION = 0.125
_MAX_ROUNDS = 64  # hard cap on top-up / redraw rounds (never reached in practice)
_BA_BLOCK_FRACTION = 0.1  # BA block size relative to the current graph size


# --------------------------------------------------------------------------- #
# validation helpers
# --------------------------------------------------------------------------- #
def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"n must be an integer, got {type(n).__name__}")
    n = int(n)
    if n < 0 or n > _MAX_N:
        raise ValueError(f"n must be in [0, {_MAX_N}], got {n}")
    return n


def _check_degree(mean_degree: Any, n: int) -> float:
    d = float(mean_degree)
    if not math.isfinite(d) or d < 0:
        raise ValueError(f"mean_degree must be a finite number >= 0, got {mean_degree!r}")
    return min(d, float(max(n - 1, 0)))


def _check_unit(name: str, x: Any) -> float:
    x = float(x)
    if not (0.0 <= x <= 1.0):
        raise ValueError(f"{name} must be in [0, 1], got {x!r}")
    return x


def _check_rng(rng: Any) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng must be a numpy.random.Generator (e.g. numpy.random.default_rng(seed)), "
            f"got {type(rng).__name__}"
        )
    return rng


def _n_edges(n: int, d: float) -> int:
    """Edge count for mean degree ``d``, clamped to the complete graph."""
    return min(int(round(n * d / 2.0)), n * (n - 1) // 2)


# --------------------------------------------------------------------------- #
# key / pair-index helpers
# --------------------------------------------------------------------------- #
def _empty() -> EdgeList:
    return np.empty(0, np.int32), np.empty(0, np.int32)


def _keys_from_pairs(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Canonical int64 keys ``min * n + max`` of the unordered pairs ``(a, b)``."""
    a = a.astype(np.int64, copy=False)
    b = b.astype(np.int64, copy=False)
    return np.minimum(a, b) * n + np.maximum(a, b)


def _split_keys(keys: np.ndarray, n: int) -> EdgeList:
    """Split already sorted, distinct keys into the ``(u, v)`` convention."""
    if n == 0 or keys.size == 0:
        return _empty()
    u, v = np.divmod(keys, n)
    return u.astype(np.int32), v.astype(np.int32)


def _edges_from_keys(keys: np.ndarray, n: int) -> EdgeList:
    """Sort + deduplicate keys and split them into the ``(u, v)`` convention."""
    return _split_keys(sorted_unique(np.asarray(keys, dtype=np.int64)), n)


def _triangle_offset(row: np.ndarray, size: np.ndarray | int) -> np.ndarray:
    """Number of pairs ``(i, j), i < j < size`` with ``i < row`` (row-major)."""
    return row * (2 * size - row - 1) // 2


def _pair_from_index(k: np.ndarray, size: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
    """Invert the row-major enumeration of pairs ``i < j < size``.

    ``k`` runs over ``[0, size*(size-1)/2)``; ``size`` may be a scalar or an
    array broadcastable with ``k``. The float estimate is corrected exactly in
    integer arithmetic, so this is exact for any size below ~2**31.
    """
    k = np.asarray(k, dtype=np.int64)
    s = np.asarray(size, dtype=np.int64)
    b = 2.0 * s - 1.0
    disc = np.maximum(b * b - 8.0 * k, 0.0)
    i = np.floor((b - np.sqrt(disc)) / 2.0).astype(np.int64)
    i = np.clip(i, 0, np.maximum(s - 2, 0))
    for _ in range(2):  # fix float rounding at most one step either way
        i -= (_triangle_offset(i, s) > k).astype(np.int64)
        i += (_triangle_offset(i + 1, s) <= k).astype(np.int64)
    j = k - _triangle_offset(i, s) + i + 1
    return i, j


def _choose_sorted(universe_size: int, m: int, rng: np.random.Generator) -> np.ndarray:
    """``m`` distinct indices of ``[0, universe_size)``, uniformly, sorted."""
    if m <= 0:
        return np.empty(0, np.int64)
    if m >= universe_size:
        return np.arange(universe_size, dtype=np.int64)
    return np.sort(rng.choice(universe_size, size=m, replace=False).astype(np.int64))


def _sample_distinct(
    m: int, draw: Callable[[int], np.ndarray], rng: np.random.Generator
) -> np.ndarray:
    """Collect ``m`` distinct keys by drawing with replacement in top-up rounds.

    ``draw(size)`` returns up to ``size`` keys drawn uniformly (with
    replacement, invalid candidates already rejected) from some universe. We
    keep drawing until at least ``m`` distinct keys are held, then discard a
    uniformly random surplus. Because everything is exchangeable over the
    universe, the result is a uniformly random ``m``-subset. Callers only use
    this for sparse universes (``m`` at most a small fraction of it), where one
    or two rounds suffice; the round count is nonetheless capped by
    ``_MAX_ROUNDS`` (a shortfall is then accepted rather than hanging).
    """
    keys = np.empty(0, np.int64)
    yield_rate = 1.0
    for _ in range(_MAX_ROUNDS):
        need = m - keys.size
        if need <= 0:
            break
        size = int(math.ceil(need / yield_rate * 1.02)) + 16
        merged = sorted_unique(np.concatenate([keys, draw(size)]))
        yield_rate = max((merged.size - keys.size) / size, 1e-3)
        keys = merged
    if keys.size > m:
        drop = rng.choice(keys.size, size=keys.size - m, replace=False)
        keys = np.delete(keys, drop)
    return keys


def _complete_keys(n: int) -> np.ndarray:
    i, j = np.triu_indices(n, 1)
    return i.astype(np.int64) * n + j


def contiguous_groups(n: int, n_districts: int = 8) -> np.ndarray:
    """Contiguous near-equal blocks: node ``i`` is in block ``i * k // n``.

    Args:
        n: Number of nodes.
        n_districts: Requested number of blocks ``k``; clamped to ``[1, n]`` so
            that no block is empty.

    Returns:
        ``int16`` array of length ``n`` with the block index of every node.
    """
    n = _check_n(n)
    if isinstance(n_districts, bool) or not isinstance(n_districts, (int, np.integer)):
        raise TypeError(f"n_districts must be an integer, got {type(n_districts).__name__}")
    k = int(n_districts)
    if k < 1 or k > _MAX_GROUPS:
        raise ValueError(f"n_districts must be in [1, {_MAX_GROUPS}], got {k}")
    k = min(k, max(n, 1))
    return (np.arange(n, dtype=np.int64) * k // max(n, 1)).astype(np.int16)


# --------------------------------------------------------------------------- #
# generators
# --------------------------------------------------------------------------- #
def erdos_renyi(n: int, mean_degree: float, rng: np.random.Generator) -> EdgeList:
    """Uniform random graph G(n, m) with ``m = round(n * mean_degree / 2)``.

    Exactly ``m`` distinct edges are drawn uniformly from all ``n(n-1)/2``
    pairs (``m`` clamped to that number, i.e. ``mean_degree`` to ``n - 1``).
    Small or dense universes are sampled without replacement directly; large
    sparse ones by drawing random pairs, rejecting self-loops and duplicates and
    topping up in a couple of rounds, then dropping a random surplus.

    References:
        P. Erdős and A. Rényi, "On random graphs I", Publicationes
        Mathematicae 6, 290-297 (1959) -- the G(n, m) model.
        E. N. Gilbert, "Random graphs", Annals of Mathematical Statistics
        30(4), 1141-1144 (1959) -- the closely related G(n, p) model.

    Args:
        n: Number of nodes.
        mean_degree: Requested mean degree (clamped to ``[0, n - 1]``).
        rng: Source of all randomness.

    Returns:
        ``(u, v)`` edge arrays, see the module docstring.
    """
    n = _check_n(n)
    d = _check_degree(mean_degree, n)
    rng = _check_rng(rng)
    if n < 2:
        return _empty()
    m = _n_edges(n, d)
    total = n * (n - 1) // 2
    if total <= _SMALL_UNIVERSE or m > total * _DENSE_FRACTION:
        i, j = _pair_from_index(_choose_sorted(total, m, rng), n)
        return i.astype(np.int32), j.astype(np.int32)

    def draw(size: int) -> np.ndarray:
        a = rng.integers(0, n, size=size, dtype=np.int32)
        b = rng.integers(0, n, size=size, dtype=np.int32)
        ok = a != b
        return _keys_from_pairs(a[ok], b[ok], n)

    return _edges_from_keys(_sample_distinct(m, draw, rng), n)


def watts_strogatz(
    n: int, mean_degree: float, rng: np.random.Generator, rewire: float = 0.1
) -> EdgeList:
    """Watts-Strogatz small world: a rewired ring lattice.

    Every node ``i`` is joined to its ``h = floor(mean_degree / 2)`` clockwise
    neighbours ``i+1 .. i+h`` (mod n), i.e. the usual ring lattice with even
    ``k = 2h``. If ``mean_degree`` is not an even integer, the fractional
    remainder is realised by also linking an evenly spaced subset of nodes to
    their ``(h+1)``-th clockwise neighbour, so the mean degree matches the
    request exactly (for an even integer this is the plain ``k`` lattice).

    Each lattice edge ``(i, j)`` is then, with probability ``rewire``, replaced
    by ``(i, w)`` with ``w`` uniform over all nodes. Rewirings that would create
    a self-loop or a duplicate edge are redrawn (a few vectorised rounds);
    the rare ones still colliding after ``_MAX_ROUNDS`` rounds fall back to
    their original lattice edge, and any duplicate that creates is dropped, so
    the edge count can fall short by a negligible amount (only on tiny or
    near-complete graphs). ``mean_degree >= n - 1`` gives the complete graph.

    References:
        D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world'
        networks", Nature 393, 440-442 (1998).

    Args:
        n: Number of nodes.
        mean_degree: Requested mean degree (clamped to ``[0, n - 1]``).
        rng: Source of all randomness.
        rewire: Per-edge rewiring probability in ``[0, 1]``.

    Returns:
        ``(u, v)`` edge arrays, see the module docstring.
    """
    n = _check_n(n)
    d = _check_degree(mean_degree, n)
    rng = _check_rng(rng)
    p = _check_unit("rewire", rewire)
    if n < 2:
        return _empty()
    if d >= n - 1:
        return _edges_from_keys(_complete_keys(n), n)

    h = int(d // 2)
    frac = (d - 2 * h) / 2.0  # in [0, 1)
    width = h + (1 if frac > 0 else 0)
    nodes = np.arange(n, dtype=np.int64)
    # lattice as an (n, width) table: row i holds i+1 .. i+width (mod n)
    dst = nodes[:, None] + np.arange(1, width + 1, dtype=np.int64)[None, :]
    wrap = dst >= n
    np.subtract(dst, n, out=dst, where=wrap)
    present = np.ones((n, width), dtype=bool)
    if frac > 0:
        # an evenly spaced subset of round(n * frac) nodes gets one longer link
        present[:, -1] = np.floor((nodes + 1) * frac) > np.floor(nodes * frac)
    if 2 * width == n:
        # offset n/2 (tiny even rings only) would list an edge from both ends
        half = n // 2
        present[half:, -1] &= ~present[:half, -1]

    if p > 0:
        rew = (rng.random((n, width)) < p) & present
    else:
        rew = np.zeros((n, width), dtype=bool)
    keep = present & ~rew
    # unwrapped kept edges are already sorted by key in row-major order; the
    # few wrapped ones (near the end of the ring) are merged in.
    rows = np.broadcast_to(nodes[:, None], (n, width))
    flat = keep & ~wrap
    kept = rows[flat] * n + dst[flat]
    wflat = keep & wrap
    wkeys = np.sort(dst[wflat] * n + rows[wflat])
    kept = np.insert(kept, np.searchsorted(kept, wkeys), wkeys)

    r_src = rows[rew]
    if r_src.size == 0:
        return _split_keys(kept, n)
    r_orig = dst[rew]
    del dst, wrap, present, keep, flat, wflat, rows
    r_dst = rng.integers(0, n, size=r_src.size, dtype=np.int64)
    bad = np.ones(r_src.size, dtype=bool)
    for _ in range(_MAX_ROUNDS):
        keys = _keys_from_pairs(r_src, r_dst, n)
        order = np.argsort(keys, kind="stable")
        ks = keys[order]
        # duplicates among the rewired edges themselves: keep the first copy
        bad_sorted = np.zeros(ks.size, dtype=bool)
        np.equal(ks[1:], ks[:-1], out=bad_sorted[1:])
        if kept.size:  # collisions with the surviving lattice edges
            pos = np.minimum(np.searchsorted(kept, ks), kept.size - 1)
            bad_sorted |= kept[pos] == ks
        bad = np.empty(ks.size, dtype=bool)
        bad[order] = bad_sorted
        bad |= r_src == r_dst
        n_bad = int(bad.sum())
        if n_bad == 0:  # ks is now sorted, distinct and disjoint from `kept`
            break
        r_dst[bad] = rng.integers(0, n, size=n_bad, dtype=np.int64)
    else:  # give up on the stragglers: fall back to their lattice edge
        r_dst[bad] = r_orig[bad]
        ks = sorted_unique(_keys_from_pairs(r_src, r_dst, n))
        ks = ks[~np.isin(ks, kept)]  # a fallback edge may be taken already
    return _split_keys(np.insert(kept, np.searchsorted(kept, ks), ks), n)


def barabasi_albert(n: int, mean_degree: float, rng: np.random.Generator) -> EdgeList:
    """Barabási-Albert preferential attachment, block-parallel.

    Starts from a complete seed graph on ``m_max + 1`` nodes; every later node
    attaches to ``m`` distinct earlier nodes chosen with probability
    proportional to their degree. ``m = max(1, mean_degree / 2)``: when that is
    not an integer, new nodes alternate (evenly spaced) between
    ``floor(m)`` and ``ceil(m)`` links, so the mean degree matches the request
    (for even integer ``mean_degree`` this is exactly the classic
    ``m = mean_degree / 2``; below 2 it is the tree ``m = 1``, mean degree ~2).

    Degree-proportional choice uses the repeated-endpoint list of Batagelj &
    Brandes (a uniform draw from the list of all edge endpoints). To vectorise,
    nodes are processed in blocks of about ``_BA_BLOCK_FRACTION`` times the
    current graph size (~130 blocks for a million nodes; size 1, i.e. exact BA,
    while the graph is small): each node of a block sees the degrees as of the
    block start and cannot link to nodes of its own block. This keeps the
    power-law (heavy-tailed) degree distribution. Repeated targets of one node
    are redrawn in a few rounds; the rare leftovers after ``_MAX_ROUNDS`` are
    dropped.

    References:
        A.-L. Barabási and R. Albert, "Emergence of scaling in random
        networks", Science 286, 509-512 (1999).
        V. Batagelj and U. Brandes, "Efficient generation of large random
        networks", Physical Review E 71, 036113 (2005).

    Args:
        n: Number of nodes.
        mean_degree: Requested mean degree (clamped to ``[0, n - 1]``).
        rng: Source of all randomness.

    Returns:
        ``(u, v)`` edge arrays, see the module docstring.
    """
    n = _check_n(n)
    d = _check_degree(mean_degree, n)
    rng = _check_rng(rng)
    if n < 2:
        return _empty()
    m_mean = max(1.0, d / 2.0)
    m_lo = int(math.floor(m_mean))
    m_hi = min(int(math.ceil(m_mean)), n - 1)
    m_lo = min(m_lo, m_hi)
    frac = m_mean - m_lo if m_hi > m_lo else 0.0
    m0 = m_hi + 1  # complete seed graph
    if n <= m0:
        return _edges_from_keys(_complete_keys(n), n)

    seed_u, seed_v = np.triu_indices(m0, 1)
    t = np.arange(n - m0, dtype=np.float64)
    links = (m_lo + (np.floor((t + 1) * frac) > np.floor(t * frac))).astype(np.int64)
    n_seed = seed_u.size
    n_edges = n_seed + int(links.sum())

    eu = np.empty(n_edges, dtype=np.int64)  # older endpoint (target)
    ev = np.empty(n_edges, dtype=np.int64)  # newer endpoint (source)
    eu[:n_seed] = seed_u
    ev[:n_seed] = seed_v
    ends = np.empty(2 * n_edges, dtype=np.int64)  # repeated-endpoint list
    ends[:n_seed] = seed_u
    ends[n_seed : 2 * n_seed] = seed_v
    n_e, n_ends = n_seed, 2 * n_seed

    s = m0
    while s < n:
        b = min(n - s, max(1, int(s * _BA_BLOCK_FRACTION)))
        cnt = links[s - m0 : s - m0 + b]
        src = np.repeat(np.arange(s, s + b, dtype=np.int64), cnt)
        tgt = ends[rng.integers(0, n_ends, size=src.size)]
        keep = np.ones(src.size, dtype=bool)
        for _ in range(_MAX_ROUNDS):
            # src is sorted, so sorting by (src, tgt) finds repeated targets
            key = src * n + tgt
            order = np.argsort(key, kind="stable")
            ks = key[order]
            dup_sorted = ks[1:] == ks[:-1]
            if not dup_sorted.any():
                break
            idx = order[1:][dup_sorted]
            tgt[idx] = ends[rng.integers(0, n_ends, size=idx.size)]
        else:
            keep[idx] = False  # accept a tiny shortfall rather than loop forever
        src, tgt = src[keep], tgt[keep]
        k = src.size
        eu[n_e : n_e + k] = tgt
        ev[n_e : n_e + k] = src
        ends[n_ends : n_ends + k] = tgt
        ends[n_ends + k : n_ends + 2 * k] = src
        n_e += k
        n_ends += 2 * k
        s += b

    return _edges_from_keys(eu[:n_e] * n + ev[:n_e], n)


def districts(
    n: int,
    mean_degree: float,
    rng: np.random.Generator,
    n_districts: int = 8,
    mixing: float = 0.05,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Planted-partition stochastic block model over contiguous districts.

    Node ``i`` lives in district ``i * n_districts // n`` (contiguous blocks of
    near-equal size; ``n_districts`` is clamped to ``[1, n]``). Of the
    ``m = round(n * mean_degree / 2)`` edges, ``round(mixing * m)`` join
    uniformly random pairs of nodes in *different* districts and the rest
    uniformly random pairs within the *same* district (both without
    replacement). Within-district pairs are thus equally likely in every
    district, i.e. the classic planted partition with
    ``p_in / p_out`` set by ``mixing``. If one pool of pairs is exhausted
    (tiny ``n``, one district, or extreme ``mean_degree``) the surplus edges go
    to the other pool, so the total is kept whenever possible.

    References:
        P. W. Holland, K. B. Laskey and S. Leinhardt, "Stochastic
        blockmodels: First steps", Social Networks 5(2), 109-137 (1983).
        A. Condon and R. M. Karp, "Algorithms for graph partitioning on the
        planted partition model", Random Structures & Algorithms 18(2),
        116-140 (2001).

    Args:
        n: Number of nodes.
        mean_degree: Requested mean degree (clamped to ``[0, n - 1]``).
        rng: Source of all randomness.
        n_districts: Number of districts.
        mixing: Fraction of edges that run between districts, in ``[0, 1]``.

    Returns:
        ``(u, v, group)``: edge arrays as in the module docstring and the
        ``int16`` district index of every node.
    """
    n = _check_n(n)
    d = _check_degree(mean_degree, n)
    rng = _check_rng(rng)
    mix = _check_unit("mixing", mixing)
    group = contiguous_groups(n, n_districts)
    if n < 2:
        u, v = _empty()
        return u, v, group

    k = int(group[-1]) + 1
    sizes = np.bincount(group, minlength=k).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    pairs_in = sizes * (sizes - 1) // 2
    cum_in = np.concatenate([[0], np.cumsum(pairs_in)]).astype(np.int64)
    total = n * (n - 1) // 2
    w_in = int(cum_in[-1])
    w_out = total - w_in

    m = _n_edges(n, d)
    m_out = min(int(round(mix * m)), w_out)
    m_in = min(m - m_out, w_in)
    m_out = min(m - m_in, w_out)  # hand any within-pool shortfall back

    if total <= _SMALL_UNIVERSE or m > total * _DENSE_FRACTION:
        # enumerate every pair once and pick from each pool without replacement
        i, j = np.triu_indices(n, 1)
        same = group[i] == group[j]
        keys = i.astype(np.int64) * n + j
        del i, j
        k_in, k_out = keys[same], keys[~same]
        del keys, same
        sel_in = k_in[_choose_sorted(k_in.size, m_in, rng)]
        sel_out = k_out[_choose_sorted(k_out.size, m_out, rng)]
        u, v = _edges_from_keys(np.concatenate([sel_in, sel_out]), n)
        return u, v, group

    def within_keys(idx: np.ndarray) -> np.ndarray:
        g = np.searchsorted(cum_in, idx, side="right") - 1
        a, b = _pair_from_index(idx - cum_in[g], sizes[g])
        return (starts[g] + a) * n + (starts[g] + b)

    if m_in > w_in * _DENSE_FRACTION:
        sel_in = within_keys(_choose_sorted(w_in, m_in, rng))
    else:
        sel_in = _sample_distinct(
            m_in, lambda size: within_keys(rng.integers(0, w_in, size=size, dtype=np.int64)), rng
        )

    def draw_out(size: int) -> np.ndarray:
        a = rng.integers(0, n, size=size, dtype=np.int32)
        b = rng.integers(0, n, size=size, dtype=np.int32)
        ok = group[a] != group[b]
        return _keys_from_pairs(a[ok], b[ok], n)

    # m <= total/8 and, with >= 2 near-equal districts, w_out >= ~total/2, so
    # this pool is sparse and the rejection sampler converges in ~2 rounds.
    sel_out = _sample_distinct(m_out, draw_out, rng)
    u, v = _edges_from_keys(np.concatenate([sel_in, sel_out]), n)
    return u, v, group


# --------------------------------------------------------------------------- #
# dispatch + layout
# --------------------------------------------------------------------------- #
def build(
    kind: str, n: int, mean_degree: float, rng: np.random.Generator, **params: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Build a friendship graph of the given kind.

    Args:
        kind: One of :data:`KINDS`.
        n: Number of citizens.
        mean_degree: Requested mean degree.
        rng: Source of all randomness.
        **params: Extra model parameters: ``rewire`` for ``watts_strogatz``;
            ``n_districts`` and ``mixing`` for ``districts``. ``n_districts``
            (default 8) is also accepted by the other kinds, where it only sets
            the display neighbourhoods (contiguous blocks, as in
            :func:`districts`). Unknown parameters raise ``TypeError``.

    Returns:
        ``(u, v, group)``: edge arrays (see the module docstring) and the
        ``int16`` district/neighbourhood index of every node.

    Raises:
        ValueError: If ``kind`` is not one of :data:`KINDS`.
    """
    if kind == "districts":
        return districts(n, mean_degree, rng, **params)
    generators: dict[str, Callable[..., EdgeList]] = {
        "erdos_renyi": erdos_renyi,
        "watts_strogatz": watts_strogatz,
        "barabasi_albert": barabasi_albert,
    }
    if kind not in generators:
        raise ValueError(f"unknown network kind {kind!r}; allowed kinds: {', '.join(KINDS)}")
    params = dict(params)
    n_districts = params.pop("n_districts", 8)
    group = contiguous_groups(_check_n(n), n_districts)
    u, v = generators[kind](n, mean_degree, rng, **params)
    return u, v, group


_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


def layout(
    n: int, u: np.ndarray, v: np.ndarray, group: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Cheap, stable 2-D display layout with one cluster per group.

    Groups are discs placed on a circle (up to 12 groups) or on a square grid
    (more), with area proportional to their population. Inside its disc each
    citizen gets a point of a sunflower (Vogel phyllotaxis) spiral, ordered by
    degree so the hubs sit at the centre and the least connected citizens on
    the rim; ties keep node order. The only randomness is a rotation of each
    spiral, drawn from ``rng``. Cost is O(n + edges) (radix sorts on 16-bit
    keys; degrees above 32767 tie).

    References:
        H. Vogel, "A better way to construct the sunflower head",
        Mathematical Biosciences 44(3-4), 179-189 (1979).

    Args:
        n: Number of nodes.
        u: Edge endpoints (any integer arrays of node ids).
        v: Edge endpoints.
        group: Non-negative group index of every node (length ``n``).
        rng: Source of the per-cluster rotations.

    Returns:
        ``float32`` array of shape ``(n, 2)`` with coordinates in ``[0, 1]``.
    """
    n = _check_n(n)
    rng = _check_rng(rng)
    group = np.asarray(group)
    if group.shape != (n,):
        raise ValueError(f"group must have shape ({n},), got {group.shape}")
    if n == 0:
        return np.empty((0, 2), dtype=np.float32)
    if not np.issubdtype(group.dtype, np.integer) or int(group.min()) < 0:
        raise ValueError("group must hold non-negative integers")
    g = group.astype(np.int64)
    k = int(g.max()) + 1
    u = np.asarray(u)
    v = np.asarray(v)
    deg = np.bincount(u, minlength=n)[:n] + np.bincount(v, minlength=n)[:n]

    # rank within group by degree descending: two stable radix passes
    deg_key = (np.int64(32767) - np.minimum(deg, 32767)).astype(np.int16)
    order = np.argsort(deg_key, kind="stable")
    gk = g[order]
    order = order[np.argsort(gk.astype(np.int16) if k <= 32767 else gk, kind="stable")]
    sizes = np.bincount(g, minlength=k)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64) - np.repeat(starts, sizes)

    # cluster centres and radii (radius ~ sqrt(population): even density)
    margin = 0.02
    if k == 1:
        centres = np.array([[0.5, 0.5]])
        r_max = 0.5 - margin
    elif k <= 12:
        sk = math.sin(math.pi / k)
        ring = (0.5 - margin) / (1.0 + 0.9 * sk)
        r_max = 0.9 * sk * ring
        ang = 2.0 * math.pi * np.arange(k) / k + math.pi / 2
        centres = 0.5 + ring * np.stack([np.cos(ang), np.sin(ang)], axis=1)
    else:
        cols = int(math.ceil(math.sqrt(k)))
        rows = int(math.ceil(k / cols))
        cell = (1.0 - 2 * margin) / max(cols, rows)
        r_max = 0.45 * cell
        idx = np.arange(k)
        x0 = 0.5 - cell * cols / 2
        y0 = 0.5 - cell * rows / 2
        centres = np.stack([x0 + cell * (idx % cols + 0.5), y0 + cell * (idx // cols + 0.5)], axis=1)
    radius = r_max * np.sqrt(sizes / max(int(sizes.max()), 1))
    phase = rng.uniform(0.0, 2.0 * math.pi, size=k)

    size_of = sizes[g]
    r = radius[g] * np.sqrt((rank + 0.5) / size_of)
    theta = rank * _GOLDEN_ANGLE + phase[g]
    pos = np.empty((n, 2), dtype=np.float32)
    pos[:, 0] = centres[g, 0] + r * np.cos(theta)
    pos[:, 1] = centres[g, 1] + r * np.sin(theta)
    np.clip(pos, 0.0, 1.0, out=pos)
    return pos
