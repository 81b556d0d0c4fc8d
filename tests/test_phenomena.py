"""The three phenomena in the Sesame scenario, measured against paired controls (issue #11).

Nothing here is scripted: each test sets rules, runs the model and measures what the
citizens did. Figures in the comments were measured on 2026-11-28 (benchmarks/phenomena.py
prints them); the assertions leave a margin.
"""

from __future__ import annotations

import numpy as np

from game.lab import phenomena as ph

SESAME = ph.scenario_of("sesame", timeline=False)  # only the experiment lists anyone
NO_WEIGHT = ph.scenario_of("sesame", {"scoring.connections_weight": 0.0, "authorities.public_shaming": False},
                           timeline=False)


def test_the_spiral_deepens_because_friends_leave():
    """Seed 003: "First your score drops. Then your friends ... quietly drop you as a
    contact. The algorithm notices, and your score plummets further." The further fall
    caused by departures (the run minus the same run where nobody may leave) is at least
    50 points and a quarter of the first drop (median of 10 seeds)."""
    runs = [ph.spiral(SESAME, s) for s in range(10)]
    first = np.median([r["first"] for r in runs])
    caused = np.median([r["caused"] for r in runs])
    assert first > 100, runs  # the blacklist penalty
    assert caused >= 50 and caused >= first / 4, runs
    assert np.median([r["lost"] for r in runs]) > 0.5  # most friends leave
    # where nobody may leave, the connections part does not fall: that fall is absent
    assert max(abs(r["blocked_conn_fall"]) for r in runs) < 5, runs


def test_without_the_connections_weight_leaving_costs_nothing():
    runs = [ph.spiral(NO_WEIGHT, s) for s in range(10)]
    assert max(abs(r["caused"]) for r in runs) < 5, runs


def test_the_wave_travels_past_the_first_ring():
    """Listing a hub makes citizens two friendships away lose more ties than the same run
    without the listing (3+ standard errors over 20 seeds), and some cascades reach ring 3."""
    runs = [ph.wave(SESAME, s) for s in range(20)]
    mean, se = ph.mean_se([r["excess"][1] for r in runs])
    assert mean > 3 * se and mean > 0.05, (mean, se)
    assert sum(r["depth"] >= 3 for r in runs) >= 3, [r["depth"] for r in runs]


def test_without_the_connections_weight_and_shaming_nothing_passes_the_first_ring():
    runs = [ph.wave(NO_WEIGHT, s) for s in range(10)]
    assert max(r["depth"] for r in runs) <= 1, [r["depth"] for r in runs]
    assert max(abs(r["excess"][1]) for r in runs) < 0.02, runs


def test_silence_is_caused_by_the_score_and_unfolds():
    """Peers alone (the no-scoring control) leave three quarters of private dissenters
    speaking; under Sesame fewer than half speak at step 100, and the fall takes 20+ steps."""
    control = np.mean([ph.silence(ph.scenario_of("no_scoring"), s) for s in range(5)], axis=0)
    sesame = np.mean([ph.silence(ph.scenario_of("sesame"), s) for s in range(5)], axis=0)
    assert control[-1] >= 0.75, control[-1]
    assert sesame[-1] < 0.5, sesame[-1]
    assert ph.unfolding(sesame) >= 20, ph.unfolding(sesame)


def test_peers_amplify_the_score():
    """With peers unable to silence anyone (a million conforming friends needed), the
    score alone silences fewer than score and peers together."""
    alone = ph.scenario_of("sesame", {"behaviour.threshold_distribution": "uniform", "behaviour.threshold_unit": "friends",
                                      "behaviour.threshold_low": 1e6, "behaviour.threshold_high": 1e6})
    both = np.mean([ph.silence(ph.scenario_of("sesame"), s)[-1] for s in range(5)])
    score_only = np.mean([ph.silence(alone, s)[-1] for s in range(5)])
    assert score_only > both + 0.05, (score_only, both)
