"""A challenge on screen: its brief (description and goals, until the player starts), its
progress, its end celebrated, and the debrief's text (its window is game.ui.parts.debrief_window)."""

from __future__ import annotations

import html
import random

import pygame

from game.modes import challenge
from game.modes.debrief import debrief
from game.ui.drawing import boxes, palette
from game.ui.drawing.key_charts import goal_text, is_share
from game.ui.drawing.text import draw_text, localized, renderable, t, wrap
from game.ui.parts import textcache


def _html(text: str) -> str:
    """A line of the debrief for pygame_gui's HTML: drawable (a stranger's label may hold a
    NUL or only zero-width characters, which its font refuses) and escaped."""
    return html.escape(renderable(text))


def draw_progress(surf, area: pygame.Rect, progress: list, fonts, objectives=()) -> pygame.Rect | None:
    """One line per objective (``progress`` and ``objectives`` in the same order): state,
    label, current value; bottom-left of the society, in its left half (the first-move hint
    has the right half), wrapped to fit. Returns the box."""
    if not progress:
        return None
    f = fonts.small
    lh = f.get_linesize() + 4
    room = max(120, area.width // 2 - 28)
    lines = [(t("challenge.title"), palette.TEXT_DIM)]
    for p, ob in zip(progress, objectives):
        colour = palette.OBJECTIVE[p.state]
        text = t("challenge.progress_line", state=t("challenge." + p.state.replace(" ", "_")), label=p.label,
                 value=value_text(p, ob))
        lines += [(line, colour) for line in wrap(text, f, room)]
    w = min(area.width - 12, max(f.size(text)[0] for text, _ in lines) + 16)
    box = pygame.Rect(area.x + 6, area.bottom - len(lines) * lh - 30, w, len(lines) * lh + 8)
    shade = pygame.Surface(box.size, pygame.SRCALPHA)
    shade.fill((*palette.PANEL, 225))
    surf.blit(shade, box)
    pygame.draw.rect(surf, palette.PANEL_EDGE, box, 1, border_radius=4)
    boxes.note_panel(box, "challenge progress")
    for k, (text, colour) in enumerate(lines):
        draw_text(surf, f, text, colour, (box.x + 8, box.y + 4 + k * lh), bound=box, owner="challenge progress")
    return box


def value_text(p, ob) -> str:
    """An objective's current value in the unit its goal is stated in ("1.6%", not 0.016)."""
    return goal_text(p.current, is_share(ob.series))


def debrief_html(model, outcome: str, progress: list) -> str:
    """The debrief as pygame_gui HTML: outcome, objectives, what happened, prompts."""
    parts = []
    if outcome in ("won", "lost"):
        parts.append(f"<b>{_html(t('challenge.' + outcome))}</b><br>")
        for p, ob in zip(progress, model.config.objectives):
            line = t("challenge.result_line", label=p.label, state=t("challenge." + p.state.replace(" ", "_")),
                     value=value_text(p, ob))
            parts.append(f"- {_html(line)}<br>")
        parts.append("<br>")
    parts.append(f"<b>{_html(t('challenge.what_happened', steps=int(model.steps)))}</b><br>")
    parts += [f"- {_html(line)}<br>" for line in debrief(model)]
    prompts = localized(model.config, "prompts")
    if prompts:
        parts.append(f"<br><b>{_html(t('challenge.discuss'))}</b><br>")
        parts += [f"- {_html(q)}<br>" for q in prompts]
    return "".join(parts)



class Brief:
    """The challenge's card while it waits at step 0: its title, description and goals,
    and two large buttons (open the rules; start). Drawn over the society, centred."""

    def __init__(self) -> None:
        self.buttons: dict[str, pygame.Rect] = {}

    def draw(self, surf, area: pygame.Rect, model, fonts, touch: bool = False) -> pygame.Rect:
        f, small = fonts.normal, fonts.small
        w = min(area.width - 24, max(420, int(area.width * 0.8)))
        inner = w - 32
        rows = [(line, f, palette.TIE_SELECTED) for line in wrap(localized(model.config, "meta.title"), f, inner)]
        rows += [(line, small, palette.TEXT) for line in wrap(localized(model.config, "meta.description"), small, inner)]
        rows.append((t("challenge.your_goals"), f, palette.TEXT))
        for i, ob in enumerate(model.config.objectives):
            label = localized(model.config, f"objectives[{i}].label") or ob.label
            rows += [(line, small, palette.TEXT) for line in wrap("- " + challenge.objective_label(ob, label), small, inner)]
        bh = max(48, f.get_linesize() + 16)
        h = sum(font.get_linesize() + 2 for _, font, _ in rows) + bh + 44
        box = pygame.Rect(0, 0, w, min(h, area.height - 12))
        box.center = area.center
        surf.blit(textcache.shade(box.size, (*palette.PANEL, 246)), box)
        pygame.draw.rect(surf, palette.TIE_SELECTED, box, 2, border_radius=8)
        boxes.note_panel(box, "challenge card", modal=True)  # a dialog over the scene
        y = box.y + 14
        for k, (text, font, colour) in enumerate(rows):
            if y + font.get_linesize() > box.bottom - bh - 24:  # no room left: say what was left out
                boxes.note_text(pygame.Rect(box.x + 16, y, 1, font.get_linesize()), "", box,
                                " ".join(r[0] for r in rows[k:]), owner="challenge card")
                break
            draw_text(surf, font, text, colour, (box.x + 16, y), bound=box, owner="challenge card")
            y += font.get_linesize() + 2
        start = t("challenge.start_touch" if touch else "challenge.start")
        rules = t("challenge.open_rules_touch" if touch else "challenge.open_rules")
        bw = max(f.size(start)[0], f.size(rules)[0]) + 32
        self.buttons = {"start": pygame.Rect(box.right - 16 - bw, box.bottom - 16 - bh, bw, bh)}
        self.buttons["rules"] = pygame.Rect(self.buttons["start"].x - 12 - bw, self.buttons["start"].y, bw, bh)
        for key, text in (("rules", rules), ("start", start)):
            r = self.buttons[key]
            pygame.draw.rect(surf, palette.GRANTED if key == "start" else palette.PANEL_EDGE, r, border_radius=6)
            pygame.draw.rect(surf, palette.TEXT, r, 1, border_radius=6)
            boxes.note_panel(r, "challenge card button")
            draw_text(surf, f, text, palette.TEXT, r.center, "center", bound=r, owner="challenge card button")
        return box

    def hit(self, pos) -> str | None:
        return next((k for k, r in self.buttons.items() if r.collidepoint(pos)), None)


class Celebration:
    """A challenge's end on screen: a banner and, for a win, confetti in the tier colours,
    over the society until the debrief opens."""

    BEFORE_DEBRIEF_S = 4.0  # the debrief opens after this (the scene shows how it ended first)
    SECONDS = BEFORE_DEBRIEF_S

    def __init__(self) -> None:
        self.outcome, self.since, self.text = None, 0.0, ""
        self.bits: list[tuple[float, float, float, float, int]] = []

    def start(self, outcome: str, now: float, text: str, size: tuple[int, int]) -> None:
        rng = random.Random(int(now * 1000))  # cosmetic only
        self.outcome, self.since, self.text = outcome, now, text
        w, h = size
        self.bits = [(rng.uniform(0, w), rng.uniform(-h, 0), rng.uniform(-40, 40), rng.uniform(120, 260),
                      rng.randrange(6)) for _ in range(160 if outcome == "won" else 0)]

    def draw(self, surf, fonts, now: float, area: pygame.Rect | None = None) -> None:
        if self.outcome is None:
            return
        age = max(0.0, now - self.since)
        w, h = surf.get_size()
        for x, y, vx, vy, k in self.bits:
            p = (int(x + vx * age) % w, int(y + vy * age))
            if 0 <= p[1] < h:
                pygame.draw.rect(surf, palette.tier_colour(k), (p[0], p[1], 7, 11))
        big = fonts.normal
        img = pygame.transform.smoothscale_by(big.render(self.text, True, palette.TEXT), 1.5)
        if img.get_width() > (area or surf.get_rect()).width - 60:
            img = pygame.transform.smoothscale_by(img, ((area or surf.get_rect()).width - 60) / img.get_width())
        box = img.get_rect(center=(area or surf.get_rect()).center).inflate(48, 28)
        pygame.draw.rect(surf, palette.GRANTED if self.outcome == "won" else palette.SNAP, box, border_radius=12)
        pygame.draw.rect(surf, palette.TEXT, box, 2, border_radius=12)
        surf.blit(img, img.get_rect(center=box.center))
        boxes.note_panel(box, "celebration", modal=True)
        boxes.note_text(img.get_rect(center=box.center), self.text, area or surf.get_rect(), owner="celebration")
