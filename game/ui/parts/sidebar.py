"""The key charts beside the society (:data:`game.ui.drawing.key_charts.SIDEBAR`), drawn
into an image that is repainted at most every ``REFRESH_S`` while the simulation runs (it
may step faster than charts are worth drawing) and at once when paused or resized."""

from __future__ import annotations

import pygame

from game.ui.drawing import key_charts

REFRESH_S = 0.25


class Sidebar:
    def __init__(self) -> None:
        self.key = None  # (step, window size, model) the image shows
        self.at = -1e9  # when it was painted
        self.image: pygame.Surface | None = None

    def draw(self, surf: pygame.Surface, model, layout, fonts, paused: bool, now: float) -> None:
        key = (model.steps, layout.size, id(model))
        fresh = self.key is None or key[1:] != self.key[1:] or paused
        if key != self.key and (fresh or now - self.at >= REFRESH_S):
            self.at = now
            self.image = pygame.Surface(layout.size, pygame.SRCALPHA)
            key_charts.paint(self.image, layout.charts, key_charts.named(model, key_charts.SIDEBAR), fonts)
            self.key = key
        surf.blit(self.image, (0, 0))
