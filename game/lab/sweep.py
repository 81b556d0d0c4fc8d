"""Parameter sweeps: a grid of rule values x replicate seeds, run locally or on Dask.

The contract follows Mesa's ``batch_run`` (one record per run with its parameters, its
replicate number and the model reporters at the end), with two differences a modeller
wants for phase diagrams: every run's seed is *derived* from the sweep seed and the
parameter point (so a run is reproducible on its own, in any order, on any machine), and
the same list of runs can go to a local process pool or to a Dask distributed scheduler
with identical results.

    grid = parse_sets(["scoring.connections_weight=0:1:0.25", "behaviour.tie_value=2,4"])
    rows, failed = run_sweep(plan("sesame", grid, seeds=10, steps=300))

Nothing finished is lost: each row is handed to ``sink`` the moment its run ends (the
command line appends it to ``sweep.partial.csv`` and syncs it), a run that fails - a
worker killed, a Dask scheduler gone, a process out of memory - is reported with the
reason while the others go on, and :class:`Journal` lets a later ``--resume`` run only
what is missing, after checking every kept row belongs to the same sweep.
"""

from __future__ import annotations

import concurrent.futures
import csv
import errno
import hashlib
import io
import itertools
import json
import math
import multiprocessing
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from game.scenario import budget
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
            if not all(math.isfinite(x) for x in (start, stop, step)):
                raise ScenarioError("--set", [(path, f"start, stop and step must be finite numbers, got {text!r}")])
            if step <= 0 or stop < start:
                raise ValueError
            n = int(math.floor((stop - start) / step + 1e-9)) + 1
            if n > 1000:
                raise ScenarioError("--set", [(path, f"{n} values; at most 1000 per parameter")])
            return [round(start + i * step, 10) for i in range(n)]
        return [_scalar(x.strip()) for x in text.split(",") if x.strip()]
    except ScenarioError:
        raise
    except (ValueError, OverflowError):  # OverflowError: 0:1e308:1e-308 has too many values to count
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
        point_rules = with_overrides(base, dict(params), source="--set")
        problem = budget.run_problem(point_rules, steps)
        if problem:
            raise ScenarioError("sweep", [("--steps", f"at {dict(params) or 'the scenario'}: {problem}")])
        text = dumps(point_rules)
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


Sink = Callable[[dict[str, Any]], None]


def run_sweep(runs: list[Run], processes: int | None = None, cluster: str | None = None,
              progress: Callable[[int, int], None] | None = None,
              sink: Sink | None = None) -> tuple[list[dict[str, Any] | None], list[tuple[Run, str]]]:
    """Run every run locally (processes on all cores) or on a Dask scheduler.

    Returns the rows in run order (None where a run failed) and the failures as
    ``(run, reason)``; ``sink(row)`` gets each row as soon as its run ends.
    """
    rows: list[dict[str, Any] | None] = [None] * len(runs)
    failed: list[tuple[Run, str]] = []
    index = {run.run_id: k for k, run in enumerate(runs)}

    def done(row: dict[str, Any]) -> None:
        rows[index[row["run_id"]]] = row
        if sink is not None:
            sink(row)

    if cluster:
        _on_dask(runs, cluster, progress, done, failed)
        return rows, failed
    processes = processes or multiprocessing.cpu_count()
    if processes <= 1 or len(runs) <= 1:
        for k, run in enumerate(runs):
            try:
                done(run_one(run))
            except (MemoryError, ScenarioError, ValueError, ArithmeticError) as exc:
                failed.append((run, _why(exc)))
            progress and progress(k + 1, len(runs))
        return rows, failed
    # as Mesa's batch_run, processes are spawned (safe with any threads); unlike a Pool, the
    # executor notices a worker that dies (out of memory, killed) instead of waiting forever
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(processes, mp_context=ctx) as pool:
        futures = {pool.submit(run_one, run): run for run in runs}
        for k, fut in enumerate(concurrent.futures.as_completed(futures), start=1):
            try:
                done(fut.result())
            except Exception as exc:  # noqa: BLE001 - one run's failure must not lose the others
                failed.append((futures[fut], _why(exc)))
            progress and progress(k, len(runs))
    return rows, failed


def _why(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _on_dask(runs: list[Run], address: str, progress, done, failed: list) -> None:
    try:  # lazy: Dask is the optional [cluster] extra, and slow to import; local sweeps never need it
        from dask.distributed import Client, as_completed
    except ImportError:
        raise RuntimeError("--cluster needs Dask: pip install -e '.[cluster]'") from None
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise RuntimeError(f"cannot reach the Dask scheduler at {address}: {_why(exc)}") from None
    with client:
        futures = client.map(run_one, runs, pure=False)
        by_key = {f.key: run for f, run in zip(futures, runs)}
        for k, fut in enumerate(as_completed(futures), start=1):
            try:
                done(fut.result())
            except Exception as exc:  # noqa: BLE001 - a killed worker, a scheduler gone: keep the rest
                failed.append((by_key[fut.key], _why(exc)))
            progress and progress(k, len(runs))


_CLUSTER = re.compile(r"(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)"
                      r":(?P<port>[0-9]{1,5})/?")
SCHEMES = ("tcp", "tls", "ws", "wss")


def check_cluster(address: str) -> str:
    """A Dask scheduler address as ``[tcp|tls|ws|wss://]host:port``, or a ScenarioError-like
    one-line refusal (ValueError) saying what an address looks like."""
    m = _CLUSTER.fullmatch(address.strip())
    example = "it looks like tcp://10.0.0.5:8786"
    if not m:
        raise ValueError(f"--cluster {address[:80]!r}: not a scheduler address; {example}")
    scheme = m.group("scheme") or "tcp"
    if scheme not in SCHEMES:
        raise ValueError(f"--cluster {address[:80]!r}: {scheme}:// is not a Dask protocol "
                         f"({', '.join(s + '://' for s in SCHEMES)}); {example}")
    if not 1 <= int(m.group("port")) <= 65535:
        raise ValueError(f"--cluster {address[:80]!r}: the port must be from 1 to 65535; {example}")
    return f"{scheme}://{m.group('host')}:{int(m.group('port'))}"


class Journal:
    """The rows of a sweep as they finish, in ``<out>/sweep.partial.csv`` (appended and
    synced row by row), until the whole sweep is written as ``sweep.csv`` in run order.

    ``resume``: keep the rows an earlier, interrupted run of the same sweep wrote (each
    checked against the plan: its run id, seed, steps and parameter values) and run only
    the others. Without it, an existing partial file is refused rather than overwritten.
    """

    NAME = "sweep.partial.csv"

    def __init__(self, out: Path, runs: list[Run], resume: bool = False):
        self.path = Path(out) / self.NAME
        self.runs = {run.run_id: run for run in runs}
        self.kept: dict[int, dict[str, str]] = {}
        self.header: list[str] | None = None
        if self.path.exists():
            if not resume:
                raise FileExistsError(errno.EEXIST, "holds the finished runs of an interrupted sweep: add --resume "
                                                    "to finish it, or remove the file to start over", str(self.path))
            self._read()
        self._fh = None

    def _read(self) -> None:
        text = self.path.read_text(encoding="utf-8")
        if text and not text.endswith("\n"):
            text = text[:text.rfind("\n") + 1]  # a row cut off by the crash
        reader = csv.DictReader(io.StringIO(text))
        self.header = reader.fieldnames
        for line, row in enumerate(reader, start=2):
            self._check(row, line)
            self.kept[int(row["run_id"])] = row
        self._trim = len(text.encode("utf-8"))

    def _check(self, row: dict[str, str], line: int) -> None:
        where = f"{self.path}: line {line}"
        try:
            run = self.runs[int(row["run_id"])]
        except (KeyError, ValueError, TypeError):
            raise ValueError(f"{where}: run {str(row.get('run_id'))[:20]!r} is not a run of this sweep "
                             f"(another --out, or the same options as before?)") from None
        want = {"seed": str(run.seed), "replicate": str(run.replicate), "steps": str(run.steps),
                **{p: str(v) for p, v in run.params}}
        for key, value in want.items():
            if row.get(key) != value:
                raise ValueError(f"{where}: {key} is {str(row.get(key))[:40]!r}, this sweep's run "
                                 f"{run.run_id} has {value!r}: it was written by a different sweep")

    def todo(self) -> list[Run]:
        """The runs still to do."""
        return [run for rid, run in self.runs.items() if rid not in self.kept]

    def add(self, row: dict[str, Any]) -> None:
        """Append one finished run's row (and sync it: a crash keeps it)."""
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.header is None:
                self.header = list(row)
                self._fh = open(self.path, "w", encoding="utf-8", newline="")
                self._fh.write(",".join(self.header) + "\n")
            else:
                if list(row) != self.header:
                    raise ValueError(f"{self.path}: its columns are not this sweep's")
                self._fh = open(self.path, "r+", encoding="utf-8", newline="")
                self._fh.truncate(self._trim)
                self._fh.seek(self._trim)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([row[k] for k in self.header])
        self._fh.write(buf.getvalue())
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self.kept[int(row["run_id"])] = {k: str(row[k]) for k in self.header}

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def complete(self) -> bool:
        return len(self.kept) == len(self.runs)

    def rows(self) -> list[dict[str, Any]]:
        """Every kept row, in run order (values as the CSV holds them)."""
        return [self.kept[rid] for rid in sorted(self.kept)]

    def csv_text(self) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=self.header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows())
        return buf.getvalue()


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
