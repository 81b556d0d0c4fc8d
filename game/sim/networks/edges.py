"""The pieces every generator shares: argument checks, the edge-key arithmetic of the
package's edge-list convention (see :mod:`game.sim.networks`), and exact samplers of
distinct pairs."""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from game.sim.arrays import sorted_unique

EdgeList = tuple[np.ndarray, np.ndarray]

MAX_N = 2**31 - 1  # node ids must fit in int32
MAX_GROUPS = 2**15 - 1  # group ids must fit in int16
# Universes of at most this many candidate pairs (or sampled densely, see
# DENSE_FRACTION) are sampled exactly without replacement via rng.choice
# instead of by rejection + top-up rounds.
SMALL_UNIVERSE = 1 << 22
DENSE_FRACTION = 0.125
MAX_ROUNDS = 64  # hard cap on top-up / redraw rounds (never reached in practice)


# --------------------------------------------------------------------------- #
# validation helpers
# --------------------------------------------------------------------------- #
def check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"n must be an integer, got {type(n).__name__}")
    n = int(n)
    if n < 0 or n > MAX_N:
        raise ValueError(f"n must be in [0, {MAX_N}], got {n}")
    return n


def check_degree(mean_degree: Any, n: int) -> float:
    d = float(mean_degree)
    if not math.isfinite(d) or d < 0:
        raise ValueError(f"mean_degree must be a finite number >= 0, got {mean_degree!r}")
    return min(d, float(max(n - 1, 0)))


def check_unit(name: str, x: Any) -> float:
    x = float(x)
    if not (0.0 <= x <= 1.0):
        raise ValueError(f"{name} must be in [0, 1], got {x!r}")
    return x


def check_rng(rng: Any) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng must be a numpy.random.Generator (e.g. numpy.random.default_rng(seed)), "
            f"got {type(rng).__name__}"
        )
    return rng


def n_edges(n: int, d: float) -> int:
    """Edge count for mean degree ``d``, clamped to the complete graph."""
    return min(int(round(n * d / 2.0)), n * (n - 1) // 2)


# --------------------------------------------------------------------------- #
# key / pair-index helpers
# --------------------------------------------------------------------------- #
def empty() -> EdgeList:
    return np.empty(0, np.int32), np.empty(0, np.int32)


def keys_from_pairs(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Canonical int64 keys ``min * n + max`` of the unordered pairs ``(a, b)``."""
    a = a.astype(np.int64, copy=False)
    b = b.astype(np.int64, copy=False)
    return np.minimum(a, b) * n + np.maximum(a, b)


def split_keys(keys: np.ndarray, n: int) -> EdgeList:
    """Split already sorted, distinct keys into the ``(u, v)`` convention."""
    if n == 0 or keys.size == 0:
        return empty()
    u, v = np.divmod(keys, n)
    return u.astype(np.int32), v.astype(np.int32)


def edges_from_keys(keys: np.ndarray, n: int) -> EdgeList:
    """Sort + deduplicate keys and split them into the ``(u, v)`` convention."""
    return split_keys(sorted_unique(np.asarray(keys, dtype=np.int64)), n)


def triangle_offset(row: np.ndarray, size: np.ndarray | int) -> np.ndarray:
    """Number of pairs ``(i, j), i < j < size`` with ``i < row`` (row-major)."""
    return row * (2 * size - row - 1) // 2


def pair_from_index(k: np.ndarray, size: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
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
        i -= (triangle_offset(i, s) > k).astype(np.int64)
        i += (triangle_offset(i + 1, s) <= k).astype(np.int64)
    j = k - triangle_offset(i, s) + i + 1
    return i, j


def choose_sorted(universe_size: int, m: int, rng: np.random.Generator) -> np.ndarray:
    """``m`` distinct indices of ``[0, universe_size)``, uniformly, sorted."""
    if m <= 0:
        return np.empty(0, np.int64)
    if m >= universe_size:
        return np.arange(universe_size, dtype=np.int64)
    return np.sort(rng.choice(universe_size, size=m, replace=False).astype(np.int64))


def sample_distinct(
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
    ``MAX_ROUNDS`` (a shortfall is then accepted rather than hanging).
    """
    keys = np.empty(0, np.int64)
    yield_rate = 1.0
    for _ in range(MAX_ROUNDS):
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


def complete_keys(n: int) -> np.ndarray:
    i, j = np.triu_indices(n, 1)
    return i.astype(np.int64) * n + j
