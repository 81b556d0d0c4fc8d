"""The Open Sesame model: a society scored by rules a player configures.

State lives in numpy columns owned by the model (one row per citizen; the list is in
:mod:`game.sim.state`); every citizen is also a thin :class:`game.sim.agents.Citizen` (a
``mesa.Agent``) so Mesa's tools work. All randomness comes from ``self.rng`` (seeded
once). The model is built (:mod:`game.sim.population`), then each :meth:`step` runs the
scenario's timeline and six phases, in order, each a method below naming its rules:

1. life — income, living costs, bills paid or missed, deeds, speech
2. authorities — defaults and unpaid fines listed, wrongful listings, expiry, appeals, paying off
3. scoring — the scenario's family and modifiers; tiers; who lost points because of whom
4. social — costly ties dropped (each drop records its cause), new ties by homophily
5. conformity — who shows the norm, who speaks
6. access — services gate applicants; grants and denials change wealth and income

and the DataCollector records the series (:mod:`game.sim.indicators`). Between steps a
player's commands (:mod:`game.sim.commands`) change the run through :meth:`apply`.

A little over 300 lines, on purpose: the trunk keeps each phase in step order with its
docstring (what it does, its rule module, its sources) beside the code, so the step reads
top to bottom in one file; the machinery lives in the modules each phase names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mesa
import numpy as np

from game.scenario.library import load
from game.scenario.spec import Scenario, with_overrides
from game.sim import causes, indicators, player, population, scores, state, ties
from game.sim import commands as cmds
from game.sim.agents import Citizen
from game.sim.arrays import sorted_unique, sorted_unique_below
from game.sim.events import LISTING_CAUSES, RELEASE_CAUSES, UNFRIEND_CAUSES, EventLog
from game.sim.friends import ScoreSums
from game.sim.rules import access, authorities, conformity, learning, life, scoring

SETTLING_ROUNDS = 8  # rounds of scoring at build time, so friends' scores settle into each other


class SocialCreditModel(mesa.Model):
    """Citizens, friendships and a configurable social-credit system.

    Args:
        scenario: a :class:`Scenario`, a path to a TOML file, or a shipped name.
        rng: seed (int) or generator; the only source of randomness in the model.
        overrides: ``{"scoring.connections_weight": 0.0, ...}`` applied to the scenario
            (setup keys included), for sweeps and tests.
        max_events: bound on retained events (oldest dropped).
    """

    def __init__(self, scenario: Scenario | str | Path = "sesame", *, rng: Any = None,
                 overrides: dict[str, Any] | None = None, max_events: int = 2_000_000,
                 **kwargs: Any):
        super().__init__(rng=rng, **kwargs)
        sc = scenario if isinstance(scenario, Scenario) else load(scenario)
        if overrides:
            sc = with_overrides(sc, overrides)
        self.config = sc
        self.initial_config = sc  # the rules at step 0: a replay starts from these
        self.seed_value = rng if isinstance(rng, (int, np.integer)) else None
        self.events = EventLog(max_events)
        self.command_log: list[tuple[int, cmds.Command]] = []
        self.notes: list[tuple[int, str]] = []  # things the run could not do, for the player
        self.player: int | None = None  # citizen mode: the citizen a person plays
        self.intent = player.Intent()
        self.seats: dict[int, player.Intent] = {}  # a class: citizens held by people (game.sim.player)
        population.draw_citizens(self)
        population.connect(self)
        self.friend_sums = ScoreSums()
        # friends who spoke in public, per citizen: counted by phase 3 (learn) on the graph as
        # it was, kept current as phase 4 changes ties, and read by phase 5 (conformity)
        self._spoke = ScoreSums()
        self._settle()
        Citizen.create_agents(self, self.n, np.arange(self.n))
        self.citizens = list(self.agents)
        # Mesa 3.3 numbers agents from a class-level dict keyed by model, which keeps every
        # model ever built alive (a kiosk restarting for months would grow without end).
        # Citizens are only created here, so the model's counter can go now.
        getattr(mesa.Agent, "_ids", {}).pop(self, None)
        player.cast(self)
        self.reporter_memo = indicators.ReporterMemo()
        self.datacollector = mesa.DataCollector(model_reporters=indicators.reporters(sc))
        self.datacollector.collect(self)

    def _settle(self) -> None:
        """Scores settled among friends, tiers, who speaks, and empty counters: step 0."""
        sc = self.config.scoring
        self.score = np.full(self.n, float(sc.start if sc.family == "points" else (sc.low + sc.high) / 2))
        for _ in range(SETTLING_ROUNDS):
            self.score, self.conn_points = scores.compute(self)
        self.score_prev = self.score.copy()
        self.tier = scoring.tiers(self.score, self.tier_floors)
        self.tier_start = self.tier.copy()
        self.conforming = ~self.private_dissent | self.committed
        self.public_dissent = self.private_dissent & ~self.conforming
        self.step_counts = indicators.StepCounts.empty(self)
        self.access_totals = indicators.StepCounts.empty(self)
        self.refusals = access.Refusals.of(0, [])
        self.cascade_sizes: dict[int, int] = {}  # root event -> distinct citizens who lost a tie
        self.cascade_depths: dict[int, int] = {}  # root event -> deepest ring reached
        self.cascade_keys = np.empty(0, dtype=np.int64)  # growing cascades: root * n + who lost a tie
        self.cascade_last: dict[int, int] = {}  # growing cascades: step of their latest news
        self.cascade_max_depth = 0
        self.conformity_step()

    # --- the step ---------------------------------------------------------------------
    def step(self) -> None:
        """One step: the timeline entries due now, the six phases in order, then the series."""
        t = int(self.steps)
        self.step_counts = indicators.StepCounts.empty(self)
        cmds.run_timeline(self, t - 1)
        self.life_step(t)
        self.authorities_step(t)
        self.scoring_step(t)
        self.social_step(t)
        self.conformity_step()
        self.access_step(t)
        self.datacollector.collect(self)

    def life_step(self, t: int) -> None:
        """Phase 1 (:mod:`game.sim.rules.life`): income drifts back to its base, citizens
        earn, live and pay the bill if willing and able (poor citizens fall behind: seed 000),
        do deeds and misdeeds, and their deed record moves by the Suining deltas (seed 003);
        speaking in public costs points where the score punishes it. A person's choice to
        pay or skip (citizen mode's player, a class's students) overrides the rule
        (:mod:`game.sim.player`)."""
        sc, beh, pop = self.config.scoring, self.config.behaviour, self.config.population
        bill = beh.bill_share * pop.income_mean
        self.income = life.revert_income(self.income, self.income_base, beh.income_reversion)
        self.characteristics += beh.income_reversion * (self.char_base - self.characteristics)
        self.wealth, self.paid = life.pay_bills(self.wealth, self.income, bill, beh.living_cost,
                                                beh.spending, self.reliability, self.rng.random(self.n))
        player.bill_choice(self, bill)
        self.history = life.update_history(self.history, self.paid)
        self.streak = life.missed_streak(self.streak, self.paid)
        rates = beh.deed_rates.as_dict()
        rates.pop("missed_bill"), rates.pop("paid_bill")
        self.deeds = life.sample_deeds(self.n, rates, self.rng)
        extra = -sc.speech_penalty * self.public_dissent if sc.visible else None
        if sc.family == "points":
            bills = np.where(self.paid, sc.deltas.paid_bill, sc.deltas.missed_bill)
            extra = bills if extra is None else extra + bills
        self.record = life.update_record(self.record, sc.record_decay, self.deeds, sc.deltas.as_dict(), extra)
        self.step_counts.paid = int(self.paid.sum())

    def authorities_step(self, t: int) -> None:
        """Phase 2 (:mod:`game.sim.rules.authorities`), the court blacklist (seeds 001, 004):
        terms run out, some of the listed win an appeal (wrongful listings likelier: seed
        003), some who can pay what they owe pay and are taken off (seed 004), then defaulters, those who cannot pay a fine, public dissenters hit by a rumour
        and a few innocents listed in error join the list."""
        au = self.config.authorities
        ended = authorities.countdown(self.days_left, self.listed, self.config.population.step_days)
        self.release(ended, "expired", t)
        won = authorities.appeals(np.flatnonzero(self.listed), self.wrongful, au.appeal_rate,
                                  au.appeal_success, au.appeal_success_wrongful, self.rng)
        if self.player is not None:  # the played character appeals by hand (citizen mode)
            won = won[won != self.player]
        self.release(won, "appeal", t)
        # then some who can pay what they owe do so and are taken off (seed 004); after appeals,
        # so nobody pays for a release they have just won for free
        paid = authorities.settlements(np.flatnonzero(self.listed), self.wrongful, self.wealth, au.settle_rate,
                                       au.settle_cost, self.rng)
        if self.player is not None:  # the played character settles by hand (citizen mode's Settle)
            paid = paid[paid != self.player]
        self.wealth[paid] -= au.settle_cost
        self.release(paid, "paid", t)
        if not au.blacklist:
            return
        defaults = np.flatnonzero(self.streak >= au.default_after)
        self.streak[defaults] = 0
        offenders = np.concatenate([self.deeds[k] for k in authorities.FINED])
        self.wealth, unpaid = authorities.fines(self.wealth, offenders, au.fine)
        rumour = np.empty(0, dtype=np.int64)
        if au.rumour_rate > 0:  # one draw per citizen whatever the state (see authorities.appeals)
            rumour = np.flatnonzero(self.public_dissent & (self.rng.random(self.n) < au.rumour_rate))
        mistaken = authorities.wrongful(self.n, au.error_rate, self.rng)
        for idx, cause in ((defaults, "default"), (unpaid, "unpaid_fine"), (rumour, "rumour"), (mistaken, "error")):
            self.blacklist(idx, cause, t)

    def scoring_step(self, t: int) -> None:
        """Phase 3 (:mod:`game.sim.rules.scoring`, arithmetic in :mod:`game.sim.scores`):
        the score under the scenario's family (Sesame-like weighted factors, seeds 000/002/
        004; Suining points, seed 003) with its modifiers, the tiers; under a secret
        algorithm citizens learn what it punishes from what they see (seeds 000, 002, 003:
        :meth:`learn`); and who was hit through friends joins their cascade
        (:func:`game.sim.causes.attribute_losses`)."""
        self.score_prev = self.score
        conn_prev = self.conn_points
        self.score, self.conn_points = scores.compute(self)
        seen = self.learn(conn_prev - self.conn_points)
        causes.attribute_losses(self, t, conn_prev, seen)
        old = self.tier
        self.tier = scoring.tiers(self.score, self.tier_floors)
        self.step_counts.tier_changes = int((old != self.tier).sum())

    def learn(self, connection_fall: np.ndarray) -> np.ndarray | None:
        """Under a secret algorithm (:mod:`game.sim.rules.learning`), citizens revise what
        they believe a low friend and a word in public cost: more, after seeing friends who
        lost friends lose points ("The algorithm notices, and your score plummets further",
        seed 003), and after paying for speech or hearing friends did. Returns the points of
        "friends cost points" evidence each citizen saw (None when nothing is learned)."""
        sc, beh = self.config.scoring, self.config.behaviour
        if sc.opacity != "unknown" or not sc.visible:
            return None
        f, counted, spoke_now = self.friends, self._spoke, self.public_dissent
        # the evidence of a friend's fall (learning.friend_evidence) comes from the few who lost
        # a friend: summed over their ties only (the same bits as a product over all ties)
        lost_fall = learning.fall_shown(connection_fall, self.lost_friend)
        src = np.flatnonzero(lost_fall > 0)
        if counted.follows(f, spoke_now):
            # friends who spoke were counted last step on this same graph: add those who
            # started (+1) and take those who stopped (-1), summed over the same few ties
            moved = spoke_now.view(np.int8) - counted.column.view(np.int8)
            changed = np.flatnonzero(moved)
            fell, change = f.neighbour_sums_from((lost_fall, moved), sorted_unique(np.concatenate([src, changed])))
            counted.shift(spoke_now, change)
        else:
            fell = f.neighbour_sum_from(lost_fall, src)
        seen = fell  # learning.friend_evidence, its sum taken as above
        spoke = counted.of(f, spoke_now)
        self.fear_friends = learning.update(self.fear_friends, sc.unknown_prior * self.belief,
                                            beh.learning_memory, beh.learning, seen)
        heard = learning.speech_evidence(self.speech_cost(), self.public_dissent, lambda _: spoke, f.degree)
        self.fear_speech = learning.update(self.fear_speech, sc.speech_guess * self.belief,
                                           beh.learning_memory, beh.learning, heard)
        return seen

    def social_step(self, t: int) -> None:
        """Phase 4 (:mod:`game.sim.rules.social`, machinery in :mod:`game.sim.ties`): friends
        who cost more than they are worth are dropped (seed 003; Facebook's friends'-average
        patent, seeds 001/003; public shaming, seed 004), each drop recorded with its cause,
        then new friendships form by score homophily. A citizen held by a person in a class
        drops and seeks friends only by its person's commands."""
        ties.drop_costly_friends(self, t)
        ties.seek_friends(self, t)

    def conformity_step(self) -> None:
        """Phase 5 (:mod:`game.sim.rules.conformity`): a private dissenter conforms in public
        when enough friends conform (Granovetter 1978, Watts 2002) or when speaking costs
        more than they tolerate, as they perceive the rules (exactly, with noise, or by
        as learned when they are secret: seeds 000, 002, 003). Thresholds are shares of
        friends, or numbers of them as in Granovetter's riot (``threshold_unit``). A person's
        choice to speak or keep quiet (a player's, a student's) overrides the rule."""
        sc = self.config.scoring
        perceived = conformity.perceive(self.speech_cost(), sc.opacity, self.noise, self.fear_speech)
        if sc.opacity == "unknown" and not sc.visible:
            perceived = np.zeros(self.n)
        deg = self.friends.degree
        if self._spoke.current(self.friends, self.public_dissent) and not (self.conforming == self.public_dissent).any():
            # those who conform are those who did not speak: friends less the speakers, counted
            # in phase 3 and kept current since (whole numbers: the same bits as a new sum)
            conforming_friends = deg - self._spoke.sums
        else:
            conforming_friends = self.friends.neighbour_sum(self.conforming)
        if self.config.behaviour.threshold_unit == "friends":
            share = conforming_friends
        else:
            share = np.where(deg > 0, conforming_friends / np.maximum(deg, 1), 0.0)
        self.conforming, self.silenced_peers, self.silenced_score = conformity.update(
            self.private_dissent, self.committed, share, self.threshold, perceived,
            self.sensitivity, self.tolerance)
        self.public_dissent = self.private_dissent & ~self.conforming
        player.speech_choice(self)

    def access_step(self, t: int) -> None:
        """Phase 6 (:mod:`game.sim.rules.access`): applicants for each service (and the
        people who chose to apply: :func:`game.sim.player.applicants`) pass or fail its
        gates - blacklist ban, worst tier served, score floor, friends' average, price (seeds 000-004) - and a grant or a
        refusal changes their wealth, income and characteristics. This step's refusals are
        published as ``refusals`` for whoever shows them (see :mod:`game.sim.access_memory`);
        they are not part of the run's state."""
        sc, counts = self.config, self.step_counts
        deg = self.friends.degree
        fm = np.full(self.n, np.nan)
        np.divide(self.friend_score_sum(), deg, out=fm, where=deg > 0)
        refusals = []
        for s_i, svc in enumerate(sc.services):
            k = int(self.rng.binomial(self.n, svc.demand)) if svc.demand > 0 else 0
            idx = sorted_unique_below(self.rng.integers(0, self.n, size=k), self.n) if k else np.empty(0, np.int64)
            idx = player.applicants(self, svc.name, idx)
            if idx.size == 0:
                continue
            reason = access.gate(idx, listed=self.listed, tier=self.tier, score=self.score, friends_mean=fm,
                                 wealth=self.wealth, blacklist_ban=svc.blacklist_ban,
                                 worst_tier=sc.worst_tier_served(svc), score_floor=svc.score_floor,
                                 friends_min=svc.friends_min, price=svc.price, score_visible=sc.scoring.visible)
            granted, denied = idx[reason == 0], idx[reason != 0]
            self._receive(granted, svc.grant, pay=svc.price)
            self._receive(denied, svc.deny)
            tally = counts.access_tally(self.tier[idx], self.group[idx], reason)
            for c in (counts, self.access_totals):
                c.record_access(s_i, tally)
            value = np.where(reason[reason != 0] == 4, fm[denied], self.score[denied])
            refusals.append((denied, np.full(denied.size, s_i, np.int8), reason[reason != 0], value))
        self.refusals = access.Refusals.of(t, refusals)  # for observers; the next step replaces it
        player.clear_applications(self)  # applications are one-off; pay and speak choices stand

    def _receive(self, idx: np.ndarray, effect, pay: float = 0.0) -> None:
        """A grant's or a refusal's effect on wealth (less the price), income and characteristics."""
        if idx.size == 0:
            return
        if effect.wealth or pay:
            self.wealth[idx] = np.minimum(np.maximum(self.wealth[idx] + effect.wealth - pay, 0.0), life.MAX_MONEY)
        if effect.income:  # compounding: capped, so a generous grant never reaches infinity
            self.income[idx] = np.minimum(self.income[idx] * (1.0 + effect.income), life.MAX_MONEY)
        if effect.characteristics:
            self.characteristics[idx] = np.clip(self.characteristics[idx] + effect.characteristics, 0, 1)

    # --- what commands and the timeline do ----------------------------------------------
    def apply(self, command: cmds.Command) -> None:
        """Apply a player's command between steps (logged for replays)."""
        command.apply(self)
        self.command_log.append((int(self.steps), command))

    def run(self, steps: int, progress=None) -> None:
        for _ in range(steps):
            self.step()
            if progress is not None:
                progress(int(self.steps))

    def blacklist(self, idx: np.ndarray, cause: str, t: int | None = None) -> np.ndarray:
        """List citizens (not already listed) for ``cause`` (one of ``LISTING_CAUSES``);
        each listing roots a possible cascade. Returns who was newly listed."""
        t = int(self.steps) if t is None else t
        idx = sorted_unique(np.asarray(idx, dtype=np.int64))
        idx = idx[~self.listed[idx]]
        if idx.size == 0:
            return idx
        self.listed[idx] = True
        self.wrongful[idx] = cause == "error"
        self.days_left[idx] = self.config.authorities.duration_days
        ids = self.events.append(t, "blacklisted", idx, detail=LISTING_CAUSES.index(cause))
        causes.set_cause(self, idx, ids, ids, 0, t)
        self.step_counts.listed += idx.size
        return idx

    def release(self, idx: np.ndarray, cause: str, t: int | None = None) -> None:
        """Take the listed among ``idx`` off the list for ``cause`` (one of ``RELEASE_CAUSES``:
        a term that ran out, an appeal won, a debt paid, or a pardon by a player or the timeline)."""
        t = int(self.steps) if t is None else t
        idx = np.asarray(idx, dtype=np.int64)
        idx = idx[self.listed[idx]]
        if idx.size == 0:
            return
        self.listed[idx] = False
        self.wrongful[idx] = False
        self.days_left[idx] = 0
        kind = "pardoned" if cause in ("command", "timeline") else "released"
        self.events.append(t, kind, idx, detail=RELEASE_CAUSES.index(cause))

    def befriend(self, a: int, b: int) -> None:
        """Tie citizens a and b between steps (a player's choice); logged as a new friendship."""
        x, y = self.friends.add(np.array([a]), np.array([b]))
        self.events.append(int(self.steps), "befriended", x, y)

    def unfriend(self, a: int, b: int) -> bool:
        """Citizen a drops friend b between steps (a player's choice), recorded as an
        unfriending caused by a command; False (and nothing done) when they are not friends."""
        e = self.friends.find(np.array([a]), np.array([b]))[0]
        if e < 0:
            return False
        self.friends.remove(np.array([e]))
        causes.record_unfriendings(self, np.array([a]), np.array([b]),
                                   np.array([UNFRIEND_CAUSES.index("command")]), int(self.steps))
        return True

    # --- derived views ------------------------------------------------------------------
    @property
    def rules(self) -> scores.ScoreRules:
        """The scoring rules as the step reads them, derived again whenever they change."""
        if getattr(self, "_rules_of", None) is not self.config:
            self._rules, self._rules_of = scores.ScoreRules.of(self.config), self.config
        return self._rules

    @property
    def tier_floors(self) -> np.ndarray:
        return np.array([t.min_score for t in self.config.tiers])

    @property
    def tier_names(self) -> list[str]:
        return [t.name for t in self.config.tiers]

    def speech_cost(self) -> float:
        """Points one step of public dissent really costs: the speech penalty through the
        score, plus the expected blacklist penalty of being listed for rumours."""
        sc, au = self.config.scoring, self.config.authorities
        cost = scoring.speech_cost(sc.family, sc.speech_penalty, sc.low, sc.high, self.rules.share("behaviour"),
                                   sc.record_scale)
        return cost + au.rumour_rate * au.blacklist * (sc.blacklist_penalty if sc.visible else 0.0)

    @property
    def threshold(self) -> np.ndarray:
        """Conformity thresholds under the current rule, one per citizen: shares of friends
        in [0, 1] (``threshold_unit = "share"``) or numbers of friends (``"friends"``).

        ``normal``: mean + sd * z, clipped to [0, 1]; ``uniform``: low + (high - low) * u;
        ``list``: the scenario's own values. z and u are drawn once per citizen, so a
        slider moves everyone's threshold and keeps their order."""
        beh = self.config.behaviour
        if beh.threshold_distribution == "list":
            return np.asarray(beh.thresholds, dtype=np.float64)
        if beh.threshold_distribution == "uniform":
            return beh.threshold_low + (beh.threshold_high - beh.threshold_low) * self.threshold_u
        return np.clip(beh.conformity_threshold + beh.conformity_threshold_sd * self.threshold_z, 0, 1)

    def factors(self) -> dict[str, np.ndarray]:
        """The five weighted-family factors, each in [0, 1] (the inspector's "why")."""
        return scores.factors(self)

    def rescore(self) -> None:
        """Score everyone again now, outside the step (a character listed at step 0): scores,
        tiers and the start of the tier mobility table follow the state as it is."""
        self.score, self.conn_points = scores.compute(self)
        self.score_prev = self.score.copy()
        self.tier = scoring.tiers(self.score, self.tier_floors)
        self.tier_start = self.tier.copy()

    def weights(self) -> dict[str, float]:
        """The five factors' weights (connections included), as set now."""
        return dict(self.rules.weights)

    def friend_score_sum(self) -> np.ndarray:
        """Sum of friends' scores per citizen for the current graph and scores (kept current
        as ties change, and reused by the next step's scoring, which needs the sums of the
        scores before it; see :class:`game.sim.friends.ScoreSums`)."""
        return self.friend_sums.of(self.friends, self.score)

    def digest(self) -> str:
        """SHA-256 of the full state: equal digests mean identical runs (see :mod:`game.sim.state`)."""
        return state.digest(self)
