"""What each page is sent: a student's own view, the teacher's console, the class debrief.

A student's view holds only what is theirs to see: their citizen (score, tier, why, friends
and the friends' public standing, who dropped them, their refusals), their own choices,
requests addressed to them, and - after the end - the class numbers (humans against bots)
and their own story. Nobody's private choices (bills, speech, drops, whom they asked) are
in anyone else's view; the teacher's console sees who is ready, not what they chose.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.classroom import story
from game.classroom.room import ENDED, MAX_ASKS, Room, Seat
from game.modes.debrief import facts
from game.scenario.live_rules import OPACITY_CHOICES, current, live_rules
from game.sim import scores, ties
from game.sim.rules.scoring import FACTORS
from game.text import Phrase, localized, t_in

SUGGESTIONS = 6  # people a student might ask who are not classmates
CLASSMATES = 8  # classmates suggested at a time (those who are friends of friends first)


def tier_info(m, i: int, lang: str) -> dict[str, Any]:
    k = int(m.tier[i])
    return {"rank": k, "name": m.tier_names[k], "label": _tier_labels(m.config, lang)[k]}


_LABELS: dict[tuple[str, int, str], list] = {}  # (what, id of the scenario's tuple, language) -> labels


def _tier_labels(config, lang: str) -> list[str]:
    """The tiers' labels in ``lang`` (looked up once per scenario and language)."""
    key = ("tiers", id(config.tiers), lang)
    if key not in _LABELS:
        if len(_LABELS) > 64:
            _LABELS.clear()
        _LABELS[key] = [localized(config, f"tiers[{k}].label", lang) for k in range(len(config.tiers))]
    return _LABELS[key]


def _service_labels(room: Room, lang: str) -> list[dict[str, str]]:
    """The services' names in ``lang`` (looked up once per scenario and language)."""
    services = room.model.config.services
    key = ("services", id(services), lang)
    if key not in _LABELS:
        if len(_LABELS) > 64:
            _LABELS.clear()
        _LABELS[key] = [{"key": s.name, "label": story.word(room, story.Service(i), lang)} for i, s in enumerate(services)]
    return _LABELS[key]


def why(room: Room, i: int, lang: str) -> dict[str, Any]:
    """The inspector's breakdown (:func:`game.sim.scores.breakdown`, in whole points that add
    up to the score shown): each factor's points and the most it could bring (the phone's
    bar is the one over the other), and the sum line with floor, bias and blacklist."""
    m = room.model
    sc = m.config.scoring
    parts = scores.rounded(scores.breakdown(m, i), float(m.score[i]))
    rows, words = [], []
    for name, v in parts:
        if name in FACTORS:
            most = (sc.high - sc.low) * m.rules.share(name)
            rows.append({"label": t_in(lang, f"factors.{name}"), "value": round(v / most, 3) if most else 0.0,
                         "points": v, "most": round(most)})
    together = sum(v for name, v in parts if name in FACTORS)
    shown = [(n, v) for n, v in parts if n not in FACTORS]
    if together:
        shown.insert(1, ("factors", together))
    for k, (name, v) in enumerate(shown):
        text = t_in(lang, f"inspector.part_{name}", points=abs(v) if k else v)
        words.append(text if k == 0 else (" - " if v < 0 else " + ") + text)
    return {"factors": rows, "sum": t_in(lang, "inspector.sum", parts="".join(words), score=f"{m.score[i]:.0f}")}


def person(room: Room, c: int, lang: str, visible: bool) -> dict[str, Any]:
    m = room.model
    out = {"id": int(c), "name": room.name_of(c, lang), "classmate": room.is_classmate(c),
           "listed": bool(m.listed[c])}
    if visible:
        out.update(score=round(float(m.score[c])), tier=tier_info(m, c, lang))
    return out


def phone_view(room: Room, seat: Seat) -> dict[str, Any]:
    """Everything one student's page shows, in their language."""
    m, me, lang = room.model, seat.citizen, seat.lang
    sc = m.config.scoring
    visible = sc.visible
    friends = story.friends_of(room)(me)
    friends = friends[np.lexsort((friends, -m.score[friends]))]
    friend_rows = []
    for c in friends.tolist():
        row = person(room, c, lang, visible)
        row["drop"] = c in seat.drop
        if m.listed[c]:
            row["cost"] = round(float(ties.drop_gain(m, me, c)[0]))
        friend_rows.append(row)
    requests = [person(room, s.citizen, lang, visible) | {"reply": _reply(seat, s.citizen)}
                for s in room.seats if s.taken and s is not seat and me in s.ask]
    history = [r["score"] for r in seat.rows]
    view = {
        "t": "state", "phase": room.phase, "round": room.round + 1, "rounds_done": room.round,
        "deadline_in": None if room.deadline is None else max(0.0, round(room.deadline - room.clock(), 1)),
        "seat": seat.number + 1, "name": seat.name, "held": seat.held,
        "me": {"id": me, "score": round(float(m.score[me])), "visible": visible,
               "secret_rules": sc.opacity == "unknown",
               "tier": tier_info(m, me, lang), "tiers": len(m.config.tiers),
               "change": round(float(m.score[me])) - round(seat.rows[-1]["score_before"]) if seat.rows else 0,
               "listed": bool(m.listed[me]), "days_left": int(m.days_left[me]), "wealth": round(float(m.wealth[me])),
               "history": [round(seat.rows[0]["score_before"])] + [round(h) for h in history] if history else []},
        "why": why(room, me, lang),
        "choices": {"pay": seat.pay, "speak": seat.speak, "apply": sorted(seat.apply), "appeal": seat.appeal,
                    "ready": seat.ready, "drop": sorted(seat.drop), "ask": sorted(seat.ask),
                    "accept": sorted(seat.accept), "decline": sorted(seat.decline)},
        "services": _service_labels(room, lang),
        "friends": friend_rows,
        "dropped_by": [{"name": room.name_of(c, lang), "round": r["round"]}
                       for r in reversed(seat.rows) for c in r["dropped_by"]][:8],
        "requests": requests,
        "suggest": suggestions(room, seat, lang, visible),
        "refusals": refusals(room, me, lang),
        "news": [story.word(room, n, lang) for n in seat.news],
        "max_asks": MAX_ASKS,
    }
    if room.phase == ENDED:
        view["debrief"] = debrief(room, lang, seat)
    return view


def _reply(seat: Seat, asker: int) -> str:
    return "yes" if asker in seat.accept else "no" if asker in seat.decline else "open"


def refusals(room: Room, me: int, lang: str) -> list[str]:
    """The citizen's latest refusals this session (newest first), each with its round."""
    mem, out = room.memory, []
    for k in range(mem.step.shape[1]):
        step = int(mem.step[me, k])
        if mem.service[me, k] >= 0 and step > room.start_step:
            when = t_in(lang, "classroom.round_n", n=step - room.start_step)
            out.append(f"{story.word(room, story.denial(room.model, mem, me, k), lang)} ({when})")
    return out


def suggestions(room: Room, seat: Seat, lang: str, visible: bool) -> list[dict]:
    """People a student might ask: classmates who are not yet friends (friends of friends
    first, at most ``CLASSMATES``), then others among friends of friends (closest in score
    first), then anyone from the same district."""
    m, me = room.model, seat.citizen
    friends_of = story.friends_of(room)
    friends = set(friends_of(me).tolist())
    fof: set[int] = set()
    for f in friends:
        fof.update(friends_of(f).tolist())
    fof -= friends | {me}
    mates = [s for s in room.seats if s.taken and s is not seat and s.citizen not in friends]
    mates.sort(key=lambda s: (s.citizen not in fof and s.citizen not in seat.ask, s.name.casefold()))
    out = [s.citizen for s in mates[:CLASSMATES]]
    classmates = {s.citizen for s in mates}
    pool = sorted(fof - classmates, key=lambda c: (abs(float(m.score[c] - m.score[me])), c))[:SUGGESTIONS]
    if len(pool) < SUGGESTIONS:
        same = np.flatnonzero(m.group == m.group[me])
        pool += [int(c) for c in same if int(c) not in friends and int(c) != me and int(c) not in pool
                 and int(c) not in classmates][: SUGGESTIONS - len(pool)]
    asked = [c for c in sorted(seat.ask) if c not in out and c not in pool]  # keep what was asked in view
    return [person(room, c, lang, visible) | {"asked": c in seat.ask} for c in asked + out + pool]


# --- the debrief ------------------------------------------------------------------------

def comparison(room: Room) -> dict[str, dict[str, float]]:
    """Humans against bots over the whole session: shares of citizen-rounds in which they
    dropped a friend, spoke up (bots: those who disagree in private), paid their bills, were
    refused something; people listed; mean score at the end."""
    out = {}
    for side in ("humans", "bots"):
        rows = [r[side] for r in room.rounds]
        n = sum(r["n"] for r in rows)
        voices = sum(r["voices"] for r in rows)
        out[side] = {
            "dropped": sum(r["dropped"] for r in rows) / n if n else 0.0,
            "spoke": sum(r["spoke"] for r in rows) / voices if voices else 0.0,
            "paid": sum(r["paid"] for r in rows) / n if n else 0.0,
            "refused": sum(r["refused"] for r in rows) / n if n else 0.0,
            "listed": sum(r["listed"] for r in rows),
            "score": rows[-1]["score"] if rows else 0.0,
            "n": rows[-1]["n"] if rows else 0}
    return out


def class_lines(room: Room, lang: str) -> list[str]:
    c = comparison(room)
    h, b = c["humans"], c["bots"]
    if not room.rounds:
        return [t_in(lang, "classroom.debrief_no_rounds")]
    pct = lambda x: f"{x:.0%}"  # noqa: E731
    return [t_in(lang, "classroom.debrief_dropped", humans=pct(h["dropped"]), bots=pct(b["dropped"])),
            t_in(lang, "classroom.debrief_spoke", humans=pct(h["spoke"]), bots=pct(b["spoke"])),
            t_in(lang, "classroom.debrief_paid", humans=pct(h["paid"]), bots=pct(b["paid"])),
            t_in(lang, "classroom.debrief_refused", humans=pct(h["refused"]), bots=pct(b["refused"])),
            t_in(lang, "classroom.debrief_listed", humans=h["listed"], bots=b["listed"]),
            t_in(lang, "classroom.debrief_score", humans=f"{h['score']:.0f}", bots=f"{b['score']:.0f}")]


def run_lines(room: Room, lang: str) -> list[str]:
    """The run's own debrief (:mod:`game.modes.debrief`), with names for citizens and the
    teacher for 'the player'."""
    return [story.word(room, _named(line), lang) for line in facts(room.model)]


def _named(item):
    if isinstance(item, Phrase):  # (a NamedTuple: before the tuple test)
        if item.key == "debrief.how_command":
            return Phrase("classroom.how_teacher")
        return Phrase(item.key, {k: story.Who(v) if k in ("who", "a", "b") and isinstance(v, int) else _named(v)
                                 for k, v in item.fields.items()})
    if isinstance(item, tuple):
        return tuple(_named(x) for x in item)
    if isinstance(item, list):
        return [_named(x) for x in item]
    return item


def own_story(room: Room, seat: Seat, lang: str) -> list[str]:
    rows = seat.rows
    if not rows:
        return [t_in(lang, "classroom.story_none")]
    played = [r for r in rows if r["held"]]
    lines = [t_in(lang, "classroom.story_score", first=f"{rows[0]['score_before']:.0f}", last=f"{rows[-1]['score']:.0f}",
                  rounds=len(rows), tier=rows[-1]["tier"])]
    dropped = sum(len(r["dropped"]) for r in rows)
    dropped_by = sum(len(r["dropped_by"]) for r in rows)
    lines.append(t_in(lang, "classroom.story_friends", dropped=dropped, dropped_by=dropped_by,
                      made=sum(len(r["new_friends"]) for r in rows)))
    if played:
        lines.append(t_in(lang, "classroom.story_choices", spoke=sum(r["spoke"] for r in played),
                          paid=sum(r["paid"] for r in played), rounds=len(played)))
    refused = sum(len(r["refused"]) for r in rows)
    lines.append(t_in(lang, "classroom.story_refused", n=refused))
    if any(r["listed"] for r in rows):
        lines.append(t_in(lang, "classroom.story_listed", n=sum(r["listed"] for r in rows)))
    if len(played) < len(rows):
        lines.append(t_in(lang, "classroom.story_bot", n=len(rows) - len(played)))
    return lines


def debrief(room: Room, lang: str, seat: Seat | None = None) -> dict[str, Any]:
    out = {"class": class_lines(room, lang), "run": run_lines(room, lang), "numbers": comparison(room)}
    if seat is not None:
        out["mine"] = own_story(room, seat, lang)
    return out


# --- the teacher ------------------------------------------------------------------------

def teacher_view(room: Room, lang: str = "en") -> dict[str, Any]:
    m = room.model
    ready, present = room.ready_count()
    cfg = m.config
    rules = [{"path": r.path, "label": t_in(lang, r.label_key), "lo": r.lo, "hi": r.hi, "scale": r.shown_scale,
              "value": float(current(cfg, r.path))} for r in live_rules(cfg)]
    return {
        "t": "console", "phase": room.phase, "round": room.round + 1, "rounds_done": room.round,
        "step": int(m.steps), "code": room.code, "timer": room.timer_s, "auto": room.auto_ready,
        "deadline_in": None if room.deadline is None else max(0.0, round(room.deadline - room.clock(), 1)),
        "scores": room.show_scores, "ready": ready, "present": present,
        "joined": sum(s.taken for s in room.seats), "capacity": len(room.seats),
        "seats": [{"seat": s.number + 1, "name": s.name, "citizen": s.citizen, "online": bool(s.online),
                   "ready": s.ready, "held": s.held, "listed": bool(m.listed[s.citizen])}
                  for s in room.seats if s.taken],
        "rules": rules, "shaming": bool(cfg.authorities.public_shaming), "opacity": cfg.scoring.opacity,
        "opacities": [{"key": o, "label": t_in(lang, f"rules.opacity_{o}")} for o in OPACITY_CHOICES],
        "log": room.log[-12:],
        "mean_score": round(float(np.mean(m.score))), "listed": int(m.listed.sum()),
        "debrief": debrief(room, lang) if room.phase == ENDED else None,
    }
