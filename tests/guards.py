"""Helpers shared by the hostile-input tests."""

from __future__ import annotations

import contextlib
import signal


class Hang(BaseException):
    """Raised by the alarm; a BaseException so no ``except Exception``/``ValueError`` eats it."""


@contextlib.contextmanager
def time_limit(seconds: int):
    """Fail instead of blocking the test run when the code under test hangs."""
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover - not on Windows
        yield
        return

    def on_alarm(signum, frame):
        raise Hang(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
