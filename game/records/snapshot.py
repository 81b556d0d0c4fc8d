"""State digests and snapshots: a running model saved as data, never as pickle.

A snapshot is one ``.npz`` file (a zip of ``.npy`` arrays, written atomically) holding:

- ``meta``: a JSON document stored as a ``uint8`` array: format name and version, the
  scenario as TOML (the current rules and the rules at step 0), seed, steps completed,
  the generator states (numpy's ``bit_generator.state`` and Mesa's ``random`` state,
  both plain integers), the player's command log, notes, per-step counters, the names of
  the series, citizen mode's player and standing choices (a class's seats too, when it has
  any: each held citizen with its person's standing choices), and the length of every
  variable-length array below;
- one array per citizen column (``STATE_ARRAYS`` plus ``EXTRA_ARRAYS``, see
  :mod:`game.sim.state`), in the dtype the model uses;
- ``friends``: the keys ``u * n + v`` (``u < v``, ascending) of the live friendships;
- ``friend_sums``: each citizen's sum of friends' scores as the model holds it (kept
  current incrementally as ties change, so its last bits depend on the order of changes:
  storing it lets a loaded run continue bit for bit);
- ``ev_<column>`` and ``ev_chunks``: the event log (see :meth:`EventLog.state`);
- ``cascade_roots`` / ``cascade_counts`` / ``cascade_depths`` (every cascade's size in
  citizens and depth in rings), ``cascade_member_roots`` / ``cascade_member_ids`` (who is in
  each cascade still growing, so sizes keep counting distinct citizens) and
  ``cascade_active_roots`` / ``cascade_active_last`` (those cascades and their latest step),
  ``sc_*`` / ``at_*`` (this step's and all-time access counts) and ``series`` (the
  DataCollector's model series, one row per step, one column per series name).

Derived values are rebuilt rather than stored (the group index, private caches). What
only a screen shows is not stored either (version 3 on): each citizen's latest refusals
and the recent access counts belong to the screen's
:class:`~game.sim.access_memory.AccessMemory`, which sees the steps it observed; a
screen showing a loaded run starts with an empty memory, which says "no refusal
remembered" rather than inventing one, and fills as the run goes on. Loading
builds a model from the stored scenario and seed, then overwrites its state and Mesa's
clock, so the loaded model continues exactly as the saved one would have, step for step
(tests/test_snapshot.py checks this for every shipped scenario on Mesa 3.3 and 3.5).

A snapshot may come from someone else. :func:`load` reads at most ``MAX_SNAPSHOT_BYTES``,
bounds the zip directory, reads each array only with the dtype of the model's own column
and the shape the checked metadata implies (declared sizes are compared *before* anything
is inflated: see :mod:`game.records.npzfile`), refuses NaN/inf, booleans other than 0/1, indices
out of range and unsorted or impossible friendships, and never unpickles. Any problem is a
:class:`SnapshotError` naming the member or field; nothing is half-loaded.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

from game.records import safejson
from game.records.files import atomic_write, read_limited
from game.records.npzfile import Archive
from game.records.safejson import FieldError
from game.records.snapcheck import (COUNT_ARRAYS, COUNTERS, FORMAT, MAX_LOADED_BYTES, MAX_META_BYTES,
                                    MAX_SNAPSHOT_BYTES, VERSION, check_arrays, check_meta, expected_members)
from game.scenario.tomlfile import dumps
from game.sim import indicators
from game.sim import population
from game.sim.events import EventLog
from game.sim.friends import Friendships
from game.sim.model import SocialCreditModel
from game.sim.player import Intent
from game.sim.state import citizen_arrays


# every other public attribute of the model, and how a snapshot deals with it
RESTORED = ("config", "initial_config", "seed_value", "friends", "friend_sums", "events", "cascade_sizes",
            "cascade_depths", "cascade_keys", "cascade_last",
            "cascade_max_depth", "step_counts", "access_totals", "datacollector", "command_log", "notes",
            "player", "intent", "seats")
DERIVED = ("n", "citizens", "group_order", "group_size", "group_start", "reporter_memo")  # rebuilt
TRANSIENT = ("deeds", "refusals", "score_parts")  # set within one step: for the step itself, and for observers


class SnapshotError(ValueError):
    """An unusable snapshot: ``source``, the member or ``field`` at fault, and why."""

    def __init__(self, source: str, message: str, field: str = ""):
        self.source, self.field, self.message = source, field, message
        super().__init__(f"{source}: {field}: {message}" if field else f"{source}: {message}")


# --- saving ----------------------------------------------------------------------------------

def save(model, path: str | Path) -> Path:
    """Write a snapshot of ``model`` to ``path`` atomically (the old file survives a crash)."""
    buf = io.BytesIO()
    np.savez_compressed(buf, **snapshot_arrays(model))
    return atomic_write(path, buf.getvalue())


def snapshot_arrays(model) -> dict[str, np.ndarray]:
    """Every member of the snapshot of ``model`` (``meta`` included)."""
    out = {name: np.asarray(getattr(model, name)) for name in citizen_arrays()}
    f = model.friends
    out["friends"] = f.key[f.alive].astype(np.int64)
    out["friend_sums"] = np.asarray(model.friend_score_sum(), dtype=np.float64)
    ev = model.events.state()
    for name, arr in ev.items():
        if name != "meta":
            out[f"ev_{name}"] = arr
    roots = list(model.cascade_sizes)
    out["cascade_roots"] = np.array(roots, dtype=np.int64)
    out["cascade_counts"] = np.array([model.cascade_sizes[r] for r in roots], dtype=np.int64)
    out["cascade_depths"] = np.array([model.cascade_depths.get(r, 0) for r in roots], dtype=np.int64)
    keys = model.cascade_keys
    out["cascade_member_roots"] = keys // model.n
    out["cascade_member_ids"] = keys % model.n
    out["cascade_active_roots"] = np.array(list(model.cascade_last), dtype=np.int64)
    out["cascade_active_last"] = np.array(list(model.cascade_last.values()), dtype=np.int64)
    for prefix, counts in (("sc", model.step_counts), ("at", model.access_totals)):
        for name in COUNT_ARRAYS:
            out[f"{prefix}_{name}"] = np.asarray(getattr(counts, name), dtype=np.int64)
    names, columns = _series(model)
    out["series"] = columns
    next_id, dropped, max_events = (int(x) for x in ev["meta"])
    meta = {
        "format": FORMAT, "version": VERSION,
        "scenario": dumps(model.config), "initial_scenario": dumps(model.initial_config),
        "seed": None if model.seed_value is None else int(model.seed_value),
        "steps": int(model.steps),
        "rng": model.rng.bit_generator.state,
        "random": _random_state(model.random.getstate()),
        "events": {"next_id": next_id, "dropped": dropped, "max_events": max_events,
                   "count": int(ev["id"].size), "chunks": int(ev["chunks"].size)},
        "friends": int(out["friends"].size), "cascades": int(out["cascade_roots"].size),
        "cascade_members": int(model.cascade_keys.size), "cascade_active": len(model.cascade_last),
        "cascade_max_depth": int(model.cascade_max_depth),
        "counters": {name: int(getattr(model.step_counts, name)) for name in COUNTERS},
        "totals": {name: int(getattr(model.access_totals, name)) for name in COUNTERS},
        "commands": [{"at": int(at), **cmd.to_dict()} for at, cmd in model.command_log],
        "notes": [[int(step), str(note)] for step, note in model.notes],
        "series": names["names"], "series_int": names["ints"],
        "player": None if model.player is None else int(model.player),
        "intent": {"pay": model.intent.pay, "speak": model.intent.speak, "apply": sorted(model.intent.apply)},
    }
    if model.seats:  # a class: only then, so other snapshots are as they always were
        meta["seats"] = [[int(i), {"pay": it.pay, "speak": it.speak, "apply": sorted(it.apply)}]
                         for i, it in sorted(model.seats.items())]
    out["meta"] = np.frombuffer(json.dumps(meta, separators=(",", ":")).encode("utf-8"), dtype=np.uint8)
    return out


def _series(model) -> tuple[dict, np.ndarray]:
    data = model.datacollector.model_vars
    names = indicators.names(model.config)
    rows = len(data[names[0]]) if names else 0
    cols = np.zeros((rows, len(names)), dtype=np.float64)
    ints = []
    for j, name in enumerate(names):
        values = data[name]
        ints.append(all(isinstance(v, (int, np.integer)) for v in values))
        cols[:, j] = np.asarray(values, dtype=np.float64)
    return {"names": names, "ints": ints}, cols


def _random_state(state: tuple) -> list:
    version, internal, gauss = state
    return [int(version), [int(x) for x in internal], gauss]


# --- loading ---------------------------------------------------------------------------------

def load(path: str | Path):
    """Read a snapshot file into a new model; :class:`SnapshotError` on any problem."""
    source = str(path)
    try:
        data = read_limited(path, MAX_SNAPSHOT_BYTES)
    except ValueError as exc:
        raise SnapshotError(source, str(exc)) from None
    except OSError as exc:
        raise SnapshotError(source, f"cannot be read: {exc.strerror or exc}") from None
    return loads(data, source)


def loads(data: bytes, source: str = "<snapshot>"):
    """A model from the bytes of a snapshot file."""
    if len(data) > MAX_SNAPSHOT_BYTES:
        raise SnapshotError(source, f"is {len(data)} bytes; at most {MAX_SNAPSHOT_BYTES} allowed")
    try:
        archive = Archive(data)
        raw = archive.read("meta", np.uint8, (archive.length("meta", np.uint8, MAX_META_BYTES),))
    except ValueError as exc:
        raise SnapshotError(source, str(exc)) from None
    try:
        meta = safejson.loads(raw.tobytes())
    except ValueError as exc:
        raise SnapshotError(source, str(exc), "meta") from None
    try:
        plan = check_meta(meta)
    except FieldError as exc:
        raise SnapshotError(source, exc.message, f"meta.{exc.path}" if exc.path else "meta") from None
    names = archive.names()
    want = expected_members(plan)
    if names != want:
        extra, missing = sorted(names - want), sorted(want - names)
        what = f"unexpected member {extra[0]!r}" if extra else f"member {missing[0]!r} is missing"
        raise SnapshotError(source, f"{what} (not a snapshot of this version)")
    declared = archive.declared_bytes()  # memory, before the model is built or anything inflated
    if declared > MAX_LOADED_BYTES:
        raise SnapshotError(source, f"its arrays would take {declared / 2**20:,.0f} MB in memory; "
                                    f"at most {MAX_LOADED_BYTES / 2**20:,.0f} MB")
    n = plan["scenario"].population.size  # each column holds n values of 1 to 8 bytes: a file
    for name in citizen_arrays():  # that does not is refused before a model of n citizens is built
        size = archive.members[f"{name}.npy"].file_size
        if not n <= size <= 8 * n + 10_016:
            raise SnapshotError(source, f"holds {size} bytes, not a column of {n:,} citizens "
                                        f"({n:,} to {8 * n:,} bytes)", name)
    model = _build(plan)
    try:
        arrays = check_arrays(archive, plan, model)
    except FieldError as exc:
        raise SnapshotError(source, exc.message, exc.path) from None
    except ValueError as exc:
        raise SnapshotError(source, str(exc)) from None
    _restore(model, plan, arrays)
    return model


def _build(plan: dict):
    """A model of the stored scenario and size whose state is about to be overwritten."""
    seed = plan["seed"] if plan["seed"] is not None else 0
    return SocialCreditModel(plan["scenario"], rng=seed, max_events=plan["events"]["max_events"])


def _restore(model, plan: dict, arrays: dict[str, np.ndarray]) -> None:
    _restore_society(model, arrays)
    _restore_log(model, plan, arrays)
    _restore_run(model, plan, arrays["series"])


def _restore_society(model, arrays: dict[str, np.ndarray]) -> None:
    """The citizen columns, the friendships and the friends' score sums (what is derived
    from them is rebuilt: the group index, the reporters' memo)."""
    for name in citizen_arrays():
        setattr(model, name, arrays[name])
    population.index_groups(model)
    n, keys = model.n, arrays["friends"]
    version = model.friends.version
    model.friends = Friendships(n, keys // n, keys % n)
    model.friends.version = version + 1  # caches keyed on the graph's version are now stale
    model.friend_sums.restore(model.friends, model.score, arrays["friend_sums"])
    model.reporter_memo = indicators.ReporterMemo()


def _restore_log(model, plan: dict, arrays: dict[str, np.ndarray]) -> None:
    """The event log, the cascades and the access counts."""
    ev = {name[3:]: arr for name, arr in arrays.items() if name.startswith("ev_")}
    e = plan["events"]
    ev["meta"] = np.array([e["next_id"], e["dropped"], e["max_events"]], dtype=np.int64)
    model.events = EventLog.from_state(ev)
    roots = arrays["cascade_roots"].tolist()
    model.cascade_sizes = dict(zip(roots, arrays["cascade_counts"].tolist()))
    model.cascade_depths = {r: d for r, d in zip(roots, arrays["cascade_depths"].tolist()) if d}
    model.cascade_last = dict(zip(arrays["cascade_active_roots"].tolist(), arrays["cascade_active_last"].tolist()))
    keys = arrays["cascade_member_roots"] * model.n + arrays["cascade_member_ids"]
    model.cascade_keys = np.sort(keys.astype(np.int64))  # stored sorted and unique; checked on load
    model.cascade_max_depth = plan["cascade_max_depth"]
    for prefix, attr, key in (("sc", "step_counts", "counters"), ("at", "access_totals", "totals")):
        counts = indicators.StepCounts.empty(model)
        for name in COUNT_ARRAYS:
            setattr(counts, name, arrays[f"{prefix}_{name}"])
        for name in COUNTERS:
            setattr(counts, name, plan[key][name])
        setattr(model, attr, counts)


def _restore_run(model, plan: dict, series: np.ndarray) -> None:
    """The series, citizen mode, commands and notes, the rules, the generators and the clock."""
    model.datacollector.model_vars = {
        name: [int(x) for x in series[:, j]] if is_int else series[:, j].tolist()
        for j, (name, is_int) in enumerate(zip(plan["series"], plan["series_int"]))}
    model.player = plan["player"]
    model.intent = Intent(**plan["intent"])
    model.seats = {i: Intent(**intent) for i, intent in plan["seats"]}
    model.command_log = list(plan["commands"])
    model.notes = list(plan["notes"])
    model.config, model.initial_config = plan["scenario"], plan["initial_scenario"]
    model.seed_value = plan["seed"]
    model.rng.bit_generator.state = plan["rng"]
    model.random.setstate(plan["random"])
    _set_clock(model, plan["steps"])
    if "largest_component" in plan["series"] and series.shape[0]:
        model.reporter_memo.resume_scan(float(series[-1, plan["series"].index("largest_component")]), plan["steps"])


def _set_clock(model, steps: int) -> None:
    """Mesa's step counter (all versions) and, from Mesa 3.5, its clock and step event."""
    model.steps = steps
    if hasattr(model, "time"):
        model.time = float(steps)
    if hasattr(model.datacollector, "_collection_steps"):
        model.datacollector._collection_steps = [float(i) for i in range(steps + 1)]
    schedule = getattr(model, "_default_schedule", None)
    if schedule is not None:  # Mesa 3.5 steps through an event due at time + 1
        schedule.pause()
        schedule.resume()
        if hasattr(schedule, "_execution_count"):
            schedule._execution_count = steps
