"""Where things go on screen, from the window size alone (1024x600 up to 4K)."""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass
class Layout:
    """The sandbox's regions: the top bar, the society, the services strip under it, the
    charts column (the sidebar fills it with as many charts as stay readable), and the
    inspector and rules panels that open over the society's right and left sides."""

    size: tuple[int, int]
    scale: float
    top: pygame.Rect
    society: pygame.Rect
    services: pygame.Rect
    side: pygame.Rect
    inspector: pygame.Rect
    rules: pygame.Rect
    pad: int = 8

    @classmethod
    def for_size(cls, w: int, h: int, touch: bool = False, boost: float = 1.0) -> "Layout":
        """``touch``: a kiosk's touch screen, where every target is at least 48 px.
        ``boost``: larger type and controls (projector mode)."""
        s = scale_for(w, h, boost)
        pad = int(8 * s)
        top_h = max(int(52 * s), 64 if touch else 0)
        side_w = int(w * 0.34)
        services_h = int(92 * s)
        top = pygame.Rect(0, 0, w, top_h)
        side = pygame.Rect(w - side_w, top_h, side_w, h - top_h)
        main_w = w - side_w
        society = pygame.Rect(pad, top_h + pad, main_w - 2 * pad, h - top_h - services_h - 3 * pad)
        services = pygame.Rect(pad, society.bottom + pad, main_w - 2 * pad, services_h)
        insp_w = min(int(330 * s), society.width // 2)
        inspector = pygame.Rect(society.right - insp_w, society.y, insp_w, society.height)
        rules_w = min(int(320 * s), society.width // 2)
        rules = pygame.Rect(society.x, society.y, rules_w, society.height)
        return cls((w, h), s, top, society, services, side, inspector, rules, pad)


def scale_for(w: int, h: int, boost: float = 1.0) -> float:
    """Type and control scale for a window: 1 at 1280x720, 3 at 4K, times ``boost``
    (projector mode: 1.3)."""
    return max(0.8, min(w / 1280, h / 720, 3.0)) * boost


PROJECTOR_BOOST = 1.3
