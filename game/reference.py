"""The Open Sesame step written per agent, the idiomatic Mesa way: a yardstick and an oracle.

:class:`ReferenceModel` runs the step of :class:`game.model.SocialCreditModel` with each
citizen a :class:`RefCitizen` (a Mesa agent fixed to a cell of Mesa's ``Network`` space)
holding its own state as plain Python attributes. Every phase is ``agents.shuffle_do`` or
``agents.do`` of a short verb doing scalar arithmetic for one citizen; nothing loops over
arrays. ``benchmarks/reference_ratio.py`` times it against the engine and
``tests/test_reference.py`` checks the engine's rules against these verbs.

The rules are the engine's (``game/rules/*.py`` and ``game/model.py`` give their units and
sources), restated per citizen. What differs, and why:

* **Two passes where the engine is synchronous.** The engine updates scores, ties,
  conformity and befriending from one snapshot of everyone's state, so those phases run
  here as decide-then-commit (``update_score`` / ``commit_score``, ``consider_friends`` /
  ``drop_friends``, ``seek_friend`` / ``make_friends``, ``decide_conformity`` /
  ``show_conformity``), the classic step/advance pattern. One pass of ``shuffle_do``
  would let early movers' new values leak into later movers' decisions.
* **Draws per citizen.** Each citizen draws from ``model.random``; the engine draws a
  Binomial count and then citizens from ``model.rng``. Runs therefore agree in
  distribution, not draw for draw. The per-citizen chances are the engine's marginals: a
  deed or a search for a friend at rate p happens with probability p (the engine's mean
  count per citizen); a service of demand d is sought with probability
  ``1 - (1 - d/n)**n`` (0.0952 at d = 0.1), because the engine drops repeated
  applicants; likewise a wrongful listing. Every verb also takes its draws as
  arguments, so tests can feed both implementations the same numbers.
* **No bookkeeping.** The event log, causes and cascades, step counts, remembered
  refusals, commands and timelines are left out: none feeds back into the state. A
  scenario whose timeline acts on the run is refused when that step comes.
"""

from __future__ import annotations

import dataclasses
import inspect
import statistics
from collections.abc import Sequence
from types import SimpleNamespace

import mesa
import networkx as nx
from mesa.discrete_space import FixedAgent, Network

from game import portable
from game.model import GATE_VALUE, SocialCreditModel
from game.rules.access import REASONS

HISTORY_ALPHA = 0.1  # weight of this step's bill in the payment history (life.update_history)
MISDEEDS = ("drunk_driving", "bribery", "smoking_on_train", "fare_dodging")  # fined
STATE = (  # each citizen's own attributes, copied from the engine's columns of the same name
    "income_base", "income", "wealth", "reliability", "sociability", "sensitivity",
    "threshold_z", "tolerance", "private_dissent", "committed", "group", "noise", "belief",
    "characteristics", "char_base", "history", "record", "streak", "score", "tier",
    "listed", "days_left", "wrongful", "conforming", "public_dissent", "paid",
)


class RefCitizen(FixedAgent):
    """One citizen; each verb is one of the engine's rules for this citizen alone."""

    def __init__(self, model: "ReferenceModel", cell, row: int, state: dict):
        super().__init__(model)
        self.cell = cell
        self.row = row
        for name in STATE:
            setattr(self, name, state[name])
        self.deeds: Sequence[str] = ()
        self.next_score, self.next_conforming = self.score, self.conforming
        self.drop_wishes: dict[RefCitizen, tuple[float, float, float]] = {}
        self.proposals: list[RefCitizen] = []

    def friends(self) -> list["RefCitizen"]:
        return list(self.cell.neighborhood.agents)

    # --- 1. life ------------------------------------------------------------------
    def pay_bills(self, draw: float | None = None) -> None:
        """Income drifts to its base, then earn, live, spend, and pay the bill if willing and able."""
        r = self.model.rules
        self.income += r.reversion * (self.income_base - self.income)
        self.characteristics += r.reversion * (self.char_base - self.characteristics)
        self.wealth = max(self.wealth * (1.0 - r.spending) + self.income * (1.0 - r.living_cost), 0.0)
        draw = self.random.random() if draw is None else draw
        self.paid = draw < self.reliability and self.wealth >= r.bill
        if self.paid:
            self.wealth -= r.bill
        self.history += HISTORY_ALPHA * (self.paid - self.history)
        self.streak = 0 if self.paid else self.streak + 1

    def do_deeds(self, done: Sequence[str] | None = None) -> None:
        """Deeds (each at its rate) move the decaying record; so do speech and, in the
        points family, bills."""
        r = self.model.rules
        if done is None:
            done = [name for name, p in r.deed_rates if p > 0 and self.random.random() < p]
        self.deeds = done
        record = self.record * r.record_decay
        for name in done:
            if r.deltas[name]:
                record += r.deltas[name]
        if r.visible:
            extra = -r.speech_penalty * self.public_dissent
            if r.family == "points":
                extra += r.deltas["paid_bill"] if self.paid else r.deltas["missed_bill"]
            record += extra
        self.record = record

    # --- 2. authorities -----------------------------------------------------------
    def face_authorities(self, appeal: tuple[float, float] | None = None,
                         rumour: float | None = None, error: bool | None = None) -> None:
        """Serve time on the list or appeal it; then get listed for a default, an unpaid
        fine, a rumour or a mistake (the first cause wins)."""
        r = self.model.rules
        if self.listed:
            self.days_left -= r.step_days
            if self.days_left <= 0:
                self.leave_list()
        if self.listed and r.appeal_rate > 0:
            d0, d1 = appeal if appeal is not None else (self.random.random(), self.random.random())
            if d0 < r.appeal_rate and d1 < (r.appeal_success_wrongful if self.wrongful else r.appeal_success):
                self.leave_list()
        if not r.blacklist:
            return
        cause = None
        if self.streak >= r.default_after:
            self.streak, cause = 0, "default"
        if any(d in MISDEEDS for d in self.deeds):
            if self.wealth >= r.fine:
                self.wealth -= r.fine
            else:
                cause = cause or "unpaid_fine"
        if self.public_dissent and r.rumour_rate > 0:
            if (self.random.random() if rumour is None else rumour) < r.rumour_rate:
                cause = cause or "rumour"
        if error is None:
            error = r.error_chance > 0 and self.random.random() < r.error_chance
        if error:
            cause = cause or "error"
        if cause and not self.listed:
            self.listed, self.wrongful, self.days_left = True, cause == "error", r.duration_days

    def leave_list(self) -> None:
        self.listed, self.wrongful, self.days_left = False, False, 0

    # --- 3. scoring ---------------------------------------------------------------
    def compute_score(self) -> float:
        """This citizen's score under the family, from friends' current scores."""
        r = self.model.rules
        if r.family == "points":
            own = r.start + self.record
            scores = [f.score for f in self.friends()]
            mean = sum(scores) / len(scores) if scores else own
            raw = (1.0 - r.w_conn) * own + r.w_conn * mean
        else:
            raw = self.weighted_index()
        raw += r.bias[self.group] if self.group < len(r.bias) else 0.0
        if self.listed:
            raw -= r.penalty
        return min(max(raw, r.low), r.high)

    def weighted_index(self) -> float:
        """Five factors in [0, 1] mixed by normalised weight onto [low, high]."""
        r = self.model.rules
        if r.w_total <= 0:
            return (r.low + r.high) / 2
        qs = [min(max((f.score - r.low) / r.span, 0.0), 1.0) for f in self.friends()]
        factors = (self.history, self.wealth / (self.wealth + r.cap_half), self.characteristics,
                   min(max(0.5 + self.record / r.record_scale, 0.0), 1.0),
                   sum(qs) / (len(qs) + r.half))
        return r.low + r.span * sum(f * (w / r.w_total) for f, w in zip(factors, r.weights) if w)

    def update_score(self) -> None:
        self.next_score = self.compute_score()

    def commit_score(self) -> None:
        self.score = self.next_score
        self.tier = self.model.tier_of(self.score)

    # --- 4. social ----------------------------------------------------------------
    def friend_sums(self, friends: list["RefCitizen"] | None = None) -> tuple[int, float, float]:
        """(number of friends, sum of their scores, sum of their normalised scores)."""
        r = self.model.rules
        scores = [f.score for f in (self.friends() if friends is None else friends)]
        return len(scores), sum(scores), sum((s - r.low) / r.span for s in scores)

    def drop_motives(self, friend: "RefCitizen", sums=None) -> tuple[float, float, float]:
        """Points this citizen believes dropping ``friend`` is worth: (score gain through
        the connections factor, friends'-gate gain, shame avoided)."""
        r = self.model.rules
        deg, ssum, qsum = sums or self.friend_sums()
        gain = gate = shame = 0.0
        if r.visible and r.w_conn > 0:
            if r.opacity == "unknown":
                gain = r.prior * self.belief * max(self.score - friend.score, 0.0) / r.span
            elif r.family == "weighted":
                q_b = (friend.score - r.low) / r.span
                gain = r.ppu * ((qsum - q_b) / (deg - 1.0 + r.half) - qsum / (deg + r.half))
            else:
                mean = ssum / deg
                gain = r.w_conn * (((ssum - friend.score) / (deg - 1) if deg > 1 else mean) - mean)
            if r.opacity == "noisy":
                gain *= self.noise
        if r.visible and r.gate is not None:
            mean = ssum / deg
            after = (ssum - friend.score) / (deg - 1) if deg > 1 else mean
            closed = (after - mean) / max(r.gate - mean, 1e-9) if mean < r.gate else 0.0
            gate = GATE_VALUE * min(max(closed, 0.0), 1.0)
        if r.shaming and friend.listed:
            shame = r.shame_cost
        return gain, gate, shame

    def wants_to_drop(self, motives: tuple[float, float, float]) -> bool:
        """The motives, weighted by how much this citizen cares, beat what the tie is worth."""
        r = self.model.rules
        return sum(motives) * self.sensitivity > r.tie_value * (0.5 + self.sociability)

    def consider_friends(self) -> None:
        friends = self.friends()
        sums = self.friend_sums(friends)
        self.drop_wishes = {}
        for friend in friends:
            motives = self.drop_motives(friend, sums)
            if self.wants_to_drop(motives):
                self.drop_wishes[friend] = motives

    def drop_friends(self, draws: dict[tuple[int, int], float] | None = None) -> None:
        """Act on each costly tie with chance unfriend_rate: one draw per tie (``draws`` is
        keyed by the pair of rows, lower first); when both want out, the lower row acts."""
        r = self.model.rules
        for friend, motives in list(self.drop_wishes.items()):
            if friend.row < self.row and self in friend.drop_wishes:
                continue
            tie = (min(self.row, friend.row), max(self.row, friend.row))
            draw = self.random.random() if draws is None else draws[tie]
            if draw < r.unfriend_rate:
                self.model.space.remove_connection(self.cell, friend.cell)
                motive = max(range(3), key=(motives[0], motives[2], motives[1]).__getitem__)
                self.model.unfriendings.append((self.row, friend.row, motive))

    def want_friends(self) -> float:
        r = self.model.rules
        return r.mean_degree * (0.5 + self.sociability)

    def seek_friend(self, seeks: Sequence[tuple[float, float, float, float]] | None = None) -> None:
        """With chance befriend_rate, propose to a candidate (own group with chance
        local_search) who accepts by score homophily; ties are made in make_friends."""
        r = self.model.rules
        self.proposals = []
        if seeks is None:
            seeks = []
            if r.befriend_rate > 0 and self.random.random() < r.befriend_rate:
                seeks = [tuple(self.random.random() for _ in range(4))]
        if not seeks or len(self.friends()) >= self.want_friends():
            return
        for d_group, d_anyone, d_local, d_accept in seeks:
            other = self.model.candidate(self, d_group, d_anyone, d_local)
            p = portable.exp2(-abs(self.score - other.score) / r.homophily) if r.visible else 0.5
            ok = d_accept < p and len(other.friends()) < other.want_friends()
            if r.shaming:
                ok = ok and not self.listed and not other.listed
            if ok:
                self.proposals.append(other)

    def make_friends(self) -> None:
        for other in self.proposals:
            if other is not self and other.cell.coordinate not in self.cell.connections:
                self.model.space.add_connection(self.cell, other.cell)

    # --- 5. conformity ------------------------------------------------------------
    def perceived_cost(self) -> float:
        """Points this citizen believes a step of public dissent costs."""
        r = self.model.rules
        if r.opacity == "unknown":
            return r.prior * self.belief if r.visible else 0.0
        return r.speech_cost * self.noise if r.opacity == "noisy" else r.speech_cost

    def decide_conformity(self) -> None:
        """Conform when enough friends did last step, or when speaking seems too costly."""
        r = self.model.rules
        friends = self.friends()
        share = sum(f.conforming for f in friends) / len(friends) if friends else 0.0
        threshold = min(max(r.threshold_mean + r.threshold_sd * self.threshold_z, 0.0), 1.0)
        by_peers = share >= threshold
        by_score = self.perceived_cost() * self.sensitivity > self.tolerance
        self.next_conforming = self.committed or not self.private_dissent or by_peers or by_score

    def show_conformity(self) -> None:
        self.conforming = self.next_conforming
        self.public_dissent = self.private_dissent and not self.conforming

    # --- 6. access ----------------------------------------------------------------
    def gate(self, service, friends_mean: float | None) -> int:
        """The first gate this citizen fails (an index into REASONS; 0 = granted)."""
        r = self.model.rules
        if service.blacklist_ban and self.listed:
            return 1
        if r.visible:
            if self.tier > service.worst_tier:
                return 2
            if self.score < service.score_floor:
                return 3
            if service.friends_min > -1e9 and (friends_mean is None or friends_mean < service.friends_min):
                return 4
        if service.price > 0 and self.wealth < service.price:
            return 5
        return 0

    def apply_for_services(self, applies: Sequence[bool] | None = None) -> None:
        """Apply for each service in turn; a grant or a refusal changes wealth, income, chances."""
        r = self.model.rules
        scores = [f.score for f in self.friends()]
        friends_mean = sum(scores) / len(scores) if scores else None
        for i, service in enumerate(r.services):
            if applies is None:
                if not (service.chance > 0 and self.random.random() < service.chance):
                    continue
            elif not applies[i]:
                continue
            reason = self.gate(service, friends_mean)
            if reason == 0:
                self.receive(service.grant, service.price)
            else:
                self.receive(service.deny)
            self.model.access_reasons[i][reason] += 1

    def receive(self, effect, pay: float = 0.0) -> None:
        if effect.wealth or pay:
            self.wealth = max(self.wealth + effect.wealth - pay, 0.0)
        if effect.income:
            self.income *= 1.0 + effect.income
        if effect.characteristics:
            self.characteristics = min(max(self.characteristics + effect.characteristics, 0.0), 1.0)


class ReferenceModel(mesa.Model):
    """The engine's step, one citizen at a time.

    Args:
        scenario: as for :class:`SocialCreditModel` (a Scenario, a path or a shipped name).
        rng: seed; the initial state is the engine's for the same scenario and seed.
        overrides: dotted scenario overrides, as for the engine.
        engine: start from this engine's current state and rules instead of building one.
    """

    def __init__(self, scenario="sesame", *, rng=None, overrides=None,
                 engine: SocialCreditModel | None = None):
        super().__init__(rng=rng)
        if engine is None:
            engine = SocialCreditModel(scenario, rng=rng, overrides=overrides)
        self.config = engine.config
        self.n = engine.n
        self.refresh_rules()
        self.space = _network(engine, self.random)
        cols = {name: getattr(engine, name).tolist() for name in STATE}
        self.citizens = [RefCitizen(self, self.space[i], i, {k: col[i] for k, col in cols.items()})
                         for i in range(self.n)]
        self.members: dict[int, list[RefCitizen]] = {}  # by group, in row order
        for c in self.citizens:
            self.members.setdefault(c.group, []).append(c)
        self.unfriendings: list[tuple[int, int, int]] = []  # (actor, friend, motive) this step
        self.access_reasons = [[0] * len(REASONS) for _ in self.rules.services]
        self.datacollector = mesa.DataCollector(model_reporters=REPORTERS)
        self.datacollector.collect(self)

    def refresh_rules(self) -> None:
        """Read the scenario's rules into ``self.rules`` (scalars the citizens share)."""
        self.rules = _rules(self.config, self.n)

    def tier_of(self, score: float) -> int:
        """Index of the first tier (best first) whose floor the score reaches; else the last."""
        for i, floor in enumerate(self.rules.floors):
            if score >= floor:
                return i
        return len(self.rules.floors) - 1

    def candidate(self, seeker: RefCitizen, d_group: float, d_anyone: float, d_local: float) -> RefCitizen:
        """A possible new friend: from the seeker's group with chance local_search, else anyone."""
        if d_local < self.rules.local:
            group = self.members[seeker.group]
            return group[int(d_group * len(group))]
        return self.citizens[int(d_anyone * self.n)]

    def step(self) -> None:
        due = [e for e in self.config.timeline if e.step == self.steps - 1 and e.action != "caption"]
        if due:
            raise NotImplementedError(f"the reference does not run timelines ({due[0].action} "
                                      f"at step {due[0].step})")
        self.refresh_rules()
        self.unfriendings = []
        self.access_reasons = [[0] * len(REASONS) for _ in self.rules.services]
        agents = self.agents
        agents.shuffle_do("pay_bills")
        agents.shuffle_do("do_deeds")
        agents.shuffle_do("face_authorities")
        agents.do("update_score")
        agents.do("commit_score")
        agents.do("consider_friends")
        agents.shuffle_do("drop_friends")
        agents.shuffle_do("seek_friend")
        agents.shuffle_do("make_friends")
        agents.do("decide_conformity")
        agents.do("show_conformity")
        agents.shuffle_do("apply_for_services")
        self.datacollector.collect(self)

    def run(self, steps: int) -> None:
        for _ in range(steps):
            self.step()


REPORTERS = {
    "mean_score": lambda m: m.agents.agg("score", statistics.fmean),
    "mean_wealth": lambda m: m.agents.agg("wealth", statistics.fmean),
    "blacklisted": lambda m: m.agents.agg("listed", sum),
    "edges": lambda m: m.space.G.number_of_edges(),
    "conforming_share": lambda m: m.agents.agg("conforming", statistics.fmean),
    "public_dissent": lambda m: m.agents.agg("public_dissent", statistics.fmean),
    "payment_rate": lambda m: m.agents.agg("paid", statistics.fmean),
}


def _network(engine: SocialCreditModel, random) -> Network:
    """Mesa's network space over the engine's ties. Mesa 3.5 runs a spring layout unless
    told there is none (measured: 30 s for 2,000 nodes and 10,000 ties, against 0.03 s
    without); Mesa 3.3 has no layout argument."""
    graph = nx.Graph()
    graph.add_nodes_from(range(engine.n))
    u, v, _ = engine.friends.live()
    graph.add_edges_from(zip(u.tolist(), v.tolist()))
    no_layout = {"layout": None} if "layout" in inspect.signature(Network).parameters else {}
    return Network(graph, random=random, **no_layout)


def _rules(sc, n: int) -> SimpleNamespace:
    """The scenario's rules as the scalars the verbs read (recomputed at every step)."""
    s, beh, au, pop = sc.scoring, sc.behaviour, sc.authorities, sc.population
    weights = (s.weights.history, s.weights.capacity, s.weights.characteristics,
               s.weights.behaviour, s.connections_weight)
    w_total = sum(weights)
    w_norm = max(w_total, 1e-9)
    # points one step of public dissent costs, as an informed citizen sees it
    speech = (s.speech_penalty if s.family == "points" else
              s.speech_penalty * (s.high - s.low) * (s.weights.behaviour / w_norm) / s.record_scale
              if s.family == "weighted" else 0.0)
    speech += au.rumour_rate * au.blacklist * (s.blacklist_penalty if s.visible else 0.0)
    gates = [x.friends_min for x in sc.services if x.friends_min > -1e9]
    rates = dataclasses.asdict(beh.deed_rates)
    services = [SimpleNamespace(
        chance=1.0 - (1.0 - x.demand / n) ** n if x.demand > 0 else 0.0,
        worst_tier=sc.tier_index(x.min_tier) if x.min_tier else len(sc.tiers) - 1,
        blacklist_ban=x.blacklist_ban, score_floor=x.score_floor, friends_min=x.friends_min,
        price=x.price, grant=x.grant, deny=x.deny) for x in sc.services]
    return SimpleNamespace(
        family=s.family, visible=s.visible, low=s.low, high=s.high, span=s.high - s.low,
        start=s.start, w_conn=s.connections_weight, half=s.friends_half, weights=weights,
        w_total=w_total, ppu=(s.high - s.low) * s.connections_weight / w_norm,
        cap_half=pop.capacity_half * pop.income_mean, record_scale=s.record_scale,
        record_decay=s.record_decay, deltas=dataclasses.asdict(s.deltas), bias=tuple(s.group_bias),
        penalty=s.blacklist_penalty if s.visible else 0.0, opacity=s.opacity, prior=s.unknown_prior,
        speech_penalty=s.speech_penalty, speech_cost=speech,
        floors=[t.min_score for t in sc.tiers],
        reversion=beh.income_reversion, spending=beh.spending, living_cost=beh.living_cost,
        bill=beh.bill_share * pop.income_mean,
        deed_rates=[(k, p) for k, p in rates.items() if k not in ("missed_bill", "paid_bill")],
        step_days=pop.step_days, blacklist=au.blacklist, default_after=au.default_after,
        fine=au.fine, rumour_rate=au.rumour_rate, duration_days=au.duration_days,
        error_chance=1.0 - (1.0 - au.error_rate / n) ** n if au.error_rate > 0 else 0.0,
        appeal_rate=au.appeal_rate, appeal_success=au.appeal_success,
        appeal_success_wrongful=au.appeal_success_wrongful,
        shaming=au.public_shaming, shame_cost=au.shame_cost,
        gate=max(gates) if gates else None,
        tie_value=beh.tie_value, unfriend_rate=beh.unfriend_rate,
        befriend_rate=beh.befriend_rate, homophily=beh.homophily, local=beh.local_search,
        mean_degree=sc.network.mean_degree, threshold_mean=beh.conformity_threshold,
        threshold_sd=beh.conformity_threshold_sd, services=services,
    )
