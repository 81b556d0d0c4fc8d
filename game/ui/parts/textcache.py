"""Rendered text kept between frames: captions, ring labels and keys change a few times a
minute but are drawn sixty times a second (a font render is ~40 us; a dict hit ~0.2 us)."""

from __future__ import annotations

import pygame

from game.ui.drawing.text import wrap as _wrap

MAX_ENTRIES = 1024  # cleared when full: a new language or size renders again, once

_images: dict[tuple, pygame.Surface] = {}
_wrapped: dict[tuple, list[str]] = {}
_shades: dict[tuple, pygame.Surface] = {}


def render(font: pygame.font.Font, text: str, colour) -> pygame.Surface:
    key = (id(font), text, tuple(colour))
    img = _images.get(key)
    if img is None:
        if len(_images) >= MAX_ENTRIES:
            _images.clear()
        img = _images[key] = font.render(text, True, colour)
    return img


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    key = (id(font), text, int(width))
    lines = _wrapped.get(key)
    if lines is None:
        if len(_wrapped) >= MAX_ENTRIES:
            _wrapped.clear()
        lines = _wrapped[key] = _wrap(text, font, width)
    return lines


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
