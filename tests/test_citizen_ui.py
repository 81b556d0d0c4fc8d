"""Citizen mode on screen: choices become commands, a turn is one step of the society."""

from __future__ import annotations

import os
import subprocess
import sys

import pygame
import pygame_gui
import pytest

from game.ui.scenes.citizen import CitizenScene
from game.ui.session import Session

SIZE = (1280, 720)


@pytest.fixture
def scene():
    pygame.display.init()
    pygame.font.init()
    window = pygame.display.set_mode(SIZE)
    session = Session.open("journalist", seed=0)
    sc = CitizenScene(session, SIZE)
    yield window, sc
    pygame.quit()


def press(window, sc, key):
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": sc.buttons[key]}))
    for event in pygame.event.get():
        sc.handle(event)
    sc.update(1 / 60)
    sc.draw(window)


def test_the_journalist_starts_listed_and_the_buttons_set_the_turns_choices(scene):
    window, sc = scene
    m = sc.session.model
    assert m.player == sc.me and m.listed[sc.me] and m.config.player.name == "Liu"
    press(window, sc, "pay")
    press(window, sc, "speak")
    press(window, sc, "apply:loan")
    assert (m.intent.pay, m.intent.speak, m.intent.apply) == (False, True, {"loan"})
    press(window, sc, "next")
    assert m.steps == 1 and not m.paid[sc.me] and m.public_dissent[sc.me]
    assert sc.session.memory.service[sc.me, 0] == [s.name for s in m.config.services].index("loan")
    assert m.intent.apply == set()  # applications last one turn
    kinds = [type(c).__name__ for _, c in m.command_log]
    assert kinds.count("Act") >= 4


def test_friends_leave_a_blacklisted_journalist_and_the_screen_says_who(scene):
    window, sc = scene
    m = sc.session.model
    before = int(m.friends.degree[sc.me])
    for _ in range(3):
        press(window, sc, "next")
    assert m.friends.degree[sc.me] < before
    assert any("dropped you" in line for line in sc.log)
    from game.ui.drawing.text import set_language
    set_language("zh")  # the news is worded when drawn: it follows the language
    try:
        assert sc.log and all(line.startswith("第 ") for line in sc.log)
        assert any("和你断交了" in line for line in sc.log)
    finally:
        set_language("en")


def test_play_opens_citizen_mode_for_a_scenario_with_a_character(tmp_path):
    out = tmp_path / "citizen.png"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    r = subprocess.run([sys.executable, "-m", "game.cli", "play", "journalist", "--frames", "20",
                        "--screenshot", str(out)], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert pygame.image.load(str(out)).get_size() == SIZE


def test_the_guided_tour_runs_its_chapters_and_scores_the_bet():
    from game.ui.scenes.chapters import ChapterScene

    pygame.display.init()
    pygame.font.init()
    window = pygame.display.set_mode(SIZE)
    tour = ChapterScene(SIZE)
    assert tour.phase == "intro" and tour.chapter.kind == "by_hand"
    tour.primary()  # start chapter 1 (citizen mode)
    inner = tour.inner
    inner.next_turn()  # the friend is listed
    m = tour.session.model
    listed = [int(j) for j in m.friends.neighbours(m.player) if m.listed[j]]
    assert listed
    inner.selected = listed[0]
    inner.press("unfriend")
    inner.next_turn()
    tour.update(1 / 60, 1.0)
    assert tour.phase == "result"
    tour.primary()  # chapter 2: predict
    assert tour.chapter.kind == "predict"
    tour.primary()
    assert tour.phase == "bet"
    for _ in range(30):
        tour._nudge(-1)
    tour.primary()  # bet 0, run
    k = 0
    while tour.phase == "running" and k < 5000:
        tour.update(1 / 60, 2.0 + k / 60)
        k += 1
    tour.draw(window, 99.0)
    title, bet, actual = tour.bets[-1]
    assert bet == 0 and actual >= 1 and tour.phase == "result"
    pygame.quit()


def test_the_ego_view_centres_any_citizen_and_a_click_on_a_friend_finds_them(scene):
    """The ego view is a part of its own: it draws a society citizen who is not the player,
    with a help line of the caller's, and a click on a friend's dot finds that friend."""
    from game.ui.drawing import boxes
    from game.ui.parts.ego import EgoView

    window, sc = scene
    m = sc.session.model
    other = int(next(i for i in range(m.n) if i != sc.me and m.friends.degree[i] >= 2))
    view = EgoView(pygame.Rect(20, 20, 600, 600), sc.fonts)
    centre, ring = view.ring(m, other)
    assert set(ring) == {int(j) for j in m.friends.neighbours(other)}
    best = max(ring, key=lambda j: m.score[j])
    assert ring[best][1] < centre[1] and abs(ring[best][0] - centre[0]) < 1  # best score at the top
    for j, p in ring.items():
        assert view.friend_at(m, other, (p[0] + 2, p[1] - 2)) == j
    assert view.friend_at(m, other, (20, 619)) is None
    with boxes.recording() as seen:
        view.draw(window, m, other, "#%d" % other, selected=best, help_text="A citizen and their friends")
    texts = [d.text for d in seen.items if d.kind == "text"]
    assert "A citizen and their friends" in texts and any(tx.startswith(f"#{other}:") for tx in texts)


def test_when_the_game_is_over_the_next_button_says_so_instead_of_a_turn_past_the_last(scene):
    from game.modes.citizen import passive

    window, sc = scene
    while not sc.game.over():
        passive(sc.game)
        sc.next_turn()
    sc.update(1 / 60)
    sc.draw(window)
    b = sc.buttons["next"]
    assert not b.is_enabled and b.text == f"Game over after {sc.game.turn} turns"
    assert sc.game.turn == sc.game.turns == 20


def test_the_court_asking_more_than_you_have_says_how_to_save_up(scene):
    window, sc = scene
    m = sc.session.model
    assert m.wealth[sc.me] < m.config.player.settle_cost  # the journalist starts without the sum
    press(window, sc, "settle")
    assert "skip your bills" in sc.log[1] and "court asks" in sc.log[0].lower()
    press(window, sc, "pay")  # skip the bills: the coins stay
    before = float(m.wealth[sc.me])
    press(window, sc, "next")
    paid_nothing = float(m.wealth[sc.me]) - before
    assert paid_nothing > 0
