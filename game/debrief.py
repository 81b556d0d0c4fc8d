"""A debrief written from the run's own events: what happened, when, to whom.

Every sentence is computed from the event log and the series (no canned story): the
largest cascade and how it started, the first wrongful listing and what it cost, the
moment public dissent collapsed, who was refused what.
"""

from __future__ import annotations

import numpy as np

from game import metrics
from game.arrays import sorted_unique
from game.events import LISTING_CAUSES


def _listing_story(model, ev, listing_idx: int) -> str:
    """'step 43: citizen 812 was blacklisted by mistake; 12 friends dropped them; 3 of those
    were dropped in turn'."""
    lst = model.events.of_kind("blacklisted")
    eid, step, who = int(lst["id"][listing_idx]), int(lst["step"][listing_idx]), int(lst["a"][listing_idx])
    cause = LISTING_CAUSES[int(lst["detail"][listing_idx])]
    how = {"error": "by mistake", "default": "for defaulting on bills", "unpaid_fine": "for an unpaid fine",
           "rumour": "for 'spreading rumours'", "command": "by the player", "timeline": "by the scenario"}[cause]
    mine = ev["root"] == eid
    dropped_them = sorted_unique(ev["a"][mine & (ev["b"] == who)])
    in_turn = np.isin(ev["b"], dropped_them) & (ev["id"] > eid)
    text = f"Step {step}: citizen {who} was blacklisted {how}"
    if dropped_them.size:
        text += f"; {dropped_them.size} friends dropped them"
        n_turn = sorted_unique(ev["b"][in_turn]).size
        if n_turn:
            text += f"; {n_turn} of those were dropped in turn"
    return text + "."


def debrief(model, max_items: int = 8) -> list[str]:
    lines: list[str] = []
    ev = model.events.of_kind("unfriended")
    lst = model.events.of_kind("blacklisted")
    if ev["id"].size:
        sizes, _ = metrics.cascade_stats(ev["depth"], ev["root"])
        roots = sorted_unique(ev["root"])
        big = int(roots[np.argmax(sizes)])
        in_big = ev["root"] == big
        where = np.flatnonzero(lst["id"] == big)
        start = (_listing_story(model, ev, int(where[0])) if where.size
                 else f"It began when citizen {int(ev['a'][in_big][0])} dropped citizen {int(ev['b'][in_big][0])}.")
        lines.append(f"The largest unfriending cascade cut {int(in_big.sum())} friendships, "
                     f"{int(ev['depth'][in_big].max())} links deep, from step {int(ev['step'][in_big].min())} "
                     f"to {int(ev['step'][in_big].max())}. {start}")
    mistakes = np.flatnonzero(lst["detail"] == LISTING_CAUSES.index("error"))
    if mistakes.size:
        told = bool(lines) and ev["id"].size and int(lst["id"][mistakes[0]]) == big
        first = "" if told else _listing_story(model, ev, int(mistakes[0])) + " "
        lines.append(f"{first}In all, {mistakes.size} people were listed by mistake.")
    lines += _conformity_lines(model) + _access_lines(model)
    if lst["id"].size:
        peak = int(np.max(model.datacollector.model_vars["blacklisted"]))
        lines.append(f"{lst['id'].size} listings in {int(model.steps)} steps; at most {peak} people "
                     f"were on the blacklist at once.")
    return lines[:max_items]


def _conformity_lines(model) -> list[str]:
    data = model.datacollector.model_vars
    public, private = np.asarray(data["public_dissent"]), np.asarray(data["private_dissent"])
    if public.size < 2 or private[-1] <= 0:
        return []
    start = public[1] if public.size > 1 else public[0]  # after the first step's conformity update
    line = (f"{private[-1]:.0%} of citizens disagreed in private; {public[-1]:.0%} said so in public "
            f"at the end ({start:.0%} after the first step).")
    half = np.flatnonzero(public[1:] <= start / 2)
    if start > 0 and half.size:
        line += f" Public dissent had halved by step {int(half[0]) + 1}."
    return [line]


def _access_lines(model) -> list[str]:
    tot = model.access_totals
    rates = metrics.denial_rate(tot.attempts.sum(0), tot.denials.sum(0))
    if tot.attempts.sum() == 0:
        return []
    names = model.tier_names
    parts = [f"tier {names[k]} {rates[k]:.0%}" for k in range(len(names)) if tot.attempts[:, k].sum()]
    return ["Share of applications refused, by tier: " + ", ".join(parts) + "."]
