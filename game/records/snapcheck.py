"""The snapshot format's limits, and the checks that a snapshot (see
:mod:`game.records.snapshot`) describes a state the model can run.

Everything is checked before any state is restored: the metadata's keys, types and
ranges, then every array's dtype and shape (against the columns of a model freshly built
from the stored scenario), then its values. Groups must be the districts the scenario
makes (they never change); values that would index something (tiers, services,
citizens, events) must be in range; booleans must be 0 or 1 (numpy would otherwise treat
a byte 2 as true *and* its negation as true); floats must be finite; friendships sorted,
unique and between two different citizens; the event ids exactly the retained range.
A failure is a :class:`game.records.safejson.FieldError` naming the member (``score``) or the
field (``steps``).
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import numpy as np

from game.records.replay import MAX_SEED, commands_field, scenario_field
from game.records.safejson import FieldError, integer, items, number, table, text
from game.sim import indicators
from game.sim.events import COLUMNS, KIND, LISTING_CAUSES, RELEASE_CAUSES, UNFRIEND_CAUSES
from game.sim.friends import Friendships
from game.sim.commands import SetRule
from game.sim.rules.access import REASONS
from game.sim.rules.life import MAX_MONEY
from game.sim.state import citizen_arrays

# the format: its name, version and bounds (game.records.snapshot writes it, this module checks it)
FORMAT = "open-sesame-snapshot"
VERSION = 4  # 2: friend_sums stored; 3: what only the screen shows left out (refusals, recent counts);
#            4: learned fears, cascade rings, members and but-for tallies
MAX_SNAPSHOT_BYTES = 1 << 30
MAX_META_BYTES = 16 << 20
MAX_STEPS = 1_000_000
MAX_NOTES = 10_000
MAX_EVENTS = 50_000_000
# memory, checked before anything is built or inflated: the arrays of a snapshot together,
# and the series (held as Python floats by Mesa's DataCollector: ~32 bytes a value)
MAX_LOADED_BYTES = 1 << 30
MAX_SERIES_VALUES = 6_000_000  # e.g. 100,000 steps x 60 series: about 200 MB
MEAN_DEGREE_CAP = 256  # friendships stored are at most n * MEAN_DEGREE_CAP / 2
COUNTERS = ("paid", "listed", "unfriended", "befriended", "tier_changes")
COUNT_ARRAYS = ("attempts", "denials", "group_attempts", "group_denials", "reasons")

# (lo, hi) of integer citizen columns; callables take the run's sizes
INT_LIMITS = {
    "group": lambda c: (0, c["groups"] - 1),
    "tier": lambda c: (0, c["tiers"] - 1),
    "tier_start": lambda c: (0, c["tiers"] - 1),
    "streak": lambda c: (0, c["steps"]),
    "days_left": lambda c: (0, c["duration"]),  # a term's days left: 0 when not listed
    "cause_event": lambda c: (-1, c["next_id"] - 1),
    "cause_root": lambda c: (-1, c["next_id"] - 1),
    "cause_ring": lambda c: (0, 2**31 - 1),
    "cause_step": lambda c: (-10**6, c["steps"]),
}
FLOAT_LIMITS = {name: (0.0, 1.0) for name in ("reliability", "sociability", "characteristics",
                                               "char_base", "history", "threshold_u")}
FLOAT_LIMITS.update({name: (0.0, np.inf) for name in ("income_base", "sensitivity",
                                                     "tolerance", "noise", "belief", "fear_friends",
                                                     "fear_speech", "cause_loss", "cause_fear")})
FLOAT_LIMITS.update(income=(0.0, MAX_MONEY), wealth=(0.0, MAX_MONEY))
# (lo, hi) of float citizen columns that depend on the rules: scores lie in [low, high]
SIZED_FLOAT_LIMITS = {"score": lambda c: (c["low"], c["high"])}
META_KEYS = ("format", "version", "scenario", "initial_scenario", "seed", "steps", "rng", "random",
             "events", "friends", "cascades", "cascade_members", "cascade_active", "cascade_max_depth",
             "counters", "totals",
             "commands", "notes", "series", "series_int", "player", "intent")
LIVE_SECTIONS = ("scoring", "behaviour", "authorities", "services")  # what commands may change


def check_meta(meta: Any) -> dict:
    """The metadata as checked values (scenarios parsed, commands rebuilt), checked in the
    order a reader would: the format, the rules, the run's size and clock, its log, its
    counters, citizen mode (and a class's seats, when there are any), notes and series."""
    table(meta, "", META_KEYS, ("seats",))
    if meta["format"] != FORMAT:
        raise FieldError("format", f"must be {FORMAT!r} (is this a snapshot?)")
    version = integer(meta["version"], "version", 0, 10**6)
    if version != VERSION:
        older = " (from an older game: its replay record, if kept, rebuilds the run with 'sesame replay')" \
            if version < VERSION else ""
        raise FieldError("version", f"this game reads version {VERSION} snapshots, got {version}{older}")
    plan: dict[str, Any] = _scenarios(meta)
    n = plan["scenario"].population.size
    plan["seed"] = None if meta["seed"] is None else integer(meta["seed"], "seed", 0, MAX_SEED)
    steps = plan["steps"] = integer(meta["steps"], "steps", 0, MAX_STEPS)
    plan["rng"] = _rng_state(meta["rng"])
    plan["random"] = _random_state(meta["random"])
    plan["commands"] = commands_field(meta["commands"], "commands", n, steps)
    plan["events"] = _event_sizes(meta["events"], n, steps, len(plan["commands"]))
    next_id = plan["events"]["next_id"]
    plan["friends"] = integer(meta["friends"], "friends", 0, min(n * (n - 1) // 2, n * MEAN_DEGREE_CAP // 2))
    plan["cascades"] = integer(meta["cascades"], "cascades", 0, next_id)
    plan["cascade_members"] = integer(meta["cascade_members"], "cascade_members", 0, 2 * next_id)
    plan["cascade_active"] = integer(meta["cascade_active"], "cascade_active", 0, plan["cascades"])
    plan["cascade_max_depth"] = integer(meta["cascade_max_depth"], "cascade_max_depth", 0, 2**31 - 1)
    for key in ("counters", "totals"):
        table(meta[key], key, COUNTERS)
        plan[key] = {name: integer(meta[key][name], f"{key}.{name}", 0, 2**53) for name in COUNTERS}
    plan["player"] = None if meta["player"] is None else integer(meta["player"], "player", 0, n - 1)
    services = [s.name for s in plan["scenario"].services]
    plan["intent"] = _intent(meta["intent"], services)
    plan["seats"] = _seats(meta.get("seats", []), n, services, plan["player"])
    notes = items(meta["notes"], "notes", MAX_NOTES)
    plan["notes"] = [_note(note, f"notes[{i}]", steps) for i, note in enumerate(notes)]
    plan["series"], plan["series_int"] = _series_names(meta, plan["scenario"])
    values = (steps + 1) * len(plan["series"])
    if values > MAX_SERIES_VALUES:
        raise FieldError("steps", f"{steps:,} steps of {len(plan['series'])} series are {values:,} values to hold; "
                                  f"at most {MAX_SERIES_VALUES:,} (about {MAX_SERIES_VALUES // len(plan['series']) - 1:,} "
                                  f"steps of this scenario)")
    return plan


def _scenarios(meta: dict) -> dict[str, Any]:
    """The current rules and the rules at step 0; only the live sections may differ."""
    plan = {"scenario": scenario_field(meta["scenario"], "scenario"),
            "initial_scenario": scenario_field(meta["initial_scenario"], "initial_scenario")}
    for field in dataclasses.fields(plan["scenario"]):
        section = field.name
        if section not in LIVE_SECTIONS and \
                getattr(plan["scenario"], section) != getattr(plan["initial_scenario"], section):
            raise FieldError(f"scenario.{section}", "must equal initial_scenario's (it cannot change during a run)")
    if len(plan["scenario"].services) != len(plan["initial_scenario"].services):
        raise FieldError("scenario.services", "must list as many services as initial_scenario")
    return plan


def _event_sizes(value: Any, n: int, steps: int, commands: int) -> dict[str, int]:
    """The event log's counters, consistent with each other and with what a run this long
    could have logged."""
    ev = table(value, "events", ("next_id", "dropped", "max_events", "count", "chunks"))
    max_events = integer(ev["max_events"], "events.max_events", 1, MAX_EVENTS)
    next_id = integer(ev["next_id"], "events.next_id", 0, 2**62)
    dropped = integer(ev["dropped"], "events.dropped", 0, next_id)
    # every step appends at most a few events per citizen and one per friendship
    possible = min(MAX_EVENTS, (steps + 1) * n * (4 + MEAN_DEGREE_CAP // 2) + commands)
    count = integer(ev["count"], "events.count", 0, possible)
    if count != next_id - dropped:
        raise FieldError("events.count", f"must be next_id - dropped ({next_id - dropped}), got {count}")
    chunks = integer(ev["chunks"], "events.chunks", min(count, 1), count)
    if count > max_events and chunks != 1:
        raise FieldError("events.count", f"must be at most max_events ({max_events})")
    return {"next_id": next_id, "dropped": dropped, "max_events": max_events, "count": count, "chunks": chunks}


def _series_names(meta: dict, scenario) -> tuple[list[str], list[bool]]:
    """The scenario's series names, in order, and which hold whole numbers."""
    names = indicators.names(scenario)
    if items(meta["series"], "series", len(names), len(names)) != names:
        raise FieldError("series", f"must name the scenario's series: {', '.join(names)}")
    flags = items(meta["series_int"], "series_int", len(names), len(names))
    if not all(isinstance(x, bool) for x in flags):
        raise FieldError("series_int", "must be a list of true/false")
    return names, flags


def _intent(value: Any, services: list[str]) -> dict:
    """Citizen mode: the player's standing choices (true/false/null) and next applications."""
    table(value, "intent", ("pay", "speak", "apply"))
    for key in ("pay", "speak"):
        if value[key] is not None and not isinstance(value[key], bool):
            raise FieldError(f"intent.{key}", "must be true, false or null")
    names = items(value["apply"], "intent.apply", len(services))
    for i, name in enumerate(names):
        if name not in services or names.index(name) != i:
            raise FieldError(f"intent.apply[{i}]", f"must be one of the services {services}, once each")
    return {"pay": value["pay"], "speak": value["speak"], "apply": set(names)}


def _seats(value: Any, n: int, services: list[str], player: int | None) -> list[tuple[int, dict]]:
    """A class's held citizens, ascending, each once, with its person's standing choices."""
    out: list[tuple[int, dict]] = []
    for k, pair in enumerate(items(value, "seats", min(n, 10_000))):
        items(pair, f"seats[{k}]", 2, 2)
        i = integer(pair[0], f"seats[{k}][0]", 0, n - 1)
        if (out and i <= out[-1][0]) or i == player:
            raise FieldError(f"seats[{k}][0]", "must be ascending, each citizen once, not the player")
        try:
            out.append((i, _intent(pair[1], services)))
        except FieldError as exc:
            raise FieldError(f"seats[{k}].{exc.path}", exc.message) from None
    return out


def _note(value: Any, path: str, steps: int) -> tuple[int, str]:
    items(value, path, 2, 2)
    return integer(value[0], f"{path}[0]", 0, steps), text(value[1], f"{path}[1]", 1000)


def _rng_state(value: Any) -> dict:
    table(value, "rng", ("bit_generator", "state", "has_uint32", "uinteger"))
    if value["bit_generator"] != "PCG64":
        raise FieldError("rng.bit_generator", "must be 'PCG64' (the model's generator)")
    table(value["state"], "rng.state", ("state", "inc"))
    state = {"bit_generator": "PCG64",
             "state": {k: integer(value["state"][k], f"rng.state.{k}", 0, 2**128 - 1) for k in ("state", "inc")},
             "has_uint32": integer(value["has_uint32"], "rng.has_uint32", 0, 1),
             "uinteger": integer(value["uinteger"], "rng.uinteger", 0, 2**32 - 1)}
    try:
        np.random.PCG64().state = state
    except (ValueError, TypeError, OverflowError) as exc:
        raise FieldError("rng", f"is not a generator state numpy accepts ({exc})") from None
    return state


def _random_state(value: Any) -> tuple:
    items(value, "random", 3, 3)
    integer(value[0], "random[0]", 3, 3)
    internal = items(value[1], "random[1]", 625, 625)
    words = tuple(integer(x, f"random[1][{i}]", 0, 2**32 - 1) for i, x in enumerate(internal))
    integer(words[-1], "random[1][624]", 0, 624)
    gauss = value[2] if value[2] is None else number(value[2], "random[2]", -1e308, 1e308)
    state = (3, words, gauss)
    try:
        random.Random().setstate(state)
    except (ValueError, TypeError, OverflowError) as exc:
        raise FieldError("random", f"is not a generator state Python accepts ({exc})") from None
    return state


def expected_members(plan: dict) -> set[str]:
    names = {"meta", "friends", "friend_sums", "ev_chunks", "cascade_roots", "cascade_counts", "cascade_depths",
             "cascade_member_roots", "cascade_member_ids", "cascade_active_roots", "cascade_active_last", "series",
             *citizen_arrays()}
    names.update(f"ev_{c}" for c in COLUMNS)
    names.update(f"{p}_{c}" for p in ("sc", "at") for c in COUNT_ARRAYS)
    return names


def check_arrays(archive, plan: dict, model) -> dict[str, np.ndarray]:
    """Every array of the snapshot, read with the dtype and shape the model expects."""
    sc, n = plan["scenario"], model.n
    sizes = {"groups": sc.population.groups, "tiers": len(sc.tiers), "steps": plan["steps"],
             "next_id": plan["events"]["next_id"], "services": len(sc.services), "reasons": len(REASONS),
             **_rule_spans(plan)}
    out = {}
    for name in citizen_arrays():
        ref = np.asarray(getattr(model, name))
        arr = out[name] = archive.read(name, ref.dtype, ref.shape)
        limits = INT_LIMITS[name](sizes) if name in INT_LIMITS else \
            SIZED_FLOAT_LIMITS[name](sizes) if name in SIZED_FLOAT_LIMITS else FLOAT_LIMITS.get(name)
        _values(arr, name, limits)
    if not np.array_equal(out["group"], model.group):
        raise FieldError("group", "must be the scenario's districts (they never change during a run)")
    out["friends"] = _friends(archive.read("friends", np.int64, (plan["friends"],)), n)
    sums = out["friend_sums"] = archive.read("friend_sums", np.float64, (n,))
    _values(sums, "friend_sums", None)
    _friend_sums_match(sums, out["friends"], out["score"], n)
    out.update(_events(archive, plan, n))
    roots = out["cascade_roots"] = archive.read("cascade_roots", np.int64, (plan["cascades"],))
    counts = out["cascade_counts"] = archive.read("cascade_counts", np.int64, (plan["cascades"],))
    _values(roots, "cascade_roots", (0, max(plan["events"]["next_id"] - 1, 0)))
    _values(counts, "cascade_counts", (1, 2**53))
    if np.unique(roots).size != roots.size:
        raise FieldError("cascade_roots", "must not repeat a root")
    depths = out["cascade_depths"] = archive.read("cascade_depths", np.int64, (plan["cascades"],))
    _values(depths, "cascade_depths", (0, 2**31 - 1))
    m = plan["cascade_members"]
    member_roots = out["cascade_member_roots"] = archive.read("cascade_member_roots", np.int64, (m,))
    member_ids = out["cascade_member_ids"] = archive.read("cascade_member_ids", np.int64, (m,))
    _values(member_ids, "cascade_member_ids", (0, n - 1))
    active = out["cascade_active_roots"] = archive.read("cascade_active_roots", np.int64, (plan["cascade_active"],))
    last = out["cascade_active_last"] = archive.read("cascade_active_last", np.int64, (plan["cascade_active"],))
    _values(last, "cascade_active_last", (0, plan["steps"]))
    if not (np.isin(active, roots).all() and np.isin(member_roots, active).all()):
        raise FieldError("cascade_member_roots", "must name cascades that are still growing")
    keys = member_roots * n + member_ids
    if keys.size > 1 and not (np.diff(keys) > 0).all():
        raise FieldError("cascade_member_ids", "must be sorted by cascade, then citizen, without repeats")
    s, t, g = len(sc.services), len(sc.tiers), int(out["group"].max()) + 1
    shapes = {"attempts": (s, t), "denials": (s, t), "group_attempts": (g,), "group_denials": (g,),
              "reasons": (s, len(REASONS))}
    for prefix in ("sc", "at"):
        for name, shape in shapes.items():
            key = f"{prefix}_{name}"
            _values(out.setdefault(key, archive.read(key, np.int64, shape)), key, (0, 2**62))
    series = out["series"] = archive.read("series", np.float64, (plan["steps"] + 1, len(plan["series"])))
    if np.isinf(series).any():
        raise FieldError("series", "must not hold infinite values")
    ints = series[:, np.array(plan["series_int"], dtype=bool)]
    if not np.all((ints == np.round(ints)) & (np.abs(ints) <= 2**53)):
        raise FieldError("series", "columns marked as whole numbers must hold whole numbers")
    return out


def _rule_spans(plan: dict) -> dict[str, float]:
    """The widest score range and blacklist term the run can have had: its first rules,
    its current ones and every rule a command or the timeline set on the way (a score outside them, or a
    term longer than any, was not made by this game)."""
    first, now = plan["initial_scenario"], plan["scenario"]
    spans = {"low": [first.scoring.low, now.scoring.low], "high": [first.scoring.high, now.scoring.high],
             "duration": [first.authorities.duration_days, now.authorities.duration_days]}
    paths = {"scoring.low": "low", "scoring.high": "high", "authorities.duration_days": "duration"}
    sets = [(cmd.path, cmd.value) for _, cmd in plan["commands"] if isinstance(cmd, SetRule)]
    sets += [(ev.path, ev.value) for ev in first.timeline if ev.action == "set"]
    for path, value in sets:
        if path in paths and isinstance(value, (int, float)):
            spans[paths[path]].append(value)
    return {"low": min(spans["low"]), "high": max(spans["high"]), "duration": int(max(spans["duration"]))}


def _values(arr: np.ndarray, name: str, limits: tuple | None) -> None:
    """Booleans are 0/1, floats finite, and values within ``limits`` (inclusive)."""
    if arr.dtype == bool:
        if arr.size and arr.view(np.uint8).max() > 1:
            raise FieldError(name, "true/false values must be stored as 0 or 1")
        return
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr)
        if bad.any():
            raise FieldError(name, f"must hold finite numbers, found {arr[bad][0]}")
    elif limits is None:
        raise FieldError(name, "has no declared range (a bug: add it to game.records.snapcheck.INT_LIMITS)")
    if limits is not None and arr.size:
        lo, hi = limits
        low, high = arr.min(), arr.max()
        if low < lo or high > hi:
            raise FieldError(name, f"values must be from {lo:g} to {hi:g}, found {low if low < lo else high:g}")


def _friend_sums_match(sums: np.ndarray, keys: np.ndarray, score: np.ndarray, n: int) -> None:
    """The stored sums of friends' scores agree with the stored ties and scores (they are
    kept incrementally, so only rounding may differ)."""
    exact = Friendships(n, keys // n, keys % n).neighbour_sum(score) if n else np.zeros(0)
    degree = np.bincount(np.r_[keys // n, keys % n], minlength=n) if n else np.zeros(0)
    tol = 1e-9 * (degree + 1) * max(1.0, float(np.abs(score).max(initial=0.0)))
    bad = np.flatnonzero(np.abs(sums - exact) > tol)
    if bad.size:
        i = int(bad[0])
        raise FieldError("friend_sums", f"must be each citizen's sum of friends' scores: citizen {i} "
                                        f"has {sums[i]:g}, the ties and scores give {exact[i]:g}")


def _friends(keys: np.ndarray, n: int) -> np.ndarray:
    if keys.size:
        if keys[0] < 0 or keys[-1] >= n * n or np.any(np.diff(keys) <= 0):
            raise FieldError("friends", f"must be ascending, unique keys from 0 to {n * n - 1}")
        if np.any(keys // n >= keys % n):
            raise FieldError("friends", "each friendship must join two different citizens (u < v)")
    return keys


def _events(archive, plan: dict, n: int) -> dict[str, np.ndarray]:
    ev, count = plan["events"], plan["events"]["count"]
    out = {f"ev_{c}": archive.read(f"ev_{c}", dt, (count,)) for c, dt in COLUMNS.items()}
    chunks = out["ev_chunks"] = archive.read("ev_chunks", np.int64, (ev["chunks"],))
    _values(chunks, "ev_chunks", (1, count))
    if int(chunks.sum()) != count:
        raise FieldError("ev_chunks", f"must add up to the number of events ({count})")
    if not np.array_equal(out["ev_id"], np.arange(ev["dropped"], ev["next_id"], dtype=np.int64)):
        raise FieldError("ev_id", f"must be the ids {ev['dropped']} to {ev['next_id'] - 1} in order")
    last = max(ev["next_id"] - 1, 0)
    for col, lim in (("step", (0, plan["steps"])), ("kind", (0, len(KIND) - 1)), ("a", (0, n - 1)),
                     ("b", (-1, n - 1)), ("cause", (-1, last)), ("root", (-1, last)), ("depth", (0, 2**15 - 1))):
        _values(out[f"ev_{col}"], f"ev_{col}", lim)
    detail, kinds = out["ev_detail"], out["ev_kind"]
    allowed = {"blacklisted": len(LISTING_CAUSES), "released": len(RELEASE_CAUSES),
               "pardoned": len(RELEASE_CAUSES), "unfriended": len(UNFRIEND_CAUSES), "befriended": 1}
    for kind, k in KIND.items():
        d = detail[kinds == k]
        if d.size and (d.min() < 0 or d.max() >= allowed[kind]):
            raise FieldError("ev_detail", f"{kind} events have causes 0 to {allowed[kind] - 1}")
    return out

