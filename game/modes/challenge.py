"""Challenges: a scenario's objectives judged on the model's own series.

An objective names a series (the same names as the DataCollector, the CSV export and the
charts), a comparison, a value and a deadline. ``at_deadline``: the value at step
``by_step`` decides. ``always``: it must hold at every step from ``from_step`` up to ``by_step``
(the grace period lets a player set the rules first); the first step it fails loses. The challenge is won when every objective is met.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

from game.text import Phrase, localized, say

OPS = {">=": operator.ge, "<=": operator.le}


@dataclass(frozen=True)
class Progress:
    label: str
    current: float
    target: float
    op: str
    by_step: int
    state: str  # "met", "failed", "on track" (its current value meets it), "behind" (it does not, yet)


def goal(ob) -> Phrase:
    """The objective stated from its numbers ("tier D share <= 0.2 by step 150"), for a file
    that gives no ``label``."""
    what = Phrase("challenge.tier_share", {"tier": ob.tier}) if ob.metric == "tier_share" \
        else Phrase(f"metrics.{ob.metric}")
    key = "challenge.goal_always" if ob.mode == "always" else "challenge.goal_by"
    return Phrase(key, {"what": what, "op": ob.op, "value": f"{ob.value:g}", "step": ob.by_step})


def objective_label(ob, label: str | None = None) -> str:
    """How the challenge screen states an objective, in the current language: ``label``
    (the file's, translated: see :func:`status`), else the objective's own ``label``, else
    its :func:`goal` worded."""
    return label or ob.label or say(goal(ob))


def judge(ob, series: list[float], step: int, label: str | None = None) -> Progress:
    """Where one objective stands after ``step`` steps (``series[k]`` = value after step k);
    ``label`` is how to state it (default: :func:`objective_label`)."""
    ok = OPS[ob.op]
    current = float(series[min(step, len(series) - 1)]) if series else float("nan")
    if ob.mode == "always":
        upto = series[ob.from_step: min(step, ob.by_step) + 1]
        if any(not ok(float(x), ob.value) for x in upto):
            state = "failed"
        elif step >= ob.by_step:
            state = "met"
        else:  # in the grace period the goal is not yet binding, but it is on track only if met now
            state = "on track" if ok(current, ob.value) else "behind"
    elif step >= ob.by_step:
        state = "met" if ok(float(series[ob.by_step]), ob.value) else "failed"
    else:
        state = "on track" if ok(current, ob.value) else "behind"
    return Progress(objective_label(ob, label), current, ob.value, ob.op, ob.by_step, state)


def decided_at(ob, series: list[float], step: int) -> int | None:
    """The step that settled an objective after ``step`` steps, or ``None`` while it is open:
    the first step an ``always`` goal failed, else its deadline once reached. The debrief
    marks this step on the objective's chart, so a student sees where it was won or lost."""
    if ob.mode == "always":
        ok = OPS[ob.op]
        for k in range(ob.from_step, min(step, ob.by_step, len(series) - 1) + 1):
            if not ok(float(series[k]), ob.value):
                return k
    return ob.by_step if step >= ob.by_step and len(series) > ob.by_step else None


def status(model) -> tuple[str, list[Progress]]:
    """('won' | 'lost' | 'playing' | 'none', progress per objective) for a running model."""
    objectives = model.config.objectives
    if not objectives:
        return "none", []
    data = model.datacollector.model_vars
    progress = [judge(ob, data[ob.series], int(model.steps), localized(model.config, f"objectives[{i}].label"))
                for i, ob in enumerate(objectives)]
    states = {p.state for p in progress}
    if "failed" in states:
        return "lost", progress
    if states == {"met"}:
        return "won", progress
    return "playing", progress
