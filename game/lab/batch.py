"""Mesa's ``batch_run`` across Mesa versions, seeded explicitly.

Mesa 3.3 seeds runs through a ``rng`` model parameter; Mesa 3.5 takes ``rng=[...]`` as a
``batch_run`` argument and overwrites any ``rng`` parameter. This wrapper gives both the
same contract: one run per (parameter point, seed), each seeded exactly as asked.
"""

from __future__ import annotations

import inspect
from typing import Any, Iterable, Mapping

import mesa


def batch_run(model_cls, parameters: Mapping[str, Any], seeds: Iterable[int], **kwargs) -> list[dict]:
    """``mesa.batch_run`` with one run per seed and parameter point (deterministic)."""
    seeds = list(seeds)
    if "rng" in inspect.signature(mesa.batch_run).parameters:
        return mesa.batch_run(model_cls, parameters, rng=seeds, **kwargs)
    return mesa.batch_run(model_cls, {**parameters, "rng": seeds}, iterations=1, **kwargs)
