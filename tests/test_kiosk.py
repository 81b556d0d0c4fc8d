"""The museum kiosk: attract loop, idle reset, operator exit, crash recovery, touch targets."""

from __future__ import annotations

import pygame
import pytest

from game.ui.kiosk import MAX_STEPS, Kiosk

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
    from game.ui.kiosk import run_kiosk

    pygame.display.init()
    pygame.font.init()
    seen = []
    code = run_kiosk("sesame", (1024, 600), fullscreen=False, frames=240, log_dir=tmp_path,
                     on_frame=lambda f, k: seen.append(k.state))
    pygame.quit()
    assert code == 0 and len(seen) == 240 and set(seen) == {"attract"}


def test_language_switch_on_the_start_screen(kiosk):
    from game.ui.text import current_language, set_language, t

    window, k, _ = kiosk
    frame(window, k, 0.5)
    try:
        codes = [c for c, _ in k.lang_buttons]
        assert "en" in codes and "zh" in codes
        zh = dict(k.lang_buttons)["zh"]
        touch(k, 1.0, zh.center)
        assert k.state == "attract" and current_language() == "zh"  # switched, not started
        assert t("kiosk.touch") != "Touch the screen to start"
        frame(window, k, 1.5)
    finally:
        set_language("en")


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
