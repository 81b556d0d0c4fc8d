"""Budgets on work: what a file, a share code, a record or a command line may ask a
machine to compute, bounded by time as well as by bytes.

Byte limits alone let a 1,476-character share code describe 2 million citizens with 10
friends each and 16 services for 100,000 steps: about ten days of computing. The cost of
a step grows with the citizens, their ties and the services they apply to, so work is
counted in *units*:

    units per step = population.size x (network.mean_degree + services + 10)

(10: the per-citizen work every step does whatever the rules: bills, deeds, scores, the
tier). Measured on the development machine (shared, indicative): 0.06-0.12 microseconds
per unit, from 20,000 to 2 million citizens; 1,000 citizens of ``sesame`` are 28,000
units a step.

- A whole run (a scenario's own ``population.steps``, ``--steps``, a replay record's
  ``steps``, one run of a sweep) may cost at most :data:`MAX_RUN_UNITS` (about an hour).
- The window steps the model between frames, so it takes at most
  :data:`MAX_WINDOW_STEP_UNITS` a step (about a tenth of a second: the window keeps
  reading input); bigger rule sets are for ``sesame run`` and ``sesame report``.

Every refusal names the field and says what would fit. Pure Python: the scenario wing
checks with it, the command line and the window ask it.
"""

from __future__ import annotations

import math

MAX_RUN_UNITS = 5e10  # about an hour of steps on a laptop (0.07 us a unit)
MAX_WINDOW_STEP_UNITS = 1.5e6  # about 0.1 s a step: e.g. 50,000 citizens of sesame
BASE_UNITS = 10  # per citizen and step, whatever the rules


def step_units(scenario) -> float:
    """The work of one step of ``scenario`` in units (see the module)."""
    return scenario.population.size * (scenario.network.mean_degree + len(scenario.services) + BASE_UNITS)


def _per_citizen(scenario) -> float:
    return scenario.network.mean_degree + len(scenario.services) + BASE_UNITS


def max_steps(scenario) -> int:
    """The longest run of ``scenario`` within :data:`MAX_RUN_UNITS`."""
    return max(1, int(MAX_RUN_UNITS // step_units(scenario)))


def run_problem(scenario, steps: int, what: str = "population.steps") -> str | None:
    """Why ``steps`` steps of ``scenario`` are too much work for one run (the end of a
    message, after the field ``what``), or None."""
    units = step_units(scenario) * steps
    if units <= MAX_RUN_UNITS:
        return None
    return (f"{steps:,} steps of {scenario.population.size:,} citizens (mean degree "
            f"{scenario.network.mean_degree:g}, {len(scenario.services)} services) is about "
            f"{_hours(units)} of computing; at most {max_steps(scenario):,} steps of these rules fit the "
            f"limit of {MAX_RUN_UNITS:.0e} units (about an hour): use fewer steps or fewer citizens")


def window_fit(scenario) -> int | None:
    """How many citizens of these rules the window can step in time, when ``scenario``
    has more (None when it fits): for a short message on screen."""
    if step_units(scenario) <= MAX_WINDOW_STEP_UNITS:
        return None
    return int(MAX_WINDOW_STEP_UNITS // _per_citizen(scenario))


def window_problem(scenario) -> str | None:
    """Why the window cannot step ``scenario`` and stay responsive, or None."""
    units = step_units(scenario)
    if units <= MAX_WINDOW_STEP_UNITS:
        return None
    fit = int(MAX_WINDOW_STEP_UNITS // _per_citizen(scenario))
    return (f"{scenario.population.size:,} citizens (mean degree {scenario.network.mean_degree:g}, "
            f"{len(scenario.services)} services) are too many for the window to stay responsive: at most "
            f"{fit:,} with these rules; run them with 'sesame run' or 'sesame report'")


def _hours(units: float) -> str:
    seconds = units * 0.07e-6
    if seconds < 2 * 3600:
        return f"{math.ceil(seconds / 60):,} minutes"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:,.0f} hours"
    return f"{seconds / 86400:,.0f} days"


COMMAND_UNITS = 20_000  # a command's fixed cost (checking the rules again: ~1.3 ms), plus one step's base work


def replay_problem(scenario, steps: int, commands: int) -> tuple[str, str] | None:
    """(field, why) when replaying ``steps`` steps and ``commands`` commands of
    ``scenario`` is more work than one run may be, or None."""
    problem = run_problem(scenario, steps, "steps")
    if problem:
        return "steps", problem
    units = step_units(scenario) * steps + commands * (scenario.population.size * BASE_UNITS + COMMAND_UNITS)
    if units > MAX_RUN_UNITS:
        fit = int(max(0.0, MAX_RUN_UNITS - step_units(scenario) * steps)
                  // (scenario.population.size * BASE_UNITS + COMMAND_UNITS))
        return "commands", (f"{commands:,} commands on {scenario.population.size:,} citizens are about "
                            f"{_hours(units)} of computing with the steps; at most {fit:,} fit the limit")
    return None
