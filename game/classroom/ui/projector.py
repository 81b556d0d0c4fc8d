"""The projector window of a class: how to join, the society with the students ringed, the
class's charts, the round and its timer.

Scores are hidden during play (every citizen one neutral colour; the blacklist's red rings
stay, blacklists being public) and revealed when the teacher says so or the lesson ends.
The teacher drives it from the laptop: Space starts the first round / ends the current
one / resumes, P pauses, S shows or hides scores, E twice ends the lesson, T opens the
console in the browser, Esc twice closes. Every action runs on the server's own thread
(``ClassServer.call``); drawing holds the room's lock only while it reads the model.
"""

from __future__ import annotations

import time

import numpy as np
import pygame

from game.classroom.room import ENDED, LOBBY, OPEN, PAUSED
from game.networks import layout as network_layout
from game.ui import charts, palette, panels
from game.ui.society import SocietyView, _sprite
from game.ui.text import shown_text, t

CONFIRM_S = 3.0
HUMAN_RING = (255, 255, 255)
HIDDEN_DOT = (120, 128, 150)


class ProjectorScene:
    def __init__(self, server, join_url: str, console_url: str, size: tuple[int, int]):
        self.server, self.room = server, server.room
        self.join_url, self.console_url = join_url, console_url
        m = self.room.model
        u, v, _ = m.friends.live()
        self.positions = network_layout(m.n, u, v, m.group, np.random.default_rng(self.room.seed))
        self.view = SocietyView()
        self.seen_event = m.events.next_id
        self.confirm: tuple[str, float] | None = None
        self.message, self.message_at = "", 0.0
        self.enter(size)

    def enter(self, size: tuple[int, int]) -> None:
        self.size = w, h = size
        scale = max(1.0, min(w / 1280, h / 720))
        self.fonts = charts.Fonts.default(scale, shown_text(self.room.model.config))
        self.big = charts.Fonts.default(scale * 2.2, "").normal
        side = int(w * 0.34)
        self.society_rect = pygame.Rect(8, 8, w - side - 24, h - 16)
        self.side = pygame.Rect(self.society_rect.right + 8, 8, side, h - 16)
        self.view.fit(self.society_rect, self.positions, len(self.room.model.config.tiers))
        self.hidden_sprite = _sprite("circle", HIDDEN_DOT, self.view.radius)
        qr_side = min(self.side.width - 16, int(h * 0.42))
        self.qr, self.qr_rect = self._qr(qr_side)

    def _qr(self, side: int):
        import io

        import segno

        url = f"{self.join_url}/?r={self.room.code}"
        symbol = segno.make(url, error="m", micro=False)
        scale = max(1, side // symbol.symbol_size(scale=1, border=2)[0])
        buf = io.BytesIO()
        symbol.save(buf, kind="png", scale=scale, border=2)
        img = pygame.image.load(io.BytesIO(buf.getvalue()), "qr.png")
        return img, img.get_rect(midtop=(self.side.centerx, self.side.y + 8))

    # --- input ----------------------------------------------------------------------
    def handle(self, event) -> str | None:
        if event.type == pygame.QUIT:
            return "quit"
        if event.type != pygame.KEYDOWN:
            return None
        key, s, room = event.key, self.server, self.room
        if key == pygame.K_SPACE:
            if room.phase in (LOBBY, PAUSED):
                s.call(room.start)
            elif room.phase == OPEN:
                s.call(s.resolve)
        elif key == pygame.K_p:
            s.call(room.pause if room.phase == OPEN else room.start)
        elif key == pygame.K_s:
            s.call(setattr, room, "show_scores", not room.show_scores)
        elif key == pygame.K_e and room.phase != ENDED:
            if self._confirmed("end"):
                s.call(room.end)
            else:
                self.say(t("classroom.end_confirm"))
        elif key == pygame.K_t:
            import webbrowser

            webbrowser.open(self.console_url)
        elif key == pygame.K_F11:
            return "fullscreen"
        elif key in (pygame.K_ESCAPE, pygame.K_q):
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

    def update(self, dt: float, now: float | None = None) -> None:
        pass

    # --- drawing --------------------------------------------------------------------
    def draw(self, surf: pygame.Surface, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        surf.fill(palette.BACKGROUND)
        room = self.room
        with room.lock:
            m = room.model
            cols = m.events.columns(self.seen_event)
            self.seen_event = m.events.next_id
            self.view.add_events(cols, now)
            self._society(surf, m, now)
            self._side(surf, m)

    def _society(self, surf, m, now) -> None:
        pygame.draw.rect(surf, palette.PANEL, self.society_rect, border_radius=8)
        shown = self.room.show_scores
        if shown:
            self.view.draw(surf, m, now)
            shares = np.bincount(m.tier, minlength=len(m.config.tiers)) / m.n
            panels.draw_legend(surf, self.society_rect, m.config, shares, self.fonts, m.config.scoring.visible)
        else:  # the same view, every citizen one colour: ties, listings and snaps stay
            sprites = self.view._sprites
            self.view._sprites = [self.hidden_sprite] * len(sprites)
            self.view.draw(surf, m, now)
            self.view._sprites = sprites
        r = self.view.radius
        f = self.fonts.small
        for seat in self.room.seats:
            if not seat.taken:
                continue
            x, y = self.view.xy[seat.citizen]
            pygame.draw.circle(surf, HUMAN_RING if seat.held else palette.TEXT_DIM, (x, y), r + 5, 2)
            label = f.render(seat.name, True, palette.TEXT)
            box = label.get_rect(midleft=(x + r + 8, y))
            back = pygame.Surface(box.inflate(6, 2).size, pygame.SRCALPHA)
            back.fill((*palette.BACKGROUND, 190))  # readable over dots and ties
            surf.blit(back, box.inflate(6, 2))
            surf.blit(label, box)
        hint = t("classroom.proj_humans") if shown else t("classroom.proj_hidden") + "  -  " + t("classroom.proj_humans")
        img = f.render(hint, True, palette.TEXT_DIM)
        surf.blit(img, img.get_rect(bottomleft=(self.society_rect.x + 10, self.society_rect.bottom - 8)))

    def _side(self, surf, m) -> None:
        room, f, side = self.room, self.fonts, self.side
        surf.blit(self.qr, self.qr_rect)
        y = self.qr_rect.bottom + 6

        def line(text, font=f.normal, colour=palette.TEXT):
            nonlocal y
            for part in panels.wrap(text, font, side.width - 8):
                img = font.render(part, True, colour)
                surf.blit(img, img.get_rect(midtop=(side.centerx, y)))
                y += font.get_linesize()

        line(t("classroom.proj_join"), f.normal, palette.TEXT_DIM)
        line(t("classroom.proj_url", url=self.join_url))
        line(t("classroom.proj_code"), f.small, palette.TEXT_DIM)
        line(room.code, self.big)
        joined = sum(s.taken for s in room.seats)
        line(t("classroom.proj_joined", n=joined, cap=len(room.seats)), f.small, palette.TEXT_DIM)
        y += 8
        if room.phase == LOBBY:
            state = t("classroom.proj_lobby")
        elif room.phase == PAUSED:
            state = t("classroom.proj_paused")
        elif room.phase == ENDED:
            state = t("classroom.proj_ended")
        else:
            state = t("classroom.proj_round", n=room.round + 1)
        line(state, f.normal, palette.TIE_SELECTED if room.phase == OPEN else palette.TEXT)
        if room.phase == OPEN:
            ready, present = room.ready_count()
            bits = [t("classroom.proj_ready", ready=ready, present=present)]
            if room.deadline is not None:
                bits.append(t("classroom.proj_timer", s=max(0, int(room.deadline - room.clock() + 0.999))))
            line("   ".join(bits), f.small, palette.TEXT_DIM)
        chart = pygame.Rect(side.x, y + 6, side.width, side.bottom - y - 8 - 2 * f.small.get_linesize())
        self._chart(surf, chart)
        msg = self.message if time.monotonic() - self.message_at < CONFIRM_S else t("classroom.proj_keys")
        for k, part in enumerate(panels.wrap(msg, f.small, side.width)[-2:][::-1]):
            img = f.small.render(part, True, palette.TEXT_DIM)
            surf.blit(img, img.get_rect(bottomleft=(side.x, side.bottom - k * f.small.get_linesize())))

    def _chart(self, surf, rect: pygame.Rect) -> None:
        rounds = self.room.rounds
        if rect.height < 80 or not rounds:
            return
        if self.room.show_scores:
            series = [(t("classroom.proj_students"), [r["humans"]["score"] for r in rounds], palette.SERIES_COLOURS[0]),
                      (t("classroom.proj_bots"), [r["bots"]["score"] for r in rounds], palette.SERIES_COLOURS[1])]
            charts.line_chart(surf, rect, series, title=t("classroom.proj_chart"), y_label="",
                              x_label=t("classroom.round_axis"), fonts=self.fonts)
        else:  # listings are public: the count can show while scores are hidden
            listed = [0] + [r["humans"]["listed"] + r["bots"]["listed"] for r in rounds]  # from round 0
            charts.line_chart(surf, rect, [(t("classroom.proj_listed"), np.cumsum(listed), palette.LISTED_MARK)],
                              title=t("classroom.proj_listed"), y_label="", x_label=t("classroom.round_axis"),
                              fonts=self.fonts)
