"""Cascade bookkeeping means what the names say: size = distinct citizens who lost a tie in
it; depth = the ring (friendships from the citizen whose listing started it) of the outer
end of an unfriending; an unfriending belongs to a cascade only if the cascade was needed
for it (a but-for test). Hand-made states on a small society, one unfriending at a time."""

from __future__ import annotations

import numpy as np
import pytest

from game.lab.phenomena import scenario_of
from game.sim import causes, ties
from game.sim.model import SocialCreditModel

SECRET = {"population.size": 30, "authorities.appeal_rate": 0.0, "scoring.opacity": "unknown"}


@pytest.fixture
def m() -> SocialCreditModel:
    model = SocialCreditModel(scenario_of("sesame", SECRET, timeline=False), rng=1)
    # predictable drops: equal scores and worths; what matters is set per test
    model.score[:] = 700.0
    model.sensitivity[:] = 1.0
    model.sociability[:] = 0.5  # tie worth = tie_value
    model.fear_friends[:] = 0.0  # nobody fears anyone unless a test says so
    return model


def unfriend(m: SocialCreditModel, actor: int, target: int, t: int) -> dict:
    causes.record_unfriendings(m, np.array([actor]), np.array([target]), np.array([0], np.int8), t,
                               lambda a, b, **kw: ties.would_drop(m, a, b, **kw))
    ev = m.events.of_kind("unfriended")
    return {k: int(ev[k][-1]) for k in ("root", "depth", "cause")}


def wants(m: SocialCreditModel, gap: float) -> float:
    """A fear that makes a friend ``gap`` points below worth dropping (and less, not)."""
    sc = m.config.scoring
    return 1.5 * m.config.behaviour.tie_value * (sc.high - sc.low) / gap


def test_rings_grow_outward_and_size_counts_distinct_citizens(m):
    m.blacklist(np.array([0]), "command", 0)
    root = int(m.events.of_kind("blacklisted")["id"][-1])
    e = unfriend(m, 1, 0, 1)  # a friend drops the listed citizen: ring 1
    assert (e["root"], e["depth"]) == (root, 1)
    assert m.cause_ring[1] == 1 and m.cause_ring[0] == 0
    e = unfriend(m, 2, 0, 1)  # another friend: still ring 1, not "deeper"
    assert (e["root"], e["depth"]) == (root, 1)
    # citizen 1 lost points through the cascade; 5 drops 1 only because of that loss
    m.score[1], m.cause_loss[1] = 600.0, 80.0
    m.fear_friends[5] = wants(m, gap=90.0)
    e = unfriend(m, 5, 1, 2)
    assert (e["root"], e["depth"]) == (root, 2)
    assert m.cascade_sizes[root] == 4  # 0, 1, 2, 5: each once
    assert m.cascade_depths[root] == 2


def test_without_the_cascade_it_would_have_happened_anyway_so_it_starts_its_own(m):
    m.blacklist(np.array([0]), "command", 0)
    root = int(m.events.of_kind("blacklisted")["id"][-1])
    unfriend(m, 1, 0, 1)
    m.score[1], m.cause_loss[1] = 500.0, 5.0  # 1 lost only 5 points through it: 200 below anyway
    m.fear_friends[6] = wants(m, gap=150.0)
    e = unfriend(m, 6, 1, 2)
    assert e["root"] != root and e["depth"] == 1 and e["cause"] == -1


def test_a_fear_learned_from_the_cascade_carries_it_one_ring_out(m):
    m.blacklist(np.array([0]), "command", 0)
    root = int(m.events.of_kind("blacklisted")["id"][-1])
    unfriend(m, 1, 0, 1)
    # 1 learned to fear low friends from watching 0 fall; it drops 7, whom it kept before
    m.cause_fear[1] = m.fear_friends[1] = wants(m, gap=50.0)
    m.score[7] = 640.0
    e = unfriend(m, 1, 7, 2)
    assert (e["root"], e["depth"]) == (root, 2) and m.cause_ring[7] == 2


def test_a_drop_nobody_caused_starts_a_cascade_of_its_own(m):
    e = unfriend(m, 3, 4, 5)
    assert e["cause"] == -1 and e["depth"] == 1
    assert m.cascade_sizes[e["root"]] == 2 and m.cause_ring[4] == 0 and m.cause_ring[3] == 1


def test_stale_cascades_keep_their_size_but_forget_their_members(m):
    m.blacklist(np.array([0]), "command", 0)
    root = int(m.events.of_kind("blacklisted")["id"][-1])
    unfriend(m, 1, 0, 1)
    unfriend(m, 3, 4, 20)  # much later: the pruning pass runs
    assert m.cascade_sizes[root] == 2 and root not in m.cascade_last
    assert not np.any(m.cascade_keys // m.n == root)
