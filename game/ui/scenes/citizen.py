"""Citizen mode: play one citizen turn by turn and feel the system from inside.

Left: you in the middle, your friends around you (tier colour and shape, score), and the
friends who dropped you on the outer ring. Right: your score and why, your latest
refusals, and the turn's choices. Every choice is a command (logged, replayable); "Next
turn" runs one step of the whole society.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.modes.citizen import approach, who_dropped
from game.sim.commands import Act, Appeal, Befriend, Unfriend
from game.ui.drawing import charts, palette
from game.ui.drawing.layout import Layout
from game.ui.drawing.text import localized, renderable, shown_text, t, wrap
from game.ui.keys import CITIZEN, keymap
from game.ui.parts import panels
from game.ui.parts.society import _sprite
from game.ui.parts.widgets import make_manager
from game.ui.scenes.scene import Action, Scene


KEYS = keymap(CITIZEN)

class CitizenScene(Scene):
    def __init__(self, session, size: tuple[int, int]):
        self.session = session
        self.me = session.model.player
        self.ui_rng = random.Random(session.seed)  # which stranger to approach: cosmetic, not the model's
        self.pay, self.speak, self.apply = True, False, set()
        self.selected: int | None = None
        self.history = [float(session.model.score[self.me])]
        self.log: list[str] = []
        self.enter(size)
        self._act()

    def enter(self, size: tuple[int, int]) -> None:
        self.size = size
        self.layout = Layout.for_size(*size)
        s = self.layout.scale
        cover = shown_text(self.session.model.config)
        self.fonts = charts.Fonts.default(s, cover)
        self.manager = make_manager(size, s, cover)
        w, h = size
        self.ego = pygame.Rect(8, 8, int(w * 0.55) - 16, h - 16)
        self.side = pygame.Rect(self.ego.right + 8, 8, w - self.ego.right - 16, h - 16)
        bw, bh, pad = self.side.width // 2 - 6, max(48, int(40 * s)), 6
        x0, y = self.side.x, self.side.bottom - 5 * (bh + pad)
        services = [sv.name for sv in self.session.model.config.services]
        self.buttons: dict[str, UIButton] = {}
        specs = [("pay", x0, y), ("speak", x0 + bw + 12, y), ("befriend", x0, y + bh + pad),
                 ("unfriend", x0 + bw + 12, y + bh + pad), ("appeal", x0, y + 2 * (bh + pad)),
                 ("next", x0 + bw + 12, y + 2 * (bh + pad))]
        for key, x, yy in specs:
            self.buttons[key] = UIButton(pygame.Rect(x, yy, bw, bh), "", self.manager)
        sw = max(60, (self.side.width - 6 * (len(services) - 1)) // max(len(services), 1))
        for k, name in enumerate(services):
            self.buttons[f"apply:{name}"] = UIButton(pygame.Rect(x0 + k * (sw + 6), y + 3 * (bh + pad), sw, bh),
                                                     "", self.manager)  # worded by _labels
        self.info_rect = pygame.Rect(self.side.x, self.side.y, self.side.width, y - self.side.y - 8)
        self._labels()

    def _labels(self) -> None:
        b = self.buttons
        b["pay"].set_text(t("citizen.paying") if self.pay else t("citizen.skipping"))
        b["speak"].set_text(t("citizen.speaking") if self.speak else t("citizen.quiet"))
        b["befriend"].set_text(t("citizen.befriend"))
        b["unfriend"].set_text(t("citizen.unfriend"))
        b["appeal"].set_text(t("citizen.appeal"))
        b["next"].set_text(t("citizen.next", step=int(self.session.model.steps) + 1))
        config = self.session.model.config
        for i, sv in enumerate(config.services):  # keyed by the file's name, shown in the reader's language
            shown = localized(config, f"services[{i}].name")
            b[f"apply:{sv.name}"].set_text(renderable(("[x] " if sv.name in self.apply else "") + shown) or "?")

    # --- input ----------------------------------------------------------------------
    def handle(self, event, now: float | None = None) -> Action:
        self.manager.process_events(event)
        if event.type == pygame.QUIT:
            return "quit"
        action = KEYS.get(event.key) if event.type == pygame.KEYDOWN else None
        if action == "back":
            return "back"
        if action == "next":
            self.next_turn()
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.ego.collidepoint(event.pos):
            self.selected = self._friend_at(event.pos)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            key = next((k for k, b in self.buttons.items() if b is event.ui_element), None)
            if key:
                self.press(key)
        return None

    def press(self, key: str) -> None:
        m = self.session.model
        if key == "pay":
            self.pay = not self.pay
        elif key == "speak":
            self.speak = not self.speak
        elif key.startswith("apply:"):
            self.apply ^= {key[6:]}
        elif key == "next":
            self.next_turn()
            return
        elif key == "appeal":
            before = bool(m.listed[self.me])
            if self.session.apply(Appeal(self.me)):
                self.say(t("citizen.appeal_won") if before and not m.listed[self.me] else t("citizen.appeal_lost"))
            else:
                self.say(self.session.message)
        elif key == "befriend":
            self.make_friend()
        elif key == "unfriend":
            if self.selected is None:
                self.say(t("citizen.pick_friend"))
            elif self.session.apply(Unfriend(self.me, self.selected)):
                self.say(t("citizen.you_dropped", id=self.selected))
                self.selected = None
        self._act()

    def _act(self) -> None:
        self.session.apply(Act(pay=self.pay, speak=self.speak, apply_for=tuple(sorted(self.apply))))
        self._labels()

    def make_friend(self) -> None:
        """Approach a stranger from your district (see :func:`game.modes.citizen.approach`)."""
        m = self.session.model
        met = approach(m, self.me, self.ui_rng)
        if met is None:
            return
        other, accepted = met
        if not accepted:
            self.say(t("citizen.refused_friend", id=other, score=f"{m.score[other]:.0f}"))
            return
        self.session.apply(Befriend(self.me, other))
        self.say(t("citizen.new_friend", id=other))

    def next_turn(self) -> None:
        m = self.session.model
        friends_before = set(m.friends.neighbours(self.me).tolist())
        self.session.step_once()
        self.history.append(float(m.score[self.me]))
        lost = friends_before - set(m.friends.neighbours(self.me).tolist())
        if lost:
            self.say(t("citizen.dropped_you", n=len(lost), ids=", ".join(str(x) for x in sorted(lost)[:6])))
        self.apply.clear()
        self._act()

    def say(self, text: str) -> None:
        self.log = ([f"{int(self.session.model.steps)}: {text}"] + self.log)[:6]

    def update(self, dt: float, now: float | None = None) -> None:
        self.manager.update(dt)

    # --- drawing --------------------------------------------------------------------
    def _ring(self):
        m, me = self.session.model, self.me
        friends = m.friends.neighbours(me)
        friends = friends[np.argsort(-m.score[friends])]
        c = self.ego.center
        r1 = min(self.ego.width, self.ego.height) * 0.30
        pos = {int(f): (c[0] + r1 * math.cos(2 * math.pi * k / max(len(friends), 1) - math.pi / 2),
                        c[1] + r1 * math.sin(2 * math.pi * k / max(len(friends), 1) - math.pi / 2))
               for k, f in enumerate(friends)}
        return c, pos

    def _friend_at(self, p) -> int | None:
        _, pos = self._ring()
        best = min(pos.items(), key=lambda kv: (kv[1][0] - p[0]) ** 2 + (kv[1][1] - p[1]) ** 2, default=None)
        if best and (best[1][0] - p[0]) ** 2 + (best[1][1] - p[1]) ** 2 < 30 ** 2:
            return best[0]
        return None

    def draw(self, surf: pygame.Surface, now: float | None = None) -> None:
        m, me, f = self.session.model, self.me, self.fonts
        surf.fill(palette.BACKGROUND)
        pygame.draw.rect(surf, palette.PANEL, self.ego, border_radius=8)
        c, pos = self._ring()
        outer = min(self.ego.width, self.ego.height) * 0.44
        dropped = who_dropped(m, me, last=12)
        for k, (step, who) in enumerate(dropped):
            a = 2 * math.pi * k / max(len(dropped), 1)
            p = (c[0] + outer * math.cos(a), c[1] + outer * math.sin(a))
            pygame.draw.line(surf, palette.SNAP, c, p, 1)
            pygame.draw.circle(surf, palette.GRID, p, 7)
            surf.blit(f.small.render(f"#{who} ({step})", True, palette.TEXT_DIM), (p[0] + 9, p[1] - 8))
        for j, p in pos.items():
            pygame.draw.line(surf, palette.TIE_SELECTED if j == self.selected else palette.TIE, c, p, 2)
        r = 9
        for j, p in pos.items():
            sp = _sprite(palette.tier_shape(int(m.tier[j])), palette.tier_colour(int(m.tier[j])), r)
            surf.blit(sp, (p[0] - sp.get_width() // 2, p[1] - sp.get_height() // 2))
            if m.listed[j]:
                pygame.draw.circle(surf, palette.LISTED_MARK, p, r + 4, 2)
            surf.blit(f.small.render(f"{m.score[j]:.0f}", True, palette.TEXT), (p[0] + r + 3, p[1] - 8))
        big = _sprite(palette.tier_shape(int(m.tier[me])), palette.tier_colour(int(m.tier[me])), 22)
        surf.blit(big, (c[0] - big.get_width() // 2, c[1] - big.get_height() // 2))
        if m.listed[me]:
            pygame.draw.circle(surf, palette.LISTED_MARK, c, 30, 3)
        name = localized(m.config, "player.name") or t("citizen.you")
        img = f.normal.render(t("citizen.name_score", name=name, score=f"{m.score[me]:.0f}"), True, palette.TEXT)
        surf.blit(img, img.get_rect(midtop=(c[0], c[1] + 32)))
        surf.blit(f.small.render(t("citizen.ego_help"), True, palette.TEXT_DIM), (self.ego.x + 10, self.ego.y + 8))
        self._info(surf)
        self.manager.draw_ui(surf)

    def _info(self, surf) -> None:
        m, me, f = self.session.model, self.me, self.fonts
        r = self.info_rect
        y = r.y
        situation = localized(m.config, "player.situation")
        if situation:
            for line in wrap(situation, f.small, r.width)[:3]:
                surf.blit(f.small.render(line, True, palette.TEXT_DIM), (r.x, y))
                y += f.small.get_linesize()
        change = self.history[-1] - self.history[-2] if len(self.history) > 1 else 0.0
        head = t("citizen.score", score=f"{m.score[me]:.0f}", tier=m.tier_names[m.tier[me]], change=f"{change:+.0f}")
        surf.blit(f.normal.render(head, True, palette.tier_colour(int(m.tier[me]))), (r.x, y))
        y += f.normal.get_linesize() + 4
        box = pygame.Rect(r.x, y, r.width, r.bottom - y - 6 * (f.small.get_linesize()) - 8)
        panels.draw_inspector(surf, box, m, self.session.memory, me, np.array(self.history), self.fonts, following=None)
        y = box.bottom + 4
        for line in self.log:
            surf.blit(f.small.render(line, True, palette.TEXT), (r.x, y))
            y += f.small.get_linesize()
