"""The Open Sesame model: a society scored by rules a player configures.

State lives in numpy columns owned by the model (one row per citizen); every citizen
is also a thin :class:`game.agents.Citizen` (a ``mesa.Agent``) so Mesa's tools work.
All randomness comes from ``self.rng`` (seeded once). One :meth:`step` runs, in order:

1. life — income, living costs, bills paid or missed, deeds, speech
2. authorities — defaults and unpaid fines listed, wrongful listings, expiry, appeals
3. scoring — the scenario's family and modifiers; tiers; who lost points because of whom
4. social — costly ties dropped (each drop records its cause), new ties by homophily
5. conformity — who shows the norm, who speaks
6. access — services gate applicants; grants and denials change wealth and income
7. data — the DataCollector records the model-level series
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from game import commands as cmds
from game import player
from game.arrays import add_up, sorted_unique, unique_counts
from game import indicators, portable
from game.agents import Citizen
from game.events import EventLog, LISTING_CAUSES, RELEASE_CAUSES
from game.friends import Friendships
from game.networks import build as build_network
from game.rules import access, authorities, conformity, life, scoring, social
from game.scenario import Scenario, load

DENIALS_KEPT = 3  # refusals remembered per citizen (for the inspector)
RECENT_STEPS = 10  # steps of per-service access counts kept for "recently" views
CAUSE_WINDOW = 4  # steps a score loss stays attributable to the event that caused it
MIN_LOSS = 0.5  # points: smaller score changes are noise, not a loss with a cause
GATE_VALUE = 15.0  # points-equivalent of passing a friends'-average gate

STATE_ARRAYS = (
    "income_base", "income", "wealth", "reliability", "sociability", "sensitivity",
    "threshold_z", "tolerance", "private_dissent", "committed", "group", "noise", "belief",
    "characteristics", "history", "record", "streak", "score", "score_prev", "tier",
    "listed", "days_left", "wrongful", "conforming", "public_dissent",
    "cause_event", "cause_root", "cause_depth", "cause_step",
    "last_denied_service", "last_denied_reason", "last_denied_step", "last_denied_value",
)


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
            from game.scenario import with_overrides
            sc = with_overrides(sc, overrides)
        self.config = sc
        self.initial_config = sc  # the rules at step 0: a replay starts from these
        self.seed_value = rng if isinstance(rng, (int, np.integer)) else None
        self.events = EventLog(max_events)
        self.command_log: list[tuple[int, cmds.Command]] = []
        self.notes: list[tuple[int, str]] = []  # things the run could not do, for the player
        self.player: int | None = None  # citizen mode: the citizen a person plays
        self.intent = player.Intent()
        self.seats: dict[int, player.Intent] = {}  # a class: citizens held by people (game.player)
        self._build_population()
        self._build_network()
        self._init_scores()
        Citizen.create_agents(self, self.n, np.arange(self.n))
        self.citizens = list(self.agents)
        # Mesa 3.3 numbers agents from a class-level dict keyed by model, which keeps every
        # model ever built alive (a kiosk restarting for months would grow without end).
        # Citizens are only created here, so the model's counter can go now.
        getattr(mesa.Agent, "_ids", {}).pop(self, None)
        self._cast_player()
        self.datacollector = mesa.DataCollector(model_reporters=indicators.reporters(sc))
        self.datacollector.collect(self)

    # --- build ----------------------------------------------------------------------
    def _build_population(self) -> None:
        pop, beh, rng = self.config.population, self.config.behaviour, self.rng
        n = self.n = pop.size
        mu = portable.log(pop.income_mean) - pop.income_sigma * pop.income_sigma / 2
        self.income_base = portable.lognormal(rng, mu, pop.income_sigma, n) if pop.income_sigma \
            else np.full(n, pop.income_mean)
        self.income = self.income_base.copy()
        # start near each citizen's own equilibrium savings (income left after living and
        # bills, divided by the spending rate), so the run does not begin with a drift
        bill = beh.bill_share * pop.income_mean
        saving = np.maximum(self.income * (1 - beh.living_cost) - bill, 0) / max(beh.spending, 0.01)
        self.wealth = saving * rng.uniform(0.5, 1.5, n)
        self.reliability = np.clip(rng.normal(pop.reliability_mean, pop.reliability_sd, n), 0, 1)
        self.sociability = rng.random(n)
        sens = portable.lognormal(rng, 0.0, 0.5, n)
        self.sensitivity = beh.score_sensitivity * sens / portable.exp(0.125)  # mean 1
        # thresholds are mean + sd * z with each citizen's z drawn once, so the mean and
        # spread stay live rules (a slider moves everyone's threshold, keeping their order)
        self.threshold_z = rng.standard_normal(n)
        self.private_dissent = rng.random(n) < pop.private_dissent_share
        self.tolerance = beh.tolerance * rng.uniform(0.5, 1.5, n)
        self.committed = np.zeros(n, dtype=bool)
        if pop.committed_conformers:
            self.committed[rng.choice(n, pop.committed_conformers, replace=False)] = True
        self.noise = portable.exp(self.config.scoring.opacity_noise * rng.standard_normal(n))
        self.belief = portable.lognormal(rng, 0.0, 0.5, n)
        self.characteristics = rng.beta(2.0, 2.0, n)
        self.char_base = self.characteristics.copy()
        self.history = self.reliability.copy()
        self.record = np.full(n, self._record_equilibrium())
        self.streak = np.zeros(n, dtype=np.int32)
        self.listed = np.zeros(n, dtype=bool)
        self.days_left = np.zeros(n, dtype=np.int32)
        self.wrongful = np.zeros(n, dtype=bool)
        self.cause_event = np.full(n, -1, dtype=np.int64)
        self.cause_root = np.full(n, -1, dtype=np.int64)
        self.cause_depth = np.zeros(n, dtype=np.int16)
        self.cause_step = np.full(n, -10**6, dtype=np.int32)
        # each citizen's last DENIALS_KEPT refusals, newest in column 0
        self.last_denied_service = np.full((n, DENIALS_KEPT), -1, dtype=np.int8)
        self.last_denied_reason = np.zeros((n, DENIALS_KEPT), dtype=np.int8)
        self.last_denied_step = np.full((n, DENIALS_KEPT), -1, dtype=np.int32)
        self.last_denied_value = np.full((n, DENIALS_KEPT), np.nan)
        self.paid = np.ones(n, dtype=bool)

    def _cast_player(self) -> None:
        """Citizen mode from the scenario: who the character is, listed or not at the start."""
        pl = self.config.player
        if not pl.citizen:
            return
        if pl.citizen == "hub":
            self.player = int(np.argmax(self.friends.degree))
        elif pl.citizen == "random":
            self.player = int(self.rng.integers(self.n))
        else:
            self.player = int(pl.citizen)
        if pl.start_listed:
            self.blacklist(np.array([self.player]), pl.listing_cause, 0)
            self.wrongful[self.player] = True  # the story: listed for reporting, not for a crime

    def _record_equilibrium(self) -> float:
        """The deed record an average citizen settles at (0 when records never decay)."""
        sc, beh = self.config.scoring, self.config.behaviour
        if sc.record_decay >= 1.0:
            return 0.0
        rates, deltas = _as_dict(beh.deed_rates), _as_dict(sc.deltas)
        drift = add_up(rates[k] * deltas[k] for k in rates if k not in ("missed_bill", "paid_bill"))
        return drift / (1.0 - sc.record_decay)

    def _build_network(self) -> None:
        net, pop = self.config.network, self.config.population
        params = {"n_districts": pop.groups}
        if net.kind == "watts_strogatz":
            params["rewire"] = net.rewire
        elif net.kind == "districts":
            params["mixing"] = net.mixing
        u, v, group = build_network(net.kind, self.n, net.mean_degree, self.rng, **params)
        self.group = np.asarray(group, dtype=np.int16)
        self.friends = Friendships(self.n, u, v)
        order = np.argsort(self.group, kind="stable")
        sizes = np.bincount(self.group, minlength=int(self.group.max()) + 1)
        self.group_order = order
        self.group_size = sizes
        self.group_start = np.concatenate([[0], np.cumsum(sizes)[:-1]])

    def _init_scores(self) -> None:
        sc = self.config.scoring
        start = sc.start if sc.family == "points" else (sc.low + sc.high) / 2
        self.score = np.full(self.n, float(start))
        for _ in range(8):  # let friends' scores settle into each other
            self.score = self._compute_score()
        self.score_prev = self.score.copy()
        self.tier = scoring.tiers(self.score, self.tier_floors)
        self.tier_start = self.tier.copy()
        self.conforming = ~self.private_dissent | self.committed
        self.public_dissent = self.private_dissent & ~self.conforming
        self.step_counts = indicators.StepCounts.empty(self)
        self.access_totals = indicators.StepCounts.empty(self)
        self.access_recent: deque = deque(maxlen=RECENT_STEPS)  # (attempts, denials) per step
        self.cascade_sizes: dict[int, int] = {}
        self.cascade_max_depth = 0
        self.conformity_step()

    # --- derived --------------------------------------------------------------------
    @property
    def tier_floors(self) -> np.ndarray:
        return np.array([t.min_score for t in self.config.tiers])

    @property
    def tier_names(self) -> list[str]:
        return [t.name for t in self.config.tiers]

    def factors(self) -> dict[str, np.ndarray]:
        """The five weighted-family factors, each in [0, 1] (the inspector's "why")."""
        sc, pop = self.config.scoring, self.config.population
        if self.score.min(initial=sc.low) >= sc.low and self.score.max(initial=sc.high) <= sc.high:
            # scores lie in [low, high], so the friends' normalised sum follows from the raw one
            q_sum = (self.friend_score_sum() - sc.low * self.friends.degree) / (sc.high - sc.low)
        else:  # the range has just been changed by a rule: clip, as the factor is defined
            q_sum = self.friends.neighbour_sum(np.clip((self.score - sc.low) / (sc.high - sc.low), 0, 1))
        conn = scoring.connection_value(q_sum, self.friends.degree, sc.friends_half)
        return {
            "history": self.history,
            "capacity": scoring.capacity(self.wealth, pop.capacity_half * pop.income_mean),
            "characteristics": self.characteristics,
            "behaviour": scoring.behaviour(self.record, sc.record_scale),
            "connections": conn,
        }

    def weights(self) -> dict[str, float]:
        w = self.config.scoring.weights
        return {"history": w.history, "capacity": w.capacity, "characteristics": w.characteristics,
                "behaviour": w.behaviour, "connections": self.config.scoring.connections_weight}

    def _compute_score(self) -> np.ndarray:
        """The score under the scenario's family; also sets ``conn_points``, the part of
        the score that friends account for (used to attribute losses to their causes)."""
        sc = self.config.scoring
        if sc.family == "points":
            deg = self.friends.degree
            fm = np.full(self.n, np.nan)
            np.divide(self.friend_score_sum(), deg, out=fm, where=deg > 0)
            raw = scoring.points(self.record, sc.start, fm, sc.connections_weight)
            self.conn_points = sc.connections_weight * np.where(np.isnan(fm), sc.start, fm)
        else:
            f, w = self.factors(), self.weights()
            raw = scoring.weighted(f, w, sc.low, sc.high)
            self.conn_points = f["connections"] * (sc.high - sc.low) * w["connections"] / max(add_up(w.values()), 1e-9)
        penalty = sc.blacklist_penalty if sc.family in ("weighted", "points") else 0.0
        return scoring.modifiers(raw, self.group, sc.group_bias, self.listed, penalty, sc.low, sc.high)

    # --- the step -------------------------------------------------------------------
    def step(self) -> None:
        t = int(self.steps)
        self.step_counts = indicators.StepCounts.empty(self)
        self._run_timeline(t - 1)
        self.life_step(t)
        self.authorities_step(t)
        self.scoring_step(t)
        self.social_step(t)
        self.conformity_step()
        self.access_step(t)
        self.datacollector.collect(self)

    def life_step(self, t: int) -> None:
        sc, beh, pop = self.config.scoring, self.config.behaviour, self.config.population
        bill = beh.bill_share * pop.income_mean
        self.income = life.revert_income(self.income, self.income_base, beh.income_reversion)
        self.characteristics += beh.income_reversion * (self.char_base - self.characteristics)
        self.wealth, self.paid = life.pay_bills(self.wealth, self.income, bill, beh.living_cost,
                                                beh.spending, self.reliability, self.rng.random(self.n))
        player.bill_choice(self, bill)
        if self.seats:
            player.seat_bills(self, bill)
        self.history = life.update_history(self.history, self.paid)
        self.streak = life.missed_streak(self.streak, self.paid)
        rates = _as_dict(beh.deed_rates)
        rates.pop("missed_bill"), rates.pop("paid_bill")
        self.deeds = life.sample_deeds(self.n, rates, self.rng)
        extra = -sc.speech_penalty * self.public_dissent if sc.family in ("weighted", "points") else None
        if sc.family == "points":
            bills = np.where(self.paid, sc.deltas.paid_bill, sc.deltas.missed_bill)
            extra = bills if extra is None else extra + bills
        self.record = life.update_record(self.record, sc.record_decay, self.deeds,
                                         _as_dict(sc.deltas), extra)
        self.step_counts.paid = int(self.paid.sum())

    def authorities_step(self, t: int) -> None:
        au = self.config.authorities
        ended = authorities.countdown(self.days_left, self.listed, self.config.population.step_days)
        self._release(ended, "expired", t)
        won = authorities.appeals(np.flatnonzero(self.listed), self.wrongful, au.appeal_rate,
                                  au.appeal_success, au.appeal_success_wrongful, self.rng)
        self._release(won, "appeal", t)
        if not au.blacklist:
            return
        defaults = np.flatnonzero(self.streak >= au.default_after)
        self.streak[defaults] = 0
        offenders = np.concatenate([self.deeds[k] for k in ("drunk_driving", "bribery",
                                                             "smoking_on_train", "fare_dodging")])
        self.wealth, unpaid = authorities.fines(self.wealth, offenders, au.fine)
        rumour = np.empty(0, dtype=np.int64)
        if au.rumour_rate > 0:
            speakers = np.flatnonzero(self.public_dissent)
            rumour = speakers[self.rng.random(speakers.size) < au.rumour_rate]
        mistaken = authorities.wrongful(self.n, au.error_rate, self.rng)
        for idx, cause in ((defaults, "default"), (unpaid, "unpaid_fine"),
                           (rumour, "rumour"), (mistaken, "error")):
            self.blacklist(idx, cause, t)

    def blacklist(self, idx: np.ndarray, cause: str, t: int | None = None) -> np.ndarray:
        """List citizens (not already listed); each listing roots a possible cascade."""
        t = int(self.steps) if t is None else t
        idx = sorted_unique(np.asarray(idx, dtype=np.int64))
        idx = idx[~self.listed[idx]]
        if idx.size == 0:
            return idx
        self.listed[idx] = True
        self.wrongful[idx] = cause == "error"
        self.days_left[idx] = self.config.authorities.duration_days
        ids = self.events.append(t, "blacklisted", idx, detail=LISTING_CAUSES.index(cause))
        self._set_cause(idx, ids, ids, 0, t)
        self.step_counts.listed += idx.size
        return idx

    def _release(self, idx: np.ndarray, cause: str, t: int) -> None:
        idx = np.asarray(idx, dtype=np.int64)
        idx = idx[self.listed[idx]]
        if idx.size == 0:
            return
        self.listed[idx] = False
        self.wrongful[idx] = False
        self.days_left[idx] = 0
        kind = "pardoned" if cause in ("command", "timeline") else "released"
        self.events.append(t, kind, idx, detail=RELEASE_CAUSES.index(cause))

    def _set_cause(self, idx, event, root, depth, t) -> None:
        self.cause_event[idx] = event
        self.cause_root[idx] = root
        self.cause_depth[idx] = depth
        self.cause_step[idx] = t

    def scoring_step(self, t: int) -> None:
        self.score_prev = self.score
        conn_prev = self.conn_points
        self.score = self._compute_score()
        self._attribute_losses(t, conn_prev)
        old = self.tier
        self.tier = scoring.tiers(self.score, self.tier_floors)
        self.step_counts.tier_changes = int((old != self.tier).sum())

    def _attribute_losses(self, t: int, conn_prev: np.ndarray) -> None:
        """A citizen who lost points *through its friends* inherits their freshest cause.

        Only the connections part of the score counts: a loss from one's own missed bill
        is not caused by a friend's blacklisting.
        """
        fresh = self.cause_step >= t - 1
        if not fresh.any():
            return
        lost = (self.conn_points < conn_prev - MIN_LOSS) & (self.score < self.score_prev - MIN_LOSS) & ~fresh
        f = self.friends
        near = np.flatnonzero((fresh[f.u] | fresh[f.v]) & f.alive)  # few: friends of those hit this step
        u, v = f.u[near], f.v[near]
        heirs, sources = [], []
        for a, b in ((u, v), (v, u)):
            e = np.flatnonzero(fresh[b])
            e = e[lost[a[e]]]
            heirs.append(a[e])
            sources.append(b[e])
        heir, src = np.concatenate(heirs), np.concatenate(sources)
        if heir.size == 0:
            return
        # each heir takes the deepest cause among its fresh friends (ties: the latest event)
        order = np.lexsort((self.cause_event[src], self.cause_depth[src], heir))
        heir, src = heir[order], src[order]
        last = np.r_[heir[1:] != heir[:-1], True]
        heir, src = heir[last], src[last]
        self._set_cause(heir, self.cause_event[src], self.cause_root[src], self.cause_depth[src], t)

    def social_step(self, t: int) -> None:
        self._unfriend(t)
        self._befriend(t)

    def _drop_parts(self, a: np.ndarray, b: np.ndarray) -> tuple:
        """What citizen a believes dropping friend b is worth, in points, by motive:
        (score gain through the connections factor, friends'-gate gain, shame avoided)."""
        sc = self.config.scoring
        deg = self.friends.degree[a]
        gain = gate = shame = 0.0
        if sc.visible and sc.connections_weight > 0:
            if sc.opacity == "unknown":
                gap = np.maximum(self.score[a] - self.score[b], 0) / (sc.high - sc.low)
                gain = sc.unknown_prior * self.belief[a] * gap
            elif sc.family == "weighted":
                w = self.weights()
                ppu = (sc.high - sc.low) * w["connections"] / max(add_up(w.values()), 1e-9)
                q_b = (self.score[b] - sc.low) / (sc.high - sc.low)
                gain = social.drop_gain_weighted(self._qsum[a], deg, q_b, sc.friends_half, ppu)
            else:
                gain = social.drop_gain_points(self._ssum[a], deg, self.score[b], sc.connections_weight)
            if sc.opacity == "noisy":
                gain = gain * self.noise[a]
        gates = [s.friends_min for s in self.config.services if s.friends_min > -1e9]
        if sc.visible and gates:
            gate = social.gate_gain(self._ssum[a], deg, self.score[b], max(gates), GATE_VALUE)
        if self.config.authorities.public_shaming:
            shame = self.config.authorities.shame_cost * self.listed[b]
        return gain, gate, shame

    def _drop_cut(self, worth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-citizen screen for costly friends: ``(value, cut)`` such that the connections
        gain of a dropping b can beat a's threshold only where ``value[b] < cut[a]``.

        Each family's gain is linear in the friend's score, e.g. weighted:
        ``ppu * (c_a - q_b) / (d_a - 1 + half)``, so the decision reduces to one comparison
        per tie. Exact gains are then computed for the few ties that pass.
        """
        sc = self.config.scoring
        none = np.full(self.n, -np.inf)
        if not (sc.visible and sc.connections_weight > 0):
            return self.score, none
        with np.errstate(divide="ignore", invalid="ignore"):
            thr = worth / self.sensitivity  # points the gain must beat
            if sc.opacity == "noisy":
                thr = thr / self.noise
            deg = self.friends.degree.astype(np.float64)
            rng_pts = sc.high - sc.low
            if sc.opacity == "unknown":
                cut = self.score - thr * rng_pts / (sc.unknown_prior * self.belief)
                return self.score, np.nan_to_num(cut, nan=-np.inf)
            if sc.family == "weighted":
                w = self.weights()
                ppu = rng_pts * w["connections"] / max(add_up(w.values()), 1e-9)
                c = self._qsum / (deg + sc.friends_half)
                cut = c - thr * (deg - 1 + sc.friends_half) / ppu
                q = (self.score - sc.low) / rng_pts
                return q, np.where(deg >= 1, np.nan_to_num(cut, nan=-np.inf), -np.inf)
            mean = self._ssum / np.maximum(deg, 1)
            cut = mean - thr * (deg - 1) / sc.connections_weight
            return self.score, np.where(deg > 1, np.nan_to_num(cut, nan=-np.inf), -np.inf)

    def _unfriend(self, t: int) -> None:
        beh = self.config.behaviour
        if self.friends.n_edges == 0:
            return
        self.friend_score_sum()  # fresh: the scores have just changed
        ties, u_wants = self.drop_wishes()
        if ties.size == 0:
            return
        act = self.rng.random(ties.size) < beh.unfriend_rate
        ties, a_side = ties[act], u_wants[act]  # u acts when u wants to; otherwise v does
        if ties.size == 0:
            return
        u, v = self.friends.u[ties], self.friends.v[ties]
        actor, target = np.where(a_side, u, v), np.where(a_side, v, u)
        parts = np.broadcast_arrays(*self._drop_parts(actor, target), actor)[:3]
        detail = np.argmax(np.stack([parts[0], parts[2], parts[1]]), axis=0).astype(np.int8)
        self.friends.remove(ties)
        self._track_sums(actor, target, -1.0)
        self._record_unfriendings(actor, target, detail, t)

    def drop_wishes(self) -> tuple[np.ndarray, np.ndarray]:
        """Live ties where one side wants to drop the other this step, in storage order:
        ``(tie index, whether the lower-numbered citizen u wants to)``.

        Uses the friends' score sums of the current scores (``friend_score_sum``).
        """
        beh, sc, f = self.config.behaviour, self.config.scoring, self.friends
        # scores are clipped to [low, high], so the normalised sum follows from the raw one
        self._qsum = (self.friend_score_sum() - sc.low * f.degree) / (sc.high - sc.low)
        worth = beh.tie_value * (0.5 + self.sociability)
        value, cut = self._drop_cut(worth)
        cut = cut + 1e-9
        extra = None  # citizens with another motive: a friends'-average gate to pass
        gates = [s.friends_min for s in self.config.services if s.friends_min > -1e9]
        if sc.visible and gates:
            extra = self._ssum < max(gates) * f.degree
        shaming = self.config.authorities.public_shaming
        # Only ties with a flagged end can pass the screen (see social.split_point): a
        # friend valued below the level, a citizen whose cut is above it, or a motive
        # that does not depend on the friend's score. Most ties are never looked at.
        level = social.split_point(value, cut, f.degree)
        flag = (value < level) | (cut > level)
        if extra is not None:
            flag |= extra
        if shaming:
            flag |= self.listed
        # stored ties, dead ones included, so the live ones need not be gathered first
        idx = np.flatnonzero((flag[f.u] | flag[f.v]) & f.alive)
        u, v = f.u[idx], f.v[idx]
        wants = []
        for a, b in ((u, v), (v, u)):
            screen = value[b] < cut[a]  # only the motives in play are gathered
            if extra is not None:
                screen |= extra[a]
            if shaming:
                screen |= self.listed[b]
            pick = np.flatnonzero(screen)
            gain, gate, shame = self._drop_parts(a[pick], b[pick])
            want = np.zeros(u.size, dtype=bool)
            want[pick] = social.decide_drops(gain + gate + shame, self.sensitivity[a[pick]], worth[a[pick]])
            wants.append(want)
        if self.seats:  # a citizen held by a person drops friends only when the person says so
            keep = player.held(self)
            wants = [wants[0] & ~keep[u], wants[1] & ~keep[v]]
        cand = np.flatnonzero(wants[0] | wants[1])
        return idx[cand], wants[0][cand]

    def drop_gain(self, a, b) -> np.ndarray:
        """What citizen ``a`` believes dropping its friend ``b`` is worth, in points, all
        motives together: the sum the unfriend rule weighs (a class tells its students)."""
        sc, f = self.config.scoring, self.friends
        self._qsum = (self.friend_score_sum() - sc.low * f.degree) / (sc.high - sc.low)
        a, b = np.atleast_1d(np.asarray(a, dtype=np.int64)), np.atleast_1d(np.asarray(b, dtype=np.int64))
        gain, gate, shame = self._drop_parts(a, b)
        return np.broadcast_to(np.asarray(gain + gate + shame, dtype=np.float64), a.shape).copy()

    def _track_sums(self, a: np.ndarray, b: np.ndarray, sign: float) -> None:
        """Keep this step's friends'-score sums current as ties are cut (-1) or made (+1)."""
        np.add.at(self._ssum, a, sign * self.score[b])
        np.add.at(self._ssum, b, sign * self.score[a])
        self._ssum_version = self.friends.version

    def friend_score_sum(self) -> np.ndarray:
        """Sum of friends' scores per citizen for the current graph and scores.

        Kept current as ties are cut and made (``_track_sums``) and reused until the
        graph or the scores change, including by the next step's scoring, which needs
        the sums of the scores before it.
        """
        if getattr(self, "_ssum_version", None) != self.friends.version or self._ssum_score is not self.score:
            self._ssum = self.friends.neighbour_sum(self.score)
            self._ssum_version, self._ssum_score = self.friends.version, self.score
        return self._ssum

    def restore_friend_sums(self, sums: np.ndarray) -> None:
        """Take the sums a snapshot stored for the current graph and scores (see ``game.snapshot``)."""
        self._ssum = np.array(sums, dtype=np.float64)
        self._ssum_version, self._ssum_score = self.friends.version, self.score

    def _record_unfriendings(self, actor, target, detail, t) -> None:
        has = (self.cause_event[target] >= 0) & (self.cause_step[target] >= t - CAUSE_WINDOW)
        cause = np.where(has, self.cause_event[target], -1)
        depth = np.where(has, self.cause_depth[target] + 1, 1).astype(np.int16)
        root = self.cause_root[target].copy()
        ids = self.events.next_id + np.arange(actor.size)
        root = np.where(has, root, ids)
        self.events.append(t, "unfriended", actor, target, cause=cause, root=root, depth=depth,
                           detail=detail)
        # the dropped citizen's coming loss is caused by this unfriending
        order = np.argsort(depth, kind="stable")  # deepest last, so it wins
        self._set_cause(target[order], ids[order], root[order], depth[order], t)
        roots, counts = unique_counts(root)
        for r, c in zip(roots.tolist(), counts.tolist()):
            self.cascade_sizes[r] = self.cascade_sizes.get(r, 0) + c
        self.cascade_max_depth = max(self.cascade_max_depth, int(depth.max()))
        self.step_counts.unfriended += actor.size

    def _befriend(self, t: int) -> None:
        beh, sc = self.config.behaviour, self.config.scoring
        k = int(self.rng.binomial(self.n, beh.befriend_rate)) if beh.befriend_rate > 0 else 0
        if k == 0:
            return
        seekers = self.rng.integers(0, self.n, size=k)
        want = self.config.network.mean_degree * (0.5 + self.sociability)
        seekers = seekers[self.friends.degree[seekers] < want[seekers]]
        if self.seats:  # a person looks for friends themselves (commands.AskFriend)
            seekers = seekers[~player.held(self)[seekers]]
        cand = social.pick_candidates(seekers, self.group, self.group_order, self.group_start,
                                      self.group_size, beh.local_search, self.rng)
        draw = self.rng.random(seekers.size)
        if sc.visible:
            ok = social.accept_friendship(self.score[seekers], self.score[cand], beh.homophily, draw)
        else:
            ok = draw < 0.5
        ok &= self.friends.degree[cand] < want[cand]
        if self.config.authorities.public_shaming:
            ok &= ~self.listed[cand] & ~self.listed[seekers]
        tracked = getattr(self, "_ssum_version", None) == self.friends.version \
            and getattr(self, "_ssum_score", None) is self.score
        a, b = self.friends.add(seekers[ok], cand[ok])
        if tracked:
            self._track_sums(a, b, +1.0)
        if a.size:
            self.events.append(t, "befriended", a, b)
            self.step_counts.befriended += a.size

    def conformity_step(self) -> None:
        sc = self.config.scoring
        w = self.weights()
        cost = scoring.speech_cost(sc.family, sc.speech_penalty, sc.low, sc.high,
                                   w["behaviour"] / max(add_up(w.values()), 1e-9), sc.record_scale)
        cost += self.config.authorities.rumour_rate * self.config.authorities.blacklist * \
            (sc.blacklist_penalty if sc.visible else 0.0)
        perceived = conformity.perceive(cost, sc.opacity, self.noise, self.belief, sc.unknown_prior)
        if sc.opacity == "unknown" and not sc.visible:
            perceived = np.zeros(self.n)
        deg = self.friends.degree
        share = np.where(deg > 0, self.friends.neighbour_sum(self.conforming) / np.maximum(deg, 1), 0.0)
        self.conforming, self.silenced_peers, self.silenced_score = conformity.update(
            self.private_dissent, self.committed, share, self.threshold, perceived,
            self.sensitivity, self.tolerance)
        self.public_dissent = self.private_dissent & ~self.conforming
        player.speech_choice(self)
        if self.seats:
            player.seat_speech(self)

    def access_step(self, t: int) -> None:
        sc = self.config
        counts = self.step_counts
        deg = self.friends.degree
        fm = np.full(self.n, np.nan)
        np.divide(self.friend_score_sum(), deg, out=fm, where=deg > 0)
        refusals = []
        for s_i, svc in enumerate(sc.services):
            k = int(self.rng.binomial(self.n, svc.demand)) if svc.demand > 0 else 0
            idx = sorted_unique(self.rng.integers(0, self.n, size=k)) if k else np.empty(0, np.int64)
            idx = player.applicants(self, svc.name, idx)
            if self.seats:
                idx = player.seat_applicants(self, svc.name, idx)
            if idx.size == 0:
                continue
            worst = sc.tier_index(svc.min_tier) if svc.min_tier else len(sc.tiers) - 1
            reason = access.gate(idx, listed=self.listed, tier=self.tier, score=self.score,
                                 friends_mean=fm, wealth=self.wealth, blacklist_ban=svc.blacklist_ban,
                                 worst_tier=worst, score_floor=svc.score_floor,
                                 friends_min=svc.friends_min, price=svc.price,
                                 score_visible=sc.scoring.visible)
            granted, denied = idx[reason == 0], idx[reason != 0]
            self._apply_effect(granted, svc.grant, pay=svc.price)
            self._apply_effect(denied, svc.deny)
            for c in (counts, self.access_totals):
                c.record_access(s_i, self.tier[idx], self.group[idx], reason)
            value = np.where(reason[reason != 0] == 4, fm[denied], self.score[denied])
            refusals.append((denied, np.full(denied.size, s_i, np.int8), reason[reason != 0], value))
        self._remember_denials(refusals, t)
        self.access_recent.append((counts.attempts.copy(), counts.denials.copy()))
        self.intent.apply.clear()  # applications are one-off; pay and speak choices stand
        player.clear_seat_applications(self)

    def _remember_denials(self, refusals: list, t: int) -> None:
        """Push this step's refusals, in service order, onto each citizen's memory."""
        if not refusals:
            return
        who, service, reason, value = (np.concatenate(col) for col in zip(*refusals))
        plan = access.push_plan(who, DENIALS_KEPT)
        for memory, new in ((self.last_denied_service, service), (self.last_denied_reason, reason),
                            (self.last_denied_step, np.full(who.size, t, np.int32)),
                            (self.last_denied_value, value)):
            access.push(memory, plan, new)

    @property
    def threshold(self) -> np.ndarray:
        """Conformity thresholds in [0, 1] under the current rule (mean + sd * z)."""
        beh = self.config.behaviour
        return np.clip(beh.conformity_threshold + beh.conformity_threshold_sd * self.threshold_z, 0, 1)

    def _apply_effect(self, idx: np.ndarray, eff, pay: float = 0.0) -> None:
        if idx.size == 0:
            return
        if eff.wealth or pay:
            self.wealth[idx] = np.maximum(self.wealth[idx] + eff.wealth - pay, 0.0)
        if eff.income:
            self.income[idx] *= 1.0 + eff.income
        if eff.characteristics:
            self.characteristics[idx] = np.clip(self.characteristics[idx] + eff.characteristics, 0, 1)

    # --- commands and timeline ------------------------------------------------------
    def apply(self, command: "cmds.Command") -> None:
        """Apply a player's command between steps (logged for replays)."""
        command.apply(self)
        self.command_log.append((int(self.steps), command))

    def _run_timeline(self, completed: int) -> None:
        """Scenario timeline entries due now. One the run cannot carry out (pardoning someone
        who is not listed, a rule the player has since moved out of range) is skipped and
        noted, never a crash."""
        for ev in self.config.timeline:
            if ev.step == completed and ev.action != "caption":
                try:
                    cmds.from_timeline(self, ev).apply(self)
                except cmds.CommandRejected as exc:
                    self.notes.append((completed, f"timeline entry skipped: {exc}"))

    def run(self, steps: int, progress=None) -> None:
        for _ in range(steps):
            self.step()
            if progress is not None:
                progress(int(self.steps))

    # --- identity -------------------------------------------------------------------
    def digest(self) -> str:
        """SHA-256 of the full state: equal digests mean identical runs."""
        from game.snapshot import digest

        return digest(self)


def _as_dict(obj) -> dict[str, float]:
    import dataclasses

    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
