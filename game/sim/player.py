"""Citizen mode: one citizen's choices come from a player instead of the rules.

The scenario's ``[player]`` names the character (:func:`cast`). The player's standing
choices (pay the bill or not, speak or keep quiet) and one-off applications (a loan, a
ticket, a flat) are an :class:`Intent`, set by commands between steps. The step consults
it at three points: after bills (life), after conformity, and when applicants are drawn
(access). Everything else about the citizen - score, tier,
friends dropping them, the blacklist - is the same machinery as for everyone else. What the
player sees and tries beyond commands (who dropped them, a stranger to approach) is
:mod:`game.modes.citizen`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.sim.arrays import sorted_unique


@dataclass
class Intent:
    pay: bool | None = None    # None: the rules decide (reliability and means)
    speak: bool | None = None  # None: the conformity rule decides
    apply: set[str] = field(default_factory=set)  # service names, for the next step only


def cast(model) -> None:
    """Citizen mode from the scenario: who the character is, listed or not at the start."""
    pl = model.config.player
    if not pl.citizen:
        return
    if pl.citizen == "hub":
        model.player = int(np.argmax(model.friends.degree))
    elif pl.citizen == "random":
        model.player = int(model.rng.integers(model.n))
    else:
        model.player = int(pl.citizen)
    if pl.start_listed:
        model.blacklist(np.array([model.player]), pl.listing_cause, 0)
        # the story: Liu contests his listing ("many mistakes ... go uncorrected", seed 003); the game
        # counts it as wrongful, so an appeal is likelier to win (a game assumption)
        model.wrongful[model.player] = True


def bill_choice(model, bill: float) -> None:
    """Undo or make the player's payment according to their choice (means permitting)."""
    i, pay = model.player, model.intent.pay
    if i is None or pay is None:
        return
    if model.paid[i] and not pay:
        model.wealth[i] += bill
        model.paid[i] = False
    elif not model.paid[i] and pay and model.wealth[i] >= bill:
        model.wealth[i] -= bill
        model.paid[i] = True


def speech_choice(model) -> None:
    """Speaking posts the citizen's opinion in public; keeping quiet conforms."""
    i, speak = model.player, model.intent.speak
    if i is None or speak is None:
        return
    model.public_dissent[i] = speak
    model.conforming[i] = not speak


def applicants(model, service: str, idx: np.ndarray) -> np.ndarray:
    """The drawn applicants for a service, plus the player if they chose to apply."""
    if model.player is None or service not in model.intent.apply:
        return idx
    return sorted_unique(np.append(idx, model.player))
