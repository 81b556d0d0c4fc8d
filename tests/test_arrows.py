"""Arrows point one way: nothing below the UI imports pygame or game.ui."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_model_side_never_imports_pygame_or_ui():
    offenders = []
    # game/ui is the front end and game/cli.py the launcher that may start it; all else is model side
    files = [p for p in GAME.rglob("*.py")
             if "ui" not in p.relative_to(GAME).parts and p.name != "cli.py"]
    assert len(files) >= 15
    for p in files:
        for name in imported_modules(p):
            if name.split(".")[0] in ("pygame", "pygame_gui") or name.startswith("game.ui"):
                offenders.append(f"{p.relative_to(GAME)} imports {name}")
    assert not offenders, offenders


def test_headless_run_loads_no_pygame():
    code = ("import sys; from game.sim.model import SocialCreditModel; from game import cli; from game.lab import export;"
            "m = SocialCreditModel('sesame', rng=0, overrides={'population.size': 200}); m.run(2);"
            "print('pygame' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
