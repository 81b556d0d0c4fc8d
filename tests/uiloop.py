"""Driving a scene the way the app does, with real pygame events (shared by the UI tests)."""

from __future__ import annotations

import pygame


def pump(window, scene, frames=3, t0=0.0):
    """Run the app loop for a few frames: real pygame event queue -> scene -> draw."""
    for k in range(frames):
        for event in pygame.event.get():
            scene.handle(event)
        scene.update(1 / 60, t0 + k / 60)
        scene.draw(window, t0 + k / 60)


def post_key(key):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))


def click(pos):
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))


def sandbox_window(size: tuple[int, int] = (1280, 720), seed: int = 3, steps: int = 0):
    """A real window with the default scenario's sandbox, paused after ``steps`` steps:
    yields ``(window, scene)`` and closes the display (and goes back to English) after."""
    from game.ui.drawing.text import set_language
    from game.ui.scenes.sandbox import SandboxScene
    from game.ui.session import Session

    pygame.display.init()
    pygame.font.init()
    window = pygame.display.set_mode(size)
    session = Session.open("sesame", seed=seed)
    session.paused = True
    for _ in range(steps):
        session.step_once()
    yield window, SandboxScene(session, size)
    set_language("en")
    pygame.quit()
