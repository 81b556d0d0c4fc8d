"""A class: several people each hold one citizen (game.sim.player's seats); the rest is the model.

What a seat changes is measured against the same seed without it; a class run replays and
reloads bit for bit like any other run.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from game.records import snapshot
from game.records.replay import load_record, replay, save_record
from game.sim import player, ties
from game.sim.access_memory import AccessMemory
from game.sim.commands import (AskFriend, Blacklist, CommandRejected, LeaveSeat, PlayAs, SeatAct, TakeSeat,
                               Unfriend)
from game.sim.model import SocialCreditModel
from game.sim.player import held


def model(seed=1, **extra):
    return SocialCreditModel("sesame", rng=seed, overrides={"population.size": 300, **extra})


def test_seat_choices_move_the_score_as_the_players_do():
    for seed in (1, 2, 3):
        paying, skipping = model(seed), model(seed)
        me = [10, 11, 12]
        for m, pay in ((paying, True), (skipping, False)):
            for i in me:
                m.apply(TakeSeat(i))
                m.apply(SeatAct(i, pay=pay, speak=False))
            m.run(15)
        assert paying.paid[me].all() and not skipping.paid[me].any()
        assert (skipping.score[me] < paying.score[me] - 50).all()
        assert not skipping.public_dissent[me].any()


def test_speaking_costs_points_for_a_seat_under_a_speech_penalty():
    quiet, loud = (model(4, **{"scoring.speech_penalty": 20.0}) for _ in range(2))
    for m, speak in ((quiet, False), (loud, True)):
        m.apply(TakeSeat(7))
        m.apply(SeatAct(7, speak=speak))
        m.run(10)
    assert loud.public_dissent[7] and not quiet.public_dissent[7]
    assert loud.score[7] < quiet.score[7] - 5


def test_a_seat_applies_once_and_gets_a_reason():
    m = model()
    me = int(np.argmin(m.score))
    m.apply(TakeSeat(me))
    m.apply(Blacklist(me))
    m.apply(SeatAct(me, apply_for=("loan",)))
    memory = AccessMemory(m)
    m.step()
    memory.observe(m)
    loan = [s.name for s in m.config.services].index("loan")
    assert memory.service[me, 0] == loan and memory.reason[me, 0] == 1  # blacklist
    assert not m.seats[me].apply  # one-off
    with pytest.raises(CommandRejected, match="no service"):
        m.apply(SeatAct(me, apply_for=("spaceship",)))


def test_held_citizens_drop_and_seek_nobody_on_their_own_but_bots_do():
    """Everyone befriends the hub, which is then listed: friends who are bots drop it;
    friends held by people keep it until their person drops it by command."""
    for seed in (1, 5, 9):
        m = model(seed, **{"scoring.connections_weight": 0.6})
        hub = int(np.argmax(m.friends.degree))
        friends = m.friends.neighbours(hub)
        people = friends[: friends.size // 2]
        for i in people.tolist():
            m.apply(TakeSeat(i))
        m.apply(Blacklist(hub))
        m.run(8)
        ev = m.events.of_kind("unfriended")
        actors = set(ev["a"].tolist())
        assert not actors & set(people.tolist())  # people never dropped anyone by themselves
        bots = set(friends.tolist()) - set(people.tolist())
        assert actors & bots  # the bots did drop the listed hub
        made = m.events.of_kind("befriended")
        # held citizens may be asked by others, never ask themselves: the seeker is u or v,
        # so a tie made by the model always has at least one end that is not held
        mask = held(m)
        assert not (mask[made["a"]] & mask[made["b"]]).any()
        assert held(m)[people].all() and held(m).sum() == people.size


def test_leaving_a_seat_hands_the_citizen_back_to_the_model():
    m, plain = model(3), model(3)
    m.apply(TakeSeat(20))
    m.apply(SeatAct(20, pay=False))
    m.apply(LeaveSeat(20))
    m.run(5)
    plain.run(5)
    assert m.seats == {} and m.digest() == plain.digest()  # nothing left of the seat
    with pytest.raises(CommandRejected, match="not held"):
        m.apply(LeaveSeat(20))
    with pytest.raises(CommandRejected, match="not held"):
        m.apply(SeatAct(20, pay=True))


def test_seats_and_citizen_mode_do_not_share_a_citizen():
    m = model()
    m.apply(PlayAs(5))
    with pytest.raises(CommandRejected, match="citizen mode"):
        m.apply(TakeSeat(5))
    m.apply(TakeSeat(6))
    with pytest.raises(CommandRejected, match="already held"):
        m.apply(TakeSeat(6))
    with pytest.raises(CommandRejected, match="held by someone"):
        m.apply(PlayAs(6))


def test_asking_a_friend_follows_homophily_and_is_drawn_from_the_model():
    close_yes = far_yes = 0
    for seed in range(12):
        m = model(seed, **{"behaviour.homophily": 30.0})
        a = int(np.argsort(m.score)[150])
        strangers = np.setdiff1d(np.arange(m.n), np.append(m.friends.neighbours(a), a))
        strangers = strangers[m.friends.degree[strangers] < ties.friends_wanted(m, strangers)]  # room for a friend
        gap = np.abs(m.score[strangers] - m.score[a])
        near, far = int(strangers[np.argmin(gap)]), int(strangers[np.argmax(gap)])
        for b, hit in ((near, "close"), (far, "far")):
            before = m.friends.degree[a]
            m.apply(AskFriend(a, b))
            yes = m.friends.degree[a] > before
            close_yes += yes and hit == "close"
            far_yes += yes and hit == "far"
    assert close_yes >= 8 and far_yes <= 2
    m = model()
    with pytest.raises(CommandRejected, match="themselves"):
        m.apply(AskFriend(3, 3))


def test_nobody_befriends_the_listed_under_public_shaming():
    m = model(2, **{"authorities.public_shaming": True})
    a = 30
    m.apply(Blacklist(a))
    strangers = np.setdiff1d(np.arange(m.n), np.append(m.friends.neighbours(a), a))[:40]
    for b in strangers.tolist():
        m.apply(AskFriend(a, int(b)))
    assert m.events.of_kind("befriended")["a"].size == 0


def test_keeping_a_listed_friend_has_a_price_in_points():
    m = model(1, **{"scoring.connections_weight": 0.6})
    hub = int(np.argmax(m.friends.degree))
    friend = int(m.friends.neighbours(hub)[0])
    m.apply(TakeSeat(friend))  # held: it keeps the hub until its person says otherwise
    before = float(ties.drop_gain(m, friend, hub)[0])
    m.apply(Blacklist(hub))
    m.step()
    assert m.friends.find(np.array([friend]), np.array([hub]))[0] >= 0
    after = ties.drop_gain(m, friend, hub)[0]
    assert after > before + 1.0
    assert ties.drop_gain(m, [friend, friend], [hub, hub]).shape == (2,)
    # the price is the sum the unfriend rule weighs: a bot in the same place drops the hub
    # exactly when that sum, times its sensitivity, beats what the tie is worth to it
    worth = m.config.behaviour.tie_value * (0.5 + m.sociability[friend])
    assert ties.would_drop(m, np.array([friend]), np.array([hub]))[0] == (after * m.sensitivity[friend] > worth)


def test_a_seat_applies_for_exactly_what_its_person_chose():
    """Bots are drawn as applicants at random; a held citizen applies only for the
    services its person chose, and never for another (the same citizens, unheld, are
    drawn and refused in the same run without seats)."""
    for seed in (1, 2, 3):
        runs = {}
        for with_seats in (False, True):
            m = model(seed, **{"scoring.connections_weight": 0.6})
            seats = list(range(0, 300, 3))  # a hundred citizens: many would be drawn
            chooser = seats[0]
            if with_seats:
                for i in seats:
                    m.apply(TakeSeat(i))
            refused: set[int] = set()
            for _ in range(8):
                if with_seats:
                    m.apply(SeatAct(chooser, apply_for=("loan",)))
                m.step()
                refused |= set(m.refusals.who.tolist())
            runs[with_seats] = refused & set(seats[1:])
        assert runs[False], "the citizens who would have applied as bots"
        assert not runs[True]
    # the chooser's own choice is honoured whether the draw picked it or not
    m = model(1)
    m.apply(TakeSeat(9))
    m.apply(SeatAct(9, apply_for=("loan",)))
    assert 9 in player.applicants(m, "loan", np.array([1, 2], dtype=np.int64))
    assert 9 not in player.applicants(m, "train", np.arange(m.n))  # drawn, but not chosen


def test_a_seat_that_chooses_nothing_draws_the_same_random_numbers():
    """The step draws the same numbers whatever the state (common random numbers), so a
    seat whose person changes nothing leaves the generator where a plain run leaves it."""
    for seed in (1, 2):
        m, plain = model(seed), model(seed)
        for i in (5, 50, 150):
            m.apply(TakeSeat(i))
        m.run(6)
        plain.run(6)
        assert m.rng.bit_generator.state == plain.rng.bit_generator.state


def class_run(seed=5):
    m = model(seed)
    for i in (3, 4, 5, 6):
        m.apply(TakeSeat(i))
    m.apply(SeatAct(3, pay=False, speak=True, apply_for=("loan",)))
    m.apply(SeatAct(4, pay=True, speak=False))
    m.run(2)
    m.apply(AskFriend(5, 200))
    f = m.friends.neighbours(6)
    if f.size:
        m.apply(Unfriend(6, int(f[0])))
    m.apply(LeaveSeat(4))
    m.run(2)
    m.apply(TakeSeat(4))
    m.apply(SeatAct(3, pay=True, apply_for=("job", "loan")))
    m.run(3)
    return m


def test_a_class_run_replays_bit_for_bit(tmp_path):
    m = class_run()
    path = save_record(m, tmp_path / "class.replay.json")
    names = [c["command"] for c in json.loads(path.read_text())["commands"]]
    assert {"TakeSeat", "SeatAct", "AskFriend", "LeaveSeat"} <= set(names)
    again, ok = replay(load_record(path))
    assert ok and again.digest() == m.digest()
    assert sorted(again.seats) == sorted(m.seats) == [3, 4, 5, 6]


def test_a_class_snapshot_continues_exactly(tmp_path):
    m = class_run(7)
    path = snapshot.save(m, tmp_path / "class.npz")
    loaded = snapshot.load(path)
    assert {i: vars(it) for i, it in loaded.seats.items()} == {i: vars(it) for i, it in m.seats.items()}
    for x in (m, loaded):
        x.apply(SeatAct(5, pay=False, apply_for=("loan",)))
        x.run(4)
    assert loaded.digest() == m.digest()


def test_a_snapshot_without_seats_is_written_as_before(tmp_path):
    m = model()
    m.run(2)
    meta = json.loads(snapshot.snapshot_arrays(m)["meta"].tobytes())
    assert "seats" not in meta


@pytest.mark.parametrize("seats, field", [
    ([[5, {"pay": True, "speak": None, "apply": []}], [5, {"pay": None, "speak": None, "apply": []}]], "seats[1][0]"),
    ([[999999, {"pay": True, "speak": None, "apply": []}]], "seats[0][0]"),
    ([[1, {"pay": "yes", "speak": None, "apply": []}]], "seats[0].intent.pay"),
    ([[1, {"pay": None, "speak": None, "apply": ["rocket"]}]], "seats[0].intent.apply[0]"),
    ("all", "seats"),
])
def test_a_bad_seats_entry_in_a_snapshot_is_refused_by_name(tmp_path, seats, field):
    m = class_run(1)
    arrays = snapshot.snapshot_arrays(m)
    meta = json.loads(arrays["meta"].tobytes())
    meta["seats"] = seats
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    with pytest.raises(snapshot.SnapshotError) as err:
        snapshot.loads(buf.getvalue(), "bad.npz")
    assert err.value.field == f"meta.{field}"
