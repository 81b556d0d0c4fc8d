"""The society: every citizen a dot (colour and shape by tier), ties as faint lines, the
blacklisted ringed, and the three phenomena on the citizens themselves:

* speech: a white speech bubble over whoever says what they think in public; with
  ``reveal`` on, a hollow bubble over whoever disagrees but keeps quiet (the private/public
  gap, seen);
* cascades: snapping lines, and the lens (:mod:`game.ui.parts.lens`) that lays a cascade's
  rings out around the listed citizen;
* tiered access: the ``tiers`` arrangement (bands by tier, columns by neighbourhood) and
  each refusal popping up at the citizen with the service's icon.

Positions come from a stable layout computed once per run; a rearrangement eases every
citizen towards its new place. Ties are drawn into a cached surface that is redrawn only
when the friendship graph changes and nobody is moving; dots, bubbles and rings are
pre-rendered sprites blitted in one ``Surface.blits`` call each, so 5,000 citizens cost a
few milliseconds.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.ui.drawing import palette
from game.ui.drawing.text import draw_text
from game.ui.parts import arrange
from game.ui.parts.lens import Lens

ALL_TIES_UP_TO = 2000  # above this many citizens only the selected citizen's ties are drawn
SNAP_SECONDS = 1.4
PULSE_SECONDS = 1.2
POP_SECONDS = 1.5  # a refusal's icon over the citizen
MAX_POPS = {"tiers": 24, "map": 10, "lens": 8}  # refusal icons on screen at once (every k-th when there are more)
WAVE_DELAY = 0.18  # seconds between cascade depths within one step, so a cascade reads as a wave
MAX_ANIMATIONS = 600
TIES_REFRESH_S = 0.5  # the tie layer is redrawn at most this often (snaps animate the changes)
FADE_LEVELS = 16
EASE_PER_S = 5.0  # how fast citizens move to a new arrangement (share of the way per second)
THOUGHT = (255, 140, 210)  # the hollow bubble: disagrees, keeps quiet


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


def bubble(r: int, filled: bool) -> pygame.Surface:
    """A speech bubble for a dot of radius ``r``: filled white (says it in public) or hollow
    pink (thinks it, keeps quiet); its tail points down-left at the citizen."""
    w, h = max(5, int(1.4 * r) + 2), max(4, r + 1)
    s = pygame.Surface((w + 2, h + 3), pygame.SRCALPHA)
    body = pygame.Rect(1, 0, w, h)
    colour = (250, 250, 250) if filled else THOUGHT
    tail = [(2, h - 1), (2, h + 2), (min(w // 2, 5), h - 1)]
    if filled:
        pygame.draw.rect(s, (10, 10, 14), body.inflate(2, 2), border_radius=max(2, h // 2))
        pygame.draw.rect(s, colour, body, border_radius=max(2, h // 2))
        pygame.draw.polygon(s, colour, tail)
    else:
        pygame.draw.rect(s, (10, 10, 14), body.inflate(2, 2), border_radius=max(2, h // 2))
        pygame.draw.rect(s, colour, body, 2, border_radius=max(2, h // 2))
        pygame.draw.line(s, colour, tail[0], tail[1], 2)
    return s


def _fade(colour, f: float):
    bg = palette.BACKGROUND
    return tuple(int(bg[k] + (colour[k] - bg[k]) * f) for k in range(3))


class SocietyView:
    """Draws one model's citizens into a rect; knows where each citizen is on screen.

    ``mode`` is ``"map"`` (the layout by neighbourhood) or ``"tiers"`` (bands by tier);
    ``lens`` is an open :class:`~game.ui.parts.lens.Lens` or None; ``reveal`` shows who
    disagrees but keeps quiet."""

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 1, 1)
        self.home = np.zeros((0, 2))
        self.pos = np.zeros((0, 2))
        self.xy = np.zeros((0, 2), dtype=np.int32)
        self.xy_list: list[tuple[int, int]] = []
        self._ties_key = None
        self._ties: pygame.Surface | None = None
        self._sprites: list[pygame.Surface] = []
        self.radius = 4
        self.anims: list[tuple] = []  # (kind, born, delay, payload)
        self.pops: list[tuple[float, int, int]] = []  # (born, citizen, service): refusals shown
        self.selected: int | None = None
        self.mode = "map"
        self.reveal = True
        self.lens: Lens | None = None
        self.lens_key: pygame.Rect | None = None
        self.bands: list[tuple[float, float]] = []  # the tiers arrangement's bands (y top, y bottom)
        self.tier_area: pygame.Rect | None = None  # where the bands go (the screen keeps its legends clear)
        self._label_fonts = None  # the fonts the bands' labels are drawn in (they size the label column)
        self._goal_key = None
        self._last_now: float | None = None
        self.moving = False

    def fit(self, rect: pygame.Rect, positions: np.ndarray, n_tiers: int) -> None:
        """Map layout positions in [0,1]^2 into ``rect`` keeping the aspect ratio."""
        self.rect = rect.copy()
        n = len(positions)
        side = min(rect.width, rect.height)
        margin = max(8, side // 30)
        box = side - 2 * margin
        ox = rect.x + (rect.width - box) // 2
        oy = rect.y + (rect.height - box) // 2
        self.home = np.column_stack([ox + positions[:, 0] * box, oy + positions[:, 1] * box]).astype(np.float64)
        self.pos = self.home.copy()
        self.radius = int(max(2, min(9, 0.32 * box / math.sqrt(max(n, 1)))))
        self._sprites = [_sprite(palette.tier_shape(i), palette.tier_colour(i), self.radius) for i in range(n_tiers)]
        self._sprites += [_dim(s) for s in self._sprites]  # tier + n_tiers: drawn faint
        self.n_tiers = n_tiers
        self._ring = pygame.Surface((2 * self.radius + 9,) * 2, pygame.SRCALPHA)
        c = self.radius + 4
        pygame.draw.circle(self._ring, palette.LISTED_MARK, (c, c), self.radius + 3, 2)
        self._hit_ring = pygame.Surface((2 * self.radius + 9,) * 2, pygame.SRCALPHA)
        pygame.draw.circle(self._hit_ring, palette.SNAP, (c, c), self.radius + 2, 1)
        self._speech = bubble(self.radius, True)
        self._thought = bubble(self.radius, False)
        self._pop_icons: dict[int, pygame.Surface] = {}
        self._ties_key = None
        self._goal_key = None
        self.lens = None
        self._ties_at = -1e9
        self._set_xy()

    def _set_xy(self) -> None:
        self.xy = np.rint(self.pos).astype(np.int32)
        self.xy_list = [tuple(p) for p in self.xy.tolist()]
        r = self.radius + 1
        self._sprite_pos = [(x - r, y - r) for x, y in self.xy_list]

    # --- arrangements --------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self._goal_key = None

    def open_lens(self, model, citizen: int, root: int, now: float) -> Lens:
        self.lens = Lens(model, citizen, root, self.rect, 2 * self.radius + 2, now)
        self._ties_key = None
        return self.lens

    def _goal(self, model, now: float) -> np.ndarray:
        """Where everyone is heading now: the map, the tier bands, or a lens between them."""
        base = self.home
        if self.mode == "tiers":
            area = self.tier_area if self.tier_area is not None else self.rect
            f = self._label_fonts
            key = (model.steps, id(model), tuple(area), id(f))
            if key != self._goal_key:
                # each band's label on one line at its left ("C  43%"): as wide and as tall as the fonts need
                self.name_w = max((f.normal.size(name)[0] for name in model.tier_names), default=0) if f else 30
                need = self.name_w + (f.small.size("  100%")[0] + 12 if f else 40)
                self.label_w = min(need, area.width // 4)
                self._tier_goal, self.bands = arrange.tier_bands(
                    model.tier, model.group, model.score, tuple(area.inflate(-8, -4)), self.n_tiers,
                    2 * self.radius + 2, label_w=self.label_w,
                    min_band_h=f.normal.get_linesize() + 2 if f else 0.0)
                self._goal_key = key
            base = self._tier_goal
        if self.lens is not None:
            k = self.lens.amount(now)
            if self.lens.closed(now):
                self.lens = None
                self._ties_key = None
            elif k > 0:
                return base + (self.lens.goal - base) * k
        return base

    def _move(self, model, now: float) -> None:
        goal = self._goal(model, now)
        dt = 0.0 if self._last_now is None else max(0.0, min(now - self._last_now, 0.1))
        self._last_now = now
        gap = goal - self.pos
        far = np.abs(gap).max() if gap.size else 0.0
        lensing = self.lens is not None and 0.0 < self.lens.amount(now) < 1.0
        if far < 0.5:
            self.moving = False
            if far > 0:
                self.pos = goal.copy()
                self._set_xy()
            return
        self.moving = True
        self.pos = goal.copy() if lensing else self.pos + gap * min(1.0, EASE_PER_S * dt)
        self._set_xy()

    # --- ties -----------------------------------------------------------------------
    def _tie_layer(self, model, now: float) -> pygame.Surface | None:
        if self.moving or self.mode == "tiers" and self.lens is None:
            return None
        if self.lens is None and model.n > ALL_TIES_UP_TO:
            return None
        lens_key = None if self.lens is None else (id(self.lens), len(self.lens.cut))
        key = (model.friends.version, self.rect.size, id(model), lens_key, self.mode)
        stale = self._ties_key is None or key[1:] != self._ties_key[1:]
        if key != self._ties_key and (stale or now - self._ties_at >= TIES_REFRESH_S):
            self._ties_at = now
            layer = pygame.Surface(self.rect.size, pygame.SRCALPHA)
            u, v, _ = model.friends.live()
            if self.lens is not None:  # the ego network's inner rings only, then the cascade's cuts
                near = (self.lens.band[u] <= 2) & (self.lens.band[v] <= 2) & (self.lens.band[u] + self.lens.band[v] <= 3)
                u, v = u[near], v[near]
            off = np.array(self.rect.topleft)
            line = pygame.draw.line
            colour = (*palette.TIE, 70 if self.lens is None else 110)
            for p, q in zip((self.xy[u] - off).tolist(), (self.xy[v] - off).tolist()):
                line(layer, colour, p, q)
            if self.lens is not None and self.lens.cut:
                cut = np.array(self.lens.cut)
                faint = (*palette.SNAP, 120)
                for p, q in zip((self.xy[cut[:, 0]] - off).tolist(), (self.xy[cut[:, 1]] - off).tolist()):
                    line(layer, faint, p, q)
            self._ties, self._ties_key = layer, key
        return self._ties

    # --- events -> animations -------------------------------------------------------
    def add_events(self, cols: dict, now: float) -> None:
        """Turn new domain events (columns from the model's log) into animations."""
        kinds = cols["kind"]
        if self.lens is not None:
            self.lens.take(cols)
        if kinds.size:  # after a backlog (a slow frame, a fast-forward) animate the last steps only
            kinds = np.where(cols["step"] >= cols["step"].max() - 1, kinds, -1)
        for i in np.flatnonzero(kinds == 2)[-MAX_ANIMATIONS:]:  # unfriended
            delay = WAVE_DELAY * (int(cols["depth"][i]) - 1) % 1.5
            self.anims.append(("snap", now, delay, (int(cols["a"][i]), int(cols["b"][i]), int(cols["root"][i]))))
        for i in np.flatnonzero(kinds == 0)[-50:]:  # blacklisted
            self.anims.append(("pulse", now, 0.0, int(cols["a"][i])))
        if len(self.anims) > MAX_ANIMATIONS:
            self.anims = self.anims[-MAX_ANIMATIONS:]

    def add_refusals(self, model, now: float) -> None:
        """This step's refusals (``model.refusals``) pop up at the refused citizens."""
        r = model.refusals
        who, service = r.who, r.service
        if self.lens is not None:  # in the lens: only near the listed citizen
            near = ~self.lens.dimmed()[who]
            who, service = who[near], service[near]
        if who.size == 0:
            return
        # a cap on the icons alive at once, not per step: at 16x many steps pass in one icon's
        # life, and icons over every citizen hide the society they are about
        self.pops = [p for p in self.pops if now - p[0] < POP_SECONDS]
        room = MAX_POPS["lens" if self.lens is not None else self.mode] - len(self.pops)
        if room <= 0:
            return
        stride = max(1, math.ceil(who.size / room))
        self.pops += [(now, int(w), int(s)) for w, s in zip(who[::stride].tolist(), service[::stride].tolist())][:room]

    def _draw_anims(self, surf: pygame.Surface, now: float) -> None:
        alive, xy = [], self.xy_list
        snap_cols, pulse_cols = _FADES["snap"], _FADES["pulse"]
        line, circle = pygame.draw.line, pygame.draw.circle
        lens_root = None if self.lens is None else self.lens.root
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
                if (lens_root is not None and payload[2] != lens_root) or (lens_root is None and self.mode == "tiers"):
                    continue  # in the lens only its own cascade snaps; the tier view shows no ties
                (ax, ay), (bx, by) = xy[payload[0]], xy[payload[1]]
                k = 0.5 * (1 - 0.5 * age / life)  # the line breaks in the middle and retracts
                col = snap_cols[level]
                width = 2 if lens_root is None else 3
                line(surf, col, (ax, ay), (ax + (bx - ax) * k, ay + (by - ay) * k), width)
                line(surf, col, (bx, by), (bx + (ax - bx) * k, by + (ay - by) * k), width)
            else:
                circle(surf, pulse_cols[level], xy[payload], int(self.radius + 4 + 18 * (1 - f)), 2)
        self.anims = alive

    def _draw_pops(self, surf: pygame.Surface, model, icons: dict | None, now: float) -> None:
        if not self.pops or not icons:
            return
        size = max(12, int(2.6 * self.radius))
        r = self.radius
        for born, who, service in self.pops:
            age = now - born
            if age >= POP_SECONDS or age < 0:
                continue
            img = self._pop_icon(service, model, icons, size)
            if img is None:
                continue
            x, y = self.xy_list[who]
            lift = int(4 * age / POP_SECONDS * r)
            img.set_alpha(int(255 * min(1.0, 2.5 * (1 - age / POP_SECONDS))))
            surf.blit(img, (x - size // 2, y - r - size - lift))

    def _pop_icon(self, service: int, model, icons: dict, size: int) -> pygame.Surface | None:
        """A service's icon on a red tile: refused here."""
        img = self._pop_icons.get(service)
        if img is None:
            if service >= len(model.config.services):
                return None
            glyph = icons.get(model.config.services[service].icon)
            img = pygame.Surface((size, size), pygame.SRCALPHA)
            pygame.draw.rect(img, palette.SNAP, img.get_rect(), border_radius=max(2, size // 5))
            if glyph is not None:
                inner = pygame.transform.smoothscale(glyph, (size - 4, size - 4))
                img.blit(inner, (2, 2))
            self._pop_icons[service] = img
        return img

    # --- drawing --------------------------------------------------------------------
    def draw(self, surf: pygame.Surface, model, now: float, fonts=None, icons: dict | None = None) -> None:
        self._label_fonts = fonts if fonts is not None else self._label_fonts
        self._move(model, now)
        prev = surf.get_clip()
        surf.set_clip(self.rect)
        if self.lens is not None:
            self.lens.draw_rings(surf, now)
        layer = self._tie_layer(model, now)
        if layer is not None:
            surf.blit(layer, self.rect.topleft)
        if self.selected is not None:
            self._draw_selected_ties(surf, model)
        self._draw_dots(surf, model, now)
        self._draw_speech(surf, model)
        self._draw_anims(surf, now)
        self._draw_pops(surf, model, icons, now)
        if self.selected is not None:
            pygame.draw.circle(surf, palette.SELECTED, self.xy[self.selected], self.radius + 6, 2)
        self.lens_key = None  # the lens's ring key, where drawn (a chapter's strip keeps clear of it)
        if self.lens is not None:
            self._draw_centre(surf)
            self.lens_key = self.lens.draw_labels(surf, fonts, now)
        elif self.mode == "tiers":
            self._draw_bands(surf, model, fonts)
        surf.set_clip(prev)

    def _draw_bands(self, surf, model, fonts) -> None:
        """Each band's tier and share at its left, a faint line between bands."""
        if fonts is None or not self.bands:
            return
        area = self.tier_area if self.tier_area is not None else self.rect
        f = fonts.normal
        shares = np.bincount(model.tier, minlength=self.n_tiers) / max(model.n, 1)
        for k, (top, bottom) in enumerate(self.bands):
            if k:
                pygame.draw.line(surf, palette.GRID, (area.x + 4, int(top)), (area.right - 4, int(top)), 1)
            x, y = area.x + 8, int((top + bottom) / 2)
            draw_text(surf, f, model.tier_names[k], palette.tier_colour(k), (x, y), "midleft", bound=area,
                      owner="tier band")
            draw_text(surf, fonts.small, f"{shares[k]:.0%}", palette.TEXT_DIM, (x + self.name_w + 8, y), "midleft",
                      bound=area, owner="tier band")

    def _draw_dots(self, surf, model, now: float) -> None:
        sprites = self._sprites
        kind = model.tier
        if self.lens is not None and self.lens.amount(now) > 0.3:
            kind = kind + self.n_tiers * self.lens.dimmed()
        surf.blits(list(zip([sprites[k] for k in kind.tolist()], self._sprite_pos)), doreturn=False)
        ro = self.radius + 4
        listed = np.flatnonzero(model.listed if self.lens is None else model.listed & ~self.lens.dimmed())
        if listed.size:
            surf.blits([(self._ring, (x - ro, y - ro)) for x, y in self.xy[listed].tolist()], doreturn=False)
        if self.lens is not None:
            hit = np.flatnonzero(self.lens.hit & ~model.listed)
            surf.blits([(self._hit_ring, (x - ro, y - ro)) for x, y in self.xy[hit].tolist()], doreturn=False)

    def _draw_speech(self, surf, model) -> None:
        """Bubbles over the speakers and, revealed, over the quiet dissenters."""
        r = self.radius
        dx, dy = int(0.3 * r), -self._speech.get_height() - int(0.5 * r)
        shown = np.ones(model.n, dtype=bool) if self.lens is None else ~self.lens.dimmed()
        speak = np.flatnonzero(model.public_dissent & shown)
        marks = [(self._speech, (x + dx, y + dy)) for x, y in self.xy[speak].tolist()]
        if self.reveal:
            quiet = np.flatnonzero(model.private_dissent & ~model.public_dissent & shown)
            marks += [(self._thought, (x + dx, y + dy)) for x, y in self.xy[quiet].tolist()]
        surf.blits(marks, doreturn=False)

    def _draw_centre(self, surf) -> None:
        """The lens's centre: the listed citizen, large."""
        c = self.xy_list[self.lens.citizen]
        pygame.draw.circle(surf, palette.LISTED_MARK, c, self.radius + 9, 3)

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


def _dim(sprite: pygame.Surface) -> pygame.Surface:
    faint = sprite.copy()
    faint.set_alpha(60)
    return faint


_FADES = {name: [_fade(c, (i + 1) / FADE_LEVELS) for i in range(FADE_LEVELS)]
          for name, c in (("snap", palette.SNAP), ("pulse", palette.LISTED_MARK))}
