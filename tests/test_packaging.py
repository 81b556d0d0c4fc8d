"""The game as a user installs it: a built wheel carries the scenarios, fonts, icons, theme
and text catalogs inside the package and finds them from any folder; ``sesame --version``
and ``python -m game`` work; files the window writes go to per-user folders.

``.ci/run`` goes further: it installs the wheel and the sdist into fresh venvs and runs
``sesame run/validate/play/report`` from an empty folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import game
from game import resources, userdirs

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (path,) = out.glob("open_sesame-*.whl")
    return path


def test_the_wheel_carries_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("assets", "scenarios"):
        for src in (ROOT / folder).rglob("*"):
            if src.is_file() and src.suffix != ".py" and "__pycache__" not in src.parts:
                assert f"game/_data/{src.relative_to(ROOT).as_posix()}" in names, src
    assert "game/_data/assets/make_icons.py" not in names  # a tool, not data
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert any(n.endswith("licenses/assets/fonts/OFL.txt") for n in names)


def test_an_installed_wheel_finds_its_data_from_an_empty_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    "--target", str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    empty = tmp_path / "empty"
    empty.mkdir()
    code = ("import game.resources as r, game.scenario as s, game.text as t; "
            "print(r.data_dir('assets')); print(len(s.shipped())); print(t.languages()); "
            "print(s.load('suining').meta.title)")
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], cwd=empty, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assets, count, langs, title = out.stdout.splitlines()
    assert Path(assets) == target / "game" / "_data" / "assets"
    assert int(count) == len(list((ROOT / "scenarios").glob("*.toml")))
    assert "'zh'" in langs and title


def test_a_source_checkout_uses_the_top_level_folders():
    assert resources.data_dir("scenarios") == ROOT / "scenarios"
    with pytest.raises(ValueError, match="unknown data folder"):
        resources.data_dir("../etc")


def test_version_and_python_m_game(tmp_path):
    for argv in (["-m", "game", "--version"], ["-m", "game.cli", "--version"]):
        out = subprocess.run([sys.executable, *argv], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and out.stdout.strip() == f"sesame {game.__version__}"


def test_an_unknown_scenario_name_lists_the_shipped_ones(tmp_path, capsys):
    from game.cli import main

    assert main(["run", "sesmae", "--steps", "1", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "sesmae: no such file, and no shipped scenario of that name" in err
    assert "sesame" in err and "suining" in err and "Traceback" not in err


def test_user_folders_follow_the_platform_and_the_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for var in ("SESAME_DATA", "SESAME_LOGS", "SESAME_EXPORTS", "XDG_DOCUMENTS_DIR", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(var, raising=False)
    if sys.platform.startswith("linux"):
        assert userdirs.data_dir() == tmp_path / "data" / "open-sesame"
        assert userdirs.log_dir().is_relative_to(tmp_path / "state" / "open-sesame")
        assert userdirs.exports_dir() == tmp_path / "Documents" / "Open Sesame"
    assert userdirs.shown(tmp_path / "Documents" / "x.png") == os.path.join("~", "Documents", "x.png")
    monkeypatch.setenv("SESAME_EXPORTS", str(tmp_path / "mine"))
    assert userdirs.exports_dir() == tmp_path / "mine"
