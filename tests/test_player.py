"""Citizen mode: one citizen's choices come from a person; the rest of the society reacts."""

from __future__ import annotations

import json

import numpy as np
import pytest

from game.modes.citizen import who_dropped
from game.sim.access_memory import AccessMemory
from game.sim.commands import Act, Appeal, Blacklist, CommandRejected, PlayAs
from game.sim.model import SocialCreditModel


def model(seed=1, **extra):
    return SocialCreditModel("sesame", rng=seed, overrides={"population.size": 300, **extra})


def test_skipping_bills_lowers_the_players_history_and_score():
    a, b = model(), model()
    me = 10
    for m, pay in ((a, True), (b, False)):
        m.apply(PlayAs(me))
        m.apply(Act(pay=pay))
        m.run(15)
    assert a.paid[me] and not b.paid[me]
    assert b.history[me] < a.history[me] - 0.5
    assert b.score[me] < a.score[me] - 50


def test_speaking_out_costs_points_under_a_speech_penalty():
    quiet, loud = model(**{"scoring.speech_penalty": 20.0}), model(**{"scoring.speech_penalty": 20.0})
    me = 7
    for m, speak in ((quiet, False), (loud, True)):
        m.apply(PlayAs(me))
        m.apply(Act(speak=speak))
        m.run(10)
    assert loud.public_dissent[me] and not quiet.public_dissent[me]
    assert loud.score[me] < quiet.score[me] - 5


def test_applying_for_a_service_gets_an_answer_with_a_reason():
    m = model()
    me = int(np.argmin(m.score))
    m.apply(PlayAs(me))
    m.apply(Blacklist(me))
    m.apply(Act(apply_for=("loan",)))
    m.step()
    loan = [s.name for s in m.config.services].index("loan")
    memory = AccessMemory(m)
    memory.observe(m)
    assert memory.service[me, 0] == loan and memory.reason[me, 0] == 1  # blacklist
    assert not m.intent.apply  # applications are one-off
    with pytest.raises(CommandRejected, match="no service"):
        m.apply(Act(apply_for=("spaceship",)))


def test_appeal_and_who_dropped_me():
    m = model(seed=3, **{"authorities.appeal_success": 1.0, "authorities.appeal_rate": 0.0})
    me = int(np.argmax(m.friends.degree))
    m.apply(PlayAs(me))
    m.apply(Blacklist(me))
    m.run(6)
    dropped = who_dropped(m, me)
    assert dropped and all(m.friends.find(np.array([me]), np.array([c]))[0] < 0 for _, c in dropped)
    m.apply(Appeal(me))
    assert not m.listed[me]
    with pytest.raises(CommandRejected, match="not on the blacklist"):
        m.apply(Appeal(me))


def test_citizen_mode_replays_exactly(tmp_path):
    from game.records.replay import load_record, replay, save_record

    m = model(seed=5)
    m.apply(PlayAs(4))
    m.apply(Act(pay=False, speak=True, apply_for=("loan", "job")))
    m.run(3)
    m.apply(Act(pay=True, speak=None))
    m.run(3)
    path = save_record(m, tmp_path / "citizen.replay.json")
    assert json.loads(path.read_text())["commands"][1]["apply_for"] == ["loan", "job"]
    again, ok = replay(load_record(path))
    assert ok and again.digest() == m.digest()
