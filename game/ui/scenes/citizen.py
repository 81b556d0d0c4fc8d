"""Citizen mode: play one citizen turn by turn, toward a goal, and feel the system from inside.

Left: you in the middle, your friends around you (tier colour and shape, score), and the
friends who dropped you on the outer ring. Right: the goal and the turn, your score and
why (parts that add up to it), your standing, what just happened, and the turn's moves.
Every move is a command (logged, replayable); "Next turn" runs one step of the whole
society. When the goal is reached or the turns run out, the ending says what happened to
you and why, from the run's events (:meth:`game.modes.citizen.CitizenGame.ending`).
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.modes.citizen import CitizenGame
from game.sim import player
from game.text import Phrase
from game.ui.drawing import boxes, charts, palette
from game.ui.drawing.boxes import widget_need
from game.ui.drawing.layout import PROJECTOR_BOOST, scale_for
from game.ui.drawing.text import draw_text, localized, renderable, say, shown_text, t, wrap
from game.ui.keys import CITIZEN, keymap
from game.ui.parts import panels
from game.ui.parts.ego import EgoView
from game.ui.parts.widgets import make_manager
from game.ui.scenes.scene import Action, Scene

KEYS = keymap(CITIZEN)
LOG_LINES = 6


def _p(key: str, **fields) -> Phrase:
    """A line of news, worded when drawn (so it follows a change of language)."""
    return Phrase(key, fields)


class CitizenScene(Scene):
    def __init__(self, session, size: tuple[int, int]):
        self.session = session
        self.game = CitizenGame(session)
        self.me = self.game.me
        self.selected: int | None = None
        self._log: list[tuple[int, Phrase | str]] = []  # (turn, news), newest first; worded when drawn
        self.enter(size)

    # --- layout ---------------------------------------------------------------------
    def enter(self, size: tuple[int, int]) -> None:
        self.size = size
        w, h = size
        s = scale_for(w, h, PROJECTOR_BOOST if palette.projector() else 1.0)
        cover = shown_text(self.session.model.config)
        self.fonts = charts.Fonts.default(s, cover)
        self.manager = make_manager(size, s, cover)
        self.pad = pad = max(6, int(8 * s))
        self.ego = pygame.Rect(pad, pad, int(w * 0.52) - 2 * pad, h - 2 * pad)
        self.ego_view = EgoView(self.ego, self.fonts)
        self.side = pygame.Rect(self.ego.right + pad, pad, w - self.ego.right - 2 * pad, h - 2 * pad)
        self.buttons: dict[str, UIButton] = {}
        keys = ["pay", "speak", "befriend", "unfriend", "appeal"]
        if self.session.model.config.player.settle_odds:
            keys.append("settle")
        keys += [f"apply:{sv.name}" for sv in self.session.model.config.services] + ["next"]
        for key in keys:
            self.buttons[key] = UIButton(pygame.Rect(0, 0, 48, 48), " ", self.manager)
        bottom = self._place_buttons()
        self.info = pygame.Rect(self.side.x, self.side.y, self.side.width, bottom - self.side.y - pad)
        self.end_buttons: dict[str, UIButton] = {}
        self._labels()

    def _variants(self, key: str) -> list[str]:
        """Every text a button can show (so its width fits the longest)."""
        m = self.session.model
        if key == "pay":
            return [t("citizen.paying"), t("citizen.skipping")]
        if key == "speak":
            return [t("citizen.quiet"), t("citizen.speaking")]
        if key == "befriend":
            return [t("citizen.meet", n=3), t("citizen.meet_none")]
        if key == "unfriend":
            return [t("citizen.unfriend")]
        if key == "appeal":
            return [t("citizen.appeal_odds", odds="35%"), t("citizen.appealed")]
        if key == "settle":
            return [t("citizen.settle", cost=f"{m.config.player.settle_cost:.0f}"), t("citizen.settled")]
        if key == "next":
            return [self._next_text(8888), t("citizen.over", turn=8888)]
        service = localized(m.config, f"services[{self._service(key)}].name")
        return [renderable("[x] " + t("citizen.apply", service=service))]

    def _service(self, key: str) -> int:
        """The index of the service an "apply:<name>" button stands for."""
        return [sv.name for sv in self.session.model.config.services].index(key[6:])

    def _next_text(self, turn: int | None = None) -> str:
        g = self.game
        if turn is None and g.over():  # the buttons are off: say why, not "Turn 21 of 20"
            return t("citizen.over", turn=g.turn)
        turn = g.turn + 1 if turn is None else turn
        if g.turns:
            return f"{t('citizen.next', step=int(self.session.model.steps) + 1)}  -  " \
                   f"{t('citizen.turn', turn=turn, turns=g.turns)}"
        return t("citizen.next", step=int(self.session.model.steps) + 1)

    def _place_buttons(self) -> int:
        """Buttons in rows across the side, each as wide as its longest text needs, a row's
        buttons sharing its width; the rows sit at the foot of the side. Returns their top."""
        pad, bh = self.pad // 2 + 2, max(48, self.fonts.normal.get_linesize() + 16)
        need = {k: max(widget_need(b, text)[0] for text in self._variants(k)) + 8 for k, b in self.buttons.items()}
        bh = max([bh] + [widget_need(b, self._variants(k)[0])[1] + 8 for k, b in self.buttons.items()])
        rows, row, used = [], [], 0
        for key in self.buttons:
            if key == "next" or (row and used + pad + need[key] > self.side.width):
                rows.append(row)
                row, used = [], 0
            row.append(key)
            used += need[key] + (pad if len(row) > 1 else 0)
        rows.append(row)
        rows = [r for r in rows if r]
        top = self.side.bottom - len(rows) * (bh + pad) + pad
        for k, row in enumerate(rows):
            width = self.side.width - pad * (len(row) - 1)
            total = sum(need[key] for key in row)
            x, y = self.side.x, top + k * (bh + pad)
            for j, key in enumerate(row):
                bw = width - sum(int(width * need[r] / total) for r in row[:-1]) if j == len(row) - 1 \
                    else int(width * need[key] / total)
                self.buttons[key].set_dimensions((bw, bh))
                self.buttons[key].set_relative_position((x, y))
                x += bw + pad
        return top

    def _labels(self) -> None:
        g, m, b = self.game, self.session.model, self.buttons
        b["pay"].set_text(t("citizen.paying") if g.pay else t("citizen.skipping"))
        b["speak"].set_text(t("citizen.speaking") if g.speak else t("citizen.quiet"))
        b["befriend"].set_text(t("citizen.meet", n=g.approaches_left) if g.approaches_left else t("citizen.meet_none"))
        b["unfriend"].set_text(t("citizen.unfriend"))
        appealed = player.appealed_this_turn(m, self.me)
        b["appeal"].set_text(t("citizen.appealed") if appealed else
                             t("citizen.appeal_odds", odds=f"{g.appeal_odds():.0%}"))
        (b["appeal"].disable if appealed or not m.listed[self.me] else b["appeal"].enable)()
        if "settle" in b:
            done = player.settled(m, self.me)
            b["settle"].set_text(t("citizen.settled") if done else
                                 t("citizen.settle", cost=f"{m.config.player.settle_cost:.0f}"))
            (b["settle"].disable if done or not m.listed[self.me] else b["settle"].enable)()
        for k, sv in enumerate(m.config.services):  # keyed by the file's name, shown in the reader's language
            b[f"apply:{sv.name}"].set_text(renderable(("[x] " if sv.name in g.apply else "") + t(
                "citizen.apply", service=localized(m.config, f"services[{k}].name"))) or "?")
        b["next"].set_text(self._next_text())
        if g.over():  # the ending's own buttons take over
            for button in b.values():
                button.disable()

    # --- input ----------------------------------------------------------------------
    def handle(self, event, now: float | None = None) -> Action:
        self.manager.process_events(event)
        if event.type == pygame.QUIT:
            return "quit"
        action = KEYS.get(event.key) if event.type == pygame.KEYDOWN else None
        if action == "back":
            return "back"
        if action == "next" and not self.game.over():
            self.next_turn()
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.ego.collidepoint(event.pos):
            self.selected = self._friend_at(event.pos)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            end = next((k for k, b in self.end_buttons.items() if b is event.ui_element), None)
            if end == "leave":
                return "back"
            if end == "again":
                self.play_again()
                return None
            key = next((k for k, b in self.buttons.items() if b is event.ui_element), None)
            if key and not self.game.over():
                self.press(key)
        return None

    def press(self, key: str) -> None:
        g, m = self.game, self.session.model
        if key == "pay":
            g.choose(pay=not g.pay)
        elif key == "speak":
            g.choose(speak=not g.speak)
        elif key.startswith("apply:"):
            g.choose(toggle=key[6:])
        elif key == "next":
            self.next_turn()
            return
        elif key == "appeal":
            result = g.appeal()
            self.say(_p("citizen.appeal_won") if result == "won" else _p("citizen.appeal_lost") if result == "lost"
                     else self.session.message)
        elif key == "settle":
            if g.settle():
                self.say(_p("citizen.settled_now", cost=f"{m.config.player.settle_cost:.0f}",
                           odds=f"{g.appeal_odds():.0%}"))
            else:
                cost = m.config.player.settle_cost
                if g.can_settle() and m.wealth[self.me] < cost:  # what to do about it, not only why not
                    self.say(_p("citizen.save_up"))
                self.say(self.session.message)
        elif key == "befriend":
            self.make_friend()
        elif key == "unfriend":
            if self.selected is None:
                self.say(_p("citizen.pick_friend"))
            elif g.drop(self.selected):
                self.say(_p("citizen.you_dropped", id=self.selected))
                self.selected = None
        self._labels()

    def make_friend(self) -> None:
        """Approach a stranger from your district (see :func:`game.modes.citizen.approach`)."""
        m = self.session.model
        result, other = self.game.make_friend()
        if result == "accepted":
            self.say(_p("citizen.new_friend", id=other))
        elif result == "refused":
            shamed = m.config.authorities.public_shaming and m.listed[self.me]
            self.say(_p("citizen.strangers_refuse") if shamed else
                     _p("citizen.met_refused", id=other, score=f"{m.score[other]:.0f}"))
        else:
            self.say(_p(f"citizen.{result}"))

    def next_turn(self) -> None:
        lost = self.game.next_turn()
        if lost:
            self.say(_p("citizen.dropped_you", n=len(lost), ids=", ".join(str(x) for x in lost[:6])))
        self._labels()
        if self.game.over():
            self._end_buttons()

    def play_again(self) -> None:
        """The same character and seed from turn 0."""
        self.session.restart()
        self.game = CitizenGame(self.session)
        self.me, self.selected, self._log = self.game.me, None, []
        self.enter(self.size)

    def say(self, text: Phrase | str) -> None:
        self._log = ([(self.game.turn, text)] + self._log)[:LOG_LINES]

    @property
    def log(self) -> list[str]:
        """The news, newest first, in the current language."""
        return [t("citizen.log_line", turn=turn, text=say(item)) for turn, item in self._log]

    def update(self, dt: float, now: float | None = None) -> None:
        if self.game.over() and not self.end_buttons:
            self._end_buttons()
        self.manager.update(dt)

    # --- drawing --------------------------------------------------------------------
    def _friend_at(self, p) -> int | None:
        return self.ego_view.friend_at(self.session.model, self.me, p)

    def draw(self, surf: pygame.Surface, now: float | None = None) -> None:
        surf.fill(palette.BACKGROUND)
        name = localized(self.session.model.config, "player.name") or t("citizen.you")
        self.ego_view.draw(surf, self.session.model, self.me, name, self.selected)
        self._info(surf)
        if self.game.over():
            self._ending(surf)
        self.manager.draw_ui(surf)

    def _info(self, surf) -> None:
        """Goal and turn, score and why, standing, the latest news: down the side, as many
        lines as fit above the buttons."""
        m, me, f, g = self.session.model, self.me, self.fonts, self.game
        r = self.info
        w = _Writer(surf, r, f)
        if g.turns:
            goal = t("citizen.goal", tier=m.tier_names[g.goal_tier], turns=g.turns)
            w.text(goal, f.small, palette.TIE_SELECTED)
            state = [t("citizen.turn", turn=g.turn, turns=g.turns),
                     t("citizen.on_list") if m.listed[me] else t("citizen.off_list")]
            if m.listed[me]:
                state.append(t("citizen.odds_now", odds=f"{g.appeal_odds():.0%}"))
            w.text("  -  ".join(state), f.small, palette.TEXT)
        situation = localized(m.config, "player.situation")
        if situation and g.turn == 0:
            w.text(situation, f.small, palette.TEXT_DIM)
        s = g.record.scores
        change = s[-1] - s[-2] if len(s) > 1 else 0.0
        w.text(t("citizen.score", score=f"{m.score[me]:.0f}", tier=m.tier_names[m.tier[me]], change=f"{change:+.0f}"),
               f.normal, palette.tier_colour(int(m.tier[me])))
        parts = panels.rounded(panels.breakdown(m, me), float(m.score[me]))
        factors = m.score_parts.factors or {}
        for name, pts in parts:
            if name in factors:
                w.text(t("inspector.factor", name=t("factors." + name), value=f"{float(factors[name][me]):.2f}",
                         points=str(pts)), f.small, palette.TEXT)
        w.text(panels.sum_line(parts, float(m.score[me])), f.small, palette.TEXT_DIM)
        w.text(panels.listing_text(m, me), f.small, palette.LISTED_MARK if m.listed[me] else palette.TEXT_DIM)
        savings = t("inspector.wealth", wealth=f"{m.wealth[me]:.0f}")
        w.text(f"{savings}   {t('inspector.friends', n=int(m.friends.degree[me]))}", f.small, palette.TEXT)
        if self.session.memory.service[me, 0] >= 0:
            w.text(panels.denial_text(m, self.session.memory, me), f.small, palette.DENIED)
        for line in self.log:
            w.text(line, f.small, palette.TEXT)

    def _ending(self, surf) -> None:
        """What happened to you and why, over the picture of your friends."""
        g = self.game
        f = self.fonts
        won = g.status() == "won"
        area = self.ego
        lines = [t("citizen.won_title") if won else t("citizen.lost_title"), t("citizen.ending_title")]
        lines += ["- " + say(p) for p in g.ending()]
        bh = max([48] + [b.rect.height for b in self.end_buttons.values()])
        body = area.copy()
        body.height -= bh + self.pad
        pygame.draw.rect(surf, palette.PANEL, area, border_radius=8)
        pygame.draw.rect(surf, palette.GRANTED if won else palette.SNAP, area, 3, border_radius=8)
        boxes.note_panel(area, "ending")
        w = _Writer(surf, body.inflate(-2 * self.pad, -2 * self.pad), f)
        w.text(lines[0], f.normal, palette.GRANTED if won else palette.SNAP)
        for line in lines[1:]:
            w.text(line, f.small, palette.TEXT)

    def _end_buttons(self) -> None:
        if self.end_buttons:
            return
        area = self.ego
        specs = [("leave", t("citizen.leave"))]
        if self.session.model.config.player.citizen:
            specs.insert(0, ("again", t("citizen.play_again")))
        x = area.right - self.pad
        for key, text in reversed(specs):
            b = UIButton(pygame.Rect(0, 0, 48, 48), text, self.manager)
            bw, bh = widget_need(b, text)
            bw, bh = max(bw + 24, 120), max(bh + 12, 48)
            b.set_dimensions((bw, bh))
            x -= bw
            b.set_relative_position((x, area.bottom - self.pad - bh))
            x -= self.pad
            self.end_buttons[key] = b


class _Writer:
    """Writes wrapped text down a box while there is room (the rest is left out, not cut)."""

    def __init__(self, surf, rect: pygame.Rect, fonts):
        self.surf, self.rect, self.y = surf, rect, rect.y

    def text(self, text: str, font, colour) -> None:
        for line in wrap(text, font, self.rect.width):
            if self.y + font.get_linesize() > self.rect.bottom:
                return
            draw_text(self.surf, font, line, colour, (self.rect.x, self.y), bound=self.rect, owner="citizen")
            self.y += font.get_linesize()
