"""Replay records: a run as scenario + seed + the player's commands, checked by a digest.

A record is one JSON object (UTF-8, at most ``MAX_RECORD_BYTES``)::

    {"format": "open-sesame-replay", "version": 2,
     "scenario": "<TOML text of the rules at step 0>",
     "seed": 42, "steps": 120,
     "commands": [{"at": 7, "command": "Blacklist", "citizen": 12}, ...],
     "digest": "<SHA-256 of the final state, 64 hex digits>",
     "parts": {"steps": "<SHA-256>", "income_base": "<SHA-256>", ..., "events": "<SHA-256>"},
     "made_with": {"game": "0.2.0", "python": "3.11.7", "numpy": "2.4.6", "mesa": "3.3.1",
                   "system": "Linux", "machine": "x86_64", "cpu": "AVX2 FMA3 ..."}}

``parts`` holds one digest per piece of the state (:func:`game.sim.state.digest_parts`) and
``made_with`` the environment the run was made in, so a replay that does not match names
the first piece that differs and both environments instead of one opaque hash. Version 1
records (no ``parts``, no ``made_with``) are still read.

``at`` is the number of steps completed when the player applied the command (commands
apply between steps; several may share a step, in file order). Commands from the
scenario's own timeline are part of the scenario, not of the record.

A record arrives from someone else, so :func:`load_record` reads a bounded file, parses
strict JSON (:mod:`game.records.safejson`) and checks every field before anything runs: exact
keys, types, ranges, commands the game knows with the arguments they take, citizen ids
below the population, ``at`` never decreasing and never past ``steps``. The scenario text
goes through the same loader as a file. Every problem is a :class:`RecordError` naming the
field (``commands[3].at``). Nothing in a record is executed except as one of the five
known commands, through :meth:`SocialCreditModel.apply`.
"""

from __future__ import annotations

import json
import platform
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa
import numpy as np

import game
from game.records import safejson
from game.records.files import atomic_write, read_limited
from game.records.safejson import FieldError, integer, items, table, text
from game.scenario import budget
from game.scenario.schema import ScenarioError
from game.scenario.spec import Scenario
from game.scenario.tomlfile import MAX_FILE_BYTES, dumps, loads
from game.sim.commands import COMMANDS, Command, CommandRejected
from game.sim.model import SocialCreditModel
from game.sim.state import PIECES, digest_parts

try:  # numpy >= 2: which of its optional CPU kernels this machine runs
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    _CPU_TABLE: tuple | None = (__cpu_dispatch__, __cpu_features__)
except ImportError:  # pragma: no cover - numpy without the private table
    _CPU_TABLE = None

FORMAT = "open-sesame-replay"
VERSION = 2
READS = (1, 2)  # record versions this game replays
# pieces of the state in records made before the refusal memory left it (see game.sim.access_memory)
RETIRED_PIECES = ("last_denied_service", "last_denied_reason", "last_denied_step", "last_denied_value")
ENVIRONMENT_KEYS = ("game", "python", "numpy", "mesa", "system", "machine", "cpu")
MAX_RECORD_BYTES = 8 << 20
MAX_COMMANDS = 50_000
MAX_STEPS = 1_000_000
MAX_SEED = 2**63 - 1
# the arguments each command takes, as (name, kind); kind "citizen" is an id below the population
COMMAND_ARGS = {"SetRule": (("path", "rule"), ("value", "value")), "Blacklist": (("citizen", "citizen"),),
                "Pardon": (("citizen", "citizen"),), "Befriend": (("a", "citizen"), ("b", "citizen")),
                "Unfriend": (("a", "citizen"), ("b", "citizen")), "PlayAs": (("citizen", "citizen"),),
                "Act": (("pay", "choice"), ("speak", "choice"), ("apply_for", "services")),
                "Appeal": (("citizen", "citizen"),), "Settle": (("citizen", "citizen"),),
                # a class (game.classroom): several people, each holding one citizen
                "TakeSeat": (("citizen", "citizen"),), "LeaveSeat": (("citizen", "citizen"),),
                "SeatAct": (("citizen", "citizen"), ("pay", "choice"), ("speak", "choice"),
                            ("apply_for", "services")),
                "AskFriend": (("a", "citizen"), ("b", "citizen"))}
_HEX64 = re.compile(r"[0-9a-f]{64}")


class RecordError(ValueError):
    """An unusable replay record: ``source``, the ``field`` at fault and why."""

    def __init__(self, source: str, message: str, field: str = ""):
        self.source, self.field, self.message = source, field, message
        super().__init__(f"{source}: {field}: {message}" if field else f"{source}: {message}")


@dataclass(frozen=True)
class Record:
    scenario: Scenario
    seed: int
    steps: int
    commands: tuple[tuple[int, Command], ...]
    digest: str
    source: str = "<record>"
    parts: tuple[tuple[str, str], ...] = ()  # (piece, SHA-256) in digest order; () in version 1
    made_with: tuple[tuple[str, str], ...] = ()  # (key, value) of ENVIRONMENT_KEYS


def environment() -> dict[str, str]:
    """What this run is made with: versions of the game, Python, numpy and Mesa, the
    system, the machine and the CPU features numpy dispatches to."""
    if _CPU_TABLE is None:  # pragma: no cover - numpy without the private table
        cpu = "unknown"
    else:
        dispatch, features = _CPU_TABLE
        cpu = " ".join(f for f in dispatch if features.get(f)) or "baseline"
    return {"game": game.__version__, "python": platform.python_version(), "numpy": np.__version__,
            "mesa": mesa.__version__, "system": platform.system(), "machine": platform.machine(),
            "cpu": cpu[:120]}


def describe(env: dict[str, str] | tuple) -> str:
    """One line: ``Open Sesame 0.2.0, Python 3.11.7, numpy 2.4.6, Mesa 3.3.1, Linux x86_64, CPU: ...``."""
    e = dict(env)
    if not e:
        return "not recorded (a version 1 record)"
    return (f"Open Sesame {e.get('game', '?')}, Python {e.get('python', '?')}, numpy {e.get('numpy', '?')}, "
            f"Mesa {e.get('mesa', '?')}, {e.get('system', '?')} {e.get('machine', '?')}, CPU: {e.get('cpu', '?')}")


def record_of(model) -> dict[str, Any]:
    """The record of a model's run so far, as plain JSON-ready data."""
    if model.seed_value is None:
        raise RecordError("record", "this run was not started from a whole-number seed, so it cannot be replayed")
    return {"format": FORMAT, "version": VERSION, "scenario": dumps(model.initial_config),
            "seed": int(model.seed_value), "steps": int(model.steps),
            "commands": [{"at": int(at), **cmd.to_dict()} for at, cmd in model.command_log],
            "digest": model.digest(), "parts": digest_parts(model), "made_with": environment()}


def first_difference(record: Record, model) -> str | None:
    """The first piece of the state (in digest order) where ``model`` differs from the
    record, or None when the record has no parts or every piece matches."""
    got = digest_parts(model)
    for name, want in record.parts:
        if got.get(name) != want:
            return name
    return None


def save_record(model, path: str | Path) -> Path:
    """Write the record of the model's run so far to ``path`` (atomically)."""
    return atomic_write(path, json.dumps(record_of(model), indent=1) + "\n")


def load_record(path: str | Path) -> Record:
    """Read and check a record file; :class:`RecordError` naming the field otherwise."""
    source = str(path)
    try:
        data = read_limited(path, MAX_RECORD_BYTES)
    except ValueError as exc:
        raise RecordError(source, str(exc)) from None
    except OSError as exc:
        raise RecordError(source, f"cannot be read: {exc.strerror or exc}") from None
    return loads_record(data, source)


def loads_record(data: bytes | str, source: str = "<record>") -> Record:
    """Check a record given as JSON text."""
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError(source, f"is {len(data)} bytes; at most {MAX_RECORD_BYTES} allowed")
    try:
        doc = safejson.loads(data)
    except ValueError as exc:
        raise RecordError(source, str(exc)) from None
    try:
        return _check(doc, source)
    except FieldError as exc:
        raise RecordError(source, exc.message, exc.path) from None


def _check(doc: Any, source: str) -> Record:
    if not isinstance(doc, dict):
        raise FieldError("", f"must be an object, got {safejson.kind(doc)}")
    if doc.get("format") != FORMAT:
        raise FieldError("format", f"must be {FORMAT!r} (is this a replay record?)")
    version = integer(doc.get("version"), "version", 0, 10**6)
    if version not in READS:
        raise FieldError("version", f"this game reads version {' or '.join(map(str, READS))} records, "
                                    f"got {version}")
    keys = ("format", "version", "scenario", "seed", "steps", "commands", "digest")
    table(doc, "", keys if version == 1 else keys + ("parts", "made_with"))
    scenario = scenario_field(doc["scenario"], "scenario")
    seed = integer(doc["seed"], "seed", 0, MAX_SEED)
    steps = integer(doc["steps"], "steps", 0, MAX_STEPS)
    commands = commands_field(doc["commands"], "commands", scenario.population.size, steps)
    problem = budget.replay_problem(scenario, steps, len(commands))  # work, not only bytes
    if problem:
        raise FieldError(*problem)
    digest = text(doc["digest"], "digest", 64)
    if not _HEX64.fullmatch(digest):
        raise FieldError("digest", "must be 64 lower-case hex digits (a SHA-256)")
    parts = made_with = ()
    if version >= 2:
        parts, made_with = _parts(doc["parts"]), _made_with(doc["made_with"])
    return Record(scenario, seed, steps, tuple(commands), digest, source, parts, made_with)


def _parts(value: Any) -> tuple[tuple[str, str], ...]:
    known = PIECES
    if not isinstance(value, dict):
        raise FieldError("parts", f"must be an object, got {safejson.kind(value)}")
    for name, h in value.items():
        if name in RETIRED_PIECES:
            raise FieldError(f"parts.{name}", "belongs to the state of an older game (each citizen's latest "
                                              "refusals, which the screen now keeps): this game cannot check "
                                              "that record; an older version of Open Sesame can")
        if name not in known:
            raise FieldError(f"parts.{name[:40]}", f"is not a piece of the state; known: {', '.join(known)}")
        if not isinstance(h, str) or not _HEX64.fullmatch(h):
            raise FieldError(f"parts.{name}", "must be 64 lower-case hex digits (a SHA-256)")
    return tuple((name, value[name]) for name in known if name in value)  # digest order


def _made_with(value: Any) -> tuple[tuple[str, str], ...]:
    table(value, "made_with", ENVIRONMENT_KEYS)
    return tuple((k, text(value[k], f"made_with.{k}", 120)) for k in ENVIRONMENT_KEYS)


def scenario_field(value: Any, path: str) -> Scenario:
    """Scenario TOML text inside a JSON document, validated like a file."""
    text(value, path, MAX_FILE_BYTES)
    try:
        return loads(value, path)
    except ScenarioError as exc:
        where, msg = exc.problems[0]
        raise FieldError(f"{path}.{where}" if where else path, msg) from None


def commands_field(value: Any, path: str, n: int, steps: int) -> list[tuple[int, Command]]:
    """``[{"at": k, "command": name, ...args}]`` as (at, Command), checked against
    the population size ``n`` and the run length ``steps``."""
    out: list[tuple[int, Command]] = []
    for i, entry in enumerate(items(value, path, MAX_COMMANDS)):
        where = f"{path}[{i}]"
        if not isinstance(entry, dict):
            raise FieldError(where, f"must be an object, got {safejson.kind(entry)}")
        name = entry.get("command")
        if not isinstance(name, str) or name not in COMMAND_ARGS:
            raise FieldError(f"{where}.command", f"must be one of {', '.join(COMMAND_ARGS)}, "
                             f"got {safejson.kind(name)}")
        args = COMMAND_ARGS[name]
        table(entry, where, ("at", "command") + tuple(a for a, _ in args))
        at = integer(entry["at"], f"{where}.at", 0, steps)
        if out and at < out[-1][0]:
            raise FieldError(f"{where}.at", f"must not be before the previous command's ({out[-1][0]})")
        kwargs = {a: _argument(entry[a], f"{where}.{a}", k, n) for a, k in args}
        out.append((at, COMMANDS[name](**kwargs)))
    return out


def _argument(value: Any, path: str, kind: str, n: int) -> Any:
    if kind == "citizen":
        return integer(value, path, 0, n - 1)
    if kind == "rule":
        return text(value, path, 80)
    if kind == "choice":  # citizen mode: true, false or null (the rules decide)
        if value is None or isinstance(value, bool):
            return value
        raise FieldError(path, f"must be true, false or null, got {safejson.kind(value)}")
    if kind == "services":
        if not isinstance(value, list) or len(value) > 16:
            raise FieldError(path, "must be a list of at most 16 service names")
        return tuple(text(v, f"{path}[{k}]", 24) for k, v in enumerate(value))
    if isinstance(value, str):
        return text(value, path, 80)
    if isinstance(value, bool) or (isinstance(value, (int, float)) and abs(value) <= 1e15):
        return value
    raise FieldError(path, f"must be a number from -1e15 to 1e15, true/false or short text, got "
                     f"{safejson.kind(value)}")


def replay(record: Record, progress=None):
    """Re-run a record. Returns ``(model, ok)``: ``ok`` when the final digest matches.

    A command the game refuses during the replay means the record does not describe a
    run this game can make: :class:`RecordError` naming the command.
    """
    model = SocialCreditModel(record.scenario, rng=record.seed)
    commands, i = record.commands, 0
    while True:
        while i < len(commands) and commands[i][0] == model.steps:
            try:
                model.apply(commands[i][1])
            except CommandRejected as exc:
                raise RecordError(record.source, f"the game refused it at step {model.steps}: {exc}",
                                  f"commands[{i}]") from None
            i += 1
        if model.steps >= record.steps:
            break
        model.step()
        if progress is not None:
            progress(int(model.steps))
    return model, model.digest() == record.digest
