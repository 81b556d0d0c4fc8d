"""Surfaces saved as PNG files, atomically (a crash leaves the old file, never half a PNG)."""

from __future__ import annotations

import io
from pathlib import Path

import pygame

from game.records.files import atomic_write


def save_png(surface: pygame.Surface, path: str | Path) -> Path:
    """Write the surface as PNG atomically; returns the path written."""
    buf = io.BytesIO()
    pygame.image.save(surface, buf, "image.png")
    return atomic_write(path, buf.getvalue())
