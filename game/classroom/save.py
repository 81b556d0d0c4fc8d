"""Autosave and resume: a class survives the laptop's lid, a crash or a closed window.

After every round (and at the end) the session folder gets, in this order:

1. ``round-NNNN.npz``: a snapshot of the model (:mod:`game.records.snapshot`, written atomically);
2. ``room.json``: the seats (names, tokens, standing choices, each round's row), the
   round counter, settings, the per-round class numbers and the name of that snapshot,
   written atomically too; then older snapshots are removed.

``room.json`` only ever names a complete snapshot, so a crash between the two writes
leaves the previous round intact. :func:`load` rebuilds the room paused; phones reconnect
with their seat tokens (kept in their browsers) and find their citizen as they left it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

from game.classroom.room import ENDED, LOBBY, PAUSED, Room, Seat
from game.records import safejson, snapshot
from game.records.files import atomic_write, read_limited

FORMAT = "open-sesame-class"
VERSION = 1
MAX_ROOM_BYTES = 32 << 20
SEAT_FIELDS = ("number", "citizen", "token", "name", "lang", "held", "kicked", "pay", "speak", "rows", "ask")


class SessionError(ValueError):
    """A session folder that cannot be resumed (says which file and why)."""


def save(room, folder: str | Path) -> Path:
    folder = Path(folder)
    name = f"round-{room.round:04d}.npz"
    with room.lock:
        arrays = {k: v.copy() for k, v in snapshot.snapshot_arrays(room.model).items()}
        doc = state(room, name)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    atomic_write(folder / name, buf.getvalue())
    path = atomic_write(folder / "room.json", json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    for old in folder.glob("round-*.npz"):
        if old.name != name:
            old.unlink(missing_ok=True)
    return path


def state(room, snapshot_name: str) -> dict:
    return {
        "format": FORMAT, "version": VERSION, "snapshot": snapshot_name, "source": room.source,
        "seed": room.seed, "session": room.session, "code": room.code, "teacher_key": room.teacher_key,
        "phase": room.phase, "round": room.round, "start_step": room.start_step, "timer": room.timer_s,
        "auto": room.auto_ready, "scores": room.show_scores, "log": room.log[-50:], "rounds": room.rounds,
        "seats": [{k: sorted(v) if isinstance(v := getattr(s, k), set) else v for k in SEAT_FIELDS}
                  for s in room.seats],
    }


def load(folder: str | Path, clock=None):
    """The room saved in ``folder``, paused (or ended, if it had ended)."""
    folder = Path(folder)
    path = folder / "room.json"
    try:
        doc = safejson.loads(read_limited(path, MAX_ROOM_BYTES))
    except (OSError, ValueError) as exc:
        raise SessionError(f"{path}: cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("version") != VERSION:
        raise SessionError(f"{path}: is not a saved class session (version {VERSION})")
    snap = doc.get("snapshot")
    if not isinstance(snap, str) or Path(snap).name != snap or not snap.startswith("round-"):
        raise SessionError(f"{path}: snapshot: must name a round-NNNN.npz file in the same folder")
    try:
        model = snapshot.load(folder / snap)
        seats = [Seat(**{k: s[k] for k in SEAT_FIELDS if k in s}) for s in doc["seats"]]
        kwargs = {} if clock is None else {"clock": clock}
        room = Room(doc["source"], int(doc["seed"]), len(seats), model=model, **kwargs)
        room.seats = seats
        room.by_citizen = {s.citizen: s for s in seats}
        room.session, room.code, room.teacher_key = doc["session"], doc["code"], doc["teacher_key"]
        room.round, room.start_step = int(doc["round"]), int(doc["start_step"])
        room.timer_s, room.auto_ready, room.show_scores = int(doc["timer"]), bool(doc["auto"]), bool(doc["scores"])
        room.log, room.rounds = list(doc["log"]), list(doc["rounds"])
        room.source = doc["source"]
        room.phase = ENDED if doc["phase"] == ENDED else LOBBY if doc["phase"] == LOBBY else PAUSED
        for s in seats:
            s.rows, s.ask = list(s.rows), {int(c) for c in s.ask}
            held = s.citizen in model.seats
            if held != s.held:
                raise SessionError(f"{path}: seats: seat {s.number + 1} does not match the snapshot")
    except snapshot.SnapshotError as exc:
        raise SessionError(str(exc)) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise SessionError(f"{path}: {type(exc).__name__}: {exc}") from None
    room.say("session resumed")
    return room


def latest(root: str | Path) -> Path | None:
    """The most recently saved session folder under ``root``."""
    found = sorted(Path(root).glob("*/room.json"), key=lambda p: p.stat().st_mtime)
    return found[-1].parent if found else None
