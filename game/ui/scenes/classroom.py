"""The projector window of a class (:mod:`game.classroom`): how to join, the society with the
students ringed and named, the round and its timer, and the class's charts.

Scores are hidden during play (every citizen one neutral colour; the blacklist's red rings
and the unfriending cascades stay, both being public) and revealed when the teacher says
so or the lesson ends. The side chart shows what is public while scores are hidden
(citizens on the blacklist, citizens speaking up in public, round by round); once they are
shown, students against bots and the key chart of speech (private against public). The teacher drives it from the laptop (keys in :data:`game.ui.keys.CLASSROOM`):
Space starts the first round / ends the current one / resumes, P pauses, S shows or hides
scores, E twice ends the lesson, T opens the console in the browser, Esc twice closes.
Every action runs on the server's own thread (``ClassServer.call``); drawing holds the
room's lock only while it reads the model.
"""

from __future__ import annotations

import time
import webbrowser

import numpy as np
import pygame

from game.classroom.room import ENDED, LOBBY, OPEN, PAUSED
from game.sim.networks import layout as network_layout
from game.ui.drawing import charts, key_charts, palette
from game.ui.drawing.text import draw_text, needs_font, pack, shown_text, t, wrap
from game.ui.keys import CLASSROOM, keymap
from game.ui.parts import textcache
from game.ui.parts.panels import draw_legend
from game.ui.parts.share_window import qr_surface
from game.ui.parts.society import SocietyView, _sprite
from game.ui.scenes.scene import Action, Scene

KEYS = keymap(CLASSROOM)
CONFIRM_S = 3.0
HUMAN_RING = (255, 255, 255)
HIDDEN_DOT = (120, 128, 150)


def _placed(size: pygame.Rect, spot: dict) -> pygame.Rect:
    """A rect of ``size``'s size put by one anchor ({"midleft": (x, y)})."""
    r = size.copy()
    setattr(r, *next(iter(spot.items())))
    return r


class ProjectorScene(Scene):
    """A class on the projector, drawn from the room its server holds."""

    def __init__(self, server, join_url: str, console_url: str, size: tuple[int, int]):
        self.server, self.room = server, server.room
        self.join_url, self.console_url = join_url, console_url
        m = self.room.model
        u, v, _ = m.friends.live()
        self.positions = network_layout(m.n, u, v, m.group, np.random.default_rng(self.room.seed))
        self.view = SocietyView()
        self.seen_event = m.events.next_id
        self.confirm: tuple[str, float] | None = None
        self.message, self.message_at = "", -1e9
        self.enter(size)

    def enter(self, size: tuple[int, int]) -> None:
        self.size = w, h = size
        scale = max(1.0, min(w / 1280, h / 720))
        self.fonts = charts.Fonts.default(scale, shown_text(self.room.model.config))
        self.big = charts.Fonts.default(scale * 2.2, "").normal
        # names are what students typed: Chinese ones need the bundled font whatever the language
        self.name_fonts = (self.fonts.small, charts.Fonts.default(scale, "名").small)
        side = int(w * 0.34)
        self.society_rect = pygame.Rect(8, 8, w - side - 24, h - 16)
        self.side = pygame.Rect(self.society_rect.right + 8, 8, side, h - 16)
        self.view.fit(self.society_rect, self.positions, len(self.room.model.config.tiers))
        self.hidden_sprite = _sprite("circle", HIDDEN_DOT, self.view.radius)
        self.qr, _ = qr_surface(f"{self.join_url}/?r={self.room.code}", min(self.side.width - 16, int(h * 0.42)))
        self.qr_rect = self.qr.get_rect(midtop=(self.side.centerx, self.side.y + 8))

    # --- input ----------------------------------------------------------------------
    def handle(self, event, now: float | None = None) -> Action:
        if event.type == pygame.QUIT:
            return "quit"
        action = KEYS.get(event.key) if event.type == pygame.KEYDOWN else None
        s, room = self.server, self.room
        if action == "round":
            if room.phase in (LOBBY, PAUSED):
                s.call(room.start)
            elif room.phase == OPEN:
                s.call(s.resolve)
        elif action == "pause":
            s.call(room.pause if room.phase == OPEN else room.start)
        elif action == "scores":
            s.call(setattr, room, "show_scores", not room.show_scores)
        elif action == "end" and room.phase != ENDED:
            if self._confirmed("end"):
                s.call(room.end)
            else:
                self.say(t("classroom.end_confirm"))
        elif action == "console":
            webbrowser.open(self.console_url)
        elif action in ("fullscreen", "screenshot"):
            return action
        elif action == "quit":
            if self._confirmed("quit"):
                return "quit"
            self.say(t("classroom.quit_confirm"))
        return None

    def _confirmed(self, what: str) -> bool:
        now = time.monotonic()
        ok = self.confirm is not None and self.confirm[0] == what and now - self.confirm[1] < CONFIRM_S
        self.confirm = None if ok else (what, now)
        return ok

    def say(self, text: str) -> None:
        self.message, self.message_at = text, time.monotonic()

    # --- drawing --------------------------------------------------------------------
    def draw(self, surf: pygame.Surface, now: float | None = None) -> None:
        now = time.perf_counter() if now is None else now
        surf.fill(palette.BACKGROUND)
        with self.room.lock:
            m = self.room.model
            cols = m.events.columns(self.seen_event)
            self.seen_event = m.events.next_id
            self.view.add_events(cols, now)
            self._society(surf, m, now)
            self._side(surf)

    def _society(self, surf, m, now) -> None:
        pygame.draw.rect(surf, palette.PANEL, self.society_rect, border_radius=8)
        shown = self.room.show_scores
        if shown:
            self.view.draw(surf, m, now)
            shares = np.bincount(m.tier, minlength=len(m.config.tiers)) / m.n
            draw_legend(surf, self.society_rect, m.config, shares, self.fonts, m.config.scoring.visible)
        else:  # the same view, every citizen one colour: ties, listings and snaps stay
            sprites = self.view._sprites
            self.view._sprites = [self.hidden_sprite] * len(sprites)
            self.view.draw(surf, m, now)
            self.view._sprites = sprites
        self._students(surf)
        f = self.fonts.small
        # while hidden there is no tier legend: the footer names the red rings too
        hint = t("classroom.proj_humans") if shown else \
            "   ".join((t("classroom.proj_hidden"), t("classroom.proj_humans"), t("classroom.proj_red")))
        for k, part in enumerate(pack(hint, f, self.society_rect.width - 20)[::-1]):
            draw_text(surf, f, part, palette.TEXT_DIM,
                      (self.society_rect.x + 10, self.society_rect.bottom - 8 - k * f.get_linesize()), "bottomleft",
                      bound=self.society_rect, owner="projector hint")

    def _students(self, surf) -> None:
        """Each student's citizen ringed, its name beside it where it overlaps no other
        name and no other ring (classmates are friends, so their dots sit close together)."""
        r = self.view.radius
        seats = sorted((s for s in self.room.seats if s.taken), key=lambda s: tuple(self.view.xy[s.citizen][::-1]))
        rings = [pygame.Rect(0, 0, 2 * r + 12, 2 * r + 12) for _ in seats]
        for ring, seat in zip(rings, seats):
            ring.center = tuple(self.view.xy[seat.citizen])
            pygame.draw.circle(surf, HUMAN_RING if seat.held else palette.TEXT_DIM, ring.center, r + 5, 2)
        placed: list[pygame.Rect] = []
        for k, seat in enumerate(seats):
            font = self.name_fonts[needs_font(seat.name)]
            label = pygame.Rect((0, 0), font.size(seat.name))
            x, y = rings[k].center
            gap, h = r + 8, label.height
            spots = ({"midleft": (x + gap, y)}, {"midright": (x - gap, y)}, {"midbottom": (x, y - gap + 2)},
                     {"midtop": (x, y + gap - 2)}, {"midleft": (x + gap, y - h)}, {"midleft": (x + gap, y + h)},
                     {"midright": (x - gap, y - h)}, {"midright": (x - gap, y + h)})
            others = rings[:k] + rings[k + 1:]
            spots_at = [_placed(label, spot).inflate(6, 2) for spot in spots]
            box = next((b for b in spots_at if self.society_rect.contains(b) and b.collidelist(placed) < 0
                        and b.collidelist(others) < 0), spots_at[0])
            placed.append(box)
            surf.blit(textcache.shade(box.size, (*palette.BACKGROUND, 190)), box)  # readable over dots and ties
            draw_text(surf, font, seat.name, palette.TEXT, box.center, "center", bound=self.society_rect,
                      owner="student name")

    def _side(self, surf) -> None:
        room, f, side = self.room, self.fonts, self.side
        y = side.y + 8

        def line(text, font=f.normal, colour=palette.TEXT):
            nonlocal y
            for part in wrap(text, font, side.width - 8):
                draw_text(surf, font, part, colour, (side.centerx, y), "midtop", bound=side, owner="projector side")
                y += font.get_linesize()

        if room.phase != ENDED:  # how to join, while joining means something
            surf.blit(self.qr, self.qr_rect)
            y = self.qr_rect.bottom + 6
            line(t("classroom.proj_join"), f.normal, palette.TEXT_DIM)
            line(t("classroom.proj_url", url=self.join_url))
            line(t("classroom.proj_code"), f.small, palette.TEXT_DIM)
            line(room.code, self.big)
            joined = sum(s.taken for s in room.seats)
            line(t("classroom.proj_joined", n=joined, cap=len(room.seats)), f.small, palette.TEXT_DIM)
            y += 8
        line(self._state(), f.normal, palette.TIE_SELECTED if room.phase == OPEN else palette.TEXT)
        if room.phase == OPEN:
            ready, present = room.ready_count()
            bits = [t("classroom.proj_ready", ready=ready, present=present)]
            if room.deadline is not None:
                bits.append(t("classroom.proj_timer", s=max(0, int(room.deadline - room.clock() + 0.999))))
            line("   ".join(bits), f.small, palette.TEXT_DIM)
        chart = pygame.Rect(side.x, y + 6, side.width, side.bottom - y - 8 - 2 * f.small.get_linesize())
        self._chart(surf, chart)
        recent = time.monotonic() - self.message_at < CONFIRM_S
        if recent:
            lines = wrap(self.message, f.small, side.width)
        else:  # the keys that still do something, each kept whole with what it does
            lines = pack(t("classroom.proj_keys_ended" if room.phase == ENDED else "classroom.proj_keys"),
                         f.small, side.width)
        for k, part in enumerate(lines[-2:][::-1]):
            draw_text(surf, f.small, part, palette.TEXT if recent else palette.TEXT_DIM,
                      (side.x, side.bottom - k * f.small.get_linesize()), "bottomleft", bound=side,
                      owner="projector keys")

    def _state(self) -> str:
        phase = self.room.phase
        if phase == OPEN:
            return t("classroom.proj_round", n=self.room.round + 1)
        return t({LOBBY: "classroom.proj_lobby", PAUSED: "classroom.proj_paused", ENDED: "classroom.proj_ended"}[phase])

    def _chart(self, surf, rect: pygame.Rect) -> None:
        """While scores are hidden, what everyone can see, round by round: how many are on
        the blacklist and how many speak up in public. Once shown: students against bots,
        and (room permitting) what citizens think in private against what they say."""
        room, m = self.room, self.room.model
        if rect.height < 80 or not room.rounds:
            return
        x_label = t("classroom.round_axis")
        if room.show_scores:
            first = room.rounds[0]  # from before the first round, so x is the rounds played
            series = [(t(f"classroom.proj_{label}"),
                       [first[side].get("score_before", first[side]["score"])] + [r[side]["score"] for r in room.rounds],
                       colour) for side, label, colour in (("humans", "students", palette.SERIES_COLOURS[0]),
                                                           ("bots", "bots", palette.SERIES_COLOURS[1]))]
            # the speech chart under it when both have room to be read (a chart's frame is ~10 lines)
            two = rect.height >= 20 * self.fonts.small.get_linesize()
            top = pygame.Rect(rect.x, rect.y, rect.width, rect.height // 2 - 4) if two else rect
            charts.line_chart(surf, top, series, title=t("classroom.proj_chart"), y_label="", x_label=x_label,
                              fonts=self.fonts)
            if top is not rect:
                key_charts.speech(surf, pygame.Rect(rect.x, top.bottom + 8, rect.width, rect.height - top.height - 8),
                                  self.fonts, m, start=room.start_step, x_label=x_label)
            return
        data, start = m.datacollector.model_vars, room.start_step  # the model's own series, from the class's start
        listed = np.asarray(data["blacklisted"][start:], dtype=float)
        spoke = np.round(np.asarray(data["public_dissent"][start:], dtype=float) * m.n)
        # today's numbers in the legend: the two differ a hundredfold, the lines alone would hide one
        series = [(f"{t('classroom.proj_on_list')} {listed[-1]:.0f}", listed, palette.LISTED_MARK),
                  (f"{t('classroom.proj_spoke')} {spoke[-1]:.0f}", spoke, palette.SERIES_COLOURS[0])]
        charts.line_chart(surf, rect, series, title=t("classroom.proj_public"), y_label=t("charts.citizens"),
                          x_label=x_label, fonts=self.fonts)
