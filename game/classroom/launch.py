"""Starting and stopping a class on the teacher's laptop.

:func:`start` makes the room (a new one, or the saved session ``--resume`` names), serves
it on the local network (or this laptop only), saves it once and prints the banner the
teacher reads: where students join, the console's private link, what the server listens
on, where the session is saved and how to stop. ``sesame classroom`` (:mod:`game.cli`)
then opens the projector window or waits, and calls :func:`stop`, which saves the session
once more and ends the server.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from game.classroom import save
from game.classroom.room import Room
from game.classroom.run import Running, lan_addresses, serve
from game.records.userdirs import data_dir
from game.scenario.library import load


class StartError(Exception):
    """A class that cannot start (the text says why, for the teacher)."""


@dataclass
class Class:
    """A class being served: its room, its server, its folder and its two addresses."""
    room: Room
    running: Running
    folder: Path
    join_url: str
    console_url: str

    def wait(self) -> None:
        """Serve until the server ends (Ctrl+C raises KeyboardInterrupt here)."""
        while self.running.thread.is_alive():
            time.sleep(0.5)


def sessions_root() -> Path:
    """Where class sessions are saved: ``classroom/`` in the user's data folder."""
    return data_dir() / "classroom"


def start(scenario: str = "sesame", *, seats: int = 40, seed: int = 0, timer: int = 0, port: int = 8000,
          local: bool = False, host: str | None = None, resume: str | None = None,
          out: str | None = None) -> Class:
    """Make or resume the room, serve it, save it once and print the banner."""
    if not 1 <= seats <= 60:
        raise StartError(f"--seats must be from 1 to 60, got {seats}")
    if not 0 <= timer <= 900:
        raise StartError(f"--timer must be from 0 to 900 seconds, got {timer}")
    root = Path(out) if out else sessions_root()
    if resume:
        folder = save.latest(root) if resume == "latest" else Path(resume)
        if folder is None:
            raise StartError(f"no saved class session under {root}")
        try:
            room = save.load(folder)
        except save.SessionError as exc:
            raise StartError(str(exc)) from None
    else:
        load(scenario)  # a bad file is reported before anything starts
        room = Room(scenario, seed=seed, seats=seats, timer=timer)
        folder = root / f"{time.strftime('%Y%m%d-%H%M%S')}-{room.code}"
    bind_host = "127.0.0.1" if local else (host or "0.0.0.0")
    everywhere = bind_host == "0.0.0.0"
    lan = lan_addresses() if everywhere else []
    shown_host = bind_host if not everywhere else (lan[0] if lan else "127.0.0.1")
    running = serve(room, bind_host, port, export_dir=folder, autosave=lambda r: save.save(r, folder))
    join_url = f"http://{shown_host}:{running.port}"
    running.server.join_url = join_url
    console_url = f"http://127.0.0.1:{running.port}/teacher#key={room.teacher_key}"
    save.save(room, folder)
    started = Class(room, running, folder, join_url, console_url)
    _banner(started, [f"http://{a}:{running.port}" for a in lan[1:]], bind_host, no_network=everywhere and not lan)
    return started


def stop(started: Class) -> None:
    """Save the session as it is and end the server (within a second or so)."""
    try:
        with started.room.lock:
            save.save(started.room, started.folder)
    finally:
        started.running.stop()


def _banner(c: Class, others: list[str], host: str, no_network: bool) -> None:
    room, m = c.room, c.room.model
    print(f"Open Sesame class: {m.config.meta.title}, {m.n} citizens, {len(room.seats)} seats for students "
          f"(round {room.round + 1}, seed {room.seed})")
    print(f"  Students: scan the QR code on the projector, or open {c.join_url} - room code {room.code}")
    for url in others:
        print(f"    also reachable at {url}")
    if no_network:
        print("  (no network found: students' phones cannot reach this laptop until it joins the school Wi-Fi)")
    print(f"  Teacher console (keep this link to yourself): {c.console_url}")
    where = "this laptop only" if host == "127.0.0.1" else "every network of this laptop" if host == "0.0.0.0" else host
    print(f"  Listening on {host}:{c.running.port} ({where}); nothing leaves the local network")
    print(f"  Saved after every round in {c.folder}")
    print("  Stop: Esc twice in the projector window, or Ctrl+C here; 'sesame classroom --resume' continues.")
    sys.stdout.flush()
