"""The window: one loop of events -> scene -> draw, with the simulation on its own clock.

``run(...)`` is what ``sesame play`` calls. With ``frames`` set it renders that many
frames with nobody present (works under SDL_VIDEODRIVER=dummy), saves a screenshot and
returns, which is how tests and benchmarks drive the real window.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

from game import userdirs
from game.files import atomic_write
from game.ui.sandbox import SandboxScene
from game.ui.text import t
from game.ui.session import Session

MIN_SIZE = (1024, 600)


def save_screenshot(surface: pygame.Surface, path: str | Path) -> Path:
    """Write the surface as PNG atomically."""
    buf = io.BytesIO()
    pygame.image.save(surface, buf, "shot.png")
    return atomic_write(path, buf.getvalue())


def _compare_scene(sandbox, size):
    """The sandbox's current rules (edits included) against another scenario, same seed."""
    from game.ui.compare import CompareScene

    s = sandbox.session
    left = Session(s.scenario, s.source, s.seed)
    right = Session.open(sandbox.compare_with, s.seed)
    scene = CompareScene(left, right, size)
    scene.paused, scene.speed = s.paused, s.speed
    return scene


def run(scenario: str = "sesame", seed: int = 0, size: tuple[int, int] = (1280, 720),
        frames: int | None = None, screenshot: str | None = None, fullscreen: bool = False,
        steps_per_frame: int | None = None, on_frame=None, speed: int = 1,
        paused: bool = False, compare: str | None = None, tour: bool = False,
        save_dir: Path | None = None) -> int:
    """Open the window and play. Returns a process exit code."""
    pygame.display.init()
    pygame.font.init()
    if not getattr(pygame, "IS_CE", False):
        raise RuntimeError("Open Sesame needs pygame-ce (pip install pygame-ce), not plain pygame")
    pygame.display.set_caption("Open Sesame")
    flags = pygame.RESIZABLE | (pygame.FULLSCREEN if fullscreen else 0)
    window = pygame.display.set_mode(size, flags)
    session = Session.open(scenario, seed)
    session.speed, session.paused = speed, paused
    scene = SandboxScene(session, window.get_size(), screenshot_dir=save_dir)
    scene.compare_with = compare or "no_scoring"
    stack = [scene]  # overlays and other scenes push on top; "back" pops
    if tour:  # the guided chapters, the first-time player's path
        from game.ui.chapters_view import ChapterScene

        stack.append(ChapterScene(window.get_size(), seed))
    elif session.model.player is not None:  # a scenario with a character opens in citizen mode
        from game.ui.citizen import CitizenScene

        stack.append(CitizenScene(session, window.get_size()))
    if compare:
        stack.append(_compare_scene(scene, window.get_size()))
    clock = pygame.time.Clock()
    frame, shots = 0, 0
    try:
        while frames is None or frame < frames:
            # with nobody present, time is virtual: frame N happens at N/60 s
            dt = clock.tick(60) / 1000.0 if frames is None else 1 / 60
            now = None if frames is None else frame / 60
            for event in pygame.event.get():
                scene = stack[-1]
                action = scene.handle(event)
                if action == "compare":
                    stack.append(_compare_scene(scene, window.get_size()))
                elif action == "citizen":
                    from game.ui.citizen import CitizenScene

                    stack.append(CitizenScene(scene.session, window.get_size()))
                elif action == "back" and len(stack) > 1:
                    stack.pop()
                    stack[-1].enter(window.get_size())
                if event.type == pygame.VIDEORESIZE:
                    w, h = max(event.w, MIN_SIZE[0]), max(event.h, MIN_SIZE[1])
                    window = pygame.display.set_mode((w, h), pygame.RESIZABLE)
                    scene.enter((w, h))  # every scene can re-lay itself out
                if action == "quit":
                    return 0
                if action == "fullscreen":
                    pygame.display.toggle_fullscreen()
                    scene.enter(window.get_size())
                if action == "screenshot":
                    shots += 1
                    folder = getattr(stack[0], "screenshot_dir", None) or userdirs.exports_dir()
                    path = folder / f"sesame-{time.strftime('%Y%m%d-%H%M%S')}-{shots}.png"
                    save_screenshot(window, path)
                    if hasattr(scene, "say"):
                        scene.say(t("ui.saved_screenshot", path=userdirs.shown(path)))
            scene = stack[-1]
            if steps_per_frame is not None:
                for _ in range(steps_per_frame):
                    session.step_once()
            scene.update(dt, now)
            scene.draw(window, now)
            pygame.display.flip()
            if on_frame is not None:
                on_frame(frame, scene)
            frame += 1
        if screenshot:
            save_screenshot(window, screenshot)
        return 0
    finally:
        pygame.quit()
