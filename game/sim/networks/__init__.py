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

The generators live in :mod:`.random_graphs` (Erdős-Rényi, Watts-Strogatz,
Barabási-Albert) and :mod:`.districts`; :func:`build` picks one by name; :mod:`.layout`
places citizens for drawing; :mod:`.edges` holds what they share.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from game.sim.networks.districts import contiguous_groups, districts
from game.sim.networks.edges import EdgeList, check_n
from game.sim.networks.layout import layout
from game.sim.networks.random_graphs import barabasi_albert, erdos_renyi, watts_strogatz

__all__ = ["KINDS", "barabasi_albert", "build", "contiguous_groups", "districts", "erdos_renyi", "layout",
           "watts_strogatz"]

#: Graph kinds understood by :func:`build`.
KINDS: tuple[str, ...] = ("erdos_renyi", "watts_strogatz", "barabasi_albert", "districts")


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
    group = contiguous_groups(check_n(n), n_districts)
    u, v = generators[kind](n, mean_degree, rng, **params)
    return u, v, group
