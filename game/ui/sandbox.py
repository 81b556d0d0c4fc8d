"""The sandbox scene: the society, the charts, the services, and every control.

Scene lifecycle: ``enter`` builds widgets for a layout, ``handle`` turns input into
commands or scene actions, ``update`` advances the simulation clock, ``draw`` reads the
model and paints. The view never writes the model except through commands.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pygame
import pygame_gui

from game import userdirs
from game import challenge
from game.scenario import load, shipped
from game.schema import ScenarioError
from game.ui import charts, palette, panels
from game.ui.challenge_view import draw_progress
from game.ui.layout import Layout
from game.ui.session import SPEEDS, Session
from game.ui.society import SocietyView
from game.ui.text import ASSETS, font_path, localized, needs_font, shown_text, t
from game.ui.widgets import HelpWindow, RulesPanel, ScenarioPicker, TopBar, make_manager, picker_text

CHART_REFRESH_S = 0.25  # charts redraw at most 4 times a second (the simulation may step faster)
HISTORY = 240  # steps of per-citizen score history kept for the inspector

# key bindings are data: key -> action name
KEYMAP = {pygame.K_SPACE: "play", pygame.K_RIGHT: "step", pygame.K_1: "speed1", pygame.K_2: "speed4",
          pygame.K_3: "speed16", pygame.K_r: "restart_same", pygame.K_n: "restart_new",
          pygame.K_s: "scenarios", pygame.K_l: "rules", pygame.K_h: "help", pygame.K_F1: "help",
          pygame.K_F11: "fullscreen", pygame.K_F12: "screenshot", pygame.K_ESCAPE: "close",
          pygame.K_f: "follow", pygame.K_d: "debrief", pygame.K_e: "export", pygame.K_p: "projector",
          pygame.K_v: "reveal", pygame.K_c: "compare", pygame.K_k: "share", pygame.K_y: "citizen",
          pygame.K_g: "language"}


CAPTION_SECONDS = 8.0  # how long a scenario's timeline caption stays on screen


def load_icons() -> dict[str, pygame.Surface]:
    icons = {}
    for p in sorted((ASSETS / "icons").glob("*.png")):
        try:
            icons[p.stem] = pygame.image.load(str(p))
        except pygame.error:
            continue
    return icons


class SandboxScene:
    def __init__(self, session: Session, size: tuple[int, int], screenshot_dir: Path | None = None,
                 kiosk: bool = False):
        self.session = session
        self.kiosk = kiosk  # touch-first: fewer, larger buttons; no files, no fullscreen toggle
        self.screenshot_dir = screenshot_dir  # None: the user's exports folder (game.userdirs)
        self.society = SocietyView()
        self.icons = load_icons()
        self.rules: RulesPanel | None = None
        self.picker: ScenarioPicker | None = None
        self.help: HelpWindow | None = None
        self.compare_with = "no_scoring"  # the control scenario the C key compares against
        self.following = False  # a followed citizen stays inspected through clicks and restarts
        self.charts_hidden = False  # the teacher's "predict first": charts hidden until revealed
        self.pointer = (-1, -1)
        self.message, self.message_until = "", 0.0
        self.caption, self.caption_until = None, 0.0  # (timeline index) the scenario's line on screen
        self.picker_cover = ""  # text of listed scenarios the font must draw too (a saved Chinese one)
        self.enter(size)

    # --- lifecycle ------------------------------------------------------------------
    def enter(self, size: tuple[int, int]) -> None:
        # a debrief open on this run survives a resize, projector mode or a language switch
        reopen = getattr(self, "debrief", None) is not None and self.debrief.alive \
            and getattr(self, "_run", None) is self.session.model
        self.layout = Layout.for_size(*size, touch=self.kiosk, boost=1.3 if palette.projector() else 1.0)
        cover = self.cover()
        self.manager = make_manager(size, self.layout.scale, cover)
        self.fonts = charts.Fonts.default(self.layout.scale, cover)
        from game.ui.kiosk import KIOSK_BUTTONS

        self.topbar = TopBar(self.layout.top, self.manager, self.layout.scale,
                             KIOSK_BUTTONS if self.kiosk else TopBar.KEYS)
        self._reset_view()
        if self.rules is not None:
            self.rules = None
            self.toggle_rules()
        self.picker = self.help = self.debrief = self.share = None  # windows of the old manager
        self._chart_key = None
        self._chart_at = -1e9
        if reopen:
            self.open_debrief()

    def cover(self) -> str:
        """The scenario text this scene may draw, in the current language (for the font)."""
        return shown_text(self.session.model.config) + self.picker_cover

    def _reset_view(self) -> None:
        """Fit the view to the window; a new run (restart, new scenario) also starts fresh
        history and challenge state, while a resize or language switch keeps them."""
        m = self.session.model
        self.society.fit(self.layout.society, self.session.positions, len(m.config.tiers))
        if getattr(self, "_run", None) is m:
            return
        self._run = m
        self.cursor = m.events.next_id
        self.history = np.full((HISTORY, m.n), np.nan, dtype=np.float32) if m.n <= 20_000 else None
        self.outcome = "none"  # a challenge's state: none, playing, won, lost
        self.caption = None  # the old run's caption goes with it
        self._hist_step = -1
        self._record_history()
        if self.society.selected is not None and self.society.selected >= m.n:
            self.society.selected = None

    # --- input ----------------------------------------------------------------------
    def handle(self, event) -> str | None:
        """Process one event; returns an app-level action ('quit', 'fullscreen') or None."""
        consumed = self.manager.process_events(event)
        if event.type == pygame.QUIT:
            return "quit"
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            action = self.topbar.which(event.ui_element)
            if action:
                return self.do(action)
        if self.rules is not None:
            cmd = self.rules.command_for(event)
            if isinstance(cmd, tuple):  # ("restart", setup changes)
                self.restart_with_setup(cmd[1])
            elif cmd is not None:
                self.session.apply(cmd) or self.say(self.session.message)
        if self.debrief is not None and self.debrief.alive:
            wanted = self.debrief.handle(event)
            if wanted == "close":
                self.close_top()
            elif wanted == "export":
                self.export()
        if self.share is not None and self.share.alive:
            loaded = self.share.handle(event)
            if loaded is not None:
                _, scenario, source = loaded
                self.session.load_scenario(scenario, source)
                self.share.window.kill()
                self.share = None
                self.enter(self.layout.size)
        if self.picker is not None:
            chosen = self.picker.handle(event)
            if chosen is not None:
                source, scenario = chosen
                self.session.load_scenario(scenario, source)
                self.picker.window.kill()
                self.picker = None
                self.enter(self.layout.size)
        if event.type == pygame.KEYDOWN and event.key in KEYMAP and not self._typing():
            return self.do(KEYMAP[event.key])
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            self.pointer = event.pos
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and not consumed:
            self.click(event.pos)
        return None

    def _typing(self) -> bool:
        """True while a text box has focus: letters then go to the box, not to key bindings."""
        focused = self.manager.get_focus_set()
        return any(type(el).__name__ == "UITextEntryLine" for el in (focused or ()))

    def click(self, pos) -> None:
        if self.layout.society.collidepoint(pos) and not self._over_panel(pos):
            hit = self.society.citizen_at(pos)
            if hit is not None or not self.following:
                self.society.selected = hit
                self.following = False

    def _over_panel(self, pos) -> bool:
        if self.society.selected is not None and self.layout.inspector.collidepoint(pos):
            return True
        return self.rules is not None and self.layout.rules.collidepoint(pos)

    def do(self, action: str) -> str | None:
        s = self.session
        if self.kiosk and action in ("scenarios", "screenshot", "fullscreen", "restart_new"):
            return None
        if action == "play":
            s.paused = not s.paused
        elif action == "step":
            s.paused = True
            s.step_once()
        elif action == "speed":
            s.speed = SPEEDS[(SPEEDS.index(s.speed) + 1) % len(SPEEDS)]
        elif action.startswith("speed"):
            s.speed = int(action[5:])
        elif action in ("restart_same", "restart_new"):
            s.restart(s.seed if action == "restart_same" else s.seed + 1)
            self.enter(self.layout.size)  # fresh windows and charts for the new run
        elif action == "rules":
            self.toggle_rules()
        elif action == "scenarios":
            self.open_picker()
        elif action == "help":
            self.open_help()
        elif action == "screenshot":
            return "screenshot"
        elif action == "fullscreen":
            return "fullscreen"
        elif action == "close":
            self.close_top()
        elif action == "debrief":
            self.open_debrief()
        elif action == "language":
            from game.ui.text import current_language, languages, set_language

            codes = [c for c, _ in languages()]
            set_language(codes[(codes.index(current_language()) + 1) % len(codes)])
            self.enter(self.layout.size)
        elif action == "projector":
            palette.set_projector(not palette.projector())
            self.enter(self.layout.size)
        elif action == "citizen" and self.society.selected is not None and not self.kiosk:
            from game.commands import PlayAs

            self.session.apply(PlayAs(self.society.selected))
            self.session.paused = True
            return "citizen"
        elif action == "share" and not self.kiosk:
            self.open_share()
        elif action == "compare" and not self.kiosk:
            return "compare"
        elif action == "reveal":
            self.charts_hidden = not self.charts_hidden
        elif action == "export" and not self.kiosk:
            self.export()
        elif action == "follow" and self.society.selected is not None:
            self.following = not self.following
        return None

    def restart_with_setup(self, changes: dict) -> None:
        """Population and network are set at build time: apply them by restarting."""
        from game.scenario import with_overrides
        from game.schema import ScenarioError

        try:
            scenario = with_overrides(self.session.scenario, changes, source="setup")
        except ScenarioError as exc:
            self.say(t("ui.setup_refused", reason=exc.first))
            return
        self.session.load_scenario(scenario, self.session.source)
        self.enter(self.layout.size)
        self.say(t("ui.restarted_setup", n=scenario.population.size))

    def toggle_rules(self) -> None:
        if self.rules is not None:
            self.rules.kill()
            self.rules = None
        else:
            self.rules = RulesPanel(self.layout.rules, self.manager, self.session.model.config,
                                    self.layout.scale)

    def open_picker(self) -> None:
        if self.picker is None or not self.picker.alive:
            from game.ui.share_view import saved_scenarios

            entries = [(str(p), load(p)) for p in shipped()]
            for p in saved_scenarios():  # the player's own "Save as" files; a broken one is skipped
                try:
                    entries.append((str(p), load(p)))
                except ScenarioError:
                    continue
            listed = picker_text(entries)
            if needs_font(listed) and font_path(cover=self.cover()) is None:
                self.picker_cover = listed  # the English UI listing a Chinese scenario: switch fonts
                self.enter(self.layout.size)
            w, h = self.layout.size
            rect = pygame.Rect(w // 8, h // 8, 3 * w // 4, 3 * h // 4)
            self.picker = ScenarioPicker(rect, self.manager, entries)

    def open_help(self) -> None:
        if self.help is None or not self.help.alive:
            w, h = self.layout.size
            self.help = HelpWindow(pygame.Rect(w // 4, h // 6, w // 2, 2 * h // 3), self.manager)

    def export(self, folder: Path | None = None) -> tuple[Path, Path, Path]:
        """Charts (PNG), series (CSV) and the debrief page (PNG) named after scenario, seed and
        step, for worksheets."""
        from game.export import series_csv
        from game.files import atomic_write
        from game.ui import debrief_view
        from game.ui.report_image import PAGE, paint_charts
        from game.ui.app import save_screenshot

        m, s = self.session.model, self.session
        stem = f"{Path(s.source).stem}-seed{s.seed}-step{int(m.steps)}"
        folder = folder or self.screenshot_dir or userdirs.exports_dir()
        page = pygame.Surface((PAGE[0], 720))
        page.fill(palette.BACKGROUND)
        paint_charts(page, page.get_rect().inflate(-40, -40), m, charts.Fonts.default(1.3, self.cover()))
        png = save_screenshot(page, folder / f"{stem}-charts.png")
        csv = atomic_write(folder / f"{stem}-series.csv", series_csv(m))
        outcome, progress = challenge.status(m)
        told = save_screenshot(debrief_view.page(m, outcome, progress, s.seed, s.source), folder / f"{stem}-debrief.png")
        self.say(t("debrief_charts.exported", png=png.name, debrief=told.name, csv=csv.name,
                   folder=userdirs.shown(folder)))
        return png, csv, told

    def open_share(self) -> None:
        from game.ui.share_view import ShareWindow

        if self.share is None or not self.share.alive:
            w, h = self.layout.size
            self.share = ShareWindow(pygame.Rect(w // 8, h // 8, 3 * w // 4, 3 * h // 4), self.manager, self.session)

    def open_debrief(self) -> None:
        """The debrief over everything but the top bar: the story with its own key charts."""
        from game.ui.debrief_view import DebriefWindow

        self.charts_hidden = False  # the debrief is the reveal
        if self.debrief is None or not self.debrief.alive:
            outcome, progress = challenge.status(self.session.model)
            # pygame_gui keeps a window's 15 px shadow on screen: a smaller margin shifts it
            (w, h), top, pad = self.layout.size, self.layout.top.bottom, max(16, int(8 * self.layout.scale))
            self.debrief = DebriefWindow(pygame.Rect(pad, top + pad, w - 2 * pad, h - top - 2 * pad), self.manager,
                                         self.session.model, outcome, progress, self.layout.scale,
                                         exportable=not self.kiosk)

    def close_top(self) -> None:
        for attr in ("share", "debrief", "help", "picker"):
            win = getattr(self, attr)
            if win is not None and win.alive:
                win.window.kill()
                setattr(self, attr, None)
                return
        if self.society.selected is not None:
            self.society.selected = None
            self.following = False
        elif self.rules is not None:
            self.toggle_rules()

    def say(self, text: str, seconds: float = 4.0) -> None:
        self.message, self.message_until = text, time.perf_counter() + seconds

    # --- update & draw --------------------------------------------------------------
    def update(self, dt: float, now: float | None = None) -> None:
        now = time.perf_counter() if now is None else now
        before = self.session.model.steps
        self.session.tick(now)
        if self.session.model.steps != before:
            self._record_history()
            self._check_challenge()
            self._catch_caption(before, now)
        self.topbar.sync(self.session.paused, self.session.speed)
        self.manager.update(dt)

    def _catch_caption(self, before: int, now: float) -> None:
        """Show the text of the latest timeline entry that ran in these steps (an entry at
        step k runs as step k + 1 begins) for ``CAPTION_SECONDS``."""
        after = self.session.model.steps
        fired = [i for i, ev in enumerate(self.session.model.config.timeline)
                 if ev.text and before <= ev.step <= after - 1]
        if fired:
            self.caption, self.caption_until = fired[-1], now + CAPTION_SECONDS

    def caption_text(self) -> str | None:
        """The timeline caption on screen now, in the current language (None: none)."""
        if self.caption is None:
            return None
        return localized(self.session.model.config, f"timeline[{self.caption}].text")

    def _draw_caption(self, surf, now: float) -> None:
        text = self.caption_text()
        if text is None or now >= self.caption_until:
            return
        f, box = self.fonts.normal, self.layout.society
        lines = panels.wrap(text, f, int(box.width * 0.7))[:4]
        lh = f.get_linesize()
        w = max(f.size(line)[0] for line in lines) + 24
        r = pygame.Rect(0, 0, w, lh * len(lines) + 16)
        r.midtop = (box.centerx, box.y + 10)
        shade = pygame.Surface(r.size, pygame.SRCALPHA)
        shade.fill((*palette.PANEL, 235))
        surf.blit(shade, r)
        pygame.draw.rect(surf, palette.TIE_SELECTED, r, 2, border_radius=6)
        for k, line in enumerate(lines):
            img = f.render(line, True, palette.TEXT)
            surf.blit(img, img.get_rect(midtop=(r.centerx, r.y + 8 + k * lh)))

    def _check_challenge(self) -> None:
        """A challenge that ends pauses the run and opens the debrief."""
        outcome, _ = challenge.status(self.session.model)
        if outcome in ("won", "lost") and self.outcome not in ("won", "lost"):
            self.session.paused = True
            self.open_debrief()
        self.outcome = outcome

    def _record_history(self) -> None:
        m = self.session.model
        if self.history is None or m.steps == self._hist_step:
            return
        self.history = np.roll(self.history, -1, axis=0)
        self.history[-1] = m.score
        self._hist_step = m.steps

    def draw(self, surf: pygame.Surface, now: float | None = None) -> None:
        now = time.perf_counter() if now is None else now
        m = self.session.model
        surf.fill(palette.BACKGROUND)
        if self.debrief is not None and self.debrief.alive:  # it covers the scene: draw no clutter
            self.cursor = m.events.next_id  # and no burst of old animations once it closes
            self._draw_status(surf, now)
            self.manager.draw_ui(surf)
            return
        new = m.events.columns(self.cursor)
        self.cursor = m.events.next_id
        self.society.add_events(new, now)
        self.society.draw(surf, m, now)
        shares = np.bincount(m.tier, minlength=len(m.config.tiers)) / m.n
        panels.draw_legend(surf, self.layout.society, m.config, shares, self.fonts, m.config.scoring.visible)
        panels.draw_services(surf, self.layout.services, m, self.icons, self.fonts, self.pointer)
        self._draw_charts(surf, now)
        if self.society.selected is not None:
            i = self.society.selected
            hist = self.history[:, i] if self.history is not None else np.array([m.score[i]])
            panels.draw_inspector(surf, self.layout.inspector, m, i, hist[~np.isnan(hist)], self.fonts,
                                  self.following)
        if m.config.objectives:
            draw_progress(surf, self.layout.society, challenge.status(m)[1], self.fonts, m.config.objectives)
        self._draw_caption(surf, now)
        self._draw_status(surf, now)
        self.manager.draw_ui(surf)

    def status_text(self) -> str:
        """The top line: scenario title, step, seed, citizens, paused (current language)."""
        m, s = self.session.model, self.session
        title = f"{localized(m.config, 'meta.title')}   {t('ui.step_label', step=m.steps)}   " \
                f"{t('ui.seed_label', seed=s.seed)}   {t('ui.citizens', n=m.n)}"
        return title + (f"   ({t('ui.paused')})" if s.paused else "")

    def _draw_status(self, surf, now: float) -> None:
        m, f = self.session.model, self.fonts.normal
        title = self.status_text()
        room = self.topbar.left_edge - 16
        if f.size(title)[0] > room:
            title = title.replace(f"   {t('ui.citizens', n=m.n)}", "")
        while f.size(title)[0] > room and len(title) > 10:
            title = title[:-2].rstrip() + "…" if not title.endswith("…") else title[:-2] + "…"
        surf.blit(f.render(title, True, palette.TEXT), (12, (self.layout.top.height - f.get_linesize()) // 2))
        if self.society.selected is None and self.rules is None:
            hint = self.fonts.small.render(t("ui.hint"), True, palette.TEXT_DIM)
            surf.blit(hint, hint.get_rect(bottomright=(self.layout.society.right - 6, self.layout.society.bottom - 4)))
        if self.message and now < self.message_until:
            img = self.fonts.normal.render(self.message, True, palette.TEXT)
            r = img.get_rect(midbottom=(self.layout.society.centerx, self.layout.society.bottom - 8))
            pygame.draw.rect(surf, palette.PANEL, r.inflate(16, 8), border_radius=4)
            surf.blit(img, r)

    def _draw_charts(self, surf, now: float) -> None:
        if self.charts_hidden:
            self._draw_hidden(surf)
            return
        m = self.session.model
        key = (m.steps, self.layout.size, id(m))
        fresh = self._chart_key is None or key[1:] != self._chart_key[1:] or self.session.paused
        if key != self._chart_key and (fresh or now - self._chart_at >= CHART_REFRESH_S):
            self._chart_at = now
            self._chart_cache = pygame.Surface(self.layout.size, pygame.SRCALPHA)
            self._paint_charts(self._chart_cache, m)
            self._chart_key = key
        surf.blit(self._chart_cache, (0, 0))

    def _draw_hidden(self, surf) -> None:
        side = self.layout.side.inflate(-16, -16)
        pygame.draw.rect(surf, palette.PANEL, side, border_radius=6)
        lines = panels.wrap(t("ui.charts_hidden"), self.fonts.normal, side.width - 40)
        y = side.centery - len(lines) * self.fonts.normal.get_linesize() // 2
        for line in lines:
            img = self.fonts.normal.render(line, True, palette.TEXT)
            surf.blit(img, img.get_rect(midtop=(side.centerx, y)))
            y += self.fonts.normal.get_linesize()

    def _paint_charts(self, surf, m) -> None:
        data = m.datacollector.model_vars
        tiers = m.config.tiers
        sc = m.config.scoring
        r, f = self.layout.charts, self.fonts
        col = palette.SERIES_COLOURS
        charts.stacked_histogram(surf, r[0], m.score, m.tier, [x.name for x in tiers],
                                 [palette.tier_colour(i) for i in range(len(tiers))],
                                 title=t("charts.score_by_tier"), x_label=t("charts.score_axis"), fonts=f,
                                 x_range=(sc.low, sc.high) if sc.family != "points" else None)
        charts.line_chart(surf, r[1], [(t("charts.conforming_share"), data["conforming_share"], col[0]),
                                       (t("charts.conformity_gap"), data["conformity_gap"], col[1])],
                          title=t("charts.conformity"), y_label=t("charts.share_axis"), fonts=f, y_range=(0, 1))
        edges = np.asarray(data["edges"], dtype=float) / 1000.0
        charts.line_chart(surf, r[2], [(t("charts.edges_thousands"), edges, col[2]),
                                       (t("charts.largest_component"), data["largest_component"], col[3])],
                          title=t("charts.network"), y_label="", fonts=f)
        listed = np.asarray(data["blacklisted"], dtype=float) / m.n
        charts.line_chart(surf, r[3], [(t("charts.gini_score"), data["gini_score"], col[4]),
                                       (t("charts.listed_share"), listed, col[5])],
                          title=t("charts.inequality"), y_label=t("charts.share_axis"), fonts=f)
        sizes = sorted(m.cascade_sizes.values(), reverse=True)[:10]
        charts.bar_chart(surf, r[4], [f"{i + 1}" for i in range(len(sizes))], sizes,
                         [palette.SNAP] * len(sizes), title=t("charts.cascades"),
                         y_label=t("charts.cascade_axis"), fonts=f)
