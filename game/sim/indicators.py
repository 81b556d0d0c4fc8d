"""The model-level series, declared once by name.

The same names feed Mesa's ``DataCollector``, the ``series.csv`` export, the charts and
scenario objectives. Each indicator is a function of the model built on the pure
functions in :mod:`game.sim.metrics`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from game.sim import metrics, network_metrics
from game.sim.rules.access import REASONS


@dataclass
class StepCounts:
    """What happened during one step (reset at the start of each step)."""
    n_services: int
    n_tiers: int
    n_groups: int
    paid: int = 0
    listed: int = 0
    unfriended: int = 0
    befriended: int = 0
    tier_changes: int = 0
    attempts: np.ndarray = field(default=None)  # [service, tier]
    denials: np.ndarray = field(default=None)  # [service, tier]
    group_attempts: np.ndarray = field(default=None)
    group_denials: np.ndarray = field(default=None)
    reasons: np.ndarray = field(default=None)  # [service, reason]

    @classmethod
    def empty(cls, model) -> "StepCounts":
        s, t, g = len(model.config.services), len(model.config.tiers), int(model.group.max()) + 1
        return cls(s, t, g, attempts=np.zeros((s, t), np.int64), denials=np.zeros((s, t), np.int64),
                   group_attempts=np.zeros(g, np.int64), group_denials=np.zeros(g, np.int64),
                   reasons=np.zeros((s, len(REASONS)), np.int64))

    def access_tally(self, tier: np.ndarray, group: np.ndarray, reason: np.ndarray) -> tuple:
        """One service's applications counted by tier and group (all, refused) and by
        reason, for :meth:`record_access` (once, for any number of counters)."""
        denied = reason != 0
        return (np.bincount(tier, minlength=self.n_tiers), np.bincount(tier[denied], minlength=self.n_tiers),
                np.bincount(group, minlength=self.n_groups), np.bincount(group[denied], minlength=self.n_groups),
                np.bincount(reason, minlength=len(REASONS)))

    def record_access(self, service: int, tally: tuple) -> None:
        """Add one service's :meth:`access_tally` to these counts."""
        attempts, denials, group_attempts, group_denials, reasons = tally
        self.attempts[service] += attempts
        self.denials[service] += denials
        self.group_attempts += group_attempts
        self.group_denials += group_denials
        self.reasons[service] += reasons


LCC_EXACT_UP_TO = 10_000  # citizens; above this the component scan runs every few steps
LCC_CITIZENS_PER_STEP = 2_500  # above that: one scan every n / 2,500 steps


def lcc_every(n: int) -> int:
    """Steps between component scans: every step up to 10,000 citizens, then one step in
    n / 2,500 (40 at 100,000, under two seconds of play). The scan is O(n + ties) but
    costs about a third of a vectorised step (14 ms at 100,000), so this keeps it near 1%
    of the step time and all series together within 10%; the steps between repeat the
    last value."""
    if n <= LCC_EXACT_UP_TO:
        return 1
    return -(-n // LCC_CITIZENS_PER_STEP)


class ReporterMemo:
    """What the reporters remember between collects, owned by the model: the last
    component scan ``(graph version, value, step)`` and this collect's tier shares. Not
    state (the digest leaves it out); a loaded run carries on its last scan (:meth:`resume_scan`)."""

    def __init__(self) -> None:
        self.scan: tuple[int, float, int] | None = None
        self.tier_shares: tuple[tuple, np.ndarray] | None = None

    def resume_scan(self, value: float, step: int) -> None:
        """Between scans the series repeats the last one: carry it on as the saved run would
        (version -1: the graph may have changed since, so the next due step scans again;
        rescanning an unchanged graph gives the same value anyway)."""
        self.scan = (-1, value, step)


def _largest_component(model) -> float:
    f, memo = model.friends, model.reporter_memo
    # a fixed schedule (steps divisible by the interval), so a run loaded from a snapshot
    # scans on the same steps as one never interrupted (game.records.snapshot resumes the scan)
    due = memo.scan is None or (memo.scan[0] != f.version and int(model.steps) % lcc_every(model.n) == 0)
    if due:
        memo.scan = (f.version, f.largest_component(), int(model.steps))
    return memo.scan[1]


def _tier_shares(model) -> np.ndarray:
    """Tier shares, computed once per collect (one reporter per tier reads them)."""
    key, memo = (int(model.steps), id(model.tier)), model.reporter_memo
    if memo.tier_shares is None or memo.tier_shares[0] != key:
        memo.tier_shares = (key, metrics.tier_shares(model.tier, len(model.config.tiers)))
    return memo.tier_shares[1]


def _assortativity(model) -> float:
    return network_metrics.score_assortativity_from_sums(model.score, model.friends.degree, model.friend_score_sum())


BASE: dict[str, tuple[Callable, str]] = {
    "mean_score": (lambda m: metrics.mean(m.score), "points"),
    "median_score": (lambda m: metrics.median_partition(m.score), "points"),
    "gini_score": (lambda m: metrics.gini_rounded(m.score, m.config.scoring.low), "Gini 0-1 (score above the floor)"),
    "gini_wealth": (lambda m: metrics.gini_rounded(m.wealth), "Gini 0-1"),
    "mean_wealth": (lambda m: metrics.mean(m.wealth), "coins"),
    "blacklisted": (lambda m: int(m.listed.sum()), "citizens"),
    "newly_listed": (lambda m: m.step_counts.listed, "citizens per step"),
    "edges": (lambda m: m.friends.n_edges, "friendships"),
    "largest_component": (_largest_component, "share of citizens"),
    "score_assortativity": (_assortativity, "correlation -1..1"),
    "conforming_share": (lambda m: metrics.share(m.conforming), "share of citizens"),
    "private_dissent": (lambda m: metrics.share(m.private_dissent), "share of citizens"),
    "public_dissent": (lambda m: metrics.share(m.public_dissent), "share of citizens"),
    "conformity_gap": (lambda m: metrics.conformity_gap(m.private_dissent, m.public_dissent), "share"),
    "unfriended": (lambda m: m.step_counts.unfriended, "ties cut per step"),
    "befriended": (lambda m: m.step_counts.befriended, "ties made per step"),
    "cascade_max_depth": (lambda m: m.cascade_max_depth, "rings from the root (friendships)"),
    "cascade_largest": (lambda m: max(m.cascade_sizes.values(), default=0), "citizens who lost a tie"),
    "payment_rate": (lambda m: metrics.share(m.paid), "share of bills paid this step"),
    "denial_rate": (lambda m: metrics.overall_denial_rate(m.step_counts.attempts, m.step_counts.denials),
                    "share of applications refused this step"),
}


def names(scenario) -> list[str]:
    """Column names of the series, tier shares included, in export order."""
    return list(BASE) + [f"tier_{t.name}_share" for t in scenario.tiers]


def reporters(scenario) -> dict[str, Callable]:
    """DataCollector model reporters (one per series name)."""
    out = {name: fn for name, (fn, _) in BASE.items()}
    for i, t in enumerate(scenario.tiers):
        out[f"tier_{t.name}_share"] = (lambda m, i=i: float(_tier_shares(m)[i]))
    return out
