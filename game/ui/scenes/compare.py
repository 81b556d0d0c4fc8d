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
from game.ui.drawing.layout import PROJECTOR_BOOST, scale_for
from game.ui.drawing.text import draw_text, localized, shown_text, t, wrap
from game.ui.keys import COMPARE, keymap
from game.ui.parts.sidebar import chart_height as sidebar_chart_height
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
        s = scale_for(w, h, PROJECTOR_BOOST if palette.projector() else 1.0)
        self.fonts = charts.Fonts.default(s, "".join(shown_text(x.model.config) for x in self.sessions))
        f = self.fonts
        pad = max(8, f.pad * 2)
        head_w = f.normal.size(self._head())[0] + f.small.size(t("compare.keys"))[0] + 4 * pad
        self.two_rows = head_w > w  # the keys go under the title when both do not fit one line
        top = pad + f.normal.get_linesize() + (f.small.get_linesize() if self.two_rows else 0) + pad
        chart_h = max(int(h * 0.26), sidebar_chart_height(f))
        half = w // 2
        body = h - top - chart_h - 2 * pad
        self.areas = [pygame.Rect(pad, top, half - 2 * pad, body), pygame.Rect(half + pad, top, half - 2 * pad, body)]
        cw = (w - 2 * pad - 2 * pad) // 3
        self.chart_rects = [pygame.Rect(pad + k * (cw + pad), h - chart_h - pad, cw, chart_h) for k in range(3)]
        for view, sess, area in zip(self.views, self.sessions, self.areas):
            head = self._stats_height(area, sess.model)
            view.fit(pygame.Rect(area.x, area.y + head, area.width, max(1, area.height - head)),
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
    def _head(self) -> str:
        left = self.sessions[0].model
        head = t("compare.title", seed=self.sessions[0].seed, step=int(left.steps))
        return head + (f"   ({t('ui.paused')})" if self.paused else f"   {self.speed}x")

    def draw(self, surf: pygame.Surface, now: float | None = None) -> None:
        now = time.perf_counter() if now is None else now
        surf.fill(palette.BACKGROUND)
        f = self.fonts
        pad = max(8, f.pad * 2)
        screen = surf.get_rect()
        head = draw_text(surf, f.normal, self._head(), palette.TEXT, (pad, pad), bound=screen,
                         width=self.size[0] - 2 * pad, owner="compare title")
        keys_at = (pad, head.bottom) if self.two_rows else (self.size[0] - pad, pad + 2)
        draw_text(surf, f.small, t("compare.keys"), palette.TEXT_DIM, keys_at,
                  "topleft" if self.two_rows else "topright", bound=screen, width=self.size[0] - 2 * pad,
                  owner="compare keys")
        for view, sess, area in zip(self.views, self.sessions, self.areas):
            m = sess.model
            pygame.draw.rect(surf, palette.PANEL_EDGE, area, 1, border_radius=6)
            new = m.events.columns(view.cursor)
            view.cursor = m.events.next_id
            view.add_events(new, now)
            view.draw(surf, m, now)
            self._stats(surf, area, m)
        self._charts(surf)

    def _summary(self, m) -> str:
        data = m.datacollector.model_vars
        shares = np.bincount(m.tier, minlength=len(m.config.tiers)) / m.n
        tiers = "  ".join(f"{x.name} {s:.0%}" for x, s in zip(m.config.tiers, shares))
        stats = "   ".join(f"{t('compare.' + key)} {fmt.format(data[key][-1])}" for key, fmt in ROWS)
        return t("compare.summary", tiers_label=t("compare.tiers"), tiers=tiers, stats=stats)

    def _stats_height(self, area, m) -> int:
        """The height of a run's title and summary at the top of its area."""
        f = self.fonts
        lines = wrap(self._summary(m), f.small, area.width - 16)
        return 6 + f.normal.get_linesize() + len(lines) * f.small.get_linesize() + 6

    def _stats(self, surf, area, m) -> None:
        f = self.fonts.small
        y = area.y + 6
        draw_text(surf, self.fonts.normal, localized(m.config, "meta.title"), palette.TEXT, (area.x + 8, y),
                  bound=area, width=area.width - 16, owner="compare run")
        y += self.fonts.normal.get_linesize()
        for line in wrap(self._summary(m), f, area.width - 16):
            draw_text(surf, f, line, palette.TEXT_DIM, (area.x + 8, y), bound=area, owner="compare stats")
            y += f.get_linesize()

    def _charts(self, surf) -> None:
        """The bottom tier, public speech and score inequality, each run a line: shares in
        percent, the Gini index on its own axis."""
        a, b = (s.model.datacollector.model_vars for s in self.sessions)
        names = [localized(s.model.config, "meta.title") for s in self.sessions]
        col = palette.SERIES_COLOURS
        last = self.sessions[0].model.config.tiers[-1].name
        specs = ((f"tier_{last}_share", t("compare.bottom_tier", tier=last), t("debrief_charts.percent_axis"), True),
                 ("public_dissent", t("compare.speak_title"), t("debrief_charts.percent_axis"), True),
                 ("gini_score", t("compare.gini_title"), t("charts.gini_axis"), False))
        for rect, (key, title, unit, percent) in zip(self.chart_rects, specs):
            series = [(names[0], a.get(key, []), col[0]), (names[1], b.get(key, []), col[1])]
            charts.line_chart(surf, rect, series, title=title, y_label=unit, fonts=self.fonts, percent=percent)
