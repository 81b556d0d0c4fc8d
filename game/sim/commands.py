"""Player input as command objects, applied by the model between steps.

A run is scenario + seed + the list of ``(steps completed, command)`` pairs, so a
command log is also a replay, a bug report and a test fixture. A command the model
cannot carry out raises :class:`CommandRejected`, which the UI shows as a message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from game.scenario.schema import ScenarioError
from game.sim import player
from game.sim.player import Intent
from game.text import Phrase, say


class CommandRejected(ValueError):
    """The model refused a command (the text says why, for a player). ``phrase``, when
    given, is the same reason as a catalog sentence, worded in the player's language."""

    def __init__(self, message: str, phrase: Phrase | None = None):
        super().__init__(message)
        self.phrase = phrase

    def worded(self) -> str:
        """The reason in the current language (the English text where there is no phrase)."""
        return say(self.phrase) if self.phrase is not None else str(self)


@dataclass(frozen=True)
class Command:
    def apply(self, model) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        return {"command": type(self).__name__, **asdict(self)}


def _citizen(model, i: int) -> int:
    if not isinstance(i, (int, np.integer)) or isinstance(i, bool) or not 0 <= i < model.n:
        raise CommandRejected(f"no citizen {i!r}: ids run from 0 to {model.n - 1}")
    return int(i)


@dataclass(frozen=True)
class SetRule(Command):
    """Change one live rule, e.g. ``SetRule("scoring.connections_weight", 0.0)``."""
    path: str
    value: Any

    def apply(self, model) -> None:
        try:
            model.config = model.config.with_rule(self.path, self.value)
        except ValueError as exc:
            msg = exc.first if isinstance(exc, ScenarioError) else str(exc)
            raise CommandRejected(msg) from None


@dataclass(frozen=True)
class Blacklist(Command):
    citizen: int

    def apply(self, model) -> None:
        i = _citizen(model, self.citizen)
        if model.listed[i]:
            raise CommandRejected(f"citizen {i} is already on the blacklist", Phrase("command.already_listed", {"id": i}))
        model.blacklist(np.array([i]), "command")


@dataclass(frozen=True)
class Pardon(Command):
    citizen: int

    def apply(self, model) -> None:
        i = _citizen(model, self.citizen)
        if not model.listed[i]:
            raise CommandRejected(f"citizen {i} is not on the blacklist", Phrase("command.not_listed", {"id": i}))
        model.release(np.array([i]), "command")


@dataclass(frozen=True)
class Befriend(Command):
    a: int
    b: int

    def apply(self, model) -> None:
        a, b = _citizen(model, self.a), _citizen(model, self.b)
        if a == b:
            raise CommandRejected("a citizen cannot befriend themselves", Phrase("command.self_friend"))
        if model.friends.find(np.array([a]), np.array([b]))[0] >= 0:
            raise CommandRejected(f"citizens {a} and {b} are already friends", Phrase("command.already_friends", {"a": a, "b": b}))
        model.befriend(a, b)


@dataclass(frozen=True)
class Unfriend(Command):
    a: int
    b: int

    def apply(self, model) -> None:
        a, b = _citizen(model, self.a), _citizen(model, self.b)
        if not model.unfriend(a, b):
            raise CommandRejected(f"citizens {a} and {b} are not friends", Phrase("command.not_friends", {"a": a, "b": b}))


@dataclass(frozen=True)
class PlayAs(Command):
    """Citizen mode: this citizen's choices now come from the player."""
    citizen: int

    def apply(self, model) -> None:
        model.player = _citizen(model, self.citizen)
        model.intent = Intent()  # a new character starts with the rules deciding


@dataclass(frozen=True)
class Act(Command):
    """The player's choices for the coming steps: pay (True/False/None = the rules decide),
    speak (likewise), and services to apply for at the next step."""
    pay: bool | None = None
    speak: bool | None = None
    apply_for: tuple[str, ...] = ()

    def apply(self, model) -> None:
        if model.player is None:
            raise CommandRejected("nobody is being played: use PlayAs first")
        for name, value in (("pay", self.pay), ("speak", self.speak)):
            if value is not None and not isinstance(value, bool):
                raise CommandRejected(f"{name} must be true, false or none, got {value!r:.40}")
        if not isinstance(self.apply_for, (tuple, list)) or not all(isinstance(x, str) for x in self.apply_for):
            raise CommandRejected("apply_for must be a list of service names")
        names = [s.name for s in model.config.services]
        unknown = [x for x in self.apply_for if x not in names]
        if unknown:
            raise CommandRejected(f"no service {unknown[0]!r}; services here: {', '.join(names)}")
        model.intent.pay, model.intent.speak = self.pay, self.speak
        model.intent.apply = set(self.apply_for)


@dataclass(frozen=True)
class Appeal(Command):
    """A listed citizen appeals now, once a turn; success has the scenario's odds (higher
    if wrongful; the played character's after settling: :func:`game.sim.player.appeal_odds`)."""
    citizen: int

    def apply(self, model) -> None:
        i = _citizen(model, self.citizen)
        if not model.listed[i]:
            raise CommandRejected(f"citizen {i} is not on the blacklist", Phrase("command.not_listed", {"id": i}))
        if player.appealed_this_turn(model, i):
            raise CommandRejected(f"citizen {i} has already appealed this turn",
                                  Phrase("command.appealed", {"id": i}))
        if model.rng.random() < player.appeal_odds(model, i):
            model.release(np.array([i]), "appeal")
        else:
            model.notes.append((int(model.steps), f"citizen {i}'s appeal was refused"))


@dataclass(frozen=True)
class Settle(Command):
    """The played character pays what the court asks (``player.settle_cost``) while listed:
    seed 004's man "had finally paid the medical bill he had owed" and asked to be removed.
    Their appeals then have the scenario's ``player.settle_odds``."""
    citizen: int

    def apply(self, model) -> None:
        i = _citizen(model, self.citizen)
        if i != model.player or not model.config.player.settle_odds:
            raise CommandRejected(f"citizen {i} cannot settle here", Phrase("command.no_settling", {"id": i}))
        if not model.listed[i]:
            raise CommandRejected(f"citizen {i} is not on the blacklist", Phrase("command.not_listed", {"id": i}))
        if player.settled(model, i):
            raise CommandRejected(f"citizen {i} has already paid", Phrase("command.settled", {"id": i}))
        fine = model.config.player.settle_cost
        if model.wealth[i] < fine:
            raise CommandRejected(f"citizen {i} has {model.wealth[i]:.0f} coins, the court asks {fine:.0f}",
                                  Phrase("command.cannot_settle", {"wealth": f"{model.wealth[i]:.0f}",
                                                                   "fine": f"{fine:.0f}"}))
        model.wealth[i] -= fine


COMMANDS = {c.__name__: c for c in (SetRule, Blacklist, Pardon, Befriend, Unfriend, PlayAs, Act, Appeal, Settle)}


def from_dict(data: dict[str, Any]) -> Command:
    """Rebuild a command from its dict form (replays); unknown shapes are rejected."""
    if not isinstance(data, dict) or data.get("command") not in COMMANDS:
        raise CommandRejected(f"unknown command {data!r:.80}; known: {', '.join(COMMANDS)}")
    cls = COMMANDS[data["command"]]
    fields = {k: v for k, v in data.items() if k != "command"}
    try:
        return cls(**fields)
    except TypeError as exc:
        raise CommandRejected(f"{cls.__name__}: {exc}") from None


def run_timeline(model, completed: int) -> None:
    """Carry out the scenario's timeline entries due after ``completed`` steps. One the run
    cannot carry out (pardoning someone who is not listed, a rule the player has since
    moved out of range) is skipped and noted for the player, never a crash."""
    for ev in model.config.timeline:
        if ev.step == completed and ev.action != "caption":
            try:
                from_timeline(model, ev).apply(model)
            except CommandRejected as exc:
                model.notes.append((completed, f"timeline entry skipped: {exc}"))


def player_rules(model):
    """The rules as the player left them: the scenario at step 0 with every rule the
    player changed (the timeline's own changes left out), in order. A restart starts from
    these; a change no longer valid on its own is skipped."""
    rules = model.initial_config
    for _, command in model.command_log:
        if isinstance(command, SetRule):
            try:
                rules = rules.with_rule(command.path, command.value)
            except ValueError:
                continue
    return rules


def from_timeline(model, ev) -> Command:
    """The command a scenario timeline entry stands for."""
    if ev.action == "set":
        return SetRule(ev.path, ev.value)
    target = ev.target or "random"
    if target == "hub":
        i = int(np.argmax(model.friends.degree))
    elif target == "random":
        i = int(model.rng.integers(model.n))
    elif target == "player_friend" and model.player is not None and model.friends.degree[model.player]:
        friends = model.friends.neighbours(model.player)
        i = int(friends[model.rng.integers(friends.size)])
    elif target.isdigit() and int(target) < model.n:
        i = int(target)
    else:
        raise CommandRejected(f"timeline target {target!r}: use a citizen id, 'hub', 'random' "
                              f"or 'player_friend' (with a [player])")
    if ev.action == "blacklist":
        return _TimelineListing(i)
    return Pardon(i)


@dataclass(frozen=True)
class _TimelineListing(Command):
    citizen: int

    def apply(self, model) -> None:
        model.blacklist(np.array([self.citizen]), "timeline")
