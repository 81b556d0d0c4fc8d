"""Where each citizen is drawn: a cheap, stable 2-D layout with one cluster per group."""

from __future__ import annotations

import math

import numpy as np

from game.sim.networks.edges import check_n, check_rng

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
    n = check_n(n)
    rng = check_rng(rng)
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
    rank, sizes = _ranks(g, deg, n, k)
    centres, r_max = _centres(k)
    radius = r_max * np.sqrt(sizes / max(int(sizes.max()), 1))  # radius ~ sqrt(population): even density
    phase = rng.uniform(0.0, 2.0 * math.pi, size=k)

    size_of = sizes[g]
    r = radius[g] * np.sqrt((rank + 0.5) / size_of)
    theta = rank * _GOLDEN_ANGLE + phase[g]
    pos = np.empty((n, 2), dtype=np.float32)
    pos[:, 0] = centres[g, 0] + r * np.cos(theta)
    pos[:, 1] = centres[g, 1] + r * np.sin(theta)
    np.clip(pos, 0.0, 1.0, out=pos)
    return pos


def _ranks(g: np.ndarray, deg: np.ndarray, n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each node's rank within its group by degree, descending (two stable radix passes),
    and the groups' sizes."""
    deg_key = (np.int64(32767) - np.minimum(deg, 32767)).astype(np.int16)
    order = np.argsort(deg_key, kind="stable")
    gk = g[order]
    order = order[np.argsort(gk.astype(np.int16) if k <= 32767 else gk, kind="stable")]
    sizes = np.bincount(g, minlength=k)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64) - np.repeat(starts, sizes)
    return rank, sizes


def _centres(k: int) -> tuple[np.ndarray, float]:
    """Cluster centres (a circle up to 12 groups, else a square grid) and the largest radius."""
    margin = 0.02
    if k == 1:
        return np.array([[0.5, 0.5]]), 0.5 - margin
    if k <= 12:
        sk = math.sin(math.pi / k)
        ring = (0.5 - margin) / (1.0 + 0.9 * sk)
        ang = 2.0 * math.pi * np.arange(k) / k + math.pi / 2
        return 0.5 + ring * np.stack([np.cos(ang), np.sin(ang)], axis=1), 0.9 * sk * ring
    cols = int(math.ceil(math.sqrt(k)))
    rows = int(math.ceil(k / cols))
    cell = (1.0 - 2 * margin) / max(cols, rows)
    idx = np.arange(k)
    x0 = 0.5 - cell * cols / 2
    y0 = 0.5 - cell * rows / 2
    return np.stack([x0 + cell * (idx % cols + 0.5), y0 + cell * (idx // cols + 0.5)], axis=1), 0.45 * cell
