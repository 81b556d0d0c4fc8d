"""The per-user folders the game writes to, wherever it was started from.

A game started from a desktop menu has no meaningful current folder, so nothing is
written there: saved scenarios and replay records go to the user's data folder, the
museum kiosk's log to the user's log folder, screenshots (F12) and exports (E) to an
"Open Sesame" folder in the user's documents. platformdirs picks the right place on
Linux (XDG), macOS and Windows. ``SESAME_DATA`` / ``SESAME_LOGS`` / ``SESAME_EXPORTS``
override each one (tests, classroom laptops with a shared drive).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from game.records.files import atomic_write, safe_child
from game.scenario.tomlfile import dumps

APP = "open-sesame"


def _env(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def data_dir() -> Path:
    """Saved scenarios (``scenarios/``), replay records (``records/``), classroom sessions."""
    return _env("SESAME_DATA") or Path(platformdirs.user_data_dir(APP, appauthor=False))


def log_dir() -> Path:
    """The kiosk's rotating crash log (Linux: ``~/.local/state/open-sesame/log``)."""
    return _env("SESAME_LOGS") or Path(platformdirs.user_log_dir(APP, appauthor=False))


def exports_dir() -> Path:
    """Screenshots and exported charts, series and debrief pages (``~/Documents/Open Sesame``)."""
    return _env("SESAME_EXPORTS") or Path(platformdirs.user_documents_dir()) / "Open Sesame"


def shown(path: Path) -> str:
    """``path`` as a person reads it: the home folder written as ``~``."""
    try:
        return str(Path("~") / Path(path).resolve().relative_to(Path.home().resolve()))
    except (ValueError, RuntimeError, OSError):
        return str(path)


def saved_scenarios() -> list[Path]:
    """The player's own scenarios ("Save as" in the share window), by name."""
    folder = data_dir() / "scenarios"
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def scenario_path(name: str) -> Path:
    """Where "Save as" puts ``<name>.toml``; a name that could leave the folder is refused
    (:class:`~game.records.files.UnsafeName`)."""
    name = name if name.endswith(".toml") else f"{name}.toml"
    return safe_child(data_dir() / "scenarios", name)


def save_scenario(scenario, name: str) -> Path:
    """Write the rules (sandbox edits included) as ``<name>.toml`` in the data folder
    (replacing a file of that name: the window asks first, see its share window)."""
    return atomic_write(scenario_path(name), dumps(scenario))
