"""A debrief written from the run's own events: what happened, when, to whom.

Every sentence is computed from the event log and the series (no canned story): the
largest cascade and how it started, the first wrongful listing and what it cost, the
moment public dissent collapsed, who was refused what. :func:`facts` gives the sentences
as catalog keys and numbers (the model side never words anything itself); :func:`debrief`
words them in the current language.
"""

from __future__ import annotations

import numpy as np

from game.sim import metrics, network_metrics
from game.sim.arrays import sorted_unique
from game.sim.events import LISTING_CAUSES, RELEASE_CAUSES
from game.text import Phrase, say

Line = tuple[Phrase, ...]  # one debrief item: sentences worded together


def _listing_story(model, ev, listing_idx: int) -> Phrase:
    """'Step 43: citizen 812 was blacklisted by mistake; 12 friends dropped them; 3 of those
    were dropped in turn.'"""
    lst = model.events.of_kind("blacklisted")
    eid, step, who = int(lst["id"][listing_idx]), int(lst["step"][listing_idx]), int(lst["a"][listing_idx])
    how = Phrase(f"debrief.how_{LISTING_CAUSES[int(lst['detail'][listing_idx])]}")
    mine = ev["root"] == eid
    dropped_them = sorted_unique(ev["a"][mine & (ev["b"] == who)])
    if not dropped_them.size:
        return Phrase("debrief.story", {"step": step, "who": who, "how": how})
    in_turn = sorted_unique(ev["b"][np.isin(ev["b"], dropped_them) & (ev["id"] > eid)]).size
    fields = {"step": step, "who": who, "how": how, "dropped": int(dropped_them.size), "in_turn": in_turn}
    return Phrase("debrief.story_in_turn" if in_turn else "debrief.story_dropped", fields)


def facts(model, max_items: int = 8) -> list[Line]:
    """The debrief as phrases (catalog keys and numbers), for :func:`game.text.say` to word
    in the reader's language. Each item is one bullet of one or more sentences."""
    lines: list[Line] = []
    ev = model.events.of_kind("unfriended")
    lst = model.events.of_kind("blacklisted")
    if ev["id"].size:
        roots, sizes, _ = network_metrics.cascade_stats(ev["root"], ev["a"], ev["b"], ev["depth"])
        big = int(roots[np.argmax(sizes)])
        in_big = ev["root"] == big
        where = np.flatnonzero(lst["id"] == big)
        start = (_listing_story(model, ev, int(where[0])) if where.size
                 else Phrase("debrief.began", {"a": int(ev["a"][in_big][0]), "b": int(ev["b"][in_big][0])}))
        lines.append((Phrase("debrief.cascade", {
            "ties": int(in_big.sum()), "people": int(sizes.max()), "depth": int(ev["depth"][in_big].max()),
            "first": int(ev["step"][in_big].min()), "last": int(ev["step"][in_big].max())}), start))
    mistakes = np.flatnonzero(lst["detail"] == LISTING_CAUSES.index("error"))
    if mistakes.size:
        told = bool(lines) and ev["id"].size and int(lst["id"][mistakes[0]]) == big
        first = () if told else (_listing_story(model, ev, int(mistakes[0])),)
        lines.append(first + (Phrase("debrief.mistakes", {"n": int(mistakes.size)}),))
    lines += _conformity_lines(model) + _access_lines(model)
    if lst["id"].size:
        peak = int(np.max(model.datacollector.model_vars["blacklisted"]))
        lines.append((Phrase("debrief.listings", {"n": int(lst["id"].size), "steps": int(model.steps),
                                                  "peak": peak}),) + _paid_off(model))
    return lines[:max_items]


def _paid_off(model) -> Line:
    """'38 listed citizens paid what they owed (200 coins) and left the list; of the 45 still
    on it for a reason, 44 have less than that' (seed 004), when anyone paid their way off."""
    rel = model.events.of_kind("released")
    n = int((rel["detail"] == RELEASE_CAUSES.index("paid")).sum())
    if not n:
        return ()
    cost = model.config.authorities.settle_cost
    owing = model.listed & ~model.wrongful
    return (Phrase("debrief.paid", {"n": n, "cost": f"{cost:.0f}", "listed": int(owing.sum()),
                                    "poor": int((owing & (model.wealth < cost)).sum())}),)


def debrief(model, max_items: int = 8) -> list[str]:
    """The debrief in the current language (:func:`game.text.set_language`), one text per bullet."""
    return [say(line) for line in facts(model, max_items)]


def _conformity_lines(model) -> list[Line]:
    data = model.datacollector.model_vars
    public, private = np.asarray(data["public_dissent"]), np.asarray(data["private_dissent"])
    if public.size < 2 or private[-1] <= 0:
        return []
    start = public[1] if public.size > 1 else public[0]  # after the first step's conformity update
    line = (Phrase("debrief.conformity", {"private": f"{private[-1]:.0%}", "public": f"{public[-1]:.0%}",
                                          "start": f"{start:.0%}"}),)
    half = np.flatnonzero(public[1:] <= start / 2)
    if start > 0 and half.size:
        line += (Phrase("debrief.halved", {"step": int(half[0]) + 1}),)
    return [line]


def _access_lines(model) -> list[Line]:
    tot = model.access_totals
    rates = metrics.denial_rate(tot.attempts.sum(0), tot.denials.sum(0))
    if tot.attempts.sum() == 0:
        return []
    names = model.tier_names
    parts = [Phrase("debrief.tier_rate", {"tier": names[k], "rate": f"{rates[k]:.0%}"})
             for k in range(len(names)) if tot.attempts[:, k].sum()]
    return [(Phrase("debrief.refusals", {"rates": parts}),)]
