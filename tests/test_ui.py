"""The real window, driven headless (SDL dummy driver) with synthetic input events."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pygame
import pytest

from game.modes import challenge
from game.ui.scenes.sandbox import SandboxScene
from game.ui.session import Session
from uiloop import sandbox_window, click, post_key, pump

SIZE = (1280, 720)


@pytest.fixture
def ui():
    yield from sandbox_window(SIZE, seed=3, steps=0)


def test_space_pauses_and_right_arrow_steps_once(ui):
    window, scene = ui
    s = scene.session
    pump(window, scene)
    assert s.paused and s.model.steps == 0
    post_key(pygame.K_RIGHT)
    pump(window, scene)
    assert s.model.steps == 1 and s.paused
    post_key(pygame.K_SPACE)
    pump(window, scene, frames=2, t0=10.0)
    assert not s.paused
    pump(window, scene, frames=60, t0=10.1)  # one virtual second at 1x = 2 steps
    assert s.model.steps >= 2
    post_key(pygame.K_SPACE)
    pump(window, scene, t0=12.0)
    steps = s.model.steps
    pump(window, scene, frames=60, t0=13.0)
    assert s.paused and s.model.steps == steps


def test_clicking_a_citizen_opens_the_inspector(ui):
    window, scene = ui
    pump(window, scene)
    rect = scene.layout.inspector
    before = pygame.surfarray.array3d(window.subsurface(rect)).copy()
    i = int(np.argmax(scene.session.model.friends.degree))
    x, y = scene.society.xy[i]
    assert not rect.collidepoint(x, y) or True
    click((int(x), int(y)))
    pump(window, scene)
    assert scene.society.selected == i
    after = pygame.surfarray.array3d(window.subsurface(rect))
    assert (before != after).any(axis=2).mean() > 0.2  # the panel was painted over the society
    post_key(pygame.K_ESCAPE)
    pump(window, scene)
    assert scene.society.selected is None


def test_clicking_empty_space_selects_nobody(ui):
    window, scene = ui
    r = scene.layout.society
    click((r.right - 3, r.bottom - 3))
    pump(window, scene)
    assert scene.society.selected is None


def test_moving_a_slider_changes_the_models_rule(ui):
    window, scene = ui
    post_key(pygame.K_l)
    pump(window, scene)
    assert scene.windows.rules is not None
    slider = next(s for s, r in scene.windows.rules.sliders.items() if r.path == "scoring.connections_weight")
    before = scene.session.model.config.scoring.connections_weight
    # the SDL dummy driver has no pointer to drag, so press the slider's own arrow button
    for _ in range(4):
        click(slider.right_button.rect.center)
        pump(window, scene, frames=2)
    pump(window, scene, frames=3)  # widget events reach the scene one frame later
    after = scene.session.model.config.scoring.connections_weight
    clicks = (after - before) / slider.increment
    assert clicks >= 2 and abs(clicks - round(clicks)) < 1e-6  # whole arrow steps, all applied
    assert any(type(c).__name__ == "SetRule" for _, c in scene.session.model.command_log)
    # a restart keeps the sandbox edit
    post_key(pygame.K_r)
    pump(window, scene)
    assert scene.session.model.config.scoring.connections_weight == pytest.approx(after)


def test_tier_legend_and_dots_use_tier_colours(ui):
    from game.ui.drawing import palette

    window, scene = ui
    pump(window, scene)
    pix = pygame.surfarray.array3d(window.subsurface(scene.layout.society)).reshape(-1, 3)
    m = scene.session.model
    for k in np.unique(m.tier):
        colour = np.array(palette.tier_colour(int(k)))
        assert (np.abs(pix - colour).sum(axis=1) == 0).sum() > 20, f"tier {k} not visible"


def test_unfriending_is_animated_from_the_event_queue(ui):
    from game.sim.commands import Blacklist

    window, scene = ui
    s = scene.session
    hub = int(np.argmax(s.model.friends.degree))
    s.apply(Blacklist(hub))
    for k in range(10):
        s.step_once()
        pump(window, scene, frames=1, t0=float(k))
        if any(a[0] == "snap" for a in scene.society.anims):
            break
    assert any(a[0] == "pulse" for a in scene.society.anims) or s.model.listed[hub]
    assert any(a[0] == "snap" for a in scene.society.anims)


def test_resize_relayouts(ui):
    window, scene = ui
    for size in ((1024, 600), (3840, 2160)):
        window = pygame.display.set_mode(size)
        scene.enter(size)
        pump(window, scene)
        assert scene.layout.society.right <= scene.layout.side.left
        assert scene.sidebar.cells[-1].bottom <= size[1]
        assert scene.fonts.normal.get_height() > 0
    assert scene.layout.scale >= 2.5


def test_scenario_picker_loads_another_scenario(ui):
    window, scene = ui
    post_key(pygame.K_s)
    pump(window, scene)
    assert scene.windows.picker is not None
    # it opens on the scenario running (tests/test_scenario_info.py: and on a stranger's, says what to do)
    assert scene.windows.picker.load.is_enabled and "Sesame Credit" in scene.windows.picker.text.html_text
    titles = [sc.meta.title for _, sc in scene.windows.picker.entries]
    k = titles.index("Suining points")
    # select via the list's own event, then press Load
    import pygame_gui

    pygame.event.post(pygame.event.Event(pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
                                         {"text": titles[k], "ui_element": scene.windows.picker.list}))
    pump(window, scene)
    assert scene.windows.picker.load.is_enabled and "Suining" in scene.windows.picker.text.html_text
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": scene.windows.picker.load}))
    pump(window, scene)
    assert scene.session.model.config.meta.title == "Suining points"


def test_play_command_renders_frames_and_saves_a_screenshot(tmp_path):
    out = tmp_path / "shot.png"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    r = subprocess.run([sys.executable, "-m", "game.cli", "play", "--frames", "30", "--size", "1024x600",
                        "--screenshot", str(out), "--seed", "2"], capture_output=True, text=True, env=env,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    img = pygame.image.load(str(out))
    assert img.get_size() == (1024, 600)
    assert len({tuple(p) for p in pygame.surfarray.array3d(img)[::7, ::7].reshape(-1, 3).tolist()}) > 20  # not blank


def test_following_keeps_the_citizen_through_clicks_and_restart(ui):
    window, scene = ui
    pump(window, scene)
    i = int(np.argmax(scene.session.model.friends.degree))
    click(tuple(int(c) for c in scene.society.xy[i]))
    pump(window, scene)
    post_key(pygame.K_f)
    pump(window, scene)
    assert scene.following
    r = scene.layout.society
    click((r.x + 3, r.bottom - 3))  # empty space
    post_key(pygame.K_r)
    pump(window, scene)
    assert scene.society.selected == i and scene.following


def test_setup_changes_apply_only_by_restart(ui):
    import pygame_gui

    window, scene = ui
    post_key(pygame.K_l)
    pump(window, scene)
    size_slider = next(s for s, r in scene.windows.rules.sliders.items() if r.path == "population.size")
    n_before = scene.session.model.n
    # the setup section is scrolled out of view at this size: post the slider's own event
    size_slider.set_current_value(400)
    pygame.event.post(pygame.event.Event(pygame_gui.UI_HORIZONTAL_SLIDER_MOVED,
                                         {"value": 400, "ui_element": size_slider}))
    pump(window, scene, frames=3)
    assert scene.session.model.n == n_before  # nothing rebuilt yet
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": scene.windows.rules.restart}))
    pump(window, scene, frames=2)
    assert scene.session.model.n == 400 < n_before
    assert scene.session.model.steps == 0
    assert scene.windows.rules is not None  # the panel stays open after the restart


def test_hovering_a_service_shows_counts_per_tier(ui):
    window, scene = ui
    s = scene.session
    for _ in range(3):
        s.step_once()
    rect = scene.layout.services
    pump(window, scene)
    above = pygame.Rect(rect.x, rect.y - 120, rect.width // 3, 118)
    before = pygame.surfarray.array3d(window.subsurface(above)).copy()
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(rect.x + 30, rect.bottom - 20),
                                         rel=(0, 0), buttons=(0, 0, 0)))
    pump(window, scene)
    after = pygame.surfarray.array3d(window.subsurface(above))
    assert (before != after).any(axis=2).mean() > 0.05  # the detail box appeared above the card


def test_a_challenge_shows_progress_and_ends_in_a_debrief():
    from game.ui.parts.challenge_view import debrief_html

    pygame.display.init()
    pygame.font.init()
    window = pygame.display.set_mode(SIZE)
    session = Session.open("challenge_speak_up", seed=0)
    scene = SandboxScene(session, SIZE)
    assert session.paused  # a challenge opens paused so the player can set the rules first
    session.speed, session.paused = 16, False
    box = scene.layout.society
    pump(window, scene, frames=2)
    corner = pygame.Rect(box.x, box.bottom - 120, 300, 110)
    assert (pygame.surfarray.array3d(window.subsurface(corner)) != 0).any()
    t0 = 0.0
    while not session.paused and t0 < 60:  # 16x: 32 steps per virtual second
        pump(window, scene, frames=30, t0=t0)
        t0 += 0.5
    assert session.paused and scene.outcome == "lost"  # the public square went quiet
    assert scene.windows.debrief is None  # first the end, on the society ...
    from game.ui.parts.challenge_view import Celebration
    pump(window, scene, frames=2, t0=t0 + Celebration.BEFORE_DEBRIEF_S + 0.5)
    assert scene.windows.debrief is not None and scene.windows.debrief.alive  # ... then the debrief
    assert list(scene.windows.debrief.charts)[:3] == ["objective:0", "objective:1", "objective:2"]  # with its charts
    text = debrief_html(session.model, "lost", challenge.status(session.model)[1])
    assert "Challenge lost" in text and "To discuss" in text and "What happened in" in text
    # values in the goal's unit: "failed (1.6%)", never a bare fraction such as 0.016
    assert re.search(r"at every step: failed \(\d+(\.\d+)?%\)", text), text
    pygame.quit()


def test_export_writes_charts_and_series_named_after_scenario_and_seed(ui, tmp_path):
    import csv

    window, scene = ui
    for _ in range(5):
        scene.session.step_once()
    png, series, told = scene.export(tmp_path)
    assert png.name == "sesame-seed3-step5-charts.png" and series.name == "sesame-seed3-step5-series.csv"
    assert told.name == "sesame-seed3-step5-debrief.png"  # the debrief with its charts, for a worksheet
    assert pygame.image.load(str(png)).get_size() == (1600, 720)
    assert pygame.image.load(str(told)).get_width() == 1600
    rows = list(csv.DictReader(series.open()))
    assert len(rows) == 6 and "mean_score" in rows[0]


def test_export_and_screenshot_go_to_the_users_exports_folder_and_say_where(tmp_path, monkeypatch):
    """Started from a desktop menu the current folder means nothing: E and F12 write to the
    per-user exports folder (game.records.userdirs), and the message names it."""
    from game.ui.app import run

    monkeypatch.setenv("SESAME_EXPORTS", str(tmp_path / "exports"))
    monkeypatch.chdir(tmp_path)
    seen = []

    def on_frame(frame, scene):
        if frame == 2:
            post_key(pygame.K_e)
        if frame == 4:
            post_key(pygame.K_F12)
        if frame in (3, 5):
            seen.append(scene.notices.message)

    assert run("sesame", seed=1, size=SIZE, frames=7, on_frame=on_frame, paused=True) == 0
    made = sorted(p.name for p in (tmp_path / "exports").iterdir())
    assert [n for n in made if n.endswith("-charts.png")] and [n for n in made if n.endswith("-series.csv")]
    assert [n for n in made if n.startswith("sesame-2") and n.endswith(".png")]  # the F12 screenshot
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]  # nothing in the current folder
    assert str(tmp_path / "exports") in seen[0] and str(tmp_path / "exports") in seen[1]


def test_report_page_renders_a_run(tmp_path):
    from game.sim.model import SocialCreditModel
    from game.ui.drawing import report

    m = SocialCreditModel("sesame", rng=1, overrides={"population.size": 300})
    m.run(30)
    out = tmp_path / "report.png"
    report.save(m, 1, "sesame", out)
    img = pygame.image.load(str(out))
    assert img.get_size() == report.PAGE


def test_projector_mode_and_reveal(ui):
    from game.ui.drawing import palette

    window, scene = ui
    normal_font = scene.fonts.normal.get_height()
    post_key(pygame.K_p)
    pump(window, scene)
    try:
        assert palette.projector() and scene.fonts.normal.get_height() > normal_font
        assert tuple(window.get_at((2, scene.layout.society.bottom - 2)))[:3] == (0, 0, 0)
    finally:
        palette.set_projector(False)
    assert not scene.society.reveal  # what quiet people think starts hidden
    post_key(pygame.K_v)  # the reveal
    pump(window, scene)
    assert scene.society.reveal and not scene.charts_hidden
    post_key(pygame.K_v)  # predict first: charts and thoughts hidden together
    pump(window, scene)
    assert scene.charts_hidden and not scene.society.reveal
    chart = scene.sidebar.cells[0]  # clear of the panel's words
    colours = {tuple(c) for c in pygame.surfarray.array3d(window.subsurface(chart)).reshape(-1, 3)[::97]}
    assert len(colours) <= 3  # no chart lines, only the 'predict first' panel
    post_key(pygame.K_d)  # the debrief reveals
    pump(window, scene)
    assert not scene.charts_hidden and scene.society.reveal


def test_compare_runs_two_rule_sets_in_lockstep_from_the_same_citizens():
    from game.sim.model import SocialCreditModel
    from game.ui.scenes.compare import CompareScene

    pygame.display.init()
    pygame.font.init()
    window = pygame.display.set_mode(SIZE)
    left, right = Session.open("sesame", seed=4), Session.open("no_scoring", seed=4)
    assert np.array_equal(left.model.income_base, right.model.income_base)  # same citizens
    scene = CompareScene(left, right, SIZE)
    scene.paused, scene.speed = False, 16
    for k in range(90):
        scene.update(1 / 60, k / 60)
        scene.draw(window, k / 60)
    assert left.model.steps == right.model.steps > 10
    alone = SocialCreditModel("sesame", rng=4)
    alone.run(int(left.model.steps))
    assert alone.digest() == left.model.digest()  # comparing changes nothing in either run
    assert scene.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="")) == "back"
    pygame.quit()


def test_c_key_asks_the_window_for_the_compare_scene(ui):
    from game.ui.scenes.compare import CompareScene

    window, scene = ui
    compare = scene.do("compare")
    assert isinstance(compare, CompareScene) and compare.sessions[1].model.config.meta.title != \
        compare.sessions[0].model.config.meta.title


def test_share_window_shows_the_code_imports_codes_and_saves(ui, tmp_path, monkeypatch):
    from game.scenario.library import load
    from game.scenario.share import decode, encode
    from game.records.userdirs import saved_scenarios

    monkeypatch.setenv("SESAME_DATA", str(tmp_path))
    window, scene = ui
    from game.sim.commands import SetRule

    scene.session.apply(SetRule("scoring.speech_penalty", 17.0))  # a sandbox edit
    post_key(pygame.K_k)
    pump(window, scene)
    share = scene.windows.share
    assert share is not None and share.alive
    assert decode(share.code_box.get_text()).scoring.speech_penalty == 17.0  # edits are shared
    path = share.save_as("my rules")
    assert path == tmp_path / "scenarios" / "my rules.toml" and load(path).scoring.speech_penalty == 17.0
    assert saved_scenarios() == [path]
    assert share.save_as("../escape") is None and "cannot contain" in share.status.text
    record = share.save_record()
    assert record is not None and record.parent == tmp_path / "records"
    assert share.import_code("OS1-NOT-A-CODE") is None and share.status.text
    code = encode(load("suining"))
    share.import_box.set_text(code)
    import pygame_gui

    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": share.import_btn}))
    pump(window, scene)
    assert scene.session.model.config.meta.title == "Suining points"
    post_key(pygame.K_s)  # the picker lists the saved file too
    pump(window, scene)
    assert any(src.endswith("my rules.toml") for src, _ in scene.windows.picker.entries)


@pytest.mark.parametrize("kwargs", [dict(tour=True), dict(scenario="journalist"), dict(compare="no_scoring")])
def test_resizing_never_crashes_any_scene(kwargs):
    """Found in review: only the sandbox could be resized; the tour, citizen mode and compare crashed."""
    from game.ui.app import run

    def resize(frame, scene):
        if frame == 2:
            pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1100, h=650, size=(1100, 650)))

    assert run(frames=6, size=(1280, 720), on_frame=resize, **kwargs) == 0


def test_restart_keeps_player_edits_but_not_the_timelines():
    """Found in review: a restart after a timeline rule change began with the later rule."""
    from game.sim.commands import SetRule
    from game.scenario.library import load
    from game.scenario.spec import TimelineEvent

    import dataclasses

    from game.scenario.translations import without_translations

    sc = without_translations(load("sesame"))
    before = sc.scoring.connections_weight
    sc = dataclasses.replace(sc, timeline=(TimelineEvent(step=2, action="set", path="scoring.connections_weight",
                                                         value=0.9),))
    s = Session(sc, "test", 0)
    for _ in range(4):
        s.step_once()
    assert s.model.config.scoring.connections_weight == 0.9
    s.apply(SetRule("behaviour.tie_value", 5.0))
    s.restart()
    assert s.model.config.scoring.connections_weight == before  # the timeline has not happened yet
    assert s.model.config.behaviour.tie_value == 5.0  # the player's edit is kept


def test_a_finished_challenge_does_not_pause_again_after_a_resize(ui):
    window, _ = ui
    session = Session.open("challenge_speak_up", seed=0)
    scene = SandboxScene(session, SIZE)
    session.paused = False
    while scene.outcome not in ("won", "lost"):
        session.step_once()
        scene._check_challenge()
    session.paused = False  # the teacher keeps watching
    scene.enter((1100, 650))
    session.step_once()
    scene._check_challenge()
    assert not session.paused


def test_timeline_captions_appear_in_the_sandbox_when_their_step_comes():
    """court_blacklist says at step 10 that a journalist is about to be listed, and at 12
    lists the best-connected citizen: each line shows over the society as it happens."""
    from game.ui.drawing import palette

    pygame.display.init()
    pygame.font.init()
    window = pygame.display.set_mode(SIZE)
    session = Session.open("court_blacklist", seed=0)
    scene = SandboxScene(session, SIZE)
    scene.stage.script = False  # the timeline's own captions, without the newcomer's staged ones
    timeline = session.model.config.timeline
    session.paused = False
    t0, seen = 0.0, {}
    while session.model.steps < 14 and t0 < 20:
        pump(window, scene, frames=2, t0=t0)
        if scene.caption_text() is not None:
            seen.setdefault(scene.caption_text(), int(session.model.steps))
        t0 += 2 / 60
    assert seen.get(timeline[0].text) in (11, 12), seen
    assert seen.get(timeline[1].text) in (13, 14), seen
    top = pygame.Rect(scene.layout.society.centerx - 100, scene.layout.society.y + 12, 200, 20)
    ink = pygame.surfarray.array3d(window.subsurface(top))
    assert (np.abs(ink.astype(int) - palette.TEXT).sum(axis=2) < 60).any()  # the caption's text is drawn
    pump(window, scene, frames=2, t0=t0 + 30)  # long after: gone (the lens on the listing too)
    pump(window, scene, frames=2, t0=t0 + 32)
    assert not (np.abs(pygame.surfarray.array3d(window.subsurface(top)).astype(int) - palette.TEXT)
                .sum(axis=2) < 60).any()
    pygame.quit()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_share_window_qr_carries_the_language_on_screen_at_whole_pixels_per_module(ui, lang):
    """The text box holds every language; the QR code only the one on screen (about half
    as long), drawn at a whole number of pixels per module, at least 3 at 1280x720."""
    from game.scenario.share import decode
    from game.ui.drawing.text import localized, set_language

    window, scene = ui
    set_language(lang)
    try:
        scene.do("share")
        pump(window, scene)
        share = scene.windows.share
        full, qr = decode(share.code), decode(share.qr_code)
        assert full.translations.zh.meta.title  # the full code stays bilingual
        assert len(share.qr_code) < 0.75 * len(share.code)
        for path in ("meta.title", "meta.description", "prompts", "tiers[0].label", "services[0].name"):
            assert localized(qr, path) == localized(full, path)  # reads the same on screen
        assert qr.meta.title == localized(full, "meta.title")  # written in that language
        assert qr.services[0].name == full.services[0].name  # runs and commands name services so
        assert share.qr_scale >= 3
    finally:
        set_language("en")
