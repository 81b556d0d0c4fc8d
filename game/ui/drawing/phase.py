"""Phase diagrams of a sweep as PNG: a line (one parameter) or a heat map (two).

Drawn with pygame on an off-screen surface, so it needs no display.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.lab.sweep import COLUMN_LABELS
from game.ui.drawing import charts, palette

# a perceptually ordered dark-to-light ramp (viridis anchor points)
RAMP = np.array([(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)], float)


def ramp(x: float) -> tuple[int, int, int]:
    x = min(max(x, 0.0), 1.0) * (len(RAMP) - 1)
    i = min(int(x), len(RAMP) - 2)
    c = RAMP[i] + (RAMP[i + 1] - RAMP[i]) * (x - i)
    return tuple(int(v) for v in c)


def label(metric: str) -> str:
    """``mean <what the column means>`` (the column's name where nothing says more)."""
    return "mean " + COLUMN_LABELS.get(metric, metric)


def render(summary: list[dict], paths: list[str], metric: str, title: str,
           size: tuple[int, int] = (1000, 700)) -> pygame.Surface:
    """The phase diagram of ``metric`` (means over replicates) as a surface."""
    pygame.font.init()
    surf = pygame.Surface(size)
    surf.fill(palette.BACKGROUND)
    fonts = charts.Fonts.default(1.2, cover=title)  # a title in Chinese needs the bundled font
    rect = surf.get_rect().inflate(-24, -24)
    if len(paths) == 1:
        _line(surf, rect, summary, paths[0], metric, title, fonts)
        return surf
    _heatmap(surf, rect, summary, paths[:2], metric, title, fonts)
    return surf


def _line(surf, rect, summary, path, metric, title, fonts) -> None:
    """Mean over replicates against the parameter, with a +-2 standard error band."""
    rows = sorted(summary, key=lambda r: r[path])
    xs = np.array([float(r[path]) for r in rows])
    mean = np.array([r["mean"] for r in rows])
    se = np.array([r["se"] for r in rows])
    f, fb = fonts.small, fonts.normal
    surf.blit(fb.render(f"{title}: {label(metric)} (band: +-2 s.e.)", True, palette.TEXT), (rect.x, rect.y))
    plot = pygame.Rect(rect.x + 80, rect.y + 50, rect.width - 100, rect.height - 50 - 70)
    lo, hi = float((mean - 2 * se).min()), float((mean + 2 * se).max())
    hi = hi if hi > lo else lo + 1.0
    x0, x1 = xs.min(), xs.max() if xs.max() > xs.min() else xs.min() + 1.0

    def at(x, y):
        return (plot.x + (x - x0) / (x1 - x0) * plot.width, plot.bottom - (y - lo) / (hi - lo) * plot.height)

    for k in range(5):
        y = lo + (hi - lo) * k / 4
        pygame.draw.line(surf, palette.GRID, at(x0, y), at(x1, y))
        img = f.render(_fmt(y), True, palette.TEXT_DIM)
        surf.blit(img, img.get_rect(midright=(plot.x - 6, at(x0, y)[1])))
    band = [at(x, y) for x, y in zip(xs, mean + 2 * se)] + [at(x, y) for x, y in zip(xs[::-1], (mean - 2 * se)[::-1])]
    if len(xs) > 1:
        pygame.draw.polygon(surf, (60, 70, 96), band)
        pygame.draw.lines(surf, palette.SERIES_COLOURS[0], False, [at(x, y) for x, y in zip(xs, mean)], 3)
    for x, y in zip(xs, mean):
        pygame.draw.circle(surf, palette.SERIES_COLOURS[0], at(x, y), 5)
    step = max(1, len(xs) // 10)
    for x in xs[::step]:
        img = f.render(_fmt(x), True, palette.TEXT_DIM)
        surf.blit(img, img.get_rect(midtop=(at(x, lo)[0], plot.bottom + 6)))
    xl = f.render(path, True, palette.TEXT)
    surf.blit(xl, xl.get_rect(midtop=(plot.centerx, plot.bottom + 32)))


def _heatmap(surf, rect, summary, paths, metric, title, fonts) -> None:
    xs = sorted({r[paths[0]] for r in summary})
    ys = sorted({r[paths[1]] for r in summary})
    grid = np.full((len(ys), len(xs)), np.nan)
    for r in summary:
        grid[ys.index(r[paths[1]]), xs.index(r[paths[0]])] = r["mean"]
    lo, hi = float(np.nanmin(grid)), float(np.nanmax(grid))
    f, fb = fonts.small, fonts.normal
    surf.blit(fb.render(f"{title}: {label(metric)}", True, palette.TEXT), (rect.x, rect.y))
    left, top = rect.x + 90, rect.y + 50
    plot = pygame.Rect(left, top, rect.width - 90 - 110, rect.height - 50 - 70)
    cw, ch = plot.width / len(xs), plot.height / len(ys)
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            v = grid[j, i]
            cell = pygame.Rect(int(plot.x + i * cw), int(plot.bottom - (j + 1) * ch), int(cw) + 1, int(ch) + 1)
            pygame.draw.rect(surf, palette.GRID if np.isnan(v) else ramp((v - lo) / (hi - lo or 1)), cell)
            if cw > 44 and ch > 18 and not np.isnan(v):
                text = f.render(_fmt(v), True, (0, 0, 0) if (v - lo) / (hi - lo or 1) > 0.6 else palette.TEXT)
                surf.blit(text, text.get_rect(center=cell.center))
    step_x = max(1, len(xs) // 8)
    for i in range(0, len(xs), step_x):
        img = f.render(_fmt(xs[i]), True, palette.TEXT_DIM)
        surf.blit(img, img.get_rect(midtop=(int(plot.x + (i + 0.5) * cw), plot.bottom + 4)))
    step_y = max(1, len(ys) // 8)
    for j in range(0, len(ys), step_y):
        img = f.render(_fmt(ys[j]), True, palette.TEXT_DIM)
        surf.blit(img, img.get_rect(midright=(plot.x - 6, int(plot.bottom - (j + 0.5) * ch))))
    xl = f.render(paths[0], True, palette.TEXT)
    surf.blit(xl, xl.get_rect(midtop=(plot.centerx, plot.bottom + 28)))
    yl = pygame.transform.rotate(f.render(paths[1], True, palette.TEXT), 90)
    surf.blit(yl, yl.get_rect(midright=(plot.x - 50, plot.centery)))
    _colour_bar(surf, pygame.Rect(plot.right + 30, plot.y, 24, plot.height), lo, hi, f)


def _colour_bar(surf, bar, lo, hi, f) -> None:
    for k in range(bar.height):
        pygame.draw.line(surf, ramp(1 - k / max(bar.height - 1, 1)), (bar.x, bar.y + k), (bar.right, bar.y + k))
    for val, y in ((hi, bar.y), (lo, bar.bottom)):
        img = f.render(_fmt(val), True, palette.TEXT_DIM)
        surf.blit(img, img.get_rect(midleft=(bar.right + 4, y)))


def _fmt(v) -> str:
    return f"{v:.3g}" if isinstance(v, (float, np.floating)) else str(v)

