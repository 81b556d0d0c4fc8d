"""Districts: citizens in contiguous blocks, most friendships within a block (a planted
partition), and the blocks every other kind uses as display neighbourhoods."""

from __future__ import annotations

import numpy as np

from game.sim.networks.edges import (DENSE_FRACTION, MAX_GROUPS, SMALL_UNIVERSE, check_degree, check_n, check_rng,
                                     check_unit, choose_sorted, edges_from_keys, empty, keys_from_pairs, n_edges,
                                     pair_from_index, sample_distinct)


def contiguous_groups(n: int, n_districts: int = 8) -> np.ndarray:
    """Contiguous near-equal blocks: node ``i`` is in block ``i * k // n``.

    Args:
        n: Number of nodes.
        n_districts: Requested number of blocks ``k``; clamped to ``[1, n]`` so
            that no block is empty.

    Returns:
        ``int16`` array of length ``n`` with the block index of every node.
    """
    n = check_n(n)
    if isinstance(n_districts, bool) or not isinstance(n_districts, (int, np.integer)):
        raise TypeError(f"n_districts must be an integer, got {type(n_districts).__name__}")
    k = int(n_districts)
    if k < 1 or k > MAX_GROUPS:
        raise ValueError(f"n_districts must be in [1, {MAX_GROUPS}], got {k}")
    k = min(k, max(n, 1))
    return (np.arange(n, dtype=np.int64) * k // max(n, 1)).astype(np.int16)


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
    n = check_n(n)
    d = check_degree(mean_degree, n)
    rng = check_rng(rng)
    mix = check_unit("mixing", mixing)
    group = contiguous_groups(n, n_districts)
    if n < 2:
        u, v = empty()
        return u, v, group

    k = int(group[-1]) + 1
    sizes = np.bincount(group, minlength=k).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    pairs_in = sizes * (sizes - 1) // 2
    cum_in = np.concatenate([[0], np.cumsum(pairs_in)]).astype(np.int64)
    total = n * (n - 1) // 2
    w_in = int(cum_in[-1])
    w_out = total - w_in

    m = n_edges(n, d)
    m_out = min(int(round(mix * m)), w_out)
    m_in = min(m - m_out, w_in)
    m_out = min(m - m_in, w_out)  # hand any within-pool shortfall back

    if total <= SMALL_UNIVERSE or m > total * DENSE_FRACTION:
        sel_in, sel_out = _pick_from_every_pair(group, n, m_in, m_out, rng)
    else:
        sel_in = _pick_within(sizes, starts, cum_in, n, m_in, rng)
        sel_out = _pick_across(group, n, m_out, rng)
    u, v = edges_from_keys(np.concatenate([sel_in, sel_out]), n)
    return u, v, group


def _pick_within(sizes: np.ndarray, starts: np.ndarray, cum_in: np.ndarray, n: int, m_in: int,
                 rng: np.random.Generator) -> np.ndarray:
    """``m_in`` distinct pairs within districts, uniformly: pairs are numbered district by
    district (``cum_in``: where each district's numbers start) and drawn by number."""
    w_in = int(cum_in[-1])

    def within_keys(idx: np.ndarray) -> np.ndarray:
        g = np.searchsorted(cum_in, idx, side="right") - 1
        a, b = pair_from_index(idx - cum_in[g], sizes[g])
        return (starts[g] + a) * n + (starts[g] + b)

    if m_in > w_in * DENSE_FRACTION:
        return within_keys(choose_sorted(w_in, m_in, rng))
    return sample_distinct(m_in, lambda size: within_keys(rng.integers(0, w_in, size=size, dtype=np.int64)), rng)


def _pick_from_every_pair(group: np.ndarray, n: int, m_in: int, m_out: int,
                          rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Small or dense graphs: enumerate every pair once and pick from each pool (within,
    across districts) without replacement."""
    i, j = np.triu_indices(n, 1)
    same = group[i] == group[j]
    keys = i.astype(np.int64) * n + j
    del i, j
    k_in, k_out = keys[same], keys[~same]
    del keys, same
    return k_in[choose_sorted(k_in.size, m_in, rng)], k_out[choose_sorted(k_out.size, m_out, rng)]


def _pick_across(group: np.ndarray, n: int, m_out: int, rng: np.random.Generator) -> np.ndarray:
    """``m_out`` distinct pairs across districts. Here m <= total/8 and, with >= 2
    near-equal districts, the pool holds >= ~total/2 pairs, so it is sparse and the
    rejection sampler converges in ~2 rounds."""

    def draw_out(size: int) -> np.ndarray:
        a = rng.integers(0, n, size=size, dtype=np.int32)
        b = rng.integers(0, n, size=size, dtype=np.int32)
        ok = group[a] != group[b]
        return keys_from_pairs(a[ok], b[ok], n)

    return sample_distinct(m_out, draw_out, rng)
