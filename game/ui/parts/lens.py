"""The cascade lens: when a chain of unfriendings starts, the view centres the citizen whose
listing started it and lays their friends, friends of friends, ... out in rings, so the
wave of snapping ties can be followed outwards; then it gives the map back.

A :class:`Lens` is the state of one such close-up: who is at the centre, the rings measured
on the friendships at the moment of the listing (as :func:`game.lab.phenomena.rings` measures them), where each
citizen goes (:func:`game.ui.parts.arrange.rings`), and what the cascade has done so far:
the ties it cut, counted per ring by the model's own ``depth`` (the ring of the outer end
of each unfriending, as in ``summary.json`` and the README), and who lost a tie in it.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import shortest_path

from game.ui.drawing import boxes, palette
from game.ui.drawing.text import draw_text, t
from game.ui.parts import arrange, textcache

OPEN_S = 0.9  # seconds the citizens take to move into their rings (and back)
MIN_HOLD_S = 9.0  # the lens stays at least this long
MAX_HOLD_S = 16.0  # and at most this long
QUIET_STEPS = 5  # it closes early once the cascade has cut no tie for this many steps
MAX_CUT_LINES = 3000


def _ties_at(model, since: int) -> tuple[np.ndarray, np.ndarray]:
    """The friendships as they were when event ``since`` happened: today's, plus those cut
    since (the screen sees a listing only after its step has run, when the first friends
    have already gone)."""
    u, v, _ = model.friends.live()
    cut = model.events.of_kind("unfriended", since)
    return np.concatenate([u, cut["a"]]).astype(np.int64), np.concatenate([v, cut["b"]]).astype(np.int64)


def _distances(n: int, u: np.ndarray, v: np.ndarray, source: int) -> np.ndarray:
    """Friendships between ``source`` and everyone (99 where none connects), as
    :func:`game.lab.phenomena.rings` measures them."""
    graph = csr_matrix((np.ones(2 * u.size), (np.r_[u, v], np.r_[v, u])), shape=(n, n))
    d = shortest_path(graph, indices=source, unweighted=True)
    return np.where(np.isfinite(d), d, 99).astype(np.int64)


class Lens:
    def __init__(self, model, citizen: int, root: int, rect: pygame.Rect, spacing: float, now: float):
        self.citizen, self.root, self.opened = int(citizen), int(root), now
        self.rect = rect.copy()
        self.closing_at: float | None = None
        u, v = _ties_at(model, root)
        self.ring = _distances(model.n, u, v, self.citizen)
        self.band = np.minimum(self.ring, arrange.SHOWN_RINGS)
        self.radius = 0.47 * min(rect.width, rect.height)
        self.centre = (rect.centerx, rect.centery)
        self.goal = arrange.rings(self.ring, u, v, self.centre, self.radius, spacing, model.group)
        self.cut_per_ring = np.zeros(arrange.SHOWN_RINGS + 1, dtype=np.int64)
        self.score_at_start = float(model.score_prev[self.citizen])  # before the step that listed them
        self.hit = np.zeros(model.n, dtype=bool)  # lost a tie in this cascade
        self.cut: list[tuple[int, int]] = []  # (a, b): a dropped b
        self.last_step_with_news = int(model.steps)
        self.deepest = 0
        self.members = np.bincount(self.band, minlength=arrange.SHOWN_RINGS + 1)
        self.friends_at_start = int(self.members[1])  # friends at the listing (some left in its own step)
        # what the wave did before the lens opened (a cascade the auto lens follows late, or the
        # listing's own step): counted once here, so the rings and "friends left" agree
        self.seen_to = int(root)
        self.take(model.events.columns(int(root)))

    # --- what the cascade did ----------------------------------------------------------
    def take(self, cols: dict) -> None:
        """Count this cascade's new unfriendings (event columns from the model's log)."""
        mine = (cols["kind"] == 2) & (cols["root"] == self.root) & (cols["id"] >= self.seen_to)
        if cols["id"].size:
            self.seen_to = max(self.seen_to, int(cols["id"].max()) + 1)
        if not mine.any():
            return
        a, b, depth = cols["a"][mine], cols["b"][mine], cols["depth"][mine]
        np.add.at(self.cut_per_ring, np.clip(depth, 0, arrange.SHOWN_RINGS), 1)
        self.hit[a] = True
        self.hit[b] = True
        self.deepest = max(self.deepest, int(depth.max()))
        if len(self.cut) < MAX_CUT_LINES:
            self.cut += list(zip(a.tolist(), b.tolist()))[:MAX_CUT_LINES - len(self.cut)]
        self.last_step_with_news = max(self.last_step_with_news, int(cols["step"][mine].max()))

    # --- time ---------------------------------------------------------------------------
    def due_to_close(self, now: float, step: int) -> bool:
        held = now - self.opened
        quiet = step - self.last_step_with_news >= QUIET_STEPS
        return self.closing_at is None and (held >= MAX_HOLD_S or (held >= MIN_HOLD_S and quiet))

    def close(self, now: float) -> None:
        if self.closing_at is None:
            self.closing_at = now

    def closed(self, now: float) -> bool:
        return self.closing_at is not None and now - self.closing_at >= OPEN_S

    def amount(self, now: float) -> float:
        """How far the citizens are from the map (0) into their rings (1), eased."""
        x = (now - self.opened) / OPEN_S if self.closing_at is None else 1 - (now - self.closing_at) / OPEN_S
        x = min(max(x, 0.0), 1.0)
        return x * x * (3 - 2 * x)

    def dimmed(self) -> np.ndarray:
        """Who is drawn faint: beyond the friends of friends, unless the wave reached them."""
        return (self.band >= 3) & ~self.hit

    # --- drawing ------------------------------------------------------------------------
    def draw_rings(self, surf: pygame.Surface, now: float) -> None:
        """The ring guides (faint circles) under the citizens."""
        k = self.amount(now)
        if k <= 0.05:
            return
        colour = tuple(int(palette.BACKGROUND[i] + (palette.GRID[i] - palette.BACKGROUND[i]) * k) for i in range(3))
        step_r = self.radius / arrange.SHOWN_RINGS
        for ring in range(1, arrange.SHOWN_RINGS + 1):
            pygame.draw.circle(surf, colour, self.centre, int(step_r * ring), 1)

    def draw_labels(self, surf: pygame.Surface, fonts, now: float) -> pygame.Rect | None:
        """Each ring's name and the ties cut in it, in a column at the left of the lens."""
        if fonts is None or self.amount(now) < 0.99:
            return None
        f = fonts.small
        lines = [(t("lens.title", id=self.citizen), palette.TEXT), (t("lens.rings"), palette.TEXT_DIM)]
        for ring in range(1, arrange.SHOWN_RINGS + 1):
            name = t(f"lens.ring_{ring}") if ring < arrange.SHOWN_RINGS else t("lens.ring_far", k=ring)
            colour = palette.SNAP if self.cut_per_ring[ring] else palette.TEXT_DIM
            lines.append((t("lens.ring_line", n=str(ring) if ring < arrange.SHOWN_RINGS else f"{ring}+", ring=name,
                            cut=int(self.cut_per_ring[ring]),
                            people=int(self.members[ring])), colour))
        lines.append((t("lens.key"), palette.TEXT_DIM))
        lh = f.get_linesize() + 2
        w = max(f.size(text)[0] for text, _ in lines) + 16
        box = pygame.Rect(self.rect.x + 6, self.rect.bottom - 6 - lh * len(lines) - 8, w, lh * len(lines) + 8)
        surf.blit(textcache.shade(box.size, (*palette.PANEL, 225)), box)
        pygame.draw.rect(surf, palette.PANEL_EDGE, box, 1, border_radius=4)
        boxes.note_panel(box, "lens key")
        for i, (text, colour) in enumerate(lines):
            draw_text(surf, f, text, colour, (box.x + 8, box.y + 4 + i * lh), bound=box, owner="lens key")
        step_r = self.radius / arrange.SHOWN_RINGS
        for ring in range(1, arrange.SHOWN_RINGS + 1):  # the ring's number on its circle, at its right:
            a = -0.15  # clear of the caption above and the line it points down with, and of the key at the left
            p = (self.centre[0] + step_r * ring * math.cos(a), self.centre[1] + step_r * ring * math.sin(a))
            label = str(ring) if ring < arrange.SHOWN_RINGS else f"{ring}+"
            back = pygame.Rect((0, 0), f.size(label)).inflate(8, 2)
            back.center = (round(p[0]), round(p[1]))
            pygame.draw.rect(surf, palette.BACKGROUND, back, border_radius=3)  # readable over the dots
            pygame.draw.rect(surf, palette.GRID, back, 1, border_radius=3)
            draw_text(surf, f, label, palette.TEXT, p, "center", bound=self.rect, owner="lens ring number")
        return box
