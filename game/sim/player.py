"""Citizens whose choices come from people instead of the rules: citizen mode's one player,
and a class's seats.

The scenario's ``[player]`` names citizen mode's character (:func:`cast`). The player's
standing choices (pay the bill or not, speak or keep quiet) and one-off applications (a
loan, a ticket, a flat) are an :class:`Intent`, set by commands between steps.

A class (:mod:`game.classroom`) seats several people at once: ``model.seats`` maps each
held citizen to its person's :class:`Intent` (commands ``TakeSeat``, ``SeatAct``,
``LeaveSeat``). A held citizen's bills, speech and applications follow its person; it
applies for nothing its person did not choose; it drops no friend and seeks no new one on
its own (its person does, by command; :func:`held` is the mask
:mod:`game.sim.ties` reads). The hooks loop over the seats (a few dozen at most), never
over the citizens, and with no seat held they do nothing: plain runs and citizen mode are
bit for bit unchanged.

The step consults these choices at three points: after bills (life), after conformity,
and when applicants are drawn (access). Everything else - score, tier, friends dropping
them, the blacklist - is the same machinery as for everyone else. What the player sees and
tries beyond commands (who dropped them, a stranger to approach) is :mod:`game.modes.citizen`.
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
        # the story: Liu contests his listing ("many mistakes ... go uncorrected", seed 003); the game
        # counts it as wrongful: his appeals win at authorities.appeal_success_wrongful (a game assumption)
        model.wrongful[model.player] = True
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


def _chosen(model, key: str) -> tuple[np.ndarray, np.ndarray]:
    """(citizens, choices) of everyone whose ``key`` choice (pay, speak) is set: the player
    and the seats, in citizen order."""
    pairs = sorted((i, getattr(it, key)) for i, it in model.seats.items() if getattr(it, key) is not None)
    if model.player is not None and getattr(model.intent, key) is not None:
        pairs.append((model.player, getattr(model.intent, key)))
    return np.array([i for i, _ in pairs], dtype=np.int64), np.array([c for _, c in pairs], dtype=bool)


def bill_choice(model, bill: float) -> None:
    """Undo or make the payments people chose to skip or make (means permitting)."""
    if model.player is None and not model.seats:
        return
    ids, pay = _chosen(model, "pay")
    skip = ids[~pay & model.paid[ids]]
    model.wealth[skip] += bill
    model.paid[skip] = False
    pays = ids[pay & ~model.paid[ids]]
    pays = pays[model.wealth[pays] >= bill]
    model.wealth[pays] -= bill
    model.paid[pays] = True


def speech_choice(model) -> None:
    """Speaking posts the citizen's opinion in public; keeping quiet conforms."""
    if model.player is None and not model.seats:
        return
    ids, speak = _chosen(model, "speak")
    model.public_dissent[ids] = speak
    model.conforming[ids] = ~speak


def held(model) -> np.ndarray:
    """Per citizen: whether a person in a class holds it (all False with no seats)."""
    mask = np.zeros(model.n, dtype=bool)
    if model.seats:
        mask[np.fromiter(model.seats, dtype=np.int64, count=len(model.seats))] = True
    return mask


def applicants(model, service: str, idx: np.ndarray) -> np.ndarray:
    """The drawn applicants for a service, plus the player if they chose to apply; a held
    citizen applies exactly when its person chose to (drawn or not)."""
    if model.seats:
        mine = np.array(sorted(i for i, it in model.seats.items() if service in it.apply), dtype=np.int64)
        idx = np.union1d(idx[~held(model)[idx]], mine)
    if model.player is None or service not in model.intent.apply:
        return idx
    return sorted_unique(np.append(idx, model.player))


def clear_applications(model) -> None:
    """Applications are one-off: after the access phase they are gone (pay and speak stand)."""
    model.intent.apply.clear()
    for it in model.seats.values():
        it.apply.clear()
