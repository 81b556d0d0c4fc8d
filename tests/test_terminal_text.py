"""Terminal escapes are neutralised in every line the command line prints: a stranger's
title (were it ever to get past validation), a file named by a stranger, the text of an
error. Nothing printed by ``run``, ``report``, ``share``, ``import``, ``sweep``,
``validate`` or ``replay`` can clear the screen, retitle the terminal, ring the bell,
move the cursor or reorder a line."""

from __future__ import annotations

import dataclasses
import json

import pytest

from game import cli
from game.cli import main
from game.scenario.library import load
from game.scenario.share import encode
from game.scenario.spec import with_overrides
from game.scenario.tomlfile import dumps

# what must never reach a terminal raw: ESC (CSI, OSC), BEL, backspace, CR, C1 CSI, direction overrides
DANGEROUS = ("\x1b", "\x07", "\x08", "\r", "\x9b", "\u202e", "\u2066", "\x00")
EVIL = "\x1b[2J\x1b[H\x1b]0;owned\x07\x08\r\x9b31m\u202eevil\u2066"


def tiny(size: int = 120):
    return with_overrides(load("sesame"), {"population.size": size})


def clean(text: str) -> bool:
    return not any(c in text for c in DANGEROUS)


def assert_clean(capsys) -> str:
    got = capsys.readouterr()
    assert clean(got.out), repr(got.out[:300])
    assert clean(got.err), repr(got.err[:300])
    return got.out + got.err


@pytest.fixture
def evil_file(tmp_path):
    """A valid scenario in a file whose *name* holds terminal escapes (Linux allows it)."""
    folder = tmp_path / f"class{EVIL}"
    folder.mkdir()
    path = folder / f"student{EVIL}.toml"
    path.write_text(dumps(tiny()), encoding="utf-8")
    return path


def test_a_file_named_with_escapes_prints_defused_in_every_command(evil_file, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / f"out{EVIL}"
    assert main(["run", str(evil_file), "--steps", "2", "--out", str(out / "run")]) == 0
    assert "\\x1b[2J" in assert_clean(capsys)  # shown, as an escape: the user sees what is there
    assert main(["report", str(evil_file), "--steps", "2", "--out", str(out / "report")]) == 0
    assert_clean(capsys)
    assert main(["share", str(evil_file), "--qr", str(out / f"qr{EVIL}.png")]) == 0
    code = capsys.readouterr().out.strip().splitlines()[0]
    assert code.startswith("OS1-")
    assert main(["import", code, "--out", str(out / f"back{EVIL}.toml")]) == 0
    assert_clean(capsys)
    assert main(["import", code, "--out", str(out / f"back{EVIL}.toml")]) == 1  # exists: refused, defused
    assert "already exists" in assert_clean(capsys)
    assert main(["validate", str(evil_file)]) == 0
    assert_clean(capsys)
    assert main(["sweep", str(evil_file), "--steps", "2", "--seeds", "1", "--processes", "1",
                 "--set", "scoring.connections_weight=0,1", "--out", str(out / "sweep")]) == 0
    assert_clean(capsys)
    # the default output names made from such a file are plain
    assert main(["run", str(evil_file), "--steps", "1"]) == 0
    assert_clean(capsys)
    made = [p.name for p in (tmp_path / "out").iterdir()]
    assert made and all(clean(name) and len(name) <= 64 for name in made), made


def test_errors_naming_a_strangers_file_or_text_are_defused(tmp_path, capsys):
    bad = tmp_path / f"bad{EVIL}.toml"
    bad.write_text(dumps(tiny()).replace("[population]", f'[population]\n{json.dumps(EVIL)} = 1',
                                         1), encoding="utf-8")
    for args in (["run", str(bad)], ["validate", str(bad)], ["report", str(bad)], ["share", str(bad)],
                 ["sweep", str(bad), "--set", "scoring.connections_weight=0,1"]):
        assert main(args) == 1
        err = assert_clean(capsys)
        assert "population" in err and len(err.strip().splitlines()) >= 1
    missing = tmp_path / f"gone{EVIL}.toml"
    assert main(["run", str(missing)]) == 1
    assert_clean(capsys)
    for code in (f"OS1-{EVIL}", EVIL):
        assert main(["import", code]) == 1
        assert_clean(capsys)
    record = tmp_path / f"rec{EVIL}.json"
    record.write_text('{"format": "\x1b[2J"}', encoding="utf-8")
    assert main(["replay", str(record)]) == 1
    assert_clean(capsys)


def test_a_title_that_got_past_validation_is_still_printed_defused(tmp_path, capsys, monkeypatch):
    """The second line of defence: the printing itself (validation refuses these titles)."""
    base = tiny()
    evil = dataclasses.replace(base, meta=dataclasses.replace(base.meta, title=EVIL))
    monkeypatch.setattr(cli, "load", lambda *a, **k: evil)
    assert main(["run", "x", "--steps", "1", "--out", str(tmp_path / "r")]) == 0
    assert "owned" in assert_clean(capsys)
    assert main(["report", "x", "--steps", "1", "--out", str(tmp_path / "p")]) == 0
    assert_clean(capsys)
    assert main(["share", "x", "--qr", str(tmp_path / "q.png")]) == 0
    assert_clean(capsys)
    assert main(["validate", "x"]) == 0
    assert_clean(capsys)
    monkeypatch.setattr(cli, "decode", lambda code: evil)
    monkeypatch.chdir(tmp_path)
    assert main(["import", encode(base)]) == 0  # the file name made from the title is plain too
    assert_clean(capsys)
    made = [p.name for p in tmp_path.glob("*.toml")]
    assert len(made) == 1 and clean(made[0]) and "owned-31m-evil" in made[0], made
