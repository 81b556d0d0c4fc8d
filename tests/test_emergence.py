"""The three phenomena emerge from the rules, across seeds, on measured values.

None of these outcomes is scripted: each test sets rules and watches what the citizens
do. Assertions are on means or on every seed, with margins taken from measured runs.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.sim import metrics
from game.sim.commands import Blacklist
from game.sim.model import SocialCreditModel

SEEDS = range(5)


def listing_cascade(seed: int, connections_weight: float, shaming: bool = False) -> dict:
    """Blacklist the best-connected citizen after a warm-up; follow its cascade for 30 steps."""
    m = SocialCreditModel("sesame", rng=seed, overrides={
        "scoring.connections_weight": connections_weight,
        "authorities.public_shaming": shaming, "authorities.appeal_rate": 0.0})
    m.run(20)
    x = int(np.argmax(m.friends.degree))
    root = m.events.next_id
    m.apply(Blacklist(x))
    m.run(30)
    ev = m.events.of_kind("unfriended")
    mine = ev["root"] == root
    touches_x = (ev["a"][mine] == x) | (ev["b"][mine] == x)
    return {"size": int(mine.sum()), "depth": int(ev["depth"][mine].max(initial=0)),
            "outside_first_ring": int((~touches_x).sum())}


def test_listing_a_hub_starts_an_unfriending_cascade():
    """Sesame: friends drop the listed hub, its score falls further, more drop it (seed 003)."""
    runs = [listing_cascade(s, 0.25) for s in SEEDS]
    assert all(r["depth"] >= 2 for r in runs), runs
    assert np.mean([r["size"] for r in runs]) >= 5, runs


def test_without_connections_weight_nothing_passes_the_first_ring():
    """Friends' scores not counted: with shaming on, friends still drop the listed person,
    but nobody else loses friends because of it."""
    runs = [listing_cascade(s, 0.0, shaming=True) for s in SEEDS]
    assert sum(r["size"] for r in runs) > 0, "shaming alone makes friends drop the listed"
    assert all(r["outside_first_ring"] == 0 for r in runs), runs
    plain = [listing_cascade(s, 0.0) for s in SEEDS]
    assert all(r["size"] == 0 for r in plain), plain


def test_stronger_connections_weight_makes_larger_cascades():
    small = np.mean([listing_cascade(s, 0.25)["size"] for s in SEEDS])
    large = np.mean([listing_cascade(s, 1.0)["size"] for s in SEEDS])
    assert large > small * 1.5


def public_private(penalty: float, seed: int) -> tuple[float, float]:
    m = SocialCreditModel("sesame", rng=seed, overrides={"scoring.speech_penalty": penalty})
    m.run(60)
    return float(m.public_dissent.mean()), float(m.private_dissent.mean())


def test_speech_penalty_silences_public_dissent_but_not_private():
    penalties = [0.0, 4.0, 8.0, 12.0, 16.0]
    seeds = range(5)
    res = np.array([[public_private(p, s) for s in seeds] for p in penalties])  # [pen, seed, 2]
    public, private = res[..., 0].mean(1), res[..., 1].mean(1)
    gap = private - public
    assert np.all(np.diff(public) <= 0), public
    assert public[-1] < 0.3 * public[0], public
    assert np.ptp(private) < 1e-9, private  # convictions are not changed by the penalty
    assert np.all(np.diff(gap) >= 0) and gap[-1] > gap[0] + 0.05, gap


def stratification(name: str, seed: int) -> tuple[float, float, float]:
    m = SocialCreditModel(name, rng=seed)
    m.run(50)
    before = m.tier.copy()
    m.run(150)
    n_tiers = len(m.config.tiers)
    mob = metrics.mobility_matrix(before, m.tier, n_tiers)
    return (metrics.gini(m.score - m.config.scoring.low),
            float(metrics.tier_shares(m.tier, n_tiers)[-1]),
            metrics.mobility_diagonal(mob))


def test_scoring_stratifies_compared_with_no_scoring():
    """Tiered access feeds back into scores: more inequality, a bottom tier, less mobility."""
    seeds = range(4)
    sesame = np.array([stratification("sesame", s) for s in seeds])
    control = np.array([stratification("no_scoring", s) for s in seeds])
    gini, d_share, stay = 0, 1, 2
    assert sesame[:, gini].mean() > 1.5 * control[:, gini].mean()
    assert sesame[:, d_share].mean() > 0.08 > 3 * control[:, d_share].mean()
    assert sesame[:, stay].mean() > control[:, stay].mean() + 0.08
    assert all(sesame[:, gini] > control[:, gini].max())


def threshold_spread(theta: float, degree: float, seed: int) -> float:
    """Classic threshold model: scoring off, no penalties, everyone privately dissents,
    10 committed conformers; returns the final conforming share."""
    m = SocialCreditModel("no_scoring", rng=seed, overrides={
        "population.private_dissent_share": 1.0, "population.committed_conformers": 10,
        "behaviour.conformity_threshold": theta, "behaviour.conformity_threshold_sd": 0.0,
        "network.kind": "erdos_renyi", "network.mean_degree": degree,
        "behaviour.befriend_rate": 0.0, "behaviour.unfriend_rate": 0.0})
    m.run(40)
    return float(m.conforming.mean())


@pytest.mark.parametrize("theta,degree,spreads", [
    (0.1, 4.0, True), (0.18, 6.0, True), (0.3, 10.0, False), (0.2, 14.0, False)])
def test_without_scoring_conformity_is_the_classic_threshold_model(theta, degree, spreads):
    shares = [threshold_spread(theta, degree, s) for s in range(3)]
    if spreads:
        assert min(shares) > 0.9, shares
    else:
        assert max(shares) < 0.05, shares
