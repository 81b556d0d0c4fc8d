"""Chart drawing onto a ``pygame.Surface``: line charts, stacked histograms, bar charts and
sparklines, built to stay readable on a projector and cheap enough to redraw every frame.

Every function draws only inside the ``rect`` it is given (the surface clip is narrowed for
the duration of the call and then restored) and keeps no state between calls; ``line_chart``
returns its :class:`Plot` (where the data went) so callers and tests can find a value's pixel,
the others return ``None``. A line chart can carry :class:`Mark` s: a goal value, a deadline,
the step where a goal was missed. Colours come from :mod:`game.ui.drawing.palette`; sizes (padding, line width) follow the
fonts, so ``Fonts.default(scale)`` scales a whole chart for 4K screens or projectors.

Data may contain NaN/inf (skipped), be empty or be constant; long series are reduced to
at most two points per pixel column (:func:`downsample`) so drawing cost stays flat.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pygame

from game.ui.drawing import palette
from game.ui.drawing.palette import tier_colour
from game.ui.drawing.text import font_path, t, wrap

Colour = tuple[int, int, int] | pygame.Color
Series = tuple[str, "Sequence[float] | np.ndarray", Colour]

__all__ = ["Fonts", "Mark", "Plot", "line_chart", "stacked_histogram", "bar_chart", "sparkline", "downsample"]


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
            return pygame.font.Font(None, size) if path is None else \
                pygame.font.Font(path, max(6, int(size * 0.6875)))
        return cls(font(max(8, round(18 * scale))), font(max(10, round(24 * scale))))

    @property
    def pad(self) -> int:
        """Spacing unit, proportional to the small font."""
        return max(3, self.small.get_height() // 3)

    @property
    def line_width(self) -> int:
        return max(2, self.small.get_height() // 6)


@dataclass(frozen=True)
class Mark:
    """A labelled reference drawn on a line chart, so a reader sees where a run stood against
    a goal: ``y`` alone is a goal value (a dashed line across ``span`` of x, default the whole
    chart), ``x`` alone a moment such as a deadline (a dashed line top to bottom), both a point
    (a ring, e.g. the step a goal was missed)."""

    label: str
    colour: Colour
    x: float | None = None
    y: float | None = None
    span: tuple[float, float] | None = None


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


def _nice_ticks(lo: float, hi: float) -> list[float]:
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


def _fmt(v: float, step: float) -> str:
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


def _fmt_value(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() and abs(v) < 1e15 else f"{v:.3g}"


def _auto_range(arrays: Sequence[np.ndarray], pad_frac: float = 0.05) -> tuple[float, float]:
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


def _checked_range(rng: tuple[float, float] | None, fallback: tuple[float, float]):
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
def _clipped(surface: pygame.Surface, rect: pygame.Rect) -> Iterator[None]:
    """Narrow the clip to ``rect`` (within any existing clip); restore it afterwards."""
    previous = surface.get_clip()
    surface.set_clip(rect.clip(previous))
    try:
        yield
    finally:
        surface.set_clip(previous)


def _text(surface, font, text, colour, pos, anchor="topleft") -> pygame.Rect:
    image = font.render(text, True, colour)
    box = image.get_rect(**{anchor: pos})
    surface.blit(image, box)
    return box


def _header(surface, rect, fonts, title, legend) -> int:
    """Panel background, title and (optional) legend; returns the y below them. A title too
    wide for the panel takes two lines (a goal stated in words is often long)."""
    surface.fill(palette.PANEL, rect)
    pygame.draw.rect(surface, palette.PANEL_EDGE, rect, 1)
    pad = fonts.pad
    box = pygame.Rect(rect.left + pad, rect.top + pad, 0, 0)
    for line in _title_lines(fonts.normal, title, rect.width - 2 * pad):
        box = box.union(_text(surface, fonts.normal, line, palette.TEXT, (box.left, box.bottom)))
    bottom = box.bottom
    if legend:
        bottom = _legend(surface, rect, fonts, legend, box)
    return bottom


def _legend(surface, rect, fonts, items, title_box) -> int:
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


def _title_lines(font, title: str, width: int) -> list[str]:
    """``title`` in at most two lines that fit ``width`` (the second cut short if need be)."""
    if font.size(title)[0] <= width:
        return [title]

    first = wrap(title, font, width)[0]
    rest = title[len(first):].strip() if title.startswith(first) else title
    return [first, _fit(font, rest, width)] if rest else [first]


def _colour_at(colours: Sequence[Colour], i: int) -> Colour:
    return colours[i % len(colours)] if len(colours) else tier_colour(i)


def _frame(surface, rect, fonts, title, y_label, legend, lo, hi, x_rows=1, fmt=None, inset=0) -> pygame.Rect:
    """Header, y label, y ticks and grid, leaving ``x_rows`` text rows under the x axis and
    ``inset`` px right of it; returns the plot area (inside ``rect``). ``fmt(tick, step)``
    writes a tick (default :func:`_fmt`)."""
    fmt = fmt or _fmt
    pad, small_h = fonts.pad, fonts.small.get_height()
    top = _header(surface, rect, fonts, title, legend) + pad // 2
    _text(surface, fonts.small, y_label, palette.TEXT_DIM, (rect.left + pad, top))
    ticks = _nice_ticks(lo, hi)
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


def _x_labels(surface, plot, fonts, left_text, right_text, middle_text) -> None:
    """Tick labels under the x axis: one at each end and one in the middle (if it fits)."""
    y = plot.bottom + fonts.pad // 2
    a = _text(surface, fonts.small, left_text, palette.TEXT_DIM, (plot.left, y), "topleft")
    b = _text(surface, fonts.small, right_text, palette.TEXT_DIM, (plot.right, y), "topright")
    mid = fonts.small.render(middle_text, True, palette.TEXT_DIM)
    box = mid.get_rect(midtop=(plot.centerx, y))
    if box.left > a.right + fonts.pad and box.right < b.left - fonts.pad:
        surface.blit(mid, box)


def _polyline(surface, points: np.ndarray, colour, width: int) -> None:
    """Draw an (n, 2) array of pixel points; a lone point becomes a dot."""
    if len(points) == 1:
        pygame.draw.circle(surface, colour, points[0].tolist(), max(2, width))
    elif len(points) > 1:
        pygame.draw.lines(surface, colour, False, points.tolist(), width)


# --------------------------------------------------------------------------- #
# Charts
# --------------------------------------------------------------------------- #


def line_chart(surface: pygame.Surface, rect: pygame.Rect | Sequence[int],
               series: Sequence[Series], *, title: str, y_label: str, fonts: Fonts,
               x_label: str | None = None, y_range: tuple[float, float] | None = None,
               x_max: int | None = None, marks: Sequence[Mark] = (), percent: bool = False) -> Plot | None:
    """One polyline per ``(label, values, colour)``; value ``i`` is plotted at x = ``i``.

    ``marks`` are drawn with the data (goal lines behind it, points and labels on top); a
    goal value widens the automatic y range so it is always in view, while a moment after the
    last step is only named at the right edge (the axis follows the data). ``percent`` writes
    shares (0-1) as percentages on the y axis. Returns the :class:`Plot`, or ``None`` if too
    small to draw.
    """
    x_label = t("charts.step") if x_label is None else x_label
    rect = pygame.Rect(rect)
    if rect.width <= 0 or rect.height <= 0:
        return None
    arrays = [np.asarray(values, dtype=float).ravel() for _, values, _ in series]
    goals = np.array([m.y for m in marks if m.y is not None], dtype=float)
    lo, hi = _checked_range(y_range, _auto_range(arrays + [goals]))
    longest = max((a.size for a in arrays), default=0)
    ok_max = x_max is not None and math.isfinite(x_max) and x_max > 0
    x_end = float(x_max) if ok_max else float(max(1, longest - 1))
    legend = [(label, colour) for label, _, colour in series] if len(series) > 1 else []
    fmt = (lambda v, step: _fmt(v * 100, step * 100) + "%") if percent else None
    with _clipped(surface, rect):
        ring = _ring_radius(fonts.line_width) if any(m.x is not None and m.y is not None for m in marks) else 0
        area = _frame(surface, rect, fonts, title, y_label, legend, lo, hi, fmt=fmt, inset=ring)
        if area.width < 4 or area.height < 4:
            return None
        plot = Plot(area, x_end, lo, hi)
        _x_labels(surface, area, fonts, "0", _fmt_value(x_end), x_label)
        lw = fonts.line_width
        with _clipped(surface, area.inflate(lw, lw)):
            _mark_lines(surface, plot, marks, lw)
            for (_, _, colour), values in zip(series, arrays):
                xs, ys = downsample(np.arange(values.size), values, area.width, (0.0, x_end))
                py = np.clip(plot.y_of(ys), area.top - 4 * area.height, area.bottom + 4 * area.height)
                _polyline(surface, np.column_stack((plot.x_of(xs), py)), colour, lw)
        _mark_points(surface, plot, marks, lw)  # a ring at the last step may reach past the axis
        _mark_labels(surface, plot, marks, fonts)
    return plot


def _dashed(surface, colour, a, b, width: int, dash: int) -> None:
    """A dashed straight line from ``a`` to ``b`` (dashes and gaps ``dash`` px long)."""
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1:
        return
    for start in range(0, int(length), 2 * dash):
        f0, f1 = start / length, min(1.0, (start + dash) / length)
        pygame.draw.line(surface, colour, (x0 + (x1 - x0) * f0, y0 + (y1 - y0) * f0),
                         (x0 + (x1 - x0) * f1, y0 + (y1 - y0) * f1), width)


def _mark_lines(surface, plot: Plot, marks: Sequence[Mark], lw: int) -> None:
    """Goal values and moments, dashed, under the data."""
    area, dash = plot.rect, max(4, 3 * lw)
    for m in marks:
        if m.y is not None and m.x is None and math.isfinite(m.y):
            x0, x1 = m.span if m.span is not None else (0.0, plot.x_end)
            y = round(float(plot.y_of(m.y)))
            _dashed(surface, m.colour, (float(plot.x_of(x0)), y), (float(plot.x_of(x1)), y), lw, dash)
        elif m.x is not None and m.y is None and math.isfinite(m.x):
            x = round(float(plot.x_of(m.x)))
            _dashed(surface, m.colour, (x, area.top), (x, area.bottom), lw, dash)


def _ring_radius(lw: int) -> int:
    return 3 * lw + 2


def _mark_points(surface, plot: Plot, marks: Sequence[Mark], lw: int) -> None:
    """Points (a step and a value) as rings over the data."""
    for m in marks:
        if m.x is not None and m.y is not None and math.isfinite(m.x) and math.isfinite(m.y):
            centre = (float(plot.x_of(m.x)), float(plot.y_of(m.y)))
            pygame.draw.circle(surface, m.colour, centre, _ring_radius(lw), lw)


def _mark_labels(surface, plot: Plot, marks: Sequence[Mark], fonts: Fonts) -> None:
    """Each mark's label on a small panel, at the first spot near it that is inside the plot
    and clear of the labels already placed: points first (where a goal was won or lost matters
    most), then goal lines (a goal's words must stay by its line), then moments, which can move
    to the bottom of their line. A moment after the last step (a deadline not reached yet) is
    named at the right edge, with an arrow."""
    area, pad, taken = plot.rect, fonts.pad, []
    for m in sorted(marks, key=lambda m: 1 if m.x is None else 2 if m.y is None else 0):
        if not m.label or not all(math.isfinite(v) for v in (m.x, m.y) if v is not None):
            continue
        later = m.y is None and m.x > plot.x_end
        image = fonts.small.render(m.label + (" \u00bb" if later else ""), True, m.colour)
        box = _place(image.get_rect().inflate(pad, 2), _label_spots(plot, m, pad, fonts.line_width), area, taken)
        surface.fill(palette.PANEL, box)
        surface.blit(image, image.get_rect(center=box.center))
        taken.append(box)


def _label_spots(plot: Plot, m: Mark, pad: int, lw: int) -> list[tuple[str, tuple[float, float]]]:
    """Candidate (anchor, position) pairs for a mark's label, best first."""
    area = plot.rect
    if m.x is not None and m.y is not None:  # a point: beside its ring
        x, y, r = float(plot.x_of(m.x)), float(plot.y_of(m.y)), _ring_radius(lw) + pad // 2
        return [("bottomright", (x - r, y - r)), ("bottomleft", (x + r, y - r)),
                ("topright", (x - r, y + r)), ("topleft", (x + r, y + r))]
    if m.x is not None:  # a moment: along its line (or the right edge), at the top or the bottom
        x = min(float(plot.x_of(m.x)), area.right)
        return [("topright", (x - pad, area.top + pad)), ("topleft", (x + pad, area.top + pad)),
                ("bottomright", (x - pad, area.bottom - pad)), ("bottomleft", (x + pad, area.bottom - pad))]
    x0, x1 = m.span if m.span is not None else (0.0, plot.x_end)  # a goal: above or below its line
    left = float(plot.x_of(max(0.0, x0))) + pad
    right, y = float(plot.x_of(min(plot.x_end, x1))) - pad, float(plot.y_of(m.y))
    gap = lw + pad // 2
    return [("bottomleft", (left, y - gap)), ("topleft", (left, y + gap)),
            ("bottomright", (right, y - gap)), ("topright", (right, y + gap))]


def _place(box: pygame.Rect, spots, area: pygame.Rect, taken: list[pygame.Rect]) -> pygame.Rect:
    """``box`` moved to the first spot inside ``area`` that overlaps nothing in ``taken``;
    failing that, a spot pulled inside ``area`` and slid up or down until it overlaps nothing;
    failing that, the first spot."""
    tries = []
    for anchor, pos in spots:
        trial = box.copy()
        setattr(trial, anchor, (round(pos[0]), round(pos[1])))
        if area.contains(trial) and trial.collidelist(taken) < 0:
            return trial
        tries.append(trial.clamp(area))
    for step in (1, -1, 2, -2, 3, -3):  # crowded: slide the spots up or down a line at a time
        for trial in tries:
            moved = trial.move(0, step * trial.height).clamp(area)
            if moved.collidelist(taken) < 0:
                return moved
    return tries[0] if tries else box


def _group_counts(values, groups, n_groups, bins, lo, hi) -> np.ndarray:
    """(bins, n_groups) counts with shared edges, like np.histogram per group."""
    v = np.asarray(values, dtype=float).ravel()
    g = np.asarray(groups, dtype=float).ravel()
    if v.shape != g.shape:
        raise ValueError(f"values and groups differ in length: {v.size} vs {g.size}")
    ok = np.isfinite(v) & (v >= lo) & (v <= hi) & np.isfinite(g) & (g >= 0) & (g < n_groups)
    b = np.minimum(((v[ok] - lo) / (hi - lo) * bins).astype(np.int64), bins - 1)
    flat = np.bincount(b * n_groups + g[ok].astype(np.int64), minlength=bins * n_groups)
    return flat.reshape(bins, n_groups)


def stacked_histogram(surface: pygame.Surface, rect: pygame.Rect | Sequence[int],
                      values: Sequence[float] | np.ndarray, groups: Sequence[int] | np.ndarray,
                      group_labels: Sequence[str], colours: Sequence[Colour], *, title: str,
                      x_label: str, fonts: Fonts, bins: int = 30,
                      x_range: tuple[float, float] | None = None) -> None:
    """Histogram of ``values`` with each bar stacked by group (e.g. score by tier)."""
    rect = pygame.Rect(rect)
    n_groups, bins = len(group_labels), max(1, int(bins))
    if rect.width <= 0 or rect.height <= 0 or n_groups == 0:
        return
    data = np.asarray(values, dtype=float).ravel()
    lo, hi = _checked_range(x_range, _auto_range([data], pad_frac=0.0))
    counts = _group_counts(data, groups, n_groups, bins, lo, hi)
    cum = np.concatenate((np.zeros((bins, 1), np.int64), counts.cumsum(axis=1)), axis=1)
    y_hi = max(4.0, float(cum[:, -1].max()) * 1.05)
    legend = [(label, _colour_at(colours, i)) for i, label in enumerate(group_labels)]
    with _clipped(surface, rect):
        plot = _frame(surface, rect, fonts, title, t("charts.citizens"), legend, 0.0, y_hi, x_rows=2)
        if plot.width < 4 or plot.height < 4:
            return
        step = (hi - lo) / 2
        _x_labels(surface, plot, fonts, _fmt(lo, step), _fmt(hi, step), _fmt(lo + step, step))
        _text(surface, fonts.small, x_label, palette.TEXT_DIM,
              (plot.centerx, plot.bottom + fonts.small.get_height() + fonts.pad), "midtop")
        edges_y = plot.bottom - np.round(cum * (plot.height / y_hi)).astype(np.int64)
        edges_x = plot.left + np.round(np.arange(bins + 1) * plot.width / bins).astype(np.int64)
        gap = 1 if plot.width / bins >= 5 else 0
        for b, g in zip(*np.nonzero(counts)):
            top, bottom = int(edges_y[b, g + 1]), int(edges_y[b, g])
            if bottom > top:
                box = (int(edges_x[b]), top, int(edges_x[b + 1] - edges_x[b]) - gap, bottom - top)
                surface.fill(legend[g][1], box)


def _fit(font: pygame.font.Font, text: str, width: int) -> str:
    """``text`` cut short (marked with a trailing '.') until it renders within ``width``."""
    cut = text
    while len(cut) > 1 and font.size(cut)[0] > width:
        cut = cut[:-2] + "."
    return cut


def bar_chart(surface: pygame.Surface, rect: pygame.Rect | Sequence[int], labels: Sequence[str],
              values: Sequence[float] | np.ndarray, colours: Colour | Sequence[Colour], *,
              title: str, y_label: str, fonts: Fonts) -> None:
    """One bar per label, with its value printed on top when there is room."""
    rect = pygame.Rect(rect)
    if rect.width <= 0 or rect.height <= 0:
        return
    vals = np.asarray(values, dtype=float).ravel()[: len(labels)]
    if len(colours) in (3, 4) and all(isinstance(c, (int, np.integer)) for c in colours):
        colours = [colours]  # one colour for every bar
    finite = np.clip(vals[np.isfinite(vals)], -1e300, 1e300)
    lo0, hi0 = min(0.0, float(finite.min(initial=0.0))), max(0.0, float(finite.max(initial=0.0)))
    span = hi0 - lo0 or 1.0  # 15 % headroom for the value labels
    lo = lo0 - 0.15 * span if lo0 < 0 else 0.0
    hi = hi0 + 0.15 * span if hi0 > 0 else (0.0 if lo0 < 0 else 1.0)
    with _clipped(surface, rect):
        plot = _frame(surface, rect, fonts, title, y_label, [], lo, hi)
        if plot.width < 4 or plot.height < 4 or vals.size == 0:
            return
        slot = plot.width / vals.size

        def y_of(v: float) -> int:
            return plot.bottom - round((v - lo) / (hi - lo) * plot.height)

        for i, v in enumerate(vals):
            x0 = plot.left + round(i * slot)
            centre = x0 + slot / 2
            name = _fit(fonts.small, str(labels[i]), int(slot) - 2)
            _text(surface, fonts.small, name, palette.TEXT_DIM, (centre, plot.bottom + fonts.pad // 2),
                  "midtop")
            if math.isfinite(v):
                v_in = min(max(v, lo), hi)
                top, bottom = y_of(max(v_in, 0.0)), y_of(min(v_in, 0.0))
                _bar(surface, plot, fonts, centre, slot, top, bottom, v, _colour_at(colours, i))


def _bar(surface, plot, fonts, centre, slot, top, bottom, value, colour) -> None:
    """One bar spanning rows [top, bottom) plus its value label if it fits above/below."""
    width = max(1, round(slot * 0.7))
    if bottom > top:
        surface.fill(colour, (round(centre - width / 2), top, width, bottom - top))
    image = fonts.small.render(_fmt_value(value), True, palette.TEXT)
    if image.get_width() > slot - 2:
        return
    if value >= 0 and top - image.get_height() - 2 >= plot.top:
        surface.blit(image, image.get_rect(midbottom=(centre, top - 2)))
    elif value < 0 and bottom + image.get_height() + 2 <= plot.bottom:
        surface.blit(image, image.get_rect(midtop=(centre, bottom + 2)))
    elif bottom - top >= image.get_height() + 4:  # the tallest bar: no room above, so inside it
        surface.blit(image, image.get_rect(midtop=(centre, top + 2)) if value >= 0
                     else image.get_rect(midbottom=(centre, bottom - 2)))


def sparkline(surface: pygame.Surface, rect: pygame.Rect | Sequence[int],
              values: Sequence[float] | np.ndarray, colour: Colour) -> None:
    """A tiny line without axes or background, scaled to its own min/max."""
    rect = pygame.Rect(rect)
    vals = np.asarray(values, dtype=float).ravel()
    if rect.width <= 0 or rect.height <= 0 or vals.size == 0:
        return
    lw = 2 if rect.height >= 24 else 1
    inner = rect.inflate(-2 * lw, -2 * lw) if rect.width > 4 * lw and rect.height > 4 * lw else rect
    xs, ys = downsample(np.arange(vals.size), vals, inner.width, (0.0, float(vals.size - 1)))
    if xs.size == 0:
        return
    ys = np.clip(ys, -1e300, 1e300)  # keeps hi - lo finite
    lo, hi = float(ys.min()), float(ys.max())
    frac = (ys - lo) / (hi - lo) if hi > lo else np.full(ys.size, 0.5)
    px = inner.left + (xs / max(1, vals.size - 1)) * (inner.width - 1)
    py = inner.bottom - 1 - frac * (inner.height - 1)
    with _clipped(surface, rect):
        _polyline(surface, np.column_stack((px, py)), colour, lw)
