"""Phase 2, authorities: the court blacklist ("List of Dishonest People", seeds 001, 004).

Defaulters and people who cannot pay fines are listed for a duration; a configurable
error rate lists innocents (seed 003: "many mistakes ... go uncorrected"); some of the
listed appeal, and wrongful listings are likelier to be overturned; some who can pay what
they owe pay it and are taken off (seed 004: a man asked the court "to be removed from that
blacklist as soon as possible, because he had finally paid the medical bill he had owed").
"""

from __future__ import annotations

import numpy as np

from game.sim.arrays import sorted_unique

FINED = ("drunk_driving", "bribery", "smoking_on_train", "fare_dodging")  # misdeeds that carry a fine


def fines(wealth: np.ndarray, offenders: np.ndarray, fine: float) -> tuple[np.ndarray, np.ndarray]:
    """Charge each offender the fine; those who cannot pay are returned as unpaid.

    Returns:
        (new wealth, indices of offenders who could not pay).
    """
    offenders = sorted_unique(offenders)
    can = wealth[offenders] >= fine
    wealth = wealth.copy()
    wealth[offenders[can]] -= fine
    return wealth, offenders[~can]


def wrongful(n: int, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Indices of citizens listed by mistake this step (Binomial(n, rate) of them)."""
    k = int(rng.binomial(n, rate)) if rate > 0 else 0
    return sorted_unique(rng.integers(0, n, size=k)) if k else np.empty(0, dtype=np.int64)


def countdown(days_left: np.ndarray, listed: np.ndarray, step_days: int) -> np.ndarray:
    """Days left on the list after one step; returns indices whose term ended."""
    days_left -= step_days * listed
    return np.flatnonzero(listed & (days_left <= 0))


def appeals(listed_idx: np.ndarray, is_wrongful: np.ndarray, rate: float, success: float,
            success_wrongful: float, rng: np.random.Generator) -> np.ndarray:
    """Indices (among ``listed_idx``) whose appeal succeeded this step."""
    if rate <= 0:
        return np.empty(0, dtype=np.int64)
    # two draws for every citizen, listed or not, so the generator advances by the same
    # amount whatever the state: a run and its control (the same seed with one more
    # listing) keep drawing the same numbers (common random numbers)
    draw = rng.random((2, is_wrongful.size))[:, listed_idx]
    p_win = np.where(is_wrongful[listed_idx], success_wrongful, success)
    return listed_idx[(draw[0] < rate) & (draw[1] < p_win)]


def settlements(listed_idx: np.ndarray, is_wrongful: np.ndarray, wealth: np.ndarray, rate: float,
                cost: float, rng: np.random.Generator) -> np.ndarray:
    """Indices (among ``listed_idx``) who pay what they owe this step and ask to be removed
    (seed 004's man who "had finally paid the medical bill he had owed"): each listed citizen
    with at least ``cost`` coins does so with chance ``rate``. A wrongful listing owes
    nothing, so paying cannot end it (appeals can). Paying is on the caller."""
    if rate <= 0:
        return np.empty(0, dtype=np.int64)
    # one draw for every citizen, listed or not (common random numbers, as in :func:`appeals`)
    draw = rng.random(is_wrongful.size)[listed_idx]
    return listed_idx[(draw < rate) & ~is_wrongful[listed_idx] & (wealth[listed_idx] >= cost)]
