"""Translucent panels kept between frames: captions, the lens's ring key and the cards are
redrawn sixty times a second on a shade that changes only with their size. (Their text is
remembered by :func:`game.ui.drawing.text.rendered` and :func:`game.ui.drawing.text.wrap`.)"""

from __future__ import annotations

import pygame

_shades: dict[tuple, pygame.Surface] = {}


def shade(size: tuple[int, int], colour) -> pygame.Surface:
    """A translucent panel of ``size`` (RGBA ``colour``)."""
    key = (tuple(size), tuple(colour))
    img = _shades.get(key)
    if img is None:
        if len(_shades) >= 64:
            _shades.clear()
        img = _shades[key] = pygame.Surface(size, pygame.SRCALPHA)
        img.fill(colour)
    return img
