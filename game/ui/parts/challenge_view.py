"""Challenge progress on screen, and the debrief's text (its window is game.ui.parts.debrief_window)."""

from __future__ import annotations

import html

import pygame

from game.modes.debrief import debrief
from game.ui.drawing import boxes, palette
from game.ui.drawing.key_charts import goal_text, is_share
from game.ui.drawing.text import draw_text, localized, renderable, t, wrap


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

