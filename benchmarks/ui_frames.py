"""Frame times of the real game window, headless, with the simulation running.

    python benchmarks/ui_frames.py [--frames 300] [--size 1280x720]

Prints median and 95th-percentile frame time and frames per second at 1,000 and 5,000
citizens (all friendship lines drawn at 1,000; the selected citizen's ties at 5,000).
The simulation runs at 16x (32 steps per second of virtual time at 60 frames per second),
so frame times include the steps that fall due; the staged listing's lens (rings, labels,
caption) is open from step 6 for most of the run, speech bubbles and refusal icons on.
Uses the SDL dummy video driver.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402
import pygame  # noqa: E402

from game.scenario.library import load
from game.scenario.spec import with_overrides  # noqa: E402
from game.ui.scenes.sandbox import SandboxScene  # noqa: E402
from game.ui.session import Session  # noqa: E402


def measure(n: int, frames: int, size: tuple[int, int]) -> dict:
    window = pygame.display.set_mode(size)
    sc = with_overrides(load("sesame"), {"population.size": n})
    session = Session(sc, "sesame", seed=1)
    session.speed = 16
    scene = SandboxScene(session, size)
    scene.stage.follow_at_1x = False  # the staged lens opens at step 6 and the clock stays at 16x: the worst case
    scene.society.selected = int(np.argmax(session.model.friends.degree))
    times, steps0 = [], session.model.steps
    for k in range(frames + 30):
        t = time.perf_counter()
        for event in pygame.event.get():
            scene.handle(event)
        scene.update(1 / 60, k / 60)
        scene.draw(window, k / 60)
        pygame.display.flip()
        if k >= 30:  # warm-up: fonts, caches
            times.append(time.perf_counter() - t)
    times.sort()
    return {"n": n, "median": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))],
            "steps": session.model.steps - steps0}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--frames", type=int, default=300)
    p.add_argument("--size", default="1280x720")
    args = p.parse_args()
    size = tuple(int(x) for x in args.size.split("x"))
    pygame.display.init()
    pygame.font.init()
    print(f"window {size[0]}x{size[1]}, {args.frames} frames, simulation at 16x")
    print(f"{'citizens':>9} {'median ms':>10} {'p95 ms':>8} {'fps':>6} {'steps run':>10}  target")
    for n, target in ((1_000, 16.7), (5_000, 33.0)):
        r = measure(n, args.frames, size)
        ok = "ok" if r["median"] * 1e3 <= target else "MISSED"
        print(f"{n:>9,} {1e3 * r['median']:>10.1f} {1e3 * r['p95']:>8.1f} {1 / r['median']:>6.0f} "
              f"{r['steps']:>10}  median <= {target} ms: {ok}")
    pygame.quit()


if __name__ == "__main__":
    main()
