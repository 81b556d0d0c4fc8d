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
    """Citizen mode from the scenario: who the character is, listed or not at the start. A
    character who starts listed is scored as listed from step 0, so the score on screen and
    its breakdown agree from the first turn (the blacklist penalty included)."""
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
        model.wrongful[model.player] = True  # the story: listed for reporting, not for a crime
        model.rescore()


def listed_since(model, i: int) -> int | None:
    """The step citizen i's current listing began (None: not listed)."""
    if not model.listed[i]:
        return None
    ev = model.events.of_kind("blacklisted")
    mine = ev["step"][ev["a"] == i]
    return int(mine.max()) if mine.size else 0


def settled(model, i: int) -> bool:
    """Whether citizen i has paid what the court asks since their current listing began
    (a ``Settle`` command: seed 004's man who "had finally paid" and asked to be removed)."""
    since = listed_since(model, i)
    return since is not None and any(type(c).__name__ == "Settle" and c.citizen == i and at >= since
                                     for at, c in model.command_log)


def appealed_this_turn(model, i: int) -> bool:
    """Whether citizen i has appealed since the last step (one appeal a turn)."""
    now = int(model.steps)
    return any(type(c).__name__ == "Appeal" and c.citizen == i and at == now for at, c in model.command_log)


def appeal_odds(model, i: int) -> float:
    """The chance an appeal by citizen i succeeds: the scenario's odds (better for a
    wrongful listing, seed 003), or, for the played character who has settled, the
    scenario's ``player.settle_odds`` when higher."""
    au, pl = model.config.authorities, model.config.player
    odds = au.appeal_success_wrongful if model.wrongful[i] else au.appeal_success
    if i == model.player and pl.settle_odds > odds and settled(model, i):
        odds = pl.settle_odds
    return float(odds)


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
