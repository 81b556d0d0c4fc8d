"""Kiosk soak: the attract loop, headless, for many thousands of steps; memory at intervals.

    python benchmarks/kiosk_soak.py [--steps 20000] [--every 2000]

Runs the real kiosk (SDL dummy driver) on virtual time, stepping the simulation as fast
as it goes and drawing a frame after every step, and prints resident memory (RSS) and
Python-heap figures every ``--every`` steps. Flat memory is the pass condition: runs are
restarted every game.ui.scenes.kiosk.MAX_STEPS steps, the event log and series are per run.
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
import tracemalloc

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game.ui.scenes.kiosk import Kiosk  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steps", type=int, default=20_000)
    p.add_argument("--every", type=int, default=2_000)
    p.add_argument("--heap", action="store_true", help="also trace the Python heap (slower)")
    args = p.parse_args()
    pygame.display.init()
    pygame.font.init()
    size = (1280, 720)
    window = pygame.display.set_mode(size)
    kiosk = Kiosk("sesame", size, idle_s=90, log_dir=tempfile.mkdtemp(prefix="kiosk-soak-"))
    if args.heap:
        tracemalloc.start()
    print(f"{'steps':>8} {'runs':>5} {'RSS MB':>8} {'py objects':>11} {'py heap MB':>11} {'s':>6}")
    t0, total, now = time.perf_counter(), 0, 0.0
    while total < args.steps:
        kiosk.scene.session.step_once()
        total += 1
        now += 0.25  # virtual seconds: captions rotate, the attract loop keeps playing
        kiosk.update(1 / 60, now)
        kiosk.draw(window, now)
        if total % args.every == 0:
            gc.collect()
            heap = tracemalloc.get_traced_memory()[0] / 1e6 if args.heap else float("nan")
            print(f"{total:>8} {kiosk.seed:>5} {rss_mb():>8.1f} {len(gc.get_objects()):>11} {heap:>11.1f} "
                  f"{time.perf_counter() - t0:>6.0f}", flush=True)
    pygame.quit()


if __name__ == "__main__":
    main()
