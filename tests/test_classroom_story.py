"""What a student is told after a round, from the model's own events (no server needed)."""

from __future__ import annotations

import numpy as np

from game.classroom import story, views
from game.classroom.room import Room
from game.sim import ties


def news(room, seat, lang="en") -> list[str]:
    return [story.word(room, n, lang) for n in seat.news]


def test_a_listing_by_the_teacher_during_a_round_is_in_the_next_news_with_its_price():
    for seed in (1, 2, 3):
        room = Room("sesame", seed=seed, seats=4)
        seat = room.join("Ana")
        room.start()
        room.resolve()
        m = room.model
        friend = next(int(f) for f in m.friends.neighbours(seat.citizen) if not room.is_classmate(int(f)))
        price = round(float(ties.drop_gain(m, seat.citizen, friend)[0]))  # before the listing
        assert room.list_citizen(friend) == ""
        room.resolve()
        lines = news(room, seat)
        name = room.name_of(friend)
        told = [line for line in lines if f"Your friend {name} was blacklisted" in line]
        if m.friends.find(np.array([seat.citizen]), np.array([friend]))[0] >= 0:
            assert told, lines
            # sesame's rules are secret: the price is the fear the unfriend rule weighs
            assert m.config.scoring.opacity == "unknown" and "you fear" in told[0]
            after = round(float(ties.drop_gain(m, seat.citizen, friend)[0]))
            assert f"about {after} points" in told[0] and after > price
        assert room.rounds[-1]["bots"]["listed"] + room.rounds[-1]["humans"]["listed"] >= 1


def test_friends_who_drop_a_listed_student_are_told_as_the_wave_it_started():
    told = 0
    for seed in range(6):
        room = Room("sesame", seed=seed, seats=3, model=None)
        seat = room.join("Ana")
        room.start()
        assert room.list_citizen(seat.citizen) == ""
        for _ in range(4):
            room.resolve()
            lines = news(room, seat)
            if any("dropped you" in line for line in lines):
                assert "That wave began with your own listing." in lines, lines
                told += 1
                zh = news(room, seat, "zh")
                assert "这波连锁反应始于你自己被列入黑名单。" in zh
    assert told >= 2  # friends did drop a listed student in several of these classes


def test_why_my_score_adds_up_and_each_bar_is_a_share_of_what_the_factor_could_bring():
    for seed in (0, 4):
        room = Room("sesame", seed=seed, seats=6)
        seats = [room.join(f"S{k}") for k in range(6)]
        room.start()
        room.resolve()
        m, sc = room.model, room.model.config.scoring
        for seat in seats:
            i = seat.citizen
            rows = views.why(room, i, "en")["factors"]
            assert abs(sum(r["most"] for r in rows) - (sc.high - sc.low)) <= len(rows)
            for r in rows:
                assert 0 <= r["points"] <= r["most"] and abs(r["points"] - r["most"] * r["value"]) <= 1
            if not m.listed[i]:  # the breakdown is the score (to rounding, one point a factor)
                assert abs(sc.low + sum(r["points"] for r in rows) - float(m.score[i])) <= len(rows)
