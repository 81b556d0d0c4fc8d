"""The running simulation as the UI sees it: a model, a clock, commands, and what the
screen remembers of the run (refusals, recent access counts, score histories).

The simulation ticks at its own rate (steps per second × speed), decoupled from frames:
each frame runs the steps that are due, but never more than a time budget, so a slow
step delays the simulation rather than freezing input.
"""

from __future__ import annotations

import time

import numpy as np

from game.records.files import file_stem
from game.scenario.library import load, source_name
from game.scenario.spec import Scenario
from game.sim.access_memory import AccessMemory
from game.sim.commands import Command, CommandRejected, player_rules
from game.sim.model import SocialCreditModel
from game.sim.networks import layout as network_layout

HISTORY = 240  # steps of per-citizen score history kept for the inspector
HISTORY_UP_TO = 20_000  # citizens; a larger society keeps no history (240 x n floats)
SPEEDS = (1, 4, 16)
BASE_STEPS_PER_SECOND = 2.0
FRAME_BUDGET_S = 0.012


class ScoreHistory:
    """Every citizen's score over the last ``HISTORY`` steps observed (the inspector's
    sparkline); nothing for a society larger than ``HISTORY_UP_TO``."""

    def __init__(self, model):
        self.scores = np.full((HISTORY, model.n), np.nan, dtype=np.float32) if model.n <= HISTORY_UP_TO else None
        self.next = 0  # the row the next step goes to (a ring: the oldest row is overwritten)
        self.observe(model)

    def observe(self, model) -> None:
        if self.scores is not None:
            self.scores[self.next] = model.score
            self.next = (self.next + 1) % HISTORY

    def of(self, model, i: int) -> np.ndarray:
        """Citizen i's scores, oldest first (just the current one when none is kept)."""
        if self.scores is None:
            return np.array([model.score[i]])
        h = np.roll(self.scores[:, i], -self.next)
        return h[~np.isnan(h)]


class Session:
    """One run on screen: the model, its clock (paused, speed), where its rules came from,
    the cosmetic positions of its citizens, and the last refused command's message."""

    def __init__(self, scenario: Scenario, source: str, seed: int = 0, paused: bool = False, speed: int = 1):
        self.source, self.seed, self.paused, self.speed = source, int(seed), paused, speed
        self.message = ""
        self._build(scenario)

    @classmethod
    def open(cls, source: str, seed: int = 0) -> "Session":
        return cls(load(source), str(source), seed)

    @property
    def file_stem(self) -> str:
        """How files made from this run start: the scenario file's name, ``shared-<hash>``
        for a share code (never the 2,000-character code itself), short and safe."""
        return file_stem(source_name(self.source, self.model.initial_config))

    @property
    def scenario(self) -> Scenario:
        """The rules a restart starts from: the run's first rules with the player's own
        edits (:func:`game.sim.commands.player_rules`; the model keeps both)."""
        return player_rules(self.model)

    def restart(self, seed: int | None = None) -> None:
        """A fresh model from the current rules (sandbox edits kept) and the given seed."""
        if seed is not None:
            self.seed = int(seed)
        self._build(self.scenario)

    def load_scenario(self, scenario: Scenario, source: str) -> None:
        self.source = source
        self._build(scenario)

    def _build(self, scenario: Scenario) -> None:
        # a challenge opens paused, however it was opened (command line, picker, restart):
        # read the goals, set the rules, then press Play
        self.paused = self.paused or bool(scenario.objectives)
        self.model = SocialCreditModel(scenario, rng=self.seed)
        self.memory = AccessMemory(self.model)  # what the screen remembers of refusals
        self.history = ScoreHistory(self.model)  # and of scores
        u, v, _ = self.model.friends.live()
        self.positions = network_layout(self.model.n, u, v, self.model.group,
                                        np.random.default_rng(self.seed))  # cosmetic RNG
        self._debt = 0.0
        self._last = None

    def apply(self, command: Command) -> bool:
        """Apply a player's command; a rejection becomes the session's message."""
        try:
            self.model.apply(command)
        except CommandRejected as exc:
            self.message = exc.worded()
            return False
        return True

    def step_once(self) -> None:
        """One step of the whole society; the screen's memory takes in what it did."""
        self.model.step()
        self.memory.observe(self.model)
        self.history.observe(self.model)

    def tick(self, now: float | None = None) -> int:
        """Run the steps due since the last tick (within the frame budget); returns how many."""
        now = time.perf_counter() if now is None else now
        if self._last is None or self.paused:
            self._last = now
            self._debt = 0.0
            return 0
        self._debt += (now - self._last) * BASE_STEPS_PER_SECOND * self.speed
        self._last = now
        self._debt = min(self._debt, 4.0 * self.speed)  # never try to catch up a long stall
        done, start = 0, time.perf_counter()
        while self._debt >= 1.0 and time.perf_counter() - start < FRAME_BUDGET_S:
            self.step_once()
            self._debt -= 1.0
            done += 1
        return done
