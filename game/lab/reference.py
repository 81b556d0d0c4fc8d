"""The Open Sesame step written per agent, the idiomatic Mesa way: a yardstick and an oracle.

:class:`ReferenceModel` runs the step of :class:`game.sim.model.SocialCreditModel` with each
citizen a :class:`RefCitizen` (a Mesa agent fixed to a cell of Mesa's ``Network`` space)
holding its own state as plain Python attributes. Every phase is ``agents.shuffle_do`` or
``agents.do`` of a short verb doing scalar arithmetic for one citizen; nothing loops over
arrays. ``benchmarks/reference_ratio.py`` times it against the engine and
``tests/test_reference.py`` checks the engine's rules against these verbs. The citizens and
their verbs are in :mod:`game.lab.reference_agents` (Mesa's model/agents split).

The rules are the engine's (``game/sim/rules/*.py`` and ``game/sim/model.py`` give their units and
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
from types import SimpleNamespace

import mesa
import networkx as nx
from mesa.discrete_space import Network

from game.lab.reference_agents import STATE, RefCitizen
from game.sim.model import SocialCreditModel
from game.sim.rules.access import REASONS

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
        agents.do("learn")
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
    gates = [x.friends_min for x in sc.services if x.has_friends_gate]
    rates = dataclasses.asdict(beh.deed_rates)
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
        settle_rate=au.settle_rate, settle_cost=au.settle_cost,
        shaming=au.public_shaming, shame_cost=au.shame_cost,
        gate=max(gates) if gates else None,
        tie_value=beh.tie_value, unfriend_rate=beh.unfriend_rate,
        befriend_rate=beh.befriend_rate, homophily=beh.homophily, local=beh.local_search,
        mean_degree=sc.network.mean_degree, threshold_mean=beh.conformity_threshold,
        threshold_sd=beh.conformity_threshold_sd, services=_services(sc, n),
        threshold_kind=beh.threshold_distribution, threshold_unit=beh.threshold_unit,
        threshold_low=beh.threshold_low, threshold_high=beh.threshold_high, thresholds=beh.thresholds,
        learning=beh.learning, memory=beh.learning_memory, speech_guess=s.speech_guess,
    )


def _services(sc, n: int) -> list[SimpleNamespace]:
    """Each service's gates and effects, and the chance a citizen applies in a step (the
    engine draws Binomial(n, demand) applicants and merges repeats)."""
    return [SimpleNamespace(
        chance=1.0 - (1.0 - x.demand / n) ** n if x.demand > 0 else 0.0,
        worst_tier=sc.worst_tier_served(x),
        blacklist_ban=x.blacklist_ban, score_floor=x.score_floor, friends_min=x.friends_min,
        gated=x.has_friends_gate, price=x.price, grant=x.grant, deny=x.deny) for x in sc.services]
