"""Phase 4, social: dropping costly friends and seeking new ones.

"Your friends hear you are on the blacklist and, fearful that their scores might be
affected, quietly drop you as a contact" (seed 003). A citizen drops a friend when the
points they believe the tie costs them, times their score sensitivity, exceed what the
tie is worth to them. New ties form with score homophily.
"""

from __future__ import annotations

import numpy as np

from game.sim import portable


def drop_gain_weighted(friend_sum: np.ndarray, degree: np.ndarray, q_friend: np.ndarray,
                       half: float, points_per_unit: float) -> np.ndarray:
    """Points citizen i gains by dropping friend j under the weighted family.

    With the connections factor ``c = S / (d + half)`` (see
    :func:`game.sim.rules.scoring.connection_value`) the gain is
    ``(S - q_j) / (d - 1 + half) - S / (d + half)`` factor units, positive exactly when
    ``q_j < c``.

    Args:
        friend_sum: i's sum of friends' normalised scores S (per half-edge).
        degree: i's number of friends d (per half-edge), >= 1.
        q_friend: j's normalised score in [0, 1].
        half: the connections factor's network-size constant (friends).
        points_per_unit: score points per unit of the factor (range × its weight share).
    """
    d = degree.astype(np.float64)
    return points_per_unit * ((friend_sum - q_friend) / (d - 1.0 + half) - friend_sum / (d + half))


def drop_gain_points(friend_total: np.ndarray, degree: np.ndarray, s_friend: np.ndarray,
                     w_conn: float) -> np.ndarray:
    """Points gained by dropping j when the score blends toward friends' mean by ``w_conn``."""
    d = degree.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):  # d = 0 gives NaN: no drop
        before = friend_total / d
        after = np.where(d > 1, (friend_total - s_friend) / np.maximum(d - 1, 1.0), before)
    return w_conn * (after - before)


def gate_gain(friend_total: np.ndarray, degree: np.ndarray, s_friend: np.ndarray,
              gate: float, value: float) -> np.ndarray:
    """Points-equivalent of moving toward a friends'-average gate by dropping j.

    Below the gate (Facebook's 2012 patent, seeds 001/003), dropping a friend whose
    score is under your friends' mean moves the mean up; the gain is the share of the
    distance to the gate closed, times what passing the gate is worth (``value``).
    """
    d = degree.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):  # d = 0 gives NaN: no drop
        mean = friend_total / d
        after = np.where(d > 1, (friend_total - s_friend) / np.maximum(d - 1, 1.0), mean)
        closed = np.where(mean < gate, (after - mean) / np.maximum(gate - mean, 1e-9), 0.0)
    return value * np.clip(closed, 0.0, 1.0)


def decide_drops(gain: np.ndarray, sensitivity: np.ndarray, tie_value: np.ndarray) -> np.ndarray:
    """Half-edges where the perceived gain, weighted by sensitivity, beats the tie's worth."""
    return gain * sensitivity > tie_value


def accept_friendship(score_a: np.ndarray, score_b: np.ndarray, homophily: float,
                      draw: np.ndarray) -> np.ndarray:
    """Score homophily: acceptance halves for every ``homophily`` points of score gap."""
    p = portable.exp2(-np.abs(score_a - score_b) / homophily)
    return draw < p


def pick_candidates(seekers: np.ndarray, group: np.ndarray, group_order: np.ndarray,
                    group_start: np.ndarray, group_size: np.ndarray, local: float,
                    rng: np.random.Generator) -> np.ndarray:
    """A random candidate per seeker: from their own group with chance ``local``, else anyone."""
    n = group.size
    k = seekers.size
    draws = rng.random((3, k))
    g = group[seekers]
    in_group = group_order[group_start[g] + (draws[0] * group_size[g]).astype(np.int64)]
    anyone = (draws[1] * n).astype(np.int64)
    return np.where(draws[2] < local, in_group, anyone)


def split_point(value: np.ndarray, cut: np.ndarray, weight: np.ndarray, bins: int = 64) -> float:
    """A level ``T`` that splits the test ``value[b] < cut[a]`` into two cheap node flags.

    A tie (a, b) can pass the test only if ``value[b] < T`` or ``cut[a] > T`` (otherwise
    ``value[b] >= T >= cut[a]``), whatever T is. Ties with neither end flagged are ruled
    out without being looked at. ``T`` is chosen on a histogram of ``bins`` levels to
    flag the least ``weight`` (friend count: the ties each flag costs to check).
    """
    # Any finite level is correct (only the work saved depends on it); NaN would flag
    # nothing, so whatever cannot be binned falls back to the lowest value, or 0.
    if value.size == 0:
        return 0.0
    with np.errstate(invalid="ignore"):
        lo, hi = float(np.nanmin(value, initial=np.inf)), float(np.nanmax(value, initial=-np.inf))
    if not np.isfinite(lo):
        return 0.0
    if not (np.isfinite(hi) and hi > lo and np.isfinite(bins / (hi - lo))):
        return lo
    value = np.nan_to_num(value, nan=hi)
    scale = bins / (hi - lo)
    level = np.minimum(((value - lo) * scale).astype(np.int64), bins - 1)
    # cut > lo + k / scale  <=>  k < (cut - lo) * scale: count each cut at every level below it
    top = np.clip(np.ceil((np.nan_to_num(cut, nan=-np.inf, posinf=hi, neginf=lo) - lo) * scale),
                  0, bins).astype(np.int64)
    below = np.r_[0.0, np.cumsum(np.bincount(level, weights=weight, minlength=bins))]  # value < level k
    above = np.r_[np.cumsum(np.bincount(top, weights=weight, minlength=bins + 1)[::-1])[::-1][1:], 0.0]
    # above[k]: weight of cuts whose top > k, i.e. cut > lo + k / scale
    return lo + int(np.argmin(below + above)) / scale
