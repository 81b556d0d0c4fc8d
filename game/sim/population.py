"""Building a society: every citizen's traits, drawn once from the model's generator, and
the friendship network they start with.

The draws come in a fixed order, and exp/log go through :mod:`game.sim.portable`, so a
scenario and a seed give the same citizens on every machine: income, savings, reliability, sociability, score sensitivity, conformity
thresholds, private dissent, tolerance, committed conformers, misjudgement of the rules,
belief about secret rules, personal characteristics, then the network. Units: coins per
step for income and wealth; probabilities and shares in [0, 1]; points for tolerance.
"""

from __future__ import annotations

import numpy as np

from game.sim import portable
from game.sim.arrays import add_up
from game.sim.friends import Friendships
from game.sim.networks import build as build_network


def draw_citizens(model) -> None:
    """Each citizen's traits and starting state, as columns of ``model`` (one row each)."""
    pop, beh, rng = model.config.population, model.config.behaviour, model.rng
    n = model.n = pop.size
    mu = portable.log(pop.income_mean) - pop.income_sigma * pop.income_sigma / 2
    model.income_base = portable.lognormal(rng, mu, pop.income_sigma, n) if pop.income_sigma \
        else np.full(n, pop.income_mean)
    model.income = model.income_base.copy()
    # start near each citizen's own equilibrium savings (income left after living and
    # bills, divided by the spending rate), so the run does not begin with a drift
    bill = beh.bill_share * pop.income_mean
    saving = np.maximum(model.income * (1 - beh.living_cost) - bill, 0) / max(beh.spending, 0.01)
    model.wealth = saving * rng.uniform(0.5, 1.5, n)
    model.reliability = np.clip(rng.normal(pop.reliability_mean, pop.reliability_sd, n), 0, 1)
    model.sociability = rng.random(n)
    sens = portable.lognormal(rng, 0.0, 0.5, n)
    model.sensitivity = beh.score_sensitivity * sens / portable.exp(0.125)  # mean 1
    # thresholds are mean + sd * z with each citizen's z drawn once, so the mean and
    # spread stay live rules (a slider moves everyone's threshold, keeping their order)
    model.threshold_z = rng.standard_normal(n)
    model.threshold_u = rng.random(n)  # the same citizens' places under a uniform rule
    model.private_dissent = rng.random(n) < pop.private_dissent_share
    model.tolerance = beh.tolerance * rng.uniform(0.5, 1.5, n)
    model.committed = np.zeros(n, dtype=bool)
    if pop.committed_conformers:
        model.committed[rng.choice(n, pop.committed_conformers, replace=False)] = True
    model.noise = portable.exp(model.config.scoring.opacity_noise * rng.standard_normal(n))
    model.belief = portable.lognormal(rng, 0.0, 0.5, n)
    # what each citizen believes a low friend and a word in public cost under a secret
    # algorithm: their private guesses at first, then learned (game.sim.rules.learning)
    model.fear_friends = model.config.scoring.unknown_prior * model.belief
    model.fear_speech = model.config.scoring.speech_guess * model.belief
    model.lost_friend = np.zeros(n, dtype=bool)  # lost a friend in the last social phase
    model.characteristics = rng.beta(2.0, 2.0, n)
    _starting_state(model, n)


def _starting_state(model, n: int) -> None:
    """What no draw decides: records at their equilibrium, nobody listed, no causes yet."""
    model.char_base = model.characteristics.copy()
    model.history = model.reliability.copy()
    model.record = np.full(n, record_equilibrium(model.config))
    model.streak = np.zeros(n, dtype=np.int32)
    model.listed = np.zeros(n, dtype=bool)
    model.days_left = np.zeros(n, dtype=np.int32)
    model.wrongful = np.zeros(n, dtype=bool)
    model.cause_event = np.full(n, -1, dtype=np.int64)
    model.cause_root = np.full(n, -1, dtype=np.int64)
    model.cause_ring = np.zeros(n, dtype=np.int32)  # friendships from the cascade's root citizen
    model.cause_step = np.full(n, -10**6, dtype=np.int32)
    model.cause_loss = np.zeros(n)  # points lost through that cascade so far
    model.cause_fear = np.zeros(n)  # fear of friends learned from it so far
    model.paid = np.ones(n, dtype=bool)


def record_equilibrium(config) -> float:
    """The deed record (points) an average citizen settles at: each deed's rate times its
    delta, summed, over the share of the record lost per step (0 when records never decay)."""
    sc, beh = config.scoring, config.behaviour
    if sc.record_decay >= 1.0:
        return 0.0
    rates, deltas = beh.deed_rates.as_dict(), sc.deltas.as_dict()
    drift = add_up(rates[k] * deltas[k] for k in rates if k not in ("missed_bill", "paid_bill"))
    return drift / (1.0 - sc.record_decay)


def connect(model) -> None:
    """The starting friendships and each citizen's group (district), from the scenario's
    network kind; also the group index the befriending search draws from."""
    net, pop = model.config.network, model.config.population
    params = {"n_districts": pop.groups}
    if net.kind == "watts_strogatz":
        params["rewire"] = net.rewire
    elif net.kind == "districts":
        params["mixing"] = net.mixing
    u, v, group = build_network(net.kind, model.n, net.mean_degree, model.rng, **params)
    model.group = np.asarray(group, dtype=np.int16)
    model.friends = Friendships(model.n, u, v)
    index_groups(model)


def index_groups(model) -> None:
    """Citizens sorted by group, and where each group starts and how big it is."""
    model.group_order = np.argsort(model.group, kind="stable")
    model.group_size = np.bincount(model.group, minlength=int(model.group.max()) + 1)
    model.group_start = np.concatenate([[0], np.cumsum(model.group_size)[:-1]])
