"""Snapshots: a saved and reloaded run continues exactly as the uninterrupted one; a bad
snapshot is a SnapshotError naming what is wrong, never a traceback, a hang or a big allocation.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import tracemalloc
import zipfile
from pathlib import Path

import mesa
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.lab import export
from game.records import snapshot
from game.records.replay import record_of
from game.records.snapcheck import INT_LIMITS
from game.records.snapshot import SnapshotError
from game.scenario.library import shipped
from game.sim.commands import Befriend, Blacklist, CommandRejected, Pardon, SetRule, Unfriend
from game.sim.model import SocialCreditModel
from guards import time_limit
from make_hostile import TINY, forge_sizes, npz, tiny_model, with_meta

HERE = Path(__file__).resolve().parent
HOSTILE = HERE / "hostile_snapshots"


def play(model, steps: int, script: dict[int, list]) -> None:
    """Run ``steps`` steps, applying the scripted commands when their step comes (one the
    model refuses is refused identically in every run, and not logged)."""
    for _ in range(steps):
        for cmd in script.get(int(model.steps), []):
            try:
                model.apply(cmd)
            except CommandRejected:
                pass
        model.step()


def script_for(model) -> dict[int, list]:
    hub = int(np.argmax(model.friends.degree))
    friend = int(model.friends.neighbours(hub)[0])
    return {5: [Blacklist(hub), SetRule("scoring.connections_weight", 0.3)], 12: [Unfriend(hub, friend)],
            31: [Befriend(hub, friend), SetRule("behaviour.unfriend_rate", 0.9)], 40: [Pardon(hub)]}


def fingerprint(model) -> dict:
    """Everything a continued run must match: digest, every column, events, series, exports."""
    arrays = {name: np.asarray(getattr(model, name)) for name in snapshot.citizen_arrays()}
    return {"digest": model.digest(), "arrays": arrays, "events": model.events.state(),
            "csv": export.series_csv(model), "events_jsonl": export.events_jsonl(model),
            "summary": export.summary(model, "x"), "record": record_of(model), "notes": model.notes,
            "cascades": model.cascade_sizes}


def assert_same(a: dict, b: dict) -> None:
    assert a["digest"] == b["digest"]
    for name in a["arrays"]:
        np.testing.assert_array_equal(a["arrays"][name], b["arrays"][name], err_msg=name)
        assert a["arrays"][name].dtype == b["arrays"][name].dtype, name
    for name in a["events"]:
        np.testing.assert_array_equal(a["events"][name], b["events"][name], err_msg=name)
    for key in ("csv", "events_jsonl", "summary", "record", "notes", "cascades"):
        assert a[key] == b[key], key


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.stem)
def test_continued_run_matches_the_uninterrupted_one(path, tmp_path):
    whole = SocialCreditModel(path, rng=11)
    script = script_for(whole)
    play(whole, 50, script)

    first = SocialCreditModel(path, rng=11)
    play(first, 30, script)
    snapshot.save(first, tmp_path / "run.npz")
    resumed = snapshot.load(tmp_path / "run.npz")
    assert resumed.steps == 30 and len(resumed.agents) == resumed.n == whole.n
    assert_same(fingerprint(resumed), fingerprint(first))
    play(resumed, 20, script)
    assert_same(fingerprint(resumed), fingerprint(whole))
    play(first, 20, script)  # saving did not disturb the saved model either
    assert first.digest() == whole.digest()


def test_mesa_clock_is_restored(tmp_path):
    m = tiny_model()
    snapshot.save(m, tmp_path / "s.npz")
    back = snapshot.load(tmp_path / "s.npz")
    assert back.steps == m.steps
    if hasattr(m, "time"):  # Mesa >= 3.5
        assert back.time == m.time
    back.step()
    m.step()
    assert back.steps == m.steps and getattr(back, "time", 0) == getattr(m, "time", 0)
    assert back.digest() == m.digest()
    assert len(back.datacollector.model_vars["mean_score"]) == back.steps + 1


def test_mesa_version_is_one_the_test_matrix_covers():
    assert mesa.__version__.split(".")[:2] in (["3", "3"], ["3", "4"], ["3", "5"])


def test_snapshot_covers_every_attribute_of_the_model():
    """State added to the model later must be saved (or declared derived) to be restored."""
    m = tiny_model()
    mesa_own = set(vars(mesa.Model(rng=0)))
    known = set(snapshot.citizen_arrays() + snapshot.RESTORED + snapshot.DERIVED + snapshot.TRANSIENT)
    public = {name for name in vars(m) if not name.startswith("_")}
    assert public - mesa_own - known == set(), "add these to game.records.snapshot (and test them)"
    ints = {n for n in snapshot.citizen_arrays() if np.asarray(getattr(m, n)).dtype.kind in "iu"}
    assert ints <= set(INT_LIMITS), ints - set(INT_LIMITS)


def test_citizen_mode_continues_exactly(tmp_path):
    from game.sim.commands import Act, PlayAs

    def run(model, upto):
        while model.steps < upto:
            if model.steps == 2:
                model.apply(PlayAs(7))
                model.apply(Act(pay=False, speak=True, apply_for=("train",)))
            if model.steps == 6:
                model.apply(Act(pay=True, speak=None, apply_for=("train", "loan")))
            model.step()

    whole = SocialCreditModel("sesame", rng=3, overrides={"population.size": 200})
    run(whole, 12)
    part = SocialCreditModel("sesame", rng=3, overrides={"population.size": 200})
    run(part, 6)
    part.apply(Act(pay=True, speak=None, apply_for=("train", "loan")))  # pending at the save
    snapshot.save(part, tmp_path / "c.npz")
    back = snapshot.load(tmp_path / "c.npz")
    assert back.player == 7 and back.intent.apply == {"train", "loan"} and back.intent.pay is True
    back.run(6)
    assert_same(fingerprint(back), fingerprint(whole))


def test_snapshot_is_plain_data_without_pickle(tmp_path):
    m = tiny_model()
    snapshot.save(m, tmp_path / "s.npz")
    with np.load(tmp_path / "s.npz", allow_pickle=False) as data:  # would fail on any object array
        kinds = {data[name].dtype.kind for name in data.files}
    assert kinds <= {"b", "i", "u", "f"}
    meta = json.loads(np.load(tmp_path / "s.npz")["meta"].tobytes())
    assert meta["format"] == "open-sesame-snapshot" and meta["version"] == snapshot.VERSION and meta["steps"] == 5


def test_save_is_atomic_and_a_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    m = tiny_model()
    path = tmp_path / "s.npz"
    snapshot.save(m, path)
    before = path.read_bytes()
    m.step()

    def broken(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        snapshot.save(m, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.npz"]  # no temporary file left behind


def test_a_refused_snapshot_changes_nothing(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes((HOSTILE / "truncated.npz").read_bytes())
    before = bad.read_bytes()
    with pytest.raises(SnapshotError):
        snapshot.load(bad)
    assert bad.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["bad.npz"]


def test_unreadable_paths_are_snapshot_errors(tmp_path):
    for path in (tmp_path / "missing.npz", tmp_path, "x" * 5000):
        with pytest.raises(SnapshotError, match="cannot be read"):
            snapshot.load(path)
    fifo = tmp_path / "fifo.npz"
    os.mkfifo(fifo)
    with time_limit(5), pytest.raises(SnapshotError, match="not a regular file"):
        snapshot.load(fifo)


def test_loaded_model_keeps_the_rules_at_step_0_for_its_record(tmp_path):
    m = tiny_model()  # changed scoring.speech_penalty at step 3
    snapshot.save(m, tmp_path / "s.npz")
    back = snapshot.load(tmp_path / "s.npz")
    assert back.config == m.config and back.initial_config == m.initial_config != m.config
    assert record_of(back) == record_of(m)


# --- the hostile corpus ----------------------------------------------------------------------------

def corpus() -> list[tuple[str, str, str]]:
    lines = (HOSTILE / "INDEX.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split(" => ")) for line in lines if not line.startswith("#")]


CORPUS = corpus()


def test_hostile_corpus_is_complete():
    names = {name for name, _, _ in CORPUS}
    assert names == {p.name for p in HOSTILE.glob("*.npz")}
    for needed in ("truncated.npz", "wrong_dtype.npz", "wrong_shape.npz", "extra_member.npz",
                   "zip_bomb_declared.npz", "zip_bomb_forged.npz", "object_array_pickle.npz"):
        assert needed in names


@pytest.mark.parametrize("name,what,fragment", CORPUS, ids=[c[0] for c in CORPUS])
def test_hostile_snapshot_is_refused_with_a_clear_message(name, what, fragment):
    tracemalloc.start()
    try:
        with time_limit(20), pytest.raises(SnapshotError) as info:
            snapshot.load(HOSTILE / name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    msg = str(info.value)
    assert msg.startswith(f"{HOSTILE / name}: ") and "\n" not in msg
    assert fragment in msg, msg
    assert peak < 16 << 20, f"{name}: {peak} bytes"  # a bomb never inflates
    assert not hasattr(builtins, "OPEN_SESAME_UNPICKLED")


def test_pickle_in_a_member_is_never_run(tmp_path):
    # the payload would set builtins.OPEN_SESAME_UNPICKLED if anything unpickled it
    for name in ("object_array_pickle.npz",):
        with pytest.raises(SnapshotError):
            snapshot.load(HOSTILE / name)
    assert not hasattr(builtins, "OPEN_SESAME_UNPICKLED")


def test_a_real_zip_bomb_is_refused_before_inflating(tmp_path):
    good = snapshot.snapshot_arrays(tiny_model())
    member = io.BytesIO()
    np.lib.format.write_array(member, np.zeros(20))  # a valid header for 20 scores...
    payload = member.getvalue() + bytes(64_000_000)  # ...followed by 64 MB of zeros
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, arr in good.items():
            if name != "score":
                m = io.BytesIO()
                np.lib.format.write_array(m, arr)
                zf.writestr(f"{name}.npy", m.getvalue())
        zf.writestr("score.npy", payload)
    del payload
    data = buf.getvalue()
    assert len(data) < 1_000_000
    for variant, fragment in ((data, "score: holds 64000"),
                              (forge_sizes(data, "score.npy", 288), "score:")):
        tracemalloc.start()
        try:
            with time_limit(20), pytest.raises(SnapshotError, match=fragment):
                snapshot.loads(variant, "bomb.npz")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 16 << 20


# --- properties ---------------------------------------------------------------------------------

BASE = snapshot.snapshot_arrays(tiny_model())
VALID = npz(BASE)


def outcome(data: bytes) -> None:
    """Loading gives a model that can run on, or a SnapshotError; nothing else escapes."""
    with time_limit(20):
        try:
            m = snapshot.loads(data, "fuzz.npz")
        except SnapshotError as err:
            assert str(err).startswith("fuzz.npz: ") and "\n" not in str(err)
            return
        m.run(2)
        export.summary(m, "fuzz")
        export.events_jsonl(m)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_a_snapshot_error(data):
    outcome(data)
    outcome(b"PK\x03\x04" + data)
    outcome(data + VALID[-22:])  # a real end record after garbage


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_file_gives_a_model_or_a_snapshot_error(data):
    raw = bytearray(VALID)
    for _ in range(data.draw(st.integers(1, 5), label="damages")):
        op = data.draw(st.sampled_from(["flip", "truncate", "insert", "delete"]), label="op")
        pos = data.draw(st.integers(0, len(raw) - 1), label="pos")
        if op == "flip":
            raw[pos] ^= data.draw(st.integers(1, 255), label="mask")
        elif op == "truncate":
            del raw[pos:]
        elif op == "insert":
            raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=8), label="bytes")
        else:
            del raw[pos:pos + data.draw(st.integers(1, 64), label="length")]
        if not raw:
            break
    outcome(bytes(raw))


def _mutated_array(data, arr: np.ndarray) -> np.ndarray:
    op = data.draw(st.sampled_from(["value", "dtype", "shape", "empty", "extreme"]), label="array op")
    if op == "dtype":
        return arr.astype(data.draw(st.sampled_from([np.float32, np.int64, np.int8, np.bool_, ">f8", np.uint8])),
                          copy=True)
    if op == "shape":
        return np.concatenate([arr, arr[:1]]) if arr.size else np.zeros((1,) + arr.shape[1:], arr.dtype)
    if op == "empty":
        return arr[:0]
    out = arr.copy()
    if out.size == 0:
        return out
    idx = data.draw(st.integers(0, out.size - 1), label="index")
    if out.dtype == bool:
        out.view(np.uint8).reshape(-1)[idx] = data.draw(st.integers(0, 255), label="byte")
    elif out.dtype.kind == "f":
        out.reshape(-1)[idx] = data.draw(st.sampled_from([np.nan, np.inf, -np.inf, -1.0, 1e300, -1e300, 0.5, 2.0]))
    else:
        info = np.iinfo(out.dtype)
        out.reshape(-1)[idx] = data.draw(st.sampled_from([info.min, info.max, -1, 0, 1, 7, 99]))
    return out


JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                              st.text(max_size=20)),
                    lambda inner: st.one_of(st.lists(inner, max_size=3),
                                            st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                    max_leaves=8)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list) and len(node) < 50:
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_members_give_a_model_or_a_snapshot_error(data):
    arrays = dict(BASE)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        op = data.draw(st.sampled_from(["array", "drop", "add", "meta"]), label="op")
        if op == "array":
            name = data.draw(st.sampled_from(sorted(n for n in arrays if n != "meta")), label="member")
            arrays[name] = _mutated_array(data, arrays[name])
        elif op == "drop":
            arrays.pop(data.draw(st.sampled_from(sorted(arrays)), label="member"), None)
        elif op == "add":
            arrays[data.draw(st.sampled_from(["extra", "score", "friends_x"]))] = np.zeros(3)
        else:
            meta = json.loads(BASE["meta"].tobytes())
            key = data.draw(st.sampled_from(sorted(meta)), label="meta key")  # each key equally often
            path = data.draw(st.sampled_from(list(_paths(meta[key], (key,)))), label="meta path")
            node = meta
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = data.draw(JSON, label="value")
            arrays = with_meta(arrays, json.dumps(meta).encode())
    outcome(npz(arrays))


def test_tiny_overrides_are_what_the_corpus_uses():
    m = tiny_model()
    assert m.n == TINY["population.size"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.sampled_from([n for n in snapshot.citizen_arrays() if n != "group"]),
                      min_size=1, max_size=6, unique=True),
       seed=st.integers(0, 2**32 - 1))
def test_any_state_within_the_checked_ranges_loads_and_runs(names, seed):
    """The other side of the checks: whatever they let through, the model can run on."""
    from game.sim.rules.access import REASONS
    from game.records.snapcheck import FLOAT_LIMITS, SIZED_FLOAT_LIMITS

    meta = json.loads(BASE["meta"].tobytes())
    m = tiny_model()
    sizes = {"groups": m.config.population.groups, "tiers": len(m.config.tiers), "steps": meta["steps"],
             "next_id": meta["events"]["next_id"], "services": len(m.config.services), "reasons": len(REASONS),
             "low": m.config.scoring.low, "high": m.config.scoring.high,
             "duration": m.config.authorities.duration_days}
    rng = np.random.default_rng(seed)
    arrays = dict(BASE)
    for name in names:
        ref = arrays[name]
        if ref.dtype == bool:
            arrays[name] = rng.random(ref.shape) < 0.5
        elif ref.dtype.kind == "f":
            lo, hi = SIZED_FLOAT_LIMITS[name](sizes) if name in SIZED_FLOAT_LIMITS else \
                FLOAT_LIMITS.get(name, (-1e6, 1e6))
            arrays[name] = rng.uniform(lo, min(hi, 1e6), ref.shape).astype(ref.dtype)
        else:
            lo, hi = INT_LIMITS[name](sizes)
            arrays[name] = rng.integers(lo, hi, ref.shape, endpoint=True).astype(ref.dtype)
    if "score" in names:  # the stored friends' score sums follow the scores (they are checked)
        from game.sim.friends import Friendships

        keys, n = arrays["friends"], m.n
        arrays["friend_sums"] = Friendships(n, keys // n, keys % n).neighbour_sum(arrays["score"])
    with time_limit(20):
        model = snapshot.loads(npz(arrays), "ranges.npz")
        model.run(3)
        export.summary(model, "ranges")
        export.events_jsonl(model)


def test_caches_of_the_freshly_built_graph_are_not_reused(tmp_path):
    """Loading builds a model (and caches about its initial graph) before restoring the saved
    graph; a step that changes no tie must still see the saved graph, not the cached one."""
    calm = {"population.size": 60, "network.mean_degree": 8.0, "behaviour.unfriend_rate": 0.0,
            "behaviour.befriend_rate": 0.0}
    m = SocialCreditModel("sesame", rng=4, overrides=calm)
    m.step()
    before = m.datacollector.model_vars["largest_component"][-1]
    hub = int(np.argmax(m.friends.degree))
    for friend in m.friends.neighbours(hub).tolist():  # cut the best-connected citizen off
        m.apply(Unfriend(hub, friend))
    m.agents.shuffle()  # draws from Mesa's own generator (model.random)
    snapshot.save(m, tmp_path / "s.npz")
    back = snapshot.load(tmp_path / "s.npz")
    m.step()
    back.step()
    now = m.datacollector.model_vars["largest_component"][-1]
    assert now < before  # the cut changed the largest component...
    assert back.datacollector.model_vars["largest_component"][-1] == now  # ...and the loaded run sees it
    assert back.random.getstate() == m.random.getstate()  # Mesa's own generator is restored too


def test_a_loaded_city_scans_its_components_on_the_same_steps(tmp_path):
    """Above 10,000 citizens the component series repeats between scans; a run loaded from
    a snapshot keeps the same schedule, so its series match an uninterrupted run."""
    whole = SocialCreditModel("sesame", rng=5, overrides={"population.size": 12_000})
    whole.run(15)
    part = SocialCreditModel("sesame", rng=5, overrides={"population.size": 12_000})
    part.run(7)
    snapshot.save(part, tmp_path / "city.npz")
    back = snapshot.load(tmp_path / "city.npz")
    back.run(8)
    key = "largest_component"
    assert back.datacollector.model_vars[key] == whole.datacollector.model_vars[key]
    assert back.digest() == whole.digest()
