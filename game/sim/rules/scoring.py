"""Phase 3, scoring: the rule families and their modifiers.

Families (scenario ``scoring.family``):

* ``weighted`` — Sesame/Zhima-like (seeds 000, 002, 004): five factors in [0, 1]
  (history, capacity, characteristics, behaviour, connections) mixed by weight and
  mapped onto [low, high], by default 350–950.
* ``points`` — Suining-like (seed 003): a start value (1000) plus the deed record;
  graded into tiers A–D by the scenario's tier floors.
* ``blacklist_only`` and ``none`` — no score exists for citizens or institutions; the
  model still computes the weighted index as an *observer's measure* so runs can be
  compared on the same yardstick (it drives nothing).

Modifiers: connections weight (friends' scores count, Facebook patent, seeds 001/003),
group bias (seed 000), blacklist penalty.
"""

from __future__ import annotations

import numpy as np

from game.sim.arrays import add_up

FACTORS = ("history", "capacity", "characteristics", "behaviour", "connections")


def capacity(wealth: np.ndarray, half: float) -> np.ndarray:
    """Ability to fulfil contracts in [0, 1): ``wealth / (wealth + half)`` (half in coins)."""
    return wealth / (wealth + half)


def behaviour(record: np.ndarray, scale: float) -> np.ndarray:
    """Behaviour & preferences in [0, 1]: 0.5 plus the deed record over ``scale`` points."""
    return np.clip(0.5 + record / scale, 0.0, 1.0)


def connection_value(friend_sum: np.ndarray, degree: np.ndarray, half: float) -> np.ndarray:
    """Connections factor in [0, 1): ``sum(q_friends) / (degree + half)``.

    ``friend_sum`` is the sum of friends' normalised scores (each in [0, 1]). This is
    the friends' mean score discounted for a small network (``degree / (degree + half)``),
    so low-scored friends pull it down and losing many friends lowers it too ("the
    algorithm notices", seed 003). Dropping friend j raises it exactly when j's
    normalised score is below the citizen's current value.
    """
    return friend_sum / (np.asarray(degree, dtype=np.float64) + half)


def weighted(factors: dict[str, np.ndarray], weights: dict[str, float], low: float,
             high: float) -> np.ndarray:
    """Weighted factor score on [low, high]; weights are normalised to sum to 1."""
    total = add_up(weights.values())
    if total <= 0:
        return np.full(next(iter(factors.values())).shape, (low + high) / 2)
    mix = sum(factors[name] * (w / total) for name, w in weights.items() if w)
    return low + (high - low) * mix


def points(record: np.ndarray, start: float, friends_mean: np.ndarray, w_conn: float) -> np.ndarray:
    """Points score: start plus record, blended toward friends' mean by ``w_conn`` in [0, 1].

    Citizens without friends keep their own points (``friends_mean`` NaN).
    """
    own = start + record
    friends = np.where(np.isnan(friends_mean), own, friends_mean)
    return (1.0 - w_conn) * own + w_conn * friends


def modifiers(score: np.ndarray, group: np.ndarray, bias: tuple[float, ...], listed: np.ndarray,
              penalty: float, low: float, high: float) -> np.ndarray:
    """Group bias (points per group index), blacklist penalty, then clip to [low, high]."""
    if bias:
        table = np.zeros(int(group.max()) + 1 if group.size else 1)
        k = min(len(bias), table.size)
        table[:k] = bias[:k]
        score = score + table[group]
    score = score - penalty * listed
    return np.clip(score, low, high)


def tiers(score: np.ndarray, floors: np.ndarray) -> np.ndarray:
    """Tier index per citizen (0 = best) from tier floors listed best first (descending)."""
    # one comparison per tier floor: cheaper than a binary search with a handful of tiers
    above = np.zeros(score.shape, dtype=np.int8)
    for floor in floors[::-1]:
        above += score >= floor
    return np.clip(floors.size - above, 0, floors.size - 1).astype(np.int8)


def speech_cost(family: str, speech_penalty: float, low: float, high: float,
                w_behaviour: float, record_scale: float) -> float:
    """Score points one step of public dissent costs at once (what an informed citizen sees).

    ``w_behaviour`` is the behaviour factor's share of all weights. Zero when the score
    is invisible (``none``, ``blacklist_only``).
    """
    if family == "points":
        return speech_penalty
    if family == "weighted":
        return speech_penalty * (high - low) * w_behaviour / record_scale
    return 0.0
