"""Replay records: scenario + seed + the player's commands reach the same state digest;
a damaged or forged record is a RecordError naming the field, never a traceback or a hang.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.commands import COMMANDS, Befriend, Blacklist, Pardon, SetRule, Unfriend
from game.model import SocialCreditModel
from game.replay import (COMMAND_ARGS, MAX_RECORD_BYTES, RecordError, load_record, loads_record,
                         record_of, replay, save_record)
from game.scenario import shipped
from guards import time_limit
from make_hostile import TINY, good_record

HERE = Path(__file__).resolve().parent
HOSTILE = HERE / "hostile_records"
SMALL = {"population.size": 250}


def played(path, seed=5):
    """A run with every kind of command, some at the same step, one after the last step."""
    m = SocialCreditModel(path, rng=seed, overrides=SMALL)
    m.run(4)
    hub = int(np.argmax(m.friends.degree))
    m.apply(Blacklist(hub))
    m.apply(SetRule("scoring.connections_weight", 0.4))
    m.run(3)
    u, v, _ = m.friends.live()
    m.apply(Unfriend(int(u[0]), int(v[0])))
    m.run(2)
    m.apply(Befriend(int(u[0]), int(v[0])))
    if m.listed[hub]:
        m.apply(Pardon(hub))
    m.run(3)
    m.apply(SetRule("behaviour.unfriend_rate", 0.9))  # after the last step: still part of the state
    return m


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.stem)
def test_record_replays_to_the_same_digest(path, tmp_path):
    m = played(path)
    save_record(m, tmp_path / "run.json")
    record = load_record(tmp_path / "run.json")
    assert record.steps == 12 and len(record.commands) == len(m.command_log) >= 5
    again, ok = replay(record)
    assert ok and again.digest() == m.digest()
    assert again.config == m.config  # the rule changes were replayed too


def test_citizen_mode_replays():
    from game.commands import Act, Appeal, PlayAs

    m = SocialCreditModel("journalist", rng=2, overrides=SMALL)
    m.run(2)
    if m.player is None:
        m.apply(PlayAs(3))
    m.apply(Act(pay=False, speak=True, apply_for=("loan",)))
    m.run(3)
    if m.listed[m.player]:
        m.apply(Appeal(m.player))  # draws from the model's generator
    m.apply(Act(pay=None, speak=None, apply_for=()))
    m.run(2)
    again, ok = replay(loads_record(json.dumps(record_of(m))))
    assert ok and again.player == m.player


def test_record_starts_from_the_rules_at_step_0(tmp_path):
    m = played("sesame")
    doc = record_of(m)
    assert "connections_weight = 0.4" not in doc["scenario"]
    assert [c["command"] for c in doc["commands"]][:2] == ["Blacklist", "SetRule"]
    assert doc["commands"][0]["at"] == 4 and doc["commands"][-1]["at"] == 12


def test_a_changed_record_does_not_match():
    m = SocialCreditModel("suining", rng=2, overrides=SMALL)
    m.run(3)
    m.apply(SetRule("scoring.connections_weight", 0.4))
    m.run(3)
    doc = record_of(m)
    assert replay(loads_record(json.dumps(doc)))[1]
    for changed in (dict(doc, seed=doc["seed"] + 1), dict(doc, commands=[]), dict(doc, steps=5),
                    dict(doc, commands=[dict(doc["commands"][0], value=0.41)])):
        _, ok = replay(loads_record(json.dumps(changed)))
        assert not ok


def test_a_command_the_game_refuses_on_replay_is_a_record_error():
    m = played("sesame")
    doc = record_of(m)
    with pytest.raises(RecordError, match=r"commands\[0\]: the game refused it at step 4"):
        replay(loads_record(json.dumps(dict(doc, commands=[dict(doc["commands"][0], command="Pardon")]))))


def test_record_needs_a_whole_number_seed():
    m = SocialCreditModel("sesame", rng=np.random.default_rng(1), overrides=TINY)
    with pytest.raises(RecordError, match="seed"):
        record_of(m)


def test_command_table_matches_the_commands():
    assert set(COMMAND_ARGS) == set(COMMANDS)
    for name, args in COMMAND_ARGS.items():
        assert [a for a, _ in args] == [f.name for f in dataclasses.fields(COMMANDS[name])]


def test_record_file_is_written_atomically(tmp_path, monkeypatch):
    import os

    m = played("sesame")
    path = tmp_path / "r.json"
    save_record(m, path)
    before = path.read_bytes()
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "disk full")))
    m.step()
    with pytest.raises(OSError):
        save_record(m, path)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["r.json"]


# --- the command line ---------------------------------------------------------------------------

def test_run_record_then_replay_ok(tmp_path, capsys):
    rec = tmp_path / "rec.json"
    assert main(["run", "friends_gate", "--steps", "6", "--seed", "3", "--out", str(tmp_path / "o"),
                 "--record", str(rec)]) == 0
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert json.loads(rec.read_text())["digest"] == summary["digest"]
    capsys.readouterr()
    assert main(["replay", str(rec)]) == 0
    assert capsys.readouterr().out.startswith("OK: 6 steps, seed 3, 0 commands; digest ")


def test_replay_mismatch_prints_both_digests(tmp_path, capsys):
    m = played("no_scoring")
    doc = record_of(m)
    doc["digest"] = "0" * 64
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    assert main(["replay", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("MISMATCH after 12 steps") and "0" * 64 in out and m.digest() in out


def test_a_mismatch_names_the_first_part_that_differs_and_both_environments(tmp_path, capsys):
    """A record made elsewhere that does not replay here says where the runs part ways
    (the first piece of the state, in digest order) and what each side ran on."""
    from game.replay import environment

    m = played("sesame")
    doc = record_of(m)
    assert doc["version"] == 2 and doc["made_with"] == environment()
    assert list(doc["parts"])[:2] == ["steps", "income_base"] and len(doc["parts"]) >= 30
    doc["parts"]["noise"] = "1" * 64  # as if the other machine's noise column differed
    doc["parts"]["score"] = "2" * 64
    doc["digest"] = "0" * 64
    doc["made_with"] = {**doc["made_with"], "cpu": "X86_V3 X86_V4 AVX512_ICL", "python": "3.12.1"}
    path = tmp_path / "other-laptop.json"
    path.write_text(json.dumps(doc))
    assert main(["replay", str(path)]) == 1
    out = capsys.readouterr().out
    assert "the first part of the state that differs: noise" in out
    assert "recorded with: Open Sesame" in out and "Python 3.12.1" in out and "AVX512_ICL" in out
    assert f"replayed with: Open Sesame" in out and f"Python {environment()['python']}" in out


def test_version_1_records_still_replay(tmp_path, capsys):
    m = played("no_scoring")
    doc = {k: v for k, v in record_of(m).items() if k not in ("parts", "made_with")}
    doc["version"] = 1
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc))
    assert main(["replay", str(path)]) == 0
    doc["digest"] = "0" * 64
    path.write_text(json.dumps(doc))
    assert main(["replay", str(path)]) == 1
    assert "version 1 record keeps no per-part digests" in capsys.readouterr().out


def test_replay_of_a_bad_record_is_one_line_not_a_traceback():
    r = subprocess.run([sys.executable, "-m", "game.cli", "replay", str(HOSTILE / "refused_on_replay.json")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.startswith(str(HOSTILE / "refused_on_replay.json") + ": commands[0]: the game refused it")


# --- the hostile corpus ----------------------------------------------------------------------------

def corpus() -> list[tuple[str, str, str]]:
    lines = (HOSTILE / "INDEX.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split(" => ")) for line in lines if not line.startswith("#")]


CORPUS = corpus()


def test_hostile_corpus_is_complete():
    assert {name for name, _, _ in CORPUS} == {p.name for p in HOSTILE.glob("*.json")}
    assert len(CORPUS) >= 25


@pytest.mark.parametrize("name,what,fragment", CORPUS, ids=[c[0] for c in CORPUS])
def test_hostile_record_is_refused_with_a_clear_message(name, what, fragment):
    with time_limit(20), pytest.raises(RecordError) as info:
        replay(load_record(HOSTILE / name))
    msg = str(info.value)
    assert msg.startswith(f"{HOSTILE / name}: ") and "\n" not in msg
    assert fragment in msg, msg


def test_oversized_and_unreadable_records(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_RECORD_BYTES + 1))
    with pytest.raises(RecordError, match="at most"):
        load_record(big)
    for path in (tmp_path / "missing.json", tmp_path):
        with pytest.raises(RecordError, match="cannot be read"):
            load_record(path)


# --- properties ---------------------------------------------------------------------------------

GOOD = good_record()
JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-3, 30),
                              st.floats(allow_nan=False), st.text(max_size=20),
                              st.sampled_from(["SetRule", "Blacklist", "Pardon", "Befriend", "Unfriend",
                                               "scoring.low", "population.size", GOOD["scenario"]])),
                    lambda inner: st.one_of(st.lists(inner, max_size=3),
                                            st.dictionaries(st.sampled_from(["at", "command", "citizen", "a", "b",
                                                                             "path", "value", "x"]), inner,
                                                            max_size=4)),
                    max_leaves=10)


def check(doc_or_text) -> None:
    """A record loads (and then replays to OK or MISMATCH) or is a RecordError."""
    text = doc_or_text if isinstance(doc_or_text, (str, bytes)) else json.dumps(doc_or_text)
    with time_limit(20):
        try:
            record = loads_record(text, "fuzz.json")
            if record.steps <= 30 and record.scenario.population.size <= 500:
                replay(record)
        except RecordError as err:
            assert str(err).startswith("fuzz.json: ") and "\n" not in str(err)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_record_gives_a_replay_or_a_record_error(data):
    doc = json.loads(json.dumps(GOOD))
    doc["steps"] = data.draw(st.integers(0, 6), label="steps")
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        where = data.draw(st.sampled_from(["top", "command", "add_command"]), label="where")
        if where == "top":
            key = data.draw(st.sampled_from(sorted(doc) + ["extra"]), label="key")
            if data.draw(st.booleans(), label="delete") and key in doc:
                del doc[key]
            else:
                doc[key] = data.draw(JSON, label="value")
        elif where == "command" and isinstance(doc.get("commands"), list) and doc["commands"] \
                and isinstance(doc["commands"][0], dict):
            doc["commands"][0][data.draw(st.sampled_from(["at", "command", "citizen", "a", "path", "value"]))] = \
                data.draw(JSON, label="value")
        elif isinstance(doc.get("commands"), list):
            doc["commands"].append(data.draw(JSON, label="command"))
    check(doc)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300), JSON.map(json.dumps)))
def test_random_input_gives_a_record_error(payload):
    check(payload)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_damaged_record_text_gives_a_record_error(data):
    text = json.dumps(GOOD)
    pos = data.draw(st.integers(0, len(text) - 1))
    op = data.draw(st.sampled_from(["truncate", "replace", "insert"]))
    char = data.draw(st.sampled_from(list('{}[]",:0123456789.-eE \\ntrufalsNI')))
    if op == "truncate":
        text = text[:pos]
    elif op == "replace":
        text = text[:pos] + char + text[pos + 1:]
    else:
        text = text[:pos] + char + text[pos:]
    check(text)
