"""What a run's state is, and its identity.

Every citizen column the model owns is named here once: ``STATE_ARRAYS`` are the columns
that define the run (its digest covers them), ``EXTRA_ARRAYS`` the ones a saved run also
needs to continue bit for bit (they follow from the others within a step, or only shape
the next one). :func:`digest` is the run's identity: equal digests mean identical runs,
which is what replays, golden tests and the classroom's "same seed, same society" rest on.

What only a screen shows (each citizen's latest refusals, recent access counts) is not
state: an observer keeps it (:mod:`game.sim.access_memory`).
"""

from __future__ import annotations

import hashlib

import numpy as np

STATE_ARRAYS = (
    "income_base", "income", "wealth", "reliability", "sociability", "sensitivity",
    "threshold_z", "threshold_u", "tolerance", "private_dissent", "committed", "group", "noise", "belief",
    "fear_friends", "fear_speech", "lost_friend",
    "characteristics", "history", "record", "streak", "score", "score_prev", "tier",
    "listed", "days_left", "wrongful", "conforming", "public_dissent",
    "cause_event", "cause_root", "cause_ring", "cause_step", "cause_loss", "cause_fear",
)
EXTRA_ARRAYS = ("char_base", "paid", "conn_points", "silenced_peers", "silenced_score", "tier_start")


def citizen_arrays() -> tuple[str, ...]:
    """Every citizen column, in the order a snapshot stores them."""
    return STATE_ARRAYS + EXTRA_ARRAYS


def pieces(model):
    """``(part name, bytes)`` in digest order: the step, every state column (name, dtype,
    data), the friendship graph, the generator's state and the event counter."""
    yield "steps", str(int(model.steps)).encode()
    for name in STATE_ARRAYS:
        arr = np.ascontiguousarray(getattr(model, name))
        yield name, name.encode() + arr.dtype.str.encode() + arr.tobytes()
    f = model.friends
    yield "friends", np.ascontiguousarray(f.key[f.alive]).tobytes()
    yield "rng", repr(model.rng.bit_generator.state).encode()
    yield "events", str(model.events.next_id).encode()


PIECES = ("steps",) + STATE_ARRAYS + ("friends", "rng", "events")  # the names :func:`pieces` gives


def digest(model) -> str:
    """SHA-256 over every state column, the friendship graph, the RNG state and the step."""
    h = hashlib.sha256()
    for _, data in pieces(model):
        h.update(data)
    return h.hexdigest()


def digest_parts(model) -> dict[str, str]:
    """One SHA-256 per piece of :func:`digest`, in its order: when two runs differ, the
    first piece that differs says where (``noise``, ``score``, ``friends``, ...)."""
    return {name: hashlib.sha256(data).hexdigest() for name, data in pieces(model)}
