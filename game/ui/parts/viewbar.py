"""The society's own controls, top right of the picture: the map or the tier view, the
reveal of what people think, and a key to the speech bubbles (drawn, not pygame_gui
widgets, so they sit on the picture in every scene that shows it; touch-sized in the kiosk)."""

from __future__ import annotations

import pygame

from game.ui.drawing import boxes, palette
from game.ui.drawing.text import draw_text, t
from game.ui.parts import textcache
from game.ui.parts.society import bubble

BUTTONS = ("map", "tiers", "thoughts")


class ViewBar:
    def __init__(self) -> None:
        self.rects: dict[str, pygame.Rect] = {}
        self.key_rect: pygame.Rect | None = None

    def draw(self, surf, area: pygame.Rect, fonts, mode: str, reveal: bool, touch: bool = False,
             lens_open: bool = False) -> pygame.Rect:
        """The buttons and the key; returns the rect they cover."""
        f = fonts.small
        h = max(48 if touch else 0, f.get_linesize() + 12)
        labels = {"map": t("view.back_to_map") if lens_open else t("view.map"), "tiers": t("view.tiers"),
                  "thoughts": t("view.thoughts_on" if reveal else "view.thoughts_off")}
        w = max(f.size(labels[k])[0] for k in BUTTONS) + 24
        x, y = area.right - 6 - w, area.y + 6
        self.rects = {}
        for k in BUTTONS:  # stacked at the right edge, so the top middle stays free for captions
            r = pygame.Rect(x, y, w, h)
            on = (k == "map" and mode == "map" and not lens_open) or (k == "tiers" and mode == "tiers") \
                or (k == "thoughts" and reveal)
            pygame.draw.rect(surf, palette.PANEL_EDGE if on else palette.PANEL, r, border_radius=6)
            pygame.draw.rect(surf, palette.TIE_SELECTED if on else palette.TEXT_DIM, r, 1, border_radius=6)
            boxes.note_panel(r, "view button")
            draw_text(surf, f, labels[k], palette.TEXT, r.center, "center", bound=r, owner="view button")
            self.rects[k] = r
            y = r.bottom + 4
        covered = self.rects[BUTTONS[0]].union(self.rects[BUTTONS[-1]])
        return covered.union(self._key(surf, covered, f, reveal))

    def _key(self, surf, below: pygame.Rect, f, reveal: bool) -> pygame.Rect:
        """What the bubbles mean, under the buttons."""
        r = max(4, f.get_linesize() // 3)
        rows = [(bubble(r, True), t("view.key_speaks"))]
        if reveal:
            rows.append((bubble(r, False), t("view.key_quiet")))
        lh = f.get_linesize() + 2
        w = max(f.size(text)[0] for _, text in rows) + 3 * r + 24
        box = pygame.Rect(below.right - w, below.bottom + 4, w, lh * len(rows) + 8)
        surf.blit(textcache.shade(box.size, (*palette.PANEL, 200)), box)
        pygame.draw.rect(surf, palette.PANEL_EDGE, box, 1, border_radius=4)
        boxes.note_panel(box, "speech key")
        for k, (mark, text) in enumerate(rows):
            y = box.y + 4 + k * lh
            surf.blit(mark, (box.x + 8, y + (lh - mark.get_height()) // 2))
            draw_text(surf, f, text, palette.TEXT, (box.x + 14 + 2 * r + 4, y), bound=box, owner="speech key")
        self.key_rect = box
        return box

    def hit(self, pos) -> str | None:
        return next((k for k, r in self.rects.items() if r.collidepoint(pos)), None)
