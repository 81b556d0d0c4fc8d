"""Phase 4's machinery: which ties are cut and which are made, over the whole society at once.

The decision to drop a friend is :func:`decide_unfriendings`; the rule it applies per tie
is :func:`game.sim.rules.social.decide_drops` and its motives are in :func:`motives`.
"Your friends hear you are on the blacklist and, fearful that their scores might be
affected, quietly drop you as a contact" (seed 003). New ties form by score homophily
(:func:`seek_friends`).

Checking every tie every step would cost O(ties) Python-free but still heavy work at a
million citizens; :func:`screen` and :func:`wishes` rule most ties out with one
comparison per tie (see :func:`game.sim.rules.social.screen_bins`), then compute exact
motives for the few that remain. The result is the same as checking every tie
(``tests/test_model.py`` compares them).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from game.sim import causes, player
from game.sim.rules import social

GATE_VALUE = 15.0  # points-equivalent of passing a friends'-average gate


class Sums(NamedTuple):
    """Each citizen's sum of friends' scores: ``raw`` (points) and ``norm`` (each friend's
    score mapped to [0, 1] on the score range; None where nothing reads it: under secret
    rules or the points family), for the current graph and scores."""
    raw: np.ndarray
    norm: np.ndarray | None


def friend_sums(model) -> Sums:
    sc, raw = model.config.scoring, model.friend_score_sum()
    if sc.opacity == "unknown" or sc.family != "weighted":
        return Sums(raw, None)  # only the weighted family's exact gains read the normalised sums
    # scores are clipped to [low, high], so the normalised sum follows from the raw one
    return Sums(raw, (raw - sc.low * model.friends.degree) / (sc.high - sc.low))


def decide_unfriendings(model) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Who drops whom this step: ``(tie index, actor, target, motive)``.

    Citizen a drops friend b when what a believes b costs it, in points, times a's score
    sensitivity, exceeds what the tie is worth to a (``tie_value * (0.5 + sociability)``).
    The cost has three motives (:func:`motives`): the score a would gain through the
    connections factor (as a perceives the rules: exactly, with noise, or by guess when
    they are secret), the way toward a friends'-average gate, and the shame of a listed
    friend. Of the ties where either end wants to, each is cut with chance
    ``unfriend_rate``, by the lower-numbered end when it wants to, else by the other;
    ``motive`` is the largest of the three (an index into ``UNFRIEND_CAUSES``).
    """
    none = np.empty(0, np.int64)
    if model.friends.n_edges == 0:
        return none, none, none, none
    sums = friend_sums(model)
    # who acts on a costly tie this step: one draw per citizen, whatever the state, so a
    # run and its control (the same seed with one more listing) keep drawing the same
    # numbers (common random numbers)
    acts = model.rng.random(model.n) < model.config.behaviour.unfriend_rate
    ties, u_wants = wishes(model, sums)
    if ties.size == 0:
        return none, none, none, none
    act = acts[np.where(u_wants, model.friends.u[ties], model.friends.v[ties])]
    ties, a_side = ties[act], u_wants[act]  # u acts when u wants to; otherwise v does
    if ties.size == 0:
        return none, none, none, none
    u, v = model.friends.u[ties], model.friends.v[ties]
    actor, target = np.where(a_side, u, v), np.where(a_side, v, u)
    parts = np.broadcast_arrays(*motives(model, actor, target, sums), actor)[:3]
    motive = np.argmax(np.stack([parts[0], parts[2], parts[1]]), axis=0).astype(np.int8)
    return ties, actor, target, motive


def drop_costly_friends(model, t: int) -> None:
    """Cut the ties :func:`decide_unfriendings` picks, keeping friends' score sums current,
    and record each unfriending with its motive and its place in a cascade."""
    model.lost_friend = np.zeros(model.n, dtype=bool)
    ties, actor, target, motive = decide_unfriendings(model)
    if ties.size == 0:
        return
    spoke = model._spoke  # friends who spoke, counted for phase 5 (see SocialCreditModel.learn)
    counted = spoke.current(model.friends, model.public_dissent)
    model.friends.remove(ties)
    model.lost_friend[actor] = model.lost_friend[target] = True
    model.friend_sums.track(model.friends, model.score, actor, target, -1.0)
    if counted:
        spoke.track(model.friends, model.public_dissent, actor, target, -1.0)
    causes.record_unfriendings(model, actor, target, motive, t, lambda a, b, **kw: would_drop(model, a, b, **kw))


def would_drop(model, a: np.ndarray, b: np.ndarray, score_b: np.ndarray | None = None,
               fear_a: np.ndarray | None = None) -> np.ndarray:
    """Whether a wants to drop b, as :func:`decide_unfriendings` decides, with b's score or
    a's fear replaced (what a would have believed without a cascade; friends' sums as now)."""
    parts = motives(model, a, b, friend_sums(model), score_b, fear_a)
    worth = model.config.behaviour.tie_value * (0.5 + model.sociability[a])
    return social.decide_drops(parts[0] + parts[1] + parts[2], model.sensitivity[a], worth)


def drop_gain(model, a, b) -> np.ndarray:
    """What citizen ``a`` believes dropping its friend ``b`` is worth, in points, all three
    :func:`motives` together: the sum :func:`decide_unfriendings` weighs against the tie's
    worth (a class tells a student what keeping a listed friend costs them). Under secret
    rules it is what ``a`` has learned to fear, not the rule."""
    a, b = np.atleast_1d(np.asarray(a, dtype=np.int64)), np.atleast_1d(np.asarray(b, dtype=np.int64))
    gain, gate, shame = motives(model, a, b, friend_sums(model))
    return np.broadcast_to(np.asarray(gain + gate + shame, dtype=np.float64), a.shape).copy()


def motives(model, a: np.ndarray, b: np.ndarray, sums: Sums, score_b: np.ndarray | None = None,
            fear_a: np.ndarray | None = None) -> tuple:
    """What citizen a believes dropping friend b is worth, in points, by motive:
    (score gain through the connections factor, friends'-gate gain, shame avoided).

    Under secret rules the gain is what a *fears* a friend that much lower costs (its
    learned ``fear_friends``, :mod:`game.sim.rules.learning`), whatever the real rule.
    ``score_b`` and ``fear_a`` replace b's score and a's fear: what a would have believed
    without a cascade (:func:`game.sim.causes.needed`)."""
    sc, rules = model.config.scoring, model.rules
    deg = model.friends.degree[a]
    s_b = model.score[b] if score_b is None else score_b
    gain = gate = shame = 0.0
    if rules.friends_matter:
        if sc.opacity == "unknown":
            gap = np.maximum(model.score[a] - s_b, 0) / (sc.high - sc.low)
            gain = (model.fear_friends[a] if fear_a is None else fear_a) * gap
        elif sc.family == "weighted":
            q_b = (s_b - sc.low) / (sc.high - sc.low)
            gain = social.drop_gain_weighted(sums.norm[a], deg, q_b, sc.friends_half, rules.points_per_unit)
        else:
            gain = social.drop_gain_points(sums.raw[a], deg, s_b, rules.connections)
        if sc.opacity == "noisy":
            gain = gain * model.noise[a]
    if rules.gate is not None:
        gate = social.gate_gain(sums.raw[a], deg, s_b, rules.gate, GATE_VALUE)
    if model.config.authorities.public_shaming:
        shame = model.config.authorities.shame_cost * model.listed[b]
    return gain, gate, shame


def wishes(model, sums: Sums) -> tuple[np.ndarray, np.ndarray]:
    """Live ties where one side wants to drop the other this step, in storage order:
    ``(tie index, whether the lower-numbered citizen u wants to)``."""
    f = model.friends
    worth = model.config.behaviour.tie_value * (0.5 + model.sociability)
    value, cutoff = screen(model, worth, sums)
    cutoff = cutoff + 1e-9
    gate = None  # citizens with another motive: a friends'-average gate to pass
    if model.rules.gate is not None:
        gate = sums.raw < model.rules.gate * f.degree
    shaming = model.config.authorities.public_shaming
    # Only ties whose bins allow it can pass the screen (see social.screen_bins): a friend
    # valued below the citizen's cut, or a motive that does not depend on the friend's
    # score (a listed friend's shame: lowest value bin; a gate to pass: highest cut bin).
    # Most ties are ruled out by one comparison of two bytes and never looked at.
    value_bin, cut_bin = social.screen_bins(value, cutoff)
    if gate is not None:
        cut_bin[gate] = social.SCREEN_BINS - 1
    if shaming:
        value_bin[model.listed] = 0
    code = value_bin | (cut_bin << 4)  # one byte per citizen: value bin, cut bin
    # stored ties, dead ones included, so the live ones need not be gathered first
    u, v = f.ends()
    cu, cv = np.take(code, u), np.take(code, v)
    idx = np.flatnonzero((((cu >> 4) >= (cv & 15)) | ((cv >> 4) >= (cu & 15))) & f.alive)
    u, v = np.take(u, idx), np.take(v, idx)
    wants = []
    for a, b in ((u, v), (v, u)):
        passed = np.take(value, b) < np.take(cutoff, a)  # only the motives in play are gathered
        if gate is not None:
            passed |= np.take(gate, a)
        if shaming:
            passed |= np.take(model.listed, b)
        pick = np.flatnonzero(passed)
        gain, gate_gain, shame = motives(model, a[pick], b[pick], sums)
        want = np.zeros(u.size, dtype=bool)
        want[pick] = social.decide_drops(gain + gate_gain + shame, model.sensitivity[a[pick]], worth[a[pick]])
        wants.append(want)
    if model.seats:  # a citizen held by a person in a class drops a friend only when the person says so
        keep = player.held(model)
        wants = [wants[0] & ~keep[u], wants[1] & ~keep[v]]
    cand = np.flatnonzero(wants[0] | wants[1])
    return idx[cand], wants[0][cand]


def screen(model, worth: np.ndarray, sums: Sums) -> tuple[np.ndarray, np.ndarray]:
    """Per-citizen screen for costly friends: ``(value, cut)`` such that the connections
    gain of a dropping b can beat a's threshold only where ``value[b] < cut[a]``.

    Each family's gain is linear in the friend's score, e.g. weighted:
    ``ppu * (c_a - q_b) / (d_a - 1 + half)``, so the decision reduces to one comparison
    per tie. Exact gains are then computed for the few ties that pass.
    """
    sc, rules = model.config.scoring, model.rules
    if not rules.friends_matter:
        return model.score, np.full(model.n, -np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        thr = worth / model.sensitivity  # points the gain must beat
        if sc.opacity == "noisy":
            thr = thr / model.noise
        deg = model.friends.degree.astype(np.float64)
        rng_pts = sc.high - sc.low
        if sc.opacity == "unknown":
            cutoff = model.score - thr * rng_pts / model.fear_friends
            cutoff[np.isnan(cutoff)] = -np.inf
            return model.score, cutoff
        if sc.family == "weighted":
            c = sums.norm / (deg + sc.friends_half)
            cutoff = c - thr * (deg - 1 + sc.friends_half) / rules.points_per_unit
            q = (model.score - sc.low) / rng_pts
            return q, np.where(deg >= 1, np.nan_to_num(cutoff, nan=-np.inf), -np.inf)
        mean = sums.raw / np.maximum(deg, 1)
        cutoff = mean - thr * (deg - 1) / rules.connections
        return model.score, np.where(deg > 1, np.nan_to_num(cutoff, nan=-np.inf), -np.inf)


def friends_wanted(model, who: np.ndarray) -> np.ndarray:
    """How many friends each of ``who`` wants: ``mean_degree * (0.5 + sociability)``."""
    return model.config.network.mean_degree * (0.5 + model.sociability[who])


def accepts(model, seekers: np.ndarray, cand: np.ndarray, draw: np.ndarray) -> np.ndarray:
    """Whether each candidate accepts its seeker's request (``draw``: one uniform number
    each): by score homophily while scores are visible (a coin flip otherwise), only with
    room for another friend, and never across the blacklist while listings are public.
    The same answer whether the request comes from the step or from a person in a class
    (:class:`game.sim.commands.AskFriend`)."""
    beh, sc = model.config.behaviour, model.config.scoring
    if sc.visible:
        ok = social.accept_friendship(model.score[seekers], model.score[cand], beh.homophily, draw)
    else:
        ok = draw < 0.5
    ok &= model.friends.degree[cand] < friends_wanted(model, cand)
    if model.config.authorities.public_shaming:
        ok &= ~model.listed[cand] & ~model.listed[seekers]
    return ok


def seek_friends(model, t: int) -> None:
    """Some citizens with fewer friends than they want look for one (in their own district
    with chance ``local_search``); the other accepts with score homophily while scores are
    visible (a coin flip otherwise) if they too have room, and never across the blacklist
    while listings are public (:func:`accepts`)."""
    beh = model.config.behaviour
    k = int(model.rng.binomial(model.n, beh.befriend_rate)) if beh.befriend_rate > 0 else 0
    if k == 0:
        return
    # every draw is made before the state filters anything, so the generator advances the
    # same whatever the state (common random numbers; see decide_unfriendings)
    seekers = model.rng.integers(0, model.n, size=k)
    cand = social.pick_candidates(seekers, model.group, model.group_order, model.group_start,
                                  model.group_size, beh.local_search, model.rng)
    draw = model.rng.random(seekers.size)
    keep = model.friends.degree[seekers] < friends_wanted(model, seekers)
    if model.seats:  # a person in a class looks for friends themselves (commands.AskFriend)
        keep &= ~player.held(model)[seekers]
    seekers, cand, draw = seekers[keep], cand[keep], draw[keep]
    ok = accepts(model, seekers, cand, draw)
    tracked = model.friend_sums.current(model.friends, model.score)
    counted = model._spoke.current(model.friends, model.public_dissent)
    a, b = model.friends.add(seekers[ok], cand[ok])
    if tracked:
        model.friend_sums.track(model.friends, model.score, a, b, +1.0)
    if counted:
        model._spoke.track(model.friends, model.public_dissent, a, b, +1.0)
    if a.size:
        model.events.append(t, "befriended", a, b)
        model.step_counts.befriended += a.size
