"""A one-page summary image of a run, for a worksheet: title, key charts, the debrief.

Drawn off-screen with pygame (no display needed).
"""

from __future__ import annotations

from typing import NamedTuple

import pygame

from game.modes.debrief import debrief
from game.ui.drawing import charts, key_charts, palette
from game.ui.drawing.images import save_png
from game.ui.drawing.text import draw_text, localized, shown_text, t, wrap

PAGE = (1600, 1200)


class PageText(NamedTuple):
    """The words on the page, in the current language (charts' labels aside)."""
    title: str
    subtitle: str
    description: str
    heading: str
    items: list[str]


def page_text(model, seed, source: str) -> PageText:
    return PageText(localized(model.config, "meta.title"),
                    t("report.subtitle", source=source, seed=seed, steps=int(model.steps), n=model.n),
                    localized(model.config, "meta.description"),
                    t("challenge.what_happened", steps=int(model.steps)), debrief(model))


def render(model, seed, source: str) -> pygame.Surface:
    pygame.font.init()
    page = pygame.Surface(PAGE)
    page.fill(palette.BACKGROUND)
    words = page_text(model, seed, source)
    cover = shown_text(model.config) + source
    fonts = charts.Fonts.default(1.3, cover)
    big = charts.Fonts.default(2.0, cover).normal
    x, y = 40, 30
    room, bound = PAGE[0] - 2 * x, page.get_rect()
    draw_text(page, big, words.title, palette.TEXT, (x, y), width=room, bound=bound, owner="worksheet title")
    y += big.get_linesize() + 4
    draw_text(page, fonts.normal, words.subtitle, palette.TEXT_DIM, (x, y), width=room, bound=bound, owner="worksheet")
    y += fonts.normal.get_linesize() + 16
    for line in wrap(words.description, fonts.small, PAGE[0] - 80)[:4]:
        draw_text(page, fonts.small, line, palette.TEXT_DIM, (x, y), bound=bound, owner="worksheet")
        y += fonts.small.get_linesize() + 2
    y += 12
    paint_charts(page, pygame.Rect(x, y, PAGE[0] - 80, 640), model, fonts)
    y += 660
    draw_text(page, fonts.normal, words.heading, palette.TEXT, (x, y), width=room, bound=bound, owner="worksheet")
    y += fonts.normal.get_linesize() + 6
    for item in words.items:
        for k, line in enumerate(wrap(item, fonts.small, PAGE[0] - 110)):
            draw_text(page, fonts.small, ("- " if k == 0 else "  ") + line, palette.TEXT, (x + 10, y), bound=bound,
                      owner="worksheet")
            y += fonts.small.get_linesize() + 2
            if y > PAGE[1] - 30:
                return page
    return page


def paint_charts(surf, area: pygame.Rect, model, fonts) -> None:
    """The report's key charts (:data:`game.ui.drawing.key_charts.REPORT`) in a 2 x 2 grid."""
    w, h = (area.width - 20) // 2, (area.height - 20) // 2
    cells = [pygame.Rect(area.x + (w + 20) * (k % 2), area.y + (h + 20) * (k // 2), w, h) for k in range(4)]
    key_charts.paint(surf, cells, key_charts.named(model, key_charts.REPORT), fonts)


def save(model, seed, source: str, path) -> None:
    save_png(render(model, seed, source), path)
