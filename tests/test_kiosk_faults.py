"""A kiosk left alone for months: persistent faults back off, the log keeps its history,
the attract loop stays on screen, an unreadable scenario file, a challenge, a failing
``display.flip`` and a lost window."""

from __future__ import annotations

import logging
import os
import shutil
import time

import pygame
import pytest

from game.scenario.library import resolve
from game.ui.scenes import kiosk as kiosk_module
from game.ui.scenes.kiosk import MAX_STEPS, Kiosk, run_kiosk
from game.ui.scenes.kiosk_faults import BACKOFF_MAX_S, DailyLogHandler
from game.ui.scenes.sandbox import SandboxScene

SIZE = (1024, 600)


@pytest.fixture
def window():
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode(SIZE)
    pygame.quit()


@pytest.fixture
def broken_file(tmp_path):
    """A copy of the default scenario under another title (the fault below targets it)."""
    text = resolve("sesame").read_text(encoding="utf-8")
    path = tmp_path / "exhibit.toml"
    path.write_text(text.replace('title = "', 'title = "Exhibit ', 1), encoding="utf-8")
    return path


CLOCK = {"now": 0.0}  # the virtual time drive() is at (for the build spy)


def drive(k, window, t0: float, t1: float, dt: float, seen=None) -> float:
    """What the window's loop does, on virtual time: update, draw, and any exception to recover."""
    now = t0
    while now < t1:
        CLOCK["now"] = now
        try:
            k.update(dt, now)
            k.draw(window, now)
        except Exception as exc:  # noqa: BLE001 - the loop hands everything to recover()
            k.recover(exc, now)
        if seen is not None:
            seen.append((now, k.mode, k.state))
        now += dt
    return now


def read_log(path) -> str:
    for h in logging.getLogger().manager.loggerDict.values():
        for handler in getattr(h, "handlers", ()):
            handler.flush()
    return path.read_text(encoding="utf-8")


def count_builds(monkeypatch) -> list:
    """Record the title of every run the kiosk builds."""
    built = []
    original = Kiosk._new_scene

    def spy(self, speed, attract, rules=None):
        scene = original(self, speed, attract, rules)
        built.append((scene.session.model.config.meta.title, CLOCK["now"]))
        return scene
    monkeypatch.setattr(Kiosk, "_new_scene", spy)
    return built


def test_a_persistent_fault_backs_off_keeps_the_log_and_shows_the_default_attract_loop(
        window, broken_file, tmp_path, monkeypatch):
    logs = tmp_path / "logs"
    built = count_builds(monkeypatch)
    original_draw = SandboxScene.draw

    def faulty(self, surf, now=None):  # a fault in every frame of the exhibit's own scenario
        if self.session.model.config.meta.title.startswith("Exhibit"):
            raise RuntimeError("drawing the exhibit failed")
        return original_draw(self, surf, now)
    monkeypatch.setattr(SandboxScene, "draw", faulty)
    k = Kiosk(str(broken_file), SIZE, idle_s=30, log_dir=logs)
    seen = []
    hour = 3600.0
    now = drive(k, window, 0.0, hour, 5.0, seen)
    tries = [at for title, at in built if title.startswith("Exhibit")]
    exhibit = len(tries)
    # the exhibit's scenario was tried again with growing waits: 0, 2, 4, 8, ... then every 10 minutes
    assert 8 <= exhibit <= 20, exhibit
    assert k.crashes == exhibit
    waits = [b - a for a, b in zip(tries, tries[1:])]
    assert waits[0] == 0.0 and waits[2:] == sorted(waits[2:]), waits  # once at once, then longer and longer
    assert all(b <= 2 * a + 5 for a, b in zip(waits[2:], waits[3:])), waits  # doubling (5 s frames)
    assert max(waits) <= BACKOFF_MAX_S + 5 and waits[-1] >= BACKOFF_MAX_S - 5  # then capped
    # the screen showed the default scenario's attract loop most of the hour, not a crash
    fallback = sum(1 for _, mode, state in seen if mode == "fallback" and state == "attract")
    assert fallback > 0.95 * len(seen)
    text = read_log(logs / "kiosk.log")
    assert text.splitlines()[0].split(" ", 3)[3].startswith("kiosk started")  # the history is kept
    assert text.count("Traceback") == 1  # the first occurrence in full, then counts
    assert "the same fault again" in text and "next try in 600 s" in text
    assert len(text) < 20_000
    # the fault goes away (the technician fixed it): at the next try the exhibit is back
    monkeypatch.setattr(SandboxScene, "draw", original_draw)
    drive(k, window, now, now + BACKOFF_MAX_S + 10, 5.0)
    assert k.mode == "main" and k.scene.session.model.config.meta.title.startswith("Exhibit")


def test_a_fault_in_everything_rests_on_a_still_screen_and_builds_rarely(window, tmp_path, monkeypatch):
    logs = tmp_path / "logs"
    built = count_builds(monkeypatch)
    CLOCK["now"] = 0.0
    k = Kiosk("sesame", SIZE, idle_s=30, log_dir=logs)

    def broken(self, surf, now=None):
        raise MemoryError("no memory for this frame")
    monkeypatch.setattr(SandboxScene, "draw", broken)
    seen = []
    drive(k, window, 0.0, 1800.0, 1.0, seen)
    assert k.mode == "resting" and k.scene is None
    assert len(built) <= 16  # not one model a frame (1,800 frames)
    resting = sum(1 for _, mode, _ in seen if mode == "resting")
    assert resting > 0.9 * len(seen)
    k.draw(window, 1800.0)  # the still screen draws
    assert window.get_at((SIZE[0] // 2, SIZE[1] // 2))[:3] is not None
    assert read_log(logs / "kiosk.log").count("Traceback") == 1


def test_an_unreadable_scenario_file_plays_the_copy_read_before(window, broken_file, tmp_path):
    logs = tmp_path / "logs"
    k = Kiosk(str(broken_file), SIZE, idle_s=5, countdown_s=2, log_dir=logs)
    drive(k, window, 0.0, 1.0, 0.25)
    k.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(400, 300), button=1), 1.0)
    assert k.state == "play"
    broken_file.write_bytes(b"\x00\xff not a scenario")  # the file goes bad while the kiosk runs
    now = drive(k, window, 1.0, 12.0, 0.25)  # idle, countdown, back to a new attract loop
    assert k.state == "attract" and k.mode == "main" and k.crashes == 0
    assert k.scene.session.model.config.meta.title.startswith("Exhibit")
    broken_file.unlink()  # and then it is gone
    for _ in range(MAX_STEPS):
        k.scene.session.step_once()
    drive(k, window, now, now + 20.0, 1.0)  # an attract run restarts after MAX_STEPS steps
    assert k.state == "attract" and k.scene.session.model.steps < MAX_STEPS and k.crashes == 0
    k._to_attract(now + 30.0)
    text = read_log(logs / "kiosk.log")
    assert text.count("cannot be read now") == 2  # once per distinct problem, not per frame
    shutil.copy(resolve("sesame"), broken_file)
    k._to_attract(800.0)
    assert "can be read again" in read_log(logs / "kiosk.log")


def test_a_challenge_plays_itself_in_the_kiosk_and_starts_over_when_it_ends(window, tmp_path):
    k = Kiosk("challenge_speak_up", SIZE, idle_s=30, log_dir=tmp_path)
    assert not k.scene.session.paused
    drive(k, window, 0.0, 3.0, 0.5)
    assert k.scene.session.model.steps > 0
    k.scene.session.paused = True  # what the sandbox does when a challenge ends
    seed = k.seed
    drive(k, window, 3.0, 22.0, 1.0)  # its debrief stays on screen a while
    assert k.seed == seed and k.scene.session.paused
    drive(k, window, 22.0, 27.0, 1.0)  # then a new run plays
    assert k.seed == seed + 1 and not k.scene.session.paused and k.state == "attract"
    assert k.scene.session.model.steps > 0


def test_display_flip_failures_and_a_lost_window_are_survived(tmp_path, monkeypatch):
    pygame.display.init()
    pygame.font.init()
    real_flip = pygame.display.flip
    calls = {"n": 0}

    def flaky_flip():
        calls["n"] += 1
        if 10 <= calls["n"] < 14:
            raise pygame.error("video device lost")
        return real_flip()
    monkeypatch.setattr(pygame.display, "flip", flaky_flip)
    states = []

    def on_frame(frame, k):
        states.append(k.state)
        if frame == 30:
            pygame.display.quit()  # the display went away under the kiosk

    try:
        code = run_kiosk("sesame", SIZE, fullscreen=False, frames=60, log_dir=tmp_path, on_frame=on_frame)
        assert code == 0 and len(states) == 60
        assert pygame.display.get_surface() is not None  # opened again
    finally:
        pygame.quit()
    text = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert "video device lost" in text and "opening it again" in text


def test_the_log_is_a_file_a_day_each_capped_and_old_days_deleted(tmp_path):
    path = tmp_path / "kiosk.log"
    handler = DailyLogHandler(path, day_bytes=2_000, days=3)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("sesame.test.daily")
    log.propagate = False
    log.addHandler(handler)
    try:
        log.warning("first line of the day")
        for i in range(500):
            log.error("fault %d %s", i, "x" * 40)
        text = path.read_text(encoding="utf-8")
        assert text.startswith("first line of the day") and len(text) < 2_200
        assert text.count("today's log is full") == 1
        ten_days_ago = int(time.time()) - 10 * 86400
        for day in range(6):  # six midnights, the last ones in the past ten days
            handler.rolloverAt = ten_days_ago + day * 86400
            log.warning("day %d", day)
        kept = sorted(p.name for p in tmp_path.iterdir())
        assert kept[0] == "kiosk.log" and len(kept) == 4, kept  # today + the 3 latest days
        assert path.read_text(encoding="utf-8").startswith("day 5")
    finally:
        log.removeHandler(handler)
        handler.close()


def test_the_kiosks_log_handler_is_the_daily_one(tmp_path):
    log = kiosk_module.kiosk_logger(tmp_path / "l")
    assert any(isinstance(h, DailyLogHandler) for h in log.handlers)
    assert not log.propagate and os.path.isdir(tmp_path / "l")
