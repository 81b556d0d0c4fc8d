"""What phones and the teacher's console may send, and how every message is checked.

Every message is one JSON object of at most ``MAX_MESSAGE_BYTES`` with a type ``t`` and
exactly the fields its type takes, each of the kind and range listed in ``PHONE`` and
``TEACHER`` below; anything else is refused with a short reason (sent back to the sender,
never a traceback). Parsing is :mod:`game.records.safejson` (no NaN, no repeated keys, bounded
depth and numbers). A :class:`Bucket` limits how often one connection may send: messages
over the limit are dropped before they are parsed, so a flood from one phone costs little
and never reaches the model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from game.records import safejson

MAX_MESSAGE_BYTES = 2048
TOKEN_CHARS = 43  # secrets.token_urlsafe(32)
LANGS = ("en", "zh")
REPLIES = ("yes", "no", "open")  # to a friend request: accept, decline, not answered yet


class Refused(ValueError):
    """A message that is not one the server takes (the text says why, briefly)."""


# field kinds: ("bool",), ("int", lo, hi), ("text", max chars), ("enum", values), ("value",)
BOOL, TEXT_NAME = ("bool",), ("text", 80)
CITIZEN = ("int", 0, 10_000_000)
PHONE: dict[str, dict[str, tuple]] = {
    "join": {"room": ("text", 12), "name": TEXT_NAME, "lang": ("enum", LANGS)},
    "resume": {"token": ("text", 64), "lang": ("enum", LANGS)},
    "lang": {"lang": ("enum", LANGS)},
    "pay": {"on": BOOL},        # pay the bills (standing)
    "speak": {"on": BOOL},      # speak up in public (standing)
    "apply": {"service": ("text", 24), "on": BOOL},   # apply at the end of this round
    "drop": {"citizen": CITIZEN, "on": BOOL},         # drop this friend at the end of this round
    "ask": {"citizen": CITIZEN, "on": BOOL},          # ask someone to be friends
    "answer": {"citizen": CITIZEN, "reply": ("enum", REPLIES)},  # a classmate's request: yes, no, not yet
    "appeal": {"on": BOOL},
    "ready": {"on": BOOL},
    "ping": {},
}
TEACHER: dict[str, dict[str, tuple]] = {
    "auth": {"key": ("text", 64)},
    "start": {}, "next": {}, "pause": {}, "resume": {}, "end": {}, "export": {}, "ping": {},
    "timer": {"seconds": ("int", 0, 900)},
    "auto": {"on": BOOL},
    "rule": {"path": ("text", 60), "value": ("value",)},
    "list": {"citizen": CITIZEN},
    "pardon": {"citizen": CITIZEN},
    "scores": {"on": BOOL},
    "kick": {"seat": ("int", 0, 999)},
    "lang": {"lang": ("enum", LANGS)},
}


def parse(raw: str | bytes, kinds: dict[str, dict[str, tuple]]) -> dict[str, Any]:
    """One checked message: ``{"t": type, field: value, ...}``; :class:`Refused` otherwise."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise Refused(f"message is {len(raw)} bytes; at most {MAX_MESSAGE_BYTES}")
    try:
        msg = safejson.loads(raw)
    except ValueError as exc:
        raise Refused(f"not JSON: {exc}") from None
    if not isinstance(msg, dict):
        raise Refused("a message must be a JSON object")
    kind = msg.get("t")
    if not isinstance(kind, str) or kind not in kinds:
        raise Refused(f"unknown message type; known: {', '.join(kinds)}")
    spec = kinds[kind]
    extra = sorted(set(msg) - set(spec) - {"t"})
    if extra:
        raise Refused(f"{kind}: unexpected field {extra[0][:20]!r}")
    for name, want in spec.items():
        if name not in msg:
            raise Refused(f"{kind}: field {name!r} is missing")
        msg[name] = _check(msg[name], want, f"{kind}.{name}")
    return msg


def _check(value: Any, want: tuple, where: str) -> Any:
    kind = want[0]
    if kind == "bool":
        if not isinstance(value, bool):
            raise Refused(f"{where}: must be true or false")
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or not want[1] <= value <= want[2]:
            raise Refused(f"{where}: must be a whole number from {want[1]} to {want[2]}")
    elif kind == "text":
        if not isinstance(value, str) or len(value) > want[1]:
            raise Refused(f"{where}: must be text of at most {want[1]} characters")
    elif kind == "enum":
        if value not in want[1]:
            raise Refused(f"{where}: must be one of {', '.join(want[1])}")
    elif kind == "value":  # a rule's value: a bounded number, true/false or a short word
        ok = isinstance(value, bool) or (isinstance(value, (int, float)) and abs(value) <= 1e9) \
            or (isinstance(value, str) and len(value) <= 20)
        if not ok:
            raise Refused(f"{where}: must be a number, true/false or a short word")
    return value


@dataclass
class Bucket:
    """A token bucket: ``rate`` messages a second on average, bursts of ``burst``.

    ``take()`` says whether one more message may pass now; ``dropped`` counts those that
    did not (a connection that keeps flooding is closed by the server).
    """
    rate: float = 8.0
    burst: float = 24.0
    tokens: float = -1.0
    stamp: float = 0.0
    dropped: int = 0

    def take(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        if self.tokens < 0:
            self.tokens, self.stamp = self.burst, now
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        self.dropped += 1
        return False
