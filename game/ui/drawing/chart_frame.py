"""What every chart has (see :mod:`game.ui.drawing.charts`): its fonts and plot area, a
title and legend, axes with readable ticks, value ranges that survive NaN and constant
data, and the pure helpers behind them (downsampling, tick steps, number formats)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pygame

from game.ui.drawing import palette
from game.ui.drawing.palette import tier_colour
from game.ui.drawing.text import SafeFont, ellipsize, font_path, wrap

Colour = tuple[int, int, int] | pygame.Color
Series = tuple[str, "Sequence[float] | np.ndarray", Colour]



@dataclass(frozen=True)
class Fonts:
    """The two fonts every chart uses: ``small`` for ticks/legends, ``normal`` for titles."""

    small: pygame.font.Font
    normal: pygame.font.Font

    @classmethod
    def default(cls, scale: float = 1.0, cover: str = "") -> Fonts:
        """pygame's default font at 18/24 px times ``scale`` (2.0 for 4K or a projector), or
        the font for the current language and the scenario text ``cover``
        (:func:`game.ui.drawing.text.font_path`) at the same pixel size."""
        if not pygame.font.get_init():
            pygame.font.init()
        scale = scale if math.isfinite(scale) and scale > 0 else 1.0
        path = font_path(cover=cover)

        def font(size: int) -> pygame.font.Font:
            # pygame draws its default font at 0.6875 of the size asked for; match that
            return SafeFont(None, size) if path is None else SafeFont(path, max(6, int(size * 0.6875)))
        return cls(font(max(8, round(18 * scale))), font(max(10, round(24 * scale))))

    @property
    def pad(self) -> int:
        """Spacing unit, proportional to the small font."""
        return max(3, self.small.get_height() // 3)

    @property
    def line_width(self) -> int:
        return max(2, self.small.get_height() // 6)


@dataclass(frozen=True)
class Plot:
    """Where a line chart put its data: the plot area in pixels and the value ranges."""

    rect: pygame.Rect
    x_end: float
    lo: float
    hi: float

    def x_of(self, x):
        """Pixel column of step ``x`` (a number or an array)."""
        return self.rect.left + np.asarray(x, dtype=float) / self.x_end * (self.rect.width - 1)

    def y_of(self, y):
        """Pixel row of value ``y`` (a number or an array)."""
        return self.rect.bottom - 1 - (np.asarray(y, dtype=float) - self.lo) / (self.hi - self.lo) \
            * (self.rect.height - 1)


# --------------------------------------------------------------------------- #
# Pure helpers (no drawing)
# --------------------------------------------------------------------------- #


def downsample(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray, width: int,
               x_range: tuple[float, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Drop non-finite points, then keep at most the min and max point of each of ``width``
    pixel columns (in x order), so the result has at most ``2 * width`` points.

    Points outside ``x_range`` (default: the data's span) are dropped. O(n), no sorting
    when ``x`` is already ascending.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    if x_range is not None:
        keep &= (x >= x_range[0]) & (x <= x_range[1])
    x, y = x[keep], y[keep]
    width = max(1, int(width))
    if x.size <= 2 * width:
        return x, y
    if np.any(x[1:] < x[:-1]):
        order = np.argsort(x, kind="stable")
        x, y = x[order], y[order]
    x0, x1 = x_range if x_range is not None else (x[0], x[-1])
    col = np.clip(((x - x0) / ((x1 - x0) or 1.0) * width).astype(np.int64), 0, width - 1)
    starts = np.flatnonzero(np.r_[True, col[1:] != col[:-1]])  # first point of each column
    sizes = np.diff(np.r_[starts, x.size])
    index = np.arange(x.size)
    lo_i, hi_i = [np.minimum.reduceat(  # first index reaching the column's min / max
        np.where(y == np.repeat(extreme.reduceat(y, starts), sizes), index, x.size), starts)
        for extreme in (np.minimum, np.maximum)]
    keep = np.column_stack((np.minimum(lo_i, hi_i), np.maximum(lo_i, hi_i))).ravel()
    keep = keep[np.r_[True, keep[1:] != keep[:-1]]]  # in x order, without duplicates
    return x[keep], y[keep]


def nice_ticks(lo: float, hi: float) -> list[float]:
    """3-5 round tick values inside [lo, hi] (steps of 1, 2, 2.5, 4 or 5 times 10^k)."""
    span = hi - lo
    mag = 10.0 ** math.floor(math.log10(span / 2))
    for m in (5, 4, 2.5, 2, 1, 0.5, 0.4, 0.25, 0.2, 0.1):
        step = m * mag
        first = math.ceil(lo / step - 1e-9) * step
        n = int(math.floor((hi - first) / step + 1e-9)) + 1
        if 3 <= n <= 5:
            return [first + i * step for i in range(n)]
    return [lo, (lo + hi) / 2, hi]


def tick_label(v: float, step: float) -> str:
    """Format a tick value with just enough decimals for ``step`` (at most ~3 significant)."""
    step = abs(step) or 1.0
    if abs(v) >= 10_000 and step >= 1000:
        return f"{v / 1000:g}k"
    cap = max(0, 2 - math.floor(math.log10(step)))
    decimals = next((d for d in range(cap) if abs(round(step, d) - step) < 1e-9 * step), cap)
    text = f"{v:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_value(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() and abs(v) < 1e15 else f"{v:.3g}"


def auto_range(arrays: Sequence[np.ndarray], pad_frac: float = 0.05) -> tuple[float, float]:
    """Data range with some padding; sane for empty, all-NaN, huge and constant data."""
    finite = [np.clip(a[np.isfinite(a)], -1e300, 1e300) for a in arrays]
    finite = [a for a in finite if a.size]
    if not finite:
        return 0.0, 1.0
    lo = min(float(a.min()) for a in finite)
    hi = max(float(a.max()) for a in finite)
    if hi - lo <= 1e-12 * max(1.0, abs(hi)):
        pad = abs(hi) * 0.1 or 1.0
        return lo - pad, hi + pad
    pad = (hi - lo) * pad_frac
    return (0.0 if lo >= 0 > lo - pad else lo - pad), hi + pad


def checked_range(rng: tuple[float, float] | None, fallback: tuple[float, float]):
    """A usable (lo, hi) with hi > lo, both finite."""
    if rng is None:
        return fallback
    lo, hi = float(rng[0]), float(rng[1])
    if not math.isfinite(hi - lo) or hi <= lo:
        return fallback
    return lo, hi


# --------------------------------------------------------------------------- #
# Drawing helpers
# --------------------------------------------------------------------------- #


@contextmanager
def clipped(surface: pygame.Surface, rect: pygame.Rect) -> Iterator[None]:
    """Narrow the clip to ``rect`` (within any existing clip); restore it afterwards."""
    previous = surface.get_clip()
    surface.set_clip(rect.clip(previous))
    try:
        yield
    finally:
        surface.set_clip(previous)


def put_text(surface, font, text, colour, pos, anchor="topleft") -> pygame.Rect:
    image = font.render(text, True, colour)
    box = image.get_rect(**{anchor: pos})
    surface.blit(image, box)
    return box


def header(surface, rect, fonts, title, legend) -> int:
    """Panel background, title and (optional) legend; returns the y below them. A title too
    wide for the panel takes two lines (a goal stated in words is often long)."""
    surface.fill(palette.PANEL, rect)
    pygame.draw.rect(surface, palette.PANEL_EDGE, rect, 1)
    pad = fonts.pad
    box = pygame.Rect(rect.left + pad, rect.top + pad, 0, 0)
    for line in title_lines(fonts.normal, title, rect.width - 2 * pad):
        box = box.union(put_text(surface, fonts.normal, line, palette.TEXT, (box.left, box.bottom)))
    bottom = box.bottom
    if legend:
        bottom = draw_legend(surface, rect, fonts, legend, box)
    return bottom


def draw_legend(surface, rect, fonts, items, title_box) -> int:
    """Colour swatch + label per item: right of the title if it fits, else wrapped rows."""
    pad, sw = fonts.pad, max(6, fonts.small.get_height() * 3 // 4)
    images = [(fonts.small.render(label, True, palette.TEXT), colour) for label, colour in items]
    widths = [sw + pad // 2 + im.get_width() + 2 * pad for im, _ in images]
    right = rect.right - pad
    if title_box.right + 2 * pad + sum(widths) <= right:
        x, cy = right - sum(widths) + 2 * pad, title_box.centery
    else:
        x, cy = rect.left + pad, title_box.bottom + pad + fonts.small.get_height() // 2
    for (image, colour), w in zip(images, widths):
        if x + w - 2 * pad > right and x > rect.left + pad:  # wrap
            x, cy = rect.left + pad, cy + fonts.small.get_height() + pad // 2
        surface.fill(colour, (x, cy - sw // 2, sw, sw))
        surface.blit(image, image.get_rect(midleft=(x + sw + pad // 2, cy)))
        x += w
    return max(title_box.bottom, cy + fonts.small.get_height() // 2)


def title_lines(font, title: str, width: int) -> list[str]:
    """``title`` in at most two lines that fit ``width`` (the second cut short if need be)."""
    if font.size(title)[0] <= width:
        return [title]

    first = wrap(title, font, width)[0]
    rest = title[len(first):].strip() if title.startswith(first) else title
    return [first, fit(font, rest, width)] if rest else [first]


def colour_at(colours: Sequence[Colour], i: int) -> Colour:
    return colours[i % len(colours)] if len(colours) else tier_colour(i)


def frame(surface, rect, fonts, title, y_label, legend, lo, hi, x_rows=1, fmt=None, inset=0) -> pygame.Rect:
    """Header, y label, y ticks and grid, leaving ``x_rows`` text rows under the x axis and
    ``inset`` px right of it; returns the plot area (inside ``rect``). ``fmt(tick, step)``
    writes a tick (default :func:`tick_label`)."""
    fmt = fmt or tick_label
    pad, small_h = fonts.pad, fonts.small.get_height()
    top = header(surface, rect, fonts, title, legend) + pad // 2
    put_text(surface, fonts.small, y_label, palette.TEXT_DIM, (rect.left + pad, top))
    ticks = nice_ticks(lo, hi)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else hi - lo
    labels = [fonts.small.render(fmt(tick, step), True, palette.TEXT_DIM) for tick in ticks]
    left = rect.left + pad + max(im.get_width() for im in labels) + pad
    plot = pygame.Rect(left, top + small_h + small_h // 2 + pad // 2, 0, 0)
    plot.width = rect.right - pad - inset - left
    plot.height = rect.bottom - pad - x_rows * (small_h + pad // 2) - plot.top
    if plot.width < 4 or plot.height < 4:
        return plot
    for tick, image in zip(ticks, labels):
        y = plot.bottom - 1 - round((tick - lo) / (hi - lo) * (plot.height - 1))
        pygame.draw.line(surface, palette.GRID, (plot.left, y), (plot.right - 1, y))
        surface.blit(image, image.get_rect(midright=(plot.left - pad // 2, y)))
    pygame.draw.line(surface, palette.TEXT_DIM, (plot.left, plot.bottom), (plot.right - 1, plot.bottom))
    return plot


def x_labels(surface, plot, fonts, left_text, right_text, middle_text) -> None:
    """Tick labels under the x axis: one at each end and one in the middle (if it fits)."""
    y = plot.bottom + fonts.pad // 2
    a = put_text(surface, fonts.small, left_text, palette.TEXT_DIM, (plot.left, y), "topleft")
    b = put_text(surface, fonts.small, right_text, palette.TEXT_DIM, (plot.right, y), "topright")
    mid = fonts.small.render(middle_text, True, palette.TEXT_DIM)
    box = mid.get_rect(midtop=(plot.centerx, y))
    if box.left > a.right + fonts.pad and box.right < b.left - fonts.pad:
        surface.blit(mid, box)


def polyline(surface, points: np.ndarray, colour, width: int) -> None:
    """Draw an (n, 2) array of pixel points; a lone point becomes a dot."""
    if len(points) == 1:
        pygame.draw.circle(surface, colour, points[0].tolist(), max(2, width))
    elif len(points) > 1:
        pygame.draw.lines(surface, colour, False, points.tolist(), width)


# --------------------------------------------------------------------------- #
# Charts
# --------------------------------------------------------------------------- #


def fit(font: pygame.font.Font, text: str, width: int) -> str:
    """``text`` cut short (marked with a trailing '.') until it renders within ``width``."""
    return ellipsize(text, font, width, mark=".")
