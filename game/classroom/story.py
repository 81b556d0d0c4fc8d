"""What each student is told after a round, and the numbers that compare them with the bots.

After every step :func:`after_round` reads the model's own events and columns for each seat
(who dropped them and, when it was a cascade, whose listing started it; whom they dropped,
new friends, listings, refusals, a friend listed and what keeping them costs: the
unfriend rule's own sum, :func:`game.sim.ties.drop_gain`) and keeps it as sentences to be
worded later (catalog keys with their fields), so every phone reads its story in its own
language. It also adds one row
per seat (choices and outcomes: the CSV of the export) and one line of class numbers
(humans against bots) per round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from game.sim import ties
from game.sim.access_memory import AccessMemory
from game.sim.events import KIND, LISTING_CAUSES, RELEASE_CAUSES
from game.sim.player import held
from game.sim.rules.access import REASONS
from game.text import Phrase, localized, say, t_in

WAVES_TOLD = 2  # cascades named in one round's news


@dataclass(frozen=True)
class Who:
    """A citizen in a sentence: their name, in the reader's language."""
    citizen: int


@dataclass(frozen=True)
class Service:
    """A service in a sentence: the scenario's name for it, in the reader's language."""
    index: int


def word(room, item: Any, lang: str) -> str:
    """A sentence (Phrase, tuple of Phrases, text) worded for one reader."""
    return say(_resolve(room, item, lang), lang)


def _resolve(room, item: Any, lang: str) -> Any:
    if isinstance(item, Who):
        return room.name_of(item.citizen, lang)
    if isinstance(item, Service):
        name = localized(room.model.config, f"services[{item.index}].name", lang)
        return name[:1].upper() + name[1:]
    if isinstance(item, Phrase):
        return Phrase(item.key, {k: _resolve(room, v, lang) for k, v in item.fields.items()})
    if isinstance(item, list) and item and all(isinstance(x, Who) for x in item):
        return t_in(lang, "format.list_sep").join(_resolve(room, x, lang) for x in item)
    if isinstance(item, tuple):
        return tuple(_resolve(room, x, lang) for x in item)
    if isinstance(item, list):
        return [_resolve(room, x, lang) for x in item]
    return item


def friends_of(room):
    """``friends(i)``: citizen i's friends, ascending, from an adjacency list built once per
    state of the friendship graph (a round's views ask for hundreds of friend lists;
    ``Friendships.neighbours`` scans every tie each time)."""
    f = room.model.friends
    key = (id(f), f.version)
    cache = getattr(room, "_adjacency", None)
    if cache is None or cache[0] != key:
        u, v, _ = f.live()
        a, b = np.concatenate([u, v]), np.concatenate([v, u])
        order = np.lexsort((b, a))
        indptr = np.zeros(f.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(a, minlength=f.n), out=indptr[1:])
        cache = room._adjacency = (key, indptr, b[order].astype(np.int64))
    _, indptr, others = cache
    return lambda i: others[indptr[i]:indptr[i + 1]]


@dataclass
class Before:
    """What the seats looked like when the round closed."""
    score: dict[int, float]
    tier: dict[int, int]
    friends: dict[int, set[int]]
    held: np.ndarray

    @classmethod
    def of(cls, room) -> "Before":
        m, friends = room.model, friends_of(room)
        cs = [s.citizen for s in room.seats if s.token]
        return cls({c: float(m.score[c]) for c in cs}, {c: int(m.tier[c]) for c in cs},
                   {c: set(friends(c).tolist()) for c in cs}, held(m))


def denial(model, memory: AccessMemory, i: int, k: int) -> Phrase:
    """A citizen's k-th latest refusal as a sentence (the inspector's wording)."""
    s = int(memory.service[i, k])
    svc = model.config.services[s]
    reason = REASONS[int(memory.reason[i, k])]
    value = memory.value[i, k]
    floor = svc.friends_min if reason == "friends_average" else svc.score_floor
    return Phrase(f"reasons.{reason}", {"service": Service(s), "tier": model.tier_names[model.tier[i]],
                                        "value": "-" if np.isnan(value) else f"{value:.0f}",
                                        "floor": f"{floor:.0f}", "price": f"{svc.price:.0f}"})


def refusals_at(memory: AccessMemory, i: int, step: int) -> list[int]:
    """The memory slots of citizen i's refusals at ``step`` (oldest first)."""
    return [k for k in range(memory.step.shape[1] - 1, -1, -1)
            if memory.step[i, k] == step and memory.service[i, k] >= 0]


def keeping_costs(model, me: int, friend: int) -> Phrase:
    """'Your friend Wei was blacklisted. Keeping Wei costs you about 12 points.': what the
    unfriend rule weighs (:func:`game.sim.ties.drop_gain`). Under secret rules that is
    what the citizen has learned to fear, and the sentence says so."""
    cost = float(ties.drop_gain(model, me, friend)[0])
    if cost < 1:
        return Phrase("classroom.news_friend_listed", {"who": Who(friend)})
    key = "classroom.news_friend_listed_fear" if model.config.scoring.opacity == "unknown" else \
        "classroom.news_friend_listed_cost"
    return Phrase(key, {"who": Who(friend), "points": f"{cost:.0f}"})


def waves(model, unf: dict, me: int) -> list[Phrase]:
    """Why friends dropped ``me`` this round, when a cascade carried it: the listing that
    started it and how many friendships away it began (``depth`` of the unfriending,
    :mod:`game.sim.causes`). Drops no listing caused are not explained here."""
    mine = (unf["b"] == me) & (unf["a"] != me) & (unf["root"] >= 0)
    roots = sorted(set(unf["root"][mine].tolist()))
    if not roots:
        return []
    cols = model.events.columns(roots[0])
    out = []
    for root in roots:
        at = np.flatnonzero(cols["id"] == root)
        if at.size == 0 or cols["kind"][at[0]] != KIND["blacklisted"]:
            continue
        who = int(cols["a"][at[0]])
        depth = int(unf["depth"][mine & (unf["root"] == root)].min())
        if who == me:
            out.append(Phrase("classroom.news_wave_you"))
        else:
            out.append(Phrase("classroom.news_wave", {"who": Who(who), "n": depth}))
    return out[:WAVES_TOLD]


def after_round(room, before: Before, outcomes: dict[int, dict], first_event: int) -> None:
    m = room.model
    step = int(m.steps)
    unf = m.events.of_kind("unfriended", first_event)
    made = m.events.of_kind("befriended", first_event)
    listed = m.events.of_kind("blacklisted", first_event)
    freed = np.concatenate([m.events.of_kind(k, first_event)["a"] for k in ("released", "pardoned")])
    released = m.events.of_kind("released", first_event)
    paid_off = released["a"][released["detail"] == RELEASE_CAUSES.index("paid")]  # seed 004
    for seat in room.seats:
        if not seat.token:
            continue
        me, res = seat.citizen, outcomes.get(seat.number, {"asked": {}, "appeal": None, "dropped": []})
        news: list = []
        old, new = before.score[me], float(m.score[me])
        news.append(Phrase("classroom.news_score", {"old": f"{old:.0f}", "new": f"{new:.0f}",
                                                     "change": f"{round(new) - round(old):+d}"}))
        if int(m.tier[me]) != before.tier[me]:
            key = "classroom.news_tier_down" if m.tier[me] > before.tier[me] else "classroom.news_tier_up"
            news.append(Phrase(key, {"tier": m.tier_names[m.tier[me]]}))
        mine = listed["a"] == me
        if mine.any():
            cause = LISTING_CAUSES[int(listed["detail"][mine][0])]
            news.append(Phrase("classroom.news_listed", {"how": Phrase(f"debrief.how_{cause}")}))
        if res["appeal"] is True:
            news.append(Phrase("classroom.news_appeal_won"))
        elif res["appeal"] is False:
            news.append(Phrase("classroom.news_appeal_lost"))
        elif (paid_off == me).any():
            news.append(Phrase("classroom.news_paid", {"cost": f"{m.config.authorities.settle_cost:.0f}"}))
        elif (freed == me).any():
            news.append(Phrase("classroom.news_released"))
        dropped_me = sorted(set(unf["a"][(unf["b"] == me) & (unf["a"] != me)].tolist()))
        if dropped_me:
            news.append(Phrase("classroom.news_dropped_you", {"n": len(dropped_me),
                                                              "who": [Who(c) for c in dropped_me]}))
            news += waves(m, unf, me)
        if res["dropped"]:
            news.append(Phrase("classroom.news_you_dropped", {"who": [Who(c) for c in res["dropped"]]}))
        new_friends = sorted({int(b if a == me else a) for a, b in zip(made["a"].tolist(), made["b"].tolist())
                              if me in (a, b)})
        if new_friends:
            news.append(Phrase("classroom.news_new_friends", {"n": len(new_friends),
                                                                  "who": [Who(c) for c in new_friends]}))
        said_no = [c for c, ok in res["asked"].items() if ok is False and c not in new_friends]
        if said_no:
            news.append(Phrase("classroom.news_said_no", {"who": [Who(c) for c in said_no]}))
        waiting = sorted(res.get("waiting", ()))
        if waiting:
            news.append(Phrase("classroom.news_waiting", {"who": [Who(c) for c in waiting]}))
        friends_now = friends_of(room)(me)
        hit = [int(c) for c in listed["a"].tolist() if c in set(friends_now.tolist()) and c != me]
        news += [keeping_costs(m, me, c) for c in hit[:3]]
        memory = room.memory
        slots = refusals_at(memory, me, step)
        news += [denial(m, memory, me, k) for k in slots]
        refused = {int(memory.service[me, k]) for k in slots}
        names = [s.name for s in m.config.services]
        granted = [names.index(a) for a in sorted(seat.apply) if names.index(a) not in refused]
        news += [Phrase("classroom.news_granted", {"service": Service(i)}) for i in granted]
        if seat.held and seat.pay and not m.paid[me]:
            news.append(Phrase("classroom.news_could_not_pay"))
        seat.news = news
        seat.rows.append({
            "round": room.round, "step": step, "held": bool(before.held[me]), "online": bool(seat.online),
            "pay": seat.pay, "speak": seat.speak, "applied": sorted(seat.apply), "appealed": res["appeal"],
            "dropped": list(res["dropped"]), "asked": sorted(res["asked"]),
            "accepted": sorted(c for c, ok in res["asked"].items() if ok), "score_before": round(old, 2),
            "score": round(new, 2), "tier": m.tier_names[m.tier[me]], "listed": bool(m.listed[me]),
            "paid": bool(m.paid[me]), "spoke": bool(m.public_dissent[me]), "friends": int(friends_now.size),
            "dropped_by": dropped_me, "new_friends": new_friends,
            "refused": [names[int(memory.service[me, k])] for k in slots],
            "granted": [names[i] for i in granted]})
    room.rounds.append({"round": room.round, **class_numbers(m, before, unf, listed, step)})


def class_numbers(m, before: Before, unf: dict, listed: dict, step: int) -> dict:
    """One round, humans against bots: how many of each, how many dropped a friend, spoke up
    (bots: of those who privately disagree with the norm), paid, were refused, were listed,
    and their mean score before and after the round (``score_prev``: before this step's scoring)."""
    human = before.held
    bot = ~human
    dropper = np.zeros(m.n, dtype=bool)
    dropper[unf["a"]] = True
    refused = np.zeros(m.n, dtype=bool)
    refused[m.refusals.who] = True  # this step's refusals (game.sim.rules.access.Refusals)
    newly_listed = np.zeros(m.n, dtype=bool)  # listed since the last round (by the teacher too)
    newly_listed[listed["a"]] = True
    out: dict[str, Any] = {"step": step}
    for name, mask, voice in (("humans", human, human), ("bots", bot, bot & m.private_dissent)):
        out[name] = {"n": int(mask.sum()), "dropped": int((dropper & mask).sum()),
                     "voices": int(voice.sum()), "spoke": int((m.public_dissent & voice).sum()),
                     "paid": int((m.paid & mask).sum()), "refused": int((refused & mask).sum()),
                     "listed": int((newly_listed & mask).sum()),
                     "score_before": float(np.mean(m.score_prev[mask])) if mask.any() else 0.0,
                     "score": float(np.mean(m.score[mask])) if mask.any() else 0.0}
    return out
