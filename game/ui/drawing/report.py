"""A one-page summary image of a run, for a worksheet: title, key charts, the debrief.

Drawn off-screen with pygame (no display needed).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pygame

from game.modes.debrief import debrief
from game.ui.drawing import charts, palette
from game.ui.drawing.images import save_png
from game.ui.drawing.text import localized, shown_text, t, wrap

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
    page.blit(big.render(words.title, True, palette.TEXT), (x, y))
    y += big.get_linesize() + 4
    page.blit(fonts.normal.render(words.subtitle, True, palette.TEXT_DIM), (x, y))
    y += fonts.normal.get_linesize() + 16
    for line in wrap(words.description, fonts.small, PAGE[0] - 80)[:4]:
        page.blit(fonts.small.render(line, True, palette.TEXT_DIM), (x, y))
        y += fonts.small.get_linesize() + 2
    y += 12
    paint_charts(page, pygame.Rect(x, y, PAGE[0] - 80, 640), model, fonts)
    y += 660
    page.blit(fonts.normal.render(words.heading, True, palette.TEXT), (x, y))
    y += fonts.normal.get_linesize() + 6
    for item in words.items:
        for k, line in enumerate(wrap(item, fonts.small, PAGE[0] - 110)):
            page.blit(fonts.small.render(("- " if k == 0 else "  ") + line, True, palette.TEXT), (x + 10, y))
            y += fonts.small.get_linesize() + 2
            if y > PAGE[1] - 30:
                return page
    return page


def paint_charts(surf, area: pygame.Rect, model, fonts) -> None:
    """The four key charts in a 2 x 2 grid."""
    data = model.datacollector.model_vars
    tiers = model.config.tiers
    sc = model.config.scoring
    col = palette.SERIES_COLOURS
    w, h = (area.width - 20) // 2, (area.height - 20) // 2
    cells = [pygame.Rect(area.x + (w + 20) * (k % 2), area.y + (h + 20) * (k // 2), w, h) for k in range(4)]
    charts.stacked_histogram(surf, cells[0], model.score, model.tier, [x.name for x in tiers],
                             [palette.tier_colour(i) for i in range(len(tiers))],
                             title=t("charts.score_by_tier"), x_label=t("charts.score_axis"), fonts=fonts,
                             x_range=(sc.low, sc.high) if sc.family != "points" else None)
    charts.line_chart(surf, cells[1], [(t("charts.conforming_share"), data["conforming_share"], col[0]),
                                       (t("charts.conformity_gap"), data["conformity_gap"], col[1])],
                      title=t("charts.conformity"), y_label=t("charts.share_axis"), fonts=fonts, y_range=(0, 1))
    listed = np.asarray(data["blacklisted"], dtype=float) / model.n
    charts.line_chart(surf, cells[2], [(t("charts.gini_score"), data["gini_score"], col[4]),
                                       (t("charts.listed_share"), listed, col[5])],
                      title=t("charts.inequality"), y_label=t("charts.share_axis"), fonts=fonts)
    shares = [data[f"tier_{x.name}_share"] for x in tiers]
    charts.line_chart(surf, cells[3], [(x.name, s, palette.tier_colour(i)) for i, (x, s) in enumerate(zip(tiers, shares))],
                      title=t("charts.tier_shares"), y_label=t("charts.share_axis"), fonts=fonts, y_range=(0, 1))


def save(model, seed, source: str, path) -> None:
    save_png(render(model, seed, source), path)
