"""Museum kiosk: an attract loop, an idle countdown, resets, an operator exit, crash recovery.

States: ``attract`` (the simulation plays itself and stages its moments - the cascade lens
on a listing, the silence, the tier view - with captions that point at them; a touch
starts, a language button starts in that language) ->
``play`` (the sandbox, touch-first) -> after ``idle_s`` without input ``countdown``
("are you still there?") -> back to ``attract`` on a fresh run. Nothing a visitor does
quits: only the operator chord (Ctrl+Shift+Q, then the PIN if one is set). Any exception
inside a scene is logged to a rotating file and the kiosk returns to the attract loop.
Runs are restarted every ``MAX_STEPS`` so memory stays flat over months.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import pygame

from game.records import userdirs
from game.ui.drawing import palette
from game.ui.drawing.text import FONT, current_language, languages, set_language, t
from game.ui.keys import OPERATOR_EXIT
from game.ui.parts import textcache
from game.ui.parts.staging import Stage
from game.ui.scenes.sandbox import SandboxScene
from game.ui.scenes.scene import Action, Scene, loop
from game.ui.session import Session

MAX_STEPS = 600  # a run is restarted after this many steps (bounded series and events)
ATTRACT_AGAIN_S = 6.0  # once the attract loop has shown every moment, a new society this much later


def kiosk_logger(log_dir: Path) -> logging.Logger:
    """A logger writing to ``log_dir/kiosk.log``, rotated at 1 MB, 5 files kept."""
    log_dir = Path(log_dir)
    path = (log_dir / "kiosk.log").resolve()
    log = logging.getLogger("sesame.kiosk." + str(path).replace(".", "_"))  # one logger per file
    if not log.handlers:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(log_dir / "kiosk.log", maxBytes=1_000_000,
                                                       backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return log


class Kiosk(Scene):
    """The kiosk as a scene over a touch-first sandbox: its states, its captions, the
    operator's exit. The window's loop hands every exception to :meth:`recover`."""

    def __init__(self, scenario: str, size: tuple[int, int], *, seed: int = 0, idle_s: float = 90.0,
                 countdown_s: float = 15.0, pin: str | None = None, log_dir: Path | None = None):
        self.scenario, self.size, self.seed = scenario, size, seed
        self.idle_s, self.countdown_s, self.pin = idle_s, countdown_s, pin
        self.log = kiosk_logger(log_dir if log_dir is not None else userdirs.log_dir())
        self.typed_pin: str | None = None  # digits typed after the operator chord
        self.lang_buttons: list[tuple[str, pygame.Rect]] = []
        self.default_language = current_language()
        self.crashes = 0
        self._to_attract(0.0)

    # --- states ---------------------------------------------------------------------
    def _new_scene(self, speed: int, attract: bool) -> SandboxScene:
        session = Session.open(self.scenario, self.seed)
        session.speed = speed
        scene = SandboxScene(session, self.size, touch=True)
        # nobody there: the attract loop shows every moment itself (the tier view too) and
        # follows any large cascade; a visitor is offered them
        scene.stage = Stage(script=True, auto_lens=attract, tour_views=attract, touch=True)
        scene.society.reveal = not attract  # the attract loop reveals the quiet dissenters as a moment
        if attract:  # at 1x until the listing has been followed (time to read), then faster
            scene.stage.speed_after_lens, session.speed = speed, 1
        return scene

    def _to_attract(self, now: float) -> None:
        self.seed += 1  # every attract loop is a new society
        self.scene = self._new_scene(speed=4, attract=True)
        self.state, self.since, self.last_input = "attract", now, now
        self.finished_at: float | None = None

    def _to_play(self, now: float) -> None:
        self.scene = self._new_scene(speed=1, attract=False)
        self.state, self.since, self.last_input = "play", now, now

    def recover(self, exc: BaseException, now: float) -> None:
        """Log a crash and go back to the attract loop (never a traceback on screen)."""
        self.crashes += 1
        self.log.error("scene crashed in state %s; back to the attract loop", self.state, exc_info=exc)
        try:
            self._to_attract(now)
        except Exception as again:  # the default scenario itself failing: keep the old scene
            self.log.error("could not rebuild the scene", exc_info=again)

    # --- input ----------------------------------------------------------------------
    def enter(self, size: tuple[int, int]) -> None:
        self.size = size
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
        if self.state == "play" and now - self.last_input > self.idle_s:
            self.state, self.since = "countdown", now
        elif self.state == "countdown" and now - self.since > self.countdown_s:
            self.log.info("visitor left; back to the attract loop")
            set_language(self.default_language)  # the next visitor starts in the default language
            self._to_attract(now)
        if self.scene.session.model.steps >= MAX_STEPS:  # bounded memory over months
            self._to_attract(now) if self.state == "attract" else self.scene.do("restart_same")
        if self.state == "attract" and self.scene.stage.finished():  # every moment shown: start over
            self.finished_at = now if self.finished_at is None else self.finished_at
            if now - self.finished_at > ATTRACT_AGAIN_S:
                self._to_attract(now)
        self.scene.update(dt, now)

    # --- drawing --------------------------------------------------------------------
    def draw(self, surf: pygame.Surface, now: float | None = None) -> None:
        self.scene.draw(surf, now)
        if self.state == "attract":
            self._attract_bar(surf)
        elif self.state == "countdown":
            left = max(0, int(self.countdown_s - (now - self.since)) + 1)
            self._banner(surf, [t("kiosk.still_there"), t("kiosk.restarting", seconds=left)])
        if self.typed_pin is not None:
            self._banner(surf, [t("kiosk.operator"), "*" * len(self.typed_pin)])

    def _attract_bar(self, surf: pygame.Surface) -> None:
        """Over the services strip: the title, "touch anywhere to start", and one large
        button per language (each starts the visit in its language; touch targets >= 56 px)."""
        area = self.scene.layout.services.union(pygame.Rect(0, self.scene.layout.services.y, self.size[0], 1))
        area.height = max(area.height, 72)
        area.bottom = min(area.bottom, self.size[1])
        shade = pygame.Surface(area.size, pygame.SRCALPHA)
        shade.fill((*palette.PANEL, 245))
        surf.blit(shade, area)
        pygame.draw.rect(surf, palette.TIE_SELECTED, area, 2, border_radius=8)
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
            img = textcache.render(self._native_font(), native, palette.BACKGROUND if on else palette.TEXT)
            surf.blit(img, img.get_rect(center=r.center))
            self.lang_buttons.append((code, r))
            x += w + 12
        f = self.scene.fonts.normal
        room = self.lang_buttons[0][1].x - area.x - 32 if self.lang_buttons else area.width - 32
        lines = [(t("kiosk.title"), palette.TIE_SELECTED), (t("kiosk.touch"), palette.TEXT)]
        y = area.centery - len(lines) * f.get_linesize() // 2
        for text, colour in lines:
            img = textcache.render(f, text, colour)
            if img.get_width() > room:
                img = pygame.transform.smoothscale_by(img, room / img.get_width())
            surf.blit(img, (area.x + 16, y))
            y += f.get_linesize()

    def _native_font(self) -> pygame.font.Font:
        """Language names are written in their own script whatever the current language."""
        if getattr(self, "_native", None) is None:
            self._native = pygame.font.Font(str(FONT), max(18, self.scene.fonts.normal.get_height() - 4))
        return self._native

    def _banner(self, surf: pygame.Surface, lines: list[str]) -> pygame.Rect:
        area = self.scene.layout.society
        fonts = self.scene.fonts
        imgs = [fonts.normal.render(line, True, palette.TEXT) for line in lines if line]
        big = pygame.transform.smoothscale_by(imgs[0], 1.6) if imgs else None
        if big is not None:
            imgs[0] = big
        w = min(area.width - 20, max(i.get_width() for i in imgs) + 60)
        h = sum(i.get_height() + 10 for i in imgs) + 30
        box = pygame.Rect(0, 0, w, h)
        box.center = area.center
        shade = pygame.Surface(box.size, pygame.SRCALPHA)
        shade.fill((*palette.PANEL, 235))
        surf.blit(shade, box)
        pygame.draw.rect(surf, palette.TIE_SELECTED, box, 2, border_radius=8)
        y = box.y + 15
        for img in imgs:
            if img.get_width() > box.width - 20:
                img = pygame.transform.smoothscale_by(img, (box.width - 20) / img.get_width())
            surf.blit(img, img.get_rect(midtop=(box.centerx, y)))
            y += img.get_height() + 10
        return box


def run_kiosk(scenario: str, size: tuple[int, int], *, fullscreen: bool = True, frames: int | None = None,
              idle_s: float = 90.0, pin: str | None = None, log_dir: Path | None = None,
              on_frame=None) -> int:
    """The kiosk in the window's loop; with ``frames`` it runs headless on virtual time
    (tests, soak). Any exception inside a scene is logged and the kiosk starts over."""
    pygame.display.set_caption("Open Sesame")  # the kiosk's window, not "pygame window"
    window = pygame.display.set_mode(size, pygame.FULLSCREEN if fullscreen else 0)
    kiosk = Kiosk(scenario, window.get_size(), idle_s=idle_s, pin=pin, log_dir=log_dir)
    return loop(window, [kiosk], frames=frames, on_frame=on_frame, recover=kiosk.recover)
