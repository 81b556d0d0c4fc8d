"""Three classic random graphs: Erdős-Rényi G(n, m), the Watts-Strogatz small world and
Barabási-Albert preferential attachment (the edge-list convention: :mod:`game.sim.networks`)."""

from __future__ import annotations

import math

import numpy as np

from game.sim.arrays import sorted_unique
from game.sim.networks.edges import (DENSE_FRACTION, MAX_ROUNDS, SMALL_UNIVERSE, EdgeList, check_degree, check_n,
                                     check_rng, check_unit, choose_sorted, complete_keys, edges_from_keys, empty,
                                     keys_from_pairs, n_edges, pair_from_index, sample_distinct, split_keys)

BA_BLOCK_FRACTION = 0.1  # BA block size relative to the current graph size


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
    n = check_n(n)
    d = check_degree(mean_degree, n)
    rng = check_rng(rng)
    if n < 2:
        return empty()
    m = n_edges(n, d)
    total = n * (n - 1) // 2
    if total <= SMALL_UNIVERSE or m > total * DENSE_FRACTION:
        i, j = pair_from_index(choose_sorted(total, m, rng), n)
        return i.astype(np.int32), j.astype(np.int32)

    def draw(size: int) -> np.ndarray:
        a = rng.integers(0, n, size=size, dtype=np.int32)
        b = rng.integers(0, n, size=size, dtype=np.int32)
        ok = a != b
        return keys_from_pairs(a[ok], b[ok], n)

    return edges_from_keys(sample_distinct(m, draw, rng), n)


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
    the rare ones still colliding after ``MAX_ROUNDS`` rounds fall back to
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
    n = check_n(n)
    d = check_degree(mean_degree, n)
    rng = check_rng(rng)
    p = check_unit("rewire", rewire)
    if n < 2:
        return empty()
    if d >= n - 1:
        return edges_from_keys(complete_keys(n), n)
    rows, dst, wrap, present = _ring_lattice(n, d)
    if p > 0:
        rew = (rng.random(present.shape) < p) & present
    else:
        rew = np.zeros(present.shape, dtype=bool)
    keep = present & ~rew
    # unwrapped kept edges are already sorted by key in row-major order; the
    # few wrapped ones (near the end of the ring) are merged in.
    flat = keep & ~wrap
    kept = rows[flat] * n + dst[flat]
    wflat = keep & wrap
    wkeys = np.sort(dst[wflat] * n + rows[wflat])
    kept = np.insert(kept, np.searchsorted(kept, wkeys), wkeys)

    r_src = rows[rew]
    if r_src.size == 0:
        return split_keys(kept, n)
    r_orig = dst[rew]
    del dst, wrap, present, keep, flat, wflat, rows
    ks = _rewired(kept, r_src, r_orig, n, rng)
    return split_keys(np.insert(kept, np.searchsorted(kept, ks), ks), n)


def _ring_lattice(n: int, d: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The ring lattice as ``(n, width)`` tables: row i holds the links i+1 .. i+width
    (mod n): ``(rows, dst, wrap, present)`` = source, target, whether the link wraps past
    n - 1, whether it exists (the last column only for an evenly spaced subset when the
    mean degree is not an even integer)."""
    h = int(d // 2)
    frac = (d - 2 * h) / 2.0  # in [0, 1)
    width = h + (1 if frac > 0 else 0)
    nodes = np.arange(n, dtype=np.int64)
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
    return np.broadcast_to(nodes[:, None], (n, width)), dst, wrap, present


def _rewired(kept: np.ndarray, r_src: np.ndarray, r_orig: np.ndarray, n: int,
             rng: np.random.Generator) -> np.ndarray:
    """Sorted keys of the rewired edges: each source ``r_src`` to a uniform new end, redrawn
    while it makes a self-loop or a duplicate (of another rewired edge or of ``kept``);
    after ``MAX_ROUNDS`` the stragglers fall back to their lattice edge ``r_orig``."""
    r_dst = rng.integers(0, n, size=r_src.size, dtype=np.int64)
    bad = np.ones(r_src.size, dtype=bool)
    for _ in range(MAX_ROUNDS):
        keys = keys_from_pairs(r_src, r_dst, n)
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
            return ks
        r_dst[bad] = rng.integers(0, n, size=n_bad, dtype=np.int64)
    r_dst[bad] = r_orig[bad]  # give up on the stragglers: fall back to their lattice edge
    ks = sorted_unique(keys_from_pairs(r_src, r_dst, n))
    return ks[~np.isin(ks, kept)]  # a fallback edge may be taken already


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
    nodes are processed in blocks of about ``BA_BLOCK_FRACTION`` times the
    current graph size (~130 blocks for a million nodes; size 1, i.e. exact BA,
    while the graph is small): each node of a block sees the degrees as of the
    block start and cannot link to nodes of its own block. This keeps the
    power-law (heavy-tailed) degree distribution. Repeated targets of one node
    are redrawn in a few rounds; the rare leftovers after ``MAX_ROUNDS`` are
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
    n = check_n(n)
    d = check_degree(mean_degree, n)
    rng = check_rng(rng)
    if n < 2:
        return empty()
    m_mean = max(1.0, d / 2.0)
    m_lo = int(math.floor(m_mean))
    m_hi = min(int(math.ceil(m_mean)), n - 1)
    m_lo = min(m_lo, m_hi)
    frac = m_mean - m_lo if m_hi > m_lo else 0.0
    m0 = m_hi + 1  # complete seed graph
    if n <= m0:
        return edges_from_keys(complete_keys(n), n)

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
    n_e = _attach(eu, ev, ends, n_seed, links, m0, n, rng)
    return edges_from_keys(eu[:n_e] * n + ev[:n_e], n)


def _attach(eu, ev, ends, n_seed: int, links: np.ndarray, m0: int, n: int, rng: np.random.Generator) -> int:
    """Add nodes ``m0 .. n-1`` block by block, each with ``links`` edges to distinct
    earlier nodes drawn from the repeated-endpoint list ``ends``; fills ``eu``, ``ev`` and
    ``ends`` in place and returns the number of edges."""
    n_e, n_ends = n_seed, 2 * n_seed
    s = m0
    while s < n:
        b = min(n - s, max(1, int(s * BA_BLOCK_FRACTION)))
        cnt = links[s - m0 : s - m0 + b]
        src = np.repeat(np.arange(s, s + b, dtype=np.int64), cnt)
        tgt = ends[rng.integers(0, n_ends, size=src.size)]
        keep = _distinct_targets(src, tgt, ends[:n_ends], n, rng)
        src, tgt = src[keep], tgt[keep]
        k = src.size
        eu[n_e : n_e + k] = tgt
        ev[n_e : n_e + k] = src
        ends[n_ends : n_ends + k] = tgt
        ends[n_ends + k : n_ends + 2 * k] = src
        n_e += k
        n_ends += 2 * k
        s += b
    return n_e


def _distinct_targets(src: np.ndarray, tgt: np.ndarray, ends: np.ndarray, n: int,
                      rng: np.random.Generator) -> np.ndarray:
    """Redraw (in place) a node's repeated targets from ``ends``; returns which links to
    keep (all, unless repeats survive ``MAX_ROUNDS``: a tiny shortfall beats looping forever)."""
    keep = np.ones(src.size, dtype=bool)
    for _ in range(MAX_ROUNDS):
        # src is sorted, so sorting by (src, tgt) finds repeated targets
        key = src * n + tgt
        order = np.argsort(key, kind="stable")
        ks = key[order]
        dup_sorted = ks[1:] == ks[:-1]
        if not dup_sorted.any():
            return keep
        idx = order[1:][dup_sorted]
        tgt[idx] = ends[rng.integers(0, ends.size, size=idx.size)]
    keep[idx] = False
    return keep
