"""Print what each shipped scenario teaches, measured against its paired control (issue #11, item 7).

    python benchmarks/lessons.py [--seeds 5] [--quick]

The figures behind tests/test_lessons.py, one table per scenario: Suining (who ends in D,
and how its refusals keep it there), the court blacklist (travel and friends lost with no
score at all; who pays their way off the list), the friends' average loan gate (who is
dropped, who is refused), the journalist (friends, loans and points lost after the listing) and bias by group (over-represented in D,
refused more, further behind than the rule says). Every run is a fixed seed: the same
command prints the same table on any machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.lab import lessons  # noqa: E402


def span(values, fmt: str = "{:.0f}") -> str:
    """``low-high (median m)`` of the values over seeds."""
    v = np.asarray(values, dtype=np.float64)
    return f"{fmt.format(v.min())}-{fmt.format(v.max())} (median {fmt.format(float(np.median(v)))})"


def suining(seeds: range) -> None:
    runs = [lessons.suining(s) for s in seeds]
    print(f"\n## Suining points (200 steps, seeds {seeds.start}-{seeds.stop - 1})\n")
    print("| measure | value over seeds |\n|---|---|")
    print(f"| licences and welfare refused, grade D / grades A-C | "
          f"{span([r['licence_refused'][-1] for r in runs], '{:.0%}')} / "
          f"{span([max(r['licence_refused'][:-1] + r['welfare_refused'][:-1]) for r in runs], '{:.0%}')} |")
    print(f"| in D at step 100, still in D at 200 | {span([r['still_d'] for r in runs], '{:.0%}')} |")
    print(f"| their fall from step 100 to 200 (points) | {span([r['fall'] for r in runs])} |")
    print(f"| the same citizens, same run where D is not refused | {span([r['fall_without_refusals'] for r in runs])} |")
    print(f"| in D at step 200 | {span([r['d_end'] for r in runs])} |")
    print(f"| in D at step 200, same run with missed bills free | {span([r['d_end_bills_free'] for r in runs])} |")
    print(f"| share in D: poorest fifth / richest fifth | {span([r['d_share_poorest'] for r in runs], '{:.0%}')} / "
          f"{span([r['d_share_richest'] for r in runs], '{:.0%}')} |")


def court(seeds: range) -> None:
    cases = (("listed", {}), ("listed, no shaming message", {"shaming": False}), ("not listed", {"listed": False}))
    print(f"\n## Court blacklist: the best-connected citizen, 20 steps from step 12 (seeds "
          f"{seeds.start}-{seeds.stop - 1})\n")
    print("| run | friends lost | fast trains refused for the listing | flights | slow trains |")
    print("|---|---|---|---|---|")
    for label, kw in cases:
        runs = [lessons.court_blacklist(s, **kw) for s in seeds]
        cells = [span([r["for_listing"][n] for r in runs], "{:.0%}") for n in lessons.TRAVEL]
        print(f"| {label} | {span([r['lost'] for r in runs], '{:.0%}')} | " + " | ".join(cells) + " |")


def court_paying(seeds: range) -> None:
    print(f"\n## Court blacklist: paying one's way off the list (100 steps, seeds {seeds.start}-{seeds.stop - 1})\n")
    print("| run | left the list by paying | their savings when they paid (median) | listed at the end "
          "(not by mistake) | of them, could pay 200 coins | their savings (median) |")
    print("|---|---|---|---|---|---|")
    for label, paying in (("as shipped (25% a week)", True), ("same run, nobody pays", False)):
        runs = [lessons.court_paying(s, paying=paying) for s in seeds]
        print(f"| {label} | {span([r['paid'] for r in runs])} | "
              f"{span([r['paid_savings'] for r in runs]) if paying else '-'} | {span([r['listed'] for r in runs])} | "
              f"{span([r['listed_can_pay'] for r in runs], '{:.0%}')} | {span([r['listed_savings'] for r in runs])} |")


def friends_gate(seeds: range) -> None:
    runs = [lessons.friends_gate(s) for s in seeds]
    print(f"\n## Friends' average loan gate (200 steps, seeds {seeds.start}-{seeds.stop - 1})\n")
    print("| run | friendships cut to pass the gate | friends of the lowest-scored quarter | of the rest "
          "| loans refused by tier (A, B, C, D; mean) |")
    print("|---|---|---|---|---|")
    for key, label in (("gate", "gate at 760"), ("none", "same run, no gate")):
        refused = np.mean([r[key]["loan_refused"] for r in runs], axis=0)
        print(f"| {label} | {span([r[key]['gate_drops'] for r in runs])} | "
              f"{span([r[key]['low_friends'] for r in runs], '{:.1f}')} | "
              f"{span([r[key]['other_friends'] for r in runs], '{:.1f}')} | "
              + ", ".join(f"{x:.0%}" for x in refused) + " |")


def journalist(seeds: range) -> None:
    print(f"\n## The journalist: Liu applies for a loan every step, 30 steps (seeds {seeds.start}-{seeds.stop - 1})\n")
    print("| run | friends lost | loans refused | score fall (points) |\n|---|---|---|---|")
    for label, listed in (("listed (as shipped)", True), ("not listed", False)):
        runs = [lessons.journalist(s, listed=listed) for s in seeds]
        print(f"| {label} | {span([r['lost'] for r in runs], '{:.0%}')} | "
              f"{span([r['loans_refused'] for r in runs], '{:.0%}')} | {span([r['fall'] for r in runs])} |")


def bias(seeds: range) -> None:
    print(f"\n## Bias by group: 40 points taken from District 1 (200 steps, seeds {seeds.start}-{seeds.stop - 1})\n")
    print("| friends' weight | District 1 in tier D, bias / none | refused, bias / none | others in D, bias / none "
          "| gap grown by (points; the rule says 40) |")
    print("|---|---|---|---|---|")
    for weight in (None, 0.0):
        runs = [lessons.bias(s, connections_weight=weight) for s in seeds]
        grown = [r["bias"]["gap"] - r["fair"]["gap"] for r in runs]

        def pair(key: str) -> str:
            return f"{span([r['bias'][key] for r in runs], '{:.0%}')} / {span([r['fair'][key] for r in runs], '{:.0%}')}"

        print(f"| {'as shipped (0.5)' if weight is None else weight} | {pair('d_share')} | {pair('refused')} | "
              f"{pair('d_share_others')} | {span(grown)} |")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--quick", action="store_true", help="3 seeds")
    args = p.parse_args()
    seeds = range(3 if args.quick else args.seeds)
    start = time.perf_counter()
    suining(seeds)
    court(seeds)
    court_paying(seeds)
    friends_gate(seeds)
    journalist(range(max(len(seeds), 8)))
    bias(seeds)
    print(f"\n({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
