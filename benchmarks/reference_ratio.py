"""Engine vs per-agent reference: median step time of each, in the same process.

    python benchmarks/reference_ratio.py               # 1,000 and 10,000 citizens
    python benchmarks/reference_ratio.py --sizes 2000  # other sizes

The default scenario (Sesame) with mean degree 10. Both models start from the same state
(the reference copies the engine's initial state for the same seed), then each runs its
own steps: the engine ``--steps`` of them, the reference ``--ref-steps`` (fewer, as it is
slow). A step is the whole step in both, data collection included (the engine collects
its ~25 indicators, the reference 7, which flatters the reference). Target: the engine
at least 50x faster at 10,000 citizens.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import mesa

from game.lab.reference import ReferenceModel
from game.sim.model import SocialCreditModel

TARGET = 50.0
TARGET_SIZE = 10_000


def median_step(model, steps: int) -> float:
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        model.step()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure(n: int, steps: int, ref_steps: int, seed: int) -> dict:
    over = {"population.size": n, "network.mean_degree": 10.0}
    t = time.perf_counter()
    engine = SocialCreditModel("sesame", rng=seed, overrides=over)
    build = time.perf_counter() - t
    t = time.perf_counter()
    ref = ReferenceModel(engine=engine, rng=seed)
    ref_build = time.perf_counter() - t
    edges = engine.friends.n_edges
    ref_median = median_step(ref, ref_steps)
    engine_median = median_step(engine, steps)
    return {"n": n, "edges": edges, "build": build, "ref_build": ref_build,
            "engine": engine_median, "reference": ref_median, "ratio": ref_median / engine_median}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[1_000, TARGET_SIZE])
    p.add_argument("--steps", type=int, default=20, help="engine steps timed per size")
    p.add_argument("--ref-steps", type=int, default=10, help="reference steps timed per size")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    print(f"Python {platform.python_version()}, Mesa {mesa.__version__}; median of {args.steps} engine "
          f"and {args.ref_steps} reference steps")
    print(f"{'citizens':>9} {'edges':>8} {'engine ms':>10} {'reference ms':>13} {'ratio':>7}   "
          f"{'build s (engine / reference)':>28}")
    results = []
    for n in args.sizes:
        r = measure(n, args.steps, args.ref_steps, args.seed)
        results.append(r)
        print(f"{r['n']:>9,} {r['edges']:>8,} {1e3 * r['engine']:>10.1f} {1e3 * r['reference']:>13.1f} "
              f"{r['ratio']:>6.0f}x   {r['build']:>13.2f} / {r['ref_build']:.2f}", flush=True)
    at_target = [r for r in results if r["n"] == TARGET_SIZE]
    if at_target:
        ratio = at_target[0]["ratio"]
        verdict = "meets" if ratio >= TARGET else "MISSES"
        print(f"at {TARGET_SIZE:,} citizens the engine is {ratio:.0f}x faster: {verdict} the "
              f"{TARGET:.0f}x target")


if __name__ == "__main__":
    main()
