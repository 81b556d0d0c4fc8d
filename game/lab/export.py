"""Run outputs: ``series.csv``, ``events.jsonl`` and ``summary.json`` (all written atomically)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np

from game.records.files import atomic_write
from game.sim import indicators, metrics, network_metrics


def series_rows(model) -> tuple[list[str], list[list]]:
    """The DataCollector's model series as a header and rows (row i = after step i)."""
    data = model.datacollector.model_vars
    names = indicators.names(model.config)
    rows = [[i] + [_plain(data[name][i]) for name in names] for i in range(len(data[names[0]]))]
    return ["step"] + names, rows


def _plain(x):
    """numpy scalars to plain Python numbers (JSON- and CSV-ready)."""
    if isinstance(x, (float, np.floating)):
        return float(x)
    return int(x) if isinstance(x, (bool, np.bool_, np.integer)) else x


def _fmt(x):
    return f"{x:.6g}" if isinstance(x, float) else x


def series_csv(model) -> str:
    header, rows = series_rows(model)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows([_fmt(x) for x in row] for row in rows)
    return buf.getvalue()


def events_jsonl(model) -> str:
    return "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in model.events.records())


def summary(model, source: str) -> dict:
    """Final metrics, cascades, access and mobility, plus the state digest."""
    sc = model.config
    header, rows = series_rows(model)
    final = dict(zip(header, rows[-1]))
    ev = model.events.of_kind("unfriended")
    roots, sizes, depths = network_metrics.cascade_stats(ev["root"], ev["a"], ev["b"], ev["depth"])
    top = np.argsort(-sizes, kind="stable")[:5]
    n_tiers = len(sc.tiers)
    mob = metrics.mobility_matrix(model.tier_start, model.tier, n_tiers)
    before = metrics.tier_shares(model.tier_start, n_tiers)
    totals = model.access_totals
    return {
        "scenario": source,
        "title": sc.meta.title,
        "seed": model.seed_value,
        "steps": int(model.steps),
        "population": model.n,
        "final": final,
        "cascades": {"count": int(sizes.size), "largest": int(sizes.max(initial=0)),
                     "mean_size": float(sizes.mean()) if sizes.size else 0.0,
                     "max_depth": int(depths.max(initial=0)),
                     "definitions": {"size": "distinct citizens who lost a tie in the cascade",
                                     "depth": "deepest ring reached: friendships between the citizen whose "
                                              "listing started it and the outer end of an unfriending"},
                     "top": [{"root_event": int(roots[i]), "size": int(sizes[i]), "depth": int(depths[i]),
                              "unfriendings": int((ev["root"] == roots[i]).sum())} for i in top]},
        "tiers": [t.name for t in sc.tiers],
        "mobility_matrix": np.round(mob, 4).tolist(),
        "mobility_diagonal": metrics.mobility_diagonal(mob, before),
        "denial_rate_by_tier": np.round(metrics.denial_rate(totals.attempts.sum(0), totals.denials.sum(0)), 4).tolist(),
        "denial_rate_by_group": np.round(metrics.denial_rate(totals.group_attempts, totals.group_denials), 4).tolist(),
        "denial_rate_by_service": {s.name: float(np.round(metrics.overall_denial_rate(totals.attempts[i], totals.denials[i]), 4))
                                   for i, s in enumerate(sc.services)},
        "events_dropped": model.events.dropped,
        "digest": model.digest(),
    }


def write_run(model, out: str | Path, source: str) -> dict:
    """Write the three run files into ``out``; returns the summary."""
    out = Path(out)
    atomic_write(out / "series.csv", series_csv(model))
    atomic_write(out / "events.jsonl", events_jsonl(model))
    summ = summary(model, source)
    atomic_write(out / "summary.json", json.dumps(summ, indent=2) + "\n")
    return summ
