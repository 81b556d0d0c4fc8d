"""Paying one's way off the court blacklist (seed 004: a man asked the court "to be removed
from that blacklist as soon as possible, because he had finally paid the medical bill he
had owed"): ``authorities.settle_rate`` and ``settle_cost``, the release cause "paid", and
everything that names it. The lesson it teaches (the list keeps the poor) is in
``tests/test_lessons.py``; the Mesa reference's mirror of the rule in ``tests/test_reference.py``;
that the rule off changes no bit, in ``tests/test_golden.py`` (``court_blacklist@no_paying``)."""

from __future__ import annotations

import json

import numpy as np
import pygame
import pytest

from game.lab import export
from game.lab.phenomena import scenario_of
from game.records import snapshot
from game.records.replay import load_record, replay, save_record
from game.sim.commands import Blacklist, PlayAs
from game.sim.events import RELEASE_CAUSES
from game.sim.model import SocialCreditModel

PAID = RELEASE_CAUSES.index("paid")


def paid_releases(m: SocialCreditModel, since: int = 0) -> np.ndarray:
    rel = m.events.of_kind("released", since)
    return rel["a"][rel["detail"] == PAID]


def test_the_new_cause_is_appended_so_stored_indices_keep_their_meaning():
    assert RELEASE_CAUSES[:4] == ("expired", "appeal", "command", "timeline") and RELEASE_CAUSES[4] == "paid"


def test_off_by_default_nobody_pays():
    """Default 0 (every scenario that does not set it): nobody pays. That the rule off draws
    no number either is the golden file's ``court_blacklist@no_paying``."""
    for m in (SocialCreditModel("court_blacklist", rng=2, overrides={"authorities.settle_rate": 0.0}),
              SocialCreditModel("sesame", rng=2, overrides={"population.size": 500})):
        m.run(60)
        assert paid_releases(m).size == 0 and m.events.of_kind("released")["id"].size > 0


@pytest.mark.parametrize("seed", range(3))
def test_who_pays_pays_what_is_owed_and_leaves_the_list(seed):
    """In every step's authorities phase, each citizen released by paying was listed (not
    by mistake), had the cost, and paid it."""
    m = SocialCreditModel("court_blacklist", rng=seed)
    cost = m.config.authorities.settle_cost
    phase = m.authorities_step
    seen = []

    def watched(t):
        before, listed, wrongful, first = m.wealth.copy(), m.listed.copy(), m.wrongful.copy(), m.events.next_id
        phase(t)
        who = paid_releases(m, first)
        seen.append(who.size)
        assert listed[who].all() and not wrongful[who].any() and not m.listed[who].any()
        assert (before[who] >= cost).all()
        lost = before[who] - m.wealth[who]  # the cost, and a fine for a misdeed this step if any
        assert (np.isclose(lost, cost) | np.isclose(lost, cost + m.config.authorities.fine)).all()

    m.authorities_step = watched
    m.run(80)
    assert len(seen) == 80 and sum(seen) >= 5


def test_the_played_character_settles_by_hand_but_a_listed_citizen_with_money_pays_at_once():
    """Citizen mode's character keeps its own Settle (the rule passes it by); anyone else
    listed, with the money and a sure rule, is off the list after one step."""
    m = SocialCreditModel(scenario_of("court_blacklist", {"authorities.settle_rate": 1.0}, timeline=False), rng=4)
    m.run(3)
    me, other = 10, 11
    m.apply(PlayAs(me))
    for i in (me, other):
        m.apply(Blacklist(i))
        m.wealth[i] = 5_000.0
    m.step()
    assert m.listed[me] and not m.listed[other]
    assert other in paid_releases(m).tolist() and me not in paid_releases(m).tolist()
    m.run(10)
    assert m.listed[me] and me not in paid_releases(m).tolist()


def test_a_class_seat_pays_its_way_off_like_everyone_and_its_phone_says_so():
    """A student's citizen follows the blacklist's rules like every citizen (appeals too: the
    list is the same machinery for all); their phone names the payment, in English and Chinese."""
    from game.classroom import story
    from game.classroom.room import Room

    sc = scenario_of("court_blacklist", {"authorities.settle_rate": 1.0}, timeline=False)
    room = Room(sc, seed=4, seats=3)
    seat = room.join("Ana")
    room.start()
    room.resolve()
    me = seat.citizen
    assert room.list_citizen(me) == "" and room.model.listed[me]
    room.model.wealth[me] = 5_000.0
    first = room.model.events.next_id
    room.resolve()
    assert not room.model.listed[me] and me in paid_releases(room.model, first).tolist()
    en = [story.word(room, n, "en") for n in seat.news]
    zh = [story.word(room, n, "zh") for n in seat.news]
    assert "You paid the court 200 coins you owed and are off the blacklist." in en, en
    assert "你向法院付清了欠下的 200 币，已移出黑名单。" in zh, zh


def test_snapshot_and_replay_keep_the_new_cause(tmp_path):
    """A run with releases by paying on both sides of a snapshot continues bit for bit;
    its record replays to the same digest; the events export names the cause."""
    whole = SocialCreditModel("court_blacklist", rng=7)
    whole.run(60)
    first = SocialCreditModel("court_blacklist", rng=7)
    first.run(30)
    assert paid_releases(first).size > 0
    snapshot.save(first, tmp_path / "run.npz")
    resumed = snapshot.load(tmp_path / "run.npz")
    np.testing.assert_array_equal(paid_releases(resumed), paid_releases(first))
    resumed.run(30)
    assert paid_releases(resumed).size > paid_releases(first).size
    assert resumed.digest() == whole.digest()
    again, ok = replay(load_record(save_record(whole, tmp_path / "run.replay.json")))
    assert ok and again.digest() == whole.digest()
    causes = [json.loads(line).get("cause") for line in export.events_jsonl(whole).splitlines()]
    assert causes.count("paid") == paid_releases(whole).size > 0


@pytest.fixture
def court_window():
    from game.ui.drawing.text import set_language
    from game.ui.scenes.sandbox import SandboxScene
    from game.ui.session import Session

    pygame.display.init()
    pygame.font.init()
    window = pygame.display.set_mode((1280, 720))
    session = Session.open("court_blacklist", seed=0)
    session.paused = True
    for _ in range(40):
        session.step_once()
    yield window, SandboxScene(session, (1280, 720))
    set_language("en")
    pygame.quit()


def test_the_inspector_says_who_paid_their_way_off_in_english_and_chinese(court_window):
    """Click a citizen who left the list by paying: the real window's inspector says so,
    with the step, in both languages."""
    from game.ui.drawing import boxes
    from game.ui.drawing.text import set_language
    from uiloop import click, pump

    window, scene = court_window
    m = scene.session.model
    rel = m.events.of_kind("released")
    paid = rel["detail"] == PAID
    pump(window, scene)
    chosen = None
    for i, step in zip(rel["a"][paid].tolist(), rel["step"][paid].tolist()):
        if m.listed[i] or m.events.last_release(i) != (step, "paid"):
            continue
        x, y = scene.society.xy[i]
        click((int(x), int(y)))
        pump(window, scene)
        if scene.society.selected == i:
            chosen = (i, step)
            break
    assert chosen is not None, "no citizen released by paying could be clicked"
    i, step = chosen
    seen = {}
    for lang, sep in (("en", " "), ("zh", "")):
        set_language(lang)
        with boxes.recording() as rec:
            scene.draw(window, 1.0)
        seen[lang] = sep.join(d.text for d in rec.items if d.kind == "text" and d.owner == "inspector")
    assert f"Off the blacklist since step {step}: paid what they owed" in seen["en"], seen["en"]
    assert f"第 {step} 步起不在黑名单上：付清了欠款" in seen["zh"], seen["zh"]
