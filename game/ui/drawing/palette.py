"""Colours and shapes: the one place the look is decided (besides the pygame_gui theme).

Tier colours are from the Okabe-Ito colour-blind-safe palette and each tier also has its
own shape, so tiers stay distinct without colour.
"""

from __future__ import annotations

BACKGROUND = (18, 20, 28)
PANEL = (28, 31, 42)
PANEL_EDGE = (60, 64, 80)
TEXT = (232, 234, 240)
TEXT_DIM = (150, 156, 172)
GRID = (52, 56, 70)
TIE = (90, 98, 120)
TIE_SELECTED = (240, 228, 66)
SNAP = (230, 70, 60)
LISTED_RING = (0, 0, 0)
LISTED_MARK = (230, 70, 60)
SELECTED = (255, 255, 255)
GRANTED = (0, 158, 115)
DENIED = (213, 94, 0)
OBJECTIVE = {"met": GRANTED, "failed": SNAP, "on track": GRANTED, "behind": DENIED}  # a challenge goal's state

# best tier first; more than six tiers reuse colours but not shapes
TIER_COLOURS = [
    (86, 180, 233),   # sky blue
    (0, 158, 115),    # bluish green
    (240, 228, 66),   # yellow
    (213, 94, 0),     # vermillion
    (204, 121, 167),  # reddish purple
    (230, 159, 0),    # orange
]
TIER_SHAPES = ["circle", "square", "triangle", "diamond", "cross", "ring"]

SERIES_COLOURS = [(86, 180, 233), (230, 159, 0), (0, 158, 115), (204, 121, 167), (240, 228, 66),
                  (213, 94, 0)]


def tier_colour(i: int) -> tuple[int, int, int]:
    return TIER_COLOURS[i % len(TIER_COLOURS)]


def tier_shape(i: int) -> str:
    return TIER_SHAPES[i % len(TIER_SHAPES)]


_NORMAL = {"TEXT": TEXT, "TEXT_DIM": TEXT_DIM, "GRID": GRID, "TIE": TIE, "PANEL": PANEL,
           "BACKGROUND": BACKGROUND}
_PROJECTOR = {"TEXT": (255, 255, 255), "TEXT_DIM": (215, 220, 230), "GRID": (95, 100, 120),
              "TIE": (150, 160, 190), "PANEL": (12, 12, 16), "BACKGROUND": (0, 0, 0)}


def set_projector(on: bool) -> None:
    """High contrast for a washed-out classroom projector (black ground, white text, brighter
    lines). Tier colours and shapes do not change, so legends stay valid."""
    globals().update(_PROJECTOR if on else _NORMAL)


def projector() -> bool:
    return TEXT == _PROJECTOR["TEXT"]
