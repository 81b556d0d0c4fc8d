"""What each shipped scenario teaches, measured against a paired control.

Every function runs a scenario and the same scenario (same seed) with one thing taken
away - the refusals, the listing, the shaming, the gate, the bias - and returns what
differs. Every phase of a step draws the same random numbers whatever the state (common
random numbers), so the two runs differ only by what was taken away (see
:mod:`game.lab.phenomena`, which does the same for the spiral, the wave and silence).

Used by ``tests/test_lessons.py`` (the lessons, asserted over seeds) and
``benchmarks/lessons.py`` (the same figures, printed).
"""

from __future__ import annotations

import numpy as np

from game.lab.phenomena import hub, scenario_of
from game.scenario.spec import NO_LIMIT, Scenario, with_overrides
from game.sim.rules.access import REASONS
from game.sim.commands import Act, Blacklist, PlayAs
from game.sim.events import RELEASE_CAUSES
from game.sim.model import SocialCreditModel


def _denial_by_tier(m: SocialCreditModel, service: str) -> np.ndarray:
    i = [s.name for s in m.config.services].index(service)
    t = m.access_totals
    return t.denials[i] / np.maximum(t.attempts[i], 1)


# --- Suining: the grade follows what the rules count, and D feeds itself -------------------

def suining(seed: int, steps: int = 200) -> dict:
    """Suining as shipped, against the same run (a) where grade D is not refused licences
    and welfare, (b) where a missed bill costs nothing.

    Returns: the refusal rate of licences and welfare per grade; the share of those in D at
    the halfway step still in D at the end; the points they lost in the second half, with
    and without D's refusals; the number in D at the end with and without the missed-bill
    rule; and the share in D of the poorest and the richest fifth (by base income)."""
    base = scenario_of("suining")
    names = [s.name for s in base.services]
    open_d = with_overrides(base, {f"services.{names.index(n)}.min_tier": "" for n in ("licence", "welfare")})
    free_bills = with_overrides(base, {"scoring.deltas.missed_bill": 0.0})
    half = steps // 2
    out, d_half = {}, None
    for key, sc in (("refused", base), ("open", open_d)):
        m = SocialCreditModel(sc, rng=seed)
        m.run(half)
        if d_half is None:  # the same citizens in both runs: those in D at the halfway step
            d_half = m.tier == len(m.config.tiers) - 1
        mid = m.score.copy()
        m.run(steps - half)
        out[key] = {"d_half": d_half, "fall": float((mid - m.score)[d_half].mean()),
                    "still_d": float((m.tier[d_half] == len(m.config.tiers) - 1).mean()), "model": m}
    m = out["refused"]["model"]
    d = m.tier == len(m.config.tiers) - 1
    income = m.income_base
    poor, rich = income <= np.quantile(income, 0.2), income >= np.quantile(income, 0.8)
    m_free = SocialCreditModel(free_bills, rng=seed)
    m_free.run(steps)
    return {
        "licence_refused": _denial_by_tier(m, "licence").tolist(),
        "welfare_refused": _denial_by_tier(m, "welfare").tolist(),
        "d_at_half": int(out["refused"]["d_half"].sum()),
        "still_d": out["refused"]["still_d"],
        "fall": out["refused"]["fall"], "fall_without_refusals": out["open"]["fall"],
        "d_end": int(d.sum()), "d_end_bills_free": int((m_free.tier == len(m.config.tiers) - 1).sum()),
        "d_share_poorest": float(d[poor].mean()), "d_share_richest": float(d[rich].mean()),
    }


# --- Court blacklist: no score, and still travel and friends are lost -----------------------

TRAVEL = ("fast train", "flight", "slow train")


def court_blacklist(seed: int, listed: bool = True, shaming: bool = True, warmup: int = 12,
                    steps: int = 20, every: int = 4) -> dict:
    """The court blacklist without its timeline: the best-connected citizen is listed at
    ``warmup`` (or not), and applies for every kind of travel every ``every`` steps (played,
    so the applications are the same in every run). Returns the share of their friends lost
    in ``steps`` steps and, per kind of travel, the share of their applications refused and
    the share refused for the listing."""
    sc = scenario_of("court_blacklist", {"authorities.public_shaming": shaming}, timeline=False)
    m = SocialCreditModel(sc, rng=seed)
    m.run(warmup)
    x = hub(m)
    friends = set(m.friends.neighbours(x).tolist())
    m.apply(PlayAs(x))
    if listed:
        m.apply(Blacklist(x))
    names = [s.name for s in m.config.services]
    refused = {n: 0 for n in TRAVEL}
    for_listing = {n: 0 for n in TRAVEL}
    applied = 0
    for k in range(steps):
        asked = k % every == 0
        if asked:
            m.apply(Act(apply_for=TRAVEL))
            applied += 1
        m.step()
        r = m.refusals
        mine = r.who == x
        for n in TRAVEL if asked else ():  # refused at least once this step (also drawn at random)
            hit = mine & (r.service == names.index(n))
            refused[n] += bool(hit.any())
            for_listing[n] += bool((hit & (r.reason == REASONS.index("blacklist"))).any())
    lost = len(friends - set(m.friends.neighbours(x).tolist())) / max(len(friends), 1)
    return {"lost": lost, "friends": len(friends),
            "refused": {n: refused[n] / applied for n in TRAVEL},
            "for_listing": {n: for_listing[n] / applied for n in TRAVEL}}


def court_paying(seed: int, steps: int = 100, paying: bool = True) -> dict:
    """The court blacklist without its timeline, with listed citizens paying their way off
    (seed 004) or not (``paying`` False: the same run with ``settle_rate`` 0). Returns how
    many left the list by paying, their savings when they paid (what they had before
    paying), and, of the citizens on the list at the end for a reason (not by mistake), how
    many and the share who could pay what the court asks, with their median savings."""
    over = {} if paying else {"authorities.settle_rate": 0.0}
    m = SocialCreditModel(scenario_of("court_blacklist", over, timeline=False), rng=seed)
    cost = m.config.authorities.settle_cost
    paid = RELEASE_CAUSES.index("paid")
    savings: list[float] = []
    for _ in range(steps):
        first = m.events.next_id
        m.step()
        rel = m.events.of_kind("released", first)
        who = rel["a"][rel["detail"] == paid]
        # savings at the end of the step, plus what they paid (the later phases only move
        # the little a listed citizen spends on services)
        savings += (m.wealth[who] + cost).tolist()
    owing = m.listed & ~m.wrongful
    return {"paid": len(savings), "paid_savings": float(np.median(savings)) if savings else float("nan"),
            "listed": int(owing.sum()), "listed_can_pay": float((m.wealth[owing] >= cost).mean()),
            "listed_savings": float(np.median(m.wealth[owing])), "cost": cost}


# --- Friends' gate: pruning low friends, and a loan that sorts by grade ------------------------

def friends_gate(seed: int, steps: int = 200) -> dict:
    """The friends' average loan gate, against the same run without the gate. Returns the
    unfriendings the gate motivated, the friends kept by the lowest-scored quarter and the
    rest (with and without the gate), and the loan's refusal rate per tier."""
    gated = scenario_of("friends_gate")
    loan = [s.name for s in gated.services].index("loan")
    open_ = with_overrides(gated, {f"services.{loan}.friends_min": NO_LIMIT})
    out = {}
    for key, sc in (("gate", gated), ("none", open_)):
        m = SocialCreditModel(sc, rng=seed)
        m.run(steps)
        ev = m.events.of_kind("unfriended")
        low = m.score < np.quantile(m.score, 0.25)
        deg = m.friends.degree
        out[key] = {"gate_drops": int((ev["detail"] == 2).sum()), "drops": int(ev["detail"].size),
                    "low_friends": float(deg[low].mean()), "other_friends": float(deg[~low].mean()),
                    "loan_refused": _denial_by_tier(m, "loan").tolist()}
    return out


# --- The journalist: a listing costs friends, loans and points ---------------------------------

def journalist(seed: int, listed: bool = True, steps: int = 30) -> dict:
    """Citizen mode: Liu applies for a loan every step; listed at the start (as shipped) or
    not (the control). Returns the share of friends lost, the share of loan applications
    refused, and the points the score fell from where it stood before any listing."""
    free = with_overrides(scenario_of("journalist"), {"player.start_listed": False})
    m = SocialCreditModel(scenario_of("journalist") if listed else free, rng=seed)
    me = m.player
    friends = set(m.friends.neighbours(me).tolist())
    # the points before any listing: the same citizen at step 0 of the unlisted run (a
    # listed character may be scored as listed from step 0)
    start = float(SocialCreditModel(free, rng=seed).score[me])
    loan, refused = [s.name for s in m.config.services].index("loan"), 0
    for _ in range(steps):
        m.apply(Act(apply_for=("loan",)))
        m.step()
        refused += bool(((m.refusals.who == me) & (m.refusals.service == loan)).any())
    return {"lost": len(friends - set(m.friends.neighbours(me).tolist())) / max(len(friends), 1),
            "loans_refused": refused / steps, "fall": start - float(m.score[me]),
            "still_listed": bool(m.listed[me])}


# --- Bias by group: over-represented at the bottom, refused more, further behind -------------

def bias(seed: int, steps: int = 200, connections_weight: float | None = None) -> dict:
    """The bias scenario against the same run with no bias (optionally both at another
    connections weight). Per run: the penalised group's share in tier D and the others',
    their refusal rates, and the gap between the groups' mean scores (others minus them)."""
    over = {} if connections_weight is None else {"scoring.connections_weight": connections_weight}
    biased = scenario_of("bias", over or None)
    fair = with_overrides(biased, {"scoring.group_bias": [0.0] * len(biased.scoring.group_bias)})
    out = {"bias_points": -min(biased.scoring.group_bias)}
    for key, sc in (("bias", biased), ("fair", fair)):
        out[key] = _groups(sc, seed, steps, group=int(np.argmin(biased.scoring.group_bias)))
    return out


def _groups(sc: Scenario, seed: int, steps: int, group: int) -> dict:
    m = SocialCreditModel(sc, rng=seed)
    m.run(steps)
    g = m.group == group
    d = m.tier == len(m.config.tiers) - 1
    t = m.access_totals
    others = np.arange(t.group_attempts.size) != group
    return {"d_share": float(d[g].mean()), "d_share_others": float(d[~g].mean()),
            "refused": float(t.group_denials[group] / max(t.group_attempts[group], 1)),
            "refused_others": float(t.group_denials[others].sum() / max(t.group_attempts[others].sum(), 1)),
            "gap": float(m.score[~g].mean() - m.score[g].mean())}
