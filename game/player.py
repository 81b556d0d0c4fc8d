"""Citizen mode: one citizen's choices come from a player instead of the rules.

The player's standing choices (pay the bill or not, speak or keep quiet) and one-off
applications (a loan, a ticket, a flat) are an :class:`Intent`, set by commands between
steps. The step consults it at three points: after bills (life), after conformity, and
when applicants are drawn (access). Everything else about the citizen - score, tier,
friends dropping them, the blacklist - is the same machinery as for everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.arrays import sorted_unique


@dataclass
class Intent:
    pay: bool | None = None    # None: the rules decide (reliability and means)
    speak: bool | None = None  # None: the conformity rule decides
    apply: set[str] = field(default_factory=set)  # service names, for the next step only


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


def who_dropped(model, i: int, last: int = 8) -> list[tuple[int, int]]:
    """(step, citizen) of the latest friends who dropped citizen i, newest first."""
    ev = model.events.of_kind("unfriended")
    mine = np.flatnonzero(ev["b"] == i)[::-1][:last]
    return [(int(ev["step"][k]), int(ev["a"][k])) for k in mine]


# --- a class: several people at once -----------------------------------------------------
# ``model.seats`` maps a citizen id to the :class:`Intent` of the person holding that citizen
# in a class session (game.classroom). The hooks below loop over the seats (a few dozen at
# most), never over the citizens. A held citizen's bills, speech and applications follow its
# person; it drops no friend and seeks no new one on its own (its person does, by command);
# everything else - its score, friends dropping it, the blacklist - is the common machinery.
# With no seat held, nothing here runs: plain runs and citizen mode are bit for bit unchanged.

def held(model) -> np.ndarray:
    """Per citizen: whether a person holds it (a bool column, all False with no seats)."""
    mask = np.zeros(model.n, dtype=bool)
    if model.seats:
        mask[np.fromiter(model.seats, dtype=np.int64, count=len(model.seats))] = True
    return mask


def _seat_choices(model, key: str) -> tuple[np.ndarray, np.ndarray]:
    """(citizens, choices) of the seats whose ``key`` choice is set, in citizen order."""
    pairs = sorted((i, getattr(it, key)) for i, it in model.seats.items() if getattr(it, key) is not None)
    ids = np.array([i for i, _ in pairs], dtype=np.int64)
    return ids, np.array([c for _, c in pairs], dtype=bool)


def seat_bills(model, bill: float) -> None:
    """Each seat's pay-or-skip choice, exactly as :func:`bill_choice` does for the player."""
    ids, pay = _seat_choices(model, "pay")
    if ids.size == 0:
        return
    skip = ids[~pay & model.paid[ids]]
    model.wealth[skip] += bill
    model.paid[skip] = False
    pays = ids[pay & ~model.paid[ids]]
    pays = pays[model.wealth[pays] >= bill]
    model.wealth[pays] -= bill
    model.paid[pays] = True


def seat_speech(model) -> None:
    """Each seat's speak-or-keep-quiet choice, as :func:`speech_choice` does for the player."""
    ids, speak = _seat_choices(model, "speak")
    if ids.size:
        model.public_dissent[ids] = speak
        model.conforming[ids] = ~speak


def seat_applicants(model, service: str, idx: np.ndarray) -> np.ndarray:
    """The drawn applicants for a service, plus every seat that chose to apply for it."""
    mine = [i for i, it in model.seats.items() if service in it.apply]
    return sorted_unique(np.append(idx, np.array(mine, dtype=np.int64))) if mine else idx


def clear_seat_applications(model) -> None:
    for it in model.seats.values():
        it.apply.clear()
