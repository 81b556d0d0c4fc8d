"""A sweep keeps every finished run: runs that fail (a worker killed, out of memory, a
Dask scheduler gone) are reported while the others go on, the finished rows are kept in
sweep.partial.csv, and --resume runs only the missing ones, giving the same sweep.csv as
a sweep that never failed. Malformed --set and --cluster give one line each."""

from __future__ import annotations

import csv

import pytest

from game.cli import main
from game.lab import sweep
from game.scenario.library import load
from game.scenario.spec import with_overrides
from game.scenario.tomlfile import dumps

REAL = sweep.run_one


def tiny(tmp_path) -> str:
    path = tmp_path / "tiny.toml"
    path.write_text(dumps(with_overrides(load("sesame"), {"population.size": 80})), encoding="utf-8")
    return str(path)


def args(scenario, out, *more):
    return ["sweep", scenario, "--set", "scoring.connections_weight=0,0.5,1", "--seeds", "2", "--steps", "2",
            "--processes", "1", "--out", str(out), *more]


def flaky(fail: set[int], calls: list[int]):
    def run(run):
        calls.append(run.run_id)
        if run.run_id in fail:
            raise MemoryError("the worker ran out of memory")
        return REAL(run)
    return run


def test_failed_runs_are_reported_the_rest_kept_and_resume_finishes_the_same_sweep(tmp_path, capsys, monkeypatch):
    scenario = tiny(tmp_path)
    clean = tmp_path / "clean"
    assert main(args(scenario, clean)) == 0
    capsys.readouterr()
    out = tmp_path / "out"
    calls: list[int] = []
    monkeypatch.setattr(sweep, "run_one", flaky({1, 4}, calls))
    assert main(args(scenario, out)) == 1
    err = capsys.readouterr().err
    assert "2 of 6 runs did not finish" in err and "MemoryError" in err and "--resume" in err, err
    assert sorted(calls) == list(range(6))  # the others went on
    kept = list(csv.DictReader((out / "sweep.partial.csv").open()))
    assert sorted(int(r["run_id"]) for r in kept) == [0, 2, 3, 5] and not (out / "sweep.csv").exists()
    # without --resume the kept rows are never overwritten
    assert main(args(scenario, out)) == 1
    assert "--resume" in capsys.readouterr().err
    assert len(list(csv.DictReader((out / "sweep.partial.csv").open()))) == 4
    calls.clear()
    monkeypatch.setattr(sweep, "run_one", flaky(set(), calls))
    assert main(args(scenario, out, "--resume")) == 0
    assert sorted(calls) == [1, 4]  # only the missing runs
    assert (out / "sweep.csv").read_text() == (clean / "sweep.csv").read_text()
    assert not (out / "sweep.partial.csv").exists()


def test_a_row_cut_by_a_crash_is_dropped_and_a_different_sweeps_rows_are_refused(tmp_path, capsys, monkeypatch):
    scenario = tiny(tmp_path)
    out = tmp_path / "out"
    monkeypatch.setattr(sweep, "run_one", flaky({5}, []))
    assert main(args(scenario, out)) == 1
    partial = out / "sweep.partial.csv"
    text = partial.read_text()
    partial.write_text(text + text.splitlines()[1][:15])  # half a row: the process died mid-write
    monkeypatch.setattr(sweep, "run_one", REAL)
    assert main(args(scenario, out, "--resume")) == 0
    rows = list(csv.DictReader((out / "sweep.csv").open()))
    assert [int(r["run_id"]) for r in rows] == list(range(6))
    capsys.readouterr()
    # a partial file from a sweep with other seeds is not mixed in
    monkeypatch.setattr(sweep, "run_one", flaky({0}, []))
    other = tmp_path / "other"
    assert main(args(scenario, other)) == 1
    capsys.readouterr()
    assert main(args(scenario, other, "--resume", "--seed", "9")) == 1
    err = capsys.readouterr().err
    assert "written by a different sweep" in err and len(err.strip().splitlines()) == 1, err


def test_a_dask_sweep_with_failing_workers_keeps_the_finished_rows():
    pytest.importorskip("dask.distributed")
    from dask.distributed import LocalCluster

    runs = sweep.plan(with_overrides(load("sesame"), {"population.size": 80}),
                      {"scoring.connections_weight": [0.0, 1.0]}, seeds=2, steps=2)
    kept = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        sweep.run_one = flaky({2}, [])
        try:
            rows, failed = sweep.run_sweep(runs, cluster=cluster.scheduler_address, sink=kept.append)
        finally:
            sweep.run_one = REAL
    assert [run.run_id for run, _ in failed] == [2] and "MemoryError" in failed[0][1]
    assert sorted(r["run_id"] for r in kept) == [0, 1, 3]
    assert rows[2] is None and [r["run_id"] for r in rows if r] == [0, 1, 3]


def test_an_unreachable_scheduler_is_one_line(tmp_path, capsys, monkeypatch):
    pytest.importorskip("dask.distributed")
    from game.lab import sweep as module

    monkeypatch.setattr(module, "_on_dask", lambda *a: (_ for _ in ()).throw(
        RuntimeError("cannot reach the Dask scheduler at tcp://127.0.0.1:1: OSError: Timed out")))
    assert main(args(tiny(tmp_path), tmp_path / "o", "--cluster", "tcp://127.0.0.1:1")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("sesame: cannot reach the Dask scheduler") and len(err) == 2  # the plan, the error


@pytest.mark.parametrize("value", ["0:inf:1", "0:1e308:1e-308", "nan,1", "inf", "0:1:0", "1:0:0.1", "a:b:c",
                                   "-inf:0:1"])
def test_malformed_set_values_are_one_line(value, tmp_path, capsys):
    assert main(["sweep", "sesame", "--set", f"scoring.connections_weight={value}", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "scoring.connections_weight" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("address", ["localhost", "tcp://", "tcp://host:99999", "http://10.0.0.5:8786",
                                     "tcp://[::1:8786", "::::", "tcp://10.0.0.5:8786/x", "10.0.0.5:port",
                                     "\x1b[2J:1"])
def test_malformed_cluster_addresses_are_one_line(address, tmp_path, capsys):
    assert main(["sweep", "sesame", "--set", "scoring.connections_weight=0,1", "--cluster", address,
                 "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("sesame: --cluster") and "tcp://10.0.0.5:8786" in err
    assert len(err.strip().splitlines()) == 1 and "\x1b" not in err


def test_a_well_formed_cluster_address_is_normalised():
    assert sweep.check_cluster("10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert sweep.check_cluster(" tls://[::1]:08786/ ") == "tls://[::1]:8786"


def test_a_sweep_killed_outright_keeps_its_finished_rows_and_resumes_to_the_same_file(tmp_path):
    """A real death, not a raised error: the sweep's process (and the pool it started) is
    killed with SIGKILL once some runs have finished. The finished rows are on disk, and
    --resume runs only the rest, giving a sweep.csv byte-identical to an uninterrupted one."""
    import os
    import signal
    import subprocess
    import sys
    import time

    scenario = tmp_path / "slow.toml"
    scenario.write_text(dumps(with_overrides(load("sesame"), {"population.size": 300})), encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "0"}

    def sweep_cmd(out, *more):
        return [sys.executable, "-m", "game", "sweep", str(scenario), "--set",
                "scoring.connections_weight=0,0.25,0.5,0.75,1", "--seeds", "2", "--steps", "40",
                "--processes", "1", "--out", str(out), *more]

    killed = tmp_path / "killed"
    proc = subprocess.Popen(sweep_cmd(killed), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    partial = killed / sweep.Journal.NAME
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if partial.exists() and len(partial.read_text(encoding="utf-8").splitlines()) >= 3:  # header + 2 rows
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the sweep ended before it could be killed: make it longer"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    kept = list(csv.DictReader(partial.open(encoding="utf-8")))
    assert 2 <= len(kept) < 10 and not (killed / "sweep.csv").exists()

    resumed = subprocess.run(sweep_cmd(killed, "--resume"), env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(kept)} kept from before" in resumed.stderr  # only the missing runs ran again
    whole = tmp_path / "whole"
    fresh = subprocess.run(sweep_cmd(whole), env=env, capture_output=True, text=True, timeout=600)
    assert fresh.returncode == 0, fresh.stderr
    assert (killed / "sweep.csv").read_bytes() == (whole / "sweep.csv").read_bytes()
