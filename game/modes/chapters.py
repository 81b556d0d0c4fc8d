"""Guided chapters: the default path for a first-time player.

Chapters are scenario files in ``scenarios/chapters/`` with a ``[chapter]`` section, run in
``order``: first *do it by hand* (citizen mode: drop a low-scored friend and watch your
own score), then *predict* (place a bet, then watch what happens and compare), then *see
it at scale*, ending in the full sandbox. Whether a chapter is done, and the answer to a
prediction, are plain functions of the model, so they are tested like everything else.
"""

from __future__ import annotations

from pathlib import Path


from game.scenario.library import SHIPPED_DIR, load
from game.scenario.spec import Scenario
from game.sim.commands import Unfriend

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
