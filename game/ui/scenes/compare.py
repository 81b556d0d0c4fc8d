"""Compare: the same society (same seed) under two rule sets, side by side, live.

Both runs start from identical citizens and friendships (same scenario setup and seed
where the setups match) and step together, so every difference on screen comes from the
rules. Keys: Space play/pause, Right one step, 1/2/3 speed, R restart, Esc or C back.
"""

from __future__ import annotations

import time

import numpy as np
import pygame

from game.ui.drawing import charts, palette
from game.ui.drawing.text import localized, shown_text, t, wrap
from game.ui.keys import COMPARE, keymap
from game.ui.parts.society import SocietyView
from game.ui.scenes.scene import Action, Scene
from game.ui.session import Session

KEYS = keymap(COMPARE)
ROWS = (("mean_score", "{:.0f}"), ("gini_score", "{:.3f}"), ("public_dissent", "{:.0%}"),
        ("blacklisted", "{:.0f}"), ("cascade_largest", "{:.0f}"), ("denial_rate", "{:.0%}"))


class CompareScene(Scene):
    def __init__(self, left: Session, right: Session, size: tuple[int, int]):
        self.sessions = [left, right]
        self.views = [SocietyView(), SocietyView()]
        self.paused, self.speed = True, 1
        self._debt, self._last = 0.0, None
        self.enter(size)

    @classmethod
    def against(cls, session: Session, other: str, size: tuple[int, int]) -> CompareScene:
        """A session's current rules (the player's edits included) beside another scenario,
        same seed, at the session's clock."""
        scene = cls(Session(session.scenario, session.source, session.seed), Session.open(other, session.seed), size)
        scene.paused, scene.speed = session.paused, session.speed
        return scene

    def enter(self, size: tuple[int, int]) -> None:
        w, h = size
        self.size = size
        s = max(0.8, min(w / 1280, h / 720, 3.0))
        self.fonts = charts.Fonts.default(s, "".join(shown_text(x.model.config) for x in self.sessions))
        top = int(48 * s)
        chart_h = int(h * 0.26)
        half = w // 2
        self.areas = [pygame.Rect(8, top, half - 16, h - top - chart_h - 16),
                      pygame.Rect(half + 8, top, half - 16, h - top - chart_h - 16)]
        self.chart_rects = [pygame.Rect(8 + k * (w - 16) // 3, h - chart_h - 8, (w - 16) // 3 - 8, chart_h)
                            for k in range(3)]
        for view, sess, area in zip(self.views, self.sessions, self.areas):
            view.fit(area.inflate(0, -int(110 * s)).move(0, int(110 * s) // 2),
                     sess.positions, len(sess.model.config.tiers))
            view.cursor = sess.model.events.next_id

    # --- input ----------------------------------------------------------------------
    def handle(self, event, now: float | None = None) -> Action:
        if event.type == pygame.QUIT:
            return "quit"
        action = KEYS.get(event.key) if event.type == pygame.KEYDOWN else None
        if action == "back":
            return "back"
        if action == "play":
            self.paused = not self.paused
        elif action == "step":
            self.paused = True
            self.step()
        elif action is not None and action.startswith("speed"):
            self.speed = int(action[5:])
        elif action == "restart":
            for sess in self.sessions:
                sess.restart()
            self.enter(self.size)
        return None

    def step(self) -> None:
        for sess in self.sessions:
            sess.step_once()

    def update(self, dt: float, now: float | None = None) -> None:
        """Both runs step together on one clock, so they stay at the same step."""
        now = time.perf_counter() if now is None else now
        if self._last is None or self.paused:
            self._last, self._debt = now, 0.0
            return
        self._debt = min(self._debt + (now - self._last) * 2.0 * self.speed, 4.0 * self.speed)
        self._last = now
        start = time.perf_counter()
        while self._debt >= 1 and time.perf_counter() - start < 0.02:
            self.step()
            self._debt -= 1

    # --- drawing --------------------------------------------------------------------
    def draw(self, surf: pygame.Surface, now: float | None = None) -> None:
        now = time.perf_counter() if now is None else now
        surf.fill(palette.BACKGROUND)
        f = self.fonts
        left = self.sessions[0].model
        head = t("compare.title", seed=self.sessions[0].seed, step=int(left.steps))
        head += f"   ({t('ui.paused')})" if self.paused else f"   {self.speed}x"
        surf.blit(f.normal.render(head, True, palette.TEXT), (12, 10))
        hint = f.small.render(t("compare.keys"), True, palette.TEXT_DIM)
        surf.blit(hint, hint.get_rect(topright=(self.size[0] - 12, 14)))
        for view, sess, area in zip(self.views, self.sessions, self.areas):
            m = sess.model
            pygame.draw.rect(surf, palette.PANEL_EDGE, area, 1, border_radius=6)
            new = m.events.columns(view.cursor)
            view.cursor = m.events.next_id
            view.add_events(new, now)
            view.draw(surf, m, now)
            self._stats(surf, area, m)
        self._charts(surf)

    def _stats(self, surf, area, m) -> None:
        f = self.fonts.small
        data = m.datacollector.model_vars
        y = area.y + 6
        surf.blit(self.fonts.normal.render(localized(m.config, "meta.title"), True, palette.TEXT), (area.x + 8, y))
        y += self.fonts.normal.get_linesize()
        shares = np.bincount(m.tier, minlength=len(m.config.tiers)) / m.n
        tiers = "  ".join(f"{x.name} {s:.0%}" for x, s in zip(m.config.tiers, shares))
        stats = "   ".join(f"{t('compare.' + key)} {fmt.format(data[key][-1])}" for key, fmt in ROWS)
        summary = t("compare.summary", tiers_label=t("compare.tiers"), tiers=tiers, stats=stats)
        for line in wrap(summary, f, area.width - 16):
            surf.blit(f.render(line, True, palette.TEXT_DIM), (area.x + 8, y))
            y += f.get_linesize()

    def _charts(self, surf) -> None:
        a, b = (s.model.datacollector.model_vars for s in self.sessions)
        names = [localized(s.model.config, "meta.title") for s in self.sessions]
        col = palette.SERIES_COLOURS
        last = self.sessions[0].model.config.tiers[-1].name
        for rect, key, title in zip(self.chart_rects,
                                    (f"tier_{last}_share", "public_dissent", "gini_score"),
                                    (t("compare.bottom_tier", tier=last), t("compare.public_dissent"),
                                     t("charts.gini_score"))):
            series = [(names[0], a.get(key, []), col[0]), (names[1], b.get(key, []), col[1])]
            charts.line_chart(surf, rect, series, title=title, y_label=t("charts.share_axis"), fonts=self.fonts)
