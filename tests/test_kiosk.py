"""The museum kiosk: attract loop, idle reset, operator exit, crash recovery, touch targets."""

from __future__ import annotations

import pygame
import pytest

from game.ui.scenes.kiosk import MAX_STEPS, Kiosk

SIZE = (1280, 720)


@pytest.fixture
def kiosk(tmp_path):
    pygame.display.init()
    pygame.font.init()
    window = pygame.display.set_mode(SIZE)
    k = Kiosk("sesame", SIZE, idle_s=30, countdown_s=10, pin="2468", log_dir=tmp_path / "logs")
    yield window, k, tmp_path / "logs" / "kiosk.log"
    pygame.quit()


def frame(window, k, now):
    k.update(1 / 60, now)
    k.draw(window, now)


def touch(k, now, pos=(400, 300)):
    k.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1), now)
    k.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1), now)


def key(k, now, key, mod=0, unicode=""):
    return k.handle(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0), now)


def test_attract_touch_play_idle_countdown_and_reset(kiosk):
    window, k, _ = kiosk
    frame(window, k, 0.0)
    assert k.state == "attract"
    frame(window, k, 5.0)
    assert k.scene.session.model.steps > 0  # the simulation plays itself
    touch(k, 6.0)
    assert k.state == "play" and k.scene.session.model.steps == 0  # a fresh start
    frame(window, k, 20.0)
    assert k.state == "play"
    frame(window, k, 37.0)  # 31 s without input
    assert k.state == "countdown"
    touch(k, 38.0)
    frame(window, k, 38.1)
    assert k.state == "play"  # still there
    frame(window, k, 69.0)
    assert k.state == "countdown"
    seed = k.seed
    frame(window, k, 80.0)  # countdown over: back to a new attract loop
    assert k.state == "attract" and k.seed == seed + 1


def test_visitors_cannot_quit_only_the_operator_can(kiosk):
    window, k, log = kiosk
    assert k.handle(pygame.event.Event(pygame.QUIT), 1.0) is None
    assert key(k, 1.0, pygame.K_ESCAPE) is None
    assert key(k, 1.0, pygame.K_F11) is None
    assert key(k, 1.0, pygame.K_q, mod=pygame.KMOD_CTRL | pygame.KMOD_SHIFT) is None  # asks the PIN
    for d in "1111":
        key(k, 1.0, pygame.K_1, unicode=d)
    assert key(k, 1.0, pygame.K_RETURN) is None  # wrong PIN
    key(k, 1.0, pygame.K_q, mod=pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    for d in "2468":
        key(k, 1.0, pygame.K_0, unicode=d)
    assert key(k, 1.0, pygame.K_RETURN) == "quit"
    assert "wrong PIN" in log.read_text()


def test_a_crash_inside_a_scene_returns_to_the_attract_loop_and_is_logged(kiosk):
    window, k, log = kiosk
    touch(k, 1.0)
    frame(window, k, 1.5)
    assert k.state == "play"
    k.scene.session.model = None  # a real fault: the next frame dereferences it
    with pytest.raises(AttributeError):
        frame(window, k, 2.0)
    try:
        frame(window, k, 2.0)
    except Exception as exc:  # what run_kiosk does with any exception
        k.recover(exc, 2.0)
    assert k.state == "attract" and k.crashes == 1
    frame(window, k, 3.0)  # and it keeps running
    text = log.read_text()
    assert "scene crashed" in text and "AttributeError" in text


def test_runs_restart_so_memory_stays_bounded(kiosk):
    window, k, _ = kiosk
    for _ in range(MAX_STEPS):
        k.scene.session.step_once()
    seed = k.seed
    frame(window, k, 1.0)
    assert k.scene.session.model.steps < MAX_STEPS and k.seed == seed + 1
    assert len(k.scene.session.model.datacollector.model_vars["mean_score"]) <= MAX_STEPS + 1


def test_touch_targets_are_at_least_48_pixels(kiosk):
    window, k, _ = kiosk
    touch(k, 1.0)
    buttons = k.scene.topbar.buttons
    assert "fullscreen" not in buttons and "screenshot" not in buttons and "scenarios" not in buttons
    assert all(b.rect.width >= 48 and b.rect.height >= 48 for b in buttons.values())


def test_run_kiosk_headless_survives_many_frames(tmp_path):
    from game.ui.scenes.kiosk import run_kiosk

    pygame.display.init()
    pygame.font.init()
    seen = []
    code = run_kiosk("sesame", (1024, 600), fullscreen=False, frames=240, log_dir=tmp_path,
                     on_frame=lambda f, k: seen.append(k.state))
    pygame.quit()
    assert code == 0 and len(seen) == 240 and set(seen) == {"attract"}


def test_each_language_button_starts_the_visit_in_its_language(kiosk):
    """The big buttons do something visible whichever is on: a touch on one starts the
    visit in that language (the English one too, when English is already on)."""
    from game.ui.drawing.text import current_language, set_language, t

    window, k, _ = kiosk
    frame(window, k, 0.5)
    try:
        codes = [c for c, _ in k.lang_buttons]
        assert "en" in codes and "zh" in codes
        assert all(r.height >= 48 and r.width >= 48 for _, r in k.lang_buttons)
        zh = dict(k.lang_buttons)["zh"]
        touch(k, 1.0, zh.center)
        assert k.state == "play" and current_language() == "zh"  # started, in Chinese
        assert t("kiosk.touch") != "Touch anywhere to start, or choose your language"
        frame(window, k, 1.5)
        frame(window, k, 40.0)  # the visitor leaves: countdown, then the attract loop in English
        frame(window, k, 60.0)
        assert k.state == "attract" and current_language() == "en"
        frame(window, k, 60.5)
        en = dict(k.lang_buttons)["en"]
        touch(k, 61.0, en.center)
        assert k.state == "play" and current_language() == "en"
    finally:
        set_language("en")


def test_a_touch_visitor_gets_touch_help_not_keys(kiosk):
    from game.ui.drawing.text import t

    window, k, _ = kiosk
    touch(k, 1.0)
    k.scene.do("help")
    text = t("help.touch_lines")
    assert "Space" not in text and "arrow" not in text and "Touch" in text
    assert k.scene.windows.help.window.window_display_title == t("help.touch_title")
    touch(k, 2.0, (5, k.size[1] - 5))  # a touch outside the help closes it
    assert not k.scene.windows.help.alive


def test_the_kiosk_window_has_a_title(tmp_path):
    from game.ui.scenes.kiosk import run_kiosk

    pygame.display.init()
    pygame.font.init()
    try:
        run_kiosk("sesame", (800, 600), fullscreen=False, frames=2, log_dir=tmp_path)
        assert pygame.display.get_caption()[0] == "Open Sesame"
    finally:
        pygame.quit()


def test_the_log_goes_to_the_users_log_folder_not_the_current_one(tmp_path, monkeypatch):
    monkeypatch.setenv("SESAME_LOGS", str(tmp_path / "logs"))
    monkeypatch.chdir(tmp_path)
    pygame.display.init()
    pygame.font.init()
    try:
        pygame.display.set_mode(SIZE)
        k = Kiosk("sesame", SIZE, idle_s=30)
        k.log.info("hello")
        for h in k.log.handlers:
            h.flush()
        assert "hello" in (tmp_path / "logs" / "kiosk.log").read_text()
        assert not (tmp_path / "kiosk-logs").exists()
    finally:
        pygame.quit()


def test_the_attract_loop_stages_the_listing_early_and_shows_every_moment(kiosk):
    """The first minute and a half with nobody there: the scenario's listing of the
    best-connected citizen is staged within 15 s (the lens centres them and follows the wave
    at 1x), then the silence (quiet dissenters revealed) and the tier view; then a new society."""
    from game.sim.events import LISTING_CAUSES
    from game.ui.drawing.text import t

    window, k, _ = kiosk
    seed = k.seed
    lens_at, moments, now = None, {}, 0.0
    while now < 90 and k.seed == seed:
        k.update(1 / 60, now)
        if round(now * 60) % 15 == 0:
            k.draw(window, now)
        sc = k.scene
        if lens_at is None and sc.society.lens is not None:
            lens_at, lens, model = now, sc.society.lens, sc.session.model
            assert sc.session.speed == 1
        cap = sc.stage.caption
        if cap is not None and cap.key not in moments:
            moments[cap.key] = now
            if cap.key == "look":  # it names the pink bubbles only where they are drawn
                assert cap.text == t("stage.look" if sc.society.reveal else "stage.look_hidden")
        now += 1 / 60
    assert lens_at is not None and lens_at < 15, lens_at
    lst = model.events.of_kind("blacklisted")
    staged = lst["a"][lst["detail"] == LISTING_CAUSES.index("timeline")]
    assert lens.citizen == int(staged[0])  # the listing the scenario stages, not another
    assert {"look", "spiral", "silence", "tiers"} <= set(moments), moments
    assert moments["look"] < lens_at < moments["spiral"] < moments["silence"] < moments["tiers"] < 75
    assert k.seed == seed + 1  # every moment shown: the attract loop starts a new society


def test_the_view_buttons_step_aside_for_the_inspector_and_come_back(kiosk):
    """A visitor who touched a person does not touch dead buttons under the inspector: the
    view buttons step aside while it is open, and are back (and work) once it closes."""
    window, k, _ = kiosk
    frame(window, k, 0.0)
    touch(k, 0.1)  # a visit starts
    frame(window, k, 0.2)
    sc = k.scene
    sc.society.selected = int(sc.session.model.friends.degree.argmax())
    frame(window, k, 0.3)
    assert not sc.viewbar.rects  # none under the inspector
    sc.society.selected = None  # closed (Esc, the close button or a touch on empty ground)
    frame(window, k, 0.4)
    assert sc.viewbar.rects
    touch(k, 0.5, sc.viewbar.rects["tiers"].center)
    frame(window, k, 0.6)
    assert sc.society.mode == "tiers"
