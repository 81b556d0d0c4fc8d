"""Phase 1, life: income, bills, deeds and misdeeds.

Units: money in coins per step; probabilities per step. Bills are a fixed amount (rent,
utilities), so poor citizens fall behind while rich ones do not: the seed of the
stratification that scoring later amplifies (seed 000: "a digital underclass").
"""

from __future__ import annotations

import numpy as np

# Game assumption: no citizen holds or earns more than this many coins. Far above anything a
# run of the shipped scenarios reaches (mean income 100 coins a step), it keeps a rule that
# compounds income (a service granting +1,000% a step) from reaching infinity, which no
# summary, chart or snapshot could then hold; sums over 2M citizens stay finite too.
MAX_MONEY = 1e15


def pay_bills(wealth: np.ndarray, income: np.ndarray, bill: float, living_cost: float,
              spending: float, reliability: np.ndarray,
              draw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Earn, live, spend some savings, then pay the bill if willing and able.

    Args:
        wealth: coins held, >= 0.
        income: coins earned this step.
        bill: the fixed bill in coins.
        living_cost: share of own income spent on living, >= 0.
        spending: share of savings spent per step in [0, 1] (keeps wealth bounded).
        reliability: probability in [0, 1] of paying when able.
        draw: uniform [0, 1) draws, one per citizen.

    Returns:
        (new wealth, paid mask).
    """
    # maximum then minimum (not clip): bit for bit what the game did before the cap
    wealth = np.minimum(np.maximum(wealth * (1.0 - spending) + income * (1.0 - living_cost), 0.0), MAX_MONEY)
    paid = (draw < reliability) & (wealth >= bill)
    return wealth - bill * paid, paid


def update_history(history: np.ndarray, paid: np.ndarray, alpha: float = 0.1) -> np.ndarray:
    """Payment history in [0, 1]: an exponential moving average of bills paid."""
    return history + alpha * (paid - history)


def missed_streak(streak: np.ndarray, paid: np.ndarray) -> np.ndarray:
    """Consecutive missed bills: +1 on a miss, reset to 0 on a payment."""
    return np.where(paid, 0, streak + 1).astype(np.int32)


def sample_deeds(n: int, rates: dict[str, float], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Who does which deed this step: ``{deed: citizen indices}``.

    The count of each deed is Binomial(n, rate) and the doers are drawn uniformly,
    which costs O(number of deeds) instead of O(n) draws per deed kind.
    """
    out = {}
    for name, rate in rates.items():
        k = int(rng.binomial(n, rate)) if rate > 0 else 0
        out[name] = rng.integers(0, n, size=k) if k else np.empty(0, dtype=np.int64)
    return out


def update_record(record: np.ndarray, decay: float, deeds: dict[str, np.ndarray],
                  deltas: dict[str, float], extra: np.ndarray | None = None) -> np.ndarray:
    """The deed record (points): decays, then gains each deed's delta (Suining, seed 003).

    ``extra`` adds per-citizen points (speech penalties, bills in the points family).
    """
    record = record * decay
    for name, idx in deeds.items():
        if idx.size and deltas[name]:
            np.add.at(record, idx, deltas[name])
    if extra is not None:
        record = record + extra
    return record


def revert_income(income: np.ndarray, base: np.ndarray, rate: float) -> np.ndarray:
    """Income drifts back toward each citizen's base income by ``rate`` per step."""
    return income + rate * (base - income)
