"""Citizen mode is a game: a goal, moves that matter, an ending that says why.

The journalist's goal is to be off the blacklist and back in tier C within 20 turns.
Measured over seeds: a player who only presses "next turn" never gets there; one who
saves up, pays the court, appeals every turn and then rebuilds friendships mostly does;
appealing alone, without paying the court, rarely does. The score's breakdown adds up to
the score shown, to the point, whatever the family and whether the range clipped it.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from game.modes.citizen import APPROACHES_PER_TURN, CitizenGame, passive, play, reasoned
from game.sim import player, scores
from game.sim.commands import Appeal, CommandRejected, Settle
from game.sim.model import SocialCreditModel
from game.text import say
from game.ui.parts.panels import rounded, sum_line
from game.ui.session import Session

SEEDS = range(10)


def appeal_only(game: CitizenGame) -> None:
    """Appeal every turn, never pay the court, never meet anyone."""
    if game.model.listed[game.me]:
        game.appeal()


def settle_and_appeal_only(game: CitizenGame) -> None:
    """Pay the court when affordable and appeal, but never rebuild friendships."""
    m, me = game.model, game.me
    if m.listed[me]:
        if game.can_settle() and m.wealth[me] >= m.config.player.settle_cost:
            game.settle()
        game.choose(pay=not game.can_settle())
        game.appeal()
    else:
        game.choose(pay=True)


def outcomes(policy) -> list[CitizenGame]:
    return [play(Session.open("journalist", seed=seed), policy, random.Random(seed)) for seed in SEEDS]


@pytest.fixture(scope="module")
def games():
    return {name: outcomes(policy) for name, policy in
            (("passive", passive), ("reasoned", reasoned), ("appeal_only", appeal_only),
             ("no_friends", settle_and_appeal_only))}


def wins(played) -> int:
    return sum(g.status() == "won" for g in played)


def test_passive_play_never_reaches_the_goal(games):
    assert wins(games["passive"]) == 0
    assert all(g.turn == 20 and g.model.listed[g.me] for g in games["passive"])


def test_reasoned_play_reaches_the_goal_in_most_seeds(games):
    assert wins(games["reasoned"]) >= 8, [(g.status(), g.turn) for g in games["reasoned"]]
    assert all(g.turn <= 20 for g in games["reasoned"])


def test_each_move_matters(games):
    """Paying the court beats appealing alone; meeting people after the list wins games
    that settling and appealing alone lose (a poorer Liu ends just below tier C)."""
    assert wins(games["appeal_only"]) <= wins(games["reasoned"]) - 3
    assert wins(games["no_friends"]) < wins(games["reasoned"])
    rescued = [r.record.accepted for r, n in zip(games["reasoned"], games["no_friends"])
               if r.status() == "won" and n.status() == "lost"]
    assert rescued and all(rescued)  # the games friends turned around had new friends in them


def test_the_ending_tells_what_happened_from_the_run(games):
    g = games["reasoned"][0]
    text = [say(p) for p in g.ending()]
    assert text[0].startswith(f"Turn {g.turn}:")
    assert any("blacklisted for 'spreading rumours'" in x for x in text)
    assert any("dropped you" in x and ("cost them points" in x or "shaming message" in x) for x in text)
    lost = games["passive"][0]
    assert any("never appealed" in say(p) for p in lost.ending())


def test_one_appeal_a_turn_and_settling_costs_what_the_court_asks():
    s = Session.open("journalist", seed=3)
    m, me = s.model, s.model.player
    odds = player.appeal_odds(m, me)
    assert odds == m.config.authorities.appeal_success_wrongful
    game = CitizenGame(s)
    wealth = float(m.wealth[me])
    assert game.settle() and m.wealth[me] == pytest.approx(wealth - m.config.player.settle_cost)
    assert player.appeal_odds(m, me) == m.config.player.settle_odds
    with pytest.raises(CommandRejected):
        m.apply(Settle(me))  # once a listing
    if m.listed[me]:
        game.appeal()
        with pytest.raises(CommandRejected, match="already appealed"):
            m.apply(Appeal(me))


def test_meeting_strangers_is_limited_each_turn_and_the_listed_are_refused():
    s = Session.open("journalist", seed=0)
    game = CitizenGame(s, random.Random(0))
    results = [game.make_friend()[0] for _ in range(APPROACHES_PER_TURN + 2)]
    assert results[:APPROACHES_PER_TURN] == ["refused"] * APPROACHES_PER_TURN  # the shaming message
    assert results[APPROACHES_PER_TURN:] == ["none_left", "none_left"]
    game.next_turn()
    assert game.approaches_left == APPROACHES_PER_TURN


@pytest.mark.parametrize("name", ["journalist", "sesame", "suining", "court_blacklist", "friends_gate"])
def test_the_breakdown_adds_up_to_the_score_shown(name):
    """Step 0 to 12, every 5th citizen: the parts add up to the score exactly, and their
    whole points add up to the score as shown (the range's clipping included)."""
    m = SocialCreditModel(name, rng=1)
    for _ in range(13):
        for i in range(0, m.n, 5):
            parts = scores.breakdown(m, i)
            assert sum(v for _, v in parts) == pytest.approx(float(m.score[i]), abs=1e-6)
            whole = rounded(parts, float(m.score[i]))
            assert sum(v for _, v in whole) == int(f"{m.score[i]:.0f}")
        m.step()


def test_the_journalist_starts_scored_as_listed():
    """Step 0: 'floor + factors - blacklist = score', not the score before the listing."""
    m = SocialCreditModel("journalist", rng=0)
    me = m.player
    parts = dict(scores.breakdown(m, me))
    assert parts["blacklist"] == -m.config.scoring.blacklist_penalty
    line = sum_line(rounded(scores.breakdown(m, me), float(m.score[me])), float(m.score[me]))
    assert line.endswith(f"= {m.score[me]:.0f}") and "blacklist 300" in line
    signed = re.findall(r"(^|[+-]) ?[a-z ]+(\d+)", line.split("=")[0].strip())
    assert len(signed) == 3 and sum(-int(v) if sign == "-" else int(v) for sign, v in signed) == \
        int(f"{m.score[me]:.0f}")
    assert np.isclose(m.score[me], m.score_prev[me])
