"""What keeps an unattended kiosk alive for months: a log that keeps its history within a
bounded size, and a back-off for faults that keep coming back.

**The log** (:func:`kiosk_logger`) is one file a day: ``kiosk.log`` holds today, and at
midnight it becomes ``kiosk.log.YYYY-MM-DD``; ``LOG_DAYS`` days are kept (older files are
deleted) and a day's file stops growing at ``LOG_DAY_BYTES`` (one line says so, and the
rest of that day is dropped). So the worst a fault can do is fill one day's file: the
history of every earlier day survives, and the whole log never passes
``(LOG_DAYS + 1) * LOG_DAY_BYTES`` (about 250 MB). A technician reading it months later
finds the first traceback of each fault and a count of its repeats, not a million copies.

**The back-off** (:class:`Faults`): a fault once is an accident and the kiosk starts over
at once; the same fault again within ``STABLE_S`` seconds is persistent, and the next
attempt waits ``BACKOFF_FIRST_S``, then twice as long each time, at most
``BACKOFF_MAX_S``. A fault's traceback is logged the first time it is seen; repeats are
counted and logged on the 2nd, 4th, 8th, ... occurrence, with the wait before the next try.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import time
import traceback
from pathlib import Path

LOG_DAY_BYTES = 4_000_000
LOG_DAYS = 60
BACKOFF_FIRST_S = 2.0
BACKOFF_MAX_S = 600.0
STABLE_S = 120.0  # running this long without a fault: the next fault is an accident again


class DailyLogHandler(logging.handlers.TimedRotatingFileHandler):
    """A file a day, ``backupCount`` days kept, each day's file capped at ``day_bytes``."""

    def __init__(self, path: Path, day_bytes: int = LOG_DAY_BYTES, days: int = LOG_DAYS):
        super().__init__(path, when="midnight", backupCount=days, encoding="utf-8", delay=True)
        self.day_bytes = day_bytes
        self.dropped = 0

    def doRollover(self) -> None:
        super().doRollover()
        self.dropped = 0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.shouldRollover(record):
                self.doRollover()
            size = os.path.getsize(self.baseFilename) if os.path.exists(self.baseFilename) else 0
            if size >= self.day_bytes:
                if self.dropped == 0:
                    note = logging.LogRecord(record.name, logging.WARNING, __file__, 0,
                                             "today's log is full (%d bytes): further messages are dropped "
                                             "until midnight", (self.day_bytes,), None)
                    logging.FileHandler.emit(self, note)
                self.dropped += 1
                return
            logging.FileHandler.emit(self, record)
        except Exception:  # noqa: BLE001 - a full disk must not stop the kiosk
            self.handleError(record)


def kiosk_logger(log_dir: Path) -> logging.Logger:
    """A logger writing to ``log_dir/kiosk.log``: a file a day, ``LOG_DAYS`` days kept, each
    at most ``LOG_DAY_BYTES``."""
    log_dir = Path(log_dir)
    path = (log_dir / "kiosk.log").resolve()
    log = logging.getLogger("sesame.kiosk." + str(path).replace(".", "_"))  # one logger per file
    if not log.handlers:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = DailyLogHandler(log_dir / "kiosk.log")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def signature(exc: BaseException) -> str:
    """What makes two faults "the same": the exception's type and where it was raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


class Faults:
    """Consecutive faults and when to try again (see the module)."""

    def __init__(self, log: logging.Logger):
        self.log = log
        self.count = 0  # faults since the last stable stretch
        self.retry_at = -1e18
        self.ok_since: float | None = None  # since when the kiosk's own scenario has run without a fault
        self.seen: dict[str, int] = {}  # signature -> times seen (since the kiosk started)
        self.started = time.strftime("%Y-%m-%d %H:%M")
        self.capped = False  # the last wait was the longest one (logged once when reached)

    def record(self, exc: BaseException, now: float, what: str) -> float:
        """Log a fault (its traceback the first time, a count after) and return the time
        of the next attempt."""
        self.count += 1
        self.ok_since = None
        delay = 0.0 if self.count == 1 else min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2 ** (self.count - 2))
        self.retry_at = now + delay
        sig = signature(exc)
        times = self.seen[sig] = self.seen.get(sig, 0) + 1
        if times == 1:
            self.log.error("%s: %s; %s", what, sig, self._next(delay), exc_info=exc)
        elif times & (times - 1) == 0 or (delay == BACKOFF_MAX_S and not self.capped):
            # the 2nd, 4th, 8th, ... time (the log grows with the log of the count), and when
            # the wait reaches its longest
            self.log.error("%s: the same fault again (%s, %d times since %s); %s",
                           what, sig, times, self.started, self._next(delay))
        self.capped = delay == BACKOFF_MAX_S
        return self.retry_at

    @staticmethod
    def _next(delay: float) -> str:
        return "starting over now" if delay == 0 else f"showing the fallback, next try in {delay:.0f} s"

    def persistent(self) -> bool:
        return self.count >= 2

    def ok(self, now: float) -> None:
        """Called after every good frame of the kiosk's own scenario: ``STABLE_S`` seconds
        of them forgive earlier faults (the next one is an accident again)."""
        if self.ok_since is None:
            self.ok_since = now
        elif self.count and now - self.ok_since > STABLE_S:
            self.count = 0
