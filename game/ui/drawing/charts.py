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
from collections.abc import Sequence

import numpy as np
import pygame

from game.ui.drawing import boxes, palette
from game.ui.drawing.chart_frame import (Colour, Fonts, Plot, Series, auto_range, checked_range, clipped, colour_at,
                                         downsample, fmt_value, frame, polyline, put_text, readable, tick_label,
                                         title_lines, x_labels)
from game.ui.drawing.chart_marks import Mark, mark_labels, mark_lines, mark_points, ring_radius
from game.ui.drawing.text import t

__all__ = ["Fonts", "Mark", "Plot", "line_chart", "stacked_histogram", "bar_chart", "sparkline", "downsample"]


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
    lo, hi = checked_range(y_range, auto_range(arrays + [goals]))
    longest = max((a.size for a in arrays), default=0)
    ok_max = x_max is not None and math.isfinite(x_max) and x_max > 0
    x_end = float(x_max) if ok_max else float(max(1, longest - 1))
    legend = [(label, colour) for label, _, colour in series] if len(series) > 1 else []
    fmt = (lambda v, step: tick_label(v * 100, step * 100) + "%") if percent else None
    with clipped(surface, rect):
        ring = ring_radius(fonts.line_width) if any(m.x is not None and m.y is not None for m in marks) else 0
        area = frame(surface, rect, fonts, title, y_label, legend, lo, hi, fmt=fmt, inset=ring)
        if area.width < 4 or area.height < 4 or boxes.measuring():
            return None
        plot = Plot(area, x_end, lo, hi)
        x_labels(surface, area, fonts, "0", fmt_value(x_end), x_label)
        lw = fonts.line_width
        with clipped(surface, area.inflate(lw, lw)):
            mark_lines(surface, plot, marks, lw)
            for (_, _, colour), values in zip(series, arrays):
                xs, ys = downsample(np.arange(values.size), values, area.width, (0.0, x_end))
                py = np.clip(plot.y_of(ys), area.top - 4 * area.height, area.bottom + 4 * area.height)
                polyline(surface, np.column_stack((plot.x_of(xs), py)), colour, lw)
        mark_points(surface, plot, marks, lw)  # a ring at the last step may reach past the axis
        mark_labels(surface, plot, marks, fonts)
    return plot


def _header_height(fonts: Fonts, title: str, width: int) -> int:
    """Height of a chart's title lines and axis-label row (legend beside them)."""
    lines = len(title_lines(fonts.normal, title, width - 2 * fonts.pad))
    return fonts.pad + lines * fonts.normal.get_height() + fonts.pad // 2 + fonts.small.get_height()


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
    lo, hi = checked_range(x_range, auto_range([data], pad_frac=0.0))
    counts = _group_counts(data, groups, n_groups, bins, lo, hi)
    cum = np.concatenate((np.zeros((bins, 1), np.int64), counts.cumsum(axis=1)), axis=1)
    y_hi = max(4.0, float(cum[:, -1].max()) * 1.05)
    legend = [(label, colour_at(colours, i)) for i, label in enumerate(group_labels)]
    with clipped(surface, rect):
        # the axis's name on a row of its own under the ticks when there is room, else
        # between the end ticks (the middle tick gives way)
        roomy = rect.height - _header_height(fonts, title, rect.width) >= \
            readable(fonts)[1] + 3 * (fonts.small.get_height() + fonts.pad)
        plot = frame(surface, rect, fonts, title, t("charts.citizens"), legend, 0.0, y_hi, x_rows=2 if roomy else 1)
        if plot.width < 4 or plot.height < 4 or boxes.measuring():
            return
        step = (hi - lo) / 2
        if roomy:
            x_labels(surface, plot, fonts, tick_label(lo, step), tick_label(hi, step), tick_label(lo + step, step))
            put_text(surface, fonts.small, x_label, palette.TEXT_DIM,
                     (plot.centerx, plot.bottom + fonts.pad // 2 + fonts.small.get_height() + fonts.pad // 2),
                     "midtop")
        else:
            x_labels(surface, plot, fonts, tick_label(lo, step), tick_label(hi, step), x_label)
        edges_y = plot.bottom - np.round(cum * (plot.height / y_hi)).astype(np.int64)
        edges_x = plot.left + np.round(np.arange(bins + 1) * plot.width / bins).astype(np.int64)
        gap = 1 if plot.width / bins >= 5 else 0
        for b, g in zip(*np.nonzero(counts)):
            top, bottom = int(edges_y[b, g + 1]), int(edges_y[b, g])
            if bottom > top:
                box = (int(edges_x[b]), top, int(edges_x[b + 1] - edges_x[b]) - gap, bottom - top)
                surface.fill(legend[g][1], box)


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
    with clipped(surface, rect):
        plot = frame(surface, rect, fonts, title, y_label, [], lo, hi)
        if plot.width < 4 or plot.height < 4 or vals.size == 0 or boxes.measuring():
            return
        slot = plot.width / vals.size

        def y_of(v: float) -> int:
            return plot.bottom - round((v - lo) / (hi - lo) * plot.height)

        for i, v in enumerate(vals):
            x0 = plot.left + round(i * slot)
            centre = x0 + slot / 2
            put_text(surface, fonts.small, str(labels[i]), palette.TEXT_DIM, (centre, plot.bottom + fonts.pad // 2),
                     "midtop", width=int(slot) - 2)
            if math.isfinite(v):
                v_in = min(max(v, lo), hi)
                top, bottom = y_of(max(v_in, 0.0)), y_of(min(v_in, 0.0))
                _bar(surface, plot, fonts, centre, slot, top, bottom, v, colour_at(colours, i))


def _bar(surface, plot, fonts, centre, slot, top, bottom, value, colour) -> None:
    """One bar spanning rows [top, bottom) plus its value label if it fits above/below."""
    width = max(1, round(slot * 0.7))
    if bottom > top:
        surface.fill(colour, (round(centre - width / 2), top, width, bottom - top))
    image = fonts.small.render(fmt_value(value), True, palette.TEXT)
    if image.get_width() > slot - 2:
        return
    if value >= 0 and top - image.get_height() - 2 >= plot.top:
        box = image.get_rect(midbottom=(centre, top - 2))
    elif value < 0 and bottom + image.get_height() + 2 <= plot.bottom:
        box = image.get_rect(midtop=(centre, bottom + 2))
    elif bottom - top >= image.get_height() + 4:  # the tallest bar: no room above, so inside it
        box = image.get_rect(midtop=(centre, top + 2)) if value >= 0 else image.get_rect(midbottom=(centre, bottom - 2))
    else:
        return
    surface.blit(image, box)
    boxes.note_text(box, fmt_value(value), plot, owner="bar value")


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
    with clipped(surface, rect):
        polyline(surface, np.column_stack((px, py)), colour, lw)
