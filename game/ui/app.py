"""The window: one main loop of events -> scene -> draw, with the simulation on its own clock.

``run(...)`` is what ``sesame play`` calls: it opens the window, stacks the first scenes
(the sandbox; the chapters, citizen mode or a comparison on top when asked) and runs the
window's one loop (:func:`game.ui.scenes.scene.loop`, which the museum kiosk runs too).
With ``frames`` set the loop renders that many frames with nobody present (virtual time,
60 a second; works under SDL_VIDEODRIVER=dummy), which is how tests and benchmarks drive
the real window.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from game.ui.drawing.images import save_png
from game.ui.scenes.chapters import ChapterScene
from game.ui.scenes.citizen import CitizenScene
from game.ui.scenes.compare import CompareScene
from game.ui.scenes.sandbox import SandboxScene
from game.ui.scenes.scene import Scene, loop
from game.ui.session import Session


def run(scenario: str = "sesame", seed: int = 0, size: tuple[int, int] = (1280, 720),
        frames: int | None = None, screenshot: str | None = None, fullscreen: bool = False,
        steps_per_frame: int | None = None, on_frame=None, speed: int = 1,
        paused: bool = False, compare: str | None = None, tour: bool = False,
        save_dir: Path | None = None) -> int:
    """Open the window and play. Returns a process exit code."""
    window = open_window(size, pygame.RESIZABLE | (pygame.FULLSCREEN if fullscreen else 0))
    try:
        session = Session.open(scenario, seed)
        session.speed = speed
        session.paused = session.paused or paused  # asking to start paused never unpauses a challenge
        sandbox = SandboxScene(session, window.get_size(), save_dir=save_dir)
        sandbox.compare_with = compare or "no_scoring"
        stack: list[Scene] = [sandbox]  # other scenes push on top; "back" pops
        if tour:  # the guided chapters, the first-time player's path
            stack.append(ChapterScene(window.get_size(), seed))
        elif session.model.player is not None:  # a scenario with a character opens in citizen mode
            stack.append(CitizenScene(session, window.get_size()))
        if compare:
            stack.append(CompareScene.against(session, compare, window.get_size()))
        code = loop(window, stack, frames=frames, on_frame=on_frame, save_dir=save_dir,
                    step=session.step_once if steps_per_frame else None, steps_per_frame=steps_per_frame or 0)
        if screenshot:
            save_png(pygame.display.get_surface(), screenshot)
        return code
    finally:
        pygame.quit()


def open_window(size: tuple[int, int], flags: int) -> pygame.Surface:
    pygame.display.init()
    pygame.font.init()
    if not getattr(pygame, "IS_CE", False):
        raise RuntimeError("Open Sesame needs pygame-ce (pip install pygame-ce), not plain pygame")
    pygame.display.set_caption("Open Sesame")
    return pygame.display.set_mode(size, flags)
