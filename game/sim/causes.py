"""Who caused a loss: the bookkeeping that makes unfriending cascades measurable.

"First your score drops, then your friends quietly drop you, the algorithm notices, and
your score plummets further" (seed 003). To trace that chain each citizen carries the
cascade it is part of: the event that last hit it (``cause_event``), the cascade's root
event (``cause_root``: a listing, or an unfriending no cascade caused), its **ring**
(``cause_ring``: friendships between it and the root citizen), the step it was hit
(``cause_step``), and how much the cascade has cost it so far (``cause_loss``, points) and
taught it to fear (``cause_fear``, points of fear of friends):

- a listing starts a cascade at ring 0 (:func:`set_cause`, from the model's ``blacklist``);
- a citizen hit *through its friends* joins the cascade of the fresh friend closest to its
  root, one ring further out (:func:`attribute_losses`, phase 3): hit means it lost points
  through the connections part of its score, or, under a secret algorithm, saw a friend
  who lost friends lose points (and fears low friends more for it);
- an unfriending belongs to a cascade only if it would not have happened without it (a
  but-for test): without the points the dropped friend lost through it (a listed friend:
  without the listing), or without the fear the dropper learned from it. Otherwise it
  starts its own, the dropped citizen at ring 0 (:func:`record_unfriendings`, phase 4).

A cascade's **size** is the number of distinct citizens who lost a tie in it; its
**depth** is the ring of the outer end of its deepest unfriending: a wave that never
leaves the listed citizen's own friends has depth 1 (``model.cascade_sizes``,
``model.cascade_depths``, ``model.cascade_max_depth``; :func:`game.sim.metrics.cascade_stats`
computes the same from the event log).
"""

from __future__ import annotations

from itertools import repeat
from typing import Callable

import numpy as np

from game.sim.arrays import in_sorted, merge_sorted, sorted_unique, unique_counts

CAUSE_WINDOW = 4  # steps a hit stays attributable to the cascade that caused it
MIN_LOSS = 0.5  # points: smaller score changes (and fears) are noise, not a hit with a cause


def set_cause(model, idx, event, root, ring, t) -> None:
    """Citizens ``idx`` were hit by ``event`` (of cascade ``root``, at ``ring``) at step ``t``."""
    model.cause_event[idx] = event
    model.cause_root[idx] = root
    model.cause_ring[idx] = ring
    model.cause_step[idx] = t


def attribute_losses(model, t: int, conn_prev: np.ndarray, saw: np.ndarray | None = None) -> None:
    """Citizens hit *through their friends* join the cascade of the fresh friend closest to
    its root (ties: the latest event), one ring further out; then every member of a live
    cascade adds what it lost, and learned to fear, through it this step.

    Only the connections part of the score counts: a loss from one's own missed bill is
    not caused by a friend's blacklisting. ``saw``: per citizen, points of "friends cost
    points" evidence seen this step (:mod:`game.sim.rules.learning`), or None.
    """
    learned = model.config.behaviour.learning * saw if saw is not None else None
    fresh = model.cause_step >= t - 1
    if fresh.any():
        hit = (model.conn_points < conn_prev - MIN_LOSS) & (model.score < model.score_prev - MIN_LOSS)
        if learned is not None:
            hit |= learned >= MIN_LOSS
        hit &= ~fresh
        _join(model, fresh, hit, t)
    # by index rather than a masked add (a mask that is true at random is several times
    # slower); the same sum per member
    live = np.flatnonzero((model.cause_event >= 0) & (model.cause_step >= t - CAUSE_WINDOW))
    fall = np.take(conn_prev, live) - np.take(model.conn_points, live)
    model.cause_loss[live] += np.maximum(fall, 0.0)
    if learned is not None:
        model.cause_fear[live] += np.take(learned, live)


def _join(model, fresh: np.ndarray, hit: np.ndarray, t: int) -> None:
    f = model.friends
    code = fresh.view(np.uint8) | (hit.view(np.uint8) << 1)  # 1: fresh, 2: hit
    # both ends' codes in one byte per stored tie (dead ones too: no gather of the live
    # ones first): 9 = u hit, v fresh; 6 = u fresh, v hit; both kinds found in one pass
    u, v = f.ends()
    pair = np.take(code << 2, u)
    pair |= np.take(code, v)
    both = np.flatnonzero(((pair == 9) | (pair == 6)) & f.alive)
    kind = np.take(pair, both)
    one, two = both[kind == 9], both[kind == 6]
    heir = np.concatenate([np.take(u, one), np.take(v, two)])
    src = np.concatenate([np.take(v, one), np.take(u, two)])
    if heir.size == 0:
        return
    # per heir: the source with the smallest ring, then the latest event (one key, one pass)
    key = (np.take(model.cause_ring, src).astype(np.int64) << 40) - np.take(model.cause_event, src)
    best = np.full(model.n, np.iinfo(np.int64).max)
    np.minimum.at(best, heir, key)
    pick = np.flatnonzero(key == np.take(best, heir))
    # each heir's first pick in the order above (the smallest position), heirs in order
    first = np.full(model.n, pick.size)
    np.minimum.at(first, np.take(heir, pick), np.arange(pick.size))
    heir = np.flatnonzero(first < pick.size)
    src = np.take(src, np.take(pick, np.take(first, heir)))
    root = np.take(model.cause_root, src)
    moved = heir[np.take(model.cause_root, heir) != root]  # joining another cascade: a new tally
    model.cause_loss[moved] = 0.0
    model.cause_fear[moved] = 0.0
    set_cause(model, heir, np.take(model.cause_event, src), root, np.take(model.cause_ring, src) + 1, t)
    last = model.cascade_last  # still growing, if only in points
    last.update(dict.fromkeys(filter(last.__contains__, sorted_unique(root).tolist()), t))


WouldDrop = Callable[..., np.ndarray]  # (actor, target, score_b=..., fear_a=...) -> bool per pair


def record_unfriendings(model, actor, target, motive, t, would_drop: WouldDrop | None = None) -> None:
    """Log that each ``actor`` dropped its ``target`` (``motive``: an index into
    ``UNFRIEND_CAUSES``), each in the cascade that caused it (see the module's docstring).

    ``would_drop(actor, target, score_b=..., fear_a=...)`` is the unfriend decision as the
    step makes it (:func:`game.sim.ties.would_drop`), for the but-for test; None (a
    player's own choice) skips the test: a fresh cascade of the dropped friend takes it.
    """
    window = t - CAUSE_WINDOW
    fresh_t = (model.cause_event[target] >= 0) & (model.cause_step[target] >= window)
    fresh_a = (model.cause_event[actor] >= 0) & (model.cause_step[actor] >= window)
    by_actor = ~fresh_t & fresh_a & (model.cause_fear[actor] > 0)
    if would_drop is not None:
        # a listed citizen's own cascade needs no test: the listing caused it
        k = np.flatnonzero(fresh_t & ~(model.listed[target] & (model.cause_ring[target] == 0)))
        if k.size:
            without = model.score[target[k]] + model.cause_loss[target[k]]
            fresh_t[k] = ~would_drop(actor[k], target[k], score_b=without)
        by_actor = ~fresh_t & fresh_a & (model.cause_fear[actor] > 0)
        k = np.flatnonzero(by_actor)
        if k.size:
            without = np.maximum(model.fear_friends[actor[k]] - model.cause_fear[actor[k]], 0.0)
            by_actor[k] = ~would_drop(actor[k], target[k], fear_a=without)
    else:
        by_actor[:] = False
    by_target = fresh_t
    ids = model.events.next_id + np.arange(actor.size)
    root = np.where(by_target, model.cause_root[target], np.where(by_actor, model.cause_root[actor], ids))
    cause = np.where(by_target, model.cause_event[target], np.where(by_actor, model.cause_event[actor], -1))
    same_a = fresh_a & (model.cause_root[actor] == root)  # already in this cascade: keep the closer ring
    same_t = fresh_t & (model.cause_root[target] == root)
    ring_t = np.where(by_target, model.cause_ring[target], 0)
    ring_a = np.where(by_actor, model.cause_ring[actor], 1)
    ring_a = np.where(by_target, np.where(same_a, np.minimum(model.cause_ring[actor], ring_t + 1), ring_t + 1),
                      ring_a)
    ring_t = np.where(by_actor, np.where(same_t, np.minimum(model.cause_ring[target], ring_a + 1), ring_a + 1),
                      ring_t)
    depth = np.maximum(ring_a, ring_t).astype(np.int32)
    model.events.append(t, "unfriended", actor, target, cause=cause, root=root, depth=depth, detail=motive)
    for who, ring, same in ((target, ring_t, same_t), (actor, ring_a, same_a)):
        model.cause_loss[who] = np.where(same, model.cause_loss[who], 0.0)  # another cascade: a new tally
        model.cause_fear[who] = np.where(same, model.cause_fear[who], 0.0)
        set_cause(model, who, ids, root, ring, t)
    count_cascades(model, root, actor, target, depth, t)
    model.step_counts.unfriended += actor.size


def count_cascades(model, root, actor, target, depth, t) -> None:
    """Cascade sizes (distinct citizens who lost a tie in it) and depths (deepest ring),
    kept as sorted keys ``root * n + citizen`` for the cascades still growing."""
    n = np.int64(model.n)
    keys = sorted_unique(np.concatenate([root * n + actor, root * n + target]).astype(np.int64))
    old = model.cascade_keys
    new = keys[~in_sorted(keys, old)]
    model.cascade_keys = merge_sorted(old, new)
    grown_roots, grown = unique_counts(new // n)
    roots = sorted_unique(root)
    deepest = np.zeros(roots.size, dtype=np.int64)
    np.maximum.at(deepest, np.searchsorted(roots, root), depth.astype(np.int64))
    sizes, depths, last = model.cascade_sizes, model.cascade_depths, model.cascade_last
    # a thousand roots a step at 100,000 citizens: the dicts are read and written by
    # map and zip (no Python loop), the arithmetic done on arrays
    grown_roots = grown_roots.tolist()
    before = np.fromiter(map(sizes.get, grown_roots, repeat(0)), np.int64, len(grown_roots))
    sizes.update(zip(grown_roots, (before + grown).tolist()))
    roots_l = roots.tolist()
    deeper = deepest > np.fromiter(map(depths.get, roots_l, repeat(0)), np.int64, len(roots_l))
    depths.update(zip(roots[deeper].tolist(), deepest[deeper].tolist()))
    last.update(dict.fromkeys(roots_l, t))
    model.cascade_max_depth = max(model.cascade_max_depth, int(depth.max()))
    if t % CAUSE_WINDOW == 0:  # a cascade nobody carries any more cannot grow: forget who was in it
        seen = np.fromiter(last.values(), np.int64, len(last))
        stale = seen < t - CAUSE_WINDOW - 1
        if stale.any():
            ids = np.fromiter(last.keys(), np.int64, len(last))
            model.cascade_last = dict(zip(ids[~stale].tolist(), seen[~stale].tolist()))  # in the same order
            gone = np.sort(ids[stale])
            model.cascade_keys = model.cascade_keys[~in_sorted(model.cascade_keys // n, gone)]
