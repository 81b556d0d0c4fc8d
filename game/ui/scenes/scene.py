"""What every screen of the window is: a scene with a tiny lifecycle.

The window (:func:`game.ui.app.loop`) keeps a stack of scenes and, every frame, gives each
input event to the top one (:meth:`Scene.handle`), then lets it advance
(:meth:`Scene.update`) and paint (:meth:`Scene.draw`). :meth:`Scene.enter` lays a scene
out for the window's size, when it is built, resized or back on top; :meth:`Scene.exit`
is called as it leaves the stack.

``handle`` returns what the window should do next, python-tcod style:

- ``None``: nothing;
- another :class:`Scene`: push it on top (a comparison, citizen mode, ...);
- ``"back"``: leave this scene (the one below is entered again);
- ``"quit"``, ``"fullscreen"``, ``"screenshot"``: the window's own actions.

``now`` is the frame's time in seconds (real, or virtual when frames are rendered with
nobody present); ``dt`` the seconds since the last frame. :func:`loop` is the window's one
main loop, for ``sesame play`` (:mod:`game.ui.app`) and the museum kiosk alike.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Union

import pygame

from game.records import userdirs
from game.ui.drawing.images import save_png
from game.ui.drawing.text import t

MIN_SIZE = (1024, 600)

class Scene:
    """A screen of the window (sandbox, chapters, citizen mode, compare, kiosk)."""

    size: tuple[int, int] = (0, 0)

    def enter(self, size: tuple[int, int]) -> None:
        """Lay out for a window of ``size`` pixels (also after a resize or a language switch)."""
        self.size = size

    def handle(self, event: pygame.event.Event, now: float | None = None) -> Action:
        """React to one input event; returns what the window should do (see the module)."""
        return None

    def update(self, dt: float, now: float | None = None) -> None:
        """Advance by ``dt`` seconds (the simulation runs on its own clock)."""

    def draw(self, surface: pygame.Surface, now: float | None = None) -> None:
        """Paint the whole screen."""

    def exit(self) -> None:
        """Leaving the window's stack: let go of what the scene holds."""

    def say(self, text: str) -> None:
        """Show a one-line message (the window reports where a screenshot went)."""


Action = Union[None, str, Scene]


def loop(window: pygame.Surface, stack: list[Scene], *, frames: int | None = None, on_frame=None,
         save_dir: Path | None = None, recover: Callable[[BaseException, float], None] | None = None,
         step: Callable[[], None] | None = None, steps_per_frame: int = 0,
         reopen: Callable[[], pygame.Surface] | None = None) -> int:
    """Run the top scene of ``stack`` until it says quit (or for ``frames`` frames).

    ``recover(exc, now)``, when given, takes any exception a frame raises - from a scene,
    from the event queue or from ``display.flip`` - (the kiosk logs it and starts over)
    instead of letting it end the program; if the display itself went away, ``reopen()``
    makes a new window (tried again every frame until it works). ``step`` is run
    ``steps_per_frame`` times a frame besides the scene's own clock (benchmarks).
    """
    clock, frame, shots = pygame.time.Clock(), 0, 0
    while frames is None or frame < frames:
        # with nobody present, time is virtual: frame N happens at N/60 s
        dt = clock.tick(60) / 1000.0 if frames is None else 1 / 60
        now = time.perf_counter() if frames is None else frame / 60
        try:
            if recover is not None and reopen is not None and pygame.display.get_surface() is None:
                window = reopen()
                stack[-1].enter(window.get_size())
            for event in pygame.event.get():
                action = stack[-1].handle(event, now)
                if event.type == pygame.VIDEORESIZE:
                    size = max(event.w, MIN_SIZE[0]), max(event.h, MIN_SIZE[1])
                    window = pygame.display.set_mode(size, pygame.RESIZABLE)
                    stack[-1].enter(size)  # every scene can re-lay itself out
                if action == "quit":
                    return 0
                if action == "screenshot":
                    shots += 1
                    _screenshot(window, stack, save_dir, shots)
                else:
                    window = _follow(action, window, stack)
            for _ in range(steps_per_frame):
                step()
            stack[-1].update(dt, now)
            stack[-1].draw(window, now)
            pygame.display.flip()
        except Exception as exc:  # noqa: BLE001 - only where the caller asked to recover (the kiosk)
            if recover is None:
                raise
            recover(exc, now)
        if on_frame is not None:
            on_frame(frame, stack[-1])
        frame += 1
    return 0


def _follow(action, window: pygame.Surface, stack: list[Scene]) -> pygame.Surface:
    """Push a scene, go back, or toggle fullscreen, as the top scene asked."""
    if isinstance(action, Scene):
        stack.append(action)
    elif action == "back" and len(stack) > 1:
        stack.pop().exit()
        stack[-1].enter(window.get_size())
    elif action == "fullscreen":
        pygame.display.toggle_fullscreen()
        window = pygame.display.get_surface()
        stack[-1].enter(window.get_size())
    return window


def _screenshot(window: pygame.Surface, stack: list[Scene], save_dir: Path | None, shots: int) -> None:
    folder = save_dir or userdirs.exports_dir()
    path = folder / f"sesame-{time.strftime('%Y%m%d-%H%M%S')}-{shots}.png"
    save_png(window, path)
    stack[-1].say(t("ui.saved_screenshot", path=userdirs.shown(path)))
