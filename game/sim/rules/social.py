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


SCREEN_BINS = 16  # levels of the unfriend screen: a value bin and a cut bin fit one byte


def screen_bins(value: np.ndarray, cut: np.ndarray, bins: int = SCREEN_BINS) -> tuple[np.ndarray, np.ndarray]:
    """Bins that split the test ``value[b] < cut[a]`` into one cheap comparison per tie.

    Both arrays go through the same non-decreasing map onto ``0 .. bins - 1`` (equal
    steps over the values that some cut can reach), so ``value[b] < cut[a]`` implies
    ``value_bin[b] <= cut_bin[a]``: a tie whose bins say otherwise cannot pass the test
    and is ruled out without being looked at. Only the work saved depends on where the
    steps fall; NaN (which passes no test) may land in any bin.

    Returns ``(value_bin, cut_bin)`` as ``uint8``.
    """
    lo, top, reach = _extreme(value, np.min), _extreme(value, np.max), _extreme(cut, np.max)
    if not np.isfinite(lo):  # no finite lowest value: every tie is looked at
        return np.zeros(value.shape, np.uint8), np.zeros(cut.shape, np.uint8)
    if not reach > lo:  # no cut above the lowest value: no value is below any cut
        return np.ones(value.shape, np.uint8), np.zeros(cut.shape, np.uint8)
    hi = min(top, reach) if top > lo else reach
    scale = bins / (hi - lo)
    if not (np.isfinite(scale) and scale > 0):  # no finite steps over this range: steps of 1
        scale = 1.0
    return _bin(value, lo, scale, bins), _bin(cut, lo, scale, bins)


def _extreme(x: np.ndarray, which) -> float:
    """``np.min`` or ``np.max`` with NaN left out (NaN when nothing is left)."""
    if x.size == 0:
        return np.nan
    found = which(x)
    if np.isnan(found):  # the fast reduction, unless there is a NaN to leave out
        found = (np.fmin if which is np.min else np.fmax).reduce(x)
    return float(found)


def _bin(x: np.ndarray, lo: float, scale: float, bins: int) -> np.ndarray:
    """``floor((x - lo) * scale)`` clipped to ``0 .. bins - 1``: non-decreasing in x
    (each rounding step is), infinities to the ends, NaN to 0."""
    with np.errstate(invalid="ignore", over="ignore"):
        level = np.floor((x - lo) * scale)
    np.fmax(level, 0.0, out=level)  # fmax and fmin take the number over a NaN
    np.fmin(level, bins - 1, out=level)
    return level.astype(np.uint8)
