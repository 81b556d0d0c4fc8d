"""Museum kiosk: an attract loop, an idle countdown, resets, an operator exit, crash recovery.

States: ``attract`` (the simulation plays itself with captions; a touch starts) ->
``play`` (the sandbox, touch-first) -> after ``idle_s`` without input ``countdown``
("are you still there?") -> back to ``attract`` on a fresh run. Nothing a visitor does
quits: only the operator chord (Ctrl+Shift+Q, then the PIN if one is set). Any exception
inside a scene is logged to a rotating file and the kiosk returns to the attract loop.
Runs are restarted every ``MAX_STEPS`` so memory stays flat over months.
"""

from __future__ import annotations

import logging
import logging.handlers
import time
from pathlib import Path

import pygame

from game import userdirs
from game.ui import palette
from game.ui.sandbox import SandboxScene
from game.ui.session import Session
from game.ui.text import FONT, current_language, languages, localized, set_language, t

MAX_STEPS = 600  # a run is restarted after this many steps (bounded series and events)
CAPTION_S = 7.0
KIOSK_BUTTONS = ("play", "step", "speed", "restart_same", "rules", "help")


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


class Kiosk:
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
    def _new_scene(self, speed: int) -> SandboxScene:
        session = Session.open(self.scenario, self.seed)
        session.speed = speed
        return SandboxScene(session, self.size, kiosk=True)

    def _to_attract(self, now: float) -> None:
        self.seed += 1  # every attract loop is a new society
        self.scene = self._new_scene(speed=4)
        self.state, self.since, self.last_input = "attract", now, now

    def _to_play(self, now: float) -> None:
        self.scene = self._new_scene(speed=1)
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
    def handle(self, event, now: float) -> str | None:
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
                if lang is not None:  # the language switch on the start screen
                    set_language(lang)
                    self.scene.enter(self.size)
                else:
                    self._to_play(now)
            return None
        if self.state == "countdown":
            if touch:
                self.state, self.since = "play", now
            return None
        self.scene.handle(event)  # the scene's own quit/fullscreen/screenshot are ignored here
        return None

    def _operator_key(self, event) -> str | None:
        mods = event.mod
        if event.key == pygame.K_q and mods & pygame.KMOD_CTRL and mods & pygame.KMOD_SHIFT:
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
    def update(self, dt: float, now: float) -> None:
        if self.state == "play" and now - self.last_input > self.idle_s:
            self.state, self.since = "countdown", now
        elif self.state == "countdown" and now - self.since > self.countdown_s:
            self.log.info("visitor left; back to the attract loop")
            set_language(self.default_language)  # the next visitor starts in the default language
            self._to_attract(now)
        if self.scene.session.model.steps >= MAX_STEPS:  # bounded memory over months
            self._to_attract(now) if self.state == "attract" else self.scene.do("restart_same")
        self.scene.update(dt, now)

    # --- drawing --------------------------------------------------------------------
    def draw(self, surf: pygame.Surface, now: float) -> None:
        self.scene.draw(surf, now)
        if self.state == "attract":
            box = self._banner(surf, [t("kiosk.title"), self._caption(now), t("kiosk.touch")])
            self._language_buttons(surf, box)
        elif self.state == "countdown":
            left = max(0, int(self.countdown_s - (now - self.since)) + 1)
            self._banner(surf, [t("kiosk.still_there"), t("kiosk.restarting", seconds=left)])
        if self.typed_pin is not None:
            self._banner(surf, [t("kiosk.operator"), "*" * len(self.typed_pin)])

    def _caption(self, now: float) -> str:
        config = self.scene.session.model.config
        captions = [localized(config, f"timeline[{i}].text") for i, ev in enumerate(config.timeline) if ev.text]
        captions += [t(f"kiosk.caption_{k}") for k in range(1, 6)]
        return captions[int((now - self.since) / CAPTION_S) % len(captions)]

    def _language_buttons(self, surf: pygame.Surface, above: pygame.Rect) -> None:
        """One large button per language under the banner (touch targets >= 48 px)."""
        self.lang_buttons = []
        langs = languages()
        w, h, gap = max(140, above.width // max(len(langs), 1) - 20), 56, 16
        x = above.centerx - (len(langs) * (w + gap) - gap) // 2
        for code, native in langs:
            r = pygame.Rect(x, above.bottom + 14, w, h)
            on = code == current_language()
            pygame.draw.rect(surf, palette.TIE_SELECTED if on else palette.PANEL, r, border_radius=8)
            pygame.draw.rect(surf, palette.TEXT, r, 2, border_radius=8)
            img = self._native_font().render(native, True, palette.BACKGROUND if on else palette.TEXT)
            surf.blit(img, img.get_rect(center=r.center))
            self.lang_buttons.append((code, r))
            x += w + gap

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
    """The kiosk's main loop; with ``frames`` it runs headless on virtual time (tests, soak)."""
    flags = pygame.FULLSCREEN if fullscreen else 0
    window = pygame.display.set_mode(size, flags)
    kiosk = Kiosk(scenario, window.get_size(), idle_s=idle_s, pin=pin, log_dir=log_dir)
    clock, frame, start = pygame.time.Clock(), 0, time.perf_counter()
    while frames is None or frame < frames:
        now = time.perf_counter() - start if frames is None else frame / 60
        dt = clock.tick(60) / 1000.0 if frames is None else 1 / 60
        try:
            for event in pygame.event.get():
                if kiosk.handle(event, now) == "quit":
                    return 0
            kiosk.update(dt, now)
            kiosk.draw(window, now)
        except Exception as exc:  # noqa: BLE001 - the kiosk must never show a traceback
            kiosk.recover(exc, now)
        pygame.display.flip()
        if on_frame is not None:
            on_frame(frame, kiosk)
        frame += 1
    return 0
