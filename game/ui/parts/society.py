"""The society: every citizen a dot (colour and shape by tier), ties as faint lines,
the blacklisted ringed, events animated.

Positions come from a stable layout computed once per run. Ties are drawn into a cached
surface that is redrawn only when the friendship graph changes; dots are pre-rendered
sprites blitted in one ``Surface.blits`` call, so 5,000 citizens cost a few milliseconds.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.ui.drawing import palette

ALL_TIES_UP_TO = 2000  # above this many citizens only the selected citizen's ties are drawn
SNAP_SECONDS = 1.4
PULSE_SECONDS = 1.2
WAVE_DELAY = 0.18  # seconds between cascade depths within one step, so a cascade reads as a wave
MAX_ANIMATIONS = 600
TIES_REFRESH_S = 0.5  # the tie layer is redrawn at most this often (snaps animate the changes)
FADE_LEVELS = 16


def _sprite(shape: str, colour, r: int) -> pygame.Surface:
    size = 2 * r + 3
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    c = size // 2
    edge = (10, 10, 14)
    if shape == "circle":
        pygame.draw.circle(s, colour, (c, c), r)
        pygame.draw.circle(s, edge, (c, c), r, 1)
    elif shape == "square":
        rect = pygame.Rect(0, 0, int(1.7 * r), int(1.7 * r))
        rect.center = (c, c)
        pygame.draw.rect(s, colour, rect)
        pygame.draw.rect(s, edge, rect, 1)
    elif shape == "triangle":
        pts = [(c, c - r - 1), (c - r - 1, c + r), (c + r + 1, c + r)]
        pygame.draw.polygon(s, colour, pts)
        pygame.draw.polygon(s, edge, pts, 1)
    elif shape == "diamond":
        pts = [(c, c - r - 1), (c + r + 1, c), (c, c + r + 1), (c - r - 1, c)]
        pygame.draw.polygon(s, colour, pts)
        pygame.draw.polygon(s, edge, pts, 1)
    elif shape == "cross":
        w = max(2, r // 2)
        pygame.draw.rect(s, colour, (c - w, c - r, 2 * w + 1, 2 * r + 1))
        pygame.draw.rect(s, colour, (c - r, c - w, 2 * r + 1, 2 * w + 1))
    else:
        pygame.draw.circle(s, colour, (c, c), r, max(2, r // 2))
    return s


class SocietyView:
    """Draws one model's citizens into a rect; knows where each citizen is on screen."""

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 1, 1)
        self.xy = np.zeros((0, 2), dtype=np.int32)
        self._ties_key = None
        self._ties: pygame.Surface | None = None
        self._sprites: list[pygame.Surface] = []
        self.radius = 4
        self.anims: list[tuple] = []  # (kind, born, delay, payload)
        self.selected: int | None = None

    def fit(self, rect: pygame.Rect, positions: np.ndarray, n_tiers: int) -> None:
        """Map layout positions in [0,1]^2 into ``rect`` keeping the aspect ratio."""
        self.rect = rect.copy()
        n = len(positions)
        side = min(rect.width, rect.height)
        margin = max(8, side // 30)
        box = side - 2 * margin
        ox = rect.x + (rect.width - box) // 2
        oy = rect.y + (rect.height - box) // 2
        self.xy = np.column_stack([ox + positions[:, 0] * box, oy + positions[:, 1] * box]).astype(np.int32)
        self.xy_list = [tuple(p) for p in self.xy.tolist()]
        self.radius = int(max(2, min(9, 0.32 * box / math.sqrt(max(n, 1)))))
        self._sprites = [_sprite(palette.tier_shape(i), palette.tier_colour(i), self.radius)
                         for i in range(n_tiers)]
        self._ring = pygame.Surface((2 * self.radius + 9,) * 2, pygame.SRCALPHA)
        c = self.radius + 4
        pygame.draw.circle(self._ring, palette.LISTED_MARK, (c, c), self.radius + 3, 2)
        self._ties_key = None
        self._sprite_pos = [(x - self.radius - 1, y - self.radius - 1) for x, y in self.xy_list]
        self._ties_at = -1e9

    # --- ties -----------------------------------------------------------------------
    def _tie_layer(self, model, now: float) -> pygame.Surface | None:
        if model.n > ALL_TIES_UP_TO:
            return None
        key = (model.friends.version, self.rect.size, id(model))
        stale = self._ties_key is None or key[1:] != self._ties_key[1:]
        if key != self._ties_key and (stale or now - self._ties_at >= TIES_REFRESH_S):
            self._ties_at = now
            layer = pygame.Surface(self.rect.size, pygame.SRCALPHA)
            u, v, _ = model.friends.live()
            a = self.xy[u] - self.rect.topleft
            b = self.xy[v] - self.rect.topleft
            colour = (*palette.TIE, 70)
            line = pygame.draw.line
            for p, q in zip(a.tolist(), b.tolist()):
                line(layer, colour, p, q)
            self._ties, self._ties_key = layer, key
        return self._ties

    # --- events -> animations -------------------------------------------------------
    def add_events(self, cols: dict, now: float) -> None:
        """Turn new domain events (columns from the model's log) into animations."""
        kinds = cols["kind"]
        if kinds.size:  # after a backlog (a slow frame, a fast-forward) animate the last steps only
            kinds = np.where(cols["step"] >= cols["step"].max() - 1, kinds, -1)
        for i in np.flatnonzero(kinds == 2)[-MAX_ANIMATIONS:]:  # unfriended
            delay = WAVE_DELAY * (int(cols["depth"][i]) - 1) % 1.5
            self.anims.append(("snap", now, delay, (int(cols["a"][i]), int(cols["b"][i]))))
        for i in np.flatnonzero(kinds == 0)[-50:]:  # blacklisted
            self.anims.append(("pulse", now, 0.0, int(cols["a"][i])))
        if len(self.anims) > MAX_ANIMATIONS:
            self.anims = self.anims[-MAX_ANIMATIONS:]

    def _draw_anims(self, surf: pygame.Surface, now: float) -> None:
        alive, xy = [], self.xy_list
        snap_cols, pulse_cols = _FADES["snap"], _FADES["pulse"]
        line, circle = pygame.draw.line, pygame.draw.circle
        for anim in self.anims:
            kind, born, delay, payload = anim
            age = now - born - delay
            life = SNAP_SECONDS if kind == "snap" else PULSE_SECONDS
            if age > life:
                continue
            alive.append(anim)
            if age < 0:
                continue
            f = 1.0 - age / life
            level = min(int(f * FADE_LEVELS), FADE_LEVELS - 1)
            if kind == "snap":
                (ax, ay), (bx, by) = xy[payload[0]], xy[payload[1]]
                k = 0.5 * (1 - 0.5 * age / life)  # the line breaks in the middle and retracts
                col = snap_cols[level]
                line(surf, col, (ax, ay), (ax + (bx - ax) * k, ay + (by - ay) * k), 2)
                line(surf, col, (bx, by), (bx + (ax - bx) * k, by + (ay - by) * k), 2)
            else:
                circle(surf, pulse_cols[level], xy[payload], int(self.radius + 4 + 18 * (1 - f)), 2)
        self.anims = alive

    # --- drawing --------------------------------------------------------------------
    def draw(self, surf: pygame.Surface, model, now: float) -> None:
        prev = surf.get_clip()
        surf.set_clip(self.rect)
        layer = self._tie_layer(model, now)
        if layer is not None:
            surf.blit(layer, self.rect.topleft)
        if self.selected is not None:
            self._draw_selected_ties(surf, model)
        sprites = self._sprites
        surf.blits(list(zip([sprites[t] for t in model.tier.tolist()], self._sprite_pos)), doreturn=False)
        listed = np.flatnonzero(model.listed)
        if listed.size:
            ro = self.radius + 4
            surf.blits([(self._ring, (x - ro, y - ro)) for x, y in self.xy[listed].tolist()], doreturn=False)
        self._draw_anims(surf, now)
        if self.selected is not None:
            pygame.draw.circle(surf, palette.SELECTED, self.xy[self.selected], self.radius + 6, 2)
        surf.set_clip(prev)

    def _draw_selected_ties(self, surf, model) -> None:
        me = self.xy[self.selected]
        for j in model.friends.neighbours(self.selected).tolist():
            pygame.draw.line(surf, palette.TIE_SELECTED, me, self.xy[j], 2)

    def citizen_at(self, pos: tuple[int, int]) -> int | None:
        """The citizen under a click or tap (generous radius for fingers), or None."""
        if len(self.xy) == 0 or not self.rect.collidepoint(pos):
            return None
        d2 = ((self.xy - np.array(pos)) ** 2).sum(axis=1)
        i = int(np.argmin(d2))
        return i if d2[i] <= (self.radius + 10) ** 2 else None


def _fade(colour, f: float):
    bg = palette.BACKGROUND
    return tuple(int(bg[k] + (colour[k] - bg[k]) * f) for k in range(3))


_FADES = {name: [_fade(c, (i + 1) / FADE_LEVELS) for i in range(FADE_LEVELS)]
          for name, c in (("snap", palette.SNAP), ("pulse", palette.LISTED_MARK))}
