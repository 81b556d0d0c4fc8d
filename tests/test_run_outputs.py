"""A run's outputs are one unit, checked before the work: the output folder is refused
early, a full disk or a file size limit names the file and keeps the previous run, a
killed run's leftovers are cleaned, and concurrent runs into one folder never mix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.cli import main
from game.lab.export import MANIFEST, IncompleteRun, read_run, summary_json

TINY = ["--steps", "3"]
ROOT = Path(__file__).resolve().parent.parent


def tiny_scenario(tmp_path, size=150) -> str:
    from game.scenario.library import load
    from game.scenario.spec import with_overrides
    from game.scenario.tomlfile import dumps

    path = tmp_path / "tiny.toml"
    path.write_text(dumps(with_overrides(load("sesame"), {"population.size": size})), encoding="utf-8")
    return str(path)


def test_a_run_writes_its_files_with_a_manifest_that_checks_them(tmp_path):
    out = tmp_path / "out"
    assert main(["run", tiny_scenario(tmp_path), *TINY, "--out", str(out)]) == 0
    files = read_run(out)
    assert sorted(files) == ["events.jsonl", "series.csv", "summary.json"]
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["seed"] == 0 and manifest["steps"] == 3 and len(manifest["run_id"]) == 32
    # a file from another run (or edited) is caught
    (out / "series.csv").write_text("step,mean_score\n0,1\n")
    with pytest.raises(IncompleteRun, match="series.csv: is not the file run"):
        read_run(out)
    (out / MANIFEST).unlink()
    with pytest.raises(IncompleteRun, match="no complete run"):
        read_run(out)


def test_the_report_page_is_part_of_the_unit(tmp_path):
    out = tmp_path / "rep"
    assert main(["report", tiny_scenario(tmp_path), *TINY, "--out", str(out)]) == 0
    assert sorted(read_run(out)) == ["events.jsonl", "report.png", "series.csv", "summary.json"]


@pytest.mark.parametrize("command", ["run", "report", "sweep"])
def test_an_output_that_is_a_file_or_cannot_be_made_is_refused_before_the_work(command, tmp_path, capsys,
                                                                              monkeypatch):
    from game.sim import model as model_module

    def no_model(*args, **kwargs):
        raise AssertionError("a model was built before the output folder was checked")
    monkeypatch.setattr(model_module.SocialCreditModel, "__init__", no_model)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    extra = ["--set", "scoring.connections_weight=0,1", "--seeds", "1", "--processes", "1"] if command == "sweep" else []
    for out in (a_file, a_file / "sub", Path("/proc/sesame-cannot-be-here")):
        assert main([command, tiny_scenario(tmp_path), *TINY, *extra, "--out", str(out)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("sesame: ") and str(out) in err and len(err.strip().splitlines()) == 1, err
    assert a_file.read_text() == "mine"
    assert main(["run", tiny_scenario(tmp_path), *TINY, "--out", str(tmp_path / "o"),
                 "--record", str(tmp_path / "o")]) == 1  # a record path that is a folder
    assert "the replay record is a folder" in capsys.readouterr().err


def test_a_file_size_limit_names_the_file_and_keeps_the_previous_run(tmp_path):
    out = tmp_path / "out"
    scenario = tiny_scenario(tmp_path, size=400)
    assert main(["run", scenario, "--steps", "2", "--out", str(out)]) == 0
    before = {name: data for name, data in read_run(out).items()}
    # the same folder, a run with more steps, under a 16 KiB file size limit
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384)); "
            "from game.cli import main; sys.exit(main(sys.argv[1:]))")
    proc = subprocess.run([sys.executable, "-c", code, "run", scenario, "--steps", "40", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "File too large" in proc.stderr and str(out) in proc.stderr  # which file, not "sesame: : ..."
    assert ".csv" in proc.stderr or ".jsonl" in proc.stderr or ".json" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert read_run(out) == before  # the earlier run, whole
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_killed_runs_temporary_files_are_cleaned_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    left = out / ".series.csv.k1ll3d.tmp"
    left.write_bytes(b"x" * 2_000_000)  # what SIGKILL during a write leaves
    mine = out / ".my-notes.tmp"
    mine.write_text("not ours")
    assert main(["run", tiny_scenario(tmp_path), *TINY, "--out", str(out)]) == 0
    assert not left.exists() and mine.exists()
    read_run(out)


def test_a_run_killed_while_writing_never_leaves_a_mixed_set(tmp_path):
    """SIGKILL at random moments of the write phase: whatever is left, a reader either finds
    one whole run or is told the folder holds none."""
    scenario = tiny_scenario(tmp_path, size=2000)
    out = tmp_path / "out"
    assert main(["run", scenario, "--steps", "2", "--out", str(out)]) == 0
    outcomes = set()
    for delay in (0.9, 1.1, 1.3, 1.5, 1.8, 2.2):
        proc = subprocess.Popen([sys.executable, "-m", "game", "run", scenario, "--steps", "30", "--seed", "7",
                                 "--out", str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()
        proc.wait()
        try:
            files = read_run(out)
            outcomes.add(json.loads(files["summary.json"])["seed"])
        except IncompleteRun:
            outcomes.add("none")
    assert outcomes <= {0, 7, "none"}


def test_concurrent_runs_into_one_folder_never_mix(tmp_path):
    scenario = tiny_scenario(tmp_path, size=300)
    out = tmp_path / "shared"
    for attempt in range(4):
        procs = [subprocess.Popen([sys.executable, "-m", "game", "run", scenario, "--steps", "5", "--seed", str(seed),
                                   "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for seed in (attempt * 2 + 1, attempt * 2 + 2)]
        assert [p.wait(timeout=300) for p in procs] == [0, 0]
        files = read_run(out)  # one whole run: every file matches the manifest
        summary = json.loads(files["summary.json"])
        manifest = json.loads((out / MANIFEST).read_text())
        assert summary["seed"] == manifest["seed"] and summary["digest"] == manifest["digest"]


def test_summaries_are_strict_json_even_when_a_number_is_not_finite():
    text = summary_json({"final": {"mean_income": float("inf"), "gini": float("nan"), "ok": 1.5}, "n": 3})
    data = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    assert data["final"] == {"mean_income": None, "gini": None, "ok": 1.5}
    assert data["non_finite"] == ["final.mean_income", "final.gini"]


