"""Guided chapters: in order, each with its source fact; their lessons hold on measured runs."""

from __future__ import annotations

import numpy as np

from game.modes import chapters
from game.sim.commands import Unfriend
from game.sim.model import SocialCreditModel


def test_the_sequence_goes_by_hand_predict_scale_sandbox_and_names_its_sources():
    seq = chapters.sequence()
    assert [s.chapter.kind for _, s in seq] == ["by_hand", "predict", "scale", "sandbox"]
    assert all(s.chapter.fact and "seed" in s.chapter.fact.lower() or s.chapter.kind == "sandbox" for _, s in seq)


def chapter(kind):
    return next(s for _, s in chapters.sequence() if s.chapter.kind == kind)


def test_by_hand_dropping_your_blacklisted_friend_raises_your_score():
    """The chapter's lesson, on every seed tried: the algorithm rewards dropping people.
    Measured on the connections factor in points (the part of the score friends make),
    so the two runs' different deeds do not blur it."""
    gains = []
    for seed in range(5):
        kept, dropped = (SocialCreditModel(chapter("by_hand"), rng=seed) for _ in range(2))
        for m in (kept, dropped):
            m.step()  # step 1: the timeline lists one of the player's friends
        me = dropped.player
        friends = dropped.friends.neighbours(me)
        low = int(friends[np.argmin(dropped.score[friends])])
        assert dropped.listed[low] and not chapters.done(dropped, 0)
        dropped.apply(Unfriend(me, low))
        kept.step()
        dropped.step()
        assert chapters.done(dropped, 0)
        gains.append(dropped.conn_points[me] - kept.conn_points[me])
    assert min(gains) > 1, gains  # measured: +1.7 to +4.7 points on seeds 0-4


def test_predict_compares_the_bet_with_what_happened():
    m = SocialCreditModel(chapter("predict"), rng=0)
    start = int(m.friends.degree[m.player])
    m.run(m.config.chapter.steps)
    assert chapters.done(m, 0)
    lost = chapters.answer(m, start)
    assert lost == start - int(m.friends.degree[m.player]) and lost >= 3  # the spiral, measured
    assert chapters.verdict(lost, lost) == "spot on"
    assert chapters.verdict(lost + 10, lost) == "too high" and chapters.verdict(0, lost) == "too low"


def test_the_sandbox_chapter_never_ends():
    m = SocialCreditModel(chapter("sandbox"), rng=0, overrides={"population.size": 200})
    m.run(3)
    assert not chapters.done(m, 0)
