"""Citizen mode, as the player sees it: who dropped you, and a stranger you approach.

The model's side of citizen mode (the character from the scenario, the choices the step
consults) is :mod:`game.sim.player`; every choice the player makes is a command.
"""

from __future__ import annotations

import random

import numpy as np


def approach(model, me: int, rng: random.Random) -> tuple[int, bool] | None:
    """A stranger from the player's district (``rng``: the screen's own generator, never
    the model's) and whether they accept: by the model's score homophily (acceptance
    halves for every ``homophily`` points of gap), and never across the blacklist while
    listings are public. None when everyone there is a friend already."""
    same = np.flatnonzero((model.group == model.group[me]) & (np.arange(model.n) != me))
    friends = set(model.friends.neighbours(me).tolist())
    pool = [int(x) for x in same if int(x) not in friends]
    if not pool:
        return None
    other = rng.choice(pool)
    gap = abs(float(model.score[me] - model.score[other]))
    shamed = model.config.authorities.public_shaming and (model.listed[me] or model.listed[other])
    accepted = not (shamed or rng.random() > 2 ** (-gap / model.config.behaviour.homophily))
    return other, accepted


def who_dropped(model, i: int, last: int = 8) -> list[tuple[int, int]]:
    """(step, citizen) of the latest friends who dropped citizen i, newest first."""
    ev = model.events.of_kind("unfriended")
    mine = np.flatnonzero(ev["b"] == i)[::-1][:last]
    return [(int(ev["step"][k]), int(ev["a"][k])) for k in mine]
