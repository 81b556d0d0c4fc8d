"""The debrief as one tall page for a worksheet (PNG): the same story and key charts as the
debrief window (:mod:`game.ui.parts.debrief_window`), drawn off-screen."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.modes.debrief import debrief
from game.ui.drawing import charts, key_charts, palette
from game.ui.drawing.text import draw_text, localized, shown_text, t, wrap

PAGE_WIDTH = 1600  # px, like the other exports


def page(model, outcome: str, progress: list, seed: int, source: str) -> pygame.Surface:
    """The debrief as one tall PNG-ready page: title, outcome and objectives, the key charts,
    what happened, the prompts. Drawn off-screen; its height follows the content."""
    cover = shown_text(model.config)
    fonts, big = charts.Fonts.default(1.3, cover), charts.Fonts.default(2.0, cover).normal
    width, margin = PAGE_WIDTH, 40
    lines = _page_text_top(model, outcome, progress, seed, source, fonts, big)
    items = key_charts.for_debrief(model)
    cells = key_charts.grid(len(items), width - 2 * margin, 1 << 20, fonts, aspect=0.55)
    bottom_lines = _page_text_bottom(model, fonts)
    text_h = sum(h for *_, h in lines) + sum(h for *_, h in bottom_lines)
    charts_h = max([0] + [c.bottom for c in cells])
    surf = pygame.Surface((width, margin * 3 + text_h + charts_h + 20))
    surf.fill(palette.BACKGROUND)
    y = _draw_lines(surf, lines, margin, margin)
    key_charts.paint(surf, [c.move(margin, y + 10) for c in cells], items, fonts)
    _draw_lines(surf, bottom_lines, margin, y + 20 + charts_h + margin // 2)
    return surf


def _page_text_top(model, outcome, progress, seed, source, fonts, big):
    """(text, font, colour, indent, height) rows above the charts."""
    wide = PAGE_WIDTH - 100
    sub = t("report.subtitle", source=Path(source).name, seed=seed, steps=int(model.steps), n=model.n)
    rows = [(localized(model.config, "meta.title"), big, palette.TEXT, 0), (sub, fonts.normal, palette.TEXT_DIM, 0)]
    if outcome in ("won", "lost"):
        rows.append((t("challenge." + outcome), fonts.normal, palette.OBJECTIVE["met" if outcome == "won" else "failed"], 0))
        for p, ob in zip(progress, model.config.objectives):
            state = t("challenge." + p.state.replace(" ", "_"))
            now = key_charts.goal_text(p.current, key_charts.is_share(ob.series))
            rows.append(("- " + t("challenge.result_line", label=p.label, state=state, value=now), fonts.small,
                         palette.OBJECTIVE[p.state], 10))
    return _wrapped(rows, wide)


def _page_text_bottom(model, fonts):
    rows = [(t("challenge.what_happened", steps=int(model.steps)), fonts.normal, palette.TEXT, 0)]
    rows += [(f"- {line}", fonts.small, palette.TEXT, 10) for line in debrief(model)]
    prompts = localized(model.config, "prompts")
    if prompts:
        rows += [("", fonts.small, palette.TEXT, 0), (t("challenge.discuss"), fonts.normal, palette.TEXT, 0)]
        rows += [(f"- {q}", fonts.small, palette.TIE_SELECTED, 10) for q in prompts]
    return _wrapped(rows, PAGE_WIDTH - 100)


def _wrapped(rows, width):
    out = []
    for text, font, colour, indent in rows:
        for line in wrap(text, font, width - indent):
            out.append((line, font, colour, indent, font.get_linesize() + 4))
    return out


def _draw_lines(surf, lines, x, y) -> int:
    for text, font, colour, indent, h in lines:
        draw_text(surf, font, text, colour, (x + indent, y), bound=surf.get_rect(), owner="debrief page")
        y += h
    return y
