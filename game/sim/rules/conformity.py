"""Phase 5, conformity: who shows the public norm and who speaks their mind.

A citizen who privately dissents conforms in public when the share of conforming
friends reaches their threshold (Granovetter 1978; Watts 2002) or when the penalty
they *perceive* for speaking exceeds what they tolerate. Committed conformers never
revert. With penalties off this is the classic threshold model.
"""

from __future__ import annotations

import numpy as np


def perceive(cost: float, opacity: str, noise: np.ndarray, learned: np.ndarray) -> np.ndarray:
    """What each citizen believes a step of public dissent costs them, in points.

    ``exact``: the true cost. ``noisy``: the true cost times each citizen's persistent
    misjudgement (log-normal ``noise``). ``unknown``: the rules are secret (seeds 000,
    002, 003): what the citizen has learned so far from their own score and their
    friends' (``learned``, see :mod:`game.rules.learning`), whatever the real rule is.
    """
    if opacity == "exact":
        return np.full(noise.shape, cost)
    if opacity == "noisy":
        return cost * noise
    return learned


def update(private_dissent: np.ndarray, committed: np.ndarray, friend_share: np.ndarray,
           threshold: np.ndarray, perceived: np.ndarray, sensitivity: np.ndarray,
           tolerance: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One synchronous conformity update.

    Args:
        private_dissent: holds a dissenting view (bool).
        committed: always conforms (bool).
        friend_share: share of friends who conformed last step, in [0, 1].
        threshold: share of conforming friends that silences the citizen, in [0, 1].
        perceived: points the citizen believes speaking costs per step.
        sensitivity: how much the citizen cares about points (>= 0).
        tolerance: points the citizen accepts losing for speaking.

    Returns:
        (conforming, silenced_by_peers, silenced_by_score) masks.
    """
    by_peers = friend_share >= threshold
    by_score = perceived * sensitivity > tolerance
    conforming = committed | ~private_dissent | by_peers | by_score
    return (conforming, private_dissent & by_peers & ~committed,
            private_dissent & by_score & ~by_peers & ~committed)
