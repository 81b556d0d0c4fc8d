"""``sesame classroom``: start a class on this laptop - the server, the projector window, the
teacher's console - or resume one that was saved.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from game.classroom import MAX_SEATS_DEFAULT, missing


def install_hint() -> str:
    """The exact command that installs the classroom extra for this Python."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file():  # a source checkout (pip install -e .)
        return f'{sys.executable} -m pip install -e "{root}[classroom]"'
    return f'{sys.executable} -m pip install "open-sesame[classroom]"'


def sessions_root() -> Path:
    """Where class sessions are saved: ``classroom/`` in the user's data folder."""
    from game.userdirs import data_dir

    return data_dir() / "classroom"


def add_parser(sub, positive, size) -> None:
    c = sub.add_parser("classroom", help="a class joins the society from their phones (local network, no internet)")
    c.add_argument("scenario", nargs="?", default="sesame",
                   help="a .toml file, a shipped name or a share code (default: sesame)")
    c.add_argument("--seats", type=int, default=MAX_SEATS_DEFAULT,
                   help=f"places for students, 1 to 60 (default {MAX_SEATS_DEFAULT}); bots play every seat nobody takes")
    c.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000; the next free one if taken)")
    c.add_argument("--local", action="store_true", help="listen on 127.0.0.1 only (this laptop; for trying it out)")
    c.add_argument("--host", default=None, help="listen on this address only (default: every network of the laptop)")
    c.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    c.add_argument("--timer", type=int, default=0, help="seconds per round (default 0: the teacher ends each round)")
    c.add_argument("--resume", nargs="?", const="latest", default=None, metavar="FOLDER",
                   help="continue a saved session (default: the latest one)")
    c.add_argument("--out", default=None, help="folder for sessions (default: the user's data folder)")
    c.add_argument("--lang", choices=("en", "zh"), default=None, help="language of the projector window")
    c.add_argument("--size", type=size, default=(1280, 720), help="window size, e.g. 1920x1080")
    c.add_argument("--fullscreen", action="store_true")
    c.add_argument("--no-window", action="store_true", help="no projector window: serve until Ctrl+C")
    c.add_argument("--no-browser", action="store_true", help="do not open the teacher's console in a browser")
    c.add_argument("--frames", type=positive, default=None, help=argparse_hidden())
    c.add_argument("--screenshot", default=None, help=argparse_hidden())
    c.set_defaults(func=cmd_classroom)


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def cmd_classroom(args) -> int:
    lacking = missing()
    if lacking:
        print(f"sesame classroom needs the classroom extra ({', '.join(lacking)} not installed). Install it with:\n"
              f"  {install_hint()}", file=sys.stderr)
        return 1
    if not 1 <= args.seats <= 60:
        print(f"sesame: --seats must be from 1 to 60, got {args.seats}", file=sys.stderr)
        return 1
    if not 0 <= args.timer <= 900:
        print(f"sesame: --timer must be from 0 to 900 seconds, got {args.timer}", file=sys.stderr)
        return 1
    if args.lang:
        from game.text import set_language

        set_language(args.lang)
    from game.classroom import save
    from game.classroom.room import Room
    from game.classroom.run import lan_addresses, serve

    root = Path(args.out) if args.out else sessions_root()
    if args.resume:
        folder = save.latest(root) if args.resume == "latest" else Path(args.resume)
        if folder is None:
            print(f"sesame: no saved class session under {root}", file=sys.stderr)
            return 1
        try:
            room = save.load(folder)
        except save.SessionError as exc:
            print(f"sesame: {exc}", file=sys.stderr)
            return 1
    else:
        from game.scenario import load

        load(args.scenario)  # a bad file is reported before anything starts
        room = Room(args.scenario, seed=args.seed, seats=args.seats, timer=args.timer)
        folder = root / f"{time.strftime('%Y%m%d-%H%M%S')}-{room.code}"
    host = "127.0.0.1" if args.local else (args.host or "0.0.0.0")
    lan = [] if args.local or args.host not in (None, "0.0.0.0") else lan_addresses()
    shown_host = "127.0.0.1" if args.local else (args.host if args.host not in (None, "0.0.0.0") else
                                                 (lan[0] if lan else "127.0.0.1"))
    running = serve(room, host, args.port, export_dir=folder, autosave=lambda r: save.save(r, folder))
    join_url = f"http://{shown_host}:{running.port}"
    running.server.join_url = join_url
    console_url = f"http://127.0.0.1:{running.port}/teacher#key={room.teacher_key}"
    save.save(room, folder)
    _banner(room, join_url, [f"http://{a}:{running.port}" for a in lan[1:]], console_url, host, running.port, folder,
            no_network=not args.local and not lan and host == "0.0.0.0")
    if not args.no_browser and args.frames is None:
        import webbrowser

        webbrowser.open(console_url)
    try:
        if args.no_window:
            while running.thread.is_alive():
                time.sleep(0.5)
        else:
            from game.classroom.ui.window import run_window

            run_window(running.server, join_url, console_url, args.size, args.fullscreen, args.frames, args.screenshot)
    except KeyboardInterrupt:
        print("\nsesame: stopping the class", file=sys.stderr)
    finally:
        with room.lock:
            save.save(room, folder)
        running.stop()
    print(f"Saved: {folder}  (sesame classroom --resume continues it)")
    return 0


def _banner(room, join_url, others, console_url, host, port, folder, no_network) -> None:
    m = room.model
    print(f"Open Sesame class: {m.config.meta.title}, {m.n} citizens, {len(room.seats)} seats for students "
          f"(round {room.round + 1}, seed {room.seed})")
    print(f"  Students: scan the QR code on the projector, or open {join_url} - room code {room.code}")
    for url in others:
        print(f"    also reachable at {url}")
    if no_network:
        print("  (no network found: students' phones cannot reach this laptop until it joins the school Wi-Fi)")
    print(f"  Teacher console (keep this link to yourself): {console_url}")
    where = "this laptop only" if host == "127.0.0.1" else \
        "every network of this laptop" if host == "0.0.0.0" else host
    print(f"  Listening on {host}:{port} ({where}); nothing leaves the local network")
    print(f"  Saved after every round in {folder}")
    print("  Stop: Esc twice in the projector window, or Ctrl+C here; 'sesame classroom --resume' continues.")
    sys.stdout.flush()
