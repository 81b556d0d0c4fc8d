"""The sandbox scene: the society, the charts, the services, and every control.

``enter`` builds the widgets for a layout; ``handle`` turns input into commands, windows
or a next scene (keys and top-bar buttons both name an action of :mod:`game.ui.keys`, which
:meth:`SandboxScene.do` carries out); ``update`` runs the simulation's clock; ``draw``
reads the model and paints. The view never writes the model except through commands.

On a public touch screen (the museum kiosk, ``touch=True``) the targets are large, the top
bar holds the kiosk's buttons, and only the actions the key table marks ``public`` run:
nothing that writes files or opens another screen.

Its parts live in :mod:`game.ui.parts` (the windows, the notices, the sidebar's charts); what
stays here, a little over 300 lines, is the scene itself: input, the action table, drawing.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pygame
import pygame_gui

from game.modes import challenge
from game.records import userdirs
from game.scenario import budget
from game.scenario.schema import ScenarioError
from game.scenario.spec import with_overrides
from game.sim.commands import PlayAs
from game.ui import keys
from game.ui.drawing import boxes, charts, palette
from game.ui.drawing.exports import export_run
from game.ui.drawing.images import load_icons
from game.ui.drawing.layout import PROJECTOR_BOOST, Layout
from game.ui.drawing.text import ASSETS, current_language, font_path, languages, localized, needs_font
from game.ui.drawing.text import set_language, shown_text, t
from game.ui.parts import notices, panels
from game.ui.parts.challenge_view import Brief, Celebration, draw_progress, value_text
from game.ui.parts.sidebar import Sidebar
from game.ui.parts.society import SocietyView
from game.ui.parts.staging import Stage, draw_touch_hint, legend_box
from game.ui.parts.viewbar import ViewBar
from game.ui.parts.widgets import TopBar, make_manager, picker_text
from game.ui.parts.windows import Windows, picker_entries
from game.ui.scenes.citizen import CitizenScene
from game.ui.scenes.compare import CompareScene
from game.ui.scenes.scene import Action, Scene
from game.ui.session import SPEEDS, Session

KEYS = keys.keymap(keys.SANDBOX)


class SandboxScene(Scene):
    def __init__(self, session: Session, size: tuple[int, int], save_dir: Path | None = None,
                 touch: bool = False):
        self.session = session
        self.touch = touch
        self.save_dir = save_dir  # None: the user's exports folder (game.records.userdirs)
        self.society, self.sidebar, self.notices = SocietyView(), Sidebar(), notices.Notices()
        # what quiet people think is private: hidden until revealed (V, the view button, or the
        # staged silence moment), so the gap between what is said and what is thought is seen appear
        self.society.reveal = False
        self.stage, self.viewbar = Stage(touch=touch), ViewBar()  # the phenomena staged for a newcomer
        self._bar_bottom = 0  # the view bar's foot (buttons and key), as last drawn
        self.brief, self.celebration = Brief(), Celebration()  # a challenge's start and end
        self.icons = load_icons(ASSETS / "icons")
        self.windows = Windows()
        self.compare_with = "no_scoring"  # the control scenario the C key compares against
        self.following = False  # a followed citizen stays inspected through clicks and restarts
        self.charts_hidden = False  # the teacher's "predict first": charts hidden until revealed
        self.pointer = (-1, -1)
        self._now: float | None = None
        self.hints = True  # the hint line at the foot of the society (the tour's strip takes its place)
        self.picker_cover = ""  # text of listed scenarios the font must draw too (a saved Chinese one)
        self.actions = self._actions()
        self.enter(size)

    # --- lifecycle ------------------------------------------------------------------
    def enter(self, size: tuple[int, int]) -> None:
        # a debrief open on this run survives a resize, projector mode or a language switch
        reopen = self.windows.debrief_open() and getattr(self, "_run", None) is self.session.model
        self.size = size
        self.layout = Layout.for_size(*size, touch=self.touch, boost=PROJECTOR_BOOST if palette.projector() else 1.0)
        cover = self.cover()
        self.manager = make_manager(size, self.layout.scale, cover)
        self.fonts = charts.Fonts.default(self.layout.scale, cover)
        self.topbar = TopBar(self.layout.top, self.manager, self.layout.scale,
                             keys.KIOSK_BUTTONS if self.touch else keys.TOP_BAR, room=self._status_room())
        self._new_run()
        self.windows.rebuild(self.manager, self.layout, self.session.model.config)
        self.sidebar.lay_out(self.layout.side, self.fonts, self.manager,
                             max(48 if self.touch else 0, self.fonts.normal.get_height() + 16), self.session.model)
        if reopen:
            self.open_debrief()

    def cover(self) -> str:
        """The scenario text this scene may draw, in the current language (for the font)."""
        return shown_text(self.session.model.config) + self.picker_cover

    def _new_run(self) -> None:
        """Fit the view to the window; a new run (restart, new scenario) also starts fresh
        animations and challenge state, while a resize or language switch keeps them."""
        m = self.session.model
        lens = self.society.lens if getattr(self, "_run", None) is m else None
        self.society.fit(self.layout.society, self.session.positions, len(m.config.tiers))
        if lens is not None and lens.closing_at is None:  # a resize, P or G keeps the wave in view
            again = self.society.open_lens(m, lens.citizen, lens.root, lens.opened)
            again.score_at_start = lens.score_at_start
        if getattr(self, "_run", None) is m:
            return
        self._run = m
        self.cursor = m.events.next_id
        self.outcome = "none"  # a challenge's state: none, playing, won, lost
        self.briefed = not m.config.objectives  # a challenge's brief stays until the player starts
        self.debrief_at = None  # when a finished challenge's debrief opens
        self.notices.caption = None  # the old run's caption goes with it
        if self.society.selected is not None and self.society.selected >= m.n:
            self.society.selected = None

    # --- input ----------------------------------------------------------------------
    def handle(self, event, now: float | None = None) -> Action:
        """Process one event; returns what the window should do (see game.ui.scenes.scene)."""
        consumed = self.manager.process_events(event)
        if event.type == pygame.QUIT:
            return "quit"
        if event.type == pygame_gui.UI_BUTTON_PRESSED and self.topbar.which(event.ui_element):
            return self.do(self.topbar.which(event.ui_element))
        if self.sidebar.handle(event):
            return None
        self._windows_handle(event)
        if event.type == pygame.KEYDOWN and event.key in KEYS and not self._typing():
            return self.do(KEYS[event.key])
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            self.pointer = event.pos
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and not consumed:
            self.click(event.pos)
        return None

    def _windows_handle(self, event) -> None:
        """What the windows ask for: a rule moved, a setup restart, an export, a scenario
        loaded from a code or from the picker."""
        request = self.windows.handle(event)
        if request is None:
            return
        if request[0] == "command":
            self.session.apply(request[1]) or self.say(self.session.message)
        elif request[0] == "restart":
            self.restart_with_setup(request[1])
        elif request[0] == "export":
            self.export()
        elif request[0] == "info":
            self.windows.open_info(self.session.model)
        elif request[0] == "load":
            fit = budget.window_fit(request[1])  # a saved file too big to step between frames
            if fit is not None:
                self.say(t("share.too_big", n=f"{request[1].population.size:,}", fit=f"{fit:,}"))
                return
            self.session.load_scenario(request[1], request[2])
            self.enter(self.layout.size)

    def _typing(self) -> bool:
        """True while a text box has focus: letters then go to the box, not to key bindings."""
        focused = self.manager.get_focus_set()
        return any(type(el).__name__ == "UITextEntryLine" for el in (focused or ()))

    def click(self, pos) -> None:
        over_panel = (self.society.selected is not None and self.layout.inspector.collidepoint(pos)) \
            or (self.windows.rules is not None and self.layout.rules.collidepoint(pos))
        view = None if over_panel else self.viewbar.hit(pos)
        if self.brief_showing() and self.brief.hit(pos):
            self.do("play" if self.brief.hit(pos) == "start" else "rules")
        elif view is not None:
            self.do({"map": "map", "tiers": "tiers", "thoughts": "thoughts"}[view])
        elif self.layout.society.collidepoint(pos) and not over_panel:
            hit = self.society.citizen_at(pos)
            if hit is not None or not self.following:
                self.society.selected = hit
                self.following = False

    # --- actions (the key table's names) --------------------------------------------------
    def do(self, action: str) -> Action:
        """Carry out an action of the key table; returns what the window should do."""
        if self.touch and action not in keys.PUBLIC:
            return None
        result = self.actions[action]()
        return result if result is None or isinstance(result, (str, Scene)) else None

    def _actions(self) -> dict:
        """What the sandbox does for each action of the key table."""
        s = self.session

        def speed(n: int):  # 0: the next speed (the top bar's button)
            return lambda: setattr(s, "speed", n or SPEEDS[(SPEEDS.index(s.speed) + 1) % len(SPEEDS)])

        return {
            "play": self.toggle_play, "step": self.step_paused,
            "speed": speed(0), "speed1": speed(1), "speed4": speed(4), "speed16": speed(16),
            "restart_same": lambda: self.restart(s.seed), "restart_new": lambda: self.restart(s.seed + 1),
            "scenarios": self.open_picker, "rules": self.toggle_rules, "help": lambda: self.windows.open_help(self.touch),
            "fullscreen": lambda: "fullscreen", "screenshot": lambda: "screenshot", "close": self.close_top,
            "follow": self.toggle_follow, "debrief": self.open_debrief, "export": self.export,
            "projector": self.toggle_projector, "language": self.next_language,
            "reveal": self.toggle_reveal, "tiers": self.toggle_tiers, "map": self.back_to_map,
            "thoughts": lambda: setattr(self.society, "reveal", not self.society.reveal),
            "compare": lambda: CompareScene.against(s, self.compare_with, self.layout.size),
            "share": lambda: self.windows.open_share(s), "citizen": self.play_as_selected,
            "info": lambda: self.windows.open_info(s.model),
        }

    def toggle_play(self) -> None:
        self.session.paused = not self.session.paused
        self.briefed = True

    def brief_showing(self) -> bool:
        """A challenge's brief: at its start, paused, until the player starts or opens the rules."""
        return not self.briefed and self.session.model.steps == 0 and self.windows.rules is None

    def step_paused(self) -> None:
        self.session.paused = True
        self.session.step_once()

    def restart(self, seed: int) -> None:
        self.session.restart(seed)
        self.enter(self.layout.size)  # fresh windows and charts for the new run

    def toggle_projector(self) -> None:
        palette.set_projector(not palette.projector())
        self.enter(self.layout.size)

    def next_language(self) -> None:
        codes = [c for c, _ in languages()]
        set_language(codes[(codes.index(current_language()) + 1) % len(codes)])
        self.enter(self.layout.size)

    def toggle_reveal(self) -> None:
        """V, the teacher's reveal: what quiet citizens think (hidden at the start) and charts
        hidden to predict first are shown; pressed with everything shown, it hides both
        (predict first). A touch screen reveals and hides the thoughts only."""
        if self.touch:
            self.society.reveal = not self.society.reveal
            return
        if self.charts_hidden or not self.society.reveal:  # the reveal: whatever is hidden is shown
            self.charts_hidden, self.society.reveal = False, True
        else:  # predict first: the charts and what quiet people think, hidden together
            self.charts_hidden, self.society.reveal = True, False

    def toggle_tiers(self) -> None:
        self.society.set_mode("map" if self.society.mode == "tiers" else "tiers")

    def back_to_map(self) -> None:
        """The map again: out of the lens, or out of the tier view."""
        if self.society.lens is not None:
            self.stage.close_lens(self.session, self.society, time.perf_counter() if self._now is None else self._now)
        else:
            self.society.set_mode("map")

    def toggle_follow(self) -> None:
        if self.society.selected is not None:
            self.following = not self.following

    def play_as_selected(self) -> CitizenScene | None:
        """Citizen mode (Y): play the inspected citizen, paused, in a scene of its own."""
        if self.society.selected is None:
            return None
        self.session.apply(PlayAs(self.society.selected))
        self.session.paused = True
        return CitizenScene(self.session, self.layout.size)

    def restart_with_setup(self, changes: dict) -> None:
        """Population and network are set at build time: apply them by restarting."""
        try:
            scenario = with_overrides(self.session.scenario, changes, source="setup")
        except ScenarioError as exc:
            self.say(t("ui.setup_refused", reason=exc.first))
            return
        self.session.load_scenario(scenario, self.session.source)
        self.enter(self.layout.size)
        self.say(t("ui.restarted_setup", n=scenario.population.size))

    def export(self, folder: Path | None = None) -> tuple[Path, Path, Path]:
        """Charts (PNG), series (CSV) and the debrief page (PNG), for worksheets."""
        folder = folder or self.save_dir or userdirs.exports_dir()
        png, csv, told = export_run(self.session.model, self.session.source, self.session.seed, folder, self.cover())
        self.say(t("debrief_charts.exported", png=png.name, debrief=told.name, csv=csv.name,
                   folder=userdirs.shown(folder)))
        return png, csv, told

    # --- windows over the scene -------------------------------------------------------
    def toggle_rules(self) -> None:
        self.windows.toggle_rules(self.session.model.config)

    def open_picker(self) -> None:
        entries = picker_entries()
        listed = picker_text(entries)
        if needs_font(listed) and font_path(cover=self.cover()) is None:
            self.picker_cover = listed  # the English UI listing a Chinese scenario: switch fonts
            self.enter(self.layout.size)
        self.windows.open_picker(entries, self.session.model.initial_config)

    def open_debrief(self) -> None:
        self.charts_hidden = False  # the debrief is the reveal
        self.society.reveal = True
        self.windows.open_debrief(self.session.model, exportable=not self.touch)

    def close_top(self) -> None:
        """Esc: the top window, else the cascade lens, else the inspected citizen, else the rules panel."""
        if self.windows.close_top():
            return
        if self.society.lens is not None and self.society.lens.closing_at is None:
            self.back_to_map()
            return
        if self.society.selected is not None:
            self.society.selected = None
            self.following = False
        elif self.windows.rules is not None:
            self.toggle_rules()

    def say(self, text: str, seconds: float = notices.MESSAGE_SECONDS) -> None:
        self.notices.say(text, seconds)

    # --- update & draw --------------------------------------------------------------
    def update(self, dt: float, now: float | None = None) -> None:
        now = time.perf_counter() if now is None else now
        self._now = now
        before = self.session.model.steps
        self.session.tick(now)
        if self.session.model.steps != before:
            self.society.add_refusals(self.session.model, now)
            self._check_challenge(now)
            self.notices.catch_caption(self.session.model.config, before, self.session.model.steps, now)
        self.stage.update(self.session, self.society, now)
        if self.debrief_at is not None and now >= self.debrief_at:
            self.debrief_at = None
            self.open_debrief()
        self.topbar.sync(self.session.paused, self.session.speed)
        self.manager.update(dt)

    def caption_text(self) -> str | None:
        """The timeline caption on screen now, in the current language (None: none)."""
        return self.notices.caption_text(self.session.model.config)

    def _check_challenge(self, now: float | None = None) -> None:
        """A challenge that ends pauses the run, is celebrated (or mourned) on screen and
        opens the debrief."""
        outcome, progress = challenge.status(self.session.model)
        if outcome in ("won", "lost") and self.outcome not in ("won", "lost"):
            self.session.paused = True
            now = time.perf_counter() if now is None else now
            text = t("challenge.celebrate_won")
            if outcome == "lost":  # which goal failed, and where it stood: the reason, not just the step
                i, p = next((i, p) for i, p in enumerate(progress) if p.state == "failed")
                text = t("challenge.celebrate_lost_why", step=int(self.session.model.steps), goal=p.label,
                         value=value_text(p, self.session.model.config.objectives[i]))
            self.celebration.start(outcome, now, text, self.layout.size)
            self.debrief_at = now + Celebration.BEFORE_DEBRIEF_S  # the end is seen on the society first
        self.outcome = outcome

    def draw(self, surf: pygame.Surface, now: float | None = None) -> None:
        now = time.perf_counter() if now is None else now
        m, s, area = self.session.model, self.session, self.layout.society
        surf.fill(palette.BACKGROUND)
        if self.windows.debrief_open():  # it covers the scene: draw no clutter
            self.cursor = m.events.next_id  # and no burst of old animations once it closes
        else:
            self.society.add_events(m.events.columns(self.cursor), now)
            self.cursor = m.events.next_id
            legend = legend_box(area, self.fonts, len(m.config.tiers))
            # the bands go below the legend, the view buttons and their key (as last drawn),
            # and above the hint line at the foot of the society
            bar_bottom = max([r.bottom for r in self.viewbar.rects.values()] + [self._bar_bottom], default=area.y)
            top = max(legend.bottom, bar_bottom) + 6
            self.society.tier_area = pygame.Rect(area.x, top, area.width,
                                                 area.bottom - top - self.fonts.normal.get_linesize() - 14)
            self.society.draw(surf, m, now, self.fonts, self.icons)
            shares = np.bincount(m.tier, minlength=len(m.config.tiers)) / m.n
            legend = panels.draw_legend(surf, area, m.config, shares, self.fonts, m.config.scoring.visible)
            if self.society.selected is not None and self.layout.inspector.colliderect(area):
                # the view buttons step aside while a citizen is inspected (under the inspector they
                # could not be touched); closing the inspector brings them back
                self.viewbar.rects, self.viewbar.key_rect, bar = {}, None, None
            else:
                bar = self.viewbar.draw(surf, area, self.fonts, self.society.mode, self.society.reveal, self.touch,
                                        self.society.lens is not None)
            self._bar_bottom = bar.bottom if bar is not None else area.y
            panels.draw_services(surf, self.layout.services, m, s.memory, self.icons, self.fonts, self.pointer)
            self.sidebar.show_button(not self.charts_hidden)
            if self.charts_hidden:
                notices.draw_charts_hidden(surf, self.layout.side, self.fonts)
            else:
                self.sidebar.draw(surf, m, self.layout, self.fonts, s.paused, now)
            if self.society.selected is not None:
                i = self.society.selected
                panels.draw_inspector(surf, self.layout.inspector, m, s.memory, i, s.history.of(m, i), self.fonts,
                                      None if self.touch else self.following)  # a touch screen has no F key
            if m.config.objectives:
                draw_progress(surf, area, challenge.status(m)[1], self.fonts, m.config.objectives)
                if self.brief_showing():
                    self.brief.draw(surf, area, m, self.fonts, self.touch)
            staged = self.stage.showing(self.society)
            if staged and self.society.lens is None and self.stage.caption is not None \
                    and self.stage.caption.key == "look" and self.caption_text():
                staged = False  # the scenario's own caption (its timeline) comes before "what a dot is"
            inspector = self.layout.inspector if self.society.selected is not None else None
            rules = self.layout.rules if self.windows.rules is not None else None
            if staged:  # a staged moment's caption points at what it says
                self.stage.draw(surf, m, self.society, area, self.fonts, avoid=(legend, bar, rules, inspector),
                                targets=self.viewbar.rects)
            else:
                self.notices.draw_caption(surf, m.config, area, self.fonts, now, avoid=(legend, bar, inspector, rules))
        self._draw_status(surf, now)
        self.manager.draw_ui(surf)
        with boxes.on_top():  # a message is read over any window (an export from the debrief)
            area = self.windows.debrief.body if self.windows.debrief_open() else self.layout.society
            self.notices.draw_message(surf, area, self.fonts, now)
        if self.debrief_at is not None:  # a challenge just ended: its end, until the debrief opens
            self.celebration.draw(surf, self.fonts, now, self.layout.society)

    def status_parts(self) -> list[tuple[str, bool]]:
        """The top line after the title: (text, must stay) - the step and "paused" stay, the
        seed and the head count give way on a crowded bar."""
        m, s = self.session.model, self.session
        parts = [(t("ui.step_label", step=m.steps), True), (t("ui.seed_label", seed=s.seed), False),
                 (t("ui.citizens", n=f"{m.n:,}"), False)]
        return parts + ([(f"({t('ui.paused')})", True)] if s.paused else [])

    def status_text(self) -> str:
        """The top line: scenario title, step, seed, citizens, paused (current language)."""
        return "   ".join([localized(self.session.model.config, "meta.title")] + [p for p, _ in self.status_parts()])

    def _status_room(self) -> int:
        """The least room the top line needs: the step, paused, and a few letters of the title."""
        f = self.fonts.normal if hasattr(self, "fonts") else charts.Fonts.default(self.layout.scale).normal
        return f.size(f"Mmmmmmmmmm…   {t('ui.step_label', step=8888)}   ({t('ui.paused')})")[0] + 24

    def _draw_status(self, surf, now: float) -> None:
        title = localized(self.session.model.config, "meta.title")
        notices.draw_status(surf, title, self.status_parts(), self.topbar.left_edge - 16, self.layout.top.height,
                            self.fonts)
        if self.hints and self.society.selected is None and self.windows.rules is None and self.society.lens is None \
                and not self.notices.showing(now):
            if self.touch:  # no keys on a touch screen: what to touch instead
                draw_touch_hint(surf, self.layout.society, self.fonts)
            else:
                notices.draw_hint(surf, self.layout.society, self.fonts)
