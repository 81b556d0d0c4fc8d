"""Tests for game.ui.drawing.charts: drawing stays inside its rect, data ends up where it should,
and the pure helpers (downsampling, binning, ticks) behave. Headless (dummy SDL driver)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from game.ui.drawing import chart_frame, chart_marks, charts
from game.ui.drawing.palette import GRID, PANEL, TEXT, TEXT_DIM

# Colours used by nothing in the palette, so any pixel of them was drawn as data.
MAGENTA = (255, 0, 255)
LIME = (0, 255, 0)
CYAN = (0, 255, 255)
ORANGE = (255, 128, 0)

SURFACE_SIZE = (800, 500)
RECT = pygame.Rect(100, 80, 600, 300)


@pytest.fixture(scope="module")
def fonts() -> charts.Fonts:
    pygame.font.init()
    return charts.Fonts.default(1.0)


def noisy_surface(seed: int = 0) -> pygame.Surface:
    """A surface full of random pixels, so any stray drawing changes something."""
    surface = pygame.Surface(SURFACE_SIZE)
    noise = np.random.default_rng(seed).integers(0, 256, (*SURFACE_SIZE, 3), dtype=np.uint8)
    pygame.surfarray.blit_array(surface, noise)
    return surface


def pixels(surface: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array3d(surface)  # (w, h, 3), indexed [x, y]


def colour_mask(surface: pygame.Surface, colour, rect: pygame.Rect | None = None) -> np.ndarray:
    """Boolean (w, h) mask of pixels exactly ``colour``, restricted to ``rect`` if given."""
    mask = np.all(pixels(surface) == np.array(colour, dtype=np.uint8), axis=2)
    if rect is not None:
        keep = np.zeros_like(mask)
        keep[rect.left:rect.right, rect.top:rect.bottom] = True
        mask &= keep
    return mask


def lower_part(rect: pygame.Rect, fraction: float = 0.6) -> pygame.Rect:
    """The bottom ``fraction`` of ``rect``: plot area only, below title and legend."""
    h = int(rect.height * fraction)
    return pygame.Rect(rect.left, rect.bottom - h, rect.width, h)


# --------------------------------------------------------------------------- #
# Nothing is drawn outside the rect (and the clip is restored)
# --------------------------------------------------------------------------- #

rng = np.random.default_rng(42)
DATASETS = {
    "normal": rng.normal(size=200).cumsum(),
    "nans": np.where(rng.random(200) < 0.3, np.nan, rng.normal(size=200)),
    "all_nan": np.full(50, np.nan),
    "empty": np.array([], dtype=float),
    "constant": np.full(100, 0.5),
    "single": np.array([3.0]),
    "inf_and_huge": np.array([1.0, np.inf, -np.inf, 1e308, -1e308, 2.0]),
}


def draw_each(kind: str, surface, rect, data: np.ndarray, fonts) -> None:
    with np.errstate(over="ignore"):  # the "huge" dataset overflows to inf here, on purpose
        _draw_each(kind, surface, rect, data, fonts)


def _draw_each(kind: str, surface, rect, data: np.ndarray, fonts) -> None:
    n = data.size
    if kind == "line":
        charts.line_chart(surface, rect, [("a", data, MAGENTA), ("b", data[::-1] * 2, LIME)],
                          title="Title", y_label="share of citizens", fonts=fonts)
    elif kind == "line_fixed_range":  # values outside y_range must still stay in the rect
        charts.line_chart(surface, rect, [("a", data * 1000, MAGENTA)], title="T",
                          y_label="u", fonts=fonts, y_range=(0.0, 1.0), x_max=max(1, n // 2))
    elif kind == "line_marks":  # goal, deadline, a point far off and a moment past the end
        charts.line_chart(surface, rect, [("a", data, MAGENTA)], title="A goal stated in many words " * 4,
                          y_label="u", fonts=fonts, x_max=max(1, n - 1), percent=True,
                          marks=[charts.Mark("goal: at least 8%", LIME, y=0.08),
                                 charts.Mark("deadline", CYAN, x=n * 3 + 150),
                                 charts.Mark("missed at step 1", ORANGE, x=1, y=1e6),
                                 charts.Mark("now", ORANGE, x=max(0, n - 1), y=0.0)])
    elif kind == "histogram":
        groups = np.arange(n) % 3
        charts.stacked_histogram(surface, rect, data, groups, ["a", "b", "c"],
                                 [MAGENTA, LIME, CYAN], title="Scores", x_label="score",
                                 fonts=fonts)
    elif kind == "bars":
        labels = [f"category {i}" for i in range(min(n, 12))]
        charts.bar_chart(surface, rect, labels, data[:12], [MAGENTA, LIME], title="Bars",
                         y_label="cascades", fonts=fonts)
    elif kind == "sparkline":
        charts.sparkline(surface, rect, data, MAGENTA)


KINDS = ["line", "line_fixed_range", "line_marks", "histogram", "bars", "sparkline"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_nothing_drawn_outside_rect(kind, dataset, fonts):
    surface = noisy_surface()
    before = pixels(surface)
    draw_each(kind, surface, RECT, DATASETS[dataset], fonts)
    after = pixels(surface)
    outside = np.ones(SURFACE_SIZE, dtype=bool)
    outside[RECT.left:RECT.right, RECT.top:RECT.bottom] = False
    assert np.array_equal(before[outside], after[outside])


@pytest.mark.parametrize("kind", ["line", "histogram", "bars"])
def test_charts_draw_something_inside_rect(kind, fonts):
    # the counterpart of the test above: a no-op function would pass that one
    surface = noisy_surface()
    before = pixels(surface)
    draw_each(kind, surface, RECT, DATASETS["normal"], fonts)
    inside = (before != pixels(surface)).any(axis=2)
    assert inside.sum() > RECT.width * RECT.height // 2


@pytest.mark.parametrize("kind", KINDS)
def test_existing_clip_is_respected_and_restored(kind, fonts):
    surface = noisy_surface()
    clip = pygame.Rect(RECT.left, RECT.top, RECT.width // 2, RECT.height // 2)
    surface.set_clip(clip)
    before = pixels(surface)
    draw_each(kind, surface, RECT, DATASETS["normal"], fonts)
    assert surface.get_clip() == clip
    outside = np.ones(SURFACE_SIZE, dtype=bool)
    outside[clip.left:clip.right, clip.top:clip.bottom] = False
    assert np.array_equal(before[outside], pixels(surface)[outside])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size", [(0, 0), (5, 3), (40, 20)])
def test_tiny_rects_do_not_crash_or_leak(kind, size, fonts):
    surface = noisy_surface()
    rect = pygame.Rect((RECT.left, RECT.top), size)
    before = pixels(surface)
    draw_each(kind, surface, rect, DATASETS["normal"], fonts)
    outside = np.ones(SURFACE_SIZE, dtype=bool)
    outside[rect.left:rect.right, rect.top:rect.bottom] = False
    assert np.array_equal(before[outside], pixels(surface)[outside])


# --------------------------------------------------------------------------- #
# Line chart
# --------------------------------------------------------------------------- #


def drawn_columns(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x of each column holding the colour, and the mean y of the colour in it."""
    xs = np.flatnonzero(mask.any(axis=1))
    ys = np.array([np.flatnonzero(mask[x]).mean() for x in xs])
    return xs, ys


def line_mask(values, fonts, **kwargs) -> np.ndarray:
    surface = pygame.Surface(SURFACE_SIZE)
    charts.line_chart(surface, RECT, [("a", values, MAGENTA)], title="T",
                      y_label="share of citizens", fonts=fonts, **kwargs)
    return colour_mask(surface, MAGENTA, RECT)


def test_line_series_colour_appears_across_the_plot(fonts):
    mask = line_mask(np.sin(np.linspace(0, 6, 300)), fonts)
    xs, _ = drawn_columns(mask)
    assert mask.sum() > RECT.width // 2
    assert xs.max() - xs.min() > RECT.width * 0.7  # spans most of the width


@pytest.mark.parametrize("rising", [True, False])
def test_line_direction_matches_data(rising, fonts):
    values = np.linspace(0.0, 1.0, 120)
    mask = line_mask(values if rising else values[::-1], fonts)
    _, ys = drawn_columns(mask)
    left, right = ys[0], ys[-1]
    if rising:
        assert right < left - RECT.height * 0.3  # screen y grows downwards
    else:
        assert right > left + RECT.height * 0.3


def test_line_y_range_is_respected(fonts):
    # in range (0, 10) a constant 5 sits mid-plot; in range (0, 100) it sits near the bottom
    mid = drawn_columns(line_mask(np.full(50, 5.0), fonts, y_range=(0, 10)))[1].mean()
    low = drawn_columns(line_mask(np.full(50, 5.0), fonts, y_range=(0, 100)))[1].mean()
    assert low > mid + RECT.height * 0.2


def test_x_max_leaves_room_for_future_steps(fonts):
    full = drawn_columns(line_mask(np.linspace(0, 1, 50), fonts))[0]
    half = drawn_columns(line_mask(np.linspace(0, 1, 50), fonts, x_max=98))[0]
    assert half.max() - half.min() < 0.6 * (full.max() - full.min())


def test_nan_values_are_skipped_not_fatal(fonts):
    values = np.linspace(0, 1, 100)
    values[::3] = np.nan
    assert line_mask(values, fonts).sum() > RECT.width // 2
    assert line_mask(np.full(20, np.nan), fonts).sum() == 0


def test_single_point_and_constant_series_are_visible(fonts):
    assert line_mask([0.7], fonts).sum() > 0
    _, ys = drawn_columns(line_mask(np.full(80, 2.0), fonts))
    assert np.ptp(ys) <= 1  # flat


def test_legend_only_with_several_series(fonts):
    surface = pygame.Surface(SURFACE_SIZE)
    top = pygame.Rect(RECT.left, RECT.top, RECT.width, 30)  # title row
    charts.line_chart(surface, RECT, [("a", [1, 2], MAGENTA)], title="T", y_label="u",
                      fonts=fonts)
    assert colour_mask(surface, MAGENTA, top).sum() == 0
    charts.line_chart(surface, RECT, [("a", [1, 2], MAGENTA), ("b", [2, 1], LIME)],
                      title="T", y_label="u", fonts=fonts)
    assert colour_mask(surface, MAGENTA, top).sum() > 0
    assert colour_mask(surface, LIME, top).sum() > 0


def test_long_series_is_downsampled_before_drawing(fonts, monkeypatch):
    seen = []
    real = pygame.draw.lines

    def spy(surface, colour, closed, points, width=1):
        seen.append(len(points))
        return real(surface, colour, closed, points, width)

    monkeypatch.setattr(pygame.draw, "lines", spy)
    values = np.random.default_rng(1).normal(size=10_000).cumsum()
    surface = pygame.Surface(SURFACE_SIZE)
    charts.line_chart(surface, RECT, [("walk", values, MAGENTA)], title="T", y_label="u",
                      fonts=fonts)
    assert seen and max(seen) <= 2 * RECT.width
    assert colour_mask(surface, MAGENTA, RECT).sum() > RECT.width


# --------------------------------------------------------------------------- #
# downsample helper
# --------------------------------------------------------------------------- #


def test_downsample_bounds_point_count_and_keeps_extremes():
    y = np.random.default_rng(3).normal(size=10_000).cumsum()
    x = np.arange(y.size)
    xs, ys = charts.downsample(x, y, 300)
    assert 300 <= xs.size <= 600
    assert np.all(np.diff(xs) > 0)
    assert ys.max() == y.max() and ys.min() == y.min()
    assert np.array_equal(ys, y[xs.astype(int)])  # real points, not invented ones


def test_downsample_keeps_each_columns_min_and_max():
    r = np.random.default_rng(4)
    x = np.sort(r.uniform(0, 100, 5000))
    y = r.normal(size=5000)
    width = 50
    xs, ys = charts.downsample(x, y, width, x_range=(0, 100))
    assert xs.size <= 2 * width
    col, kept_col = (x / 100 * width).astype(int), (xs / 100 * width).astype(int)
    for c in range(width):
        assert {y[col == c].min(), y[col == c].max()} == set(ys[kept_col == c])
    # unsorted input gives the same result as sorted input
    shuffled = r.permutation(5000)
    xs2, ys2 = charts.downsample(x[shuffled], y[shuffled], width, x_range=(0, 100))
    assert np.array_equal(xs, xs2) and np.array_equal(ys, ys2)


def test_downsample_leaves_short_series_alone_and_drops_nan():
    y = np.array([1.0, np.nan, 3.0, np.inf, 5.0])
    xs, ys = charts.downsample(np.arange(5), y, 100)
    assert xs.tolist() == [0, 2, 4] and ys.tolist() == [1.0, 3.0, 5.0]
    xs, ys = charts.downsample(np.arange(5), y, 100, x_range=(0, 2))
    assert xs.tolist() == [0, 2]


# --------------------------------------------------------------------------- #
# Stacked histogram
# --------------------------------------------------------------------------- #


def test_group_counts_match_numpy_histogram_per_group():
    r = np.random.default_rng(5)
    values, groups = r.random(5000), r.integers(0, 4, 5000)
    counts = charts._group_counts(values, groups, 4, 30, 0.0, 1.0)
    for g in range(4):
        expected, _ = np.histogram(values[groups == g], bins=30, range=(0.0, 1.0))
        assert np.array_equal(counts[:, g], expected)


def test_group_counts_ignore_bad_entries():
    counts = charts._group_counts([0.5, np.nan, 0.5, 2.0, 0.5], [0, 0, 7, 0, -1], 2, 4, 0, 1)
    assert counts.sum() == 1 and counts[2, 0] == 1


def test_histogram_mismatched_lengths_raise(fonts):
    with pytest.raises(ValueError):
        charts.stacked_histogram(pygame.Surface(SURFACE_SIZE), RECT, [1.0, 2.0], [0], ["a"],
                                 [MAGENTA], title="T", x_label="x", fonts=fonts)


def histogram(values, groups, fonts, n_groups=3) -> pygame.Surface:
    surface = pygame.Surface(SURFACE_SIZE)
    charts.stacked_histogram(surface, RECT, np.asarray(values, float), np.asarray(groups),
                             [f"tier {i}" for i in range(n_groups)], [MAGENTA, LIME, CYAN],
                             title="Score distribution", x_label="score", fonts=fonts,
                             bins=10, x_range=(0.0, 10.0))
    return surface


def test_histogram_shows_present_groups_only_in_bars(fonts):
    r = np.random.default_rng(7)
    values = r.uniform(0, 10, 400)
    groups = (values > 6).astype(int)  # groups 0 and 1 used, group 2 empty
    surface = histogram(values, groups, fonts)
    bars = lower_part(RECT)
    assert colour_mask(surface, MAGENTA, bars).sum() > 500
    assert colour_mask(surface, LIME, bars).sum() > 200
    assert colour_mask(surface, CYAN, bars).sum() == 0
    # the empty group is still named in the legend (a small swatch, nothing more)
    assert 0 < colour_mask(surface, CYAN, RECT).sum() < 200


def stack_extent(surface: pygame.Surface) -> tuple[int, int]:
    """Top and height of the stacked bar that holds LIME (group 1 lives in one bin)."""
    lime = colour_mask(surface, LIME, lower_part(RECT))
    columns = np.flatnonzero(lime.any(axis=1))
    stack = colour_mask(surface, LIME, RECT) | colour_mask(surface, MAGENTA, RECT)
    rows = np.flatnonzero(stack[columns].any(axis=0))
    return int(rows.min()), int(rows.max() - rows.min() + 1)


def test_histogram_bar_grows_with_more_citizens(fonts):
    def draw(extra: int) -> pygame.Surface:
        # bin 2: 5 of group 0 + `extra` of group 1; bin 7: 60 of group 0 fixes the y scale
        values = [2.5] * (5 + extra) + [7.5] * 60
        groups = [0] * 5 + [1] * extra + [0] * 60
        return histogram(values, groups, fonts)

    top_small, height_small = stack_extent(draw(5))
    top_big, height_big = stack_extent(draw(25))
    assert top_big < top_small
    assert height_big > height_small * 2


def test_histogram_x_range_places_bars(fonts):
    def centre(x_range) -> float:
        surface = pygame.Surface(SURFACE_SIZE)
        charts.stacked_histogram(surface, RECT, np.full(50, 2.5), np.zeros(50, int), ["a"],
                                 [MAGENTA], title="T", x_label="score", fonts=fonts,
                                 bins=20, x_range=x_range)
        return np.flatnonzero(colour_mask(surface, MAGENTA, lower_part(RECT)).any(axis=1)).mean()

    quarter, half = centre((0.0, 10.0)), centre((0.0, 5.0))
    assert half - quarter > RECT.width * 0.15
    assert quarter < RECT.centerx < half


# --------------------------------------------------------------------------- #
# Marks: a goal, a deadline, the step that settled it
# --------------------------------------------------------------------------- #


def test_a_goal_is_a_dashed_line_at_its_value_and_widens_the_range(fonts):
    surface = pygame.Surface(SURFACE_SIZE)
    plot = charts.line_chart(surface, RECT, [("a", np.linspace(0.0, 0.1, 50), MAGENTA)], title="T",
                             y_label="u", fonts=fonts, marks=[charts.Mark("", LIME, y=0.5)])
    assert plot is not None and plot.hi >= 0.5  # the goal is in view though no data reach it
    row = colour_mask(surface, LIME, plot.rect)[:, int(round(float(plot.y_of(0.5))))]
    assert 0.3 < row.sum() / plot.rect.width < 0.8  # dashed: about half the row


def test_a_deadline_is_a_vertical_line_and_a_later_one_is_named_at_the_right_edge(fonts):
    surface = pygame.Surface(SURFACE_SIZE)
    plot = charts.line_chart(surface, RECT, [("a", np.zeros(11), MAGENTA)], title="T", y_label="u",
                             fonts=fonts, marks=[charts.Mark("", CYAN, x=5)])
    column = colour_mask(surface, CYAN, plot.rect)[int(round(float(plot.x_of(5))))]
    assert 0.3 < column.sum() / plot.rect.height < 0.8
    surface = pygame.Surface(SURFACE_SIZE)
    plot = charts.line_chart(surface, RECT, [("a", np.zeros(11), MAGENTA)], title="T", y_label="u",
                             fonts=fonts, marks=[charts.Mark("deadline: step 150", CYAN, x=150)])
    assert plot.x_end == 10  # a deadline ahead does not stretch the axis
    mask = colour_mask(surface, CYAN, plot.rect)
    xs = np.flatnonzero(mask.any(axis=1))
    assert xs.size and xs.min() > plot.rect.centerx  # its label, at the right edge, no line


def test_a_point_gets_a_ring_and_a_label_inside_the_plot(fonts):
    surface = pygame.Surface(SURFACE_SIZE)
    values = np.linspace(0.3, 0.0, 21)
    plot = charts.line_chart(surface, RECT, [("a", values, MAGENTA)], title="T", y_label="u", fonts=fonts,
                             marks=[charts.Mark("missed at step 20", ORANGE, x=20, y=0.0)])
    r = chart_marks.ring_radius(fonts.line_width) + fonts.line_width
    ring = pygame.Rect(0, 0, 2 * r, 2 * r)
    ring.center = (round(float(plot.x_of(20))), round(float(plot.y_of(0.0))))
    assert colour_mask(surface, ORANGE, ring).sum() > 10
    assert ring.right <= RECT.right  # the plot left room for a ring at the last step
    label = colour_mask(surface, ORANGE, plot.rect)
    label[ring.left:ring.right, ring.top:ring.bottom] = False
    assert label.sum() > 20  # the words are drawn, inside the plot


def test_crowded_labels_slide_clear_of_each_other():
    area = pygame.Rect(0, 0, 200, 100)
    taken = [pygame.Rect(0, 0, 200, 20)]
    spots = [("topleft", (0, 0)), ("topright", (200, 0))]
    box = chart_marks.place(pygame.Rect(0, 0, 80, 20), spots, area, taken)
    assert area.contains(box) and box.collidelist(taken) < 0


def test_a_long_title_takes_up_to_three_lines_that_fit(fonts):
    title = "From step 10 to 150, at least 95% stay in one connected society, whatever happens to them"
    lines = chart_frame.title_lines(fonts.normal, title, 260)
    assert len(lines) == 3 and all(fonts.normal.size(line)[0] <= 260 for line in lines)
    two = chart_frame.title_lines(fonts.normal, "From step 10 to 150, at least 95% stay in one society", 260)
    assert len(two) == 2 and " ".join(two) == "From step 10 to 150, at least 95% stay in one society"
    assert chart_frame.title_lines(fonts.normal, "Short", 260) == ["Short"]


# --------------------------------------------------------------------------- #
# Bar chart
# --------------------------------------------------------------------------- #


def test_bar_heights_follow_values(fonts):
    values = [3, 10, 6, 1]
    colours = [MAGENTA, LIME, CYAN, ORANGE]
    surface = pygame.Surface(SURFACE_SIZE)
    charts.bar_chart(surface, RECT, ["a", "b", "c", "d"], values, colours, title="Cascades",
                     y_label="size", fonts=fonts)
    heights = [colour_mask(surface, c, RECT).any(axis=0).sum() for c in colours]
    assert heights[1] > heights[2] > heights[0] > heights[3] > 0
    assert heights[1] / heights[0] == pytest.approx(10 / 3, rel=0.1)


def test_bar_chart_accepts_one_colour_and_negative_values(fonts):
    surface = pygame.Surface(SURFACE_SIZE)
    charts.bar_chart(surface, RECT, ["up", "down", "gone"], [4, -2, np.nan], MAGENTA,
                     title="T", y_label="change", fonts=fonts)
    mask = colour_mask(surface, MAGENTA, RECT)
    columns = np.flatnonzero(mask.any(axis=1))
    assert columns.size > 0
    # two bars: the positive one ends higher on screen than the negative one
    split = np.flatnonzero(np.diff(columns) > 1)
    assert split.size == 1
    first, second = columns[: split[0] + 1], columns[split[0] + 1:]
    assert np.flatnonzero(mask[first].any(axis=0)).min() < np.flatnonzero(
        mask[second].any(axis=0)).min()


# --------------------------------------------------------------------------- #
# Sparkline
# --------------------------------------------------------------------------- #


def test_sparkline_rises_and_handles_short_input():
    small = pygame.Rect(50, 50, 120, 30)
    surface = pygame.Surface(SURFACE_SIZE)
    charts.sparkline(surface, small, np.linspace(0, 5, 40), MAGENTA)
    _, ys = drawn_columns(colour_mask(surface, MAGENTA, small))
    assert ys[-1] < ys[0] - 10
    for values, drawn in (([], False), ([1.0], True), ([np.nan, np.nan], False)):
        surface = pygame.Surface(SURFACE_SIZE)
        charts.sparkline(surface, small, values, MAGENTA)
        assert (colour_mask(surface, MAGENTA).sum() > 0) == drawn


# --------------------------------------------------------------------------- #
# Fonts, ticks and labels
# --------------------------------------------------------------------------- #


def test_scaled_fonts_are_larger():
    one, two = charts.Fonts.default(1.0), charts.Fonts.default(2.0)
    assert two.small.get_height() > one.small.get_height() * 1.5
    assert two.normal.get_height() > one.normal.get_height() * 1.5
    assert one.normal.get_height() > one.small.get_height()
    assert two.line_width >= one.line_width and two.pad > one.pad


@pytest.mark.parametrize("lo,hi", [(0, 1), (0, 4.04), (0, 9.9), (-3, 7), (0.45, 0.55),
                                   (0, 1e-6), (990, 1010), (0, 12345), (-1e12, 1e12),
                                   (0.1, 0.1 + 3e-9)])
def test_ticks_are_three_to_five_inside_range(lo, hi):
    ticks = chart_frame.nice_ticks(lo, hi)
    assert 3 <= len(ticks) <= 5
    assert all(lo - 1e-9 * (hi - lo) <= t <= hi + 1e-9 * (hi - lo) for t in ticks)
    labels = [chart_frame.tick_label(t, ticks[1] - ticks[0]) for t in ticks]
    assert len(set(labels)) == len(labels)  # distinct, i.e. enough decimals


def test_tick_formatting():
    assert chart_frame.tick_label(0.25, 0.25) == "0.25"
    assert chart_frame.tick_label(2.5, 2.5) == "2.5"
    assert chart_frame.tick_label(5.0, 2.5) == "5"
    assert chart_frame.tick_label(-0.0, 0.5) == "0"
    assert chart_frame.tick_label(20_000, 5000) == "20k"


def test_auto_range_handles_degenerate_data():
    assert chart_frame.auto_range([np.array([])]) == (0.0, 1.0)
    assert chart_frame.auto_range([np.array([np.nan])]) == (0.0, 1.0)
    lo, hi = chart_frame.auto_range([np.array([0.5, 0.5])])
    assert lo == 0.0 < 0.5 < hi  # flat and non-negative: the zero baseline stays, the line mid-plot
    lo, hi = chart_frame.auto_range([np.array([0.0, 0.0])])
    assert lo == 0.0 < hi  # nobody on the blacklist yet: the axis does not show "-1 citizens"
    lo, hi = chart_frame.auto_range([np.array([-2.0, -2.0])])
    assert lo < -2.0 < hi
    lo, hi = chart_frame.auto_range([np.array([0.0, 1.0])])
    assert lo == 0.0 and hi > 1.0  # non-negative data keeps a zero baseline


def test_text_uses_palette_colours(fonts):
    surface = pygame.Surface(SURFACE_SIZE)
    charts.line_chart(surface, RECT, [("a", [0, 1, 2], MAGENTA)], title="Title",
                      y_label="share of citizens", fonts=fonts)
    for colour in (PANEL, TEXT, TEXT_DIM, GRID):
        assert colour_mask(surface, colour, RECT).sum() > 0
