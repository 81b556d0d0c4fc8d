"""The ``sesame`` command: run, validate, share, import, replay, sweep, report, classroom
(and, with the UI, play).

Errors a player can cause (a bad file, a bad number) print one clear message and exit
1; no traceback reaches the terminal.

Start-up stays fast: what every command needs (the scenario wing, safe file writes, the
text catalogs) is imported here; the model (Mesa takes about two seconds to import), the
QR encoder, the sweep's process pools, the class server (an optional extra) and the window
(pygame) are imported inside the commands that use them, each marked ``# lazy:`` with the
reason. ``sesame validate``, ``share --no-qr`` and ``import`` never load Mesa, and no
headless command loads pygame.

One module, about 450 lines, on purpose: every ``sesame`` subcommand, its options
(the ``_add_*`` functions) and what it does (the ``cmd_*`` functions) are found in one place.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
import time
import tomllib
from pathlib import Path

from game import __version__, classroom
from game.records import userdirs
from game.records.files import (UnsafeName, atomic_write, check_writable_file, check_writable_folder, file_stem,
                                folder_lock, safe_child)
from game.lab.explain import explain
from game.scenario import budget
from game.scenario.library import load, resolve, source_name
from game.scenario.provenance import without_provenance
from game.scenario.safetext import terminal
from game.scenario.schema import ScenarioError
from game.scenario.share import MAX_CODE_CHARS, decode, encode, looks_like_code
from game.scenario.tomlfile import dumps
from game.scenario.translations import without_translations
from game.text import languages, set_language


def _progress(total: int, unit: str = "steps"):
    """A one-line progress bar on a terminal; silent (None) when stderr is not a terminal.
    Returns ``show(done)``; ``show(done, total)`` also works (sweeps report both)."""
    if not sys.stderr.isatty():
        return None
    start = time.perf_counter()

    def show(done: int, of: int | None = None) -> None:
        of = total if of is None else of
        fill = int(30 * done / max(of, 1))
        rate = done / max(time.perf_counter() - start, 1e-9)
        sys.stderr.write(f"\r[{'#' * fill}{'.' * (30 - fill)}] {done}/{of} {unit}  {rate:.1f} {unit}/s")
        if done >= of:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_run(args) -> int:
    # lazy: the model and what records a run load Mesa (seconds); only running needs them
    from game.lab.export import write_run
    from game.records.replay import save_record
    from game.sim.model import SocialCreditModel

    scenario = load(args.scenario)
    steps = args.steps if args.steps is not None else scenario.population.steps
    _check_steps(scenario, steps)
    name = source_name(args.scenario, scenario)
    out = check_writable_folder(args.out or f"out/{file_stem(name)}-seed{args.seed}")  # before the work
    if args.record:
        check_writable_file(args.record, "the replay record")
    model = SocialCreditModel(scenario, rng=args.seed)
    model.run(steps, progress=_progress(steps))
    summ = write_run(model, out, name if name.startswith("shared-") else str(args.scenario))
    if args.record:
        save_record(model, args.record)
    f = summ["final"]
    print(f"{terminal(scenario.meta.title)}: {steps} steps, seed {args.seed}, {model.n} citizens -> "
          f"{terminal(out)}/")
    print(f"  mean score {_number(f['mean_score'], '.0f')}, score Gini {_number(f['gini_score'], '.3f')}, "
          f"blacklisted {f['blacklisted']}, conforming {_number(f['conforming_share'], '.0%')}, "
          f"largest cascade {summ['cascades']['largest']} (depth {summ['cascades']['max_depth']})")
    return 0


def _check_steps(scenario, steps: int) -> None:
    """Refuse, before any work, a run longer than one run may be (see game.scenario.budget)."""
    problem = budget.run_problem(scenario, steps)
    if problem:
        raise ScenarioError("--steps", [("", problem)])


def _number(value, spec: str) -> str:
    """A summary number for a person; 'n/a' where the run produced none (not finite)."""
    return format(value, spec) if isinstance(value, (int, float)) and value == value and abs(value) != float("inf") \
        else "n/a"


def cmd_share(args) -> int:
    from game.scenario import qr  # lazy: the QR encoder takes a fifth of a second to import

    scenario = load(args.scenario)
    if args.without_translations:
        scenario = without_translations(scenario)
    if args.without_sources:
        scenario = without_provenance(scenario)
    code = encode(scenario)
    print(code)
    if args.no_qr:
        return 0
    qr_code, note = code, ""
    if len(code) > qr.QR_MAX_CHARS and (scenario.sources or scenario.assumptions):
        # the sources and assumptions are longer than the rules: the QR code carries the rules
        qr_code = encode(without_provenance(scenario))
        note = " (without the sources and assumptions: the printed code has them)"
    if len(qr_code) > qr.QR_MAX_CHARS:
        print(f"sesame: the code is {len(qr_code)} characters, too long for a QR code "
              f"(at most {qr.QR_MAX_CHARS}); share the text instead", file=sys.stderr)
        return 1 if args.qr else 0
    path = Path(args.qr or f"{file_stem(source_name(args.scenario, scenario))}-share.png")
    symbol = qr.qr(qr_code)
    atomic_write(path, qr.png(symbol))
    print(f"{terminal(scenario.meta.title)}: {len(code)} characters; QR code version {symbol.version} of "
          f"{len(qr_code)} characters{note} -> {terminal(path)}", file=sys.stderr)
    return 0


def cmd_import(args) -> int:

    code = sys.stdin.read(MAX_CODE_CHARS + 1) if args.code == "-" else args.code
    scenario = decode(code)
    if args.out:
        out = Path(args.out)
    else:  # the title comes from a stranger: reduce it to a plain, safe file name
        slug = re.sub(r"[^a-z0-9]+", "-", scenario.meta.title.lower()).strip("-")[:40] or "shared"
        out = safe_child(Path.cwd(), f"{slug}.toml")
    if out.exists() and not args.force:
        print(f"sesame: {terminal(out)} already exists; use --force to replace it", file=sys.stderr)
        return 1
    atomic_write(out, dumps(scenario))
    print(f"{terminal(scenario.meta.title)}: {scenario.population.size} citizens, scoring "
          f"{scenario.scoring.family} -> {terminal(out)}")
    return 0


def cmd_replay(args) -> int:
    # lazy: a replay runs the model (Mesa)
    from game.records.replay import RecordError, describe, environment, first_difference, load_record, replay

    try:
        record = load_record(args.record)
        model, ok = replay(record, progress=_progress(record.steps))
    except RecordError as exc:  # a bad record, or a command the game refuses on the way
        _error(exc)
        return 1
    got = model.digest()
    if ok:
        print(f"OK: {record.steps} steps, seed {record.seed}, {len(record.commands)} commands; digest {got}")
        return 0
    print(f"MISMATCH after {record.steps} steps:\n  expected {record.digest}\n  got      {got}")
    where = first_difference(record, model)
    if where is not None:
        print(f"  the first part of the state that differs: {where}")
    elif not record.parts:
        print("  (a version 1 record keeps no per-part digests, so the part that differs is unknown)")
    print(f"  recorded with: {terminal(describe(record.made_with))}")
    print(f"  replayed with: {describe(environment())}")
    return 1


def cmd_validate(args) -> int:
    _set_language(args.lang)
    bad = 0
    for name in args.files:
        try:
            sc = load(name)
        except ScenarioError as exc:
            _error(exc)
            bad += 1
            continue
        print(f"{terminal(name)}: ok - {sc.meta.title!r}, {sc.population.size} citizens, "
              f"{sc.network.kind} network, scoring {sc.scoring.family}, {len(sc.tiers)} tiers, "
              f"{len(sc.services)} services, {len(sc.sources)} sources, {len(sc.assumptions)} assumptions")
        if args.explain:
            print()
            print(explain(sc, name, _plain_toml(name)))
    return 1 if bad else 0


def _plain_toml(name: str) -> dict | None:
    """A scenario file as plain TOML (what it writes), or None for a share code. The file
    has just been loaded and checked, so it reads and parses."""
    if looks_like_code(name):
        return None
    return tomllib.loads(resolve(name).read_bytes().decode("utf-8").removeprefix("\ufeff"))


def cmd_play(args) -> int:
    if args.frames is not None and "DISPLAY" not in os.environ and "WAYLAND_DISPLAY" not in os.environ:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # headless render with no display
    from game.ui.app import run  # lazy: the window (pygame) is for this command alone, after SDL is set

    for source in (args.scenario, args.compare) if args.compare else (args.scenario,):
        scenario = load(source)  # a bad file is reported before any window opens
        problem = budget.window_problem(scenario)  # and one the window cannot step in time
        if problem:
            raise ScenarioError(source_name(source, scenario), [("population.size", problem)])
    _set_language(args.lang)
    if args.kiosk:
        return _kiosk(args)
    return run(args.scenario, seed=args.seed, size=args.size, frames=args.frames,
               screenshot=args.screenshot, fullscreen=args.fullscreen, speed=args.speed,
               paused=args.paused, compare=args.compare, tour=args.chapters,
               save_dir=Path(args.save_dir) if args.save_dir else None)


def _kiosk(args) -> int:
    # lazy: the window (pygame) is for this command alone
    import pygame

    from game.ui.drawing.images import save_png
    from game.ui.scenes.kiosk import run_kiosk

    log_dir = Path(args.log_dir) if args.log_dir else userdirs.log_dir()
    print(f"sesame: kiosk log: {terminal(log_dir / 'kiosk.log')}", file=sys.stderr)
    pygame.display.init()
    pygame.font.init()
    try:
        size = args.size if args.frames else (0, 0)  # (0, 0): the whole screen
        code = run_kiosk(args.scenario, size, fullscreen=args.frames is None, frames=args.frames,
                         idle_s=args.idle, pin=args.pin, log_dir=log_dir)
        if args.screenshot and pygame.display.get_surface() is not None:
            save_png(pygame.display.get_surface(), args.screenshot)
        return code
    finally:
        pygame.quit()


def cmd_classroom(args) -> int:
    lacking = classroom.missing()
    if lacking:
        print(f"sesame classroom needs the classroom extra ({', '.join(lacking)} not installed). Install it with:\n"
              f"  {classroom.install_hint()}", file=sys.stderr)
        return 1
    # lazy: the class server (Starlette, uvicorn) and the model (Mesa) load only when a class starts
    from game.classroom.launch import StartError, start, stop

    _set_language(args.lang)
    try:
        started = start(args.scenario, seats=args.seats, seed=args.seed, timer=args.timer, port=args.port,
                        local=args.local, host=args.host, resume=args.resume, out=args.out)
    except StartError as exc:
        print(f"sesame: {exc}", file=sys.stderr)
        return 1
    try:
        if not args.no_browser and args.frames is None:
            import webbrowser  # lazy: only to open the console in the teacher's browser

            webbrowser.open(started.console_url)
        if args.no_window:
            started.wait()
        else:
            if args.frames is not None and "DISPLAY" not in os.environ and "WAYLAND_DISPLAY" not in os.environ:
                os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # headless render with no display
            from game.ui.app import run_projector  # lazy: the window (pygame), after SDL is set

            run_projector(started.running.server, started.join_url, started.console_url, size=args.size,
                          fullscreen=args.fullscreen, frames=args.frames, screenshot=args.screenshot)
    except KeyboardInterrupt:
        print("\nsesame: stopping the class", file=sys.stderr)
    finally:
        stop(started)
    print(f"Saved: {started.folder}  (sesame classroom --resume continues it)")
    return 0


def cmd_sweep(args) -> int:
    from game.lab import sweep  # lazy: runs the model (Mesa) in process pools

    scenario = load(args.scenario)
    cluster = sweep.check_cluster(args.cluster) if args.cluster else None
    grid = sweep.parse_sets(args.set or [])
    runs = sweep.plan(scenario, grid, seeds=args.seeds, steps=args.steps or scenario.population.steps,
                      sweep_seed=args.seed)
    out = check_writable_folder(args.out or f"out/sweep-{file_stem(source_name(args.scenario, scenario))}")
    # a second sweep into the same folder is refused, not mixed
    with folder_lock(out, timeout_s=0.0, busy="another sweep is writing into this folder"):
        journal = sweep.Journal(out, runs, resume=args.resume)
        todo = journal.todo()
        where = f"Dask scheduler {cluster}" if cluster else f"{args.processes or 'all'} local processes"
        kept = f", {len(runs) - len(todo)} kept from before" if len(todo) < len(runs) else ""
        print(f"{terminal(scenario.meta.title)}: {len(runs)} runs ({len(runs) // args.seeds} points x "
              f"{args.seeds} seeds{kept}) on {where}", file=sys.stderr)
        try:
            _, failed = sweep.run_sweep(todo, processes=args.processes, cluster=cluster,
                                        progress=_progress(len(todo), "runs"), sink=journal.add)
        finally:
            journal.close()
        if failed:
            run, why = failed[0]
            print(f"sesame: {len(failed)} of {len(runs)} runs did not finish (run {run.run_id}: {terminal(why)}); "
                  f"the {len(journal.kept)} finished are kept in {terminal(journal.path)}: run the same command "
                  f"with --resume to do the rest", file=sys.stderr)
            return 1
        atomic_write(out / "sweep.csv", journal.csv_text())
        journal.path.unlink(missing_ok=True)
    rows = [dict(row, **dict(journal.runs[int(row["run_id"])].params)) for row in journal.rows()]
    paths = list(grid)
    if paths:
        # lazy: the phase diagram is drawn with pygame, off-screen; only sweeps over a grid need it
        from game.ui.drawing import phase
        from game.ui.drawing.images import save_png

        if args.metric not in rows[0]:
            print(f"sesame: --metric {terminal(args.metric)!s} is not a column; choose from "
                  f"{', '.join(k for k in rows[0] if k not in paths)}", file=sys.stderr)
            return 1
        summary = sweep.summarise(rows, paths[:2], args.metric)
        save_png(phase.render(summary, paths[:2], args.metric, scenario.meta.title), out / "phase.png")
    print(f"{len(rows)} runs -> {terminal(out)}/sweep.csv" + (f" and {terminal(out)}/phase.png" if paths else ""))
    return 0


def _set_language(lang: str | None) -> None:
    if lang:
        set_language(lang)


def _languages() -> list[str]:
    return [code for code, _ in languages()]


def cmd_report(args) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    _set_language(args.lang)
    # lazy: the model (Mesa) and the page (pygame, off-screen, after SDL is set)
    from game.lab.export import write_run
    from game.sim.model import SocialCreditModel
    from game.ui.drawing import report
    from game.ui.drawing.images import png_bytes

    scenario = load(args.scenario)
    steps = args.steps or scenario.population.steps
    _check_steps(scenario, steps)
    name = source_name(args.scenario, scenario)
    out = check_writable_folder(args.out or f"out/report-{file_stem(name)}-seed{args.seed}")  # before the work
    model = SocialCreditModel(scenario, rng=args.seed)
    model.run(steps, progress=_progress(steps))
    source = name if name.startswith("shared-") else str(args.scenario)
    page = png_bytes(report.render(model, args.seed, source))
    write_run(model, out, source, extra={"report.png": page})  # the page and the data: one unit
    print(f"{terminal(report.localized(scenario, 'meta.title'))}: {terminal(out)}/report.png, series.csv, "
          f"events.jsonl, summary.json")
    return 0


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must look like 1280x720, got {text!r}") from None
    if not (320 <= w <= 7680 and 240 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"must be from 320x240 to 7680x4320, got {text}")
    return w, h


def parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per job, each added by its own function below."""
    p = argparse.ArgumentParser(prog="sesame", description="Open Sesame: watch a scored society.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for add in (_add_run, _add_play, _add_share, _add_import, _add_replay, _add_sweep, _add_report, _add_classroom,
                _add_validate):
        add(sub)
    return p


def _add_run(sub) -> None:
    r = sub.add_parser("run", help="run a scenario headless and write series.csv, events.jsonl, summary.json")
    r.add_argument("scenario", nargs="?", default="sesame",
                   help="a .toml file, a shipped name or a share code (default: sesame)")
    r.add_argument("--steps", type=_positive, default=None, help="steps to run (default: the scenario's)")
    r.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    r.add_argument("--out", default=None, help="output folder (default out/<scenario>-seed<S>)")
    r.add_argument("--record", default=None, metavar="PATH",
                   help="also save the replay record of the run (check it with 'sesame replay')")
    r.set_defaults(func=cmd_run)


def _add_play(sub) -> None:
    g = sub.add_parser("play", help="open the game window")
    g.add_argument("scenario", nargs="?", default="sesame",
                   help="a .toml file, a shipped name or a share code (default: sesame)")
    g.add_argument("--scenario", dest="scenario", help=argparse.SUPPRESS)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--size", type=_size, default=(1280, 720), help="window size, e.g. 1920x1080")
    g.add_argument("--fullscreen", action="store_true")
    g.add_argument("--speed", type=int, choices=(1, 4, 16), default=1, help="simulation speed")
    g.add_argument("--paused", action="store_true", help="start paused")
    g.add_argument("--lang", choices=_languages(), default=None,
                   help="language of the game and of the scenario text (default en; G switches in the window)")
    g.add_argument("--frames", type=_positive, default=None, help="render N frames with nobody present, then exit")
    g.add_argument("--screenshot", default=None, help="save a PNG of the last frame here")
    g.add_argument("--chapters", action="store_true",
                   help="the guided tour: by hand, predict, at scale, then the sandbox (new players start here)")
    g.add_argument("--compare", default=None, metavar="SCENARIO",
                   help="open side by side with another scenario (same seed); C in the window "
                        "compares with no_scoring")
    g.add_argument("--kiosk", action="store_true",
                   help="museum kiosk: fullscreen, touch-first, attract loop, resets itself; "
                        "exit with Ctrl+Shift+Q (then the PIN)")
    g.add_argument("--idle", type=float, default=90.0, help="kiosk: seconds without a touch before the reset")
    g.add_argument("--pin", default=None, help="kiosk: PIN the operator types after Ctrl+Shift+Q")
    g.add_argument("--log-dir", default=None,
                   help="kiosk: folder for the rotating crash log (default: the user's log folder)")
    g.add_argument("--save-dir", default=None, metavar="DIR",
                   help="where F12 screenshots and E exports go (default: Documents/Open Sesame)")
    g.set_defaults(func=cmd_play)


def _add_share(sub) -> None:
    sh = sub.add_parser("share", help="print a scenario's share code and save its QR code")
    sh.add_argument("scenario", help="a .toml file, a shipped name or a share code")
    sh.add_argument("--qr", default=None, metavar="PATH",
                    help="where to save the QR code PNG (default ./<scenario>-share.png)")
    sh.add_argument("--no-qr", action="store_true", help="only print the code")
    sh.add_argument("--without-translations", action="store_true",
                    help="leave out the [translations] tables: a shorter code and a smaller QR code")
    sh.add_argument("--without-sources", action="store_true",
                    help="leave out the [[sources]] and [[assumptions]]: the rules alone, the shortest code")
    sh.set_defaults(func=cmd_share)


def _add_import(sub) -> None:
    im = sub.add_parser("import", help="turn a share code back into a scenario file")
    im.add_argument("code", help="the share code (OS1-...), or - to read it from standard input")
    im.add_argument("--out", default=None, metavar="FILE", help="the .toml file to write (default: from the title)")
    im.add_argument("--force", action="store_true", help="replace FILE if it exists")
    im.set_defaults(func=cmd_import)


def _add_replay(sub) -> None:
    rp = sub.add_parser("replay", help="re-run a replay record and check it reaches the same state")
    rp.add_argument("record", help="a record saved by 'sesame run --record' or the game window")
    rp.set_defaults(func=cmd_replay)


def _add_sweep(sub) -> None:
    sw = sub.add_parser("sweep", help="run a grid of rule values x seeds; tidy CSV and a phase diagram")
    sw.add_argument("scenario", help="a .toml file, a shipped name or a share code")
    sw.add_argument("--set", action="append", metavar="PATH=VALUES",
                    help="e.g. scoring.connections_weight=0:1:0.1 or behaviour.tie_value=2,4,6 (repeatable)")
    sw.add_argument("--seeds", type=_positive, default=5, help="replicates per point (default 5)")
    sw.add_argument("--steps", type=_positive, default=None, help="steps per run (default: the scenario's)")
    sw.add_argument("--seed", type=int, default=0, help="sweep seed; each run's seed derives from it")
    sw.add_argument("--metric", default="cascade_largest", help="column for the phase diagram")
    sw.add_argument("--processes", type=_positive, default=None, help="local processes (default: all cores)")
    sw.add_argument("--cluster", default=None, metavar="ADDRESS",
                    help="run on a Dask distributed scheduler, e.g. tcp://10.0.0.5:8786")
    sw.add_argument("--out", default=None, help="output folder (default out/sweep-<scenario>)")
    sw.add_argument("--resume", action="store_true",
                    help="finish an interrupted sweep: keep the runs in OUT/sweep.partial.csv, run the others")
    sw.set_defaults(func=cmd_sweep)


def _add_report(sub) -> None:
    rep = sub.add_parser("report", help="run a scenario and write a one-page summary image plus the data")
    rep.add_argument("scenario", nargs="?", default="sesame")
    rep.add_argument("--seed", type=int, default=0)
    rep.add_argument("--steps", type=_positive, default=None)
    rep.add_argument("--out", default=None, help="output folder (default out/report-<scenario>-seed<S>)")
    rep.add_argument("--lang", choices=_languages(), default=None,
                     help="language of the page: labels, scenario text and debrief (default en)")
    rep.set_defaults(func=cmd_report)


def _add_classroom(sub) -> None:
    c = sub.add_parser("classroom", help="a class joins the society from their phones (local network, no internet)")
    c.add_argument("scenario", nargs="?", default="sesame",
                   help="a .toml file, a shipped name or a share code (default: sesame)")
    c.add_argument("--seats", type=int, default=classroom.MAX_SEATS_DEFAULT,
                   help=f"places for students, 1 to 60 (default {classroom.MAX_SEATS_DEFAULT}); "
                        "bots play every seat nobody takes")
    c.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000; the next free one if taken)")
    c.add_argument("--local", action="store_true", help="listen on 127.0.0.1 only (this laptop; for trying it out)")
    c.add_argument("--host", default=None, help="listen on this address only (default: every network of the laptop)")
    c.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    c.add_argument("--timer", type=int, default=0, help="seconds per round (default 0: the teacher ends each round)")
    c.add_argument("--resume", nargs="?", const="latest", default=None, metavar="FOLDER",
                   help="continue a saved session (default: the latest one)")
    c.add_argument("--out", default=None, help="folder for sessions (default: the user's data folder)")
    c.add_argument("--lang", choices=_languages(), default=None, help="language of the projector window")
    c.add_argument("--size", type=_size, default=(1280, 720), help="window size, e.g. 1920x1080")
    c.add_argument("--fullscreen", action="store_true")
    c.add_argument("--no-window", action="store_true", help="no projector window: serve until Ctrl+C")
    c.add_argument("--no-browser", action="store_true", help="do not open the teacher's console in a browser")
    c.add_argument("--frames", type=_positive, default=None, help=argparse.SUPPRESS)
    c.add_argument("--screenshot", default=None, help=argparse.SUPPRESS)
    c.set_defaults(func=cmd_classroom)


def _add_validate(sub) -> None:
    v = sub.add_parser("validate", help="check scenario files; exit 1 if any is invalid")
    v.add_argument("files", nargs="+")
    v.add_argument("--explain", action="store_true",
                   help="also list what the sources say (quoted) and what the game assumes, for every value")
    v.add_argument("--lang", choices=_languages(), default=None, help="language of the explanation (default en)")
    v.set_defaults(func=cmd_validate)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"must be from 1 to 100000, got {value}")
    return value


def _error(exc: BaseException) -> None:
    """An error for the terminal: every line defused (a file's name or a stranger's text
    cannot move the cursor, clear the screen or forge a line)."""
    # split at "\n" only: a "\r" or U+2028 inside a file's name is shown as an escape, not obeyed
    print("\n".join(terminal(line) for line in str(exc).split("\n")[:60]) or type(exc).__name__, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ScenarioError as exc:
        _error(exc)
        return 1
    except UnsafeName as exc:
        _error(f"sesame: {exc}")
        return 1
    except OSError as exc:
        name = terminal(exc.filename) if exc.filename else ""
        print(f"sesame: {name}: {terminal(exc.strerror or exc)}", file=sys.stderr)
        return 1
    except (ValueError, RuntimeError) as exc:  # --cluster, a sweep's kept rows, a missing extra
        _error(f"sesame: {exc}")
        return 1
    except KeyboardInterrupt:
        print("\nsesame: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
