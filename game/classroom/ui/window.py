"""The projector window's loop: events, draw, flip; ``frames`` renders with nobody present."""

from __future__ import annotations

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

from game.classroom.ui.projector import ProjectorScene  # noqa: E402


def run_window(server, join_url: str, console_url: str, size=(1280, 720), fullscreen: bool = False,
               frames: int | None = None, screenshot: str | None = None, on_frame=None) -> int:
    pygame.display.init()
    pygame.font.init()
    try:
        pygame.display.set_caption(f"Open Sesame - class {server.room.code}")
        flags = pygame.RESIZABLE | (pygame.FULLSCREEN if fullscreen else 0)
        window = pygame.display.set_mode(size, flags)
        scene = ProjectorScene(server, join_url, console_url, window.get_size())
        clock = pygame.time.Clock()
        frame = 0
        while frames is None or frame < frames:
            clock.tick(30)
            for event in pygame.event.get():
                action = scene.handle(event)
                if action == "quit":
                    return 0
                if action == "fullscreen":
                    pygame.display.toggle_fullscreen()
                    scene.enter(window.get_size())
                if event.type == pygame.VIDEORESIZE:
                    window = pygame.display.set_mode((max(event.w, 800), max(event.h, 500)), pygame.RESIZABLE)
                    scene.enter(window.get_size())
            scene.draw(window)
            pygame.display.flip()
            if on_frame is not None:
                on_frame(frame, scene)
            frame += 1
        if screenshot:
            from game.ui.app import save_screenshot

            save_screenshot(window, screenshot)
        return 0
    finally:
        pygame.quit()
