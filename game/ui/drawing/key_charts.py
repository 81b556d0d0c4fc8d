"""The key charts of a run, declared once: the window's sidebar, the one-page report, the
exported charts page and the debrief all draw them from here.

Each chart is a painter ``(surface, rect, fonts, model) -> Plot | None`` in :data:`CHARTS`,
by name. :data:`SIDEBAR` and :data:`REPORT` say which a place shows, in order;
:func:`for_debrief` picks the debrief's from the run itself. First one chart per challenge
objective: its series so far, the goal as a dashed line, the deadline (named at the right
edge while still ahead) and a ring on the step that settled it, so a student sees where the
challenge was won or lost. The x axis ends at the last step, not at the deadline: a
challenge lost at step 10 of 150 still shows how it was lost. Then the charts the debrief's
story (:func:`game.modes.debrief.debrief`) talks about, each only if the run has something
to show: speaking up in private vs in public, tier shares, the blacklist, the largest
unfriending cascades. :func:`grid` lays charts out; :func:`paint` draws them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pygame

from game.modes import challenge
from game.modes.challenge import objective_label
from game.ui.drawing import charts, palette
from game.ui.drawing.text import localized, t

# series that are shares of 0-1, drawn and labelled as percentages (the debrief says "8%")
PERCENT = {"largest_component", "conforming_share", "public_dissent", "conformity_gap", "payment_rate",
           "denial_rate"}
Y_LABELS = {"mean_score": "charts.score_axis", "median_score": "charts.score_axis",
            "blacklisted": "charts.citizens", "cascade_largest": "charts.cascade_axis"}


@dataclass(frozen=True)
class KeyChart:
    """One chart of the debrief: ``name`` says which (``objective:0``, ``speech``, ``tiers``,
    ``blacklist``, ``cascades``); ``paint(surface, rect, fonts)`` draws it, returning its
    :class:`~game.ui.drawing.charts.Plot` when it is a line chart."""

    name: str
    paint: Callable[[pygame.Surface, pygame.Rect, charts.Fonts], charts.Plot | None]


def is_share(series: str) -> bool:
    return series in PERCENT or (series.startswith("tier_") and series.endswith("_share"))


def goal_text(value: float, share: bool) -> str:
    """A goal's value as the scenario states it: 0.08 of citizens is '8%'."""
    return f"{value * 100:.3g}%" if share else f"{value:.4g}"


def named(model, names: tuple[str, ...]) -> list[KeyChart]:
    """The charts ``names`` (keys of :data:`CHARTS`) for this run."""
    return [KeyChart(name, _painter(CHARTS[name], model)) for name in names]


def for_debrief(model) -> list[KeyChart]:
    """The charts this run's debrief refers to, objectives first."""
    out = [KeyChart(f"objective:{k}", _objective_painter(model, k)) for k in range(len(model.config.objectives))]
    judged = {ob.series for ob in model.config.objectives}
    data = model.datacollector.model_vars
    if "public_dissent" not in judged and np.nanmax(data["private_dissent"], initial=0.0) > 0:
        out += named(model, ("speech",))
    if len(model.config.tiers) > 1:
        out += named(model, ("tiers",))
    if "blacklisted" not in judged and np.nanmax(data["blacklisted"], initial=0.0) > 0:
        out += named(model, ("blacklist",))
    if model.cascade_sizes:
        out += named(model, ("cascades",))
    return out


def _painter(chart, model):
    return lambda surface, rect, fonts: chart(surface, rect, fonts, model)


def _objective_painter(model, k: int):
    return lambda surface, rect, fonts: objective_chart(surface, rect, fonts, model, k)


def _label(model, k: int) -> str:
    """Objective ``k`` as the challenge screen states it, in the current language."""
    ob = model.config.objectives[k]
    return objective_label(ob, localized(model.config, f"objectives[{k}].label"))


def objective_chart(surface, rect, fonts, model, k: int) -> charts.Plot | None:
    """Objective ``k``'s series to its deadline, with the goal, the deadline and the deciding step."""
    ob = model.config.objectives[k]
    data = model.datacollector.model_vars
    values = np.asarray(data[ob.series], dtype=float)
    share, step = is_share(ob.series), int(model.steps)
    series = [(_series_label(model, k), values, _series_colour(model, ob))]
    if ob.series == "public_dissent":  # the gap is the story: who thinks it vs who says it
        series.insert(0, (t("debrief_charts.private"), data["private_dissent"], palette.SERIES_COLOURS[1]))
    marks = [charts.Mark(t("debrief_charts.goal_at_least" if ob.op == ">=" else "debrief_charts.goal_at_most",
                           value=goal_text(ob.value, share)), palette.TEXT, y=ob.value),
             charts.Mark(t("debrief_charts.deadline", step=ob.by_step), palette.TEXT_DIM, x=ob.by_step)]
    settled = challenge.decided_at(ob, data[ob.series], step)
    if settled is not None and math.isfinite(values[settled]):
        met = challenge.judge(ob, data[ob.series], step).state == "met"
        marks.append(charts.Mark(t("debrief_charts.met_at" if met else "debrief_charts.missed_at", step=settled),
                                 palette.GRANTED if met else palette.SNAP, x=settled, y=float(values[settled])))
    y_label = t("debrief_charts.percent_axis") if share and ob.series not in ("payment_rate", "denial_rate") \
        else t(Y_LABELS[ob.series]) if ob.series in Y_LABELS else ""
    return charts.line_chart(surface, rect, series, title=_label(model, k), y_label=y_label, fonts=fonts,
                             x_max=max(1, step), marks=marks, percent=share)


def _series_label(model, k: int) -> str:
    if model.config.objectives[k].series == "public_dissent":
        return t("debrief_charts.public")
    return _label(model, k)


def _series_colour(model, ob):
    if ob.metric == "tier_share":
        return palette.tier_colour([x.name for x in model.config.tiers].index(ob.tier))
    return palette.SERIES_COLOURS[0]


def scores(surface, rect, fonts, model) -> None:
    """How many citizens have each score, stacked by tier."""
    tiers, sc = model.config.tiers, model.config.scoring
    charts.stacked_histogram(surface, rect, model.score, model.tier, [x.name for x in tiers],
                             [palette.tier_colour(i) for i in range(len(tiers))],
                             title=t("charts.score_by_tier"), x_label=t("charts.score_axis"), fonts=fonts,
                             x_range=(sc.low, sc.high) if sc.family != "points" else None)


def conformity(surface, rect, fonts, model) -> charts.Plot | None:
    """Who conforms in public, and the gap between dissent in private and in public: both
    shares of the citizens, on one percent axis."""
    data, col = model.datacollector.model_vars, palette.SERIES_COLOURS
    return charts.line_chart(surface, rect, [(t("charts.conforming_share"), data["conforming_share"], col[0]),
                                             (t("charts.conformity_gap"), data["conformity_gap"], col[1])],
                             title=t("charts.conformity"), y_label=t("debrief_charts.percent_axis"), fonts=fonts,
                             y_range=(0, 1), percent=True)


def network(surface, rect, fonts, model) -> charts.Plot | None:
    """Friendships left, as a share of those at step 0, and the largest connected group, as
    a share of the citizens: two percentages, one axis (the legend says of what)."""
    data, col = model.datacollector.model_vars, palette.SERIES_COLOURS
    edges = np.asarray(data["edges"], dtype=float)
    kept = edges / edges[0] if edges.size and edges[0] > 0 else np.full(edges.size, np.nan)
    top = float(np.nanmax(np.r_[kept, data["largest_component"], 1.0]))
    return charts.line_chart(surface, rect, [(t("charts.ties_kept"), kept, col[2]),
                                             (t("charts.largest_component"), data["largest_component"], col[3])],
                             title=t("charts.network"), y_label=t("charts.percent"), fonts=fonts,
                             y_range=(0.0, top * 1.05), percent=True)


def inequality(surface, rect, fonts, model) -> charts.Plot | None:
    """Gini index of scores and of savings (0: all equal, 1: one has everything), from 0."""
    data, col = model.datacollector.model_vars, palette.SERIES_COLOURS
    top = float(np.nanmax(np.r_[data["gini_score"], data["gini_wealth"], 0.0]))
    return charts.line_chart(surface, rect, [(t("charts.gini_score"), data["gini_score"], col[4]),
                                             (t("charts.gini_wealth"), data["gini_wealth"], col[5])],
                             title=t("charts.inequality"), y_label=t("charts.gini_axis"), fonts=fonts,
                             y_range=(0.0, min(1.0, top * 1.2) or 1.0))


def speech(surface, rect, fonts, model) -> charts.Plot | None:
    """From 0, so the gap between thinking and saying is not exaggerated."""
    data = model.datacollector.model_vars
    top = float(np.nanmax(np.r_[data["private_dissent"], data["public_dissent"]], initial=0.0))
    col = palette.SERIES_COLOURS
    return charts.line_chart(surface, rect, [(t("debrief_charts.private"), data["private_dissent"], col[1]),
                                             (t("debrief_charts.public"), data["public_dissent"], col[0])],
                             title=t("debrief_charts.speech_title"), y_label=t("debrief_charts.percent_axis"),
                             fonts=fonts, y_range=(0.0, min(1.0, top * 1.1) or 1.0), percent=True)


def tiers(surface, rect, fonts, model) -> charts.Plot | None:
    data = model.datacollector.model_vars
    return charts.line_chart(surface, rect, [(x.name, data[f"tier_{x.name}_share"], palette.tier_colour(i))
                                             for i, x in enumerate(model.config.tiers)],
                             title=t("charts.tier_shares"), y_label=t("debrief_charts.percent_axis"), fonts=fonts,
                             y_range=(0, 1), percent=True)


def blacklist(surface, rect, fonts, model) -> charts.Plot | None:
    data = model.datacollector.model_vars
    return charts.line_chart(surface, rect, [(t("debrief_charts.listed_title"), data["blacklisted"], palette.SNAP)],
                             title=t("debrief_charts.listed_title"), y_label=t("charts.citizens"), fonts=fonts)


def cascades(surface, rect, fonts, model) -> None:
    """The largest unfriending cascades, in ties cut."""
    sizes = sorted(model.cascade_sizes.values(), reverse=True)[:10]
    charts.bar_chart(surface, rect, [f"{i + 1}" for i in range(len(sizes))], sizes, [palette.SNAP] * len(sizes),
                     title=t("charts.cascades"), y_label=t("charts.cascade_axis"), fonts=fonts)


CHARTS = {"scores": scores, "conformity": conformity, "network": network, "inequality": inequality,
          "speech": speech, "tiers": tiers, "blacklist": blacklist, "cascades": cascades}
SIDEBAR = ("scores", "conformity", "cascades", "network", "blacklist", "inequality")  # beside the society
REPORT = ("scores", "conformity", "inequality", "tiers")  # the one-page report and the exported charts


# --------------------------------------------------------------------------- #
# Layout: a grid that fills the space it is given, or grows (and scrolls)
# --------------------------------------------------------------------------- #


def grid(n: int, width: int, height: int, fonts: charts.Fonts, aspect: float = 0.8) -> list[pygame.Rect]:
    """Cells for ``n`` charts in ``width`` x ``height`` px: two columns when each stays wide
    enough to read, rows sharing the height up to ``aspect`` x their width, but never shorter
    than the text they hold needs (then the cells run past ``height`` and the caller scrolls)."""
    gap = 2 * fonts.pad
    small, normal = fonts.small.get_height(), fonts.normal.get_height()
    cols = 2 if n > 1 and (width - gap) // 2 >= 22 * small else 1
    rows = max(1, -(-n // cols))
    w = (width - (cols - 1) * gap) // cols
    h = (height - (rows - 1) * gap) // rows
    h = max(2 * normal + 12 * small, min(h, int(w * aspect)))
    return [pygame.Rect((k % cols) * (w + gap), (k // cols) * (h + gap), w, h) for k in range(n)]


def paint(surface: pygame.Surface, cells: list[pygame.Rect], items: list[KeyChart],
          fonts: charts.Fonts) -> dict[str, tuple[pygame.Rect, charts.Plot | None]]:
    """Each chart in its cell; returns ``{name: (cell, plot)}`` in ``surface`` coordinates."""
    return {item.name: (cell, item.paint(surface, cell, fonts)) for item, cell in zip(items, cells)}
