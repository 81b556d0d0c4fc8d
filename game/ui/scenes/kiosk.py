"""Museum kiosk: an attract loop, an idle countdown, resets, an operator exit, crash recovery.

States: ``attract`` (the simulation plays itself and stages its moments - the cascade lens
on a listing, the silence, the tier view - with captions that point at them; a touch
starts, a language button starts in that language) ->
``play`` (the sandbox, touch-first) -> after ``idle_s`` without input ``countdown``
("are you still there?") -> back to ``attract`` on a fresh run. Nothing a visitor does
quits: only the operator chord (Ctrl+Shift+Q, then the PIN if one is set). Runs are
restarted every ``MAX_STEPS`` so memory stays flat over months; a challenge plays itself
too (it does not wait paused for a Play press), and one that has ended starts over.

Left alone for months, the kiosk must survive what goes wrong (:mod:`game.ui.scenes.kiosk_faults`):

- Any exception inside a scene, in the window's loop (``display.flip`` included) or while
  building a run is logged and the kiosk starts over in the attract loop.
- A fault that keeps coming back is met with an exponential back-off (2 s, 4 s, ... at
  most 10 minutes between tries); meanwhile the attract loop of the shipped default
  scenario plays (``fallback``), or, if even that fails, a calm still screen (``resting``).
- The scenario file is read again at every fresh attract loop (a technician may update
  it); if it has become unreadable or invalid, the copy read last is used and the problem
  is logged once.
- The log keeps a file a day for two months, each day's capped, so a fault cannot erase
  the history (see :func:`kiosk_logger`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pygame

from game.records import userdirs
from game.scenario import budget
from game.scenario.library import DEFAULT_SCENARIO, load
from game.scenario.safetext import terminal
from game.scenario.schema import ScenarioError
from game.scenario.share import looks_like_code
from game.scenario.spec import Scenario
from game.ui.drawing import boxes, charts, palette
from game.ui.drawing.text import (FONT, SafeFont, current_language, draw_text, languages, localized, rendered,
                                   set_language, t)
from game.ui.keys import OPERATOR_EXIT
from game.ui.parts import textcache
from game.ui.parts.staging import Stage
from game.ui.scenes.kiosk_faults import Faults, kiosk_logger
from game.ui.scenes.sandbox import SandboxScene
from game.ui.scenes.scene import Action, Scene, loop
from game.ui.session import Session

__all__ = ["CAPTION_S", "FINISHED_S", "MAX_STEPS", "Kiosk", "kiosk_logger", "run_kiosk"]

MAX_STEPS = 600  # a run is restarted after this many steps (bounded series and events)
CAPTION_S = 7.0
FINISHED_S = 20.0  # an attract run whose challenge has ended (the run paused) starts over after this
ATTRACT_AGAIN_S = 6.0  # once the attract loop has shown every moment, a new society this much later


class Kiosk(Scene):
    """The kiosk as a scene over a touch-first sandbox: its states, its captions, the
    operator's exit. The window's loop hands every exception to :meth:`recover`.

    ``scenario`` is what ``sesame play`` takes (a name, a file, a share code) or a
    :class:`Scenario` already checked. ``mode`` says what is on screen: ``main`` (that
    scenario), ``fallback`` (the shipped default, while a persistent fault backs off) or
    ``resting`` (a still screen, when nothing can be built)."""

    def __init__(self, scenario: str | Scenario, size: tuple[int, int], *, seed: int = 0, idle_s: float = 90.0,
                 countdown_s: float = 15.0, pin: str | None = None, log_dir: Path | None = None):
        self.source = scenario if isinstance(scenario, str) else None
        self.size, self.seed = size, seed
        self.idle_s, self.countdown_s, self.pin = idle_s, countdown_s, pin
        self.log = kiosk_logger(log_dir if log_dir is not None else userdirs.log_dir())
        self.faults = Faults(self.log)
        self.typed_pin: str | None = None  # digits typed after the operator chord
        self.lang_buttons: list[tuple[str, pygame.Rect]] = []
        self.default_language = current_language()
        self.crashes = 0
        self.scene: SandboxScene | None = None
        self.mode = "main"
        self._unreadable = ""  # the last problem logged about the scenario file (logged once)
        self._fonts = None
        self.ended_at: float | None = None
        self.rules: Scenario | None = scenario if isinstance(scenario, Scenario) else None
        self.log.info("kiosk started: scenario %s, pid %d", terminal(self.source or "(given as rules)"), os.getpid())
        try:
            self.rules = self._read_rules()
        except Exception as exc:  # noqa: BLE001 - unreadable at start: the fallback plays
            self.recover(exc, 0.0)
            return
        self._to_attract(0.0)

    # --- where the rules come from ----------------------------------------------------
    def _read_rules(self) -> Scenario:
        """The scenario, read again from its file (a technician may have updated it); if it
        cannot be read now, the copy read last (the problem is logged once)."""
        if self.source is None or (self.rules is not None and not self._is_file()):
            return self.rules
        try:
            rules = load(self.source)
            problem = budget.window_problem(rules)  # a file swapped for one the kiosk cannot step in time
            if problem:
                raise ScenarioError(self.source, [("population.size", problem)])
        except ScenarioError as exc:
            if self.rules is None:
                raise
            if str(exc) != self._unreadable:
                self._unreadable = str(exc)
                self.log.warning("the scenario cannot be read now (%s); playing the copy read earlier",
                                 terminal(exc.first))
            return self.rules
        if self._unreadable:
            self.log.info("the scenario can be read again")
            self._unreadable = ""
        return rules

    def _is_file(self) -> bool:
        return not looks_like_code(self.source) and (Path(self.source).suffix == ".toml" or "/" in self.source)

    # --- states ---------------------------------------------------------------------
    def _new_scene(self, speed: int, attract: bool, rules: Scenario | None = None) -> SandboxScene:
        rules = rules if rules is not None else self._read_rules()
        session = Session(rules, self.source or "kiosk", self.seed)
        session.speed, session.paused = speed, False  # a challenge too: nobody is there to press Play
        scene = SandboxScene(session, self.size, touch=True)
        # nobody there: the attract loop shows every moment itself (the tier view too) and
        # follows any large cascade; a visitor is offered them
        scene.stage = Stage(script=True, auto_lens=attract, tour_views=attract, touch=True)
        scene.society.reveal = not attract  # the attract loop reveals the quiet dissenters as a moment
        if attract:  # at 1x until the listing has been followed (time to read), then faster
            scene.stage.speed_after_lens, session.speed = speed, 1
        return scene

    def _to_attract(self, now: float, fallback: bool = False) -> None:
        self.seed += 1  # every attract loop is a new society
        self.scene = None  # let the old run go before the new one is built (memory)
        self.scene = self._new_scene(4, True, load(DEFAULT_SCENARIO) if fallback else None)
        self.mode = "fallback" if fallback else "main"
        self.state, self.since, self.last_input = "attract", now, now
        self.ended_at: float | None = None  # when an attract run's challenge ended (it pauses)
        self.finished_at: float | None = None  # when the attract loop had shown every moment

    def _to_play(self, now: float) -> None:
        self.scene = self._new_scene(speed=1, attract=False, rules=self.scene.session.model.initial_config
                                     if self.mode == "fallback" else None)
        self.state, self.since, self.last_input = "play", now, now

    def recover(self, exc: BaseException, now: float) -> None:
        """Log a crash and go back to the attract loop (never a traceback on screen). A
        fault that keeps coming back waits (:class:`~game.ui.scenes.kiosk_faults.Faults`)
        with the default scenario's attract loop on screen, or a still screen. Never raises."""
        self.crashes += 1
        where = f"scene crashed ({self.mode}, {getattr(self, 'state', 'starting')})"
        self.state, self.since, self.last_input = "attract", now, now
        try:
            retry_at = self.faults.record(exc, now, where)
            if retry_at <= now:
                try:
                    self._to_attract(now)
                    return
                except Exception as again:  # noqa: BLE001 - the scenario itself failing
                    retry_at = self.faults.record(again, now, "could not start the scenario again")
            self._rest_or_fall_back(now)
        except Exception:  # noqa: BLE001 - the log or the fallback failing: rest, try later
            self.scene, self.mode = None, "resting"

    def _rest_or_fall_back(self, now: float) -> None:
        """While a fault backs off: the default scenario's attract loop, unless it is the
        one failing (then a still screen)."""
        if self.mode != "main" or self.source == DEFAULT_SCENARIO:
            self.scene, self.mode = None, "resting"
            return
        try:
            self._to_attract(now, fallback=True)
        except Exception as exc:  # noqa: BLE001
            self.faults.record(exc, now, "the fallback could not start either")
            self.scene, self.mode = None, "resting"

    # --- input ----------------------------------------------------------------------
    def enter(self, size: tuple[int, int]) -> None:
        self.size = size
        self._fonts = None
        if self.scene is not None:
            self.scene.enter(size)

    def handle(self, event, now: float | None = None) -> Action:
        """Returns 'quit' only for the operator; everything else is the visitor's."""
        if event.type == pygame.QUIT:
            return None
        if event.type == pygame.KEYDOWN:
            quit_ = self._operator_key(event)
            if quit_ or self.typed_pin is not None:
                return quit_
        touch = event.type in (pygame.MOUSEBUTTONDOWN, pygame.FINGERDOWN, pygame.KEYDOWN)
        if touch or event.type == pygame.MOUSEMOTION and any(getattr(event, "buttons", ())):
            self.last_input = now
        if self.scene is None:  # resting: nothing to start until the back-off's next try
            return None
        if self.state == "attract":
            if event.type == pygame.MOUSEBUTTONDOWN:
                lang = next((c for c, r in self.lang_buttons if r.collidepoint(event.pos)), None)
                if lang is not None:  # a language button starts the visit in that language
                    set_language(lang)
                self._to_play(now)
            return None
        if self.state == "countdown":
            if touch:
                self.state, self.since = "play", now
            return None
        help_ = self.scene.windows.help
        if event.type == pygame.MOUSEBUTTONDOWN and help_ is not None and help_.alive \
                and not help_.window.rect.collidepoint(event.pos):
            help_.window.kill()  # a finger closes the help by touching anywhere outside it (its x is small)
            return None
        self.scene.handle(event, now)  # the scene's own quit/fullscreen/screenshot are ignored here
        return None

    def _operator_key(self, event) -> str | None:
        mods = event.mod
        key, chord = OPERATOR_EXIT
        if event.key == key and mods & chord == chord:
            if not self.pin:
                self.log.info("operator exit")
                return "quit"
            self.typed_pin = ""
            return None
        if self.typed_pin is None:
            return None
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            ok = self.typed_pin == self.pin
            self.typed_pin = None
            self.log.info("operator exit" if ok else "wrong PIN at the operator exit")
            return "quit" if ok else None
        if event.key == pygame.K_ESCAPE:
            self.typed_pin = None
        elif event.unicode.isdigit() and len(self.typed_pin) < 12:
            self.typed_pin += event.unicode
        return None

    # --- time -----------------------------------------------------------------------
    def update(self, dt: float, now: float | None = None) -> None:
        if self.mode != "main" and now >= self.faults.retry_at:  # the back-off is over: try again
            self.faults.retry_at = now + 1.0  # a failure below is the next fault, not every frame's
            self._to_attract(now)  # raises into recover() if it still fails
            return
        if self.scene is None:
            return
        if self.state == "play" and now - self.last_input > self.idle_s:
            self.state, self.since = "countdown", now
        elif self.state == "countdown" and now - self.since > self.countdown_s:
            self.log.info("visitor left; back to the attract loop")
            set_language(self.default_language)  # the next visitor starts in the default language
            self._to_attract(now, fallback=self.mode == "fallback")
            return
        session = self.scene.session
        if session.model.steps >= MAX_STEPS:  # bounded memory over months
            if self.state == "attract":
                self._to_attract(now, fallback=self.mode == "fallback")
                return
            self.scene.do("restart_same")
        if session.paused and self.state == "attract":  # a challenge ended: its debrief, then again
            self.ended_at = now if self.ended_at is None else self.ended_at
            if now - self.ended_at > FINISHED_S:
                self._to_attract(now, fallback=self.mode == "fallback")
                return
        if self.state == "attract" and self.scene.stage.finished():  # every moment shown: start over
            self.finished_at = now if self.finished_at is None else self.finished_at
            if now - self.finished_at > ATTRACT_AGAIN_S:
                self._to_attract(now, fallback=self.mode == "fallback")
                return
        self.scene.update(dt, now)

    # --- drawing --------------------------------------------------------------------
    def draw(self, surf: pygame.Surface, now: float | None = None) -> None:
        if self.scene is None:
            self._draw_resting(surf)
            return
        self.scene.draw(surf, now)
        if self.state == "attract":
            self._attract_bar(surf)
        elif self.state == "countdown":
            left = max(0, int(self.countdown_s - (now - self.since)) + 1)
            self._banner(surf, [t("kiosk.still_there"), t("kiosk.restarting", seconds=left)])
        if self.typed_pin is not None:
            self._banner(surf, [t("kiosk.operator"), "*" * len(self.typed_pin)])
        if self.mode == "main":
            self.faults.ok(now)

    def _draw_resting(self, surf: pygame.Surface) -> None:
        """The still screen while nothing can run: the title and a promise, on plain colour
        (drawn with as little as possible, so it works when the rest does not)."""
        surf.fill(palette.BACKGROUND)
        if self._fonts is None:
            self._fonts = charts.Fonts.default(max(1.0, surf.get_height() / 720))
        w, h = surf.get_size()
        y = h // 2 - self._fonts.normal.get_linesize()
        for text, font in ((t("kiosk.title"), self._fonts.normal), (t("kiosk.resting"), self._fonts.small)):
            draw_text(surf, font, text, palette.TEXT, (w // 2, y), "midtop", width=w - 20, owner="resting")
            y += font.get_linesize() + 12

    def _attract_bar(self, surf: pygame.Surface) -> None:
        """Over the services strip: the title, "touch anywhere to start", and one large
        button per language (each starts the visit in its language; touch targets >= 56 px)."""
        area = self.scene.layout.services.copy()  # not over the charts: their buttons stay free to touch
        area.height = max(area.height, 72)
        area.bottom = min(area.bottom, self.size[1])
        surf.blit(textcache.shade(area.size, (*palette.PANEL, 255)), area)  # opaque: no ghost of the strip under it
        pygame.draw.rect(surf, palette.TIE_SELECTED, area, 2, border_radius=8)
        boxes.note_panel(area, "touch bar")
        langs = languages()
        h = max(56, min(area.height - 16, 72))
        w = max(140, max(self._native_font().size(native)[0] for _, native in langs) + 40)
        x = area.right - 12 - len(langs) * (w + 12) + 12
        self.lang_buttons = []
        for code, native in langs:
            r = pygame.Rect(x, area.centery - h // 2, w, h)
            on = code == current_language()
            pygame.draw.rect(surf, palette.TIE_SELECTED if on else palette.PANEL_EDGE, r, border_radius=8)
            pygame.draw.rect(surf, palette.TEXT, r, 2, border_radius=8)
            boxes.note_panel(r, "language button")
            draw_text(surf, self._native_font(), native, palette.BACKGROUND if on else palette.TEXT, r.center, "center",
                      bound=r, owner="language button")
            self.lang_buttons.append((code, r))
            x += w + 12
        f = self.scene.fonts.normal
        room = self.lang_buttons[0][1].x - area.x - 32 if self.lang_buttons else area.width - 32
        lines = [(t("kiosk.title"), palette.TIE_SELECTED), (t("kiosk.touch"), palette.TEXT)]
        y = area.centery - len(lines) * f.get_linesize() // 2
        for text, colour in lines:
            img = rendered(f, text, colour)
            if img.get_width() > room:  # shrunk to fit beside the language buttons, not cut
                img = pygame.transform.smoothscale_by(img, room / img.get_width())
            surf.blit(img, (area.x + 16, y))
            boxes.note_text(img.get_rect(topleft=(area.x + 16, y)), text, area, owner="touch bar")
            y += f.get_linesize()

    def _native_font(self) -> pygame.font.Font:
        """Language names are written in their own script whatever the current language."""
        if getattr(self, "_native", None) is None:
            self._native = SafeFont(str(FONT), max(18, self.scene.fonts.normal.get_height() - 4))
        return self._native

    def _banner(self, surf: pygame.Surface, lines: list[str]) -> pygame.Rect:
        area = self.scene.layout.society
        fonts = self.scene.fonts
        imgs = [rendered(fonts.normal, line, palette.TEXT) for line in lines if line]
        big = pygame.transform.smoothscale_by(imgs[0], 1.6) if imgs else None
        if big is not None:
            imgs[0] = big
        w = min(area.width - 20, max(i.get_width() for i in imgs) + 60)
        h = sum(i.get_height() + 10 for i in imgs) + 30
        box = pygame.Rect(0, 0, w, h)
        box.center = area.center
        surf.blit(textcache.shade(box.size, (*palette.PANEL, 235)), box)
        pygame.draw.rect(surf, palette.TIE_SELECTED, box, 2, border_radius=8)
        boxes.note_panel(box, "banner", modal=True)
        y = box.y + 15
        for img, text in zip(imgs, [line for line in lines if line]):
            if img.get_width() > box.width - 20:  # shrunk to fit, not cut
                img = pygame.transform.smoothscale_by(img, (box.width - 20) / img.get_width())
            at = img.get_rect(midtop=(box.centerx, y))
            surf.blit(img, at)
            boxes.note_text(at, text, box, owner="banner")
            y += img.get_height() + 10
        return box


def run_kiosk(scenario: str | Scenario, size: tuple[int, int], *, fullscreen: bool = True,
              frames: int | None = None, idle_s: float = 90.0, pin: str | None = None,
              log_dir: Path | None = None, on_frame=None) -> int:
    """The kiosk in the window's loop; with ``frames`` it runs headless on virtual time
    (tests, soak). Any exception in a frame is logged and the kiosk starts over; a window
    that goes away (the display restarted) is opened again."""
    pygame.display.set_caption("Open Sesame")  # the kiosk's window, not "pygame window"
    flags = pygame.FULLSCREEN if fullscreen else 0
    window = pygame.display.set_mode(size, flags)
    kiosk = Kiosk(scenario, window.get_size(), idle_s=idle_s, pin=pin, log_dir=log_dir)

    def reopen() -> pygame.Surface:
        if not pygame.display.get_init():
            pygame.display.init()
        kiosk.log.warning("the window was lost; opening it again")
        return pygame.display.set_mode(size, flags)

    return loop(window, [kiosk], frames=frames, on_frame=on_frame, recover=kiosk.recover, reopen=reopen)
