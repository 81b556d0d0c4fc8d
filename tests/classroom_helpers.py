"""A real class server on 127.0.0.1 and real WebSocket clients for the classroom tests."""

from __future__ import annotations

import json
import time

import pytest

pytest.importorskip("starlette", reason="the classroom extra is not installed: pip install -e '.[test]'")
pytest.importorskip("uvicorn", reason="the classroom extra is not installed: pip install -e '.[test]'")
websockets_sync = pytest.importorskip("websockets.sync.client",
                                      reason="the websockets client is not installed: pip install -e '.[test]'")


class Client:
    """One phone (or the console) over a real WebSocket."""

    def __init__(self, port: int, path: str = "/ws"):
        # entered as a context manager (a plain call is deprecated in websockets 15+)
        self.ws = websockets_sync.connect(f"ws://127.0.0.1:{port}{path}", open_timeout=10).__enter__()
        self.last: dict | None = None

    def send(self, **msg) -> None:
        self.ws.send(json.dumps(msg))

    def recv(self, timeout: float = 10.0) -> dict:
        msg = json.loads(self.ws.recv(timeout=timeout))
        if msg.get("t") in ("state", "console"):
            self.last = msg
        return msg

    def until(self, kind: str, timeout: float = 10.0, check=None) -> dict:
        end = time.monotonic() + timeout
        while True:
            msg = self.recv(max(0.05, end - time.monotonic()))
            if msg.get("t") == kind and (check is None or check(msg)):
                return msg

    def close(self) -> None:
        self.ws.close()


def join(port: int, code: str, name: str, lang: str = "en") -> tuple[Client, str]:
    c = Client(port)
    c.send(t="join", room=code, name=name, lang=lang)
    token = c.until("welcome")["token"]
    c.until("state")
    return c, token


def teacher(port: int, key: str) -> Client:
    c = Client(port, "/ws/teacher")
    c.send(t="auth", key=key)
    c.until("welcome")
    return c


def play_round(console: Client, phones: list[Client], done: int) -> float:
    """End the round from the console; seconds until every phone shows ``done`` rounds."""
    start = time.perf_counter()
    console.send(t="next")
    for p in phones:
        p.until("state", check=lambda m: m["rounds_done"] >= done)
    return time.perf_counter() - start
