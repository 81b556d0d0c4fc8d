"""The debrief window shows the run's key charts beside its story, on every screen a class uses.

Driven headless (SDL dummy driver) through the real event queue; the checks read pixels of
the window, so a chart that is not drawn (or drawn off screen) fails.
"""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.sim.commands import SetRule
from game.ui.drawing import palette
from game.ui.parts.challenge_view import Celebration
from game.ui.scenes.sandbox import SandboxScene
from game.ui.session import Session
from uiloop import click, post_key, pump

SIZES = [(1024, 600), (1280, 720), (3840, 2160)]
PUBLIC = palette.SERIES_COLOURS[0]  # the objective's series colour (public dissent)


@pytest.fixture
def display():
    pygame.display.init()
    pygame.font.init()
    yield
    palette.set_projector(False)
    pygame.quit()


def open_window(size):
    return pygame.display.set_mode(size)


def lost_challenge(size):
    """The shipped challenge played with its default rules until it ends (lost at step 10)."""
    window = open_window(size)
    session = Session.open("challenge_speak_up", seed=0)
    scene = SandboxScene(session, size)
    session.speed, session.paused = 16, False
    t0 = 0.0
    while not session.paused and t0 < 30:
        pump(window, scene, frames=10, t0=t0)
        t0 += 10 / 60
    while scene.windows.debrief is None and t0 < 40:  # the end is shown on the society, then the debrief
        pump(window, scene, frames=10, t0=t0)
        t0 += 10 / 60
    pump(window, scene, t0=t0)
    return window, scene


def pixels(window, rect, colour) -> int:
    """How many pixels inside ``rect`` have exactly ``colour``."""
    rect = rect.clip(window.get_rect())
    arr = pygame.surfarray.array3d(window.subsurface(rect))
    return int(np.all(arr == np.array(colour[:3]), axis=2).sum())


def row_share(window, plot, y, colour) -> float:
    """Share of the plot's width drawn in ``colour`` on row ``y`` (+-1 px)."""
    best = 0.0
    for dy in (-1, 0, 1):
        row = pygame.Rect(plot.rect.left, int(round(float(y))) + dy, plot.rect.width, 1)
        best = max(best, pixels(window, row, colour) / plot.rect.width)
    return best


def assert_objective_chart(window, scene):
    """The first objective's chart: in the debrief, on screen, with its series and its goal line."""
    win = scene.windows.debrief.window.rect
    cell, plot = scene.windows.debrief.charts["objective:0"]
    assert win.contains(cell) and window.get_rect().contains(cell)
    assert scene.windows.debrief.scroll.rect.contains(plot.rect)  # visible without scrolling
    assert plot.rect.height >= 40
    assert pixels(window, plot.rect, PUBLIC) > 20  # public dissent, the objective's series
    assert row_share(window, plot, plot.y_of(0.1), palette.TEXT) > 0.25  # the dashed 10% goal line
    return cell, plot


@pytest.mark.parametrize("size", SIZES)
def test_a_lost_challenge_opens_a_debrief_with_the_objective_chart(display, size):
    window, scene = lost_challenge(size)
    m = scene.session.model
    assert scene.outcome == "lost" and m.steps == 10 and scene.windows.debrief.alive
    cell, plot = assert_objective_chart(window, scene)
    assert plot.x_end == 10  # the x axis ends where the run did, not at the step-150 deadline
    ring = pygame.Rect(0, 0, 8 * (plot.rect.height // 40 + 4), 8 * (plot.rect.height // 40 + 4))
    ring.center = (round(float(plot.x_of(10))), round(float(plot.y_of(m.datacollector.model_vars["public_dissent"][10]))))
    assert pixels(window, ring, palette.SNAP) > 10  # where it was lost: a red ring at step 10
    names = list(scene.windows.debrief.charts)
    assert names[:3] == ["objective:0", "objective:1", "objective:2"] and "tiers" in names
    assert "speech" not in names  # public vs private dissent is already the first objective's chart
    inner = scene.windows.debrief.window.get_container().get_rect()
    story, charts = scene.windows.debrief.text.rect, scene.windows.debrief.scroll.rect
    assert inner.contains(story) and inner.contains(charts) and not story.colliderect(charts)
    assert inner.contains(scene.windows.debrief.close.rect) and inner.contains(scene.windows.debrief.export.rect)
    assert not scene.windows.debrief.close.rect.colliderect(scene.windows.debrief.export.rect)


def test_a_won_challenge_marks_the_deadline_where_it_was_met(display):
    window = open_window((1280, 720))
    session = Session.open("challenge_speak_up", seed=0)
    scene = SandboxScene(session, (1280, 720))
    session.apply(SetRule("scoring.speech_penalty", 0.0))  # the challenge's two prices of speaking
    session.apply(SetRule("scoring.blacklist_penalty", 0.0))
    for _ in range(149):
        session.step_once()
    session.paused = False
    t0 = 0.0
    while scene.windows.debrief is None and t0 < 5:
        pump(window, scene, frames=10, t0=t0)
        t0 += 10 / 60
    pump(window, scene, t0=t0)
    assert scene.outcome == "won" and session.paused
    cell, plot = assert_objective_chart(window, scene)
    deadline_x = round(float(plot.x_of(150)))
    column = pygame.Rect(deadline_x - 1, plot.rect.top, 3, plot.rect.height)
    assert pixels(window, column, palette.TEXT_DIM) > plot.rect.height // 4  # the dashed deadline
    assert pixels(window, cell, palette.GRANTED) > 10  # "met at step 150"


def test_the_teacher_opens_a_debrief_with_d_in_the_sandbox(display):
    window = open_window((1280, 720))
    session = Session.open("sesame", seed=3)
    session.paused = True
    scene = SandboxScene(session, (1280, 720))
    for _ in range(30):
        session.step_once()
    post_key(pygame.K_d)
    pump(window, scene)
    names = list(scene.windows.debrief.charts)
    assert not any(n.startswith("objective") for n in names)
    assert names[:2] == ["speech", "tiers"] and "cascades" in names
    cell, plot = scene.windows.debrief.charts["tiers"]
    for i in range(len(session.model.config.tiers)):
        assert pixels(window, plot.rect, palette.tier_colour(i)) > 10


def test_hidden_charts_are_in_the_debrief(display):
    """'Predict first': with the sidebar charts hidden, the debrief still shows its charts (the reveal)."""
    window = open_window((1280, 720))
    session = Session.open("challenge_speak_up", seed=0)
    scene = SandboxScene(session, (1280, 720))
    for _ in range(2):  # V reveals what quiet people think; V again hides it and the charts (predict first)
        post_key(pygame.K_v)
        pump(window, scene)
    assert scene.charts_hidden
    session.speed, session.paused = 16, False
    t0 = 0.0
    while not session.paused and t0 < 30:
        pump(window, scene, frames=10, t0=t0)
        t0 += 10 / 60
    pump(window, scene, t0=t0 + Celebration.BEFORE_DEBRIEF_S + 0.5)  # the debrief opens once the end has been shown
    assert not scene.charts_hidden
    assert_objective_chart(window, scene)


def test_the_debrief_stays_open_through_a_resize_and_projector_mode(display):
    window, scene = lost_challenge((1280, 720))
    for size in [(1024, 600), (3840, 2160), (1100, 650)]:
        window = pygame.display.set_mode(size)
        scene.enter(size)  # what the app does on VIDEORESIZE
        pump(window, scene)
        assert scene.windows.debrief is not None and scene.windows.debrief.alive
        assert window.get_rect().contains(scene.windows.debrief.window.rect.inflate(-30, -30))
        assert_objective_chart(window, scene)
    post_key(pygame.K_p)
    pump(window, scene)
    assert palette.projector() and scene.windows.debrief.alive
    cell, plot = assert_objective_chart(window, scene)
    assert tuple(window.get_at((cell.x + 2, cell.bottom - 2)))[:3] == palette.PANEL == (12, 12, 16)


def test_the_debrief_stays_open_through_a_language_switch(display):
    from game.ui.drawing.text import set_language

    window, scene = lost_challenge((1280, 720))
    try:
        post_key(pygame.K_g)
        pump(window, scene)
        assert scene.windows.debrief.alive and scene.windows.debrief.close.text == "关闭 (Esc)"
        assert_objective_chart(window, scene)
    finally:
        set_language("en")


def test_esc_and_the_close_button_close_it_and_the_run_goes_on(display):
    window, scene = lost_challenge((1280, 720))
    session = scene.session
    post_key(pygame.K_ESCAPE)
    pump(window, scene)
    assert scene.windows.debrief is None and session.paused and session.model.steps == 10
    post_key(pygame.K_d)
    pump(window, scene)
    assert scene.windows.debrief.alive
    click(scene.windows.debrief.close.rect.center)
    pump(window, scene)
    assert scene.windows.debrief is None
    session.speed = 16
    post_key(pygame.K_SPACE)
    pump(window, scene, frames=30, t0=1.0)
    assert session.model.steps > 10  # playing on past the lost challenge
    assert scene.windows.debrief is None  # a challenge already over does not reopen it


def test_arrow_keys_scroll_the_charts_when_they_do_not_fit(display):
    window = open_window((1024, 600))
    palette.set_projector(True)
    session = Session.open("challenge_speak_up", seed=0)
    scene = SandboxScene(session, (1024, 600))
    for _ in range(10):
        session.step_once()
    post_key(pygame.K_d)
    pump(window, scene)
    top = scene.windows.debrief.image.rect.top
    assert scene.windows.debrief.image.rect.height > scene.windows.debrief.scroll.rect.height  # big type: it scrolls
    post_key(pygame.K_END)
    pump(window, scene)
    assert scene.windows.debrief.image.rect.top < top
    assert scene.windows.debrief.image.rect.bottom <= scene.windows.debrief.scroll.rect.bottom + 1
    assert session.model.steps == 10  # the keys scrolled; they did not step the run


def test_save_as_png_writes_the_debrief_page(display, tmp_path):
    window, scene = lost_challenge((1280, 720))
    scene.save_dir = tmp_path
    click(scene.windows.debrief.export.rect.center)
    pump(window, scene)
    page = tmp_path / "challenge_speak_up-seed0-step10-debrief.png"
    assert page.is_file() and (tmp_path / "challenge_speak_up-seed0-step10-charts.png").is_file()
    img = pygame.image.load(str(page))
    assert img.get_width() == 1600 and img.get_height() > 900
    assert pixels(img, img.get_rect(), PUBLIC) > 100 and pixels(img, img.get_rect(), palette.SNAP) > 30
    assert scene.windows.debrief.alive  # saving does not close it


def test_a_kiosk_debrief_has_no_save_button(display):
    window = open_window((1280, 720))
    scene = SandboxScene(Session.open("challenge_speak_up", seed=0), (1280, 720), touch=True)
    scene.do("debrief")
    pump(window, scene)
    assert scene.windows.debrief.alive and scene.windows.debrief.export is None
    assert scene.windows.debrief.close.rect.height >= 48  # a finger can close it


def test_the_sandbox_chapter_opens_a_debrief_and_esc_closes_it(display):
    from game.ui.scenes.chapters import ChapterScene

    window = open_window((1280, 720))
    tour = ChapterScene((1280, 720))
    tour._open(next(i for i, (_, s) in enumerate(tour.seq) if s.chapter.kind == "sandbox"))
    assert tour.chapter.kind == "sandbox"
    tour.primary()  # start: the card hides, the sandbox runs
    assert tour.phase == "running"
    for _ in range(5):
        tour.session.step_once()
    post_key(pygame.K_d)
    pump(window, tour)
    assert tour.inner.windows.debrief is not None and tour.inner.windows.debrief.alive
    assert pixels(window, tour.inner.windows.debrief.charts["tiers"][1].rect, palette.tier_colour(0)) > 10
    post_key(pygame.K_ESCAPE)
    pump(window, tour)
    assert tour.inner.windows.debrief is None and tour.card_hidden  # Esc closed the debrief, not the card
