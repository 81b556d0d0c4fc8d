"""Limits bound work, not only bytes: a valid file, code or record that would take a laptop
days is refused up front naming the field and what fits; the window refuses rule sets it
cannot step between frames (the command line runs them); all of it in a fraction of a
second, before anything is built."""

from __future__ import annotations

import json
import time

import pytest

from game.cli import main
from game.records.replay import RecordError, load_record, record_of
from game.scenario import budget, share
from game.scenario.library import load
from game.scenario.schema import ScenarioError, dump, parse
from game.scenario.spec import Scenario, with_overrides
from game.scenario.tomlfile import dumps
from game.scenario.provenance import without_provenance
from game.sim.commands import SetRule
from game.sim.model import SocialCreditModel

# the code: 2M citizens x degree 10 x 16 services x 100,000 steps (about ten days)
HUGE = {"population.size": 2_000_000, "network.mean_degree": 10.0, "population.steps": 100_000}


def huge_data(services: int = 16) -> dict:
    data = dump(without_provenance(load("sesame")))  # its sources name services this file renames
    data["population"].update(size=2_000_000, steps=100_000)
    data["network"]["mean_degree"] = 10.0
    base = data["services"][0]
    data["services"] = [dict(base, name=f"service {i}") for i in range(services)]
    return data


def test_a_share_code_worth_ten_days_is_refused_in_a_blink():
    from test_hostile_text import code_of

    code = code_of(huge_data())
    assert len(code) < 4000  # a QR code holds it
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as err:
        share.decode(code)
    assert time.perf_counter() - start < 1.0
    msg = str(err.value)
    assert "population.steps" in msg and "days of computing" in msg and "at most" in msg and "steps" in msg


def test_the_largest_run_that_fits_is_accepted_and_one_more_step_is_not():
    data = huge_data(services=len(load("sesame").services))
    data["population"]["steps"] = 1
    sc = parse(data, Scenario, "big")
    fit = budget.max_steps(sc)
    assert 300 <= fit <= 2000  # 2M citizens of sesame's rules: a few hundred steps an hour
    data["population"]["steps"] = fit
    parse(data, Scenario, "big")
    data["population"]["steps"] = fit + 1
    with pytest.raises(ScenarioError, match="population.steps"):
        parse(data, Scenario, "big")
    assert budget.max_steps(load("sesame")) >= 100_000  # the shipped scenarios are nowhere near


def test_the_command_line_refuses_too_many_steps_before_any_work(tmp_path, capsys):
    big = tmp_path / "big.toml"
    big.write_text(dumps(with_overrides(load("sesame"), {"population.size": 1_000_000, "population.steps": 10})))
    for args in (["run", str(big), "--steps", "100000", "--out", str(tmp_path / "r")],
                 ["report", str(big), "--steps", "100000", "--out", str(tmp_path / "p")],
                 ["sweep", str(big), "--steps", "100000", "--seeds", "1", "--out", str(tmp_path / "s")]):
        start = time.perf_counter()
        assert main(args) == 1
        assert time.perf_counter() - start < 5  # nothing was built
        err = capsys.readouterr().err
        assert "--steps" in err and "at most" in err and len(err.strip().splitlines()) == 1, err
    assert not any((tmp_path / d).exists() for d in ("r", "p", "s"))


def record_doc(tmp_path) -> dict:
    model = SocialCreditModel(with_overrides(load("sesame"), {"population.size": 50}), rng=1)
    model.apply(SetRule("scoring.connections_weight", 0.1))
    model.run(2)
    return record_of(model)


def test_replay_records_are_bounded_by_work(tmp_path):
    doc = record_doc(tmp_path)
    big = with_overrides(load("sesame"), {"population.size": 2_000_000, "population.steps": 10})
    path = tmp_path / "r.json"
    for change, field in (({"steps": 1_000_000, "scenario": dumps(big)}, "steps"),
                          ({"steps": 10, "scenario": dumps(big),
                            "commands": [dict(doc["commands"][0], at=0)] * 50_000}, "commands")):
        path.write_text(json.dumps(dict(doc, **change)))
        start = time.perf_counter()
        with pytest.raises(RecordError) as err:
            load_record(path)
        assert time.perf_counter() - start < 10
        assert err.value.field == field and "at most" in err.value.message, str(err.value)
    path.write_text(json.dumps(doc))
    load_record(path)  # the small one is fine


def test_the_window_refuses_what_it_cannot_step_in_time(tmp_path, capsys):
    big = with_overrides(load("sesame"), {"population.size": 200_000, "population.steps": 10})
    assert budget.window_problem(big) and not budget.window_problem(load("sesame"))
    f = tmp_path / "city.toml"
    f.write_text(dumps(big))
    for args in (["play", str(f), "--frames", "1"], ["play", str(f), "--kiosk", "--frames", "1"],
                 ["play", "sesame", "--compare", str(f), "--frames", "1"]):
        start = time.perf_counter()
        assert main(args) == 1
        assert time.perf_counter() - start < 5
        err = capsys.readouterr().err
        assert "population.size" in err and "sesame run" in err and len(err.strip().splitlines()) == 1, err
    # the same file is fine for the command line
    assert main(["run", str(f), "--steps", "1", "--out", str(tmp_path / "o")]) == 0


def test_the_share_window_refuses_a_code_too_big_for_the_window():
    import pygame
    import pygame_gui

    from game.ui.parts.share_window import ShareWindow
    from game.ui.session import Session

    pygame.display.init()
    pygame.font.init()
    try:
        pygame.display.set_mode((1280, 720))
        manager = pygame_gui.UIManager((1280, 720))
        session = Session(with_overrides(load("sesame"), {"population.size": 100}), "small", seed=1)
        win = ShareWindow(pygame.Rect(100, 100, 900, 500), manager, session)
        code = share.encode(with_overrides(load("sesame"), {"population.size": 500_000, "population.steps": 10}))
        assert win.import_code(code) is None
        assert "Too big for the window" in win.status.text
        assert win.import_code(share.encode(load("sesame")))[0] == "load"
    finally:
        pygame.quit()


def test_snapshots_are_bounded_in_memory_before_anything_is_built(monkeypatch):
    """A few hundred KB may not ask for gigabytes: a million steps of series, or members
    whose declared sizes add up past the memory limit, are refused before the model of the
    snapshot is built or a member inflated."""
    from make_hostile import forge_sizes, meta_of, npz, tiny_model, with_meta

    from game.records import snapshot
    from game.records.snapcheck import MAX_LOADED_BYTES

    good = snapshot.snapshot_arrays(tiny_model())
    snapshot.loads(npz(good), "good.npz")

    def no_build(plan):
        raise AssertionError("the model was built before the sizes were checked")
    monkeypatch.setattr(snapshot, "_build", no_build)
    long_run = npz(with_meta(good, dict(meta_of(good), steps=1_000_000)))
    with pytest.raises(snapshot.SnapshotError, match=r"meta.steps: .*values to hold; at most"):
        snapshot.loads(long_run, "long.npz")
    forged = forge_sizes(npz(good), "score.npy", MAX_LOADED_BYTES + 1)
    start = time.perf_counter()
    with pytest.raises(snapshot.SnapshotError, match="MB in memory"):
        snapshot.loads(forged, "forged.npz")
    assert time.perf_counter() - start < 1.0


def test_a_snapshot_whose_columns_do_not_match_its_population_is_refused_before_building(monkeypatch):
    """The issue's case: a small file whose scenario says 2 million citizens."""
    from make_hostile import meta_of, npz, tiny_model, with_meta

    from game.records import snapshot

    good = snapshot.snapshot_arrays(tiny_model())
    meta = meta_of(good)
    data = huge_data(services=len(load("sesame").services))
    data["population"]["steps"] = 5
    meta["scenario"] = meta["initial_scenario"] = dumps(parse(data, Scenario, "big"))

    def no_build(plan):
        raise AssertionError("a 2M model was built")
    monkeypatch.setattr(snapshot, "_build", no_build)
    start = time.perf_counter()
    with pytest.raises(snapshot.SnapshotError, match="not a column of 2,000,000 citizens"):
        snapshot.loads(npz(with_meta(good, meta)), "lying.npz")
    assert time.perf_counter() - start < 2.0
