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

from game.ui.drawing import boxes, palette
from game.ui.drawing.palette import tier_colour
from game.ui.drawing.text import SafeFont, draw_text, fit, font_path, wrap

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


def nice_ticks(lo: float, hi: float, max_ticks: int = 5) -> list[float]:
    """3-5 round tick values inside [lo, hi] (steps of 1, 2, 2.5, 4 or 5 times 10^k); 2 when
    ``max_ticks`` says the axis has room for no more."""
    span = hi - lo
    top = max(2, min(5, int(max_ticks)))
    mag = 10.0 ** math.floor(math.log10(span / 2))
    steps = [m * mag * f for f in (10, 1, 0.1) for m in (5, 4, 2.5, 2, 1)]  # largest first
    for least in ((3, 2) if top >= 3 else (2,)):
        for step in steps:
            first = math.ceil(lo / step - 1e-9) * step
            n = int(math.floor((hi - first) / step + 1e-9)) + 1
            if least <= n <= top:
                return [first + i * step for i in range(n)]
    return [lo, hi] if top < 3 else [lo, (lo + hi) / 2, hi]


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
        if lo >= 0:  # a flat count or share keeps its zero baseline (no "-1 citizens" on the axis)
            return 0.0, (2 * hi if hi > 0 else 1.0)
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


def put_text(surface, font, text, colour, pos, anchor="topleft", width=None) -> pygame.Rect:
    """One line of chart text (see :func:`game.ui.drawing.text.draw_text`: noted for layout checks)."""
    return draw_text(surface, font, text, colour, pos, anchor, width=width, owner="chart")


def header(surface, rect, fonts, title, legend, y_label: str = "") -> int:
    """Panel background, title, legend and the y axis's label; returns the y below them. A
    title too wide for the panel takes two or three lines (a goal stated in words is often long); the
    legend goes right of the title when it fits there, else on the y label's row, right
    aligned, wrapping onto more rows as needed."""
    surface.fill(palette.PANEL, rect)
    pygame.draw.rect(surface, palette.PANEL_EDGE, rect, 1)
    boxes.note_panel(rect, "chart")
    pad = fonts.pad
    box = pygame.Rect(rect.left + pad, rect.top + pad, 0, 0)
    for line in title_rows(fonts.normal, title, rect.width - 2 * pad):
        box = box.union(put_text(surface, fonts.normal, line, palette.TEXT, (box.left, box.bottom),
                                 width=rect.width - 2 * pad))
    bottom = box.bottom
    label = None
    if y_label:  # two lines too when it must (a goal's unit can be long words)
        for k, line in enumerate(title_rows(fonts.small, y_label, rect.width - 2 * pad)):
            row = put_text(surface, fonts.small, line, palette.TEXT_DIM,
                           (rect.left + pad, bottom + (pad // 2 if k == 0 else 0)), width=rect.width - 2 * pad)
            label = row if label is None else label.union(row)
            bottom = row.bottom
    if legend:
        bottom = max(bottom, draw_legend(surface, rect, fonts, legend, box, label))
    return bottom


def draw_legend(surface, rect, fonts, items, title_box, label_box=None) -> int:
    """Colour swatch + label per item: right of the title if they all fit there, else on the
    row of the axis label (``label_box``) and below, right aligned; returns the bottom."""
    pad, sw = fonts.pad, max(6, fonts.small.get_height() * 3 // 4)
    h = fonts.small.get_height()
    images = [(fonts.small.render(label, True, palette.TEXT), colour, label) for label, colour in items]
    widths = [sw + pad // 2 + im.get_width() for im, _, _ in images]
    right, left = rect.right - pad, rect.left + pad
    gap = 2 * pad
    if title_box.right + gap + sum(widths) + gap * (len(widths) - 1) <= right:
        rows, cy = [list(range(len(images)))], title_box.centery
        first_left = title_box.right + gap
    else:
        row_top = label_box.top if label_box is not None else title_box.bottom + pad // 2
        cy = row_top + h // 2
        first_left = (label_box.right + gap) if label_box is not None else left
        rows, row, x = [], [], first_left
        for k, w in enumerate(widths):  # fill rows right-aligned, the first beside the axis label
            if row and x + w > right:
                rows.append(row)
                row, x = [], left
            row.append(k)
            x += w + gap
        rows.append(row)
    bottom = title_box.bottom
    for r, row in enumerate(rows):
        total = sum(widths[k] for k in row) + gap * (len(row) - 1)
        x = max(first_left if r == 0 else left, right - total)
        y = cy + r * (h + pad // 2)
        for k in row:
            image, colour, label = images[k]
            surface.fill(colour, (x, y - sw // 2, sw, sw))
            box = image.get_rect(midleft=(x + sw + pad // 2, y))
            surface.blit(image, box)
            boxes.note_text(box, label, surface.get_clip(), owner="chart legend")
            x += widths[k] + gap
        bottom = max(bottom, y + h - h // 2)
    return bottom


def title_rows(font, title: str, width: int, most: int = 3) -> list[str]:
    """``title`` in at most ``most`` lines, all but the last fitting ``width`` (the last may
    not: :func:`title_lines` cuts it). A goal stated in words can need three at 1280x720."""
    rows, rest = [], title
    while rest and len(rows) < most - 1 and font.size(rest)[0] > width:
        first = wrap(rest, font, width)[0]
        rows.append(first)
        rest = rest[len(first):].strip() if rest.startswith(first) else ""
    return rows + [rest] if rest else rows


def title_lines(font, title: str, width: int) -> list[str]:
    """``title`` in at most three lines that fit ``width`` (the last cut short if need be)."""
    return [fit(font, row, width) for row in title_rows(font, title, width)]


def colour_at(colours: Sequence[Colour], i: int) -> Colour:
    return colours[i % len(colours)] if len(colours) else tier_colour(i)


def readable(fonts) -> tuple[int, int]:
    """The smallest plot (width, height) whose data can be read: three lines of tick text high
    (two ticks a line and a half apart), eight wide."""
    h = fonts.small.get_height()
    return 8 * h, 3 * h


def frame(surface, rect, fonts, title, y_label, legend, lo, hi, x_rows=1, fmt=None, inset=0) -> pygame.Rect:
    """Header, y label, y ticks and grid, leaving ``x_rows`` text rows under the x axis and
    ``inset`` px right of it; returns the plot area (inside ``rect``). ``fmt(tick, step)``
    writes a tick (default :func:`tick_label`). Ticks are as many as the plot's height keeps
    apart (two at least), so a short chart never piles its labels into a blob."""
    fmt = fmt or tick_label
    pad, small_h = fonts.pad, fonts.small.get_height()
    top = header(surface, rect, fonts, title, legend, y_label)
    plot = pygame.Rect(0, top + small_h // 2 + pad // 2, 0, 0)
    plot.height = rect.bottom - pad - x_rows * (small_h + pad // 2) - plot.top
    ticks = nice_ticks(lo, hi, max_ticks=max(2, plot.height // (small_h + pad) + 1))
    step = ticks[1] - ticks[0] if len(ticks) > 1 else hi - lo
    labels = [fonts.small.render(fmt(tick, step), True, palette.TEXT_DIM) for tick in ticks]
    plot.left = rect.left + pad + max(im.get_width() for im in labels) + pad
    plot.width = rect.right - pad - inset - plot.left
    boxes.note_plot(plot, readable(fonts), title)
    if plot.width < 4 or plot.height < 4:
        return plot
    for tick, image, value in zip(ticks, labels, ticks):
        y = plot.bottom - 1 - round((tick - lo) / (hi - lo) * (plot.height - 1))
        pygame.draw.line(surface, palette.GRID, (plot.left, y), (plot.right - 1, y))
        box = image.get_rect(midright=(plot.left - pad // 2, y))
        surface.blit(image, box)
        boxes.note_text(box, fmt(value, step), surface.get_clip(), owner="chart tick")
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
        put_text(surface, fonts.small, middle_text, palette.TEXT_DIM, (plot.centerx, y), "midtop")


def polyline(surface, points: np.ndarray, colour, width: int) -> None:
    """Draw an (n, 2) array of pixel points; a lone point becomes a dot."""
    if len(points) == 1:
        pygame.draw.circle(surface, colour, points[0].tolist(), max(2, width))
    elif len(points) > 1:
        pygame.draw.lines(surface, colour, False, points.tolist(), width)
