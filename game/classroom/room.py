"""A class session: seats, rounds, choices and how a round resolves, with no server in it.

The room owns the model. A student who joins gets a seat: a citizen of the society
(``TakeSeat``), a secret token (their phone keeps it, so a reload or a locked phone gets
the same citizen back) and a name. During a round each student sets choices; they stay
private in the room until the round resolves, when they become the model's commands, in
seat order: drops (``Unfriend``), friendships both classmates agreed to (``Befriend``),
requests to bots (``AskFriend``), appeals (``Appeal``), and the standing choices plus
applications (``SeatAct``); then one model step. Everything that changes the model goes
through ``model.apply``, so the command log replays the class bit for bit.

A request to a classmate waits until they answer it (yes or no), however many rounds that
takes, or until the asker takes it back; a request to a bot is answered at once, by the
model's own rule for new friendships.

The room owns the screen-side memory of refusals (:class:`game.sim.access_memory.AccessMemory`,
fed after every step): a phone lists its citizen's latest refusals from it.

A seat whose phone has been gone for ``GRACE_S`` when a round resolves is handed to the
model (``LeaveSeat``: the citizen lives on as a bot) until its student returns.

Every method runs on one thread at a time (the server's event loop); ``lock`` is held
while the model changes, so the projector, drawing on another thread, never sees half a step.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.classroom import story
from game.classroom.names import bot_name, clean_name
from game.classroom.protocol import Refused
from game.scenario.live_rules import OPACITY_CHOICES, live_rules
from game.sim.access_memory import AccessMemory
from game.sim.commands import (Appeal, AskFriend, Befriend, Blacklist, Command, CommandRejected, LeaveSeat, Pardon,
                               SeatAct, SetRule, TakeSeat, Unfriend)
from game.sim.model import SocialCreditModel

MAX_SEATS = 60
GRACE_S = 20.0  # a phone gone this long at the end of a round: its citizen is played by the model
MAX_ASKS = 3  # requests one student may have open at once (asked this round or still waiting)
CODE_LETTERS = "ACDEFHJKMNPQRTUVWXY"  # no 0/O, 1/I/L, B/8, S/5, G/6, Z/2: easy to read off a wall
LOBBY, OPEN, PAUSED, ENDED = "lobby", "open", "paused", "ended"


@dataclass
class Seat:
    number: int
    citizen: int
    token: str = ""
    name: str = ""
    lang: str = "en"
    held: bool = False      # a person holds the citizen in the model now
    kicked: bool = False
    online: int = 0         # open connections
    seen: float = 0.0       # clock time of the last connection or message
    pay: bool = True        # standing choices
    speak: bool = False
    apply: set[str] = field(default_factory=set)   # this round's choices
    drop: set[int] = field(default_factory=set)
    ask: set[int] = field(default_factory=set)      # requests sent (to classmates: open until answered)
    accept: set[int] = field(default_factory=set)   # classmates' requests answered yes
    decline: set[int] = field(default_factory=set)  # ... and no
    appeal: bool = False
    ready: bool = False
    news: list = field(default_factory=list)      # the last round's story (Phrases)
    rows: list[dict] = field(default_factory=list)  # one per resolved round: choices and outcomes

    @property
    def taken(self) -> bool:
        return bool(self.token) and not self.kicked

    def clear_round(self, waiting: set[int] = frozenset()) -> None:
        """A new round: one-off choices gone; requests still ``waiting`` for a classmate's
        answer stay open."""
        self.apply, self.drop, self.ask = set(), set(), set(waiting)
        self.accept, self.decline = set(), set()
        self.appeal = self.ready = False


def room_code(rng) -> str:
    return "".join(CODE_LETTERS[int(k)] for k in rng.integers(0, len(CODE_LETTERS), 4))


def seat_citizens(model, count: int, seed: int) -> list[int]:
    """Citizens for the seats: a neighbourhood grown friend by friend from one citizen
    (breadth first), so each classmate has classmates among their friends as well as bots.
    Citizens listed at the start and citizen mode's character are left to the model."""
    rng = np.random.default_rng([seed, 1414])  # not the model's generator: seats are not the run
    ok = ~model.listed
    if model.player is not None:
        ok[model.player] = False
    order: list[int] = []
    seen = np.zeros(model.n, dtype=bool)
    while len(order) < count and not seen[ok].all():
        start = int(rng.choice(np.flatnonzero(ok & ~seen)))
        queue, seen[start] = [start], True
        while queue and len(order) < count:
            i = queue.pop(0)
            if ok[i]:
                order.append(i)
            nxt = [int(j) for j in model.friends.neighbours(i) if not seen[j]]
            seen[nxt] = True
            queue.extend(nxt)
    return order


class Room:
    """One class session around one model (see the module docstring)."""

    def __init__(self, scenario: Any = "sesame", seed: int = 0, seats: int = 40, *, timer: int = 0,
                 clock=time.monotonic, model: SocialCreditModel | None = None):
        if not 1 <= seats <= MAX_SEATS:
            raise ValueError(f"seats must be from 1 to {MAX_SEATS}, got {seats}")
        self.clock = clock
        self.lock = threading.RLock()
        self.model = model if model is not None else SocialCreditModel(scenario, rng=seed)
        self.memory = AccessMemory(self.model)  # each citizen's latest refusals, for the phones
        self.seed = seed
        self.source = scenario if isinstance(scenario, str) else str(getattr(scenario, "source", "scenario"))
        rng = np.random.default_rng()  # secrets of this session only: never part of the run
        self.session = secrets.token_hex(8)
        self.code = room_code(rng)
        self.teacher_key = secrets.token_urlsafe(18)
        self.seats = [Seat(k, c) for k, c in enumerate(seat_citizens(self.model, seats, seed))]
        self.by_citizen = {s.citizen: s for s in self.seats}
        self.phase = LOBBY
        self.round = 0  # rounds resolved
        self.start_step = int(self.model.steps)
        self.news_from = self.model.events.next_id  # events since the last round ended: the next round's news
        self.timer_s = int(timer)
        self.deadline: float | None = None
        self.left_s: float | None = None  # time left on a paused round's timer
        self.auto_ready = True
        self.show_scores = False
        self.log: list[str] = []  # for the teacher
        self.version = 0  # bumps whenever what any page shows may have changed
        self.rounds: list[dict] = []  # per round: humans and bots in numbers (game.classroom.story)
        self.on_round = []  # callbacks after each resolution (autosave)

    # --- seats ----------------------------------------------------------------------
    @property
    def by_token(self) -> dict[str, Seat]:
        return {s.token: s for s in self.seats if s.taken}

    def name_of(self, citizen: int, lang: str = "en") -> str:
        seat = self.by_citizen.get(int(citizen))
        if seat is not None and seat.token:
            return seat.name
        return bot_name(int(citizen), lang)

    def is_classmate(self, citizen: int) -> bool:
        seat = self.by_citizen.get(int(citizen))
        return seat is not None and seat.taken

    def join(self, raw_name: str, lang: str = "en") -> Seat:
        """A new student: the next free seat, a token, a name (their own or the citizen's)."""
        if self.phase == ENDED:
            raise Refused("the session has ended")
        seat = next((s for s in self.seats if not s.token and not s.kicked), None)
        if seat is None:
            raise Refused("the class is full")
        name = clean_name(raw_name) or bot_name(seat.citizen, lang)
        taken = {s.name.casefold() for s in self.seats if s.taken}
        base, k = name, 2
        while name.casefold() in taken:
            name, k = f"{base[:17]} {k}", k + 1
        seat.token, seat.name, seat.lang, seat.seen = secrets.token_urlsafe(32), name, lang, self.clock()
        seat.speak = bool(self.model.public_dissent[seat.citizen])  # carries on as the citizen did
        self._hold(seat)
        self.say(f"{name} joined (seat {seat.number + 1})")
        return seat

    def resume(self, token: str) -> Seat | None:
        """The seat of a returning phone, or None for a token this session never gave out
        (or took back with a kick)."""
        seat = self.by_token.get(token) if isinstance(token, str) and token else None
        if seat is None:
            return None
        seat.seen = self.clock()
        if not seat.held and self.phase != ENDED:
            self._hold(seat)
            self.say(f"{seat.name} is back")
        return seat

    def _hold(self, seat: Seat) -> None:
        if self._apply(TakeSeat(seat.citizen)):
            seat.held = True
            self._apply(SeatAct(seat.citizen, pay=seat.pay, speak=seat.speak))

    def _release(self, seat: Seat) -> None:
        if seat.held and self._apply(LeaveSeat(seat.citizen)):
            seat.held = False

    def connected(self, seat: Seat, delta: int) -> None:
        seat.online = max(0, seat.online + delta)
        seat.seen = self.clock()
        self.version += 1

    # --- a student's choices --------------------------------------------------------
    def choose(self, seat: Seat, msg: dict) -> set[int]:
        """Apply one checked phone message to the seat's choices; returns the seats whose
        pages changed (a request to a classmate changes theirs too)."""
        kind, on = msg["t"], msg.get("on")
        seat.seen = self.clock()
        if kind == "lang":
            seat.lang = msg["lang"]
            return {seat.number}
        if self.phase in (PAUSED, ENDED):
            raise Refused("paused" if self.phase == PAUSED else "ended")
        m = self.model
        me = seat.citizen
        touched = {seat.number}
        if kind == "pay":
            seat.pay = on
        elif kind == "speak":
            seat.speak = on
        elif kind == "apply":
            if msg["service"] not in [s.name for s in m.config.services]:
                raise Refused("no such service")
            (seat.apply.add if on else seat.apply.discard)(msg["service"])
        elif kind == "appeal":
            if on and not m.listed[me]:
                raise Refused("not listed")
            seat.appeal = on
        elif kind == "ready":
            seat.ready = on
        else:
            other = msg["citizen"]
            if not 0 <= other < m.n or other == me:
                raise Refused("no such citizen")
            friends = m.friends.find(np.array([me]), np.array([other]))[0] >= 0
            if kind == "drop":
                if on and not friends:
                    raise Refused("not a friend")
                (seat.drop.add if on else seat.drop.discard)(other)
            elif kind == "ask":
                if on and friends:
                    raise Refused("already friends")
                if on and len(seat.ask) >= MAX_ASKS:
                    raise Refused("ask limit")
                (seat.ask.add if on else seat.ask.discard)(other)
                them = self.by_citizen.get(other)
                if them is not None and them.taken:
                    touched.add(them.number)
            elif kind == "answer":
                them = self.by_citizen.get(other)
                if them is None or not them.taken or me not in them.ask:
                    raise Refused("no request")
                seat.accept.discard(other)
                seat.decline.discard(other)
                if msg["reply"] != "open":
                    (seat.accept if msg["reply"] == "yes" else seat.decline).add(other)
                touched.add(them.number)
        self.version += 1
        return touched

    # --- rounds ---------------------------------------------------------------------
    def start(self) -> None:
        if self.phase in (LOBBY, PAUSED):
            self.phase = OPEN
            left = self.left_s if self.left_s is not None else self.timer_s
            self.deadline = self.clock() + left if left else None
            self.left_s = None
            self.version += 1

    def pause(self) -> None:
        if self.phase == OPEN:
            self.phase = PAUSED
            self.left_s = max(0.0, self.deadline - self.clock()) if self.deadline else None
            self.deadline = None
            self.version += 1

    def set_timer(self, seconds: int) -> None:
        self.timer_s = int(seconds)
        if self.phase == OPEN:
            self.deadline = self.clock() + seconds if seconds else None
        self.version += 1

    def ready_count(self) -> tuple[int, int]:
        """(ready, present): students with a page open who said they are done."""
        present = [s for s in self.seats if s.taken and s.online]
        return sum(s.ready for s in present), len(present)

    def due(self) -> bool:
        """Whether the open round should resolve now: its timer ran out, or (with auto on)
        every student with a page open said they are done."""
        if self.phase != OPEN:
            return False
        if self.deadline is not None and self.clock() >= self.deadline:
            return True
        ready, present = self.ready_count()
        return self.auto_ready and present > 0 and ready == present

    def resolve(self) -> None:
        """End the round: choices become commands, one model step, the story of each seat."""
        if self.phase == ENDED:
            return
        with self.lock:
            m = self.model
            first_event = self.news_from  # a listing by the teacher during the round is news too
            before = story.Before.of(self)
            now = self.clock()
            for seat in self.seats:
                if seat.held and (seat.kicked or (not seat.online and now - seat.seen >= GRACE_S)):
                    self._release(seat)
                    self.say(f"{seat.name} is away: the model plays their citizen")
            outcomes = self._commands()
            m.step()
            self.memory.observe(m)
            self.round += 1
            story.after_round(self, before, outcomes, first_event)
            self.news_from = m.events.next_id
            for seat in self.seats:
                seat.clear_round(outcomes.get(seat.number, {}).get("waiting", set()))
            if self.phase == OPEN:
                self.deadline = self.clock() + self.timer_s if self.timer_s else None
            self.version += 1
        for callback in self.on_round:
            callback(self)

    def _commands(self) -> dict[int, dict]:
        """This round's choices as commands, seat by seat; what each request came to."""
        m = self.model
        out: dict[int, dict] = {}
        held = [s for s in self.seats if s.held]
        for seat in held:
            me, res = seat.citizen, {"asked": {}, "appeal": None, "dropped": [], "waiting": set()}
            out[seat.number] = res
            for f in sorted(seat.drop):
                if m.friends.find(np.array([me]), np.array([f]))[0] >= 0 and self._apply(Unfriend(me, f)):
                    res["dropped"].append(f)
            for other in sorted(seat.ask):
                them = self.by_citizen.get(other)
                if m.friends.find(np.array([me]), np.array([other]))[0] >= 0:
                    res["asked"][other] = True
                elif them is not None and them.taken and them.held:  # a classmate answers
                    if me in them.accept or me in them.ask:  # accepted, or asked me too
                        res["asked"][other] = self._apply(Befriend(me, other))
                    elif me in them.decline:
                        res["asked"][other] = False
                    else:  # not answered yet: the request stays open
                        res["asked"][other] = None
                        res["waiting"].add(other)
                else:  # a bot (or a classmate away, played by the model) answers by the model's rule
                    n_before = m.friends.degree[me]
                    self._apply(AskFriend(me, other))
                    res["asked"][other] = bool(m.friends.degree[me] > n_before)
            if seat.appeal and m.listed[me]:
                self._apply(Appeal(me))
                res["appeal"] = not bool(m.listed[me])
            self._apply(SeatAct(me, pay=seat.pay, speak=seat.speak, apply_for=tuple(sorted(seat.apply))))
        return out

    # --- the teacher ----------------------------------------------------------------
    def set_rule(self, path: str, value) -> str:
        """A live rule from the console, as the rules panel sends it: '' or why not."""
        allowed = {r.path: r for r in live_rules(self.model.config)}
        if path == "authorities.public_shaming":
            if not isinstance(value, bool):
                return "public shaming is on or off"
        elif path == "scoring.opacity":
            if value not in OPACITY_CHOICES:
                return f"opacity is one of {', '.join(OPACITY_CHOICES)}"
        elif path not in allowed:
            return f"{path} is not a live rule here"
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or \
                not allowed[path].lo <= value <= allowed[path].hi:
            return f"{path} must be from {allowed[path].lo:g} to {allowed[path].hi:g}"
        return "" if self._apply(SetRule(path, value), say=True) else self.log[-1]

    def list_citizen(self, citizen: int) -> str:
        return "" if self._apply(Blacklist(citizen), say=True) else self.log[-1]

    def pardon(self, citizen: int) -> str:
        return "" if self._apply(Pardon(citizen), say=True) else self.log[-1]

    def kick(self, number: int) -> Seat | None:
        """Take a seat back: its token stops working and the model plays its citizen."""
        if not 0 <= number < len(self.seats) or not self.seats[number].taken:
            return None
        seat = self.seats[number]
        seat.kicked = True
        self._release(seat)
        self.say(f"seat {number + 1} ({seat.name}) removed")
        self.version += 1
        return seat

    def end(self) -> None:
        if self.phase != ENDED:
            self.phase, self.deadline = ENDED, None
            self.show_scores = True  # the reveal
            self.say("session ended")
            self.version += 1

    # --- helpers --------------------------------------------------------------------
    def _apply(self, command: Command, say: bool = False) -> bool:
        with self.lock:
            try:
                self.model.apply(command)
            except CommandRejected as exc:
                self.say(f"refused: {exc}")
                return False
        if say:  # "Blacklist: citizen 736", "SetRule: scoring.opacity = secret"
            fields = {k: v for k, v in command.to_dict().items() if k != "command"}
            what = f"{fields['path']} = {fields['value']}" if "path" in fields else \
                ", ".join(f"{k} {v}" for k, v in fields.items())
            self.say(f"{type(command).__name__}: {what}")
        self.version += 1
        return True

    def say(self, text: str) -> None:
        self.log = (self.log + [f"[{self.round}] {text}"])[-200:]
