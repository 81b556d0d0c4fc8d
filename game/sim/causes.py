"""Who caused a loss: the bookkeeping that makes unfriending cascades measurable.

"First your score drops, then your friends quietly drop you, the algorithm notices, and
your score plummets further" (seed 003). To trace that chain each citizen carries the event
that last cost it points (``cause_event``), the root of the chain (``cause_root``: a
listing or a spontaneous unfriending), its depth and the step it happened
(``cause_depth``, ``cause_step``):

- a listing starts a chain at depth 0 (:func:`set_cause`, from the model's ``blacklist``);
- a citizen who lost points *through its friends* inherits the freshest, deepest cause
  among them (:func:`attribute_losses`, phase 3);
- an unfriending of a citizen whose cause is still fresh is one ring deeper in that chain,
  and otherwise roots a chain of its own (:func:`record_unfriendings`, phase 4).

A cascade is the set of unfriendings sharing a root; its depth is the ring the wave
reached (``model.cascade_sizes``, ``model.cascade_max_depth``).
"""

from __future__ import annotations

import numpy as np

from game.sim.arrays import unique_counts

CAUSE_WINDOW = 4  # steps a score loss stays attributable to the event that caused it
MIN_LOSS = 0.5  # points: smaller score changes are noise, not a loss with a cause


def set_cause(model, idx, event, root, depth, t) -> None:
    """Citizens ``idx`` were hit by ``event`` (of chain ``root``, at ``depth``) at step ``t``."""
    model.cause_event[idx] = event
    model.cause_root[idx] = root
    model.cause_depth[idx] = depth
    model.cause_step[idx] = t


def attribute_losses(model, t: int, conn_prev: np.ndarray) -> None:
    """A citizen who lost points *through its friends* inherits their freshest cause.

    Only the connections part of the score counts: a loss from one's own missed bill
    is not caused by a friend's blacklisting.
    """
    fresh = model.cause_step >= t - 1
    if not fresh.any():
        return
    lost = (model.conn_points < conn_prev - MIN_LOSS) & (model.score < model.score_prev - MIN_LOSS) & ~fresh
    f = model.friends
    near = np.flatnonzero((fresh[f.u] | fresh[f.v]) & f.alive)  # few: friends of those hit this step
    u, v = f.u[near], f.v[near]
    heirs, sources = [], []
    for a, b in ((u, v), (v, u)):
        e = np.flatnonzero(fresh[b])
        e = e[lost[a[e]]]
        heirs.append(a[e])
        sources.append(b[e])
    heir, src = np.concatenate(heirs), np.concatenate(sources)
    if heir.size == 0:
        return
    # each heir takes the deepest cause among its fresh friends (ties: the latest event)
    order = np.lexsort((model.cause_event[src], model.cause_depth[src], heir))
    heir, src = heir[order], src[order]
    last = np.r_[heir[1:] != heir[:-1], True]
    heir, src = heir[last], src[last]
    set_cause(model, heir, model.cause_event[src], model.cause_root[src], model.cause_depth[src], t)


def record_unfriendings(model, actor, target, detail, t) -> None:
    """Log that each ``actor`` dropped its ``target`` (``detail``: the motive, an index into
    ``UNFRIEND_CAUSES``), each in the chain of its target's fresh cause or rooting its own;
    the dropped citizen's coming loss is then caused by this unfriending."""
    has = (model.cause_event[target] >= 0) & (model.cause_step[target] >= t - CAUSE_WINDOW)
    cause = np.where(has, model.cause_event[target], -1)
    depth = np.where(has, model.cause_depth[target] + 1, 1).astype(np.int16)
    root = model.cause_root[target].copy()
    ids = model.events.next_id + np.arange(actor.size)
    root = np.where(has, root, ids)
    model.events.append(t, "unfriended", actor, target, cause=cause, root=root, depth=depth, detail=detail)
    order = np.argsort(depth, kind="stable")  # deepest last, so it wins
    set_cause(model, target[order], ids[order], root[order], depth[order], t)
    roots, counts = unique_counts(root)
    for r, c in zip(roots.tolist(), counts.tolist()):
        model.cascade_sizes[r] = model.cascade_sizes.get(r, 0) + c
    model.cascade_max_depth = max(model.cascade_max_depth, int(depth.max()))
    model.step_counts.unfriended += actor.size
