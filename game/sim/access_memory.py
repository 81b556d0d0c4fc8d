"""What a screen remembers about access, kept by whoever shows it, not by the model.

The model publishes each step's refusals (``model.refusals``, a
:class:`~game.sim.rules.access.Refusals`) and its access counts (``model.step_counts``)
and forgets them at the next step: neither is part of the run's state or its digest. An
:class:`AccessMemory`, fed after every step (:meth:`AccessMemory.observe`), keeps what the
window shows: each citizen's latest refusals with their reasons (the inspector, citizen
mode) and the applications and refusals of the last few steps (the services strip). The
window's session owns one; a classroom server can own another.

A memory sees only the steps it observed: one started on a loaded snapshot starts empty
and says "no refusal remembered" until the run refuses someone again.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from game.sim.rules import access

KEPT = 3  # refusals remembered per citizen, newest first
RECENT_STEPS = 10  # steps of per-service access counts kept for "recently" views


class AccessMemory:
    """Each citizen's last ``KEPT`` refusals, newest in column 0 (``service`` -1 where there
    is none yet), and the per-[service, tier] applications and refusals of the last
    ``RECENT_STEPS`` steps observed.

    Attributes:
        service: index of the refusing service, ``n x KEPT`` (int8; -1: none).
        reason: index into ``REASONS`` (int8).
        step: the step it happened (int32; -1: none).
        value: the score, or friends' average for a friends' gate, that fell short (NaN: none).
    """

    def __init__(self, model):
        n = model.n
        self.service = np.full((n, KEPT), -1, dtype=np.int8)
        self.reason = np.zeros((n, KEPT), dtype=np.int8)
        self.step = np.full((n, KEPT), -1, dtype=np.int32)
        self.value = np.full((n, KEPT), np.nan)
        self.recent: deque[tuple[np.ndarray, np.ndarray]] = deque(maxlen=RECENT_STEPS)

    def observe(self, model) -> None:
        """Take in the step the model has just run: its refusals and its access counts."""
        r = model.refusals
        if r.who.size:
            plan = access.push_plan(r.who, KEPT)
            for memory, new in ((self.service, r.service), (self.reason, r.reason),
                                (self.step, np.full(r.who.size, r.step, np.int32)), (self.value, r.value)):
                access.push(memory, plan, new)
        counts = model.step_counts
        self.recent.append((counts.attempts.copy(), counts.denials.copy()))

    def recent_access(self, model) -> tuple[np.ndarray, np.ndarray]:
        """Applications and refusals per [service, tier] over the last few steps observed
        (this step's counts when none was observed yet)."""
        if not self.recent:
            return model.step_counts.attempts, model.step_counts.denials
        return sum(a for a, _ in self.recent), sum(d for _, d in self.recent)
