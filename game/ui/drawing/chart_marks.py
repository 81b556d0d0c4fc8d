"""Marks on a line chart: a goal value, a deadline, the step a goal was met or missed,
each with a label placed where it covers neither the data nor another label."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from game.ui.drawing import boxes, palette
from game.ui.drawing.chart_frame import Colour, Fonts, Plot

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


def dashed(surface, colour, a, b, width: int, dash: int) -> None:
    """A dashed straight line from ``a`` to ``b`` (dashes and gaps ``dash`` px long)."""
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1:
        return
    for start in range(0, int(length), 2 * dash):
        f0, f1 = start / length, min(1.0, (start + dash) / length)
        pygame.draw.line(surface, colour, (x0 + (x1 - x0) * f0, y0 + (y1 - y0) * f0),
                         (x0 + (x1 - x0) * f1, y0 + (y1 - y0) * f1), width)


def mark_lines(surface, plot: Plot, marks: Sequence[Mark], lw: int) -> None:
    """Goal values and moments, dashed, under the data."""
    area, dash = plot.rect, max(4, 3 * lw)
    for m in marks:
        if m.y is not None and m.x is None and math.isfinite(m.y):
            x0, x1 = m.span if m.span is not None else (0.0, plot.x_end)
            y = round(float(plot.y_of(m.y)))
            dashed(surface, m.colour, (float(plot.x_of(x0)), y), (float(plot.x_of(x1)), y), lw, dash)
        elif m.x is not None and m.y is None and math.isfinite(m.x):
            x = round(float(plot.x_of(m.x)))
            dashed(surface, m.colour, (x, area.top), (x, area.bottom), lw, dash)


def ring_radius(lw: int) -> int:
    return 3 * lw + 2


def mark_points(surface, plot: Plot, marks: Sequence[Mark], lw: int) -> None:
    """Points (a step and a value) as rings over the data."""
    for m in marks:
        if m.x is not None and m.y is not None and math.isfinite(m.x) and math.isfinite(m.y):
            centre = (float(plot.x_of(m.x)), float(plot.y_of(m.y)))
            pygame.draw.circle(surface, m.colour, centre, ring_radius(lw), lw)


def mark_labels(surface, plot: Plot, marks: Sequence[Mark], fonts: Fonts) -> None:
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
        box = place(image.get_rect().inflate(pad, 2), label_spots(plot, m, pad, fonts.line_width), area, taken)
        surface.fill(palette.PANEL, box)
        at = image.get_rect(center=box.center)
        surface.blit(image, at)
        boxes.note_text(at, m.label, area, owner="chart mark")
        taken.append(box)


def label_spots(plot: Plot, m: Mark, pad: int, lw: int) -> list[tuple[str, tuple[float, float]]]:
    """Candidate (anchor, position) pairs for a mark's label, best first."""
    area = plot.rect
    if m.x is not None and m.y is not None:  # a point: beside its ring
        x, y, r = float(plot.x_of(m.x)), float(plot.y_of(m.y)), ring_radius(lw) + pad // 2
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


def place(box: pygame.Rect, spots, area: pygame.Rect, taken: list[pygame.Rect]) -> pygame.Rect:
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
