"""Sweeps: grids, derived seeds, identical results locally, in a pool and on Dask."""

from __future__ import annotations

import pygame
import pytest

from game.lab import sweep
from game.scenario.schema import ScenarioError

TINY = ["population.size=200", "scoring.connections_weight=0,0.5"]


def tiny_runs(seeds=2, steps=8, sweep_seed=3):
    return sweep.plan("sesame", sweep.parse_sets(TINY), seeds=seeds, steps=steps, sweep_seed=sweep_seed)


def test_values_parse_ranges_lists_and_single_values():
    assert sweep.parse_values("0:1:0.25", "x") == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert sweep.parse_values("0.1,0.2,0.3", "x") == [0.1, 0.2, 0.3]
    assert sweep.parse_values("4", "x") == [4]
    assert sweep.parse_values("true", "x") == [True]
    for bad in ("1:0:0.1", "0:1:0", "a:b:c", "0:1000000:1"):
        with pytest.raises(ScenarioError, match="x"):
            sweep.parse_values(bad, "x")
    with pytest.raises(ScenarioError, match="path=values"):
        sweep.parse_sets(["no_equals_sign"])


def test_every_run_is_validated_before_anything_runs():
    with pytest.raises(ScenarioError, match="scoring.connections_weight"):
        sweep.plan("sesame", sweep.parse_sets(["scoring.connections_weight=0,5"]), seeds=1, steps=1)
    with pytest.raises(ScenarioError, match="not a field"):
        sweep.plan("sesame", sweep.parse_sets(["scoring.nope=1"]), seeds=1, steps=1)


def test_seeds_derive_from_the_sweep_seed_and_the_point():
    a, b = tiny_runs(), tiny_runs()
    assert [r.seed for r in a] == [r.seed for r in b]
    assert len({r.seed for r in a}) == len(a)  # every run its own seed
    other = tiny_runs(sweep_seed=4)
    assert {r.seed for r in a}.isdisjoint({r.seed for r in other})
    # a run's seed depends on its point and replicate, not on where it sits in the grid
    reordered = sweep.plan("sesame", sweep.parse_sets(["population.size=200", "scoring.connections_weight=0.5,0"]),
                           seeds=2, steps=8, sweep_seed=3)
    key = {(r.params, r.replicate): r.seed for r in a}
    assert all(key[(r.params, r.replicate)] == r.seed for r in reordered)


def test_pool_and_serial_runs_agree_bit_for_bit():
    runs = tiny_runs()
    serial, none = sweep.run_sweep(runs, processes=1)
    pooled, none2 = sweep.run_sweep(runs, processes=2)
    assert none == none2 == []
    assert [r["digest"] for r in serial] == [r["digest"] for r in pooled]
    assert [r["run_id"] for r in pooled] == list(range(len(runs)))
    assert {r["scoring.connections_weight"] for r in serial} == {0, 0.5}


def test_dask_cluster_gives_the_same_results_as_local():
    from dask.distributed import LocalCluster

    runs = tiny_runs()
    local, _ = sweep.run_sweep(runs, processes=1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        remote, failed = sweep.run_sweep(runs, cluster=cluster.scheduler_address)
    assert failed == []
    assert [r["digest"] for r in remote] == [r["digest"] for r in local]
    assert [r["mean_score"] for r in remote] == [r["mean_score"] for r in local]


def test_summary_and_phase_diagram(tmp_path):
    from game.ui.drawing import phase
    from game.ui.drawing.images import save_png

    rows, _ = sweep.run_sweep(tiny_runs(seeds=3), processes=1)
    summ = sweep.summarise(rows, ["scoring.connections_weight"], "mean_score")
    assert [s["n"] for s in summ] == [3, 3]
    for paths in (["scoring.connections_weight"], ["scoring.connections_weight", "population.size"]):
        out = tmp_path / f"phase{len(paths)}.png"
        save_png(phase.render(sweep.summarise(rows, paths, "mean_score"), paths, "mean_score", "t"), out)
        img = pygame.image.load(str(out))
        assert img.get_size() == (1000, 700)
