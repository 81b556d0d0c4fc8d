"""State digests (and, later, snapshots): data only, never pickle."""

from __future__ import annotations

import hashlib

import numpy as np


def digest(model) -> str:
    """SHA-256 over every state column, the friendship graph, the RNG state and the step."""
    from game.model import STATE_ARRAYS

    h = hashlib.sha256()
    h.update(str(int(model.steps)).encode())
    for name in STATE_ARRAYS:
        arr = np.ascontiguousarray(getattr(model, name))
        h.update(name.encode())
        h.update(arr.dtype.str.encode())
        h.update(arr.tobytes())
    f = model.friends
    h.update(np.ascontiguousarray(f.key[f.alive]).tobytes())
    h.update(repr(model.rng.bit_generator.state).encode())
    h.update(str(model.events.next_id).encode())
    return h.hexdigest()
