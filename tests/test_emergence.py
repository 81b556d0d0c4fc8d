"""The three phenomena emerge from the rules, across seeds, on measured values.

None of these outcomes is scripted: each test sets rules and watches what the citizens
do. Assertions are on means or on every seed, with margins taken from measured runs.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.lab.phenomena import hub, scenario_of
from game.sim import metrics
from game.sim.commands import Blacklist
from game.sim.model import SocialCreditModel

SEEDS = range(5)


def listing_cascade(seed: int, connections_weight: float) -> tuple[int, int]:
    """(depth, size) of the cascade a listed hub starts, followed for 30 steps."""
    m = SocialCreditModel(scenario_of("sesame", {"scoring.connections_weight": connections_weight,
                                                 "authorities.appeal_rate": 0.0}, timeline=False), rng=seed)
    m.run(20)
    root = m.events.next_id
    m.apply(Blacklist(hub(m)))
    m.run(30)
    return m.cascade_depths.get(root, 0), m.cascade_sizes.get(root, 0)


def test_when_friends_scores_count_cascades_reach_further():
    """Measured (5 seeds): weight 0 -> depth 1 every time, about 22 citizens (the hub's
    friends leaving out of shame); weight 0.5 -> depth 2-5, about 32 citizens."""
    none = np.array([listing_cascade(s, 0.0) for s in SEEDS])
    some = np.array([listing_cascade(s, 0.5) for s in SEEDS])
    assert none[:, 0].max() == 1
    assert some[:, 0].mean() >= none[:, 0].mean() + 1.5, some[:, 0]
    assert some[:, 1].mean() > 1.2 * none[:, 1].mean(), (some[:, 1], none[:, 1])


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


GRANOVETTER = """
[meta]
title = "Granovetter's riot"
description = "A hundred people in a square, each willing to riot once enough others do (Granovetter 1978)."

[[tiers]]
name = "all"

[population]
size = 100
private_dissent_share = 1.0

[network]
kind = "erdos_renyi"
mean_degree = 99

[scoring]
family = "none"

[behaviour]
threshold_distribution = "list"
threshold_unit = "friends"
thresholds = [%s]
unfriend_rate = 0.0
befriend_rate = 0.0

[authorities]
blacklist = false
"""


def riot(thresholds: list[int], seed: int = 0) -> int:
    """Granovetter (1978): person i riots once ``thresholds[i]`` others riot. Here rioting
    is conforming to the public behaviour, everyone's private view is 'no', and the square
    is a complete graph of 100."""
    from game.scenario.tomlfile import loads

    sc = loads(GRANOVETTER % ", ".join(map(str, thresholds)), "riot.toml")
    m = SocialCreditModel(sc, rng=seed)
    m.run(110)
    return int(m.conforming.sum())


def test_granovetters_riot_through_a_scenario_file():
    """Thresholds 0, 1, ..., 99: the instigator, then one more each step: all 100 riot.
    Move the second-lowest threshold from 1 to 2 and only the instigator riots."""
    assert riot(list(range(100))) == 100
    assert riot([0, 2] + list(range(2, 100))) == 1


def test_thresholds_as_a_uniform_distribution_and_as_a_list_are_validated():
    from game.scenario.schema import ScenarioError
    from game.scenario.tomlfile import loads

    with pytest.raises(ScenarioError, match="behaviour.thresholds: must hold one threshold per citizen"):
        loads(GRANOVETTER % "0, 1, 2", "riot.toml")
    share_too_big = GRANOVETTER.replace('threshold_unit = "friends"', 'threshold_unit = "share"') % ", ".join(
        ["2"] * 100)
    with pytest.raises(ScenarioError, match="shares of friends must be from 0 to 1"):
        loads(share_too_big, "riot.toml")
    m = SocialCreditModel(scenario_of("no_scoring", {"behaviour.threshold_distribution": "uniform",
                                                     "behaviour.threshold_low": 0.2,
                                                     "behaviour.threshold_high": 0.6}), rng=1)
    th = m.threshold
    assert th.min() >= 0.2 and th.max() <= 0.6 and abs(th.mean() - 0.4) < 0.02
