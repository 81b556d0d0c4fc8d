"""Guided chapters: the default path for a first-time player.

Chapters are scenario files in ``scenarios/chapters/`` with a ``[chapter]`` section, run in
``order``: first *do it by hand* (citizen mode: drop a low-scored friend and watch your
own score), then *predict* (place a bet, then watch what happens and compare), then *see
it at scale*, ending in the full sandbox. Whether a chapter is done, and the answer to a
prediction, are plain functions of the model, so they are tested like everything else.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from game.scenario.library import SHIPPED_DIR, load
from game.scenario.spec import Scenario
from game.sim.commands import Unfriend
from game.sim.events import LISTING_CAUSES, UNFRIEND_CAUSES
from game.text import Phrase

CHAPTER_DIR = SHIPPED_DIR / "chapters"


def sequence(folder: Path = CHAPTER_DIR) -> list[tuple[Path, Scenario]]:
    """The chapters in order."""
    found = [(p, load(p)) for p in sorted(folder.glob("*.toml"))]
    return sorted(((p, s) for p, s in found if s.chapter.order > 0), key=lambda ps: ps[1].chapter.order)


def answer(model, start_degree: int) -> float:
    """What actually happened, in the unit the chapter's question asks for."""
    kind = model.config.chapter.answer
    if kind == "friends_lost":
        return float(start_degree - int(model.friends.degree[model.player]))
    if kind == "listed":
        return float(model.listed.sum())
    return float(100.0 * model.public_dissent.mean())


def done(model, start_step: int) -> bool:
    """by_hand: the player dropped a friend and lived one step with it; predict and scale:
    the chapter's steps have run; the sandbox never ends."""
    ch = model.config.chapter
    if ch.kind == "by_hand":
        dropped = [at for at, c in model.command_log if isinstance(c, Unfriend) and c.a == model.player]
        return bool(dropped) and model.steps > dropped[0]
    if ch.kind in ("predict", "scale"):
        return model.steps - start_step >= ch.steps
    return False


def verdict(predicted: float, actual: float) -> str:
    """How close the bet was, in words for the card."""
    gap = abs(predicted - actual)
    scale = max(abs(actual), 1.0)
    if gap <= 0.1 * scale + 0.5:
        return "spot on"
    return "too high" if predicted > actual else "too low"


def start_of(model) -> dict:
    """What a chapter's "why" compares against: the run as the chapter starts."""
    p = model.player
    data = model.datacollector.model_vars
    return {"step": int(model.steps), "event": int(model.events.next_id),
            "degree": int(model.friends.degree[p]) if p is not None else 0,
            "score": float(model.score[p]) if p is not None else 0.0,
            "conn": float(model.conn_points[p]) if p is not None else 0.0,
            "gini": float(data["gini_score"][-1]) if data.get("gini_score") else 0.0,
            "speaking": float(model.public_dissent.mean())}


def focus(model) -> int | None:
    """The citizen a chapter talks about: the player, or else the citizen its timeline listed."""
    if model.player is not None:
        return int(model.player)
    lst = model.events.of_kind("blacklisted")
    staged = np.flatnonzero(lst["detail"] == LISTING_CAUSES.index("timeline"))
    return int(lst["a"][staged[0]]) if staged.size else None


def why(model, start: dict) -> Phrase | None:
    """One sentence, from the run's own events and series, on why the chapter's moment
    happened (catalog keys ``chapters.why_*``; the caller adds the player's ``name``)."""
    ch = model.config.chapter
    p = model.player
    ev = model.events.of_kind("unfriended", since_id=start["event"])
    if ch.kind == "by_hand" and p is not None:
        mine = np.flatnonzero(ev["a"] == p)
        fields = {"before": f"{start['score']:.0f}", "now": f"{model.score[p]:.0f}",
                  "conn_before": f"{start['conn']:.0f}", "conn_now": f"{model.conn_points[p]:.0f}"}
        if not mine.size:
            return Phrase("chapters.why_kept", fields)
        friend = int(ev["b"][mine[0]])
        return Phrase("chapters.why_by_hand", {**fields, "friend": friend, "friend_score": f"{model.score[friend]:.0f}"})
    if ch.kind == "predict" and ch.answer == "friends_lost" and p is not None:
        left = ev["b"] == p
        # each drop's motive is its largest: a feared (or real) loss of points, or the shame
        # of a friend on the public list
        by_score = int((left & (ev["detail"] == UNFRIEND_CAUSES.index("score"))).sum())
        by_shame = int((left & (ev["detail"] == UNFRIEND_CAUSES.index("shaming"))).sum())
        return Phrase("chapters.why_friends", {"lost": int(left.sum()), "friends": start["degree"],
                                               "by_score": by_score, "by_shame": by_shame,
                                               "before": f"{start['score']:.0f}",
                                               "now": f"{model.score[p]:.0f}"})
    if ch.answer == "public_dissent_pct" and ch.kind == "predict":
        quiet = model.private_dissent & ~model.public_dissent
        return Phrase("chapters.why_silence", {
            "start": f"{start['speaking']:.0%}", "now": f"{model.public_dissent.mean():.0%}",
            "score": int((quiet & model.silenced_score).sum()),
            "peers": int((quiet & model.silenced_peers & ~model.silenced_score).sum()),
            "penalty": f"{model.config.scoring.speech_penalty:g}"})
    if ch.kind == "scale":
        tot = model.access_totals
        attempts, denials = tot.attempts.sum(0), tot.denials.sum(0)
        if attempts.sum() == 0:
            return None
        tried = np.flatnonzero(attempts)
        lo, hi = int(tried.max()), int(tried.min())  # tiers run from the best (0) down
        rate = denials / np.maximum(attempts, 1)
        gini = model.datacollector.model_vars["gini_score"]
        return Phrase("chapters.why_scale", {
            "low": model.tier_names[lo], "high": model.tier_names[hi],
            "low_rate": f"{rate[lo]:.0%}", "high_rate": f"{rate[hi]:.0%}",
            "before": f"{start['gini']:.2f}", "now": f"{gini[-1]:.2f}"})
    return None
