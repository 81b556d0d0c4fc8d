"""Print the three phenomena as measured against their paired controls (issue #11).

    python benchmarks/phenomena.py [--seeds 20] [--quick]

The figures behind tests/test_phenomena.py, with more seeds: the spiral (first drop,
further fall, what departures caused), the wave (ties lost per citizen 1, 2, 3
friendships from a listed hub, listed minus the same run unlisted; how far the listing's
cascade reached), silence (share of private dissenters speaking, step by step) and the
classic threshold model (Granovetter's riot). Every run is a fixed seed: the same command
prints the same table on any machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.lab import phenomena as ph  # noqa: E402


def spiral_table(seeds: range) -> None:
    print("\n## The spiral: the hub listed after 10 steps, followed for 20 (points; median over "
          f"{len(seeds)} seeds)\n")
    print("| scenario | first drop | further fall | same run, nobody may leave | caused by departures "
          "| friends lost |")
    print("|---|---|---|---|---|---|")
    for label, sc in (("sesame", ph.scenario_of("sesame", timeline=False)),
                      ("sesame, connections weight 0", ph.scenario_of(
                          "sesame", {"scoring.connections_weight": 0.0}, timeline=False))):
        runs = [ph.spiral(sc, s) for s in seeds]
        med = {k: float(np.median([r[k] for r in runs])) for k in runs[0]}
        print(f"| {label} | {med['first']:.0f} | {med['further']:.0f} | {med['blocked_further']:.0f} | "
              f"**{med['caused']:.0f}** | {med['lost']:.0%} |")


def wave_table(seeds: range) -> None:
    print(f"\n## The wave: ties lost per citizen over 20 steps, listed minus unlisted (mean +- s.e., "
          f"{len(seeds)} paired seeds)\n")
    print("| scenario | ring 1 | ring 2 | ring 3 | cascade depth (rings), per seed | runs reaching ring 3+ |")
    print("|---|---|---|---|---|---|")
    cases = (("sesame", {}), ("sesame, no shaming", {"authorities.public_shaming": False}),
             ("sesame, learning 0", {"behaviour.learning": 0.0}),
             ("sesame, weight 0, no shaming", {"scoring.connections_weight": 0.0,
                                               "authorities.public_shaming": False}))
    for label, over in cases:
        sc = ph.scenario_of("sesame", over, timeline=False)
        runs = [ph.wave(sc, s) for s in seeds]
        cells = []
        for k in range(3):
            mean, se = ph.mean_se([r["excess"][k] for r in runs])
            cells.append(f"{mean:+.3f} +- {se:.3f}")
        depths = [r["depth"] for r in runs]
        print(f"| {label} | {' | '.join(cells)} | {' '.join(map(str, depths))} | "
              f"{sum(d >= 3 for d in depths)} of {len(depths)} |")


def silence_table(seeds: range) -> None:
    print(f"\n## Silence: share of private dissenters speaking in public (mean of {len(seeds)} seeds)\n")
    steps = (0, 5, 10, 20, 30, 50, 100)
    print("| scenario | " + " | ".join(f"step {t}" for t in steps) + " | steps to 90% of the fall |")
    print("|---|" + "---|" * (len(steps) + 1))
    alone = {"behaviour.threshold_distribution": "uniform", "behaviour.threshold_unit": "friends",
             "behaviour.threshold_low": 1e6, "behaviour.threshold_high": 1e6}
    for label, sc in (("no scoring (control)", ph.scenario_of("no_scoring")),
                      ("sesame", ph.scenario_of("sesame")),
                      ("sesame, peers silence nobody", ph.scenario_of("sesame", alone)),
                      ("sesame, speech penalty 0", ph.scenario_of("sesame", {"scoring.speech_penalty": 0.0}))):
        curve = np.mean([ph.silence(sc, s) for s in seeds], axis=0)
        print(f"| {label} | " + " | ".join(f"{curve[t]:.2f}" for t in steps) + f" | {ph.unfolding(curve)} |")


def riot_table() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_emergence import riot  # the scenario file lives with its test

    print("\n## Granovetter's riot (100 people, complete graph, a scenario file)\n")
    print("| thresholds | rioting |\n|---|---|")
    print(f"| 0, 1, 2, ..., 99 | {riot(list(range(100)))} |")
    print(f"| 0, 2, 2, 3, ..., 99 | {riot([0, 2] + list(range(2, 100)))} |")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=20)
    p.add_argument("--quick", action="store_true", help="5 seeds")
    args = p.parse_args()
    n = 5 if args.quick else args.seeds
    start = time.perf_counter()
    spiral_table(range(max(n // 2, 5)))
    wave_table(range(n))
    silence_table(range(max(n // 4, 5)))
    riot_table()
    print(f"\n({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
