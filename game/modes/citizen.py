"""Citizen mode, as the player lives it: a goal, a turn's moves, and an ending that says
what happened to you and why, from the run's own events.

:class:`CitizenGame` holds one game: the character (the scenario's ``[player]``), the
turn, the moves still open this turn (a few strangers to approach, one appeal), the goal
(off the blacklist and back in a tier within a number of turns) and what the player did.
Every move becomes a model command (logged, replayable); the model decides what follows,
as for everyone else. The screen is :mod:`game.ui.scenes.citizen`; the model's side of
the character (the choices the step consults, settling, appeals) is :mod:`game.sim.player`.

Game assumptions (not from the seeds): a turn is one step; a player meets at most
``APPROACHES_PER_TURN`` strangers a turn; the goal's turns and the settled odds are the
scenario's.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from game.sim import player, scores
from game.sim.commands import Act, Appeal, Befriend, CommandRejected, Settle, Unfriend
from game.sim.events import LISTING_CAUSES, RELEASE_CAUSES, UNFRIEND_CAUSES
from game.sim.rules.access import REASONS
from game.text import Phrase, localized

APPROACHES_PER_TURN = 3  # strangers a player can approach in one turn (a game assumption)


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


@dataclass
class Record:
    """What the player did and met, turn by turn (the ending tells it)."""
    appeals: list[tuple[int, bool]] = field(default_factory=list)  # (turn, won)
    settled_at: int | None = None
    approached: int = 0
    accepted: list[int] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)  # friends the player dropped
    skipped_bills: int = 0
    spoke: int = 0
    refusals: Counter = field(default_factory=Counter)  # (service index, reason) -> times
    scores: list[float] = field(default_factory=list)  # the score after each turn (0: the start)


class CitizenGame:
    """One game of citizen mode over a session (see the module)."""

    def __init__(self, session, rng: random.Random | None = None):
        self.session = session
        m = session.model
        self.me = int(m.player)
        self.rng = rng or random.Random(session.seed)  # who to approach: the screen's, not the model's
        self.first_step = int(m.steps)
        self.start_friends = int(m.friends.degree[self.me])
        self.start_parts = dict(scores.breakdown(m, self.me))
        self.record = Record(scores=[float(m.score[self.me])])
        self.pay, self.speak, self.apply = True, False, set()
        self.approaches_left = APPROACHES_PER_TURN
        self.act()

    # --- where the game stands ------------------------------------------------------
    @property
    def model(self):
        return self.session.model

    @property
    def turn(self) -> int:
        """Turns played so far."""
        return int(self.model.steps) - self.first_step

    @property
    def turns(self) -> int:
        """Turns the goal allows (0: no goal)."""
        return int(self.model.config.player.turns)

    @property
    def goal_tier(self) -> int:
        """Index of the worst tier that meets the goal (0 = the best tier)."""
        names, want = self.model.tier_names, self.model.config.player.goal_tier
        return names.index(want) if want in names else len(names) - 1

    def reached(self) -> bool:
        """Off the blacklist and in the goal's tier or better, now."""
        m = self.model
        return not m.listed[self.me] and int(m.tier[self.me]) <= self.goal_tier

    def status(self) -> str:
        """'won' (the goal reached within its turns), 'lost' (turns up), or 'playing'."""
        if not self.turns:
            return "playing"
        if self.turn > 0 and self.reached():
            return "won"
        return "lost" if self.turn >= self.turns else "playing"

    def over(self) -> bool:
        return self.status() != "playing"

    # --- the turn's moves -------------------------------------------------------------
    def act(self) -> None:
        """The standing choices (pay, speak) and this turn's applications, as a command."""
        self.session.apply(Act(pay=self.pay, speak=self.speak, apply_for=tuple(sorted(self.apply))))

    def choose(self, pay: bool | None = None, speak: bool | None = None, toggle: str | None = None) -> None:
        if pay is not None:
            self.pay = pay
        if speak is not None:
            self.speak = speak
        if toggle is not None:
            self.apply ^= {toggle}
        self.act()

    def make_friend(self) -> tuple[str, int | None]:
        """Approach a stranger from your district (:func:`approach`): ('accepted', id),
        ('refused', id), ('none_left', None) once this turn's approaches are spent, or
        ('nobody', None) when everyone there is your friend already."""
        if self.approaches_left <= 0 or self.over():
            return "none_left", None
        met = approach(self.model, self.me, self.rng)
        if met is None:
            return "nobody", None
        self.approaches_left -= 1
        self.record.approached += 1
        other, accepted = met
        if accepted and self.session.apply(Befriend(self.me, other)):
            self.record.accepted.append(other)
            return "accepted", other
        return "refused", other

    def drop(self, friend: int) -> bool:
        if self.session.apply(Unfriend(self.me, friend)):
            self.record.dropped.append(friend)
            return True
        return False

    def appeal(self) -> str:
        """'won', 'lost', or why the appeal could not be made (the session's message)."""
        if not self.session.apply(Appeal(self.me)):
            return "refused"
        won = not self.model.listed[self.me]
        self.record.appeals.append((self.turn, won))
        return "won" if won else "lost"

    def settle(self) -> bool:
        """Pay what the court asks (see :class:`~game.sim.commands.Settle`)."""
        if self.session.apply(Settle(self.me)):
            self.record.settled_at = self.turn
            return True
        return False

    def can_settle(self) -> bool:
        m = self.model
        return bool(m.config.player.settle_odds and m.listed[self.me] and not player.settled(m, self.me))

    def appeal_odds(self) -> float:
        return player.appeal_odds(self.model, self.me)

    def next_turn(self) -> list[int]:
        """One step of the whole society; returns the friends who dropped you in it."""
        m = self.model
        before = set(m.friends.neighbours(self.me).tolist())
        self.record.skipped_bills += not self.pay
        self.record.spoke += self.speak
        self.session.step_once()
        r = m.refusals
        for s, why in zip(r.service[r.who == self.me].tolist(), r.reason[r.who == self.me].tolist()):
            self.record.refusals[(s, REASONS[why])] += 1
        self.record.scores.append(float(m.score[self.me]))
        self.apply.clear()
        self.approaches_left = APPROACHES_PER_TURN
        self.act()
        return sorted(before - set(m.friends.neighbours(self.me).tolist()))

    # --- the ending -----------------------------------------------------------------
    def ending(self) -> list[Phrase]:
        """What happened to you and why, from the run's events: the outcome, the listing and
        how it ended (or did not), who left and why, who you met, where your score went and
        which part of it moved most, what you were refused."""
        m, me = self.model, self.me
        out = [self._outcome()]
        out += self._listing()
        out += self._friends()
        out.append(self._score())
        if self.record.refusals:
            (svc, why), n = self.record.refusals.most_common(1)[0]
            out.append(Phrase("ending.refused", {"n": sum(self.record.refusals.values()),
                                                 "service": localized(m.config, f"services[{svc}].name"),
                                                 "times": n, "why": Phrase(f"ending.why_{why}")}))
        if self.record.skipped_bills:
            out.append(Phrase("ending.skipped", {"n": self.record.skipped_bills,
                                                 "history": f"{m.history[me]:.2f}"}))
        return out

    def _outcome(self) -> Phrase:
        m, me = self.model, self.me
        tier = m.tier_names[int(m.tier[me])]
        goal = m.tier_names[self.goal_tier]
        if self.status() == "won":
            return Phrase("ending.won", {"turn": self.turn, "tier": tier})
        if m.listed[me]:
            return Phrase("ending.lost_listed", {"turns": self.turn})
        return Phrase("ending.lost_tier", {"turns": self.turn, "tier": tier, "goal": goal})

    def _listing(self) -> list[Phrase]:
        m, me = self.model, self.me
        lst, out = m.events.of_kind("blacklisted"), []
        for step, cause in zip(lst["step"][lst["a"] == me].tolist(), lst["detail"][lst["a"] == me].tolist()):
            out.append(Phrase("ending.listed", {"turn": step - self.first_step,
                                                "how": Phrase(f"debrief.how_{LISTING_CAUSES[cause]}")}))
        appeals = self.record.appeals
        rel = m.events.of_kind("released")
        mine = rel["a"] == me
        if mine.any():
            step, cause = int(rel["step"][mine][-1]), RELEASE_CAUSES[int(rel["detail"][mine][-1])]
            key = "ending.released_settled" if cause == "appeal" and self.record.settled_at is not None \
                else f"ending.released_{cause}"
            out.append(Phrase(key, {"turn": step - self.first_step, "tries": len(appeals),
                                    "settled": self.record.settled_at}))
        elif appeals:
            out.append(Phrase("ending.appeals_refused", {"n": len(appeals)}))
        elif m.listed[me]:
            out.append(Phrase("ending.never_appealed"))
        return out

    def _friends(self) -> list[Phrase]:
        m, me = self.model, self.me
        ev = m.events.of_kind("unfriended")
        mine = (ev["b"] == me) & (ev["step"] >= self.first_step) & (ev["detail"] != UNFRIEND_CAUSES.index("command"))
        out = []
        if mine.any():
            why = Counter(UNFRIEND_CAUSES[int(d)] for d in ev["detail"][mine])
            cause, _ = why.most_common(1)[0]
            turns = ev["step"][mine] - self.first_step
            out.append(Phrase("ending.dropped", {"n": int(mine.sum()), "start": self.start_friends,
                                                 "first": int(turns.min()), "last": int(turns.max()),
                                                 "why": Phrase(f"ending.because_{cause}")}))
        rec = self.record
        if rec.approached:
            out.append(Phrase("ending.met", {"n": rec.approached, "accepted": len(rec.accepted),
                                             "now": int(m.friends.degree[me])}))
        return out

    def _score(self) -> Phrase:
        """Where the score went, and the part of it that moved most (from the breakdowns)."""
        m, me = self.model, self.me
        now = dict(scores.breakdown(m, me))
        keys = set(now) | set(self.start_parts)
        moved = max(keys - {"floor", "start", "blacklist", "clip", "since"},
                    key=lambda k: abs(now.get(k, 0.0) - self.start_parts.get(k, 0.0)), default=None)
        s = self.record.scores
        fields = {"start": f"{s[0]:.0f}", "end": f"{s[-1]:.0f}", "low": f"{min(s):.0f}",
                  "low_turn": int(np.argmin(s))}
        if moved is None:
            return Phrase("ending.score", fields)
        change = now.get(moved, 0.0) - self.start_parts.get(moved, 0.0)
        return Phrase("ending.score_part", {**fields, "part": Phrase(f"ending.part_{moved}"),
                                            "change": f"{change:+.0f}"})


def play(session, policy, rng: random.Random | None = None) -> CitizenGame:
    """Play a whole game with ``policy(game)`` choosing each turn's moves (tests, demos)."""
    game = CitizenGame(session, rng)
    while not game.over():
        policy(game)
        if game.over():
            break
        game.next_turn()
    return game


def passive(game: CitizenGame) -> None:
    """Press 'next turn' and nothing else (bills paid, mouth shut)."""


def reasoned(game: CitizenGame) -> None:
    """While listed: pay what the court asks as soon as the savings allow it (skipping bills
    to save up for it if need be), and appeal every turn. Once off the list: pay the bills
    again, meet strangers, and drop friends still on the list (their shaming costs you).
    Nothing said in public."""
    m, me = game.model, game.me
    if m.listed[me]:
        cost = m.config.player.settle_cost
        if game.can_settle():
            if m.wealth[me] >= cost:
                game.settle()
            game.choose(pay=not game.can_settle())  # save the bill's coins toward the court's sum
        game.appeal()
        return
    game.choose(pay=True)
    for j in m.friends.neighbours(me).tolist():
        if m.listed[j]:
            game.drop(j)
    while game.approaches_left > 0 and game.make_friend()[0] in ("accepted", "refused"):
        pass


__all__ = ["APPROACHES_PER_TURN", "CitizenGame", "approach", "who_dropped", "play", "passive", "reasoned",
           "CommandRejected"]
