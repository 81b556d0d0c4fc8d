"""The guided tour: each chapter's card over its scene (citizen mode or the sandbox).

Card phases: ``intro`` (what it shows, the source fact, the task) -> for a prediction
chapter ``bet`` (Left/Right or the +/- buttons, Enter to place it) -> ``running`` (the task
in a strip, with Skip) -> ``result`` (your bet against what happened, and one sentence from
the run on why; "Watch again" replays the chapter's moment on the same seed) -> the next
chapter only when the player asks. The citizen a chapter talks about is ringed and named.
Keys: Enter = the card's button, Esc = hide/show the card.
"""

from __future__ import annotations

import math

import pygame

from game.modes import chapters
from game.ui.drawing import boxes, palette
from game.text import Phrase, say
from game.ui.drawing.text import draw_text, localized, t, wrap
from game.ui.keys import CHAPTER, CHAPTER_BLOCKS, SANDBOX, keymap, keys_of
from game.ui.parts import textcache
from game.ui.scenes.citizen import CitizenScene
from game.ui.scenes.sandbox import SandboxScene
from game.ui.scenes.scene import Action, Scene
from game.ui.session import Session


KEYS = keymap(CHAPTER)
BLOCKED = keys_of(SANDBOX, CHAPTER_BLOCKS)

class ChapterScene(Scene):
    def __init__(self, size: tuple[int, int], seed: int = 0):
        self.size, self.seed = size, seed
        self.seq = chapters.sequence()
        self.index = 0
        self.bets: list[tuple[str, float, float]] = []  # (chapter title, predicted, actual)
        self._open(0)

    # --- chapters -------------------------------------------------------------------
    def _open(self, index: int, replay: bool = False) -> None:
        """Open chapter ``index``; ``replay``: the same chapter again, straight into its run
        with the bet already placed (same seed: the same moment)."""
        self.index = index
        path, scenario = self.seq[index]
        self.session = Session(scenario, str(path), self.seed, paused=True)
        ch = scenario.chapter
        self.inner = CitizenScene(self.session, self.size) if ch.kind == "by_hand" \
            else SandboxScene(self.session, self.size)
        if index > 1 and hasattr(self.inner, "stage"):  # "what a dot is" once: in the first chapter on the map
            self.inner.stage.done.add("look")
        self.follow_pending = False
        self.asked = self.waiting = False  # the scale chapter: a citizen inspected; the steps run, waiting
        self.phase, self.bet, self.card_hidden = "intro", ch.predict_max // 2, False
        self.start_step = 0
        self.start_degree = int(self.session.model.friends.degree[self.session.model.player]) \
            if self.session.model.player is not None else 0
        self.start = chapters.start_of(self.session.model)
        self.speaker = self._speaker()
        self.buttons: dict[str, pygame.Rect] = {}
        self.why: str | None = None
        if replay:
            if ch.kind == "predict" and self.bets:
                self.bet = int(self.bets.pop()[1])
            self._start()

    def _speaker(self) -> int | None:
        """The conformity chapter follows one citizen: the best-connected public dissenter."""
        m = self.session.model
        if m.config.chapter.answer != "public_dissent_pct" or not m.public_dissent.any():
            return None
        who = m.public_dissent.nonzero()[0]
        return int(who[m.friends.degree[who].argmax()])

    @property
    def chapter(self):
        return self.session.model.config.chapter

    def primary(self) -> None:
        """The card's main button."""
        ch = self.chapter
        if self.phase == "intro":
            if ch.kind == "predict":
                self.phase = "bet"
            else:
                self._start()
        elif self.phase == "bet":
            self._start()
        elif self.phase in ("result", "done") and self.index + 1 < len(self.seq):
            self._open(self.index + 1)

    def _start(self) -> None:
        self.phase = "running"
        self.start_step = int(self.session.model.steps)
        self.start = chapters.start_of(self.session.model)
        if self.chapter.kind in ("predict", "scale"):
            self.session.paused, self.session.speed = False, 4
        elif self.chapter.kind == "sandbox":  # free play: it runs (Space pauses), its card out of the way
            self.session.paused = False
        m = self.session.model
        # a chapter about a listed player follows the wave around them from the first step
        self.follow_pending = m.player is not None and bool(m.listed[m.player]) and hasattr(self.inner, "stage")
        self.card_hidden = self.chapter.kind == "sandbox"

    def _finish(self) -> None:
        m = self.session.model
        self.session.paused = True
        if self.chapter.kind == "predict":
            actual = chapters.answer(m, self.start_degree)
            self.bets.append((localized(m.config, "meta.title"), float(self.bet), actual))
        self.phase = "result"
        self.card_hidden = False
        why = chapters.why(m, self.start)
        name = localized(m.config, "player.name") or t("citizen.you")
        self.why = say(Phrase(why.key, {**why.fields, "name": name})) if why is not None else None

    # --- the scene protocol ---------------------------------------------------------
    def _debrief_open(self) -> bool:
        """The sandbox chapter's debrief (D) covers the scene: it takes input and hides the card."""
        windows = getattr(self.inner, "windows", None)
        return windows is not None and windows.debrief_open()

    def handle(self, event, now: float | None = None) -> Action:
        if event.type == pygame.QUIT:
            return "quit"
        blocked = event.type == pygame.KEYDOWN and event.key in BLOCKED
        if self._debrief_open():
            return None if blocked else self._inner(event, now)
        action = KEYS.get(event.key) if event.type == pygame.KEYDOWN else None
        if action == "card" and self.phase == "running":
            self.card_hidden = not self.card_hidden
            return None
        if action == "primary" and not self.card_hidden:
            self.primary()
            return None
        if action in ("less", "more") and self.phase == "bet":
            self._nudge(1 if action == "more" else -1)
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and not self.card_hidden:
            hit = next((k for k, r in self.buttons.items() if r.collidepoint(event.pos)), None)
            if hit == "go":
                self.primary()
            elif hit == "skip" and self.phase == "running":  # the player presses on
                self._finish()
            elif hit == "replay":
                self._open(self.index, replay=True)
            elif hit in ("minus", "plus"):
                self._nudge(-1 if hit == "minus" else 1)
            if hit or self.phase not in ("running", "result"):
                return None  # the card takes the click
        if self.phase in ("intro", "bet") and event.type == pygame.KEYDOWN:
            return None  # no stepping before the chapter starts
        if blocked:
            return None  # inside a chapter: no switching citizen, seed, scenario or view
        return self._inner(event, now)

    def _inner(self, event, now: float | None) -> Action:
        """The chapter's scene takes the event; of what it asks the window, only quitting
        goes through (a chapter never opens another scene)."""
        action = self.inner.handle(event, now)
        return action if action == "quit" else None

    def _nudge(self, d: int) -> None:
        self.bet = max(0, min(self.chapter.predict_max, self.bet + d))

    def update(self, dt: float, now: float | None = None) -> None:
        if self.follow_pending and now is not None:
            self.follow_pending = False
            self.inner.stage.follow(self.session, self.inner.society, int(self.session.model.player), now)
        self.inner.update(dt, now)
        if self.phase != "running":
            return
        society = getattr(self.inner, "society", None)
        if society is not None and society.selected is not None:
            self.asked = True
        if chapters.done(self.session.model, self.start_step):
            if self.chapter.kind == "scale" and not self.asked:
                self.session.paused = True  # the task asks the player to touch a citizen: wait for it
                self.waiting = True
            else:
                self._finish()

    def enter(self, size: tuple[int, int]) -> None:
        self.size = size
        self.inner.enter(size)

    def draw(self, surf: pygame.Surface, now: float | None = None) -> None:
        # the strip says what to do while a chapter runs: the scene's own hint line would sit under it
        self.inner.hints = self.card_hidden or self.phase != "running"
        self.inner.draw(surf, now)
        if self._debrief_open():
            self.buttons = {}
            return
        self._highlight(surf, now)
        if not self.card_hidden:
            self._card(surf)

    # --- the citizen the chapter talks about ------------------------------------------
    def focus_point(self) -> tuple[tuple[int, int], str] | None:
        """Where the citizen the chapter talks about is on screen, and what to call them:
        in chapter 1 the listed friend to drop (then the player), else the player, the
        citizen the timeline listed, or the speaker the conformity chapter follows."""
        m = self.session.model
        if isinstance(self.inner, CitizenScene):
            view = getattr(self.inner, "ego_view", None)  # the ego ring, wherever the scene keeps it
            centre, pos = view.ring(m, self.inner.me) if view is not None else self.inner._ring()
            listed = [j for j in pos if m.listed[j]]
            if listed and self.phase == "running":
                return (int(pos[listed[0]][0]), int(pos[listed[0]][1])), f"#{listed[0]}"
            return None
        who = self.speaker if self.speaker is not None else chapters.focus(m)
        society = getattr(self.inner, "society", None)
        if who is None or society is None or not 0 <= who < len(society.xy_list):
            return None
        name = localized(m.config, "player.name") if who == m.player else ""
        return tuple(map(int, society.xy_list[who])), name or f"#{who}"

    def _highlight(self, surf: pygame.Surface, now: float | None) -> None:
        spot = self.focus_point()
        if spot is None:
            return
        (x, y), name = spot
        pulse = 0.5 + 0.5 * math.sin(4.0 * (now or 0.0))
        r = int(16 + 4 * pulse)
        pygame.draw.circle(surf, palette.TIE_SELECTED, (x, y), r, 3)
        f = self.inner.fonts.small
        tag = pygame.Rect((0, 0), f.size(name))
        tag.midbottom = (x, y - r - 4)
        tag = tag.inflate(10, 4)
        tag.clamp_ip(surf.get_rect())
        pygame.draw.rect(surf, palette.TIE_SELECTED, tag, border_radius=4)
        boxes.note_panel(tag, "chapter's citizen")
        draw_text(surf, f, name, palette.BACKGROUND, tag.center, "center", bound=tag, owner="chapter's citizen")

    # --- the card -------------------------------------------------------------------
    def _lines(self) -> list[tuple[str, tuple]]:
        ch, m = self.chapter, self.session.model

        def text(field: str) -> str:
            return localized(m.config, f"chapter.{field}")
        head = t("chapters.heading", n=self.index + 1, total=len(self.seq), title=localized(m.config, "meta.title"))
        out = [(head, palette.TEXT), (t("chapters.fact", fact=text("fact")), palette.TEXT_DIM)]
        who = None if self.speaker is None else f"#{self.speaker}"  # the ringed citizen the card names
        if self.phase == "intro":
            out += [(text("intro"), palette.TEXT)] + ([(t("chapters.speaker", who=who), palette.TEXT)] if who else []) \
                + [(text("task") or text("question"), palette.TIE_SELECTED)]
        elif self.phase == "bet":
            out += [(text("question"), palette.TIE_SELECTED), (t("chapters.your_bet", bet=self.bet), palette.TEXT)]
        elif self.phase == "running":
            out += [(text("task") or t("chapters.watch"), palette.TEXT)]
        else:
            if ch.kind == "predict" and self.bets:
                _, bet, actual = self.bets[-1]
                out += [(t("chapters.result", bet=f"{bet:.0f}", actual=f"{actual:.0f}",
                           verdict=t("chapters." + chapters.verdict(bet, actual).replace(" ", "_"))),
                         palette.TIE_SELECTED)]
            else:
                out += [(t("chapters.done"), palette.TIE_SELECTED)]
            if self.why:
                out += [(t("chapters.why", why=self.why), palette.TEXT)]
            if who:
                quiet = not m.public_dissent[self.speaker]
                out += [(t("chapters.speaker_quiet" if quiet else "chapters.speaker_speaks", who=who), palette.TEXT)]
        return out

    def _strip(self, surf: pygame.Surface) -> None:
        """While a chapter runs, its task sits in a thin strip at the foot of the picture,
        out of the way, with a Skip button at its right end (the player may press on)."""
        f, fonts = self.inner.fonts.small, self.inner.fonts
        text = t("chapters.now_touch") if self.waiting else \
            localized(self.session.model.config, "chapter.task") or t("chapters.watch")
        area = getattr(self.inner, "ego", None) or self.inner.layout.society
        skip = self.chapter.kind != "sandbox"
        skip_w = max(72, fonts.normal.size(t("chapters.skip"))[0] + 28) if skip else 0
        # at the right of the picture's foot: its left is the lens's ring key's place
        width = min(int(self.size[0] * 0.6), int(area.width * 0.58)) - skip_w
        key = getattr(getattr(self.inner, "society", None), "lens_key", None)
        if key is not None:  # the lens's ring key at the picture's foot, left: the strip ends short of it
            width = min(width, max(area.right - 8 - (key.right + 8) - 24 - skip_w, 0))
        lines = wrap(text, f, width) if width >= 120 else []
        lh = f.get_linesize() + 2
        lift = not lines or len(lines) > 3
        if lift:  # too narrow beside the key: full width, above it
            width = min(int(self.size[0] * 0.6), int(area.width * 0.58)) - skip_w
            lines = wrap(text, f, width)
        lines = lines[:3]
        box = pygame.Rect(0, 0, width + 24 + skip_w,
                          max(len(lines) * lh + 8, max(56, fonts.normal.get_linesize() + 16) if skip else 0))
        box.bottomright = (area.right - 8, area.bottom - 8)  # below the picture, clear of headers
        if lift and key is not None and box.colliderect(key):
            box.bottom = key.top - 6
        surf.blit(textcache.shade(box.size, (*palette.PANEL, 235)), box)
        pygame.draw.rect(surf, palette.TIE_SELECTED, box, 1, border_radius=6)
        boxes.note_panel(box, "chapter strip")
        y = box.centery - len(lines) * lh // 2
        for k, line in enumerate(lines):
            draw_text(surf, f, line, palette.TIE_SELECTED, (box.x + 12, y + k * lh), bound=box, owner="chapter strip")
        self.buttons = {}
        if skip:
            r = pygame.Rect(box.right - skip_w - 4, box.y + 4, skip_w, box.height - 8)
            self._button(surf, "skip", t("chapters.skip"), r, fonts)

    def _card(self, surf: pygame.Surface) -> None:
        if self.phase == "running":
            self._strip(surf)
            return
        fonts = self.inner.fonts
        f = fonts.normal
        # over the picture (and the services strip under it), clear of the charts and their buttons
        area = getattr(self.inner, "ego", None) or self.inner.layout.society
        w = min(area.right - 16, max(int(self.size[0] * 0.5), area.width - 24))
        texts = []
        for text, colour in self._lines():
            texts += [(line, colour) for line in wrap(text, f, w - 32)]
        lh = f.get_linesize() + 2
        bh = max(52, f.get_linesize() + 16)  # the buttons: touch-sized, and tall enough for their text
        h = len(texts) * lh + bh + 48
        box = pygame.Rect(0, 0, w, h)
        box.midbottom = (max(area.centerx, 8 + w // 2), self.size[1] - 16)
        surf.blit(textcache.shade(box.size, (*palette.PANEL, 242)), box)
        pygame.draw.rect(surf, palette.TIE_SELECTED, box, 2, border_radius=8)
        boxes.note_panel(box, "chapter card", modal=True)  # a dialog over the scene
        y = box.y + 14
        for text, colour in texts:
            draw_text(surf, f, text, colour, (box.x + 16, y), bound=box, owner="chapter card")
            y += lh
        self.buttons = {}
        label = {"intro": "chapters.start", "bet": "chapters.place_bet", "running": None,
                 "result": "chapters.next", "done": "chapters.next"}[self.phase]
        if self.phase in ("result", "done") and self.index + 1 >= len(self.seq):
            label = None
        y = box.bottom - 12 - bh
        if label:
            bw = max(220, f.size(t(label))[0] + 40)
            self._button(surf, "go", t(label), pygame.Rect(box.right - 16 - bw, y, bw, bh), fonts)
        if self.phase == "result" and self.chapter.kind != "sandbox":  # the moment, once more
            bw = max(220, f.size(t("chapters.replay"))[0] + 40)
            self._button(surf, "replay", t("chapters.replay"), pygame.Rect(box.x + 16, y, bw, bh), fonts)
        if self.phase == "bet":
            bw = max(64, bh)
            self._button(surf, "minus", "-", pygame.Rect(box.x + 16, y, bw, bh), fonts)
            self._button(surf, "plus", "+", pygame.Rect(box.x + 28 + bw, y, bw, bh), fonts)

    def _button(self, surf, key, text, rect, fonts) -> None:
        pygame.draw.rect(surf, palette.PANEL_EDGE, rect, border_radius=6)
        pygame.draw.rect(surf, palette.TEXT, rect, 1, border_radius=6)
        boxes.note_panel(rect, "chapter button")
        draw_text(surf, fonts.normal, text, palette.TEXT, rect.center, "center", bound=rect, owner="chapter button")
        self.buttons[key] = rect
