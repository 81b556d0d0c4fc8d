"""Images in and out: surfaces saved as PNG files, atomically (a crash leaves the old file,
never half a PNG), and the service icons read."""

from __future__ import annotations

import io
from pathlib import Path

import pygame

from game.records.files import atomic_write


def png_bytes(surface: pygame.Surface) -> bytes:
    """The surface as a PNG file's bytes."""
    buf = io.BytesIO()
    pygame.image.save(surface, buf, "image.png")
    return buf.getvalue()


def save_png(surface: pygame.Surface, path: str | Path) -> Path:
    """Write the surface as PNG atomically; returns the path written."""
    return atomic_write(path, png_bytes(surface))


def load_icons(folder: Path) -> dict[str, pygame.Surface]:
    """Every PNG in ``folder`` by name (a file pygame cannot read is left out)."""
    icons = {}
    for p in sorted(Path(folder).glob("*.png")):
        try:
            icons[p.stem] = pygame.image.load(str(p))
        except pygame.error:
            continue
    return icons
