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
