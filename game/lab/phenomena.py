"""The three phenomena, measured the way the design asks (DESIGN.md, "What emerge must mean").

Each function runs the model with a paired control, so what it reports is what the rule
under test *caused*, not what happens anyway:

* :func:`spiral`: listing a well-connected citizen. The first drop is the blacklist
  penalty; the *further* fall is what the score does after that. The control is the
  same run (same seed: every phase draws the same random numbers whatever the state) in
  which nobody may drop a friend, so ``caused`` = further fall minus the control's
  further fall is what departures did ("your score plummets further", seed 003).
* :func:`wave`: ties lost by citizens 1, 2, 3 friendships away from the listed hub
  (rings measured on the graph at the moment of the listing), against the same run
  without the listing; and how far the listing's own cascade reached (its depth).
* :func:`silence`: the share of private dissenters who speak in public, step by step.

Used by ``tests/test_phenomena.py`` (the lessons, asserted over seeds) and
``benchmarks/phenomena.py`` (the same figures, printed).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import shortest_path

from game.scenario.library import load
from game.scenario.spec import Scenario, with_overrides
from game.scenario.translations import without_translations
from game.sim.commands import Blacklist, SetRule
from game.sim.model import SocialCreditModel


def scenario_of(name: str | Scenario, overrides: dict[str, Any] | None = None,
                timeline: bool = True) -> Scenario:
    """A shipped scenario (or a given one) with overrides; ``timeline=False`` drops its
    timeline (and the captions translated for it), so only the experiment lists anyone."""
    sc = load(name) if isinstance(name, str) else name
    if not timeline:
        sc = dataclasses.replace(without_translations(sc), timeline=())
    return with_overrides(sc, overrides) if overrides else sc


def hub(model: SocialCreditModel) -> int:
    """The best-connected citizen not on the list."""
    return int(np.argmax(np.where(model.listed, -1, model.friends.degree)))


def rings(model: SocialCreditModel, source: int) -> np.ndarray:
    """Friendships between ``source`` and every citizen now (99 where none connects)."""
    f = model.friends
    u, v = f.u[f.alive], f.v[f.alive]
    graph = csr_matrix((np.ones(2 * u.size), (np.r_[u, v], np.r_[v, u])), shape=(model.n, model.n))
    d = shortest_path(graph, indices=source, unweighted=True)
    return np.where(np.isfinite(d), d, 99).astype(np.int64)


def _ties(model: SocialCreditModel) -> set[tuple[int, int]]:
    f = model.friends
    return set(zip(f.u[f.alive].tolist(), f.v[f.alive].tolist()))


def spiral(scenario: Scenario, seed: int, warmup: int = 10, steps: int = 20) -> dict[str, float]:
    """List the hub after ``warmup`` steps and follow its score for ``steps`` more.

    Returns first drop, further fall, the blocked control's further fall, ``caused``
    (their difference), the connections part's fall in the control, and the share of
    friends lost (all in points, or a share)."""
    out = {}
    for blocked in (False, True):
        m = SocialCreditModel(scenario, rng=seed)
        m.run(warmup)
        x = hub(m)
        friends0 = set(m.friends.neighbours(x).tolist())
        before = float(m.score[x])
        m.apply(Blacklist(x))
        if blocked:
            m.apply(SetRule("behaviour.unfriend_rate", 0.0))
        m.step()
        after, conn = float(m.score[x]), float(m.conn_points[x])
        m.run(steps)
        key = "blocked" if blocked else "free"
        out[key] = {"first": before - after, "further": after - float(m.score[x]),
                    "conn_fall": conn - float(m.conn_points[x]),
                    "lost": len(friends0 - set(m.friends.neighbours(x).tolist())) / max(len(friends0), 1)}
    free, blocked = out["free"], out["blocked"]
    return {"first": free["first"], "further": free["further"], "blocked_further": blocked["further"],
            "caused": free["further"] - blocked["further"], "blocked_conn_fall": blocked["conn_fall"],
            "lost": free["lost"]}


def wave(scenario: Scenario, seed: int, warmup: int = 10, steps: int = 20) -> dict[str, Any]:
    """Ties lost per citizen in rings 1-3 around the hub, listed minus the same run
    unlisted; and the depth and size of the listing's cascade."""
    lost, depth, size = {}, 0, 0
    for listed in (True, False):
        m = SocialCreditModel(scenario, rng=seed)
        m.run(warmup)
        x = hub(m)
        ring = rings(m, x)
        before = _ties(m)
        root = m.events.next_id
        if listed:
            m.apply(Blacklist(x))
        m.run(steps)
        per = np.zeros(m.n)
        for a, b in before - _ties(m):
            per[a] += 1
            per[b] += 1
        lost[listed] = [float(per[ring == k].mean()) if (ring == k).any() else 0.0 for k in (1, 2, 3)]
        if listed:
            depth, size = m.cascade_depths.get(root, 0), m.cascade_sizes.get(root, 0)
    return {"excess": [a - b for a, b in zip(lost[True], lost[False])], "control": lost[False],
            "depth": depth, "size": size}


def speaking_share(model: SocialCreditModel) -> float:
    """Share of private dissenters who speak in public."""
    return float(model.public_dissent.sum() / max(int(model.private_dissent.sum()), 1))


def silence(scenario: Scenario, seed: int, steps: int = 100) -> np.ndarray:
    """The speaking share of private dissenters at steps 0..steps."""
    m = SocialCreditModel(scenario, rng=seed)
    out = [speaking_share(m)]
    for _ in range(steps):
        m.step()
        out.append(speaking_share(m))
    return np.array(out)


def unfolding(curve: np.ndarray) -> int:
    """Steps until the curve has made 90% of its whole fall (0 if it does not fall)."""
    fall = curve[0] - curve[-1]
    if fall <= 0:
        return 0
    return int(np.argmax(curve <= curve[0] - 0.9 * fall))


def mean_se(values) -> tuple[float, float]:
    a = np.asarray(values, dtype=np.float64)
    return float(a.mean()), float(a.std(ddof=1) / np.sqrt(a.size)) if a.size > 1 else 0.0
