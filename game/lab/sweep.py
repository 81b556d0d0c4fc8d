"""Parameter sweeps: a grid of rule values x replicate seeds, run locally or on Dask.

The contract follows Mesa's ``batch_run`` (one record per run with its parameters, its
replicate number and the model reporters at the end), with two differences a modeller
wants for phase diagrams: every run's seed is *derived* from the sweep seed and the
parameter point (so a run is reproducible on its own, in any order, on any machine), and
the same list of runs can go to a local process pool or to a Dask distributed scheduler
with identical results.

    grid = parse_sets(["scoring.connections_weight=0:1:0.25", "behaviour.tie_value=2,4"])
    rows = run_sweep("sesame", grid, seeds=10, steps=300)
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import multiprocessing
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np

from game.scenario.library import load
from game.scenario.schema import ScenarioError
from game.scenario.spec import Scenario, with_overrides
from game.scenario.tomlfile import dumps, loads
from game.sim import network_metrics
from game.sim.arrays import add_up
from game.sim.model import SocialCreditModel

MAX_RUNS = 100_000
# what a sweep's own columns mean, for the phase diagram's title (series columns are named
# in game.sim.indicators)
COLUMN_LABELS = {
    "cascade_mean_size": "mean cascade size (citizens who lost a tie)",
    "cascade_count": "cascades",
    "listing_cascades": "listings that started a cascade",
    "listing_depth_max": "deepest ring a listing's cascade reached",
    "listing_depth_mean": "mean ring a listing's cascade reached",
    "listing_past_ring_1": "share of listings whose cascade passed ring 1",
}


@dataclass(frozen=True)
class Run:
    """One run of a sweep: everything needed to reproduce it anywhere."""
    run_id: int
    replicate: int
    seed: int
    params: tuple[tuple[str, Any], ...]
    scenario_text: str
    steps: int


def parse_values(text: str, path: str) -> list[Any]:
    """``0:1:0.1`` (start:stop:step, inclusive), ``a,b,c``, or one value."""
    text = text.strip()
    try:
        if ":" in text:
            start, stop, step = (float(x) for x in text.split(":"))
            if step <= 0 or stop < start:
                raise ValueError
            n = int(math.floor((stop - start) / step + 1e-9)) + 1
            if n > 1000:
                raise ScenarioError("--set", [(path, f"{n} values; at most 1000 per parameter")])
            return [round(start + i * step, 10) for i in range(n)]
        return [_scalar(x.strip()) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ScenarioError("--set", [(path, f"values must look like 0:1:0.1 or 1,2,3 - got {text!r}")]) from None


def _scalar(text: str) -> Any:
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def parse_sets(items: Iterable[str]) -> dict[str, list[Any]]:
    """``["path=values", ...]`` into an ordered ``{path: [values]}`` grid."""
    grid: dict[str, list[Any]] = {}
    for item in items:
        path, sep, values = item.partition("=")
        if not sep or not path.strip():
            raise ScenarioError("--set", [("", f"use --set path=values, got {item!r}")])
        grid[path.strip()] = parse_values(values, path.strip())
    return grid


def derived_seed(sweep_seed: int, params: tuple[tuple[str, Any], ...], replicate: int) -> int:
    """A run's seed from the sweep seed, its parameter point and replicate (SHA-256)."""
    key = json.dumps([sweep_seed, [list(p) for p in params], replicate], sort_keys=True)
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "little") >> 1


def plan(scenario: Scenario | str, grid: dict[str, list[Any]], seeds: int, steps: int,
         sweep_seed: int = 0) -> list[Run]:
    """Every run of the sweep, validated up front (a bad value fails before anything runs)."""
    base = scenario if isinstance(scenario, Scenario) else load(scenario)
    paths = list(grid)
    points = list(itertools.product(*(grid[p] for p in paths)))
    if len(points) * seeds > MAX_RUNS:
        raise ScenarioError("sweep", [("", f"{len(points) * seeds} runs; at most {MAX_RUNS}")])
    runs = []
    for point in points:
        params = tuple(zip(paths, point))
        text = dumps(with_overrides(base, dict(params), source="--set"))
        for rep in range(seeds):
            runs.append(Run(len(runs), rep, derived_seed(sweep_seed, params, rep), params, text, steps))
    return runs


def run_one(run: Run) -> dict[str, Any]:
    """Run one point to the end; returns a tidy row (parameters, seed, final series values)."""
    model = SocialCreditModel(loads(run.scenario_text, "sweep"), rng=run.seed)
    model.run(run.steps)
    final = {k: v[-1] for k, v in model.datacollector.model_vars.items()}
    ev = model.events.of_kind("unfriended")
    roots, sizes, depths = network_metrics.cascade_stats(ev["root"], ev["a"], ev["b"], ev["depth"])
    row: dict[str, Any] = {"run_id": run.run_id, "replicate": run.replicate, "seed": run.seed}
    row.update(dict(run.params))
    row["steps"] = run.steps
    row.update({k: float(v) for k, v in final.items()})
    row["cascade_mean_size"] = float(sizes.mean()) if sizes.size else 0.0
    row["cascade_count"] = int(sizes.size)
    # cascades a listing started: how far out they travelled (rings; 1 = only the listed
    # citizen's own friends)
    listed = np.isin(roots, model.events.of_kind("blacklisted")["id"])
    row["listing_cascades"] = int(listed.sum())
    row["listing_depth_max"] = int(depths[listed].max(initial=0))
    row["listing_depth_mean"] = float(depths[listed].mean()) if listed.any() else 0.0
    row["listing_past_ring_1"] = float((depths[listed] >= 2).mean()) if listed.any() else 0.0
    row["digest"] = model.digest()
    return row


def run_sweep(runs: list[Run], processes: int | None = None, cluster: str | None = None,
              progress: Callable[[int, int], None] | None = None) -> list[dict[str, Any]]:
    """Run every run locally (a process pool on all cores) or on a Dask scheduler.

    Rows come back in run order whatever order they finished in.
    """
    if cluster:
        return _on_dask(runs, cluster, progress)
    processes = processes or multiprocessing.cpu_count()
    rows: list[dict[str, Any] | None] = [None] * len(runs)
    if processes <= 1 or len(runs) <= 1:
        for k, run in enumerate(runs):
            rows[k] = run_one(run)
            progress and progress(k + 1, len(runs))
        return rows  # type: ignore[return-value]
    ctx = multiprocessing.get_context("spawn")  # as Mesa's batch_run: safe with any threads
    with ctx.Pool(processes) as pool:
        for done, row in enumerate(pool.imap_unordered(run_one, runs), start=1):
            rows[row["run_id"]] = row
            progress and progress(done, len(runs))
    return rows  # type: ignore[return-value]


def _on_dask(runs: list[Run], address: str, progress) -> list[dict[str, Any]]:
    try:  # lazy: Dask is the optional [cluster] extra, and slow to import; local sweeps never need it
        from dask.distributed import Client, as_completed
    except ImportError:
        raise RuntimeError("--cluster needs Dask: pip install -e '.[cluster]'") from None
    rows: list[dict[str, Any] | None] = [None] * len(runs)
    with Client(address, timeout="20s") as client:
        futures = client.map(run_one, runs, pure=False)
        for done, fut in enumerate(as_completed(futures), start=1):
            row = fut.result()
            rows[row["run_id"]] = row
            progress and progress(done, len(runs))
    return rows  # type: ignore[return-value]


def summarise(rows: list[dict[str, Any]], paths: list[str], metric: str) -> list[dict[str, Any]]:
    """Mean and standard error of ``metric`` over replicates, per parameter point."""
    groups: dict[tuple, list[float]] = {}
    for r in rows:
        groups.setdefault(tuple(r[p] for p in paths), []).append(float(r[metric]))
    out = []
    for point, vals in groups.items():
        n = len(vals)
        mean = add_up(vals) / n
        sd = math.sqrt(add_up((v - mean) ** 2 for v in vals) / (n - 1)) if n > 1 else 0.0
        out.append({**dict(zip(paths, point)), "mean": mean, "se": sd / math.sqrt(n), "n": n})
    return out
