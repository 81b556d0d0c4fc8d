"""Run outputs: ``series.csv``, ``events.jsonl`` and ``summary.json``, written as one unit.

A run's files belong together, so :func:`write_run` makes them appear together:

1. every file is first written to a temporary file beside its target and synced
   (:func:`game.records.files.stage`); a full disk, a file size limit ("File too large",
   with the file's name) or a crash here leaves the folder as it was;
2. under the folder's lock (:func:`game.records.files.folder_lock`: a second run into the
   same folder waits its turn, so two runs never mix their files), the old manifest is
   removed, the files are renamed into place, temporaries a killed run left behind are
   deleted, and
3. ``run.json`` is written last: the run's id, scenario, seed, steps and each file's size
   and SHA-256. A reader that wants to be sure the files are one run's calls
   :func:`read_run`, which checks them against it.

Numbers that are not finite (an overflow the model did not prevent) are written as empty
cells in the CSV and ``null`` in JSON (never ``NaN``, which is not JSON), and the summary
lists where (``non_finite``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import time
import uuid
from pathlib import Path

import numpy as np

from game.records.files import atomic_write, folder_lock, stage, stale_temporaries
from game.sim import indicators, metrics, network_metrics

RUN_FILES = ("series.csv", "events.jsonl", "summary.json")
MANIFEST = "run.json"
MANIFEST_FORMAT = "open-sesame-run"


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
    if isinstance(x, float):
        return f"{x:.6g}" if math.isfinite(x) else ""
    return x


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


def finite(value, path: str = "", where: list[str] | None = None):
    """``value`` with every NaN or infinity replaced by None (JSON's null), their paths
    appended to ``where``."""
    if isinstance(value, float) and not math.isfinite(value):
        if where is not None:
            where.append(path)
        return None
    if isinstance(value, dict):
        return {k: finite(v, f"{path}.{k}" if path else str(k), where) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v, f"{path}[{i}]", where) for i, v in enumerate(value)]
    return value


def summary_json(summ: dict) -> str:
    """The summary as strict JSON (non-finite numbers become null and are listed)."""
    where: list[str] = []
    clean = finite(summ, "", where)
    if where:
        clean["non_finite"] = where[:100]
    return json.dumps(clean, indent=2, allow_nan=False) + "\n"


def write_run(model, out: str | Path, source: str, extra: dict[str, bytes] | None = None) -> dict:
    """Write the run files (and ``extra`` ones, such as a report page) into ``out`` as one
    unit (see the module); returns the summary."""
    out = Path(out)
    summ = summary(model, source)
    files = {"series.csv": series_csv(model), "events.jsonl": events_jsonl(model),
             "summary.json": summary_json(summ), **(extra or {})}
    write_unit(out, files, {"scenario": source, "seed": model.seed_value, "steps": int(model.steps),
                            "digest": summ["digest"]})
    return summ


def write_unit(out: Path, files: dict[str, str | bytes], about: dict) -> Path:
    """Under the folder's lock: stage ``files``, put them in place, write the manifest
    last. Returns the manifest's path."""
    out = Path(out)
    raw = {name: data.encode("utf-8") if isinstance(data, str) else data for name, data in files.items()}
    staged: dict[str, str] = {}
    with folder_lock(out):
        try:
            for old in stale_temporaries(out, tuple(raw) + (MANIFEST,)):
                old.unlink(missing_ok=True)  # left by a run killed mid-write
            for name, data in raw.items():
                staged[name] = stage(out / name, data)  # a full disk stops here: nothing changed
            (out / MANIFEST).unlink(missing_ok=True)  # from here until the end, no complete run
            for name, tmp in staged.items():
                os.replace(tmp, out / name)
            staged.clear()
            manifest = {"format": MANIFEST_FORMAT, "run_id": uuid.uuid4().hex,
                        "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **finite(about),
                        "files": {name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                                  for name, data in raw.items()}}
            return atomic_write(out / MANIFEST, json.dumps(manifest, indent=2) + "\n")
        finally:
            for tmp in staged.values():
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


class IncompleteRun(ValueError):
    """A folder whose files are not one whole run (says which file and why)."""


def read_run(out: str | Path) -> dict[str, bytes]:
    """The files of the run in ``out``, checked against its manifest: each file listed is
    there with its size and SHA-256. :class:`IncompleteRun` otherwise (a run still being
    written, killed mid-write, or files from different runs)."""
    out = Path(out)
    try:
        manifest = json.loads((out / MANIFEST).read_bytes())
    except (OSError, ValueError) as exc:
        raise IncompleteRun(f"{out}: no complete run here ({MANIFEST}: {getattr(exc, 'strerror', None) or exc})") \
            from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise IncompleteRun(f"{out / MANIFEST}: not a run manifest")
    files = {}
    for name, want in manifest.get("files", {}).items():
        try:
            data = (out / name).read_bytes()
        except OSError as exc:
            raise IncompleteRun(f"{out / name}: {exc.strerror or exc} (the run is incomplete)") from None
        if len(data) != want.get("bytes") or hashlib.sha256(data).hexdigest() != want.get("sha256"):
            raise IncompleteRun(f"{out / name}: is not the file run {manifest.get('run_id')} wrote "
                                f"(another run's, or changed since)")
        files[name] = data
    return files
