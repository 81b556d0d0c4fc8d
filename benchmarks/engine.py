"""Engine speed: build time, step time (median, p95), steps/s and peak memory by size.

    python benchmarks/engine.py            # 1k, 10k, 100k, 1M citizens
    python benchmarks/engine.py --quick    # the sizes that finish within a minute

Each size runs in a fresh subprocess so peak memory (ru_maxrss) is that size's own.
The default scenario with all mechanics on, mean degree 10. "collect ms" is the median
time of the data collection inside a step; "collect %" is all collection's share of all
step time, the component scan included (above 10,000 citizens it runs once in n / 2,500
steps: timed once and charged to each step in proportion). The last column, the median step
divided by citizens + ties, stays flat (or falls) as the city grows when the step is
linear in its size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

CHILD = r"""
import json, resource, statistics, sys, time
from game.sim.indicators import lcc_every
from game.sim.model import SocialCreditModel
n, steps = int(sys.argv[1]), int(sys.argv[2])
t = time.perf_counter()
m = SocialCreditModel("sesame", rng=1, overrides={"population.size": n, "network.mean_degree": 10.0})
build = time.perf_counter() - t
times, collect = [], []
dc = m.datacollector
plain_collect = dc.collect
def timed_collect(model):  # the collect inside each step, component scans included
    t = time.perf_counter(); plain_collect(model); collect.append(time.perf_counter() - t)
dc.collect = timed_collect
for _ in range(steps):
    t = time.perf_counter(); m.step(); times.append(time.perf_counter() - t)
# the component scan runs on steps divisible by `every` (every step up to 10,000 citizens):
# time one, and charge each step its share, whether or not this run reached a scan step
every = lcc_every(n)
t = time.perf_counter(); m.friends.largest_component(); scan = time.perf_counter() - t
if every == 1:
    share = sum(collect) / sum(times)
else:
    plain = [k for k in range(steps) if (k + 1) % every]
    c = statistics.fmean(collect[k] for k in plain) + scan / every
    share = c / (statistics.fmean(times[k] for k in plain) + scan / every)
collect = statistics.median(collect)
times.sort()
print(json.dumps({"n": n, "edges": m.friends.n_edges, "build": build,
                  "median": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))],
                  "collect": collect, "collect_share": share, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(n: int, steps: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(n), str(steps)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="only sizes that finish within a minute")
    p.add_argument("--steps", type=int, default=20)
    args = p.parse_args()
    sizes = [1_000, 10_000, 100_000] + ([] if args.quick else [1_000_000])
    print(f"{'citizens':>10} {'edges':>10} {'build s':>8} {'median ms':>10} {'p95 ms':>8} "
          f"{'steps/s':>8} {'collect ms':>10} {'collect %':>9} {'peak MB':>8} {'ns/(citizen+tie)':>17}")
    t0 = time.perf_counter()
    for n in sizes:
        r = measure(n, args.steps)
        print(f"{r['n']:>10,} {r['edges']:>10,} {r['build']:>8.2f} {1e3 * r['median']:>10.1f} "
              f"{1e3 * r['p95']:>8.1f} {1 / r['median']:>8.1f} {1e3 * r['collect']:>10.1f} {100 * r['collect_share']:>9.1f} {r['rss_mb']:>8.0f}"
              f" {1e9 * r['median'] / (r['n'] + r['edges']):>17.0f}", flush=True)
    print(f"total {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
