"""The headless command line: the contracts other parts of the game rely on."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

REQUIRED = ["step", "mean_score", "median_score", "gini_score", "gini_wealth", "blacklisted", "edges",
            "largest_component", "conforming_share", "conformity_gap", "cascade_max_depth", "denial_rate"]


def sesame(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game.cli", *args], capture_output=True, text=True)


def test_run_writes_series_events_and_summary(tmp_path):
    assert main(["run", "sesame", "--steps", "15", "--seed", "4", "--out", str(tmp_path)]) == 0
    rows = list(csv.DictReader((tmp_path / "series.csv").open()))
    assert len(rows) == 16
    assert set(REQUIRED) <= set(rows[0])
    assert {"tier_A_share", "tier_B_share", "tier_C_share", "tier_D_share"} <= set(rows[0])
    assert [int(r["step"]) for r in rows] == list(range(16))
    shares = sum(float(rows[-1][f"tier_{t}_share"]) for t in "ABCD")
    assert shares == pytest.approx(1.0, abs=1e-4)
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").open()]
    assert events and all({"step", "kind", "citizens"} <= set(e) for e in events)
    unf = [e for e in events if e["kind"] == "unfriended"]
    assert all("cause" in e and "cascade_root" in e and e["depth"] >= 1 for e in unf)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["seed"] == 4 and summary["steps"] == 15 and len(summary["digest"]) == 64
    assert summary["final"]["mean_score"] == pytest.approx(float(rows[-1]["mean_score"]), rel=1e-5)


def test_run_is_identical_in_a_new_process(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        r = sesame("run", "suining", "--steps", "10", "--seed", "9", "--out", str(out))
        assert r.returncode == 0, r.stderr
    for name in ("series.csv", "events.jsonl", "summary.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_progress_is_quiet_when_not_a_terminal(tmp_path):
    r = sesame("run", "--steps", "3", "--out", str(tmp_path))
    assert r.returncode == 0 and r.stderr == ""


def test_validate_reports_each_file(tmp_path, capsys):
    good = Path(__file__).resolve().parent.parent / "scenarios" / "sesame.toml"
    bad = tmp_path / "bad.toml"
    bad.write_text(good.read_text().replace("mean_degree = 10.0", "mean_degree = 500.0"))
    assert main(["validate", str(good)]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["validate", str(good), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.toml" in err and "network.mean_degree" in err and "from 0 to 100" in err


@pytest.mark.parametrize("args,needle", [
    (["run", "no_such_scenario"], "no shipped scenario of that name; shipped: challenge_speak_up"),
    (["run", "sesame", "--steps", "0"], "from 1 to 100000"),
    (["validate", "/dev/null/x.toml"], "cannot be read"),
])
def test_player_errors_are_one_line_not_a_traceback(args, needle):
    r = sesame(*args)
    assert r.returncode != 0
    assert needle in r.stderr
    assert "Traceback" not in r.stderr


def test_sweep_writes_a_tidy_csv_and_a_phase_diagram(tmp_path):
    r = sesame("sweep", "sesame", "--set", "population.size=200", "--set", "scoring.connections_weight=0,0.5",
               "--seeds", "2", "--steps", "5", "--processes", "1", "--metric", "mean_score", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader((tmp_path / "sweep.csv").open()))
    assert len(rows) == 4
    assert {"run_id", "replicate", "seed", "scoring.connections_weight", "mean_score", "digest"} <= set(rows[0])
    assert len({r["seed"] for r in rows}) == 4
    assert (tmp_path / "phase.png").stat().st_size > 1000


def test_sweep_refuses_a_bad_value_before_running(tmp_path):
    r = sesame("sweep", "sesame", "--set", "scoring.connections_weight=0,5", "--out", str(tmp_path))
    assert r.returncode == 1 and "scoring.connections_weight" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "sweep.csv").exists()


def test_report_writes_a_page_and_the_data(tmp_path):
    r = sesame("report", "suining", "--seed", "2", "--steps", "10", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    for name in ("report.png", "series.csv", "events.jsonl", "summary.json"):
        assert (tmp_path / name).stat().st_size > 0, name


def test_kiosk_runs_headless(tmp_path):
    import os

    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    r = subprocess.run([sys.executable, "-m", "game.cli", "play", "--kiosk", "--frames", "30", "--size", "1024x600",
                        "--log-dir", str(tmp_path)], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
