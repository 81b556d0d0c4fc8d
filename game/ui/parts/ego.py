"""One citizen and their friends, drawn as an ego network: the citizen in the middle, their
friends on a ring around them (tier colour and shape, score), the friends who dropped
them on an outer ring with a red line each and the step it happened. Citizen mode draws
the player with it; any view that centres one citizen can."""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.modes.citizen import who_dropped
from game.ui.drawing import boxes, palette
from game.ui.drawing.text import draw_text, t, wrap
from game.ui.parts.society import _sprite

DROPPED_SHOWN = 12  # the latest friends who left, on the outer ring


class EgoView:
    def __init__(self, rect: pygame.Rect, fonts):
        self.rect, self.fonts = rect, fonts

    def ring(self, model, me: int) -> tuple[tuple[int, int], dict[int, tuple[float, float]]]:
        """The centre, and each friend's place on the inner ring (best score at the top)."""
        friends = model.friends.neighbours(me)
        friends = friends[np.argsort(-model.score[friends])]
        c = self.rect.center
        r1 = min(self.rect.width, self.rect.height) * 0.28
        k_all = max(len(friends), 1)
        pos = {int(f): (c[0] + r1 * math.cos(2 * math.pi * k / k_all - math.pi / 2),
                        c[1] + r1 * math.sin(2 * math.pi * k / k_all - math.pi / 2)) for k, f in enumerate(friends)}
        return c, pos

    def friend_at(self, model, me: int, p) -> int | None:
        """The friend drawn nearest ``p``, if it is within reach of a click or a finger."""
        _, pos = self.ring(model, me)
        best = min(pos.items(), key=lambda kv: (kv[1][0] - p[0]) ** 2 + (kv[1][1] - p[1]) ** 2, default=None)
        reach = max(30, self.fonts.small.get_height() * 2)
        if best and (best[1][0] - p[0]) ** 2 + (best[1][1] - p[1]) ** 2 < reach ** 2:
            return best[0]
        return None

    def draw(self, surf, model, me: int, name: str, selected: int | None = None,
             help_text: str | None = None) -> None:
        """Draw the view; ``help_text`` (default: the player's own, "You in the middle...") heads it."""
        f, area = self.fonts, self.rect
        pygame.draw.rect(surf, palette.PANEL, area, border_radius=8)
        boxes.note_panel(area, "ego")
        y = area.y + 8
        for line in wrap(t("citizen.ego_help") if help_text is None else help_text, f.small, area.width - 20):
            draw_text(surf, f.small, line, palette.TEXT_DIM, (area.x + 10, y), bound=area, owner="ego help")
            y += f.small.get_linesize()
        c, pos = self.ring(model, me)
        outer = min(area.width, area.height) * 0.42
        dot = max(5, f.small.get_height() // 2)
        lw = max(1, dot // 6)  # lines thicken with the type (a hairline at 4K is lost)
        taken = [pygame.Rect(area.x, area.y, area.width, y - area.y)]
        dropped = who_dropped(model, me, last=DROPPED_SHOWN)
        for k, (step, who) in enumerate(dropped):
            a = 2 * math.pi * k / max(len(dropped), 1)
            p = (c[0] + outer * math.cos(a), c[1] + outer * math.sin(a))
            pygame.draw.line(surf, palette.SNAP, c, p, lw)
            pygame.draw.circle(surf, palette.GRID, p, dot)
            self._label(surf, f"#{who} ({step})", p, palette.TEXT_DIM, taken, dot + 2)
        for j, p in pos.items():
            pygame.draw.line(surf, palette.TIE_SELECTED if j == selected else palette.TIE, c, p, lw + 1)
        for j, p in pos.items():
            sp = _sprite(palette.tier_shape(int(model.tier[j])), palette.tier_colour(int(model.tier[j])), dot)
            surf.blit(sp, (p[0] - sp.get_width() // 2, p[1] - sp.get_height() // 2))
            if model.listed[j]:
                pygame.draw.circle(surf, palette.LISTED_MARK, p, dot + 4, lw + 1)
            self._label(surf, f"{model.score[j]:.0f}", p, palette.TEXT, taken, dot + 3)
        big = max(16, f.normal.get_height() + 6)
        sp = _sprite(palette.tier_shape(int(model.tier[me])), palette.tier_colour(int(model.tier[me])), big)
        surf.blit(sp, (c[0] - sp.get_width() // 2, c[1] - sp.get_height() // 2))
        if model.listed[me]:
            pygame.draw.circle(surf, palette.LISTED_MARK, c, big + 8, lw + 2)
        draw_text(surf, f.normal, t("citizen.name_score", name=name, score=f"{model.score[me]:.0f}"), palette.TEXT,
                  (c[0], c[1] + big + 10), "midtop", bound=area, owner="ego name")

    def _label(self, surf, text: str, at, colour, taken: list[pygame.Rect], gap: int = 0) -> None:
        """A small label right of the point ``at`` (``gap`` px clear of it), or left of it when
        the right side would leave the panel or cover another label; none if neither fits."""
        f = self.fonts.small
        box = pygame.Rect((0, 0), f.size(text))
        for side in ("right", "left"):
            if side == "right":
                box.midleft = (round(at[0]) + gap, round(at[1]))
            else:
                box.midright = (round(at[0]) - gap, round(at[1]))
            if self.rect.contains(box) and box.inflate(2, 0).collidelist(taken) < 0:
                draw_text(surf, f, text, colour, box.topleft, bound=self.rect, owner="ego label")
                taken.append(box.copy())
                return
