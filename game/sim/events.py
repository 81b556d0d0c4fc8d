"""Domain events (past tense) in columns: the model appends, exporters and the UI read.

Events are stored per step as small numpy chunks, never as one Python object per
event, so a step with thousands of unfriendings costs a few array copies. Each event
has a global id; an unfriending names the event that caused it (``cause``), the root
of its cascade (``root``: a blacklisting or a spontaneous unfriending) and its
``depth`` in that cascade. The log keeps at most ``max_events`` (oldest dropped), so a
kiosk running for months stays within bounded memory.
"""

from __future__ import annotations

from collections import deque

import numpy as np

KINDS = ("blacklisted", "released", "unfriended", "befriended", "pardoned")
KIND = {name: i for i, name in enumerate(KINDS)}

# Why a citizen was listed / released (the ``detail`` column).
# "court": listed by a court for a reason the story does not give (the journalist, seed 003)
LISTING_CAUSES = ("default", "unpaid_fine", "rumour", "error", "command", "timeline", "court")
# "paid": paid what they owed and asked to be removed (seed 004). Append only: snapshots and
# replays store the index.
RELEASE_CAUSES = ("expired", "appeal", "command", "timeline", "paid")
# Why a tie was cut (``detail`` of an unfriending).
UNFRIEND_CAUSES = ("score", "shaming", "gate", "command")

COLUMNS = {
    "id": np.int64, "step": np.int32, "kind": np.int8, "a": np.int32, "b": np.int32,
    "cause": np.int64, "root": np.int64, "depth": np.int32, "detail": np.int8,
}


class EventLog:
    """Append-only, bounded, columnar log of domain events."""

    def __init__(self, max_events: int = 2_000_000):
        self.max_events = int(max_events)
        self._chunks: deque[dict[str, np.ndarray]] = deque()
        self._size = 0
        self.next_id = 0
        self.dropped = 0

    def append(self, step: int, kind: str, a, b=None, cause=None, root=None,
               depth=None, detail=None) -> np.ndarray:
        """Append events of one kind; returns their ids."""
        a = np.atleast_1d(np.asarray(a, dtype=np.int32))
        k = a.size
        ids = np.arange(self.next_id, self.next_id + k, dtype=np.int64)
        if k == 0:
            return ids
        self.next_id += k

        def col(x, fill, dtype):
            if x is None:
                return np.full(k, fill, dtype=dtype)
            return np.broadcast_to(np.asarray(x, dtype=dtype), (k,)).copy()

        chunk = {
            "id": ids, "step": np.full(k, step, np.int32), "kind": np.full(k, KIND[kind], np.int8),
            "a": a, "b": col(b, -1, np.int32), "cause": col(cause, -1, np.int64),
            "root": col(root, -1, np.int64), "depth": col(depth, 0, np.int32),
            "detail": col(detail, 0, np.int8),
        }
        self._chunks.append(chunk)
        self._size += k
        while self._size > self.max_events and len(self._chunks) > 1:
            old = self._chunks.popleft()
            self._size -= old["id"].size
            self.dropped += old["id"].size
        return ids

    def __len__(self) -> int:
        return self._size

    def columns(self, since_id: int = 0) -> dict[str, np.ndarray]:
        """All retained events with id >= ``since_id`` as one dict of arrays."""
        chunks = []
        for c in reversed(self._chunks):  # newest first: the UI asks for the last few only
            if c["id"][-1] < since_id:
                break
            chunks.append(c)
        chunks.reverse()
        if not chunks:
            return {name: np.empty(0, dtype=dt) for name, dt in COLUMNS.items()}
        out = {name: np.concatenate([c[name] for c in chunks]) for name in COLUMNS}
        keep = out["id"] >= since_id
        return {name: arr[keep] for name, arr in out.items()}

    def of_kind(self, kind: str, since_id: int = 0) -> dict[str, np.ndarray]:
        cols = self.columns(since_id)
        keep = cols["kind"] == KIND[kind]
        return {name: arr[keep] for name, arr in cols.items()}

    def last_release(self, citizen: int) -> tuple[int, str] | None:
        """(step, cause) of the citizen's latest release or pardon still in the log, None if
        there is none. Reads only the chunks of those kinds (each append is one kind), newest
        first, so an inspector can ask every frame."""
        wanted = (KIND["released"], KIND["pardoned"])
        for c in reversed(self._chunks):
            if c["kind"][0] not in wanted:
                continue
            hit = np.flatnonzero(c["a"] == citizen)
            if hit.size:
                return int(c["step"][hit[-1]]), RELEASE_CAUSES[int(c["detail"][hit[-1]])]
        return None

    def records(self, since_id: int = 0):
        """Events as plain dicts (for JSON export and debriefs): one per event."""
        cols = self.columns(since_id)
        for i in range(cols["id"].size):
            kind = KINDS[cols["kind"][i]]
            rec = {"id": int(cols["id"][i]), "step": int(cols["step"][i]), "kind": kind,
                   "citizens": [int(cols["a"][i])] + ([int(cols["b"][i])] if cols["b"][i] >= 0 else [])}
            detail = int(cols["detail"][i])
            if kind == "blacklisted":
                rec["cause"] = LISTING_CAUSES[detail]
            elif kind in ("released", "pardoned"):
                rec["cause"] = RELEASE_CAUSES[detail]
            elif kind == "unfriended":
                rec["cause"] = UNFRIEND_CAUSES[detail]
                rec["cause_event"] = int(cols["cause"][i])
                rec["cascade_root"] = int(cols["root"][i])
                rec["depth"] = int(cols["depth"][i])
            yield rec

    def state(self) -> dict[str, np.ndarray]:
        """Everything needed to restore the log (for snapshots): the columns, ``meta``
        (next id, dropped, max events) and ``chunks`` (events per append, so that the
        oldest are dropped in the same groups after a restore)."""
        cols = self.columns(0)
        cols["meta"] = np.array([self.next_id, self.dropped, self.max_events], dtype=np.int64)
        cols["chunks"] = np.array([c["id"].size for c in self._chunks], dtype=np.int64)
        return cols

    @classmethod
    def from_state(cls, state: dict[str, np.ndarray]) -> "EventLog":
        """The log :meth:`state` describes (the caller has checked it: see game.records.snapshot)."""
        next_id, dropped, max_events = (int(x) for x in state["meta"])
        log = cls(max_events)
        log.next_id, log.dropped = next_id, dropped
        start = 0
        for size in state["chunks"].tolist():
            log._chunks.append({name: np.array(state[name][start:start + size], dtype=dt)
                                for name, dt in COLUMNS.items()})
            start += size
        log._size = start
        return log
