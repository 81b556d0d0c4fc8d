"""Phase 6, access: services gated by tier, score floor, blacklist and friends' average.

Perks and bans from the sources: trains and flights banned for the listed (seed 001),
no 4-5 star hotels or big loans (seeds 003, 004), skip-the-line hospital care above 650
(seed 004), deposit-free rentals and expedited visas (seed 002), a hiring requirement
(seed 000), loans refused when friends' average is below a minimum (Facebook patent,
seeds 001, 003). Grants and denials change wealth, income and opportunity, which is how
access feeds back into the ability to keep a good score.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from game.scenario.spec import NO_LIMIT

GRANTED = 0
REASONS = ("granted", "blacklist", "tier", "score", "friends_average", "price")


def gate(idx: np.ndarray, *, listed: np.ndarray, tier: np.ndarray, score: np.ndarray,
         friends_mean: np.ndarray, wealth: np.ndarray, blacklist_ban: bool, worst_tier: int,
         score_floor: float, friends_min: float, price: float, score_visible: bool) -> np.ndarray:
    """Reason code per applicant (0 = granted; else an index into :data:`REASONS`).

    The first failing gate wins, in the order of :data:`REASONS`. Tier and score gates
    apply only where a score is visible to institutions; friends without a score count
    as below any minimum (the gate cannot be passed with no friends). A ``friends_min``
    at or below ``NO_LIMIT`` (the scenario format's default) is no gate.
    """
    reason = np.zeros(idx.size, dtype=np.int8)

    def fail(mask: np.ndarray, code: int) -> None:
        reason[(reason == 0) & mask] = code

    if blacklist_ban:
        fail(listed[idx], 1)
    if score_visible:
        fail(tier[idx] > worst_tier, 2)
        fail(score[idx] < score_floor, 3)
        if friends_min > NO_LIMIT:
            fm = friends_mean[idx]
            fail(np.isnan(fm) | (fm < friends_min), 4)
    if price > 0:
        fail(wealth[idx] < price, 5)
    return reason


class Refusals(NamedTuple):
    """One step's refusals, in service order: who was refused, by which service, why
    (an index into :data:`REASONS`) and the value that fell short (the score, or the
    friends' average where a friends' gate refused)."""
    step: int
    who: np.ndarray
    service: np.ndarray
    reason: np.ndarray
    value: np.ndarray

    @classmethod
    def of(cls, step: int, parts: list[tuple[np.ndarray, ...]]) -> "Refusals":
        """Join per-service ``(who, service, reason, value)`` parts (none: nobody refused)."""
        if not parts:
            return cls(step, np.empty(0, np.int64), np.empty(0, np.int8), np.empty(0, np.int8), np.empty(0))
        return cls(step, *(np.concatenate(col) for col in zip(*parts)))


def push_plan(who: np.ndarray, kept: int) -> tuple:
    """Where a step's new entries go in per-citizen memories of ``kept`` slots (newest in
    slot 0), for citizens ``who`` listed in the order the entries happened (repeats allowed).

    A citizen with d new entries has its old entries moved d slots on (those pushed past
    the end are forgotten) and the new ones written newest first. Returns
    ``(order, rows, slots, shifts)``: entry ``order[i]`` goes to ``[rows[i], slots[i]]``;
    ``shifts`` lists ``(citizens, d)``. Same result as pushing entries one at a time.
    """
    order = np.argsort(who, kind="stable")  # grouped by citizen, in order of happening
    rows = who[order]
    start = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if rows.size else np.empty(0, np.int64)
    count = np.diff(np.r_[start, rows.size])
    group = np.repeat(np.arange(start.size), count)
    slots = count[group] - 1 - (np.arange(rows.size) - start[group])
    keep = slots < kept
    citizens = rows[start]
    shifts = [(citizens[count == d], int(d)) for d in np.unique(count) if d < kept]
    return order[keep], rows[keep], slots[keep], shifts


def push(memory: np.ndarray, plan: tuple, values: np.ndarray) -> None:
    """Apply :func:`push_plan` to one ``n x kept`` memory with the entries' ``values``."""
    order, rows, slots, shifts = plan
    kept = memory.shape[1]
    for citizens, d in shifts:
        memory[citizens, d:] = memory[citizens, :kept - d]
    memory[rows, slots] = values[order]
