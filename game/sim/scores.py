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


@dataclass(frozen=True)
class ScoreParts:
    """What went into every citizen's score at the last scoring (the model keeps the latest
    for the inspector; it is not part of the run's state): the rules as they were, the
    factors (weighted family) or the friends' mean (points family), and who was listed.
    :func:`breakdown` turns it into parts that add up to the score exactly."""

    scoring: object  # the scenario's scoring rules then
    rules: ScoreRules
    factors: dict[str, np.ndarray] | None
    friends_mean: np.ndarray | None
    record: np.ndarray
    group: np.ndarray
    listed: np.ndarray
    step: int


def compute(model) -> tuple[np.ndarray, np.ndarray]:
    """``(score, conn_points)``: the score under the scenario's family and modifiers, and
    the part of it friends account for (points), used to attribute losses to their causes.
    What went into it is kept as ``model.score_parts`` (:class:`ScoreParts`)."""
    sc, rules = model.config.scoring, model.rules
    f = fm = None
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
    kept = None if f is None else {k: v.copy() for k, v in f.items()}  # later phases change some in place
    model.score_parts = ScoreParts(sc, rules, kept, fm, model.record.copy(), model.group, model.listed.copy(),
                                   int(model.steps))
    return scoring.modifiers(raw, model.group, sc.group_bias, model.listed, penalty, sc.low, sc.high), conn_points


def breakdown(model, i: int) -> list[tuple[str, float]]:
    """Citizen i's score as ``(part, points)`` pairs that add up to ``model.score[i]``
    exactly, from the last scoring (:class:`ScoreParts`):

    - weighted family: ``floor`` (the range's low end), one part per factor (its weight's
      share of the range times the factor), ``bias`` (group bias), ``blacklist`` (minus the
      penalty), ``clip`` (what the range's ends took or gave);
    - points family: ``start``, ``record`` (deeds and bills), ``friends`` (the pull toward
      friends' mean), ``bias``, ``blacklist``, ``clip``.

    Parts worth nothing are left out, except the floor or the start. A run restored from a
    file keeps no parts: they are worked out from its state as it is, and whatever has moved
    since its last scoring (savings after the day's purchases) is the part ``since``."""
    p = getattr(model, "score_parts", None)
    if p is None or p.step != int(model.steps) or p.listed.shape != model.listed.shape:
        keep = getattr(model, "score_parts", None)
        compute(model)  # fills in the parts; the score itself is left as it is
        p, model.score_parts = model.score_parts, keep if keep is not None else model.score_parts
    sc, rules = p.scoring, p.rules
    if p.factors is not None:
        parts = [("floor", float(sc.low))]
        parts += [(name, (sc.high - sc.low) * rules.share(name) * float(val[i])) for name, val in p.factors.items()
                  if rules.weights.get(name)]
    else:
        own = sc.start + float(p.record[i])
        fm = p.friends_mean[i]
        pull = 0.0 if np.isnan(fm) else rules.connections * (float(fm) - own)
        parts = [("start", float(sc.start)), ("record", float(p.record[i])), ("friends", pull)]
    g = int(p.group[i])
    parts.append(("bias", float(sc.group_bias[g]) if g < len(sc.group_bias) else 0.0))
    parts.append(("blacklist", -float(sc.blacklist_penalty) if (p.listed[i] and sc.visible) else 0.0))
    total = sum(v for _, v in parts)
    rest = float(model.score[i]) - total
    clipped = total < sc.low or total > sc.high
    parts.append(("clip" if clipped else "since", rest))
    return [(k, v) for k, v in parts if k in ("floor", "start") or abs(v) > 1e-6]
