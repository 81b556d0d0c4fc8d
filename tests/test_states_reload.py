"""States the game creates always reload: a rule that compounds income never reaches
infinity (no NaN in summary.json, and the game's own snapshot of that state loads); no
counter can wrap within the bounds the game accepts; a snapshot holding what the game
cannot make (a score outside [low, high], a blacklist term beyond any the rules gave,
wealth beyond the cap) is refused naming the member."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from game.lab.export import summary, summary_json
from game.records import snapcheck, snapshot
from game.records.replay import MAX_STEPS as MAX_RECORD_STEPS
from game.scenario.library import load
from game.scenario.spec import with_overrides
from game.sim.commands import SetRule
from game.sim.events import COLUMNS
from game.sim.model import SocialCreditModel
from game.sim.rules.life import MAX_MONEY
from game.sim.state import citizen_arrays

COMPOUNDING = {"population.size": 120, "behaviour.income_reversion": 0.0, "behaviour.spending": 0.0,
               "services.0.demand": 1.0, "services.0.price": 0.0, "services.0.grant.income": 10.0,
               "services.0.grant.wealth": 1e7, "services.0.blacklist_ban": False, "services.0.min_tier": "",
               "services.0.score_floor": -1e9, "services.0.friends_min": -1e9}


@pytest.mark.parametrize("seed", [1, 2])
def test_a_grant_that_compounds_income_stays_finite_and_the_run_reloads(seed, tmp_path):
    sc = with_overrides(load("sesame"), COMPOUNDING)
    model = SocialCreditModel(sc, rng=seed)
    model.run(500)  # uncapped, income x11 per grant passes 1e308 after ~300 grants
    assert np.isfinite(model.income).all() and model.income.max() == MAX_MONEY
    assert np.isfinite(model.wealth).all() and model.wealth.max() <= MAX_MONEY
    text = summary_json(summary(model, "compounding"))
    data = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in summary.json"))
    assert "non_finite" not in data
    for name, values in model.datacollector.model_vars.items():
        assert np.isfinite(np.asarray(values, dtype=float)).all(), name
    path = snapshot.save(model, tmp_path / "rich.npz")
    again = snapshot.load(path)
    assert again.digest() == model.digest()
    again.run(5)
    model.run(5)
    assert again.digest() == model.digest()


def test_extreme_rules_give_finite_runs_that_reload(tmp_path):
    """Rules drawn at the ends of their allowed ranges (the ones that validate together):
    every run's summary is finite and its snapshot reloads to the same state."""
    base = load("sesame")
    paths = list(_numeric_paths(base))
    ran = 0
    for seed in range(40):
        r = random.Random(seed)
        changes = {"population.size": 120}
        for path, lo, hi, kind in r.sample(paths, 8):
            value = r.choice([lo, hi])
            changes[path] = int(value) if kind is int else float(value)
        try:
            sc = with_overrides(base, changes)
        except ValueError:
            continue
        model = SocialCreditModel(sc, rng=seed)
        model.run(120)
        assert "non_finite" not in json.loads(summary_json(summary(model, "extreme"))), changes
        assert snapshot.load(snapshot.save(model, tmp_path / "x.npz")).digest() == model.digest(), changes
        ran += 1
    assert ran >= 25  # most draws validate


def _numeric_paths(sc):
    import dataclasses

    def fields(obj, prefix):
        for f in dataclasses.fields(obj):
            lo, hi, v = f.metadata.get("lo"), f.metadata.get("hi"), getattr(obj, f.name)
            if isinstance(v, (int, float)) and not isinstance(v, bool) and lo is not None and hi is not None:
                yield f"{prefix}.{f.name}", lo, hi, type(v)
    for section in ("scoring", "behaviour", "authorities"):
        yield from fields(getattr(sc, section), section)
    for i, svc in enumerate(sc.services):
        yield from fields(svc, f"services.{i}")
        yield from fields(svc.grant, f"services.{i}.grant")
        yield from fields(svc.deny, f"services.{i}.deny")


def test_no_counter_can_wrap_within_what_the_game_accepts():
    """Every integer a run keeps is wide enough for the largest value the game can reach
    within its own bounds (a million steps, fifty million events, two million citizens)."""
    model = SocialCreditModel(with_overrides(load("sesame"), {"population.size": 60}), rng=0)
    model.run(3)
    steps = max(snapcheck.MAX_STEPS, MAX_RECORD_STEPS)
    events = snapcheck.MAX_EVENTS
    for name in citizen_arrays():
        arr = np.asarray(getattr(model, name))
        if arr.dtype.kind in "iu":
            need = {"streak": steps, "cause_step": steps, "cause_event": events, "cause_root": events,
                    "cause_ring": events, "days_left": 36_500}.get(name, 0)
            assert np.iinfo(arr.dtype).max >= need, (name, arr.dtype)
    for column in ("id", "cause", "root"):
        assert np.iinfo(COLUMNS[column]).max >= events, column
    assert np.iinfo(COLUMNS["step"]).max >= steps
    assert np.iinfo(COLUMNS["depth"]).max >= events  # a cascade cannot be deeper than the events in it
    assert np.iinfo(COLUMNS["a"]).max >= 2_000_000
    for name in snapcheck.COUNTERS:  # per-step and all-time counts: Python integers, unbounded
        assert isinstance(getattr(model.access_totals, name), int), name


def test_snapshot_score_and_term_ranges_follow_the_rules_the_run_had(tmp_path):
    """A run whose score range or blacklist term a command changed still reloads (the
    range is the widest the run had), and a score outside every range it had is refused."""
    model = SocialCreditModel(with_overrides(load("sesame"), {"population.size": 60}), rng=3)
    model.run(4)
    model.apply(SetRule("scoring.high", 2000.0))
    model.apply(SetRule("authorities.duration_days", 30))
    model.run(3)
    model.apply(SetRule("scoring.high", 900.0))
    path = snapshot.save(model, tmp_path / "changed.npz")
    assert snapshot.load(path).digest() == model.digest()
    model.score[0] = 2001.0  # above any high the run had
    with pytest.raises(snapshot.SnapshotError, match=r"score: values must be from \d+ to 2000"):
        snapshot.load(snapshot.save(model, tmp_path / "edited.npz"))
