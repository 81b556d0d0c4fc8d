"""The export of a class session, for the teacher: files a spreadsheet and ``sesame replay`` read.

- ``choices.csv``: one row per seat per round: who, whether a person held the citizen
  that round, the choices (pay, speak, applied, appealed, dropped, asked) and the outcomes
  (score before and after, tier, listed, paid, spoke, friends, who dropped them, new
  friends, refusals, grants);
- ``class.csv``: one row per round, students against bots (dropped a friend, spoke up,
  paid, refused, listed, mean score);
- ``record.json``: the replay record (``sesame replay record.json`` re-runs the class bit
  for bit: every choice is a command in it);
- ``debrief.txt``: the class debrief and the run's, in English and Chinese;
- ``series.csv``, ``events.jsonl``, ``summary.json``: as ``sesame run`` writes them.

Names are students' own; the files stay on the teacher's machine.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from game.classroom import views
from game.lab import export
from game.records.files import atomic_write
from game.records.replay import record_of
from game.text import t_in

FILES = ("choices.csv", "class.csv", "record.json", "debrief.txt", "series.csv", "events.jsonl", "summary.json")
CHOICE_COLUMNS = ("round", "step", "seat", "name", "citizen", "held", "online", "pay", "speak", "applied",
                  "appealed", "dropped", "asked", "accepted", "score_before", "score", "tier", "listed", "paid",
                  "spoke", "friends", "dropped_by", "new_friends", "refused", "granted")
SIDES = ("n", "dropped", "voices", "spoke", "paid", "refused", "listed", "score_before", "score")


def _cell(value) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if value is None:
        return ""
    text = str(value)
    # a cell starting with = + - @ is a formula to a spreadsheet: names are students' own text
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def choices_csv(room) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CHOICE_COLUMNS)
    rows = sorted(((r["round"], s.number, s, r) for s in room.seats for r in s.rows), key=lambda x: x[:2])
    for _, _, seat, r in rows:
        full = {**r, "seat": seat.number + 1, "name": seat.name, "citizen": seat.citizen}
        w.writerow([_cell(full.get(c)) for c in CHOICE_COLUMNS])
    return buf.getvalue()


def class_csv(room) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["round", "step"] + [f"{side}_{k}" for side in ("students", "bots") for k in SIDES])
    for r in room.rounds:
        w.writerow([r["round"], r["step"]] + [r[side].get(k, "") for side in ("humans", "bots") for k in SIDES])
    return buf.getvalue()


def debrief_text(room) -> str:
    out = []
    for lang in ("en", "zh"):
        d = views.debrief(room, lang)
        out += [f"# {t_in(lang, 'classroom.debrief_class')}", *d["class"], "",
                f"# {t_in(lang, 'classroom.debrief_run')}", *d["run"], ""]
    return "\n".join(out)


def files(room) -> dict[str, bytes]:
    """Every export file's bytes, made from the session as it is now."""
    m = room.model
    out = {"choices.csv": choices_csv(room), "class.csv": class_csv(room),
           "record.json": json.dumps(record_of(m), indent=1) + "\n", "debrief.txt": debrief_text(room),
           "series.csv": export.series_csv(m), "events.jsonl": export.events_jsonl(m),
           "summary.json": json.dumps(export.summary(m, room.source), indent=2) + "\n"}
    return {k: v.encode("utf-8") for k, v in out.items()}


def write(room, folder: str | Path) -> Path:
    """Write the export into ``folder/export`` (atomically, file by file); returns that folder."""
    out = Path(folder) / "export"
    for name, data in files(room).items():
        atomic_write(out / name, data)
    return out
