"""Player-facing text comes from the catalog; a key the code uses must exist there."""

from __future__ import annotations

import re
from pathlib import Path

from game.rules.access import REASONS
from game.rules.scoring import FACTORS
from game.ui.text import catalog

UI = Path(__file__).resolve().parent.parent / "game" / "ui"
LITERAL = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_]+)["']""")


def test_every_literal_key_in_the_ui_exists_in_english():
    used = {k for p in UI.glob("*.py") for k in LITERAL.findall(p.read_text(encoding="utf-8"))}
    assert len(used) > 30
    missing = sorted(used - set(catalog("en")))
    assert not missing, missing


def test_keys_built_from_names_exist():
    en = catalog("en")
    for name in FACTORS:
        assert f"factors.{name}" in en
    for reason in REASONS[1:]:
        assert f"reasons.{reason}" in en
    for key in ("play", "step", "speed", "restart_same", "restart_new", "scenarios", "rules", "help",
                "fullscreen", "screenshot"):
        assert f"ui.{key}" in en
