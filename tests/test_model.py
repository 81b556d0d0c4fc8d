"""The model is a real Mesa model, reproducible bit for bit, and obeys its commands."""

from __future__ import annotations

import mesa
import numpy as np
import pytest

from game.scenario.library import load, shipped
from game.sim import ties
from game.sim.access_memory import AccessMemory
from game.sim.agents import Citizen
from game.sim.commands import Befriend, Blacklist, CommandRejected, Pardon, SetRule, Unfriend
from game.sim.model import SocialCreditModel

SMALL = {"population.size": 300}


def small(name="sesame", seed=1, **extra):
    return SocialCreditModel(name, rng=seed, overrides={**SMALL, **extra})


def test_citizens_are_mesa_agents():
    m = small()
    assert isinstance(m, mesa.Model)
    assert len(m.agents) == 300
    assert all(isinstance(a, Citizen) for a in m.agents)
    rows = sorted(a.row for a in m.agents)
    assert rows == list(range(300))
    m.run(5)
    listed = m.agents.select(lambda a: a.blacklisted)
    assert len(listed) == int(m.listed.sum())
    assert m.agents.agg("score", np.mean) == pytest.approx(float(m.score.mean()))
    one = m.citizens[7]
    assert one.score == m.score[7] and one.tier in m.tier_names
    assert set(one.friends().tolist()) == set(m.friends.neighbours(7).tolist())
    assert set(one.factors()) == {"history", "capacity", "characteristics", "behaviour", "connections"}


def test_datacollector_series_every_step():
    m = small()
    m.run(12)
    df = m.datacollector.get_model_vars_dataframe()
    assert len(df) == 13  # the initial state plus one row per step
    for col in ("mean_score", "gini_score", "largest_component", "conformity_gap", "tier_D_share"):
        assert col in df.columns
    assert df["blacklisted"].iloc[-1] == m.listed.sum()


def test_batch_run_accepts_the_model():
    from game.lab.batch import batch_run

    params = {"scenario": "sesame", "overrides": [SMALL]}
    kw = dict(number_processes=1, max_steps=5, data_collection_period=-1, display_progress=False)
    results = batch_run(SocialCreditModel, params, seeds=[1, 2], **kw)
    again = batch_run(SocialCreditModel, params, seeds=[1, 2], **kw)
    assert len(results) == 2
    assert results[0]["mean_score"] != results[1]["mean_score"]
    assert [r["mean_score"] for r in results] == [r["mean_score"] for r in again]
    direct = small(seed=1)
    direct.run(5)
    assert results[0]["mean_score"] == pytest.approx(float(direct.score.mean()))


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.stem)
def test_same_seed_same_run(path):
    a = SocialCreditModel(path, rng=7, overrides=SMALL)
    b = SocialCreditModel(path, rng=7, overrides=SMALL)
    a.run(30)
    b.run(30)
    assert a.digest() == b.digest()
    assert a.datacollector.model_vars == b.datacollector.model_vars
    ea, eb = a.events.columns(), b.events.columns()
    assert all(np.array_equal(ea[k], eb[k]) for k in ea)


def test_different_seed_different_run():
    a, b = small(seed=1), small(seed=2)
    a.run(10)
    b.run(10)
    assert a.digest() != b.digest()


def test_no_global_randomness_used():
    import random

    np.random.seed(123)
    random.seed(123)
    before = (np.random.get_state()[1].copy(), random.getstate())
    small().run(10)
    assert np.array_equal(np.random.get_state()[1], before[0])
    assert random.getstate() == before[1]


def test_set_rule_applies_and_setup_is_refused():
    m = small()
    m.apply(SetRule("scoring.connections_weight", 0.0))
    assert m.config.scoring.connections_weight == 0.0
    with pytest.raises(CommandRejected, match="setup"):
        m.apply(SetRule("population.size", 10))
    with pytest.raises(CommandRejected, match="scoring.speech_penalty"):
        m.apply(SetRule("scoring.speech_penalty", -5.0))
    assert [type(c).__name__ for _, c in m.command_log] == ["SetRule"]


def test_blacklist_pardon_befriend_unfriend():
    m = small()
    m.apply(Blacklist(3))
    assert m.listed[3] and m.days_left[3] == m.config.authorities.duration_days
    with pytest.raises(CommandRejected, match="already"):
        m.apply(Blacklist(3))
    m.apply(Pardon(3))
    assert not m.listed[3]
    with pytest.raises(CommandRejected, match="no citizen"):
        m.apply(Blacklist(10_000))
    friends = m.friends.neighbours(5)
    other = next(i for i in range(300) if i != 5 and i not in friends)
    m.apply(Befriend(5, other))
    assert other in m.friends.neighbours(5)
    m.apply(Unfriend(5, other))
    assert other not in m.friends.neighbours(5)
    with pytest.raises(CommandRejected, match="not friends"):
        m.apply(Unfriend(5, other))


def test_listing_lowers_score_and_bans_travel():
    m = small(seed=3, **{"authorities.appeal_rate": 0.0})
    x = int(np.argmax(m.score))
    before = m.score[x]
    m.apply(Blacklist(x))
    m.step()
    assert m.score[x] <= before - 0.9 * m.config.scoring.blacklist_penalty
    memory = AccessMemory(m)
    memory.observe(m)
    train = [s.name for s in m.config.services].index("train")
    for _ in range(40):
        m.step()
        memory.observe(m)
        if memory.step[x, 0] >= 0 and memory.service[x, 0] == train:
            break
    assert memory.service[x, 0] >= 0, "a listed citizen applying for services is refused something"
    assert memory.reason[x, 0] == 1  # REASONS[1] == "blacklist"


def test_command_log_replays_to_same_digest():
    def play():
        m = small(seed=4)
        script = {2: [Blacklist(0)], 5: [SetRule("scoring.speech_penalty", 40.0)], 8: [Pardon(0)]}
        for step in range(12):
            for c in script.get(step, []):
                m.apply(c)
            m.step()
        return m

    a = play()
    b = small(seed=4)
    log = dict()
    for at, c in a.command_log:
        log.setdefault(at, []).append(c)
    for step in range(12):
        for c in log.get(step, []):
            b.apply(c)
        b.step()
    assert a.digest() == b.digest()


def test_timeline_lists_the_hub():
    m = SocialCreditModel("court_blacklist", rng=1)
    m.run(12)
    hub = int(np.argmax(m.friends.degree))  # the timeline's "hub" at the start of step 13
    m.step()
    listed = m.events.of_kind("blacklisted")
    by_timeline = listed["a"][(listed["step"] == 13) & (listed["detail"] == 5)]  # LISTING_CAUSES[5]
    assert by_timeline.tolist() == [hub] and m.listed[hub]


def test_event_log_is_bounded():
    m = SocialCreditModel("sesame", rng=1, overrides=SMALL, max_events=20)
    m.run(40)
    assert m.events.dropped > 0
    assert len(m.events) <= 20 + m.n  # at most one step's chunk beyond the bound
    assert m.events.next_id == len(m.events) + m.events.dropped


def test_every_network_kind_builds():
    for kind in ("erdos_renyi", "watts_strogatz", "barabasi_albert", "districts"):
        m = small(**{"network.kind": kind})
        assert abs(m.friends.degree.mean() - 10) < 1.5
        m.run(3)


def test_scenario_defaults_round_trip_through_model():
    sc = load("sesame")
    m = SocialCreditModel(sc, rng=0, overrides=SMALL)
    assert m.config.meta.title == sc.meta.title and m.n == 300


def test_conformity_threshold_is_a_live_rule():
    m = small()
    before = m.threshold.copy()
    m.apply(SetRule("behaviour.conformity_threshold", 0.2))
    after = m.threshold
    assert after.mean() < before.mean() - 0.3
    assert (np.corrcoef(before, after)[0, 1]) > 0.9  # everyone moves together, order kept


def test_latest_refusals_are_remembered_newest_first():
    m = small(seed=5)
    memory = AccessMemory(m)
    for _ in range(60):
        m.step()
        memory.observe(m)
    rows = np.flatnonzero(memory.service[:, 1] >= 0)
    assert rows.size > 0
    steps = memory.step[rows]
    assert np.all(steps[:, 0] >= steps[:, 1])
    assert memory.recent_access(m)[0].sum() >= m.step_counts.attempts.sum()  # the last steps, this one included


def test_what_the_screen_remembers_is_not_the_models_state():
    """The refusal memory is fed from what each step publishes, and leaves the run alone."""
    watched, alone = small(seed=5), small(seed=5)
    memory = AccessMemory(watched)
    for _ in range(20):
        watched.step()
        memory.observe(watched)
        alone.step()
    assert watched.digest() == alone.digest()
    r = watched.refusals
    assert r.step == 20 and r.who.size == r.service.size == r.reason.size == r.value.size
    assert (r.reason > 0).all()


def test_group_bias_raises_the_refusal_rate_of_the_disfavoured_group():
    """Seed 000: scores can encode place. A bias against district 0 shows up in access."""
    from game.sim import metrics

    def rates(bias):
        out = []
        for seed in range(3):
            m = SocialCreditModel("sesame", rng=seed, overrides={"scoring.group_bias": bias})
            m.run(40)
            tot = m.access_totals
            out.append(metrics.denial_rate(tot.group_attempts, tot.group_denials))
        return np.mean(out, axis=0)

    fair, biased = rates([]), rates([-60.0])
    assert biased[0] > fair[0] + 0.05
    assert abs(biased[1:].mean() - fair[1:].mean()) < 0.05


def test_a_discarded_model_is_freed():
    """Kiosks build a new model every few minutes for months: old ones must not pile up."""
    import gc
    import weakref

    m = small()
    m.run(3)
    ref = weakref.ref(m)
    del m
    gc.collect()
    assert ref() is None


# --- the unfriend screen ---------------------------------------------------------------
def _every_tie_wishes(m: SocialCreditModel) -> tuple[np.ndarray, np.ndarray]:
    """The unscreened decision: every live tie, both directions, exact gains."""
    from game.sim.rules import social

    sums = ties.friend_sums(m)
    u, v, idx = m.friends.live()
    worth = m.config.behaviour.tie_value * (0.5 + m.sociability)
    wants = []
    for a, b in ((u, v), (v, u)):
        gain, gate, shame = ties.motives(m, a, b, sums)
        wants.append(np.broadcast_to(social.decide_drops(gain + gate + shame, m.sensitivity[a], worth[a]),
                                     a.shape))
    either = wants[0] | wants[1]
    return idx[either], wants[0][either]


@pytest.mark.parametrize("path", [p.stem for p in shipped()])
@pytest.mark.parametrize("variant", [{}, {"scoring.opacity": "noisy"}, {"scoring.opacity": "unknown"},
                                     {"authorities.public_shaming": True, "scoring.connections_weight": 0.6}])
def test_screened_drop_wishes_equal_checking_every_tie(path, variant):
    """The binned screen only skips ties that cannot pass: the wishes it finds are
    exactly those of checking every live tie, on every shipped scenario and opacity."""
    m = SocialCreditModel(path, rng=11, overrides={"population.size": 400, **variant})
    hub = int(np.argmax(np.where(m.listed, -1, m.friends.degree)))
    m.apply(Blacklist(citizen=hub))
    found = 0
    for _ in range(6):
        m.step()
        got, want = ties.wishes(m, ties.friend_sums(m)), _every_tie_wishes(m)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
        found += got[0].size
    if m.config.scoring.visible and m.config.scoring.connections_weight > 0 and path != "no_scoring":
        assert found > 0, "the comparison saw no wish at all"


def test_a_floor_that_float32_cannot_hold_does_not_break_the_gini_series():
    """Scores on a floor such as 350.3 stay non-negative above it in the Gini series."""
    m = SocialCreditModel("sesame", rng=0, overrides={"scoring.low": 350.3})
    m.run(20)
    assert (m.score == 350.3).any()  # someone is on the floor
    assert 0 < m.datacollector.model_vars["gini_score"][-1] < 1


def test_a_new_score_range_keeps_the_connections_factor_within_0_and_1():
    from game.sim.commands import SetRule

    m = SocialCreditModel("sesame", rng=1, overrides={"population.size": 300})
    m.run(3)
    m.apply(SetRule("scoring.high", 700.0))  # scores above 700 until the next scoring
    conn = m.factors()["connections"]
    assert conn.min() >= 0 and conn.max() < 1
    m.run(2)
    assert m.score.max() <= 700.0


def test_a_vanishing_score_range_runs():
    """A range so small its histogram scale overflows: the screen falls back, no crash."""
    m = SocialCreditModel("suining", rng=1, overrides={"population.size": 300, "scoring.low": 0.0,
                                                       "scoring.high": 1e-308, "scoring.start": 5e-309})
    m.run(3)
    assert np.isfinite(m.score).all()


@pytest.mark.parametrize("variant", [{}, {"scoring.opacity": "exact"}])
def test_friends_who_spoke_kept_current_give_the_run_of_fresh_counts(variant):
    """Friends who spoke are counted once, then kept current as ties change and as citizens
    start or stop speaking (phase 3 to the next step's phase 3): the run is the one where
    every step counts them afresh, ties made and cut between steps and a player who speaks
    up included."""
    from game.sim.commands import Act, PlayAs
    from game.sim.friends import ScoreSums

    class Fresh(ScoreSums):  # never reuses what it kept: a new sum every time
        def current(self, friends, score):
            return False

        def follows(self, friends, score):
            return False

    runs = []
    for fresh in (False, True):
        m = SocialCreditModel("sesame", rng=4, overrides={"population.size": 500, **variant})
        if fresh:
            m._spoke = Fresh()
        digests = []
        for k in range(10):
            m.step()
            digests.append(m.digest())
            if k == 3:
                a = int(np.argmax(m.friends.degree))
                m.unfriend(a, int(m.friends.neighbours(a)[0]))
                m.befriend(0, 1 if a != 1 else 2)
            if k == 5:
                m.apply(PlayAs(int(np.flatnonzero(m.private_dissent)[0])))
                m.apply(Act(pay=True, speak=True, apply_for=()))
        runs.append(digests)
    assert runs[0] == runs[1]
