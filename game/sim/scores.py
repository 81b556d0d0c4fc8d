"""Phase 3's arithmetic over the model's columns: the score under the scenario's family.

:class:`ScoreRules` is what the step reads off the scoring rules, derived in one place
each time the rules change: the factor weights and their total, the connections weight,
what a unit of the connections factor is worth in points, whether a visible score moves
with friends' scores, and the strictest friends'-average gate. The score (:func:`compute`),
the unfriend decision (:mod:`game.sim.ties`) and the inspector all read these, so they
cannot disagree. The formulas themselves are the pure functions of
:mod:`game.sim.rules.scoring` (sources: seeds 000, 002, 003, 004; the Facebook patent).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim.arrays import add_up
from game.sim.rules import scoring


@dataclass(frozen=True)
class ScoreRules:
    """The scoring rules as the step uses them.

    Attributes:
        weights: the five factors' weights, connections included (weighted family).
        weight_total: their sum (at least 1e-9); the weighted family normalises by it.
        connections: the connections weight: a factor weight (weighted family) or the
            blend toward friends' mean score (points family), in [0, 1].
        points_per_unit: score points one unit of the connections factor is worth
            (the score range times the connections weight's share of all weights).
        friends_matter: the score is visible and friends' scores move it, so dropping a
            low-scored friend can raise one's own score; or the rules are secret, and
            citizens fear that it does (:mod:`game.sim.rules.learning`).
        gate: the strictest friends'-average minimum among services while scores are
            visible (Facebook's 2012 patent, seeds 001/003), or None.
    """

    weights: dict[str, float]
    weight_total: float
    connections: float
    points_per_unit: float
    friends_matter: bool
    gate: float | None

    @classmethod
    def of(cls, config) -> ScoreRules:
        sc, w = config.scoring, config.scoring.weights
        weights = {"history": w.history, "capacity": w.capacity, "characteristics": w.characteristics,
                   "behaviour": w.behaviour, "connections": sc.connections_weight}
        total = max(add_up(weights.values()), 1e-9)
        gates = [s.friends_min for s in config.services if s.has_friends_gate]
        return cls(weights, total, sc.connections_weight, (sc.high - sc.low) * sc.connections_weight / total,
                   sc.visible and (sc.connections_weight > 0 or sc.opacity == "unknown"),
                   max(gates) if sc.visible and gates else None)

    def share(self, factor: str) -> float:
        """One factor's weight as a share of all weights."""
        return self.weights[factor] / self.weight_total


def factors(model) -> dict[str, np.ndarray]:
    """The five weighted-family factors, each in [0, 1] (the inspector's "why")."""
    sc, pop = model.config.scoring, model.config.population
    if model.score.min(initial=sc.low) >= sc.low and model.score.max(initial=sc.high) <= sc.high:
        # scores lie in [low, high], so the friends' normalised sum follows from the raw one
        q_sum = (model.friend_score_sum() - sc.low * model.friends.degree) / (sc.high - sc.low)
    else:  # the range has just been changed by a rule: clip, as the factor is defined
        q_sum = model.friends.neighbour_sum(np.clip((model.score - sc.low) / (sc.high - sc.low), 0, 1))
    conn = scoring.connection_value(q_sum, model.friends.degree, sc.friends_half)
    return {
        "history": model.history,
        "capacity": scoring.capacity(model.wealth, pop.capacity_half * pop.income_mean),
        "characteristics": model.characteristics,
        "behaviour": scoring.behaviour(model.record, sc.record_scale),
        "connections": conn,
    }


def compute(model) -> tuple[np.ndarray, np.ndarray]:
    """``(score, conn_points)``: the score under the scenario's family and modifiers, and
    the part of it friends account for (points), used to attribute losses to their causes."""
    sc, rules = model.config.scoring, model.rules
    if sc.family == "points":
        deg = model.friends.degree
        fm = np.full(model.n, np.nan)
        np.divide(model.friend_score_sum(), deg, out=fm, where=deg > 0)
        raw = scoring.points(model.record, sc.start, fm, rules.connections)
        conn_points = rules.connections * np.where(np.isnan(fm), sc.start, fm)
    else:
        f = factors(model)
        raw = scoring.weighted(f, dict(rules.weights), sc.low, sc.high)
        conn_points = f["connections"] * (sc.high - sc.low) * rules.weights["connections"] / rules.weight_total
    penalty = sc.blacklist_penalty if sc.visible else 0.0
    return scoring.modifiers(raw, model.group, sc.group_bias, model.listed, penalty, sc.low, sc.high), conn_points
